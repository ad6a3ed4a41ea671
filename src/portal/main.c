/* main.c: meterlink-portal, the reseller's self-hosted portal and its administration
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Finds the command and hands it the rest of the command line. A --db given before
 * the command goes to the command, so `meterlink-portal --db FILE site add ...` and
 * `meterlink-portal site add --db FILE ...` mean the same.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <locale.h>

#include "ml-admin-commands.h"
#include "ml-serve-command.h"

typedef int (*MlCommandFunc) (int    argc,
                              char **argv);

static const struct {
  const char *name;
  const char *summary;
  MlCommandFunc run;
  gboolean has_subcommands;   /* "site add": options follow the second word */
} commands[] = {
  { "serve", N_("Serve collectors and the reseller API over HTTPS"), ml_serve_command_run,
    FALSE },
  { "reseller", N_("Add resellers"), ml_reseller_command_run, TRUE },
  { "user", N_("Add the users who sign in for a reseller"), ml_user_command_run, TRUE },
  { "customer", N_("Add a reseller's customers"), ml_customer_command_run, TRUE },
  { "site", N_("Add a customer's sites, and give them new secrets"), ml_site_command_run,
    TRUE },
};

static char *
commands_summary (void)
{
  GString *text = g_string_new (_("Commands:"));

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    g_string_append_printf (text, "\n  %-10s %s", commands[i].name, _(commands[i].summary));

  g_string_append_c (text, '\n');
  g_string_append_printf (text, _("Run “%s COMMAND --help” for a command's options."),
                          g_get_prgname ());
  return g_string_free (text, FALSE);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *summary = NULL;
  g_autofree char *db_path = NULL;
  gboolean version = FALSE;
  const GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db_path,
      N_("The portal's database, for the command (default $XDG_DATA_HOME/meterlink/portal.db)"),
      N_("FILE") },
    { "version", 0, 0, G_OPTION_ARG_NONE, &version, N_("Print the version and exit"), NULL },
    { NULL }
  };

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  g_set_prgname ("meterlink-portal");

  context = g_option_context_new (_("COMMAND [OPTION…]"));
  summary = commands_summary ();
  g_option_context_set_summary (context, summary);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  /* Options after the command belong to the command. */
  g_option_context_set_strict_posix (context, TRUE);

  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s: %s\n", g_get_prgname (), error->message);
      g_printerr (_("Try “%s --help”.\n"), g_get_prgname ());
      return 2;
    }

  if (version)
    {
      g_print ("meterlink-portal %s\n", PACKAGE_VERSION);
      return 0;
    }

  if (argc < 2)
    {
      g_autofree char *help = g_option_context_get_help (context, TRUE, NULL);

      g_printerr (_("%s: name a command\n"), g_get_prgname ());
      g_printerr ("%s", help);
      return 2;
    }

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      if (g_strcmp0 (argv[1], commands[i].name) == 0)
        {
          g_autofree char *prgname = g_strdup_printf ("%s %s", g_get_prgname (),
                                                      commands[i].name);
          g_autoptr(GPtrArray) command_argv = g_ptr_array_new ();
          int position = 2;

          /* The command's own parser takes a --db given before it, placed where its
           * options start; a --db after the command comes later and wins. */
          if (commands[i].has_subcommands && argc > 2 && argv[2][0] != '-')
            position = 3;
          for (int j = 1; j < argc; j++)
            {
              if (j == position && db_path != NULL)
                {
                  g_ptr_array_add (command_argv, (char *) "--db");
                  g_ptr_array_add (command_argv, db_path);
                }
              g_ptr_array_add (command_argv, argv[j]);
            }
          if (position >= argc && db_path != NULL)
            {
              g_ptr_array_add (command_argv, (char *) "--db");
              g_ptr_array_add (command_argv, db_path);
            }
          g_ptr_array_add (command_argv, NULL);

          /* The command's --help and messages then name the whole command line. */
          g_set_prgname (prgname);
          return commands[i].run ((int) command_argv->len - 1, (char **) command_argv->pdata);
        }
    }

  g_printerr (_("%s: unknown command “%s”\n"), g_get_prgname (), argv[1]);
  g_printerr (_("Try “%s --help”.\n"), g_get_prgname ());
  return 2;
}
