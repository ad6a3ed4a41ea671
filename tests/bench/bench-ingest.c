/* bench-ingest.c: 200 collectors uploading to the portal at once
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A portal store in a temporary folder with 200 sites, the built `meterlink-portal
 * serve` (ML_PORTAL) on 127.0.0.1 as its own process, as it runs in the field, and
 * one libsoup session here with a connection per site. (In one process, the TLS
 * handshakes of both ends would share GLib's task threads and wait on each other.)
 * Each site's bundle, sealed beforehand and not timed, carries 19 completed jobs
 * over 3 printers. Measured: the wall time from the first request to the last
 * signed receipt with every collector on a new TLS connection, as in the field; then
 * a second round of 200 new bundles over the connections now open, which is mostly
 * the portal's own work; the portal's CPU time in each; when the receipts came.
 *
 * The reference, in the same run: exactly the rows the first round added or changed
 * in the portal's database (the difference, table by table, between copies taken
 * with the sqlite3 tool before and after the round), written by `sqlite3` into the
 * copy from before in ONE transaction, with the portal's journal mode and
 * synchronous setting. It is the floor of what storing these rows can cost: one
 * process, one transaction, one sync; no TLS, no decryption, no JSON, no receipt,
 * no foreign-key checks. The ratio is the figure.
 *
 * Run: meson test -C build --benchmark ingest, or bench-ingest [SITES].
 */
#include "config.h"

#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "ml-bundle.h"
#include "ml-certificate.h"
#include "ml-portal-store.h"
#include "ml-site-key.h"

#define DEFAULT_SITES 200
#define PRINTERS_PER_SITE 3
#define JOBS_PER_BUNDLE 19
#define DEADLINE_S 600

typedef struct
{
  guint done;
  guint ok;
  guint jobs_stored;
  gint64 started;
  GArray *latencies;          /* double seconds from the round's start to each receipt */
} Round;

typedef struct
{
  char *site_id;
  GBytes *secret;
} Site;

/* The server ---------------------------------------------------------------------------- */

static void
on_line (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  char **line = user_data;

  *line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (source), result, NULL,
                                                     NULL);
  if (*line == NULL)
    *line = g_strdup ("");
}

/* Starts `serve` on the database and waits for its "listening:" line. */
static GSubprocess *
start_portal (const char  *db_path,
              char       **out_url)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autoptr(GError) error = NULL;
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  GSubprocess *process;

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  process = g_subprocess_launcher_spawn (launcher, &error, g_getenv ("ML_PORTAL"), "serve",
                                         "--db", db_path, "--listen", "127.0.0.1:0", NULL);
  if (process == NULL)
    g_error ("bench-ingest: %s", error->message);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (process));

  *out_url = NULL;
  while (*out_url == NULL)
    {
      g_autofree char *line = NULL;

      g_data_input_stream_read_line_async (out, G_PRIORITY_DEFAULT, NULL, on_line, &line);
      while (line == NULL)
        {
          if (g_get_monotonic_time () > deadline)
            g_error ("bench-ingest: the portal did not start");
          g_main_context_iteration (NULL, TRUE);
        }
      if (*line == '\0')
        g_error ("bench-ingest: the portal stopped at its start");
      if (g_str_has_prefix (line, "listening: "))
        *out_url = g_strdup (line + strlen ("listening: "));
    }
  return process;
}

static void
on_exited (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_subprocess_wait_finish (G_SUBPROCESS (source), result, NULL);
  *(gboolean *) user_data = TRUE;
}

static void
stop_portal (GSubprocess *process)
{
  gboolean exited = FALSE;

  g_subprocess_send_signal (process, SIGTERM);
  g_subprocess_wait_async (process, NULL, on_exited, &exited);
  while (!exited)
    g_main_context_iteration (NULL, TRUE);
}

/* CPU seconds a process used so far, user and system. */
static double
process_cpu_s (GSubprocess *process)
{
  g_autofree char *path = g_strdup_printf ("/proc/%s/stat", g_subprocess_get_identifier (process));
  g_autofree char *text = NULL;
  g_auto(GStrv) fields = NULL;
  const char *after_name;

  if (!g_file_get_contents (path, &text, NULL, NULL)
      || (after_name = strrchr (text, ')')) == NULL)
    return 0;
  /* After "pid (name)": state is field 3, utime 14 and stime 15. */
  fields = g_strsplit (after_name + 2, " ", -1);
  if (g_strv_length (fields) < 13)
    return 0;
  return (g_ascii_strtod (fields[11], NULL) + g_ascii_strtod (fields[12], NULL))
         / sysconf (_SC_CLK_TCK);
}

