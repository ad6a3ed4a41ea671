/* ml-collector-store-jobs.c: the store's jobs a page at a time, for lists of any length
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A connection of our own beside the store's: a list scrolled while a collection
 * writes must not wait for the store's mutex, and WAL lets a reader go on beside
 * the writer. It is opened on first use, kept with the store object (one per
 * store, whatever the number of lists) and closed with it; its mutex serialises
 * the threads that share it, as the store's does.
 *
 * Pages are found by key, never by OFFSET: the order is (job_time, uuid, id), which
 * the jobs_by_time and jobs_by_printer_time indexes hold (the row id is the last
 * column of every index), so "the 256 jobs from this key on" is one seek.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "ml-collector-store-jobs.h"

/* A connection waits this long for a writer's checkpoint, as the store's does. */
#define BUSY_TIMEOUT_MS 10000
/* Rows between two looks at the cancellable while an index is made. */
#define CANCEL_CHECK_ROWS 65536

typedef struct
{
  GMutex mutex;       /* guards db */
  sqlite3 *db;
  char *path;
} Reader;

typedef struct
{
  gint64 time;
  gint64 id;
  char *uuid;
} Anchor;

struct _MlJobIndex
{
  gatomicrefcount ref_count;

  gint64 printer_id;   /* 0: all printers */
  gint64 since;
  gint64 until;
  int status;

  guint page_size;
  guint n_jobs;
  GArray *anchors;     /* Anchor: the first job of each page */
};

G_DEFINE_BOXED_TYPE (MlJobIndex, ml_job_index, ml_job_index_ref, ml_job_index_unref)

G_LOCK_DEFINE_STATIC (readers);

void
ml_job_summary_free (MlJobSummary *summary)
{
  if (summary == NULL)
    return;

  g_free (summary->uuid);
  g_free (summary->serial);
  g_free (summary->printer_model);
  g_free (summary->name);
  g_free (summary);
}

static void
anchor_clear (gpointer data)
{
  Anchor *anchor = data;

  g_free (anchor->uuid);
}

MlJobIndex *
ml_job_index_ref (MlJobIndex *index)
{
  g_return_val_if_fail (index != NULL, NULL);

  g_atomic_ref_count_inc (&index->ref_count);
  return index;
}

void
ml_job_index_unref (MlJobIndex *index)
{
  g_return_if_fail (index != NULL);

  if (!g_atomic_ref_count_dec (&index->ref_count))
    return;

  g_array_unref (index->anchors);
  g_free (index);
}

guint
ml_job_index_get_n_jobs (MlJobIndex *index)
{
  g_return_val_if_fail (index != NULL, 0);

  return index->n_jobs;
}

guint
ml_job_index_get_page_size (MlJobIndex *index)
{
  g_return_val_if_fail (index != NULL, 0);

  return index->page_size;
}

guint
ml_job_index_get_n_pages (MlJobIndex *index)
{
  g_return_val_if_fail (index != NULL, 0);

  return index->anchors->len;
}

/* The connection ---------------------------------------------------------------------- */

static void
reader_free (gpointer data)
{
  Reader *reader = data;

  g_clear_pointer (&reader->db, sqlite3_close);
  g_free (reader->path);
  g_mutex_clear (&reader->mutex);
  g_free (reader);
}

static GQuark
reader_quark (void)
{
  return g_quark_from_static_string ("ml-collector-store-jobs-reader");
}

static Reader *
get_reader (MlCollectorStore *store)
{
  Reader *reader;

  G_LOCK (readers);
  reader = g_object_get_qdata (G_OBJECT (store), reader_quark ());
  if (reader == NULL)
    {
      reader = g_new0 (Reader, 1);
      g_mutex_init (&reader->mutex);
      reader->path = g_strdup (ml_collector_store_get_path (store));
      g_object_set_qdata_full (G_OBJECT (store), reader_quark (), reader, reader_free);
    }
  G_UNLOCK (readers);

  return reader;
}

