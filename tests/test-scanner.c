/* test-scanner.c: discovery against the simulator and against devices that are not printers
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The simulated fleet (ML_PRINTER_SIM) answers on 127.0.1.1 to .6 over real HTTPS;
 * beside it, in process, a web server that is not a printer (404 everywhere, own
 * self-signed certificate) and an office printer that only speaks LEDM. A scan of
 * 127.0.1.0/27 must find exactly the fleet. Nothing sleeps: every wait runs the main
 * loop until an event or a deadline.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <string.h>

#include "ml-certificate.h"
#include "ml-scanner.h"
#include "ml-sim-catalog.h"
#include "ml-test-fleet.h"

#define N_PRINTERS 6
#define RANGE "127.0.1.0/27"
#define N_ADDRESSES 32
#define NOT_A_PRINTER "127.0.1.20"
#define OFFICE_PRINTER "127.0.1.21"
#define DEADLINE_S 60

/* The identity part of a real OfficeJet Pro 9022e's ProductConfigDyn. */
static const char office_product_config[] =
  "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
  "<prdcfgdyn2:ProductConfigDyn"
  " xmlns:dd=\"http://www.hp.com/schemas/imaging/con/dictionaries/1.0/\""
  " xmlns:prdcfgdyn2=\"http://www.hp.com/schemas/imaging/con/ledm/productconfigdyn/2009/03/16\""
  " xmlns:prdcfgdyn=\"http://www.hp.com/schemas/imaging/con/ledm/productconfigdyn/2007/11/05\">"
  "<prdcfgdyn:ProductInformation>"
  "<dd:Version><dd:Revision>MANHHIPP1N005.2623A.00</dd:Revision>"
  "<dd:Date>2026-06-04</dd:Date></dd:Version>"
  "<dd:MakeAndModel>HP OfficeJet Pro 9020 series</dd:MakeAndModel>"
  "<dd:SerialNumber>TH12A3B45C</dd:SerialNumber>"
  "<dd:ProductNumber>226Y0B</dd:ProductNumber>"
  "</prdcfgdyn:ProductInformation>"
  "</prdcfgdyn2:ProductConfigDyn>\n";

/* An HTTPS server in this process: either nothing but 404s, or the office printer. */
typedef struct
{
  SoupServer *server;
  char *cert_sha256;
  gboolean office;
  guint requests;
  guint non_get_requests;
} Device;

typedef struct
{
  MlTestFleet *fleet;
  Device not_a_printer;
} Fixture;

typedef struct
{
  gboolean done;
  GPtrArray *results;
  GError *error;
  guint progress_calls;
  guint last_done;
  guint last_total;
  guint last_found;
  gint64 last_eta;
  gboolean went_back;
  guint cancel_at;
  GCancellable *cancellable;
} Scan;

static void
on_device_request (SoupServer        *server,
                   SoupServerMessage *msg,
                   const char        *path,
                   GHashTable        *query,
                   gpointer           user_data)
{
  Device *device = user_data;

  device->requests++;
  if (soup_server_message_get_method (msg) != SOUP_METHOD_GET)
    device->non_get_requests++;

  if (device->office && strcmp (path, "/DevMgmt/ProductConfigDyn.xml") == 0)
    {
      soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
      soup_server_message_set_response (msg, "text/xml", SOUP_MEMORY_STATIC,
                                        office_product_config, strlen (office_product_config));
      return;
    }
  soup_server_message_set_status (msg, SOUP_STATUS_NOT_FOUND, NULL);
  soup_server_message_set_response (msg, "text/html", SOUP_MEMORY_STATIC,
                                    "<html><body>Not Found</body></html>",
                                    strlen ("<html><body>Not Found</body></html>"));
}

