/* test-app-window.c: the desktop app's window: templates, actions, state, German
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs under xvfb-run. Loading a template is the only check that a .ui names no
 * class or property bookworm's GTK 4.8 and libadwaita 1.2 lack, so every template
 * of the app is loaded here: the window with its four pages, the shortcuts window,
 * the preferences and the about window. GSETTINGS_BACKEND=memory keeps settings for
 * the life of the process, which is what "a second window" needs.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "ml-jobs-page.h"
#include "ml-preferences-window.h"
#include "ml-printers-page.h"
#include "ml-settings-page.h"
#include "ml-site-page.h"
#include "ml-test-app.h"
#include "ml-window.h"

static MlApplication *app;

/* A page that searches, to see win.search reach the visible page. */
#define TEST_TYPE_SEARCH_PAGE (test_search_page_get_type ())
G_DECLARE_FINAL_TYPE (TestSearchPage, test_search_page, TEST, SEARCH_PAGE, AdwBin)

struct _TestSearchPage
{
  AdwBin parent_instance;
  guint searches;
};

G_DEFINE_FINAL_TYPE (TestSearchPage, test_search_page, ADW_TYPE_BIN)

static void
test_search_page_search (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  TEST_SEARCH_PAGE (widget)->searches++;
}

static void
test_search_page_class_init (TestSearchPageClass *klass)
{
  gtk_widget_class_install_action (GTK_WIDGET_CLASS (klass), "page.search", NULL,
                                   test_search_page_search);
}

static void
test_search_page_init (TestSearchPage *self)
{
}

#define DEADLINE_S 30
#define WAIT_UNTIL(cond) ML_TEST_APP_WAIT_UNTIL (cond, DEADLINE_S)

/* The toplevel of @type, not yet destroyed, or NULL. */
static GtkWindow *
find_toplevel (GType type)
{
  g_autoptr(GListModel) toplevels = gtk_window_get_toplevels ();

  g_object_ref (toplevels);
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type))
        return window;
    }
  return NULL;
}

static void
reset_settings (void)
{
  g_autoptr(GSettings) settings = g_settings_new (SETTINGS_SCHEMA_ID);
  g_autoptr(GSettingsSchema) schema = NULL;
  g_auto(GStrv) keys = NULL;

  g_object_get (settings, "settings-schema", &schema, NULL);
  keys = g_settings_schema_list_keys (schema);
  for (guint i = 0; keys[i] != NULL; i++)
    g_settings_reset (settings, keys[i]);
}

static MlWindow *
new_window (void)
{
  MlWindow *window = ml_window_new (app);

  g_assert_true (ML_IS_WINDOW (window));
  return window;
}

static AdwViewStack *
window_stack (MlWindow *window)
{
  GtkWidget *stack = ml_test_app_find_descendant (GTK_WIDGET (window), ADW_TYPE_VIEW_STACK);

  g_assert_nonnull (stack);
  return ADW_VIEW_STACK (stack);
}

static const char *
page_title (AdwViewStack *stack,
            const char   *name)
{
  GtkWidget *child = adw_view_stack_get_child_by_name (stack, name);

  g_assert_nonnull (child);
  return adw_view_stack_page_get_title (adw_view_stack_get_page (stack, child));
}

static gboolean
window_action_enabled (MlWindow   *window,
                       const char *name)
{
  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (window), name));
  return g_action_group_get_action_enabled (G_ACTION_GROUP (window), name);
}

static void
assert_accel (const char *action,
              const char *expected)
{
  g_auto(GStrv) accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app), action);

  g_assert_nonnull (accels);
  g_assert_cmpstr (accels[0], ==, expected);
}

