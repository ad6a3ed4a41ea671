/* test-portal-server.c: the portal's HTTPS service as collectors and resellers meet it
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * In process: a store in a temporary folder with two resellers, each with a
 * customer, a site and users; an MlPortalServer on 127.0.0.1 with a free port and a
 * generated certificate; a libsoup session that pins that certificate. The server
 * and the client share this thread's main loop, so every request is asynchronous
 * and every wait runs the loop until an event or a deadline. The last test runs the
 * built `meterlink-portal serve` (ML_PORTAL) as a subprocess.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <signal.h>
#include <sqlite3.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "ml-bundle-private.h"
#include "ml-bundle.h"
#include "ml-certificate.h"
#include "ml-password-private.h"
#include "ml-portal-server-private.h"
#include "ml-portal-store.h"
#include "ml-site-key.h"
#include "ml-test-fleet.h"

#define PASSWORD "correct horse battery"
#define DEADLINE_S 60
#define N_PARALLEL 50
#define HANDSHAKES_AT_ONCE 4
#define JOBS_PER_BUNDLE 3

typedef struct
{
  char *dir;
  MlPortalStore *store;
  MlPortalServer *server;
  SoupSession *session;
  char *pin;
  char *base;                 /* https://127.0.0.1:PORT */
  gint64 reseller[2];
  char *site[2];
  GBytes *secret[2];
  char *serial[2];
  guint64 next_sequence;
} Fixture;

typedef struct
{
  gboolean done;
  guint status;
  JsonNode *json;
  char *retry_after;
  char *allow;
  char *content_type;
} Reply;

static void
reply_free (Reply *reply)
{
  g_clear_pointer (&reply->json, json_node_unref);
  g_free (reply->retry_after);
  g_free (reply->allow);
  g_free (reply->content_type);
  g_free (reply);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Reply, reply_free)

/* Client ------------------------------------------------------------------------------- */

static gboolean
on_accept_certificate (SoupMessage          *msg,
                       GTlsCertificate      *certificate,
                       GTlsCertificateFlags  errors,
                       gpointer              user_data)
{
  g_autofree char *seen = ml_certificate_sha256 (certificate);

  return g_strcmp0 (seen, user_data) == 0;
}

static void
on_sent (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  Reply *reply = user_data;
  SoupMessage *msg = soup_session_get_async_result_message (SOUP_SESSION (source), result);
  SoupMessageHeaders *headers = soup_message_get_response_headers (msg);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;

  body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  g_assert_no_error (error);

  reply->status = soup_message_get_status (msg);
  reply->retry_after = g_strdup (soup_message_headers_get_one (headers, "Retry-After"));
  reply->allow = g_strdup (soup_message_headers_get_one (headers, "Allow"));
  reply->content_type = g_strdup (soup_message_headers_get_content_type (headers, NULL));
  if (g_bytes_get_size (body) > 0)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      gsize size;
      const char *data = g_bytes_get_data (body, &size);

      json_parser_load_from_data (parser, data, (gssize) size, &error);
      g_assert_no_error (error);
      reply->json = json_node_ref (json_parser_get_root (parser));
    }
  reply->done = TRUE;
}

static SoupMessage *
new_message (Fixture    *fixture,
             const char *method,
             const char *path,
             const char *token,
             const char *content_type,
             GBytes     *body)
{
  g_autofree char *url = g_strconcat (fixture->base, path, NULL);
  SoupMessage *msg = soup_message_new (method, url);

  g_assert_nonnull (msg);
  g_signal_connect (msg, "accept-certificate", G_CALLBACK (on_accept_certificate), fixture->pin);
  if (token != NULL)
    {
      g_autofree char *authorization = g_strconcat ("Bearer ", token, NULL);

      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization",
                                    authorization);
    }
  if (body != NULL)
    soup_message_set_request_body_from_bytes (msg, content_type, body);
  return msg;
}

static Reply *
send_message (Fixture     *fixture,
              SoupMessage *msg)
{
  Reply *reply = g_new0 (Reply, 1);

  soup_session_send_and_read_async (fixture->session, msg, G_PRIORITY_DEFAULT, NULL, on_sent,
                                    reply);
  return reply;
}

static Reply *
request (Fixture    *fixture,
         const char *method,
         const char *path,
         const char *token,
         const char *json_body)
{
  g_autoptr(GBytes) body = json_body != NULL ? g_bytes_new (json_body, strlen (json_body)) : NULL;
  g_autoptr(SoupMessage) msg = new_message (fixture, method, path, token, "application/json",
                                            body);
  Reply *reply = send_message (fixture, msg);

  ml_test_wait (&reply->done, DEADLINE_S);
  return reply;
}

static Reply *
upload (Fixture *fixture,
        GBytes  *bundle)
{
  g_autoptr(SoupMessage) msg = new_message (fixture, "POST", "/api/v1/bundles", NULL,
                                            "application/octet-stream", bundle);
  Reply *reply = send_message (fixture, msg);

  ml_test_wait (&reply->done, DEADLINE_S);
  return reply;
}

static const char *
error_code (Reply *reply)
{
  g_assert_nonnull (reply->json);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (reply->json));
  g_assert_nonnull (json_object_get_string_member_with_default (
                      json_node_get_object (reply->json), "message", NULL));
  return json_object_get_string_member_with_default (json_node_get_object (reply->json),
                                                     "error", NULL);
}

static void
assert_error (Reply      *reply,
              guint       status,
              const char *code)
{
  g_assert_cmpuint (reply->status, ==, status);
  g_assert_cmpstr (reply->content_type, ==, "application/json");
  g_assert_cmpstr (error_code (reply), ==, code);
}

static char *
sign_in (Fixture    *fixture,
         const char *login)
{
  g_autofree char *body = g_strdup_printf ("{\"login\":\"%s\",\"password\":\"%s\"}",
                                           login, PASSWORD);
  g_autoptr(Reply) reply = request (fixture, "POST", "/api/v1/session", NULL, body);

  g_assert_cmpuint (reply->status, ==, SOUP_STATUS_OK);
  return g_strdup (json_object_get_string_member (json_node_get_object (reply->json), "token"));
}

/* Bundles ------------------------------------------------------------------------------ */

