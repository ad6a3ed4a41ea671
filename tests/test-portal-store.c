/* test-portal-store.c: the portal's database: accounts, ingest, and who sees what
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Payloads are written by hand in the schema of docs/bundle-format.md, so these
 * tests check the store against the document rather than against the collector that
 * builds them. Password hashes take ML_PASSWORD_ROUNDS only where the rounds are the
 * point; elsewhere the test-only setter lowers them.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>

#include "ml-password-private.h"
#include "ml-password.h"
#include "ml-portal-store.h"
#include "ml-test-support.h"

#define TEST_ROUNDS 1000

/* 2026-11-20T12:00:00Z */
#define NOW G_GINT64_CONSTANT (1795176000)

typedef struct
{
  char *dir;
  char *path;
  MlPortalStore *store;
  gint64 reseller_a;
  gint64 reseller_b;
  char *site_a;          /* Acme Print / Contoso / Plant */
  char *site_b;          /* Beta Print / Fabrikam / Office */
  guint64 next_sequence;
} Fixture;

/* Fixture ------------------------------------------------------------------------------ */

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  _ml_password_set_rounds_for_testing (TEST_ROUNDS);

  fixture->dir = g_dir_make_tmp ("test-portal-store-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->path = g_build_filename (fixture->dir, "portal.db", NULL);
  fixture->store = ml_portal_store_open (fixture->path, &error);
  g_assert_no_error (error);

  g_assert_true (ml_portal_store_add_reseller (fixture->store, "Acme Print",
                                               &fixture->reseller_a, &error));
  g_assert_true (ml_portal_store_add_reseller (fixture->store, "Beta Print",
                                               &fixture->reseller_b, &error));
  g_assert_true (ml_portal_store_add_customer (fixture->store, "Acme Print", "Contoso", NULL,
                                               &error));
  g_assert_true (ml_portal_store_add_customer (fixture->store, "Beta Print", "Fabrikam", NULL,
                                               &error));
  g_assert_true (ml_portal_store_add_site (fixture->store, NULL, "Contoso", "Plant",
                                           &fixture->site_a, NULL, &error));
  g_assert_true (ml_portal_store_add_site (fixture->store, NULL, "Fabrikam", "Office",
                                           &fixture->site_b, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (fixture->reseller_a, !=, fixture->reseller_b);
  fixture->next_sequence = 1;
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  if (fixture->store != NULL)
    g_assert_finalize_object (g_steal_pointer (&fixture->store));
  ml_test_remove_tree (fixture->dir);
  g_clear_pointer (&fixture->dir, g_free);
  g_clear_pointer (&fixture->path, g_free);
  g_clear_pointer (&fixture->site_a, g_free);
  g_clear_pointer (&fixture->site_b, g_free);
  _ml_password_set_rounds_for_testing (0);
}

/* Helpers ------------------------------------------------------------------------------ */

/* One number from the file, read beside the store as another program would. */
static gint64
query_int (Fixture    *fixture,
           const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *statement = NULL;
  gint64 value;

  g_assert_cmpint (sqlite3_open_v2 (fixture->path, &db, SQLITE_OPEN_READONLY, NULL), ==,
                   SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &statement, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (statement), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (statement, 0);
  sqlite3_finalize (statement);
  sqlite3_close (db);
  return value;
}

static char *
query_text (Fixture    *fixture,
            const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *statement = NULL;
  char *value;

  g_assert_cmpint (sqlite3_open_v2 (fixture->path, &db, SQLITE_OPEN_READONLY, NULL), ==,
                   SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &statement, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (statement), ==, SQLITE_ROW);
  value = g_strdup ((const char *) sqlite3_column_text (statement, 0));
  sqlite3_finalize (statement);
  sqlite3_close (db);
  return value;
}

static JsonNode *
parse (const char *text)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = json_from_string (text, &error);

  g_assert_no_error (error);
  g_assert_nonnull (node);
  return node;
}

static gint64
timestamp (const char *iso)
{
  gint64 value = 0;

  g_assert_true (ml_units_parse_timestamp (iso, &value, NULL));
  return value;
}

/* A job as ml_job_to_json spells it. */
static char *
job_json (const char *uuid,
          const char *status,
          const char *printed_at,
          const char *media_type_id,
          gint64      media_area_mm2,
          gint64      printed_area_mm2,
          gint64      cyan_ul,
          gint64      black_ul,
          const char *user_name)
{
  g_autofree char *user = user_name != NULL ? g_strdup_printf ("\"user_name\": \"%s\", ",
                                                               user_name)
                                            : g_strdup ("");

  return g_strdup_printf ("{\"kind\": \"print\", \"uuid\": \"%s\", \"name\": \"Plan %s\", %s"
                          "\"printed_at\": \"%s\", \"status\": \"%s\", "
                          "\"media_type_id\": \"%s\", \"media_area_mm2\": %" G_GINT64_FORMAT
                          ", \"printed_area_mm2\": %" G_GINT64_FORMAT
                          ", \"ink\": {\"C\": %" G_GINT64_FORMAT ", \"K\": %" G_GINT64_FORMAT
                          "}}",
                          uuid, uuid, user, printed_at, status, media_type_id,
                          media_area_mm2, printed_area_mm2, cyan_ul, black_ul);
}

/* A printer of a payload: @jobs and @events are JSON arrays (NULL: left out), and
 * @snapshot adds identity, status, alerts and consumables, and counters. */
static char *
printer_json (const char *serial,
              gboolean    snapshot,
              const char *jobs,
              const char *events)
{
  GString *text = g_string_new (NULL);

  g_string_append_printf (text, "{\"serial\": \"%s\", \"product_number\": \"CR356A\", "
                          "\"address\": \"192.0.2.17\", "
                          "\"last_success\": \"2026-11-20T11:59:00Z\"", serial);
  if (snapshot)
    g_string_append_printf (text,
                            ", \"identity\": {\"product_number\": \"CR356A\", "
                            "  \"model_name\": \"HP DesignJet T1700\", \"serial_number\": \"%s\", "
                            "  \"firmware_version\": \"1.2.3\"}, "
                            "\"status\": {\"state\": \"idle\", \"severity\": \"info\"}, "
                            "\"alerts\": [{\"code\": \"inkLow\", \"severity\": \"warning\", "
                            "  \"description\": \"Cyan is low\"}], "
                            "\"printheads\": [{\"slot\": 0, \"colors\": [\"C\", \"K\"], "
                            "  \"state\": \"ok\", \"health_percent\": 90}], "
                            "\"cartridges\": [{\"slot\": 0, \"color\": \"C\", \"state\": \"low\", "
                            "  \"level_percent\": 9}, {\"slot\": 1, \"color\": \"K\", "
                            "  \"state\": \"ok\", \"level_percent\": 70}], "
                            "\"media_sources\": [{\"id\": \"roll1\", \"kind\": \"roll\", "
                            "  \"state\": \"loaded\", \"media_type_id\": \"coated\"}], "
                            "\"counters\": {\"job_count\": 120, \"total_ink_ul\": 55000, "
                            "  \"total_media_area_mm2\": 90000000}",
                            serial);
  if (jobs != NULL)
    g_string_append_printf (text, ", \"jobs\": %s", jobs);
  if (events != NULL)
    g_string_append_printf (text, ", \"events\": %s", events);
  g_string_append_c (text, '}');
  return g_string_free (text, FALSE);
}

static JsonNode *
payload_json (const char *site_id,
              gboolean    user_names,
              const char *printers)
{
  g_autofree char *text = g_strdup_printf ("{\"format\": 1, \"site_id\": \"%s\", "
                                           "\"collector_version\": \"0.1.0\", "
                                           "\"created_at\": \"2026-11-20T12:00:00Z\", "
                                           "\"user_names\": %s, \"printers\": [%s]}",
                                           site_id, user_names ? "true" : "false", printers);

  return parse (text);
}

/* Ingests @payload as a new bundle of @site_id (or as @uuid when given); returns the
 * number of jobs stored. */
static guint
ingest_as (Fixture    *fixture,
           const char *site_id,
           const char *uuid,
           JsonNode   *payload,
           gint64      received_at,
           gboolean   *out_duplicate)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *fresh = g_uuid_string_random ();
  MlBundleHeader header = {
    ML_BUNDLE_FORMAT_VERSION, (char *) site_id, (char *) (uuid != NULL ? uuid : fresh),
    fixture->next_sequence++, NOW,
  };
  gboolean duplicate = TRUE;
  gint64 original = 0;
  guint jobs_stored = G_MAXUINT;

  g_assert_true (ml_portal_store_ingest_bundle (fixture->store, &header, payload, received_at,
                                                &jobs_stored, &duplicate, &original, &error));
  g_assert_no_error (error);
  if (out_duplicate != NULL)
    *out_duplicate = duplicate;
  else
    g_assert_false (duplicate);
  if (!duplicate)
    g_assert_cmpint (original, ==, received_at);
  return jobs_stored;
}

static guint
ingest (Fixture  *fixture,
        JsonNode *payload)
{
  return ingest_as (fixture, fixture->site_a, NULL, payload, NOW, NULL);
}

/* Reseller A's first bundle: two printers, four jobs, a reset event. */
static void
ingest_sample (Fixture *fixture)
{
  g_autofree char *j1 = job_json ("job-1", "completed", "2026-11-20T10:00:00Z", "coated",
                                  1000, 800, 10, 5, "alice");
  g_autofree char *j2 = job_json ("job-2", "completed", "2026-11-20T11:00:00Z", "coated",
                                  2000, 1500, 20, 0, "bob");
  g_autofree char *j3 = job_json ("job-3", "pending", "2026-11-20T11:30:00Z", "bond",
                                  3000, 2500, 30, 30, NULL);
  g_autofree char *j4 = job_json ("job-4", "completed", "2026-11-19T09:00:00Z", "bond",
                                  4000, 100, 1, 2, NULL);
  g_autofree char *jobs1 = g_strdup_printf ("[%s, %s, %s]", j1, j2, j3);
  g_autofree char *jobs2 = g_strdup_printf ("[%s]", j4);
  g_autofree char *p1 = printer_json ("SN-A1", TRUE, jobs1,
                                      "[{\"kind\": \"counter-reset\", "
                                      "\"counter\": \"total_ink_ul\", "
                                      "\"at\": \"2026-11-20T09:00:00Z\", "
                                      "\"before\": 1234, \"after\": 0}]");
  g_autofree char *p2 = printer_json ("SN-A2", FALSE, jobs2, NULL);
  g_autofree char *printers = g_strdup_printf ("%s, %s", p1, p2);
  g_autoptr(JsonNode) payload = payload_json (fixture->site_a, TRUE, printers);

  g_assert_cmpuint (ingest (fixture, payload), ==, 4);
}

static JsonArray *
array_of (JsonNode *node)
{
  g_assert_true (JSON_NODE_HOLDS_ARRAY (node));
  return json_node_get_array (node);
}

static JsonObject *
element (JsonArray *array,
         guint      index)
{
  g_assert_cmpuint (index, <, json_array_get_length (array));
  return json_array_get_object_element (array, index);
}

/* Every job UUID of reseller @reseller_id, page by page, in order. */
static GPtrArray *
all_job_uuids (Fixture    *fixture,
               gint64      reseller_id,
               const char *serial,
               guint       limit)
{
  GPtrArray *uuids = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *cursor = NULL;
  guint pages = 0;

  do
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) page = ml_portal_store_list_jobs (fixture->store, reseller_id, serial,
                                                             0, 0, cursor, limit, &error);
      JsonObject *object;
      JsonArray *jobs;

      g_assert_no_error (error);
      object = json_node_get_object (page);
      jobs = json_object_get_array_member (object, "jobs");
      g_assert_cmpuint (json_array_get_length (jobs), <=, limit);
      for (guint i = 0; i < json_array_get_length (jobs); i++)
        g_ptr_array_add (uuids, g_strdup (json_object_get_string_member (element (jobs, i),
                                                                         "uuid")));
      g_clear_pointer (&cursor, g_free);
      if (!json_object_get_null_member (object, "next_cursor"))
        cursor = g_strdup (json_object_get_string_member (object, "next_cursor"));
      g_assert_cmpuint (++pages, <, 1000);
    }
  while (cursor != NULL);

  return uuids;
}

