/* test-collector-config.c: the collector's settings: defaults, validation, the file
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every test runs with its own XDG directories (G_TEST_OPTION_ISOLATE_DIRS), so
 * the default path is a fresh folder each time.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "ml-collector-config.h"

static char *
temp_config_path (void)
{
  return g_build_filename (g_get_user_config_dir (), "test", "collector.conf", NULL);
}

static void
test_defaults (void)
{
  g_autofree char *path = temp_config_path ();
  g_autoptr(MlCollectorConfig) config = NULL;
  g_autoptr(MlIpRange) ranges = NULL;
  g_autoptr(GError) error = NULL;
  const char * const expected_keys[] = {
    "ranges", "port", "polling-interval", "scan-concurrency", "concurrency",
    "probe-timeout", "timeout", "user-names", "proxy-mode", "proxy-host", "proxy-port",
    "proxy-user", NULL
  };
  const char * const expected_values[] = {
    "", "443", "180", "256", "16", "1500", "20000", "true", "system", "", "8080", "", NULL
  };
  const char * const *keys = ml_collector_config_list_keys ();

  /* A missing file is all defaults, and loading it creates nothing. */
  config = ml_collector_config_load (path, &error);
  g_assert_no_error (error);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_cmpstr (ml_collector_config_get_path (config), ==, path);

  g_assert_cmpstrv (keys, expected_keys);
  for (guint i = 0; keys[i] != NULL; i++)
    {
      g_autofree char *value = ml_collector_config_get (config, keys[i], &error);

      g_assert_no_error (error);
      g_assert_cmpstr (value, ==, expected_values[i]);
    }

  ranges = ml_collector_config_dup_ranges (config);
  g_assert_nonnull (ranges);
  g_assert_cmpuint (ml_ip_range_get_count (ranges), ==, 0);
  g_assert_cmpuint (ml_collector_config_get_port (config), ==, 443);
  g_assert_cmpuint (ml_collector_config_get_polling_interval (config), ==,
                    ML_POLLING_INTERVAL_DEFAULT);
  g_assert_cmpuint (ml_collector_config_get_scan_concurrency (config), ==, 256);
  g_assert_cmpuint (ml_collector_config_get_concurrency (config), ==, 16);
  g_assert_cmpuint (ml_collector_config_get_probe_timeout (config), ==, 1500);
  g_assert_cmpuint (ml_collector_config_get_timeout (config), ==, 20000);
  g_assert_true (ml_collector_config_get_user_names (config));

  g_assert_finalize_object (g_steal_pointer (&config));
}

