/* ml-portal-store-collectors.c: what collectors' requests need: site secrets, nonces
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "ml-portal-store-private.h"

/* A signed request's timestamp may be 5 minutes off, so a nonce can be replayed
 * for up to 10 minutes after it was first used; it is kept for longer. */
#define NONCE_LIFETIME (15 * 60)

#define MAX_NONCE_LENGTH 128

GBytes *
ml_portal_store_lookup_site_secret (MlPortalStore  *self,
                                    const char     *site_id,
                                    GError        **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(MlStatement) statement = NULL;
  gboolean row;

  g_return_val_if_fail (ML_IS_PORTAL_STORE (self), NULL);
  g_return_val_if_fail (site_id != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  locker = g_mutex_locker_new (&self->mutex);
  statement = ml_database_prepare (self->db,
                                   "SELECT secret FROM sites WHERE public_id = :site_id", error);
  if (statement == NULL)
    return NULL;
  _ml_portal_store_bind_string (statement, ":site_id", site_id);
  if (!_ml_portal_store_next_row (self, statement, &row, error))
    return NULL;
  if (!row)
    {
      _ml_portal_store_no_such_site (site_id, error);
      return NULL;
    }

  return g_bytes_new (sqlite3_column_blob (statement, 0),
                      (gsize) sqlite3_column_bytes (statement, 0));
}

JsonNode *
ml_portal_store_describe_site (MlPortalStore  *self,
                               const char     *site_id,
                               GError        **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(MlStatement) statement = NULL;
  JsonObject *object;
  gboolean row;

  g_return_val_if_fail (ML_IS_PORTAL_STORE (self), NULL);
  g_return_val_if_fail (site_id != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  locker = g_mutex_locker_new (&self->mutex);
  statement = ml_database_prepare (self->db,
                                   "SELECT s.public_id, s.name, c.name, r.name FROM sites s "
                                   "  JOIN customers c ON c.id = s.customer_id "
                                   "  JOIN resellers r ON r.id = c.reseller_id "
                                   "WHERE s.public_id = :site_id",
                                   error);
  if (statement == NULL)
    return NULL;
  _ml_portal_store_bind_string (statement, ":site_id", site_id);
  if (!_ml_portal_store_next_row (self, statement, &row, error))
    return NULL;
  if (!row)
    {
      _ml_portal_store_no_such_site (site_id, error);
      return NULL;
    }

  object = json_object_new ();
  json_object_set_string_member (object, "site_id", ml_statement_get_string (statement, 0));
  json_object_set_string_member (object, "site", ml_statement_get_string (statement, 1));
  json_object_set_string_member (object, "customer", ml_statement_get_string (statement, 2));
  json_object_set_string_member (object, "reseller", ml_statement_get_string (statement, 3));
  return _ml_portal_store_object_node (object);
}

typedef struct
{
  const char *site_id;
  const char *nonce;
  gint64 now;
} NonceArgs;

static gboolean
use_nonce_locked (MlPortalStore  *self,
                  gpointer        data,
                  GError        **error)
{
  NonceArgs *args = data;
  g_autoptr(MlStatement) prune = NULL;
  g_autoptr(MlStatement) insert = NULL;

  prune = ml_database_prepare (self->db, "DELETE FROM nonces WHERE at < :oldest", error);
  if (prune == NULL)
    return FALSE;
  _ml_portal_store_bind_int64 (prune, ":oldest", args->now - NONCE_LIFETIME);
  if (!_ml_portal_store_step_done (self, prune, error))
    return FALSE;

  insert = ml_database_prepare (self->db,
                                "INSERT INTO nonces (site_id, nonce, at) "
                                "SELECT id, :nonce, :now FROM sites WHERE public_id = :site_id "
                                "ON CONFLICT (site_id, nonce) DO NOTHING",
                                error);
  if (insert == NULL)
    return FALSE;
  _ml_portal_store_bind_string (insert, ":site_id", args->site_id);
  _ml_portal_store_bind_string (insert, ":nonce", args->nonce);
  _ml_portal_store_bind_int64 (insert, ":now", args->now);
  if (!_ml_portal_store_step_done (self, insert, error))
    return FALSE;

  if (_ml_portal_store_changes (self) == 0)
    {
      g_autoptr(MlStatement) query = NULL;
      gboolean row;

      query = ml_database_prepare (self->db, "SELECT 1 FROM sites WHERE public_id = :site_id",
                                   error);
      if (query == NULL)
        return FALSE;
      _ml_portal_store_bind_string (query, ":site_id", args->site_id);
      if (!_ml_portal_store_next_row (self, query, &row, error))
        return FALSE;
      if (!row)
        return _ml_portal_store_no_such_site (args->site_id, error);

      g_set_error (error, ML_ERROR, ML_ERROR_REPLAYED,
                   _("This request was sent before (its nonce is used)"));
      return FALSE;
    }

  return TRUE;
}

gboolean
ml_portal_store_use_nonce (MlPortalStore  *self,
                           const char     *site_id,
                           const char     *nonce,
                           gint64          now,
                           GError        **error)
{
  NonceArgs args = { site_id, nonce, now };

  g_return_val_if_fail (ML_IS_PORTAL_STORE (self), FALSE);
  g_return_val_if_fail (site_id != NULL, FALSE);
  g_return_val_if_fail (nonce != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (*nonce == '\0' || strlen (nonce) > MAX_NONCE_LENGTH)
    {
      g_set_error (error, ML_ERROR, ML_ERROR_INVALID_VALUE,
                   _("A request nonce has 1 to %d characters"), MAX_NONCE_LENGTH);
      return FALSE;
    }

  return _ml_portal_store_write_locked (self, use_nonce_locked, &args, error);
}
