/* test-bundle.c: sealed bundles, the site keys, and every way a bundle can be bad
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The test vectors are those of docs/bundle-format.md, byte for byte: when one of
 * them changes, the document changes with it.
 */
#include "config.h"

#include <gnutls/gnutls.h>
#include <gnutls/crypto.h>
#include <string.h>
#include <zlib.h>

#include "meterlink-core.h"
#include "ml-bundle-private.h"
#include "ml-test-support.h"

/* ---- The vectors of docs/bundle-format.md ---- */

#define VECTOR_SITE_ID "6f1c2a4e-0d3b-4c5a-9e8f-7a6b5c4d3e2f"
#define VECTOR_BUNDLE_UUID "0b7e4f1a-5c2d-4e3f-8a9b-1c2d3e4f5a6b"
#define VECTOR_SEQUENCE 42
#define VECTOR_CREATED_AT G_GINT64_CONSTANT (1795230000)   /* 2026-11-21T03:00:00Z */

#define VECTOR_TOP \
  "\"format\":1,\"site_id\":\"" VECTOR_SITE_ID "\",\"collector_version\":\"0.1.0\"," \
  "\"created_at\":\"2026-11-21T03:00:00Z\",\"user_names\":false"

#define VECTOR_PAYLOAD \
  "{" VECTOR_TOP ",\"printers\":[{\"serial\":\"CN1VUSVS6A\",\"product_number\":\"CR356A\"," \
  "\"jobs\":[{\"kind\":\"print\",\"uuid\":\"3d5e7f90-1a2b-4c3d-8e4f-5a6b7c8d9e0f\"," \
  "\"status\":\"completed\",\"pages\":1}]}]}"

#define VECTOR_ENCRYPTION_KEY "0b30037ec1159673d638c838e7ec4a9f"
#define VECTOR_MAC_KEY "e8a028f1d0e670b0f7d1ada90326302dab587c101595ba605ea9c02408b0ca06"
#define VECTOR_RECEIPT_KEY "825e35c22ab950f743c55409dd2382c914f2381071debd4e433a9f0bf7f40215"
#define VECTOR_REQUEST_KEY "be905b32885a53628b8126017389e212ce54a8ff591d9966d3b8921b4f9d9ae3"

#define VECTOR_ZLIB \
  "78da258fb96ec3300c86df85b315e8f0bd15dd33346d861685214b54a1c6b602" \
  "49ee12f4dd4bb920b7ff20bf07b810579d611415249f71f21646689d3052d7c8" \
  "b85533ab4da3d980bd639d6ee7c6d456a174508109cb82268738fd604c3e6c14" \
  "e52771e2458ba833daa97483e4b2654230295eb91a39a77d27cf9e304e9b5e31" \
  "c1e8f492b0827bf45ba632183f1e40b2d70be59fcfe2fa76b95eda2728966077" \
  "93a76d5f678c457d51cda17c87f93f78f35bc138caca9dfda052b6c1ce0d9c09" \
  "2d0b95b2acc7dab186a83ad3db0179a14a59e79d7a086fbd2f4810e5a8fe2a5f" \
  "8adf4f9a3f315c5f10"

#define VECTOR_PREFIX "4d4c423101005a"
#define VECTOR_HEADER \
  "000000000000002a000000006b0109302436663163326134652d306433622d34" \
  "6335612d396538662d3761366235633464336532662430623765346631612d35" \
  "6332642d346533662d386139622d316332643365346635613662"
#define VECTOR_IV "f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff"
#define VECTOR_CIPHERTEXT \
  "de4cc4e91bd29d6aa2c872cd3e148f3f1dc0aeb679065c1b573b1b1526988788" \
  "a5c59b5c8b0cf349f58ba68d269b216fac4a3239bdd11fc89e4fd2b648c41069" \
  "cbcc7f8578e2dc5d865ae473b11b0935abc617fed29d3209489745ea5e5db382" \
  "781f7c32332baef1e1d31b4e479c9e913800429af5d32e9a70b91bcef24295bb" \
  "ae00f50171eac8fbba023b0e34e7dc320e1550be29c84c54e84b797e607c6966" \
  "ded7b41518bfc1ffc74c8afbf8aba140cbfa86f5e12ff6c1df9087371cdd8b56" \
  "cf5a294a4ec698f26041a006b9c572aef622f969697c118e83b59a6be1d9d612" \
  "6fc6484494934fea885a973512895783"
#define VECTOR_MAC "c230f826aa7f9c8dcd34e0c7310ac4350e11e7aa05f67dfa4fc946d9fe60ba6a"
#define VECTOR_BUNDLE \
  VECTOR_PREFIX VECTOR_HEADER VECTOR_IV VECTOR_CIPHERTEXT VECTOR_MAC

#define VECTOR_RECEIPT_RECEIVED_AT G_GINT64_CONSTANT (1795230061)
#define VECTOR_RECEIPT "a8b51df4620790d7c918ef0e3189b5ed330e22b64aa8f3a112e13886cae714da"
#define VECTOR_REQUEST_NONCE "6b1e0f3c2d9a8b7c"
#define VECTOR_REQUEST "ad897cf75e882c6b36508d7884beab43c2ab9aec2688ca1f37a7638f48ed2e13"

/* Offsets in the vector bundle, for the bit flips. */
#define OFFSET_HEADER_LENGTH 5
#define OFFSET_SITE_LENGTH (7 + 16)
#define OFFSET_UUID_LENGTH (7 + 17 + 36)

static GBytes *
from_hex (const char *hex)
{
  gsize size = strlen (hex) / 2;
  guint8 *data = g_malloc (size);

  g_assert_cmpuint (strlen (hex) % 2, ==, 0);
  for (gsize i = 0; i < size; i++)
    {
      int high = g_ascii_xdigit_value (hex[2 * i]);
      int low = g_ascii_xdigit_value (hex[2 * i + 1]);

      g_assert_true (high >= 0 && low >= 0);
      data[i] = (guint8) (high << 4 | low);
    }

  return g_bytes_new_take (data, size);
}