/* Bundles ------------------------------------------------------------------------------ */

static GBytes *
seal_bundle (Site    *site,
             guint    site_index,
             guint    round,
             guint64  sequence)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) payload = NULL;
  g_autoptr(MlSiteKey) key = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *uuid = g_uuid_string_random ();
  g_autofree char *created = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  MlBundleHeader header = { 0, };
  GBytes *bundle;

  created = ml_units_format_timestamp (now);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "format");
  json_builder_add_int_value (builder, 1);
  json_builder_set_member_name (builder, "site_id");
  json_builder_add_string_value (builder, site->site_id);
  json_builder_set_member_name (builder, "collector_version");
  json_builder_add_string_value (builder, PACKAGE_VERSION);
  json_builder_set_member_name (builder, "created_at");
  json_builder_add_string_value (builder, created);
  json_builder_set_member_name (builder, "user_names");
  json_builder_add_boolean_value (builder, TRUE);
  json_builder_set_member_name (builder, "printers");
  json_builder_begin_array (builder);
  for (guint p = 0; p < PRINTERS_PER_SITE; p++)
    {
      g_autofree char *serial = g_strdup_printf ("BN%04u%04u", site_index, p);
      /* 19 jobs over 3 printers: 7, 6, 6. */
      guint n_jobs = JOBS_PER_BUNDLE / PRINTERS_PER_SITE
                     + (p < JOBS_PER_BUNDLE % PRINTERS_PER_SITE ? 1 : 0);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "serial");
      json_builder_add_string_value (builder, serial);
      json_builder_set_member_name (builder, "product_number");
      json_builder_add_string_value (builder, "CR356A");
      json_builder_set_member_name (builder, "last_success");
      json_builder_add_string_value (builder, created);
      json_builder_set_member_name (builder, "jobs");
      json_builder_begin_array (builder);
      for (guint j = 0; j < n_jobs; j++)
        {
          g_autofree char *job_uuid = g_uuid_string_random ();
          g_autoptr(MlJob) job = ml_job_new (ML_JOB_KIND_PRINT, job_uuid);
          gint64 at = now - 3600 * (round + 1) + 60 * j;

          ml_job_set_name (job, "drawing-A0.pdf");
          ml_job_set_user_name (job, "jane");
          ml_job_set_status (job, ML_JOB_STATUS_COMPLETED);
          ml_job_set_submitted_at (job, at - 30);
          ml_job_set_printed_at (job, at);
          ml_job_set_completed_at (job, at + 45);
          ml_job_set_pages (job, 1);
          ml_job_set_copies (job, 1);
          ml_job_set_duration_ms (job, 45000);
          ml_job_set_media_type_id (job, "coated-bond");
          ml_job_set_media_area_mm2 (job, 914 * 1189);
          ml_job_set_printed_area_mm2 (job, 841 * 1189);
          ml_job_set_media_length_mm (job, 1189);
          json_builder_add_value (builder, ml_job_to_json (job));
        }
      json_builder_end_array (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  payload = json_builder_get_root (builder);

  key = ml_site_key_new (site->secret, &error);
  g_assert_no_error (error);
  header.site_id = site->site_id;
  header.bundle_uuid = uuid;
  header.sequence = sequence;
  header.created_at = now;
  bundle = ml_bundle_seal (key, &header, payload, &error);
  g_assert_no_error (error);
  return bundle;
}

/* Uploads ------------------------------------------------------------------------------ */

static gboolean
on_accept_certificate (SoupMessage          *msg,
                       GTlsCertificate      *certificate,
                       GTlsCertificateFlags  errors,
                       gpointer              user_data)
{
  g_autofree char *seen = ml_certificate_sha256 (certificate);

  return g_strcmp0 (seen, user_data) == 0;
}

static void
on_uploaded (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  Round *round = user_data;
  SoupMessage *msg = soup_session_get_async_result_message (SOUP_SESSION (source), result);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;

  double latency;

  body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  round->done++;
  latency = (g_get_monotonic_time () - round->started) / (double) G_USEC_PER_SEC;
  g_array_append_val (round->latencies, latency);
  if (body == NULL)
    {
      g_printerr ("bench-ingest: upload failed: %s\n", error->message);
      return;
    }
  if (soup_message_get_status (msg) == SOUP_STATUS_OK)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      gsize size;
      const char *data = g_bytes_get_data (body, &size);

      if (json_parser_load_from_data (parser, data, (gssize) size, NULL))
        {
          JsonObject *receipt = json_node_get_object (json_parser_get_root (parser));

          round->ok++;
          round->jobs_stored += json_object_get_int_member (receipt, "jobs_stored");
        }
    }
  else
    g_printerr ("bench-ingest: upload answered %u\n", soup_message_get_status (msg));
}

