/* ml-settings-page.c: the Collector page: address ranges, polling interval, proxy
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The page edits the window's MlCollectorConfig, the file meterlink-collector reads
 * too, and saves each change as it is made: a valid value through
 * ml_collector_config_set() and ml_collector_config_save(), whose message (a toast)
 * is the collector's own. Address ranges are rows, one item each, checked as typed
 * by MlRangeRow; the "ranges" setting is saved only while every row is valid, so a
 * half-typed address never reaches the collector.
 *
 * The config notifies a change from elsewhere (the portal's settings arriving with
 * a sync, say): the page shows it, unless it is what the page itself just saved.
 * What the portal manages (ranges, polling interval, user names) is shown as such
 * and cannot be changed here; the collector refuses it too.
 *
 * The proxy password is not a setting: MlSecretStore keeps it in the keyring, or,
 * when there is none, in the collector's secrets file, and the page says which.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ml-range-row.h"
#include "ml-secret-store.h"
#include "ml-settings-page.h"
#include "ml-window.h"

/* Seconds an error stays on screen. */
#define ERROR_TOAST_TIMEOUT 10

struct _MlSettingsPage
{
  AdwBin parent_instance;

  /* Template widgets */
  AdwPreferencesGroup *exclusions_group;
  GtkSpinButton *polling_button;
  AdwActionRow *polling_row;
  AdwPreferencesGroup *proxy_group;
  AdwEntryRow *proxy_host_row;
  AdwPasswordEntryRow *proxy_password_row;
  GtkSpinButton *proxy_port_button;
  AdwActionRow *proxy_port_row;
  AdwComboRow *proxy_row;
  AdwEntryRow *proxy_user_row;
  AdwPreferencesGroup *ranges_group;
  GtkStack *stack;
  GtkLabel *total_label;
  AdwActionRow *total_row;
  AdwActionRow *user_names_row;
  GtkSwitch *user_names_switch;

  MlWindow *window;              /* weak: the page's ancestor */
  MlCollectorConfig *config;
  MlSecretStore *secrets;
  GCancellable *cancellable;     /* the proxy password's loading or saving */

  /* The template's texts, for when the portal no longer manages a setting. */
  char *ranges_description;
  char *exclusions_description;
  char *polling_subtitle;
  char *user_names_subtitle;
  char *proxy_description;

  GPtrArray *range_rows;         /* MlRangeRow, ranges first, in the order shown */
  char *last_error;              /* the last error toasted, so typing does not repeat it */
  guint loading;                 /* > 0 while the page shows the config's values */
  guint managed_idle;            /* update_managed() queued */
};

G_DEFINE_FINAL_TYPE (MlSettingsPage, ml_settings_page, ADW_TYPE_BIN)

static void
show_error (MlSettingsPage *self,
            const GError   *error)
{
  g_autofree char *markup = NULL;
  AdwToast *toast;

  if (self->window == NULL || g_strcmp0 (self->last_error, error->message) == 0)
    return;
  g_free (self->last_error);
  self->last_error = g_strdup (error->message);

  markup = g_markup_escape_text (error->message, -1);
  toast = adw_toast_new (markup);
  adw_toast_set_timeout (toast, ERROR_TOAST_TIMEOUT);
  ml_window_add_toast (self->window, toast);
}

/* Sets one key and saves the file; FALSE (after a toast) when either failed. */
static gboolean
save_key (MlSettingsPage *self,
          const char     *key,
          const char     *value)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *current = NULL;

  if (self->config == NULL || self->loading > 0)
    return TRUE;

  current = ml_collector_config_get (self->config, key, NULL);
  if (g_strcmp0 (current, value) == 0)
    return TRUE;

  if (!ml_collector_config_set (self->config, key, value, &error) ||
      !ml_collector_config_save (self->config, &error))
    {
      show_error (self, error);
      return FALSE;
    }
  g_clear_pointer (&self->last_error, g_free);
  return TRUE;
}

/* ---- Address ranges ---- */