static char *
to_hex (GBytes *bytes)
{
  gsize size;
  const guint8 *data = g_bytes_get_data (bytes, &size);
  GString *hex = g_string_new (NULL);

  for (gsize i = 0; i < size; i++)
    g_string_append_printf (hex, "%02x", data[i]);

  return g_string_free (hex, FALSE);
}

static GBytes *
vector_secret (void)
{
  guint8 secret[ML_SITE_SECRET_SIZE];

  for (guint i = 0; i < sizeof secret; i++)
    secret[i] = (guint8) i;

  return g_bytes_new (secret, sizeof secret);
}

static MlSiteKey *
key_from_secret (GBytes *secret)
{
  g_autoptr(GError) error = NULL;
  MlSiteKey *key = ml_site_key_new (secret, &error);

  g_assert_no_error (error);
  g_assert_nonnull (key);

  return key;
}

static MlSiteKey *
vector_key (void)
{
  g_autoptr(GBytes) secret = vector_secret ();

  return key_from_secret (secret);
}

static MlSiteKey *
random_key (void)
{
  g_autoptr(GBytes) secret = ml_site_key_generate_secret ();

  return key_from_secret (secret);
}

static const MlBundleHeader vector_header = {
  ML_BUNDLE_FORMAT_VERSION,
  (char *) VECTOR_SITE_ID,
  (char *) VECTOR_BUNDLE_UUID,
  VECTOR_SEQUENCE,
  VECTOR_CREATED_AT,
};

static const guint8 *
vector_iv (void)
{
  static guint8 iv[ML_BUNDLE_IV_SIZE];

  for (guint i = 0; i < sizeof iv; i++)
    iv[i] = (guint8) (0xf0 + i);

  return iv;
}

static JsonNode *
parse_json (const char *text)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = json_from_string (text, &error);

  g_assert_no_error (error);
  g_assert_nonnull (node);

  return node;
}

static GBytes *
seal_ok (MlSiteKey  *key,
         const char *payload_text)
{
  g_autoptr(JsonNode) payload = parse_json (payload_text);
  g_autoptr(GError) error = NULL;
  GBytes *bundle = ml_bundle_seal (key, &vector_header, payload, &error);

  g_assert_no_error (error);
  g_assert_nonnull (bundle);

  return bundle;
}

static GBytes *
deflate_text (const char *text,
              int         level)
{
  uLongf size = compressBound (strlen (text));
  guint8 *data = g_malloc (size);

  g_assert_cmpint (compress2 (data, &size, (const Bytef *) text, strlen (text), level), ==, Z_OK);

  return g_bytes_new_take (data, size);
}

/* An authentic bundle around any text, past the checks of ml_bundle_seal(). */
static GBytes *
seal_unchecked (MlSiteKey  *key,
                const char *text)
{
  g_autoptr(GBytes) deflated = deflate_text (text, Z_DEFAULT_COMPRESSION);

  return _ml_bundle_seal_deflated (key, &vector_header, vector_iv (), deflated);
}

/* Opens a bundle that must be refused with @code; returns the message. */
static char *
open_fails (MlSiteKey   *key,
            GBytes      *bundle,
            int          code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MlBundleHeader) header = NULL;
  g_autoptr(JsonNode) payload = ml_bundle_open (key, bundle, &header, &error);

  g_assert_error (error, ML_ERROR, code);
  g_assert_null (payload);
  g_assert_null (header);
  g_assert_nonnull (error->message);
  g_assert_cmpstr (error->message, !=, "");

  return g_strdup (error->message);
}

static GBytes *
with_byte (GBytes *bundle,
           gsize   offset,
           guint8  value)
{
  gsize size;
  guint8 *data = g_bytes_unref_to_data (g_bytes_ref (bundle), &size);

  g_assert_cmpuint (offset, <, size);
  data[offset] = value;

  return g_bytes_new_take (data, size);
}

/* ---- Keys ---- */

static void
test_key_vectors (void)
{
  g_autoptr(MlSiteKey) key = vector_key ();
  g_autofree char *encryption = to_hex (ml_site_key_get_encryption_key (key));
  g_autofree char *mac = to_hex (ml_site_key_get_mac_key (key));

  g_assert_cmpstr (encryption, ==, VECTOR_ENCRYPTION_KEY);
  g_assert_cmpstr (mac, ==, VECTOR_MAC_KEY);
}

static char *
hmac_hex (const char *key_hex,
          const char *text)
{
  g_autoptr(GBytes) key = from_hex (key_hex);
  g_autoptr(GBytes) digest = NULL;
  guint8 out[32];

  g_assert_cmpint (gnutls_hmac_fast (GNUTLS_MAC_SHA256, g_bytes_get_data (key, NULL),
                                     g_bytes_get_size (key), text, strlen (text), out), ==, 0);
  digest = g_bytes_new (out, sizeof out);

  return to_hex (digest);
}

/* Each label gives its own key: the receipt and request keys of the document are
 * the ones that sign, and no two keys are alike. */
static void
test_key_labels (void)
{
  g_autoptr(MlSiteKey) key = vector_key ();
  const char *keys[] = {
    VECTOR_ENCRYPTION_KEY, VECTOR_MAC_KEY, VECTOR_RECEIPT_KEY, VECTOR_REQUEST_KEY,
  };
  g_autofree char *receipt = NULL;
  g_autofree char *request = NULL;
  g_autofree char *expected_receipt = NULL;
  g_autofree char *expected_request = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    for (guint j = i + 1; j < G_N_ELEMENTS (keys); j++)
      g_assert_false (strncmp (keys[i], keys[j], 32) == 0);

  receipt = ml_site_key_sign_receipt (key, VECTOR_BUNDLE_UUID, VECTOR_SEQUENCE,
                                      VECTOR_RECEIPT_RECEIVED_AT, 1);
  expected_receipt = hmac_hex (VECTOR_RECEIPT_KEY,
                               "meterlink-receipt\n" VECTOR_BUNDLE_UUID "\n42\n1795230061\n1");
  g_assert_cmpstr (receipt, ==, expected_receipt);
  g_assert_cmpstr (receipt, ==, VECTOR_RECEIPT);

  request = ml_site_key_sign_request (key, "GET", "/api/v1/site/config", VECTOR_CREATED_AT,
                                      VECTOR_REQUEST_NONCE);
  expected_request = hmac_hex (VECTOR_REQUEST_KEY,
                               "meterlink-request\nGET\n/api/v1/site/config\n1795230000\n"
                               VECTOR_REQUEST_NONCE);
  g_assert_cmpstr (request, ==, expected_request);
  g_assert_cmpstr (request, ==, VECTOR_REQUEST);
}

