/* ml-model-json.c: the printer model as JSON, one spelling for every program
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Members are written in the order the headers declare the properties, and only
 * from ordered sources (lists, sorted ink colours), so one reading always gives the
 * same bytes: tests and the simulator's /truth compare JSON as text.
 */

#include "config.h"

#include "ml-alert.h"
#include "ml-cartridge.h"
#include "ml-category-usage.h"
#include "ml-device-event.h"
#include "ml-engine-status.h"
#include "ml-identity.h"
#include "ml-ink-usage.h"
#include "ml-job.h"
#include "ml-media-source.h"
#include "ml-media-type.h"
#include "ml-media-usage.h"
#include "ml-model-json.h"
#include "ml-printer-reading.h"
#include "ml-printhead.h"
#include "ml-units.h"
#include "ml-usage.h"

typedef JsonNode *(*ToJsonFunc) (gpointer item);

static JsonNode *
object_node (JsonObject *object)
{
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  json_node_take_object (node, object);
  return node;
}

static void
put_string (JsonObject *object,
            const char *key,
            const char *value)
{
  if (value != NULL)
    json_object_set_string_member (object, key, value);
}

static void
put_quantity (JsonObject *object,
              const char *key,
              gint64      value)
{
  if (value != ML_UNKNOWN)
    json_object_set_int_member (object, key, value);
}

static void
put_timestamp (JsonObject *object,
               const char *key,
               gint64      unix_seconds)
{
  g_autofree char *text = ml_units_format_timestamp (unix_seconds);

  put_string (object, key, text);
}

static void
put_strv (JsonObject         *object,
          const char         *key,
          const char * const *strv)
{
  JsonArray *array;

  if (strv == NULL || strv[0] == NULL)
    return;

  array = json_array_new ();
  for (guint i = 0; strv[i] != NULL; i++)
    json_array_add_string_element (array, strv[i]);
  json_object_set_array_member (object, key, array);
}

static void
put_list (JsonObject *object,
          const char *key,
          GListModel *model,
          ToJsonFunc  to_json)
{
  guint n_items = g_list_model_get_n_items (model);
  JsonArray *array;

  if (n_items == 0)
    return;

  array = json_array_new ();
  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (model, i);

      json_array_add_element (array, to_json (item));
    }
  json_object_set_array_member (object, key, array);
}

JsonNode *
ml_identity_to_json (MlIdentity *identity)
{
  JsonObject *object;

  g_return_val_if_fail (ML_IS_IDENTITY (identity), NULL);

  object = json_object_new ();
  put_string (object, "product_number", ml_identity_get_product_number (identity));
  put_string (object, "model_name", ml_identity_get_model_name (identity));
  put_string (object, "serial_number", ml_identity_get_serial_number (identity));
  put_string (object, "firmware_version", ml_identity_get_firmware_version (identity));
  put_string (object, "manufacturer", ml_identity_get_manufacturer (identity));
  return object_node (object);
}

JsonNode *
ml_engine_status_to_json (MlEngineStatus *status)
{
  JsonObject *object;

  g_return_val_if_fail (ML_IS_ENGINE_STATUS (status), NULL);

  object = json_object_new ();
  json_object_set_string_member (object, "state",
                                 ml_engine_state_to_string (ml_engine_status_get_state (status)));
  json_object_set_string_member (object, "severity",
                                 ml_severity_to_string (ml_engine_status_get_severity (status)));
  put_string (object, "status_text", ml_engine_status_get_status_text (status));
  put_string (object, "activity", ml_engine_status_get_activity (status));
  return object_node (object);
}

JsonNode *
ml_alert_to_json (MlAlert *alert)
{
  JsonObject *object;

  g_return_val_if_fail (ML_IS_ALERT (alert), NULL);

  object = json_object_new ();
  put_string (object, "code", ml_alert_get_code (alert));
  put_string (object, "category", ml_alert_get_category (alert));
  json_object_set_string_member (object, "severity",
                                 ml_severity_to_string (ml_alert_get_severity (alert)));
  put_string (object, "description", ml_alert_get_description (alert));
  put_timestamp (object, "raised_at", ml_alert_get_raised_at (alert));
  return object_node (object);
}

