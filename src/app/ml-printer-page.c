/* ml-printer-page.c: one printer: status, alerts, consumables, media, counters, jobs
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each section is a GtkListBox bound to the reading's own list (cartridges,
 * printheads, media sources; alerts sorted by severity), so a new reading rebinds
 * the lists and GTK makes the rows. Sections with nothing in them hide.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "ml-collector-store-jobs.h"
#include "ml-ink-bar.h"
#include "ml-job-row.h"
#include "ml-printer-page.h"

/* Jobs in the printer's short list; the Jobs page has them all. */
#define LATEST_JOBS 10
#define SEPARATOR " · "

struct _MlPrinterPage
{
  AdwBin parent_instance;

  /* Template widgets */
  AdwActionRow *address_row;
  AdwPreferencesGroup *alerts_group;
  GtkListBox *alerts_list;
  AdwPreferencesGroup *cartridges_group;
  GtkListBox *cartridges_list;
  AdwPreferencesGroup *counters_group;
  GtkListBox *counters_list;
  AdwPreferencesGroup *jobs_group;
  GtkListBox *jobs_list;
  AdwActionRow *last_error_row;
  AdwActionRow *last_seen_row;
  AdwPreferencesGroup *media_group;
  GtkListBox *media_list;
  AdwPreferencesGroup *printheads_group;
  GtkListBox *printheads_list;
  GtkImage *state_icon;
  AdwActionRow *state_row;
  AdwPreferencesGroup *status_group;

  MlPrinterRow *printer;
  MlCollectorStore *store;
  GListModel *cartridges;
  GListStore *jobs;
  GCancellable *jobs_cancellable;
};

G_DEFINE_FINAL_TYPE (MlPrinterPage, ml_printer_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_PRINTER,
  PROP_STORE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Text --------------------------------------------------------------------------------- */

static char *
format_time (gint64 unix_seconds)
{
  g_autoptr(GDateTime) time = NULL;

  if (unix_seconds <= 0 || !(time = g_date_time_new_from_unix_local (unix_seconds)))
    return NULL;
  return g_date_time_format (time, "%Y-%m-%d %H:%M");
}

static char *
format_date (gint64 unix_seconds)
{
  g_autoptr(GDateTime) time = NULL;

  if (unix_seconds <= 0 || !(time = g_date_time_new_from_unix_local (unix_seconds)))
    return NULL;
  return g_date_time_format (time, "%Y-%m-%d");
}

/* Appends the parts that are not NULL, separated; takes them. */
static void
add_part (GPtrArray *parts,
          char      *part)
{
  if (part != NULL)
    g_ptr_array_add (parts, part);
}

static char *
join_parts (GPtrArray *parts)
{
  g_ptr_array_add (parts, NULL);
  return g_strjoinv (SEPARATOR, (char **) parts->pdata);
}

static char *
format_ml (gint64 ul)
{
  if (ul < 0)
    return NULL;
  /* Translators: an amount of ink in millilitres */
  return g_strdup_printf (_("%.1f ml"), (double) ul / 1e3);
}

static GtkWidget *
new_row (const char *title,
         const char *subtitle)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title != NULL ? title : "");
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  if (subtitle != NULL && *subtitle != '\0')
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  return row;
}

static GtkWidget *
suffix_label (const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_widget_add_css_class (label, "numeric");
  gtk_widget_add_css_class (label, "dim-label");
  return label;
}

/* Rows --------------------------------------------------------------------------------- */

static GtkWidget *
create_alert_row (gpointer item,
                  gpointer user_data)
{
  MlAlert *alert = item;
  MlSeverity severity = ml_alert_get_severity (alert);
  const char *description = ml_alert_get_description (alert);
  const char *code = ml_alert_get_code (alert);
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *subtitle = NULL;
  GtkWidget *row;
  GtkWidget *icon;

  add_part (parts, g_strdup (ml_severity_to_label (severity)));
  if (description != NULL && code != NULL)
    add_part (parts, g_strdup (code));
  add_part (parts, format_time (ml_alert_get_raised_at (alert)));
  subtitle = join_parts (parts);

  row = new_row (description != NULL ? description : code, subtitle);
  icon = gtk_image_new_from_icon_name (severity == ML_SEVERITY_ERROR ? "dialog-error-symbolic"
                                       : severity == ML_SEVERITY_WARNING ? "dialog-warning-symbolic"
                                       : "dialog-information-symbolic");
  if (severity == ML_SEVERITY_ERROR)
    gtk_widget_add_css_class (icon, "status-error");
  else if (severity == ML_SEVERITY_WARNING)
    gtk_widget_add_css_class (icon, "status-warning");
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
  return row;
}

