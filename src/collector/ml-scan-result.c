/* ml-scan-result.c: one printer a scan found: where, who, which certificate, supported or not
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Declared in ml-scanner.h. Immutable: every property is set once, by the scanner.
 */

#include "config.h"

#include "ml-scanner.h"

struct _MlScanResult
{
  GObject parent_instance;

  char *address;
  guint port;
  MlIdentity *identity;
  char *cert_sha256;
  gboolean supported;
  char *reason;
  char *protocol;
};

G_DEFINE_FINAL_TYPE (MlScanResult, ml_scan_result, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ADDRESS,
  PROP_PORT,
  PROP_IDENTITY,
  PROP_CERT_SHA256,
  PROP_SUPPORTED,
  PROP_REASON,
  PROP_PROTOCOL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
ml_scan_result_finalize (GObject *object)
{
  MlScanResult *self = (MlScanResult *)object;

  g_clear_pointer (&self->address, g_free);
  g_clear_object (&self->identity);
  g_clear_pointer (&self->cert_sha256, g_free);
  g_clear_pointer (&self->reason, g_free);
  g_clear_pointer (&self->protocol, g_free);

  G_OBJECT_CLASS (ml_scan_result_parent_class)->finalize (object);
}

static void
ml_scan_result_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  MlScanResult *self = ML_SCAN_RESULT (object);

  switch (prop_id)
    {
    case PROP_ADDRESS:
      g_value_set_string (value, self->address);
      break;
    case PROP_PORT:
      g_value_set_uint (value, self->port);
      break;
    case PROP_IDENTITY:
      g_value_set_object (value, self->identity);
      break;
    case PROP_CERT_SHA256:
      g_value_set_string (value, self->cert_sha256);
      break;
    case PROP_SUPPORTED:
      g_value_set_boolean (value, self->supported);
      break;
    case PROP_REASON:
      g_value_set_string (value, self->reason);
      break;
    case PROP_PROTOCOL:
      g_value_set_string (value, self->protocol);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ml_scan_result_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  MlScanResult *self = ML_SCAN_RESULT (object);

  switch (prop_id)
    {
    case PROP_ADDRESS:
      self->address = g_value_dup_string (value);
      break;
    case PROP_PORT:
      self->port = g_value_get_uint (value);
      break;
    case PROP_IDENTITY:
      self->identity = g_value_dup_object (value);
      break;
    case PROP_CERT_SHA256:
      self->cert_sha256 = g_value_dup_string (value);
      break;
    case PROP_SUPPORTED:
      self->supported = g_value_get_boolean (value);
      break;
    case PROP_REASON:
      self->reason = g_value_dup_string (value);
      break;
    case PROP_PROTOCOL:
      self->protocol = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ml_scan_result_class_init (MlScanResultClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_EXPLICIT_NOTIFY |
                      G_PARAM_STATIC_STRINGS;

  object_class->finalize = ml_scan_result_finalize;
  object_class->get_property = ml_scan_result_get_property;
  object_class->set_property = ml_scan_result_set_property;

  properties[PROP_ADDRESS] =
    g_param_spec_string ("address", NULL, NULL, NULL, flags);
  properties[PROP_PORT] =
    g_param_spec_uint ("port", NULL, NULL, 0, 65535, 0, flags);
  properties[PROP_IDENTITY] =
    g_param_spec_object ("identity", NULL, NULL, ML_TYPE_IDENTITY, flags);
  properties[PROP_CERT_SHA256] =
    g_param_spec_string ("cert-sha256", NULL, NULL, NULL, flags);
  properties[PROP_SUPPORTED] =
    g_param_spec_boolean ("supported", NULL, NULL, FALSE, flags);
  properties[PROP_REASON] =
    g_param_spec_string ("reason", NULL, NULL, NULL, flags);
  properties[PROP_PROTOCOL] =
    g_param_spec_string ("protocol", NULL, NULL, NULL, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ml_scan_result_init (MlScanResult *self)
{
}

const char *
ml_scan_result_get_address (MlScanResult *self)
{
  g_return_val_if_fail (ML_IS_SCAN_RESULT (self), NULL);
  return self->address;
}

guint
ml_scan_result_get_port (MlScanResult *self)
{
  g_return_val_if_fail (ML_IS_SCAN_RESULT (self), 0);
  return self->port;
}

MlIdentity *
ml_scan_result_get_identity (MlScanResult *self)
{
  g_return_val_if_fail (ML_IS_SCAN_RESULT (self), NULL);
  return self->identity;
}

const char *
ml_scan_result_get_cert_sha256 (MlScanResult *self)
{
  g_return_val_if_fail (ML_IS_SCAN_RESULT (self), NULL);
  return self->cert_sha256;
}

gboolean
ml_scan_result_get_supported (MlScanResult *self)
{
  g_return_val_if_fail (ML_IS_SCAN_RESULT (self), FALSE);
  return self->supported;
}

const char *
ml_scan_result_get_reason (MlScanResult *self)
{
  g_return_val_if_fail (ML_IS_SCAN_RESULT (self), NULL);
  return self->reason;
}

const char *
ml_scan_result_get_protocol (MlScanResult *self)
{
  g_return_val_if_fail (ML_IS_SCAN_RESULT (self), NULL);
  return self->protocol;
}
