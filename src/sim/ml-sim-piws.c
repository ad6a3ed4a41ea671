/* ml-sim-piws.c: a simulated printer's PIWS v2.0 documents (/LFPWebServices/PI/...)
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Element names, order and value shapes follow the Z9 captures where one exists
 * (InkSystem, DeviceStatus, jobs/all) and docs/printer-protocols.md elsewhere. Every
 * quantity is a model integer written with ml_units_format in the unit the document
 * states, so that a reader converts it back to the very same integer.
 */

#include "config.h"

#include <string.h>

#include "ml-sim-piws.h"
#include "ml-sim-printer-private.h"

#define JOB_QUEUE_PREFIX ML_SIM_PIWS_PREFIX "/JQ/JobQueue/"

/* The quirky spelling is the Z9's (PIWS.md §3.11). */
#define UNKNOWN_QUEUE "Unkownw QueueID"

typedef xmlDoc *(*BuildFunc) (MlSimPrinter *printer);

static void
add_ext (xmlNode *parent,
         guint    count)
{
  /* The opaque extension placeholders of the firmware: "ext": [null, null, null]. */
  for (guint i = 0; i < count; i++)
    ml_sim_doc_add (parent, NULL, "ext");
}

static xmlDoc *
build_identification (MlSimPrinter *self)
{
  const MlSimModel *model = self->model;
  g_autofree char *width = g_strdup_printf ("%d.000000",
                                            (int) ((model->width_mm * 10 + 127) / 254));
  g_autofree char *printer_name = NULL;
  xmlNode *root;
  xmlNode *fields;
  xmlNode *node;
  xmlDoc *doc = ml_sim_doc_new_piws ("Identification", &root);
  gint64 fw_date = 0;

  ml_units_parse_timestamp (model->firmware_date, &fw_date, NULL);
  printer_name = g_strdup_printf ("%s Printer", model->model_name);

  fields = ml_sim_doc_add (root, NULL, "Fields");
  ml_sim_doc_add_text (fields, NULL, "ModelName", model->model_name);
  ml_sim_doc_add_text (fields, NULL, "ModelNumber", model->model_number);
  ml_sim_doc_add_text (fields, NULL, "PartNumber", model->product_number);
  ml_sim_doc_add_text (fields, NULL, "Manufacturer", "HP");
  ml_sim_doc_add_text (fields, NULL, "SerialNumber", self->serial);
  ml_sim_doc_add_text (fields, NULL, "PrinterName", printer_name);
  ml_sim_doc_add_text (fields, NULL, "DeviceRegion", self->region);
  node = ml_sim_doc_add (fields, NULL, "PrinterWidth");
  ml_sim_doc_add_number (node, NULL, "Value", width);
  ml_sim_doc_add_text (node, NULL, "Unit", "in");
  ml_sim_doc_add_text (fields, NULL, "FwReleaseName", model->firmware);
  ml_sim_doc_add_timestamp (fields, NULL, "FwReleaseDate", fw_date);
  ml_sim_doc_add_text (fields, NULL, "InterfaceVersion", "1.1.0");
  ml_sim_doc_add_text (fields, NULL, "UUID", self->device_uuid);
  ml_sim_doc_add_int (fields, NULL, "ServiceID", 30000 + (self->index % 1000));
  return doc;
}

static void
add_activity (xmlNode    *parent,
              const char *element,
              const char *name,
              gint64      remaining)
{
  xmlNode *node = ml_sim_doc_add (parent, NULL, element);

  ml_sim_doc_add_text (node, NULL, "Name", name);
  ml_sim_doc_add_int (node, NULL, "RemainingTime", remaining);
  ml_sim_doc_add_text (node, NULL, "Type", strcmp (name, "NoActivity") == 0 ? "System" : "Job");
}

static xmlDoc *
build_device_status (MlSimPrinter *self)
{
  static const char * const ready[] = {
    "NoActivity", "Processing", "Printing", "Scanning", "ReplacingConsumables",
    "DeviceMaintenance", "DeviceReshiping", "DeviceOptimizing", "Upgrade",
    "InstallingAccessory", "PreparingToPrint", "Drying", "TerminatingPrint",
    "CancellingPrint", "CheckingPrinter",
  };
  MlSimEngineView view;
  xmlNode *root;
  xmlNode *overview;
  xmlNode *node;
  xmlDoc *doc = ml_sim_doc_new_piws ("DeviceStatus", &root);
  gint64 remaining = -1;

  _ml_sim_printer_engine_view (self, &view);
  if (self->active != NULL)
    remaining = MAX (0, self->active->printed_at + self->active->duration_s - self->now);

  overview = ml_sim_doc_add (root, NULL, "ActivitiesOverview");
  node = ml_sim_doc_add (overview, NULL, "CurrentActivities");
  add_activity (node, "Activity", view.activity, remaining);
  add_activity (overview, "MostRelevantActivity", view.activity, remaining);

  node = ml_sim_doc_add (root, NULL, "ReadyToExecuteActivities");
  for (guint i = 0; i < G_N_ELEMENTS (ready); i++)
    ml_sim_doc_add_text (node, NULL, "ActivityName", ready[i]);

  overview = ml_sim_doc_add (root, NULL, "StatusOverview");
  ml_sim_doc_add_text (overview, NULL, "MostRelevantStatus", view.status);
  node = ml_sim_doc_add (overview, NULL, "StatusList");
  ml_sim_doc_add_text (node, NULL, "StatusType", view.status);
  ml_sim_doc_add_text (overview, NULL, "StatusSeverity", view.severity);
  return doc;
}

