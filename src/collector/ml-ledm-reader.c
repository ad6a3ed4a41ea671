/* ml-ledm-reader.c: HP LEDM XML responses (/DevMgmt, /EventMgmt, /Jobs) into the printer model
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * LEDM spreads one document over many namespaces: the root in its own, most leaves in
 * the data dictionaries (dd, dd2). Printers and the tools that re-serialise captures
 * pick the prefixes freely, so every element is matched by namespace URI and local
 * name (docs/printer-protocols.md lists the URIs). A value the printer did not send
 * stays unknown; a value it sent that cannot be read fails the whole document, so a
 * half-understood document never reaches billing.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "ml-ledm-reader.h"
#include "ml-xml.h"

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
#define NS_JOBS       "http://www.hp.com/schemas/imaging/con/ledm/jobs/2009/04/30"
#define NS_SCAN       "http://www.hp.com/schemas/imaging/con/cnx/scan/2008/08/19"

typedef gboolean (*LedmReadFunc) (MlPrinterReading  *reading,
                                  xmlNode           *root,
                                  GError           **error);

static gboolean read_discovery_tree    (MlPrinterReading *reading, xmlNode *root, GError **error);
static gboolean read_product_config    (MlPrinterReading *reading, xmlNode *root, GError **error);
static gboolean read_product_status    (MlPrinterReading *reading, xmlNode *root, GError **error);
static gboolean read_consumable_config (MlPrinterReading *reading, xmlNode *root, GError **error);
static gboolean read_product_usage     (MlPrinterReading *reading, xmlNode *root, GError **error);
static gboolean read_media_handling    (MlPrinterReading *reading, xmlNode *root, GError **error);
static gboolean read_event_table       (MlPrinterReading *reading, xmlNode *root, GError **error);
static gboolean read_jobs              (MlPrinterReading *reading, xmlNode *root, GError **error);

/* ProductConfigDyn's root moved to a newer namespace in 2009; firmware of both ages is
 * in the field, so both roots are listed. */
static const struct {
  const char *ns;
  const char *name;
  MlLedmDocument document;
  LedmReadFunc read;
} ledm_roots[] = {
  { NS_LEDM, "DiscoveryTree", ML_LEDM_DOCUMENT_DISCOVERY_TREE, read_discovery_tree },
  { NS_PRDCFGDYN2, "ProductConfigDyn", ML_LEDM_DOCUMENT_PRODUCT_CONFIG, read_product_config },
  { NS_PRDCFGDYN, "ProductConfigDyn", ML_LEDM_DOCUMENT_PRODUCT_CONFIG, read_product_config },
  { NS_PSDYN, "ProductStatusDyn", ML_LEDM_DOCUMENT_PRODUCT_STATUS, read_product_status },
  { NS_CCDYN, "ConsumableConfigDyn", ML_LEDM_DOCUMENT_CONSUMABLE_CONFIG, read_consumable_config },
  { NS_PUDYN, "ProductUsageDyn", ML_LEDM_DOCUMENT_PRODUCT_USAGE, read_product_usage },
  { NS_MHDYN, "MediaHandlingDyn", ML_LEDM_DOCUMENT_MEDIA_HANDLING, read_media_handling },
  { NS_EV, "EventTable", ML_LEDM_DOCUMENT_EVENT_TABLE, read_event_table },
  { NS_JOBS, "Job", ML_LEDM_DOCUMENT_JOB, read_jobs },
  { NS_JOBS, "JobList", ML_LEDM_DOCUMENT_JOB, read_jobs },
};

/* HP's consumable label codes (docs/printer-protocols.md). */
static const struct {
  const char *code;
  const char *color;
} label_colors[] = {
  { "C", "cyan" },
  { "M", "magenta" },
  { "Y", "yellow" },
  { "K", "black" },
  { "MK", "matte-black" },
  { "PK", "photo-black" },
  { "G", "gray" },
  { "R", "chromatic-red" },
  { "GN", "chromatic-green" },
  { "B", "chromatic-blue" },
  { "LC", "light-cyan" },
  { "LM", "light-magenta" },
  { "LG", "light-gray" },
  { "DG", "dark-gray" },
  { "PT", "post-treatment" },
};

/* pscat:StatusCategory words Meterlink knows; any other word reads as unknown, with
 * the printer's word kept as the status text. */
static const struct {
  const char *category;
  MlEngineState state;
} status_categories[] = {
  { "ready", ML_ENGINE_STATE_IDLE },
  { "idle", ML_ENGINE_STATE_IDLE },
  { "processing", ML_ENGINE_STATE_PRINTING },
  { "printing", ML_ENGINE_STATE_PRINTING },
  { "inPowerSave", ML_ENGINE_STATE_SLEEPING },
  { "powerSave", ML_ENGINE_STATE_SLEEPING },
  { "busy", ML_ENGINE_STATE_PROCESSING },
  { "initializing", ML_ENGINE_STATE_PROCESSING },
  { "inkSystemInitializing", ML_ENGINE_STATE_PROCESSING },
  { "calibrating", ML_ENGINE_STATE_PROCESSING },
  { "cancelJob", ML_ENGINE_STATE_PROCESSING },
  { "scanProcessing", ML_ENGINE_STATE_PROCESSING },
  { "copying", ML_ENGINE_STATE_PROCESSING },
  { "trayEmptyOrOpen", ML_ENGINE_STATE_WARNING },
  { "cartridgeLow", ML_ENGINE_STATE_WARNING },
  { "jamInPrinter", ML_ENGINE_STATE_ERROR },
  { "closeDoorOrCover", ML_ENGINE_STATE_ERROR },
  { "cartridgeMissing", ML_ENGINE_STATE_ERROR },
  { "cartridgeFailure", ML_ENGINE_STATE_ERROR },
  { "printheadFailure", ML_ENGINE_STATE_ERROR },
  { "carriageStall", ML_ENGINE_STATE_ERROR },
  { "serviceRequired", ML_ENGINE_STATE_ERROR },
};

