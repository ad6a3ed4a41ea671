/* ml-enrolment-code.c: the one pasteable string that enrols a site's collector
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * "MLE1-" and a compact binary body in base32 (RFC 4648, upper case, no padding),
 * in groups of eight: letters and the digits 2 to 7 only, so it survives being read
 * aloud, retyped, mailed and pasted, and a double click selects it whole. The body
 * ends with the first four bytes of its SHA-256, so a typo is caught before any
 * network traffic. docs/bundle-format.md has the byte layout and a test vector.
 */
#include "config.h"

#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <gnutls/gnutls.h>
#include <gnutls/crypto.h>
#include <string.h>

#include "ml-enrolment-code.h"
#include "ml-error.h"
#include "ml-site-key.h"

#define PREFIX "MLE"
#define VERSION '1'
#define CHECKSUM_SIZE 4
#define PIN_SIZE 32
#define GROUP_SIZE 8

static const char base32_alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

void
ml_enrolment_code_free (MlEnrolmentCode *code)
{
  if (code == NULL)
    return;

  g_free (code->portal_url);
  g_free (code->site_id);
  g_clear_pointer (&code->secret, g_bytes_unref);
  g_free (code->cert_sha256);
  g_free (code);
}

/* Buffers that hold the secret are wiped before they are freed. */
typedef GByteArray WipedBytes;
typedef char WipedString;

static void
wipe_bytes (WipedBytes *array)
{
  gnutls_memset (array->data, 0, array->len);
  g_byte_array_unref (array);
}

static void
wipe_string (WipedString *text)
{
  gnutls_memset (text, 0, strlen (text));
  g_free (text);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WipedBytes, wipe_bytes)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (WipedString, wipe_string)

/* Base32 is an encoding, not cryptography, and GLib has none: five bits a letter,
 * most significant first. */
static void
base32_encode (const guint8 *data,
               gsize         size,
               GString      *out)
{
  guint32 buffer = 0;
  guint bits = 0;

  for (gsize i = 0; i < size; i++)
    {
      buffer = (buffer << 8) | data[i];
      bits += 8;
      while (bits >= 5)
        {
          bits -= 5;
          g_string_append_c (out, base32_alphabet[(buffer >> bits) & 0x1f]);
        }
    }

  if (bits > 0)
    g_string_append_c (out, base32_alphabet[(buffer << (5 - bits)) & 0x1f]);
}

/* Strict: a letter outside the alphabet, a length no encoder writes, or set bits
 * after the last whole byte all fail, so that every typo changes the result or is
 * refused; none can decode to the same bytes. */
static GByteArray *
base32_decode (const char *text)
{
  /* Sized once: a reallocation would leave a copy of the secret behind. */
  g_autoptr(WipedBytes) out = g_byte_array_sized_new ((guint) (strlen (text) * 5 / 8 + 1));
  guint32 buffer = 0;
  guint bits = 0;

  for (const char *p = text; *p != '\0'; p++)
    {
      const char *found = strchr (base32_alphabet, *p);

      if (found == NULL)
        return NULL;

      buffer = (buffer << 5) | (guint32) (found - base32_alphabet);
      bits += 5;
      if (bits >= 8)
        {
          guint8 byte;

          bits -= 8;
          byte = (guint8) (buffer >> bits);
          g_byte_array_append (out, &byte, 1);
        }
    }

  if (bits >= 5 || (buffer & ((1u << bits) - 1)) != 0)
    return NULL;

  return g_steal_pointer (&out);
}

static void
checksum (const guint8 *data,
          gsize         size,
          guint8        out[CHECKSUM_SIZE])
{
  guint8 digest[32];

  if (gnutls_hash_fast (GNUTLS_DIG_SHA256, data, size, digest) != 0)
    g_error ("GnuTLS could not compute a SHA-256");

  memcpy (out, digest, CHECKSUM_SIZE);
}

static void
append_field (GByteArray   *body,
              const guint8 *data,
              gsize         size)
{
  guint8 length = (guint8) size;

  g_assert (size <= G_MAXUINT8);

  g_byte_array_append (body, &length, 1);
  g_byte_array_append (body, data, size);
}

static gboolean
hex_to_bytes (const char *hex,
              guint8     *out,
              gsize       size)
{
  if (strlen (hex) != 2 * size)
    return FALSE;

  for (gsize i = 0; i < size; i++)
    {
      int high = g_ascii_xdigit_value (hex[2 * i]);
      int low = g_ascii_xdigit_value (hex[2 * i + 1]);

      if (high < 0 || low < 0)
        return FALSE;
      out[i] = (guint8) (high << 4 | low);
    }

  return TRUE;
}

