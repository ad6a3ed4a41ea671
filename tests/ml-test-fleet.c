/* ml-test-fleet.c: the built printer simulator as a subprocess, for tests and benchmarks
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <signal.h>
#include <string.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

#include "ml-test-fleet.h"

#define START_DEADLINE_S 300
#define REQUEST_DEADLINE_S 120

struct _MlTestFleet
{
  GSubprocess *process;
  char *dir;
  char *manifest_path;
  char *control;               /* "http://127.0.0.1:PORT/" */
  JsonNode *manifest;
  SoupSession *session;
  guint port;
};

typedef struct
{
  gboolean done;
  GError *error;
  char *line;
  GBytes *body;
} Wait;

static gboolean
on_deadline (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

void
ml_test_wait (gboolean *done,
              guint     deadline_s)
{
  GMainContext *context = g_main_context_get_thread_default ();
  g_autoptr(GSource) source = g_timeout_source_new_seconds (deadline_s);
  gboolean expired = FALSE;

  g_source_set_callback (source, on_deadline, &expired, NULL);
  g_source_attach (source, context);
  while (!*done && !expired)
    g_main_context_iteration (context, TRUE);
  g_source_destroy (source);
  if (!*done)
    g_error ("gave up waiting after %u s", deadline_s);
}

char *
ml_test_json_text (JsonNode *node)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();

  if (node == NULL)
    return g_strdup ("null");
  json_generator_set_root (generator, node);
  json_generator_set_pretty (generator, TRUE);
  return json_generator_to_data (generator, NULL);
}

#ifdef __linux__
typedef struct
{
  gboolean done;
  char *out;
  char *err;
  GError *error;
} Communicate;

static void
on_communicated (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Communicate *communicate = user_data;

  g_subprocess_communicate_utf8_finish (G_SUBPROCESS (source), result, &communicate->out,
                                        &communicate->err, &communicate->error);
  communicate->done = TRUE;
}

static void
on_process_exited (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_subprocess_wait_finish (G_SUBPROCESS (source), result, NULL);
  *(gboolean *) user_data = TRUE;
}

void
ml_test_communicate (GSubprocess  *process,
                     const char   *input,
                     guint         deadline_s,
                     char        **out_stdout,
                     char        **out_stderr)
{
  Communicate communicate = { FALSE, NULL, NULL, NULL };
  gboolean exited = FALSE;

  g_subprocess_communicate_utf8_async (process, input, NULL, on_communicated, &communicate);
  ml_test_wait (&communicate.done, deadline_s);
  g_assert_no_error (communicate.error);
  g_subprocess_wait_async (process, NULL, on_process_exited, &exited);
  ml_test_wait (&exited, deadline_s);
  *out_stdout = communicate.out;
  *out_stderr = communicate.err;
}

static void
stop_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}
#endif

void
ml_test_launcher_stop_with_parent (GSubprocessLauncher *launcher)
{
  /* A test that fails aborts without its teardown; its children must not outlive
   * it holding the test's output open. */
#ifdef __linux__
  g_subprocess_launcher_set_child_setup (launcher, stop_with_parent, NULL, NULL);
#endif
}

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

MlTestFleet *
ml_test_fleet_start (guint               n_printers,
                     const char         *first_address,
                     guint64             seed,
                     const char * const *extra_args)
{
  const char *program = g_getenv ("ML_PRINTER_SIM");
  g_autoptr(GError) error = NULL;
  g_autoptr(GDataInputStream) lines = NULL;
  g_autoptr(GStrvBuilder) builder = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_auto(GStrv) argv = NULL;
  g_autofree char *fleet_text = g_strdup_printf ("%u", n_printers);
  g_autofree char *seed_text = g_strdup_printf ("%" G_GUINT64_FORMAT, seed);
  g_autofree char *text = NULL;
  Wait wait = { FALSE, NULL, NULL, NULL };
  MlTestFleet *fleet;
  JsonArray *entries;

  if (program == NULL)
    {
      g_test_skip ("ML_PRINTER_SIM is not set");
      return NULL;
    }

  fleet = g_new0 (MlTestFleet, 1);
  fleet->dir = g_dir_make_tmp ("ml-test-fleet-XXXXXX", &error);
  g_assert_no_error (error);
  fleet->manifest_path = g_build_filename (fleet->dir, "manifest.json", NULL);

  builder = g_strv_builder_new ();
  g_strv_builder_add_many (builder, program, "--fleet", fleet_text, "--listen", first_address,
                           "--port", "0", "--manifest", fleet->manifest_path,
                           "--control", "127.0.0.1:0", "--seed", seed_text, "--speed", "0",
                           "--start", "2026-03-02T08:00:00Z", NULL);
  if (extra_args != NULL)
    g_strv_builder_addv (builder, (const char **) extra_args);
  argv = g_strv_builder_end (builder);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  ml_test_launcher_stop_with_parent (launcher);
  fleet->process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv, &error);
  g_assert_no_error (error);

  /* The simulator says where its control server is once everything listens. */
  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (fleet->process));
  g_data_input_stream_read_line_async (lines, G_PRIORITY_DEFAULT, NULL, on_line, &wait);
  ml_test_wait (&wait.done, START_DEADLINE_S);
  g_assert_no_error (wait.error);
  if (wait.line == NULL)
    g_error ("the simulator exited before it listened");
  g_assert_true (g_str_has_prefix (wait.line, "control: http://127.0.0.1:"));
  fleet->control = g_strdup (wait.line + strlen ("control: "));
  g_free (wait.line);

  g_file_get_contents (fleet->manifest_path, &text, NULL, &error);
  g_assert_no_error (error);
  fleet->manifest = json_from_string (text, &error);
  g_assert_no_error (error);
  entries = json_node_get_array (fleet->manifest);
  g_assert_cmpuint (json_array_get_length (entries), ==, n_printers);
  fleet->port = json_object_get_int_member (json_array_get_object_element (entries, 0), "port");

  fleet->session = soup_session_new_with_options ("timeout", REQUEST_DEADLINE_S, NULL);
  return fleet;
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

