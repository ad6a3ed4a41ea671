/* ml-sim-ledm.c: a simulated printer's LEDM documents (/DevMgmt, /EventMgmt)
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The structures and namespaces are the OfficeJet Pro 9022e captures' (the only LEDM
 * printer captured whole); what a large-format printer adds (rolls, many inks) uses
 * the same elements as docs/printer-protocols.md assumes.
 */

#include "config.h"

#include <string.h>

#include "ml-sim-ledm.h"
#include "ml-sim-printer-private.h"

#define NS_DD         "http://www.hp.com/schemas/imaging/con/dictionaries/1.0/"
#define NS_DD2        "http://www.hp.com/schemas/imaging/con/dictionaries/2008/10/10"
#define NS_LEDM       "http://www.hp.com/schemas/imaging/con/ledm/2007/09/21"
#define NS_PRDCFGDYN  "http://www.hp.com/schemas/imaging/con/ledm/productconfigdyn/2007/11/05"
#define NS_PRDCFGDYN2 "http://www.hp.com/schemas/imaging/con/ledm/productconfigdyn/2009/03/16"
#define NS_PSDYN      "http://www.hp.com/schemas/imaging/con/ledm/productstatusdyn/2007/10/31"
#define NS_PSCAT      "http://www.hp.com/schemas/imaging/con/ledm/productstatuscategories/2007/10/31"
#define NS_LOCID      "http://www.hp.com/schemas/imaging/con/ledm/localizationids/2007/10/31"
#define NS_AD         "http://www.hp.com/schemas/imaging/con/ledm/alertdetails/2007/10/31"
#define NS_CCDYN      "http://www.hp.com/schemas/imaging/con/ledm/consumableconfigdyn/2007/11/19"
#define NS_PUDYN      "http://www.hp.com/schemas/imaging/con/ledm/productusagedyn/2007/12/11"
#define NS_MHDYN      "http://www.hp.com/schemas/imaging/con/ledm/mediahandlingdyn/2007/11/21"
#define NS_EV         "http://www.hp.com/schemas/imaging/con/ledm/events/2007/09/16"

typedef xmlDoc *(*BuildFunc) (MlSimPrinter *printer);

static void
add_version (xmlNode    *parent,
             xmlNs      *dd,
             const char *revision,
             const char *date)
{
  xmlNode *version = ml_sim_doc_add (parent, dd, "Version");

  ml_sim_doc_add_text (version, dd, "Revision", revision);
  if (date != NULL)
    ml_sim_doc_add_text (version, dd, "Date", date);
}

static char *
format_date (gint64 unix_seconds)
{
  g_autoptr(GDateTime) date = g_date_time_new_from_unix_utc (MAX (unix_seconds, 0));

  return g_date_time_format (date, "%Y-%m-%d");
}

static const struct {
  const char *uri;
  const char *type;
  const char *revision;
} discovery_trees[] = {
  { "/DevMgmt/ProductConfigDyn.xml", "ledm:hpLedmProductConfigDyn", NS_PRDCFGDYN2 },
  { "/DevMgmt/ProductStatusDyn.xml", "ledm:hpLedmProductStatusDyn", NS_PSDYN },
  { "/DevMgmt/ConsumableConfigDyn.xml", "ledm:hpLedmConsumableConfigDyn", NS_CCDYN },
  { "/DevMgmt/ProductUsageDyn.xml", "ledm:hpLedmProductUsageDyn", NS_PUDYN },
  { "/DevMgmt/MediaHandlingDyn.xml", "ledm:hpLedmMediaHandlingDyn", NS_MHDYN },
  { "/EventMgmt/EventTable", "ledm:hpLedmEventTable", NS_EV },
};

