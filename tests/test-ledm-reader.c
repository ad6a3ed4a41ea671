/* test-ledm-reader.c: LEDM captures read into the printer model
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "meterlink-core.h"
#include "ml-ledm-reader.h"
#include "ml-test-support.h"

#define OJ_CONFIG "officejet-pro-9022e-ProductConfigDyn.xml"
#define OJ_STATUS "officejet-pro-9022e-ProductStatusDyn.xml"
#define OJ_CONSUMABLES "officejet-pro-9022e-ConsumableConfigDyn.xml"
#define OJ_USAGE "officejet-pro-9022e-ProductUsageDyn.xml"
#define OJ_MEDIA "officejet-pro-9022e-MediaHandlingDyn.xml"

/* Reads data into reading and checks that it was read as the expected document. */
static void
read_into (MlPrinterReading *reading,
           const char       *data,
           gsize             length,
           MlLedmDocument    expected)
{
  g_autoptr(GError) error = NULL;
  MlLedmDocument document = (MlLedmDocument) -1;

  g_assert_true (ml_ledm_reader_read (reading, data, length, &document, &error));
  g_assert_no_error (error);
  g_assert_cmpint (document, ==, expected);
}

/* A fresh reading of one capture, or NULL when the captures are absent (skipped). */
static MlPrinterReading *
read_fixture (const char     *name,
              MlLedmDocument  expected)
{
  g_autoptr(GBytes) bytes = ml_test_fixture_bytes (name);
  g_autoptr(MlPrinterReading) reading = NULL;
  gsize length;
  const char *data;

  if (bytes == NULL)
    return NULL;

  data = g_bytes_get_data (bytes, &length);
  reading = ml_printer_reading_new ();
  read_into (reading, data, length, expected);
  return g_steal_pointer (&reading);
}

static GError *
read_error (const char *data)
{
  g_autoptr(MlPrinterReading) reading = ml_printer_reading_new ();
  GError *error = NULL;

  g_assert_false (ml_ledm_reader_read (reading, data, strlen (data), NULL, &error));
  g_assert_nonnull (error);
  return error;
}

static char *
reading_json (MlPrinterReading *reading)
{
  g_autoptr(JsonNode) node = ml_printer_reading_to_json (reading);

  return json_to_string (node, TRUE);
}

static char *
replace_all (const char *text,
             const char *from,
             const char *to)
{
  g_auto(GStrv) parts = g_strsplit (text, from, -1);

  return g_strjoinv (to, parts);
}

static void
test_product_config (void)
{
  g_autoptr(MlPrinterReading) reading = read_fixture (OJ_CONFIG, ML_LEDM_DOCUMENT_PRODUCT_CONFIG);
  MlIdentity *identity;

  if (reading == NULL)
    return;

  identity = ml_printer_reading_get_identity (reading);
  g_assert_cmpstr (ml_identity_get_product_number (identity), ==, "226Y0B");
  g_assert_cmpstr (ml_identity_get_model_name (identity), ==, "HP OfficeJet Pro 9020 series");
  g_assert_cmpstr (ml_identity_get_firmware_version (identity), ==, "MANHHIPP1N005.2623A.00");
  g_assert_cmpstr (ml_identity_get_manufacturer (identity), ==, "HP");
  /* Redacted upstream; the text is kept as it came. */
  g_assert_cmpstr (ml_identity_get_serial_number (identity), ==, "REDACTED");
}

static void
test_product_status (void)
{
  g_autoptr(MlPrinterReading) reading = read_fixture (OJ_STATUS, ML_LEDM_DOCUMENT_PRODUCT_STATUS);
  MlEngineStatus *status;

  if (reading == NULL)
    return;

  status = ml_printer_reading_get_status (reading);
  g_assert_cmpint (ml_engine_status_get_state (status), ==, ML_ENGINE_STATE_SLEEPING);
  g_assert_cmpstr (ml_engine_status_get_status_text (status), ==, "inPowerSave");
  g_assert_cmpuint (g_list_model_get_n_items (ml_printer_reading_get_alerts (reading)), ==, 0);
}

/* The capture's alert table is empty: this is the structure docs/printer-protocols.md
 * assumes, with a status word Meterlink does not know. */
