/* ml-inspect-command.h: `meterlink-collector inspect`: what saved printer responses hold
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* argv[0] is the command's name. Returns the exit status: 0 when every file was
 * read, 1 when any could not be, 2 for a usage error. */
int ml_inspect_command_run (int    argc,
                            char **argv);

G_END_DECLS
