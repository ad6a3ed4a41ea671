/* ml-piws-jobs.c: the PIWS documents JobQueueCollection and JobQueueSnapshot
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ml-piws-reader-private.h"

/* Units of the job accounting values that carry no unit element
 * (docs/printer-protocols.md, "Job accounting in jobs/all"). */
#define PIWS_JOB_AREA_UNIT "in2"
#define PIWS_JOB_LENGTH_UNIT "in"
#define PIWS_JOB_INK_UNIT "cc"

static MlJobStatus
piws_job_status (const char *text)
{
  static const char *const completed[] = { "Completed", NULL };
  static const char *const cancelled[] = { "Cancelled", NULL };
  static const char *const deleted[] = { "Deleted", NULL };
  static const char *const active[] = { "Printing", "Processing", "Active", NULL };
  static const char *const pending[] = {
    "WaitingToPrint", "Pending", "Held", "Queued", "Paused", NULL
  };
  static const char *const failed[] = { "Failed", "Error", NULL };

  if (_ml_piws_word_is (text, completed))
    return ML_JOB_STATUS_COMPLETED;
  if (_ml_piws_word_is (text, cancelled))
    return ML_JOB_STATUS_CANCELLED;
  if (_ml_piws_word_is (text, deleted))
    return ML_JOB_STATUS_DELETED;
  if (_ml_piws_word_is (text, active))
    return ML_JOB_STATUS_ACTIVE;
  if (_ml_piws_word_is (text, pending))
    return ML_JOB_STATUS_PENDING;
  if (_ml_piws_word_is (text, failed))
    return ML_JOB_STATUS_FAILED;
  return ML_JOB_STATUS_UNKNOWN;
}

/* JobQueueCollection › Queue[]{Name, Type, Persistence, URI} */
void
_ml_piws_read_job_queue_collection (MlPiws           *p,
                                    MlPrinterReading *reading,
                                    JsonObject       *root)
{
  static const char *const print[] = { "Print", NULL };
  g_autoptr(GPtrArray) queues = _ml_piws_items (p, root, "", "Queue");
  g_autofree char *uuid = NULL;
  const char *known;

  /* The Latex parser also meets the queues as JobQueue. */
  if (queues->len == 0)
    {
      g_clear_pointer (&queues, g_ptr_array_unref);
      queues = _ml_piws_items (p, root, "", "JobQueue");
    }

  for (guint i = 0; i < queues->len && p->error == NULL && uuid == NULL; i++)
    {
      MlPiwsItem *queue = g_ptr_array_index (queues, i);
      g_autofree char *type = _ml_piws_text (p, queue->object, queue->path, "Type");
      g_autofree char *uri = _ml_piws_text (p, queue->object, queue->path, "URI");
      g_auto(GStrv) segments = NULL;

      if (uri == NULL || !(_ml_piws_word_is (type, print) || (type == NULL && queues->len == 1)))
        continue;

      /* The queue's id is the last segment of its path. */
      segments = g_strsplit (uri, "/", -1);
      for (guint j = g_strv_length (segments); j > 0; j--)
        {
          if (*segments[j - 1] != '\0')
            {
              uuid = g_strdup (segments[j - 1]);
              break;
            }
        }
    }

  if (p->error != NULL || uuid == NULL)
    return;

  /* A new queue (the printer rebooted) counts its modifications from 0 again. */
  known = ml_printer_reading_get_queue_uuid (reading);
  if (known != NULL && g_strcmp0 (known, uuid) != 0)
    ml_printer_reading_set_queue_modification (reading, ML_UNKNOWN);
  ml_printer_reading_set_queue_uuid (reading, uuid);
}

/* What one Accounting element consumed: media area and length, ink per colour. */
typedef struct
{
  gboolean has_media;
  gint64 media_area_mm2;
  gint64 media_length_mm;
  MlUsage *inks;             /* only its inks: ink_used_ul per colour */
} PiwsConsumption;

static void
piws_consumption_init (PiwsConsumption *consumption)
{
  consumption->has_media = FALSE;
  consumption->media_area_mm2 = ML_UNKNOWN;
  consumption->media_length_mm = ML_UNKNOWN;
  consumption->inks = ml_usage_new ();
}

static void
piws_consumption_clear (PiwsConsumption *consumption)
{
  g_clear_object (&consumption->inks);
}

static gint64
piws_consumption_total_ink (PiwsConsumption *consumption)
{
  GListModel *inks = ml_usage_get_inks (consumption->inks);
  gint64 total = ML_UNKNOWN;

  for (guint i = 0; i < g_list_model_get_n_items (inks); i++)
    {
      g_autoptr(MlInkUsage) ink = g_list_model_get_item (inks, i);

      total = _ml_piws_sum (total, ml_ink_usage_get_ink_used_ul (ink));
    }
  return total;
}

