/* ml-sim-clock.c: simulated time, running at a multiple of real time
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "ml-sim-clock.h"

struct _MlSimClock
{
  GObject parent_instance;

  gint64 start;
  double speed;
  gint64 advanced;
  gint64 started_us;     /* monotonic */
};

G_DEFINE_FINAL_TYPE (MlSimClock, ml_sim_clock, G_TYPE_OBJECT)

static void
ml_sim_clock_class_init (MlSimClockClass *klass)
{
}

static void
ml_sim_clock_init (MlSimClock *self)
{
}

MlSimClock *
ml_sim_clock_new (gint64 start,
                  double speed)
{
  MlSimClock *self;

  g_return_val_if_fail (speed >= 0, NULL);

  self = g_object_new (ML_TYPE_SIM_CLOCK, NULL);
  self->start = start;
  self->speed = speed;
  /* Monotonic, so that a change of the wall clock does not move simulated time. */
  self->started_us = g_get_monotonic_time ();
  return self;
}

gint64
ml_sim_clock_now (MlSimClock *self)
{
  double elapsed;

  g_return_val_if_fail (ML_IS_SIM_CLOCK (self), 0);

  elapsed = (double) (g_get_monotonic_time () - self->started_us) / G_USEC_PER_SEC;
  return self->start + self->advanced + (gint64) floor (elapsed * self->speed);
}

gint64
ml_sim_clock_get_start (MlSimClock *self)
{
  g_return_val_if_fail (ML_IS_SIM_CLOCK (self), 0);
  return self->start;
}

double
ml_sim_clock_get_speed (MlSimClock *self)
{
  g_return_val_if_fail (ML_IS_SIM_CLOCK (self), 0);
  return self->speed;
}

void
ml_sim_clock_advance (MlSimClock *self,
                      gint64      seconds)
{
  g_return_if_fail (ML_IS_SIM_CLOCK (self));
  g_return_if_fail (seconds >= 0);

  self->advanced += seconds;
}
