/* test-collector.c: the collection engine against the simulated fleet, end to end
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each case starts meterlink-printer-sim with frozen time, runs MlCollector cycles
 * into a store in a temporary folder, moves simulated time on through the control
 * API, and compares the store with the simulator's /truth at the same instant:
 * every job once with its accounting, the lifetime counters, the failures. No
 * sleeps: every wait runs the main loop until an event or a deadline.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "ml-collector.h"
#include "ml-store-lock.h"
#include "ml-test-collector.h"
#include "ml-test-fleet.h"
#include "ml-test-support.h"

#define CYCLE_DEADLINE_S 120
/* The fleet lives at 127.0.2.1 and up; the ranges hold more than the fleet, so the
 * scan must tell printers from empty addresses, and a printer can move inside them. */
#define FIRST_ADDRESS "127.0.2.1"
#define RANGES "127.0.2.1-127.0.2.40"
#define MOVED_ADDRESS "127.0.2.33"

typedef struct
{
  MlTestFleet *fleet;
  char *dir;
  MlCollectorConfig *config;
  MlCollectorStore *store;
  MlCollector *collector;
  guint n_read_signals;
  GPtrArray *failed_signals;   /* serials */
  gboolean scan_progress_seen;
  guint last_read_done;
  guint last_read_total;
} Fixture;

typedef struct
{
  guint n_printers;
  const char * const *sim_args;
  const char *timeout;
  const char *user_names;
} Setup;

/* Enough queue for every job of the test: no job leaves the truth between cycles. */
static const char * const default_sim_args[] = { "--queue-depth", "2000", "--history", "24",
                                                 NULL };
static const char * const slow_sim_args[] = { "--queue-depth", "2000", "--history", "24",
                                              "--slow-ms", "15000", NULL };

/* Fixture ------------------------------------------------------------------------------ */

static void
on_printer_read (MlCollector      *collector,
                 const char       *serial,
                 MlPrinterReading *reading,
                 Fixture          *fixture)
{
  g_assert_true (ML_IS_PRINTER_READING (reading));
  g_assert_cmpstr (ml_identity_get_serial_number (ml_printer_reading_get_identity (reading)), ==,
                   serial);
  fixture->n_read_signals++;
}

static void
on_printer_failed (MlCollector  *collector,
                   const char   *serial,
                   const GError *error,
                   Fixture      *fixture)
{
  g_assert_nonnull (error);
  g_ptr_array_add (fixture->failed_signals, g_strdup (serial));
}

static void
on_progress (MlCollector *collector,
             const char  *phase,
             guint        done,
             guint        total,
             guint        found,
             gint64       eta_ms,
             Fixture     *fixture)
{
  g_assert_cmpuint (done, <=, total);
  if (g_strcmp0 (phase, "scan") == 0)
    fixture->scan_progress_seen = TRUE;
  else
    {
      g_assert_cmpstr (phase, ==, "read");
      fixture->last_read_done = done;
      fixture->last_read_total = total;
    }
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  const Setup *setup = data;
  g_autoptr(GError) error = NULL;
  g_autofree char *config_path = NULL;
  g_autofree char *store_path = NULL;
  g_autofree char *port = NULL;

  fixture->failed_signals = g_ptr_array_new_with_free_func (g_free);
  fixture->fleet = ml_test_fleet_start (setup->n_printers, FIRST_ADDRESS, 11,
                                        setup->sim_args != NULL ? setup->sim_args
                                                                : default_sim_args);
  if (fixture->fleet == NULL)
    return;

  fixture->dir = g_dir_make_tmp ("test-collector-XXXXXX", &error);
  g_assert_no_error (error);
  config_path = g_build_filename (fixture->dir, "collector.conf", NULL);
  store_path = g_build_filename (fixture->dir, "collector.db", NULL);

  fixture->config = ml_collector_config_load (config_path, &error);
  g_assert_no_error (error);
  port = g_strdup_printf ("%u", ml_test_fleet_get_port (fixture->fleet));
  ml_test_collector_set_config (fixture->config, "ranges", RANGES);
  ml_test_collector_set_config (fixture->config, "port", port);
  ml_test_collector_set_config (fixture->config, "polling-interval", "30");
  ml_test_collector_set_config (fixture->config, "probe-timeout", "1000");
  ml_test_collector_set_config (fixture->config, "timeout",
                                setup->timeout != NULL ? setup->timeout : "20000");
  if (setup->user_names != NULL)
    ml_test_collector_set_config (fixture->config, "user-names", setup->user_names);
  ml_collector_config_save (fixture->config, &error);
  g_assert_no_error (error);

  fixture->store = ml_collector_store_open (store_path, &error);
  g_assert_no_error (error);
  fixture->collector = ml_collector_new (fixture->config, fixture->store);
  g_signal_connect (fixture->collector, "printer-read", G_CALLBACK (on_printer_read), fixture);
  g_signal_connect (fixture->collector, "printer-failed", G_CALLBACK (on_printer_failed),
                    fixture);
  g_signal_connect (fixture->collector, "progress", G_CALLBACK (on_progress), fixture);
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
  ml_test_fleet_stop (g_steal_pointer (&fixture->fleet));
  if (fixture->dir != NULL)
    ml_test_remove_tree (fixture->dir);
  g_clear_pointer (&fixture->dir, g_free);
  g_clear_pointer (&fixture->failed_signals, g_ptr_array_unref);
}

