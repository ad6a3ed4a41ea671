/* ml-job.c: one print, scan or copy job with its accounting
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "ml-category-usage.h"
#include "ml-enums.h"
#include "ml-job.h"
#include "ml-units.h"

typedef struct
{
  char *color;
  gint64 ink_ul;
} InkEntry;

struct _MlJob
{
  GObject parent_instance;

  MlJobKind kind;
  char *uuid;
  char *name;
  gint64 sequence;
  char *project_id;
  char *application_id;
  char *user_defined;
  char *account_id;
  char *user_name;
  gint64 submitted_at;
  gint64 printed_at;
  gint64 completed_at;
  MlJobStatus status;
  char *status_text;
  char *source;
  char *coverage_category;
  char *quality;
  gint64 pages;
  gint64 copies;
  gint64 duration_ms;
  char *media_type_id;
  gint64 media_area_mm2;
  gint64 printed_area_mm2;
  gint64 media_length_mm;
  gint64 nonwhite_coverage_ppm;
  gint64 color_coverage_ppm;
  gint64 scan_area_mm2;

  /* InkEntry, sorted by colour: jobs use a handful of colours and the JSON and the
   * store want them in a stable order. */
  GArray *inks;
  GListStore *categories;
};

G_DEFINE_FINAL_TYPE (MlJob, ml_job, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_KIND,
  PROP_UUID,
  PROP_NAME,
  PROP_SEQUENCE,
  PROP_PROJECT_ID,
  PROP_APPLICATION_ID,
  PROP_USER_DEFINED,
  PROP_ACCOUNT_ID,
  PROP_USER_NAME,
  PROP_SUBMITTED_AT,
  PROP_PRINTED_AT,
  PROP_COMPLETED_AT,
  PROP_STATUS,
  PROP_STATUS_TEXT,
  PROP_SOURCE,
  PROP_COVERAGE_CATEGORY,
  PROP_QUALITY,
  PROP_PAGES,
  PROP_COPIES,
  PROP_DURATION_MS,
  PROP_MEDIA_TYPE_ID,
  PROP_MEDIA_AREA_MM2,
  PROP_PRINTED_AREA_MM2,
  PROP_MEDIA_LENGTH_MM,
  PROP_NONWHITE_COVERAGE_PPM,
  PROP_COLOR_COVERAGE_PPM,
  PROP_SCAN_AREA_MM2,
  PROP_TOTAL_INK_UL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
ink_entry_clear (gpointer data)
{
  InkEntry *entry = data;

  g_clear_pointer (&entry->color, g_free);
}

static void
ml_job_dispose (GObject *object)
{
  MlJob *self = (MlJob *)object;

  g_clear_object (&self->categories);

  G_OBJECT_CLASS (ml_job_parent_class)->dispose (object);
}

static void
ml_job_finalize (GObject *object)
{
  MlJob *self = (MlJob *)object;

  g_clear_pointer (&self->uuid, g_free);
  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->project_id, g_free);
  g_clear_pointer (&self->application_id, g_free);
  g_clear_pointer (&self->user_defined, g_free);
  g_clear_pointer (&self->account_id, g_free);
  g_clear_pointer (&self->user_name, g_free);
  g_clear_pointer (&self->status_text, g_free);
  g_clear_pointer (&self->source, g_free);
  g_clear_pointer (&self->coverage_category, g_free);
  g_clear_pointer (&self->quality, g_free);
  g_clear_pointer (&self->media_type_id, g_free);
  g_clear_pointer (&self->inks, g_array_unref);

  G_OBJECT_CLASS (ml_job_parent_class)->finalize (object);
}