static const char *
severity_word (MlSeverity severity)
{
  switch (severity)
    {
    case ML_SEVERITY_INFO: return "Info";
    case ML_SEVERITY_WARNING: return "Warning";
    case ML_SEVERITY_ERROR: return "Error";
    default: g_return_val_if_reached ("Warning");
    }
}

static xmlDoc *
build_alerts (MlSimPrinter *self)
{
  xmlNode *root;
  xmlNode *list;
  xmlDoc *doc = ml_sim_doc_new_piws ("ActiveAlerts", &root);

  list = ml_sim_doc_add (root, NULL, "List");
  for (guint i = 0; i < self->alerts->len; i++)
    {
      MlSimAlert *alert = g_ptr_array_index (self->alerts, i);
      xmlNode *node = ml_sim_doc_add (list, NULL, "Alert");

      ml_sim_doc_add_text (node, NULL, "FullName", alert->code);
      ml_sim_doc_add_text (node, NULL, "Name", alert->name);
      ml_sim_doc_add_text (node, NULL, "Area", alert->area);
      ml_sim_doc_add_text (node, NULL, "Severity", severity_word (alert->severity));
      ml_sim_doc_add_text (node, NULL, "Description", alert->description);
      ml_sim_doc_add_timestamp (node, NULL, "Timestamp", alert->raised_at);
    }
  return doc;
}

static void
add_cc (xmlNode    *parent,
        const char *name,
        gint64      microlitres)
{
  ml_sim_doc_add_quantity (parent, NULL, name, microlitres, ML_UNIT_MICROLITRE, "cc");
}

static xmlDoc *
build_ink_system (MlSimPrinter *self)
{
  const MlSimModel *model = self->model;
  xmlNode *root;
  xmlNode *groups;
  xmlDoc *doc = ml_sim_doc_new_piws ("InkSystem", &root);

  groups = ml_sim_doc_add (root, NULL, "InkSlotGroupCollection");
  for (guint k = 0; k < model->n_inks; k++)
    {
      const MlSimInk *ink = &model->inks[k];
      MlSimSlot *s = &self->slots[k];
      const char *reported = _ml_sim_printer_slot_status (self, k, NULL);
      gboolean ok = strcmp (reported, "Ready") == 0;
      g_autofree char *percent = g_strdup_printf ("%d.0", _ml_sim_printer_slot_percent (self, k));
      xmlNode *group;
      xmlNode *slot;
      xmlNode *info;
      xmlNode *node;

      group = ml_sim_doc_add (groups, NULL, "InkSlotGroup");
      ml_sim_doc_add_text (group, NULL, "Color", ink->color);
      ml_sim_doc_add_text (group, NULL, "InkAgentType",
                           ink->role == ML_SIM_INK_ROLE_POST_TREATMENT ? "glossing" : "marking");

      slot = ml_sim_doc_add (ml_sim_doc_add (group, NULL, "InkSlotCollection"), NULL, "InkSlot");
      ml_sim_doc_add_text (slot, NULL, "Color", ink->color);
      ml_sim_doc_add_text (slot, NULL, "InkAgentType",
                           ink->role == ML_SIM_INK_ROLE_POST_TREATMENT ? "glossing" : "marking");
      ml_sim_doc_add_int (slot, NULL, "SlotGroupId", k);
      ml_sim_doc_add_int (slot, NULL, "SlotId", k);

      info = ml_sim_doc_add (slot, NULL, "SlotInfo");
      node = ml_sim_doc_add (info, NULL, "InkSlotCumulativeInfo");
      add_cc (node, "HPInkUsed", self->counters.ink_ul[k]);
      add_cc (node, "InkUsed", self->counters.ink_ul[k]);
      ml_sim_doc_add_int (node, NULL, "NumberOfInsertions", s->insertions);

      node = ml_sim_doc_add (info, NULL, "InkSupplyInfo");
      ml_sim_doc_add_text (node, NULL, "BatchID", NULL);
      ml_sim_doc_add_text (node, NULL, "Brand", "HP");
      add_cc (node, "Capacity", ink->capacity_ul);
      ml_sim_doc_add_text (ml_sim_doc_add (node, NULL, "DetailedStatus"), NULL, "StatusFlag",
                           "Unknown");
      ml_sim_doc_add_timestamp (node, NULL, "EndOfWarrantyDate",
                                s->manufactured_at + 2 * 365 * 86400);
      ml_sim_doc_add_timestamp (node, NULL, "ExpirationDate", 0);
      ml_sim_doc_add_bool (node, NULL, "InWarranty",
                           self->now < s->manufactured_at + 2 * 365 * 86400);
      ml_sim_doc_add_timestamp (node, NULL, "InstallDate", s->installed_at);
      add_cc (node, "Level", s->level_ul);
      ml_sim_doc_add_number (node, NULL, "LevelPercentage", percent);
      ml_sim_doc_add_timestamp (node, NULL, "ManufacturerDate", s->manufactured_at);
      ml_sim_doc_add_text (node, NULL, "OrderNumber", ink->order_name);
      ml_sim_doc_add_text (node, NULL, "PartNumber", ink->part_number);
      ml_sim_doc_add_text (node, NULL, "SerialNumber", s->serial);
      ml_sim_doc_add_text (node, NULL, "State", ok ? "Ok" : "Warning");
      ml_sim_doc_add_text (ml_sim_doc_add (node, NULL, "Status"), NULL, "StatusFlag",
                           ok ? "Ok" : reported);
      ml_sim_doc_add_text (node, NULL, "StatusCode", ok ? "0x00000000" : "0x00000100");
      ml_sim_doc_add_text (node, NULL, "SupplyType", "Supply");
      ml_sim_doc_add_text (node, NULL, "UserReportedSeverity", ok ? "Info" : "Warning");
      ml_sim_doc_add_text (node, NULL, "UserReportedStatus", reported);
      ml_sim_doc_add_text (node, NULL, "WarrantyStatus", "SeeWarrantyNotes");
      add_ext (node, 3);

      ml_sim_doc_add_int (slot, NULL, "SlotTubeId", k);
      ml_sim_doc_add_text (slot, NULL, "SupplyType", "Supply");
      ml_sim_doc_add_text (ml_sim_doc_add (slot, NULL, "SupportedOrderNumbersCollection"), NULL,
                           "OrderNumber", ink->order_name);
      add_ext (slot, 2);
      ml_sim_doc_add_bool (slot, NULL, "isPresent", TRUE);

      node = ml_sim_doc_add (group, NULL, "InkSlotGroupInfo");
      add_cc (node, "HPInkUsed", self->counters.ink_ul[k]);
      info = ml_sim_doc_add (node, NULL, "InkSupplyGroupInfo");
      add_cc (info, "Capacity", ink->capacity_ul);
      add_cc (info, "Level", s->level_ul);
      ml_sim_doc_add_number (info, NULL, "LevelPercentage", percent);
      ml_sim_doc_add_text (info, NULL, "State", ok ? "Ok" : "Warning");
      ml_sim_doc_add_text (ml_sim_doc_add (info, NULL, "Status"), NULL, "StatusFlag",
                           ok ? "Ok" : reported);
      ml_sim_doc_add_text (info, NULL, "UserReportedSeverity", ok ? "Info" : "Warning");
      ml_sim_doc_add_text (info, NULL, "UserReportedStatus", ok ? "GroupOk" : "GroupLow");
      add_cc (node, "InkUsed", self->counters.ink_ul[k]);
      ml_sim_doc_add_int (group, NULL, "SlotGroupId", k);
    }
  return doc;
}

