/* ml-printhead.c: one printhead: colours, health, warranty
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "ml-enums.h"
#include "ml-units.h"
#include "ml-printhead.h"

struct _MlPrinthead
{
  GObject parent_instance;

  int slot;
  char **colors;
  MlSupplyState state;
  char *status_text;
  int health_percent;
  char *product_number;
  char *product_name;
  char *serial_number;
  char *manufacturer;
  gboolean non_hp_ink;
  gboolean in_warranty;
  gint64 warranty_end;
  gint64 installed_at;
  gint64 expires_at;
};

G_DEFINE_FINAL_TYPE (MlPrinthead, ml_printhead, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_SLOT,
  PROP_COLORS,
  PROP_STATE,
  PROP_STATUS_TEXT,
  PROP_HEALTH_PERCENT,
  PROP_PRODUCT_NUMBER,
  PROP_PRODUCT_NAME,
  PROP_SERIAL_NUMBER,
  PROP_MANUFACTURER,
  PROP_NON_HP_INK,
  PROP_IN_WARRANTY,
  PROP_WARRANTY_END,
  PROP_INSTALLED_AT,
  PROP_EXPIRES_AT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
ml_printhead_finalize (GObject *object)
{
  MlPrinthead *self = (MlPrinthead *)object;

  g_clear_pointer (&self->colors, g_strfreev);
  g_clear_pointer (&self->status_text, g_free);
  g_clear_pointer (&self->product_number, g_free);
  g_clear_pointer (&self->product_name, g_free);
  g_clear_pointer (&self->serial_number, g_free);
  g_clear_pointer (&self->manufacturer, g_free);

  G_OBJECT_CLASS (ml_printhead_parent_class)->finalize (object);
}

static void
ml_printhead_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  MlPrinthead *self = ML_PRINTHEAD (object);

  switch (prop_id)
    {
    case PROP_SLOT:
      g_value_set_int (value, self->slot);
      break;

    case PROP_COLORS:
      g_value_set_boxed (value, self->colors);
      break;

    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;

    case PROP_STATUS_TEXT:
      g_value_set_string (value, self->status_text);
      break;

    case PROP_HEALTH_PERCENT:
      g_value_set_int (value, self->health_percent);
      break;

    case PROP_PRODUCT_NUMBER:
      g_value_set_string (value, self->product_number);
      break;

    case PROP_PRODUCT_NAME:
      g_value_set_string (value, self->product_name);
      break;

    case PROP_SERIAL_NUMBER:
      g_value_set_string (value, self->serial_number);
      break;

    case PROP_MANUFACTURER:
      g_value_set_string (value, self->manufacturer);
      break;

    case PROP_NON_HP_INK:
      g_value_set_boolean (value, self->non_hp_ink);
      break;

    case PROP_IN_WARRANTY:
      g_value_set_boolean (value, self->in_warranty);
      break;

    case PROP_WARRANTY_END:
      g_value_set_int64 (value, self->warranty_end);
      break;

    case PROP_INSTALLED_AT:
      g_value_set_int64 (value, self->installed_at);
      break;

    case PROP_EXPIRES_AT:
      g_value_set_int64 (value, self->expires_at);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ml_printhead_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  MlPrinthead *self = ML_PRINTHEAD (object);

  switch (prop_id)
    {
    case PROP_SLOT:
      ml_printhead_set_slot (self, g_value_get_int (value));
      break;

    case PROP_COLORS:
      ml_printhead_set_colors (self, g_value_get_boxed (value));
      break;

    case PROP_STATE:
      ml_printhead_set_state (self, g_value_get_enum (value));
      break;

    case PROP_STATUS_TEXT:
      ml_printhead_set_status_text (self, g_value_get_string (value));
      break;

    case PROP_HEALTH_PERCENT:
      ml_printhead_set_health_percent (self, g_value_get_int (value));
      break;

    case PROP_PRODUCT_NUMBER:
      ml_printhead_set_product_number (self, g_value_get_string (value));
      break;

    case PROP_PRODUCT_NAME:
      ml_printhead_set_product_name (self, g_value_get_string (value));
      break;

    case PROP_SERIAL_NUMBER:
      ml_printhead_set_serial_number (self, g_value_get_string (value));
      break;

    case PROP_MANUFACTURER:
      ml_printhead_set_manufacturer (self, g_value_get_string (value));
      break;

    case PROP_NON_HP_INK:
      ml_printhead_set_non_hp_ink (self, g_value_get_boolean (value));
      break;

    case PROP_IN_WARRANTY:
      ml_printhead_set_in_warranty (self, g_value_get_boolean (value));
      break;

    case PROP_WARRANTY_END:
      ml_printhead_set_warranty_end (self, g_value_get_int64 (value));
      break;

    case PROP_INSTALLED_AT:
      ml_printhead_set_installed_at (self, g_value_get_int64 (value));
      break;

    case PROP_EXPIRES_AT:
      ml_printhead_set_expires_at (self, g_value_get_int64 (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ml_printhead_class_init (MlPrintheadClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ml_printhead_finalize;
  object_class->get_property = ml_printhead_get_property;
  object_class->set_property = ml_printhead_set_property;

  properties[PROP_SLOT] =
    g_param_spec_int ("slot", NULL, "The printhead slot",
                      0, G_MAXINT, 0,
                      (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_COLORS] =
    g_param_spec_boxed ("colors", NULL, "The colours the printhead prints",
                        G_TYPE_STRV,
                        (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, "The normalised state",
                       ML_TYPE_SUPPLY_STATE, ML_SUPPLY_STATE_UNKNOWN,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_STATUS_TEXT] =
    g_param_spec_string ("status-text", NULL, "The printer's own word for the state",
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_HEALTH_PERCENT] =
    g_param_spec_int ("health-percent", NULL, "Health from 0 to 100, -1 if unknown",
                      -1, 100, ML_UNKNOWN,
                      (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_PRODUCT_NUMBER] =
    g_param_spec_string ("product-number", NULL, "The part number",
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_PRODUCT_NAME] =
    g_param_spec_string ("product-name", NULL, "The order name",
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_SERIAL_NUMBER] =
    g_param_spec_string ("serial-number", NULL, "The serial number",
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_MANUFACTURER] =
    g_param_spec_string ("manufacturer", NULL, "The manufacturer",
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_NON_HP_INK] =
    g_param_spec_boolean ("non-hp-ink", NULL, "Whether the printhead was used with non-HP ink",
                          FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_IN_WARRANTY] =
    g_param_spec_boolean ("in-warranty", NULL, "Whether the printhead is in warranty",
                          FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_WARRANTY_END] =
    g_param_spec_int64 ("warranty-end", NULL, "End of warranty (Unix seconds, 0 if unknown)",
                        0, G_MAXINT64, 0,
                        (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_INSTALLED_AT] =
    g_param_spec_int64 ("installed-at", NULL, "Installation time (Unix seconds, 0 if unknown)",
                        0, G_MAXINT64, 0,
                        (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_EXPIRES_AT] =
    g_param_spec_int64 ("expires-at", NULL, "Expiry (Unix seconds, 0 if unknown)",
                        0, G_MAXINT64, 0,
                        (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ml_printhead_init (MlPrinthead *self)
{
  self->health_percent = ML_UNKNOWN;
}

MlPrinthead *
ml_printhead_new (void)
{
  return g_object_new (ML_TYPE_PRINTHEAD, NULL);
}

int
ml_printhead_get_slot (MlPrinthead *self)
{
  g_return_val_if_fail (ML_IS_PRINTHEAD (self), 0);

  return self->slot;
}

void
ml_printhead_set_slot (MlPrinthead *self,
                        int slot)
{
  g_return_if_fail (ML_IS_PRINTHEAD (self));

  g_return_if_fail (slot >= 0);

  if (self->slot == slot)
    return;

  self->slot = slot;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SLOT]);
}

const char * const *
ml_printhead_get_colors (MlPrinthead *self)
{
  g_return_val_if_fail (ML_IS_PRINTHEAD (self), NULL);

  return (const char * const *)self->colors;
}

void
ml_printhead_set_colors (MlPrinthead *self,
                          const char * const *colors)
{
  g_return_if_fail (ML_IS_PRINTHEAD (self));

  if (self->colors != NULL && colors != NULL && g_strv_equal ((const char * const *)self->colors, colors))
    return;
  if (self->colors == NULL && colors == NULL)
    return;

  g_strfreev (self->colors);
  self->colors = g_strdupv ((char **)colors);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COLORS]);
}

MlSupplyState
ml_printhead_get_state (MlPrinthead *self)
{
  g_return_val_if_fail (ML_IS_PRINTHEAD (self), 0);

  return self->state;
}

void
ml_printhead_set_state (MlPrinthead *self,
                         MlSupplyState state)
{
  g_return_if_fail (ML_IS_PRINTHEAD (self));

  if (self->state == state)
    return;

  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

const char *
ml_printhead_get_status_text (MlPrinthead *self)
{
  g_return_val_if_fail (ML_IS_PRINTHEAD (self), NULL);

  return self->status_text;
}

void
ml_printhead_set_status_text (MlPrinthead *self,
                               const char *status_text)
{
  g_return_if_fail (ML_IS_PRINTHEAD (self));

  if (g_strcmp0 (self->status_text, status_text) == 0)
    return;

  g_free (self->status_text);
  self->status_text = g_strdup (status_text);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS_TEXT]);
}

int
ml_printhead_get_health_percent (MlPrinthead *self)
{
  g_return_val_if_fail (ML_IS_PRINTHEAD (self), 0);

  return self->health_percent;
}

void
ml_printhead_set_health_percent (MlPrinthead *self,
                                  int health_percent)
{
  g_return_if_fail (ML_IS_PRINTHEAD (self));

  g_return_if_fail (health_percent >= -1);

  if (self->health_percent == health_percent)
    return;

  self->health_percent = health_percent;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HEALTH_PERCENT]);
}

const char *
ml_printhead_get_product_number (MlPrinthead *self)
{
  g_return_val_if_fail (ML_IS_PRINTHEAD (self), NULL);

  return self->product_number;
}

void
ml_printhead_set_product_number (MlPrinthead *self,
                                  const char *product_number)
{
  g_return_if_fail (ML_IS_PRINTHEAD (self));

  if (g_strcmp0 (self->product_number, product_number) == 0)
    return;

  g_free (self->product_number);
  self->product_number = g_strdup (product_number);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PRODUCT_NUMBER]);
}

const char *
ml_printhead_get_product_name (MlPrinthead *self)
{
  g_return_val_if_fail (ML_IS_PRINTHEAD (self), NULL);

  return self->product_name;
}

void
ml_printhead_set_product_name (MlPrinthead *self,
                                const char *product_name)
{
  g_return_if_fail (ML_IS_PRINTHEAD (self));

  if (g_strcmp0 (self->product_name, product_name) == 0)
    return;

  g_free (self->product_name);
  self->product_name = g_strdup (product_name);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PRODUCT_NAME]);
}

const char *
ml_printhead_get_serial_number (MlPrinthead *self)
{
  g_return_val_if_fail (ML_IS_PRINTHEAD (self), NULL);

  return self->serial_number;
}

void
ml_printhead_set_serial_number (MlPrinthead *self,
                                 const char *serial_number)
{
  g_return_if_fail (ML_IS_PRINTHEAD (self));

  if (g_strcmp0 (self->serial_number, serial_number) == 0)
    return;

  g_free (self->serial_number);
  self->serial_number = g_strdup (serial_number);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SERIAL_NUMBER]);
}

const char *
ml_printhead_get_manufacturer (MlPrinthead *self)
{
  g_return_val_if_fail (ML_IS_PRINTHEAD (self), NULL);

  return self->manufacturer;
}

void
ml_printhead_set_manufacturer (MlPrinthead *self,
                                const char *manufacturer)
{
  g_return_if_fail (ML_IS_PRINTHEAD (self));

  if (g_strcmp0 (self->manufacturer, manufacturer) == 0)
    return;

  g_free (self->manufacturer);
  self->manufacturer = g_strdup (manufacturer);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MANUFACTURER]);
}

gboolean
ml_printhead_get_non_hp_ink (MlPrinthead *self)
{
  g_return_val_if_fail (ML_IS_PRINTHEAD (self), FALSE);

  return self->non_hp_ink;
}

void
ml_printhead_set_non_hp_ink (MlPrinthead *self,
                              gboolean non_hp_ink)
{
  g_return_if_fail (ML_IS_PRINTHEAD (self));

  non_hp_ink = !!non_hp_ink;
  if (self->non_hp_ink == non_hp_ink)
    return;

  self->non_hp_ink = non_hp_ink;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NON_HP_INK]);
}

gboolean
ml_printhead_get_in_warranty (MlPrinthead *self)
{
  g_return_val_if_fail (ML_IS_PRINTHEAD (self), FALSE);

  return self->in_warranty;
}

void
ml_printhead_set_in_warranty (MlPrinthead *self,
                               gboolean in_warranty)
{
  g_return_if_fail (ML_IS_PRINTHEAD (self));

  in_warranty = !!in_warranty;
  if (self->in_warranty == in_warranty)
    return;

  self->in_warranty = in_warranty;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_IN_WARRANTY]);
}

gint64
ml_printhead_get_warranty_end (MlPrinthead *self)
{
  g_return_val_if_fail (ML_IS_PRINTHEAD (self), 0);

  return self->warranty_end;
}

void
ml_printhead_set_warranty_end (MlPrinthead *self,
                                gint64 warranty_end)
{
  g_return_if_fail (ML_IS_PRINTHEAD (self));

  g_return_if_fail (warranty_end >= 0);

  if (self->warranty_end == warranty_end)
    return;

  self->warranty_end = warranty_end;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WARRANTY_END]);
}

gint64
ml_printhead_get_installed_at (MlPrinthead *self)
{
  g_return_val_if_fail (ML_IS_PRINTHEAD (self), 0);

  return self->installed_at;
}

void
ml_printhead_set_installed_at (MlPrinthead *self,
                                gint64 installed_at)
{
  g_return_if_fail (ML_IS_PRINTHEAD (self));

  g_return_if_fail (installed_at >= 0);

  if (self->installed_at == installed_at)
    return;

  self->installed_at = installed_at;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INSTALLED_AT]);
}

gint64
ml_printhead_get_expires_at (MlPrinthead *self)
{
  g_return_val_if_fail (ML_IS_PRINTHEAD (self), 0);

  return self->expires_at;
}

void
ml_printhead_set_expires_at (MlPrinthead *self,
                              gint64 expires_at)
{
  g_return_if_fail (ML_IS_PRINTHEAD (self));

  g_return_if_fail (expires_at >= 0);

  if (self->expires_at == expires_at)
    return;

  self->expires_at = expires_at;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EXPIRES_AT]);
}
