/* ml-cycle-summary.c: what one collection cycle did, for its caller to show
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "ml-cycle-summary.h"

struct _MlCycleSummary
{
  GObject parent_instance;

  guint found;
  guint read;
  guint new_jobs;
  gint64 duration_ms;
  GHashTable *failures;
};

G_DEFINE_FINAL_TYPE (MlCycleSummary, ml_cycle_summary, G_TYPE_OBJECT)

static void
ml_cycle_summary_finalize (GObject *object)
{
  MlCycleSummary *self = (MlCycleSummary *)object;

  g_clear_pointer (&self->failures, g_hash_table_unref);

  G_OBJECT_CLASS (ml_cycle_summary_parent_class)->finalize (object);
}

static void
ml_cycle_summary_class_init (MlCycleSummaryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ml_cycle_summary_finalize;
}

static void
ml_cycle_summary_init (MlCycleSummary *self)
{
}

MlCycleSummary *
_ml_cycle_summary_new (guint       found,
                       guint       read,
                       guint       new_jobs,
                       gint64      duration_ms,
                       GHashTable *failures)
{
  MlCycleSummary *self;

  g_return_val_if_fail (failures != NULL, NULL);

  self = g_object_new (ML_TYPE_CYCLE_SUMMARY, NULL);
  self->found = found;
  self->read = read;
  self->new_jobs = new_jobs;
  self->duration_ms = duration_ms;
  self->failures = g_hash_table_ref (failures);
  return self;
}

guint
ml_cycle_summary_get_found (MlCycleSummary *self)
{
  g_return_val_if_fail (ML_IS_CYCLE_SUMMARY (self), 0);
  return self->found;
}

guint
ml_cycle_summary_get_read (MlCycleSummary *self)
{
  g_return_val_if_fail (ML_IS_CYCLE_SUMMARY (self), 0);
  return self->read;
}

guint
ml_cycle_summary_get_failed (MlCycleSummary *self)
{
  g_return_val_if_fail (ML_IS_CYCLE_SUMMARY (self), 0);
  return g_hash_table_size (self->failures);
}

guint
ml_cycle_summary_get_new_jobs (MlCycleSummary *self)
{
  g_return_val_if_fail (ML_IS_CYCLE_SUMMARY (self), 0);
  return self->new_jobs;
}

gint64
ml_cycle_summary_get_duration_ms (MlCycleSummary *self)
{
  g_return_val_if_fail (ML_IS_CYCLE_SUMMARY (self), 0);
  return self->duration_ms;
}

GHashTable *
ml_cycle_summary_get_failures (MlCycleSummary *self)
{
  g_return_val_if_fail (ML_IS_CYCLE_SUMMARY (self), NULL);
  return self->failures;
}
