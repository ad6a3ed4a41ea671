/* bench-app.c: the desktop app's start-up, memory and scrolling, beside plain GTK
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs under xvfb-run. Every figure comes from a child process of its own (this
 * program again, with --child), started with XDG folders that hold either nothing
 * or a store of 1,000 printers (each with a status reading: cartridges, printheads,
 * media, alerts) and 1,000,000 jobs, built here first through the store's API.
 *
 *  - Start-up: from the moment the child is spawned to the first frame painted by
 *    the main window (the frame clock's after-paint), for the app with an empty
 *    store on its first page and with the full store on the Printers page; the
 *    reference is an empty GtkWindow's first frame, in a child started the same way.
 *    Median of RUNS runs each, interleaved.
 *  - Memory: VmRSS and VmHWM of the child once the page has everything on screen:
 *    the app on an empty store, the Printers page with its 1,000 rows loaded, the
 *    Jobs page with its million jobs counted and the first rows shown; the reference
 *    is the empty window.
 *  - Scrolling: the Jobs page over the million jobs, one page of the list further
 *    at each frame for SCROLL_PAGES pages (each frame shows rows never read before),
 *    frames per second and time; then a jump to the middle of the list and the time
 *    until the rows there are read. The reference is a plain GtkColumnView with the
 *    same columns, style and texts over a million in-memory items, scrolled the same
 *    way: what is left is the cost of the store, the lazy model and the rows that
 *    fill in after they are shown.
 *  Memory and scrolling are measured twice: with GTK's default renderer (under Xvfb,
 *  GL drawn in software by llvmpipe, which dominates both) and with cairo.
 *
 * Run: meson test -C build --benchmark app, or xvfb-run -a bench-app.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ml-application.h"
#include "ml-collector-store-jobs.h"
#include "ml-job-list-model.h"
#include "ml-job-row.h"
#include "ml-jobs-page.h"
#include "ml-printer-row.h"
#include "ml-printers-page.h"
#include "ml-window.h"

#define N_PRINTERS 1000
#define N_JOBS 1000000
#define RUNS 5
#define SCROLL_PAGES 300
#define CHILD_DEADLINE_S 600
#define N_COLUMNS 8

static const char *models[] = {
  "DesignJet T1700", "DesignJet Z9+", "PageWide XL 8000", "DesignJet T2600 MFP",
};

/* The child ---------------------------------------------------------------------------- */

typedef struct
{
  const char *mode;          /* first-frame, memory, scroll */
  const char *page;          /* site, printers, jobs; NULL for the reference */
  GtkWidget *window;
  GtkWidget *view;           /* the scrolled column view */
  GListModel *model;         /* its items */
  gboolean painted;
  guint frames;              /* after-paint signals so far */
  guint scroll_frames;       /* frames when the scrolling began */
  gint64 scroll_start;
  guint pages_scrolled;
  gboolean scrolling;
  guint settle_frames;
} Child;

static Child child;

