/* ml-database.c: an SQLite store file opened the one way every Meterlink store needs
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "ml-database.h"
#include "ml-error.h"
#include "ml-units.h"

/* Long enough for another process's transaction of one printer to finish, short
 * enough that a wedged process is reported rather than waited for forever. */
#define BUSY_TIMEOUT_MS 10000

struct _MlDatabase
{
  GObject parent_instance;

  char *path;
  sqlite3 *db;
  guint version;
  GHashTable *statements;   /* SQL text → sqlite3_stmt */
};

G_DEFINE_FINAL_TYPE (MlDatabase, ml_database, G_TYPE_OBJECT)

static void
ml_database_finalize (GObject *object)
{
  MlDatabase *self = (MlDatabase *)object;

  /* Statements first: a connection with unfinalized statements does not close. */
  g_clear_pointer (&self->statements, g_hash_table_unref);
  if (self->db != NULL)
    {
      sqlite3_close_v2 (self->db);
      self->db = NULL;
    }
  g_clear_pointer (&self->path, g_free);

  G_OBJECT_CLASS (ml_database_parent_class)->finalize (object);
}

static void
ml_database_class_init (MlDatabaseClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ml_database_finalize;
}

static void
finalize_statement (gpointer data)
{
  sqlite3_finalize (data);
}

static void
ml_database_init (MlDatabase *self)
{
  self->statements = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                            finalize_statement);
}

/* A phrase for a system error where we have a better one than strerror's. */
static const char *
describe_errno (int system_errno)
{
  switch (system_errno)
    {
    case ENOSPC:
      return _("the disk is full");
    case EACCES:
    case EPERM:
      return _("permission denied");
    case EROFS:
      return _("the file system is read-only");
    case ENOENT:
      return _("the folder does not exist");
    case EISDIR:
      return _("it is a folder, not a file");
    case 0:
      return NULL;
    default:
      return g_strerror (system_errno);
    }
}

/* A phrase for what went wrong, for a person: the disk, the permissions or the file
 * itself, rather than SQLite's own words where we can tell. */
static char *
describe_failure (sqlite3 *db,
                  int      rc)
{
  int system_errno = db != NULL ? sqlite3_system_errno (db) : 0;

  switch (rc & 0xff)
    {
    case SQLITE_FULL:
      return g_strdup (_("the disk is full"));

    case SQLITE_CANTOPEN:
    case SQLITE_IOERR:
    case SQLITE_PERM:
      if (system_errno != 0)
        return g_strdup (describe_errno (system_errno));
      if ((rc & 0xff) == SQLITE_PERM)
        return g_strdup (_("permission denied"));
      if ((rc & 0xff) == SQLITE_CANTOPEN)
        return g_strdup (_("the file cannot be opened or created"));
      return g_strdup (_("input/output error"));

    case SQLITE_READONLY:
      return g_strdup (_("the file is read-only"));

    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return g_strdup (_("the file is damaged or is not a Meterlink store"));

    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return g_strdup (_("another program is keeping it busy"));

    case SQLITE_NOMEM:
      return g_strdup (_("out of memory"));

    default:
      /* Constraint failures and the like are our own mistakes: SQLite's words say
       * most to whoever reads the report. */
      return g_strdup (db != NULL ? sqlite3_errmsg (db) : sqlite3_errstr (rc));
    }
}

static gboolean
set_error_for (const char       *path,
               sqlite3          *db,
               GError          **error,
               MlDatabaseAction  action,
               int               rc)
{
  g_autofree char *reason = describe_failure (db, rc);

  switch (action)
    {
    case ML_DATABASE_OPENING:
      g_set_error (error, ML_ERROR, ML_ERROR_STORE,
                   _("Cannot open the store %s: %s"), path, reason);
      break;

    case ML_DATABASE_READING:
      g_set_error (error, ML_ERROR, ML_ERROR_STORE,
                   _("Cannot read the store %s: %s"), path, reason);
      break;

    case ML_DATABASE_WRITING:
    default:
      g_set_error (error, ML_ERROR, ML_ERROR_STORE,
                   _("Cannot write to the store %s: %s"), path, reason);
      break;
    }

  return FALSE;
}

gboolean
ml_database_set_error (MlDatabase        *self,
                       GError           **error,
                       MlDatabaseAction   action,
                       int                rc)
{
  g_return_val_if_fail (ML_IS_DATABASE (self), FALSE);

  return set_error_for (self->path, self->db, error, action, rc);
}

