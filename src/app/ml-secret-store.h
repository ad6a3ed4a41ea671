/* ml-secret-store.h: the site's secret and the proxy password, in the keyring when there is one
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Secrets go to the user's keyring through libsecret (inside Flatpak libsecret uses
 * the Secret portal by itself). When no keyring answers (no session bus, no secret
 * service: a server without a desktop, the tests) they go to the collector's secrets
 * file beside its settings (ml-collector-config.h: mode 0600), and the "place"
 * property says so, for the pages to tell the technician. A site's secret the
 * command-line collector put in that file (`meterlink-collector enroll`) is found
 * there too when the keyring has none.
 *
 * Each secret is filed under the settings file it belongs to, so two collectors of
 * one user (a demo beside a real site) never share one.
 *
 * It is the MlSecretKeeper of the collector's enrolment (ml_syncer_enroll_async()):
 * the new site's secret is saved as ml_secret_store_save_site_secret_async() does.
 */
#pragma once

#include "ml-collector-config.h"
#include "ml-secret-keeper.h"

G_BEGIN_DECLS

typedef enum {
  ML_SECRET_PLACE_UNKNOWN,   /* nothing asked yet */
  ML_SECRET_PLACE_KEYRING,
  ML_SECRET_PLACE_FILE,      /* the collector's secrets file: no keyring answered */
} MlSecretPlace;

#define ML_TYPE_SECRET_STORE (ml_secret_store_get_type ())

G_DECLARE_FINAL_TYPE (MlSecretStore, ml_secret_store, ML, SECRET_STORE, GObject)

MlSecretStore *ml_secret_store_new                      (MlCollectorConfig    *config);

MlSecretPlace  ml_secret_store_get_place                (MlSecretStore        *self);

/* The site's secret; ML_ERROR_NOT_FOUND when neither place has one for @site_id. */
void           ml_secret_store_load_site_secret_async   (MlSecretStore        *self,
                                                         const char           *site_id,
                                                         GCancellable         *cancellable,
                                                         GAsyncReadyCallback   callback,
                                                         gpointer              user_data);
GBytes        *ml_secret_store_load_site_secret_finish  (MlSecretStore        *self,
                                                         GAsyncResult         *result,
                                                         GError              **error);
void           ml_secret_store_save_site_secret_async   (MlSecretStore        *self,
                                                         const char           *site_id,
                                                         GBytes               *secret,
                                                         GCancellable         *cancellable,
                                                         GAsyncReadyCallback   callback,
                                                         gpointer              user_data);
gboolean       ml_secret_store_save_site_secret_finish  (MlSecretStore        *self,
                                                         GAsyncResult         *result,
                                                         GError              **error);

/* The manual proxy's password: NULL without an error when none is kept. */
void           ml_secret_store_load_proxy_password_async  (MlSecretStore        *self,
                                                           GCancellable         *cancellable,
                                                           GAsyncReadyCallback   callback,
                                                           gpointer              user_data);
char          *ml_secret_store_load_proxy_password_finish (MlSecretStore        *self,
                                                           GAsyncResult         *result,
                                                           GError              **error);
/* NULL or "" forgets it. */
void           ml_secret_store_save_proxy_password_async  (MlSecretStore        *self,
                                                           const char           *password,
                                                           GCancellable         *cancellable,
                                                           GAsyncReadyCallback   callback,
                                                           gpointer              user_data);
gboolean       ml_secret_store_save_proxy_password_finish (MlSecretStore        *self,
                                                           GAsyncResult         *result,
                                                           GError              **error);

G_END_DECLS