static xmlDoc *
build_printheads (MlSimPrinter *self)
{
  const MlSimModel *model = self->model;
  xmlNode *root;
  xmlNode *slots;
  xmlDoc *doc = ml_sim_doc_new_piws ("PrintheadsStatus", &root);

  slots = ml_sim_doc_add (root, NULL, "PrintheadSlotCollection");
  for (guint h = 0; h < model->n_heads; h++)
    {
      const MlSimPrinthead *def = &model->heads[h];
      MlSimHead *head = &self->heads[h];
      gint64 warranty_end = head->installed_at + 365 * 86400;
      xmlNode *slot = ml_sim_doc_add (slots, NULL, "PrintheadSlot");
      xmlNode *colors;
      xmlNode *info;

      ml_sim_doc_add_int (slot, NULL, "SlotId", h);
      colors = ml_sim_doc_add (slot, NULL, "ColorCollection");
      for (guint c = 0; def->colors[c] != NULL; c++)
        ml_sim_doc_add_text (colors, NULL, "Color", def->colors[c]);

      info = ml_sim_doc_add (slot, NULL, "PrintheadInfo");
      ml_sim_doc_add_int (info, NULL, "HealthGaugeLevel", _ml_sim_printer_head_health (self, h));
      ml_sim_doc_add_text (info, NULL, "HealthGaugeStatus",
                           _ml_sim_printer_head_status (self, h, NULL));
      ml_sim_doc_add_text (info, NULL, "State", _ml_sim_printer_head_status (self, h, NULL));
      ml_sim_doc_add_text (info, NULL, "PartNumber", def->part_number);
      ml_sim_doc_add_text (info, NULL, "OrderNumber", def->order_name);
      ml_sim_doc_add_text (info, NULL, "SerialNumber", head->serial);
      ml_sim_doc_add_text (info, NULL, "Manufacturer", "HP");
      ml_sim_doc_add_timestamp (info, NULL, "InstallDate", head->installed_at);
      ml_sim_doc_add_timestamp (info, NULL, "ExpirationDate", 0);
      ml_sim_doc_add_bool (info, NULL, "InWarranty", self->now < warranty_end);
      ml_sim_doc_add_timestamp (info, NULL, "WarrantyExpirationDate", warranty_end);
      ml_sim_doc_add_bool (info, NULL, "NonHPInkUsed", FALSE);
    }
  return doc;
}

static xmlDoc *
build_media_system (MlSimPrinter *self)
{
  xmlNode *root;
  xmlNode *drawer;
  xmlNode *devices;
  xmlDoc *doc = ml_sim_doc_new_piws ("MediaSystem", &root);

  drawer = ml_sim_doc_add (ml_sim_doc_add (root, NULL, "DrawerCollection"), NULL, "Drawer");
  ml_sim_doc_add_int (drawer, NULL, "Id", 1);
  devices = ml_sim_doc_add (drawer, NULL, "InputDeviceCollection");

  for (guint i = 0; i < self->n_sources; i++)
    {
      MlSimSource *source = &self->sources[i];
      gboolean roll = source->kind == ML_MEDIA_SOURCE_KIND_ROLL;
      xmlNode *device = ml_sim_doc_add (devices, NULL, roll ? "Roll" : "Sheet");
      xmlNode *loaded;
      g_autofree char *ui = roll ? g_strdup_printf ("Roll %u", i + 1) : g_strdup ("Sheet");

      ml_sim_doc_add_text (device, NULL, "IdForPrinting", source->id);
      ml_sim_doc_add_text (device, NULL, "IdForUI", ui);
      loaded = ml_sim_doc_add (device, NULL, "LoadedMediaCollection");
      if (!source->empty)
        {
          xmlNode *media = ml_sim_doc_add (loaded, NULL, "LoadedMedia");

          ml_sim_doc_add_text (media, NULL, "MediaTypeID", source->media->id);
          ml_sim_doc_add_quantity (media, NULL, "Width", source->width_mm, ML_UNIT_MM, "in");
          ml_sim_doc_add_quantity (media, NULL, "RemainingLength", source->length_mm, ML_UNIT_MM,
                                   "in");
        }
    }
  return doc;
}

