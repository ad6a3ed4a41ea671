/* ml-portal-store.c: the portal's database: resellers and everything they own
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
 * Scoping: every query a reseller's user can cause joins up to customers.reseller_id
 * and binds the caller's reseller ID, so another reseller's serial or site is simply
 * not among the rows, the same as one that does not exist.
 *
 * Sync: every row the reseller API shows carries change_seq, a number from one
 * counter that each write transaction advances (row by row). Writes are serialised
 * by BEGIN IMMEDIATE, so a larger number is always a later commit, and "everything
 * after cursor C" is change_seq > C.
 */

#include "config.h"

#include <errno.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <gnutls/crypto.h>
#include <gnutls/gnutls.h>

#include "ml-password.h"
#include "ml-portal-store.h"
#include "ml-site-key.h"

/* The payload version of docs/bundle-format.md this store reads. */
#define PAYLOAD_FORMAT 1

/* A signed request's timestamp may be 5 minutes off, so a nonce can be replayed
 * for up to 10 minutes after it was first used; it is kept for longer. */
#define NONCE_LIFETIME (15 * 60)

#define MAX_NAME_LENGTH 200
#define MAX_LOGIN_LENGTH 100
#define MAX_SERIAL_LENGTH 128
#define MAX_NONCE_LENGTH 128
#define MAX_LIST_NAMES 20
#define TOKEN_SIZE 32

/* Rows per table in one sync answer. */
#define SYNC_LIMIT 5000

struct _MlPortalStore
{
  GObject parent_instance;

  GMutex mutex;          /* guards db and its statement cache */
  MlDatabase *db;
};

G_DEFINE_FINAL_TYPE (MlPortalStore, ml_portal_store, G_TYPE_OBJECT)

/* Schema version 1. Migrations are appended, never edited: a store in the field has
 * run every earlier one. */
static const char * const migrations[] = {
  "CREATE TABLE settings ("
  "  name   TEXT PRIMARY KEY,"
  "  value  TEXT NOT NULL"
  ") WITHOUT ROWID;"
  "CREATE TABLE sequences ("
  "  name   TEXT PRIMARY KEY,"
  "  value  INTEGER NOT NULL"
  ") WITHOUT ROWID;"
  "INSERT INTO sequences (name, value) VALUES ('change', 0);"
  "CREATE TABLE resellers ("
  "  id          INTEGER PRIMARY KEY,"
  "  name        TEXT NOT NULL UNIQUE,"
  "  created_at  INTEGER NOT NULL"
  ");"
  "CREATE TABLE users ("
  "  id             INTEGER PRIMARY KEY,"
  "  reseller_id    INTEGER NOT NULL REFERENCES resellers (id) ON DELETE CASCADE,"
  "  login          TEXT NOT NULL UNIQUE,"
  "  role           TEXT NOT NULL CHECK (role IN ('admin', 'viewer')),"
  "  password_hash  TEXT NOT NULL,"
  "  created_at     INTEGER NOT NULL"
  ");"
  "CREATE INDEX users_by_reseller ON users (reseller_id);"
  /* The SHA-256 of the token, never the token: a copy of the file opens no session. */
  "CREATE TABLE sessions ("
  "  token_hash  TEXT PRIMARY KEY,"
  "  user_id     INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,"
  "  created_at  INTEGER NOT NULL,"
  "  expires_at  INTEGER NOT NULL"
  ") WITHOUT ROWID;"
  "CREATE INDEX sessions_by_expiry ON sessions (expires_at);"
  "CREATE INDEX sessions_by_user ON sessions (user_id);"
  "CREATE TABLE login_failures ("
  "  key           TEXT PRIMARY KEY,"
  "  count         INTEGER NOT NULL,"
  "  window_start  INTEGER NOT NULL"
  ") WITHOUT ROWID;"
  "CREATE TABLE customers ("
  "  id           INTEGER PRIMARY KEY,"
  "  reseller_id  INTEGER NOT NULL REFERENCES resellers (id) ON DELETE CASCADE,"
  "  name         TEXT NOT NULL,"
  "  created_at   INTEGER NOT NULL,"
  "  change_seq   INTEGER NOT NULL,"
  "  UNIQUE (reseller_id, name)"
  ");"
  "CREATE INDEX customers_by_change ON customers (change_seq);"
  /* config holds only what a reseller set (see ml_portal_store_set_site_config). */
  "CREATE TABLE sites ("
  "  id               INTEGER PRIMARY KEY,"
  "  public_id        TEXT NOT NULL UNIQUE,"
  "  customer_id      INTEGER NOT NULL REFERENCES customers (id) ON DELETE CASCADE,"
  "  name             TEXT NOT NULL,"
  "  secret           BLOB NOT NULL,"
  "  config           TEXT NOT NULL DEFAULT '{}',"
  "  config_revision  INTEGER NOT NULL DEFAULT 0,"
  "  last_bundle_at   INTEGER,"
  "  created_at       INTEGER NOT NULL,"
  "  change_seq       INTEGER NOT NULL,"
  "  UNIQUE (customer_id, name)"
  ");"
  "CREATE INDEX sites_by_name ON sites (name);"
  "CREATE INDEX sites_by_change ON sites (change_seq);"
  "CREATE TABLE nonces ("
  "  site_id  INTEGER NOT NULL REFERENCES sites (id) ON DELETE CASCADE,"
  "  nonce    TEXT NOT NULL,"
  "  at       INTEGER NOT NULL,"
  "  PRIMARY KEY (site_id, nonce)"
  ") WITHOUT ROWID;"
  "CREATE INDEX nonces_by_time ON nonces (at);"
  "CREATE TABLE bundles ("
  "  id                 INTEGER PRIMARY KEY,"
  "  site_id            INTEGER NOT NULL REFERENCES sites (id) ON DELETE CASCADE,"
  "  bundle_uuid        TEXT NOT NULL UNIQUE,"
  "  sequence           INTEGER NOT NULL,"
  "  created_at         INTEGER NOT NULL,"
  "  received_at        INTEGER NOT NULL,"
  "  collector_version  TEXT,"
  "  printers           INTEGER NOT NULL,"
  "  jobs_stored        INTEGER NOT NULL"
  ");"
  "CREATE INDEX bundles_by_site ON bundles (site_id, sequence);"
  /* A printer is its serial and product number within its customer: the same
   * printer moved to another customer starts a new history there. site_id is the
   * site that reported it last. */
  "CREATE TABLE printers ("
  "  id              INTEGER PRIMARY KEY,"
  "  customer_id     INTEGER NOT NULL REFERENCES customers (id) ON DELETE CASCADE,"
  "  site_id         INTEGER NOT NULL REFERENCES sites (id) ON DELETE CASCADE,"
  "  serial          TEXT NOT NULL,"
  "  product_number  TEXT NOT NULL,"
  "  model           TEXT,"
  "  firmware        TEXT,"
  "  first_seen      INTEGER NOT NULL,"
  "  last_seen       INTEGER,"
  "  change_seq      INTEGER NOT NULL,"
  "  UNIQUE (customer_id, serial, product_number)"
  ");"
  "CREATE INDEX printers_by_serial ON printers (serial);"
  "CREATE INDEX printers_by_site ON printers (site_id);"
  "CREATE INDEX printers_by_change ON printers (change_seq);"
  /* The latest snapshot of each printer, as ml-model-json spells its parts. */
  "CREATE TABLE printer_status ("
  "  printer_id     INTEGER PRIMARY KEY REFERENCES printers (id) ON DELETE CASCADE,"
  "  bundle_id      INTEGER REFERENCES bundles (id) ON DELETE SET NULL,"
  "  at             INTEGER NOT NULL,"
  "  identity       TEXT,"
  "  status         TEXT,"
  "  alerts         TEXT NOT NULL,"
  "  printheads     TEXT NOT NULL,"
  "  cartridges     TEXT NOT NULL,"
  "  media_sources  TEXT NOT NULL"
  ");"
  /* Every snapshot received, for the history of consumables. */
  "CREATE TABLE status_history ("
  "  id          INTEGER PRIMARY KEY,"
  "  printer_id  INTEGER NOT NULL REFERENCES printers (id) ON DELETE CASCADE,"
  "  bundle_id   INTEGER REFERENCES bundles (id) ON DELETE SET NULL,"
  "  at          INTEGER NOT NULL,"
  "  snapshot    TEXT NOT NULL"
  ");"
  "CREATE INDEX status_history_by_printer ON status_history (printer_id, at);"
  /* The lifetime counters as each bundle brought them. */
  "CREATE TABLE counters ("
  "  id                    INTEGER PRIMARY KEY,"
  "  printer_id            INTEGER NOT NULL REFERENCES printers (id) ON DELETE CASCADE,"
  "  bundle_id             INTEGER REFERENCES bundles (id) ON DELETE SET NULL,"
  "  at                    INTEGER NOT NULL,"
  "  job_count             INTEGER,"
  "  page_count            INTEGER,"
  "  total_ink_ul          INTEGER,"
  "  total_media_area_mm2  INTEGER,"
  "  total_media_length_mm INTEGER,"
  "  scan_area_mm2         INTEGER,"
  "  usage                 TEXT NOT NULL"
  ");"
  "CREATE INDEX counters_by_printer ON counters (printer_id, at);"
  /* data is the job as ml_job_to_json spells it; the columns beside it are what
   * queries filter and sum by. last_site_id and last_sequence name the bundle that
   * wrote the row last, so an older bundle arriving late cannot undo a newer state. */
  "CREATE TABLE jobs ("
  "  id                INTEGER PRIMARY KEY,"
  "  printer_id        INTEGER NOT NULL REFERENCES printers (id) ON DELETE CASCADE,"
  "  uuid              TEXT NOT NULL,"
  "  kind              TEXT NOT NULL,"
  "  status            TEXT NOT NULL,"
  "  job_time          INTEGER NOT NULL,"
  "  media_type_id     TEXT,"
  "  media_area_mm2    INTEGER,"
  "  printed_area_mm2  INTEGER,"
  "  ink_ul            INTEGER,"
  "  data              TEXT NOT NULL,"
  "  first_bundle_id   INTEGER REFERENCES bundles (id) ON DELETE SET NULL,"
  "  last_site_id      INTEGER NOT NULL,"
  "  last_sequence     INTEGER NOT NULL,"
  "  received_at       INTEGER NOT NULL,"
  "  updated_at        INTEGER NOT NULL,"
  "  change_seq        INTEGER NOT NULL,"
  "  UNIQUE (printer_id, uuid)"
  ");"
  "CREATE INDEX jobs_by_time ON jobs (job_time, id);"
  "CREATE INDEX jobs_by_printer_time ON jobs (printer_id, job_time, id);"
  "CREATE INDEX jobs_by_change ON jobs (change_seq);"
  /* key makes an event idempotent: the same reset or alert sent twice is one row. */
  "CREATE TABLE events ("
  "  id          INTEGER PRIMARY KEY,"
  "  printer_id  INTEGER NOT NULL REFERENCES printers (id) ON DELETE CASCADE,"
  "  bundle_id   INTEGER REFERENCES bundles (id) ON DELETE SET NULL,"
  "  kind        TEXT NOT NULL,"
  "  at          INTEGER NOT NULL,"
  "  key         TEXT NOT NULL,"
  "  data        TEXT NOT NULL,"
  "  change_seq  INTEGER NOT NULL,"
  "  UNIQUE (printer_id, key)"
  ");"
  "CREATE INDEX events_by_printer ON events (printer_id, at);"
  "CREATE INDEX events_by_change ON events (change_seq);",
};

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
                               migrations, G_N_ELEMENTS (migrations), error);
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

/* Statement helpers. Parameters are bound by name: the SQL says what goes where. */

static int
parameter (MlStatement *statement,
           const char  *name)
{
  int index = sqlite3_bind_parameter_index (statement, name);

  if (index == 0)
    g_critical ("No parameter %s in “%s”", name, sqlite3_sql (statement));
  return index;
}

static void
bind_string (MlStatement *statement,
             const char  *name,
             const char  *value)
{
  ml_statement_bind_string (statement, parameter (statement, name), value);
}

static void
bind_int64 (MlStatement *statement,
            const char  *name,
            gint64       value)
{
  ml_statement_bind_int64 (statement, parameter (statement, name), value);
}

static void
bind_quantity (MlStatement *statement,
               const char  *name,
               gint64       value)
{
  ml_statement_bind_quantity (statement, parameter (statement, name), value);
}