static void
print_memory (void)
{
  g_autofree char *status = NULL;
  long rss = -1, hwm = -1;

  if (g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    {
      const char *line;

      if ((line = strstr (status, "VmRSS:")) != NULL)
        rss = strtol (line + 6, NULL, 10);
      if ((line = strstr (status, "VmHWM:")) != NULL)
        hwm = strtol (line + 6, NULL, 10);
    }
  g_print ("memory %ld %ld\n", rss, hwm);
}

static void
child_done (void)
{
  fflush (stdout);
  if (child.window != NULL)
    gtk_window_destroy (GTK_WINDOW (child.window));
}

static GtkWidget *
find_descendant (GtkWidget *widget,
                 GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;

  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_descendant (c, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static GtkWidget *
app_page (const char *name)
{
  AdwViewStack *stack = ADW_VIEW_STACK (find_descendant (child.window, ADW_TYPE_VIEW_STACK));

  return adw_view_stack_get_child_by_name (stack, name);
}

static GtkAdjustment *
view_adjustment (void)
{
  return gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (child.view));
}

/* The item at the top of the view now. */
static guint
top_position (void)
{
  GtkAdjustment *adjustment = view_adjustment ();
  double upper = gtk_adjustment_get_upper (adjustment);
  guint n = g_list_model_get_n_items (child.model);

  if (upper <= 0 || n == 0)
    return 0;
  return MIN (n - 1, (guint) (gtk_adjustment_get_value (adjustment) / upper * n));
}

/* Whether the rows around the top of the view are read (always, for the reference). */
static gboolean
top_rows_loaded (void)
{
  guint top = top_position ();
  guint n = g_list_model_get_n_items (child.model);

  if (!ML_IS_JOB_LIST_MODEL (child.model))
    return TRUE;

  for (guint i = top; i < MIN (n, top + 10); i++)
    {
      g_autoptr(MlJobRow) row = g_list_model_get_item (child.model, i);

      if (!ml_job_row_get_loaded (row))
        return FALSE;
    }
  return TRUE;
}

static gboolean jump_tick (GtkWidget *widget, GdkFrameClock *clock, gpointer user_data);

static gboolean
scroll_tick (GtkWidget     *widget,
             GdkFrameClock *clock,
             gpointer       user_data)
{
  GtkAdjustment *adjustment = view_adjustment ();
  double page = gtk_adjustment_get_page_size (adjustment);

  if (child.pages_scrolled == 0 && child.scroll_start == 0)
    {
      child.scroll_start = g_get_monotonic_time ();
      child.scroll_frames = child.frames;
    }

  if (child.pages_scrolled < SCROLL_PAGES)
    {
      gtk_adjustment_set_value (adjustment, gtk_adjustment_get_value (adjustment) + page);
      child.pages_scrolled++;
      return G_SOURCE_CONTINUE;
    }

  g_print ("scroll %u %" G_GINT64_FORMAT " %u\n", SCROLL_PAGES,
           g_get_monotonic_time () - child.scroll_start, child.frames - child.scroll_frames);

  /* Then a jump to the middle, and the time until its rows are shown. */
  gtk_adjustment_set_value (adjustment, (gtk_adjustment_get_upper (adjustment) - page) / 2);
  child.scroll_start = g_get_monotonic_time ();
  gtk_widget_add_tick_callback (widget, jump_tick, NULL, NULL);
  return G_SOURCE_REMOVE;
}

static gboolean
jump_tick (GtkWidget     *widget,
           GdkFrameClock *clock,
           gpointer       user_data)
{
  if (!top_rows_loaded ())
    return G_SOURCE_CONTINUE;

  g_print ("jump %" G_GINT64_FORMAT "\n", g_get_monotonic_time () - child.scroll_start);
  print_memory ();
  child_done ();
  return G_SOURCE_REMOVE;
}

/* Waits for the page's data, then measures. */
static gboolean
ready_tick (GtkWidget     *widget,
            GdkFrameClock *clock,
            gpointer       user_data)
{
  if (child.page != NULL && g_str_equal (child.page, "printers"))
    {
      GListModel *printers = ml_printers_page_get_printers (ML_PRINTERS_PAGE (app_page ("printers")));

      if (g_list_model_get_n_items (printers) < N_PRINTERS)
        return G_SOURCE_CONTINUE;
      for (guint i = 0; i < N_PRINTERS; i++)
        {
          g_autoptr(MlPrinterRow) row = g_list_model_get_item (printers, i);

          if (ml_printer_row_get_reading (row) == NULL)
            return G_SOURCE_CONTINUE;
        }
    }
  else if (child.page != NULL && g_str_equal (child.page, "jobs"))
    {
      MlJobsPage *page = ML_JOBS_PAGE (app_page ("jobs"));
      MlJobListModel *model = ml_jobs_page_get_model (page);

      if (model == NULL || ml_job_list_model_get_loading (model) ||
          g_list_model_get_n_items (G_LIST_MODEL (model)) < N_JOBS)
        return G_SOURCE_CONTINUE;
      child.model = G_LIST_MODEL (model);
      child.view = find_descendant (GTK_WIDGET (page), GTK_TYPE_COLUMN_VIEW);
      if (gtk_adjustment_get_upper (view_adjustment ()) <= 0 || !top_rows_loaded ())
        return G_SOURCE_CONTINUE;
    }

  /* A few more frames, so that what is on screen has been drawn. */
  if (++child.settle_frames < 3)
    return G_SOURCE_CONTINUE;

  if (g_str_equal (child.mode, "memory"))
    {
      print_memory ();
      child_done ();
    }
  else
    gtk_widget_add_tick_callback (widget, scroll_tick, NULL, NULL);
  return G_SOURCE_REMOVE;
}

static void
on_after_paint (GdkFrameClock *clock,
                gpointer       user_data)
{
  child.frames++;
  if (child.painted)
    return;
  child.painted = TRUE;

  g_print ("frame %" G_GINT64_FORMAT "\n", g_get_monotonic_time ());
  fflush (stdout);
  if (g_str_equal (child.mode, "first-frame"))
    child_done ();
  else
    gtk_widget_add_tick_callback (child.window, ready_tick, NULL, NULL);
}

static void
on_realize (GtkWidget *window)
{
  g_signal_connect (gtk_widget_get_frame_clock (window), "after-paint",
                    G_CALLBACK (on_after_paint), NULL);
}

static void
watch_window (GtkWidget *window)
{
  child.window = window;
  g_signal_connect (window, "realize", G_CALLBACK (on_realize), NULL);
}

static void
on_window_added (GtkApplication *app,
                 GtkWindow      *window)
{
  if (child.window == NULL)
    watch_window (GTK_WIDGET (window));
}

/* The reference: a million in-memory items, made when asked for. */
#define BENCH_TYPE_ITEMS (bench_items_get_type ())
G_DECLARE_FINAL_TYPE (BenchItems, bench_items, BENCH, ITEMS, GObject)

struct _BenchItems
{
  GObject parent_instance;
};

static GType
bench_items_get_item_type (GListModel *model)
{
  return GTK_TYPE_STRING_OBJECT;
}

static guint
bench_items_get_n_items (GListModel *model)
{
  return N_JOBS;
}

static gpointer
bench_items_get_item (GListModel *model,
                      guint       position)
{
  char text[32];

  if (position >= N_JOBS)
    return NULL;
  g_snprintf (text, sizeof text, "%u", position);
  return gtk_string_object_new (text);
}

static void
bench_items_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = bench_items_get_item_type;
  iface->get_n_items = bench_items_get_n_items;
  iface->get_item = bench_items_get_item;
}

G_DEFINE_FINAL_TYPE_WITH_CODE (BenchItems, bench_items, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, bench_items_list_model_init))

