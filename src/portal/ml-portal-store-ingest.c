/* ml-portal-store-ingest.c: bundles' payloads written, a batch in one transaction
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ml-portal-store-private.h"

typedef struct
{
  const MlBundleHeader *header;
  MlPortalPayload *payload;
  gint64 received_at;

  guint jobs_stored;
  gboolean duplicate;
  gint64 original_received_at;

  gint64 site_id;
  gint64 customer_id;
  gint64 bundle_id;
  gboolean user_names;
  MlPortalChangeSeq seq;
} Ingest;

/* Whether a site's configuration switched user names off. */
static gboolean
config_allows_user_names (const char *config_text)
{
  g_autoptr(JsonNode) config = _ml_portal_store_node_from_text (config_text);
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
  _ml_portal_store_bind_string (site, ":site_id", ingest->header->site_id);
  if (!_ml_portal_store_next_row (self, site, &row, error))
    return FALSE;
  if (!row)
    return _ml_portal_store_no_such_site (ingest->header->site_id, error);

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
  _ml_portal_store_bind_string (bundle, ":uuid", ingest->header->bundle_uuid);
  if (!_ml_portal_store_next_row (self, bundle, &row, error))
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
  _ml_portal_store_bind_int64 (statement, ":site_id", ingest->site_id);
  _ml_portal_store_bind_string (statement, ":uuid", ingest->header->bundle_uuid);
  _ml_portal_store_bind_int64 (statement, ":sequence",
                               (gint64) MIN (ingest->header->sequence, G_MAXINT64));
  _ml_portal_store_bind_int64 (statement, ":created_at", ingest->header->created_at);
  _ml_portal_store_bind_int64 (statement, ":received_at", ingest->received_at);
  _ml_portal_store_bind_string (statement, ":version", ingest->payload->collector_version);
  _ml_portal_store_bind_int64 (statement, ":printers", ingest->payload->printers->len);
  if (!_ml_portal_store_step_done (self, statement, error))
    return FALSE;

  ingest->bundle_id = _ml_portal_store_last_insert_id (self);
  return TRUE;
}

/* The printer's row in the site's customer, created when new. Returns its ID or 0. */
static gint64
ingest_printer_row (MlPortalStore            *self,
                    Ingest                   *ingest,
                    MlPortalIncomingPrinter  *printer,
                    GError                  **error)
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
  _ml_portal_store_bind_int64 (query, ":customer_id", ingest->customer_id);
  _ml_portal_store_bind_string (query, ":serial", printer->serial);
  _ml_portal_store_bind_string (query, ":product_number", printer->product_number);
  if (!_ml_portal_store_next_row (self, query, &row, error))
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
      _ml_portal_store_bind_int64 (write, ":customer_id", ingest->customer_id);
      _ml_portal_store_bind_string (write, ":serial", printer->serial);
      _ml_portal_store_bind_string (write, ":product_number", printer->product_number);
      _ml_portal_store_bind_int64 (write, ":received_at", ingest->received_at);
    }
  else
    _ml_portal_store_bind_int64 (write, ":id", id);
  _ml_portal_store_bind_int64 (write, ":site_id", ingest->site_id);
  _ml_portal_store_bind_string (write, ":model", printer->model);
  _ml_portal_store_bind_string (write, ":firmware", printer->firmware);
  _ml_portal_store_bind_int64 (write, ":seen_at", printer->seen_at);
  _ml_portal_store_bind_int64 (write, ":seq", _ml_portal_change_seq_next (&ingest->seq));
  if (!_ml_portal_store_step_done (self, write, error))
    return 0;

  if (id != 0)
    return id;

  id = _ml_portal_store_last_insert_id (self);
  /* The customer's count of printers changed. */
  if (!_ml_portal_store_touch_customer (self, ingest->customer_id, &ingest->seq, error))
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
  _ml_portal_store_bind_int64 (statement, ":printer_id", printer_id);
  _ml_portal_store_bind_int64 (statement, ":bundle_id", ingest->bundle_id);
  _ml_portal_store_bind_string (statement, ":kind", kind);
  _ml_portal_store_bind_int64 (statement, ":at", at);
  _ml_portal_store_bind_string (statement, ":key", key);
  _ml_portal_store_bind_string (statement, ":data", data);
  _ml_portal_store_bind_int64 (statement, ":seq", _ml_portal_change_seq_next (&ingest->seq));
  return _ml_portal_store_step_done (self, statement, error);
}

