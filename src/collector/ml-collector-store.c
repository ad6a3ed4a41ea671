/* ml-collector-store.c: the collector's local SQLite store of printers, counters and jobs
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One connection behind one mutex rather than a connection per thread: SQLite lets
 * only one writer in at a time anyway, every write here is one short transaction
 * per printer, and one connection keeps one statement cache and needs no care about
 * which thread opened what. Reads of other processes (the app while the daemon
 * collects) go through WAL and do not wait for us.
 *
 * "Not said" is NULL in every column (a quantity of ML_UNKNOWN, a time of 0, a
 * missing string). A printer's unknown product number is '' so that the UNIQUE
 * constraint on (serial, product_number) holds for it too.
 */

#include "config.h"

#include <errno.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "ml-collector-store.h"

struct _MlCollectorStore
{
  GObject parent_instance;

  GMutex mutex;          /* guards db and its statement cache */
  MlDatabase *db;
};

G_DEFINE_FINAL_TYPE (MlCollectorStore, ml_collector_store, G_TYPE_OBJECT)

/* Schema versions 1 and 2. Migrations are appended, never edited: a store in the
 * field has run every earlier one. */
static const char * const migrations[] = {
  "CREATE TABLE printers ("
  "  id                  INTEGER PRIMARY KEY,"
  "  serial              TEXT NOT NULL,"
  "  product_number      TEXT NOT NULL DEFAULT '',"
  "  model               TEXT,"
  "  firmware            TEXT,"
  "  supported           INTEGER NOT NULL DEFAULT 1,"
  "  unsupported_reason  TEXT,"
  "  first_seen          INTEGER NOT NULL,"
  "  last_seen           INTEGER NOT NULL,"
  "  last_success        INTEGER,"
  "  last_error          TEXT,"
  "  last_error_at       INTEGER,"
  "  cert_sha256         TEXT,"          /* pinned at first contact */
  "  pending_cert_sha256 TEXT,"          /* a changed certificate awaiting acceptance */
  "  queue_uuid          TEXT,"          /* the job queue position the stored jobs cover */
  "  queue_modification  INTEGER,"
  "  UNIQUE (serial, product_number)"
  ");"
  "CREATE TABLE printer_addresses ("
  "  printer_id  INTEGER NOT NULL REFERENCES printers (id) ON DELETE CASCADE,"
  "  address     TEXT NOT NULL,"
  "  port        INTEGER NOT NULL,"
  "  first_seen  INTEGER NOT NULL,"
  "  last_seen   INTEGER NOT NULL,"
  "  UNIQUE (printer_id, address, port)"
  ");"
  /* The latest status of each printer: the whole reading but its jobs, as
   * ml-model-json spells it. */
  "CREATE TABLE status_snapshots ("
  "  printer_id  INTEGER PRIMARY KEY REFERENCES printers (id) ON DELETE CASCADE,"
  "  read_at     INTEGER NOT NULL,"
  "  reading     TEXT NOT NULL"
  ");"
  /* One row per reading: the lifetime counters as the printer reported them. */
  "CREATE TABLE counters ("
  "  id                    INTEGER PRIMARY KEY,"
  "  printer_id            INTEGER NOT NULL REFERENCES printers (id) ON DELETE CASCADE,"
  "  read_at               INTEGER NOT NULL,"
  "  job_count             INTEGER,"
  "  page_count            INTEGER,"
  "  total_ink_ul          INTEGER,"
  "  total_media_area_mm2  INTEGER,"
  "  total_media_length_mm INTEGER,"
  "  scan_area_mm2         INTEGER,"
  "  scan_area_scans_mm2   INTEGER,"
  "  scan_area_copies_mm2  INTEGER,"
  "  inks                  TEXT,"
  "  media                 TEXT,"
  "  categories            TEXT"
  ");"
  "CREATE INDEX counters_by_printer ON counters (printer_id, read_at);"
  /* Each counter's last value, what a new reading is compared with, and its growth
   * so far with resets counted from zero. */
  "CREATE TABLE counter_latest ("
  "  printer_id  INTEGER NOT NULL REFERENCES printers (id) ON DELETE CASCADE,"
  "  counter     TEXT NOT NULL,"
  "  value       INTEGER NOT NULL,"
  "  growth      INTEGER NOT NULL,"
  "  read_at     INTEGER NOT NULL,"
  "  PRIMARY KEY (printer_id, counter)"
  ") WITHOUT ROWID;"
  "CREATE TABLE counter_events ("
  "  id            INTEGER PRIMARY KEY,"
  "  printer_id    INTEGER NOT NULL REFERENCES printers (id) ON DELETE CASCADE,"
  "  at            INTEGER NOT NULL,"
  "  kind          TEXT NOT NULL CHECK (kind IN ('reset')),"
  "  counter       TEXT NOT NULL,"
  "  value_before  INTEGER NOT NULL,"
  "  value_after   INTEGER NOT NULL"
  ");"
  "CREATE INDEX counter_events_by_printer ON counter_events (printer_id, at);"
  /* A job is its UUID within its printer: a UUID repeated by another printer's
   * firmware must not merge two jobs into one. */
  "CREATE TABLE jobs ("
  "  id                    INTEGER PRIMARY KEY,"
  "  printer_id            INTEGER NOT NULL REFERENCES printers (id) ON DELETE CASCADE,"
  "  uuid                  TEXT NOT NULL,"
  "  kind                  TEXT NOT NULL,"
  "  name                  TEXT,"
  "  sequence              INTEGER,"
  "  project_id            TEXT,"
  "  application_id        TEXT,"
  "  user_defined          TEXT,"
  "  account_id            TEXT,"
  "  user_name             TEXT,"
  "  submitted_at          INTEGER,"
  "  printed_at            INTEGER,"
  "  completed_at          INTEGER,"
  "  status                TEXT NOT NULL,"
  "  status_text           TEXT,"
  "  source                TEXT,"
  "  coverage_category     TEXT,"
  "  quality               TEXT,"
  "  pages                 INTEGER,"
  "  copies                INTEGER,"
  "  duration_ms           INTEGER,"
  "  media_type_id         TEXT,"
  "  media_area_mm2        INTEGER,"
  "  printed_area_mm2      INTEGER,"
  "  media_length_mm       INTEGER,"
  "  nonwhite_coverage_ppm INTEGER,"
  "  color_coverage_ppm    INTEGER,"
  "  scan_area_mm2         INTEGER,"
  "  ink                   TEXT,"          /* {"C": µl, ...} */
  "  categories            TEXT,"          /* [{"category": ..., ...}] */
  "  first_seen            INTEGER NOT NULL,"
  "  updated_at            INTEGER NOT NULL,"
  "  job_time              INTEGER GENERATED ALWAYS AS (coalesce (printed_at, "
  "                          completed_at, submitted_at, first_seen)) VIRTUAL,"
  "  UNIQUE (printer_id, uuid)"
  ");"
  "CREATE INDEX jobs_by_time ON jobs (job_time, uuid);"
  "CREATE INDEX jobs_by_printer_time ON jobs (printer_id, job_time, uuid);"
  "CREATE TABLE schedule ("
  "  name   TEXT PRIMARY KEY,"
  "  value  INTEGER NOT NULL"
  ") WITHOUT ROWID;",

  /* Schema version 2: what the portal was sent. Every insert or change of a job
   * takes the next number of one store-wide counter (sync_state's job_version), so
   * "the jobs changed since the last bundle" is a range of numbers however the
   * clock moved. Jobs stored before this migration count as changed: the first
   * bundle carries them all. */
  "ALTER TABLE jobs ADD COLUMN sync_version INTEGER;"
  "UPDATE jobs SET sync_version = id;"
  "CREATE INDEX jobs_by_sync_version ON jobs (printer_id, sync_version);"
  "CREATE TABLE sync_state ("
  "  key    TEXT PRIMARY KEY,"
  "  value"
  ") WITHOUT ROWID;"
  "INSERT INTO sync_state (key, value) VALUES ('next_sequence', 1);"
  "INSERT INTO sync_state (key, value) "
  "  SELECT 'job_version', coalesce (max (id), 0) FROM jobs;"
  "CREATE TRIGGER jobs_sync_insert AFTER INSERT ON jobs BEGIN"
  "  UPDATE sync_state SET value = value + 1 WHERE key = 'job_version';"
  "  UPDATE jobs SET sync_version = (SELECT value FROM sync_state WHERE key = 'job_version')"
  "    WHERE id = NEW.id;"
  "END;"
  /* The WHEN keeps the trigger's own update from counting as a change. */
  "CREATE TRIGGER jobs_sync_update AFTER UPDATE ON jobs "
  "  WHEN NEW.sync_version IS OLD.sync_version BEGIN"
  "  UPDATE sync_state SET value = value + 1 WHERE key = 'job_version';"
  "  UPDATE jobs SET sync_version = (SELECT value FROM sync_state WHERE key = 'job_version')"
  "    WHERE id = NEW.id;"
  "END;"
  /* Per printer, what the last bundle carried. */
  "CREATE TABLE sync_marks ("
  "  printer_id     INTEGER PRIMARY KEY REFERENCES printers (id) ON DELETE CASCADE,"
  "  info_hash      TEXT,"
  "  snapshot_hash  TEXT,"
  "  counters_hash  TEXT,"
  "  job_version    INTEGER NOT NULL DEFAULT 0,"
  "  event_id       INTEGER NOT NULL DEFAULT 0"
  ");"
  "CREATE TABLE outbox ("
  "  bundle_uuid      TEXT PRIMARY KEY,"
  "  sequence         INTEGER NOT NULL UNIQUE,"
  "  created_at       INTEGER NOT NULL,"
  "  bytes            BLOB NOT NULL,"
  "  printers         INTEGER NOT NULL DEFAULT 0,"
  "  jobs             INTEGER NOT NULL DEFAULT 0,"
  "  attempts         INTEGER NOT NULL DEFAULT 0,"
  "  last_attempt_at  INTEGER,"
  "  last_error       TEXT"
  ");",
};

static void
ml_collector_store_finalize (GObject *object)
{
  MlCollectorStore *self = (MlCollectorStore *)object;

  g_clear_object (&self->db);
  g_mutex_clear (&self->mutex);

  G_OBJECT_CLASS (ml_collector_store_parent_class)->finalize (object);
}

static void
ml_collector_store_class_init (MlCollectorStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ml_collector_store_finalize;
}

static void
ml_collector_store_init (MlCollectorStore *self)
{
  g_mutex_init (&self->mutex);
}

MlCollectorStore *
ml_collector_store_open (const char  *path,
                         GError     **error)
{
  g_autoptr(MlCollectorStore) self = NULL;
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

  self = g_object_new (ML_TYPE_COLLECTOR_STORE, NULL);
  self->db = ml_database_open (path, ML_DATABASE_FLAGS_NONE,
                               migrations, G_N_ELEMENTS (migrations), error);
  if (self->db == NULL)
    return NULL;

  return g_steal_pointer (&self);
}