/* Migrations and administration -------------------------------------------------------- */

static void
test_migrations (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(MlPortalStore) again = NULL;
  g_autoptr(MlPortalStore) too_new = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *newer = g_build_filename (fixture->dir, "newer.db", NULL);
  sqlite3 *db = NULL;

  g_assert_cmpint (query_int (fixture, "PRAGMA user_version"), ==, 1);
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM sqlite_master WHERE type = 'table' "
                                       "AND name IN ('resellers', 'users', 'sessions', "
                                       "'login_failures', 'customers', 'sites', 'nonces', "
                                       "'bundles', 'printers', 'printer_status', "
                                       "'status_history', 'counters', 'jobs', 'events', "
                                       "'settings', 'sequences')"), ==, 16);
  g_assert_cmpstr (ml_portal_store_get_path (fixture->store), ==, fixture->path);

  /* Opening again migrates nothing and keeps the data. */
  again = ml_portal_store_open (fixture->path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM resellers"), ==, 2);
  g_assert_finalize_object (g_steal_pointer (&again));

  g_assert_cmpint (sqlite3_open (newer, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "PRAGMA user_version = 99", NULL, NULL, NULL), ==,
                   SQLITE_OK);
  sqlite3_close (db);
  too_new = ml_portal_store_open (newer, &error);
  g_assert_error (error, ML_ERROR, ML_ERROR_STORE_TOO_NEW);
  g_assert_null (too_new);
}

static void
test_default_path (void)
{
  g_autofree char *path = ml_portal_store_default_path ();
  g_autofree char *expected = g_build_filename (g_get_user_data_dir (), "meterlink",
                                                "portal.db", NULL);

  g_assert_cmpstr (path, ==, expected);
}

static void
test_admin (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) secret = NULL;
  g_autoptr(GBytes) stored = NULL;
  g_autoptr(GBytes) rotated = NULL;
  g_autoptr(JsonNode) described = NULL;
  g_autofree char *site_id = NULL;
  g_autofree char *rotated_id = NULL;
  g_autofree char *upper = NULL;
  JsonObject *object;

  /* Names are unique where they must be, with messages that say so. */
  g_assert_false (ml_portal_store_add_reseller (fixture->store, "Acme Print", NULL, &error));
  g_assert_error (error, ML_ERROR, ML_ERROR_INVALID_VALUE);
  g_assert_nonnull (strstr (error->message, "already a reseller “Acme Print”"));
  g_clear_error (&error);
  g_assert_false (ml_portal_store_add_reseller (fixture->store, " ", NULL, &error));
  g_assert_error (error, ML_ERROR, ML_ERROR_INVALID_VALUE);
  g_clear_error (&error);

  g_assert_false (ml_portal_store_add_customer (fixture->store, "Acme", "X", NULL, &error));
  g_assert_error (error, ML_ERROR, ML_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "no reseller “Acme”"));
  g_assert_nonnull (strstr (error->message, "Acme Print, Beta Print"));
  g_clear_error (&error);

  g_assert_false (ml_portal_store_add_customer (fixture->store, "Acme Print", "Contoso", NULL,
                                                &error));
  g_assert_error (error, ML_ERROR, ML_ERROR_INVALID_VALUE);
  g_clear_error (&error);

  /* A customer name two resellers use must be qualified. */
  g_assert_true (ml_portal_store_add_customer (fixture->store, "Beta Print", "Contoso", NULL,
                                               &error));
  g_assert_false (ml_portal_store_add_site (fixture->store, NULL, "Contoso", "Depot", NULL, NULL,
                                            &error));
  g_assert_error (error, ML_ERROR, ML_ERROR_INVALID_VALUE);
  g_assert_nonnull (strstr (error->message, "--reseller"));
  g_clear_error (&error);
  g_assert_true (ml_portal_store_add_site (fixture->store, "Beta Print", "Contoso", "Depot",
                                           &site_id, &secret, &error));
  g_assert_no_error (error);
  g_assert_true (g_uuid_string_is_valid (site_id));
  g_assert_cmpuint (g_bytes_get_size (secret), ==, ML_SITE_SECRET_SIZE);

  g_assert_false (ml_portal_store_add_site (fixture->store, "Beta Print", "Nobody", "Depot",
                                            NULL, NULL, &error));
  g_assert_error (error, ML_ERROR, ML_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "Contoso, Fabrikam"));
  g_clear_error (&error);
  g_assert_false (ml_portal_store_add_site (fixture->store, "Beta Print", "Contoso", "Depot",
                                            NULL, NULL, &error));
  g_assert_error (error, ML_ERROR, ML_ERROR_INVALID_VALUE);
  g_clear_error (&error);

  stored = ml_portal_store_lookup_site_secret (fixture->store, site_id, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (stored, secret));

  described = ml_portal_store_describe_site (fixture->store, site_id, &error);
  g_assert_no_error (error);
  object = json_node_get_object (described);
  g_assert_cmpstr (json_object_get_string_member (object, "site_id"), ==, site_id);
  g_assert_cmpstr (json_object_get_string_member (object, "site"), ==, "Depot");
  g_assert_cmpstr (json_object_get_string_member (object, "customer"), ==, "Contoso");
  g_assert_cmpstr (json_object_get_string_member (object, "reseller"), ==, "Beta Print");

  /* Rotation by name, and by ID in any case; the old secret is gone. */
  g_assert_true (ml_portal_store_rotate_secret (fixture->store, "Depot", &rotated_id, &rotated,
                                                &error));
  g_assert_no_error (error);
  g_assert_cmpstr (rotated_id, ==, site_id);
  g_assert_false (g_bytes_equal (rotated, secret));
  g_clear_pointer (&stored, g_bytes_unref);
  stored = ml_portal_store_lookup_site_secret (fixture->store, site_id, &error);
  g_assert_true (g_bytes_equal (stored, rotated));
  g_clear_pointer (&rotated_id, g_free);
  g_clear_pointer (&rotated, g_bytes_unref);
  upper = g_ascii_strup (site_id, -1);
  g_assert_true (ml_portal_store_rotate_secret (fixture->store, upper, &rotated_id, &rotated,
                                                &error));
  g_assert_cmpstr (rotated_id, ==, site_id);

  g_assert_false (ml_portal_store_rotate_secret (fixture->store, "Nowhere", NULL, NULL, &error));
  g_assert_error (error, ML_ERROR, ML_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "Depot (Contoso, Beta Print)"));
  g_clear_error (&error);

  /* Two sites of one name: only the ID says which. */
  g_assert_true (ml_portal_store_add_site (fixture->store, NULL, "Fabrikam", "Depot", NULL,
                                           NULL, &error));
  g_assert_false (ml_portal_store_rotate_secret (fixture->store, "Depot", NULL, NULL, &error));
  g_assert_error (error, ML_ERROR, ML_ERROR_INVALID_VALUE);
  g_assert_nonnull (strstr (error->message, site_id));
  g_clear_error (&error);

  g_assert_null (ml_portal_store_lookup_site_secret (fixture->store, "no-such-site", &error));
  g_assert_error (error, ML_ERROR, ML_ERROR_NOT_FOUND);
}

