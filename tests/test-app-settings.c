/* test-app-settings.c: the Collector page: ranges checked as typed, settings that persist
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs under xvfb-run, on a collector config of its own (XDG_CONFIG_HOME in a
 * temporary folder). Loads the templates ml-settings-page.ui and ml-range-row.ui.
 * No keyring answers here (the session bus is switched off), so secrets go to the
 * collector's secrets file, and the page says so; /app/settings/proxy-keyring runs
 * again in a child with libsecret's file backend (the one the Secret portal serves
 * inside Flatpak), a keyring that needs no daemon.
 */
#include "config.h"

#include <glib/gstdio.h>

#include "ml-range-row.h"
#include "ml-settings-page.h"
#include "ml-test-app.h"
#include "ml-window.h"

static MlApplication *app;

#define DEADLINE_S 30
#define WAIT_UNTIL(cond) ML_TEST_APP_WAIT_UNTIL (cond, DEADLINE_S)

static void
collect_descendants (GtkWidget *widget,
                     GType      type,
                     GPtrArray *found)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    g_ptr_array_add (found, widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_descendants (child, type, found);
}

/* The page's range rows, ranges first, in the order shown. */
static GPtrArray *
range_rows (MlSettingsPage *page)
{
  GPtrArray *rows = g_ptr_array_new ();

  collect_descendants (GTK_WIDGET (page), ML_TYPE_RANGE_ROW, rows);
  return rows;
}

static gpointer
template_child (MlSettingsPage *page,
                const char     *name)
{
  GObject *child = gtk_widget_get_template_child (GTK_WIDGET (page), ML_TYPE_SETTINGS_PAGE, name);

  g_assert_nonnull (child);
  return child;
}

static const char *
total_text (MlSettingsPage *page)
{
  return gtk_label_get_label (template_child (page, "total_label"));
}

static char *
config_path (void)
{
  return g_build_filename (g_get_user_config_dir (), "meterlink", "collector.conf", NULL);
}

static void
remove_config (void)
{
  g_autofree char *path = config_path ();

  g_unlink (path);
}

static MlWindow *
new_window (MlSettingsPage **out_page)
{
  MlWindow *window = ml_window_new (app);
  GtkWidget *page;

  g_assert_true (ML_IS_WINDOW (window));
  g_assert_nonnull (ml_window_get_config (window));
  page = ml_test_app_find_descendant (GTK_WIDGET (window), ML_TYPE_SETTINGS_PAGE);
  g_assert_nonnull (page);
  *out_page = ML_SETTINGS_PAGE (page);
  return window;
}

static void
set_text (gpointer    editable,
          const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (editable), text);
}

static char *
config_value (MlWindow   *window,
              const char *key)
{
  g_autoptr(GError) error = NULL;
  char *value = ml_collector_config_get (ml_window_get_config (window), key, &error);

  g_assert_no_error (error);
  return value;
}

