/* ml-sim-printer.h: one simulated printer living in simulated time
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A printer is a discrete-event simulation: jobs arrive, print and complete, ink runs
 * down, printheads wear, rolls run out, alerts rise and clear. It moves only when told
 * to advance to an instant, and then processes its events in time order with its own
 * random number generator. Events are drawn only while they are processed, so the
 * state at an instant depends on the seed and the instant, never on how often the
 * printer was asked in between.
 */
#pragma once

#include <json-glib/json-glib.h>

#include "meterlink-core.h"
#include "ml-sim-catalog.h"

G_BEGIN_DECLS

#define ML_TYPE_SIM_PRINTER (ml_sim_printer_get_type ())

G_DECLARE_FINAL_TYPE (MlSimPrinter, ml_sim_printer, ML, SIM_PRINTER, GObject)

#define ML_SIM_DEFAULT_QUEUE_DEPTH 100

/* serial NULL: the one ml_sim_printer_make_serial (seed, index, 0) gives. The
 * printer is installed (all counters zero) at installed_at and stands there until it
 * is advanced. */
MlSimPrinter      *ml_sim_printer_new          (const MlSimModel *model,
                                                guint64           seed,
                                                guint             index,
                                                const char       *serial,
                                                gint64            installed_at,
                                                guint             queue_depth);

/* "CN" and eight digits and capitals from the seed, the index and an attempt
 * counter that a fleet raises when two printers would share a serial. */
char              *ml_sim_printer_make_serial  (guint64           seed,
                                                guint             index,
                                                guint             attempt);

const MlSimModel  *ml_sim_printer_get_model    (MlSimPrinter     *self);
guint              ml_sim_printer_get_index    (MlSimPrinter     *self);
const char        *ml_sim_printer_get_serial   (MlSimPrinter     *self);
const char        *ml_sim_printer_get_queue_uuid (MlSimPrinter   *self);
gint64             ml_sim_printer_get_queue_modification (MlSimPrinter *self);
/* The instant the printer has been advanced to (Unix seconds). */
gint64             ml_sim_printer_get_now      (MlSimPrinter     *self);

/* Processes every event up to and including instant; earlier instants do nothing. */
void               ml_sim_printer_advance_to   (MlSimPrinter     *self,
                                                gint64            instant);

/* One-shot faults. A reboot gives the queue a new UUID and restarts its modification
 * numbers; the retained jobs stay. A counter reset drops every lifetime counter to
 * zero (as a replaced formatter board would); they count again from there. */
void               ml_sim_printer_reboot       (MlSimPrinter     *self);
void               ml_sim_printer_reset_counters (MlSimPrinter   *self);

/* What a collector should read at the current instant, every job included. */
MlPrinterReading  *ml_sim_printer_build_reading (MlSimPrinter    *self);

/* The printer's entry of GET /truth (see docs/simulator.md). address may be NULL. */
JsonNode          *ml_sim_printer_to_truth     (MlSimPrinter     *self,
                                                const char       *address);

G_END_DECLS
