/* test-piws-reader.c: PIWS v2.0 documents, XML and JSON, into the printer model
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "meterlink-core.h"
#include "ml-piws-reader.h"
#include "ml-test-support.h"
#include "ml-xml.h"

#define JQ_FIXTURE "designjet-z9-24in-PIWS-JQ-jobs-all-1job.xml"
#define COMPOSITE_FIXTURE "designjet-z9-24in-PIWS-InkSystem-DeviceStatus-composite.json"
#define Z9_JOB_UUID "32222D2B-191C-402A-944C-CB719C44869F"
#define Z9_MEDIA_TYPE "9E489F02AE027F9DD93191D872728C1D"
#define DISCLAIMER \
  "<!--\nTHIS DATA IS SUBJECT TO DISCLAIMER(S) INCLUDED WITH THE PRODUCT OF ORIGIN.\n-->"

/* JSON is written here with single quotes, which PIWS text never contains. */
static char *
json_text (const char *single_quoted)
{
  return g_strdelimit (g_strdup (single_quoted), "'", '"');
}

static void
read_text (MlPrinterReading *reading,
           const char       *text,
           MlPiwsDocument    expected)
{
  g_autoptr(GError) error = NULL;
  MlPiwsDocument document = ML_PIWS_DOCUMENT_IDENTIFICATION;
  gboolean ok;

  ok = ml_piws_reader_read (reading, text, strlen (text), &document, &error);
  g_assert_no_error (error);
  g_assert_true (ok);
  g_assert_cmpint (document, ==, expected);
}

static void
read_json (MlPrinterReading *reading,
           const char       *single_quoted,
           MlPiwsDocument    expected)
{
  g_autofree char *text = json_text (single_quoted);

  read_text (reading, text, expected);
}

static void
read_fixture (MlPrinterReading *reading,
              GBytes           *bytes,
              MlPiwsDocument    expected)
{
  g_autoptr(GError) error = NULL;
  MlPiwsDocument document = ML_PIWS_DOCUMENT_IDENTIFICATION;
  gboolean ok;

  ok = ml_piws_reader_read (reading, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                            &document, &error);
  g_assert_no_error (error);
  g_assert_true (ok);
  g_assert_cmpint (document, ==, expected);
}

/* The composite is a freeglaz test object, not a response: wrap one member as the
 * printer sends it, {"<root>": member}, and read that. */
static void
read_composite_part (MlPrinterReading *reading,
                     GBytes           *composite,
                     const char       *member_path,
                     const char       *root_name,
                     const char       *inner_name,
                     MlPiwsDocument    expected)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) response = NULL;
  g_auto(GStrv) names = g_strsplit (member_path, ".", -1);
  g_autofree char *text = NULL;
  JsonObject *object;
  JsonObject *wrapper;
  JsonNode *member = NULL;

  json_parser_load_from_data (parser, g_bytes_get_data (composite, NULL),
                              g_bytes_get_size (composite), &error);
  g_assert_no_error (error);

  object = json_node_get_object (json_parser_get_root (parser));
  for (guint i = 0; names[i] != NULL; i++)
    {
      member = json_object_get_member (object, names[i]);
      g_assert_nonnull (member);
      if (names[i + 1] != NULL)
        object = json_node_get_object (member);
    }

  wrapper = json_object_new ();
  if (inner_name != NULL)
    {
      JsonObject *inner = json_object_new ();

      json_object_set_member (inner, inner_name, json_node_copy (member));
      json_object_set_object_member (wrapper, root_name, inner);
    }
  else
    json_object_set_member (wrapper, root_name, json_node_copy (member));

  response = json_node_init_object (json_node_alloc (), wrapper);
  json_object_unref (wrapper);
  text = json_to_string (response, FALSE);
  read_text (reading, text, expected);
}

static void
assert_refused (const char *text,
                int         code,
                const char *in_message)
{
  g_autoptr(MlPrinterReading) reading = ml_printer_reading_new ();
  g_autoptr(GError) error = NULL;
  gboolean ok;

  ok = ml_piws_reader_read (reading, text, strlen (text), NULL, &error);
  g_assert_false (ok);
  g_assert_error (error, ML_ERROR, code);
  g_test_message ("%s", error->message);
  if (in_message != NULL && strstr (error->message, in_message) == NULL)
    g_error ("\"%s\" does not name \"%s\"", error->message, in_message);

  /* A document that fails changes nothing. */
  g_assert_cmpuint (g_list_model_get_n_items (ml_printer_reading_get_cartridges (reading)), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (ml_printer_reading_get_jobs (reading)), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (ml_printer_reading_get_media_sources (reading)),
                    ==, 0);
  g_assert_cmpint (ml_printer_reading_get_queue_modification (reading), ==, ML_UNKNOWN);
}

static void
assert_refused_json (const char *single_quoted,
                     int         code,
                     const char *in_message)
{
  g_autofree char *text = json_text (single_quoted);

  assert_refused (text, code, in_message);
}

static MlJob *
only_job (MlPrinterReading *reading)
{
  GListModel *jobs = ml_printer_reading_get_jobs (reading);
  g_autoptr(MlJob) job = NULL;

  g_assert_cmpuint (g_list_model_get_n_items (jobs), ==, 1);
  job = g_list_model_get_item (jobs, 0);
  return job;  /* the reading keeps its reference */
}

/* The real Z9 reply: one print job, deleted before it printed. */
static void
assert_z9_job (MlPrinterReading *reading)
{
  MlJob *job = only_job (reading);
  g_auto(GStrv) inks = ml_job_dup_ink_colors (job);

  g_assert_cmpint (ml_printer_reading_get_queue_modification (reading), ==, 70);
  g_assert_cmpstr (ml_job_get_uuid (job), ==, Z9_JOB_UUID);
  g_assert_cmpint (ml_job_get_kind (job), ==, ML_JOB_KIND_PRINT);
  g_assert_cmpstr (ml_job_get_name (job), ==, "source.tif (1 page) - freeglaz");
  g_assert_cmpint (ml_job_get_status (job), ==, ML_JOB_STATUS_DELETED);
  g_assert_cmpstr (ml_job_get_status_text (job), ==, "Deleted");
  g_assert_cmpstr (ml_job_get_user_name (job), ==, "user");
  g_assert_cmpstr (ml_job_get_source (job), ==, "Application");
  g_assert_null (ml_job_get_account_id (job));
  g_assert_null (ml_job_get_application_id (job));
  g_assert_null (ml_job_get_project_id (job));
  g_assert_cmpint (ml_job_get_pages (job), ==, 1);
  g_assert_cmpint (ml_job_get_copies (job), ==, 1);
  g_assert_cmpstr (ml_job_get_quality (job), ==, "Best");
  g_assert_cmpstr (ml_job_get_media_type_id (job), ==, Z9_MEDIA_TYPE);
  /* 1970-01-01T00:00:00Z is the printer's "never". */
  g_assert_cmpint (ml_job_get_submitted_at (job), ==, 0);
  g_assert_cmpint (ml_job_get_printed_at (job), ==, 0);
  g_assert_cmpint (ml_job_get_completed_at (job), ==, 0);
  g_assert_cmpint (ml_job_get_duration_ms (job), ==, ML_UNKNOWN);
  /* 6.298611 in × 7.513889 in: 160 mm × 191 mm, each side converted first. */
  g_assert_cmpint (ml_job_get_printed_area_mm2 (job), ==, 160 * 191);
  g_assert_cmpint (ml_job_get_media_area_mm2 (job), ==, 0);
  g_assert_cmpint (ml_job_get_media_length_mm (job), ==, 0);
  g_assert_cmpint (ml_job_get_nonwhite_coverage_ppm (job), ==, 0);
  g_assert_cmpint (ml_job_get_color_coverage_ppm (job), ==, 0);
  g_assert_cmpint (ml_job_get_scan_area_mm2 (job), ==, ML_UNKNOWN);
  g_assert_cmpuint (g_strv_length (inks), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (ml_job_get_categories (job)), ==, 0);
}

static void
test_jobs_all_capture (void)
{
  g_autoptr(GBytes) bytes = ml_test_fixture_bytes (JQ_FIXTURE);
  g_autoptr(MlPrinterReading) reading = ml_printer_reading_new ();

  if (bytes == NULL)
    return;

  read_fixture (reading, bytes, ML_PIWS_DOCUMENT_JOB_QUEUE_SNAPSHOT);
  assert_z9_job (reading);
}

/* The capture as the Latex-style JSON would carry it: numbers, booleans, null,
 * the single Job as an object and the single Page as a list. */
static const char z9_jobs_json[] =
  "{'JobQueueSnapshot': {"
  "  'ModificationNumber': 70,"
  "  'Status': {'JobQueueStatus': 'Paused', 'NumberOfJobs': 1},"
  "  'Timestamp': '2026-05-23T16:30:56Z',"
  "  'Jobs': {'Job': {'Job2DPrint': {"
  "    'ModificationNumber': 66,"
  "    'URI': '/LFPWebServices/PI/JQ/JobQueue/5805be78-cd86-4875-afb9-9c21113dcca0/Job/"
  Z9_JOB_UUID "/',"
  "    'Type': 'Print', 'UUID': '" Z9_JOB_UUID "', 'Priority': 0,"
  "    'Settings': {'JobUUID': 'F76329E7-1724-469A-911C-EA6FEA7DF5F5', 'UserName': 'user',"
  "      'Source': 'Application', 'JobName': 'source.tif (1 page) - freeglaz',"
  "      'Account': null, 'ApplicationName': null, 'ApplicationUUID': '',"
  "      'ApplicationVersion': null, 'HostName': null, 'PrivacyLevel': 'Public',"
  "      'PDLName': 'PDF', 'URL': null, 'RequestedCopies': 1, 'PrintingOrder': 'Direct',"
  "      'CollateType': 'None', 'NumberOfPagesPerCopy': 1},"
  "    'Status': {'JobStatus': 'Deleted', 'CompletionStatus': 'OK', 'HoldReason': 'None',"
  "      'ConflictMask': null, 'ConflictingPage': 0},"
  "    'Pages': {'NumberOfPages': 1, 'Page': [{"
  "      'ModificationNumber': 65, 'ID': 1,"
  "      'Settings': {'PageSize': {'Width': {'Value': 6.298611, 'Unit': 'in'},"
  "                                'Height': {'Value': 7.513889, 'Unit': 'in'}},"
  "        'Rotation': 0, 'Copies': 1, 'MediaSource': 'ManualSheet',"
  "        'MediaType': '" Z9_MEDIA_TYPE "', 'PrintQuality': 'Best',"
  "        'EconomodeOn': false, 'MaximumDetailOn': true},"
  "      'Status': {'PageStatus': 'Deleted', 'CompletionStatus': 'OK', 'CopyIndex': 0},"
  "      'Accounting': {'MediaSourceUsed': 'ManualSheet',"
  "        'MediaCollectionConsumption': {'MediaConsumption': {'PaperId': null,"
  "          'PaperVendor': null, 'SquareAmount': 0.0, 'LinearAmount': 0}},"
  "        'InkCollectionConsumption': null,"
  "        'GrayPixelCoverage': 0.0, 'ColorPixelCoverage': 0.0}}]},"
  "    'Accounting': {'SubmissionTimestamp': '1970-01-01T00:00:00Z',"
  "      'CompletionTimestamp': '1970-01-01T00:00:00Z',"
  "      'ArrivalTimestamp': '1970-01-01T00:00:00Z',"
  "      'PrintingTimestamp': '1970-01-01T00:00:00Z',"
  "      'MediaCollectionConsumption': null, 'InkCollectionConsumption': null}}}},"
  "  'NestStatus': {'ModificationNumber': 0, 'WaitingForNest': false}}}";

