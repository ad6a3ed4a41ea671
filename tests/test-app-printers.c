/* test-app-printers.c: the Printers page and a printer's page against a simulated fleet
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs under xvfb-run. Each test starts from an empty store and default collector
 * settings in this run's own XDG folders (not G_TEST_OPTION_ISOLATE_DIRS: without
 * the system's XDG_DATA_DIRS there is no MIME database, and no icon loads); the window's
 * win.collect-now runs the real engine against a few simulated printers, and the
 * page is compared with the simulator's /truth. Every wait is on an event with a
 * deadline.
 */
#include "config.h"


#include "ml-ink-bar.h"
#include "ml-printer-page.h"
#include "ml-printer-row.h"
#include "ml-printers-page.h"
#include "ml-test-app.h"
#include "ml-test-collector.h"
#include "ml-test-fleet.h"
#include "ml-window.h"

#define N_PRINTERS 3
#define FIRST_ADDRESS "127.0.5.1"
#define RANGES "127.0.5.1-127.0.5.3"
#define DEADLINE_S 120

static MlApplication *app;

/* Enough queue that no job leaves the truth between collections. */
static const char * const sim_args[] = { "--queue-depth", "2000", "--history", "24", NULL };

typedef struct
{
  MlTestFleet *fleet;
  MlWindow *window;
  MlPrintersPage *page;
  MlCycleSummary *summary;
  gboolean collected;
} Fixture;

#define WAIT_UNTIL(cond) ML_TEST_APP_WAIT_UNTIL (cond, DEADLINE_S)

static guint
count_descendants (GtkWidget *widget,
                   GType      type)
{
  guint n = G_TYPE_CHECK_INSTANCE_TYPE (widget, type) ? 1 : 0;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n += count_descendants (child, type);
  return n;
}

/* The preferences group titled @title. */
static GtkWidget *
find_group (GtkWidget  *widget,
            const char *title)
{
  if (ADW_IS_PREFERENCES_GROUP (widget) &&
      g_strcmp0 (adw_preferences_group_get_title (ADW_PREFERENCES_GROUP (widget)), title) == 0)
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_group (child, title);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* Fixture ------------------------------------------------------------------------------ */

static void
on_collected (MlWindow       *window,
              MlCycleSummary *summary,
              Fixture        *fixture)
{
  g_set_object (&fixture->summary, summary);
  fixture->collected = TRUE;
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new (SETTINGS_SCHEMA_ID);
  MlCollectorConfig *config;
  AdwViewStack *stack;
  g_autofree char *port = NULL;

  fixture->fleet = ml_test_fleet_start (N_PRINTERS, FIRST_ADDRESS, 11, sim_args);
  if (fixture->fleet == NULL)
    return;

  /* No live read unless a test asks for one: the collections are what is compared. */
  g_settings_set_uint (settings, "live-refresh-interval", 3600);
  g_settings_set_string (settings, "last-page", "printers");

  ml_test_app_remove_store ();
  fixture->window = ml_window_new (app);
  g_signal_connect (fixture->window, "collected", G_CALLBACK (on_collected), fixture);
  config = ml_window_get_config (fixture->window);
  g_assert_nonnull (config);
  port = g_strdup_printf ("%u", ml_test_fleet_get_port (fixture->fleet));
  ml_test_collector_set_config (config, "ranges", RANGES);
  ml_test_collector_set_config (config, "port", port);
  ml_test_collector_set_config (config, "probe-timeout", "1000");
  ml_test_collector_set_config (config, "timeout", "20000");

  stack = ADW_VIEW_STACK (ml_test_app_find_descendant (GTK_WIDGET (fixture->window),
                                                       ADW_TYPE_VIEW_STACK));
  fixture->page = ML_PRINTERS_PAGE (adw_view_stack_get_child_by_name (stack, "printers"));
  g_assert_true (ML_IS_PRINTERS_PAGE (fixture->page));

  gtk_window_present (GTK_WINDOW (fixture->window));
  WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (fixture->page)));
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  if (fixture->window != NULL)
    {
      ml_test_app_destroy_window (fixture->window);
    }
  g_clear_object (&fixture->summary);
  if (fixture->fleet != NULL)
    ml_test_fleet_stop (g_steal_pointer (&fixture->fleet));
}

