/* ml-sim-doc.c: one document tree, emitted as the printer's XML or as its mechanical JSON
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <json-glib/json-glib.h>
#include <libxml/xmlsave.h>
#include <string.h>

#include "ml-units.h"
#include "ml-sim-doc.h"

typedef enum {
  LEAF_NONE,
  LEAF_STRING,
  LEAF_NUMBER,
  LEAF_BOOLEAN,
} LeafType;

/* The JSON type of a leaf rides in the node's _private pointer, which libxml2 leaves
 * to its users. */
#define LEAF_TYPE(node) ((LeafType) GPOINTER_TO_INT ((node)->_private))

/* The real firmware writes these exact words (see the Z9 and OfficeJet captures). */
#define PIWS_DISCLAIMER "\nTHIS DATA IS SUBJECT TO DISCLAIMER(S) INCLUDED WITH THE PRODUCT OF ORIGIN.\n"
#define LEDM_DISCLAIMER " THIS DATA SUBJECT TO DISCLAIMER(S) INCLUDED WITH THE PRODUCT OF ORIGIN. "
#define XML_DECLARATION "<?xml version=\"1.0\" encoding=\"UTF-8\" ?>\n"

xmlDoc *
ml_sim_doc_new_piws (const char  *root_name,
                     xmlNode    **out_root)
{
  xmlDoc *doc = xmlNewDoc ((const xmlChar *) "1.0");
  xmlNode *root = xmlNewDocNode (doc, NULL, (const xmlChar *) root_name, NULL);
  xmlNs *ns;
  xmlNs *xsi;

  xmlDocSetRootElement (doc, root);
  /* Children are written unprefixed in the default namespace; the root itself takes
   * the piws: prefix when the document is serialised, as in the Z9 capture. */
  ns = xmlNewNs (root, (const xmlChar *) ML_SIM_PIWS_NS, NULL);
  xmlNewNs (root, (const xmlChar *) ML_SIM_PIWS_NS, (const xmlChar *) "piws");
  xsi = xmlNewNs (root, (const xmlChar *) ML_SIM_XSI_NS, (const xmlChar *) "xsi");
  xmlSetNs (root, ns);
  xmlNewNsProp (root, xsi, (const xmlChar *) "schemaLocation",
                (const xmlChar *) ML_SIM_PIWS_NS " ../schemas/piws2.xsd");
  xmlAddChild (root, xmlNewDocComment (doc, (const xmlChar *) PIWS_DISCLAIMER));

  *out_root = root;
  return doc;
}

xmlDoc *
ml_sim_doc_new_ledm (const char  *prefix,
                     const char  *href,
                     const char  *root_name,
                     const char  *schema_location,
                     xmlNode    **out_root)
{
  xmlDoc *doc = xmlNewDoc ((const xmlChar *) "1.0");
  xmlNode *root = xmlNewDocNode (doc, NULL, (const xmlChar *) root_name, NULL);
  xmlNs *xsi;

  xmlDocSetRootElement (doc, root);
  xmlSetNs (root, xmlNewNs (root, (const xmlChar *) href, (const xmlChar *) prefix));
  xsi = xmlNewNs (root, (const xmlChar *) ML_SIM_XSI_NS, (const xmlChar *) "xsi");
  if (schema_location != NULL)
    xmlNewNsProp (root, xsi, (const xmlChar *) "schemaLocation",
                  (const xmlChar *) schema_location);
  xmlAddPrevSibling (root, xmlNewDocComment (doc, (const xmlChar *) LEDM_DISCLAIMER));

  *out_root = root;
  return doc;
}

xmlNs *
ml_sim_doc_declare (xmlNode    *root,
                    const char *prefix,
                    const char *href)
{
  return xmlNewNs (root, (const xmlChar *) href, (const xmlChar *) prefix);
}

static xmlNode *
add_leaf (xmlNode    *parent,
          xmlNs      *ns,
          const char *name,
          const char *text,
          LeafType    type)
{
  xmlNode *node;

  /* xmlNewTextChild escapes the text; xmlNewChild would read it as markup. */
  node = xmlNewTextChild (parent, ns != NULL ? ns : parent->ns, (const xmlChar *) name,
                          (const xmlChar *) (text != NULL ? text : ""));
  node->_private = GINT_TO_POINTER (type);
  return node;
}

