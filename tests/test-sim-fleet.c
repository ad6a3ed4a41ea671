/* test-sim-fleet.c: the built simulator, end to end, through the collector's readers
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Starts meterlink-printer-sim (ML_PRINTER_SIM) as a subprocess with five printers
 * and frozen time, reads every document over real HTTPS with the certificate pinned
 * from the manifest, and checks what the readers make of them against GET /truth
 * taken at the same simulated instant. No sleeps: every wait runs the main loop
 * until an event or a deadline.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <signal.h>
#include <sys/prctl.h>
#include <string.h>

#include "ml-certificate.h"
#include "ml-ledm-reader.h"
#include "ml-piws-reader.h"
#include "ml-response-reader.h"

#define N_PRINTERS 5
#define SLOW_MS 3000
#define DEADLINE_S 30

typedef struct
{
  GSubprocess *process;
  char *manifest_path;
  char *control;             /* "http://127.0.0.1:PORT/" */
  JsonNode *manifest;
  SoupSession *session;
} Fleet;

typedef struct
{
  gboolean done;
  GBytes *body;
  GError *error;
  char *line;
} Wait;

static gboolean
on_deadline (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

static void
wait_until_done (gboolean *done)
{
  gboolean expired = FALSE;
  guint id = g_timeout_add_seconds (DEADLINE_S, on_deadline, &expired);

  while (!*done && !expired)
    g_main_context_iteration (NULL, TRUE);
  if (!expired)
    g_source_remove (id);
  g_assert_true (*done);
}

/* HTTP ------------------------------------------------------------------------------ */

typedef struct
{
  const char *expected;
  char *seen;
} Pin;

/* The printers' certificates are self-signed: accepted only when they are the one
 * the manifest names, as a collector pins them. */
static gboolean
on_accept_certificate (SoupMessage          *msg,
                       GTlsCertificate      *certificate,
                       GTlsCertificateFlags  errors,
                       gpointer              user_data)
{
  Pin *pin = user_data;

  g_free (pin->seen);
  pin->seen = ml_certificate_sha256 (certificate);
  return pin->expected != NULL && strcmp (pin->seen, pin->expected) == 0;
}

static void
on_sent (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  Wait *wait = user_data;

  wait->body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &wait->error);
  wait->done = TRUE;
}

static gint64 last_content_length;

static GBytes *
request (SoupSession  *session,
         const char   *method,
         const char   *uri,
         const char   *accept,
         Pin          *pin,
         guint        *out_status,
         GError      **error)
{
  g_autoptr(SoupMessage) msg = soup_message_new (method, uri);
  Wait wait = { FALSE, NULL, NULL, NULL };

  g_assert_nonnull (msg);
  if (accept != NULL)
    soup_message_headers_replace (soup_message_get_request_headers (msg), "Accept", accept);
  if (pin != NULL)
    g_signal_connect (msg, "accept-certificate", G_CALLBACK (on_accept_certificate), pin);

  soup_session_send_and_read_async (session, msg, G_PRIORITY_DEFAULT, NULL, on_sent, &wait);
  wait_until_done (&wait.done);

  if (out_status != NULL)
    *out_status = soup_message_get_status (msg);
  last_content_length = soup_message_headers_get_content_length (
    soup_message_get_response_headers (msg));
  if (wait.error != NULL)
    g_propagate_error (error, wait.error);
  return wait.body;
}

static JsonNode *
control_json (Fleet      *fleet,
              const char *method,
              const char *path)
{
  g_autofree char *uri = g_strconcat (fleet->control, path, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;
  guint status;
  JsonNode *node;

  body = request (fleet->session, method, uri, NULL, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (status, ==, 200);
  node = json_from_string (g_bytes_get_data (body, NULL), &error);
  g_assert_no_error (error);
  return node;
}

/* The simulator ---------------------------------------------------------------------- */

static void
on_line (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  Wait *wait = user_data;

  wait->line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (source), result,
                                                          NULL, &wait->error);
  wait->done = TRUE;
}

/* A test that fails aborts before its teardown: the simulator must not outlive it. */
static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

static void
fleet_setup (Fleet         *fleet,
             gconstpointer  data)
{
  const char *program = g_getenv ("ML_PRINTER_SIM");
  g_autoptr(GError) error = NULL;
  g_autoptr(GDataInputStream) lines = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *text = NULL;
  Wait wait = { FALSE, NULL, NULL, NULL };

  if (program == NULL)
    {
      g_test_skip ("ML_PRINTER_SIM is not set");
      return;
    }

  dir = g_dir_make_tmp ("test-sim-fleet-XXXXXX", &error);
  g_assert_no_error (error);
  fleet->manifest_path = g_build_filename (dir, "manifest.json", NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  fleet->process = g_subprocess_launcher_spawn (launcher, &error,
                                                program, "--fleet", G_STRINGIFY (N_PRINTERS),
                                                "--listen", "127.0.1.1", "--port", "0",
                                                "--manifest", fleet->manifest_path,
                                                "--control", "127.0.0.1:0", "--seed", "7",
                                                "--speed", "0",
                                                "--start", "2026-03-02T10:00:00Z",
                                                "--slow-ms", G_STRINGIFY (SLOW_MS), NULL);
  g_assert_no_error (error);

  /* The simulator says where its control server is once everything listens. */
  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (fleet->process));
  g_data_input_stream_read_line_async (lines, G_PRIORITY_DEFAULT, NULL, on_line, &wait);
  wait_until_done (&wait.done);
  g_assert_no_error (wait.error);
  g_assert_nonnull (wait.line);
  g_assert_true (g_str_has_prefix (wait.line, "control: http://127.0.0.1:"));
  fleet->control = g_strdup (wait.line + strlen ("control: "));
  g_free (wait.line);

  g_file_get_contents (fleet->manifest_path, &text, NULL, &error);
  g_assert_no_error (error);
  fleet->manifest = json_from_string (text, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (fleet->manifest)), ==,
                    N_PRINTERS);

  fleet->session = soup_session_new_with_options ("max-conns-per-host", 4, NULL);
}

