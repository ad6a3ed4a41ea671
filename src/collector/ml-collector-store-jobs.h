/* ml-collector-store-jobs.h: the store's jobs a page at a time, for lists of any length
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A list of a million jobs cannot be read whole, nor found by OFFSET (which walks
 * every row before it). ml_collector_store_index_jobs() walks the jobs of a filter
 * once, in time order (job time, then UUID, then row), and keeps the key of the
 * first job of every page; ml_collector_store_read_job_page() then reads any page
 * with one index seek. Positions are those of the moment the index was made: jobs
 * stored later appear once the caller makes a new index.
 *
 * These reads go through a read-only connection of their own, so they never wait
 * for a collection writing through the store's connection (WAL). Every call is
 * synchronous and may be made from any thread; callers with a main loop call them
 * from worker threads.
 */
#pragma once

#include "ml-collector-store.h"

G_BEGIN_DECLS

/* Which jobs: all fields are optional. */
typedef struct
{
  const char *serial;   /* one printer, or NULL for all */
  gint64      since;    /* job time at or after, Unix seconds; 0 for no bound */
  gint64      until;    /* job time before; 0 for no bound */
  int         status;   /* an MlJobStatus, or -1 for any */
} MlJobFilter;

#define ML_JOB_FILTER_INIT { NULL, 0, 0, -1 }

/* What a list of jobs shows of one job. */
typedef struct
{
  gint64       time;            /* printed, else completed, else submitted, else first stored */
  char        *uuid;
  char        *serial;          /* the job's printer */
  char        *printer_model;   /* NULL when the printer never said */
  MlJobKind    kind;
  char        *name;
  MlJobStatus  status;
  gint64       pages;           /* ML_UNKNOWN when not said */
  gint64       copies;
  gint64       media_area_mm2;
  gint64       ink_ul;          /* all colours */
} MlJobSummary;

void          ml_job_summary_free        (MlJobSummary *summary);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MlJobSummary, ml_job_summary_free)

typedef struct _MlJobIndex MlJobIndex;

#define ML_TYPE_JOB_INDEX (ml_job_index_get_type ())
GType         ml_job_index_get_type      (void) G_GNUC_CONST;
MlJobIndex   *ml_job_index_ref           (MlJobIndex   *index);
void          ml_job_index_unref         (MlJobIndex   *index);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MlJobIndex, ml_job_index_unref)

guint         ml_job_index_get_n_jobs    (MlJobIndex   *index);
guint         ml_job_index_get_page_size (MlJobIndex   *index);
guint         ml_job_index_get_n_pages   (MlJobIndex   *index);

/* Walks the jobs @filter selects (ML_ERROR_NOT_FOUND for an unknown printer) and
 * keeps the start of every page of @page_size jobs. A million jobs take a few
 * hundred milliseconds; @cancellable is checked as it goes. */
MlJobIndex   *ml_collector_store_index_jobs    (MlCollectorStore   *self,
                                                const MlJobFilter  *filter,
                                                guint               page_size,
                                                GCancellable       *cancellable,
                                                GError            **error);

/* Page @page of @index, oldest first: MlJobSummary items, at most the page size
 * (fewer on the last page, or when jobs were deleted since). */
GPtrArray    *ml_collector_store_read_job_page (MlCollectorStore   *self,
                                                MlJobIndex         *index,
                                                guint               page,
                                                GError            **error);

/* The @limit latest jobs of one printer (or all, @serial NULL), newest first. */
GPtrArray    *ml_collector_store_list_latest_jobs (MlCollectorStore  *self,
                                                   const char        *serial,
                                                   guint              limit,
                                                   GError           **error);

/* For tests and benchmarks: stores @n_jobs made-up print jobs in one transaction,
 * job i on printer @serials[i % n] (printers the store must know already), at
 * @first_time + i × @interval_s, with the UUID of (@seed, i). Job i is cancelled
 * when i % 20 == 7, failed when i % 50 == 13, else completed; it has 1 + i % 7
 * pages. */
gboolean      ml_collector_store_add_synthetic_jobs (MlCollectorStore   *self,
                                                     const char * const *serials,
                                                     guint               n_jobs,
                                                     gint64              first_time,
                                                     guint               interval_s,
                                                     guint64             seed,
                                                     GError            **error);
MlJobStatus   ml_collector_store_synthetic_job_status (guint index);

G_END_DECLS
