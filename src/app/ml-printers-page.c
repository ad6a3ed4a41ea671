/* ml-printers-page.c: the Printers page: the site’s printers, live
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One MlPrinterRow per serial number for the life of the page, kept in a GListStore
 * that is never rebuilt: every source of news (the store, the collector's
 * printer-read, the live monitor) sets properties on the row it concerns, and the
 * cells, bound to those notifications, follow. Reads of the store run in a worker
 * thread; a live refresh is asynchronous I/O on the main loop, a few printers at a
 * time, and waits while a collection runs (which reads the printers anyway).
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ml-ink-bar.h"
#include "ml-printer-monitor.h"
#include "ml-printer-page.h"
#include "ml-printer-row.h"
#include "ml-printers-page.h"
#include "ml-window.h"

#define NO_VALUE "—"

struct _MlPrintersPage
{
  AdwBin parent_instance;

  /* Template widgets */
  GtkColumnViewColumn *address_column;
  GtkStringFilter *address_filter;
  GtkColumnView *column_view;
  AdwStatusPage *empty_page;
  GtkFilterListModel *filter_model;
  AdwLeaflet *leaflet;
  GtkStack *list_stack;
  GtkStringFilter *model_filter;
  MlPrinterPage *printer_page;
  GtkLabel *printer_title;
  GListStore *printers;
  GtkSearchEntry *search_entry;
  GtkStringFilter *serial_filter;
  GtkSortListModel *sort_model;
  GtkStack *stack;

  MlWindow *window;              /* weak: the page lives inside it */
  GSettings *settings;
  MlPrinterMonitor *monitor;
  GHashTable *rows;              /* serial → MlPrinterRow (the store holds the refs) */
  GHashTable *alert_ids;         /* notification ID → serial */

  GCancellable *load_cancellable;
  GCancellable *refresh_cancellable;
  guint refresh_source;
  gint64 last_refresh;           /* monotonic µs of the last live refresh */
  gboolean loaded;
  gboolean disposed;
};

G_DEFINE_FINAL_TYPE (MlPrintersPage, ml_printers_page, ADW_TYPE_BIN)

static gint64
now_s (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

/* Cells -------------------------------------------------------------------------------- */

typedef void (*CellUpdate) (GtkWidget *cell, MlPrinterRow *row);

static void
on_row_notify (MlPrinterRow *row,
               GParamSpec   *pspec,
               GtkWidget    *cell)
{
  CellUpdate update = g_object_get_data (G_OBJECT (cell), "ml-update");

  update (cell, row);
}

/* Shows the item in the cell and follows its notifications while bound. */
static void
bind_cell (GtkListItem *item,
           CellUpdate   update)
{
  GtkWidget *cell = gtk_list_item_get_child (item);
  MlPrinterRow *row = gtk_list_item_get_item (item);
  gulong handler;

  g_object_set_data (G_OBJECT (cell), "ml-update", update);
  update (cell, row);
  handler = g_signal_connect (row, "notify", G_CALLBACK (on_row_notify), cell);
  g_object_set_data (G_OBJECT (cell), "ml-handler", GSIZE_TO_POINTER (handler));
}

static void
unbind_cb (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           MlPrintersPage           *self)
{
  GtkWidget *cell = gtk_list_item_get_child (item);
  gulong handler = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (cell), "ml-handler"));
  gpointer row = gtk_list_item_get_item (item);

  if (handler != 0 && row != NULL)
    g_signal_handler_disconnect (row, handler);
  g_object_set_data (G_OBJECT (cell), "ml-handler", NULL);
}

static void
setup_text_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               MlPrintersPage           *self)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_single_line_mode (GTK_LABEL (label), TRUE);
  gtk_list_item_set_child (item, label);
}

static void
setup_status_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *item,
                 MlPrintersPage           *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *label = gtk_label_new (NULL);

  gtk_box_append (GTK_BOX (box), gtk_image_new ());
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_box_append (GTK_BOX (box), label);
  gtk_list_item_set_child (item, box);
}

