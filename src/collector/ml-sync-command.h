/* ml-sync-command.h: `meterlink-collector sync`, sending what was collected to the portal now
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* argv[0] is the command's name. Returns the exit status: 0 when the outbox is
 * empty and the portal answered, 1 when anything failed (the bundles wait in the
 * outbox), 2 for a usage error. */
int ml_sync_command_run (int    argc,
                         char **argv);

G_END_DECLS
