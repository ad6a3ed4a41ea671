/* ml-job-row.c: one job as the lists of jobs show it, filled in when its page is read
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "ml-job-row.h"

struct _MlJobRow
{
  GObject parent_instance;

  gboolean loaded;
  gint64 time;
  char *uuid;
  char *serial;
  char *printer;
  MlJobKind kind;
  char *name;
  MlJobStatus status;
  gint64 pages;
  gint64 media_area_mm2;
  gint64 ink_ul;
};

G_DEFINE_FINAL_TYPE (MlJobRow, ml_job_row, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_INK_UL,
  PROP_KIND,
  PROP_LOADED,
  PROP_MEDIA_AREA_MM2,
  PROP_NAME,
  PROP_PAGES,
  PROP_PRINTER,
  PROP_SERIAL,
  PROP_STATUS,
  PROP_TIME,
  PROP_UUID,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
ml_job_row_finalize (GObject *object)
{
  MlJobRow *self = ML_JOB_ROW (object);

  g_clear_pointer (&self->uuid, g_free);
  g_clear_pointer (&self->serial, g_free);
  g_clear_pointer (&self->printer, g_free);
  g_clear_pointer (&self->name, g_free);

  G_OBJECT_CLASS (ml_job_row_parent_class)->finalize (object);
}

static void
ml_job_row_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  MlJobRow *self = ML_JOB_ROW (object);

  switch (prop_id)
    {
    case PROP_INK_UL:
      g_value_set_int64 (value, self->ink_ul);
      break;

    case PROP_KIND:
      g_value_set_enum (value, self->kind);
      break;

    case PROP_LOADED:
      g_value_set_boolean (value, self->loaded);
      break;

    case PROP_MEDIA_AREA_MM2:
      g_value_set_int64 (value, self->media_area_mm2);
      break;

    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;

    case PROP_PAGES:
      g_value_set_int64 (value, self->pages);
      break;

    case PROP_PRINTER:
      g_value_set_string (value, self->printer);
      break;

    case PROP_SERIAL:
      g_value_set_string (value, self->serial);
      break;

    case PROP_STATUS:
      g_value_set_enum (value, self->status);
      break;

    case PROP_TIME:
      g_value_set_int64 (value, self->time);
      break;

    case PROP_UUID:
      g_value_set_string (value, self->uuid);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ml_job_row_class_init (MlJobRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = ml_job_row_finalize;
  object_class->get_property = ml_job_row_get_property;

  properties[PROP_INK_UL] =
    g_param_spec_int64 ("ink-ul", NULL, NULL, -1, G_MAXINT64, -1, flags);
  properties[PROP_KIND] =
    g_param_spec_enum ("kind", NULL, NULL, ML_TYPE_JOB_KIND, ML_JOB_KIND_PRINT, flags);
  properties[PROP_LOADED] =
    g_param_spec_boolean ("loaded", NULL, NULL, FALSE, flags);
  properties[PROP_MEDIA_AREA_MM2] =
    g_param_spec_int64 ("media-area-mm2", NULL, NULL, -1, G_MAXINT64, -1, flags);
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL, flags);
  properties[PROP_PAGES] =
    g_param_spec_int64 ("pages", NULL, NULL, -1, G_MAXINT64, -1, flags);
  properties[PROP_PRINTER] =
    g_param_spec_string ("printer", NULL, NULL, NULL, flags);
  properties[PROP_SERIAL] =
    g_param_spec_string ("serial", NULL, NULL, NULL, flags);
  properties[PROP_STATUS] =
    g_param_spec_enum ("status", NULL, NULL, ML_TYPE_JOB_STATUS, ML_JOB_STATUS_UNKNOWN, flags);
  properties[PROP_TIME] =
    g_param_spec_int64 ("time", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_UUID] =
    g_param_spec_string ("uuid", NULL, NULL, NULL, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ml_job_row_init (MlJobRow *self)
{
  self->pages = ML_UNKNOWN;
  self->media_area_mm2 = ML_UNKNOWN;
  self->ink_ul = ML_UNKNOWN;
}

MlJobRow *
ml_job_row_new (void)
{
  return g_object_new (ML_TYPE_JOB_ROW, NULL);
}

MlJobRow *
ml_job_row_new_from_summary (const MlJobSummary *summary)
{
  MlJobRow *self = ml_job_row_new ();

  ml_job_row_update (self, summary);
  return self;
}

static void
set_string (MlJobRow   *self,
            char      **field,
            const char *value,
            guint       prop_id)
{
  if (g_strcmp0 (*field, value) == 0)
    return;

  g_free (*field);
  *field = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

static void
set_int64 (MlJobRow *self,
           gint64   *field,
           gint64    value,
           guint     prop_id)
{
  if (*field == value)
    return;

  *field = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

/* Takes everything from @summary; the notifications leave together. */
void
ml_job_row_update (MlJobRow           *self,
                   const MlJobSummary *summary)
{
  g_return_if_fail (ML_IS_JOB_ROW (self));
  g_return_if_fail (summary != NULL);

  g_object_freeze_notify (G_OBJECT (self));

  set_int64 (self, &self->time, summary->time, PROP_TIME);
  set_string (self, &self->uuid, summary->uuid, PROP_UUID);
  set_string (self, &self->serial, summary->serial, PROP_SERIAL);
  set_string (self, &self->printer,
              summary->printer_model != NULL ? summary->printer_model : summary->serial,
              PROP_PRINTER);
  if (self->kind != summary->kind)
    {
      self->kind = summary->kind;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_KIND]);
    }
  set_string (self, &self->name, summary->name, PROP_NAME);
  if (self->status != summary->status)
    {
      self->status = summary->status;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
    }
  set_int64 (self, &self->pages, summary->pages, PROP_PAGES);
  set_int64 (self, &self->media_area_mm2, summary->media_area_mm2, PROP_MEDIA_AREA_MM2);
  set_int64 (self, &self->ink_ul, summary->ink_ul, PROP_INK_UL);
  if (!self->loaded)
    {
      self->loaded = TRUE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADED]);
    }

  g_object_thaw_notify (G_OBJECT (self));
}