static void
test_jobs_all_json (void)
{
  g_autoptr(MlPrinterReading) reading = ml_printer_reading_new ();

  read_json (reading, z9_jobs_json, ML_PIWS_DOCUMENT_JOB_QUEUE_SNAPSHOT);
  assert_z9_job (reading);
}

#define ACCOUNTED_UUID "0F7C4E2A-5B1D-4C3E-9A8B-7D6E5F4A3B2C"

/* A completed job with the accounting the contract assumes: SquareAmount in in²,
 * LinearAmount in in, ink Amount in cc unless it carries a unit. */
static char *
accounted_job_json (gint64      modification,
                    const char *user_defined)
{
  return g_strdup_printf (
    "{'JobQueueSnapshot': {'ModificationNumber': %" G_GINT64_FORMAT ","
    "  'Jobs': {'Job': ["
    "    {'Job2DPrint': {'ModificationNumber': 66, 'Type': 'Print',"
    "       'URI': '/LFPWebServices/PI/JQ/JobQueue/q/Job/" Z9_JOB_UUID "/',"
    "       'UUID': '" Z9_JOB_UUID "'}},"
    "    {'Job2DPrint': {'ModificationNumber': 74, 'Type': 'Print', 'UUID': '" ACCOUNTED_UUID "',"
    "       'Settings': {'JobName': 'site-plan-A0.pdf', 'UserName': 'mmeier',"
    "         'Account': 'ACC-4711', 'ApplicationUUID': '7E57AB1E-0000-4000-8000-000000000001',"
    "         'Source': 'Driver', 'RequestedCopies': '2', 'ProjectID': 'P-2026-017',"
    "         'UserDefined': '%s'},"
    "       'Status': {'JobStatus': 'Completed', 'CompletionStatus': 'OK'},"
    "       'Pages': {'NumberOfPages': 2, 'Page': ["
    "         {'Settings': {'PageSize': {'Width': {'Value': 33.110236, 'Unit': 'in'},"
    "                                    'Height': {'Value': '46.811024', 'Unit': 'in'}},"
    "                       'Copies': 2, 'MediaType': '2001', 'PrintQuality': 'Normal'},"
    "          'Accounting': {'GrayPixelCoverage': 12.5, 'ColorPixelCoverage': '3.25',"
    "            'PrintCategory': 'LinesMonochrome',"
    "            'MediaCollectionConsumption': {'MediaConsumption': {'PaperId': '2001',"
    "               'SquareAmount': 1550, 'LinearAmount': 55}},"
    "            'InkCollectionConsumption': {'InkConsumption': {'InkName': 'matte-black',"
    "               'Amount': 2.0}}}},"
    "         {'Settings': {'PageSize': {'Width': {'Value': 11.692913, 'Unit': 'in'},"
    "                                    'Height': {'Value': 16.535433, 'Unit': 'in'}},"
    "                       'Copies': 2, 'MediaType': '2001', 'PrintQuality': 'Best'},"
    "          'Accounting': {'GrayPixelCoverage': 40, 'ColorPixelCoverage': 30,"
    "            'PrintCategory': 'LowDensityImages',"
    "            'MediaCollectionConsumption': {'MediaConsumption': [{'PaperId': '2001',"
    "               'SquareAmount': 310, 'LinearAmount': 11}]},"
    "            'InkCollectionConsumption': {'InkConsumption': ["
    "               {'InkName': 'cyan', 'Amount': 1.5},"
    "               {'InkName': 'matte-black', 'Amount': 0.5}]}}}]},"
    "       'Accounting': {'SubmissionTimestamp': '2026-05-23T10:00:00Z',"
    "         'PrintingTimestamp': '2026-05-23T10:01:00Z',"
    "         'CompletionTimestamp': '2026-05-23T10:03:30Z',"
    "         'MediaCollectionConsumption': {'MediaConsumption': {'PaperId': '2001',"
    "            'SquareAmount': 1860.0, 'LinearAmount': '66.000000'}},"
    "         'InkCollectionConsumption': {'InkConsumption': ["
    "            {'InkName': 'cyan', 'Amount': 1.25},"
    "            {'InkName': 'matte-black', 'Amount': {'Value': 2.5, 'Unit': 'ml'}},"
    "            {'InkName': 'cyan', 'Amount': '0.25'}]}}}}"
    "  ]}}}",
    modification, user_defined);
}

static MlCategoryUsage *
job_category (MlJob      *job,
              const char *name)
{
  GListModel *categories = ml_job_get_categories (job);

  for (guint i = 0; i < g_list_model_get_n_items (categories); i++)
    {
      g_autoptr(MlCategoryUsage) category = g_list_model_get_item (categories, i);

      if (g_strcmp0 (ml_category_usage_get_category (category), name) == 0)
        return category;
    }
  return NULL;
}

static void
assert_accounted_job (MlJob *job)
{
  MlCategoryUsage *lines;
  MlCategoryUsage *images;

  g_assert_cmpint (ml_job_get_kind (job), ==, ML_JOB_KIND_PRINT);
  g_assert_cmpstr (ml_job_get_name (job), ==, "site-plan-A0.pdf");
  g_assert_cmpstr (ml_job_get_user_name (job), ==, "mmeier");
  g_assert_cmpstr (ml_job_get_account_id (job), ==, "ACC-4711");
  g_assert_cmpstr (ml_job_get_application_id (job), ==, "7E57AB1E-0000-4000-8000-000000000001");
  g_assert_cmpstr (ml_job_get_project_id (job), ==, "P-2026-017");
  g_assert_cmpstr (ml_job_get_source (job), ==, "Driver");
  g_assert_cmpint (ml_job_get_status (job), ==, ML_JOB_STATUS_COMPLETED);
  g_assert_cmpint (ml_job_get_copies (job), ==, 2);
  g_assert_cmpint (ml_job_get_pages (job), ==, 2);
  g_assert_cmpstr (ml_job_get_quality (job), ==, "Normal");
  g_assert_cmpstr (ml_job_get_media_type_id (job), ==, "2001");
  g_assert_cmpint (ml_job_get_submitted_at (job), ==, 1779530400);
  g_assert_cmpint (ml_job_get_printed_at (job), ==, 1779530460);
  g_assert_cmpint (ml_job_get_completed_at (job), ==, 1779530610);
  g_assert_cmpint (ml_job_get_duration_ms (job), ==, 150000);
  /* 1860 in² = 1199997.6 mm², 66 in = 1676.4 mm, from the job's own accounting. */
  g_assert_cmpint (ml_job_get_media_area_mm2 (job), ==, 1199998);
  g_assert_cmpint (ml_job_get_media_length_mm (job), ==, 1676);
  /* A0 (841 × 1189 mm) and A3 (297 × 420 mm), two copies each. */
  g_assert_cmpint (ml_job_get_printed_area_mm2 (job), ==, 841 * 1189 * 2 + 297 * 420 * 2);
  /* 1.25 cc + 0.25 cc of cyan; 2.5 ml of matte black. */
  g_assert_cmpint (ml_job_get_ink (job, "cyan"), ==, 1500);
  g_assert_cmpint (ml_job_get_ink (job, "matte-black"), ==, 2500);
  g_assert_cmpint (ml_job_get_total_ink_ul (job), ==, 4000);
  /* The first page's coverage: 12.5 % and 3.25 %. */
  g_assert_cmpint (ml_job_get_nonwhite_coverage_ppm (job), ==, 125000);
  g_assert_cmpint (ml_job_get_color_coverage_ppm (job), ==, 32500);
  g_assert_cmpstr (ml_job_get_coverage_category (job), ==, "LinesMonochrome");

  g_assert_cmpuint (g_list_model_get_n_items (ml_job_get_categories (job)), ==, 2);
  lines = job_category (job, "LinesMonochrome");
  g_assert_nonnull (lines);
  g_assert_cmpint (ml_category_usage_get_media_area_mm2 (lines), ==, 999998);
  g_assert_cmpint (ml_category_usage_get_length_mm (lines), ==, 1397);
  g_assert_cmpint (ml_category_usage_get_printed_area_mm2 (lines), ==, 841 * 1189 * 2);
  g_assert_cmpint (ml_category_usage_get_ink_ul (lines), ==, 2000);
  images = job_category (job, "LowDensityImages");
  g_assert_nonnull (images);
  g_assert_cmpint (ml_category_usage_get_media_area_mm2 (images), ==, 200000);
  g_assert_cmpint (ml_category_usage_get_length_mm (images), ==, 279);
  g_assert_cmpint (ml_category_usage_get_printed_area_mm2 (images), ==, 297 * 420 * 2);
  g_assert_cmpint (ml_category_usage_get_ink_ul (images), ==, 2000);
}

/* An incremental read: the job unchanged since the last read comes as a bare
 * envelope and is kept as it was; a job read again is updated, not added. */
static void
test_jobs_all_incremental (void)
{
  g_autoptr(MlPrinterReading) reading = ml_printer_reading_new ();
  g_autofree char *first = accounted_job_json (75, "Phase 2");
  g_autofree char *second = accounted_job_json (80, "Phase 3");
  GListModel *jobs = ml_printer_reading_get_jobs (reading);
  MlJob *accounted;

  read_json (reading, z9_jobs_json, ML_PIWS_DOCUMENT_JOB_QUEUE_SNAPSHOT);
  assert_z9_job (reading);

  read_json (reading, first, ML_PIWS_DOCUMENT_JOB_QUEUE_SNAPSHOT);
  g_assert_cmpint (ml_printer_reading_get_queue_modification (reading), ==, 75);
  g_assert_cmpuint (g_list_model_get_n_items (jobs), ==, 2);
  g_assert_cmpstr (ml_job_get_name (ml_printer_reading_lookup_job (reading, Z9_JOB_UUID)), ==,
                   "source.tif (1 page) - freeglaz");
  accounted = ml_printer_reading_lookup_job (reading, ACCOUNTED_UUID);
  g_assert_nonnull (accounted);
  assert_accounted_job (accounted);
  g_assert_cmpstr (ml_job_get_user_defined (accounted), ==, "Phase 2");

  read_json (reading, second, ML_PIWS_DOCUMENT_JOB_QUEUE_SNAPSHOT);
  g_assert_cmpint (ml_printer_reading_get_queue_modification (reading), ==, 80);
  g_assert_cmpuint (g_list_model_get_n_items (jobs), ==, 2);
  g_assert_true (ml_printer_reading_lookup_job (reading, ACCOUNTED_UUID) == accounted);
  g_assert_cmpstr (ml_job_get_user_defined (accounted), ==, "Phase 3");
  assert_accounted_job (accounted);
}

