/* ml-piws-reader.c: HP large-format "PIWS v2.0" responses into the printer model
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * PIWS JSON is a mechanical mapping of the XML tree, so the XML form is first turned
 * into the same JsonNode tree (ml-piws-tree.c) and one reader per document serves
 * both: ml-piws-status.c, ml-piws-supplies.c, ml-piws-media.c, ml-piws-counters.c and
 * ml-piws-jobs.c. This file tells the documents apart and hands each to its reader.
 * docs/printer-protocols.md is the contract for every mapping.
 *
 * A document is read completely before the reading is changed, so a document that
 * ends in an error leaves the reading as it was.
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "ml-json.h"
#include "ml-piws-reader-private.h"
#include "ml-xml.h"

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

static gboolean
piws_read_document (MlPrinterReading *reading,
                    MlPiwsDocument    document,
                    const char       *root_name,
                    JsonNode         *body,
                    GError          **error)
{
  g_autoptr(JsonObject) empty = NULL;
  MlPiws p = { root_name, NULL };
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
      g_autofree char *what = _ml_piws_describe (body);

      g_set_error (error, ML_ERROR, ML_ERROR_WRONG_TYPE,
                   _("%s: the document is %s, not a group of fields"), root_name, what);
      return FALSE;
    }

  switch (document)
    {
    case ML_PIWS_DOCUMENT_IDENTIFICATION:
      _ml_piws_read_identification (&p, reading, root);
      break;
    case ML_PIWS_DOCUMENT_DEVICE_STATUS:
      _ml_piws_read_device_status (&p, reading, root);
      break;
    case ML_PIWS_DOCUMENT_ALERTS:
      _ml_piws_read_alerts (&p, reading, root);
      break;
    case ML_PIWS_DOCUMENT_INK_SYSTEM:
      _ml_piws_read_ink_system (&p, reading, root);
      break;
    case ML_PIWS_DOCUMENT_PRINTHEADS_STATUS:
      _ml_piws_read_printheads (&p, reading, root);
      break;
    case ML_PIWS_DOCUMENT_MEDIA_SYSTEM:
      _ml_piws_read_media_system (&p, reading, root);
      break;
    case ML_PIWS_DOCUMENT_PAPER_LIST:
      _ml_piws_read_paper_list (&p, reading, root);
      break;
    case ML_PIWS_DOCUMENT_DEVICE_COUNTERS:
      _ml_piws_read_device_counters (&p, reading, root);
      break;
    case ML_PIWS_DOCUMENT_JOB_QUEUE_COLLECTION:
      _ml_piws_read_job_queue_collection (&p, reading, root);
      break;
    case ML_PIWS_DOCUMENT_JOB_QUEUE_SNAPSHOT:
      _ml_piws_read_job_snapshot (&p, reading, root);
      break;
    default:
      g_assert_not_reached ();
    }

  return _ml_piws_finish (&p, error);
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

  body = _ml_piws_xml_to_json (root, 0, error);
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