static void
bind_bytes (MlStatement *statement,
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

/* TRUE with *out_row set for each row, TRUE with *out_row unset at the end. */
static gboolean
next_row (MlPortalStore  *self,
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

static gboolean
step_done (MlPortalStore  *self,
           MlStatement    *statement,
           GError        **error)
{
  return ml_database_step_done (self->db, statement, error);
}

static gint64
last_insert_id (MlPortalStore *self)
{
  return sqlite3_last_insert_rowid (ml_database_get_handle (self->db));
}

static int
changes (MlPortalStore *self)
{
  return sqlite3_changes (ml_database_get_handle (self->db));
}

static gint64
now_seconds (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

/* A read that sees one moment of the file, though another process writes. */
static gboolean
begin_read (MlPortalStore  *self,
            GError        **error)
{
  return ml_database_exec (self->db, "BEGIN", error);
}

static void
end_read (MlPortalStore *self)
{
  ml_database_rollback (self->db);
}

static char *
node_to_text (JsonNode *node)
{
  if (node == NULL)
    return NULL;

  return json_to_string (node, FALSE);
}

/* Text this store wrote; NULL for SQL NULL. */
static JsonNode *
node_from_text (const char *text)
{
  if (text == NULL)
    return NULL;

  return json_from_string (text, NULL);
}

static void
put_time (JsonObject *object,
          const char *key,
          gint64      unix_seconds)
{
  g_autofree char *text = ml_units_format_timestamp (unix_seconds);

  if (text != NULL)
    json_object_set_string_member (object, key, text);
  else
    json_object_set_null_member (object, key);
}

static void
put_string_or_null (JsonObject *object,
                    const char *key,
                    const char *value)
{
  if (value != NULL)
    json_object_set_string_member (object, key, value);
  else
    json_object_set_null_member (object, key);
}

/* A JSON column as a member; @fallback_array gives [] rather than null. */
static void
put_json (JsonObject *object,
          const char *key,
          const char *text,
          gboolean    fallback_array)
{
  JsonNode *node = node_from_text (text);

  if (node == NULL && fallback_array)
    {
      node = json_node_new (JSON_NODE_ARRAY);
      json_node_take_array (node, json_array_new ());
    }
  else if (node == NULL)
    node = json_node_new (JSON_NODE_NULL);

  json_object_set_member (object, key, node);
}

static JsonNode *
object_node (JsonObject *object)
{
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  json_node_take_object (node, object);
  return node;
}

static JsonNode *
array_node (JsonArray *array)
{
  JsonNode *node = json_node_new (JSON_NODE_ARRAY);

  json_node_take_array (node, array);
  return node;
}

/* The change counter ----------------------------------------------------------------- */

/* The counter for one write transaction: read once after BEGIN IMMEDIATE, advanced
 * in memory for each row, written back before COMMIT. */
typedef struct
{
  gint64 value;
} ChangeSeq;

static gboolean
change_seq_read (MlPortalStore  *self,
                 ChangeSeq      *seq,
                 GError        **error)
{
  g_autoptr(MlStatement) statement = NULL;
  gboolean row;

  statement = ml_database_prepare (self->db,
                                   "SELECT value FROM sequences WHERE name = 'change'", error);
  if (statement == NULL || !next_row (self, statement, &row, error))
    return FALSE;

  seq->value = row ? sqlite3_column_int64 (statement, 0) : 0;
  return TRUE;
}

static gint64
change_seq_next (ChangeSeq *seq)
{
  return ++seq->value;
}

static gboolean
change_seq_write (MlPortalStore  *self,
                  ChangeSeq      *seq,
                  GError        **error)
{
  g_autoptr(MlStatement) statement = NULL;

  statement = ml_database_prepare (self->db,
                                   "UPDATE sequences SET value = :value WHERE name = 'change'",
                                   error);
  if (statement == NULL)
    return FALSE;

  bind_int64 (statement, ":value", seq->value);
  return step_done (self, statement, error);
}

/* Names for messages ----------------------------------------------------------------- */

/* Checks a name an operator gives a reseller, customer or site. */
static gboolean
validate_name (const char  *name,
               GError     **error)
{
  g_autofree char *stripped = NULL;

  if (name == NULL || !g_utf8_validate (name, -1, NULL))
    {
      g_set_error (error, ML_ERROR, ML_ERROR_INVALID_VALUE,
                   _("The name is not valid UTF-8 text"));
      return FALSE;
    }

  stripped = g_strstrip (g_strdup (name));
  if (*stripped == '\0')
    {
      g_set_error (error, ML_ERROR, ML_ERROR_INVALID_VALUE, _("The name is empty"));
      return FALSE;
    }

  if (!g_str_equal (stripped, name))
    {
      g_set_error (error, ML_ERROR, ML_ERROR_INVALID_VALUE,
                   _("The name “%s” begins or ends with a space"), name);
      return FALSE;
    }

  if (g_utf8_strlen (name, -1) > MAX_NAME_LENGTH)
    {
      g_set_error (error, ML_ERROR, ML_ERROR_INVALID_VALUE,
                   _("The name “%s” is longer than %d characters"), name, MAX_NAME_LENGTH);
      return FALSE;
    }

  for (const char *p = name; *p != '\0'; p = g_utf8_next_char (p))
    if (g_unichar_iscntrl (g_utf8_get_char (p)))
      {
        g_set_error (error, ML_ERROR, ML_ERROR_INVALID_VALUE,
                     _("A name cannot contain control characters"));
        return FALSE;
      }

  return TRUE;
}

/* The first column of @statement's rows joined for a message ("A, B, C"), at most
 * MAX_LIST_NAMES of them; "" when there are none. */
static char *
join_names (MlPortalStore  *self,
            MlStatement    *statement,
            GError        **error)
{
  g_autoptr(GString) text = g_string_new (NULL);
  guint n = 0;
  gboolean row;

  for (;;)
    {
      if (!next_row (self, statement, &row, error))
        return NULL;
      if (!row)
        break;

      if (n == MAX_LIST_NAMES)
        {
          g_string_append (text, ", …");
          break;
        }
      if (n > 0)
        g_string_append (text, ", ");
      g_string_append (text, ml_statement_get_string (statement, 0));
      n++;
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* The reseller called @name, or 0 with ML_ERROR_NOT_FOUND naming the ones there are. */
static gint64
find_reseller (MlPortalStore  *self,
               const char     *name,
               GError        **error)
{
  g_autoptr(MlStatement) statement = NULL;
  g_autoptr(MlStatement) names = NULL;
  g_autofree char *list = NULL;
  gboolean row;

  statement = ml_database_prepare (self->db, "SELECT id FROM resellers WHERE name = :name",
                                   error);
  if (statement == NULL)
    return 0;
  bind_string (statement, ":name", name);
  if (!next_row (self, statement, &row, error))
    return 0;
  if (row)
    return sqlite3_column_int64 (statement, 0);

  names = ml_database_prepare (self->db, "SELECT name FROM resellers ORDER BY name", error);
  if (names == NULL || (list = join_names (self, names, error)) == NULL)
    return 0;

  if (*list == '\0')
    g_set_error (error, ML_ERROR, ML_ERROR_NOT_FOUND,
                 _("There is no reseller “%s”; there are no resellers yet"), name);
  else
    g_set_error (error, ML_ERROR, ML_ERROR_NOT_FOUND,
                 _("There is no reseller “%s”; the resellers are: %s"), name, list);
  return 0;
}

/* The customer @name of the reseller @reseller (NULL: of whichever reseller has
 * one by that name, if only one has), or 0 with an error that says what there is. */
static gint64
find_customer (MlPortalStore  *self,
               const char     *reseller,
               const char     *name,
               GError        **error)
{
  g_autoptr(MlStatement) statement = NULL;
  g_autoptr(MlStatement) names = NULL;
  g_autofree char *list = NULL;
  gint64 reseller_id = 0;
  gint64 id = 0;
  guint n_found = 0;
  gboolean row;

  if (reseller != NULL && (reseller_id = find_reseller (self, reseller, error)) == 0)
    return 0;

  statement = ml_database_prepare (self->db,
                                   "SELECT c.id, r.name FROM customers c "
                                   "  JOIN resellers r ON r.id = c.reseller_id "
                                   "WHERE c.name = :name "
                                   "  AND (:reseller_id = 0 OR c.reseller_id = :reseller_id) "
                                   "ORDER BY r.name",
                                   error);
  if (statement == NULL)
    return 0;
  bind_string (statement, ":name", name);
  bind_int64 (statement, ":reseller_id", reseller_id);

  for (;;)
    {
      if (!next_row (self, statement, &row, error))
        return 0;
      if (!row)
        break;
      id = sqlite3_column_int64 (statement, 0);
      n_found++;
    }

  if (n_found == 1)
    return id;

  g_clear_pointer (&statement, ml_statement_release);
  if (n_found > 1)
    {
      names = ml_database_prepare (self->db,
                                   "SELECT r.name FROM customers c "
                                   "  JOIN resellers r ON r.id = c.reseller_id "
                                   "WHERE c.name = :name ORDER BY r.name",
                                   error);
      if (names == NULL)
        return 0;
      bind_string (names, ":name", name);
      if ((list = join_names (self, names, error)) == NULL)
        return 0;
      g_set_error (error, ML_ERROR, ML_ERROR_INVALID_VALUE,
                   _("Several resellers have a customer “%s” (%s): name the reseller "
                     "with --reseller"), name, list);
      return 0;
    }

  if (reseller != NULL)
    {
      names = ml_database_prepare (self->db,
                                   "SELECT name FROM customers WHERE reseller_id = :reseller_id "
                                   "ORDER BY name",
                                   error);
      if (names == NULL)
        return 0;
      bind_int64 (names, ":reseller_id", reseller_id);
      if ((list = join_names (self, names, error)) == NULL)
        return 0;
      if (*list == '\0')
        g_set_error (error, ML_ERROR, ML_ERROR_NOT_FOUND,
                     _("Reseller “%s” has no customer “%s”; it has no customers yet"),
                     reseller, name);
      else
        g_set_error (error, ML_ERROR, ML_ERROR_NOT_FOUND,
                     _("Reseller “%s” has no customer “%s”; its customers are: %s"),
                     reseller, name, list);
      return 0;
    }

  names = ml_database_prepare (self->db,
                               "SELECT c.name || ' (' || r.name || ')' FROM customers c "
                               "  JOIN resellers r ON r.id = c.reseller_id "
                               "ORDER BY c.name, r.name",
                               error);
  if (names == NULL || (list = join_names (self, names, error)) == NULL)
    return 0;
  if (*list == '\0')
    g_set_error (error, ML_ERROR, ML_ERROR_NOT_FOUND,
                 _("There is no customer “%s”; there are no customers yet"), name);
  else
    g_set_error (error, ML_ERROR, ML_ERROR_NOT_FOUND,
                 _("There is no customer “%s”; the customers are: %s"), name, list);
  return 0;
}

/* Administration ---------------------------------------------------------------------- */

/* Runs @func in one write transaction under the mutex. */
typedef gboolean (*WriteFunc) (MlPortalStore  *self,
                               gpointer        data,
                               GError        **error);

static gboolean
write_locked (MlPortalStore  *self,
              WriteFunc       func,
              gpointer        data,
              GError        **error)
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

typedef struct
{
  const char *reseller;
  const char *login;
  const char *customer;
  const char *site;
  const char *role;
  const char *password_hash;
  gint64 id;
  char *site_id;
  GBytes *secret;
} AdminArgs;

static gboolean
add_reseller_locked (MlPortalStore  *self,
                     gpointer        data,
                     GError        **error)
{
  AdminArgs *args = data;
  g_autoptr(MlStatement) query = NULL;
  g_autoptr(MlStatement) insert = NULL;
  gboolean row;

  query = ml_database_prepare (self->db, "SELECT 1 FROM resellers WHERE name = :name", error);
  if (query == NULL)
    return FALSE;
  bind_string (query, ":name", args->reseller);
  if (!next_row (self, query, &row, error))
    return FALSE;
  if (row)
    {
      g_set_error (error, ML_ERROR, ML_ERROR_INVALID_VALUE,
                   _("There is already a reseller “%s”"), args->reseller);
      return FALSE;
    }

  insert = ml_database_prepare (self->db,
                                "INSERT INTO resellers (name, created_at) VALUES (:name, :now)",
                                error);
  if (insert == NULL)
    return FALSE;
  bind_string (insert, ":name", args->reseller);
  bind_int64 (insert, ":now", now_seconds ());
  if (!step_done (self, insert, error))
    return FALSE;

  args->id = last_insert_id (self);
  return TRUE;
}

gboolean
ml_portal_store_add_reseller (MlPortalStore  *self,
                              const char     *name,
                              gint64         *out_id,
                              GError        **error)
{
  AdminArgs args = { .reseller = name };

  g_return_val_if_fail (ML_IS_PORTAL_STORE (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!validate_name (name, error) ||
      !write_locked (self, add_reseller_locked, &args, error))
    return FALSE;

  if (out_id != NULL)
    *out_id = args.id;
  return TRUE;
}

static gboolean
validate_login (const char  *login,
                GError     **error)
{
  if (login == NULL || *login == '\0')
    {
      g_set_error (error, ML_ERROR, ML_ERROR_INVALID_VALUE, _("The login is empty"));
      return FALSE;
    }

  if (!g_utf8_validate (login, -1, NULL) || g_utf8_strlen (login, -1) > MAX_LOGIN_LENGTH)
    {
      g_set_error (error, ML_ERROR, ML_ERROR_INVALID_VALUE,
                   _("A login is UTF-8 text of at most %d characters"), MAX_LOGIN_LENGTH);
      return FALSE;
    }

  for (const char *p = login; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isspace (c) || g_unichar_iscntrl (c))
        {
          g_set_error (error, ML_ERROR, ML_ERROR_INVALID_VALUE,
                       _("The login “%s” contains a space or a control character"), login);
          return FALSE;
        }
    }

  return TRUE;
}

static const char *
role_to_string (MlPortalRole role)
{
  return role == ML_PORTAL_ROLE_ADMIN ? "admin" : "viewer";
}

static gboolean
add_user_locked (MlPortalStore  *self,
                 gpointer        data,
                 GError        **error)
{
  AdminArgs *args = data;
  g_autoptr(MlStatement) query = NULL;
  g_autoptr(MlStatement) insert = NULL;
  gint64 reseller_id;
  gboolean row;

  if ((reseller_id = find_reseller (self, args->reseller, error)) == 0)
    return FALSE;

  /* Logins are unique across resellers: a login alone names a session's owner. */
  query = ml_database_prepare (self->db, "SELECT 1 FROM users WHERE login = :login", error);
  if (query == NULL)
    return FALSE;
  bind_string (query, ":login", args->login);
  if (!next_row (self, query, &row, error))
    return FALSE;
  if (row)
    {
      g_set_error (error, ML_ERROR, ML_ERROR_INVALID_VALUE,
                   _("There is already a user with the login “%s”"), args->login);
      return FALSE;
    }

  insert = ml_database_prepare (self->db,
                                "INSERT INTO users (reseller_id, login, role, password_hash, "
                                "  created_at) "
                                "VALUES (:reseller_id, :login, :role, :hash, :now)",
                                error);
  if (insert == NULL)
    return FALSE;
  bind_int64 (insert, ":reseller_id", reseller_id);
  bind_string (insert, ":login", args->login);
  bind_string (insert, ":role", args->role);
  bind_string (insert, ":hash", args->password_hash);
  bind_int64 (insert, ":now", now_seconds ());
  return step_done (self, insert, error);
}

gboolean
ml_portal_store_add_user (MlPortalStore  *self,
                          const char     *reseller,
                          const char     *login,
                          MlPortalRole    role,
                          const char     *password,
                          GError        **error)
{
  g_autofree char *hash = NULL;
  AdminArgs args = { .reseller = reseller, .login = login, .role = role_to_string (role) };

  g_return_val_if_fail (ML_IS_PORTAL_STORE (self), FALSE);
  g_return_val_if_fail (reseller != NULL, FALSE);
  g_return_val_if_fail (login != NULL, FALSE);
  g_return_val_if_fail (role == ML_PORTAL_ROLE_ADMIN || role == ML_PORTAL_ROLE_VIEWER, FALSE);
  g_return_val_if_fail (password != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!validate_login (login, error) || !ml_password_check_strength (password, error))
    return FALSE;

  /* The slow hash outside the mutex. */
  if ((hash = ml_password_hash (password, error)) == NULL)
    return FALSE;

  args.password_hash = hash;
  return write_locked (self, add_user_locked, &args, error);
}

static gboolean
add_customer_locked (MlPortalStore  *self,
                     gpointer        data,
                     GError        **error)
{
  AdminArgs *args = data;
  g_autoptr(MlStatement) query = NULL;
  g_autoptr(MlStatement) insert = NULL;
  ChangeSeq seq;
  gint64 reseller_id;
  gboolean row;

  if ((reseller_id = find_reseller (self, args->reseller, error)) == 0)
    return FALSE;

  query = ml_database_prepare (self->db,
                               "SELECT 1 FROM customers "
                               "WHERE reseller_id = :reseller_id AND name = :name",
                               error);
  if (query == NULL)
    return FALSE;
  bind_int64 (query, ":reseller_id", reseller_id);
  bind_string (query, ":name", args->customer);
  if (!next_row (self, query, &row, error))
    return FALSE;
  if (row)
    {
      g_set_error (error, ML_ERROR, ML_ERROR_INVALID_VALUE,
                   _("Reseller “%s” already has a customer “%s”"),
                   args->reseller, args->customer);
      return FALSE;
    }

  if (!change_seq_read (self, &seq, error))
    return FALSE;

  insert = ml_database_prepare (self->db,
                                "INSERT INTO customers (reseller_id, name, created_at, change_seq) "
                                "VALUES (:reseller_id, :name, :now, :seq)",
                                error);
  if (insert == NULL)
    return FALSE;
  bind_int64 (insert, ":reseller_id", reseller_id);
  bind_string (insert, ":name", args->customer);
  bind_int64 (insert, ":now", now_seconds ());
  bind_int64 (insert, ":seq", change_seq_next (&seq));
  if (!step_done (self, insert, error))
    return FALSE;

  args->id = last_insert_id (self);
  return change_seq_write (self, &seq, error);
}

gboolean
ml_portal_store_add_customer (MlPortalStore  *self,
                              const char     *reseller,
                              const char     *customer,
                              gint64         *out_id,
                              GError        **error)
{
  AdminArgs args = { .reseller = reseller, .customer = customer };

  g_return_val_if_fail (ML_IS_PORTAL_STORE (self), FALSE);
  g_return_val_if_fail (reseller != NULL, FALSE);
  g_return_val_if_fail (customer != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!validate_name (customer, error) ||
      !write_locked (self, add_customer_locked, &args, error))
    return FALSE;

  if (out_id != NULL)
    *out_id = args.id;
  return TRUE;
}

/* Marks a customer changed (its counts of sites and printers). */
static gboolean
touch_customer (MlPortalStore  *self,
                gint64          customer_id,
                ChangeSeq      *seq,
                GError        **error)
{
  g_autoptr(MlStatement) statement = NULL;

  statement = ml_database_prepare (self->db,
                                   "UPDATE customers SET change_seq = :seq WHERE id = :id", error);
  if (statement == NULL)
    return FALSE;
  bind_int64 (statement, ":seq", change_seq_next (seq));
  bind_int64 (statement, ":id", customer_id);
  return step_done (self, statement, error);
}

static gboolean
add_site_locked (MlPortalStore  *self,
                 gpointer        data,
                 GError        **error)
{
  AdminArgs *args = data;
  g_autoptr(MlStatement) query = NULL;
  g_autoptr(MlStatement) insert = NULL;
  g_autofree char *public_id = NULL;
  g_autoptr(GBytes) secret = NULL;
  ChangeSeq seq;
  gint64 customer_id;
  gboolean row;

  if ((customer_id = find_customer (self, args->reseller, args->customer, error)) == 0)
    return FALSE;

  query = ml_database_prepare (self->db,
                               "SELECT 1 FROM sites WHERE customer_id = :customer_id "
                               "  AND name = :name",
                               error);
  if (query == NULL)
    return FALSE;
  bind_int64 (query, ":customer_id", customer_id);
  bind_string (query, ":name", args->site);
  if (!next_row (self, query, &row, error))
    return FALSE;
  if (row)
    {
      g_set_error (error, ML_ERROR, ML_ERROR_INVALID_VALUE,
                   _("Customer “%s” already has a site “%s”"), args->customer, args->site);
      return FALSE;
    }

  if (!change_seq_read (self, &seq, error))
    return FALSE;

  public_id = g_uuid_string_random ();
  secret = ml_site_key_generate_secret ();

  insert = ml_database_prepare (self->db,
                                "INSERT INTO sites (public_id, customer_id, name, secret, "
                                "  created_at, change_seq) "
                                "VALUES (:public_id, :customer_id, :name, :secret, :now, :seq)",
                                error);
  if (insert == NULL)
    return FALSE;
  bind_string (insert, ":public_id", public_id);
  bind_int64 (insert, ":customer_id", customer_id);
  bind_string (insert, ":name", args->site);
  bind_bytes (insert, ":secret", secret);
  bind_int64 (insert, ":now", now_seconds ());
  bind_int64 (insert, ":seq", change_seq_next (&seq));
  if (!step_done (self, insert, error) ||
      !touch_customer (self, customer_id, &seq, error) ||
      !change_seq_write (self, &seq, error))
    return FALSE;

  args->site_id = g_steal_pointer (&public_id);
  args->secret = g_steal_pointer (&secret);
  return TRUE;
}

gboolean
ml_portal_store_add_site (MlPortalStore  *self,
                          const char     *reseller,
                          const char     *customer,
                          const char     *site,
                          char          **out_site_id,
                          GBytes        **out_secret,
                          GError        **error)
{
  AdminArgs args = { .reseller = reseller, .customer = customer, .site = site };

  g_return_val_if_fail (ML_IS_PORTAL_STORE (self), FALSE);
  g_return_val_if_fail (customer != NULL, FALSE);
  g_return_val_if_fail (site != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!validate_name (site, error) ||
      !write_locked (self, add_site_locked, &args, error))
    {
      g_free (args.site_id);
      g_clear_pointer (&args.secret, g_bytes_unref);
      return FALSE;
    }

  if (out_site_id != NULL)
    *out_site_id = g_steal_pointer (&args.site_id);
  if (out_secret != NULL)
    *out_secret = g_steal_pointer (&args.secret);
  g_free (args.site_id);
  g_clear_pointer (&args.secret, g_bytes_unref);
  return TRUE;
}

/* The site named by its public ID or, when that is not a UUID, by its name, which
 * must then be unambiguous. */
static gint64
find_site_for_operator (MlPortalStore  *self,
                        const char     *site_id_or_name,
                        char          **out_public_id,
                        GError        **error)
{
  g_autoptr(MlStatement) statement = NULL;
  g_autoptr(MlStatement) names = NULL;
  g_autofree char *list = NULL;
  g_autofree char *public_id = NULL;
  g_autofree char *key = NULL;
  gint64 id = 0;
  guint n_found = 0;
  gboolean by_id = g_uuid_string_is_valid (site_id_or_name);
  gboolean row;

  /* UUIDs are stored as g_uuid_string_random() writes them: lowercase. */
  key = by_id ? g_ascii_strdown (site_id_or_name, -1) : g_strdup (site_id_or_name);

  if (by_id)
    statement = ml_database_prepare (self->db,
                                     "SELECT id, public_id FROM sites WHERE public_id = :key",
                                     error);
  else
    statement = ml_database_prepare (self->db,
                                     "SELECT id, public_id FROM sites WHERE name = :key", error);
  if (statement == NULL)
    return 0;
  bind_string (statement, ":key", key);

  for (;;)
    {
      if (!next_row (self, statement, &row, error))
        return 0;
      if (!row)
        break;
      id = sqlite3_column_int64 (statement, 0);
      g_free (public_id);
      public_id = g_strdup (ml_statement_get_string (statement, 1));
      n_found++;
    }
  g_clear_pointer (&statement, ml_statement_release);

  if (n_found == 1)
    {
      *out_public_id = g_steal_pointer (&public_id);
      return id;
    }

  /* Several: their IDs, to choose from. None: the names there are. */
  if (n_found > 1)
    names = ml_database_prepare (self->db,
                                 "SELECT s.public_id || ' (' || c.name || ', ' || r.name || ')' "
                                 "FROM sites s JOIN customers c ON c.id = s.customer_id "
                                 "  JOIN resellers r ON r.id = c.reseller_id "
                                 "WHERE s.name = :name ORDER BY r.name, c.name",
                                 error);
  else
    names = ml_database_prepare (self->db,
                                 "SELECT s.name || ' (' || c.name || ', ' || r.name || ')' "
                                 "FROM sites s JOIN customers c ON c.id = s.customer_id "
                                 "  JOIN resellers r ON r.id = c.reseller_id "
                                 "ORDER BY s.name, c.name, r.name",
                                 error);
  if (names == NULL)
    return 0;
  if (n_found > 1)
    bind_string (names, ":name", site_id_or_name);
  if ((list = join_names (self, names, error)) == NULL)
    return 0;

  if (n_found > 1)
    g_set_error (error, ML_ERROR, ML_ERROR_INVALID_VALUE,
                 _("Several sites are called “%s”: %s; name the site by its ID"),
                 site_id_or_name, list);
  else if (*list == '\0')
    g_set_error (error, ML_ERROR, ML_ERROR_NOT_FOUND,
                 _("There is no site “%s”; there are no sites yet"), site_id_or_name);
  else
    g_set_error (error, ML_ERROR, ML_ERROR_NOT_FOUND,
                 _("There is no site “%s”; the sites are: %s"), site_id_or_name, list);
  return 0;
}

static gboolean
rotate_secret_locked (MlPortalStore  *self,
                      gpointer        data,
                      GError        **error)
{
  AdminArgs *args = data;
  g_autoptr(MlStatement) update = NULL;
  g_autoptr(GBytes) secret = NULL;
  g_autofree char *public_id = NULL;
  gint64 id;

  if ((id = find_site_for_operator (self, args->site, &public_id, error)) == 0)
    return FALSE;

  secret = ml_site_key_generate_secret ();
  update = ml_database_prepare (self->db, "UPDATE sites SET secret = :secret WHERE id = :id",
                                error);
  if (update == NULL)
    return FALSE;
  bind_bytes (update, ":secret", secret);
  bind_int64 (update, ":id", id);
  if (!step_done (self, update, error))
    return FALSE;

  args->site_id = g_steal_pointer (&public_id);
  args->secret = g_steal_pointer (&secret);
  return TRUE;
}

gboolean
ml_portal_store_rotate_secret (MlPortalStore  *self,
                               const char     *site_id_or_name,
                               char          **out_site_id,
                               GBytes        **out_secret,
                               GError        **error)
{
  AdminArgs args = { .site = site_id_or_name };

  g_return_val_if_fail (ML_IS_PORTAL_STORE (self), FALSE);
  g_return_val_if_fail (site_id_or_name != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!write_locked (self, rotate_secret_locked, &args, error))
    {
      g_free (args.site_id);
      g_clear_pointer (&args.secret, g_bytes_unref);
      return FALSE;
    }

  if (out_site_id != NULL)
    *out_site_id = g_steal_pointer (&args.site_id);
  if (out_secret != NULL)
    *out_secret = g_steal_pointer (&args.secret);
  g_free (args.site_id);
  g_clear_pointer (&args.secret, g_bytes_unref);
  return TRUE;
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
  bind_string (statement, ":name", name);
  bind_string (statement, ":value", value);
  return step_done (self, statement, error);
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
  bind_string (statement, ":name", name);
  if (!next_row (self, statement, &row, error) || !row)
    return NULL;

  return g_strdup (ml_statement_get_string (statement, 0));
}

/* Sessions and throttling ------------------------------------------------------------- */

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
  bind_int64 (prune, ":now", args->now);
  if (!step_done (self, prune, error))
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
  bind_string (insert, ":token_hash", args->token_hash);
  bind_int64 (insert, ":user_id", args->user_id);
  bind_int64 (insert, ":now", args->now);
  bind_int64 (insert, ":expires_at", args->now + ML_PORTAL_TOKEN_LIFETIME);
  if (!step_done (self, insert, error))
    return FALSE;
  if (changes (self) == 0)
    return wrong_credentials (error);

  if (args->new_hash == NULL)
    return TRUE;

  rehash = ml_database_prepare (self->db,
                                "UPDATE users SET password_hash = :hash "
                                "WHERE id = :id AND password_hash = :old",
                                error);
  if (rehash == NULL)
    return FALSE;
  bind_string (rehash, ":hash", args->new_hash);
  bind_string (rehash, ":old", args->stored_hash);
  bind_int64 (rehash, ":id", args->user_id);
  return step_done (self, rehash, error);
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
  bind_string (query, ":login", login);
  if (!next_row (self, query, &row, error))
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
  if (!write_locked (self, insert_session_locked, &args, error))
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
  bind_string (statement, ":token_hash", token_hash);
  bind_int64 (statement, ":now", now);
  if (!next_row (self, statement, &row, error))
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
  bind_string (statement, ":key", key);
  if (!next_row (self, statement, &row, error))
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
  bind_int64 (prune, ":oldest", args->now - ML_PORTAL_THROTTLE_WINDOW);
  if (!step_done (self, prune, error))
    return FALSE;

  record = ml_database_prepare (self->db,
                                "INSERT INTO login_failures (key, count, window_start) "
                                "VALUES (:key, 1, :now) "
                                "ON CONFLICT (key) DO UPDATE SET count = count + 1",
                                error);
  if (record == NULL)
    return FALSE;
  bind_string (record, ":key", args->key);
  bind_int64 (record, ":now", args->now);
  return step_done (self, record, error);
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

  return write_locked (self, record_login_failure_locked, &args, error);
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
  bind_string (statement, ":key", key);
  return step_done (self, statement, error);
}

/* Collectors --------------------------------------------------------------------------- */

static gboolean
no_such_site (const char  *site_id,
              GError     **error)
{
  g_set_error (error, ML_ERROR, ML_ERROR_NOT_FOUND, _("There is no site %s"), site_id);
  return FALSE;
}

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
  bind_string (statement, ":site_id", site_id);
  if (!next_row (self, statement, &row, error))
    return NULL;
  if (!row)
    {
      no_such_site (site_id, error);
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
  bind_string (statement, ":site_id", site_id);
  if (!next_row (self, statement, &row, error))
    return NULL;
  if (!row)
    {
      no_such_site (site_id, error);
      return NULL;
    }

  object = json_object_new ();
  json_object_set_string_member (object, "site_id", ml_statement_get_string (statement, 0));
  json_object_set_string_member (object, "site", ml_statement_get_string (statement, 1));
  json_object_set_string_member (object, "customer", ml_statement_get_string (statement, 2));
  json_object_set_string_member (object, "reseller", ml_statement_get_string (statement, 3));
  return object_node (object);
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
  bind_int64 (prune, ":oldest", args->now - NONCE_LIFETIME);
  if (!step_done (self, prune, error))
    return FALSE;

  insert = ml_database_prepare (self->db,
                                "INSERT INTO nonces (site_id, nonce, at) "
                                "SELECT id, :nonce, :now FROM sites WHERE public_id = :site_id "
                                "ON CONFLICT (site_id, nonce) DO NOTHING",
                                error);
  if (insert == NULL)
    return FALSE;
  bind_string (insert, ":site_id", args->site_id);
  bind_string (insert, ":nonce", args->nonce);
  bind_int64 (insert, ":now", args->now);
  if (!step_done (self, insert, error))
    return FALSE;

  if (changes (self) == 0)
    {
      g_autoptr(MlStatement) query = NULL;
      gboolean row;

      query = ml_database_prepare (self->db, "SELECT 1 FROM sites WHERE public_id = :site_id",
                                   error);
      if (query == NULL)
        return FALSE;
      bind_string (query, ":site_id", args->site_id);
      if (!next_row (self, query, &row, error))
        return FALSE;
      if (!row)
        return no_such_site (args->site_id, error);

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

  return write_locked (self, use_nonce_locked, &args, error);
}

/* The payload, taken apart before the transaction -------------------------------------- */

typedef struct
{
  char *key;
  gint64 at;
  char *kind;
  char *data;
} IncomingEvent;

static void
incoming_event_free (gpointer data)
{
  IncomingEvent *event = data;

  g_free (event->key);
  g_free (event->kind);
  g_free (event->data);
  g_free (event);
}

typedef struct
{
  char *serial;
  char *product_number;
  gint64 seen_at;
  MlPrinterReading *reading;   /* the snapshot and counters, parsed */
  gboolean has_snapshot;
  gboolean has_counters;
  char *model;
  char *firmware;
  char *identity;              /* the snapshot's parts, as ml-model-json spells them */
  char *status;
  char *alerts;
  char *printheads;
  char *cartridges;
  char *media_sources;
  char *snapshot;
  char *usage;
  GPtrArray *jobs;             /* MlJob */
  GPtrArray *events;           /* IncomingEvent */
} IncomingPrinter;

static void
incoming_printer_free (gpointer data)
{
  IncomingPrinter *printer = data;

  g_free (printer->serial);
  g_free (printer->product_number);
  g_clear_object (&printer->reading);
  g_free (printer->model);
  g_free (printer->firmware);
  g_free (printer->identity);
  g_free (printer->status);
  g_free (printer->alerts);
  g_free (printer->printheads);
  g_free (printer->cartridges);
  g_free (printer->media_sources);
  g_free (printer->snapshot);
  g_free (printer->usage);
  g_clear_pointer (&printer->jobs, g_ptr_array_unref);
  g_clear_pointer (&printer->events, g_ptr_array_unref);
  g_free (printer);
}

typedef struct
{
  gboolean user_names;
  char *collector_version;
  GPtrArray *printers;         /* IncomingPrinter */
} Payload;

static void
payload_free (Payload *payload)
{
  g_free (payload->collector_version);
  g_clear_pointer (&payload->printers, g_ptr_array_unref);
  g_free (payload);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (IncomingPrinter, incoming_printer_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (IncomingEvent, incoming_event_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (Payload, payload_free)

static gboolean
wrong_member_type (const char  *key,
                   GError     **error)
{
  g_set_error (error, ML_ERROR, ML_ERROR_WRONG_TYPE,
               _("Bundle member “%s” has the wrong type"), key);
  return FALSE;
}

/* Members of the payload: each leaves *out unset (NULL, 0) when the member is absent
 * or null, and fails for a member of the wrong type. */
static gboolean
member_value (JsonObject  *object,
              const char  *key,
              GType        type,
              JsonNode   **out,
              GError     **error)
{
  JsonNode *node = json_object_get_member (object, key);

  *out = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != type)
    return wrong_member_type (key, error);

  *out = node;
  return TRUE;
}

static gboolean
member_string (JsonObject   *object,
               const char   *key,
               const char  **out,
               GError      **error)
{
  JsonNode *node;

  *out = NULL;
  if (!member_value (object, key, G_TYPE_STRING, &node, error))
    return FALSE;
  if (node != NULL)
    *out = json_node_get_string (node);
  return TRUE;
}

static gboolean
member_time (JsonObject  *object,
             const char  *key,
             gint64      *out,
             GError     **error)
{
  const char *text;

  *out = 0;
  if (!member_string (object, key, &text, error))
    return FALSE;
  if (text != NULL && (!ml_units_parse_timestamp (text, out, NULL) || *out <= 0))
    {
      g_set_error (error, ML_ERROR, ML_ERROR_INVALID_VALUE,
                   _("Bundle member “%s” is not a time: “%s”"), key, text);
      return FALSE;
    }
  return TRUE;
}

static gboolean
member_array (JsonObject  *object,
              const char  *key,
              JsonArray  **out,
              GError     **error)
{
  JsonNode *node = json_object_get_member (object, key);

  *out = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return wrong_member_type (key, error);

  *out = json_node_get_array (node);
  return TRUE;
}

static gboolean
present (JsonObject *object,
         const char *key)
{
  JsonNode *node = json_object_get_member (object, key);

  return node != NULL && !JSON_NODE_HOLDS_NULL (node);
}

typedef JsonNode *(*ToJsonFunc) (gpointer item);

static char *
list_to_text (GListModel *model,
              ToJsonFunc  to_json)
{
  JsonArray *array = json_array_new ();
  g_autoptr(JsonNode) node = array_node (array);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (model, i);

      json_array_add_element (array, to_json (item));
    }

  return node_to_text (node);
}

/* A counter reset as the collector spells it (docs/bundle-format.md); only the
 * members we know are kept. */
static IncomingEvent *
parse_event (JsonNode  *node,
             GError   **error)
{
  g_autoptr(IncomingEvent) event = g_new0 (IncomingEvent, 1);
  g_autoptr(JsonNode) data = NULL;
  g_autofree char *at_text = NULL;
  JsonObject *object, *out;
  const char *kind, *counter;
  JsonNode *before, *after;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, ML_ERROR, ML_ERROR_WRONG_TYPE, _("An event is not a JSON object"));
      return NULL;
    }
  object = json_node_get_object (node);

  if (!member_string (object, "kind", &kind, error) ||
      !member_string (object, "counter", &counter, error) ||
      !member_time (object, "at", &event->at, error) ||
      !member_value (object, "before", G_TYPE_INT64, &before, error) ||
      !member_value (object, "after", G_TYPE_INT64, &after, error))
    return NULL;

  if (kind == NULL || *kind == '\0' || strlen (kind) > 64 || event->at == 0)
    {
      g_set_error (error, ML_ERROR, ML_ERROR_INVALID_VALUE,
                   _("An event needs a kind and a time"));
      return NULL;
    }

  out = json_object_new ();
  data = object_node (out);
  at_text = ml_units_format_timestamp (event->at);
  json_object_set_string_member (out, "kind", kind);
  json_object_set_string_member (out, "at", at_text);
  if (counter != NULL)
    json_object_set_string_member (out, "counter", counter);
  if (before != NULL)
    json_object_set_int_member (out, "before", json_node_get_int (before));
  if (after != NULL)
    json_object_set_int_member (out, "after", json_node_get_int (after));

  event->kind = g_strdup (kind);
  event->key = g_strdup_printf ("%s|%s|%" G_GINT64_FORMAT, kind, counter != NULL ? counter : "",
                                event->at);
  event->data = node_to_text (data);
  return g_steal_pointer (&event);
}

/* The snapshot members of a printer, taken apart with the model's own parser. */
static const char * const snapshot_members[] = {
  "identity", "status", "alerts", "printheads", "cartridges", "media_sources",
};

static gboolean
parse_snapshot (IncomingPrinter  *printer,
                JsonObject       *object,
                GError          **error)
{
  JsonObject *reading_object = json_object_new ();
  g_autoptr(JsonNode) reading_node = object_node (reading_object);
  g_autoptr(JsonNode) snapshot_node = NULL;
  JsonObject *snapshot;
  MlIdentity *identity;
  const char *serial;

  for (guint i = 0; i < G_N_ELEMENTS (snapshot_members); i++)
    if (present (object, snapshot_members[i]))
      {
        printer->has_snapshot = TRUE;
        json_object_set_member (reading_object, snapshot_members[i],
                                json_node_ref (json_object_get_member (object,
                                                                       snapshot_members[i])));
      }

  /* The bundle calls them counters; the model, usage. */
  if (present (object, "counters"))
    {
      printer->has_counters = TRUE;
      json_object_set_member (reading_object, "usage",
                              json_node_ref (json_object_get_member (object, "counters")));
    }

  printer->reading = ml_printer_reading_new_from_json (reading_node, error);
  if (printer->reading == NULL)
    return FALSE;

  identity = ml_printer_reading_get_identity (printer->reading);
  serial = ml_identity_get_serial_number (identity);
  if (serial != NULL && !g_str_equal (serial, printer->serial))
    {
      g_set_error (error, ML_ERROR, ML_ERROR_INVALID_VALUE,
                   _("Its identity names another serial number, %s"), serial);
      return FALSE;
    }

  if (printer->has_snapshot)
    {
      g_autoptr(JsonNode) identity_node = ml_identity_to_json (identity);
      g_autoptr(JsonNode) status_node =
        ml_engine_status_to_json (ml_printer_reading_get_status (printer->reading));

      printer->model = g_strdup (ml_identity_get_model_name (identity));
      printer->firmware = g_strdup (ml_identity_get_firmware_version (identity));
      if (present (object, "identity"))
        printer->identity = node_to_text (identity_node);
      if (present (object, "status"))
        printer->status = node_to_text (status_node);
      printer->alerts = list_to_text (ml_printer_reading_get_alerts (printer->reading),
                                      (ToJsonFunc) ml_alert_to_json);
      printer->printheads = list_to_text (ml_printer_reading_get_printheads (printer->reading),
                                          (ToJsonFunc) ml_printhead_to_json);
      printer->cartridges = list_to_text (ml_printer_reading_get_cartridges (printer->reading),
                                          (ToJsonFunc) ml_cartridge_to_json);
      printer->media_sources =
        list_to_text (ml_printer_reading_get_media_sources (printer->reading),
                      (ToJsonFunc) ml_media_source_to_json);

      snapshot = json_object_new ();
      snapshot_node = object_node (snapshot);
      json_object_set_member (snapshot, "identity", node_from_text (printer->identity != NULL
                                                                      ? printer->identity
                                                                      : "null"));
      json_object_set_member (snapshot, "status", node_from_text (printer->status != NULL
                                                                    ? printer->status
                                                                    : "null"));
      json_object_set_member (snapshot, "alerts", node_from_text (printer->alerts));
      json_object_set_member (snapshot, "printheads", node_from_text (printer->printheads));
      json_object_set_member (snapshot, "cartridges", node_from_text (printer->cartridges));
      json_object_set_member (snapshot, "media_sources",
                              node_from_text (printer->media_sources));
      printer->snapshot = node_to_text (snapshot_node);
    }

  if (printer->has_counters)
    {
      g_autoptr(JsonNode) usage_node =
        ml_usage_to_json (ml_printer_reading_get_usage (printer->reading));

      printer->usage = node_to_text (usage_node);
    }

  return TRUE;
}

static IncomingPrinter *
parse_printer (JsonNode  *node,
               gint64     default_time,
               GError   **error)
{
  g_autoptr(IncomingPrinter) printer = g_new0 (IncomingPrinter, 1);
  JsonObject *object;
  JsonArray *jobs, *events;
  const char *serial, *product_number;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, ML_ERROR, ML_ERROR_WRONG_TYPE,
                   _("A printer of the bundle is not a JSON object"));
      return NULL;
    }
  object = json_node_get_object (node);

  if (!member_string (object, "serial", &serial, error) ||
      !member_string (object, "product_number", &product_number, error) ||
      !member_time (object, "last_success", &printer->seen_at, error))
    return NULL;

  if (serial == NULL || *serial == '\0' || strlen (serial) > MAX_SERIAL_LENGTH ||
      !g_utf8_validate (serial, -1, NULL))
    {
      g_set_error (error, ML_ERROR, ML_ERROR_INVALID_VALUE,
                   _("A printer of the bundle has no serial number, or not a valid one"));
      return NULL;
    }
  if (product_number == NULL || strlen (product_number) > MAX_SERIAL_LENGTH ||
      !g_utf8_validate (product_number, -1, NULL))
    {
      g_set_error (error, ML_ERROR, ML_ERROR_INVALID_VALUE,
                   _("Printer %s of the bundle has no product number, or not a valid one"),
                   serial);
      return NULL;
    }

  printer->serial = g_strdup (serial);
  printer->product_number = g_strdup (product_number);
  if (printer->seen_at == 0)
    printer->seen_at = default_time;

  if (!parse_snapshot (printer, object, error) ||
      !member_array (object, "jobs", &jobs, error) ||
      !member_array (object, "events", &events, error))
    {
      g_prefix_error (error, _("Printer %s: "), serial);
      return NULL;
    }

  printer->jobs = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; jobs != NULL && i < json_array_get_length (jobs); i++)
    {
      MlJob *job = ml_job_new_from_json (json_array_get_element (jobs, i), error);

      if (job == NULL)
        {
          g_prefix_error (error, _("Printer %s, job %u: "), serial, i + 1);
          return NULL;
        }
      g_ptr_array_add (printer->jobs, job);
    }

  printer->events = g_ptr_array_new_with_free_func (incoming_event_free);
  for (guint i = 0; events != NULL && i < json_array_get_length (events); i++)
    {
      IncomingEvent *event = parse_event (json_array_get_element (events, i), error);

      if (event == NULL)
        {
          g_prefix_error (error, _("Printer %s, event %u: "), serial, i + 1);
          return NULL;
        }
      g_ptr_array_add (printer->events, event);
    }

  return g_steal_pointer (&printer);
}

static Payload *
parse_payload (const MlBundleHeader  *header,
               JsonNode              *node,
               GError               **error)
{
  g_autoptr(Payload) payload = g_new0 (Payload, 1);
  JsonObject *object;
  JsonNode *format, *user_names;
  JsonArray *printers;
  const char *site_id, *collector_version;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, ML_ERROR, ML_ERROR_MALFORMED,
                   _("The bundle's payload is not a JSON object"));
      return NULL;
    }
  object = json_node_get_object (node);

  if (!member_value (object, "format", G_TYPE_INT64, &format, error) ||
      !member_string (object, "site_id", &site_id, error) ||
      !member_string (object, "collector_version", &collector_version, error) ||
      !member_value (object, "user_names", G_TYPE_BOOLEAN, &user_names, error) ||
      !member_array (object, "printers", &printers, error))
    return NULL;

  if (format == NULL || json_node_get_int (format) != PAYLOAD_FORMAT)
    {
      g_set_error (error, ML_ERROR, ML_ERROR_UNSUPPORTED,
                   _("The bundle's payload is not of format %d"), PAYLOAD_FORMAT);
      return NULL;
    }

  /* The header is authenticated; a payload that names another site is not ours to
   * file anywhere. */
  if (g_strcmp0 (site_id, header->site_id) != 0)
    {
      g_set_error (error, ML_ERROR, ML_ERROR_INVALID_VALUE,
                   _("The bundle's payload belongs to another site than its header"));
      return NULL;
    }

  if (printers == NULL)
    {
      g_set_error (error, ML_ERROR, ML_ERROR_MALFORMED, _("The bundle has no list of printers"));
      return NULL;
    }

  payload->user_names = user_names == NULL || json_node_get_boolean (user_names);
  payload->collector_version = g_strdup (collector_version);
  payload->printers = g_ptr_array_new_with_free_func (incoming_printer_free);
  for (guint i = 0; i < json_array_get_length (printers); i++)
    {
      IncomingPrinter *printer = parse_printer (json_array_get_element (printers, i),
                                                header->created_at, error);

      if (printer == NULL)
        return NULL;
      g_ptr_array_add (payload->printers, printer);
    }

  return g_steal_pointer (&payload);
}