static void
test_ranges (void)
{
  MlSettingsPage *page;
  MlWindow *window;
  g_autoptr(GPtrArray) rows = NULL;
  g_autofree char *ranges = NULL;
  MlRangeRow *row, *exclusion, *second;

  remove_config ();
  window = new_window (&page);

  /* No ranges yet: one empty row to type into, no error, nothing to scan. */
  rows = range_rows (page);
  g_assert_cmpuint (rows->len, ==, 1);
  row = g_ptr_array_index (rows, 0);
  g_assert_false (ml_range_row_get_exclusion (row));
  g_assert_true (ml_range_row_get_valid (row));
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (row), "error"));
  g_assert_cmpstr (total_text (page), ==, "0");

  /* A typo is flagged on its row, at once, in the parser's words, and not saved. */
  set_text (row, "192.0.2.300");
  g_assert_false (ml_range_row_get_valid (row));
  g_assert_nonnull (strstr (ml_range_row_get_message (row), "300 is not an octet (0-255)"));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (row), "error"));
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==,
                   "300 is not an octet (0-255)");
  g_assert_cmpstr (gtk_widget_get_tooltip_text (GTK_WIDGET (row)), ==,
                   ml_range_row_get_message (row));
  g_assert_cmpstr (total_text (page), ==, "—");
  ranges = config_value (window, "ranges");
  g_assert_cmpstr (ranges, ==, "");
  g_clear_pointer (&ranges, g_free);

  /* Fixed: the row counts its addresses, the total follows, the file has it. */
  set_text (row, "192.0.2.0/24");
  g_assert_true (ml_range_row_get_valid (row));
  g_assert_null (ml_range_row_get_message (row));
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (row), "error"));
  g_assert_cmpuint (ml_range_row_get_count (row), ==, 256);
  g_assert_cmpstr (total_text (page), ==, "256");
  ranges = config_value (window, "ranges");
  g_assert_cmpstr (ranges, ==, "192.0.2.0/24");
  g_clear_pointer (&ranges, g_free);

  /* An exclusion reduces the total. */
  gtk_widget_activate_action (GTK_WIDGET (page), "page.add-exclusion", NULL);
  g_clear_pointer (&rows, g_ptr_array_unref);
  rows = range_rows (page);
  g_assert_cmpuint (rows->len, ==, 2);
  exclusion = g_ptr_array_index (rows, 1);
  g_assert_true (ml_range_row_get_exclusion (exclusion));
  set_text (exclusion, "192.0.2.10-19");
  g_assert_cmpuint (ml_range_row_get_count (exclusion), ==, 10);
  g_assert_cmpstr (total_text (page), ==, "246");
  ranges = config_value (window, "ranges");
  g_assert_cmpstr (ranges, ==, "192.0.2.0/24, !192.0.2.10-19");
  g_clear_pointer (&ranges, g_free);

  /* A second range; a whole list too large is refused with the collector's words. */
  gtk_widget_activate_action (GTK_WIDGET (page), "page.add-range", NULL);
  g_clear_pointer (&rows, g_ptr_array_unref);
  rows = range_rows (page);
  g_assert_cmpuint (rows->len, ==, 3);
  second = g_ptr_array_index (rows, 1);
  g_assert_false (ml_range_row_get_exclusion (second));
  set_text (second, "10.0.0.0/16");
  g_assert_true (ml_range_row_get_valid (second));
  g_assert_cmpuint (ml_range_row_get_count (second), ==, 65536);
  g_assert_cmpstr (total_text (page), ==, "—");
  g_assert_true (gtk_widget_has_css_class (template_child (page, "total_row"), "error"));
  ranges = config_value (window, "ranges");
  g_assert_cmpstr (ranges, ==, "192.0.2.0/24, !192.0.2.10-19");
  g_clear_pointer (&ranges, g_free);

  set_text (second, "10.0.0.0/30");
  g_assert_cmpstr (total_text (page), ==, "250");
  g_assert_false (gtk_widget_has_css_class (template_child (page, "total_row"), "error"));
  ranges = config_value (window, "ranges");
  g_assert_cmpstr (ranges, ==, "192.0.2.0/24, 10.0.0.0/30, !192.0.2.10-19");
  g_clear_pointer (&ranges, g_free);

  /* Removing a row saves the rest. */
  gtk_widget_activate_action (GTK_WIDGET (exclusion), "range.remove", NULL);
  g_clear_pointer (&rows, g_ptr_array_unref);
  rows = range_rows (page);
  g_assert_cmpuint (rows->len, ==, 2);
  g_assert_cmpstr (total_text (page), ==, "260");
  ranges = config_value (window, "ranges");
  g_assert_cmpstr (ranges, ==, "192.0.2.0/24, 10.0.0.0/30");
  g_clear_pointer (&ranges, g_free);

  ml_test_app_close_window (window);
}

