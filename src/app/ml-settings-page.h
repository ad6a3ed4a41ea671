/* ml-settings-page.h: the Collector page: address ranges, polling interval, proxy
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Actions: page.add-range and page.add-exclusion add an empty MlRangeRow and focus
 * it.
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define ML_TYPE_SETTINGS_PAGE (ml_settings_page_get_type ())

G_DECLARE_FINAL_TYPE (MlSettingsPage, ml_settings_page, ML, SETTINGS_PAGE, AdwBin)

G_END_DECLS