static guint
device_start (Device     *device,
              const char *address,
              guint       port,
              gboolean    office)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GTlsCertificate) certificate = NULL;
  g_autoptr(GInetAddress) inet = g_inet_address_new_from_string (address);
  g_autoptr(GSocketAddress) socket_address = g_inet_socket_address_new (inet, port);
  g_autoptr(GSocketAddress) local = NULL;
  g_autoptr(GSocket) socket = NULL;

  certificate = ml_certificate_generate (office ? "TH12A3B45C" : "web-server", "HP", address,
                                         &device->cert_sha256, &error);
  g_assert_no_error (error);

  device->office = office;
  device->server = soup_server_new ("tls-certificate", certificate, NULL);
  soup_server_add_handler (device->server, NULL, on_device_request, device, NULL);

  /* Bound here rather than by soup_server_listen() to learn the port port 0 got. */
  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP,
                         &error);
  g_assert_no_error (error);
  g_socket_bind (socket, socket_address, TRUE, &error);
  g_assert_no_error (error);
  g_socket_listen (socket, &error);
  g_assert_no_error (error);
  soup_server_listen_socket (device->server, socket, SOUP_SERVER_LISTEN_HTTPS, &error);
  g_assert_no_error (error);

  local = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (local));
}

static void
device_stop (Device *device)
{
  /* Let the server see the scanner's closed connections first. */
  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);
  if (device->server != NULL)
    soup_server_disconnect (device->server);
  g_clear_object (&device->server);
  g_clear_pointer (&device->cert_sha256, g_free);
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  fixture->fleet = ml_test_fleet_start (N_PRINTERS, "127.0.1.1", 11, NULL);
  if (fixture->fleet == NULL)
    return;

  /* A web server that is not a printer, on the fleet's port inside the range. */
  device_start (&fixture->not_a_printer, NOT_A_PRINTER, ml_test_fleet_get_port (fixture->fleet),
                FALSE);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  device_stop (&fixture->not_a_printer);
  ml_test_fleet_stop (fixture->fleet);
}

static void
on_progress (MlScanner *scanner,
             guint      done,
             guint      total,
             guint      found,
             gint64     eta_ms,
             gpointer   user_data)
{
  Scan *scan = user_data;

  if (done < scan->last_done || found < scan->last_found)
    scan->went_back = TRUE;
  scan->progress_calls++;
  scan->last_done = done;
  scan->last_total = total;
  scan->last_found = found;
  scan->last_eta = eta_ms;

  if (scan->cancel_at > 0 && done >= scan->cancel_at)
    g_cancellable_cancel (scan->cancellable);
}

static void
on_scanned (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  Scan *scan = user_data;

  g_assert_false (scan->done);
  scan->results = ml_scanner_scan_finish (ML_SCANNER (object), result, &scan->error);
  scan->done = TRUE;
}

static void
run_scan (MlScanner  *scanner,
          const char *range_text,
          Scan       *scan)
{
  g_autoptr(MlIpRange) ranges = NULL;
  g_autoptr(GError) error = NULL;

  ranges = ml_ip_range_parse (range_text, &error);
  g_assert_no_error (error);

  g_signal_connect (scanner, "progress", G_CALLBACK (on_progress), scan);
  ml_scanner_scan_async (scanner, ranges, scan->cancellable, on_scanned, scan);
  ml_test_wait (&scan->done, DEADLINE_S);
  g_signal_handlers_disconnect_by_data (scanner, scan);
}

static void
scan_clear (Scan *scan)
{
  g_clear_pointer (&scan->results, g_ptr_array_unref);
  g_clear_error (&scan->error);
  g_clear_object (&scan->cancellable);
}