static xmlDoc *
build_paper_list (MlSimPrinter *self)
{
  xmlNode *root;
  xmlNode *list;
  xmlDoc *doc = ml_sim_doc_new_piws ("PaperList", &root);

  list = ml_sim_doc_add (root, NULL, "List");
  for (guint m = 0; self->model->media[m] != NULL; m++)
    {
      const MlSimMedia *media = ml_sim_catalog_lookup_media (self->model->media[m]);
      xmlNode *paper = ml_sim_doc_add (list, NULL, "Paper");
      xmlNode *names;
      xmlNode *name;

      ml_sim_doc_add_text (paper, NULL, "Id", media->id);
      ml_sim_doc_add_text (paper, NULL, "CategoryId", media->category);
      ml_sim_doc_add_text (paper, NULL, "DonorId", media->donor_id);
      ml_sim_doc_add_int (paper, NULL, "Revision", 1);
      ml_sim_doc_add_bool (paper, NULL, "IsVisible", TRUE);
      ml_sim_doc_add_bool (paper, NULL, "IsFactory", media->factory);
      ml_sim_doc_add_bool (paper, NULL, "IsProtected", media->factory);
      names = ml_sim_doc_add (paper, NULL, "Localizations");
      name = ml_sim_doc_add (names, NULL, "Localization");
      ml_sim_doc_add_text (name, NULL, "ISOCode", "en_US");
      ml_sim_doc_add_text (name, NULL, "Value", media->name);
      name = ml_sim_doc_add (names, NULL, "Localization");
      ml_sim_doc_add_text (name, NULL, "ISOCode", "de_DE");
      ml_sim_doc_add_text (name, NULL, "Value", media->name_de);
    }
  return doc;
}

static xmlDoc *
build_device_counters (MlSimPrinter *self)
{
  const MlSimModel *model = self->model;
  const MlSimCounters *c = &self->counters;
  const char *area_unit = _ml_sim_printer_area_unit (self);
  const char *length_unit = _ml_sim_printer_length_unit (self);
  xmlNode *root;
  xmlNode *print;
  xmlNode *collection;
  xmlDoc *doc = ml_sim_doc_new_piws ("DeviceCounters", &root);
  gint64 total_ink = 0;

  for (guint k = 0; k < model->n_inks; k++)
    total_ink += c->ink_ul[k];

  ml_sim_doc_add_timestamp (root, NULL, "Timestamp", self->now);
  print = ml_sim_doc_add (root, NULL, "PrintCounters");
  ml_sim_doc_add_int (print, NULL, "NumberOfJobs", c->jobs);
  ml_sim_doc_add_int (print, NULL, "NumberOfPages", c->pages);
  add_cc (print, "TotalInkUsed", total_ink);
  ml_sim_doc_add_quantity (print, NULL, "TotalMediaArea", c->media_area_mm2, ML_UNIT_MM2,
                           area_unit);
  ml_sim_doc_add_quantity (print, NULL, "TotalMediaLength", c->media_length_mm, ML_UNIT_MM,
                           length_unit);

  collection = ml_sim_doc_add (print, NULL, "MediaUsageCollection");
  for (guint m = 0; model->media[m] != NULL; m++)
    {
      const MlSimMedia *media;
      xmlNode *usage;

      if (c->media_type_area_mm2[m] == 0)
        continue;
      media = ml_sim_catalog_lookup_media (model->media[m]);
      usage = ml_sim_doc_add (collection, NULL, "MediaUsage");
      ml_sim_doc_add_text (usage, NULL, "MediaTypeID", media->id);
      ml_sim_doc_add_text (usage, NULL, "MediaTypeName", media->name);
      ml_sim_doc_add_quantity (usage, NULL, "Area", c->media_type_area_mm2[m], ML_UNIT_MM2,
                               area_unit);
      ml_sim_doc_add_quantity (usage, NULL, "Length", c->media_type_length_mm[m], ML_UNIT_MM,
                               length_unit);
    }

  collection = ml_sim_doc_add (print, NULL, "CategoryUsageCollection");
  for (guint i = 0; i < ML_SIM_N_CATEGORIES; i++)
    {
      xmlNode *usage;

      if (c->category_media_area_mm2[i] == 0)
        continue;
      usage = ml_sim_doc_add (collection, NULL, "CategoryUsage");
      ml_sim_doc_add_text (usage, NULL, "Category", _ml_sim_category_names[i]);
      ml_sim_doc_add_quantity (usage, NULL, "MediaArea", c->category_media_area_mm2[i],
                               ML_UNIT_MM2, area_unit);
      ml_sim_doc_add_quantity (usage, NULL, "PrintedArea", c->category_printed_area_mm2[i],
                               ML_UNIT_MM2, area_unit);
      add_cc (usage, "InkUsed", c->category_ink_ul[i]);
      ml_sim_doc_add_quantity (usage, NULL, "Length", c->category_length_mm[i], ML_UNIT_MM,
                               length_unit);
    }

  if (model->scanner)
    {
      xmlNode *scan = ml_sim_doc_add (root, NULL, "ScanCounters");

      ml_sim_doc_add_quantity (scan, NULL, "TotalScannedArea", c->scan_area_mm2, ML_UNIT_MM2,
                               area_unit);
      ml_sim_doc_add_quantity (scan, NULL, "ScanArea", c->scan_scans_mm2, ML_UNIT_MM2,
                               area_unit);
      ml_sim_doc_add_quantity (scan, NULL, "CopyArea", c->scan_copies_mm2, ML_UNIT_MM2,
                               area_unit);
    }
  return doc;
}