static void
bench_items_class_init (BenchItemsClass *klass)
{
}

static void
bench_items_init (BenchItems *self)
{
}

static void
setup_label (GtkSignalListItemFactory *factory,
             GtkListItem              *item)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_list_item_set_child (item, label);
}

/* The text the Jobs page would show in column @column of job @index. */
static char *
reference_text (guint column,
                guint index)
{
  switch (column)
    {
    case 0:
      {
        g_autoptr(GDateTime) time = g_date_time_new_from_unix_local (1767571200 - (gint64) index * 30);

        return g_date_time_format (time, "%Y-%m-%d %H:%M");
      }
    case 1:
      return g_strdup (models[index % G_N_ELEMENTS (models)]);
    case 2:
      return g_strdup ("print");
    case 3:
      return g_strdup_printf ("Drawing %u.pdf", N_JOBS - 1 - index);
    case 4:
      return g_strdup (index % 20 == 7 ? "cancelled" : "completed");
    case 5:
      return g_strdup_printf ("%u", 1 + index % 7);
    case 6:
      return g_strdup_printf ("%.2f m²", (index % 2700 + 300) * 914 / 1e6);
    default:
      return g_strdup_printf ("%.1f ml", (index % 3000) / 1e3);
    }
}

static void
bind_label (GtkSignalListItemFactory *factory,
            GtkListItem              *item)
{
  guint column = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (factory), "column"));
  guint index = (guint) g_ascii_strtoull (gtk_string_object_get_string (gtk_list_item_get_item (item)),
                                          NULL, 10);
  g_autofree char *text = reference_text (column, index);

  gtk_label_set_label (GTK_LABEL (gtk_list_item_get_child (item)), text);
}