static GtkWidget *
create_cartridge_row (gpointer item,
                      gpointer user_data)
{
  MlCartridge *cartridge = item;
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *subtitle = NULL;
  g_autofree char *capacity = format_ml (ml_cartridge_get_capacity_ul (cartridge));
  g_autofree char *used = format_ml (ml_cartridge_get_ink_used_ul (cartridge));
  g_autofree char *expires = format_date (ml_cartridge_get_expires_at (cartridge));
  const char *product = ml_cartridge_get_product_name (cartridge);
  GtkWidget *row;
  GtkWidget *bar;

  add_part (parts, g_strdup (ml_supply_state_to_label (ml_cartridge_get_state (cartridge))));
  if (product == NULL)
    product = ml_cartridge_get_product_number (cartridge);
  add_part (parts, g_strdup (product));
  if (capacity != NULL)
    /* Translators: the capacity of an ink cartridge, such as "300.0 ml" */
    add_part (parts, g_strdup_printf (_("%s capacity"), capacity));
  if (used != NULL)
    /* Translators: the ink used from a cartridge, such as "12.5 ml" */
    add_part (parts, g_strdup_printf (_("%s used"), used));
  if (ml_cartridge_get_non_hp_ink_used_ul (cartridge) > 0)
    add_part (parts, g_strdup (_("non-HP ink")));
  if (expires != NULL)
    /* Translators: the expiry date of an ink cartridge */
    add_part (parts, g_strdup_printf (_("expires %s"), expires));
  subtitle = join_parts (parts);

  row = new_row (ml_ink_bar_color_label (ml_cartridge_get_color (cartridge)), subtitle);
  bar = ml_ink_bar_new ();
  gtk_widget_set_size_request (bar, 180, -1);
  gtk_widget_set_valign (bar, GTK_ALIGN_CENTER);
  ml_ink_bar_set_color (ML_INK_BAR (bar), ml_cartridge_get_color (cartridge));
  ml_ink_bar_set_level (ML_INK_BAR (bar), ml_printer_row_cartridge_level (cartridge));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), bar);
  return row;
}

static GtkWidget *
create_printhead_row (gpointer item,
                      gpointer user_data)
{
  MlPrinthead *printhead = item;
  const char * const *colors = ml_printhead_get_colors (printhead);
  int health = ml_printhead_get_health_percent (printhead);
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) color_labels = g_ptr_array_new ();
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *warranty_end = format_date (ml_printhead_get_warranty_end (printhead));
  g_autofree char *expires = format_date (ml_printhead_get_expires_at (printhead));
  g_autofree char *color_text = NULL;
  GtkWidget *row;
  GtkWidget *level_bar;
  GtkWidget *label;

  for (guint i = 0; colors != NULL && colors[i] != NULL; i++)
    g_ptr_array_add (color_labels, (gpointer) ml_ink_bar_color_label (colors[i]));
  g_ptr_array_add (color_labels, NULL);
  color_text = g_strjoinv (", ", (char **) color_labels->pdata);
  /* Translators: a printhead by its slot number, such as "Printhead 2" */
  title = g_strdup_printf (_("Printhead %d"), ml_printhead_get_slot (printhead));
  if (*color_text != '\0')
    {
      char *with_colors = g_strconcat (title, SEPARATOR, color_text, NULL);

      g_free (title);
      title = with_colors;
    }

  add_part (parts, g_strdup (ml_supply_state_to_label (ml_printhead_get_state (printhead))));
  if (ml_printhead_get_in_warranty (printhead))
    add_part (parts, warranty_end != NULL
                       /* Translators: %s is a date */
                       ? g_strdup_printf (_("in warranty until %s"), warranty_end)
                       : g_strdup (_("in warranty")));
  else
    add_part (parts, g_strdup (_("out of warranty")));
  if (expires != NULL)
    /* Translators: the expiry date of a printhead */
    add_part (parts, g_strdup_printf (_("expires %s"), expires));
  if (ml_printhead_get_non_hp_ink (printhead))
    add_part (parts, g_strdup (_("non-HP ink used")));
  subtitle = join_parts (parts);

  row = new_row (title, subtitle);
  if (ml_printhead_get_non_hp_ink (printhead))
    {
      GtkWidget *warning = gtk_image_new_from_icon_name ("dialog-warning-symbolic");

      gtk_widget_add_css_class (warning, "status-warning");
      gtk_widget_set_tooltip_text (warning, _("Non-HP ink went through this printhead: its "
                                             "warranty may not cover the damage"));
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), warning);
    }

  level_bar = gtk_level_bar_new_for_interval (0, 1);
  gtk_level_bar_set_value (GTK_LEVEL_BAR (level_bar), MAX (health, 0) / 100.0);
  gtk_widget_set_size_request (level_bar, 120, -1);
  gtk_widget_set_valign (level_bar, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (level_bar, _("Health"));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), level_bar);
  if (health >= 0)
    {
      g_autofree char *text = g_strdup_printf (_("%d %%"), health);

      label = suffix_label (text);
    }
  else
    label = suffix_label ("—");
  gtk_label_set_width_chars (GTK_LABEL (label), 5);
  gtk_label_set_xalign (GTK_LABEL (label), 1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
  return row;
}

