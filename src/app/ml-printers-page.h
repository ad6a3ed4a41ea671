/* ml-printers-page.h: the Printers page: the site’s printers, live
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define ML_TYPE_PRINTERS_PAGE (ml_printers_page_get_type ())

G_DECLARE_FINAL_TYPE (MlPrintersPage, ml_printers_page, ML, PRINTERS_PAGE, AdwBin)

G_END_DECLS
