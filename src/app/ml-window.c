/* ml-window.c: the main window: its pages, the collection engine they share, its actions
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Collections and scans run asynchronously on the engine; the window only starts
 * them, forwards their progress to the pages, and says in a toast how they ended.
 * A closing window cancels what runs: the engine finishes a cancelled cycle only
 * once nothing it started is still running, so the store it holds stays whole.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "ml-jobs-page.h"
#include "ml-printers-page.h"
#include "ml-scanner.h"
#include "ml-settings-page.h"
#include "ml-site-page.h"
#include "ml-window.h"

/* Seconds an error stays on screen: longer than a result, it may need reading twice. */
#define ERROR_TOAST_TIMEOUT 10

struct _MlWindow
{
  AdwApplicationWindow parent_instance;

  /* Template widgets */
  GtkProgressBar *progress_bar;
  AdwViewStack *stack;
  AdwToastOverlay *toast_overlay;

  GSettings *settings;

  MlCollectorConfig *config;
  MlCollectorStore *store;
  MlCollector *collector;
  GError *engine_error;          /* why config or store could not be opened */

  GCancellable *cancellable;     /* the running collection or scan */
  gboolean disposed;
};

G_DEFINE_FINAL_TYPE (MlWindow, ml_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_BUSY,
  PROP_COLLECTOR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  COLLECTED,
  PROGRESS,
  SCANNED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static GAction *
lookup_action (MlWindow   *self,
               const char *name)
{
  return g_action_map_lookup_action (G_ACTION_MAP (self), name);
}

static void
set_action_enabled (MlWindow   *self,
                    const char *name,
                    gboolean    enabled)
{
  g_simple_action_set_enabled (G_SIMPLE_ACTION (lookup_action (self, name)), enabled);
}

static void
add_toast_text (MlWindow   *self,
                const char *text,
                guint       timeout)
{
  g_autofree char *markup = g_markup_escape_text (text, -1);
  AdwToast *toast = adw_toast_new (markup);

  adw_toast_set_timeout (toast, timeout);
  ml_window_add_toast (self, toast);
}

static void
update_actions (MlWindow *self)
{
  gboolean busy = self->cancellable != NULL;

  set_action_enabled (self, "cancel", busy);
  set_action_enabled (self, "collect-now", self->collector != NULL && !busy);
  set_action_enabled (self, "scan", self->collector != NULL && !busy);
}

static void
set_cancellable (MlWindow     *self,
                 GCancellable *cancellable)
{
  gboolean was_busy = self->cancellable != NULL;

  g_set_object (&self->cancellable, cancellable);
  if (self->disposed)
    return;

  if (cancellable != NULL)
    {
      gtk_progress_bar_set_fraction (self->progress_bar, 0.0);
      gtk_progress_bar_set_text (self->progress_bar, _("Starting…"));
    }

  update_actions (self);
  if (was_busy != (cancellable != NULL))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

/* Collection and scan need address ranges; without them, say where they go. */
static gboolean
check_ranges (MlWindow *self)
{
  g_autoptr(MlIpRange) ranges = ml_collector_config_dup_ranges (self->config);
  AdwToast *toast;

  if (ranges != NULL && ml_ip_range_get_count (ranges) > 0)
    return TRUE;

  toast = adw_toast_new (_("No address ranges are configured yet"));
  adw_toast_set_button_label (toast, _("_Enter Ranges"));
  adw_toast_set_action_name (toast, "win.show-page");
  adw_toast_set_action_target_value (toast, g_variant_new_string ("settings"));
  ml_window_add_toast (self, toast);
  return FALSE;
}

static void
on_progress (MlWindow   *self,
             const char *phase,
             guint       done,
             guint       total,
             guint       found,
             gint64      eta_ms)
{
  g_autofree char *text = NULL;
  g_autofree char *left = NULL;

  /* Printers done of total, found, time left: what a technician waits on. */
  if (eta_ms > 0)
    left = g_strdup_printf (_("about %u s left"), (guint)((eta_ms + 999) / 1000));
  else
    left = g_strdup (_("finishing"));
  if (g_strcmp0 (phase, "scan") == 0)
    text = g_strdup_printf (_("Scanning: %u of %u addresses · %u printers found · %s"),
                            done, total, found, left);
  else
    text = g_strdup_printf (_("Reading printers: %u of %u · %s"), done, total, left);
  gtk_progress_bar_set_fraction (self->progress_bar, total > 0 ? (double)done / total : 0.0);
  gtk_progress_bar_set_text (self->progress_bar, text);

  g_signal_emit (self, signals[PROGRESS], 0, phase, done, total, found, eta_ms);
}

static void
on_scan_progress (MlWindow  *self,
                  guint      done,
                  guint      total,
                  guint      found,
                  gint64     eta_ms,
                  MlScanner *scanner)
{
  on_progress (self, "scan", done, total, found, eta_ms);
}

static void
on_collected (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(MlWindow) self = user_data;
  g_autoptr(MlCycleSummary) summary = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *printers = NULL;
  g_autofree char *jobs = NULL;
  g_autofree char *text = NULL;
  guint read, new_jobs, failed;

  summary = ml_collector_collect_finish (ML_COLLECTOR (source), result, &error);
  set_cancellable (self, NULL);
  if (self->disposed)
    return;

  if (summary == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        add_toast_text (self, _("Collection stopped"), 5);
      else
        add_toast_text (self, error->message, ERROR_TOAST_TIMEOUT);
      return;
    }

  read = ml_cycle_summary_get_read (summary);
  new_jobs = ml_cycle_summary_get_new_jobs (summary);
  failed = ml_cycle_summary_get_failed (summary);
  printers = g_strdup_printf (ngettext ("%u printer read", "%u printers read", read), read);
  jobs = g_strdup_printf (ngettext ("%u new job", "%u new jobs", new_jobs), new_jobs);
  if (failed > 0)
    {
      g_autofree char *failures = g_strdup_printf (ngettext ("%u printer failed",
                                                             "%u printers failed", failed),
                                                   failed);

      /* Translators: the parts are "12 printers read", "340 new jobs", "1 printer failed" */
      text = g_strdup_printf (_("Collection done: %s, %s, %s"), printers, jobs, failures);
    }
  else
    {
      /* Translators: the parts are "12 printers read" and "340 new jobs" */
      text = g_strdup_printf (_("Collection done: %s, %s"), printers, jobs);
    }
  add_toast_text (self, text, 5);

  g_signal_emit (self, signals[COLLECTED], 0, summary);
}

static void
collect_now_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  MlWindow *self = user_data;
  g_autoptr(GCancellable) cancellable = NULL;

  g_return_if_fail (self->collector != NULL);
  g_return_if_fail (self->cancellable == NULL);

  if (!check_ranges (self))
    return;

  cancellable = g_cancellable_new ();
  set_cancellable (self, cancellable);
  ml_collector_collect_async (self->collector, cancellable, on_collected, g_object_ref (self));
}

static void
on_scanned (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(MlWindow) self = user_data;
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  guint supported = 0;

  results = ml_scanner_scan_finish (ML_SCANNER (source), result, &error);
  set_cancellable (self, NULL);
  if (self->disposed)
    return;

  if (results == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        add_toast_text (self, _("Scan stopped"), 5);
      else
        add_toast_text (self, error->message, ERROR_TOAST_TIMEOUT);
      return;
    }

  for (guint i = 0; i < results->len; i++)
    if (ml_scan_result_get_supported (g_ptr_array_index (results, i)))
      supported++;

  text = g_strdup_printf (ngettext ("%u printer found, %u supported",
                                    "%u printers found, %u supported", results->len),
                          results->len, supported);
  add_toast_text (self, text, 5);

  g_signal_emit (self, signals[SCANNED], 0, results);
}

static void
scan_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  MlWindow *self = user_data;
  g_autoptr(GCancellable) cancellable = NULL;
  g_autoptr(MlScanner) scanner = NULL;
  g_autoptr(MlIpRange) ranges = NULL;

  g_return_if_fail (self->collector != NULL);
  g_return_if_fail (self->cancellable == NULL);

  if (!check_ranges (self))
    return;

  ranges = ml_collector_config_dup_ranges (self->config);
  scanner = ml_scanner_new ();
  ml_scanner_set_port (scanner, ml_collector_config_get_port (self->config));
  ml_scanner_set_concurrency (scanner, ml_collector_config_get_scan_concurrency (self->config));
  ml_scanner_set_timeout (scanner, ml_collector_config_get_probe_timeout (self->config));
  g_signal_connect_object (scanner, "progress", G_CALLBACK (on_scan_progress), self,
                           G_CONNECT_SWAPPED);

  cancellable = g_cancellable_new ();
  set_cancellable (self, cancellable);
  ml_scanner_scan_async (scanner, ranges, cancellable, on_scanned, g_object_ref (self));
}