static void
setup_ink_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              MlPrintersPage           *self)
{
  GtkWidget *bar = ml_ink_bar_new ();

  gtk_widget_set_size_request (bar, 120, -1);
  gtk_list_item_set_child (item, bar);
}

static void
set_text (GtkWidget  *cell,
          const char *text)
{
  gtk_label_set_label (GTK_LABEL (cell), text != NULL && *text != '\0' ? text : NO_VALUE);
}

static void
update_model (GtkWidget    *cell,
              MlPrinterRow *row)
{
  set_text (cell, ml_printer_row_get_model (row));
}

static void
update_serial (GtkWidget    *cell,
               MlPrinterRow *row)
{
  set_text (cell, ml_printer_row_get_serial (row));
}

static void
update_address (GtkWidget    *cell,
                MlPrinterRow *row)
{
  set_text (cell, ml_printer_row_get_address (row));
}

static void
update_status (GtkWidget    *cell,
               MlPrinterRow *row)
{
  GtkWidget *icon = gtk_widget_get_first_child (cell);
  GtkWidget *label = gtk_widget_get_next_sibling (icon);
  const char *icon_name = ml_printer_row_get_status_icon_name (row);

  gtk_image_set_from_icon_name (GTK_IMAGE (icon), icon_name);
  gtk_label_set_label (GTK_LABEL (label), ml_printer_row_get_status_label (row));
  if (g_strcmp0 (icon_name, "printer-error-symbolic") == 0 ||
      g_strcmp0 (icon_name, "network-offline-symbolic") == 0)
    gtk_widget_add_css_class (icon, "status-error");
  else
    gtk_widget_remove_css_class (icon, "status-error");
  if (g_strcmp0 (icon_name, "printer-warning-symbolic") == 0)
    gtk_widget_add_css_class (icon, "status-warning");
  else
    gtk_widget_remove_css_class (icon, "status-warning");
}

static void
update_ink (GtkWidget    *cell,
            MlPrinterRow *row)
{
  ml_ink_bar_set_color (ML_INK_BAR (cell), ml_printer_row_get_lowest_ink_color (row));
  ml_ink_bar_set_level (ML_INK_BAR (cell), ml_printer_row_get_lowest_ink (row));
}

static char *
format_time (gint64 unix_seconds)
{
  g_autoptr(GDateTime) time = NULL;

  if (unix_seconds <= 0 || !(time = g_date_time_new_from_unix_local (unix_seconds)))
    return NULL;
  return g_date_time_format (time, "%Y-%m-%d %H:%M");
}

static void
update_last_seen (GtkWidget    *cell,
                  MlPrinterRow *row)
{
  g_autofree char *text = format_time (ml_printer_row_get_last_seen (row));

  set_text (cell, text);
}

static void
update_last_error (GtkWidget    *cell,
                   MlPrinterRow *row)
{
  const char *error = ml_printer_row_get_last_error (row);

  gtk_label_set_label (GTK_LABEL (cell), error != NULL ? error : "");
  gtk_widget_set_tooltip_text (cell, error);
}