static JsonNode *
make_payload (const char *site_id,
              gint64      created_at,
              const char *serial,
              guint       n_jobs)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *created = ml_units_format_timestamp (created_at);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "format");
  json_builder_add_int_value (builder, 1);
  json_builder_set_member_name (builder, "site_id");
  json_builder_add_string_value (builder, site_id);
  json_builder_set_member_name (builder, "collector_version");
  json_builder_add_string_value (builder, PACKAGE_VERSION);
  json_builder_set_member_name (builder, "created_at");
  json_builder_add_string_value (builder, created);
  json_builder_set_member_name (builder, "user_names");
  json_builder_add_boolean_value (builder, TRUE);
  json_builder_set_member_name (builder, "printers");
  json_builder_begin_array (builder);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "serial");
  json_builder_add_string_value (builder, serial);
  json_builder_set_member_name (builder, "product_number");
  json_builder_add_string_value (builder, "CR356A");
  json_builder_set_member_name (builder, "jobs");
  json_builder_begin_array (builder);
  for (guint i = 0; i < n_jobs; i++)
    {
      g_autofree char *uuid = g_uuid_string_random ();
      g_autoptr(MlJob) job = ml_job_new (ML_JOB_KIND_PRINT, uuid);

      ml_job_set_name (job, "plan.pdf");
      ml_job_set_user_name (job, "jane");
      ml_job_set_status (job, ML_JOB_STATUS_COMPLETED);
      ml_job_set_submitted_at (job, created_at - 600 - 60 * i);
      ml_job_set_printed_at (job, created_at - 540 - 60 * i);
      ml_job_set_completed_at (job, created_at - 500 - 60 * i);
      ml_job_set_pages (job, 1);
      ml_job_set_copies (job, 1);
      ml_job_set_media_type_id (job, "plain");
      ml_job_set_media_area_mm2 (job, 914 * 1200);
      ml_job_set_printed_area_mm2 (job, 800 * 1100);
      json_builder_add_value (builder, ml_job_to_json (job));
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static GBytes *
seal (Fixture    *fixture,
      guint       which,
      GBytes     *secret,
      guint       n_jobs,
      char      **out_uuid)
{
  g_autoptr(MlSiteKey) key = NULL;
  g_autoptr(JsonNode) payload = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *uuid = g_uuid_string_random ();
  MlBundleHeader header = { 0, };
  GBytes *bundle;

  key = ml_site_key_new (secret != NULL ? secret : fixture->secret[which], &error);
  g_assert_no_error (error);

  header.site_id = fixture->site[which];
  header.bundle_uuid = uuid;
  header.sequence = ++fixture->next_sequence;
  header.created_at = g_get_real_time () / G_USEC_PER_SEC;
  payload = make_payload (fixture->site[which], header.created_at, fixture->serial[which],
                          n_jobs);
  bundle = ml_bundle_seal (key, &header, payload, &error);
  g_assert_no_error (error);

  if (out_uuid != NULL)
    *out_uuid = g_steal_pointer (&uuid);
  return bundle;
}

/* An authentic bundle around whatever text, compressed as it is. */
static GBytes *
seal_deflated_text (Fixture    *fixture,
                    guint       which,
                    const char *text,
                    gsize       length)
{
  g_autoptr(MlSiteKey) key = ml_site_key_new (fixture->secret[which], NULL);
  g_autofree char *uuid = g_uuid_string_random ();
  uLongf deflated_length = compressBound (length);
  g_autofree guint8 *deflated = g_malloc (deflated_length);
  g_autoptr(GBytes) bytes = NULL;
  MlBundleHeader header = { 0, };
  guint8 iv[ML_BUNDLE_IV_SIZE] = { 7, };

  g_assert_cmpint (compress2 (deflated, &deflated_length, (const Bytef *) text, length, 9), ==,
                   Z_OK);
  bytes = g_bytes_new (deflated, deflated_length);
  header.site_id = fixture->site[which];
  header.bundle_uuid = uuid;
  header.sequence = ++fixture->next_sequence;
  header.created_at = g_get_real_time () / G_USEC_PER_SEC;
  return _ml_bundle_seal_deflated (key, &header, iv, bytes);
}

/* The receipt is whole and signed with the site's key. */
static void
assert_receipt (Fixture *fixture,
                guint    which,
                Reply   *reply,
                guint    jobs_stored,
                gboolean duplicate)
{
  g_autoptr(MlSiteKey) key = ml_site_key_new (fixture->secret[which], NULL);
  JsonObject *receipt;

  g_assert_cmpuint (reply->status, ==, SOUP_STATUS_OK);
  receipt = json_node_get_object (reply->json);
  g_assert_cmpint (json_object_get_int_member (receipt, "jobs_stored"), ==, jobs_stored);
  g_assert_cmpint (json_object_get_boolean_member (receipt, "duplicate"), ==, duplicate);
  g_assert_true (ml_site_key_verify_receipt (key,
                                             json_object_get_string_member (receipt,
                                                                            "bundle_uuid"),
                                             json_object_get_int_member (receipt, "sequence"),
                                             json_object_get_int_member (receipt,
                                                                         "received_at"),
                                             jobs_stored,
                                             json_object_get_string_member (receipt,
                                                                            "signature")));
}

static guint
stored_jobs (Fixture *fixture,
             guint    which)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) page = NULL;

  page = ml_portal_store_list_jobs (fixture->store, fixture->reseller[which], NULL, 0, 0, NULL,
                                    1000, &error);
  g_assert_no_error (error);
  return json_array_get_length (json_object_get_array_member (json_node_get_object (page),
                                                              "jobs"));
}

/* Fixture ------------------------------------------------------------------------------ */

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  static const char * const names[] = { "Alpha", "Beta" };
  g_autoptr(GTlsCertificate) certificate = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *db_path = NULL;

  /* The password hash is slow on purpose; the tests need many sign-ins. */
  _ml_password_set_rounds_for_testing (1000);

  fixture->dir = g_dir_make_tmp ("test-portal-server-XXXXXX", &error);
  g_assert_no_error (error);
  db_path = g_build_filename (fixture->dir, "portal.db", NULL);
  fixture->store = ml_portal_store_open (db_path, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *admin = g_strdup_printf ("%s-admin", names[i]);
      g_autofree char *customer = g_strdup_printf ("%s Customer", names[i]);
      g_autofree char *site = g_strdup_printf ("%s Site", names[i]);

      ml_portal_store_add_reseller (fixture->store, names[i], &fixture->reseller[i], &error);
      g_assert_no_error (error);
      ml_portal_store_add_user (fixture->store, names[i], admin, ML_PORTAL_ROLE_ADMIN, PASSWORD,
                                &error);
      g_assert_no_error (error);
      ml_portal_store_add_customer (fixture->store, names[i], customer, NULL, &error);
      g_assert_no_error (error);
      ml_portal_store_add_site (fixture->store, names[i], customer, site, &fixture->site[i],
                                &fixture->secret[i], &error);
      g_assert_no_error (error);
      fixture->serial[i] = g_strdup_printf ("SG%c0000001", 'A' + i);
    }
  ml_portal_store_add_user (fixture->store, "Alpha", "Alpha-viewer", ML_PORTAL_ROLE_VIEWER,
                            PASSWORD, &error);
  g_assert_no_error (error);

  certificate = ml_certificate_generate ("127.0.0.1", "Meterlink", "127.0.0.1", &fixture->pin,
                                         &error);
  g_assert_no_error (error);
  fixture->server = ml_portal_server_new (fixture->store, certificate);
  ml_portal_server_listen (fixture->server, "127.0.0.1", 0, &error);
  g_assert_no_error (error);
  fixture->base = g_strdup_printf ("https://127.0.0.1:%u",
                                   ml_portal_server_get_port (fixture->server));

  fixture->session = soup_session_new_with_options ("max-conns", 2 * N_PARALLEL,
                                                    "max-conns-per-host", 2 * N_PARALLEL,
                                                    NULL);
  /* Without a database every certificate reaches accept-certificate: the pin. */
  soup_session_set_tls_database (fixture->session, NULL);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  soup_session_abort (fixture->session);
  g_clear_object (&fixture->session);
  ml_portal_server_stop (fixture->server);
  g_assert_finalize_object (g_steal_pointer (&fixture->server));
  g_assert_finalize_object (g_steal_pointer (&fixture->store));

  dir = g_dir_open (fixture->dir, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (fixture->dir, name, NULL);

      g_unlink (path);
    }
  g_rmdir (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->pin);
  g_free (fixture->base);
  for (guint i = 0; i < 2; i++)
    {
      g_free (fixture->site[i]);
      g_bytes_unref (fixture->secret[i]);
      g_free (fixture->serial[i]);
    }
}