/* Scan and copy jobs on multifunction models, in the XML form. */
static void
test_jobs_all_scan_and_copy (void)
{
  static const char text[] =
    "<?xml version='1.0' encoding='UTF-8' ?>\n"
    "<piws:JobQueueSnapshot xmlns='" ML_PIWS_NS "' xmlns:piws='" ML_PIWS_NS "'>" DISCLAIMER
    "<ModificationNumber>12</ModificationNumber>"
    "<Jobs>"
    " <Job><Job2DScan><UUID>5CA11111-0000-4000-8000-000000000001</UUID>"
    "  <Settings><JobName>scan-0001.pdf</JobName><UserName>mmeier</UserName>"
    "   <Source>EWS</Source></Settings>"
    "  <Status><JobStatus>Completed</JobStatus></Status>"
    "  <Accounting><SubmissionTimestamp>2026-05-23T10:00:00Z</SubmissionTimestamp>"
    "   <ScannedArea>1000</ScannedArea></Accounting>"
    " </Job2DScan></Job>"
    " <Job><Job2DCopy><UUID>C0B11111-0000-4000-8000-000000000002</UUID>"
    "  <Settings><JobName>copy</JobName><RequestedCopies>3</RequestedCopies></Settings>"
    "  <Status><JobStatus>Printing</JobStatus></Status>"
    "  <Pages><Page><Settings><PageSize>"
    "    <Width><Value>11.692913</Value><Unit>in</Unit></Width>"
    "    <Height><Value>16.535433</Value><Unit>in</Unit></Height></PageSize>"
    "    <Copies>3</Copies></Settings></Page></Pages>"
    "  <Accounting><ScannedArea>310</ScannedArea></Accounting>"
    " </Job2DCopy></Job>"
    " <Job><Job2DPrint><UUID>D0D11111-0000-4000-8000-000000000003</UUID>"
    "  <Settings><JobName>queued</JobName></Settings>"
    "  <Status><JobStatus>WaitingToPrint</JobStatus></Status></Job2DPrint></Job>"
    "</Jobs></piws:JobQueueSnapshot>";
  g_autoptr(MlPrinterReading) reading = ml_printer_reading_new ();
  MlJob *scan;
  MlJob *copy;
  MlJob *queued;

  read_text (reading, text, ML_PIWS_DOCUMENT_JOB_QUEUE_SNAPSHOT);
  g_assert_cmpint (ml_printer_reading_get_queue_modification (reading), ==, 12);
  g_assert_cmpuint (g_list_model_get_n_items (ml_printer_reading_get_jobs (reading)), ==, 3);

  scan = ml_printer_reading_lookup_job (reading, "5CA11111-0000-4000-8000-000000000001");
  g_assert_cmpint (ml_job_get_kind (scan), ==, ML_JOB_KIND_SCAN);
  g_assert_cmpstr (ml_job_get_name (scan), ==, "scan-0001.pdf");
  g_assert_cmpstr (ml_job_get_source (scan), ==, "EWS");
  g_assert_cmpint (ml_job_get_status (scan), ==, ML_JOB_STATUS_COMPLETED);
  g_assert_cmpint (ml_job_get_submitted_at (scan), ==, 1779530400);
  g_assert_cmpint (ml_job_get_scan_area_mm2 (scan), ==, 645160);
  g_assert_cmpint (ml_job_get_printed_area_mm2 (scan), ==, ML_UNKNOWN);

  copy = ml_printer_reading_lookup_job (reading, "C0B11111-0000-4000-8000-000000000002");
  g_assert_cmpint (ml_job_get_kind (copy), ==, ML_JOB_KIND_COPY);
  g_assert_cmpint (ml_job_get_status (copy), ==, ML_JOB_STATUS_ACTIVE);
  g_assert_cmpint (ml_job_get_copies (copy), ==, 3);
  g_assert_cmpint (ml_job_get_pages (copy), ==, 1);
  g_assert_cmpint (ml_job_get_printed_area_mm2 (copy), ==, 297 * 420 * 3);
  /* 310 in² = 199999.6 mm² */
  g_assert_cmpint (ml_job_get_scan_area_mm2 (copy), ==, 200000);

  queued = ml_printer_reading_lookup_job (reading, "D0D11111-0000-4000-8000-000000000003");
  g_assert_cmpint (ml_job_get_kind (queued), ==, ML_JOB_KIND_PRINT);
  g_assert_cmpint (ml_job_get_status (queued), ==, ML_JOB_STATUS_PENDING);
  g_assert_cmpint (ml_job_get_pages (queued), ==, ML_UNKNOWN);
}

static void
test_job_status_mapping (void)
{
  static const struct {
    const char *word;
    MlJobStatus status;
  } cases[] = {
    { "Completed", ML_JOB_STATUS_COMPLETED },
    { "Cancelled", ML_JOB_STATUS_CANCELLED },
    { "Deleted", ML_JOB_STATUS_DELETED },
    { "Printing", ML_JOB_STATUS_ACTIVE },
    { "Processing", ML_JOB_STATUS_ACTIVE },
    { "Active", ML_JOB_STATUS_ACTIVE },
    { "WaitingToPrint", ML_JOB_STATUS_PENDING },
    { "Pending", ML_JOB_STATUS_PENDING },
    { "Held", ML_JOB_STATUS_PENDING },
    { "Queued", ML_JOB_STATUS_PENDING },
    { "Paused", ML_JOB_STATUS_PENDING },
    { "Failed", ML_JOB_STATUS_FAILED },
    { "Error", ML_JOB_STATUS_FAILED },
    /* Spelled neither way HP does: unknown, not guessed. */
    { "Printed", ML_JOB_STATUS_UNKNOWN },
    { "Canceled", ML_JOB_STATUS_UNKNOWN },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(MlPrinterReading) reading = ml_printer_reading_new ();
      g_autofree char *text = g_strdup_printf (
        "{'JobQueueSnapshot': {'ModificationNumber': 1, 'Jobs': {'Job': {'Job2DPrint': {"
        "'UUID': 'AAAA', 'Settings': {'JobName': 'x'}, 'Status': {'JobStatus': '%s'}}}}}}",
        cases[i].word);
      MlJob *job;

      read_json (reading, text, ML_PIWS_DOCUMENT_JOB_QUEUE_SNAPSHOT);
      job = only_job (reading);
      g_assert_cmpint (ml_job_get_status (job), ==, cases[i].status);
      g_assert_cmpstr (ml_job_get_status_text (job), ==, cases[i].word);
    }
}

typedef struct
{
  int slot;
  const char *color;
  const char *part_number;
  const char *serial;
  const char *order_number;
  gint64 level_ul;
  int level_percent;
  gint64 ink_used_ul;
  gint64 insertions;
  MlSupplyState state;
  const char *status_text;
  gint64 installed_at;
} ExpectedCartridge;

/* The Z9's ten cartridges as its InkSystem.json reports them. Post-treatment is
 * both low and expired (StatusFlag [LowLevel, Expired]); the printer's
 * UserReportedStatus says LowLevel, and the reader follows it: low. */
static const ExpectedCartridge z9_cartridges[] = {
  { 0, "magenta", "P2V78A", "711683-11-10", "HP 746", 196000, 66, 433000, 250,
    ML_SUPPLY_STATE_EXPIRED, "Expired", 1721599200 },
  { 1, "yellow", "P2V79A", "2343639-9-10", "HP 746", 112000, 39, 509000, 402,
    ML_SUPPLY_STATE_EXPIRED, "Expired", -1 },
  { 2, "cyan", "P2V80A", "1115981-4-10", "HP 746", 225000, 76, 411000, 410,
    ML_SUPPLY_STATE_EXPIRED, "Expired", -1 },
  { 3, "chromatic-red", "P2V81A", "1756581-40-9", "HP 746", 151000, 52, 490000, 246,
    ML_SUPPLY_STATE_EXPIRED, "Expired", -1 },
  { 4, "photo-black", "P2V82A", "2835066-7-10", "HP 746", 152000, 52, 476000, 437,
    ML_SUPPLY_STATE_EXPIRED, "Expired", -1 },
  { 5, "matte-black", "P2V83A", "689217-35-9", "HP 746", 207000, 70, 433000, 307,
    ML_SUPPLY_STATE_EXPIRED, "Expired", -1 },
  { 6, "chromatic-blue", "P2V85A", "2991751-43-8", "HP 747", 256000, 89, 390000, 234,
    ML_SUPPLY_STATE_OK, "Ready", 1765926000 },
  { 7, "chromatic-green", "P2V84A", "2991196-9-10", "HP 747", 187000, 67, 434000, 390,
    ML_SUPPLY_STATE_EXPIRED, "Expired", -1 },
  { 8, "gray", "P2V86A", "1888427-8-10", "HP 747", 181000, 62, 448000, 496,
    ML_SUPPLY_STATE_EXPIRED, "Expired", -1 },
  { 9, "post-treatment", "P2V87A", "19062-39-8", "HP 747", 39000, 15, 521000, 236,
    ML_SUPPLY_STATE_LOW, "LowLevel", 1652479200 },
};

static void
assert_cartridge (MlCartridge             *cartridge,
                  const ExpectedCartridge *expected)
{
  g_assert_cmpint (ml_cartridge_get_slot (cartridge), ==, expected->slot);
  g_assert_cmpstr (ml_cartridge_get_color (cartridge), ==, expected->color);
  g_assert_cmpstr (ml_cartridge_get_product_number (cartridge), ==, expected->part_number);
  g_assert_cmpstr (ml_cartridge_get_product_name (cartridge), ==, expected->order_number);
  g_assert_cmpstr (ml_cartridge_get_serial_number (cartridge), ==, expected->serial);
  g_assert_cmpstr (ml_cartridge_get_manufacturer (cartridge), ==, "HP");
  g_assert_cmpint (ml_cartridge_get_capacity_ul (cartridge), ==, 300000);
  g_assert_cmpint (ml_cartridge_get_level_ul (cartridge), ==, expected->level_ul);
  g_assert_cmpint (ml_cartridge_get_level_percent (cartridge), ==, expected->level_percent);
  g_assert_cmpint (ml_cartridge_get_ink_used_ul (cartridge), ==, expected->ink_used_ul);
  g_assert_cmpint (ml_cartridge_get_non_hp_ink_used_ul (cartridge), ==, 0);
  g_assert_cmpint (ml_cartridge_get_state (cartridge), ==, expected->state);
  g_assert_cmpstr (ml_cartridge_get_status_text (cartridge), ==, expected->status_text);
  g_assert_cmpint (ml_cartridge_get_expires_at (cartridge), ==, 0);
  if (expected->installed_at >= 0)
    g_assert_cmpint (ml_cartridge_get_installed_at (cartridge), ==, expected->installed_at);
  else
    g_assert_cmpint (ml_cartridge_get_installed_at (cartridge), >, 1600000000);
}

static void
assert_ink_usage (MlUsage                 *usage,
                  const ExpectedCartridge *expected)
{
  MlInkUsage *ink = ml_usage_lookup_ink (usage, expected->color);

  g_assert_nonnull (ink);
  g_assert_cmpstr (ml_ink_usage_get_product_number (ink), ==, expected->part_number);
  g_assert_cmpint (ml_ink_usage_get_ink_used_ul (ink), ==, expected->ink_used_ul);
  g_assert_cmpint (ml_ink_usage_get_hp_ink_used_ul (ink), ==, expected->ink_used_ul);
  g_assert_cmpint (ml_ink_usage_get_non_hp_ink_used_ul (ink), ==, 0);
  g_assert_cmpint (ml_ink_usage_get_insertions (ink), ==, expected->insertions);
}

static void
test_ink_system_capture (void)
{
  g_autoptr(GBytes) bytes = ml_test_fixture_bytes (COMPOSITE_FIXTURE);
  g_autoptr(MlPrinterReading) reading = ml_printer_reading_new ();
  GListModel *cartridges = ml_printer_reading_get_cartridges (reading);
  MlUsage *usage = ml_printer_reading_get_usage (reading);

  if (bytes == NULL)
    return;

  read_composite_part (reading, bytes, "raw_ink_system", "InkSystem", NULL,
                       ML_PIWS_DOCUMENT_INK_SYSTEM);

  g_assert_cmpuint (g_list_model_get_n_items (cartridges), ==, G_N_ELEMENTS (z9_cartridges));
  for (guint i = 0; i < G_N_ELEMENTS (z9_cartridges); i++)
    {
      g_autoptr(MlCartridge) cartridge = g_list_model_get_item (cartridges, i);

      assert_cartridge (cartridge, &z9_cartridges[i]);
      assert_ink_usage (usage, &z9_cartridges[i]);
    }
  g_assert_cmpuint (g_list_model_get_n_items (ml_usage_get_inks (usage)), ==, 10);

  /* Read again (the next poll): the lifetime ink is set again, not added. */
  read_composite_part (reading, bytes, "raw_ink_system", "InkSystem", NULL,
                       ML_PIWS_DOCUMENT_INK_SYSTEM);
  g_assert_cmpuint (g_list_model_get_n_items (ml_usage_get_inks (usage)), ==, 10);
  assert_ink_usage (usage, &z9_cartridges[0]);
}

