/* bench-sim.c: requests per second and memory per printer of meterlink-printer-sim
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Starts the simulator (ML_PRINTER_SIM) with 1000 printers and measures, over HTTPS
 * with keep-alive and 16 requests in flight from one libsoup client, how many
 * InkSystem.json and jobs/all requests it serves per second. Beside it, in the same
 * run, the same client against a reference: a minimal HTTPS SoupServer in a thread of
 * this process serving a constant small body. Then the resident memory of a fleet
 * of 1 and of 1000 printers. Counts and waits are bounded; everything is loopback.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>

#include "ml-certificate.h"
#include "ml-piws-reader.h"

#define IN_FLIGHT 16
#define WARM_UP 64
#define INK_REQUESTS 3000
#define JOBS_REQUESTS 300
#define REFERENCE_REQUESTS 3000
#define START_DEADLINE_S 180
#define RUN_DEADLINE_S 240

static const char reference_body[] = "{\"InkSystem\":{\"Status\":\"Ok\"}}";

typedef struct
{
  GMainContext *context;
  GMainLoop *loop;
  GThread *thread;
  GMutex lock;
  GCond cond;
  gboolean ready;
  guint port;
  char *sha256;
  char *error;
} Reference;

typedef struct
{
  GSubprocess *process;
  char *dir;
  char *manifest_path;
  JsonNode *manifest;
  char *control;
} Simulator;

static gboolean
on_deadline (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

/* The reference server ------------------------------------------------------------- */

static void
on_reference_request (SoupServer        *server,
                      SoupServerMessage *msg,
                      const char        *path,
                      GHashTable        *query,
                      gpointer           user_data)
{
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC,
                                    reference_body, strlen (reference_body));
}

static gpointer
reference_thread (gpointer data)
{
  Reference *reference = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GTlsCertificate) certificate = NULL;
  g_autoptr(SoupServer) server = NULL;
  GSList *uris = NULL;

  g_main_context_push_thread_default (reference->context);

  certificate = ml_certificate_generate ("reference", "HP", "127.0.0.1", &reference->sha256,
                                         &error);
  if (certificate != NULL)
    {
      server = soup_server_new ("tls-certificate", certificate, NULL);
      soup_server_add_handler (server, NULL, on_reference_request, NULL, NULL);
      if (soup_server_listen_local (server, 0,
                                    SOUP_SERVER_LISTEN_IPV4_ONLY | SOUP_SERVER_LISTEN_HTTPS,
                                    &error))
        {
          uris = soup_server_get_uris (server);
          reference->port = g_uri_get_port (uris->data);
          g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
        }
    }
  if (error != NULL)
    reference->error = g_strdup (error->message);

  g_mutex_lock (&reference->lock);
  reference->ready = TRUE;
  g_cond_signal (&reference->cond);
  g_mutex_unlock (&reference->lock);

  if (reference->error == NULL)
    g_main_loop_run (reference->loop);

  if (server != NULL)
    soup_server_disconnect (server);
  g_main_context_pop_thread_default (reference->context);
  return NULL;
}

static void
reference_start (Reference *reference)
{
  reference->context = g_main_context_new ();
  reference->loop = g_main_loop_new (reference->context, FALSE);
  g_mutex_init (&reference->lock);
  g_cond_init (&reference->cond);
  reference->thread = g_thread_new ("reference", reference_thread, reference);

  g_mutex_lock (&reference->lock);
  while (!reference->ready)
    g_cond_wait (&reference->cond, &reference->lock);
  g_mutex_unlock (&reference->lock);

  if (reference->error != NULL)
    g_error ("reference server: %s", reference->error);
}

static void
reference_stop (Reference *reference)
{
  g_main_loop_quit (reference->loop);
  g_thread_join (reference->thread);
  g_main_loop_unref (reference->loop);
  g_main_context_unref (reference->context);
  g_free (reference->sha256);
}

/* The simulator -------------------------------------------------------------------- */

typedef struct
{
  gboolean done;
  char *line;
  GError *error;
} LineWait;

static void
on_line (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  LineWait *wait = user_data;

  wait->line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (source), result,
                                                          NULL, &wait->error);
  wait->done = TRUE;
}

static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

