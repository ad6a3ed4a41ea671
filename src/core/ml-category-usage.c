/* ml-category-usage.c: media, area and ink used in one application category
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "ml-enums.h"
#include "ml-units.h"
#include "ml-category-usage.h"

struct _MlCategoryUsage
{
  GObject parent_instance;

  char *category;
  gint64 media_area_mm2;
  gint64 printed_area_mm2;
  gint64 ink_ul;
  gint64 length_mm;
};

G_DEFINE_FINAL_TYPE (MlCategoryUsage, ml_category_usage, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CATEGORY,
  PROP_MEDIA_AREA_MM2,
  PROP_PRINTED_AREA_MM2,
  PROP_INK_UL,
  PROP_LENGTH_MM,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
ml_category_usage_finalize (GObject *object)
{
  MlCategoryUsage *self = (MlCategoryUsage *)object;

  g_clear_pointer (&self->category, g_free);

  G_OBJECT_CLASS (ml_category_usage_parent_class)->finalize (object);
}

static void
ml_category_usage_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  MlCategoryUsage *self = ML_CATEGORY_USAGE (object);

  switch (prop_id)
    {
    case PROP_CATEGORY:
      g_value_set_string (value, self->category);
      break;

    case PROP_MEDIA_AREA_MM2:
      g_value_set_int64 (value, self->media_area_mm2);
      break;

    case PROP_PRINTED_AREA_MM2:
      g_value_set_int64 (value, self->printed_area_mm2);
      break;

    case PROP_INK_UL:
      g_value_set_int64 (value, self->ink_ul);
      break;

    case PROP_LENGTH_MM:
      g_value_set_int64 (value, self->length_mm);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ml_category_usage_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  MlCategoryUsage *self = ML_CATEGORY_USAGE (object);

  switch (prop_id)
    {
    case PROP_CATEGORY:
      ml_category_usage_set_category (self, g_value_get_string (value));
      break;

    case PROP_MEDIA_AREA_MM2:
      ml_category_usage_set_media_area_mm2 (self, g_value_get_int64 (value));
      break;

    case PROP_PRINTED_AREA_MM2:
      ml_category_usage_set_printed_area_mm2 (self, g_value_get_int64 (value));
      break;

    case PROP_INK_UL:
      ml_category_usage_set_ink_ul (self, g_value_get_int64 (value));
      break;

    case PROP_LENGTH_MM:
      ml_category_usage_set_length_mm (self, g_value_get_int64 (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ml_category_usage_class_init (MlCategoryUsageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ml_category_usage_finalize;
  object_class->get_property = ml_category_usage_get_property;
  object_class->set_property = ml_category_usage_set_property;

  properties[PROP_CATEGORY] =
    g_param_spec_string ("category", NULL, "The print category",
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_MEDIA_AREA_MM2] =
    g_param_spec_int64 ("media-area-mm2", NULL, "Media used in mm²",
                        -1, G_MAXINT64, ML_UNKNOWN,
                        (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_PRINTED_AREA_MM2] =
    g_param_spec_int64 ("printed-area-mm2", NULL, "Area printed in mm²",
                        -1, G_MAXINT64, ML_UNKNOWN,
                        (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_INK_UL] =
    g_param_spec_int64 ("ink-ul", NULL, "Ink used in microlitres",
                        -1, G_MAXINT64, ML_UNKNOWN,
                        (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_LENGTH_MM] =
    g_param_spec_int64 ("length-mm", NULL, "Media length used in mm",
                        -1, G_MAXINT64, ML_UNKNOWN,
                        (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ml_category_usage_init (MlCategoryUsage *self)
{
  self->media_area_mm2 = ML_UNKNOWN;
  self->printed_area_mm2 = ML_UNKNOWN;
  self->ink_ul = ML_UNKNOWN;
  self->length_mm = ML_UNKNOWN;
}

MlCategoryUsage *
ml_category_usage_new (void)
{
  return g_object_new (ML_TYPE_CATEGORY_USAGE, NULL);
}

const char *
ml_category_usage_get_category (MlCategoryUsage *self)
{
  g_return_val_if_fail (ML_IS_CATEGORY_USAGE (self), NULL);

  return self->category;
}

void
ml_category_usage_set_category (MlCategoryUsage *self,
                                 const char *category)
{
  g_return_if_fail (ML_IS_CATEGORY_USAGE (self));

  if (g_strcmp0 (self->category, category) == 0)
    return;

  g_free (self->category);
  self->category = g_strdup (category);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CATEGORY]);
}

gint64
ml_category_usage_get_media_area_mm2 (MlCategoryUsage *self)
{
  g_return_val_if_fail (ML_IS_CATEGORY_USAGE (self), 0);

  return self->media_area_mm2;
}

void
ml_category_usage_set_media_area_mm2 (MlCategoryUsage *self,
                                       gint64 media_area_mm2)
{
  g_return_if_fail (ML_IS_CATEGORY_USAGE (self));

  g_return_if_fail (media_area_mm2 >= -1);

  if (self->media_area_mm2 == media_area_mm2)
    return;

  self->media_area_mm2 = media_area_mm2;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MEDIA_AREA_MM2]);
}

gint64
ml_category_usage_get_printed_area_mm2 (MlCategoryUsage *self)
{
  g_return_val_if_fail (ML_IS_CATEGORY_USAGE (self), 0);

  return self->printed_area_mm2;
}

void
ml_category_usage_set_printed_area_mm2 (MlCategoryUsage *self,
                                         gint64 printed_area_mm2)
{
  g_return_if_fail (ML_IS_CATEGORY_USAGE (self));

  g_return_if_fail (printed_area_mm2 >= -1);

  if (self->printed_area_mm2 == printed_area_mm2)
    return;

  self->printed_area_mm2 = printed_area_mm2;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PRINTED_AREA_MM2]);
}

gint64
ml_category_usage_get_ink_ul (MlCategoryUsage *self)
{
  g_return_val_if_fail (ML_IS_CATEGORY_USAGE (self), 0);

  return self->ink_ul;
}

void
ml_category_usage_set_ink_ul (MlCategoryUsage *self,
                               gint64 ink_ul)
{
  g_return_if_fail (ML_IS_CATEGORY_USAGE (self));

  g_return_if_fail (ink_ul >= -1);

  if (self->ink_ul == ink_ul)
    return;

  self->ink_ul = ink_ul;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INK_UL]);
}

gint64
ml_category_usage_get_length_mm (MlCategoryUsage *self)
{
  g_return_val_if_fail (ML_IS_CATEGORY_USAGE (self), 0);

  return self->length_mm;
}

void
ml_category_usage_set_length_mm (MlCategoryUsage *self,
                                  gint64 length_mm)
{
  g_return_if_fail (ML_IS_CATEGORY_USAGE (self));

  g_return_if_fail (length_mm >= -1);

  if (self->length_mm == length_mm)
    return;

  self->length_mm = length_mm;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LENGTH_MM]);
}