static void
on_exited (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  Wait *wait = user_data;

  g_subprocess_wait_finish (G_SUBPROCESS (source), result, &wait->error);
  wait->done = TRUE;
}

static void
fleet_teardown (Fleet         *fleet,
                gconstpointer  data)
{
  if (fleet->process != NULL)
    {
      Wait wait = { FALSE, NULL, NULL, NULL };

      /* SIGTERM stops the simulator cleanly. */
      g_subprocess_send_signal (fleet->process, SIGTERM);
      g_subprocess_wait_async (fleet->process, NULL, on_exited, &wait);
      wait_until_done (&wait.done);
      g_assert_no_error (wait.error);
      g_assert_true (g_subprocess_get_if_exited (fleet->process));
      g_assert_cmpint (g_subprocess_get_exit_status (fleet->process), ==, 0);
    }

  if (fleet->manifest_path != NULL)
    {
      g_autofree char *dir = g_path_get_dirname (fleet->manifest_path);

      g_remove (fleet->manifest_path);
      g_rmdir (dir);
    }

  g_clear_object (&fleet->session);
  g_clear_object (&fleet->process);
  g_clear_pointer (&fleet->manifest, json_node_unref);
  g_clear_pointer (&fleet->manifest_path, g_free);
  g_clear_pointer (&fleet->control, g_free);
}

static JsonObject *
manifest_entry (Fleet *fleet,
                guint  index)
{
  return json_array_get_object_element (json_node_get_array (fleet->manifest), index);
}

static char *
printer_uri (Fleet      *fleet,
             guint       index,
             const char *path)
{
  JsonObject *entry = manifest_entry (fleet, index);

  return g_strdup_printf ("https://%s:%" G_GINT64_FORMAT "%s",
                          json_object_get_string_member (entry, "address"),
                          json_object_get_int_member (entry, "port"), path);
}

/* A document of printer index, which must come with 200. */
static GBytes *
fetch (Fleet      *fleet,
       guint       index,
       const char *path,
       const char *accept)
{
  g_autofree char *uri = printer_uri (fleet, index, path);
  g_autoptr(GError) error = NULL;
  Pin pin = { json_object_get_string_member (manifest_entry (fleet, index), "cert_sha256"), NULL };
  GBytes *body;
  guint status;

  body = request (fleet->session, SOUP_METHOD_GET, uri, accept, &pin, &status, &error);
  g_free (pin.seen);
  g_assert_no_error (error);
  if (status != 200)
    g_error ("GET %s: %u", uri, status);
  return body;
}

static JsonObject *
truth_of (JsonNode *truth,
          guint     index)
{
  JsonArray *printers = json_object_get_array_member (json_node_get_object (truth), "printers");

  return json_array_get_object_element (printers, index);
}

/* Reading ------------------------------------------------------------------------------ */

static void
read_into (MlPrinterReading *reading,
           GBytes           *body)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *kind = NULL;
  gsize size;
  const char *data = g_bytes_get_data (body, &size);

  if (!ml_response_read (reading, data, size, &kind, &error))
    g_error ("%s\n%.*s", error->message, (int) MIN (size, 400), data);
}

static char *
node_text (JsonNode *node)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();

  if (node == NULL)
    return g_strdup ("null");
  json_generator_set_root (generator, node);
  json_generator_set_pretty (generator, TRUE);
  return json_generator_to_data (generator, NULL);
}

static void
assert_same_json (JsonNode   *read,
                  JsonNode   *expected,
                  const char *what)
{
  g_autofree char *a = node_text (read);
  g_autofree char *b = node_text (expected);

  if (strcmp (a, b) != 0)
    g_error ("%s differs from the truth:\nread:  %s\ntruth: %s", what, a, b);
}

static JsonNode *
member (JsonObject *object,
        const char *name)
{
  return json_object_get_member (object, name);
}

