/* test-collector-store.c: the collector's store keeps every job once, through kills
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The kill tests run this binary again as a child ("--child MODE PATH") and kill it
 * with SIGKILL at a moment the child reports on its stdout: no sleeps, no timing.
 */
#include "config.h"

#include <signal.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "ml-collector-store.h"
#include "ml-store-lock.h"
#include "ml-test-support.h"

#define PRODUCT "2RQ03A"
#define CERT_A "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
#define CERT_B "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"
#define CERT_C "cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc"
#define T0 G_GINT64_CONSTANT (1780000000)   /* 2026-05-28, a fixed "now" */

typedef struct
{
  char *dir;
  char *path;
  MlCollectorStore *store;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("ml-collector-store-XXXXXX", &error);
  g_assert_no_error (error);
  /* Folders that do not exist yet: open creates them. */
  fixture->path = g_build_filename (fixture->dir, "data", "meterlink", "collector.db", NULL);
  fixture->store = ml_collector_store_open (fixture->path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (fixture->store);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  if (fixture->store != NULL)
    g_assert_finalize_object (g_steal_pointer (&fixture->store));
  ml_test_remove_tree (fixture->dir);
  g_clear_pointer (&fixture->dir, g_free);
  g_clear_pointer (&fixture->path, g_free);
}

/* Readings built by hand, with something in every part the store keeps. */

static MlPrinterReading *
new_reading (const char *serial,
             gint64      read_at)
{
  MlPrinterReading *reading = ml_printer_reading_new ();
  MlIdentity *identity = ml_printer_reading_get_identity (reading);
  MlEngineStatus *status = ml_printer_reading_get_status (reading);
  g_autoptr(MlAlert) alert = ml_alert_new ();
  g_autoptr(MlCartridge) cartridge = ml_cartridge_new ();
  g_autoptr(MlPrinthead) printhead = ml_printhead_new ();
  g_autoptr(MlMediaSource) source = ml_media_source_new ();
  g_autoptr(MlMediaType) type = ml_media_type_new ();
  static const char * const colors[] = { "C", "M", NULL };

  ml_identity_set_serial_number (identity, serial);
  ml_identity_set_product_number (identity, PRODUCT);
  ml_identity_set_model_name (identity, "HP DesignJet T1700 44-in");
  ml_identity_set_firmware_version (identity, "ROBINSON_01_02_03.4");
  ml_identity_set_manufacturer (identity, "HP");
  ml_printer_reading_set_read_at (reading, read_at);

  ml_engine_status_set_state (status, ML_ENGINE_STATE_IDLE);
  ml_engine_status_set_status_text (status, "Ready");

  ml_alert_set_code (alert, "cyanInkLow");
  ml_alert_set_severity (alert, ML_SEVERITY_WARNING);
  ml_alert_set_description (alert, "Cyan ink is low");
  ml_alert_set_raised_at (alert, read_at - 3600);
  ml_printer_reading_add_alert (reading, alert);

  ml_cartridge_set_slot (cartridge, 1);
  ml_cartridge_set_color (cartridge, "C");
  ml_cartridge_set_state (cartridge, ML_SUPPLY_STATE_LOW);
  ml_cartridge_set_capacity_ul (cartridge, 130000);
  ml_cartridge_set_level_ul (cartridge, 9000);
  ml_cartridge_set_level_percent (cartridge, 7);
  ml_cartridge_set_expires_at (cartridge, read_at + 86400 * 300);
  ml_printer_reading_add_cartridge (reading, cartridge);

  ml_printhead_set_slot (printhead, 1);
  ml_printhead_set_colors (printhead, colors);
  ml_printhead_set_state (printhead, ML_SUPPLY_STATE_OK);
  ml_printhead_set_health_percent (printhead, 93);
  ml_printhead_set_non_hp_ink (printhead, FALSE);
  ml_printhead_set_in_warranty (printhead, TRUE);
  ml_printer_reading_add_printhead (reading, printhead);

  ml_media_source_set_id (source, "roll1");
  ml_media_source_set_kind (source, ML_MEDIA_SOURCE_KIND_ROLL);
  ml_media_source_set_state (source, ML_MEDIA_STATE_LOADED);
  ml_media_source_set_media_type_id (source, "plain");
  ml_media_source_set_width_mm (source, 1118);
  ml_media_source_set_length_mm (source, 45000);
  ml_printer_reading_add_media_source (reading, source);

  ml_media_type_set_id (type, "plain");
  ml_media_type_set_name (type, "Plain paper");
  ml_printer_reading_add_media_type (reading, type);

  return reading;
}

static void
set_usage (MlPrinterReading *reading,
           gint64            pages,
           gint64            cyan_ul)
{
  MlUsage *usage = ml_printer_reading_get_usage (reading);
  g_autoptr(MlInkUsage) ink = ml_ink_usage_new ();
  g_autoptr(MlMediaUsage) media = ml_media_usage_new ();
  g_autoptr(MlCategoryUsage) category = ml_category_usage_new ();

  ml_usage_set_page_count (usage, pages);
  ml_usage_set_job_count (usage, pages / 2);
  ml_usage_set_total_ink_ul (usage, cyan_ul * 2);
  ml_usage_set_total_media_area_mm2 (usage, pages * 1000000);

  ml_ink_usage_set_color (ink, "C");
  ml_ink_usage_set_ink_used_ul (ink, cyan_ul);
  ml_ink_usage_set_hp_ink_used_ul (ink, cyan_ul);
  ml_ink_usage_set_insertions (ink, 3);
  ml_usage_add_ink (usage, ink);

  ml_media_usage_set_media_type_id (media, "plain");
  ml_media_usage_set_area_mm2 (media, pages * 1000000);
  ml_usage_add_media (usage, media);

  ml_category_usage_set_category (category, "cad");
  ml_category_usage_set_media_area_mm2 (category, pages * 900000);
  ml_category_usage_set_length_mm (category, pages * 800);
  ml_usage_add_category (usage, category);
}

static MlJob *
add_job (MlPrinterReading *reading,
         const char       *uuid,
         MlJobStatus       status,
         gint64            printed_at)
{
  g_autoptr(MlJob) job = ml_job_new (ML_JOB_KIND_PRINT, uuid);
  g_autoptr(MlCategoryUsage) category = ml_category_usage_new ();
  g_autofree char *name = g_strdup_printf ("Floor plan %s.pdf", uuid);

  ml_job_set_name (job, name);
  ml_job_set_status (job, status);
  ml_job_set_submitted_at (job, printed_at > 0 ? printed_at - 60 : T0 - 60);
  ml_job_set_user_name (job, "anna");
  if (status == ML_JOB_STATUS_COMPLETED)
    {
      ml_job_set_printed_at (job, printed_at);
      ml_job_set_completed_at (job, printed_at + 30);
      ml_job_set_pages (job, 1);
      ml_job_set_copies (job, 2);
      ml_job_set_duration_ms (job, 45000);
      ml_job_set_media_type_id (job, "plain");
      ml_job_set_media_area_mm2 (job, 1189 * 841);
      ml_job_set_printed_area_mm2 (job, 500000);
      ml_job_set_media_length_mm (job, 841);
      ml_job_set_ink (job, "C", 120);
      ml_job_set_ink (job, "K", 85);
      ml_category_usage_set_category (category, "cad");
      ml_category_usage_set_media_area_mm2 (category, 1189 * 841);
      ml_job_add_category (job, category);
    }

  ml_printer_reading_add_job (reading, job);
  return job;   /* the reading holds it */
}

static char *
to_text (JsonNode *node)
{
  g_autoptr(JsonNode) owned = node;

  return json_to_string (owned, FALSE);
}

static guint
save (Fixture          *fixture,
      const char       *serial,
      const char       *address,
      MlPrinterReading *reading,
      gint64            now)
{
  g_autoptr(GError) error = NULL;
  guint new_jobs = G_MAXUINT;

  g_assert_true (ml_collector_store_save_reading (fixture->store, serial, address, 443,
                                                  reading, now, &new_jobs, &error));
  g_assert_no_error (error);
  return new_jobs;
}

static GPtrArray *
list_jobs (Fixture    *fixture,
           const char *serial)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *jobs = ml_collector_store_list_jobs (fixture->store, serial, 0, &error);

  g_assert_no_error (error);
  g_assert_nonnull (jobs);
  return jobs;
}

