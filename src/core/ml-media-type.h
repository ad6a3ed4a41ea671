/* ml-media-type.h: one media type the printer supports
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ml-types.h"

G_BEGIN_DECLS

#define ML_TYPE_MEDIA_TYPE (ml_media_type_get_type ())

G_DECLARE_FINAL_TYPE (MlMediaType, ml_media_type, ML, MEDIA_TYPE, GObject)

MlMediaType *ml_media_type_new (void);

const char *ml_media_type_get_id (MlMediaType *self);
void ml_media_type_set_id (MlMediaType *self, const char *id);
const char *ml_media_type_get_name (MlMediaType *self);
void ml_media_type_set_name (MlMediaType *self, const char *name);
const char *ml_media_type_get_category (MlMediaType *self);
void ml_media_type_set_category (MlMediaType *self, const char *category);

G_END_DECLS
