/* ml-sim-ledm.h: a simulated printer's LEDM documents (/DevMgmt, /EventMgmt)
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ml-sim-doc.h"
#include "ml-sim-printer.h"

G_BEGIN_DECLS

/* FALSE when path is not an LEDM path; otherwise fills reply with the XML document
 * or a 404. */
gboolean ml_sim_ledm_respond (MlSimPrinter *printer,
                              const char   *path,
                              MlSimReply   *reply);

G_END_DECLS