static gint64
count_jobs (MlCollectorStore *store,
            const char       *serial)
{
  g_autoptr(GError) error = NULL;
  gint64 count = ml_collector_store_count_jobs (store, serial, 0, &error);

  g_assert_no_error (error);
  return count;
}

static MlStoredPrinter *
lookup (Fixture    *fixture,
        const char *serial)
{
  g_autoptr(GError) error = NULL;
  MlStoredPrinter *printer = ml_collector_store_lookup_printer (fixture->store, serial, &error);

  g_assert_no_error (error);
  g_assert_nonnull (printer);
  return printer;
}

static void
test_save_twice (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(MlPrinterReading) reading = new_reading ("SG1", T0);
  g_autoptr(GPtrArray) jobs = NULL;
  g_autoptr(MlStoredPrinter) printer = NULL;

  set_usage (reading, 1000, 50000);
  /* Out of order on purpose: the store orders by print time, then UUID. */
  add_job (reading, "job-c", ML_JOB_STATUS_COMPLETED, T0 - 100);
  add_job (reading, "job-a", ML_JOB_STATUS_COMPLETED, T0 - 300);
  add_job (reading, "job-b", ML_JOB_STATUS_COMPLETED, T0 - 100);

  g_assert_cmpuint (save (fixture, "SG1", "192.0.2.7", reading, T0), ==, 3);
  g_assert_cmpuint (save (fixture, "SG1", "192.0.2.7", reading, T0 + 10800), ==, 0);
  g_assert_cmpint (count_jobs (fixture->store, "SG1"), ==, 3);
  g_assert_cmpint (count_jobs (fixture->store, NULL), ==, 3);

  jobs = list_jobs (fixture, "SG1");
  g_assert_cmpuint (jobs->len, ==, 3);
  g_assert_cmpstr (ml_job_get_uuid (g_ptr_array_index (jobs, 0)), ==, "job-a");
  g_assert_cmpstr (ml_job_get_uuid (g_ptr_array_index (jobs, 1)), ==, "job-b");
  g_assert_cmpstr (ml_job_get_uuid (g_ptr_array_index (jobs, 2)), ==, "job-c");

  /* Every field comes back as it went in. */
  for (guint i = 0; i < jobs->len; i++)
    {
      MlJob *stored = g_ptr_array_index (jobs, i);
      MlJob *original = ml_printer_reading_lookup_job (reading, ml_job_get_uuid (stored));
      g_autofree char *expected = to_text (ml_job_to_json (original));
      g_autofree char *actual = to_text (ml_job_to_json (stored));

      g_assert_cmpstr (actual, ==, expected);
      g_assert_cmpstr (ml_collector_store_get_job_serial (stored), ==, "SG1");
    }
  g_clear_pointer (&jobs, g_ptr_array_unref);

  /* --since counts by print time. */
  jobs = ml_collector_store_list_jobs (fixture->store, NULL, T0 - 200, NULL);
  g_assert_cmpuint (jobs->len, ==, 2);
  g_assert_cmpint (ml_collector_store_count_jobs (fixture->store, NULL, T0 - 200, NULL), ==, 2);

  printer = lookup (fixture, "SG1");
  g_assert_cmpstr (ml_stored_printer_get_product_number (printer), ==, PRODUCT);
  g_assert_cmpstr (ml_stored_printer_get_model (printer), ==, "HP DesignJet T1700 44-in");
  g_assert_cmpstr (ml_stored_printer_get_firmware (printer), ==, "ROBINSON_01_02_03.4");
  g_assert_cmpstr (ml_stored_printer_get_address (printer), ==, "192.0.2.7");
  g_assert_cmpuint (ml_stored_printer_get_port (printer), ==, 443);
  g_assert_true (ml_stored_printer_get_supported (printer));
  g_assert_cmpint (ml_stored_printer_get_first_seen (printer), ==, T0);
  g_assert_cmpint (ml_stored_printer_get_last_seen (printer), ==, T0 + 10800);
  g_assert_cmpint (ml_stored_printer_get_last_success (printer), ==, T0 + 10800);
}