static void
test_persist (void)
{
  MlSettingsPage *page;
  MlWindow *window;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(MlCollectorConfig) config = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = config_path ();
  MlRangeRow *row;

  remove_config ();
  window = new_window (&page);

  g_assert_cmpint (gtk_spin_button_get_value_as_int (template_child (page, "polling_button")), ==,
                   ML_POLLING_INTERVAL_DEFAULT);
  gtk_spin_button_set_value (template_child (page, "polling_button"), 240);
  rows = range_rows (page);
  set_text (g_ptr_array_index (rows, 0), "198.51.100.0/28");
  gtk_widget_activate_action (GTK_WIDGET (page), "page.add-exclusion", NULL);
  g_clear_pointer (&rows, g_ptr_array_unref);
  rows = range_rows (page);
  set_text (g_ptr_array_index (rows, 1), "198.51.100.1");
  gtk_switch_set_active (template_child (page, "user_names_switch"), FALSE);
  ml_test_app_close_window (window);
  g_clear_pointer (&rows, g_ptr_array_unref);

  /* In the file, for meterlink-collector too. */
  config = ml_collector_config_load (path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ml_collector_config_get_polling_interval (config), ==, 240);
  g_assert_false (ml_collector_config_get_user_names (config));
  {
    g_autoptr(MlIpRange) ranges = ml_collector_config_dup_ranges (config);

    g_assert_cmpuint (ml_ip_range_get_count (ranges), ==, 15);
  }

  /* And in a new window. */
  window = new_window (&page);
  g_assert_cmpint (gtk_spin_button_get_value_as_int (template_child (page, "polling_button")), ==,
                   240);
  g_assert_false (gtk_switch_get_active (template_child (page, "user_names_switch")));
  rows = range_rows (page);
  g_assert_cmpuint (rows->len, ==, 2);
  row = g_ptr_array_index (rows, 0);
  g_assert_false (ml_range_row_get_exclusion (row));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row)), ==, "198.51.100.0/28");
  row = g_ptr_array_index (rows, 1);
  g_assert_true (ml_range_row_get_exclusion (row));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row)), ==, "198.51.100.1");
  g_assert_cmpstr (total_text (page), ==, "15");

  /* A change made elsewhere (the collector's command, the portal) shows at once. */
  g_assert_true (ml_collector_config_set (ml_window_get_config (window), "polling-interval",
                                          "600", &error));
  g_assert_no_error (error);
  g_assert_cmpint (gtk_spin_button_get_value_as_int (template_child (page, "polling_button")), ==,
                   600);
  g_assert_true (ml_collector_config_set (ml_window_get_config (window), "ranges",
                                          "203.0.113.0/29", &error));
  g_assert_no_error (error);
  g_clear_pointer (&rows, g_ptr_array_unref);
  rows = range_rows (page);
  g_assert_cmpuint (rows->len, ==, 1);
  g_assert_cmpstr (total_text (page), ==, "8");

  ml_test_app_close_window (window);
}

static void
test_managed (void)
{
  const char *managed_keys[] = { "ranges", "polling-interval", NULL };
  const char *managed_values[] = { "192.0.2.0/28", "60", NULL };
  const char *no_keys[] = { NULL };
  MlSettingsPage *page;
  MlWindow *window;
  MlCollectorConfig *config;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  AdwActionRow *polling_row, *user_names_row;

  remove_config ();
  window = new_window (&page);
  config = ml_window_get_config (window);
  polling_row = template_child (page, "polling_row");
  user_names_row = template_child (page, "user_names_row");
  g_assert_true (gtk_widget_get_sensitive (template_child (page, "ranges_group")));
  g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (polling_row)));

  /* A sync brings the portal's settings: shown, and not to be changed here. */
  g_assert_true (ml_collector_config_set_managed (config, managed_keys, managed_values, NULL,
                                                  &error));
  g_assert_no_error (error);
  WAIT_UNTIL (!gtk_widget_get_sensitive (template_child (page, "ranges_group")));
  g_assert_false (gtk_widget_get_sensitive (template_child (page, "exclusions_group")));
  g_assert_nonnull (strstr (adw_preferences_group_get_description (template_child (page,
                                                                                    "ranges_group")),
                            "Managed by the portal"));
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (polling_row)));
  g_assert_cmpstr (adw_action_row_get_subtitle (polling_row), ==, "Managed by the portal");
  g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (user_names_row)));
  g_assert_cmpstr (adw_action_row_get_subtitle (user_names_row), !=, "Managed by the portal");
  g_assert_cmpint (gtk_spin_button_get_value_as_int (template_child (page, "polling_button")), ==,
                   60);
  rows = range_rows (page);
  g_assert_cmpuint (rows->len, ==, 1);
  g_assert_cmpstr (gtk_editable_get_text (g_ptr_array_index (rows, 0)), ==, "192.0.2.0/28");
  g_assert_cmpstr (total_text (page), ==, "16");

  /* Even a change that gets past the insensitive row is refused by the collector. */
  gtk_spin_button_set_value (template_child (page, "polling_button"), 90);
  g_assert_cmpuint (ml_collector_config_get_polling_interval (config), ==, 60);

  /* Handed back to the technician: editable again, with the texts of the template. */
  g_assert_true (ml_collector_config_set_managed (config, no_keys, no_keys, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (ml_collector_config_set (config, "polling-interval", "120", &error));
  g_assert_no_error (error);
  WAIT_UNTIL (gtk_widget_get_sensitive (template_child (page, "ranges_group")));
  g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (polling_row)));
  g_assert_cmpstr (adw_action_row_get_subtitle (polling_row), ==,
                   "Minutes between collections, 30 to 1440");

  ml_test_app_close_window (window);
}