/* dd:ConsumableState words. "used" is a cartridge that was in another printer
 * before: it works, so it is ok. */
static const struct {
  const char *word;
  MlSupplyState state;
} consumable_states[] = {
  { "ok", ML_SUPPLY_STATE_OK },
  { "new", ML_SUPPLY_STATE_OK },
  { "used", ML_SUPPLY_STATE_OK },
  { "low", ML_SUPPLY_STATE_LOW },
  { "veryLow", ML_SUPPLY_STATE_VERY_LOW },
  { "veryVeryLow", ML_SUPPLY_STATE_VERY_LOW },
  { "empty", ML_SUPPLY_STATE_EMPTY },
  { "out", ML_SUPPLY_STATE_EMPTY },
  { "outOfInk", ML_SUPPLY_STATE_EMPTY },
  { "expired", ML_SUPPLY_STATE_EXPIRED },
  { "missing", ML_SUPPLY_STATE_MISSING },
  { "error", ML_SUPPLY_STATE_ERROR },
  { "failed", ML_SUPPLY_STATE_ERROR },
  { "failure", ML_SUPPLY_STATE_ERROR },
  { "defective", ML_SUPPLY_STATE_ERROR },
  { "incompatible", ML_SUPPLY_STATE_ERROR },
};

const char *
ml_ledm_document_to_string (MlLedmDocument document)
{
  switch (document)
    {
    case ML_LEDM_DOCUMENT_DISCOVERY_TREE: return "DiscoveryTree";
    case ML_LEDM_DOCUMENT_PRODUCT_CONFIG: return "ProductConfigDyn";
    case ML_LEDM_DOCUMENT_PRODUCT_STATUS: return "ProductStatusDyn";
    case ML_LEDM_DOCUMENT_CONSUMABLE_CONFIG: return "ConsumableConfigDyn";
    case ML_LEDM_DOCUMENT_PRODUCT_USAGE: return "ProductUsageDyn";
    case ML_LEDM_DOCUMENT_MEDIA_HANDLING: return "MediaHandlingDyn";
    case ML_LEDM_DOCUMENT_EVENT_TABLE: return "EventTable";
    case ML_LEDM_DOCUMENT_JOB: return "Job";
    default: g_return_val_if_reached ("unknown");
    }
}

static const char *
label_code_color (const char *code,
                  gsize       length)
{
  for (guint i = 0; i < G_N_ELEMENTS (label_colors); i++)
    {
      if (strlen (label_colors[i].code) == length
          && strncmp (label_colors[i].code, code, length) == 0)
        return label_colors[i].color;
    }
  return NULL;
}

GStrv
_ml_ledm_label_code_colors (const char *label_code)
{
  g_autoptr(GStrvBuilder) builder = NULL;
  const char *whole;
  const char *p;

  g_return_val_if_fail (label_code != NULL, NULL);

  if (*label_code == '\0')
    return NULL;

  builder = g_strv_builder_new ();

  if ((whole = label_code_color (label_code, strlen (label_code))))
    {
      g_strv_builder_add (builder, whole);
      return g_strv_builder_end (builder);
    }

  /* Multi-colour heads and tri-colour cartridges concatenate the codes ("CMYK");
   * two-letter codes are tried first so that "LCLM" reads as light-cyan,
   * light-magenta. */
  for (p = label_code; *p != '\0';)
    {
      const char *color = NULL;

      if (p[1] != '\0' && (color = label_code_color (p, 2)))
        p += 2;
      else if ((color = label_code_color (p, 1)))
        p += 1;
      else
        return NULL;

      g_strv_builder_add (builder, color);
    }

  return g_strv_builder_end (builder);
}

/* The colour of a cartridge: one name, several joined with "+" for a multi-colour
 * cartridge, or the printer's own code in lower case when it is not in the table. */
static char *
label_code_to_color (const char *label_code)
{
  g_auto(GStrv) colors = NULL;

  if (label_code == NULL || *label_code == '\0')
    return NULL;

  if ((colors = _ml_ledm_label_code_colors (label_code)))
    return g_strjoinv ("+", colors);

  return g_ascii_strdown (label_code, -1);
}

/* "MatteBlack" → "matte-black": the model's colour names are kebab case. */
static char *
marker_color_to_color (const char *marker_color)
{
  GString *color = g_string_new (NULL);

  for (const char *p = marker_color; *p != '\0'; p++)
    {
      if (g_ascii_isupper (*p) && p != marker_color && g_ascii_islower (p[-1]))
        g_string_append_c (color, '-');
      g_string_append_c (color, g_ascii_tolower (*p));
    }

  return g_string_free (color, FALSE);
}

/* The text of a child element, NULL when it is absent or empty: LEDM writes empty
 * elements (<dd:AssetNumber></dd:AssetNumber>) for values nobody set. */
static char *
child_text (xmlNode    *parent,
            const char *ns,
            const char *name)
{
  char *text;

  if (parent == NULL)
    return NULL;

  text = ml_xml_child_text (parent, ns, name);
  if (text != NULL && *text == '\0')
    g_clear_pointer (&text, g_free);
  return text;
}

/* LEDM moved some dictionary entries from dd to dd2 over the years; look in both. */
static xmlNode *
dictionary_child (xmlNode    *parent,
                  const char *name)
{
  xmlNode *child;

  if (parent == NULL)
    return NULL;
  if ((child = ml_xml_child (parent, NS_DD2, name)))
    return child;
  return ml_xml_child (parent, NS_DD, name);
}

