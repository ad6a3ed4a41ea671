/* ml-portal-server.h: the portal's HTTPS service: collectors' uploads and the reseller API
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One SoupServer on the main loop. It only parses and answers; every store call runs
 * in a worker thread while the message waits paused, so that a slow SQLite write
 * never holds up another collector or a reseller's read. The routes are listed at the
 * top of ml-portal-api-collector.c and ml-portal-api-reseller.c. Every error is JSON,
 * {"error": CODE, "message": TEXT}, with the matching HTTP status.
 */
#pragma once

#include <gio/gio.h>

#include "ml-portal-store.h"

G_BEGIN_DECLS

/* Request bodies other than bundles (which may reach ML_BUNDLE_MAX_SIZE). */
#define ML_PORTAL_MAX_JSON_BODY (64 * 1024)
/* A signed collector request whose timestamp is further off is refused as stale. */
#define ML_PORTAL_MAX_CLOCK_SKEW 300
/* Sign-ins whose password is being checked at one time, per login and per client
 * address; failed ones are counted by the store (ML_PORTAL_THROTTLE_*). */
#define ML_PORTAL_MAX_PENDING_PER_LOGIN 1
#define ML_PORTAL_MAX_PENDING_PER_ADDRESS 4

#define ML_TYPE_PORTAL_SERVER (ml_portal_server_get_type ())

G_DECLARE_FINAL_TYPE (MlPortalServer, ml_portal_server, ML, PORTAL_SERVER, GObject)

MlPortalServer  *ml_portal_server_new             (MlPortalStore        *store,
                                                   GTlsCertificate      *certificate);

MlPortalStore   *ml_portal_server_get_store       (MlPortalServer       *self);
GTlsCertificate *ml_portal_server_get_certificate (MlPortalServer       *self);

/* Listens with HTTPS on an IP literal (0.0.0.0 or :: for every interface); port 0
 * picks a free one. */
gboolean         ml_portal_server_listen          (MlPortalServer       *self,
                                                   const char           *address,
                                                   guint                 port,
                                                   GError              **error);
guint            ml_portal_server_get_port        (MlPortalServer       *self);
/* https://ADDRESS:PORT/ as listened on (IPv6 in brackets). */
char            *ml_portal_server_dup_url         (MlPortalServer       *self);

/* Requests whose store work still runs. */
guint            ml_portal_server_get_n_pending   (MlPortalServer       *self);

/* Stops taking requests (new ones are answered 503), lets the pending ones finish
 * and be answered, then stops listening. */
void             ml_portal_server_drain_async     (MlPortalServer       *self,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
gboolean         ml_portal_server_drain_finish    (MlPortalServer       *self,
                                                   GAsyncResult         *result,
                                                   GError              **error);

/* Stops listening at once and drops open connections. */
void             ml_portal_server_stop            (MlPortalServer       *self);

G_END_DECLS
