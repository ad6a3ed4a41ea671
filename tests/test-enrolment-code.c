/* test-enrolment-code.c: the pasteable enrolment code, its checksum and its messages
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The vector is the one of docs/bundle-format.md.
 */
#include "config.h"

#include <gnutls/gnutls.h>
#include <gnutls/crypto.h>
#include <string.h>

#include "meterlink-core.h"
#include "ml-test-support.h"

#define VECTOR_URL "https://portal.example:8443"
#define VECTOR_SITE_ID "6f1c2a4e-0d3b-4c5a-9e8f-7a6b5c4d3e2f"
#define VECTOR_PIN "202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f"
#define VECTOR_CODE \
  "MLE1-EAAACAQD-AQCQMBYI-BEFAWDAN-BYHRAEIS-CMKBKFQX-DAMRUGY4-DUPB6IBA-EERCGJBF-" \
  "EYTSQKJK-FMWC2LRP-GAYTEMZU-GU3DOOBZ-HI5TYPJ6-H4SDMZRR-MMZGCNDF-FUYGIM3C-FU2GGNLB-" \
  "FU4WKODG-FU3WCNTC-GVRTIZBT-MUZGMG3I-OR2HA4Z2-F4XXA33S-ORQWYLTF-PBQW24DM-MU5DQNBU-" \
  "GOSPEK2C"

#define TYPO "The code has a typo: check it character by character"

static GBytes *
vector_secret (void)
{
  guint8 secret[ML_SITE_SECRET_SIZE];

  for (guint i = 0; i < sizeof secret; i++)
    secret[i] = (guint8) i;

  return g_bytes_new (secret, sizeof secret);
}

static char *
encode (const char *url,
        const char *site_id,
        GBytes     *secret,
        const char *pin)
{
  MlEnrolmentCode code = { (char *) url, (char *) site_id, secret, (char *) pin };

  return ml_enrolment_code_encode (&code);
}

static MlEnrolmentCode *
decode_ok (const char *text)
{
  g_autoptr(GError) error = NULL;
  MlEnrolmentCode *code = ml_enrolment_code_decode (text, &error);

  g_assert_no_error (error);
  g_assert_nonnull (code);

  return code;
}

static char *
decode_fails (const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MlEnrolmentCode) code = ml_enrolment_code_decode (text, &error);

  g_assert_error (error, ML_ERROR, ML_ERROR_ENROLMENT);
  g_assert_null (code);

  return g_strdup (error->message);
}

static void
assert_vector (const MlEnrolmentCode *code)
{
  g_autoptr(GBytes) secret = vector_secret ();

  g_assert_cmpstr (code->portal_url, ==, VECTOR_URL);
  g_assert_cmpstr (code->site_id, ==, VECTOR_SITE_ID);
  g_assert_true (g_bytes_equal (code->secret, secret));
  g_assert_cmpstr (code->cert_sha256, ==, VECTOR_PIN);
}

static void
test_vector (void)
{
  g_autoptr(GBytes) secret = vector_secret ();
  g_autofree char *text = encode (VECTOR_URL, VECTOR_SITE_ID, secret, VECTOR_PIN);
  g_autoptr(MlEnrolmentCode) code = decode_ok (VECTOR_CODE);

  g_assert_cmpstr (text, ==, VECTOR_CODE);
  assert_vector (code);
}

static void
test_document (void)
{
  g_autofree char *document = ml_test_load_bundle_format ();

  if (document != NULL)
    ml_test_assert_in_bundle_format (document, VECTOR_CODE);
}