const char *
ml_collector_store_get_path (MlCollectorStore *self)
{
  g_return_val_if_fail (ML_IS_COLLECTOR_STORE (self), NULL);

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
bind_time (MlStatement *statement,
           const char  *name,
           gint64       value)
{
  ml_statement_bind_time (statement, parameter (statement, name), value);
}

/* TRUE with *out_row set for each row, TRUE with *out_row unset at the end. */
static gboolean
next_row (MlCollectorStore  *self,
          MlStatement       *statement,
          gboolean          *out_row,
          GError           **error)
{
  int rc = sqlite3_step (statement);

  *out_row = (rc == SQLITE_ROW);
  if (rc == SQLITE_ROW || rc == SQLITE_DONE)
    return TRUE;

  return ml_database_set_error (self->db, error, ML_DATABASE_READING, rc);
}

static gboolean
step_done (MlCollectorStore  *self,
           MlStatement       *statement,
           GError           **error)
{
  return ml_database_step_done (self->db, statement, error);
}

static char *
node_to_text (JsonNode *node)
{
  if (node == NULL)
    return NULL;

  return json_to_string (node, FALSE);
}

static const char *
empty_to_null (const char *text)
{
  return text != NULL && *text != '\0' ? text : NULL;
}

static gboolean
not_found (const char  *serial,
           GError     **error)
{
  g_set_error (error, ML_ERROR, ML_ERROR_NOT_FOUND,
               _("No printer with the serial number %s is known"), serial);
  return FALSE;
}

/* The row id of the printer @serial (with @product_number when known), 0 when
 * there is none, -1 on error. A serial stored without a product number matches any
 * product number: it is the same printer seen before its product number was. */
static gint64
find_printer (MlCollectorStore  *self,
              const char        *serial,
              const char        *product_number,
              GError           **error)
{
  g_autoptr(MlStatement) statement = NULL;
  gint64 exact = 0, blank = 0, any = 0;
  guint n_rows = 0;
  gboolean row;

  product_number = empty_to_null (product_number);

  statement = ml_database_prepare (self->db,
                                   "SELECT id, product_number FROM printers "
                                   "WHERE serial = :serial ORDER BY id",
                                   error);
  if (statement == NULL)
    return -1;

  bind_string (statement, ":serial", serial);
  for (;;)
    {
      const char *stored;
      gint64 id;

      if (!next_row (self, statement, &row, error))
        return -1;
      if (!row)
        break;

      id = sqlite3_column_int64 (statement, 0);
      stored = ml_statement_get_string (statement, 1);
      n_rows++;
      any = id;
      if (product_number != NULL && g_strcmp0 (stored, product_number) == 0)
        exact = id;
      if (empty_to_null (stored) == NULL)
        blank = id;
    }

  if (product_number != NULL)
    return exact != 0 ? exact : blank;

  if (n_rows > 1)
    {
      g_set_error (error, ML_ERROR, ML_ERROR_INVALID_VALUE,
                   _("Several printers have the serial number %s"), serial);
      return -1;
    }

  return any;
}

/* find_printer() that fails with ML_ERROR_NOT_FOUND where it would return 0. */
static gint64
require_printer (MlCollectorStore  *self,
                 const char        *serial,
                 GError           **error)
{
  gint64 id = find_printer (self, serial, NULL, error);

  if (id == 0)
    {
      not_found (serial, error);
      return -1;
    }

  return id;
}

/* Finds or creates the printer @serial and notes that it was seen at @now with
 * what @identity says of it. Returns its row id, or -1. */
static gint64
ensure_printer (MlCollectorStore  *self,
                const char        *serial,
                MlIdentity        *identity,
                gint64             now,
                GError           **error)
{
  g_autoptr(MlStatement) statement = NULL;
  const char *product_number = empty_to_null (ml_identity_get_product_number (identity));
  gint64 id;

  id = find_printer (self, serial, product_number, error);
  if (id < 0)
    return -1;

  if (id == 0)
    statement = ml_database_prepare (self->db,
                                     "INSERT INTO printers (serial, product_number, model, "
                                     "  firmware, first_seen, last_seen) "
                                     "VALUES (:serial, coalesce (:product_number, ''), :model, "
                                     "  :firmware, :now, :now)",
                                     error);
  else
    statement = ml_database_prepare (self->db,
                                     "UPDATE printers SET "
                                     "  product_number = CASE product_number WHEN '' "
                                     "    THEN coalesce (:product_number, '') "
                                     "    ELSE product_number END, "
                                     "  model = coalesce (:model, model), "
                                     "  firmware = coalesce (:firmware, firmware), "
                                     "  last_seen = max (last_seen, :now) "
                                     "WHERE id = :id",
                                     error);
  if (statement == NULL)
    return -1;

  if (id == 0)
    bind_string (statement, ":serial", serial);
  else
    bind_int64 (statement, ":id", id);
  bind_string (statement, ":product_number", product_number);
  bind_string (statement, ":model", ml_identity_get_model_name (identity));
  bind_string (statement, ":firmware", ml_identity_get_firmware_version (identity));
  bind_int64 (statement, ":now", now);

  if (!step_done (self, statement, error))
    return -1;

  if (id == 0)
    id = sqlite3_last_insert_rowid (ml_database_get_handle (self->db));

  return id;
}

static gboolean
record_address (MlCollectorStore  *self,
                gint64             printer_id,
                const char        *address,
                guint              port,
                gint64             now,
                GError           **error)
{
  g_autoptr(MlStatement) statement = NULL;

  statement = ml_database_prepare (self->db,
                                   "INSERT INTO printer_addresses "
                                   "  (printer_id, address, port, first_seen, last_seen) "
                                   "VALUES (:printer_id, :address, :port, :now, :now) "
                                   "ON CONFLICT (printer_id, address, port) DO UPDATE SET "
                                   "  last_seen = max (last_seen, excluded.last_seen)",
                                   error);
  if (statement == NULL)
    return FALSE;

  bind_int64 (statement, ":printer_id", printer_id);
  bind_string (statement, ":address", address);
  bind_int64 (statement, ":port", port);
  bind_int64 (statement, ":now", now);
  return step_done (self, statement, error);
}

/* Pins @cert_sha256 if nothing is pinned yet; keeps it as pending if another one
 * is. *out_pinned gets the pinned one when they differ. */
static gboolean
record_certificate (MlCollectorStore  *self,
                    gint64             printer_id,
                    const char        *cert_sha256,
                    char             **out_pinned,
                    GError           **error)
{
  g_autoptr(MlStatement) query = NULL;
  g_autoptr(MlStatement) update = NULL;
  g_autofree char *pinned = NULL;
  gboolean row;

  query = ml_database_prepare (self->db,
                               "SELECT cert_sha256 FROM printers WHERE id = :id", error);
  if (query == NULL)
    return FALSE;
  bind_int64 (query, ":id", printer_id);
  if (!next_row (self, query, &row, error))
    return FALSE;
  pinned = g_strdup (row ? ml_statement_get_string (query, 0) : NULL);
  g_clear_pointer (&query, ml_statement_release);

  if (pinned == NULL || g_strcmp0 (pinned, cert_sha256) == 0)
    update = ml_database_prepare (self->db,
                                  "UPDATE printers SET cert_sha256 = :cert, "
                                  "  pending_cert_sha256 = NULL WHERE id = :id",
                                  error);
  else
    update = ml_database_prepare (self->db,
                                  "UPDATE printers SET pending_cert_sha256 = :cert "
                                  "WHERE id = :id",
                                  error);
  if (update == NULL)
    return FALSE;

  bind_string (update, ":cert", cert_sha256);
  bind_int64 (update, ":id", printer_id);
  if (!step_done (self, update, error))
    return FALSE;

  if (pinned != NULL && g_strcmp0 (pinned, cert_sha256) != 0)
    *out_pinned = g_steal_pointer (&pinned);

  return TRUE;
}

static gboolean
record_identity_locked (MlCollectorStore  *self,
                        const char        *serial,
                        const char        *address,
                        guint              port,
                        MlIdentity        *identity,
                        const char        *cert,
                        gboolean           supported,
                        const char        *unsupported_reason,
                        gint64             now,
                        char             **out_pinned,
                        GError           **error)
{
  g_autoptr(MlStatement) statement = NULL;
  gint64 id;

  if ((id = ensure_printer (self, serial, identity, now, error)) < 0 ||
      !record_address (self, id, address, port, now, error))
    return FALSE;

  statement = ml_database_prepare (self->db,
                                   "UPDATE printers SET supported = :supported, "
                                   "  unsupported_reason = :reason WHERE id = :id",
                                   error);
  if (statement == NULL)
    return FALSE;
  bind_int64 (statement, ":supported", supported ? 1 : 0);
  bind_string (statement, ":reason", supported ? NULL : unsupported_reason);
  bind_int64 (statement, ":id", id);
  if (!step_done (self, statement, error))
    return FALSE;
  g_clear_pointer (&statement, ml_statement_release);

  return cert == NULL || record_certificate (self, id, cert, out_pinned, error);
}

gboolean
ml_collector_store_record_identity (MlCollectorStore  *self,
                                    const char        *address,
                                    guint              port,
                                    MlIdentity        *identity,
                                    const char        *cert_sha256,
                                    gboolean           supported,
                                    const char        *unsupported_reason,
                                    gint64             now,
                                    GError           **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autofree char *cert = NULL;
  g_autofree char *pinned = NULL;
  const char *serial;

  g_return_val_if_fail (ML_IS_COLLECTOR_STORE (self), FALSE);
  g_return_val_if_fail (address != NULL, FALSE);
  g_return_val_if_fail (ML_IS_IDENTITY (identity), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  serial = empty_to_null (ml_identity_get_serial_number (identity));
  if (serial == NULL)
    {
      g_set_error (error, ML_ERROR, ML_ERROR_INVALID_VALUE,
                   _("The printer at %s did not say its serial number"), address);
      return FALSE;
    }

  /* Fingerprints are compared as text: one spelling, lowercase hex. */
  if (cert_sha256 != NULL)
    cert = g_ascii_strdown (cert_sha256, -1);

  locker = g_mutex_locker_new (&self->mutex);
  if (!ml_database_begin (self->db, error))
    return FALSE;

  if (!record_identity_locked (self, serial, address, port, identity, cert, supported,
                               unsupported_reason, now, &pinned, error) ||
      !ml_database_commit (self->db, error))
    {
      ml_database_rollback (self->db);
      return FALSE;
    }

  /* The sighting is stored; the caller learns that this printer must wait. */
  if (pinned != NULL)
    {
      g_set_error (error, ML_ERROR, ML_ERROR_CERTIFICATE_CHANGED,
                   _("Printer %s at %s presents another certificate than the one pinned "
                     "at first contact (pinned %s, now %s); it is not collected until "
                     "a technician accepts the new certificate"),
                   serial, address, pinned, cert);
      return FALSE;
    }

  return TRUE;
}

static gboolean
accept_certificate_locked (MlCollectorStore  *self,
                           const char        *serial,
                           const char        *cert_sha256,
                           GError           **error)
{
  g_autoptr(MlStatement) query = NULL;
  g_autoptr(MlStatement) update = NULL;
  g_autofree char *cert = NULL;
  g_autofree char *pinned = NULL;
  g_autofree char *pending = NULL;
  gboolean row;
  gint64 id;

  if ((id = require_printer (self, serial, error)) < 0)
    return FALSE;

  query = ml_database_prepare (self->db,
                               "SELECT cert_sha256, pending_cert_sha256 FROM printers "
                               "WHERE id = :id",
                               error);
  if (query == NULL)
    return FALSE;
  bind_int64 (query, ":id", id);
  if (!next_row (self, query, &row, error))
    return FALSE;
  pinned = g_strdup (row ? ml_statement_get_string (query, 0) : NULL);
  pending = g_strdup (row ? ml_statement_get_string (query, 1) : NULL);
  g_clear_pointer (&query, ml_statement_release);

  if (cert_sha256 != NULL)
    cert = g_ascii_strdown (cert_sha256, -1);
  else
    cert = g_strdup (pending != NULL ? pending : pinned);

  /* Only what the technician was shown: a certificate that changed again since is
   * not pinned unseen. */
  if (cert != NULL && pinned != NULL &&
      g_strcmp0 (cert, pending) != 0 && g_strcmp0 (cert, pinned) != 0)
    {
      g_set_error (error, ML_ERROR, ML_ERROR_INVALID_VALUE,
                   _("Printer %s did not present the certificate %s"), serial, cert);
      return FALSE;
    }

  update = ml_database_prepare (self->db,
                                "UPDATE printers SET cert_sha256 = coalesce (:cert, cert_sha256), "
                                "  pending_cert_sha256 = NULL WHERE id = :id",
                                error);
  if (update == NULL)
    return FALSE;
  bind_string (update, ":cert", cert);
  bind_int64 (update, ":id", id);
  return step_done (self, update, error);
}

gboolean
ml_collector_store_accept_certificate (MlCollectorStore  *self,
                                       const char        *serial,
                                       const char        *cert_sha256,
                                       GError           **error)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_val_if_fail (ML_IS_COLLECTOR_STORE (self), FALSE);
  g_return_val_if_fail (serial != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  locker = g_mutex_locker_new (&self->mutex);
  if (!ml_database_begin (self->db, error))
    return FALSE;

  if (!accept_certificate_locked (self, serial, cert_sha256, error) ||
      !ml_database_commit (self->db, error))
    {
      ml_database_rollback (self->db);
      return FALSE;
    }

  return TRUE;
}

static gboolean
save_snapshot (MlCollectorStore  *self,
               gint64             printer_id,
               MlPrinterReading  *reading,
               gint64             read_at,
               GError           **error)
{
  g_autoptr(JsonNode) node = ml_printer_reading_to_json (reading);
  g_autoptr(MlStatement) statement = NULL;
  g_autofree char *text = NULL;

  /* Jobs live in their own table; the snapshot is what `status` shows. The latest
   * save wins, whatever its read_at says: a clock set back must not freeze it. */
  json_object_remove_member (json_node_get_object (node), "jobs");
  text = node_to_text (node);

  statement = ml_database_prepare (self->db,
                                   "INSERT INTO status_snapshots (printer_id, read_at, reading) "
                                   "VALUES (:printer_id, :read_at, :reading) "
                                   "ON CONFLICT (printer_id) DO UPDATE SET "
                                   "  read_at = excluded.read_at, reading = excluded.reading",
                                   error);
  if (statement == NULL)
    return FALSE;

  bind_int64 (statement, ":printer_id", printer_id);
  bind_int64 (statement, ":read_at", read_at);
  bind_string (statement, ":reading", text);
  return step_done (self, statement, error);
}

typedef struct
{
  char *name;
  gint64 value;
} Counter;

static void
counter_clear (gpointer data)
{
  Counter *counter = data;

  g_free (counter->name);
}

static void
add_counter (GArray     *counters,
             char       *name,
             gint64      value)
{
  Counter counter = { name, value };

  if (value < 0)
    {
      g_free (name);
      return;
    }

  g_array_append_val (counters, counter);
}

/* Every lifetime counter of @usage that the printer reported, by its stable name. */
static GArray *
collect_counters (MlUsage *usage)
{
  GArray *counters = g_array_new (FALSE, FALSE, sizeof (Counter));
  GListModel *list;

  g_array_set_clear_func (counters, counter_clear);

  add_counter (counters, g_strdup ("job_count"), ml_usage_get_job_count (usage));
  add_counter (counters, g_strdup ("page_count"), ml_usage_get_page_count (usage));
  add_counter (counters, g_strdup ("total_ink_ul"), ml_usage_get_total_ink_ul (usage));
  add_counter (counters, g_strdup ("total_media_area_mm2"),
               ml_usage_get_total_media_area_mm2 (usage));
  add_counter (counters, g_strdup ("total_media_length_mm"),
               ml_usage_get_total_media_length_mm (usage));
  add_counter (counters, g_strdup ("scan_area_mm2"), ml_usage_get_scan_area_mm2 (usage));
  add_counter (counters, g_strdup ("scan_area_scans_mm2"),
               ml_usage_get_scan_area_scans_mm2 (usage));
  add_counter (counters, g_strdup ("scan_area_copies_mm2"),
               ml_usage_get_scan_area_copies_mm2 (usage));

  list = ml_usage_get_inks (usage);
  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr(MlInkUsage) ink = g_list_model_get_item (list, i);
      const char *key = ml_ink_usage_get_color (ink);

      if (key == NULL)
        key = ml_ink_usage_get_product_number (ink);
      if (key == NULL)
        continue;

      add_counter (counters, g_strdup_printf ("ink/%s/ink_used_ul", key),
                   ml_ink_usage_get_ink_used_ul (ink));
      add_counter (counters, g_strdup_printf ("ink/%s/hp_ink_used_ul", key),
                   ml_ink_usage_get_hp_ink_used_ul (ink));
      add_counter (counters, g_strdup_printf ("ink/%s/insertions", key),
                   ml_ink_usage_get_insertions (ink));
    }

  list = ml_usage_get_media (usage);
  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr(MlMediaUsage) media = g_list_model_get_item (list, i);
      const char *key = ml_media_usage_get_media_type_id (media);

      if (key == NULL)
        continue;

      add_counter (counters, g_strdup_printf ("media/%s/area_mm2", key),
                   ml_media_usage_get_area_mm2 (media));
      add_counter (counters, g_strdup_printf ("media/%s/length_mm", key),
                   ml_media_usage_get_length_mm (media));
    }

  list = ml_usage_get_categories (usage);
  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr(MlCategoryUsage) category = g_list_model_get_item (list, i);
      const char *key = ml_category_usage_get_category (category);

      if (key == NULL)
        continue;

      add_counter (counters, g_strdup_printf ("category/%s/media_area_mm2", key),
                   ml_category_usage_get_media_area_mm2 (category));
      add_counter (counters, g_strdup_printf ("category/%s/printed_area_mm2", key),
                   ml_category_usage_get_printed_area_mm2 (category));
      add_counter (counters, g_strdup_printf ("category/%s/ink_ul", key),
                   ml_category_usage_get_ink_ul (category));
      add_counter (counters, g_strdup_printf ("category/%s/length_mm", key),
                   ml_category_usage_get_length_mm (category));
    }

  return counters;
}

