/* ml-media-usage.c: lifetime media used of one media type
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "ml-enums.h"
#include "ml-units.h"
#include "ml-media-usage.h"

struct _MlMediaUsage
{
  GObject parent_instance;

  char *media_type_id;
  char *media_type_name;
  gint64 area_mm2;
  gint64 length_mm;
};

G_DEFINE_FINAL_TYPE (MlMediaUsage, ml_media_usage, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_MEDIA_TYPE_ID,
  PROP_MEDIA_TYPE_NAME,
  PROP_AREA_MM2,
  PROP_LENGTH_MM,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
ml_media_usage_finalize (GObject *object)
{
  MlMediaUsage *self = (MlMediaUsage *)object;

  g_clear_pointer (&self->media_type_id, g_free);
  g_clear_pointer (&self->media_type_name, g_free);

  G_OBJECT_CLASS (ml_media_usage_parent_class)->finalize (object);
}

static void
ml_media_usage_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  MlMediaUsage *self = ML_MEDIA_USAGE (object);

  switch (prop_id)
    {
    case PROP_MEDIA_TYPE_ID:
      g_value_set_string (value, self->media_type_id);
      break;

    case PROP_MEDIA_TYPE_NAME:
      g_value_set_string (value, self->media_type_name);
      break;

    case PROP_AREA_MM2:
      g_value_set_int64 (value, self->area_mm2);
      break;

    case PROP_LENGTH_MM:
      g_value_set_int64 (value, self->length_mm);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ml_media_usage_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  MlMediaUsage *self = ML_MEDIA_USAGE (object);

  switch (prop_id)
    {
    case PROP_MEDIA_TYPE_ID:
      ml_media_usage_set_media_type_id (self, g_value_get_string (value));
      break;

    case PROP_MEDIA_TYPE_NAME:
      ml_media_usage_set_media_type_name (self, g_value_get_string (value));
      break;

    case PROP_AREA_MM2:
      ml_media_usage_set_area_mm2 (self, g_value_get_int64 (value));
      break;

    case PROP_LENGTH_MM:
      ml_media_usage_set_length_mm (self, g_value_get_int64 (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ml_media_usage_class_init (MlMediaUsageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ml_media_usage_finalize;
  object_class->get_property = ml_media_usage_get_property;
  object_class->set_property = ml_media_usage_set_property;

  properties[PROP_MEDIA_TYPE_ID] =
    g_param_spec_string ("media-type-id", NULL, "The media type id",
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_MEDIA_TYPE_NAME] =
    g_param_spec_string ("media-type-name", NULL, "The media type name",
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_AREA_MM2] =
    g_param_spec_int64 ("area-mm2", NULL, "Area used in mm²",
                        -1, G_MAXINT64, ML_UNKNOWN,
                        (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_LENGTH_MM] =
    g_param_spec_int64 ("length-mm", NULL, "Length used in mm",
                        -1, G_MAXINT64, ML_UNKNOWN,
                        (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ml_media_usage_init (MlMediaUsage *self)
{
  self->area_mm2 = ML_UNKNOWN;
  self->length_mm = ML_UNKNOWN;
}

MlMediaUsage *
ml_media_usage_new (void)
{
  return g_object_new (ML_TYPE_MEDIA_USAGE, NULL);
}

const char *
ml_media_usage_get_media_type_id (MlMediaUsage *self)
{
  g_return_val_if_fail (ML_IS_MEDIA_USAGE (self), NULL);

  return self->media_type_id;
}

void
ml_media_usage_set_media_type_id (MlMediaUsage *self,
                                   const char *media_type_id)
{
  g_return_if_fail (ML_IS_MEDIA_USAGE (self));

  if (g_strcmp0 (self->media_type_id, media_type_id) == 0)
    return;

  g_free (self->media_type_id);
  self->media_type_id = g_strdup (media_type_id);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MEDIA_TYPE_ID]);
}

const char *
ml_media_usage_get_media_type_name (MlMediaUsage *self)
{
  g_return_val_if_fail (ML_IS_MEDIA_USAGE (self), NULL);

  return self->media_type_name;
}

void
ml_media_usage_set_media_type_name (MlMediaUsage *self,
                                     const char *media_type_name)
{
  g_return_if_fail (ML_IS_MEDIA_USAGE (self));

  if (g_strcmp0 (self->media_type_name, media_type_name) == 0)
    return;

  g_free (self->media_type_name);
  self->media_type_name = g_strdup (media_type_name);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MEDIA_TYPE_NAME]);
}

gint64
ml_media_usage_get_area_mm2 (MlMediaUsage *self)
{
  g_return_val_if_fail (ML_IS_MEDIA_USAGE (self), 0);

  return self->area_mm2;
}

void
ml_media_usage_set_area_mm2 (MlMediaUsage *self,
                              gint64 area_mm2)
{
  g_return_if_fail (ML_IS_MEDIA_USAGE (self));

  g_return_if_fail (area_mm2 >= -1);

  if (self->area_mm2 == area_mm2)
    return;

  self->area_mm2 = area_mm2;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AREA_MM2]);
}

gint64
ml_media_usage_get_length_mm (MlMediaUsage *self)
{
  g_return_val_if_fail (ML_IS_MEDIA_USAGE (self), 0);

  return self->length_mm;
}

void
ml_media_usage_set_length_mm (MlMediaUsage *self,
                               gint64 length_mm)
{
  g_return_if_fail (ML_IS_MEDIA_USAGE (self));

  g_return_if_fail (length_mm >= -1);

  if (self->length_mm == length_mm)
    return;

  self->length_mm = length_mm;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LENGTH_MM]);
}