static char *
dictionary_child_text (xmlNode    *parent,
                       const char *name)
{
  xmlNode *child = dictionary_child (parent, name);
  char *text;

  if (child == NULL)
    return NULL;

  text = ml_xml_text (child);
  if (text != NULL && *text == '\0')
    g_clear_pointer (&text, g_free);
  return text;
}

static gboolean
parse_count (const char  *text,
             const char  *element,
             gint64       max,
             gint64      *out,
             GError     **error)
{
  guint64 value;

  *out = ML_UNKNOWN;
  if (text == NULL)
    return TRUE;

  if (!g_ascii_string_to_unsigned (text, 10, 0, (guint64) max, &value, NULL))
    {
      g_set_error (error, ML_ERROR, ML_ERROR_INVALID_VALUE,
                   _("%s “%s” is not a whole number in range"), element, text);
      return FALSE;
    }

  *out = (gint64) value;
  return TRUE;
}

static gboolean
read_count (xmlNode     *parent,
            const char  *ns,
            const char  *name,
            gint64       max,
            gint64      *out,
            GError     **error)
{
  g_autofree char *text = child_text (parent, ns, name);

  return parse_count (text, name, max, out, error);
}

static gboolean
read_dictionary_count (xmlNode     *parent,
                       const char  *name,
                       gint64      *out,
                       GError     **error)
{
  g_autofree char *text = dictionary_child_text (parent, name);

  return parse_count (text, name, G_MAXINT64, out, error);
}

static gboolean
convert_quantity (const char  *element,
                  const char  *value,
                  const char  *unit,
                  MlUnit       target,
                  gint64      *out,
                  GError     **error)
{
  *out = ML_UNKNOWN;
  if (value == NULL)
    return TRUE;

  if (unit == NULL)
    {
      g_set_error (error, ML_ERROR, ML_ERROR_INVALID_VALUE,
                   _("%s “%s” has no unit"), element, value);
      return FALSE;
    }

  if (!ml_units_convert (value, unit, target, out, error))
    {
      g_prefix_error (error, "%s: ", element);
      return FALSE;
    }

  if (*out < 0)
    {
      g_set_error (error, ML_ERROR, ML_ERROR_INVALID_VALUE,
                   _("%s “%s” is negative"), element, value);
      return FALSE;
    }

  return TRUE;
}

/* An ink amount written as <x><dd:ValueFloat>23</dd:ValueFloat><dd:Unit>milliliters</dd:Unit></x>. */
static gboolean
read_value_float (xmlNode     *node,
                  MlUnit       target,
                  gint64      *out,
                  GError     **error)
{
  g_autofree char *value = NULL;
  g_autofree char *unit = NULL;

  *out = ML_UNKNOWN;
  if (node == NULL)
    return TRUE;

  value = child_text (node, NS_DD, "ValueFloat");
  unit = child_text (node, NS_DD, "Unit");
  return convert_quantity ((const char *) node->name, value, unit, target, out, error);
}

static gboolean
read_date (xmlNode     *parent,
           const char  *ns,
           const char  *name,
           gint64      *out,
           GError     **error)
{
  g_autofree char *text = child_text (parent, ns, name);

  *out = 0;
  if (text == NULL)
    return TRUE;

  if (!ml_units_parse_timestamp (text, out, error))
    {
      g_prefix_error (error, "%s: ", name);
      return FALSE;
    }
  return TRUE;
}

static void
set_unsupported_root (xmlNode  *root,
                      GError  **error)
{
  if (root->ns != NULL && root->ns->href != NULL)
    g_set_error (error, ML_ERROR, ML_ERROR_UNSUPPORTED,
                 _("the root element “%s” in namespace “%s” is not an LEDM document "
                   "Meterlink reads"),
                 (const char *) root->name, (const char *) root->ns->href);
  else
    g_set_error (error, ML_ERROR, ML_ERROR_UNSUPPORTED,
                 _("the root element “%s” has no namespace, so it is not an LEDM "
                   "document Meterlink reads"),
                 (const char *) root->name);
}

/* DiscoveryTree: every resource and manifest the printer announces, in its order. */
static gboolean
read_discovery_tree (MlPrinterReading  *reading,
                     xmlNode           *root,
                     GError           **error)
{
  g_autoptr(GPtrArray) resources = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  for (xmlNode *entry = root->children; entry != NULL; entry = entry->next)
    {
      if (entry->type != XML_ELEMENT_NODE)
        continue;

      for (xmlNode *child = entry->children; child != NULL; child = child->next)
        {
          char *uri;

          if (!ml_xml_is (child, NS_DD, "ResourceURI")
              && !ml_xml_is (child, NS_LEDM, "ManifestURI"))
            continue;

          uri = ml_xml_text (child);
          if (uri == NULL || *uri == '\0' || g_hash_table_contains (seen, uri))
            {
              g_free (uri);
              continue;
            }
          g_hash_table_add (seen, uri);
          g_ptr_array_add (resources, uri);
        }
    }

  g_ptr_array_add (resources, NULL);
  ml_printer_reading_set_resources (reading, (const char * const *) resources->pdata);
  return TRUE;
}

