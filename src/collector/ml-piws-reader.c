/* ml-piws-reader.c: HP large-format "PIWS v2.0" responses into the printer model
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * PIWS JSON is a mechanical mapping of the XML tree, so the XML form is first turned
 * into the same JsonNode tree and one reader per document serves both. The readers
 * accept every leaf as a string, a number, a boolean or null, and every repeatable
 * element as a single object or a list, because the printers' JSON writer decides
 * that per reply. docs/printer-protocols.md is the contract for every mapping.
 *
 * A document is read completely before the reading is changed, so a document that
 * ends in an error leaves the reading as it was.
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "ml-json.h"
#include "ml-xml.h"
#include "ml-piws-reader.h"

/* Units of the job accounting values that carry no unit element
 * (docs/printer-protocols.md, "Job accounting in jobs/all"). */
#define PIWS_JOB_AREA_UNIT "in2"
#define PIWS_JOB_LENGTH_UNIT "in"
#define PIWS_JOB_INK_UNIT "cc"

/* The deepest PIWS document (JobQueueSnapshot) nests ten elements. */
#define PIWS_MAX_DEPTH 64

static const struct {
  const char *root;
  MlPiwsDocument document;
} piws_roots[] = {
  { "Identification", ML_PIWS_DOCUMENT_IDENTIFICATION },
  { "DeviceStatus", ML_PIWS_DOCUMENT_DEVICE_STATUS },
  { "ActiveAlerts", ML_PIWS_DOCUMENT_ALERTS },
  { "InkSystem", ML_PIWS_DOCUMENT_INK_SYSTEM },
  { "PrintheadsStatus", ML_PIWS_DOCUMENT_PRINTHEADS_STATUS },
  { "MediaSystem", ML_PIWS_DOCUMENT_MEDIA_SYSTEM },
  { "PaperList", ML_PIWS_DOCUMENT_PAPER_LIST },
  { "PaperListStatus", ML_PIWS_DOCUMENT_PAPER_LIST },
  { "DeviceCounters", ML_PIWS_DOCUMENT_DEVICE_COUNTERS },
  { "JobQueueCollection", ML_PIWS_DOCUMENT_JOB_QUEUE_COLLECTION },
  { "JobQueueSnapshot", ML_PIWS_DOCUMENT_JOB_QUEUE_SNAPSHOT },
};

const char *
ml_piws_document_to_string (MlPiwsDocument document)
{
  switch (document)
    {
    case ML_PIWS_DOCUMENT_IDENTIFICATION: return "Identification";
    case ML_PIWS_DOCUMENT_DEVICE_STATUS: return "DeviceStatus";
    case ML_PIWS_DOCUMENT_ALERTS: return "ActiveAlerts";
    case ML_PIWS_DOCUMENT_INK_SYSTEM: return "InkSystem";
    case ML_PIWS_DOCUMENT_PRINTHEADS_STATUS: return "PrintheadsStatus";
    case ML_PIWS_DOCUMENT_MEDIA_SYSTEM: return "MediaSystem";
    case ML_PIWS_DOCUMENT_PAPER_LIST: return "PaperList";
    case ML_PIWS_DOCUMENT_DEVICE_COUNTERS: return "DeviceCounters";
    case ML_PIWS_DOCUMENT_JOB_QUEUE_COLLECTION: return "JobQueueCollection";
    case ML_PIWS_DOCUMENT_JOB_QUEUE_SNAPSHOT: return "JobQueueSnapshot";
    default: g_return_val_if_reached ("unknown");
    }
}

static gboolean
piws_lookup_root (const char     *name,
                  MlPiwsDocument *out_document)
{
  for (guint i = 0; i < G_N_ELEMENTS (piws_roots); i++)
    {
      if (g_strcmp0 (piws_roots[i].root, name) == 0)
        {
          *out_document = piws_roots[i].document;
          return TRUE;
        }
    }
  return FALSE;
}

/* Reading one document: the first error sticks, and every later call returns at
 * once, so that the readers below can read field after field without checking each.
 * Paths in messages are relative to the document's root element. */
typedef struct
{
  const char *document;
  GError *error;
} Piws;

typedef struct
{
  JsonObject *object;
  char *path;
} PiwsItem;

static void
piws_item_free (gpointer data)
{
  PiwsItem *item = data;

  g_free (item->path);
  g_free (item);
}

static char *
piws_path (const char *path,
           const char *keys)
{
  if (path == NULL || *path == '\0')
    return g_strdup (keys);
  return g_strconcat (path, ".", keys, NULL);
}

static void piws_fail (Piws       *p,
                       int         code,
                       const char *format,
                       ...) G_GNUC_PRINTF (3, 4);

static void
piws_fail (Piws       *p,
           int         code,
           const char *format,
           ...)
{
  va_list args;
  g_autofree char *message = NULL;

  if (p->error != NULL)
    return;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  p->error = g_error_new (ML_ERROR, code, "%s: %s", p->document, message);
}

/* Keeps the code of an error from ml-units.h and names where the value was. */
static void
piws_fail_with (Piws       *p,
                const char *path,
                const char *keys,
                GError     *cause)
{
  g_autofree char *where = piws_path (path, keys);

  if (p->error == NULL)
    p->error = g_error_new (cause->domain, cause->code, "%s: %s: %s",
                            p->document, where, cause->message);
}

static char *
piws_describe (JsonNode *node)
{
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return g_strdup (_("empty"));
  if (JSON_NODE_HOLDS_OBJECT (node))
    return g_strdup (_("a group of fields"));
  if (JSON_NODE_HOLDS_ARRAY (node))
    return g_strdup (_("a list"));

  switch (json_node_get_value_type (node))
    {
    case G_TYPE_STRING:
      {
        const char *text = json_node_get_string (node);

        if (g_utf8_strlen (text, -1) > 40)
          {
            g_autofree char *start = g_utf8_substring (text, 0, 40);

            return g_strdup_printf ("\"%s…\"", start);
          }
        return g_strdup_printf ("\"%s\"", text);
      }
    case G_TYPE_INT64:
      return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
    case G_TYPE_DOUBLE:
      {
        char buffer[G_ASCII_DTOSTR_BUF_SIZE];

        return g_strdup (g_ascii_dtostr (buffer, sizeof buffer, json_node_get_double (node)));
      }
    case G_TYPE_BOOLEAN:
      return g_strdup (json_node_get_boolean (node) ? "true" : "false");
    default:
      return g_strdup (_("a value of an unknown kind"));
    }
}

static void
piws_fail_type (Piws       *p,
                const char *path,
                const char *keys,
                JsonNode   *node,
                const char *expected)
{
  g_autofree char *where = piws_path (path, keys);
  g_autofree char *what = piws_describe (node);

  /* TRANSLATORS: "InkSystem.InkSlotGroupCollection.InkSlotGroup is "abc", not a
   * group of fields" */
  piws_fail (p, ML_ERROR_WRONG_TYPE, _("%s is %s, not %s"), where, what, _(expected));
}

/* Follows a dotted path of member names through objects. NULL when a member is
 * missing or empty; a list or a value on the way is an error. */
static JsonNode *
piws_lookup (Piws       *p,
             JsonObject *object,
             const char *path,
             const char *keys)
{
  g_auto(GStrv) names = NULL;
  g_autoptr(GString) walked = NULL;
  JsonNode *node = NULL;

  if (p->error != NULL || object == NULL)
    return NULL;

  names = g_strsplit (keys, ".", -1);
  walked = g_string_new (NULL);
  for (guint i = 0; names[i] != NULL; i++)
    {
      if (node != NULL)
        {
          if (!JSON_NODE_HOLDS_OBJECT (node))
            {
              piws_fail_type (p, path, walked->str, node, N_("a group of fields"));
              return NULL;
            }
          object = json_node_get_object (node);
          g_string_append_c (walked, '.');
        }

      g_string_append (walked, names[i]);
      node = json_object_get_member (object, names[i]);
      if (node == NULL || JSON_NODE_HOLDS_NULL (node))
        return NULL;
    }

  return node;
}

static JsonObject *
piws_object (Piws       *p,
             JsonObject *object,
             const char *path,
             const char *keys)
{
  JsonNode *node = piws_lookup (p, object, path, keys);

  if (node == NULL)
    return NULL;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      piws_fail_type (p, path, keys, node, N_("a group of fields"));
      return NULL;
    }

  return json_node_get_object (node);
}

/* The text of a leaf, or NULL when it is empty. */
static char *
piws_leaf_text (JsonNode *node)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];
  char *text;

  switch (json_node_get_value_type (node))
    {
    case G_TYPE_STRING:
      text = g_strstrip (g_strdup (json_node_get_string (node)));
      break;
    case G_TYPE_INT64:
      text = g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
      break;
    case G_TYPE_DOUBLE:
      text = g_strdup (g_ascii_dtostr (buffer, sizeof buffer, json_node_get_double (node)));
      break;
    case G_TYPE_BOOLEAN:
      text = g_strdup (json_node_get_boolean (node) ? "true" : "false");
      break;
    default:
      text = g_strdup ("");
      break;
    }

  if (*text == '\0')
    g_clear_pointer (&text, g_free);
  return text;
}

static char *
piws_text (Piws       *p,
           JsonObject *object,
           const char *path,
           const char *keys)
{
  JsonNode *node = piws_lookup (p, object, path, keys);

  if (node == NULL)
    return NULL;

  if (!JSON_NODE_HOLDS_VALUE (node))
    {
      piws_fail_type (p, path, keys, node, N_("text"));
      return NULL;
    }

  return piws_leaf_text (node);
}

/* Numbers go through ml_units_parse_decimal() as text; a JSON double is written
 * with the six decimals PIWS uses, as ml_units_convert_double() does. */
static char *
piws_number_text (Piws       *p,
                  JsonNode   *node,
                  const char *path,
                  const char *keys)
{
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) == G_TYPE_BOOLEAN)
    {
      piws_fail_type (p, path, keys, node, N_("a number"));
      return NULL;
    }

  if (json_node_get_value_type (node) == G_TYPE_DOUBLE)
    {
      char buffer[400];

      return g_strdup (g_ascii_formatd (buffer, sizeof buffer, "%.6f",
                                        json_node_get_double (node)));
    }

  return piws_leaf_text (node);
}

static gboolean
piws_decimal (Piws       *p,
              JsonObject *object,
              const char *path,
              const char *keys,
              gint64     *out_millionths)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *text = NULL;
  JsonNode *node = piws_lookup (p, object, path, keys);

  if (node == NULL)
    return FALSE;

  text = piws_number_text (p, node, path, keys);
  if (text == NULL)
    return FALSE;

  if (!ml_units_parse_decimal (text, out_millionths, &local_error))
    {
      piws_fail_with (p, path, keys, local_error);
      return FALSE;
    }
  return TRUE;
}