static void
ml_job_get_property (GObject    *object,
                     guint       prop_id,
                     GValue     *value,
                     GParamSpec *pspec)
{
  MlJob *self = ML_JOB (object);

  switch (prop_id)
    {
    case PROP_KIND:
      g_value_set_enum (value, self->kind);
      break;

    case PROP_UUID:
      g_value_set_string (value, self->uuid);
      break;

    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;

    case PROP_SEQUENCE:
      g_value_set_int64 (value, self->sequence);
      break;

    case PROP_PROJECT_ID:
      g_value_set_string (value, self->project_id);
      break;

    case PROP_APPLICATION_ID:
      g_value_set_string (value, self->application_id);
      break;

    case PROP_USER_DEFINED:
      g_value_set_string (value, self->user_defined);
      break;

    case PROP_ACCOUNT_ID:
      g_value_set_string (value, self->account_id);
      break;

    case PROP_USER_NAME:
      g_value_set_string (value, self->user_name);
      break;

    case PROP_SUBMITTED_AT:
      g_value_set_int64 (value, self->submitted_at);
      break;

    case PROP_PRINTED_AT:
      g_value_set_int64 (value, self->printed_at);
      break;

    case PROP_COMPLETED_AT:
      g_value_set_int64 (value, self->completed_at);
      break;

    case PROP_STATUS:
      g_value_set_enum (value, self->status);
      break;

    case PROP_STATUS_TEXT:
      g_value_set_string (value, self->status_text);
      break;

    case PROP_SOURCE:
      g_value_set_string (value, self->source);
      break;

    case PROP_COVERAGE_CATEGORY:
      g_value_set_string (value, self->coverage_category);
      break;

    case PROP_QUALITY:
      g_value_set_string (value, self->quality);
      break;

    case PROP_PAGES:
      g_value_set_int64 (value, self->pages);
      break;

    case PROP_COPIES:
      g_value_set_int64 (value, self->copies);
      break;

    case PROP_DURATION_MS:
      g_value_set_int64 (value, self->duration_ms);
      break;

    case PROP_MEDIA_TYPE_ID:
      g_value_set_string (value, self->media_type_id);
      break;

    case PROP_MEDIA_AREA_MM2:
      g_value_set_int64 (value, self->media_area_mm2);
      break;

    case PROP_PRINTED_AREA_MM2:
      g_value_set_int64 (value, self->printed_area_mm2);
      break;

    case PROP_MEDIA_LENGTH_MM:
      g_value_set_int64 (value, self->media_length_mm);
      break;

    case PROP_NONWHITE_COVERAGE_PPM:
      g_value_set_int64 (value, self->nonwhite_coverage_ppm);
      break;

    case PROP_COLOR_COVERAGE_PPM:
      g_value_set_int64 (value, self->color_coverage_ppm);
      break;

    case PROP_SCAN_AREA_MM2:
      g_value_set_int64 (value, self->scan_area_mm2);
      break;

    case PROP_TOTAL_INK_UL:
      g_value_set_int64 (value, ml_job_get_total_ink_ul (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ml_job_set_property (GObject      *object,
                     guint         prop_id,
                     const GValue *value,
                     GParamSpec   *pspec)
{
  MlJob *self = ML_JOB (object);

  switch (prop_id)
    {
    case PROP_KIND:
      self->kind = g_value_get_enum (value);
      break;

    case PROP_UUID:
      self->uuid = g_value_dup_string (value);
      break;

    case PROP_NAME:
      ml_job_set_name (self, g_value_get_string (value));
      break;

    case PROP_SEQUENCE:
      ml_job_set_sequence (self, g_value_get_int64 (value));
      break;

    case PROP_PROJECT_ID:
      ml_job_set_project_id (self, g_value_get_string (value));
      break;

    case PROP_APPLICATION_ID:
      ml_job_set_application_id (self, g_value_get_string (value));
      break;

    case PROP_USER_DEFINED:
      ml_job_set_user_defined (self, g_value_get_string (value));
      break;

    case PROP_ACCOUNT_ID:
      ml_job_set_account_id (self, g_value_get_string (value));
      break;

    case PROP_USER_NAME:
      ml_job_set_user_name (self, g_value_get_string (value));
      break;

    case PROP_SUBMITTED_AT:
      ml_job_set_submitted_at (self, g_value_get_int64 (value));
      break;

    case PROP_PRINTED_AT:
      ml_job_set_printed_at (self, g_value_get_int64 (value));
      break;

    case PROP_COMPLETED_AT:
      ml_job_set_completed_at (self, g_value_get_int64 (value));
      break;

    case PROP_STATUS:
      ml_job_set_status (self, g_value_get_enum (value));
      break;

    case PROP_STATUS_TEXT:
      ml_job_set_status_text (self, g_value_get_string (value));
      break;

    case PROP_SOURCE:
      ml_job_set_source (self, g_value_get_string (value));
      break;

    case PROP_COVERAGE_CATEGORY:
      ml_job_set_coverage_category (self, g_value_get_string (value));
      break;

    case PROP_QUALITY:
      ml_job_set_quality (self, g_value_get_string (value));
      break;

    case PROP_PAGES:
      ml_job_set_pages (self, g_value_get_int64 (value));
      break;

    case PROP_COPIES:
      ml_job_set_copies (self, g_value_get_int64 (value));
      break;

    case PROP_DURATION_MS:
      ml_job_set_duration_ms (self, g_value_get_int64 (value));
      break;

    case PROP_MEDIA_TYPE_ID:
      ml_job_set_media_type_id (self, g_value_get_string (value));
      break;

    case PROP_MEDIA_AREA_MM2:
      ml_job_set_media_area_mm2 (self, g_value_get_int64 (value));
      break;

    case PROP_PRINTED_AREA_MM2:
      ml_job_set_printed_area_mm2 (self, g_value_get_int64 (value));
      break;

    case PROP_MEDIA_LENGTH_MM:
      ml_job_set_media_length_mm (self, g_value_get_int64 (value));
      break;

    case PROP_NONWHITE_COVERAGE_PPM:
      ml_job_set_nonwhite_coverage_ppm (self, g_value_get_int64 (value));
      break;

    case PROP_COLOR_COVERAGE_PPM:
      ml_job_set_color_coverage_ppm (self, g_value_get_int64 (value));
      break;

    case PROP_SCAN_AREA_MM2:
      ml_job_set_scan_area_mm2 (self, g_value_get_int64 (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ml_job_class_init (MlJobClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ml_job_dispose;
  object_class->finalize = ml_job_finalize;
  object_class->get_property = ml_job_get_property;
  object_class->set_property = ml_job_set_property;

  properties[PROP_KIND] =
    g_param_spec_enum ("kind", NULL, "Print, scan or copy",
                       ML_TYPE_JOB_KIND, ML_JOB_KIND_PRINT,
                       (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties[PROP_UUID] =
    g_param_spec_string ("uuid", NULL, "The printer's queue UUID of the job",
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, "The job's name as submitted",
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_SEQUENCE] =
    g_param_spec_int64 ("sequence", NULL, "The printer's sequence number of the job, -1 if unknown",
                        -1, G_MAXINT64, ML_UNKNOWN,
                        (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_PROJECT_ID] =
    g_param_spec_string ("project-id", NULL, "Project ID set by the submitting application",
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_APPLICATION_ID] =
    g_param_spec_string ("application-id", NULL, "ID of the submitting application",
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_USER_DEFINED] =
    g_param_spec_string ("user-defined", NULL, "Free text set by the submitting application",
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_ACCOUNT_ID] =
    g_param_spec_string ("account-id", NULL, "Account ID set by the submitting application",
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_USER_NAME] =
    g_param_spec_string ("user-name", NULL, "User name set by the submitting application",
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_SUBMITTED_AT] =
    g_param_spec_int64 ("submitted-at", NULL, "When the job was submitted (Unix seconds, 0 if unknown)",
                        0, G_MAXINT64, 0,
                        (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_PRINTED_AT] =
    g_param_spec_int64 ("printed-at", NULL, "When printing started (Unix seconds, 0 if unknown)",
                        0, G_MAXINT64, 0,
                        (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_COMPLETED_AT] =
    g_param_spec_int64 ("completed-at", NULL, "When the job completed (Unix seconds, 0 if unknown)",
                        0, G_MAXINT64, 0,
                        (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_STATUS] =
    g_param_spec_enum ("status", NULL, "The normalised state",
                       ML_TYPE_JOB_STATUS, ML_JOB_STATUS_UNKNOWN,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_STATUS_TEXT] =
    g_param_spec_string ("status-text", NULL, "The printer's own word for the state",
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_SOURCE] =
    g_param_spec_string ("source", NULL, "Where the job came from: driver, RIP, EWS, ...",
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_COVERAGE_CATEGORY] =
    g_param_spec_string ("coverage-category", NULL, "The ink coverage category",
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_QUALITY] =
    g_param_spec_string ("quality", NULL, "The print quality",
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_PAGES] =
    g_param_spec_int64 ("pages", NULL, "Number of pages, -1 if unknown",
                        -1, G_MAXINT64, ML_UNKNOWN,
                        (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_COPIES] =
    g_param_spec_int64 ("copies", NULL, "Number of copies, -1 if unknown",
                        -1, G_MAXINT64, ML_UNKNOWN,
                        (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_DURATION_MS] =
    g_param_spec_int64 ("duration-ms", NULL, "Time to print in ms, -1 if unknown",
                        -1, G_MAXINT64, ML_UNKNOWN,
                        (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_MEDIA_TYPE_ID] =
    g_param_spec_string ("media-type-id", NULL, "The printer's ID of the media type",
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_MEDIA_AREA_MM2] =
    g_param_spec_int64 ("media-area-mm2", NULL, "Media area used in mm², -1 if unknown",
                        -1, G_MAXINT64, ML_UNKNOWN,
                        (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_PRINTED_AREA_MM2] =
    g_param_spec_int64 ("printed-area-mm2", NULL, "Area printed in mm², -1 if unknown",
                        -1, G_MAXINT64, ML_UNKNOWN,
                        (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_MEDIA_LENGTH_MM] =
    g_param_spec_int64 ("media-length-mm", NULL, "Media length used in mm, -1 if unknown",
                        -1, G_MAXINT64, ML_UNKNOWN,
                        (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_NONWHITE_COVERAGE_PPM] =
    g_param_spec_int64 ("nonwhite-coverage-ppm", NULL, "Non-white pixel coverage in parts per million, -1 if unknown",
                        -1, G_MAXINT64, ML_UNKNOWN,
                        (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_COLOR_COVERAGE_PPM] =
    g_param_spec_int64 ("color-coverage-ppm", NULL, "Colour pixel coverage in parts per million, -1 if unknown",
                        -1, G_MAXINT64, ML_UNKNOWN,
                        (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_SCAN_AREA_MM2] =
    g_param_spec_int64 ("scan-area-mm2", NULL, "Area scanned in mm², -1 if unknown",
                        -1, G_MAXINT64, ML_UNKNOWN,
                        (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_TOTAL_INK_UL] =
    g_param_spec_int64 ("total-ink-ul", NULL, "Ink used over all colours in microlitres, -1 if unknown",
                        -1, G_MAXINT64, ML_UNKNOWN,
                        (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ml_job_init (MlJob *self)
{
  self->sequence = ML_UNKNOWN;
  self->pages = ML_UNKNOWN;
  self->copies = ML_UNKNOWN;
  self->duration_ms = ML_UNKNOWN;
  self->media_area_mm2 = ML_UNKNOWN;
  self->printed_area_mm2 = ML_UNKNOWN;
  self->media_length_mm = ML_UNKNOWN;
  self->nonwhite_coverage_ppm = ML_UNKNOWN;
  self->color_coverage_ppm = ML_UNKNOWN;
  self->scan_area_mm2 = ML_UNKNOWN;

  self->inks = g_array_new (FALSE, FALSE, sizeof (InkEntry));
  g_array_set_clear_func (self->inks, ink_entry_clear);
  self->categories = g_list_store_new (ML_TYPE_CATEGORY_USAGE);
}

MlJob *
ml_job_new (MlJobKind   kind,
            const char *uuid)
{
  return g_object_new (ML_TYPE_JOB,
                       "kind", kind,
                       "uuid", uuid,
                       NULL);
}

MlJobKind
ml_job_get_kind (MlJob *self)
{
  g_return_val_if_fail (ML_IS_JOB (self), ML_JOB_KIND_PRINT);

  return self->kind;
}

const char *
ml_job_get_uuid (MlJob *self)
{
  g_return_val_if_fail (ML_IS_JOB (self), NULL);

  return self->uuid;
}

const char *
ml_job_get_name (MlJob *self)
{
  g_return_val_if_fail (ML_IS_JOB (self), NULL);

  return self->name;
}

void
ml_job_set_name (MlJob *self,
                 const char *name)
{
  g_return_if_fail (ML_IS_JOB (self));

  if (g_strcmp0 (self->name, name) == 0)
    return;

  g_free (self->name);
  self->name = g_strdup (name);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NAME]);
}

gint64
ml_job_get_sequence (MlJob *self)
{
  g_return_val_if_fail (ML_IS_JOB (self), ML_UNKNOWN);

  return self->sequence;
}

void
ml_job_set_sequence (MlJob *self,
                     gint64 sequence)
{
  g_return_if_fail (ML_IS_JOB (self));
  g_return_if_fail (sequence >= ML_UNKNOWN);

  if (self->sequence == sequence)
    return;

  self->sequence = sequence;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SEQUENCE]);
}

const char *
ml_job_get_project_id (MlJob *self)
{
  g_return_val_if_fail (ML_IS_JOB (self), NULL);

  return self->project_id;
}

void
ml_job_set_project_id (MlJob *self,
                       const char *project_id)
{
  g_return_if_fail (ML_IS_JOB (self));

  if (g_strcmp0 (self->project_id, project_id) == 0)
    return;

  g_free (self->project_id);
  self->project_id = g_strdup (project_id);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROJECT_ID]);
}

const char *
ml_job_get_application_id (MlJob *self)
{
  g_return_val_if_fail (ML_IS_JOB (self), NULL);

  return self->application_id;
}

void
ml_job_set_application_id (MlJob *self,
                           const char *application_id)
{
  g_return_if_fail (ML_IS_JOB (self));

  if (g_strcmp0 (self->application_id, application_id) == 0)
    return;

  g_free (self->application_id);
  self->application_id = g_strdup (application_id);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_APPLICATION_ID]);
}

const char *
ml_job_get_user_defined (MlJob *self)
{
  g_return_val_if_fail (ML_IS_JOB (self), NULL);

  return self->user_defined;
}

void
ml_job_set_user_defined (MlJob *self,
                         const char *user_defined)
{
  g_return_if_fail (ML_IS_JOB (self));

  if (g_strcmp0 (self->user_defined, user_defined) == 0)
    return;

  g_free (self->user_defined);
  self->user_defined = g_strdup (user_defined);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_USER_DEFINED]);
}

const char *
ml_job_get_account_id (MlJob *self)
{
  g_return_val_if_fail (ML_IS_JOB (self), NULL);

  return self->account_id;
}

void
ml_job_set_account_id (MlJob *self,
                       const char *account_id)
{
  g_return_if_fail (ML_IS_JOB (self));

  if (g_strcmp0 (self->account_id, account_id) == 0)
    return;

  g_free (self->account_id);
  self->account_id = g_strdup (account_id);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACCOUNT_ID]);
}

const char *
ml_job_get_user_name (MlJob *self)
{
  g_return_val_if_fail (ML_IS_JOB (self), NULL);

  return self->user_name;
}

void
ml_job_set_user_name (MlJob *self,
                      const char *user_name)
{
  g_return_if_fail (ML_IS_JOB (self));

  if (g_strcmp0 (self->user_name, user_name) == 0)
    return;

  g_free (self->user_name);
  self->user_name = g_strdup (user_name);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_USER_NAME]);
}

gint64
ml_job_get_submitted_at (MlJob *self)
{
  g_return_val_if_fail (ML_IS_JOB (self), 0);

  return self->submitted_at;
}

void
ml_job_set_submitted_at (MlJob *self,
                         gint64 submitted_at)
{
  g_return_if_fail (ML_IS_JOB (self));
  g_return_if_fail (submitted_at >= 0);

  if (self->submitted_at == submitted_at)
    return;

  self->submitted_at = submitted_at;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SUBMITTED_AT]);
}

gint64
ml_job_get_printed_at (MlJob *self)
{
  g_return_val_if_fail (ML_IS_JOB (self), 0);

  return self->printed_at;
}

void
ml_job_set_printed_at (MlJob *self,
                       gint64 printed_at)
{
  g_return_if_fail (ML_IS_JOB (self));
  g_return_if_fail (printed_at >= 0);

  if (self->printed_at == printed_at)
    return;

  self->printed_at = printed_at;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PRINTED_AT]);
}

gint64
ml_job_get_completed_at (MlJob *self)
{
  g_return_val_if_fail (ML_IS_JOB (self), 0);

  return self->completed_at;
}

void
ml_job_set_completed_at (MlJob *self,
                         gint64 completed_at)
{
  g_return_if_fail (ML_IS_JOB (self));
  g_return_if_fail (completed_at >= 0);

  if (self->completed_at == completed_at)
    return;

  self->completed_at = completed_at;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COMPLETED_AT]);
}

MlJobStatus
ml_job_get_status (MlJob *self)
{
  g_return_val_if_fail (ML_IS_JOB (self), 0);

  return self->status;
}

void
ml_job_set_status (MlJob *self,
                   MlJobStatus status)
{
  g_return_if_fail (ML_IS_JOB (self));

  if (self->status == status)
    return;

  self->status = status;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
}

const char *
ml_job_get_status_text (MlJob *self)
{
  g_return_val_if_fail (ML_IS_JOB (self), NULL);

  return self->status_text;
}

void
ml_job_set_status_text (MlJob *self,
                        const char *status_text)
{
  g_return_if_fail (ML_IS_JOB (self));

  if (g_strcmp0 (self->status_text, status_text) == 0)
    return;

  g_free (self->status_text);
  self->status_text = g_strdup (status_text);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS_TEXT]);
}

const char *
ml_job_get_source (MlJob *self)
{
  g_return_val_if_fail (ML_IS_JOB (self), NULL);

  return self->source;
}

void
ml_job_set_source (MlJob *self,
                   const char *source)
{
  g_return_if_fail (ML_IS_JOB (self));

  if (g_strcmp0 (self->source, source) == 0)
    return;

  g_free (self->source);
  self->source = g_strdup (source);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SOURCE]);
}

const char *
ml_job_get_coverage_category (MlJob *self)
{
  g_return_val_if_fail (ML_IS_JOB (self), NULL);

  return self->coverage_category;
}

void
ml_job_set_coverage_category (MlJob *self,
                              const char *coverage_category)
{
  g_return_if_fail (ML_IS_JOB (self));

  if (g_strcmp0 (self->coverage_category, coverage_category) == 0)
    return;

  g_free (self->coverage_category);
  self->coverage_category = g_strdup (coverage_category);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COVERAGE_CATEGORY]);
}

