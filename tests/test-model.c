/* test-model.c: the printer model's objects, their properties and lists
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "meterlink-core.h"

/* Counts notify emissions per property name, to check that a property notifies once
 * when it changes and never when it is set to the value it already has. */
typedef struct
{
  GHashTable *counts;
} NotifyLog;

static void
on_notify (GObject    *object,
           GParamSpec *pspec,
           NotifyLog  *log)
{
  guint count = GPOINTER_TO_UINT (g_hash_table_lookup (log->counts, pspec->name));

  g_hash_table_insert (log->counts, (gpointer) pspec->name, GUINT_TO_POINTER (count + 1));
}

static void
notify_log_init (NotifyLog *log,
                 gpointer   object)
{
  log->counts = g_hash_table_new (g_str_hash, g_str_equal);
  g_signal_connect (object, "notify", G_CALLBACK (on_notify), log);
}

static guint
notify_log_take (NotifyLog  *log,
                 const char *name)
{
  guint count = GPOINTER_TO_UINT (g_hash_table_lookup (log->counts, name));

  g_hash_table_remove (log->counts, name);
  return count;
}

static void
notify_log_clear (NotifyLog *log,
                  gpointer   object)
{
  g_signal_handlers_disconnect_by_func (object, on_notify, log);
  g_assert_cmpuint (g_hash_table_size (log->counts), ==, 0);
  g_clear_pointer (&log->counts, g_hash_table_unref);
}

static void
test_usage_defaults (void)
{
  MlUsage *usage = ml_usage_new ();

  g_assert_cmpint (ml_usage_get_job_count (usage), ==, ML_UNKNOWN);
  g_assert_cmpint (ml_usage_get_page_count (usage), ==, ML_UNKNOWN);
  g_assert_cmpint (ml_usage_get_total_ink_ul (usage), ==, ML_UNKNOWN);
  g_assert_cmpint (ml_usage_get_total_media_area_mm2 (usage), ==, ML_UNKNOWN);
  g_assert_cmpint (ml_usage_get_total_media_length_mm (usage), ==, ML_UNKNOWN);
  g_assert_cmpint (ml_usage_get_scan_area_mm2 (usage), ==, ML_UNKNOWN);
  g_assert_cmpint (ml_usage_get_scan_area_scans_mm2 (usage), ==, ML_UNKNOWN);
  g_assert_cmpint (ml_usage_get_scan_area_copies_mm2 (usage), ==, ML_UNKNOWN);
  g_assert_cmpuint (g_list_model_get_n_items (ml_usage_get_inks (usage)), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (ml_usage_get_media (usage)), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (ml_usage_get_categories (usage)), ==, 0);
  g_assert_true (g_list_model_get_item_type (ml_usage_get_inks (usage)) == ML_TYPE_INK_USAGE);

  g_assert_finalize_object (usage);
}

static void
test_usage_notify (void)
{
  MlUsage *usage = ml_usage_new ();
  NotifyLog log;
  gint64 page_count = 0;

  notify_log_init (&log, usage);

  ml_usage_set_job_count (usage, 1520);
  g_assert_cmpuint (notify_log_take (&log, "job-count"), ==, 1);
  ml_usage_set_job_count (usage, 1520);
  g_assert_cmpuint (notify_log_take (&log, "job-count"), ==, 0);
  g_assert_cmpint (ml_usage_get_job_count (usage), ==, 1520);

  /* a counter can go back to "unknown" when a printer stops reporting it */
  ml_usage_set_job_count (usage, ML_UNKNOWN);
  g_assert_cmpuint (notify_log_take (&log, "job-count"), ==, 1);

  g_object_set (usage, "page-count", (gint64) 4810, NULL);
  g_assert_cmpuint (notify_log_take (&log, "page-count"), ==, 1);
  g_object_get (usage, "page-count", &page_count, NULL);
  g_assert_cmpint (page_count, ==, 4810);
  g_assert_cmpint (ml_usage_get_page_count (usage), ==, 4810);

  ml_usage_set_total_ink_ul (usage, 1234567);
  ml_usage_set_total_media_area_mm2 (usage, 812345678);
  ml_usage_set_total_media_length_mm (usage, 1043217);
  ml_usage_set_scan_area_mm2 (usage, 3000);
  ml_usage_set_scan_area_scans_mm2 (usage, 1000);
  ml_usage_set_scan_area_copies_mm2 (usage, 2000);
  g_assert_cmpuint (notify_log_take (&log, "total-ink-ul"), ==, 1);
  g_assert_cmpuint (notify_log_take (&log, "total-media-area-mm2"), ==, 1);
  g_assert_cmpuint (notify_log_take (&log, "total-media-length-mm"), ==, 1);
  g_assert_cmpuint (notify_log_take (&log, "scan-area-mm2"), ==, 1);
  g_assert_cmpuint (notify_log_take (&log, "scan-area-scans-mm2"), ==, 1);
  g_assert_cmpuint (notify_log_take (&log, "scan-area-copies-mm2"), ==, 1);
  g_assert_cmpint (ml_usage_get_total_ink_ul (usage), ==, 1234567);
  g_assert_cmpint (ml_usage_get_total_media_area_mm2 (usage), ==, 812345678);
  g_assert_cmpint (ml_usage_get_total_media_length_mm (usage), ==, 1043217);
  g_assert_cmpint (ml_usage_get_scan_area_mm2 (usage), ==, 3000);
  g_assert_cmpint (ml_usage_get_scan_area_scans_mm2 (usage), ==, 1000);
  g_assert_cmpint (ml_usage_get_scan_area_copies_mm2 (usage), ==, 2000);

  notify_log_clear (&log, usage);
  g_assert_finalize_object (usage);
}