static gboolean
piws_check_range (Piws       *p,
                  const char *path,
                  const char *keys,
                  gint64      value,
                  gint64      min,
                  gint64      max)
{
  g_autofree char *where = NULL;

  if (value >= min && value <= max)
    return TRUE;

  where = piws_path (path, keys);
  piws_fail (p, ML_ERROR_INVALID_VALUE,
             _("%s is %lld, outside the range from %lld to %lld"),
             where, (long long)value, (long long)min, (long long)max);
  return FALSE;
}

static gint64
piws_round_millionths (gint64 millionths)
{
  /* Half away from zero, as ml_units_convert() rounds. */
  if (millionths >= 0)
    return (millionths + 500000) / 1000000;
  return -((-millionths + 500000) / 1000000);
}

/* A whole number: "2", 2 and 2.0 are the same, 2.5 is an error. */
static gboolean
piws_int (Piws       *p,
          JsonObject *object,
          const char *path,
          const char *keys,
          gint64      min,
          gint64      max,
          gint64     *out_value)
{
  gint64 millionths;

  if (!piws_decimal (p, object, path, keys, &millionths))
    return FALSE;

  if (millionths % 1000000 != 0)
    {
      g_autofree char *where = piws_path (path, keys);
      g_autofree char *what = piws_describe (piws_lookup (p, object, path, keys));

      piws_fail (p, ML_ERROR_INVALID_VALUE, _("%s is %s, not a whole number"), where, what);
      return FALSE;
    }

  if (!piws_check_range (p, path, keys, millionths / 1000000, min, max))
    return FALSE;

  *out_value = millionths / 1000000;
  return TRUE;
}

static gboolean
piws_rounded (Piws       *p,
              JsonObject *object,
              const char *path,
              const char *keys,
              gint64      min,
              gint64      max,
              gint64     *out_value)
{
  gint64 millionths;
  gint64 value;

  if (!piws_decimal (p, object, path, keys, &millionths))
    return FALSE;

  value = piws_round_millionths (millionths);
  if (!piws_check_range (p, path, keys, value, min, max))
    return FALSE;

  *out_value = value;
  return TRUE;
}

/* Percent (0 to 100) into parts per million: percent × 10000 is millionths / 100. */
static gboolean
piws_percent_ppm (Piws       *p,
                  JsonObject *object,
                  const char *path,
                  const char *keys,
                  gint64     *out_ppm)
{
  gint64 millionths;

  if (!piws_decimal (p, object, path, keys, &millionths))
    return FALSE;

  if (millionths < 0 || millionths > 100 * 1000000)
    {
      g_autofree char *where = piws_path (path, keys);
      g_autofree char *what = piws_describe (piws_lookup (p, object, path, keys));

      piws_fail (p, ML_ERROR_INVALID_VALUE, _("%s is %s, not a percentage from 0 to 100"),
                 where, what);
      return FALSE;
    }

  *out_ppm = (millionths + 50) / 100;
  return TRUE;
}

static gboolean
piws_bool (Piws       *p,
           JsonObject *object,
           const char *path,
           const char *keys,
           gboolean   *out_value)
{
  g_autofree char *text = NULL;
  JsonNode *node = piws_lookup (p, object, path, keys);

  if (node == NULL)
    return FALSE;

  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_BOOLEAN)
    {
      *out_value = json_node_get_boolean (node);
      return TRUE;
    }

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) == G_TYPE_DOUBLE)
    {
      piws_fail_type (p, path, keys, node, N_("true or false"));
      return FALSE;
    }

  text = piws_leaf_text (node);
  if (text == NULL)
    return FALSE;

  if (g_ascii_strcasecmp (text, "true") == 0 || g_strcmp0 (text, "1") == 0)
    *out_value = TRUE;
  else if (g_ascii_strcasecmp (text, "false") == 0 || g_strcmp0 (text, "0") == 0)
    *out_value = FALSE;
  else
    {
      piws_fail_type (p, path, keys, node, N_("true or false"));
      return FALSE;
    }
  return TRUE;
}

static gboolean
piws_timestamp (Piws       *p,
                JsonObject *object,
                const char *path,
                const char *keys,
                gint64     *out_unix_seconds)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *text = NULL;
  JsonNode *node = piws_lookup (p, object, path, keys);

  if (node == NULL)
    return FALSE;

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      piws_fail_type (p, path, keys, node, N_("a date and time"));
      return FALSE;
    }

  text = piws_leaf_text (node);
  if (text == NULL)
    return FALSE;

  if (!ml_units_parse_timestamp (text, out_unix_seconds, &local_error))
    {
      piws_fail_with (p, path, keys, local_error);
      return FALSE;
    }
  return TRUE;
}

/* A quantity is {Value, Unit}. Where PIWS carries no unit element, @default_unit
 * (from docs/printer-protocols.md) applies and a bare number is accepted too. */
static gboolean
piws_quantity (Piws       *p,
               JsonObject *object,
               const char *path,
               const char *keys,
               MlUnit      target,
               const char *default_unit,
               gint64     *out_value)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *quantity_path = NULL;
  g_autofree char *unit = NULL;
  g_autofree char *text = NULL;
  JsonNode *node = piws_lookup (p, object, path, keys);
  JsonNode *value_node;
  const char *value_path;
  const char *value_keys;
  gboolean converted;

  if (node == NULL)
    return FALSE;

  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *quantity = json_node_get_object (node);

      quantity_path = piws_path (path, keys);
      value_path = quantity_path;
      value_keys = "Value";
      value_node = piws_lookup (p, quantity, quantity_path, "Value");
      unit = piws_text (p, quantity, quantity_path, "Unit");
      if (value_node == NULL || p->error != NULL)
        return FALSE;
      if (unit == NULL)
        {
          if (default_unit == NULL)
            {
              piws_fail (p, ML_ERROR_INVALID_VALUE, _("%s has a Value but no Unit"),
                         quantity_path);
              return FALSE;
            }
          unit = g_strdup (default_unit);
        }
    }
  else if (JSON_NODE_HOLDS_VALUE (node) && default_unit != NULL)
    {
      value_path = path;
      value_keys = keys;
      value_node = node;
      unit = g_strdup (default_unit);
    }
  else
    {
      piws_fail_type (p, path, keys, node, N_("a quantity with Value and Unit"));
      return FALSE;
    }

  if (JSON_NODE_HOLDS_VALUE (value_node)
      && json_node_get_value_type (value_node) == G_TYPE_DOUBLE)
    converted = ml_units_convert_double (json_node_get_double (value_node), unit, target,
                                         out_value, &local_error);
  else
    {
      text = piws_number_text (p, value_node, value_path, value_keys);
      if (text == NULL)
        return FALSE;
      converted = ml_units_convert (text, unit, target, out_value, &local_error);
    }

  if (!converted)
    {
      piws_fail_with (p, value_path, value_keys, local_error);
      return FALSE;
    }

  if (*out_value < 0)
    {
      g_autofree char *where = piws_path (value_path, value_keys);

      piws_fail (p, ML_ERROR_INVALID_VALUE, _("%s is less than zero"), where);
      return FALSE;
    }
  return TRUE;
}

/* A repeatable element: missing or empty is none, an object is one, a list is
 * each of its objects. */
static GPtrArray *
piws_items (Piws       *p,
            JsonObject *object,
            const char *path,
            const char *keys)
{
  GPtrArray *items = g_ptr_array_new_with_free_func (piws_item_free);
  JsonNode *node = piws_lookup (p, object, path, keys);
  JsonArray *array;
  guint length;

  if (node == NULL)
    return items;

  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      PiwsItem *item = g_new0 (PiwsItem, 1);

      item->object = json_node_get_object (node);
      item->path = piws_path (path, keys);
      g_ptr_array_add (items, item);
      return items;
    }

  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      piws_fail_type (p, path, keys, node, N_("a group of fields"));
      return items;
    }

  array = json_node_get_array (node);
  length = json_array_get_length (array);
  for (guint i = 0; i < length; i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      g_autofree char *element_keys = g_strdup_printf ("%s[%u]", keys, i);
      PiwsItem *item;

      if (JSON_NODE_HOLDS_NULL (element))
        continue;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        {
          piws_fail_type (p, path, element_keys, element, N_("a group of fields"));
          g_ptr_array_set_size (items, 0);
          return items;
        }

      item = g_new0 (PiwsItem, 1);
      item->object = json_node_get_object (element);
      item->path = piws_path (path, element_keys);
      g_ptr_array_add (items, item);
    }

  return items;
}

/* A repeatable leaf, such as StatusFlag or Color: one text or a list of them. */
static GStrv
piws_text_list (Piws       *p,
                JsonObject *object,
                const char *path,
                const char *keys)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  JsonNode *node = piws_lookup (p, object, path, keys);

  if (node != NULL && JSON_NODE_HOLDS_VALUE (node))
    {
      g_autofree char *text = piws_leaf_text (node);

      if (text != NULL)
        g_strv_builder_add (builder, text);
    }
  else if (node != NULL && JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);
      guint length = json_array_get_length (array);

      for (guint i = 0; i < length; i++)
        {
          JsonNode *element = json_array_get_element (array, i);
          g_autofree char *text = NULL;

          if (JSON_NODE_HOLDS_NULL (element))
            continue;
          if (!JSON_NODE_HOLDS_VALUE (element))
            {
              g_autofree char *element_keys = g_strdup_printf ("%s[%u]", keys, i);

              piws_fail_type (p, path, element_keys, element, N_("text"));
              break;
            }
          text = piws_leaf_text (element);
          if (text != NULL)
            g_strv_builder_add (builder, text);
        }
    }
  else if (node != NULL)
    piws_fail_type (p, path, keys, node, N_("text"));

  return g_strv_builder_end (builder);
}

static gboolean
piws_finish (Piws    *p,
             GError **error)
{
  if (p->error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&p->error));
      return FALSE;
    }
  return TRUE;
}

static gboolean
piws_word_is (const char *text,
              const char *const *words)
{
  if (text == NULL)
    return FALSE;

  for (guint i = 0; words[i] != NULL; i++)
    {
      if (g_ascii_strcasecmp (text, words[i]) == 0)
        return TRUE;
    }
  return FALSE;
}

static gint64
piws_sum (gint64 total,
          gint64 value)
{
  if (value < 0)
    return total;
  if (total < 0)
    return value;
  return value > G_MAXINT64 - total ? G_MAXINT64 : total + value;
}

