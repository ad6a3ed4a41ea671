/* ml-reading-format.c: a printer reading as text a person reads on a terminal
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The model keeps µl, mm and mm²; people read ml, m and m². Values are rounded once
 * to the shown precision and then converted with ml_units_format(), so the text
 * never disagrees with the JSON by more than that rounding. What the printer did
 * not say is shown as "—" in a line that has other values, and left out otherwise.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "ml-reading-format.h"

#define UNKNOWN_TEXT "—"

/* value (in the model unit of from) in unit, rounded half away from zero to a
 * multiple of step model units and shown with exactly decimals digits and symbol. */
static char *
format_fixed (gint64      value,
              MlUnit      from,
              const char *unit,
              const char *symbol,
              gint64      step,
              guint       decimals)
{
  g_autofree char *number = NULL;
  GString *text;
  const char *dot;
  guint have;

  if (value < 0)
    return g_strdup (UNKNOWN_TEXT);

  if (value <= G_MAXINT64 - step / 2)
    value = (value + step / 2) / step * step;

  number = ml_units_format (value, from, unit);
  text = g_string_new (number);
  dot = strchr (text->str, '.');
  have = dot != NULL ? (guint) strlen (dot + 1) : 0;

  if (decimals > 0 && dot == NULL)
    g_string_append_c (text, '.');
  for (; have < decimals; have++)
    g_string_append_c (text, '0');

  g_string_append_printf (text, " %s", symbol);
  return g_string_free (text, FALSE);
}

static char *
format_ink (gint64 ul)
{
  return format_fixed (ul, ML_UNIT_MICROLITRE, "ml", "ml", 100, 1);
}

static char *
format_length (gint64 mm)
{
  return format_fixed (mm, ML_UNIT_MM, "m", "m", 10, 2);
}

static char *
format_area (gint64 mm2)
{
  return format_fixed (mm2, ML_UNIT_MM2, "m2", "m²", 10000, 2);
}

static char *
format_count (gint64 count)
{
  if (count < 0)
    return g_strdup (UNKNOWN_TEXT);
  return g_strdup_printf ("%" G_GINT64_FORMAT, count);
}

static char *
format_date (gint64 unix_seconds)
{
  char *text = ml_units_format_timestamp (unix_seconds);

  return text != NULL ? text : g_strdup (UNKNOWN_TEXT);
}

static void
add_field (GString    *out,
           const char *indent,
           const char *label,
           const char *value)
{
  if (value == NULL || *value == '\0')
    return;
  g_string_append_printf (out, "%s%s: %s\n", indent, label, value);
}

static void
add_owned_field (GString    *out,
                 const char *indent,
                 const char *label,
                 char       *value)
{
  add_field (out, indent, label, value);
  g_free (value);
}

static void
add_known_field (GString    *out,
                 const char *indent,
                 const char *label,
                 gint64      value,
                 char       *text)
{
  if (value >= 0)
    add_field (out, indent, label, text);
  g_free (text);
}

/* "state (the printer's word)" when the printer's word differs from ours. */
static char *
state_with_text (const char *label,
                 const char *text)
{
  if (text == NULL || g_strcmp0 (text, label) == 0)
    return g_strdup (label);
  return g_strdup_printf ("%s (%s)", label, text);
}

static void
format_identity (MlPrinterReading *reading,
                 GString          *out)
{
  MlIdentity *identity = ml_printer_reading_get_identity (reading);

  if (ml_identity_get_model_name (identity) == NULL
      && ml_identity_get_product_number (identity) == NULL
      && ml_identity_get_serial_number (identity) == NULL
      && ml_identity_get_firmware_version (identity) == NULL
      && ml_identity_get_manufacturer (identity) == NULL)
    return;

  g_string_append_printf (out, "%s\n", _("Printer"));
  add_field (out, "  ", _("Model"), ml_identity_get_model_name (identity));
  add_field (out, "  ", _("Product number"), ml_identity_get_product_number (identity));
  add_field (out, "  ", _("Serial number"), ml_identity_get_serial_number (identity));
  add_field (out, "  ", _("Firmware"), ml_identity_get_firmware_version (identity));
  add_field (out, "  ", _("Manufacturer"), ml_identity_get_manufacturer (identity));
}