static MlInkUsage *
ink_usage (const char *color,
           gint64      ink_used_ul)
{
  MlInkUsage *ink = ml_ink_usage_new ();

  ml_ink_usage_set_color (ink, color);
  ml_ink_usage_set_ink_used_ul (ink, ink_used_ul);
  return ink;
}

static MlCategoryUsage *
category_usage (const char *category,
                gint64      media_area_mm2)
{
  MlCategoryUsage *usage = ml_category_usage_new ();

  ml_category_usage_set_category (usage, category);
  ml_category_usage_set_media_area_mm2 (usage, media_area_mm2);
  return usage;
}

static void
test_usage_lists (void)
{
  MlUsage *usage = ml_usage_new ();
  MlInkUsage *cyan = ink_usage ("cyan", 120000);
  MlInkUsage *black = ink_usage ("matte-black", 340000);
  MlMediaUsage *bond = ml_media_usage_new ();
  MlCategoryUsage *lines = category_usage ("LinesMonochrome", 5000000);
  MlCategoryUsage *images = category_usage ("HighDensityImages", 7000000);

  ml_media_usage_set_media_type_id (bond, "2001");
  ml_media_usage_set_area_mm2 (bond, 812345678);

  ml_usage_add_ink (usage, cyan);
  ml_usage_add_ink (usage, black);
  ml_usage_add_media (usage, bond);
  ml_usage_add_category (usage, lines);
  ml_usage_add_category (usage, images);

  /* the lists keep the order the printer reported */
  g_assert_cmpuint (g_list_model_get_n_items (ml_usage_get_inks (usage)), ==, 2);
  {
    g_autoptr(MlInkUsage) first = g_list_model_get_item (ml_usage_get_inks (usage), 0);

    g_assert_true (first == cyan);
  }

  g_assert_true (ml_usage_lookup_ink (usage, "matte-black") == black);
  g_assert_true (ml_usage_lookup_ink (usage, "cyan") == cyan);
  g_assert_null (ml_usage_lookup_ink (usage, "magenta"));
  g_assert_cmpint (ml_ink_usage_get_ink_used_ul (ml_usage_lookup_ink (usage, "matte-black")),
                   ==, 340000);

  g_assert_true (ml_usage_lookup_media (usage, "2001") == bond);
  g_assert_null (ml_usage_lookup_media (usage, "2002"));

  g_assert_true (ml_usage_lookup_category (usage, "HighDensityImages") == images);
  g_assert_true (ml_usage_lookup_category (usage, "LinesMonochrome") == lines);
  g_assert_null (ml_usage_lookup_category (usage, "PremiumQuality"));

  /* the usage holds its own references: the items live as long as it does */
  g_assert_finalize_object (usage);
  g_assert_finalize_object (cyan);
  g_assert_finalize_object (black);
  g_assert_finalize_object (bond);
  g_assert_finalize_object (lines);
  g_assert_finalize_object (images);
}