static void
test_device_status_capture (void)
{
  g_autoptr(GBytes) bytes = ml_test_fixture_bytes (COMPOSITE_FIXTURE);
  g_autoptr(MlPrinterReading) reading = ml_printer_reading_new ();
  MlEngineStatus *status = ml_printer_reading_get_status (reading);
  MlIdentity *identity = ml_printer_reading_get_identity (reading);

  if (bytes == NULL)
    return;

  read_composite_part (reading, bytes, "raw_device_status", "DeviceStatus", NULL,
                       ML_PIWS_DOCUMENT_DEVICE_STATUS);
  g_assert_cmpint (ml_engine_status_get_state (status), ==, ML_ENGINE_STATE_WARNING);
  g_assert_cmpint (ml_engine_status_get_severity (status), ==, ML_SEVERITY_WARNING);
  g_assert_cmpstr (ml_engine_status_get_status_text (status), ==, "WithAlerts");
  g_assert_cmpstr (ml_engine_status_get_activity (status), ==, "NoActivity");

  read_composite_part (reading, bytes, "full_status.identification", "Identification", "Fields",
                       ML_PIWS_DOCUMENT_IDENTIFICATION);
  g_assert_cmpstr (ml_identity_get_serial_number (identity), ==, "CNXXXXXXXX");
  g_assert_cmpstr (ml_identity_get_product_number (identity), ==, "W3Z71A");
  g_assert_cmpstr (ml_identity_get_firmware_version (identity), ==, "JGR9_09_26_06.1");
  g_assert_cmpstr (ml_identity_get_model_name (identity), ==, "HP DesignJet Z9 24in");
  g_assert_cmpstr (ml_identity_get_manufacturer (identity), ==, "HP");
}

/* Two of the Z9's slots in the XML form, plus a reservoir slot the reader skips:
 * the same model as the JSON. The first group has one slot (a single element), the
 * second two (a repeated element). */
static const char ink_system_xml[] =
  "<?xml version='1.0' encoding='UTF-8' ?>\n"
  "<InkSystem xmlns='" ML_PIWS_NS "'>" DISCLAIMER
  "<InkSlotGroupCollection>"
  " <InkSlotGroup><Color>magenta</Color><SlotGroupId>0</SlotGroupId>"
  "  <InkSlotCollection><InkSlot>"
  "   <Color>magenta</Color><SlotGroupId>0</SlotGroupId><SlotId>0</SlotId>"
  "   <SlotInfo>"
  "    <InkSlotCumulativeInfo>"
  "     <HPInkUsed><Unit>cc</Unit><Value>433</Value></HPInkUsed>"
  "     <InkUsed><Unit>cc</Unit><Value>433</Value></InkUsed>"
  "     <NumberOfInsertions>250</NumberOfInsertions>"
  "    </InkSlotCumulativeInfo>"
  "    <InkSupplyInfo>"
  "     <BatchID></BatchID><Brand>HP</Brand>"
  "     <Capacity><Unit>cc</Unit><Value>300</Value></Capacity>"
  "     <DetailedStatus><StatusFlag>Unknown</StatusFlag></DetailedStatus>"
  "     <ExpirationDate>1970-01-01T00:00:00Z</ExpirationDate>"
  "     <InWarranty>false</InWarranty>"
  "     <InstallDate>2024-07-21T22:00:00Z</InstallDate>"
  "     <Level><Unit>cc</Unit><Value>196</Value></Level>"
  "     <LevelPercentage>66.000000</LevelPercentage>"
  "     <OrderNumber>HP 746</OrderNumber><PartNumber>P2V78A</PartNumber>"
  "     <SerialNumber>711683-11-10</SerialNumber><State>Warning</State>"
  "     <Status><StatusFlag>Expired</StatusFlag></Status>"
  "     <SupplyType>Supply</SupplyType><UserReportedStatus>Expired</UserReportedStatus>"
  "    </InkSupplyInfo>"
  "   </SlotInfo>"
  "   <SupplyType>Supply</SupplyType><isPresent>true</isPresent>"
  "  </InkSlot></InkSlotCollection>"
  " </InkSlotGroup>"
  " <InkSlotGroup><Color>post-treatment</Color>"
  "  <InkSlotCollection>"
  "   <InkSlot>"
  "    <Color>post-treatment</Color><SlotId>9</SlotId>"
  "    <SlotInfo>"
  "     <InkSlotCumulativeInfo>"
  "      <HPInkUsed><Unit>cc</Unit><Value>521</Value></HPInkUsed>"
  "      <InkUsed><Unit>cc</Unit><Value>521</Value></InkUsed>"
  "      <NumberOfInsertions>236</NumberOfInsertions>"
  "     </InkSlotCumulativeInfo>"
  "     <InkSupplyInfo>"
  "      <Brand>HP</Brand><Capacity><Unit>cc</Unit><Value>300</Value></Capacity>"
  "      <ExpirationDate>1970-01-01T00:00:00Z</ExpirationDate>"
  "      <InstallDate>2022-05-13T22:00:00Z</InstallDate>"
  "      <Level><Unit>cc</Unit><Value>39</Value></Level>"
  "      <LevelPercentage>15.0</LevelPercentage>"
  "      <OrderNumber>HP 747</OrderNumber><PartNumber>P2V87A</PartNumber>"
  "      <SerialNumber>19062-39-8</SerialNumber><State>Warning</State>"
  "      <Status><StatusFlag>LowLevel</StatusFlag><StatusFlag>Expired</StatusFlag></Status>"
  "      <UserReportedStatus>LowLevel</UserReportedStatus>"
  "     </InkSupplyInfo>"
  "    </SlotInfo>"
  "    <SupplyType>Supply</SupplyType><isPresent>true</isPresent>"
  "   </InkSlot>"
  "   <InkSlot>"
  "    <Color>post-treatment</Color><SlotId>10</SlotId>"
  "    <SlotInfo><InkSlotCumulativeInfo>"
  "      <InkUsed><Unit>cc</Unit><Value>999</Value></InkUsed>"
  "    </InkSlotCumulativeInfo></SlotInfo>"
  "    <SupplyType>Reservoir</SupplyType><isPresent>true</isPresent>"
  "   </InkSlot>"
  "  </InkSlotCollection>"
  " </InkSlotGroup>"
  "</InkSlotGroupCollection></InkSystem>";

static void
test_ink_system_xml (void)
{
  g_autoptr(MlPrinterReading) reading = ml_printer_reading_new ();
  GListModel *cartridges = ml_printer_reading_get_cartridges (reading);
  MlUsage *usage = ml_printer_reading_get_usage (reading);
  g_autoptr(MlCartridge) magenta = NULL;
  g_autoptr(MlCartridge) post_treatment = NULL;

  read_text (reading, ink_system_xml, ML_PIWS_DOCUMENT_INK_SYSTEM);

  g_assert_cmpuint (g_list_model_get_n_items (cartridges), ==, 2);
  magenta = g_list_model_get_item (cartridges, 0);
  post_treatment = g_list_model_get_item (cartridges, 1);
  assert_cartridge (magenta, &z9_cartridges[0]);
  assert_cartridge (post_treatment, &z9_cartridges[9]);
  g_assert_null (ml_printer_reading_lookup_cartridge (reading, 10));

  /* The reservoir's 999 cc came from the supply already. */
  assert_ink_usage (usage, &z9_cartridges[0]);
  assert_ink_usage (usage, &z9_cartridges[9]);
  g_assert_cmpuint (g_list_model_get_n_items (ml_usage_get_inks (usage)), ==, 2);
}

/* Non-HP ink, a missing cartridge, and the single/list forms in JSON. */
static void
test_ink_system_json_forms (void)
{
  g_autoptr(MlPrinterReading) reading = ml_printer_reading_new ();
  g_autoptr(MlCartridge) black = NULL;
  g_autoptr(MlCartridge) missing = NULL;
  MlInkUsage *ink;

  read_json (reading,
             "{'InkSystem': {'InkSlotGroupCollection': {'InkSlotGroup': {"
             "  'Color': 'black', 'InkSlotCollection': {'InkSlot': ["
             "   {'SlotId': '2', 'isPresent': 'true', 'SlotInfo': {"
             "     'InkSlotCumulativeInfo': {'InkUsed': {'Unit': 'ml', 'Value': '1000.5'},"
             "       'HPInkUsed': {'Unit': 'cc', 'Value': 900}, 'NumberOfInsertions': '4'},"
             "     'InkSupplyInfo': {'PartNumber': 'P2V80A', 'Brand': 'Acme',"
             "       'Capacity': {'Unit': 'ml', 'Value': 775},"
             "       'Level': {'Unit': 'ml', 'Value': 0}, 'LevelPercentage': 0.4,"
             "       'State': 'OutOfInk', 'UserReportedStatus': null,"
             "       'ExpirationDate': '2027-01-01T00:00:00Z'}}},"
             "   {'SlotId': 3, 'Color': 'gray', 'isPresent': false}"
             "  ]}}}}}",
             ML_PIWS_DOCUMENT_INK_SYSTEM);

  black = g_list_model_get_item (ml_printer_reading_get_cartridges (reading), 0);
  g_assert_cmpint (ml_cartridge_get_slot (black), ==, 2);
  g_assert_cmpstr (ml_cartridge_get_color (black), ==, "black");
  g_assert_cmpstr (ml_cartridge_get_manufacturer (black), ==, "Acme");
  g_assert_cmpint (ml_cartridge_get_capacity_ul (black), ==, 775000);
  g_assert_cmpint (ml_cartridge_get_level_ul (black), ==, 0);
  g_assert_cmpint (ml_cartridge_get_level_percent (black), ==, 0);
  g_assert_cmpint (ml_cartridge_get_state (black), ==, ML_SUPPLY_STATE_EMPTY);
  g_assert_cmpstr (ml_cartridge_get_status_text (black), ==, "OutOfInk");
  g_assert_cmpint (ml_cartridge_get_ink_used_ul (black), ==, 1000500);
  g_assert_cmpint (ml_cartridge_get_non_hp_ink_used_ul (black), ==, 100500);
  g_assert_cmpint (ml_cartridge_get_expires_at (black), ==, 1798761600);

  missing = g_list_model_get_item (ml_printer_reading_get_cartridges (reading), 1);
  g_assert_cmpint (ml_cartridge_get_slot (missing), ==, 3);
  g_assert_cmpstr (ml_cartridge_get_color (missing), ==, "gray");
  g_assert_cmpint (ml_cartridge_get_state (missing), ==, ML_SUPPLY_STATE_MISSING);
  g_assert_cmpint (ml_cartridge_get_level_ul (missing), ==, ML_UNKNOWN);

  ink = ml_usage_lookup_ink (ml_printer_reading_get_usage (reading), "black");
  g_assert_cmpint (ml_ink_usage_get_ink_used_ul (ink), ==, 1000500);
  g_assert_cmpint (ml_ink_usage_get_hp_ink_used_ul (ink), ==, 900000);
  g_assert_cmpint (ml_ink_usage_get_non_hp_ink_used_ul (ink), ==, 100500);
  g_assert_cmpint (ml_ink_usage_get_insertions (ink), ==, 4);
}