/* Bundles ------------------------------------------------------------------------------ */

static void
test_bundle_accepted (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autofree char *uuid = NULL;
  g_autoptr(GBytes) bundle = seal (fixture, 0, NULL, JOBS_PER_BUNDLE, &uuid);
  g_autoptr(Reply) first = upload (fixture, bundle);
  g_autoptr(Reply) again = NULL;
  JsonObject *receipt;
  JsonObject *repeated;

  assert_receipt (fixture, 0, first, JOBS_PER_BUNDLE, FALSE);
  receipt = json_node_get_object (first->json);
  g_assert_cmpstr (json_object_get_string_member (receipt, "bundle_uuid"), ==, uuid);
  g_assert_cmpint (json_object_get_int_member (receipt, "sequence"), ==, fixture->next_sequence);
  g_assert_cmpuint (stored_jobs (fixture, 0), ==, JOBS_PER_BUNDLE);

  /* Sent again (the receipt was lost on the way): the first receipt, nothing new. */
  again = upload (fixture, bundle);
  assert_receipt (fixture, 0, again, JOBS_PER_BUNDLE, TRUE);
  repeated = json_node_get_object (again->json);
  g_assert_cmpint (json_object_get_int_member (repeated, "received_at"), ==,
                   json_object_get_int_member (receipt, "received_at"));
  g_assert_cmpstr (json_object_get_string_member (repeated, "signature"), ==,
                   json_object_get_string_member (receipt, "signature"));
  g_assert_cmpuint (stored_jobs (fixture, 0), ==, JOBS_PER_BUNDLE);
  g_assert_cmpuint (stored_jobs (fixture, 1), ==, 0);
}

static GBytes *
flip_bit (GBytes *bundle,
          gsize   offset)
{
  gsize size;
  guint8 *data = g_bytes_unref_to_data (g_bytes_ref (bundle), &size);

  g_assert_cmpuint (offset, <, size);
  data[offset] ^= 0x10;
  return g_bytes_new_take (data, size);
}

static void
test_bundle_refused (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GBytes) bundle = seal (fixture, 0, NULL, JOBS_PER_BUNDLE, NULL);
  g_autoptr(GBytes) wrong_secret = ml_site_key_generate_secret ();
  g_autoptr(GBytes) wrong_key = seal (fixture, 0, wrong_secret, JOBS_PER_BUNDLE, NULL);
  gsize size = g_bytes_get_size (bundle);
  const struct {
    const char *what;
    GBytes *bundle;
    guint status;
    const char *code;
  } cases[] = {
    { "a bit of the ciphertext", flip_bit (bundle, size / 2), 422, "bundle_authentication" },
    { "a bit of the MAC", flip_bit (bundle, size - 1), 422, "bundle_authentication" },
    { "a bit of the IV", flip_bit (bundle, size - 32 - 1 - (size - 32) / 2), 422,
      "bundle_authentication" },
    { "the version", flip_bit (bundle, 4), 422, "bundle_version" },
    { "cut short", g_bytes_new_from_bytes (bundle, 0, 40), 422, "bundle_truncated" },
    { "cut by one byte", g_bytes_new_from_bytes (bundle, 0, size - 1), 422,
      "bundle_authentication" },
    { "empty", g_bytes_new (NULL, 0), 422, "bundle_truncated" },
    { "the wrong key", g_bytes_ref (wrong_key), 422, "bundle_authentication" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(Reply) reply = upload (fixture, cases[i].bundle);

      g_test_message ("%s: %u %s", cases[i].what, reply->status, error_code (reply));
      /* A cut by one byte may read as a short MAC or as a wrong one. */
      if (g_str_equal (cases[i].what, "cut by one byte")
          && g_strcmp0 (error_code (reply), "bundle_truncated") == 0)
        assert_error (reply, 422, "bundle_truncated");
      else
        assert_error (reply, cases[i].status, cases[i].code);
      g_bytes_unref (cases[i].bundle);
    }

  g_assert_cmpuint (stored_jobs (fixture, 0), ==, 0);

  /* The untouched bundle still goes in: the refusals stored nothing, not even its
   * UUID. */
  {
    g_autoptr(Reply) reply = upload (fixture, bundle);

    assert_receipt (fixture, 0, reply, JOBS_PER_BUNDLE, FALSE);
  }
}

static void
test_bundle_unknown_site (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(GBytes) secret = ml_site_key_generate_secret ();
  g_autoptr(GBytes) bundle = NULL;
  g_autoptr(Reply) reply = NULL;
  char *known = fixture->site[0];

  fixture->site[0] = g_strdup ("5e0f6c4a-1111-4222-8333-944455556666");
  bundle = seal (fixture, 0, secret, 1, NULL);
  g_free (fixture->site[0]);
  fixture->site[0] = known;

  reply = upload (fixture, bundle);
  assert_error (reply, 403, "unknown_site");
  g_assert_cmpuint (stored_jobs (fixture, 0), ==, 0);
}

static void
test_bundle_malformed (Fixture       *fixture,
                       gconstpointer  data)
{
  static const char text[] = "{\"format\":1,\"printers\":[]}";
  g_autoptr(GBytes) bundle = seal_deflated_text (fixture, 0, text, strlen (text));
  g_autoptr(Reply) reply = upload (fixture, bundle);

  assert_error (reply, 422, "malformed");
  g_assert_cmpuint (stored_jobs (fixture, 0), ==, 0);
}

static void
test_bundle_too_large (Fixture       *fixture,
                       gconstpointer  data)
{
  gsize bomb_size = ML_BUNDLE_MAX_PAYLOAD + 1024;
  g_autofree char *zeros = g_malloc0 (bomb_size);
  g_autoptr(GBytes) bomb = NULL;
  g_autoptr(GBytes) huge = NULL;
  g_autoptr(Reply) reply = NULL;
  g_autoptr(Reply) bomb_reply = NULL;

  /* On the wire: refused from its Content-Length, before the body is kept. */
  huge = g_bytes_new_take (g_malloc0 (ML_BUNDLE_MAX_SIZE + 1), ML_BUNDLE_MAX_SIZE + 1);
  reply = upload (fixture, huge);
  assert_error (reply, 413, "too_large");

  /* Small on the wire, too large once inflated. */
  memset (zeros, ' ', bomb_size);
  bomb = seal_deflated_text (fixture, 0, zeros, bomb_size);
  g_assert_cmpuint (g_bytes_get_size (bomb), <, ML_BUNDLE_MAX_SIZE);
  bomb_reply = upload (fixture, bomb);
  assert_error (bomb_reply, 413, "too_large");

  g_assert_cmpuint (stored_jobs (fixture, 0), ==, 0);
}

/* Signed collector reads --------------------------------------------------------------- */