const char *
ml_job_get_quality (MlJob *self)
{
  g_return_val_if_fail (ML_IS_JOB (self), NULL);

  return self->quality;
}

void
ml_job_set_quality (MlJob *self,
                    const char *quality)
{
  g_return_if_fail (ML_IS_JOB (self));

  if (g_strcmp0 (self->quality, quality) == 0)
    return;

  g_free (self->quality);
  self->quality = g_strdup (quality);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_QUALITY]);
}

gint64
ml_job_get_pages (MlJob *self)
{
  g_return_val_if_fail (ML_IS_JOB (self), ML_UNKNOWN);

  return self->pages;
}

void
ml_job_set_pages (MlJob *self,
                  gint64 pages)
{
  g_return_if_fail (ML_IS_JOB (self));
  g_return_if_fail (pages >= ML_UNKNOWN);

  if (self->pages == pages)
    return;

  self->pages = pages;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAGES]);
}

gint64
ml_job_get_copies (MlJob *self)
{
  g_return_val_if_fail (ML_IS_JOB (self), ML_UNKNOWN);

  return self->copies;
}

void
ml_job_set_copies (MlJob *self,
                   gint64 copies)
{
  g_return_if_fail (ML_IS_JOB (self));
  g_return_if_fail (copies >= ML_UNKNOWN);

  if (self->copies == copies)
    return;

  self->copies = copies;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COPIES]);
}

