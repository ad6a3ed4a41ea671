/* ml-ink-usage.h: lifetime ink used through one cartridge type
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ml-types.h"

G_BEGIN_DECLS

#define ML_TYPE_INK_USAGE (ml_ink_usage_get_type ())

G_DECLARE_FINAL_TYPE (MlInkUsage, ml_ink_usage, ML, INK_USAGE, GObject)

MlInkUsage *ml_ink_usage_new (void);

const char *ml_ink_usage_get_color (MlInkUsage *self);
void ml_ink_usage_set_color (MlInkUsage *self, const char *color);
const char *ml_ink_usage_get_product_number (MlInkUsage *self);
void ml_ink_usage_set_product_number (MlInkUsage *self, const char *product_number);
gint64 ml_ink_usage_get_ink_used_ul (MlInkUsage *self);
void ml_ink_usage_set_ink_used_ul (MlInkUsage *self, gint64 ink_used_ul);
gint64 ml_ink_usage_get_hp_ink_used_ul (MlInkUsage *self);
void ml_ink_usage_set_hp_ink_used_ul (MlInkUsage *self, gint64 hp_ink_used_ul);
gint64 ml_ink_usage_get_insertions (MlInkUsage *self);
void ml_ink_usage_set_insertions (MlInkUsage *self, gint64 insertions);

/* Ink used minus HP ink used: ink that did not come from HP cartridges. */
gint64 ml_ink_usage_get_non_hp_ink_used_ul (MlInkUsage *self);

G_END_DECLS