/* Ingesting ---------------------------------------------------------------------------- */

typedef struct
{
  const MlBundleHeader *header;
  Payload *payload;
  gint64 received_at;

  guint jobs_stored;
  gboolean duplicate;
  gint64 original_received_at;

  gint64 site_id;
  gint64 customer_id;
  gint64 bundle_id;
  gboolean user_names;
  ChangeSeq seq;
} Ingest;

/* Whether a site's configuration switched user names off. */
static gboolean
config_allows_user_names (const char *config_text)
{
  g_autoptr(JsonNode) config = node_from_text (config_text);
  JsonNode *member;

  if (config == NULL || !JSON_NODE_HOLDS_OBJECT (config))
    return TRUE;

  member = json_object_get_member (json_node_get_object (config), "user_names");
  return member == NULL || !JSON_NODE_HOLDS_VALUE (member) ||
         json_node_get_value_type (member) != G_TYPE_BOOLEAN || json_node_get_boolean (member);
}

/* Finds the site, and a bundle seen before. */
static gboolean
ingest_find_site (MlPortalStore  *self,
                  Ingest         *ingest,
                  GError        **error)
{
  g_autoptr(MlStatement) site = NULL;
  g_autoptr(MlStatement) bundle = NULL;
  gboolean row;

  site = ml_database_prepare (self->db,
                              "SELECT id, customer_id, config FROM sites "
                              "WHERE public_id = :site_id",
                              error);
  if (site == NULL)
    return FALSE;
  bind_string (site, ":site_id", ingest->header->site_id);
  if (!next_row (self, site, &row, error))
    return FALSE;
  if (!row)
    return no_such_site (ingest->header->site_id, error);

  ingest->site_id = sqlite3_column_int64 (site, 0);
  ingest->customer_id = sqlite3_column_int64 (site, 1);
  ingest->user_names = ingest->payload->user_names &&
                       config_allows_user_names (ml_statement_get_string (site, 2));

  bundle = ml_database_prepare (self->db,
                                "SELECT site_id, received_at, jobs_stored FROM bundles "
                                "WHERE bundle_uuid = :uuid",
                                error);
  if (bundle == NULL)
    return FALSE;
  bind_string (bundle, ":uuid", ingest->header->bundle_uuid);
  if (!next_row (self, bundle, &row, error))
    return FALSE;
  if (!row)
    return TRUE;

  /* Another site's UUID must neither drop this bundle nor reveal that receipt. */
  if (sqlite3_column_int64 (bundle, 0) != ingest->site_id)
    {
      g_set_error (error, ML_ERROR, ML_ERROR_INVALID_VALUE,
                   _("The bundle's UUID %s is already used"), ingest->header->bundle_uuid);
      return FALSE;
    }

  ingest->duplicate = TRUE;
  ingest->original_received_at = sqlite3_column_int64 (bundle, 1);
  ingest->jobs_stored = (guint) sqlite3_column_int64 (bundle, 2);
  return TRUE;
}

