/* ml-cartridge.c: one ink cartridge in its slot: level, capacity, ink used through the slot
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "ml-enums.h"
#include "ml-units.h"
#include "ml-cartridge.h"

struct _MlCartridge
{
  GObject parent_instance;

  int slot;
  char *color;
  MlSupplyState state;
  char *status_text;
  char *product_number;
  char *product_name;
  char *serial_number;
  char *manufacturer;
  gint64 capacity_ul;
  gint64 level_ul;
  int level_percent;
  gint64 ink_used_ul;
  gint64 non_hp_ink_used_ul;
  gint64 installed_at;
  gint64 expires_at;
};

G_DEFINE_FINAL_TYPE (MlCartridge, ml_cartridge, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_SLOT,
  PROP_COLOR,
  PROP_STATE,
  PROP_STATUS_TEXT,
  PROP_PRODUCT_NUMBER,
  PROP_PRODUCT_NAME,
  PROP_SERIAL_NUMBER,
  PROP_MANUFACTURER,
  PROP_CAPACITY_UL,
  PROP_LEVEL_UL,
  PROP_LEVEL_PERCENT,
  PROP_INK_USED_UL,
  PROP_NON_HP_INK_USED_UL,
  PROP_INSTALLED_AT,
  PROP_EXPIRES_AT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
ml_cartridge_finalize (GObject *object)
{
  MlCartridge *self = (MlCartridge *)object;

  g_clear_pointer (&self->color, g_free);
  g_clear_pointer (&self->status_text, g_free);
  g_clear_pointer (&self->product_number, g_free);
  g_clear_pointer (&self->product_name, g_free);
  g_clear_pointer (&self->serial_number, g_free);
  g_clear_pointer (&self->manufacturer, g_free);

  G_OBJECT_CLASS (ml_cartridge_parent_class)->finalize (object);
}

static void
ml_cartridge_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  MlCartridge *self = ML_CARTRIDGE (object);

  switch (prop_id)
    {
    case PROP_SLOT:
      g_value_set_int (value, self->slot);
      break;

    case PROP_COLOR:
      g_value_set_string (value, self->color);
      break;

    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;

    case PROP_STATUS_TEXT:
      g_value_set_string (value, self->status_text);
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

    case PROP_CAPACITY_UL:
      g_value_set_int64 (value, self->capacity_ul);
      break;

    case PROP_LEVEL_UL:
      g_value_set_int64 (value, self->level_ul);
      break;

    case PROP_LEVEL_PERCENT:
      g_value_set_int (value, self->level_percent);
      break;

    case PROP_INK_USED_UL:
      g_value_set_int64 (value, self->ink_used_ul);
      break;

    case PROP_NON_HP_INK_USED_UL:
      g_value_set_int64 (value, self->non_hp_ink_used_ul);
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
ml_cartridge_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  MlCartridge *self = ML_CARTRIDGE (object);

  switch (prop_id)
    {
    case PROP_SLOT:
      ml_cartridge_set_slot (self, g_value_get_int (value));
      break;

    case PROP_COLOR:
      ml_cartridge_set_color (self, g_value_get_string (value));
      break;

    case PROP_STATE:
      ml_cartridge_set_state (self, g_value_get_enum (value));
      break;

    case PROP_STATUS_TEXT:
      ml_cartridge_set_status_text (self, g_value_get_string (value));
      break;

    case PROP_PRODUCT_NUMBER:
      ml_cartridge_set_product_number (self, g_value_get_string (value));
      break;

    case PROP_PRODUCT_NAME:
      ml_cartridge_set_product_name (self, g_value_get_string (value));
      break;

    case PROP_SERIAL_NUMBER:
      ml_cartridge_set_serial_number (self, g_value_get_string (value));
      break;

    case PROP_MANUFACTURER:
      ml_cartridge_set_manufacturer (self, g_value_get_string (value));
      break;

    case PROP_CAPACITY_UL:
      ml_cartridge_set_capacity_ul (self, g_value_get_int64 (value));
      break;

    case PROP_LEVEL_UL:
      ml_cartridge_set_level_ul (self, g_value_get_int64 (value));
      break;

    case PROP_LEVEL_PERCENT:
      ml_cartridge_set_level_percent (self, g_value_get_int (value));
      break;

    case PROP_INK_USED_UL:
      ml_cartridge_set_ink_used_ul (self, g_value_get_int64 (value));
      break;

    case PROP_NON_HP_INK_USED_UL:
      ml_cartridge_set_non_hp_ink_used_ul (self, g_value_get_int64 (value));
      break;

    case PROP_INSTALLED_AT:
      ml_cartridge_set_installed_at (self, g_value_get_int64 (value));
      break;

    case PROP_EXPIRES_AT:
      ml_cartridge_set_expires_at (self, g_value_get_int64 (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ml_cartridge_class_init (MlCartridgeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ml_cartridge_finalize;
  object_class->get_property = ml_cartridge_get_property;
  object_class->set_property = ml_cartridge_set_property;

  properties[PROP_SLOT] =
    g_param_spec_int ("slot", NULL, "The ink slot",
                      0, G_MAXINT, 0,
                      (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_COLOR] =
    g_param_spec_string ("color", NULL, "The ink colour, for example matte-black",
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, "The normalised state",
                       ML_TYPE_SUPPLY_STATE, ML_SUPPLY_STATE_UNKNOWN,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_STATUS_TEXT] =
    g_param_spec_string ("status-text", NULL, "The printer's own word for the state",
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_PRODUCT_NUMBER] =
    g_param_spec_string ("product-number", NULL, "The part number, for example P2V78A",
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_PRODUCT_NAME] =
    g_param_spec_string ("product-name", NULL, "The order name, for example HP 746",
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_SERIAL_NUMBER] =
    g_param_spec_string ("serial-number", NULL, "The serial number",
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_MANUFACTURER] =
    g_param_spec_string ("manufacturer", NULL, "The manufacturer (brand)",
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_CAPACITY_UL] =
    g_param_spec_int64 ("capacity-ul", NULL, "Capacity in microlitres, -1 if unknown",
                        -1, G_MAXINT64, ML_UNKNOWN,
                        (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_LEVEL_UL] =
    g_param_spec_int64 ("level-ul", NULL, "Ink left in microlitres, -1 if unknown",
                        -1, G_MAXINT64, ML_UNKNOWN,
                        (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_LEVEL_PERCENT] =
    g_param_spec_int ("level-percent", NULL, "Ink left in percent, -1 if unknown",
                      -1, 100, ML_UNKNOWN,
                      (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_INK_USED_UL] =
    g_param_spec_int64 ("ink-used-ul", NULL, "Ink used through this slot over the printer's life, in microlitres",
                        -1, G_MAXINT64, ML_UNKNOWN,
                        (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_NON_HP_INK_USED_UL] =
    g_param_spec_int64 ("non-hp-ink-used-ul", NULL, "Non-HP ink used through this slot, in microlitres",
                        -1, G_MAXINT64, ML_UNKNOWN,
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
ml_cartridge_init (MlCartridge *self)
{
  self->capacity_ul = ML_UNKNOWN;
  self->level_ul = ML_UNKNOWN;
  self->level_percent = ML_UNKNOWN;
  self->ink_used_ul = ML_UNKNOWN;
  self->non_hp_ink_used_ul = ML_UNKNOWN;
}

MlCartridge *
ml_cartridge_new (void)
{
  return g_object_new (ML_TYPE_CARTRIDGE, NULL);
}

int
ml_cartridge_get_slot (MlCartridge *self)
{
  g_return_val_if_fail (ML_IS_CARTRIDGE (self), 0);

  return self->slot;
}

void
ml_cartridge_set_slot (MlCartridge *self,
                        int slot)
{
  g_return_if_fail (ML_IS_CARTRIDGE (self));

  g_return_if_fail (slot >= 0);

  if (self->slot == slot)
    return;

  self->slot = slot;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SLOT]);
}

const char *
ml_cartridge_get_color (MlCartridge *self)
{
  g_return_val_if_fail (ML_IS_CARTRIDGE (self), NULL);

  return self->color;
}

void
ml_cartridge_set_color (MlCartridge *self,
                         const char *color)
{
  g_return_if_fail (ML_IS_CARTRIDGE (self));

  if (g_strcmp0 (self->color, color) == 0)
    return;

  g_free (self->color);
  self->color = g_strdup (color);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COLOR]);
}

MlSupplyState
ml_cartridge_get_state (MlCartridge *self)
{
  g_return_val_if_fail (ML_IS_CARTRIDGE (self), 0);

  return self->state;
}

void
ml_cartridge_set_state (MlCartridge *self,
                         MlSupplyState state)
{
  g_return_if_fail (ML_IS_CARTRIDGE (self));

  if (self->state == state)
    return;

  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

const char *
ml_cartridge_get_status_text (MlCartridge *self)
{
  g_return_val_if_fail (ML_IS_CARTRIDGE (self), NULL);

  return self->status_text;
}

void
ml_cartridge_set_status_text (MlCartridge *self,
                               const char *status_text)
{
  g_return_if_fail (ML_IS_CARTRIDGE (self));

  if (g_strcmp0 (self->status_text, status_text) == 0)
    return;

  g_free (self->status_text);
  self->status_text = g_strdup (status_text);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS_TEXT]);
}

const char *
ml_cartridge_get_product_number (MlCartridge *self)
{
  g_return_val_if_fail (ML_IS_CARTRIDGE (self), NULL);

  return self->product_number;
}

void
ml_cartridge_set_product_number (MlCartridge *self,
                                  const char *product_number)
{
  g_return_if_fail (ML_IS_CARTRIDGE (self));

  if (g_strcmp0 (self->product_number, product_number) == 0)
    return;

  g_free (self->product_number);
  self->product_number = g_strdup (product_number);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PRODUCT_NUMBER]);
}

const char *
ml_cartridge_get_product_name (MlCartridge *self)
{
  g_return_val_if_fail (ML_IS_CARTRIDGE (self), NULL);

  return self->product_name;
}

void
ml_cartridge_set_product_name (MlCartridge *self,
                                const char *product_name)
{
  g_return_if_fail (ML_IS_CARTRIDGE (self));

  if (g_strcmp0 (self->product_name, product_name) == 0)
    return;

  g_free (self->product_name);
  self->product_name = g_strdup (product_name);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PRODUCT_NAME]);
}

const char *
ml_cartridge_get_serial_number (MlCartridge *self)
{
  g_return_val_if_fail (ML_IS_CARTRIDGE (self), NULL);

  return self->serial_number;
}

void
ml_cartridge_set_serial_number (MlCartridge *self,
                                 const char *serial_number)
{
  g_return_if_fail (ML_IS_CARTRIDGE (self));

  if (g_strcmp0 (self->serial_number, serial_number) == 0)
    return;

  g_free (self->serial_number);
  self->serial_number = g_strdup (serial_number);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SERIAL_NUMBER]);
}

const char *
ml_cartridge_get_manufacturer (MlCartridge *self)
{
  g_return_val_if_fail (ML_IS_CARTRIDGE (self), NULL);

  return self->manufacturer;
}

void
ml_cartridge_set_manufacturer (MlCartridge *self,
                                const char *manufacturer)
{
  g_return_if_fail (ML_IS_CARTRIDGE (self));

  if (g_strcmp0 (self->manufacturer, manufacturer) == 0)
    return;

  g_free (self->manufacturer);
  self->manufacturer = g_strdup (manufacturer);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MANUFACTURER]);
}

gint64
ml_cartridge_get_capacity_ul (MlCartridge *self)
{
  g_return_val_if_fail (ML_IS_CARTRIDGE (self), 0);

  return self->capacity_ul;
}

void
ml_cartridge_set_capacity_ul (MlCartridge *self,
                               gint64 capacity_ul)
{
  g_return_if_fail (ML_IS_CARTRIDGE (self));

  g_return_if_fail (capacity_ul >= -1);

  if (self->capacity_ul == capacity_ul)
    return;

  self->capacity_ul = capacity_ul;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAPACITY_UL]);
}

gint64
ml_cartridge_get_level_ul (MlCartridge *self)
{
  g_return_val_if_fail (ML_IS_CARTRIDGE (self), 0);

  return self->level_ul;
}

void
ml_cartridge_set_level_ul (MlCartridge *self,
                            gint64 level_ul)
{
  g_return_if_fail (ML_IS_CARTRIDGE (self));

  g_return_if_fail (level_ul >= -1);

  if (self->level_ul == level_ul)
    return;

  self->level_ul = level_ul;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LEVEL_UL]);
}

int
ml_cartridge_get_level_percent (MlCartridge *self)
{
  g_return_val_if_fail (ML_IS_CARTRIDGE (self), 0);

  return self->level_percent;
}

void
ml_cartridge_set_level_percent (MlCartridge *self,
                                 int level_percent)
{
  g_return_if_fail (ML_IS_CARTRIDGE (self));

  g_return_if_fail (level_percent >= -1);

  if (self->level_percent == level_percent)
    return;

  self->level_percent = level_percent;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LEVEL_PERCENT]);
}

gint64
ml_cartridge_get_ink_used_ul (MlCartridge *self)
{
  g_return_val_if_fail (ML_IS_CARTRIDGE (self), 0);

  return self->ink_used_ul;
}

void
ml_cartridge_set_ink_used_ul (MlCartridge *self,
                               gint64 ink_used_ul)
{
  g_return_if_fail (ML_IS_CARTRIDGE (self));

  g_return_if_fail (ink_used_ul >= -1);

  if (self->ink_used_ul == ink_used_ul)
    return;

  self->ink_used_ul = ink_used_ul;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INK_USED_UL]);
}

gint64
ml_cartridge_get_non_hp_ink_used_ul (MlCartridge *self)
{
  g_return_val_if_fail (ML_IS_CARTRIDGE (self), 0);

  return self->non_hp_ink_used_ul;
}

void
ml_cartridge_set_non_hp_ink_used_ul (MlCartridge *self,
                                      gint64 non_hp_ink_used_ul)
{
  g_return_if_fail (ML_IS_CARTRIDGE (self));

  g_return_if_fail (non_hp_ink_used_ul >= -1);

  if (self->non_hp_ink_used_ul == non_hp_ink_used_ul)
    return;

  self->non_hp_ink_used_ul = non_hp_ink_used_ul;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NON_HP_INK_USED_UL]);
}

gint64
ml_cartridge_get_installed_at (MlCartridge *self)
{
  g_return_val_if_fail (ML_IS_CARTRIDGE (self), 0);

  return self->installed_at;
}

void
ml_cartridge_set_installed_at (MlCartridge *self,
                                gint64 installed_at)
{
  g_return_if_fail (ML_IS_CARTRIDGE (self));

  g_return_if_fail (installed_at >= 0);

  if (self->installed_at == installed_at)
    return;

  self->installed_at = installed_at;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INSTALLED_AT]);
}

gint64
ml_cartridge_get_expires_at (MlCartridge *self)
{
  g_return_val_if_fail (ML_IS_CARTRIDGE (self), 0);

  return self->expires_at;
}

void
ml_cartridge_set_expires_at (MlCartridge *self,
                              gint64 expires_at)
{
  g_return_if_fail (ML_IS_CARTRIDGE (self));

  g_return_if_fail (expires_at >= 0);

  if (self->expires_at == expires_at)
    return;

  self->expires_at = expires_at;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EXPIRES_AT]);
}