static void
test_identification_xml (void)
{
  static const char text[] =
    "<?xml version='1.0' encoding='UTF-8' ?>\n"
    "<piws:Identification xmlns='" ML_PIWS_NS "' xmlns:piws='" ML_PIWS_NS "'>" DISCLAIMER
    "<Fields>"
    " <ModelName>HP DesignJet Z9 24in</ModelName><ModelNumber>Z9 24in</ModelNumber>"
    " <PartNumber>W3Z71A</PartNumber><Manufacturer>HP</Manufacturer>"
    " <SerialNumber>CNXXXXXXXX</SerialNumber><FwReleaseName>JGR9_09_26_06.1</FwReleaseName>"
    " <FwReleaseDate>2026-02-06T13:52:00Z</FwReleaseDate>"
    " <PrinterWidth><Value>24.000000</Value><Unit>in</Unit></PrinterWidth>"
    " <DeviceRegion>region-emea</DeviceRegion><UUID>552f3999-4315-5cb7-9ac8-be0ca4061995</UUID>"
    "</Fields></piws:Identification>";
  g_autoptr(MlPrinterReading) reading = ml_printer_reading_new ();
  MlIdentity *identity = ml_printer_reading_get_identity (reading);

  read_text (reading, text, ML_PIWS_DOCUMENT_IDENTIFICATION);
  g_assert_cmpstr (ml_identity_get_serial_number (identity), ==, "CNXXXXXXXX");
  g_assert_cmpstr (ml_identity_get_product_number (identity), ==, "W3Z71A");
  g_assert_cmpstr (ml_identity_get_firmware_version (identity), ==, "JGR9_09_26_06.1");
  g_assert_cmpstr (ml_identity_get_model_name (identity), ==, "HP DesignJet Z9 24in");
  g_assert_cmpstr (ml_identity_get_manufacturer (identity), ==, "HP");
}

static void
test_device_status_xml (void)
{
  static const char text[] =
    "<DeviceStatus xmlns='" ML_PIWS_NS "'>" DISCLAIMER
    "<ActivitiesOverview>"
    " <CurrentActivities><Activity><Name>NoActivity</Name><RemainingTime>-1</RemainingTime>"
    "  <Type>System</Type></Activity></CurrentActivities>"
    " <MostRelevantActivity><Name>NoActivity</Name><RemainingTime>-1</RemainingTime>"
    "  <Type>System</Type></MostRelevantActivity>"
    "</ActivitiesOverview>"
    "<ReadyToExecuteActivities><ActivityName>NoActivity</ActivityName>"
    " <ActivityName>Printing</ActivityName></ReadyToExecuteActivities>"
    "<StatusOverview><MostRelevantStatus>WithAlerts</MostRelevantStatus>"
    " <StatusList><StatusType>WithAlerts</StatusType></StatusList>"
    " <StatusSeverity>Warning</StatusSeverity></StatusOverview>"
    "</DeviceStatus>";
  g_autoptr(MlPrinterReading) reading = ml_printer_reading_new ();
  MlEngineStatus *status = ml_printer_reading_get_status (reading);

  read_text (reading, text, ML_PIWS_DOCUMENT_DEVICE_STATUS);
  g_assert_cmpint (ml_engine_status_get_state (status), ==, ML_ENGINE_STATE_WARNING);
  g_assert_cmpint (ml_engine_status_get_severity (status), ==, ML_SEVERITY_WARNING);
  g_assert_cmpstr (ml_engine_status_get_status_text (status), ==, "WithAlerts");
  g_assert_cmpstr (ml_engine_status_get_activity (status), ==, "NoActivity");
}

static void
test_device_status_states (void)
{
  static const struct {
    const char *activity;
    const char *status;
    const char *severity;
    MlEngineState state;
    MlSeverity expected_severity;
  } cases[] = {
    { "Printing", "WithAlerts", "Warning", ML_ENGINE_STATE_PRINTING, ML_SEVERITY_WARNING },
    { "Processing", "Ready", "Info", ML_ENGINE_STATE_PROCESSING, ML_SEVERITY_INFO },
    { "PreparingToPrint", "Ready", "Info", ML_ENGINE_STATE_PROCESSING, ML_SEVERITY_INFO },
    { "Drying", "Ready", "Info", ML_ENGINE_STATE_PROCESSING, ML_SEVERITY_INFO },
    { "TerminatingPrint", "Ready", "Info", ML_ENGINE_STATE_PROCESSING, ML_SEVERITY_INFO },
    { "CancellingPrint", "Ready", "Info", ML_ENGINE_STATE_PROCESSING, ML_SEVERITY_INFO },
    { "NoActivity", "WithAlerts", "Error", ML_ENGINE_STATE_ERROR, ML_SEVERITY_ERROR },
    { "NoActivity", "WithAlerts", "Warning", ML_ENGINE_STATE_WARNING, ML_SEVERITY_WARNING },
    { "NoActivity", "PowerSave", "Info", ML_ENGINE_STATE_SLEEPING, ML_SEVERITY_INFO },
    { "NoActivity", "Ready", "Info", ML_ENGINE_STATE_IDLE, ML_SEVERITY_INFO },
    { "Scanning", "Ready", NULL, ML_ENGINE_STATE_IDLE, ML_SEVERITY_INFO },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(MlPrinterReading) reading = ml_printer_reading_new ();
      MlEngineStatus *status = ml_printer_reading_get_status (reading);
      g_autofree char *severity = cases[i].severity != NULL
                                  ? g_strdup_printf ("'%s'", cases[i].severity)
                                  : g_strdup ("null");
      g_autofree char *text = g_strdup_printf (
        "{'DeviceStatus': {'ActivitiesOverview': {'MostRelevantActivity': {'Name': '%s'}},"
        " 'StatusOverview': {'MostRelevantStatus': '%s', 'StatusSeverity': %s}}}",
        cases[i].activity, cases[i].status, severity);

      read_json (reading, text, ML_PIWS_DOCUMENT_DEVICE_STATUS);
      g_assert_cmpint (ml_engine_status_get_state (status), ==, cases[i].state);
      g_assert_cmpint (ml_engine_status_get_severity (status), ==, cases[i].expected_severity);
      g_assert_cmpstr (ml_engine_status_get_activity (status), ==, cases[i].activity);
      g_assert_cmpstr (ml_engine_status_get_status_text (status), ==, cases[i].status);
    }
}

static void
test_alerts (void)
{
  g_autoptr(MlPrinterReading) reading = ml_printer_reading_new ();
  GListModel *alerts = ml_printer_reading_get_alerts (reading);
  g_autoptr(MlAlert) expired = NULL;
  g_autoptr(MlAlert) jam = NULL;
  g_autoptr(MlAlert) door = NULL;
  g_autoptr(MlAlert) info = NULL;

  read_json (reading,
             "{'ActiveAlerts': {'List': {'Alert': ["
             " {'FullName': 'ink.cartridge.magenta.expired', 'Name': 'CartridgeExpired',"
             "  'Area': 'InkSystem', 'Severity': 'Warning',"
             "  'Description': 'The magenta cartridge has expired',"
             "  'Timestamp': '2026-05-23T16:00:00Z'},"
             " {'FullName': 'media.roll1.jam', 'Area': 'MediaSystem', 'Severity': 'Critical',"
             "  'Description': 'Paper jam at roll 1'},"
             " {'Name': 'DoorOpen', 'Area': 'Printer', 'Description': 'Window open'}"
             "]}}}",
             ML_PIWS_DOCUMENT_ALERTS);
  g_assert_cmpuint (g_list_model_get_n_items (alerts), ==, 3);

  expired = g_list_model_get_item (alerts, 0);
  g_assert_cmpstr (ml_alert_get_code (expired), ==, "ink.cartridge.magenta.expired");
  g_assert_cmpstr (ml_alert_get_category (expired), ==, "InkSystem");
  g_assert_cmpint (ml_alert_get_severity (expired), ==, ML_SEVERITY_WARNING);
  g_assert_cmpstr (ml_alert_get_description (expired), ==, "The magenta cartridge has expired");
  g_assert_cmpint (ml_alert_get_raised_at (expired), ==, 1779552000);

  jam = g_list_model_get_item (alerts, 1);
  g_assert_cmpstr (ml_alert_get_code (jam), ==, "media.roll1.jam");
  g_assert_cmpint (ml_alert_get_severity (jam), ==, ML_SEVERITY_ERROR);
  g_assert_cmpint (ml_alert_get_raised_at (jam), ==, 0);

  /* No FullName: the Name; no Severity: a warning, as the Latex parser does. */
  door = g_list_model_get_item (alerts, 2);
  g_assert_cmpstr (ml_alert_get_code (door), ==, "DoorOpen");
  g_assert_cmpint (ml_alert_get_severity (door), ==, ML_SEVERITY_WARNING);

  read_text (reading,
             "<ActiveAlerts xmlns='" ML_PIWS_NS "'>" DISCLAIMER "<List><Alert>"
             "<FullName>maintenance.due</FullName><Area>Printer</Area><Severity>Info</Severity>"
             "<Description>Maintenance due soon</Description></Alert></List></ActiveAlerts>",
             ML_PIWS_DOCUMENT_ALERTS);
  g_assert_cmpuint (g_list_model_get_n_items (alerts), ==, 4);
  info = g_list_model_get_item (alerts, 3);
  g_assert_cmpstr (ml_alert_get_code (info), ==, "maintenance.due");
  g_assert_cmpint (ml_alert_get_severity (info), ==, ML_SEVERITY_INFO);

  /* A printer without alerts. */
  read_text (reading, "<ActiveAlerts xmlns='" ML_PIWS_NS "'>" DISCLAIMER "</ActiveAlerts>",
             ML_PIWS_DOCUMENT_ALERTS);
  read_json (reading, "{'ActiveAlerts': {'List': null}}", ML_PIWS_DOCUMENT_ALERTS);
  g_assert_cmpuint (g_list_model_get_n_items (alerts), ==, 4);
}

