/* ml-jobs-command.h: `meterlink-collector jobs`, the jobs in the store
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* argv[0] is the command's name. Returns the exit status: 0 when all went well, 1
 * when something failed, 2 for a usage error. */
int ml_jobs_command_run (int    argc,
                         char **argv);

G_END_DECLS
