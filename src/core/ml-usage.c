/* ml-usage.c: a printer's lifetime usage counters
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "ml-category-usage.h"
#include "ml-ink-usage.h"
#include "ml-media-usage.h"
#include "ml-units.h"
#include "ml-usage.h"

struct _MlUsage
{
  GObject parent_instance;

  gint64 job_count;
  gint64 page_count;
  gint64 total_ink_ul;
  gint64 total_media_area_mm2;
  gint64 total_media_length_mm;
  gint64 scan_area_mm2;
  gint64 scan_area_scans_mm2;
  gint64 scan_area_copies_mm2;

  GListStore *inks;
  GListStore *media;
  GListStore *categories;
};

G_DEFINE_FINAL_TYPE (MlUsage, ml_usage, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_JOB_COUNT,
  PROP_PAGE_COUNT,
  PROP_TOTAL_INK_UL,
  PROP_TOTAL_MEDIA_AREA_MM2,
  PROP_TOTAL_MEDIA_LENGTH_MM,
  PROP_SCAN_AREA_MM2,
  PROP_SCAN_AREA_SCANS_MM2,
  PROP_SCAN_AREA_COPIES_MM2,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
ml_usage_dispose (GObject *object)
{
  MlUsage *self = (MlUsage *)object;

  g_clear_object (&self->inks);
  g_clear_object (&self->media);
  g_clear_object (&self->categories);

  G_OBJECT_CLASS (ml_usage_parent_class)->dispose (object);
}

static void
ml_usage_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  MlUsage *self = ML_USAGE (object);

  switch (prop_id)
    {
    case PROP_JOB_COUNT:
      g_value_set_int64 (value, self->job_count);
      break;

    case PROP_PAGE_COUNT:
      g_value_set_int64 (value, self->page_count);
      break;

    case PROP_TOTAL_INK_UL:
      g_value_set_int64 (value, self->total_ink_ul);
      break;

    case PROP_TOTAL_MEDIA_AREA_MM2:
      g_value_set_int64 (value, self->total_media_area_mm2);
      break;

    case PROP_TOTAL_MEDIA_LENGTH_MM:
      g_value_set_int64 (value, self->total_media_length_mm);
      break;

    case PROP_SCAN_AREA_MM2:
      g_value_set_int64 (value, self->scan_area_mm2);
      break;

    case PROP_SCAN_AREA_SCANS_MM2:
      g_value_set_int64 (value, self->scan_area_scans_mm2);
      break;

    case PROP_SCAN_AREA_COPIES_MM2:
      g_value_set_int64 (value, self->scan_area_copies_mm2);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ml_usage_set_property (GObject      *object,
                       guint         prop_id,
                       const GValue *value,
                       GParamSpec   *pspec)
{
  MlUsage *self = ML_USAGE (object);

  switch (prop_id)
    {
    case PROP_JOB_COUNT:
      ml_usage_set_job_count (self, g_value_get_int64 (value));
      break;

    case PROP_PAGE_COUNT:
      ml_usage_set_page_count (self, g_value_get_int64 (value));
      break;

    case PROP_TOTAL_INK_UL:
      ml_usage_set_total_ink_ul (self, g_value_get_int64 (value));
      break;

    case PROP_TOTAL_MEDIA_AREA_MM2:
      ml_usage_set_total_media_area_mm2 (self, g_value_get_int64 (value));
      break;

    case PROP_TOTAL_MEDIA_LENGTH_MM:
      ml_usage_set_total_media_length_mm (self, g_value_get_int64 (value));
      break;

    case PROP_SCAN_AREA_MM2:
      ml_usage_set_scan_area_mm2 (self, g_value_get_int64 (value));
      break;

    case PROP_SCAN_AREA_SCANS_MM2:
      ml_usage_set_scan_area_scans_mm2 (self, g_value_get_int64 (value));
      break;

    case PROP_SCAN_AREA_COPIES_MM2:
      ml_usage_set_scan_area_copies_mm2 (self, g_value_get_int64 (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ml_usage_class_init (MlUsageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ml_usage_dispose;
  object_class->get_property = ml_usage_get_property;
  object_class->set_property = ml_usage_set_property;

  properties[PROP_JOB_COUNT] =
    g_param_spec_int64 ("job-count", NULL, "Number of jobs over the printer's life, -1 if unknown",
                        -1, G_MAXINT64, ML_UNKNOWN,
                        (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_PAGE_COUNT] =
    g_param_spec_int64 ("page-count", NULL, "Number of pages over the printer's life, -1 if unknown",
                        -1, G_MAXINT64, ML_UNKNOWN,
                        (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_TOTAL_INK_UL] =
    g_param_spec_int64 ("total-ink-ul", NULL, "Ink used over the printer's life in microlitres, -1 if unknown",
                        -1, G_MAXINT64, ML_UNKNOWN,
                        (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_TOTAL_MEDIA_AREA_MM2] =
    g_param_spec_int64 ("total-media-area-mm2", NULL, "Media area used over the printer's life in mm², -1 if unknown",
                        -1, G_MAXINT64, ML_UNKNOWN,
                        (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_TOTAL_MEDIA_LENGTH_MM] =
    g_param_spec_int64 ("total-media-length-mm", NULL, "Media length used over the printer's life in mm, -1 if unknown",
                        -1, G_MAXINT64, ML_UNKNOWN,
                        (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_SCAN_AREA_MM2] =
    g_param_spec_int64 ("scan-area-mm2", NULL, "Area scanned in mm², scans and copies together, -1 if unknown",
                        -1, G_MAXINT64, ML_UNKNOWN,
                        (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_SCAN_AREA_SCANS_MM2] =
    g_param_spec_int64 ("scan-area-scans-mm2", NULL, "Area scanned for scan jobs in mm², -1 if unknown",
                        -1, G_MAXINT64, ML_UNKNOWN,
                        (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_SCAN_AREA_COPIES_MM2] =
    g_param_spec_int64 ("scan-area-copies-mm2", NULL, "Area scanned for copy jobs in mm², -1 if unknown",
                        -1, G_MAXINT64, ML_UNKNOWN,
                        (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ml_usage_init (MlUsage *self)
{
  self->job_count = ML_UNKNOWN;
  self->page_count = ML_UNKNOWN;
  self->total_ink_ul = ML_UNKNOWN;
  self->total_media_area_mm2 = ML_UNKNOWN;
  self->total_media_length_mm = ML_UNKNOWN;
  self->scan_area_mm2 = ML_UNKNOWN;
  self->scan_area_scans_mm2 = ML_UNKNOWN;
  self->scan_area_copies_mm2 = ML_UNKNOWN;

  self->inks = g_list_store_new (ML_TYPE_INK_USAGE);
  self->media = g_list_store_new (ML_TYPE_MEDIA_USAGE);
  self->categories = g_list_store_new (ML_TYPE_CATEGORY_USAGE);
}

MlUsage *
ml_usage_new (void)
{
  return g_object_new (ML_TYPE_USAGE, NULL);
}

gint64
ml_usage_get_job_count (MlUsage *self)
{
  g_return_val_if_fail (ML_IS_USAGE (self), ML_UNKNOWN);

  return self->job_count;
}

void
ml_usage_set_job_count (MlUsage *self,
                        gint64 job_count)
{
  g_return_if_fail (ML_IS_USAGE (self));
  g_return_if_fail (job_count >= ML_UNKNOWN);

  if (self->job_count == job_count)
    return;

  self->job_count = job_count;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_JOB_COUNT]);
}

gint64
ml_usage_get_page_count (MlUsage *self)
{
  g_return_val_if_fail (ML_IS_USAGE (self), ML_UNKNOWN);

  return self->page_count;
}

void
ml_usage_set_page_count (MlUsage *self,
                         gint64 page_count)
{
  g_return_if_fail (ML_IS_USAGE (self));
  g_return_if_fail (page_count >= ML_UNKNOWN);

  if (self->page_count == page_count)
    return;

  self->page_count = page_count;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAGE_COUNT]);
}

gint64
ml_usage_get_total_ink_ul (MlUsage *self)
{
  g_return_val_if_fail (ML_IS_USAGE (self), ML_UNKNOWN);

  return self->total_ink_ul;
}

void
ml_usage_set_total_ink_ul (MlUsage *self,
                           gint64 total_ink_ul)
{
  g_return_if_fail (ML_IS_USAGE (self));
  g_return_if_fail (total_ink_ul >= ML_UNKNOWN);

  if (self->total_ink_ul == total_ink_ul)
    return;

  self->total_ink_ul = total_ink_ul;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOTAL_INK_UL]);
}

gint64
ml_usage_get_total_media_area_mm2 (MlUsage *self)
{
  g_return_val_if_fail (ML_IS_USAGE (self), ML_UNKNOWN);

  return self->total_media_area_mm2;
}

void
ml_usage_set_total_media_area_mm2 (MlUsage *self,
                                   gint64 total_media_area_mm2)
{
  g_return_if_fail (ML_IS_USAGE (self));
  g_return_if_fail (total_media_area_mm2 >= ML_UNKNOWN);

  if (self->total_media_area_mm2 == total_media_area_mm2)
    return;

  self->total_media_area_mm2 = total_media_area_mm2;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOTAL_MEDIA_AREA_MM2]);
}

gint64
ml_usage_get_total_media_length_mm (MlUsage *self)
{
  g_return_val_if_fail (ML_IS_USAGE (self), ML_UNKNOWN);

  return self->total_media_length_mm;
}

void
ml_usage_set_total_media_length_mm (MlUsage *self,
                                    gint64 total_media_length_mm)
{
  g_return_if_fail (ML_IS_USAGE (self));
  g_return_if_fail (total_media_length_mm >= ML_UNKNOWN);

  if (self->total_media_length_mm == total_media_length_mm)
    return;

  self->total_media_length_mm = total_media_length_mm;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOTAL_MEDIA_LENGTH_MM]);
}

gint64
ml_usage_get_scan_area_mm2 (MlUsage *self)
{
  g_return_val_if_fail (ML_IS_USAGE (self), ML_UNKNOWN);

  return self->scan_area_mm2;
}

void
ml_usage_set_scan_area_mm2 (MlUsage *self,
                            gint64 scan_area_mm2)
{
  g_return_if_fail (ML_IS_USAGE (self));
  g_return_if_fail (scan_area_mm2 >= ML_UNKNOWN);

  if (self->scan_area_mm2 == scan_area_mm2)
    return;

  self->scan_area_mm2 = scan_area_mm2;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SCAN_AREA_MM2]);
}

gint64
ml_usage_get_scan_area_scans_mm2 (MlUsage *self)
{
  g_return_val_if_fail (ML_IS_USAGE (self), ML_UNKNOWN);

  return self->scan_area_scans_mm2;
}

void
ml_usage_set_scan_area_scans_mm2 (MlUsage *self,
                                  gint64 scan_area_scans_mm2)
{
  g_return_if_fail (ML_IS_USAGE (self));
  g_return_if_fail (scan_area_scans_mm2 >= ML_UNKNOWN);

  if (self->scan_area_scans_mm2 == scan_area_scans_mm2)
    return;

  self->scan_area_scans_mm2 = scan_area_scans_mm2;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SCAN_AREA_SCANS_MM2]);
}

gint64
ml_usage_get_scan_area_copies_mm2 (MlUsage *self)
{
  g_return_val_if_fail (ML_IS_USAGE (self), ML_UNKNOWN);

  return self->scan_area_copies_mm2;
}

void
ml_usage_set_scan_area_copies_mm2 (MlUsage *self,
                                   gint64 scan_area_copies_mm2)
{
  g_return_if_fail (ML_IS_USAGE (self));
  g_return_if_fail (scan_area_copies_mm2 >= ML_UNKNOWN);

  if (self->scan_area_copies_mm2 == scan_area_copies_mm2)
    return;

  self->scan_area_copies_mm2 = scan_area_copies_mm2;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SCAN_AREA_COPIES_MM2]);
}

GListModel *
ml_usage_get_inks (MlUsage *self)
{
  g_return_val_if_fail (ML_IS_USAGE (self), NULL);

  return G_LIST_MODEL (self->inks);
}

void
ml_usage_add_ink (MlUsage    *self,
                  MlInkUsage *ink)
{
  g_return_if_fail (ML_IS_USAGE (self));
  g_return_if_fail (ML_IS_INK_USAGE (ink));

  g_list_store_append (self->inks, ink);
}

MlInkUsage *
ml_usage_lookup_ink (MlUsage    *self,
                     const char *color)
{
  guint n_items;

  g_return_val_if_fail (ML_IS_USAGE (self), NULL);
  g_return_val_if_fail (color != NULL, NULL);

  n_items = g_list_model_get_n_items (G_LIST_MODEL (self->inks));
  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr(MlInkUsage) ink = g_list_model_get_item (G_LIST_MODEL (self->inks), i);

      if (g_strcmp0 (ml_ink_usage_get_color (ink), color) == 0)
        return ink;  /* the store keeps its reference */
    }

  return NULL;
}