/* ProductConfigDyn: who the printer is. */
static gboolean
read_product_config (MlPrinterReading  *reading,
                     xmlNode           *root,
                     GError           **error)
{
  MlIdentity *identity = ml_printer_reading_get_identity (reading);
  xmlNode *info;
  xmlNode *manufacturer;
  g_autofree char *model_name = NULL;
  g_autofree char *product_number = NULL;
  g_autofree char *serial_number = NULL;
  g_autofree char *firmware = NULL;
  g_autofree char *manufacturer_name = NULL;

  info = ml_xml_child (root, NS_PRDCFGDYN, "ProductInformation");
  if (info == NULL)
    info = ml_xml_child (root, NS_PRDCFGDYN2, "ProductInformation");
  if (info == NULL)
    {
      g_set_error (error, ML_ERROR, ML_ERROR_UNSUPPORTED,
                   _("it has no ProductInformation element, so it does not say which "
                     "printer it is"));
      return FALSE;
    }

  model_name = child_text (info, NS_DD, "MakeAndModel");
  product_number = child_text (info, NS_DD, "ProductNumber");
  serial_number = child_text (info, NS_DD, "SerialNumber");
  firmware = child_text (ml_xml_child (info, NS_DD, "Version"), NS_DD, "Revision");

  manufacturer = ml_xml_child (info, NS_PRDCFGDYN, "Manufacturer");
  if (manufacturer == NULL)
    manufacturer = ml_xml_child (info, NS_PRDCFGDYN2, "Manufacturer");
  if (manufacturer == NULL)
    manufacturer = ml_xml_child (info, NS_DD, "Manufacturer");
  manufacturer_name = child_text (manufacturer, NS_DD, "Name");

  ml_identity_update (identity, model_name, product_number, serial_number, firmware,
                      manufacturer_name);

  return TRUE;
}

static MlSeverity
severity_from_text (const char *text)
{
  /* A missing severity reads as a warning, as for PIWS alerts. */
  if (text == NULL)
    return ML_SEVERITY_WARNING;
  if (g_ascii_strcasecmp (text, "Info") == 0)
    return ML_SEVERITY_INFO;
  if (g_ascii_strcasecmp (text, "Error") == 0 || g_ascii_strcasecmp (text, "Critical") == 0)
    return ML_SEVERITY_ERROR;
  return ML_SEVERITY_WARNING;
}

/* ProductStatusDyn: the engine state and the active alerts. */
static gboolean
read_product_status (MlPrinterReading  *reading,
                     xmlNode           *root,
                     GError           **error)
{
  MlEngineStatus *status = ml_printer_reading_get_status (reading);
  g_autofree char *category = NULL;
  MlEngineState state = ML_ENGINE_STATE_UNKNOWN;
  MlSeverity severity = ML_SEVERITY_INFO;
  xmlNode *alert_table;

  /* The first Status is the one the front panel shows; later ones are lesser
   * conditions of the same moment. */
  category = child_text (ml_xml_child (root, NS_PSDYN, "Status"), NS_PSCAT, "StatusCategory");
  if (category != NULL)
    {
      for (guint i = 0; i < G_N_ELEMENTS (status_categories); i++)
        {
          if (g_strcmp0 (status_categories[i].category, category) == 0)
            {
              state = status_categories[i].state;
              break;
            }
        }

      if (state == ML_ENGINE_STATE_ERROR)
        severity = ML_SEVERITY_ERROR;
      else if (state == ML_ENGINE_STATE_WARNING)
        severity = ML_SEVERITY_WARNING;

      ml_engine_status_set_state (status, state);
      ml_engine_status_set_severity (status, severity);
      ml_engine_status_set_status_text (status, category);
    }

  alert_table = ml_xml_child (root, NS_PSDYN, "AlertTable");
  ml_xml_foreach_child (node, alert_table, NS_PSDYN, "Alert")
    {
      g_autoptr(MlAlert) alert = ml_alert_new ();
      g_autofree char *code = child_text (node, NS_AD, "ProductStatusAlertID");
      g_autofree char *severity_text = child_text (node, NS_DD, "Severity");

      if (code == NULL)
        {
          g_set_error (error, ML_ERROR, ML_ERROR_INVALID_VALUE,
                       _("an Alert in the AlertTable has no ProductStatusAlertID"));
          return FALSE;
        }

      ml_alert_set_code (alert, code);
      ml_alert_set_severity (alert, severity_from_text (severity_text));
      ml_printer_reading_add_alert (reading, alert);
    }

  return TRUE;
}

static MlSupplyState
consumable_state_from_word (const char *word)
{
  if (word == NULL)
    return ML_SUPPLY_STATE_UNKNOWN;

  for (guint i = 0; i < G_N_ELEMENTS (consumable_states); i++)
    {
      if (g_strcmp0 (consumable_states[i].word, word) == 0)
        return consumable_states[i].state;
    }
  return ML_SUPPLY_STATE_UNKNOWN;
}

static MlPrinthead *
lookup_printhead (MlPrinterReading *reading,
                  int               slot)
{
  GListModel *printheads = ml_printer_reading_get_printheads (reading);
  guint n = g_list_model_get_n_items (printheads);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(MlPrinthead) printhead = g_list_model_get_item (printheads, i);

      if (ml_printhead_get_slot (printhead) == slot)
        return printhead;
    }
  return NULL;
}