static void
simulator_start (Simulator  *sim,
                 const char *fleet_size)
{
  const char *program = g_getenv ("ML_PRINTER_SIM");
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GDataInputStream) lines = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  LineWait wait = { FALSE, NULL, NULL };
  gboolean expired = FALSE;
  guint deadline;

  if (program == NULL)
    g_error ("ML_PRINTER_SIM is not set: run through meson test --benchmark");

  sim->dir = g_dir_make_tmp ("bench-sim-XXXXXX", &error);
  g_assert_no_error (error);
  sim->manifest_path = g_build_filename (sim->dir, "manifest.json", NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  sim->process = g_subprocess_launcher_spawn (launcher, &error, program,
                                              "--fleet", fleet_size, "--listen", "127.0.1.1",
                                              "--port", "0", "--manifest", sim->manifest_path,
                                              "--control", "127.0.0.1:0", "--seed", "1", NULL);
  g_assert_no_error (error);

  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (sim->process));
  g_data_input_stream_read_line_async (lines, G_PRIORITY_DEFAULT, NULL, on_line, &wait);
  deadline = g_timeout_add_seconds (START_DEADLINE_S, on_deadline, &expired);
  while (!wait.done && !expired)
    g_main_context_iteration (NULL, TRUE);
  if (expired)
    g_error ("the simulator did not start within %d s", START_DEADLINE_S);
  g_source_remove (deadline);
  if (wait.line == NULL || !g_str_has_prefix (wait.line, "control: "))
    g_error ("the simulator did not start: %s", wait.error ? wait.error->message : "no output");
  sim->control = g_strdup (wait.line + strlen ("control: "));
  g_free (wait.line);

  g_file_get_contents (sim->manifest_path, &text, NULL, &error);
  g_assert_no_error (error);
  sim->manifest = json_from_string (text, &error);
  g_assert_no_error (error);
}

static void
on_exited (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_subprocess_wait_finish (G_SUBPROCESS (source), result, NULL);
  *(gboolean *) user_data = TRUE;
}

static void
simulator_stop (Simulator *sim)
{
  gboolean done = FALSE;
  gboolean expired = FALSE;
  guint deadline;

  g_subprocess_send_signal (sim->process, SIGTERM);
  g_subprocess_wait_async (sim->process, NULL, on_exited, &done);
  deadline = g_timeout_add_seconds (30, on_deadline, &expired);
  while (!done && !expired)
    g_main_context_iteration (NULL, TRUE);
  if (!expired)
    g_source_remove (deadline);
  else
    g_subprocess_force_exit (sim->process);

  g_remove (sim->manifest_path);
  g_rmdir (sim->dir);
  g_clear_object (&sim->process);
  g_clear_pointer (&sim->manifest, json_node_unref);
  g_clear_pointer (&sim->manifest_path, g_free);
  g_clear_pointer (&sim->dir, g_free);
  g_clear_pointer (&sim->control, g_free);
}

/* Resident memory in KiB, from /proc/PID/status. */
static gint64
simulator_rss_kib (Simulator *sim)
{
  g_autofree char *path = g_strdup_printf ("/proc/%s/status",
                                           g_subprocess_get_identifier (sim->process));
  g_autofree char *text = NULL;
  const char *line;

  if (!g_file_get_contents (path, &text, NULL, NULL) || !(line = strstr (text, "VmRSS:")))
    return -1;
  return g_ascii_strtoll (line + strlen ("VmRSS:"), NULL, 10);
}

/* The load ----------------------------------------------------------------------------- */

typedef struct
{
  SoupSession *session;
  GPtrArray *uris;
  GPtrArray *pins;           /* the expected fingerprint of each uri */
  guint total;
  guint started;
  guint finished;
  guint failed;
  guint64 bytes;
} Load;

typedef struct
{
  Load *load;
  SoupMessage *msg;
} Request;

static gboolean
on_accept_certificate (SoupMessage          *msg,
                       GTlsCertificate      *certificate,
                       GTlsCertificateFlags  errors,
                       gpointer              user_data)
{
  g_autofree char *sha256 = ml_certificate_sha256 (certificate);

  return strcmp (sha256, user_data) == 0;
}

static void start_request (Load *load);

static void
on_request_done (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Request *request = user_data;
  Load *load = request->load;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = soup_session_send_and_read_finish (SOUP_SESSION (source), result,
                                                               &error);

  if (body == NULL || soup_message_get_status (request->msg) != SOUP_STATUS_OK)
    load->failed++;
  else
    load->bytes += g_bytes_get_size (body);
  load->finished++;
  g_object_unref (request->msg);
  g_free (request);

  if (load->started < load->total)
    start_request (load);
}

