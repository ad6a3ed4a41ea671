/* test-sync.c: simulator, collector and portal end to end: everything arrives exactly once
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each case starts the simulated fleet (ML_PRINTER_SIM) and the built portal
 * (ML_PORTAL) on loopback, enrols a collector with `meterlink-collector enroll`
 * (ML_COLLECTOR; one case with ml_syncer_enroll_async() and a keeper of secrets, as
 * the desktop app does), collects with MlCollector and syncs with MlSyncer in this process,
 * and compares what the portal's reseller API holds with the simulator's /truth:
 * every job once, with its accounting, and the lifetime counters. The portal is
 * stopped, killed in the middle of a drain and started again; nothing is lost or
 * doubled. No sleeps: every wait runs the main loop until an event or a deadline.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>

#include "ml-bundle-builder.h"
#include "ml-collector.h"
#include "ml-portal-client.h"
#include "ml-syncer.h"
#include "ml-test-collector.h"
#include "ml-test-fleet.h"
#include "ml-test-portal.h"
#include "ml-test-support.h"

#define CYCLE_DEADLINE_S 120
#define SYNC_DEADLINE_S 300
#define PROCESS_DEADLINE_S 120
#define FIRST_ADDRESS "127.0.10.1"
#define RANGES "127.0.10.1-127.0.10.8"

typedef struct
{
  MlTestFleet *fleet;
  MlTestPortal *portal;
  char *dir;
  char *config_path;
  char *db_path;
  MlCollectorConfig *config;
  MlCollectorStore *store;
  MlCollector *collector;
} Fixture;

static const char * const sim_args[] = { "--queue-depth", "2000", "--history", "24", NULL };

/* Processes ---------------------------------------------------------------------------- */

static void
on_exited (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_subprocess_wait_finish (G_SUBPROCESS (source), result, NULL);
  *(gboolean *) user_data = TRUE;
}

/* Runs meterlink-collector with @args and the fixture's --config and --db. */
static int
run_collector (Fixture             *fixture,
               const char * const  *args,
               char               **out_stdout,
               char               **out_stderr)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) argv = NULL;

  g_strv_builder_add_many (builder, g_getenv ("ML_COLLECTOR"), args[0], "--config",
                           fixture->config_path, NULL);
  /* `config` has no store. */
  if (strcmp (args[0], "config") != 0)
    g_strv_builder_add_many (builder, "--db", fixture->db_path, NULL);
  g_strv_builder_addv (builder, (const char **) args + 1);
  argv = g_strv_builder_end (builder);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  ml_test_launcher_stop_with_parent (launcher);
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv, &error);
  g_assert_no_error (error);
  ml_test_communicate (process, NULL, PROCESS_DEADLINE_S, out_stdout, out_stderr);
  g_assert_true (g_subprocess_get_if_exited (process));
  return g_subprocess_get_exit_status (process);
}

/* Fixture ------------------------------------------------------------------------------ */

static void
enrol (Fixture    *fixture,
       const char *code)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *expected = NULL;
  const char * const args[] = { "enroll", code, NULL };

  g_assert_cmpint (run_collector (fixture, args, &out, &err), ==, 0);
  expected = g_strdup_printf ("Enrolled in site “%s” of customer “%s” at %s\n",
                              ML_TEST_PORTAL_SITE, ML_TEST_PORTAL_CUSTOMER,
                              ml_test_portal_get_url (fixture->portal));
  g_assert_cmpstr (out, ==, expected);
  /* The code holds the secret: no output quotes it. */
  g_assert_null (strstr (out, code + 5));
  g_assert_null (strstr (err, code + 5));
}