/* Cycles ------------------------------------------------------------------------------- */

static MlCycleSummary *
collect_with (Fixture       *fixture,
              GCancellable  *cancellable,
              GError       **error)
{
  MlTestCollectorWait wait = { FALSE, NULL, NULL, NULL };

  fixture->n_read_signals = 0;
  g_ptr_array_set_size (fixture->failed_signals, 0);
  ml_collector_collect_async (fixture->collector, cancellable, ml_test_collector_on_collected,
                              &wait);
  ml_test_wait (&wait.done, CYCLE_DEADLINE_S);
  if (wait.error != NULL)
    g_propagate_error (error, wait.error);
  return wait.cycle;
}

static MlCycleSummary *
collect (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  MlCycleSummary *summary = collect_with (fixture, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (summary);
  return summary;
}

/* A cycle in which every printer of the fleet was read. */
static guint
collect_all (Fixture *fixture)
{
  g_autoptr(MlCycleSummary) summary = collect (fixture);
  guint n = ml_test_fleet_get_size (fixture->fleet);

  if (ml_cycle_summary_get_failed (summary) > 0)
    {
      GHashTableIter iter;
      gpointer serial, message;

      g_hash_table_iter_init (&iter, ml_cycle_summary_get_failures (summary));
      while (g_hash_table_iter_next (&iter, &serial, &message))
        g_printerr ("%s: %s\n", (char *) serial, (char *) message);
    }
  g_assert_cmpuint (ml_cycle_summary_get_failed (summary), ==, 0);
  g_assert_cmpuint (ml_cycle_summary_get_found (summary), ==, n);
  g_assert_cmpuint (ml_cycle_summary_get_read (summary), ==, n);
  g_assert_cmpuint (fixture->n_read_signals, ==, n);
  return ml_cycle_summary_get_new_jobs (summary);
}

/* Comparing with the truth -------------------------------------------------------------- */

static guint
truth_job_count (JsonNode *truth)
{
  JsonArray *printers = json_object_get_array_member (json_node_get_object (truth), "printers");
  guint n = 0;

  for (guint i = 0; i < json_array_get_length (printers); i++)
    n += json_array_get_length (json_object_get_array_member (
                                  json_array_get_object_element (printers, i), "jobs"));
  return n;
}

static void
assert_counter (Fixture    *fixture,
                const char *serial,
                const char *counter,
                gint64      expected)
{
  g_autoptr(GError) error = NULL;
  gint64 value = -1;
  gint64 growth = -1;

  ml_collector_store_get_counter (fixture->store, serial, counter, &value, &growth, &error);
  g_assert_no_error (error);
  if (value != expected)
    g_error ("%s: counter %s is %" G_GINT64_FORMAT " in the store, %" G_GINT64_FORMAT
             " in the truth", serial, counter, value, expected);
}

/* The store holds exactly the truth's jobs of printer @index, each once, with equal
 * accounting, and its lifetime counters. @drop_user_name: compare without user
 * names (a site that keeps none). */
static void
assert_printer_matches (Fixture  *fixture,
                        JsonNode *truth,
                        guint     index,
                        gboolean  drop_user_name)
{
  JsonObject *printer = ml_test_fleet_truth_printer (truth, index);
  const char *serial = json_object_get_string_member (printer, "serial");
  JsonArray *truth_jobs = json_object_get_array_member (printer, "jobs");
  JsonObject *counters = json_object_get_object_member (printer, "counters");
  g_autoptr(GHashTable) stored = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  g_autoptr(GPtrArray) jobs = NULL;
  g_autoptr(GError) error = NULL;
  static const char * const totals[] = {
    "job_count", "page_count", "total_ink_ul", "total_media_area_mm2", "total_media_length_mm",
  };

  jobs = ml_collector_store_list_jobs (fixture->store, serial, 0, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < jobs->len; i++)
    {
      MlJob *job = g_ptr_array_index (jobs, i);
      g_autoptr(JsonNode) node = ml_job_to_json (job);

      g_assert_cmpstr (ml_collector_store_get_job_serial (job), ==, serial);
      if (drop_user_name)
        g_assert_null (ml_job_get_user_name (job));
      /* Each job once. */
      g_assert_false (g_hash_table_contains (stored, ml_job_get_uuid (job)));
      g_hash_table_insert (stored, (gpointer) ml_job_get_uuid (job), ml_test_json_text (node));
    }
  g_assert_cmpuint (jobs->len, ==, json_array_get_length (truth_jobs));

  for (guint i = 0; i < json_array_get_length (truth_jobs); i++)
    {
      JsonNode *node = json_array_get_element (truth_jobs, i);
      JsonObject *job = json_node_get_object (node);
      const char *uuid = json_object_get_string_member (job, "uuid");
      const char *text = g_hash_table_lookup (stored, uuid);
      g_autoptr(JsonNode) copy = json_node_copy (node);
      g_autofree char *expected = NULL;

      if (text == NULL)
        g_error ("%s: job %s of the truth is not in the store", serial, uuid);
      if (drop_user_name)
        json_object_remove_member (json_node_get_object (copy), "user_name");
      expected = ml_test_json_text (copy);
      if (strcmp (text, expected) != 0)
        g_error ("%s: job %s differs:\nstored: %s\ntruth:  %s", serial, uuid, text, expected);
    }

  for (guint i = 0; i < G_N_ELEMENTS (totals); i++)
    if (json_object_has_member (counters, totals[i]))
      assert_counter (fixture, serial, totals[i],
                      json_object_get_int_member (counters, totals[i]));

  if (json_object_has_member (counters, "inks"))
    {
      JsonArray *inks = json_object_get_array_member (counters, "inks");

      for (guint i = 0; i < json_array_get_length (inks); i++)
        {
          JsonObject *ink = json_array_get_object_element (inks, i);
          g_autofree char *name = g_strdup_printf ("ink/%s/ink_used_ul",
                                                   json_object_get_string_member (ink, "color"));

          assert_counter (fixture, serial, name, json_object_get_int_member (ink, "ink_used_ul"));
        }
    }
}

static void
assert_fleet_matches (Fixture  *fixture,
                      JsonNode *truth)
{
  for (guint i = 0; i < ml_test_fleet_get_size (fixture->fleet); i++)
    assert_printer_matches (fixture, truth, i, FALSE);
}

static MlStoredPrinter *
lookup (Fixture *fixture,
        guint    index)
{
  g_autoptr(GError) error = NULL;
  MlStoredPrinter *printer;

  printer = ml_collector_store_lookup_printer (fixture->store,
                                               ml_test_fleet_get_serial (fixture->fleet, index),
                                               &error);
  g_assert_no_error (error);
  return printer;
}

static gint64
now_s (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

/* Tests -------------------------------------------------------------------------------- */

static const Setup five = { 5, NULL, NULL, NULL };

/* Two cycles store exactly the truth: every job once with its accounting, the
 * counters; the scan finds exactly the fleet; nothing but GET reached a printer;
 * the schedule moves on by the polling interval. */
static void
test_truth (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(JsonNode) truth = NULL;
  g_autoptr(GPtrArray) printers = NULL;
  g_autoptr(GError) error = NULL;
  guint before;
  guint new_jobs;
  gint64 started;

  if (fixture->fleet == NULL)
    return;

  /* Never collected: due now. */
  g_assert_cmpint (ABS (ml_collector_get_next_due (fixture->collector) - now_s ()), <=, 5);

  started = now_s ();
  new_jobs = collect_all (fixture);
  truth = ml_test_fleet_truth (fixture->fleet);
  g_assert_cmpuint (new_jobs, ==, truth_job_count (truth));
  g_assert_cmpuint (new_jobs, >, 0);
  assert_fleet_matches (fixture, truth);
  g_assert_true (fixture->scan_progress_seen);
  g_assert_cmpuint (fixture->last_read_done, ==, 5);
  g_assert_cmpuint (fixture->last_read_total, ==, 5);

  /* Exactly the fleet, each at its address with its certificate pinned. */
  printers = ml_collector_store_list_printers (fixture->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (printers->len, ==, 5);
  for (guint i = 0; i < 5; i++)
    {
      g_autoptr(MlStoredPrinter) printer = lookup (fixture, i);

      g_assert_cmpstr (ml_stored_printer_get_address (printer), ==,
                       ml_test_fleet_get_address (fixture->fleet, i));
      g_assert_cmpstr (ml_stored_printer_get_cert_sha256 (printer), ==,
                       ml_test_fleet_get_cert (fixture->fleet, i));
      g_assert_true (ml_stored_printer_get_supported (printer));
      g_assert_cmpint (ml_stored_printer_get_last_success (printer), >=, started);
      g_assert_null (ml_stored_printer_get_last_error (printer));
    }

  /* Due again one polling interval (30 minutes) after the cycle. */
  g_assert_cmpint (ml_collector_get_next_due (fixture->collector), >=, started + 30 * 60);
  g_assert_cmpint (ml_collector_get_next_due (fixture->collector), <=, now_s () + 30 * 60);

  /* A morning's printing later: only the new jobs are new. */
  before = truth_job_count (truth);
  ml_test_fleet_advance (fixture->fleet, 4 * 3600);
  new_jobs = collect_all (fixture);
  g_clear_pointer (&truth, json_node_unref);
  truth = ml_test_fleet_truth (fixture->fleet);
  g_assert_cmpuint (truth_job_count (truth), >, before);
  g_assert_cmpuint (new_jobs, ==, truth_job_count (truth) - before);
  assert_fleet_matches (fixture, truth);

  /* Nothing happened since: nothing new. */
  g_assert_cmpuint (collect_all (fixture), ==, 0);
  assert_fleet_matches (fixture, truth);

  g_assert_cmpint (ml_test_fleet_stat (fixture->fleet, "non_read_requests"), ==, 0);
  g_assert_true (ml_collector_store_check_integrity (fixture->store, &error));
  g_assert_no_error (error);
}

typedef struct
{
  Setup setup;
  const char *kind;
  const char *message;         /* a part of the failure's message */
} FaultCase;

static const FaultCase fault_cases[] = {
  { { 3, slow_sim_args, "1000", NULL }, "slow", "did not answer" },
  { { 3, NULL, NULL, NULL }, "truncated", "cut short" },
  { { 3, NULL, NULL, NULL }, "malformed", "unreadable" },
  { { 3, NULL, NULL, NULL }, "http500", "HTTP 500" },
  { { 3, NULL, NULL, NULL }, "offline", "Not found at its address 127.0.2.2" },
  { { 3, NULL, NULL, NULL }, "cert-change", "certificate changed" },
};

/* A fault on one printer is that printer's failure, with a message that says what
 * went wrong, while the rest of the fleet is collected in the same cycle; once
 * the fault is gone (a changed certificate: accepted) the next cycle collects it. */
static void
test_fault (Fixture       *fixture,
            gconstpointer  data)
{
  const FaultCase *fault = data;
  g_autoptr(MlCycleSummary) summary = NULL;
  g_autoptr(JsonNode) truth = NULL;
  g_autoptr(MlStoredPrinter) printer = NULL;
  g_autoptr(GError) error = NULL;
  const char *serial;
  const char *message;
  gint64 jobs_before;

  if (fixture->fleet == NULL)
    return;

  serial = ml_test_fleet_get_serial (fixture->fleet, 1);
  collect_all (fixture);
  jobs_before = ml_collector_store_count_jobs (fixture->store, serial, 0, &error);
  g_assert_no_error (error);

  ml_test_fleet_advance (fixture->fleet, 3 * 3600);
  ml_test_fleet_fault (fixture->fleet, 1, fault->kind);
  summary = collect (fixture);

  g_assert_cmpuint (ml_cycle_summary_get_failed (summary), ==, 1);
  g_assert_cmpuint (ml_cycle_summary_get_read (summary), ==, 2);
  message = g_hash_table_lookup (ml_cycle_summary_get_failures (summary), serial);
  g_assert_nonnull (message);
  g_test_message ("%s: %s", fault->kind, message);
  if (strstr (message, fault->message) == NULL)
    g_error ("the failure of %s for a %s fault says “%s”, not “%s”", serial, fault->kind,
             message, fault->message);
  g_assert_cmpuint (fixture->failed_signals->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (fixture->failed_signals, 0), ==, serial);
  /* A slow printer costs its own timeout, not the simulator's 15 s delay. */
  if (g_strcmp0 (fault->kind, "slow") == 0)
    g_assert_cmpint (ml_cycle_summary_get_duration_ms (summary), <, 10000);

  printer = lookup (fixture, 1);
  g_assert_cmpstr (ml_stored_printer_get_last_error (printer), ==, message);
  g_assert_cmpint (ml_collector_store_count_jobs (fixture->store, serial, 0, NULL), ==,
                   jobs_before);

  /* The others, the same cycle. */
  truth = ml_test_fleet_truth (fixture->fleet);
  assert_printer_matches (fixture, truth, 0, FALSE);
  assert_printer_matches (fixture, truth, 2, FALSE);

  ml_test_fleet_clear_faults (fixture->fleet, 1);
  if (g_strcmp0 (fault->kind, "cert-change") == 0)
    {
      const char *presented = json_object_get_string_member (
        ml_test_fleet_truth_printer (truth, 1), "cert_sha256");

      /* Only what the printer presented waits for the technician. */
      g_assert_cmpstr (ml_stored_printer_get_pending_cert_sha256 (printer), ==, presented);
      g_assert_cmpstr (ml_stored_printer_get_cert_sha256 (printer), ==,
                       ml_test_fleet_get_cert (fixture->fleet, 1));

      /* Until accepted, it stays a failure. */
      g_clear_object (&summary);
      summary = collect (fixture);
      g_assert_cmpuint (ml_cycle_summary_get_failed (summary), ==, 1);

      ml_collector_store_accept_certificate (fixture->store, serial, presented, &error);
      g_assert_no_error (error);
    }

  collect_all (fixture);
  g_clear_object (&printer);
  printer = lookup (fixture, 1);
  g_assert_null (ml_stored_printer_get_last_error (printer));
  g_clear_pointer (&truth, json_node_unref);
  truth = ml_test_fleet_truth (fixture->fleet);
  assert_fleet_matches (fixture, truth);
  g_assert_cmpint (ml_test_fleet_stat (fixture->fleet, "non_read_requests"), ==, 0);
}

static const Setup three = { 3, NULL, NULL, NULL };

/* A printer that moved is the same printer, with both addresses in its history. */
static void
test_move (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(JsonNode) moved = NULL;
  g_autoptr(JsonNode) truth = NULL;
  g_autoptr(GPtrArray) printers = NULL;
  g_autoptr(GPtrArray) addresses = NULL;
  g_autoptr(MlStoredPrinter) printer = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  const char *serial;
  guint status = 0;

  if (fixture->fleet == NULL)
    return;

  serial = ml_test_fleet_get_serial (fixture->fleet, 0);
  collect_all (fixture);

  path = g_strdup_printf ("/move?serial=%s&address=%s", serial, MOVED_ADDRESS);
  moved = ml_test_fleet_request (fixture->fleet, "POST", path, &status);
  if (status == 404)
    {
      g_test_skip ("the simulator has no POST /move yet");
      return;
    }
  g_assert_cmpuint (status, ==, 200);

  ml_test_fleet_advance (fixture->fleet, 3600);
  collect_all (fixture);

  printers = ml_collector_store_list_printers (fixture->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (printers->len, ==, 3);

  printer = lookup (fixture, 0);
  g_assert_cmpstr (ml_stored_printer_get_address (printer), ==, MOVED_ADDRESS);
  addresses = ml_collector_store_list_addresses (fixture->store, serial, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (addresses->len, ==, 2);
  g_assert_cmpstr (ml_stored_address_get_address (g_ptr_array_index (addresses, 0)), ==,
                   ml_test_fleet_get_address (fixture->fleet, 0));
  g_assert_cmpstr (ml_stored_address_get_address (g_ptr_array_index (addresses, 1)), ==,
                   MOVED_ADDRESS);

  truth = ml_test_fleet_truth (fixture->fleet);
  assert_fleet_matches (fixture, truth);
}

static const Setup two = { 2, NULL, NULL, NULL };

static guint
count_events (GPtrArray  *events,
              const char *counter)
{
  guint n = 0;

  for (guint i = 0; i < events->len; i++)
    if (g_strcmp0 (ml_counter_event_get_counter (g_ptr_array_index (events, i)), counter) == 0)
      n++;
  return n;
}

/* A counter that went down is one reset event with the values before and after;
 * the growth billed never goes down, and the next cycle adds no event. */
static void
test_counter_reset (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GPtrArray) others = NULL;
  g_autoptr(JsonNode) truth = NULL;
  g_autoptr(GError) error = NULL;
  const char *serial;
  gint64 value_before, growth_before;
  gint64 value_after, growth_after;
  MlCounterEvent *event = NULL;

  if (fixture->fleet == NULL)
    return;

  serial = ml_test_fleet_get_serial (fixture->fleet, 0);
  collect_all (fixture);
  ml_test_fleet_advance (fixture->fleet, 2 * 3600);
  collect_all (fixture);
  ml_collector_store_get_counter (fixture->store, serial, "job_count", &value_before,
                                  &growth_before, &error);
  g_assert_no_error (error);
  g_assert_cmpint (value_before, >, 0);

  ml_test_fleet_fault (fixture->fleet, 0, "counter-reset");
  ml_test_fleet_advance (fixture->fleet, 3 * 3600);
  collect_all (fixture);

  events = ml_collector_store_list_counter_events (fixture->store, serial, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (count_events (events, "job_count"), ==, 1);
  for (guint i = 0; i < events->len; i++)
    {
      MlCounterEvent *candidate = g_ptr_array_index (events, i);

      g_assert_cmpuint (count_events (events, ml_counter_event_get_counter (candidate)), ==, 1);
      g_assert_cmpstr (ml_counter_event_get_kind (candidate), ==, "reset");
      g_assert_cmpint (ml_counter_event_get_after (candidate), <,
                       ml_counter_event_get_before (candidate));
      if (g_strcmp0 (ml_counter_event_get_counter (candidate), "job_count") == 0)
        event = candidate;
    }

  truth = ml_test_fleet_truth (fixture->fleet);
  ml_collector_store_get_counter (fixture->store, serial, "job_count", &value_after,
                                  &growth_after, &error);
  g_assert_no_error (error);
  g_assert_cmpint (ml_counter_event_get_before (event), ==, value_before);
  g_assert_cmpint (ml_counter_event_get_after (event), ==, value_after);
  g_assert_cmpint (growth_after, ==, growth_before + value_after);
  assert_fleet_matches (fixture, truth);

  /* Nothing else went down. */
  others = ml_collector_store_list_counter_events (fixture->store,
                                                   ml_test_fleet_get_serial (fixture->fleet, 1),
                                                   &error);
  g_assert_no_error (error);
  g_assert_cmpuint (others->len, ==, 0);

  /* Counting on from zero is growth, not another reset. */
  ml_test_fleet_advance (fixture->fleet, 3 * 3600);
  collect_all (fixture);
  g_clear_pointer (&events, g_ptr_array_unref);
  events = ml_collector_store_list_counter_events (fixture->store, serial, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (count_events (events, "job_count"), ==, 1);
}

/* A reboot gives the queue a new UUID: the queue is read again from the start, and
 * no job is lost or stored twice. */
static void
test_reboot (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(JsonNode) truth = NULL;
  g_autoptr(JsonNode) after = NULL;
  g_autoptr(MlStoredPrinter) printer = NULL;
  const char *old_queue;
  guint before;
  guint new_jobs;

  if (fixture->fleet == NULL)
    return;

  collect_all (fixture);
  truth = ml_test_fleet_truth (fixture->fleet);
  before = truth_job_count (truth);
  old_queue = json_object_get_string_member (ml_test_fleet_truth_printer (truth, 0),
                                             "queue_uuid");

  ml_test_fleet_fault (fixture->fleet, 0, "reboot");
  ml_test_fleet_advance (fixture->fleet, 3 * 3600);
  new_jobs = collect_all (fixture);

  after = ml_test_fleet_truth (fixture->fleet);
  g_assert_cmpstr (json_object_get_string_member (ml_test_fleet_truth_printer (after, 0),
                                                  "queue_uuid"), !=, old_queue);
  g_assert_cmpuint (new_jobs, ==, truth_job_count (after) - before);
  assert_fleet_matches (fixture, after);

  printer = lookup (fixture, 0);
  g_assert_cmpstr (ml_stored_printer_get_queue_uuid (printer), ==,
                   json_object_get_string_member (ml_test_fleet_truth_printer (after, 0),
                                                  "queue_uuid"));
}

/* One collection at a time per store: refused at once, before any printer is
 * asked anything; free again when the holder is done. */
static void
test_lock (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(MlStoreLock) lock = NULL;
  g_autoptr(MlCycleSummary) summary = NULL;
  g_autoptr(GError) error = NULL;
  MlTestCollectorWait first = { FALSE, NULL, NULL, NULL };
  MlTestCollectorWait second = { FALSE, NULL, NULL, NULL };
  gint64 requests;

  if (fixture->fleet == NULL)
    return;

  lock = ml_store_lock_acquire (ml_collector_store_get_path (fixture->store), &error);
  g_assert_no_error (error);
  requests = ml_test_fleet_stat (fixture->fleet, "requests");
  summary = collect_with (fixture, NULL, &error);
  g_assert_error (error, ML_ERROR, ML_ERROR_LOCKED);
  g_assert_null (summary);
  g_assert_cmpint (ml_test_fleet_stat (fixture->fleet, "requests"), ==, requests);
  g_clear_error (&error);
  g_clear_object (&lock);

  /* Two at once on one store: the second is refused, the first completes. */
  ml_collector_collect_async (fixture->collector, NULL, ml_test_collector_on_collected, &first);
  ml_collector_collect_async (fixture->collector, NULL, ml_test_collector_on_collected, &second);
  ml_test_wait (&second.done, CYCLE_DEADLINE_S);
  ml_test_wait (&first.done, CYCLE_DEADLINE_S);
  g_assert_no_error (first.error);
  g_assert_nonnull (first.cycle);
  g_assert_cmpuint (ml_cycle_summary_get_read (first.cycle), ==, 2);
  g_assert_error (second.error, ML_ERROR, ML_ERROR_LOCKED);
  g_assert_null (second.cycle);
  g_clear_object (&first.cycle);
  g_clear_error (&second.error);

  /* Released with the cycle. */
  collect_all (fixture);
}

static void
cancel_on_read (MlCollector      *collector,
                const char       *serial,
                MlPrinterReading *reading,
                GCancellable     *cancellable)
{
  g_cancellable_cancel (cancellable);
}

/* A cancelled cycle keeps what it stored, leaves the schedule alone and the store
 * whole, and frees the lock; the next cycle completes the work. */
static void
test_cancel (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(MlCycleSummary) summary = NULL;
  g_autoptr(JsonNode) truth = NULL;
  g_autoptr(GError) error = NULL;
  gint64 next_due = -1;
  gulong id;

  if (fixture->fleet == NULL)
    return;

  ml_test_collector_set_config (fixture->config, "concurrency", "1");
  id = g_signal_connect (fixture->collector, "printer-read", G_CALLBACK (cancel_on_read),
                         cancellable);
  summary = collect_with (fixture, cancellable, &error);
  g_signal_handler_disconnect (fixture->collector, id);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (summary);
  g_assert_cmpuint (fixture->n_read_signals, ==, 1);
  g_assert_cmpuint (fixture->failed_signals->len, ==, 0);
  g_clear_error (&error);

  ml_collector_store_get_schedule (fixture->store, "next_due", &next_due, &error);
  g_assert_no_error (error);
  g_assert_cmpint (next_due, ==, 0);
  g_assert_true (ml_collector_store_check_integrity (fixture->store, &error));
  g_assert_no_error (error);

  collect_all (fixture);
  truth = ml_test_fleet_truth (fixture->fleet);
  assert_fleet_matches (fixture, truth);
}

static const Setup no_user_names = { 2, NULL, NULL, "false" };

/* A site that keeps no user names never stores one. */
static void
test_user_names (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(JsonNode) truth = NULL;
  gboolean truth_has_names = FALSE;

  if (fixture->fleet == NULL)
    return;

  collect_all (fixture);
  truth = ml_test_fleet_truth (fixture->fleet);
  for (guint p = 0; p < 2; p++)
    {
      JsonArray *jobs = json_object_get_array_member (ml_test_fleet_truth_printer (truth, p),
                                                      "jobs");

      for (guint i = 0; i < json_array_get_length (jobs); i++)
        truth_has_names |= json_object_has_member (json_array_get_object_element (jobs, i),
                                                   "user_name");
      assert_printer_matches (fixture, truth, p, TRUE);
    }
  g_assert_true (truth_has_names);
}

/* Without ranges there is nowhere to look: a clear error, not an empty success. */
static void
test_no_ranges (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("test-collector-XXXXXX", &error);
  g_autofree char *config_path = g_build_filename (dir, "collector.conf", NULL);
  g_autofree char *store_path = g_build_filename (dir, "collector.db", NULL);
  g_autoptr(MlCollectorConfig) config = NULL;
  g_autoptr(MlCollectorStore) store = NULL;
  g_autoptr(MlCollector) collector = NULL;
  MlTestCollectorWait wait = { FALSE, NULL, NULL, NULL };

  config = ml_collector_config_load (config_path, &error);
  g_assert_no_error (error);
  store = ml_collector_store_open (store_path, &error);
  g_assert_no_error (error);
  collector = ml_collector_new (config, store);

  ml_collector_collect_async (collector, NULL, ml_test_collector_on_collected, &wait);
  ml_test_wait (&wait.done, CYCLE_DEADLINE_S);
  g_assert_error (wait.error, ML_ERROR, ML_ERROR_INVALID_VALUE);
  g_assert_nonnull (strstr (wait.error->message, "ranges"));
  g_clear_error (&wait.error);

  g_assert_finalize_object (g_steal_pointer (&collector));
  g_assert_finalize_object (g_steal_pointer (&store));
  ml_test_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/collector/cycle/truth", Fixture, &five, fixture_setup, test_truth,
              fixture_teardown);
  for (guint i = 0; i < G_N_ELEMENTS (fault_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/collector/fault/%s", fault_cases[i].kind);

      g_test_add (path, Fixture, &fault_cases[i], fixture_setup, test_fault, fixture_teardown);
    }
  g_test_add ("/collector/move", Fixture, &three, fixture_setup, test_move, fixture_teardown);
  g_test_add ("/collector/counter-reset", Fixture, &two, fixture_setup, test_counter_reset,
              fixture_teardown);
  g_test_add ("/collector/reboot", Fixture, &two, fixture_setup, test_reboot, fixture_teardown);
  g_test_add ("/collector/lock", Fixture, &two, fixture_setup, test_lock, fixture_teardown);
  g_test_add ("/collector/cancel", Fixture, &three, fixture_setup, test_cancel,
              fixture_teardown);
  g_test_add ("/collector/user-names", Fixture, &no_user_names, fixture_setup,
              test_user_names, fixture_teardown);
  g_test_add_func ("/collector/no-ranges", test_no_ranges);

  return g_test_run ();
}
