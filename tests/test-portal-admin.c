/* test-portal-admin.c: the operator's commands as an operator runs them
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs the built meterlink-portal (ML_PORTAL) on a database in a temporary folder
 * and checks what each command prints and its exit status: 0 when it did what it
 * says, 1 when it could not, 2 for a command line it does not understand. The
 * enrolment code that `site add` ends with is decoded and compared with the store.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "ml-certificate.h"
#include "ml-portal-store.h"
#include "ml-test-support.h"

#define PASSWORD "a long enough password"

typedef struct
{
  char *dir;
  char *db_path;
} Fixture;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  if (g_getenv ("ML_PORTAL") == NULL)
    {
      g_test_skip ("ML_PORTAL is not set");
      return;
    }

  fixture->dir = g_dir_make_tmp ("test-portal-admin-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->db_path = g_build_filename (fixture->dir, "portal.db", NULL);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  if (fixture->dir != NULL)
    ml_test_remove_tree (fixture->dir);
  g_clear_pointer (&fixture->dir, g_free);
  g_clear_pointer (&fixture->db_path, g_free);
}

/* Running the program ------------------------------------------------------------------- */

/* Runs meterlink-portal with @args (NULL-terminated), @input on its standard input
 * and, with @data_home, that XDG data folder. Returns the exit status. */
static int
run_full (const char          *input,
          const char          *data_home,
          const char * const  *args,
          char               **out,
          char               **err)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) argv = NULL;
  g_autofree char *stdout_text = NULL;
  g_autofree char *stderr_text = NULL;

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                        G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  /* Messages in English, whatever the machine's language. */
  g_subprocess_launcher_setenv (launcher, "LANGUAGE", "C", TRUE);
  g_subprocess_launcher_setenv (launcher, "LC_ALL", "C.UTF-8", TRUE);
  if (data_home != NULL)
    g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", data_home, TRUE);

  g_strv_builder_add (builder, g_getenv ("ML_PORTAL"));
  g_strv_builder_addv (builder, (const char **) args);
  argv = g_strv_builder_end (builder);
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv, &error);
  g_assert_no_error (error);

  g_subprocess_communicate_utf8 (process, input != NULL ? input : "", NULL, &stdout_text,
                                 &stderr_text, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));

  g_test_message ("%s → exit %d\n%s%s", argv[1], g_subprocess_get_exit_status (process),
                  stdout_text, stderr_text);
  if (out != NULL)
    *out = g_steal_pointer (&stdout_text);
  if (err != NULL)
    *err = g_steal_pointer (&stderr_text);
  return g_subprocess_get_exit_status (process);
}

/* Runs COMMAND... with --db of the fixture right after the command words. */
#define run(input, out, err, ...) \
  run_full (input, NULL, (const char * const []) { __VA_ARGS__, NULL }, out, err)

static gboolean
contains (const char *text,
          const char *part)
{
  return text != NULL && strstr (text, part) != NULL;
}

static char *
last_line (const char *text)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  guint n = g_strv_length (lines);

  /* The output ends with a new line: the last element is empty. */
  g_assert_cmpuint (n, >=, 2);
  g_assert_cmpstr (lines[n - 1], ==, "");
  return g_strdup (lines[n - 2]);
}

static MlPortalStore *
open_store (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  MlPortalStore *store = ml_portal_store_open (fixture->db_path, &error);

  g_assert_no_error (error);
  return store;
}

/* A reseller with a customer and an admin, through the commands themselves. */
static void
add_basics (Fixture *fixture)
{
  g_assert_cmpint (run (NULL, NULL, NULL, "reseller", "add", "--db", fixture->db_path,
                        "Acme Print"), ==, 0);
  g_assert_cmpint (run (NULL, NULL, NULL, "customer", "add", "--db", fixture->db_path,
                        "--reseller", "Acme Print", "Contoso"), ==, 0);
}

/* The enrolment code on the last line of @out, decoded and checked against the
 * store: the site's ID and its current secret. */