static void
test_key_secret_size (void)
{
  g_autoptr(GBytes) short_secret = g_bytes_new ("0123456789abcdef", 16);
  g_autoptr(GError) error = NULL;
  g_autoptr(MlSiteKey) key = ml_site_key_new (short_secret, &error);

  g_assert_error (error, ML_ERROR, ML_ERROR_INVALID_VALUE);
  g_assert_null (key);
  g_assert_null (strstr (error->message, "0123456789abcdef"));
}

static void
test_key_generate (void)
{
  g_autoptr(GBytes) a = ml_site_key_generate_secret ();
  g_autoptr(GBytes) b = ml_site_key_generate_secret ();

  g_assert_cmpuint (g_bytes_get_size (a), ==, ML_SITE_SECRET_SIZE);
  g_assert_false (g_bytes_equal (a, b));
}

static void
test_key_boxed (void)
{
  MlSiteKey *key = vector_key ();
  MlSiteKey *copy = g_boxed_copy (ML_TYPE_SITE_KEY, key);

  g_assert_true (copy == key);
  g_boxed_free (ML_TYPE_SITE_KEY, copy);
  g_assert_nonnull (ml_site_key_get_mac_key (key));
  ml_site_key_unref (key);
}

static void
test_request_signature (void)
{
  g_autoptr(MlSiteKey) key = vector_key ();
  g_autoptr(MlSiteKey) other = random_key ();
  g_autofree char *signature = ml_site_key_sign_request (key, "GET", "/api/v1/site/config?x=1",
                                                         1000, "nonce");
  g_autofree char *upper = g_ascii_strup (signature, -1);
  g_autofree char *flipped = g_strdup (signature);
  g_autofree char *shorter = g_strndup (signature, 63);
  g_autofree char *longer = g_strconcat (signature, "0", NULL);

  g_assert_cmpuint (strlen (signature), ==, 64);
  g_assert_true (ml_site_key_verify_request (key, "GET", "/api/v1/site/config?x=1", 1000, "nonce",
                                             signature));

  /* Every field is signed. */
  g_assert_false (ml_site_key_verify_request (key, "POST", "/api/v1/site/config?x=1", 1000,
                                              "nonce", signature));
  g_assert_false (ml_site_key_verify_request (key, "GET", "/api/v1/site/config?x=2", 1000,
                                              "nonce", signature));
  g_assert_false (ml_site_key_verify_request (key, "GET", "/api/v1/site/config?x=1", 1001,
                                              "nonce", signature));
  g_assert_false (ml_site_key_verify_request (key, "GET", "/api/v1/site/config?x=1", 1000,
                                              "nonce2", signature));
  /* A signature that is not exactly what the key makes. */
  flipped[10] = flipped[10] == '0' ? '1' : '0';
  g_assert_false (ml_site_key_verify_request (key, "GET", "/api/v1/site/config?x=1", 1000, "nonce",
                                              flipped));
  g_assert_false (ml_site_key_verify_request (key, "GET", "/api/v1/site/config?x=1", 1000, "nonce",
                                              shorter));
  g_assert_false (ml_site_key_verify_request (key, "GET", "/api/v1/site/config?x=1", 1000, "nonce",
                                              longer));
  g_assert_false (ml_site_key_verify_request (key, "GET", "/api/v1/site/config?x=1", 1000, "nonce",
                                              ""));
  g_assert_false (ml_site_key_verify_request (key, "GET", "/api/v1/site/config?x=1", 1000, "nonce",
                                              NULL));
  if (strcmp (upper, signature) != 0)
    g_assert_false (ml_site_key_verify_request (key, "GET", "/api/v1/site/config?x=1", 1000,
                                                "nonce", upper));
  /* Fields cannot be shifted into one another. */
  g_assert_false (ml_site_key_verify_request (key, "GET\n/api/v1/site/config?x=1", "1000", 0,
                                              "nonce", signature));
  /* Another site's key. */
  g_assert_false (ml_site_key_verify_request (other, "GET", "/api/v1/site/config?x=1", 1000,
                                              "nonce", signature));
}

static void
test_receipt_signature (void)
{
  g_autoptr(MlSiteKey) key = vector_key ();
  g_autoptr(MlSiteKey) other = random_key ();
  g_autofree char *signature = ml_site_key_sign_receipt (key, VECTOR_BUNDLE_UUID, 7, 1000, 3);
  g_autofree char *request = ml_site_key_sign_request (key, "GET", "/", 1000, "n");
  g_autofree char *flipped = g_strdup (signature);

  g_assert_true (ml_site_key_verify_receipt (key, VECTOR_BUNDLE_UUID, 7, 1000, 3, signature));
  g_assert_false (ml_site_key_verify_receipt (key, VECTOR_SITE_ID, 7, 1000, 3, signature));
  g_assert_false (ml_site_key_verify_receipt (key, VECTOR_BUNDLE_UUID, 8, 1000, 3, signature));
  g_assert_false (ml_site_key_verify_receipt (key, VECTOR_BUNDLE_UUID, 7, 1001, 3, signature));
  g_assert_false (ml_site_key_verify_receipt (key, VECTOR_BUNDLE_UUID, 7, 1000, 2, signature));
  g_assert_false (ml_site_key_verify_receipt (other, VECTOR_BUNDLE_UUID, 7, 1000, 3, signature));
  g_assert_false (ml_site_key_verify_receipt (key, VECTOR_BUNDLE_UUID, 7, 1000, 3, NULL));
  flipped[63] = flipped[63] == 'a' ? 'b' : 'a';
  g_assert_false (ml_site_key_verify_receipt (key, VECTOR_BUNDLE_UUID, 7, 1000, 3, flipped));
  /* A request signature is no receipt. */
  g_assert_false (ml_site_key_verify_receipt (key, VECTOR_BUNDLE_UUID, 7, 1000, 3, request));
}