gboolean
ml_job_row_get_loaded (MlJobRow *self)
{
  g_return_val_if_fail (ML_IS_JOB_ROW (self), FALSE);
  return self->loaded;
}

gint64
ml_job_row_get_time (MlJobRow *self)
{
  g_return_val_if_fail (ML_IS_JOB_ROW (self), 0);
  return self->time;
}

const char *
ml_job_row_get_uuid (MlJobRow *self)
{
  g_return_val_if_fail (ML_IS_JOB_ROW (self), NULL);
  return self->uuid;
}

const char *
ml_job_row_get_serial (MlJobRow *self)
{
  g_return_val_if_fail (ML_IS_JOB_ROW (self), NULL);
  return self->serial;
}

const char *
ml_job_row_get_printer (MlJobRow *self)
{
  g_return_val_if_fail (ML_IS_JOB_ROW (self), NULL);
  return self->printer;
}

MlJobKind
ml_job_row_get_kind (MlJobRow *self)
{
  g_return_val_if_fail (ML_IS_JOB_ROW (self), ML_JOB_KIND_PRINT);
  return self->kind;
}

const char *
ml_job_row_get_name (MlJobRow *self)
{
  g_return_val_if_fail (ML_IS_JOB_ROW (self), NULL);
  return self->name;
}

MlJobStatus
ml_job_row_get_status (MlJobRow *self)
{
  g_return_val_if_fail (ML_IS_JOB_ROW (self), ML_JOB_STATUS_UNKNOWN);
  return self->status;
}

gint64
ml_job_row_get_pages (MlJobRow *self)
{
  g_return_val_if_fail (ML_IS_JOB_ROW (self), ML_UNKNOWN);
  return self->pages;
}

gint64
ml_job_row_get_media_area_mm2 (MlJobRow *self)
{
  g_return_val_if_fail (ML_IS_JOB_ROW (self), ML_UNKNOWN);
  return self->media_area_mm2;
}

gint64
ml_job_row_get_ink_ul (MlJobRow *self)
{
  g_return_val_if_fail (ML_IS_JOB_ROW (self), ML_UNKNOWN);
  return self->ink_ul;
}