static void
format_status (MlPrinterReading *reading,
               GString          *out)
{
  MlEngineStatus *status = ml_printer_reading_get_status (reading);
  MlEngineState state = ml_engine_status_get_state (status);
  const char *text = ml_engine_status_get_status_text (status);

  if (state == ML_ENGINE_STATE_UNKNOWN && text == NULL
      && ml_engine_status_get_activity (status) == NULL)
    return;

  g_string_append_printf (out, "%s\n", _("Status"));
  add_owned_field (out, "  ", _("State"), state_with_text (ml_engine_state_to_label (state), text));
  add_field (out, "  ", _("Severity"), ml_severity_to_label (ml_engine_status_get_severity (status)));
  add_field (out, "  ", _("Activity"), ml_engine_status_get_activity (status));
}

static void
format_alerts (MlPrinterReading *reading,
               GString          *out)
{
  /* The most severe first: that is what a person acts on. */
  static const MlSeverity order[] = {
    ML_SEVERITY_ERROR, ML_SEVERITY_WARNING, ML_SEVERITY_INFO,
  };
  GListModel *alerts = ml_printer_reading_get_alerts (reading);
  guint n = g_list_model_get_n_items (alerts);

  if (n == 0)
    return;

  g_string_append_printf (out, _("Alerts (%u)\n"), n);
  for (guint s = 0; s < G_N_ELEMENTS (order); s++)
    {
      for (guint i = 0; i < n; i++)
        {
          g_autoptr(MlAlert) alert = g_list_model_get_item (alerts, i);
          const char *category = ml_alert_get_category (alert);
          const char *description = ml_alert_get_description (alert);

          if (ml_alert_get_severity (alert) != order[s])
            continue;

          g_string_append_printf (out, "  %s: %s", ml_severity_to_label (order[s]),
                                  ml_alert_get_code (alert) != NULL
                                  ? ml_alert_get_code (alert) : UNKNOWN_TEXT);
          if (category != NULL)
            g_string_append_printf (out, " [%s]", category);
          if (description != NULL)
            g_string_append_printf (out, " — %s", description);
          if (ml_alert_get_raised_at (alert) > 0)
            {
              g_autofree char *date = format_date (ml_alert_get_raised_at (alert));

              g_string_append_printf (out, " (%s)", date);
            }
          g_string_append_c (out, '\n');
        }
    }
}

static char *
join_or_unknown (const char * const *strv)
{
  if (strv == NULL || strv[0] == NULL)
    return g_strdup (UNKNOWN_TEXT);
  return g_strjoinv (", ", (char **) strv);
}

static char *
product_text (const char *number,
              const char *name)
{
  if (number != NULL && name != NULL)
    return g_strdup_printf ("%s (%s)", number, name);
  return g_strdup (number != NULL ? number : name);
}

