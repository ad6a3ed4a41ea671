/* ml-test-portal.c: the built portal as a subprocess, for the collector's sync tests
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <signal.h>
#include <string.h>

#include "ml-test-fleet.h"
#include "ml-test-portal.h"
#include "ml-test-support.h"

#define COMMAND_DEADLINE_S 120
#define START_DEADLINE_S 120
#define REQUEST_DEADLINE_S 120

typedef struct
{
  char *needle;
  guint *count;
} Watch;

/* One run of `serve`. Both of its outputs are read all the time, so that it never
 * blocks on a full pipe. */
typedef struct
{
  GSubprocess *process;
  GCancellable *cancellable;
  GDataInputStream *out;
  GDataInputStream *err;
  gboolean exited;
  gboolean ready;              /* listening, or exited */
  char *url;
  gboolean listening;
  guint open_streams;
  gboolean streams_closed;
} Serve;

struct _MlTestPortal
{
  char *dir;
  char *db_path;
  char *url;
  guint port;
  char *code;
  Serve *serve;
  GPtrArray *watches;
  GString *log;
  SoupSession *session;
  char *token;
};

static void read_next (MlTestPortal     *portal,
                       Serve            *serve,
                       GDataInputStream *stream);

static void
serve_free (Serve *serve)
{
  g_cancellable_cancel (serve->cancellable);
  g_clear_object (&serve->cancellable);
  g_clear_object (&serve->out);
  g_clear_object (&serve->err);
  g_clear_object (&serve->process);
  g_free (serve->url);
  g_free (serve);
}

typedef struct
{
  MlTestPortal *portal;
  Serve *serve;
} LineOp;

static void
on_line (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  LineOp *op = user_data;
  MlTestPortal *portal = op->portal;
  Serve *serve = op->serve;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;

  g_free (op);
  line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (source), result, NULL,
                                                    &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (line == NULL)
    {
      serve->streams_closed = --serve->open_streams == 0;
      return;
    }

  g_string_append_printf (portal->log, "%s\n", line);
  if (g_str_has_prefix (line, "listening: ") && !serve->listening)
    {
      serve->url = g_strdup (line + strlen ("listening: "));
      serve->listening = TRUE;
      serve->ready = TRUE;
    }
  for (guint i = 0; i < portal->watches->len; i++)
    {
      Watch *watch = g_ptr_array_index (portal->watches, i);

      if (strstr (line, watch->needle) != NULL)
        (*watch->count)++;
    }

  read_next (portal, serve, G_DATA_INPUT_STREAM (source));
}

static void
read_next (MlTestPortal     *portal,
           Serve            *serve,
           GDataInputStream *stream)
{
  LineOp *op = g_new0 (LineOp, 1);

  op->portal = portal;
  op->serve = serve;
  g_data_input_stream_read_line_async (stream, G_PRIORITY_DEFAULT, serve->cancellable, on_line,
                                       op);
}

static void
on_serve_exited (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Serve *serve = user_data;

  g_subprocess_wait_finish (G_SUBPROCESS (source), result, NULL);
  serve->exited = TRUE;
  serve->ready = TRUE;
}

static Serve *
serve_start (MlTestPortal *portal,
             const char   *listen)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GError) error = NULL;
  Serve *serve = g_new0 (Serve, 1);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  ml_test_launcher_stop_with_parent (launcher);
  /* The request log (g_info) is what a test waits on. */
  g_subprocess_launcher_setenv (launcher, "G_MESSAGES_DEBUG", "all", TRUE);
  serve->process = g_subprocess_launcher_spawn (launcher, &error, g_getenv ("ML_PORTAL"),
                                                "serve", "--db", portal->db_path,
                                                "--listen", listen, NULL);
  g_assert_no_error (error);
  serve->cancellable = g_cancellable_new ();
  serve->out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (serve->process));
  serve->err = g_data_input_stream_new (g_subprocess_get_stderr_pipe (serve->process));
  serve->open_streams = 2;
  read_next (portal, serve, serve->out);
  read_next (portal, serve, serve->err);
  g_subprocess_wait_async (serve->process, NULL, on_serve_exited, serve);

  ml_test_wait (&serve->ready, START_DEADLINE_S);
  if (!serve->listening)
    g_error ("meterlink-portal serve did not listen:\n%s", portal->log->str);
  return serve;
}

static void
serve_end (MlTestPortal *portal,
           int           signal_number)
{
  Serve *serve = portal->serve;

  if (serve == NULL)
    return;

  g_subprocess_send_signal (serve->process, signal_number);
  ml_test_wait (&serve->exited, 60);
  if (signal_number == SIGTERM)
    {
      g_assert_true (g_subprocess_get_if_exited (serve->process));
      g_assert_cmpint (g_subprocess_get_exit_status (serve->process), ==, 0);
    }

  /* The last lines of its log, then the streams go. */
  ml_test_wait (&serve->streams_closed, 60);
  g_clear_pointer (&portal->serve, serve_free);
}