#define DEFINE_BIND(what)                                                \
  static void                                                           \
  bind_##what##_cb (GtkSignalListItemFactory *factory,                  \
                    GtkListItem              *item,                     \
                    MlPrintersPage           *self)                     \
  {                                                                     \
    bind_cell (item, update_##what);                                    \
  }

DEFINE_BIND (model)
DEFINE_BIND (serial)
DEFINE_BIND (address)
DEFINE_BIND (status)
DEFINE_BIND (ink)
DEFINE_BIND (last_seen)
DEFINE_BIND (last_error)

/* Addresses in numeric order: 127.0.2.9 before 127.0.2.10. */
static int
compare_addresses (gconstpointer a,
                   gconstpointer b,
                   gpointer      user_data)
{
  const char *text_a = ml_printer_row_get_address ((MlPrinterRow *) a);
  const char *text_b = ml_printer_row_get_address ((MlPrinterRow *) b);
  g_autoptr(GInetAddress) address_a = text_a ? g_inet_address_new_from_string (text_a) : NULL;
  g_autoptr(GInetAddress) address_b = text_b ? g_inet_address_new_from_string (text_b) : NULL;
  gsize size_a, size_b;
  int order;

  if (address_a == NULL || address_b == NULL)
    return (address_a != NULL) - (address_b != NULL);

  size_a = g_inet_address_get_native_size (address_a);
  size_b = g_inet_address_get_native_size (address_b);
  if (size_a != size_b)
    return size_a < size_b ? GTK_ORDERING_SMALLER : GTK_ORDERING_LARGER;

  order = memcmp (g_inet_address_to_bytes (address_a), g_inet_address_to_bytes (address_b),
                  size_a);
  return order < 0 ? GTK_ORDERING_SMALLER : order > 0 ? GTK_ORDERING_LARGER : GTK_ORDERING_EQUAL;
}

/* State -------------------------------------------------------------------------------- */

static void
update_state (MlPrintersPage *self)
{
  guint n_all = g_list_model_get_n_items (G_LIST_MODEL (self->printers));
  guint n_shown = g_list_model_get_n_items (G_LIST_MODEL (self->filter_model));

  gtk_stack_set_visible_child_name (self->stack, n_all > 0 ? "printers" : "empty");
  gtk_stack_set_visible_child_name (self->list_stack, n_shown > 0 || n_all == 0 ? "list"
                                                                                : "no-match");
}

static void
on_search_changed (MlPrintersPage *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));

  gtk_string_filter_set_search (self->model_filter, text);
  gtk_string_filter_set_search (self->serial_filter, text);
  gtk_string_filter_set_search (self->address_filter, text);
}

static void
on_stop_search (MlPrintersPage *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
}

/* Alerts ------------------------------------------------------------------------------- */

static GApplication *
application (MlPrintersPage *self)
{
  GtkApplication *app = self->window != NULL ? gtk_window_get_application (GTK_WINDOW (self->window))
                                             : NULL;

  return G_APPLICATION (app);
}

static void
send_notification (MlPrintersPage *self,
                   const char     *id,
                   const char     *serial,
                   const char     *model,
                   MlAlert        *alert)
{
  GApplication *app = application (self);
  g_autoptr(GNotification) notification = NULL;
  g_autofree char *title = NULL;
  g_autofree char *body = NULL;
  const char *what = ml_alert_get_description (alert);

  /* Without a session bus there is no one to tell (tests, a bare X server); the
   * alert counts as raised all the same, so it is not raised again. */
  if (app == NULL || !g_application_get_is_registered (app) ||
      g_application_get_dbus_connection (app) == NULL)
    return;

  if (what == NULL)
    what = ml_alert_get_code (alert);
  /* Translators: %s is a printer's model or serial number */
  title = g_strdup_printf (_("%s needs attention"), model != NULL ? model : serial);
  /* Translators: an alert of a printer, and the printer's serial number */
  body = g_strdup_printf (_("%s (serial number %s)"), what, serial);

  notification = g_notification_new (title);
  g_notification_set_body (notification, body);
  g_notification_set_priority (notification, G_NOTIFICATION_PRIORITY_HIGH);
  g_application_send_notification (app, id, notification);
}

static void
withdraw_notification (MlPrintersPage *self,
                       const char     *id)
{
  GApplication *app = application (self);

  if (app != NULL && g_application_get_is_registered (app) &&
      g_application_get_dbus_connection (app) != NULL)
    g_application_withdraw_notification (app, id);
}

/* Raises a notification for each error alert of @reading not raised yet, and
 * withdraws those of the printer that it no longer reports. */