static GtkWidget *
reference_window (gboolean with_list)
{
  GtkWidget *window = gtk_window_new ();

  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 720);
  if (with_list)
    {
      GtkWidget *scrolled = gtk_scrolled_window_new ();
      GtkWidget *view;

      child.model = G_LIST_MODEL (g_object_new (BENCH_TYPE_ITEMS, NULL));
      view = gtk_column_view_new (GTK_SELECTION_MODEL (gtk_single_selection_new (
                                    g_object_ref (child.model))));
      for (guint i = 0; i < N_COLUMNS; i++)
        {
          const char *titles[N_COLUMNS] = {
            "Time", "Printer", "Kind", "Name", "Status", "Pages", "Media Area", "Ink",
          };
          GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
          g_autoptr(GtkColumnViewColumn) column = NULL;

          g_object_set_data (G_OBJECT (factory), "column", GUINT_TO_POINTER (i));
          g_signal_connect (factory, "setup", G_CALLBACK (setup_label), NULL);
          g_signal_connect (factory, "bind", G_CALLBACK (bind_label), NULL);
          column = gtk_column_view_column_new (titles[i], factory);
          gtk_column_view_column_set_resizable (column, TRUE);
          gtk_column_view_column_set_expand (column, i == 3);
          gtk_column_view_append_column (GTK_COLUMN_VIEW (view), column);
        }
      /* As the Jobs page draws it. */
      gtk_column_view_set_show_column_separators (GTK_COLUMN_VIEW (view), TRUE);
      gtk_widget_add_css_class (view, "data-table");
      gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), view);
      gtk_window_set_child (GTK_WINDOW (window), scrolled);
      child.view = view;
    }
  return window;
}

static gboolean
reference_ready_tick (GtkWidget     *widget,
                      GdkFrameClock *clock,
                      gpointer       user_data)
{
  if (child.view != NULL && gtk_adjustment_get_upper (view_adjustment ()) <= 0)
    return G_SOURCE_CONTINUE;
  if (++child.settle_frames < 3)
    return G_SOURCE_CONTINUE;

  if (g_str_equal (child.mode, "scroll"))
    gtk_widget_add_tick_callback (widget, scroll_tick, NULL, NULL);
  else
    {
      print_memory ();
      child_done ();
    }
  return G_SOURCE_REMOVE;
}

static void
on_reference_after_paint (GdkFrameClock *clock,
                          gpointer       user_data)
{
  child.frames++;
  if (child.painted)
    return;
  child.painted = TRUE;

  g_print ("frame %" G_GINT64_FORMAT "\n", g_get_monotonic_time ());
  fflush (stdout);
  if (g_str_equal (child.mode, "first-frame"))
    child_done ();
  else
    gtk_widget_add_tick_callback (child.window, reference_ready_tick, NULL, NULL);
}

static void
on_reference_realize (GtkWidget *window)
{
  g_signal_connect (gtk_widget_get_frame_clock (window), "after-paint",
                    G_CALLBACK (on_reference_after_paint), NULL);
}

static void
on_reference_destroy (GtkWidget *window)
{
  child.window = NULL;
}

static gboolean
on_child_deadline (gpointer user_data)
{
  g_printerr ("bench-app: the child took more than %u s\n", CHILD_DEADLINE_S);
  exit (1);
}