static void
format_printheads (MlPrinterReading *reading,
                   GString          *out)
{
  GListModel *printheads = ml_printer_reading_get_printheads (reading);
  guint n = g_list_model_get_n_items (printheads);

  if (n == 0)
    return;

  g_string_append_printf (out, _("Printheads (%u)\n"), n);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(MlPrinthead) printhead = g_list_model_get_item (printheads, i);
      g_autofree char *colors = join_or_unknown (ml_printhead_get_colors (printhead));
      int health = ml_printhead_get_health_percent (printhead);

      g_string_append_printf (out, _("  Slot %d: %s\n"), ml_printhead_get_slot (printhead), colors);
      add_owned_field (out, "    ", _("State"),
                       state_with_text (ml_supply_state_to_label (ml_printhead_get_state (printhead)),
                                        ml_printhead_get_status_text (printhead)));
      if (health >= 0)
        add_owned_field (out, "    ", _("Health"), g_strdup_printf ("%d %%", health));
      add_owned_field (out, "    ", _("Product"),
                       product_text (ml_printhead_get_product_number (printhead),
                                     ml_printhead_get_product_name (printhead)));
      add_field (out, "    ", _("Serial number"), ml_printhead_get_serial_number (printhead));
      add_field (out, "    ", _("Manufacturer"), ml_printhead_get_manufacturer (printhead));
      if (ml_printhead_get_non_hp_ink (printhead))
        add_field (out, "    ", _("Non-HP ink"), _("used"));
      if (ml_printhead_get_installed_at (printhead) > 0)
        add_owned_field (out, "    ", _("Installed"),
                         format_date (ml_printhead_get_installed_at (printhead)));
      if (ml_printhead_get_warranty_end (printhead) > 0)
        add_owned_field (out, "    ", _("Warranty until"),
                         format_date (ml_printhead_get_warranty_end (printhead)));
      if (ml_printhead_get_expires_at (printhead) > 0)
        add_owned_field (out, "    ", _("Expires"),
                         format_date (ml_printhead_get_expires_at (printhead)));
    }
}

static char *
cartridge_level (MlCartridge *cartridge)
{
  int percent = ml_cartridge_get_level_percent (cartridge);
  gint64 level_ul = ml_cartridge_get_level_ul (cartridge);
  g_autofree char *ink = format_ink (level_ul);

  if (percent >= 0 && level_ul >= 0)
    return g_strdup_printf ("%d %% (%s)", percent, ink);
  if (percent >= 0)
    return g_strdup_printf ("%d %%", percent);
  return g_steal_pointer (&ink);
}

static void
format_cartridges (MlPrinterReading *reading,
                   GString          *out)
{
  GListModel *cartridges = ml_printer_reading_get_cartridges (reading);
  guint n = g_list_model_get_n_items (cartridges);

  if (n == 0)
    return;

  g_string_append_printf (out, _("Cartridges (%u)\n"), n);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(MlCartridge) cartridge = g_list_model_get_item (cartridges, i);
      const char *color = ml_cartridge_get_color (cartridge);
      gint64 used = ml_cartridge_get_ink_used_ul (cartridge);
      gint64 non_hp = ml_cartridge_get_non_hp_ink_used_ul (cartridge);

      g_string_append_printf (out, _("  Slot %d: %s\n"), ml_cartridge_get_slot (cartridge),
                              color != NULL ? color : UNKNOWN_TEXT);
      add_owned_field (out, "    ", _("Product"),
                       product_text (ml_cartridge_get_product_number (cartridge),
                                     ml_cartridge_get_product_name (cartridge)));
      add_field (out, "    ", _("Serial number"), ml_cartridge_get_serial_number (cartridge));
      add_field (out, "    ", _("Manufacturer"), ml_cartridge_get_manufacturer (cartridge));
      add_owned_field (out, "    ", _("State"),
                       state_with_text (ml_supply_state_to_label (ml_cartridge_get_state (cartridge)),
                                        ml_cartridge_get_status_text (cartridge)));
      if (ml_cartridge_get_level_percent (cartridge) >= 0 || ml_cartridge_get_level_ul (cartridge) >= 0)
        add_owned_field (out, "    ", _("Level"), cartridge_level (cartridge));
      add_known_field (out, "    ", _("Capacity"), ml_cartridge_get_capacity_ul (cartridge),
                       format_ink (ml_cartridge_get_capacity_ul (cartridge)));
      if (used >= 0 || non_hp >= 0)
        {
          g_autofree char *used_text = format_ink (used);
          g_autofree char *non_hp_text = format_ink (non_hp);

          /* TRANSLATORS: ink used through a slot, then how much of it was not HP ink */
          add_owned_field (out, "    ", _("Ink used"),
                           g_strdup_printf (_("%s (non-HP %s)"), used_text, non_hp_text));
        }
      if (ml_cartridge_get_installed_at (cartridge) > 0)
        add_owned_field (out, "    ", _("Installed"),
                         format_date (ml_cartridge_get_installed_at (cartridge)));
      if (ml_cartridge_get_expires_at (cartridge) > 0)
        add_owned_field (out, "    ", _("Expires"),
                         format_date (ml_cartridge_get_expires_at (cartridge)));
    }
}

