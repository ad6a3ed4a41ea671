/* ml-enroll-command.h: `meterlink-collector enroll`, joining this collector to its site on a portal
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* argv[0] is the command's name. Returns the exit status: 0 when enrolled, 1 when
 * the portal could not be reached or said no, 2 for a usage error or a code with a
 * typo (found before any traffic). */
int ml_enroll_command_run (int    argc,
                           char **argv);

G_END_DECLS