static Reply *
signed_get (Fixture    *fixture,
            guint       which,
            GBytes     *secret,
            const char *path,
            gint64      timestamp,
            const char *nonce)
{
  g_autoptr(MlSiteKey) key = ml_site_key_new (secret != NULL ? secret : fixture->secret[which],
                                              NULL);
  g_autofree char *signature = ml_site_key_sign_request (key, "GET", path, timestamp, nonce);
  g_autofree char *when = g_strdup_printf ("%" G_GINT64_FORMAT, timestamp);
  g_autoptr(SoupMessage) msg = new_message (fixture, "GET", path, NULL, NULL, NULL);
  SoupMessageHeaders *headers = soup_message_get_request_headers (msg);
  Reply *reply;

  soup_message_headers_replace (headers, "X-Meterlink-Site", fixture->site[which]);
  soup_message_headers_replace (headers, "X-Meterlink-Timestamp", when);
  soup_message_headers_replace (headers, "X-Meterlink-Nonce", nonce);
  soup_message_headers_replace (headers, "X-Meterlink-Signature", signature);
  reply = send_message (fixture, msg);
  ml_test_wait (&reply->done, DEADLINE_S);
  return reply;
}

static void
test_site_config_signed (Fixture       *fixture,
                         gconstpointer  data)
{
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  g_autoptr(GBytes) wrong_secret = ml_site_key_generate_secret ();
  g_autoptr(Reply) ok = signed_get (fixture, 0, NULL, "/api/v1/site/config", now, "nonce-1");
  g_autoptr(Reply) replayed = signed_get (fixture, 0, NULL, "/api/v1/site/config", now,
                                          "nonce-1");
  g_autoptr(Reply) stale = signed_get (fixture, 0, NULL, "/api/v1/site/config", now - 1000,
                                       "nonce-2");
  g_autoptr(Reply) future = signed_get (fixture, 0, NULL, "/api/v1/site/config", now + 1000,
                                        "nonce-3");
  g_autoptr(Reply) wrong = signed_get (fixture, 0, wrong_secret, "/api/v1/site/config", now,
                                       "nonce-4");
  g_autoptr(Reply) unsigned_get = request (fixture, "GET", "/api/v1/site/config", NULL, NULL);
  g_autoptr(Reply) again = NULL;
  JsonObject *object;

  g_assert_cmpuint (ok->status, ==, SOUP_STATUS_OK);
  object = json_node_get_object (ok->json);
  g_assert_cmpstr (json_object_get_string_member (object, "site_id"), ==, fixture->site[0]);
  g_assert_cmpstr (json_object_get_string_member (object, "site"), ==, "Alpha Site");
  g_assert_cmpstr (json_object_get_string_member (object, "customer"), ==, "Alpha Customer");
  g_assert_true (json_object_has_member (json_object_get_object_member (object, "config"),
                                         "revision"));

  assert_error (replayed, 401, "replayed");
  assert_error (stale, 401, "stale");
  assert_error (future, 401, "stale");
  assert_error (wrong, 401, "bad_signature");
  assert_error (unsigned_get, 401, "unauthorized");

  /* A refused request spent no nonce: the right key may still use it. */
  again = signed_get (fixture, 0, NULL, "/api/v1/site/config", now, "nonce-4");
  g_assert_cmpuint (again->status, ==, SOUP_STATUS_OK);
}

static void
test_site_config_managed (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autofree char *admin = sign_in (fixture, "Alpha-admin");
  g_autofree char *viewer = sign_in (fixture, "Alpha-viewer");
  g_autofree char *path = g_strdup_printf ("/api/v1/sites/%s/config", fixture->site[0]);
  static const char config[] =
    "{\"ranges\":\"192.0.2.0/24, !192.0.2.13\",\"polling_interval\":60,\"user_names\":false}";
  g_autoptr(Reply) by_viewer = request (fixture, "PUT", path, viewer, config);
  g_autoptr(Reply) too_often = request (fixture, "PUT", path, admin,
                                        "{\"polling_interval\":10}");
  g_autoptr(Reply) bad_range = request (fixture, "PUT", path, admin,
                                        "{\"ranges\":\"192.0.2.0/33\"}");
  g_autoptr(Reply) unknown = request (fixture, "PUT", path, admin, "{\"printers\":[]}");
  g_autoptr(Reply) not_json = request (fixture, "PUT", path, admin, "{\"ranges\":");
  g_autoptr(Reply) by_admin = request (fixture, "PUT", path, admin, config);
  g_autoptr(Reply) seen = NULL;
  JsonObject *managed;

  assert_error (by_viewer, 403, "forbidden");
  assert_error (too_often, 400, "bad_request");
  assert_error (bad_range, 400, "bad_request");
  assert_error (unknown, 400, "bad_request");
  assert_error (not_json, 400, "bad_request");

  g_assert_cmpuint (by_admin->status, ==, SOUP_STATUS_OK);

  /* The collector sees it on its next signed read. */
  seen = signed_get (fixture, 0, NULL, "/api/v1/site/config", g_get_real_time () / G_USEC_PER_SEC,
                     "after-put");
  g_assert_cmpuint (seen->status, ==, SOUP_STATUS_OK);
  managed = json_object_get_object_member (json_node_get_object (seen->json), "config");
  g_assert_cmpstr (json_object_get_string_member (managed, "ranges"), ==,
                   "192.0.2.0/24, !192.0.2.13");
  g_assert_cmpint (json_object_get_int_member (managed, "polling_interval"), ==, 60);
  g_assert_false (json_object_get_boolean_member (managed, "user_names"));
  g_assert_cmpint (json_object_get_int_member (managed, "revision"), >, 0);
}

/* Sessions ----------------------------------------------------------------------------- */

static void
test_session (Fixture       *fixture,
              gconstpointer  data)
{
  g_autofree char *token = sign_in (fixture, "Alpha-admin");
  g_autoptr(Reply) wrong = request (fixture, "POST", "/api/v1/session", NULL,
                                    "{\"login\":\"Alpha-admin\",\"password\":\"wrong one!\"}");
  g_autoptr(Reply) nobody = request (fixture, "POST", "/api/v1/session", NULL,
                                     "{\"login\":\"nobody\",\"password\":\"" PASSWORD "\"}");
  g_autoptr(Reply) no_body = request (fixture, "POST", "/api/v1/session", NULL, "[]");
  g_autoptr(Reply) no_token = request (fixture, "GET", "/api/v1/customers", NULL, NULL);
  g_autoptr(Reply) bad_token = request (fixture, "GET", "/api/v1/customers",
                                        "bm90LWEtdG9rZW4tYXQtYWxsLWp1c3QtdGV4dC0xMjM", NULL);
  g_autoptr(Reply) customers = request (fixture, "GET", "/api/v1/customers", token, NULL);

  g_assert_nonnull (token);
  g_assert_cmpuint (strlen (token), >=, 32);
  assert_error (wrong, 401, "unauthorized");
  assert_error (nobody, 401, "unauthorized");
  assert_error (no_body, 400, "bad_request");
  assert_error (no_token, 401, "unauthorized");
  assert_error (bad_token, 401, "unauthorized");
  g_assert_cmpuint (customers->status, ==, SOUP_STATUS_OK);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (customers->json)), ==, 1);
}