static void
test_templates (void)
{
  MlWindow *window;
  AdwViewStack *stack;
  g_autoptr(GtkSelectionModel) pages = NULL;
  GtkWidget *menu_button;
  GMenuModel *menu;
  GtkWindow *help_overlay;
  const struct {
    const char *name;
    const char *title;
    GType type;
  } expected[] = {
    { "site", "Site", ML_TYPE_SITE_PAGE },
    { "settings", "Collector", ML_TYPE_SETTINGS_PAGE },
    { "printers", "Printers", ML_TYPE_PRINTERS_PAGE },
    { "jobs", "Jobs", ML_TYPE_JOBS_PAGE },
  };
  const char *menu_actions[] = { "app.preferences", "app.shortcuts", "app.about" };

  reset_settings ();
  window = new_window ();
  gtk_window_present (GTK_WINDOW (window));
  WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (window)));

  g_assert_true (gtk_window_get_application (GTK_WINDOW (window)) == GTK_APPLICATION (app));
  g_assert_cmpint (gtk_widget_has_css_class (GTK_WIDGET (window), "devel"), ==,
                   g_str_has_suffix (APP_ID, ".Devel"));

  /* The four pages, in order, each of its own class. */
  stack = window_stack (window);
  pages = adw_view_stack_get_pages (stack);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (pages)), ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_autoptr(AdwViewStackPage) page = g_list_model_get_item (G_LIST_MODEL (pages), i);
      GtkWidget *child = adw_view_stack_page_get_child (page);

      g_assert_cmpstr (adw_view_stack_page_get_name (page), ==, expected[i].name);
      g_assert_cmpstr (adw_view_stack_page_get_title (page), ==, expected[i].title);
      g_assert_nonnull (adw_view_stack_page_get_icon_name (page));
      g_assert_true (G_TYPE_CHECK_INSTANCE_TYPE (child, expected[i].type));
      /* Each page's own template: its empty state. */
      g_assert_nonnull (ml_test_app_find_descendant (child, ADW_TYPE_STATUS_PAGE));
    }
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (stack), ==, "site");

  g_assert_nonnull (ml_test_app_find_descendant (GTK_WIDGET (window),
                                                 ADW_TYPE_VIEW_SWITCHER_TITLE));
  g_assert_nonnull (ml_test_app_find_descendant (GTK_WIDGET (window), ADW_TYPE_VIEW_SWITCHER_BAR));
  g_assert_nonnull (ml_test_app_find_descendant (GTK_WIDGET (window), ADW_TYPE_TOAST_OVERLAY));

  /* The primary menu, from the template. */
  menu_button = ml_test_app_find_descendant (GTK_WIDGET (window), GTK_TYPE_MENU_BUTTON);
  g_assert_nonnull (menu_button);
  menu = gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (menu_button));
  g_assert_nonnull (menu);
  g_assert_cmpint (g_menu_model_get_n_items (menu), ==, 1);
  menu = g_menu_model_get_item_link (menu, 0, G_MENU_LINK_SECTION);
  g_assert_cmpint (g_menu_model_get_n_items (menu), ==, G_N_ELEMENTS (menu_actions));
  for (guint i = 0; i < G_N_ELEMENTS (menu_actions); i++)
    {
      g_autofree char *action = NULL;

      g_assert_true (g_menu_model_get_item_attribute (menu, i, G_MENU_ATTRIBUTE_ACTION, "s",
                                                      &action));
      g_assert_cmpstr (action, ==, menu_actions[i]);
    }
  g_object_unref (menu);

  /* The shortcuts window, by GTK's help-overlay convention, shown by app.shortcuts. */
  help_overlay =
    GTK_WINDOW (gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window)));
  g_assert_true (GTK_IS_SHORTCUTS_WINDOW (help_overlay));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (help_overlay)));
  g_action_group_activate_action (G_ACTION_GROUP (app), "shortcuts", NULL);
  WAIT_UNTIL (gtk_widget_get_visible (GTK_WIDGET (help_overlay)));
  gtk_window_close (help_overlay);

  ml_test_app_close_window (window);
}

static void
test_app_actions (void)
{
  const char *names[] = { "about", "preferences", "quit", "shortcuts" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_assert_true (g_action_group_has_action (G_ACTION_GROUP (app), names[i]));
      g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (app), names[i]));
    }

  assert_accel ("app.quit", "<Control>q");
  assert_accel ("app.preferences", "<Control>comma");
  assert_accel ("app.shortcuts", "<Control>question");
  assert_accel ("win.collect-now", "<Control>r");
  assert_accel ("win.scan", "<Shift><Control>r");
  assert_accel ("win.search", "<Control>f");
  assert_accel ("win.show-page::site", "<Alt>1");
  assert_accel ("win.show-page::settings", "<Alt>2");
  assert_accel ("win.show-page::printers", "<Alt>3");
  assert_accel ("win.show-page::jobs", "<Alt>4");
}