xmlNode *
ml_sim_doc_add (xmlNode    *parent,
                xmlNs      *ns,
                const char *name)
{
  return xmlNewChild (parent, ns != NULL ? ns : parent->ns, (const xmlChar *) name, NULL);
}

xmlNode *
ml_sim_doc_add_text (xmlNode    *parent,
                     xmlNs      *ns,
                     const char *name,
                     const char *text)
{
  return add_leaf (parent, ns, name, text, LEAF_STRING);
}

xmlNode *
ml_sim_doc_add_int (xmlNode    *parent,
                    xmlNs      *ns,
                    const char *name,
                    gint64      value)
{
  char buffer[32];

  g_snprintf (buffer, sizeof buffer, "%" G_GINT64_FORMAT, value);
  return add_leaf (parent, ns, name, buffer, LEAF_NUMBER);
}

xmlNode *
ml_sim_doc_add_number (xmlNode    *parent,
                       xmlNs      *ns,
                       const char *name,
                       const char *decimal)
{
  return add_leaf (parent, ns, name, decimal, LEAF_NUMBER);
}

xmlNode *
ml_sim_doc_add_bool (xmlNode    *parent,
                     xmlNs      *ns,
                     const char *name,
                     gboolean    value)
{
  return add_leaf (parent, ns, name, value ? "true" : "false", LEAF_BOOLEAN);
}

xmlNode *
ml_sim_doc_add_timestamp (xmlNode    *parent,
                          xmlNs      *ns,
                          const char *name,
                          gint64      unix_seconds)
{
  g_autofree char *text = ml_units_format_timestamp (unix_seconds);

  return add_leaf (parent, ns, name, text != NULL ? text : "1970-01-01T00:00:00Z",
                   LEAF_STRING);
}

xmlNode *
ml_sim_doc_add_amount (xmlNode    *parent,
                       xmlNs      *ns,
                       const char *name,
                       gint64      value,
                       MlUnit      from,
                       const char *unit)
{
  g_autofree char *text = ml_units_format (value, from, unit);

  return add_leaf (parent, ns, name, text, LEAF_NUMBER);
}

xmlNode *
ml_sim_doc_add_quantity (xmlNode    *parent,
                         xmlNs      *ns,
                         const char *name,
                         gint64      value,
                         MlUnit      from,
                         const char *unit)
{
  xmlNode *node = ml_sim_doc_add (parent, ns, name);

  ml_sim_doc_add_amount (node, NULL, "Value", value, from, unit);
  ml_sim_doc_add_text (node, NULL, "Unit", unit);
  return node;
}

void
ml_sim_reply_clear (MlSimReply *reply)
{
  g_clear_pointer (&reply->body, g_bytes_unref);
  reply->status = 0;
  reply->content_type = NULL;
}

void
ml_sim_reply_set_text (MlSimReply *reply,
                       guint       status,
                       const char *text)
{
  g_clear_pointer (&reply->body, g_bytes_unref);
  reply->status = status;
  reply->content_type = "text/plain";
  reply->body = g_bytes_new (text, strlen (text));
}

char *
ml_sim_doc_format_ppm_percent (gint64 ppm)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT ".%04d00", ppm / 10000, (int) (ppm % 10000));
}

GBytes *
ml_sim_doc_to_xml (xmlDoc       *doc,
                   MlSimDialect  dialect)
{
  xmlNode *root = xmlDocGetRootElement (doc);
  xmlNs *default_ns = root->ns;
  xmlBuffer *buffer = xmlBufferCreate ();
  xmlSaveCtxt *save;
  const char *saved_indent = xmlTreeIndentString;
  GByteArray *bytes;

  if (dialect == ML_SIM_DIALECT_PIWS)
    {
      xmlNs *piws = xmlSearchNs (doc, root, (const xmlChar *) "piws");

      if (piws != NULL)
        root->ns = piws;
    }

  /* The save context copies the indent string when it is created. */
  xmlTreeIndentString = dialect == ML_SIM_DIALECT_LEDM ? "\t" : "  ";
  save = xmlSaveToBuffer (buffer, "UTF-8", XML_SAVE_FORMAT | XML_SAVE_NO_DECL);
  xmlTreeIndentString = saved_indent;
  xmlSaveDoc (save, doc);
  xmlSaveClose (save);

  root->ns = default_ns;

  /* libxml2 writes the declaration without the space before "?>" that HP's firmware
   * puts there, so the declaration is ours. */
  bytes = g_byte_array_sized_new (xmlBufferLength (buffer) + sizeof XML_DECLARATION);
  g_byte_array_append (bytes, (const guint8 *) XML_DECLARATION, strlen (XML_DECLARATION));
  g_byte_array_append (bytes, xmlBufferContent (buffer), xmlBufferLength (buffer));
  xmlBufferFree (buffer);

  return g_byte_array_free_to_bytes (bytes);
}