static MlSeverity
piws_severity (const char *text,
               MlSeverity  fallback)
{
  static const char *const info[] = { "Info", "Information", NULL };
  static const char *const warning[] = { "Warning", NULL };
  static const char *const error[] = { "Error", "Critical", NULL };

  if (piws_word_is (text, info))
    return ML_SEVERITY_INFO;
  if (piws_word_is (text, warning))
    return ML_SEVERITY_WARNING;
  if (piws_word_is (text, error))
    return ML_SEVERITY_ERROR;
  return fallback;
}

static MlSupplyState
piws_supply_state (const char *text)
{
  static const char *const ok[] = { "Ready", "Ok", NULL };
  static const char *const low[] = { "LowLevel", "Low", NULL };
  static const char *const very_low[] = { "VeryLow", NULL };
  static const char *const empty[] = { "Empty", "OutOfInk", NULL };
  static const char *const expired[] = { "Expired", NULL };
  static const char *const missing[] = { "Missing", NULL };
  static const char *const error[] = { "Error", NULL };

  if (piws_word_is (text, ok))
    return ML_SUPPLY_STATE_OK;
  if (piws_word_is (text, low))
    return ML_SUPPLY_STATE_LOW;
  if (piws_word_is (text, very_low))
    return ML_SUPPLY_STATE_VERY_LOW;
  if (piws_word_is (text, empty))
    return ML_SUPPLY_STATE_EMPTY;
  if (piws_word_is (text, expired))
    return ML_SUPPLY_STATE_EXPIRED;
  if (piws_word_is (text, missing))
    return ML_SUPPLY_STATE_MISSING;
  if (piws_word_is (text, error))
    return ML_SUPPLY_STATE_ERROR;
  return ML_SUPPLY_STATE_UNKNOWN;
}

static MlJobStatus
piws_job_status (const char *text)
{
  static const char *const completed[] = { "Completed", NULL };
  static const char *const cancelled[] = { "Cancelled", NULL };
  static const char *const deleted[] = { "Deleted", NULL };
  static const char *const active[] = { "Printing", "Processing", "Active", NULL };
  static const char *const pending[] = {
    "WaitingToPrint", "Pending", "Held", "Queued", "Paused", NULL
  };
  static const char *const failed[] = { "Failed", "Error", NULL };

  if (piws_word_is (text, completed))
    return ML_JOB_STATUS_COMPLETED;
  if (piws_word_is (text, cancelled))
    return ML_JOB_STATUS_CANCELLED;
  if (piws_word_is (text, deleted))
    return ML_JOB_STATUS_DELETED;
  if (piws_word_is (text, active))
    return ML_JOB_STATUS_ACTIVE;
  if (piws_word_is (text, pending))
    return ML_JOB_STATUS_PENDING;
  if (piws_word_is (text, failed))
    return ML_JOB_STATUS_FAILED;
  return ML_JOB_STATUS_UNKNOWN;
}

/* Identification › Fields › ... */
static void
piws_read_identification (Piws             *p,
                          MlPrinterReading *reading,
                          JsonObject       *root)
{
  MlIdentity *identity = ml_printer_reading_get_identity (reading);
  g_autofree char *model_name = NULL;
  g_autofree char *product_number = NULL;
  g_autofree char *manufacturer = NULL;
  g_autofree char *serial_number = NULL;
  g_autofree char *firmware = NULL;
  JsonObject *fields;
  const char *path = "Fields";

  fields = piws_object (p, root, "", "Fields");
  if (fields == NULL)
    {
      /* Some replies put the fields right under the root. */
      fields = root;
      path = "";
    }

  model_name = piws_text (p, fields, path, "ModelName");
  product_number = piws_text (p, fields, path, "PartNumber");
  manufacturer = piws_text (p, fields, path, "Manufacturer");
  serial_number = piws_text (p, fields, path, "SerialNumber");
  firmware = piws_text (p, fields, path, "FwReleaseName");

  if (p->error != NULL)
    return;

  if (model_name != NULL)
    ml_identity_set_model_name (identity, model_name);
  if (product_number != NULL)
    ml_identity_set_product_number (identity, product_number);
  if (manufacturer != NULL)
    ml_identity_set_manufacturer (identity, manufacturer);
  if (serial_number != NULL)
    ml_identity_set_serial_number (identity, serial_number);
  if (firmware != NULL)
    ml_identity_set_firmware_version (identity, firmware);
}

static void
piws_read_device_status (Piws             *p,
                         MlPrinterReading *reading,
                         JsonObject       *root)
{
  static const char *const printing[] = { "Printing", NULL };
  static const char *const processing[] = {
    "Processing", "PreparingToPrint", "Drying", "TerminatingPrint", "CancellingPrint", NULL
  };
  static const char *const power_save[] = { "PowerSave", NULL };
  MlEngineStatus *status = ml_printer_reading_get_status (reading);
  g_autofree char *activity = NULL;
  g_autofree char *status_text = NULL;
  g_autofree char *severity_text = NULL;
  MlSeverity severity;
  MlEngineState state;

  activity = piws_text (p, root, "", "ActivitiesOverview.MostRelevantActivity.Name");
  status_text = piws_text (p, root, "", "StatusOverview.MostRelevantStatus");
  severity_text = piws_text (p, root, "", "StatusOverview.StatusSeverity");

  if (p->error != NULL)
    return;

  severity = piws_severity (severity_text, ML_SEVERITY_INFO);

  /* What the engine does beats how it feels; a printer in power save with a
   * warning is shown with the warning. */
  if (piws_word_is (activity, printing))
    state = ML_ENGINE_STATE_PRINTING;
  else if (piws_word_is (activity, processing))
    state = ML_ENGINE_STATE_PROCESSING;
  else if (severity == ML_SEVERITY_ERROR)
    state = ML_ENGINE_STATE_ERROR;
  else if (severity == ML_SEVERITY_WARNING)
    state = ML_ENGINE_STATE_WARNING;
  else if (piws_word_is (status_text, power_save))
    state = ML_ENGINE_STATE_SLEEPING;
  else if (activity != NULL || status_text != NULL || severity_text != NULL)
    state = ML_ENGINE_STATE_IDLE;
  else
    state = ML_ENGINE_STATE_UNKNOWN;

  ml_engine_status_set_state (status, state);
  ml_engine_status_set_severity (status, severity);
  if (status_text != NULL)
    ml_engine_status_set_status_text (status, status_text);
  if (activity != NULL)
    ml_engine_status_set_activity (status, activity);
}

/* ActiveAlerts › List › Alert[] */
static void
piws_read_alerts (Piws             *p,
                  MlPrinterReading *reading,
                  JsonObject       *root)
{
  g_autoptr(GPtrArray) items = piws_items (p, root, "", "List.Alert");
  g_autoptr(GPtrArray) alerts = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < items->len && p->error == NULL; i++)
    {
      PiwsItem *item = g_ptr_array_index (items, i);
      g_autoptr(MlAlert) alert = ml_alert_new ();
      g_autofree char *code = piws_text (p, item->object, item->path, "FullName");
      g_autofree char *name = piws_text (p, item->object, item->path, "Name");
      g_autofree char *area = piws_text (p, item->object, item->path, "Area");
      g_autofree char *severity = piws_text (p, item->object, item->path, "Severity");
      g_autofree char *description = piws_text (p, item->object, item->path, "Description");
      gint64 raised_at = 0;

      piws_timestamp (p, item->object, item->path, "Timestamp", &raised_at);

      ml_alert_set_code (alert, code != NULL ? code : name);
      ml_alert_set_category (alert, area);
      /* As the Latex parser: an alert that does not say is a warning. */
      ml_alert_set_severity (alert, piws_severity (severity, ML_SEVERITY_WARNING));
      ml_alert_set_description (alert, description);
      ml_alert_set_raised_at (alert, raised_at);
      g_ptr_array_add (alerts, g_steal_pointer (&alert));
    }

  if (p->error != NULL)
    return;

  for (guint i = 0; i < alerts->len; i++)
    ml_printer_reading_add_alert (reading, g_ptr_array_index (alerts, i));
}

typedef struct
{
  char *color;
  char *product_number;
  gint64 ink_used_ul;
  gint64 hp_ink_used_ul;
  gint64 insertions;
} PiwsInkTotal;

static void
piws_ink_total_free (gpointer data)
{
  PiwsInkTotal *total = data;

  g_free (total->color);
  g_free (total->product_number);
  g_free (total);
}

static PiwsInkTotal *
piws_ink_total_get (GPtrArray  *totals,
                    const char *color)
{
  PiwsInkTotal *total;

  for (guint i = 0; i < totals->len; i++)
    {
      total = g_ptr_array_index (totals, i);
      if (g_strcmp0 (total->color, color) == 0)
        return total;
    }

  total = g_new0 (PiwsInkTotal, 1);
  total->color = g_strdup (color);
  total->ink_used_ul = ML_UNKNOWN;
  total->hp_ink_used_ul = ML_UNKNOWN;
  total->insertions = ML_UNKNOWN;
  g_ptr_array_add (totals, total);
  return total;
}

