/* ml-piws-tree.c: a PIWS document as a JSON tree, and its leaves read with errors that say where
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The readers accept every leaf as a string, a number, a boolean or null, and every
 * repeatable element as a single object or a list, because the printers' JSON writer
 * decides that per reply.
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ml-piws-reader-private.h"
#include "ml-xml.h"

/* The deepest PIWS document (JobQueueSnapshot) nests ten elements. */
#define PIWS_MAX_DEPTH 64

/* XML into JSON --------------------------------------------------------------------------- */

/* The mechanical XML → JSON mapping of PIWS: an element with PIWS children is an
 * object, a repeated child a list, a leaf its text (empty: null). Elements of other
 * namespaces are not part of the document. */
JsonNode *
_ml_piws_xml_to_json (xmlNode  *element,
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
      JsonNode *value = _ml_piws_xml_to_json (child, depth + 1, error);
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

/* Leaves ---------------------------------------------------------------------------------- */

static void
piws_item_free (gpointer data)
{
  MlPiwsItem *item = data;

  g_free (item->path);
  g_free (item);
}

char *
_ml_piws_path (const char *path,
               const char *keys)
{
  if (path == NULL || *path == '\0')
    return g_strdup (keys);
  return g_strconcat (path, ".", keys, NULL);
}

void
_ml_piws_fail (MlPiws     *p,
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
piws_fail_with (MlPiws     *p,
                const char *path,
                const char *keys,
                GError     *cause)
{
  g_autofree char *where = _ml_piws_path (path, keys);

  if (p->error == NULL)
    p->error = g_error_new (cause->domain, cause->code, "%s: %s: %s",
                            p->document, where, cause->message);
}

char *
_ml_piws_describe (JsonNode *node)
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
piws_fail_type (MlPiws     *p,
                const char *path,
                const char *keys,
                JsonNode   *node,
                const char *expected)
{
  g_autofree char *where = _ml_piws_path (path, keys);
  g_autofree char *what = _ml_piws_describe (node);

  /* TRANSLATORS: "InkSystem.InkSlotGroupCollection.InkSlotGroup is "abc", not a
   * group of fields" */
  _ml_piws_fail (p, ML_ERROR_WRONG_TYPE, _("%s is %s, not %s"), where, what, _(expected));
}

/* Follows a dotted path of member names through objects. NULL when a member is
 * missing or empty; a list or a value on the way is an error. */
JsonNode *
_ml_piws_lookup (MlPiws     *p,
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

JsonObject *
_ml_piws_object (MlPiws     *p,
                 JsonObject *object,
                 const char *path,
                 const char *keys)
{
  JsonNode *node = _ml_piws_lookup (p, object, path, keys);

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

char *
_ml_piws_text (MlPiws     *p,
               JsonObject *object,
               const char *path,
               const char *keys)
{
  JsonNode *node = _ml_piws_lookup (p, object, path, keys);

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
piws_number_text (MlPiws     *p,
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
piws_decimal (MlPiws     *p,
              JsonObject *object,
              const char *path,
              const char *keys,
              gint64     *out_millionths)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *text = NULL;
  JsonNode *node = _ml_piws_lookup (p, object, path, keys);

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
piws_check_range (MlPiws     *p,
                  const char *path,
                  const char *keys,
                  gint64      value,
                  gint64      min,
                  gint64      max)
{
  g_autofree char *where = NULL;

  if (value >= min && value <= max)
    return TRUE;

  where = _ml_piws_path (path, keys);
  _ml_piws_fail (p, ML_ERROR_INVALID_VALUE,
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
gboolean
_ml_piws_int (MlPiws     *p,
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
      g_autofree char *where = _ml_piws_path (path, keys);
      g_autofree char *what = _ml_piws_describe (_ml_piws_lookup (p, object, path, keys));

      _ml_piws_fail (p, ML_ERROR_INVALID_VALUE, _("%s is %s, not a whole number"), where, what);
      return FALSE;
    }

  if (!piws_check_range (p, path, keys, millionths / 1000000, min, max))
    return FALSE;

  *out_value = millionths / 1000000;
  return TRUE;
}

gboolean
_ml_piws_rounded (MlPiws     *p,
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
gboolean
_ml_piws_percent_ppm (MlPiws     *p,
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
      g_autofree char *where = _ml_piws_path (path, keys);
      g_autofree char *what = _ml_piws_describe (_ml_piws_lookup (p, object, path, keys));

      _ml_piws_fail (p, ML_ERROR_INVALID_VALUE, _("%s is %s, not a percentage from 0 to 100"),
                     where, what);
      return FALSE;
    }

  *out_ppm = (millionths + 50) / 100;
  return TRUE;
}

gboolean
_ml_piws_bool (MlPiws     *p,
               JsonObject *object,
               const char *path,
               const char *keys,
               gboolean   *out_value)
{
  g_autofree char *text = NULL;
  JsonNode *node = _ml_piws_lookup (p, object, path, keys);

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

gboolean
_ml_piws_timestamp (MlPiws     *p,
                    JsonObject *object,
                    const char *path,
                    const char *keys,
                    gint64     *out_unix_seconds)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *text = NULL;
  JsonNode *node = _ml_piws_lookup (p, object, path, keys);

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
gboolean
_ml_piws_quantity (MlPiws     *p,
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
  JsonNode *node = _ml_piws_lookup (p, object, path, keys);
  JsonNode *value_node;
  const char *value_path;
  const char *value_keys;
  gboolean converted;

  if (node == NULL)
    return FALSE;

  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *quantity = json_node_get_object (node);

      quantity_path = _ml_piws_path (path, keys);
      value_path = quantity_path;
      value_keys = "Value";
      value_node = _ml_piws_lookup (p, quantity, quantity_path, "Value");
      unit = _ml_piws_text (p, quantity, quantity_path, "Unit");
      if (value_node == NULL || p->error != NULL)
        return FALSE;
      if (unit == NULL)
        {
          if (default_unit == NULL)
            {
              _ml_piws_fail (p, ML_ERROR_INVALID_VALUE, _("%s has a Value but no Unit"),
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
      g_autofree char *where = _ml_piws_path (value_path, value_keys);

      _ml_piws_fail (p, ML_ERROR_INVALID_VALUE, _("%s is less than zero"), where);
      return FALSE;
    }
  return TRUE;
}

/* A repeatable element: missing or empty is none, an object is one, a list is
 * each of its objects. */
GPtrArray *
_ml_piws_items (MlPiws     *p,
                JsonObject *object,
                const char *path,
                const char *keys)
{
  GPtrArray *items = g_ptr_array_new_with_free_func (piws_item_free);
  JsonNode *node = _ml_piws_lookup (p, object, path, keys);
  JsonArray *array;
  guint length;

  if (node == NULL)
    return items;

  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      MlPiwsItem *item = g_new0 (MlPiwsItem, 1);

      item->object = json_node_get_object (node);
      item->path = _ml_piws_path (path, keys);
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
      MlPiwsItem *item;

      if (JSON_NODE_HOLDS_NULL (element))
        continue;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        {
          piws_fail_type (p, path, element_keys, element, N_("a group of fields"));
          g_ptr_array_set_size (items, 0);
          return items;
        }

      item = g_new0 (MlPiwsItem, 1);
      item->object = json_node_get_object (element);
      item->path = _ml_piws_path (path, element_keys);
      g_ptr_array_add (items, item);
    }

  return items;
}

/* A repeatable leaf, such as StatusFlag or Color: one text or a list of them. */
GStrv
_ml_piws_text_list (MlPiws     *p,
                    JsonObject *object,
                    const char *path,
                    const char *keys)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  JsonNode *node = _ml_piws_lookup (p, object, path, keys);

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

gboolean
_ml_piws_finish (MlPiws  *p,
                 GError **error)
{
  if (p->error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&p->error));
      return FALSE;
    }
  return TRUE;
}

/* Words and totals ------------------------------------------------------------------------ */

gboolean
_ml_piws_word_is (const char *text,
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

gint64
_ml_piws_sum (gint64 total,
              gint64 value)
{
  if (value < 0)
    return total;
  if (total < 0)
    return value;
  return value > G_MAXINT64 - total ? G_MAXINT64 : total + value;
}

MlInkUsage *
_ml_piws_add_ink (MlUsage    *totals,
                  const char *color,
                  gint64      ink_used_ul)
{
  MlInkUsage *ink = ml_usage_lookup_ink (totals, color);

  if (ink == NULL)
    {
      g_autoptr(MlInkUsage) new_ink = ml_ink_usage_new ();

      ml_ink_usage_set_color (new_ink, color);
      ml_usage_add_ink (totals, new_ink);
      ink = new_ink;  /* @totals keeps its reference */
    }

  ml_ink_usage_set_ink_used_ul (ink, _ml_piws_sum (ml_ink_usage_get_ink_used_ul (ink),
                                                   ink_used_ul));
  return ink;
}
