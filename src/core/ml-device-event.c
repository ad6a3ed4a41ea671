/* ml-device-event.c: one entry of a printer's event table (a change detector)
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "ml-enums.h"
#include "ml-units.h"
#include "ml-device-event.h"

struct _MlDeviceEvent
{
  GObject parent_instance;

  char *category;
  char *aging_stamp;
  char *resource_uri;
};

G_DEFINE_FINAL_TYPE (MlDeviceEvent, ml_device_event, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CATEGORY,
  PROP_AGING_STAMP,
  PROP_RESOURCE_URI,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
ml_device_event_finalize (GObject *object)
{
  MlDeviceEvent *self = (MlDeviceEvent *)object;

  g_clear_pointer (&self->category, g_free);
  g_clear_pointer (&self->aging_stamp, g_free);
  g_clear_pointer (&self->resource_uri, g_free);

  G_OBJECT_CLASS (ml_device_event_parent_class)->finalize (object);
}

static void
ml_device_event_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  MlDeviceEvent *self = ML_DEVICE_EVENT (object);

  switch (prop_id)
    {
    case PROP_CATEGORY:
      g_value_set_string (value, self->category);
      break;

    case PROP_AGING_STAMP:
      g_value_set_string (value, self->aging_stamp);
      break;

    case PROP_RESOURCE_URI:
      g_value_set_string (value, self->resource_uri);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ml_device_event_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  MlDeviceEvent *self = ML_DEVICE_EVENT (object);

  switch (prop_id)
    {
    case PROP_CATEGORY:
      ml_device_event_set_category (self, g_value_get_string (value));
      break;

    case PROP_AGING_STAMP:
      ml_device_event_set_aging_stamp (self, g_value_get_string (value));
      break;

    case PROP_RESOURCE_URI:
      ml_device_event_set_resource_uri (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ml_device_event_class_init (MlDeviceEventClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ml_device_event_finalize;
  object_class->get_property = ml_device_event_get_property;
  object_class->set_property = ml_device_event_set_property;

  properties[PROP_CATEGORY] =
    g_param_spec_string ("category", NULL, "The event category",
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_AGING_STAMP] =
    g_param_spec_string ("aging-stamp", NULL, "The aging stamp, which changes when the event fires again",
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_RESOURCE_URI] =
    g_param_spec_string ("resource-uri", NULL, "The resource the event is about",
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ml_device_event_init (MlDeviceEvent *self)
{
}

MlDeviceEvent *
ml_device_event_new (void)
{
  return g_object_new (ML_TYPE_DEVICE_EVENT, NULL);
}

const char *
ml_device_event_get_category (MlDeviceEvent *self)
{
  g_return_val_if_fail (ML_IS_DEVICE_EVENT (self), NULL);

  return self->category;
}

void
ml_device_event_set_category (MlDeviceEvent *self,
                               const char *category)
{
  g_return_if_fail (ML_IS_DEVICE_EVENT (self));

  if (g_strcmp0 (self->category, category) == 0)
    return;

  g_free (self->category);
  self->category = g_strdup (category);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CATEGORY]);
}

const char *
ml_device_event_get_aging_stamp (MlDeviceEvent *self)
{
  g_return_val_if_fail (ML_IS_DEVICE_EVENT (self), NULL);

  return self->aging_stamp;
}

void
ml_device_event_set_aging_stamp (MlDeviceEvent *self,
                                  const char *aging_stamp)
{
  g_return_if_fail (ML_IS_DEVICE_EVENT (self));

  if (g_strcmp0 (self->aging_stamp, aging_stamp) == 0)
    return;

  g_free (self->aging_stamp);
  self->aging_stamp = g_strdup (aging_stamp);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AGING_STAMP]);
}

const char *
ml_device_event_get_resource_uri (MlDeviceEvent *self)
{
  g_return_val_if_fail (ML_IS_DEVICE_EVENT (self), NULL);

  return self->resource_uri;
}

void
ml_device_event_set_resource_uri (MlDeviceEvent *self,
                                   const char *resource_uri)
{
  g_return_if_fail (ML_IS_DEVICE_EVENT (self));

  if (g_strcmp0 (self->resource_uri, resource_uri) == 0)
    return;

  g_free (self->resource_uri);
  self->resource_uri = g_strdup (resource_uri);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RESOURCE_URI]);
}