static gboolean
ingest_insert_bundle (MlPortalStore  *self,
                      Ingest         *ingest,
                      GError        **error)
{
  g_autoptr(MlStatement) statement = NULL;

  statement = ml_database_prepare (self->db,
                                   "INSERT INTO bundles (site_id, bundle_uuid, sequence, "
                                   "  created_at, received_at, collector_version, printers, "
                                   "  jobs_stored) "
                                   "VALUES (:site_id, :uuid, :sequence, :created_at, "
                                   "  :received_at, :version, :printers, 0)",
                                   error);
  if (statement == NULL)
    return FALSE;
  bind_int64 (statement, ":site_id", ingest->site_id);
  bind_string (statement, ":uuid", ingest->header->bundle_uuid);
  bind_int64 (statement, ":sequence", (gint64) MIN (ingest->header->sequence, G_MAXINT64));
  bind_int64 (statement, ":created_at", ingest->header->created_at);
  bind_int64 (statement, ":received_at", ingest->received_at);
  bind_string (statement, ":version", ingest->payload->collector_version);
  bind_int64 (statement, ":printers", ingest->payload->printers->len);
  if (!step_done (self, statement, error))
    return FALSE;

  ingest->bundle_id = last_insert_id (self);
  return TRUE;
}

/* The printer's row in the site's customer, created when new. Returns its ID or 0. */
static gint64
ingest_printer_row (MlPortalStore    *self,
                    Ingest           *ingest,
                    IncomingPrinter  *printer,
                    GError          **error)
{
  g_autoptr(MlStatement) query = NULL;
  g_autoptr(MlStatement) write = NULL;
  gint64 id = 0;
  gboolean row;

  query = ml_database_prepare (self->db,
                               "SELECT id FROM printers WHERE customer_id = :customer_id "
                               "  AND serial = :serial AND product_number = :product_number",
                               error);
  if (query == NULL)
    return 0;
  bind_int64 (query, ":customer_id", ingest->customer_id);
  bind_string (query, ":serial", printer->serial);
  bind_string (query, ":product_number", printer->product_number);
  if (!next_row (self, query, &row, error))
    return 0;
  if (row)
    id = sqlite3_column_int64 (query, 0);
  g_clear_pointer (&query, ml_statement_release);

  if (id == 0)
    write = ml_database_prepare (self->db,
                                 "INSERT INTO printers (customer_id, site_id, serial, "
                                 "  product_number, model, firmware, first_seen, last_seen, "
                                 "  change_seq) "
                                 "VALUES (:customer_id, :site_id, :serial, :product_number, "
                                 "  :model, :firmware, :received_at, :seen_at, :seq)",
                                 error);
  else
    write = ml_database_prepare (self->db,
                                 "UPDATE printers SET site_id = :site_id, "
                                 "  model = coalesce (:model, model), "
                                 "  firmware = coalesce (:firmware, firmware), "
                                 "  last_seen = max (coalesce (last_seen, 0), :seen_at), "
                                 "  change_seq = :seq "
                                 "WHERE id = :id",
                                 error);
  if (write == NULL)
    return 0;

  if (id == 0)
    {
      bind_int64 (write, ":customer_id", ingest->customer_id);
      bind_string (write, ":serial", printer->serial);
      bind_string (write, ":product_number", printer->product_number);
      bind_int64 (write, ":received_at", ingest->received_at);
    }
  else
    bind_int64 (write, ":id", id);
  bind_int64 (write, ":site_id", ingest->site_id);
  bind_string (write, ":model", printer->model);
  bind_string (write, ":firmware", printer->firmware);
  bind_int64 (write, ":seen_at", printer->seen_at);
  bind_int64 (write, ":seq", change_seq_next (&ingest->seq));
  if (!step_done (self, write, error))
    return 0;

  if (id != 0)
    return id;

  id = last_insert_id (self);
  /* The customer's count of printers changed. */
  if (!touch_customer (self, ingest->customer_id, &ingest->seq, error))
    return 0;
  return id;
}

