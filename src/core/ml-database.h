/* ml-database.h: an SQLite store file opened the one way every Meterlink store needs
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An MlDatabase is one SQLite connection in WAL mode with foreign keys on, a busy
 * timeout, versioned migrations (PRAGMA user_version) and a cache of prepared
 * statements. It is not thread-safe by itself: its owner serialises calls (the
 * collector store holds a mutex around each public call).
 *
 * Durability: by default every commit is synchronous=FULL, so a committed
 * transaction survives a killed process and a power cut alike. Stores whose content
 * can be fetched again (a local copy of the portal) may open with
 * ML_DATABASE_FLAGS_RELAXED_SYNC (synchronous=NORMAL): still consistent and still
 * safe against a killed process, but a power cut may undo the last commits.
 */
#pragma once

#include <sqlite3.h>
#include <gio/gio.h>

G_BEGIN_DECLS

#define ML_TYPE_DATABASE (ml_database_get_type ())

G_DECLARE_FINAL_TYPE (MlDatabase, ml_database, ML, DATABASE, GObject)

typedef enum {
  ML_DATABASE_FLAGS_NONE         = 0,
  ML_DATABASE_FLAGS_RELAXED_SYNC = 1 << 0,
} MlDatabaseFlags;

/* What a failing call was doing, for its message. */
typedef enum {
  ML_DATABASE_OPENING,
  ML_DATABASE_READING,
  ML_DATABASE_WRITING,
} MlDatabaseAction;

/* A prepared statement from ml_database_prepare(): g_autoptr(MlStatement) resets it
 * and clears its bindings when it goes out of scope, so a cached statement never
 * keeps a read transaction open. */
typedef sqlite3_stmt MlStatement;

void ml_statement_release (MlStatement *statement);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MlStatement, ml_statement_release)

/* Opens (creating it when missing) the file at @path and brings its schema up to
 * version @n_migrations: migrations[i] is the SQL that takes version i to i + 1,
 * each run in its own transaction. A file whose version is higher than
 * @n_migrations fails with ML_ERROR_STORE_TOO_NEW. */
MlDatabase   *ml_database_open          (const char          *path,
                                         MlDatabaseFlags      flags,
                                         const char * const  *migrations,
                                         guint                n_migrations,
                                         GError             **error);

const char   *ml_database_get_path      (MlDatabase          *self);
sqlite3      *ml_database_get_handle    (MlDatabase          *self);
guint         ml_database_get_version   (MlDatabase          *self);

/* Runs SQL without parameters (one or more statements). Never build @sql from
 * values: bind them to a prepared statement instead. */
gboolean      ml_database_exec          (MlDatabase          *self,
                                         const char          *sql,
                                         GError             **error);

/* A cached prepared statement for @sql, reset, without bindings. Owned by the
 * database: release it (g_autoptr(MlStatement)), never finalize it. One statement
 * must not be in use twice at once. */
MlStatement  *ml_database_prepare       (MlDatabase          *self,
                                         const char          *sql,
                                         GError             **error);

/* Steps @statement to its end (for INSERT, UPDATE, DELETE). */
gboolean      ml_database_step_done     (MlDatabase          *self,
                                         MlStatement         *statement,
                                         GError             **error);

/* BEGIN IMMEDIATE: takes the write lock at once, so a transaction never fails
 * half-way for a lock another connection holds (it waits up to the busy timeout). */
gboolean      ml_database_begin         (MlDatabase          *self,
                                         GError             **error);
gboolean      ml_database_commit        (MlDatabase          *self,
                                         GError             **error);
/* Never fails: a rollback that cannot run leaves SQLite to roll back on close. */
void          ml_database_rollback      (MlDatabase          *self);
gboolean      ml_database_in_transaction (MlDatabase         *self);

/* PRAGMA integrity_check and foreign_key_check: TRUE when both are clean, or FALSE
 * with ML_ERROR_STORE_DAMAGED and what SQLite found. */
gboolean      ml_database_check_integrity (MlDatabase        *self,
                                           GError           **error);

/* Sets @error from SQLite result code @rc as a message that names the file, such
 * as "Cannot write to the store /path: the disk is full". Returns FALSE. */
gboolean      ml_database_set_error     (MlDatabase          *self,
                                         GError             **error,
                                         MlDatabaseAction     action,
                                         int                  rc);

/* Column helpers: NULL for SQL NULL. */
const char   *ml_statement_get_string   (MlStatement         *statement,
                                         int                  column);
/* @fallback for SQL NULL. */
gint64        ml_statement_get_int64    (MlStatement         *statement,
                                         int                  column,
                                         gint64               fallback);

/* Bind helpers: a NULL string, a quantity of ML_UNKNOWN (-1) and a timestamp of 0
 * or less all bind SQL NULL, so "not said" is NULL in every store. */
void          ml_statement_bind_string   (MlStatement        *statement,
                                          int                 index,
                                          const char         *value);
void          ml_statement_bind_int64    (MlStatement        *statement,
                                          int                 index,
                                          gint64              value);
void          ml_statement_bind_quantity (MlStatement        *statement,
                                          int                 index,
                                          gint64              value);
void          ml_statement_bind_time     (MlStatement        *statement,
                                          int                 index,
                                          gint64              unix_seconds);

G_END_DECLS