/* ---- Bundles ---- */

static void
assert_header_equal (const MlBundleHeader *a,
                     const MlBundleHeader *b)
{
  g_assert_cmpuint (a->version, ==, b->version);
  g_assert_cmpstr (a->site_id, ==, b->site_id);
  g_assert_cmpstr (a->bundle_uuid, ==, b->bundle_uuid);
  g_assert_cmpuint (a->sequence, ==, b->sequence);
  g_assert_cmpint (a->created_at, ==, b->created_at);
}

static void
test_round_trip (void)
{
  g_autoptr(MlSiteKey) key = random_key ();
  g_autoptr(JsonNode) payload = parse_json (VECTOR_PAYLOAD);
  g_autoptr(GBytes) bundle = seal_ok (key, VECTOR_PAYLOAD);
  g_autoptr(GBytes) again = seal_ok (key, VECTOR_PAYLOAD);
  g_autoptr(MlBundleHeader) peeked = NULL;
  g_autoptr(MlBundleHeader) header = NULL;
  g_autoptr(JsonNode) opened = NULL;
  g_autoptr(GError) error = NULL;

  /* A fresh IV each time. */
  g_assert_false (g_bytes_equal (bundle, again));

  peeked = ml_bundle_peek_header (bundle, &error);
  g_assert_no_error (error);
  assert_header_equal (peeked, &vector_header);

  opened = ml_bundle_open (key, bundle, &header, &error);
  g_assert_no_error (error);
  assert_header_equal (header, &vector_header);
  g_assert_true (json_node_equal (opened, payload));

  /* The payload is the caller's to change. */
  json_object_set_int_member (json_node_get_object (opened), "extra", 1);
}

static void
test_vectors (void)
{
  g_autoptr(MlSiteKey) key = vector_key ();
  g_autoptr(JsonNode) payload = parse_json (VECTOR_PAYLOAD);
  g_autoptr(GBytes) expected = from_hex (VECTOR_BUNDLE);
  g_autoptr(GBytes) zlib = from_hex (VECTOR_ZLIB);
  g_autoptr(GBytes) from_zlib = _ml_bundle_seal_deflated (key, &vector_header, vector_iv (), zlib);
  g_autoptr(GBytes) deflated = NULL;
  g_autoptr(GBytes) bundle = NULL;
  g_autoptr(GBytes) mac = NULL;
  g_autoptr(MlBundleHeader) header = NULL;
  g_autoptr(JsonNode) opened = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = json_to_string (payload, FALSE);
  g_autofree char *mac_hex = NULL;
  guint8 digest[32];
  gsize size;
  const guint8 *data = g_bytes_get_data (expected, &size);

  /* The payload's text is what the document prints. */
  g_assert_cmpstr (text, ==, VECTOR_PAYLOAD);
  g_assert_cmpuint (size, ==, 385);

  /* Encryption and MAC of the documented zlib stream: independent of zlib's version. */
  g_assert_true (g_bytes_equal (from_zlib, expected));

  /* The MAC is HMAC-SHA256 with the MAC key over everything before it. */
  mac = from_hex (VECTOR_MAC_KEY);
  g_assert_cmpint (gnutls_hmac_fast (GNUTLS_MAC_SHA256, g_bytes_get_data (mac, NULL), 32, data,
                                     size - 32, digest), ==, 0);
  g_assert_cmpmem (digest, 32, data + size - 32, 32);

  /* The documented bundle opens to the documented payload. */
  opened = ml_bundle_open (key, expected, &header, &error);
  g_assert_no_error (error);
  assert_header_equal (header, &vector_header);
  g_assert_true (json_node_equal (opened, payload));

  /* The whole pipeline gives the same bytes where zlib compresses as the reference
   * zlib does; another deflate implementation may choose other (equally valid)
   * bytes, which the two checks above do not depend on. */
  deflated = deflate_text (VECTOR_PAYLOAD, Z_BEST_COMPRESSION);
  bundle = _ml_bundle_seal_with_iv (key, &vector_header, payload, vector_iv (), &error);
  g_assert_no_error (error);
  if (g_bytes_equal (deflated, zlib))
    g_assert_true (g_bytes_equal (bundle, expected));
  else
    g_test_message ("this zlib (%s) compresses differently from the reference; "
                    "only the zlib-independent vectors were checked", zlibVersion ());

  mac_hex = g_strndup (VECTOR_BUNDLE + 2 * (size - 32), 64);
  g_assert_cmpstr (mac_hex, ==, VECTOR_MAC);
}

/* The document shows what the code does, so that the two cannot drift apart. */
static void
test_document (void)
{
  g_autofree char *document = ml_test_load_bundle_format ();
  g_autofree char *site_hex = NULL;
  g_autofree char *uuid_hex = NULL;
  g_autoptr(GBytes) site = g_bytes_new_static (VECTOR_SITE_ID, 36);
  g_autoptr(GBytes) uuid = g_bytes_new_static (VECTOR_BUNDLE_UUID, 36);
  g_autofree char *site_text_hex = to_hex (site);
  g_autofree char *uuid_text_hex = to_hex (uuid);
  const char *vectors[] = {
    VECTOR_PAYLOAD, VECTOR_ENCRYPTION_KEY, VECTOR_MAC_KEY, VECTOR_RECEIPT_KEY,
    VECTOR_REQUEST_KEY, VECTOR_ZLIB, VECTOR_PREFIX, "000000000000002a", "000000006b010930",
    VECTOR_IV, VECTOR_CIPHERTEXT, VECTOR_MAC, VECTOR_RECEIPT, VECTOR_REQUEST,
  };

  if (document == NULL)
    return;

  for (guint i = 0; i < G_N_ELEMENTS (vectors); i++)
    ml_test_assert_in_bundle_format (document, vectors[i]);

  site_hex = g_strconcat ("24", site_text_hex, NULL);
  uuid_hex = g_strconcat ("24", uuid_text_hex, NULL);
  ml_test_assert_in_bundle_format (document, site_hex);
  ml_test_assert_in_bundle_format (document, uuid_hex);
}

