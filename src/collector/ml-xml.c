/* ml-xml.c: safe, namespace-aware reading of XML from printers
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>

#include "ml-error.h"
#include "ml-xml.h"

/* The deepest printer document we know nests about a dozen elements. A limit far
 * above that but far below libxml2's own (256, or none with XML_PARSE_HUGE) refuses
 * nesting bombs with a message of our own. */
#define ML_XML_MAX_DEPTH 128

/* XML_PARSE_NONET: never fetch anything. No XML_PARSE_NOENT, XML_PARSE_DTDLOAD,
 * XML_PARSE_DTDATTR or XML_PARSE_HUGE: entities stay unexpanded, no DTD is loaded and
 * libxml2's size limits stay on. Errors come to our structured handler only. */
#define ML_XML_PARSE_OPTIONS (XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | \
                              XML_PARSE_NOCDATA)

typedef struct
{
  GError *error;              /* our own refusal: hostile or too deep */
  int depth;
  startElementNsSAX2Func start_element;
  endElementNsSAX2Func end_element;
  char *first_message;        /* libxml2's first error, for MALFORMED */
  int first_line;
  int first_column;
} MlXmlParse;

static void
ml_xml_parse_refuse (xmlParserCtxt *ctxt,
                     int            code,
                     const char    *message)
{
  MlXmlParse *parse = ctxt->_private;

  if (parse->error == NULL)
    parse->error = g_error_new_literal (ML_ERROR, code, message);
  xmlStopParser (ctxt);
}

/* Any DOCTYPE ends the parse before the internal subset is read: from then on SAX
 * is disabled, so no entity is ever declared, let alone expanded, and no external
 * subset is fetched. */
static void
ml_xml_internal_subset (void          *user_data,
                        const xmlChar *name,
                        const xmlChar *external_id,
                        const xmlChar *system_id)
{
  ml_xml_parse_refuse (user_data, ML_ERROR_HOSTILE,
                       _("The XML document has a document type declaration (DOCTYPE); "
                         "printers never send one, and it could declare entities"));
}

static void
ml_xml_external_subset (void          *user_data,
                        const xmlChar *name,
                        const xmlChar *external_id,
                        const xmlChar *system_id)
{
  ml_xml_parse_refuse (user_data, ML_ERROR_HOSTILE,
                       _("The XML document refers to an external document type definition"));
}

static void
ml_xml_entity_decl (void          *user_data,
                    const xmlChar *name,
                    int            type,
                    const xmlChar *public_id,
                    const xmlChar *system_id,
                    xmlChar       *content)
{
  ml_xml_parse_refuse (user_data, ML_ERROR_HOSTILE,
                       _("The XML document declares an entity"));
}

static void
ml_xml_unparsed_entity_decl (void          *user_data,
                             const xmlChar *name,
                             const xmlChar *public_id,
                             const xmlChar *system_id,
                             const xmlChar *notation_name)
{
  ml_xml_parse_refuse (user_data, ML_ERROR_HOSTILE,
                       _("The XML document declares an external entity"));
}

static void
ml_xml_start_element (void           *user_data,
                      const xmlChar  *localname,
                      const xmlChar  *prefix,
                      const xmlChar  *uri,
                      int             nb_namespaces,
                      const xmlChar **namespaces,
                      int             nb_attributes,
                      int             nb_defaulted,
                      const xmlChar **attributes)
{
  xmlParserCtxt *ctxt = user_data;
  MlXmlParse *parse = ctxt->_private;

  if (++parse->depth > ML_XML_MAX_DEPTH)
    {
      g_autofree char *message =
        g_strdup_printf (_("The XML document nests elements more than %d levels deep"),
                         ML_XML_MAX_DEPTH);

      ml_xml_parse_refuse (ctxt, ML_ERROR_TOO_LARGE, message);
      return;
    }

  parse->start_element (user_data, localname, prefix, uri, nb_namespaces, namespaces,
                         nb_attributes, nb_defaulted, attributes);
}

static void
ml_xml_end_element (void          *user_data,
                    const xmlChar *localname,
                    const xmlChar *prefix,
                    const xmlChar *uri)
{
  xmlParserCtxt *ctxt = user_data;
  MlXmlParse *parse = ctxt->_private;

  parse->depth--;
  parse->end_element (user_data, localname, prefix, uri);
}

/* Installed on the context only, so libxml2 never prints to stderr and no other
 * thread's handler is touched. */
static void
ml_xml_structured_error (void        *user_data,
                         xmlErrorPtr  xml_error)
{
  xmlParserCtxt *ctxt = user_data;
  MlXmlParse *parse = ctxt->_private;

  if (xml_error == NULL || xml_error->level < XML_ERR_ERROR || parse->first_message != NULL)
    return;

  /* Some messages run over two lines ("... indicate encoding !\nBytes: 0xFC ..."). */
  parse->first_message = g_strstrip (g_strdelimit (g_strdup (xml_error->message != NULL
                                                             ? xml_error->message : ""),
                                                   "\r\n", ' '));
  parse->first_line = xml_error->line;
  parse->first_column = xml_error->int2;
}

static void
ml_xml_init_once (void)
{
  static gsize initialized = 0;

  if (g_once_init_enter (&initialized))
    {
      xmlInitParser ();
      g_once_init_leave (&initialized, 1);
    }
}