static void
test_job_updated (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(MlPrinterReading) first = new_reading ("SG1", T0);
  g_autoptr(MlPrinterReading) second = new_reading ("SG1", T0 + 600);
  g_autoptr(MlPrinterReading) third = new_reading ("SG1", T0 + 1200);
  g_autoptr(GPtrArray) jobs = NULL;
  MlJob *stored;
  MlJob *vague;

  add_job (first, "job-1", ML_JOB_STATUS_PENDING, 0);
  g_assert_cmpuint (save (fixture, "SG1", "192.0.2.7", first, T0), ==, 1);

  add_job (second, "job-1", ML_JOB_STATUS_COMPLETED, T0 + 300);
  g_assert_cmpuint (save (fixture, "SG1", "192.0.2.7", second, T0 + 600), ==, 0);

  jobs = list_jobs (fixture, NULL);
  g_assert_cmpuint (jobs->len, ==, 1);
  stored = g_ptr_array_index (jobs, 0);
  g_assert_cmpint (ml_job_get_status (stored), ==, ML_JOB_STATUS_COMPLETED);
  g_assert_cmpint (ml_job_get_media_area_mm2 (stored), ==, 1189 * 841);
  g_assert_cmpint (ml_job_get_ink (stored, "C"), ==, 120);
  g_assert_cmpint (ml_job_get_printed_at (stored), ==, T0 + 300);
  g_clear_pointer (&jobs, g_ptr_array_unref);

  /* A later reading that says less (the printer purged the accounting) erases
   * nothing that was known. */
  vague = add_job (third, "job-1", ML_JOB_STATUS_UNKNOWN, 0);
  ml_job_set_submitted_at (vague, 0);
  ml_job_set_user_name (vague, NULL);
  g_assert_cmpuint (save (fixture, "SG1", "192.0.2.7", third, T0 + 1200), ==, 0);

  jobs = list_jobs (fixture, NULL);
  g_assert_cmpuint (jobs->len, ==, 1);
  stored = g_ptr_array_index (jobs, 0);
  g_assert_cmpint (ml_job_get_status (stored), ==, ML_JOB_STATUS_COMPLETED);
  g_assert_cmpint (ml_job_get_media_area_mm2 (stored), ==, 1189 * 841);
  g_assert_cmpstr (ml_job_get_user_name (stored), ==, "anna");
}

static void
assert_counter (Fixture    *fixture,
                const char *name,
                gint64      value,
                gint64      growth)
{
  g_autoptr(GError) error = NULL;
  gint64 stored_value = -1, stored_growth = -1;

  g_assert_true (ml_collector_store_get_counter (fixture->store, "SG1", name,
                                                 &stored_value, &stored_growth, &error));
  g_assert_no_error (error);
  g_assert_cmpint (stored_value, ==, value);
  g_assert_cmpint (stored_growth, ==, growth);
}

static void
test_counter_reset (Fixture       *fixture,
                    gconstpointer  data)
{
  static const struct { gint64 pages; gint64 cyan; } readings[] = {
    { 1000, 50000 },
    { 1200, 52000 },
    { 50, 52500 },      /* the formatter board was replaced: pages start again */
    { 80, 300 },        /* and now the ink counters were reset too */
    { 80, 300 },        /* nothing new: no event, no growth */
  };
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GError) error = NULL;
  MlCounterEvent *event;

  for (guint i = 0; i < G_N_ELEMENTS (readings); i++)
    {
      g_autoptr(MlPrinterReading) reading = new_reading ("SG1", T0 + i * 10800);

      set_usage (reading, readings[i].pages, readings[i].cyan);
      save (fixture, "SG1", "192.0.2.7", reading, T0 + i * 10800);
    }

  events = ml_collector_store_list_counter_events (fixture->store, "SG1", &error);
  g_assert_no_error (error);

  /* Reading 2: pages, and with them the counters derived from pages, dropped. */
  {
    static const struct { const char *counter; gint64 before; gint64 after; } expected[] = {
      { "job_count", 600, 25 },
      { "page_count", 1200, 50 },
      { "total_media_area_mm2", 1200000000, 50000000 },
      { "media/plain/area_mm2", 1200000000, 50000000 },
      { "category/cad/media_area_mm2", 1080000000, 45000000 },
      { "category/cad/length_mm", 960000, 40000 },
      { "total_ink_ul", 105000, 600 },
      { "ink/C/ink_used_ul", 52500, 300 },
      { "ink/C/hp_ink_used_ul", 52500, 300 },
    };

    g_assert_cmpuint (events->len, ==, G_N_ELEMENTS (expected));
    for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
      {
        gboolean found = FALSE;

        for (guint j = 0; j < events->len && !found; j++)
          {
            event = g_ptr_array_index (events, j);
            if (g_strcmp0 (ml_counter_event_get_counter (event), expected[i].counter) != 0)
              continue;
            found = TRUE;
            g_assert_cmpstr (ml_counter_event_get_kind (event), ==, "reset");
            g_assert_cmpstr (ml_counter_event_get_serial (event), ==, "SG1");
            g_assert_cmpint (ml_counter_event_get_before (event), ==, expected[i].before);
            g_assert_cmpint (ml_counter_event_get_after (event), ==, expected[i].after);
            g_assert_cmpint (ml_counter_event_get_at (event), ==,
                             g_str_has_prefix (expected[i].counter, "ink") ||
                             g_str_has_prefix (expected[i].counter, "total_ink")
                               ? T0 + 3 * 10800 : T0 + 2 * 10800);
          }
        g_assert_true (found);
      }
  }

  /* Growth: 200 pages, then 50 from zero, then 30: never negative. */
  assert_counter (fixture, "page_count", 80, 200 + 50 + 30);
  /* Ink: +2000, +500, then 300 from zero. */
  assert_counter (fixture, "ink/C/ink_used_ul", 300, 2000 + 500 + 300);
  assert_counter (fixture, "ink/C/insertions", 3, 0);

  g_assert_false (ml_collector_store_get_counter (fixture->store, "SG1", "no/such", NULL, NULL,
                                                  &error));
  g_assert_error (error, ML_ERROR, ML_ERROR_NOT_FOUND);
}

