/* test-inspect.c: `meterlink-collector inspect` as a person runs it
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "ml-test-support.h"

typedef struct
{
  int status;
  char *out;
  char *err;
} Run;

static void
run_clear (Run *run)
{
  g_clear_pointer (&run->out, g_free);
  g_clear_pointer (&run->err, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

/* Runs the built collector with args; FALSE (and the test skipped) when it is not
 * known, as when the test binary is run by hand outside meson. */
static gboolean
run_collector (Run                *run,
               const char         *language,
               const char * const *args)
{
  const char *collector = g_getenv ("ML_COLLECTOR");
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;

  if (collector == NULL || !g_file_test (collector, G_FILE_TEST_IS_EXECUTABLE))
    {
      g_test_skip ("ML_COLLECTOR does not name the built meterlink-collector");
      return FALSE;
    }

  g_ptr_array_add (argv, (char *) collector);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);

  /* Messages in English, whatever the machine's language, unless a test asks for
   * one (gettext ignores LANGUAGE in the plain C locale, not in C.UTF-8). */
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE
                                        | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_setenv (launcher, "LC_ALL", "C.UTF-8", TRUE);
  if (language != NULL)
    g_subprocess_launcher_setenv (launcher, "LANGUAGE", language, TRUE);
  else
    g_subprocess_launcher_unsetenv (launcher, "LANGUAGE");

  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &run->out, &run->err, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  run->status = g_subprocess_get_exit_status (process);
  return TRUE;
}

static JsonArray *
parse_output (const char *out,
              JsonParser *parser)
{
  g_autoptr(GError) error = NULL;
  JsonNode *root;

  json_parser_load_from_data (parser, out, -1, &error);
  g_assert_no_error (error);
  root = json_parser_get_root (parser);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (root));
  return json_node_get_array (root);
}

static JsonObject *
object_at (JsonObject *object,
           const char *path)
{
  g_auto(GStrv) keys = g_strsplit (path, ".", -1);

  for (guint i = 0; keys[i] != NULL; i++)
    {
      g_assert_true (json_object_has_member (object, keys[i]));
      object = json_object_get_object_member (object, keys[i]);
      g_assert_nonnull (object);
    }
  return object;
}

static void
test_json (void)
{
  g_autofree char *config = ml_test_fixture_path ("officejet-pro-9022e-ProductConfigDyn.xml");
  g_autofree char *consumables = ml_test_fixture_path ("officejet-pro-9022e-ConsumableConfigDyn.xml");
  g_autofree char *identity = ml_test_fixture_path ("smart-tank-580-590-cdm-system-v1-identity.json");
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_auto(Run) run = { 0, };
  JsonArray *files;
  JsonObject *entry;
  JsonArray *cartridges;
  JsonObject *cyan;

  if (config == NULL
      || !run_collector (&run, NULL, (const char *[]) { "inspect", "--json", config, consumables,
                                                  identity, NULL }))
    return;

  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.err, ==, "");

  files = parse_output (run.out, parser);
  g_assert_cmpuint (json_array_get_length (files), ==, 3);

  entry = json_array_get_object_element (files, 0);
  g_assert_cmpstr (json_object_get_string_member (entry, "file"), ==, config);
  g_assert_cmpstr (json_object_get_string_member (entry, "kind"), ==, "LEDM ProductConfigDyn (XML)");
  g_assert_cmpstr (json_object_get_string_member (object_at (entry, "reading.identity"),
                                                  "product_number"), ==, "226Y0B");
  g_assert_cmpstr (json_object_get_string_member (object_at (entry, "reading.identity"),
                                                  "firmware_version"), ==, "MANHHIPP1N005.2623A.00");

  entry = json_array_get_object_element (files, 1);
  g_assert_cmpstr (json_object_get_string_member (entry, "kind"), ==, "LEDM ConsumableConfigDyn (XML)");
  cartridges = json_object_get_array_member (object_at (entry, "reading"), "cartridges");
  g_assert_cmpuint (json_array_get_length (cartridges), ==, 4);
  cyan = json_array_get_object_element (cartridges, 0);
  g_assert_cmpstr (json_object_get_string_member (cyan, "color"), ==, "cyan");
  g_assert_cmpstr (json_object_get_string_member (cyan, "product_number"), ==, "3JA86A");
  g_assert_cmpint (json_object_get_int_member (cyan, "capacity_ul"), ==, 29800);
  g_assert_cmpint (json_object_get_int_member (cyan, "level_percent"), ==, 40);

  entry = json_array_get_object_element (files, 2);
  g_assert_cmpstr (json_object_get_string_member (entry, "kind"), ==, "CDM system/v1/identity (JSON)");
  g_assert_cmpstr (json_object_get_string_member (object_at (entry, "reading.identity"),
                                                  "serial_number"), ==, "SN-ANON-0000");
}

