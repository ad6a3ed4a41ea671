/* ml-collector.h: the collection engine: discover, read, store, one cycle at a time
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The same engine runs in the desktop app and in `meterlink-collector`. It never
 * blocks the main loop: network reads are asynchronous and SQLite work runs in
 * worker threads. One cycle holds the store's lock, so the app and a daemon on the
 * same store never collect at the same time.
 *
 * A cycle: scan the configured ranges (new printers, printers that moved, changed
 * certificates), then read every known supported printer in range, a bounded
 * number at once, each with its own timeout, and store each printer's results in
 * one transaction. A printer that fails costs only its own timeout and is recorded
 * with its error; the others are collected as usual.
 */
#pragma once

#include <gio/gio.h>

#include "meterlink-core.h"
#include "ml-collector-config.h"
#include "ml-collector-store.h"
#include "ml-cycle-summary.h"

G_BEGIN_DECLS

#define ML_TYPE_COLLECTOR (ml_collector_get_type ())
G_DECLARE_FINAL_TYPE (MlCollector, ml_collector, ML, COLLECTOR, GObject)

MlCollector       *ml_collector_new             (MlCollectorConfig   *config,
                                                 MlCollectorStore    *store);
MlCollectorConfig *ml_collector_get_config      (MlCollector         *self);
MlCollectorStore  *ml_collector_get_store       (MlCollector         *self);

/* Signals: "progress" (const char *phase ("scan" or "read"), guint done,
 * guint total, guint found, gint64 eta_ms); "printer-read" (const char *serial,
 * MlPrinterReading *reading); "printer-failed" (const char *serial, const GError *error). */
void               ml_collector_collect_async   (MlCollector         *self,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
MlCycleSummary    *ml_collector_collect_finish  (MlCollector         *self,
                                                 GAsyncResult        *result,
                                                 GError             **error);

/* When the next scheduled cycle is due (Unix seconds), kept in the store so it
 * survives restarts; a cycle moves it on by the polling interval. */
gint64             ml_collector_get_next_due    (MlCollector         *self);

G_END_DECLS