static void
open_collector (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;

  fixture->config = ml_collector_config_load (fixture->config_path, &error);
  g_assert_no_error (error);
  fixture->store = ml_collector_store_open (fixture->db_path, &error);
  g_assert_no_error (error);
  fixture->collector = ml_collector_new (fixture->config, fixture->store);
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  gboolean enrolled = GPOINTER_TO_INT (data);
  g_autoptr(MlCollectorConfig) config = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *port = NULL;

  if (g_getenv ("ML_COLLECTOR") == NULL)
    {
      g_test_skip ("ML_COLLECTOR is not set");
      return;
    }
  fixture->fleet = ml_test_fleet_start (3, FIRST_ADDRESS, 31, sim_args);
  if (fixture->fleet == NULL)
    return;
  fixture->portal = ml_test_portal_start ();
  if (fixture->portal == NULL)
    return;

  fixture->dir = g_dir_make_tmp ("test-sync-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->config_path = g_build_filename (fixture->dir, "collector.conf", NULL);
  fixture->db_path = g_build_filename (fixture->dir, "collector.db", NULL);

  config = ml_collector_config_load (fixture->config_path, &error);
  g_assert_no_error (error);
  port = g_strdup_printf ("%u", ml_test_fleet_get_port (fixture->fleet));
  ml_test_collector_set_config (config, "ranges", RANGES);
  ml_test_collector_set_config (config, "port", port);
  ml_test_collector_set_config (config, "probe-timeout", "1000");
  /* The test's loopback portal is reached directly, whatever the machine's proxy. */
  ml_test_collector_set_config (config, "proxy-mode", "none");
  ml_collector_config_save (config, &error);
  g_assert_no_error (error);

  if (enrolled)
    enrol (fixture, ml_test_portal_get_code (fixture->portal));
  open_collector (fixture);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  if (fixture->collector != NULL)
    g_assert_finalize_object (g_steal_pointer (&fixture->collector));
  if (fixture->store != NULL)
    g_assert_finalize_object (g_steal_pointer (&fixture->store));
  g_clear_object (&fixture->config);
  ml_test_portal_free (g_steal_pointer (&fixture->portal));
  ml_test_fleet_stop (g_steal_pointer (&fixture->fleet));
  if (fixture->dir != NULL)
    ml_test_remove_tree (fixture->dir);
  g_clear_pointer (&fixture->dir, g_free);
  g_clear_pointer (&fixture->config_path, g_free);
  g_clear_pointer (&fixture->db_path, g_free);
}

/* Collecting and syncing --------------------------------------------------------------- */

static void
collect (Fixture *fixture)
{
  g_autoptr(MlCycleSummary) cycle = ml_test_collector_collect (fixture->collector,
                                                               CYCLE_DEADLINE_S);

  g_assert_cmpuint (ml_cycle_summary_get_read (cycle), ==,
                    ml_test_fleet_get_size (fixture->fleet));
}

static MlSyncer *
new_syncer (Fixture *fixture,
            guint    max_jobs)
{
  MlSyncer *syncer = ml_syncer_new (fixture->config, fixture->store);

  ml_syncer_set_timeout (syncer, 30);
  if (max_jobs > 0)
    ml_syncer_set_max_jobs (syncer, max_jobs);
  return syncer;
}

static MlSyncSummary *
sync_with (Fixture     *fixture,
           MlSyncFlags  flags,
           guint        max_jobs)
{
  g_autoptr(MlSyncer) syncer = new_syncer (fixture, max_jobs);

  return ml_test_collector_sync (syncer, flags, SYNC_DEADLINE_S);
}

/* A sync now that must deliver everything. */
static MlSyncSummary *
sync_all (Fixture *fixture)
{
  MlSyncSummary *summary = sync_with (fixture, ML_SYNC_FLAGS_NOW, 0);

  g_assert_no_error (summary->error);
  g_assert_cmpuint (summary->waiting, ==, 0);
  g_assert_cmpuint (summary->failures, ==, 0);
  g_assert_cmpint (summary->next_attempt, ==, 0);
  return summary;
}

static guint
outbox_count (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  guint count = 0;

  ml_collector_store_get_outbox_size (fixture->store, &count, NULL, &error);
  g_assert_no_error (error);
  return count;
}

static gint64
now_s (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

/* Comparing with the truth --------------------------------------------------------------- */

static void
assert_member_equal (JsonObject *expected,
                     JsonObject *actual,
                     const char *member,
                     const char *what)
{
  g_autofree char *a = ml_test_json_text (json_object_get_member (expected, member));
  g_autofree char *b = ml_test_json_text (json_object_get_member (actual, member));

  if (g_strcmp0 (a, b) != 0)
    g_error ("%s: %s differs:\ntruth:  %s\nportal: %s", what, member, a, b);
}

/* The portal holds exactly the simulator's truth: every job once with equal
 * accounting, and each printer's lifetime counters. */
static void
assert_portal_matches_truth (Fixture *fixture)
{
  g_autoptr(JsonNode) truth = ml_test_fleet_truth (fixture->fleet);
  g_autoptr(GHashTable) jobs = ml_test_portal_jobs (fixture->portal);
  static const char * const totals[] = {
    "job_count", "page_count", "total_ink_ul", "total_media_area_mm2", "total_media_length_mm",
  };
  guint n_truth = 0;

  for (guint i = 0; i < ml_test_fleet_get_size (fixture->fleet); i++)
    {
      JsonObject *printer = ml_test_fleet_truth_printer (truth, i);
      const char *serial = json_object_get_string_member (printer, "serial");
      JsonArray *truth_jobs = json_object_get_array_member (printer, "jobs");
      JsonObject *counters = json_object_get_object_member (printer, "counters");
      g_autofree char *path = g_strdup_printf ("/api/v1/printers/%s", serial);
      g_autoptr(JsonNode) detail = NULL;
      JsonObject *portal_counters;
      guint status = 0;

      for (guint j = 0; j < json_array_get_length (truth_jobs); j++)
        {
          JsonObject *job = json_array_get_object_element (truth_jobs, j);
          const char *uuid = json_object_get_string_member (job, "uuid");
          JsonObject *stored = g_hash_table_lookup (jobs, uuid);
          g_autoptr(GList) members = json_object_get_members (job);
          g_autofree char *what = g_strdup_printf ("%s job %s", serial, uuid);

          if (stored == NULL)
            g_error ("%s is not on the portal", what);
          for (GList *l = members; l != NULL; l = l->next)
            assert_member_equal (job, stored, l->data, what);
          n_truth++;
        }

      detail = ml_test_portal_api (fixture->portal, "GET", path, NULL, &status);
      g_assert_cmpuint (status, ==, 200);
      portal_counters = json_object_get_object_member (json_node_get_object (detail),
                                                       "counters");
      g_assert_nonnull (portal_counters);
      for (guint t = 0; t < G_N_ELEMENTS (totals); t++)
        if (json_object_has_member (counters, totals[t]))
          {
            g_autofree char *what = g_strdup_printf ("%s counters", serial);

            assert_member_equal (counters, portal_counters, totals[t], what);
          }
    }

  /* Nothing more than the truth, nothing twice (ml_test_portal_jobs refuses a job
   * listed twice). */
  g_assert_cmpuint (g_hash_table_size (jobs), ==, n_truth);
  g_assert_cmpuint (n_truth, >, 0);
}

/* Tests -------------------------------------------------------------------------------- */

/* Simulator → collector → portal: the portal holds exactly the truth, after the
 * first sync and after more printing; a sync with nothing new sends nothing. */
static void
test_end_to_end (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(MlSyncSummary) first = NULL;
  g_autoptr(MlSyncSummary) second = NULL;
  g_autoptr(MlSyncSummary) idle = NULL;
  g_autoptr(JsonNode) summary = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  const char * const sync_json[] = { "sync", "--json", NULL };
  JsonObject *object;

  if (fixture->portal == NULL)
    return;

  collect (fixture);
  first = sync_all (fixture);
  g_assert_cmpuint (first->bundles_built, ==, 1);
  g_assert_cmpuint (first->bundles_sent, ==, 1);
  g_assert_cmpuint (first->jobs_sent, >, 0);
  g_assert_cmpuint (first->jobs_stored, ==, first->jobs_sent);
  g_assert_cmpuint (first->bytes_sent, >, 0);
  g_assert_cmpstr (first->site, ==, ML_TEST_PORTAL_SITE);
  g_assert_cmpstr (first->customer, ==, ML_TEST_PORTAL_CUSTOMER);
  assert_portal_matches_truth (fixture);

  /* Nothing new: nothing built, nothing sent. */
  idle = sync_all (fixture);
  g_assert_cmpuint (idle->bundles_built, ==, 0);
  g_assert_cmpuint (idle->bundles_sent, ==, 0);

  ml_test_fleet_advance (fixture->fleet, 6 * 3600);
  collect (fixture);
  second = sync_all (fixture);
  g_assert_cmpuint (second->bundles_sent, ==, 1);
  g_assert_cmpuint (second->jobs_stored, >, 0);
  assert_portal_matches_truth (fixture);

  /* The technician's command, on the same store: what is new, and a summary. */
  ml_test_fleet_advance (fixture->fleet, 6 * 3600);
  collect (fixture);
  g_assert_cmpint (run_collector (fixture, sync_json, &out, &err), ==, 0);
  summary = json_from_string (out, &error);
  g_assert_no_error (error);
  object = json_node_get_object (summary);
  g_assert_cmpint (json_object_get_int_member (object, "bundles_sent"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (object, "waiting"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (object, "bytes_sent"), >, 0);
  g_assert_true (json_object_get_null_member (object, "error"));
  assert_portal_matches_truth (fixture);
}

/* The portal down: the sync fails with a clear message and the bundles wait, with
 * the backoff doubling; the portal up again: the outbox drains, nothing lost or
 * doubled. */
static void
test_portal_down (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(MlSyncSummary) failed = NULL;
  g_autoptr(MlSyncSummary) deferred = NULL;
  g_autoptr(MlSyncSummary) again = NULL;
  g_autoptr(MlSyncSummary) drained = NULL;
  g_autofree char *expected = NULL;
  gint64 before;

  if (fixture->portal == NULL)
    return;

  collect (fixture);
  g_clear_pointer (&drained, ml_sync_summary_free);
  drained = sync_all (fixture);

  ml_test_portal_stop (fixture->portal);
  ml_test_fleet_advance (fixture->fleet, 6 * 3600);
  collect (fixture);

  before = now_s ();
  failed = sync_with (fixture, ML_SYNC_FLAGS_NONE, 0);
  g_assert_error (failed->error, ML_ERROR, ML_ERROR_UNREACHABLE);
  expected = g_strdup_printf ("Bundle 2 was not delivered: The portal at %s cannot be reached: ",
                              ml_test_portal_get_url (fixture->portal));
  g_assert_true (g_str_has_prefix (failed->error->message, expected));
  g_assert_cmpuint (failed->bundles_built, ==, 1);
  g_assert_cmpuint (failed->bundles_sent, ==, 0);
  g_assert_cmpuint (failed->waiting, ==, 1);
  g_assert_cmpuint (failed->failures, ==, 1);
  g_assert_cmpint (failed->next_attempt, >=, before + 60);
  g_assert_cmpint (failed->next_attempt, <=, now_s () + 60);

  /* The daemon's next sync, before the backoff's time: it seals what is new, and
   * tries nothing. */
  ml_test_fleet_advance (fixture->fleet, 6 * 3600);
  collect (fixture);
  deferred = sync_with (fixture, ML_SYNC_FLAGS_NONE, 0);
  g_assert_true (deferred->deferred);
  g_assert_no_error (deferred->error);
  g_assert_cmpuint (deferred->bundles_built, ==, 1);
  g_assert_cmpuint (deferred->waiting, ==, 2);
  g_assert_cmpint (deferred->next_attempt, ==, failed->next_attempt);

  /* Sync now, whatever the backoff: fails again, and the wait doubles. */
  before = now_s ();
  again = sync_with (fixture, ML_SYNC_FLAGS_NOW, 0);
  g_assert_error (again->error, ML_ERROR, ML_ERROR_UNREACHABLE);
  g_assert_cmpuint (again->failures, ==, 2);
  g_assert_cmpint (again->next_attempt, >=, before + 120);
  g_assert_cmpint (again->next_attempt, <=, now_s () + 120);
  g_assert_cmpuint (outbox_count (fixture), ==, 2);

  ml_test_portal_restart (fixture->portal);
  g_clear_pointer (&drained, ml_sync_summary_free);
  drained = sync_all (fixture);
  g_assert_cmpuint (drained->bundles_sent, ==, 2);
  g_assert_cmpuint (outbox_count (fixture), ==, 0);
  assert_portal_matches_truth (fixture);
}

static gboolean
on_deadline (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

/* The portal killed (SIGKILL) in the middle of draining a large outbox, then started
 * again: the drain completes and every job is on the portal exactly once. */
static void
test_killed_mid_upload (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(MlSyncer) syncer = NULL;
  g_autoptr(MlSyncSummary) drained = NULL;
  g_autoptr(GSource) deadline = NULL;
  MlTestCollectorWait wait = { FALSE, NULL, NULL, NULL };
  guint received = 0;
  guint waiting;
  gboolean expired = FALSE;

  if (fixture->portal == NULL)
    return;

  /* A large outbox: many small bundles. */
  collect (fixture);
  ml_test_fleet_advance (fixture->fleet, 6 * 3600);
  collect (fixture);
  ml_test_portal_watch_log (fixture->portal, "POST /api/v1/bundles 200", &received);

  syncer = new_syncer (fixture, 3);
  ml_syncer_sync_async (syncer, ML_SYNC_FLAGS_NOW, NULL, ml_test_collector_on_synced, &wait);

  /* Killed once a few bundles went through: the next one is on its way. */
  deadline = g_timeout_source_new_seconds (SYNC_DEADLINE_S);
  g_source_set_callback (deadline, on_deadline, &expired, NULL);
  g_source_attach (deadline, NULL);
  while (received < 3 && !wait.done && !expired)
    g_main_context_iteration (NULL, TRUE);
  g_source_destroy (deadline);
  g_assert_false (expired);
  g_assert_false (wait.done);
  ml_test_portal_kill (fixture->portal);

  ml_test_wait (&wait.done, SYNC_DEADLINE_S);
  g_assert_no_error (wait.error);
  g_assert_nonnull (wait.sync->error);
  g_assert_cmpuint (wait.sync->bundles_built, >, 10);
  g_assert_cmpuint (wait.sync->bundles_sent, >=, 2);
  g_assert_cmpuint (wait.sync->waiting, >, 0);
  waiting = wait.sync->waiting;
  g_test_message ("killed after %u bundles went, %u waiting: %s", wait.sync->bundles_sent,
                  waiting, wait.sync->error->message);
  g_clear_pointer (&wait.sync, ml_sync_summary_free);

  ml_test_portal_restart (fixture->portal);
  drained = sync_all (fixture);
  g_assert_cmpuint (drained->bundles_sent, ==, waiting);
  assert_portal_matches_truth (fixture);
}

typedef struct
{
  gboolean done;
  MlReceipt *receipt;
  GError *error;
} UploadWait;

static void
on_uploaded (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  UploadWait *wait = user_data;

  wait->receipt = ml_portal_client_upload_finish (ML_PORTAL_CLIENT (object), result,
                                                  &wait->error);
  wait->done = TRUE;
}

/* A receipt lost on the way back (the collector killed after the portal stored the
 * bundle): the bundle goes again, the portal stores nothing twice and gives the
 * same receipt, and the bundle leaves the outbox. */
static void
test_receipt_lost (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(MlBundleBuilder) builder = NULL;
  g_autoptr(MlOutboxEntry) entry = NULL;
  g_autoptr(MlPortalClient) client = NULL;
  g_autoptr(MlSiteKey) key = NULL;
  g_autoptr(GBytes) secret = NULL;
  g_autoptr(MlSyncSummary) summary = NULL;
  g_autoptr(MlReceipt) receipt = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *site_id = NULL;
  g_autofree char *url = NULL;
  g_autofree char *pin = NULL;
  UploadWait wait = { FALSE, NULL, NULL };

  if (fixture->portal == NULL)
    return;

  collect (fixture);
  ml_collector_store_get_enrolment (fixture->store, &site_id, &url, &pin, &error);
  g_assert_no_error (error);
  secret = ml_collector_config_load_site_secret (fixture->config, site_id, &error);
  g_assert_no_error (error);
  key = ml_site_key_new (secret, &error);
  g_assert_no_error (error);
  builder = ml_bundle_builder_new (fixture->store, site_id, key);
  ml_bundle_builder_build (builder, now_s (), NULL, NULL, &error);
  g_assert_no_error (error);
  entry = ml_collector_store_next_outbox_entry (fixture->store, 0, &error);
  g_assert_no_error (error);
  g_assert_nonnull (entry);

  /* Delivered, but the receipt never reaches the outbox. */
  client = ml_portal_client_new (url, pin, site_id, key, &error);
  g_assert_no_error (error);
  ml_portal_client_set_proxy (client, ML_PROXY_MODE_NONE, NULL, 0, NULL, NULL);
  ml_portal_client_upload_async (client, entry->bytes, entry->bundle_uuid, entry->sequence, NULL,
                                 on_uploaded, &wait);
  ml_test_wait (&wait.done, SYNC_DEADLINE_S);
  g_assert_no_error (wait.error);
  receipt = g_steal_pointer (&wait.receipt);
  g_assert_false (receipt->duplicate);
  g_assert_cmpuint (receipt->jobs_stored, ==, entry->jobs);
  g_assert_cmpuint (outbox_count (fixture), ==, 1);

  summary = sync_all (fixture);
  g_assert_cmpuint (summary->bundles_sent, ==, 1);
  g_assert_cmpuint (summary->jobs_sent, ==, entry->jobs);
  g_assert_cmpuint (summary->jobs_stored, ==, 0);
  assert_portal_matches_truth (fixture);
}

/* A code whose pin is not the portal's certificate: refused, with both fingerprints
 * in the message, and nothing stored. */
static void
test_wrong_pin (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(MlEnrolmentCode) code = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *real_pin = NULL;
  g_autofree char *wrong = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *expected = NULL;
  const char *args[] = { "enroll", NULL, NULL };
  const char * const sync_args[] = { "sync", NULL };

  if (fixture->portal == NULL)
    return;

  code = ml_enrolment_code_decode (ml_test_portal_get_code (fixture->portal), &error);
  g_assert_no_error (error);
  g_assert_nonnull (code->cert_sha256);
  real_pin = g_strdup (code->cert_sha256);
  g_free (code->cert_sha256);
  code->cert_sha256 = g_strnfill (64, 'a');
  wrong = ml_enrolment_code_encode (code);

  args[1] = wrong;
  g_assert_cmpint (run_collector (fixture, args, &out, &err), ==, 1);
  expected = g_strdup_printf ("meterlink-collector enroll: not enrolled: The portal's "
                              "certificate is not the one the enrolment code names: expected "
                              "%s, got %s\n", code->cert_sha256, real_pin);
  g_assert_cmpstr (err, ==, expected);
  g_assert_cmpstr (out, ==, "");

  /* Nothing was stored: still not enrolled. */
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_collector (fixture, sync_args, &out, &err), ==, 1);
  g_assert_nonnull (strstr (err, "not enrolled"));
}

/* A typo in the code is caught before any traffic: a trap that counts connections
 * sees one from a good code to it, and none from the same code mistyped. */
typedef struct
{
  guint connections;
} Trap;

static gboolean
on_trap_incoming (GSocketService     *service,
                  GSocketConnection  *connection,
                  GObject            *source_object,
                  gpointer            user_data)
{
  Trap *trap = user_data;

  trap->connections++;
  g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
  return TRUE;
}

static void
drain_main_context (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static void
test_typo (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(GSocketService) service = g_socket_service_new ();
  g_autoptr(MlEnrolmentCode) code = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *good = NULL;
  g_autofree char *typo = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  const char *args[] = { "enroll", NULL, NULL };
  Trap trap = { 0 };
  guint16 port;
  gsize position;

  if (fixture->portal == NULL)
    return;

  port = g_socket_listener_add_any_inet_port (G_SOCKET_LISTENER (service), NULL, &error);
  g_assert_no_error (error);
  g_signal_connect (service, "incoming", G_CALLBACK (on_trap_incoming), &trap);
  g_socket_service_start (service);

  code = ml_enrolment_code_decode (ml_test_portal_get_code (fixture->portal), &error);
  g_assert_no_error (error);
  g_free (code->portal_url);
  code->portal_url = g_strdup_printf ("https://127.0.0.1:%u/", port);
  good = ml_enrolment_code_encode (code);

  /* The trap works: a good code reaches it (and fails there). */
  args[1] = good;
  g_assert_cmpint (run_collector (fixture, args, &out, &err), ==, 1);
  drain_main_context ();
  g_assert_cmpuint (trap.connections, >, 0);
  trap.connections = 0;

  /* One character changed in the middle. */
  typo = g_strdup (good);
  position = strlen (typo) / 2;
  if (typo[position] == '-')
    position++;
  typo[position] = typo[position] == 'A' ? 'B' : 'A';
  args[1] = typo;
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_collector (fixture, args, &out, &err), ==, 2);
  g_assert_cmpstr (err, ==, "meterlink-collector enroll: The code has a typo: check it "
                            "character by character\n");
  drain_main_context ();
  g_assert_cmpuint (trap.connections, ==, 0);

  g_socket_service_stop (service);
  g_socket_listener_close (G_SOCKET_LISTENER (service));
}

/* Backoff after n failed syncs: 1, 2, 4, ... minutes, never more than 60. */
static void
test_backoff (void)
{
  const struct {
    guint failures;
    gint64 seconds;
  } cases[] = {
    { 0, 0 }, { 1, 60 }, { 2, 120 }, { 3, 240 }, { 4, 480 }, { 5, 960 }, { 6, 1920 },
    { 7, 3600 }, { 8, 3600 }, { 64, 3600 }, { 1000, 3600 }, { G_MAXUINT, 3600 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    g_assert_cmpint (ml_syncer_backoff_delay (cases[i].failures), ==, cases[i].seconds);
}

/* The reseller sets the site's configuration on the portal: the next sync applies
 * it, `config set` refuses those keys afterwards, and lets them go when the portal
 * does. */
static void
test_managed_config (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(MlSyncSummary) first = NULL;
  g_autoptr(MlSyncSummary) second = NULL;
  g_autoptr(MlSyncSummary) third = NULL;
  g_autoptr(MlCollectorConfig) reloaded = NULL;
  g_autoptr(JsonNode) sites = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  const char * const set_ranges[] = { "config", "set", "ranges", "127.0.10.1-127.0.10.4",
                                      NULL };
  const char * const set_port[] = { "config", "set", "port", "443", NULL };
  guint status = 0;
  const char *site_id;

  if (fixture->portal == NULL)
    return;

  /* Nothing set by the reseller: nothing managed. */
  first = sync_all (fixture);
  g_assert_false (first->config_changed);
  g_assert_false (ml_collector_config_is_managed (fixture->config, "ranges"));

  sites = ml_test_portal_api (fixture->portal, "GET", "/api/v1/sites", NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  site_id = json_object_get_string_member (
              json_array_get_object_element (json_node_get_array (sites), 0), "id");
  path = g_strdup_printf ("/api/v1/sites/%s/config", site_id);
  answer = ml_test_portal_api (fixture->portal, "PUT", path,
                               "{\"ranges\": \"127.0.10.1-127.0.10.6\", "
                               "\"polling_interval\": 60, \"user_names\": false}",
                               &status);
  g_assert_cmpuint (status, ==, 200);

  second = sync_all (fixture);
  g_assert_true (second->config_changed);
  g_assert_true (ml_collector_config_is_managed (fixture->config, "ranges"));
  g_assert_cmpuint (ml_collector_config_get_polling_interval (fixture->config), ==, 60);
  g_assert_false (ml_collector_config_get_user_names (fixture->config));

  reloaded = ml_collector_config_load (fixture->config_path, &error);
  g_assert_no_error (error);
  g_assert_true (ml_collector_config_is_managed (reloaded, "polling-interval"));
  g_assert_cmpuint (ml_collector_config_get_polling_interval (reloaded), ==, 60);
  {
    g_autofree char *ranges = ml_collector_config_get (reloaded, "ranges", NULL);

    g_assert_cmpstr (ranges, ==, "127.0.10.1-127.0.10.6");
  }

  g_assert_cmpint (run_collector (fixture, set_ranges, &out, &err), ==, 1);
  g_assert_nonnull (strstr (err, "ranges is managed by the portal"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_collector (fixture, set_port, &out, &err), ==, 0);

  /* The portal lets go of the ranges (a PUT says the whole configuration): the
   * technician's again. */
  g_clear_pointer (&answer, json_node_unref);
  answer = ml_test_portal_api (fixture->portal, "PUT", path,
                               "{\"ranges\": null, \"polling_interval\": 60, "
                               "\"user_names\": false}",
                               &status);
  g_assert_cmpuint (status, ==, 200);
  third = sync_all (fixture);
  g_assert_true (third->config_changed);
  g_assert_false (ml_collector_config_is_managed (fixture->config, "ranges"));
  g_assert_true (ml_collector_config_is_managed (fixture->config, "polling-interval"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_collector (fixture, set_ranges, &out, &err), ==, 0);
}

/* The site's secret rotated on the portal while bundles wait: enrolling with the new
 * code seals them again with the new key, and they go. */
static void
test_rotated_secret (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(MlSyncSummary) failed = NULL;
  g_autoptr(MlSyncSummary) refused = NULL;
  g_autoptr(MlSyncSummary) drained = NULL;
  g_autofree char *out = NULL;
  g_autofree char *code = NULL;
  const char * const rotate[] = { "site", "rotate-secret", ML_TEST_PORTAL_SITE, NULL };
  char *newline;

  if (fixture->portal == NULL)
    return;

  ml_test_portal_stop (fixture->portal);
  collect (fixture);
  failed = sync_with (fixture, ML_SYNC_FLAGS_NOW, 0);
  g_assert_error (failed->error, ML_ERROR, ML_ERROR_UNREACHABLE);
  g_assert_cmpuint (failed->waiting, ==, 1);

  g_assert_cmpint (ml_test_portal_run (fixture->portal, rotate, NULL, &out), ==, 0);
  g_strchomp (out);
  newline = strrchr (out, '\n');
  code = g_strdup (newline != NULL ? newline + 1 : out);
  g_assert_true (g_str_has_prefix (code, "MLE1-"));
  ml_test_portal_restart (fixture->portal);

  /* The waiting bundle, sealed with the old secret, no longer opens on the portal. */
  refused = sync_with (fixture, ML_SYNC_FLAGS_NOW, 0);
  g_assert_error (refused->error, ML_ERROR, ML_ERROR_HTTP);
  g_assert_cmpuint (refused->waiting, ==, 1);

  /* The store is this process's too: closed while the command reseals. */
  g_assert_finalize_object (g_steal_pointer (&fixture->collector));
  g_assert_finalize_object (g_steal_pointer (&fixture->store));
  g_clear_object (&fixture->config);
  enrol (fixture, code);
  open_collector (fixture);

  drained = sync_all (fixture);
  g_assert_cmpuint (drained->bundles_sent, ==, 1);
  assert_portal_matches_truth (fixture);
}

/* A keeper of secrets in memory, as the desktop app's keyring is one. */
#define TEST_TYPE_KEEPER (test_keeper_get_type ())
G_DECLARE_FINAL_TYPE (TestKeeper, test_keeper, TEST, KEEPER, GObject)

struct _TestKeeper
{
  GObject parent_instance;

  char *site_id;
  GBytes *secret;
  guint saves;
};

static void test_keeper_iface_init (MlSecretKeeperInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (TestKeeper, test_keeper, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (ML_TYPE_SECRET_KEEPER,
                                                      test_keeper_iface_init))

static void
test_keeper_finalize (GObject *object)
{
  TestKeeper *self = TEST_KEEPER (object);

  g_free (self->site_id);
  g_clear_pointer (&self->secret, g_bytes_unref);
  G_OBJECT_CLASS (test_keeper_parent_class)->finalize (object);
}

static void
test_keeper_class_init (TestKeeperClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = test_keeper_finalize;
}

static void
test_keeper_init (TestKeeper *self)
{
}

static void
test_keeper_save_async (MlSecretKeeper      *keeper,
                        const char          *site_id,
                        GBytes              *secret,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  TestKeeper *self = TEST_KEEPER (keeper);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_free (self->site_id);
  self->site_id = g_strdup (site_id);
  g_clear_pointer (&self->secret, g_bytes_unref);
  self->secret = g_bytes_ref (secret);
  self->saves++;
  g_task_return_boolean (task, TRUE);
}

static gboolean
test_keeper_save_finish (MlSecretKeeper  *keeper,
                         GAsyncResult    *result,
                         GError         **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
test_keeper_iface_init (MlSecretKeeperInterface *iface)
{
  iface->save_site_secret_async = test_keeper_save_async;
  iface->save_site_secret_finish = test_keeper_save_finish;
}

typedef struct
{
  gboolean done;
  MlEnrolSummary *summary;
  GError *error;
} EnrolWait;

static void
on_enrolled (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  EnrolWait *wait = user_data;

  wait->summary = ml_syncer_enroll_finish (ML_SYNCER (object), result, &wait->error);
  wait->done = TRUE;
}

static MlEnrolSummary *
enrol_with (MlSyncer       *syncer,
            const char     *text,
            MlSecretKeeper *keeper)
{
  g_autoptr(MlEnrolmentCode) code = NULL;
  g_autoptr(GError) error = NULL;
  EnrolWait wait = { FALSE, NULL, NULL };

  code = ml_enrolment_code_decode (text, &error);
  g_assert_no_error (error);
  ml_syncer_enroll_async (syncer, code, keeper, NULL, on_enrolled, &wait);
  ml_test_wait (&wait.done, SYNC_DEADLINE_S);
  g_assert_no_error (wait.error);
  g_assert_nonnull (wait.summary);
  return wait.summary;
}

/* The enrolment the app runs (ml_syncer_enroll_async() with its keeper of secrets):
 * the secret goes to the keeper, not to the secrets file; the syncer uses what it is
 * given. The site's secret rotated while a bundle waits: enrolling again with the
 * new code and the old secret given seals the bundle anew, and it goes. */
static void
test_enrol_keeper (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(TestKeeper) keeper = g_object_new (TEST_TYPE_KEEPER, NULL);
  g_autoptr(MlSyncer) syncer = NULL;
  g_autoptr(MlEnrolSummary) first = NULL;
  g_autoptr(MlEnrolSummary) again = NULL;
  g_autoptr(MlSyncSummary) failed = NULL;
  g_autoptr(MlSyncSummary) drained = NULL;
  g_autoptr(GBytes) old_secret = NULL;
  g_autoptr(GBytes) filed = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *site_id = NULL;
  g_autofree char *out = NULL;
  g_autofree char *code = NULL;
  const char * const rotate[] = { "site", "rotate-secret", ML_TEST_PORTAL_SITE, NULL };
  gint64 last_sync = -1;
  char *newline;

  if (fixture->portal == NULL)
    return;

  syncer = new_syncer (fixture, 0);
  first = enrol_with (syncer, ml_test_portal_get_code (fixture->portal),
                      ML_SECRET_KEEPER (keeper));
  g_assert_cmpstr (first->site, ==, ML_TEST_PORTAL_SITE);
  g_assert_cmpstr (first->customer, ==, ML_TEST_PORTAL_CUSTOMER);
  g_assert_cmpstr (first->portal_url, ==, ml_test_portal_get_url (fixture->portal));
  g_assert_false (first->site_changed);
  g_assert_false (first->resealed);
  g_assert_no_error (first->config_error);
  g_assert_cmpuint (keeper->saves, ==, 1);

  g_assert_true (ml_collector_store_get_enrolment (fixture->store, &site_id, NULL, NULL,
                                                   &error));
  g_assert_no_error (error);
  g_assert_cmpstr (keeper->site_id, ==, site_id);
  filed = ml_collector_config_load_site_secret (fixture->config, site_id, &error);
  g_assert_error (error, ML_ERROR, ML_ERROR_NOT_FOUND);
  g_assert_null (filed);
  g_clear_error (&error);
  g_assert_true (ml_syncer_get_last_sync (syncer, &last_sync, &error));
  g_assert_no_error (error);
  g_assert_cmpint (last_sync, ==, 0);

  /* A bundle waits, sealed with the first secret; the secret is rotated. */
  old_secret = g_bytes_ref (keeper->secret);
  ml_syncer_set_secrets (syncer, old_secret, NULL);
  ml_test_portal_stop (fixture->portal);
  collect (fixture);
  failed = ml_test_collector_sync (syncer, ML_SYNC_FLAGS_NOW, SYNC_DEADLINE_S);
  g_assert_error (failed->error, ML_ERROR, ML_ERROR_UNREACHABLE);
  g_assert_cmpuint (failed->waiting, ==, 1);
  g_assert_cmpint (ml_test_portal_run (fixture->portal, rotate, NULL, &out), ==, 0);
  g_strchomp (out);
  newline = strrchr (out, '\n');
  code = g_strdup (newline != NULL ? newline + 1 : out);
  ml_test_portal_restart (fixture->portal);

  again = enrol_with (syncer, code, ML_SECRET_KEEPER (keeper));
  g_assert_false (again->site_changed);
  g_assert_true (again->resealed);
  g_assert_cmpuint (keeper->saves, ==, 2);
  g_assert_false (g_bytes_equal (keeper->secret, old_secret));

  /* The syncer goes on with the new secret, given by the enrolment. */
  drained = ml_test_collector_sync (syncer, ML_SYNC_FLAGS_NOW, SYNC_DEADLINE_S);
  g_assert_no_error (drained->error);
  g_assert_cmpuint (drained->bundles_sent, ==, 1);
  g_assert_cmpuint (drained->waiting, ==, 0);
  g_assert_true (ml_syncer_get_last_sync (syncer, &last_sync, &error));
  g_assert_cmpint (last_sync, >, 0);
  assert_portal_matches_truth (fixture);
}

/* The daemon syncs after its cycle: a line of its log says so, and the portal has
 * the truth; SIGTERM ends it cleanly. */
typedef struct
{
  GDataInputStream *lines;
  GString *log;
  gboolean synced;
  gboolean closed;
} DaemonLog;

static void
on_daemon_line (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  DaemonLog *log = user_data;
  g_autofree char *line = NULL;

  line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (source), result, NULL,
                                                    NULL);
  if (line == NULL)
    {
      log->closed = TRUE;
      log->synced = TRUE;
      return;
    }
  g_string_append_printf (log->log, "%s\n", line);
  /* The sync after the cycle, not one that may have begun before it. */
  if (strstr (line, "Sync done:") != NULL && strstr (log->log->str, "Collection done:") != NULL)
    log->synced = TRUE;
  g_data_input_stream_read_line_async (log->lines, G_PRIORITY_DEFAULT, NULL, on_daemon_line, log);
}

static void
test_daemon (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  DaemonLog log = { NULL, NULL, FALSE, FALSE };
  gboolean exited = FALSE;

  if (fixture->portal == NULL)
    return;

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  ml_test_launcher_stop_with_parent (launcher);
  process = g_subprocess_launcher_spawn (launcher, &error, g_getenv ("ML_COLLECTOR"), "run",
                                         "--config", fixture->config_path, "--db",
                                         fixture->db_path, NULL);
  g_assert_no_error (error);
  log.log = g_string_new (NULL);
  log.lines = g_data_input_stream_new (g_subprocess_get_stderr_pipe (process));
  g_data_input_stream_read_line_async (log.lines, G_PRIORITY_DEFAULT, NULL, on_daemon_line, &log);

  ml_test_wait (&log.synced, SYNC_DEADLINE_S);
  if (log.closed)
    g_error ("the daemon ended before it synced:\n%s", log.log->str);
  assert_portal_matches_truth (fixture);
  g_assert_cmpuint (outbox_count (fixture), ==, 0);

  g_subprocess_send_signal (process, SIGTERM);
  g_subprocess_wait_async (process, NULL, on_exited, &exited);
  ml_test_wait (&exited, PROCESS_DEADLINE_S);
  g_assert_true (g_subprocess_get_if_exited (process));
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 0);
  ml_test_wait (&log.closed, PROCESS_DEADLINE_S);
  g_clear_object (&log.lines);
  g_string_free (log.log, TRUE);
}

/* Not enrolled: the sync says so, and the command tells how to enrol. */
static void
test_not_enrolled (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(MlSyncer) syncer = NULL;
  MlTestCollectorWait wait = { FALSE, NULL, NULL, NULL };

  if (fixture->portal == NULL)
    return;

  syncer = new_syncer (fixture, 0);
  ml_syncer_sync_async (syncer, ML_SYNC_FLAGS_NOW, NULL, ml_test_collector_on_synced, &wait);
  ml_test_wait (&wait.done, SYNC_DEADLINE_S);
  g_assert_null (wait.sync);
  g_assert_error (wait.error, ML_ERROR, ML_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (wait.error->message, "meterlink-collector enroll"));
  g_clear_error (&wait.error);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/collector/sync/backoff", test_backoff);
  g_test_add ("/collector/sync/end-to-end", Fixture, GINT_TO_POINTER (TRUE), fixture_setup,
              test_end_to_end, fixture_teardown);
  g_test_add ("/collector/sync/portal-down", Fixture, GINT_TO_POINTER (TRUE), fixture_setup,
              test_portal_down, fixture_teardown);
  g_test_add ("/collector/sync/killed-mid-upload", Fixture, GINT_TO_POINTER (TRUE),
              fixture_setup, test_killed_mid_upload, fixture_teardown);
  g_test_add ("/collector/sync/receipt-lost", Fixture, GINT_TO_POINTER (TRUE), fixture_setup,
              test_receipt_lost, fixture_teardown);
  g_test_add ("/collector/sync/wrong-pin", Fixture, GINT_TO_POINTER (FALSE), fixture_setup,
              test_wrong_pin, fixture_teardown);
  g_test_add ("/collector/sync/typo", Fixture, GINT_TO_POINTER (FALSE), fixture_setup,
              test_typo, fixture_teardown);
  g_test_add ("/collector/sync/managed-config", Fixture, GINT_TO_POINTER (TRUE), fixture_setup,
              test_managed_config, fixture_teardown);
  g_test_add ("/collector/sync/rotated-secret", Fixture, GINT_TO_POINTER (TRUE), fixture_setup,
              test_rotated_secret, fixture_teardown);
  g_test_add ("/collector/sync/enrol-keeper", Fixture, GINT_TO_POINTER (FALSE), fixture_setup,
              test_enrol_keeper, fixture_teardown);
  g_test_add ("/collector/sync/daemon", Fixture, GINT_TO_POINTER (TRUE), fixture_setup,
              test_daemon, fixture_teardown);
  g_test_add ("/collector/sync/not-enrolled", Fixture, GINT_TO_POINTER (FALSE), fixture_setup,
              test_not_enrolled, fixture_teardown);

  return g_test_run ();
}