/* The codes of the alerts in a stored alerts column. */
static GHashTable *
alert_codes (const char *alerts_text)
{
  GHashTable *codes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(JsonNode) node = _ml_portal_store_node_from_text (alerts_text);
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
ingest_alert_events (MlPortalStore            *self,
                     Ingest                   *ingest,
                     gint64                    printer_id,
                     MlPortalIncomingPrinter  *printer,
                     GHashTable               *previous_codes,
                     GError                  **error)
{
  GListModel *alerts = ml_printer_reading_get_alerts (printer->reading);

  for (guint i = 0; i < g_list_model_get_n_items (alerts); i++)
    {
      g_autoptr(MlAlert) alert = g_list_model_get_item (alerts, i);
      g_autoptr(JsonNode) alert_node = ml_alert_to_json (alert);
      JsonObject *data = json_object_new ();
      g_autoptr(JsonNode) data_node = _ml_portal_store_object_node (data);
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
      text = _ml_portal_store_node_to_text (data_node);
      if (!insert_event (self, ingest, printer_id, "alert", at, key, text, error))
        return FALSE;
    }

  return TRUE;
}

static gboolean
ingest_snapshot (MlPortalStore            *self,
                 Ingest                   *ingest,
                 gint64                    printer_id,
                 MlPortalIncomingPrinter  *printer,
                 GError                  **error)
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
  _ml_portal_store_bind_int64 (previous, ":printer_id", printer_id);
  if (!_ml_portal_store_next_row (self, previous, &row, error))
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
  _ml_portal_store_bind_int64 (latest, ":printer_id", printer_id);
  _ml_portal_store_bind_int64 (latest, ":bundle_id", ingest->bundle_id);
  _ml_portal_store_bind_int64 (latest, ":at", printer->seen_at);
  _ml_portal_store_bind_string (latest, ":identity", printer->identity);
  _ml_portal_store_bind_string (latest, ":status", printer->status);
  _ml_portal_store_bind_string (latest, ":alerts", printer->alerts);
  _ml_portal_store_bind_string (latest, ":printheads", printer->printheads);
  _ml_portal_store_bind_string (latest, ":cartridges", printer->cartridges);
  _ml_portal_store_bind_string (latest, ":media_sources", printer->media_sources);
  if (!_ml_portal_store_step_done (self, latest, error))
    return FALSE;

  history = ml_database_prepare (self->db,
                                 "INSERT INTO status_history (printer_id, bundle_id, at, snapshot) "
                                 "VALUES (:printer_id, :bundle_id, :at, :snapshot)",
                                 error);
  if (history == NULL)
    return FALSE;
  _ml_portal_store_bind_int64 (history, ":printer_id", printer_id);
  _ml_portal_store_bind_int64 (history, ":bundle_id", ingest->bundle_id);
  _ml_portal_store_bind_int64 (history, ":at", printer->seen_at);
  _ml_portal_store_bind_string (history, ":snapshot", printer->snapshot);
  if (!_ml_portal_store_step_done (self, history, error))
    return FALSE;

  return ingest_alert_events (self, ingest, printer_id, printer, previous_codes, error);
}

static gboolean
ingest_counters (MlPortalStore            *self,
                 Ingest                   *ingest,
                 gint64                    printer_id,
                 MlPortalIncomingPrinter  *printer,
                 GError                  **error)
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
  _ml_portal_store_bind_int64 (statement, ":printer_id", printer_id);
  _ml_portal_store_bind_int64 (statement, ":bundle_id", ingest->bundle_id);
  _ml_portal_store_bind_int64 (statement, ":at", printer->seen_at);
  _ml_portal_store_bind_quantity (statement, ":job_count", ml_usage_get_job_count (usage));
  _ml_portal_store_bind_quantity (statement, ":page_count", ml_usage_get_page_count (usage));
  _ml_portal_store_bind_quantity (statement, ":total_ink_ul", ml_usage_get_total_ink_ul (usage));
  _ml_portal_store_bind_quantity (statement, ":total_media_area_mm2",
                                  ml_usage_get_total_media_area_mm2 (usage));
  _ml_portal_store_bind_quantity (statement, ":total_media_length_mm",
                                  ml_usage_get_total_media_length_mm (usage));
  _ml_portal_store_bind_quantity (statement, ":scan_area_mm2", ml_usage_get_scan_area_mm2 (usage));
  _ml_portal_store_bind_string (statement, ":usage", printer->usage);
  return _ml_portal_store_step_done (self, statement, error);
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
  _ml_portal_store_bind_string (statement, ":kind", ml_job_kind_to_string (ml_job_get_kind (job)));
  _ml_portal_store_bind_string (statement, ":status",
                                ml_job_status_to_string (ml_job_get_status (job)));
  _ml_portal_store_bind_int64 (statement, ":job_time", job_time (job, received_at));
  _ml_portal_store_bind_string (statement, ":media_type_id", ml_job_get_media_type_id (job));
  _ml_portal_store_bind_quantity (statement, ":media_area_mm2", ml_job_get_media_area_mm2 (job));
  _ml_portal_store_bind_quantity (statement, ":printed_area_mm2",
                                  ml_job_get_printed_area_mm2 (job));
  _ml_portal_store_bind_quantity (statement, ":ink_ul", ml_job_get_total_ink_ul (job));
}

