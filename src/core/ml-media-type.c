/* ml-media-type.c: one media type the printer supports
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "ml-enums.h"
#include "ml-units.h"
#include "ml-media-type.h"

struct _MlMediaType
{
  GObject parent_instance;

  char *id;
  char *name;
  char *category;
};

G_DEFINE_FINAL_TYPE (MlMediaType, ml_media_type, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_NAME,
  PROP_CATEGORY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
ml_media_type_finalize (GObject *object)
{
  MlMediaType *self = (MlMediaType *)object;

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->category, g_free);

  G_OBJECT_CLASS (ml_media_type_parent_class)->finalize (object);
}

static void
ml_media_type_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  MlMediaType *self = ML_MEDIA_TYPE (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;

    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;

    case PROP_CATEGORY:
      g_value_set_string (value, self->category);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ml_media_type_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  MlMediaType *self = ML_MEDIA_TYPE (object);

  switch (prop_id)
    {
    case PROP_ID:
      ml_media_type_set_id (self, g_value_get_string (value));
      break;

    case PROP_NAME:
      ml_media_type_set_name (self, g_value_get_string (value));
      break;

    case PROP_CATEGORY:
      ml_media_type_set_category (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ml_media_type_class_init (MlMediaTypeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ml_media_type_finalize;
  object_class->get_property = ml_media_type_get_property;
  object_class->set_property = ml_media_type_set_property;

  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, "The printer's media type id",
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, "The English name",
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_CATEGORY] =
    g_param_spec_string ("category", NULL, "The media category",
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ml_media_type_init (MlMediaType *self)
{
}

MlMediaType *
ml_media_type_new (void)
{
  return g_object_new (ML_TYPE_MEDIA_TYPE, NULL);
}

const char *
ml_media_type_get_id (MlMediaType *self)
{
  g_return_val_if_fail (ML_IS_MEDIA_TYPE (self), NULL);

  return self->id;
}

void
ml_media_type_set_id (MlMediaType *self,
                       const char *id)
{
  g_return_if_fail (ML_IS_MEDIA_TYPE (self));

  if (g_strcmp0 (self->id, id) == 0)
    return;

  g_free (self->id);
  self->id = g_strdup (id);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ID]);
}

const char *
ml_media_type_get_name (MlMediaType *self)
{
  g_return_val_if_fail (ML_IS_MEDIA_TYPE (self), NULL);

  return self->name;
}

void
ml_media_type_set_name (MlMediaType *self,
                         const char *name)
{
  g_return_if_fail (ML_IS_MEDIA_TYPE (self));

  if (g_strcmp0 (self->name, name) == 0)
    return;

  g_free (self->name);
  self->name = g_strdup (name);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NAME]);
}

const char *
ml_media_type_get_category (MlMediaType *self)
{
  g_return_val_if_fail (ML_IS_MEDIA_TYPE (self), NULL);

  return self->category;
}

void
ml_media_type_set_category (MlMediaType *self,
                             const char *category)
{
  g_return_if_fail (ML_IS_MEDIA_TYPE (self));

  if (g_strcmp0 (self->category, category) == 0)
    return;

  g_free (self->category);
  self->category = g_strdup (category);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CATEGORY]);
}