static void
test_job_construct (void)
{
  MlJob *job = ml_job_new (ML_JOB_KIND_COPY, "8d0c4b5e-5d52-4a3f-a1b3-2f1c4a2d9e10");
  MlJob *by_properties = NULL;
  g_autofree char *uuid = NULL;
  MlJobKind kind = ML_JOB_KIND_PRINT;

  g_assert_cmpint (ml_job_get_kind (job), ==, ML_JOB_KIND_COPY);
  g_assert_cmpstr (ml_job_get_uuid (job), ==, "8d0c4b5e-5d52-4a3f-a1b3-2f1c4a2d9e10");

  g_assert_null (ml_job_get_name (job));
  g_assert_cmpint (ml_job_get_sequence (job), ==, ML_UNKNOWN);
  g_assert_cmpint (ml_job_get_submitted_at (job), ==, 0);
  g_assert_cmpint (ml_job_get_printed_at (job), ==, 0);
  g_assert_cmpint (ml_job_get_completed_at (job), ==, 0);
  g_assert_cmpint (ml_job_get_status (job), ==, ML_JOB_STATUS_UNKNOWN);
  g_assert_cmpint (ml_job_get_pages (job), ==, ML_UNKNOWN);
  g_assert_cmpint (ml_job_get_copies (job), ==, ML_UNKNOWN);
  g_assert_cmpint (ml_job_get_duration_ms (job), ==, ML_UNKNOWN);
  g_assert_cmpint (ml_job_get_media_area_mm2 (job), ==, ML_UNKNOWN);
  g_assert_cmpint (ml_job_get_printed_area_mm2 (job), ==, ML_UNKNOWN);
  g_assert_cmpint (ml_job_get_media_length_mm (job), ==, ML_UNKNOWN);
  g_assert_cmpint (ml_job_get_nonwhite_coverage_ppm (job), ==, ML_UNKNOWN);
  g_assert_cmpint (ml_job_get_color_coverage_ppm (job), ==, ML_UNKNOWN);
  g_assert_cmpint (ml_job_get_scan_area_mm2 (job), ==, ML_UNKNOWN);
  g_assert_cmpint (ml_job_get_total_ink_ul (job), ==, ML_UNKNOWN);

  by_properties = g_object_new (ML_TYPE_JOB,
                                "kind", ML_JOB_KIND_SCAN,
                                "uuid", "0f4e2c1a-0000-4000-8000-000000000001",
                                "name", "site-plan.pdf",
                                NULL);
  g_object_get (by_properties, "kind", &kind, "uuid", &uuid, NULL);
  g_assert_cmpint (kind, ==, ML_JOB_KIND_SCAN);
  g_assert_cmpstr (uuid, ==, "0f4e2c1a-0000-4000-8000-000000000001");
  g_assert_cmpstr (ml_job_get_name (by_properties), ==, "site-plan.pdf");

  g_assert_finalize_object (job);
  g_assert_finalize_object (by_properties);
}

static void
test_job_notify (void)
{
  MlJob *job = ml_job_new (ML_JOB_KIND_PRINT, "uuid-1");
  NotifyLog log;

  notify_log_init (&log, job);

  ml_job_set_name (job, "floor-plan.dwg");
  ml_job_set_name (job, "floor-plan.dwg");
  g_assert_cmpuint (notify_log_take (&log, "name"), ==, 1);
  g_assert_cmpstr (ml_job_get_name (job), ==, "floor-plan.dwg");
  ml_job_set_name (job, NULL);
  g_assert_cmpuint (notify_log_take (&log, "name"), ==, 1);
  g_assert_null (ml_job_get_name (job));

  ml_job_set_status (job, ML_JOB_STATUS_COMPLETED);
  ml_job_set_status (job, ML_JOB_STATUS_COMPLETED);
  g_assert_cmpuint (notify_log_take (&log, "status"), ==, 1);
  g_assert_cmpint (ml_job_get_status (job), ==, ML_JOB_STATUS_COMPLETED);

  ml_job_set_printed_at (job, 1779553856);
  ml_job_set_printed_at (job, 1779553856);
  g_assert_cmpuint (notify_log_take (&log, "printed-at"), ==, 1);
  g_assert_cmpint (ml_job_get_printed_at (job), ==, 1779553856);

  ml_job_set_nonwhite_coverage_ppm (job, 125000);
  g_assert_cmpuint (notify_log_take (&log, "nonwhite-coverage-ppm"), ==, 1);
  g_assert_cmpint (ml_job_get_nonwhite_coverage_ppm (job), ==, 125000);

  g_object_set (job, "user-name", "anna", "copies", (gint64) 2, NULL);
  g_assert_cmpuint (notify_log_take (&log, "user-name"), ==, 1);
  g_assert_cmpuint (notify_log_take (&log, "copies"), ==, 1);
  g_assert_cmpstr (ml_job_get_user_name (job), ==, "anna");
  g_assert_cmpint (ml_job_get_copies (job), ==, 2);

  notify_log_clear (&log, job);
  g_assert_finalize_object (job);
}

