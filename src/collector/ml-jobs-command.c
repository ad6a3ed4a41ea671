/* ml-jobs-command.c: `meterlink-collector jobs`, the jobs in the store
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Lists stored jobs, of one printer or all, since a time. With --json each job is
 * an object keyed by its "uuid", with its printer's serial as "printer" and the
 * model's own spelling of every other field (ml_job_to_json), so what a script
 * reads here is what the simulator's truth and the bundles say.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "ml-collector-store.h"
#include "ml-command-support.h"
#include "ml-jobs-command.h"

static JsonNode *
job_to_json (MlJob *job)
{
  g_autoptr(JsonNode) fields = ml_job_to_json (job);
  JsonObject *source = json_node_get_object (fields);
  JsonObject *object = json_object_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);
  g_autoptr(GList) members = json_object_get_members (source);

  json_object_set_string_member (object, "uuid", ml_job_get_uuid (job));
  json_object_set_string_member (object, "printer", ml_collector_store_get_job_serial (job));
  for (GList *l = members; l != NULL; l = l->next)
    if (!json_object_has_member (object, l->data))
      json_object_set_member (object, l->data, json_object_dup_member (source, l->data));

  json_node_take_object (node, object);
  return node;
}

/* The time the store orders by: printed, else completed, else submitted. */
static gint64
job_time (MlJob *job)
{
  if (ml_job_get_printed_at (job) > 0)
    return ml_job_get_printed_at (job);
  if (ml_job_get_completed_at (job) > 0)
    return ml_job_get_completed_at (job);
  return ml_job_get_submitted_at (job);
}

static void
format_job (GString *out,
            MlJob   *job)
{
  g_auto(GStrv) colors = ml_job_dup_ink_colors (job);
  g_autofree char *when = ml_command_format_time (job_time (job));
  gint64 area = ml_job_get_media_area_mm2 (job);
  gint64 pages = ml_job_get_pages (job);
  gint64 ink = 0;

  for (guint i = 0; colors[i] != NULL; i++)
    ink += MAX (0, ml_job_get_ink (job, colors[i]));

  g_string_append_printf (out, "%-19s  %-10s  %-5s  %-9s  %5" G_GINT64_FORMAT "  %9.2f  %8.1f  %s\n",
                          when, ml_collector_store_get_job_serial (job),
                          ml_job_kind_to_label (ml_job_get_kind (job)),
                          ml_job_status_to_label (ml_job_get_status (job)),
                          MAX (0, pages), MAX (0, area) / 1e6, ink / 1000.0,
                          ml_job_get_name (job) != NULL ? ml_job_get_name (job) : "");
}

int
ml_jobs_command_run (int    argc,
                     char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(MlCollectorStore) store = NULL;
  g_autoptr(GPtrArray) jobs = NULL;
  g_autofree char *db_path = NULL;
  g_autofree char *serial = NULL;
  g_autofree char *since_text = NULL;
  g_auto(MlCommandPaths) paths = { NULL, NULL };
  gboolean json = FALSE;
  gint64 since = 0;
  const GOptionEntry entries[] = {
    { "printer", 0, 0, G_OPTION_ARG_STRING, &serial,
      N_("Only the jobs of the printer with this serial number"), N_("SERIAL") },
    { "since", 0, 0, G_OPTION_ARG_STRING, &since_text,
      N_("Only jobs printed at or after TIME (ISO 8601 such as 2026-03-02T08:00:00Z, or a "
         "date such as 2026-03-02; UTC unless an offset is given)"),
      N_("TIME") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { NULL }
  };

  context = g_option_context_new (_("— list the collected jobs"));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  ml_command_paths_add_options (&paths, context);
  if (!ml_command_parse_options (context, &argc, &argv))
    return 2;
  if (since_text != NULL && !ml_units_parse_timestamp (since_text, &since, NULL))
    {
      g_printerr (_("%s: --since: “%s” is not a time; write ISO 8601 such as "
                    "2026-03-02T08:00:00Z or a date such as 2026-03-02\n"),
                  g_get_prgname (), since_text);
      return 2;
    }

  db_path = ml_command_paths_dup_db_path (&paths);
  if (!g_file_test (db_path, G_FILE_TEST_EXISTS))
    {
      if (serial != NULL)
        {
          g_printerr (_("%s: no printer with the serial number %s is known\n"),
                      g_get_prgname (), serial);
          return 2;
        }
      if (json)
        g_print ("[]\n");
      else
        g_print (_("No jobs yet: nothing was collected into %s\n"), db_path);
      return 0;
    }

  if (!(store = ml_collector_store_open (db_path, &error)))
    {
      g_printerr ("%s: %s\n", g_get_prgname (), error->message);
      return 1;
    }

  if (serial != NULL)
    {
      g_autoptr(MlStoredPrinter) printer = ml_collector_store_lookup_printer (store, serial,
                                                                              &error);

      if (printer == NULL)
        {
          g_printerr ("%s: %s\n", g_get_prgname (), error->message);
          return g_error_matches (error, ML_ERROR, ML_ERROR_NOT_FOUND) ? 2 : 1;
        }
    }

  jobs = ml_collector_store_list_jobs (store, serial, since, &error);
  if (jobs == NULL)
    {
      g_printerr ("%s: %s\n", g_get_prgname (), error->message);
      return 1;
    }

  if (json)
    {
      g_autoptr(JsonNode) root = json_node_new (JSON_NODE_ARRAY);
      JsonArray *array = json_array_sized_new (jobs->len);

      for (guint i = 0; i < jobs->len; i++)
        json_array_add_element (array, job_to_json (g_ptr_array_index (jobs, i)));
      json_node_take_array (root, array);
      ml_command_print_json (root);
    }
  else if (jobs->len == 0)
    g_print (_("No jobs\n"));
  else
    {
      g_autoptr(GString) out = g_string_new (NULL);

      /* The columns of format_job(). */
      g_string_append_printf (out, "%-19s  %-10s  %-5s  %-9s  %5s  %9s  %8s  %s\n",
                              _("Time"), _("Printer"), _("Kind"), _("Status"), _("Pages"),
                              _("Media m²"), _("Ink ml"), _("Name"));
      for (guint i = 0; i < jobs->len; i++)
        format_job (out, g_ptr_array_index (jobs, i));
      g_print ("%s", out->str);
    }

  return 0;
}
