/* ml-job-row.h: one job as the lists of jobs show it, filled in when its page is read
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A lazy list hands out an empty row at once and fills it when the store has
 * answered; every property notifies, so a row on screen updates in place.
 */
#pragma once

#include <glib-object.h>

#include "ml-collector-store-jobs.h"

G_BEGIN_DECLS

#define ML_TYPE_JOB_ROW (ml_job_row_get_type ())

G_DECLARE_FINAL_TYPE (MlJobRow, ml_job_row, ML, JOB_ROW, GObject)

MlJobRow    *ml_job_row_new                (void);
MlJobRow    *ml_job_row_new_from_summary   (const MlJobSummary *summary);
void         ml_job_row_update             (MlJobRow           *self,
                                            const MlJobSummary *summary);

gboolean     ml_job_row_get_loaded         (MlJobRow *self);
gint64       ml_job_row_get_time           (MlJobRow *self);
const char  *ml_job_row_get_uuid           (MlJobRow *self);
const char  *ml_job_row_get_serial         (MlJobRow *self);
const char  *ml_job_row_get_printer        (MlJobRow *self);
MlJobKind    ml_job_row_get_kind           (MlJobRow *self);
const char  *ml_job_row_get_name           (MlJobRow *self);
MlJobStatus  ml_job_row_get_status         (MlJobRow *self);
gint64       ml_job_row_get_pages          (MlJobRow *self);
gint64       ml_job_row_get_media_area_mm2 (MlJobRow *self);
gint64       ml_job_row_get_ink_ul         (MlJobRow *self);

G_END_DECLS