static gboolean
insert_event (MlPortalStore  *self,
              Ingest         *ingest,
              gint64          printer_id,
              const char     *kind,
              gint64          at,
              const char     *key,
              const char     *data,
              GError        **error)
{
  g_autoptr(MlStatement) statement = NULL;

  statement = ml_database_prepare (self->db,
                                   "INSERT INTO events (printer_id, bundle_id, kind, at, key, "
                                   "  data, change_seq) "
                                   "VALUES (:printer_id, :bundle_id, :kind, :at, :key, :data, "
                                   "  :seq) "
                                   "ON CONFLICT (printer_id, key) DO NOTHING",
                                   error);
  if (statement == NULL)
    return FALSE;
  bind_int64 (statement, ":printer_id", printer_id);
  bind_int64 (statement, ":bundle_id", ingest->bundle_id);
  bind_string (statement, ":kind", kind);
  bind_int64 (statement, ":at", at);
  bind_string (statement, ":key", key);
  bind_string (statement, ":data", data);
  bind_int64 (statement, ":seq", change_seq_next (&ingest->seq));
  return step_done (self, statement, error);
}

/* The codes of the alerts in a stored alerts column. */
static GHashTable *
alert_codes (const char *alerts_text)
{
  GHashTable *codes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(JsonNode) node = node_from_text (alerts_text);
  JsonArray *array;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return codes;

  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *alert = json_array_get_element (array, i);
      const char *code;

      if (!JSON_NODE_HOLDS_OBJECT (alert))
        continue;
      code = json_object_get_string_member_with_default (json_node_get_object (alert),
                                                         "code", NULL);
      if (code != NULL)
        g_hash_table_add (codes, g_strdup (code));
    }

  return codes;
}

/* Each alert becomes an event once: by the time the printer says it was raised, or,
 * when it does not say, when it first appears in a snapshot. */
static gboolean
ingest_alert_events (MlPortalStore    *self,
                     Ingest           *ingest,
                     gint64            printer_id,
                     IncomingPrinter  *printer,
                     GHashTable       *previous_codes,
                     GError          **error)
{
  GListModel *alerts = ml_printer_reading_get_alerts (printer->reading);

  for (guint i = 0; i < g_list_model_get_n_items (alerts); i++)
    {
      g_autoptr(MlAlert) alert = g_list_model_get_item (alerts, i);
      g_autoptr(JsonNode) alert_node = ml_alert_to_json (alert);
      JsonObject *data = json_object_new ();
      g_autoptr(JsonNode) data_node = object_node (data);
      g_autofree char *at_text = NULL;
      g_autofree char *key = NULL;
      g_autofree char *text = NULL;
      g_autoptr(GList) members = NULL;
      const char *code = ml_alert_get_code (alert);
      gint64 at = ml_alert_get_raised_at (alert);

      if (at <= 0)
        {
          if (code != NULL && g_hash_table_contains (previous_codes, code))
            continue;
          at = printer->seen_at;
        }

      at_text = ml_units_format_timestamp (at);
      json_object_set_string_member (data, "kind", "alert");
      json_object_set_string_member (data, "at", at_text);
      members = json_object_get_members (json_node_get_object (alert_node));
      for (GList *l = members; l != NULL; l = l->next)
        json_object_set_member (data, l->data,
                                json_node_copy (json_object_get_member (
                                                  json_node_get_object (alert_node), l->data)));

      key = g_strdup_printf ("alert|%s|%" G_GINT64_FORMAT, code != NULL ? code : "", at);
      text = node_to_text (data_node);
      if (!insert_event (self, ingest, printer_id, "alert", at, key, text, error))
        return FALSE;
    }

  return TRUE;
}

static gboolean
ingest_snapshot (MlPortalStore    *self,
                 Ingest           *ingest,
                 gint64            printer_id,
                 IncomingPrinter  *printer,
                 GError          **error)
{
  g_autoptr(MlStatement) previous = NULL;
  g_autoptr(MlStatement) latest = NULL;
  g_autoptr(MlStatement) history = NULL;
  g_autoptr(GHashTable) previous_codes = NULL;
  gboolean row;

  previous = ml_database_prepare (self->db,
                                  "SELECT alerts FROM printer_status "
                                  "WHERE printer_id = :printer_id",
                                  error);
  if (previous == NULL)
    return FALSE;
  bind_int64 (previous, ":printer_id", printer_id);
  if (!next_row (self, previous, &row, error))
    return FALSE;
  previous_codes = alert_codes (row ? ml_statement_get_string (previous, 0) : NULL);
  g_clear_pointer (&previous, ml_statement_release);

  /* A snapshot older than the stored one (a late bundle) goes to the history only. */
  latest = ml_database_prepare (self->db,
                                "INSERT INTO printer_status (printer_id, bundle_id, at, identity, "
                                "  status, alerts, printheads, cartridges, media_sources) "
                                "VALUES (:printer_id, :bundle_id, :at, :identity, :status, "
                                "  :alerts, :printheads, :cartridges, :media_sources) "
                                "ON CONFLICT (printer_id) DO UPDATE SET "
                                "  bundle_id = excluded.bundle_id, at = excluded.at, "
                                "  identity = coalesce (excluded.identity, identity), "
                                "  status = coalesce (excluded.status, status), "
                                "  alerts = excluded.alerts, printheads = excluded.printheads, "
                                "  cartridges = excluded.cartridges, "
                                "  media_sources = excluded.media_sources "
                                "WHERE excluded.at >= printer_status.at",
                                error);
  if (latest == NULL)
    return FALSE;
  bind_int64 (latest, ":printer_id", printer_id);
  bind_int64 (latest, ":bundle_id", ingest->bundle_id);
  bind_int64 (latest, ":at", printer->seen_at);
  bind_string (latest, ":identity", printer->identity);
  bind_string (latest, ":status", printer->status);
  bind_string (latest, ":alerts", printer->alerts);
  bind_string (latest, ":printheads", printer->printheads);
  bind_string (latest, ":cartridges", printer->cartridges);
  bind_string (latest, ":media_sources", printer->media_sources);
  if (!step_done (self, latest, error))
    return FALSE;

  history = ml_database_prepare (self->db,
                                 "INSERT INTO status_history (printer_id, bundle_id, at, snapshot) "
                                 "VALUES (:printer_id, :bundle_id, :at, :snapshot)",
                                 error);
  if (history == NULL)
    return FALSE;
  bind_int64 (history, ":printer_id", printer_id);
  bind_int64 (history, ":bundle_id", ingest->bundle_id);
  bind_int64 (history, ":at", printer->seen_at);
  bind_string (history, ":snapshot", printer->snapshot);
  if (!step_done (self, history, error))
    return FALSE;

  return ingest_alert_events (self, ingest, printer_id, printer, previous_codes, error);
}