static void
test_window_actions (void)
{
  MlWindow *window;
  AdwViewStack *stack;
  g_autoptr(GVariant) state = NULL;
  TestSearchPage *search_page;
  const char *pages[] = { "site", "settings", "printers", "jobs" };

  reset_settings ();
  window = new_window ();
  stack = window_stack (window);

  /* The engine opened in this test's XDG directories. */
  g_assert_nonnull (ml_window_get_collector (window));
  g_assert_nonnull (ml_window_get_config (window));
  g_assert_nonnull (ml_window_get_store (window));
  g_assert_true (ml_collector_get_config (ml_window_get_collector (window)) ==
                 ml_window_get_config (window));

  g_assert_true (window_action_enabled (window, "collect-now"));
  g_assert_true (window_action_enabled (window, "scan"));
  g_assert_false (window_action_enabled (window, "cancel"));
  g_assert_true (window_action_enabled (window, "show-page"));
  /* The empty pages do not search (yet). */
  g_assert_false (window_action_enabled (window, "search"));
  g_assert_false (ml_window_get_busy (window));

  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    {
      g_action_group_activate_action (G_ACTION_GROUP (window), "show-page",
                                      g_variant_new_string (pages[i]));
      g_assert_cmpstr (adw_view_stack_get_visible_child_name (stack), ==, pages[i]);
      state = g_action_group_get_action_state (G_ACTION_GROUP (window), "show-page");
      g_assert_cmpstr (g_variant_get_string (state, NULL), ==, pages[i]);
      g_clear_pointer (&state, g_variant_unref);
    }
  /* An unknown page changes nothing. */
  g_action_group_activate_action (G_ACTION_GROUP (window), "show-page",
                                  g_variant_new_string ("nonsense"));
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (stack), ==, "jobs");

  /* Switching the stack directly (the switcher) moves the action's state too. */
  adw_view_stack_set_visible_child_name (stack, "printers");
  state = g_action_group_get_action_state (G_ACTION_GROUP (window), "show-page");
  g_assert_cmpstr (g_variant_get_string (state, NULL), ==, "printers");

  /* win.search follows the visible page and reaches it. */
  search_page = g_object_new (TEST_TYPE_SEARCH_PAGE, NULL);
  adw_view_stack_add_titled (stack, GTK_WIDGET (search_page), "test", "Test");
  adw_view_stack_set_visible_child_name (stack, "test");
  g_assert_true (window_action_enabled (window, "search"));
  g_action_group_activate_action (G_ACTION_GROUP (window), "search", NULL);
  g_assert_cmpuint (search_page->searches, ==, 1);
  adw_view_stack_set_visible_child_name (stack, "site");
  g_assert_false (window_action_enabled (window, "search"));

  ml_test_app_close_window (window);
}

static void
on_collected (MlWindow       *window,
              MlCycleSummary *summary,
              gpointer        user_data)
{
  MlCycleSummary **out = user_data;

  g_set_object (out, summary);
}

static void
on_scanned (MlWindow  *window,
            GPtrArray *results,
            gpointer   user_data)
{
  int *out = user_data;

  *out = (int) results->len;
}

