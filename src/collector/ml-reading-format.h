/* ml-reading-format.h: a printer reading as text a person reads on a terminal
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "meterlink-core.h"

G_BEGIN_DECLS

/* Appends a readable, translated description of everything the reading holds:
 * identity, status, alerts, printheads, cartridges, media, usage, jobs. Sections
 * the reading has nothing for are left out. */
void ml_reading_format_text (MlPrinterReading *reading,
                             GString          *out);

G_END_DECLS