static void
format_media (MlPrinterReading *reading,
              GString          *out)
{
  GListModel *sources = ml_printer_reading_get_media_sources (reading);
  GListModel *types = ml_printer_reading_get_media_types (reading);
  const char * const *accessories = ml_printer_reading_get_accessories (reading);
  guint n = g_list_model_get_n_items (sources);

  if (n > 0)
    g_string_append_printf (out, _("Media sources (%u)\n"), n);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(MlMediaSource) source = g_list_model_get_item (sources, i);
      const char *type_id = ml_media_source_get_media_type_id (source);
      const char *type_name = ml_media_source_get_media_type_name (source);
      gint64 width = ml_media_source_get_width_mm (source);
      gint64 length = ml_media_source_get_length_mm (source);

      g_string_append_printf (out, "  %s (%s): %s",
                              ml_media_source_get_id (source) != NULL
                              ? ml_media_source_get_id (source) : UNKNOWN_TEXT,
                              ml_media_source_kind_to_label (ml_media_source_get_kind (source)),
                              ml_media_state_to_label (ml_media_source_get_state (source)));
      if (type_id != NULL || type_name != NULL)
        {
          g_autofree char *type = product_text (type_id, type_name);

          g_string_append_printf (out, ", %s", type);
        }
      if (ml_media_source_get_kind (source) == ML_MEDIA_SOURCE_KIND_ROLL)
        {
          g_autofree char *width_text = format_count (width);
          g_autofree char *length_text = format_length (length);

          /* TRANSLATORS: a roll's width in millimetres and the length left on it */
          if (width >= 0 || length >= 0)
            g_string_append_printf (out, _(", %s mm wide, %s left"), width_text, length_text);
        }
      else if (width >= 0 && length >= 0)
        {
          g_autofree char *width_text = format_count (width);
          g_autofree char *length_text = format_count (length);

          /* TRANSLATORS: a sheet's width × length in millimetres */
          g_string_append_printf (out, _(", %s × %s mm"), width_text, length_text);
        }
      g_string_append_c (out, '\n');
    }

  if (g_list_model_get_n_items (types) > 0)
    g_string_append_printf (out, _("Media types: %u\n"), g_list_model_get_n_items (types));

  if (accessories != NULL && accessories[0] != NULL)
    {
      g_autofree char *list = g_strjoinv (", ", (char **) accessories);

      g_string_append_printf (out, _("Accessories: %s\n"), list);
    }
}

static gboolean
usage_is_empty (MlUsage *usage)
{
  return ml_usage_get_job_count (usage) < 0
         && ml_usage_get_page_count (usage) < 0
         && ml_usage_get_total_ink_ul (usage) < 0
         && ml_usage_get_total_media_area_mm2 (usage) < 0
         && ml_usage_get_total_media_length_mm (usage) < 0
         && ml_usage_get_scan_area_mm2 (usage) < 0
         && ml_usage_get_scan_area_scans_mm2 (usage) < 0
         && ml_usage_get_scan_area_copies_mm2 (usage) < 0
         && g_list_model_get_n_items (ml_usage_get_inks (usage)) == 0
         && g_list_model_get_n_items (ml_usage_get_media (usage)) == 0
         && g_list_model_get_n_items (ml_usage_get_categories (usage)) == 0;
}

