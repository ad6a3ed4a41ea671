/* ml-command-line.h: the front of a program made of commands, up to the command
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef int (*MlCommandFunc) (int    argc,
                              char **argv);

typedef struct
{
  const char *name;
  const char *summary;        /* N_(): a line of --help */
  MlCommandFunc run;
  gboolean has_subcommands;   /* "site add": options follow the second word */
} MlCommand;

/* Sets up the translations, parses the options before the command (--version and
 * @entries, which may be NULL) with a --help that lists @commands, and finds the
 * command that (*@argv)[1] names. Returns it, with the program's name now
 * "@program COMMAND"; or NULL when the program ends here (--version, or a mistake,
 * said), with its exit status in *@out_status. */
const MlCommand *ml_command_line_find (const char          *program,
                                       const MlCommand     *commands,
                                       guint                n_commands,
                                       const GOptionEntry  *entries,
                                       int                 *argc,
                                       char              ***argv,
                                       int                 *out_status);

G_END_DECLS
