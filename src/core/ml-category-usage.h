/* ml-category-usage.h: media, area and ink used in one application category
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ml-types.h"

G_BEGIN_DECLS

#define ML_TYPE_CATEGORY_USAGE (ml_category_usage_get_type ())

G_DECLARE_FINAL_TYPE (MlCategoryUsage, ml_category_usage, ML, CATEGORY_USAGE, GObject)

MlCategoryUsage *ml_category_usage_new (void);

const char *ml_category_usage_get_category (MlCategoryUsage *self);
void ml_category_usage_set_category (MlCategoryUsage *self, const char *category);
gint64 ml_category_usage_get_media_area_mm2 (MlCategoryUsage *self);
void ml_category_usage_set_media_area_mm2 (MlCategoryUsage *self, gint64 media_area_mm2);
gint64 ml_category_usage_get_printed_area_mm2 (MlCategoryUsage *self);
void ml_category_usage_set_printed_area_mm2 (MlCategoryUsage *self, gint64 printed_area_mm2);
gint64 ml_category_usage_get_ink_ul (MlCategoryUsage *self);
void ml_category_usage_set_ink_ul (MlCategoryUsage *self, gint64 ink_ul);
gint64 ml_category_usage_get_length_mm (MlCategoryUsage *self);
void ml_category_usage_set_length_mm (MlCategoryUsage *self, gint64 length_mm);

G_END_DECLS