static void
collect (Fixture *fixture)
{
  fixture->collected = FALSE;
  g_action_group_activate_action (G_ACTION_GROUP (fixture->window), "collect-now", NULL);
  g_assert_true (ml_window_get_busy (fixture->window));
  WAIT_UNTIL (fixture->collected);
  g_assert_cmpuint (ml_cycle_summary_get_read (fixture->summary), ==, N_PRINTERS);
  g_assert_cmpuint (ml_cycle_summary_get_failed (fixture->summary), ==, 0);
}

static MlPrinterRow *
row_at (Fixture *fixture,
        guint    position)
{
  GListModel *printers = ml_printers_page_get_printers (fixture->page);
  g_autoptr(MlPrinterRow) row = g_list_model_get_item (printers, position);

  return row;
}

static MlPrinterRow *
row_of (Fixture    *fixture,
        const char *serial)
{
  GListModel *printers = ml_printers_page_get_printers (fixture->page);

  for (guint i = 0; i < g_list_model_get_n_items (printers); i++)
    {
      MlPrinterRow *row = row_at (fixture, i);

      if (g_strcmp0 (ml_printer_row_get_serial (row), serial) == 0)
        return row;
    }
  return NULL;
}

/* Every row's readings have every row complete once the page loaded the store. */
static gboolean
page_holds_fleet (Fixture *fixture)
{
  GListModel *printers = ml_printers_page_get_printers (fixture->page);

  if (g_list_model_get_n_items (printers) != N_PRINTERS)
    return FALSE;
  for (guint i = 0; i < N_PRINTERS; i++)
    if (ml_printer_row_get_reading (row_at (fixture, i)) == NULL)
      return FALSE;
  return TRUE;
}

static JsonObject *
truth_printer (JsonNode   *truth,
               const char *serial)
{
  JsonArray *printers = json_object_get_array_member (json_node_get_object (truth), "printers");

  for (guint i = 0; i < json_array_get_length (printers); i++)
    {
      JsonObject *printer = json_array_get_object_element (printers, i);

      if (g_strcmp0 (json_object_get_string_member (printer, "serial"), serial) == 0)
        return printer;
    }
  g_error ("No printer %s in the truth", serial);
}

/* The row's cartridges hold the truth's levels, slot by slot. */
static void
assert_cartridges_match (MlPrinterRow *row,
                         JsonObject   *truth)
{
  JsonArray *consumables = json_object_get_array_member (truth, "consumables");
  GListModel *cartridges = ml_printer_reading_get_cartridges (ml_printer_row_get_reading (row));

  g_assert_cmpuint (g_list_model_get_n_items (cartridges), ==,
                    json_array_get_length (consumables));
  for (guint i = 0; i < json_array_get_length (consumables); i++)
    {
      JsonObject *expected = json_array_get_object_element (consumables, i);
      int slot = (int) json_object_get_int_member (expected, "slot");
      gboolean found = FALSE;

      for (guint j = 0; j < g_list_model_get_n_items (cartridges); j++)
        {
          g_autoptr(MlCartridge) cartridge = g_list_model_get_item (cartridges, j);

          if (ml_cartridge_get_slot (cartridge) != slot)
            continue;
          found = TRUE;
          g_assert_cmpint (ml_cartridge_get_level_ul (cartridge), ==,
                           json_object_get_int_member_with_default (expected, "level_ul", -1));
        }
      g_assert_true (found);
    }
}

static gint64
cartridge_total_ul (MlPrinterRow *row)
{
  GListModel *cartridges = ml_printer_reading_get_cartridges (ml_printer_row_get_reading (row));
  gint64 total = 0;

  for (guint i = 0; i < g_list_model_get_n_items (cartridges); i++)
    {
      g_autoptr(MlCartridge) cartridge = g_list_model_get_item (cartridges, i);

      total += ml_cartridge_get_level_ul (cartridge);
    }
  return total;
}

static void
count_notify (GObject    *object,
              GParamSpec *pspec,
              guint      *counter)
{
  (*counter)++;
}

static void
count_items_changed (GListModel *model,
                     guint       position,
                     guint       removed,
                     guint       added,
                     guint      *counter)
{
  (*counter)++;
}

