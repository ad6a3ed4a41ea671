/* ml-sim-cert.c: a printer's self-signed certificate, made in process with GnuTLS
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * ECDSA P-256 because a fleet of a thousand printers needs a thousand keys at start:
 * an EC key takes well under a millisecond where an RSA-2048 key takes tens.
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <gnutls/gnutls.h>
#include <gnutls/crypto.h>
#include <gnutls/x509.h>
#include <string.h>

#include "ml-error.h"
#include "ml-sim-cert.h"

G_DEFINE_AUTO_CLEANUP_FREE_FUNC (gnutls_x509_privkey_t, gnutls_x509_privkey_deinit, NULL)
G_DEFINE_AUTO_CLEANUP_FREE_FUNC (gnutls_x509_crt_t, gnutls_x509_crt_deinit, NULL)

static gboolean
check (int          result,
       const char  *what,
       GError     **error)
{
  if (result >= 0)
    return TRUE;

  /* TRANSLATORS: "cannot make the printer certificate (sign): <GnuTLS message>" */
  g_set_error (error, ML_ERROR, ML_ERROR_FAILED,
               _("cannot make the printer certificate (%s): %s"),
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

GTlsCertificate *
ml_sim_cert_generate (const char  *common_name,
                      const char  *address,
                      char       **out_sha256,
                      GError     **error)
{
  g_auto(gnutls_x509_privkey_t) key = NULL;
  g_auto(gnutls_x509_crt_t) crt = NULL;
  gnutls_datum_t datum = { NULL, 0 };
  g_autofree char *key_pem = NULL;
  g_autofree char *crt_pem = NULL;
  g_autofree char *pem = NULL;
  GTlsCertificate *certificate;
  guint8 serial[16];
  time_t now = time (NULL);

  g_return_val_if_fail (common_name != NULL, NULL);

  if (!check (gnutls_x509_privkey_init (&key), "key", error)
      || !check (gnutls_x509_privkey_generate (key, GNUTLS_PK_ECDSA,
                                               GNUTLS_CURVE_TO_BITS (GNUTLS_ECC_CURVE_SECP256R1),
                                               0),
                 "key", error)
      || !check (gnutls_x509_crt_init (&crt), "certificate", error))
    return NULL;

  /* A positive serial: RFC 5280 forbids a negative one. */
  if (!check (gnutls_rnd (GNUTLS_RND_NONCE, serial, sizeof serial), "serial", error))
    return NULL;
  serial[0] &= 0x7f;

  if (!check (gnutls_x509_crt_set_version (crt, 3), "version", error)
      || !check (gnutls_x509_crt_set_serial (crt, serial, sizeof serial), "serial", error)
      || !check (gnutls_x509_crt_set_activation_time (crt, now - 24 * 3600), "validity", error)
      || !check (gnutls_x509_crt_set_expiration_time (crt, now + 10 * 365 * 24 * 3600),
                 "validity", error)
      || !check (gnutls_x509_crt_set_dn_by_oid (crt, GNUTLS_OID_X520_COMMON_NAME, 0,
                                                common_name, strlen (common_name)),
                 "name", error)
      || !check (gnutls_x509_crt_set_dn_by_oid (crt, GNUTLS_OID_X520_ORGANIZATION_NAME, 0,
                                                "HP", 2),
                 "name", error)
      || !check (gnutls_x509_crt_set_key (crt, key), "key", error)
      || !check (gnutls_x509_crt_set_basic_constraints (crt, 0, -1), "constraints", error)
      || !check (gnutls_x509_crt_set_key_usage (crt, GNUTLS_KEY_DIGITAL_SIGNATURE), "usage",
                 error)
      || !check (gnutls_x509_crt_set_key_purpose_oid (crt, GNUTLS_KP_TLS_WWW_SERVER, 0),
                 "usage", error))
    return NULL;

  if (address != NULL)
    {
      g_autoptr(GInetAddress) inet = g_inet_address_new_from_string (address);

      if (inet != NULL
          && !check (gnutls_x509_crt_set_subject_alt_name (crt, GNUTLS_SAN_IPADDRESS,
                                                           g_inet_address_to_bytes (inet),
                                                           g_inet_address_get_native_size (inet),
                                                           GNUTLS_FSAN_SET),
                     "address", error))
        return NULL;
    }

  if (!check (gnutls_x509_crt_sign2 (crt, crt, key, GNUTLS_DIG_SHA256, 0), "sign", error))
    return NULL;

  if (!check (gnutls_x509_crt_export2 (crt, GNUTLS_X509_FMT_PEM, &datum), "export", error))
    return NULL;
  crt_pem = export_pem (&datum);

  /* PKCS#8, which every GIO TLS backend reads. */
  if (!check (gnutls_x509_privkey_export2_pkcs8 (key, GNUTLS_X509_FMT_PEM, NULL,
                                                 GNUTLS_PKCS_PLAIN, &datum),
              "export", error))
    return NULL;
  key_pem = export_pem (&datum);

  pem = g_strconcat (crt_pem, key_pem, NULL);
  if (!(certificate = g_tls_certificate_new_from_pem (pem, -1, error)))
    return NULL;

  if (out_sha256 != NULL)
    *out_sha256 = ml_sim_cert_sha256 (certificate);

  return certificate;
}

char *
ml_sim_cert_sha256 (GTlsCertificate *certificate)
{
  g_autoptr(GByteArray) der = NULL;

  g_return_val_if_fail (G_IS_TLS_CERTIFICATE (certificate), NULL);

  g_object_get (certificate, "certificate", &der, NULL);
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, der->data, der->len);
}
