/* ml-response-reader.c: any saved printer response, its kind told from its content
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Support staff hand us files without saying where they came from. The content
 * decides: the first character tells XML from JSON, the document is parsed once, and
 * each protocol's reader is asked whether it knows the root.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "ml-cdm-reader.h"
#include "ml-json.h"
#include "ml-ledm-reader.h"
#include "ml-piws-reader.h"
#include "ml-response-reader.h"
#include "ml-xml.h"

#define MAX_RESPONSE_SIZE MAX (ML_XML_MAX_SIZE, ML_JSON_MAX_SIZE)

/* Lists at most this many top-level keys of an unknown JSON document in the error. */
#define MAX_KEYS_NAMED 5

static gboolean
read_xml (MlPrinterReading  *reading,
          const char        *data,
          gsize              length,
          char             **out_kind,
          GError           **error)
{
  g_autoptr(xmlDoc) doc = NULL;
  xmlNode *root;

  if (!(doc = ml_xml_parse (data, length, error)))
    return FALSE;

  root = xmlDocGetRootElement (doc);
  if (root == NULL)
    {
      g_set_error (error, ML_ERROR, ML_ERROR_MALFORMED,
                   _("the XML document has no root element"));
      return FALSE;
    }

  if (ml_piws_reader_accepts_xml (root))
    {
      MlPiwsDocument document;

      if (!ml_piws_reader_read_xml (reading, root, &document, error))
        return FALSE;
      /* TRANSLATORS: %s is a PIWS document name such as "Identification" */
      *out_kind = g_strdup_printf (_("PIWS %s (XML)"), ml_piws_document_to_string (document));
      return TRUE;
    }

  if (ml_ledm_reader_accepts_xml (root))
    {
      MlLedmDocument document;

      if (!ml_ledm_reader_read_xml (reading, root, &document, error))
        return FALSE;
      /* TRANSLATORS: %s is an LEDM document name such as "ConsumableConfigDyn" */
      *out_kind = g_strdup_printf (_("LEDM %s (XML)"), ml_ledm_document_to_string (document));
      return TRUE;
    }

  if (root->ns != NULL && root->ns->href != NULL)
    g_set_error (error, ML_ERROR, ML_ERROR_UNSUPPORTED,
                 _("not a printer response Meterlink knows: the XML root element is "
                   "“%s” in namespace “%s”"),
                 (const char *) root->name, (const char *) root->ns->href);
  else
    g_set_error (error, ML_ERROR, ML_ERROR_UNSUPPORTED,
                 _("not a printer response Meterlink knows: the XML root element is "
                   "“%s”, in no namespace"),
                 (const char *) root->name);
  return FALSE;
}

static char *
describe_keys (JsonObject *object)
{
  g_autoptr(GList) members = json_object_get_members (object);
  GString *text = g_string_new (NULL);
  guint n = 0;

  for (GList *l = members; l != NULL; l = l->next, n++)
    {
      if (n == MAX_KEYS_NAMED)
        {
          g_string_append (text, ", …");
          break;
        }
      if (n > 0)
        g_string_append (text, ", ");
      g_string_append_printf (text, "“%s”", (const char *) l->data);
    }

  return g_string_free (text, FALSE);
}

static gboolean
read_json (MlPrinterReading  *reading,
           const char        *data,
           gsize              length,
           char             **out_kind,
           GError           **error)
{
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *keys = NULL;

  if (!(root = ml_json_parse (data, length, error)))
    return FALSE;

  if (ml_piws_reader_accepts_json (root))
    {
      MlPiwsDocument document;

      if (!ml_piws_reader_read_json (reading, root, &document, error))
        return FALSE;
      /* TRANSLATORS: %s is a PIWS document name such as "InkSystem" */
      *out_kind = g_strdup_printf (_("PIWS %s (JSON)"), ml_piws_document_to_string (document));
      return TRUE;
    }

  if (ml_cdm_reader_accepts_json (root))
    {
      MlCdmDocument document;

      if (!ml_cdm_reader_read_json (reading, root, &document, error))
        return FALSE;
      /* TRANSLATORS: %s is a CDM resource such as "supply/v1/suppliesPublic" */
      *out_kind = g_strdup_printf (_("CDM %s (JSON)"), ml_cdm_document_to_string (document));
      return TRUE;
    }

  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, ML_ERROR, ML_ERROR_UNSUPPORTED,
                   _("not a printer response Meterlink knows: the JSON is not an object"));
      return FALSE;
    }

  keys = describe_keys (json_node_get_object (root));
  g_set_error (error, ML_ERROR, ML_ERROR_UNSUPPORTED,
               _("not a printer response Meterlink knows: the JSON has the top-level "
                 "keys %s"),
               *keys != '\0' ? keys : _("(none)"));
  return FALSE;
}

gboolean
ml_response_read (MlPrinterReading  *reading,
                  const char        *data,
                  gsize              length,
                  char             **out_kind,
                  GError           **error)
{
  g_autofree char *kind = NULL;
  gsize start = 0;
  gboolean ok;

  g_return_val_if_fail (ML_IS_PRINTER_READING (reading), FALSE);
  g_return_val_if_fail (data != NULL || length == 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* Refused before a byte is looked at: scanning a huge file for its first character
   * costs as much as reading it. */
  if (length > MAX_RESPONSE_SIZE)
    {
      g_autofree char *size = g_format_size_full (length, G_FORMAT_SIZE_IEC_UNITS);
      g_autofree char *limit = g_format_size_full (MAX_RESPONSE_SIZE, G_FORMAT_SIZE_IEC_UNITS);

      g_set_error (error, ML_ERROR, ML_ERROR_TOO_LARGE,
                   _("the response is %s, more than any printer response Meterlink "
                     "reads (%s)"),
                   size, limit);
      return FALSE;
    }

  /* A byte order mark and white space that an editor or a terminal put before the
   * document are not content; an XML declaration after them would be refused. */
  if (length >= 3 && memcmp (data, "\xef\xbb\xbf", 3) == 0)
    start = 3;
  while (start < length && g_ascii_isspace (data[start]))
    start++;

  if (start == length)
    {
      g_set_error (error, ML_ERROR, ML_ERROR_EMPTY,
                   _("the response is empty"));
      return FALSE;
    }

  switch (data[start])
    {
    case '<':
      ok = read_xml (reading, data + start, length - start, &kind, error);
      break;
    case '{':
    case '[':
      ok = read_json (reading, data + start, length - start, &kind, error);
      break;
    default:
      g_set_error (error, ML_ERROR, ML_ERROR_UNSUPPORTED,
                   _("not a printer response: the content is not XML or JSON"));
      return FALSE;
    }

  if (ok && out_kind != NULL)
    *out_kind = g_steal_pointer (&kind);
  return ok;
}
