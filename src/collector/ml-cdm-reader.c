/* ml-cdm-reader.c: HP CDM JSON responses (/cdm/...) into the printer model
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A CDM document carries no name of its own: every one has a "version" and is told
 * apart by the key that only it has. Quantities the model keeps as areas or ink are
 * not in these documents (CDM counts sheets and scanned images), so they stay
 * unknown rather than being guessed.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "ml-cdm-reader.h"
#include "ml-ledm-reader.h"

/* The key that tells each document apart, in the order they are tried. */
static const struct {
  const char *key;
  MlCdmDocument document;
} cdm_keys[] = {
  { "suppliesList", ML_CDM_DOCUMENT_SUPPLIES },
  { "printUsage", ML_CDM_DOCUMENT_LIFETIME_COUNTERS },
  { "scanUsage", ML_CDM_DOCUMENT_LIFETIME_COUNTERS },
  { "makeAndModel", ML_CDM_DOCUMENT_IDENTITY },
  { "firmwareVersion", ML_CDM_DOCUMENT_IDENTITY },
  { "status", ML_CDM_DOCUMENT_STATUS },
};

const char *
ml_cdm_document_to_string (MlCdmDocument document)
{
  switch (document)
    {
    case ML_CDM_DOCUMENT_IDENTITY: return "system/v1/identity";
    case ML_CDM_DOCUMENT_STATUS: return "system/v1/status";
    case ML_CDM_DOCUMENT_SUPPLIES: return "supply/v1/suppliesPublic";
    case ML_CDM_DOCUMENT_LIFETIME_COUNTERS: return "deviceUsage/v1/lifetimeCounters";
    default: g_return_val_if_reached ("unknown");
    }
}

static const char *
node_type_name (JsonNode *node)
{
  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_OBJECT: return _("an object");
    case JSON_NODE_ARRAY: return _("an array");
    case JSON_NODE_NULL: return _("null");
    case JSON_NODE_VALUE:
    default:
      break;
    }

  switch (json_node_get_value_type (node))
    {
    case G_TYPE_STRING: return _("text");
    case G_TYPE_BOOLEAN: return _("a boolean");
    default: return _("a number");
    }
}

static gboolean
detect_document (JsonNode      *root,
                 MlCdmDocument *out_document)
{
  JsonObject *object;

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return FALSE;

  object = json_node_get_object (root);
  if (!json_object_has_member (object, "version"))
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (cdm_keys); i++)
    {
      if (json_object_has_member (object, cdm_keys[i].key))
        {
          *out_document = cdm_keys[i].document;
          return TRUE;
        }
    }
  return FALSE;
}

/* A member that must be text when present. NULL and no error when it is absent, null
 * or empty. */
static gboolean
get_string (JsonObject   *object,
            const char   *key,
            const char  **out,
            GError      **error)
{
  JsonNode *node = json_object_get_member (object, key);

  *out = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      g_set_error (error, ML_ERROR, ML_ERROR_WRONG_TYPE,
                   _("“%s” is %s where text was expected"), key, node_type_name (node));
      return FALSE;
    }

  *out = json_node_get_string (node);
  if (**out == '\0')
    *out = NULL;
  return TRUE;
}

/* A member that must be a whole number from min to max when present; ML_UNKNOWN when
 * it is absent or null. */
static gboolean
get_count (JsonObject  *object,
           const char  *key,
           gint64       min,
           gint64       max,
           gint64      *out,
           GError     **error)
{
  JsonNode *node = json_object_get_member (object, key);
  gint64 value;

  *out = ML_UNKNOWN;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    {
      g_set_error (error, ML_ERROR, ML_ERROR_WRONG_TYPE,
                   _("“%s” is %s where a whole number was expected"),
                   key, node_type_name (node));
      return FALSE;
    }

  value = json_node_get_int (node);
  if (value < min || value > max)
    {
      g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, value);

      g_set_error (error, ML_ERROR, ML_ERROR_INVALID_VALUE,
                   _("“%s” is %s, which is out of range"), key, text);
      return FALSE;
    }

  *out = value;
  return TRUE;
}