static void
test_fleet (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(MlScanner) scanner = NULL;
  g_autoptr(JsonNode) truth = NULL;
  Scan scan = { 0 };

  if (fixture->fleet == NULL)
    return;

  scanner = ml_scanner_new ();
  ml_scanner_set_port (scanner, ml_test_fleet_get_port (fixture->fleet));
  ml_scanner_set_concurrency (scanner, 8);
  run_scan (scanner, RANGE, &scan);
  g_assert_no_error (scan.error);

  /* Exactly the fleet, in address order: not the web server, nothing else. */
  truth = ml_test_fleet_truth (fixture->fleet);
  g_assert_cmpuint (scan.results->len, ==, N_PRINTERS);
  for (guint i = 0; i < N_PRINTERS; i++)
    {
      MlScanResult *result = g_ptr_array_index (scan.results, i);
      MlIdentity *identity = ml_scan_result_get_identity (result);
      JsonObject *printer = ml_test_fleet_truth_printer (truth, i);

      g_assert_cmpstr (ml_scan_result_get_address (result), ==,
                       ml_test_fleet_get_address (fixture->fleet, i));
      g_assert_cmpuint (ml_scan_result_get_port (result), ==,
                        ml_test_fleet_get_port (fixture->fleet));
      g_assert_nonnull (identity);
      g_assert_cmpstr (ml_identity_get_serial_number (identity), ==,
                       ml_test_fleet_get_serial (fixture->fleet, i));
      g_assert_cmpstr (ml_identity_get_product_number (identity), ==,
                       json_object_get_string_member (printer, "product_number"));
      g_assert_cmpstr (ml_identity_get_model_name (identity), ==,
                       json_object_get_string_member (printer, "model"));
      g_assert_nonnull (ml_identity_get_firmware_version (identity));
      g_assert_cmpstr (ml_scan_result_get_cert_sha256 (result), ==,
                       ml_test_fleet_get_cert (fixture->fleet, i));
      g_assert_cmpstr (ml_scan_result_get_protocol (result), ==, "PIWS");
      g_assert_true (ml_scan_result_get_supported (result));
      g_assert_null (ml_scan_result_get_reason (result));
    }

  /* The web server was asked both ways, with GET only, and is not in the list. */
  g_assert_cmpuint (fixture->not_a_printer.requests, ==, 2);
  g_assert_cmpuint (fixture->not_a_printer.non_get_requests, ==, 0);

  g_assert_false (scan.went_back);
  g_assert_cmpuint (scan.progress_calls, >=, N_ADDRESSES);
  g_assert_cmpuint (scan.last_done, ==, N_ADDRESSES);
  g_assert_cmpuint (scan.last_total, ==, N_ADDRESSES);
  g_assert_cmpuint (scan.last_found, ==, N_PRINTERS);
  g_assert_cmpint (scan.last_eta, ==, 0);

  /* Discovery only reads. */
  g_assert_cmpint (ml_test_fleet_stat (fixture->fleet, "non_read_requests"), ==, 0);

  scan_clear (&scan);
  g_assert_finalize_object (g_steal_pointer (&scanner));
}

static void
test_unsupported (void)
{
  g_autoptr(MlScanner) scanner = ml_scanner_new ();
  Device office = { 0 };
  Scan scan = { 0 };
  MlScanResult *result;
  MlIdentity *identity;
  guint port;

  port = device_start (&office, OFFICE_PRINTER, 0, TRUE);
  ml_scanner_set_port (scanner, port);
  run_scan (scanner, OFFICE_PRINTER, &scan);
  g_assert_no_error (scan.error);

  /* Listed, so that the technician sees it, but not collected. */
  g_assert_cmpuint (scan.results->len, ==, 1);
  result = g_ptr_array_index (scan.results, 0);
  identity = ml_scan_result_get_identity (result);
  g_assert_cmpstr (ml_scan_result_get_address (result), ==, OFFICE_PRINTER);
  g_assert_cmpstr (ml_scan_result_get_protocol (result), ==, "LEDM");
  g_assert_cmpstr (ml_identity_get_serial_number (identity), ==, "TH12A3B45C");
  g_assert_cmpstr (ml_identity_get_product_number (identity), ==, "226Y0B");
  g_assert_cmpstr (ml_identity_get_firmware_version (identity), ==, "MANHHIPP1N005.2623A.00");
  g_assert_cmpstr (ml_scan_result_get_cert_sha256 (result), ==, office.cert_sha256);
  g_assert_false (ml_scan_result_get_supported (result));
  g_assert_cmpstr (ml_scan_result_get_reason (result), ==,
                   "HP OfficeJet Pro 9020 series (226Y0B) is not a supported large-format "
                   "printer");

  /* PIWS first (404), then LEDM: two GETs. */
  g_assert_cmpuint (office.requests, ==, 2);
  g_assert_cmpuint (office.non_get_requests, ==, 0);

  scan_clear (&scan);
  device_stop (&office);
}