gint64
ml_job_get_duration_ms (MlJob *self)
{
  g_return_val_if_fail (ML_IS_JOB (self), ML_UNKNOWN);

  return self->duration_ms;
}

void
ml_job_set_duration_ms (MlJob *self,
                        gint64 duration_ms)
{
  g_return_if_fail (ML_IS_JOB (self));
  g_return_if_fail (duration_ms >= ML_UNKNOWN);

  if (self->duration_ms == duration_ms)
    return;

  self->duration_ms = duration_ms;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DURATION_MS]);
}

const char *
ml_job_get_media_type_id (MlJob *self)
{
  g_return_val_if_fail (ML_IS_JOB (self), NULL);

  return self->media_type_id;
}

void
ml_job_set_media_type_id (MlJob *self,
                          const char *media_type_id)
{
  g_return_if_fail (ML_IS_JOB (self));

  if (g_strcmp0 (self->media_type_id, media_type_id) == 0)
    return;

  g_free (self->media_type_id);
  self->media_type_id = g_strdup (media_type_id);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MEDIA_TYPE_ID]);
}

gint64
ml_job_get_media_area_mm2 (MlJob *self)
{
  g_return_val_if_fail (ML_IS_JOB (self), ML_UNKNOWN);

  return self->media_area_mm2;
}

