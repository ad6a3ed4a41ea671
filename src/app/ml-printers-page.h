/* ml-printers-page.h: the Printers page: the site’s printers, live
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The printers of the store as MlPrinterRow items, updated in place: from the store
 * after each collection, from each printer as a collection reads it, and live (status
 * and consumables only, every live-refresh-interval seconds) while the page is shown.
 * An error alert seen in a new reading raises a GNotification once, withdrawn when
 * the printer no longer reports it.
 *
 * Page actions: page.search (the search entry), page.refresh (a live read now),
 * page.back (from a printer to the list).
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define ML_TYPE_PRINTERS_PAGE (ml_printers_page_get_type ())

G_DECLARE_FINAL_TYPE (MlPrintersPage, ml_printers_page, ML, PRINTERS_PAGE, AdwBin)

/* Every printer of the store, MlPrinterRow items in the store's order (the view
 * filters and sorts them). */
GListModel *ml_printers_page_get_printers    (MlPrintersPage *self);

/* Opens the page of the printer @serial; FALSE when no row has it. */
gboolean    ml_printers_page_show_printer    (MlPrintersPage *self,
                                              const char     *serial);

/* The IDs of the alert notifications raised and not withdrawn, sorted. */
GStrv       ml_printers_page_dup_alert_ids   (MlPrintersPage *self);

G_END_DECLS
