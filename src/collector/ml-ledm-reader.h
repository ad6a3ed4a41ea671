/* ml-ledm-reader.h: HP LEDM XML responses (/DevMgmt, /EventMgmt, /Jobs) into the printer model
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * LEDM documents are XML in many namespaces (see ml-ledm-reader.c); the reader
 * matches namespace URIs, never prefixes: captures re-serialised by other tools use
 * ns0/ns2 where the printer wrote dd/pudyn.
 */
#pragma once

#include <libxml/tree.h>

#include "meterlink-core.h"

G_BEGIN_DECLS

typedef enum {
  ML_LEDM_DOCUMENT_DISCOVERY_TREE,      /* /DevMgmt/DiscoveryTree.xml */
  ML_LEDM_DOCUMENT_PRODUCT_CONFIG,      /* /DevMgmt/ProductConfigDyn.xml */
  ML_LEDM_DOCUMENT_PRODUCT_STATUS,      /* /DevMgmt/ProductStatusDyn.xml */
  ML_LEDM_DOCUMENT_CONSUMABLE_CONFIG,   /* /DevMgmt/ConsumableConfigDyn.xml */
  ML_LEDM_DOCUMENT_PRODUCT_USAGE,       /* /DevMgmt/ProductUsageDyn.xml */
  ML_LEDM_DOCUMENT_MEDIA_HANDLING,      /* /DevMgmt/MediaHandlingDyn.xml */
  ML_LEDM_DOCUMENT_EVENT_TABLE,         /* /EventMgmt/EventTable */
  ML_LEDM_DOCUMENT_JOB,                 /* /Jobs/JobList/<n> */
} MlLedmDocument;

const char *ml_ledm_document_to_string (MlLedmDocument document);

gboolean ml_ledm_reader_accepts_xml (xmlNode          *root);
gboolean ml_ledm_reader_read_xml    (MlPrinterReading *reading,
                                     xmlNode          *root,
                                     MlLedmDocument   *out_document,
                                     GError          **error);
gboolean ml_ledm_reader_read        (MlPrinterReading *reading,
                                     const char       *data,
                                     gsize             length,
                                     MlLedmDocument   *out_document,
                                     GError          **error);

/* The colour names an HP label code stands for ("C" → cyan, "MK" → matte-black,
 * "CMYK" → cyan, magenta, yellow, black), NULL when a part of it is not known. The
 * CDM reader shares the table. */
GStrv       _ml_ledm_label_code_colors (const char *label_code);

G_END_DECLS