static int
run_child (const char *mode,
           const char *page)
{
  child.mode = mode;
  child.page = g_str_equal (page, "reference") ? NULL : page;
  g_timeout_add_seconds (CHILD_DEADLINE_S, on_child_deadline, NULL);

  if (child.page == NULL)
    {
      gtk_init ();
      child.window = reference_window (g_str_equal (mode, "scroll"));
      g_signal_connect (child.window, "realize", G_CALLBACK (on_reference_realize), NULL);
      g_signal_connect (child.window, "destroy", G_CALLBACK (on_reference_destroy), NULL);
      gtk_window_present (GTK_WINDOW (child.window));
      while (child.window != NULL)
        g_main_context_iteration (NULL, TRUE);
      return 0;
    }
  else
    {
      g_autoptr(GSettings) settings = NULL;
      g_autoptr(MlApplication) app = NULL;

      /* What main.c does, then the page to open on. */
      setlocale (LC_ALL, "");
      g_set_application_name ("Meterlink");
      app = ml_application_new (APP_ID, G_APPLICATION_NON_UNIQUE);
      settings = g_settings_new (SETTINGS_SCHEMA_ID);
      g_settings_set_string (settings, "last-page", child.page);
      g_settings_set_uint (settings, "live-refresh-interval", 3600);
      g_signal_connect (app, "window-added", G_CALLBACK (on_window_added), NULL);
      return g_application_run (G_APPLICATION (app), 0, NULL);
    }
}

/* The parent --------------------------------------------------------------------------- */


static const char *colors[] = {
  "cyan", "magenta", "yellow", "matte-black", "photo-black", "gray",
};

static MlPrinterReading *
make_reading (guint       index,
              const char *serial)
{
  MlPrinterReading *reading = ml_printer_reading_new ();
  MlIdentity *identity = ml_printer_reading_get_identity (reading);
  MlEngineStatus *status = ml_printer_reading_get_status (reading);
  MlUsage *usage = ml_printer_reading_get_usage (reading);

  ml_identity_set_serial_number (identity, serial);
  ml_identity_set_model_name (identity, models[index % G_N_ELEMENTS (models)]);
  ml_identity_set_product_number (identity, "W6B55A");
  ml_identity_set_manufacturer (identity, "HP");
  ml_engine_status_set_state (status, index % 3 == 0 ? ML_ENGINE_STATE_PRINTING
                                                     : ML_ENGINE_STATE_IDLE);
  ml_printer_reading_set_read_at (reading, 1767571200);

  for (guint i = 0; i < G_N_ELEMENTS (colors); i++)
    {
      g_autoptr(MlCartridge) cartridge = ml_cartridge_new ();

      ml_cartridge_set_slot (cartridge, (int) i);
      ml_cartridge_set_color (cartridge, colors[i]);
      ml_cartridge_set_state (cartridge, ML_SUPPLY_STATE_OK);
      ml_cartridge_set_capacity_ul (cartridge, 300000);
      ml_cartridge_set_level_ul (cartridge, (gint64) ((index * 7919 + i * 104729) % 300000));
      ml_cartridge_set_level_percent (cartridge, (int) ((index * 7919 + i * 104729) % 300000 / 3000));
      ml_cartridge_set_product_number (cartridge, "F9J76A");
      ml_cartridge_set_serial_number (cartridge, serial);
      ml_cartridge_set_manufacturer (cartridge, "HP");
      ml_printer_reading_add_cartridge (reading, cartridge);
    }
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(MlPrinthead) printhead = ml_printhead_new ();
      const char *head_colors[] = { colors[2 * i], colors[2 * i + 1], NULL };

      ml_printhead_set_slot (printhead, (int) i + 1);
      ml_printhead_set_colors (printhead, head_colors);
      ml_printhead_set_state (printhead, ML_SUPPLY_STATE_OK);
      ml_printhead_set_health_percent (printhead, (int) (index % 100));
      ml_printhead_set_in_warranty (printhead, TRUE);
      ml_printhead_set_warranty_end (printhead, 1798761600);
      ml_printer_reading_add_printhead (reading, printhead);
    }
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(MlMediaSource) source = ml_media_source_new ();
      g_autofree char *id = g_strdup_printf ("Roll%u", i + 1);

      ml_media_source_set_id (source, id);
      ml_media_source_set_kind (source, ML_MEDIA_SOURCE_KIND_ROLL);
      ml_media_source_set_state (source, ML_MEDIA_STATE_LOADED);
      ml_media_source_set_media_type_name (source, "HP Bright White Inkjet Bond Paper");
      ml_media_source_set_width_mm (source, 914);
      ml_media_source_set_length_mm (source, 45720 - index % 40000);
      ml_printer_reading_add_media_source (reading, source);
    }
  if (index % 10 == 0)
    {
      g_autoptr(MlAlert) alert = ml_alert_new ();

      ml_alert_set_code (alert, "OutOfPaper");
      ml_alert_set_severity (alert, ML_SEVERITY_ERROR);
      ml_alert_set_description (alert, "Out of paper");
      ml_printer_reading_add_alert (reading, alert);
    }
  ml_usage_set_job_count (usage, 12000 + index);
  ml_usage_set_page_count (usage, 30000 + index);
  ml_usage_set_total_ink_ul (usage, 9000000 + index);
  ml_usage_set_total_media_area_mm2 (usage, (gint64) 4000000000 + index);
  return reading;
}

