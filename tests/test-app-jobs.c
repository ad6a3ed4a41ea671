/* test-app-jobs.c: the Jobs page and its lazy model, against a fleet and a million jobs
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs under xvfb-run, each test from an empty store of its own.
 * After win.collect-now the model holds exactly the simulator's jobs; a store of a
 * million synthetic jobs (ml_collector_store_add_synthetic_jobs(), whose jobs are
 * known by their index) is counted at once, read a page at a time, and filtered by
 * printer, status and days.
 */
#include "config.h"

#include <string.h>

#include "ml-collector-store-jobs.h"
#include "ml-job-list-model.h"
#include "ml-job-row.h"
#include "ml-jobs-page.h"
#include "ml-test-app.h"
#include "ml-test-collector.h"
#include "ml-test-fleet.h"
#include "ml-window.h"

#define N_PRINTERS 2
#define FIRST_ADDRESS "127.0.6.1"
#define RANGES "127.0.6.1-127.0.6.2"
#define DEADLINE_S 120

#define N_MILLION 1000000
#define N_SYNTHETIC_PRINTERS 10
#define INTERVAL_S 60

static MlApplication *app;

static const char * const sim_args[] = { "--queue-depth", "2000", "--history", "24", NULL };

#define WAIT_UNTIL(cond) ML_TEST_APP_WAIT_UNTIL (cond, DEADLINE_S)

/* A label under @widget whose text starts with @prefix. */
static GtkWidget *
find_label (GtkWidget  *widget,
            const char *prefix)
{
  if (GTK_IS_LABEL (widget) && g_str_has_prefix (gtk_label_get_label (GTK_LABEL (widget)), prefix))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_label (child, prefix);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static MlWindow *
new_window (const char *page)
{
  g_autoptr(GSettings) settings = g_settings_new (SETTINGS_SCHEMA_ID);

  g_settings_set_uint (settings, "live-refresh-interval", 3600);
  g_settings_set_string (settings, "last-page", page);
  ml_test_app_remove_store ();
  return ml_window_new (app);
}

static MlJobsPage *
jobs_page (MlWindow *window)
{
  AdwViewStack *stack = ADW_VIEW_STACK (ml_test_app_find_descendant (GTK_WIDGET (window),
                                                                     ADW_TYPE_VIEW_STACK));
  GtkWidget *page = adw_view_stack_get_child_by_name (stack, "jobs");

  g_assert_true (ML_IS_JOBS_PAGE (page));
  return ML_JOBS_PAGE (page);
}

/* The page's dropdown whose model's first item is @first. */
static GtkDropDown *
find_dropdown (GtkWidget  *widget,
               const char *first)
{
  if (GTK_IS_DROP_DOWN (widget))
    {
      GListModel *model = gtk_drop_down_get_model (GTK_DROP_DOWN (widget));

      if (g_list_model_get_n_items (model) > 0 &&
          g_strcmp0 (gtk_string_list_get_string (GTK_STRING_LIST (model), 0), first) == 0)
        return GTK_DROP_DOWN (widget);
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkDropDown *found = find_dropdown (child, first);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The dropdown item whose text contains @text. */
static guint
dropdown_position (GtkDropDown *dropdown,
                   const char  *text)
{
  GListModel *model = gtk_drop_down_get_model (dropdown);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    if (strstr (gtk_string_list_get_string (GTK_STRING_LIST (model), i), text) != NULL)
      return i;
  g_error ("No “%s” in the dropdown", text);
}

static void
wait_loaded (MlJobListModel *model)
{
  WAIT_UNTIL (!ml_job_list_model_get_loading (model));
  g_assert_null (ml_job_list_model_get_error (model));
}

static gboolean
rows_loaded (GPtrArray *rows)
{
  for (guint i = 0; i < rows->len; i++)
    if (!ml_job_row_get_loaded (g_ptr_array_index (rows, i)))
      return FALSE;
  return TRUE;
}

/* Every item of @model, once each has loaded. */
static GPtrArray *
all_rows (MlJobListModel *model)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (model));
  GPtrArray *rows = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < n; i++)
    g_ptr_array_add (rows, g_list_model_get_item (G_LIST_MODEL (model), i));
  WAIT_UNTIL (rows_loaded (rows));
  return rows;
}