static void
test_printheads (void)
{
  g_autoptr(MlPrinterReading) reading = ml_printer_reading_new ();
  GListModel *printheads = ml_printer_reading_get_printheads (reading);
  g_autoptr(MlPrinthead) first = NULL;
  g_autoptr(MlPrinthead) second = NULL;
  g_autoptr(MlPrinthead) empty = NULL;
  const char * const *colors;

  read_json (reading,
             "{'PrintheadsStatus': {'PrintheadSlotCollection': {'PrintheadSlot': ["
             " {'SlotId': 0, 'ColorCollection': {'Color': ['photo-black', 'gray']},"
             "  'PrintheadInfo': {'HealthGaugeLevel': 87.5, 'HealthGaugeStatus': 'Good',"
             "   'State': 'Ok', 'PartNumber': '3ED58A', 'OrderNumber': 'HP 747',"
             "   'SerialNumber': 'PH-0001', 'Manufacturer': 'HP',"
             "   'InstallDate': '2024-01-15T08:00:00Z', 'ExpirationDate': '1970-01-01T00:00:00Z',"
             "   'InWarranty': true, 'WarrantyExpirationDate': '2026-01-15T00:00:00Z',"
             "   'NonHPInkUsed': false}},"
             " {'SlotId': '1', 'ColorCollection': {'Color': 'post-treatment'},"
             "  'PrintheadInfo': {'HealthGaugeLevel': '12', 'State': 'Error',"
             "   'PartNumber': '3ED59A', 'InWarranty': 'false', 'NonHPInkUsed': 'true'}},"
             " {'SlotId': 2, 'ColorCollection': {'Color': ['cyan', 'magenta']}}"
             "]}}}",
             ML_PIWS_DOCUMENT_PRINTHEADS_STATUS);
  g_assert_cmpuint (g_list_model_get_n_items (printheads), ==, 3);

  first = g_list_model_get_item (printheads, 0);
  colors = ml_printhead_get_colors (first);
  g_assert_cmpuint (g_strv_length ((char **) colors), ==, 2);
  g_assert_cmpstr (colors[0], ==, "photo-black");
  g_assert_cmpstr (colors[1], ==, "gray");
  g_assert_cmpint (ml_printhead_get_slot (first), ==, 0);
  /* 87.5 rounds half away from zero. */
  g_assert_cmpint (ml_printhead_get_health_percent (first), ==, 88);
  g_assert_cmpint (ml_printhead_get_state (first), ==, ML_SUPPLY_STATE_OK);
  g_assert_cmpstr (ml_printhead_get_status_text (first), ==, "Ok");
  g_assert_cmpstr (ml_printhead_get_product_number (first), ==, "3ED58A");
  g_assert_cmpstr (ml_printhead_get_product_name (first), ==, "HP 747");
  g_assert_cmpstr (ml_printhead_get_serial_number (first), ==, "PH-0001");
  g_assert_cmpstr (ml_printhead_get_manufacturer (first), ==, "HP");
  g_assert_cmpint (ml_printhead_get_installed_at (first), ==, 1705305600);
  g_assert_cmpint (ml_printhead_get_expires_at (first), ==, 0);
  g_assert_true (ml_printhead_get_in_warranty (first));
  g_assert_cmpint (ml_printhead_get_warranty_end (first), ==, 1768435200);
  g_assert_false (ml_printhead_get_non_hp_ink (first));

  second = g_list_model_get_item (printheads, 1);
  colors = ml_printhead_get_colors (second);
  g_assert_cmpuint (g_strv_length ((char **) colors), ==, 1);
  g_assert_cmpstr (colors[0], ==, "post-treatment");
  g_assert_cmpint (ml_printhead_get_health_percent (second), ==, 12);
  g_assert_cmpint (ml_printhead_get_state (second), ==, ML_SUPPLY_STATE_ERROR);
  g_assert_false (ml_printhead_get_in_warranty (second));
  g_assert_true (ml_printhead_get_non_hp_ink (second));

  /* A slot without a printhead in it. */
  empty = g_list_model_get_item (printheads, 2);
  g_assert_cmpint (ml_printhead_get_slot (empty), ==, 2);
  g_assert_cmpint (ml_printhead_get_state (empty), ==, ML_SUPPLY_STATE_MISSING);
  g_assert_cmpint (ml_printhead_get_health_percent (empty), ==, ML_UNKNOWN);
}

static const char paper_list_xml[] =
  "<?xml version='1.0' encoding='UTF-8' ?>\n"
  "<PaperList xmlns='" ML_PIWS_NS "'>" DISCLAIMER "<List>"
  " <Paper><Id>2001</Id><CategoryId>PHOTO</CategoryId><DonorId></DonorId>"
  "  <Revision>3</Revision><IsVisible>true</IsVisible><IsFactory>true</IsFactory>"
  "  <Localizations>"
  "   <Localization><ISOCode>de_DE</ISOCode>"
  "    <Value>HP Premium Sofort-trocknendes glänzendes Fotopapier</Value></Localization>"
  "   <Localization><ISOCode>en_US</ISOCode>"
  "    <Value>HP Premium Instant-dry Gloss Photo Paper</Value></Localization>"
  "  </Localizations></Paper>"
  " <Paper><Id>" Z9_MEDIA_TYPE "</Id><CategoryId>CUSTOM</CategoryId><DonorId>2090</DonorId>"
  "  <IsVisible>true</IsVisible><IsFactory>false</IsFactory>"
  "  <Localizations><Localization><ISOCode>en_US</ISOCode>"
  "   <Value>CansonPhotolustreRC0526</Value></Localization></Localizations></Paper>"
  " <Paper><Id>4110</Id><CategoryId>FINEART</CategoryId>"
  "  <Localizations><Localization><ISOCode>fr_FR</ISOCode>"
  "   <Value>Hahnemühle Photo Rag 308g</Value></Localization></Localizations></Paper>"
  "</List></PaperList>";

static const char media_system_json[] =
  "{'MediaSystem': {'DrawerCollection': {'Drawer': ["
  " {'Id': 1, 'InputDeviceCollection': {'Sheet': {'IdForPrinting': 'ManualSheet',"
  "   'IdForUI': 'Sheet', 'LoadedMediaCollection': {'LoadedMedia': {'MediaTypeID': '2001',"
  "    'Width': {'Value': 8.261667, 'Unit': 'in'},"
  "    'RemainingLength': {'Value': 11.554965, 'Unit': 'in'}}}}}},"
  " {'Id': 2, 'InputDeviceCollection': {'Roll': ["
  "   {'IdForPrinting': 'Roll1', 'LoadedMediaCollection': {'LoadedMedia': {"
  "    'MediaTypeID': '" Z9_MEDIA_TYPE "', 'Width': {'Value': 6.298611, 'Unit': 'in'},"
  "    'RemainingLength': {'Value': '45.5', 'Unit': 'm'}}}},"
  "   {'IdForPrinting': 'Roll2', 'LoadedMediaCollection': null}]}}"
  "]}}}";

static void
assert_media_sources (MlPrinterReading *reading)
{
  GListModel *sources = ml_printer_reading_get_media_sources (reading);
  g_autoptr(MlMediaSource) sheet = NULL;
  g_autoptr(MlMediaSource) roll1 = NULL;
  g_autoptr(MlMediaSource) roll2 = NULL;

  g_assert_cmpuint (g_list_model_get_n_items (sources), ==, 3);

  sheet = g_list_model_get_item (sources, 0);
  g_assert_cmpstr (ml_media_source_get_id (sheet), ==, "ManualSheet");
  g_assert_cmpint (ml_media_source_get_kind (sheet), ==, ML_MEDIA_SOURCE_KIND_SHEET);
  g_assert_cmpint (ml_media_source_get_state (sheet), ==, ML_MEDIA_STATE_LOADED);
  g_assert_cmpstr (ml_media_source_get_media_type_id (sheet), ==, "2001");
  g_assert_cmpstr (ml_media_source_get_media_type_name (sheet), ==,
                   "HP Premium Instant-dry Gloss Photo Paper");
  /* 8.261667 in = 209.846 mm, 11.554965 in = 293.496 mm */
  g_assert_cmpint (ml_media_source_get_width_mm (sheet), ==, 210);
  g_assert_cmpint (ml_media_source_get_length_mm (sheet), ==, 293);

  roll1 = g_list_model_get_item (sources, 1);
  g_assert_cmpstr (ml_media_source_get_id (roll1), ==, "Roll1");
  g_assert_cmpint (ml_media_source_get_kind (roll1), ==, ML_MEDIA_SOURCE_KIND_ROLL);
  g_assert_cmpint (ml_media_source_get_state (roll1), ==, ML_MEDIA_STATE_LOADED);
  g_assert_cmpstr (ml_media_source_get_media_type_name (roll1), ==, "CansonPhotolustreRC0526");
  /* 6.298611 in = 159.98 mm */
  g_assert_cmpint (ml_media_source_get_width_mm (roll1), ==, 160);
  g_assert_cmpint (ml_media_source_get_length_mm (roll1), ==, 45500);

  roll2 = g_list_model_get_item (sources, 2);
  g_assert_cmpstr (ml_media_source_get_id (roll2), ==, "Roll2");
  g_assert_cmpint (ml_media_source_get_state (roll2), ==, ML_MEDIA_STATE_EMPTY);
  g_assert_null (ml_media_source_get_media_type_id (roll2));
  g_assert_cmpint (ml_media_source_get_width_mm (roll2), ==, ML_UNKNOWN);
}

static void
test_paper_list (void)
{
  g_autoptr(MlPrinterReading) reading = ml_printer_reading_new ();
  GListModel *types = ml_printer_reading_get_media_types (reading);
  MlMediaType *gloss;
  MlMediaType *canson;
  MlMediaType *rag;

  read_text (reading, paper_list_xml, ML_PIWS_DOCUMENT_PAPER_LIST);
  g_assert_cmpuint (g_list_model_get_n_items (types), ==, 3);

  gloss = ml_printer_reading_lookup_media_type (reading, "2001");
  g_assert_cmpstr (ml_media_type_get_name (gloss), ==, "HP Premium Instant-dry Gloss Photo Paper");
  g_assert_cmpstr (ml_media_type_get_category (gloss), ==, "PHOTO");
  canson = ml_printer_reading_lookup_media_type (reading, Z9_MEDIA_TYPE);
  g_assert_cmpstr (ml_media_type_get_name (canson), ==, "CansonPhotolustreRC0526");
  g_assert_cmpstr (ml_media_type_get_category (canson), ==, "CUSTOM");
  /* Without an English name, the one there is. */
  rag = ml_printer_reading_lookup_media_type (reading, "4110");
  g_assert_cmpstr (ml_media_type_get_name (rag), ==, "Hahnemühle Photo Rag 308g");

  /* PaperListStatus.xml, JSON, one Paper: updates, does not add. */
  read_json (reading,
             "{'PaperListStatus': {'List': {'Paper': {'Id': 2001, 'CategoryId': 'PHOTO',"
             " 'Localizations': {'Localization': {'ISOCode': 'en_US',"
             "  'Value': 'HP Premium Instant-dry Gloss Photo Paper (v2)'}}}}}}",
             ML_PIWS_DOCUMENT_PAPER_LIST);
  g_assert_cmpuint (g_list_model_get_n_items (types), ==, 3);
  g_assert_cmpstr (ml_media_type_get_name (gloss), ==,
                   "HP Premium Instant-dry Gloss Photo Paper (v2)");
}

static void
test_media_system (void)
{
  g_autoptr(MlPrinterReading) reading = ml_printer_reading_new ();

  read_text (reading, paper_list_xml, ML_PIWS_DOCUMENT_PAPER_LIST);
  read_json (reading, media_system_json, ML_PIWS_DOCUMENT_MEDIA_SYSTEM);
  assert_media_sources (reading);
}

/* MediaSystem read before Paper/List: the names come when the list does. */
static void
test_media_system_names_later (void)
{
  g_autoptr(MlPrinterReading) reading = ml_printer_reading_new ();
  g_autoptr(MlMediaSource) sheet = NULL;

  read_json (reading, media_system_json, ML_PIWS_DOCUMENT_MEDIA_SYSTEM);
  sheet = g_list_model_get_item (ml_printer_reading_get_media_sources (reading), 0);
  g_assert_null (ml_media_source_get_media_type_name (sheet));

  read_text (reading, paper_list_xml, ML_PIWS_DOCUMENT_PAPER_LIST);
  assert_media_sources (reading);
}