char *
ml_enrolment_code_encode (const MlEnrolmentCode *code)
{
  g_autoptr(WipedBytes) body = g_byte_array_sized_new (4 + ML_SITE_SECRET_SIZE + PIN_SIZE
                                                       + 2 * G_MAXUINT8 + CHECKSUM_SIZE);
  g_autoptr(GString) letters = g_string_new (NULL);
  GString *text;
  guint8 pin[PIN_SIZE];
  guint8 sum[CHECKSUM_SIZE];
  const guint8 *secret;
  gsize secret_size = 0;
  gboolean has_pin;

  g_return_val_if_fail (code != NULL, NULL);
  g_return_val_if_fail (code->portal_url != NULL && strlen (code->portal_url) <= G_MAXUINT8, NULL);
  g_return_val_if_fail (code->site_id != NULL && *code->site_id != '\0', NULL);
  g_return_val_if_fail (strlen (code->site_id) <= G_MAXUINT8, NULL);
  g_return_val_if_fail (code->secret != NULL, NULL);

  secret = g_bytes_get_data (code->secret, &secret_size);
  g_return_val_if_fail (secret_size == ML_SITE_SECRET_SIZE, NULL);

  has_pin = code->cert_sha256 != NULL && *code->cert_sha256 != '\0';
  g_return_val_if_fail (!has_pin || hex_to_bytes (code->cert_sha256, pin, PIN_SIZE), NULL);

  append_field (body, secret, secret_size);
  append_field (body, pin, has_pin ? PIN_SIZE : 0);
  append_field (body, (const guint8 *) code->site_id, strlen (code->site_id));
  append_field (body, (const guint8 *) code->portal_url, strlen (code->portal_url));
  checksum (body->data, body->len, sum);
  g_byte_array_append (body, sum, CHECKSUM_SIZE);

  base32_encode (body->data, body->len, letters);

  text = g_string_new (PREFIX);
  g_string_append_c (text, VERSION);
  for (gsize i = 0; i < letters->len; i += GROUP_SIZE)
    {
      g_string_append_c (text, '-');
      g_string_append_len (text, letters->str + i, MIN (GROUP_SIZE, letters->len - i));
    }
  gnutls_memset (letters->str, 0, letters->len);

  return g_string_free (text, FALSE);
}

static gboolean
is_loopback_host (const char *host)
{
  g_autoptr(GInetAddress) address = NULL;

  if (g_ascii_strcasecmp (host, "localhost") == 0)
    return TRUE;

  address = g_inet_address_new_from_string (host);

  return address != NULL && g_inet_address_get_is_loopback (address);
}

static gboolean
check_url (const char  *url,
           GError     **error)
{
  g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  const char *scheme = uri != NULL ? g_uri_get_scheme (uri) : NULL;
  const char *host = uri != NULL ? g_uri_get_host (uri) : NULL;

  if (host == NULL || *host == '\0'
      || (g_ascii_strcasecmp (scheme, "https") != 0 && g_ascii_strcasecmp (scheme, "http") != 0))
    {
      g_set_error (error, ML_ERROR, ML_ERROR_ENROLMENT,
                   _("The portal address in the enrolment code, “%s”, is not a web address"),
                   url);
      return FALSE;
    }

  /* Plain http would show the collector's uploads to everyone on the way; it is
   * there for development on one computer only. */
  if (g_ascii_strcasecmp (scheme, "http") == 0 && !is_loopback_host (host))
    {
      g_set_error (error, ML_ERROR, ML_ERROR_ENROLMENT,
                   _("The portal address in the enrolment code, “%s”, does not use https "
                     "(plain http is allowed only to this computer)"),
                   url);
      return FALSE;
    }

  return TRUE;
}

/* Reads one length-prefixed field, moving *offset past it. */
static gboolean
read_field (GByteArray    *body,
            gsize         *offset,
            const guint8 **out,
            gsize         *out_size)
{
  gsize size;

  if (*offset >= body->len)
    return FALSE;

  size = body->data[*offset];
  if (body->len - *offset - 1 < size)
    return FALSE;

  *out = body->data + *offset + 1;
  *out_size = size;
  *offset += 1 + size;

  return TRUE;
}

static void
set_typo (GError **error)
{
  g_set_error (error, ML_ERROR, ML_ERROR_ENROLMENT,
               _("The code has a typo: check it character by character"));
}

