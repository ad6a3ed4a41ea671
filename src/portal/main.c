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

#include "ml-admin-commands.h"
#include "ml-command-line.h"
#include "ml-serve-command.h"

static const MlCommand commands[] = {
  { "serve", N_("Serve collectors and the reseller API over HTTPS"), ml_serve_command_run,
    FALSE },
  { "reseller", N_("Add resellers"), ml_reseller_command_run, TRUE },
  { "user", N_("Add the users who sign in for a reseller"), ml_user_command_run, TRUE },
  { "customer", N_("Add a reseller's customers"), ml_customer_command_run, TRUE },
  { "site", N_("Add a customer's sites, and give them new secrets"), ml_site_command_run,
    TRUE },
};

int
main (int    argc,
      char **argv)
{
  g_autofree char *db_path = NULL;
  g_autoptr(GPtrArray) command_argv = g_ptr_array_new ();
  const MlCommand *command;
  int position = 2;
  int status;
  const GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db_path,
      N_("The portal's database, for the command (default $XDG_DATA_HOME/meterlink/portal.db)"),
      N_("FILE") },
    { NULL }
  };

  command = ml_command_line_find ("meterlink-portal", commands, G_N_ELEMENTS (commands), entries,
                                  &argc, &argv, &status);
  if (command == NULL)
    return status;

  /* The command's own parser takes a --db given before it, placed where its options
   * start; a --db after the command comes later and wins. */
  if (command->has_subcommands && argc > 2 && argv[2][0] != '-')
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

  return command->run ((int) command_argv->len - 1, (char **) command_argv->pdata);
}