/* Every single flipped bit is refused, and by the check that sees it first. */
static void
test_bit_flips (void)
{
  g_autoptr(MlSiteKey) key = vector_key ();
  g_autoptr(GBytes) bundle = from_hex (VECTOR_BUNDLE);
  gsize size = g_bytes_get_size (bundle);
  const guint8 *data = g_bytes_get_data (bundle, NULL);
  guint counts[ML_ERROR_ENROLMENT + 1] = { 0 };

  for (gsize offset = 0; offset < size; offset++)
    for (guint bit = 0; bit < 8; bit++)
      {
        g_autoptr(GBytes) flipped = with_byte (bundle, offset, data[offset] ^ (1u << bit));
        g_autofree char *message = NULL;
        MlErrorCode expected;

        if (offset < 4)
          expected = ML_ERROR_MALFORMED;            /* not a bundle */
        else if (offset == 4)
          expected = ML_ERROR_BUNDLE_VERSION;
        else if (offset == OFFSET_HEADER_LENGTH || offset == OFFSET_HEADER_LENGTH + 1)
          {
            guint header_length = (guint) (data[5] << 8 | data[6]);

            header_length ^= (offset == OFFSET_HEADER_LENGTH ? 0x100u : 1u) << bit;
            /* Longer than the bundle: cut short; otherwise the header's own fields
             * no longer fill it. */
            expected = 7 + header_length > size ? ML_ERROR_BUNDLE_TRUNCATED : ML_ERROR_MALFORMED;
          }
        else if (offset == OFFSET_SITE_LENGTH || offset == OFFSET_UUID_LENGTH)
          expected = ML_ERROR_MALFORMED;
        else
          expected = ML_ERROR_BUNDLE_AUTHENTICATION;

        message = open_fails (key, flipped, expected);
        counts[expected]++;
      }

  /* The MAC caught all but the 4 + 1 + 2 + 2 bytes of structure. */
  g_assert_cmpuint (counts[ML_ERROR_BUNDLE_AUTHENTICATION], ==, 8 * (size - 9));
  g_test_message ("%" G_GSIZE_FORMAT " bits: %u authentication, %u version, %u truncated, "
                  "%u malformed", 8 * size, counts[ML_ERROR_BUNDLE_AUTHENTICATION],
                  counts[ML_ERROR_BUNDLE_VERSION], counts[ML_ERROR_BUNDLE_TRUNCATED],
                  counts[ML_ERROR_MALFORMED]);
}

static void
test_truncation (void)
{
  g_autoptr(MlSiteKey) key = vector_key ();
  g_autoptr(GBytes) bundle = from_hex (VECTOR_BUNDLE);
  gsize size = g_bytes_get_size (bundle);
  gsize body_start = 7 + 90;

  for (gsize length = 0; length < size; length++)
    {
      g_autoptr(GBytes) cut = g_bytes_new_from_bytes (bundle, 0, length);
      g_autofree char *message = NULL;
      gboolean whole_blocks = length >= body_start + 16 + 16 + 32
                              && (length - body_start - 16 - 32) % 16 == 0;

      /* Cut at a block boundary, the structure still holds and the MAC fails. */
      message = open_fails (key, cut, whole_blocks ? ML_ERROR_BUNDLE_AUTHENTICATION
                                                   : ML_ERROR_BUNDLE_TRUNCATED);
    }

  /* Bytes added at the end are no better. */
  for (gsize extra = 1; extra <= 32; extra++)
    {
      g_autoptr(GByteArray) longer = g_byte_array_new ();
      g_autoptr(GBytes) longer_bytes = NULL;
      g_autofree char *message = NULL;

      g_byte_array_append (longer, g_bytes_get_data (bundle, NULL), size);
      for (gsize i = 0; i < extra; i++)
        g_byte_array_append (longer, (const guint8 *) "\0", 1);
      longer_bytes = g_byte_array_free_to_bytes (g_steal_pointer (&longer));
      message = open_fails (key, longer_bytes, extra % 16 == 0 ? ML_ERROR_BUNDLE_AUTHENTICATION
                                                               : ML_ERROR_BUNDLE_TRUNCATED);
    }
}

static void
test_wrong_key (void)
{
  g_autoptr(MlSiteKey) other = random_key ();
  g_autoptr(GBytes) bundle = from_hex (VECTOR_BUNDLE);
  g_autofree char *message = open_fails (other, bundle, ML_ERROR_BUNDLE_AUTHENTICATION);
  g_autoptr(MlBundleHeader) header = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpstr (message, ==,
                   "The bundle was changed after it was sealed, or sealed with another key");

  /* The header can still be read, to find the right key. */
  header = ml_bundle_peek_header (bundle, &error);
  g_assert_no_error (error);
  assert_header_equal (header, &vector_header);

  /* No key material leaks into the message. */
  g_assert_null (strstr (message, VECTOR_MAC_KEY));
  g_assert_null (strstr (message, VECTOR_ENCRYPTION_KEY));
  g_assert_null (strstr (message, VECTOR_MAC));
}

static void
test_version (void)
{
  g_autoptr(MlSiteKey) key = vector_key ();
  g_autoptr(GBytes) bundle = from_hex (VECTOR_BUNDLE);
  guint8 versions[] = { 0, 2, 0xff };

  for (guint i = 0; i < G_N_ELEMENTS (versions); i++)
    {
      g_autoptr(GBytes) other = with_byte (bundle, 4, versions[i]);
      g_autoptr(GError) error = NULL;
      g_autoptr(MlBundleHeader) header = ml_bundle_peek_header (other, &error);
      g_autofree char *message = NULL;
      g_autofree char *number = g_strdup_printf ("%u", versions[i]);

      g_assert_error (error, ML_ERROR, ML_ERROR_BUNDLE_VERSION);
      g_assert_null (header);
      message = open_fails (key, other, ML_ERROR_BUNDLE_VERSION);
      g_assert_nonnull (strstr (message, number));
    }

  /* Only the magic and the version are needed to tell. */
  {
    g_autoptr(GBytes) tiny = g_bytes_new ("MLB1\x02", 5);
    g_autofree char *message = open_fails (key, tiny, ML_ERROR_BUNDLE_VERSION);
  }
}