static void
test_text (void)
{
  g_autofree char *config = ml_test_fixture_path ("officejet-pro-9022e-ProductConfigDyn.xml");
  g_autofree char *consumables = ml_test_fixture_path ("officejet-pro-9022e-ConsumableConfigDyn.xml");
  g_autofree char *identity = ml_test_fixture_path ("smart-tank-580-590-cdm-system-v1-identity.json");
  g_autofree char *header = NULL;
  g_auto(Run) run = { 0, };

  if (config == NULL
      || !run_collector (&run, NULL, (const char *[]) { "inspect", config, consumables, identity, NULL }))
    return;

  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.err, ==, "");

  header = g_strdup_printf ("== %s: LEDM ProductConfigDyn (XML) ==\n", config);
  g_assert_true (g_str_has_prefix (run.out, header));
  g_assert_nonnull (strstr (run.out, "HP OfficeJet Pro 9020 series"));
  g_assert_nonnull (strstr (run.out, "226Y0B"));
  g_assert_nonnull (strstr (run.out, "3JA86A"));
  /* 298 tenths of a millilitre */
  g_assert_nonnull (strstr (run.out, "29.8 ml"));
  g_assert_nonnull (strstr (run.out, "CDM system/v1/identity (JSON) =="));
  g_assert_nonnull (strstr (run.out, "SN-ANON-0000"));
}

/* One bad file does not hide the good ones. */
static void
test_bad_file_among_good (void)
{
  g_autofree char *config = ml_test_fixture_path ("officejet-pro-9022e-ProductConfigDyn.xml");
  g_autofree char *identity = ml_test_fixture_path ("smart-tank-580-590-cdm-system-v1-identity.json");
  g_autofree char *dir = NULL;
  g_autofree char *bad = NULL;
  g_autofree char *expected_error = NULL;
  g_autoptr(GError) error = NULL;

  if (config == NULL)
    return;

  dir = g_dir_make_tmp ("test-inspect-XXXXXX", &error);
  g_assert_no_error (error);
  bad = g_build_filename (dir, "truncated.xml", NULL);
  g_file_set_contents (bad, "<psdyn:ProductStatusDyn xmlns:psdyn=\"x\"><psdyn:Sta", -1, &error);
  g_assert_no_error (error);
  expected_error = g_strdup_printf ("meterlink-collector: %s: ", bad);

  for (guint json = 0; json < 2; json++)
    {
      g_auto(Run) run = { 0, };
      const char *text_args[] = { "inspect", config, bad, identity, NULL };
      const char *json_args[] = { "inspect", "--json", config, bad, identity, NULL };

      if (!run_collector (&run, NULL, json ? json_args : text_args))
        break;

      g_assert_cmpint (run.status, ==, 1);
      g_assert_true (g_str_has_prefix (run.err, expected_error));
      g_assert_nonnull (strstr (run.err, "not well-formed"));
      g_assert_null (strstr (run.err, config));
      g_assert_nonnull (strstr (run.out, "226Y0B"));
      g_assert_nonnull (strstr (run.out, "SN-ANON-0000"));

      if (json)
        {
          g_autoptr(JsonParser) parser = json_parser_new ();

          g_assert_cmpuint (json_array_get_length (parse_output (run.out, parser)), ==, 2);
        }
    }

  g_remove (bad);
  g_rmdir (dir);
}

