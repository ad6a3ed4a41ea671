/* ml-site-key.h: the keys a site shares with its portal, and what they sign
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A site's secret (32 random bytes) never crosses the network after enrolment.
 * Every key used with it is derived by HKDF-SHA256 with its own label, so a key
 * that signs receipts can never decrypt a bundle: the encryption key (AES-128),
 * the bundle MAC key, the receipt key and the request-signing key.
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define ML_SITE_SECRET_SIZE 32

typedef struct _MlSiteKey MlSiteKey;

GType       ml_site_key_get_type     (void) G_GNUC_CONST;
#define ML_TYPE_SITE_KEY (ml_site_key_get_type ())

/* A fresh random secret (from GnuTLS's random generator). */
GBytes     *ml_site_key_generate_secret (void);

MlSiteKey  *ml_site_key_new          (GBytes       *secret,
                                      GError      **error);
MlSiteKey  *ml_site_key_ref          (MlSiteKey    *self);
void        ml_site_key_unref        (MlSiteKey    *self);

/* Derived keys, for ml-bundle.c (sizes: 16, 32, 32, 32 bytes); owned by the key. */
GBytes     *ml_site_key_get_encryption_key (MlSiteKey *self);
GBytes     *ml_site_key_get_mac_key        (MlSiteKey *self);

/* A collector's signed read of the portal (GET /api/v1/site/config): HMAC-SHA256
 * over method, path with query, timestamp and nonce, lowercase hex. The portal
 * refuses a timestamp more than 5 minutes off and a nonce it has seen. */
char       *ml_site_key_sign_request   (MlSiteKey  *self,
                                        const char *method,
                                        const char *path_and_query,
                                        gint64      timestamp,
                                        const char *nonce);
gboolean    ml_site_key_verify_request (MlSiteKey  *self,
                                        const char *method,
                                        const char *path_and_query,
                                        gint64      timestamp,
                                        const char *nonce,
                                        const char *signature);

/* The portal's receipt for a bundle: HMAC-SHA256 over the canonical text of the
 * receipt's fields, lowercase hex. Verified in constant time. */
char       *ml_site_key_sign_receipt   (MlSiteKey  *self,
                                        const char *bundle_uuid,
                                        guint64     sequence,
                                        gint64      received_at,
                                        guint       jobs_stored);
gboolean    ml_site_key_verify_receipt (MlSiteKey  *self,
                                        const char *bundle_uuid,
                                        guint64     sequence,
                                        gint64      received_at,
                                        guint       jobs_stored,
                                        const char *signature);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MlSiteKey, ml_site_key_unref)

G_END_DECLS
