/* bench-wire.c: bytes on the wire per printer per collection cycle, beside the seeds' 100 KB
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * For each fleet size: start meterlink-printer-sim (ML_PRINTER_SIM) with frozen time,
 * collect, and seal what changed into the outbox exactly as a sync does
 * (MlBundleBuilder): the first full cycle (every printer's snapshot, counters and
 * its 24 hours of job history), a cycle with the printers' time standing still
 * (only the time of the last success changes: the heartbeat), and a steady-state
 * cycle after time moved on until the printers printed about 19 new jobs each. The
 * figure is the sealed bundles' size (what the POST's body carries: header, IV,
 * ciphertext, MAC) divided by the printers, beside the payload's JSON size before
 * compression and 0.01 % of a 5 Mbit/s line; and the largest single transfer (one
 * bundle, one POST) beside the seeds' promise of under 100 KB per transfer and the
 * bundle builder's target (ML_BUNDLE_TARGET_SIZE). HTTP and TLS add a few hundred
 * bytes per upload, not counted.
 *
 * Run: meson test -C build --benchmark wire, or bench-wire [SIZE...].
 */
#include "config.h"

#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>

#include "ml-bundle-builder.h"
#include "ml-collector.h"
#include "ml-test-fleet.h"

#define TARGET_JOBS 19.0
#define FIRST_ADDRESS "127.0.12.1"
#define CYCLE_DEADLINE_S 1200
#define SITE_ID "6f1c2a4e-0d3b-4c5a-9e8f-7a6b5c4d3e2f"
#define SEED_TRANSFER_BYTES (100 * 1000)
#define LINE_BYTES_PER_S (5e6 / 8)

typedef struct
{
  const char *name;
  guint printers;
  double jobs_per_printer;
  guint bundles;
  guint64 payload_bytes;
  guint64 sealed_bytes;
  guint64 largest_bytes;       /* the largest single bundle */
} Row;

typedef struct
{
  gboolean done;
  MlCycleSummary *summary;
  GError *error;
} CycleWait;

static void
on_collected (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  CycleWait *wait = user_data;

  wait->summary = ml_collector_collect_finish (ML_COLLECTOR (object), result, &wait->error);
  wait->done = TRUE;
}

static guint
collect (MlCollector *collector,
         guint        n)
{
  CycleWait wait = { FALSE, NULL, NULL };
  guint new_jobs;

  ml_collector_collect_async (collector, NULL, on_collected, &wait);
  ml_test_wait (&wait.done, CYCLE_DEADLINE_S);
  g_assert_no_error (wait.error);
  g_assert_cmpuint (ml_cycle_summary_get_read (wait.summary), ==, n);
  new_jobs = ml_cycle_summary_get_new_jobs (wait.summary);
  g_object_unref (wait.summary);
  return new_jobs;
}

/* Seals what changed and measures the new outbox entries: count, sealed size, and
 * the payloads' JSON size (opened again with the key). */
static void
seal_and_measure (MlCollectorStore *store,
                  MlSiteKey        *key,
                  guint64          *sequence,
                  Row              *row)
{
  g_autoptr(MlBundleBuilder) builder = ml_bundle_builder_new (store, SITE_ID, key);
  g_autoptr(GError) error = NULL;

  ml_bundle_builder_build (builder, g_get_real_time () / G_USEC_PER_SEC, &row->bundles, NULL,
                           &error);
  g_assert_no_error (error);

  for (;;)
    {
      g_autoptr(MlOutboxEntry) entry = NULL;
      g_autoptr(JsonNode) payload = NULL;
      g_autofree char *text = NULL;

      entry = ml_collector_store_next_outbox_entry (store, *sequence, &error);
      g_assert_no_error (error);
      if (entry == NULL)
        break;
      payload = ml_bundle_open (key, entry->bytes, NULL, &error);
      g_assert_no_error (error);
      text = json_to_string (payload, FALSE);
      row->payload_bytes += strlen (text);
      row->sealed_bytes += g_bytes_get_size (entry->bytes);
      row->largest_bytes = MAX (row->largest_bytes, g_bytes_get_size (entry->bytes));
      *sequence = entry->sequence;

      /* Delivered, as far as the next cycle is concerned. */
      ml_collector_store_remove_outbox_entry (store, entry->bundle_uuid, entry->sequence,
                                              &error);
      g_assert_no_error (error);
    }
}

static void
on_next_second (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
}

static gint64
fleet_jobs (MlTestFleet *fleet)
{
  g_autoptr(JsonNode) truth = ml_test_fleet_truth (fleet);
  gint64 jobs = 0;

  for (guint i = 0; i < ml_test_fleet_get_size (fleet); i++)
    jobs += json_object_get_int_member (
              json_object_get_object_member (ml_test_fleet_truth_printer (truth, i), "counters"),
              "job_count");
  return jobs;
}

/* Moves time on, a quarter of an hour at a time, until the fleet printed about
 * TARGET_JOBS jobs a printer (at most two days). */