static gboolean
read_printhead (MlPrinterReading  *reading,
                xmlNode           *info,
                int                slot,
                GError           **error)
{
  g_autoptr(MlPrinthead) printhead = NULL;
  xmlNode *life_state = ml_xml_child (info, NS_DD, "ConsumableLifeState");
  g_autofree char *label = child_text (info, NS_DD, "ConsumableLabelCode");
  g_autofree char *state = child_text (life_state, NS_DD, "ConsumableState");
  g_autofree char *brand = child_text (life_state, NS_DD, "Brand");
  g_autofree char *manufacturer = child_text (ml_xml_child (info, NS_DD, "Manufacturer"),
                                              NS_DD, "Name");
  g_autofree char *product_number = child_text (info, NS_DD, "ProductNumber");
  g_autofree char *product_name = child_text (info, NS_DD, "ConsumableSelectibilityNumber");
  g_autofree char *serial_number = child_text (info, NS_DD, "SerialNumber");
  gint64 installed_at;
  gint64 warranty_end;

  if (!read_date (ml_xml_child (info, NS_DD, "Installation"), NS_DD, "Date",
                  &installed_at, error)
      || !read_date (ml_xml_child (info, NS_DD, "Warranty"), NS_DD, "ExpirationDate",
                     &warranty_end, error))
    return FALSE;

  if ((printhead = lookup_printhead (reading, slot)))
    g_object_ref (printhead);
  else
    {
      printhead = ml_printhead_new ();
      ml_printhead_set_slot (printhead, slot);
      ml_printer_reading_add_printhead (reading, printhead);
    }

  if (label != NULL)
    {
      g_auto(GStrv) colors = _ml_ledm_label_code_colors (label);

      if (colors == NULL)
        {
          colors = g_new0 (char *, 2);
          colors[0] = g_ascii_strdown (label, -1);
        }
      ml_printhead_set_colors (printhead, (const char * const *) colors);
    }

  ml_printhead_set_state (printhead, consumable_state_from_word (state));
  ml_printhead_set_status_text (printhead, state);
  ml_printhead_set_product_number (printhead, product_number);
  ml_printhead_set_product_name (printhead, product_name);
  ml_printhead_set_serial_number (printhead, serial_number);
  ml_printhead_set_manufacturer (printhead, manufacturer != NULL ? manufacturer : brand);
  ml_printhead_set_installed_at (printhead, installed_at);
  ml_printhead_set_warranty_end (printhead, warranty_end);
  return TRUE;
}

/* Fills a cartridge's lifetime ink from a ProductUsageDyn read before this document.
 * The two documents can come in either order. */
static void
fill_cartridge_from_usage (MlPrinterReading *reading,
                           MlCartridge      *cartridge)
{
  MlUsage *usage = ml_printer_reading_get_usage (reading);
  const char *color = ml_cartridge_get_color (cartridge);
  MlInkUsage *ink;

  if (color == NULL || !(ink = ml_usage_lookup_ink (usage, color)))
    return;

  if (ml_cartridge_get_ink_used_ul (cartridge) == ML_UNKNOWN)
    ml_cartridge_set_ink_used_ul (cartridge, ml_ink_usage_get_ink_used_ul (ink));
  if (ml_cartridge_get_non_hp_ink_used_ul (cartridge) == ML_UNKNOWN)
    ml_cartridge_set_non_hp_ink_used_ul (cartridge, ml_ink_usage_get_non_hp_ink_used_ul (ink));
  if (ml_ink_usage_get_product_number (ink) == NULL)
    ml_ink_usage_set_product_number (ink, ml_cartridge_get_product_number (cartridge));
}

static gboolean
read_cartridge (MlPrinterReading  *reading,
                xmlNode           *info,
                int                slot,
                GError           **error)
{
  g_autoptr(MlCartridge) cartridge = NULL;
  xmlNode *life_state = ml_xml_child (info, NS_DD, "ConsumableLifeState");
  xmlNode *capacity = ml_xml_child (info, NS_DD, "Capacity");
  g_autofree char *label = child_text (info, NS_DD, "ConsumableLabelCode");
  g_autofree char *color = NULL;
  g_autofree char *state = child_text (life_state, NS_DD, "ConsumableState");
  g_autofree char *brand = child_text (life_state, NS_DD, "Brand");
  g_autofree char *manufacturer = child_text (ml_xml_child (info, NS_DD, "Manufacturer"),
                                              NS_DD, "Name");
  g_autofree char *product_number = child_text (info, NS_DD, "ProductNumber");
  g_autofree char *product_name = child_text (info, NS_DD, "ConsumableSelectibilityNumber");
  g_autofree char *serial_number = child_text (info, NS_DD, "SerialNumber");
  g_autofree char *max_capacity = child_text (capacity, NS_DD, "MaxCapacity");
  g_autofree char *capacity_unit = child_text (capacity, NS_DD, "Unit");
  gint64 capacity_ul;
  gint64 level_percent;
  gint64 installed_at;
  gint64 expires_at;

  if (!convert_quantity ("MaxCapacity", max_capacity, capacity_unit, ML_UNIT_MICROLITRE,
                         &capacity_ul, error)
      || !read_count (info, NS_DD, "ConsumablePercentageLevelRemaining", 100,
                      &level_percent, error)
      || !read_date (ml_xml_child (info, NS_DD, "Installation"), NS_DD, "Date",
                     &installed_at, error)
      || !read_date (ml_xml_child (info, NS_DD, "Warranty"), NS_DD, "ExpirationDate",
                     &expires_at, error))
    return FALSE;

  if ((cartridge = ml_printer_reading_lookup_cartridge (reading, slot)))
    g_object_ref (cartridge);
  else
    {
      cartridge = ml_cartridge_new ();
      ml_cartridge_set_slot (cartridge, slot);
      ml_printer_reading_add_cartridge (reading, cartridge);
    }

  color = label_code_to_color (label);
  ml_cartridge_set_color (cartridge, color);
  ml_cartridge_set_state (cartridge, consumable_state_from_word (state));
  ml_cartridge_set_status_text (cartridge, state);
  ml_cartridge_set_product_number (cartridge, product_number);
  ml_cartridge_set_product_name (cartridge, product_name);
  ml_cartridge_set_serial_number (cartridge, serial_number);
  ml_cartridge_set_manufacturer (cartridge, manufacturer != NULL ? manufacturer : brand);
  ml_cartridge_set_capacity_ul (cartridge, capacity_ul);
  ml_cartridge_set_level_percent (cartridge, (int) level_percent);
  ml_cartridge_set_installed_at (cartridge, installed_at);
  ml_cartridge_set_expires_at (cartridge, expires_at);

  fill_cartridge_from_usage (reading, cartridge);
  return TRUE;
}

/* ConsumableConfigDyn: ink cartridges and printheads. Other consumable types (toner,
 * maintenance kits) are not metered and are passed over. */
