/* ml-model-json-parse.c: the printer model back from its JSON spelling
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every getter below records the first problem in the Parser and from then on
 * returns harmless defaults, so a parse function reads straight through and checks
 * once at the end; a setter never sees a value it would refuse.
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ml-alert.h"
#include "ml-cartridge.h"
#include "ml-category-usage.h"
#include "ml-device-event.h"
#include "ml-engine-status.h"
#include "ml-error.h"
#include "ml-identity.h"
#include "ml-ink-usage.h"
#include "ml-job.h"
#include "ml-media-source.h"
#include "ml-media-type.h"
#include "ml-media-usage.h"
#include "ml-model-json-parse.h"
#include "ml-printer-reading.h"
#include "ml-printhead.h"
#include "ml-units.h"
#include "ml-usage.h"

typedef struct
{
  GError *error;
} Parser;

typedef const char *(*EnumNameFunc) (int value);

static gboolean
parser_ok (Parser *p)
{
  return p->error == NULL;
}

static void
wrong_type (Parser     *p,
            const char *key)
{
  if (p->error == NULL)
    g_set_error (&p->error, ML_ERROR, ML_ERROR_WRONG_TYPE,
                 _("JSON member “%s” has the wrong type"), key);
}

static void
invalid_value (Parser     *p,
               const char *key)
{
  if (p->error == NULL)
    g_set_error (&p->error, ML_ERROR, ML_ERROR_INVALID_VALUE,
                 _("JSON member “%s” has a value out of range"), key);
}

/* The member as a value node, or NULL when it is absent or null. */
static JsonNode *
value_member (Parser      *p,
              JsonObject  *object,
              const char  *key,
              GType        value_type)
{
  JsonNode *node;

  if (!parser_ok (p) || object == NULL)
    return NULL;

  node = json_object_get_member (object, key);
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return NULL;

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != value_type)
    {
      wrong_type (p, key);
      return NULL;
    }

  return node;
}

static const char *
get_string (Parser     *p,
            JsonObject *object,
            const char *key)
{
  JsonNode *node = value_member (p, object, key, G_TYPE_STRING);

  return node != NULL ? json_node_get_string (node) : NULL;
}

/* A quantity the writer left out is unknown; one it wrote is never negative. */
static gint64
get_quantity (Parser     *p,
              JsonObject *object,
              const char *key,
              gint64      max)
{
  JsonNode *node = value_member (p, object, key, G_TYPE_INT64);
  gint64 value;

  if (node == NULL)
    return ML_UNKNOWN;

  value = json_node_get_int (node);
  if (value < 0 || value > max)
    {
      invalid_value (p, key);
      return ML_UNKNOWN;
    }

  return value;
}

static gboolean
get_boolean (Parser     *p,
             JsonObject *object,
             const char *key)
{
  JsonNode *node = value_member (p, object, key, G_TYPE_BOOLEAN);

  return node != NULL ? json_node_get_boolean (node) : FALSE;
}

/* Timestamps are written as ISO 8601 text; absent means unset (0). */
static gint64
get_time (Parser     *p,
          JsonObject *object,
          const char *key)
{
  const char *text = get_string (p, object, key);
  gint64 value = 0;

  if (text == NULL)
    return 0;

  if (!ml_units_parse_timestamp (text, &value, NULL) || value < 0)
    {
      invalid_value (p, key);
      return 0;
    }

  return value;
}

static int
get_enum (Parser       *p,
          JsonObject   *object,
          const char   *key,
          EnumNameFunc  name_of,
          int           n_values)
{
  const char *text = get_string (p, object, key);

  if (text == NULL)
    return 0;

  for (int value = 0; value < n_values; value++)
    if (g_str_equal (name_of (value), text))
      return value;

  invalid_value (p, key);
  return 0;
}

static const char *
severity_name (int value)
{
  return ml_severity_to_string ((MlSeverity) value);
}

static const char *
engine_state_name (int value)
{
  return ml_engine_state_to_string ((MlEngineState) value);
}

static const char *
supply_state_name (int value)
{
  return ml_supply_state_to_string ((MlSupplyState) value);
}

static const char *
media_source_kind_name (int value)
{
  return ml_media_source_kind_to_string ((MlMediaSourceKind) value);
}

static const char *
media_state_name (int value)
{
  return ml_media_state_to_string ((MlMediaState) value);
}

static const char *
job_kind_name (int value)
{
  return ml_job_kind_to_string ((MlJobKind) value);
}