static void
test_session_throttled (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(Reply) throttled = NULL;
  g_autoptr(Reply) other = NULL;

  for (guint i = 0; i < ML_PORTAL_THROTTLE_PER_LOGIN; i++)
    {
      g_autoptr(Reply) reply = request (fixture, "POST", "/api/v1/session", NULL,
                                        "{\"login\":\"Alpha-admin\",\"password\":\"guess\"}");

      assert_error (reply, 401, "unauthorized");
    }

  /* Now even the right password waits, and the answer says how long. */
  throttled = request (fixture, "POST", "/api/v1/session", NULL,
                       "{\"login\":\"Alpha-admin\",\"password\":\"" PASSWORD "\"}");
  assert_error (throttled, 429, "throttled");
  g_assert_nonnull (throttled->retry_after);
  g_assert_cmpint (atoi (throttled->retry_after), >, 0);
  g_assert_cmpint (atoi (throttled->retry_after), <=, ML_PORTAL_THROTTLE_WINDOW);

  /* Another login from the same address is not throttled yet. */
  other = request (fixture, "POST", "/api/v1/session", NULL,
                   "{\"login\":\"Beta-admin\",\"password\":\"" PASSWORD "\"}");
  g_assert_cmpuint (other->status, ==, SOUP_STATUS_OK);
}

static void
test_session_throttled_address (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autoptr(Reply) throttled = NULL;

  /* Guessing many logins from one address. */
  for (guint i = 0; i < ML_PORTAL_THROTTLE_PER_ADDRESS; i++)
    {
      g_autofree char *body = g_strdup_printf ("{\"login\":\"user%u\",\"password\":\"guess\"}",
                                               i);
      g_autoptr(Reply) reply = request (fixture, "POST", "/api/v1/session", NULL, body);

      assert_error (reply, 401, "unauthorized");
    }

  throttled = request (fixture, "POST", "/api/v1/session", NULL,
                       "{\"login\":\"Beta-admin\",\"password\":\"" PASSWORD "\"}");
  assert_error (throttled, 429, "throttled");
  g_assert_nonnull (throttled->retry_after);
}

/* Scoping ------------------------------------------------------------------------------ */

static gboolean
array_mentions (JsonNode   *node,
                const char *text)
{
  g_autofree char *json = json_to_string (node, FALSE);

  return strstr (json, text) != NULL;
}

static void
assert_site_unmanaged (Fixture *fixture,
                       guint    which)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) config = ml_portal_store_get_site_config (fixture->store,
                                                                fixture->site[which], &error);

  g_assert_no_error (error);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (config), "revision"), ==, 0);
}

/* For every reseller endpoint: Beta's token sees nothing of Alpha's, and Alpha's
 * things are 404 exactly as things that do not exist. */
static void
test_scoping (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(GBytes) alpha_bundle = seal (fixture, 0, NULL, JOBS_PER_BUNDLE, NULL);
  g_autoptr(GBytes) beta_bundle = seal (fixture, 1, NULL, 1, NULL);
  g_autoptr(Reply) alpha_receipt = upload (fixture, alpha_bundle);
  g_autoptr(Reply) beta_receipt = upload (fixture, beta_bundle);
  g_autofree char *alpha = sign_in (fixture, "Alpha-admin");
  g_autofree char *beta = sign_in (fixture, "Beta-admin");
  const char *lists[] = {
    "/api/v1/customers", "/api/v1/sites", "/api/v1/printers", "/api/v1/jobs",
    "/api/v1/usage", "/api/v1/events", "/api/v1/sync",
  };
  struct {
    const char *method;
    char *theirs;
    char *missing;
    const char *body;
  } by_id[] = {
    { "GET", g_strdup_printf ("/api/v1/printers/%s", fixture->serial[0]),
      g_strdup ("/api/v1/printers/NOSUCHSERIAL"), NULL },
    { "PUT", g_strdup_printf ("/api/v1/sites/%s/config", fixture->site[0]),
      g_strdup ("/api/v1/sites/00000000-0000-4000-8000-000000000000/config"),
      "{\"polling_interval\":60}" },
    { "GET", g_strdup_printf ("/api/v1/jobs?printer=%s", fixture->serial[0]),
      g_strdup ("/api/v1/jobs?printer=NOSUCHSERIAL"), NULL },
    { "GET", g_strdup_printf ("/api/v1/usage?printer=%s", fixture->serial[0]),
      g_strdup ("/api/v1/usage?printer=NOSUCHSERIAL"), NULL },
    { "GET", g_strdup_printf ("/api/v1/events?printer=%s", fixture->serial[0]),
      g_strdup ("/api/v1/events?printer=NOSUCHSERIAL"), NULL },
  };

  assert_receipt (fixture, 0, alpha_receipt, JOBS_PER_BUNDLE, FALSE);
  assert_receipt (fixture, 1, beta_receipt, 1, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (lists); i++)
    {
      g_autoptr(Reply) mine = request (fixture, "GET", lists[i], alpha, NULL);
      g_autoptr(Reply) theirs = request (fixture, "GET", lists[i], beta, NULL);

      g_test_message ("%s", lists[i]);
      g_assert_cmpuint (mine->status, ==, SOUP_STATUS_OK);
      g_assert_cmpuint (theirs->status, ==, SOUP_STATUS_OK);
      /* Alpha sees its own things: the check below is not empty by accident. */
      if (!g_str_equal (lists[i], "/api/v1/events"))
        g_assert_true (array_mentions (mine->json, "Alpha")
                       || array_mentions (mine->json, fixture->serial[0]));
      g_assert_false (array_mentions (theirs->json, "Alpha"));
      g_assert_false (array_mentions (theirs->json, fixture->site[0]));
      g_assert_false (array_mentions (theirs->json, fixture->serial[0]));
    }

  for (guint i = 0; i < G_N_ELEMENTS (by_id); i++)
    {
      g_autoptr(Reply) theirs = request (fixture, by_id[i].method, by_id[i].theirs, beta,
                                         by_id[i].body);
      g_autoptr(Reply) missing = request (fixture, by_id[i].method, by_id[i].missing, beta,
                                          by_id[i].body);
      g_autoptr(Reply) mine = NULL;

      /* Beta's PUT changed nothing of Alpha's site. */
      if (g_str_equal (by_id[i].method, "PUT"))
        assert_site_unmanaged (fixture, 0);
      mine = request (fixture, by_id[i].method, by_id[i].theirs, alpha, by_id[i].body);

      g_test_message ("%s %s: %u, missing %u, owner %u", by_id[i].method, by_id[i].theirs,
                      theirs->status, missing->status, mine->status);
      g_assert_cmpuint (mine->status, ==, SOUP_STATUS_OK);
      g_assert_cmpuint (theirs->status, ==, missing->status);
      if (theirs->status == SOUP_STATUS_OK)
        {
          /* A filter on a printer one does not own finds nothing. */
          g_assert_false (array_mentions (theirs->json, fixture->serial[0]));
          g_assert_false (array_mentions (theirs->json, "Alpha"));
        }
      else
        {
          assert_error (theirs, 404, "not_found");
          assert_error (missing, 404, "not_found");
        }
      g_free (by_id[i].theirs);
      g_free (by_id[i].missing);
    }
}

/* Limits and errors -------------------------------------------------------------------- */

