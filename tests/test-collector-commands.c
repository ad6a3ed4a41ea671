/* test-collector-commands.c: collect, run, status and jobs as a technician runs them
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs the built meterlink-collector (ML_COLLECTOR) against the simulated fleet
 * with a configuration and a store in a temporary folder, and checks what it
 * prints, its JSON keys and its exit status: 0 when all went well, 1 when a printer
 * failed, 2 for a usage error. No sleeps: every wait has an event and a deadline.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>

#include "ml-collector-config.h"
#include "ml-collector-store.h"
#include "ml-store-lock.h"
#include "ml-test-fleet.h"
#include "ml-test-support.h"

#define N_PRINTERS 3
#define PROCESS_DEADLINE_S 120

typedef struct
{
  MlTestFleet *fleet;
  char *dir;
  char *config_path;
  char *db_path;
} Fixture;

/* Fixture ------------------------------------------------------------------------------ */

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  static const char * const sim_args[] = { "--queue-depth", "2000", "--history", "24",
                                           "--slow-ms", "30000", NULL };
  g_autoptr(MlCollectorConfig) config = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *port = NULL;

  if (g_getenv ("ML_COLLECTOR") == NULL)
    {
      g_test_skip ("ML_COLLECTOR is not set");
      return;
    }
  fixture->fleet = ml_test_fleet_start (N_PRINTERS, "127.0.3.1", 5, sim_args);
  if (fixture->fleet == NULL)
    return;

  fixture->dir = g_dir_make_tmp ("test-collector-commands-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->config_path = g_build_filename (fixture->dir, "collector.conf", NULL);
  fixture->db_path = g_build_filename (fixture->dir, "collector.db", NULL);

  config = ml_collector_config_load (fixture->config_path, &error);
  g_assert_no_error (error);
  port = g_strdup_printf ("%u", ml_test_fleet_get_port (fixture->fleet));
  g_assert_true (ml_collector_config_set (config, "ranges", "127.0.3.1-127.0.3.10", &error));
  g_assert_true (ml_collector_config_set (config, "port", port, &error));
  g_assert_true (ml_collector_config_set (config, "polling-interval", "30", &error));
  g_assert_true (ml_collector_config_set (config, "probe-timeout", "1000", &error));
  g_assert_true (ml_collector_config_save (config, &error));
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  ml_test_fleet_stop (g_steal_pointer (&fixture->fleet));
  if (fixture->dir != NULL)
    ml_test_remove_tree (fixture->dir);
  g_clear_pointer (&fixture->dir, g_free);
  g_clear_pointer (&fixture->config_path, g_free);
  g_clear_pointer (&fixture->db_path, g_free);
}

/* Running the program ------------------------------------------------------------------- */

static GSubprocess *
spawn (GSubprocessFlags    flags,
       const char * const *argv)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (flags);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) full = NULL;
  g_autoptr(GError) error = NULL;
  GSubprocess *process;

  /* Messages in English, whatever the machine's language. */
  g_subprocess_launcher_setenv (launcher, "LANGUAGE", "C", TRUE);
  g_subprocess_launcher_setenv (launcher, "LC_ALL", "C.UTF-8", TRUE);
  ml_test_launcher_stop_with_parent (launcher);
  g_strv_builder_add (builder, g_getenv ("ML_COLLECTOR"));
  g_strv_builder_addv (builder, (const char **) argv);
  full = g_strv_builder_end (builder);
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) full, &error);
  g_assert_no_error (error);
  return process;
}

/* Runs COMMAND with --config and --db of the fixture, then @args (NULL-terminated).
 * Returns the exit status; out and err (nullable) get what it printed. */
static int
run_argv (Fixture             *fixture,
          const char          *command,
          const char * const  *args,
          char               **out,
          char               **err)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) argv = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autofree char *stdout_text = NULL;
  g_autofree char *stderr_text = NULL;

  g_strv_builder_add (builder, command);
  if (fixture != NULL)
    g_strv_builder_add_many (builder, "--config", fixture->config_path, "--db",
                             fixture->db_path, NULL);
  if (args != NULL)
    g_strv_builder_addv (builder, (const char **) args);
  argv = g_strv_builder_end (builder);

  process = spawn (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                   (const char * const *) argv);
  ml_test_communicate (process, NULL, PROCESS_DEADLINE_S, &stdout_text, &stderr_text);
  g_assert_true (g_subprocess_get_if_exited (process));

  g_test_message ("%s: exit %d\n%s%s", command, g_subprocess_get_exit_status (process),
                  stdout_text, stderr_text);
  if (out != NULL)
    *out = g_steal_pointer (&stdout_text);
  if (err != NULL)
    *err = g_steal_pointer (&stderr_text);
  return g_subprocess_get_exit_status (process);
}