static void
test_product_status_alerts (void)
{
  static const char document[] =
    "<?xml version=\"1.0\"?>"
    "<psdyn:ProductStatusDyn"
    " xmlns:dd=\"http://www.hp.com/schemas/imaging/con/dictionaries/1.0/\""
    " xmlns:ad=\"http://www.hp.com/schemas/imaging/con/ledm/alertdetails/2007/10/31\""
    " xmlns:pscat=\"http://www.hp.com/schemas/imaging/con/ledm/productstatuscategories/2007/10/31\""
    " xmlns:locid=\"http://www.hp.com/schemas/imaging/con/ledm/localizationids/2007/10/31\""
    " xmlns:psdyn=\"http://www.hp.com/schemas/imaging/con/ledm/productstatusdyn/2007/10/31\">"
    "<psdyn:Status><pscat:StatusCategory>rollFeedAligning</pscat:StatusCategory></psdyn:Status>"
    "<psdyn:AlertTable><dd:ModificationNumber>21</dd:ModificationNumber>"
    "<psdyn:Alert><ad:ProductStatusAlertID>cartridgeLow</ad:ProductStatusAlertID>"
    "<locid:StringId>65537</locid:StringId><dd:Severity>Warning</dd:Severity>"
    "<ad:AlertPriority>3</ad:AlertPriority>"
    "<dd:ResourceURI>/DevMgmt/ConsumableConfigDyn.xml</dd:ResourceURI></psdyn:Alert>"
    "<psdyn:Alert><ad:ProductStatusAlertID>jamInPrinter</ad:ProductStatusAlertID>"
    "<dd:Severity>Error</dd:Severity></psdyn:Alert>"
    "</psdyn:AlertTable></psdyn:ProductStatusDyn>";
  g_autoptr(MlPrinterReading) reading = ml_printer_reading_new ();
  GListModel *alerts = ml_printer_reading_get_alerts (reading);
  MlEngineStatus *status = ml_printer_reading_get_status (reading);
  g_autoptr(MlAlert) low = NULL;
  g_autoptr(MlAlert) jam = NULL;

  read_into (reading, document, strlen (document), ML_LEDM_DOCUMENT_PRODUCT_STATUS);

  g_assert_cmpint (ml_engine_status_get_state (status), ==, ML_ENGINE_STATE_UNKNOWN);
  g_assert_cmpstr (ml_engine_status_get_status_text (status), ==, "rollFeedAligning");

  g_assert_cmpuint (g_list_model_get_n_items (alerts), ==, 2);
  low = g_list_model_get_item (alerts, 0);
  jam = g_list_model_get_item (alerts, 1);
  g_assert_cmpstr (ml_alert_get_code (low), ==, "cartridgeLow");
  g_assert_cmpint (ml_alert_get_severity (low), ==, ML_SEVERITY_WARNING);
  g_assert_cmpstr (ml_alert_get_code (jam), ==, "jamInPrinter");
  g_assert_cmpint (ml_alert_get_severity (jam), ==, ML_SEVERITY_ERROR);
}

static void
test_consumables (void)
{
  static const struct {
    int slot;
    const char *color;
    const char *product_number;
    gint64 capacity_ul;
    int level_percent;
    gint64 installed_at;
    gint64 expires_at;
  } expected[] = {
    { 1, "cyan", "3JA86A", 29800, 40, 1710720000, 1740528000 },      /* 2024-03-18, 2025-02-26 */
    { 2, "magenta", "3JA87A", 29900, 40, 1710720000, 1741132800 },   /* 2025-03-05 */
    { 3, "yellow", "3JA88A", 29900, 40, 1710720000, 1741132800 },
    { 4, "black", "3JA89A", 84500, 80, 1731283200, 1745971200 },     /* 2024-11-11, 2025-04-30 */
  };
  g_autoptr(MlPrinterReading) reading = read_fixture (OJ_CONSUMABLES,
                                                      ML_LEDM_DOCUMENT_CONSUMABLE_CONFIG);
  GListModel *cartridges;
  GListModel *printheads;
  g_autoptr(MlPrinthead) printhead = NULL;
  const char * const *colors;

  if (reading == NULL)
    return;

  cartridges = ml_printer_reading_get_cartridges (reading);
  g_assert_cmpuint (g_list_model_get_n_items (cartridges), ==, G_N_ELEMENTS (expected));

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_autoptr(MlCartridge) cartridge = g_list_model_get_item (cartridges, i);

      g_assert_cmpint (ml_cartridge_get_slot (cartridge), ==, expected[i].slot);
      g_assert_cmpstr (ml_cartridge_get_color (cartridge), ==, expected[i].color);
      g_assert_cmpstr (ml_cartridge_get_product_number (cartridge), ==, expected[i].product_number);
      g_assert_cmpint (ml_cartridge_get_capacity_ul (cartridge), ==, expected[i].capacity_ul);
      g_assert_cmpint (ml_cartridge_get_level_percent (cartridge), ==, expected[i].level_percent);
      g_assert_cmpint (ml_cartridge_get_installed_at (cartridge), ==, expected[i].installed_at);
      g_assert_cmpint (ml_cartridge_get_expires_at (cartridge), ==, expected[i].expires_at);
      /* "used": a cartridge that was in another printer before, and works */
      g_assert_cmpint (ml_cartridge_get_state (cartridge), ==, ML_SUPPLY_STATE_OK);
      g_assert_cmpstr (ml_cartridge_get_status_text (cartridge), ==, "used");
      g_assert_cmpstr (ml_cartridge_get_serial_number (cartridge), ==, "REDACTED");
      g_assert_cmpstr (ml_cartridge_get_manufacturer (cartridge), ==, "HP");
      g_assert_cmpstr (ml_cartridge_get_product_name (cartridge), ==, "INSTANT INK");
      /* Lifetime ink comes from ProductUsageDyn, which this reading has not seen. */
      g_assert_cmpint (ml_cartridge_get_ink_used_ul (cartridge), ==, ML_UNKNOWN);
    }

  printheads = ml_printer_reading_get_printheads (reading);
  g_assert_cmpuint (g_list_model_get_n_items (printheads), ==, 1);
  printhead = g_list_model_get_item (printheads, 0);
  g_assert_cmpint (ml_printhead_get_slot (printhead), ==, 0);
  colors = ml_printhead_get_colors (printhead);
  g_assert_nonnull (colors);
  g_assert_cmpuint (g_strv_length ((char **) colors), ==, 4);
  g_assert_cmpstr (colors[0], ==, "cyan");
  g_assert_cmpstr (colors[1], ==, "magenta");
  g_assert_cmpstr (colors[2], ==, "yellow");
  g_assert_cmpstr (colors[3], ==, "black");
  g_assert_cmpint (ml_printhead_get_state (printhead), ==, ML_SUPPLY_STATE_OK);
  g_assert_cmpint (ml_printhead_get_installed_at (printhead), ==, 1690761600); /* 2023-07-31 */
  g_assert_cmpint (ml_printhead_get_health_percent (printhead), ==, ML_UNKNOWN);
}

