/* ml-test-portal.h: the built portal as a subprocess, for the collector's sync tests
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Makes a portal database in a temporary folder with the admin commands of
 * meterlink-portal (ML_PORTAL): a reseller, its admin, a customer "Acme"; starts
 * `serve --listen 127.0.0.1:0` and waits for its "listening:" line; then adds the
 * site "Plant 2", whose enrolment code (the last line `site add` prints) names the
 * served URL and certificate. The portal can be stopped, killed and started again
 * on the same port. Waits run the thread-default main context with deadlines.
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define ML_TEST_PORTAL_RESELLER "Reseller A"
#define ML_TEST_PORTAL_LOGIN "admin-a"
#define ML_TEST_PORTAL_PASSWORD "correct horse battery staple"
#define ML_TEST_PORTAL_CUSTOMER "Acme"
#define ML_TEST_PORTAL_SITE "Plant 2"

typedef struct _MlTestPortal MlTestPortal;

/* NULL, and the test marked skipped, when ML_PORTAL is not set. */
MlTestPortal *ml_test_portal_start        (void);
/* SIGTERM and a clean exit; then the folder is removed. NULL is fine. */
void          ml_test_portal_free         (MlTestPortal  *portal);

/* SIGTERM (clean stop) or SIGKILL, and waits for the process to end. */
void          ml_test_portal_stop         (MlTestPortal  *portal);
void          ml_test_portal_kill         (MlTestPortal  *portal);
/* Serves again, on the same port and with the same certificate. */
void          ml_test_portal_restart      (MlTestPortal  *portal);
gboolean      ml_test_portal_is_running   (MlTestPortal  *portal);

const char   *ml_test_portal_get_url      (MlTestPortal  *portal);
guint         ml_test_portal_get_port     (MlTestPortal  *portal);
const char   *ml_test_portal_get_code     (MlTestPortal  *portal);
const char   *ml_test_portal_get_db_path  (MlTestPortal  *portal);

/* Runs `meterlink-portal ARGS --db DB`; its exit status, and its standard output. */
int           ml_test_portal_run          (MlTestPortal       *portal,
                                           const char * const *args,
                                           const char         *input,
                                           char              **out_stdout);

/* Calls *@out_count each time the served portal's log has a line containing
 * @needle (its g_info lines included); for waiting on what it did. */
void          ml_test_portal_watch_log    (MlTestPortal  *portal,
                                           const char    *needle,
                                           guint         *out_count);

/* The reseller API as the admin of ML_TEST_PORTAL_RESELLER (signs in on first use):
 * the JSON answer; @out_status (nullable) the HTTP status. @body may be NULL. */
JsonNode     *ml_test_portal_api          (MlTestPortal  *portal,
                                           const char    *method,
                                           const char    *path_and_query,
                                           const char    *body,
                                           guint         *out_status);
/* Every job of the reseller, following the cursor: uuid → job object. */
GHashTable   *ml_test_portal_jobs         (MlTestPortal  *portal);

G_END_DECLS