int
ml_test_portal_run (MlTestPortal       *portal,
                    const char * const *args,
                    const char         *input,
                    char              **out_stdout)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) argv = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status;

  g_strv_builder_add (builder, g_getenv ("ML_PORTAL"));
  g_strv_builder_addv (builder, (const char **) args);
  g_strv_builder_add_many (builder, "--db", portal->db_path, NULL);
  argv = g_strv_builder_end (builder);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                        G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  ml_test_launcher_stop_with_parent (launcher);
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv, &error);
  g_assert_no_error (error);
  ml_test_communicate (process, input != NULL ? input : "", COMMAND_DEADLINE_S, &out, &err);

  status = g_subprocess_get_if_exited (process) ? g_subprocess_get_exit_status (process) : -1;
  if (status != 0)
    g_test_message ("meterlink-portal %s: %s", args[0], err);
  if (out_stdout != NULL)
    *out_stdout = g_steal_pointer (&out);
  return status;
}

static char *
last_line (const char *text)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  guint n = g_strv_length (lines);

  while (n > 0 && *lines[n - 1] == '\0')
    n--;
  return n > 0 ? g_strdup (lines[n - 1]) : NULL;
}

MlTestPortal *
ml_test_portal_start (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GUri) uri = NULL;
  g_autofree char *out = NULL;
  MlTestPortal *portal;
  const char * const reseller[] = { "reseller", "add", ML_TEST_PORTAL_RESELLER, NULL };
  const char * const user[] = { "user", "add", "--reseller", ML_TEST_PORTAL_RESELLER,
                                "--login", ML_TEST_PORTAL_LOGIN, "--role", "admin",
                                "--password-stdin", NULL };
  const char * const customer[] = { "customer", "add", "--reseller", ML_TEST_PORTAL_RESELLER,
                                    ML_TEST_PORTAL_CUSTOMER, NULL };
  const char * const site[] = { "site", "add", "--customer", ML_TEST_PORTAL_CUSTOMER,
                                ML_TEST_PORTAL_SITE, NULL };

  if (g_getenv ("ML_PORTAL") == NULL)
    {
      g_test_skip ("ML_PORTAL is not set");
      return NULL;
    }

  portal = g_new0 (MlTestPortal, 1);
  portal->dir = g_dir_make_tmp ("ml-test-portal-XXXXXX", &error);
  g_assert_no_error (error);
  portal->db_path = g_build_filename (portal->dir, "portal.db", NULL);
  portal->watches = g_ptr_array_new ();
  portal->log = g_string_new (NULL);

  g_assert_cmpint (ml_test_portal_run (portal, reseller, NULL, NULL), ==, 0);
  g_assert_cmpint (ml_test_portal_run (portal, user, ML_TEST_PORTAL_PASSWORD "\n", NULL), ==, 0);
  g_assert_cmpint (ml_test_portal_run (portal, customer, NULL, NULL), ==, 0);

  /* Served first: `site add` puts what `serve` recorded (URL, certificate) into the
   * code. */
  portal->serve = serve_start (portal, "127.0.0.1:0");
  portal->url = g_strdup (portal->serve->url);
  uri = g_uri_parse (portal->url, G_URI_FLAGS_NONE, &error);
  g_assert_no_error (error);
  portal->port = (guint) g_uri_get_port (uri);
  g_assert_cmpuint (portal->port, >, 0);

  g_assert_cmpint (ml_test_portal_run (portal, site, NULL, &out), ==, 0);
  portal->code = last_line (out);
  g_assert_true (g_str_has_prefix (portal->code, "MLE1-"));

  portal->session = soup_session_new_with_options ("timeout", REQUEST_DEADLINE_S, NULL);
  return portal;
}

void
ml_test_portal_free (MlTestPortal *portal)
{
  if (portal == NULL)
    return;

  serve_end (portal, SIGTERM);
  ml_test_remove_tree (portal->dir);
  g_ptr_array_set_free_func (portal->watches, NULL);
  for (guint i = 0; i < portal->watches->len; i++)
    {
      Watch *watch = g_ptr_array_index (portal->watches, i);

      g_free (watch->needle);
      g_free (watch);
    }
  g_ptr_array_unref (portal->watches);
  g_string_free (portal->log, TRUE);
  g_clear_object (&portal->session);
  g_free (portal->token);
  g_free (portal->dir);
  g_free (portal->db_path);
  g_free (portal->url);
  g_free (portal->code);
  g_free (portal);
}

void
ml_test_portal_stop (MlTestPortal *portal)
{
  serve_end (portal, SIGTERM);
}

void
ml_test_portal_kill (MlTestPortal *portal)
{
  serve_end (portal, SIGKILL);
}

void
ml_test_portal_restart (MlTestPortal *portal)
{
  g_autofree char *listen = g_strdup_printf ("127.0.0.1:%u", portal->port);

  g_assert_null (portal->serve);
  portal->serve = serve_start (portal, listen);
  g_assert_cmpstr (portal->serve->url, ==, portal->url);
}

gboolean
ml_test_portal_is_running (MlTestPortal *portal)
{
  return portal->serve != NULL && !portal->serve->exited;
}

