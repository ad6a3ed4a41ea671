/* ml-jobs-page.c: the Jobs page: every job the site’s printers printed
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A GtkColumnView over MlJobListModel, which reads the store lazily in worker
 * threads, so the page opens and scrolls alike with ten jobs or a million. The
 * filters (printer, status, first and last day) and the order are the model's;
 * the page only turns what the technician picked into them. The model is made when
 * the page is first shown, and indexes again after each collection.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "ml-job-row.h"
#include "ml-jobs-page.h"
#include "ml-window.h"

#define NO_VALUE "—"

struct _MlJobsPage
{
  AdwBin parent_instance;

  /* Template widgets */
  GtkColumnView *column_view;
  GtkLabel *count_label;
  AdwStatusPage *empty_page;
  GtkStack *list_stack;
  GtkToggleButton *newest_first_button;
  GtkDropDown *printer_dropdown;
  GtkStringList *printer_names;
  GtkEntry *since_entry;
  GtkStack *stack;
  GtkDropDown *status_dropdown;
  GtkStringList *status_names;
  GtkEntry *until_entry;

  MlWindow *window;               /* weak: the page lives inside it */
  MlJobListModel *model;
  GPtrArray *serials;             /* of the printer dropdown's items after "All Printers" */
  GCancellable *printers_cancellable;
  gboolean updating_printers;
};

G_DEFINE_FINAL_TYPE (MlJobsPage, ml_jobs_page, ADW_TYPE_BIN)

/* The statuses offered, after "All Statuses", in the order a technician looks for
 * them. */
static const MlJobStatus status_choices[] = {
  ML_JOB_STATUS_COMPLETED,
  ML_JOB_STATUS_CANCELLED,
  ML_JOB_STATUS_FAILED,
  ML_JOB_STATUS_PENDING,
  ML_JOB_STATUS_ACTIVE,
  ML_JOB_STATUS_DELETED,
  ML_JOB_STATUS_UNKNOWN,
};

/* Cells ------------------------------------------------------------------------------ */

typedef char *(*FormatFunc) (MlJobRow *row);

static char *
format_time (MlJobRow *row)
{
  g_autoptr(GDateTime) time = NULL;

  if (!(time = g_date_time_new_from_unix_local (ml_job_row_get_time (row))))
    return g_strdup (NO_VALUE);
  return g_date_time_format (time, "%Y-%m-%d %H:%M");
}

static char *
format_printer (MlJobRow *row)
{
  return g_strdup (ml_job_row_get_printer (row));
}

static char *
format_kind (MlJobRow *row)
{
  return g_strdup (ml_job_kind_to_label (ml_job_row_get_kind (row)));
}

static char *
format_name (MlJobRow *row)
{
  const char *name = ml_job_row_get_name (row);

  return g_strdup (name != NULL && *name != '\0' ? name : NO_VALUE);
}

static char *
format_status (MlJobRow *row)
{
  return g_strdup (ml_job_status_to_label (ml_job_row_get_status (row)));
}

static char *
format_pages (MlJobRow *row)
{
  gint64 pages = ml_job_row_get_pages (row);

  if (pages < 0)
    return g_strdup (NO_VALUE);
  return g_strdup_printf ("%" G_GINT64_FORMAT, pages);
}

static char *
format_area (MlJobRow *row)
{
  gint64 mm2 = ml_job_row_get_media_area_mm2 (row);

  if (mm2 < 0)
    return g_strdup (NO_VALUE);
  /* Translators: an area in square metres */
  return g_strdup_printf (_("%.2f m²"), (double) mm2 / 1e6);
}

static char *
format_ink (MlJobRow *row)
{
  gint64 ul = ml_job_row_get_ink_ul (row);

  if (ul < 0)
    return g_strdup (NO_VALUE);
  /* Translators: an amount of ink in millilitres */
  return g_strdup_printf (_("%.1f ml"), (double) ul / 1e3);
}

static void
update_cell (GtkLabel *label,
             MlJobRow *row)
{
  FormatFunc format = g_object_get_data (G_OBJECT (label), "ml-format");
  g_autofree char *text = NULL;

  /* An empty row is waiting for its page: blank rather than a row of dashes. */
  if (ml_job_row_get_loaded (row))
    text = format (row);
  gtk_label_set_label (label, text != NULL ? text : "");
}