/* A member that must be an object when present; NULL when it is absent or null. */
static gboolean
get_object (JsonObject   *object,
            const char   *key,
            JsonObject  **out,
            GError      **error)
{
  JsonNode *node = json_object_get_member (object, key);

  *out = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, ML_ERROR, ML_ERROR_WRONG_TYPE,
                   _("“%s” is %s where an object was expected"), key, node_type_name (node));
      return FALSE;
    }

  *out = json_node_get_object (node);
  return TRUE;
}

static gboolean
get_array (JsonObject  *object,
           const char  *key,
           JsonArray  **out,
           GError     **error)
{
  JsonNode *node = json_object_get_member (object, key);

  *out = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;

  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      g_set_error (error, ML_ERROR, ML_ERROR_WRONG_TYPE,
                   _("“%s” is %s where a list was expected"), key, node_type_name (node));
      return FALSE;
    }

  *out = json_node_get_array (node);
  return TRUE;
}

static gboolean
read_identity (MlPrinterReading  *reading,
               JsonObject        *object,
               GError           **error)
{
  MlIdentity *identity = ml_printer_reading_get_identity (reading);
  JsonObject *make_and_model;
  const char *model_name = NULL;
  const char *product_number;
  const char *serial_number;
  const char *firmware;
  const char *manufacturer;

  if (!get_object (object, "makeAndModel", &make_and_model, error)
      || (make_and_model != NULL && !get_string (make_and_model, "name", &model_name, error))
      || !get_string (object, "productNumber", &product_number, error)
      || !get_string (object, "serialNumber", &serial_number, error)
      || !get_string (object, "firmwareVersion", &firmware, error)
      || !get_string (object, "manufacturer", &manufacturer, error))
    return FALSE;

  ml_identity_update (identity, model_name, product_number, serial_number, firmware,
                      manufacturer);
  return TRUE;
}

static gboolean
read_status (MlPrinterReading  *reading,
             JsonObject        *object,
             GError           **error)
{
  /* CDM kept LEDM's status words. */
  static const struct {
    const char *word;
    MlEngineState state;
  } states[] = {
    { "ready", ML_ENGINE_STATE_IDLE },
    { "idle", ML_ENGINE_STATE_IDLE },
    { "processing", ML_ENGINE_STATE_PRINTING },
    { "printing", ML_ENGINE_STATE_PRINTING },
    { "inPowerSave", ML_ENGINE_STATE_SLEEPING },
    { "powerSave", ML_ENGINE_STATE_SLEEPING },
    { "error", ML_ENGINE_STATE_ERROR },
    { "warning", ML_ENGINE_STATE_WARNING },
  };
  MlEngineStatus *status = ml_printer_reading_get_status (reading);
  MlEngineState state = ML_ENGINE_STATE_UNKNOWN;
  const char *word;

  if (!get_string (object, "status", &word, error))
    return FALSE;
  if (word == NULL)
    return TRUE;

  for (guint i = 0; i < G_N_ELEMENTS (states); i++)
    {
      if (g_strcmp0 (states[i].word, word) == 0)
        {
          state = states[i].state;
          break;
        }
    }

  ml_engine_status_set_state (status, state);
  ml_engine_status_set_severity (status, state == ML_ENGINE_STATE_ERROR ? ML_SEVERITY_ERROR
                                         : state == ML_ENGINE_STATE_WARNING ? ML_SEVERITY_WARNING
                                         : ML_SEVERITY_INFO);
  ml_engine_status_set_status_text (status, word);
  return TRUE;
}

/* The level state says more than the supply state ("inform" only means the printer
 * has something to tell, such as "this cartridge was used elsewhere"). */
static MlSupplyState
supply_state (const char *level_state,
              const char *state)
{
  static const struct {
    const char *word;
    MlSupplyState state;
  } level_states[] = {
    { "ok", ML_SUPPLY_STATE_OK },
    { "low", ML_SUPPLY_STATE_LOW },
    { "veryLow", ML_SUPPLY_STATE_VERY_LOW },
    { "veryVeryLow", ML_SUPPLY_STATE_VERY_LOW },
    { "out", ML_SUPPLY_STATE_EMPTY },
    { "empty", ML_SUPPLY_STATE_EMPTY },
  }, supply_states[] = {
    { "ok", ML_SUPPLY_STATE_OK },
    { "inform", ML_SUPPLY_STATE_OK },
    { "missing", ML_SUPPLY_STATE_MISSING },
    { "expired", ML_SUPPLY_STATE_EXPIRED },
    { "error", ML_SUPPLY_STATE_ERROR },
  };

  for (guint i = 0; level_state != NULL && i < G_N_ELEMENTS (level_states); i++)
    {
      if (g_strcmp0 (level_states[i].word, level_state) == 0)
        return level_states[i].state;
    }
  for (guint i = 0; state != NULL && i < G_N_ELEMENTS (supply_states); i++)
    {
      if (g_strcmp0 (supply_states[i].word, state) == 0)
        return supply_states[i].state;
    }
  return ML_SUPPLY_STATE_UNKNOWN;
}