static void
test_media_system_xml (void)
{
  static const char text[] =
    "<MediaSystem xmlns='" ML_PIWS_NS "'>" DISCLAIMER
    "<DrawerCollection><Drawer><Id>1</Id><InputDeviceCollection>"
    " <Roll><IdForPrinting>Roll1</IdForPrinting><LoadedMediaCollection><LoadedMedia>"
    "  <MediaTypeID>" Z9_MEDIA_TYPE "</MediaTypeID>"
    "  <Width><Value>6.298611</Value><Unit>in</Unit></Width>"
    "  <RemainingLength><Value>1500.25</Value><Unit>in</Unit></RemainingLength>"
    " </LoadedMedia></LoadedMediaCollection></Roll>"
    " <Tray><IdForUI>Tray1</IdForUI><LoadedMediaCollection></LoadedMediaCollection></Tray>"
    "</InputDeviceCollection></Drawer></DrawerCollection></MediaSystem>";
  g_autoptr(MlPrinterReading) reading = ml_printer_reading_new ();
  GListModel *sources = ml_printer_reading_get_media_sources (reading);
  g_autoptr(MlMediaSource) roll = NULL;
  g_autoptr(MlMediaSource) tray = NULL;

  read_text (reading, text, ML_PIWS_DOCUMENT_MEDIA_SYSTEM);
  g_assert_cmpuint (g_list_model_get_n_items (sources), ==, 2);
  roll = g_list_model_get_item (sources, 0);
  g_assert_cmpstr (ml_media_source_get_id (roll), ==, "Roll1");
  g_assert_cmpstr (ml_media_source_get_media_type_id (roll), ==, Z9_MEDIA_TYPE);
  g_assert_null (ml_media_source_get_media_type_name (roll));
  g_assert_cmpint (ml_media_source_get_width_mm (roll), ==, 160);
  /* 1500.25 in = 38106.35 mm */
  g_assert_cmpint (ml_media_source_get_length_mm (roll), ==, 38106);
  tray = g_list_model_get_item (sources, 1);
  g_assert_cmpstr (ml_media_source_get_id (tray), ==, "Tray1");
  g_assert_cmpint (ml_media_source_get_kind (tray), ==, ML_MEDIA_SOURCE_KIND_TRAY);
  g_assert_cmpint (ml_media_source_get_state (tray), ==, ML_MEDIA_STATE_EMPTY);
}

static void
test_device_counters (void)
{
  g_autoptr(MlPrinterReading) reading = ml_printer_reading_new ();
  MlUsage *usage = ml_printer_reading_get_usage (reading);
  MlMediaUsage *gloss;
  MlMediaUsage *canson;
  MlCategoryUsage *lines;

  read_json (reading,
             "{'DeviceCounters': {'Timestamp': '2026-05-23T16:30:56Z',"
             " 'PrintCounters': {'NumberOfJobs': 1520, 'NumberOfPages': 4810,"
             "  'TotalInkUsed': {'Value': 1234.567, 'Unit': 'cc'},"
             "  'TotalMediaArea': {'Value': 812.345678, 'Unit': 'm2'},"
             "  'TotalMediaLength': {'Value': 1043.217, 'Unit': 'm'},"
             "  'MediaUsageCollection': {'MediaUsage': ["
             "   {'MediaTypeID': '2001', 'MediaTypeName': 'HP Premium Instant-dry Gloss Photo Paper',"
             "    'Area': {'Value': 500.5, 'Unit': 'm2'}, 'Length': {'Value': 800.25, 'Unit': 'm'}},"
             "   {'MediaTypeID': '" Z9_MEDIA_TYPE "', 'MediaTypeName': 'CansonPhotolustreRC0526',"
             "    'Area': {'Value': 311.845678, 'Unit': 'm2'},"
             "    'Length': {'Value': 242.967, 'Unit': 'm'}}]},"
             "  'CategoryUsageCollection': {'CategoryUsage': {'Category': 'LinesMonochrome',"
             "   'MediaArea': {'Value': 400, 'Unit': 'm2'},"
             "   'PrintedArea': {'Value': 380.5, 'Unit': 'm2'},"
             "   'InkUsed': {'Value': 120.125, 'Unit': 'cc'},"
             "   'Length': {'Value': 450, 'Unit': 'm'}}}},"
             " 'ScanCounters': {'TotalScannedArea': {'Value': 50, 'Unit': 'm2'},"
             "  'ScanArea': {'Value': 30, 'Unit': 'm2'}, 'CopyArea': {'Value': 20, 'Unit': 'm2'}}}}",
             ML_PIWS_DOCUMENT_DEVICE_COUNTERS);

  g_assert_cmpint (ml_usage_get_job_count (usage), ==, 1520);
  g_assert_cmpint (ml_usage_get_page_count (usage), ==, 4810);
  g_assert_cmpint (ml_usage_get_total_ink_ul (usage), ==, 1234567);
  g_assert_cmpint (ml_usage_get_total_media_area_mm2 (usage), ==, 812345678);
  g_assert_cmpint (ml_usage_get_total_media_length_mm (usage), ==, 1043217);
  g_assert_cmpint (ml_usage_get_scan_area_mm2 (usage), ==, 50000000);
  g_assert_cmpint (ml_usage_get_scan_area_scans_mm2 (usage), ==, 30000000);
  g_assert_cmpint (ml_usage_get_scan_area_copies_mm2 (usage), ==, 20000000);

  g_assert_cmpuint (g_list_model_get_n_items (ml_usage_get_media (usage)), ==, 2);
  gloss = ml_usage_lookup_media (usage, "2001");
  g_assert_cmpstr (ml_media_usage_get_media_type_name (gloss), ==,
                   "HP Premium Instant-dry Gloss Photo Paper");
  g_assert_cmpint (ml_media_usage_get_area_mm2 (gloss), ==, 500500000);
  g_assert_cmpint (ml_media_usage_get_length_mm (gloss), ==, 800250);
  canson = ml_usage_lookup_media (usage, Z9_MEDIA_TYPE);
  g_assert_cmpint (ml_media_usage_get_area_mm2 (canson), ==, 311845678);
  g_assert_cmpint (ml_media_usage_get_length_mm (canson), ==, 242967);

  g_assert_cmpuint (g_list_model_get_n_items (ml_usage_get_categories (usage)), ==, 1);
  lines = ml_usage_lookup_category (usage, "LinesMonochrome");
  g_assert_cmpint (ml_category_usage_get_media_area_mm2 (lines), ==, 400000000);
  g_assert_cmpint (ml_category_usage_get_printed_area_mm2 (lines), ==, 380500000);
  g_assert_cmpint (ml_category_usage_get_ink_ul (lines), ==, 120125);
  g_assert_cmpint (ml_category_usage_get_length_mm (lines), ==, 450000);
}

/* A printer of region-americas counts in ft² and ft; XML form. */
static void
test_device_counters_xml (void)
{
  static const char text[] =
    "<DeviceCounters xmlns='" ML_PIWS_NS "'>" DISCLAIMER
    "<Timestamp>2026-05-23T16:30:56Z</Timestamp>"
    "<PrintCounters><NumberOfJobs>12</NumberOfJobs><NumberOfPages>30</NumberOfPages>"
    " <TotalInkUsed><Value>1234.567</Value><Unit>cc</Unit></TotalInkUsed>"
    " <TotalMediaArea><Value>100</Value><Unit>ft2</Unit></TotalMediaArea>"
    " <TotalMediaLength><Value>10</Value><Unit>ft</Unit></TotalMediaLength>"
    " <MediaUsageCollection><MediaUsage><MediaTypeID>2001</MediaTypeID>"
    "  <Area><Value>100</Value><Unit>ft2</Unit></Area>"
    "  <Length><Value>10</Value><Unit>ft</Unit></Length></MediaUsage></MediaUsageCollection>"
    "</PrintCounters></DeviceCounters>";
  g_autoptr(MlPrinterReading) reading = ml_printer_reading_new ();
  MlUsage *usage = ml_printer_reading_get_usage (reading);

  read_text (reading, text, ML_PIWS_DOCUMENT_DEVICE_COUNTERS);
  g_assert_cmpint (ml_usage_get_job_count (usage), ==, 12);
  g_assert_cmpint (ml_usage_get_page_count (usage), ==, 30);
  g_assert_cmpint (ml_usage_get_total_ink_ul (usage), ==, 1234567);
  g_assert_cmpint (ml_usage_get_total_media_area_mm2 (usage), ==, 9290304);
  g_assert_cmpint (ml_usage_get_total_media_length_mm (usage), ==, 3048);
  g_assert_cmpint (ml_media_usage_get_area_mm2 (ml_usage_lookup_media (usage, "2001")), ==,
                   9290304);
  /* Not a multifunction model: no scan counters. */
  g_assert_cmpint (ml_usage_get_scan_area_mm2 (usage), ==, ML_UNKNOWN);
}

static void
test_job_queue_collection (void)
{
  g_autoptr(MlPrinterReading) reading = ml_printer_reading_new ();

  read_json (reading,
             "{'JobQueueCollection': {'Queue': ["
             " {'Name': 'SCAN', 'Type': 'Scan', 'Persistence': 'Persistent',"
             "  'URI': '/LFPWebServices/PI/JQ/JobQueue/11111111-2222-3333-4444-555555555555'},"
             " {'Name': 'PRINT', 'Type': 'Print', 'Persistence': 'Persistent',"
             "  'URI': '/LFPWebServices/PI/JQ/JobQueue/5805be78-cd86-4875-afb9-9c21113dcca0'}"
             "]}}",
             ML_PIWS_DOCUMENT_JOB_QUEUE_COLLECTION);
  g_assert_cmpstr (ml_printer_reading_get_queue_uuid (reading), ==,
                   "5805be78-cd86-4875-afb9-9c21113dcca0");

  read_json (reading, z9_jobs_json, ML_PIWS_DOCUMENT_JOB_QUEUE_SNAPSHOT);
  g_assert_cmpint (ml_printer_reading_get_queue_modification (reading), ==, 70);

  /* After a reboot: a new queue, whose modifications count from 0 again. */
  read_text (reading,
             "<JobQueueCollection xmlns='" ML_PIWS_NS "'>" DISCLAIMER
             "<Queue><Name>PRINT</Name><Type>Print</Type><Persistence>Persistent</Persistence>"
             "<URI>/LFPWebServices/PI/JQ/JobQueue/0e8a1c2d-7f3b-4d5e-9a6b-112233445566/</URI>"
             "</Queue></JobQueueCollection>",
             ML_PIWS_DOCUMENT_JOB_QUEUE_COLLECTION);
  g_assert_cmpstr (ml_printer_reading_get_queue_uuid (reading), ==,
                   "0e8a1c2d-7f3b-4d5e-9a6b-112233445566");
  g_assert_cmpint (ml_printer_reading_get_queue_modification (reading), ==, ML_UNKNOWN);
}

static void
test_accepts (void)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(xmlDoc) piws = NULL;
  g_autoptr(xmlDoc) ledm = NULL;
  g_autoptr(xmlDoc) unknown = NULL;
  static const char piws_xml[] = "<p:InkSystem xmlns:p='" ML_PIWS_NS "'/>";
  static const char ledm_xml[] =
    "<InkSystem xmlns='http://www.hp.com/schemas/imaging/con/ledm/2007/09/21'/>";
  static const char unknown_xml[] = "<Calibrations xmlns='" ML_PIWS_NS "'/>";

  piws = ml_xml_parse (piws_xml, strlen (piws_xml), &error);
  g_assert_no_error (error);
  ledm = ml_xml_parse (ledm_xml, strlen (ledm_xml), &error);
  g_assert_no_error (error);
  unknown = ml_xml_parse (unknown_xml, strlen (unknown_xml), &error);
  g_assert_no_error (error);
  g_assert_true (ml_piws_reader_accepts_xml (xmlDocGetRootElement (piws)));
  g_assert_false (ml_piws_reader_accepts_xml (xmlDocGetRootElement (ledm)));
  g_assert_false (ml_piws_reader_accepts_xml (xmlDocGetRootElement (unknown)));

  json_parser_load_from_data (parser, "{\"DeviceStatus\": {}}", -1, &error);
  g_assert_no_error (error);
  g_assert_true (ml_piws_reader_accepts_json (json_parser_get_root (parser)));
  json_parser_load_from_data (parser, "{\"system\": {\"identity\": {}}}", -1, &error);
  g_assert_no_error (error);
  g_assert_false (ml_piws_reader_accepts_json (json_parser_get_root (parser)));

  g_assert_cmpstr (ml_piws_document_to_string (ML_PIWS_DOCUMENT_JOB_QUEUE_SNAPSHOT), ==,
                   "JobQueueSnapshot");
  g_assert_cmpstr (ml_piws_document_to_string (ML_PIWS_DOCUMENT_PAPER_LIST), ==, "PaperList");
}

