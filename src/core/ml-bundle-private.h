/* ml-bundle-private.h: sealing with a chosen IV, for test vectors and hostile tests
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Never for production: a bundle's IV must be fresh and unpredictable, which only
 * ml_bundle_seal() guarantees.
 */
#pragma once

#include "ml-bundle.h"

G_BEGIN_DECLS

#define ML_BUNDLE_IV_SIZE 16

/* ml_bundle_seal() with the IV given: the same inputs give the same bytes. */
GBytes *_ml_bundle_seal_with_iv  (MlSiteKey             *key,
                                  const MlBundleHeader  *header,
                                  JsonNode              *payload,
                                  const guint8          *iv,
                                  GError               **error);

/* Encrypts and authenticates an already compressed payload as it is, without
 * looking at it: how tests build zip bombs and authentic payloads that break the
 * schema. The header must be valid. */
GBytes *_ml_bundle_seal_deflated (MlSiteKey             *key,
                                  const MlBundleHeader  *header,
                                  const guint8          *iv,
                                  GBytes                *deflated);

G_END_DECLS
