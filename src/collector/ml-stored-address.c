/* ml-stored-address.c: one address a printer was seen at, with when
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "ml-stored-address.h"

struct _MlStoredAddress
{
  GObject parent_instance;

  char *address;
  guint port;
  gint64 first_seen;
  gint64 last_seen;
};

G_DEFINE_FINAL_TYPE (MlStoredAddress, ml_stored_address, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ADDRESS,
  PROP_PORT,
  PROP_FIRST_SEEN,
  PROP_LAST_SEEN,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
ml_stored_address_finalize (GObject *object)
{
  MlStoredAddress *self = (MlStoredAddress *)object;

  g_clear_pointer (&self->address, g_free);

  G_OBJECT_CLASS (ml_stored_address_parent_class)->finalize (object);
}

static void
ml_stored_address_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  MlStoredAddress *self = ML_STORED_ADDRESS (object);

  switch (prop_id)
    {
    case PROP_ADDRESS:
      g_value_set_string (value, self->address);
      break;

    case PROP_PORT:
      g_value_set_uint (value, self->port);
      break;

    case PROP_FIRST_SEEN:
      g_value_set_int64 (value, self->first_seen);
      break;

    case PROP_LAST_SEEN:
      g_value_set_int64 (value, self->last_seen);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ml_stored_address_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  MlStoredAddress *self = ML_STORED_ADDRESS (object);

  switch (prop_id)
    {
    case PROP_ADDRESS:
      g_free (self->address);
      self->address = g_value_dup_string (value);
      break;

    case PROP_PORT:
      self->port = g_value_get_uint (value);
      break;

    case PROP_FIRST_SEEN:
      self->first_seen = g_value_get_int64 (value);
      break;

    case PROP_LAST_SEEN:
      self->last_seen = g_value_get_int64 (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ml_stored_address_class_init (MlStoredAddressClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ml_stored_address_finalize;
  object_class->get_property = ml_stored_address_get_property;
  object_class->set_property = ml_stored_address_set_property;

  properties[PROP_ADDRESS] =
    g_param_spec_string ("address", NULL, "The IP address",
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  properties[PROP_PORT] =
    g_param_spec_uint ("port", NULL, "The HTTPS port",
                       0, G_MAXUINT, 0,
                       (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  properties[PROP_FIRST_SEEN] =
    g_param_spec_int64 ("first-seen", NULL, "When the printer was first seen at this address",
                        G_MININT64, G_MAXINT64, 0,
                        (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  properties[PROP_LAST_SEEN] =
    g_param_spec_int64 ("last-seen", NULL, "When the printer was last seen at this address",
                        G_MININT64, G_MAXINT64, 0,
                        (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ml_stored_address_init (MlStoredAddress *self)
{
}

const char *
ml_stored_address_get_address (MlStoredAddress *self)
{
  g_return_val_if_fail (ML_IS_STORED_ADDRESS (self), NULL);

  return self->address;
}

guint
ml_stored_address_get_port (MlStoredAddress *self)
{
  g_return_val_if_fail (ML_IS_STORED_ADDRESS (self), 0);

  return self->port;
}

gint64
ml_stored_address_get_first_seen (MlStoredAddress *self)
{
  g_return_val_if_fail (ML_IS_STORED_ADDRESS (self), 0);

  return self->first_seen;
}

gint64
ml_stored_address_get_last_seen (MlStoredAddress *self)
{
  g_return_val_if_fail (ML_IS_STORED_ADDRESS (self), 0);

  return self->last_seen;
}