static GtkWidget *
create_media_row (gpointer item,
                  gpointer user_data)
{
  MlMediaSource *source = item;
  gint64 width = ml_media_source_get_width_mm (source);
  gint64 length = ml_media_source_get_length_mm (source);
  const char *name = ml_media_source_get_media_type_name (source);
  const char *id = ml_media_source_get_id (source);
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;

  if (id != NULL)
    /* Translators: a media source and its name on the printer, such as "Roll (Roll1)" */
    title = g_strdup_printf (_("%s (%s)"),
                             ml_media_source_kind_to_label (ml_media_source_get_kind (source)), id);
  else
    title = g_strdup (ml_media_source_kind_to_label (ml_media_source_get_kind (source)));

  add_part (parts, g_strdup (ml_media_state_to_label (ml_media_source_get_state (source))));
  add_part (parts, g_strdup (name != NULL ? name : ml_media_source_get_media_type_id (source)));
  if (width >= 0)
    /* Translators: the width of a roll in millimetres */
    add_part (parts, g_strdup_printf (_("%d mm wide"), (int) MIN (width, G_MAXINT)));
  if (length >= 0)
    /* Translators: the roll length left, in metres */
    add_part (parts, g_strdup_printf (_("%.1f m left"), (double) length / 1e3));
  subtitle = join_parts (parts);

  return new_row (title, subtitle);
}

static GtkWidget *
create_job_row (gpointer item,
                gpointer user_data)
{
  MlJobRow *job = item;
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *subtitle = NULL;
  const char *name = ml_job_row_get_name (job);
  gint64 area = ml_job_row_get_media_area_mm2 (job);

  add_part (parts, format_time (ml_job_row_get_time (job)));
  add_part (parts, g_strdup (ml_job_status_to_label (ml_job_row_get_status (job))));
  if (area >= 0)
    /* Translators: an area in square metres */
    add_part (parts, g_strdup_printf (_("%.2f m²"), (double) area / 1e6));
  add_part (parts, format_ml (ml_job_row_get_ink_ul (job)));
  subtitle = join_parts (parts);

  return new_row (name != NULL ? name : ml_job_kind_to_label (ml_job_row_get_kind (job)),
                  subtitle);
}

static void
add_counter (MlPrinterPage *self,
             const char    *title,
             char          *value)
{
  GtkWidget *row;

  if (value == NULL)
    return;

  row = new_row (title, NULL);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), suffix_label (value));
  gtk_list_box_append (self->counters_list, row);
  g_free (value);
}

static char *
format_count (gint64 count)
{
  return count >= 0 ? g_strdup_printf ("%'" G_GINT64_FORMAT, count) : NULL;
}

static char *
format_area (gint64 mm2)
{
  /* Translators: an area in square metres */
  return mm2 >= 0 ? g_strdup_printf (_("%.2f m²"), (double) mm2 / 1e6) : NULL;
}