static void
test_usage (void)
{
  static const struct {
    const char *color;
    gint64 ink_used_ul;
  } expected[] = {
    { "cyan", 23000 },
    { "magenta", 22000 },
    { "yellow", 24000 },
    { "black", 43000 },
  };
  g_autoptr(MlPrinterReading) reading = read_fixture (OJ_USAGE, ML_LEDM_DOCUMENT_PRODUCT_USAGE);
  MlUsage *usage;

  if (reading == NULL)
    return;

  usage = ml_printer_reading_get_usage (reading);
  g_assert_cmpint (ml_usage_get_page_count (usage), ==, 875);
  g_assert_cmpint (ml_usage_get_total_ink_ul (usage), ==, 112000);
  /* LEDM says nothing of media area on this printer. */
  g_assert_cmpint (ml_usage_get_total_media_area_mm2 (usage), ==, ML_UNKNOWN);

  g_assert_cmpuint (g_list_model_get_n_items (ml_usage_get_inks (usage)), ==, 4);
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      MlInkUsage *ink = ml_usage_lookup_ink (usage, expected[i].color);

      g_assert_nonnull (ink);
      g_assert_cmpint (ml_ink_usage_get_ink_used_ul (ink), ==, expected[i].ink_used_ul);
      g_assert_cmpint (ml_ink_usage_get_hp_ink_used_ul (ink), ==, expected[i].ink_used_ul);
      g_assert_cmpint (ml_ink_usage_get_non_hp_ink_used_ul (ink), ==, 0);
      g_assert_cmpint (ml_ink_usage_get_insertions (ink), ==, 2);
    }
}

/* ConsumableConfigDyn and ProductUsageDyn in one reading, in either order: each
 * cartridge gets the ink used through its station, each ink its part number. */
static void
test_usage_fills_cartridges (void)
{
  g_autoptr(GBytes) consumables = ml_test_fixture_bytes (OJ_CONSUMABLES);
  g_autoptr(GBytes) usage = ml_test_fixture_bytes (OJ_USAGE);
  g_autofree char *json_first = NULL;

  if (consumables == NULL || usage == NULL)
    return;

  for (guint order = 0; order < 2; order++)
    {
      g_autoptr(MlPrinterReading) reading = ml_printer_reading_new ();
      GBytes *first = order == 0 ? consumables : usage;
      GBytes *second = order == 0 ? usage : consumables;
      MlCartridge *cyan;
      MlCartridge *black;
      MlInkUsage *ink;
      g_autofree char *json = NULL;

      read_into (reading, g_bytes_get_data (first, NULL), g_bytes_get_size (first),
                 order == 0 ? ML_LEDM_DOCUMENT_CONSUMABLE_CONFIG : ML_LEDM_DOCUMENT_PRODUCT_USAGE);
      read_into (reading, g_bytes_get_data (second, NULL), g_bytes_get_size (second),
                 order == 0 ? ML_LEDM_DOCUMENT_PRODUCT_USAGE : ML_LEDM_DOCUMENT_CONSUMABLE_CONFIG);

      cyan = ml_printer_reading_lookup_cartridge (reading, 1);
      black = ml_printer_reading_lookup_cartridge (reading, 4);
      g_assert_cmpint (ml_cartridge_get_ink_used_ul (cyan), ==, 23000);
      g_assert_cmpint (ml_cartridge_get_non_hp_ink_used_ul (cyan), ==, 0);
      g_assert_cmpint (ml_cartridge_get_ink_used_ul (black), ==, 43000);

      ink = ml_usage_lookup_ink (ml_printer_reading_get_usage (reading), "cyan");
      g_assert_cmpstr (ml_ink_usage_get_product_number (ink), ==, "3JA86A");

      json = reading_json (reading);
      if (json_first == NULL)
        json_first = g_steal_pointer (&json);
      else
        g_assert_cmpstr (json, ==, json_first);
    }
}

static void
test_media (void)
{
  g_autoptr(MlPrinterReading) reading = read_fixture (OJ_MEDIA, ML_LEDM_DOCUMENT_MEDIA_HANDLING);
  GListModel *sources;
  g_autoptr(MlMediaSource) tray1 = NULL;
  g_autoptr(MlMediaSource) tray2 = NULL;
  const char * const *accessories;

  if (reading == NULL)
    return;

  sources = ml_printer_reading_get_media_sources (reading);
  g_assert_cmpuint (g_list_model_get_n_items (sources), ==, 2);
  tray1 = g_list_model_get_item (sources, 0);
  tray2 = g_list_model_get_item (sources, 1);

  g_assert_cmpstr (ml_media_source_get_id (tray1), ==, "Tray1");
  g_assert_cmpint (ml_media_source_get_kind (tray1), ==, ML_MEDIA_SOURCE_KIND_TRAY);
  g_assert_cmpint (ml_media_source_get_state (tray1), ==, ML_MEDIA_STATE_LOADED);
  g_assert_cmpstr (ml_media_source_get_media_type_id (tray1), ==, "plain");
  /* iso_a4_210x297mm */
  g_assert_cmpint (ml_media_source_get_width_mm (tray1), ==, 210);
  g_assert_cmpint (ml_media_source_get_length_mm (tray1), ==, 297);

  g_assert_cmpstr (ml_media_source_get_id (tray2), ==, "Tray2");
  g_assert_cmpint (ml_media_source_get_state (tray2), ==, ML_MEDIA_STATE_MISSING);

  accessories = ml_printer_reading_get_accessories (reading);
  g_assert_nonnull (accessories);
  g_assert_cmpuint (g_strv_length ((char **) accessories), ==, 2);
  g_assert_cmpstr (accessories[0], ==, "autoDuplexor");
  g_assert_cmpstr (accessories[1], ==, "adf");
}