static void
test_cancel (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(MlScanner) scanner = NULL;
  Scan scan = { 0 };

  if (fixture->fleet == NULL)
    return;

  scanner = ml_scanner_new ();
  ml_scanner_set_port (scanner, ml_test_fleet_get_port (fixture->fleet));
  ml_scanner_set_concurrency (scanner, 2);
  scan.cancellable = g_cancellable_new ();
  scan.cancel_at = 3;
  run_scan (scanner, "127.0.1.0/24", &scan);

  g_assert_error (scan.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (scan.results);
  /* What was under way ends; nothing new starts. */
  g_assert_cmpuint (scan.last_done, <, 3 + 2);
  g_assert_cmpint (ml_test_fleet_stat (fixture->fleet, "non_read_requests"), ==, 0);

  scan_clear (&scan);
}

static void
test_cancelled_before (void)
{
  g_autoptr(MlScanner) scanner = ml_scanner_new ();
  Scan scan = { 0 };

  scan.cancellable = g_cancellable_new ();
  g_cancellable_cancel (scan.cancellable);
  ml_scanner_set_port (scanner, 1);
  run_scan (scanner, "127.0.1.0/24", &scan);
  g_assert_error (scan.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (scan.last_done, ==, 0);
  scan_clear (&scan);
}

static void
on_silent_accepted (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  GPtrArray *held = user_data;
  GSocketConnection *connection;

  connection = g_socket_listener_accept_finish (G_SOCKET_LISTENER (source), result, NULL, NULL);
  if (connection == NULL)
    return;
  /* Held open and never answered, like a device that takes the connection and then
   * says nothing. */
  g_ptr_array_add (held, connection);
  g_socket_listener_accept_async (G_SOCKET_LISTENER (source), NULL, on_silent_accepted, held);
}

/* A device that accepts and stays silent costs its own timeout and is not listed;
 * refusing addresses beside it are done at once. */
static void
test_silent (void)
{
  g_autoptr(MlScanner) scanner = ml_scanner_new ();
  g_autoptr(GSocketListener) listener = g_socket_listener_new ();
  g_autoptr(GPtrArray) held = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GInetAddress) inet = g_inet_address_new_from_string ("127.0.1.22");
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (inet, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;
  Scan scan = { 0 };
  gint64 started;
  double seconds;

  g_socket_listener_add_address (listener, address, G_SOCKET_TYPE_STREAM,
                                 G_SOCKET_PROTOCOL_TCP, NULL, &bound, &error);
  g_assert_no_error (error);
  g_socket_listener_accept_async (listener, NULL, on_silent_accepted, held);

  ml_scanner_set_port (scanner, g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
  ml_scanner_set_timeout (scanner, 200);
  started = g_get_monotonic_time ();
  run_scan (scanner, "127.0.1.22-23", &scan);
  seconds = (g_get_monotonic_time () - started) / 1e6;

  g_assert_no_error (scan.error);
  g_assert_cmpuint (scan.results->len, ==, 0);
  g_assert_cmpuint (scan.last_done, ==, 2);
  g_assert_cmpuint (held->len, >=, 1);
  /* The identification's own timeout, not more. */
  g_assert_cmpfloat (seconds, <, 15);
  scan_clear (&scan);

  g_socket_listener_close (listener);
}

static void
test_empty (void)
{
  g_autoptr(MlScanner) scanner = ml_scanner_new ();
  Scan scan = { 0 };

  run_scan (scanner, "", &scan);
  g_assert_no_error (scan.error);
  g_assert_cmpuint (scan.results->len, ==, 0);
  g_assert_cmpuint (scan.last_total, ==, 0);
  scan_clear (&scan);
}

static void
test_supported_list (void)
{
  char *reason = NULL;

  /* Every model the simulator plays is one the collector supports. */
  for (guint i = 0; i < ml_sim_catalog_get_n_models (); i++)
    {
      const MlSimModel *model = ml_sim_catalog_get_model (i);

      g_assert_true (ml_scanner_is_supported (model->product_number, model->model_name, &reason));
      g_assert_null (reason);
    }

  /* Option suffixes and case do not matter. */
  g_assert_true (ml_scanner_is_supported ("cr354a#B19", NULL, NULL));
  g_assert_true (ml_scanner_is_supported (" W3Z71A ", "HP DesignJet Z9+", NULL));

  g_assert_false (ml_scanner_is_supported ("226Y0B", "HP OfficeJet Pro 9020 series", &reason));
  g_assert_cmpstr (reason, ==,
                   "HP OfficeJet Pro 9020 series (226Y0B) is not a supported large-format printer");
  g_clear_pointer (&reason, g_free);

  g_assert_false (ml_scanner_is_supported ("226Y0B", NULL, &reason));
  g_assert_cmpstr (reason, ==, "Product 226Y0B is not a supported large-format printer");
  g_clear_pointer (&reason, g_free);

  g_assert_false (ml_scanner_is_supported (NULL, "HP LaserJet", &reason));
  g_assert_nonnull (strstr (reason, "HP LaserJet does not report its product number"));
  g_clear_pointer (&reason, g_free);

  g_assert_false (ml_scanner_is_supported ("", NULL, NULL));
}

/* The command line ---------------------------------------------------------------- */

typedef struct
{
  gboolean done;
  char *out;
  char *err;
  GError *error;
} Run;

static void
on_communicated (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Run *run = user_data;

  g_subprocess_communicate_utf8_finish (G_SUBPROCESS (source), result, &run->out, &run->err,
                                        &run->error);
  run->done = TRUE;
}

/* Runs meterlink-collector with argv (NULL-terminated, after the program); returns
 * the exit status. */
static int
run_collector (const char * const *args,
               char              **out_stdout,
               char              **out_stderr)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) argv = NULL;
  Run run = { 0 };

  g_strv_builder_add (builder, g_getenv ("ML_COLLECTOR"));
  g_strv_builder_addv (builder, (const char **)args);
  argv = g_strv_builder_end (builder);

  process = g_subprocess_newv ((const char * const *)argv,
                               G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                               &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8_async (process, NULL, NULL, on_communicated, &run);
  ml_test_wait (&run.done, DEADLINE_S);
  g_assert_no_error (run.error);

  *out_stdout = run.out;
  *out_stderr = run.err;
  g_assert_true (g_subprocess_get_if_exited (process));
  return g_subprocess_get_exit_status (process);
}

static void
test_command (Fixture       *fixture,
              gconstpointer  data)
{
  g_autofree char *port = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonNode) truth = NULL;
  g_autoptr(GError) error = NULL;
  JsonArray *printers;
  int status;

  if (fixture->fleet == NULL)
    return;
  if (g_getenv ("ML_COLLECTOR") == NULL)
    {
      g_test_skip ("ML_COLLECTOR is not set");
      return;
    }

  port = g_strdup_printf ("%u", ml_test_fleet_get_port (fixture->fleet));
  /* The range may come in pieces, as the shell splits it. */
  status = run_collector ((const char *[]) { "scan", "--json", "--port", port, "--concurrency",
                                             "16", "127.0.1.0/28", "127.0.1.16-31", NULL },
                          &out, &err);
  g_assert_cmpint (status, ==, 0);
  /* No terminal, no progress line. */
  g_assert_cmpstr (err, ==, "");

  root = json_from_string (out, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (root));
  printers = json_node_get_array (root);
  truth = ml_test_fleet_truth (fixture->fleet);
  g_assert_cmpuint (json_array_get_length (printers), ==, N_PRINTERS);
  for (guint i = 0; i < N_PRINTERS; i++)
    {
      JsonObject *printer = json_array_get_object_element (printers, i);
      JsonObject *expected = ml_test_fleet_truth_printer (truth, i);
      g_autoptr(GList) members = json_object_get_members (printer);
      const char * const keys[] = {
        "address", "serial", "product_number", "model", "firmware", "supported", "reason"
      };

      g_assert_cmpuint (g_list_length (members), ==, G_N_ELEMENTS (keys));
      for (guint k = 0; k < G_N_ELEMENTS (keys); k++)
        g_assert_true (json_object_has_member (printer, keys[k]));

      g_assert_cmpstr (json_object_get_string_member (printer, "address"), ==,
                       ml_test_fleet_get_address (fixture->fleet, i));
      g_assert_cmpstr (json_object_get_string_member (printer, "serial"), ==,
                       ml_test_fleet_get_serial (fixture->fleet, i));
      g_assert_cmpstr (json_object_get_string_member (printer, "product_number"), ==,
                       json_object_get_string_member (expected, "product_number"));
      g_assert_cmpstr (json_object_get_string_member (printer, "model"), ==,
                       json_object_get_string_member (expected, "model"));
      g_assert_nonnull (json_object_get_string_member (printer, "firmware"));
      g_assert_true (json_object_get_boolean_member (printer, "supported"));
      g_assert_true (json_object_get_null_member (printer, "reason"));
    }

  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* The table names every printer. */
  status = run_collector ((const char *[]) { "scan", "--port", port, RANGE, NULL }, &out, &err);
  g_assert_cmpint (status, ==, 0);
  g_assert_true (g_str_has_prefix (out, "Address "));
  for (guint i = 0; i < N_PRINTERS; i++)
    g_assert_nonnull (strstr (out, ml_test_fleet_get_serial (fixture->fleet, i)));
  g_assert_nonnull (strstr (out, "32 addresses probed in "));
  g_assert_nonnull (strstr (out, ": 6 printers found, 6 of them supported.\n"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (ml_test_fleet_stat (fixture->fleet, "non_read_requests"), ==, 0);
}

static void
test_command_usage (void)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *config = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  if (g_getenv ("ML_COLLECTOR") == NULL)
    {
      g_test_skip ("ML_COLLECTOR is not set");
      return;
    }

  status = run_collector ((const char *[]) { "scan", "192.0.2.300", NULL }, &out, &err);
  g_assert_cmpint (status, ==, 2);
  g_assert_cmpstr (out, ==, "");
  g_assert_cmpstr (err, ==,
                   "meterlink-collector scan: 192.0.2.300: 300 is not an octet (0-255)\n");
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  status = run_collector ((const char *[]) { "scan", "--concurrency", "0", "192.0.2.1", NULL },
                          &out, &err);
  g_assert_cmpint (status, ==, 2);
  g_assert_true (g_str_has_prefix (err, "meterlink-collector scan: --concurrency takes"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* Without a range and with none configured there is nothing to scan. */
  dir = g_dir_make_tmp ("test-scanner-XXXXXX", &error);
  g_assert_no_error (error);
  config = g_build_filename (dir, "collector.conf", NULL);
  status = run_collector ((const char *[]) { "scan", "--config", config, NULL }, &out, &err);
  g_assert_cmpint (status, ==, 2);
  g_assert_true (g_str_has_prefix (err, "meterlink-collector scan: name the addresses"));
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/collector/scanner/fleet", Fixture, NULL, fixture_setup, test_fleet,
              fixture_teardown);
  g_test_add ("/collector/scanner/cancel", Fixture, NULL, fixture_setup, test_cancel,
              fixture_teardown);
  g_test_add ("/collector/scanner/command", Fixture, NULL, fixture_setup, test_command,
              fixture_teardown);
  g_test_add_func ("/collector/scanner/unsupported", test_unsupported);
  g_test_add_func ("/collector/scanner/cancelled-before", test_cancelled_before);
  g_test_add_func ("/collector/scanner/silent", test_silent);
  g_test_add_func ("/collector/scanner/empty", test_empty);
  g_test_add_func ("/collector/scanner/supported-list", test_supported_list);
  g_test_add_func ("/collector/scanner/command-usage", test_command_usage);

  return g_test_run ();
}