/* Tests -------------------------------------------------------------------------------- */

/* The page holds exactly the fleet after a collection, each printer with its status. */
static void
test_fleet (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(JsonNode) truth = NULL;
  g_autoptr(GHashTable) serials = g_hash_table_new (g_str_hash, g_str_equal);
  GtkWidget *stack;

  if (fixture->fleet == NULL)
    return;

  /* Nothing collected yet: the empty state. */
  stack = gtk_widget_get_parent (ml_test_app_find_descendant (GTK_WIDGET (fixture->page),
                                                              ADW_TYPE_STATUS_PAGE));
  g_assert_true (GTK_IS_STACK (stack));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (stack)), ==, "empty");
  g_assert_cmpuint (g_list_model_get_n_items (ml_printers_page_get_printers (fixture->page)), ==, 0);

  collect (fixture);
  WAIT_UNTIL (page_holds_fleet (fixture));

  truth = ml_test_fleet_truth (fixture->fleet);
  for (guint i = 0; i < N_PRINTERS; i++)
    {
      const char *serial = ml_test_fleet_get_serial (fixture->fleet, i);
      MlPrinterRow *row = row_of (fixture, serial);
      JsonObject *expected = truth_printer (truth, serial);

      g_assert_nonnull (row);
      g_hash_table_add (serials, (gpointer) serial);
      g_assert_cmpstr (ml_printer_row_get_address (row), ==,
                       ml_test_fleet_get_address (fixture->fleet, i));
      g_assert_cmpstr (ml_printer_row_get_model (row), ==,
                       json_object_get_string_member (expected, "model"));
      g_assert_nonnull (ml_printer_row_get_status_label (row));
      g_assert_nonnull (ml_printer_row_get_status_icon_name (row));
      g_assert_cmpint (ml_printer_row_get_lowest_ink (row), >=, 0);
      g_assert_cmpint (ml_printer_row_get_lowest_ink (row), <=, 100);
      g_assert_nonnull (ml_printer_row_get_lowest_ink_color (row));
      g_assert_cmpint (ml_printer_row_get_last_seen (row), >, 0);
      g_assert_null (ml_printer_row_get_last_error (row));
      assert_cartridges_match (row, expected);
    }
  g_assert_cmpuint (g_hash_table_size (serials), ==, N_PRINTERS);

  /* The list, not the empty state, is shown, with a row per printer. */
  g_assert_true (GTK_IS_STACK (stack));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (stack)), ==, "printers");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (gtk_column_view_get_model (
                      GTK_COLUMN_VIEW (ml_test_app_find_descendant (GTK_WIDGET (fixture->page),
                                                                    GTK_TYPE_COLUMN_VIEW))))), ==,
                    N_PRINTERS);
}

/* A second collection after the ink ran down updates the same row objects, which
 * notify; the list is never rebuilt. */
static void
test_in_place (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(JsonNode) truth = NULL;
  GListModel *printers;
  MlPrinterRow *rows[N_PRINTERS];
  gint64 before[N_PRINTERS];
  guint reading_notifies[N_PRINTERS] = { 0 };
  guint items_changed = 0;
  gboolean some_level_changed = FALSE;

  if (fixture->fleet == NULL)
    return;

  collect (fixture);
  WAIT_UNTIL (page_holds_fleet (fixture));

  printers = ml_printers_page_get_printers (fixture->page);
  g_signal_connect (printers, "items-changed", G_CALLBACK (count_items_changed), &items_changed);
  for (guint i = 0; i < N_PRINTERS; i++)
    {
      rows[i] = g_object_ref (row_at (fixture, i));
      before[i] = cartridge_total_ul (rows[i]);
      g_signal_connect (rows[i], "notify::reading", G_CALLBACK (count_notify),
                        &reading_notifies[i]);
    }

  /* Two days of jobs and nightly servicing draw ink from every cartridge. */
  ml_test_fleet_advance (fixture->fleet, 2 * 24 * 3600);
  collect (fixture);
  truth = ml_test_fleet_truth (fixture->fleet);

  for (guint i = 0; i < N_PRINTERS; i++)
    {
      /* The collector's readings and the store's reload both notify. */
      WAIT_UNTIL (reading_notifies[i] >= 1);
      g_assert_true (row_at (fixture, i) == rows[i]);
      assert_cartridges_match (rows[i], truth_printer (truth, ml_printer_row_get_serial (rows[i])));
      if (cartridge_total_ul (rows[i]) != before[i])
        some_level_changed = TRUE;
    }
  g_assert_true (some_level_changed);
  g_assert_cmpuint (items_changed, ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (printers), ==, N_PRINTERS);

  g_signal_handlers_disconnect_by_func (printers, count_items_changed, &items_changed);
  for (guint i = 0; i < N_PRINTERS; i++)
    {
      g_signal_handlers_disconnect_by_func (rows[i], count_notify, &reading_notifies[i]);
      g_object_unref (rows[i]);
    }
}

