/* ml-portal-store-private.h: what the files of the portal store share
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The functions that take an MlPortalStore run with its mutex held, except
 * _ml_portal_store_write_locked(), which takes it.
 */
#pragma once

#include "ml-portal-store.h"

G_BEGIN_DECLS

struct _MlPortalStore
{
  GObject parent_instance;

  GMutex mutex;          /* guards db and its statement cache */
  MlDatabase *db;
};

/* ml-portal-store-schema.c: migrations[i] takes the schema from version i to i + 1. */
extern const char * const _ml_portal_store_migrations[];
extern const guint _ml_portal_store_n_migrations;

/* Statement helpers. Parameters are bound by name: the SQL says what goes where. */
void      _ml_portal_store_bind_string     (MlStatement        *statement,
                                            const char         *name,
                                            const char         *value);
void      _ml_portal_store_bind_int64      (MlStatement        *statement,
                                            const char         *name,
                                            gint64              value);
void      _ml_portal_store_bind_quantity   (MlStatement        *statement,
                                            const char         *name,
                                            gint64              value);
void      _ml_portal_store_bind_bytes      (MlStatement        *statement,
                                            const char         *name,
                                            GBytes             *bytes);
/* TRUE with *out_row set for each row, TRUE with *out_row unset at the end. */
gboolean  _ml_portal_store_next_row        (MlPortalStore      *self,
                                            MlStatement        *statement,
                                            gboolean           *out_row,
                                            GError            **error);
gboolean  _ml_portal_store_step_done       (MlPortalStore      *self,
                                            MlStatement        *statement,
                                            GError            **error);
gint64    _ml_portal_store_last_insert_id  (MlPortalStore      *self);
int       _ml_portal_store_changes         (MlPortalStore      *self);

/* JSON columns. */
char     *_ml_portal_store_node_to_text    (JsonNode           *node);
/* Text this store wrote; NULL for SQL NULL. */
JsonNode *_ml_portal_store_node_from_text  (const char         *text);
JsonNode *_ml_portal_store_object_node     (JsonObject         *object);
JsonNode *_ml_portal_store_array_node      (JsonArray          *array);

/* The counter for one write transaction: read once after BEGIN IMMEDIATE, advanced
 * in memory for each row, written back before COMMIT. */
typedef struct
{
  gint64 value;
} MlPortalChangeSeq;

gboolean  _ml_portal_store_change_seq_read  (MlPortalStore      *self,
                                             MlPortalChangeSeq  *seq,
                                             GError            **error);
gint64    _ml_portal_change_seq_next        (MlPortalChangeSeq  *seq);
gboolean  _ml_portal_store_change_seq_write (MlPortalStore      *self,
                                             MlPortalChangeSeq  *seq,
                                             GError            **error);
/* Marks a customer changed (its counts of sites and printers). */
gboolean  _ml_portal_store_touch_customer   (MlPortalStore      *self,
                                             gint64              customer_id,
                                             MlPortalChangeSeq  *seq,
                                             GError            **error);

/* Runs @func in one write transaction under the mutex. */
typedef gboolean (*MlPortalWriteFunc) (MlPortalStore  *self,
                                       gpointer        data,
                                       GError        **error);

gboolean  _ml_portal_store_write_locked    (MlPortalStore      *self,
                                            MlPortalWriteFunc   func,
                                            gpointer            data,
                                            GError            **error);

/* ML_ERROR_NOT_FOUND for a site's public ID. Returns FALSE. */
gboolean  _ml_portal_store_no_such_site    (const char         *site_id,
                                            GError            **error);

/* ml-portal-store-site-config.c: a site's stored configuration as the API shows it,
 * with its revision. */
JsonNode *_ml_portal_store_config_node     (const char         *config_text,
                                            gint64              revision);

/* ml-portal-store-payload.c: a bundle's payload, taken apart before the transaction. */
typedef struct
{
  char *key;
  gint64 at;
  char *kind;
  char *data;
} MlPortalIncomingEvent;

typedef struct
{
  char *serial;
  char *product_number;
  gint64 seen_at;
  MlPrinterReading *reading;   /* the snapshot and counters, parsed */
  gboolean has_snapshot;
  gboolean has_counters;
  char *model;
  char *firmware;
  char *identity;              /* the snapshot's parts, as ml-model-json spells them */
  char *status;
  char *alerts;
  char *printheads;
  char *cartridges;
  char *media_sources;
  char *snapshot;
  char *usage;
  GPtrArray *jobs;             /* MlJob */
  GPtrArray *events;           /* MlPortalIncomingEvent */
} MlPortalIncomingPrinter;

typedef struct
{
  gboolean user_names;
  char *collector_version;
  GPtrArray *printers;         /* MlPortalIncomingPrinter */
} MlPortalPayload;

/* The payload as docs/bundle-format.md spells it, checked against @header, which
 * was authenticated; ML_ERROR_MALFORMED, ML_ERROR_WRONG_TYPE, ML_ERROR_INVALID_VALUE
 * or ML_ERROR_UNSUPPORTED for one that is not. */
MlPortalPayload *_ml_portal_payload_parse  (const MlBundleHeader  *header,
                                            JsonNode              *node,
                                            GError               **error);
void             _ml_portal_payload_free   (MlPortalPayload       *payload);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MlPortalPayload, _ml_portal_payload_free)

G_END_DECLS