static void
test_settings (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *value = NULL;

  g_assert_null (ml_portal_store_dup_setting (fixture->store, "portal_url", &error));
  g_assert_no_error (error);
  g_assert_true (ml_portal_store_set_setting (fixture->store, "portal_url",
                                              "https://portal.example:8443", &error));
  g_assert_true (ml_portal_store_set_setting (fixture->store, "portal_url",
                                              "https://portal.example", &error));
  value = ml_portal_store_dup_setting (fixture->store, "portal_url", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (value, ==, "https://portal.example");
}

/* Passwords and sessions --------------------------------------------------------------- */

static void
test_password_hash (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *other = NULL;
  g_auto(GStrv) parts = NULL;
  g_autofree guchar *salt = NULL;
  g_autofree guchar *digest = NULL;
  gsize salt_size, digest_size;

  g_assert_cmpint (ML_PASSWORD_ROUNDS, >=, 600000);

  /* The real rounds, once: what a program stores. */
  _ml_password_set_rounds_for_testing (0);
  g_assert_cmpuint (_ml_password_get_rounds (), ==, ML_PASSWORD_ROUNDS);
  hash = ml_password_hash ("correct horse battery", &error);
  g_assert_no_error (error);
  parts = g_strsplit (hash, "$", -1);
  g_assert_cmpuint (g_strv_length (parts), ==, 4);
  g_assert_cmpstr (parts[0], ==, "pbkdf2-sha256");
  g_assert_cmpuint (g_ascii_strtoull (parts[1], NULL, 10), >=, 600000);
  salt = g_base64_decode (parts[2], &salt_size);
  digest = g_base64_decode (parts[3], &digest_size);
  g_assert_cmpuint (salt_size, ==, 16);
  g_assert_cmpuint (digest_size, ==, 32);
  g_assert_true (ml_password_verify ("correct horse battery", hash));
  g_assert_false (ml_password_verify ("correct horse batterY", hash));
  g_assert_false (ml_password_needs_rehash (hash));

  /* A fresh salt each time. */
  _ml_password_set_rounds_for_testing (TEST_ROUNDS);
  other = ml_password_hash ("correct horse battery", &error);
  g_assert_cmpstr (other, !=, hash);
  g_assert_true (ml_password_verify ("correct horse battery", other));
  g_assert_false (ml_password_needs_rehash (other));

  /* Unknown logins and damaged hashes never match. */
  g_assert_false (ml_password_verify ("correct horse battery", NULL));
  g_assert_false (ml_password_verify ("x", "pbkdf2-sha256$0$AAAA$AAAA"));
  g_assert_false (ml_password_verify ("x", "md5$whatever"));

  g_assert_false (ml_password_check_strength ("", &error));
  g_assert_error (error, ML_ERROR, ML_ERROR_INVALID_VALUE);
  g_clear_error (&error);
  g_assert_false (ml_password_check_strength ("short pw", &error));
  g_assert_error (error, ML_ERROR, ML_ERROR_INVALID_VALUE);
  g_assert_nonnull (strstr (error->message, "10"));
  g_clear_error (&error);
  /* Characters, not bytes. */
  g_assert_false (ml_password_check_strength ("äääääääää", &error));
  g_clear_error (&error);
  g_assert_true (ml_password_check_strength ("äääääääääx", &error));
  _ml_password_set_rounds_for_testing (0);
}

static void
test_sessions (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) unknown_error = NULL;
  g_autofree char *token = NULL;
  g_autofree char *viewer_token = NULL;
  g_autofree char *stored = NULL;
  g_autofree char *dead_token = NULL;
  gint64 reseller_id = 0, user_id = 0;
  MlPortalRole role = ML_PORTAL_ROLE_VIEWER;

  g_assert_true (ml_portal_store_add_user (fixture->store, "Acme Print", "anna",
                                           ML_PORTAL_ROLE_ADMIN, "anna's long password", &error));
  g_assert_true (ml_portal_store_add_user (fixture->store, "Beta Print", "ben",
                                           ML_PORTAL_ROLE_VIEWER, "ben's long password", &error));
  g_assert_no_error (error);

  /* Hashes only, in the documented format. */
  stored = query_text (fixture, "SELECT password_hash FROM users WHERE login = 'anna'");
  g_assert_true (g_str_has_prefix (stored, "pbkdf2-sha256$1000$"));
  g_assert_null (strstr (stored, "anna's"));

  g_assert_false (ml_portal_store_add_user (fixture->store, "Beta Print", "anna",
                                            ML_PORTAL_ROLE_VIEWER, "another password", &error));
  g_assert_error (error, ML_ERROR, ML_ERROR_INVALID_VALUE);
  g_clear_error (&error);
  g_assert_false (ml_portal_store_add_user (fixture->store, "Beta Print", "carl",
                                            ML_PORTAL_ROLE_VIEWER, "too short", &error));
  g_assert_error (error, ML_ERROR, ML_ERROR_INVALID_VALUE);
  g_clear_error (&error);
  g_assert_false (ml_portal_store_add_user (fixture->store, "Gamma", "carl",
                                            ML_PORTAL_ROLE_VIEWER, "long enough password", &error));
  g_assert_error (error, ML_ERROR, ML_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_true (ml_portal_store_create_session (fixture->store, "anna", "anna's long password",
                                                 NOW, &token, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (strlen (token), ==, 43);
  g_assert_true (ml_portal_store_check_token (fixture->store, token, NOW + 60, &reseller_id,
                                              &user_id, &role, &error));
  g_assert_no_error (error);
  g_assert_cmpint (reseller_id, ==, fixture->reseller_a);
  g_assert_cmpint (user_id, >, 0);
  g_assert_cmpint (role, ==, ML_PORTAL_ROLE_ADMIN);

  /* Stored hashed: the token itself is nowhere in the file. */
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM sessions"), ==, 1);
  g_free (stored);
  stored = query_text (fixture, "SELECT token_hash FROM sessions");
  g_assert_cmpstr (stored, !=, token);
  g_assert_cmpuint (strlen (stored), ==, 64);

  g_assert_true (ml_portal_store_create_session (fixture->store, "ben", "ben's long password",
                                                 NOW, &viewer_token, &error));
  g_assert_true (ml_portal_store_check_token (fixture->store, viewer_token, NOW, &reseller_id,
                                              NULL, &role, &error));
  g_assert_cmpint (reseller_id, ==, fixture->reseller_b);
  g_assert_cmpint (role, ==, ML_PORTAL_ROLE_VIEWER);

  /* Wrong password and unknown login fail alike. */
  g_assert_false (ml_portal_store_create_session (fixture->store, "anna", "anna's long passworD",
                                                  NOW, &dead_token, &error));
  g_assert_error (error, ML_ERROR, ML_ERROR_AUTHENTICATION);
  g_assert_false (ml_portal_store_create_session (fixture->store, "nobody",
                                                  "anna's long password", NOW, &dead_token,
                                                  &unknown_error));
  g_assert_error (unknown_error, ML_ERROR, ML_ERROR_AUTHENTICATION);
  g_assert_cmpstr (error->message, ==, unknown_error->message);
  g_assert_null (dead_token);
  g_clear_error (&error);

  /* Expiry, and tokens that never were. */
  g_assert_true (ml_portal_store_check_token (fixture->store, token,
                                              NOW + ML_PORTAL_TOKEN_LIFETIME - 1, NULL, NULL,
                                              NULL, &error));
  g_assert_false (ml_portal_store_check_token (fixture->store, token,
                                               NOW + ML_PORTAL_TOKEN_LIFETIME, NULL, NULL, NULL,
                                               &error));
  g_assert_error (error, ML_ERROR, ML_ERROR_AUTHENTICATION);
  g_clear_error (&error);
  g_assert_false (ml_portal_store_check_token (fixture->store, "not a token", NOW, NULL, NULL,
                                               NULL, &error));
  g_assert_error (error, ML_ERROR, ML_ERROR_AUTHENTICATION);
  g_clear_error (&error);
  g_assert_false (ml_portal_store_check_token (fixture->store,
                                               "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", NOW,
                                               NULL, NULL, NULL, &error));
  g_assert_error (error, ML_ERROR, ML_ERROR_AUTHENTICATION);
  g_clear_error (&error);

  /* Expired sessions are pruned by the next login. */
  g_clear_pointer (&viewer_token, g_free);
  g_assert_true (ml_portal_store_create_session (fixture->store, "ben", "ben's long password",
                                                 NOW + ML_PORTAL_TOKEN_LIFETIME, &viewer_token,
                                                 &error));
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM sessions"), ==, 1);
}

/* An unknown login costs what a wrong password costs: no timing tells them apart. */
static void
test_unknown_login_timing (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;
  gint64 start, wrong, unknown;

  _ml_password_set_rounds_for_testing (100000);
  g_assert_true (ml_portal_store_add_user (fixture->store, "Acme Print", "anna",
                                           ML_PORTAL_ROLE_ADMIN, "anna's long password", &error));

  start = g_get_monotonic_time ();
  g_assert_false (ml_portal_store_create_session (fixture->store, "anna", "wrong password!",
                                                  NOW, &token, NULL));
  wrong = g_get_monotonic_time () - start;
  start = g_get_monotonic_time ();
  g_assert_false (ml_portal_store_create_session (fixture->store, "nobody", "wrong password!",
                                                  NOW, &token, NULL));
  unknown = g_get_monotonic_time () - start;

  g_test_message ("wrong password %" G_GINT64_FORMAT " µs, unknown login %" G_GINT64_FORMAT
                  " µs", wrong, unknown);
  g_assert_cmpint (unknown * 3, >, wrong);
  g_assert_cmpint (wrong * 3, >, unknown);
}

static void
test_rehash (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;
  g_autofree char *stored = NULL;

  g_assert_true (ml_portal_store_add_user (fixture->store, "Acme Print", "anna",
                                           ML_PORTAL_ROLE_ADMIN, "anna's long password", &error));
  _ml_password_set_rounds_for_testing (TEST_ROUNDS * 2);
  g_assert_true (ml_portal_store_create_session (fixture->store, "anna", "anna's long password",
                                                 NOW, &token, &error));
  g_assert_no_error (error);
  stored = query_text (fixture, "SELECT password_hash FROM users WHERE login = 'anna'");
  g_assert_true (g_str_has_prefix (stored, "pbkdf2-sha256$2000$"));
  g_clear_pointer (&token, g_free);
  g_assert_true (ml_portal_store_create_session (fixture->store, "anna", "anna's long password",
                                                 NOW, &token, &error));
}

static void
test_throttle (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 retry_after = -1;

  for (guint i = 0; i < ML_PORTAL_THROTTLE_PER_LOGIN; i++)
    {
      g_assert_true (ml_portal_store_check_throttle (fixture->store, "login:anna",
                                                     ML_PORTAL_THROTTLE_PER_LOGIN, NOW + i,
                                                     &retry_after, &error));
      g_assert_cmpint (retry_after, ==, 0);
      g_assert_true (ml_portal_store_record_login_failure (fixture->store, "login:anna", NOW + i,
                                                           &error));
      g_assert_no_error (error);
    }

  g_assert_false (ml_portal_store_check_throttle (fixture->store, "login:anna",
                                                  ML_PORTAL_THROTTLE_PER_LOGIN, NOW + 10,
                                                  &retry_after, &error));
  g_assert_error (error, ML_ERROR, ML_ERROR_THROTTLED);
  g_assert_cmpint (retry_after, ==, ML_PORTAL_THROTTLE_WINDOW - 10);
  g_clear_error (&error);

  /* Other keys, and a larger allowance, are not affected. */
  g_assert_true (ml_portal_store_check_throttle (fixture->store, "login:ben",
                                                 ML_PORTAL_THROTTLE_PER_LOGIN, NOW + 10, NULL,
                                                 &error));
  g_assert_true (ml_portal_store_check_throttle (fixture->store, "login:anna",
                                                 ML_PORTAL_THROTTLE_PER_ADDRESS, NOW + 10, NULL,
                                                 &error));

  /* The window ends; a failure after it starts a new one. */
  g_assert_true (ml_portal_store_check_throttle (fixture->store, "login:anna",
                                                 ML_PORTAL_THROTTLE_PER_LOGIN,
                                                 NOW + ML_PORTAL_THROTTLE_WINDOW, NULL, &error));
  g_assert_true (ml_portal_store_record_login_failure (fixture->store, "login:anna",
                                                       NOW + ML_PORTAL_THROTTLE_WINDOW + 1,
                                                       &error));
  g_assert_cmpint (query_int (fixture, "SELECT count FROM login_failures "
                                       "WHERE key = 'login:anna'"), ==, 1);

  /* A success clears the login's count. */
  for (guint i = 0; i < ML_PORTAL_THROTTLE_PER_LOGIN; i++)
    g_assert_true (ml_portal_store_record_login_failure (fixture->store, "login:anna",
                                                         NOW + ML_PORTAL_THROTTLE_WINDOW + 2,
                                                         &error));
  g_assert_true (ml_portal_store_clear_login_failures (fixture->store, "login:anna", &error));
  g_assert_true (ml_portal_store_check_throttle (fixture->store, "login:anna",
                                                 ML_PORTAL_THROTTLE_PER_LOGIN,
                                                 NOW + ML_PORTAL_THROTTLE_WINDOW + 3, NULL,
                                                 &error));
  g_assert_no_error (error);
}

static void
test_nonces (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (ml_portal_store_use_nonce (fixture->store, fixture->site_a, "n-1", NOW, &error));
  g_assert_no_error (error);
  g_assert_false (ml_portal_store_use_nonce (fixture->store, fixture->site_a, "n-1", NOW + 1,
                                             &error));
  g_assert_error (error, ML_ERROR, ML_ERROR_REPLAYED);
  g_clear_error (&error);

  /* Nonces are per site. */
  g_assert_true (ml_portal_store_use_nonce (fixture->store, fixture->site_b, "n-1", NOW, &error));
  g_assert_false (ml_portal_store_use_nonce (fixture->store, "no-such-site", "n-2", NOW, &error));
  g_assert_error (error, ML_ERROR, ML_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (ml_portal_store_use_nonce (fixture->store, fixture->site_a, "", NOW, &error));
  g_assert_error (error, ML_ERROR, ML_ERROR_INVALID_VALUE);
  g_clear_error (&error);

  /* Old ones are pruned: the request's timestamp is long refused by then. */
  g_assert_true (ml_portal_store_use_nonce (fixture->store, fixture->site_a, "n-3",
                                            NOW + 3600, &error));
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM nonces"), ==, 1);
}

/* Ingest ------------------------------------------------------------------------------- */

static void
test_ingest (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) printers = NULL;
  g_autoptr(JsonNode) printer = NULL;
  g_autoptr(JsonNode) events = NULL;
  g_autoptr(JsonNode) sites = NULL;
  g_autoptr(JsonNode) customers = NULL;
  g_autoptr(JsonNode) jobs = NULL;
  JsonObject *object, *job, *counters;
  JsonArray *array;
  gboolean saw_reset = FALSE, saw_alert = FALSE;

  ingest_sample (fixture);

  printers = ml_portal_store_list_printers (fixture->store, fixture->reseller_a, &error);
  g_assert_no_error (error);
  array = array_of (printers);
  g_assert_cmpuint (json_array_get_length (array), ==, 2);
  object = element (array, 0);
  g_assert_cmpstr (json_object_get_string_member (object, "serial"), ==, "SN-A1");
  g_assert_cmpstr (json_object_get_string_member (object, "product_number"), ==, "CR356A");
  g_assert_cmpstr (json_object_get_string_member (object, "model"), ==, "HP DesignJet T1700");
  g_assert_cmpstr (json_object_get_string_member (object, "firmware"), ==, "1.2.3");
  g_assert_cmpstr (json_object_get_string_member (object, "site_id"), ==, fixture->site_a);
  g_assert_cmpstr (json_object_get_string_member (object, "last_seen"), ==,
                   "2026-11-20T11:59:00Z");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (object,
                                                                                 "status"),
                                                  "state"), ==, "idle");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object, "cartridges")),
                    ==, 2);
  /* The second printer sent no snapshot yet. */
  object = element (array, 1);
  g_assert_true (json_object_get_null_member (object, "status"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object, "cartridges")),
                    ==, 0);

  printer = ml_portal_store_get_printer (fixture->store, fixture->reseller_a, "SN-A1", &error);
  g_assert_no_error (error);
  object = json_node_get_object (printer);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object, "printheads")),
                    ==, 1);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object,
                                                                         "media_sources")),
                    ==, 1);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object, "alerts")),
                    ==, 1);
  counters = json_object_get_object_member (object, "counters");
  g_assert_cmpint (json_object_get_int_member (counters, "total_ink_ul"), ==, 55000);
  g_assert_cmpint (json_object_get_int_member (counters, "job_count"), ==, 120);

  jobs = ml_portal_store_list_jobs (fixture->store, fixture->reseller_a, "SN-A1", 0, 0, NULL,
                                    100, &error);
  g_assert_no_error (error);
  array = json_object_get_array_member (json_node_get_object (jobs), "jobs");
  g_assert_cmpuint (json_array_get_length (array), ==, 3);
  job = element (array, 0);
  g_assert_cmpstr (json_object_get_string_member (job, "uuid"), ==, "job-1");
  g_assert_cmpstr (json_object_get_string_member (job, "printer"), ==, "SN-A1");
  g_assert_cmpstr (json_object_get_string_member (job, "user_name"), ==, "alice");
  g_assert_cmpstr (json_object_get_string_member (job, "status"), ==, "completed");
  g_assert_cmpint (json_object_get_int_member (job, "media_area_mm2"), ==, 1000);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (job, "ink"), "C"),
                   ==, 10);

  events = ml_portal_store_list_events (fixture->store, fixture->reseller_a, NULL, &error);
  g_assert_no_error (error);
  array = array_of (events);
  g_assert_cmpuint (json_array_get_length (array), ==, 2);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      const char *kind;

      object = element (array, i);
      kind = json_object_get_string_member (object, "kind");
      g_assert_cmpstr (json_object_get_string_member (object, "serial"), ==, "SN-A1");
      if (g_strcmp0 (kind, "counter-reset") == 0)
        {
          saw_reset = TRUE;
          g_assert_cmpstr (json_object_get_string_member (object, "at"), ==,
                           "2026-11-20T09:00:00Z");
          g_assert_cmpstr (json_object_get_string_member (object, "counter"), ==,
                           "total_ink_ul");
          g_assert_cmpint (json_object_get_int_member (object, "before"), ==, 1234);
          g_assert_cmpint (json_object_get_int_member (object, "after"), ==, 0);
        }
      else if (g_strcmp0 (kind, "alert") == 0)
        {
          saw_alert = TRUE;
          g_assert_cmpstr (json_object_get_string_member (object, "code"), ==, "inkLow");
          g_assert_cmpstr (json_object_get_string_member (object, "severity"), ==, "warning");
        }
    }
  g_assert_true (saw_reset && saw_alert);

  sites = ml_portal_store_list_sites (fixture->store, fixture->reseller_a, &error);
  object = element (array_of (sites), 0);
  g_assert_cmpstr (json_object_get_string_member (object, "id"), ==, fixture->site_a);
  g_assert_cmpstr (json_object_get_string_member (object, "name"), ==, "Plant");
  g_assert_cmpstr (json_object_get_string_member (object, "customer"), ==, "Contoso");
  g_assert_cmpstr (json_object_get_string_member (object, "last_bundle_at"), ==,
                   "2026-11-20T12:00:00Z");
  g_assert_cmpint (json_object_get_int_member (object, "printers"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (object, "config"),
                                               "revision"), ==, 0);

  customers = ml_portal_store_list_customers (fixture->store, fixture->reseller_a, &error);
  object = element (array_of (customers), 0);
  g_assert_cmpstr (json_object_get_string_member (object, "name"), ==, "Contoso");
  g_assert_cmpint (json_object_get_int_member (object, "sites"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (object, "printers"), ==, 2);

  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM counters"), ==, 1);
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM status_history"), ==, 1);
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM bundles"), ==, 1);
  g_assert_cmpint (query_int (fixture, "SELECT jobs_stored FROM bundles"), ==, 4);
}