void
ml_test_fleet_stop (MlTestFleet *fleet)
{
  Wait wait = { FALSE, NULL, NULL, NULL };

  if (fleet == NULL)
    return;

  g_subprocess_send_signal (fleet->process, SIGTERM);
  g_subprocess_wait_async (fleet->process, NULL, on_exited, &wait);
  ml_test_wait (&wait.done, 60);
  g_assert_no_error (wait.error);
  g_assert_true (g_subprocess_get_if_exited (fleet->process));
  g_assert_cmpint (g_subprocess_get_exit_status (fleet->process), ==, 0);

  g_remove (fleet->manifest_path);
  g_rmdir (fleet->dir);
  g_clear_object (&fleet->session);
  g_clear_object (&fleet->process);
  g_clear_pointer (&fleet->manifest, json_node_unref);
  g_free (fleet->manifest_path);
  g_free (fleet->dir);
  g_free (fleet->control);
  g_free (fleet);
}

guint
ml_test_fleet_get_size (MlTestFleet *fleet)
{
  return json_array_get_length (json_node_get_array (fleet->manifest));
}

guint
ml_test_fleet_get_port (MlTestFleet *fleet)
{
  return fleet->port;
}

static JsonObject *
entry (MlTestFleet *fleet,
       guint        index)
{
  return json_array_get_object_element (json_node_get_array (fleet->manifest), index);
}

const char *
ml_test_fleet_get_address (MlTestFleet *fleet,
                           guint        index)
{
  return json_object_get_string_member (entry (fleet, index), "address");
}

const char *
ml_test_fleet_get_serial (MlTestFleet *fleet,
                          guint        index)
{
  return json_object_get_string_member (entry (fleet, index), "serial");
}

const char *
ml_test_fleet_get_cert (MlTestFleet *fleet,
                        guint        index)
{
  return json_object_get_string_member (entry (fleet, index), "cert_sha256");
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

JsonNode *
ml_test_fleet_request (MlTestFleet *fleet,
                       const char  *method,
                       const char  *path_and_query,
                       guint       *out_status)
{
  g_autofree char *uri = NULL;
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  Wait wait = { FALSE, NULL, NULL, NULL };
  const char *data;
  gsize size;
  JsonNode *node;

  /* The control URL ends in "/". */
  uri = g_strconcat (fleet->control, path_and_query[0] == '/' ? path_and_query + 1
                                                              : path_and_query, NULL);
  msg = soup_message_new (method, uri);
  g_assert_nonnull (msg);
  soup_session_send_and_read_async (fleet->session, msg, G_PRIORITY_DEFAULT, NULL, on_sent,
                                    &wait);
  ml_test_wait (&wait.done, REQUEST_DEADLINE_S);
  g_assert_no_error (wait.error);

  if (out_status != NULL)
    *out_status = soup_message_get_status (msg);
  data = g_bytes_get_data (wait.body, &size);
  if (size > 0 && json_parser_load_from_data (parser, data, (gssize) size, NULL))
    node = json_parser_steal_root (parser);
  else
    node = json_node_new (JSON_NODE_NULL);
  g_bytes_unref (wait.body);
  return node;
}

JsonNode *
ml_test_fleet_control (MlTestFleet *fleet,
                       const char  *method,
                       const char  *path_and_query)
{
  guint status = 0;
  JsonNode *node = ml_test_fleet_request (fleet, method, path_and_query, &status);

  if (status != 200)
    {
      g_autofree char *text = ml_test_json_text (node);

      g_error ("%s %s: %u %s", method, path_and_query, status, text);
    }
  return node;
}

void
ml_test_fleet_advance (MlTestFleet *fleet,
                       gint64       seconds)
{
  g_autofree char *path = g_strdup_printf ("/advance?seconds=%" G_GINT64_FORMAT, seconds);
  g_autoptr(JsonNode) node = ml_test_fleet_control (fleet, "POST", path);
}

void
ml_test_fleet_fault (MlTestFleet *fleet,
                     guint        index,
                     const char  *kind)
{
  g_autofree char *path = g_strdup_printf ("/fault?serial=%s&kind=%s",
                                           ml_test_fleet_get_serial (fleet, index), kind);
  g_autoptr(JsonNode) node = ml_test_fleet_control (fleet, "POST", path);
}

void
ml_test_fleet_clear_faults (MlTestFleet *fleet,
                            guint        index)
{
  g_autofree char *path = g_strdup_printf ("/fault/clear?serial=%s",
                                           ml_test_fleet_get_serial (fleet, index));
  g_autoptr(JsonNode) node = ml_test_fleet_control (fleet, "POST", path);
}

JsonNode *
ml_test_fleet_truth (MlTestFleet *fleet)
{
  return ml_test_fleet_control (fleet, "GET", "/truth");
}

JsonObject *
ml_test_fleet_truth_printer (JsonNode *truth,
                             guint     index)
{
  JsonArray *printers = json_object_get_array_member (json_node_get_object (truth), "printers");

  return json_array_get_object_element (printers, index);
}

gint64
ml_test_fleet_stat (MlTestFleet *fleet,
                    const char  *name)
{
  g_autoptr(JsonNode) stats = ml_test_fleet_control (fleet, "GET", "/stats");

  return json_object_get_int_member (json_node_get_object (stats), name);
}