static void
test_address_change (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(MlPrinterReading) reading = new_reading ("SG1", T0 + 20000);
  MlIdentity *identity = ml_printer_reading_get_identity (reading);
  g_autoptr(GPtrArray) printers = NULL;
  g_autoptr(GPtrArray) addresses = NULL;
  g_autoptr(MlStoredPrinter) printer = NULL;
  g_autoptr(GError) error = NULL;
  MlStoredAddress *address;

  g_assert_true (ml_collector_store_record_identity (fixture->store, "192.0.2.7", 443, identity,
                                                     CERT_A, TRUE, NULL, T0, &error));
  g_assert_no_error (error);
  g_assert_true (ml_collector_store_record_identity (fixture->store, "192.0.2.7", 443, identity,
                                                     CERT_A, TRUE, NULL, T0 + 10000, &error));
  g_assert_no_error (error);
  /* DHCP gave it another address. */
  g_assert_true (ml_collector_store_record_identity (fixture->store, "192.0.2.99", 443,
                                                     identity, CERT_A, TRUE, NULL, T0 + 20000,
                                                     &error));
  g_assert_no_error (error);
  save (fixture, "SG1", "192.0.2.99", reading, T0 + 20000);

  printers = ml_collector_store_list_printers (fixture->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (printers->len, ==, 1);
  g_assert_cmpstr (ml_stored_printer_get_address (g_ptr_array_index (printers, 0)), ==,
                   "192.0.2.99");

  addresses = ml_collector_store_list_addresses (fixture->store, "SG1", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (addresses->len, ==, 2);
  address = g_ptr_array_index (addresses, 0);
  g_assert_cmpstr (ml_stored_address_get_address (address), ==, "192.0.2.7");
  g_assert_cmpint (ml_stored_address_get_first_seen (address), ==, T0);
  g_assert_cmpint (ml_stored_address_get_last_seen (address), ==, T0 + 10000);
  address = g_ptr_array_index (addresses, 1);
  g_assert_cmpstr (ml_stored_address_get_address (address), ==, "192.0.2.99");
  g_assert_cmpuint (ml_stored_address_get_port (address), ==, 443);
  g_assert_cmpint (ml_stored_address_get_first_seen (address), ==, T0 + 20000);

  printer = lookup (fixture, "SG1");
  g_assert_cmpint (ml_stored_printer_get_first_seen (printer), ==, T0);
  g_assert_cmpint (ml_stored_printer_get_last_seen (printer), ==, T0 + 20000);
}

static void
test_unsupported (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(MlIdentity) identity = ml_identity_new ();
  g_autoptr(MlStoredPrinter) printer = NULL;
  g_autoptr(GError) error = NULL;

  ml_identity_set_serial_number (identity, "CN0001");
  ml_identity_set_product_number (identity, "D3Q20A");
  g_assert_true (ml_collector_store_record_identity (fixture->store, "192.0.2.20", 443,
                                                     identity, NULL, FALSE,
                                                     "not a large-format printer", T0,
                                                     &error));
  g_assert_no_error (error);
  printer = lookup (fixture, "CN0001");
  g_assert_false (ml_stored_printer_get_supported (printer));
  g_assert_cmpstr (ml_stored_printer_get_unsupported_reason (printer), ==,
                   "not a large-format printer");
  g_assert_null (ml_stored_printer_get_cert_sha256 (printer));
  g_assert_cmpint (ml_stored_printer_get_queue_modification (printer), ==, 0);

  /* No serial: nothing to file it under. */
  ml_identity_set_serial_number (identity, NULL);
  g_assert_false (ml_collector_store_record_identity (fixture->store, "192.0.2.21", 443,
                                                      identity, NULL, TRUE, NULL, T0, &error));
  g_assert_error (error, ML_ERROR, ML_ERROR_INVALID_VALUE);
  g_assert_nonnull (strstr (error->message, "192.0.2.21"));
}

static void
test_certificate (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(MlPrinterReading) reading = new_reading ("SG1", T0);
  MlIdentity *identity = ml_printer_reading_get_identity (reading);
  g_autoptr(MlStoredPrinter) printer = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (ml_collector_store_record_identity (fixture->store, "192.0.2.7", 443, identity,
                                                     CERT_A, TRUE, NULL, T0, &error));
  g_assert_no_error (error);
  printer = lookup (fixture, "SG1");
  g_assert_cmpstr (ml_stored_printer_get_cert_sha256 (printer), ==, CERT_A);
  g_assert_null (ml_stored_printer_get_pending_cert_sha256 (printer));
  g_clear_object (&printer);

  /* Another certificate: reported, kept as pending, the sighting still recorded. */
  g_assert_false (ml_collector_store_record_identity (fixture->store, "192.0.2.7", 443,
                                                      identity, CERT_B, TRUE, NULL, T0 + 100,
                                                      &error));
  g_assert_error (error, ML_ERROR, ML_ERROR_CERTIFICATE_CHANGED);
  g_assert_nonnull (strstr (error->message, "SG1"));
  g_assert_nonnull (strstr (error->message, CERT_B));
  g_clear_error (&error);
  printer = lookup (fixture, "SG1");
  g_assert_cmpstr (ml_stored_printer_get_cert_sha256 (printer), ==, CERT_A);
  g_assert_cmpstr (ml_stored_printer_get_pending_cert_sha256 (printer), ==, CERT_B);
  g_assert_cmpint (ml_stored_printer_get_last_seen (printer), ==, T0 + 100);
  g_clear_object (&printer);

  /* A fingerprint the printer never showed is not accepted. */
  g_assert_false (ml_collector_store_accept_certificate (fixture->store, "SG1", CERT_C,
                                                         &error));
  g_assert_error (error, ML_ERROR, ML_ERROR_INVALID_VALUE);
  g_clear_error (&error);
  g_assert_false (ml_collector_store_accept_certificate (fixture->store, "NOSUCH", CERT_B,
                                                         &error));
  g_assert_error (error, ML_ERROR, ML_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* Upper case is the same fingerprint. */
  g_assert_true (ml_collector_store_accept_certificate (fixture->store, "SG1",
                                                        "BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB"
                                                        "BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB",
                                                        &error));
  g_assert_no_error (error);
  printer = lookup (fixture, "SG1");
  g_assert_cmpstr (ml_stored_printer_get_cert_sha256 (printer), ==, CERT_B);
  g_assert_null (ml_stored_printer_get_pending_cert_sha256 (printer));
  g_clear_object (&printer);

  g_assert_true (ml_collector_store_record_identity (fixture->store, "192.0.2.7", 443, identity,
                                                     CERT_B, TRUE, NULL, T0 + 200, &error));
  g_assert_no_error (error);

  /* Changed again, and the technician accepts what is pending without naming it. */
  g_assert_false (ml_collector_store_record_identity (fixture->store, "192.0.2.7", 443,
                                                      identity, CERT_C, TRUE, NULL, T0 + 300,
                                                      &error));
  g_assert_error (error, ML_ERROR, ML_ERROR_CERTIFICATE_CHANGED);
  g_clear_error (&error);
  g_assert_true (ml_collector_store_accept_certificate (fixture->store, "SG1", NULL, &error));
  g_assert_no_error (error);
  printer = lookup (fixture, "SG1");
  g_assert_cmpstr (ml_stored_printer_get_cert_sha256 (printer), ==, CERT_C);
}

static void
test_failure_cleared (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(MlPrinterReading) reading = new_reading ("SG1", T0 + 3600);
  g_autoptr(MlStoredPrinter) printer = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (ml_collector_store_record_identity (fixture->store, "192.0.2.7", 443,
                                                     ml_printer_reading_get_identity (reading),
                                                     CERT_A, TRUE, NULL, T0, &error));
  g_assert_true (ml_collector_store_record_failure (fixture->store, "SG1",
                                                    "192.0.2.7: timed out", T0 + 60, &error));
  g_assert_no_error (error);
  printer = lookup (fixture, "SG1");
  g_assert_cmpstr (ml_stored_printer_get_last_error (printer), ==, "192.0.2.7: timed out");
  g_assert_cmpint (ml_stored_printer_get_last_error_at (printer), ==, T0 + 60);
  g_assert_cmpint (ml_stored_printer_get_last_success (printer), ==, 0);
  g_clear_object (&printer);

  save (fixture, "SG1", "192.0.2.7", reading, T0 + 3600);
  printer = lookup (fixture, "SG1");
  g_assert_null (ml_stored_printer_get_last_error (printer));
  g_assert_cmpint (ml_stored_printer_get_last_error_at (printer), ==, 0);
  g_assert_cmpint (ml_stored_printer_get_last_success (printer), ==, T0 + 3600);

  g_assert_false (ml_collector_store_record_failure (fixture->store, "NOSUCH", "down", T0,
                                                     &error));
  g_assert_error (error, ML_ERROR, ML_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "NOSUCH"));
}

static void
test_wrong_serial (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(MlPrinterReading) reading = new_reading ("OTHER", T0);
  g_autoptr(GError) error = NULL;

  add_job (reading, "job-1", ML_JOB_STATUS_COMPLETED, T0);
  g_assert_false (ml_collector_store_save_reading (fixture->store, "SG1", "192.0.2.7", 443,
                                                   reading, T0, NULL, &error));
  g_assert_error (error, ML_ERROR, ML_ERROR_INVALID_VALUE);
  g_assert_cmpint (count_jobs (fixture->store, NULL), ==, 0);
}

/* A second connection, as another program would have. */
static sqlite3 *
open_raw (const char *path)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 10000);
  return db;
}