/* The same bundle again stores nothing and answers as the first time. */
static void
test_ingest_duplicate (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *uuid = g_uuid_string_random ();
  g_autofree char *j1 = job_json ("job-1", "completed", "2026-11-20T10:00:00Z", "coated",
                                  1000, 800, 10, 5, NULL);
  g_autofree char *jobs = g_strdup_printf ("[%s]", j1);
  g_autofree char *printer = printer_json ("SN-A1", TRUE, jobs,
                                           "[{\"kind\": \"counter-reset\", "
                                           "\"counter\": \"page_count\", "
                                           "\"at\": \"2026-11-20T09:00:00Z\"}]");
  g_autoptr(JsonNode) payload = payload_json (fixture->site_a, TRUE, printer);
  g_autoptr(JsonNode) synced = NULL;
  MlBundleHeader header = {
    ML_BUNDLE_FORMAT_VERSION, fixture->site_a, uuid, 7, NOW,
  };
  gboolean duplicate = TRUE;
  guint jobs_stored = 0;
  gint64 original = 0;
  const char *counts =
    "SELECT (SELECT count(*) FROM jobs) * 1000000 + (SELECT count(*) FROM events) * 10000 "
    "  + (SELECT count(*) FROM counters) * 100 + (SELECT count(*) FROM status_history) * 10 "
    "  + (SELECT count(*) FROM bundles)";
  gint64 before, seq_before;

  g_assert_true (ml_portal_store_ingest_bundle (fixture->store, &header, payload, NOW,
                                                &jobs_stored, &duplicate, &original, &error));
  g_assert_no_error (error);
  g_assert_false (duplicate);
  g_assert_cmpuint (jobs_stored, ==, 1);
  g_assert_cmpint (original, ==, NOW);
  before = query_int (fixture, counts);
  g_assert_cmpint (before, ==, 1020111);
  seq_before = query_int (fixture, "SELECT value FROM sequences WHERE name = 'change'");

  jobs_stored = 0;
  g_assert_true (ml_portal_store_ingest_bundle (fixture->store, &header, payload, NOW + 500,
                                                &jobs_stored, &duplicate, &original, &error));
  g_assert_no_error (error);
  g_assert_true (duplicate);
  g_assert_cmpuint (jobs_stored, ==, 1);
  g_assert_cmpint (original, ==, NOW);
  g_assert_cmpint (query_int (fixture, counts), ==, before);
  g_assert_cmpint (query_int (fixture, "SELECT value FROM sequences WHERE name = 'change'"), ==,
                   seq_before);

  /* The same UUID from another site is refused, not taken for a duplicate. */
  header.site_id = fixture->site_b;
  g_clear_pointer (&payload, json_node_unref);
  payload = payload_json (fixture->site_b, TRUE, printer);
  g_assert_false (ml_portal_store_ingest_bundle (fixture->store, &header, payload, NOW,
                                                 &jobs_stored, &duplicate, &original, &error));
  g_assert_error (error, ML_ERROR, ML_ERROR_INVALID_VALUE);
  g_assert_cmpint (query_int (fixture, counts), ==, before);

  /* Nothing of site A reached reseller B. */
  synced = ml_portal_store_sync (fixture->store, fixture->reseller_b, NULL, NULL);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (
                      json_node_get_object (synced), "jobs")), ==, 0);
}

/* A job that comes again with a new state is updated, never doubled; an older state
 * arriving late does not undo a newer one. */