static const char *
job_status_name (int value)
{
  return ml_job_status_to_string ((MlJobStatus) value);
}

static JsonObject *
as_object (Parser     *p,
           JsonNode   *node,
           const char *key)
{
  if (!parser_ok (p) || node == NULL)
    return NULL;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      wrong_type (p, key);
      return NULL;
    }

  return json_node_get_object (node);
}

static JsonObject *
get_object (Parser     *p,
            JsonObject *object,
            const char *key)
{
  if (!parser_ok (p) || object == NULL || !json_object_has_member (object, key))
    return NULL;

  return as_object (p, json_object_get_member (object, key), key);
}

static JsonArray *
get_array (Parser     *p,
           JsonObject *object,
           const char *key)
{
  JsonNode *node;

  if (!parser_ok (p) || object == NULL)
    return NULL;

  node = json_object_get_member (object, key);
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return NULL;

  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      wrong_type (p, key);
      return NULL;
    }

  return json_node_get_array (node);
}

/* An array of strings as a NULL-terminated vector; NULL when absent. */
static GStrv
get_strv (Parser     *p,
          JsonObject *object,
          const char *key)
{
  JsonArray *array = get_array (p, object, key);
  g_autoptr(GStrvBuilder) builder = NULL;

  if (array == NULL)
    return NULL;

  builder = g_strv_builder_new ();
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);

      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
        {
          wrong_type (p, key);
          return NULL;
        }
      g_strv_builder_add (builder, json_node_get_string (node));
    }

  return g_strv_builder_end (builder);
}

static void
parse_identity (Parser     *p,
                JsonObject *object,
                MlIdentity *identity)
{
  ml_identity_set_product_number (identity, get_string (p, object, "product_number"));
  ml_identity_set_model_name (identity, get_string (p, object, "model_name"));
  ml_identity_set_serial_number (identity, get_string (p, object, "serial_number"));
  ml_identity_set_firmware_version (identity, get_string (p, object, "firmware_version"));
  ml_identity_set_manufacturer (identity, get_string (p, object, "manufacturer"));
}

static void
parse_engine_status (Parser         *p,
                     JsonObject     *object,
                     MlEngineStatus *status)
{
  ml_engine_status_set_state (status, get_enum (p, object, "state", engine_state_name,
                                                ML_ENGINE_STATE_ERROR + 1));
  ml_engine_status_set_severity (status, get_enum (p, object, "severity", severity_name,
                                                   ML_SEVERITY_ERROR + 1));
  ml_engine_status_set_status_text (status, get_string (p, object, "status_text"));
  ml_engine_status_set_activity (status, get_string (p, object, "activity"));
}

static MlAlert *
parse_alert (Parser     *p,
             JsonObject *object)
{
  MlAlert *alert = ml_alert_new ();

  ml_alert_set_code (alert, get_string (p, object, "code"));
  ml_alert_set_category (alert, get_string (p, object, "category"));
  ml_alert_set_severity (alert, get_enum (p, object, "severity", severity_name,
                                          ML_SEVERITY_ERROR + 1));
  ml_alert_set_description (alert, get_string (p, object, "description"));
  ml_alert_set_raised_at (alert, get_time (p, object, "raised_at"));
  return alert;
}

static MlPrinthead *
parse_printhead (Parser     *p,
                 JsonObject *object)
{
  MlPrinthead *printhead = ml_printhead_new ();
  g_auto(GStrv) colors = get_strv (p, object, "colors");
  gint64 slot = get_quantity (p, object, "slot", G_MAXINT);

  ml_printhead_set_slot (printhead, (int) MAX (slot, 0));
  ml_printhead_set_colors (printhead, (const char * const *) colors);
  ml_printhead_set_state (printhead, get_enum (p, object, "state", supply_state_name,
                                               ML_SUPPLY_STATE_ERROR + 1));
  ml_printhead_set_status_text (printhead, get_string (p, object, "status_text"));
  ml_printhead_set_health_percent (printhead,
                                   (int) get_quantity (p, object, "health_percent", G_MAXINT));
  ml_printhead_set_product_number (printhead, get_string (p, object, "product_number"));
  ml_printhead_set_product_name (printhead, get_string (p, object, "product_name"));
  ml_printhead_set_serial_number (printhead, get_string (p, object, "serial_number"));
  ml_printhead_set_manufacturer (printhead, get_string (p, object, "manufacturer"));
  ml_printhead_set_non_hp_ink (printhead, get_boolean (p, object, "non_hp_ink"));
  ml_printhead_set_in_warranty (printhead, get_boolean (p, object, "in_warranty"));
  ml_printhead_set_warranty_end (printhead, get_time (p, object, "warranty_end"));
  ml_printhead_set_installed_at (printhead, get_time (p, object, "installed_at"));
  ml_printhead_set_expires_at (printhead, get_time (p, object, "expires_at"));
  return printhead;
}