static xmlDoc *
build_discovery_tree (MlSimPrinter *self)
{
  xmlNode *root;
  xmlDoc *doc = ml_sim_doc_new_ledm ("ledm", NS_LEDM, "DiscoveryTree",
                                     NS_LEDM " ../schemas/LEDM.xsd", &root);
  xmlNs *dd = ml_sim_doc_declare (root, "dd", NS_DD);
  xmlNode *tree;

  add_version (root, dd, "SVN-IPG-LEDM.441", "2011-06-15");
  for (guint i = 0; i < G_N_ELEMENTS (discovery_trees); i++)
    {
      tree = ml_sim_doc_add (root, NULL, "SupportedTree");
      ml_sim_doc_add_text (tree, dd, "ResourceURI", discovery_trees[i].uri);
      ml_sim_doc_add_text (tree, dd, "ResourceType", discovery_trees[i].type);
      ml_sim_doc_add_text (tree, dd, "Revision", discovery_trees[i].revision);
    }
  return doc;
}

static xmlDoc *
build_product_config (MlSimPrinter *self)
{
  const MlSimModel *model = self->model;
  xmlNode *root;
  xmlDoc *doc = ml_sim_doc_new_ledm ("prdcfgdyn2", NS_PRDCFGDYN2, "ProductConfigDyn",
                                     NS_PRDCFGDYN2 " ../schemas/ledm2/ProductConfigDyn.xsd",
                                     &root);
  xmlNs *dd = ml_sim_doc_declare (root, "dd", NS_DD);
  xmlNs *prdcfgdyn = ml_sim_doc_declare (root, "prdcfgdyn", NS_PRDCFGDYN);
  g_autofree char *fw_date = NULL;
  g_autofree char *made = format_date (self->installed_at - 90 * 86400);
  xmlNode *info;
  xmlNode *node;
  gint64 fw_time = 0;

  ml_units_parse_timestamp (model->firmware_date, &fw_time, NULL);
  fw_date = format_date (fw_time);

  add_version (root, dd, "SVN-IPG-LEDM.690", "2011-03-30");
  info = ml_sim_doc_add (root, prdcfgdyn, "ProductInformation");
  add_version (info, dd, model->firmware, fw_date);
  ml_sim_doc_add_text (info, dd, "MakeAndModel", model->model_name);
  ml_sim_doc_add_text (info, dd, "MakeAndModelBase", model->model_name);
  ml_sim_doc_add_text (info, dd, "MakeAndModelFamily", model->family);
  ml_sim_doc_add_text (info, prdcfgdyn, "SKUIdentifier", model->model_number);
  ml_sim_doc_add_text (info, dd, "UUID", self->device_uuid);
  ml_sim_doc_add_text (info, dd, "SerialNumber", self->serial);
  ml_sim_doc_add_text (info, dd, "ProductNumber", model->product_number);
  node = ml_sim_doc_add (info, prdcfgdyn, "Manufacturer");
  ml_sim_doc_add_text (node, dd, "Name", "HP");
  ml_sim_doc_add_text (node, dd, "Date", made);

  node = ml_sim_doc_add (root, NULL, "ProductSettings");
  ml_sim_doc_add_text (node, dd, "AssetNumber", NULL);
  ml_sim_doc_add_text (node, dd, "FriendlyName", NULL);
  ml_sim_doc_add_text (node, dd, "PowerSaveTimeout", "30minutes");
  return doc;
}