/* A printer's page shows a bar per cartridge, the printheads, and its latest jobs. */
static void
test_printer_page (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(JsonNode) truth = NULL;
  const char *serial;
  JsonObject *expected;
  MlPrinterPage *printer_page;
  AdwLeaflet *leaflet;
  GtkWidget *cartridges_list;
  GtkWidget *jobs_group;
  guint n_cartridges;
  guint n_jobs;

  if (fixture->fleet == NULL)
    return;

  collect (fixture);
  WAIT_UNTIL (page_holds_fleet (fixture));
  truth = ml_test_fleet_truth (fixture->fleet);

  serial = ml_test_fleet_get_serial (fixture->fleet, 1);
  expected = truth_printer (truth, serial);
  n_cartridges = json_array_get_length (json_object_get_array_member (expected, "consumables"));
  g_assert_cmpuint (n_cartridges, >, 0);

  g_assert_false (ml_printers_page_show_printer (fixture->page, "NO-SUCH-SERIAL"));
  g_assert_true (ml_printers_page_show_printer (fixture->page, serial));
  leaflet = ADW_LEAFLET (ml_test_app_find_descendant (GTK_WIDGET (fixture->page),
                                                      ADW_TYPE_LEAFLET));
  g_assert_cmpstr (adw_leaflet_get_visible_child_name (leaflet), ==, "printer");

  printer_page = ML_PRINTER_PAGE (ml_test_app_find_descendant (GTK_WIDGET (fixture->page),
                                                               ML_TYPE_PRINTER_PAGE));
  g_assert_nonnull (printer_page);
  g_assert_true (ml_printer_page_get_printer (printer_page) == row_of (fixture, serial));
  g_assert_cmpuint (g_list_model_get_n_items (ml_printer_page_get_cartridges (printer_page)), ==,
                    n_cartridges);

  /* One row and one ink bar per cartridge, in the cartridges' list. */
  cartridges_list = gtk_widget_get_parent (ml_test_app_find_descendant (GTK_WIDGET (printer_page),
                                                                        ML_TYPE_INK_BAR));
  while (cartridges_list != NULL && !GTK_IS_LIST_BOX (cartridges_list))
    cartridges_list = gtk_widget_get_parent (cartridges_list);
  g_assert_nonnull (cartridges_list);
  g_assert_cmpuint (count_descendants (cartridges_list, ADW_TYPE_ACTION_ROW), ==, n_cartridges);
  g_assert_cmpuint (count_descendants (cartridges_list, ML_TYPE_INK_BAR), ==, n_cartridges);
  g_assert_cmpuint (count_descendants (GTK_WIDGET (printer_page), ML_TYPE_INK_BAR), ==,
                    n_cartridges);

  /* Printheads have a health bar each. */
  g_assert_cmpuint (count_descendants (GTK_WIDGET (printer_page), GTK_TYPE_LEVEL_BAR), ==,
                    n_cartridges +
                    json_array_get_length (json_object_get_array_member (expected, "printheads")));

  /* The latest jobs arrive from the store. */
  jobs_group = find_group (GTK_WIDGET (printer_page), "Latest Jobs");
  g_assert_nonnull (jobs_group);
  n_jobs = MIN (10, json_array_get_length (json_object_get_array_member (expected, "jobs")));
  WAIT_UNTIL (count_descendants (jobs_group, ADW_TYPE_ACTION_ROW) == n_jobs);
  g_assert_cmpint (gtk_widget_get_visible (jobs_group), ==, n_jobs > 0);

  gtk_widget_activate_action (GTK_WIDGET (fixture->page), "page.back", NULL);
  g_assert_cmpstr (adw_leaflet_get_visible_child_name (leaflet), ==, "list");
}