static void
format_usage (MlPrinterReading *reading,
              GString          *out)
{
  MlUsage *usage = ml_printer_reading_get_usage (reading);
  GListModel *inks = ml_usage_get_inks (usage);
  GListModel *media = ml_usage_get_media (usage);
  GListModel *categories = ml_usage_get_categories (usage);
  gint64 value;

  if (usage_is_empty (usage))
    return;

  g_string_append_printf (out, "%s\n", _("Lifetime usage"));
  value = ml_usage_get_page_count (usage);
  add_known_field (out, "  ", _("Pages"), value, format_count (value));
  value = ml_usage_get_job_count (usage);
  add_known_field (out, "  ", _("Jobs"), value, format_count (value));
  value = ml_usage_get_total_ink_ul (usage);
  add_known_field (out, "  ", _("Ink"), value, format_ink (value));
  value = ml_usage_get_total_media_area_mm2 (usage);
  add_known_field (out, "  ", _("Media area"), value, format_area (value));
  value = ml_usage_get_total_media_length_mm (usage);
  add_known_field (out, "  ", _("Media length"), value, format_length (value));
  value = ml_usage_get_scan_area_mm2 (usage);
  add_known_field (out, "  ", _("Scanned area"), value, format_area (value));
  value = ml_usage_get_scan_area_scans_mm2 (usage);
  add_known_field (out, "  ", _("Scanned for scans"), value, format_area (value));
  value = ml_usage_get_scan_area_copies_mm2 (usage);
  add_known_field (out, "  ", _("Scanned for copies"), value, format_area (value));

  if (g_list_model_get_n_items (inks) > 0)
    g_string_append_printf (out, "  %s\n", _("Ink by colour"));
  for (guint i = 0; i < g_list_model_get_n_items (inks); i++)
    {
      g_autoptr(MlInkUsage) ink = g_list_model_get_item (inks, i);
      g_autofree char *used = format_ink (ml_ink_usage_get_ink_used_ul (ink));
      g_autofree char *hp = format_ink (ml_ink_usage_get_hp_ink_used_ul (ink));
      g_autofree char *non_hp = format_ink (ml_ink_usage_get_non_hp_ink_used_ul (ink));
      g_autofree char *insertions = format_count (ml_ink_usage_get_insertions (ink));
      const char *part = ml_ink_usage_get_product_number (ink);

      /* TRANSLATORS: colour: ink used (HP ink, non-HP ink), number of cartridge insertions */
      g_string_append_printf (out, _("    %s: %s (HP %s, non-HP %s), %s insertions"),
                              ml_ink_usage_get_color (ink) != NULL
                              ? ml_ink_usage_get_color (ink) : UNKNOWN_TEXT,
                              used, hp, non_hp, insertions);
      if (part != NULL)
        g_string_append_printf (out, ", %s", part);
      g_string_append_c (out, '\n');
    }

  if (g_list_model_get_n_items (media) > 0)
    g_string_append_printf (out, "  %s\n", _("Media by type"));
  for (guint i = 0; i < g_list_model_get_n_items (media); i++)
    {
      g_autoptr(MlMediaUsage) entry = g_list_model_get_item (media, i);
      g_autofree char *name = product_text (ml_media_usage_get_media_type_id (entry),
                                            ml_media_usage_get_media_type_name (entry));
      g_autofree char *area = format_area (ml_media_usage_get_area_mm2 (entry));
      g_autofree char *length = format_length (ml_media_usage_get_length_mm (entry));

      g_string_append_printf (out, "    %s: %s, %s\n",
                              name != NULL ? name : UNKNOWN_TEXT, area, length);
    }

  if (g_list_model_get_n_items (categories) > 0)
    g_string_append_printf (out, "  %s\n", _("By print category"));
  for (guint i = 0; i < g_list_model_get_n_items (categories); i++)
    {
      g_autoptr(MlCategoryUsage) entry = g_list_model_get_item (categories, i);
      g_autofree char *media_area = format_area (ml_category_usage_get_media_area_mm2 (entry));
      g_autofree char *printed = format_area (ml_category_usage_get_printed_area_mm2 (entry));
      g_autofree char *ink = format_ink (ml_category_usage_get_ink_ul (entry));
      g_autofree char *length = format_length (ml_category_usage_get_length_mm (entry));

      /* TRANSLATORS: category: media area, printed area, ink, media length */
      g_string_append_printf (out, _("    %s: media %s, printed %s, ink %s, length %s\n"),
                              ml_category_usage_get_category (entry) != NULL
                              ? ml_category_usage_get_category (entry) : UNKNOWN_TEXT,
                              media_area, printed, ink, length);
    }
}

