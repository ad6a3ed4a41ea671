/* ml-portal-client.h: the collector's HTTPS client of its portal: uploads, site config, proxy
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One libsoup session per portal. The portal's certificate is always verified: by
 * the pin the enrolment code carried, else by the system's trusted authorities; plain
 * http only to loopback, for development. The proxy is the system's (the default),
 * a manual one, whose credentials go through SoupAuth and never into a URL, or none.
 *
 * Errors a technician can act on, each its own code and message: the portal cannot be
 * reached (ML_ERROR_UNREACHABLE), the proxy refused or wants credentials
 * (ML_ERROR_PROXY), the certificate is not the pinned one
 * (ML_ERROR_CERTIFICATE_CHANGED), the portal said no (ML_ERROR_HTTP, with its own
 * message), a receipt that does not verify (ML_ERROR_AUTHENTICATION).
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "ml-collector-config.h"
#include "ml-site-key.h"

G_BEGIN_DECLS

#define ML_TYPE_PORTAL_CLIENT (ml_portal_client_get_type ())

G_DECLARE_FINAL_TYPE (MlPortalClient, ml_portal_client, ML, PORTAL_CLIENT, GObject)

/* The portal's signed receipt for a bundle, verified. */
typedef struct
{
  char *bundle_uuid;
  guint64 sequence;
  gint64 received_at;
  guint jobs_stored;
  gboolean duplicate;    /* the portal had it already (an earlier receipt was lost) */
} MlReceipt;

void            ml_receipt_free                 (MlReceipt            *receipt);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MlReceipt, ml_receipt_free)

/* @portal_url as the enrolment code gave it; @pin the SHA-256 of the portal's
 * certificate, or NULL for system trust. ML_ERROR_INVALID_VALUE for a URL that is
 * not https (http only to loopback). */
MlPortalClient *ml_portal_client_new            (const char           *portal_url,
                                                 const char           *pin,
                                                 const char           *site_id,
                                                 MlSiteKey            *key,
                                                 GError              **error);

/* @password (nullable) is copied and never shown anywhere. */
void            ml_portal_client_set_proxy      (MlPortalClient       *self,
                                                 MlProxyMode           mode,
                                                 const char           *host,
                                                 guint                 port,
                                                 const char           *user,
                                                 const char           *password);
/* Seconds a request may go without an answer (default 60). */
void            ml_portal_client_set_timeout    (MlPortalClient       *self,
                                                 guint                 seconds);
const char     *ml_portal_client_get_url        (MlPortalClient       *self);

/* POST /api/v1/bundles: the receipt, verified against @bundle_uuid and @sequence. */
void            ml_portal_client_upload_async   (MlPortalClient       *self,
                                                 GBytes               *bundle,
                                                 const char           *bundle_uuid,
                                                 guint64               sequence,
                                                 GCancellable         *cancellable,
                                                 GAsyncReadyCallback   callback,
                                                 gpointer              user_data);
MlReceipt      *ml_portal_client_upload_finish  (MlPortalClient       *self,
                                                 GAsyncResult         *result,
                                                 GError              **error);

/* GET /api/v1/site/config, signed with the site's key: {"site_id", "site",
 * "customer", "config": {"revision", and what the reseller set of "ranges",
 * "polling_interval", "user_names"}}. */
void            ml_portal_client_fetch_config_async  (MlPortalClient       *self,
                                                      GCancellable         *cancellable,
                                                      GAsyncReadyCallback   callback,
                                                      gpointer              user_data);
JsonNode       *ml_portal_client_fetch_config_finish (MlPortalClient       *self,
                                                      GAsyncResult         *result,
                                                      GError              **error);

G_END_DECLS