#define run(fixture, command, out, err, ...) \
  run_argv (fixture, command, (const char * const []) { __VA_ARGS__ }, out, err)

static JsonNode *
parse (const char *text)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = json_from_string (text, &error);

  g_assert_no_error (error);
  g_assert_nonnull (node);
  return node;
}

static gboolean
contains (const char *text,
          const char *part)
{
  return text != NULL && strstr (text, part) != NULL;
}

/* Tests -------------------------------------------------------------------------------- */

/* collect: a summary, the same as JSON, and 1 with each failure named. */
static void
test_collect (Fixture       *fixture,
              gconstpointer  data)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(JsonNode) summary = NULL;
  g_autoptr(JsonNode) failed = NULL;
  JsonObject *object;
  JsonArray *failures;
  const char *serial;

  if (fixture->fleet == NULL)
    return;

  g_assert_cmpint (run (fixture, "collect", &out, &err, NULL), ==, 0);
  g_assert_true (contains (out, "Printers found:  3"));
  g_assert_true (contains (out, "Printers read:   3"));
  g_assert_true (contains (out, "Printers failed: 0"));
  g_assert_true (contains (out, "New jobs:"));
  g_clear_pointer (&out, g_free);

  ml_test_fleet_advance (fixture->fleet, 3600);
  g_assert_cmpint (run (fixture, "collect", &out, NULL, "--json", NULL), ==, 0);
  summary = parse (out);
  object = json_node_get_object (summary);
  g_assert_cmpint (json_object_get_int_member (object, "found"), ==, 3);
  g_assert_cmpint (json_object_get_int_member (object, "read"), ==, 3);
  g_assert_cmpint (json_object_get_int_member (object, "failed"), ==, 0);
  g_assert_true (json_object_has_member (object, "new_jobs"));
  g_assert_cmpint (json_object_get_int_member (object, "duration_ms"), >=, 0);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object, "failures")),
                    ==, 0);
  g_clear_pointer (&out, g_free);

  /* One printer broken: exit 1, and the technician learns which and why. */
  serial = ml_test_fleet_get_serial (fixture->fleet, 1);
  ml_test_fleet_fault (fixture->fleet, 1, "http500");
  g_assert_cmpint (run (fixture, "collect", &out, NULL, "--json", NULL), ==, 1);
  failed = parse (out);
  object = json_node_get_object (failed);
  g_assert_cmpint (json_object_get_int_member (object, "read"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (object, "failed"), ==, 1);
  failures = json_object_get_array_member (object, "failures");
  g_assert_cmpuint (json_array_get_length (failures), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (failures, 0),
                                                  "serial"), ==, serial);
  g_assert_true (contains (json_object_get_string_member (
                             json_array_get_object_element (failures, 0), "message"),
                           "HTTP 500"));
  g_clear_pointer (&out, g_free);

  g_assert_cmpint (run (fixture, "collect", &out, NULL, NULL), ==, 1);
  g_assert_true (contains (out, "Printers failed: 1"));
  g_assert_true (contains (out, serial));
  g_assert_true (contains (out, "HTTP 500"));

  g_assert_cmpint (ml_test_fleet_stat (fixture->fleet, "non_read_requests"), ==, 0);
}