/* The colours of a supply from "colors" (["C", "M", "Y"]), or from "supplyColorCode"
 * ("CMY") when the list is absent. Codes not in the LEDM table are kept in lower case. */
static gboolean
supply_colors (JsonObject   *supply,
               GStrv        *out_colors,
               GError      **error)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  JsonArray *colors;
  const char *code;
  guint n;

  *out_colors = NULL;
  if (!get_array (supply, "colors", &colors, error)
      || !get_string (supply, "supplyColorCode", &code, error))
    return FALSE;

  n = colors != NULL ? json_array_get_length (colors) : 0;
  for (guint i = 0; i < n; i++)
    {
      JsonNode *node = json_array_get_element (colors, i);
      g_auto(GStrv) names = NULL;
      const char *color_code;

      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
        {
          g_set_error (error, ML_ERROR, ML_ERROR_WRONG_TYPE,
                       _("“colors” holds %s where a colour code was expected"),
                       node_type_name (node));
          return FALSE;
        }

      color_code = json_node_get_string (node);
      if ((names = _ml_ledm_label_code_colors (color_code)))
        g_strv_builder_addv (builder, (const char **) names);
      else if (*color_code != '\0')
        {
          g_autofree char *lower = g_ascii_strdown (color_code, -1);

          g_strv_builder_add (builder, lower);
        }
    }

  if (n == 0 && code != NULL)
    {
      g_auto(GStrv) names = _ml_ledm_label_code_colors (code);
      g_autofree char *lower = g_ascii_strdown (code, -1);

      if (names != NULL)
        g_strv_builder_addv (builder, (const char **) names);
      else
        g_strv_builder_add (builder, lower);
    }

  *out_colors = g_strv_builder_end (builder);
  return TRUE;
}

static gboolean
read_supply (MlPrinterReading  *reading,
             JsonObject        *supply,
             guint              position,
             GError           **error)
{
  g_auto(GStrv) colors = NULL;
  const char *type;
  const char *state;
  const char *level_state;
  const char *product_number;
  const char *serial_number;
  const char *brand;
  gint64 slot;
  gint64 level_percent;

  if (!get_count (supply, "slot", 0, G_MAXINT, &slot, error)
      || !get_string (supply, "supplyType", &type, error)
      || !get_string (supply, "supplyState", &state, error)
      || !get_string (supply, "levelState", &level_state, error)
      || !get_string (supply, "selectabilityNumber", &product_number, error)
      || !get_string (supply, "serialNumber", &serial_number, error)
      || !get_string (supply, "brand", &brand, error)
      || !get_count (supply, "percentLifeDisplay", 0, 100, &level_percent, error)
      || !supply_colors (supply, &colors, error))
    return FALSE;

  if (slot == ML_UNKNOWN)
    slot = position;

  if (g_strcmp0 (type, "printhead") == 0)
    {
      g_autoptr(MlPrinthead) printhead = ml_printhead_new ();

      ml_printhead_set_slot (printhead, (int) slot);
      ml_printhead_set_colors (printhead, (const char * const *) colors);
      ml_printhead_set_state (printhead, supply_state (level_state, state));
      ml_printhead_set_status_text (printhead, state);
      ml_printhead_set_product_number (printhead, product_number);
      ml_printhead_set_serial_number (printhead, serial_number);
      ml_printhead_set_manufacturer (printhead, brand);
      ml_printer_reading_add_printhead (reading, printhead);
    }
  else
    {
      g_autoptr(MlCartridge) cartridge = NULL;
      g_autofree char *color = colors[0] != NULL ? g_strjoinv ("+", colors) : NULL;

      if ((cartridge = ml_printer_reading_lookup_cartridge (reading, (int) slot)))
        g_object_ref (cartridge);
      else
        {
          cartridge = ml_cartridge_new ();
          ml_cartridge_set_slot (cartridge, (int) slot);
          ml_printer_reading_add_cartridge (reading, cartridge);
        }

      ml_cartridge_set_color (cartridge, color);
      ml_cartridge_set_state (cartridge, supply_state (level_state, state));
      ml_cartridge_set_status_text (cartridge, state);
      ml_cartridge_set_product_number (cartridge, product_number);
      ml_cartridge_set_serial_number (cartridge, serial_number);
      ml_cartridge_set_manufacturer (cartridge, brand);
      ml_cartridge_set_level_percent (cartridge, (int) level_percent);
    }

  return TRUE;
}