static MlEnrolmentCode *
check_code (Fixture    *fixture,
            const char *out)
{
  g_autoptr(MlPortalStore) store = open_store (fixture);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) secret = NULL;
  g_autofree char *line = last_line (out);
  MlEnrolmentCode *code;

  g_assert_true (g_str_has_prefix (line, "MLE1-"));
  code = ml_enrolment_code_decode (line, &error);
  g_assert_no_error (error);
  g_assert_true (g_uuid_string_is_valid (code->site_id));
  g_assert_true (contains (out, code->site_id));

  secret = ml_portal_store_lookup_site_secret (store, code->site_id, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (secret, code->secret));
  return code;
}

/* Tests -------------------------------------------------------------------------------- */

static void
test_reseller (Fixture       *fixture,
               gconstpointer  data)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  if (fixture->dir == NULL)
    return;

  g_assert_cmpint (run (NULL, &out, &err, "reseller", "add", "--db", fixture->db_path,
                        "Acme Print"), ==, 0);
  g_assert_cmpstr (out, ==, "Added reseller “Acme Print”.\n");
  g_assert_cmpstr (err, ==, "");
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run (NULL, &out, &err, "reseller", "add", "--db", fixture->db_path,
                        "Acme Print"), ==, 1);
  g_assert_cmpstr (out, ==, "");
  g_assert_true (contains (err, "There is already a reseller “Acme Print”"));
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run (NULL, NULL, &err, "reseller", "add", "--db", fixture->db_path),
                   ==, 2);
  g_assert_true (contains (err, "Name the reseller"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run (NULL, NULL, &err, "reseller", "add", "--db", fixture->db_path,
                        "Acme", "Print"), ==, 2);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run (NULL, NULL, &err, "reseller", "add", "--db", fixture->db_path,
                        "--frobnicate", "X"), ==, 2);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run (NULL, NULL, &err, "reseller", "add", "--db", fixture->db_path, ""),
                   ==, 1);
  g_assert_true (contains (err, "empty"));
}