static char *
reading_text (MlPrinterReading *reading)
{
  g_autoptr(JsonNode) node = ml_printer_reading_to_json (reading);

  return node_text (node);
}

/* Both forms of a PIWS document must read the same. */
static void
assert_forms_agree (Fleet      *fleet,
                    guint       index,
                    const char *xml_path,
                    const char *xml_accept,
                    const char *json_path,
                    const char *json_accept)
{
  g_autoptr(MlPrinterReading) from_xml = ml_printer_reading_new ();
  g_autoptr(MlPrinterReading) from_json = ml_printer_reading_new ();
  g_autoptr(GBytes) xml = fetch (fleet, index, xml_path, xml_accept);
  g_autoptr(GBytes) json = fetch (fleet, index, json_path, json_accept);
  g_autoptr(GError) error = NULL;
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  MlPiwsDocument document;

  g_assert_cmpint (((const char *) g_bytes_get_data (xml, NULL))[0], ==, '<');
  g_assert_cmpint (((const char *) g_bytes_get_data (json, NULL))[0], ==, '{');
  g_assert_true (ml_piws_reader_read (from_xml, g_bytes_get_data (xml, NULL),
                                      g_bytes_get_size (xml), &document, &error));
  g_assert_no_error (error);
  g_assert_true (ml_piws_reader_read (from_json, g_bytes_get_data (json, NULL),
                                      g_bytes_get_size (json), &document, &error));
  g_assert_no_error (error);

  a = reading_text (from_xml);
  b = reading_text (from_json);
  if (strcmp (a, b) != 0)
    g_error ("%s and %s read differently:\nXML:  %s\nJSON: %s", xml_path, json_path, a, b);
}

static char *
jobs_path (const char *queue_uuid,
           gint64      from)
{
  return g_strdup_printf ("/LFPWebServices/PI/JQ/JobQueue/%s/jobs/all?fromModificationNumber=%"
                          G_GINT64_FORMAT, queue_uuid, from);
}

/* What a collector reads over PIWS, every document in its JSON form where one exists
 * and Paper/List before MediaSystem, as the collector's driver does. */
static MlPrinterReading *
read_piws (Fleet *fleet,
           guint  index)
{
  static const char * const paths[] = {
    "/LFPWebServices/PI/Identification.xml",
    "/LFPWebServices/PI/DeviceStatus.json",
    "/LFPWebServices/PI/Alerts.json/ActiveAlerts",
    "/LFPWebServices/PI/InkSystem.json",
    "/LFPWebServices/PI/PrintheadsStatus.json",
    "/LFPWebServices/PI/Paper/List",
    "/LFPWebServices/PI/MediaSystem.json",
    "/LFPWebServices/PI/DeviceCounters",
    "/LFPWebServices/PI/JQ/JobQueueCollection",
  };
  MlPrinterReading *reading = ml_printer_reading_new ();
  g_autoptr(GBytes) jobs = NULL;
  g_autofree char *path = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_autoptr(GBytes) body = fetch (fleet, index, paths[i], NULL);

      read_into (reading, body);
    }

  g_assert_nonnull (ml_printer_reading_get_queue_uuid (reading));
  path = jobs_path (ml_printer_reading_get_queue_uuid (reading), 0);
  jobs = fetch (fleet, index, path, NULL);
  read_into (reading, jobs);
  return reading;
}

static JsonNode *
list_json (GListModel *model,
           JsonNode *(*to_json) (gpointer))
{
  JsonArray *array = json_array_new ();
  JsonNode *node = json_node_new (JSON_NODE_ARRAY);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (model, i);

      json_array_add_element (array, to_json (item));
    }
  json_node_take_array (node, array);
  return node;
}

static JsonObject *
find_job (JsonArray  *jobs,
          const char *uuid)
{
  for (guint i = 0; i < json_array_get_length (jobs); i++)
    {
      JsonObject *job = json_array_get_object_element (jobs, i);

      if (strcmp (json_object_get_string_member (job, "uuid"), uuid) == 0)
        return job;
    }
  return NULL;
}