static void
advance_for_jobs (MlTestFleet *fleet)
{
  guint n = ml_test_fleet_get_size (fleet);
  gint64 before = fleet_jobs (fleet);

  for (guint step = 0; step < 4 * 48; step++)
    {
      ml_test_fleet_advance (fleet, 900);
      if ((double) (fleet_jobs (fleet) - before) / n >= TARGET_JOBS)
        return;
    }
}

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
measure (guint   n,
         GArray *rows)
{
  static const char * const sim_args[] = { "--queue-depth", "2000", "--history", "24", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(MlCollectorConfig) config = NULL;
  g_autoptr(MlCollectorStore) store = NULL;
  g_autoptr(MlCollector) collector = NULL;
  g_autoptr(MlSiteKey) key = NULL;
  g_autoptr(GBytes) secret = ml_site_key_generate_secret ();
  g_autofree char *dir = g_dir_make_tmp ("bench-wire-XXXXXX", &error);
  g_autofree char *config_path = g_build_filename (dir, "collector.conf", NULL);
  g_autofree char *store_path = g_build_filename (dir, "collector.db", NULL);
  g_autofree char *last = last_address (FIRST_ADDRESS, n);
  g_autofree char *ranges = g_strdup_printf ("%s-%s", FIRST_ADDRESS, last);
  g_autofree char *port = NULL;
  MlTestFleet *fleet;
  guint64 sequence = 0;
  Row first = { "first (24 h of history)", n, 0, 0, 0, 0, 0 };
  Row heartbeat = { "nothing printed", n, 0, 0, 0, 0, 0 };
  Row steady = { "steady state", n, 0, 0, 0, 0, 0 };

  g_assert_no_error (error);
  fleet = ml_test_fleet_start (n, FIRST_ADDRESS, 7, sim_args);
  g_assert_nonnull (fleet);

  config = ml_collector_config_load (config_path, &error);
  g_assert_no_error (error);
  port = g_strdup_printf ("%u", ml_test_fleet_get_port (fleet));
  g_assert_true (ml_collector_config_set (config, "ranges", ranges, &error));
  g_assert_true (ml_collector_config_set (config, "port", port, &error));
  g_assert_true (ml_collector_config_set (config, "probe-timeout", "2000", &error));
  store = ml_collector_store_open (store_path, &error);
  g_assert_no_error (error);
  collector = ml_collector_new (config, store);
  key = ml_site_key_new (secret, &error);
  g_assert_no_error (error);

  first.jobs_per_printer = (double) collect (collector, n) / n;
  seal_and_measure (store, key, &sequence, &first);
  g_array_append_val (rows, first);

  /* The second reading may land in the same second as the first: one more second
   * makes the heartbeat what it is in the field. */
  {
    gboolean next_second = FALSE;
    guint ms = (guint) (1000 - (g_get_real_time () % G_USEC_PER_SEC) / 1000) + 10;

    g_timeout_add_once (ms, on_next_second, &next_second);
    ml_test_wait (&next_second, 5);
  }
  heartbeat.jobs_per_printer = (double) collect (collector, n) / n;
  seal_and_measure (store, key, &sequence, &heartbeat);
  g_array_append_val (rows, heartbeat);

  advance_for_jobs (fleet);
  steady.jobs_per_printer = (double) collect (collector, n) / n;
  seal_and_measure (store, key, &sequence, &steady);
  g_array_append_val (rows, steady);

  g_clear_object (&collector);
  g_clear_object (&store);
  ml_test_fleet_stop (fleet);
  {
    g_autofree char *lock = g_strconcat (store_path, ".lock", NULL);
    g_autofree char *wal = g_strconcat (store_path, "-wal", NULL);
    g_autofree char *shm = g_strconcat (store_path, "-shm", NULL);

    g_remove (lock);
    g_remove (wal);
    g_remove (shm);
  }
  g_remove (store_path);
  g_remove (config_path);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GArray) sizes = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GArray) rows = g_array_new (FALSE, TRUE, sizeof (Row));

  if (g_getenv ("ML_PRINTER_SIM") == NULL)
    {
      g_printerr ("bench-wire: set ML_PRINTER_SIM to the built meterlink-printer-sim\n");
      return 77;
    }

  for (int i = 1; i < argc; i++)
    {
      guint64 n;

      if (!g_ascii_string_to_unsigned (argv[i], 10, 1, 250, &n, NULL))
        {
          g_printerr ("bench-wire: a fleet size is 1 to 250, not “%s”\n", argv[i]);
          return 2;
        }
      g_array_append_val (sizes, n);
    }
  if (sizes->len == 0)
    {
      guint defaults[] = { 1, 10, 100 };

      g_array_append_vals (sizes, defaults, G_N_ELEMENTS (defaults));
    }

  for (guint i = 0; i < sizes->len; i++)
    measure (g_array_index (sizes, guint, i), rows);

  g_print ("Bytes on the wire per collection cycle: sealed bundles (zlib level 9, AES-128-CBC, "
           "HMAC-SHA256),\nthe largest single transfer beside the seeds' under 100 KB per "
           "transfer (the builder's target: %u B); line share at one\ncycle every 180 min "
           "(the default) and every 30 min (the seeds' worst case)\n\n",
           (guint) ML_BUNDLE_TARGET_SIZE);
  g_print ("printers  cycle                     jobs/printer  bundles  payload B  sealed B  "
           "sealed B/printer  sealed/payload  largest B  largest vs 100 KB  5 Mbit/s @180 min  "
           "@30 min\n");
  for (guint i = 0; i < rows->len; i++)
    {
      Row *row = &g_array_index (rows, Row, i);

      g_print ("%8u  %-24s  %12.1f  %7u  %9" G_GUINT64_FORMAT "  %8" G_GUINT64_FORMAT
               "  %16.0f  %14.3f  %9" G_GUINT64_FORMAT "  %16.2f%%  %16.5f%%  %6.5f%%\n",
               row->printers, row->name, row->jobs_per_printer, row->bundles,
               row->payload_bytes, row->sealed_bytes, (double) row->sealed_bytes / row->printers,
               row->payload_bytes > 0 ? (double) row->sealed_bytes / row->payload_bytes : 0,
               row->largest_bytes, 100.0 * row->largest_bytes / SEED_TRANSFER_BYTES,
               100.0 * row->sealed_bytes / (LINE_BYTES_PER_S * 180 * 60),
               100.0 * row->sealed_bytes / (LINE_BYTES_PER_S * 30 * 60));
    }
  return 0;
}
