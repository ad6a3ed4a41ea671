/* test-database.c: opening stores, migrations, transactions and integrity checks
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>

#include "meterlink-core.h"

typedef struct
{
  char *dir;
  char *path;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("ml-database-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->path = g_build_filename (fixture->dir, "store.db", NULL);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GDir) dir = g_dir_open (fixture->dir, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (fixture->dir, name, NULL);

      g_unlink (path);
    }
  g_rmdir (fixture->dir);
  g_clear_pointer (&fixture->dir, g_free);
  g_clear_pointer (&fixture->path, g_free);
}

/* Version 2 inserts a row: a migration that ran twice would show as two rows, and
 * version 1 would fail outright (the table exists). */
static const char * const migrations[] = {
  "CREATE TABLE things (id INTEGER PRIMARY KEY, name TEXT NOT NULL);",
  "CREATE TABLE parts (id INTEGER PRIMARY KEY,"
  "  thing_id INTEGER NOT NULL REFERENCES things (id));"
  "INSERT INTO things (name) VALUES ('first');",
};

static gint64
query_int (MlDatabase *db,
           const char *sql)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MlStatement) statement = ml_database_prepare (db, sql, &error);

  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_step (statement), ==, SQLITE_ROW);
  return sqlite3_column_int64 (statement, 0);
}

static char *
query_text (MlDatabase *db,
            const char *sql)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MlStatement) statement = ml_database_prepare (db, sql, &error);

  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_step (statement), ==, SQLITE_ROW);
  return g_strdup ((const char *) sqlite3_column_text (statement, 0));
}

static MlDatabase *
open_database (Fixture         *fixture,
               MlDatabaseFlags  flags,
               guint            n_migrations)
{
  g_autoptr(GError) error = NULL;
  MlDatabase *db = ml_database_open (fixture->path, flags, migrations, n_migrations, &error);

  g_assert_no_error (error);
  g_assert_nonnull (db);
  return db;
}

