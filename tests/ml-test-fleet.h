/* ml-test-fleet.h: the built printer simulator as a subprocess, for tests and benchmarks
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Starts meterlink-printer-sim (ML_PRINTER_SIM) with frozen time on loopback, waits
 * for its "control: URL" line, and talks to its control server. Every wait runs the
 * thread-default main context until an event or a deadline; nothing sleeps.
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef struct _MlTestFleet MlTestFleet;

/* A fleet of @n_printers from @first_address, with --speed 0, --port 0, a fixed
 * start and @extra_args (NULL-terminated, may be NULL) after the others. Returns
 * NULL and marks the test skipped when ML_PRINTER_SIM is not set. */
MlTestFleet *ml_test_fleet_start         (guint               n_printers,
                                          const char         *first_address,
                                          guint64             seed,
                                          const char * const *extra_args);
/* SIGTERM, then waits for a clean exit. */
void         ml_test_fleet_stop          (MlTestFleet        *fleet);

guint        ml_test_fleet_get_size      (MlTestFleet        *fleet);
guint        ml_test_fleet_get_port      (MlTestFleet        *fleet);
const char  *ml_test_fleet_get_address   (MlTestFleet        *fleet,
                                          guint               index);
const char  *ml_test_fleet_get_serial    (MlTestFleet        *fleet,
                                          guint               index);
const char  *ml_test_fleet_get_cert      (MlTestFleet        *fleet,
                                          guint               index);

/* The control server: a request and its JSON answer; @out_status may be NULL. */
JsonNode    *ml_test_fleet_request       (MlTestFleet        *fleet,
                                          const char         *method,
                                          const char         *path_and_query,
                                          guint              *out_status);
/* The same, which must answer 200. */
JsonNode    *ml_test_fleet_control       (MlTestFleet        *fleet,
                                          const char         *method,
                                          const char         *path_and_query);
void         ml_test_fleet_advance       (MlTestFleet        *fleet,
                                          gint64              seconds);
void         ml_test_fleet_fault         (MlTestFleet        *fleet,
                                          guint               index,
                                          const char         *kind);
void         ml_test_fleet_clear_faults  (MlTestFleet        *fleet,
                                          guint               index);
/* GET /truth: the "printers" array's objects, in fleet order. */
JsonNode    *ml_test_fleet_truth         (MlTestFleet        *fleet);
JsonObject  *ml_test_fleet_truth_printer (JsonNode           *truth,
                                          guint               index);
/* GET /stats "non_read_requests" and "requests". */
gint64       ml_test_fleet_stat          (MlTestFleet        *fleet,
                                          const char         *name);

/* Runs the thread-default main context until *@done or @deadline_s seconds have
 * passed; fails the test at the deadline. */
void         ml_test_wait                (gboolean           *done,
                                          guint               deadline_s);

/* Children of @launcher die with the test process, even when it aborts. */
void         ml_test_launcher_stop_with_parent (GSubprocessLauncher *launcher);

/* Gives @process @input (NULL: nothing; it was spawned with a stdin pipe when not
 * NULL), reads its standard output and error (both piped) and waits for its end,
 * each within @deadline_s. */
void         ml_test_communicate         (GSubprocess        *process,
                                          const char         *input,
                                          guint               deadline_s,
                                          char              **out_stdout,
                                          char              **out_stderr);

/* JSON as pretty text, for comparing and for messages. */
char        *ml_test_json_text           (JsonNode           *node);

G_END_DECLS