static void
fill_store (const char *path)
{
  g_autoptr(MlCollectorStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) serials = g_new0 (char *, N_PRINTERS + 1);
  gint64 start = g_get_monotonic_time ();

  store = ml_collector_store_open (path, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < N_PRINTERS; i++)
    {
      g_autoptr(MlPrinterReading) reading = NULL;
      g_autofree char *address = g_strdup_printf ("10.%u.%u.%u", i / 65536, (i / 256) % 256,
                                                  i % 256 + 1);
      MlIdentity *identity;

      serials[i] = g_strdup_printf ("CN%08u", 10000000 + i * 37);
      reading = make_reading (i, serials[i]);
      identity = ml_printer_reading_get_identity (reading);
      ml_collector_store_record_identity (store, address, 443, identity,
                                          "0123456789abcdef0123456789abcdef"
                                          "0123456789abcdef0123456789abcdef",
                                          TRUE, NULL, 1767571200, &error);
      g_assert_no_error (error);
      ml_collector_store_save_reading (store, serials[i], address, 443, reading, 1767571200,
                                       NULL, &error);
      g_assert_no_error (error);
    }
  g_printerr ("bench-app: %u printers stored in %.1f s\n", N_PRINTERS,
              (g_get_monotonic_time () - start) / 1e6);

  start = g_get_monotonic_time ();
  ml_collector_store_add_synthetic_jobs (store, (const char * const *) serials, N_JOBS,
                                         1767571200 - (gint64) N_JOBS * 30, 30, 7, &error);
  g_assert_no_error (error);
  g_printerr ("bench-app: %u jobs stored in %.1f s\n", N_JOBS,
              (g_get_monotonic_time () - start) / 1e6);
}

typedef struct
{
  double first_frame_ms;
  long rss_kib;
  long hwm_kib;
  double scroll_ms;
  guint scroll_frames;
  double jump_ms;
} Result;

