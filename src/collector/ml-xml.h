/* ml-xml.h: safe, namespace-aware reading of XML from printers
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Printers send small XML documents. Anything with a DTD (and so with entity
 * declarations) is refused before a single entity is declared; the network is never
 * touched; documents over ML_XML_MAX_SIZE are refused unread. Elements are matched
 * by namespace URI and local name, never by prefix.
 */
#pragma once

#include <glib.h>
#include <libxml/tree.h>

G_BEGIN_DECLS

#define ML_XML_MAX_SIZE (16 * 1024 * 1024)

G_DEFINE_AUTOPTR_CLEANUP_FUNC (xmlDoc, xmlFreeDoc)

xmlDoc   *ml_xml_parse      (const char *data,
                             gsize       length,
                             GError    **error);

/* ns may be NULL to match an element in no namespace. */
gboolean  ml_xml_is         (xmlNode    *node,
                             const char *ns,
                             const char *name);
xmlNode  *ml_xml_child      (xmlNode    *parent,
                             const char *ns,
                             const char *name);
xmlNode  *ml_xml_next       (xmlNode    *node,
                             const char *ns,
                             const char *name);
/* The stripped text of the first matching child, or NULL when there is none. */
char     *ml_xml_child_text (xmlNode    *parent,
                             const char *ns,
                             const char *name);
char     *ml_xml_text       (xmlNode    *node);

#define ml_xml_foreach_child(child, parent, ns, name) \
  for (xmlNode *child = ml_xml_child ((parent), (ns), (name)); \
       child != NULL; \
       child = ml_xml_next (child, (ns), (name)))

G_END_DECLS