static MlCartridge *
piws_read_ink_slot (Piws       *p,
                    PiwsItem   *slot,
                    const char *group_color,
                    int         ordinal,
                    GPtrArray  *ink_totals)
{
  g_autoptr(MlCartridge) cartridge = ml_cartridge_new ();
  g_autofree char *info_path = piws_path (slot->path, "SlotInfo.InkSupplyInfo");
  g_autofree char *cumulative_path = piws_path (slot->path, "SlotInfo.InkSlotCumulativeInfo");
  g_autofree char *color = NULL;
  g_autofree char *reported = NULL;
  g_autofree char *state_text = NULL;
  g_autofree char *part_number = NULL;
  g_autofree char *order_number = NULL;
  g_autofree char *serial = NULL;
  g_autofree char *brand = NULL;
  JsonObject *info;
  JsonObject *cumulative;
  gboolean present = TRUE;
  gint64 slot_id = ordinal;
  gint64 capacity = ML_UNKNOWN;
  gint64 level = ML_UNKNOWN;
  gint64 level_percent = ML_UNKNOWN;
  gint64 installed_at = 0;
  gint64 expires_at = 0;
  gint64 ink_used = ML_UNKNOWN;
  gint64 hp_ink_used = ML_UNKNOWN;
  gint64 insertions = ML_UNKNOWN;
  MlSupplyState state;

  piws_int (p, slot->object, slot->path, "SlotId", 0, G_MAXINT, &slot_id);
  color = piws_text (p, slot->object, slot->path, "Color");
  piws_bool (p, slot->object, slot->path, "isPresent", &present);
  info = piws_object (p, slot->object, slot->path, "SlotInfo.InkSupplyInfo");
  cumulative = piws_object (p, slot->object, slot->path, "SlotInfo.InkSlotCumulativeInfo");

  reported = piws_text (p, info, info_path, "UserReportedStatus");
  state_text = piws_text (p, info, info_path, "State");
  part_number = piws_text (p, info, info_path, "PartNumber");
  order_number = piws_text (p, info, info_path, "OrderNumber");
  serial = piws_text (p, info, info_path, "SerialNumber");
  brand = piws_text (p, info, info_path, "Brand");
  piws_quantity (p, info, info_path, "Capacity", ML_UNIT_MICROLITRE, NULL, &capacity);
  piws_quantity (p, info, info_path, "Level", ML_UNIT_MICROLITRE, NULL, &level);
  piws_rounded (p, info, info_path, "LevelPercentage", 0, 100, &level_percent);
  piws_timestamp (p, info, info_path, "InstallDate", &installed_at);
  piws_timestamp (p, info, info_path, "ExpirationDate", &expires_at);

  piws_quantity (p, cumulative, cumulative_path, "InkUsed", ML_UNIT_MICROLITRE, NULL, &ink_used);
  piws_quantity (p, cumulative, cumulative_path, "HPInkUsed", ML_UNIT_MICROLITRE, NULL,
                 &hp_ink_used);
  piws_int (p, cumulative, cumulative_path, "NumberOfInsertions", 0, G_MAXINT64, &insertions);

  if (p->error != NULL)
    return NULL;

  if (color == NULL && group_color != NULL)
    color = g_strdup (group_color);

  /* The state the printer shows its user comes first: the Z9 reports a low and
   * expired cartridge as "LowLevel", and the low level is what needs acting on. */
  if (!present)
    state = ML_SUPPLY_STATE_MISSING;
  else if ((state = piws_supply_state (reported)) == ML_SUPPLY_STATE_UNKNOWN)
    state = piws_supply_state (state_text);

  ml_cartridge_set_slot (cartridge, (int) slot_id);
  ml_cartridge_set_color (cartridge, color);
  ml_cartridge_set_state (cartridge, state);
  ml_cartridge_set_status_text (cartridge, reported != NULL ? reported : state_text);
  ml_cartridge_set_product_number (cartridge, part_number);
  ml_cartridge_set_product_name (cartridge, order_number);
  ml_cartridge_set_serial_number (cartridge, serial);
  ml_cartridge_set_manufacturer (cartridge, brand);
  ml_cartridge_set_capacity_ul (cartridge, capacity);
  ml_cartridge_set_level_ul (cartridge, level);
  ml_cartridge_set_level_percent (cartridge, (int) level_percent);
  ml_cartridge_set_installed_at (cartridge, installed_at);
  ml_cartridge_set_expires_at (cartridge, expires_at);
  ml_cartridge_set_ink_used_ul (cartridge, ink_used);
  if (ink_used >= 0 && hp_ink_used >= 0)
    ml_cartridge_set_non_hp_ink_used_ul (cartridge, MAX (ink_used - hp_ink_used, 0));

  if (color != NULL)
    {
      PiwsInkTotal *total = piws_ink_total_get (ink_totals, color);

      if (total->product_number == NULL)
        total->product_number = g_strdup (part_number);
      total->ink_used_ul = piws_sum (total->ink_used_ul, ink_used);
      total->hp_ink_used_ul = piws_sum (total->hp_ink_used_ul, hp_ink_used);
      total->insertions = piws_sum (total->insertions, insertions);
    }

  return g_steal_pointer (&cartridge);
}

/* InkSystem › InkSlotGroupCollection › InkSlotGroup[] › InkSlotCollection › InkSlot[] */
static void
piws_read_ink_system (Piws             *p,
                      MlPrinterReading *reading,
                      JsonObject       *root)
{
  static const char *const reservoir[] = { "Reservoir", NULL };
  g_autoptr(GPtrArray) groups = piws_items (p, root, "", "InkSlotGroupCollection.InkSlotGroup");
  g_autoptr(GPtrArray) cartridges = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) ink_totals = g_ptr_array_new_with_free_func (piws_ink_total_free);
  MlUsage *usage = ml_printer_reading_get_usage (reading);

  for (guint i = 0; i < groups->len && p->error == NULL; i++)
    {
      PiwsItem *group = g_ptr_array_index (groups, i);
      g_autofree char *group_color = piws_text (p, group->object, group->path, "Color");
      g_autoptr(GPtrArray) slots = piws_items (p, group->object, group->path,
                                               "InkSlotCollection.InkSlot");

      for (guint j = 0; j < slots->len && p->error == NULL; j++)
        {
          PiwsItem *slot = g_ptr_array_index (slots, j);
          g_autofree char *supply_type = piws_text (p, slot->object, slot->path, "SupplyType");
          MlCartridge *cartridge;

          if (supply_type == NULL)
            supply_type = piws_text (p, slot->object, slot->path,
                                     "SlotInfo.InkSupplyInfo.SupplyType");

          /* A reservoir is fed from a supply: counting it would count its ink twice. */
          if (piws_word_is (supply_type, reservoir))
            continue;

          cartridge = piws_read_ink_slot (p, slot, group_color, (int) cartridges->len,
                                          ink_totals);
          if (cartridge != NULL)
            g_ptr_array_add (cartridges, cartridge);
        }
    }

  if (p->error != NULL)
    return;

  for (guint i = 0; i < cartridges->len; i++)
    ml_printer_reading_add_cartridge (reading, g_ptr_array_index (cartridges, i));

  /* Set, not added to: reading InkSystem twice must not count the ink twice. */
  for (guint i = 0; i < ink_totals->len; i++)
    {
      PiwsInkTotal *total = g_ptr_array_index (ink_totals, i);
      MlInkUsage *ink = ml_usage_lookup_ink (usage, total->color);
      g_autoptr(MlInkUsage) new_ink = NULL;

      if (ink == NULL)
        {
          new_ink = ml_ink_usage_new ();
          ink = new_ink;
          ml_ink_usage_set_color (ink, total->color);
        }

      ml_ink_usage_set_product_number (ink, total->product_number);
      ml_ink_usage_set_ink_used_ul (ink, total->ink_used_ul);
      ml_ink_usage_set_hp_ink_used_ul (ink, total->hp_ink_used_ul);
      ml_ink_usage_set_insertions (ink, total->insertions);

      if (new_ink != NULL)
        ml_usage_add_ink (usage, new_ink);
    }
}

/* PrintheadsStatus › PrintheadSlotCollection › PrintheadSlot[] */
static void
piws_read_printheads (Piws             *p,
                      MlPrinterReading *reading,
                      JsonObject       *root)
{
  g_autoptr(GPtrArray) items = piws_items (p, root, "", "PrintheadSlotCollection.PrintheadSlot");
  g_autoptr(GPtrArray) printheads = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < items->len && p->error == NULL; i++)
    {
      PiwsItem *item = g_ptr_array_index (items, i);
      g_autoptr(MlPrinthead) printhead = ml_printhead_new ();
      g_autofree char *info_path = piws_path (item->path, "PrintheadInfo");
      g_auto(GStrv) colors = NULL;
      g_autofree char *health_status = NULL;
      g_autofree char *state_text = NULL;
      g_autofree char *part_number = NULL;
      g_autofree char *order_number = NULL;
      g_autofree char *serial = NULL;
      g_autofree char *manufacturer = NULL;
      JsonObject *info;
      gint64 slot_id = i;
      gint64 health = ML_UNKNOWN;
      gint64 installed_at = 0;
      gint64 expires_at = 0;
      gint64 warranty_end = 0;
      gboolean in_warranty = FALSE;
      gboolean non_hp_ink = FALSE;
      gboolean present = TRUE;
      MlSupplyState state;

      piws_int (p, item->object, item->path, "SlotId", 0, G_MAXINT, &slot_id);
      colors = piws_text_list (p, item->object, item->path, "ColorCollection.Color");
      piws_bool (p, item->object, item->path, "isPresent", &present);
      info = piws_object (p, item->object, item->path, "PrintheadInfo");

      piws_rounded (p, info, info_path, "HealthGaugeLevel", 0, 100, &health);
      health_status = piws_text (p, info, info_path, "HealthGaugeStatus");
      state_text = piws_text (p, info, info_path, "State");
      part_number = piws_text (p, info, info_path, "PartNumber");
      order_number = piws_text (p, info, info_path, "OrderNumber");
      serial = piws_text (p, info, info_path, "SerialNumber");
      manufacturer = piws_text (p, info, info_path, "Manufacturer");
      piws_timestamp (p, info, info_path, "InstallDate", &installed_at);
      piws_timestamp (p, info, info_path, "ExpirationDate", &expires_at);
      piws_bool (p, info, info_path, "InWarranty", &in_warranty);
      piws_timestamp (p, info, info_path, "WarrantyExpirationDate", &warranty_end);
      piws_bool (p, info, info_path, "NonHPInkUsed", &non_hp_ink);

      if (p->error != NULL)
        break;

      /* An empty slot has no PrintheadInfo. */
      if (!present || info == NULL)
        state = ML_SUPPLY_STATE_MISSING;
      else if ((state = piws_supply_state (state_text)) == ML_SUPPLY_STATE_UNKNOWN)
        state = piws_supply_state (health_status);

      ml_printhead_set_slot (printhead, (int) slot_id);
      ml_printhead_set_colors (printhead, (const char * const *) colors);
      ml_printhead_set_state (printhead, state);
      ml_printhead_set_status_text (printhead, state_text != NULL ? state_text : health_status);
      ml_printhead_set_health_percent (printhead, (int) health);
      ml_printhead_set_product_number (printhead, part_number);
      ml_printhead_set_product_name (printhead, order_number);
      ml_printhead_set_serial_number (printhead, serial);
      ml_printhead_set_manufacturer (printhead, manufacturer);
      ml_printhead_set_installed_at (printhead, installed_at);
      ml_printhead_set_expires_at (printhead, expires_at);
      ml_printhead_set_in_warranty (printhead, in_warranty);
      ml_printhead_set_warranty_end (printhead, warranty_end);
      ml_printhead_set_non_hp_ink (printhead, non_hp_ink);
      g_ptr_array_add (printheads, g_steal_pointer (&printhead));
    }

  if (p->error != NULL)
    return;

  for (guint i = 0; i < printheads->len; i++)
    ml_printer_reading_add_printhead (reading, g_ptr_array_index (printheads, i));
}

