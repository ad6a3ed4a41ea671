/* ml-syncer.h: the collector's sync with its portal: outbox, uploads, backoff, site config
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One sync: seal what is new into the outbox, upload the waiting bundles oldest first
 * (each leaves the outbox only with its verified receipt), then fetch the site's
 * configuration from the portal and apply it, recording which keys the portal
 * manages. A sync that fails is retried after 1, 2, 4, ... minutes, at most 60
 * (ml_syncer_backoff_delay()); the next attempt's time is kept in the store, so a
 * restarted daemon keeps the rhythm. The same engine serves `meterlink-collector
 * sync`, the daemon and the desktop app; it never blocks the main loop.
 */
#pragma once

#include <gio/gio.h>

#include "ml-collector-config.h"
#include "ml-collector-store.h"
#include "ml-secret-keeper.h"

G_BEGIN_DECLS

#define ML_TYPE_SYNCER (ml_syncer_get_type ())

G_DECLARE_FINAL_TYPE (MlSyncer, ml_syncer, ML, SYNCER, GObject)

typedef enum {
  ML_SYNC_FLAGS_NONE = 0,
  ML_SYNC_FLAGS_NOW  = 1 << 0,   /* upload now, whatever the backoff says */
} MlSyncFlags;

/* What one sync did. */
typedef struct
{
  guint bundles_built;
  guint jobs_built;
  guint bundles_sent;      /* receipts verified */
  guint64 bytes_sent;      /* of those bundles */
  guint jobs_sent;         /* in those bundles */
  guint jobs_stored;       /* new to the portal, as its receipts say */
  guint waiting;           /* bundles still in the outbox */
  guint64 waiting_bytes;
  gboolean deferred;       /* no upload tried: the backoff's next attempt is later */
  gboolean config_changed; /* the portal's site configuration changed a setting */
  char *site;              /* as the portal names them; NULL when not asked */
  char *customer;
  guint failures;          /* syncs failed in a row, this one included */
  gint64 next_attempt;     /* Unix seconds; 0: nothing to retry */
  GError *error;           /* why uploading or fetching the configuration failed, or NULL */
} MlSyncSummary;

void               ml_sync_summary_free     (MlSyncSummary        *summary);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MlSyncSummary, ml_sync_summary_free)

/* What an enrolment did. */
typedef struct
{
  char *site;              /* as the portal names them; NULL when it did not say */
  char *customer;
  char *portal_url;        /* as the collector reaches it */
  gboolean site_changed;   /* another site than before: outbox emptied, watermarks reset */
  gboolean resealed;       /* the same site, its secret rotated: waiting bundles sealed anew */
  gboolean config_changed; /* the portal's site configuration changed a setting */
  GError *config_error;    /* the site configuration could not be applied (enrolled all the
                            * same), or NULL */
} MlEnrolSummary;

void               ml_enrol_summary_free    (MlEnrolSummary       *summary);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MlEnrolSummary, ml_enrol_summary_free)

/* Seconds to wait after @failures failed syncs in a row: 0 for none, then 1, 2, 4,
 * ... minutes, at most 60. */
gint64             ml_syncer_backoff_delay  (guint                 failures);

/* @config says how to reach the portal (proxy) and where the settings file and the
 * secrets file are; the portal's site configuration is written to that file (and
 * set on @config). */
MlSyncer          *ml_syncer_new            (MlCollectorConfig    *config,
                                             MlCollectorStore     *store);
/* Seconds a request to the portal may go without an answer (default 60). */
void               ml_syncer_set_timeout    (MlSyncer             *self,
                                             guint                 seconds);
/* Jobs per bundle at most (default ML_BUNDLE_BUILDER_MAX_JOBS). */
void               ml_syncer_set_max_jobs   (MlSyncer             *self,
                                             guint                 max_jobs);
/* Secrets the caller keeps elsewhere (the desktop app: in the keyring), used
 * instead of the secrets file's: the enrolled site's secret and the manual proxy's
 * password ("" for none). NULL for either: the secrets file's. Copied; the
 * password's copies are wiped. */
void               ml_syncer_set_secrets    (MlSyncer             *self,
                                             GBytes               *site_secret,
                                             const char           *proxy_password);

/* Unix seconds of the last sync that reached the portal; 0 when none did. Reads the
 * store (a small read). */
gboolean           ml_syncer_get_last_sync  (MlSyncer             *self,
                                             gint64               *out_time,
                                             GError              **error);

/* Enrols this collector in the site @code names, the one way for the command line
 * and the desktop app: asks the portal for the site's configuration over the
 * pinned certificate, signed with the code's key, which proves code and portal
 * belong together; only then stores anything. The same site with a rotated secret
 * has its waiting bundles sealed anew with the new key (the old secret: the one
 * given to ml_syncer_set_secrets(), else the secrets file's); then the new secret
 * is kept by @keeper, or in the secrets file when @keeper is NULL; then the
 * enrolment is recorded (another site than before empties the outbox and resets the
 * watermarks: the new site is sent everything stored) and the site's configuration
 * applied as after a sync. A secret given to ml_syncer_set_secrets() becomes the
 * new one. The proxy is the settings', its password as for a sync. */
void               ml_syncer_enroll_async   (MlSyncer             *self,
                                             const MlEnrolmentCode *code,
                                             MlSecretKeeper       *keeper,
                                             GCancellable         *cancellable,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data);
MlEnrolSummary    *ml_syncer_enroll_finish  (MlSyncer             *self,
                                             GAsyncResult         *result,
                                             GError              **error);

/* Fails only when nothing could be done: not enrolled (ML_ERROR_NOT_FOUND), no
 * secret, a store that cannot be written, cancelled. A portal that cannot be
 * reached or refuses is a summary whose error says so. */
void               ml_syncer_sync_async     (MlSyncer             *self,
                                             MlSyncFlags           flags,
                                             GCancellable         *cancellable,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data);
MlSyncSummary     *ml_syncer_sync_finish    (MlSyncer             *self,
                                             GAsyncResult         *result,
                                             GError              **error);

/* Applies a site configuration as GET /api/v1/site/config gives it ({"config":
 * {...}}): the members it sets become managed keys, the others are the
 * technician's again. Writes @config's file when anything changed. Blocks on the
 * file: call it from a worker thread, or on the main loop only at start-up. */
gboolean           ml_syncer_apply_site_config (MlCollectorConfig  *config,
                                                JsonNode           *site_config,
                                                gboolean           *out_changed,
                                                GError            **error);

G_END_DECLS
