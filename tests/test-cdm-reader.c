/* test-cdm-reader.c: CDM captures (HP Smart Tank 580-590) read into the printer model
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "meterlink-core.h"
#include "ml-cdm-reader.h"
#include "ml-json.h"
#include "ml-test-support.h"

static JsonNode *
parse (const char *data,
       gsize       length)
{
  g_autoptr(GError) error = NULL;
  JsonNode *root = ml_json_parse (data, length, &error);

  g_assert_no_error (error);
  g_assert_nonnull (root);
  return root;
}

static MlPrinterReading *
read_fixture (const char    *name,
              MlCdmDocument  expected)
{
  g_autoptr(GBytes) bytes = ml_test_fixture_bytes (name);
  g_autoptr(MlPrinterReading) reading = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  MlCdmDocument document = (MlCdmDocument) -1;

  if (bytes == NULL)
    return NULL;

  root = parse (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  g_assert_true (ml_cdm_reader_accepts_json (root));

  reading = ml_printer_reading_new ();
  g_assert_true (ml_cdm_reader_read_json (reading, root, &document, &error));
  g_assert_no_error (error);
  g_assert_cmpint (document, ==, expected);
  return g_steal_pointer (&reading);
}

static GError *
read_error (const char *json)
{
  g_autoptr(JsonNode) root = parse (json, strlen (json));
  g_autoptr(MlPrinterReading) reading = ml_printer_reading_new ();
  GError *error = NULL;

  g_assert_true (ml_cdm_reader_accepts_json (root));
  g_assert_false (ml_cdm_reader_read_json (reading, root, NULL, &error));
  g_assert_nonnull (error);
  return error;
}

static void
test_identity (void)
{
  g_autoptr(MlPrinterReading) reading =
    read_fixture ("smart-tank-580-590-cdm-system-v1-identity.json", ML_CDM_DOCUMENT_IDENTITY);
  MlIdentity *identity;

  if (reading == NULL)
    return;

  identity = ml_printer_reading_get_identity (reading);
  g_assert_cmpstr (ml_identity_get_model_name (identity), ==, "Smart Tank 580-590 series");
  g_assert_cmpstr (ml_identity_get_product_number (identity), ==, "ANON-0000");
  g_assert_cmpstr (ml_identity_get_serial_number (identity), ==, "SN-ANON-0000");
  g_assert_cmpstr (ml_identity_get_firmware_version (identity), ==, "LWP1CN2630CR");
  g_assert_cmpstr (ml_identity_get_manufacturer (identity), ==, "HP");
}

static void
test_status (void)
{
  g_autoptr(MlPrinterReading) reading =
    read_fixture ("smart-tank-580-590-cdm-system-v1-status.json", ML_CDM_DOCUMENT_STATUS);
  MlEngineStatus *status;

  if (reading == NULL)
    return;

  status = ml_printer_reading_get_status (reading);
  g_assert_cmpint (ml_engine_status_get_state (status), ==, ML_ENGINE_STATE_SLEEPING);
  g_assert_cmpstr (ml_engine_status_get_status_text (status), ==, "inPowerSave");
}

static void
test_supplies (void)
{
  static const struct {
    int slot;
    const char *color;
    const char *product_number;
    const char *status_text;
    int level_percent;
  } expected[] = {
    /* the two printheads of a Smart Tank, which CDM calls ink cartridges */
    { 1, "cyan+magenta+yellow", "M0H50A", "inform", ML_UNKNOWN },
    { 2, "black", "X4E75A", "inform", ML_UNKNOWN },
    /* the tanks */
    { 3, "black", NULL, "ok", 100 },
    { 4, "cyan", NULL, "ok", 100 },
    { 5, "magenta", NULL, "ok", 100 },
    { 6, "yellow", NULL, "ok", 100 },
  };
  g_autoptr(MlPrinterReading) reading =
    read_fixture ("smart-tank-580-590-cdm-supply-v1-suppliesPublic.json", ML_CDM_DOCUMENT_SUPPLIES);
  GListModel *cartridges;

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
      g_assert_cmpint (ml_cartridge_get_state (cartridge), ==, ML_SUPPLY_STATE_OK);
      g_assert_cmpstr (ml_cartridge_get_status_text (cartridge), ==, expected[i].status_text);
      g_assert_cmpint (ml_cartridge_get_level_percent (cartridge), ==, expected[i].level_percent);
      /* CDM gives no capacity and no ink used. */
      g_assert_cmpint (ml_cartridge_get_capacity_ul (cartridge), ==, ML_UNKNOWN);
      g_assert_cmpint (ml_cartridge_get_ink_used_ul (cartridge), ==, ML_UNKNOWN);
      if (expected[i].product_number != NULL)
        {
          g_assert_cmpstr (ml_cartridge_get_serial_number (cartridge), ==, "SN-ANON-0000");
          g_assert_cmpstr (ml_cartridge_get_manufacturer (cartridge), ==, "HP");
        }
    }
  g_assert_cmpuint (g_list_model_get_n_items (ml_printer_reading_get_printheads (reading)), ==, 0);
}