static void
update_counters (MlPrinterPage *self,
                 MlUsage       *usage)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->counters_list))) != NULL)
    gtk_list_box_remove (self->counters_list, child);

  if (usage != NULL)
    {
      gint64 length = ml_usage_get_total_media_length_mm (usage);

      add_counter (self, _("Jobs"), format_count (ml_usage_get_job_count (usage)));
      add_counter (self, _("Pages"), format_count (ml_usage_get_page_count (usage)));
      add_counter (self, _("Ink"), format_ml (ml_usage_get_total_ink_ul (usage)));
      add_counter (self, _("Media Area"), format_area (ml_usage_get_total_media_area_mm2 (usage)));
      /* Translators: a length in metres */
      add_counter (self, _("Media Length"),
                   length >= 0 ? g_strdup_printf (_("%.1f m"), (double) length / 1e3) : NULL);
      add_counter (self, _("Scanned Area"), format_area (ml_usage_get_scan_area_mm2 (usage)));
    }

  gtk_widget_set_visible (GTK_WIDGET (self->counters_group),
                          gtk_widget_get_first_child (GTK_WIDGET (self->counters_list)) != NULL);
}

/* Sections ----------------------------------------------------------------------------- */

static void
bind_section (AdwPreferencesGroup          *group,
              GtkListBox                   *list,
              GListModel                   *model,
              GtkListBoxCreateWidgetFunc    create)
{
  gtk_list_box_bind_model (list, model, create, NULL, NULL);
  gtk_widget_set_visible (GTK_WIDGET (group),
                          model != NULL && g_list_model_get_n_items (model) > 0);
}

static int
compare_severity (gconstpointer a,
                  gconstpointer b,
                  gpointer      user_data)
{
  /* The most severe first; equal ones in the printer's order. */
  return (int) ml_alert_get_severity ((MlAlert *) b) - (int) ml_alert_get_severity ((MlAlert *) a);
}

static void
update_reading (MlPrinterPage *self)
{
  MlPrinterReading *reading = self->printer != NULL ? ml_printer_row_get_reading (self->printer)
                                                    : NULL;
  g_autoptr(GtkSortListModel) alerts = NULL;

  g_clear_object (&self->cartridges);
  if (reading == NULL)
    {
      bind_section (self->alerts_group, self->alerts_list, NULL, NULL);
      bind_section (self->cartridges_group, self->cartridges_list, NULL, NULL);
      bind_section (self->printheads_group, self->printheads_list, NULL, NULL);
      bind_section (self->media_group, self->media_list, NULL, NULL);
      update_counters (self, NULL);
      return;
    }

  alerts = gtk_sort_list_model_new (g_object_ref (ml_printer_reading_get_alerts (reading)),
                                    GTK_SORTER (gtk_custom_sorter_new (compare_severity, NULL,
                                                                       NULL)));
  self->cartridges = g_object_ref (ml_printer_reading_get_cartridges (reading));

  bind_section (self->alerts_group, self->alerts_list, G_LIST_MODEL (alerts), create_alert_row);
  bind_section (self->cartridges_group, self->cartridges_list, self->cartridges,
                create_cartridge_row);
  bind_section (self->printheads_group, self->printheads_list,
                ml_printer_reading_get_printheads (reading), create_printhead_row);
  bind_section (self->media_group, self->media_list,
                ml_printer_reading_get_media_sources (reading), create_media_row);
  update_counters (self, ml_printer_reading_get_usage (reading));
}

static void
update_status (MlPrinterPage *self)
{
  MlPrinterRow *printer = self->printer;
  MlPrinterReading *reading;
  g_autofree char *address = NULL;
  g_autofree char *last_seen = NULL;
  g_autofree char *description = NULL;
  const char *status_text = NULL;
  const char *last_error;

  if (printer == NULL)
    return;

  adw_preferences_group_set_title (self->status_group, ml_printer_row_get_model (printer));
  /* Translators: %s is a printer's serial number */
  description = g_strdup_printf (_("Serial number %s"), ml_printer_row_get_serial (printer));
  adw_preferences_group_set_description (self->status_group, description);

  reading = ml_printer_row_get_reading (printer);
  if (reading != NULL)
    status_text = ml_engine_status_get_status_text (ml_printer_reading_get_status (reading));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->state_row),
                                 ml_printer_row_get_status_label (printer));
  adw_action_row_set_subtitle (self->state_row, status_text != NULL ? status_text : "");
  gtk_image_set_from_icon_name (self->state_icon, ml_printer_row_get_status_icon_name (printer));

  if (ml_printer_row_get_address (printer) != NULL)
    address = g_strdup_printf ("%s:%u", ml_printer_row_get_address (printer),
                               ml_printer_row_get_port (printer));
  adw_action_row_set_subtitle (self->address_row, address != NULL ? address : "—");

  last_seen = format_time (ml_printer_row_get_last_seen (printer));
  adw_action_row_set_subtitle (self->last_seen_row, last_seen != NULL ? last_seen : "—");

  last_error = ml_printer_row_get_last_error (printer);
  gtk_widget_set_visible (GTK_WIDGET (self->last_error_row), last_error != NULL);
  adw_action_row_set_subtitle (self->last_error_row, last_error != NULL ? last_error : "");
}