/* MediaSystem › DrawerCollection › Drawer[] › InputDeviceCollection › <Roll|Sheet|Tray>[] */
static void
piws_read_media_system (Piws             *p,
                        MlPrinterReading *reading,
                        JsonObject       *root)
{
  static const struct {
    const char *keys;
    MlMediaSourceKind kind;
  } kinds[] = {
    { "InputDeviceCollection.Roll", ML_MEDIA_SOURCE_KIND_ROLL },
    { "InputDeviceCollection.Sheet", ML_MEDIA_SOURCE_KIND_SHEET },
    { "InputDeviceCollection.Tray", ML_MEDIA_SOURCE_KIND_TRAY },
  };
  g_autoptr(GPtrArray) drawers = piws_items (p, root, "", "DrawerCollection.Drawer");
  g_autoptr(GPtrArray) sources = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < drawers->len && p->error == NULL; i++)
    {
      PiwsItem *drawer = g_ptr_array_index (drawers, i);

      for (guint k = 0; k < G_N_ELEMENTS (kinds) && p->error == NULL; k++)
        {
          g_autoptr(GPtrArray) devices = piws_items (p, drawer->object, drawer->path,
                                                     kinds[k].keys);

          for (guint j = 0; j < devices->len && p->error == NULL; j++)
            {
              PiwsItem *device = g_ptr_array_index (devices, j);
              g_autoptr(MlMediaSource) source = ml_media_source_new ();
              g_autoptr(GPtrArray) loaded = NULL;
              g_autofree char *id = NULL;
              g_autofree char *media_type_id = NULL;
              gint64 width = ML_UNKNOWN;
              gint64 length = ML_UNKNOWN;
              MlMediaState state = ML_MEDIA_STATE_EMPTY;

              /* IdForPrinting is the name jobs use for the source (MediaSource). */
              id = piws_text (p, device->object, device->path, "IdForPrinting");
              if (id == NULL)
                id = piws_text (p, device->object, device->path, "IdForUI");
              loaded = piws_items (p, device->object, device->path,
                                   "LoadedMediaCollection.LoadedMedia");
              if (loaded->len > 0)
                {
                  PiwsItem *media = g_ptr_array_index (loaded, 0);

                  state = ML_MEDIA_STATE_LOADED;
                  media_type_id = piws_text (p, media->object, media->path, "MediaTypeID");
                  piws_quantity (p, media->object, media->path, "Width", ML_UNIT_MM, NULL,
                                 &width);
                  piws_quantity (p, media->object, media->path, "RemainingLength",
                                 ML_UNIT_MM, NULL, &length);
                }

              if (p->error != NULL)
                break;

              if (id == NULL)
                id = g_strdup_printf ("%s%u", ml_media_source_kind_to_string (kinds[k].kind),
                                      j + 1);

              ml_media_source_set_id (source, id);
              ml_media_source_set_kind (source, kinds[k].kind);
              ml_media_source_set_state (source, state);
              ml_media_source_set_media_type_id (source, media_type_id);
              if (media_type_id != NULL)
                {
                  MlMediaType *type = ml_printer_reading_lookup_media_type (reading,
                                                                            media_type_id);

                  if (type != NULL)
                    ml_media_source_set_media_type_name (source, ml_media_type_get_name (type));
                }
              ml_media_source_set_width_mm (source, width);
              ml_media_source_set_length_mm (source, length);
              g_ptr_array_add (sources, g_steal_pointer (&source));
            }
        }
    }

  if (p->error != NULL)
    return;

  for (guint i = 0; i < sources->len; i++)
    ml_printer_reading_add_media_source (reading, g_ptr_array_index (sources, i));
}

/* PaperList › List › Paper[] */
static void
piws_read_paper_list (Piws             *p,
                      MlPrinterReading *reading,
                      JsonObject       *root)
{
  g_autoptr(GPtrArray) papers = piws_items (p, root, "", "List.Paper");
  g_autoptr(GPtrArray) types = g_ptr_array_new_with_free_func (g_object_unref);
  GListModel *sources;
  guint n_sources;

  for (guint i = 0; i < papers->len && p->error == NULL; i++)
    {
      PiwsItem *paper = g_ptr_array_index (papers, i);
      g_autoptr(GPtrArray) localizations = NULL;
      g_autoptr(MlMediaType) type = NULL;
      g_autofree char *id = piws_text (p, paper->object, paper->path, "Id");
      g_autofree char *category = piws_text (p, paper->object, paper->path, "CategoryId");
      g_autofree char *name = NULL;

      localizations = piws_items (p, paper->object, paper->path,
                                  "Localizations.Localization");
      for (guint j = 0; j < localizations->len && p->error == NULL; j++)
        {
          PiwsItem *localization = g_ptr_array_index (localizations, j);
          g_autofree char *iso_code = piws_text (p, localization->object, localization->path,
                                                 "ISOCode");
          g_autofree char *value = piws_text (p, localization->object, localization->path,
                                              "Value");
          static const char *const english[] = { "en_US", "en-US", NULL };

          if (value == NULL)
            continue;

          /* The names are stored in English, as the printers' own reports show them;
           * without an English name, the first one is better than none. */
          if (piws_word_is (iso_code, english))
            {
              g_free (name);
              name = g_steal_pointer (&value);
              break;
            }
          if (name == NULL)
            name = g_steal_pointer (&value);
        }

      if (p->error != NULL || id == NULL)
        continue;

      type = ml_media_type_new ();
      ml_media_type_set_id (type, id);
      ml_media_type_set_name (type, name);
      ml_media_type_set_category (type, category);
      g_ptr_array_add (types, g_steal_pointer (&type));
    }

  if (p->error != NULL)
    return;

  for (guint i = 0; i < types->len; i++)
    {
      MlMediaType *type = g_ptr_array_index (types, i);
      MlMediaType *known = ml_printer_reading_lookup_media_type (reading,
                                                                 ml_media_type_get_id (type));

      if (known != NULL)
        {
          ml_media_type_set_name (known, ml_media_type_get_name (type));
          ml_media_type_set_category (known, ml_media_type_get_category (type));
        }
      else
        ml_printer_reading_add_media_type (reading, type);
    }

  /* MediaSystem may have been read first: name what is loaded now. */
  sources = ml_printer_reading_get_media_sources (reading);
  n_sources = g_list_model_get_n_items (sources);
  for (guint i = 0; i < n_sources; i++)
    {
      g_autoptr(MlMediaSource) source = g_list_model_get_item (sources, i);
      const char *media_type_id = ml_media_source_get_media_type_id (source);
      MlMediaType *type;

      if (media_type_id == NULL || ml_media_source_get_media_type_name (source) != NULL)
        continue;

      type = ml_printer_reading_lookup_media_type (reading, media_type_id);
      if (type != NULL)
        ml_media_source_set_media_type_name (source, ml_media_type_get_name (type));
    }
}

/* DeviceCounters, as docs/printer-protocols.md assumes it. */
static void
piws_read_device_counters (Piws             *p,
                           MlPrinterReading *reading,
                           JsonObject       *root)
{
  MlUsage *usage = ml_printer_reading_get_usage (reading);
  g_autoptr(GPtrArray) media_items = NULL;
  g_autoptr(GPtrArray) category_items = NULL;
  g_autoptr(GPtrArray) media = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) categories = g_ptr_array_new_with_free_func (g_object_unref);
  JsonObject *print = piws_object (p, root, "", "PrintCounters");
  JsonObject *scan = piws_object (p, root, "", "ScanCounters");
  gint64 jobs = ML_UNKNOWN;
  gint64 pages = ML_UNKNOWN;
  gint64 ink = ML_UNKNOWN;
  gint64 area = ML_UNKNOWN;
  gint64 length = ML_UNKNOWN;
  gint64 scanned = ML_UNKNOWN;
  gint64 scanned_scans = ML_UNKNOWN;
  gint64 scanned_copies = ML_UNKNOWN;

  piws_int (p, print, "PrintCounters", "NumberOfJobs", 0, G_MAXINT64, &jobs);
  piws_int (p, print, "PrintCounters", "NumberOfPages", 0, G_MAXINT64, &pages);
  piws_quantity (p, print, "PrintCounters", "TotalInkUsed", ML_UNIT_MICROLITRE, NULL, &ink);
  piws_quantity (p, print, "PrintCounters", "TotalMediaArea", ML_UNIT_MM2, NULL, &area);
  piws_quantity (p, print, "PrintCounters", "TotalMediaLength", ML_UNIT_MM, NULL, &length);
  piws_quantity (p, scan, "ScanCounters", "TotalScannedArea", ML_UNIT_MM2, NULL, &scanned);
  piws_quantity (p, scan, "ScanCounters", "ScanArea", ML_UNIT_MM2, NULL, &scanned_scans);
  piws_quantity (p, scan, "ScanCounters", "CopyArea", ML_UNIT_MM2, NULL, &scanned_copies);

  media_items = piws_items (p, print, "PrintCounters", "MediaUsageCollection.MediaUsage");
  for (guint i = 0; i < media_items->len && p->error == NULL; i++)
    {
      PiwsItem *item = g_ptr_array_index (media_items, i);
      g_autoptr(MlMediaUsage) entry = ml_media_usage_new ();
      g_autofree char *id = piws_text (p, item->object, item->path, "MediaTypeID");
      g_autofree char *name = piws_text (p, item->object, item->path, "MediaTypeName");
      gint64 media_area = ML_UNKNOWN;
      gint64 media_length = ML_UNKNOWN;

      piws_quantity (p, item->object, item->path, "Area", ML_UNIT_MM2, NULL, &media_area);
      piws_quantity (p, item->object, item->path, "Length", ML_UNIT_MM, NULL, &media_length);
      if (id == NULL)
        continue;

      ml_media_usage_set_media_type_id (entry, id);
      ml_media_usage_set_media_type_name (entry, name);
      ml_media_usage_set_area_mm2 (entry, media_area);
      ml_media_usage_set_length_mm (entry, media_length);
      g_ptr_array_add (media, g_steal_pointer (&entry));
    }

  category_items = piws_items (p, print, "PrintCounters",
                               "CategoryUsageCollection.CategoryUsage");
  for (guint i = 0; i < category_items->len && p->error == NULL; i++)
    {
      PiwsItem *item = g_ptr_array_index (category_items, i);
      g_autoptr(MlCategoryUsage) entry = ml_category_usage_new ();
      g_autofree char *name = piws_text (p, item->object, item->path, "Category");
      gint64 media_area = ML_UNKNOWN;
      gint64 printed_area = ML_UNKNOWN;
      gint64 category_ink = ML_UNKNOWN;
      gint64 category_length = ML_UNKNOWN;

      piws_quantity (p, item->object, item->path, "MediaArea", ML_UNIT_MM2, NULL, &media_area);
      piws_quantity (p, item->object, item->path, "PrintedArea", ML_UNIT_MM2, NULL,
                     &printed_area);
      piws_quantity (p, item->object, item->path, "InkUsed", ML_UNIT_MICROLITRE, NULL,
                     &category_ink);
      piws_quantity (p, item->object, item->path, "Length", ML_UNIT_MM, NULL,
                     &category_length);
      if (name == NULL)
        continue;

      ml_category_usage_set_category (entry, name);
      ml_category_usage_set_media_area_mm2 (entry, media_area);
      ml_category_usage_set_printed_area_mm2 (entry, printed_area);
      ml_category_usage_set_ink_ul (entry, category_ink);
      ml_category_usage_set_length_mm (entry, category_length);
      g_ptr_array_add (categories, g_steal_pointer (&entry));
    }

  if (p->error != NULL)
    return;

  if (jobs >= 0)
    ml_usage_set_job_count (usage, jobs);
  if (pages >= 0)
    ml_usage_set_page_count (usage, pages);
  if (ink >= 0)
    ml_usage_set_total_ink_ul (usage, ink);
  if (area >= 0)
    ml_usage_set_total_media_area_mm2 (usage, area);
  if (length >= 0)
    ml_usage_set_total_media_length_mm (usage, length);
  if (scanned >= 0)
    ml_usage_set_scan_area_mm2 (usage, scanned);
  if (scanned_scans >= 0)
    ml_usage_set_scan_area_scans_mm2 (usage, scanned_scans);
  if (scanned_copies >= 0)
    ml_usage_set_scan_area_copies_mm2 (usage, scanned_copies);

  for (guint i = 0; i < media->len; i++)
    {
      MlMediaUsage *entry = g_ptr_array_index (media, i);
      MlMediaUsage *known = ml_usage_lookup_media (usage, ml_media_usage_get_media_type_id (entry));

      if (known == NULL)
        {
          ml_usage_add_media (usage, entry);
          continue;
        }
      ml_media_usage_set_media_type_name (known, ml_media_usage_get_media_type_name (entry));
      ml_media_usage_set_area_mm2 (known, ml_media_usage_get_area_mm2 (entry));
      ml_media_usage_set_length_mm (known, ml_media_usage_get_length_mm (entry));
    }

  for (guint i = 0; i < categories->len; i++)
    {
      MlCategoryUsage *entry = g_ptr_array_index (categories, i);
      MlCategoryUsage *known = ml_usage_lookup_category (usage,
                                                         ml_category_usage_get_category (entry));

      if (known == NULL)
        {
          ml_usage_add_category (usage, entry);
          continue;
        }
      ml_category_usage_set_media_area_mm2 (known, ml_category_usage_get_media_area_mm2 (entry));
      ml_category_usage_set_printed_area_mm2 (known,
                                              ml_category_usage_get_printed_area_mm2 (entry));
      ml_category_usage_set_ink_ul (known, ml_category_usage_get_ink_ul (entry));
      ml_category_usage_set_length_mm (known, ml_category_usage_get_length_mm (entry));
    }
}