static void
test_limits (Fixture       *fixture,
             gconstpointer  data)
{
  g_autofree char *padding = g_strnfill (ML_PORTAL_MAX_JSON_BODY, ' ');
  g_autofree char *big = g_strconcat ("{\"login\":\"x\",\"password\":\"y\"}", padding, NULL);
  g_autoptr(Reply) too_large = request (fixture, "POST", "/api/v1/session", NULL, big);
  g_autoptr(Reply) nowhere = request (fixture, "GET", "/api/v1/nowhere", NULL, NULL);
  g_autoptr(Reply) wrong_method = request (fixture, "DELETE", "/api/v1/bundles", NULL, NULL);
  g_autoptr(Reply) after = NULL;

  assert_error (too_large, 413, "too_large");

  /* Without a Content-Length (chunked), counted as it comes. */
  {
    g_autoptr(GBytes) bytes = g_bytes_new (big, strlen (big));
    g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_bytes (bytes);
    g_autoptr(SoupMessage) msg = new_message (fixture, "POST", "/api/v1/session", NULL, NULL,
                                              NULL);
    g_autoptr(Reply) chunked = NULL;

    soup_message_set_request_body (msg, "application/json", stream, -1);
    chunked = send_message (fixture, msg);
    ml_test_wait (&chunked->done, DEADLINE_S);
    assert_error (chunked, 413, "too_large");
  }

  assert_error (nowhere, 404, "not_found");
  assert_error (wrong_method, 405, "method_not_allowed");
  g_assert_cmpstr (wrong_method->allow, ==, "POST");

  /* The server still serves. */
  after = request (fixture, "GET", "/api/v1/customers", NULL, NULL);
  assert_error (after, 401, "unauthorized");
}

/* Concurrency -------------------------------------------------------------------------- */

static gboolean
all_done (Reply **replies,
          guint   n)
{
  for (guint i = 0; i < n; i++)
    if (!replies[i]->done)
      return FALSE;
  return TRUE;
}

static void
wait_all (GPtrArray *replies,
          gint64     deadline)
{
  while (!all_done ((Reply **) replies->pdata, replies->len))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
}

/* Sends every bundle while the server holds bundle work back, so that all of them
 * are in flight at once, then returns with them still held. They are sent a few at
 * a time only because client and server share this process, and glib-networking
 * runs every TLS handshake of both ends in GLib's ten task threads: fifty client
 * handshakes at once would wait there for server handshakes queued behind them,
 * until GLib adds threads, one every fraction of a second. */
static void
upload_all_held (Fixture   *fixture,
                 GPtrArray *bundles,
                 GPtrArray *replies,
                 gint64     deadline)
{
  _ml_portal_server_hold_ingest (fixture->server, TRUE);
  for (guint i = 0; i < bundles->len; i++)
    {
      g_autoptr(SoupMessage) msg = new_message (fixture, "POST", "/api/v1/bundles", NULL,
                                                "application/octet-stream",
                                                bundles->pdata[i]);

      g_ptr_array_add (replies, send_message (fixture, msg));
      if ((i + 1) % HANDSHAKES_AT_ONCE != 0 && i + 1 != bundles->len)
        continue;
      while (ml_portal_server_get_n_pending (fixture->server) < i + 1)
        {
          g_assert_cmpint (g_get_monotonic_time (), <, deadline);
          g_main_context_iteration (NULL, TRUE);
        }
    }
}

static void
test_parallel_uploads (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autofree char *token = sign_in (fixture, "Alpha-admin");
  g_autoptr(GPtrArray) bundles = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_autoptr(GPtrArray) replies = g_ptr_array_new_with_free_func ((GDestroyNotify) reply_free);
  g_autoptr(GPtrArray) again = g_ptr_array_new_with_free_func ((GDestroyNotify) reply_free);
  g_autoptr(Reply) read = NULL;
  g_autoptr(SoupMessage) read_msg = NULL;
  gint64 deadline = g_get_monotonic_time () + DEADLINE_S * G_USEC_PER_SEC;

  for (guint i = 0; i < N_PARALLEL; i++)
    g_ptr_array_add (bundles, seal (fixture, 0, NULL, JOBS_PER_BUNDLE, NULL));

  /* All fifty in flight at once, waiting for the store. */
  upload_all_held (fixture, bundles, replies, deadline);
  g_assert_cmpuint (ml_portal_server_get_n_pending (fixture->server), ==, N_PARALLEL);

  /* Meanwhile a reseller reads, and is answered. */
  read_msg = new_message (fixture, "GET", "/api/v1/customers", token, NULL, NULL);
  read = send_message (fixture, read_msg);
  ml_test_wait (&read->done, DEADLINE_S);
  g_assert_cmpuint (read->status, ==, SOUP_STATUS_OK);
  g_assert_cmpuint (ml_portal_server_get_n_pending (fixture->server), ==, N_PARALLEL);
  for (guint i = 0; i < N_PARALLEL; i++)
    g_assert_false (((Reply *) replies->pdata[i])->done);

  /* Let go: fifty ingests at once, each receipted and stored once. */
  _ml_portal_server_hold_ingest (fixture->server, FALSE);
  wait_all (replies, deadline);
  for (guint i = 0; i < N_PARALLEL; i++)
    assert_receipt (fixture, 0, replies->pdata[i], JOBS_PER_BUNDLE, FALSE);
  g_assert_cmpuint (stored_jobs (fixture, 0), ==, N_PARALLEL * JOBS_PER_BUNDLE);

  /* All of them again, at once: duplicates, nothing stored twice. */
  upload_all_held (fixture, bundles, again, deadline);
  _ml_portal_server_hold_ingest (fixture->server, FALSE);
  wait_all (again, deadline);
  for (guint i = 0; i < N_PARALLEL; i++)
    assert_receipt (fixture, 0, again->pdata[i], JOBS_PER_BUNDLE, TRUE);
  g_assert_cmpuint (stored_jobs (fixture, 0), ==, N_PARALLEL * JOBS_PER_BUNDLE);
  g_assert_cmpuint (ml_portal_server_get_n_pending (fixture->server), ==, 0);
}

/* Whether a bundle is in the portal's database as another process would see it:
 * only what was committed. */
static gboolean
bundle_committed (Fixture    *fixture,
                  const char *uuid)
{
  g_autofree char *path = g_build_filename (fixture->dir, "portal.db", NULL);
  sqlite3 *db = NULL;
  sqlite3_stmt *statement = NULL;
  gboolean found;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT 1 FROM bundles WHERE bundle_uuid = ?", -1,
                                       &statement, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (statement, 1, uuid, -1, SQLITE_TRANSIENT);
  found = sqlite3_step (statement) == SQLITE_ROW;
  sqlite3_finalize (statement);
  sqlite3_close (db);
  return found;
}

static void
exec_sql (Fixture    *fixture,
          const char *sql)
{
  g_autofree char *path = g_build_filename (fixture->dir, "portal.db", NULL);
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
}

/* Sends @bundles held back, so that they are ingested in shared transactions, lets
 * them go, and checks each receipt the moment it arrives: its bundle is one that
 * another connection already sees committed. */
