/* ml-bundle.h: the encrypted, authenticated bundle a collector sends its portal
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * docs/bundle-format.md is the specification, with test vectors. In short: a
 * header (magic, format version, site ID, bundle UUID, sequence number, creation
 * time), a random IV, and the ciphertext of the zlib-compressed JSON payload
 * (AES-128-CBC, PKCS#7 padding), followed by an HMAC-SHA256 over header, IV and
 * ciphertext (encrypt-then-MAC). Opening checks the MAC in constant time before
 * anything else, caps the decompressed size, then validates the payload.
 */
#pragma once

#include <json-glib/json-glib.h>

#include "ml-site-key.h"

G_BEGIN_DECLS

#define ML_BUNDLE_FORMAT_VERSION 1
#define ML_BUNDLE_MAX_SIZE (8 * 1024 * 1024)            /* on the wire */
#define ML_BUNDLE_MAX_PAYLOAD (64 * 1024 * 1024)        /* decompressed */

typedef struct
{
  guint version;
  char *site_id;
  char *bundle_uuid;
  guint64 sequence;
  gint64 created_at;     /* Unix seconds UTC */
} MlBundleHeader;

void            ml_bundle_header_free (MlBundleHeader *header);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MlBundleHeader, ml_bundle_header_free)

/* Seals payload (a JSON object; see docs/bundle-format.md for its schema) for the
 * site whose key is given. The header's version is set by the function. */
GBytes         *ml_bundle_seal        (MlSiteKey             *key,
                                       const MlBundleHeader  *header,
                                       JsonNode              *payload,
                                       GError               **error);

/* Reads the header without authenticating it, only to find the site's key. Never
 * trust anything in it before ml_bundle_open() succeeded. */
MlBundleHeader *ml_bundle_peek_header (GBytes                *bundle,
                                       GError               **error);

/* Authenticates, decrypts, decompresses and validates. Each way a bundle can be
 * bad is its own error: ML_ERROR_BUNDLE_TRUNCATED, ML_ERROR_BUNDLE_VERSION,
 * ML_ERROR_BUNDLE_AUTHENTICATION (a flipped bit, a wrong key), ML_ERROR_TOO_LARGE,
 * ML_ERROR_MALFORMED (a payload that is not what the schema says). */
JsonNode       *ml_bundle_open        (MlSiteKey             *key,
                                       GBytes                *bundle,
                                       MlBundleHeader       **out_header,
                                       GError               **error);

G_END_DECLS
