/* ml-json.c: safe reading of untrusted JSON (printers, bundles)
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ml-error.h"
#include "ml-json.h"

/* json-glib's parser recurses once per nesting level and has no limit of its own:
 * about 100000 nested brackets overflow the stack. Printers nest a dozen levels. */
#define ML_JSON_MAX_DEPTH 128

/* Only counts brackets outside strings so that json-glib is never handed a nesting
 * bomb; everything else (and any syntax error) is left to json-glib. */
gboolean
ml_json_nesting_exceeds (const char *data,
                       gsize       length,
                       int         max_depth)
{
  gboolean in_string = FALSE;
  int depth = 0;

  for (gsize i = 0; i < length; i++)
    {
      char c = data[i];

      if (in_string)
        {
          if (c == '\\')
            i++;
          else if (c == '"')
            in_string = FALSE;
        }
      else if (c == '"')
        in_string = TRUE;
      else if (c == '[' || c == '{')
        {
          if (++depth > max_depth)
            return TRUE;
        }
      else if ((c == ']' || c == '}') && depth > 0)
        depth--;
    }
  return FALSE;
}

static gboolean
ml_json_is_blank (const char *data,
                  gsize       length)
{
  for (gsize i = 0; i < length; i++)
    {
      if (!g_ascii_isspace (data[i]))
        return FALSE;
    }
  return TRUE;
}

static const char *
ml_json_describe_type (JsonNode *node)
{
  switch (JSON_NODE_TYPE (node))
    {
    case JSON_NODE_ARRAY:
      return _("a list");
    case JSON_NODE_NULL:
      return _("null");
    case JSON_NODE_VALUE:
      return json_node_get_value_type (node) == G_TYPE_STRING ? _("a string")
                                                              : _("a single value");
    case JSON_NODE_OBJECT:
    default:
      return _("an object");
    }
}

JsonNode *
ml_json_parse (const char  *data,
               gsize        length,
               GError     **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local_error = NULL;
  JsonNode *root;

  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (length == 0 || ml_json_is_blank (data, length))
    {
      g_set_error_literal (error, ML_ERROR, ML_ERROR_EMPTY,
                           _("The JSON document is empty"));
      return NULL;
    }

  if (length > ML_JSON_MAX_SIZE)
    {
      g_set_error (error, ML_ERROR, ML_ERROR_TOO_LARGE,
                   _("The JSON document is %lu bytes long, more than "
                     "the %d bytes a printer ever sends"),
                   (unsigned long)length, ML_JSON_MAX_SIZE);
      return NULL;
    }

  if (ml_json_nesting_exceeds (data, length, ML_JSON_MAX_DEPTH))
    {
      g_set_error (error, ML_ERROR, ML_ERROR_TOO_LARGE,
                   _("The JSON document nests objects or lists more than %d levels deep"),
                   ML_JSON_MAX_DEPTH);
      return NULL;
    }

  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, data, (gssize) length, &local_error))
    {
      g_set_error (error, ML_ERROR, ML_ERROR_MALFORMED,
                   _("The JSON document is not well-formed: %s"), local_error->message);
      return NULL;
    }

  root = json_parser_get_root (parser);
  if (root == NULL)
    {
      g_set_error_literal (error, ML_ERROR, ML_ERROR_EMPTY,
                           _("The JSON document is empty"));
      return NULL;
    }

  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, ML_ERROR, ML_ERROR_WRONG_TYPE,
                   _("The JSON document is %s, not an object"),
                   ml_json_describe_type (root));
      return NULL;
    }

  return json_node_ref (root);
}