static void
exec_raw (sqlite3    *db,
          const char *sql)
{
  char *message = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
}

static void
add_numbered_jobs (MlPrinterReading *reading,
                   const char       *prefix,
                   guint             round,
                   guint             n_jobs)
{
  for (guint i = 0; i < n_jobs; i++)
    {
      g_autofree char *uuid = g_strdup_printf ("%s-%04u-%04u", prefix, round, i);

      add_job (reading, uuid, ML_JOB_STATUS_COMPLETED, T0 + round * 1000 + i);
    }
}

static void
test_queue_moves_with_jobs (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(MlPrinterReading) first = new_reading ("SG1", T0);
  g_autoptr(MlPrinterReading) second = new_reading ("SG1", T0 + 10800);
  g_autoptr(MlStoredPrinter) printer = NULL;
  g_autoptr(GError) error = NULL;
  guint new_jobs = 99;
  sqlite3 *raw;

  ml_printer_reading_set_queue_uuid (first, "queue-1");
  ml_printer_reading_set_queue_modification (first, 10);
  add_numbered_jobs (first, "q", 1, 5);
  save (fixture, "SG1", "192.0.2.7", first, T0);

  /* Make the last write of the next transaction fail, after its jobs went in. */
  raw = open_raw (fixture->path);
  exec_raw (raw, "CREATE TRIGGER fail_queue BEFORE UPDATE OF queue_modification ON printers "
                 "WHEN NEW.queue_modification = 20 BEGIN SELECT RAISE (ABORT, 'injected'); END");

  ml_printer_reading_set_queue_uuid (second, "queue-1");
  ml_printer_reading_set_queue_modification (second, 20);
  add_numbered_jobs (second, "q", 2, 5);
  g_assert_false (ml_collector_store_save_reading (fixture->store, "SG1", "192.0.2.7", 443,
                                                   second, T0 + 10800, &new_jobs, &error));
  g_assert_error (error, ML_ERROR, ML_ERROR_STORE);
  g_assert_cmpuint (new_jobs, ==, 0);
  g_clear_error (&error);

  /* Neither the jobs nor the queue position of the failed transaction. */
  g_assert_cmpint (count_jobs (fixture->store, NULL), ==, 5);
  printer = lookup (fixture, "SG1");
  g_assert_cmpstr (ml_stored_printer_get_queue_uuid (printer), ==, "queue-1");
  g_assert_cmpint (ml_stored_printer_get_queue_modification (printer), ==, 10);
  g_assert_cmpint (ml_stored_printer_get_last_success (printer), ==, T0);
  g_clear_object (&printer);

  exec_raw (raw, "DROP TRIGGER fail_queue");
  sqlite3_close (raw);

  /* The next cycle reads again from modification 10 and gets it all. */
  g_assert_cmpuint (save (fixture, "SG1", "192.0.2.7", second, T0 + 21600), ==, 5);
  g_assert_cmpint (count_jobs (fixture->store, NULL), ==, 10);
  printer = lookup (fixture, "SG1");
  g_assert_cmpint (ml_stored_printer_get_queue_modification (printer), ==, 20);
  g_clear_object (&printer);

  /* A reboot: a new queue that re-lists old jobs: the position moves, nothing doubles. */
  g_clear_object (&second);
  second = new_reading ("SG1", T0 + 32400);
  ml_printer_reading_set_queue_uuid (second, "queue-2");
  ml_printer_reading_set_queue_modification (second, 3);
  add_numbered_jobs (second, "q", 2, 5);
  g_assert_cmpuint (save (fixture, "SG1", "192.0.2.7", second, T0 + 32400), ==, 0);
  printer = lookup (fixture, "SG1");
  g_assert_cmpstr (ml_stored_printer_get_queue_uuid (printer), ==, "queue-2");
  g_assert_cmpint (ml_stored_printer_get_queue_modification (printer), ==, 3);
  g_assert_cmpint (count_jobs (fixture->store, NULL), ==, 10);
}