static gboolean
read_error (const char  *path,
            sqlite3     *db,
            int          rc,
            GError     **error)
{
  g_set_error (error, ML_ERROR, ML_ERROR_STORE, _("Cannot read the store %s: %s"),
               path, db != NULL ? sqlite3_errmsg (db) : sqlite3_errstr (rc));
  return FALSE;
}

static gboolean
write_error (const char  *path,
             sqlite3     *db,
             int          rc,
             GError     **error)
{
  g_set_error (error, ML_ERROR, ML_ERROR_STORE, _("Cannot write to the store %s: %s"),
               path, db != NULL ? sqlite3_errmsg (db) : sqlite3_errstr (rc));
  return FALSE;
}

/* Opens a connection to the store's existing file. */
static sqlite3 *
open_connection (const char  *path,
                 const char  *pragmas,
                 gboolean     for_writing,
                 GError     **error)
{
  sqlite3 *db = NULL;
  int rc;

  rc = sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_extended_result_codes (db, 1);
      sqlite3_busy_timeout (db, BUSY_TIMEOUT_MS);
      rc = sqlite3_exec (db, pragmas, NULL, NULL, NULL);
    }
  if (rc != SQLITE_OK)
    {
      if (for_writing)
        write_error (path, db, rc, error);
      else
        read_error (path, db, rc, error);
      sqlite3_close (db);
      return NULL;
    }

  return db;
}

/* With reader->mutex held. */
static gboolean
reader_open (Reader  *reader,
             GError **error)
{
  if (reader->db != NULL)
    return TRUE;

  reader->db = open_connection (reader->path,
                                "PRAGMA query_only = ON; PRAGMA trusted_schema = OFF;",
                                FALSE, error);
  return reader->db != NULL;
}