static gboolean
insert_counter_row (MlCollectorStore  *self,
                    gint64             printer_id,
                    MlUsage           *usage,
                    gint64             read_at,
                    GError           **error)
{
  g_autoptr(JsonNode) node = ml_usage_to_json (usage);
  JsonObject *object = json_node_get_object (node);
  g_autoptr(MlStatement) statement = NULL;
  g_autofree char *inks = node_to_text (json_object_get_member (object, "inks"));
  g_autofree char *media = node_to_text (json_object_get_member (object, "media"));
  g_autofree char *categories = node_to_text (json_object_get_member (object, "categories"));

  statement = ml_database_prepare (self->db,
                                   "INSERT INTO counters (printer_id, read_at, job_count, "
                                   "  page_count, total_ink_ul, total_media_area_mm2, "
                                   "  total_media_length_mm, scan_area_mm2, "
                                   "  scan_area_scans_mm2, scan_area_copies_mm2, inks, media, "
                                   "  categories) "
                                   "VALUES (:printer_id, :read_at, :job_count, :page_count, "
                                   "  :total_ink_ul, :total_media_area_mm2, "
                                   "  :total_media_length_mm, :scan_area_mm2, "
                                   "  :scan_area_scans_mm2, :scan_area_copies_mm2, :inks, "
                                   "  :media, :categories)",
                                   error);
  if (statement == NULL)
    return FALSE;

  bind_int64 (statement, ":printer_id", printer_id);
  bind_int64 (statement, ":read_at", read_at);
  bind_quantity (statement, ":job_count", ml_usage_get_job_count (usage));
  bind_quantity (statement, ":page_count", ml_usage_get_page_count (usage));
  bind_quantity (statement, ":total_ink_ul", ml_usage_get_total_ink_ul (usage));
  bind_quantity (statement, ":total_media_area_mm2", ml_usage_get_total_media_area_mm2 (usage));
  bind_quantity (statement, ":total_media_length_mm",
                 ml_usage_get_total_media_length_mm (usage));
  bind_quantity (statement, ":scan_area_mm2", ml_usage_get_scan_area_mm2 (usage));
  bind_quantity (statement, ":scan_area_scans_mm2", ml_usage_get_scan_area_scans_mm2 (usage));
  bind_quantity (statement, ":scan_area_copies_mm2", ml_usage_get_scan_area_copies_mm2 (usage));
  bind_string (statement, ":inks", inks);
  bind_string (statement, ":media", media);
  bind_string (statement, ":categories", categories);
  return step_done (self, statement, error);
}

typedef struct
{
  gint64 value;
  gint64 growth;
} Latest;

static gboolean
load_latest (MlCollectorStore  *self,
             gint64             printer_id,
             GHashTable        *latest,
             GError           **error)
{
  g_autoptr(MlStatement) statement = NULL;
  gboolean row;

  statement = ml_database_prepare (self->db,
                                   "SELECT counter, value, growth FROM counter_latest "
                                   "WHERE printer_id = :printer_id",
                                   error);
  if (statement == NULL)
    return FALSE;

  bind_int64 (statement, ":printer_id", printer_id);
  while (next_row (self, statement, &row, error))
    {
      Latest *entry;

      if (!row)
        return TRUE;

      entry = g_new (Latest, 1);
      entry->value = sqlite3_column_int64 (statement, 1);
      entry->growth = sqlite3_column_int64 (statement, 2);
      g_hash_table_insert (latest, g_strdup (ml_statement_get_string (statement, 0)), entry);
    }

  return FALSE;
}

static gint64
saturating_add (gint64 a,
                gint64 b)
{
  return a > G_MAXINT64 - b ? G_MAXINT64 : a + b;
}

/* Compares each counter with its last stored value: growth adds up, a drop is a
 * reset event and the new value counts as growth from zero. Never a negative
 * usage. */
static gboolean
update_counters (MlCollectorStore  *self,
                 gint64             printer_id,
                 GArray            *counters,
                 gint64             read_at,
                 GError           **error)
{
  g_autoptr(GHashTable) latest = NULL;

  latest = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  if (!load_latest (self, printer_id, latest, error))
    return FALSE;

  for (guint i = 0; i < counters->len; i++)
    {
      const Counter *counter = &g_array_index (counters, Counter, i);
      Latest *previous = g_hash_table_lookup (latest, counter->name);
      g_autoptr(MlStatement) statement = NULL;
      gint64 growth;

      if (previous != NULL && previous->value == counter->value)
        continue;

      if (previous == NULL)
        growth = 0;
      else if (counter->value > previous->value)
        growth = saturating_add (previous->growth, counter->value - previous->value);
      else
        {
          g_autoptr(MlStatement) event = NULL;

          event = ml_database_prepare (self->db,
                                       "INSERT INTO counter_events (printer_id, at, kind, "
                                       "  counter, value_before, value_after) "
                                       "VALUES (:printer_id, :at, 'reset', :counter, "
                                       "  :before, :after)",
                                       error);
          if (event == NULL)
            return FALSE;
          bind_int64 (event, ":printer_id", printer_id);
          bind_int64 (event, ":at", read_at);
          bind_string (event, ":counter", counter->name);
          bind_int64 (event, ":before", previous->value);
          bind_int64 (event, ":after", counter->value);
          if (!step_done (self, event, error))
            return FALSE;

          growth = saturating_add (previous->growth, counter->value);
        }

      statement = ml_database_prepare (self->db,
                                       "INSERT INTO counter_latest (printer_id, counter, value, "
                                       "  growth, read_at) "
                                       "VALUES (:printer_id, :counter, :value, :growth, :read_at) "
                                       "ON CONFLICT (printer_id, counter) DO UPDATE SET "
                                       "  value = excluded.value, growth = excluded.growth, "
                                       "  read_at = excluded.read_at",
                                       error);
      if (statement == NULL)
        return FALSE;
      bind_int64 (statement, ":printer_id", printer_id);
      bind_string (statement, ":counter", counter->name);
      bind_int64 (statement, ":value", counter->value);
      bind_int64 (statement, ":growth", growth);
      bind_int64 (statement, ":read_at", read_at);
      if (!step_done (self, statement, error))
        return FALSE;
    }

  return TRUE;
}

static gboolean
save_counters (MlCollectorStore  *self,
               gint64             printer_id,
               MlUsage           *usage,
               gint64             read_at,
               GError           **error)
{
  g_autoptr(GArray) counters = collect_counters (usage);

  /* A reading without usage (the printer did not answer that part) is no
   * evidence that any counter changed. */
  if (counters->len == 0)
    return TRUE;

  return insert_counter_row (self, printer_id, usage, read_at, error) &&
         update_counters (self, printer_id, counters, read_at, error);
}

static void
bind_job (MlStatement *statement,
          gint64       printer_id,
          MlJob       *job,
          gint64       now)
{
  g_autoptr(JsonNode) node = ml_job_to_json (job);
  JsonObject *object = json_node_get_object (node);
  g_autofree char *ink = node_to_text (json_object_get_member (object, "ink"));
  g_autofree char *categories = node_to_text (json_object_get_member (object, "categories"));
  MlJobStatus status = ml_job_get_status (job);

  bind_int64 (statement, ":printer_id", printer_id);
  bind_string (statement, ":uuid", ml_job_get_uuid (job));
  bind_string (statement, ":kind", ml_job_kind_to_string (ml_job_get_kind (job)));
  bind_string (statement, ":name", ml_job_get_name (job));
  bind_quantity (statement, ":sequence", ml_job_get_sequence (job));
  bind_string (statement, ":project_id", ml_job_get_project_id (job));
  bind_string (statement, ":application_id", ml_job_get_application_id (job));
  bind_string (statement, ":user_defined", ml_job_get_user_defined (job));
  bind_string (statement, ":account_id", ml_job_get_account_id (job));
  bind_string (statement, ":user_name", ml_job_get_user_name (job));
  bind_time (statement, ":submitted_at", ml_job_get_submitted_at (job));
  bind_time (statement, ":printed_at", ml_job_get_printed_at (job));
  bind_time (statement, ":completed_at", ml_job_get_completed_at (job));
  /* An unknown status never overwrites a known one. */
  bind_string (statement, ":status",
               status == ML_JOB_STATUS_UNKNOWN ? NULL : ml_job_status_to_string (status));
  bind_string (statement, ":status_text", ml_job_get_status_text (job));
  bind_string (statement, ":source", ml_job_get_source (job));
  bind_string (statement, ":coverage_category", ml_job_get_coverage_category (job));
  bind_string (statement, ":quality", ml_job_get_quality (job));
  bind_quantity (statement, ":pages", ml_job_get_pages (job));
  bind_quantity (statement, ":copies", ml_job_get_copies (job));
  bind_quantity (statement, ":duration_ms", ml_job_get_duration_ms (job));
  bind_string (statement, ":media_type_id", ml_job_get_media_type_id (job));
  bind_quantity (statement, ":media_area_mm2", ml_job_get_media_area_mm2 (job));
  bind_quantity (statement, ":printed_area_mm2", ml_job_get_printed_area_mm2 (job));
  bind_quantity (statement, ":media_length_mm", ml_job_get_media_length_mm (job));
  bind_quantity (statement, ":nonwhite_coverage_ppm", ml_job_get_nonwhite_coverage_ppm (job));
  bind_quantity (statement, ":color_coverage_ppm", ml_job_get_color_coverage_ppm (job));
  bind_quantity (statement, ":scan_area_mm2", ml_job_get_scan_area_mm2 (job));
  bind_string (statement, ":ink", ink);
  bind_string (statement, ":categories", categories);
  bind_int64 (statement, ":now", now);
}

/* Inserts a job not seen before, or updates one whose printer now says more (a
 * pending job that completed); a value the printer no longer says is kept. The
 * row is written only when something changed. */