static void
piws_read_consumption (MlPiws          *p,
                       JsonObject      *accounting,
                       const char      *path,
                       PiwsConsumption *consumption)
{
  g_autoptr(GPtrArray) media = _ml_piws_items (p, accounting, path,
                                               "MediaCollectionConsumption.MediaConsumption");
  g_autoptr(GPtrArray) inks = _ml_piws_items (p, accounting, path,
                                              "InkCollectionConsumption.InkConsumption");

  for (guint i = 0; i < media->len && p->error == NULL; i++)
    {
      MlPiwsItem *item = g_ptr_array_index (media, i);
      gint64 area = ML_UNKNOWN;
      gint64 length = ML_UNKNOWN;

      _ml_piws_quantity (p, item->object, item->path, "SquareAmount", ML_UNIT_MM2,
                         PIWS_JOB_AREA_UNIT, &area);
      _ml_piws_quantity (p, item->object, item->path, "LinearAmount", ML_UNIT_MM,
                         PIWS_JOB_LENGTH_UNIT, &length);
      consumption->has_media = TRUE;
      consumption->media_area_mm2 = _ml_piws_sum (consumption->media_area_mm2, area);
      consumption->media_length_mm = _ml_piws_sum (consumption->media_length_mm, length);
    }

  for (guint i = 0; i < inks->len && p->error == NULL; i++)
    {
      MlPiwsItem *item = g_ptr_array_index (inks, i);
      g_autofree char *color = _ml_piws_text (p, item->object, item->path, "InkName");
      gint64 amount = ML_UNKNOWN;

      _ml_piws_quantity (p, item->object, item->path, "Amount", ML_UNIT_MICROLITRE,
                         PIWS_JOB_INK_UNIT, &amount);
      if (color != NULL && amount >= 0)
        _ml_piws_add_ink (consumption->inks, color, amount);
    }
}

/* Adds what one page consumed to its print category in @totals. */
static void
piws_add_category (MlUsage    *totals,
                   const char *name,
                   gint64      media_area_mm2,
                   gint64      length_mm,
                   gint64      printed_area_mm2,
                   gint64      ink_ul)
{
  MlCategoryUsage *total = ml_usage_lookup_category (totals, name);
  g_autoptr(MlCategoryUsage) new_total = NULL;

  if (total == NULL)
    {
      new_total = ml_category_usage_new ();
      total = new_total;
      ml_category_usage_set_category (total, name);
      ml_usage_add_category (totals, total);
    }

  media_area_mm2 = _ml_piws_sum (ml_category_usage_get_media_area_mm2 (total), media_area_mm2);
  ml_category_usage_set_media_area_mm2 (total, media_area_mm2);
  length_mm = _ml_piws_sum (ml_category_usage_get_length_mm (total), length_mm);
  ml_category_usage_set_length_mm (total, length_mm);
  printed_area_mm2 = _ml_piws_sum (ml_category_usage_get_printed_area_mm2 (total),
                                   printed_area_mm2);
  ml_category_usage_set_printed_area_mm2 (total, printed_area_mm2);
  ink_ul = _ml_piws_sum (ml_category_usage_get_ink_ul (total), ink_ul);
  ml_category_usage_set_ink_ul (total, ink_ul);
}

/* A job read again (an update in a later snapshot) keeps one entry per category. */
static void
piws_job_set_category (MlJob           *job,
                       MlCategoryUsage *total)
{
  const char *name = ml_category_usage_get_category (total);
  GListModel *categories = ml_job_get_categories (job);
  guint n_items = g_list_model_get_n_items (categories);

  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr(MlCategoryUsage) known = g_list_model_get_item (categories, i);

      if (g_strcmp0 (ml_category_usage_get_category (known), name) != 0)
        continue;

      ml_category_usage_set_media_area_mm2 (known, ml_category_usage_get_media_area_mm2 (total));
      ml_category_usage_set_printed_area_mm2 (known,
                                              ml_category_usage_get_printed_area_mm2 (total));
      ml_category_usage_set_ink_ul (known, ml_category_usage_get_ink_ul (total));
      ml_category_usage_set_length_mm (known, ml_category_usage_get_length_mm (total));
      return;
    }

  ml_job_add_category (job, total);
}

/* Fills @job from one Job2DPrint, Job2DScan or Job2DCopy. Only what the printer
 * said is set, so that a job read again keeps what an earlier snapshot gave. */
