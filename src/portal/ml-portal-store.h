/* ml-portal-store.h: the portal's database: resellers and everything they own
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * SQLite through ml-database.h (WAL, migrations). Every query a reseller's user can
 * cause takes the reseller's ID and is scoped by it in SQL: another reseller's IDs
 * behave exactly as if they did not exist (ML_ERROR_NOT_FOUND). The store is
 * thread-safe; the HTTP server calls it from worker threads only, never from its
 * main loop.
 *
 * Results that go to the API are JsonNode objects in the API's spelling, so the
 * server does not translate rows: each function's comment names the keys. Times
 * are ISO 8601 UTC text ("2026-11-21T03:00:00Z") as in ml-model-json.c, null when
 * unknown; "customer_id" is a number, a site's "id"/"site_id" its public UUID.
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "meterlink-core.h"

G_BEGIN_DECLS

/* How long a session token stays valid, in seconds. */
#define ML_PORTAL_TOKEN_LIFETIME (12 * 60 * 60)

/* Failed logins are counted per key in a window; a key with that many failures in
 * its window is throttled until the window ends. The server counts each failure
 * under the login ("login:NAME") and under the client's address ("address:IP"),
 * with the address's larger allowance, since many people may share one address. */
#define ML_PORTAL_THROTTLE_WINDOW       (15 * 60)
#define ML_PORTAL_THROTTLE_PER_LOGIN    5
#define ML_PORTAL_THROTTLE_PER_ADDRESS  20

#define ML_TYPE_PORTAL_STORE (ml_portal_store_get_type ())

G_DECLARE_FINAL_TYPE (MlPortalStore, ml_portal_store, ML, PORTAL_STORE, GObject)

typedef enum {
  ML_PORTAL_ROLE_ADMIN,
  ML_PORTAL_ROLE_VIEWER,
} MlPortalRole;

/* $XDG_DATA_HOME/meterlink/portal.db unless told otherwise. */
char          *ml_portal_store_default_path (void);
MlPortalStore *ml_portal_store_open         (const char     *path,
                                             GError        **error);
const char    *ml_portal_store_get_path     (MlPortalStore  *self);

/* ---- Administration (the operator's command line) ---- */
gboolean ml_portal_store_add_reseller   (MlPortalStore *self, const char *name, gint64 *out_id, GError **error);
/* Hashes the password with PBKDF2-HMAC-SHA256 (ML_PASSWORD_ROUNDS, random salt). */
gboolean ml_portal_store_add_user       (MlPortalStore *self, const char *reseller, const char *login,
                                         MlPortalRole role, const char *password, GError **error);
gboolean ml_portal_store_add_customer   (MlPortalStore *self, const char *reseller, const char *customer,
                                         gint64 *out_id, GError **error);
/* Creates the site with a fresh secret; returns its public ID (a UUID) and secret.
 * Customer names are unique per reseller; a customer name that two resellers use
 * must be qualified on the command line ("--reseller"). */
gboolean ml_portal_store_add_site       (MlPortalStore *self, const char *reseller /* nullable */,
                                         const char *customer, const char *site,
                                         char **out_site_id, GBytes **out_secret, GError **error);
gboolean ml_portal_store_rotate_secret  (MlPortalStore *self, const char *site_id_or_name,
                                         char **out_site_id, GBytes **out_secret, GError **error);

/* ---- Settings the portal keeps for itself ---- */
/* Written by `serve`, read by `site add` and `site rotate-secret` for the enrolment
 * code: "portal_url", the URL collectors reach the portal by (from --listen or
 * --public-url); "portal_cert_sha256", the fingerprint of the certificate it serves
 * (lowercase hex; "" for a publicly trusted one, which needs no pin). */
gboolean ml_portal_store_set_setting    (MlPortalStore *self, const char *name, const char *value,
                                         GError **error);
/* NULL (and no error) for a setting never written. */
char    *ml_portal_store_dup_setting    (MlPortalStore *self, const char *name, GError **error);