static void
test_lifetime_counters (void)
{
  g_autoptr(MlPrinterReading) reading =
    read_fixture ("smart-tank-580-590-cdm-deviceUsage-v1-lifetimeCounters.json",
                  ML_CDM_DOCUMENT_LIFETIME_COUNTERS);
  MlUsage *usage;

  if (reading == NULL)
    return;

  usage = ml_printer_reading_get_usage (reading);
  g_assert_cmpint (ml_usage_get_page_count (usage), ==, 10531);
  /* Sheets per media type and scanned images are not areas: nothing is made up. */
  g_assert_cmpuint (g_list_model_get_n_items (ml_usage_get_media (usage)), ==, 0);
  g_assert_cmpint (ml_usage_get_total_media_area_mm2 (usage), ==, ML_UNKNOWN);
  g_assert_cmpint (ml_usage_get_scan_area_mm2 (usage), ==, ML_UNKNOWN);
  g_assert_cmpint (ml_usage_get_total_ink_ul (usage), ==, ML_UNKNOWN);
}

static void
test_supply_states (void)
{
  static const char json[] =
    "{\"version\": \"1.1.0\", \"suppliesList\": ["
    " {\"slot\": 1, \"supplyType\": \"inkCartridge\", \"colors\": [\"MK\"],"
    "  \"supplyState\": \"warning\", \"levelState\": \"veryLow\", \"percentLifeDisplay\": 4},"
    " {\"slot\": 2, \"supplyType\": \"inkCartridge\", \"supplyColorCode\": \"PK\","
    "  \"supplyState\": \"error\", \"levelState\": \"out\", \"percentLifeDisplay\": 0},"
    " {\"slot\": 3, \"supplyType\": \"inkCartridge\", \"colors\": [\"C\"],"
    "  \"supplyState\": \"missing\"},"
    " {\"slot\": 4, \"supplyType\": \"printhead\", \"colors\": [\"C\", \"M\", \"Y\", \"K\"],"
    "  \"supplyState\": \"ok\", \"selectabilityNumber\": \"3ED58A\"}"
    "]}";
  g_autoptr(JsonNode) root = parse (json, strlen (json));
  g_autoptr(MlPrinterReading) reading = ml_printer_reading_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(MlPrinthead) printhead = NULL;
  MlCartridge *cartridge;

  g_assert_true (ml_cdm_reader_read_json (reading, root, NULL, &error));
  g_assert_no_error (error);

  cartridge = ml_printer_reading_lookup_cartridge (reading, 1);
  g_assert_cmpstr (ml_cartridge_get_color (cartridge), ==, "matte-black");
  g_assert_cmpint (ml_cartridge_get_state (cartridge), ==, ML_SUPPLY_STATE_VERY_LOW);
  g_assert_cmpint (ml_cartridge_get_level_percent (cartridge), ==, 4);
  cartridge = ml_printer_reading_lookup_cartridge (reading, 2);
  g_assert_cmpstr (ml_cartridge_get_color (cartridge), ==, "photo-black");
  g_assert_cmpint (ml_cartridge_get_state (cartridge), ==, ML_SUPPLY_STATE_EMPTY);
  cartridge = ml_printer_reading_lookup_cartridge (reading, 3);
  g_assert_cmpint (ml_cartridge_get_state (cartridge), ==, ML_SUPPLY_STATE_MISSING);

  g_assert_cmpuint (g_list_model_get_n_items (ml_printer_reading_get_printheads (reading)), ==, 1);
  printhead = g_list_model_get_item (ml_printer_reading_get_printheads (reading), 0);
  g_assert_cmpuint (g_strv_length ((char **) ml_printhead_get_colors (printhead)), ==, 4);
  g_assert_cmpstr (ml_printhead_get_product_number (printhead), ==, "3ED58A");
}