static void
check_alerts (MlPrintersPage   *self,
              const char       *serial,
              MlPrinterReading *reading)
{
  GListModel *alerts = ml_printer_reading_get_alerts (reading);
  const char *model = ml_identity_get_model_name (ml_printer_reading_get_identity (reading));
  g_autoptr(GHashTable) current = NULL;
  GHashTableIter iter;
  gpointer key, value;

  current = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  for (guint i = 0; i < g_list_model_get_n_items (alerts); i++)
    {
      g_autoptr(MlAlert) alert = g_list_model_get_item (alerts, i);
      const char *code = ml_alert_get_code (alert);

      if (ml_alert_get_severity (alert) != ML_SEVERITY_ERROR)
        continue;
      if (code == NULL)
        code = ml_alert_get_description (alert);
      g_hash_table_replace (current, g_strdup_printf ("printer-alert-%s-%s", serial,
                                                      code != NULL ? code : "error"),
                            g_object_ref (alert));
    }

  g_hash_table_iter_init (&iter, current);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      if (g_hash_table_contains (self->alert_ids, key))
        continue;
      send_notification (self, key, serial, model, value);
      g_hash_table_insert (self->alert_ids, g_strdup (key), g_strdup (serial));
    }

  g_hash_table_iter_init (&iter, self->alert_ids);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      if (!g_str_equal (value, serial) || g_hash_table_contains (current, key))
        continue;
      withdraw_notification (self, key);
      g_hash_table_iter_remove (&iter);
    }
}

/* Rows --------------------------------------------------------------------------------- */

static MlPrinterRow *
lookup_row (MlPrintersPage *self,
            const char     *serial)
{
  return serial != NULL ? g_hash_table_lookup (self->rows, serial) : NULL;
}

/* A reading that is news: a collection read the printer, or a live read did. */
static void
take_reading (MlPrintersPage   *self,
              const char       *serial,
              MlPrinterReading *reading)
{
  MlPrinterRow *row = lookup_row (self, serial);

  if (row != NULL)
    {
      g_object_freeze_notify (G_OBJECT (row));
      ml_printer_row_update_reading (row, reading);
      ml_printer_row_set_last_error (row, NULL);
      ml_printer_row_set_last_seen (row, now_s ());
      g_object_thaw_notify (G_OBJECT (row));
    }

  check_alerts (self, serial, reading);
}

static void
on_collector_read (MlPrintersPage   *self,
                   const char       *serial,
                   MlPrinterReading *reading)
{
  take_reading (self, serial, reading);
}

static void
on_collector_failed (MlPrintersPage *self,
                     const char     *serial,
                     const GError   *error)
{
  MlPrinterRow *row = lookup_row (self, serial);

  if (row != NULL)
    ml_printer_row_set_last_error (row, error->message);
}

static void
on_monitor_read (MlPrintersPage   *self,
                 MlPrinterRow     *row,
                 MlPrinterReading *reading)
{
  take_reading (self, ml_printer_row_get_serial (row), reading);
}

static void
on_monitor_failed (MlPrintersPage *self,
                   MlPrinterRow   *row,
                   const GError   *error)
{
  ml_printer_row_set_last_error (row, error->message);
}

/* Loading from the store --------------------------------------------------------------- */

typedef struct
{
  MlStoredPrinter *stored;
  MlPrinterReading *reading;     /* NULL for a printer never read */
} Loaded;

static void
loaded_free (Loaded *loaded)
{
  g_clear_object (&loaded->stored);
  g_clear_object (&loaded->reading);
  g_free (loaded);
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  MlCollectorStore *store = task_data;
  g_autoptr(GPtrArray) printers = NULL;
  g_autoptr(GPtrArray) result = NULL;
  GError *error = NULL;

  if (!(printers = ml_collector_store_list_printers (store, &error)))
    {
      g_task_return_error (task, error);
      return;
    }

  result = g_ptr_array_new_with_free_func ((GDestroyNotify) loaded_free);
  for (guint i = 0; i < printers->len; i++)
    {
      MlStoredPrinter *stored = g_ptr_array_index (printers, i);
      g_autoptr(GError) local_error = NULL;
      Loaded *loaded = g_new0 (Loaded, 1);

      if (g_task_return_error_if_cancelled (task))
        {
          loaded_free (loaded);
          return;
        }

      loaded->stored = g_object_ref (stored);
      loaded->reading = ml_collector_store_load_status (store, ml_stored_printer_get_serial (stored),
                                                        &local_error);
      if (loaded->reading == NULL && !g_error_matches (local_error, ML_ERROR, ML_ERROR_NOT_FOUND))
        g_debug ("Status of %s not loaded: %s", ml_stored_printer_get_serial (stored),
                 local_error->message);
      g_ptr_array_add (result, loaded);
    }

  g_task_return_pointer (task, g_steal_pointer (&result), (GDestroyNotify) g_ptr_array_unref);
}