GListModel *
ml_usage_get_media (MlUsage *self)
{
  g_return_val_if_fail (ML_IS_USAGE (self), NULL);

  return G_LIST_MODEL (self->media);
}

void
ml_usage_add_media (MlUsage      *self,
                    MlMediaUsage *media)
{
  g_return_if_fail (ML_IS_USAGE (self));
  g_return_if_fail (ML_IS_MEDIA_USAGE (media));

  g_list_store_append (self->media, media);
}

MlMediaUsage *
ml_usage_lookup_media (MlUsage    *self,
                       const char *media_type_id)
{
  guint n_items;

  g_return_val_if_fail (ML_IS_USAGE (self), NULL);
  g_return_val_if_fail (media_type_id != NULL, NULL);

  n_items = g_list_model_get_n_items (G_LIST_MODEL (self->media));
  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr(MlMediaUsage) media = g_list_model_get_item (G_LIST_MODEL (self->media), i);

      if (g_strcmp0 (ml_media_usage_get_media_type_id (media), media_type_id) == 0)
        return media;
    }

  return NULL;
}

GListModel *
ml_usage_get_categories (MlUsage *self)
{
  g_return_val_if_fail (ML_IS_USAGE (self), NULL);

  return G_LIST_MODEL (self->categories);
}

void
ml_usage_add_category (MlUsage         *self,
                       MlCategoryUsage *category)
{
  g_return_if_fail (ML_IS_USAGE (self));
  g_return_if_fail (ML_IS_CATEGORY_USAGE (category));

  g_list_store_append (self->categories, category);
}

MlCategoryUsage *
ml_usage_lookup_category (MlUsage    *self,
                          const char *category)
{
  guint n_items;

  g_return_val_if_fail (ML_IS_USAGE (self), NULL);
  g_return_val_if_fail (category != NULL, NULL);

  n_items = g_list_model_get_n_items (G_LIST_MODEL (self->categories));
  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr(MlCategoryUsage) item = g_list_model_get_item (G_LIST_MODEL (self->categories), i);

      if (g_strcmp0 (ml_category_usage_get_category (item), category) == 0)
        return item;
    }

  return NULL;
}