static gboolean
ingest_counters (MlPortalStore    *self,
                 Ingest           *ingest,
                 gint64            printer_id,
                 IncomingPrinter  *printer,
                 GError          **error)
{
  g_autoptr(MlStatement) statement = NULL;
  MlUsage *usage = ml_printer_reading_get_usage (printer->reading);

  statement = ml_database_prepare (self->db,
                                   "INSERT INTO counters (printer_id, bundle_id, at, job_count, "
                                   "  page_count, total_ink_ul, total_media_area_mm2, "
                                   "  total_media_length_mm, scan_area_mm2, usage) "
                                   "VALUES (:printer_id, :bundle_id, :at, :job_count, "
                                   "  :page_count, :total_ink_ul, :total_media_area_mm2, "
                                   "  :total_media_length_mm, :scan_area_mm2, :usage)",
                                   error);
  if (statement == NULL)
    return FALSE;
  bind_int64 (statement, ":printer_id", printer_id);
  bind_int64 (statement, ":bundle_id", ingest->bundle_id);
  bind_int64 (statement, ":at", printer->seen_at);
  bind_quantity (statement, ":job_count", ml_usage_get_job_count (usage));
  bind_quantity (statement, ":page_count", ml_usage_get_page_count (usage));
  bind_quantity (statement, ":total_ink_ul", ml_usage_get_total_ink_ul (usage));
  bind_quantity (statement, ":total_media_area_mm2", ml_usage_get_total_media_area_mm2 (usage));
  bind_quantity (statement, ":total_media_length_mm",
                 ml_usage_get_total_media_length_mm (usage));
  bind_quantity (statement, ":scan_area_mm2", ml_usage_get_scan_area_mm2 (usage));
  bind_string (statement, ":usage", printer->usage);
  return step_done (self, statement, error);
}

/* The time a job is filed under: when it printed, else completed, else was
 * submitted, else when it first arrived. */
static gint64
job_time (MlJob  *job,
          gint64  received_at)
{
  if (ml_job_get_printed_at (job) > 0)
    return ml_job_get_printed_at (job);
  if (ml_job_get_completed_at (job) > 0)
    return ml_job_get_completed_at (job);
  if (ml_job_get_submitted_at (job) > 0)
    return ml_job_get_submitted_at (job);
  return received_at;
}

static void
bind_job_columns (MlStatement *statement,
                  MlJob       *job,
                  gint64       received_at)
{
  bind_string (statement, ":kind", ml_job_kind_to_string (ml_job_get_kind (job)));
  bind_string (statement, ":status", ml_job_status_to_string (ml_job_get_status (job)));
  bind_int64 (statement, ":job_time", job_time (job, received_at));
  bind_string (statement, ":media_type_id", ml_job_get_media_type_id (job));
  bind_quantity (statement, ":media_area_mm2", ml_job_get_media_area_mm2 (job));
  bind_quantity (statement, ":printed_area_mm2", ml_job_get_printed_area_mm2 (job));
  bind_quantity (statement, ":ink_ul", ml_job_get_total_ink_ul (job));
}

/* @stored with what @job says now laid over it: a value the printer no longer says
 * is kept, as the collector keeps it. */
static MlJob *
merge_job (const char  *stored,
           MlJob       *job,
           GError     **error)
{
  g_autoptr(JsonNode) merged = node_from_text (stored);
  g_autoptr(JsonNode) update = ml_job_to_json (job);
  g_autoptr(GList) members = NULL;
  JsonObject *object, *update_object = json_node_get_object (update);

  if (merged == NULL || !JSON_NODE_HOLDS_OBJECT (merged))
    return g_object_ref (job);

  object = json_node_get_object (merged);
  members = json_object_get_members (update_object);
  for (GList *l = members; l != NULL; l = l->next)
    json_object_set_member (object, l->data,
                            json_node_copy (json_object_get_member (update_object, l->data)));

  return ml_job_new_from_json (merged, error);
}

static gboolean
ingest_job (MlPortalStore  *self,
            Ingest         *ingest,
            gint64          printer_id,
            MlJob          *incoming,
            GError        **error)
{
  g_autoptr(MlStatement) query = NULL;
  g_autoptr(MlStatement) write = NULL;
  g_autoptr(MlJob) job = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *stored = NULL;
  g_autofree char *text = NULL;
  gint64 id = 0, received_at = ingest->received_at;
  gint64 sequence = (gint64) MIN (ingest->header->sequence, G_MAXINT64);
  gboolean row;

  query = ml_database_prepare (self->db,
                               "SELECT id, data, last_site_id, last_sequence, received_at "
                               "FROM jobs WHERE printer_id = :printer_id AND uuid = :uuid",
                               error);
  if (query == NULL)
    return FALSE;
  bind_int64 (query, ":printer_id", printer_id);
  bind_string (query, ":uuid", ml_job_get_uuid (incoming));
  if (!next_row (self, query, &row, error))
    return FALSE;
  if (row)
    {
      /* A later bundle of the same site already said more about this job. */
      if (sqlite3_column_int64 (query, 2) == ingest->site_id &&
          sqlite3_column_int64 (query, 3) > sequence)
        return TRUE;

      id = sqlite3_column_int64 (query, 0);
      stored = g_strdup (ml_statement_get_string (query, 1));
      received_at = sqlite3_column_int64 (query, 4);
    }
  g_clear_pointer (&query, ml_statement_release);

  job = stored != NULL ? merge_job (stored, incoming, error) : g_object_ref (incoming);
  if (job == NULL)
    return FALSE;
  if (!ingest->user_names)
    ml_job_set_user_name (job, NULL);

  node = ml_job_to_json (job);
  text = node_to_text (node);
  if (g_strcmp0 (text, stored) == 0)
    return TRUE;

  if (id == 0)
    write = ml_database_prepare (self->db,
                                 "INSERT INTO jobs (printer_id, uuid, kind, status, job_time, "
                                 "  media_type_id, media_area_mm2, printed_area_mm2, ink_ul, "
                                 "  data, first_bundle_id, last_site_id, last_sequence, "
                                 "  received_at, updated_at, change_seq) "
                                 "VALUES (:printer_id, :uuid, :kind, :status, :job_time, "
                                 "  :media_type_id, :media_area_mm2, :printed_area_mm2, :ink_ul, "
                                 "  :data, :bundle_id, :site_id, :sequence, :received_at, "
                                 "  :received_at, :seq)",
                                 error);
  else
    write = ml_database_prepare (self->db,
                                 "UPDATE jobs SET kind = :kind, status = :status, "
                                 "  job_time = :job_time, media_type_id = :media_type_id, "
                                 "  media_area_mm2 = :media_area_mm2, "
                                 "  printed_area_mm2 = :printed_area_mm2, ink_ul = :ink_ul, "
                                 "  data = :data, last_site_id = :site_id, "
                                 "  last_sequence = :sequence, updated_at = :updated_at, "
                                 "  change_seq = :seq "
                                 "WHERE id = :id",
                                 error);
  if (write == NULL)
    return FALSE;

  if (id == 0)
    {
      bind_int64 (write, ":printer_id", printer_id);
      bind_string (write, ":uuid", ml_job_get_uuid (job));
      bind_int64 (write, ":bundle_id", ingest->bundle_id);
      bind_int64 (write, ":received_at", received_at);
    }
  else
    {
      bind_int64 (write, ":id", id);
      bind_int64 (write, ":updated_at", ingest->received_at);
    }
  bind_job_columns (write, job, received_at);
  bind_string (write, ":data", text);
  bind_int64 (write, ":site_id", ingest->site_id);
  bind_int64 (write, ":sequence", sequence);
  bind_int64 (write, ":seq", change_seq_next (&ingest->seq));
  if (!step_done (self, write, error))
    return FALSE;

  ingest->jobs_stored++;
  return TRUE;
}

static gboolean
ingest_printer (MlPortalStore    *self,
                Ingest           *ingest,
                IncomingPrinter  *printer,
                GError          **error)
{
  gint64 printer_id = ingest_printer_row (self, ingest, printer, error);

  if (printer_id == 0)
    return FALSE;

  if (printer->has_snapshot && !ingest_snapshot (self, ingest, printer_id, printer, error))
    return FALSE;

  if (printer->has_counters && !ingest_counters (self, ingest, printer_id, printer, error))
    return FALSE;

  for (guint i = 0; i < printer->jobs->len; i++)
    if (!ingest_job (self, ingest, printer_id, g_ptr_array_index (printer->jobs, i), error))
      return FALSE;

  for (guint i = 0; i < printer->events->len; i++)
    {
      IncomingEvent *event = g_ptr_array_index (printer->events, i);

      if (!insert_event (self, ingest, printer_id, event->kind, event->at, event->key,
                         event->data, error))
        return FALSE;
    }

  return TRUE;
}

static gboolean
ingest_locked (MlPortalStore  *self,
               gpointer        data,
               GError        **error)
{
  Ingest *ingest = data;
  g_autoptr(MlStatement) site = NULL;
  g_autoptr(MlStatement) bundle = NULL;

  if (!ingest_find_site (self, ingest, error))
    return FALSE;
  if (ingest->duplicate)
    return TRUE;

  if (!change_seq_read (self, &ingest->seq, error) ||
      !ingest_insert_bundle (self, ingest, error))
    return FALSE;

  for (guint i = 0; i < ingest->payload->printers->len; i++)
    if (!ingest_printer (self, ingest, g_ptr_array_index (ingest->payload->printers, i), error))
      return FALSE;

  site = ml_database_prepare (self->db,
                              "UPDATE sites SET "
                              "  last_bundle_at = max (coalesce (last_bundle_at, 0), "
                              "    :received_at), "
                              "  change_seq = :seq "
                              "WHERE id = :id",
                              error);
  if (site == NULL)
    return FALSE;
  bind_int64 (site, ":received_at", ingest->received_at);
  bind_int64 (site, ":seq", change_seq_next (&ingest->seq));
  bind_int64 (site, ":id", ingest->site_id);
  if (!step_done (self, site, error))
    return FALSE;

  bundle = ml_database_prepare (self->db,
                                "UPDATE bundles SET jobs_stored = :jobs_stored WHERE id = :id",
                                error);
  if (bundle == NULL)
    return FALSE;
  bind_int64 (bundle, ":jobs_stored", ingest->jobs_stored);
  bind_int64 (bundle, ":id", ingest->bundle_id);
  if (!step_done (self, bundle, error))
    return FALSE;

  return change_seq_write (self, &ingest->seq, error);
}

gboolean
ml_portal_store_ingest_bundle (MlPortalStore         *self,
                               const MlBundleHeader  *header,
                               JsonNode              *payload,
                               gint64                 received_at,
                               guint                 *out_jobs_stored,
                               gboolean              *out_duplicate,
                               gint64                *out_original_received_at,
                               GError               **error)
{
  g_autoptr(Payload) parsed = NULL;
  Ingest ingest = { 0 };

  g_return_val_if_fail (ML_IS_PORTAL_STORE (self), FALSE);
  g_return_val_if_fail (header != NULL, FALSE);
  g_return_val_if_fail (header->site_id != NULL, FALSE);
  g_return_val_if_fail (header->bundle_uuid != NULL, FALSE);
  g_return_val_if_fail (payload != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* Taken apart before the transaction: a bad payload never holds the lock. */
  if ((parsed = parse_payload (header, payload, error)) == NULL)
    return FALSE;

  ingest.header = header;
  ingest.payload = parsed;
  ingest.received_at = received_at;
  if (!write_locked (self, ingest_locked, &ingest, error))
    return FALSE;

  if (out_jobs_stored != NULL)
    *out_jobs_stored = ingest.jobs_stored;
  if (out_duplicate != NULL)
    *out_duplicate = ingest.duplicate;
  if (out_original_received_at != NULL)
    *out_original_received_at = ingest.duplicate ? ingest.original_received_at : received_at;
  return TRUE;
}

/* Site configuration ------------------------------------------------------------------- */

static JsonNode *
config_node (const char *config_text,
             gint64      revision)
{
  JsonNode *node = node_from_text (config_text);

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      g_clear_pointer (&node, json_node_unref);
      node = object_node (json_object_new ());
    }

  json_object_set_int_member (json_node_get_object (node), "revision", revision);
  return node;
}

JsonNode *
ml_portal_store_get_site_config (MlPortalStore  *self,
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
                                   "SELECT config, config_revision FROM sites "
                                   "WHERE public_id = :site_id",
                                   error);
  if (statement == NULL)
    return NULL;
  bind_string (statement, ":site_id", site_id);
  if (!next_row (self, statement, &row, error))
    return NULL;
  if (!row)
    {
      no_such_site (site_id, error);
      return NULL;
    }

  return config_node (ml_statement_get_string (statement, 0),
                      sqlite3_column_int64 (statement, 1));
}

static gboolean
invalid_setting (const char  *key,
                 const char  *reason,
                 GError     **error)
{
  g_set_error (error, ML_ERROR, ML_ERROR_INVALID_VALUE, _("Setting “%s”: %s"), key, reason);
  return FALSE;
}

/* The ranges as ml-ip-range.h reads them: text, or a list of texts. */
static JsonNode *
validate_ranges (JsonNode  *node,
                 GError   **error)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(MlIpRange) range = NULL;
  g_autoptr(GError) local_error = NULL;

  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    g_string_append (text, json_node_get_string (node));
  else if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *item = json_array_get_element (array, i);

          if (!JSON_NODE_HOLDS_VALUE (item) || json_node_get_value_type (item) != G_TYPE_STRING)
            {
              invalid_setting ("ranges", _("a list of ranges holds only text"), error);
              return NULL;
            }
          if (text->len > 0)
            g_string_append (text, ", ");
          g_string_append (text, json_node_get_string (item));
        }
    }
  else
    {
      invalid_setting ("ranges", _("expected text such as “192.0.2.0/24”"), error);
      return NULL;
    }

  if ((range = ml_ip_range_parse (text->str, &local_error)) == NULL)
    {
      invalid_setting ("ranges", local_error->message, error);
      return NULL;
    }

  return json_node_init_string (json_node_alloc (), text->str);
}