static void
on_row_notify (MlJobRow   *row,
               GParamSpec *pspec,
               GtkLabel   *label)
{
  const char *property = g_object_get_data (G_OBJECT (label), "ml-property");

  if (g_str_equal (pspec->name, property) || g_str_equal (pspec->name, "loaded"))
    update_cell (label, row);
}

static void
setup_text_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               MlJobsPage               *self)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_single_line_mode (GTK_LABEL (label), TRUE);
  gtk_list_item_set_child (item, label);
}

static void
setup_number_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *item,
                 MlJobsPage               *self)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 1);
  gtk_label_set_single_line_mode (GTK_LABEL (label), TRUE);
  gtk_widget_add_css_class (label, "numeric");
  gtk_list_item_set_child (item, label);
}

/* Shows @property of the item, and follows it while the row is bound: a row bound
 * before its page was read fills in when it is. "loaded" redraws the cell too, since
 * a value read may equal the empty row's (a print job's kind). */
static void
bind_cell (GtkListItem *item,
           const char  *property,
           FormatFunc   format)
{
  GtkWidget *label = gtk_list_item_get_child (item);
  MlJobRow *row = gtk_list_item_get_item (item);
  gulong handler;

  g_object_set_data (G_OBJECT (label), "ml-format", format);
  g_object_set_data (G_OBJECT (label), "ml-property", (gpointer) property);
  update_cell (GTK_LABEL (label), row);
  handler = g_signal_connect (row, "notify", G_CALLBACK (on_row_notify), label);
  g_object_set_data (G_OBJECT (label), "ml-handler", GSIZE_TO_POINTER (handler));
}

static void
unbind_cb (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           MlJobsPage               *self)
{
  GtkWidget *label = gtk_list_item_get_child (item);
  gulong handler = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (label), "ml-handler"));
  gpointer row = gtk_list_item_get_item (item);

  if (handler != 0 && row != NULL)
    g_signal_handler_disconnect (row, handler);
  g_object_set_data (G_OBJECT (label), "ml-handler", NULL);
}