static void
test_user (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(MlPortalStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *token = NULL;
  g_autofree char *viewer_token = NULL;
  MlPortalRole role = ML_PORTAL_ROLE_VIEWER;

  if (fixture->dir == NULL)
    return;
  add_basics (fixture);

  g_assert_cmpint (run (PASSWORD "\n", &out, &err, "user", "add", "--db", fixture->db_path,
                        "--reseller", "Acme Print", "--login", "anna", "--role", "admin",
                        "--password-stdin"), ==, 0);
  g_assert_cmpstr (out, ==,
                   "Added user “anna” to reseller “Acme Print” as an administrator.\n");
  /* The password appears nowhere. */
  g_assert_false (contains (out, PASSWORD));
  g_assert_false (contains (err, PASSWORD));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* A line without its new line, with a carriage return, counts the same. */
  g_assert_cmpint (run ("viewer's password\r\n", &out, NULL, "user", "add", "--db",
                        fixture->db_path, "--reseller", "Acme Print", "--login", "vera",
                        "--role", "viewer", "--password-stdin"), ==, 0);
  g_assert_true (contains (out, "as a viewer"));
  g_clear_pointer (&out, g_free);

  store = open_store (fixture);
  g_assert_true (ml_portal_store_create_session (store, "anna", PASSWORD, 1000, &token,
                                                 &error));
  g_assert_no_error (error);
  g_assert_true (ml_portal_store_check_token (store, token, 1000, NULL, NULL, &role, &error));
  g_assert_cmpint (role, ==, ML_PORTAL_ROLE_ADMIN);
  g_assert_true (ml_portal_store_create_session (store, "vera", "viewer's password", 1000,
                                                 &viewer_token, &error));
  g_assert_no_error (error);

  /* Refusals, each with its reason. */
  g_assert_cmpint (run ("too short\n", NULL, &err, "user", "add", "--db", fixture->db_path,
                        "--reseller", "Acme Print", "--login", "carl", "--role", "viewer",
                        "--password-stdin"), ==, 1);
  g_assert_true (contains (err, "too short"));
  g_assert_true (contains (err, "10 characters"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run ("\n", NULL, &err, "user", "add", "--db", fixture->db_path,
                        "--reseller", "Acme Print", "--login", "carl", "--role", "viewer",
                        "--password-stdin"), ==, 1);
  g_assert_true (contains (err, "empty"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run ("", NULL, &err, "user", "add", "--db", fixture->db_path,
                        "--reseller", "Acme Print", "--login", "carl", "--role", "viewer",
                        "--password-stdin"), ==, 1);
  g_assert_true (contains (err, "no password"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run (PASSWORD "\n", NULL, &err, "user", "add", "--db", fixture->db_path,
                        "--reseller", "Acme Print", "--login", "anna", "--role", "viewer",
                        "--password-stdin"), ==, 1);
  g_assert_true (contains (err, "already a user with the login “anna”"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run (PASSWORD "\n", NULL, &err, "user", "add", "--db", fixture->db_path,
                        "--reseller", "Acme", "--login", "carl", "--role", "viewer",
                        "--password-stdin"), ==, 1);
  g_assert_true (contains (err, "There is no reseller “Acme”; the resellers are: Acme Print"));
  g_clear_pointer (&err, g_free);

  /* Usage errors: never a password on the command line. */
  g_assert_cmpint (run (PASSWORD "\n", NULL, &err, "user", "add", "--db", fixture->db_path,
                        "--reseller", "Acme Print", "--login", "carl", "--role", "viewer"),
                   ==, 2);
  g_assert_true (contains (err, "--password-stdin"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run (PASSWORD "\n", NULL, &err, "user", "add", "--db", fixture->db_path,
                        "--reseller", "Acme Print", "--login", "carl", "--role", "boss",
                        "--password-stdin"), ==, 2);
  g_assert_true (contains (err, "--role admin or --role viewer"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run (PASSWORD "\n", NULL, &err, "user", "add", "--db", fixture->db_path,
                        "--login", "carl", "--role", "viewer", "--password-stdin"), ==, 2);
  g_assert_true (contains (err, "--reseller"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run (PASSWORD "\n", NULL, &err, "user", "add", "--db", fixture->db_path,
                        "--reseller", "Acme Print", "--role", "viewer", "--password-stdin"),
                   ==, 2);
  g_assert_true (contains (err, "--login"));
}

static void
test_customer (Fixture       *fixture,
               gconstpointer  data)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  if (fixture->dir == NULL)
    return;

  g_assert_cmpint (run (NULL, NULL, NULL, "reseller", "add", "--db", fixture->db_path,
                        "Acme Print"), ==, 0);
  g_assert_cmpint (run (NULL, &out, NULL, "customer", "add", "--db", fixture->db_path,
                        "--reseller", "Acme Print", "Contoso Ltd"), ==, 0);
  g_assert_cmpstr (out, ==, "Added customer “Contoso Ltd” to reseller “Acme Print”.\n");

  g_assert_cmpint (run (NULL, NULL, &err, "customer", "add", "--db", fixture->db_path,
                        "--reseller", "Acme Print", "Contoso Ltd"), ==, 1);
  g_assert_true (contains (err, "Reseller “Acme Print” already has a customer “Contoso Ltd”"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run (NULL, NULL, &err, "customer", "add", "--db", fixture->db_path,
                        "--reseller", "Beta", "Contoso Ltd"), ==, 1);
  g_assert_true (contains (err, "There is no reseller “Beta”"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run (NULL, NULL, &err, "customer", "add", "--db", fixture->db_path,
                        "Contoso Ltd"), ==, 2);
  g_assert_true (contains (err, "--reseller"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run (NULL, NULL, &err, "customer", "add", "--db", fixture->db_path,
                        "--reseller", "Acme Print"), ==, 2);
}

static void
test_site_add (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(MlEnrolmentCode) code = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *expected_url = NULL;
  g_autofree char *last = NULL;

  if (fixture->dir == NULL)
    return;
  add_basics (fixture);

  g_assert_cmpint (run (NULL, &out, &err, "site", "add", "--db", fixture->db_path,
                        "--customer", "Contoso", "Plant 1"), ==, 0);
  g_assert_cmpstr (err, ==, "");
  g_assert_true (g_str_has_prefix (out, "Added site “Plant 1” of customer “Contoso” "
                                        "(reseller “Acme Print”).\n"));
  code = check_code (fixture, out);
  /* Nothing recorded by `serve`, no certificate beside the database. */
  expected_url = g_strdup_printf ("https://%s:8443", g_get_host_name ());
  g_assert_cmpstr (code->portal_url, ==, expected_url);
  g_assert_null (code->cert_sha256);
  g_assert_true (contains (out, "Certificate pin: none"));
  /* The code is printed once, on the last line. */
  last = last_line (out);
  g_assert_true (strstr (out, last) == out + strlen (out) - strlen (last) - 1);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run (NULL, NULL, &err, "site", "add", "--db", fixture->db_path,
                        "--customer", "Contoso", "Plant 1"), ==, 1);
  g_assert_true (contains (err, "Customer “Contoso” already has a site “Plant 1”"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run (NULL, NULL, &err, "site", "add", "--db", fixture->db_path,
                        "--customer", "Nobody", "Plant 2"), ==, 1);
  g_assert_true (contains (err, "There is no customer “Nobody”; the customers are: "
                                "Contoso (Acme Print)"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run (NULL, NULL, &err, "site", "add", "--db", fixture->db_path,
                        "Plant 2"), ==, 2);
  g_assert_true (contains (err, "--customer"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run (NULL, NULL, &err, "site", "add", "--db", fixture->db_path,
                        "--customer", "Contoso", "--portal-url", "http://portal.example",
                        "Plant 2"), ==, 2);
  g_assert_true (contains (err, "https"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run (NULL, NULL, &err, "site", "add", "--db", fixture->db_path,
                        "--customer", "Contoso", "--cert-sha256", "12:34", "Plant 2"), ==, 2);
  g_assert_true (contains (err, "SHA-256"));
  g_clear_pointer (&err, g_free);

  /* The refused ones made no site. */
  g_assert_cmpint (run (NULL, &out, NULL, "site", "add", "--db", fixture->db_path,
                        "--customer", "Contoso", "Plant 2"), ==, 0);
  g_clear_pointer (&out, g_free);

  /* A customer name two resellers use needs --reseller. */
  g_assert_cmpint (run (NULL, NULL, NULL, "reseller", "add", "--db", fixture->db_path,
                        "Beta Print"), ==, 0);
  g_assert_cmpint (run (NULL, NULL, NULL, "customer", "add", "--db", fixture->db_path,
                        "--reseller", "Beta Print", "Contoso"), ==, 0);
  g_assert_cmpint (run (NULL, NULL, &err, "site", "add", "--db", fixture->db_path,
                        "--customer", "Contoso", "Depot"), ==, 1);
  g_assert_true (contains (err, "--reseller"));
  g_assert_true (contains (err, "Acme Print, Beta Print"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run (NULL, &out, NULL, "site", "add", "--db", fixture->db_path,
                        "--customer", "Contoso", "--reseller", "Beta Print", "Depot"), ==, 0);
  g_assert_true (contains (out, "(reseller “Beta Print”)"));
  g_clear_pointer (&code, ml_enrolment_code_free);
  code = check_code (fixture, out);
}

/* Where the code's URL and pin come from: options, what `serve` recorded, the
 * certificate beside the database. */
static void
test_site_portal (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(MlEnrolmentCode) code = NULL;
  g_autoptr(MlPortalStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *cert_pem = NULL;
  g_autofree char *key_pem = NULL;
  g_autofree char *cert_path = NULL;
  g_autofree char *file_pin = NULL;
  const char *pin = "AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:"
                    "AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89";

  if (fixture->dir == NULL)
    return;
  add_basics (fixture);

  /* The certificate `serve` makes beside the database is pinned. */
  g_assert_true (ml_certificate_generate_pem ("portal.test", "Meterlink", NULL, &cert_pem,
                                              &key_pem, &error));
  g_assert_no_error (error);
  cert_path = g_build_filename (fixture->dir, "portal-cert.pem", NULL);
  g_assert_true (g_file_set_contents (cert_path, cert_pem, -1, &error));
  file_pin = ml_certificate_file_sha256 (cert_path, &error);
  g_assert_no_error (error);

  g_assert_cmpint (run (NULL, &out, NULL, "site", "add", "--db", fixture->db_path,
                        "--customer", "Contoso", "Plant 1"), ==, 0);
  code = check_code (fixture, out);
  g_assert_cmpstr (code->cert_sha256, ==, file_pin);
  g_assert_true (contains (out, file_pin));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&code, ml_enrolment_code_free);

  /* --cert-sha256 as openssl prints it, and "none". */
  g_assert_cmpint (run (NULL, &out, NULL, "site", "add", "--db", fixture->db_path,
                        "--customer", "Contoso", "--portal-url", "https://portal.example",
                        "--cert-sha256", pin, "Plant 2"), ==, 0);
  code = check_code (fixture, out);
  g_assert_cmpstr (code->portal_url, ==, "https://portal.example");
  g_assert_cmpstr (code->cert_sha256, ==,
                   "abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789");
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&code, ml_enrolment_code_free);
  g_assert_cmpint (run (NULL, &out, NULL, "site", "add", "--db", fixture->db_path,
                        "--customer", "Contoso", "--cert-sha256", "none", "Plant 3"), ==, 0);
  code = check_code (fixture, out);
  g_assert_null (code->cert_sha256);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&code, ml_enrolment_code_free);

  /* What `serve` recorded wins over the guesses. */
  store = open_store (fixture);
  g_assert_true (ml_portal_store_set_setting (store, "portal_url",
                                              "https://portal.example:9443/", &error));
  g_assert_true (ml_portal_store_set_setting (store, "portal_cert_sha256", "", &error));
  g_assert_no_error (error);
  g_assert_cmpint (run (NULL, &out, NULL, "site", "add", "--db", fixture->db_path,
                        "--customer", "Contoso", "Plant 4"), ==, 0);
  code = check_code (fixture, out);
  g_assert_cmpstr (code->portal_url, ==, "https://portal.example:9443/");
  g_assert_null (code->cert_sha256);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&code, ml_enrolment_code_free);

  g_assert_true (ml_portal_store_set_setting (store, "portal_cert_sha256",
                                              "0123456789abcdef0123456789abcdef"
                                              "0123456789abcdef0123456789abcdef", &error));
  g_assert_cmpint (run (NULL, &out, NULL, "site", "add", "--db", fixture->db_path,
                        "--customer", "Contoso", "Plant 5"), ==, 0);
  code = check_code (fixture, out);
  g_assert_cmpstr (code->cert_sha256, ==,
                   "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");
}

static void
test_site_rotate (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(MlEnrolmentCode) first = NULL;
  g_autoptr(MlEnrolmentCode) second = NULL;
  g_autoptr(MlEnrolmentCode) third = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  if (fixture->dir == NULL)
    return;
  add_basics (fixture);

  g_assert_cmpint (run (NULL, &out, NULL, "site", "add", "--db", fixture->db_path,
                        "--customer", "Contoso", "Plant 1"), ==, 0);
  first = check_code (fixture, out);
  g_clear_pointer (&out, g_free);

  g_assert_cmpint (run (NULL, &out, &err, "site", "rotate-secret", "--db", fixture->db_path,
                        "Plant 1"), ==, 0);
  g_assert_cmpstr (err, ==, "");
  g_assert_true (g_str_has_prefix (out, "Gave site “Plant 1” of customer “Contoso” "
                                        "(reseller “Acme Print”) a new secret"));
  second = check_code (fixture, out);
  g_assert_cmpstr (second->site_id, ==, first->site_id);
  g_assert_false (g_bytes_equal (second->secret, first->secret));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* By its ID too. */
  g_assert_cmpint (run (NULL, &out, NULL, "site", "rotate-secret", "--db", fixture->db_path,
                        first->site_id), ==, 0);
  third = check_code (fixture, out);
  g_assert_cmpstr (third->site_id, ==, first->site_id);
  g_assert_false (g_bytes_equal (third->secret, second->secret));
  g_clear_pointer (&out, g_free);

  g_assert_cmpint (run (NULL, NULL, &err, "site", "rotate-secret", "--db", fixture->db_path,
                        "Plant 9"), ==, 1);
  g_assert_true (contains (err, "There is no site “Plant 9”; the sites are: Plant 1 "
                                "(Contoso, Acme Print)"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run (NULL, NULL, &err, "site", "rotate-secret", "--db", fixture->db_path),
                   ==, 2);
  g_clear_pointer (&err, g_free);

  /* Two sites of one name: the ID must say which. */
  g_assert_cmpint (run (NULL, NULL, NULL, "customer", "add", "--db", fixture->db_path,
                        "--reseller", "Acme Print", "Fabrikam"), ==, 0);
  g_assert_cmpint (run (NULL, NULL, NULL, "site", "add", "--db", fixture->db_path,
                        "--customer", "Fabrikam", "Plant 1"), ==, 0);
  g_assert_cmpint (run (NULL, NULL, &err, "site", "rotate-secret", "--db", fixture->db_path,
                        "Plant 1"), ==, 1);
  g_assert_true (contains (err, "Several sites are called “Plant 1”"));
  g_assert_true (contains (err, first->site_id));
}

/* --db before the command means the same; without it, the XDG default. */
static void
test_db_option (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *data_home = NULL;
  g_autofree char *default_db = NULL;
  g_autofree char *err = NULL;

  if (fixture->dir == NULL)
    return;

  g_assert_cmpint (run (NULL, NULL, NULL, "--db", fixture->db_path, "reseller", "add",
                        "Acme Print"), ==, 0);
  g_assert_cmpint (run (NULL, NULL, NULL, "--db", fixture->db_path, "customer", "add",
                        "--reseller", "Acme Print", "Contoso"), ==, 0);
  g_assert_cmpint (run (NULL, NULL, &err, "--db", fixture->db_path, "reseller", "add",
                        "Acme Print"), ==, 1);
  g_assert_true (contains (err, "already"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run (NULL, NULL, &err, "--db", fixture->db_path, "site"), ==, 2);
  g_assert_true (contains (err, "name what to do"));
  g_clear_pointer (&err, g_free);

  data_home = g_build_filename (fixture->dir, "xdg", NULL);
  default_db = g_build_filename (data_home, "meterlink", "portal.db", NULL);
  g_assert_cmpint (run_full (NULL, data_home,
                             (const char * const []) { "reseller", "add", "Acme Print",
                                                       NULL },
                             NULL, NULL), ==, 0);
  g_assert_true (g_file_test (default_db, G_FILE_TEST_EXISTS));
  g_assert_cmpint (run_full (NULL, data_home,
                             (const char * const []) { "reseller", "add", "Acme Print",
                                                       NULL },
                             NULL, &err), ==, 1);
  g_assert_true (contains (err, "already"));
}

static void
test_usage (Fixture       *fixture,
            gconstpointer  data)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  if (fixture->dir == NULL)
    return;

  g_assert_cmpint (run (NULL, NULL, &err, "frobnicate"), ==, 2);
  g_assert_true (contains (err, "unknown command “frobnicate”"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_full (NULL, NULL, (const char * const []) { NULL }, NULL, &err), ==, 2);
  g_assert_true (contains (err, "name a command"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run (NULL, NULL, &err, "site", "frobnicate"), ==, 2);
  g_assert_true (contains (err, "unknown command “frobnicate”"));
  g_assert_true (contains (err, "rotate-secret"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run (NULL, NULL, &err, "user"), ==, 2);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run (NULL, &out, NULL, "--version"), ==, 0);
  g_assert_true (g_str_has_prefix (out, "meterlink-portal "));
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (run (NULL, &out, NULL, "--help"), ==, 0);
  g_assert_true (contains (out, "reseller"));
  g_assert_true (contains (out, "serve"));
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (run (NULL, &out, NULL, "site", "--help"), ==, 0);
  g_assert_true (contains (out, "rotate-secret"));
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (run (NULL, &out, NULL, "user", "add", "--help"), ==, 0);
  g_assert_true (contains (out, "--password-stdin"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/portal/admin/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("reseller", test_reseller);
  ADD ("user", test_user);
  ADD ("customer", test_customer);
  ADD ("site-add", test_site_add);
  ADD ("site-portal", test_site_portal);
  ADD ("site-rotate", test_site_rotate);
  ADD ("db-option", test_db_option);
  ADD ("usage", test_usage);

#undef ADD

  return g_test_run ();
}