/* What @config changes, as members to set (null: to remove). */
static JsonObject *
validate_config (JsonNode  *config,
                 GError   **error)
{
  g_autoptr(JsonObject) changes = json_object_new ();
  g_autoptr(GList) members = NULL;
  JsonObject *object;

  if (!JSON_NODE_HOLDS_OBJECT (config))
    {
      g_set_error (error, ML_ERROR, ML_ERROR_WRONG_TYPE,
                   _("A site's configuration is a JSON object"));
      return NULL;
    }

  object = json_node_get_object (config);
  members = json_object_get_members (object);
  for (GList *l = members; l != NULL; l = l->next)
    {
      const char *key = l->data;
      JsonNode *value = json_object_get_member (object, key);
      JsonNode *checked = NULL;

      if (g_str_equal (key, "revision"))
        continue;

      if (!g_str_equal (key, "ranges") && !g_str_equal (key, "polling_interval") &&
          !g_str_equal (key, "user_names"))
        {
          g_set_error (error, ML_ERROR, ML_ERROR_INVALID_VALUE,
                       _("A site's configuration has no setting “%s” (only “ranges”, "
                         "“polling_interval” and “user_names”)"), key);
          return NULL;
        }

      if (JSON_NODE_HOLDS_NULL (value))
        checked = json_node_new (JSON_NODE_NULL);
      else if (g_str_equal (key, "ranges"))
        {
          if ((checked = validate_ranges (value, error)) == NULL)
            return NULL;
        }
      else if (g_str_equal (key, "polling_interval"))
        {
          gint64 minutes;

          if (!JSON_NODE_HOLDS_VALUE (value) || json_node_get_value_type (value) != G_TYPE_INT64 ||
              (minutes = json_node_get_int (value)) < 30 || minutes > 1440)
            {
              invalid_setting (key, _("expected minutes from 30 to 1440"), error);
              return NULL;
            }
          checked = json_node_init_int (json_node_alloc (), minutes);
        }
      else
        {
          if (!JSON_NODE_HOLDS_VALUE (value) ||
              json_node_get_value_type (value) != G_TYPE_BOOLEAN)
            {
              invalid_setting (key, _("expected true or false"), error);
              return NULL;
            }
          checked = json_node_init_boolean (json_node_alloc (), json_node_get_boolean (value));
        }

      json_object_set_member (changes, key, checked);
    }

  return g_steal_pointer (&changes);
}

typedef struct
{
  gint64 reseller_id;
  const char *site_id;
  JsonObject *changes;
} ConfigArgs;

static gboolean
set_site_config_locked (MlPortalStore  *self,
                        gpointer        data,
                        GError        **error)
{
  ConfigArgs *args = data;
  g_autoptr(MlStatement) query = NULL;
  g_autoptr(MlStatement) update = NULL;
  g_autoptr(JsonNode) config = NULL;
  g_autoptr(GList) members = NULL;
  g_autofree char *text = NULL;
  JsonObject *object;
  ChangeSeq seq;
  gint64 id;
  gboolean row;

  query = ml_database_prepare (self->db,
                               "SELECT s.id, s.config FROM sites s "
                               "  JOIN customers c ON c.id = s.customer_id "
                               "WHERE s.public_id = :site_id AND c.reseller_id = :reseller_id",
                               error);
  if (query == NULL)
    return FALSE;
  bind_string (query, ":site_id", args->site_id);
  bind_int64 (query, ":reseller_id", args->reseller_id);
  if (!next_row (self, query, &row, error))
    return FALSE;
  if (!row)
    return no_such_site (args->site_id, error);

  id = sqlite3_column_int64 (query, 0);
  config = node_from_text (ml_statement_get_string (query, 1));
  if (config == NULL || !JSON_NODE_HOLDS_OBJECT (config))
    {
      g_clear_pointer (&config, json_node_unref);
      config = object_node (json_object_new ());
    }
  g_clear_pointer (&query, ml_statement_release);

  object = json_node_get_object (config);
  members = json_object_get_members (args->changes);
  for (GList *l = members; l != NULL; l = l->next)
    {
      JsonNode *value = json_object_get_member (args->changes, l->data);

      if (JSON_NODE_HOLDS_NULL (value))
        json_object_remove_member (object, l->data);
      else
        json_object_set_member (object, l->data, json_node_copy (value));
    }
  text = node_to_text (config);

  if (!change_seq_read (self, &seq, error))
    return FALSE;

  update = ml_database_prepare (self->db,
                                "UPDATE sites SET config = :config, "
                                "  config_revision = config_revision + 1, change_seq = :seq "
                                "WHERE id = :id",
                                error);
  if (update == NULL)
    return FALSE;
  bind_string (update, ":config", text);
  bind_int64 (update, ":seq", change_seq_next (&seq));
  bind_int64 (update, ":id", id);
  if (!step_done (self, update, error))
    return FALSE;

  return change_seq_write (self, &seq, error);
}

gboolean
ml_portal_store_set_site_config (MlPortalStore  *self,
                                 gint64          reseller_id,
                                 const char     *site_id,
                                 JsonNode       *config,
                                 GError        **error)
{
  g_autoptr(JsonObject) changes = NULL;
  ConfigArgs args = { reseller_id, site_id, NULL };

  g_return_val_if_fail (ML_IS_PORTAL_STORE (self), FALSE);
  g_return_val_if_fail (site_id != NULL, FALSE);
  g_return_val_if_fail (config != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if ((changes = validate_config (config, error)) == NULL)
    return FALSE;

  args.changes = changes;
  return write_locked (self, set_site_config_locked, &args, error);
}

/* The reseller API ---------------------------------------------------------------------- */

/* Each list's columns and joins, shared by the list and by sync (which adds the
 * row's change_seq as its last column). Every FROM reaches customers c, so that
 * c.reseller_id scopes the rows. */
#define CUSTOMER_COLUMNS \
  "c.id, c.name, " \
  "(SELECT count(*) FROM sites s WHERE s.customer_id = c.id), " \
  "(SELECT count(*) FROM printers p WHERE p.customer_id = c.id)"
#define CUSTOMER_FROM " FROM customers c "

#define SITE_COLUMNS \
  "s.public_id, s.name, c.id, c.name, s.last_bundle_at, " \
  "(SELECT count(*) FROM printers p WHERE p.site_id = s.id), s.config, s.config_revision"
#define SITE_FROM " FROM sites s JOIN customers c ON c.id = s.customer_id "

#define PRINTER_COLUMNS \
  "p.serial, p.product_number, p.model, p.firmware, p.customer_id, s.public_id, " \
  "p.last_seen, st.status, st.cartridges"
#define PRINTER_DETAIL_COLUMNS \
  ", st.printheads, st.media_sources, st.alerts, " \
  "(SELECT usage FROM counters k WHERE k.printer_id = p.id ORDER BY k.at DESC, k.id DESC " \
  " LIMIT 1)"
#define PRINTER_FROM \
  " FROM printers p JOIN customers c ON c.id = p.customer_id " \
  "  JOIN sites s ON s.id = p.site_id " \
  "  LEFT JOIN printer_status st ON st.printer_id = p.id "

#define JOB_COLUMNS "j.id, j.job_time, j.data, p.serial"
#define JOB_FROM \
  " FROM jobs j JOIN printers p ON p.id = j.printer_id " \
  "  JOIN customers c ON c.id = p.customer_id "

#define EVENT_COLUMNS "p.serial, e.data"
#define EVENT_FROM \
  " FROM events e JOIN printers p ON p.id = e.printer_id " \
  "  JOIN customers c ON c.id = p.customer_id "

typedef JsonNode *(*RowFunc) (MlStatement *statement);

static JsonNode *
customer_from_row (MlStatement *statement)
{
  JsonObject *object = json_object_new ();

  json_object_set_int_member (object, "id", sqlite3_column_int64 (statement, 0));
  json_object_set_string_member (object, "name", ml_statement_get_string (statement, 1));
  json_object_set_int_member (object, "sites", sqlite3_column_int64 (statement, 2));
  json_object_set_int_member (object, "printers", sqlite3_column_int64 (statement, 3));
  return object_node (object);
}

static JsonNode *
site_from_row (MlStatement *statement)
{
  JsonObject *object = json_object_new ();

  json_object_set_string_member (object, "id", ml_statement_get_string (statement, 0));
  json_object_set_string_member (object, "name", ml_statement_get_string (statement, 1));
  json_object_set_int_member (object, "customer_id", sqlite3_column_int64 (statement, 2));
  json_object_set_string_member (object, "customer", ml_statement_get_string (statement, 3));
  put_time (object, "last_bundle_at", ml_statement_get_int64 (statement, 4, 0));
  json_object_set_int_member (object, "printers", sqlite3_column_int64 (statement, 5));
  json_object_set_member (object, "config",
                          config_node (ml_statement_get_string (statement, 6),
                                       sqlite3_column_int64 (statement, 7)));
  return object_node (object);
}

static JsonObject *
printer_object (MlStatement *statement)
{
  JsonObject *object = json_object_new ();

  json_object_set_string_member (object, "serial", ml_statement_get_string (statement, 0));
  json_object_set_string_member (object, "product_number",
                                 ml_statement_get_string (statement, 1));
  put_string_or_null (object, "model", ml_statement_get_string (statement, 2));
  put_string_or_null (object, "firmware", ml_statement_get_string (statement, 3));
  json_object_set_int_member (object, "customer_id", sqlite3_column_int64 (statement, 4));
  json_object_set_string_member (object, "site_id", ml_statement_get_string (statement, 5));
  put_time (object, "last_seen", ml_statement_get_int64 (statement, 6, 0));
  put_json (object, "status", ml_statement_get_string (statement, 7), FALSE);
  put_json (object, "cartridges", ml_statement_get_string (statement, 8), TRUE);
  return object;
}

static JsonNode *
printer_from_row (MlStatement *statement)
{
  return object_node (printer_object (statement));
}

static JsonNode *
printer_detail_from_row (MlStatement *statement)
{
  JsonObject *object = printer_object (statement);

  put_json (object, "printheads", ml_statement_get_string (statement, 9), TRUE);
  put_json (object, "media_sources", ml_statement_get_string (statement, 10), TRUE);
  put_json (object, "alerts", ml_statement_get_string (statement, 11), TRUE);
  put_json (object, "counters", ml_statement_get_string (statement, 12), FALSE);
  return object_node (object);
}

static JsonNode *
job_from_row (MlStatement *statement)
{
  JsonNode *node = node_from_text (ml_statement_get_string (statement, 2));

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      g_clear_pointer (&node, json_node_unref);
      node = object_node (json_object_new ());
    }

  json_object_set_string_member (json_node_get_object (node), "printer",
                                 ml_statement_get_string (statement, 3));
  return node;
}

static JsonNode *
event_from_row (MlStatement *statement)
{
  JsonObject *object = json_object_new ();
  g_autoptr(JsonNode) data = node_from_text (ml_statement_get_string (statement, 1));

  json_object_set_string_member (object, "serial", ml_statement_get_string (statement, 0));
  if (data != NULL && JSON_NODE_HOLDS_OBJECT (data))
    {
      JsonObject *data_object = json_node_get_object (data);
      g_autoptr(GList) members = json_object_get_members (data_object);

      for (GList *l = members; l != NULL; l = l->next)
        json_object_set_member (object, l->data,
                                json_node_copy (json_object_get_member (data_object, l->data)));
    }

  return object_node (object);
}

/* The rows of a prepared and bound statement as a JSON array. */
static JsonNode *
rows_to_array (MlPortalStore  *self,
               MlStatement    *statement,
               RowFunc         func,
               GError        **error)
{
  JsonArray *array = json_array_new ();
  g_autoptr(JsonNode) node = array_node (array);
  gboolean row;

  for (;;)
    {
      if (!next_row (self, statement, &row, error))
        return NULL;
      if (!row)
        break;
      json_array_add_element (array, func (statement));
    }

  return g_steal_pointer (&node);
}

static JsonNode *
list_for_reseller (MlPortalStore  *self,
                   const char     *sql,
                   gint64          reseller_id,
                   RowFunc         func,
                   GError        **error)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->mutex);
  g_autoptr(MlStatement) statement = NULL;

  statement = ml_database_prepare (self->db, sql, error);
  if (statement == NULL)
    return NULL;
  bind_int64 (statement, ":reseller_id", reseller_id);
  return rows_to_array (self, statement, func, error);
}

