/* ml-password.c: slow salted password hashes and their constant-time check
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <gnutls/crypto.h>
#include <gnutls/gnutls.h>

#include "ml-error.h"
#include "ml-password.h"
#include "ml-password-private.h"

#define SCHEME "pbkdf2-sha256"
#define SALT_SIZE 16
#define HASH_SIZE 32

/* A stored hash is ours, but a damaged one must not hang a login for hours. */
#define MAX_ROUNDS 100000000

static guint rounds_for_testing;

void
_ml_password_set_rounds_for_testing (guint rounds)
{
  g_atomic_int_set (&rounds_for_testing, rounds);
}

guint
_ml_password_get_rounds (void)
{
  guint rounds = (guint) g_atomic_int_get (&rounds_for_testing);

  return rounds != 0 ? rounds : ML_PASSWORD_ROUNDS;
}

gboolean
ml_password_check_strength (const char  *password,
                            GError     **error)
{
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (password == NULL || *password == '\0')
    {
      g_set_error (error, ML_ERROR, ML_ERROR_INVALID_VALUE, _("The password is empty"));
      return FALSE;
    }

  if (!g_utf8_validate (password, -1, NULL))
    {
      g_set_error (error, ML_ERROR, ML_ERROR_INVALID_VALUE,
                   _("The password is not valid UTF-8 text"));
      return FALSE;
    }

  if (g_utf8_strlen (password, -1) < ML_PASSWORD_MIN_LENGTH)
    {
      g_set_error (error, ML_ERROR, ML_ERROR_INVALID_VALUE,
                   _("The password is too short: it needs at least %d characters"),
                   ML_PASSWORD_MIN_LENGTH);
      return FALSE;
    }

  return TRUE;
}

static gboolean
derive (const char *password,
        const guint8 *salt,
        gsize       salt_size,
        guint       rounds,
        guint8      out[HASH_SIZE])
{
  gnutls_datum_t key = { (unsigned char *) password, (unsigned int) strlen (password) };
  gnutls_datum_t salt_datum = { (unsigned char *) salt, (unsigned int) salt_size };

  return gnutls_pbkdf2 (GNUTLS_MAC_SHA256, &key, &salt_datum, rounds, out, HASH_SIZE) == 0;
}

char *
ml_password_hash (const char  *password,
                  GError     **error)
{
  guint8 salt[SALT_SIZE];
  guint8 hash[HASH_SIZE];
  g_autofree char *salt_text = NULL;
  g_autofree char *hash_text = NULL;
  guint rounds = _ml_password_get_rounds ();

  g_return_val_if_fail (password != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (gnutls_rnd (GNUTLS_RND_RANDOM, salt, sizeof salt) != 0 ||
      !derive (password, salt, sizeof salt, rounds, hash))
    {
      g_set_error (error, ML_ERROR, ML_ERROR_FAILED,
                   _("Cannot hash the password: the cryptographic library failed"));
      return NULL;
    }

  salt_text = g_base64_encode (salt, sizeof salt);
  hash_text = g_base64_encode (hash, sizeof hash);
  gnutls_memset (hash, 0, sizeof hash);

  return g_strdup_printf (SCHEME "$%u$%s$%s", rounds, salt_text, hash_text);
}

/* The parts of a stored hash; FALSE for anything we did not write. */
static gboolean
parse_stored (const char  *stored,
              guint       *out_rounds,
              GBytes     **out_salt,
              GBytes     **out_hash)
{
  g_auto(GStrv) parts = NULL;
  guint64 rounds;
  guchar *salt, *hash;
  gsize salt_size, hash_size;

  if (stored == NULL)
    return FALSE;

  parts = g_strsplit (stored, "$", -1);
  if (g_strv_length (parts) != 4 || !g_str_equal (parts[0], SCHEME) ||
      !g_ascii_string_to_unsigned (parts[1], 10, 1, MAX_ROUNDS, &rounds, NULL))
    return FALSE;

  salt = g_base64_decode (parts[2], &salt_size);
  hash = g_base64_decode (parts[3], &hash_size);
  if (salt_size == 0 || hash_size != HASH_SIZE)
    {
      g_free (salt);
      g_free (hash);
      return FALSE;
    }

  *out_rounds = (guint) rounds;
  *out_salt = g_bytes_new_take (salt, salt_size);
  *out_hash = g_bytes_new_take (hash, hash_size);
  return TRUE;
}

/* Every byte compared, whatever differs first. */
static gboolean
equal_in_constant_time (const guint8 *a,
                        const guint8 *b,
                        gsize         size)
{
  guint8 difference = 0;

  for (gsize i = 0; i < size; i++)
    difference |= a[i] ^ b[i];

  return difference == 0;
}

gboolean
ml_password_verify (const char *password,
                    const char *stored)
{
  static const guint8 dummy_salt[SALT_SIZE] = { 0 };
  g_autoptr(GBytes) salt = NULL;
  g_autoptr(GBytes) expected = NULL;
  guint8 hash[HASH_SIZE];
  guint rounds;
  gboolean match;

  g_return_val_if_fail (password != NULL, FALSE);

  if (!parse_stored (stored, &rounds, &salt, &expected))
    {
      /* An unknown login (or a damaged hash) takes a real hash's time. */
      derive (password, dummy_salt, sizeof dummy_salt, _ml_password_get_rounds (), hash);
      gnutls_memset (hash, 0, sizeof hash);
      return FALSE;
    }

  if (!derive (password, g_bytes_get_data (salt, NULL), g_bytes_get_size (salt), rounds, hash))
    return FALSE;

  match = equal_in_constant_time (hash, g_bytes_get_data (expected, NULL), HASH_SIZE);
  gnutls_memset (hash, 0, sizeof hash);
  return match;
}

gboolean
ml_password_needs_rehash (const char *stored)
{
  g_autoptr(GBytes) salt = NULL;
  g_autoptr(GBytes) hash = NULL;
  guint rounds;

  if (!parse_stored (stored, &rounds, &salt, &hash))
    return TRUE;

  return rounds < _ml_password_get_rounds ();
}
