/* ml-piws-counters.c: the PIWS document DeviceCounters
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "ml-piws-reader-private.h"

/* DeviceCounters, as docs/printer-protocols.md assumes it. */
void
_ml_piws_read_device_counters (MlPiws           *p,
                               MlPrinterReading *reading,
                               JsonObject       *root)
{
  MlUsage *usage = ml_printer_reading_get_usage (reading);
  g_autoptr(GPtrArray) media_items = NULL;
  g_autoptr(GPtrArray) category_items = NULL;
  g_autoptr(GPtrArray) media = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) categories = g_ptr_array_new_with_free_func (g_object_unref);
  JsonObject *print = _ml_piws_object (p, root, "", "PrintCounters");
  JsonObject *scan = _ml_piws_object (p, root, "", "ScanCounters");
  gint64 jobs = ML_UNKNOWN;
  gint64 pages = ML_UNKNOWN;
  gint64 ink = ML_UNKNOWN;
  gint64 area = ML_UNKNOWN;
  gint64 length = ML_UNKNOWN;
  gint64 scanned = ML_UNKNOWN;
  gint64 scanned_scans = ML_UNKNOWN;
  gint64 scanned_copies = ML_UNKNOWN;

  _ml_piws_int (p, print, "PrintCounters", "NumberOfJobs", 0, G_MAXINT64, &jobs);
  _ml_piws_int (p, print, "PrintCounters", "NumberOfPages", 0, G_MAXINT64, &pages);
  _ml_piws_quantity (p, print, "PrintCounters", "TotalInkUsed", ML_UNIT_MICROLITRE, NULL, &ink);
  _ml_piws_quantity (p, print, "PrintCounters", "TotalMediaArea", ML_UNIT_MM2, NULL, &area);
  _ml_piws_quantity (p, print, "PrintCounters", "TotalMediaLength", ML_UNIT_MM, NULL, &length);
  _ml_piws_quantity (p, scan, "ScanCounters", "TotalScannedArea", ML_UNIT_MM2, NULL, &scanned);
  _ml_piws_quantity (p, scan, "ScanCounters", "ScanArea", ML_UNIT_MM2, NULL, &scanned_scans);
  _ml_piws_quantity (p, scan, "ScanCounters", "CopyArea", ML_UNIT_MM2, NULL, &scanned_copies);

  media_items = _ml_piws_items (p, print, "PrintCounters", "MediaUsageCollection.MediaUsage");
  for (guint i = 0; i < media_items->len && p->error == NULL; i++)
    {
      MlPiwsItem *item = g_ptr_array_index (media_items, i);
      g_autoptr(MlMediaUsage) entry = ml_media_usage_new ();
      g_autofree char *id = _ml_piws_text (p, item->object, item->path, "MediaTypeID");
      g_autofree char *name = _ml_piws_text (p, item->object, item->path, "MediaTypeName");
      gint64 media_area = ML_UNKNOWN;
      gint64 media_length = ML_UNKNOWN;

      _ml_piws_quantity (p, item->object, item->path, "Area", ML_UNIT_MM2, NULL, &media_area);
      _ml_piws_quantity (p, item->object, item->path, "Length", ML_UNIT_MM, NULL, &media_length);
      if (id == NULL)
        continue;

      ml_media_usage_set_media_type_id (entry, id);
      ml_media_usage_set_media_type_name (entry, name);
      ml_media_usage_set_area_mm2 (entry, media_area);
      ml_media_usage_set_length_mm (entry, media_length);
      g_ptr_array_add (media, g_steal_pointer (&entry));
    }

  category_items = _ml_piws_items (p, print, "PrintCounters",
                                   "CategoryUsageCollection.CategoryUsage");
  for (guint i = 0; i < category_items->len && p->error == NULL; i++)
    {
      MlPiwsItem *item = g_ptr_array_index (category_items, i);
      g_autoptr(MlCategoryUsage) entry = ml_category_usage_new ();
      g_autofree char *name = _ml_piws_text (p, item->object, item->path, "Category");
      gint64 media_area = ML_UNKNOWN;
      gint64 printed_area = ML_UNKNOWN;
      gint64 category_ink = ML_UNKNOWN;
      gint64 category_length = ML_UNKNOWN;

      _ml_piws_quantity (p, item->object, item->path, "MediaArea", ML_UNIT_MM2, NULL, &media_area);
      _ml_piws_quantity (p, item->object, item->path, "PrintedArea", ML_UNIT_MM2, NULL,
                         &printed_area);
      _ml_piws_quantity (p, item->object, item->path, "InkUsed", ML_UNIT_MICROLITRE, NULL,
                         &category_ink);
      _ml_piws_quantity (p, item->object, item->path, "Length", ML_UNIT_MM, NULL,
                         &category_length);
      if (name == NULL)
        continue;

      ml_category_usage_set_category (entry, name);
      ml_category_usage_set_media_area_mm2 (entry, media_area);
      ml_category_usage_set_printed_area_mm2 (entry, printed_area);
      ml_category_usage_set_ink_ul (entry, category_ink);
      ml_category_usage_set_length_mm (entry, category_length);
      g_ptr_array_add (categories, g_steal_pointer (&entry));
    }

  if (p->error != NULL)
    return;

  if (jobs >= 0)
    ml_usage_set_job_count (usage, jobs);
  if (pages >= 0)
    ml_usage_set_page_count (usage, pages);
  if (ink >= 0)
    ml_usage_set_total_ink_ul (usage, ink);
  if (area >= 0)
    ml_usage_set_total_media_area_mm2 (usage, area);
  if (length >= 0)
    ml_usage_set_total_media_length_mm (usage, length);
  if (scanned >= 0)
    ml_usage_set_scan_area_mm2 (usage, scanned);
  if (scanned_scans >= 0)
    ml_usage_set_scan_area_scans_mm2 (usage, scanned_scans);
  if (scanned_copies >= 0)
    ml_usage_set_scan_area_copies_mm2 (usage, scanned_copies);

  for (guint i = 0; i < media->len; i++)
    {
      MlMediaUsage *entry = g_ptr_array_index (media, i);
      MlMediaUsage *known = ml_usage_lookup_media (usage, ml_media_usage_get_media_type_id (entry));

      if (known == NULL)
        {
          ml_usage_add_media (usage, entry);
          continue;
        }
      ml_media_usage_set_media_type_name (known, ml_media_usage_get_media_type_name (entry));
      ml_media_usage_set_area_mm2 (known, ml_media_usage_get_area_mm2 (entry));
      ml_media_usage_set_length_mm (known, ml_media_usage_get_length_mm (entry));
    }

  for (guint i = 0; i < categories->len; i++)
    {
      MlCategoryUsage *entry = g_ptr_array_index (categories, i);
      MlCategoryUsage *known = ml_usage_lookup_category (usage,
                                                         ml_category_usage_get_category (entry));

      if (known == NULL)
        {
          ml_usage_add_category (usage, entry);
          continue;
        }
      ml_category_usage_set_media_area_mm2 (known, ml_category_usage_get_media_area_mm2 (entry));
      ml_category_usage_set_printed_area_mm2 (known,
                                              ml_category_usage_get_printed_area_mm2 (entry));
      ml_category_usage_set_ink_ul (known, ml_category_usage_get_ink_ul (entry));
      ml_category_usage_set_length_mm (known, ml_category_usage_get_length_mm (entry));
    }
}