/* JobQueueCollection › Queue[]{Name, Type, Persistence, URI} */
static void
piws_read_job_queue_collection (Piws             *p,
                                MlPrinterReading *reading,
                                JsonObject       *root)
{
  static const char *const print[] = { "Print", NULL };
  g_autoptr(GPtrArray) queues = piws_items (p, root, "", "Queue");
  g_autofree char *uuid = NULL;
  const char *known;

  /* The Latex parser also meets the queues as JobQueue. */
  if (queues->len == 0)
    {
      g_clear_pointer (&queues, g_ptr_array_unref);
      queues = piws_items (p, root, "", "JobQueue");
    }

  for (guint i = 0; i < queues->len && p->error == NULL && uuid == NULL; i++)
    {
      PiwsItem *queue = g_ptr_array_index (queues, i);
      g_autofree char *type = piws_text (p, queue->object, queue->path, "Type");
      g_autofree char *uri = piws_text (p, queue->object, queue->path, "URI");
      g_auto(GStrv) segments = NULL;

      if (uri == NULL || !(piws_word_is (type, print) || (type == NULL && queues->len == 1)))
        continue;

      /* The queue's id is the last segment of its path. */
      segments = g_strsplit (uri, "/", -1);
      for (guint j = g_strv_length (segments); j > 0; j--)
        {
          if (*segments[j - 1] != '\0')
            {
              uuid = g_strdup (segments[j - 1]);
              break;
            }
        }
    }

  if (p->error != NULL || uuid == NULL)
    return;

  /* A new queue (the printer rebooted) counts its modifications from 0 again. */
  known = ml_printer_reading_get_queue_uuid (reading);
  if (known != NULL && g_strcmp0 (known, uuid) != 0)
    ml_printer_reading_set_queue_modification (reading, ML_UNKNOWN);
  ml_printer_reading_set_queue_uuid (reading, uuid);
}

typedef struct
{
  char *name;
  gint64 media_area_mm2;
  gint64 printed_area_mm2;
  gint64 ink_ul;
  gint64 length_mm;
} PiwsCategoryTotal;

static void
piws_category_total_free (gpointer data)
{
  PiwsCategoryTotal *total = data;

  g_free (total->name);
  g_free (total);
}

static PiwsCategoryTotal *
piws_category_total_get (GPtrArray  *totals,
                         const char *name)
{
  PiwsCategoryTotal *total;

  for (guint i = 0; i < totals->len; i++)
    {
      total = g_ptr_array_index (totals, i);
      if (g_strcmp0 (total->name, name) == 0)
        return total;
    }

  total = g_new0 (PiwsCategoryTotal, 1);
  total->name = g_strdup (name);
  total->media_area_mm2 = ML_UNKNOWN;
  total->printed_area_mm2 = ML_UNKNOWN;
  total->ink_ul = ML_UNKNOWN;
  total->length_mm = ML_UNKNOWN;
  g_ptr_array_add (totals, total);
  return total;
}

/* What one Accounting element consumed: media area and length, ink per colour. */
typedef struct
{
  gboolean has_media;
  gint64 media_area_mm2;
  gint64 media_length_mm;
  GPtrArray *inks;           /* PiwsInkTotal, ink_used_ul per colour */
} PiwsConsumption;

static void
piws_consumption_init (PiwsConsumption *consumption)
{
  consumption->has_media = FALSE;
  consumption->media_area_mm2 = ML_UNKNOWN;
  consumption->media_length_mm = ML_UNKNOWN;
  consumption->inks = g_ptr_array_new_with_free_func (piws_ink_total_free);
}

static void
piws_consumption_clear (PiwsConsumption *consumption)
{
  g_clear_pointer (&consumption->inks, g_ptr_array_unref);
}

static gint64
piws_consumption_total_ink (PiwsConsumption *consumption)
{
  gint64 total = ML_UNKNOWN;

  for (guint i = 0; i < consumption->inks->len; i++)
    {
      PiwsInkTotal *ink = g_ptr_array_index (consumption->inks, i);

      total = piws_sum (total, ink->ink_used_ul);
    }
  return total;
}

static void
piws_read_consumption (Piws            *p,
                       JsonObject      *accounting,
                       const char      *path,
                       PiwsConsumption *consumption)
{
  g_autoptr(GPtrArray) media = piws_items (p, accounting, path,
                                           "MediaCollectionConsumption.MediaConsumption");
  g_autoptr(GPtrArray) inks = piws_items (p, accounting, path,
                                          "InkCollectionConsumption.InkConsumption");

  for (guint i = 0; i < media->len && p->error == NULL; i++)
    {
      PiwsItem *item = g_ptr_array_index (media, i);
      gint64 area = ML_UNKNOWN;
      gint64 length = ML_UNKNOWN;

      piws_quantity (p, item->object, item->path, "SquareAmount", ML_UNIT_MM2,
                     PIWS_JOB_AREA_UNIT, &area);
      piws_quantity (p, item->object, item->path, "LinearAmount", ML_UNIT_MM,
                     PIWS_JOB_LENGTH_UNIT, &length);
      consumption->has_media = TRUE;
      consumption->media_area_mm2 = piws_sum (consumption->media_area_mm2, area);
      consumption->media_length_mm = piws_sum (consumption->media_length_mm, length);
    }

  for (guint i = 0; i < inks->len && p->error == NULL; i++)
    {
      PiwsItem *item = g_ptr_array_index (inks, i);
      g_autofree char *color = piws_text (p, item->object, item->path, "InkName");
      gint64 amount = ML_UNKNOWN;

      piws_quantity (p, item->object, item->path, "Amount", ML_UNIT_MICROLITRE,
                     PIWS_JOB_INK_UNIT, &amount);
      if (color != NULL && amount >= 0)
        {
          PiwsInkTotal *total = piws_ink_total_get (consumption->inks, color);

          total->ink_used_ul = piws_sum (total->ink_used_ul, amount);
        }
    }
}

static void
piws_job_set_category (MlJob             *job,
                       PiwsCategoryTotal *total)
{
  GListModel *categories = ml_job_get_categories (job);
  guint n_items = g_list_model_get_n_items (categories);
  g_autoptr(MlCategoryUsage) category = NULL;
  gboolean known = FALSE;

  /* A job read again (an update in a later snapshot) keeps one entry per category. */
  for (guint i = 0; i < n_items && category == NULL; i++)
    {
      g_autoptr(MlCategoryUsage) candidate = g_list_model_get_item (categories, i);

      if (g_strcmp0 (ml_category_usage_get_category (candidate), total->name) == 0)
        {
          category = g_steal_pointer (&candidate);
          known = TRUE;
        }
    }

  if (category == NULL)
    {
      category = ml_category_usage_new ();
      ml_category_usage_set_category (category, total->name);
    }

  ml_category_usage_set_media_area_mm2 (category, total->media_area_mm2);
  ml_category_usage_set_printed_area_mm2 (category, total->printed_area_mm2);
  ml_category_usage_set_ink_ul (category, total->ink_ul);
  ml_category_usage_set_length_mm (category, total->length_mm);

  if (!known)
    ml_job_add_category (job, category);
}

/* Fills @job from one Job2DPrint, Job2DScan or Job2DCopy. Only what the printer
 * said is set, so that a job read again keeps what an earlier snapshot gave. */