static sqlite3_stmt *
prepare (Reader      *reader,
         const char  *sql,
         GError     **error)
{
  sqlite3_stmt *statement = NULL;
  int rc = sqlite3_prepare_v2 (reader->db, sql, -1, &statement, NULL);

  if (rc != SQLITE_OK)
    {
      read_error (reader->path, reader->db, rc, error);
      return NULL;
    }

  return statement;
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

static void
bind_int64 (sqlite3_stmt *statement,
            const char   *name,
            gint64        value)
{
  int index = sqlite3_bind_parameter_index (statement, name);

  if (index > 0)
    sqlite3_bind_int64 (statement, index, value);
}

static void
bind_text (sqlite3_stmt *statement,
           const char   *name,
           const char   *value)
{
  int index = sqlite3_bind_parameter_index (statement, name);

  if (index > 0)
    sqlite3_bind_text (statement, index, value, -1, SQLITE_TRANSIENT);
}

/* Filters ------------------------------------------------------------------------------ */

/* The row id of the printer @serial: what the store's job queries do, an unknown or
 * ambiguous serial being an error. */
static gint64
find_printer (Reader      *reader,
              const char  *serial,
              GError     **error)
{
  g_autoptr(sqlite3_stmt) statement = NULL;
  gint64 id = 0;
  guint n_rows = 0;
  int rc;

  statement = prepare (reader, "SELECT id FROM printers WHERE serial = :serial", error);
  if (statement == NULL)
    return -1;
  bind_text (statement, ":serial", serial);

  while ((rc = sqlite3_step (statement)) == SQLITE_ROW)
    {
      id = sqlite3_column_int64 (statement, 0);
      n_rows++;
    }
  if (rc != SQLITE_DONE)
    {
      read_error (reader->path, reader->db, rc, error);
      return -1;
    }

  if (n_rows == 0)
    {
      g_set_error (error, ML_ERROR, ML_ERROR_NOT_FOUND,
                   _("No printer with the serial number %s is known"), serial);
      return -1;
    }
  if (n_rows > 1)
    {
      g_set_error (error, ML_ERROR, ML_ERROR_INVALID_VALUE,
                   _("Several printers have the serial number %s"), serial);
      return -1;
    }

  return id;
}

/* Only the conditions a filter uses, so that SQLite picks the index that serves it. */
static void
append_where (GString    *sql,
              MlJobIndex *index)
{
  g_string_append (sql, " WHERE 1");
  if (index->printer_id > 0)
    g_string_append (sql, " AND j.printer_id = :printer");
  if (index->since > 0)
    g_string_append (sql, " AND j.job_time >= :since");
  if (index->until > 0)
    g_string_append (sql, " AND j.job_time < :until");
  if (index->status >= 0)
    g_string_append (sql, " AND j.status = :status");
}

static void
bind_where (sqlite3_stmt *statement,
            MlJobIndex   *index)
{
  bind_int64 (statement, ":printer", index->printer_id);
  bind_int64 (statement, ":since", index->since);
  bind_int64 (statement, ":until", index->until);
  if (index->status >= 0)
    bind_text (statement, ":status", ml_job_status_to_string (index->status));
}

MlJobIndex *
ml_collector_store_index_jobs (MlCollectorStore   *self,
                               const MlJobFilter  *filter,
                               guint               page_size,
                               GCancellable       *cancellable,
                               GError            **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(sqlite3_stmt) statement = NULL;
  g_autoptr(MlJobIndex) index = NULL;
  g_autoptr(GString) sql = NULL;
  Reader *reader;
  guint n = 0;
  int rc;

  g_return_val_if_fail (ML_IS_COLLECTOR_STORE (self), NULL);
  g_return_val_if_fail (filter != NULL, NULL);
  g_return_val_if_fail (filter->status >= -1 && filter->status <= ML_JOB_STATUS_DELETED, NULL);
  g_return_val_if_fail (page_size > 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  index = g_new0 (MlJobIndex, 1);
  g_atomic_ref_count_init (&index->ref_count);
  index->since = MAX (filter->since, 0);
  index->until = MAX (filter->until, 0);
  index->status = filter->status;
  index->page_size = page_size;
  index->anchors = g_array_new (FALSE, FALSE, sizeof (Anchor));
  g_array_set_clear_func (index->anchors, anchor_clear);

  reader = get_reader (self);
  locker = g_mutex_locker_new (&reader->mutex);
  if (!reader_open (reader, error))
    return NULL;

  if (filter->serial != NULL &&
      (index->printer_id = find_printer (reader, filter->serial, error)) < 0)
    return NULL;

  sql = g_string_new ("SELECT j.job_time, j.uuid, j.id FROM jobs j");
  append_where (sql, index);
  g_string_append (sql, " ORDER BY j.job_time, j.uuid, j.id");
  if (!(statement = prepare (reader, sql->str, error)))
    return NULL;
  bind_where (statement, index);

  while ((rc = sqlite3_step (statement)) == SQLITE_ROW)
    {
      if (n % page_size == 0)
        {
          Anchor anchor = {
            sqlite3_column_int64 (statement, 0),
            sqlite3_column_int64 (statement, 2),
            g_strdup ((const char *) sqlite3_column_text (statement, 1)),
          };

          g_array_append_val (index->anchors, anchor);
        }
      if (++n % CANCEL_CHECK_ROWS == 0 && g_cancellable_set_error_if_cancelled (cancellable, error))
        return NULL;
      if (n == G_MAXUINT)
        break;
    }
  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    {
      read_error (reader->path, reader->db, rc, error);
      return NULL;
    }

  index->n_jobs = n;
  return g_steal_pointer (&index);
}

/* Reading jobs ------------------------------------------------------------------------- */

#define SUMMARY_SELECT \
  "SELECT j.job_time, j.uuid, p.serial, p.model, j.kind, j.name, j.status, j.pages, " \
  "  j.copies, j.media_area_mm2, " \
  "  CASE WHEN json_valid (j.ink) THEN (SELECT sum (value) FROM json_each (j.ink)) END " \
  "FROM jobs j JOIN printers p ON p.id = j.printer_id"

static MlJobKind
kind_from_string (const char *text)
{
  for (int kind = ML_JOB_KIND_PRINT; kind <= ML_JOB_KIND_COPY; kind++)
    if (g_strcmp0 (ml_job_kind_to_string (kind), text) == 0)
      return kind;

  return ML_JOB_KIND_PRINT;
}

static MlJobStatus
status_from_string (const char *text)
{
  for (int status = ML_JOB_STATUS_UNKNOWN; status <= ML_JOB_STATUS_DELETED; status++)
    if (g_strcmp0 (ml_job_status_to_string (status), text) == 0)
      return status;

  return ML_JOB_STATUS_UNKNOWN;
}

static gint64
column_quantity (sqlite3_stmt *statement,
                 int           column)
{
  if (sqlite3_column_type (statement, column) == SQLITE_NULL)
    return ML_UNKNOWN;

  return MAX (sqlite3_column_int64 (statement, column), ML_UNKNOWN);
}

static char *
column_text (sqlite3_stmt *statement,
             int           column)
{
  return g_strdup ((const char *) sqlite3_column_text (statement, column));
}

static MlJobSummary *
summary_from_row (sqlite3_stmt *statement)
{
  MlJobSummary *summary = g_new0 (MlJobSummary, 1);

  summary->time = sqlite3_column_int64 (statement, 0);
  summary->uuid = column_text (statement, 1);
  summary->serial = column_text (statement, 2);
  summary->printer_model = column_text (statement, 3);
  summary->kind = kind_from_string ((const char *) sqlite3_column_text (statement, 4));
  summary->name = column_text (statement, 5);
  summary->status = status_from_string ((const char *) sqlite3_column_text (statement, 6));
  summary->pages = column_quantity (statement, 7);
  summary->copies = column_quantity (statement, 8);
  summary->media_area_mm2 = column_quantity (statement, 9);
  summary->ink_ul = column_quantity (statement, 10);
  return summary;
}

static GPtrArray *
read_summaries (Reader        *reader,
                sqlite3_stmt  *statement,
                GError       **error)
{
  g_autoptr(GPtrArray) jobs = g_ptr_array_new_with_free_func ((GDestroyNotify) ml_job_summary_free);
  int rc;

  while ((rc = sqlite3_step (statement)) == SQLITE_ROW)
    g_ptr_array_add (jobs, summary_from_row (statement));

  if (rc != SQLITE_DONE)
    {
      read_error (reader->path, reader->db, rc, error);
      return NULL;
    }

  return g_steal_pointer (&jobs);
}

GPtrArray *
ml_collector_store_read_job_page (MlCollectorStore  *self,
                                  MlJobIndex        *index,
                                  guint              page,
                                  GError           **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(sqlite3_stmt) statement = NULL;
  g_autoptr(GString) sql = NULL;
  const Anchor *anchor;
  Reader *reader;
  guint limit;

  g_return_val_if_fail (ML_IS_COLLECTOR_STORE (self), NULL);
  g_return_val_if_fail (index != NULL, NULL);
  g_return_val_if_fail (page < index->anchors->len, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  anchor = &g_array_index (index->anchors, Anchor, page);
  /* Jobs stored since the index was made must not lengthen a page. */
  limit = MIN (index->page_size, index->n_jobs - page * index->page_size);

  reader = get_reader (self);
  locker = g_mutex_locker_new (&reader->mutex);
  if (!reader_open (reader, error))
    return NULL;

  sql = g_string_new (SUMMARY_SELECT);
  append_where (sql, index);
  g_string_append (sql, " AND (j.job_time, j.uuid, j.id) >= (:time, :uuid, :id)"
                        " ORDER BY j.job_time, j.uuid, j.id LIMIT :limit");
  if (!(statement = prepare (reader, sql->str, error)))
    return NULL;
  bind_where (statement, index);
  bind_int64 (statement, ":time", anchor->time);
  bind_text (statement, ":uuid", anchor->uuid);
  bind_int64 (statement, ":id", anchor->id);
  bind_int64 (statement, ":limit", limit);

  return read_summaries (reader, statement, error);
}

GPtrArray *
ml_collector_store_list_latest_jobs (MlCollectorStore  *self,
                                     const char        *serial,
                                     guint              limit,
                                     GError           **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(sqlite3_stmt) statement = NULL;
  Reader *reader;
  gint64 printer_id = 0;

  g_return_val_if_fail (ML_IS_COLLECTOR_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  reader = get_reader (self);
  locker = g_mutex_locker_new (&reader->mutex);
  if (!reader_open (reader, error))
    return NULL;

  if (serial != NULL && (printer_id = find_printer (reader, serial, error)) < 0)
    return NULL;

  statement = prepare (reader,
                       printer_id > 0
                         ? SUMMARY_SELECT " WHERE j.printer_id = :printer "
                           "ORDER BY j.job_time DESC, j.uuid DESC, j.id DESC LIMIT :limit"
                         : SUMMARY_SELECT " "
                           "ORDER BY j.job_time DESC, j.uuid DESC, j.id DESC LIMIT :limit",
                       error);
  if (statement == NULL)
    return NULL;
  bind_int64 (statement, ":printer", printer_id);
  bind_int64 (statement, ":limit", limit);

  return read_summaries (reader, statement, error);
}

/* Synthetic jobs ----------------------------------------------------------------------- */

MlJobStatus
ml_collector_store_synthetic_job_status (guint index)
{
  if (index % 20 == 7)
    return ML_JOB_STATUS_CANCELLED;
  if (index % 50 == 13)
    return ML_JOB_STATUS_FAILED;
  return ML_JOB_STATUS_COMPLETED;
}

static guint64
splitmix64 (guint64 *state)
{
  guint64 z = (*state += G_GUINT64_CONSTANT (0x9e3779b97f4a7c15));

  z = (z ^ (z >> 30)) * G_GUINT64_CONSTANT (0xbf58476d1ce4e5b9);
  z = (z ^ (z >> 27)) * G_GUINT64_CONSTANT (0x94d049bb133111eb);
  return z ^ (z >> 31);
}

static gboolean
insert_synthetic_jobs (sqlite3             *db,
                       const char          *path,
                       const char * const  *serials,
                       guint                n_jobs,
                       gint64               first_time,
                       guint                interval_s,
                       guint64              seed,
                       GError             **error)
{
  g_autoptr(sqlite3_stmt) lookup = NULL;
  g_autoptr(sqlite3_stmt) insert = NULL;
  g_autofree gint64 *printer_ids = NULL;
  guint n_printers = g_strv_length ((char **) serials);
  int rc;

  rc = sqlite3_prepare_v2 (db, "SELECT min (id) FROM printers WHERE serial = :serial", -1,
                           &lookup, NULL);
  if (rc != SQLITE_OK)
    return write_error (path, db, rc, error);

  printer_ids = g_new0 (gint64, n_printers);
  for (guint i = 0; i < n_printers; i++)
    {
      sqlite3_reset (lookup);
      bind_text (lookup, ":serial", serials[i]);
      if ((rc = sqlite3_step (lookup)) != SQLITE_ROW)
        return write_error (path, db, rc, error);
      if (sqlite3_column_type (lookup, 0) == SQLITE_NULL)
        {
          g_set_error (error, ML_ERROR, ML_ERROR_NOT_FOUND,
                       _("No printer with the serial number %s is known"), serials[i]);
          return FALSE;
        }
      printer_ids[i] = sqlite3_column_int64 (lookup, 0);
    }

  rc = sqlite3_prepare_v2 (db,
                           "INSERT INTO jobs (printer_id, uuid, kind, name, submitted_at, "
                           "  printed_at, completed_at, status, pages, copies, media_type_id, "
                           "  media_area_mm2, printed_area_mm2, media_length_mm, ink, "
                           "  first_seen, updated_at) "
                           "VALUES (?1, ?2, 'print', ?3, ?4, ?5, ?6, ?7, ?8, 1, '2001', "
                           "  ?9, ?10, ?11, ?12, ?13, ?13)",
                           -1, &insert, NULL);
  if (rc != SQLITE_OK)
    return write_error (path, db, rc, error);

  for (guint i = 0; i < n_jobs; i++)
    {
      guint64 state = seed ^ ((guint64) i * G_GUINT64_CONSTANT (0x2545f4914f6cdd1d));
      guint64 a = splitmix64 (&state);
      guint64 b = splitmix64 (&state);
      MlJobStatus status = ml_collector_store_synthetic_job_status (i);
      gint64 time = first_time + (gint64) i * interval_s;
      gint64 length_mm = 300 + (gint64) (a % 2700);
      gint64 area_mm2 = length_mm * 914;
      char uuid[37];
      char name[48];
      char ink[160];

      /* The index leads the UUID, so each printer's UNIQUE index grows at its end. */
      g_snprintf (uuid, sizeof uuid, "%08x-%04x-4%03x-%04x-%012" G_GINT64_MODIFIER "x",
                  i, (guint) (a >> 48), (guint) ((a >> 36) & 0xfff),
                  (guint) (0x8000 | ((a >> 20) & 0x3fff)), b & G_GUINT64_CONSTANT (0xffffffffffff));
      g_snprintf (name, sizeof name, "Drawing %u.pdf", i);
      g_snprintf (ink, sizeof ink,
                  "{\"cyan\":%u,\"magenta\":%u,\"matte-black\":%u,\"yellow\":%u}",
                  (guint) (b % 900), (guint) ((b >> 10) % 900), (guint) ((b >> 20) % 2000),
                  (guint) ((b >> 30) % 900));

      sqlite3_reset (insert);
      sqlite3_bind_int64 (insert, 1, printer_ids[i % n_printers]);
      sqlite3_bind_text (insert, 2, uuid, -1, SQLITE_STATIC);
      sqlite3_bind_text (insert, 3, name, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (insert, 4, time - 60);
      if (status == ML_JOB_STATUS_COMPLETED)
        {
          sqlite3_bind_int64 (insert, 5, time);
          sqlite3_bind_int64 (insert, 6, time + 30);
        }
      else
        {
          /* A job that never printed has only its submission time. */
          sqlite3_bind_null (insert, 5);
          sqlite3_bind_null (insert, 6);
          sqlite3_bind_int64 (insert, 4, time);
        }
      sqlite3_bind_text (insert, 7, ml_job_status_to_string (status), -1, SQLITE_STATIC);
      sqlite3_bind_int64 (insert, 8, 1 + i % 7);
      sqlite3_bind_int64 (insert, 9, area_mm2);
      sqlite3_bind_int64 (insert, 10, area_mm2 / 4);
      sqlite3_bind_int64 (insert, 11, length_mm);
      sqlite3_bind_text (insert, 12, ink, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (insert, 13, time + 60);

      if ((rc = sqlite3_step (insert)) != SQLITE_DONE)
        return write_error (path, db, rc, error);
    }

  return TRUE;
}

gboolean
ml_collector_store_add_synthetic_jobs (MlCollectorStore   *self,
                                       const char * const *serials,
                                       guint               n_jobs,
                                       gint64              first_time,
                                       guint               interval_s,
                                       guint64             seed,
                                       GError            **error)
{
  const char *path;
  sqlite3 *db;
  gboolean ok;
  int rc;

  g_return_val_if_fail (ML_IS_COLLECTOR_STORE (self), FALSE);
  g_return_val_if_fail (serials != NULL && serials[0] != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* A connection of its own for one transaction: BEGIN IMMEDIATE waits for the
   * store's writer like any other writer would. */
  path = ml_collector_store_get_path (self);
  /* The printers were looked up above, so foreign keys need no check per row (which
   * would also cost a statement journal per INSERT); a page cache big enough for the
   * transaction keeps SQLite from spilling pages to the log half-way. */
  db = open_connection (path,
                        "PRAGMA foreign_keys = OFF; PRAGMA synchronous = NORMAL; "
                        "PRAGMA temp_store = MEMORY; PRAGMA cache_size = -262144;",
                        TRUE, error);
  if (db == NULL)
    return FALSE;

  if ((rc = sqlite3_exec (db, "BEGIN IMMEDIATE", NULL, NULL, NULL)) != SQLITE_OK)
    ok = write_error (path, db, rc, error);
  else if (!insert_synthetic_jobs (db, path, serials, n_jobs, first_time, interval_s, seed,
                                   error))
    ok = FALSE;
  else if ((rc = sqlite3_exec (db, "COMMIT", NULL, NULL, NULL)) != SQLITE_OK)
    ok = write_error (path, db, rc, error);
  else
    ok = TRUE;

  if (!ok)
    sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
  sqlite3_close (db);
  return ok;
}
