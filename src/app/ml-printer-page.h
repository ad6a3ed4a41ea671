/* ml-printer-page.h: one printer: status, alerts, consumables, media, counters, jobs
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shows an MlPrinterRow and follows it: a new reading (a collection, a live read)
 * redraws the sections; the latest jobs come from the store in a worker thread.
 */
#pragma once

#include <adwaita.h>

#include "ml-collector-store.h"
#include "ml-printer-row.h"

G_BEGIN_DECLS

#define ML_TYPE_PRINTER_PAGE (ml_printer_page_get_type ())

G_DECLARE_FINAL_TYPE (MlPrinterPage, ml_printer_page, ML, PRINTER_PAGE, AdwBin)

GtkWidget        *ml_printer_page_new         (void);

MlPrinterRow     *ml_printer_page_get_printer (MlPrinterPage    *self);
void              ml_printer_page_set_printer (MlPrinterPage    *self,
                                               MlPrinterRow     *printer);
MlCollectorStore *ml_printer_page_get_store   (MlPrinterPage    *self);
void              ml_printer_page_set_store   (MlPrinterPage    *self,
                                               MlCollectorStore *store);

/* The printer's cartridges as shown, one MlCartridge per row. */
GListModel       *ml_printer_page_get_cartridges (MlPrinterPage *self);

G_END_DECLS