static void
test_status_snapshot (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(MlPrinterReading) reading = new_reading ("SG1", T0);
  g_autoptr(MlPrinterReading) loaded = NULL;
  g_autoptr(JsonNode) expected_node = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *actual = NULL;
  g_autoptr(GError) error = NULL;
  static const char * const accessories[] = { "stacker", NULL };

  set_usage (reading, 1000, 50000);
  ml_printer_reading_set_accessories (reading, accessories);
  ml_printer_reading_set_queue_uuid (reading, "queue-1");
  ml_printer_reading_set_queue_modification (reading, 7);
  add_job (reading, "job-1", ML_JOB_STATUS_COMPLETED, T0 - 10);

  g_assert_null (ml_collector_store_load_status (fixture->store, "SG1", &error));
  g_assert_error (error, ML_ERROR, ML_ERROR_NOT_FOUND);
  g_clear_error (&error);

  save (fixture, "SG1", "192.0.2.7", reading, T0);
  loaded = ml_collector_store_load_status (fixture->store, "SG1", &error);
  g_assert_no_error (error);
  g_assert_nonnull (loaded);

  /* The same reading, less its jobs (they live in their own table). */
  expected_node = ml_printer_reading_to_json (reading);
  json_object_remove_member (json_node_get_object (expected_node), "jobs");
  expected = json_to_string (expected_node, FALSE);
  actual = to_text (ml_printer_reading_to_json (loaded));
  g_assert_cmpstr (actual, ==, expected);
  g_assert_cmpuint (g_list_model_get_n_items (ml_printer_reading_get_jobs (loaded)), ==, 0);
}

static void
test_schedule_and_reopen (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(MlPrinterReading) reading = new_reading ("SG1", T0);
  g_autoptr(GError) error = NULL;
  gint64 value = -1;

  g_assert_true (ml_collector_store_get_schedule (fixture->store, "next_due", &value, &error));
  g_assert_no_error (error);
  g_assert_cmpint (value, ==, 0);
  g_assert_true (ml_collector_store_set_schedule (fixture->store, "next_due", T0 + 10800,
                                                  &error));
  g_assert_true (ml_collector_store_set_schedule (fixture->store, "next_due", T0 + 21600,
                                                  &error));
  g_assert_no_error (error);

  add_numbered_jobs (reading, "r", 1, 3);
  save (fixture, "SG1", "192.0.2.7", reading, T0);
  g_assert_cmpstr (ml_collector_store_get_path (fixture->store), ==, fixture->path);

  /* A restart keeps the due time and everything else. */
  g_assert_finalize_object (g_steal_pointer (&fixture->store));
  fixture->store = ml_collector_store_open (fixture->path, &error);
  g_assert_no_error (error);
  g_assert_true (ml_collector_store_get_schedule (fixture->store, "next_due", &value, &error));
  g_assert_cmpint (value, ==, T0 + 21600);
  g_assert_cmpint (count_jobs (fixture->store, "SG1"), ==, 3);
  g_assert_true (ml_collector_store_check_integrity (fixture->store, &error));
  g_assert_no_error (error);

  g_assert_null (ml_collector_store_list_jobs (fixture->store, "NOSUCH", 0, &error));
  g_assert_error (error, ML_ERROR, ML_ERROR_NOT_FOUND);
}