static void
test_job_ink (void)
{
  MlJob *job = ml_job_new (ML_JOB_KIND_PRINT, "uuid-2");
  g_auto(GStrv) colors = NULL;
  g_auto(GStrv) no_colors = NULL;
  NotifyLog log;

  no_colors = ml_job_dup_ink_colors (job);
  g_assert_nonnull (no_colors);
  g_assert_null (no_colors[0]);
  g_assert_cmpint (ml_job_get_ink (job, "cyan"), ==, ML_UNKNOWN);

  notify_log_init (&log, job);

  ml_job_set_ink (job, "yellow", 2500);
  ml_job_set_ink (job, "cyan", 1200);
  ml_job_set_ink (job, "matte-black", 4100);
  ml_job_set_ink (job, "magenta", 0);
  g_assert_cmpuint (notify_log_take (&log, "total-ink-ul"), ==, 3);

  colors = ml_job_dup_ink_colors (job);
  g_assert_cmpstrv (colors, ((const char *[]) { "cyan", "magenta", "matte-black", "yellow", NULL }));
  g_assert_cmpint (ml_job_get_ink (job, "yellow"), ==, 2500);
  g_assert_cmpint (ml_job_get_ink (job, "magenta"), ==, 0);
  g_assert_cmpint (ml_job_get_ink (job, "gray"), ==, ML_UNKNOWN);
  g_assert_cmpint (ml_job_get_total_ink_ul (job), ==, 7800);

  /* a second report of a colour replaces it, never adds to it */
  ml_job_set_ink (job, "cyan", 1300);
  ml_job_set_ink (job, "cyan", 1300);
  g_assert_cmpuint (notify_log_take (&log, "total-ink-ul"), ==, 1);
  g_assert_cmpint (ml_job_get_ink (job, "cyan"), ==, 1300);
  g_assert_cmpint (ml_job_get_total_ink_ul (job), ==, 7900);
  g_clear_pointer (&colors, g_strfreev);
  colors = ml_job_dup_ink_colors (job);
  g_assert_cmpuint (g_strv_length (colors), ==, 4);

  notify_log_clear (&log, job);
  g_assert_finalize_object (job);
}

static void
test_job_categories (void)
{
  MlJob *job = ml_job_new (ML_JOB_KIND_PRINT, "uuid-3");
  MlCategoryUsage *lines = category_usage ("LinesColor", 600000);
  g_autoptr(MlCategoryUsage) first = NULL;

  ml_job_add_category (job, lines);
  g_assert_cmpuint (g_list_model_get_n_items (ml_job_get_categories (job)), ==, 1);
  first = g_list_model_get_item (ml_job_get_categories (job), 0);
  g_assert_true (first == lines);
  g_assert_cmpint (ml_category_usage_get_media_area_mm2 (first), ==, 600000);
  g_clear_object (&first);

  g_assert_finalize_object (job);
  g_assert_finalize_object (lines);
}

static MlCartridge *
cartridge (int         slot,
           const char *color)
{
  MlCartridge *cartridge = ml_cartridge_new ();

  ml_cartridge_set_slot (cartridge, slot);
  ml_cartridge_set_color (cartridge, color);
  return cartridge;
}

