/* bench-cycle.c: one collection cycle over 10, 200 and 1000 simulated printers
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * For each fleet size: start meterlink-printer-sim (ML_PRINTER_SIM) with frozen
 * time, run a first cycle (pins, queue positions), move simulated time on until
 * the printers have printed about 19 new jobs each, and measure the second cycle:
 * wall time (and the scan's share), CPU time of this process (getrusage, worker
 * threads included; the simulator is another process), peak resident memory
 * during the cycle (VmHWM, reset before it) and the store's growth per new job
 * (file size after closing the store, so the WAL is folded in).
 *
 * The reference, in the same run against the same printers at the same simulated
 * instant: the very requests of the cycle's reads (the eight PIWS documents and
 * the jobs since the stored modification number) with plain libsoup GETs, nothing
 * parsed or stored, once 16 printers at a time as the collector reads them, once
 * one printer after the other. The cycle's read phase over the first is the cost
 * of everything the collector does beyond fetching.
 *
 * Run: meson test -C build --benchmark cycle, or bench-cycle [SIZE...].
 */
#include "config.h"

#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>

#include "ml-collector.h"
#include "ml-test-fleet.h"

#define TARGET_JOBS 19.0
#define FIRST_ADDRESS "127.0.16.1"
#define CYCLE_DEADLINE_S 1200
#define CONCURRENCY 16
#define PIWS "/LFPWebServices/PI"

static const char * const documents[] = {
  PIWS "/Identification.xml", PIWS "/DeviceStatus.json", PIWS "/Alerts.json/ActiveAlerts",
  PIWS "/InkSystem.json", PIWS "/PrintheadsStatus.json", PIWS "/Paper/List",
  PIWS "/MediaSystem.json", PIWS "/DeviceCounters",
};

typedef struct
{
  guint printers;
  guint new_jobs;
  guint failed;
  double wall_s;
  double scan_s;
  double cpu_s;
  double peak_mib;
  double base_mib;
  double bytes_per_job;
  double fetch16_s;
  double fetch1_s;
  double fetch16_cpu_s;
} Row;

/* Measuring ----------------------------------------------------------------------------- */

static double
cpu_seconds (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_utime.tv_sec + usage.ru_utime.tv_usec / 1e6
         + usage.ru_stime.tv_sec + usage.ru_stime.tv_usec / 1e6;
}

static double
status_mib (const char *field)
{
  g_autofree char *text = NULL;
  const char *line;
  guint64 kib = 0;

  if (!g_file_get_contents ("/proc/self/status", &text, NULL, NULL) ||
      (line = strstr (text, field)) == NULL)
    return -1;
  kib = g_ascii_strtoull (line + strlen (field) + 1, NULL, 10);
  return kib / 1024.0;
}

/* Since Linux 4.0, "5" resets the peak resident size to the current one. */
static void
reset_peak (void)
{
  g_file_set_contents ("/proc/self/clear_refs", "5", 1, NULL);
}

static gint64
store_size (const char *path)
{
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  GStatBuf buf;
  gint64 size = 0;

  if (g_stat (path, &buf) == 0)
    size += buf.st_size;
  if (g_stat (wal, &buf) == 0)
    size += buf.st_size;
  return size;
}

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

/* A cycle --------------------------------------------------------------------------------- */

typedef struct
{
  gboolean done;
  MlCycleSummary *summary;
  GError *error;
  gint64 started_us;
  gint64 read_started_us;
} Cycle;

static void
on_collected (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  Cycle *cycle = user_data;

  cycle->summary = ml_collector_collect_finish (ML_COLLECTOR (object), result, &cycle->error);
  cycle->done = TRUE;
}

static void
on_progress (MlCollector *collector,
             const char  *phase,
             guint        done,
             guint        total,
             guint        found,
             gint64       eta_ms,
             Cycle       *cycle)
{
  if (cycle->read_started_us == 0 && g_strcmp0 (phase, "read") == 0)
    cycle->read_started_us = g_get_monotonic_time ();
}

