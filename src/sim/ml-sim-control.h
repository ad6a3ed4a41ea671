/* ml-sim-control.h: the simulator's control server (plain HTTP on loopback)
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GET /truth[?serial=S], GET /stats, GET /manifest, POST /fault?serial=S&kind=K,
 * POST /fault/clear?serial=S, POST /advance?seconds=N. It is not a printer: its
 * requests are not counted in the printers' statistics.
 */
#pragma once

#include "ml-sim-fleet.h"

G_BEGIN_DECLS

#define ML_TYPE_SIM_CONTROL (ml_sim_control_get_type ())

G_DECLARE_FINAL_TYPE (MlSimControl, ml_sim_control, ML, SIM_CONTROL, GObject)

MlSimControl *ml_sim_control_new    (MlSimFleet    *fleet);
/* address must be on loopback; port 0 picks a free one (see get_port). */
gboolean      ml_sim_control_listen (MlSimControl  *self,
                                     const char    *address,
                                     guint          port,
                                     GError       **error);
guint         ml_sim_control_get_port (MlSimControl *self);
/* "http://127.0.0.1:PORT/" */
char         *ml_sim_control_dup_url (MlSimControl  *self);

/* Splits "127.0.0.1:8000" or "[::1]:8000"; both parts are checked. */
gboolean      ml_sim_parse_host_port (const char    *text,
                                      char         **out_address,
                                      guint         *out_port,
                                      GError       **error);

G_END_DECLS