/* A word of pscat:StatusCategory for the front panel's state. */
static const char *
status_category (MlSimPrinter *self)
{
  MlSimEngineView view;

  _ml_sim_printer_engine_view (self, &view);
  if (view.state == ML_ENGINE_STATE_PRINTING)
    return "printing";
  for (guint i = 0; i < self->alerts->len; i++)
    {
      MlSimAlert *alert = g_ptr_array_index (self->alerts, i);

      if (strcmp (alert->name, "OutOfPaper") == 0)
        return "trayEmptyOrOpen";
    }
  for (guint i = 0; i < self->alerts->len; i++)
    {
      MlSimAlert *alert = g_ptr_array_index (self->alerts, i);

      if (strcmp (alert->area, "InkSystem") == 0)
        return "cartridgeLow";
    }
  if (view.state == ML_ENGINE_STATE_SLEEPING)
    return "inPowerSave";
  return "ready";
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
build_product_status (MlSimPrinter *self)
{
  xmlNode *root;
  xmlDoc *doc = ml_sim_doc_new_ledm ("psdyn", NS_PSDYN, "ProductStatusDyn",
                                     NS_PSDYN " ../schemas/ProductStatusDyn.xsd", &root);
  xmlNs *dd = ml_sim_doc_declare (root, "dd", NS_DD);
  xmlNs *ad = ml_sim_doc_declare (root, "ad", NS_AD);
  xmlNs *pscat = ml_sim_doc_declare (root, "pscat", NS_PSCAT);
  xmlNs *locid = ml_sim_doc_declare (root, "locid", NS_LOCID);
  xmlNode *node;

  add_version (root, dd, "SVN-IPG-LEDM.216", "2011-02-08");
  node = ml_sim_doc_add (root, NULL, "Status");
  ml_sim_doc_add_text (node, pscat, "StatusCategory", status_category (self));
  ml_sim_doc_add_int (node, locid, "StringId", 65640);

  node = ml_sim_doc_add (root, NULL, "AlertTable");
  ml_sim_doc_add_int (node, dd, "ModificationNumber", self->event_counter);
  for (guint i = 0; i < self->alerts->len; i++)
    {
      MlSimAlert *alert = g_ptr_array_index (self->alerts, i);
      g_autofree char *resource = g_strdup_printf ("/DevMgmt/%s",
                                                   strcmp (alert->area, "InkSystem") == 0
                                                   || strcmp (alert->area, "Printheads") == 0
                                                   ? "ConsumableConfigDyn.xml"
                                                   : "MediaHandlingDyn.xml");
      xmlNode *entry = ml_sim_doc_add (node, NULL, "Alert");

      ml_sim_doc_add_text (entry, ad, "ProductStatusAlertID", alert->code);
      ml_sim_doc_add_int (entry, locid, "StringId", 65500 + (gint64) i);
      ml_sim_doc_add_text (entry, dd, "Severity", severity_word (alert->severity));
      ml_sim_doc_add_int (entry, ad, "AlertPriority", alert->severity == ML_SEVERITY_ERROR ? 1 : 5);
      ml_sim_doc_add_text (entry, dd, "ResourceURI", resource);
    }
  return doc;
}

/* LEDM names a consumable by label codes; a printhead for several colours joins
 * them ("MY", "PKMK"). */
static char *
head_label (const MlSimModel     *model,
            const MlSimPrinthead *head)
{
  GString *label = g_string_new (NULL);

  for (guint c = 0; head->colors[c] != NULL; c++)
    {
      int k = ml_sim_model_find_ink (model, head->colors[c]);

      if (k >= 0)
        g_string_append (label, model->inks[k].label_code);
    }
  return g_string_free (label, FALSE);
}

static const char *
consumable_state (MlSupplyState state)
{
  switch (state)
    {
    case ML_SUPPLY_STATE_LOW: return "low";
    case ML_SUPPLY_STATE_VERY_LOW: return "veryLow";
    case ML_SUPPLY_STATE_OK:
    default:
      return "ok";
    }
}

static xmlDoc *
build_consumable_config (MlSimPrinter *self)
{
  const MlSimModel *model = self->model;
  xmlNode *root;
  xmlDoc *doc = ml_sim_doc_new_ledm ("ccdyn", NS_CCDYN, "ConsumableConfigDyn",
                                     NS_CCDYN " ../schemas/ConsumableConfigDyn.xsd", &root);
  xmlNs *dd = ml_sim_doc_declare (root, "dd", NS_DD);
  xmlNode *node;

  ml_sim_doc_declare (root, "dd2", NS_DD2);
  add_version (root, dd, "SVN-IPG-LEDM.290", "2010-06-02");
  node = ml_sim_doc_add (root, NULL, "ProductConsumableInfo");
  ml_sim_doc_add_int (node, dd, "NumOfUserReplaceableConsumables", model->n_inks + model->n_heads);
  ml_sim_doc_add_int (node, dd, "NumOfNonUserReplaceableConsumables", 0);

  for (guint k = 0; k < model->n_inks; k++)
    {
      const MlSimInk *ink = &model->inks[k];
      MlSimSlot *s = &self->slots[k];
      g_autofree char *installed = format_date (s->installed_at);
      g_autofree char *made = format_date (s->manufactured_at);
      xmlNode *info = ml_sim_doc_add (root, NULL, "ConsumableInfo");
      xmlNode *child;
      MlSupplyState state;

      _ml_sim_printer_slot_status (self, k, &state);
      child = ml_sim_doc_add (info, dd, "Capacity");
      ml_sim_doc_add_int (child, dd, "MaxCapacity", ink->capacity_ul / 100);
      ml_sim_doc_add_text (child, dd, "Unit", "tenthsOfMilliliters");
      ml_sim_doc_add_text (info, dd, "ConsumableContentType", "markingAgent");
      ml_sim_doc_add_text (info, dd, "ConsumableLabelCode", ink->label_code);
      child = ml_sim_doc_add (info, dd, "ConsumableLifeState");
      ml_sim_doc_add_text (child, dd, "ConsumableState", consumable_state (state));
      ml_sim_doc_add_text (child, dd, "Brand", "HP");
      ml_sim_doc_add_bool (child, dd, "IsRefilled", FALSE);
      ml_sim_doc_add_int (info, dd, "ConsumablePercentageLevelRemaining",
                          _ml_sim_printer_slot_percent (self, k));
      ml_sim_doc_add_text (info, dd, "ConsumableReplaceabilityType", "userReplaceable");
      ml_sim_doc_add_text (info, dd, "ConsumableSelectibilityNumber", ink->order_name);
      ml_sim_doc_add_int (info, dd, "ConsumableStation", k);
      ml_sim_doc_add_text (info, dd, "ConsumableTypeEnum", "ink");
      child = ml_sim_doc_add (info, dd, "Installation");
      ml_sim_doc_add_text (child, dd, "Date", installed);
      child = ml_sim_doc_add (info, dd, "Manufacturer");
      ml_sim_doc_add_text (child, dd, "Name", "HP");
      ml_sim_doc_add_text (child, dd, "Date", made);
      ml_sim_doc_add_text (info, dd, "ProductNumber", ink->part_number);
      ml_sim_doc_add_text (info, dd, "SerialNumber", s->serial);
    }

  for (guint h = 0; h < model->n_heads; h++)
    {
      const MlSimPrinthead *def = &model->heads[h];
      MlSimHead *head = &self->heads[h];
      g_autofree char *label = head_label (model, def);
      g_autofree char *installed = format_date (head->installed_at);
      g_autofree char *warranty = format_date (head->installed_at + 365 * 86400);
      xmlNode *info = ml_sim_doc_add (root, NULL, "ConsumableInfo");
      xmlNode *child;
      MlSupplyState state;

      _ml_sim_printer_head_status (self, h, &state);
      ml_sim_doc_add_text (info, dd, "ConsumableContentType", "markingAgent");
      ml_sim_doc_add_text (info, dd, "ConsumableLabelCode", label);
      child = ml_sim_doc_add (info, dd, "ConsumableLifeState");
      ml_sim_doc_add_text (child, dd, "ConsumableState", consumable_state (state));
      ml_sim_doc_add_text (child, dd, "Brand", "HP");
      ml_sim_doc_add_text (info, dd, "ConsumableReplaceabilityType", "userReplaceable");
      ml_sim_doc_add_text (info, dd, "ConsumableSelectibilityNumber", def->order_name);
      ml_sim_doc_add_int (info, dd, "ConsumableStation", model->n_inks + h);
      ml_sim_doc_add_text (info, dd, "ConsumableTypeEnum", "printhead");
      child = ml_sim_doc_add (info, dd, "Installation");
      ml_sim_doc_add_text (child, dd, "Date", installed);
      ml_sim_doc_add_text (info, dd, "ProductNumber", def->part_number);
      ml_sim_doc_add_text (info, dd, "SerialNumber", head->serial);
      child = ml_sim_doc_add (info, dd, "Warranty");
      ml_sim_doc_add_text (child, dd, "ExpirationDate", warranty);
    }
  return doc;
}

static void
add_millilitres (xmlNode    *parent,
                 xmlNs      *ns,
                 xmlNs      *dd,
                 const char *name,
                 gint64      microlitres)
{
  xmlNode *node = ml_sim_doc_add (parent, ns, name);

  ml_sim_doc_add_amount (node, dd, "ValueFloat", microlitres, ML_UNIT_MICROLITRE, "milliliters");
  ml_sim_doc_add_text (node, dd, "Unit", "milliliters");
}

static xmlDoc *
build_product_usage (MlSimPrinter *self)
{
  const MlSimModel *model = self->model;
  const MlSimCounters *c = &self->counters;
  xmlNode *root;
  xmlDoc *doc = ml_sim_doc_new_ledm ("pudyn", NS_PUDYN, "ProductUsageDyn",
                                     NS_PUDYN " ../schemas/ProductUsageDyn.xsd", &root);
  xmlNs *dd = ml_sim_doc_declare (root, "dd", NS_DD);
  xmlNs *dd2 = ml_sim_doc_declare (root, "dd2", NS_DD2);
  xmlNode *printer;
  xmlNode *node;
  gint64 total_ink = 0;

  for (guint k = 0; k < model->n_inks; k++)
    total_ink += c->ink_ul[k];

  add_version (root, dd, "SVN-IPG-LEDM.119", "2010-08-31");
  printer = ml_sim_doc_add (root, NULL, "PrinterSubunit");
  ml_sim_doc_add_int (printer, dd, "TotalImpressions", c->pages);
  node = ml_sim_doc_add (printer, NULL, "UsageByMarkingAgent");
  add_millilitres (node, dd2, dd, "CumulativeMarkingAgentUsed", total_ink);
  add_millilitres (node, dd2, dd, "CumulativeHPMarkingAgentUsed", total_ink);

  node = ml_sim_doc_add (root, NULL, "ConsumableSubunit");
  for (guint k = 0; k < model->n_inks; k++)
    {
      xmlNode *consumable = ml_sim_doc_add (node, NULL, "Consumable");

      ml_sim_doc_add_int (consumable, dd, "ConsumableStation", k);
      ml_sim_doc_add_text (consumable, dd, "MarkerColor", model->inks[k].marker_color);
      ml_sim_doc_add_text (consumable, dd, "ConsumableTypeEnum", "ink");
      ml_sim_doc_add_int (consumable, dd2, "CumulativeConsumableCount", self->slots[k].insertions);
      add_millilitres (consumable, dd2, dd, "CumulativeMarkingAgentUsed", c->ink_ul[k]);
      add_millilitres (consumable, dd2, dd, "CumulativeHPMarkingAgentUsed", c->ink_ul[k]);
    }

  return doc;
}

static xmlDoc *
build_media_handling (MlSimPrinter *self)
{
  xmlNode *root;
  xmlDoc *doc = ml_sim_doc_new_ledm ("mhdyn", NS_MHDYN, "MediaHandlingDyn",
                                     NS_MHDYN " ../schemas/MediaHandlingDyn.xsd", &root);
  xmlNs *dd = ml_sim_doc_declare (root, "dd", NS_DD);
  xmlNode *node;
  guint n_rolls = 0;

  for (guint i = 0; i < self->n_sources; i++)
    if (self->sources[i].kind == ML_MEDIA_SOURCE_KIND_ROLL)
      n_rolls++;

  add_version (root, dd, "SVN-IPG-LEDM.29", "2010-05-13");
  node = ml_sim_doc_add (root, NULL, "MediaHandlingInfo");
  ml_sim_doc_add_int (node, dd, "NumOfInputTrays", n_rolls);
  ml_sim_doc_add_int (node, dd, "NumOfOutputBins", 1);
  ml_sim_doc_add_text (node, dd, "DefaultInputTray", "Roll1");
  ml_sim_doc_add_text (node, dd, "DefaultOutputBin", "OutputBin1");

  /* Rolls only: LEDM has no word for a manual sheet feed. The size name is a PWG
   * self-describing one, width by remaining length. */
  for (guint i = 0; i < self->n_sources; i++)
    {
      MlSimSource *source = &self->sources[i];
      g_autofree char *size = NULL;
      xmlNode *tray;

      if (source->kind != ML_MEDIA_SOURCE_KIND_ROLL)
        continue;

      size = g_strdup_printf ("custom_roll_%" G_GINT64_FORMAT "x%" G_GINT64_FORMAT "mm",
                              source->width_mm, source->empty ? 0 : source->length_mm);
      tray = ml_sim_doc_add (root, NULL, "InputTray");
      ml_sim_doc_add_text (tray, dd, "InputBin", source->id);
      ml_sim_doc_add_text (tray, dd, "TrayType", "roll");
      ml_sim_doc_add_text (tray, dd, "MediaType", source->empty ? NULL : source->media->id);
      ml_sim_doc_add_text (tray, dd, "MediaSizeName", size);
      ml_sim_doc_add_text (tray, NULL, "MediaState", source->empty ? "empty" : "present");
    }

  node = ml_sim_doc_add (root, NULL, "OutputBin");
  ml_sim_doc_add_text (node, dd, "HPOutputBin", "OutputBin1");
  ml_sim_doc_add_text (node, dd, "MediaHandlingDeviceFunctionType", "stack");
  node = ml_sim_doc_add (root, NULL, "Accessories");
  ml_sim_doc_add_text (node, dd, "MediaHandlingDeviceFunctionType", "rollFeed");
  if (self->model->scanner)
    {
      node = ml_sim_doc_add (root, NULL, "Accessories");
      ml_sim_doc_add_text (node, dd, "MediaHandlingDeviceFunctionType", "scanner");
    }
  return doc;
}

static xmlDoc *
build_event_table (MlSimPrinter *self)
{
  xmlNode *root;
  xmlDoc *doc = ml_sim_doc_new_ledm ("ev", NS_EV, "EventTable",
                                     NS_EV " ../schemas/ledmEvents.xsd", &root);
  xmlNs *dd = ml_sim_doc_declare (root, "dd", NS_DD);
  MlSimEventStamp stamps[ML_SIM_N_EVENT_CATEGORIES];
  guint n = 0;

  add_version (root, dd, "SVN.3295", NULL);

  /* Oldest first, as the captured table lists them. */
  for (guint i = 0; i < G_N_ELEMENTS (self->event_stamps); i++)
    if (self->event_stamps[i].category != NULL)
      stamps[n++] = self->event_stamps[i];
  for (guint i = 1; i < n; i++)
    for (guint j = i; j > 0 && stamps[j - 1].sequence > stamps[j].sequence; j--)
      {
        MlSimEventStamp swap = stamps[j];

        stamps[j] = stamps[j - 1];
        stamps[j - 1] = swap;
      }

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *aging = g_strdup_printf ("%u-%u", stamps[i].boot, stamps[i].sequence);
      xmlNode *event = ml_sim_doc_add (root, NULL, "Event");

      ml_sim_doc_add_text (event, dd, "UnqualifiedEventCategory", stamps[i].category);
      ml_sim_doc_add_text (event, dd, "AgingStamp", aging);
    }
  return doc;
}