static char *
queue_uri (MlSimPrinter *self)
{
  return g_strdup_printf (JOB_QUEUE_PREFIX "%s", self->queue_uuid);
}

static xmlDoc *
build_job_queue_collection (MlSimPrinter *self)
{
  g_autofree char *uri = queue_uri (self);
  xmlNode *root;
  xmlNode *queue;
  xmlDoc *doc = ml_sim_doc_new_piws ("JobQueueCollection", &root);

  queue = ml_sim_doc_add (root, NULL, "Queue");
  ml_sim_doc_add_text (queue, NULL, "Name", "PRINT");
  ml_sim_doc_add_text (queue, NULL, "Type", "Print");
  ml_sim_doc_add_text (queue, NULL, "Persistence", "Persistent");
  ml_sim_doc_add_text (queue, NULL, "URI", uri);
  return doc;
}

static void
add_zero_media_consumption (xmlNode *accounting)
{
  xmlNode *media = ml_sim_doc_add (ml_sim_doc_add (accounting, NULL,
                                                   "MediaCollectionConsumption"),
                                   NULL, "MediaConsumption");

  ml_sim_doc_add_text (media, NULL, "PaperId", NULL);
  ml_sim_doc_add_text (media, NULL, "PaperVendor", NULL);
  ml_sim_doc_add_number (media, NULL, "SquareAmount", "0.000000");
  ml_sim_doc_add_number (media, NULL, "LinearAmount", "0.000000");
}

/* SquareAmount in square inches, LinearAmount in inches, Amount in cc: the units the
 * contract assumes for job accounting, which carries no unit elements. */
static void
add_consumption (MlSimPrinter     *self,
                 xmlNode          *accounting,
                 const MlSimMedia *media,
                 gint64            area_mm2,
                 gint64            length_mm,
                 const gint64     *ink_ul)
{
  xmlNode *node = ml_sim_doc_add (ml_sim_doc_add (accounting, NULL,
                                                  "MediaCollectionConsumption"),
                                  NULL, "MediaConsumption");
  xmlNode *inks;

  ml_sim_doc_add_text (node, NULL, "PaperId", media->id);
  ml_sim_doc_add_text (node, NULL, "PaperVendor", media->vendor);
  ml_sim_doc_add_amount (node, NULL, "SquareAmount", area_mm2, ML_UNIT_MM2, "in2");
  ml_sim_doc_add_amount (node, NULL, "LinearAmount", length_mm, ML_UNIT_MM, "in");

  inks = ml_sim_doc_add (accounting, NULL, "InkCollectionConsumption");
  for (guint k = 0; k < self->model->n_inks; k++)
    {
      xmlNode *ink;

      if (ink_ul[k] <= 0)
        continue;
      ink = ml_sim_doc_add (inks, NULL, "InkConsumption");
      ml_sim_doc_add_text (ink, NULL, "InkName", self->model->inks[k].color);
      ml_sim_doc_add_amount (ink, NULL, "Amount", ink_ul[k], ML_UNIT_MICROLITRE, "cc");
    }
}

static void
add_size (xmlNode    *parent,
          const char *name,
          gint64      width_mm,
          gint64      height_mm)
{
  xmlNode *size = ml_sim_doc_add (parent, NULL, name);

  ml_sim_doc_add_quantity (size, NULL, "Width", width_mm, ML_UNIT_MM, "in");
  ml_sim_doc_add_quantity (size, NULL, "Height", height_mm, ML_UNIT_MM, "in");
}

static const char *
page_status (MlSimJob *job)
{
  switch (job->state)
    {
    case ML_SIM_JOB_PENDING: return "WaitingToPrint";
    case ML_SIM_JOB_ACTIVE: return job->kind == ML_JOB_KIND_SCAN ? "Scanning" : "Printing";
    case ML_SIM_JOB_COMPLETED: return job->kind == ML_JOB_KIND_SCAN ? "Scanned" : "Printed";
    case ML_SIM_JOB_CANCELLED: return "Deleted";
    default: g_return_val_if_reached ("Unknown");
    }
}