static void
piws_fill_job (MlPiws     *p,
               MlJob      *job,
               JsonObject *entry,
               const char *path)
{
  g_autofree char *settings_path = _ml_piws_path (path, "Settings");
  g_autofree char *accounting_path = _ml_piws_path (path, "Accounting");
  g_autofree char *name = NULL;
  g_autofree char *user_name = NULL;
  g_autofree char *account = NULL;
  g_autofree char *application = NULL;
  g_autofree char *source = NULL;
  g_autofree char *project = NULL;
  g_autofree char *user_defined = NULL;
  g_autofree char *status_text = NULL;
  g_autofree char *quality = NULL;
  g_autofree char *media_type = NULL;
  g_autofree char *first_category = NULL;
  g_autoptr(GPtrArray) pages = NULL;
  g_autoptr(MlUsage) category_totals = ml_usage_new ();
  PiwsConsumption job_consumption;
  PiwsConsumption page_consumption;
  JsonObject *settings;
  JsonObject *accounting;
  gint64 copies = ML_UNKNOWN;
  gint64 n_pages = ML_UNKNOWN;
  gint64 submitted_at = 0;
  gint64 printed_at = 0;
  gint64 completed_at = 0;
  gint64 duration = ML_UNKNOWN;
  gint64 scan_area = ML_UNKNOWN;
  gint64 printed_area = ML_UNKNOWN;
  gint64 nonwhite_ppm = ML_UNKNOWN;
  gint64 color_ppm = ML_UNKNOWN;
  gboolean has_timestamps;
  PiwsConsumption *consumption;
  GListModel *inks;
  GListModel *categories;

  piws_consumption_init (&job_consumption);
  piws_consumption_init (&page_consumption);

  settings = _ml_piws_object (p, entry, path, "Settings");
  name = _ml_piws_text (p, settings, settings_path, "JobName");
  user_name = _ml_piws_text (p, settings, settings_path, "UserName");
  account = _ml_piws_text (p, settings, settings_path, "Account");
  application = _ml_piws_text (p, settings, settings_path, "ApplicationUUID");
  source = _ml_piws_text (p, settings, settings_path, "Source");
  project = _ml_piws_text (p, settings, settings_path, "ProjectID");
  user_defined = _ml_piws_text (p, settings, settings_path, "UserDefined");
  _ml_piws_int (p, settings, settings_path, "RequestedCopies", 0, G_MAXINT32, &copies);
  status_text = _ml_piws_text (p, entry, path, "Status.JobStatus");

  accounting = _ml_piws_object (p, entry, path, "Accounting");
  has_timestamps = _ml_piws_timestamp (p, accounting, accounting_path, "SubmissionTimestamp",
                                       &submitted_at);
  has_timestamps |= _ml_piws_timestamp (p, accounting, accounting_path, "PrintingTimestamp",
                                        &printed_at);
  has_timestamps |= _ml_piws_timestamp (p, accounting, accounting_path, "CompletionTimestamp",
                                        &completed_at);
  piws_read_consumption (p, accounting, accounting_path, &job_consumption);
  _ml_piws_quantity (p, accounting, accounting_path, "ScannedArea", ML_UNIT_MM2,
                     PIWS_JOB_AREA_UNIT, &scan_area);

  _ml_piws_int (p, entry, path, "Pages.NumberOfPages", 0, G_MAXINT32, &n_pages);
  pages = _ml_piws_items (p, entry, path, "Pages.Page");
  for (guint i = 0; i < pages->len && p->error == NULL; i++)
    {
      MlPiwsItem *page = g_ptr_array_index (pages, i);
      g_autofree char *page_accounting_path = _ml_piws_path (page->path, "Accounting");
      g_autofree char *category = NULL;
      PiwsConsumption this_page;
      JsonObject *page_accounting;
      GListModel *page_inks;
      gint64 width = ML_UNKNOWN;
      gint64 height = ML_UNKNOWN;
      gint64 page_copies = 1;
      gint64 area = ML_UNKNOWN;
      guint64 product;

      piws_consumption_init (&this_page);
      _ml_piws_quantity (p, page->object, page->path, "Settings.PageSize.Width", ML_UNIT_MM, NULL,
                         &width);
      _ml_piws_quantity (p, page->object, page->path, "Settings.PageSize.Height", ML_UNIT_MM,
                         NULL, &height);
      _ml_piws_int (p, page->object, page->path, "Settings.Copies", 0, G_MAXINT32, &page_copies);
      page_accounting = _ml_piws_object (p, page->object, page->path, "Accounting");
      piws_read_consumption (p, page_accounting, page_accounting_path, &this_page);
      category = _ml_piws_text (p, page_accounting, page_accounting_path, "PrintCategory");

      if (i == 0)
        {
          quality = _ml_piws_text (p, page->object, page->path, "Settings.PrintQuality");
          media_type = _ml_piws_text (p, page->object, page->path, "Settings.MediaType");
          _ml_piws_percent_ppm (p, page_accounting, page_accounting_path, "GrayPixelCoverage",
                                &nonwhite_ppm);
          _ml_piws_percent_ppm (p, page_accounting, page_accounting_path, "ColorPixelCoverage",
                                &color_ppm);
          first_category = g_strdup (category);
        }

      /* Each side in mm first, as the contract says, then the area. */
      if (width >= 0 && height >= 0)
        {
          if (g_uint64_checked_mul (&product, (guint64) width, (guint64) height)
              && g_uint64_checked_mul (&product, product, (guint64) page_copies)
              && product <= G_MAXINT64)
            {
              area = (gint64) product;
              printed_area = _ml_piws_sum (printed_area, area);
            }
          else
            {
              g_autofree char *where = _ml_piws_path (page->path, "Settings.PageSize");

              _ml_piws_fail (p, ML_ERROR_INVALID_VALUE, _("%s is too large a page"), where);
            }
        }

      page_consumption.has_media |= this_page.has_media;
      page_consumption.media_area_mm2 = _ml_piws_sum (page_consumption.media_area_mm2,
                                                      this_page.media_area_mm2);
      page_consumption.media_length_mm = _ml_piws_sum (page_consumption.media_length_mm,
                                                       this_page.media_length_mm);
      page_inks = ml_usage_get_inks (this_page.inks);
      for (guint j = 0; j < g_list_model_get_n_items (page_inks); j++)
        {
          g_autoptr(MlInkUsage) ink = g_list_model_get_item (page_inks, j);

          _ml_piws_add_ink (page_consumption.inks, ml_ink_usage_get_color (ink),
                            ml_ink_usage_get_ink_used_ul (ink));
        }

      if (category != NULL)
        piws_add_category (category_totals, category, this_page.media_area_mm2,
                           this_page.media_length_mm, area,
                           piws_consumption_total_ink (&this_page));

      piws_consumption_clear (&this_page);
    }

  if (p->error != NULL)
    goto out;

  if (name != NULL)
    ml_job_set_name (job, name);
  if (user_name != NULL)
    ml_job_set_user_name (job, user_name);
  if (account != NULL)
    ml_job_set_account_id (job, account);
  if (application != NULL)
    ml_job_set_application_id (job, application);
  if (source != NULL)
    ml_job_set_source (job, source);
  if (project != NULL)
    ml_job_set_project_id (job, project);
  if (user_defined != NULL)
    ml_job_set_user_defined (job, user_defined);
  if (copies >= 0)
    ml_job_set_copies (job, copies);
  if (status_text != NULL)
    {
      ml_job_set_status_text (job, status_text);
      ml_job_set_status (job, piws_job_status (status_text));
    }

  if (has_timestamps)
    {
      ml_job_set_submitted_at (job, submitted_at);
      ml_job_set_printed_at (job, printed_at);
      ml_job_set_completed_at (job, completed_at);
    }
  if (printed_at > 0 && completed_at >= printed_at)
    {
      g_autoptr(GError) local_error = NULL;
      g_autofree char *seconds = g_strdup_printf ("%" G_GINT64_FORMAT, completed_at - printed_at);

      if (ml_units_convert (seconds, "s", ML_UNIT_MS, &duration, &local_error))
        ml_job_set_duration_ms (job, duration);
    }

  if (n_pages < 0 && pages->len > 0)
    n_pages = pages->len;
  if (n_pages >= 0)
    ml_job_set_pages (job, n_pages);
  if (quality != NULL)
    ml_job_set_quality (job, quality);
  if (media_type != NULL)
    ml_job_set_media_type_id (job, media_type);
  if (first_category != NULL)
    ml_job_set_coverage_category (job, first_category);
  if (nonwhite_ppm >= 0)
    ml_job_set_nonwhite_coverage_ppm (job, nonwhite_ppm);
  if (color_ppm >= 0)
    ml_job_set_color_coverage_ppm (job, color_ppm);
  if (printed_area >= 0)
    ml_job_set_printed_area_mm2 (job, printed_area);
  if (scan_area >= 0)
    ml_job_set_scan_area_mm2 (job, scan_area);

  /* The job's own accounting when it has any; the Z9 leaves it empty and fills the
   * pages' accounting instead. */
  consumption = job_consumption.has_media ? &job_consumption : &page_consumption;
  if (consumption->media_area_mm2 >= 0)
    ml_job_set_media_area_mm2 (job, consumption->media_area_mm2);
  if (consumption->media_length_mm >= 0)
    ml_job_set_media_length_mm (job, consumption->media_length_mm);

  inks = ml_usage_get_inks (job_consumption.inks);
  if (g_list_model_get_n_items (inks) == 0)
    inks = ml_usage_get_inks (page_consumption.inks);
  for (guint i = 0; i < g_list_model_get_n_items (inks); i++)
    {
      g_autoptr(MlInkUsage) ink = g_list_model_get_item (inks, i);

      ml_job_set_ink (job, ml_ink_usage_get_color (ink), ml_ink_usage_get_ink_used_ul (ink));
    }

  categories = ml_usage_get_categories (category_totals);
  for (guint i = 0; i < g_list_model_get_n_items (categories); i++)
    {
      g_autoptr(MlCategoryUsage) total = g_list_model_get_item (categories, i);

      piws_job_set_category (job, total);
    }

out:
  piws_consumption_clear (&job_consumption);
  piws_consumption_clear (&page_consumption);
}

