/* ml-certificate.c: self-signed certificates made in process, and their fingerprints
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * ECDSA P-256 because a fleet of a thousand simulated printers needs a thousand keys
 * at start: an EC key takes well under a millisecond where an RSA-2048 key takes tens.
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <gnutls/gnutls.h>
#include <gnutls/crypto.h>
#include <gnutls/x509.h>
#include <string.h>

#include "ml-certificate.h"
#include "ml-error.h"

G_DEFINE_AUTO_CLEANUP_FREE_FUNC (gnutls_x509_privkey_t, gnutls_x509_privkey_deinit, NULL)
G_DEFINE_AUTO_CLEANUP_FREE_FUNC (gnutls_x509_crt_t, gnutls_x509_crt_deinit, NULL)
G_DEFINE_AUTO_CLEANUP_FREE_FUNC (gnutls_certificate_credentials_t,
                                 gnutls_certificate_free_credentials, NULL)

/* A PEM file is a few kilobytes; anything far larger is not one. */
#define MAX_PEM_FILE_SIZE (1024 * 1024)

static gboolean
check (int          result,
       const char  *what,
       GError     **error)
{
  if (result >= 0)
    return TRUE;

  /* TRANSLATORS: "cannot make the certificate (sign): <GnuTLS message>" */
  g_set_error (error, ML_ERROR, ML_ERROR_FAILED,
               _("cannot make the certificate (%s): %s"),
               what, gnutls_strerror (result));
  return FALSE;
}

/* GnuTLS hands out buffers it allocated itself; they go back to gnutls_free. */
static char *
export_pem (gnutls_datum_t *datum)
{
  char *text = g_strndup ((const char *) datum->data, datum->size);

  gnutls_free (datum->data);
  datum->data = NULL;
  return text;
}

gboolean
ml_certificate_generate_pem (const char  *common_name,
                             const char  *organization,
                             const char  *address,
                             char       **out_certificate_pem,
                             char       **out_private_key_pem,
                             GError     **error)
{
  g_auto(gnutls_x509_privkey_t) key = NULL;
  g_auto(gnutls_x509_crt_t) crt = NULL;
  gnutls_datum_t datum = { NULL, 0 };
  g_autofree char *crt_pem = NULL;
  guint8 serial[16];
  time_t now = time (NULL);

  g_return_val_if_fail (common_name != NULL, FALSE);
  g_return_val_if_fail (out_certificate_pem != NULL, FALSE);
  g_return_val_if_fail (out_private_key_pem != NULL, FALSE);

  if (!check (gnutls_x509_privkey_init (&key), "key", error)
      || !check (gnutls_x509_privkey_generate (key, GNUTLS_PK_ECDSA,
                                               GNUTLS_CURVE_TO_BITS (GNUTLS_ECC_CURVE_SECP256R1),
                                               0),
                 "key", error)
      || !check (gnutls_x509_crt_init (&crt), "certificate", error))
    return FALSE;

  /* A positive serial: RFC 5280 forbids a negative one. */
  if (!check (gnutls_rnd (GNUTLS_RND_NONCE, serial, sizeof serial), "serial", error))
    return FALSE;
  serial[0] &= 0x7f;

  if (!check (gnutls_x509_crt_set_version (crt, 3), "version", error)
      || !check (gnutls_x509_crt_set_serial (crt, serial, sizeof serial), "serial", error)
      || !check (gnutls_x509_crt_set_activation_time (crt, now - 24 * 3600), "validity", error)
      || !check (gnutls_x509_crt_set_expiration_time (crt, now + 10 * 365 * 24 * 3600),
                 "validity", error)
      || !check (gnutls_x509_crt_set_dn_by_oid (crt, GNUTLS_OID_X520_COMMON_NAME, 0,
                                                common_name, strlen (common_name)),
                 "name", error))
    return FALSE;

  if (organization != NULL
      && !check (gnutls_x509_crt_set_dn_by_oid (crt, GNUTLS_OID_X520_ORGANIZATION_NAME, 0,
                                                organization, strlen (organization)),
                 "name", error))
    return FALSE;

  if (!check (gnutls_x509_crt_set_key (crt, key), "key", error)
      || !check (gnutls_x509_crt_set_basic_constraints (crt, 0, -1), "constraints", error)
      || !check (gnutls_x509_crt_set_key_usage (crt, GNUTLS_KEY_DIGITAL_SIGNATURE), "usage",
                 error)
      || !check (gnutls_x509_crt_set_key_purpose_oid (crt, GNUTLS_KP_TLS_WWW_SERVER, 0),
                 "usage", error))
    return FALSE;

  if (address != NULL)
    {
      g_autoptr(GInetAddress) inet = g_inet_address_new_from_string (address);

      if (inet != NULL
          && !check (gnutls_x509_crt_set_subject_alt_name (crt, GNUTLS_SAN_IPADDRESS,
                                                           g_inet_address_to_bytes (inet),
                                                           g_inet_address_get_native_size (inet),
                                                           GNUTLS_FSAN_SET),
                     "address", error))
        return FALSE;
    }

  if (!check (gnutls_x509_crt_sign2 (crt, crt, key, GNUTLS_DIG_SHA256, 0), "sign", error))
    return FALSE;

  if (!check (gnutls_x509_crt_export2 (crt, GNUTLS_X509_FMT_PEM, &datum), "export", error))
    return FALSE;
  crt_pem = export_pem (&datum);

  /* PKCS#8, which every GIO TLS backend reads. */
  if (!check (gnutls_x509_privkey_export2_pkcs8 (key, GNUTLS_X509_FMT_PEM, NULL,
                                                 GNUTLS_PKCS_PLAIN, &datum),
              "export", error))
    return FALSE;

  *out_private_key_pem = export_pem (&datum);
  *out_certificate_pem = g_steal_pointer (&crt_pem);
  return TRUE;
}