static MlCycleSummary *
run_cycle (MlCollectorConfig *config,
           const char        *store_path,
           Cycle             *cycle)
{
  g_autoptr(MlCollectorStore) store = NULL;
  g_autoptr(MlCollector) collector = NULL;
  g_autoptr(GError) error = NULL;

  store = ml_collector_store_open (store_path, &error);
  g_assert_no_error (error);
  collector = ml_collector_new (config, store);
  g_signal_connect (collector, "progress", G_CALLBACK (on_progress), cycle);

  cycle->started_us = g_get_monotonic_time ();
  ml_collector_collect_async (collector, NULL, on_collected, cycle);
  ml_test_wait (&cycle->done, CYCLE_DEADLINE_S);
  g_assert_no_error (cycle->error);
  return cycle->summary;
}

/* The reference: the same GETs, nothing parsed or stored ------------------------------------- */

typedef struct
{
  char *address;
  guint port;
  char *jobs_path;
  guint next_document;
} Fetch;

typedef struct
{
  SoupSession *session;
  GPtrArray *fetches;
  guint next_fetch;
  guint in_flight;
  guint limit;
  guint64 bytes;
  guint failures;
  gboolean done;
} Fetcher;

static void
fetch_free (Fetch *fetch)
{
  g_free (fetch->address);
  g_free (fetch->jobs_path);
  g_free (fetch);
}

static gboolean
on_accept_certificate (SoupMessage          *msg,
                       GTlsCertificate      *certificate,
                       GTlsCertificateFlags  errors,
                       gpointer              user_data)
{
  return TRUE;
}

static void fetch_next_document (Fetcher *fetcher,
                                 Fetch   *fetch);
static void pump_fetches (Fetcher *fetcher);

typedef struct
{
  Fetcher *fetcher;
  Fetch *fetch;
} FetchOp;

static void
on_fetched (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  FetchOp *op = user_data;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;

  body = soup_session_send_and_read_finish (SOUP_SESSION (object), result, &error);
  if (body == NULL)
    op->fetcher->failures++;
  else
    op->fetcher->bytes += g_bytes_get_size (body);
  fetch_next_document (op->fetcher, op->fetch);
  g_free (op);
}

/* A printer's documents one after the other, as the driver asks for them. */
static void
fetch_next_document (Fetcher *fetcher,
                     Fetch   *fetch)
{
  g_autofree char *uri = NULL;
  g_autoptr(SoupMessage) msg = NULL;
  FetchOp *op;
  const char *path;

  if (fetch->next_document > G_N_ELEMENTS (documents))
    {
      fetcher->in_flight--;
      pump_fetches (fetcher);
      return;
    }
  path = fetch->next_document < G_N_ELEMENTS (documents) ? documents[fetch->next_document]
                                                         : fetch->jobs_path;
  fetch->next_document++;

  uri = g_strdup_printf ("https://%s:%u%s", fetch->address, fetch->port, path);
  msg = soup_message_new (SOUP_METHOD_GET, uri);
  g_signal_connect (msg, "accept-certificate", G_CALLBACK (on_accept_certificate), NULL);
  op = g_new0 (FetchOp, 1);
  op->fetcher = fetcher;
  op->fetch = fetch;
  soup_session_send_and_read_async (fetcher->session, msg, G_PRIORITY_DEFAULT, NULL, on_fetched,
                                    op);
}

static void
pump_fetches (Fetcher *fetcher)
{
  while (fetcher->in_flight < fetcher->limit && fetcher->next_fetch < fetcher->fetches->len)
    {
      fetcher->in_flight++;
      fetch_next_document (fetcher, g_ptr_array_index (fetcher->fetches, fetcher->next_fetch++));
    }
  if (fetcher->in_flight == 0 && fetcher->next_fetch == fetcher->fetches->len)
    fetcher->done = TRUE;
}

