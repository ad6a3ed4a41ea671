/* ml-portal-store-queries.c: the reseller API's reads: lists, pages, usage, events, sync
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Scoping: every query a reseller's user can cause joins up to customers.reseller_id
 * and binds the caller's reseller ID, so another reseller's serial or site is simply
 * not among the rows, the same as one that does not exist.
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "ml-portal-store-private.h"

/* Rows per table in one sync answer. */
#define SYNC_LIMIT 5000

/* Rows, as the API spells them ------------------------------------------------------ */

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
  JsonNode *node = _ml_portal_store_node_from_text (text);

  if (node == NULL && fallback_array)
    {
      node = json_node_new (JSON_NODE_ARRAY);
      json_node_take_array (node, json_array_new ());
    }
  else if (node == NULL)
    node = json_node_new (JSON_NODE_NULL);

  json_object_set_member (object, key, node);
}

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
  return _ml_portal_store_object_node (object);
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
                          _ml_portal_store_config_node (ml_statement_get_string (statement, 6),
                                                        sqlite3_column_int64 (statement, 7)));
  return _ml_portal_store_object_node (object);
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
  return _ml_portal_store_object_node (printer_object (statement));
}

static JsonNode *
printer_detail_from_row (MlStatement *statement)
{
  JsonObject *object = printer_object (statement);

  put_json (object, "printheads", ml_statement_get_string (statement, 9), TRUE);
  put_json (object, "media_sources", ml_statement_get_string (statement, 10), TRUE);
  put_json (object, "alerts", ml_statement_get_string (statement, 11), TRUE);
  put_json (object, "counters", ml_statement_get_string (statement, 12), FALSE);
  return _ml_portal_store_object_node (object);
}

static JsonNode *
job_from_row (MlStatement *statement)
{
  JsonNode *node = _ml_portal_store_node_from_text (ml_statement_get_string (statement, 2));

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      g_clear_pointer (&node, json_node_unref);
      node = _ml_portal_store_object_node (json_object_new ());
    }

  json_object_set_string_member (json_node_get_object (node), "printer",
                                 ml_statement_get_string (statement, 3));
  return node;
}

static JsonNode *
event_from_row (MlStatement *statement)
{
  JsonObject *object = json_object_new ();
  g_autoptr(JsonNode) data =
    _ml_portal_store_node_from_text (ml_statement_get_string (statement, 1));

  json_object_set_string_member (object, "serial", ml_statement_get_string (statement, 0));
  if (data != NULL && JSON_NODE_HOLDS_OBJECT (data))
    {
      JsonObject *data_object = json_node_get_object (data);
      g_autoptr(GList) members = json_object_get_members (data_object);

      for (GList *l = members; l != NULL; l = l->next)
        json_object_set_member (object, l->data,
                                json_node_copy (json_object_get_member (data_object, l->data)));
    }

  return _ml_portal_store_object_node (object);
}

/* The rows of a prepared and bound statement as a JSON array. */
static JsonNode *
rows_to_array (MlPortalStore  *self,
               MlStatement    *statement,
               RowFunc         func,
               GError        **error)
{
  JsonArray *array = json_array_new ();
  g_autoptr(JsonNode) node = _ml_portal_store_array_node (array);
  gboolean row;

  for (;;)
    {
      if (!_ml_portal_store_next_row (self, statement, &row, error))
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
  _ml_portal_store_bind_int64 (statement, ":reseller_id", reseller_id);
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
  _ml_portal_store_bind_int64 (statement, ":reseller_id", reseller_id);
  _ml_portal_store_bind_string (statement, ":serial", serial);
  if (!_ml_portal_store_next_row (self, statement, &row, error))
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
  _ml_portal_store_bind_int64 (statement, ":reseller_id", reseller_id);
  _ml_portal_store_bind_string (statement, ":serial", serial);
  if (!_ml_portal_store_next_row (self, statement, &row, error))
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
  _ml_portal_store_bind_int64 (statement, ":reseller_id", reseller_id);
  if (serial != NULL)
    _ml_portal_store_bind_string (statement, ":serial", serial);
  _ml_portal_store_bind_int64 (statement, ":since", MAX (since, 0));
  _ml_portal_store_bind_int64 (statement, ":until", MAX (until, 0));
  _ml_portal_store_bind_int64 (statement, ":after_time", after_time);
  _ml_portal_store_bind_int64 (statement, ":after_id", after_id);
  _ml_portal_store_bind_int64 (statement, ":limit", (gint64) limit + 1);

  array = json_array_new ();
  jobs = _ml_portal_store_array_node (array);
  for (;;)
    {
      if (!_ml_portal_store_next_row (self, statement, &row, error))
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
  return _ml_portal_store_object_node (result);
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
  return _ml_portal_store_object_node (object);
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
  _ml_portal_store_bind_int64 (statement, ":reseller_id", reseller_id);
  _ml_portal_store_bind_string (statement, ":serial", serial);
  _ml_portal_store_bind_int64 (statement, ":since", MAX (since, 0));
  _ml_portal_store_bind_int64 (statement, ":until", MAX (until, 0));
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
  _ml_portal_store_bind_int64 (statement, ":reseller_id", reseller_id);
  _ml_portal_store_bind_string (statement, ":serial", serial);
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

static JsonNode *
sync_locked (MlPortalStore  *self,
             gint64          reseller_id,
             gint64          cursor,
             GError        **error)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  g_autoptr(JsonNode) result = _ml_portal_store_object_node (json_object_new ());
  g_autofree char *cursor_text = NULL;
  JsonObject *object = json_node_get_object (result);
  MlPortalChangeSeq current;
  gint64 cutoff;
  gboolean more = FALSE;

  if (!_ml_portal_store_change_seq_read (self, &current, error))
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
      _ml_portal_store_bind_int64 (statement, ":reseller_id", reseller_id);
      _ml_portal_store_bind_int64 (statement, ":cursor", cursor);
      _ml_portal_store_bind_int64 (statement, ":limit", SYNC_LIMIT);
      seq_column = sqlite3_column_count (statement) - 1;

      for (;;)
        {
          SyncRow sync_row;

          if (!_ml_portal_store_next_row (self, statement, &row, error))
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
