/* ml-job.h: one print, scan or copy job with its accounting
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A job is its UUID (the printer's queue UUID for the job, never the submitter's).
 * Quantities are integers: ink in microlitres per colour, areas in mm², lengths in
 * mm, the print time in ms, pixel coverage in parts per million of the printed area.
 * Timestamps are Unix seconds (UTC), 0 when the printer left them unset.
 */
#pragma once

#include <gio/gio.h>

#include "ml-types.h"

G_BEGIN_DECLS

#define ML_TYPE_JOB (ml_job_get_type ())

G_DECLARE_FINAL_TYPE (MlJob, ml_job, ML, JOB, GObject)

MlJob       *ml_job_new (MlJobKind kind, const char *uuid);

MlJobKind    ml_job_get_kind             (MlJob *self);
const char  *ml_job_get_uuid             (MlJob *self);
const char  *ml_job_get_name             (MlJob *self);
void         ml_job_set_name             (MlJob *self, const char *name);
gint64       ml_job_get_sequence         (MlJob *self);
void         ml_job_set_sequence         (MlJob *self, gint64 sequence);

/* Optional IDs set by the submitting application. */
const char  *ml_job_get_project_id       (MlJob *self);
void         ml_job_set_project_id       (MlJob *self, const char *project_id);
const char  *ml_job_get_application_id   (MlJob *self);
void         ml_job_set_application_id   (MlJob *self, const char *application_id);
const char  *ml_job_get_user_defined     (MlJob *self);
void         ml_job_set_user_defined     (MlJob *self, const char *user_defined);
const char  *ml_job_get_account_id       (MlJob *self);
void         ml_job_set_account_id       (MlJob *self, const char *account_id);
const char  *ml_job_get_user_name        (MlJob *self);
void         ml_job_set_user_name        (MlJob *self, const char *user_name);

gint64       ml_job_get_submitted_at     (MlJob *self);
void         ml_job_set_submitted_at     (MlJob *self, gint64 submitted_at);
gint64       ml_job_get_printed_at       (MlJob *self);
void         ml_job_set_printed_at       (MlJob *self, gint64 printed_at);
gint64       ml_job_get_completed_at     (MlJob *self);
void         ml_job_set_completed_at     (MlJob *self, gint64 completed_at);

MlJobStatus  ml_job_get_status           (MlJob *self);
void         ml_job_set_status           (MlJob *self, MlJobStatus status);
const char  *ml_job_get_status_text      (MlJob *self);
void         ml_job_set_status_text      (MlJob *self, const char *status_text);
const char  *ml_job_get_source           (MlJob *self);
void         ml_job_set_source           (MlJob *self, const char *source);
const char  *ml_job_get_coverage_category (MlJob *self);
void         ml_job_set_coverage_category (MlJob *self, const char *coverage_category);
const char  *ml_job_get_quality          (MlJob *self);
void         ml_job_set_quality          (MlJob *self, const char *quality);
gint64       ml_job_get_pages            (MlJob *self);
void         ml_job_set_pages            (MlJob *self, gint64 pages);
gint64       ml_job_get_copies           (MlJob *self);
void         ml_job_set_copies           (MlJob *self, gint64 copies);
gint64       ml_job_get_duration_ms      (MlJob *self);
void         ml_job_set_duration_ms      (MlJob *self, gint64 duration_ms);

const char  *ml_job_get_media_type_id    (MlJob *self);
void         ml_job_set_media_type_id    (MlJob *self, const char *media_type_id);
gint64       ml_job_get_media_area_mm2   (MlJob *self);
void         ml_job_set_media_area_mm2   (MlJob *self, gint64 media_area_mm2);
gint64       ml_job_get_printed_area_mm2 (MlJob *self);
void         ml_job_set_printed_area_mm2 (MlJob *self, gint64 printed_area_mm2);
gint64       ml_job_get_media_length_mm  (MlJob *self);
void         ml_job_set_media_length_mm  (MlJob *self, gint64 media_length_mm);
gint64       ml_job_get_nonwhite_coverage_ppm (MlJob *self);
void         ml_job_set_nonwhite_coverage_ppm (MlJob *self, gint64 ppm);
gint64       ml_job_get_color_coverage_ppm    (MlJob *self);
void         ml_job_set_color_coverage_ppm    (MlJob *self, gint64 ppm);
gint64       ml_job_get_scan_area_mm2    (MlJob *self);
void         ml_job_set_scan_area_mm2    (MlJob *self, gint64 scan_area_mm2);

/* Ink used per colour, printhead servicing included. Setting a colour again replaces
 * its amount; the colours come back sorted. */
void         ml_job_set_ink              (MlJob *self, const char *color, gint64 ink_ul);
gint64       ml_job_get_ink              (MlJob *self, const char *color);
GStrv        ml_job_dup_ink_colors       (MlJob *self);
gint64       ml_job_get_total_ink_ul     (MlJob *self);

/* Usage per application category (MlCategoryUsage). */
GListModel  *ml_job_get_categories       (MlJob *self);
void         ml_job_add_category         (MlJob *self, MlCategoryUsage *category);

G_END_DECLS