static void
on_loaded (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  MlPrintersPage *self = ML_PRINTERS_PAGE (source);
  g_autoptr(GPtrArray) loaded = NULL;
  g_autoptr(GPtrArray) new_rows = NULL;
  g_autoptr(GHashTable) seen = NULL;
  g_autoptr(GError) error = NULL;
  guint n;

  loaded = g_task_propagate_pointer (G_TASK (result), &error);
  if (loaded == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_clear_object (&self->load_cancellable);
          if (self->window != NULL)
            {
              g_autofree char *markup = g_markup_escape_text (error->message, -1);

              ml_window_add_toast (self->window, adw_toast_new (markup));
            }
        }
      return;
    }
  g_clear_object (&self->load_cancellable);

  seen = g_hash_table_new (g_str_hash, g_str_equal);
  new_rows = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < loaded->len; i++)
    {
      Loaded *item = g_ptr_array_index (loaded, i);
      const char *serial = ml_stored_printer_get_serial (item->stored);
      MlPrinterRow *row = lookup_row (self, serial);
      MlPrinterReading *current;

      if (row == NULL)
        {
          row = ml_printer_row_new (serial);
          g_hash_table_insert (self->rows, g_strdup (serial), row);
          g_ptr_array_add (new_rows, row);
        }
      g_hash_table_add (seen, (gpointer) ml_printer_row_get_serial (row));

      g_object_freeze_notify (G_OBJECT (row));
      ml_printer_row_update_stored (row, item->stored);
      /* A live reading newer than the store's snapshot stays. */
      current = ml_printer_row_get_reading (row);
      if (item->reading != NULL &&
          (current == NULL ||
           ml_printer_reading_get_read_at (item->reading) >= ml_printer_reading_get_read_at (current)))
        ml_printer_row_update_reading (row, item->reading);
      g_object_thaw_notify (G_OBJECT (row));
    }

  if (new_rows->len > 0)
    {
      n = g_list_model_get_n_items (G_LIST_MODEL (self->printers));
      g_list_store_splice (self->printers, n, 0, new_rows->pdata, new_rows->len);
    }

  /* Printers the store forgot: rare, and the only rows ever removed. */
  n = g_list_model_get_n_items (G_LIST_MODEL (self->printers));
  for (guint i = n; i > 0; i--)
    {
      g_autoptr(MlPrinterRow) row = g_list_model_get_item (G_LIST_MODEL (self->printers), i - 1);

      if (g_hash_table_contains (seen, ml_printer_row_get_serial (row)))
        continue;
      g_hash_table_remove (self->rows, ml_printer_row_get_serial (row));
      g_list_store_remove (self->printers, i - 1);
    }

  self->loaded = TRUE;
  update_state (self);
}

static void
load (MlPrintersPage *self)
{
  g_autoptr(GTask) task = NULL;
  MlCollectorStore *store = self->window != NULL ? ml_window_get_store (self->window) : NULL;

  if (store == NULL)
    return;

  if (self->load_cancellable != NULL)
    g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  self->load_cancellable = g_cancellable_new ();

  task = g_task_new (self, self->load_cancellable, on_loaded, NULL);
  g_task_set_source_tag (task, load);
  g_task_set_task_data (task, g_object_ref (store), g_object_unref);
  g_task_run_in_thread (task, load_thread);
}

/* Live refresh ------------------------------------------------------------------------- */