GTlsCertificate *
ml_certificate_generate (const char  *common_name,
                         const char  *organization,
                         const char  *address,
                         char       **out_sha256,
                         GError     **error)
{
  g_autofree char *crt_pem = NULL;
  g_autofree char *key_pem = NULL;
  g_autofree char *pem = NULL;
  GTlsCertificate *certificate;

  g_return_val_if_fail (common_name != NULL, NULL);

  if (!ml_certificate_generate_pem (common_name, organization, address, &crt_pem, &key_pem,
                                    error))
    return NULL;

  pem = g_strconcat (crt_pem, key_pem, NULL);
  certificate = g_tls_certificate_new_from_pem (pem, -1, error);
  /* The key's text is not needed any more; leave no copy of it in freed memory. */
  memset (key_pem, 0, strlen (key_pem));
  memset (pem, 0, strlen (pem));
  if (certificate == NULL)
    return NULL;

  if (out_sha256 != NULL)
    *out_sha256 = ml_certificate_sha256 (certificate);

  return certificate;
}

static char *
read_pem_file (const char  *path,
               gsize       *out_length,
               GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;

  if (!g_file_get_contents (path, &contents, &length, &local_error))
    {
      g_set_error (error, ML_ERROR, ML_ERROR_FAILED, _("cannot read “%s”: %s"),
                   path, local_error->message);
      return NULL;
    }
  if (length > MAX_PEM_FILE_SIZE)
    {
      g_set_error (error, ML_ERROR, ML_ERROR_TOO_LARGE,
                   _("“%s” is too large to be a PEM file"), path);
      return NULL;
    }

  *out_length = length;
  return g_steal_pointer (&contents);
}