static void
test_reading_defaults (void)
{
  MlPrinterReading *reading = ml_printer_reading_new ();
  MlIdentity *identity = ml_printer_reading_get_identity (reading);
  MlEngineStatus *status = ml_printer_reading_get_status (reading);
  MlUsage *usage = ml_printer_reading_get_usage (reading);
  g_autoptr(MlUsage) usage_property = NULL;

  g_assert_true (ML_IS_IDENTITY (identity));
  g_assert_null (ml_identity_get_serial_number (identity));
  g_assert_true (ML_IS_ENGINE_STATUS (status));
  g_assert_cmpint (ml_engine_status_get_state (status), ==, ML_ENGINE_STATE_UNKNOWN);
  g_assert_true (ML_IS_USAGE (usage));
  g_assert_cmpint (ml_usage_get_job_count (usage), ==, ML_UNKNOWN);
  g_object_get (reading, "usage", &usage_property, NULL);
  g_assert_true (usage_property == usage);
  g_clear_object (&usage_property);

  g_assert_cmpint (ml_printer_reading_get_read_at (reading), ==, 0);
  g_assert_null (ml_printer_reading_get_queue_uuid (reading));
  g_assert_cmpint (ml_printer_reading_get_queue_modification (reading), ==, ML_UNKNOWN);
  g_assert_null (ml_printer_reading_get_resources (reading));
  g_assert_null (ml_printer_reading_get_accessories (reading));

  g_assert_cmpuint (g_list_model_get_n_items (ml_printer_reading_get_alerts (reading)), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (ml_printer_reading_get_printheads (reading)), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (ml_printer_reading_get_cartridges (reading)), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (ml_printer_reading_get_media_sources (reading)), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (ml_printer_reading_get_media_types (reading)), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (ml_printer_reading_get_jobs (reading)), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (ml_printer_reading_get_events (reading)), ==, 0);
  g_assert_null (ml_printer_reading_lookup_cartridge (reading, 0));
  g_assert_null (ml_printer_reading_lookup_job (reading, "uuid"));

  /* the reading owns its parts: they go with it */
  g_object_add_weak_pointer (G_OBJECT (usage), (gpointer *) &usage);
  g_object_add_weak_pointer (G_OBJECT (identity), (gpointer *) &identity);
  g_assert_finalize_object (reading);
  g_assert_null (usage);
  g_assert_null (identity);
}

static void
test_reading_scalars (void)
{
  MlPrinterReading *reading = ml_printer_reading_new ();
  const char *resources[] = { "/DevMgmt/ProductConfigDyn.xml", "/DevMgmt/ProductUsageDyn.xml", NULL };
  const char *same_resources[] = { "/DevMgmt/ProductConfigDyn.xml", "/DevMgmt/ProductUsageDyn.xml", NULL };
  const char *empty[] = { NULL };
  NotifyLog log;

  notify_log_init (&log, reading);

  ml_printer_reading_set_read_at (reading, 1779553856);
  ml_printer_reading_set_read_at (reading, 1779553856);
  g_assert_cmpuint (notify_log_take (&log, "read-at"), ==, 1);
  g_assert_cmpint (ml_printer_reading_get_read_at (reading), ==, 1779553856);

  ml_printer_reading_set_queue_uuid (reading, "7e1d0d3c-4c2b-4a1e-9f1b-6b2b1e0c9a11");
  ml_printer_reading_set_queue_modification (reading, 42);
  ml_printer_reading_set_queue_modification (reading, 42);
  g_assert_cmpuint (notify_log_take (&log, "queue-uuid"), ==, 1);
  g_assert_cmpuint (notify_log_take (&log, "queue-modification"), ==, 1);
  g_assert_cmpstr (ml_printer_reading_get_queue_uuid (reading), ==,
                   "7e1d0d3c-4c2b-4a1e-9f1b-6b2b1e0c9a11");
  g_assert_cmpint (ml_printer_reading_get_queue_modification (reading), ==, 42);

  /* the reading copies the array: the caller's may go away */
  ml_printer_reading_set_resources (reading, resources);
  ml_printer_reading_set_resources (reading, same_resources);
  g_assert_cmpuint (notify_log_take (&log, "resources"), ==, 1);
  g_assert_true (ml_printer_reading_get_resources (reading) != resources);
  g_assert_cmpstrv (ml_printer_reading_get_resources (reading), resources);

  ml_printer_reading_set_accessories (reading, empty);
  g_assert_cmpuint (notify_log_take (&log, "accessories"), ==, 1);
  g_assert_nonnull (ml_printer_reading_get_accessories (reading));
  g_assert_null (ml_printer_reading_get_accessories (reading)[0]);
  ml_printer_reading_set_accessories (reading, NULL);
  ml_printer_reading_set_accessories (reading, NULL);
  g_assert_cmpuint (notify_log_take (&log, "accessories"), ==, 1);
  g_assert_null (ml_printer_reading_get_accessories (reading));

  notify_log_clear (&log, reading);
  g_assert_finalize_object (reading);
}