/* The rows as the "ranges" setting spells them, or NULL while a row is invalid. */
static char *
rows_text (MlSettingsPage *self)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < self->range_rows->len; i++)
    {
      MlRangeRow *row = g_ptr_array_index (self->range_rows, i);
      g_autofree char *item = NULL;

      if (!ml_range_row_get_valid (row))
        return NULL;
      if ((item = ml_range_row_dup_item (row)) == NULL)
        continue;
      if (text->len > 0)
        g_string_append (text, ", ");
      g_string_append (text, item);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static guint
count_invalid_rows (MlSettingsPage *self)
{
  guint invalid = 0;

  for (guint i = 0; i < self->range_rows->len; i++)
    if (!ml_range_row_get_valid (g_ptr_array_index (self->range_rows, i)))
      invalid++;
  return invalid;
}

static void
set_total (MlSettingsPage *self,
           const char     *count,
           const char     *problem)
{
  GtkWidget *row = GTK_WIDGET (self->total_row);

  gtk_label_set_label (self->total_label, count);
  adw_action_row_set_subtitle (self->total_row, problem != NULL ? problem : "");
  if (problem != NULL)
    gtk_widget_add_css_class (row, "error");
  else
    gtk_widget_remove_css_class (row, "error");
}

/* The total after exclusions, and the ranges saved when every row is valid. */
static void
ranges_changed (MlSettingsPage *self)
{
  g_autofree char *text = rows_text (self);
  g_autoptr(MlIpRange) ranges = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *count = NULL;
  guint invalid;

  if (text == NULL)
    {
      g_autofree char *problem = NULL;

      invalid = count_invalid_rows (self);
      problem = g_strdup_printf (ngettext ("%u row needs fixing; nothing is saved until it is",
                                           "%u rows need fixing; nothing is saved until they are",
                                           invalid),
                                 invalid);
      set_total (self, "—", problem);
      return;
    }

  ranges = ml_ip_range_parse (text, &error);
  if (ranges == NULL)
    {
      set_total (self, "—", error->message);
      show_error (self, error);
      return;
    }

  /* Every count that reaches here is at most ML_IP_RANGE_MAX_ADDRESSES. */
  count = g_strdup_printf ("%u", (guint) ml_ip_range_get_count (ranges));
  set_total (self, count, NULL);
  save_key (self, "ranges", text);
}

static void ml_settings_page_remove_row (MlSettingsPage *self,
                                         MlRangeRow     *row);

static MlRangeRow *
add_row (MlSettingsPage *self,
         const char     *text,
         gboolean        exclusion)
{
  MlRangeRow *row = ml_range_row_new (text, exclusion);
  guint position = self->range_rows->len;

  /* Ranges before exclusions, so the setting reads as typed. */
  if (!exclusion)
    {
      position = 0;
      while (position < self->range_rows->len &&
             !ml_range_row_get_exclusion (g_ptr_array_index (self->range_rows, position)))
        position++;
    }
  g_ptr_array_insert (self->range_rows, position, row);

  adw_preferences_group_add (exclusion ? self->exclusions_group : self->ranges_group,
                             GTK_WIDGET (row));
  g_signal_connect_object (row, "changed", G_CALLBACK (ranges_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (row, "remove", G_CALLBACK (ml_settings_page_remove_row), self,
                           G_CONNECT_SWAPPED);
  return row;
}

static void
ml_settings_page_remove_row (MlSettingsPage *self,
                             MlRangeRow     *row)
{
  gboolean exclusion = ml_range_row_get_exclusion (row);

  g_ptr_array_remove (self->range_rows, row);
  adw_preferences_group_remove (exclusion ? self->exclusions_group : self->ranges_group,
                                GTK_WIDGET (row));
  ranges_changed (self);

  /* A list of ranges always has a row to type into. */
  if (!exclusion && (self->range_rows->len == 0 ||
                     ml_range_row_get_exclusion (g_ptr_array_index (self->range_rows, 0))))
    add_row (self, NULL, FALSE);
}

static void
clear_rows (MlSettingsPage *self)
{
  while (self->range_rows->len > 0)
    {
      MlRangeRow *row = g_ptr_array_steal_index (self->range_rows, self->range_rows->len - 1);

      adw_preferences_group_remove (ml_range_row_get_exclusion (row) ? self->exclusions_group
                                                                      : self->ranges_group,
                                    GTK_WIDGET (row));
    }
}

static void
load_ranges (MlSettingsPage *self)
{
  g_autofree char *text = ml_collector_config_get (self->config, "ranges", NULL);
  g_auto(GStrv) items = NULL;
  guint n_ranges = 0;

  /* What the page saved last is what it shows already: keep the rows, and the
   * focus and cursor of the one being typed in. */
  {
    g_autofree char *shown = rows_text (self);

    if (self->range_rows->len > 0 && g_strcmp0 (shown, text) == 0)
      return;
  }

  self->loading++;
  clear_rows (self);
  items = g_regex_split_simple ("[,\\s]+", text != NULL ? text : "", 0, 0);
  for (guint i = 0; items[i] != NULL; i++)
    {
      if (items[i][0] == '\0')
        continue;
      add_row (self, items[i], items[i][0] == '!');
      if (items[i][0] != '!')
        n_ranges++;
    }
  if (n_ranges == 0)
    add_row (self, NULL, FALSE);
  ranges_changed (self);
  self->loading--;
}

static void
add_range_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  MlSettingsPage *self = ML_SETTINGS_PAGE (widget);

  gtk_widget_grab_focus (GTK_WIDGET (add_row (self, NULL, FALSE)));
}

static void
add_exclusion_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  MlSettingsPage *self = ML_SETTINGS_PAGE (widget);

  gtk_widget_grab_focus (GTK_WIDGET (add_row (self, NULL, TRUE)));
}

/* ---- Polling and privacy ---- */

static void load_collection (MlSettingsPage *self);

static void
on_polling_changed (MlSettingsPage *self)
{
  g_autofree char *value = g_strdup_printf ("%d", gtk_spin_button_get_value_as_int (self->polling_button));

  /* Refused (the portal manages it): back to what holds. */
  if (!save_key (self, "polling-interval", value))
    load_collection (self);
}

static void
on_user_names_changed (MlSettingsPage *self)
{
  if (!save_key (self, "user-names",
                 gtk_switch_get_active (self->user_names_switch) ? "true" : "false"))
    load_collection (self);
}

static void
load_collection (MlSettingsPage *self)
{
  self->loading++;
  gtk_spin_button_set_value (self->polling_button,
                             ml_collector_config_get_polling_interval (self->config));
  gtk_switch_set_active (self->user_names_switch,
                         ml_collector_config_get_user_names (self->config));
  self->loading--;
}

/* ---- Proxy ---- */

/* In the order of the combo row's items and of MlProxyMode. */
static const char * const proxy_modes[] = { "system", "manual", "none" };

static void
update_secret_place (MlSettingsPage *self)
{
  /* Disposed: a task still running may say where the password went. */
  if (self->stack == NULL)
    return;

  /* Only a manual proxy has a password to keep. */
  if (self->secrets != NULL &&
      ml_secret_store_get_place (self->secrets) == ML_SECRET_PLACE_FILE &&
      adw_combo_row_get_selected (self->proxy_row) == ML_PROXY_MODE_MANUAL)
    adw_preferences_group_set_description (self->proxy_group,
                                           _("No keyring is available: the proxy password is "
                                             "kept in the collector’s secrets file, which only "
                                             "you can read"));
  else
    adw_preferences_group_set_description (self->proxy_group, self->proxy_description);
}

static void
update_proxy_rows (MlSettingsPage *self)
{
  gboolean manual = adw_combo_row_get_selected (self->proxy_row) == ML_PROXY_MODE_MANUAL;

  gtk_widget_set_visible (GTK_WIDGET (self->proxy_host_row), manual);
  gtk_widget_set_visible (GTK_WIDGET (self->proxy_port_row), manual);
  gtk_widget_set_visible (GTK_WIDGET (self->proxy_user_row), manual);
  gtk_widget_set_visible (GTK_WIDGET (self->proxy_password_row), manual);
  update_secret_place (self);
}

static void
on_proxy_mode_changed (MlSettingsPage *self)
{
  guint selected = adw_combo_row_get_selected (self->proxy_row);

  update_proxy_rows (self);
  if (selected < G_N_ELEMENTS (proxy_modes))
    save_key (self, "proxy-mode", proxy_modes[selected]);
}

/* Text rows show the collector's refusal on the row as well as in a toast. */
static void
save_text_row (MlSettingsPage *self,
               AdwEntryRow    *row,
               const char     *key)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));

  if (save_key (self, key, text))
    gtk_widget_remove_css_class (GTK_WIDGET (row), "error");
  else
    gtk_widget_add_css_class (GTK_WIDGET (row), "error");
}

