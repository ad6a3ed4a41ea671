/* ml-portal-store.c: the portal's database: opening it, its settings, and what its parts share
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One connection behind one mutex, as in the collector's store: SQLite lets one
 * writer in at a time anyway, and one connection keeps one statement cache. What is
 * slow and needs no database runs outside the mutex: parsing a bundle's payload
 * before its transaction, and the password hash of a login between two short
 * locked steps, so that one login does not hold up every upload.
 *
 * Sync: every row the reseller API shows carries change_seq, a number from one
 * counter that each write transaction advances (row by row). Writes are serialised
 * by BEGIN IMMEDIATE, so a larger number is always a later commit, and "everything
 * after cursor C" is change_seq > C.
 *
 * The store's other parts, one file each: -schema.c (the tables), -admin.c (the
 * operator's resellers, users, customers and sites), -sessions.c (logins and their
 * throttle), -collectors.c (site secrets and nonces), -payload.c and -ingest.c (a
 * bundle taken apart, then written), -site-config.c, and -queries.c (the reseller
 * API and sync).
 */

#include "config.h"

#include <errno.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "ml-portal-store-private.h"

G_DEFINE_FINAL_TYPE (MlPortalStore, ml_portal_store, G_TYPE_OBJECT)

static void
ml_portal_store_finalize (GObject *object)
{
  MlPortalStore *self = (MlPortalStore *)object;

  g_clear_object (&self->db);
  g_mutex_clear (&self->mutex);

  G_OBJECT_CLASS (ml_portal_store_parent_class)->finalize (object);
}

static void
ml_portal_store_class_init (MlPortalStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ml_portal_store_finalize;
}

static void
ml_portal_store_init (MlPortalStore *self)
{
  g_mutex_init (&self->mutex);
}

char *
ml_portal_store_default_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "meterlink", "portal.db", NULL);
}

MlPortalStore *
ml_portal_store_open (const char  *path,
                      GError     **error)
{
  g_autoptr(MlPortalStore) self = NULL;
  g_autofree char *folder = NULL;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  folder = g_path_get_dirname (path);
  if (g_mkdir_with_parents (folder, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, ML_ERROR, ML_ERROR_STORE,
                   _("Cannot create the folder %s: %s"), folder, g_strerror (saved_errno));
      return NULL;
    }

  self = g_object_new (ML_TYPE_PORTAL_STORE, NULL);
  self->db = ml_database_open (path, ML_DATABASE_FLAGS_NONE,
                               _ml_portal_store_migrations, _ml_portal_store_n_migrations,
                               error);
  if (self->db == NULL)
    return NULL;

  return g_steal_pointer (&self);
}

const char *
ml_portal_store_get_path (MlPortalStore *self)
{
  g_return_val_if_fail (ML_IS_PORTAL_STORE (self), NULL);

  return ml_database_get_path (self->db);
}

/* Statements -------------------------------------------------------------------------- */

static int
parameter (MlStatement *statement,
           const char  *name)
{
  int index = sqlite3_bind_parameter_index (statement, name);

  if (index == 0)
    g_critical ("No parameter %s in “%s”", name, sqlite3_sql (statement));
  return index;
}

void
_ml_portal_store_bind_string (MlStatement *statement,
                              const char  *name,
                              const char  *value)
{
  ml_statement_bind_string (statement, parameter (statement, name), value);
}

void
_ml_portal_store_bind_int64 (MlStatement *statement,
                             const char  *name,
                             gint64       value)
{
  ml_statement_bind_int64 (statement, parameter (statement, name), value);
}

void
_ml_portal_store_bind_quantity (MlStatement *statement,
                                const char  *name,
                                gint64       value)
{
  ml_statement_bind_quantity (statement, parameter (statement, name), value);
}

void
_ml_portal_store_bind_bytes (MlStatement *statement,
                             const char  *name,
                             GBytes      *bytes)
{
  gsize size;
  gconstpointer data = g_bytes_get_data (bytes, &size);
  int rc = sqlite3_bind_blob (statement, parameter (statement, name), data, (int) size,
                              SQLITE_TRANSIENT);

  if (rc != SQLITE_OK)
    g_critical ("Cannot bind %s of “%s”: %s", name, sqlite3_sql (statement),
                sqlite3_errstr (rc));
}

gboolean
_ml_portal_store_next_row (MlPortalStore  *self,
                           MlStatement    *statement,
                           gboolean       *out_row,
                           GError        **error)
{
  int rc = sqlite3_step (statement);

  *out_row = (rc == SQLITE_ROW);
  if (rc == SQLITE_ROW || rc == SQLITE_DONE)
    return TRUE;

  return ml_database_set_error (self->db, error, ML_DATABASE_READING, rc);
}

gboolean
_ml_portal_store_step_done (MlPortalStore  *self,
                            MlStatement    *statement,
                            GError        **error)
{
  return ml_database_step_done (self->db, statement, error);
}

gint64
_ml_portal_store_last_insert_id (MlPortalStore *self)
{
  return sqlite3_last_insert_rowid (ml_database_get_handle (self->db));
}

