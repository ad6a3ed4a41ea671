/* ml-cdm-reader.h: HP CDM JSON responses (/cdm/...) into the printer model
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Newer HP firmware serves CDM JSON. No large-format model is known to need it yet;
 * support staff meet these files from office printers on the same network, and
 * `inspect` reads them so that a wrong file gets a real answer.
 */
#pragma once

#include <json-glib/json-glib.h>

#include "meterlink-core.h"

G_BEGIN_DECLS

typedef enum {
  ML_CDM_DOCUMENT_IDENTITY,           /* /cdm/system/v1/identity */
  ML_CDM_DOCUMENT_STATUS,             /* /cdm/system/v1/status */
  ML_CDM_DOCUMENT_SUPPLIES,           /* /cdm/supply/v1/suppliesPublic */
  ML_CDM_DOCUMENT_LIFETIME_COUNTERS,  /* /cdm/deviceUsage/v1/lifetimeCounters */
} MlCdmDocument;

const char *ml_cdm_document_to_string (MlCdmDocument document);

gboolean ml_cdm_reader_accepts_json (JsonNode         *root);
gboolean ml_cdm_reader_read_json    (MlPrinterReading *reading,
                                     JsonNode         *root,
                                     MlCdmDocument    *out_document,
                                     GError          **error);

G_END_DECLS