static void
on_proxy_host_apply (MlSettingsPage *self)
{
  save_text_row (self, self->proxy_host_row, "proxy-host");
}

static void
on_proxy_port_changed (MlSettingsPage *self)
{
  g_autofree char *value =
    g_strdup_printf ("%d", gtk_spin_button_get_value_as_int (self->proxy_port_button));

  save_key (self, "proxy-port", value);
}

static void
on_proxy_user_apply (MlSettingsPage *self)
{
  save_text_row (self, self->proxy_user_row, "proxy-user");
}

static void
on_proxy_password_saved (GObject      *source,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  g_autoptr(MlSettingsPage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!ml_secret_store_save_proxy_password_finish (ML_SECRET_STORE (source), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_error (self, error);
      return;
    }
  if (self->stack == NULL)
    return;
  gtk_widget_remove_css_class (GTK_WIDGET (self->proxy_password_row), "error");
}

static void
on_proxy_password_apply (MlSettingsPage *self)
{
  if (self->secrets == NULL)
    return;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  ml_secret_store_save_proxy_password_async (self->secrets,
                                             gtk_editable_get_text (GTK_EDITABLE (self->proxy_password_row)),
                                             self->cancellable, on_proxy_password_saved,
                                             g_object_ref (self));
}

static void
on_proxy_password_loaded (GObject      *source,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  g_autoptr(MlSettingsPage) self = user_data;
  g_autoptr(GError) error = NULL;
  char *password;

  password = ml_secret_store_load_proxy_password_finish (ML_SECRET_STORE (source), result, &error);
  if (error != NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_error (self, error);
      return;
    }

  self->loading++;
  gtk_editable_set_text (GTK_EDITABLE (self->proxy_password_row), password != NULL ? password : "");
  self->loading--;
  if (password != NULL)
    {
      memset (password, 0, strlen (password));
      g_free (password);
    }
}

static void
load_proxy (MlSettingsPage *self)
{
  const char *host = ml_collector_config_get_proxy_host (self->config);
  const char *user = ml_collector_config_get_proxy_user (self->config);

  self->loading++;
  adw_combo_row_set_selected (self->proxy_row, ml_collector_config_get_proxy_mode (self->config));
  gtk_editable_set_text (GTK_EDITABLE (self->proxy_host_row), host != NULL ? host : "");
  gtk_spin_button_set_value (self->proxy_port_button,
                             ml_collector_config_get_proxy_port (self->config));
  gtk_editable_set_text (GTK_EDITABLE (self->proxy_user_row), user != NULL ? user : "");
  self->loading--;
  update_proxy_rows (self);
}

/* ---- What the portal manages ---- */

static void
show_managed (AdwPreferencesGroup *group,
              gboolean             managed,
              const char          *description)
{
  gtk_widget_set_sensitive (GTK_WIDGET (group), !managed);
  adw_preferences_group_set_description (group,
                                         managed ? _("Managed by the portal: the reseller "
                                                     "changes these there, and the collector "
                                                     "takes them on its next sync")
                                                 : description);
}

static void
show_managed_row (AdwActionRow *row,
                  gboolean      managed,
                  const char   *subtitle)
{
  gtk_widget_set_sensitive (GTK_WIDGET (row), !managed);
  adw_action_row_set_subtitle (row, managed ? _("Managed by the portal") : subtitle);
}

static void
update_managed (MlSettingsPage *self)
{
  gboolean ranges = ml_collector_config_is_managed (self->config, "ranges");

  show_managed (self->ranges_group, ranges, self->ranges_description);
  show_managed (self->exclusions_group, ranges, self->exclusions_description);
  show_managed_row (self->polling_row,
                    ml_collector_config_is_managed (self->config, "polling-interval"),
                    self->polling_subtitle);
  show_managed_row (self->user_names_row,
                    ml_collector_config_is_managed (self->config, "user-names"),
                    self->user_names_subtitle);
}

static gboolean
update_managed_idle (gpointer user_data)
{
  MlSettingsPage *self = user_data;

  self->managed_idle = 0;
  update_managed (self);
  return G_SOURCE_REMOVE;
}

/* The portal's values are notified before the config records which keys it
 * manages: look once they are all in. */
static void
queue_update_managed (MlSettingsPage *self)
{
  if (self->managed_idle == 0)
    self->managed_idle = g_idle_add (update_managed_idle, self);
}

/* ---- The page ---- */

static void
load_all (MlSettingsPage *self)
{
  load_ranges (self);
  load_collection (self);
  load_proxy (self);
  update_managed (self);
}

static void
bind_window (MlSettingsPage *self)
{
  GtkWidget *window = gtk_widget_get_ancestor (GTK_WIDGET (self), ML_TYPE_WINDOW);

  if (window == NULL || self->window != NULL)
    return;

  g_set_weak_pointer (&self->window, ML_WINDOW (window));
  self->config = ml_window_get_config (self->window);
  if (self->config == NULL)
    {
      gtk_stack_set_visible_child_name (self->stack, "unavailable");
      return;
    }
  g_object_ref (self->config);

  g_signal_connect_object (self->config, "notify::ranges", G_CALLBACK (load_ranges), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->config, "notify::polling-interval",
                           G_CALLBACK (load_collection), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->config, "notify::user-names", G_CALLBACK (load_collection),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->config, "notify::proxy-mode", G_CALLBACK (load_proxy), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->config, "notify::proxy-host", G_CALLBACK (load_proxy), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->config, "notify::proxy-port", G_CALLBACK (load_proxy), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->config, "notify::proxy-user", G_CALLBACK (load_proxy), self,
                           G_CONNECT_SWAPPED);
  /* The portal's settings arrive as values: which keys it manages may change with them. */
  g_signal_connect_object (self->config, "notify", G_CALLBACK (queue_update_managed), self,
                           G_CONNECT_SWAPPED);

  self->secrets = ml_secret_store_new (self->config);
  g_signal_connect_object (self->secrets, "notify::place", G_CALLBACK (update_secret_place), self,
                           G_CONNECT_SWAPPED);
  self->cancellable = g_cancellable_new ();
  ml_secret_store_load_proxy_password_async (self->secrets, self->cancellable,
                                             on_proxy_password_loaded, g_object_ref (self));

  load_all (self);
  gtk_stack_set_visible_child_name (self->stack, "settings");
}

static void
ml_settings_page_root (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (ml_settings_page_parent_class)->root (widget);

  bind_window (ML_SETTINGS_PAGE (widget));
}

static void
ml_settings_page_map (GtkWidget *widget)
{
  MlSettingsPage *self = ML_SETTINGS_PAGE (widget);

  GTK_WIDGET_CLASS (ml_settings_page_parent_class)->map (widget);

  /* A sync may have handed a setting to the portal, or back, without changing it. */
  if (self->config != NULL)
    update_managed (self);
}

static void
ml_settings_page_dispose (GObject *object)
{
  MlSettingsPage *self = ML_SETTINGS_PAGE (object);

  if (self->config != NULL)
    g_signal_handlers_disconnect_by_data (self->config, self);
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->managed_idle, g_source_remove);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->secrets);
  g_clear_object (&self->config);
  g_clear_weak_pointer (&self->window);
  g_clear_pointer (&self->range_rows, g_ptr_array_unref);

  /* AdwBin 1.2 unparents its child again in its own dispose: let it go first, or
   * it would unparent a child the template already destroyed. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (object), ML_TYPE_SETTINGS_PAGE);

  G_OBJECT_CLASS (ml_settings_page_parent_class)->dispose (object);
}

static void
ml_settings_page_finalize (GObject *object)
{
  MlSettingsPage *self = ML_SETTINGS_PAGE (object);

  g_clear_pointer (&self->last_error, g_free);
  g_clear_pointer (&self->ranges_description, g_free);
  g_clear_pointer (&self->exclusions_description, g_free);
  g_clear_pointer (&self->polling_subtitle, g_free);
  g_clear_pointer (&self->user_names_subtitle, g_free);
  g_clear_pointer (&self->proxy_description, g_free);

  G_OBJECT_CLASS (ml_settings_page_parent_class)->finalize (object);
}

static void
ml_settings_page_class_init (MlSettingsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ml_settings_page_dispose;
  object_class->finalize = ml_settings_page_finalize;

  widget_class->map = ml_settings_page_map;
  widget_class->root = ml_settings_page_root;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/meterlink/Meterlink/ui/ml-settings-page.ui");
  gtk_widget_class_bind_template_child (widget_class, MlSettingsPage, exclusions_group);
  gtk_widget_class_bind_template_child (widget_class, MlSettingsPage, polling_button);
  gtk_widget_class_bind_template_child (widget_class, MlSettingsPage, polling_row);
  gtk_widget_class_bind_template_child (widget_class, MlSettingsPage, proxy_group);
  gtk_widget_class_bind_template_child (widget_class, MlSettingsPage, proxy_host_row);
  gtk_widget_class_bind_template_child (widget_class, MlSettingsPage, proxy_password_row);
  gtk_widget_class_bind_template_child (widget_class, MlSettingsPage, proxy_port_button);
  gtk_widget_class_bind_template_child (widget_class, MlSettingsPage, proxy_port_row);
  gtk_widget_class_bind_template_child (widget_class, MlSettingsPage, proxy_row);
  gtk_widget_class_bind_template_child (widget_class, MlSettingsPage, proxy_user_row);
  gtk_widget_class_bind_template_child (widget_class, MlSettingsPage, ranges_group);
  gtk_widget_class_bind_template_child (widget_class, MlSettingsPage, stack);
  gtk_widget_class_bind_template_child (widget_class, MlSettingsPage, total_label);
  gtk_widget_class_bind_template_child (widget_class, MlSettingsPage, total_row);
  gtk_widget_class_bind_template_child (widget_class, MlSettingsPage, user_names_row);
  gtk_widget_class_bind_template_child (widget_class, MlSettingsPage, user_names_switch);
  gtk_widget_class_bind_template_callback (widget_class, on_polling_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_proxy_host_apply);
  gtk_widget_class_bind_template_callback (widget_class, on_proxy_mode_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_proxy_password_apply);
  gtk_widget_class_bind_template_callback (widget_class, on_proxy_port_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_proxy_user_apply);
  gtk_widget_class_bind_template_callback (widget_class, on_user_names_changed);

  gtk_widget_class_install_action (widget_class, "page.add-exclusion", NULL,
                                   add_exclusion_action);
  gtk_widget_class_install_action (widget_class, "page.add-range", NULL, add_range_action);
}

static void
ml_settings_page_init (MlSettingsPage *self)
{
  self->range_rows = g_ptr_array_new ();

  gtk_widget_init_template (GTK_WIDGET (self));

  self->ranges_description =
    g_strdup (adw_preferences_group_get_description (self->ranges_group));
  self->exclusions_description =
    g_strdup (adw_preferences_group_get_description (self->exclusions_group));
  self->polling_subtitle = g_strdup (adw_action_row_get_subtitle (self->polling_row));
  self->user_names_subtitle = g_strdup (adw_action_row_get_subtitle (self->user_names_row));
  self->proxy_description = g_strdup (adw_preferences_group_get_description (self->proxy_group));
  update_proxy_rows (self);
}