static void
test_job_update (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) first = NULL;
  g_autoptr(JsonNode) second = NULL;
  g_autoptr(JsonNode) jobs = NULL;
  g_autoptr(JsonNode) synced = NULL;
  g_autoptr(JsonNode) changed = NULL;
  g_autoptr(JsonNode) stale = NULL;
  g_autofree char *pending = job_json ("job-9", "pending", "2026-11-20T10:00:00Z", "coated",
                                       0, 0, 0, 0, NULL);
  g_autofree char *done = job_json ("job-9", "completed", "2026-11-20T10:00:00Z", "coated",
                                    5000, 4000, 50, 10, NULL);
  g_autofree char *pending_jobs = g_strdup_printf ("[%s]", pending);
  g_autofree char *done_jobs = g_strdup_printf ("[%s]", done);
  g_autofree char *p1 = printer_json ("SN-A1", FALSE, pending_jobs, NULL);
  g_autofree char *p2 = printer_json ("SN-A1", FALSE, done_jobs, NULL);
  g_autofree char *cursor = NULL;
  g_autofree char *stale_uuid = g_uuid_string_random ();
  MlBundleHeader header = { ML_BUNDLE_FORMAT_VERSION, fixture->site_a, stale_uuid, 1, NOW };
  JsonObject *job;
  JsonArray *array;
  gboolean duplicate;

  first = payload_json (fixture->site_a, TRUE, p1);
  fixture->next_sequence = 10;
  g_assert_cmpuint (ingest (fixture, first), ==, 1);
  synced = ml_portal_store_sync (fixture->store, fixture->reseller_a, NULL, &error);
  g_assert_no_error (error);
  cursor = g_strdup (json_object_get_string_member (json_node_get_object (synced), "cursor"));

  /* The same state again is no change. */
  g_assert_cmpuint (ingest (fixture, first), ==, 0);

  second = payload_json (fixture->site_a, TRUE, p2);
  g_assert_cmpuint (ingest (fixture, second), ==, 1);
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM jobs"), ==, 1);

  jobs = ml_portal_store_list_jobs (fixture->store, fixture->reseller_a, NULL, 0, 0, NULL, 10,
                                    &error);
  array = json_object_get_array_member (json_node_get_object (jobs), "jobs");
  g_assert_cmpuint (json_array_get_length (array), ==, 1);
  job = element (array, 0);
  g_assert_cmpstr (json_object_get_string_member (job, "status"), ==, "completed");
  g_assert_cmpint (json_object_get_int_member (job, "media_area_mm2"), ==, 5000);
  /* Members the new state did not repeat are kept. */
  g_assert_cmpstr (json_object_get_string_member (job, "name"), ==, "Plan job-9");

  /* The update reaches sync after the earlier cursor. */
  changed = ml_portal_store_sync (fixture->store, fixture->reseller_a, cursor, &error);
  g_assert_no_error (error);
  array = json_object_get_array_member (json_node_get_object (changed), "jobs");
  g_assert_cmpuint (json_array_get_length (array), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (element (array, 0), "status"), ==,
                   "completed");

  /* A bundle with a lower sequence (written before) arrives late. */
  stale = payload_json (fixture->site_a, TRUE, p1);
  g_assert_true (ml_portal_store_ingest_bundle (fixture->store, &header, stale, NOW, NULL,
                                                &duplicate, NULL, &error));
  g_assert_no_error (error);
  g_clear_pointer (&jobs, json_node_unref);
  jobs = ml_portal_store_list_jobs (fixture->store, fixture->reseller_a, NULL, 0, 0, NULL, 10,
                                    &error);
  array = json_object_get_array_member (json_node_get_object (jobs), "jobs");
  g_assert_cmpstr (json_object_get_string_member (element (array, 0), "status"), ==,
                   "completed");
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM jobs"), ==, 1);
}

static void
test_user_names_off (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) off = NULL;
  g_autoptr(JsonNode) on = NULL;
  g_autoptr(JsonNode) config = NULL;
  g_autofree char *j1 = job_json ("job-1", "completed", "2026-11-20T10:00:00Z", "coated",
                                  1, 1, 1, 1, "alice");
  g_autofree char *j2 = job_json ("job-2", "completed", "2026-11-20T10:00:00Z", "coated",
                                  1, 1, 1, 1, "bob");
  g_autofree char *jobs1 = g_strdup_printf ("[%s]", j1);
  g_autofree char *jobs2 = g_strdup_printf ("[%s]", j2);
  g_autofree char *p1 = printer_json ("SN-A1", FALSE, jobs1, NULL);
  g_autofree char *p2 = printer_json ("SN-A1", FALSE, jobs2, NULL);

  /* The payload says no user names, though a job carries one. */
  off = payload_json (fixture->site_a, FALSE, p1);
  ingest (fixture, off);
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM jobs"), ==, 1);
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM jobs "
                                       "WHERE data LIKE '%alice%' OR data LIKE '%user_name%'"),
                   ==, 0);

  /* The portal's own configuration of the site says no. */
  config = parse ("{\"user_names\": false}");
  g_assert_true (ml_portal_store_set_site_config (fixture->store, fixture->reseller_a,
                                                  fixture->site_a, config, &error));
  g_assert_no_error (error);
  on = payload_json (fixture->site_a, TRUE, p2);
  ingest (fixture, on);
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM jobs"), ==, 2);
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM jobs WHERE data LIKE '%bob%'"),
                   ==, 0);
}

static void
test_bad_payloads (Fixture       *fixture,
                   gconstpointer  data)
{
  static const char * const bad[] = {
    "[]",
    "{\"format\": 2, \"site_id\": \"%s\", \"printers\": []}",
    "{\"format\": 1, \"site_id\": \"%s\"}",
    "{\"format\": 1, \"site_id\": \"%s\", \"printers\": {}}",
    "{\"format\": 1, \"site_id\": \"%s\", \"printers\": [{\"product_number\": \"X\"}]}",
    "{\"format\": 1, \"site_id\": \"%s\", \"printers\": [{\"serial\": 7, "
    "  \"product_number\": \"X\"}]}",
    "{\"format\": 1, \"site_id\": \"%s\", \"printers\": [{\"serial\": \"S\", "
    "  \"product_number\": \"X\", \"jobs\": [{\"kind\": \"print\"}]}]}",
    "{\"format\": 1, \"site_id\": \"%s\", \"printers\": [{\"serial\": \"S\", "
    "  \"product_number\": \"X\", \"jobs\": [{\"uuid\": \"u\", \"media_area_mm2\": -5}]}]}",
    "{\"format\": 1, \"site_id\": \"%s\", \"printers\": [{\"serial\": \"S\", "
    "  \"product_number\": \"X\", \"status\": {\"state\": \"dancing\"}}]}",
    "{\"format\": 1, \"site_id\": \"%s\", \"printers\": [{\"serial\": \"S\", "
    "  \"product_number\": \"X\", \"identity\": {\"serial_number\": \"OTHER\"}}]}",
    "{\"format\": 1, \"site_id\": \"%s\", \"printers\": [{\"serial\": \"S\", "
    "  \"product_number\": \"X\", \"events\": [{\"kind\": \"counter-reset\"}]}]}",
    "{\"format\": 1, \"site_id\": \"%s\", \"printers\": [{\"serial\": \"S\", "
    "  \"product_number\": \"X\", \"last_success\": \"yesterday\"}]}",
    "{\"format\": 1, \"site_id\": \"someone-else\", \"printers\": []}",
  };
  g_autofree char *uuid = g_uuid_string_random ();
  MlBundleHeader header = { ML_BUNDLE_FORMAT_VERSION, fixture->site_a, uuid, 1, NOW };
  g_autoptr(JsonNode) good = payload_json (fixture->site_a, TRUE, "");
  g_autoptr(GError) error = NULL;
  gboolean duplicate = TRUE;

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *text = g_strdup_printf (bad[i], fixture->site_a);
      g_autoptr(JsonNode) payload = parse (text);

      g_assert_false (ml_portal_store_ingest_bundle (fixture->store, &header, payload, NOW, NULL,
                                                     NULL, NULL, &error));
      g_assert_nonnull (error);
      g_assert_true (error->domain == ML_ERROR);
      g_test_message ("%s → %s", text, error->message);
      g_clear_error (&error);
    }

  /* Nothing of them was stored: the same UUID is still new. */
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM bundles"), ==, 0);
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM printers"), ==, 0);
  g_assert_true (ml_portal_store_ingest_bundle (fixture->store, &header, good, NOW, NULL,
                                                &duplicate, NULL, &error));
  g_assert_no_error (error);
  g_assert_false (duplicate);

  /* A site that does not exist. */
  header.site_id = (char *) "00000000-0000-4000-8000-000000000000";
  g_clear_pointer (&good, json_node_unref);
  good = payload_json (header.site_id, TRUE, "");
  g_assert_false (ml_portal_store_ingest_bundle (fixture->store, &header, good, NOW, NULL,
                                                 NULL, NULL, &error));
  g_assert_error (error, ML_ERROR, ML_ERROR_NOT_FOUND);
}

/* Runs @sql on the store's file from a connection of its own. */
static void
exec_sql (Fixture    *fixture,
          const char *sql)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open_v2 (fixture->path, &db, SQLITE_OPEN_READWRITE, NULL), ==,
                   SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
}

static JsonNode *
one_job_payload (const char *site_id,
                 const char *serials)
{
  g_autoptr(GString) printers = g_string_new (NULL);
  g_auto(GStrv) list = g_strsplit (serials, ",", -1);

  for (guint i = 0; list[i] != NULL; i++)
    {
      g_autofree char *uuid = g_strdup_printf ("job-%s", list[i]);
      g_autofree char *job = job_json (uuid, "completed", "2026-11-20T10:00:00Z", "coated",
                                       1000, 800, 10, 5, NULL);
      g_autofree char *jobs = g_strdup_printf ("[%s]", job);
      g_autofree char *printer = printer_json (list[i], TRUE, jobs, NULL);

      g_string_append_printf (printers, "%s%s", i > 0 ? ", " : "", printer);
    }
  return payload_json (site_id, TRUE, printers->str);
}

/* Group commit: one transaction, a savepoint per bundle. A bundle that fails half-way
 * (here a trigger refuses its second printer, after its bundle row, first printer and
 * job were written) leaves nothing behind and costs the others nothing; a UUID met
 * earlier in the batch is a duplicate with the first one's receipt. */
static void
test_ingest_batch (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *uuid_1 = g_uuid_string_random ();
  g_autofree char *uuid_2 = g_uuid_string_random ();
  g_autofree char *uuid_3 = g_uuid_string_random ();
  g_autofree char *uuid_4 = g_uuid_string_random ();
  g_autoptr(JsonNode) good_1 = one_job_payload (fixture->site_a, "SN-G1");
  g_autoptr(JsonNode) bad = one_job_payload (fixture->site_a, "SN-G2,SN-BAD");
  g_autoptr(JsonNode) good_3 = one_job_payload (fixture->site_b, "SN-G3");
  g_autoptr(JsonNode) malformed = parse ("{\"format\": 1, \"printers\": 7}");
  MlBundleHeader headers[] = {
    { ML_BUNDLE_FORMAT_VERSION, fixture->site_a, uuid_1, 1, NOW },
    { ML_BUNDLE_FORMAT_VERSION, fixture->site_a, uuid_2, 2, NOW },
    { ML_BUNDLE_FORMAT_VERSION, fixture->site_b, uuid_3, 1, NOW },
    { ML_BUNDLE_FORMAT_VERSION, fixture->site_a, uuid_1, 1, NOW },
    { ML_BUNDLE_FORMAT_VERSION, fixture->site_a, uuid_4, 3, NOW },
  };
  JsonNode *payloads[] = { good_1, bad, good_3, good_1, malformed };
  MlPortalBundleIngest batch[G_N_ELEMENTS (headers)] = { { 0 } };
  MlPortalBundleIngest *pointers[G_N_ELEMENTS (headers)];
  g_autoptr(GError) error = NULL;
  gboolean duplicate = TRUE;
  gint64 seq_before;

  exec_sql (fixture, "CREATE TRIGGER refuse_bad BEFORE INSERT ON printers "
                     "WHEN NEW.serial = 'SN-BAD' BEGIN SELECT RAISE (ABORT, 'refused'); END");
  seq_before = query_int (fixture, "SELECT value FROM sequences WHERE name = 'change'");

  for (guint i = 0; i < G_N_ELEMENTS (batch); i++)
    {
      batch[i].header = &headers[i];
      batch[i].payload = payloads[i];
      batch[i].received_at = NOW + i;
      pointers[i] = &batch[i];
    }

  g_assert_true (ml_portal_store_ingest_bundles (fixture->store, pointers, G_N_ELEMENTS (batch),
                                                 &error));
  g_assert_no_error (error);

  g_assert_no_error (batch[0].error);
  g_assert_false (batch[0].duplicate);
  g_assert_cmpuint (batch[0].jobs_stored, ==, 1);
  g_assert_cmpint (batch[0].original_received_at, ==, NOW);
  g_assert_nonnull (batch[1].error);
  g_assert_no_error (batch[2].error);
  g_assert_false (batch[2].duplicate);
  g_assert_cmpuint (batch[2].jobs_stored, ==, 1);
  g_assert_no_error (batch[3].error);
  g_assert_true (batch[3].duplicate);
  g_assert_cmpuint (batch[3].jobs_stored, ==, 1);
  g_assert_cmpint (batch[3].original_received_at, ==, NOW);
  g_assert_nonnull (batch[4].error);
  g_assert_true (batch[4].error->domain == ML_ERROR);
  for (guint i = 0; i < G_N_ELEMENTS (batch); i++)
    g_clear_error (&batch[i].error);

  /* The good ones once each, nothing of the bad one. */
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM bundles"), ==, 2);
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM printers"), ==, 2);
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM printers "
                              "WHERE serial IN ('SN-G1', 'SN-G3')"), ==, 2);
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM jobs"), ==, 2);
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM counters"), ==, 2);
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM status_history"), ==, 2);
  g_assert_cmpint (query_int (fixture, "SELECT value FROM sequences WHERE name = 'change'"), >,
                   seq_before);
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM jobs WHERE change_seq > "
                              "(SELECT value FROM sequences WHERE name = 'change')"), ==, 0);

  /* The refused bundle's UUID is still new. */
  exec_sql (fixture, "DROP TRIGGER refuse_bad");
  g_assert_true (ml_portal_store_ingest_bundle (fixture->store, &headers[1], bad, NOW, NULL,
                                                &duplicate, NULL, &error));
  g_assert_no_error (error);
  g_assert_false (duplicate);
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM printers"), ==, 4);
}