JsonNode *
ml_printhead_to_json (MlPrinthead *printhead)
{
  JsonObject *object;

  g_return_val_if_fail (ML_IS_PRINTHEAD (printhead), NULL);

  object = json_object_new ();
  json_object_set_int_member (object, "slot", ml_printhead_get_slot (printhead));
  put_strv (object, "colors", ml_printhead_get_colors (printhead));
  json_object_set_string_member (object, "state",
                                 ml_supply_state_to_string (ml_printhead_get_state (printhead)));
  put_string (object, "status_text", ml_printhead_get_status_text (printhead));
  put_quantity (object, "health_percent", ml_printhead_get_health_percent (printhead));
  put_string (object, "product_number", ml_printhead_get_product_number (printhead));
  put_string (object, "product_name", ml_printhead_get_product_name (printhead));
  put_string (object, "serial_number", ml_printhead_get_serial_number (printhead));
  put_string (object, "manufacturer", ml_printhead_get_manufacturer (printhead));
  json_object_set_boolean_member (object, "non_hp_ink", ml_printhead_get_non_hp_ink (printhead));
  json_object_set_boolean_member (object, "in_warranty",
                                  ml_printhead_get_in_warranty (printhead));
  put_timestamp (object, "warranty_end", ml_printhead_get_warranty_end (printhead));
  put_timestamp (object, "installed_at", ml_printhead_get_installed_at (printhead));
  put_timestamp (object, "expires_at", ml_printhead_get_expires_at (printhead));
  return object_node (object);
}

JsonNode *
ml_cartridge_to_json (MlCartridge *cartridge)
{
  JsonObject *object;

  g_return_val_if_fail (ML_IS_CARTRIDGE (cartridge), NULL);

  object = json_object_new ();
  json_object_set_int_member (object, "slot", ml_cartridge_get_slot (cartridge));
  put_string (object, "color", ml_cartridge_get_color (cartridge));
  json_object_set_string_member (object, "state",
                                 ml_supply_state_to_string (ml_cartridge_get_state (cartridge)));
  put_string (object, "status_text", ml_cartridge_get_status_text (cartridge));
  put_string (object, "product_number", ml_cartridge_get_product_number (cartridge));
  put_string (object, "product_name", ml_cartridge_get_product_name (cartridge));
  put_string (object, "serial_number", ml_cartridge_get_serial_number (cartridge));
  put_string (object, "manufacturer", ml_cartridge_get_manufacturer (cartridge));
  put_quantity (object, "capacity_ul", ml_cartridge_get_capacity_ul (cartridge));
  put_quantity (object, "level_ul", ml_cartridge_get_level_ul (cartridge));
  put_quantity (object, "level_percent", ml_cartridge_get_level_percent (cartridge));
  put_quantity (object, "ink_used_ul", ml_cartridge_get_ink_used_ul (cartridge));
  put_quantity (object, "non_hp_ink_used_ul", ml_cartridge_get_non_hp_ink_used_ul (cartridge));
  put_timestamp (object, "installed_at", ml_cartridge_get_installed_at (cartridge));
  put_timestamp (object, "expires_at", ml_cartridge_get_expires_at (cartridge));
  return object_node (object);
}

JsonNode *
ml_media_source_to_json (MlMediaSource *source)
{
  JsonObject *object;

  g_return_val_if_fail (ML_IS_MEDIA_SOURCE (source), NULL);

  object = json_object_new ();
  put_string (object, "id", ml_media_source_get_id (source));
  json_object_set_string_member (object, "kind",
                                 ml_media_source_kind_to_string (ml_media_source_get_kind (source)));
  json_object_set_string_member (object, "state",
                                 ml_media_state_to_string (ml_media_source_get_state (source)));
  put_string (object, "media_type_id", ml_media_source_get_media_type_id (source));
  put_string (object, "media_type_name", ml_media_source_get_media_type_name (source));
  put_quantity (object, "width_mm", ml_media_source_get_width_mm (source));
  put_quantity (object, "length_mm", ml_media_source_get_length_mm (source));
  return object_node (object);
}

JsonNode *
ml_media_type_to_json (MlMediaType *type)
{
  JsonObject *object;

  g_return_val_if_fail (ML_IS_MEDIA_TYPE (type), NULL);

  object = json_object_new ();
  put_string (object, "id", ml_media_type_get_id (type));
  put_string (object, "name", ml_media_type_get_name (type));
  put_string (object, "category", ml_media_type_get_category (type));
  return object_node (object);
}