#define DEFINE_BIND(what, property)                                      \
  static void                                                           \
  bind_##what##_cb (GtkSignalListItemFactory *factory,                  \
                    GtkListItem              *item,                     \
                    MlJobsPage               *self)                     \
  {                                                                     \
    bind_cell (item, property, format_##what);                          \
  }

DEFINE_BIND (time, "time")
DEFINE_BIND (printer, "printer")
DEFINE_BIND (kind, "kind")
DEFINE_BIND (name, "name")
DEFINE_BIND (status, "status")
DEFINE_BIND (pages, "pages")
DEFINE_BIND (area, "media-area-mm2")
DEFINE_BIND (ink, "ink-ul")

/* State -------------------------------------------------------------------------------- */

static gboolean
filtered (MlJobsPage *self)
{
  return ml_job_list_model_get_serial (self->model) != NULL ||
         ml_job_list_model_get_status (self->model) >= 0 ||
         ml_job_list_model_get_since (self->model) > 0 ||
         ml_job_list_model_get_until (self->model) > 0;
}

static void
update_state (MlJobsPage *self)
{
  guint n;
  g_autofree char *count = NULL;
  const GError *error;

  if (self->model == NULL)
    {
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }

  /* The old list stays until the new one is known: no flicker to the empty page. */
  if (ml_job_list_model_get_loading (self->model))
    return;

  n = g_list_model_get_n_items (G_LIST_MODEL (self->model));
  error = ml_job_list_model_get_error (self->model);

  if (n == 0 && !filtered (self) && error == NULL)
    {
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }

  gtk_stack_set_visible_child_name (self->stack, "jobs");
  gtk_stack_set_visible_child_name (self->list_stack, n > 0 ? "list" : "no-match");
  if (error != NULL)
    count = g_strdup (error->message);
  else
    count = g_strdup_printf (ngettext ("%'u job", "%'u jobs", n), n);
  gtk_label_set_label (self->count_label, count);
}

/* Filters ------------------------------------------------------------------------------ */

static void
on_printer_selected (MlJobsPage *self)
{
  guint selected = gtk_drop_down_get_selected (self->printer_dropdown);
  const char *serial = NULL;

  if (self->model == NULL || self->updating_printers)
    return;

  if (selected != GTK_INVALID_LIST_POSITION && selected > 0 && selected <= self->serials->len)
    serial = g_ptr_array_index (self->serials, selected - 1);
  ml_job_list_model_set_serial (self->model, serial);
}

static void
on_status_selected (MlJobsPage *self)
{
  guint selected = gtk_drop_down_get_selected (self->status_dropdown);

  if (self->model == NULL)
    return;

  if (selected == GTK_INVALID_LIST_POSITION || selected == 0 ||
      selected > G_N_ELEMENTS (status_choices))
    ml_job_list_model_set_status (self->model, -1);
  else
    ml_job_list_model_set_status (self->model, status_choices[selected - 1]);
}

/* A day as 2026-03-31 in local time: *out_start is its first second. An empty text
 * is no bound (0). */
static gboolean
parse_day (const char *text,
           gint64     *out_start,
           gboolean    next_day)
{
  g_autoptr(GDateTime) day = NULL;
  int year, month, mday;
  char end;

  if (text == NULL || *text == '\0')
    {
      *out_start = 0;
      return TRUE;
    }

  if (sscanf (text, "%d-%d-%d%c", &year, &month, &mday, &end) != 3 ||
      !g_date_valid_dmy (mday, month, year))
    return FALSE;

  day = g_date_time_new_local (year, month, mday, 0, 0, 0);
  if (day == NULL)
    return FALSE;
  if (next_day)
    {
      g_autoptr(GDateTime) after = g_date_time_add_days (day, 1);

      *out_start = g_date_time_to_unix (after);
    }
  else
    *out_start = g_date_time_to_unix (day);

  return *out_start > 0;
}

static void
on_dates_changed (MlJobsPage *self)
{
  gint64 since, until;
  gboolean since_ok = parse_day (gtk_editable_get_text (GTK_EDITABLE (self->since_entry)),
                                 &since, FALSE);
  gboolean until_ok = parse_day (gtk_editable_get_text (GTK_EDITABLE (self->until_entry)),
                                 &until, TRUE);

  /* A day half typed is no filter yet, and says so. */
  if (since_ok)
    gtk_widget_remove_css_class (GTK_WIDGET (self->since_entry), "error");
  else
    gtk_widget_add_css_class (GTK_WIDGET (self->since_entry), "error");
  if (until_ok)
    gtk_widget_remove_css_class (GTK_WIDGET (self->until_entry), "error");
  else
    gtk_widget_add_css_class (GTK_WIDGET (self->until_entry), "error");

  if (self->model == NULL)
    return;
  if (since_ok)
    ml_job_list_model_set_since (self->model, since);
  if (until_ok)
    ml_job_list_model_set_until (self->model, until);
}

static void
on_order_toggled (MlJobsPage *self)
{
  gboolean descending = gtk_toggle_button_get_active (self->newest_first_button);

  gtk_button_set_icon_name (GTK_BUTTON (self->newest_first_button),
                            descending ? "view-sort-descending-symbolic"
                                       : "view-sort-ascending-symbolic");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->newest_first_button),
                               descending ? _("Newest First") : _("Oldest First"));
  if (self->model != NULL)
    ml_job_list_model_set_descending (self->model, descending);
}

/* The printer dropdown --------------------------------------------------------------- */

static void
list_printers_thread (GTask        *task,
                      gpointer      source_object,
                      gpointer      task_data,
                      GCancellable *cancellable)
{
  GPtrArray *printers;
  GError *error = NULL;

  printers = ml_collector_store_list_printers (task_data, &error);
  if (printers == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, printers, (GDestroyNotify) g_ptr_array_unref);
}

