/* ml-piws-reader-private.h: what the PIWS reader and its document readers share
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ml-piws-reader.h"

G_BEGIN_DECLS

/* Reading one document: the first error sticks, and every later call returns at
 * once, so that the readers can read field after field without checking each.
 * Paths in messages are relative to the document's root element. */
typedef struct
{
  const char *document;
  GError *error;
} MlPiws;

/* One element of a repeatable element, and its path for messages. */
typedef struct
{
  JsonObject *object;
  char *path;
} MlPiwsItem;

/* ml-piws-tree.c: the mechanical XML → JSON mapping of PIWS. */
JsonNode   *_ml_piws_xml_to_json (xmlNode *element, int depth, GError **error);

/* ml-piws-tree.c: a document's leaves. Each reads @keys, a dotted path of member
 * names, below @object, which is at @path; a missing or empty leaf is NULL or
 * FALSE and no error. */
char       *_ml_piws_path        (const char *path, const char *keys);
void        _ml_piws_fail        (MlPiws *p, int code, const char *format,
                                  ...) G_GNUC_PRINTF (3, 4);
char       *_ml_piws_describe    (JsonNode *node);
JsonNode   *_ml_piws_lookup      (MlPiws *p, JsonObject *object, const char *path,
                                  const char *keys);
JsonObject *_ml_piws_object      (MlPiws *p, JsonObject *object, const char *path,
                                  const char *keys);
char       *_ml_piws_text        (MlPiws *p, JsonObject *object, const char *path,
                                  const char *keys);
gboolean    _ml_piws_int         (MlPiws *p, JsonObject *object, const char *path, const char *keys,
                                  gint64 min, gint64 max, gint64 *out_value);
gboolean    _ml_piws_rounded     (MlPiws *p, JsonObject *object, const char *path, const char *keys,
                                  gint64 min, gint64 max, gint64 *out_value);
gboolean    _ml_piws_percent_ppm (MlPiws *p, JsonObject *object, const char *path, const char *keys,
                                  gint64 *out_ppm);
gboolean    _ml_piws_bool        (MlPiws *p, JsonObject *object, const char *path, const char *keys,
                                  gboolean *out_value);
gboolean    _ml_piws_timestamp   (MlPiws *p, JsonObject *object, const char *path, const char *keys,
                                  gint64 *out_unix_seconds);
gboolean    _ml_piws_quantity    (MlPiws *p, JsonObject *object, const char *path, const char *keys,
                                  MlUnit target, const char *default_unit, gint64 *out_value);
/* MlPiwsItem */
GPtrArray  *_ml_piws_items       (MlPiws *p, JsonObject *object, const char *path,
                                  const char *keys);
GStrv       _ml_piws_text_list   (MlPiws *p, JsonObject *object, const char *path,
                                  const char *keys);
gboolean    _ml_piws_finish      (MlPiws *p, GError **error);

/* ml-piws-tree.c: words and totals. */
gboolean    _ml_piws_word_is     (const char *text, const char *const *words);
/* @total + @value, where ML_UNKNOWN (-1) adds nothing; at most G_MAXINT64. */
gint64      _ml_piws_sum         (gint64 total, gint64 value);
/* Adds @ink_used_ul to the ink of @color in @totals, created when new, and returns
 * that ink. */
MlInkUsage *_ml_piws_add_ink     (MlUsage *totals, const char *color, gint64 ink_used_ul);

/* One reader per document: each reads the document below @root and changes
 * @reading only when all of it was read without an error. */
void _ml_piws_read_identification       (MlPiws *p, MlPrinterReading *reading, JsonObject *root);
void _ml_piws_read_device_status        (MlPiws *p, MlPrinterReading *reading, JsonObject *root);
void _ml_piws_read_alerts               (MlPiws *p, MlPrinterReading *reading, JsonObject *root);
void _ml_piws_read_ink_system           (MlPiws *p, MlPrinterReading *reading, JsonObject *root);
void _ml_piws_read_printheads           (MlPiws *p, MlPrinterReading *reading, JsonObject *root);
void _ml_piws_read_media_system         (MlPiws *p, MlPrinterReading *reading, JsonObject *root);
void _ml_piws_read_paper_list           (MlPiws *p, MlPrinterReading *reading, JsonObject *root);
void _ml_piws_read_device_counters      (MlPiws *p, MlPrinterReading *reading, JsonObject *root);
void _ml_piws_read_job_queue_collection (MlPiws *p, MlPrinterReading *reading, JsonObject *root);
void _ml_piws_read_job_snapshot         (MlPiws *p, MlPrinterReading *reading, JsonObject *root);

G_END_DECLS
