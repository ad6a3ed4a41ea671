/* ml-printer-row.c: one printer of the Printers page, updated in place
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The status shown is worked out here once, from the store's row and the latest
 * reading together: a printer that did not answer its last read says so, whatever
 * its last known state was.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "ml-printer-row.h"

struct _MlPrinterRow
{
  GObject parent_instance;

  char *serial;
  char *model;
  char *address;
  guint port;
  char *pin;
  gboolean supported;
  char *status_label;
  char *status_icon_name;
  int lowest_ink;
  char *lowest_ink_color;
  gint64 last_seen;
  char *last_error;
  MlPrinterReading *reading;
};

G_DEFINE_FINAL_TYPE (MlPrinterRow, ml_printer_row, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ADDRESS,
  PROP_LAST_ERROR,
  PROP_LAST_SEEN,
  PROP_LOWEST_INK,
  PROP_LOWEST_INK_COLOR,
  PROP_MODEL,
  PROP_READING,
  PROP_SERIAL,
  PROP_STATUS_ICON_NAME,
  PROP_STATUS_LABEL,
  PROP_SUPPORTED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
ml_printer_row_finalize (GObject *object)
{
  MlPrinterRow *self = ML_PRINTER_ROW (object);

  g_clear_pointer (&self->serial, g_free);
  g_clear_pointer (&self->model, g_free);
  g_clear_pointer (&self->address, g_free);
  g_clear_pointer (&self->pin, g_free);
  g_clear_pointer (&self->status_label, g_free);
  g_clear_pointer (&self->status_icon_name, g_free);
  g_clear_pointer (&self->lowest_ink_color, g_free);
  g_clear_pointer (&self->last_error, g_free);
  g_clear_object (&self->reading);

  G_OBJECT_CLASS (ml_printer_row_parent_class)->finalize (object);
}

static void
ml_printer_row_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  MlPrinterRow *self = ML_PRINTER_ROW (object);

  switch (prop_id)
    {
    case PROP_ADDRESS:
      g_value_set_string (value, self->address);
      break;

    case PROP_LAST_ERROR:
      g_value_set_string (value, self->last_error);
      break;

    case PROP_LAST_SEEN:
      g_value_set_int64 (value, self->last_seen);
      break;

    case PROP_LOWEST_INK:
      g_value_set_int (value, self->lowest_ink);
      break;

    case PROP_LOWEST_INK_COLOR:
      g_value_set_string (value, self->lowest_ink_color);
      break;

    case PROP_MODEL:
      g_value_set_string (value, self->model);
      break;

    case PROP_READING:
      g_value_set_object (value, self->reading);
      break;

    case PROP_SERIAL:
      g_value_set_string (value, self->serial);
      break;

    case PROP_STATUS_ICON_NAME:
      g_value_set_string (value, self->status_icon_name);
      break;

    case PROP_STATUS_LABEL:
      g_value_set_string (value, self->status_label);
      break;

    case PROP_SUPPORTED:
      g_value_set_boolean (value, self->supported);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ml_printer_row_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  MlPrinterRow *self = ML_PRINTER_ROW (object);

  switch (prop_id)
    {
    case PROP_SERIAL:
      self->serial = g_value_dup_string (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ml_printer_row_class_init (MlPrinterRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = ml_printer_row_finalize;
  object_class->get_property = ml_printer_row_get_property;
  object_class->set_property = ml_printer_row_set_property;

  properties[PROP_ADDRESS] =
    g_param_spec_string ("address", NULL, NULL, NULL, flags);
  properties[PROP_LAST_ERROR] =
    g_param_spec_string ("last-error", NULL, NULL, NULL, flags);
  properties[PROP_LAST_SEEN] =
    g_param_spec_int64 ("last-seen", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_LOWEST_INK] =
    g_param_spec_int ("lowest-ink", NULL, NULL, -1, 100, -1, flags);
  properties[PROP_LOWEST_INK_COLOR] =
    g_param_spec_string ("lowest-ink-color", NULL, NULL, NULL, flags);
  properties[PROP_MODEL] =
    g_param_spec_string ("model", NULL, NULL, NULL, flags);
  properties[PROP_READING] =
    g_param_spec_object ("reading", NULL, NULL, ML_TYPE_PRINTER_READING, flags);
  properties[PROP_SERIAL] =
    g_param_spec_string ("serial", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATUS_ICON_NAME] =
    g_param_spec_string ("status-icon-name", NULL, NULL, NULL, flags);
  properties[PROP_STATUS_LABEL] =
    g_param_spec_string ("status-label", NULL, NULL, NULL, flags);
  properties[PROP_SUPPORTED] =
    g_param_spec_boolean ("supported", NULL, NULL, TRUE, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void update_status (MlPrinterRow *self);

static void
ml_printer_row_init (MlPrinterRow *self)
{
  self->supported = TRUE;
  self->lowest_ink = -1;
  update_status (self);
}

MlPrinterRow *
ml_printer_row_new (const char *serial)
{
  g_return_val_if_fail (serial != NULL, NULL);

  return g_object_new (ML_TYPE_PRINTER_ROW, "serial", serial, NULL);
}

static void
set_string (MlPrinterRow  *self,
            char         **field,
            const char    *value,
            guint          prop_id)
{
  if (g_strcmp0 (*field, value) == 0)
    return;

  g_free (*field);
  *field = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

int
ml_printer_row_cartridge_level (MlCartridge *cartridge)
{
  int percent = ml_cartridge_get_level_percent (cartridge);
  gint64 level = ml_cartridge_get_level_ul (cartridge);
  gint64 capacity = ml_cartridge_get_capacity_ul (cartridge);

  if (percent >= 0)
    return MIN (percent, 100);
  if (level >= 0 && capacity > 0)
    return (int) MIN (level * 100 / capacity, 100);
  return -1;
}

static void
update_lowest_ink (MlPrinterRow *self)
{
  GListModel *cartridges = self->reading != NULL ? ml_printer_reading_get_cartridges (self->reading)
                                                 : NULL;
  const char *color = NULL;
  int lowest = -1;

  for (guint i = 0; cartridges != NULL && i < g_list_model_get_n_items (cartridges); i++)
    {
      g_autoptr(MlCartridge) cartridge = g_list_model_get_item (cartridges, i);
      int level = ml_printer_row_cartridge_level (cartridge);

      if (level >= 0 && (lowest < 0 || level < lowest))
        {
          lowest = level;
          color = ml_cartridge_get_color (cartridge);
        }
    }

  if (self->lowest_ink != lowest)
    {
      self->lowest_ink = lowest;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOWEST_INK]);
    }
  set_string (self, &self->lowest_ink_color, color, PROP_LOWEST_INK_COLOR);
}

static const char *
state_icon_name (MlEngineStatus *status)
{
  MlEngineState state = ml_engine_status_get_state (status);
  MlSeverity severity = ml_engine_status_get_severity (status);

  if (state == ML_ENGINE_STATE_ERROR || severity == ML_SEVERITY_ERROR)
    return "printer-error-symbolic";
  if (state == ML_ENGINE_STATE_WARNING || severity == ML_SEVERITY_WARNING)
    return "printer-warning-symbolic";

  switch (state)
    {
    case ML_ENGINE_STATE_PRINTING:
    case ML_ENGINE_STATE_PROCESSING:
      return "printer-printing-symbolic";
    case ML_ENGINE_STATE_SLEEPING:
      return "weather-clear-night-symbolic";
    case ML_ENGINE_STATE_IDLE:
      return "printer-symbolic";
    case ML_ENGINE_STATE_UNKNOWN:
    case ML_ENGINE_STATE_WARNING:
    case ML_ENGINE_STATE_ERROR:
    default:
      return "dialog-question-symbolic";
    }
}

static void
update_status (MlPrinterRow *self)
{
  const char *label;
  const char *icon_name;

  if (!self->supported)
    {
      label = _("Not Supported");
      icon_name = "action-unavailable-symbolic";
    }
  else if (self->last_error != NULL)
    {
      /* The state read before is history; the failure is what is true now. */
      label = _("Not Answering");
      icon_name = "network-offline-symbolic";
    }
  else if (self->reading == NULL)
    {
      label = _("Not Read Yet");
      icon_name = "content-loading-symbolic";
    }
  else
    {
      MlEngineStatus *status = ml_printer_reading_get_status (self->reading);

      label = ml_engine_state_to_label (ml_engine_status_get_state (status));
      icon_name = state_icon_name (status);
    }

  set_string (self, &self->status_label, label, PROP_STATUS_LABEL);
  set_string (self, &self->status_icon_name, icon_name, PROP_STATUS_ICON_NAME);
}