void
ml_job_set_media_area_mm2 (MlJob *self,
                           gint64 media_area_mm2)
{
  g_return_if_fail (ML_IS_JOB (self));
  g_return_if_fail (media_area_mm2 >= ML_UNKNOWN);

  if (self->media_area_mm2 == media_area_mm2)
    return;

  self->media_area_mm2 = media_area_mm2;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MEDIA_AREA_MM2]);
}

gint64
ml_job_get_printed_area_mm2 (MlJob *self)
{
  g_return_val_if_fail (ML_IS_JOB (self), ML_UNKNOWN);

  return self->printed_area_mm2;
}

void
ml_job_set_printed_area_mm2 (MlJob *self,
                             gint64 printed_area_mm2)
{
  g_return_if_fail (ML_IS_JOB (self));
  g_return_if_fail (printed_area_mm2 >= ML_UNKNOWN);

  if (self->printed_area_mm2 == printed_area_mm2)
    return;

  self->printed_area_mm2 = printed_area_mm2;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PRINTED_AREA_MM2]);
}

gint64
ml_job_get_media_length_mm (MlJob *self)
{
  g_return_val_if_fail (ML_IS_JOB (self), ML_UNKNOWN);

  return self->media_length_mm;
}

void
ml_job_set_media_length_mm (MlJob *self,
                            gint64 media_length_mm)
{
  g_return_if_fail (ML_IS_JOB (self));
  g_return_if_fail (media_length_mm >= ML_UNKNOWN);

  if (self->media_length_mm == media_length_mm)
    return;

  self->media_length_mm = media_length_mm;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MEDIA_LENGTH_MM]);
}

