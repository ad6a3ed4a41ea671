/* ml-site-key.c: the keys a site derives from its secret, and the signatures they make
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The secret itself is never kept: HKDF-SHA256 turns it into four independent keys
 * at once, and only those live on, in a block that is wiped when the last reference
 * goes. Signatures are HMAC-SHA256 over a canonical text whose fields are separated
 * by newlines; no field may hold a newline, so two different sets of fields can never
 * give the same text. docs/bundle-format.md has the exact texts and test vectors.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <gnutls/gnutls.h>
#include <gnutls/crypto.h>
#include <string.h>

#include "ml-error.h"
#include "ml-site-key.h"

#define SALT "meterlink site key v1"
#define ENCRYPTION_KEY_SIZE 16
#define DERIVED_KEY_SIZE 32
#define SIGNATURE_HEX_SIZE (2 * DERIVED_KEY_SIZE)

struct _MlSiteKey
{
  gatomicrefcount ref_count;
  guint8 encryption_key[ENCRYPTION_KEY_SIZE];
  guint8 mac_key[DERIVED_KEY_SIZE];
  guint8 receipt_key[DERIVED_KEY_SIZE];
  guint8 request_key[DERIVED_KEY_SIZE];
  /* Views of the arrays above, owned by the key, for ml-bundle.c. */
  GBytes *encryption_key_bytes;
  GBytes *mac_key_bytes;
};

G_DEFINE_BOXED_TYPE (MlSiteKey, ml_site_key, ml_site_key_ref, ml_site_key_unref)

GBytes *
ml_site_key_generate_secret (void)
{
  guint8 *secret = g_malloc (ML_SITE_SECRET_SIZE);

  /* GNUTLS_RND_KEY is the level GnuTLS meant for long-term keys. */
  if (gnutls_rnd (GNUTLS_RND_KEY, secret, ML_SITE_SECRET_SIZE) != 0)
    g_error ("GnuTLS's random generator failed");

  return g_bytes_new_take (secret, ML_SITE_SECRET_SIZE);
}

static gboolean
expand (const gnutls_datum_t *prk,
        const char           *label,
        guint8               *out,
        gsize                 size)
{
  gnutls_datum_t info = { (unsigned char *) label, (unsigned int) strlen (label) };

  return gnutls_hkdf_expand (GNUTLS_MAC_SHA256, prk, &info, out, size) == 0;
}

MlSiteKey *
ml_site_key_new (GBytes  *secret,
                 GError **error)
{
  g_autoptr(MlSiteKey) self = NULL;
  guint8 prk[DERIVED_KEY_SIZE];
  gnutls_datum_t ikm;
  gnutls_datum_t salt = { (unsigned char *) SALT, sizeof SALT - 1 };
  gnutls_datum_t prk_datum = { prk, sizeof prk };
  gsize size = 0;
  gboolean ok;

  g_return_val_if_fail (secret != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  ikm.data = (unsigned char *) g_bytes_get_data (secret, &size);
  ikm.size = (unsigned int) size;
  if (size != ML_SITE_SECRET_SIZE)
    {
      g_set_error (error, ML_ERROR, ML_ERROR_INVALID_VALUE,
                   _("The site secret has %u bytes; it must have %d"),
                   (guint) size, ML_SITE_SECRET_SIZE);
      return NULL;
    }

  self = g_new0 (MlSiteKey, 1);
  g_atomic_ref_count_init (&self->ref_count);

  ok = gnutls_hkdf_extract (GNUTLS_MAC_SHA256, &ikm, &salt, prk) == 0
       && expand (&prk_datum, "bundle encryption", self->encryption_key, ENCRYPTION_KEY_SIZE)
       && expand (&prk_datum, "bundle authentication", self->mac_key, DERIVED_KEY_SIZE)
       && expand (&prk_datum, "receipt", self->receipt_key, DERIVED_KEY_SIZE)
       && expand (&prk_datum, "request", self->request_key, DERIVED_KEY_SIZE);
  gnutls_memset (prk, 0, sizeof prk);

  if (!ok)
    {
      g_set_error (error, ML_ERROR, ML_ERROR_FAILED,
                   _("The site's keys could not be derived from its secret"));
      return NULL;
    }

  self->encryption_key_bytes = g_bytes_new_static (self->encryption_key, ENCRYPTION_KEY_SIZE);
  self->mac_key_bytes = g_bytes_new_static (self->mac_key, DERIVED_KEY_SIZE);

  return g_steal_pointer (&self);
}

MlSiteKey *
ml_site_key_ref (MlSiteKey *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);

  return self;
}

void
ml_site_key_unref (MlSiteKey *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  g_clear_pointer (&self->encryption_key_bytes, g_bytes_unref);
  g_clear_pointer (&self->mac_key_bytes, g_bytes_unref);
  /* gnutls_memset, unlike memset, is not optimised away before the free. */
  gnutls_memset (self, 0, sizeof *self);
  g_free (self);
}