static void
on_printers_listed (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  MlJobsPage *self = ML_JOBS_PAGE (source);
  g_autoptr(GPtrArray) printers = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) names = NULL;
  const char *selected_serial;
  guint selected = 0;

  printers = g_task_propagate_pointer (G_TASK (result), &error);
  if (printers == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("The printers could not be listed: %s", error->message);
      return;
    }
  g_clear_object (&self->printers_cancellable);

  /* The printer picked stays picked; the model's filter does not change. */
  selected_serial = self->model != NULL ? ml_job_list_model_get_serial (self->model) : NULL;
  names = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (names, g_strdup (_("All Printers")));
  g_ptr_array_set_size (self->serials, 0);
  for (guint i = 0; i < printers->len; i++)
    {
      MlStoredPrinter *printer = g_ptr_array_index (printers, i);
      const char *serial = ml_stored_printer_get_serial (printer);
      const char *model = ml_stored_printer_get_model (printer);

      g_ptr_array_add (self->serials, g_strdup (serial));
      /* Translators: a printer in a list: its model and serial number */
      g_ptr_array_add (names, model != NULL ? g_strdup_printf (_("%s (%s)"), model, serial)
                                            : g_strdup (serial));
      if (g_strcmp0 (serial, selected_serial) == 0)
        selected = i + 1;
    }
  g_ptr_array_add (names, NULL);

  self->updating_printers = TRUE;
  gtk_string_list_splice (self->printer_names, 0,
                          g_list_model_get_n_items (G_LIST_MODEL (self->printer_names)),
                          (const char * const *) names->pdata);
  gtk_drop_down_set_selected (self->printer_dropdown, selected);
  self->updating_printers = FALSE;
}

static void
list_printers (MlJobsPage *self)
{
  g_autoptr(GTask) task = NULL;

  if (self->model == NULL)
    return;

  if (self->printers_cancellable != NULL)
    g_cancellable_cancel (self->printers_cancellable);
  g_clear_object (&self->printers_cancellable);
  self->printers_cancellable = g_cancellable_new ();

  task = g_task_new (self, self->printers_cancellable, on_printers_listed, NULL);
  g_task_set_source_tag (task, list_printers);
  g_task_set_task_data (task, g_object_ref (ml_job_list_model_get_store (self->model)),
                        g_object_unref);
  g_task_run_in_thread (task, list_printers_thread);
}

/* Window ------------------------------------------------------------------------------- */

static void
on_collected (MlJobsPage *self)
{
  if (self->model == NULL)
    return;

  ml_job_list_model_reload (self->model);
  list_printers (self);
}

static void
on_model_changed (MlJobsPage *self)
{
  update_state (self);
}

MlJobListModel *
ml_jobs_page_get_model (MlJobsPage *self)
{
  g_autoptr(GtkSingleSelection) selection = NULL;
  MlCollectorStore *store;

  g_return_val_if_fail (ML_IS_JOBS_PAGE (self), NULL);

  if (self->model != NULL || self->window == NULL)
    return self->model;
  if (!(store = ml_window_get_store (self->window)))
    return NULL;

  self->model = ml_job_list_model_new (store);
  ml_job_list_model_set_descending (self->model,
                                    gtk_toggle_button_get_active (self->newest_first_button));
  g_signal_connect_object (self->model, "notify::loading", G_CALLBACK (on_model_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->model, "items-changed", G_CALLBACK (on_model_changed), self,
                           G_CONNECT_SWAPPED);

  selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->model)));
  gtk_single_selection_set_autoselect (selection, FALSE);
  gtk_single_selection_set_can_unselect (selection, TRUE);
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (selection));

  /* What the filter widgets say already. */
  on_status_selected (self);
  on_dates_changed (self);
  list_printers (self);
  update_state (self);

  return self->model;
}

static void
ml_jobs_page_root (GtkWidget *widget)
{
  MlJobsPage *self = ML_JOBS_PAGE (widget);
  GtkWidget *window;

  GTK_WIDGET_CLASS (ml_jobs_page_parent_class)->root (widget);

  window = gtk_widget_get_ancestor (widget, ML_TYPE_WINDOW);
  if (window == NULL || ML_WINDOW (window) == self->window)
    return;

  self->window = ML_WINDOW (window);
  g_signal_connect_object (window, "collected", G_CALLBACK (on_collected), self,
                           G_CONNECT_SWAPPED);
}

