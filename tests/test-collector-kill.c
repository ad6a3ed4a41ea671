/* test-collector-kill.c: a collector killed at any moment loses nothing and breaks nothing
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs `meterlink-collector collect` (ML_COLLECTOR) against the simulated fleet
 * again and again, and SIGKILLs it at a moment drawn from a seeded generator, from
 * start-up to the end of a typical cycle. After every kill the store must pass
 * PRAGMA integrity_check; at the end one collection run to completion must leave
 * exactly the simulator's jobs in the store: none lost, none doubled.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>

#include "ml-collector-config.h"
#include "ml-collector-store.h"
#include "ml-test-fleet.h"
#include "ml-test-support.h"

#define N_PRINTERS 8
#define ROUNDS 15
#define SEED 20260302
#define PROCESS_DEADLINE_S 120

typedef struct
{
  gboolean exited;
  gboolean moment;
  GError *error;
} Run;

static void
on_exited (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  Run *run = user_data;

  g_subprocess_wait_finish (G_SUBPROCESS (source), result, &run->error);
  run->exited = TRUE;
}

static gboolean
on_moment (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

static GSubprocess *
spawn_collect (const char *config_path,
               const char *db_path)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GError) error = NULL;
  GSubprocess *process;

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                                        G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  ml_test_launcher_stop_with_parent (launcher);
  process = g_subprocess_launcher_spawn (launcher, &error, g_getenv ("ML_COLLECTOR"), "collect",
                                         "--config", config_path, "--db", db_path, NULL);
  g_assert_no_error (error);
  return process;
}

/* Runs a collection; with @kill_after_ms >= 0 kills it then if it still runs.
 * Returns whether it was killed; *out_ms gets how long it ran. */
static gboolean
run_collect (const char *config_path,
             const char *db_path,
             int         kill_after_ms,
             gint64     *out_ms)
{
  g_autoptr(GSubprocess) process = spawn_collect (config_path, db_path);
  gint64 started = g_get_monotonic_time ();
  Run run = { FALSE, FALSE, NULL };
  gboolean killed = FALSE;
  guint moment_id = 0;

  g_subprocess_wait_async (process, NULL, on_exited, &run);
  if (kill_after_ms >= 0)
    {
      /* The point is a random moment, not a result: a timer is the right wait. */
      moment_id = g_timeout_add (kill_after_ms, on_moment, &run.moment);
      while (!run.exited && !run.moment)
        g_main_context_iteration (NULL, TRUE);
      if (!run.moment)
        g_source_remove (moment_id);
      if (!run.exited)
        {
          g_subprocess_force_exit (process);
          killed = TRUE;
        }
    }
  ml_test_wait (&run.exited, PROCESS_DEADLINE_S);
  g_assert_no_error (run.error);
  if (out_ms != NULL)
    *out_ms = (g_get_monotonic_time () - started) / 1000;

  if (killed)
    {
      /* Killed before it could exit by itself: by our signal, or it happened to
       * finish in the same instant. */
      g_assert_true (g_subprocess_get_if_signaled (process) ||
                     g_subprocess_get_exit_status (process) == 0);
      return g_subprocess_get_if_signaled (process);
    }
  g_assert_true (g_subprocess_get_if_exited (process));
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 0);
  return FALSE;
}

static void
assert_store_whole (const char *db_path)
{
  g_autoptr(MlCollectorStore) store = NULL;
  g_autoptr(GError) error = NULL;

  store = ml_collector_store_open (db_path, &error);
  g_assert_no_error (error);
  g_assert_true (ml_collector_store_check_integrity (store, &error));
  g_assert_no_error (error);
  g_assert_finalize_object (g_steal_pointer (&store));
}

