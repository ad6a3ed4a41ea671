/* ml-sim-piws.h: a simulated printer's PIWS v2.0 documents (/LFPWebServices/PI/...)
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ml-sim-doc.h"
#include "ml-sim-printer.h"

G_BEGIN_DECLS

#define ML_SIM_PIWS_PREFIX "/LFPWebServices/PI"

/* FALSE when path is not under ML_SIM_PIWS_PREFIX. Otherwise fills reply: the
 * document in the form the path or the Accept header asks for, or a 404. query may be
 * NULL; accept is the request's Accept header or NULL. */
gboolean ml_sim_piws_respond (MlSimPrinter *printer,
                              const char   *path,
                              GHashTable   *query,
                              const char   *accept,
                              MlSimReply   *reply);

G_END_DECLS