static void
set_damaged (GError **error)
{
  g_set_error (error, ML_ERROR, ML_ERROR_ENROLMENT,
               _("The enrolment code is incomplete or damaged: ask the portal for a new one"));
}

MlEnrolmentCode *
ml_enrolment_code_decode (const char  *text,
                          GError     **error)
{
  g_autoptr(MlEnrolmentCode) code = NULL;
  g_autoptr(WipedString) normal = NULL;
  g_autoptr(WipedBytes) body = NULL;
  guint8 sum[CHECKSUM_SIZE];
  const guint8 *secret, *pin, *site, *url;
  gsize secret_size, pin_size, site_size, url_size;
  gsize offset = 0;
  gsize length = 0;
  gsize content_size;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* What people add when they copy or retype a code: spaces, line breaks, dashes
   * and lower case. */
  normal = g_malloc (strlen (text) + 1);
  for (const char *p = text; *p != '\0'; p++)
    if (!g_ascii_isspace (*p) && *p != '-')
      normal[length++] = g_ascii_toupper (*p);
  normal[length] = '\0';

  if (!g_str_has_prefix (normal, PREFIX) || length <= strlen (PREFIX))
    {
      g_set_error (error, ML_ERROR, ML_ERROR_ENROLMENT,
                   _("This is not a Meterlink enrolment code: such a code starts with “MLE1-”"));
      return NULL;
    }

  if (normal[strlen (PREFIX)] != VERSION)
    {
      g_set_error (error, ML_ERROR, ML_ERROR_ENROLMENT,
                   _("This enrolment code has format %c, which this Meterlink does not know: "
                     "update Meterlink"),
                   normal[strlen (PREFIX)]);
      return NULL;
    }

  /* Every code carries at least the secret and the checksum: anything shorter was
   * cut off when it was copied, which is not the same mistake as a typo. Five bits a
   * base32 character. */
  if ((length - strlen (PREFIX) - 1) * 5 / 8 < ML_SITE_SECRET_SIZE + CHECKSUM_SIZE)
    {
      g_set_error (error, ML_ERROR, ML_ERROR_ENROLMENT,
                   _("The code is incomplete: it was cut off when it was copied; copy all "
                     "of it, up to its last character"));
      return NULL;
    }

  body = base32_decode (normal + strlen (PREFIX) + 1);
  if (body == NULL)
    {
      set_typo (error);
      return NULL;
    }

  content_size = body->len - CHECKSUM_SIZE;
  checksum (body->data, content_size, sum);
  if (memcmp (sum, body->data + content_size, CHECKSUM_SIZE) != 0)
    {
      set_typo (error);
      return NULL;
    }
  g_byte_array_set_size (body, content_size);

  if (!read_field (body, &offset, &secret, &secret_size)
      || !read_field (body, &offset, &pin, &pin_size)
      || !read_field (body, &offset, &site, &site_size)
      || !read_field (body, &offset, &url, &url_size)
      || offset != body->len
      || (pin_size != 0 && pin_size != PIN_SIZE)
      || site_size == 0
      || memchr (site, '\0', site_size) != NULL
      || memchr (url, '\0', url_size) != NULL
      || !g_utf8_validate ((const char *) site, site_size, NULL)
      || !g_utf8_validate ((const char *) url, url_size, NULL))
    {
      set_damaged (error);
      return NULL;
    }

  if (secret_size != ML_SITE_SECRET_SIZE)
    {
      g_set_error (error, ML_ERROR, ML_ERROR_ENROLMENT,
                   _("The enrolment code carries a site secret of %u bytes instead of %d: ask "
                     "the portal for a new code"),
                   (guint) secret_size, ML_SITE_SECRET_SIZE);
      return NULL;
    }

  code = g_new0 (MlEnrolmentCode, 1);
  code->site_id = g_strndup ((const char *) site, site_size);
  code->portal_url = g_strndup ((const char *) url, url_size);
  code->secret = g_bytes_new (secret, secret_size);
  if (pin_size != 0)
    {
      GString *hex = g_string_sized_new (2 * PIN_SIZE);

      for (gsize i = 0; i < PIN_SIZE; i++)
        g_string_append_printf (hex, "%02x", pin[i]);
      code->cert_sha256 = g_string_free (hex, FALSE);
    }

  if (!check_url (code->portal_url, error))
    return NULL;

  return g_steal_pointer (&code);
}