static void
cancel_action (GSimpleAction *action,
               GVariant      *parameter,
               gpointer       user_data)
{
  MlWindow *self = user_data;

  /* The action stays enabled until the operation has really ended. */
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
}

static gboolean
page_has_action (GtkWidget  *page,
                 const char *name)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_GET_CLASS (page);
  const GVariantType *parameter_type;
  const char *action_name;
  const char *property_name;
  GType owner;

  /* GTK 4.8 wants every out argument. */
  for (guint i = 0;
       gtk_widget_class_query_action (widget_class, i, &owner, &action_name, &parameter_type,
                                      &property_name);
       i++)
    {
      if (g_str_equal (action_name, name))
        return TRUE;
    }
  return FALSE;
}

static void
search_action (GSimpleAction *action,
               GVariant      *parameter,
               gpointer       user_data)
{
  MlWindow *self = user_data;
  GtkWidget *page = adw_view_stack_get_visible_child (self->stack);

  if (page != NULL && page_has_action (page, "page.search"))
    gtk_widget_activate_action (page, "page.search", NULL);
}

static void
show_page_change_state (GSimpleAction *action,
                        GVariant      *value,
                        gpointer       user_data)
{
  MlWindow *self = user_data;
  const char *name = g_variant_get_string (value, NULL);

  /* The state follows the stack (on_visible_page_changed), not the request. */
  if (adw_view_stack_get_child_by_name (self->stack, name) != NULL)
    adw_view_stack_set_visible_child_name (self->stack, name);
}