static void
ml_jobs_page_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (ml_jobs_page_parent_class)->map (widget);

  /* Reading a million jobs' index is for when they are looked at, not at start-up. */
  ml_jobs_page_get_model (ML_JOBS_PAGE (widget));
}

static void
ml_jobs_page_dispose (GObject *object)
{
  MlJobsPage *self = ML_JOBS_PAGE (object);

  if (self->printers_cancellable != NULL)
    g_cancellable_cancel (self->printers_cancellable);
  g_clear_object (&self->printers_cancellable);

  /* The bin lets go of its child first: the template would unparent it behind the
   * bin's back, which would then unparent it again. */
  adw_bin_set_child (ADW_BIN (object), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (object), ML_TYPE_JOBS_PAGE);

  g_clear_object (&self->model);
  g_clear_pointer (&self->serials, g_ptr_array_unref);
  self->window = NULL;

  G_OBJECT_CLASS (ml_jobs_page_parent_class)->dispose (object);
}

static void
ml_jobs_page_class_init (MlJobsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ml_jobs_page_dispose;

  widget_class->map = ml_jobs_page_map;
  widget_class->root = ml_jobs_page_root;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/meterlink/Meterlink/ui/ml-jobs-page.ui");
  gtk_widget_class_bind_template_child (widget_class, MlJobsPage, column_view);
  gtk_widget_class_bind_template_child (widget_class, MlJobsPage, count_label);
  gtk_widget_class_bind_template_child (widget_class, MlJobsPage, empty_page);
  gtk_widget_class_bind_template_child (widget_class, MlJobsPage, list_stack);
  gtk_widget_class_bind_template_child (widget_class, MlJobsPage, newest_first_button);
  gtk_widget_class_bind_template_child (widget_class, MlJobsPage, printer_dropdown);
  gtk_widget_class_bind_template_child (widget_class, MlJobsPage, printer_names);
  gtk_widget_class_bind_template_child (widget_class, MlJobsPage, since_entry);
  gtk_widget_class_bind_template_child (widget_class, MlJobsPage, stack);
  gtk_widget_class_bind_template_child (widget_class, MlJobsPage, status_dropdown);
  gtk_widget_class_bind_template_child (widget_class, MlJobsPage, status_names);
  gtk_widget_class_bind_template_child (widget_class, MlJobsPage, until_entry);
  gtk_widget_class_bind_template_callback (widget_class, bind_area_cb);
  gtk_widget_class_bind_template_callback (widget_class, bind_ink_cb);
  gtk_widget_class_bind_template_callback (widget_class, bind_kind_cb);
  gtk_widget_class_bind_template_callback (widget_class, bind_name_cb);
  gtk_widget_class_bind_template_callback (widget_class, bind_pages_cb);
  gtk_widget_class_bind_template_callback (widget_class, bind_printer_cb);
  gtk_widget_class_bind_template_callback (widget_class, bind_status_cb);
  gtk_widget_class_bind_template_callback (widget_class, bind_time_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_dates_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_order_toggled);
  gtk_widget_class_bind_template_callback (widget_class, on_printer_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_status_selected);
  gtk_widget_class_bind_template_callback (widget_class, setup_number_cb);
  gtk_widget_class_bind_template_callback (widget_class, setup_text_cb);
  gtk_widget_class_bind_template_callback (widget_class, unbind_cb);
}

static void
ml_jobs_page_init (MlJobsPage *self)
{
  self->serials = g_ptr_array_new_with_free_func (g_free);

  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_string_list_append (self->printer_names, _("All Printers"));
  gtk_string_list_append (self->status_names, _("All Statuses"));
  for (guint i = 0; i < G_N_ELEMENTS (status_choices); i++)
    gtk_string_list_append (self->status_names, ml_job_status_to_label (status_choices[i]));
  gtk_drop_down_set_selected (self->printer_dropdown, 0);
  gtk_drop_down_set_selected (self->status_dropdown, 0);

  gtk_stack_set_visible_child_name (self->stack, "empty");
}
