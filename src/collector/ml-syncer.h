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