static double
upload_round (SoupSession *session,
              const char  *url,
              const char  *pin,
              GPtrArray   *bundles,
              Round       *round)
{
  gint64 started = g_get_monotonic_time ();
  gint64 deadline = started + (gint64) DEADLINE_S * G_USEC_PER_SEC;

  round->started = started;
  round->latencies = g_array_new (FALSE, FALSE, sizeof (double));

  for (guint i = 0; i < bundles->len; i++)
    {
      g_autoptr(SoupMessage) msg = soup_message_new ("POST", url);

      g_signal_connect (msg, "accept-certificate", G_CALLBACK (on_accept_certificate),
                        (gpointer) pin);
      soup_message_set_request_body_from_bytes (msg, "application/octet-stream",
                                                bundles->pdata[i]);
      soup_session_send_and_read_async (session, msg, G_PRIORITY_DEFAULT, NULL, on_uploaded,
                                        round);
    }

  while (round->done < bundles->len)
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("bench-ingest: gave up after %u s with %u of %u answered", DEADLINE_S,
                 round->done, bundles->len);
      g_main_context_iteration (NULL, TRUE);
    }
  return (g_get_monotonic_time () - started) / (double) G_USEC_PER_SEC;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return (x > y) - (x < y);
}

/* When the receipts came: first, median, 90th percentile, last. */
static char *
describe_latencies (Round *round)
{
  GArray *sorted = round->latencies;
  guint n = sorted->len;

  if (n == 0)
    return g_strdup ("none");
  g_array_sort (sorted, compare_doubles);
  return g_strdup_printf ("first %.2f s, median %.2f s, 90%% %.2f s, last %.2f s",
                          g_array_index (sorted, double, 0),
                          g_array_index (sorted, double, n / 2),
                          g_array_index (sorted, double, (n * 9) / 10),
                          g_array_index (sorted, double, n - 1));
}

/* The sqlite3 reference ----------------------------------------------------------------- */

static char *
run_sqlite3 (const char  *stdin_path,
             const char  *db_path,
             const char  *script,
             double      *out_seconds)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  gint64 started;

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE |
                                        (stdin_path == NULL ? G_SUBPROCESS_FLAGS_STDIN_PIPE : 0));
  if (stdin_path != NULL)
    g_subprocess_launcher_set_stdin_file_path (launcher, stdin_path);

  started = g_get_monotonic_time ();
  process = g_subprocess_launcher_spawn (launcher, &error, "sqlite3", "-batch", "-bail",
                                         db_path, NULL);
  if (process == NULL)
    g_error ("bench-ingest: cannot run sqlite3: %s", error->message);
  if (!g_subprocess_communicate_utf8 (process, script, NULL, &out, &err, &error))
    g_error ("bench-ingest: sqlite3: %s", error->message);
  if (out_seconds != NULL)
    *out_seconds = (g_get_monotonic_time () - started) / (double) G_USEC_PER_SEC;
  if (!g_subprocess_get_successful (process))
    g_error ("bench-ingest: sqlite3 failed: %s", err);
  return g_steal_pointer (&out);
}

/* The rows the round added or changed, table by table, as one transaction that
 * writes them into the copy taken before the round. */