static void
test_not_a_bundle (void)
{
  g_autoptr(MlSiteKey) key = vector_key ();
  g_autoptr(GBytes) empty = g_bytes_new (NULL, 0);
  g_autoptr(GBytes) text = g_bytes_new ("{\"format\":1}", 12);
  g_autoptr(GBytes) magic = g_bytes_new ("ML", 2);
  g_autofree char *m1 = open_fails (key, empty, ML_ERROR_BUNDLE_TRUNCATED);
  g_autofree char *m2 = open_fails (key, text, ML_ERROR_MALFORMED);
  g_autofree char *m3 = open_fails (key, magic, ML_ERROR_BUNDLE_TRUNCATED);

  g_assert_cmpstr (m2, ==, "This is not a Meterlink bundle");
}

static void
test_too_large_on_the_wire (void)
{
  g_autoptr(MlSiteKey) key = vector_key ();
  guint8 *data = g_malloc0 (ML_BUNDLE_MAX_SIZE + 1);
  g_autoptr(GBytes) bundle = NULL;
  g_autofree char *message = NULL;

  memcpy (data, "MLB1\x01", 5);
  bundle = g_bytes_new_take (data, ML_BUNDLE_MAX_SIZE + 1);
  message = open_fails (key, bundle, ML_ERROR_TOO_LARGE);
}

/* 100 MB of zeros, deflated in pieces so the test never holds them either. */
static GBytes *
deflate_zeros (gsize total)
{
  static const guint8 zeros[1024 * 1024];
  g_autoptr(GByteArray) out = g_byte_array_new ();
  z_stream stream = { 0 };
  guint8 chunk[64 * 1024];
  gsize fed = 0;
  int status;

  g_assert_cmpint (deflateInit (&stream, Z_BEST_COMPRESSION), ==, Z_OK);
  do
    {
      gboolean last;

      if (stream.avail_in == 0 && fed < total)
        {
          stream.next_in = (Bytef *) zeros;
          stream.avail_in = (uInt) MIN (sizeof zeros, total - fed);
          fed += stream.avail_in;
        }
      last = fed == total;
      stream.next_out = chunk;
      stream.avail_out = sizeof chunk;
      status = deflate (&stream, last ? Z_FINISH : Z_NO_FLUSH);
      g_assert_true (status == Z_OK || status == Z_STREAM_END || status == Z_BUF_ERROR);
      g_byte_array_append (out, chunk, sizeof chunk - stream.avail_out);
    }
  while (status != Z_STREAM_END);
  deflateEnd (&stream);

  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}

static void
test_zip_bomb (void)
{
  g_autoptr(MlSiteKey) key = vector_key ();
  g_autoptr(GBytes) deflated = deflate_zeros (100 * 1024 * 1024);
  g_autoptr(GBytes) bundle = NULL;
  g_autofree char *message = NULL;
  gint64 start;
  gint64 elapsed;

  g_assert_cmpuint (g_bytes_get_size (deflated), <, ML_BUNDLE_MAX_SIZE);
  bundle = _ml_bundle_seal_deflated (key, &vector_header, vector_iv (), deflated);

  start = g_get_monotonic_time ();
  message = open_fails (key, bundle, ML_ERROR_TOO_LARGE);
  elapsed = g_get_monotonic_time () - start;

  g_test_message ("%" G_GSIZE_FORMAT " bytes refused in %" G_GINT64_FORMAT " ms",
                  g_bytes_get_size (bundle), elapsed / 1000);
  g_assert_cmpint (elapsed, <, 10 * G_USEC_PER_SEC);
}

static void
test_not_zlib (void)
{
  g_autoptr(MlSiteKey) key = vector_key ();
  g_autoptr(GBytes) garbage = g_bytes_new ("this is no zlib stream", 22);
  g_autoptr(GBytes) zlib = from_hex (VECTOR_ZLIB);
  g_autoptr(GBytes) cut_zlib = g_bytes_new_from_bytes (zlib, 0, g_bytes_get_size (zlib) - 4);
  g_autoptr(GBytes) bundle = _ml_bundle_seal_deflated (key, &vector_header, vector_iv (), garbage);
  g_autoptr(GBytes) cut = _ml_bundle_seal_deflated (key, &vector_header, vector_iv (), cut_zlib);
  g_autofree char *m1 = open_fails (key, bundle, ML_ERROR_MALFORMED);
  g_autofree char *m2 = open_fails (key, cut, ML_ERROR_MALFORMED);
}

/* An authentic bundle whose padding is wrong: only a faulty sealer makes one. */
static void
test_bad_padding (void)
{
  g_autoptr(MlSiteKey) key = vector_key ();
  g_autoptr(GBytes) good = from_hex (VECTOR_BUNDLE);
  g_autoptr(GBytes) zlib = from_hex (VECTOR_ZLIB);
  const guint8 paddings[][2] = { { 0, 0 }, { 17, 17 }, { 7, 6 } };

  for (guint i = 0; i < G_N_ELEMENTS (paddings); i++)
    {
      g_autoptr(GByteArray) bundle = g_byte_array_new ();
      g_autoptr(GBytes) bundle_bytes = NULL;
      g_autofree char *message = NULL;
      GBytes *enc = ml_site_key_get_encryption_key (key);
      GBytes *mac = ml_site_key_get_mac_key (key);
      gnutls_datum_t key_datum = { (unsigned char *) g_bytes_get_data (enc, NULL), 16 };
      gnutls_datum_t iv_datum = { (unsigned char *) vector_iv (), 16 };
      gnutls_cipher_hd_t cipher;
      guint8 digest[32];
      gsize start;

      /* The vector's prefix, header and IV, then 233 + 7 bytes with a wrong pad. */
      g_byte_array_append (bundle, g_bytes_get_data (good, NULL), 7 + 90 + 16);
      start = bundle->len;
      g_byte_array_append (bundle, g_bytes_get_data (zlib, NULL), 233);
      for (guint j = 0; j < 6; j++)
        g_byte_array_append (bundle, &paddings[i][0], 1);
      g_byte_array_append (bundle, &paddings[i][1], 1);
      g_assert_cmpint (gnutls_cipher_init (&cipher, GNUTLS_CIPHER_AES_128_CBC, &key_datum,
                                           &iv_datum), ==, 0);
      g_assert_cmpint (gnutls_cipher_encrypt (cipher, bundle->data + start, bundle->len - start),
                       ==, 0);
      gnutls_cipher_deinit (cipher);
      g_assert_cmpint (gnutls_hmac_fast (GNUTLS_MAC_SHA256, g_bytes_get_data (mac, NULL), 32,
                                         bundle->data, bundle->len, digest), ==, 0);
      g_byte_array_append (bundle, digest, sizeof digest);
      bundle_bytes = g_byte_array_free_to_bytes (g_steal_pointer (&bundle));

      message = open_fails (key, bundle_bytes, ML_ERROR_MALFORMED);
      g_assert_nonnull (strstr (message, "padding"));
    }
}