static guint
n_shown (Fixture *fixture)
{
  GtkColumnView *view = GTK_COLUMN_VIEW (ml_test_app_find_descendant (GTK_WIDGET (fixture->page),
                                                                      GTK_TYPE_COLUMN_VIEW));

  return g_list_model_get_n_items (G_LIST_MODEL (gtk_column_view_get_model (view)));
}

/* The row the view shows at @position (the store keeps no reference of ours). */
static MlPrinterRow *
shown_at (Fixture *fixture,
          guint    position)
{
  GtkColumnView *view = GTK_COLUMN_VIEW (ml_test_app_find_descendant (GTK_WIDGET (fixture->page),
                                                                      GTK_TYPE_COLUMN_VIEW));
  g_autoptr(MlPrinterRow) row = g_list_model_get_item (G_LIST_MODEL (gtk_column_view_get_model (view)),
                                                       position);

  return row;
}

static void
sort_by (Fixture     *fixture,
         const char  *title,
         GtkSortType  order)
{
  GtkColumnView *view = GTK_COLUMN_VIEW (ml_test_app_find_descendant (GTK_WIDGET (fixture->page),
                                                                      GTK_TYPE_COLUMN_VIEW));
  GListModel *columns = gtk_column_view_get_columns (view);

  for (guint i = 0; i < g_list_model_get_n_items (columns); i++)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, i);

      if (g_strcmp0 (gtk_column_view_column_get_title (column), title) == 0)
        {
          g_assert_nonnull (gtk_column_view_column_get_sorter (column));
          gtk_column_view_sort_by_column (view, column, order);
          return;
        }
    }
  g_error ("No column %s", title);
}

static void
search (Fixture    *fixture,
        GtkWidget  *entry,
        const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (entry), text);
  /* GtkSearchEntry waits a moment before it says the search changed. */
  g_signal_emit_by_name (entry, "search-changed");
}

/* The search entry filters by model, serial number and address; win.search (Ctrl+F)
 * reaches it; the column headers sort. */
static void
test_search (Fixture       *fixture,
             gconstpointer  data)
{
  GtkWidget *entry;
  GtkWidget *focus;
  const char *model;
  guint n_model = 0;

  if (fixture->fleet == NULL)
    return;

  collect (fixture);
  WAIT_UNTIL (page_holds_fleet (fixture));
  entry = ml_test_app_find_descendant (GTK_WIDGET (fixture->page), GTK_TYPE_SEARCH_ENTRY);
  g_assert_nonnull (entry);

  g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (fixture->window), "search"));
  g_action_group_activate_action (G_ACTION_GROUP (fixture->window), "search", NULL);
  focus = gtk_root_get_focus (GTK_ROOT (fixture->window));
  g_assert_true (focus == entry || gtk_widget_is_ancestor (focus, entry));

  g_assert_cmpuint (n_shown (fixture), ==, N_PRINTERS);

  search (fixture, entry, ml_test_fleet_get_serial (fixture->fleet, 1));
  WAIT_UNTIL (n_shown (fixture) == 1);

  search (fixture, entry, ml_test_fleet_get_address (fixture->fleet, 2));
  WAIT_UNTIL (n_shown (fixture) == 1);
  {
    GtkColumnView *view = GTK_COLUMN_VIEW (ml_test_app_find_descendant (GTK_WIDGET (fixture->page),
                                                                        GTK_TYPE_COLUMN_VIEW));
    g_autoptr(MlPrinterRow) row = g_list_model_get_item (G_LIST_MODEL (gtk_column_view_get_model (view)), 0);

    g_assert_cmpstr (ml_printer_row_get_serial (row), ==,
                     ml_test_fleet_get_serial (fixture->fleet, 2));
  }

  /* A model name matches every printer of that model, whatever the case. */
  model = ml_printer_row_get_model (row_at (fixture, 0));
  for (guint i = 0; i < N_PRINTERS; i++)
    if (g_strcmp0 (ml_printer_row_get_model (row_at (fixture, i)), model) == 0)
      n_model++;
  {
    g_autofree char *lower = g_utf8_strdown (model, -1);

    search (fixture, entry, lower);
    WAIT_UNTIL (n_shown (fixture) == n_model);
  }

  search (fixture, entry, "no printer is called this");
  WAIT_UNTIL (n_shown (fixture) == 0);

  search (fixture, entry, "");
  WAIT_UNTIL (n_shown (fixture) == N_PRINTERS);

  /* The column headers sort: serial numbers down, addresses up in numeric order. */
  sort_by (fixture, "Serial Number", GTK_SORT_DESCENDING);
  for (guint i = 1; i < N_PRINTERS; i++)
    g_assert_cmpstr (ml_printer_row_get_serial (shown_at (fixture, i - 1)), >,
                     ml_printer_row_get_serial (shown_at (fixture, i)));
  sort_by (fixture, "Address", GTK_SORT_ASCENDING);
  for (guint i = 0; i < N_PRINTERS; i++)
    g_assert_cmpstr (ml_printer_row_get_address (shown_at (fixture, i)), ==,
                     ml_test_fleet_get_address (fixture->fleet, i));
}