static double
fetch_all (GPtrArray *fetches,
           guint      limit,
           double    *out_cpu_s)
{
  Fetcher fetcher = { 0 };
  gint64 started = g_get_monotonic_time ();
  double cpu = cpu_seconds ();

  for (guint i = 0; i < fetches->len; i++)
    ((Fetch *) g_ptr_array_index (fetches, i))->next_document = 0;

  /* One connection per printer, a new TLS session for each, as the driver has. */
  fetcher.session = soup_session_new_with_options ("max-conns", limit, "max-conns-per-host", 1,
                                                   "timeout", 60, NULL);
  fetcher.fetches = fetches;
  fetcher.limit = limit;
  pump_fetches (&fetcher);
  ml_test_wait (&fetcher.done, CYCLE_DEADLINE_S);
  g_object_unref (fetcher.session);
  g_assert_cmpuint (fetcher.failures, ==, 0);

  if (out_cpu_s != NULL)
    *out_cpu_s = cpu_seconds () - cpu;
  return (g_get_monotonic_time () - started) / 1e6;
}

/* The queue positions the second cycle starts from, as the driver will use them. */
static GPtrArray *
plan_fetches (const char *store_path)
{
  g_autoptr(MlCollectorStore) store = NULL;
  g_autoptr(GPtrArray) printers = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *fetches = g_ptr_array_new_with_free_func ((GDestroyNotify) fetch_free);

  store = ml_collector_store_open (store_path, &error);
  g_assert_no_error (error);
  printers = ml_collector_store_list_printers (store, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < printers->len; i++)
    {
      MlStoredPrinter *printer = g_ptr_array_index (printers, i);
      Fetch *fetch = g_new0 (Fetch, 1);

      fetch->address = g_strdup (ml_stored_printer_get_address (printer));
      fetch->port = ml_stored_printer_get_port (printer);
      fetch->jobs_path = g_strdup_printf (PIWS "/JQ/JobQueue/%s/jobs/all"
                                          "?fromModificationNumber=%" G_GINT64_FORMAT,
                                          ml_stored_printer_get_queue_uuid (printer),
                                          ml_stored_printer_get_queue_modification (printer));
      g_ptr_array_add (fetches, fetch);
    }
  return fetches;
}

/* Simulated time ---------------------------------------------------------------------------- */

static gint64
sampled_jobs (MlTestFleet *fleet,
              guint        n_samples)
{
  guint n = ml_test_fleet_get_size (fleet);
  gint64 jobs = 0;

  for (guint s = 0; s < n_samples; s++)
    {
      guint index = s * n / n_samples;
      g_autofree char *path = g_strdup_printf ("/truth?serial=%s",
                                               ml_test_fleet_get_serial (fleet, index));
      g_autoptr(JsonNode) truth = ml_test_fleet_control (fleet, "GET", path);
      JsonObject *counters = json_object_get_object_member (
        ml_test_fleet_truth_printer (truth, 0), "counters");

      jobs += json_object_get_int_member (counters, "job_count");
    }
  return jobs;
}

/* Moves time on, a quarter of an hour at a time, until a sample of the fleet has
 * printed TARGET_JOBS jobs a printer (at most two days). */
static void
advance_for_jobs (MlTestFleet *fleet)
{
  guint n_samples = MIN (ml_test_fleet_get_size (fleet), 50);
  gint64 before = sampled_jobs (fleet, n_samples);

  for (guint step = 0; step < 4 * 48; step++)
    {
      ml_test_fleet_advance (fleet, 900);
      if ((double) (sampled_jobs (fleet, n_samples) - before) / n_samples >= TARGET_JOBS)
        return;
    }
}

/* One fleet size ---------------------------------------------------------------------------- */

static char *
last_address (const char *first,
              guint       n)
{
  g_autoptr(GInetAddress) address = g_inet_address_new_from_string (first);
  const guint8 *bytes = g_inet_address_to_bytes (address);
  guint32 value = ((guint32) bytes[0] << 24 | (guint32) bytes[1] << 16 | (guint32) bytes[2] << 8
                   | bytes[3]) + n - 1;

  return g_strdup_printf ("%u.%u.%u.%u", value >> 24, (value >> 16) & 0xff, (value >> 8) & 0xff,
                          value & 0xff);
}