static void
add_print_page (MlSimPrinter *self,
                xmlNode      *pages,
                MlSimJob     *job,
                guint         i,
                const char   *job_uri)
{
  MlSimPage *page = &job->pages[i];
  const MlSimMedia *media = _ml_sim_job_media (self, job);
  MlSimSource *source = &self->sources[job->source_index];
  gboolean accounted = _ml_sim_job_has_accounting (job);
  g_autofree char *preview = g_strdup_printf ("%sPage/%u/resources/preview", job_uri, i + 1);
  g_autofree char *gray = NULL;
  g_autofree char *color = NULL;
  xmlNode *node = ml_sim_doc_add (pages, NULL, "Page");
  xmlNode *settings;
  xmlNode *status;
  xmlNode *progress;
  xmlNode *accounting;

  ml_sim_doc_add_int (node, NULL, "ModificationNumber", job->modification);
  ml_sim_doc_add_int (node, NULL, "ID", i + 1);

  settings = ml_sim_doc_add (node, NULL, "Settings");
  add_size (settings, "PageSize", page->width_mm, page->height_mm);
  ml_sim_doc_add_int (settings, NULL, "Rotation", 0);
  ml_sim_doc_add_text (settings, NULL, "PreviewFilePath", preview);
  ml_sim_doc_add_int (settings, NULL, "Copies", job->copies);
  ml_sim_doc_add_text (settings, NULL, "MediaSource", source->id);
  ml_sim_doc_add_text (settings, NULL, "MediaDestination", "Basket");
  ml_sim_doc_add_text (settings, NULL, "FoldingStyle", "Standard");
  ml_sim_doc_add_text (settings, NULL, "FoldingStyleStandardConfig", "folder-selects");
  ml_sim_doc_add_text (settings, NULL, "MediaType", media->id);
  ml_sim_doc_add_text (settings, NULL, "PrintQuality", job->quality);
  ml_sim_doc_add_bool (settings, NULL, "EconomodeOn", strcmp (job->quality, "Draft") == 0);
  ml_sim_doc_add_bool (settings, NULL, "MaximumDetailOn", strcmp (job->quality, "Best") == 0);

  status = ml_sim_doc_add (node, NULL, "Status");
  ml_sim_doc_add_text (status, NULL, "PageStatus", page_status (job));
  ml_sim_doc_add_text (status, NULL, "CompletionStatus",
                       job->state == ML_SIM_JOB_CANCELLED ? "Cancelled" : "OK");
  ml_sim_doc_add_int (status, NULL, "CopyIndex", 0);

  progress = ml_sim_doc_add (node, NULL, "Progress");
  ml_sim_doc_add_number (progress, NULL, "ProgressPercentage",
                         accounted ? "100.000000" : "0.000000");
  ml_sim_doc_add_int (progress, NULL, "NumberOfPrintedCopies", accounted ? job->copies : 0);
  ml_sim_doc_add_int (progress, NULL, "EstimatedPrintingTime", 0);

  accounting = ml_sim_doc_add (node, NULL, "Accounting");
  ml_sim_doc_add_text (accounting, NULL, "MediaSourceUsed", source->id);
  ml_sim_doc_add_text (accounting, NULL, "MediaDestinationUsed", "Basket");
  if (accounted)
    {
      gint64 ink[ML_SIM_MAX_INKS] = { 0 };

      for (guint k = 0; k < self->model->n_inks; k++)
        ink[k] = page->ink_ul[k];
      add_consumption (self, accounting, media, page->media_area_mm2, page->length_mm, ink);
      gray = ml_sim_doc_format_ppm_percent (page->nonwhite_ppm);
      color = ml_sim_doc_format_ppm_percent (page->color_ppm);
    }
  else
    {
      add_zero_media_consumption (accounting);
      ml_sim_doc_add (accounting, NULL, "InkCollectionConsumption");
      gray = g_strdup ("0.000000");
      color = g_strdup ("0.000000");
    }
  ml_sim_doc_add_number (accounting, NULL, "GrayPixelCoverage", gray);
  ml_sim_doc_add_number (accounting, NULL, "ColorPixelCoverage", color);
  if (accounted)
    ml_sim_doc_add_text (accounting, NULL, "PrintCategory", _ml_sim_category_names[page->category]);
}

static void
add_scan_page (xmlNode  *pages,
               MlSimJob *job,
               guint     i)
{
  MlSimPage *page = &job->pages[i];
  xmlNode *node = ml_sim_doc_add (pages, NULL, "Page");
  xmlNode *settings;
  xmlNode *status;

  ml_sim_doc_add_int (node, NULL, "ModificationNumber", job->modification);
  ml_sim_doc_add_int (node, NULL, "ID", i + 1);
  /* An original has a scan size, not a page size: nothing was printed. */
  settings = ml_sim_doc_add (node, NULL, "Settings");
  add_size (settings, "ScanSize", page->width_mm, page->height_mm);
  ml_sim_doc_add_int (settings, NULL, "Resolution", 300);
  ml_sim_doc_add_text (settings, NULL, "ColorMode", "Color");
  status = ml_sim_doc_add (node, NULL, "Status");
  ml_sim_doc_add_text (status, NULL, "PageStatus", page_status (job));
  ml_sim_doc_add_text (status, NULL, "CompletionStatus", "OK");
}