/* Latest jobs -------------------------------------------------------------------------- */

typedef struct
{
  MlCollectorStore *store;
  char *serial;
} JobsRequest;

static void
jobs_request_free (JobsRequest *request)
{
  g_clear_object (&request->store);
  g_free (request->serial);
  g_free (request);
}

static void
list_jobs_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  JobsRequest *request = task_data;
  GPtrArray *jobs;
  GError *error = NULL;

  jobs = ml_collector_store_list_latest_jobs (request->store, request->serial, LATEST_JOBS,
                                              &error);
  if (jobs == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, jobs, (GDestroyNotify) g_ptr_array_unref);
}

static void
on_jobs_listed (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  MlPrinterPage *self = ML_PRINTER_PAGE (source);
  g_autoptr(GPtrArray) jobs = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;

  jobs = g_task_propagate_pointer (G_TASK (result), &error);
  if (jobs == NULL)
    {
      /* A printer never collected has no jobs yet: not worth a word. */
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_debug ("No jobs for the printer page: %s", error->message);
          g_list_store_remove_all (self->jobs);
          gtk_widget_set_visible (GTK_WIDGET (self->jobs_group), FALSE);
        }
      return;
    }

  rows = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < jobs->len; i++)
    g_ptr_array_add (rows, ml_job_row_new_from_summary (g_ptr_array_index (jobs, i)));
  g_list_store_splice (self->jobs, 0, g_list_model_get_n_items (G_LIST_MODEL (self->jobs)),
                       rows->pdata, rows->len);
  gtk_widget_set_visible (GTK_WIDGET (self->jobs_group), rows->len > 0);
}

static void
update_jobs (MlPrinterPage *self)
{
  g_autoptr(GTask) task = NULL;
  JobsRequest *request;

  if (self->jobs_cancellable != NULL)
    g_cancellable_cancel (self->jobs_cancellable);
  g_clear_object (&self->jobs_cancellable);

  if (self->printer == NULL || self->store == NULL)
    {
      g_list_store_remove_all (self->jobs);
      gtk_widget_set_visible (GTK_WIDGET (self->jobs_group), FALSE);
      return;
    }

  self->jobs_cancellable = g_cancellable_new ();
  task = g_task_new (self, self->jobs_cancellable, on_jobs_listed, NULL);
  g_task_set_source_tag (task, update_jobs);
  request = g_new0 (JobsRequest, 1);
  request->store = g_object_ref (self->store);
  request->serial = g_strdup (ml_printer_row_get_serial (self->printer));
  g_task_set_task_data (task, request, (GDestroyNotify) jobs_request_free);
  g_task_run_in_thread (task, list_jobs_thread);
}

static void
on_printer_notify (MlPrinterPage *self,
                   GParamSpec    *pspec)
{
  update_status (self);
  if (pspec == NULL || g_str_equal (pspec->name, "reading"))
    {
      update_reading (self);
      update_jobs (self);
    }
}

/* GObject ------------------------------------------------------------------------------ */

static void
ml_printer_page_dispose (GObject *object)
{
  MlPrinterPage *self = ML_PRINTER_PAGE (object);

  if (self->jobs_cancellable != NULL)
    g_cancellable_cancel (self->jobs_cancellable);
  g_clear_object (&self->jobs_cancellable);
  if (self->printer != NULL)
    g_signal_handlers_disconnect_by_data (self->printer, self);
  g_clear_object (&self->printer);

  gtk_widget_dispose_template (GTK_WIDGET (object), ML_TYPE_PRINTER_PAGE);

  g_clear_object (&self->cartridges);
  g_clear_object (&self->jobs);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (ml_printer_page_parent_class)->dispose (object);
}