static gboolean
save_job (MlCollectorStore  *self,
          gint64             printer_id,
          MlJob             *job,
          gint64             now,
          gboolean          *out_new,
          GError           **error)
{
  g_autoptr(MlStatement) insert = NULL;
  g_autoptr(MlStatement) update = NULL;

  insert = ml_database_prepare (self->db,
    "INSERT INTO jobs ("
    "  printer_id, uuid, kind, name, sequence, project_id, application_id, user_defined, "
    "  account_id, user_name, submitted_at, printed_at, completed_at, status, status_text, "
    "  source, coverage_category, quality, pages, copies, duration_ms, media_type_id, "
    "  media_area_mm2, printed_area_mm2, media_length_mm, nonwhite_coverage_ppm, "
    "  color_coverage_ppm, scan_area_mm2, ink, categories, first_seen, updated_at "
    ") VALUES ("
    "  :printer_id, :uuid, :kind, :name, :sequence, :project_id, :application_id, "
    "  :user_defined, :account_id, :user_name, :submitted_at, :printed_at, :completed_at, "
    "  coalesce (:status, 'unknown'), :status_text, :source, :coverage_category, :quality, "
    "  :pages, :copies, :duration_ms, :media_type_id, :media_area_mm2, :printed_area_mm2, "
    "  :media_length_mm, :nonwhite_coverage_ppm, :color_coverage_ppm, :scan_area_mm2, :ink, "
    "  :categories, :now, :now "
    ") ON CONFLICT (printer_id, uuid) DO NOTHING",
    error);
  if (insert == NULL)
    return FALSE;

  bind_job (insert, printer_id, job, now);
  if (!step_done (self, insert, error))
    return FALSE;

  *out_new = sqlite3_changes (ml_database_get_handle (self->db)) > 0;
  if (*out_new)
    return TRUE;

  update = ml_database_prepare (self->db,
    "UPDATE jobs SET "
    "  kind = :kind, name = coalesce (:name, name), "
    "  sequence = coalesce (:sequence, sequence), "
    "  project_id = coalesce (:project_id, project_id), "
    "  application_id = coalesce (:application_id, application_id), "
    "  user_defined = coalesce (:user_defined, user_defined), "
    "  account_id = coalesce (:account_id, account_id), "
    "  user_name = coalesce (:user_name, user_name), "
    "  submitted_at = coalesce (:submitted_at, submitted_at), "
    "  printed_at = coalesce (:printed_at, printed_at), "
    "  completed_at = coalesce (:completed_at, completed_at), "
    "  status = coalesce (:status, status), "
    "  status_text = coalesce (:status_text, status_text), "
    "  source = coalesce (:source, source), "
    "  coverage_category = coalesce (:coverage_category, coverage_category), "
    "  quality = coalesce (:quality, quality), pages = coalesce (:pages, pages), "
    "  copies = coalesce (:copies, copies), "
    "  duration_ms = coalesce (:duration_ms, duration_ms), "
    "  media_type_id = coalesce (:media_type_id, media_type_id), "
    "  media_area_mm2 = coalesce (:media_area_mm2, media_area_mm2), "
    "  printed_area_mm2 = coalesce (:printed_area_mm2, printed_area_mm2), "
    "  media_length_mm = coalesce (:media_length_mm, media_length_mm), "
    "  nonwhite_coverage_ppm = coalesce (:nonwhite_coverage_ppm, nonwhite_coverage_ppm), "
    "  color_coverage_ppm = coalesce (:color_coverage_ppm, color_coverage_ppm), "
    "  scan_area_mm2 = coalesce (:scan_area_mm2, scan_area_mm2), ink = coalesce (:ink, ink), "
    "  categories = coalesce (:categories, categories), updated_at = :now "
    "WHERE printer_id = :printer_id AND uuid = :uuid AND ("
    "  kind IS NOT :kind OR coalesce (:name, name) IS NOT name OR "
    "  coalesce (:sequence, sequence) IS NOT sequence OR "
    "  coalesce (:project_id, project_id) IS NOT project_id OR "
    "  coalesce (:application_id, application_id) IS NOT application_id OR "
    "  coalesce (:user_defined, user_defined) IS NOT user_defined OR "
    "  coalesce (:account_id, account_id) IS NOT account_id OR "
    "  coalesce (:user_name, user_name) IS NOT user_name OR "
    "  coalesce (:submitted_at, submitted_at) IS NOT submitted_at OR "
    "  coalesce (:printed_at, printed_at) IS NOT printed_at OR "
    "  coalesce (:completed_at, completed_at) IS NOT completed_at OR "
    "  coalesce (:status, status) IS NOT status OR "
    "  coalesce (:status_text, status_text) IS NOT status_text OR "
    "  coalesce (:source, source) IS NOT source OR "
    "  coalesce (:coverage_category, coverage_category) IS NOT coverage_category OR "
    "  coalesce (:quality, quality) IS NOT quality OR "
    "  coalesce (:pages, pages) IS NOT pages OR coalesce (:copies, copies) IS NOT copies OR "
    "  coalesce (:duration_ms, duration_ms) IS NOT duration_ms OR "
    "  coalesce (:media_type_id, media_type_id) IS NOT media_type_id OR "
    "  coalesce (:media_area_mm2, media_area_mm2) IS NOT media_area_mm2 OR "
    "  coalesce (:printed_area_mm2, printed_area_mm2) IS NOT printed_area_mm2 OR "
    "  coalesce (:media_length_mm, media_length_mm) IS NOT media_length_mm OR "
    "  coalesce (:nonwhite_coverage_ppm, nonwhite_coverage_ppm) IS NOT nonwhite_coverage_ppm OR "
    "  coalesce (:color_coverage_ppm, color_coverage_ppm) IS NOT color_coverage_ppm OR "
    "  coalesce (:scan_area_mm2, scan_area_mm2) IS NOT scan_area_mm2 OR "
    "  coalesce (:ink, ink) IS NOT ink OR "
    "  coalesce (:categories, categories) IS NOT categories "
    ")",
    error);
  if (update == NULL)
    return FALSE;

  bind_job (update, printer_id, job, now);
  return step_done (self, update, error);
}

static gboolean
save_reading_locked (MlCollectorStore  *self,
                     const char        *serial,
                     const char        *address,
                     guint              port,
                     MlPrinterReading  *reading,
                     gint64             now,
                     guint             *out_new_jobs,
                     GError           **error)
{
  g_autoptr(MlStatement) statement = NULL;
  GListModel *jobs = ml_printer_reading_get_jobs (reading);
  gint64 read_at = ml_printer_reading_get_read_at (reading);
  const char *queue_uuid = ml_printer_reading_get_queue_uuid (reading);
  guint new_jobs = 0;
  gint64 id;

  if (read_at <= 0)
    read_at = now;

  if ((id = ensure_printer (self, serial, ml_printer_reading_get_identity (reading),
                            now, error)) < 0 ||
      !record_address (self, id, address, port, now, error))
    return FALSE;

  statement = ml_database_prepare (self->db,
                                   "UPDATE printers SET last_success = :now, "
                                   "  last_error = NULL, last_error_at = NULL WHERE id = :id",
                                   error);
  if (statement == NULL)
    return FALSE;
  bind_int64 (statement, ":now", now);
  bind_int64 (statement, ":id", id);
  if (!step_done (self, statement, error))
    return FALSE;
  g_clear_pointer (&statement, ml_statement_release);

  if (!save_snapshot (self, id, reading, read_at, error) ||
      !save_counters (self, id, ml_printer_reading_get_usage (reading), read_at, error))
    return FALSE;

  for (guint i = 0; i < g_list_model_get_n_items (jobs); i++)
    {
      g_autoptr(MlJob) job = g_list_model_get_item (jobs, i);
      gboolean is_new = FALSE;

      if (!save_job (self, id, job, now, &is_new, error))
        return FALSE;
      if (is_new)
        new_jobs++;
    }

  /* The queue position moves only here, with the jobs it covers. */
  if (queue_uuid != NULL)
    {
      statement = ml_database_prepare (self->db,
                                       "UPDATE printers SET queue_uuid = :queue_uuid, "
                                       "  queue_modification = :queue_modification "
                                       "WHERE id = :id",
                                       error);
      if (statement == NULL)
        return FALSE;
      bind_string (statement, ":queue_uuid", queue_uuid);
      bind_quantity (statement, ":queue_modification",
                     ml_printer_reading_get_queue_modification (reading));
      bind_int64 (statement, ":id", id);
      if (!step_done (self, statement, error))
        return FALSE;
    }

  if (out_new_jobs != NULL)
    *out_new_jobs = new_jobs;
  return TRUE;
}