static void
test_missing_file (void)
{
  g_auto(Run) run = { 0, };

  if (!run_collector (&run, NULL, (const char *[]) { "inspect", "/nonexistent/ProductConfigDyn.xml", NULL }))
    return;

  g_assert_cmpint (run.status, ==, 1);
  g_assert_cmpstr (run.out, ==, "");
  g_assert_true (g_str_has_prefix (run.err,
                                   "meterlink-collector: /nonexistent/ProductConfigDyn.xml: "));
  g_assert_nonnull (strstr (run.err, "no such file"));
}

static void
test_usage_errors (void)
{
  static const struct {
    const char *args[4];
    const char *mentions;
  } cases[] = {
    { { NULL }, "command" },
    { { "inspect", NULL }, "file" },
    { { "inspect", "--yaml", "x.xml", NULL }, "--yaml" },
    { { "--frobnicate", NULL }, "--frobnicate" },
    { { "teleport", NULL }, "teleport" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(Run) run = { 0, };

      if (!run_collector (&run, NULL, cases[i].args))
        return;

      g_assert_cmpint (run.status, ==, 2);
      g_assert_cmpstr (run.out, ==, "");
      g_assert_nonnull (strstr (run.err, cases[i].mentions));
      g_assert_nonnull (strstr (run.err, "--help"));
    }
}

static void
test_help_and_version (void)
{
  g_auto(Run) help = { 0, };
  g_auto(Run) inspect_help = { 0, };
  g_auto(Run) version = { 0, };

  if (!run_collector (&help, NULL, (const char *[]) { "--help", NULL })
      || !run_collector (&inspect_help, NULL, (const char *[]) { "inspect", "--help", NULL })
      || !run_collector (&version, NULL, (const char *[]) { "--version", NULL }))
    return;

  g_assert_cmpint (help.status, ==, 0);
  g_assert_nonnull (strstr (help.out, "inspect"));

  g_assert_cmpint (inspect_help.status, ==, 0);
  g_assert_nonnull (strstr (inspect_help.out, "meterlink-collector inspect"));
  g_assert_nonnull (strstr (inspect_help.out, "--json"));

  g_assert_cmpint (version.status, ==, 0);
  g_assert_cmpstr (version.out, ==, "meterlink-collector " PACKAGE_VERSION "\n");
}

/* A support engineer in Germany reads German: labels, states and errors. */
static void
test_german (void)
{
  g_autofree char *path = ml_test_fixture_path ("officejet-pro-9022e-ProductStatusDyn.xml");
  Run run = { 0 };

  if (path == NULL)
    return;
  if (g_getenv ("ML_LOCALEDIR") == NULL)
    {
      g_test_skip ("ML_LOCALEDIR does not name the build tree's catalogues");
      return;
    }

  if (!run_collector (&run, "de", (const char *[]) { "inspect", path, NULL }))
    return;
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "Zustand: Ruhemodus"));
  g_clear_pointer (&run.out, g_free);
  g_clear_pointer (&run.err, g_free);

  if (!run_collector (&run, "de", (const char *[]) { "inspect", "/nonexistent/InkSystem.json", NULL }))
    return;
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "/nonexistent/InkSystem.json"));
  g_assert_null (strstr (run.err, "No such file"));
  g_clear_pointer (&run.out, g_free);
  g_clear_pointer (&run.err, g_free);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/collector/inspect/json", test_json);
  g_test_add_func ("/collector/inspect/text", test_text);
  g_test_add_func ("/collector/inspect/bad-file-among-good", test_bad_file_among_good);
  g_test_add_func ("/collector/inspect/missing-file", test_missing_file);
  g_test_add_func ("/collector/inspect/usage-errors", test_usage_errors);
  g_test_add_func ("/collector/inspect/help-and-version", test_help_and_version);
  g_test_add_func ("/collector/inspect/german", test_german);

  return g_test_run ();
}