gint64
ml_job_get_nonwhite_coverage_ppm (MlJob *self)
{
  g_return_val_if_fail (ML_IS_JOB (self), ML_UNKNOWN);

  return self->nonwhite_coverage_ppm;
}

void
ml_job_set_nonwhite_coverage_ppm (MlJob *self,
                                  gint64 nonwhite_coverage_ppm)
{
  g_return_if_fail (ML_IS_JOB (self));
  g_return_if_fail (nonwhite_coverage_ppm >= ML_UNKNOWN);

  if (self->nonwhite_coverage_ppm == nonwhite_coverage_ppm)
    return;

  self->nonwhite_coverage_ppm = nonwhite_coverage_ppm;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NONWHITE_COVERAGE_PPM]);
}

gint64
ml_job_get_color_coverage_ppm (MlJob *self)
{
  g_return_val_if_fail (ML_IS_JOB (self), ML_UNKNOWN);

  return self->color_coverage_ppm;
}

void
ml_job_set_color_coverage_ppm (MlJob *self,
                               gint64 color_coverage_ppm)
{
  g_return_if_fail (ML_IS_JOB (self));
  g_return_if_fail (color_coverage_ppm >= ML_UNKNOWN);

  if (self->color_coverage_ppm == color_coverage_ppm)
    return;

  self->color_coverage_ppm = color_coverage_ppm;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COLOR_COVERAGE_PPM]);
}

