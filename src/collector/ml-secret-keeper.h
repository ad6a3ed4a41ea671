/* ml-secret-keeper.h: where a site's secret is kept when not in the collector's secrets file
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The collector keeps a site's secret in its secrets file (ml-collector-config.h).
 * A program that keeps secrets elsewhere (the desktop app: the user's keyring)
 * implements this interface, and the enrolment (ml_syncer_enroll_async()) hands the
 * new secret to it instead. Called on the caller's main context.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define ML_TYPE_SECRET_KEEPER (ml_secret_keeper_get_type ())

G_DECLARE_INTERFACE (MlSecretKeeper, ml_secret_keeper, ML, SECRET_KEEPER, GObject)

struct _MlSecretKeeperInterface
{
  GTypeInterface parent_iface;

  void     (*save_site_secret_async)  (MlSecretKeeper       *self,
                                       const char           *site_id,
                                       GBytes               *secret,
                                       GCancellable         *cancellable,
                                       GAsyncReadyCallback   callback,
                                       gpointer              user_data);
  gboolean (*save_site_secret_finish) (MlSecretKeeper       *self,
                                       GAsyncResult         *result,
                                       GError              **error);
};

/* Keeps @secret as the secret of @site_id, replacing the one kept before. */
void     ml_secret_keeper_save_site_secret_async  (MlSecretKeeper       *self,
                                                   const char           *site_id,
                                                   GBytes               *secret,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
gboolean ml_secret_keeper_save_site_secret_finish (MlSecretKeeper       *self,
                                                   GAsyncResult         *result,
                                                   GError              **error);

G_END_DECLS