typedef struct
{
  MlJob *job;
  JsonObject *entry;
  char *path;
} PiwsJobEntry;

static void
piws_job_entry_free (gpointer data)
{
  PiwsJobEntry *entry = data;

  g_clear_object (&entry->job);
  g_free (entry->path);
  g_free (entry);
}

/* JobQueueSnapshot › Jobs › Job[] › <Job2DPrint|Job2DScan|Job2DCopy> */
void
_ml_piws_read_job_snapshot (MlPiws           *p,
                            MlPrinterReading *reading,
                            JsonObject       *root)
{
  static const struct {
    const char *name;
    MlJobKind kind;
  } kinds[] = {
    { "Job2DPrint", ML_JOB_KIND_PRINT },
    { "Job2DScan", ML_JOB_KIND_SCAN },
    { "Job2DCopy", ML_JOB_KIND_COPY },
  };
  g_autoptr(GPtrArray) wrappers = _ml_piws_items (p, root, "", "Jobs.Job");
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func (piws_job_entry_free);
  gint64 modification = ML_UNKNOWN;

  _ml_piws_int (p, root, "", "ModificationNumber", 0, G_MAXINT64, &modification);

  for (guint i = 0; i < wrappers->len && p->error == NULL; i++)
    {
      MlPiwsItem *wrapper = g_ptr_array_index (wrappers, i);

      for (guint k = 0; k < G_N_ELEMENTS (kinds) && p->error == NULL; k++)
        {
          g_autoptr(GPtrArray) jobs = _ml_piws_items (p, wrapper->object, wrapper->path,
                                                      kinds[k].name);

          for (guint j = 0; j < jobs->len && p->error == NULL; j++)
            {
              MlPiwsItem *item = g_ptr_array_index (jobs, j);
              g_autofree char *uuid = NULL;
              PiwsJobEntry *entry;

              /* An incremental read sends a job unchanged since the last one as a bare
               * envelope: the reading already holds it. */
              if (_ml_piws_lookup (p, item->object, item->path, "Settings") == NULL)
                continue;

              uuid = _ml_piws_text (p, item->object, item->path, "UUID");
              if (uuid == NULL)
                {
                  _ml_piws_fail (p, ML_ERROR_INVALID_VALUE, _("%s has no UUID"), item->path);
                  break;
                }

              entry = g_new0 (PiwsJobEntry, 1);
              entry->job = ml_job_new (kinds[k].kind, uuid);
              entry->entry = item->object;
              entry->path = g_strdup (item->path);
              g_ptr_array_add (entries, entry);
              piws_fill_job (p, entry->job, entry->entry, entry->path);
            }
        }
    }

  if (p->error != NULL)
    return;

  if (modification >= 0)
    ml_printer_reading_set_queue_modification (reading, modification);

  for (guint i = 0; i < entries->len; i++)
    {
      PiwsJobEntry *entry = g_ptr_array_index (entries, i);
      MlJob *known = ml_printer_reading_lookup_job (reading, ml_job_get_uuid (entry->job));

      if (known == NULL)
        {
          ml_printer_reading_add_job (reading, entry->job);
          continue;
        }

      /* Read once already without an error: filling the known job cannot fail. */
      piws_fill_job (p, known, entry->entry, entry->path);
      g_assert (p->error == NULL);
    }
}
