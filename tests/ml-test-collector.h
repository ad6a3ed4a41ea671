/* ml-test-collector.h: a collector in the test's process: its settings, collections, syncs
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * For the tests that collect from the simulated fleet and sync to the built portal.
 * Every wait runs the thread-default main context until the result or a deadline.
 */
#pragma once

#include "ml-collector.h"
#include "ml-syncer.h"

G_BEGIN_DECLS

/* What ml_test_collector_on_collected() and ml_test_collector_on_synced() leave:
 * start it as { FALSE, NULL, NULL, NULL } and wait on @done. */
typedef struct
{
  gboolean done;
  MlCycleSummary *cycle;
  MlSyncSummary *sync;
  GError *error;
} MlTestCollectorWait;

void            ml_test_collector_on_collected (GObject           *object,
                                                GAsyncResult      *result,
                                                gpointer           user_data);
void            ml_test_collector_on_synced    (GObject           *object,
                                                GAsyncResult      *result,
                                                gpointer           user_data);

/* One collection; asserts that it ran and that no printer failed. */
MlCycleSummary *ml_test_collector_collect      (MlCollector       *collector,
                                                guint              deadline_s);
/* One sync with @flags; asserts that it ran (its summary may still hold an error). */
MlSyncSummary  *ml_test_collector_sync         (MlSyncer          *syncer,
                                                MlSyncFlags        flags,
                                                guint              deadline_s);

void            ml_test_collector_set_config   (MlCollectorConfig *config,
                                                const char        *key,
                                                const char        *value);

G_END_DECLS