static MlCartridge *
parse_cartridge (Parser     *p,
                 JsonObject *object)
{
  MlCartridge *cartridge = ml_cartridge_new ();
  gint64 slot = get_quantity (p, object, "slot", G_MAXINT);

  ml_cartridge_set_slot (cartridge, (int) MAX (slot, 0));
  ml_cartridge_set_color (cartridge, get_string (p, object, "color"));
  ml_cartridge_set_state (cartridge, get_enum (p, object, "state", supply_state_name,
                                               ML_SUPPLY_STATE_ERROR + 1));
  ml_cartridge_set_status_text (cartridge, get_string (p, object, "status_text"));
  ml_cartridge_set_product_number (cartridge, get_string (p, object, "product_number"));
  ml_cartridge_set_product_name (cartridge, get_string (p, object, "product_name"));
  ml_cartridge_set_serial_number (cartridge, get_string (p, object, "serial_number"));
  ml_cartridge_set_manufacturer (cartridge, get_string (p, object, "manufacturer"));
  ml_cartridge_set_capacity_ul (cartridge, get_quantity (p, object, "capacity_ul", G_MAXINT64));
  ml_cartridge_set_level_ul (cartridge, get_quantity (p, object, "level_ul", G_MAXINT64));
  ml_cartridge_set_level_percent (cartridge,
                                  (int) get_quantity (p, object, "level_percent", G_MAXINT));
  ml_cartridge_set_ink_used_ul (cartridge, get_quantity (p, object, "ink_used_ul", G_MAXINT64));
  ml_cartridge_set_non_hp_ink_used_ul (cartridge,
                                       get_quantity (p, object, "non_hp_ink_used_ul",
                                                     G_MAXINT64));
  ml_cartridge_set_installed_at (cartridge, get_time (p, object, "installed_at"));
  ml_cartridge_set_expires_at (cartridge, get_time (p, object, "expires_at"));
  return cartridge;
}

static MlMediaSource *
parse_media_source (Parser     *p,
                    JsonObject *object)
{
  MlMediaSource *source = ml_media_source_new ();

  ml_media_source_set_id (source, get_string (p, object, "id"));
  ml_media_source_set_kind (source, get_enum (p, object, "kind", media_source_kind_name,
                                              ML_MEDIA_SOURCE_KIND_TRAY + 1));
  ml_media_source_set_state (source, get_enum (p, object, "state", media_state_name,
                                               ML_MEDIA_STATE_MISSING + 1));
  ml_media_source_set_media_type_id (source, get_string (p, object, "media_type_id"));
  ml_media_source_set_media_type_name (source, get_string (p, object, "media_type_name"));
  ml_media_source_set_width_mm (source, get_quantity (p, object, "width_mm", G_MAXINT64));
  ml_media_source_set_length_mm (source, get_quantity (p, object, "length_mm", G_MAXINT64));
  return source;
}

static MlMediaType *
parse_media_type (Parser     *p,
                  JsonObject *object)
{
  MlMediaType *type = ml_media_type_new ();

  ml_media_type_set_id (type, get_string (p, object, "id"));
  ml_media_type_set_name (type, get_string (p, object, "name"));
  ml_media_type_set_category (type, get_string (p, object, "category"));
  return type;
}

static MlDeviceEvent *
parse_device_event (Parser     *p,
                    JsonObject *object)
{
  MlDeviceEvent *event = ml_device_event_new ();

  ml_device_event_set_category (event, get_string (p, object, "category"));
  ml_device_event_set_aging_stamp (event, get_string (p, object, "aging_stamp"));
  ml_device_event_set_resource_uri (event, get_string (p, object, "resource_uri"));
  return event;
}

static MlCategoryUsage *
parse_category_usage (Parser     *p,
                      JsonObject *object)
{
  MlCategoryUsage *category = ml_category_usage_new ();

  ml_category_usage_set_category (category, get_string (p, object, "category"));
  ml_category_usage_set_media_area_mm2 (category,
                                        get_quantity (p, object, "media_area_mm2", G_MAXINT64));
  ml_category_usage_set_printed_area_mm2 (category,
                                          get_quantity (p, object, "printed_area_mm2",
                                                        G_MAXINT64));
  ml_category_usage_set_ink_ul (category, get_quantity (p, object, "ink_ul", G_MAXINT64));
  ml_category_usage_set_length_mm (category, get_quantity (p, object, "length_mm", G_MAXINT64));
  return category;
}