static void
ml_printer_page_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  MlPrinterPage *self = ML_PRINTER_PAGE (object);

  switch (prop_id)
    {
    case PROP_PRINTER:
      g_value_set_object (value, self->printer);
      break;

    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ml_printer_page_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  MlPrinterPage *self = ML_PRINTER_PAGE (object);

  switch (prop_id)
    {
    case PROP_PRINTER:
      ml_printer_page_set_printer (self, g_value_get_object (value));
      break;

    case PROP_STORE:
      ml_printer_page_set_store (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ml_printer_page_class_init (MlPrinterPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ml_printer_page_dispose;
  object_class->get_property = ml_printer_page_get_property;
  object_class->set_property = ml_printer_page_set_property;

  properties[PROP_PRINTER] =
    g_param_spec_object ("printer", NULL, NULL, ML_TYPE_PRINTER_ROW,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, ML_TYPE_COLLECTOR_STORE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/meterlink/Meterlink/ui/ml-printer-page.ui");
  gtk_widget_class_bind_template_child (widget_class, MlPrinterPage, address_row);
  gtk_widget_class_bind_template_child (widget_class, MlPrinterPage, alerts_group);
  gtk_widget_class_bind_template_child (widget_class, MlPrinterPage, alerts_list);
  gtk_widget_class_bind_template_child (widget_class, MlPrinterPage, cartridges_group);
  gtk_widget_class_bind_template_child (widget_class, MlPrinterPage, cartridges_list);
  gtk_widget_class_bind_template_child (widget_class, MlPrinterPage, counters_group);
  gtk_widget_class_bind_template_child (widget_class, MlPrinterPage, counters_list);
  gtk_widget_class_bind_template_child (widget_class, MlPrinterPage, jobs_group);
  gtk_widget_class_bind_template_child (widget_class, MlPrinterPage, jobs_list);
  gtk_widget_class_bind_template_child (widget_class, MlPrinterPage, last_error_row);
  gtk_widget_class_bind_template_child (widget_class, MlPrinterPage, last_seen_row);
  gtk_widget_class_bind_template_child (widget_class, MlPrinterPage, media_group);
  gtk_widget_class_bind_template_child (widget_class, MlPrinterPage, media_list);
  gtk_widget_class_bind_template_child (widget_class, MlPrinterPage, printheads_group);
  gtk_widget_class_bind_template_child (widget_class, MlPrinterPage, printheads_list);
  gtk_widget_class_bind_template_child (widget_class, MlPrinterPage, state_icon);
  gtk_widget_class_bind_template_child (widget_class, MlPrinterPage, state_row);
  gtk_widget_class_bind_template_child (widget_class, MlPrinterPage, status_group);
}

static void
ml_printer_page_init (MlPrinterPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->jobs = g_list_store_new (ML_TYPE_JOB_ROW);
  gtk_list_box_bind_model (self->jobs_list, G_LIST_MODEL (self->jobs), create_job_row, NULL,
                           NULL);
  update_reading (self);
  gtk_widget_set_visible (GTK_WIDGET (self->jobs_group), FALSE);
}

GtkWidget *
ml_printer_page_new (void)
{
  return g_object_new (ML_TYPE_PRINTER_PAGE, NULL);
}

MlPrinterRow *
ml_printer_page_get_printer (MlPrinterPage *self)
{
  g_return_val_if_fail (ML_IS_PRINTER_PAGE (self), NULL);

  return self->printer;
}

void
ml_printer_page_set_printer (MlPrinterPage *self,
                             MlPrinterRow  *printer)
{
  g_return_if_fail (ML_IS_PRINTER_PAGE (self));
  g_return_if_fail (printer == NULL || ML_IS_PRINTER_ROW (printer));

  if (self->printer == printer)
    return;

  if (self->printer != NULL)
    g_signal_handlers_disconnect_by_data (self->printer, self);
  g_set_object (&self->printer, printer);
  if (printer != NULL)
    g_signal_connect_swapped (printer, "notify", G_CALLBACK (on_printer_notify), self);

  on_printer_notify (self, NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PRINTER]);
}

MlCollectorStore *
ml_printer_page_get_store (MlPrinterPage *self)
{
  g_return_val_if_fail (ML_IS_PRINTER_PAGE (self), NULL);

  return self->store;
}

void
ml_printer_page_set_store (MlPrinterPage    *self,
                           MlCollectorStore *store)
{
  g_return_if_fail (ML_IS_PRINTER_PAGE (self));
  g_return_if_fail (store == NULL || ML_IS_COLLECTOR_STORE (store));

  if (!g_set_object (&self->store, store))
    return;

  update_jobs (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STORE]);
}

GListModel *
ml_printer_page_get_cartridges (MlPrinterPage *self)
{
  g_return_val_if_fail (ML_IS_PRINTER_PAGE (self), NULL);

  return self->cartridges;
}