/* @stored with what @job says now laid over it: a value the printer no longer says
 * is kept, as the collector keeps it. */
static MlJob *
merge_job (const char  *stored,
           MlJob       *job,
           GError     **error)
{
  g_autoptr(JsonNode) merged = _ml_portal_store_node_from_text (stored);
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
  _ml_portal_store_bind_int64 (query, ":printer_id", printer_id);
  _ml_portal_store_bind_string (query, ":uuid", ml_job_get_uuid (incoming));
  if (!_ml_portal_store_next_row (self, query, &row, error))
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
  text = _ml_portal_store_node_to_text (node);
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
      _ml_portal_store_bind_int64 (write, ":printer_id", printer_id);
      _ml_portal_store_bind_string (write, ":uuid", ml_job_get_uuid (job));
      _ml_portal_store_bind_int64 (write, ":bundle_id", ingest->bundle_id);
      _ml_portal_store_bind_int64 (write, ":received_at", received_at);
    }
  else
    {
      _ml_portal_store_bind_int64 (write, ":id", id);
      _ml_portal_store_bind_int64 (write, ":updated_at", ingest->received_at);
    }
  bind_job_columns (write, job, received_at);
  _ml_portal_store_bind_string (write, ":data", text);
  _ml_portal_store_bind_int64 (write, ":site_id", ingest->site_id);
  _ml_portal_store_bind_int64 (write, ":sequence", sequence);
  _ml_portal_store_bind_int64 (write, ":seq", _ml_portal_change_seq_next (&ingest->seq));
  if (!_ml_portal_store_step_done (self, write, error))
    return FALSE;

  ingest->jobs_stored++;
  return TRUE;
}

static gboolean
ingest_printer (MlPortalStore            *self,
                Ingest                   *ingest,
                MlPortalIncomingPrinter  *printer,
                GError                  **error)
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
      MlPortalIncomingEvent *event = g_ptr_array_index (printer->events, i);

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

  if (!_ml_portal_store_change_seq_read (self, &ingest->seq, error) ||
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
  _ml_portal_store_bind_int64 (site, ":received_at", ingest->received_at);
  _ml_portal_store_bind_int64 (site, ":seq", _ml_portal_change_seq_next (&ingest->seq));
  _ml_portal_store_bind_int64 (site, ":id", ingest->site_id);
  if (!_ml_portal_store_step_done (self, site, error))
    return FALSE;

  bundle = ml_database_prepare (self->db,
                                "UPDATE bundles SET jobs_stored = :jobs_stored WHERE id = :id",
                                error);
  if (bundle == NULL)
    return FALSE;
  _ml_portal_store_bind_int64 (bundle, ":jobs_stored", ingest->jobs_stored);
  _ml_portal_store_bind_int64 (bundle, ":id", ingest->bundle_id);
  if (!_ml_portal_store_step_done (self, bundle, error))
    return FALSE;

  return _ml_portal_store_change_seq_write (self, &ingest->seq, error);
}

/* Ingests one bundle inside its own savepoint of the open transaction. FALSE with
 * @error for the bundle alone, the savepoint rolled back; FALSE with *out_fatal for a
 * transaction that cannot go on (SQLite rolled it back, or a savepoint would not run). */
static gboolean
ingest_in_savepoint (MlPortalStore  *self,
                     Ingest         *ingest,
                     gboolean       *out_fatal,
                     GError        **error)
{
  *out_fatal = FALSE;

  if (!ml_database_exec (self->db, "SAVEPOINT bundle", error))
    {
      *out_fatal = TRUE;
      return FALSE;
    }

  if (ingest_locked (self, ingest, error))
    {
      if (ml_database_exec (self->db, "RELEASE bundle", error))
        return TRUE;
      *out_fatal = TRUE;
      return FALSE;
    }

  /* Some errors (a full disk, an I/O error) end the whole transaction in SQLite:
   * what the bundles before this one wrote is gone as well. */
  if (!ml_database_in_transaction (self->db) ||
      !ml_database_exec (self->db, "ROLLBACK TO bundle; RELEASE bundle", NULL))
    *out_fatal = TRUE;
  ingest->duplicate = FALSE;
  ingest->jobs_stored = 0;
  return FALSE;
}

