/* ml-counter-event.h: a lifetime counter that went down, as the collector store recorded it
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Lifetime counters only grow; a drop (a board replaced, a firmware reset) is an
 * event with the value before and after, so billing counts the growth from zero
 * after the reset instead of a negative usage. Counter names are those of
 * ml_collector_store_get_counter().
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define ML_TYPE_COUNTER_EVENT (ml_counter_event_get_type ())

G_DECLARE_FINAL_TYPE (MlCounterEvent, ml_counter_event, ML, COUNTER_EVENT, GObject)

const char *ml_counter_event_get_serial (MlCounterEvent *self);
gint64      ml_counter_event_get_at (MlCounterEvent *self);
const char *ml_counter_event_get_kind (MlCounterEvent *self);
const char *ml_counter_event_get_counter (MlCounterEvent *self);
gint64      ml_counter_event_get_before (MlCounterEvent *self);
gint64      ml_counter_event_get_after (MlCounterEvent *self);

G_END_DECLS