static gboolean
exec_for (MlDatabase        *self,
          const char        *sql,
          MlDatabaseAction   action,
          GError           **error)
{
  int rc = sqlite3_exec (self->db, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    return set_error_for (self->path, self->db, error, action, rc);

  return TRUE;
}

gboolean
ml_database_exec (MlDatabase  *self,
                  const char  *sql,
                  GError     **error)
{
  g_return_val_if_fail (ML_IS_DATABASE (self), FALSE);
  g_return_val_if_fail (sql != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return exec_for (self, sql, ML_DATABASE_WRITING, error);
}

/* Runs a PRAGMA that answers with one text row, such as journal_mode. */
static char *
query_text (MlDatabase        *self,
            const char        *sql,
            MlDatabaseAction   action,
            GError           **error)
{
  sqlite3_stmt *statement = NULL;
  char *text = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (self->db, sql, -1, &statement, NULL);
  if (rc == SQLITE_OK)
    {
      rc = sqlite3_step (statement);
      if (rc == SQLITE_ROW)
        {
          text = g_strdup ((const char *) sqlite3_column_text (statement, 0));
          rc = SQLITE_OK;
        }
      else if (rc == SQLITE_DONE)
        rc = SQLITE_OK;
    }

  if (rc != SQLITE_OK)
    set_error_for (self->path, self->db, error, action, rc);
  else if (text == NULL)
    text = g_strdup ("");

  sqlite3_finalize (statement);
  return text;
}

static gboolean
read_version (MlDatabase *self,
              guint      *out_version,
              GError    **error)
{
  g_autofree char *text = query_text (self, "PRAGMA user_version", ML_DATABASE_OPENING, error);
  guint64 version;

  if (text == NULL)
    return FALSE;

  version = g_ascii_strtoull (text, NULL, 10);
  *out_version = (guint) MIN (version, G_MAXUINT);
  return TRUE;
}

static gboolean
too_new_error (MlDatabase  *self,
               guint        found,
               guint        known,
               GError     **error)
{
  g_set_error (error, ML_ERROR, ML_ERROR_STORE_TOO_NEW,
               _("Cannot open the store %s: this store was written by a newer Meterlink "
                 "(schema version %u, this program knows up to %u)"),
               self->path, found, known);
  return FALSE;
}

/* Each step in its own transaction, so a crash between steps leaves a store at a
 * known version that the next start continues from. The version is read again
 * inside the transaction: another process may have migrated meanwhile. */
static gboolean
migrate (MlDatabase          *self,
         const char * const  *migrations,
         guint                n_migrations,
         GError             **error)
{
  if (!read_version (self, &self->version, error))
    return FALSE;

  if (self->version > n_migrations)
    return too_new_error (self, self->version, n_migrations, error);

  while (self->version < n_migrations)
    {
      g_autofree char *set_version = NULL;
      guint version;

      if (!exec_for (self, "BEGIN IMMEDIATE", ML_DATABASE_OPENING, error))
        return FALSE;

      if (!read_version (self, &version, error))
        {
          ml_database_rollback (self);
          return FALSE;
        }

      if (version >= n_migrations)
        {
          ml_database_rollback (self);
          self->version = version;
          if (version > n_migrations)
            return too_new_error (self, version, n_migrations, error);
          break;
        }

      /* PRAGMA takes no bound parameters; the value is our own counter, never input. */
      set_version = g_strdup_printf ("PRAGMA user_version = %u", version + 1);

      if (!exec_for (self, migrations[version], ML_DATABASE_OPENING, error) ||
          !exec_for (self, set_version, ML_DATABASE_OPENING, error) ||
          !exec_for (self, "COMMIT", ML_DATABASE_OPENING, error))
        {
          ml_database_rollback (self);
          return FALSE;
        }

      self->version = version + 1;
    }

  return TRUE;
}

/* The store holds user names and account IDs: create it readable by its owner only.
 * SQLite gives the -wal and -shm files the permissions of the database file. */
static gboolean
create_private_file (const char  *path,
                     GError     **error)
{
  int fd = g_open (path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);

  if (fd < 0)
    {
      int saved_errno = errno;

      g_set_error (error, ML_ERROR, ML_ERROR_STORE,
                   _("Cannot open the store %s: %s"), path, describe_errno (saved_errno));
      return FALSE;
    }

  close (fd);
  return TRUE;
}

MlDatabase *
ml_database_open (const char          *path,
                  MlDatabaseFlags      flags,
                  const char * const  *migrations,
                  guint                n_migrations,
                  GError             **error)
{
  g_autoptr(MlDatabase) self = NULL;
  g_autofree char *journal_mode = NULL;
  const char *synchronous;
  int rc;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (migrations != NULL || n_migrations == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (ML_TYPE_DATABASE, NULL);
  self->path = g_strdup (path);

  if (!g_file_test (path, G_FILE_TEST_EXISTS) && !create_private_file (path, error))
    return NULL;

  rc = sqlite3_open_v2 (path, &self->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
  if (rc != SQLITE_OK)
    {
      set_error_for (self->path, self->db, error, ML_DATABASE_OPENING, rc);
      return NULL;
    }

  sqlite3_extended_result_codes (self->db, 1);
  sqlite3_busy_timeout (self->db, BUSY_TIMEOUT_MS);

  /* journal_mode is the first statement that reads the file: a file that is not a
   * database fails here. */
  journal_mode = query_text (self, "PRAGMA journal_mode = WAL", ML_DATABASE_OPENING, error);
  if (journal_mode == NULL)
    return NULL;
  if (g_ascii_strcasecmp (journal_mode, "wal") != 0)
    {
      g_set_error (error, ML_ERROR, ML_ERROR_STORE,
                   _("Cannot open the store %s: its file system does not support "
                     "the write-ahead log SQLite needs"), path);
      return NULL;
    }

  /* WAL with synchronous=NORMAL already survives a killed process (a commit is in
   * the log before COMMIT returns); FULL also syncs the log at each commit, so a
   * power cut cannot undo a transaction we already reported as stored. */
  synchronous = (flags & ML_DATABASE_FLAGS_RELAXED_SYNC) != 0
                  ? "PRAGMA synchronous = NORMAL"
                  : "PRAGMA synchronous = FULL";

  if (!exec_for (self, "PRAGMA foreign_keys = ON", ML_DATABASE_OPENING, error) ||
      !exec_for (self, synchronous, ML_DATABASE_OPENING, error) ||
      !exec_for (self, "PRAGMA trusted_schema = OFF", ML_DATABASE_OPENING, error))
    return NULL;

  if (!migrate (self, migrations, n_migrations, error))
    return NULL;

  return g_steal_pointer (&self);
}

const char *
ml_database_get_path (MlDatabase *self)
{
  g_return_val_if_fail (ML_IS_DATABASE (self), NULL);

  return self->path;
}

sqlite3 *
ml_database_get_handle (MlDatabase *self)
{
  g_return_val_if_fail (ML_IS_DATABASE (self), NULL);

  return self->db;
}

guint
ml_database_get_version (MlDatabase *self)
{
  g_return_val_if_fail (ML_IS_DATABASE (self), 0);

  return self->version;
}

MlStatement *
ml_database_prepare (MlDatabase  *self,
                     const char  *sql,
                     GError     **error)
{
  sqlite3_stmt *statement;
  int rc;

  g_return_val_if_fail (ML_IS_DATABASE (self), NULL);
  g_return_val_if_fail (sql != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  statement = g_hash_table_lookup (self->statements, sql);
  if (statement != NULL)
    {
      /* A busy statement here means two users of one statement at once: their
       * bindings and rows would mix. */
      if (sqlite3_stmt_busy (statement))
        g_critical ("Statement in use twice: %s", sql);
      sqlite3_reset (statement);
      sqlite3_clear_bindings (statement);
      return statement;
    }

  rc = sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &statement, NULL);
  if (rc != SQLITE_OK)
    {
      set_error_for (self->path, self->db, error, ML_DATABASE_READING, rc);
      return NULL;
    }

  g_hash_table_insert (self->statements, g_strdup (sql), statement);
  return statement;
}

void
ml_statement_release (MlStatement *statement)
{
  if (statement == NULL)
    return;

  sqlite3_reset (statement);
  sqlite3_clear_bindings (statement);
}

gboolean
ml_database_step_done (MlDatabase   *self,
                       MlStatement  *statement,
                       GError      **error)
{
  int rc;

  g_return_val_if_fail (ML_IS_DATABASE (self), FALSE);
  g_return_val_if_fail (statement != NULL, FALSE);

  while ((rc = sqlite3_step (statement)) == SQLITE_ROW)
    ;

  if (rc != SQLITE_DONE)
    return set_error_for (self->path, self->db, error, ML_DATABASE_WRITING, rc);

  return TRUE;
}

gboolean
ml_database_begin (MlDatabase  *self,
                   GError     **error)
{
  g_return_val_if_fail (ML_IS_DATABASE (self), FALSE);
  g_return_val_if_fail (!ml_database_in_transaction (self), FALSE);

  return exec_for (self, "BEGIN IMMEDIATE", ML_DATABASE_WRITING, error);
}

gboolean
ml_database_commit (MlDatabase  *self,
                    GError     **error)
{
  g_return_val_if_fail (ML_IS_DATABASE (self), FALSE);

  if (!exec_for (self, "COMMIT", ML_DATABASE_WRITING, error))
    {
      /* A failed COMMIT leaves the transaction open; nothing of it may stay. */
      ml_database_rollback (self);
      return FALSE;
    }

  return TRUE;
}

void
ml_database_rollback (MlDatabase *self)
{
  g_return_if_fail (ML_IS_DATABASE (self));

  if (ml_database_in_transaction (self))
    sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
}

gboolean
ml_database_in_transaction (MlDatabase *self)
{
  g_return_val_if_fail (ML_IS_DATABASE (self), FALSE);

  return sqlite3_get_autocommit (self->db) == 0;
}

gboolean
ml_database_check_integrity (MlDatabase  *self,
                             GError     **error)
{
  g_autoptr(GPtrArray) problems = NULL;
  sqlite3_stmt *statement = NULL;
  int rc;

  g_return_val_if_fail (ML_IS_DATABASE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  problems = g_ptr_array_new_with_free_func (g_free);

  rc = sqlite3_prepare_v2 (self->db, "PRAGMA integrity_check", -1, &statement, NULL);
  while (rc == SQLITE_OK && (rc = sqlite3_step (statement)) == SQLITE_ROW)
    {
      const char *line = (const char *) sqlite3_column_text (statement, 0);

      if (g_strcmp0 (line, "ok") != 0)
        g_ptr_array_add (problems, g_strdup (line));
      rc = SQLITE_OK;
    }
  sqlite3_finalize (statement);
  statement = NULL;
  if (rc != SQLITE_DONE)
    {
      /* A file too damaged to check is damaged. */
      if ((rc & 0xff) == SQLITE_CORRUPT || (rc & 0xff) == SQLITE_NOTADB)
        g_ptr_array_add (problems, g_strdup (sqlite3_errmsg (self->db)));
      else
        return set_error_for (self->path, self->db, error, ML_DATABASE_READING, rc);
    }

  rc = sqlite3_prepare_v2 (self->db, "PRAGMA foreign_key_check", -1, &statement, NULL);
  while (rc == SQLITE_OK && (rc = sqlite3_step (statement)) == SQLITE_ROW)
    {
      g_ptr_array_add (problems,
                       g_strdup_printf (_("row %lld of %s refers to a missing row of %s"),
                                        (long long) sqlite3_column_int64 (statement, 1),
                                        (const char *) sqlite3_column_text (statement, 0),
                                        (const char *) sqlite3_column_text (statement, 2)));
      rc = SQLITE_OK;
    }
  sqlite3_finalize (statement);
  if (rc != SQLITE_DONE)
    return set_error_for (self->path, self->db, error, ML_DATABASE_READING, rc);

  if (problems->len > 0)
    {
      g_autofree char *joined = NULL;

      g_ptr_array_add (problems, NULL);
      joined = g_strjoinv ("; ", (char **) problems->pdata);
      g_set_error (error, ML_ERROR, ML_ERROR_STORE_DAMAGED,
                   _("The store %s is damaged: %s"), self->path, joined);
      return FALSE;
    }

  return TRUE;
}

const char *
ml_statement_get_string (MlStatement *statement,
                         int          column)
{
  return (const char *) sqlite3_column_text (statement, column);
}

gint64
ml_statement_get_int64 (MlStatement *statement,
                        int          column,
                        gint64       fallback)
{
  if (sqlite3_column_type (statement, column) == SQLITE_NULL)
    return fallback;

  return sqlite3_column_int64 (statement, column);
}

/* Binding fails only for a wrong index or type: a mistake in our SQL. */
static void
check_bind (MlStatement *statement,
            int          index,
            int          rc)
{
  if (rc != SQLITE_OK)
    g_critical ("Cannot bind parameter %d of “%s”: %s", index,
                sqlite3_sql (statement), sqlite3_errstr (rc));
}

void
ml_statement_bind_string (MlStatement *statement,
                          int          index,
                          const char  *value)
{
  if (value == NULL)
    check_bind (statement, index, sqlite3_bind_null (statement, index));
  else
    check_bind (statement, index,
                sqlite3_bind_text (statement, index, value, -1, SQLITE_TRANSIENT));
}

void
ml_statement_bind_int64 (MlStatement *statement,
                         int          index,
                         gint64       value)
{
  check_bind (statement, index, sqlite3_bind_int64 (statement, index, value));
}

void
ml_statement_bind_quantity (MlStatement *statement,
                            int          index,
                            gint64       value)
{
  if (value == ML_UNKNOWN)
    check_bind (statement, index, sqlite3_bind_null (statement, index));
  else
    check_bind (statement, index, sqlite3_bind_int64 (statement, index, value));
}

void
ml_statement_bind_time (MlStatement *statement,
                        int          index,
                        gint64       unix_seconds)
{
  if (unix_seconds <= 0)
    check_bind (statement, index, sqlite3_bind_null (statement, index));
  else
    check_bind (statement, index, sqlite3_bind_int64 (statement, index, unix_seconds));
}