/* The toggle button whose tooltip is @tooltip. */
static GtkWidget *
find_toggle (GtkWidget  *widget,
             const char *tooltip)
{
  if (GTK_IS_TOGGLE_BUTTON (widget) &&
      g_strcmp0 (gtk_widget_get_tooltip_text (widget), tooltip) == 0)
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_toggle (child, tooltip);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The fleet ---------------------------------------------------------------------------- */

typedef struct
{
  gboolean done;
  MlCycleSummary *summary;
} Collected;

static void
on_collected (MlWindow       *window,
              MlCycleSummary *summary,
              Collected      *collected)
{
  g_set_object (&collected->summary, summary);
  collected->done = TRUE;
}

static guint
count_truth_jobs (JsonNode   *truth,
                  const char *serial,
                  const char *status)
{
  JsonArray *printers = json_object_get_array_member (json_node_get_object (truth), "printers");
  guint n = 0;

  for (guint i = 0; i < json_array_get_length (printers); i++)
    {
      JsonObject *printer = json_array_get_object_element (printers, i);
      JsonArray *jobs = json_object_get_array_member (printer, "jobs");

      if (serial != NULL && g_strcmp0 (json_object_get_string_member (printer, "serial"), serial) != 0)
        continue;
      for (guint j = 0; j < json_array_get_length (jobs); j++)
        {
          JsonObject *job = json_array_get_object_element (jobs, j);

          if (status == NULL || g_strcmp0 (json_object_get_string_member (job, "status"), status) == 0)
            n++;
        }
    }
  return n;
}

/* After a collection the model holds exactly the simulator's jobs, each once, newest
 * first; the printer and status dropdowns narrow it as the truth says. */
static void
test_fleet (void)
{
  MlTestFleet *fleet;
  g_autoptr(JsonNode) truth = NULL;
  g_autoptr(GHashTable) expected = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) rows = NULL;
  g_autofree char *port = NULL;
  Collected collected = { FALSE, NULL };
  MlJobListModel *model;
  MlCollectorConfig *config;
  JsonArray *printers;
  MlWindow *window;
  MlJobsPage *page;
  GtkDropDown *printer_dropdown;
  GtkDropDown *status_dropdown;
  const char *serial;
  guint n_truth;

  fleet = ml_test_fleet_start (N_PRINTERS, FIRST_ADDRESS, 7, sim_args);
  if (fleet == NULL)
    return;

  window = new_window ("jobs");
  page = jobs_page (window);
  g_signal_connect (window, "collected", G_CALLBACK (on_collected), &collected);
  config = ml_window_get_config (window);
  port = g_strdup_printf ("%u", ml_test_fleet_get_port (fleet));
  ml_test_collector_set_config (config, "ranges", RANGES);
  ml_test_collector_set_config (config, "port", port);
  ml_test_collector_set_config (config, "probe-timeout", "1000");

  gtk_window_present (GTK_WINDOW (window));
  WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (page)));
  model = ml_jobs_page_get_model (page);
  g_assert_nonnull (model);
  wait_loaded (model);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 0);

  g_action_group_activate_action (G_ACTION_GROUP (window), "collect-now", NULL);
  WAIT_UNTIL (collected.done);
  g_assert_cmpuint (ml_cycle_summary_get_read (collected.summary), ==, N_PRINTERS);

  truth = ml_test_fleet_truth (fleet);
  n_truth = count_truth_jobs (truth, NULL, NULL);
  g_assert_cmpuint (n_truth, >, 0);
  /* The page indexes again after the collection. */
  WAIT_UNTIL (!ml_job_list_model_get_loading (model) &&
              g_list_model_get_n_items (G_LIST_MODEL (model)) == n_truth);

  printers = json_object_get_array_member (json_node_get_object (truth), "printers");
  for (guint i = 0; i < json_array_get_length (printers); i++)
    {
      JsonObject *printer = json_array_get_object_element (printers, i);
      JsonArray *jobs = json_object_get_array_member (printer, "jobs");

      for (guint j = 0; j < json_array_get_length (jobs); j++)
        g_hash_table_add (expected,
                          g_strdup_printf ("%s/%s", json_object_get_string_member (printer, "serial"),
                                           json_object_get_string_member (
                                             json_array_get_object_element (jobs, j), "uuid")));
    }
  g_assert_cmpuint (g_hash_table_size (expected), ==, n_truth);

  rows = all_rows (model);
  for (guint i = 0; i < rows->len; i++)
    {
      MlJobRow *row = g_ptr_array_index (rows, i);
      g_autofree char *key = g_strdup_printf ("%s/%s", ml_job_row_get_serial (row),
                                              ml_job_row_get_uuid (row));

      /* Each job once: removing it twice would fail. */
      g_assert_true (g_hash_table_remove (expected, key));
      g_assert_nonnull (ml_job_row_get_printer (row));
      if (i > 0)
        g_assert_cmpint (ml_job_row_get_time (g_ptr_array_index (rows, i - 1)), >=,
                         ml_job_row_get_time (row));
    }
  g_assert_cmpuint (g_hash_table_size (expected), ==, 0);

  /* By printer, through the page's dropdown once it lists the printers. */
  printer_dropdown = find_dropdown (GTK_WIDGET (page), "All Printers");
  status_dropdown = find_dropdown (GTK_WIDGET (page), "All Statuses");
  g_assert_nonnull (printer_dropdown);
  g_assert_nonnull (status_dropdown);
  WAIT_UNTIL (g_list_model_get_n_items (gtk_drop_down_get_model (printer_dropdown)) ==
              N_PRINTERS + 1);
  serial = ml_test_fleet_get_serial (fleet, 1);
  gtk_drop_down_set_selected (printer_dropdown, dropdown_position (printer_dropdown, serial));
  g_assert_cmpstr (ml_job_list_model_get_serial (model), ==, serial);
  wait_loaded (model);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==,
                    count_truth_jobs (truth, serial, NULL));

  gtk_drop_down_set_selected (status_dropdown,
                              dropdown_position (status_dropdown,
                                                 ml_job_status_to_label (ML_JOB_STATUS_COMPLETED)));
  wait_loaded (model);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==,
                    count_truth_jobs (truth, serial, "completed"));

  gtk_drop_down_set_selected (printer_dropdown, 0);
  gtk_drop_down_set_selected (status_dropdown, 0);
  wait_loaded (model);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, n_truth);

  g_clear_pointer (&rows, g_ptr_array_unref);
  ml_test_app_destroy_window (window);
  g_clear_object (&collected.summary);
  ml_test_fleet_stop (g_steal_pointer (&fleet));
}

