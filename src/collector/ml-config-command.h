/* ml-config-command.h: `meterlink-collector config`, show and change the collector's settings
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

int ml_config_command_run (int    argc,
                           char **argv);

G_END_DECLS