static void
add_job (MlSimPrinter *self,
         xmlNode      *jobs,
         MlSimJob     *job,
         gint64        from_modification,
         const char   *queue)
{
  static const char * const element[] = { "Job2DPrint", "Job2DScan", "Job2DCopy" };
  static const char * const type[] = { "Print", "Scan", "Copy" };
  g_autofree char *uri = g_strdup_printf ("%s/Job/%s/", queue, job->uuid);
  gboolean accounted = _ml_sim_job_has_accounting (job);
  gboolean printed_pages = job->kind != ML_JOB_KIND_SCAN;
  xmlNode *node;
  xmlNode *settings;
  xmlNode *status;
  xmlNode *pages;
  xmlNode *progress;
  xmlNode *accounting;

  node = ml_sim_doc_add (ml_sim_doc_add (jobs, NULL, "Job"), NULL, element[job->kind]);
  ml_sim_doc_add_int (node, NULL, "ModificationNumber", job->modification);
  ml_sim_doc_add_text (node, NULL, "URI", uri);
  ml_sim_doc_add_text (node, NULL, "Type", type[job->kind]);
  ml_sim_doc_add_text (node, NULL, "UUID", job->uuid);

  /* A job unchanged since the number the client gave comes as a bare envelope. */
  if (from_modification > 0 && job->modification <= from_modification)
    return;

  ml_sim_doc_add_int (node, NULL, "Priority", 0);
  settings = ml_sim_doc_add (node, NULL, "Settings");
  ml_sim_doc_add_text (settings, NULL, "JobUUID", job->submit_uuid);
  ml_sim_doc_add_text (settings, NULL, "UserName", job->user_name);
  ml_sim_doc_add_text (settings, NULL, "Source", job->source);
  ml_sim_doc_add_text (settings, NULL, "JobName", job->name);
  ml_sim_doc_add_text (settings, NULL, "Account", job->account);
  ml_sim_doc_add_text (settings, NULL, "ApplicationName", job->application_name);
  ml_sim_doc_add_text (settings, NULL, "ApplicationUUID", job->application_uuid);
  ml_sim_doc_add_text (settings, NULL, "ApplicationVersion", NULL);
  ml_sim_doc_add_text (settings, NULL, "HostName", NULL);
  ml_sim_doc_add_text (settings, NULL, "ProjectID", job->project_id);
  ml_sim_doc_add_text (settings, NULL, "UserDefined", job->user_defined);
  ml_sim_doc_add_text (settings, NULL, "PrivacyLevel", "Public");
  ml_sim_doc_add_text (settings, NULL, "PDLName", printed_pages ? "PDF" : NULL);
  ml_sim_doc_add_text (settings, NULL, "URL", NULL);
  ml_sim_doc_add_int (settings, NULL, "RequestedCopies", job->copies);
  ml_sim_doc_add_text (settings, NULL, "PrintingOrder", "Direct");
  ml_sim_doc_add_text (settings, NULL, "CollateType", "None");
  ml_sim_doc_add_int (settings, NULL, "NumberOfPagesPerCopy", job->n_pages);

  status = ml_sim_doc_add (node, NULL, "Status");
  ml_sim_doc_add_text (status, NULL, "JobStatus", _ml_sim_job_status_text (job));
  ml_sim_doc_add_text (status, NULL, "CompletionStatus",
                       job->state == ML_SIM_JOB_CANCELLED ? "Cancelled"
                       : accounted ? "OK" : "None");
  ml_sim_doc_add_text (status, NULL, "HoldReason", "None");
  ml_sim_doc_add_text (status, NULL, "ConflictMask", NULL);
  ml_sim_doc_add_int (status, NULL, "ConflictingPage", 0);

  pages = ml_sim_doc_add (node, NULL, "Pages");
  ml_sim_doc_add_int (pages, NULL, "NumberOfPages", job->n_pages);
  for (guint i = 0; i < job->n_pages; i++)
    {
      if (printed_pages)
        add_print_page (self, pages, job, i, uri);
      else
        add_scan_page (pages, job, i);
    }

  progress = ml_sim_doc_add (node, NULL, "Progress");
  ml_sim_doc_add_number (progress, NULL, "ProgressPercentage",
                         accounted ? "100.000000" : "0.000000");
  ml_sim_doc_add_int (progress, NULL, "NumberOfPrintedPages",
                      accounted && printed_pages ? (gint64) job->n_pages * job->copies : 0);
  ml_sim_doc_add_int (progress, NULL, "NumberOfPrintedPagesCurrentCopy",
                      accounted && printed_pages ? job->n_pages : 0);
  ml_sim_doc_add_int (progress, NULL, "NumberOfPrintedCopies",
                      accounted && printed_pages ? job->copies : 0);
  ml_sim_doc_add_int (progress, NULL, "EstimatedPrintingTime",
                      job->state == ML_SIM_JOB_PENDING ? job->duration_s : 0);

  accounting = ml_sim_doc_add (node, NULL, "Accounting");
  ml_sim_doc_add_timestamp (accounting, NULL, "SubmissionTimestamp", job->submitted_at);
  ml_sim_doc_add_timestamp (accounting, NULL, "CompletionTimestamp",
                            job->state == ML_SIM_JOB_COMPLETED
                            || job->state == ML_SIM_JOB_CANCELLED ? job->completed_at : 0);
  ml_sim_doc_add_timestamp (accounting, NULL, "ArrivalTimestamp", job->submitted_at);
  ml_sim_doc_add_timestamp (accounting, NULL, "PrintingTimestamp", job->printed_at);
  if (printed_pages && accounted)
    {
      gint64 area;
      gint64 length;
      gint64 ink[ML_SIM_MAX_INKS];

      _ml_sim_job_totals (self, job, &area, &length, ink);
      add_consumption (self, accounting, _ml_sim_job_media (self, job), area, length, ink);
    }
  else
    {
      ml_sim_doc_add (accounting, NULL, "MediaCollectionConsumption");
      ml_sim_doc_add (accounting, NULL, "InkCollectionConsumption");
    }
  if (job->kind == ML_JOB_KIND_SCAN || job->kind == ML_JOB_KIND_COPY)
    ml_sim_doc_add_amount (accounting, NULL, "ScannedArea", accounted ? job->scan_area_mm2 : 0,
                           ML_UNIT_MM2, "in2");
}

static gint
compare_modification (gconstpointer a,
                      gconstpointer b)
{
  const MlSimJob *job_a = *(MlSimJob * const *) a;
  const MlSimJob *job_b = *(MlSimJob * const *) b;

  return job_a->modification < job_b->modification ? -1
         : job_a->modification > job_b->modification ? 1 : 0;
}