static void
test_round_trip (void)
{
  g_autofree char *path = temp_config_path ();
  g_autoptr(MlCollectorConfig) config = NULL;
  g_autoptr(MlCollectorConfig) again = NULL;
  g_autoptr(MlIpRange) ranges = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  const struct {
    const char *key;
    const char *value;
    const char *stored;
  } values[] = {
    { "ranges", "192.0.2.0/24, !192.0.2.13\n198.51.100.7",
      "192.0.2.0/24, !192.0.2.13\n198.51.100.7" },
    { "port", " 8443 ", "8443" },
    { "polling-interval", "60", "60" },
    { "scan-concurrency", "1024", "1024" },
    { "concurrency", "32", "32" },
    { "probe-timeout", "800", "800" },
    { "timeout", "30000", "30000" },
    { "user-names", "FALSE", "false" },
    { "proxy-mode", "Manual", "manual" },
    { "proxy-host", " proxy.example.net ", "proxy.example.net" },
    { "proxy-port", "3128", "3128" },
    { "proxy-user", "alice", "alice" },
  };

  config = ml_collector_config_load (path, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    {
      ml_collector_config_set (config, values[i].key, values[i].value, &error);
      g_assert_no_error (error);
    }

  /* The folder does not exist yet: saving makes it. */
  ml_collector_config_save (config, &error);
  g_assert_no_error (error);

  again = ml_collector_config_load (path, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    {
      g_autofree char *value = ml_collector_config_get (again, values[i].key, &error);

      g_assert_no_error (error);
      g_assert_cmpstr (value, ==, values[i].stored);
    }

  ranges = ml_collector_config_dup_ranges (again);
  g_assert_cmpuint (ml_ip_range_get_count (ranges), ==, 256 - 1 + 1);
  g_assert_cmpuint (ml_collector_config_get_port (again), ==, 8443);
  g_assert_cmpuint (ml_collector_config_get_polling_interval (again), ==, 60);
  g_assert_cmpuint (ml_collector_config_get_scan_concurrency (again), ==, 1024);
  g_assert_cmpuint (ml_collector_config_get_concurrency (again), ==, 32);
  g_assert_cmpuint (ml_collector_config_get_probe_timeout (again), ==, 800);
  g_assert_cmpuint (ml_collector_config_get_timeout (again), ==, 30000);
  g_assert_false (ml_collector_config_get_user_names (again));
  g_assert_cmpint (ml_collector_config_get_proxy_mode (again), ==, ML_PROXY_MODE_MANUAL);
  g_assert_cmpstr (ml_collector_config_get_proxy_host (again), ==, "proxy.example.net");
  g_assert_cmpuint (ml_collector_config_get_proxy_port (again), ==, 3128);
  g_assert_cmpstr (ml_collector_config_get_proxy_user (again), ==, "alice");

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (text, "[collector]\n"));

  g_assert_finalize_object (g_steal_pointer (&config));
  g_assert_finalize_object (g_steal_pointer (&again));
}

/* A technician's comments and other programs' groups survive a `config set`. */
static void
test_keeps_the_rest (void)
{
  g_autofree char *path = temp_config_path ();
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr(MlCollectorConfig) config = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_file_set_contents (path,
                       "# Site Musterstadt, set up by J.\n"
                       "[collector]\n"
                       "# the plotter room only\n"
                       "ranges=10.1.2.0/26\n"
                       "\n"
                       "[app]\n"
                       "theme=dark\n", -1, &error);
  g_assert_no_error (error);

  config = ml_collector_config_load (path, &error);
  g_assert_no_error (error);
  ml_collector_config_set (config, "polling-interval", "240", &error);
  g_assert_no_error (error);
  ml_collector_config_save (config, &error);
  g_assert_no_error (error);

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (text, "# Site Musterstadt, set up by J.\n"));
  g_assert_nonnull (strstr (text, "# the plotter room only\nranges=10.1.2.0/26\n"));
  g_assert_nonnull (strstr (text, "polling-interval=240\n"));
  g_assert_nonnull (strstr (text, "[app]\ntheme=dark\n"));
  /* Keys never set are not written: they follow the defaults of later versions. */
  g_assert_null (strstr (text, "port="));
}

