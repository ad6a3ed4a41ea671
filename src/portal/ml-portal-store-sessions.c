/* ml-portal-store-sessions.c: logins, session tokens and the throttle on failed logins
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <gnutls/crypto.h>
#include <gnutls/gnutls.h>

#include "ml-password.h"
#include "ml-portal-store-private.h"

#define TOKEN_SIZE 32

static char *
hash_token (const char *token)
{
  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, token, -1);
}

/* 32 random bytes as unpadded base64url: 43 characters. */
static char *
new_token (GError **error)
{
  guint8 bytes[TOKEN_SIZE];
  g_autofree char *text = NULL;

  if (gnutls_rnd (GNUTLS_RND_KEY, bytes, sizeof bytes) != 0)
    {
      g_set_error (error, ML_ERROR, ML_ERROR_FAILED,
                   _("Cannot create a session: the random number generator failed"));
      return NULL;
    }

  text = g_base64_encode (bytes, sizeof bytes);
  gnutls_memset (bytes, 0, sizeof bytes);
  g_strdelimit (text, "+", '-');
  g_strdelimit (text, "/", '_');
  *strchr (text, '=') = '\0';
  return g_steal_pointer (&text);
}

static gboolean
wrong_credentials (GError **error)
{
  /* One message for an unknown login and a wrong password alike. */
  g_set_error (error, ML_ERROR, ML_ERROR_AUTHENTICATION, _("Wrong login or password"));
  return FALSE;
}

typedef struct
{
  gint64 user_id;
  gint64 now;
  const char *token_hash;
  const char *stored_hash;
  const char *new_hash;     /* nullable: a rehash with today's rounds */
} SessionArgs;

static gboolean
insert_session_locked (MlPortalStore  *self,
                       gpointer        data,
                       GError        **error)
{
  SessionArgs *args = data;
  g_autoptr(MlStatement) prune = NULL;
  g_autoptr(MlStatement) insert = NULL;
  g_autoptr(MlStatement) rehash = NULL;

  prune = ml_database_prepare (self->db, "DELETE FROM sessions WHERE expires_at <= :now", error);
  if (prune == NULL)
    return FALSE;
  _ml_portal_store_bind_int64 (prune, ":now", args->now);
  if (!_ml_portal_store_step_done (self, prune, error))
    return FALSE;

  /* The user may have gone while we hashed: then there is no row to insert. */
  insert = ml_database_prepare (self->db,
                                "INSERT INTO sessions (token_hash, user_id, created_at, "
                                "  expires_at) "
                                "SELECT :token_hash, id, :now, :expires_at FROM users "
                                "WHERE id = :user_id",
                                error);
  if (insert == NULL)
    return FALSE;
  _ml_portal_store_bind_string (insert, ":token_hash", args->token_hash);
  _ml_portal_store_bind_int64 (insert, ":user_id", args->user_id);
  _ml_portal_store_bind_int64 (insert, ":now", args->now);
  _ml_portal_store_bind_int64 (insert, ":expires_at", args->now + ML_PORTAL_TOKEN_LIFETIME);
  if (!_ml_portal_store_step_done (self, insert, error))
    return FALSE;
  if (_ml_portal_store_changes (self) == 0)
    return wrong_credentials (error);

  if (args->new_hash == NULL)
    return TRUE;

  rehash = ml_database_prepare (self->db,
                                "UPDATE users SET password_hash = :hash "
                                "WHERE id = :id AND password_hash = :old",
                                error);
  if (rehash == NULL)
    return FALSE;
  _ml_portal_store_bind_string (rehash, ":hash", args->new_hash);
  _ml_portal_store_bind_string (rehash, ":old", args->stored_hash);
  _ml_portal_store_bind_int64 (rehash, ":id", args->user_id);
  return _ml_portal_store_step_done (self, rehash, error);
}