/* Roll printers name their inputs Roll1, Roll2 [assumed]; sizes in inches convert. */
static void
test_media_rolls (void)
{
  static const char document[] =
    "<mhdyn:MediaHandlingDyn"
    " xmlns:dd=\"http://www.hp.com/schemas/imaging/con/dictionaries/1.0/\""
    " xmlns:mhdyn=\"http://www.hp.com/schemas/imaging/con/ledm/mediahandlingdyn/2007/11/21\">"
    "<mhdyn:InputTray><dd:InputBin>Roll1</dd:InputBin><dd:MediaType>bond</dd:MediaType>"
    "<dd:MediaSizeName>na_letter_8.5x11in</dd:MediaSizeName>"
    "<mhdyn:MediaState>empty</mhdyn:MediaState></mhdyn:InputTray>"
    "<mhdyn:InputTray><dd:InputBin>Roll2</dd:InputBin><dd:MediaSizeName>custom</dd:MediaSizeName>"
    "<mhdyn:MediaState>jammed</mhdyn:MediaState></mhdyn:InputTray>"
    "</mhdyn:MediaHandlingDyn>";
  g_autoptr(MlPrinterReading) reading = ml_printer_reading_new ();
  GListModel *sources = ml_printer_reading_get_media_sources (reading);
  g_autoptr(MlMediaSource) roll1 = NULL;
  g_autoptr(MlMediaSource) roll2 = NULL;

  read_into (reading, document, strlen (document), ML_LEDM_DOCUMENT_MEDIA_HANDLING);
  g_assert_cmpuint (g_list_model_get_n_items (sources), ==, 2);
  roll1 = g_list_model_get_item (sources, 0);
  roll2 = g_list_model_get_item (sources, 1);
  g_assert_cmpint (ml_media_source_get_kind (roll1), ==, ML_MEDIA_SOURCE_KIND_ROLL);
  g_assert_cmpint (ml_media_source_get_state (roll1), ==, ML_MEDIA_STATE_EMPTY);
  g_assert_cmpint (ml_media_source_get_width_mm (roll1), ==, 216);   /* 215.9 */
  g_assert_cmpint (ml_media_source_get_length_mm (roll1), ==, 279);  /* 279.4 */
  g_assert_cmpint (ml_media_source_get_state (roll2), ==, ML_MEDIA_STATE_UNKNOWN);
  g_assert_cmpint (ml_media_source_get_width_mm (roll2), ==, ML_UNKNOWN);
  g_assert_null (ml_printer_reading_get_accessories (reading));
}