static void
test_header_checks (void)
{
  g_autoptr(MlSiteKey) key = vector_key ();
  g_autoptr(JsonNode) payload = parse_json (VECTOR_PAYLOAD);
  const MlBundleHeader bad[] = {
    { 1, (char *) "", (char *) VECTOR_BUNDLE_UUID, 1, VECTOR_CREATED_AT },
    { 1, (char *) "a site", (char *) VECTOR_BUNDLE_UUID, 1, VECTOR_CREATED_AT },
    { 1, (char *) VECTOR_SITE_ID, (char *) "not-a-uuid", 1, VECTOR_CREATED_AT },
    { 1, (char *) VECTOR_SITE_ID, (char *) VECTOR_BUNDLE_UUID, 1, 0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) bundle = ml_bundle_seal (key, &bad[i], payload, &error);

      g_assert_error (error, ML_ERROR, ML_ERROR_MALFORMED);
      g_assert_null (bundle);
    }
}

/* Authentic bundles whose payload breaks the schema; each message names the path. */
static void
test_schema (void)
{
  static const struct {
    const char *payload;
    const char *expected;     /* in the message */
  } cases[] = {
    { "[]", "not a JSON object" },
    { "{\"format\":2,\"site_id\":\"" VECTOR_SITE_ID "\"}", "format 2" },
    { "{\"format\":\"1\"}", "“format”" },
    { "{\"site_id\":\"" VECTOR_SITE_ID "\"}", "lacks “format”" },
    { "{\"format\":1,\"site_id\":\"another-site\",\"collector_version\":\"0.1.0\","
      "\"created_at\":\"2026-11-21T03:00:00Z\",\"user_names\":true,\"printers\":[]}",
      "another site" },
    { "{\"format\":1,\"site_id\":\"" VECTOR_SITE_ID "\",\"collector_version\":\"0.1.0\","
      "\"created_at\":\"2026-11-21T03:00:01Z\",\"user_names\":true,\"printers\":[]}",
      "creation time" },
    { "{\"format\":1,\"site_id\":\"" VECTOR_SITE_ID "\",\"created_at\":\"2026-11-21T03:00:00Z\","
      "\"user_names\":true,\"printers\":[]}", "lacks “collector_version”" },
    { "{\"format\":1,\"site_id\":\"" VECTOR_SITE_ID "\",\"collector_version\":\"0.1.0\","
      "\"created_at\":\"yesterday\",\"user_names\":true,\"printers\":[]}", "“created_at”" },
    { "{" VECTOR_TOP "}", "lacks “printers”" },
    { "{\"format\":1,\"site_id\":\"" VECTOR_SITE_ID "\",\"collector_version\":\"0.1.0\","
      "\"created_at\":\"2026-11-21T03:00:00Z\",\"user_names\":\"no\",\"printers\":[]}",
      "“user_names” is not true or false" },
    { "{" VECTOR_TOP ",\"printers\":{}}", "“printers” is not a list" },
    { "{" VECTOR_TOP ",\"printers\":[1]}", "“printers” is not a list of objects" },
    { "{" VECTOR_TOP ",\"printers\":[{\"product_number\":\"CR356A\"}]}",
      "lacks “printers[0].serial”" },
    { "{" VECTOR_TOP ",\"printers\":[{\"serial\":\"A\",\"product_number\":\"B\"},"
      "{\"serial\":\"C\",\"product_number\":5}]}", "“printers[1].product_number”" },
    { "{" VECTOR_TOP ",\"printers\":[{\"serial\":\"A\",\"product_number\":\"B\"},"
      "{\"serial\":\"A\",\"product_number\":\"B\"}]}", "appears twice" },
    { "{" VECTOR_TOP ",\"printers\":[{\"serial\":\"A\",\"product_number\":\"B\","
      "\"last_success\":12}]}", "“printers[0].last_success”" },
    { "{" VECTOR_TOP ",\"printers\":[{\"serial\":\"A\",\"product_number\":\"B\","
      "\"counters\":[]}]}", "“printers[0].counters” is not an object" },
    { "{" VECTOR_TOP ",\"printers\":[{\"serial\":\"A\",\"product_number\":\"B\","
      "\"cartridges\":{}}]}", "“printers[0].cartridges”" },
    { "{" VECTOR_TOP ",\"printers\":[{\"serial\":\"A\",\"product_number\":\"B\","
      "\"jobs\":[{\"kind\":\"print\"}]}]}", "lacks “printers[0].jobs[0].uuid”" },
    { "{" VECTOR_TOP ",\"printers\":[{\"serial\":\"A\",\"product_number\":\"B\","
      "\"jobs\":[{\"kind\":\"print\",\"uuid\":\"u\",\"pages\":-3}]}]}",
      "“printers[0].jobs[0]” is not a valid job" },
    { "{" VECTOR_TOP ",\"printers\":[{\"serial\":\"A\",\"product_number\":\"B\","
      "\"jobs\":[{\"kind\":\"print\",\"uuid\":\"u\",\"user_name\":\"jane\"}]}]}",
      "“printers[0].jobs[0]” carries a user name" },
    { "{" VECTOR_TOP ",\"printers\":[{\"serial\":\"A\",\"product_number\":\"B\","
      "\"events\":[{\"at\":\"2026-11-21T02:59:41Z\"}]}]}", "lacks “printers[0].events[0].kind”" },
  };
  g_autoptr(MlSiteKey) key = vector_key ();

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GBytes) bundle = seal_unchecked (key, cases[i].payload);
      g_autoptr(JsonNode) payload = parse_json (cases[i].payload);
      g_autoptr(GBytes) refused = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *message = open_fails (key, bundle, ML_ERROR_MALFORMED);

      if (strstr (message, cases[i].expected) == NULL)
        g_error ("case %u: “%s” does not say “%s”", i, message, cases[i].expected);

      /* What the portal would refuse, the collector cannot seal. */
      refused = ml_bundle_seal (key, &vector_header, payload, &error);
      g_assert_error (error, ML_ERROR, ML_ERROR_MALFORMED);
      g_assert_cmpstr (error->message, ==, message);
      g_assert_null (refused);
    }
}