gboolean
ml_collector_store_save_reading (MlCollectorStore  *self,
                                 const char        *serial,
                                 const char        *address,
                                 guint              port,
                                 MlPrinterReading  *reading,
                                 gint64             now,
                                 guint             *out_new_jobs,
                                 GError           **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  const char *reading_serial;

  g_return_val_if_fail (ML_IS_COLLECTOR_STORE (self), FALSE);
  g_return_val_if_fail (serial != NULL && *serial != '\0', FALSE);
  g_return_val_if_fail (address != NULL, FALSE);
  g_return_val_if_fail (ML_IS_PRINTER_READING (reading), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (out_new_jobs != NULL)
    *out_new_jobs = 0;

  /* A reading filed under another printer would bill one customer for another's
   * jobs. */
  reading_serial = empty_to_null (ml_identity_get_serial_number (
                                    ml_printer_reading_get_identity (reading)));
  if (reading_serial != NULL && g_strcmp0 (reading_serial, serial) != 0)
    {
      g_set_error (error, ML_ERROR, ML_ERROR_INVALID_VALUE,
                   _("The printer at %s answered as %s, not as %s"),
                   address, reading_serial, serial);
      return FALSE;
    }

  locker = g_mutex_locker_new (&self->mutex);
  if (!ml_database_begin (self->db, error))
    return FALSE;

  if (!save_reading_locked (self, serial, address, port, reading, now, out_new_jobs, error) ||
      !ml_database_commit (self->db, error))
    {
      ml_database_rollback (self->db);
      if (out_new_jobs != NULL)
        *out_new_jobs = 0;
      return FALSE;
    }

  return TRUE;
}

gboolean
ml_collector_store_record_failure (MlCollectorStore  *self,
                                   const char        *serial,
                                   const char        *message,
                                   gint64             now,
                                   GError           **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(MlStatement) statement = NULL;
  gint64 id;

  g_return_val_if_fail (ML_IS_COLLECTOR_STORE (self), FALSE);
  g_return_val_if_fail (serial != NULL, FALSE);
  g_return_val_if_fail (message != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  locker = g_mutex_locker_new (&self->mutex);
  if ((id = require_printer (self, serial, error)) < 0)
    return FALSE;

  statement = ml_database_prepare (self->db,
                                   "UPDATE printers SET last_error = :message, "
                                   "  last_error_at = :now WHERE id = :id",
                                   error);
  if (statement == NULL)
    return FALSE;
  bind_string (statement, ":message", message);
  bind_int64 (statement, ":now", now);
  bind_int64 (statement, ":id", id);
  return step_done (self, statement, error);
}

#define PRINTER_SELECT \
  "SELECT p.serial, p.product_number, p.model, p.firmware, a.address, a.port, " \
  "  p.supported, p.unsupported_reason, p.cert_sha256, p.pending_cert_sha256, " \
  "  p.queue_uuid, p.queue_modification, p.first_seen, p.last_seen, p.last_success, " \
  "  p.last_error, p.last_error_at " \
  "FROM printers p LEFT JOIN printer_addresses a ON a.rowid = (" \
  "  SELECT rowid FROM printer_addresses WHERE printer_id = p.id " \
  "  ORDER BY last_seen DESC, rowid DESC LIMIT 1) "

static MlStoredPrinter *
printer_from_row (MlStatement *statement)
{
  return g_object_new (ML_TYPE_STORED_PRINTER,
                       "serial", ml_statement_get_string (statement, 0),
                       "product-number", empty_to_null (ml_statement_get_string (statement, 1)),
                       "model", ml_statement_get_string (statement, 2),
                       "firmware", ml_statement_get_string (statement, 3),
                       "address", ml_statement_get_string (statement, 4),
                       "port", (guint) CLAMP (ml_statement_get_int64 (statement, 5, 0),
                                              0, G_MAXUINT),
                       "supported", ml_statement_get_int64 (statement, 6, 0) != 0,
                       "unsupported-reason", ml_statement_get_string (statement, 7),
                       "cert-sha256", ml_statement_get_string (statement, 8),
                       "pending-cert-sha256", ml_statement_get_string (statement, 9),
                       "queue-uuid", ml_statement_get_string (statement, 10),
                       "queue-modification", ml_statement_get_int64 (statement, 11, 0),
                       "first-seen", ml_statement_get_int64 (statement, 12, 0),
                       "last-seen", ml_statement_get_int64 (statement, 13, 0),
                       "last-success", ml_statement_get_int64 (statement, 14, 0),
                       "last-error", ml_statement_get_string (statement, 15),
                       "last-error-at", ml_statement_get_int64 (statement, 16, 0),
                       NULL);
}

GPtrArray *
ml_collector_store_list_printers (MlCollectorStore  *self,
                                  GError           **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(MlStatement) statement = NULL;
  g_autoptr(GPtrArray) printers = NULL;
  gboolean row;

  g_return_val_if_fail (ML_IS_COLLECTOR_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  locker = g_mutex_locker_new (&self->mutex);
  statement = ml_database_prepare (self->db,
                                   PRINTER_SELECT "ORDER BY p.serial, p.product_number",
                                   error);
  if (statement == NULL)
    return NULL;

  printers = g_ptr_array_new_with_free_func (g_object_unref);
  while (next_row (self, statement, &row, error))
    {
      if (!row)
        return g_steal_pointer (&printers);
      g_ptr_array_add (printers, printer_from_row (statement));
    }

  return NULL;
}

MlStoredPrinter *
ml_collector_store_lookup_printer (MlCollectorStore  *self,
                                   const char        *serial,
                                   GError           **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(MlStatement) statement = NULL;
  gboolean row;
  gint64 id;

  g_return_val_if_fail (ML_IS_COLLECTOR_STORE (self), NULL);
  g_return_val_if_fail (serial != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  locker = g_mutex_locker_new (&self->mutex);
  if ((id = require_printer (self, serial, error)) < 0)
    return NULL;

  statement = ml_database_prepare (self->db, PRINTER_SELECT "WHERE p.id = :id", error);
  if (statement == NULL)
    return NULL;
  bind_int64 (statement, ":id", id);
  if (!next_row (self, statement, &row, error))
    return NULL;
  if (!row)
    {
      not_found (serial, error);
      return NULL;
    }

  return printer_from_row (statement);
}

static gboolean
damaged (MlCollectorStore  *self,
         const char        *what,
         const GError      *cause,
         GError           **error)
{
  g_set_error (error, ML_ERROR, ML_ERROR_STORE_DAMAGED,
               _("The store %s holds damaged data (%s): %s"),
               ml_database_get_path (self->db), what, cause->message);
  return FALSE;
}

MlPrinterReading *
ml_collector_store_load_status (MlCollectorStore  *self,
                                const char        *serial,
                                GError           **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(MlStatement) statement = NULL;
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(MlPrinterReading) reading = NULL;
  g_autofree char *text = NULL;
  gboolean row;
  gint64 id;

  g_return_val_if_fail (ML_IS_COLLECTOR_STORE (self), NULL);
  g_return_val_if_fail (serial != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  locker = g_mutex_locker_new (&self->mutex);
  if ((id = require_printer (self, serial, error)) < 0)
    return NULL;

  statement = ml_database_prepare (self->db,
                                   "SELECT reading FROM status_snapshots "
                                   "WHERE printer_id = :id",
                                   error);
  if (statement == NULL)
    return NULL;
  bind_int64 (statement, ":id", id);
  if (!next_row (self, statement, &row, error))
    return NULL;
  if (!row)
    {
      g_set_error (error, ML_ERROR, ML_ERROR_NOT_FOUND,
                   _("Printer %s has not been read yet"), serial);
      return NULL;
    }
  text = g_strdup (ml_statement_get_string (statement, 0));
  g_clear_pointer (&statement, ml_statement_release);
  g_clear_pointer (&locker, g_mutex_locker_free);

  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, text, -1, &local_error) ||
      !(reading = ml_printer_reading_new_from_json (json_parser_get_root (parser),
                                                    &local_error)))
    {
      damaged (self, serial, local_error, error);
      return NULL;
    }

  return g_steal_pointer (&reading);
}

static GQuark
job_serial_quark (void)
{
  return g_quark_from_static_string ("ml-collector-store-job-serial");
}

const char *
ml_collector_store_get_job_serial (MlJob *job)
{
  g_return_val_if_fail (ML_IS_JOB (job), NULL);

  return g_object_get_qdata (G_OBJECT (job), job_serial_quark ());
}

enum {
  JOB_SERIAL, JOB_UUID, JOB_KIND, JOB_NAME, JOB_SEQUENCE, JOB_PROJECT_ID,
  JOB_APPLICATION_ID, JOB_USER_DEFINED, JOB_ACCOUNT_ID, JOB_USER_NAME, JOB_SUBMITTED_AT,
  JOB_PRINTED_AT, JOB_COMPLETED_AT, JOB_STATUS, JOB_STATUS_TEXT, JOB_SOURCE,
  JOB_COVERAGE_CATEGORY, JOB_QUALITY, JOB_PAGES, JOB_COPIES, JOB_DURATION_MS,
  JOB_MEDIA_TYPE_ID, JOB_MEDIA_AREA_MM2, JOB_PRINTED_AREA_MM2, JOB_MEDIA_LENGTH_MM,
  JOB_NONWHITE_COVERAGE_PPM, JOB_COLOR_COVERAGE_PPM, JOB_SCAN_AREA_MM2, JOB_INK,
  JOB_CATEGORIES,
};

#define JOB_COLUMNS \
  "p.serial, j.uuid, j.kind, j.name, j.sequence, j.project_id, j.application_id, " \
  "  j.user_defined, j.account_id, j.user_name, j.submitted_at, j.printed_at, " \
  "  j.completed_at, j.status, j.status_text, j.source, j.coverage_category, j.quality, " \
  "  j.pages, j.copies, j.duration_ms, j.media_type_id, j.media_area_mm2, " \
  "  j.printed_area_mm2, j.media_length_mm, j.nonwhite_coverage_ppm, " \
  "  j.color_coverage_ppm, j.scan_area_mm2, j.ink, j.categories "

#define JOB_SELECT \
  "SELECT " JOB_COLUMNS "FROM jobs j JOIN printers p ON p.id = j.printer_id "

static MlJobKind
job_kind_from_string (const char *text)
{
  for (int kind = ML_JOB_KIND_PRINT; kind <= ML_JOB_KIND_COPY; kind++)
    if (g_strcmp0 (ml_job_kind_to_string (kind), text) == 0)
      return kind;

  return ML_JOB_KIND_PRINT;
}

static MlJobStatus
job_status_from_string (const char *text)
{
  for (int status = ML_JOB_STATUS_UNKNOWN; status <= ML_JOB_STATUS_DELETED; status++)
    if (g_strcmp0 (ml_job_status_to_string (status), text) == 0)
      return status;

  return ML_JOB_STATUS_UNKNOWN;
}

static gint64
column_quantity (MlStatement *statement,
                 int          column)
{
  gint64 value = ml_statement_get_int64 (statement, column, ML_UNKNOWN);

  return value >= 0 ? value : ML_UNKNOWN;
}

static gint64
column_time (MlStatement *statement,
             int          column)
{
  gint64 value = ml_statement_get_int64 (statement, column, 0);

  return value >= 0 ? value : 0;
}

static JsonNode *
parse_column (MlStatement  *statement,
              int           column,
              GError      **error)
{
  const char *text = ml_statement_get_string (statement, column);
  g_autoptr(JsonParser) parser = NULL;

  if (text == NULL)
    return NULL;

  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, text, -1, error))
    return NULL;

  return json_node_copy (json_parser_get_root (parser));
}

static MlJob *
job_from_row (MlStatement  *statement,
              GError      **error)
{
  g_autoptr(MlJob) job = NULL;
  g_autoptr(JsonNode) ink = NULL;
  g_autoptr(JsonNode) categories = NULL;
  GError *local_error = NULL;

  job = ml_job_new (job_kind_from_string (ml_statement_get_string (statement, JOB_KIND)),
                    ml_statement_get_string (statement, JOB_UUID));
  g_object_set_qdata_full (G_OBJECT (job), job_serial_quark (),
                           g_strdup (ml_statement_get_string (statement, JOB_SERIAL)), g_free);
  ml_job_set_name (job, ml_statement_get_string (statement, JOB_NAME));
  ml_job_set_sequence (job, column_quantity (statement, JOB_SEQUENCE));
  ml_job_set_project_id (job, ml_statement_get_string (statement, JOB_PROJECT_ID));
  ml_job_set_application_id (job, ml_statement_get_string (statement, JOB_APPLICATION_ID));
  ml_job_set_user_defined (job, ml_statement_get_string (statement, JOB_USER_DEFINED));
  ml_job_set_account_id (job, ml_statement_get_string (statement, JOB_ACCOUNT_ID));
  ml_job_set_user_name (job, ml_statement_get_string (statement, JOB_USER_NAME));
  ml_job_set_submitted_at (job, column_time (statement, JOB_SUBMITTED_AT));
  ml_job_set_printed_at (job, column_time (statement, JOB_PRINTED_AT));
  ml_job_set_completed_at (job, column_time (statement, JOB_COMPLETED_AT));
  ml_job_set_status (job, job_status_from_string (ml_statement_get_string (statement,
                                                                           JOB_STATUS)));
  ml_job_set_status_text (job, ml_statement_get_string (statement, JOB_STATUS_TEXT));
  ml_job_set_source (job, ml_statement_get_string (statement, JOB_SOURCE));
  ml_job_set_coverage_category (job, ml_statement_get_string (statement,
                                                              JOB_COVERAGE_CATEGORY));
  ml_job_set_quality (job, ml_statement_get_string (statement, JOB_QUALITY));
  ml_job_set_pages (job, column_quantity (statement, JOB_PAGES));
  ml_job_set_copies (job, column_quantity (statement, JOB_COPIES));
  ml_job_set_duration_ms (job, column_quantity (statement, JOB_DURATION_MS));
  ml_job_set_media_type_id (job, ml_statement_get_string (statement, JOB_MEDIA_TYPE_ID));
  ml_job_set_media_area_mm2 (job, column_quantity (statement, JOB_MEDIA_AREA_MM2));
  ml_job_set_printed_area_mm2 (job, column_quantity (statement, JOB_PRINTED_AREA_MM2));
  ml_job_set_media_length_mm (job, column_quantity (statement, JOB_MEDIA_LENGTH_MM));
  ml_job_set_nonwhite_coverage_ppm (job, column_quantity (statement,
                                                          JOB_NONWHITE_COVERAGE_PPM));
  ml_job_set_color_coverage_ppm (job, column_quantity (statement, JOB_COLOR_COVERAGE_PPM));
  ml_job_set_scan_area_mm2 (job, column_quantity (statement, JOB_SCAN_AREA_MM2));

  ink = parse_column (statement, JOB_INK, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return NULL;
    }
  if (ink != NULL && JSON_NODE_HOLDS_OBJECT (ink))
    {
      JsonObject *object = json_node_get_object (ink);
      g_autoptr(GList) colors = json_object_get_members (object);

      for (GList *l = colors; l != NULL; l = l->next)
        {
          gint64 ink_ul = json_object_get_int_member_with_default (object, l->data, -1);

          if (ink_ul >= 0)
            ml_job_set_ink (job, l->data, ink_ul);
        }
    }

  categories = parse_column (statement, JOB_CATEGORIES, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return NULL;
    }
  if (categories != NULL && JSON_NODE_HOLDS_ARRAY (categories))
    {
      JsonArray *array = json_node_get_array (categories);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          g_autoptr(MlCategoryUsage) category = NULL;

          category = ml_category_usage_new_from_json (json_array_get_element (array, i),
                                                      error);
          if (category == NULL)
            return NULL;
          ml_job_add_category (job, category);
        }
    }

  return g_steal_pointer (&job);
}

/* The printer filter of the job queries: -1 and an error for an unknown printer, 0
 * for all printers. */
static gint64
job_filter (MlCollectorStore  *self,
            const char        *serial,
            GError           **error)
{
  if (serial == NULL)
    return 0;

  return require_printer (self, serial, error);
}

