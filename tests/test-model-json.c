/* test-model-json.c: the one JSON spelling of the printer model
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "meterlink-core.h"

#define READ_AT 1779553860      /* 2026-05-23T16:31:00Z */
#define INSTALLED_AT 1779553856 /* 2026-05-23T16:30:56Z */

static char *
to_string (JsonNode *node)
{
  g_autoptr(JsonNode) owned = node;

  g_assert_nonnull (owned);
  return json_to_string (owned, FALSE);
}

static MlJob *
make_job (void)
{
  MlJob *job = ml_job_new (ML_JOB_KIND_PRINT, "6a3c0e6e-9a51-4c4b-8f0e-0a1f7d2c5b10");
  MlCategoryUsage *lines = ml_category_usage_new ();

  ml_job_set_name (job, "floor-plan.pdf");
  ml_job_set_sequence (job, 417);
  ml_job_set_user_name (job, "anna");
  ml_job_set_printed_at (job, INSTALLED_AT);
  ml_job_set_completed_at (job, READ_AT);
  ml_job_set_status (job, ML_JOB_STATUS_COMPLETED);
  ml_job_set_status_text (job, "Completed");
  ml_job_set_pages (job, 2);
  ml_job_set_copies (job, 1);
  ml_job_set_duration_ms (job, 4000);
  ml_job_set_media_area_mm2 (job, 8065);
  ml_job_set_nonwhite_coverage_ppm (job, 125000);
  /* set out of order: the JSON sorts the colours */
  ml_job_set_ink (job, "yellow", 250);
  ml_job_set_ink (job, "cyan", 1200);
  ml_job_set_ink (job, "matte-black", 4100);

  ml_category_usage_set_category (lines, "LinesColor");
  ml_category_usage_set_media_area_mm2 (lines, 8065);
  ml_category_usage_set_ink_ul (lines, 5550);
  ml_job_add_category (job, lines);
  g_object_unref (lines);

  return job;
}

static MlPrinterReading *
make_reading (void)
{
  MlPrinterReading *reading = ml_printer_reading_new ();
  MlIdentity *identity = ml_printer_reading_get_identity (reading);
  MlUsage *usage = ml_printer_reading_get_usage (reading);
  g_autoptr(MlCartridge) cartridge = ml_cartridge_new ();
  g_autoptr(MlMediaType) bond = ml_media_type_new ();
  g_autoptr(MlInkUsage) cyan = ml_ink_usage_new ();
  g_autoptr(MlJob) job = make_job ();
  const char *resources[] = { "/DevMgmt/ProductUsageDyn.xml", NULL };

  ml_identity_set_product_number (identity, "2RQ10A");
  ml_identity_set_model_name (identity, "HP DesignJet T950");
  ml_identity_set_serial_number (identity, "SG12345678");
  ml_engine_status_set_state (ml_printer_reading_get_status (reading), ML_ENGINE_STATE_IDLE);

  ml_cartridge_set_slot (cartridge, 0);
  ml_cartridge_set_color (cartridge, "matte-black");
  ml_cartridge_set_state (cartridge, ML_SUPPLY_STATE_OK);
  ml_cartridge_set_capacity_ul (cartridge, 300000);
  ml_cartridge_set_level_ul (cartridge, 130000);
  ml_cartridge_set_installed_at (cartridge, INSTALLED_AT);
  ml_printer_reading_add_cartridge (reading, cartridge);

  ml_media_type_set_id (bond, "2001");
  ml_media_type_set_name (bond, "Bond");
  ml_printer_reading_add_media_type (reading, bond);

  ml_usage_set_job_count (usage, 1520);
  ml_ink_usage_set_color (cyan, "cyan");
  ml_ink_usage_set_ink_used_ul (cyan, 120000);
  ml_usage_add_ink (usage, cyan);

  ml_printer_reading_add_job (reading, job);
  ml_printer_reading_set_resources (reading, resources);
  ml_printer_reading_set_queue_uuid (reading, "q-1");
  ml_printer_reading_set_queue_modification (reading, 7);
  ml_printer_reading_set_read_at (reading, READ_AT);

  return reading;
}

