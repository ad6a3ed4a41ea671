/* ml-collector-store.h: the collector's local SQLite store of printers, counters and jobs
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every call is synchronous and safe from any thread (the engine calls it from
 * GTask worker threads, never from a main loop): one connection, one mutex.
 *
 * What makes a killed collector safe: everything read from one printer lands in one
 * transaction, and the job queue's position (queue UUID and modification number) is
 * stored only in the transaction that stores the jobs it covers. A cycle killed at
 * any moment leaves the store at the last committed printer; the next cycle reads
 * again from the stored position and upserts jobs by UUID, so no job is lost or
 * stored twice.
 *
 * A printer is its serial number (with its product number); calls that take only a
 * serial fail with ML_ERROR_NOT_FOUND for a printer never seen.
 */
#pragma once

#include <gio/gio.h>

#include "meterlink-core.h"
#include "ml-counter-event.h"
#include "ml-stored-address.h"
#include "ml-stored-printer.h"

G_BEGIN_DECLS

#define ML_TYPE_COLLECTOR_STORE (ml_collector_store_get_type ())

G_DECLARE_FINAL_TYPE (MlCollectorStore, ml_collector_store, ML, COLLECTOR_STORE, GObject)

/* Opens the store at @path, creating its folders and bringing its schema up to
 * date. */
MlCollectorStore *ml_collector_store_open            (const char        *path,
                                                      GError           **error);
const char       *ml_collector_store_get_path        (MlCollectorStore  *self);

/* Records a printer found at @address. The first certificate seen is pinned; a
 * different one later is kept as pending and reported with
 * ML_ERROR_CERTIFICATE_CHANGED, the sighting itself being recorded all the same.
 * @cert_sha256 may be NULL when no certificate was seen. */
gboolean          ml_collector_store_record_identity (MlCollectorStore  *self,
                                                      const char        *address,
                                                      guint              port,
                                                      MlIdentity        *identity,
                                                      const char        *cert_sha256,
                                                      gboolean           supported,
                                                      const char        *unsupported_reason,
                                                      gint64             now,
                                                      GError           **error);

/* Pins the pending certificate. With @cert_sha256 NULL, whatever is pending; else
 * only that fingerprint (what the technician saw), so a certificate that changed
 * again meanwhile is not accepted unseen. */
gboolean          ml_collector_store_accept_certificate (MlCollectorStore *self,
                                                         const char       *serial,
                                                         const char       *cert_sha256,
                                                         GError          **error);

/* Stores all of @reading in one transaction: sighting, address, status snapshot,
 * lifetime counters (a drop becomes a reset event), jobs upserted by UUID and the
 * queue position. @out_new_jobs (nullable) gets the number of jobs not stored
 * before. */
gboolean          ml_collector_store_save_reading    (MlCollectorStore  *self,
                                                      const char        *serial,
                                                      const char        *address,
                                                      guint              port,
                                                      MlPrinterReading  *reading,
                                                      gint64             now,
                                                      guint             *out_new_jobs,
                                                      GError           **error);

/* Records a failed read; the next save_reading() clears it. */
gboolean          ml_collector_store_record_failure  (MlCollectorStore  *self,
                                                      const char        *serial,
                                                      const char        *message,
                                                      gint64             now,
                                                      GError           **error);

/* MlStoredPrinter objects, by serial number. */
GPtrArray        *ml_collector_store_list_printers   (MlCollectorStore  *self,
                                                      GError           **error);
MlStoredPrinter  *ml_collector_store_lookup_printer  (MlCollectorStore  *self,
                                                      const char        *serial,
                                                      GError           **error);

/* The latest status snapshot as a reading (everything but jobs), or NULL with
 * ML_ERROR_NOT_FOUND when the printer was never read. */
MlPrinterReading *ml_collector_store_load_status     (MlCollectorStore  *self,
                                                      const char        *serial,
                                                      GError           **error);

/* MlJob objects of one printer (@serial) or all (NULL), whose time (printed, else
 * completed, else submitted, else first stored) is at or after @since (0: all),
 * ordered by that time, then UUID. ml_collector_store_get_job_serial() tells each
 * job's printer. */
GPtrArray        *ml_collector_store_list_jobs       (MlCollectorStore  *self,
                                                      const char        *serial,
                                                      gint64             since,
                                                      GError           **error);
/* The same count; -1 on error. */
gint64            ml_collector_store_count_jobs      (MlCollectorStore  *self,
                                                      const char        *serial,
                                                      gint64             since,
                                                      GError           **error);
const char       *ml_collector_store_get_job_serial  (MlJob             *job);

/* MlCounterEvent objects of one printer (or all, @serial NULL), oldest first. */
GPtrArray        *ml_collector_store_list_counter_events (MlCollectorStore *self,
                                                          const char       *serial,
                                                          GError          **error);

/* The latest value of a lifetime counter and its growth since it was first stored,
 * a reset counting as growth from zero, so the growth never goes down. Names:
 * job_count, page_count, total_ink_ul, total_media_area_mm2, total_media_length_mm,
 * scan_area_mm2, scan_area_scans_mm2, scan_area_copies_mm2,
 * ink/COLOR/{ink_used_ul,hp_ink_used_ul,insertions},
 * media/MEDIA-TYPE-ID/{area_mm2,length_mm} and
 * category/CATEGORY/{media_area_mm2,printed_area_mm2,ink_ul,length_mm}.
 * ML_ERROR_NOT_FOUND for a counter never stored. */
gboolean          ml_collector_store_get_counter     (MlCollectorStore  *self,
                                                      const char        *serial,
                                                      const char        *counter,
                                                      gint64            *out_value,
                                                      gint64            *out_growth,
                                                      GError           **error);

/* MlStoredAddress objects, first seen first. */
GPtrArray        *ml_collector_store_list_addresses  (MlCollectorStore  *self,
                                                      const char        *serial,
                                                      GError           **error);

/* Named times and numbers of the scheduler (next_due, last_cycle, ...). A name
 * never set reads as 0. */
gboolean          ml_collector_store_get_schedule    (MlCollectorStore  *self,
                                                      const char        *key,
                                                      gint64            *value,
                                                      GError           **error);
gboolean          ml_collector_store_set_schedule    (MlCollectorStore  *self,
                                                      const char        *key,
                                                      gint64             value,
                                                      GError           **error);

/* PRAGMA integrity_check and foreign_key_check of the store. */
gboolean          ml_collector_store_check_integrity (MlCollectorStore  *self,
                                                      GError           **error);

G_END_DECLS
