/* test-sync-proxy.c: uploads through a real proxy: tinyproxy started by the test on loopback
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each case writes a tinyproxy configuration into a temporary folder (127.0.0.1
 * allowed, CONNECT only to the portal's port, the log in the folder), runs tinyproxy
 * in the foreground on a free port, and syncs a collector enrolled with the built
 * portal through it (proxy-mode manual). The portal must hold what was sent, and
 * tinyproxy's log must show the CONNECT to the portal. A proxy that refuses, or
 * that asks for credentials, gives a message that says exactly that; with the
 * credentials (the password from the secrets file, never in a URL) it works.
 * Skipped when tinyproxy (the Debian package) is not installed.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>

#include "ml-collector.h"
#include "ml-syncer.h"
#include "ml-test-collector.h"
#include "ml-test-fleet.h"
#include "ml-test-portal.h"
#include "ml-test-support.h"

#define CYCLE_DEADLINE_S 120
#define SYNC_DEADLINE_S 300
#define PROCESS_DEADLINE_S 120
#define FIRST_ADDRESS "127.0.11.1"
#define RANGES "127.0.11.1-127.0.11.4"
#define PROXY_USER "alice"
#define PROXY_PASSWORD "s3cret-Pa55"

typedef struct
{
  GSubprocess *process;
  char *log_path;
  guint port;
  gboolean exited;
} Proxy;

typedef struct
{
  MlTestFleet *fleet;
  MlTestPortal *portal;
  char *dir;
  char *config_path;
  char *db_path;
  MlCollectorConfig *config;
  MlCollectorStore *store;
  MlCollector *collector;
  Proxy *proxy;
} Fixture;

static const char * const sim_args[] = { "--queue-depth", "2000", "--history", "24", NULL };

/* tinyproxy -------------------------------------------------------------------------------- */

static guint
free_port (void)
{
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;

  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP,
                         &error);
  g_assert_no_error (error);
  g_socket_bind (socket, any, FALSE, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
}

static char *
read_log (Proxy *proxy)
{
  char *text = NULL;

  if (!g_file_get_contents (proxy->log_path, &text, NULL, NULL))
    return g_strdup ("");
  return text;
}

typedef struct
{
  Proxy *proxy;
  gboolean ready;
} Start;

static void
check_ready (Start *start)
{
  g_autofree char *log = read_log (start->proxy);

  if (strstr (log, "Accepting connections") != NULL || start->proxy->exited)
    start->ready = TRUE;
}

static void
on_log_changed (GFileMonitor      *monitor,
                GFile             *file,
                GFile             *other,
                GFileMonitorEvent  event,
                gpointer           user_data)
{
  check_ready (user_data);
}

static void
on_proxy_exited (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Proxy *proxy = user_data;

  g_subprocess_wait_finish (G_SUBPROCESS (source), result, NULL);
  proxy->exited = TRUE;
}

/* tinyproxy in the foreground, allowing CONNECT to @connect_port only, with
 * @basic_auth ("user password") or none. Ready once its log says it accepts. */
