/* ml-tls-pin.c: certificate fingerprints, the one way a printer's certificate is pinned
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "ml-tls-pin.h"

void
ml_tls_pin_prepare_session (SoupSession *session)
{
  g_return_if_fail (SOUP_IS_SESSION (session));

  /* Without a database every certificate is "unknown CA" and goes to
   * accept-certificate. */
  soup_session_set_tls_database (session, NULL);
}

char *
ml_tls_pin_sha256 (GTlsCertificate *certificate)
{
  g_autoptr(GByteArray) der = NULL;

  g_return_val_if_fail (G_IS_TLS_CERTIFICATE (certificate), NULL);

  g_object_get (certificate, "certificate", &der, NULL);
  if (der == NULL)
    return NULL;
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, der->data, der->len);
}

char *
ml_tls_pin_normalize (const char *text)
{
  GString *pin;

  if (text == NULL)
    return NULL;

  /* Browsers and openssl show fingerprints as colon-separated upper-case pairs. */
  pin = g_string_new (NULL);
  for (const char *p = text; *p != '\0'; p++)
    if (*p != ':' && !g_ascii_isspace (*p))
      g_string_append_c (pin, g_ascii_tolower (*p));

  if (pin->len == 0)
    {
      g_string_free (pin, TRUE);
      return NULL;
    }
  return g_string_free (pin, FALSE);
}

gboolean
ml_tls_pin_matches (const char *pin,
                    const char *sha256)
{
  g_autofree char *a = ml_tls_pin_normalize (pin);
  g_autofree char *b = ml_tls_pin_normalize (sha256);

  return a != NULL && b != NULL && g_str_equal (a, b);
}