#define INK_SLOT(supply_info) \
  "{'InkSystem': {'InkSlotGroupCollection': {'InkSlotGroup': [{'InkSlotCollection': {" \
  "'InkSlot': {'SlotId': 3, 'Color': 'cyan', 'SlotInfo': {'InkSupplyInfo': {" supply_info \
  "}}}}}]}}}"

#define ONE_JOB(job) \
  "{'JobQueueSnapshot': {'ModificationNumber': 5, 'Jobs': {'Job': {'Job2DPrint': {" job "}}}}}"

static void
test_errors (void)
{
  static const char truncated_xml[] =
    "<InkSystem xmlns='" ML_PIWS_NS "'><InkSlotGroupCollection><InkSlotGroup>";
  static const char doctype_xml[] =
    "<!DOCTYPE InkSystem [<!ENTITY x SYSTEM 'file:///etc/passwd'>]>"
    "<InkSystem xmlns='" ML_PIWS_NS "'>&x;</InkSystem>";

  assert_refused ("", ML_ERROR_EMPTY, NULL);
  assert_refused ("  \n", ML_ERROR_EMPTY, NULL);
  assert_refused ("InkSystem", ML_ERROR_MALFORMED, NULL);
  assert_refused (truncated_xml, ML_ERROR_MALFORMED, "line 1");
  assert_refused (doctype_xml, ML_ERROR_HOSTILE, NULL);
  assert_refused_json ("{'InkSystem': {'InkSlotGroupCollection': ", ML_ERROR_MALFORMED, NULL);
  assert_refused_json ("[{'InkSystem': {}}]", ML_ERROR_WRONG_TYPE, NULL);
  assert_refused_json ("{}", ML_ERROR_UNSUPPORTED, NULL);
  assert_refused_json ("{'Calibrations': {'MediaDependentCollection': null}}",
                       ML_ERROR_UNSUPPORTED, "Calibrations");
  assert_refused ("<Calibrations xmlns='" ML_PIWS_NS "'/>", ML_ERROR_UNSUPPORTED,
                  "Calibrations");
  assert_refused ("<InkSystem xmlns='urn:not-piws'/>", ML_ERROR_UNSUPPORTED, "urn:not-piws");
  assert_refused ("<InkSystem/>", ML_ERROR_UNSUPPORTED, "InkSystem");
  assert_refused_json ("{'InkSystem': 'abc'}", ML_ERROR_WRONG_TYPE, "InkSystem");

  /* Wrong types and values, each named by its path in the document. */
  assert_refused_json ("{'InkSystem': {'InkSlotGroupCollection': {'InkSlotGroup': 'abc'}}}",
                       ML_ERROR_WRONG_TYPE,
                       "InkSystem: InkSlotGroupCollection.InkSlotGroup is \"abc\"");
  assert_refused_json ("{'InkSystem': {'InkSlotGroupCollection': {'InkSlotGroup': [{}, 7]}}}",
                       ML_ERROR_WRONG_TYPE, "InkSlotGroupCollection.InkSlotGroup[1] is 7");
  assert_refused_json ("{'InkSystem': {'InkSlotGroupCollection': ['a']}}",
                       ML_ERROR_WRONG_TYPE, "InkSlotGroupCollection is a list");
  assert_refused_json (INK_SLOT ("'Capacity': {'Unit': 'cc', 'Value': {'x': 1}}"),
                       ML_ERROR_WRONG_TYPE,
                       "InkSlot.SlotInfo.InkSupplyInfo.Capacity.Value is a group of fields");
  assert_refused_json (INK_SLOT ("'Capacity': {'Unit': 'cc', 'Value': 'abc'}"),
                       ML_ERROR_INVALID_VALUE, "Capacity.Value: \"abc\" is not a number");
  assert_refused_json (INK_SLOT ("'Capacity': {'Unit': 'cc', 'Value': true}"),
                       ML_ERROR_WRONG_TYPE, "Capacity.Value is true, not a number");
  assert_refused_json (INK_SLOT ("'Capacity': {'Unit': 'gallons', 'Value': 3}"),
                       ML_ERROR_INVALID_VALUE, "gallons");
  assert_refused_json (INK_SLOT ("'Capacity': {'Unit': 'mm', 'Value': 3}"),
                       ML_ERROR_INVALID_VALUE, "Capacity.Value");
  assert_refused_json (INK_SLOT ("'Capacity': {'Value': 300}"),
                       ML_ERROR_INVALID_VALUE, "Capacity has a Value but no Unit");
  assert_refused_json (INK_SLOT ("'Capacity': 300"), ML_ERROR_WRONG_TYPE, "Capacity is 300");
  assert_refused_json (INK_SLOT ("'Capacity': {'Unit': 'cc', 'Value': -5}"),
                       ML_ERROR_INVALID_VALUE, "less than zero");
  assert_refused_json (INK_SLOT ("'LevelPercentage': 150"), ML_ERROR_INVALID_VALUE,
                       "LevelPercentage is 150");
  assert_refused_json (INK_SLOT ("'PartNumber': ['a', 'b']"), ML_ERROR_WRONG_TYPE,
                       "PartNumber is a list, not text");
  assert_refused_json (INK_SLOT ("'InstallDate': 'yesterday'"), ML_ERROR_INVALID_VALUE,
                       "InstallDate: \"yesterday\"");
  assert_refused_json (INK_SLOT ("'InstallDate': 1721599200"), ML_ERROR_WRONG_TYPE,
                       "InstallDate is 1721599200, not a date and time");
  assert_refused_json ("{'InkSystem': {'InkSlotGroupCollection': {'InkSlotGroup': {"
                       "'InkSlotCollection': {'InkSlot': {'isPresent': 'maybe'}}}}}}",
                       ML_ERROR_WRONG_TYPE, "isPresent is \"maybe\", not true or false");
  assert_refused_json ("{'InkSystem': {'InkSlotGroupCollection': {'InkSlotGroup': {"
                       "'InkSlotCollection': {'InkSlot': {'SlotId': 2.5}}}}}}",
                       ML_ERROR_INVALID_VALUE, "SlotId is 2.5, not a whole number");

  assert_refused_json (ONE_JOB ("'Settings': {'JobName': 'x'}"), ML_ERROR_INVALID_VALUE,
                       "Jobs.Job.Job2DPrint has no UUID");
  assert_refused_json (ONE_JOB ("'UUID': 'A', 'Settings': {'RequestedCopies': 1.5}"),
                       ML_ERROR_INVALID_VALUE, "Settings.RequestedCopies is 1.5, not a whole number");
  assert_refused_json (ONE_JOB ("'UUID': 'A', 'Settings': 'x'"), ML_ERROR_WRONG_TYPE,
                       "Job2DPrint.Settings is \"x\"");
  assert_refused_json (ONE_JOB ("'UUID': 'A', 'Settings': {}, 'Pages': {'Page': {"
                                "'Accounting': {'GrayPixelCoverage': 150}}}"),
                       ML_ERROR_INVALID_VALUE, "GrayPixelCoverage is 150, not a percentage");
  assert_refused_json (ONE_JOB ("'UUID': 'A', 'Settings': {}, 'Accounting': {"
                                "'InkCollectionConsumption': {'InkConsumption': {"
                                "'InkName': 'cyan', 'Amount': 'lots'}}}"),
                       ML_ERROR_INVALID_VALUE, "Amount: \"lots\" is not a number");
  assert_refused_json ("{'JobQueueSnapshot': {'ModificationNumber': 'seventy'}}",
                       ML_ERROR_INVALID_VALUE, "ModificationNumber");
  assert_refused_json ("{'JobQueueSnapshot': {'Jobs': {'Job': [{'Job2DPrint': {"
                       "'UUID': 'A', 'Settings': {}}}, 'x']}}}",
                       ML_ERROR_WRONG_TYPE, "Jobs.Job[1] is \"x\"");
  assert_refused_json ("{'MediaSystem': {'DrawerCollection': {'Drawer': {"
                       "'InputDeviceCollection': {'Roll': {'LoadedMediaCollection': {"
                       "'LoadedMedia': {'Width': {'Value': '24 inches', 'Unit': 'in'}}}}}}}}}",
                       ML_ERROR_INVALID_VALUE, "Width.Value: \"24 inches\"");
  assert_refused_json ("{'DeviceStatus': {'StatusOverview': ['Warning']}}",
                       ML_ERROR_WRONG_TYPE, "StatusOverview is a list");
}

/* A job that fails leaves the jobs read before it, and the modification number,
 * as they were: the next read asks again from the same point. */
static void
test_error_keeps_reading (void)
{
  g_autoptr(MlPrinterReading) reading = ml_printer_reading_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *text = json_text (
    "{'JobQueueSnapshot': {'ModificationNumber': 90, 'Jobs': {'Job': ["
    " {'Job2DPrint': {'UUID': 'NEW-JOB', 'Settings': {'JobName': 'new'}}},"
    " {'Job2DPrint': {'UUID': '" Z9_JOB_UUID "', 'Settings': {'JobName': ['x']}}}]}}}");

  read_json (reading, z9_jobs_json, ML_PIWS_DOCUMENT_JOB_QUEUE_SNAPSHOT);
  g_assert_false (ml_piws_reader_read (reading, text, strlen (text), NULL, &error));
  g_assert_error (error, ML_ERROR, ML_ERROR_WRONG_TYPE);
  assert_z9_job (reading);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/collector/piws/jobs-all/capture", test_jobs_all_capture);
  g_test_add_func ("/collector/piws/jobs-all/json", test_jobs_all_json);
  g_test_add_func ("/collector/piws/jobs-all/incremental", test_jobs_all_incremental);
  g_test_add_func ("/collector/piws/jobs-all/scan-and-copy", test_jobs_all_scan_and_copy);
  g_test_add_func ("/collector/piws/jobs-all/status", test_job_status_mapping);
  g_test_add_func ("/collector/piws/ink-system/capture", test_ink_system_capture);
  g_test_add_func ("/collector/piws/ink-system/xml", test_ink_system_xml);
  g_test_add_func ("/collector/piws/ink-system/json-forms", test_ink_system_json_forms);
  g_test_add_func ("/collector/piws/device-status/capture", test_device_status_capture);
  g_test_add_func ("/collector/piws/device-status/xml", test_device_status_xml);
  g_test_add_func ("/collector/piws/device-status/states", test_device_status_states);
  g_test_add_func ("/collector/piws/identification/xml", test_identification_xml);
  g_test_add_func ("/collector/piws/alerts", test_alerts);
  g_test_add_func ("/collector/piws/printheads", test_printheads);
  g_test_add_func ("/collector/piws/paper-list", test_paper_list);
  g_test_add_func ("/collector/piws/media-system/json", test_media_system);
  g_test_add_func ("/collector/piws/media-system/names-later", test_media_system_names_later);
  g_test_add_func ("/collector/piws/media-system/xml", test_media_system_xml);
  g_test_add_func ("/collector/piws/device-counters/json", test_device_counters);
  g_test_add_func ("/collector/piws/device-counters/xml", test_device_counters_xml);
  g_test_add_func ("/collector/piws/job-queue-collection", test_job_queue_collection);
  g_test_add_func ("/collector/piws/accepts", test_accepts);
  g_test_add_func ("/collector/piws/errors", test_errors);
  g_test_add_func ("/collector/piws/error-keeps-reading", test_error_keeps_reading);

  return g_test_run ();
}