static gboolean
read_consumable_config (MlPrinterReading  *reading,
                        xmlNode           *root,
                        GError           **error)
{
  guint position = 0;

  ml_xml_foreach_child (info, root, NS_CCDYN, "ConsumableInfo")
    {
      g_autofree char *type = child_text (info, NS_DD, "ConsumableTypeEnum");
      gint64 station;
      gboolean ok;

      position++;

      if (!read_count (info, NS_DD, "ConsumableStation", G_MAXINT, &station, error))
        {
          g_prefix_error (error, _("ConsumableInfo number %u: "), position);
          return FALSE;
        }
      /* Without a station, the position in the document is the best slot there is. */
      if (station == ML_UNKNOWN)
        station = position;

      if (g_strcmp0 (type, "ink") == 0)
        ok = read_cartridge (reading, info, (int) station, error);
      else if (g_strcmp0 (type, "printhead") == 0)
        ok = read_printhead (reading, info, (int) station, error);
      else
        continue;

      if (!ok)
        {
          g_prefix_error (error, _("ConsumableInfo at station %d: "), (int) station);
          return FALSE;
        }
    }

  return TRUE;
}

static gboolean
read_usage_consumable (MlPrinterReading  *reading,
                       xmlNode           *consumable,
                       GError           **error)
{
  MlUsage *usage = ml_printer_reading_get_usage (reading);
  g_autofree char *marker_color = child_text (consumable, NS_DD, "MarkerColor");
  g_autofree char *type = child_text (consumable, NS_DD, "ConsumableTypeEnum");
  g_autofree char *color = NULL;
  g_autoptr(MlInkUsage) ink = NULL;
  MlCartridge *cartridge = NULL;
  gint64 station;
  gint64 ink_used;
  gint64 hp_ink_used;
  gint64 insertions;

  if (type != NULL && g_strcmp0 (type, "ink") != 0)
    return TRUE;

  if (!read_count (consumable, NS_DD, "ConsumableStation", G_MAXINT, &station, error)
      || !read_dictionary_count (consumable, "CumulativeConsumableCount", &insertions, error)
      || !read_value_float (dictionary_child (consumable, "CumulativeMarkingAgentUsed"),
                            ML_UNIT_MICROLITRE, &ink_used, error)
      || !read_value_float (dictionary_child (consumable, "CumulativeHPMarkingAgentUsed"),
                            ML_UNIT_MICROLITRE, &hp_ink_used, error))
    return FALSE;

  if (station != ML_UNKNOWN)
    cartridge = ml_printer_reading_lookup_cartridge (reading, (int) station);

  if (marker_color != NULL)
    color = marker_color_to_color (marker_color);
  else if (cartridge != NULL && ml_cartridge_get_color (cartridge) != NULL)
    color = g_strdup (ml_cartridge_get_color (cartridge));
  else
    {
      g_set_error (error, ML_ERROR, ML_ERROR_INVALID_VALUE,
                   _("a Consumable has no MarkerColor, so its ink cannot be told apart"));
      return FALSE;
    }

  if ((ink = ml_usage_lookup_ink (usage, color)))
    g_object_ref (ink);
  else
    {
      ink = ml_ink_usage_new ();
      ml_ink_usage_set_color (ink, color);
      ml_usage_add_ink (usage, ink);
    }

  ml_ink_usage_set_ink_used_ul (ink, ink_used);
  ml_ink_usage_set_hp_ink_used_ul (ink, hp_ink_used);
  ml_ink_usage_set_insertions (ink, insertions);

  if (cartridge != NULL)
    {
      if (ml_ink_usage_get_product_number (ink) == NULL)
        ml_ink_usage_set_product_number (ink, ml_cartridge_get_product_number (cartridge));
      ml_cartridge_set_ink_used_ul (cartridge, ink_used);
      ml_cartridge_set_non_hp_ink_used_ul (cartridge, ml_ink_usage_get_non_hp_ink_used_ul (ink));
    }

  return TRUE;
}

/* ProductUsageDyn: lifetime pages and ink. */
static gboolean
read_product_usage (MlPrinterReading  *reading,
                    xmlNode           *root,
                    GError           **error)
{
  MlUsage *usage = ml_printer_reading_get_usage (reading);
  xmlNode *printer = ml_xml_child (root, NS_PUDYN, "PrinterSubunit");
  xmlNode *consumables = ml_xml_child (root, NS_PUDYN, "ConsumableSubunit");
  gint64 pages = ML_UNKNOWN;
  gint64 total_ink = ML_UNKNOWN;
  guint position = 0;

  if (printer != NULL)
    {
      xmlNode *by_agent = ml_xml_child (printer, NS_PUDYN, "UsageByMarkingAgent");

      if (!read_count (printer, NS_DD, "TotalImpressions", G_MAXINT64, &pages, error)
          || !read_value_float (dictionary_child (by_agent, "CumulativeMarkingAgentUsed"),
                                ML_UNIT_MICROLITRE, &total_ink, error))
        {
          g_prefix_error (error, "PrinterSubunit: ");
          return FALSE;
        }
    }

  if (pages != ML_UNKNOWN)
    ml_usage_set_page_count (usage, pages);
  if (total_ink != ML_UNKNOWN)
    ml_usage_set_total_ink_ul (usage, total_ink);

  ml_xml_foreach_child (consumable, consumables, NS_PUDYN, "Consumable")
    {
      position++;
      if (!read_usage_consumable (reading, consumable, error))
        {
          g_prefix_error (error, _("Consumable number %u: "), position);
          return FALSE;
        }
    }

  return TRUE;
}

/* "iso_a4_210x297mm", "na_letter_8.5x11in": PWG self-describing size names carry the
 * size as their last part. Names without one ("custom") leave the size unknown. */