gint64
ml_job_get_scan_area_mm2 (MlJob *self)
{
  g_return_val_if_fail (ML_IS_JOB (self), ML_UNKNOWN);

  return self->scan_area_mm2;
}

void
ml_job_set_scan_area_mm2 (MlJob *self,
                          gint64 scan_area_mm2)
{
  g_return_if_fail (ML_IS_JOB (self));
  g_return_if_fail (scan_area_mm2 >= ML_UNKNOWN);

  if (self->scan_area_mm2 == scan_area_mm2)
    return;

  self->scan_area_mm2 = scan_area_mm2;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SCAN_AREA_MM2]);
}

/* The index of @color, or where it would be inserted to keep the order. */
static guint
find_ink (MlJob      *self,
          const char *color,
          gboolean   *found)
{
  guint i;

  for (i = 0; i < self->inks->len; i++)
    {
      int cmp = strcmp (g_array_index (self->inks, InkEntry, i).color, color);

      if (cmp >= 0)
        {
          *found = (cmp == 0);
          return i;
        }
    }

  *found = FALSE;
  return i;
}

void
ml_job_set_ink (MlJob      *self,
                const char *color,
                gint64      ink_ul)
{
  gint64 old_total;
  gboolean found;
  guint index;

  g_return_if_fail (ML_IS_JOB (self));
  g_return_if_fail (color != NULL);
  g_return_if_fail (ink_ul >= 0);

  old_total = ml_job_get_total_ink_ul (self);
  index = find_ink (self, color, &found);
  if (found)
    {
      InkEntry *entry = &g_array_index (self->inks, InkEntry, index);

      if (entry->ink_ul == ink_ul)
        return;
      entry->ink_ul = ink_ul;
    }
  else
    {
      InkEntry entry = { g_strdup (color), ink_ul };

      g_array_insert_val (self->inks, index, entry);
    }

  if (ml_job_get_total_ink_ul (self) != old_total)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOTAL_INK_UL]);
}