static const struct {
  const char *path;
  BuildFunc build;
} documents[] = {
  { "/DevMgmt/DiscoveryTree.xml", build_discovery_tree },
  { "/DevMgmt/ProductConfigDyn.xml", build_product_config },
  { "/DevMgmt/ProductStatusDyn.xml", build_product_status },
  { "/DevMgmt/ConsumableConfigDyn.xml", build_consumable_config },
  { "/DevMgmt/ProductUsageDyn.xml", build_product_usage },
  { "/DevMgmt/MediaHandlingDyn.xml", build_media_handling },
  { "/EventMgmt/EventTable", build_event_table },
  { "/EventMgmt/EventTable.xml", build_event_table },
};

gboolean
ml_sim_ledm_respond (MlSimPrinter *printer,
                     const char   *path,
                     MlSimReply   *reply)
{
  g_return_val_if_fail (ML_IS_SIM_PRINTER (printer), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (!g_str_has_prefix (path, "/DevMgmt/") && !g_str_has_prefix (path, "/EventMgmt/"))
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (documents); i++)
    {
      if (strcmp (documents[i].path, path) == 0)
        {
          xmlDoc *doc = documents[i].build (printer);

          g_clear_pointer (&reply->body, g_bytes_unref);
          reply->status = 200;
          reply->content_type = "text/xml";
          reply->body = ml_sim_doc_to_xml (doc, ML_SIM_DIALECT_LEDM);
          xmlFreeDoc (doc);
          return TRUE;
        }
    }

  ml_sim_reply_set_text (reply, 404, "Not Found");
  return TRUE;
}