static void
on_refreshed (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(MlPrintersPage) self = user_data;
  g_autoptr(GError) error = NULL;

  ml_printer_monitor_refresh_finish (ML_PRINTER_MONITOR (source), result, &error);
  /* A refresh stopped when the page was hidden may end after the next one began. */
  if (self->disposed || g_task_get_cancellable (G_TASK (result)) != self->refresh_cancellable)
    return;

  g_clear_object (&self->refresh_cancellable);
  self->last_refresh = g_get_monotonic_time ();
}

static void
refresh (MlPrintersPage *self)
{
  g_autoptr(GPtrArray) rows = NULL;
  MlCollectorConfig *config;
  guint n;

  /* One read at a time; a collection reads the printers anyway. */
  if (self->refresh_cancellable != NULL || self->window == NULL ||
      ml_window_get_busy (self->window))
    return;

  n = g_list_model_get_n_items (G_LIST_MODEL (self->printers));
  if (n == 0)
    return;

  rows = g_ptr_array_new_full (n, g_object_unref);
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (rows, g_list_model_get_item (G_LIST_MODEL (self->printers), i));

  if ((config = ml_window_get_config (self->window)) != NULL)
    {
      ml_printer_monitor_set_timeout (self->monitor, ml_collector_config_get_timeout (config));
      ml_printer_monitor_set_concurrency (self->monitor,
                                          MIN (ml_collector_config_get_concurrency (config), 8));
    }

  self->refresh_cancellable = g_cancellable_new ();
  ml_printer_monitor_refresh_async (self->monitor, rows, self->refresh_cancellable, on_refreshed,
                                    g_object_ref (self));
}

static gboolean
refresh_cb (gpointer user_data)
{
  refresh (user_data);
  return G_SOURCE_CONTINUE;
}

static void
stop_refreshing (MlPrintersPage *self)
{
  g_clear_handle_id (&self->refresh_source, g_source_remove);
  if (self->refresh_cancellable != NULL)
    g_cancellable_cancel (self->refresh_cancellable);
  g_clear_object (&self->refresh_cancellable);
}

static void
start_refreshing (MlPrintersPage *self)
{
  guint interval = g_settings_get_uint (self->settings, "live-refresh-interval");

  g_clear_handle_id (&self->refresh_source, g_source_remove);
  self->refresh_source = g_timeout_add_seconds (interval, refresh_cb, self);

  /* Shown again after a while: what it shows may be old. */
  if (self->loaded &&
      (self->last_refresh == 0 ||
       g_get_monotonic_time () - self->last_refresh >= (gint64) interval * G_USEC_PER_SEC))
    refresh (self);
}

static void
on_interval_changed (MlPrintersPage *self)
{
  if (self->refresh_source != 0)
    start_refreshing (self);
}

/* Actions ------------------------------------------------------------------------------ */

static void
show_row (MlPrintersPage *self,
          MlPrinterRow   *row)
{
  g_autofree char *title = NULL;

  ml_printer_page_set_printer (self->printer_page, row);
  /* Translators: a printer's model and serial number, as a title */
  title = g_strdup_printf (_("%s — %s"),
                           ml_printer_row_get_model (row) != NULL ? ml_printer_row_get_model (row)
                                                                  : NO_VALUE,
                           ml_printer_row_get_serial (row));
  gtk_label_set_label (self->printer_title, title);
  adw_leaflet_set_visible_child_name (self->leaflet, "printer");
}

static void
on_activate (MlPrintersPage *self,
             guint           position)
{
  g_autoptr(MlPrinterRow) row = NULL;

  row = g_list_model_get_item (G_LIST_MODEL (gtk_column_view_get_model (self->column_view)),
                               position);
  if (row != NULL)
    show_row (self, row);
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  MlPrintersPage *self = ML_PRINTERS_PAGE (widget);

  adw_leaflet_set_visible_child_name (self->leaflet, "list");
  if (g_list_model_get_n_items (G_LIST_MODEL (self->printers)) > 0)
    gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  MlPrintersPage *self = ML_PRINTERS_PAGE (widget);

  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

static void
refresh_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  refresh (ML_PRINTERS_PAGE (widget));
}

/* Window ------------------------------------------------------------------------------- */