static Proxy *
proxy_start (Fixture    *fixture,
             guint       connect_port,
             const char *basic_auth)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GFileMonitor) monitor = NULL;
  g_autoptr(GFile) log_file = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) conf = g_string_new (NULL);
  g_autofree char *conf_path = g_build_filename (fixture->dir, "tinyproxy.conf", NULL);
  Proxy *proxy = g_new0 (Proxy, 1);
  Start start = { proxy, FALSE };

  proxy->port = free_port ();
  proxy->log_path = g_build_filename (fixture->dir, "tinyproxy.log", NULL);
  g_remove (proxy->log_path);

  g_string_append_printf (conf, "Port %u\n", proxy->port);
  g_string_append (conf, "Listen 127.0.0.1\n");
  g_string_append (conf, "Timeout 60\n");
  g_string_append (conf, "MaxClients 20\n");
  g_string_append (conf, "Allow 127.0.0.1\n");
  g_string_append_printf (conf, "ConnectPort %u\n", connect_port);
  g_string_append_printf (conf, "LogFile \"%s\"\n", proxy->log_path);
  g_string_append (conf, "LogLevel Info\n");
  if (basic_auth != NULL)
    g_string_append_printf (conf, "BasicAuth %s\n", basic_auth);
  g_file_set_contents (conf_path, conf->str, -1, &error);
  g_assert_no_error (error);

  log_file = g_file_new_for_path (proxy->log_path);
  monitor = g_file_monitor_file (log_file, G_FILE_MONITOR_NONE, NULL, &error);
  g_assert_no_error (error);
  g_signal_connect (monitor, "changed", G_CALLBACK (on_log_changed), &start);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                                        G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  ml_test_launcher_stop_with_parent (launcher);
  proxy->process = g_subprocess_launcher_spawn (launcher, &error, "tinyproxy", "-d", "-c",
                                                conf_path, NULL);
  g_assert_no_error (error);
  g_subprocess_wait_async (proxy->process, NULL, on_proxy_exited, proxy);

  check_ready (&start);
  ml_test_wait (&start.ready, 60);
  g_signal_handlers_disconnect_by_data (monitor, &start);
  if (proxy->exited)
    {
      g_autofree char *log = read_log (proxy);

      g_error ("tinyproxy exited at once:\n%s", log);
    }
  return proxy;
}

static void
proxy_stop (Proxy *proxy)
{
  if (proxy == NULL)
    return;

  if (!proxy->exited)
    g_subprocess_send_signal (proxy->process, SIGTERM);
  ml_test_wait (&proxy->exited, 60);
  g_clear_object (&proxy->process);
  g_free (proxy->log_path);
  g_free (proxy);
}

/* Fixture ------------------------------------------------------------------------------ */

static void
enrol (Fixture *fixture)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  ml_test_launcher_stop_with_parent (launcher);
  process = g_subprocess_launcher_spawn (launcher, &error, g_getenv ("ML_COLLECTOR"), "enroll",
                                         "--config", fixture->config_path, "--db",
                                         fixture->db_path,
                                         ml_test_portal_get_code (fixture->portal), NULL);
  g_assert_no_error (error);
  ml_test_communicate (process, NULL, PROCESS_DEADLINE_S, &out, &err);
  if (!g_subprocess_get_successful (process))
    g_error ("enroll failed: %s", err);
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(MlCollectorConfig) config = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *port = NULL;
  g_autofree char *tinyproxy = g_find_program_in_path ("tinyproxy");

  if (tinyproxy == NULL)
    {
      g_test_skip ("tinyproxy is not installed (Debian package tinyproxy)");
      return;
    }
  if (g_getenv ("ML_COLLECTOR") == NULL)
    {
      g_test_skip ("ML_COLLECTOR is not set");
      return;
    }
  fixture->fleet = ml_test_fleet_start (2, FIRST_ADDRESS, 41, sim_args);
  if (fixture->fleet == NULL)
    return;
  fixture->portal = ml_test_portal_start ();
  if (fixture->portal == NULL)
    return;

  fixture->dir = g_dir_make_tmp ("test-sync-proxy-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->config_path = g_build_filename (fixture->dir, "collector.conf", NULL);
  fixture->db_path = g_build_filename (fixture->dir, "collector.db", NULL);

  config = ml_collector_config_load (fixture->config_path, &error);
  g_assert_no_error (error);
  port = g_strdup_printf ("%u", ml_test_fleet_get_port (fixture->fleet));
  ml_test_collector_set_config (config, "ranges", RANGES);
  ml_test_collector_set_config (config, "port", port);
  ml_test_collector_set_config (config, "probe-timeout", "1000");
  ml_test_collector_set_config (config, "proxy-mode", "none");
  ml_collector_config_save (config, &error);
  g_assert_no_error (error);
  enrol (fixture);

  fixture->config = ml_collector_config_load (fixture->config_path, &error);
  g_assert_no_error (error);
  fixture->store = ml_collector_store_open (fixture->db_path, &error);
  g_assert_no_error (error);
  fixture->collector = ml_collector_new (fixture->config, fixture->store);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  proxy_stop (g_steal_pointer (&fixture->proxy));
  if (fixture->collector != NULL)
    g_assert_finalize_object (g_steal_pointer (&fixture->collector));
  if (fixture->store != NULL)
    g_assert_finalize_object (g_steal_pointer (&fixture->store));
  g_clear_object (&fixture->config);
  ml_test_portal_free (g_steal_pointer (&fixture->portal));
  ml_test_fleet_stop (g_steal_pointer (&fixture->fleet));
  if (fixture->dir != NULL)
    ml_test_remove_tree (fixture->dir);
  g_clear_pointer (&fixture->dir, g_free);
  g_clear_pointer (&fixture->config_path, g_free);
  g_clear_pointer (&fixture->db_path, g_free);
}