JsonNode *
ml_portal_store_list_customers (MlPortalStore  *self,
                                gint64          reseller_id,
                                GError        **error)
{
  g_return_val_if_fail (ML_IS_PORTAL_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return list_for_reseller (self,
                            "SELECT " CUSTOMER_COLUMNS CUSTOMER_FROM
                            "WHERE c.reseller_id = :reseller_id ORDER BY c.name",
                            reseller_id, customer_from_row, error);
}

JsonNode *
ml_portal_store_list_sites (MlPortalStore  *self,
                            gint64          reseller_id,
                            GError        **error)
{
  g_return_val_if_fail (ML_IS_PORTAL_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return list_for_reseller (self,
                            "SELECT " SITE_COLUMNS SITE_FROM
                            "WHERE c.reseller_id = :reseller_id ORDER BY c.name, s.name",
                            reseller_id, site_from_row, error);
}

JsonNode *
ml_portal_store_list_printers (MlPortalStore  *self,
                               gint64          reseller_id,
                               GError        **error)
{
  g_return_val_if_fail (ML_IS_PORTAL_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return list_for_reseller (self,
                            "SELECT " PRINTER_COLUMNS PRINTER_FROM
                            "WHERE c.reseller_id = :reseller_id "
                            "ORDER BY p.serial, p.product_number, p.id",
                            reseller_id, printer_from_row, error);
}

static gboolean
no_such_printer (const char  *serial,
                 GError     **error)
{
  g_set_error (error, ML_ERROR, ML_ERROR_NOT_FOUND, _("There is no printer %s"), serial);
  return FALSE;
}

JsonNode *
ml_portal_store_get_printer (MlPortalStore  *self,
                             gint64          reseller_id,
                             const char     *serial,
                             GError        **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(MlStatement) statement = NULL;
  gboolean row;

  g_return_val_if_fail (ML_IS_PORTAL_STORE (self), NULL);
  g_return_val_if_fail (serial != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  locker = g_mutex_locker_new (&self->mutex);
  /* A serial seen under two customers (a printer that moved): the latest. */
  statement = ml_database_prepare (self->db,
                                   "SELECT " PRINTER_COLUMNS PRINTER_DETAIL_COLUMNS PRINTER_FROM
                                   "WHERE c.reseller_id = :reseller_id AND p.serial = :serial "
                                   "ORDER BY p.last_seen DESC, p.id DESC LIMIT 1",
                                   error);
  if (statement == NULL)
    return NULL;
  bind_int64 (statement, ":reseller_id", reseller_id);
  bind_string (statement, ":serial", serial);
  if (!next_row (self, statement, &row, error))
    return NULL;
  if (!row)
    {
      no_such_printer (serial, error);
      return NULL;
    }

  return printer_detail_from_row (statement);
}

/* Whether the reseller has a printer @serial; ML_ERROR_NOT_FOUND if not. */
static gboolean
check_printer_visible (MlPortalStore  *self,
                       gint64          reseller_id,
                       const char     *serial,
                       GError        **error)
{
  g_autoptr(MlStatement) statement = NULL;
  gboolean row;

  statement = ml_database_prepare (self->db,
                                   "SELECT 1 FROM printers p "
                                   "  JOIN customers c ON c.id = p.customer_id "
                                   "WHERE c.reseller_id = :reseller_id AND p.serial = :serial",
                                   error);
  if (statement == NULL)
    return FALSE;
  bind_int64 (statement, ":reseller_id", reseller_id);
  bind_string (statement, ":serial", serial);
  if (!next_row (self, statement, &row, error))
    return FALSE;

  return row || no_such_printer (serial, error);
}

/* A jobs cursor: the time and row of the last job of a page, as unpadded base64url
 * of "job:TIME:ID", so that a client treats it as opaque. */
static char *
encode_jobs_cursor (gint64 time,
                    gint64 id)
{
  g_autofree char *plain = g_strdup_printf ("job:%" G_GINT64_FORMAT ":%" G_GINT64_FORMAT,
                                            time, id);
  char *text = g_base64_encode ((const guchar *) plain, strlen (plain));
  char *padding;

  g_strdelimit (text, "+", '-');
  g_strdelimit (text, "/", '_');
  if ((padding = strchr (text, '=')) != NULL)
    *padding = '\0';
  return text;
}

static gboolean
invalid_cursor (GError **error)
{
  g_set_error (error, ML_ERROR, ML_ERROR_INVALID_VALUE, _("The page cursor is not valid"));
  return FALSE;
}

static gboolean
decode_jobs_cursor (const char  *cursor,
                    gint64      *out_time,
                    gint64      *out_id,
                    GError     **error)
{
  g_autoptr(GString) text = g_string_new (cursor);
  g_autofree guchar *plain = NULL;
  g_autofree char *string = NULL;
  g_auto(GStrv) parts = NULL;
  gsize size;

  for (const char *p = cursor; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_')
      return invalid_cursor (error);

  g_strdelimit (text->str, "-", '+');
  g_strdelimit (text->str, "_", '/');
  while (text->len % 4 != 0)
    g_string_append_c (text, '=');

  plain = g_base64_decode (text->str, &size);
  string = g_strndup ((const char *) plain, size);
  parts = g_strsplit (string, ":", -1);
  if (g_strv_length (parts) != 3 || !g_str_equal (parts[0], "job") ||
      !g_ascii_string_to_signed (parts[1], 10, G_MININT64, G_MAXINT64, out_time, NULL) ||
      !g_ascii_string_to_signed (parts[2], 10, 1, G_MAXINT64, out_id, NULL))
    return invalid_cursor (error);

  return TRUE;
}

JsonNode *
ml_portal_store_list_jobs (MlPortalStore  *self,
                           gint64          reseller_id,
                           const char     *serial,
                           gint64          since,
                           gint64          until,
                           const char     *cursor,
                           guint           limit,
                           GError        **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(MlStatement) statement = NULL;
  g_autoptr(JsonNode) jobs = NULL;
  JsonObject *result;
  JsonArray *array;
  gint64 after_time = G_MININT64, after_id = 0;
  gint64 last_time = 0, last_id = 0;
  guint n_rows = 0;
  gboolean row;

  g_return_val_if_fail (ML_IS_PORTAL_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (limit < 1 || limit > 1000)
    {
      g_set_error (error, ML_ERROR, ML_ERROR_INVALID_VALUE,
                   _("A page holds 1 to 1000 jobs, not %u"), limit);
      return NULL;
    }

  if (cursor != NULL && !decode_jobs_cursor (cursor, &after_time, &after_id, error))
    return NULL;

  locker = g_mutex_locker_new (&self->mutex);
  if (serial != NULL && !check_printer_visible (self, reseller_id, serial, error))
    return NULL;

  /* One more row than asked for tells whether there is a next page. */
  if (serial != NULL)
    statement = ml_database_prepare (self->db,
                                     "SELECT " JOB_COLUMNS JOB_FROM
                                     "WHERE c.reseller_id = :reseller_id AND p.serial = :serial "
                                     "  AND j.job_time >= :since "
                                     "  AND (:until = 0 OR j.job_time < :until) "
                                     "  AND (j.job_time, j.id) > (:after_time, :after_id) "
                                     "ORDER BY j.job_time, j.id LIMIT :limit",
                                     error);
  else
    statement = ml_database_prepare (self->db,
                                     "SELECT " JOB_COLUMNS JOB_FROM
                                     "WHERE c.reseller_id = :reseller_id "
                                     "  AND j.job_time >= :since "
                                     "  AND (:until = 0 OR j.job_time < :until) "
                                     "  AND (j.job_time, j.id) > (:after_time, :after_id) "
                                     "ORDER BY j.job_time, j.id LIMIT :limit",
                                     error);
  if (statement == NULL)
    return NULL;
  bind_int64 (statement, ":reseller_id", reseller_id);
  if (serial != NULL)
    bind_string (statement, ":serial", serial);
  bind_int64 (statement, ":since", MAX (since, 0));
  bind_int64 (statement, ":until", MAX (until, 0));
  bind_int64 (statement, ":after_time", after_time);
  bind_int64 (statement, ":after_id", after_id);
  bind_int64 (statement, ":limit", (gint64) limit + 1);

  array = json_array_new ();
  jobs = array_node (array);
  for (;;)
    {
      if (!next_row (self, statement, &row, error))
        return NULL;
      if (!row || ++n_rows > limit)
        break;
      last_id = sqlite3_column_int64 (statement, 0);
      last_time = sqlite3_column_int64 (statement, 1);
      json_array_add_element (array, job_from_row (statement));
    }

  result = json_object_new ();
  json_object_set_member (result, "jobs", g_steal_pointer (&jobs));
  if (n_rows > limit)
    {
      g_autofree char *next = encode_jobs_cursor (last_time, last_id);

      json_object_set_string_member (result, "next_cursor", next);
    }
  else
    json_object_set_null_member (result, "next_cursor");
  return object_node (result);
}

static JsonNode *
usage_from_row (MlStatement *statement)
{
  JsonObject *object = json_object_new ();

  json_object_set_string_member (object, "serial", ml_statement_get_string (statement, 0));
  put_string_or_null (object, "media_type_id", ml_statement_get_string (statement, 1));
  json_object_set_string_member (object, "day", ml_statement_get_string (statement, 2));
  json_object_set_int_member (object, "jobs", sqlite3_column_int64 (statement, 3));
  json_object_set_int_member (object, "media_area_mm2", sqlite3_column_int64 (statement, 4));
  json_object_set_int_member (object, "printed_area_mm2", sqlite3_column_int64 (statement, 5));
  json_object_set_int_member (object, "ink_ul", sqlite3_column_int64 (statement, 6));
  return object_node (object);
}

JsonNode *
ml_portal_store_usage (MlPortalStore  *self,
                       gint64          reseller_id,
                       const char     *serial,
                       gint64          since,
                       gint64          until,
                       GError        **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(MlStatement) statement = NULL;

  g_return_val_if_fail (ML_IS_PORTAL_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  locker = g_mutex_locker_new (&self->mutex);
  if (serial != NULL && !check_printer_visible (self, reseller_id, serial, error))
    return NULL;

  /* Only completed jobs are billable (MlJobStatus); a quantity a printer did not say
   * adds nothing. */
  statement = ml_database_prepare (self->db,
                                   "SELECT p.serial, j.media_type_id, "
                                   "  date (j.job_time, 'unixepoch') AS day, count (*), "
                                   "  coalesce (sum (j.media_area_mm2), 0), "
                                   "  coalesce (sum (j.printed_area_mm2), 0), "
                                   "  coalesce (sum (j.ink_ul), 0) "
                                   JOB_FROM
                                   "WHERE c.reseller_id = :reseller_id "
                                   "  AND (:serial IS NULL OR p.serial = :serial) "
                                   "  AND j.status = 'completed' AND j.job_time >= :since "
                                   "  AND (:until = 0 OR j.job_time < :until) "
                                   "GROUP BY p.serial, j.media_type_id, day "
                                   "ORDER BY p.serial, j.media_type_id, day",
                                   error);
  if (statement == NULL)
    return NULL;
  bind_int64 (statement, ":reseller_id", reseller_id);
  bind_string (statement, ":serial", serial);
  bind_int64 (statement, ":since", MAX (since, 0));
  bind_int64 (statement, ":until", MAX (until, 0));
  return rows_to_array (self, statement, usage_from_row, error);
}

JsonNode *
ml_portal_store_list_events (MlPortalStore  *self,
                             gint64          reseller_id,
                             const char     *serial,
                             GError        **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(MlStatement) statement = NULL;

  g_return_val_if_fail (ML_IS_PORTAL_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  locker = g_mutex_locker_new (&self->mutex);
  if (serial != NULL && !check_printer_visible (self, reseller_id, serial, error))
    return NULL;

  statement = ml_database_prepare (self->db,
                                   "SELECT " EVENT_COLUMNS EVENT_FROM
                                   "WHERE c.reseller_id = :reseller_id "
                                   "  AND (:serial IS NULL OR p.serial = :serial) "
                                   "ORDER BY e.at, e.id",
                                   error);
  if (statement == NULL)
    return NULL;
  bind_int64 (statement, ":reseller_id", reseller_id);
  bind_string (statement, ":serial", serial);
  return rows_to_array (self, statement, event_from_row, error);
}

/* Sync --------------------------------------------------------------------------------- */

static const struct {
  const char *key;
  const char *sql;
  RowFunc func;
} sync_parts[] = {
  { "customers",
    "SELECT " CUSTOMER_COLUMNS ", c.change_seq" CUSTOMER_FROM
    "WHERE c.reseller_id = :reseller_id AND c.change_seq > :cursor "
    "ORDER BY c.change_seq LIMIT :limit",
    customer_from_row },
  { "sites",
    "SELECT " SITE_COLUMNS ", s.change_seq" SITE_FROM
    "WHERE c.reseller_id = :reseller_id AND s.change_seq > :cursor "
    "ORDER BY s.change_seq LIMIT :limit",
    site_from_row },
  { "printers",
    "SELECT " PRINTER_COLUMNS ", p.change_seq" PRINTER_FROM
    "WHERE c.reseller_id = :reseller_id AND p.change_seq > :cursor "
    "ORDER BY p.change_seq LIMIT :limit",
    printer_from_row },
  { "jobs",
    "SELECT " JOB_COLUMNS ", j.change_seq" JOB_FROM
    "WHERE c.reseller_id = :reseller_id AND j.change_seq > :cursor "
    "ORDER BY j.change_seq LIMIT :limit",
    job_from_row },
  { "events",
    "SELECT " EVENT_COLUMNS ", e.change_seq" EVENT_FROM
    "WHERE c.reseller_id = :reseller_id AND e.change_seq > :cursor "
    "ORDER BY e.change_seq LIMIT :limit",
    event_from_row },
};

typedef struct
{
  gint64 seq;
  JsonNode *node;
} SyncRow;

static void
sync_row_clear (gpointer data)
{
  SyncRow *row = data;

  g_clear_pointer (&row->node, json_node_unref);
}

static gboolean
parse_sync_cursor (const char  *cursor,
                   gint64      *out_seq,
                   GError     **error)
{
  guint64 value;

  *out_seq = 0;
  if (cursor == NULL)
    return TRUE;

  if (!g_ascii_string_to_unsigned (cursor, 10, 0, G_MAXINT64, &value, NULL))
    {
      g_set_error (error, ML_ERROR, ML_ERROR_INVALID_VALUE, _("The sync cursor is not valid"));
      return FALSE;
    }

  *out_seq = (gint64) value;
  return TRUE;
}

static JsonNode *
sync_locked (MlPortalStore  *self,
             gint64          reseller_id,
             gint64          cursor,
             GError        **error)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  g_autoptr(JsonNode) result = object_node (json_object_new ());
  g_autofree char *cursor_text = NULL;
  JsonObject *object = json_node_get_object (result);
  ChangeSeq current;
  gint64 cutoff;
  gboolean more = FALSE;

  if (!change_seq_read (self, &current, error))
    return NULL;
  cutoff = MAX (current.value, cursor);

  for (guint i = 0; i < G_N_ELEMENTS (sync_parts); i++)
    {
      g_autoptr(MlStatement) statement = NULL;
      GArray *rows = g_array_new (FALSE, TRUE, sizeof (SyncRow));
      gboolean row;
      int seq_column;

      g_array_set_clear_func (rows, sync_row_clear);
      g_ptr_array_add (parts, rows);

      statement = ml_database_prepare (self->db, sync_parts[i].sql, error);
      if (statement == NULL)
        return NULL;
      bind_int64 (statement, ":reseller_id", reseller_id);
      bind_int64 (statement, ":cursor", cursor);
      bind_int64 (statement, ":limit", SYNC_LIMIT);
      seq_column = sqlite3_column_count (statement) - 1;

      for (;;)
        {
          SyncRow sync_row;

          if (!next_row (self, statement, &row, error))
            return NULL;
          if (!row)
            break;
          sync_row.seq = sqlite3_column_int64 (statement, seq_column);
          sync_row.node = sync_parts[i].func (statement);
          g_array_append_val (rows, sync_row);
        }

      /* A full part may have more rows: this answer ends at its last one, and every
       * part is cut there, so no change is skipped. */
      if (rows->len == SYNC_LIMIT)
        {
          more = TRUE;
          cutoff = MIN (cutoff, g_array_index (rows, SyncRow, rows->len - 1).seq);
        }
    }

  for (guint i = 0; i < G_N_ELEMENTS (sync_parts); i++)
    {
      GArray *rows = g_ptr_array_index (parts, i);
      JsonArray *array = json_array_new ();

      for (guint j = 0; j < rows->len; j++)
        {
          SyncRow *sync_row = &g_array_index (rows, SyncRow, j);

          if (sync_row->seq <= cutoff)
            json_array_add_element (array, g_steal_pointer (&sync_row->node));
        }
      json_object_set_array_member (object, sync_parts[i].key, array);
    }

  cursor_text = g_strdup_printf ("%" G_GINT64_FORMAT, cutoff);
  json_object_set_string_member (object, "cursor", cursor_text);
  json_object_set_boolean_member (object, "more", more);
  return g_steal_pointer (&result);
}

JsonNode *
ml_portal_store_sync (MlPortalStore  *self,
                      gint64          reseller_id,
                      const char     *cursor,
                      GError        **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  JsonNode *result;
  gint64 after;

  g_return_val_if_fail (ML_IS_PORTAL_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!parse_sync_cursor (cursor, &after, error))
    return NULL;

  locker = g_mutex_locker_new (&self->mutex);
  /* One moment of the file for the counter and every part, though another process
   * (the admin commands) writes meanwhile. */
  if (!begin_read (self, error))
    return NULL;
  result = sync_locked (self, reseller_id, after, error);
  end_read (self);
  return result;
}
