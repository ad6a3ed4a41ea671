/* ml-command-support.c: what the collector's commands share: --config, --db, output
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "ml-command-support.h"

void
ml_command_paths_add_options (MlCommandPaths *paths,
                              GOptionContext *context)
{
  /* The option group copies the entries, not the variables they point to. */
  const GOptionEntry entries[] = {
    { "config", 0, 0, G_OPTION_ARG_FILENAME, &paths->config_path,
      N_("Configuration file (default $XDG_CONFIG_HOME/meterlink/collector.conf)"), N_("FILE") },
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &paths->db_path,
      N_("Store of collected data (default $XDG_DATA_HOME/meterlink/collector.db)"), N_("FILE") },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
}

void
ml_command_paths_clear (MlCommandPaths *paths)
{
  g_clear_pointer (&paths->config_path, g_free);
  g_clear_pointer (&paths->db_path, g_free);
}

char *
ml_command_paths_dup_db_path (MlCommandPaths *paths)
{
  if (paths->db_path != NULL)
    return g_strdup (paths->db_path);
  return g_build_filename (g_get_user_data_dir (), "meterlink", "collector.db", NULL);
}

MlCollectorConfig *
ml_command_paths_load_config (MlCommandPaths  *paths,
                              GError         **error)
{
  g_autofree char *path = NULL;

  path = paths->config_path != NULL ? g_strdup (paths->config_path)
                                    : ml_collector_config_default_path ();
  return ml_collector_config_load (path, error);
}

MlCollectorStore *
ml_command_paths_open_store (MlCommandPaths  *paths,
                             GError         **error)
{
  g_autofree char *path = ml_command_paths_dup_db_path (paths);

  return ml_collector_store_open (path, error);
}

gboolean
ml_command_parse_options (GOptionContext   *context,
                          int              *argc,
                          char           ***argv)
{
  g_autoptr(GError) error = NULL;

  if (!g_option_context_parse (context, argc, argv, &error))
    {
      g_printerr ("%s: %s\n", g_get_prgname (), error->message);
      return FALSE;
    }
  if (*argc > 1)
    {
      g_printerr (_("%s: unexpected argument “%s”\n"), g_get_prgname (), (*argv)[1]);
      return FALSE;
    }
  return TRUE;
}

void
ml_command_print_json (JsonNode *node)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *text = NULL;

  json_generator_set_root (generator, node);
  json_generator_set_pretty (generator, TRUE);
  text = json_generator_to_data (generator, NULL);
  g_print ("%s\n", text);
}

char *
ml_command_format_time (gint64 unix_seconds)
{
  g_autoptr(GDateTime) date_time = NULL;

  if (unix_seconds <= 0)
    return g_strdup (_("never"));
  date_time = g_date_time_new_from_unix_local (unix_seconds);
  if (date_time == NULL)
    return g_strdup ("?");
  return g_date_time_format (date_time, "%Y-%m-%d %H:%M:%S");
}