static void
test_round_trip (void)
{
  const char *urls[] = {
    "https://portal.example", "https://[2001:db8::1]:8443/meterlink", "http://127.0.0.1:8080",
    "http://localhost:9000", "http://[::1]:8443", "HTTPS://Portal.Example",
  };

  for (guint i = 0; i < G_N_ELEMENTS (urls); i++)
    {
      g_autoptr(GBytes) secret = ml_site_key_generate_secret ();
      const char *pin = i % 2 ? NULL : VECTOR_PIN;
      g_autofree char *text = encode (urls[i], "site-7", secret, pin);
      g_autoptr(MlEnrolmentCode) code = decode_ok (text);

      g_assert_true (g_str_has_prefix (text, "MLE1-"));
      g_assert_null (strchr (text, ' '));
      g_assert_cmpstr (code->portal_url, ==, urls[i]);
      g_assert_cmpstr (code->site_id, ==, "site-7");
      g_assert_true (g_bytes_equal (code->secret, secret));
      g_assert_cmpstr (code->cert_sha256, ==, pin);
    }
}

/* An upper-case pin comes back in lower case, the spelling of the header. */
static void
test_pin_case (void)
{
  g_autoptr(GBytes) secret = vector_secret ();
  g_autofree char *upper = g_ascii_strup (VECTOR_PIN, -1);
  g_autofree char *text = encode (VECTOR_URL, VECTOR_SITE_ID, secret, upper);

  g_assert_cmpstr (text, ==, VECTOR_CODE);
}

/* Whatever people do to a code on its way that is not a typo. */
static void
test_forgiving (void)
{
  g_autofree char *lower = g_ascii_strdown (VECTOR_CODE, -1);
  g_autoptr(GString) spaced = g_string_new (NULL);
  g_autoptr(GString) bare = g_string_new (NULL);
  const char *variants[4];

  for (const char *p = VECTOR_CODE; *p != '\0'; p++)
    {
      if (*p == '-')
        g_string_append (spaced, (p - VECTOR_CODE) % 3 ? " " : "\n  ");
      else
        g_string_append_c (spaced, *p);
      if (*p != '-')
        g_string_append_c (bare, *p);
    }

  variants[0] = lower;
  variants[1] = spaced->str;
  variants[2] = bare->str;
  variants[3] = "  " VECTOR_CODE "\r\n";

  for (guint i = 0; i < G_N_ELEMENTS (variants); i++)
    {
      g_autoptr(MlEnrolmentCode) code = decode_ok (variants[i]);

      assert_vector (code);
    }
}

/* Every single character replaced by every other one is caught. */
static void
test_every_substitution (void)
{
  static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567018";
  gsize length = strlen (VECTOR_CODE);
  guint tried = 0;

  for (gsize i = 0; i < length; i++)
    {
      if (VECTOR_CODE[i] == '-')
        continue;

      for (const char *c = alphabet; *c != '\0'; c++)
        {
          g_autofree char *typo = g_strdup (VECTOR_CODE);
          g_autofree char *message = NULL;

          if (*c == VECTOR_CODE[i])
            continue;

          typo[i] = *c;
          message = decode_fails (typo);
          tried++;

          /* In the body, it is the checksum's catch. */
          if (i >= 5)
            g_assert_cmpstr (message, ==, TYPO);
        }
    }

  g_test_message ("%u substitutions caught", tried);
}

/* A character lost or doubled is a typo too. */
static void
test_deletion_and_insertion (void)
{
  gsize length = strlen (VECTOR_CODE);

  for (gsize i = 5; i < length; i++)
    {
      g_autofree char *deleted = NULL;
      g_autofree char *doubled = NULL;
      g_autofree char *m1 = NULL;
      g_autofree char *m2 = NULL;

      if (VECTOR_CODE[i] == '-')
        continue;

      deleted = g_strdup_printf ("%.*s%s", (int) i, VECTOR_CODE, VECTOR_CODE + i + 1);
      doubled = g_strdup_printf ("%.*s%s", (int) i + 1, VECTOR_CODE, VECTOR_CODE + i);
      m1 = decode_fails (deleted);
      m2 = decode_fails (doubled);
      g_assert_cmpstr (m1, ==, TYPO);
      g_assert_cmpstr (m2, ==, TYPO);
    }
}