const char *
ml_test_portal_get_url (MlTestPortal *portal)
{
  return portal->url;
}

guint
ml_test_portal_get_port (MlTestPortal *portal)
{
  return portal->port;
}

const char *
ml_test_portal_get_code (MlTestPortal *portal)
{
  return portal->code;
}

const char *
ml_test_portal_get_db_path (MlTestPortal *portal)
{
  return portal->db_path;
}

void
ml_test_portal_watch_log (MlTestPortal *portal,
                          const char   *needle,
                          guint        *out_count)
{
  Watch *watch = g_new0 (Watch, 1);

  watch->needle = g_strdup (needle);
  watch->count = out_count;
  g_ptr_array_add (portal->watches, watch);
}

/* The reseller API ------------------------------------------------------------------ */

/* The portal's own self-signed certificate, on loopback: the API is the test's
 * instrument here, not what is tested. */
static gboolean
on_accept_certificate (SoupMessage          *msg,
                       GTlsCertificate      *certificate,
                       GTlsCertificateFlags  errors,
                       gpointer              user_data)
{
  return TRUE;
}

typedef struct
{
  gboolean done;
  GBytes *body;
  GError *error;
} Send;

static void
on_sent (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  Send *send = user_data;

  send->body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &send->error);
  send->done = TRUE;
}

static JsonNode *
request (MlTestPortal *portal,
         const char   *method,
         const char   *path_and_query,
         const char   *body,
         gboolean      authorized,
         guint        *out_status)
{
  g_autofree char *uri = g_strconcat (portal->url, path_and_query[0] == '/' ? path_and_query + 1
                                                                          : path_and_query,
                                      NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, uri);
  g_autoptr(JsonParser) parser = json_parser_new ();
  Send send = { FALSE, NULL, NULL };
  const char *data;
  gsize size;
  JsonNode *node;

  g_assert_nonnull (msg);
  g_signal_connect (msg, "accept-certificate", G_CALLBACK (on_accept_certificate), NULL);
  if (authorized)
    {
      g_autofree char *value = g_strdup_printf ("Bearer %s", portal->token);

      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization",
                                    value);
    }
  if (body != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));

      soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
    }

  soup_session_send_and_read_async (portal->session, msg, G_PRIORITY_DEFAULT, NULL, on_sent,
                                    &send);
  ml_test_wait (&send.done, REQUEST_DEADLINE_S);
  g_assert_no_error (send.error);

  if (out_status != NULL)
    *out_status = soup_message_get_status (msg);
  data = g_bytes_get_data (send.body, &size);
  if (size > 0 && json_parser_load_from_data (parser, data, (gssize) size, NULL))
    node = json_parser_steal_root (parser);
  else
    node = json_node_new (JSON_NODE_NULL);
  g_bytes_unref (send.body);
  return node;
}

JsonNode *
ml_test_portal_api (MlTestPortal *portal,
                    const char   *method,
                    const char   *path_and_query,
                    const char   *body,
                    guint        *out_status)
{
  if (portal->token == NULL)
    {
      g_autoptr(JsonNode) session = NULL;
      guint status = 0;

      session = request (portal, "POST", "/api/v1/session",
                         "{\"login\": \"" ML_TEST_PORTAL_LOGIN "\", "
                         "\"password\": \"" ML_TEST_PORTAL_PASSWORD "\"}",
                         FALSE, &status);
      g_assert_cmpuint (status, ==, 200);
      portal->token = g_strdup (json_object_get_string_member (json_node_get_object (session),
                                                               "token"));
    }

  return request (portal, method, path_and_query, body, TRUE, out_status);
}

GHashTable *
ml_test_portal_jobs (MlTestPortal *portal)
{
  GHashTable *jobs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                            (GDestroyNotify) json_object_unref);
  g_autofree char *cursor = NULL;

  for (;;)
    {
      g_autofree char *path = NULL;
      g_autoptr(JsonNode) page = NULL;
      JsonObject *object;
      JsonArray *array;
      guint status = 0;

      if (cursor != NULL)
        path = g_strdup_printf ("/api/v1/jobs?limit=1000&cursor=%s", cursor);
      else
        path = g_strdup ("/api/v1/jobs?limit=1000");
      page = ml_test_portal_api (portal, "GET", path, NULL, &status);
      if (status != 200)
        {
          g_autofree char *text = ml_test_json_text (page);

          g_error ("GET %s: %u %s", path, status, text);
        }

      object = json_node_get_object (page);
      array = json_object_get_array_member (object, "jobs");
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonObject *job = json_array_get_object_element (array, i);
          const char *uuid = json_object_get_string_member (job, "uuid");

          /* Stored once, however often it was sent. */
          if (g_hash_table_contains (jobs, uuid))
            g_error ("The portal lists job %s twice", uuid);
          g_hash_table_insert (jobs, g_strdup (uuid), json_object_ref (job));
        }

      g_clear_pointer (&cursor, g_free);
      cursor = g_strdup (json_object_get_string_member_with_default (object, "next_cursor",
                                                                     NULL));
      if (cursor == NULL)
        return jobs;
    }
}