static JsonNode *element_to_json (xmlNode *element);

static JsonNode *
leaf_to_json (xmlNode *element)
{
  g_autofree char *text = (char *) xmlNodeGetContent (element);
  JsonNode *node;

  if (text == NULL || *text == '\0')
    return json_node_new (JSON_NODE_NULL);

  node = json_node_new (JSON_NODE_VALUE);
  switch (LEAF_TYPE (element))
    {
    case LEAF_NUMBER:
      if (strpbrk (text, ".eE") != NULL)
        json_node_set_double (node, g_ascii_strtod (text, NULL));
      else
        json_node_set_int (node, g_ascii_strtoll (text, NULL, 10));
      break;

    case LEAF_BOOLEAN:
      json_node_set_boolean (node, strcmp (text, "true") == 0);
      break;

    case LEAF_NONE:
    case LEAF_STRING:
    default:
      json_node_set_string (node, text);
      break;
    }
  return node;
}

static gboolean
has_element_children (xmlNode *element)
{
  for (xmlNode *child = element->children; child != NULL; child = child->next)
    if (child->type == XML_ELEMENT_NODE)
      return TRUE;
  return FALSE;
}

static JsonNode *
element_to_json (xmlNode *element)
{
  g_autoptr(GHashTable) counts = NULL;
  JsonObject *object;
  JsonNode *node;

  if (!has_element_children (element))
    {
      /* An empty container (<InkCollectionConsumption></InkCollectionConsumption>)
       * is null, like an empty leaf. */
      if (LEAF_TYPE (element) == LEAF_NONE)
        return json_node_new (JSON_NODE_NULL);
      return leaf_to_json (element);
    }

  counts = g_hash_table_new (g_str_hash, g_str_equal);
  for (xmlNode *child = element->children; child != NULL; child = child->next)
    {
      if (child->type != XML_ELEMENT_NODE)
        continue;
      g_hash_table_insert (counts, (gpointer) child->name,
                           GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (counts,
                                                                                    child->name))
                                             + 1));
    }

  object = json_object_new ();
  for (xmlNode *child = element->children; child != NULL; child = child->next)
    {
      const char *name = (const char *) child->name;

      if (child->type != XML_ELEMENT_NODE)
        continue;

      if (GPOINTER_TO_UINT (g_hash_table_lookup (counts, name)) > 1)
        {
          JsonArray *array;

          /* Repeated elements become one array, at the place of the first. */
          if (json_object_has_member (object, name))
            continue;
          array = json_array_new ();
          for (xmlNode *same = child; same != NULL; same = same->next)
            if (same->type == XML_ELEMENT_NODE && strcmp ((const char *) same->name, name) == 0)
              json_array_add_element (array, element_to_json (same));
          json_object_set_array_member (object, name, array);
        }
      else
        json_object_set_member (object, name, element_to_json (child));
    }

  node = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (node, object);
  return node;
}

GBytes *
ml_sim_doc_to_json (xmlDoc *doc)
{
  xmlNode *root = xmlDocGetRootElement (doc);
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) top = json_node_new (JSON_NODE_OBJECT);
  JsonObject *object = json_object_new ();
  gsize length;
  char *data;

  json_object_set_member (object, (const char *) root->name, element_to_json (root));
  json_node_take_object (top, object);
  json_generator_set_root (generator, top);
  data = json_generator_to_data (generator, &length);
  return g_bytes_new_take (data, length);
}