static void
assert_reading_is_truth (MlPrinterReading *reading,
                         JsonObject       *truth)
{
  g_autoptr(JsonNode) identity = ml_identity_to_json (ml_printer_reading_get_identity (reading));
  g_autoptr(JsonNode) status = ml_engine_status_to_json (ml_printer_reading_get_status (reading));
  g_autoptr(JsonNode) usage = ml_usage_to_json (ml_printer_reading_get_usage (reading));
  g_autoptr(JsonNode) cartridges = NULL;
  g_autoptr(JsonNode) printheads = NULL;
  g_autoptr(JsonNode) alerts = NULL;
  g_autoptr(JsonNode) sources = NULL;
  g_autoptr(JsonNode) types = NULL;
  GListModel *jobs = ml_printer_reading_get_jobs (reading);
  JsonArray *truth_jobs = json_object_get_array_member (truth, "jobs");

  cartridges = list_json (ml_printer_reading_get_cartridges (reading),
                          (JsonNode *(*) (gpointer)) ml_cartridge_to_json);
  printheads = list_json (ml_printer_reading_get_printheads (reading),
                          (JsonNode *(*) (gpointer)) ml_printhead_to_json);
  alerts = list_json (ml_printer_reading_get_alerts (reading),
                      (JsonNode *(*) (gpointer)) ml_alert_to_json);
  sources = list_json (ml_printer_reading_get_media_sources (reading),
                       (JsonNode *(*) (gpointer)) ml_media_source_to_json);
  types = list_json (ml_printer_reading_get_media_types (reading),
                     (JsonNode *(*) (gpointer)) ml_media_type_to_json);

  assert_same_json (identity, member (truth, "identity"), "identity");
  assert_same_json (cartridges, member (truth, "consumables"), "cartridges");
  assert_same_json (usage, member (truth, "counters"), "counters");
  assert_same_json (status, member (truth, "status"), "status");
  assert_same_json (alerts, member (truth, "alerts"), "alerts");
  assert_same_json (printheads, member (truth, "printheads"), "printheads");
  assert_same_json (sources, member (truth, "media_sources"), "media sources");
  assert_same_json (types, member (truth, "media_types"), "media types");
  g_assert_cmpstr (ml_printer_reading_get_queue_uuid (reading), ==,
                   json_object_get_string_member (truth, "queue_uuid"));
  g_assert_cmpint (ml_printer_reading_get_queue_modification (reading), ==,
                   json_object_get_int_member (truth, "queue_modification"));

  /* The queue lists the jobs the truth says it keeps, each with the same
   * accounting as the truth. */
  g_assert_cmpuint (g_list_model_get_n_items (jobs), >, 0);
  g_assert_cmpuint (g_list_model_get_n_items (jobs), ==,
                    json_array_get_length (json_object_get_array_member (truth, "queue_jobs")));
  for (guint i = 0; i < g_list_model_get_n_items (jobs); i++)
    {
      g_autoptr(MlJob) job = g_list_model_get_item (jobs, i);
      g_autoptr(JsonNode) node = ml_job_to_json (job);
      JsonObject *expected = find_job (truth_jobs, ml_job_get_uuid (job));
      g_autoptr(JsonNode) expected_node = json_node_new (JSON_NODE_OBJECT);

      g_assert_nonnull (expected);
      json_node_set_object (expected_node, expected);
      assert_same_json (node, expected_node, ml_job_get_uuid (job));
    }
}

static void
assert_ledm_is_truth (Fleet      *fleet,
                      guint       index,
                      JsonObject *truth)
{
  static const char * const paths[] = {
    "/DevMgmt/DiscoveryTree.xml",
    "/DevMgmt/ProductConfigDyn.xml",
    "/DevMgmt/ProductStatusDyn.xml",
    "/DevMgmt/ConsumableConfigDyn.xml",
    "/DevMgmt/ProductUsageDyn.xml",
    "/DevMgmt/MediaHandlingDyn.xml",
    "/EventMgmt/EventTable",
  };
  g_autoptr(MlPrinterReading) reading = ml_printer_reading_new ();
  g_autoptr(JsonNode) identity = NULL;
  MlUsage *usage = ml_printer_reading_get_usage (reading);
  JsonObject *counters = json_object_get_object_member (truth, "counters");
  JsonArray *consumables = json_object_get_array_member (truth, "consumables");
  JsonArray *inks = json_object_get_array_member (counters, "inks");
  GListModel *cartridges;

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_autoptr(GBytes) body = fetch (fleet, index, paths[i], NULL);
      g_autoptr(GError) error = NULL;
      MlLedmDocument document;

      g_assert_true (ml_ledm_reader_read (reading, g_bytes_get_data (body, NULL),
                                          g_bytes_get_size (body), &document, &error));
      g_assert_no_error (error);
    }

  identity = ml_identity_to_json (ml_printer_reading_get_identity (reading));
  assert_same_json (identity, member (truth, "identity"), "LEDM identity");
  g_assert_cmpint (ml_usage_get_page_count (usage), ==,
                   json_object_get_int_member (counters, "page_count"));
  g_assert_cmpint (ml_usage_get_total_ink_ul (usage), ==,
                   json_object_get_int_member (counters, "total_ink_ul"));

  cartridges = ml_printer_reading_get_cartridges (reading);
  g_assert_cmpuint (g_list_model_get_n_items (cartridges), ==,
                    json_array_get_length (consumables));
  for (guint i = 0; i < g_list_model_get_n_items (cartridges); i++)
    {
      g_autoptr(MlCartridge) cartridge = g_list_model_get_item (cartridges, i);
      JsonObject *expected = json_array_get_object_element (consumables, i);
      JsonObject *ink = json_array_get_object_element (inks, i);
      const char *color = json_object_get_string_member (expected, "color");
      MlInkUsage *read_ink = ml_usage_lookup_ink (usage, color);

      g_assert_cmpstr (ml_cartridge_get_color (cartridge), ==, color);
      g_assert_cmpstr (ml_cartridge_get_product_number (cartridge), ==,
                       json_object_get_string_member (expected, "product_number"));
      g_assert_cmpstr (ml_cartridge_get_product_name (cartridge), ==,
                       json_object_get_string_member (expected, "product_name"));
      g_assert_cmpstr (ml_cartridge_get_serial_number (cartridge), ==,
                       json_object_get_string_member (expected, "serial_number"));
      g_assert_cmpint (ml_cartridge_get_capacity_ul (cartridge), ==,
                       json_object_get_int_member (expected, "capacity_ul"));
      g_assert_cmpint (ml_cartridge_get_level_percent (cartridge), ==,
                       json_object_get_int_member (expected, "level_percent"));
      g_assert_cmpint (ml_cartridge_get_ink_used_ul (cartridge), ==,
                       json_object_get_int_member (expected, "ink_used_ul"));
      g_assert_nonnull (read_ink);
      g_assert_cmpint (ml_ink_usage_get_ink_used_ul (read_ink), ==,
                       json_object_get_int_member (ink, "ink_used_ul"));
      g_assert_cmpint (ml_ink_usage_get_insertions (read_ink), ==,
                       json_object_get_int_member (ink, "insertions"));
    }
}

