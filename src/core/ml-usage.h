/* ml-usage.h: a printer's lifetime usage counters
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Lifetime counters only grow on a healthy printer; the collector turns a drop into
 * a reset event. Totals are what the printer reports, not sums computed here: the
 * billing report compares the two.
 */
#pragma once

#include <gio/gio.h>

#include "ml-types.h"

G_BEGIN_DECLS

#define ML_TYPE_USAGE (ml_usage_get_type ())

G_DECLARE_FINAL_TYPE (MlUsage, ml_usage, ML, USAGE, GObject)

MlUsage    *ml_usage_new (void);

gint64      ml_usage_get_job_count              (MlUsage *self);
void        ml_usage_set_job_count              (MlUsage *self, gint64 job_count);
gint64      ml_usage_get_page_count             (MlUsage *self);
void        ml_usage_set_page_count             (MlUsage *self, gint64 page_count);
gint64      ml_usage_get_total_ink_ul           (MlUsage *self);
void        ml_usage_set_total_ink_ul           (MlUsage *self, gint64 total_ink_ul);
gint64      ml_usage_get_total_media_area_mm2   (MlUsage *self);
void        ml_usage_set_total_media_area_mm2   (MlUsage *self, gint64 total_media_area_mm2);
gint64      ml_usage_get_total_media_length_mm  (MlUsage *self);
void        ml_usage_set_total_media_length_mm  (MlUsage *self, gint64 total_media_length_mm);
gint64      ml_usage_get_scan_area_mm2          (MlUsage *self);
void        ml_usage_set_scan_area_mm2          (MlUsage *self, gint64 scan_area_mm2);
gint64      ml_usage_get_scan_area_scans_mm2    (MlUsage *self);
void        ml_usage_set_scan_area_scans_mm2    (MlUsage *self, gint64 scan_area_scans_mm2);
gint64      ml_usage_get_scan_area_copies_mm2   (MlUsage *self);
void        ml_usage_set_scan_area_copies_mm2   (MlUsage *self, gint64 scan_area_copies_mm2);

/* Lists of MlInkUsage, MlMediaUsage and MlCategoryUsage. The add functions take a
 * reference; the lookup functions return NULL when there is no such entry. */
GListModel *ml_usage_get_inks        (MlUsage *self);
void        ml_usage_add_ink         (MlUsage *self, MlInkUsage *ink);
MlInkUsage *ml_usage_lookup_ink      (MlUsage *self, const char *color);
GListModel *ml_usage_get_media       (MlUsage *self);
void        ml_usage_add_media       (MlUsage *self, MlMediaUsage *media);
MlMediaUsage *ml_usage_lookup_media  (MlUsage *self, const char *media_type_id);
GListModel *ml_usage_get_categories  (MlUsage *self);
void        ml_usage_add_category    (MlUsage *self, MlCategoryUsage *category);
MlCategoryUsage *ml_usage_lookup_category (MlUsage *self, const char *category);

G_END_DECLS
