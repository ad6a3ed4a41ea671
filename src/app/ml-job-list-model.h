/* ml-job-list-model.h: the store's jobs as a GListModel, read lazily a page at a time
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The model knows how many jobs its filter selects as soon as a worker thread has
 * indexed them (see ml-collector-store-jobs.h) and reports them all at once; it
 * reads a page of jobs only when one of its items is asked for, in a worker thread,
 * and keeps a bounded number of pages. An item asked for before its page is read is
 * an empty MlJobRow that fills in (and notifies) when the page arrives, so a view
 * never waits and a million jobs scroll like a hundred.
 *
 * Changing the filter, or calling ml_job_list_model_reload() after the store
 * changed, indexes again; "loading" is TRUE meanwhile. Changing the order does not:
 * newest first is the same pages read from the other end.
 */
#pragma once

#include <gio/gio.h>

#include "ml-collector-store.h"

G_BEGIN_DECLS

#define ML_TYPE_JOB_LIST_MODEL (ml_job_list_model_get_type ())

G_DECLARE_FINAL_TYPE (MlJobListModel, ml_job_list_model, ML, JOB_LIST_MODEL, GObject)

MlJobListModel   *ml_job_list_model_new              (MlCollectorStore *store);

MlCollectorStore *ml_job_list_model_get_store        (MlJobListModel   *self);

/* The filter: one printer (NULL for all), a time range in Unix seconds (0 for no
 * bound; @until excluded), a status (an MlJobStatus, or -1 for any). */
const char       *ml_job_list_model_get_serial       (MlJobListModel   *self);
void              ml_job_list_model_set_serial       (MlJobListModel   *self,
                                                      const char       *serial);
gint64            ml_job_list_model_get_since        (MlJobListModel   *self);
void              ml_job_list_model_set_since        (MlJobListModel   *self,
                                                      gint64            since);
gint64            ml_job_list_model_get_until        (MlJobListModel   *self);
void              ml_job_list_model_set_until        (MlJobListModel   *self,
                                                      gint64            until);
int               ml_job_list_model_get_status       (MlJobListModel   *self);
void              ml_job_list_model_set_status       (MlJobListModel   *self,
                                                      int               status);

gboolean          ml_job_list_model_get_descending   (MlJobListModel   *self);
void              ml_job_list_model_set_descending   (MlJobListModel   *self,
                                                      gboolean          descending);

gboolean          ml_job_list_model_get_loading      (MlJobListModel   *self);
/* Why the last index failed, or NULL. */
const GError     *ml_job_list_model_get_error        (MlJobListModel   *self);

void              ml_job_list_model_reload           (MlJobListModel   *self);

/* Rows held in memory now: at most a bounded number of pages. */
guint             ml_job_list_model_get_n_cached_rows (MlJobListModel  *self);

G_END_DECLS
