/* ml-secret-keeper.c: where a site's secret is kept when not in the collector's secrets file
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "ml-secret-keeper.h"

G_DEFINE_INTERFACE (MlSecretKeeper, ml_secret_keeper, G_TYPE_OBJECT)

static void
ml_secret_keeper_default_init (MlSecretKeeperInterface *iface)
{
}

void
ml_secret_keeper_save_site_secret_async (MlSecretKeeper      *self,
                                         const char          *site_id,
                                         GBytes              *secret,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  g_return_if_fail (ML_IS_SECRET_KEEPER (self));
  g_return_if_fail (site_id != NULL);
  g_return_if_fail (secret != NULL);

  ML_SECRET_KEEPER_GET_IFACE (self)->save_site_secret_async (self, site_id, secret, cancellable,
                                                             callback, user_data);
}

gboolean
ml_secret_keeper_save_site_secret_finish (MlSecretKeeper  *self,
                                          GAsyncResult    *result,
                                          GError         **error)
{
  g_return_val_if_fail (ML_IS_SECRET_KEEPER (self), FALSE);
  g_return_val_if_fail (G_IS_ASYNC_RESULT (result), FALSE);

  return ML_SECRET_KEEPER_GET_IFACE (self)->save_site_secret_finish (self, result, error);
}