static void
test_discovery_tree (void)
{
  static const struct {
    const char *file;
    guint n_resources;
    const char *first;
    const char *last;
    const char *contains;
  } expected[] = {
    { "hp-unknown-a-DiscoveryTree.xml", 46, "/DevMgmt/NetAppsDyn.xml", "/ipp/print",
      "/cdm/tlsConfig/v1/serviceMetadata" },
    { "hp-unknown-b-DiscoveryTree.xml", 46, "/DevMgmt/FaxPhoneBookDyn.xml",
      "/EventMgmt/EventMgmtManifest.xml", "/DevMgmt/ProductUsageDyn.xml" },
    { "hp-unknown-c-DiscoveryTree.xml", 12, "/DevMgmt/ProductConfigDyn.xml",
      "/WalkupScanToComp/WalkupScanToCompManifest.xml", "/eSCL/eSclManifest.xml" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_autoptr(MlPrinterReading) reading = read_fixture (expected[i].file,
                                                          ML_LEDM_DOCUMENT_DISCOVERY_TREE);
      const char * const *resources;
      guint n;

      if (reading == NULL)
        return;

      resources = ml_printer_reading_get_resources (reading);
      g_assert_nonnull (resources);
      n = g_strv_length ((char **) resources);
      g_assert_cmpuint (n, ==, expected[i].n_resources);
      g_assert_cmpstr (resources[0], ==, expected[i].first);
      g_assert_cmpstr (resources[n - 1], ==, expected[i].last);
      g_assert_true (g_strv_contains (resources, expected[i].contains));
    }
}

static void
test_event_table (void)
{
  static const char *categories[] = {
    "DeviceCapabilitiesChanged", "PowerUpEvent", "AlertTableChanged", "JobEvent", "ScanEvent",
  };
  static const char *stamps[] = { "139-1", "163-1", "164-9", "164-11", "164-12" };
  g_autoptr(MlPrinterReading) reading = read_fixture ("hp-unknown-EventMgmt-EventTable.xml",
                                                      ML_LEDM_DOCUMENT_EVENT_TABLE);
  GListModel *events;

  if (reading == NULL)
    return;

  events = ml_printer_reading_get_events (reading);
  g_assert_cmpuint (g_list_model_get_n_items (events), ==, G_N_ELEMENTS (categories));
  for (guint i = 0; i < G_N_ELEMENTS (categories); i++)
    {
      g_autoptr(MlDeviceEvent) event = g_list_model_get_item (events, i);

      g_assert_cmpstr (ml_device_event_get_category (event), ==, categories[i]);
      g_assert_cmpstr (ml_device_event_get_aging_stamp (event), ==, stamps[i]);
      if (i < 4)
        g_assert_null (ml_device_event_get_resource_uri (event));
      else
        g_assert_cmpstr (ml_device_event_get_resource_uri (event), ==,
                         "http://192.168.1.7:8080/WalkupScan/WalkupScanDestinations/"
                         "1cb3125d-7bde-1f09-8da2-2c768ab21113");
    }
}

static void
test_scan_jobs (void)
{
  g_autoptr(MlPrinterReading) processing =
    read_fixture ("hp-scanner-unknown-Jobs-JobList-2-scan-processing.xml", ML_LEDM_DOCUMENT_JOB);
  g_autoptr(MlPrinterReading) completed =
    read_fixture ("hp-scanner-unknown-Jobs-JobList-2-scan-completed.xml", ML_LEDM_DOCUMENT_JOB);
  MlJob *job;

  if (processing == NULL || completed == NULL)
    return;

  g_assert_cmpuint (g_list_model_get_n_items (ml_printer_reading_get_jobs (processing)), ==, 1);
  /* LEDM has no job UUID: the job's URL stands in for it. */
  job = ml_printer_reading_lookup_job (processing, "/Jobs/JobList/2");
  g_assert_nonnull (job);
  g_assert_cmpint (ml_job_get_kind (job), ==, ML_JOB_KIND_SCAN);
  g_assert_cmpint (ml_job_get_status (job), ==, ML_JOB_STATUS_ACTIVE);
  g_assert_cmpstr (ml_job_get_status_text (job), ==, "Processing");
  /* Page 1 is still being prepared (PreScanPage): nothing scanned yet. */
  g_assert_cmpint (ml_job_get_pages (job), ==, ML_UNKNOWN);

  job = ml_printer_reading_lookup_job (completed, "/Jobs/JobList/2");
  g_assert_nonnull (job);
  g_assert_cmpint (ml_job_get_kind (job), ==, ML_JOB_KIND_SCAN);
  g_assert_cmpint (ml_job_get_status (job), ==, ML_JOB_STATUS_COMPLETED);
  g_assert_cmpint (ml_job_get_pages (job), ==, 1);
}

/* The job moves on between two reads: the same job is updated, not doubled. */
static void
test_scan_job_progress (void)
{
  g_autoptr(GBytes) processing = ml_test_fixture_bytes ("hp-scanner-unknown-Jobs-JobList-2-scan-processing.xml");
  g_autoptr(GBytes) completed = ml_test_fixture_bytes ("hp-scanner-unknown-Jobs-JobList-2-scan-completed.xml");
  g_autoptr(MlPrinterReading) reading = ml_printer_reading_new ();
  MlJob *job;

  if (processing == NULL || completed == NULL)
    return;

  read_into (reading, g_bytes_get_data (processing, NULL), g_bytes_get_size (processing),
             ML_LEDM_DOCUMENT_JOB);
  read_into (reading, g_bytes_get_data (completed, NULL), g_bytes_get_size (completed),
             ML_LEDM_DOCUMENT_JOB);
  g_assert_cmpuint (g_list_model_get_n_items (ml_printer_reading_get_jobs (reading)), ==, 1);
  job = ml_printer_reading_lookup_job (reading, "/Jobs/JobList/2");
  g_assert_cmpint (ml_job_get_status (job), ==, ML_JOB_STATUS_COMPLETED);
  g_assert_cmpint (ml_job_get_pages (job), ==, 1);
}

static void
test_job_list (void)
{
  static const char document[] =
    "<j:JobList xmlns:j=\"http://www.hp.com/schemas/imaging/con/ledm/jobs/2009/04/30\">"
    "<j:Job><j:JobUrl>/Jobs/JobList/7</j:JobUrl><j:JobCategory>Copy</j:JobCategory>"
    "<j:JobState>Canceled</j:JobState></j:Job>"
    "<j:Job><j:JobUrl>/Jobs/JobList/8</j:JobUrl><j:JobCategory>Fax</j:JobCategory>"
    "<j:JobState>Completed</j:JobState></j:Job>"
    "<j:Job><j:JobUrl>/Jobs/JobList/9</j:JobUrl><j:JobCategory>Print</j:JobCategory>"
    "<j:JobState>Cancelled</j:JobState></j:Job>"
    "</j:JobList>";
  g_autoptr(MlPrinterReading) reading = ml_printer_reading_new ();
  MlJob *copy;
  MlJob *print;

  read_into (reading, document, strlen (document), ML_LEDM_DOCUMENT_JOB);

  /* Fax jobs are not metered. */
  g_assert_cmpuint (g_list_model_get_n_items (ml_printer_reading_get_jobs (reading)), ==, 2);
  copy = ml_printer_reading_lookup_job (reading, "/Jobs/JobList/7");
  print = ml_printer_reading_lookup_job (reading, "/Jobs/JobList/9");
  g_assert_cmpint (ml_job_get_kind (copy), ==, ML_JOB_KIND_COPY);
  g_assert_cmpint (ml_job_get_status (copy), ==, ML_JOB_STATUS_CANCELLED);
  g_assert_cmpint (ml_job_get_kind (print), ==, ML_JOB_KIND_PRINT);
  g_assert_cmpint (ml_job_get_status (print), ==, ML_JOB_STATUS_CANCELLED);
}

/* Label codes and marker colours beyond the capture's CMYK. */
static void
test_colors (void)
{
  static const char consumables[] =
    "<ccdyn:ConsumableConfigDyn"
    " xmlns:dd=\"http://www.hp.com/schemas/imaging/con/dictionaries/1.0/\""
    " xmlns:ccdyn=\"http://www.hp.com/schemas/imaging/con/ledm/consumableconfigdyn/2007/11/19\">"
    "<ccdyn:ConsumableInfo><dd:ConsumableLabelCode>MK</dd:ConsumableLabelCode>"
    "<dd:ConsumableStation>1</dd:ConsumableStation><dd:ConsumableTypeEnum>ink</dd:ConsumableTypeEnum>"
    "<dd:Capacity><dd:MaxCapacity>130</dd:MaxCapacity><dd:Unit>milliliters</dd:Unit></dd:Capacity>"
    "<dd:ConsumableLifeState><dd:ConsumableState>veryLow</dd:ConsumableState></dd:ConsumableLifeState>"
    "</ccdyn:ConsumableInfo>"
    "<ccdyn:ConsumableInfo><dd:ConsumableLabelCode>CMY</dd:ConsumableLabelCode>"
    "<dd:ConsumableStation>2</dd:ConsumableStation><dd:ConsumableTypeEnum>ink</dd:ConsumableTypeEnum>"
    "<dd:ConsumableLifeState><dd:ConsumableState>missing</dd:ConsumableState></dd:ConsumableLifeState>"
    "</ccdyn:ConsumableInfo>"
    "<ccdyn:ConsumableInfo><dd:ConsumableLabelCode>LCLM</dd:ConsumableLabelCode>"
    "<dd:ConsumableStation>3</dd:ConsumableStation><dd:ConsumableTypeEnum>printhead</dd:ConsumableTypeEnum>"
    "</ccdyn:ConsumableInfo>"
    "<ccdyn:ConsumableInfo><dd:ConsumableLabelCode>K</dd:ConsumableLabelCode>"
    "<dd:ConsumableStation>9</dd:ConsumableStation><dd:ConsumableTypeEnum>toner</dd:ConsumableTypeEnum>"
    "</ccdyn:ConsumableInfo>"
    "</ccdyn:ConsumableConfigDyn>";
  static const char usage[] =
    "<pudyn:ProductUsageDyn"
    " xmlns:dd=\"http://www.hp.com/schemas/imaging/con/dictionaries/1.0/\""
    " xmlns:dd2=\"http://www.hp.com/schemas/imaging/con/dictionaries/2008/10/10\""
    " xmlns:pudyn=\"http://www.hp.com/schemas/imaging/con/ledm/productusagedyn/2007/12/11\">"
    "<pudyn:ConsumableSubunit><pudyn:Consumable>"
    "<dd:ConsumableStation>1</dd:ConsumableStation><dd:MarkerColor>MatteBlack</dd:MarkerColor>"
    "<dd2:CumulativeMarkingAgentUsed><dd:ValueFloat>12.5</dd:ValueFloat><dd:Unit>milliliters</dd:Unit>"
    "</dd2:CumulativeMarkingAgentUsed>"
    "<dd2:CumulativeHPMarkingAgentUsed><dd:ValueFloat>10</dd:ValueFloat><dd:Unit>milliliters</dd:Unit>"
    "</dd2:CumulativeHPMarkingAgentUsed>"
    "</pudyn:Consumable></pudyn:ConsumableSubunit></pudyn:ProductUsageDyn>";
  g_autoptr(MlPrinterReading) reading = ml_printer_reading_new ();
  MlCartridge *matte;
  MlCartridge *tricolor;
  g_autoptr(MlPrinthead) printhead = NULL;
  const char * const *colors;
  MlInkUsage *ink;

  read_into (reading, consumables, strlen (consumables), ML_LEDM_DOCUMENT_CONSUMABLE_CONFIG);
  read_into (reading, usage, strlen (usage), ML_LEDM_DOCUMENT_PRODUCT_USAGE);

  /* Toner is not metered. */
  g_assert_cmpuint (g_list_model_get_n_items (ml_printer_reading_get_cartridges (reading)), ==, 2);

  matte = ml_printer_reading_lookup_cartridge (reading, 1);
  g_assert_cmpstr (ml_cartridge_get_color (matte), ==, "matte-black");
  g_assert_cmpint (ml_cartridge_get_capacity_ul (matte), ==, 130000);
  g_assert_cmpint (ml_cartridge_get_state (matte), ==, ML_SUPPLY_STATE_VERY_LOW);
  g_assert_cmpint (ml_cartridge_get_ink_used_ul (matte), ==, 12500);
  g_assert_cmpint (ml_cartridge_get_non_hp_ink_used_ul (matte), ==, 2500);

  tricolor = ml_printer_reading_lookup_cartridge (reading, 2);
  g_assert_cmpstr (ml_cartridge_get_color (tricolor), ==, "cyan+magenta+yellow");
  g_assert_cmpint (ml_cartridge_get_state (tricolor), ==, ML_SUPPLY_STATE_MISSING);

  printhead = g_list_model_get_item (ml_printer_reading_get_printheads (reading), 0);
  colors = ml_printhead_get_colors (printhead);
  g_assert_cmpuint (g_strv_length ((char **) colors), ==, 2);
  g_assert_cmpstr (colors[0], ==, "light-cyan");
  g_assert_cmpstr (colors[1], ==, "light-magenta");

  ink = ml_usage_lookup_ink (ml_printer_reading_get_usage (reading), "matte-black");
  g_assert_nonnull (ink);
  g_assert_cmpint (ml_ink_usage_get_non_hp_ink_used_ul (ink), ==, 2500);
  g_assert_cmpint (ml_ink_usage_get_insertions (ink), ==, ML_UNKNOWN);
}

/* Tools that re-serialise captures (Python's ElementTree) write ns0/ns2 where the
 * printer wrote dd/pudyn, or a default namespace: the readings must not change. */
static void
test_prefixes (void)
{
  static const struct {
    const char *file;
    const char *root_prefix;
    MlLedmDocument document;
  } captures[] = {
    { OJ_CONFIG, "prdcfgdyn2", ML_LEDM_DOCUMENT_PRODUCT_CONFIG },
    { OJ_STATUS, "psdyn", ML_LEDM_DOCUMENT_PRODUCT_STATUS },
    { OJ_CONSUMABLES, "ccdyn", ML_LEDM_DOCUMENT_CONSUMABLE_CONFIG },
    { OJ_USAGE, "pudyn", ML_LEDM_DOCUMENT_PRODUCT_USAGE },
    { OJ_MEDIA, "mhdyn", ML_LEDM_DOCUMENT_MEDIA_HANDLING },
    { "hp-unknown-a-DiscoveryTree.xml", "ledm", ML_LEDM_DOCUMENT_DISCOVERY_TREE },
    { "hp-unknown-EventMgmt-EventTable.xml", "ev", ML_LEDM_DOCUMENT_EVENT_TABLE },
    { "hp-scanner-unknown-Jobs-JobList-2-scan-completed.xml", "j", ML_LEDM_DOCUMENT_JOB },
  };

  for (guint i = 0; i < G_N_ELEMENTS (captures); i++)
    {
      g_autoptr(GBytes) bytes = ml_test_fixture_bytes (captures[i].file);
      g_autoptr(MlPrinterReading) original = ml_printer_reading_new ();
      g_autofree char *expected = NULL;
      g_autofree char *text = NULL;
      g_autofree char *open_tag = NULL;
      g_autofree char *close_tag = NULL;
      g_autofree char *declaration = NULL;
      char *variants[3] = { NULL, };

      if (bytes == NULL)
        return;

      text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
      read_into (original, text, strlen (text), captures[i].document);
      expected = reading_json (original);

      /* dd → ns0, dd2 → ns3 (the ":" keeps dd2 from matching dd) */
      {
        g_autofree char *a = replace_all (text, "dd:", "ns0:");
        g_autofree char *b = replace_all (a, "xmlns:dd=", "xmlns:ns0=");
        g_autofree char *c = replace_all (b, "dd2:", "ns3:");

        variants[0] = replace_all (c, "xmlns:dd2=", "xmlns:ns3=");
      }

      open_tag = g_strdup_printf ("<%s:", captures[i].root_prefix);
      close_tag = g_strdup_printf ("</%s:", captures[i].root_prefix);
      declaration = g_strdup_printf ("xmlns:%s=", captures[i].root_prefix);

      /* the root's prefix → ns2 */
      {
        g_autofree char *a = replace_all (text, open_tag, "<ns2:");
        g_autofree char *b = replace_all (a, close_tag, "</ns2:");

        variants[1] = replace_all (b, declaration, "xmlns:ns2=");
      }

      /* the root's namespace as the default namespace, without a prefix */
      {
        g_autofree char *a = replace_all (text, open_tag, "<");
        g_autofree char *b = replace_all (a, close_tag, "</");

        variants[2] = replace_all (b, declaration, "xmlns=");
      }

      for (guint v = 0; v < G_N_ELEMENTS (variants); v++)
        {
          g_autoptr(MlPrinterReading) reading = ml_printer_reading_new ();
          g_autofree char *json = NULL;

          g_assert_cmpstr (variants[v], !=, text);
          read_into (reading, variants[v], strlen (variants[v]), captures[i].document);
          json = reading_json (reading);
          g_assert_cmpstr (json, ==, expected);
          g_free (variants[v]);
        }
    }
}

static void
test_malformed (void)
{
  g_autoptr(GBytes) bytes = ml_test_fixture_bytes (OJ_CONSUMABLES);
  g_autoptr(GError) error = NULL;
  g_autofree char *truncated = NULL;

  if (bytes == NULL)
    return;

  /* Cut short in the middle, as a dropped connection leaves it. */
  truncated = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes) / 2);
  error = read_error (truncated);
  g_assert_error (error, ML_ERROR, ML_ERROR_MALFORMED);
  g_clear_error (&error);

  error = read_error ("");
  g_assert_error (error, ML_ERROR, ML_ERROR_EMPTY);
  g_clear_error (&error);

  /* An undeclared prefix cannot be matched by namespace. */
  error = read_error ("<pudyn:ProductUsageDyn><dd:TotalImpressions>1</dd:TotalImpressions>"
                      "</pudyn:ProductUsageDyn>");
  g_assert_error (error, ML_ERROR, ML_ERROR_MALFORMED);
}