JsonNode *
ml_device_event_to_json (MlDeviceEvent *event)
{
  JsonObject *object;

  g_return_val_if_fail (ML_IS_DEVICE_EVENT (event), NULL);

  object = json_object_new ();
  put_string (object, "category", ml_device_event_get_category (event));
  put_string (object, "aging_stamp", ml_device_event_get_aging_stamp (event));
  put_string (object, "resource_uri", ml_device_event_get_resource_uri (event));
  return object_node (object);
}

static JsonNode *
ink_usage_to_json (gpointer item)
{
  MlInkUsage *ink = item;
  JsonObject *object = json_object_new ();

  put_string (object, "color", ml_ink_usage_get_color (ink));
  put_string (object, "product_number", ml_ink_usage_get_product_number (ink));
  put_quantity (object, "ink_used_ul", ml_ink_usage_get_ink_used_ul (ink));
  put_quantity (object, "hp_ink_used_ul", ml_ink_usage_get_hp_ink_used_ul (ink));
  put_quantity (object, "insertions", ml_ink_usage_get_insertions (ink));
  return object_node (object);
}

static JsonNode *
media_usage_to_json (gpointer item)
{
  MlMediaUsage *media = item;
  JsonObject *object = json_object_new ();

  put_string (object, "media_type_id", ml_media_usage_get_media_type_id (media));
  put_string (object, "media_type_name", ml_media_usage_get_media_type_name (media));
  put_quantity (object, "area_mm2", ml_media_usage_get_area_mm2 (media));
  put_quantity (object, "length_mm", ml_media_usage_get_length_mm (media));
  return object_node (object);
}

static JsonNode *
category_usage_to_json (gpointer item)
{
  MlCategoryUsage *category = item;
  JsonObject *object = json_object_new ();

  put_string (object, "category", ml_category_usage_get_category (category));
  put_quantity (object, "media_area_mm2", ml_category_usage_get_media_area_mm2 (category));
  put_quantity (object, "printed_area_mm2", ml_category_usage_get_printed_area_mm2 (category));
  put_quantity (object, "ink_ul", ml_category_usage_get_ink_ul (category));
  put_quantity (object, "length_mm", ml_category_usage_get_length_mm (category));
  return object_node (object);
}

JsonNode *
ml_usage_to_json (MlUsage *usage)
{
  JsonObject *object;

  g_return_val_if_fail (ML_IS_USAGE (usage), NULL);

  object = json_object_new ();
  put_quantity (object, "job_count", ml_usage_get_job_count (usage));
  put_quantity (object, "page_count", ml_usage_get_page_count (usage));
  put_quantity (object, "total_ink_ul", ml_usage_get_total_ink_ul (usage));
  put_quantity (object, "total_media_area_mm2", ml_usage_get_total_media_area_mm2 (usage));
  put_quantity (object, "total_media_length_mm", ml_usage_get_total_media_length_mm (usage));
  put_quantity (object, "scan_area_mm2", ml_usage_get_scan_area_mm2 (usage));
  put_quantity (object, "scan_area_scans_mm2", ml_usage_get_scan_area_scans_mm2 (usage));
  put_quantity (object, "scan_area_copies_mm2", ml_usage_get_scan_area_copies_mm2 (usage));
  put_list (object, "inks", ml_usage_get_inks (usage), ink_usage_to_json);
  put_list (object, "media", ml_usage_get_media (usage), media_usage_to_json);
  put_list (object, "categories", ml_usage_get_categories (usage), category_usage_to_json);
  return object_node (object);
}