static void
media_size_from_name (const char *name,
                      gint64     *out_width_mm,
                      gint64     *out_length_mm)
{
  g_auto(GStrv) dimensions = NULL;
  g_autofree char *size = NULL;
  const char *last;
  const char *unit;
  gsize length;

  *out_width_mm = ML_UNKNOWN;
  *out_length_mm = ML_UNKNOWN;

  if (name == NULL || !(last = strrchr (name, '_')))
    return;

  length = strlen (last + 1);
  if (g_str_has_suffix (last + 1, "mm"))
    unit = "mm";
  else if (g_str_has_suffix (last + 1, "in"))
    unit = "in";
  else
    return;

  size = g_strndup (last + 1, length - 2);
  dimensions = g_strsplit (size, "x", -1);
  if (g_strv_length (dimensions) != 2
      || !ml_units_convert (dimensions[0], unit, ML_UNIT_MM, out_width_mm, NULL)
      || !ml_units_convert (dimensions[1], unit, ML_UNIT_MM, out_length_mm, NULL)
      || *out_width_mm <= 0 || *out_length_mm <= 0)
    {
      *out_width_mm = ML_UNKNOWN;
      *out_length_mm = ML_UNKNOWN;
    }
}

static MlMediaState
media_state_from_word (const char *word)
{
  if (g_strcmp0 (word, "present") == 0)
    return ML_MEDIA_STATE_LOADED;
  if (g_strcmp0 (word, "missing") == 0)
    return ML_MEDIA_STATE_MISSING;
  if (g_strcmp0 (word, "empty") == 0)
    return ML_MEDIA_STATE_EMPTY;
  return ML_MEDIA_STATE_UNKNOWN;
}

static MlMediaSource *
lookup_media_source (MlPrinterReading *reading,
                     const char       *id)
{
  GListModel *sources = ml_printer_reading_get_media_sources (reading);
  guint n = g_list_model_get_n_items (sources);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(MlMediaSource) source = g_list_model_get_item (sources, i);

      if (g_strcmp0 (ml_media_source_get_id (source), id) == 0)
        return source;
    }
  return NULL;
}

/* MediaHandlingDyn: trays and rolls, and the accessories. */
static gboolean
read_media_handling (MlPrinterReading  *reading,
                     xmlNode           *root,
                     GError           **error)
{
  g_autoptr(GPtrArray) accessories = g_ptr_array_new_with_free_func (g_free);
  guint position = 0;

  ml_xml_foreach_child (tray, root, NS_MHDYN, "InputTray")
    {
      g_autoptr(MlMediaSource) source = NULL;
      g_autofree char *id = child_text (tray, NS_DD, "InputBin");
      g_autofree char *media_type = child_text (tray, NS_DD, "MediaType");
      g_autofree char *size_name = child_text (tray, NS_DD, "MediaSizeName");
      g_autofree char *state = child_text (tray, NS_MHDYN, "MediaState");
      gint64 width_mm;
      gint64 length_mm;

      position++;
      if (id == NULL)
        {
          g_set_error (error, ML_ERROR, ML_ERROR_INVALID_VALUE,
                       _("InputTray number %u has no InputBin, so it cannot be named"),
                       position);
          return FALSE;
        }

      if ((source = lookup_media_source (reading, id)))
        g_object_ref (source);
      else
        {
          source = ml_media_source_new ();
          ml_media_source_set_id (source, id);
          ml_printer_reading_add_media_source (reading, source);
        }

      media_size_from_name (size_name, &width_mm, &length_mm);

      ml_media_source_set_kind (source, g_str_has_prefix (id, "Roll")
                                        ? ML_MEDIA_SOURCE_KIND_ROLL
                                        : ML_MEDIA_SOURCE_KIND_TRAY);
      ml_media_source_set_state (source, media_state_from_word (state));
      ml_media_source_set_media_type_id (source, media_type);
      ml_media_source_set_width_mm (source, width_mm);
      ml_media_source_set_length_mm (source, length_mm);
    }

  ml_xml_foreach_child (node, root, NS_MHDYN, "Accessories")
    {
      ml_xml_foreach_child (function, node, NS_DD, "MediaHandlingDeviceFunctionType")
        {
          char *name = ml_xml_text (function);

          if (name != NULL && *name != '\0')
            g_ptr_array_add (accessories, name);
          else
            g_free (name);
        }
    }

  if (accessories->len > 0)
    {
      g_ptr_array_add (accessories, NULL);
      ml_printer_reading_set_accessories (reading, (const char * const *) accessories->pdata);
    }

  return TRUE;
}

/* EventTable: what changed on the printer, newest last. */
static gboolean
read_event_table (MlPrinterReading  *reading,
                  xmlNode           *root,
                  GError           **error)
{
  ml_xml_foreach_child (node, root, NS_EV, "Event")
    {
      g_autoptr(MlDeviceEvent) event = ml_device_event_new ();
      g_autofree char *category = child_text (node, NS_DD, "UnqualifiedEventCategory");
      g_autofree char *aging_stamp = child_text (node, NS_DD, "AgingStamp");
      g_autofree char *resource = child_text (ml_xml_child (node, NS_EV, "Payload"),
                                              NS_DD, "ResourceURI");

      ml_device_event_set_category (event, category);
      ml_device_event_set_aging_stamp (event, aging_stamp);
      ml_device_event_set_resource_uri (event, resource);
      ml_printer_reading_add_event (reading, event);
    }

  return TRUE;
}

static gboolean
job_kind_from_category (const char *category,
                        MlJobKind  *out_kind)
{
  if (g_strcmp0 (category, "Scan") == 0)
    *out_kind = ML_JOB_KIND_SCAN;
  else if (g_strcmp0 (category, "Copy") == 0)
    *out_kind = ML_JOB_KIND_COPY;
  else if (g_strcmp0 (category, "Print") == 0)
    *out_kind = ML_JOB_KIND_PRINT;
  else
    return FALSE;
  return TRUE;
}

