/* main.c: meterlink-collector, the collector's command line
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each command lives in its own ml-*-command.c with its own option parser; this file
 * only finds the command and hands it the rest of the command line.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <locale.h>

#include "ml-collect-command.h"
#include "ml-config-command.h"
#include "ml-enroll-command.h"
#include "ml-inspect-command.h"
#include "ml-jobs-command.h"
#include "ml-read-command.h"
#include "ml-run-command.h"
#include "ml-scan-command.h"
#include "ml-status-command.h"
#include "ml-sync-command.h"

typedef int (*MlCommandFunc) (int    argc,
                              char **argv);

static const struct {
  const char *name;
  const char *summary;
  MlCommandFunc run;
} commands[] = {
  { "inspect", N_("Show what saved printer responses hold"), ml_inspect_command_run },
  { "read", N_("Read printers over the network now and show what they say"), ml_read_command_run },
  { "scan", N_("Find and identify the printers in address ranges"), ml_scan_command_run },
  { "collect", N_("Collect from every printer in the configured ranges now"),
    ml_collect_command_run },
  { "run", N_("Collect on schedule until stopped (the daemon)"), ml_run_command_run },
  { "status", N_("Show every known printer as last collected"), ml_status_command_run },
  { "jobs", N_("List the collected jobs"), ml_jobs_command_run },
  { "config", N_("Show or change the collector's settings"), ml_config_command_run },
  { "enroll", N_("Join this collector to its site on a portal, with the site's enrolment code"),
    ml_enroll_command_run },
  { "sync", N_("Send what was collected to the portal now"), ml_sync_command_run },
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
  gboolean version = FALSE;
  const GOptionEntry entries[] = {
    { "version", 0, 0, G_OPTION_ARG_NONE, &version, N_("Print the version and exit"), NULL },
    { NULL }
  };

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  g_set_prgname ("meterlink-collector");

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
      g_print ("meterlink-collector %s\n", PACKAGE_VERSION);
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

          /* The command's --help and messages then name the whole command line. */
          g_set_prgname (prgname);
          return commands[i].run (argc - 1, argv + 1);
        }
    }

  g_printerr (_("%s: unknown command “%s”\n"), g_get_prgname (), argv[1]);
  g_printerr (_("Try “%s --help”.\n"), g_get_prgname ());
  return 2;
}