/* Tests ------------------------------------------------------------------------------------ */

static void
test_documents_are_truth (Fleet         *fleet,
                          gconstpointer  data)
{
  g_autoptr(JsonNode) advanced = NULL;
  g_autoptr(JsonNode) truth = NULL;
  g_autoptr(JsonNode) stats = NULL;

  if (fleet->process == NULL)
    return;

  /* Into Monday's working day, so that jobs are waiting, printing and done. */
  advanced = control_json (fleet, SOUP_METHOD_POST, "advance?seconds=5400");
  truth = control_json (fleet, SOUP_METHOD_GET, "truth");

  for (guint i = 0; i < N_PRINTERS; i++)
    {
      JsonObject *printer = truth_of (truth, i);
      g_autoptr(MlPrinterReading) reading = NULL;
      g_autofree char *jobs_xml = NULL;
      g_autofree char *jobs_json = NULL;
      const char *queue = json_object_get_string_member (printer, "queue_uuid");

      g_assert_cmpstr (json_object_get_string_member (printer, "serial"), ==,
                       json_object_get_string_member (manifest_entry (fleet, i), "serial"));

      reading = read_piws (fleet, i);
      assert_reading_is_truth (reading, printer);
      assert_ledm_is_truth (fleet, i, printer);

      assert_forms_agree (fleet, i, "/LFPWebServices/PI/Identification.xml", NULL,
                          "/LFPWebServices/PI/Identification.json", NULL);
      assert_forms_agree (fleet, i, "/LFPWebServices/PI/DeviceStatus.xml", NULL,
                          "/LFPWebServices/PI/DeviceStatus.json", NULL);
      assert_forms_agree (fleet, i, "/LFPWebServices/PI/Alerts.xml/ActiveAlerts", NULL,
                          "/LFPWebServices/PI/Alerts.json/ActiveAlerts", NULL);
      assert_forms_agree (fleet, i, "/LFPWebServices/PI/InkSystem.xml", NULL,
                          "/LFPWebServices/PI/InkSystem.json", NULL);
      assert_forms_agree (fleet, i, "/LFPWebServices/PI/PrintheadsStatus.xml", NULL,
                          "/LFPWebServices/PI/PrintheadsStatus.json", NULL);
      assert_forms_agree (fleet, i, "/LFPWebServices/PI/MediaSystem.xml", NULL,
                          "/LFPWebServices/PI/MediaSystem.json", NULL);
      assert_forms_agree (fleet, i, "/LFPWebServices/PI/Paper/List", "application/xml",
                          "/LFPWebServices/PI/Paper/List", "application/json");
      assert_forms_agree (fleet, i, "/LFPWebServices/PI/DeviceCounters", NULL,
                          "/LFPWebServices/PI/DeviceCounters", "application/json");
      assert_forms_agree (fleet, i, "/LFPWebServices/PI/JQ/JobQueueCollection", NULL,
                          "/LFPWebServices/PI/JQ/JobQueueCollection", "application/json");
      jobs_xml = jobs_path (queue, 0);
      jobs_json = jobs_path (queue, 0);
      assert_forms_agree (fleet, i, jobs_xml, "application/xml", jobs_json, "application/json");
    }

  /* Nothing so far wrote to a printer. */
  stats = control_json (fleet, SOUP_METHOD_GET, "stats");
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (stats), "requests"), >,
                   N_PRINTERS * 30);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (stats),
                                               "non_read_requests"), ==, 0);
}