gint64
ml_job_get_ink (MlJob      *self,
                const char *color)
{
  gboolean found;
  guint index;

  g_return_val_if_fail (ML_IS_JOB (self), ML_UNKNOWN);
  g_return_val_if_fail (color != NULL, ML_UNKNOWN);

  index = find_ink (self, color, &found);
  if (!found)
    return ML_UNKNOWN;

  return g_array_index (self->inks, InkEntry, index).ink_ul;
}

GStrv
ml_job_dup_ink_colors (MlJob *self)
{
  g_autoptr(GStrvBuilder) builder = NULL;

  g_return_val_if_fail (ML_IS_JOB (self), NULL);

  builder = g_strv_builder_new ();
  for (guint i = 0; i < self->inks->len; i++)
    g_strv_builder_add (builder, g_array_index (self->inks, InkEntry, i).color);

  return g_strv_builder_end (builder);
}

/* ML_UNKNOWN when the printer reported no ink for the job at all, which is not the
 * same as a job that used none. */
gint64
ml_job_get_total_ink_ul (MlJob *self)
{
  gint64 total = 0;

  g_return_val_if_fail (ML_IS_JOB (self), ML_UNKNOWN);

  if (self->inks->len == 0)
    return ML_UNKNOWN;

  for (guint i = 0; i < self->inks->len; i++)
    {
      gint64 ink_ul = g_array_index (self->inks, InkEntry, i).ink_ul;

      /* Saturate rather than wrap: a corrupt counter must not turn into a small bill. */
      if (ink_ul > G_MAXINT64 - total)
        return G_MAXINT64;
      total += ink_ul;
    }

  return total;
}

GListModel *
ml_job_get_categories (MlJob *self)
{
  g_return_val_if_fail (ML_IS_JOB (self), NULL);

  return G_LIST_MODEL (self->categories);
}

void
ml_job_add_category (MlJob           *self,
                     MlCategoryUsage *category)
{
  g_return_if_fail (ML_IS_JOB (self));
  g_return_if_fail (ML_IS_CATEGORY_USAGE (category));

  g_list_store_append (self->categories, category);
}