static void
start_request (Load *load)
{
  Request *request = g_new0 (Request, 1);
  guint i = load->started++ % load->uris->len;

  request->load = load;
  request->msg = soup_message_new (SOUP_METHOD_GET, g_ptr_array_index (load->uris, i));
  g_signal_connect (request->msg, "accept-certificate", G_CALLBACK (on_accept_certificate),
                    g_ptr_array_index (load->pins, i));
  soup_session_send_and_read_async (load->session, request->msg, G_PRIORITY_DEFAULT, NULL,
                                    on_request_done, request);
}

static void
run_load (Load  *load,
          guint  total)
{
  gboolean expired = FALSE;
  guint deadline;

  load->total = total;
  load->started = 0;
  load->finished = 0;
  load->failed = 0;
  load->bytes = 0;

  for (guint i = 0; i < IN_FLIGHT && i < total; i++)
    start_request (load);

  deadline = g_timeout_add_seconds (RUN_DEADLINE_S, on_deadline, &expired);
  while (load->finished < load->started && !expired)
    g_main_context_iteration (NULL, TRUE);
  if (expired)
    g_error ("the load did not finish within %d s", RUN_DEADLINE_S);
  g_source_remove (deadline);
}

/* Requests per second of a timed run, after a warm-up that opens the connections. */
static double
measure (Load   *load,
         guint   total,
         double *out_mean_kib)
{
  gint64 start;
  gint64 end;

  run_load (load, WARM_UP);
  start = g_get_monotonic_time ();
  run_load (load, total);
  end = g_get_monotonic_time ();

  if (load->failed > 0)
    g_error ("%u of %u requests failed", load->failed, total);
  if (out_mean_kib != NULL)
    *out_mean_kib = (double) load->bytes / total / 1024.0;
  return total / ((double) (end - start) / G_USEC_PER_SEC);
}

static void
load_init (Load  *load,
           guint  max_per_host)
{
  memset (load, 0, sizeof *load);
  load->session = soup_session_new_with_options ("max-conns", 64,
                                                 "max-conns-per-host", max_per_host,
                                                 "timeout", 60, NULL);
  load->uris = g_ptr_array_new_with_free_func (g_free);
  load->pins = g_ptr_array_new_with_free_func (g_free);
}

static void
load_clear (Load *load)
{
  g_clear_object (&load->session);
  g_clear_pointer (&load->uris, g_ptr_array_unref);
  g_clear_pointer (&load->pins, g_ptr_array_unref);
}

static GBytes *
get_once (Load       *load,
          const char *uri,
          const char *pin)
{
  g_autoptr(SoupMessage) msg = soup_message_new (SOUP_METHOD_GET, uri);
  g_autoptr(GError) error = NULL;
  GBytes *body;

  g_signal_connect (msg, "accept-certificate", G_CALLBACK (on_accept_certificate), (gpointer) pin);
  body = soup_session_send_and_read (load->session, msg, NULL, &error);
  if (body == NULL || soup_message_get_status (msg) != SOUP_STATUS_OK)
    g_error ("GET %s: %s", uri,
             error != NULL ? error->message : soup_message_get_reason_phrase (msg));
  return body;
}

/* One printer of each of the first IN_FLIGHT addresses, one connection each. */
static void
add_printer_targets (Load      *fleet_load,
                     Simulator *sim,
                     gboolean   jobs)
{
  JsonArray *printers = json_node_get_array (sim->manifest);

  for (guint i = 0; i < IN_FLIGHT; i++)
    {
      JsonObject *entry = json_array_get_object_element (printers, i);
      const char *pin = json_object_get_string_member (entry, "cert_sha256");
      g_autofree char *base = g_strdup_printf ("https://%s:%" G_GINT64_FORMAT,
                                               json_object_get_string_member (entry, "address"),
                                               json_object_get_int_member (entry, "port"));
      char *uri;

      if (jobs)
        {
          g_autofree char *collection_uri = g_strconcat (base,
                                                         "/LFPWebServices/PI/JQ/JobQueueCollection",
                                                         NULL);
          g_autoptr(GBytes) body = get_once (fleet_load, collection_uri, pin);
          g_autoptr(MlPrinterReading) reading = ml_printer_reading_new ();
          g_autoptr(GError) error = NULL;

          if (!ml_piws_reader_read (reading, g_bytes_get_data (body, NULL),
                                    g_bytes_get_size (body), NULL, &error))
            g_error ("JobQueueCollection: %s", error->message);
          uri = g_strdup_printf ("%s/LFPWebServices/PI/JQ/JobQueue/%s/jobs/all"
                                 "?fromModificationNumber=0",
                                 base, ml_printer_reading_get_queue_uuid (reading));
        }
      else
        uri = g_strconcat (base, "/LFPWebServices/PI/InkSystem.json", NULL);

      g_ptr_array_add (fleet_load->uris, uri);
      g_ptr_array_add (fleet_load->pins, g_strdup (pin));
    }
}