/* A million jobs ----------------------------------------------------------------------- */

static void
count_changes (GListModel *model,
               guint       position,
               guint       removed,
               guint       added,
               guint      *last_added)
{
  *last_added = added;
}

/* Job i of the synthetic store: its time and the index that leads its UUID. */
static gint64 first_time;

static void
assert_job (MlJobRow *row,
            guint     index)
{
  g_autofree char *prefix = g_strdup_printf ("%08x-", index);

  g_assert_true (ml_job_row_get_loaded (row));
  g_assert_cmpint (ml_job_row_get_time (row), ==, first_time + (gint64) index * INTERVAL_S);
  g_assert_true (g_str_has_prefix (ml_job_row_get_uuid (row), prefix));
  g_assert_cmpint (ml_job_row_get_status (row), ==, ml_collector_store_synthetic_job_status (index));
  g_assert_cmpint (ml_job_row_get_pages (row), ==, 1 + index % 7);
}

static guint
expected_count (int    printer,
                int    status,
                gint64 since,
                gint64 until)
{
  guint n = 0;

  for (guint i = 0; i < N_MILLION; i++)
    {
      gint64 time = first_time + (gint64) i * INTERVAL_S;

      if (printer >= 0 && i % N_SYNTHETIC_PRINTERS != (guint) printer)
        continue;
      if (status >= 0 && ml_collector_store_synthetic_job_status (i) != (MlJobStatus) status)
        continue;
      if ((since > 0 && time < since) || (until > 0 && time >= until))
        continue;
      n++;
    }
  return n;
}

static void
add_printers (MlCollectorStore *store,
              char            **serials)
{
  for (guint i = 0; i < N_SYNTHETIC_PRINTERS; i++)
    {
      g_autoptr(MlIdentity) identity = ml_identity_new ();
      g_autoptr(GError) error = NULL;
      g_autofree char *address = g_strdup_printf ("192.0.2.%u", i + 1);

      serials[i] = g_strdup_printf ("CN9%07u", i);
      ml_identity_set_serial_number (identity, serials[i]);
      ml_identity_set_model_name (identity, "DesignJet T1700");
      ml_identity_set_product_number (identity, "W6B55A");
      ml_collector_store_record_identity (store, address, 443, identity, NULL, TRUE, NULL,
                                          first_time, &error);
      g_assert_no_error (error);
    }
  serials[N_SYNTHETIC_PRINTERS] = NULL;
}