/* Collecting and syncing ----------------------------------------------------------------- */

static void
collect (Fixture *fixture)
{
  g_object_unref (ml_test_collector_collect (fixture->collector, CYCLE_DEADLINE_S));
}

static MlSyncSummary *
sync_now (Fixture *fixture)
{
  g_autoptr(MlSyncer) syncer = ml_syncer_new (fixture->config, fixture->store);

  ml_syncer_set_timeout (syncer, 30);
  return ml_test_collector_sync (syncer, ML_SYNC_FLAGS_NOW, SYNC_DEADLINE_S);
}

/* The manual proxy of the fixture's tinyproxy, as a technician sets it. */
static void
use_proxy (Fixture    *fixture,
           const char *user)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *port = g_strdup_printf ("%u", fixture->proxy->port);

  ml_test_collector_set_config (fixture->config, "proxy-mode", "manual");
  ml_test_collector_set_config (fixture->config, "proxy-host", "127.0.0.1");
  ml_test_collector_set_config (fixture->config, "proxy-port", port);
  ml_test_collector_set_config (fixture->config, "proxy-user", user != NULL ? user : "");
  ml_collector_config_save (fixture->config, &error);
  g_assert_no_error (error);
}

static guint
portal_job_count (Fixture *fixture)
{
  g_autoptr(GHashTable) jobs = ml_test_portal_jobs (fixture->portal);

  return g_hash_table_size (jobs);
}

static guint
store_job_count (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  gint64 n = ml_collector_store_count_jobs (fixture->store, NULL, 0, &error);

  g_assert_no_error (error);
  return (guint) n;
}

static void
assert_no_secret (const char *text)
{
  g_assert_null (strstr (text, PROXY_PASSWORD));
}

/* Tests -------------------------------------------------------------------------------- */

/* Through tinyproxy: the portal got the bundle, and the proxy's log shows the
 * CONNECT to the portal. */
static void
test_connect (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(MlSyncSummary) summary = NULL;
  g_autofree char *log = NULL;
  g_autofree char *connect = NULL;

  if (fixture->portal == NULL)
    return;

  fixture->proxy = proxy_start (fixture, ml_test_portal_get_port (fixture->portal), NULL);
  use_proxy (fixture, NULL);
  collect (fixture);
  summary = sync_now (fixture);
  g_assert_no_error (summary->error);
  g_assert_cmpuint (summary->bundles_sent, ==, 1);
  g_assert_cmpuint (summary->waiting, ==, 0);
  g_assert_cmpstr (summary->site, ==, ML_TEST_PORTAL_SITE);
  g_assert_cmpuint (portal_job_count (fixture), ==, store_job_count (fixture));
  g_assert_cmpuint (store_job_count (fixture), >, 0);

  log = read_log (fixture->proxy);
  connect = g_strdup_printf ("CONNECT 127.0.0.1:%u ", ml_test_portal_get_port (fixture->portal));
  if (strstr (log, connect) == NULL)
    g_error ("tinyproxy's log has no “%s”:\n%s", connect, log);
}