void
ml_printer_row_update_stored (MlPrinterRow    *self,
                              MlStoredPrinter *stored)
{
  const char *model;

  g_return_if_fail (ML_IS_PRINTER_ROW (self));
  g_return_if_fail (ML_IS_STORED_PRINTER (stored));
  g_return_if_fail (g_strcmp0 (ml_stored_printer_get_serial (stored), self->serial) == 0);

  g_object_freeze_notify (G_OBJECT (self));

  model = ml_stored_printer_get_model (stored);
  set_string (self, &self->model, model != NULL ? model : ml_stored_printer_get_product_number (stored),
              PROP_MODEL);
  set_string (self, &self->address, ml_stored_printer_get_address (stored), PROP_ADDRESS);
  self->port = ml_stored_printer_get_port (stored);
  g_free (self->pin);
  self->pin = g_strdup (ml_stored_printer_get_cert_sha256 (stored));
  if (self->supported != ml_stored_printer_get_supported (stored))
    {
      self->supported = ml_stored_printer_get_supported (stored);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SUPPORTED]);
    }
  ml_printer_row_set_last_seen (self, ml_stored_printer_get_last_seen (stored));

  /* The store keeps an error until the next successful read. */
  if (ml_stored_printer_get_last_error_at (stored) >= ml_stored_printer_get_last_success (stored))
    set_string (self, &self->last_error, ml_stored_printer_get_last_error (stored),
                PROP_LAST_ERROR);
  else
    set_string (self, &self->last_error, NULL, PROP_LAST_ERROR);

  update_status (self);
  g_object_thaw_notify (G_OBJECT (self));
}