static void
piws_fill_job (Piws       *p,
               MlJob      *job,
               JsonObject *entry,
               const char *path)
{
  g_autofree char *settings_path = piws_path (path, "Settings");
  g_autofree char *accounting_path = piws_path (path, "Accounting");
  g_autofree char *name = NULL;
  g_autofree char *user_name = NULL;
  g_autofree char *account = NULL;
  g_autofree char *application = NULL;
  g_autofree char *source = NULL;
  g_autofree char *project = NULL;
  g_autofree char *user_defined = NULL;
  g_autofree char *status_text = NULL;
  g_autofree char *quality = NULL;
  g_autofree char *media_type = NULL;
  g_autofree char *first_category = NULL;
  g_autoptr(GPtrArray) pages = NULL;
  g_autoptr(GPtrArray) category_totals = g_ptr_array_new_with_free_func (piws_category_total_free);
  PiwsConsumption job_consumption;
  PiwsConsumption page_consumption;
  JsonObject *settings;
  JsonObject *accounting;
  gint64 copies = ML_UNKNOWN;
  gint64 n_pages = ML_UNKNOWN;
  gint64 submitted_at = 0;
  gint64 printed_at = 0;
  gint64 completed_at = 0;
  gint64 duration = ML_UNKNOWN;
  gint64 scan_area = ML_UNKNOWN;
  gint64 printed_area = ML_UNKNOWN;
  gint64 nonwhite_ppm = ML_UNKNOWN;
  gint64 color_ppm = ML_UNKNOWN;
  gboolean has_timestamps;
  PiwsConsumption *consumption;

  piws_consumption_init (&job_consumption);
  piws_consumption_init (&page_consumption);

  settings = piws_object (p, entry, path, "Settings");
  name = piws_text (p, settings, settings_path, "JobName");
  user_name = piws_text (p, settings, settings_path, "UserName");
  account = piws_text (p, settings, settings_path, "Account");
  application = piws_text (p, settings, settings_path, "ApplicationUUID");
  source = piws_text (p, settings, settings_path, "Source");
  project = piws_text (p, settings, settings_path, "ProjectID");
  user_defined = piws_text (p, settings, settings_path, "UserDefined");
  piws_int (p, settings, settings_path, "RequestedCopies", 0, G_MAXINT32, &copies);
  status_text = piws_text (p, entry, path, "Status.JobStatus");

  accounting = piws_object (p, entry, path, "Accounting");
  has_timestamps = piws_timestamp (p, accounting, accounting_path, "SubmissionTimestamp",
                                   &submitted_at);
  has_timestamps |= piws_timestamp (p, accounting, accounting_path, "PrintingTimestamp",
                                    &printed_at);
  has_timestamps |= piws_timestamp (p, accounting, accounting_path, "CompletionTimestamp",
                                    &completed_at);
  piws_read_consumption (p, accounting, accounting_path, &job_consumption);
  piws_quantity (p, accounting, accounting_path, "ScannedArea", ML_UNIT_MM2,
                 PIWS_JOB_AREA_UNIT, &scan_area);

  piws_int (p, entry, path, "Pages.NumberOfPages", 0, G_MAXINT32, &n_pages);
  pages = piws_items (p, entry, path, "Pages.Page");
  for (guint i = 0; i < pages->len && p->error == NULL; i++)
    {
      PiwsItem *page = g_ptr_array_index (pages, i);
      g_autofree char *page_accounting_path = piws_path (page->path, "Accounting");
      g_autofree char *category = NULL;
      PiwsConsumption this_page;
      JsonObject *page_accounting;
      gint64 width = ML_UNKNOWN;
      gint64 height = ML_UNKNOWN;
      gint64 page_copies = 1;
      gint64 area = ML_UNKNOWN;
      guint64 product;

      piws_consumption_init (&this_page);
      piws_quantity (p, page->object, page->path, "Settings.PageSize.Width", ML_UNIT_MM, NULL,
                     &width);
      piws_quantity (p, page->object, page->path, "Settings.PageSize.Height", ML_UNIT_MM,
                     NULL, &height);
      piws_int (p, page->object, page->path, "Settings.Copies", 0, G_MAXINT32, &page_copies);
      page_accounting = piws_object (p, page->object, page->path, "Accounting");
      piws_read_consumption (p, page_accounting, page_accounting_path, &this_page);
      category = piws_text (p, page_accounting, page_accounting_path, "PrintCategory");

      if (i == 0)
        {
          quality = piws_text (p, page->object, page->path, "Settings.PrintQuality");
          media_type = piws_text (p, page->object, page->path, "Settings.MediaType");
          piws_percent_ppm (p, page_accounting, page_accounting_path, "GrayPixelCoverage",
                            &nonwhite_ppm);
          piws_percent_ppm (p, page_accounting, page_accounting_path, "ColorPixelCoverage",
                            &color_ppm);
          first_category = g_strdup (category);
        }

      /* Each side in mm first, as the contract says, then the area. */
      if (width >= 0 && height >= 0)
        {
          if (g_uint64_checked_mul (&product, (guint64) width, (guint64) height)
              && g_uint64_checked_mul (&product, product, (guint64) page_copies)
              && product <= G_MAXINT64)
            {
              area = (gint64) product;
              printed_area = piws_sum (printed_area, area);
            }
          else
            {
              g_autofree char *where = piws_path (page->path, "Settings.PageSize");

              piws_fail (p, ML_ERROR_INVALID_VALUE, _("%s is too large a page"), where);
            }
        }

      page_consumption.has_media |= this_page.has_media;
      page_consumption.media_area_mm2 = piws_sum (page_consumption.media_area_mm2,
                                                  this_page.media_area_mm2);
      page_consumption.media_length_mm = piws_sum (page_consumption.media_length_mm,
                                                   this_page.media_length_mm);
      for (guint j = 0; j < this_page.inks->len; j++)
        {
          PiwsInkTotal *ink = g_ptr_array_index (this_page.inks, j);
          PiwsInkTotal *total = piws_ink_total_get (page_consumption.inks, ink->color);

          total->ink_used_ul = piws_sum (total->ink_used_ul, ink->ink_used_ul);
        }

      if (category != NULL)
        {
          PiwsCategoryTotal *total = piws_category_total_get (category_totals, category);

          total->media_area_mm2 = piws_sum (total->media_area_mm2, this_page.media_area_mm2);
          total->length_mm = piws_sum (total->length_mm, this_page.media_length_mm);
          total->printed_area_mm2 = piws_sum (total->printed_area_mm2, area);
          total->ink_ul = piws_sum (total->ink_ul, piws_consumption_total_ink (&this_page));
        }

      piws_consumption_clear (&this_page);
    }

  if (p->error != NULL)
    goto out;

  if (name != NULL)
    ml_job_set_name (job, name);
  if (user_name != NULL)
    ml_job_set_user_name (job, user_name);
  if (account != NULL)
    ml_job_set_account_id (job, account);
  if (application != NULL)
    ml_job_set_application_id (job, application);
  if (source != NULL)
    ml_job_set_source (job, source);
  if (project != NULL)
    ml_job_set_project_id (job, project);
  if (user_defined != NULL)
    ml_job_set_user_defined (job, user_defined);
  if (copies >= 0)
    ml_job_set_copies (job, copies);
  if (status_text != NULL)
    {
      ml_job_set_status_text (job, status_text);
      ml_job_set_status (job, piws_job_status (status_text));
    }

  if (has_timestamps)
    {
      ml_job_set_submitted_at (job, submitted_at);
      ml_job_set_printed_at (job, printed_at);
      ml_job_set_completed_at (job, completed_at);
    }
  if (printed_at > 0 && completed_at >= printed_at)
    {
      g_autoptr(GError) local_error = NULL;
      g_autofree char *seconds = g_strdup_printf ("%" G_GINT64_FORMAT, completed_at - printed_at);

      if (ml_units_convert (seconds, "s", ML_UNIT_MS, &duration, &local_error))
        ml_job_set_duration_ms (job, duration);
    }

  if (n_pages < 0 && pages->len > 0)
    n_pages = pages->len;
  if (n_pages >= 0)
    ml_job_set_pages (job, n_pages);
  if (quality != NULL)
    ml_job_set_quality (job, quality);
  if (media_type != NULL)
    ml_job_set_media_type_id (job, media_type);
  if (first_category != NULL)
    ml_job_set_coverage_category (job, first_category);
  if (nonwhite_ppm >= 0)
    ml_job_set_nonwhite_coverage_ppm (job, nonwhite_ppm);
  if (color_ppm >= 0)
    ml_job_set_color_coverage_ppm (job, color_ppm);
  if (printed_area >= 0)
    ml_job_set_printed_area_mm2 (job, printed_area);
  if (scan_area >= 0)
    ml_job_set_scan_area_mm2 (job, scan_area);

  /* The job's own accounting when it has any; the Z9 leaves it empty and fills the
   * pages' accounting instead. */
  consumption = job_consumption.has_media ? &job_consumption : &page_consumption;
  if (consumption->media_area_mm2 >= 0)
    ml_job_set_media_area_mm2 (job, consumption->media_area_mm2);
  if (consumption->media_length_mm >= 0)
    ml_job_set_media_length_mm (job, consumption->media_length_mm);

  consumption = job_consumption.inks->len > 0 ? &job_consumption : &page_consumption;
  for (guint i = 0; i < consumption->inks->len; i++)
    {
      PiwsInkTotal *ink = g_ptr_array_index (consumption->inks, i);

      ml_job_set_ink (job, ink->color, ink->ink_used_ul);
    }

  for (guint i = 0; i < category_totals->len; i++)
    piws_job_set_category (job, g_ptr_array_index (category_totals, i));

out:
  piws_consumption_clear (&job_consumption);
  piws_consumption_clear (&page_consumption);
}

typedef struct
{
  MlJob *job;
  JsonObject *entry;
  char *path;
} PiwsJobEntry;

static void
piws_job_entry_free (gpointer data)
{
  PiwsJobEntry *entry = data;

  g_clear_object (&entry->job);
  g_free (entry->path);
  g_free (entry);
}