int
_ml_portal_store_changes (MlPortalStore *self)
{
  return sqlite3_changes (ml_database_get_handle (self->db));
}

/* JSON columns ------------------------------------------------------------------------ */

char *
_ml_portal_store_node_to_text (JsonNode *node)
{
  if (node == NULL)
    return NULL;

  return json_to_string (node, FALSE);
}

JsonNode *
_ml_portal_store_node_from_text (const char *text)
{
  if (text == NULL)
    return NULL;

  return json_from_string (text, NULL);
}

JsonNode *
_ml_portal_store_object_node (JsonObject *object)
{
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  json_node_take_object (node, object);
  return node;
}

JsonNode *
_ml_portal_store_array_node (JsonArray *array)
{
  JsonNode *node = json_node_new (JSON_NODE_ARRAY);

  json_node_take_array (node, array);
  return node;
}

/* The change counter ----------------------------------------------------------------- */

gboolean
_ml_portal_store_change_seq_read (MlPortalStore      *self,
                                  MlPortalChangeSeq  *seq,
                                  GError            **error)
{
  g_autoptr(MlStatement) statement = NULL;
  gboolean row;

  statement = ml_database_prepare (self->db,
                                   "SELECT value FROM sequences WHERE name = 'change'", error);
  if (statement == NULL || !_ml_portal_store_next_row (self, statement, &row, error))
    return FALSE;

  seq->value = row ? sqlite3_column_int64 (statement, 0) : 0;
  return TRUE;
}

gint64
_ml_portal_change_seq_next (MlPortalChangeSeq *seq)
{
  return ++seq->value;
}

gboolean
_ml_portal_store_change_seq_write (MlPortalStore      *self,
                                   MlPortalChangeSeq  *seq,
                                   GError            **error)
{
  g_autoptr(MlStatement) statement = NULL;

  statement = ml_database_prepare (self->db,
                                   "UPDATE sequences SET value = :value WHERE name = 'change'",
                                   error);
  if (statement == NULL)
    return FALSE;

  _ml_portal_store_bind_int64 (statement, ":value", seq->value);
  return _ml_portal_store_step_done (self, statement, error);
}

gboolean
_ml_portal_store_touch_customer (MlPortalStore      *self,
                                 gint64              customer_id,
                                 MlPortalChangeSeq  *seq,
                                 GError            **error)
{
  g_autoptr(MlStatement) statement = NULL;

  statement = ml_database_prepare (self->db,
                                   "UPDATE customers SET change_seq = :seq WHERE id = :id", error);
  if (statement == NULL)
    return FALSE;
  _ml_portal_store_bind_int64 (statement, ":seq", _ml_portal_change_seq_next (seq));
  _ml_portal_store_bind_int64 (statement, ":id", customer_id);
  return _ml_portal_store_step_done (self, statement, error);
}

/* Write transactions ------------------------------------------------------------------ */

gboolean
_ml_portal_store_write_locked (MlPortalStore      *self,
                               MlPortalWriteFunc   func,
                               gpointer            data,
                               GError            **error)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->mutex);

  if (!ml_database_begin (self->db, error))
    return FALSE;

  if (!func (self, data, error) || !ml_database_commit (self->db, error))
    {
      ml_database_rollback (self->db);
      return FALSE;
    }

  return TRUE;
}

/* Errors ------------------------------------------------------------------------------ */

gboolean
_ml_portal_store_no_such_site (const char  *site_id,
                               GError     **error)
{
  g_set_error (error, ML_ERROR, ML_ERROR_NOT_FOUND, _("There is no site %s"), site_id);
  return FALSE;
}

/* Settings ---------------------------------------------------------------------------- */

gboolean
ml_portal_store_set_setting (MlPortalStore  *self,
                             const char     *name,
                             const char     *value,
                             GError        **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(MlStatement) statement = NULL;

  g_return_val_if_fail (ML_IS_PORTAL_STORE (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);
  g_return_val_if_fail (value != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  locker = g_mutex_locker_new (&self->mutex);
  statement = ml_database_prepare (self->db,
                                   "INSERT INTO settings (name, value) VALUES (:name, :value) "
                                   "ON CONFLICT (name) DO UPDATE SET value = excluded.value",
                                   error);
  if (statement == NULL)
    return FALSE;
  _ml_portal_store_bind_string (statement, ":name", name);
  _ml_portal_store_bind_string (statement, ":value", value);
  return _ml_portal_store_step_done (self, statement, error);
}

char *
ml_portal_store_dup_setting (MlPortalStore  *self,
                             const char     *name,
                             GError        **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(MlStatement) statement = NULL;
  gboolean row;

  g_return_val_if_fail (ML_IS_PORTAL_STORE (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  locker = g_mutex_locker_new (&self->mutex);
  statement = ml_database_prepare (self->db, "SELECT value FROM settings WHERE name = :name",
                                   error);
  if (statement == NULL)
    return NULL;
  _ml_portal_store_bind_string (statement, ":name", name);
  if (!_ml_portal_store_next_row (self, statement, &row, error) || !row)
    return NULL;

  return g_strdup (ml_statement_get_string (statement, 0));
}