static MlInkUsage *
parse_ink_usage (Parser     *p,
                 JsonObject *object)
{
  MlInkUsage *ink = ml_ink_usage_new ();

  ml_ink_usage_set_color (ink, get_string (p, object, "color"));
  ml_ink_usage_set_product_number (ink, get_string (p, object, "product_number"));
  ml_ink_usage_set_ink_used_ul (ink, get_quantity (p, object, "ink_used_ul", G_MAXINT64));
  ml_ink_usage_set_hp_ink_used_ul (ink, get_quantity (p, object, "hp_ink_used_ul", G_MAXINT64));
  ml_ink_usage_set_insertions (ink, get_quantity (p, object, "insertions", G_MAXINT64));
  return ink;
}

static MlMediaUsage *
parse_media_usage (Parser     *p,
                   JsonObject *object)
{
  MlMediaUsage *media = ml_media_usage_new ();

  ml_media_usage_set_media_type_id (media, get_string (p, object, "media_type_id"));
  ml_media_usage_set_media_type_name (media, get_string (p, object, "media_type_name"));
  ml_media_usage_set_area_mm2 (media, get_quantity (p, object, "area_mm2", G_MAXINT64));
  ml_media_usage_set_length_mm (media, get_quantity (p, object, "length_mm", G_MAXINT64));
  return media;
}

/* Calls @parse on each object of the array @key and hands the result to @add. */
typedef gpointer (*ParseFunc) (Parser *p, JsonObject *object);
typedef void (*AddFunc) (gpointer owner, gpointer item);

static void
parse_list (Parser     *p,
            JsonObject *object,
            const char *key,
            ParseFunc   parse,
            gpointer    owner,
            AddFunc     add)
{
  JsonArray *array = get_array (p, object, key);

  if (array == NULL)
    return;

  for (guint i = 0; i < json_array_get_length (array) && parser_ok (p); i++)
    {
      JsonObject *item_object = as_object (p, json_array_get_element (array, i), key);
      g_autoptr(GObject) item = NULL;

      if (item_object == NULL)
        return;

      item = parse (p, item_object);
      if (parser_ok (p))
        add (owner, item);
    }
}

/* Adapters with the exact signatures parse_list() calls through. */
#define PARSE_ADAPTER(name, func) \
  static gpointer name (Parser *p, JsonObject *object) { return func (p, object); }
#define ADD_ADAPTER(name, func, Owner, Item) \
  static void name (gpointer owner, gpointer item) { func ((Owner *) owner, (Item *) item); }

PARSE_ADAPTER (parse_alert_item, parse_alert)
PARSE_ADAPTER (parse_printhead_item, parse_printhead)
PARSE_ADAPTER (parse_cartridge_item, parse_cartridge)
PARSE_ADAPTER (parse_media_source_item, parse_media_source)
PARSE_ADAPTER (parse_media_type_item, parse_media_type)
PARSE_ADAPTER (parse_device_event_item, parse_device_event)
PARSE_ADAPTER (parse_category_usage_item, parse_category_usage)
PARSE_ADAPTER (parse_ink_usage_item, parse_ink_usage)
PARSE_ADAPTER (parse_media_usage_item, parse_media_usage)

ADD_ADAPTER (add_alert, ml_printer_reading_add_alert, MlPrinterReading, MlAlert)
ADD_ADAPTER (add_printhead, ml_printer_reading_add_printhead, MlPrinterReading, MlPrinthead)
ADD_ADAPTER (add_cartridge, ml_printer_reading_add_cartridge, MlPrinterReading, MlCartridge)
ADD_ADAPTER (add_media_source, ml_printer_reading_add_media_source, MlPrinterReading,
             MlMediaSource)
ADD_ADAPTER (add_media_type, ml_printer_reading_add_media_type, MlPrinterReading, MlMediaType)
ADD_ADAPTER (add_event, ml_printer_reading_add_event, MlPrinterReading, MlDeviceEvent)
ADD_ADAPTER (add_reading_job, ml_printer_reading_add_job, MlPrinterReading, MlJob)
ADD_ADAPTER (add_usage_ink, ml_usage_add_ink, MlUsage, MlInkUsage)
ADD_ADAPTER (add_usage_media, ml_usage_add_media, MlUsage, MlMediaUsage)
ADD_ADAPTER (add_usage_category, ml_usage_add_category, MlUsage, MlCategoryUsage)
ADD_ADAPTER (add_job_category, ml_job_add_category, MlJob, MlCategoryUsage)