static xmlDoc *
build_job_snapshot (MlSimPrinter *self,
                    gint64        from_modification)
{
  g_autofree char *queue = queue_uri (self);
  g_autoptr(GPtrArray) ordered = g_ptr_array_sized_new (self->queue.length);
  xmlNode *root;
  xmlNode *node;
  xmlNode *jobs;
  xmlDoc *doc = ml_sim_doc_new_piws ("JobQueueSnapshot", &root);

  ml_sim_doc_add_int (root, NULL, "ModificationNumber", self->modification);
  node = ml_sim_doc_add (root, NULL, "Status");
  ml_sim_doc_add_text (node, NULL, "JobQueueStatus", "Running");
  ml_sim_doc_add_int (node, NULL, "NumberOfJobs", self->queue.length);
  ml_sim_doc_add_timestamp (root, NULL, "Timestamp", self->now);

  /* In ascending modification order, as the firmware lists them. */
  for (GList *l = self->queue.head; l != NULL; l = l->next)
    g_ptr_array_add (ordered, l->data);
  g_ptr_array_sort (ordered, compare_modification);

  jobs = ml_sim_doc_add (root, NULL, "Jobs");
  for (guint i = 0; i < ordered->len; i++)
    add_job (self, jobs, g_ptr_array_index (ordered, i), from_modification, queue);

  node = ml_sim_doc_add (root, NULL, "NestStatus");
  ml_sim_doc_add_int (node, NULL, "ModificationNumber", 0);
  ml_sim_doc_add_timestamp (node, NULL, "Timestamp", 0);
  ml_sim_doc_add_bool (node, NULL, "WaitingForNest", FALSE);
  ml_sim_doc_add_text (node, NULL, "RemainingTime", "P0Y0M0DT0H0M0S");
  return doc;
}

static const struct {
  const char *name;
  BuildFunc build;
} documents[] = {
  { "Identification", build_identification },
  { "DeviceStatus", build_device_status },
  { "Alerts/ActiveAlerts", build_alerts },
  { "InkSystem", build_ink_system },
  { "PrintheadsStatus", build_printheads },
  { "MediaSystem", build_media_system },
  { "Paper/List", build_paper_list },
  { "DeviceCounters", build_device_counters },
  { "JQ/JobQueueCollection", build_job_queue_collection },
};

/* A segment ending in .json or .xml picks the form ("Alerts.json/ActiveAlerts" is
 * JSON); the name without those suffixes picks the document. */
static char *
canonical_name (const char *relative,
                int        *out_form)
{
  g_auto(GStrv) segments = g_strsplit (relative, "/", -1);

  *out_form = 0;
  for (guint i = 0; segments[i] != NULL; i++)
    {
      char *segment = segments[i];
      gsize length = strlen (segment);

      if (length > 5 && g_str_has_suffix (segment, ".json"))
        {
          segment[length - 5] = '\0';
          *out_form = 1;
        }
      else if (length > 4 && g_str_has_suffix (segment, ".xml"))
        {
          segment[length - 4] = '\0';
          *out_form = -1;
        }
    }
  return g_strjoinv ("/", segments);
}

static gboolean
wants_json (int         form,
            const char *accept)
{
  if (form != 0)
    return form > 0;
  return accept != NULL && strstr (accept, "application/json") != NULL;
}

static void
reply_with (MlSimReply *reply,
            xmlDoc     *doc,
            gboolean    json)
{
  g_clear_pointer (&reply->body, g_bytes_unref);
  reply->status = 200;
  if (json)
    {
      reply->content_type = "application/json";
      reply->body = ml_sim_doc_to_json (doc);
    }
  else
    {
      reply->content_type = "text/xml";
      reply->body = ml_sim_doc_to_xml (doc, ML_SIM_DIALECT_PIWS);
    }
  xmlFreeDoc (doc);
}

static gint64
parse_from_modification (GHashTable *query)
{
  const char *text = query != NULL ? g_hash_table_lookup (query, "fromModificationNumber") : NULL;
  guint64 value = 0;

  if (text == NULL || !g_ascii_string_to_unsigned (text, 10, 0, G_MAXINT64, &value, NULL))
    return 0;
  return (gint64) value;
}

gboolean
ml_sim_piws_respond (MlSimPrinter *printer,
                     const char   *path,
                     GHashTable   *query,
                     const char   *accept,
                     MlSimReply   *reply)
{
  g_autofree char *name = NULL;
  int form;

  g_return_val_if_fail (ML_IS_SIM_PRINTER (printer), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (!g_str_has_prefix (path, ML_SIM_PIWS_PREFIX "/"))
    return FALSE;

  name = canonical_name (path + strlen (ML_SIM_PIWS_PREFIX "/"), &form);

  for (guint i = 0; i < G_N_ELEMENTS (documents); i++)
    {
      if (strcmp (documents[i].name, name) == 0)
        {
          reply_with (reply, documents[i].build (printer), wants_json (form, accept));
          return TRUE;
        }
    }

  if (g_str_has_prefix (name, "JQ/JobQueue/"))
    {
      g_auto(GStrv) parts = g_strsplit (name + strlen ("JQ/JobQueue/"), "/", -1);

      if (g_strv_length (parts) == 3 && strcmp (parts[1], "jobs") == 0
          && strcmp (parts[2], "all") == 0)
        {
          if (g_ascii_strcasecmp (parts[0], printer->queue_uuid) != 0)
            {
              /* A queue from before the last reboot. */
              ml_sim_reply_set_text (reply, 404, UNKNOWN_QUEUE);
              return TRUE;
            }
          reply_with (reply, build_job_snapshot (printer, parse_from_modification (query)),
                      wants_json (form, accept));
          return TRUE;
        }
    }

  ml_sim_reply_set_text (reply, 404, "Not Found");
  return TRUE;
}