static void
measure (guint  n,
         Row   *row)
{
  static const char * const sim_args[] = { "--history", "4", "--queue-depth", "200", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(MlCollectorConfig) config = NULL;
  g_autoptr(MlCycleSummary) first = NULL;
  g_autoptr(MlCycleSummary) second = NULL;
  g_autoptr(GPtrArray) fetches = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *config_path = NULL;
  g_autofree char *store_path = NULL;
  g_autofree char *last = last_address (FIRST_ADDRESS, n);
  g_autofree char *ranges = g_strdup_printf ("%s-%s", FIRST_ADDRESS, last);
  g_autofree char *port = NULL;
  Cycle cycle1 = { 0 };
  Cycle cycle2 = { 0 };
  MlTestFleet *fleet;
  gint64 size_before;
  double cpu;

  fleet = ml_test_fleet_start (n, FIRST_ADDRESS, 7, sim_args);
  g_assert_nonnull (fleet);

  dir = g_dir_make_tmp ("bench-cycle-XXXXXX", &error);
  g_assert_no_error (error);
  config_path = g_build_filename (dir, "collector.conf", NULL);
  store_path = g_build_filename (dir, "collector.db", NULL);
  config = ml_collector_config_load (config_path, &error);
  g_assert_no_error (error);
  port = g_strdup_printf ("%u", ml_test_fleet_get_port (fleet));
  g_assert_true (ml_collector_config_set (config, "ranges", ranges, &error));
  g_assert_true (ml_collector_config_set (config, "port", port, &error));
  g_assert_no_error (error);

  /* The first cycle pins and positions; the store is closed after it. */
  first = run_cycle (config, store_path, &cycle1);
  g_assert_cmpuint (ml_cycle_summary_get_read (first), ==, n);
  size_before = store_size (store_path);

  advance_for_jobs (fleet);
  fetches = plan_fetches (store_path);

  row->base_mib = status_mib ("VmRSS:");
  reset_peak ();
  cpu = cpu_seconds ();
  second = run_cycle (config, store_path, &cycle2);
  row->cpu_s = cpu_seconds () - cpu;
  row->peak_mib = status_mib ("VmHWM:");
  row->wall_s = ml_cycle_summary_get_duration_ms (second) / 1000.0;
  row->scan_s = (cycle2.read_started_us - cycle2.started_us) / 1e6;
  row->printers = n;
  row->new_jobs = ml_cycle_summary_get_new_jobs (second);
  row->failed = ml_cycle_summary_get_failed (second);
  row->bytes_per_job = row->new_jobs > 0
                       ? (double) (store_size (store_path) - size_before) / row->new_jobs : 0;

  /* Time stands still: the same answers for the reference. */
  row->fetch16_s = fetch_all (fetches, CONCURRENCY, &row->fetch16_cpu_s);
  row->fetch1_s = fetch_all (fetches, 1, NULL);

  ml_test_fleet_stop (fleet);
  g_remove (store_path);
  {
    g_autofree char *lock = g_strconcat (store_path, ".lock", NULL);

    g_remove (lock);
  }
  g_remove (config_path);
  g_rmdir (dir);
}

static double
ratio (double a,
       double b)
{
  return b > 0 ? a / b : 0;
}

/* Each size runs in a process of its own, so that its peak memory is its own. */
static void
measure_in_child (const char *self,
                  guint       n,
                  Row        *row)
{
  g_autoptr(GSubprocess) child = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *size = g_strdup_printf ("%u", n);
  g_autofree char *out = NULL;
  int fields;

  child = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, self, "--one", size, NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (child, NULL, NULL, &out, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_successful (child));

  fields = sscanf (out, "row %u %u %u %lf %lf %lf %lf %lf %lf %lf %lf %lf", &row->printers,
                   &row->new_jobs, &row->failed, &row->wall_s, &row->scan_s, &row->cpu_s,
                   &row->base_mib, &row->peak_mib, &row->bytes_per_job, &row->fetch16_s,
                   &row->fetch16_cpu_s, &row->fetch1_s);
  g_assert_cmpint (fields, ==, 12);
}

static gboolean
parse_size (const char *text,
            guint      *out_n)
{
  guint64 n;

  if (!g_ascii_string_to_unsigned (text, 10, 1, 1000, &n, NULL))
    {
      g_printerr ("bench-cycle: a fleet size is 1 to 1000, not “%s”\n", text);
      return FALSE;
    }
  *out_n = (guint) n;
  return TRUE;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GArray) sizes = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GArray) rows = g_array_new (FALSE, TRUE, sizeof (Row));

  if (g_getenv ("ML_PRINTER_SIM") == NULL)
    {
      g_printerr ("bench-cycle: set ML_PRINTER_SIM to the built meterlink-printer-sim\n");
      return 77;
    }
  raise_file_limit ();

  if (argc == 3 && strcmp (argv[1], "--one") == 0)
    {
      Row row = { 0 };
      guint n;

      if (!parse_size (argv[2], &n))
        return 2;
      measure (n, &row);
      g_print ("row %u %u %u %f %f %f %f %f %f %f %f %f\n", row.printers, row.new_jobs,
               row.failed, row.wall_s, row.scan_s, row.cpu_s, row.base_mib, row.peak_mib,
               row.bytes_per_job, row.fetch16_s, row.fetch16_cpu_s, row.fetch1_s);
      return 0;
    }

  for (int i = 1; i < argc; i++)
    {
      guint n;

      if (!parse_size (argv[i], &n))
        return 2;
      g_array_append_val (sizes, n);
    }
  if (sizes->len == 0)
    {
      guint defaults[] = { 10, 200, 1000 };

      g_array_append_vals (sizes, defaults, G_N_ELEMENTS (defaults));
    }

  for (guint i = 0; i < sizes->len; i++)
    {
      Row row = { 0 };

      measure_in_child (argv[0], g_array_index (sizes, guint, i), &row);
      g_array_append_val (rows, row);
    }

  g_print ("One collection cycle (scan + read + store), ~%.0f new jobs per printer, "
           "%u printers read at once; each size in a fresh process\n\n", TARGET_JOBS,
           CONCURRENCY);
  g_print ("printers  new jobs  jobs/printer  failed  wall s  scan s  cpu s  RSS before MiB  "
           "peak MiB  store B/job | fetch x16 s  its cpu s  fetch x1 s  read phase / fetch x16\n");
  for (guint i = 0; i < rows->len; i++)
    {
      Row *row = &g_array_index (rows, Row, i);

      g_print ("%8u  %8u  %12.1f  %6u  %6.2f  %6.2f  %5.2f  %14.1f  %8.1f  %11.0f | %11.2f  "
               "%9.2f  %10.2f  %22.2f\n",
               row->printers, row->new_jobs, (double) row->new_jobs / row->printers, row->failed,
               row->wall_s, row->scan_s, row->cpu_s, row->base_mib, row->peak_mib,
               row->bytes_per_job, row->fetch16_s, row->fetch16_cpu_s, row->fetch1_s,
               ratio (row->wall_s - row->scan_s, row->fetch16_s));
    }

  g_print ("\nGrowth from one size to the next (printers xK: each figure x):\n");
  for (guint i = 1; i < rows->len; i++)
    {
      Row *a = &g_array_index (rows, Row, i - 1);
      Row *b = &g_array_index (rows, Row, i);

      g_print ("  %u -> %u printers (x%.0f): wall x%.1f, cpu x%.1f, peak memory x%.2f "
               "(above the RSS before x%.1f), store bytes per job x%.2f, plain fetch x16 x%.1f\n",
               a->printers, b->printers, (double) b->printers / a->printers,
               ratio (b->wall_s, a->wall_s), ratio (b->cpu_s, a->cpu_s),
               ratio (b->peak_mib, a->peak_mib),
               ratio (b->peak_mib - b->base_mib, a->peak_mib - a->base_mib),
               ratio (b->bytes_per_job, a->bytes_per_job), ratio (b->fetch16_s, a->fetch16_s));
    }
  return 0;
}