/* A code cut short (the rest lost in an e-mail) is said to be incomplete, not mistyped. */
static void
test_incomplete (void)
{
  g_autofree char *half = g_strndup (VECTOR_CODE, 45);
  g_autofree char *message = decode_fails (half);

  g_assert_cmpstr (message, ==,
                   "The code is incomplete: it was cut off when it was copied; copy all of it, "
                   "up to its last character");
}

static void
test_not_a_code (void)
{
  const char *texts[] = {
    "", "   ", "hello", "MLB1-AAAA", "MLE", "https://portal.example", VECTOR_CODE + 1,
  };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autofree char *message = decode_fails (texts[i]);

      g_assert_cmpstr (message, ==,
                       "This is not a Meterlink enrolment code: such a code starts with “MLE1-”");
    }
}

static void
test_typo_message (void)
{
  g_autofree char *typo = g_strdup (VECTOR_CODE);
  g_autofree char *message = NULL;
  g_autofree char *outside = NULL;
  g_autofree char *m2 = NULL;

  typo[20] = typo[20] == 'A' ? 'B' : 'A';
  message = decode_fails (typo);
  g_assert_cmpstr (message, ==, TYPO);

  /* A letter that no code holds (0, 1, 8, 9, punctuation). */
  outside = g_strdup (VECTOR_CODE);
  outside[20] = '0';
  m2 = decode_fails (outside);
  g_assert_cmpstr (m2, ==, TYPO);
}

static void
test_unknown_version (void)
{
  g_autofree char *future = g_strdup (VECTOR_CODE);
  g_autofree char *message = NULL;

  future[3] = '2';
  message = decode_fails (future);
  g_assert_cmpstr (message, ==,
                   "This enrolment code has format 2, which this Meterlink does not know: "
                   "update Meterlink");
}

/* Codes built by hand, to reach the checks behind the checksum. */
static char *
code_from_body (GByteArray *body)
{
  static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  guint8 digest[32];
  GString *text = g_string_new ("MLE1-");
  guint32 buffer = 0;
  guint bits = 0;

  g_assert_cmpint (gnutls_hash_fast (GNUTLS_DIG_SHA256, body->data, body->len, digest), ==, 0);
  g_byte_array_append (body, digest, 4);

  for (guint i = 0; i < body->len; i++)
    {
      buffer = (buffer << 8) | body->data[i];
      bits += 8;
      while (bits >= 5)
        {
          bits -= 5;
          g_string_append_c (text, alphabet[(buffer >> bits) & 0x1f]);
        }
    }
  if (bits > 0)
    g_string_append_c (text, alphabet[(buffer << (5 - bits)) & 0x1f]);

  return g_string_free (text, FALSE);
}

static void
append_field (GByteArray *body,
              const char *data,
              gsize       size)
{
  guint8 length = (guint8) size;

  g_byte_array_append (body, &length, 1);
  g_byte_array_append (body, (const guint8 *) data, size);
}

static char *
hand_made (gsize       secret_size,
           gsize       pin_size,
           const char *site_id,
           const char *url)
{
  g_autoptr(GByteArray) body = g_byte_array_new ();
  char zeros[64] = { 0 };

  append_field (body, zeros, secret_size);
  append_field (body, zeros, pin_size);
  append_field (body, site_id, strlen (site_id));
  append_field (body, url, strlen (url));

  return code_from_body (body);
}

static void
test_wrong_secret_size (void)
{
  g_autofree char *good = hand_made (32, 0, "s", "https://portal.example");
  g_autofree char *code = hand_made (16, 0, "s", "https://portal.example");
  g_autofree char *message = decode_fails (code);
  g_autoptr(MlEnrolmentCode) decoded = decode_ok (good);

  g_assert_cmpstr (message, ==,
                   "The enrolment code carries a site secret of 16 bytes instead of 32: ask the "
                   "portal for a new code");
  g_assert_null (decoded->cert_sha256);
}