static const GActionEntry win_actions[] = {
  { "cancel", cancel_action },
  { "collect-now", collect_now_action },
  { "scan", scan_action },
  { "search", search_action },
  { "show-page", NULL, "s", "'site'", show_page_change_state },
};

static void
on_visible_page_changed (MlWindow *self)
{
  GtkWidget *page;
  const char *name;

  /* The stack also notifies while the template is still being built. */
  if (self->disposed || self->stack == NULL)
    return;

  page = adw_view_stack_get_visible_child (self->stack);
  name = adw_view_stack_get_visible_child_name (self->stack);
  if (page == NULL || name == NULL)
    return;

  g_simple_action_set_state (G_SIMPLE_ACTION (lookup_action (self, "show-page")),
                             g_variant_new_string (name));
  set_action_enabled (self, "search", page_has_action (page, "page.search"));
}

static void
open_engine (MlWindow *self)
{
  g_autoptr(MlCollectorConfig) config = NULL;
  g_autoptr(MlCollectorStore) store = NULL;
  g_autofree char *store_path = NULL;
  g_autoptr(GError) error = NULL;

  /* The same files as meterlink-collector's defaults, so the app and the daemon
   * share settings and data. */
  config = ml_collector_config_load (NULL, &error);
  if (config != NULL)
    {
      store_path = g_build_filename (g_get_user_data_dir (), "meterlink", "collector.db", NULL);
      store = ml_collector_store_open (store_path, &error);
    }
  if (store == NULL)
    {
      self->engine_error = g_steal_pointer (&error);
      return;
    }

  self->collector = ml_collector_new (config, store);
  self->config = g_steal_pointer (&config);
  self->store = g_steal_pointer (&store);
  g_signal_connect_object (self->collector, "progress", G_CALLBACK (on_progress), self,
                           G_CONNECT_SWAPPED);
}

static void
restore_state (MlWindow *self)
{
  int width = g_settings_get_int (self->settings, "window-width");
  int height = g_settings_get_int (self->settings, "window-height");
  g_autofree char *page = g_settings_get_string (self->settings, "last-page");

  if (width > 0 && height > 0)
    gtk_window_set_default_size (GTK_WINDOW (self), width, height);
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  adw_view_stack_set_visible_child_name (self->stack, page);
}

static void
save_state (MlWindow *self)
{
  gboolean maximized = gtk_window_is_maximized (GTK_WINDOW (self));
  const char *page = adw_view_stack_get_visible_child_name (self->stack);
  int width, height;

  g_settings_delay (self->settings);
  g_settings_set_boolean (self->settings, "window-maximized", maximized);
  /* A maximized window keeps the size it had before, for when it is unmaximized. */
  if (!maximized)
    {
      gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
      if (width > 0 && height > 0)
        {
          g_settings_set_int (self->settings, "window-width", width);
          g_settings_set_int (self->settings, "window-height", height);
        }
    }
  if (page != NULL)
    g_settings_set_string (self->settings, "last-page", page);
  g_settings_apply (self->settings);
}

static gboolean
ml_window_close_request (GtkWindow *window)
{
  MlWindow *self = ML_WINDOW (window);

  save_state (self);
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);

  return GTK_WINDOW_CLASS (ml_window_parent_class)->close_request (window);
}

static void
ml_window_dispose (GObject *object)
{
  MlWindow *self = ML_WINDOW (object);

  self->disposed = TRUE;
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);

  gtk_widget_dispose_template (GTK_WIDGET (self), ML_TYPE_WINDOW);

  g_clear_object (&self->collector);
  g_clear_object (&self->store);
  g_clear_object (&self->config);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (ml_window_parent_class)->dispose (object);
}