static void
upload_all_checked (Fixture   *fixture,
                    GPtrArray *bundles,
                    GPtrArray *uuids,
                    GPtrArray *replies)
{
  gint64 deadline = g_get_monotonic_time () + DEADLINE_S * G_USEC_PER_SEC;
  g_autofree gboolean *checked = g_new0 (gboolean, bundles->len);

  upload_all_held (fixture, bundles, replies, deadline);
  _ml_portal_server_hold_ingest (fixture->server, FALSE);
  for (;;)
    {
      for (guint i = 0; i < replies->len; i++)
        {
          Reply *reply = replies->pdata[i];

          if (!reply->done || checked[i])
            continue;
          checked[i] = TRUE;
          if (reply->status == SOUP_STATUS_OK)
            g_assert_true (bundle_committed (fixture, uuids->pdata[i]));
        }
      if (all_done ((Reply **) replies->pdata, replies->len))
        break;
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
  g_assert_cmpuint (ml_portal_server_get_n_pending (fixture->server), ==, 0);
}

/* Group commit through the server: good bundles of two sites, one of them twice,
 * and a malformed one, all in flight at once. Each is answered on its own, the
 * same bundle is stored once and answered once as a duplicate. */
static void
test_group_commit (Fixture       *fixture,
                   gconstpointer  data)
{
  static const char malformed_text[] = "{\"format\":1,\"printers\":[]}";
  g_autoptr(GPtrArray) bundles = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_autoptr(GPtrArray) uuids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) replies = g_ptr_array_new_with_free_func ((GDestroyNotify) reply_free);
  guint n_duplicates = 0;
  char *uuid = NULL;

  /* 0-5: good, alternating sites; 6: bundle 0 again; 7: malformed. */
  for (guint i = 0; i < 6; i++)
    {
      g_ptr_array_add (bundles, seal (fixture, i % 2, NULL, JOBS_PER_BUNDLE, &uuid));
      g_ptr_array_add (uuids, uuid);
    }
  g_ptr_array_add (bundles, g_bytes_ref (bundles->pdata[0]));
  g_ptr_array_add (uuids, g_strdup (uuids->pdata[0]));
  g_ptr_array_add (bundles, seal_deflated_text (fixture, 0, malformed_text,
                                                strlen (malformed_text)));
  g_ptr_array_add (uuids, g_strdup (""));

  upload_all_checked (fixture, bundles, uuids, replies);

  for (guint i = 0; i < 7; i++)
    {
      Reply *reply = replies->pdata[i];
      gboolean duplicate;

      g_assert_cmpuint (reply->status, ==, SOUP_STATUS_OK);
      duplicate = json_object_get_boolean_member (json_node_get_object (reply->json),
                                                  "duplicate");
      assert_receipt (fixture, i % 2, reply, JOBS_PER_BUNDLE, duplicate);
      g_assert_true (!duplicate || i == 0 || i == 6);
      n_duplicates += duplicate;
    }
  g_assert_cmpuint (n_duplicates, ==, 1);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (
                     ((Reply *) replies->pdata[0])->json), "received_at"), ==,
                   json_object_get_int_member (json_node_get_object (
                     ((Reply *) replies->pdata[6])->json), "received_at"));
  assert_error (replies->pdata[7], 422, "malformed");
  g_assert_cmpuint (stored_jobs (fixture, 0), ==, 3 * JOBS_PER_BUNDLE);
  g_assert_cmpuint (stored_jobs (fixture, 1), ==, 3 * JOBS_PER_BUNDLE);
}

/* A bundle whose failure ends its whole transaction (SQLite rolls it back, as on a
 * full disk; here a trigger) takes the bundles that shared it along: they are refused
 * as the portal's fault, never receipted, and none of them is stored. */
static void
test_group_commit_rolled_back (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autoptr(GPtrArray) bundles = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_autoptr(GPtrArray) uuids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) replies = g_ptr_array_new_with_free_func ((GDestroyNotify) reply_free);
  g_autofree char *serial = NULL;
  char *uuid = NULL;

  for (guint i = 0; i < 6; i++)
    {
      g_ptr_array_add (bundles, seal (fixture, i % 2, NULL, JOBS_PER_BUNDLE, &uuid));
      g_ptr_array_add (uuids, uuid);
    }
  serial = g_steal_pointer (&fixture->serial[1]);
  fixture->serial[1] = g_strdup ("SG-POISON");
  g_ptr_array_add (bundles, seal (fixture, 1, NULL, JOBS_PER_BUNDLE, &uuid));
  g_ptr_array_add (uuids, uuid);
  g_free (fixture->serial[1]);
  fixture->serial[1] = g_steal_pointer (&serial);
  exec_sql (fixture, "CREATE TRIGGER poison BEFORE INSERT ON printers "
                     "WHEN NEW.serial = 'SG-POISON' BEGIN SELECT RAISE (ROLLBACK, 'gone'); END");

  upload_all_checked (fixture, bundles, uuids, replies);

  for (guint i = 0; i < 6; i++)
    {
      Reply *reply = replies->pdata[i];

      if (reply->status == SOUP_STATUS_OK)
        assert_receipt (fixture, i % 2, reply, JOBS_PER_BUNDLE, FALSE);
      else
        {
          assert_error (reply, SOUP_STATUS_INTERNAL_SERVER_ERROR, "internal");
          g_assert_false (bundle_committed (fixture, uuids->pdata[i]));
        }
    }
  assert_error (replies->pdata[6], SOUP_STATUS_INTERNAL_SERVER_ERROR, "internal");
  g_assert_false (bundle_committed (fixture, uuids->pdata[6]));
}

/* The command ---------------------------------------------------------------------------- */

typedef struct
{
  GSubprocess *process;
  GDataInputStream *out;
} Serve;

static void
on_line (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  char **line = user_data;
  g_autoptr(GError) error = NULL;

  *line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (source), result, NULL,
                                                     &error);
  g_assert_no_error (error);
  if (*line == NULL)
    *line = g_strdup ("");    /* end of output */
}

static char *
read_line (Serve *serve)
{
  char *line = NULL;
  gint64 deadline = g_get_monotonic_time () + DEADLINE_S * G_USEC_PER_SEC;

  g_data_input_stream_read_line_async (serve->out, G_PRIORITY_DEFAULT, NULL, on_line, &line);
  while (line == NULL)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
  return line;
}

static void
on_exited (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_subprocess_wait_finish (G_SUBPROCESS (source), result, NULL);
  *(gboolean *) user_data = TRUE;
}

/* Starts `serve` and reads its output up to the "listening:" line. */
static GSubprocess *
start_serve (const char  *db_path,
             GPtrArray   *lines,
             char       **out_url,
             const char  *extra_1,
             const char  *extra_2)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GError) error = NULL;
  Serve serve = { NULL, NULL };

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_MERGE);
  ml_test_launcher_stop_with_parent (launcher);
  serve.process = g_subprocess_launcher_spawn (launcher, &error, g_getenv ("ML_PORTAL"), "serve",
                                               "--db", db_path, "--listen", "127.0.0.1:0",
                                               extra_1, extra_2, NULL);
  g_assert_no_error (error);
  serve.out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (serve.process));

  *out_url = NULL;
  while (*out_url == NULL)
    {
      char *line = read_line (&serve);

      g_test_message ("serve: %s", line);
      if (*line == '\0')
        {
          g_free (line);
          break;
        }
      if (g_str_has_prefix (line, "listening: "))
        *out_url = g_strdup (line + strlen ("listening: "));
      g_ptr_array_add (lines, line);
    }
  g_object_set_data_full (G_OBJECT (serve.process), "out", serve.out, g_object_unref);
  return serve.process;
}

static void
stop_serve (GSubprocess *process)
{
  gboolean exited = FALSE;

  g_subprocess_send_signal (process, SIGTERM);
  g_subprocess_wait_async (process, NULL, on_exited, &exited);
  ml_test_wait (&exited, DEADLINE_S);
  g_assert_true (g_subprocess_get_if_exited (process));
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 0);
}

