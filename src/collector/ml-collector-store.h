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
#include <json-glib/json-glib.h>

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

/* ---- Sync: enrolment, watermarks and the outbox ----
 *
 * What the portal has been sent is remembered per printer as watermarks: a hash of
 * the printer's address and last success or error, a hash of its status snapshot and
 * one of its counters, the change number of the last job sent (every insert or
 * change of a job takes the next number of one store-wide counter, by trigger) and
 * the last counter event sent. A bundle is built from what lies past the watermarks
 * and goes into the outbox in the same transaction that moves them, so a crash
 * neither loses nor doubles anything; it leaves the outbox only when the portal's
 * signed receipt for it arrived. */

/* A sealed bundle waiting in the outbox. */
typedef struct
{
  char *bundle_uuid;
  guint64 sequence;
  gint64 created_at;
  GBytes *bytes;
  guint printers;
  guint jobs;
  guint attempts;
  gint64 last_attempt_at;      /* 0: never tried */
  char *last_error;
} MlOutboxEntry;

void              ml_outbox_entry_free               (MlOutboxEntry     *entry);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MlOutboxEntry, ml_outbox_entry_free)

/* What one printer changed since the last bundle. Members that did not change are
 * NULL (FALSE for info_changed); jobs and events are never NULL, perhaps empty. */
typedef struct
{
  char *serial;
  char *product_number;
  gboolean info_changed;       /* address, last_success or last_error */
  char *address;
  gint64 last_success;         /* 0: never */
  char *last_error;
  JsonNode *snapshot;          /* identity, status, alerts, printheads, cartridges,
                                * media_sources, as ml-model-json spells them */
  JsonNode *counters;          /* ml_usage_to_json() */
  GPtrArray *jobs;             /* MlJob: new ones and those whose stored state changed */
  GPtrArray *events;           /* MlCounterEvent: new ones */

  /*< private >*/
  gint64 printer_id;
  char *info_hash;
  char *snapshot_hash;
  char *counters_hash;
  gint64 job_version;
  gint64 event_id;
  gint64 job_version_before;   /* the watermark the jobs were gathered from */
  GArray *job_versions;        /* gint64: each job's change number, as jobs */
} MlPrinterChanges;

void              ml_printer_changes_free            (MlPrinterChanges  *changes);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MlPrinterChanges, ml_printer_changes_free)

/* Seals @changes (MlPrinterChanges) as bundle @bundle_uuid number @sequence made at
 * @created_at. Runs inside the store's transaction, holding its lock: it must not
 * call the store. ML_ERROR_TOO_LARGE asks for fewer changes; any other error
 * changes nothing. */
typedef GBytes *(*MlOutboxSealFunc) (GPtrArray   *changes,
                                     const char  *bundle_uuid,
                                     guint64      sequence,
                                     gint64       created_at,
                                     gpointer     user_data,
                                     GError     **error);

/* In ONE transaction: gathers what changed since the last bundle (at most
 * @max_jobs jobs; the rest waits for the next call, *@out_more set), has @seal seal
 * it, inserts the bundle into the outbox and moves the watermarks past it. A sealed
 * bundle larger than @max_size bytes (or one @seal finds too large) is sealed again
 * with fewer changes, in the same transaction: the last printers wait, and a
 * printer's jobs are split, oldest change first; the rest waits (*@out_more). Only
 * one printer's status alone, or one job alone, that is larger still goes alone.
 * Printers never read, and printers whose product number is not known yet, wait.
 * When nothing changed, returns TRUE with *@out_entry NULL and nothing written.
 * @out_entry (nullable) gets the new entry. */
gboolean          ml_collector_store_enqueue_changes (MlCollectorStore  *self,
                                                      guint              max_jobs,
                                                      gsize              max_size,
                                                      gint64             now,
                                                      MlOutboxSealFunc   seal,
                                                      gpointer           user_data,
                                                      MlOutboxEntry    **out_entry,
                                                      gboolean          *out_more,
                                                      GError           **error);

/* The waiting bundle with the lowest sequence number above @after_sequence, or NULL
 * (and no error) when there is none. */
MlOutboxEntry    *ml_collector_store_next_outbox_entry (MlCollectorStore *self,
                                                        guint64           after_sequence,
                                                        GError          **error);
gboolean          ml_collector_store_get_outbox_size (MlCollectorStore  *self,
                                                      guint             *out_count,
                                                      guint64           *out_bytes,
                                                      GError           **error);
/* Notes a failed upload of a waiting bundle and why it failed. */
gboolean          ml_collector_store_record_outbox_attempt (MlCollectorStore *self,
                                                            const char       *bundle_uuid,
                                                            gint64            now,
                                                            const char       *message,
                                                            GError          **error);
/* Removes the bundle a verified receipt names: its UUID and its sequence number
 * both, in one statement. Removing one already gone is no error. */
gboolean          ml_collector_store_remove_outbox_entry (MlCollectorStore *self,
                                                          const char       *bundle_uuid,
                                                          guint64           sequence,
                                                          GError          **error);

/* Replaces every waiting bundle by what @reseal makes of it, in one transaction (a
 * site's secret was rotated: the waiting bundles must open with the new key).
 * @reseal runs holding the store's lock and must not call the store. */
typedef GBytes *(*MlOutboxResealFunc) (GBytes    *bundle,
                                       gpointer   user_data,
                                       GError   **error);
gboolean          ml_collector_store_reseal_outbox   (MlCollectorStore  *self,
                                                      MlOutboxResealFunc reseal,
                                                      gpointer           user_data,
                                                      GError           **error);

/* The portal this collector is enrolled with: site ID, portal URL and certificate
 * pin (NULL: the portal's certificate is publicly trusted). FALSE with
 * ML_ERROR_NOT_FOUND when it is not enrolled. The site's secret is not here: it is
 * kept with the configuration (ml-collector-config.h). */
gboolean          ml_collector_store_get_enrolment   (MlCollectorStore  *self,
                                                      char             **out_site_id,
                                                      char             **out_portal_url,
                                                      char             **out_pin,
                                                      GError           **error);
/* Enrolment into another site than before empties the outbox (its bundles are
 * sealed for the old site) and forgets every watermark, so the new site is sent
 * everything stored; all in one transaction. The same site again keeps both. */
gboolean          ml_collector_store_set_enrolment   (MlCollectorStore  *self,
                                                      const char        *site_id,
                                                      const char        *portal_url,
                                                      const char        *pin,
                                                      GError           **error);

/* PRAGMA integrity_check and foreign_key_check of the store. */
gboolean          ml_collector_store_check_integrity (MlCollectorStore  *self,
                                                      GError           **error);

G_END_DECLS
