/* ml-sim-clock.h: simulated time, running at a multiple of real time
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * now = start + advanced + real elapsed × speed. Speed 0 freezes time, so that a test
 * moves it only with ml_sim_clock_advance and reads everything at one instant.
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define ML_TYPE_SIM_CLOCK (ml_sim_clock_get_type ())

G_DECLARE_FINAL_TYPE (MlSimClock, ml_sim_clock, ML, SIM_CLOCK, GObject)

MlSimClock *ml_sim_clock_new       (gint64      start,
                                    double      speed);
/* Unix seconds of simulated time. */
gint64      ml_sim_clock_now       (MlSimClock *self);
gint64      ml_sim_clock_get_start (MlSimClock *self);
double      ml_sim_clock_get_speed (MlSimClock *self);
void        ml_sim_clock_advance   (MlSimClock *self,
                                    gint64      seconds);

G_END_DECLS