void
ml_printer_row_update_reading (MlPrinterRow     *self,
                               MlPrinterReading *reading)
{
  MlIdentity *identity;

  g_return_if_fail (ML_IS_PRINTER_ROW (self));
  g_return_if_fail (reading == NULL || ML_IS_PRINTER_READING (reading));

  g_object_freeze_notify (G_OBJECT (self));

  if (g_set_object (&self->reading, reading))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_READING]);

  identity = reading != NULL ? ml_printer_reading_get_identity (reading) : NULL;
  if (self->model == NULL && identity != NULL)
    set_string (self, &self->model, ml_identity_get_model_name (identity), PROP_MODEL);

  update_lowest_ink (self);
  update_status (self);
  g_object_thaw_notify (G_OBJECT (self));
}

void
ml_printer_row_set_last_error (MlPrinterRow *self,
                               const char   *message)
{
  g_return_if_fail (ML_IS_PRINTER_ROW (self));

  g_object_freeze_notify (G_OBJECT (self));
  set_string (self, &self->last_error, message, PROP_LAST_ERROR);
  update_status (self);
  g_object_thaw_notify (G_OBJECT (self));
}

void
ml_printer_row_set_last_seen (MlPrinterRow *self,
                              gint64        last_seen)
{
  g_return_if_fail (ML_IS_PRINTER_ROW (self));

  if (self->last_seen == last_seen)
    return;

  self->last_seen = last_seen;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_SEEN]);
}

const char *
ml_printer_row_get_serial (MlPrinterRow *self)
{
  g_return_val_if_fail (ML_IS_PRINTER_ROW (self), NULL);
  return self->serial;
}

const char *
ml_printer_row_get_model (MlPrinterRow *self)
{
  g_return_val_if_fail (ML_IS_PRINTER_ROW (self), NULL);
  return self->model;
}

const char *
ml_printer_row_get_address (MlPrinterRow *self)
{
  g_return_val_if_fail (ML_IS_PRINTER_ROW (self), NULL);
  return self->address;
}

guint
ml_printer_row_get_port (MlPrinterRow *self)
{
  g_return_val_if_fail (ML_IS_PRINTER_ROW (self), 0);
  return self->port;
}

const char *
ml_printer_row_get_pin (MlPrinterRow *self)
{
  g_return_val_if_fail (ML_IS_PRINTER_ROW (self), NULL);
  return self->pin;
}

gboolean
ml_printer_row_get_supported (MlPrinterRow *self)
{
  g_return_val_if_fail (ML_IS_PRINTER_ROW (self), FALSE);
  return self->supported;
}

const char *
ml_printer_row_get_status_label (MlPrinterRow *self)
{
  g_return_val_if_fail (ML_IS_PRINTER_ROW (self), NULL);
  return self->status_label;
}

const char *
ml_printer_row_get_status_icon_name (MlPrinterRow *self)
{
  g_return_val_if_fail (ML_IS_PRINTER_ROW (self), NULL);
  return self->status_icon_name;
}

int
ml_printer_row_get_lowest_ink (MlPrinterRow *self)
{
  g_return_val_if_fail (ML_IS_PRINTER_ROW (self), -1);
  return self->lowest_ink;
}

const char *
ml_printer_row_get_lowest_ink_color (MlPrinterRow *self)
{
  g_return_val_if_fail (ML_IS_PRINTER_ROW (self), NULL);
  return self->lowest_ink_color;
}

gint64
ml_printer_row_get_last_seen (MlPrinterRow *self)
{
  g_return_val_if_fail (ML_IS_PRINTER_ROW (self), 0);
  return self->last_seen;
}

const char *
ml_printer_row_get_last_error (MlPrinterRow *self)
{
  g_return_val_if_fail (ML_IS_PRINTER_ROW (self), NULL);
  return self->last_error;
}

MlPrinterReading *
ml_printer_row_get_reading (MlPrinterRow *self)
{
  g_return_val_if_fail (ML_IS_PRINTER_ROW (self), NULL);
  return self->reading;
}