static void
test_messages (void)
{
  g_autoptr(MlCollectorConfig) config = NULL;
  g_autoptr(GError) error = NULL;
  const struct {
    const char *key;
    const char *value;
    int code;
    const char *message;
  } cases[] = {
    { "polling-interval", "20", ML_ERROR_INVALID_VALUE,
      "polling-interval: 20 is outside 30 to 1440 minutes" },
    { "polling-interval", "three hours", ML_ERROR_INVALID_VALUE,
      "polling-interval: \"three hours\" is not a whole number" },
    { "polling-interval", "-5", ML_ERROR_INVALID_VALUE,
      "polling-interval: -5 is outside 30 to 1440 minutes" },
    { "polling-interval", "99999999999999999999999", ML_ERROR_INVALID_VALUE,
      "polling-interval: 99999999999999999999999 is outside 30 to 1440 minutes" },
    { "ranges", "192.0.2.300", ML_ERROR_INVALID_VALUE,
      "ranges: 192.0.2.300: 300 is not an octet (0-255)" },
    { "ranges", "10.0.0.0/8", ML_ERROR_INVALID_VALUE,
      "ranges: 10.0.0.0/8: 16,777,216 addresses; at most 65,536 can be scanned" },
    { "user-names", "maybe", ML_ERROR_INVALID_VALUE,
      "user-names: \"maybe\" is not true or false" },
    { "proxy-mode", "auto", ML_ERROR_INVALID_VALUE,
      "proxy-mode: \"auto\" is not system, manual or none" },
    { "proxy-host", "http://alice:secret@proxy:3128", ML_ERROR_INVALID_VALUE,
      "proxy-host: \"http://alice:secret@proxy:3128\" is not a host name or address (give "
      "the port as proxy-port, the user as proxy-user)" },
    { "proxy-user", "alice:secret", ML_ERROR_INVALID_VALUE,
      "proxy-user: a user name cannot hold a colon or control characters" },
    { "proxy-port", "0", ML_ERROR_INVALID_VALUE, "proxy-port: 0 is outside 1 to 65535" },
    { "port", "0", ML_ERROR_INVALID_VALUE, "port: 0 is outside 1 to 65535" },
    { "port", "65536", ML_ERROR_INVALID_VALUE, "port: 65536 is outside 1 to 65535" },
    { "port", "", ML_ERROR_INVALID_VALUE, "port: \"\" is not a whole number" },
    { "port", "44x", ML_ERROR_INVALID_VALUE, "port: \"44x\" is not a whole number" },
    { "scan-concurrency", "4097", ML_ERROR_INVALID_VALUE,
      "scan-concurrency: 4097 is outside 1 to 4096" },
    { "concurrency", "0", ML_ERROR_INVALID_VALUE, "concurrency: 0 is outside 1 to 256" },
    { "concurrency", "257", ML_ERROR_INVALID_VALUE, "concurrency: 257 is outside 1 to 256" },
    { "probe-timeout", "99", ML_ERROR_INVALID_VALUE,
      "probe-timeout: 99 is outside 100 to 60000 ms" },
    { "timeout", "300001", ML_ERROR_INVALID_VALUE,
      "timeout: 300001 is outside 1000 to 300000 ms" },
    { "colour", "red", ML_ERROR_NOT_FOUND,
      "unknown key \"colour\"; the keys are ranges, port, polling-interval, "
      "scan-concurrency, concurrency, probe-timeout, timeout, user-names, proxy-mode, "
      "proxy-host, proxy-port, proxy-user" },
  };

  config = ml_collector_config_load (NULL, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *before = NULL;
      g_autofree char *after = NULL;

      before = ml_collector_config_get (config, cases[i].key, NULL);
      g_assert_false (ml_collector_config_set (config, cases[i].key, cases[i].value, &error));
      g_assert_error (error, ML_ERROR, cases[i].code);
      g_assert_cmpstr (error->message, ==, cases[i].message);
      g_clear_error (&error);

      /* A refused value changes nothing. */
      after = ml_collector_config_get (config, cases[i].key, NULL);
      g_assert_cmpstr (before, ==, after);
    }

  g_assert_null (ml_collector_config_get (config, "colour", &error));
  g_assert_error (error, ML_ERROR, ML_ERROR_NOT_FOUND);
}