/* Transfer none: the bytes live as long as the key. */
GBytes *
ml_site_key_get_encryption_key (MlSiteKey *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->encryption_key_bytes;
}

GBytes *
ml_site_key_get_mac_key (MlSiteKey *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->mac_key_bytes;
}

static char *
hmac_hex (const guint8 *key,
          const char   *text)
{
  guint8 digest[DERIVED_KEY_SIZE];
  char *hex = g_malloc (SIGNATURE_HEX_SIZE + 1);
  static const char digits[] = "0123456789abcdef";

  if (gnutls_hmac_fast (GNUTLS_MAC_SHA256, key, DERIVED_KEY_SIZE, text, strlen (text),
                        digest) != 0)
    g_error ("GnuTLS could not compute an HMAC-SHA256");

  for (guint i = 0; i < sizeof digest; i++)
    {
      hex[2 * i] = digits[digest[i] >> 4];
      hex[2 * i + 1] = digits[digest[i] & 0xf];
    }
  hex[SIGNATURE_HEX_SIZE] = '\0';

  return hex;
}

/* A signature from the network is compared with the expected one in constant
 * time, so its timing tells an attacker nothing about how many bytes were right. */
static gboolean
signature_equal (const char *expected,
                 const char *signature)
{
  if (signature == NULL || strlen (signature) != SIGNATURE_HEX_SIZE)
    return FALSE;

  return gnutls_memcmp (expected, signature, SIGNATURE_HEX_SIZE) == 0;
}

static gboolean
is_field (const char *text)
{
  return text != NULL && strchr (text, '\n') == NULL;
}

static char *
request_text (const char *method,
              const char *path_and_query,
              gint64      timestamp,
              const char *nonce)
{
  return g_strdup_printf ("meterlink-request\n%s\n%s\n%" G_GINT64_FORMAT "\n%s",
                          method, path_and_query, timestamp, nonce);
}

char *
ml_site_key_sign_request (MlSiteKey  *self,
                          const char *method,
                          const char *path_and_query,
                          gint64      timestamp,
                          const char *nonce)
{
  g_autofree char *text = NULL;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (is_field (method) && *method != '\0', NULL);
  g_return_val_if_fail (is_field (path_and_query) && *path_and_query == '/', NULL);
  g_return_val_if_fail (is_field (nonce) && *nonce != '\0', NULL);

  text = request_text (method, path_and_query, timestamp, nonce);

  return hmac_hex (self->request_key, text);
}

gboolean
ml_site_key_verify_request (MlSiteKey  *self,
                            const char *method,
                            const char *path_and_query,
                            gint64      timestamp,
                            const char *nonce,
                            const char *signature)
{
  g_autofree char *text = NULL;
  g_autofree char *expected = NULL;

  g_return_val_if_fail (self != NULL, FALSE);

  /* These come from the network: a strange one is a refusal, not a programming error. */
  if (!is_field (method) || !is_field (path_and_query) || !is_field (nonce)
      || *method == '\0' || *nonce == '\0')
    return FALSE;

  text = request_text (method, path_and_query, timestamp, nonce);
  expected = hmac_hex (self->request_key, text);

  return signature_equal (expected, signature);
}

static char *
receipt_text (const char *bundle_uuid,
              guint64     sequence,
              gint64      received_at,
              guint       jobs_stored)
{
  return g_strdup_printf ("meterlink-receipt\n%s\n%" G_GUINT64_FORMAT "\n%" G_GINT64_FORMAT "\n%u",
                          bundle_uuid, sequence, received_at, jobs_stored);
}

char *
ml_site_key_sign_receipt (MlSiteKey  *self,
                          const char *bundle_uuid,
                          guint64     sequence,
                          gint64      received_at,
                          guint       jobs_stored)
{
  g_autofree char *text = NULL;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (is_field (bundle_uuid) && *bundle_uuid != '\0', NULL);

  text = receipt_text (bundle_uuid, sequence, received_at, jobs_stored);

  return hmac_hex (self->receipt_key, text);
}

gboolean
ml_site_key_verify_receipt (MlSiteKey  *self,
                            const char *bundle_uuid,
                            guint64     sequence,
                            gint64      received_at,
                            guint       jobs_stored,
                            const char *signature)
{
  g_autofree char *text = NULL;
  g_autofree char *expected = NULL;

  g_return_val_if_fail (self != NULL, FALSE);

  if (!is_field (bundle_uuid) || *bundle_uuid == '\0')
    return FALSE;

  text = receipt_text (bundle_uuid, sequence, received_at, jobs_stored);
  expected = hmac_hex (self->receipt_key, text);

  return signature_equal (expected, signature);
}
