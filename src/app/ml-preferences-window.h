/* ml-preferences-window.h: the app's preferences (the collector's own settings are a page)
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define ML_TYPE_PREFERENCES_WINDOW (ml_preferences_window_get_type ())

G_DECLARE_FINAL_TYPE (MlPreferencesWindow, ml_preferences_window, ML, PREFERENCES_WINDOW,
                      AdwPreferencesWindow)

MlPreferencesWindow *ml_preferences_window_new (void);

G_END_DECLS
