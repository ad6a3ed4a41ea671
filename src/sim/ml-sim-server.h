/* ml-sim-server.h: one simulated printer's HTTPS server, with the faults it can show
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "ml-sim-clock.h"
#include "ml-sim-printer.h"

G_BEGIN_DECLS

typedef enum {
  ML_SIM_FAULT_SLOW,           /* persistent: answers after the slow delay */
  ML_SIM_FAULT_TRUNCATED,      /* persistent: Content-Length promises more than is sent */
  ML_SIM_FAULT_MALFORMED,      /* persistent: 200 with a broken document */
  ML_SIM_FAULT_HTTP500,        /* persistent: 500 Internal Server Error */
  ML_SIM_FAULT_OFFLINE,        /* persistent: not listening, connections refused */
  ML_SIM_FAULT_CERT_CHANGE,    /* one-shot: a new certificate from now on */
  ML_SIM_FAULT_COUNTER_RESET,  /* one-shot: lifetime counters drop to zero */
  ML_SIM_FAULT_REBOOT,         /* one-shot: a new job queue UUID */
  ML_SIM_N_FAULTS,
} MlSimFault;

gboolean    ml_sim_fault_from_string (const char *text,
                                      MlSimFault *out_fault);
const char *ml_sim_fault_to_string   (MlSimFault  fault);

#define ML_TYPE_SIM_SERVER (ml_sim_server_get_type ())

G_DECLARE_FINAL_TYPE (MlSimServer, ml_sim_server, ML, SIM_SERVER, GObject)

MlSimServer     *ml_sim_server_new              (MlSimPrinter  *printer,
                                                 MlSimClock    *clock,
                                                 const char    *address,
                                                 GError       **error);
MlSimPrinter    *ml_sim_server_get_printer      (MlSimServer   *self);
const char      *ml_sim_server_get_address      (MlSimServer   *self);
guint            ml_sim_server_get_port         (MlSimServer   *self);
const char      *ml_sim_server_get_cert_sha256  (MlSimServer   *self);

/* Listens on the address and port (0: a free one, see get_port). */
gboolean         ml_sim_server_listen           (MlSimServer   *self,
                                                 guint          port,
                                                 GError       **error);
void             ml_sim_server_stop             (MlSimServer   *self);

void             ml_sim_server_set_slow_ms      (MlSimServer   *self,
                                                 guint          slow_ms);
/* The probability that a request meets a transient fault (slow, truncated,
 * malformed or http500, one of them at random). */
void             ml_sim_server_set_fault_rate   (MlSimServer   *self,
                                                 double         rate,
                                                 guint64        seed);
gboolean         ml_sim_server_inject           (MlSimServer   *self,
                                                 MlSimFault     fault,
                                                 GError       **error);
/* Listens on another address from now on (same port, same printer). */
gboolean         ml_sim_server_move             (MlSimServer   *self,
                                                 const char    *address,
                                                 GError       **error);
/* Clears every persistent fault; an offline printer listens again. */
gboolean         ml_sim_server_clear_faults     (MlSimServer   *self,
                                                 GError       **error);
/* The persistent faults now in force, as strings. */
GStrv            ml_sim_server_dup_faults       (MlSimServer   *self);

guint64          ml_sim_server_get_requests     (MlSimServer   *self);
guint64          ml_sim_server_get_non_read_requests (MlSimServer *self);

G_END_DECLS