static void
test_million (void)
{
  g_auto(GStrv) serials = g_new0 (char *, N_SYNTHETIC_PRINTERS + 1);
  g_autoptr(GDateTime) day = g_date_time_new_local (2026, 1, 5, 0, 0, 0);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  MlCollectorStore *store;
  MlJobListModel *model;
  MlWindow *window;
  MlJobsPage *page;
  GtkDropDown *printer_dropdown;
  GtkDropDown *status_dropdown;
  GtkWidget *since_entry = NULL;
  GtkWidget *until_entry = NULL;
  GtkWidget *toggle;
  GtkWidget *view;
  guint last_added = 0;
  gint64 start;
  gint64 since, until;

  first_time = g_date_time_to_unix (day);

  window = new_window ("site");
  store = ml_window_get_store (window);
  add_printers (store, serials);

  start = g_get_monotonic_time ();
  g_assert_true (ml_collector_store_add_synthetic_jobs (store, (const char * const *) serials,
                                                        N_MILLION, first_time, INTERVAL_S, 42,
                                                        &error));
  g_assert_no_error (error);
  g_test_message ("1,000,000 jobs stored in %.2f s",
                  (g_get_monotonic_time () - start) / 1e6);
  g_assert_cmpint (ml_collector_store_count_jobs (store, NULL, 0, NULL), ==, N_MILLION);

  /* Counted at once: one change from nothing to a million, without reading them. */
  page = jobs_page (window);
  start = g_get_monotonic_time ();
  model = ml_jobs_page_get_model (page);
  g_signal_connect (model, "items-changed", G_CALLBACK (count_changes), &last_added);
  wait_loaded (model);
  g_test_message ("1,000,000 jobs indexed in %.3f s", (g_get_monotonic_time () - start) / 1e6);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, N_MILLION);
  g_assert_cmpuint (last_added, ==, N_MILLION);
  /* The view asked for the rows it shows first, nothing more. */
  g_assert_cmpuint (ml_job_list_model_get_n_cached_rows (model), <=, 4 * 256);

  /* Any position, newest first, read a page at a time. */
  g_assert_true (ml_job_list_model_get_descending (model));
  rows = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < 24; i++)
    {
      guint position = i == 0 ? 0 : i == 1 ? N_MILLION - 1 : (guint) g_test_rand_int_range (0, N_MILLION);

      g_ptr_array_add (rows, g_list_model_get_item (G_LIST_MODEL (model), position));
      g_object_set_data (g_ptr_array_index (rows, i), "position", GUINT_TO_POINTER (position));
    }
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (model), N_MILLION));
  for (guint i = 0; i < rows->len; i++)
    {
      MlJobRow *row = g_ptr_array_index (rows, i);
      guint position = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (row), "position"));

      WAIT_UNTIL (ml_job_row_get_loaded (row));
      assert_job (row, N_MILLION - 1 - position);
    }
  /* A bounded cache, nowhere near a million. */
  g_assert_cmpuint (ml_job_list_model_get_n_cached_rows (model), <=, 48 * 256);

  /* Oldest first: the same jobs from the other end. */
  toggle = find_toggle (GTK_WIDGET (page), "Newest First");
  g_assert_nonnull (toggle);
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (toggle), FALSE);
  g_assert_false (ml_job_list_model_get_descending (model));
  {
    g_autoptr(MlJobRow) first = g_list_model_get_item (G_LIST_MODEL (model), 0);
    g_autoptr(MlJobRow) later = g_list_model_get_item (G_LIST_MODEL (model), 777777);

    WAIT_UNTIL (ml_job_row_get_loaded (first) && ml_job_row_get_loaded (later));
    assert_job (first, 0);
    assert_job (later, 777777);
  }

  /* Filters, by the page's own widgets, count exactly. */
  printer_dropdown = find_dropdown (GTK_WIDGET (page), "All Printers");
  status_dropdown = find_dropdown (GTK_WIDGET (page), "All Statuses");
  WAIT_UNTIL (g_list_model_get_n_items (gtk_drop_down_get_model (printer_dropdown)) ==
              N_SYNTHETIC_PRINTERS + 1);

  gtk_drop_down_set_selected (status_dropdown,
                              dropdown_position (status_dropdown,
                                                 ml_job_status_to_label (ML_JOB_STATUS_CANCELLED)));
  wait_loaded (model);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 50000);

  gtk_drop_down_set_selected (printer_dropdown, dropdown_position (printer_dropdown, serials[3]));
  wait_loaded (model);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==,
                    expected_count (3, ML_JOB_STATUS_CANCELLED, 0, 0));

  gtk_drop_down_set_selected (status_dropdown, 0);
  wait_loaded (model);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, N_MILLION / 10);
  {
    g_autoptr(MlJobRow) row = g_list_model_get_item (G_LIST_MODEL (model), 12345);

    WAIT_UNTIL (ml_job_row_get_loaded (row));
    g_assert_cmpstr (ml_job_row_get_serial (row), ==, serials[3]);
    assert_job (row, 12345 * N_SYNTHETIC_PRINTERS + 3);
  }

  gtk_drop_down_set_selected (printer_dropdown, 0);
  gtk_drop_down_set_selected (status_dropdown,
                              dropdown_position (status_dropdown,
                                                 ml_job_status_to_label (ML_JOB_STATUS_FAILED)));
  wait_loaded (model);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 20000);
  gtk_drop_down_set_selected (status_dropdown, 0);

  /* Days, as typed: from the second day to the third, both whole. */
  for (GtkWidget *w = ml_test_app_find_descendant (GTK_WIDGET (page), GTK_TYPE_ENTRY); w != NULL;
       w = gtk_widget_get_next_sibling (w))
    if (GTK_IS_ENTRY (w))
      {
        if (since_entry == NULL)
          since_entry = w;
        else if (until_entry == NULL)
          until_entry = w;
      }
  g_assert_nonnull (since_entry);
  g_assert_nonnull (until_entry);
  gtk_editable_set_text (GTK_EDITABLE (since_entry), "2026-01-06");
  gtk_editable_set_text (GTK_EDITABLE (until_entry), "2026-01-07");
  wait_loaded (model);
  {
    g_autoptr(GDateTime) from = g_date_time_new_local (2026, 1, 6, 0, 0, 0);
    g_autoptr(GDateTime) to = g_date_time_new_local (2026, 1, 8, 0, 0, 0);

    since = g_date_time_to_unix (from);
    until = g_date_time_to_unix (to);
  }
  g_assert_cmpint (ml_job_list_model_get_since (model), ==, since);
  g_assert_cmpint (ml_job_list_model_get_until (model), ==, until);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==,
                    expected_count (-1, -1, since, until));

  /* Half a date is no bound (the text went through "" on its way), and the entry
   * says so. */
  gtk_editable_set_text (GTK_EDITABLE (until_entry), "2026-01-");
  g_assert_true (gtk_widget_has_css_class (until_entry, "error"));
  g_assert_cmpint (ml_job_list_model_get_until (model), ==, 0);
  gtk_editable_set_text (GTK_EDITABLE (since_entry), "");
  gtk_editable_set_text (GTK_EDITABLE (until_entry), "");
  wait_loaded (model);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, N_MILLION);

  /* Shown: the rows on screen fill in. */
  gtk_window_present (GTK_WINDOW (window));
  g_action_group_activate_action (G_ACTION_GROUP (window), "show-page",
                                  g_variant_new_string ("jobs"));
  view = ml_test_app_find_descendant (GTK_WIDGET (page), GTK_TYPE_COLUMN_VIEW);
  WAIT_UNTIL (find_label (view, "2026-") != NULL);
  /* Every column of a row, a value equal to the empty row's too (a print job). */
  g_assert_nonnull (find_label (view, ml_job_kind_to_label (ML_JOB_KIND_PRINT)));
  g_assert_nonnull (find_label (view, "Drawing "));

  g_clear_pointer (&rows, g_ptr_array_unref);
  ml_test_app_destroy_window (window);
}