static void
parse_usage (Parser     *p,
             JsonObject *object,
             MlUsage    *usage)
{
  ml_usage_set_job_count (usage, get_quantity (p, object, "job_count", G_MAXINT64));
  ml_usage_set_page_count (usage, get_quantity (p, object, "page_count", G_MAXINT64));
  ml_usage_set_total_ink_ul (usage, get_quantity (p, object, "total_ink_ul", G_MAXINT64));
  ml_usage_set_total_media_area_mm2 (usage, get_quantity (p, object, "total_media_area_mm2",
                                                          G_MAXINT64));
  ml_usage_set_total_media_length_mm (usage, get_quantity (p, object, "total_media_length_mm",
                                                           G_MAXINT64));
  ml_usage_set_scan_area_mm2 (usage, get_quantity (p, object, "scan_area_mm2", G_MAXINT64));
  ml_usage_set_scan_area_scans_mm2 (usage, get_quantity (p, object, "scan_area_scans_mm2",
                                                         G_MAXINT64));
  ml_usage_set_scan_area_copies_mm2 (usage, get_quantity (p, object, "scan_area_copies_mm2",
                                                          G_MAXINT64));
  parse_list (p, object, "inks", parse_ink_usage_item, usage, add_usage_ink);
  parse_list (p, object, "media", parse_media_usage_item, usage, add_usage_media);
  parse_list (p, object, "categories", parse_category_usage_item, usage, add_usage_category);
}

static MlJob *
parse_job (Parser     *p,
           JsonObject *object)
{
  const char *uuid = get_string (p, object, "uuid");
  MlJobKind kind = get_enum (p, object, "kind", job_kind_name, ML_JOB_KIND_COPY + 1);
  JsonObject *ink;
  g_autoptr(MlJob) job = NULL;

  if (!parser_ok (p))
    return NULL;

  if (uuid == NULL)
    {
      g_set_error (&p->error, ML_ERROR, ML_ERROR_INVALID_VALUE,
                   _("A job without a UUID"));
      return NULL;
    }

  job = ml_job_new (kind, uuid);
  ml_job_set_name (job, get_string (p, object, "name"));
  ml_job_set_sequence (job, get_quantity (p, object, "sequence", G_MAXINT64));
  ml_job_set_project_id (job, get_string (p, object, "project_id"));
  ml_job_set_application_id (job, get_string (p, object, "application_id"));
  ml_job_set_user_defined (job, get_string (p, object, "user_defined"));
  ml_job_set_account_id (job, get_string (p, object, "account_id"));
  ml_job_set_user_name (job, get_string (p, object, "user_name"));
  ml_job_set_submitted_at (job, get_time (p, object, "submitted_at"));
  ml_job_set_printed_at (job, get_time (p, object, "printed_at"));
  ml_job_set_completed_at (job, get_time (p, object, "completed_at"));
  ml_job_set_status (job, get_enum (p, object, "status", job_status_name,
                                    ML_JOB_STATUS_DELETED + 1));
  ml_job_set_status_text (job, get_string (p, object, "status_text"));
  ml_job_set_source (job, get_string (p, object, "source"));
  ml_job_set_coverage_category (job, get_string (p, object, "coverage_category"));
  ml_job_set_quality (job, get_string (p, object, "quality"));
  ml_job_set_pages (job, get_quantity (p, object, "pages", G_MAXINT64));
  ml_job_set_copies (job, get_quantity (p, object, "copies", G_MAXINT64));
  ml_job_set_duration_ms (job, get_quantity (p, object, "duration_ms", G_MAXINT64));
  ml_job_set_media_type_id (job, get_string (p, object, "media_type_id"));
  ml_job_set_media_area_mm2 (job, get_quantity (p, object, "media_area_mm2", G_MAXINT64));
  ml_job_set_printed_area_mm2 (job, get_quantity (p, object, "printed_area_mm2", G_MAXINT64));
  ml_job_set_media_length_mm (job, get_quantity (p, object, "media_length_mm", G_MAXINT64));
  ml_job_set_nonwhite_coverage_ppm (job, get_quantity (p, object, "nonwhite_coverage_ppm",
                                                       G_MAXINT64));
  ml_job_set_color_coverage_ppm (job, get_quantity (p, object, "color_coverage_ppm",
                                                    G_MAXINT64));
  ml_job_set_scan_area_mm2 (job, get_quantity (p, object, "scan_area_mm2", G_MAXINT64));

  ink = get_object (p, object, "ink");
  if (ink != NULL)
    {
      g_autoptr(GList) colors = json_object_get_members (ink);

      for (GList *l = colors; l != NULL && parser_ok (p); l = l->next)
        {
          gint64 ink_ul = get_quantity (p, ink, l->data, G_MAXINT64);

          if (parser_ok (p) && ink_ul >= 0)
            ml_job_set_ink (job, l->data, ink_ul);
        }
    }

  parse_list (p, object, "categories", parse_category_usage_item, job, add_job_category);

  return parser_ok (p) ? g_steal_pointer (&job) : NULL;
}

