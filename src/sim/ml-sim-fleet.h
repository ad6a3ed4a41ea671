/* ml-sim-fleet.h: a fleet of simulated printers on consecutive loopback addresses
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "ml-sim-clock.h"
#include "ml-sim-server.h"

G_BEGIN_DECLS

#define ML_SIM_MAX_FLEET 1000

typedef struct
{
  guint n_printers;
  const char *listen;         /* the first printer's address */
  guint port;                 /* 0: a free port on the first address, the same for all */
  guint64 seed;
  double speed;               /* simulated seconds per real second; 0 freezes time */
  gint64 start;               /* simulated time at start-up (Unix seconds) */
  gint64 history_s;           /* how long the printers ran before start */
  guint queue_depth;
  guint slow_ms;
  double fault_rate;
} MlSimFleetOptions;

void ml_sim_fleet_options_init (MlSimFleetOptions *options);

#define ML_TYPE_SIM_FLEET (ml_sim_fleet_get_type ())

G_DECLARE_FINAL_TYPE (MlSimFleet, ml_sim_fleet, ML, SIM_FLEET, GObject)

/* Checks the options (addresses on loopback and in range), makes the printers, runs
 * their history up to the start and makes their certificates. Nothing listens yet. */
MlSimFleet   *ml_sim_fleet_new          (const MlSimFleetOptions *options,
                                         GError                 **error);
/* Every printer listens, and a tick advances them every second. */
gboolean      ml_sim_fleet_start        (MlSimFleet   *self,
                                         GError      **error);
void          ml_sim_fleet_stop         (MlSimFleet   *self);

MlSimClock   *ml_sim_fleet_get_clock    (MlSimFleet   *self);
guint         ml_sim_fleet_get_n_printers (MlSimFleet *self);
MlSimServer  *ml_sim_fleet_get_server   (MlSimFleet   *self,
                                         guint         index);
guint         ml_sim_fleet_get_port     (MlSimFleet   *self);
/* By serial, or by index written "#3". NULL when there is no such printer. */
MlSimServer  *ml_sim_fleet_lookup       (MlSimFleet   *self,
                                         const char   *serial_or_index);

/* Advances simulated time (speed 0 included) and every printer with it. */
void          ml_sim_fleet_advance      (MlSimFleet   *self,
                                         gint64        seconds);
void          ml_sim_fleet_advance_printers (MlSimFleet *self);

/* "SERIAL:KIND", as --fault takes it. */
gboolean      ml_sim_fleet_inject_spec  (MlSimFleet   *self,
                                         const char   *spec,
                                         GError      **error);

/* The manifest: [{address, port, serial, product_number, model, cert_sha256}]. */
JsonNode     *ml_sim_fleet_manifest     (MlSimFleet   *self);
gboolean      ml_sim_fleet_write_manifest (MlSimFleet *self,
                                         const char   *path,
                                         GError      **error);
/* {"printers": [...]} at the current instant; serial NULL for all. */
JsonNode     *ml_sim_fleet_truth        (MlSimFleet   *self,
                                         const char   *serial);
JsonNode     *ml_sim_fleet_stats        (MlSimFleet   *self);

/* Whether text is an address on loopback (127.0.0.0/8 or ::1). */
gboolean      ml_sim_address_is_loopback (const char  *text);

G_END_DECLS
