/* ml-cycle-summary.h: what one collection cycle did, for its caller to show
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define ML_TYPE_CYCLE_SUMMARY (ml_cycle_summary_get_type ())
G_DECLARE_FINAL_TYPE (MlCycleSummary, ml_cycle_summary, ML, CYCLE_SUMMARY, GObject)

guint       ml_cycle_summary_get_found         (MlCycleSummary *self);  /* printers that answered the scan */
guint       ml_cycle_summary_get_read          (MlCycleSummary *self);  /* printers read and stored */
guint       ml_cycle_summary_get_failed        (MlCycleSummary *self);
guint       ml_cycle_summary_get_new_jobs      (MlCycleSummary *self);
gint64      ml_cycle_summary_get_duration_ms   (MlCycleSummary *self);
/* Per printer: serial → error message, for those that failed. */
GHashTable *ml_cycle_summary_get_failures      (MlCycleSummary *self);

/* For the collector: takes a reference on @failures. */
MlCycleSummary *_ml_cycle_summary_new          (guint           found,
                                                guint           read,
                                                guint           new_jobs,
                                                gint64          duration_ms,
                                                GHashTable     *failures);

G_END_DECLS