/* A bundle whose failure ends the whole transaction (SQLite rolls it back, as on a
 * full disk) takes the batch with it: every bundle is refused, none is stored, and
 * the next batch starts clean. */
static void
test_ingest_batch_rolled_back (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autofree char *uuid_1 = g_uuid_string_random ();
  g_autofree char *uuid_2 = g_uuid_string_random ();
  g_autoptr(JsonNode) good = one_job_payload (fixture->site_a, "SN-G1");
  g_autoptr(JsonNode) poison = one_job_payload (fixture->site_b, "SN-POISON");
  MlBundleHeader headers[] = {
    { ML_BUNDLE_FORMAT_VERSION, fixture->site_a, uuid_1, 1, NOW },
    { ML_BUNDLE_FORMAT_VERSION, fixture->site_b, uuid_2, 1, NOW },
  };
  MlPortalBundleIngest batch[2] = { { &headers[0], good, NOW }, { &headers[1], poison, NOW } };
  MlPortalBundleIngest *pointers[2] = { &batch[0], &batch[1] };
  g_autoptr(GError) error = NULL;

  exec_sql (fixture, "CREATE TRIGGER poison BEFORE INSERT ON printers "
                     "WHEN NEW.serial = 'SN-POISON' BEGIN SELECT RAISE (ROLLBACK, 'gone'); END");

  g_assert_false (ml_portal_store_ingest_bundles (fixture->store, pointers, 2, &error));
  g_assert_nonnull (error);
  g_assert_nonnull (batch[0].error);
  g_assert_nonnull (batch[1].error);
  g_clear_error (&batch[0].error);
  g_clear_error (&batch[1].error);
  g_clear_error (&error);
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM bundles"), ==, 0);
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM printers"), ==, 0);

  /* Without the poison, the good one alone goes through. */
  g_assert_true (ml_portal_store_ingest_bundles (fixture->store, pointers, 1, &error));
  g_assert_no_error (error);
  g_assert_no_error (batch[0].error);
  g_assert_false (batch[0].duplicate);
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM bundles"), ==, 1);
}

/* A serial another customer already has is a printer of this site's customer all the
 * same: identity is customer, serial and product number. */
static void
test_same_serial_elsewhere (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) payload = NULL;
  g_autoptr(JsonNode) jobs_a = NULL;
  g_autoptr(JsonNode) jobs_b = NULL;
  g_autoptr(JsonNode) printer_b = NULL;
  g_autoptr(JsonNode) moved = NULL;
  g_autofree char *site_c = NULL;
  g_autofree char *job = job_json ("job-b", "completed", "2026-11-20T11:00:00Z", "coated",
                                   7, 7, 7, 7, NULL);
  g_autofree char *jobs = g_strdup_printf ("[%s]", job);
  g_autofree char *printer = printer_json ("SN-A1", TRUE, jobs, NULL);
  JsonArray *array;

  ingest_sample (fixture);

  /* Reseller B's site reports a printer with A's serial. */
  payload = payload_json (fixture->site_b, TRUE, printer);
  g_assert_cmpuint (ingest_as (fixture, fixture->site_b, NULL, payload, NOW, NULL), ==, 1);
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM printers WHERE serial = 'SN-A1'"),
                   ==, 2);

  jobs_a = ml_portal_store_list_jobs (fixture->store, fixture->reseller_a, "SN-A1", 0, 0, NULL,
                                      100, &error);
  g_assert_no_error (error);
  array = json_object_get_array_member (json_node_get_object (jobs_a), "jobs");
  g_assert_cmpuint (json_array_get_length (array), ==, 3);
  jobs_b = ml_portal_store_list_jobs (fixture->store, fixture->reseller_b, "SN-A1", 0, 0, NULL,
                                      100, &error);
  array = json_object_get_array_member (json_node_get_object (jobs_b), "jobs");
  g_assert_cmpuint (json_array_get_length (array), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (element (array, 0), "uuid"), ==, "job-b");
  printer_b = ml_portal_store_get_printer (fixture->store, fixture->reseller_b, "SN-A1", &error);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (printer_b), "site_id"),
                   ==, fixture->site_b);

  /* Within one reseller, a printer moved to another customer: the latest answers. */
  g_assert_true (ml_portal_store_add_customer (fixture->store, "Acme Print", "Northwind", NULL,
                                               &error));
  g_assert_true (ml_portal_store_add_site (fixture->store, NULL, "Northwind", "Hall", &site_c,
                                           NULL, &error));
  g_clear_pointer (&payload, json_node_unref);
  g_free (printer);
  printer = g_strdup_printf ("{\"serial\": \"SN-A1\", \"product_number\": \"CR356A\", "
                             "\"last_success\": \"2026-11-21T08:00:00Z\"}");
  payload = payload_json (site_c, TRUE, printer);
  ingest_as (fixture, site_c, NULL, payload, NOW + 3600, NULL);
  moved = ml_portal_store_get_printer (fixture->store, fixture->reseller_a, "SN-A1", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (moved), "site_id"), ==,
                   site_c);
}

/* Scoping ------------------------------------------------------------------------------ */

static void
assert_not_found (JsonNode *node,
                  GError   *error)
{
  g_assert_null (node);
  g_assert_error (error, ML_ERROR, ML_ERROR_NOT_FOUND);
}

static void
assert_empty (JsonNode *node,
              GError   *error)
{
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (array_of (node)), ==, 0);
}

/* Reseller B asks for everything of reseller A: it is not there, exactly as what
 * does not exist at all is not there. */
static void
test_scoping (Fixture       *fixture,
              gconstpointer  data)
{
  const char *missing[] = { "SN-A1", "SN-NOWHERE" };
  g_autoptr(JsonNode) config = parse ("{\"polling_interval\": 60}");
  g_autoptr(JsonNode) synced = NULL;
  JsonObject *object;

  ingest_sample (fixture);

  {
    g_autoptr(GError) error = NULL;
    g_autoptr(JsonNode) node = ml_portal_store_list_customers (fixture->store,
                                                               fixture->reseller_b, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (json_array_get_length (array_of (node)), ==, 1);
    g_assert_cmpstr (json_object_get_string_member (element (array_of (node), 0), "name"), ==,
                     "Fabrikam");
  }
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(JsonNode) node = ml_portal_store_list_sites (fixture->store, fixture->reseller_b,
                                                           &error);

    g_assert_no_error (error);
    g_assert_cmpuint (json_array_get_length (array_of (node)), ==, 1);
    g_assert_cmpstr (json_object_get_string_member (element (array_of (node), 0), "id"), ==,
                     fixture->site_b);
  }
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(JsonNode) node = ml_portal_store_list_printers (fixture->store,
                                                              fixture->reseller_b, &error);

    assert_empty (node, error);
  }

  for (guint i = 0; i < G_N_ELEMENTS (missing); i++)
    {
      g_autoptr(GError) printer_error = NULL;
      g_autoptr(GError) jobs_error = NULL;
      g_autoptr(GError) usage_error = NULL;
      g_autoptr(GError) events_error = NULL;
      g_autoptr(JsonNode) printer = NULL;
      g_autoptr(JsonNode) jobs = NULL;
      g_autoptr(JsonNode) usage = NULL;
      g_autoptr(JsonNode) events = NULL;
      g_autofree char *expected = g_strdup_printf ("There is no printer %s", missing[i]);

      printer = ml_portal_store_get_printer (fixture->store, fixture->reseller_b, missing[i],
                                             &printer_error);
      assert_not_found (printer, printer_error);
      g_assert_cmpstr (printer_error->message, ==, expected);
      jobs = ml_portal_store_list_jobs (fixture->store, fixture->reseller_b, missing[i], 0, 0,
                                        NULL, 10, &jobs_error);
      assert_not_found (jobs, jobs_error);
      g_assert_cmpstr (jobs_error->message, ==, expected);
      usage = ml_portal_store_usage (fixture->store, fixture->reseller_b, missing[i], 0, 0,
                                     &usage_error);
      assert_not_found (usage, usage_error);
      events = ml_portal_store_list_events (fixture->store, fixture->reseller_b, missing[i],
                                            &events_error);
      assert_not_found (events, events_error);
    }

  {
    g_autoptr(GError) error = NULL;
    g_autoptr(JsonNode) node = ml_portal_store_list_jobs (fixture->store, fixture->reseller_b,
                                                          NULL, 0, 0, NULL, 1000, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (
                        json_node_get_object (node), "jobs")), ==, 0);
  }
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(JsonNode) node = ml_portal_store_usage (fixture->store, fixture->reseller_b, NULL,
                                                      0, 0, &error);

    assert_empty (node, error);
  }
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(JsonNode) node = ml_portal_store_list_events (fixture->store, fixture->reseller_b,
                                                            NULL, &error);

    assert_empty (node, error);
  }

  /* Sync: B's own customer and site, nothing of A. */
  synced = ml_portal_store_sync (fixture->store, fixture->reseller_b, NULL, NULL);
  object = json_node_get_object (synced);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object, "customers")),
                    ==, 1);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object, "sites")),
                    ==, 1);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object, "printers")),
                    ==, 0);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object, "jobs")),
                    ==, 0);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object, "events")),
                    ==, 0);

  /* A's site cannot be configured by B, as if it did not exist. */
  {
    g_autoptr(GError) other = NULL;
    g_autoptr(GError) nowhere = NULL;

    g_assert_false (ml_portal_store_set_site_config (fixture->store, fixture->reseller_b,
                                                     fixture->site_a, config, &other));
    g_assert_error (other, ML_ERROR, ML_ERROR_NOT_FOUND);
    g_assert_false (ml_portal_store_set_site_config (fixture->store, fixture->reseller_b,
                                                     "00000000-0000-4000-8000-000000000000",
                                                     config, &nowhere));
    g_assert_error (nowhere, ML_ERROR, ML_ERROR_NOT_FOUND);
    g_assert_cmpint (query_int (fixture, "SELECT max (config_revision) FROM sites"), ==, 0);
  }

  /* A sees its own. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(JsonNode) node = ml_portal_store_get_printer (fixture->store, fixture->reseller_a,
                                                            "SN-A1", &error);

    g_assert_no_error (error);
    g_assert_nonnull (node);
  }
}

/* Paging and usage --------------------------------------------------------------------- */