/* page.refresh reads status and consumables now, into the same rows; the store's
 * jobs are not touched. */
static void
test_live_refresh (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(JsonNode) truth = NULL;
  MlCollectorStore *store;
  guint reading_notifies[N_PRINTERS] = { 0 };
  MlPrinterRow *rows[N_PRINTERS];
  gint64 jobs_before;

  if (fixture->fleet == NULL)
    return;

  collect (fixture);
  WAIT_UNTIL (page_holds_fleet (fixture));
  store = ml_window_get_store (fixture->window);
  jobs_before = ml_collector_store_count_jobs (store, NULL, 0, NULL);

  for (guint i = 0; i < N_PRINTERS; i++)
    {
      rows[i] = row_at (fixture, i);
      g_signal_connect (rows[i], "notify::reading", G_CALLBACK (count_notify),
                        &reading_notifies[i]);
    }

  ml_test_fleet_advance (fixture->fleet, 24 * 3600);
  gtk_widget_activate_action (GTK_WIDGET (fixture->page), "page.refresh", NULL);
  for (guint i = 0; i < N_PRINTERS; i++)
    WAIT_UNTIL (reading_notifies[i] >= 1);

  truth = ml_test_fleet_truth (fixture->fleet);
  for (guint i = 0; i < N_PRINTERS; i++)
    {
      g_assert_true (row_at (fixture, i) == rows[i]);
      assert_cartridges_match (rows[i], truth_printer (truth, ml_printer_row_get_serial (rows[i])));
      /* What a live read does not fetch stays as collected. */
      g_assert_cmpstr (ml_identity_get_serial_number (ml_printer_reading_get_identity (
                         ml_printer_row_get_reading (rows[i]))), ==,
                       ml_printer_row_get_serial (rows[i]));
      g_signal_handlers_disconnect_by_func (rows[i], count_notify, &reading_notifies[i]);
    }
  g_assert_cmpint (ml_collector_store_count_jobs (store, NULL, 0, NULL), ==, jobs_before);

  /* A printer that stops answering says so in its row. */
  ml_test_fleet_fault (fixture->fleet, 0, "offline");
  gtk_widget_activate_action (GTK_WIDGET (fixture->page), "page.refresh", NULL);
  WAIT_UNTIL (ml_printer_row_get_last_error (row_of (fixture, ml_test_fleet_get_serial (fixture->fleet, 0))) != NULL);
  g_assert_cmpstr (ml_printer_row_get_status_icon_name (row_of (fixture, ml_test_fleet_get_serial (fixture->fleet, 0))), ==,
                   "network-offline-symbolic");
  ml_test_fleet_clear_faults (fixture->fleet, 0);
}

