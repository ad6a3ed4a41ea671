/* ml-collect-command.c: `meterlink-collector collect`, one collection cycle now, with its summary
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The technician's "collect now": the same cycle the daemon runs, with a progress
 * line on a terminal and a summary at the end. Exit status 0 when every printer was
 * read, 1 when any failed (or the cycle could not run), 2 for a usage error.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib-unix.h>
#include <signal.h>
#include <unistd.h>

#include "ml-collect-command.h"
#include "ml-collector.h"
#include "ml-command-support.h"

typedef struct
{
  GMainLoop *loop;
  GCancellable *cancellable;
  MlCycleSummary *summary;
  GError *error;
  gboolean progress_shown;
} Collect;

static void
on_progress (MlCollector *collector,
             const char  *phase,
             guint        done,
             guint        total,
             guint        found,
             gint64       eta_ms,
             gpointer     user_data)
{
  Collect *collect = user_data;
  g_autofree char *line = NULL;

  if (g_strcmp0 (phase, "scan") == 0)
    line = g_strdup_printf (_("Scanning: %u of %u addresses, printers found: %u"), done, total,
                            found);
  else
    line = g_strdup_printf (_("Reading: %u of %u printers"), done, total);
  /* \r rewrites the line; \033[K clears what a longer line left behind. */
  g_printerr ("\r%s\033[K", line);
  collect->progress_shown = TRUE;
}

static void
on_collected (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  Collect *collect = user_data;

  collect->summary = ml_collector_collect_finish (ML_COLLECTOR (object), result,
                                                  &collect->error);
  g_main_loop_quit (collect->loop);
}

static gboolean
on_signal (gpointer user_data)
{
  Collect *collect = user_data;

  /* What was read so far stays stored; the cycle stops at the next step. */
  g_cancellable_cancel (collect->cancellable);
  return G_SOURCE_CONTINUE;
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

/* Failures in serial order, so that two runs print alike. */
static GPtrArray *
sorted_serials (GHashTable *failures)
{
  GPtrArray *serials = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, failures);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_ptr_array_add (serials, key);
  g_ptr_array_sort (serials, compare_strings);
  return serials;
}

static void
print_json (MlCycleSummary *summary)
{
  GHashTable *failures = ml_cycle_summary_get_failures (summary);
  g_autoptr(GPtrArray) serials = sorted_serials (failures);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "found");
  json_builder_add_int_value (builder, ml_cycle_summary_get_found (summary));
  json_builder_set_member_name (builder, "read");
  json_builder_add_int_value (builder, ml_cycle_summary_get_read (summary));
  json_builder_set_member_name (builder, "failed");
  json_builder_add_int_value (builder, ml_cycle_summary_get_failed (summary));
  json_builder_set_member_name (builder, "new_jobs");
  json_builder_add_int_value (builder, ml_cycle_summary_get_new_jobs (summary));
  json_builder_set_member_name (builder, "duration_ms");
  json_builder_add_int_value (builder, ml_cycle_summary_get_duration_ms (summary));
  json_builder_set_member_name (builder, "failures");
  json_builder_begin_array (builder);
  for (guint i = 0; i < serials->len; i++)
    {
      const char *serial = g_ptr_array_index (serials, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "serial");
      json_builder_add_string_value (builder, serial);
      json_builder_set_member_name (builder, "message");
      json_builder_add_string_value (builder, g_hash_table_lookup (failures, serial));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  ml_command_print_json (root);
}

static void
print_text (MlCycleSummary *summary)
{
  GHashTable *failures = ml_cycle_summary_get_failures (summary);
  g_autoptr(GPtrArray) serials = sorted_serials (failures);

  g_print (_("Printers found:  %u\n"), ml_cycle_summary_get_found (summary));
  g_print (_("Printers read:   %u\n"), ml_cycle_summary_get_read (summary));
  g_print (_("Printers failed: %u\n"), ml_cycle_summary_get_failed (summary));
  g_print (_("New jobs:        %u\n"), ml_cycle_summary_get_new_jobs (summary));
  g_print (_("Duration:        %.1f s\n"),
           ml_cycle_summary_get_duration_ms (summary) / 1000.0);

  for (guint i = 0; i < serials->len; i++)
    {
      const char *serial = g_ptr_array_index (serials, i);

      if (i == 0)
        g_print (_("Failed:\n"));
      g_print ("  %s: %s\n", serial, (const char *) g_hash_table_lookup (failures, serial));
    }
}

int
ml_collect_command_run (int    argc,
                        char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(MlCollectorConfig) config = NULL;
  g_autoptr(MlCollectorStore) store = NULL;
  g_autoptr(MlCollector) collector = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(GCancellable) cancellable = NULL;
  g_auto(MlCommandPaths) paths = { NULL, NULL };
  gboolean json = FALSE;
  Collect collect = { NULL, NULL, NULL, NULL, FALSE };
  guint sigint_id;
  guint sigterm_id;
  int status;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print the summary as JSON"), NULL },
    { NULL }
  };

  context = g_option_context_new (_("— collect from every printer in the configured ranges now"));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  ml_command_paths_add_options (&paths, context);
  if (!ml_command_parse_options (context, &argc, &argv))
    return 2;

  if (!(config = ml_command_paths_load_config (&paths, &error)) ||
      !(store = ml_command_paths_open_store (&paths, &error)))
    {
      g_printerr ("%s: %s\n", g_get_prgname (), error->message);
      return 1;
    }

  loop = g_main_loop_new (NULL, FALSE);
  cancellable = g_cancellable_new ();
  collect.loop = loop;
  collect.cancellable = cancellable;

  collector = ml_collector_new (config, store);
  if (!json && isatty (STDERR_FILENO))
    g_signal_connect (collector, "progress", G_CALLBACK (on_progress), &collect);
  sigint_id = g_unix_signal_add (SIGINT, on_signal, &collect);
  sigterm_id = g_unix_signal_add (SIGTERM, on_signal, &collect);

  ml_collector_collect_async (collector, cancellable, on_collected, &collect);
  g_main_loop_run (loop);

  g_source_remove (sigint_id);
  g_source_remove (sigterm_id);
  if (collect.progress_shown)
    g_printerr ("\r\033[K");

  if (collect.summary == NULL)
    {
      if (g_error_matches (collect.error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_printerr (_("%s: stopped; what was read before is stored\n"), g_get_prgname ());
      else
        g_printerr ("%s: %s\n", g_get_prgname (), collect.error->message);
      g_clear_error (&collect.error);
      return 1;
    }

  if (json)
    print_json (collect.summary);
  else
    print_text (collect.summary);

  status = ml_cycle_summary_get_failed (collect.summary) > 0 ? 1 : 0;
  g_clear_object (&collect.summary);
  return status;
}