static void
test_jobs_paging (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GString) jobs = g_string_new ("[");
  g_autoptr(JsonNode) payload = NULL;
  g_autoptr(GPtrArray) uuids = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(JsonNode) window = NULL;
  g_autoptr(JsonNode) bad = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *printer = NULL;
  JsonArray *array;

  /* 25 jobs, several at the same second, so the cursor must also order by row. */
  for (guint i = 0; i < 25; i++)
    {
      g_autofree char *uuid = g_strdup_printf ("job-%02u", i);
      g_autofree char *time = g_strdup_printf ("2026-11-20T10:%02u:00Z", i / 3);
      g_autofree char *job = job_json (uuid, "completed", time, "coated", 100, 50, 1, 1, NULL);

      g_string_append_printf (jobs, "%s%s", i > 0 ? ", " : "", job);
    }
  g_string_append_c (jobs, ']');
  printer = printer_json ("SN-A1", FALSE, jobs->str, NULL);
  payload = payload_json (fixture->site_a, TRUE, printer);
  g_assert_cmpuint (ingest (fixture, payload), ==, 25);

  for (guint limit = 1; limit <= 26; limit += 6)
    {
      g_clear_pointer (&uuids, g_ptr_array_unref);
      g_hash_table_remove_all (seen);
      uuids = all_job_uuids (fixture, fixture->reseller_a, limit % 2 ? "SN-A1" : NULL, limit);
      g_assert_cmpuint (uuids->len, ==, 25);
      for (guint i = 0; i < uuids->len; i++)
        {
          g_autofree char *expected = g_strdup_printf ("job-%02u", i);

          g_assert_cmpstr (g_ptr_array_index (uuids, i), ==, expected);
          g_assert_true (g_hash_table_add (seen, g_ptr_array_index (uuids, i)));
        }
    }

  /* since inclusive, until exclusive. */
  window = ml_portal_store_list_jobs (fixture->store, fixture->reseller_a, NULL,
                                      timestamp ("2026-11-20T10:02:00Z"),
                                      timestamp ("2026-11-20T10:04:00Z"), NULL, 100, &error);
  g_assert_no_error (error);
  array = json_object_get_array_member (json_node_get_object (window), "jobs");
  g_assert_cmpuint (json_array_get_length (array), ==, 6);
  g_assert_cmpstr (json_object_get_string_member (element (array, 0), "uuid"), ==, "job-06");
  g_assert_true (json_object_get_null_member (json_node_get_object (window), "next_cursor"));

  bad = ml_portal_store_list_jobs (fixture->store, fixture->reseller_a, NULL, 0, 0,
                                   "not-a-cursor!", 10, &error);
  g_assert_null (bad);
  g_assert_error (error, ML_ERROR, ML_ERROR_INVALID_VALUE);
  g_clear_error (&error);
  bad = ml_portal_store_list_jobs (fixture->store, fixture->reseller_a, NULL, 0, 0,
                                   "bm90IGEgY3Vyc29y", 10, &error);
  g_assert_error (error, ML_ERROR, ML_ERROR_INVALID_VALUE);
  g_clear_error (&error);
  bad = ml_portal_store_list_jobs (fixture->store, fixture->reseller_a, NULL, 0, 0, NULL, 0,
                                   &error);
  g_assert_error (error, ML_ERROR, ML_ERROR_INVALID_VALUE);
  g_clear_error (&error);
  bad = ml_portal_store_list_jobs (fixture->store, fixture->reseller_a, NULL, 0, 0, NULL, 1001,
                                   &error);
  g_assert_error (error, ML_ERROR, ML_ERROR_INVALID_VALUE);
}

typedef struct
{
  const char *serial;
  const char *media;
  const char *day;
  gint64 jobs, media_area, printed_area, ink;
} UsageRow;

static void
test_usage (Fixture       *fixture,
            gconstpointer  data)
{
  /* serial, status, time, media, media area, printed area, cyan, black */
  static const struct {
    const char *serial;
    const char *status;
    const char *time;
    const char *media;
    gint64 media_area, printed_area, cyan, black;
  } jobs[] = {
    { "SN-A1", "completed", "2026-11-20T08:00:00Z", "coated", 1000, 900, 10, 1 },
    { "SN-A1", "completed", "2026-11-20T23:59:59Z", "coated", 2000, 1800, 20, 2 },
    { "SN-A1", "completed", "2026-11-21T00:00:00Z", "coated", 4000, 3600, 40, 4 },
    { "SN-A1", "completed", "2026-11-20T09:00:00Z", "bond", 8000, 7200, 80, 8 },
    { "SN-A1", "cancelled", "2026-11-20T09:30:00Z", "bond", 16000, 0, 160, 16 },
    { "SN-A1", "pending", "2026-11-20T09:40:00Z", "bond", 32000, 0, 320, 32 },
    { "SN-A2", "completed", "2026-11-20T10:00:00Z", "coated", 64000, 100, 640, 64 },
  };
  static const UsageRow expected[] = {
    { "SN-A1", "bond", "2026-11-20", 1, 8000, 7200, 88 },
    { "SN-A1", "coated", "2026-11-20", 2, 3000, 2700, 33 },
    { "SN-A1", "coated", "2026-11-21", 1, 4000, 3600, 44 },
    { "SN-A2", "coated", "2026-11-20", 1, 64000, 100, 704 },
  };
  g_autoptr(GString) a1 = g_string_new ("[");
  g_autoptr(GString) a2 = g_string_new ("[");
  g_autoptr(JsonNode) payload = NULL;
  g_autoptr(JsonNode) usage = NULL;
  g_autoptr(JsonNode) one = NULL;
  g_autoptr(JsonNode) window = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *p1 = NULL;
  g_autofree char *p2 = NULL;
  g_autofree char *printers = NULL;
  JsonArray *array;

  for (guint i = 0; i < G_N_ELEMENTS (jobs); i++)
    {
      g_autofree char *uuid = g_strdup_printf ("u-%u", i);
      g_autofree char *job = job_json (uuid, jobs[i].status, jobs[i].time, jobs[i].media,
                                       jobs[i].media_area, jobs[i].printed_area, jobs[i].cyan,
                                       jobs[i].black, NULL);
      GString *list = g_str_equal (jobs[i].serial, "SN-A1") ? a1 : a2;

      g_string_append_printf (list, "%s%s", list->len > 1 ? ", " : "", job);
    }
  g_string_append_c (a1, ']');
  g_string_append_c (a2, ']');
  p1 = printer_json ("SN-A1", FALSE, a1->str, NULL);
  p2 = printer_json ("SN-A2", FALSE, a2->str, NULL);
  printers = g_strdup_printf ("%s, %s", p1, p2);
  payload = payload_json (fixture->site_a, TRUE, printers);
  ingest (fixture, payload);

  usage = ml_portal_store_usage (fixture->store, fixture->reseller_a, NULL, 0, 0, &error);
  g_assert_no_error (error);
  array = array_of (usage);
  g_assert_cmpuint (json_array_get_length (array), ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      JsonObject *row = element (array, i);

      g_assert_cmpstr (json_object_get_string_member (row, "serial"), ==, expected[i].serial);
      g_assert_cmpstr (json_object_get_string_member (row, "media_type_id"), ==,
                       expected[i].media);
      g_assert_cmpstr (json_object_get_string_member (row, "day"), ==, expected[i].day);
      g_assert_cmpint (json_object_get_int_member (row, "jobs"), ==, expected[i].jobs);
      g_assert_cmpint (json_object_get_int_member (row, "media_area_mm2"), ==,
                       expected[i].media_area);
      g_assert_cmpint (json_object_get_int_member (row, "printed_area_mm2"), ==,
                       expected[i].printed_area);
      g_assert_cmpint (json_object_get_int_member (row, "ink_ul"), ==, expected[i].ink);
    }

  one = ml_portal_store_usage (fixture->store, fixture->reseller_a, "SN-A2", 0, 0, &error);
  g_assert_cmpuint (json_array_get_length (array_of (one)), ==, 1);
  window = ml_portal_store_usage (fixture->store, fixture->reseller_a, NULL,
                                  timestamp ("2026-11-21T00:00:00Z"), 0, &error);
  g_assert_cmpuint (json_array_get_length (array_of (window)), ==, 1);
}

/* Sync and configuration --------------------------------------------------------------- */

static guint
sync_length (JsonNode   *synced,
             const char *key)
{
  return json_array_get_length (json_object_get_array_member (json_node_get_object (synced),
                                                              key));
}