static void
fail_bundle (MlPortalBundleIngest *bundle,
             const GError         *error)
{
  if (bundle->error == NULL)
    bundle->error = g_error_copy (error);
}

gboolean
ml_portal_store_ingest_bundles (MlPortalStore         *self,
                                MlPortalBundleIngest **bundles,
                                guint                  n_bundles,
                                GError               **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree Ingest *ingests = NULL;
  guint n_parsed = 0;
  gboolean committed = FALSE;

  g_return_val_if_fail (ML_IS_PORTAL_STORE (self), FALSE);
  g_return_val_if_fail (bundles != NULL || n_bundles == 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  ingests = g_new0 (Ingest, n_bundles);
  for (guint i = 0; i < n_bundles; i++)
    {
      MlPortalBundleIngest *bundle = bundles[i];

      g_return_val_if_fail (bundle != NULL, FALSE);
      g_return_val_if_fail (bundle->header != NULL, FALSE);
      g_return_val_if_fail (bundle->header->site_id != NULL, FALSE);
      g_return_val_if_fail (bundle->header->bundle_uuid != NULL, FALSE);
      g_return_val_if_fail (bundle->payload != NULL, FALSE);
      g_return_val_if_fail (bundle->error == NULL, FALSE);
    }

  /* Taken apart before the transaction: a bad payload never holds the lock. */
  for (guint i = 0; i < n_bundles; i++)
    {
      MlPortalBundleIngest *bundle = bundles[i];

      bundle->jobs_stored = 0;
      bundle->duplicate = FALSE;
      bundle->original_received_at = 0;
      ingests[i].header = bundle->header;
      ingests[i].received_at = bundle->received_at;
      ingests[i].payload = _ml_portal_payload_parse (bundle->header, bundle->payload,
                                                     &bundle->error);
      if (ingests[i].payload != NULL)
        n_parsed++;
    }

  if (n_parsed > 0)
    {
      locker = g_mutex_locker_new (&self->mutex);

      if (ml_database_begin (self->db, &local_error))
        {
          gboolean fatal = FALSE;

          for (guint i = 0; i < n_bundles && !fatal; i++)
            {
              if (ingests[i].payload == NULL)
                continue;
              if (!ingest_in_savepoint (self, &ingests[i], &fatal, &bundles[i]->error) && fatal)
                {
                  /* The bundle's own error says why the transaction ended. */
                  local_error = g_error_copy (bundles[i]->error);
                }
            }

          if (fatal)
            ml_database_rollback (self->db);
          else
            committed = ml_database_commit (self->db, &local_error);
        }
    }
  else
    committed = TRUE;

  for (guint i = 0; i < n_bundles; i++)
    {
      MlPortalBundleIngest *bundle = bundles[i];

      if (!committed)
        fail_bundle (bundle, local_error);
      else if (bundle->error == NULL)
        {
          bundle->jobs_stored = ingests[i].jobs_stored;
          bundle->duplicate = ingests[i].duplicate;
          bundle->original_received_at = ingests[i].duplicate ? ingests[i].original_received_at
                                                              : bundle->received_at;
        }
      g_clear_pointer (&ingests[i].payload, _ml_portal_payload_free);
    }

  if (!committed)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  return TRUE;
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
  MlPortalBundleIngest bundle = { 0 };
  MlPortalBundleIngest *bundles[] = { &bundle };

  g_return_val_if_fail (ML_IS_PORTAL_STORE (self), FALSE);
  g_return_val_if_fail (header != NULL, FALSE);
  g_return_val_if_fail (header->site_id != NULL, FALSE);
  g_return_val_if_fail (header->bundle_uuid != NULL, FALSE);
  g_return_val_if_fail (payload != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  bundle.header = header;
  bundle.payload = payload;
  bundle.received_at = received_at;
  ml_portal_store_ingest_bundles (self, bundles, 1, NULL);
  if (bundle.error != NULL)
    {
      g_propagate_error (error, bundle.error);
      return FALSE;
    }

  if (out_jobs_stored != NULL)
    *out_jobs_stored = bundle.jobs_stored;
  if (out_duplicate != NULL)
    *out_duplicate = bundle.duplicate;
  if (out_original_received_at != NULL)
    *out_original_received_at = bundle.original_received_at;
  return TRUE;
}