static void
test_polling_interval_bounds (void)
{
  g_autoptr(MlCollectorConfig) config = ml_collector_config_load (NULL, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_false (ml_collector_config_set (config, "polling-interval", "29", &error));
  g_assert_error (error, ML_ERROR, ML_ERROR_INVALID_VALUE);
  g_assert_cmpstr (error->message, ==, "polling-interval: 29 is outside 30 to 1440 minutes");
  g_clear_error (&error);
  g_assert_cmpuint (ml_collector_config_get_polling_interval (config), ==, 180);

  g_assert_true (ml_collector_config_set (config, "polling-interval", "30", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (ml_collector_config_get_polling_interval (config), ==, ML_POLLING_INTERVAL_MIN);

  g_assert_true (ml_collector_config_set (config, "polling-interval", "1440", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (ml_collector_config_get_polling_interval (config), ==, ML_POLLING_INTERVAL_MAX);

  g_assert_false (ml_collector_config_set (config, "polling-interval", "1441", &error));
  g_assert_cmpstr (error->message, ==, "polling-interval: 1441 is outside 30 to 1440 minutes");
  g_assert_cmpuint (ml_collector_config_get_polling_interval (config), ==, 1440);
}

static void
test_xdg_path (void)
{
  g_autofree char *expected = g_build_filename (g_get_user_config_dir (), "meterlink",
                                                "collector.conf", NULL);
  g_autofree char *path = ml_collector_config_default_path ();
  g_autoptr(MlCollectorConfig) config = NULL;
  g_autoptr(MlCollectorConfig) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *ranges = NULL;

  g_assert_cmpstr (path, ==, expected);

  config = ml_collector_config_load (NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ml_collector_config_get_path (config), ==, expected);

  ml_collector_config_set (config, "ranges", "192.0.2.0/28", &error);
  g_assert_no_error (error);
  ml_collector_config_save (config, &error);
  g_assert_no_error (error);
  g_assert_true (g_file_test (expected, G_FILE_TEST_IS_REGULAR));

  again = ml_collector_config_load (NULL, &error);
  g_assert_no_error (error);
  ranges = ml_collector_config_get (again, "ranges", NULL);
  g_assert_cmpstr (ranges, ==, "192.0.2.0/28");
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

static gboolean
on_deadline (gpointer user_data)
{
  g_error ("meterlink-collector did not finish in time");
  return G_SOURCE_REMOVE;
}

/* meterlink-collector with args, XDG_CONFIG_HOME set to config_home; returns the exit
 * status. */
static int
run_collector (const char         *config_home,
               const char * const *args,
               char              **out_stdout,
               char              **out_stderr)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) argv = NULL;
  Run run = { 0 };
  guint deadline;

  g_strv_builder_add (builder, g_getenv ("ML_COLLECTOR"));
  g_strv_builder_addv (builder, (const char **)args);
  argv = g_strv_builder_end (builder);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_setenv (launcher, "XDG_CONFIG_HOME", config_home, TRUE);
  g_subprocess_launcher_setenv (launcher, "LC_ALL", "C", TRUE);
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *)argv, &error);
  g_assert_no_error (error);

  deadline = g_timeout_add_seconds (60, on_deadline, NULL);
  g_subprocess_communicate_utf8_async (process, NULL, NULL, on_communicated, &run);
  while (!run.done)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (deadline);
  g_assert_no_error (run.error);

  *out_stdout = run.out;
  *out_stderr = run.err;
  g_assert_true (g_subprocess_get_if_exited (process));
  return g_subprocess_get_exit_status (process);
}

/* The program finds its file through the XDG_CONFIG_HOME it is started with. */
static void
test_command (void)
{
  g_autofree char *home = g_build_filename (g_get_user_config_dir (), "elsewhere", NULL);
  g_autofree char *file = g_build_filename (home, "meterlink", "collector.conf", NULL);
  g_autofree char *other = g_build_filename (g_get_user_config_dir (), "other.conf", NULL);
  g_autoptr(MlCollectorConfig) config = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *ranges = NULL;
  char *out = NULL;
  char *err = NULL;

  if (g_getenv ("ML_COLLECTOR") == NULL)
    {
      g_test_skip ("ML_COLLECTOR is not set");
      return;
    }

  g_assert_cmpint (run_collector (home, (const char *[]) { "config", "set", "ranges",
                                                           "192.0.2.0/24", "!192.0.2.13", NULL },
                                  &out, &err), ==, 0);
  g_assert_cmpstr (out, ==, "");
  g_assert_cmpstr (err, ==, "");
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  config = ml_collector_config_load (file, &error);
  g_assert_no_error (error);
  ranges = ml_collector_config_get (config, "ranges", NULL);
  g_assert_cmpstr (ranges, ==, "192.0.2.0/24 !192.0.2.13");

  g_assert_cmpint (run_collector (home, (const char *[]) { "config", "get", "ranges", NULL },
                                  &out, &err), ==, 0);
  g_assert_cmpstr (out, ==, "192.0.2.0/24 !192.0.2.13\n");
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run_collector (home, (const char *[]) { "config", "set", "polling-interval",
                                                           "20", NULL },
                                  &out, &err), ==, 2);
  g_assert_cmpstr (err, ==, "meterlink-collector config: polling-interval: 20 is outside 30 to "
                            "1440 minutes\n");
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run_collector (home, (const char *[]) { "config", "get", "colour", NULL },
                                  &out, &err), ==, 2);
  g_assert_true (g_str_has_prefix (err, "meterlink-collector config: unknown key \"colour\""));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run_collector (home, (const char *[]) { "config", "list", NULL },
                                  &out, &err), ==, 0);
  g_assert_cmpstr (out, ==,
                   "ranges = 192.0.2.0/24 !192.0.2.13\n"
                   "port = 443\n"
                   "polling-interval = 180\n"
                   "scan-concurrency = 256\n"
                   "concurrency = 16\n"
                   "probe-timeout = 1500\n"
                   "timeout = 20000\n"
                   "user-names = true\n"
                   "proxy-mode = system\n"
                   "proxy-host = \n"
                   "proxy-port = 8080\n"
                   "proxy-user = \n");
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* --config names another file; the XDG one stays as it was. */
  g_assert_cmpint (run_collector (home, (const char *[]) { "config", "--config", other, "set",
                                                           "port", "8443", NULL },
                                  &out, &err), ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_true (g_file_test (other, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpint (run_collector (home, (const char *[]) { "config", "get", "port", NULL },
                                  &out, &err), ==, 0);
  g_assert_cmpstr (out, ==, "443\n");
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run_collector (home, (const char *[]) { "config", "frobnicate", NULL },
                                  &out, &err), ==, 2);
  g_assert_true (g_str_has_prefix (err, "meterlink-collector config: unknown action"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_collector (home, (const char *[]) { "config", "get", NULL },
                                  &out, &err), ==, 2);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
}

/* The file is replaced, never rewritten in place: whoever reads it meanwhile (the
 * app while the daemon saves) sees the old settings or the new, whole. */
static void
test_atomic_save (void)
{
  g_autofree char *path = temp_config_path ();
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr(MlCollectorConfig) config = ml_collector_config_load (path, NULL);
  g_autoptr(MlCollectorConfig) loaded = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) folder = NULL;
  GStatBuf before;
  GStatBuf after;
  const char *name;

  ml_collector_config_set (config, "concurrency", "8", &error);
  g_assert_no_error (error);
  ml_collector_config_save (config, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_stat (path, &before), ==, 0);

  ml_collector_config_set (config, "concurrency", "9", &error);
  g_assert_no_error (error);
  ml_collector_config_save (config, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_stat (path, &after), ==, 0);

  /* A new file renamed over the old one has a new inode. */
  g_assert_cmpuint (before.st_ino, !=, after.st_ino);

  loaded = ml_collector_config_load (path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ml_collector_config_get_concurrency (loaded), ==, 9);

  /* No temporary file is left behind. */
  folder = g_dir_open (dir, 0, &error);
  g_assert_no_error (error);
  while ((name = g_dir_read_name (folder)) != NULL)
    g_assert_cmpstr (name, ==, "collector.conf");
}

static void
test_save_failure (void)
{
  g_autofree char *blocker = g_build_filename (g_get_user_config_dir (), "blocker", NULL);
  g_autofree char *path = g_build_filename (blocker, "collector.conf", NULL);
  g_autoptr(MlCollectorConfig) config = ml_collector_config_load (path, NULL);
  g_autoptr(GError) error = NULL;

  /* The folder cannot be made where a file is. */
  g_assert_cmpint (g_mkdir_with_parents (g_get_user_config_dir (), 0700), ==, 0);
  g_file_set_contents (blocker, "", 0, &error);
  g_assert_no_error (error);

  g_assert_false (ml_collector_config_save (config, &error));
  g_assert_error (error, ML_ERROR, ML_ERROR_FAILED);
  g_assert_true (g_str_has_prefix (error->message, "Cannot create the folder "));
}

static void
test_load_errors (void)
{
  g_autofree char *path = temp_config_path ();
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *expected = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);

  g_file_set_contents (path, "[collector]\npolling-interval=20\n", -1, &error);
  g_assert_no_error (error);
  g_assert_null (ml_collector_config_load (path, &error));
  g_assert_error (error, ML_ERROR, ML_ERROR_INVALID_VALUE);
  expected = g_strdup_printf ("%s: polling-interval: 20 is outside 30 to 1440 minutes", path);
  g_assert_cmpstr (error->message, ==, expected);
  g_clear_error (&error);
  g_clear_pointer (&expected, g_free);

  g_file_set_contents (path, "[collector]\ncolour=red\n", -1, &error);
  g_assert_no_error (error);
  g_assert_null (ml_collector_config_load (path, &error));
  g_assert_error (error, ML_ERROR, ML_ERROR_NOT_FOUND);
  g_assert_true (g_str_has_prefix (error->message, path));
  g_assert_nonnull (strstr (error->message, ": unknown key \"colour\"; the keys are ranges"));
  g_clear_error (&error);

  g_file_set_contents (path, "this is not a key file\n", -1, &error);
  g_assert_no_error (error);
  g_assert_null (ml_collector_config_load (path, &error));
  g_assert_error (error, ML_ERROR, ML_ERROR_MALFORMED);
  g_assert_true (g_str_has_prefix (error->message, path));
}

