/* ml-identity.c: who the printer is: product number and name, serial number, firmware
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "ml-enums.h"
#include "ml-units.h"
#include "ml-identity.h"

struct _MlIdentity
{
  GObject parent_instance;

  char *product_number;
  char *model_name;
  char *serial_number;
  char *firmware_version;
  char *manufacturer;
};

G_DEFINE_FINAL_TYPE (MlIdentity, ml_identity, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_PRODUCT_NUMBER,
  PROP_MODEL_NAME,
  PROP_SERIAL_NUMBER,
  PROP_FIRMWARE_VERSION,
  PROP_MANUFACTURER,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
ml_identity_finalize (GObject *object)
{
  MlIdentity *self = (MlIdentity *)object;

  g_clear_pointer (&self->product_number, g_free);
  g_clear_pointer (&self->model_name, g_free);
  g_clear_pointer (&self->serial_number, g_free);
  g_clear_pointer (&self->firmware_version, g_free);
  g_clear_pointer (&self->manufacturer, g_free);

  G_OBJECT_CLASS (ml_identity_parent_class)->finalize (object);
}

static void
ml_identity_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  MlIdentity *self = ML_IDENTITY (object);

  switch (prop_id)
    {
    case PROP_PRODUCT_NUMBER:
      g_value_set_string (value, self->product_number);
      break;

    case PROP_MODEL_NAME:
      g_value_set_string (value, self->model_name);
      break;

    case PROP_SERIAL_NUMBER:
      g_value_set_string (value, self->serial_number);
      break;

    case PROP_FIRMWARE_VERSION:
      g_value_set_string (value, self->firmware_version);
      break;

    case PROP_MANUFACTURER:
      g_value_set_string (value, self->manufacturer);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ml_identity_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  MlIdentity *self = ML_IDENTITY (object);

  switch (prop_id)
    {
    case PROP_PRODUCT_NUMBER:
      ml_identity_set_product_number (self, g_value_get_string (value));
      break;

    case PROP_MODEL_NAME:
      ml_identity_set_model_name (self, g_value_get_string (value));
      break;

    case PROP_SERIAL_NUMBER:
      ml_identity_set_serial_number (self, g_value_get_string (value));
      break;

    case PROP_FIRMWARE_VERSION:
      ml_identity_set_firmware_version (self, g_value_get_string (value));
      break;

    case PROP_MANUFACTURER:
      ml_identity_set_manufacturer (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ml_identity_class_init (MlIdentityClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ml_identity_finalize;
  object_class->get_property = ml_identity_get_property;
  object_class->set_property = ml_identity_set_property;

  properties[PROP_PRODUCT_NUMBER] =
    g_param_spec_string ("product-number", NULL, "The HP product number, for example W3Z71A",
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_MODEL_NAME] =
    g_param_spec_string ("model-name", NULL, "The product name, for example HP DesignJet Z9 24in",
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_SERIAL_NUMBER] =
    g_param_spec_string ("serial-number", NULL, "The serial number: with the product number, the printer's identity",
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_FIRMWARE_VERSION] =
    g_param_spec_string ("firmware-version", NULL, "The firmware release",
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_MANUFACTURER] =
    g_param_spec_string ("manufacturer", NULL, "The manufacturer",
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ml_identity_init (MlIdentity *self)
{
}

MlIdentity *
ml_identity_new (void)
{
  return g_object_new (ML_TYPE_IDENTITY, NULL);
}

const char *
ml_identity_get_product_number (MlIdentity *self)
{
  g_return_val_if_fail (ML_IS_IDENTITY (self), NULL);

  return self->product_number;
}

void
ml_identity_set_product_number (MlIdentity *self,
                                 const char *product_number)
{
  g_return_if_fail (ML_IS_IDENTITY (self));

  if (g_strcmp0 (self->product_number, product_number) == 0)
    return;

  g_free (self->product_number);
  self->product_number = g_strdup (product_number);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PRODUCT_NUMBER]);
}

const char *
ml_identity_get_model_name (MlIdentity *self)
{
  g_return_val_if_fail (ML_IS_IDENTITY (self), NULL);

  return self->model_name;
}

void
ml_identity_set_model_name (MlIdentity *self,
                             const char *model_name)
{
  g_return_if_fail (ML_IS_IDENTITY (self));

  if (g_strcmp0 (self->model_name, model_name) == 0)
    return;

  g_free (self->model_name);
  self->model_name = g_strdup (model_name);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODEL_NAME]);
}

const char *
ml_identity_get_serial_number (MlIdentity *self)
{
  g_return_val_if_fail (ML_IS_IDENTITY (self), NULL);

  return self->serial_number;
}

void
ml_identity_set_serial_number (MlIdentity *self,
                                const char *serial_number)
{
  g_return_if_fail (ML_IS_IDENTITY (self));

  if (g_strcmp0 (self->serial_number, serial_number) == 0)
    return;

  g_free (self->serial_number);
  self->serial_number = g_strdup (serial_number);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SERIAL_NUMBER]);
}

const char *
ml_identity_get_firmware_version (MlIdentity *self)
{
  g_return_val_if_fail (ML_IS_IDENTITY (self), NULL);

  return self->firmware_version;
}

void
ml_identity_set_firmware_version (MlIdentity *self,
                                   const char *firmware_version)
{
  g_return_if_fail (ML_IS_IDENTITY (self));

  if (g_strcmp0 (self->firmware_version, firmware_version) == 0)
    return;

  g_free (self->firmware_version);
  self->firmware_version = g_strdup (firmware_version);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FIRMWARE_VERSION]);
}

const char *
ml_identity_get_manufacturer (MlIdentity *self)
{
  g_return_val_if_fail (ML_IS_IDENTITY (self), NULL);

  return self->manufacturer;
}

void
ml_identity_set_manufacturer (MlIdentity *self,
                               const char *manufacturer)
{
  g_return_if_fail (ML_IS_IDENTITY (self));

  if (g_strcmp0 (self->manufacturer, manufacturer) == 0)
    return;

  g_free (self->manufacturer);
  self->manufacturer = g_strdup (manufacturer);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MANUFACTURER]);
}

void
ml_identity_update (MlIdentity *self,
                    const char *model_name,
                    const char *product_number,
                    const char *serial_number,
                    const char *firmware_version,
                    const char *manufacturer)
{
  g_return_if_fail (ML_IS_IDENTITY (self));

  if (model_name != NULL)
    ml_identity_set_model_name (self, model_name);
  if (product_number != NULL)
    ml_identity_set_product_number (self, product_number);
  if (serial_number != NULL)
    ml_identity_set_serial_number (self, serial_number);
  if (firmware_version != NULL)
    ml_identity_set_firmware_version (self, firmware_version);
  if (manufacturer != NULL)
    ml_identity_set_manufacturer (self, manufacturer);
}
