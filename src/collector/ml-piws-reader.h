/* ml-piws-reader.h: HP large-format "PIWS v2.0" responses into the printer model
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * PIWS serves each document as XML (namespace ML_PIWS_NS) or as JSON, a mechanical
 * mapping of the same tree. The reader accepts both for every document.
 */
#pragma once

#include <json-glib/json-glib.h>
#include <libxml/tree.h>

#include "meterlink-core.h"

G_BEGIN_DECLS

#define ML_PIWS_NS "http://www.hp.com/schemas/piws/v2_0"

typedef enum {
  ML_PIWS_DOCUMENT_IDENTIFICATION,       /* /Identification.xml|.json */
  ML_PIWS_DOCUMENT_DEVICE_STATUS,        /* /DeviceStatus.json */
  ML_PIWS_DOCUMENT_ALERTS,               /* /Alerts.json/ActiveAlerts */
  ML_PIWS_DOCUMENT_INK_SYSTEM,           /* /InkSystem.json */
  ML_PIWS_DOCUMENT_PRINTHEADS_STATUS,    /* /PrintheadsStatus.json */
  ML_PIWS_DOCUMENT_MEDIA_SYSTEM,         /* /MediaSystem.json */
  ML_PIWS_DOCUMENT_PAPER_LIST,           /* /Paper/List */
  ML_PIWS_DOCUMENT_DEVICE_COUNTERS,      /* /DeviceCounters */
  ML_PIWS_DOCUMENT_JOB_QUEUE_COLLECTION, /* /JQ/JobQueueCollection */
  ML_PIWS_DOCUMENT_JOB_QUEUE_SNAPSHOT,   /* /JQ/JobQueue/<uuid>/jobs/all */
} MlPiwsDocument;

const char *ml_piws_document_to_string (MlPiwsDocument document);

gboolean ml_piws_reader_accepts_xml  (xmlNode          *root);
gboolean ml_piws_reader_accepts_json (JsonNode         *root);
gboolean ml_piws_reader_read_xml     (MlPrinterReading *reading,
                                      xmlNode          *root,
                                      MlPiwsDocument   *out_document,
                                      GError          **error);
gboolean ml_piws_reader_read_json    (MlPrinterReading *reading,
                                      JsonNode         *root,
                                      MlPiwsDocument   *out_document,
                                      GError          **error);
/* Parses (XML or JSON, told by the first character) and reads. */
gboolean ml_piws_reader_read         (MlPrinterReading *reading,
                                      const char       *data,
                                      gsize             length,
                                      MlPiwsDocument   *out_document,
                                      GError          **error);

G_END_DECLS