/* Runs this program as a child in @home's XDG folders and reads what it prints. */
static Result
run (const char *self,
     const char *home,
     const char *renderer,
     const char *mode,
     const char *page)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *data = g_build_filename (home, "data", NULL);
  g_autofree char *config = g_build_filename (home, "config", NULL);
  g_autofree char *cache = g_build_filename (home, "cache", NULL);
  g_auto(GStrv) lines = NULL;
  Result result = { -1, -1, -1, -1, 0, -1 };
  gint64 start;

  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", data, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_CONFIG_HOME", config, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_CACHE_HOME", cache, TRUE);
  g_subprocess_launcher_setenv (launcher, "GSETTINGS_BACKEND", "memory", TRUE);
  if (renderer != NULL)
    g_subprocess_launcher_setenv (launcher, "GSK_RENDERER", renderer, TRUE);

  start = g_get_monotonic_time ();
  process = g_subprocess_launcher_spawn (launcher, &error, self, "--child", mode, page, NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &out, NULL, &error);
  g_assert_no_error (error);
  if (!g_subprocess_get_successful (process))
    g_error ("bench-app: the child (%s %s) failed:\n%s", mode, page, out);

  lines = g_strsplit (out, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      gint64 a;
      long b, c;
      guint frames;

      if (sscanf (lines[i], "frame %" G_GINT64_MODIFIER "d", &a) == 1)
        result.first_frame_ms = (a - start) / 1e3;
      else if (sscanf (lines[i], "memory %ld %ld", &b, &c) == 2)
        {
          result.rss_kib = b;
          result.hwm_kib = c;
        }
      else if (sscanf (lines[i], "scroll %ld %" G_GINT64_MODIFIER "d %u", &b, &a, &frames) == 3)
        {
          result.scroll_ms = a / 1e3;
          result.scroll_frames = frames;
        }
      else if (sscanf (lines[i], "jump %" G_GINT64_MODIFIER "d", &a) == 1)
        result.jump_ms = a / 1e3;
    }
  return result;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static double
median (double *values,
        guint   n)
{
  qsort (values, n, sizeof (double), compare_doubles);
  return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

static char *
make_home (const char *root,
           const char *name)
{
  char *home = g_build_filename (root, name, NULL);
  const char *dirs[] = { "data", "config", "cache" };

  for (guint i = 0; i < G_N_ELEMENTS (dirs); i++)
    {
      g_autofree char *dir = g_build_filename (home, dirs[i], NULL);

      g_mkdir_with_parents (dir, 0700);
    }
  return home;
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *entry = g_build_filename (path, name, NULL);

      if (g_file_test (entry, G_FILE_TEST_IS_DIR) && !g_file_test (entry, G_FILE_TEST_IS_SYMLINK))
        remove_tree (entry);
      else
        g_unlink (entry);
    }
  g_rmdir (path);
}

