/* ml-portal-store-payload.c: a bundle's payload taken apart and checked, before its transaction
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "ml-portal-store-private.h"

/* The payload version of docs/bundle-format.md this store reads. */
#define PAYLOAD_FORMAT 1

#define MAX_SERIAL_LENGTH 128

static void
incoming_event_free (gpointer data)
{
  MlPortalIncomingEvent *event = data;

  g_free (event->key);
  g_free (event->kind);
  g_free (event->data);
  g_free (event);
}

static void
incoming_printer_free (gpointer data)
{
  MlPortalIncomingPrinter *printer = data;

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

void
_ml_portal_payload_free (MlPortalPayload *payload)
{
  g_free (payload->collector_version);
  g_clear_pointer (&payload->printers, g_ptr_array_unref);
  g_free (payload);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MlPortalIncomingPrinter, incoming_printer_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MlPortalIncomingEvent, incoming_event_free)

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
  g_autoptr(JsonNode) node = _ml_portal_store_array_node (array);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (model, i);

      json_array_add_element (array, to_json (item));
    }

  return _ml_portal_store_node_to_text (node);
}

/* A counter reset as the collector spells it (docs/bundle-format.md); only the
 * members we know are kept. */
static MlPortalIncomingEvent *
parse_event (JsonNode  *node,
             GError   **error)
{
  g_autoptr(MlPortalIncomingEvent) event = g_new0 (MlPortalIncomingEvent, 1);
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
  data = _ml_portal_store_object_node (out);
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
  event->data = _ml_portal_store_node_to_text (data);
  return g_steal_pointer (&event);
}

/* The snapshot members of a printer, taken apart with the model's own parser. */
static const char * const snapshot_members[] = {
  "identity", "status", "alerts", "printheads", "cartridges", "media_sources",
};

static gboolean
parse_snapshot (MlPortalIncomingPrinter  *printer,
                JsonObject               *object,
                GError                  **error)
{
  JsonObject *reading_object = json_object_new ();
  g_autoptr(JsonNode) reading_node = _ml_portal_store_object_node (reading_object);
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
        printer->identity = _ml_portal_store_node_to_text (identity_node);
      if (present (object, "status"))
        printer->status = _ml_portal_store_node_to_text (status_node);
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
      snapshot_node = _ml_portal_store_object_node (snapshot);
      json_object_set_member (snapshot, "identity",
                              _ml_portal_store_node_from_text (printer->identity != NULL
                                                                 ? printer->identity
                                                                 : "null"));
      json_object_set_member (snapshot, "status",
                              _ml_portal_store_node_from_text (printer->status != NULL
                                                                 ? printer->status
                                                                 : "null"));
      json_object_set_member (snapshot, "alerts",
                              _ml_portal_store_node_from_text (printer->alerts));
      json_object_set_member (snapshot, "printheads",
                              _ml_portal_store_node_from_text (printer->printheads));
      json_object_set_member (snapshot, "cartridges",
                              _ml_portal_store_node_from_text (printer->cartridges));
      json_object_set_member (snapshot, "media_sources",
                              _ml_portal_store_node_from_text (printer->media_sources));
      printer->snapshot = _ml_portal_store_node_to_text (snapshot_node);
    }

  if (printer->has_counters)
    {
      g_autoptr(JsonNode) usage_node =
        ml_usage_to_json (ml_printer_reading_get_usage (printer->reading));

      printer->usage = _ml_portal_store_node_to_text (usage_node);
    }

  return TRUE;
}

static MlPortalIncomingPrinter *
parse_printer (JsonNode  *node,
               gint64     default_time,
               GError   **error)
{
  g_autoptr(MlPortalIncomingPrinter) printer = g_new0 (MlPortalIncomingPrinter, 1);
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
      MlPortalIncomingEvent *event = parse_event (json_array_get_element (events, i), error);

      if (event == NULL)
        {
          g_prefix_error (error, _("Printer %s, event %u: "), serial, i + 1);
          return NULL;
        }
      g_ptr_array_add (printer->events, event);
    }

  return g_steal_pointer (&printer);
}

MlPortalPayload *
_ml_portal_payload_parse (const MlBundleHeader  *header,
                          JsonNode              *node,
                          GError               **error)
{
  g_autoptr(MlPortalPayload) payload = g_new0 (MlPortalPayload, 1);
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
      MlPortalIncomingPrinter *printer = parse_printer (json_array_get_element (printers, i),
                                                        header->created_at, error);

      if (printer == NULL)
        return NULL;
      g_ptr_array_add (payload->printers, printer);
    }

  return g_steal_pointer (&payload);
}