static void
test_site_mismatch (void)
{
  g_autoptr(MlSiteKey) key = vector_key ();
  g_autoptr(GBytes) bundle = seal_unchecked (key,
    "{\"format\":1,\"site_id\":\"a-different-site\",\"collector_version\":\"0.1.0\","
    "\"created_at\":\"2026-11-21T03:00:00Z\",\"user_names\":true,\"printers\":[]}");
  g_autofree char *message = open_fails (key, bundle, ML_ERROR_MALFORMED);

  g_assert_cmpstr (message, ==, "The bundle's payload is for another site than its header says");
}

static void
test_not_json (void)
{
  g_autoptr(MlSiteKey) key = vector_key ();
  g_autoptr(GBytes) broken = seal_unchecked (key, "{\"format\":1,");
  g_autoptr(GBytes) empty = seal_unchecked (key, "");
  g_autoptr(GString) deep = g_string_new (NULL);
  g_autoptr(GBytes) nested = NULL;
  g_autofree char *m1 = open_fails (key, broken, ML_ERROR_MALFORMED);
  g_autofree char *m2 = open_fails (key, empty, ML_ERROR_MALFORMED);
  g_autofree char *m3 = NULL;

  /* Deep enough to exhaust a recursive parser's stack; it is not even parsed. */
  for (guint i = 0; i < 200000; i++)
    g_string_append_c (deep, '[');
  nested = seal_unchecked (key, deep->str);
  m3 = open_fails (key, nested, ML_ERROR_MALFORMED);
  g_assert_nonnull (strstr (m3, "nested"));
}

/* Members the schema does not name are carried, not refused. */
static void
test_unknown_members (void)
{
  g_autoptr(MlSiteKey) key = random_key ();
  const char *text =
    "{" VECTOR_TOP ",\"later\":{\"x\":1},\"printers\":[{\"serial\":\"A\","
    "\"product_number\":\"B\",\"later\":[1,2],\"address\":null,\"last_error\":null,"
    "\"events\":[{\"kind\":\"counter-reset\",\"counter\":\"total_ink_ul\","
    "\"at\":\"2026-11-21T02:59:41Z\",\"before\":1234,\"after\":0}]}]}";
  g_autoptr(GBytes) bundle = seal_ok (key, text);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) opened = ml_bundle_open (key, bundle, NULL, &error);
  g_autoptr(JsonNode) expected = parse_json (text);

  g_assert_no_error (error);
  g_assert_true (json_node_equal (opened, expected));
}

static void
test_seal_too_large (void)
{
  g_autoptr(MlSiteKey) key = vector_key ();
  g_autoptr(JsonNode) payload = parse_json (VECTOR_PAYLOAD);
  g_autoptr(GString) noise = g_string_sized_new (24 * 1024 * 1024);
  g_autoptr(GBytes) bundle = NULL;
  g_autoptr(GError) error = NULL;
  GRand *rand = g_rand_new_with_seed (4);

  /* Random hex halves under zlib: 24 MB of it stays over the 8 MB limit. */
  for (guint i = 0; i < 24 * 1024 * 1024; i++)
    g_string_append_c (noise, "0123456789abcdef"[g_rand_int_range (rand, 0, 16)]);
  g_rand_free (rand);
  json_object_set_string_member (json_node_get_object (payload), "noise", noise->str);

  bundle = ml_bundle_seal (key, &vector_header, payload, &error);
  g_assert_error (error, ML_ERROR, ML_ERROR_TOO_LARGE);
  g_assert_null (bundle);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/site-key/vectors", test_key_vectors);
  g_test_add_func ("/core/site-key/labels", test_key_labels);
  g_test_add_func ("/core/site-key/secret-size", test_key_secret_size);
  g_test_add_func ("/core/site-key/generate", test_key_generate);
  g_test_add_func ("/core/site-key/boxed", test_key_boxed);
  g_test_add_func ("/core/site-key/request", test_request_signature);
  g_test_add_func ("/core/site-key/receipt", test_receipt_signature);
  g_test_add_func ("/core/bundle/round-trip", test_round_trip);
  g_test_add_func ("/core/bundle/vectors", test_vectors);
  g_test_add_func ("/core/bundle/document", test_document);
  g_test_add_func ("/core/bundle/bit-flips", test_bit_flips);
  g_test_add_func ("/core/bundle/truncation", test_truncation);
  g_test_add_func ("/core/bundle/wrong-key", test_wrong_key);
  g_test_add_func ("/core/bundle/version", test_version);
  g_test_add_func ("/core/bundle/not-a-bundle", test_not_a_bundle);
  g_test_add_func ("/core/bundle/too-large", test_too_large_on_the_wire);
  g_test_add_func ("/core/bundle/zip-bomb", test_zip_bomb);
  g_test_add_func ("/core/bundle/not-zlib", test_not_zlib);
  g_test_add_func ("/core/bundle/bad-padding", test_bad_padding);
  g_test_add_func ("/core/bundle/header-checks", test_header_checks);
  g_test_add_func ("/core/bundle/schema", test_schema);
  g_test_add_func ("/core/bundle/site-mismatch", test_site_mismatch);
  g_test_add_func ("/core/bundle/not-json", test_not_json);
  g_test_add_func ("/core/bundle/unknown-members", test_unknown_members);
  g_test_add_func ("/core/bundle/seal-too-large", test_seal_too_large);

  return g_test_run ();
}