static void
test_damaged (void)
{
  g_autofree char *pin = hand_made (32, 20, "s", "https://portal.example");
  g_autofree char *no_site = hand_made (32, 0, "", "https://portal.example");
  g_autoptr(GByteArray) body = g_byte_array_new ();
  g_autofree char *extra = NULL;
  const char *codes[3];

  append_field (body, "01234567890123456789012345678901", 32);
  append_field (body, "", 0);
  append_field (body, "s", 1);
  append_field (body, "https://portal.example", 22);
  g_byte_array_append (body, (const guint8 *) "!", 1);
  extra = code_from_body (body);

  codes[0] = pin;
  codes[1] = no_site;
  codes[2] = extra;
  for (guint i = 0; i < G_N_ELEMENTS (codes); i++)
    {
      g_autofree char *message = decode_fails (codes[i]);

      g_assert_cmpstr (message, ==,
                       "The enrolment code is incomplete or damaged: ask the portal for a new one");
    }
}

static void
test_plain_http (void)
{
  const char *refused[] = {
    "http://portal.example", "http://192.0.2.1:8443", "http://[2001:db8::1]",
    "http://localhost.example",
  };
  const char *not_web[] = { "ftp://portal.example", "portal.example:8443", "https://", "" };

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autofree char *code = hand_made (32, 0, "s", refused[i]);
      g_autofree char *message = decode_fails (code);
      g_autofree char *expected = g_strdup_printf (
        "The portal address in the enrolment code, “%s”, does not use https (plain http is "
        "allowed only to this computer)", refused[i]);

      g_assert_cmpstr (message, ==, expected);
    }

  for (guint i = 0; i < G_N_ELEMENTS (not_web); i++)
    {
      g_autofree char *code = hand_made (32, 0, "s", not_web[i]);
      g_autofree char *message = decode_fails (code);

      g_assert_nonnull (strstr (message, "is not a web address"));
    }
}

/* Whatever the code says, its secret is never part of a message. */
static void
test_no_secret_in_messages (void)
{
  g_autoptr(GBytes) secret = ml_site_key_generate_secret ();
  g_autofree char *text = encode ("http://portal.example", "s", secret, NULL);
  g_autofree char *message = NULL;
  g_autoptr(GString) hex = g_string_new (NULL);
  const guint8 *data = g_bytes_get_data (secret, NULL);

  /* encode() does not judge the URL; decode() does. */
  message = decode_fails (text);
  for (guint i = 0; i < ML_SITE_SECRET_SIZE; i++)
    g_string_append_printf (hex, "%02x", data[i]);
  g_assert_null (strstr (message, hex->str));
  g_assert_null (strstr (message, text + 5));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/enrolment-code/vector", test_vector);
  g_test_add_func ("/core/enrolment-code/document", test_document);
  g_test_add_func ("/core/enrolment-code/round-trip", test_round_trip);
  g_test_add_func ("/core/enrolment-code/pin-case", test_pin_case);
  g_test_add_func ("/core/enrolment-code/forgiving", test_forgiving);
  g_test_add_func ("/core/enrolment-code/every-substitution", test_every_substitution);
  g_test_add_func ("/core/enrolment-code/deletion-insertion", test_deletion_and_insertion);
  g_test_add_func ("/core/enrolment-code/error/not-a-code", test_not_a_code);
  g_test_add_func ("/core/enrolment-code/error/incomplete", test_incomplete);
  g_test_add_func ("/core/enrolment-code/error/typo", test_typo_message);
  g_test_add_func ("/core/enrolment-code/error/version", test_unknown_version);
  g_test_add_func ("/core/enrolment-code/error/secret-size", test_wrong_secret_size);
  g_test_add_func ("/core/enrolment-code/error/damaged", test_damaged);
  g_test_add_func ("/core/enrolment-code/error/plain-http", test_plain_http);
  g_test_add_func ("/core/enrolment-code/error/no-secret", test_no_secret_in_messages);

  return g_test_run ();
}