PARSE_ADAPTER (parse_job_item, parse_job)

static gboolean
parser_finish (Parser  *p,
               GError **error)
{
  if (p->error != NULL)
    {
      g_propagate_error (error, p->error);
      p->error = NULL;
      return FALSE;
    }

  return TRUE;
}

static JsonObject *
root_object (Parser   *p,
             JsonNode *node)
{
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (&p->error, ML_ERROR, ML_ERROR_WRONG_TYPE, _("Expected a JSON object"));
      return NULL;
    }

  return json_node_get_object (node);
}

MlPrinterReading *
ml_printer_reading_new_from_json (JsonNode  *node,
                                  GError   **error)
{
  g_autoptr(MlPrinterReading) reading = NULL;
  g_auto(GStrv) resources = NULL;
  g_auto(GStrv) accessories = NULL;
  Parser p = { NULL };
  JsonObject *object;
  gint64 modification;

  g_return_val_if_fail (node != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!(object = root_object (&p, node)))
    {
      parser_finish (&p, error);
      return NULL;
    }

  reading = ml_printer_reading_new ();
  parse_identity (&p, get_object (&p, object, "identity"),
                  ml_printer_reading_get_identity (reading));
  parse_engine_status (&p, get_object (&p, object, "status"),
                       ml_printer_reading_get_status (reading));
  parse_list (&p, object, "alerts", parse_alert_item, reading, add_alert);
  parse_list (&p, object, "printheads", parse_printhead_item, reading, add_printhead);
  parse_list (&p, object, "cartridges", parse_cartridge_item, reading, add_cartridge);
  parse_list (&p, object, "media_sources", parse_media_source_item, reading, add_media_source);
  parse_list (&p, object, "media_types", parse_media_type_item, reading, add_media_type);
  parse_usage (&p, get_object (&p, object, "usage"), ml_printer_reading_get_usage (reading));
  parse_list (&p, object, "jobs", parse_job_item, reading, add_reading_job);
  parse_list (&p, object, "events", parse_device_event_item, reading, add_event);

  resources = get_strv (&p, object, "resources");
  ml_printer_reading_set_resources (reading, (const char * const *) resources);
  accessories = get_strv (&p, object, "accessories");
  ml_printer_reading_set_accessories (reading, (const char * const *) accessories);
  ml_printer_reading_set_queue_uuid (reading, get_string (&p, object, "queue_uuid"));
  modification = get_quantity (&p, object, "queue_modification", G_MAXINT64);
  ml_printer_reading_set_queue_modification (reading, modification);
  ml_printer_reading_set_read_at (reading, get_time (&p, object, "read_at"));

  if (!parser_finish (&p, error))
    return NULL;

  return g_steal_pointer (&reading);
}

MlJob *
ml_job_new_from_json (JsonNode  *node,
                      GError   **error)
{
  Parser p = { NULL };
  JsonObject *object;
  g_autoptr(MlJob) job = NULL;

  g_return_val_if_fail (node != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if ((object = root_object (&p, node)) != NULL)
    job = parse_job (&p, object);

  if (!parser_finish (&p, error))
    return NULL;

  return g_steal_pointer (&job);
}

MlCategoryUsage *
ml_category_usage_new_from_json (JsonNode  *node,
                                 GError   **error)
{
  Parser p = { NULL };
  JsonObject *object;
  g_autoptr(MlCategoryUsage) category = NULL;

  g_return_val_if_fail (node != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if ((object = root_object (&p, node)) != NULL)
    category = parse_category_usage (&p, object);

  if (!parser_finish (&p, error))
    return NULL;

  return g_steal_pointer (&category);
}