static void
test_collect (void)
{
  MlWindow *window;
  MlCollectorConfig *config;
  g_autoptr(MlCycleSummary) summary = NULL;
  g_autoptr(GError) error = NULL;
  int scanned = -1;

  reset_settings ();
  window = new_window ();
  config = ml_window_get_config (window);
  g_signal_connect (window, "collected", G_CALLBACK (on_collected), &summary);
  g_signal_connect (window, "scanned", G_CALLBACK (on_scanned), &scanned);

  /* Without address ranges there is nothing to start: a toast says so. */
  g_action_group_activate_action (G_ACTION_GROUP (window), "collect-now", NULL);
  g_assert_false (ml_window_get_busy (window));
  g_action_group_activate_action (G_ACTION_GROUP (window), "scan", NULL);
  g_assert_false (ml_window_get_busy (window));

  /* A loopback port where nothing listens: the cycle finds no printer, quickly. */
  g_assert_true (ml_collector_config_set (config, "ranges", "127.0.0.1", &error));
  g_assert_no_error (error);
  g_assert_true (ml_collector_config_set (config, "port", "9", &error));
  g_assert_no_error (error);
  g_assert_true (ml_collector_config_set (config, "probe-timeout", "200", &error));
  g_assert_no_error (error);

  g_action_group_activate_action (G_ACTION_GROUP (window), "collect-now", NULL);
  g_assert_true (ml_window_get_busy (window));
  g_assert_false (window_action_enabled (window, "collect-now"));
  g_assert_false (window_action_enabled (window, "scan"));
  g_assert_true (window_action_enabled (window, "cancel"));
  WAIT_UNTIL (!ml_window_get_busy (window));
  g_assert_nonnull (summary);
  g_assert_cmpuint (ml_cycle_summary_get_found (summary), ==, 0);
  g_assert_true (window_action_enabled (window, "collect-now"));
  g_assert_false (window_action_enabled (window, "cancel"));

  g_action_group_activate_action (G_ACTION_GROUP (window), "scan", NULL);
  g_assert_true (ml_window_get_busy (window));
  WAIT_UNTIL (!ml_window_get_busy (window));
  g_assert_cmpint (scanned, ==, 0);

  /* Cancelled at once: no summary, and the window is ready again. */
  g_clear_object (&summary);
  g_action_group_activate_action (G_ACTION_GROUP (window), "collect-now", NULL);
  g_action_group_activate_action (G_ACTION_GROUP (window), "cancel", NULL);
  WAIT_UNTIL (!ml_window_get_busy (window));
  g_assert_null (summary);
  g_assert_true (window_action_enabled (window, "collect-now"));

  ml_test_app_close_window (window);
}

static void
test_state (void)
{
  g_autoptr(GSettings) settings = g_settings_new (SETTINGS_SCHEMA_ID);
  MlWindow *window;
  int width, height;

  reset_settings ();

  window = new_window ();
  gtk_window_set_default_size (GTK_WINDOW (window), 640, 480);
  adw_view_stack_set_visible_child_name (window_stack (window), "printers");
  ml_test_app_close_window (window);

  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 640);
  g_assert_cmpint (g_settings_get_int (settings, "window-height"), ==, 480);
  g_assert_false (g_settings_get_boolean (settings, "window-maximized"));

  /* A second window opens as the first one closed. */
  window = new_window ();
  gtk_window_get_default_size (GTK_WINDOW (window), &width, &height);
  g_assert_cmpint (width, ==, 640);
  g_assert_cmpint (height, ==, 480);
  g_assert_false (gtk_window_is_maximized (GTK_WINDOW (window)));
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (window_stack (window)), ==, "printers");
  ml_test_app_close_window (window);

  /* GTK 4.8 reports a window maximized only once a window manager said so, and
   * Xvfb has none: a window asked to open maximized is not, and says so on close,
   * keeping its size. */
  g_settings_set_boolean (settings, "window-maximized", TRUE);
  window = new_window ();
  ml_test_app_close_window (window);
  g_assert_false (g_settings_get_boolean (settings, "window-maximized"));
  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 640);
  g_assert_cmpint (g_settings_get_int (settings, "window-height"), ==, 480);
}

static void
test_preferences (void)
{
  g_autoptr(GSettings) settings = g_settings_new (SETTINGS_SCHEMA_ID);
  MlWindow *window;
  GtkWindow *preferences;
  GtkWidget *spin;

  reset_settings ();
  window = new_window ();

  g_action_group_activate_action (G_ACTION_GROUP (app), "preferences", NULL);
  preferences = find_toplevel (ML_TYPE_PREFERENCES_WINDOW);
  g_assert_nonnull (preferences);
  g_assert_true (gtk_window_get_transient_for (preferences) == GTK_WINDOW (window));

  spin = ml_test_app_find_descendant (GTK_WIDGET (preferences), GTK_TYPE_SPIN_BUTTON);
  g_assert_nonnull (spin);
  g_assert_cmpint (gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (spin)), ==, 30);
  g_settings_set_uint (settings, "live-refresh-interval", 120);
  g_assert_cmpint (gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (spin)), ==, 120);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), 45);
  g_assert_cmpuint (g_settings_get_uint (settings, "live-refresh-interval"), ==, 45);
  /* The schema's range holds in the window too. */
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), 1);
  g_assert_cmpuint (g_settings_get_uint (settings, "live-refresh-interval"), ==, 5);

  gtk_window_destroy (preferences);
  ml_test_app_close_window (window);
}

