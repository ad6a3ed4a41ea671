/* ml-stored-printer.c: a printer as the collector store knows it
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "ml-stored-printer.h"

struct _MlStoredPrinter
{
  GObject parent_instance;

  char *serial;
  char *product_number;
  char *model;
  char *firmware;
  char *address;
  guint port;
  gboolean supported;
  char *unsupported_reason;
  char *cert_sha256;
  char *pending_cert_sha256;
  char *queue_uuid;
  gint64 queue_modification;
  gint64 first_seen;
  gint64 last_seen;
  gint64 last_success;
  char *last_error;
  gint64 last_error_at;
};

G_DEFINE_FINAL_TYPE (MlStoredPrinter, ml_stored_printer, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_SERIAL,
  PROP_PRODUCT_NUMBER,
  PROP_MODEL,
  PROP_FIRMWARE,
  PROP_ADDRESS,
  PROP_PORT,
  PROP_SUPPORTED,
  PROP_UNSUPPORTED_REASON,
  PROP_CERT_SHA256,
  PROP_PENDING_CERT_SHA256,
  PROP_QUEUE_UUID,
  PROP_QUEUE_MODIFICATION,
  PROP_FIRST_SEEN,
  PROP_LAST_SEEN,
  PROP_LAST_SUCCESS,
  PROP_LAST_ERROR,
  PROP_LAST_ERROR_AT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
ml_stored_printer_finalize (GObject *object)
{
  MlStoredPrinter *self = (MlStoredPrinter *)object;

  g_clear_pointer (&self->serial, g_free);
  g_clear_pointer (&self->product_number, g_free);
  g_clear_pointer (&self->model, g_free);
  g_clear_pointer (&self->firmware, g_free);
  g_clear_pointer (&self->address, g_free);
  g_clear_pointer (&self->unsupported_reason, g_free);
  g_clear_pointer (&self->cert_sha256, g_free);
  g_clear_pointer (&self->pending_cert_sha256, g_free);
  g_clear_pointer (&self->queue_uuid, g_free);
  g_clear_pointer (&self->last_error, g_free);

  G_OBJECT_CLASS (ml_stored_printer_parent_class)->finalize (object);
}

static void
ml_stored_printer_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  MlStoredPrinter *self = ML_STORED_PRINTER (object);

  switch (prop_id)
    {
    case PROP_SERIAL:
      g_value_set_string (value, self->serial);
      break;

    case PROP_PRODUCT_NUMBER:
      g_value_set_string (value, self->product_number);
      break;

    case PROP_MODEL:
      g_value_set_string (value, self->model);
      break;

    case PROP_FIRMWARE:
      g_value_set_string (value, self->firmware);
      break;

    case PROP_ADDRESS:
      g_value_set_string (value, self->address);
      break;

    case PROP_PORT:
      g_value_set_uint (value, self->port);
      break;

    case PROP_SUPPORTED:
      g_value_set_boolean (value, self->supported);
      break;

    case PROP_UNSUPPORTED_REASON:
      g_value_set_string (value, self->unsupported_reason);
      break;

    case PROP_CERT_SHA256:
      g_value_set_string (value, self->cert_sha256);
      break;

    case PROP_PENDING_CERT_SHA256:
      g_value_set_string (value, self->pending_cert_sha256);
      break;

    case PROP_QUEUE_UUID:
      g_value_set_string (value, self->queue_uuid);
      break;

    case PROP_QUEUE_MODIFICATION:
      g_value_set_int64 (value, self->queue_modification);
      break;

    case PROP_FIRST_SEEN:
      g_value_set_int64 (value, self->first_seen);
      break;

    case PROP_LAST_SEEN:
      g_value_set_int64 (value, self->last_seen);
      break;

    case PROP_LAST_SUCCESS:
      g_value_set_int64 (value, self->last_success);
      break;

    case PROP_LAST_ERROR:
      g_value_set_string (value, self->last_error);
      break;

    case PROP_LAST_ERROR_AT:
      g_value_set_int64 (value, self->last_error_at);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ml_stored_printer_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  MlStoredPrinter *self = ML_STORED_PRINTER (object);

  switch (prop_id)
    {
    case PROP_SERIAL:
      g_free (self->serial);
      self->serial = g_value_dup_string (value);
      break;

    case PROP_PRODUCT_NUMBER:
      g_free (self->product_number);
      self->product_number = g_value_dup_string (value);
      break;

    case PROP_MODEL:
      g_free (self->model);
      self->model = g_value_dup_string (value);
      break;

    case PROP_FIRMWARE:
      g_free (self->firmware);
      self->firmware = g_value_dup_string (value);
      break;

    case PROP_ADDRESS:
      g_free (self->address);
      self->address = g_value_dup_string (value);
      break;

    case PROP_PORT:
      self->port = g_value_get_uint (value);
      break;

    case PROP_SUPPORTED:
      self->supported = g_value_get_boolean (value);
      break;

    case PROP_UNSUPPORTED_REASON:
      g_free (self->unsupported_reason);
      self->unsupported_reason = g_value_dup_string (value);
      break;

    case PROP_CERT_SHA256:
      g_free (self->cert_sha256);
      self->cert_sha256 = g_value_dup_string (value);
      break;

    case PROP_PENDING_CERT_SHA256:
      g_free (self->pending_cert_sha256);
      self->pending_cert_sha256 = g_value_dup_string (value);
      break;

    case PROP_QUEUE_UUID:
      g_free (self->queue_uuid);
      self->queue_uuid = g_value_dup_string (value);
      break;

    case PROP_QUEUE_MODIFICATION:
      self->queue_modification = g_value_get_int64 (value);
      break;

    case PROP_FIRST_SEEN:
      self->first_seen = g_value_get_int64 (value);
      break;

    case PROP_LAST_SEEN:
      self->last_seen = g_value_get_int64 (value);
      break;

    case PROP_LAST_SUCCESS:
      self->last_success = g_value_get_int64 (value);
      break;

    case PROP_LAST_ERROR:
      g_free (self->last_error);
      self->last_error = g_value_dup_string (value);
      break;

    case PROP_LAST_ERROR_AT:
      self->last_error_at = g_value_get_int64 (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ml_stored_printer_class_init (MlStoredPrinterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ml_stored_printer_finalize;
  object_class->get_property = ml_stored_printer_get_property;
  object_class->set_property = ml_stored_printer_set_property;

  properties[PROP_SERIAL] =
    g_param_spec_string ("serial", NULL, "The serial number",
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  properties[PROP_PRODUCT_NUMBER] =
    g_param_spec_string ("product-number", NULL, "The HP product number",
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  properties[PROP_MODEL] =
    g_param_spec_string ("model", NULL, "The product name",
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  properties[PROP_FIRMWARE] =
    g_param_spec_string ("firmware", NULL, "The firmware version",
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  properties[PROP_ADDRESS] =
    g_param_spec_string ("address", NULL, "The address the printer was seen at last",
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  properties[PROP_PORT] =
    g_param_spec_uint ("port", NULL, "The HTTPS port the printer was seen at last",
                       0, G_MAXUINT, 0,
                       (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  properties[PROP_SUPPORTED] =
    g_param_spec_boolean ("supported", NULL, "Whether the model is collected",
                          FALSE,
                          (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  properties[PROP_UNSUPPORTED_REASON] =
    g_param_spec_string ("unsupported-reason", NULL, "Why the model is not collected",
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  properties[PROP_CERT_SHA256] =
    g_param_spec_string ("cert-sha256", NULL, "The pinned certificate's SHA-256, lowercase hex",
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  properties[PROP_PENDING_CERT_SHA256] =
    g_param_spec_string ("pending-cert-sha256", NULL, "A changed certificate awaiting acceptance",
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  properties[PROP_QUEUE_UUID] =
    g_param_spec_string ("queue-uuid", NULL, "The PIWS job queue the stored jobs came from",
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  properties[PROP_QUEUE_MODIFICATION] =
    g_param_spec_int64 ("queue-modification", NULL, "The queue modification number the stored jobs cover",
                        G_MININT64, G_MAXINT64, 0,
                        (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  properties[PROP_FIRST_SEEN] =
    g_param_spec_int64 ("first-seen", NULL, "When the printer was first seen",
                        G_MININT64, G_MAXINT64, 0,
                        (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  properties[PROP_LAST_SEEN] =
    g_param_spec_int64 ("last-seen", NULL, "When the printer was last seen",
                        G_MININT64, G_MAXINT64, 0,
                        (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  properties[PROP_LAST_SUCCESS] =
    g_param_spec_int64 ("last-success", NULL, "When the printer was last read completely",
                        G_MININT64, G_MAXINT64, 0,
                        (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  properties[PROP_LAST_ERROR] =
    g_param_spec_string ("last-error", NULL, "What went wrong at the last failed read, NULL after a success",
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  properties[PROP_LAST_ERROR_AT] =
    g_param_spec_int64 ("last-error-at", NULL, "When the last failed read happened",
                        G_MININT64, G_MAXINT64, 0,
                        (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ml_stored_printer_init (MlStoredPrinter *self)
{
}

const char *
ml_stored_printer_get_serial (MlStoredPrinter *self)
{
  g_return_val_if_fail (ML_IS_STORED_PRINTER (self), NULL);

  return self->serial;
}

const char *
ml_stored_printer_get_product_number (MlStoredPrinter *self)
{
  g_return_val_if_fail (ML_IS_STORED_PRINTER (self), NULL);

  return self->product_number;
}

const char *
ml_stored_printer_get_model (MlStoredPrinter *self)
{
  g_return_val_if_fail (ML_IS_STORED_PRINTER (self), NULL);

  return self->model;
}

const char *
ml_stored_printer_get_firmware (MlStoredPrinter *self)
{
  g_return_val_if_fail (ML_IS_STORED_PRINTER (self), NULL);

  return self->firmware;
}

const char *
ml_stored_printer_get_address (MlStoredPrinter *self)
{
  g_return_val_if_fail (ML_IS_STORED_PRINTER (self), NULL);

  return self->address;
}

guint
ml_stored_printer_get_port (MlStoredPrinter *self)
{
  g_return_val_if_fail (ML_IS_STORED_PRINTER (self), 0);

  return self->port;
}

gboolean
ml_stored_printer_get_supported (MlStoredPrinter *self)
{
  g_return_val_if_fail (ML_IS_STORED_PRINTER (self), FALSE);

  return self->supported;
}

const char *
ml_stored_printer_get_unsupported_reason (MlStoredPrinter *self)
{
  g_return_val_if_fail (ML_IS_STORED_PRINTER (self), NULL);

  return self->unsupported_reason;
}

const char *
ml_stored_printer_get_cert_sha256 (MlStoredPrinter *self)
{
  g_return_val_if_fail (ML_IS_STORED_PRINTER (self), NULL);

  return self->cert_sha256;
}

const char *
ml_stored_printer_get_pending_cert_sha256 (MlStoredPrinter *self)
{
  g_return_val_if_fail (ML_IS_STORED_PRINTER (self), NULL);

  return self->pending_cert_sha256;
}

const char *
ml_stored_printer_get_queue_uuid (MlStoredPrinter *self)
{
  g_return_val_if_fail (ML_IS_STORED_PRINTER (self), NULL);

  return self->queue_uuid;
}

gint64
ml_stored_printer_get_queue_modification (MlStoredPrinter *self)
{
  g_return_val_if_fail (ML_IS_STORED_PRINTER (self), 0);

  return self->queue_modification;
}

gint64
ml_stored_printer_get_first_seen (MlStoredPrinter *self)
{
  g_return_val_if_fail (ML_IS_STORED_PRINTER (self), 0);

  return self->first_seen;
}

gint64
ml_stored_printer_get_last_seen (MlStoredPrinter *self)
{
  g_return_val_if_fail (ML_IS_STORED_PRINTER (self), 0);

  return self->last_seen;
}

gint64
ml_stored_printer_get_last_success (MlStoredPrinter *self)
{
  g_return_val_if_fail (ML_IS_STORED_PRINTER (self), 0);

  return self->last_success;
}

const char *
ml_stored_printer_get_last_error (MlStoredPrinter *self)
{
  g_return_val_if_fail (ML_IS_STORED_PRINTER (self), NULL);

  return self->last_error;
}

gint64
ml_stored_printer_get_last_error_at (MlStoredPrinter *self)
{
  g_return_val_if_fail (ML_IS_STORED_PRINTER (self), 0);

  return self->last_error_at;
}