static void
test_migrate_from_empty (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(MlDatabase) db = open_database (fixture, ML_DATABASE_FLAGS_NONE, 2);
  g_autofree char *journal_mode = NULL;
  struct stat st;

  g_assert_cmpuint (ml_database_get_version (db), ==, 2);
  g_assert_cmpint (query_int (db, "PRAGMA user_version"), ==, 2);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM things"), ==, 1);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM parts"), ==, 0);
  g_assert_cmpstr (ml_database_get_path (db), ==, fixture->path);

  journal_mode = query_text (db, "PRAGMA journal_mode");
  g_assert_cmpstr (journal_mode, ==, "wal");
  g_assert_cmpint (query_int (db, "PRAGMA foreign_keys"), ==, 1);
  g_assert_cmpint (query_int (db, "PRAGMA synchronous"), ==, 2);   /* FULL */
  g_assert_cmpint (query_int (db, "PRAGMA busy_timeout"), >, 0);

  /* The store holds user names: its owner's eyes only. */
  g_assert_cmpint (g_stat (fixture->path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  g_assert_finalize_object (g_steal_pointer (&db));
}

static void
test_relaxed_sync (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(MlDatabase) db = open_database (fixture, ML_DATABASE_FLAGS_RELAXED_SYNC, 2);

  g_assert_cmpint (query_int (db, "PRAGMA synchronous"), ==, 1);   /* NORMAL */
}

static void
test_reopen_is_noop (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(MlDatabase) db = open_database (fixture, ML_DATABASE_FLAGS_NONE, 2);

  g_clear_object (&db);
  db = open_database (fixture, ML_DATABASE_FLAGS_NONE, 2);
  g_assert_cmpuint (ml_database_get_version (db), ==, 2);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM things"), ==, 1);
}

static void
test_upgrade (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(MlDatabase) db = open_database (fixture, ML_DATABASE_FLAGS_NONE, 1);

  g_assert_cmpuint (ml_database_get_version (db), ==, 1);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM things"), ==, 0);
  g_clear_object (&db);

  db = open_database (fixture, ML_DATABASE_FLAGS_NONE, 2);
  g_assert_cmpuint (ml_database_get_version (db), ==, 2);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM things"), ==, 1);
}

static void
test_newer_version (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(MlDatabase) db = open_database (fixture, ML_DATABASE_FLAGS_NONE, 2);
  g_autoptr(GError) error = NULL;
  MlDatabase *older;

  g_clear_object (&db);
  older = ml_database_open (fixture->path, ML_DATABASE_FLAGS_NONE, migrations, 1, &error);
  g_assert_null (older);
  g_assert_error (error, ML_ERROR, ML_ERROR_STORE_TOO_NEW);
  g_assert_nonnull (strstr (error->message, "this store was written by a newer Meterlink"));
  g_assert_nonnull (strstr (error->message, fixture->path));
}

static void
test_failed_migration (Fixture       *fixture,
                       gconstpointer  data)
{
  static const char * const broken[] = {
    "CREATE TABLE things (id INTEGER PRIMARY KEY, name TEXT NOT NULL);",
    "CREATE TABLE half (id INTEGER PRIMARY KEY); THIS IS NOT SQL;",
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(MlDatabase) db = NULL;

  db = ml_database_open (fixture->path, ML_DATABASE_FLAGS_NONE, broken, 2, &error);
  g_assert_null (db);
  g_assert_error (error, ML_ERROR, ML_ERROR_STORE);
  g_assert_nonnull (strstr (error->message, fixture->path));

  /* Step 1 stays done, nothing of step 2 stays. */
  db = open_database (fixture, ML_DATABASE_FLAGS_NONE, 1);
  g_assert_cmpuint (ml_database_get_version (db), ==, 1);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM sqlite_schema WHERE name = 'half'"),
                   ==, 0);
}

static void
test_integrity (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(MlDatabase) db = open_database (fixture, ML_DATABASE_FLAGS_NONE, 2);
  g_autoptr(GError) error = NULL;

  g_assert_true (ml_database_check_integrity (db, &error));
  g_assert_no_error (error);

  /* A row that breaks a foreign key, slipped in with the checks off. */
  g_assert_true (ml_database_exec (db, "PRAGMA foreign_keys = OFF;"
                                   "INSERT INTO parts (thing_id) VALUES (42);"
                                   "PRAGMA foreign_keys = ON;", &error));
  g_assert_no_error (error);
  g_assert_false (ml_database_check_integrity (db, &error));
  g_assert_error (error, ML_ERROR, ML_ERROR_STORE_DAMAGED);
  g_assert_nonnull (strstr (error->message, fixture->path));
  g_assert_nonnull (strstr (error->message, "parts"));
}

static void
test_transactions (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(MlDatabase) db = open_database (fixture, ML_DATABASE_FLAGS_NONE, 2);
  g_autoptr(GError) error = NULL;

  g_assert_true (ml_database_begin (db, &error));
  g_assert_true (ml_database_in_transaction (db));
  for (int i = 0; i < 100; i++)
    {
      g_autoptr(MlStatement) statement =
        ml_database_prepare (db, "INSERT INTO things (name) VALUES (?)", &error);

      g_assert_no_error (error);
      ml_statement_bind_string (statement, 1, "rolled back");
      g_assert_true (ml_database_step_done (db, statement, &error));
      g_assert_no_error (error);
    }
  ml_database_rollback (db);
  g_assert_false (ml_database_in_transaction (db));
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM things"), ==, 1);

  g_assert_true (ml_database_begin (db, &error));
  g_assert_true (ml_database_exec (db, "INSERT INTO things (name) VALUES ('kept')", &error));
  g_assert_true (ml_database_commit (db, &error));
  g_assert_no_error (error);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM things"), ==, 2);

  /* A failing statement inside a transaction leaves the transaction to roll back. */
  g_assert_true (ml_database_begin (db, &error));
  g_assert_true (ml_database_exec (db, "INSERT INTO things (name) VALUES ('lost')", &error));
  g_assert_false (ml_database_exec (db, "INSERT INTO parts (thing_id) VALUES (999)", &error));
  g_assert_error (error, ML_ERROR, ML_ERROR_STORE);
  ml_database_rollback (db);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM things"), ==, 2);
}

static void
test_statement_cache (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(MlDatabase) db = open_database (fixture, ML_DATABASE_FLAGS_NONE, 2);
  g_autoptr(GError) error = NULL;
  MlStatement *first;
  MlStatement *second;

  {
    g_autoptr(MlStatement) statement =
      ml_database_prepare (db, "SELECT name FROM things WHERE id = ?", &error);

    g_assert_no_error (error);
    ml_statement_bind_int64 (statement, 1, 1);
    g_assert_cmpint (sqlite3_step (statement), ==, SQLITE_ROW);
    first = statement;
  }

  /* Released at the end of its scope: reset, no bindings, no read transaction. */
  g_assert_false (sqlite3_stmt_busy (first));
  second = ml_database_prepare (db, "SELECT name FROM things WHERE id = ?", &error);
  g_assert_true (first == second);
  g_assert_cmpint (sqlite3_step (second), ==, SQLITE_DONE);   /* NULL id: no row */
  ml_statement_release (second);

  g_assert_null (ml_database_prepare (db, "SELECT nothing FROM nowhere", &error));
  g_assert_error (error, ML_ERROR, ML_ERROR_STORE);
}

static void
test_disk_full (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(MlDatabase) db = open_database (fixture, ML_DATABASE_FLAGS_NONE, 2);
  g_autoptr(GError) error = NULL;
  g_autofree char *expected = NULL;
  gboolean ok = TRUE;

  /* A page limit is how SQLite lets a test meet a full disk. */
  g_assert_true (ml_database_exec (db, "PRAGMA max_page_count = 8", &error));
  g_assert_no_error (error);

  for (int i = 0; i < 1000 && ok; i++)
    ok = ml_database_exec (db, "INSERT INTO things (name) VALUES (printf ('%.2000c', 'x'))",
                           &error);

  g_assert_false (ok);
  g_assert_error (error, ML_ERROR, ML_ERROR_STORE);
  expected = g_strdup_printf ("Cannot write to the store %s: the disk is full", fixture->path);
  g_assert_cmpstr (error->message, ==, expected);
}

static void
test_not_a_database (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *missing = g_build_filename (fixture->dir, "no", "such", "store.db", NULL);
  MlDatabase *db;

  g_assert_true (g_file_set_contents (fixture->path,
                                      "This is a letter, not a database. It is long enough "
                                      "to hold a header if it were one, but it is not.\n"
                                      "--------------------------------------------------\n",
                                      -1, &error));
  db = ml_database_open (fixture->path, ML_DATABASE_FLAGS_NONE, migrations, 2, &error);
  g_assert_null (db);
  g_assert_error (error, ML_ERROR, ML_ERROR_STORE);
  expected = g_strdup_printf ("Cannot open the store %s: the file is damaged or is not a "
                              "Meterlink store", fixture->path);
  g_assert_cmpstr (error->message, ==, expected);
  g_clear_error (&error);
  g_clear_pointer (&expected, g_free);

  db = ml_database_open (missing, ML_DATABASE_FLAGS_NONE, migrations, 2, &error);
  g_assert_null (db);
  g_assert_error (error, ML_ERROR, ML_ERROR_STORE);
  expected = g_strdup_printf ("Cannot open the store %s: the folder does not exist", missing);
  g_assert_cmpstr (error->message, ==, expected);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/core/database/migrate-from-empty", test_migrate_from_empty);
  ADD ("/core/database/relaxed-sync", test_relaxed_sync);
  ADD ("/core/database/reopen-is-noop", test_reopen_is_noop);
  ADD ("/core/database/upgrade", test_upgrade);
  ADD ("/core/database/newer-version", test_newer_version);
  ADD ("/core/database/failed-migration", test_failed_migration);
  ADD ("/core/database/integrity", test_integrity);
  ADD ("/core/database/transactions", test_transactions);
  ADD ("/core/database/statement-cache", test_statement_cache);
  ADD ("/core/database/disk-full", test_disk_full);
  ADD ("/core/database/not-a-database", test_not_a_database);

#undef ADD

  return g_test_run ();
}