int
main (int   argc,
      char *argv[])
{
  Reference reference = { 0 };
  Simulator big = { 0 };
  Simulator small = { 0 };
  Load ink_load;
  Load jobs_load;
  Load reference_load;
  double ink_rps;
  double jobs_rps;
  double reference_rps;
  double jobs_kib;
  double ink_kib;
  double reference_kib;
  gint64 rss_big;
  gint64 rss_small;
  gint64 start_us;
  double start_s;
  g_autofree char *reference_uri = NULL;

  reference_start (&reference);

  start_us = g_get_monotonic_time ();
  simulator_start (&big, "1000");
  start_s = (double) (g_get_monotonic_time () - start_us) / G_USEC_PER_SEC;
  rss_big = simulator_rss_kib (&big);

  /* The simulator: 16 printers, one keep-alive connection each. */
  load_init (&ink_load, 1);
  add_printer_targets (&ink_load, &big, FALSE);
  ink_rps = measure (&ink_load, INK_REQUESTS, &ink_kib);

  load_init (&jobs_load, 1);
  add_printer_targets (&jobs_load, &big, TRUE);
  jobs_rps = measure (&jobs_load, JOBS_REQUESTS, &jobs_kib);

  /* The reference: one server, 16 keep-alive connections. */
  load_init (&reference_load, IN_FLIGHT);
  reference_uri = g_strdup_printf ("https://127.0.0.1:%u/LFPWebServices/PI/InkSystem.json",
                                   reference.port);
  for (guint i = 0; i < IN_FLIGHT; i++)
    {
      g_ptr_array_add (reference_load.uris, g_strdup (reference_uri));
      g_ptr_array_add (reference_load.pins, g_strdup (reference.sha256));
    }
  reference_rps = measure (&reference_load, REFERENCE_REQUESTS, &reference_kib);

  simulator_stop (&big);
  simulator_start (&small, "1");
  rss_small = simulator_rss_kib (&small);
  simulator_stop (&small);

  g_print ("\nmeterlink-printer-sim, HTTPS with keep-alive, %d requests in flight, one libsoup "
           "client\n", IN_FLIGHT);
  g_print ("reference: a minimal HTTPS SoupServer (thread of this process), constant %zu-byte "
           "body\n\n", strlen (reference_body));
  g_print ("%-34s %12s %12s %8s\n", "requests per second", "simulator", "reference", "ratio");
  g_print ("%-34s %12.0f %12.0f %8.3f\n", "InkSystem.json", ink_rps, reference_rps,
           ink_rps / reference_rps);
  g_print ("%-34s %12.1f %12.0f %8.3f\n", "jobs/all (fromModificationNumber=0)", jobs_rps,
           reference_rps, jobs_rps / reference_rps);
  g_print ("%-34s %12.1f %12.3f\n", "mean body KiB (InkSystem, ref.)", ink_kib, reference_kib);
  g_print ("%-34s %12.1f\n", "mean body KiB (jobs/all)", jobs_kib);
  g_print ("\n%-34s %12s\n", "memory (VmRSS)", "KiB");
  g_print ("%-34s %12" G_GINT64_FORMAT "\n", "--fleet 1 (baseline)", rss_small);
  g_print ("%-34s %12" G_GINT64_FORMAT "\n", "--fleet 1000", rss_big);
  g_print ("%-34s %12.1f\n", "per printer (RSS1000-RSS1)/999", (rss_big - rss_small) / 999.0);
  g_print ("%-34s %12.1f\n", "start-up of 1000 printers, s", start_s);
  g_print ("(counts: %d InkSystem, %d jobs/all, %d reference, after %d warm-up each)\n",
           INK_REQUESTS, JOBS_REQUESTS, REFERENCE_REQUESTS, WARM_UP);

  load_clear (&ink_load);
  load_clear (&jobs_load);
  load_clear (&reference_load);
  reference_stop (&reference);
  return 0;
}