static char *
read_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  return contents;
}

static gboolean
proxy_password_is (MlWindow   *window,
                   const char *expected)
{
  g_autofree char *password =
    ml_collector_config_load_proxy_password (ml_window_get_config (window), NULL);

  return g_strcmp0 (password, expected) == 0;
}

static void
test_proxy (void)
{
  MlSettingsPage *page;
  MlWindow *window;
  AdwComboRow *proxy_row;
  AdwEntryRow *host_row, *user_row, *password_row;
  g_autofree char *value = NULL;
  g_autofree char *path = config_path ();
  g_autofree char *contents = NULL;

  remove_config ();
  window = new_window (&page);
  proxy_row = template_child (page, "proxy_row");
  host_row = template_child (page, "proxy_host_row");
  user_row = template_child (page, "proxy_user_row");
  password_row = template_child (page, "proxy_password_row");

  /* The system's proxy by default: nothing else to fill in. */
  g_assert_cmpuint (adw_combo_row_get_selected (proxy_row), ==, ML_PROXY_MODE_SYSTEM);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (host_row)));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (password_row)));

  adw_combo_row_set_selected (proxy_row, ML_PROXY_MODE_MANUAL);
  value = config_value (window, "proxy-mode");
  g_assert_cmpstr (value, ==, "manual");
  g_clear_pointer (&value, g_free);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (host_row)));
  g_assert_true (gtk_widget_get_visible (template_child (page, "proxy_port_row")));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (user_row)));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (password_row)));

  /* A URL is not a host: the row says so, the setting stays. */
  set_text (host_row, "http://proxy.example:3128");
  g_signal_emit_by_name (host_row, "apply");
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (host_row), "error"));
  value = config_value (window, "proxy-host");
  g_assert_cmpstr (value, ==, "");
  g_clear_pointer (&value, g_free);

  set_text (host_row, "proxy.example");
  g_signal_emit_by_name (host_row, "apply");
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (host_row), "error"));
  gtk_spin_button_set_value (template_child (page, "proxy_port_button"), 3128);
  set_text (user_row, "technician");
  g_signal_emit_by_name (user_row, "apply");
  value = config_value (window, "proxy-port");
  g_assert_cmpstr (value, ==, "3128");
  g_clear_pointer (&value, g_free);
  value = config_value (window, "proxy-user");
  g_assert_cmpstr (value, ==, "technician");
  g_clear_pointer (&value, g_free);

  /* No keyring here: the password goes to the secrets file, and the page says so. */
  set_text (password_row, "proxy pass 42");
  g_signal_emit_by_name (password_row, "apply");
  WAIT_UNTIL (proxy_password_is (window, "proxy pass 42"));
  g_assert_nonnull (strstr (adw_preferences_group_get_description (template_child (page,
                                                                                    "proxy_group")),
                            "No keyring"));
  ml_test_app_close_window (window);

  /* Never in the settings file, which people paste into support requests. */
  contents = read_file (path);
  g_assert_null (strstr (contents, "proxy pass 42"));
  g_assert_nonnull (strstr (contents, "proxy.example"));

  /* All of it back in a new window, the password too. */
  window = new_window (&page);
  g_assert_cmpuint (adw_combo_row_get_selected (template_child (page, "proxy_row")), ==,
                    ML_PROXY_MODE_MANUAL);
  g_assert_cmpstr (gtk_editable_get_text (template_child (page, "proxy_host_row")), ==,
                   "proxy.example");
  g_assert_cmpint (gtk_spin_button_get_value_as_int (template_child (page, "proxy_port_button")),
                   ==, 3128);
  g_assert_cmpstr (gtk_editable_get_text (template_child (page, "proxy_user_row")), ==,
                   "technician");
  WAIT_UNTIL (g_strcmp0 (gtk_editable_get_text (template_child (page, "proxy_password_row")),
                         "proxy pass 42") == 0);

  /* An empty password forgets it. */
  set_text (template_child (page, "proxy_password_row"), "");
  g_signal_emit_by_name (template_child (page, "proxy_password_row"), "apply");
  WAIT_UNTIL (proxy_password_is (window, NULL));
  ml_test_app_close_window (window);
}

