/* ml-printer-reading.h: everything read from one printer at one moment
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Readers fill a reading one response at a time: the identity from one document,
 * the cartridges from another, the jobs from a third. Identity, status and usage
 * always exist (with unknown values until a reader fills them); the lists start
 * empty.
 */
#pragma once

#include <gio/gio.h>

#include "ml-types.h"

G_BEGIN_DECLS

#define ML_TYPE_PRINTER_READING (ml_printer_reading_get_type ())

G_DECLARE_FINAL_TYPE (MlPrinterReading, ml_printer_reading, ML, PRINTER_READING, GObject)

MlPrinterReading *ml_printer_reading_new (void);

MlIdentity     *ml_printer_reading_get_identity (MlPrinterReading *self);
MlEngineStatus *ml_printer_reading_get_status   (MlPrinterReading *self);
MlUsage        *ml_printer_reading_get_usage    (MlPrinterReading *self);

gint64      ml_printer_reading_get_read_at (MlPrinterReading *self);
void        ml_printer_reading_set_read_at (MlPrinterReading *self, gint64 read_at);

/* The PIWS job queue the jobs came from, and its modification number: the next
 * incremental read asks for changes after it. */
const char *ml_printer_reading_get_queue_uuid (MlPrinterReading *self);
void        ml_printer_reading_set_queue_uuid (MlPrinterReading *self, const char *queue_uuid);
gint64      ml_printer_reading_get_queue_modification (MlPrinterReading *self);
void        ml_printer_reading_set_queue_modification (MlPrinterReading *self, gint64 modification);

/* Resource URIs the printer announces (LEDM DiscoveryTree), and installed accessories. */
const char * const *ml_printer_reading_get_resources   (MlPrinterReading *self);
void        ml_printer_reading_set_resources   (MlPrinterReading *self, const char * const *resources);
const char * const *ml_printer_reading_get_accessories (MlPrinterReading *self);
void        ml_printer_reading_set_accessories (MlPrinterReading *self, const char * const *accessories);

/* Lists: the add functions take a reference. Lookups return NULL when absent. */
GListModel    *ml_printer_reading_get_alerts       (MlPrinterReading *self);
void           ml_printer_reading_add_alert        (MlPrinterReading *self, MlAlert *alert);
GListModel    *ml_printer_reading_get_printheads   (MlPrinterReading *self);
void           ml_printer_reading_add_printhead    (MlPrinterReading *self, MlPrinthead *printhead);
GListModel    *ml_printer_reading_get_cartridges   (MlPrinterReading *self);
void           ml_printer_reading_add_cartridge    (MlPrinterReading *self, MlCartridge *cartridge);
MlCartridge   *ml_printer_reading_lookup_cartridge (MlPrinterReading *self, int slot);
GListModel    *ml_printer_reading_get_media_sources (MlPrinterReading *self);
void           ml_printer_reading_add_media_source (MlPrinterReading *self, MlMediaSource *source);
GListModel    *ml_printer_reading_get_media_types  (MlPrinterReading *self);
void           ml_printer_reading_add_media_type   (MlPrinterReading *self, MlMediaType *type);
MlMediaType   *ml_printer_reading_lookup_media_type (MlPrinterReading *self, const char *id);
GListModel    *ml_printer_reading_get_jobs         (MlPrinterReading *self);
void           ml_printer_reading_add_job          (MlPrinterReading *self, MlJob *job);
MlJob         *ml_printer_reading_lookup_job       (MlPrinterReading *self, const char *uuid);
GListModel    *ml_printer_reading_get_events       (MlPrinterReading *self);
void           ml_printer_reading_add_event        (MlPrinterReading *self, MlDeviceEvent *event);

G_END_DECLS