static guint
write_reference_sql (const char *db_path,
                     const char *before_path,
                     const char *sql_path,
                     GString    *counts)
{
  g_autofree char *tables_text = NULL;
  g_auto(GStrv) tables = NULL;
  g_autoptr(GString) script = g_string_new (NULL);
  g_autoptr(GString) sql = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  guint total = 0;

  tables_text = run_sqlite3 (NULL, db_path,
                             "SELECT name FROM sqlite_schema WHERE type = 'table' "
                             "AND name NOT LIKE 'sqlite_%' ORDER BY rowid;\n", NULL);
  tables = g_strsplit (g_strstrip (tables_text), "\n", -1);

  g_string_append_printf (script, "ATTACH '%s' AS ref;\n", before_path);
  for (guint i = 0; tables[i] != NULL; i++)
    {
      g_autofree char *count_script = NULL;
      g_autofree char *count = NULL;

      count_script = g_strdup_printf ("ATTACH '%s' AS ref;\n"
                                      "SELECT count(*) FROM (SELECT * FROM main.\"%s\" EXCEPT "
                                      "SELECT * FROM ref.\"%s\");\n",
                                      before_path, tables[i], tables[i]);
      count = run_sqlite3 (NULL, db_path, count_script, NULL);
      if (atoi (count) == 0)
        continue;
      total += atoi (count);
      g_string_append_printf (counts, " %s %d,", tables[i], atoi (count));
      g_string_append_printf (script, ".mode insert \"%s\"\n"
                              "SELECT * FROM main.\"%s\" EXCEPT SELECT * FROM ref.\"%s\";\n",
                              tables[i], tables[i], tables[i]);
    }
  if (counts->len > 0)
    g_string_truncate (counts, counts->len - 1);

  {
    g_autofree char *inserts = run_sqlite3 (NULL, db_path, script->str, NULL);
    g_auto(GStrv) lines = g_strsplit (inserts, "\n", -1);

    /* The portal's settings; a changed row (a site's last bundle) replaces the old. */
    g_string_append (sql, "PRAGMA journal_mode = WAL;\nPRAGMA synchronous = FULL;\nBEGIN;\n");
    for (guint i = 0; lines[i] != NULL; i++)
      {
        if (g_str_has_prefix (lines[i], "INSERT INTO "))
          g_string_append_printf (sql, "INSERT OR REPLACE INTO %s\n",
                                  lines[i] + strlen ("INSERT INTO "));
        else if (*lines[i] != '\0')
          g_string_append_printf (sql, "%s\n", lines[i]);
      }
    g_string_append (sql, "COMMIT;\n");
  }

  if (!g_file_set_contents (sql_path, sql->str, sql->len, &error))
    g_error ("bench-ingest: %s", error->message);
  return total;
}

/* Main ----------------------------------------------------------------------------------- */