/* Bad usage is 2, with a message, and changes nothing. */
static void
test_usage (Fixture       *fixture,
            gconstpointer  data)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  if (fixture->fleet == NULL)
    return;

  g_assert_cmpint (run (fixture, "collect", NULL, &err, "--frobnicate", NULL), ==, 2);
  g_assert_true (contains (err, "frobnicate"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run (fixture, "collect", NULL, &err, "now", NULL), ==, 2);
  g_assert_true (contains (err, "now"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run (fixture, "run", NULL, NULL, "--json", NULL), ==, 2);
  g_assert_cmpint (run (fixture, "status", NULL, NULL, "--nope", NULL), ==, 2);
  g_assert_false (g_file_test (fixture->db_path, G_FILE_TEST_EXISTS));

  g_assert_cmpint (run (fixture, "collect", NULL, NULL, NULL), ==, 0);
  g_assert_cmpint (run (fixture, "jobs", NULL, &err, "--since", "last tuesday", NULL), ==, 2);
  g_assert_true (contains (err, "last tuesday"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run (fixture, "jobs", NULL, NULL, "--since", "2026-02-30", NULL), ==, 2);
  g_assert_cmpint (run (fixture, "jobs", NULL, &err, "--printer", "CN00000000", NULL), ==, 2);
  g_assert_true (contains (err, "CN00000000"));
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run (NULL, "frobnicate", NULL, &err, NULL), ==, 2);
  g_assert_true (contains (err, "frobnicate"));

  /* Every command of this issue is listed. */
  g_assert_cmpint (run (NULL, "--help", &out, NULL, NULL), ==, 0);
  g_assert_true (contains (out, "collect"));
  g_assert_true (contains (out, "run"));
  g_assert_true (contains (out, "status"));
  g_assert_true (contains (out, "jobs"));
}

/* A collection already running on the store: a clear message and 1, at once. */
static void
test_locked (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(MlStoreLock) lock = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  gint64 requests;

  if (fixture->fleet == NULL)
    return;

  lock = ml_store_lock_acquire (fixture->db_path, &error);
  g_assert_no_error (error);
  requests = ml_test_fleet_stat (fixture->fleet, "requests");
  g_assert_cmpint (run (fixture, "collect", NULL, &err, NULL), ==, 1);
  g_assert_true (contains (err, "Another collection is running"));
  g_assert_cmpint (ml_test_fleet_stat (fixture->fleet, "requests"), ==, requests);
}

static JsonObject *
find_printer (JsonArray  *printers,
              const char *serial)
{
  for (guint i = 0; i < json_array_get_length (printers); i++)
    {
      JsonObject *printer = json_array_get_object_element (printers, i);

      if (g_strcmp0 (json_object_get_string_member (printer, "serial"), serial) == 0)
        return printer;
    }
  return NULL;
}

/* status: every printer with its state, consumables, media, times and last error. */
static void
test_status (Fixture       *fixture,
             gconstpointer  data)
{
  static const char * const keys[] = {
    "serial", "product_number", "model", "address", "port", "supported", "status",
    "consumables", "media", "last_seen", "last_success",
  };
  g_autofree char *out = NULL;
  g_autoptr(JsonNode) node = NULL;
  JsonArray *printers;
  JsonObject *failing;
  const char *broken;

  if (fixture->fleet == NULL)
    return;

  /* Nothing collected yet: said so, and no store made for it. */
  g_assert_cmpint (run (fixture, "status", &out, NULL, NULL), ==, 0);
  g_assert_true (contains (out, "No printers known yet"));
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (run (fixture, "status", &out, NULL, "--json", NULL), ==, 0);
  g_assert_cmpstr (g_strstrip (out), ==, "[]");
  g_clear_pointer (&out, g_free);
  g_assert_false (g_file_test (fixture->db_path, G_FILE_TEST_EXISTS));

  g_assert_cmpint (run (fixture, "collect", NULL, NULL, NULL), ==, 0);
  broken = ml_test_fleet_get_serial (fixture->fleet, 2);
  ml_test_fleet_fault (fixture->fleet, 2, "malformed");
  g_assert_cmpint (run (fixture, "collect", NULL, NULL, NULL), ==, 1);

  g_assert_cmpint (run (fixture, "status", &out, NULL, "--json", NULL), ==, 0);
  node = parse (out);
  printers = json_node_get_array (node);
  g_assert_cmpuint (json_array_get_length (printers), ==, N_PRINTERS);
  for (guint i = 0; i < N_PRINTERS; i++)
    {
      JsonObject *printer = find_printer (printers, ml_test_fleet_get_serial (fixture->fleet, i));
      JsonArray *consumables;

      g_assert_nonnull (printer);
      for (guint k = 0; k < G_N_ELEMENTS (keys); k++)
        if (!json_object_has_member (printer, keys[k]))
          g_error ("status --json: %s has no “%s”", ml_test_fleet_get_serial (fixture->fleet, i),
                   keys[k]);
      g_assert_cmpstr (json_object_get_string_member (printer, "address"), ==,
                       ml_test_fleet_get_address (fixture->fleet, i));
      g_assert_true (json_object_get_boolean_member (printer, "supported"));
      consumables = json_object_get_array_member (printer, "consumables");
      g_assert_cmpuint (json_array_get_length (consumables), >, 0);
      for (guint c = 0; c < json_array_get_length (consumables); c++)
        {
          JsonObject *consumable = json_array_get_object_element (consumables, c);

          g_assert_true (json_object_has_member (consumable, "color"));
          g_assert_true (json_object_has_member (consumable, "level_percent"));
        }
      g_assert_true (json_object_has_member (
                       json_object_get_object_member (printer, "status"), "state"));
    }
  failing = find_printer (printers, broken);
  g_assert_true (contains (json_object_get_string_member (failing, "last_error"), "unreadable"));
  g_assert_true (json_object_has_member (failing, "last_error_at"));
  g_assert_false (json_object_has_member (find_printer (printers,
                                                       ml_test_fleet_get_serial (fixture->fleet, 0)),
                                          "last_error"));
  g_clear_pointer (&out, g_free);

  g_assert_cmpint (run (fixture, "status", &out, NULL, NULL), ==, 0);
  for (guint i = 0; i < N_PRINTERS; i++)
    g_assert_true (contains (out, ml_test_fleet_get_serial (fixture->fleet, i)));
  g_assert_true (contains (out, "Last error:"));
  g_assert_true (contains (out, "Ink:"));
}

/* The time the store orders jobs by: printed, else completed, else submitted. */
static gint64
truth_job_time (JsonObject *job)
{
  static const char * const keys[] = { "printed_at", "completed_at", "submitted_at" };

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    if (json_object_has_member (job, keys[i]))
      {
        gint64 time = 0;

        g_assert_true (ml_units_parse_timestamp (json_object_get_string_member (job, keys[i]),
                                                 &time, NULL));
        return time;
      }
  return 0;
}

static int
compare_times (gconstpointer a,
               gconstpointer b)
{
  gint64 x = *(const gint64 *) a;
  gint64 y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

static guint
count_jobs_output (const char *out,
                   GHashTable *uuids)
{
  g_autoptr(JsonNode) node = parse (out);
  JsonArray *jobs = json_node_get_array (node);

  for (guint i = 0; i < json_array_get_length (jobs); i++)
    {
      JsonObject *job = json_array_get_object_element (jobs, i);
      g_autoptr(GList) members = json_object_get_members (job);

      /* Keyed by its UUID, then its printer, then the model's fields. */
      g_assert_cmpstr (members->data, ==, "uuid");
      g_assert_cmpstr (members->next->data, ==, "printer");
      g_assert_true (json_object_has_member (job, "kind"));
      g_assert_true (json_object_has_member (job, "status"));
      if (uuids != NULL)
        {
          g_assert_false (g_hash_table_contains (uuids,
                                                 json_object_get_string_member (job, "uuid")));
          g_hash_table_add (uuids, g_strdup (json_object_get_string_member (job, "uuid")));
        }
    }
  return json_array_get_length (jobs);
}

/* jobs: every job once, keyed by UUID; --printer and --since filter. */
static void
test_jobs (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(JsonNode) truth = NULL;
  g_autoptr(GHashTable) uuids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char *out = NULL;
  g_autofree char *since = NULL;
  JsonArray *printers;
  guint total = 0;
  guint first_printer = 0;
  guint after = 0;
  gint64 cut;

  if (fixture->fleet == NULL)
    return;

  g_assert_cmpint (run (fixture, "jobs", &out, NULL, "--json", NULL), ==, 0);
  g_assert_cmpstr (g_strstrip (out), ==, "[]");
  g_clear_pointer (&out, g_free);

  g_assert_cmpint (run (fixture, "collect", NULL, NULL, NULL), ==, 0);
  truth = ml_test_fleet_truth (fixture->fleet);
  printers = json_object_get_array_member (json_node_get_object (truth), "printers");
  for (guint p = 0; p < json_array_get_length (printers); p++)
    {
      JsonArray *jobs = json_object_get_array_member (json_array_get_object_element (printers, p),
                                                      "jobs");

      for (guint i = 0; i < json_array_get_length (jobs); i++)
        {
          gint64 time = truth_job_time (json_array_get_object_element (jobs, i));

          g_array_append_val (times, time);
        }
      total += json_array_get_length (jobs);
      if (p == 0)
        first_printer = json_array_get_length (jobs);
    }
  g_assert_cmpuint (total, >, 0);

  g_assert_cmpint (run (fixture, "jobs", &out, NULL, "--json", NULL), ==, 0);
  g_assert_cmpuint (count_jobs_output (out, uuids), ==, total);
  for (guint p = 0; p < json_array_get_length (printers); p++)
    {
      JsonArray *jobs = json_object_get_array_member (json_array_get_object_element (printers, p),
                                                      "jobs");

      for (guint i = 0; i < json_array_get_length (jobs); i++)
        g_assert_true (g_hash_table_contains (
                         uuids, json_object_get_string_member (
                                  json_array_get_object_element (jobs, i), "uuid")));
    }
  g_clear_pointer (&out, g_free);

  g_assert_cmpint (run (fixture, "jobs", &out, NULL, "--json", "--printer",
                        ml_test_fleet_get_serial (fixture->fleet, 0), NULL), ==, 0);
  g_assert_cmpuint (count_jobs_output (out, NULL), ==, first_printer);
  g_clear_pointer (&out, g_free);

  /* Since the middle job's time: the later half, counted as the store counts. */
  g_array_sort (times, compare_times);
  cut = g_array_index (times, gint64, times->len / 2);
  for (guint i = 0; i < times->len; i++)
    if (g_array_index (times, gint64, i) >= cut)
      after++;
  since = ml_units_format_timestamp (cut);
  g_assert_cmpint (run (fixture, "jobs", &out, NULL, "--json", "--since", since, NULL), ==, 0);
  g_assert_cmpuint (count_jobs_output (out, NULL), ==, after);
  g_assert_cmpuint (after, <, total);
  g_clear_pointer (&out, g_free);

  /* A date means its midnight (UTC): the simulation starts 2026-03-02 08:00. */
  g_assert_cmpint (run (fixture, "jobs", &out, NULL, "--json", "--since", "2026-03-03", NULL),
                   ==, 0);
  g_assert_cmpuint (count_jobs_output (out, NULL), ==, 0);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (run (fixture, "jobs", &out, NULL, "--json", "--since", "2026-02-01", NULL),
                   ==, 0);
  g_assert_cmpuint (count_jobs_output (out, NULL), ==, total);
  g_clear_pointer (&out, g_free);

  g_assert_cmpint (run (fixture, "jobs", &out, NULL, NULL), ==, 0);
  g_assert_true (contains (out, "Printer"));
  g_assert_true (contains (out, ml_test_fleet_get_serial (fixture->fleet, 0)));
}

/* The daemon ----------------------------------------------------------------------------- */

typedef struct
{
  GSubprocess *process;
  GDataInputStream *err;
  GString *log;
  gboolean exited;
} Daemon;

typedef struct
{
  gboolean done;
  char *line;
  GError *error;
} Line;

static void
on_line (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  Line *line = user_data;

  line->line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (source), result,
                                                          NULL, &line->error);
  line->done = TRUE;
}

static Daemon *
daemon_start (Fixture *fixture)
{
  const char * const argv[] = { "run", "--config", fixture->config_path, "--db",
                                fixture->db_path, NULL };
  Daemon *daemon = g_new0 (Daemon, 1);

  daemon->process = spawn (G_SUBPROCESS_FLAGS_STDERR_PIPE, argv);
  daemon->err = g_data_input_stream_new (g_subprocess_get_stderr_pipe (daemon->process));
  daemon->log = g_string_new (NULL);
  return daemon;
}

/* Reads the daemon's log until a line holds @part; FALSE at its end. */
static gboolean
daemon_wait_for (Daemon     *daemon,
                 const char *part)
{
  for (;;)
    {
      Line line = { FALSE, NULL, NULL };

      g_data_input_stream_read_line_async (daemon->err, G_PRIORITY_DEFAULT, NULL, on_line, &line);
      ml_test_wait (&line.done, PROCESS_DEADLINE_S);
      g_assert_no_error (line.error);
      if (line.line == NULL)
        return FALSE;
      g_string_append_printf (daemon->log, "%s\n", line.line);
      if (strstr (line.line, part) != NULL)
        {
          g_free (line.line);
          return TRUE;
        }
      g_free (line.line);
    }
}

static void
on_daemon_exited (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  Daemon *daemon = user_data;

  g_subprocess_wait_finish (G_SUBPROCESS (source), result, NULL);
  daemon->exited = TRUE;
}

/* SIGTERM; returns the exit status and how long the daemon took to stop. */
static int
daemon_stop (Daemon *daemon,
             gint64 *out_ms)
{
  gint64 started = g_get_monotonic_time ();
  int status;

  g_subprocess_send_signal (daemon->process, SIGTERM);
  /* The rest of its log, then its end. */
  daemon_wait_for (daemon, "\x01");
  g_subprocess_wait_async (daemon->process, NULL, on_daemon_exited, daemon);
  ml_test_wait (&daemon->exited, PROCESS_DEADLINE_S);
  if (out_ms != NULL)
    *out_ms = (g_get_monotonic_time () - started) / 1000;
  g_test_message ("run:\n%s", daemon->log->str);

  g_assert_true (g_subprocess_get_if_exited (daemon->process));
  status = g_subprocess_get_exit_status (daemon->process);
  g_clear_object (&daemon->err);
  g_clear_object (&daemon->process);
  g_string_free (daemon->log, TRUE);
  g_free (daemon);
  return status;
}

static gint64
next_due (Fixture *fixture)
{
  g_autoptr(MlCollectorStore) store = NULL;
  g_autoptr(GError) error = NULL;
  gint64 value = -1;

  store = ml_collector_store_open (fixture->db_path, &error);
  g_assert_no_error (error);
  ml_collector_store_get_schedule (store, "next_due", &value, &error);
  g_assert_no_error (error);
  g_assert_true (ml_collector_store_check_integrity (store, &error));
  g_assert_no_error (error);
  return value;
}

/* run: collects when due, keeps the due time across restarts, and stops cleanly
 * on SIGTERM, also in the middle of a cycle. */
static void
test_run (Fixture       *fixture,
          gconstpointer  data)
{
  Daemon *daemon;
  gint64 started;
  gint64 due;
  gint64 requests;
  gint64 stop_ms;

  if (fixture->fleet == NULL)
    return;

  /* Never collected: at once. */
  started = g_get_real_time () / G_USEC_PER_SEC;
  daemon = daemon_start (fixture);
  g_assert_true (daemon_wait_for (daemon, "Collection done"));
  g_assert_true (strstr (daemon->log->str, "failed 0") != NULL);
  g_assert_cmpint (daemon_stop (daemon, NULL), ==, 0);

  due = next_due (fixture);
  g_assert_cmpint (due, >=, started + 30 * 60);
  g_assert_cmpint (due, <=, g_get_real_time () / G_USEC_PER_SEC + 30 * 60);

  /* Restarted: the due time is kept, nothing is collected before it. */
  requests = ml_test_fleet_stat (fixture->fleet, "requests");
  daemon = daemon_start (fixture);
  g_assert_true (daemon_wait_for (daemon, "Next collection at"));
  g_assert_cmpint (daemon_stop (daemon, NULL), ==, 0);
  g_assert_cmpint (ml_test_fleet_stat (fixture->fleet, "requests"), ==, requests);
  g_assert_cmpint (next_due (fixture), ==, due);

  /* Stopped in the middle of a cycle held up by a slow printer: at once, cleanly,
   * and the unfinished cycle leaves the due time alone. */
  g_free (fixture->db_path);
  fixture->db_path = g_build_filename (fixture->dir, "fresh.db", NULL);
  ml_test_fleet_fault (fixture->fleet, 0, "slow");
  daemon = daemon_start (fixture);
  g_assert_true (daemon_wait_for (daemon, "Next collection at"));
  g_assert_cmpint (daemon_stop (daemon, &stop_ms), ==, 0);
  g_assert_cmpint (stop_ms, <, 10000);
  g_assert_cmpint (next_due (fixture), ==, 0);
  g_assert_cmpint (ml_test_fleet_stat (fixture->fleet, "non_read_requests"), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/collector-commands/collect", Fixture, NULL, fixture_setup, test_collect,
              fixture_teardown);
  g_test_add ("/collector-commands/usage", Fixture, NULL, fixture_setup, test_usage,
              fixture_teardown);
  g_test_add ("/collector-commands/locked", Fixture, NULL, fixture_setup, test_locked,
              fixture_teardown);
  g_test_add ("/collector-commands/status", Fixture, NULL, fixture_setup, test_status,
              fixture_teardown);
  g_test_add ("/collector-commands/jobs", Fixture, NULL, fixture_setup, test_jobs,
              fixture_teardown);
  g_test_add ("/collector-commands/run", Fixture, NULL, fixture_setup, test_run,
              fixture_teardown);

  return g_test_run ();
}