static gboolean
ml_xml_is_blank (const char *data,
                 gsize       length)
{
  for (gsize i = 0; i < length; i++)
    {
      if (!g_ascii_isspace (data[i]))
        return FALSE;
    }
  return TRUE;
}

xmlDoc *
ml_xml_parse (const char  *data,
              gsize        length,
              GError     **error)
{
  MlXmlParse parse = { 0 };
  xmlParserCtxt *ctxt;
  xmlDoc *doc;
  gboolean well_formed;

  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (length == 0 || ml_xml_is_blank (data, length))
    {
      g_set_error_literal (error, ML_ERROR, ML_ERROR_EMPTY,
                           _("The XML document is empty"));
      return NULL;
    }

  if (length > ML_XML_MAX_SIZE)
    {
      g_set_error (error, ML_ERROR, ML_ERROR_TOO_LARGE,
                   _("The XML document is %lu bytes long, more than "
                     "the %d bytes a printer ever sends"),
                   (unsigned long)length, ML_XML_MAX_SIZE);
      return NULL;
    }

  ml_xml_init_once ();

  ctxt = xmlCreateMemoryParserCtxt (data, (int) length);
  if (ctxt == NULL)
    {
      g_set_error_literal (error, ML_ERROR, ML_ERROR_FAILED,
                           _("Could not create an XML parser"));
      return NULL;
    }

  /* The context owns its SAX handler, so these overrides stay with this parse. */
  ctxt->_private = &parse;
  ctxt->sax->internalSubset = ml_xml_internal_subset;
  ctxt->sax->externalSubset = ml_xml_external_subset;
  ctxt->sax->entityDecl = ml_xml_entity_decl;
  ctxt->sax->unparsedEntityDecl = ml_xml_unparsed_entity_decl;
  ctxt->sax->serror = ml_xml_structured_error;
  parse.start_element = ctxt->sax->startElementNs;
  parse.end_element = ctxt->sax->endElementNs;
  ctxt->sax->startElementNs = ml_xml_start_element;
  ctxt->sax->endElementNs = ml_xml_end_element;
  xmlCtxtUseOptions (ctxt, ML_XML_PARSE_OPTIONS);
  /* The defaults come from libxml2's process-wide settings: pin them. */
  ctxt->replaceEntities = 0;
  ctxt->loadsubset = 0;
  ctxt->validate = 0;

  xmlParseDocument (ctxt);

  doc = g_steal_pointer (&ctxt->myDoc);
  /* An undeclared prefix leaves elements we could not match by namespace URI. */
  well_formed = ctxt->wellFormed && ctxt->nsWellFormed;
  xmlFreeParserCtxt (ctxt);

  if (parse.error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&parse.error));
      g_clear_pointer (&doc, xmlFreeDoc);
    }
  else if (!well_formed || doc == NULL || xmlDocGetRootElement (doc) == NULL)
    {
      if (parse.first_message != NULL)
        g_set_error (error, ML_ERROR, ML_ERROR_MALFORMED,
                     _("The XML document is not well-formed at line %d, column %d: %s"),
                     parse.first_line, parse.first_column, parse.first_message);
      else
        g_set_error_literal (error, ML_ERROR, ML_ERROR_MALFORMED,
                             _("The XML document is not well-formed"));
      g_clear_pointer (&doc, xmlFreeDoc);
    }

  g_free (parse.first_message);
  return doc;
}

gboolean
ml_xml_is (xmlNode    *node,
           const char *ns,
           const char *name)
{
  if (node == NULL || node->type != XML_ELEMENT_NODE)
    return FALSE;

  if (name != NULL && g_strcmp0 ((const char *) node->name, name) != 0)
    return FALSE;

  if (ns == NULL)
    return node->ns == NULL || node->ns->href == NULL;

  return node->ns != NULL && g_strcmp0 ((const char *) node->ns->href, ns) == 0;
}

/* A NULL name matches any element of the namespace. */
xmlNode *
ml_xml_child (xmlNode    *parent,
              const char *ns,
              const char *name)
{
  if (parent == NULL)
    return NULL;

  for (xmlNode *node = parent->children; node != NULL; node = node->next)
    {
      if (ml_xml_is (node, ns, name))
        return node;
    }
  return NULL;
}

xmlNode *
ml_xml_next (xmlNode    *node,
             const char *ns,
             const char *name)
{
  if (node == NULL)
    return NULL;

  for (xmlNode *next = node->next; next != NULL; next = next->next)
    {
      if (ml_xml_is (next, ns, name))
        return next;
    }
  return NULL;
}

char *
ml_xml_text (xmlNode *node)
{
  xmlChar *content;
  char *text;

  if (node == NULL)
    return NULL;

  /* Text and CDATA of the node and its descendants; comments are not content. */
  content = xmlNodeGetContent (node);
  text = g_strdup (content != NULL ? (const char *) content : "");
  xmlFree (content);
  return g_strstrip (text);
}

char *
ml_xml_child_text (xmlNode    *parent,
                   const char *ns,
                   const char *name)
{
  return ml_xml_text (ml_xml_child (parent, ns, name));
}