static void
test_wrong_namespace (void)
{
  g_autoptr(GBytes) bytes = ml_test_fixture_bytes (OJ_USAGE);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *moved = NULL;

  if (bytes == NULL)
    return;

  /* The right element name in a namespace that is not LEDM's. */
  text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  moved = replace_all (text, "\"http://www.hp.com/schemas/imaging/con/ledm/productusagedyn/2007/12/11\"",
                       "\"http://example.com/productusagedyn\"");
  error = read_error (moved);
  g_assert_error (error, ML_ERROR, ML_ERROR_UNSUPPORTED);
  g_assert_nonnull (strstr (error->message, "ProductUsageDyn"));
  g_assert_nonnull (strstr (error->message, "http://example.com/productusagedyn"));
  g_clear_error (&error);

  /* An LEDM document Meterlink does not read. */
  error = read_error ("<ledm:ProductStatusCap"
                      " xmlns:ledm=\"http://www.hp.com/schemas/imaging/con/ledm/2007/09/21\"/>");
  g_assert_error (error, ML_ERROR, ML_ERROR_UNSUPPORTED);
  g_assert_nonnull (strstr (error->message, "ProductStatusCap"));
  g_clear_error (&error);

  /* No namespace at all. */
  error = read_error ("<ProductUsageDyn/>");
  g_assert_error (error, ML_ERROR, ML_ERROR_UNSUPPORTED);
  g_assert_nonnull (strstr (error->message, "ProductUsageDyn"));
}