static double
mib (long kib)
{
  return kib / 1024.0;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *root = NULL;
  g_autofree char *empty = NULL;
  g_autofree char *full = NULL;
  g_autofree char *store = NULL;
  double reference_frame[RUNS], empty_frame[RUNS], full_frame[RUNS];
  double reference_ms, empty_ms, full_ms;
  const struct {
    const char *name;
    const char *env;
  } renderers[] = {
    { "default (GL; llvmpipe under Xvfb)", NULL },
    { "cairo", "cairo" },
  };

  if (argc == 4 && g_str_equal (argv[1], "--child"))
    return run_child (argv[2], argv[3]);

  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      g_printerr ("bench-app: no display: run under xvfb-run -a\n");
      return 77;
    }

  root = g_dir_make_tmp ("bench-app-XXXXXX", &error);
  g_assert_no_error (error);
  empty = make_home (root, "empty");
  full = make_home (root, "full");
  store = g_build_filename (full, "data", "meterlink", "collector.db", NULL);
  fill_store (store);

  /* Start-up, interleaved so that a busy moment of the machine hits all three. */
  for (guint i = 0; i < RUNS; i++)
    {
      reference_frame[i] = run (argv[0], empty, NULL, "first-frame", "reference").first_frame_ms;
      empty_frame[i] = run (argv[0], empty, NULL, "first-frame", "site").first_frame_ms;
      full_frame[i] = run (argv[0], full, NULL, "first-frame", "printers").first_frame_ms;
    }
  reference_ms = median (reference_frame, RUNS);
  empty_ms = median (empty_frame, RUNS);
  full_ms = median (full_frame, RUNS);

  g_print ("\nMeterlink app, %u printers and %u jobs in the store (start-up: median of %u "
           "runs; reference in the same run)\n\n", N_PRINTERS, N_JOBS, RUNS);
  g_print ("%-62s %12s %12s %7s\n", "", "app", "reference", "ratio");
  g_print ("%-62s %9.0f ms %9.0f ms %7.2f\n",
           "start to first frame, empty store (Site page)", empty_ms, reference_ms,
           empty_ms / reference_ms);
  g_print ("%-62s %9.0f ms %9.0f ms %7.2f\n",
           "start to first frame, full store (Printers page)", full_ms, reference_ms,
           full_ms / reference_ms);

  /* The default renderer under Xvfb is GL in software (llvmpipe), whose buffers
   * weigh on memory and whose drawing bounds the frame rate; cairo shows the rest. */
  for (guint r = 0; r < G_N_ELEMENTS (renderers); r++)
    {
      Result reference_memory = run (argv[0], empty, renderers[r].env, "memory", "reference");
      Result site_memory = run (argv[0], empty, renderers[r].env, "memory", "site");
      Result printers_memory = run (argv[0], full, renderers[r].env, "memory", "printers");
      Result jobs_memory = run (argv[0], full, renderers[r].env, "memory", "jobs");
      Result reference_scroll = run (argv[0], empty, renderers[r].env, "scroll", "reference");
      Result app_scroll = run (argv[0], full, renderers[r].env, "scroll", "jobs");
      const struct {
        const char *what;
        Result *result;
      } memory_rows[] = {
        { "empty store (Site page)", &site_memory },
        { "Printers page, 1,000 rows loaded", &printers_memory },
        { "Jobs page, 1,000,000 jobs counted, first rows shown", &jobs_memory },
        { "Jobs page after scrolling (VmHWM)", &app_scroll },
      };

      g_print ("\nrenderer: %s\n", renderers[r].name);
      for (guint m = 0; m < G_N_ELEMENTS (memory_rows); m++)
        {
          Result *reference = m == 3 ? &reference_scroll : &reference_memory;
          long app_kib = m == 3 ? memory_rows[m].result->hwm_kib : memory_rows[m].result->rss_kib;
          long reference_kib = m == 3 ? reference->hwm_kib : reference->rss_kib;
          g_autofree char *label = g_strdup_printf ("%s %s", m == 3 ? "" : "VmRSS,",
                                                    memory_rows[m].what);

          g_print ("%-62s %8.1f MiB %8.1f MiB %7.2f\n", g_strstrip (label), mib (app_kib),
                   mib (reference_kib), (double) app_kib / reference_kib);
        }
      g_print ("%-62s %8.1f MiB %8.1f MiB %7.2f\n", "VmHWM, Jobs page before scrolling",
               mib (jobs_memory.hwm_kib), mib (reference_memory.hwm_kib),
               (double) jobs_memory.hwm_kib / reference_memory.hwm_kib);
      g_print ("%-62s %9.0f ms %9.0f ms %7.2f\n",
               "scroll 300 pages of 1,000,000 jobs, a page per frame", app_scroll.scroll_ms,
               reference_scroll.scroll_ms, app_scroll.scroll_ms / reference_scroll.scroll_ms);
      g_print ("%-62s %12.1f %12.1f %7.2f\n", "  frames per second while scrolling",
               app_scroll.scroll_frames / (app_scroll.scroll_ms / 1e3),
               reference_scroll.scroll_frames / (reference_scroll.scroll_ms / 1e3),
               (app_scroll.scroll_frames / app_scroll.scroll_ms) /
               (reference_scroll.scroll_frames / reference_scroll.scroll_ms));
      g_print ("%-62s %9.0f ms %9.0f ms\n", "jump to the middle until its rows are shown",
               app_scroll.jump_ms, reference_scroll.jump_ms);
    }

  remove_tree (root);
  return 0;
}