/* ---- Sessions ---- */
/* Checks login and password (constant time; unknown logins cost the same as wrong
 * passwords); on success a random token (returned once, stored hashed) valid for
 * ML_PORTAL_TOKEN_LIFETIME seconds. Wrong credentials: ML_ERROR_AUTHENTICATION. */
gboolean ml_portal_store_create_session (MlPortalStore *self, const char *login, const char *password,
                                         gint64 now, char **out_token, GError **error);
/* The reseller, user and role of a valid token, or ML_ERROR_AUTHENTICATION. */
gboolean ml_portal_store_check_token    (MlPortalStore *self, const char *token, gint64 now,
                                         gint64 *out_reseller_id, gint64 *out_user_id,
                                         MlPortalRole *out_role, GError **error);

/* FALSE with ML_ERROR_THROTTLED when @key has @max_failures failed logins in its
 * current window; *out_retry_after (nullable) gets the seconds until it ends. */
gboolean ml_portal_store_check_throttle (MlPortalStore *self, const char *key, guint max_failures,
                                         gint64 now, gint64 *out_retry_after, GError **error);
gboolean ml_portal_store_record_login_failure (MlPortalStore *self, const char *key, gint64 now,
                                              GError **error);
/* After a successful login: the login's count starts again. */
gboolean ml_portal_store_clear_login_failures (MlPortalStore *self, const char *key,
                                              GError **error);

/* ---- Collectors ---- */
/* The site's secret by its public ID, for opening its bundles and checking its
 * signed requests; NULL and ML_ERROR_NOT_FOUND for an unknown site. */
GBytes  *ml_portal_store_lookup_site_secret (MlPortalStore *self, const char *site_id, GError **error);
/* {"site_id", "site", "customer", "reseller"} for the enrolment check. */
JsonNode *ml_portal_store_describe_site (MlPortalStore *self, const char *site_id, GError **error);
/* Records a request nonce; FALSE with ML_ERROR_REPLAYED when it was seen before. */
gboolean ml_portal_store_use_nonce      (MlPortalStore *self, const char *site_id, const char *nonce,
                                         gint64 now, GError **error);
/* Ingests an opened bundle in ONE transaction: the bundle row (its UUID unique),
 * printers (by serial and product number, within the site's customer), readings,
 * consumable snapshots, counters, jobs (each stored once: UNIQUE(printer, uuid)),
 * events. *out_jobs_stored counts the bundle's jobs that were new or changed. A
 * bundle already ingested stores nothing and reports *out_duplicate with the first
 * ingest's received_at and jobs_stored, for the same receipt. A site that does not
 * exist: ML_ERROR_NOT_FOUND; a payload against docs/bundle-format.md:
 * ML_ERROR_MALFORMED, ML_ERROR_WRONG_TYPE or ML_ERROR_INVALID_VALUE. */
gboolean ml_portal_store_ingest_bundle  (MlPortalStore *self, const MlBundleHeader *header,
                                         JsonNode *payload, gint64 received_at,
                                         guint *out_jobs_stored, gboolean *out_duplicate,
                                         gint64 *out_original_received_at, GError **error);
/* One bundle of a batch for ml_portal_store_ingest_bundles(). The caller sets
 * @header, @payload and @received_at; the store sets the rest: @error when the
 * bundle was refused or could not be stored, else what ml_portal_store_ingest_bundle()
 * says through its out arguments. */
typedef struct
{
  const MlBundleHeader *header;
  JsonNode *payload;
  gint64 received_at;

  guint jobs_stored;
  gboolean duplicate;
  gint64 original_received_at;
  GError *error;
} MlPortalBundleIngest;

/* Group commit: ingests @bundles as ml_portal_store_ingest_bundle() would, each in
 * its own savepoint of ONE transaction, in their order, with one sync for all. A
 * bundle that fails leaves nothing behind and does not affect the others; a bundle
 * whose UUID came earlier in the batch is a duplicate. When this returns, every
 * bundle without an error is durable. FALSE when the transaction itself failed:
 * then nothing was stored and every bundle has an error. */