/* In a child with a keyring: see test_proxy_keyring(). */
static void
test_proxy_keyring_subprocess (void)
{
  MlSettingsPage *page;
  MlWindow *window;
  g_autofree char *path = config_path ();
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  char *password;

  if (!g_test_subprocess ())
    {
      g_test_skip ("run by /app/settings/proxy-keyring");
      return;
    }

  remove_config ();
  window = new_window (&page);
  adw_combo_row_set_selected (template_child (page, "proxy_row"), ML_PROXY_MODE_MANUAL);
  set_text (template_child (page, "proxy_host_row"), "proxy.example");
  g_signal_emit_by_name (template_child (page, "proxy_host_row"), "apply");
  set_text (template_child (page, "proxy_user_row"), "technician");
  g_signal_emit_by_name (template_child (page, "proxy_user_row"), "apply");
  set_text (template_child (page, "proxy_password_row"), "kept in the keyring");
  g_signal_emit_by_name (template_child (page, "proxy_password_row"), "apply");
  WAIT_UNTIL (!gtk_widget_has_css_class (template_child (page, "proxy_password_row"), "error") &&
              g_file_test (g_getenv ("SECRET_FILE_TEST_PATH"), G_FILE_TEST_EXISTS));
  ml_test_app_iterate_pending ();
  g_assert_null (strstr (adw_preferences_group_get_description (template_child (page,
                                                                                 "proxy_group")),
                         "No keyring"));
  ml_test_app_close_window (window);

  /* In no plain file: not the settings, not the collector's secrets file. */
  contents = read_file (path);
  g_assert_null (strstr (contents, "kept in the keyring"));
  {
    g_autoptr(MlCollectorConfig) config = ml_collector_config_load (path, &error);

    g_assert_no_error (error);
    password = ml_collector_config_load_proxy_password (config, &error);
    g_assert_no_error (error);
    g_assert_null (password);
  }

  /* From the keyring into a new window. */
  window = new_window (&page);
  WAIT_UNTIL (g_strcmp0 (gtk_editable_get_text (template_child (page, "proxy_password_row")),
                         "kept in the keyring") == 0);
  ml_test_app_close_window (window);
}

static void
test_proxy_keyring (void)
{
  ml_test_app_trap_with_file_keyring ("/app/settings/proxy-keyring/subprocess");
}

int
main (int    argc,
      char **argv)
{
  /* No keyring: the secrets file is the fallback these tests see. */
  g_setenv ("DBUS_SESSION_BUS_ADDRESS", "disabled:", TRUE);

  app = ml_test_app_init (&argc, &argv, "test-app-settings");
  if (app == NULL)
    return 0;

  g_test_add_func ("/app/settings/ranges", test_ranges);
  g_test_add_func ("/app/settings/persist", test_persist);
  g_test_add_func ("/app/settings/managed", test_managed);
  g_test_add_func ("/app/settings/proxy", test_proxy);
  g_test_add_func ("/app/settings/proxy-keyring", test_proxy_keyring);
  g_test_add_func ("/app/settings/proxy-keyring/subprocess", test_proxy_keyring_subprocess);

  return ml_test_app_run ();
}
