/* test-response-reader.c: any saved printer response, its kind told from its content
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "meterlink-core.h"
#include "ml-response-reader.h"
#include "ml-test-support.h"

#define COMPOSITE "designjet-z9-24in-PIWS-InkSystem-DeviceStatus-composite.json"

/* Every capture and the kind it must be read as. A capture added to the folder
 * without a line here fails the test, so none goes unread. */
static const struct {
  const char *file;
  const char *kind;
} captures[] = {
  { "designjet-z9-24in-PIWS-JQ-jobs-all-1job.xml", "PIWS JobQueueSnapshot (XML)" },
  { "hp-scanner-unknown-Jobs-JobList-2-scan-completed.xml", "LEDM Job (XML)" },
  { "hp-scanner-unknown-Jobs-JobList-2-scan-processing.xml", "LEDM Job (XML)" },
  { "hp-unknown-EventMgmt-EventTable.xml", "LEDM EventTable (XML)" },
  { "hp-unknown-a-DiscoveryTree.xml", "LEDM DiscoveryTree (XML)" },
  { "hp-unknown-b-DiscoveryTree.xml", "LEDM DiscoveryTree (XML)" },
  { "hp-unknown-c-DiscoveryTree.xml", "LEDM DiscoveryTree (XML)" },
  { "officejet-pro-9022e-ConsumableConfigDyn.xml", "LEDM ConsumableConfigDyn (XML)" },
  { "officejet-pro-9022e-MediaHandlingDyn.xml", "LEDM MediaHandlingDyn (XML)" },
  { "officejet-pro-9022e-ProductConfigDyn.xml", "LEDM ProductConfigDyn (XML)" },
  { "officejet-pro-9022e-ProductStatusDyn.xml", "LEDM ProductStatusDyn (XML)" },
  { "officejet-pro-9022e-ProductUsageDyn.xml", "LEDM ProductUsageDyn (XML)" },
  { "smart-tank-580-590-cdm-deviceUsage-v1-lifetimeCounters.json",
    "CDM deviceUsage/v1/lifetimeCounters (JSON)" },
  { "smart-tank-580-590-cdm-supply-v1-suppliesPublic.json", "CDM supply/v1/suppliesPublic (JSON)" },
  { "smart-tank-580-590-cdm-system-v1-identity.json", "CDM system/v1/identity (JSON)" },
  { "smart-tank-580-590-cdm-system-v1-status.json", "CDM system/v1/status (JSON)" },
};

static GError *
read_error (const char *data,
            gsize       length)
{
  g_autoptr(MlPrinterReading) reading = ml_printer_reading_new ();
  g_autofree char *kind = NULL;
  GError *error = NULL;

  g_assert_false (ml_response_read (reading, data, length, &kind, &error));
  g_assert_nonnull (error);
  g_assert_null (kind);
  return error;
}

static void
test_every_capture (void)
{
  g_autofree char *probe = ml_test_fixture_path ("SOURCES.md");
  g_autofree char *dir_path = NULL;
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GError) error = NULL;
  guint n_read = 0;
  const char *name;

  if (probe == NULL)
    return;

  dir_path = g_path_get_dirname (probe);
  dir = g_dir_open (dir_path, 0, &error);
  g_assert_no_error (error);

  while ((name = g_dir_read_name (dir)))
    {
      g_autoptr(GBytes) bytes = NULL;
      g_autoptr(MlPrinterReading) reading = NULL;
      g_autofree char *kind = NULL;
      const char *expected = NULL;

      if (g_str_has_suffix (name, ".md") || g_strcmp0 (name, COMPOSITE) == 0)
        continue;

      for (guint i = 0; i < G_N_ELEMENTS (captures); i++)
        if (g_strcmp0 (captures[i].file, name) == 0)
          expected = captures[i].kind;
      if (expected == NULL)
        g_error ("%s is in the fixtures but not in this test's list", name);

      g_test_message ("%s", name);
      bytes = ml_test_fixture_bytes (name);
      reading = ml_printer_reading_new ();
      g_assert_true (ml_response_read (reading, g_bytes_get_data (bytes, NULL),
                                       g_bytes_get_size (bytes), &kind, &error));
      g_assert_no_error (error);
      g_assert_cmpstr (kind, ==, expected);
      n_read++;
    }

  g_assert_cmpuint (n_read, ==, G_N_ELEMENTS (captures));
}

/* A response reads into the same reading as the reader of its protocol would:
 * spot checks of one value per protocol. */