/* A proxy that does not allow CONNECT to the portal's port: the message names the
 * proxy and its refusal, and the bundle waits. */
static void
test_refused (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(MlSyncSummary) summary = NULL;
  g_autofree char *expected = NULL;

  if (fixture->portal == NULL)
    return;

  fixture->proxy = proxy_start (fixture, ml_test_portal_get_port (fixture->portal) == 1 ? 2 : 1,
                                NULL);
  use_proxy (fixture, NULL);
  collect (fixture);
  summary = sync_now (fixture);
  g_assert_error (summary->error, ML_ERROR, ML_ERROR_PROXY);
  expected = g_strdup_printf ("Bundle 1 was not delivered: The proxy at 127.0.0.1:%u refused "
                              "the connection to the portal (HTTP 403 ",
                              fixture->proxy->port);
  if (!g_str_has_prefix (summary->error->message, expected))
    g_error ("“%s” does not start with “%s”", summary->error->message, expected);
  g_assert_cmpuint (summary->waiting, ==, 1);
  g_assert_cmpuint (portal_job_count (fixture), ==, 0);
}

/* A proxy that wants a user name and password: without them, and with a wrong
 * password, messages that say so; with them, the bundles go. The password travels
 * only as the proxy's Basic credentials: never in a URL, a message or the settings
 * file. */
static void
test_auth (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(MlSyncSummary) without = NULL;
  g_autoptr(MlSyncSummary) wrong = NULL;
  g_autoptr(MlSyncSummary) with = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *settings = NULL;
  g_autofree char *log = NULL;

  if (fixture->portal == NULL)
    return;

  fixture->proxy = proxy_start (fixture, ml_test_portal_get_port (fixture->portal),
                                PROXY_USER " " PROXY_PASSWORD);
  collect (fixture);

  use_proxy (fixture, NULL);
  without = sync_now (fixture);
  g_assert_error (without->error, ML_ERROR, ML_ERROR_PROXY);
  expected = g_strdup_printf ("Bundle 1 was not delivered: The proxy at 127.0.0.1:%u asks for "
                              "a user name and password", fixture->proxy->port);
  g_assert_cmpstr (without->error->message, ==, expected);
  g_assert_cmpuint (without->waiting, ==, 1);

  use_proxy (fixture, PROXY_USER);
  ml_collector_config_save_proxy_password (fixture->config, "not the password", &error);
  g_assert_no_error (error);
  wrong = sync_now (fixture);
  g_assert_error (wrong->error, ML_ERROR, ML_ERROR_PROXY);
  g_clear_pointer (&expected, g_free);
  expected = g_strdup_printf ("Bundle 1 was not delivered: The proxy at 127.0.0.1:%u refused "
                              "the user name and password", fixture->proxy->port);
  g_assert_cmpstr (wrong->error->message, ==, expected);
  g_assert_null (strstr (wrong->error->message, "not the password"));

  ml_collector_config_save_proxy_password (fixture->config, PROXY_PASSWORD, &error);
  g_assert_no_error (error);
  with = sync_now (fixture);
  g_assert_no_error (with->error);
  g_assert_cmpuint (with->bundles_sent, ==, 1);
  g_assert_cmpuint (with->waiting, ==, 0);
  g_assert_cmpuint (portal_job_count (fixture), ==, store_job_count (fixture));

  g_file_get_contents (fixture->config_path, &settings, NULL, &error);
  g_assert_no_error (error);
  assert_no_secret (settings);
  /* tinyproxy logs the request line, which carries no credentials. */
  log = read_log (fixture->proxy);
  assert_no_secret (log);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/collector/sync-proxy/connect", Fixture, NULL, fixture_setup, test_connect,
              fixture_teardown);
  g_test_add ("/collector/sync-proxy/refused", Fixture, NULL, fixture_setup, test_refused,
              fixture_teardown);
  g_test_add ("/collector/sync-proxy/auth", Fixture, NULL, fixture_setup, test_auth,
              fixture_teardown);

  return g_test_run ();
}
