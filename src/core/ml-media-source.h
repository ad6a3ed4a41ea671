/* ml-media-source.h: one media source (roll, sheet feed, tray) and what is loaded
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ml-types.h"

G_BEGIN_DECLS

#define ML_TYPE_MEDIA_SOURCE (ml_media_source_get_type ())

G_DECLARE_FINAL_TYPE (MlMediaSource, ml_media_source, ML, MEDIA_SOURCE, GObject)

MlMediaSource *ml_media_source_new (void);

const char *ml_media_source_get_id (MlMediaSource *self);
void ml_media_source_set_id (MlMediaSource *self, const char *id);
MlMediaSourceKind ml_media_source_get_kind (MlMediaSource *self);
void ml_media_source_set_kind (MlMediaSource *self, MlMediaSourceKind kind);
MlMediaState ml_media_source_get_state (MlMediaSource *self);
void ml_media_source_set_state (MlMediaSource *self, MlMediaState state);
const char *ml_media_source_get_media_type_id (MlMediaSource *self);
void ml_media_source_set_media_type_id (MlMediaSource *self, const char *media_type_id);
const char *ml_media_source_get_media_type_name (MlMediaSource *self);
void ml_media_source_set_media_type_name (MlMediaSource *self, const char *media_type_name);
gint64 ml_media_source_get_width_mm (MlMediaSource *self);
void ml_media_source_set_width_mm (MlMediaSource *self, gint64 width_mm);
gint64 ml_media_source_get_length_mm (MlMediaSource *self);
void ml_media_source_set_length_mm (MlMediaSource *self, gint64 length_mm);

G_END_DECLS
