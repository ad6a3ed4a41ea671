/* ml-media-source.c: one media source (roll, sheet feed, tray) and what is loaded
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "ml-enums.h"
#include "ml-units.h"
#include "ml-media-source.h"

struct _MlMediaSource
{
  GObject parent_instance;

  char *id;
  MlMediaSourceKind kind;
  MlMediaState state;
  char *media_type_id;
  char *media_type_name;
  gint64 width_mm;
  gint64 length_mm;
};

G_DEFINE_FINAL_TYPE (MlMediaSource, ml_media_source, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_KIND,
  PROP_STATE,
  PROP_MEDIA_TYPE_ID,
  PROP_MEDIA_TYPE_NAME,
  PROP_WIDTH_MM,
  PROP_LENGTH_MM,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
ml_media_source_finalize (GObject *object)
{
  MlMediaSource *self = (MlMediaSource *)object;

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->media_type_id, g_free);
  g_clear_pointer (&self->media_type_name, g_free);

  G_OBJECT_CLASS (ml_media_source_parent_class)->finalize (object);
}

static void
ml_media_source_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  MlMediaSource *self = ML_MEDIA_SOURCE (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;

    case PROP_KIND:
      g_value_set_enum (value, self->kind);
      break;

    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;

    case PROP_MEDIA_TYPE_ID:
      g_value_set_string (value, self->media_type_id);
      break;

    case PROP_MEDIA_TYPE_NAME:
      g_value_set_string (value, self->media_type_name);
      break;

    case PROP_WIDTH_MM:
      g_value_set_int64 (value, self->width_mm);
      break;

    case PROP_LENGTH_MM:
      g_value_set_int64 (value, self->length_mm);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ml_media_source_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  MlMediaSource *self = ML_MEDIA_SOURCE (object);

  switch (prop_id)
    {
    case PROP_ID:
      ml_media_source_set_id (self, g_value_get_string (value));
      break;

    case PROP_KIND:
      ml_media_source_set_kind (self, g_value_get_enum (value));
      break;

    case PROP_STATE:
      ml_media_source_set_state (self, g_value_get_enum (value));
      break;

    case PROP_MEDIA_TYPE_ID:
      ml_media_source_set_media_type_id (self, g_value_get_string (value));
      break;

    case PROP_MEDIA_TYPE_NAME:
      ml_media_source_set_media_type_name (self, g_value_get_string (value));
      break;

    case PROP_WIDTH_MM:
      ml_media_source_set_width_mm (self, g_value_get_int64 (value));
      break;

    case PROP_LENGTH_MM:
      ml_media_source_set_length_mm (self, g_value_get_int64 (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ml_media_source_class_init (MlMediaSourceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ml_media_source_finalize;
  object_class->get_property = ml_media_source_get_property;
  object_class->set_property = ml_media_source_set_property;

  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, "The printer's name of the source, for example Roll1",
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_KIND] =
    g_param_spec_enum ("kind", NULL, "Roll, sheet or tray",
                       ML_TYPE_MEDIA_SOURCE_KIND, ML_MEDIA_SOURCE_KIND_UNKNOWN,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, "Whether media is loaded",
                       ML_TYPE_MEDIA_STATE, ML_MEDIA_STATE_UNKNOWN,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_MEDIA_TYPE_ID] =
    g_param_spec_string ("media-type-id", NULL, "The loaded media type",
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_MEDIA_TYPE_NAME] =
    g_param_spec_string ("media-type-name", NULL, "The loaded media type's name",
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_WIDTH_MM] =
    g_param_spec_int64 ("width-mm", NULL, "Width of the loaded media in mm, -1 if unknown",
                        -1, G_MAXINT64, ML_UNKNOWN,
                        (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_LENGTH_MM] =
    g_param_spec_int64 ("length-mm", NULL, "Remaining length in mm, -1 if unknown",
                        -1, G_MAXINT64, ML_UNKNOWN,
                        (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ml_media_source_init (MlMediaSource *self)
{
  self->width_mm = ML_UNKNOWN;
  self->length_mm = ML_UNKNOWN;
}

MlMediaSource *
ml_media_source_new (void)
{
  return g_object_new (ML_TYPE_MEDIA_SOURCE, NULL);
}

const char *
ml_media_source_get_id (MlMediaSource *self)
{
  g_return_val_if_fail (ML_IS_MEDIA_SOURCE (self), NULL);

  return self->id;
}

void
ml_media_source_set_id (MlMediaSource *self,
                         const char *id)
{
  g_return_if_fail (ML_IS_MEDIA_SOURCE (self));

  if (g_strcmp0 (self->id, id) == 0)
    return;

  g_free (self->id);
  self->id = g_strdup (id);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ID]);
}

MlMediaSourceKind
ml_media_source_get_kind (MlMediaSource *self)
{
  g_return_val_if_fail (ML_IS_MEDIA_SOURCE (self), 0);

  return self->kind;
}

void
ml_media_source_set_kind (MlMediaSource *self,
                           MlMediaSourceKind kind)
{
  g_return_if_fail (ML_IS_MEDIA_SOURCE (self));

  if (self->kind == kind)
    return;

  self->kind = kind;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_KIND]);
}

MlMediaState
ml_media_source_get_state (MlMediaSource *self)
{
  g_return_val_if_fail (ML_IS_MEDIA_SOURCE (self), 0);

  return self->state;
}

void
ml_media_source_set_state (MlMediaSource *self,
                            MlMediaState state)
{
  g_return_if_fail (ML_IS_MEDIA_SOURCE (self));

  if (self->state == state)
    return;

  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

const char *
ml_media_source_get_media_type_id (MlMediaSource *self)
{
  g_return_val_if_fail (ML_IS_MEDIA_SOURCE (self), NULL);

  return self->media_type_id;
}

void
ml_media_source_set_media_type_id (MlMediaSource *self,
                                    const char *media_type_id)
{
  g_return_if_fail (ML_IS_MEDIA_SOURCE (self));

  if (g_strcmp0 (self->media_type_id, media_type_id) == 0)
    return;

  g_free (self->media_type_id);
  self->media_type_id = g_strdup (media_type_id);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MEDIA_TYPE_ID]);
}

const char *
ml_media_source_get_media_type_name (MlMediaSource *self)
{
  g_return_val_if_fail (ML_IS_MEDIA_SOURCE (self), NULL);

  return self->media_type_name;
}

void
ml_media_source_set_media_type_name (MlMediaSource *self,
                                      const char *media_type_name)
{
  g_return_if_fail (ML_IS_MEDIA_SOURCE (self));

  if (g_strcmp0 (self->media_type_name, media_type_name) == 0)
    return;

  g_free (self->media_type_name);
  self->media_type_name = g_strdup (media_type_name);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MEDIA_TYPE_NAME]);
}

gint64
ml_media_source_get_width_mm (MlMediaSource *self)
{
  g_return_val_if_fail (ML_IS_MEDIA_SOURCE (self), 0);

  return self->width_mm;
}

void
ml_media_source_set_width_mm (MlMediaSource *self,
                               gint64 width_mm)
{
  g_return_if_fail (ML_IS_MEDIA_SOURCE (self));

  g_return_if_fail (width_mm >= -1);

  if (self->width_mm == width_mm)
    return;

  self->width_mm = width_mm;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WIDTH_MM]);
}

gint64
ml_media_source_get_length_mm (MlMediaSource *self)
{
  g_return_val_if_fail (ML_IS_MEDIA_SOURCE (self), 0);

  return self->length_mm;
}

void
ml_media_source_set_length_mm (MlMediaSource *self,
                                gint64 length_mm)
{
  g_return_if_fail (ML_IS_MEDIA_SOURCE (self));

  g_return_if_fail (length_mm >= -1);

  if (self->length_mm == length_mm)
    return;

  self->length_mm = length_mm;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LENGTH_MM]);
}