static void
on_collected (MlPrintersPage *self)
{
  load (self);
}

static void
ml_printers_page_root (GtkWidget *widget)
{
  MlPrintersPage *self = ML_PRINTERS_PAGE (widget);
  GtkWidget *window;
  MlCollector *collector;

  GTK_WIDGET_CLASS (ml_printers_page_parent_class)->root (widget);

  window = gtk_widget_get_ancestor (widget, ML_TYPE_WINDOW);
  if (window == NULL || ML_WINDOW (window) == self->window)
    return;

  self->window = ML_WINDOW (window);
  g_signal_connect_object (window, "collected", G_CALLBACK (on_collected), self,
                           G_CONNECT_SWAPPED);
  /* Readings are news while a collection runs, whether the page is shown or not:
   * alerts are raised from them. */
  if ((collector = ml_window_get_collector (self->window)) != NULL)
    {
      g_signal_connect_object (collector, "printer-read", G_CALLBACK (on_collector_read), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (collector, "printer-failed", G_CALLBACK (on_collector_failed), self,
                               G_CONNECT_SWAPPED);
    }
  ml_printer_page_set_store (self->printer_page, ml_window_get_store (self->window));
}

static void
ml_printers_page_map (GtkWidget *widget)
{
  MlPrintersPage *self = ML_PRINTERS_PAGE (widget);

  GTK_WIDGET_CLASS (ml_printers_page_parent_class)->map (widget);

  if (!self->loaded && self->load_cancellable == NULL)
    load (self);
  start_refreshing (self);
}

static void
ml_printers_page_unmap (GtkWidget *widget)
{
  stop_refreshing (ML_PRINTERS_PAGE (widget));

  GTK_WIDGET_CLASS (ml_printers_page_parent_class)->unmap (widget);
}

static void
ml_printers_page_dispose (GObject *object)
{
  MlPrintersPage *self = ML_PRINTERS_PAGE (object);

  self->disposed = TRUE;
  stop_refreshing (self);
  if (self->load_cancellable != NULL)
    g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  if (self->monitor != NULL)
    g_signal_handlers_disconnect_by_data (self->monitor, self);
  g_clear_object (&self->monitor);

  /* The bin lets go of its child first: the template would unparent it behind the
   * bin's back, which would then unparent it again. */
  adw_bin_set_child (ADW_BIN (object), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (object), ML_TYPE_PRINTERS_PAGE);

  g_clear_object (&self->settings);
  g_clear_pointer (&self->rows, g_hash_table_unref);
  g_clear_pointer (&self->alert_ids, g_hash_table_unref);
  self->window = NULL;

  G_OBJECT_CLASS (ml_printers_page_parent_class)->dispose (object);
}

static void
ml_printers_page_class_init (MlPrintersPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ml_printers_page_dispose;

  widget_class->map = ml_printers_page_map;
  widget_class->root = ml_printers_page_root;
  widget_class->unmap = ml_printers_page_unmap;

  gtk_widget_class_install_action (widget_class, "page.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "page.refresh", NULL, refresh_action);
  gtk_widget_class_install_action (widget_class, "page.search", NULL, search_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "page.back",
                                       NULL);

  /* The template names these types. */
  g_type_ensure (ML_TYPE_PRINTER_PAGE);
  g_type_ensure (ML_TYPE_PRINTER_ROW);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/meterlink/Meterlink/ui/ml-printers-page.ui");
  gtk_widget_class_bind_template_child (widget_class, MlPrintersPage, address_column);
  gtk_widget_class_bind_template_child (widget_class, MlPrintersPage, address_filter);
  gtk_widget_class_bind_template_child (widget_class, MlPrintersPage, column_view);
  gtk_widget_class_bind_template_child (widget_class, MlPrintersPage, empty_page);
  gtk_widget_class_bind_template_child (widget_class, MlPrintersPage, filter_model);
  gtk_widget_class_bind_template_child (widget_class, MlPrintersPage, leaflet);
  gtk_widget_class_bind_template_child (widget_class, MlPrintersPage, list_stack);
  gtk_widget_class_bind_template_child (widget_class, MlPrintersPage, model_filter);
  gtk_widget_class_bind_template_child (widget_class, MlPrintersPage, printer_page);
  gtk_widget_class_bind_template_child (widget_class, MlPrintersPage, printer_title);
  gtk_widget_class_bind_template_child (widget_class, MlPrintersPage, printers);
  gtk_widget_class_bind_template_child (widget_class, MlPrintersPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, MlPrintersPage, serial_filter);
  gtk_widget_class_bind_template_child (widget_class, MlPrintersPage, sort_model);
  gtk_widget_class_bind_template_child (widget_class, MlPrintersPage, stack);
  gtk_widget_class_bind_template_callback (widget_class, bind_address_cb);
  gtk_widget_class_bind_template_callback (widget_class, bind_ink_cb);
  gtk_widget_class_bind_template_callback (widget_class, bind_last_error_cb);
  gtk_widget_class_bind_template_callback (widget_class, bind_last_seen_cb);
  gtk_widget_class_bind_template_callback (widget_class, bind_model_cb);
  gtk_widget_class_bind_template_callback (widget_class, bind_serial_cb);
  gtk_widget_class_bind_template_callback (widget_class, bind_status_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_activate);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_stop_search);
  gtk_widget_class_bind_template_callback (widget_class, setup_ink_cb);
  gtk_widget_class_bind_template_callback (widget_class, setup_status_cb);
  gtk_widget_class_bind_template_callback (widget_class, setup_text_cb);
  gtk_widget_class_bind_template_callback (widget_class, unbind_cb);
}

static void
ml_printers_page_init (MlPrintersPage *self)
{
  g_autoptr(GtkSorter) address_sorter = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->rows = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->alert_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->settings = g_settings_new (SETTINGS_SCHEMA_ID);
  g_signal_connect_object (self->settings, "changed::live-refresh-interval",
                           G_CALLBACK (on_interval_changed), self, G_CONNECT_SWAPPED);

  self->monitor = ml_printer_monitor_new ();
  g_signal_connect_swapped (self->monitor, "printer-read", G_CALLBACK (on_monitor_read), self);
  g_signal_connect_swapped (self->monitor, "printer-failed", G_CALLBACK (on_monitor_failed),
                            self);

  address_sorter = GTK_SORTER (gtk_custom_sorter_new (compare_addresses, NULL, NULL));
  gtk_column_view_column_set_sorter (self->address_column, address_sorter);
  gtk_sort_list_model_set_sorter (self->sort_model, gtk_column_view_get_sorter (self->column_view));

  g_signal_connect_object (self->printers, "items-changed", G_CALLBACK (update_state), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->filter_model, "items-changed", G_CALLBACK (update_state), self,
                           G_CONNECT_SWAPPED);
  update_state (self);
}

GListModel *
ml_printers_page_get_printers (MlPrintersPage *self)
{
  g_return_val_if_fail (ML_IS_PRINTERS_PAGE (self), NULL);

  return G_LIST_MODEL (self->printers);
}

gboolean
ml_printers_page_show_printer (MlPrintersPage *self,
                               const char     *serial)
{
  MlPrinterRow *row;

  g_return_val_if_fail (ML_IS_PRINTERS_PAGE (self), FALSE);
  g_return_val_if_fail (serial != NULL, FALSE);

  if (!(row = lookup_row (self, serial)))
    return FALSE;

  show_row (self, row);
  return TRUE;
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

GStrv
ml_printers_page_dup_alert_ids (MlPrintersPage *self)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer key;

  g_return_val_if_fail (ML_IS_PRINTERS_PAGE (self), NULL);

  g_hash_table_iter_init (&iter, self->alert_ids);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_ptr_array_add (ids, g_strdup (key));
  g_ptr_array_sort (ids, compare_strings);
  g_ptr_array_add (ids, NULL);
  return (GStrv) g_ptr_array_free (g_steal_pointer (&ids), FALSE);
}