static void
on_notify (GObject    *object,
           GParamSpec *pspec,
           gpointer    user_data)
{
  GPtrArray *names = user_data;

  g_ptr_array_add (names, g_strdup (pspec->name));
}

/* Keys the portal manages are refused to `set`, all or nothing when applied, and
 * the technician's again once the portal lets go of them. */
static void
test_managed (void)
{
  g_autofree char *path = temp_config_path ();
  g_autoptr(MlCollectorConfig) config = NULL;
  g_autoptr(MlCollectorConfig) again = NULL;
  g_autoptr(GError) error = NULL;
  const char * const keys[] = { "ranges", "polling-interval", NULL };
  const char * const values[] = { "192.0.2.0/24", "60", NULL };
  const char * const bad_values[] = { "192.0.2.0/24", "20", NULL };
  const char * const none[] = { NULL };
  gboolean changed = FALSE;

  g_remove (path);
  config = ml_collector_config_load (path, &error);
  g_assert_no_error (error);
  ml_collector_config_set (config, "port", "8443", &error);
  g_assert_no_error (error);

  /* One bad value: nothing applied, nothing managed. */
  g_assert_false (ml_collector_config_set_managed (config, keys, bad_values, &changed, &error));
  g_assert_error (error, ML_ERROR, ML_ERROR_INVALID_VALUE);
  g_clear_error (&error);
  g_assert_false (ml_collector_config_is_managed (config, "ranges"));
  g_assert_cmpuint (ml_collector_config_get_polling_interval (config), ==,
                    ML_POLLING_INTERVAL_DEFAULT);

  g_assert_true (ml_collector_config_set_managed (config, keys, values, &changed, &error));
  g_assert_no_error (error);
  g_assert_true (changed);
  g_assert_true (ml_collector_config_set_managed (config, keys, values, &changed, &error));
  g_assert_false (changed);
  ml_collector_config_save (config, &error);
  g_assert_no_error (error);

  again = ml_collector_config_load (path, &error);
  g_assert_no_error (error);
  g_assert_true (ml_collector_config_is_managed (again, "ranges"));
  g_assert_true (ml_collector_config_is_managed (again, "polling-interval"));
  g_assert_false (ml_collector_config_is_managed (again, "user-names"));
  g_assert_cmpuint (ml_collector_config_get_polling_interval (again), ==, 60);
  g_assert_false (ml_collector_config_set (again, "ranges", "198.51.100.0/24", &error));
  g_assert_error (error, ML_ERROR, ML_ERROR_FAILED);
  g_assert_cmpstr (error->message, ==,
                   "ranges is managed by the portal: the reseller changes it there, and the "
                   "collector takes it on its next sync");
  g_clear_error (&error);
  ml_collector_config_set (again, "port", "9443", &error);
  g_assert_no_error (error);

  g_assert_true (ml_collector_config_set_managed (again, none, none, &changed, &error));
  g_assert_true (changed);
  g_assert_false (ml_collector_config_is_managed (again, "ranges"));
  ml_collector_config_set (again, "ranges", "198.51.100.0/24", &error);
  g_assert_no_error (error);
}