static void
raise_file_limit (void)
{
  struct rlimit limit;

  if (getrlimit (RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max)
    {
      limit.rlim_cur = limit.rlim_max;
      setrlimit (RLIMIT_NOFILE, &limit);
    }
}

static void
remove_dir (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      g_unlink (child);
    }
  g_rmdir (path);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *db_path = NULL;
  g_autofree char *cert_path = NULL;
  g_autofree char *before_path = NULL;
  g_autofree char *after_path = NULL;
  g_autofree char *sql_path = NULL;
  g_autofree char *base = NULL;
  g_autofree char *url = NULL;
  g_autofree char *pin = NULL;
  g_autofree char *vacuum = NULL;
  g_autofree char *sqlite3 = NULL;
  g_autofree char *out = NULL;
  g_autofree char *cold_latencies = NULL;
  g_autofree char *warm_latencies = NULL;
  g_autoptr(GPtrArray) cold_bundles = NULL;
  g_autoptr(GPtrArray) warm_bundles = NULL;
  g_autoptr(GString) counts = g_string_new (NULL);
  g_autoptr(SoupSession) session = NULL;
  g_autoptr(GTlsDatabase) anchors = NULL;
  g_autoptr(MlPortalStore) store = NULL;
  g_autoptr(GSubprocess) portal = NULL;
  Site *sites;
  Round cold = { 0, };
  Round warm = { 0, };
  guint n_sites = DEFAULT_SITES;
  guint reference_rows;
  double cold_s;
  double warm_s;
  double sqlite_s;
  double cpu_start;
  double cpu_cold;
  double cpu_warm;

  if (argc > 1)
    n_sites = (guint) CLAMP (atoi (argv[1]), 1, 1000);
  if (g_getenv ("ML_PORTAL") == NULL)
    {
      g_printerr ("bench-ingest: set ML_PORTAL to the built meterlink-portal\n");
      return 77;
    }
  if ((sqlite3 = g_find_program_in_path ("sqlite3")) == NULL)
    {
      g_printerr ("bench-ingest: the sqlite3 tool is needed for the reference\n");
      return 77;
    }
  raise_file_limit ();

  dir = g_dir_make_tmp ("bench-ingest-XXXXXX", &error);
  g_assert_no_error (error);
  db_path = g_build_filename (dir, "portal.db", NULL);
  cert_path = g_build_filename (dir, "portal-cert.pem", NULL);
  before_path = g_build_filename (dir, "before.db", NULL);
  after_path = g_build_filename (dir, "after.db", NULL);
  sql_path = g_build_filename (dir, "rows.sql", NULL);

  /* A store with one reseller, one customer and a site per collector. */
  store = ml_portal_store_open (db_path, &error);
  g_assert_no_error (error);
  ml_portal_store_add_reseller (store, "Bench", NULL, &error);
  g_assert_no_error (error);
  ml_portal_store_add_customer (store, "Bench", "Bench Customer", NULL, &error);
  g_assert_no_error (error);
  sites = g_new0 (Site, n_sites);
  cold_bundles = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  warm_bundles = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  for (guint i = 0; i < n_sites; i++)
    {
      g_autofree char *name = g_strdup_printf ("Site %u", i);

      ml_portal_store_add_site (store, "Bench", "Bench Customer", name, &sites[i].site_id,
                                &sites[i].secret, &error);
      g_assert_no_error (error);
      g_ptr_array_add (cold_bundles, seal_bundle (&sites[i], i, 0, 1));
      g_ptr_array_add (warm_bundles, seal_bundle (&sites[i], i, 1, 2));
    }
  g_clear_object (&store);

  /* The copy the reference writes into: the database as it is before the round. */
  vacuum = g_strdup_printf ("VACUUM INTO '%s';\n", before_path);
  g_free (run_sqlite3 (NULL, db_path, vacuum, NULL));

  portal = start_portal (db_path, &base);
  url = g_strconcat (base, "api/v1/bundles", NULL);
  pin = ml_certificate_file_sha256 (cert_path, &error);
  g_assert_no_error (error);

  /* The portal's certificate as the only anchor is the pin. It is made the default
   * database too: glib-networking 2.74 asks for the default while it builds every
   * client connection, and builds it anew from the system's trust store each time,
   * ten milliseconds and more of this process's time per connection, which would
   * make the client, not the portal, the bottleneck. */
  anchors = g_tls_file_database_new (cert_path, &error);
  g_assert_no_error (error);
  g_tls_backend_set_default_database (g_tls_backend_get_default (), anchors);
  session = soup_session_new_with_options ("max-conns", n_sites + 8,
                                           "max-conns-per-host", n_sites + 8,
                                           "timeout", DEADLINE_S,
                                           "tls-database", anchors,
                                           NULL);

  cpu_start = process_cpu_s (portal);
  cold_s = upload_round (session, url, pin, cold_bundles, &cold);
  cpu_cold = process_cpu_s (portal) - cpu_start;

  /* Every receipt is in, so every ingest has committed: the rows of the first round
   * are the difference between this copy and the one before. */
  g_free (vacuum);
  vacuum = g_strdup_printf ("VACUUM INTO '%s';\n", after_path);
  g_free (run_sqlite3 (NULL, db_path, vacuum, NULL));

  cpu_start = process_cpu_s (portal);
  warm_s = upload_round (session, url, pin, warm_bundles, &warm);
  cpu_warm = process_cpu_s (portal) - cpu_start;

  soup_session_abort (session);
  stop_portal (portal);

  reference_rows = write_reference_sql (after_path, before_path, sql_path, counts);
  out = run_sqlite3 (sql_path, before_path, NULL, &sqlite_s);

  g_print ("Ingest: %u collectors uploading at once, one bundle each of %u jobs over %u "
           "printers\n", n_sites, JOBS_PER_BUNDLE, PRINTERS_PER_SITE);
  g_print ("  portal, new TLS connections: %u/%u receipts, %u jobs stored, %.3f s: "
           "%.0f bundles/s, %.0f jobs/s; portal CPU %.2f s\n",
           cold.ok, n_sites, cold.jobs_stored, cold_s, cold.ok / cold_s,
           cold.jobs_stored / cold_s, cpu_cold);
  g_print ("  portal, open connections:    %u/%u receipts, %u jobs stored, %.3f s: "
           "%.0f bundles/s, %.0f jobs/s; portal CPU %.2f s\n",
           warm.ok, n_sites, warm.jobs_stored, warm_s, warm.ok / warm_s,
           warm.jobs_stored / warm_s, cpu_warm);
  cold_latencies = describe_latencies (&cold);
  warm_latencies = describe_latencies (&warm);
  g_print ("    receipts, new connections:  %s\n", cold_latencies);
  g_print ("    receipts, open connections: %s\n", warm_latencies);
  g_print ("  sqlite3, the first round's rows (%u:%s) in one transaction: %.3f s, "
           "%.0f jobs/s\n",
           reference_rows, counts->str, sqlite_s, cold.jobs_stored / sqlite_s);
  g_print ("  ratio portal / sqlite3 for the same rows: %.1f (new connections), "
           "%.1f (open connections, rows alike)\n",
           cold_s / sqlite_s, warm_s / sqlite_s);

  for (guint i = 0; i < n_sites; i++)
    {
      g_free (sites[i].site_id);
      g_bytes_unref (sites[i].secret);
    }
  g_free (sites);
  g_array_unref (cold.latencies);
  g_array_unref (warm.latencies);
  remove_dir (dir);

  return (cold.ok == n_sites && warm.ok == n_sites) ? 0 : 1;
}