static void
test_non_read_refused (Fleet         *fleet,
                       gconstpointer  data)
{
  g_autofree char *uri = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) stats = NULL;
  g_autoptr(JsonNode) before = NULL;
  Pin pin = { NULL, NULL };
  guint status;

  if (fleet->process == NULL)
    return;

  /* The control server's own POSTs are not printer requests. */
  before = control_json (fleet, SOUP_METHOD_POST, "advance?seconds=60");
  stats = control_json (fleet, SOUP_METHOD_GET, "stats");
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (stats),
                                               "non_read_requests"), ==, 0);
  g_clear_pointer (&stats, json_node_unref);

  pin.expected = json_object_get_string_member (manifest_entry (fleet, 2), "cert_sha256");
  uri = printer_uri (fleet, 2, "/LFPWebServices/PI/JQ/JobQueue/x/control/pause");
  body = request (fleet->session, SOUP_METHOD_PUT, uri, NULL, &pin, &status, &error);
  g_free (pin.seen);
  g_assert_no_error (error);
  g_assert_cmpuint (status, ==, SOUP_STATUS_METHOD_NOT_ALLOWED);

  stats = control_json (fleet, SOUP_METHOD_GET, "stats");
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (stats),
                                               "non_read_requests"), ==, 1);
}

static GHashTable *
jobs_by_uuid (JsonObject *printer)
{
  GHashTable *table = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  JsonArray *jobs = json_object_get_array_member (printer, "jobs");

  for (guint i = 0; i < json_array_get_length (jobs); i++)
    {
      JsonObject *job = json_array_get_object_element (jobs, i);
      g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);

      json_node_set_object (node, job);
      g_hash_table_insert (table, g_strdup (json_object_get_string_member (job, "uuid")),
                           node_text (node));
    }
  return table;
}

static void
test_incremental_jobs (Fleet         *fleet,
                       gconstpointer  data)
{
  guint checked = 0;

  if (fleet->process == NULL)
    return;

  for (guint i = 0; i < N_PRINTERS; i++)
    {
      g_autoptr(JsonNode) first = NULL;
      g_autoptr(JsonNode) second = NULL;
      g_autoptr(JsonNode) advanced = NULL;
      g_autoptr(MlPrinterReading) reading = ml_printer_reading_new ();
      g_autoptr(MlPrinterReading) delta = ml_printer_reading_new ();
      g_autoptr(GHashTable) before = NULL;
      g_autoptr(GHashTable) after = NULL;
      g_autoptr(GHashTable) expected = g_hash_table_new (g_str_hash, g_str_equal);
      g_autoptr(GHashTable) in_queue = g_hash_table_new (g_str_hash, g_str_equal);
      JsonArray *queue_jobs;
      g_autoptr(GBytes) full = NULL;
      g_autoptr(GBytes) changes = NULL;
      g_autofree char *path = NULL;
      g_autofree char *serial_query = NULL;
      GHashTableIter iter;
      gpointer key;
      gpointer value;
      GListModel *jobs;
      JsonObject *printer;
      const char *queue;
      gint64 modification;

      serial_query = g_strdup_printf ("truth?serial=%s",
                                      json_object_get_string_member (manifest_entry (fleet, i),
                                                                     "serial"));
      first = control_json (fleet, SOUP_METHOD_GET, serial_query);
      printer = truth_of (first, 0);
      queue = json_object_get_string_member (printer, "queue_uuid");
      path = jobs_path (queue, 0);
      full = fetch (fleet, i, path, NULL);
      read_into (reading, full);
      modification = ml_printer_reading_get_queue_modification (reading);
      before = jobs_by_uuid (printer);

      /* Two working hours later. */
      advanced = control_json (fleet, SOUP_METHOD_POST, "advance?seconds=7200");
      second = control_json (fleet, SOUP_METHOD_GET, serial_query);
      after = jobs_by_uuid (truth_of (second, 0));

      g_free (path);
      path = jobs_path (queue, modification);
      changes = fetch (fleet, i, path, NULL);
      read_into (delta, changes);

      /* Exactly the jobs that are new or changed come back in full, of those the
       * queue still lists (it keeps the newest --queue-depth jobs). */
      queue_jobs = json_object_get_array_member (truth_of (second, 0), "queue_jobs");
      for (guint j = 0; j < json_array_get_length (queue_jobs); j++)
        g_hash_table_add (in_queue, (gpointer) json_array_get_string_element (queue_jobs, j));
      g_hash_table_iter_init (&iter, after);
      while (g_hash_table_iter_next (&iter, &key, &value))
        {
          const char *old = g_hash_table_lookup (before, key);

          if ((old == NULL || strcmp (old, value) != 0) && g_hash_table_contains (in_queue, key))
            g_hash_table_add (expected, key);
        }

      jobs = ml_printer_reading_get_jobs (delta);
      g_assert_cmpuint (g_list_model_get_n_items (jobs), ==, g_hash_table_size (expected));
      for (guint j = 0; j < g_list_model_get_n_items (jobs); j++)
        {
          g_autoptr(MlJob) job = g_list_model_get_item (jobs, j);
          g_autoptr(JsonNode) node = ml_job_to_json (job);
          g_autofree char *text = node_text (node);

          g_assert_true (g_hash_table_contains (expected, ml_job_get_uuid (job)));
          g_assert_cmpstr (text, ==, g_hash_table_lookup (after, ml_job_get_uuid (job)));
          checked++;
        }
      g_assert_cmpint (ml_printer_reading_get_queue_modification (delta), ==,
                       json_object_get_int_member (truth_of (second, 0), "queue_modification"));
    }

  /* Two hours of a working Monday bring news on several printers. */
  g_assert_cmpuint (checked, >, 0);
}