GTlsCertificate *
ml_certificate_new_from_files (const char  *certificate_path,
                               const char  *private_key_path,
                               GError     **error)
{
  g_auto(gnutls_certificate_credentials_t) credentials = NULL;
  g_autofree char *crt_pem = NULL;
  g_autofree char *key_pem = NULL;
  g_autofree char *pem = NULL;
  g_autoptr(GError) local_error = NULL;
  gnutls_datum_t crt_datum;
  gnutls_datum_t key_datum;
  GTlsCertificate *certificate;
  gsize crt_length = 0;
  gsize key_length = 0;
  int result;

  g_return_val_if_fail (certificate_path != NULL, NULL);
  g_return_val_if_fail (private_key_path != NULL, NULL);

  if (!(crt_pem = read_pem_file (certificate_path, &crt_length, error))
      || !(key_pem = read_pem_file (private_key_path, &key_length, error)))
    return NULL;

  if (strstr (crt_pem, "-----BEGIN CERTIFICATE-----") == NULL)
    {
      g_set_error (error, ML_ERROR, ML_ERROR_MALFORMED,
                   _("“%s” holds no PEM certificate"), certificate_path);
      return NULL;
    }
  if (strstr (key_pem, "PRIVATE KEY-----") == NULL)
    {
      g_set_error (error, ML_ERROR, ML_ERROR_MALFORMED,
                   _("“%s” holds no PEM private key"), private_key_path);
      return NULL;
    }

  /* GIO would accept a key of another certificate and fail every handshake later;
   * GnuTLS checks that the two belong together. */
  crt_datum.data = (unsigned char *) crt_pem;
  crt_datum.size = (unsigned int) crt_length;
  key_datum.data = (unsigned char *) key_pem;
  key_datum.size = (unsigned int) key_length;
  if (gnutls_certificate_allocate_credentials (&credentials) < 0)
    {
      g_set_error (error, ML_ERROR, ML_ERROR_FAILED, _("out of memory"));
      return NULL;
    }
  result = gnutls_certificate_set_x509_key_mem2 (credentials, &crt_datum, &key_datum,
                                                 GNUTLS_X509_FMT_PEM, NULL, 0);
  if (result == GNUTLS_E_CERTIFICATE_KEY_MISMATCH)
    {
      g_set_error (error, ML_ERROR, ML_ERROR_INVALID_VALUE,
                   _("the private key in “%s” does not belong to the certificate in “%s”"),
                   private_key_path, certificate_path);
      return NULL;
    }
  if (result < 0)
    {
      g_set_error (error, ML_ERROR, ML_ERROR_MALFORMED,
                   _("cannot use the certificate “%s” with the key “%s”: %s"),
                   certificate_path, private_key_path, gnutls_strerror (result));
      return NULL;
    }

  pem = g_strconcat (crt_pem, "\n", key_pem, NULL);
  certificate = g_tls_certificate_new_from_pem (pem, -1, &local_error);
  memset (key_pem, 0, key_length);
  memset (pem, 0, strlen (pem));
  if (certificate == NULL)
    {
      g_set_error (error, ML_ERROR, ML_ERROR_MALFORMED,
                   _("cannot use the certificate “%s” with the key “%s”: %s"),
                   certificate_path, private_key_path, local_error->message);
      return NULL;
    }
  return certificate;
}

char *
ml_certificate_sha256 (GTlsCertificate *certificate)
{
  g_autoptr(GByteArray) der = NULL;

  g_return_val_if_fail (G_IS_TLS_CERTIFICATE (certificate), NULL);

  g_object_get (certificate, "certificate", &der, NULL);
  if (der == NULL)
    return NULL;
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, der->data, der->len);
}

char *
ml_certificate_file_sha256 (const char  *certificate_path,
                            GError     **error)
{
  g_autoptr(GTlsCertificate) certificate = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *pem = NULL;
  gsize length = 0;

  g_return_val_if_fail (certificate_path != NULL, NULL);

  if (!(pem = read_pem_file (certificate_path, &length, error)))
    return NULL;

  certificate = g_tls_certificate_new_from_pem (pem, (gssize) length, &local_error);
  if (certificate == NULL)
    {
      g_set_error (error, ML_ERROR, ML_ERROR_MALFORMED,
                   _("“%s” holds no PEM certificate: %s"), certificate_path,
                   local_error->message);
      return NULL;
    }
  return ml_certificate_sha256 (certificate);
}
