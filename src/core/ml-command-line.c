/* ml-command-line.c: the front of a program made of commands, up to the command
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each command lives in its own file with its own option parser; this only finds
 * the command, for the collector's and the portal's command lines alike.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <locale.h>

#include "ml-command-line.h"
#include "ml-locale.h"

static char *
commands_summary (const MlCommand *commands,
                  guint            n_commands)
{
  GString *text = g_string_new (_("Commands:"));

  for (guint i = 0; i < n_commands; i++)
    g_string_append_printf (text, "\n  %-10s %s", commands[i].name, _(commands[i].summary));

  g_string_append_c (text, '\n');
  g_string_append_printf (text, _("Run “%s COMMAND --help” for a command's options."),
                          g_get_prgname ());
  return g_string_free (text, FALSE);
}

const MlCommand *
ml_command_line_find (const char          *program,
                      const MlCommand     *commands,
                      guint                n_commands,
                      const GOptionEntry  *entries,
                      int                 *argc,
                      char              ***argv,
                      int                 *out_status)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *summary = NULL;
  gboolean version = FALSE;
  const GOptionEntry version_entries[] = {
    { "version", 0, 0, G_OPTION_ARG_NONE, &version, N_("Print the version and exit"), NULL },
    { NULL }
  };

  g_return_val_if_fail (program != NULL, NULL);
  g_return_val_if_fail (commands != NULL, NULL);
  g_return_val_if_fail (argc != NULL && argv != NULL, NULL);
  g_return_val_if_fail (out_status != NULL, NULL);

  ml_locale_init ();

  g_set_prgname (program);

  context = g_option_context_new (_("COMMAND [OPTION…]"));
  summary = commands_summary (commands, n_commands);
  g_option_context_set_summary (context, summary);
  if (entries != NULL)
    g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, version_entries, GETTEXT_PACKAGE);
  /* Options after the command belong to the command. */
  g_option_context_set_strict_posix (context, TRUE);

  *out_status = 2;
  if (!g_option_context_parse (context, argc, argv, &error))
    {
      g_printerr ("%s: %s\n", g_get_prgname (), error->message);
      g_printerr (_("Try “%s --help”.\n"), g_get_prgname ());
      return NULL;
    }

  if (version)
    {
      g_print ("%s %s\n", program, PACKAGE_VERSION);
      *out_status = 0;
      return NULL;
    }

  if (*argc < 2)
    {
      g_autofree char *help = g_option_context_get_help (context, TRUE, NULL);

      g_printerr (_("%s: name a command\n"), g_get_prgname ());
      g_printerr ("%s", help);
      return NULL;
    }

  for (guint i = 0; i < n_commands; i++)
    {
      if (g_strcmp0 ((*argv)[1], commands[i].name) == 0)
        {
          g_autofree char *prgname = g_strdup_printf ("%s %s", g_get_prgname (),
                                                      commands[i].name);

          /* The command's --help and messages then name the whole command line. */
          g_set_prgname (prgname);
          *out_status = 0;
          return &commands[i];
        }
    }

  g_printerr (_("%s: unknown command “%s”\n"), g_get_prgname (), (*argv)[1]);
  g_printerr (_("Try “%s --help”.\n"), g_get_prgname ());
  return NULL;
}
