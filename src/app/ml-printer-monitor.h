/* ml-printer-monitor.h: reads the printers' status and consumables live, never their jobs
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the Printers page shows between two collections: for each printer the PIWS
 * documents of its status, alerts, ink, printheads and media, over HTTPS with the
 * certificate the store pinned, a few printers at a time. The job queue and the
 * counters are the collection's: a live read stores nothing and never touches them.
 *
 * Signals, one per printer of a refresh:
 *   "printer-read"   (MlPrinterRow *row, MlPrinterReading *reading): the row's reading
 *                    with its live parts replaced by what the printer says now.
 *   "printer-failed" (MlPrinterRow *row, const GError *error)
 */
#pragma once

#include <gio/gio.h>

#include "ml-printer-row.h"

G_BEGIN_DECLS

#define ML_TYPE_PRINTER_MONITOR (ml_printer_monitor_get_type ())

G_DECLARE_FINAL_TYPE (MlPrinterMonitor, ml_printer_monitor, ML, PRINTER_MONITOR, GObject)

MlPrinterMonitor *ml_printer_monitor_new             (void);

/* Printers read at once (default 8) and how long one may stay silent (ms). */
void              ml_printer_monitor_set_concurrency (MlPrinterMonitor    *self,
                                                      guint                concurrency);
void              ml_printer_monitor_set_timeout     (MlPrinterMonitor    *self,
                                                      guint                timeout_ms);

/* Reads the printers of @rows (MlPrinterRow) that have an address and a pinned
 * certificate; finishes when all are done. */
void              ml_printer_monitor_refresh_async   (MlPrinterMonitor    *self,
                                                      GPtrArray           *rows,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
gboolean          ml_printer_monitor_refresh_finish  (MlPrinterMonitor    *self,
                                                      GAsyncResult        *result,
                                                      GError             **error);

G_END_DECLS
