/* ml-sim-doc.h: one document tree, emitted as the printer's XML or as its mechanical JSON
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every simulated document is built once as a libxml2 tree whose leaves carry their
 * JSON type. The XML form is that tree serialised; the JSON form is the mechanical
 * mapping of docs/printer-protocols.md (root element as the only key, repeated
 * elements as arrays, typed leaves, empty elements as null). Both come from the same
 * tree, so they cannot say different things.
 */
#pragma once

#include <glib.h>
#include <libxml/tree.h>

#include "ml-types.h"

G_BEGIN_DECLS

typedef enum {
  ML_SIM_DIALECT_PIWS,   /* disclaimer inside the root, 2-space indent */
  ML_SIM_DIALECT_LEDM,   /* disclaimer before the root, tab indent */
} MlSimDialect;

#define ML_SIM_PIWS_NS "http://www.hp.com/schemas/piws/v2_0"
#define ML_SIM_XSI_NS "http://www.w3.org/2001/XMLSchema-instance"

/* A PIWS document: the root is piws:<name>; children inherit the default namespace. */
xmlDoc  *ml_sim_doc_new_piws        (const char  *root_name,
                                     xmlNode    **out_root);
/* An LEDM document: the root in (prefix, href); more namespaces with
 * ml_sim_doc_declare. */
xmlDoc  *ml_sim_doc_new_ledm        (const char  *prefix,
                                     const char  *href,
                                     const char  *root_name,
                                     const char  *schema_location,
                                     xmlNode    **out_root);
xmlNs   *ml_sim_doc_declare         (xmlNode     *root,
                                     const char  *prefix,
                                     const char  *href);

/* ns NULL: the parent's namespace. */
xmlNode *ml_sim_doc_add             (xmlNode     *parent,
                                     xmlNs       *ns,
                                     const char  *name);
xmlNode *ml_sim_doc_add_text        (xmlNode     *parent,
                                     xmlNs       *ns,
                                     const char  *name,
                                     const char  *text);
xmlNode *ml_sim_doc_add_int         (xmlNode     *parent,
                                     xmlNs       *ns,
                                     const char  *name,
                                     gint64       value);
xmlNode *ml_sim_doc_add_number      (xmlNode     *parent,
                                     xmlNs       *ns,
                                     const char  *name,
                                     const char  *decimal);
xmlNode *ml_sim_doc_add_bool        (xmlNode     *parent,
                                     xmlNs       *ns,
                                     const char  *name,
                                     gboolean     value);
/* ISO 8601 UTC; 0 is the printers' "unset", 1970-01-01T00:00:00Z. */
xmlNode *ml_sim_doc_add_timestamp   (xmlNode     *parent,
                                     xmlNs       *ns,
                                     const char  *name,
                                     gint64       unix_seconds);
/* A model integer as a number in the printer's unit (ml_units_format). */
xmlNode *ml_sim_doc_add_amount      (xmlNode     *parent,
                                     xmlNs       *ns,
                                     const char  *name,
                                     gint64       value,
                                     MlUnit       from,
                                     const char  *unit);
/* <name><Value>…</Value><Unit>…</Unit></name> */
xmlNode *ml_sim_doc_add_quantity    (xmlNode     *parent,
                                     xmlNs       *ns,
                                     const char  *name,
                                     gint64       value,
                                     MlUnit       from,
                                     const char  *unit);

GBytes  *ml_sim_doc_to_xml          (xmlDoc      *doc,
                                     MlSimDialect dialect);
GBytes  *ml_sim_doc_to_json         (xmlDoc      *doc);

/* What a simulated printer answers to one request. */
typedef struct
{
  guint status;
  const char *content_type;
  GBytes *body;
} MlSimReply;

void     ml_sim_reply_clear         (MlSimReply  *reply);
void     ml_sim_reply_set_text      (MlSimReply  *reply,
                                     guint        status,
                                     const char  *text);

/* Percent with six decimals from parts per million, exact: 123456 → "12.345600". */
char    *ml_sim_doc_format_ppm_percent (gint64 ppm);

G_END_DECLS