static void
test_bad_values (void)
{
  static const struct {
    const char *document;
    const char *mentions;
  } cases[] = {
    { "<ccdyn:ConsumableConfigDyn"
      " xmlns:dd=\"http://www.hp.com/schemas/imaging/con/dictionaries/1.0/\""
      " xmlns:ccdyn=\"http://www.hp.com/schemas/imaging/con/ledm/consumableconfigdyn/2007/11/19\">"
      "<ccdyn:ConsumableInfo><dd:ConsumableStation>1</dd:ConsumableStation>"
      "<dd:ConsumableTypeEnum>ink</dd:ConsumableTypeEnum>"
      "<dd:Capacity><dd:MaxCapacity>lots</dd:MaxCapacity><dd:Unit>milliliters</dd:Unit></dd:Capacity>"
      "</ccdyn:ConsumableInfo></ccdyn:ConsumableConfigDyn>",
      "MaxCapacity" },
    { "<ccdyn:ConsumableConfigDyn"
      " xmlns:dd=\"http://www.hp.com/schemas/imaging/con/dictionaries/1.0/\""
      " xmlns:ccdyn=\"http://www.hp.com/schemas/imaging/con/ledm/consumableconfigdyn/2007/11/19\">"
      "<ccdyn:ConsumableInfo><dd:ConsumableStation>1</dd:ConsumableStation>"
      "<dd:ConsumableTypeEnum>ink</dd:ConsumableTypeEnum>"
      "<dd:ConsumablePercentageLevelRemaining>140</dd:ConsumablePercentageLevelRemaining>"
      "</ccdyn:ConsumableInfo></ccdyn:ConsumableConfigDyn>",
      "ConsumablePercentageLevelRemaining" },
    { "<ccdyn:ConsumableConfigDyn"
      " xmlns:dd=\"http://www.hp.com/schemas/imaging/con/dictionaries/1.0/\""
      " xmlns:ccdyn=\"http://www.hp.com/schemas/imaging/con/ledm/consumableconfigdyn/2007/11/19\">"
      "<ccdyn:ConsumableInfo><dd:ConsumableStation>1</dd:ConsumableStation>"
      "<dd:ConsumableTypeEnum>ink</dd:ConsumableTypeEnum>"
      "<dd:Capacity><dd:MaxCapacity>298</dd:MaxCapacity><dd:Unit>gallons</dd:Unit></dd:Capacity>"
      "</ccdyn:ConsumableInfo></ccdyn:ConsumableConfigDyn>",
      "gallons" },
    { "<pudyn:ProductUsageDyn"
      " xmlns:dd=\"http://www.hp.com/schemas/imaging/con/dictionaries/1.0/\""
      " xmlns:pudyn=\"http://www.hp.com/schemas/imaging/con/ledm/productusagedyn/2007/12/11\">"
      "<pudyn:PrinterSubunit><dd:TotalImpressions>-3</dd:TotalImpressions></pudyn:PrinterSubunit>"
      "</pudyn:ProductUsageDyn>",
      "TotalImpressions" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = read_error (cases[i].document);

      g_assert_error (error, ML_ERROR, ML_ERROR_INVALID_VALUE);
      g_assert_nonnull (strstr (error->message, cases[i].mentions));
      /* The message names the document too. */
      g_assert_true (strstr (error->message, "ConsumableConfigDyn") != NULL
                     || strstr (error->message, "ProductUsageDyn") != NULL);
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/collector/ledm/product-config", test_product_config);
  g_test_add_func ("/collector/ledm/product-status", test_product_status);
  g_test_add_func ("/collector/ledm/product-status/alerts", test_product_status_alerts);
  g_test_add_func ("/collector/ledm/consumables", test_consumables);
  g_test_add_func ("/collector/ledm/usage", test_usage);
  g_test_add_func ("/collector/ledm/usage/fills-cartridges", test_usage_fills_cartridges);
  g_test_add_func ("/collector/ledm/media", test_media);
  g_test_add_func ("/collector/ledm/media/rolls", test_media_rolls);
  g_test_add_func ("/collector/ledm/discovery-tree", test_discovery_tree);
  g_test_add_func ("/collector/ledm/event-table", test_event_table);
  g_test_add_func ("/collector/ledm/jobs/scan", test_scan_jobs);
  g_test_add_func ("/collector/ledm/jobs/progress", test_scan_job_progress);
  g_test_add_func ("/collector/ledm/jobs/list", test_job_list);
  g_test_add_func ("/collector/ledm/colors", test_colors);
  g_test_add_func ("/collector/ledm/prefixes", test_prefixes);
  g_test_add_func ("/collector/ledm/errors/malformed", test_malformed);
  g_test_add_func ("/collector/ledm/errors/wrong-namespace", test_wrong_namespace);
  g_test_add_func ("/collector/ledm/errors/bad-values", test_bad_values);

  return g_test_run ();
}
