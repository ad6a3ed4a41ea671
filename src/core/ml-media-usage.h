/* ml-media-usage.h: lifetime media used of one media type
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ml-types.h"

G_BEGIN_DECLS

#define ML_TYPE_MEDIA_USAGE (ml_media_usage_get_type ())

G_DECLARE_FINAL_TYPE (MlMediaUsage, ml_media_usage, ML, MEDIA_USAGE, GObject)

MlMediaUsage *ml_media_usage_new (void);

const char *ml_media_usage_get_media_type_id (MlMediaUsage *self);
void ml_media_usage_set_media_type_id (MlMediaUsage *self, const char *media_type_id);
const char *ml_media_usage_get_media_type_name (MlMediaUsage *self);
void ml_media_usage_set_media_type_name (MlMediaUsage *self, const char *media_type_name);
gint64 ml_media_usage_get_area_mm2 (MlMediaUsage *self);
void ml_media_usage_set_area_mm2 (MlMediaUsage *self, gint64 area_mm2);
gint64 ml_media_usage_get_length_mm (MlMediaUsage *self);
void ml_media_usage_set_length_mm (MlMediaUsage *self, gint64 length_mm);

G_END_DECLS