static MlPrinterReading *
reading_with_alert (const char *serial,
                    MlSeverity  severity,
                    const char *code)
{
  MlPrinterReading *reading = ml_printer_reading_new ();

  ml_identity_set_serial_number (ml_printer_reading_get_identity (reading), serial);
  ml_identity_set_model_name (ml_printer_reading_get_identity (reading), "DesignJet Test");
  if (code != NULL)
    {
      g_autoptr(MlAlert) alert = ml_alert_new ();

      ml_alert_set_code (alert, code);
      ml_alert_set_severity (alert, severity);
      ml_alert_set_description (alert, "Out of paper");
      ml_printer_reading_add_alert (reading, alert);
    }
  return reading;
}

static void
assert_alert_ids (Fixture    *fixture,
                  const char *expected)
{
  g_auto(GStrv) ids = ml_printers_page_dup_alert_ids (fixture->page);
  g_autofree char *joined = g_strjoinv (",", ids);

  g_assert_cmpstr (joined, ==, expected);
}

/* An error alert in a new reading raises one notification per printer and alert,
 * withdrawn when the printer no longer reports it; warnings raise none. */
static void
test_alerts (Fixture       *fixture,
             gconstpointer  data)
{
  MlCollector *collector;
  g_autoptr(MlPrinterReading) error_reading = NULL;
  g_autoptr(MlPrinterReading) warning_reading = NULL;
  g_autoptr(MlPrinterReading) clear_reading = NULL;
  g_autoptr(MlPrinterReading) other_reading = NULL;

  if (fixture->fleet == NULL)
    return;

  collector = ml_window_get_collector (fixture->window);
  error_reading = reading_with_alert ("CN00000001", ML_SEVERITY_ERROR, "OutOfPaper");
  warning_reading = reading_with_alert ("CN00000001", ML_SEVERITY_WARNING, "PaperLow");
  clear_reading = reading_with_alert ("CN00000001", ML_SEVERITY_ERROR, NULL);
  other_reading = reading_with_alert ("CN00000002", ML_SEVERITY_ERROR, "OutOfPaper");

  assert_alert_ids (fixture, "");
  g_signal_emit_by_name (collector, "printer-read", "CN00000001", warning_reading);
  assert_alert_ids (fixture, "");
  g_signal_emit_by_name (collector, "printer-read", "CN00000001", error_reading);
  assert_alert_ids (fixture, "printer-alert-CN00000001-OutOfPaper");
  /* Seen again: still the one notification. */
  g_signal_emit_by_name (collector, "printer-read", "CN00000001", error_reading);
  g_signal_emit_by_name (collector, "printer-read", "CN00000002", other_reading);
  assert_alert_ids (fixture, "printer-alert-CN00000001-OutOfPaper,"
                             "printer-alert-CN00000002-OutOfPaper");
  /* Cleared on one printer only. */
  g_signal_emit_by_name (collector, "printer-read", "CN00000001", clear_reading);
  assert_alert_ids (fixture, "printer-alert-CN00000002-OutOfPaper");
}

/* The ink bar's template, standalone: a class per colour, percent text. */
static void
test_ink_bar (void)
{
  GtkWidget *bar = g_object_ref_sink (ml_ink_bar_new ());
  GtkWidget *level_bar = ml_test_app_find_descendant (bar, GTK_TYPE_LEVEL_BAR);
  GtkWidget *label = ml_test_app_find_descendant (bar, GTK_TYPE_LABEL);

  g_assert_nonnull (level_bar);
  g_assert_nonnull (label);
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (label)), ==, "—");

  ml_ink_bar_set_color (ML_INK_BAR (bar), "matte-black");
  ml_ink_bar_set_level (ML_INK_BAR (bar), 42);
  g_assert_true (gtk_widget_has_css_class (level_bar, "ink-matte-black"));
  g_assert_cmpfloat (gtk_level_bar_get_value (GTK_LEVEL_BAR (level_bar)), ==, 42);
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (label)), ==, "42 %");
  g_assert_cmpstr (ml_ink_bar_color_label ("matte-black"), ==, "Matte Black");

  ml_ink_bar_set_color (ML_INK_BAR (bar), "light-cyan");
  g_assert_false (gtk_widget_has_css_class (level_bar, "ink-matte-black"));
  g_assert_true (gtk_widget_has_css_class (level_bar, "ink-light-cyan"));
  ml_ink_bar_set_color (ML_INK_BAR (bar), "no-such-ink");
  g_assert_true (gtk_widget_has_css_class (level_bar, "ink-unknown"));

  g_assert_finalize_object (bar);
}