static void
test_sync (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) all = NULL;
  g_autoptr(JsonNode) nothing = NULL;
  g_autoptr(JsonNode) newer = NULL;
  g_autoptr(JsonNode) configured = NULL;
  g_autoptr(JsonNode) payload = NULL;
  g_autoptr(JsonNode) config = parse ("{\"polling_interval\": 45}");
  g_autofree char *cursor = NULL;
  g_autofree char *later = NULL;
  g_autofree char *job = job_json ("job-new", "completed", "2026-11-20T11:45:00Z", "coated",
                                   1, 1, 1, 1, NULL);
  g_autofree char *jobs = g_strdup_printf ("[%s]", job);
  g_autofree char *printer = printer_json ("SN-A2", FALSE, jobs, NULL);

  ingest_sample (fixture);

  all = ml_portal_store_sync (fixture->store, fixture->reseller_a, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sync_length (all, "customers"), ==, 1);
  g_assert_cmpuint (sync_length (all, "sites"), ==, 1);
  g_assert_cmpuint (sync_length (all, "printers"), ==, 2);
  g_assert_cmpuint (sync_length (all, "jobs"), ==, 4);
  g_assert_cmpuint (sync_length (all, "events"), ==, 2);
  g_assert_false (json_object_get_boolean_member (json_node_get_object (all), "more"));
  cursor = g_strdup (json_object_get_string_member (json_node_get_object (all), "cursor"));

  /* Nothing changed: nothing comes, and the cursor stays. */
  nothing = ml_portal_store_sync (fixture->store, fixture->reseller_a, cursor, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sync_length (nothing, "customers") + sync_length (nothing, "sites") +
                    sync_length (nothing, "printers") + sync_length (nothing, "jobs") +
                    sync_length (nothing, "events"), ==, 0);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (nothing), "cursor"), ==,
                   cursor);

  /* Another reseller's changes move nothing of A's. */
  payload = payload_json (fixture->site_b, TRUE, printer);
  ingest_as (fixture, fixture->site_b, NULL, payload, NOW, NULL);
  g_clear_pointer (&nothing, json_node_unref);
  nothing = ml_portal_store_sync (fixture->store, fixture->reseller_a, cursor, &error);
  g_assert_cmpuint (sync_length (nothing, "jobs") + sync_length (nothing, "printers") +
                    sync_length (nothing, "sites"), ==, 0);

  /* A new job of one printer: that job, its printer, its site. */
  g_clear_pointer (&payload, json_node_unref);
  payload = payload_json (fixture->site_a, TRUE, printer);
  ingest (fixture, payload);
  newer = ml_portal_store_sync (fixture->store, fixture->reseller_a, cursor, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sync_length (newer, "jobs"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (
                     json_array_get_object_element (json_object_get_array_member (
                       json_node_get_object (newer), "jobs"), 0), "uuid"), ==, "job-new");
  g_assert_cmpuint (sync_length (newer, "printers"), ==, 1);
  g_assert_cmpuint (sync_length (newer, "sites"), ==, 1);
  g_assert_cmpuint (sync_length (newer, "events"), ==, 0);
  later = g_strdup (json_object_get_string_member (json_node_get_object (newer), "cursor"));
  g_assert_cmpint (g_ascii_strtoll (later, NULL, 10), >, g_ascii_strtoll (cursor, NULL, 10));

  /* A configuration change is a change of the site. */
  g_assert_true (ml_portal_store_set_site_config (fixture->store, fixture->reseller_a,
                                                  fixture->site_a, config, &error));
  configured = ml_portal_store_sync (fixture->store, fixture->reseller_a, later, &error);
  g_assert_cmpuint (sync_length (configured, "sites"), ==, 1);
  g_assert_cmpuint (sync_length (configured, "jobs"), ==, 0);

  g_assert_null (ml_portal_store_sync (fixture->store, fixture->reseller_a, "x1", &error));
  g_assert_error (error, ML_ERROR, ML_ERROR_INVALID_VALUE);
}

/* More changes than one answer holds: pages by cursor, each change once. */
static void
test_sync_more (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GString) jobs = g_string_new ("[");
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(JsonNode) payload = NULL;
  g_autofree char *printer = NULL;
  g_autofree char *cursor = NULL;
  guint n_jobs = 7500, answers = 0;
  gboolean more = TRUE;

  for (guint i = 0; i < n_jobs; i++)
    {
      g_autofree char *uuid = g_strdup_printf ("job-%05u", i);
      g_autofree char *job = job_json (uuid, "completed", "2026-11-20T10:00:00Z", "coated",
                                       1, 1, 1, 1, NULL);

      g_string_append_printf (jobs, "%s%s", i > 0 ? ", " : "", job);
    }
  g_string_append_c (jobs, ']');
  printer = printer_json ("SN-A1", FALSE, jobs->str, NULL);
  payload = payload_json (fixture->site_a, TRUE, printer);
  g_assert_cmpuint (ingest (fixture, payload), ==, n_jobs);

  while (more)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) synced = ml_portal_store_sync (fixture->store, fixture->reseller_a,
                                                         cursor, &error);
      JsonObject *object;
      JsonArray *array;

      g_assert_no_error (error);
      object = json_node_get_object (synced);
      array = json_object_get_array_member (object, "jobs");
      for (guint i = 0; i < json_array_get_length (array); i++)
        g_assert_true (g_hash_table_add (seen, g_strdup (json_object_get_string_member (
                                                           element (array, i), "uuid"))));
      more = json_object_get_boolean_member (object, "more");
      g_free (cursor);
      cursor = g_strdup (json_object_get_string_member (object, "cursor"));
      g_assert_cmpuint (++answers, <, 10);
    }

  g_assert_cmpuint (answers, >=, 2);
  g_assert_cmpuint (g_hash_table_size (seen), ==, n_jobs);
}

static void
test_site_config (Fixture       *fixture,
                  gconstpointer  data)
{
  static const char * const invalid[] = {
    "[]",
    "{\"colour\": \"blue\"}",
    "{\"polling_interval\": 10}",
    "{\"polling_interval\": 1441}",
    "{\"polling_interval\": \"60\"}",
    "{\"ranges\": \"192.0.2.300\"}",
    "{\"ranges\": 5}",
    "{\"ranges\": [\"192.0.2.0/24\", 7]}",
    "{\"user_names\": \"no\"}",
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) initial = NULL;
  g_autoptr(JsonNode) first = parse ("{\"ranges\": \"192.0.2.0/24, !192.0.2.13\", "
                                     "\"polling_interval\": 60, \"revision\": 99}");
  g_autoptr(JsonNode) second = parse ("{\"ranges\": null, \"user_names\": false}");
  g_autoptr(JsonNode) list = parse ("{\"ranges\": [\"192.0.2.1\", \"192.0.2.5-9\"]}");
  g_autoptr(JsonNode) after_first = NULL;
  g_autoptr(JsonNode) after_second = NULL;
  g_autoptr(JsonNode) after_list = NULL;
  JsonObject *object;

  initial = ml_portal_store_get_site_config (fixture->store, fixture->site_a, &error);
  g_assert_no_error (error);
  object = json_node_get_object (initial);
  g_assert_cmpuint (json_object_get_size (object), ==, 1);
  g_assert_cmpint (json_object_get_int_member (object, "revision"), ==, 0);

  g_assert_true (ml_portal_store_set_site_config (fixture->store, fixture->reseller_a,
                                                  fixture->site_a, first, &error));
  g_assert_no_error (error);
  after_first = ml_portal_store_get_site_config (fixture->store, fixture->site_a, &error);
  object = json_node_get_object (after_first);
  g_assert_cmpint (json_object_get_int_member (object, "revision"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (object, "ranges"), ==,
                   "192.0.2.0/24, !192.0.2.13");
  g_assert_cmpint (json_object_get_int_member (object, "polling_interval"), ==, 60);
  g_assert_false (json_object_has_member (object, "user_names"));

  g_assert_true (ml_portal_store_set_site_config (fixture->store, fixture->reseller_a,
                                                  fixture->site_a, second, &error));
  after_second = ml_portal_store_get_site_config (fixture->store, fixture->site_a, &error);
  object = json_node_get_object (after_second);
  g_assert_cmpint (json_object_get_int_member (object, "revision"), ==, 2);
  g_assert_false (json_object_has_member (object, "ranges"));
  g_assert_cmpint (json_object_get_int_member (object, "polling_interval"), ==, 60);
  g_assert_false (json_object_get_boolean_member (object, "user_names"));

  g_assert_true (ml_portal_store_set_site_config (fixture->store, fixture->reseller_a,
                                                  fixture->site_a, list, &error));
  after_list = ml_portal_store_get_site_config (fixture->store, fixture->site_a, &error);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (after_list), "ranges"),
                   ==, "192.0.2.1, 192.0.2.5-9");

  for (guint i = 0; i < G_N_ELEMENTS (invalid); i++)
    {
      g_autoptr(JsonNode) node = parse (invalid[i]);

      g_assert_false (ml_portal_store_set_site_config (fixture->store, fixture->reseller_a,
                                                       fixture->site_a, node, &error));
      g_assert_nonnull (error);
      g_assert_true (g_error_matches (error, ML_ERROR, ML_ERROR_INVALID_VALUE) ||
                     g_error_matches (error, ML_ERROR, ML_ERROR_WRONG_TYPE));
      g_test_message ("%s → %s", invalid[i], error->message);
      g_clear_error (&error);
    }
  g_assert_cmpint (query_int (fixture, "SELECT config_revision FROM sites "
                                       "WHERE name = 'Plant'"), ==, 3);

  g_assert_null (ml_portal_store_get_site_config (fixture->store, "no-such-site", &error));
  g_assert_error (error, ML_ERROR, ML_ERROR_NOT_FOUND);
}

/* Many threads at once: the store serialises them, nothing is lost. */
typedef struct
{
  Fixture *fixture;
  guint index;
} Worker;

static gpointer
ingest_worker (gpointer data)
{
  Worker *worker = data;
  g_autoptr(GError) error = NULL;
  g_autofree char *uuid = g_uuid_string_random ();
  g_autofree char *job_uuid = g_strdup_printf ("thread-%u", worker->index);
  g_autofree char *job = job_json (job_uuid, "completed", "2026-11-20T10:00:00Z", "coated",
                                   1, 1, 1, 1, NULL);
  g_autofree char *jobs = g_strdup_printf ("[%s]", job);
  g_autofree char *serial = g_strdup_printf ("SN-T%u", worker->index % 3);
  g_autofree char *printer = printer_json (serial, TRUE, jobs, NULL);
  g_autoptr(JsonNode) payload = payload_json (worker->fixture->site_a, TRUE, printer);
  MlBundleHeader header = {
    ML_BUNDLE_FORMAT_VERSION, worker->fixture->site_a, uuid, worker->index, NOW,
  };
  guint stored = 0;

  g_assert_true (ml_portal_store_ingest_bundle (worker->fixture->store, &header, payload, NOW,
                                                &stored, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (stored, ==, 1);
  return NULL;
}

static void
test_threads (Fixture       *fixture,
              gconstpointer  data)
{
  GThread *threads[16];
  Worker workers[G_N_ELEMENTS (threads)];

  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    {
      workers[i].fixture = fixture;
      workers[i].index = i;
      threads[i] = g_thread_new ("ingest", ingest_worker, &workers[i]);
    }
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    g_thread_join (threads[i]);

  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM jobs"), ==, G_N_ELEMENTS (threads));
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM printers"), ==, 3);
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM bundles"), ==,
                   G_N_ELEMENTS (threads));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/portal/store/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("migrations", test_migrations);
  g_test_add_func ("/portal/store/default-path", test_default_path);
  ADD ("admin", test_admin);
  ADD ("settings", test_settings);
  g_test_add_func ("/portal/store/password-hash", test_password_hash);
  ADD ("sessions", test_sessions);
  ADD ("unknown-login-timing", test_unknown_login_timing);
  ADD ("rehash", test_rehash);
  ADD ("throttle", test_throttle);
  ADD ("nonces", test_nonces);
  ADD ("ingest", test_ingest);
  ADD ("ingest-duplicate", test_ingest_duplicate);
  ADD ("job-update", test_job_update);
  ADD ("user-names-off", test_user_names_off);
  ADD ("bad-payloads", test_bad_payloads);
  ADD ("ingest-batch", test_ingest_batch);
  ADD ("ingest-batch-rolled-back", test_ingest_batch_rolled_back);
  ADD ("same-serial-elsewhere", test_same_serial_elsewhere);
  ADD ("scoping", test_scoping);
  ADD ("jobs-paging", test_jobs_paging);
  ADD ("usage", test_usage);
  ADD ("sync", test_sync);
  ADD ("sync-more", test_sync_more);
  ADD ("site-config", test_site_config);
  ADD ("threads", test_threads);

#undef ADD

  return g_test_run ();
}