gboolean ml_portal_store_ingest_bundles (MlPortalStore *self, MlPortalBundleIngest **bundles,
                                         guint n_bundles, GError **error);
/* The site's collector configuration: {"ranges", "polling_interval", "user_names",
 * "revision"}; set_site_config bumps the revision (reseller admins only, checked by
 * the server; scoped here by reseller). Only what a reseller set is there: "ranges"
 * (text in ml-ip-range.h syntax), "polling_interval" (minutes, 30 to 1440),
 * "user_names" (boolean); "revision" always, 0 while the portal manages nothing, so
 * a collector applies the members present when the revision is newer than its own.
 * set_site_config takes any of the three (null removes one; "revision" is ignored)
 * and refuses anything else with ML_ERROR_INVALID_VALUE. */
JsonNode *ml_portal_store_get_site_config (MlPortalStore *self, const char *site_id, GError **error);
gboolean  ml_portal_store_set_site_config (MlPortalStore *self, gint64 reseller_id, const char *site_id,
                                           JsonNode *config, GError **error);

/* ---- The reseller API (every call scoped by reseller_id) ---- */
/* [{"id", "name", "sites": n, "printers": n}] */
JsonNode *ml_portal_store_list_customers (MlPortalStore *self, gint64 reseller_id, GError **error);
/* [{"id" (site ID), "name", "customer_id", "customer", "last_bundle_at", "printers": n, "config": {...}}] */
JsonNode *ml_portal_store_list_sites     (MlPortalStore *self, gint64 reseller_id, GError **error);
/* [{"serial", "product_number", "model", "firmware", "customer_id", "site_id", "last_seen",
 *   "status": {...}, "cartridges": [...]}] (latest status and consumables) */
JsonNode *ml_portal_store_list_printers  (MlPortalStore *self, gint64 reseller_id, GError **error);
/* One printer: as above plus "printheads", "media_sources", "alerts", "counters". */
JsonNode *ml_portal_store_get_printer    (MlPortalStore *self, gint64 reseller_id, const char *serial,
                                          GError **error);
/* {"jobs": [ml_job_to_json + "printer"], "next_cursor": "..." or null}; serial NULL
 * for all printers; since <= job time < until, 0 for open ends (a job's time is when
 * it printed, else completed, else was submitted, else arrived); oldest first; cursor
 * NULL for the first page (a malformed one: ML_ERROR_INVALID_VALUE); limit 1 to 1000. */
JsonNode *ml_portal_store_list_jobs      (MlPortalStore *self, gint64 reseller_id, const char *serial,
                                          gint64 since, gint64 until, const char *cursor, guint limit,
                                          GError **error);
/* [{"serial", "media_type_id", "day" (YYYY-MM-DD UTC), "jobs", "media_area_mm2",
 *   "printed_area_mm2", "ink_ul"}] for completed jobs. */
JsonNode *ml_portal_store_usage          (MlPortalStore *self, gint64 reseller_id, const char *serial,
                                          gint64 since, gint64 until, GError **error);
/* [{"serial", "kind", "at", ...}] counter resets and alerts. */
JsonNode *ml_portal_store_list_events    (MlPortalStore *self, gint64 reseller_id, const char *serial,
                                          GError **error);
/* Everything of the reseller changed after cursor (NULL: all): {"cursor": "...",
 * "customers": [...], "sites": [...], "printers": [...], "jobs": [...], "events": [...],
 * "more": bool}, for the app's offline copy; items as in the lists above. One answer
 * holds at most a few thousand rows: with "more" true, ask again with its cursor. */
JsonNode *ml_portal_store_sync           (MlPortalStore *self, gint64 reseller_id, const char *cursor,
                                          GError **error);

G_END_DECLS