/* JobQueueSnapshot › Jobs › Job[] › <Job2DPrint|Job2DScan|Job2DCopy> */
static void
piws_read_job_snapshot (Piws             *p,
                        MlPrinterReading *reading,
                        JsonObject       *root)
{
  static const struct {
    const char *name;
    MlJobKind kind;
  } kinds[] = {
    { "Job2DPrint", ML_JOB_KIND_PRINT },
    { "Job2DScan", ML_JOB_KIND_SCAN },
    { "Job2DCopy", ML_JOB_KIND_COPY },
  };
  g_autoptr(GPtrArray) wrappers = piws_items (p, root, "", "Jobs.Job");
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func (piws_job_entry_free);
  gint64 modification = ML_UNKNOWN;

  piws_int (p, root, "", "ModificationNumber", 0, G_MAXINT64, &modification);

  for (guint i = 0; i < wrappers->len && p->error == NULL; i++)
    {
      PiwsItem *wrapper = g_ptr_array_index (wrappers, i);

      for (guint k = 0; k < G_N_ELEMENTS (kinds) && p->error == NULL; k++)
        {
          g_autoptr(GPtrArray) jobs = piws_items (p, wrapper->object, wrapper->path,
                                                  kinds[k].name);

          for (guint j = 0; j < jobs->len && p->error == NULL; j++)
            {
              PiwsItem *item = g_ptr_array_index (jobs, j);
              g_autofree char *uuid = NULL;
              PiwsJobEntry *entry;

              /* An incremental read sends a job unchanged since the last one as a bare
               * envelope: the reading already holds it. */
              if (piws_lookup (p, item->object, item->path, "Settings") == NULL)
                continue;

              uuid = piws_text (p, item->object, item->path, "UUID");
              if (uuid == NULL)
                {
                  piws_fail (p, ML_ERROR_INVALID_VALUE, _("%s has no UUID"), item->path);
                  break;
                }

              entry = g_new0 (PiwsJobEntry, 1);
              entry->job = ml_job_new (kinds[k].kind, uuid);
              entry->entry = item->object;
              entry->path = g_strdup (item->path);
              g_ptr_array_add (entries, entry);
              piws_fill_job (p, entry->job, entry->entry, entry->path);
            }
        }
    }

  if (p->error != NULL)
    return;

  if (modification >= 0)
    ml_printer_reading_set_queue_modification (reading, modification);

  for (guint i = 0; i < entries->len; i++)
    {
      PiwsJobEntry *entry = g_ptr_array_index (entries, i);
      MlJob *known = ml_printer_reading_lookup_job (reading, ml_job_get_uuid (entry->job));

      if (known == NULL)
        {
          ml_printer_reading_add_job (reading, entry->job);
          continue;
        }

      /* Read once already without an error: filling the known job cannot fail. */
      piws_fill_job (p, known, entry->entry, entry->path);
      g_assert (p->error == NULL);
    }
}

static gboolean
piws_read_document (MlPrinterReading *reading,
                    MlPiwsDocument    document,
                    const char       *root_name,
                    JsonNode         *body,
                    GError          **error)
{
  g_autoptr(JsonObject) empty = NULL;
  Piws p = { root_name, NULL };
  JsonObject *root;

  if (JSON_NODE_HOLDS_NULL (body))
    {
      /* <ActiveAlerts/> and {"ActiveAlerts": null}: a document with nothing in it. */
      empty = json_object_new ();
      root = empty;
    }
  else if (JSON_NODE_HOLDS_OBJECT (body))
    root = json_node_get_object (body);
  else
    {
      g_autofree char *what = piws_describe (body);

      g_set_error (error, ML_ERROR, ML_ERROR_WRONG_TYPE,
                   _("%s: the document is %s, not a group of fields"), root_name, what);
      return FALSE;
    }

  switch (document)
    {
    case ML_PIWS_DOCUMENT_IDENTIFICATION:
      piws_read_identification (&p, reading, root);
      break;
    case ML_PIWS_DOCUMENT_DEVICE_STATUS:
      piws_read_device_status (&p, reading, root);
      break;
    case ML_PIWS_DOCUMENT_ALERTS:
      piws_read_alerts (&p, reading, root);
      break;
    case ML_PIWS_DOCUMENT_INK_SYSTEM:
      piws_read_ink_system (&p, reading, root);
      break;
    case ML_PIWS_DOCUMENT_PRINTHEADS_STATUS:
      piws_read_printheads (&p, reading, root);
      break;
    case ML_PIWS_DOCUMENT_MEDIA_SYSTEM:
      piws_read_media_system (&p, reading, root);
      break;
    case ML_PIWS_DOCUMENT_PAPER_LIST:
      piws_read_paper_list (&p, reading, root);
      break;
    case ML_PIWS_DOCUMENT_DEVICE_COUNTERS:
      piws_read_device_counters (&p, reading, root);
      break;
    case ML_PIWS_DOCUMENT_JOB_QUEUE_COLLECTION:
      piws_read_job_queue_collection (&p, reading, root);
      break;
    case ML_PIWS_DOCUMENT_JOB_QUEUE_SNAPSHOT:
      piws_read_job_snapshot (&p, reading, root);
      break;
    default:
      g_assert_not_reached ();
    }

  return piws_finish (&p, error);
}

/* The mechanical XML → JSON mapping of PIWS: an element with PIWS children is an
 * object, a repeated child a list, a leaf its text (empty: null). Elements of other
 * namespaces are not part of the document. */
static JsonNode *
piws_xml_to_json (xmlNode  *element,
                  int       depth,
                  GError  **error)
{
  g_autoptr(JsonObject) object = NULL;
  g_autofree char *text = NULL;
  JsonNode *node;

  if (depth > PIWS_MAX_DEPTH)
    {
      g_set_error (error, ML_ERROR, ML_ERROR_TOO_LARGE,
                   _("The PIWS document nests elements more than %d levels deep"),
                   PIWS_MAX_DEPTH);
      return NULL;
    }

  ml_xml_foreach_child (child, element, ML_PIWS_NS, NULL)
    {
      const char *name = (const char *) child->name;
      JsonNode *value = piws_xml_to_json (child, depth + 1, error);
      JsonNode *existing;

      if (value == NULL)
        return NULL;

      if (object == NULL)
        object = json_object_new ();

      existing = json_object_get_member (object, name);
      if (existing == NULL)
        json_object_set_member (object, name, value);
      else if (JSON_NODE_HOLDS_ARRAY (existing))
        json_array_add_element (json_node_get_array (existing), value);
      else
        {
          JsonArray *array = json_array_new ();

          json_array_add_element (array, json_node_ref (existing));
          json_array_add_element (array, value);
          json_object_set_array_member (object, name, array);
        }
    }

  if (object != NULL)
    {
      node = json_node_alloc ();
      return json_node_init_object (node, object);
    }

  text = ml_xml_text (element);
  if (text == NULL || *text == '\0')
    return json_node_new (JSON_NODE_NULL);

  node = json_node_alloc ();
  return json_node_init_string (node, text);
}

gboolean
ml_piws_reader_accepts_xml (xmlNode *root)
{
  MlPiwsDocument document;

  return ml_xml_is (root, ML_PIWS_NS, NULL)
         && piws_lookup_root ((const char *) root->name, &document);
}

static const char *
piws_json_root_name (JsonNode       *root,
                     MlPiwsDocument *out_document)
{
  JsonObject *object;
  g_autoptr(GList) members = NULL;

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;

  object = json_node_get_object (root);
  members = json_object_get_members (object);
  for (GList *l = members; l != NULL; l = l->next)
    {
      if (piws_lookup_root (l->data, out_document))
        return l->data;
    }
  return NULL;
}

gboolean
ml_piws_reader_accepts_json (JsonNode *root)
{
  MlPiwsDocument document;

  return piws_json_root_name (root, &document) != NULL;
}

gboolean
ml_piws_reader_read_xml (MlPrinterReading  *reading,
                         xmlNode           *root,
                         MlPiwsDocument    *out_document,
                         GError           **error)
{
  g_autoptr(JsonNode) body = NULL;
  MlPiwsDocument document;

  g_return_val_if_fail (ML_IS_PRINTER_READING (reading), FALSE);
  g_return_val_if_fail (root != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!ml_xml_is (root, ML_PIWS_NS, NULL))
    {
      if (root->ns == NULL || root->ns->href == NULL)
        g_set_error (error, ML_ERROR, ML_ERROR_UNSUPPORTED,
                     _("The XML document <%s> has no namespace, so it is not a PIWS "
                       "document (namespace %s)"),
                     (const char *) root->name, ML_PIWS_NS);
      else
        g_set_error (error, ML_ERROR, ML_ERROR_UNSUPPORTED,
                     _("The XML document <%s> is in the namespace %s, not in the PIWS "
                       "namespace %s"),
                     (const char *) root->name, (const char *) root->ns->href, ML_PIWS_NS);
      return FALSE;
    }

  if (!piws_lookup_root ((const char *) root->name, &document))
    {
      g_set_error (error, ML_ERROR, ML_ERROR_UNSUPPORTED,
                   _("The PIWS document %s is not one that Meterlink reads"),
                   (const char *) root->name);
      return FALSE;
    }

  if (out_document != NULL)
    *out_document = document;

  body = piws_xml_to_json (root, 0, error);
  if (body == NULL)
    return FALSE;

  return piws_read_document (reading, document, (const char *) root->name, body, error);
}

gboolean
ml_piws_reader_read_json (MlPrinterReading  *reading,
                          JsonNode          *root,
                          MlPiwsDocument    *out_document,
                          GError           **error)
{
  MlPiwsDocument document;
  const char *name;

  g_return_val_if_fail (ML_IS_PRINTER_READING (reading), FALSE);
  g_return_val_if_fail (root != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error_literal (error, ML_ERROR, ML_ERROR_WRONG_TYPE,
                           _("The PIWS JSON document is not an object"));
      return FALSE;
    }

  name = piws_json_root_name (root, &document);
  if (name == NULL)
    {
      g_autoptr(GList) members = json_object_get_members (json_node_get_object (root));

      if (members == NULL)
        g_set_error_literal (error, ML_ERROR, ML_ERROR_UNSUPPORTED,
                             _("The JSON document is an empty object, not a PIWS document"));
      else
        g_set_error (error, ML_ERROR, ML_ERROR_UNSUPPORTED,
                     _("The PIWS document %s is not one that Meterlink reads"),
                     (const char *) members->data);
      return FALSE;
    }

  if (out_document != NULL)
    *out_document = document;

  return piws_read_document (reading, document, name,
                             json_object_get_member (json_node_get_object (root), name),
                             error);
}

gboolean
ml_piws_reader_read (MlPrinterReading  *reading,
                     const char        *data,
                     gsize              length,
                     MlPiwsDocument    *out_document,
                     GError           **error)
{
  gsize start = 0;

  g_return_val_if_fail (ML_IS_PRINTER_READING (reading), FALSE);
  g_return_val_if_fail (data != NULL || length == 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* A UTF-8 byte order mark is not a character of the document. */
  if (length >= 3 && memcmp (data, "\xef\xbb\xbf", 3) == 0)
    start = 3;
  while (start < length && g_ascii_isspace (data[start]))
    start++;

  if (start < length && data[start] == '<')
    {
      g_autoptr(xmlDoc) doc = ml_xml_parse (data, length, error);

      if (doc == NULL)
        return FALSE;
      return ml_piws_reader_read_xml (reading, xmlDocGetRootElement (doc), out_document, error);
    }

  if (start == length || data[start] == '{' || data[start] == '[')
    {
      g_autoptr(JsonNode) root = ml_json_parse (data + MIN (start, length),
                                                length - MIN (start, length), error);

      if (root == NULL)
        return FALSE;
      return ml_piws_reader_read_json (reading, root, out_document, error);
    }

  g_set_error_literal (error, ML_ERROR, ML_ERROR_MALFORMED,
                       _("The PIWS response is neither XML nor JSON"));
  return FALSE;
}