static void
test_lock (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(MlStoreLock) first = NULL;
  g_autoptr(MlStoreLock) second = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *expected = NULL;

  first = ml_store_lock_acquire (fixture->path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (first);
  g_assert_true (g_str_has_suffix (ml_store_lock_get_path (first), "collector.db.lock"));

  /* Even in the same process (as the app and its own timer would be). */
  second = ml_store_lock_acquire (fixture->path, &error);
  g_assert_null (second);
  g_assert_error (error, ML_ERROR, ML_ERROR_LOCKED);
  expected = g_strdup_printf ("Another collection is running on this store (process %ld)",
                              (long) getpid ());
  g_assert_cmpstr (error->message, ==, expected);
  g_clear_error (&error);

  g_assert_finalize_object (g_steal_pointer (&first));
  second = ml_store_lock_acquire (fixture->path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (second);
}

static char *
self_path (void)
{
  g_autoptr(GError) error = NULL;
  char *path = g_file_read_link ("/proc/self/exe", &error);

  g_assert_no_error (error);
  return path;
}

static GSubprocess *
spawn_child (const char *mode,
             const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *exe = self_path ();
  GSubprocess *child;

  child = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE,
                            &error, exe, "--child", mode, path, NULL);
  g_assert_no_error (error);
  return child;
}

/* A line the child wrote, NULL at its end. */
static char *
read_child_line (GDataInputStream *input)
{
  g_autoptr(GError) error = NULL;
  char *line = g_data_input_stream_read_line_utf8 (input, NULL, NULL, &error);

  g_assert_no_error (error);
  return line;
}

static void
kill_child (GSubprocess *child)
{
  g_autoptr(GError) error = NULL;

  g_subprocess_force_exit (child);
  g_assert_true (g_subprocess_wait (child, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_signaled (child));
  g_assert_cmpint (g_subprocess_get_term_sig (child), ==, SIGKILL);
}

static void
test_lock_released_by_kill (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(GSubprocess) child = spawn_child ("hold-lock", fixture->path);
  g_autoptr(GDataInputStream) input =
    g_data_input_stream_new (g_subprocess_get_stdout_pipe (child));
  g_autofree char *line = read_child_line (input);
  g_autofree char *expected = NULL;
  g_autoptr(MlStoreLock) lock = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpstr (line, ==, "locked");

  lock = ml_store_lock_acquire (fixture->path, &error);
  g_assert_null (lock);
  g_assert_error (error, ML_ERROR, ML_ERROR_LOCKED);
  expected = g_strdup_printf ("Another collection is running on this store (process %s)",
                              g_subprocess_get_identifier (child));
  g_assert_cmpstr (error->message, ==, expected);
  g_clear_error (&error);

  /* SIGKILL: no finalizer runs, the kernel drops the lock. */
  kill_child (child);
  lock = ml_store_lock_acquire (fixture->path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (lock);
}

static void
test_killed_in_transaction (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(MlPrinterReading) reading = new_reading ("SG1", T0);
  g_autoptr(GSubprocess) child = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(MlStoredPrinter) printer = NULL;
  g_autofree char *wal = g_strconcat (fixture->path, "-wal", NULL);
  struct stat st;

  ml_printer_reading_set_queue_uuid (reading, "queue-1");
  ml_printer_reading_set_queue_modification (reading, 10);
  add_numbered_jobs (reading, "kept", 1, 3);
  save (fixture, "SG1", "192.0.2.7", reading, T0);

  /* The child writes thousands of jobs in one transaction, far more than SQLite's
   * page cache holds, so uncommitted pages reach the log, then kills itself. */
  child = spawn_child ("die-in-transaction", fixture->path);
  g_assert_true (g_subprocess_wait (child, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_signaled (child));
  g_assert_cmpint (g_subprocess_get_term_sig (child), ==, SIGKILL);
  g_assert_cmpint (g_stat (wal, &st), ==, 0);
  g_assert_cmpint (st.st_size, >, 1024 * 1024);

  /* Another process opening the store now, and this one going on. */
  g_assert_finalize_object (g_steal_pointer (&fixture->store));
  fixture->store = ml_collector_store_open (fixture->path, &error);
  g_assert_no_error (error);
  g_assert_true (ml_collector_store_check_integrity (fixture->store, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_jobs (fixture->store, NULL), ==, 3);
  printer = lookup (fixture, "SG1");
  g_assert_cmpint (ml_stored_printer_get_queue_modification (printer), ==, 10);

  /* And it takes new work. */
  g_clear_object (&reading);
  reading = new_reading ("SG1", T0 + 10800);
  add_numbered_jobs (reading, "kept", 2, 3);
  g_assert_cmpuint (save (fixture, "SG1", "192.0.2.7", reading, T0 + 10800), ==, 3);
}

/* Reading number @round of the save-loop child: 20 jobs of its own, and the queue
 * position @round. */
static MlPrinterReading *
loop_reading (guint round)
{
  MlPrinterReading *reading = new_reading ("SG1", T0 + round * 60);

  set_usage (reading, 100 + round, 1000 + round);
  ml_printer_reading_set_queue_uuid (reading, "queue-1");
  ml_printer_reading_set_queue_modification (reading, round);
  add_numbered_jobs (reading, "loop", round, 20);
  return reading;
}

static void
test_killed_while_saving (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(GSubprocess) child = NULL;
  g_autoptr(GDataInputStream) input = NULL;
  g_autoptr(MlStoredPrinter) printer = NULL;
  g_autoptr(GError) error = NULL;
  gint64 kill_after = g_test_rand_int_range (3, 9);
  gint64 reached;

  g_assert_finalize_object (g_steal_pointer (&fixture->store));

  /* Killed at whatever point of whichever transaction it is in after a few
   * commits: the kill lands where it lands, the store must not care. */
  child = spawn_child ("save-loop", fixture->path);
  input = g_data_input_stream_new (g_subprocess_get_stdout_pipe (child));
  for (;;)
    {
      g_autofree char *line = read_child_line (input);

      g_assert_nonnull (line);
      if (g_ascii_strtoll (line, NULL, 10) >= kill_after)
        break;
    }
  kill_child (child);

  fixture->store = ml_collector_store_open (fixture->path, &error);
  g_assert_no_error (error);
  g_assert_true (ml_collector_store_check_integrity (fixture->store, &error));
  g_assert_no_error (error);

  /* Whole readings only: the queue position and exactly its jobs. */
  printer = lookup (fixture, "SG1");
  reached = ml_stored_printer_get_queue_modification (printer);
  g_test_message ("killed after committing reading %" G_GINT64_FORMAT, reached);
  g_assert_cmpint (reached, >=, kill_after);
  g_assert_cmpint (count_jobs (fixture->store, NULL), ==, reached * 20);

  /* The next cycle reads from the stored position on: with what it re-reads and
   * what is new, every job once. */
  for (guint round = reached; round <= reached + 2; round++)
    {
      g_autoptr(MlPrinterReading) reading = loop_reading (round);

      save (fixture, "SG1", "192.0.2.7", reading, T0 + round * 60);
    }
  g_assert_cmpint (count_jobs (fixture->store, NULL), ==, (reached + 2) * 20);
}

typedef struct
{
  MlCollectorStore *store;
  guint index;
} ThreadData;

static gpointer
save_from_thread (gpointer user_data)
{
  ThreadData *data = user_data;
  g_autofree char *serial = g_strdup_printf ("TH%u", data->index);
  g_autofree char *prefix = g_strdup_printf ("thread%u", data->index);
  g_autofree char *address = g_strdup_printf ("192.0.2.%u", 100 + data->index);

  for (guint round = 0; round < 25; round++)
    {
      g_autoptr(MlPrinterReading) reading = new_reading (serial, T0 + round);
      g_autoptr(GError) error = NULL;
      guint new_jobs = 0;

      set_usage (reading, 10 + round, 100 + round);
      add_numbered_jobs (reading, prefix, round, 8);
      g_assert_true (ml_collector_store_save_reading (data->store, serial, address, 443,
                                                      reading, T0 + round, &new_jobs, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (new_jobs, ==, 8);
    }

  return NULL;
}

static void
test_concurrent_threads (Fixture       *fixture,
                         gconstpointer  data)
{
  ThreadData thread_data[4];
  GThread *threads[4];
  g_autoptr(GPtrArray) printers = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    {
      thread_data[i].store = fixture->store;
      thread_data[i].index = i;
      threads[i] = g_thread_new ("saver", save_from_thread, &thread_data[i]);
    }
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    g_thread_join (threads[i]);

  printers = ml_collector_store_list_printers (fixture->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (printers->len, ==, 4);
  g_assert_cmpint (count_jobs (fixture->store, NULL), ==, 4 * 25 * 8);
  for (guint i = 0; i < 4; i++)
    {
      g_autofree char *serial = g_strdup_printf ("TH%u", i);

      g_assert_cmpint (count_jobs (fixture->store, serial), ==, 25 * 8);
    }
  g_assert_true (ml_collector_store_check_integrity (fixture->store, &error));
}

/* Child processes. */

static int
child_hold_lock (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MlStoreLock) lock = ml_store_lock_acquire (path, &error);
  char buffer[64];

  if (lock == NULL)
    g_error ("%s", error->message);

  fputs ("locked\n", stdout);
  fflush (stdout);
  /* Held until killed (or until the parent goes away and stdin ends). */
  while (read (STDIN_FILENO, buffer, sizeof buffer) > 0)
    ;
  return 0;
}

static int
child_die_in_transaction (const char *path)
{
  sqlite3 *db = open_raw (path);
  sqlite3_stmt *insert = NULL;
  g_autofree char *padding = g_strnfill (400, 'x');

  exec_raw (db, "BEGIN IMMEDIATE");
  g_assert_cmpint (sqlite3_prepare_v2 (db,
                                       "INSERT INTO jobs (printer_id, uuid, kind, name, status, "
                                       "  first_seen, updated_at) "
                                       "VALUES ((SELECT id FROM printers WHERE serial = 'SG1'), "
                                       "  ?, 'print', ?, 'completed', 1, 1)",
                                       -1, &insert, NULL), ==, SQLITE_OK);
  for (guint i = 0; i < 20000; i++)
    {
      g_autofree char *uuid = g_strdup_printf ("doomed-%05u", i);

      sqlite3_bind_text (insert, 1, uuid, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (insert, 2, padding, -1, SQLITE_STATIC);
      g_assert_cmpint (sqlite3_step (insert), ==, SQLITE_DONE);
      sqlite3_reset (insert);
    }

  /* No COMMIT, no cleanup: gone as a power cut to the process would leave it. */
  raise (SIGKILL);
  return 1;
}

static int
child_save_loop (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MlCollectorStore) store = ml_collector_store_open (path, &error);

  if (store == NULL)
    g_error ("%s", error->message);

  /* Bounded, in case nobody kills it. */
  for (guint round = 1; round < 100000; round++)
    {
      g_autoptr(MlPrinterReading) reading = loop_reading (round);

      if (!ml_collector_store_save_reading (store, "SG1", "192.0.2.7", 443, reading,
                                            T0 + round * 60, NULL, &error))
        g_error ("%s", error->message);
      printf ("%u\n", round);
      fflush (stdout);
    }

  return 0;
}

int
main (int   argc,
      char *argv[])
{
  if (argc == 4 && g_str_equal (argv[1], "--child"))
    {
      if (g_str_equal (argv[2], "hold-lock"))
        return child_hold_lock (argv[3]);
      if (g_str_equal (argv[2], "die-in-transaction"))
        return child_die_in_transaction (argv[3]);
      if (g_str_equal (argv[2], "save-loop"))
        return child_save_loop (argv[3]);
      return 2;
    }

  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/collector/store/save-twice", test_save_twice);
  ADD ("/collector/store/job-updated", test_job_updated);
  ADD ("/collector/store/counter-reset", test_counter_reset);
  ADD ("/collector/store/address-change", test_address_change);
  ADD ("/collector/store/unsupported", test_unsupported);
  ADD ("/collector/store/certificate", test_certificate);
  ADD ("/collector/store/failure-cleared", test_failure_cleared);
  ADD ("/collector/store/wrong-serial", test_wrong_serial);
  ADD ("/collector/store/queue-moves-with-jobs", test_queue_moves_with_jobs);
  ADD ("/collector/store/status-snapshot", test_status_snapshot);
  ADD ("/collector/store/schedule-and-reopen", test_schedule_and_reopen);
  ADD ("/collector/store/lock", test_lock);
  ADD ("/collector/store/lock-released-by-kill", test_lock_released_by_kill);
  ADD ("/collector/store/killed-in-transaction", test_killed_in_transaction);
  ADD ("/collector/store/killed-while-saving", test_killed_while_saving);
  ADD ("/collector/store/concurrent-threads", test_concurrent_threads);

#undef ADD

  return g_test_run ();
}