static void
ml_window_finalize (GObject *object)
{
  MlWindow *self = ML_WINDOW (object);

  g_clear_object (&self->cancellable);
  g_clear_error (&self->engine_error);

  G_OBJECT_CLASS (ml_window_parent_class)->finalize (object);
}

static void
ml_window_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  MlWindow *self = ML_WINDOW (object);

  switch (prop_id)
    {
    case PROP_BUSY:
      g_value_set_boolean (value, ml_window_get_busy (self));
      break;

    case PROP_COLLECTOR:
      g_value_set_object (value, self->collector);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ml_window_class_init (MlWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = ml_window_dispose;
  object_class->finalize = ml_window_finalize;
  object_class->get_property = ml_window_get_property;

  window_class->close_request = ml_window_close_request;

  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_COLLECTOR] =
    g_param_spec_object ("collector", NULL, NULL,
                         ML_TYPE_COLLECTOR,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[COLLECTED] =
    g_signal_new ("collected",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, ML_TYPE_CYCLE_SUMMARY);

  signals[PROGRESS] =
    g_signal_new ("progress",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 5,
                  G_TYPE_STRING, G_TYPE_UINT, G_TYPE_UINT, G_TYPE_UINT, G_TYPE_INT64);

  signals[SCANNED] =
    g_signal_new ("scanned",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_PTR_ARRAY);

  /* The template names the pages by type: their types must exist before it loads. */
  g_type_ensure (ML_TYPE_JOBS_PAGE);
  g_type_ensure (ML_TYPE_PRINTERS_PAGE);
  g_type_ensure (ML_TYPE_SETTINGS_PAGE);
  g_type_ensure (ML_TYPE_SITE_PAGE);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/meterlink/Meterlink/ui/ml-window.ui");
  gtk_widget_class_bind_template_child (widget_class, MlWindow, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, MlWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, MlWindow, toast_overlay);
  gtk_widget_class_bind_template_callback (widget_class, on_visible_page_changed);
}

static void
ml_window_init (MlWindow *self)
{
  self->settings = g_settings_new (SETTINGS_SCHEMA_ID);

  /* Actions and engine first: the pages the template creates may look for both. */
  g_action_map_add_action_entries (G_ACTION_MAP (self), win_actions,
                                   G_N_ELEMENTS (win_actions), self);
  open_engine (self);

  gtk_widget_init_template (GTK_WIDGET (self));

  if (g_str_has_suffix (APP_ID, ".Devel"))
    gtk_widget_add_css_class (GTK_WIDGET (self), "devel");

  restore_state (self);
  on_visible_page_changed (self);
  update_actions (self);

  if (self->engine_error != NULL)
    {
      g_autofree char *text = g_strdup_printf (_("The collector’s files could not be opened: %s"),
                                               self->engine_error->message);

      add_toast_text (self, text, 0);
    }
}

MlWindow *
ml_window_new (MlApplication *application)
{
  g_return_val_if_fail (ML_IS_APPLICATION (application), NULL);

  return g_object_new (ML_TYPE_WINDOW,
                       "application", application,
                       NULL);
}

/**
 * ml_window_get_collector:
 *
 * Returns: (nullable) (transfer none): the window's collection engine, %NULL when its
 * settings or store could not be opened
 */
MlCollector *
ml_window_get_collector (MlWindow *self)
{
  g_return_val_if_fail (ML_IS_WINDOW (self), NULL);

  return self->collector;
}

/**
 * ml_window_get_config:
 *
 * Returns: (nullable) (transfer none): the collector's settings, shared with
 * meterlink-collector
 */
MlCollectorConfig *
ml_window_get_config (MlWindow *self)
{
  g_return_val_if_fail (ML_IS_WINDOW (self), NULL);

  return self->config;
}

/**
 * ml_window_get_store:
 *
 * Returns: (nullable) (transfer none): the collector's store
 */
MlCollectorStore *
ml_window_get_store (MlWindow *self)
{
  g_return_val_if_fail (ML_IS_WINDOW (self), NULL);

  return self->store;
}

gboolean
ml_window_get_busy (MlWindow *self)
{
  g_return_val_if_fail (ML_IS_WINDOW (self), FALSE);

  return self->cancellable != NULL;
}

void
ml_window_add_toast (MlWindow *self,
                     AdwToast *toast)
{
  g_return_if_fail (ML_IS_WINDOW (self));
  g_return_if_fail (ADW_IS_TOAST (toast));

  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}