/* An empty store shows the page's empty state; the model's filters clamp. */
static void
test_empty (void)
{
  MlWindow *window = new_window ("jobs");
  MlJobsPage *page = jobs_page (window);
  MlJobListModel *model = ml_jobs_page_get_model (page);
  GtkWidget *status_page;

  g_assert_nonnull (model);
  wait_loaded (model);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 0);
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (model), 0));
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (model)) == ML_TYPE_JOB_ROW);

  status_page = ml_test_app_find_descendant (GTK_WIDGET (page), ADW_TYPE_STATUS_PAGE);
  g_assert_nonnull (status_page);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (gtk_widget_get_parent (status_page))),
                   ==, "empty");

  /* A printer the store never saw is an error the model keeps, not a crash. */
  ml_job_list_model_set_serial (model, "NO-SUCH-PRINTER");
  WAIT_UNTIL (!ml_job_list_model_get_loading (model));
  g_assert_error (ml_job_list_model_get_error (model), ML_ERROR, ML_ERROR_NOT_FOUND);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 0);

  ml_test_app_destroy_window (window);
}

int
main (int    argc,
      char **argv)
{
  app = ml_test_app_init (&argc, &argv, "test-app-jobs");
  if (app == NULL)
    return 0;

  g_test_add_func ("/app/jobs/empty", test_empty);
  g_test_add_func ("/app/jobs/fleet", test_fleet);
  g_test_add_func ("/app/jobs/million", test_million);

  return ml_test_app_run ();
}
