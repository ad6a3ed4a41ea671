/* ml-bundle-builder.h: what changed in the collector's store, sealed into the outbox
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Turns what changed since the last bundle (ml_collector_store_enqueue_changes())
 * into the payload of docs/bundle-format.md, seals it with the site's key and puts
 * it into the outbox, as many bundles as the backlog needs, all numbered in
 * sequence: each sealed bundle at most the target size (ML_BUNDLE_TARGET_SIZE),
 * split by printers and, for a printer with a large backlog, by jobs; each at most
 * max-jobs jobs. No change, no bundle.
 */
#pragma once

#include <gio/gio.h>

#include "meterlink-core.h"
#include "ml-collector-store.h"

G_BEGIN_DECLS

#define ML_TYPE_BUNDLE_BUILDER (ml_bundle_builder_get_type ())

G_DECLARE_FINAL_TYPE (MlBundleBuilder, ml_bundle_builder, ML, BUNDLE_BUILDER, GObject)

#define ML_BUNDLE_BUILDER_MAX_JOBS 5000
/* A sealed bundle's size at most, far below the seeds' 100 KB per transfer. Only one
 * printer's status alone, or one job alone, that is larger goes alone. */
#define ML_BUNDLE_TARGET_SIZE (64 * 1024)

MlBundleBuilder *ml_bundle_builder_new            (MlCollectorStore     *store,
                                                   const char           *site_id,
                                                   MlSiteKey            *key);
/* FALSE: no job carries a user name, whatever the store holds (default TRUE). */
void             ml_bundle_builder_set_user_names (MlBundleBuilder      *self,
                                                   gboolean              user_names);
/* Jobs per bundle at most (default ML_BUNDLE_BUILDER_MAX_JOBS). */
void             ml_bundle_builder_set_max_jobs   (MlBundleBuilder      *self,
                                                   guint                 max_jobs);
/* Sealed bytes per bundle at most (default ML_BUNDLE_TARGET_SIZE). */
void             ml_bundle_builder_set_target_size (MlBundleBuilder     *self,
                                                    gsize                target_size);

/* Seals everything that changed into the outbox. Blocks on the store and on
 * compression: call it from a worker thread (or use the async pair). @out_bundles
 * and @out_jobs (nullable) get what went into the outbox. */
gboolean         ml_bundle_builder_build          (MlBundleBuilder      *self,
                                                   gint64                now,
                                                   guint                *out_bundles,
                                                   guint                *out_jobs,
                                                   GError              **error);
void             ml_bundle_builder_build_async    (MlBundleBuilder      *self,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
gboolean         ml_bundle_builder_build_finish   (MlBundleBuilder      *self,
                                                   GAsyncResult         *result,
                                                   guint                *out_bundles,
                                                   guint                *out_jobs,
                                                   GError              **error);

/* The payload of one bundle, as ml_bundle_builder_build() seals it. */
JsonNode        *ml_bundle_builder_make_payload   (MlBundleBuilder      *self,
                                                   GPtrArray            *changes,
                                                   gint64                created_at);

G_END_DECLS