GPtrArray *
ml_collector_store_list_jobs (MlCollectorStore  *self,
                              const char        *serial,
                              gint64             since,
                              GError           **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(MlStatement) statement = NULL;
  g_autoptr(GPtrArray) jobs = NULL;
  gboolean row;
  gint64 id;

  g_return_val_if_fail (ML_IS_COLLECTOR_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  locker = g_mutex_locker_new (&self->mutex);
  if ((id = job_filter (self, serial, error)) < 0)
    return NULL;

  /* Two queries rather than "(:id IS NULL OR ...)": each can use its own index. */
  if (id > 0)
    statement = ml_database_prepare (self->db,
                                     JOB_SELECT "WHERE j.printer_id = :id "
                                     "AND j.job_time >= :since ORDER BY j.job_time, j.uuid",
                                     error);
  else
    statement = ml_database_prepare (self->db,
                                     JOB_SELECT "WHERE j.job_time >= :since "
                                     "ORDER BY j.job_time, j.uuid, p.serial",
                                     error);
  if (statement == NULL)
    return NULL;

  if (id > 0)
    bind_int64 (statement, ":id", id);
  bind_int64 (statement, ":since", since);

  jobs = g_ptr_array_new_with_free_func (g_object_unref);
  while (next_row (self, statement, &row, error))
    {
      g_autoptr(GError) local_error = NULL;
      MlJob *job;

      if (!row)
        return g_steal_pointer (&jobs);

      if (!(job = job_from_row (statement, &local_error)))
        {
          damaged (self, ml_statement_get_string (statement, JOB_UUID), local_error, error);
          return NULL;
        }
      g_ptr_array_add (jobs, job);
    }

  return NULL;
}

gint64
ml_collector_store_count_jobs (MlCollectorStore  *self,
                               const char        *serial,
                               gint64             since,
                               GError           **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(MlStatement) statement = NULL;
  gboolean row;
  gint64 id;

  g_return_val_if_fail (ML_IS_COLLECTOR_STORE (self), -1);
  g_return_val_if_fail (error == NULL || *error == NULL, -1);

  locker = g_mutex_locker_new (&self->mutex);
  if ((id = job_filter (self, serial, error)) < 0)
    return -1;

  if (id > 0)
    statement = ml_database_prepare (self->db,
                                     "SELECT count(*) FROM jobs "
                                     "WHERE printer_id = :id AND job_time >= :since",
                                     error);
  else
    statement = ml_database_prepare (self->db,
                                     "SELECT count(*) FROM jobs WHERE job_time >= :since",
                                     error);
  if (statement == NULL)
    return -1;

  if (id > 0)
    bind_int64 (statement, ":id", id);
  bind_int64 (statement, ":since", since);
  if (!next_row (self, statement, &row, error))
    return -1;

  return sqlite3_column_int64 (statement, 0);
}

GPtrArray *
ml_collector_store_list_counter_events (MlCollectorStore  *self,
                                        const char        *serial,
                                        GError           **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(MlStatement) statement = NULL;
  g_autoptr(GPtrArray) events = NULL;
  gboolean row;
  gint64 id;

  g_return_val_if_fail (ML_IS_COLLECTOR_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  locker = g_mutex_locker_new (&self->mutex);
  if ((id = job_filter (self, serial, error)) < 0)
    return NULL;

  statement = ml_database_prepare (self->db,
                                   "SELECT p.serial, e.at, e.kind, e.counter, "
                                   "  e.value_before, e.value_after "
                                   "FROM counter_events e JOIN printers p ON p.id = e.printer_id "
                                   "WHERE :id = 0 OR e.printer_id = :id "
                                   "ORDER BY e.at, e.id",
                                   error);
  if (statement == NULL)
    return NULL;
  bind_int64 (statement, ":id", id);

  events = g_ptr_array_new_with_free_func (g_object_unref);
  while (next_row (self, statement, &row, error))
    {
      if (!row)
        return g_steal_pointer (&events);

      g_ptr_array_add (events,
                       g_object_new (ML_TYPE_COUNTER_EVENT,
                                     "serial", ml_statement_get_string (statement, 0),
                                     "at", ml_statement_get_int64 (statement, 1, 0),
                                     "kind", ml_statement_get_string (statement, 2),
                                     "counter", ml_statement_get_string (statement, 3),
                                     "before", ml_statement_get_int64 (statement, 4, 0),
                                     "after", ml_statement_get_int64 (statement, 5, 0),
                                     NULL));
    }

  return NULL;
}

gboolean
ml_collector_store_get_counter (MlCollectorStore  *self,
                                const char        *serial,
                                const char        *counter,
                                gint64            *out_value,
                                gint64            *out_growth,
                                GError           **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(MlStatement) statement = NULL;
  gboolean row;
  gint64 id;

  g_return_val_if_fail (ML_IS_COLLECTOR_STORE (self), FALSE);
  g_return_val_if_fail (serial != NULL, FALSE);
  g_return_val_if_fail (counter != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  locker = g_mutex_locker_new (&self->mutex);
  if ((id = require_printer (self, serial, error)) < 0)
    return FALSE;

  statement = ml_database_prepare (self->db,
                                   "SELECT value, growth FROM counter_latest "
                                   "WHERE printer_id = :id AND counter = :counter",
                                   error);
  if (statement == NULL)
    return FALSE;
  bind_int64 (statement, ":id", id);
  bind_string (statement, ":counter", counter);
  if (!next_row (self, statement, &row, error))
    return FALSE;
  if (!row)
    {
      g_set_error (error, ML_ERROR, ML_ERROR_NOT_FOUND,
                   _("Printer %s has not reported the counter %s"), serial, counter);
      return FALSE;
    }

  if (out_value != NULL)
    *out_value = sqlite3_column_int64 (statement, 0);
  if (out_growth != NULL)
    *out_growth = sqlite3_column_int64 (statement, 1);
  return TRUE;
}

GPtrArray *
ml_collector_store_list_addresses (MlCollectorStore  *self,
                                   const char        *serial,
                                   GError           **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(MlStatement) statement = NULL;
  g_autoptr(GPtrArray) addresses = NULL;
  gboolean row;
  gint64 id;

  g_return_val_if_fail (ML_IS_COLLECTOR_STORE (self), NULL);
  g_return_val_if_fail (serial != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  locker = g_mutex_locker_new (&self->mutex);
  if ((id = require_printer (self, serial, error)) < 0)
    return NULL;

  statement = ml_database_prepare (self->db,
                                   "SELECT address, port, first_seen, last_seen "
                                   "FROM printer_addresses WHERE printer_id = :id "
                                   "ORDER BY first_seen, rowid",
                                   error);
  if (statement == NULL)
    return NULL;
  bind_int64 (statement, ":id", id);

  addresses = g_ptr_array_new_with_free_func (g_object_unref);
  while (next_row (self, statement, &row, error))
    {
      if (!row)
        return g_steal_pointer (&addresses);

      g_ptr_array_add (addresses,
                       g_object_new (ML_TYPE_STORED_ADDRESS,
                                     "address", ml_statement_get_string (statement, 0),
                                     "port", (guint) CLAMP (ml_statement_get_int64 (statement,
                                                                                    1, 0),
                                                            0, G_MAXUINT),
                                     "first-seen", ml_statement_get_int64 (statement, 2, 0),
                                     "last-seen", ml_statement_get_int64 (statement, 3, 0),
                                     NULL));
    }

  return NULL;
}

gboolean
ml_collector_store_get_schedule (MlCollectorStore  *self,
                                 const char        *key,
                                 gint64            *value,
                                 GError           **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(MlStatement) statement = NULL;
  gboolean row;

  g_return_val_if_fail (ML_IS_COLLECTOR_STORE (self), FALSE);
  g_return_val_if_fail (key != NULL, FALSE);
  g_return_val_if_fail (value != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  locker = g_mutex_locker_new (&self->mutex);
  statement = ml_database_prepare (self->db,
                                   "SELECT value FROM schedule WHERE name = :name", error);
  if (statement == NULL)
    return FALSE;
  bind_string (statement, ":name", key);
  if (!next_row (self, statement, &row, error))
    return FALSE;

  *value = row ? sqlite3_column_int64 (statement, 0) : 0;
  return TRUE;
}

gboolean
ml_collector_store_set_schedule (MlCollectorStore  *self,
                                 const char        *key,
                                 gint64             value,
                                 GError           **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(MlStatement) statement = NULL;

  g_return_val_if_fail (ML_IS_COLLECTOR_STORE (self), FALSE);
  g_return_val_if_fail (key != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  locker = g_mutex_locker_new (&self->mutex);
  statement = ml_database_prepare (self->db,
                                   "INSERT INTO schedule (name, value) VALUES (:name, :value) "
                                   "ON CONFLICT (name) DO UPDATE SET value = excluded.value",
                                   error);
  if (statement == NULL)
    return FALSE;
  bind_string (statement, ":name", key);
  bind_int64 (statement, ":value", value);
  return step_done (self, statement, error);
}

gboolean
ml_collector_store_check_integrity (MlCollectorStore  *self,
                                    GError           **error)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_val_if_fail (ML_IS_COLLECTOR_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  locker = g_mutex_locker_new (&self->mutex);
  return ml_database_check_integrity (self->db, error);
}

/* Sync: enrolment, watermarks and the outbox ------------------------------------------- */

/* A bundle holds at most this many printers, whatever their jobs: a first bundle of
 * a large fleet carries every printer's snapshot. */
#define MAX_PRINTERS_PER_BUNDLE 500

void
ml_outbox_entry_free (MlOutboxEntry *entry)
{
  if (entry == NULL)
    return;

  g_free (entry->bundle_uuid);
  g_clear_pointer (&entry->bytes, g_bytes_unref);
  g_free (entry->last_error);
  g_free (entry);
}

void
ml_printer_changes_free (MlPrinterChanges *changes)
{
  if (changes == NULL)
    return;

  g_free (changes->serial);
  g_free (changes->product_number);
  g_free (changes->address);
  g_free (changes->last_error);
  g_clear_pointer (&changes->snapshot, json_node_unref);
  g_clear_pointer (&changes->counters, json_node_unref);
  g_clear_pointer (&changes->jobs, g_ptr_array_unref);
  g_clear_pointer (&changes->events, g_ptr_array_unref);
  g_clear_pointer (&changes->job_versions, g_array_unref);
  g_free (changes->info_hash);
  g_free (changes->snapshot_hash);
  g_free (changes->counters_hash);
  g_free (changes);
}

static gboolean
get_state (MlCollectorStore  *self,
           const char        *key,
           char             **out_text,
           gint64            *out_number,
           GError           **error)
{
  g_autoptr(MlStatement) statement = NULL;
  gboolean row;

  statement = ml_database_prepare (self->db,
                                   "SELECT value FROM sync_state WHERE key = :key", error);
  if (statement == NULL)
    return FALSE;
  bind_string (statement, ":key", key);
  if (!next_row (self, statement, &row, error))
    return FALSE;

  if (out_text != NULL)
    *out_text = g_strdup (row ? ml_statement_get_string (statement, 0) : NULL);
  if (out_number != NULL)
    *out_number = row ? ml_statement_get_int64 (statement, 0, 0) : 0;
  return TRUE;
}

/* The statement that sets @key of the sync state; its :value is the caller's to bind. */
static MlStatement *
prepare_set_state (MlCollectorStore  *self,
                   const char        *key,
                   GError           **error)
{
  MlStatement *statement;

  statement = ml_database_prepare (self->db,
                                   "INSERT INTO sync_state (key, value) VALUES (:key, :value) "
                                   "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                                   error);
  if (statement != NULL)
    bind_string (statement, ":key", key);
  return statement;
}

static gboolean
set_state_text (MlCollectorStore  *self,
                const char        *key,
                const char        *value,
                GError           **error)
{
  g_autoptr(MlStatement) statement = prepare_set_state (self, key, error);

  if (statement == NULL)
    return FALSE;
  bind_string (statement, ":value", value);
  return step_done (self, statement, error);
}

static gboolean
set_state_number (MlCollectorStore  *self,
                  const char        *key,
                  gint64             value,
                  GError           **error)
{
  g_autoptr(MlStatement) statement = prepare_set_state (self, key, error);

  if (statement == NULL)
    return FALSE;
  bind_int64 (statement, ":value", value);
  return step_done (self, statement, error);
}

static char *
hash_text (const char *text)
{
  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, text, -1);
}

static char *
hash_node (JsonNode *node)
{
  g_autofree char *text = json_to_string (node, FALSE);

  return hash_text (text);
}

/* The members of a reading that travel as the printer's snapshot. Lists travel even
 * when empty, so that the portal sees alerts that went away. */
static const char * const snapshot_objects[] = { "identity", "status" };
static const char * const snapshot_lists[] = {
  "alerts", "printheads", "cartridges", "media_sources",
};

static JsonNode *
snapshot_from_reading (JsonObject *reading)
{
  JsonObject *snapshot = json_object_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  for (guint i = 0; i < G_N_ELEMENTS (snapshot_objects); i++)
    {
      JsonNode *member = json_object_get_member (reading, snapshot_objects[i]);

      if (member != NULL && JSON_NODE_HOLDS_OBJECT (member))
        json_object_set_member (snapshot, snapshot_objects[i], json_node_copy (member));
    }
  for (guint i = 0; i < G_N_ELEMENTS (snapshot_lists); i++)
    {
      JsonNode *member = json_object_get_member (reading, snapshot_lists[i]);

      if (member != NULL && JSON_NODE_HOLDS_ARRAY (member))
        json_object_set_member (snapshot, snapshot_lists[i], json_node_copy (member));
      else
        json_object_set_array_member (snapshot, snapshot_lists[i], json_array_new ());
    }

  json_node_take_object (node, snapshot);
  return node;
}

/* A printer whose changes may go into the bundle, as the printer list found it. */
typedef struct
{
  gint64 id;
  char *serial;
  char *product_number;
  char *address;
  gint64 last_success;
  char *last_error;
  char *info_hash;
  char *snapshot_hash;
  char *counters_hash;
  gint64 job_version;
  gint64 event_id;
} Candidate;

static void
candidate_free (Candidate *candidate)
{
  g_free (candidate->serial);
  g_free (candidate->product_number);
  g_free (candidate->address);
  g_free (candidate->last_error);
  g_free (candidate->info_hash);
  g_free (candidate->snapshot_hash);
  g_free (candidate->counters_hash);
  g_free (candidate);
}

/* Printers that were read at least once and whose product number is known: the
 * portal knows a printer by both. */
static GPtrArray *
list_candidates (MlCollectorStore  *self,
                 GError           **error)
{
  g_autoptr(MlStatement) statement = NULL;
  g_autoptr(GPtrArray) candidates = NULL;
  gboolean row;

  statement = ml_database_prepare (self->db,
                                   "SELECT p.id, p.serial, p.product_number, a.address, "
                                   "  p.last_success, p.last_error, m.info_hash, "
                                   "  m.snapshot_hash, m.counters_hash, m.job_version, "
                                   "  m.event_id "
                                   "FROM printers p "
                                   "JOIN status_snapshots s ON s.printer_id = p.id "
                                   "LEFT JOIN sync_marks m ON m.printer_id = p.id "
                                   "LEFT JOIN printer_addresses a ON a.rowid = ("
                                   "  SELECT rowid FROM printer_addresses "
                                   "  WHERE printer_id = p.id "
                                   "  ORDER BY last_seen DESC, rowid DESC LIMIT 1) "
                                   "WHERE p.product_number != '' "
                                   "ORDER BY p.id",
                                   error);
  if (statement == NULL)
    return NULL;

  candidates = g_ptr_array_new_with_free_func ((GDestroyNotify) candidate_free);
  while (next_row (self, statement, &row, error))
    {
      Candidate *candidate;

      if (!row)
        return g_steal_pointer (&candidates);

      candidate = g_new0 (Candidate, 1);
      candidate->id = sqlite3_column_int64 (statement, 0);
      candidate->serial = g_strdup (ml_statement_get_string (statement, 1));
      candidate->product_number = g_strdup (ml_statement_get_string (statement, 2));
      candidate->address = g_strdup (ml_statement_get_string (statement, 3));
      candidate->last_success = ml_statement_get_int64 (statement, 4, 0);
      candidate->last_error = g_strdup (ml_statement_get_string (statement, 5));
      candidate->info_hash = g_strdup (ml_statement_get_string (statement, 6));
      candidate->snapshot_hash = g_strdup (ml_statement_get_string (statement, 7));
      candidate->counters_hash = g_strdup (ml_statement_get_string (statement, 8));
      candidate->job_version = ml_statement_get_int64 (statement, 9, 0);
      candidate->event_id = ml_statement_get_int64 (statement, 10, 0);
      g_ptr_array_add (candidates, candidate);
    }

  return NULL;
}

static gboolean
gather_snapshot (MlCollectorStore  *self,
                 Candidate         *candidate,
                 MlPrinterChanges  *changes,
                 GError           **error)
{
  g_autoptr(MlStatement) statement = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) local_error = NULL;
  g_autoptr(JsonNode) snapshot = NULL;
  JsonObject *reading;
  JsonNode *usage;
  gboolean row;

  statement = ml_database_prepare (self->db,
                                   "SELECT reading FROM status_snapshots "
                                   "WHERE printer_id = :id",
                                   error);
  if (statement == NULL)
    return FALSE;
  bind_int64 (statement, ":id", candidate->id);
  if (!next_row (self, statement, &row, error))
    return FALSE;
  if (!row)
    return TRUE;

  if (!json_parser_load_from_data (parser, ml_statement_get_string (statement, 0), -1,
                                   &local_error))
    return damaged (self, candidate->serial, local_error, error);
  if (!JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      g_set_error (error, ML_ERROR, ML_ERROR_STORE_DAMAGED,
                   _("The store %s holds damaged data (%s): the status is not an object"),
                   ml_database_get_path (self->db), candidate->serial);
      return FALSE;
    }
  reading = json_node_get_object (json_parser_get_root (parser));

  snapshot = snapshot_from_reading (reading);
  changes->snapshot_hash = hash_node (snapshot);
  if (g_strcmp0 (changes->snapshot_hash, candidate->snapshot_hash) != 0)
    changes->snapshot = g_steal_pointer (&snapshot);

  /* A reading without counters (the printer did not answer that part) says
   * nothing about them: the last ones sent stay the last ones sent. */
  usage = json_object_get_member (reading, "usage");
  changes->counters_hash = g_strdup (candidate->counters_hash);
  if (usage != NULL && JSON_NODE_HOLDS_OBJECT (usage) &&
      json_object_get_size (json_node_get_object (usage)) > 0)
    {
      g_free (changes->counters_hash);
      changes->counters_hash = hash_node (usage);
      if (g_strcmp0 (changes->counters_hash, candidate->counters_hash) != 0)
        changes->counters = json_node_copy (usage);
    }

  return TRUE;
}

static gboolean
gather_events (MlCollectorStore  *self,
               Candidate         *candidate,
               MlPrinterChanges  *changes,
               GError           **error)
{
  g_autoptr(MlStatement) statement = NULL;
  gboolean row;

  statement = ml_database_prepare (self->db,
                                   "SELECT id, at, kind, counter, value_before, value_after "
                                   "FROM counter_events "
                                   "WHERE printer_id = :id AND id > :after ORDER BY id",
                                   error);
  if (statement == NULL)
    return FALSE;
  bind_int64 (statement, ":id", candidate->id);
  bind_int64 (statement, ":after", candidate->event_id);

  while (next_row (self, statement, &row, error))
    {
      if (!row)
        return TRUE;

      changes->event_id = sqlite3_column_int64 (statement, 0);
      g_ptr_array_add (changes->events,
                       g_object_new (ML_TYPE_COUNTER_EVENT,
                                     "serial", candidate->serial,
                                     "at", ml_statement_get_int64 (statement, 1, 0),
                                     "kind", ml_statement_get_string (statement, 2),
                                     "counter", ml_statement_get_string (statement, 3),
                                     "before", ml_statement_get_int64 (statement, 4, 0),
                                     "after", ml_statement_get_int64 (statement, 5, 0),
                                     NULL));
    }

  return FALSE;
}

/* At most @limit jobs past the printer's watermark, in the order they changed;
 * *@out_more when more are waiting. */
static gboolean
gather_jobs (MlCollectorStore  *self,
             Candidate         *candidate,
             guint              limit,
             MlPrinterChanges  *changes,
             gboolean          *out_more,
             GError           **error)
{
  g_autoptr(MlStatement) statement = NULL;
  gboolean row;

  *out_more = FALSE;
  statement = ml_database_prepare (self->db,
                                   "SELECT " JOB_COLUMNS ", j.sync_version "
                                   "FROM jobs j JOIN printers p ON p.id = j.printer_id "
                                   "WHERE j.printer_id = :id AND j.sync_version > :after "
                                   "ORDER BY j.sync_version LIMIT :limit",
                                   error);
  if (statement == NULL)
    return FALSE;
  bind_int64 (statement, ":id", candidate->id);
  bind_int64 (statement, ":after", candidate->job_version);
  /* One more than asked, to know whether any is left. */
  bind_int64 (statement, ":limit", (gint64) limit + 1);

  while (next_row (self, statement, &row, error))
    {
      g_autoptr(GError) local_error = NULL;
      MlJob *job;

      if (!row)
        return TRUE;

      if (changes->jobs->len == limit)
        {
          *out_more = TRUE;
          return TRUE;
        }

      if (!(job = job_from_row (statement, &local_error)))
        return damaged (self, ml_statement_get_string (statement, JOB_UUID), local_error,
                        error);
      g_ptr_array_add (changes->jobs, job);
      changes->job_version = sqlite3_column_int64 (statement, JOB_CATEGORIES + 1);
      g_array_append_val (changes->job_versions, changes->job_version);
    }

  return FALSE;
}

/* What changed of @candidate, or NULL in *@out_changes when nothing did. */
static gboolean
gather_printer (MlCollectorStore   *self,
                Candidate          *candidate,
                guint               job_limit,
                MlPrinterChanges  **out_changes,
                gboolean           *out_more,
                GError            **error)
{
  g_autoptr(MlPrinterChanges) changes = g_new0 (MlPrinterChanges, 1);
  g_autofree char *info = NULL;

  changes->printer_id = candidate->id;
  changes->serial = g_strdup (candidate->serial);
  changes->product_number = g_strdup (candidate->product_number);
  changes->address = g_strdup (candidate->address);
  changes->last_success = candidate->last_success;
  changes->last_error = g_strdup (candidate->last_error);
  changes->jobs = g_ptr_array_new_with_free_func (g_object_unref);
  changes->events = g_ptr_array_new_with_free_func (g_object_unref);
  changes->job_versions = g_array_new (FALSE, FALSE, sizeof (gint64));
  changes->job_version = candidate->job_version;
  changes->job_version_before = candidate->job_version;
  changes->event_id = candidate->event_id;

  /* \x1f cannot be in an address or a time, so the parts cannot run into each
   * other. */
  info = g_strdup_printf ("%s\x1f%" G_GINT64_FORMAT "\x1f%s",
                          candidate->address != NULL ? candidate->address : "",
                          candidate->last_success,
                          candidate->last_error != NULL ? candidate->last_error : "");
  changes->info_hash = hash_text (info);
  changes->info_changed = g_strcmp0 (changes->info_hash, candidate->info_hash) != 0;

  if (!gather_snapshot (self, candidate, changes, error) ||
      !gather_events (self, candidate, changes, error) ||
      !gather_jobs (self, candidate, job_limit, changes, out_more, error))
    return FALSE;

  if (changes->info_changed || changes->snapshot != NULL || changes->counters != NULL ||
      changes->jobs->len > 0 || changes->events->len > 0)
    *out_changes = g_steal_pointer (&changes);
  else
    *out_changes = NULL;
  return TRUE;
}

static gboolean
move_watermarks (MlCollectorStore  *self,
                 MlPrinterChanges  *changes,
                 GError           **error)
{
  g_autoptr(MlStatement) statement = NULL;

  statement = ml_database_prepare (self->db,
                                   "INSERT INTO sync_marks (printer_id, info_hash, "
                                   "  snapshot_hash, counters_hash, job_version, event_id) "
                                   "VALUES (:id, :info, :snapshot, :counters, :job_version, "
                                   "  :event_id) "
                                   "ON CONFLICT (printer_id) DO UPDATE SET "
                                   "  info_hash = excluded.info_hash, "
                                   "  snapshot_hash = excluded.snapshot_hash, "
                                   "  counters_hash = excluded.counters_hash, "
                                   "  job_version = excluded.job_version, "
                                   "  event_id = excluded.event_id",
                                   error);
  if (statement == NULL)
    return FALSE;
  bind_int64 (statement, ":id", changes->printer_id);
  bind_string (statement, ":info", changes->info_hash);
  bind_string (statement, ":snapshot", changes->snapshot_hash);
  bind_string (statement, ":counters", changes->counters_hash);
  bind_int64 (statement, ":job_version", changes->job_version);
  bind_int64 (statement, ":event_id", changes->event_id);
  return step_done (self, statement, error);
}

/* A printer's own changes, besides its jobs: its address or last success or error,
 * its status, its counters, its events. */
static gboolean
has_own_changes (MlPrinterChanges *printer)
{
  return printer->info_changed || printer->snapshot != NULL || printer->counters != NULL ||
         printer->events->len > 0;
}

/* What a bundle of @changes holds, counted in what may wait for the next bundle: a
 * printer's own changes one, each job one. */
static guint
count_units (GPtrArray *changes)
{
  guint units = 0;

  for (guint i = 0; i < changes->len; i++)
    {
      MlPrinterChanges *printer = g_ptr_array_index (changes, i);

      units += (has_own_changes (printer) ? 1 : 0) + printer->jobs->len;
    }
  return units;
}

/* Keeps the first @keep units of @changes (at least one): whole printers in order,
 * then the printer where @keep runs out with its own changes and its jobs that
 * changed first, its job watermark moved past those only. */
static void
keep_units (GPtrArray *changes,
            guint      keep)
{
  guint kept = 0;

  g_assert (keep > 0);

  while (kept < changes->len && keep > 0)
    {
      MlPrinterChanges *printer = g_ptr_array_index (changes, kept);
      guint own = has_own_changes (printer) ? 1 : 0;
      guint jobs;

      if (own + printer->jobs->len <= keep)
        {
          keep -= own + printer->jobs->len;
          kept++;
          continue;
        }

      /* A printer with nothing but jobs has 1 unit or more left here. */
      jobs = keep - own;
      keep = 0;
      g_ptr_array_set_size (printer->jobs, jobs);
      g_array_set_size (printer->job_versions, jobs);
      printer->job_version = jobs > 0 ? g_array_index (printer->job_versions, gint64, jobs - 1)
                                      : printer->job_version_before;
      kept++;
    }

  g_ptr_array_set_size (changes, kept);
}

/* Seals @changes, fewer of them until the bundle fits @max_size; *@out_more when
 * some had to wait. */
static GBytes *
seal_to_fit (GPtrArray         *changes,
             gsize              max_size,
             const char        *bundle_uuid,
             guint64            sequence,
             gint64             now,
             MlOutboxSealFunc   seal,
             gpointer           user_data,
             gboolean          *out_more,
             GError           **error)
{
  guint units = count_units (changes);

  for (;;)
    {
      g_autoptr(GBytes) bytes = NULL;
      g_autoptr(GError) local_error = NULL;
      guint keep;

      bytes = seal (changes, bundle_uuid, sequence, now, user_data, &local_error);
      /* One unit that is larger alone cannot be split: it goes alone. */
      if (bytes != NULL && (g_bytes_get_size (bytes) <= max_size || units == 1))
        return g_steal_pointer (&bytes);
      if (bytes == NULL &&
          (!g_error_matches (local_error, ML_ERROR, ML_ERROR_TOO_LARGE) || units == 1))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }

      /* In proportion to the size, less a tenth: what is left out compresses about
       * as well as what stays, and one more try costs a seal, not a query. */
      if (bytes != NULL)
        keep = (guint) ((guint64) units * max_size / g_bytes_get_size (bytes) * 9 / 10);
      else
        keep = units / 2;
      keep = CLAMP (keep, 1, units - 1);
      keep_units (changes, keep);
      units = count_units (changes);
      *out_more = TRUE;
    }
}

static gboolean
enqueue_locked (MlCollectorStore  *self,
                guint              max_jobs,
                gsize              max_size,
                gint64             now,
                MlOutboxSealFunc   seal,
                gpointer           user_data,
                MlOutboxEntry    **out_entry,
                gboolean          *out_more,
                GError           **error)
{
  g_autoptr(GPtrArray) candidates = NULL;
  g_autoptr(GPtrArray) changes = NULL;
  g_autoptr(MlOutboxEntry) entry = NULL;
  g_autoptr(MlStatement) statement = NULL;
  gint64 sequence = 0;
  guint jobs = 0;

  if (!get_state (self, "next_sequence", NULL, &sequence, error) ||
      !(candidates = list_candidates (self, error)))
    return FALSE;
  sequence = MAX (sequence, 1);

  changes = g_ptr_array_new_with_free_func ((GDestroyNotify) ml_printer_changes_free);
  for (guint i = 0; i < candidates->len; i++)
    {
      MlPrinterChanges *printer = NULL;
      gboolean more = FALSE;

      if (jobs >= max_jobs || changes->len >= MAX_PRINTERS_PER_BUNDLE)
        {
          *out_more = TRUE;
          break;
        }

      if (!gather_printer (self, g_ptr_array_index (candidates, i), max_jobs - jobs, &printer,
                           &more, error))
        return FALSE;
      if (printer == NULL)
        continue;

      jobs += printer->jobs->len;
      g_ptr_array_add (changes, printer);
      if (more)
        {
          *out_more = TRUE;
          break;
        }
    }

  if (changes->len == 0)
    return TRUE;

  entry = g_new0 (MlOutboxEntry, 1);
  entry->bundle_uuid = g_uuid_string_random ();
  entry->sequence = (guint64) sequence;
  entry->created_at = now;
  entry->bytes = seal_to_fit (changes, max_size, entry->bundle_uuid, entry->sequence, now, seal,
                              user_data, out_more, error);
  if (entry->bytes == NULL)
    return FALSE;

  /* What went in, after the fitting. */
  entry->printers = changes->len;
  for (guint i = 0; i < changes->len; i++)
    entry->jobs += ((MlPrinterChanges *) g_ptr_array_index (changes, i))->jobs->len;

  statement = ml_database_prepare (self->db,
                                   "INSERT INTO outbox (bundle_uuid, sequence, created_at, "
                                   "  bytes, printers, jobs) "
                                   "VALUES (:uuid, :sequence, :created_at, :bytes, :printers, "
                                   "  :jobs)",
                                   error);
  if (statement == NULL)
    return FALSE;
  bind_string (statement, ":uuid", entry->bundle_uuid);
  bind_int64 (statement, ":sequence", sequence);
  bind_int64 (statement, ":created_at", now);
  sqlite3_bind_blob64 (statement, parameter (statement, ":bytes"),
                       g_bytes_get_data (entry->bytes, NULL), g_bytes_get_size (entry->bytes),
                       SQLITE_STATIC);
  bind_int64 (statement, ":printers", entry->printers);
  bind_int64 (statement, ":jobs", entry->jobs);
  if (!step_done (self, statement, error))
    return FALSE;

  for (guint i = 0; i < changes->len; i++)
    if (!move_watermarks (self, g_ptr_array_index (changes, i), error))
      return FALSE;

  if (!set_state_number (self, "next_sequence", sequence + 1, error))
    return FALSE;

  if (out_entry != NULL)
    *out_entry = g_steal_pointer (&entry);
  return TRUE;
}

gboolean
ml_collector_store_enqueue_changes (MlCollectorStore  *self,
                                    guint              max_jobs,
                                    gsize              max_size,
                                    gint64             now,
                                    MlOutboxSealFunc   seal,
                                    gpointer           user_data,
                                    MlOutboxEntry    **out_entry,
                                    gboolean          *out_more,
                                    GError           **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(MlOutboxEntry) entry = NULL;
  gboolean more = FALSE;

  g_return_val_if_fail (ML_IS_COLLECTOR_STORE (self), FALSE);
  g_return_val_if_fail (max_jobs > 0, FALSE);
  g_return_val_if_fail (max_size > 0, FALSE);
  g_return_val_if_fail (seal != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (out_entry != NULL)
    *out_entry = NULL;
  if (out_more != NULL)
    *out_more = FALSE;

  /* BEGIN IMMEDIATE before the first read: what is gathered is exactly what the
   * watermarks move past, even with another process writing the store. */
  locker = g_mutex_locker_new (&self->mutex);
  if (!ml_database_begin (self->db, error))
    return FALSE;

  if (!enqueue_locked (self, max_jobs, max_size, now, seal, user_data, &entry, &more, error) ||
      !ml_database_commit (self->db, error))
    {
      ml_database_rollback (self->db);
      return FALSE;
    }

  if (out_entry != NULL)
    *out_entry = g_steal_pointer (&entry);
  if (out_more != NULL)
    *out_more = more;
  return TRUE;
}

#define OUTBOX_SELECT \
  "SELECT bundle_uuid, sequence, created_at, bytes, printers, jobs, attempts, " \
  "  last_attempt_at, last_error FROM outbox "

MlOutboxEntry *
ml_collector_store_next_outbox_entry (MlCollectorStore  *self,
                                      guint64            after_sequence,
                                      GError           **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(MlStatement) statement = NULL;
  MlOutboxEntry *entry;
  gboolean row;

  g_return_val_if_fail (ML_IS_COLLECTOR_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  locker = g_mutex_locker_new (&self->mutex);
  statement = ml_database_prepare (self->db,
                                   OUTBOX_SELECT "WHERE sequence > :after "
                                   "ORDER BY sequence LIMIT 1",
                                   error);
  if (statement == NULL)
    return NULL;
  bind_int64 (statement, ":after", (gint64) MIN (after_sequence, (guint64) G_MAXINT64));
  if (!next_row (self, statement, &row, error) || !row)
    return NULL;

  entry = g_new0 (MlOutboxEntry, 1);
  entry->bundle_uuid = g_strdup (ml_statement_get_string (statement, 0));
  entry->sequence = (guint64) MAX (0, sqlite3_column_int64 (statement, 1));
  entry->created_at = sqlite3_column_int64 (statement, 2);
  entry->bytes = g_bytes_new (sqlite3_column_blob (statement, 3),
                              (gsize) sqlite3_column_bytes (statement, 3));
  entry->printers = (guint) CLAMP (sqlite3_column_int64 (statement, 4), 0, G_MAXUINT);
  entry->jobs = (guint) CLAMP (sqlite3_column_int64 (statement, 5), 0, G_MAXUINT);
  entry->attempts = (guint) CLAMP (sqlite3_column_int64 (statement, 6), 0, G_MAXUINT);
  entry->last_attempt_at = ml_statement_get_int64 (statement, 7, 0);
  entry->last_error = g_strdup (ml_statement_get_string (statement, 8));
  return entry;
}

gboolean
ml_collector_store_get_outbox_size (MlCollectorStore  *self,
                                    guint             *out_count,
                                    guint64           *out_bytes,
                                    GError           **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(MlStatement) statement = NULL;
  gboolean row;

  g_return_val_if_fail (ML_IS_COLLECTOR_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  locker = g_mutex_locker_new (&self->mutex);
  statement = ml_database_prepare (self->db,
                                   "SELECT count(*), coalesce (sum (length (bytes)), 0) "
                                   "FROM outbox",
                                   error);
  if (statement == NULL || !next_row (self, statement, &row, error))
    return FALSE;

  if (out_count != NULL)
    *out_count = (guint) CLAMP (sqlite3_column_int64 (statement, 0), 0, G_MAXUINT);
  if (out_bytes != NULL)
    *out_bytes = (guint64) MAX (0, sqlite3_column_int64 (statement, 1));
  return TRUE;
}

gboolean
ml_collector_store_record_outbox_attempt (MlCollectorStore  *self,
                                          const char        *bundle_uuid,
                                          gint64             now,
                                          const char        *message,
                                          GError           **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(MlStatement) statement = NULL;

  g_return_val_if_fail (ML_IS_COLLECTOR_STORE (self), FALSE);
  g_return_val_if_fail (bundle_uuid != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  locker = g_mutex_locker_new (&self->mutex);
  statement = ml_database_prepare (self->db,
                                   "UPDATE outbox SET attempts = attempts + 1, "
                                   "  last_attempt_at = :now, last_error = :message "
                                   "WHERE bundle_uuid = :uuid",
                                   error);
  if (statement == NULL)
    return FALSE;
  bind_int64 (statement, ":now", now);
  bind_string (statement, ":message", message);
  bind_string (statement, ":uuid", bundle_uuid);
  return step_done (self, statement, error);
}

gboolean
ml_collector_store_remove_outbox_entry (MlCollectorStore  *self,
                                        const char        *bundle_uuid,
                                        guint64            sequence,
                                        GError           **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(MlStatement) statement = NULL;

  g_return_val_if_fail (ML_IS_COLLECTOR_STORE (self), FALSE);
  g_return_val_if_fail (bundle_uuid != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  locker = g_mutex_locker_new (&self->mutex);
  statement = ml_database_prepare (self->db,
                                   "DELETE FROM outbox "
                                   "WHERE bundle_uuid = :uuid AND sequence = :sequence",
                                   error);
  if (statement == NULL)
    return FALSE;
  bind_string (statement, ":uuid", bundle_uuid);
  bind_int64 (statement, ":sequence", (gint64) MIN (sequence, (guint64) G_MAXINT64));
  return step_done (self, statement, error);
}

static gboolean
reseal_locked (MlCollectorStore    *self,
               MlOutboxResealFunc   reseal,
               gpointer             user_data,
               GError             **error)
{
  g_autoptr(MlStatement) query = NULL;
  g_autoptr(GPtrArray) uuids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) bundles = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  gboolean row;

  query = ml_database_prepare (self->db, "SELECT bundle_uuid, bytes FROM outbox", error);
  if (query == NULL)
    return FALSE;
  for (;;)
    {
      if (!next_row (self, query, &row, error))
        return FALSE;
      if (!row)
        break;
      g_ptr_array_add (uuids, g_strdup (ml_statement_get_string (query, 0)));
      g_ptr_array_add (bundles, g_bytes_new (sqlite3_column_blob (query, 1),
                                             (gsize) sqlite3_column_bytes (query, 1)));
    }
  g_clear_pointer (&query, ml_statement_release);

  for (guint i = 0; i < uuids->len; i++)
    {
      g_autoptr(GBytes) resealed = NULL;
      g_autoptr(MlStatement) update = NULL;

      if (!(resealed = reseal (g_ptr_array_index (bundles, i), user_data, error)))
        return FALSE;
      update = ml_database_prepare (self->db,
                                    "UPDATE outbox SET bytes = :bytes WHERE bundle_uuid = :uuid",
                                    error);
      if (update == NULL)
        return FALSE;
      sqlite3_bind_blob64 (update, parameter (update, ":bytes"),
                           g_bytes_get_data (resealed, NULL), g_bytes_get_size (resealed),
                           SQLITE_STATIC);
      bind_string (update, ":uuid", g_ptr_array_index (uuids, i));
      if (!step_done (self, update, error))
        return FALSE;
    }

  return TRUE;
}

gboolean
ml_collector_store_reseal_outbox (MlCollectorStore    *self,
                                  MlOutboxResealFunc   reseal,
                                  gpointer             user_data,
                                  GError             **error)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_val_if_fail (ML_IS_COLLECTOR_STORE (self), FALSE);
  g_return_val_if_fail (reseal != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  locker = g_mutex_locker_new (&self->mutex);
  if (!ml_database_begin (self->db, error))
    return FALSE;

  if (!reseal_locked (self, reseal, user_data, error) ||
      !ml_database_commit (self->db, error))
    {
      ml_database_rollback (self->db);
      return FALSE;
    }

  return TRUE;
}

gboolean
ml_collector_store_get_enrolment (MlCollectorStore  *self,
                                  char             **out_site_id,
                                  char             **out_portal_url,
                                  char             **out_pin,
                                  GError           **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autofree char *site_id = NULL;
  g_autofree char *portal_url = NULL;
  g_autofree char *pin = NULL;

  g_return_val_if_fail (ML_IS_COLLECTOR_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  locker = g_mutex_locker_new (&self->mutex);
  if (!get_state (self, "site_id", &site_id, NULL, error) ||
      !get_state (self, "portal_url", &portal_url, NULL, error) ||
      !get_state (self, "portal_pin", &pin, NULL, error))
    return FALSE;

  if (site_id == NULL || portal_url == NULL)
    {
      g_set_error (error, ML_ERROR, ML_ERROR_NOT_FOUND,
                   _("This collector is not enrolled with a portal: run “meterlink-collector "
                     "enroll CODE” with the code the portal gave for this site"));
      return FALSE;
    }

  if (out_site_id != NULL)
    *out_site_id = g_steal_pointer (&site_id);
  if (out_portal_url != NULL)
    *out_portal_url = g_steal_pointer (&portal_url);
  if (out_pin != NULL)
    *out_pin = g_strdup (empty_to_null (pin));
  return TRUE;
}

static gboolean
set_enrolment_locked (MlCollectorStore  *self,
                      const char        *site_id,
                      const char        *portal_url,
                      const char        *pin,
                      GError           **error)
{
  g_autofree char *current = NULL;

  if (!get_state (self, "site_id", &current, NULL, error))
    return FALSE;

  /* The outbox's bundles are sealed for the old site, and the watermarks say what
   * the old site has: the new one gets everything the store holds. */
  if (current != NULL && g_strcmp0 (current, site_id) != 0 &&
      (!ml_database_exec (self->db, "DELETE FROM outbox; DELETE FROM sync_marks;", error) ||
       !ml_database_exec (self->db,
                          "DELETE FROM schedule WHERE name IN ('sync_failures', "
                          "  'sync_next_attempt')",
                          error)))
    return FALSE;

  return set_state_text (self, "site_id", site_id, error) &&
         set_state_text (self, "portal_url", portal_url, error) &&
         set_state_text (self, "portal_pin", pin != NULL ? pin : "", error);
}

gboolean
ml_collector_store_set_enrolment (MlCollectorStore  *self,
                                  const char        *site_id,
                                  const char        *portal_url,
                                  const char        *pin,
                                  GError           **error)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_val_if_fail (ML_IS_COLLECTOR_STORE (self), FALSE);
  g_return_val_if_fail (site_id != NULL && *site_id != '\0', FALSE);
  g_return_val_if_fail (portal_url != NULL && *portal_url != '\0', FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  locker = g_mutex_locker_new (&self->mutex);
  if (!ml_database_begin (self->db, error))
    return FALSE;

  if (!set_enrolment_locked (self, site_id, portal_url, pin, error) ||
      !ml_database_commit (self->db, error))
    {
      ml_database_rollback (self->db);
      return FALSE;
    }

  return TRUE;
}
