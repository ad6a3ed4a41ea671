/* ml-ink-bar.h: an ink level as a bar in the ink's own colour, with its percentage
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Colours are the model's names ("cyan", "matte-black", "light-magenta",
 * "post-treatment", ...); each has a CSS class ink-<name> in style.css. A colour
 * the table does not know is drawn in the accent colour.
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define ML_TYPE_INK_BAR (ml_ink_bar_get_type ())

G_DECLARE_FINAL_TYPE (MlInkBar, ml_ink_bar, ML, INK_BAR, GtkWidget)

GtkWidget  *ml_ink_bar_new          (void);

const char *ml_ink_bar_get_color    (MlInkBar   *self);
void        ml_ink_bar_set_color    (MlInkBar   *self,
                                     const char *color);
/* 0 to 100, or -1 for "not said". */
int         ml_ink_bar_get_level    (MlInkBar   *self);
void        ml_ink_bar_set_level    (MlInkBar   *self,
                                     int         level);

/* The colour's name for people ("Matte Black"), or @color itself when unknown. */
const char *ml_ink_bar_color_label  (const char *color);

G_END_DECLS