static gboolean
lines_mention (GPtrArray  *lines,
               const char *text)
{
  for (guint i = 0; i < lines->len; i++)
    if (strstr (lines->pdata[i], text) != NULL)
      return TRUE;
  return FALSE;
}

static void
test_serve_command (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *db_path = NULL;
  g_autofree char *cert_path = NULL;
  g_autofree char *key_path = NULL;
  g_autofree char *other_key = NULL;
  g_autofree char *sha256 = NULL;
  g_autofree char *url = NULL;
  g_autofree char *url_again = NULL;
  g_autofree char *url_mismatch = NULL;
  g_autofree char *stored_url = NULL;
  g_autofree char *crt_pem = NULL;
  g_autofree char *key_pem = NULL;
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) lines_again = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) lines_mismatch = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GSubprocess) mismatch = NULL;
  g_autoptr(MlPortalStore) store = NULL;
  gboolean exited = FALSE;
  GStatBuf st;

  if (g_getenv ("ML_PORTAL") == NULL)
    {
      g_test_skip ("ML_PORTAL is not set");
      return;
    }

  dir = g_dir_make_tmp ("test-portal-serve-XXXXXX", &error);
  g_assert_no_error (error);
  db_path = g_build_filename (dir, "portal.db", NULL);
  cert_path = g_build_filename (dir, "portal-cert.pem", NULL);
  key_path = g_build_filename (dir, "portal-key.pem", NULL);

  /* First start: a certificate is made, its fingerprint printed. */
  process = start_serve (db_path, lines, &url, NULL, NULL);
  g_assert_nonnull (url);
  g_assert_true (g_str_has_prefix (url, "https://127.0.0.1:"));
  sha256 = ml_certificate_file_sha256 (cert_path, &error);
  g_assert_no_error (error);
  g_assert_true (lines_mention (lines, sha256));
  g_assert_cmpint (g_stat (key_path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  stop_serve (process);
  g_clear_object (&process);

  /* Later starts use the same certificate. */
  process = start_serve (db_path, lines_again, &url_again, NULL, NULL);
  g_assert_nonnull (url_again);
  g_assert_true (lines_mention (lines_again, sha256));
  stop_serve (process);

  /* The URL is there for `site add`. */
  store = ml_portal_store_open (db_path, &error);
  g_assert_no_error (error);
  stored_url = ml_portal_store_dup_setting (store, "portal_url", &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (url_again, stored_url));
  g_assert_cmpstr (url_again + strlen (stored_url), ==, "/");
  g_clear_object (&store);

  /* A key that belongs to another certificate is refused, and says so. */
  ml_certificate_generate_pem ("other", NULL, NULL, &crt_pem, &key_pem, &error);
  g_assert_no_error (error);
  other_key = g_build_filename (dir, "other-key.pem", NULL);
  g_file_set_contents (other_key, key_pem, -1, &error);
  g_assert_no_error (error);
  {
    g_autofree char *cert_arg = g_strconcat ("--tls-cert=", cert_path, NULL);
    g_autofree char *key_arg = g_strconcat ("--tls-key=", other_key, NULL);

    mismatch = start_serve (db_path, lines_mismatch, &url_mismatch, cert_arg, key_arg);
  }
  g_assert_null (url_mismatch);
  g_assert_true (lines_mention (lines_mismatch, "does not belong to the certificate"));
  g_subprocess_wait_async (mismatch, NULL, on_exited, &exited);
  ml_test_wait (&exited, DEADLINE_S);
  g_assert_cmpint (g_subprocess_get_exit_status (mismatch), ==, 1);

  /* So is a file that cannot be read. */
  {
    g_autofree char *missing = g_build_filename (dir, "missing.pem", NULL);
    g_autofree char *cert_arg = g_strconcat ("--tls-cert=", missing, NULL);
    g_autofree char *key_arg = g_strconcat ("--tls-key=", key_path, NULL);
    g_autofree char *url_missing = NULL;
    g_autoptr(GPtrArray) lines_missing = g_ptr_array_new_with_free_func (g_free);
    g_autoptr(GSubprocess) unreadable = NULL;

    exited = FALSE;
    unreadable = start_serve (db_path, lines_missing, &url_missing, cert_arg, key_arg);
    g_assert_null (url_missing);
    g_assert_true (lines_mention (lines_missing, missing));
    g_subprocess_wait_async (unreadable, NULL, on_exited, &exited);
    ml_test_wait (&exited, DEADLINE_S);
    g_assert_cmpint (g_subprocess_get_exit_status (unreadable), ==, 1);
  }

  {
    g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
    const char *name;

    while (listing != NULL && (name = g_dir_read_name (listing)) != NULL)
      {
        g_autofree char *path = g_build_filename (dir, name, NULL);

        g_unlink (path);
      }
    g_rmdir (dir);
  }
}

/* glib-networking 2.74 asks for the default database while it builds every client
 * connection and builds it anew from the system's trust store each time; a small
 * one set once keeps fifty connections from costing a second of this thread. The
 * sessions here use no database: the pin decides. */
static char *
set_small_default_database (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GTlsDatabase) database = NULL;
  g_autofree char *crt_pem = NULL;
  g_autofree char *key_pem = NULL;
  g_autofree char *path = NULL;
  int fd;

  ml_certificate_generate_pem ("nobody", NULL, NULL, &crt_pem, &key_pem, &error);
  g_assert_no_error (error);
  fd = g_file_open_tmp ("test-portal-anchor-XXXXXX.pem", &path, &error);
  g_assert_no_error (error);
  close (fd);
  g_file_set_contents (path, crt_pem, -1, &error);
  g_assert_no_error (error);
  database = g_tls_file_database_new (path, &error);
  g_assert_no_error (error);
  g_tls_backend_set_default_database (g_tls_backend_get_default (), database);
  /* The database reads the file for every connection: it stays until the end. */
  return g_steal_pointer (&path);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *anchor = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  anchor = set_small_default_database ();

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("/portal/server/bundle/accepted", test_bundle_accepted);
  ADD ("/portal/server/bundle/refused", test_bundle_refused);
  ADD ("/portal/server/bundle/unknown-site", test_bundle_unknown_site);
  ADD ("/portal/server/bundle/malformed", test_bundle_malformed);
  ADD ("/portal/server/bundle/too-large", test_bundle_too_large);
  ADD ("/portal/server/site-config/signed", test_site_config_signed);
  ADD ("/portal/server/site-config/managed", test_site_config_managed);
  ADD ("/portal/server/session/login", test_session);
  ADD ("/portal/server/session/throttled", test_session_throttled);
  ADD ("/portal/server/session/throttled-address", test_session_throttled_address);
  ADD ("/portal/server/scoping", test_scoping);
  ADD ("/portal/server/limits", test_limits);
  ADD ("/portal/server/parallel-uploads", test_parallel_uploads);
  ADD ("/portal/server/group-commit", test_group_commit);
  ADD ("/portal/server/group-commit/rolled-back", test_group_commit_rolled_back);
  g_test_add_func ("/portal/serve-command", test_serve_command);

#undef ADD

  status = g_test_run ();
  g_unlink (anchor);
  return status;
}