static void
on_items_changed (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  guint      *count)
{
  g_assert_cmpuint (removed, ==, 0);
  g_assert_cmpuint (added, ==, 1);
  g_assert_cmpuint (position, ==, g_list_model_get_n_items (model) - 1);
  (*count)++;
}

static void
test_reading_lists (void)
{
  MlPrinterReading *reading = ml_printer_reading_new ();
  MlCartridge *cartridges[] = {
    cartridge (0, "matte-black"), cartridge (1, "cyan"), cartridge (2, "magenta"),
    cartridge (3, "yellow"),
  };
  MlMediaType *bond = ml_media_type_new ();
  MlJob *first = ml_job_new (ML_JOB_KIND_PRINT, "uuid-a");
  MlJob *second = ml_job_new (ML_JOB_KIND_SCAN, "uuid-b");
  MlAlert *alert = ml_alert_new ();
  MlPrinthead *printhead = ml_printhead_new ();
  MlMediaSource *roll = ml_media_source_new ();
  MlDeviceEvent *event = ml_device_event_new ();
  guint items_changed = 0;

  /* views follow the lists through items-changed */
  g_signal_connect (ml_printer_reading_get_jobs (reading), "items-changed",
                    G_CALLBACK (on_items_changed), &items_changed);

  for (guint i = 0; i < G_N_ELEMENTS (cartridges); i++)
    ml_printer_reading_add_cartridge (reading, cartridges[i]);
  ml_media_type_set_id (bond, "2001");
  ml_media_type_set_name (bond, "Bond and Coated Paper");
  ml_printer_reading_add_media_type (reading, bond);
  ml_printer_reading_add_job (reading, first);
  ml_printer_reading_add_job (reading, second);
  ml_printer_reading_add_alert (reading, alert);
  ml_printer_reading_add_printhead (reading, printhead);
  ml_printer_reading_add_media_source (reading, roll);
  ml_printer_reading_add_event (reading, event);

  g_assert_cmpuint (items_changed, ==, 2);
  g_assert_cmpuint (g_list_model_get_n_items (ml_printer_reading_get_cartridges (reading)), ==, 4);
  g_assert_cmpuint (g_list_model_get_n_items (ml_printer_reading_get_jobs (reading)), ==, 2);
  g_assert_cmpuint (g_list_model_get_n_items (ml_printer_reading_get_alerts (reading)), ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (ml_printer_reading_get_printheads (reading)), ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (ml_printer_reading_get_media_sources (reading)), ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (ml_printer_reading_get_events (reading)), ==, 1);

  g_assert_true (ml_printer_reading_lookup_cartridge (reading, 2) == cartridges[2]);
  g_assert_cmpstr (ml_cartridge_get_color (ml_printer_reading_lookup_cartridge (reading, 3)),
                   ==, "yellow");
  g_assert_null (ml_printer_reading_lookup_cartridge (reading, 4));
  g_assert_true (ml_printer_reading_lookup_media_type (reading, "2001") == bond);
  g_assert_null (ml_printer_reading_lookup_media_type (reading, "2002"));
  g_assert_true (ml_printer_reading_lookup_job (reading, "uuid-b") == second);
  g_assert_true (ml_printer_reading_lookup_job (reading, "uuid-a") == first);
  g_assert_null (ml_printer_reading_lookup_job (reading, "uuid-c"));

  g_assert_finalize_object (reading);
  for (guint i = 0; i < G_N_ELEMENTS (cartridges); i++)
    g_assert_finalize_object (cartridges[i]);
  g_assert_finalize_object (bond);
  g_assert_finalize_object (first);
  g_assert_finalize_object (second);
  g_assert_finalize_object (alert);
  g_assert_finalize_object (printhead);
  g_assert_finalize_object (roll);
  g_assert_finalize_object (event);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/model/usage/defaults", test_usage_defaults);
  g_test_add_func ("/core/model/usage/notify", test_usage_notify);
  g_test_add_func ("/core/model/usage/lists", test_usage_lists);
  g_test_add_func ("/core/model/job/construct", test_job_construct);
  g_test_add_func ("/core/model/job/notify", test_job_notify);
  g_test_add_func ("/core/model/job/ink", test_job_ink);
  g_test_add_func ("/core/model/job/categories", test_job_categories);
  g_test_add_func ("/core/model/reading/defaults", test_reading_defaults);
  g_test_add_func ("/core/model/reading/scalars", test_reading_scalars);
  g_test_add_func ("/core/model/reading/lists", test_reading_lists);

  return g_test_run ();
}