static void
test_about (void)
{
  MlWindow *window;
  GtkWindow *about;

  window = new_window ();

  g_action_group_activate_action (G_ACTION_GROUP (app), "about", NULL);
  about = find_toplevel (ADW_TYPE_ABOUT_WINDOW);
  g_assert_nonnull (about);
  g_assert_true (gtk_window_get_transient_for (about) == GTK_WINDOW (window));
  g_assert_cmpstr (adw_about_window_get_application_name (ADW_ABOUT_WINDOW (about)), ==,
                   "Meterlink");
  g_assert_cmpstr (adw_about_window_get_version (ADW_ABOUT_WINDOW (about)), ==,
                   PACKAGE_VERSION);
  g_assert_cmpstr (adw_about_window_get_application_icon (ADW_ABOUT_WINDOW (about)), ==,
                   APP_ID);
  g_assert_cmpint (adw_about_window_get_license_type (ADW_ABOUT_WINDOW (about)), ==,
                   GTK_LICENSE_GPL_3_0);

  gtk_window_destroy (about);
  ml_test_app_close_window (window);
}

static void
test_quit (void)
{
  g_autoptr(GSettings) settings = g_settings_new (SETTINGS_SCHEMA_ID);
  g_autofree char *page = NULL;
  MlWindow *window;

  reset_settings ();
  window = new_window ();
  gtk_window_present (GTK_WINDOW (window));
  WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (window)));
  adw_view_stack_set_visible_child_name (window_stack (window), "jobs");

  /* app.quit closes the windows, which save their state, rather than dropping them. */
  g_action_group_activate_action (G_ACTION_GROUP (app), "quit", NULL);
  WAIT_UNTIL (gtk_application_get_windows (GTK_APPLICATION (app)) == NULL);
  page = g_settings_get_string (settings, "last-page");
  g_assert_cmpstr (page, ==, "jobs");
}

/* In a child process started with LANGUAGE=de (see test_german). */
static void
test_german_subprocess (void)
{
  MlWindow *window;
  AdwViewStack *stack;

  if (!g_test_subprocess ())
    {
      g_test_skip ("run by /app/window/german");
      return;
    }

  reset_settings ();
  window = new_window ();
  stack = window_stack (window);

  g_assert_cmpstr (page_title (stack, "site"), ==, "Standort");
  g_assert_cmpstr (page_title (stack, "settings"), ==, "Erfassung");
  g_assert_cmpstr (page_title (stack, "printers"), ==, "Drucker");
  g_assert_cmpstr (page_title (stack, "jobs"), ==, "Aufträge");
  g_assert_cmpstr (_("No Printers Yet"), ==, "Noch keine Drucker");

  ml_test_app_close_window (window);
}

static void
test_german (void)
{
  g_setenv ("LANGUAGE", "de", TRUE);
  g_test_trap_subprocess ("/app/window/german/subprocess", 0,
                          G_TEST_SUBPROCESS_INHERIT_STDOUT | G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_unsetenv ("LANGUAGE");
  g_test_trap_assert_passed ();
}

int
main (int    argc,
      char **argv)
{
  app = ml_test_app_init (&argc, &argv, "test-app-window");
  if (app == NULL)
    return 0;

  g_test_add_func ("/app/window/templates", test_templates);
  g_test_add_func ("/app/window/app-actions", test_app_actions);
  g_test_add_func ("/app/window/actions", test_window_actions);
  g_test_add_func ("/app/window/collect", test_collect);
  g_test_add_func ("/app/window/state", test_state);
  g_test_add_func ("/app/window/preferences", test_preferences);
  g_test_add_func ("/app/window/about", test_about);
  g_test_add_func ("/app/window/quit", test_quit);
  g_test_add_func ("/app/window/german", test_german);
  g_test_add_func ("/app/window/german/subprocess", test_german_subprocess);

  return ml_test_app_run ();
}