static void
format_jobs (MlPrinterReading *reading,
             GString          *out)
{
  GListModel *jobs = ml_printer_reading_get_jobs (reading);
  const char *queue = ml_printer_reading_get_queue_uuid (reading);
  guint n = g_list_model_get_n_items (jobs);

  if (queue != NULL)
    {
      g_autofree char *modification =
        format_count (ml_printer_reading_get_queue_modification (reading));

      g_string_append_printf (out, _("Job queue: %s (modification %s)\n"), queue, modification);
    }

  if (n == 0)
    return;

  g_string_append_printf (out, _("Jobs (%u)\n"), n);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(MlJob) job = g_list_model_get_item (jobs, i);
      g_autofree char *status = state_with_text (ml_job_status_to_label (ml_job_get_status (job)),
                                                 ml_job_get_status_text (job));
      gint64 pages = ml_job_get_pages (job);
      gint64 media_area = ml_job_get_media_area_mm2 (job);
      gint64 scan_area = ml_job_get_scan_area_mm2 (job);
      gint64 ink = ml_job_get_total_ink_ul (job);

      g_string_append_printf (out, "  %s (%s)\n", ml_job_get_uuid (job),
                              ml_job_kind_to_label (ml_job_get_kind (job)));
      add_field (out, "    ", _("Name"), ml_job_get_name (job));
      add_field (out, "    ", _("Status"), status);
      add_known_field (out, "    ", _("Pages"), pages, format_count (pages));
      add_known_field (out, "    ", _("Media area"), media_area, format_area (media_area));
      add_known_field (out, "    ", _("Scanned area"), scan_area, format_area (scan_area));
      add_known_field (out, "    ", _("Ink"), ink, format_ink (ink));
    }
}

static void
format_events (MlPrinterReading *reading,
               GString          *out)
{
  GListModel *events = ml_printer_reading_get_events (reading);
  guint n = g_list_model_get_n_items (events);

  if (n == 0)
    return;

  g_string_append_printf (out, _("Events (%u)\n"), n);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(MlDeviceEvent) event = g_list_model_get_item (events, i);
      const char *stamp = ml_device_event_get_aging_stamp (event);
      const char *category = ml_device_event_get_category (event);
      const char *resource = ml_device_event_get_resource_uri (event);

      g_string_append_printf (out, "  %s %s", stamp != NULL ? stamp : UNKNOWN_TEXT,
                              category != NULL ? category : UNKNOWN_TEXT);
      if (resource != NULL)
        g_string_append_printf (out, " %s", resource);
      g_string_append_c (out, '\n');
    }
}

static void
format_resources (MlPrinterReading *reading,
                  GString          *out)
{
  const char * const *resources = ml_printer_reading_get_resources (reading);
  guint n = resources != NULL ? g_strv_length ((char **) resources) : 0;

  if (n == 0)
    return;

  g_string_append_printf (out, _("Resources (%u)\n"), n);
  for (guint i = 0; i < n; i++)
    g_string_append_printf (out, "  %s\n", resources[i]);
}

void
ml_reading_format_text (MlPrinterReading *reading,
                        GString          *out)
{
  g_return_if_fail (ML_IS_PRINTER_READING (reading));
  g_return_if_fail (out != NULL);

  format_identity (reading, out);
  format_status (reading, out);
  format_alerts (reading, out);
  format_printheads (reading, out);
  format_cartridges (reading, out);
  format_media (reading, out);
  format_usage (reading, out);
  format_jobs (reading, out);
  format_events (reading, out);
  format_resources (reading, out);
}
