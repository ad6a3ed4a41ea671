/* ml-config-command.c: `meterlink-collector config`, show and change the collector's settings
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * `config get KEY`, `config set KEY VALUE` and `config list`. Every value is checked
 * before anything is written, so a typing mistake never reaches the file.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "ml-command-support.h"
#include "ml-config-command.h"

static int
usage_error (const char *message)
{
  g_printerr ("%s: %s\n", g_get_prgname (), message);
  return 2;
}

/* A bad key or value is the caller's mistake (2); anything else failed (1). */
static int
report (GError *error)
{
  g_printerr ("%s: %s\n", g_get_prgname (), error->message);
  return g_error_matches (error, ML_ERROR, ML_ERROR_INVALID_VALUE) ||
         g_error_matches (error, ML_ERROR, ML_ERROR_NOT_FOUND) ? 2 : 1;
}

int
ml_config_command_run (int    argc,
                       char **argv)
{
  g_auto(MlCommandPaths) paths = { NULL, NULL };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(MlCollectorConfig) config = NULL;
  g_autofree char *keys = NULL;
  g_autofree char *description = NULL;
  const char *action;
  const GOptionEntry entries[] = {
    { "config", 0, 0, G_OPTION_ARG_FILENAME, &paths.config_path,
      N_("Configuration file (default $XDG_CONFIG_HOME/meterlink/collector.conf)"), N_("FILE") },
    { NULL }
  };

  keys = g_strjoinv (", ", (char **)ml_collector_config_list_keys ());
  /* TRANSLATORS: %s lists the key names, which stay English */
  description = g_strdup_printf (_("Keys: %s."), keys);

  context = g_option_context_new (_("get KEY | set KEY VALUE | list — show or change the "
                                    "collector's settings"));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_description (context, description);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return usage_error (error->message);

  if (argc < 2)
    return usage_error (_("say get KEY, set KEY VALUE or list"));
  action = argv[1];

  if (g_strcmp0 (action, "get") == 0 && argc != 3)
    return usage_error (_("get takes one key"));
  if (g_strcmp0 (action, "set") == 0 && argc < 4)
    return usage_error (_("set takes a key and a value"));
  if (g_strcmp0 (action, "list") == 0 && argc != 2)
    return usage_error (_("list takes nothing more"));
  if (g_strcmp0 (action, "get") != 0 && g_strcmp0 (action, "set") != 0 &&
      g_strcmp0 (action, "list") != 0)
    {
      g_autofree char *message =
        g_strdup_printf (_("unknown action “%s”; say get KEY, set KEY VALUE or list"), action);

      return usage_error (message);
    }

  config = ml_command_paths_load_config (&paths, &error);
  if (config == NULL)
    {
      g_printerr ("%s: %s\n", g_get_prgname (), error->message);
      return 1;
    }

  if (g_strcmp0 (action, "get") == 0)
    {
      g_autofree char *value = ml_collector_config_get (config, argv[2], &error);

      if (value == NULL)
        return report (error);
      g_print ("%s\n", value);
    }
  else if (g_strcmp0 (action, "set") == 0)
    {
      /* `config set ranges 192.0.2.0/24 198.51.100.0/24`: the shell split one list. */
      g_autofree char *value = g_strjoinv (" ", argv + 3);

      if (!ml_collector_config_set (config, argv[2], value, &error) ||
          !ml_collector_config_save (config, &error))
        return report (error);
    }
  else
    {
      const char * const *names = ml_collector_config_list_keys ();

      for (guint i = 0; names[i] != NULL; i++)
        {
          g_autofree char *value = ml_collector_config_get (config, names[i], NULL);

          g_print ("%s = %s\n", names[i], value);
        }
    }
  return 0;
}