gboolean
ml_portal_store_create_session (MlPortalStore  *self,
                                const char     *login,
                                const char     *password,
                                gint64          now,
                                char          **out_token,
                                GError        **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(MlStatement) query = NULL;
  g_autofree char *stored = NULL;
  g_autofree char *token = NULL;
  g_autofree char *token_hash = NULL;
  g_autofree char *new_hash = NULL;
  SessionArgs args = { 0 };
  gint64 user_id = 0;
  gboolean row;

  g_return_val_if_fail (ML_IS_PORTAL_STORE (self), FALSE);
  g_return_val_if_fail (login != NULL, FALSE);
  g_return_val_if_fail (password != NULL, FALSE);
  g_return_val_if_fail (out_token != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  locker = g_mutex_locker_new (&self->mutex);
  query = ml_database_prepare (self->db,
                               "SELECT id, password_hash FROM users WHERE login = :login", error);
  if (query == NULL)
    return FALSE;
  _ml_portal_store_bind_string (query, ":login", login);
  if (!_ml_portal_store_next_row (self, query, &row, error))
    return FALSE;
  if (row)
    {
      user_id = sqlite3_column_int64 (query, 0);
      stored = g_strdup (ml_statement_get_string (query, 1));
    }
  g_clear_pointer (&query, ml_statement_release);
  g_clear_pointer (&locker, g_mutex_locker_free);

  /* The slow part, without the mutex. An unknown login (stored NULL) costs the same. */
  if (!ml_password_verify (password, stored) || user_id == 0)
    return wrong_credentials (error);

  if (ml_password_needs_rehash (stored) &&
      (new_hash = ml_password_hash (password, error)) == NULL)
    return FALSE;

  if ((token = new_token (error)) == NULL)
    return FALSE;
  token_hash = hash_token (token);

  args.user_id = user_id;
  args.now = now;
  args.token_hash = token_hash;
  args.stored_hash = stored;
  args.new_hash = new_hash;
  if (!_ml_portal_store_write_locked (self, insert_session_locked, &args, error))
    return FALSE;

  *out_token = g_steal_pointer (&token);
  return TRUE;
}

static gboolean
token_is_well_formed (const char *token)
{
  if (strlen (token) != 43)
    return FALSE;

  for (const char *p = token; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_')
      return FALSE;

  return TRUE;
}

gboolean
ml_portal_store_check_token (MlPortalStore  *self,
                             const char     *token,
                             gint64          now,
                             gint64         *out_reseller_id,
                             gint64         *out_user_id,
                             MlPortalRole   *out_role,
                             GError        **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(MlStatement) statement = NULL;
  g_autofree char *token_hash = NULL;
  gboolean row;

  g_return_val_if_fail (ML_IS_PORTAL_STORE (self), FALSE);
  g_return_val_if_fail (token != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!token_is_well_formed (token))
    {
      g_set_error (error, ML_ERROR, ML_ERROR_AUTHENTICATION, _("The session token is not valid"));
      return FALSE;
    }

  token_hash = hash_token (token);
  locker = g_mutex_locker_new (&self->mutex);
  statement = ml_database_prepare (self->db,
                                   "SELECT u.reseller_id, u.id, u.role FROM sessions s "
                                   "  JOIN users u ON u.id = s.user_id "
                                   "WHERE s.token_hash = :token_hash AND s.expires_at > :now",
                                   error);
  if (statement == NULL)
    return FALSE;
  _ml_portal_store_bind_string (statement, ":token_hash", token_hash);
  _ml_portal_store_bind_int64 (statement, ":now", now);
  if (!_ml_portal_store_next_row (self, statement, &row, error))
    return FALSE;
  if (!row)
    {
      g_set_error (error, ML_ERROR, ML_ERROR_AUTHENTICATION,
                   _("The session has expired or does not exist; sign in again"));
      return FALSE;
    }

  if (out_reseller_id != NULL)
    *out_reseller_id = sqlite3_column_int64 (statement, 0);
  if (out_user_id != NULL)
    *out_user_id = sqlite3_column_int64 (statement, 1);
  if (out_role != NULL)
    *out_role = g_strcmp0 (ml_statement_get_string (statement, 2), "admin") == 0
                  ? ML_PORTAL_ROLE_ADMIN : ML_PORTAL_ROLE_VIEWER;
  return TRUE;
}

/* Throttling -------------------------------------------------------------------------- */

gboolean
ml_portal_store_check_throttle (MlPortalStore  *self,
                                const char     *key,
                                guint           max_failures,
                                gint64          now,
                                gint64         *out_retry_after,
                                GError        **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(MlStatement) statement = NULL;
  gint64 count, window_end;
  gboolean row;

  g_return_val_if_fail (ML_IS_PORTAL_STORE (self), FALSE);
  g_return_val_if_fail (key != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (out_retry_after != NULL)
    *out_retry_after = 0;

  locker = g_mutex_locker_new (&self->mutex);
  statement = ml_database_prepare (self->db,
                                   "SELECT count, window_start FROM login_failures "
                                   "WHERE key = :key",
                                   error);
  if (statement == NULL)
    return FALSE;
  _ml_portal_store_bind_string (statement, ":key", key);
  if (!_ml_portal_store_next_row (self, statement, &row, error))
    return FALSE;
  if (!row)
    return TRUE;

  count = sqlite3_column_int64 (statement, 0);
  window_end = sqlite3_column_int64 (statement, 1) + ML_PORTAL_THROTTLE_WINDOW;
  if (count < max_failures || window_end <= now)
    return TRUE;

  if (out_retry_after != NULL)
    *out_retry_after = window_end - now;
  g_set_error (error, ML_ERROR, ML_ERROR_THROTTLED,
               g_dngettext (GETTEXT_PACKAGE,
                            "Too many failed logins; try again in %d minute",
                            "Too many failed logins; try again in %d minutes",
                            (gulong) ((window_end - now + 59) / 60)),
               (int) ((window_end - now + 59) / 60));
  return FALSE;
}

typedef struct
{
  const char *key;
  gint64 now;
} FailureArgs;

static gboolean
record_login_failure_locked (MlPortalStore  *self,
                             gpointer        data,
                             GError        **error)
{
  FailureArgs *args = data;
  g_autoptr(MlStatement) prune = NULL;
  g_autoptr(MlStatement) record = NULL;

  /* Windows that ended are forgotten, so guessed logins do not pile up. */
  prune = ml_database_prepare (self->db,
                               "DELETE FROM login_failures WHERE window_start <= :oldest", error);
  if (prune == NULL)
    return FALSE;
  _ml_portal_store_bind_int64 (prune, ":oldest", args->now - ML_PORTAL_THROTTLE_WINDOW);
  if (!_ml_portal_store_step_done (self, prune, error))
    return FALSE;

  record = ml_database_prepare (self->db,
                                "INSERT INTO login_failures (key, count, window_start) "
                                "VALUES (:key, 1, :now) "
                                "ON CONFLICT (key) DO UPDATE SET count = count + 1",
                                error);
  if (record == NULL)
    return FALSE;
  _ml_portal_store_bind_string (record, ":key", args->key);
  _ml_portal_store_bind_int64 (record, ":now", args->now);
  return _ml_portal_store_step_done (self, record, error);
}

gboolean
ml_portal_store_record_login_failure (MlPortalStore  *self,
                                      const char     *key,
                                      gint64          now,
                                      GError        **error)
{
  FailureArgs args = { key, now };

  g_return_val_if_fail (ML_IS_PORTAL_STORE (self), FALSE);
  g_return_val_if_fail (key != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return _ml_portal_store_write_locked (self, record_login_failure_locked, &args, error);
}

gboolean
ml_portal_store_clear_login_failures (MlPortalStore  *self,
                                      const char     *key,
                                      GError        **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(MlStatement) statement = NULL;

  g_return_val_if_fail (ML_IS_PORTAL_STORE (self), FALSE);
  g_return_val_if_fail (key != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  locker = g_mutex_locker_new (&self->mutex);
  statement = ml_database_prepare (self->db, "DELETE FROM login_failures WHERE key = :key",
                                   error);
  if (statement == NULL)
    return FALSE;
  _ml_portal_store_bind_string (statement, ":key", key);
  return _ml_portal_store_step_done (self, statement, error);
}