#define JOB_JSON \
  "{\"kind\":\"print\",\"uuid\":\"6a3c0e6e-9a51-4c4b-8f0e-0a1f7d2c5b10\"," \
  "\"name\":\"floor-plan.pdf\",\"sequence\":417,\"user_name\":\"anna\"," \
  "\"printed_at\":\"2026-05-23T16:30:56Z\",\"completed_at\":\"2026-05-23T16:31:00Z\"," \
  "\"status\":\"completed\",\"status_text\":\"Completed\",\"pages\":2,\"copies\":1," \
  "\"duration_ms\":4000,\"media_area_mm2\":8065,\"nonwhite_coverage_ppm\":125000," \
  "\"ink\":{\"cyan\":1200,\"matte-black\":4100,\"yellow\":250}," \
  "\"categories\":[{\"category\":\"LinesColor\",\"media_area_mm2\":8065,\"ink_ul\":5550}]}"

static void
test_job (void)
{
  MlJob *job = make_job ();
  g_autofree char *json = to_string (ml_job_to_json (job));

  g_assert_cmpstr (json, ==, JOB_JSON);
  g_assert_finalize_object (job);
}

static void
test_reading (void)
{
  MlPrinterReading *reading = make_reading ();
  g_autofree char *json = to_string (ml_printer_reading_to_json (reading));

  g_assert_cmpstr (json, ==,
                   "{\"identity\":{\"product_number\":\"2RQ10A\","
                   "\"model_name\":\"HP DesignJet T950\",\"serial_number\":\"SG12345678\"},"
                   "\"status\":{\"state\":\"idle\",\"severity\":\"info\"},"
                   "\"cartridges\":[{\"slot\":0,\"color\":\"matte-black\",\"state\":\"ok\","
                   "\"capacity_ul\":300000,\"level_ul\":130000,"
                   "\"installed_at\":\"2026-05-23T16:30:56Z\"}],"
                   "\"media_types\":[{\"id\":\"2001\",\"name\":\"Bond\"}],"
                   "\"usage\":{\"job_count\":1520,"
                   "\"inks\":[{\"color\":\"cyan\",\"ink_used_ul\":120000}]},"
                   "\"jobs\":[" JOB_JSON "],"
                   "\"resources\":[\"/DevMgmt/ProductUsageDyn.xml\"],"
                   "\"queue_uuid\":\"q-1\",\"queue_modification\":7,"
                   "\"read_at\":\"2026-05-23T16:31:00Z\"}");

  g_assert_finalize_object (reading);
}

static void
test_unknowns_omitted (void)
{
  MlPrinterReading *reading = ml_printer_reading_new ();
  MlJob *job = ml_job_new (ML_JOB_KIND_SCAN, "u");
  MlCartridge *cartridge = ml_cartridge_new ();
  const char *no_accessories[] = { NULL };
  g_autofree char *reading_json = NULL;
  g_autofree char *job_json = NULL;
  g_autofree char *cartridge_json = NULL;

  /* an empty list and "not reported" read the same */
  ml_printer_reading_set_accessories (reading, no_accessories);
  reading_json = to_string (ml_printer_reading_to_json (reading));
  g_assert_cmpstr (reading_json, ==,
                   "{\"identity\":{},\"status\":{\"state\":\"unknown\",\"severity\":\"info\"},"
                   "\"usage\":{}}");

  job_json = to_string (ml_job_to_json (job));
  g_assert_cmpstr (job_json, ==, "{\"kind\":\"scan\",\"uuid\":\"u\",\"status\":\"unknown\"}");

  /* zero is a value, not "unknown" */
  ml_cartridge_set_level_ul (cartridge, 0);
  ml_cartridge_set_level_percent (cartridge, 0);
  cartridge_json = to_string (ml_cartridge_to_json (cartridge));
  g_assert_cmpstr (cartridge_json, ==,
                   "{\"slot\":0,\"state\":\"unknown\",\"level_ul\":0,\"level_percent\":0}");

  g_assert_finalize_object (reading);
  g_assert_finalize_object (job);
  g_assert_finalize_object (cartridge);
}