/* The printer page's template, standalone, with no printer. */
static void
test_printer_page_template (void)
{
  GtkWidget *page = g_object_ref_sink (ml_printer_page_new ());

  g_assert_null (ml_printer_page_get_printer (ML_PRINTER_PAGE (page)));
  g_assert_nonnull (ml_test_app_find_descendant (page, ADW_TYPE_PREFERENCES_GROUP));
  g_assert_finalize_object (page);
}

/* In a child process started with LANGUAGE=de (see test_german). */
static void
test_german_subprocess (void)
{
  g_autoptr(GSettings) settings = g_settings_new (SETTINGS_SCHEMA_ID);
  GtkWidget *page;
  GtkColumnView *view;
  GListModel *columns;
  GtkWidget *ink_bar;
  GtkWidget *status_page;
  MlWindow *window;
  const char *titles[] = {
    "Modell", "Seriennummer", "Adresse", "Status", "Niedrigster Tintenstand",
    "Zuletzt gesehen", "Letzter Fehler",
  };

  if (!g_test_subprocess ())
    {
      g_test_skip ("run by /app/printers/german");
      return;
    }

  g_settings_set_string (settings, "last-page", "printers");
  ml_test_app_remove_store ();
  window = ml_window_new (app);
  page = ml_test_app_find_descendant (GTK_WIDGET (window), ML_TYPE_PRINTERS_PAGE);
  view = GTK_COLUMN_VIEW (ml_test_app_find_descendant (page, GTK_TYPE_COLUMN_VIEW));
  columns = gtk_column_view_get_columns (view);
  g_assert_cmpuint (g_list_model_get_n_items (columns), ==, G_N_ELEMENTS (titles));
  for (guint i = 0; i < G_N_ELEMENTS (titles); i++)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, i);

      g_assert_cmpstr (gtk_column_view_column_get_title (column), ==, titles[i]);
    }
  status_page = ml_test_app_find_descendant (page, ADW_TYPE_STATUS_PAGE);
  g_assert_cmpstr (adw_status_page_get_title (ADW_STATUS_PAGE (status_page)), ==,
                   "Noch keine Drucker");

  ink_bar = g_object_ref_sink (ml_ink_bar_new ());
  ml_ink_bar_set_color (ML_INK_BAR (ink_bar), "matte-black");
  g_assert_cmpstr (gtk_widget_get_tooltip_text (ink_bar), ==, "Mattschwarz");
  g_assert_finalize_object (ink_bar);

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_german (void)
{
  g_setenv ("LANGUAGE", "de", TRUE);
  g_test_trap_subprocess ("/app/printers/german/subprocess", 0,
                          G_TEST_SUBPROCESS_INHERIT_STDOUT | G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_unsetenv ("LANGUAGE");
  g_test_trap_assert_passed ();
}

int
main (int    argc,
      char **argv)
{
  app = ml_test_app_init (&argc, &argv, "test-app-printers");
  if (app == NULL)
    return 0;

  g_test_add_func ("/app/printers/ink-bar", test_ink_bar);
  g_test_add_func ("/app/printers/printer-page-template", test_printer_page_template);
  g_test_add ("/app/printers/fleet", Fixture, NULL, fixture_setup, test_fleet, fixture_teardown);
  g_test_add ("/app/printers/in-place", Fixture, NULL, fixture_setup, test_in_place,
              fixture_teardown);
  g_test_add ("/app/printers/printer-page", Fixture, NULL, fixture_setup, test_printer_page,
              fixture_teardown);
  g_test_add ("/app/printers/search", Fixture, NULL, fixture_setup, test_search,
              fixture_teardown);
  g_test_add ("/app/printers/live-refresh", Fixture, NULL, fixture_setup, test_live_refresh,
              fixture_teardown);
  g_test_add ("/app/printers/alerts", Fixture, NULL, fixture_setup, test_alerts,
              fixture_teardown);
  g_test_add_func ("/app/printers/german", test_german);
  g_test_add_func ("/app/printers/german/subprocess", test_german_subprocess);

  return ml_test_app_run ();
}