/* The secrets live beside the settings, readable by their owner only, never in the
 * settings file. */
static void
test_secrets (void)
{
  g_autofree char *path = temp_config_path ();
  g_autofree char *secrets_path = NULL;
  g_autofree char *text = NULL;
  g_autofree char *password = NULL;
  g_autoptr(MlCollectorConfig) config = NULL;
  g_autoptr(GBytes) secret = g_bytes_new_static ("0123456789abcdef0123456789abcdef", 32);
  g_autoptr(GBytes) loaded = NULL;
  g_autoptr(GError) error = NULL;
  GStatBuf info;

  config = ml_collector_config_load (path, &error);
  g_assert_no_error (error);
  secrets_path = ml_collector_config_dup_secrets_path (config);
  g_remove (secrets_path);

  g_assert_null (ml_collector_config_load_proxy_password (config, &error));
  g_assert_no_error (error);
  g_assert_null (ml_collector_config_load_site_secret (config, "site-1", &error));
  g_assert_error (error, ML_ERROR, ML_ERROR_NOT_FOUND);
  g_clear_error (&error);

  ml_collector_config_save_site_secret (config, "site-1", secret, &error);
  g_assert_no_error (error);
  ml_collector_config_save_proxy_password (config, "pa ss:word", &error);
  g_assert_no_error (error);

  g_assert_cmpint (g_stat (secrets_path, &info), ==, 0);
  g_assert_cmpint (info.st_mode & 0777, ==, 0600);
  loaded = ml_collector_config_load_site_secret (config, "site-1", &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (loaded, secret));
  password = ml_collector_config_load_proxy_password (config, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (password, ==, "pa ss:word");
  g_assert_null (ml_collector_config_load_site_secret (config, "site-2", &error));
  g_assert_error (error, ML_ERROR, ML_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* Nothing of it in the settings file. */
  ml_collector_config_save (config, &error);
  g_assert_no_error (error);
  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (strstr (text, "pa ss"));
  g_assert_null (strstr (text, "secret"));

  ml_collector_config_save_proxy_password (config, NULL, &error);
  g_assert_no_error (error);
  g_clear_pointer (&password, g_free);
  password = ml_collector_config_load_proxy_password (config, &error);
  g_assert_no_error (error);
  g_assert_null (password);
}

static void
test_notify (void)
{
  g_autoptr(MlCollectorConfig) config = ml_collector_config_load (NULL, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  guint interval = 0;

  g_signal_connect (config, "notify", G_CALLBACK (on_notify), names);

  g_assert_true (ml_collector_config_set (config, "polling-interval", "90", NULL));
  g_assert_true (ml_collector_config_set (config, "polling-interval", "90", NULL));
  g_assert_false (ml_collector_config_set (config, "polling-interval", "9", NULL));
  g_assert_true (ml_collector_config_set (config, "ranges", "192.0.2.1", NULL));

  /* Only real changes are announced. */
  g_assert_cmpuint (names->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (names, 0), ==, "polling-interval");
  g_assert_cmpstr (g_ptr_array_index (names, 1), ==, "ranges");

  g_object_get (config, "polling-interval", &interval, NULL);
  g_assert_cmpuint (interval, ==, 90);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/collector/config/defaults", test_defaults);
  g_test_add_func ("/collector/config/round-trip", test_round_trip);
  g_test_add_func ("/collector/config/keeps-the-rest", test_keeps_the_rest);
  g_test_add_func ("/collector/config/messages", test_messages);
  g_test_add_func ("/collector/config/polling-interval-bounds", test_polling_interval_bounds);
  g_test_add_func ("/collector/config/xdg-path", test_xdg_path);
  g_test_add_func ("/collector/config/atomic-save", test_atomic_save);
  g_test_add_func ("/collector/config/save-failure", test_save_failure);
  g_test_add_func ("/collector/config/load-errors", test_load_errors);
  g_test_add_func ("/collector/config/notify", test_notify);
  g_test_add_func ("/collector/config/managed", test_managed);
  g_test_add_func ("/collector/config/secrets", test_secrets);
  g_test_add_func ("/collector/config/command", test_command);

  return g_test_run ();
}