/* Every job of the truth once, with its accounting, and nothing else. */
static void
assert_store_is_truth (const char  *db_path,
                       JsonNode    *truth)
{
  JsonArray *printers = json_object_get_array_member (json_node_get_object (truth), "printers");
  g_autoptr(MlCollectorStore) store = NULL;
  g_autoptr(GError) error = NULL;
  guint total = 0;

  store = ml_collector_store_open (db_path, &error);
  g_assert_no_error (error);

  for (guint p = 0; p < json_array_get_length (printers); p++)
    {
      JsonObject *printer = json_array_get_object_element (printers, p);
      const char *serial = json_object_get_string_member (printer, "serial");
      JsonArray *truth_jobs = json_object_get_array_member (printer, "jobs");
      g_autoptr(GHashTable) stored = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
      g_autoptr(GPtrArray) jobs = ml_collector_store_list_jobs (store, serial, 0, &error);

      g_assert_no_error (error);
      for (guint i = 0; i < jobs->len; i++)
        {
          MlJob *job = g_ptr_array_index (jobs, i);
          g_autoptr(JsonNode) node = ml_job_to_json (job);

          g_assert_false (g_hash_table_contains (stored, ml_job_get_uuid (job)));
          g_hash_table_insert (stored, (gpointer) ml_job_get_uuid (job), ml_test_json_text (node));
        }
      g_assert_cmpuint (jobs->len, ==, json_array_get_length (truth_jobs));

      for (guint i = 0; i < json_array_get_length (truth_jobs); i++)
        {
          JsonNode *node = json_array_get_element (truth_jobs, i);
          const char *uuid = json_object_get_string_member (json_node_get_object (node), "uuid");
          const char *text = g_hash_table_lookup (stored, uuid);
          g_autofree char *expected = ml_test_json_text (node);

          if (text == NULL)
            g_error ("%s: job %s was lost", serial, uuid);
          if (strcmp (text, expected) != 0)
            g_error ("%s: job %s differs:\nstored: %s\ntruth:  %s", serial, uuid, text, expected);
        }
      total += jobs->len;
    }

  g_assert_cmpint (ml_collector_store_count_jobs (store, NULL, 0, &error), ==, total);
  g_assert_no_error (error);
  g_assert_finalize_object (g_steal_pointer (&store));
}

static void
write_config (const char  *path,
              MlTestFleet *fleet)
{
  g_autoptr(MlCollectorConfig) config = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *port = g_strdup_printf ("%u", ml_test_fleet_get_port (fleet));

  config = ml_collector_config_load (path, &error);
  g_assert_no_error (error);
  ml_collector_config_set (config, "ranges", "127.0.6.1-127.0.6.20", &error);
  g_assert_no_error (error);
  ml_collector_config_set (config, "port", port, &error);
  g_assert_no_error (error);
  /* Two at a time: the cycle lasts longer, and a kill meets more saves. */
  ml_collector_config_set (config, "concurrency", "2", &error);
  g_assert_no_error (error);
  ml_collector_config_save (config, &error);
  g_assert_no_error (error);
}

static void
test_kill (void)
{
  static const char * const sim_args[] = { "--queue-depth", "5000", "--history", "72", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(GRand) rand = NULL;
  g_autoptr(JsonNode) truth = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *config_path = NULL;
  g_autofree char *db_path = NULL;
  g_autofree char *calibration_path = NULL;
  MlTestFleet *fleet;
  gint64 typical_ms;
  guint killed = 0;

  if (g_getenv ("ML_COLLECTOR") == NULL)
    {
      g_test_skip ("ML_COLLECTOR is not set");
      return;
    }
  fleet = ml_test_fleet_start (N_PRINTERS, "127.0.6.1", 23, sim_args);
  if (fleet == NULL)
    return;

  dir = g_dir_make_tmp ("test-collector-kill-XXXXXX", &error);
  g_assert_no_error (error);
  config_path = g_build_filename (dir, "collector.conf", NULL);
  db_path = g_build_filename (dir, "collector.db", NULL);
  calibration_path = g_build_filename (dir, "calibration.db", NULL);
  write_config (config_path, fleet);

  /* How long a first collection takes here, on a store of its own: the kill
   * moments spread over that. */
  run_collect (config_path, calibration_path, -1, &typical_ms);
  g_test_message ("a first collection takes %" G_GINT64_FORMAT " ms", typical_ms);

  rand = g_rand_new_with_seed (SEED);
  for (guint round = 0; round < ROUNDS; round++)
    {
      int moment = g_rand_int_range (rand, 0, (gint32) MAX (typical_ms, 20) + 1);
      gint64 ran_ms;
      gboolean was_killed;

      /* New jobs every round, so there is always something to store. */
      ml_test_fleet_advance (fleet, 2 * 3600);
      was_killed = run_collect (config_path, db_path, moment, &ran_ms);
      g_test_message ("round %u: %s after %d ms", round, was_killed ? "killed" : "finished",
                      moment);
      if (was_killed)
        killed++;
      else
        typical_ms = ran_ms;
      assert_store_whole (db_path);
    }
  g_test_message ("%u of %u rounds killed in the middle", killed, ROUNDS);
  g_assert_cmpuint (killed, >=, ROUNDS / 3);

  /* One collection to the end completes the work. */
  run_collect (config_path, db_path, -1, NULL);
  assert_store_whole (db_path);
  truth = ml_test_fleet_truth (fleet);
  assert_store_is_truth (db_path, truth);
  g_assert_cmpint (ml_test_fleet_stat (fleet, "non_read_requests"), ==, 0);

  ml_test_fleet_stop (fleet);
  ml_test_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/collector/kill/random-moments", test_kill);

  return g_test_run ();
}