/* Faults, as a client meets them ------------------------------------------------------------ */

static void
inject (Fleet      *fleet,
        guint       index,
        const char *kind)
{
  g_autofree char *path = g_strdup_printf ("fault?serial=%s&kind=%s",
                                           json_object_get_string_member (manifest_entry (fleet,
                                                                                          index),
                                                                          "serial"),
                                           kind);
  g_autoptr(JsonNode) node = control_json (fleet, SOUP_METHOD_POST, path);
}

static void
clear (Fleet *fleet,
       guint  index)
{
  g_autofree char *path = g_strdup_printf ("fault/clear?serial=%%23%u", index);
  g_autoptr(JsonNode) node = control_json (fleet, SOUP_METHOD_POST, path);
}

/* A GET with a fresh session (so a fresh connection) and its own timeout. */
static GBytes *
try_fetch (Fleet      *fleet,
           guint       index,
           const char *path,
           guint       timeout_s,
           Pin        *pin,
           guint      *out_status,
           GError    **error)
{
  g_autoptr(SoupSession) session = soup_session_new_with_options ("timeout", timeout_s, NULL);
  g_autofree char *uri = printer_uri (fleet, index, path);

  return request (session, SOUP_METHOD_GET, uri, NULL, pin, out_status, error);
}

static void
test_faults (Fleet         *fleet,
             gconstpointer  data)
{
  const char *ink_path = "/LFPWebServices/PI/InkSystem.json";
  const char *counters_path = "/LFPWebServices/PI/DeviceCounters";
  const char *queues_path = "/LFPWebServices/PI/JQ/JobQueueCollection";

  if (fleet->process == NULL)
    return;

  /* slow: a client that waits one second gives up. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GBytes) body = NULL;
    Pin pin = { json_object_get_string_member (manifest_entry (fleet, 0), "cert_sha256"), NULL };
    guint status;

    inject (fleet, 0, "slow");
    body = try_fetch (fleet, 0, ink_path, 1, &pin, &status, &error);
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT);
    g_clear_error (&error);
    clear (fleet, 0);
    g_clear_pointer (&body, g_bytes_unref);
    body = try_fetch (fleet, 0, ink_path, 10, &pin, &status, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (status, ==, 200);
    g_free (pin.seen);
  }

  /* truncated: Content-Length promised more than came before the connection closed. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GBytes) body = NULL;
    Pin pin = { json_object_get_string_member (manifest_entry (fleet, 1), "cert_sha256"), NULL };
    guint status;

    inject (fleet, 1, "truncated");
    body = try_fetch (fleet, 1, ink_path, 10, &pin, &status, &error);
    /* libsoup 3.2 hands over what came without an error; the body is then shorter
     * than its Content-Length, and no reader takes it. */
    if (error == NULL)
      {
        g_autoptr(MlPrinterReading) reading = ml_printer_reading_new ();
        g_autofree char *kind = NULL;

        g_assert_cmpuint (status, ==, 200);
        g_assert_nonnull (body);
        g_assert_cmpint ((gint64) g_bytes_get_size (body), <, last_content_length);
        g_assert_false (ml_response_read (reading, g_bytes_get_data (body, NULL),
                                          g_bytes_get_size (body), &kind, &error));
        g_assert_nonnull (error);
      }
    g_clear_error (&error);
    clear (fleet, 1);
    g_free (pin.seen);
  }

  /* malformed: a 200 whose body no reader takes. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GBytes) body = NULL;
    g_autoptr(MlPrinterReading) reading = ml_printer_reading_new ();
    g_autofree char *kind = NULL;
    Pin pin = { json_object_get_string_member (manifest_entry (fleet, 2), "cert_sha256"), NULL };
    guint status;

    inject (fleet, 2, "malformed");
    body = try_fetch (fleet, 2, ink_path, 10, &pin, &status, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (status, ==, 200);
    g_assert_false (ml_response_read (reading, g_bytes_get_data (body, NULL),
                                      g_bytes_get_size (body), &kind, &error));
    g_assert_nonnull (error);
    g_assert_true (error->domain == ML_ERROR);
    clear (fleet, 2);
    g_free (pin.seen);
  }

  /* http500 */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GBytes) body = NULL;
    Pin pin = { json_object_get_string_member (manifest_entry (fleet, 3), "cert_sha256"), NULL };
    guint status;

    inject (fleet, 3, "http500");
    body = try_fetch (fleet, 3, ink_path, 10, &pin, &status, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (status, ==, SOUP_STATUS_INTERNAL_SERVER_ERROR);
    clear (fleet, 3);
    g_free (pin.seen);
  }

  /* cert-change: the next connection shows another fingerprint, which the pin
   * refuses; the truth names the new one. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GBytes) body = NULL;
    g_autoptr(JsonNode) truth = NULL;
    Pin pin = { json_object_get_string_member (manifest_entry (fleet, 4), "cert_sha256"), NULL };
    guint status;

    inject (fleet, 4, "cert-change");
    body = try_fetch (fleet, 4, ink_path, 10, &pin, &status, &error);
    g_assert_nonnull (error);
    g_assert_nonnull (pin.seen);
    g_assert_cmpstr (pin.seen, !=, pin.expected);
    truth = control_json (fleet, SOUP_METHOD_GET, "truth");
    g_assert_cmpstr (json_object_get_string_member (truth_of (truth, 4), "cert_sha256"), ==,
                     pin.seen);
    g_free (pin.seen);
  }

  /* counter-reset: the lifetime counters drop. */
  {
    g_autoptr(MlPrinterReading) before = ml_printer_reading_new ();
    g_autoptr(MlPrinterReading) after = ml_printer_reading_new ();
    g_autoptr(GBytes) first = NULL;
    g_autoptr(GBytes) second = NULL;
    g_autoptr(JsonNode) advanced = NULL;
    g_autoptr(JsonNode) truth = NULL;

    advanced = control_json (fleet, SOUP_METHOD_POST, "advance?seconds=3600");
    first = fetch (fleet, 0, counters_path, NULL);
    read_into (before, first);
    g_assert_cmpint (ml_usage_get_total_ink_ul (ml_printer_reading_get_usage (before)), >, 0);

    inject (fleet, 0, "counter-reset");
    second = fetch (fleet, 0, counters_path, NULL);
    read_into (after, second);
    g_assert_cmpint (ml_usage_get_total_ink_ul (ml_printer_reading_get_usage (after)), <,
                     ml_usage_get_total_ink_ul (ml_printer_reading_get_usage (before)));
    truth = control_json (fleet, SOUP_METHOD_GET, "truth");
    g_assert_true (json_object_has_member (truth_of (truth, 0), "counters_reset_at"));
  }

  /* reboot: a new queue UUID; the old one is unknown now. */
  {
    g_autoptr(MlPrinterReading) before = ml_printer_reading_new ();
    g_autoptr(MlPrinterReading) after = ml_printer_reading_new ();
    g_autoptr(GBytes) first = fetch (fleet, 1, queues_path, NULL);
    g_autoptr(GBytes) second = NULL;
    g_autoptr(GBytes) stale_body = NULL;
    g_autoptr(GError) error = NULL;
    g_autofree char *stale = NULL;
    Pin pin = { json_object_get_string_member (manifest_entry (fleet, 1), "cert_sha256"), NULL };
    guint status;

    read_into (before, first);
    inject (fleet, 1, "reboot");
    second = fetch (fleet, 1, queues_path, NULL);
    read_into (after, second);
    g_assert_cmpstr (ml_printer_reading_get_queue_uuid (after), !=,
                     ml_printer_reading_get_queue_uuid (before));

    stale = jobs_path (ml_printer_reading_get_queue_uuid (before), 0);
    stale_body = try_fetch (fleet, 1, stale, 10, &pin, &status, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (status, ==, SOUP_STATUS_NOT_FOUND);
    g_assert_cmpmem (g_bytes_get_data (stale_body, NULL), g_bytes_get_size (stale_body),
                     "Unkownw QueueID", strlen ("Unkownw QueueID"));
    g_free (pin.seen);
  }

  /* offline: the connection is refused until the fault is cleared. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GBytes) body = NULL;
    Pin pin = { json_object_get_string_member (manifest_entry (fleet, 2), "cert_sha256"), NULL };
    guint status;

    inject (fleet, 2, "offline");
    body = try_fetch (fleet, 2, ink_path, 10, &pin, &status, &error);
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED);
    g_clear_error (&error);
    clear (fleet, 2);
    body = try_fetch (fleet, 2, ink_path, 10, &pin, &status, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (status, ==, 200);
    g_free (pin.seen);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/sim/fleet/documents-are-truth", Fleet, NULL,
              fleet_setup, test_documents_are_truth, fleet_teardown);
  g_test_add ("/sim/fleet/incremental-jobs", Fleet, NULL,
              fleet_setup, test_incremental_jobs, fleet_teardown);
  g_test_add ("/sim/fleet/non-read-refused", Fleet, NULL,
              fleet_setup, test_non_read_refused, fleet_teardown);
  g_test_add ("/sim/fleet/faults", Fleet, NULL,
              fleet_setup, test_faults, fleet_teardown);

  return g_test_run ();
}