JsonNode *
ml_job_to_json (MlJob *job)
{
  g_auto(GStrv) colors = NULL;
  JsonObject *object;

  g_return_val_if_fail (ML_IS_JOB (job), NULL);

  object = json_object_new ();
  json_object_set_string_member (object, "kind", ml_job_kind_to_string (ml_job_get_kind (job)));
  put_string (object, "uuid", ml_job_get_uuid (job));
  put_string (object, "name", ml_job_get_name (job));
  put_quantity (object, "sequence", ml_job_get_sequence (job));
  put_string (object, "project_id", ml_job_get_project_id (job));
  put_string (object, "application_id", ml_job_get_application_id (job));
  put_string (object, "user_defined", ml_job_get_user_defined (job));
  put_string (object, "account_id", ml_job_get_account_id (job));
  put_string (object, "user_name", ml_job_get_user_name (job));
  put_timestamp (object, "submitted_at", ml_job_get_submitted_at (job));
  put_timestamp (object, "printed_at", ml_job_get_printed_at (job));
  put_timestamp (object, "completed_at", ml_job_get_completed_at (job));
  json_object_set_string_member (object, "status",
                                 ml_job_status_to_string (ml_job_get_status (job)));
  put_string (object, "status_text", ml_job_get_status_text (job));
  put_string (object, "source", ml_job_get_source (job));
  put_string (object, "coverage_category", ml_job_get_coverage_category (job));
  put_string (object, "quality", ml_job_get_quality (job));
  put_quantity (object, "pages", ml_job_get_pages (job));
  put_quantity (object, "copies", ml_job_get_copies (job));
  put_quantity (object, "duration_ms", ml_job_get_duration_ms (job));
  put_string (object, "media_type_id", ml_job_get_media_type_id (job));
  put_quantity (object, "media_area_mm2", ml_job_get_media_area_mm2 (job));
  put_quantity (object, "printed_area_mm2", ml_job_get_printed_area_mm2 (job));
  put_quantity (object, "media_length_mm", ml_job_get_media_length_mm (job));
  put_quantity (object, "nonwhite_coverage_ppm", ml_job_get_nonwhite_coverage_ppm (job));
  put_quantity (object, "color_coverage_ppm", ml_job_get_color_coverage_ppm (job));
  put_quantity (object, "scan_area_mm2", ml_job_get_scan_area_mm2 (job));

  colors = ml_job_dup_ink_colors (job);
  if (colors[0] != NULL)
    {
      JsonObject *ink = json_object_new ();

      for (guint i = 0; colors[i] != NULL; i++)
        json_object_set_int_member (ink, colors[i], ml_job_get_ink (job, colors[i]));
      json_object_set_object_member (object, "ink", ink);
    }

  put_list (object, "categories", ml_job_get_categories (job), category_usage_to_json);
  return object_node (object);
}

JsonNode *
ml_printer_reading_to_json (MlPrinterReading *reading)
{
  JsonObject *object;

  g_return_val_if_fail (ML_IS_PRINTER_READING (reading), NULL);

  object = json_object_new ();
  json_object_set_member (object, "identity",
                          ml_identity_to_json (ml_printer_reading_get_identity (reading)));
  json_object_set_member (object, "status",
                          ml_engine_status_to_json (ml_printer_reading_get_status (reading)));
  put_list (object, "alerts", ml_printer_reading_get_alerts (reading),
            (ToJsonFunc) ml_alert_to_json);
  put_list (object, "printheads", ml_printer_reading_get_printheads (reading),
            (ToJsonFunc) ml_printhead_to_json);
  put_list (object, "cartridges", ml_printer_reading_get_cartridges (reading),
            (ToJsonFunc) ml_cartridge_to_json);
  put_list (object, "media_sources", ml_printer_reading_get_media_sources (reading),
            (ToJsonFunc) ml_media_source_to_json);
  put_list (object, "media_types", ml_printer_reading_get_media_types (reading),
            (ToJsonFunc) ml_media_type_to_json);
  json_object_set_member (object, "usage",
                          ml_usage_to_json (ml_printer_reading_get_usage (reading)));
  put_list (object, "jobs", ml_printer_reading_get_jobs (reading),
            (ToJsonFunc) ml_job_to_json);
  put_list (object, "events", ml_printer_reading_get_events (reading),
            (ToJsonFunc) ml_device_event_to_json);
  put_strv (object, "resources", ml_printer_reading_get_resources (reading));
  put_strv (object, "accessories", ml_printer_reading_get_accessories (reading));
  put_string (object, "queue_uuid", ml_printer_reading_get_queue_uuid (reading));
  put_quantity (object, "queue_modification",
                ml_printer_reading_get_queue_modification (reading));
  put_timestamp (object, "read_at", ml_printer_reading_get_read_at (reading));
  return object_node (object);
}