static void
test_wrong_types (void)
{
  static const struct {
    const char *json;
    int code;
    const char *mentions;
  } cases[] = {
    { "{\"version\": \"1.1.0\", \"suppliesList\": \"none\"}", ML_ERROR_WRONG_TYPE, "suppliesList" },
    { "{\"version\": \"1.1.0\", \"suppliesList\": [42]}", ML_ERROR_WRONG_TYPE, "suppliesList" },
    { "{\"version\": \"1.1.0\", \"suppliesList\": [{\"slot\": \"one\"}]}", ML_ERROR_WRONG_TYPE, "slot" },
    { "{\"version\": \"1.1.0\", \"suppliesList\": [{\"slot\": 1, \"percentLifeDisplay\": \"80\"}]}",
      ML_ERROR_WRONG_TYPE, "percentLifeDisplay" },
    { "{\"version\": \"1.1.0\", \"suppliesList\": [{\"slot\": 1, \"percentLifeDisplay\": 140}]}",
      ML_ERROR_INVALID_VALUE, "percentLifeDisplay" },
    { "{\"version\": \"1.1.0\", \"suppliesList\": [{\"slot\": 1, \"colors\": [1]}]}",
      ML_ERROR_WRONG_TYPE, "colors" },
    { "{\"version\": \"1.0.0\", \"makeAndModel\": \"Smart Tank\"}", ML_ERROR_WRONG_TYPE, "makeAndModel" },
    { "{\"version\": \"1.0.0\", \"makeAndModel\": {\"name\": 580}}", ML_ERROR_WRONG_TYPE, "name" },
    { "{\"version\": \"1.0.0\", \"status\": {\"state\": \"ready\"}}", ML_ERROR_WRONG_TYPE, "status" },
    { "{\"version\": \"1.0.0\", \"printUsage\": {\"impressions\": {\"total\": 1.5}}}",
      ML_ERROR_WRONG_TYPE, "total" },
    { "{\"version\": \"1.0.0\", \"printUsage\": []}", ML_ERROR_WRONG_TYPE, "printUsage" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = read_error (cases[i].json);

      g_assert_error (error, ML_ERROR, cases[i].code);
      g_assert_nonnull (strstr (error->message, cases[i].mentions));
      /* The message names the CDM resource. */
      g_assert_nonnull (strstr (error->message, "CDM "));
    }
}

static void
test_not_cdm (void)
{
  static const char *documents[] = {
    "{\"InkSystem\": {\"InkSlotCollection\": {}}}",
    "{\"version\": \"1.0.0\"}",
    "{\"status\": \"ready\"}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (documents); i++)
    {
      g_autoptr(JsonNode) root = parse (documents[i], strlen (documents[i]));
      g_autoptr(MlPrinterReading) reading = ml_printer_reading_new ();
      g_autoptr(GError) error = NULL;

      g_assert_false (ml_cdm_reader_accepts_json (root));
      g_assert_false (ml_cdm_reader_read_json (reading, root, NULL, &error));
      g_assert_error (error, ML_ERROR, ML_ERROR_UNSUPPORTED);
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/collector/cdm/identity", test_identity);
  g_test_add_func ("/collector/cdm/status", test_status);
  g_test_add_func ("/collector/cdm/supplies", test_supplies);
  g_test_add_func ("/collector/cdm/supplies/states", test_supply_states);
  g_test_add_func ("/collector/cdm/lifetime-counters", test_lifetime_counters);
  g_test_add_func ("/collector/cdm/errors/wrong-types", test_wrong_types);
  g_test_add_func ("/collector/cdm/errors/not-cdm", test_not_cdm);

  return g_test_run ();
}