static void
test_parts (void)
{
  MlPrinthead *printhead = ml_printhead_new ();
  MlAlert *alert = ml_alert_new ();
  MlMediaSource *roll = ml_media_source_new ();
  MlDeviceEvent *event = ml_device_event_new ();
  MlUsage *usage = ml_usage_new ();
  g_autoptr(MlMediaUsage) media = ml_media_usage_new ();
  g_autoptr(MlCategoryUsage) category = ml_category_usage_new ();
  const char *colors[] = { "matte-black", "yellow", NULL };
  g_autofree char *printhead_json = NULL;
  g_autofree char *alert_json = NULL;
  g_autofree char *roll_json = NULL;
  g_autofree char *event_json = NULL;
  g_autofree char *usage_json = NULL;

  ml_printhead_set_slot (printhead, 2);
  ml_printhead_set_colors (printhead, colors);
  ml_printhead_set_state (printhead, ML_SUPPLY_STATE_OK);
  ml_printhead_set_health_percent (printhead, 87);
  ml_printhead_set_in_warranty (printhead, TRUE);
  ml_printhead_set_warranty_end (printhead, READ_AT);
  printhead_json = to_string (ml_printhead_to_json (printhead));
  g_assert_cmpstr (printhead_json, ==,
                   "{\"slot\":2,\"colors\":[\"matte-black\",\"yellow\"],\"state\":\"ok\","
                   "\"health_percent\":87,\"non_hp_ink\":false,\"in_warranty\":true,"
                   "\"warranty_end\":\"2026-05-23T16:31:00Z\"}");

  ml_alert_set_code (alert, "65.04.01");
  ml_alert_set_category (alert, "InkSystem");
  ml_alert_set_severity (alert, ML_SEVERITY_WARNING);
  ml_alert_set_raised_at (alert, INSTALLED_AT);
  alert_json = to_string (ml_alert_to_json (alert));
  g_assert_cmpstr (alert_json, ==,
                   "{\"code\":\"65.04.01\",\"category\":\"InkSystem\",\"severity\":\"warning\","
                   "\"raised_at\":\"2026-05-23T16:30:56Z\"}");

  ml_media_source_set_id (roll, "Roll1");
  ml_media_source_set_kind (roll, ML_MEDIA_SOURCE_KIND_ROLL);
  ml_media_source_set_state (roll, ML_MEDIA_STATE_LOADED);
  ml_media_source_set_width_mm (roll, 914);
  roll_json = to_string (ml_media_source_to_json (roll));
  g_assert_cmpstr (roll_json, ==,
                   "{\"id\":\"Roll1\",\"kind\":\"roll\",\"state\":\"loaded\",\"width_mm\":914}");

  ml_device_event_set_category (event, "PowerOn");
  ml_device_event_set_aging_stamp (event, "1-122");
  event_json = to_string (ml_device_event_to_json (event));
  g_assert_cmpstr (event_json, ==, "{\"category\":\"PowerOn\",\"aging_stamp\":\"1-122\"}");

  ml_usage_set_total_media_area_mm2 (usage, 812345678);
  ml_media_usage_set_media_type_id (media, "2001");
  ml_media_usage_set_area_mm2 (media, 812345678);
  ml_usage_add_media (usage, media);
  ml_category_usage_set_category (category, "LinesMonochrome");
  ml_category_usage_set_length_mm (category, 1043217);
  ml_usage_add_category (usage, category);
  usage_json = to_string (ml_usage_to_json (usage));
  g_assert_cmpstr (usage_json, ==,
                   "{\"total_media_area_mm2\":812345678,"
                   "\"media\":[{\"media_type_id\":\"2001\",\"area_mm2\":812345678}],"
                   "\"categories\":[{\"category\":\"LinesMonochrome\",\"length_mm\":1043217}]}");

  g_assert_finalize_object (printhead);
  g_assert_finalize_object (alert);
  g_assert_finalize_object (roll);
  g_assert_finalize_object (event);
  g_assert_finalize_object (usage);
}

static void
test_deterministic (void)
{
  MlPrinterReading *first = make_reading ();
  MlPrinterReading *second = make_reading ();
  g_autofree char *a = to_string (ml_printer_reading_to_json (first));
  g_autofree char *again = to_string (ml_printer_reading_to_json (first));
  g_autofree char *b = to_string (ml_printer_reading_to_json (second));
  g_autoptr(JsonNode) node = ml_printer_reading_to_json (first);
  g_autofree char *pretty_a = json_to_string (node, TRUE);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *reparsed = NULL;

  g_assert_cmpstr (a, ==, again);
  g_assert_cmpstr (a, ==, b);

  /* what is written reads back as the same document */
  g_assert_true (json_parser_load_from_data (parser, pretty_a, -1, &error));
  g_assert_no_error (error);
  reparsed = json_to_string (json_parser_get_root (parser), FALSE);
  g_assert_cmpstr (reparsed, ==, a);

  g_assert_finalize_object (first);
  g_assert_finalize_object (second);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/model-json/job", test_job);
  g_test_add_func ("/core/model-json/reading", test_reading);
  g_test_add_func ("/core/model-json/unknowns-omitted", test_unknowns_omitted);
  g_test_add_func ("/core/model-json/parts", test_parts);
  g_test_add_func ("/core/model-json/deterministic", test_deterministic);

  return g_test_run ();
}