static MlJobStatus
job_status_from_state (const char *state)
{
  static const struct {
    const char *word;
    MlJobStatus status;
  } states[] = {
    { "Processing", ML_JOB_STATUS_ACTIVE },
    { "Completed", ML_JOB_STATUS_COMPLETED },
    { "Canceled", ML_JOB_STATUS_CANCELLED },
    { "Cancelled", ML_JOB_STATUS_CANCELLED },
    { "Pending", ML_JOB_STATUS_PENDING },
    { "Aborted", ML_JOB_STATUS_FAILED },
    { "Failed", ML_JOB_STATUS_FAILED },
  };

  for (guint i = 0; i < G_N_ELEMENTS (states); i++)
    {
      if (g_strcmp0 (states[i].word, state) == 0)
        return states[i].status;
    }
  return ML_JOB_STATUS_UNKNOWN;
}

/* The pages of a job are the highest PostScanPage number: a page is counted once it
 * has been scanned, not while it is being prepared (PreScanPage). */
static gboolean
read_job_pages (xmlNode     *job,
                gint64      *out_pages,
                GError     **error)
{
  *out_pages = ML_UNKNOWN;

  for (xmlNode *part = job->children; part != NULL; part = part->next)
    {
      if (part->type != XML_ELEMENT_NODE)
        continue;

      ml_xml_foreach_child (page, part, NS_SCAN, "PostScanPage")
        {
          gint64 number;

          if (!read_count (page, NS_SCAN, "PageNumber", G_MAXINT64, &number, error))
            {
              g_prefix_error (error, "PostScanPage: ");
              return FALSE;
            }
          if (number != ML_UNKNOWN)
            *out_pages = MAX (*out_pages, number);
        }
    }

  return TRUE;
}

/* One j:Job. LEDM gives a job no UUID: its JobUrl (/Jobs/JobList/2) is the only name
 * the printer has for it, so it stands in for the UUID. The printer reuses the URL
 * after a restart; the collector must not treat it as unique beyond one session. */
static gboolean
read_job (MlPrinterReading  *reading,
          xmlNode           *node,
          GError           **error)
{
  g_autoptr(MlJob) job = NULL;
  g_autofree char *url = child_text (node, NS_JOBS, "JobUrl");
  g_autofree char *category = child_text (node, NS_JOBS, "JobCategory");
  g_autofree char *state = child_text (node, NS_JOBS, "JobState");
  MlJobKind kind;
  gint64 pages;

  if (url == NULL)
    {
      g_set_error (error, ML_ERROR, ML_ERROR_INVALID_VALUE,
                   _("a Job has no JobUrl, so it cannot be told apart from other jobs"));
      return FALSE;
    }

  /* Fax and other categories are not metered. */
  if (!job_kind_from_category (category, &kind))
    return TRUE;

  if (!read_job_pages (node, &pages, error))
    {
      g_prefix_error (error, _("Job %s: "), url);
      return FALSE;
    }

  if ((job = ml_printer_reading_lookup_job (reading, url)))
    g_object_ref (job);
  else
    {
      job = ml_job_new (kind, url);
      ml_printer_reading_add_job (reading, job);
    }

  ml_job_set_status (job, job_status_from_state (state));
  ml_job_set_status_text (job, state);
  if (pages != ML_UNKNOWN)
    ml_job_set_pages (job, pages);

  return TRUE;
}

static gboolean
read_jobs (MlPrinterReading  *reading,
           xmlNode           *root,
           GError           **error)
{
  if (ml_xml_is (root, NS_JOBS, "Job"))
    return read_job (reading, root, error);

  ml_xml_foreach_child (node, root, NS_JOBS, "Job")
    {
      if (!read_job (reading, node, error))
        return FALSE;
    }
  return TRUE;
}

static int
find_root (xmlNode *root)
{
  if (root == NULL || root->type != XML_ELEMENT_NODE)
    return -1;

  for (guint i = 0; i < G_N_ELEMENTS (ledm_roots); i++)
    {
      if (ml_xml_is (root, ledm_roots[i].ns, ledm_roots[i].name))
        return (int) i;
    }
  return -1;
}

gboolean
ml_ledm_reader_accepts_xml (xmlNode *root)
{
  return find_root (root) >= 0;
}

gboolean
ml_ledm_reader_read_xml (MlPrinterReading  *reading,
                         xmlNode           *root,
                         MlLedmDocument    *out_document,
                         GError           **error)
{
  int index;

  g_return_val_if_fail (ML_IS_PRINTER_READING (reading), FALSE);
  g_return_val_if_fail (root != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if ((index = find_root (root)) < 0)
    {
      set_unsupported_root (root, error);
      return FALSE;
    }

  if (!ledm_roots[index].read (reading, root, error))
    {
      g_prefix_error (error, _("LEDM %s: "),
                      ml_ledm_document_to_string (ledm_roots[index].document));
      return FALSE;
    }

  if (out_document != NULL)
    *out_document = ledm_roots[index].document;
  return TRUE;
}

gboolean
ml_ledm_reader_read (MlPrinterReading  *reading,
                     const char        *data,
                     gsize              length,
                     MlLedmDocument    *out_document,
                     GError           **error)
{
  g_autoptr(xmlDoc) doc = NULL;

  g_return_val_if_fail (ML_IS_PRINTER_READING (reading), FALSE);
  g_return_val_if_fail (data != NULL || length == 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!(doc = ml_xml_parse (data, length, error)))
    return FALSE;

  return ml_ledm_reader_read_xml (reading, xmlDocGetRootElement (doc), out_document, error);
}
