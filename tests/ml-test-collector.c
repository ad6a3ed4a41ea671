/* ml-test-collector.c: a collector in the test's process: its settings, collections, syncs
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "ml-test-collector.h"

#include "ml-test-fleet.h"

void
ml_test_collector_on_collected (GObject      *object,
                           GAsyncResult *result,
                           gpointer      user_data)
{
  MlTestCollectorWait *wait = user_data;

  wait->cycle = ml_collector_collect_finish (ML_COLLECTOR (object), result, &wait->error);
  wait->done = TRUE;
}

void
ml_test_collector_on_synced (GObject      *object,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  MlTestCollectorWait *wait = user_data;

  wait->sync = ml_syncer_sync_finish (ML_SYNCER (object), result, &wait->error);
  wait->done = TRUE;
}

MlCycleSummary *
ml_test_collector_collect (MlCollector *collector,
                      guint        deadline_s)
{
  MlTestCollectorWait wait = { FALSE, NULL, NULL, NULL };

  ml_collector_collect_async (collector, NULL, ml_test_collector_on_collected, &wait);
  ml_test_wait (&wait.done, deadline_s);
  g_assert_no_error (wait.error);
  g_assert_cmpuint (ml_cycle_summary_get_failed (wait.cycle), ==, 0);
  return wait.cycle;
}

MlSyncSummary *
ml_test_collector_sync (MlSyncer    *syncer,
                  MlSyncFlags  flags,
                  guint        deadline_s)
{
  MlTestCollectorWait wait = { FALSE, NULL, NULL, NULL };

  ml_syncer_sync_async (syncer, flags, NULL, ml_test_collector_on_synced, &wait);
  ml_test_wait (&wait.done, deadline_s);
  g_assert_no_error (wait.error);
  g_assert_nonnull (wait.sync);
  return wait.sync;
}

void
ml_test_collector_set_config (MlCollectorConfig *config,
                         const char        *key,
                         const char        *value)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (ml_collector_config_set (config, key, value, &error));
  g_assert_no_error (error);
}
