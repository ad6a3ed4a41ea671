/* ml-serve-command.h: `meterlink-portal serve`, the HTTPS service
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

int ml_serve_command_run (int    argc,
                          char **argv);

G_END_DECLS
