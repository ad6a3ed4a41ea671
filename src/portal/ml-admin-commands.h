/* ml-admin-commands.h: the operator's commands: reseller, user, customer and site
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each takes the rest of the command line after `meterlink-portal`, its group name
 * first ("site add --customer Acme Plant"), and returns the exit status: 0 when it
 * did what it says, 1 when it could not, 2 for a command line it does not understand.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

int ml_reseller_command_run (int    argc,
                             char **argv);
int ml_user_command_run     (int    argc,
                             char **argv);
int ml_customer_command_run (int    argc,
                             char **argv);
int ml_site_command_run     (int    argc,
                             char **argv);

G_END_DECLS