static gboolean
read_supplies (MlPrinterReading  *reading,
               JsonObject        *object,
               GError           **error)
{
  JsonArray *supplies;
  guint n;

  if (!get_array (object, "suppliesList", &supplies, error))
    return FALSE;

  n = supplies != NULL ? json_array_get_length (supplies) : 0;
  for (guint i = 0; i < n; i++)
    {
      JsonNode *node = json_array_get_element (supplies, i);

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          g_set_error (error, ML_ERROR, ML_ERROR_WRONG_TYPE,
                       _("entry %u of “suppliesList” is %s where an object was expected"),
                       i + 1, node_type_name (node));
          return FALSE;
        }

      if (!read_supply (reading, json_node_get_object (node), i + 1, error))
        {
          g_prefix_error (error, _("entry %u of “suppliesList”: "), i + 1);
          return FALSE;
        }
    }

  return TRUE;
}

/* Pages only: CDM counts media in sheets per media type and scans in images, neither
 * of which is an area the model could bill. */
static gboolean
read_lifetime_counters (MlPrinterReading  *reading,
                        JsonObject        *object,
                        GError           **error)
{
  JsonObject *print_usage;
  JsonObject *impressions = NULL;
  gint64 total = ML_UNKNOWN;

  if (!get_object (object, "printUsage", &print_usage, error))
    return FALSE;

  if (print_usage != NULL
      && (!get_object (print_usage, "impressions", &impressions, error)
          || (impressions != NULL
              && !get_count (impressions, "total", 0, G_MAXINT64, &total, error))))
    {
      g_prefix_error (error, "printUsage: ");
      return FALSE;
    }

  if (total != ML_UNKNOWN)
    ml_usage_set_page_count (ml_printer_reading_get_usage (reading), total);
  return TRUE;
}

gboolean
ml_cdm_reader_accepts_json (JsonNode *root)
{
  MlCdmDocument document;

  return detect_document (root, &document);
}

gboolean
ml_cdm_reader_read_json (MlPrinterReading  *reading,
                         JsonNode          *root,
                         MlCdmDocument     *out_document,
                         GError           **error)
{
  MlCdmDocument document;
  JsonObject *object;
  gboolean ok = FALSE;

  g_return_val_if_fail (ML_IS_PRINTER_READING (reading), FALSE);
  g_return_val_if_fail (root != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!detect_document (root, &document))
    {
      g_set_error (error, ML_ERROR, ML_ERROR_UNSUPPORTED,
                   _("this JSON is not a CDM document Meterlink reads: it needs a "
                     "“version” and one of “suppliesList”, “printUsage”, “makeAndModel” "
                     "or “status”"));
      return FALSE;
    }

  object = json_node_get_object (root);
  switch (document)
    {
    case ML_CDM_DOCUMENT_IDENTITY:
      ok = read_identity (reading, object, error);
      break;
    case ML_CDM_DOCUMENT_STATUS:
      ok = read_status (reading, object, error);
      break;
    case ML_CDM_DOCUMENT_SUPPLIES:
      ok = read_supplies (reading, object, error);
      break;
    case ML_CDM_DOCUMENT_LIFETIME_COUNTERS:
      ok = read_lifetime_counters (reading, object, error);
      break;
    default:
      g_assert_not_reached ();
    }

  if (!ok)
    {
      g_prefix_error (error, _("CDM %s: "), ml_cdm_document_to_string (document));
      return FALSE;
    }

  if (out_document != NULL)
    *out_document = document;
  return TRUE;
}