static void
test_values (void)
{
  g_autoptr(GBytes) ledm = ml_test_fixture_bytes ("officejet-pro-9022e-ProductConfigDyn.xml");
  g_autoptr(GBytes) cdm = ml_test_fixture_bytes ("smart-tank-580-590-cdm-system-v1-identity.json");
  g_autoptr(GBytes) piws = ml_test_fixture_bytes ("designjet-z9-24in-PIWS-JQ-jobs-all-1job.xml");
  g_autoptr(MlPrinterReading) reading = ml_printer_reading_new ();
  g_autoptr(GError) error = NULL;

  if (ledm == NULL || cdm == NULL || piws == NULL)
    return;

  g_assert_true (ml_response_read (reading, g_bytes_get_data (ledm, NULL),
                                   g_bytes_get_size (ledm), NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (ml_identity_get_product_number (ml_printer_reading_get_identity (reading)),
                   ==, "226Y0B");

  g_assert_true (ml_response_read (reading, g_bytes_get_data (cdm, NULL),
                                   g_bytes_get_size (cdm), NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (ml_identity_get_serial_number (ml_printer_reading_get_identity (reading)),
                   ==, "SN-ANON-0000");

  g_assert_true (ml_response_read (reading, g_bytes_get_data (piws, NULL),
                                   g_bytes_get_size (piws), NULL, &error));
  g_assert_no_error (error);
  g_assert_nonnull (ml_printer_reading_lookup_job (reading, "32222D2B-191C-402A-944C-CB719C44869F"));
}

/* freeglaz's test reference wraps two PIWS bodies in one object: no printer ever
 * sends that, and it must not be mistaken for one. */
static void
test_composite_refused (void)
{
  g_autoptr(GBytes) bytes = ml_test_fixture_bytes (COMPOSITE);
  g_autoptr(GError) error = NULL;

  if (bytes == NULL)
    return;

  error = read_error (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  g_assert_error (error, ML_ERROR, ML_ERROR_UNSUPPORTED);
  g_assert_nonnull (strstr (error->message, "not a printer response"));
  g_assert_nonnull (strstr (error->message, "raw_ink_system"));
}

/* Leading white space and a byte order mark, as editors and terminals add them. */
static void
test_leading_noise (void)
{
  g_autoptr(GBytes) bytes = ml_test_fixture_bytes ("officejet-pro-9022e-ProductStatusDyn.xml");
  g_autoptr(MlPrinterReading) reading = ml_printer_reading_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *kind = NULL;
  g_autofree char *text = NULL;

  if (bytes == NULL)
    return;

  text = g_strdup_printf ("\xef\xbb\xbf\n  %.*s", (int) g_bytes_get_size (bytes),
                          (const char *) g_bytes_get_data (bytes, NULL));
  g_assert_true (ml_response_read (reading, text, strlen (text), &kind, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (kind, ==, "LEDM ProductStatusDyn (XML)");
  g_assert_cmpint (ml_engine_status_get_state (ml_printer_reading_get_status (reading)), ==,
                   ML_ENGINE_STATE_SLEEPING);
}

static void
test_garbage (void)
{
  static const char binary[] = { 0x00, 0x01, 0x02, (char) 0xff, (char) 0xfe, 0x7f, 0x00, 0x42 };
  static const struct {
    const char *data;
    int code;
    const char *mentions;
  } cases[] = {
    { "", ML_ERROR_EMPTY, "empty" },
    { " \n\t\r\n ", ML_ERROR_EMPTY, "empty" },
    { "Hello, printer", ML_ERROR_UNSUPPORTED, "not XML or JSON" },
    { "<html>", ML_ERROR_MALFORMED, "XML" },
    { "<html><body>Login required</body></html>", ML_ERROR_UNSUPPORTED, "html" },
    { "<x:Thing xmlns:x=\"urn:other\"/>", ML_ERROR_UNSUPPORTED, "urn:other" },
    { "[1, 2, 3]", ML_ERROR_WRONG_TYPE, "JSON" },
    { "{\"a\": ", ML_ERROR_MALFORMED, "JSON" },
    { "{}", ML_ERROR_UNSUPPORTED, "not a printer response" },
    { "{\"error\": \"unauthorized\"}", ML_ERROR_UNSUPPORTED, "error" },
    /* entity expansion ("billion laughs") is refused before it starts */
    { "<?xml version=\"1.0\"?><!DOCTYPE lol [<!ENTITY lol \"lol\">"
      "<!ENTITY lol2 \"&lol;&lol;&lol;&lol;\">]><lol>&lol2;</lol>", ML_ERROR_HOSTILE, NULL },
  };
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) case_error = read_error (cases[i].data, strlen (cases[i].data));

      g_test_message ("%s → %s", cases[i].data, case_error->message);
      g_assert_error (case_error, ML_ERROR, cases[i].code);
      if (cases[i].mentions != NULL)
        g_assert_nonnull (strstr (case_error->message, cases[i].mentions));
    }

  error = read_error (binary, sizeof binary);
  g_assert_error (error, ML_ERROR, ML_ERROR_UNSUPPORTED);
  g_assert_nonnull (strstr (error->message, "not XML or JSON"));
}

/* 100 MB is refused for its size, without being read. */
static void
test_too_large (void)
{
  gsize length = 100 * 1024 * 1024;
  g_autofree char *data = g_malloc0 (length);
  g_autoptr(GError) error = NULL;

  data[0] = '<';
  error = read_error (data, length);
  g_assert_error (error, ML_ERROR, ML_ERROR_TOO_LARGE);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/collector/response/every-capture", test_every_capture);
  g_test_add_func ("/collector/response/values", test_values);
  g_test_add_func ("/collector/response/composite-refused", test_composite_refused);
  g_test_add_func ("/collector/response/leading-noise", test_leading_noise);
  g_test_add_func ("/collector/response/garbage", test_garbage);
  g_test_add_func ("/collector/response/too-large", test_too_large);

  return g_test_run ();
}
