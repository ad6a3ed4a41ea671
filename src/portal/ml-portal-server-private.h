/* ml-portal-server-private.h: what the server and its route files share
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A request is copied out of its SoupServerMessage on the main loop; a worker thread
 * reads only that copy and writes only the answer fields; the main loop then answers
 * the message. Nothing of libsoup is touched from a worker.
 */
#pragma once

#include <libsoup/soup.h>

#include "ml-portal-server.h"

G_BEGIN_DECLS

typedef struct _MlPortalRequest MlPortalRequest;

/* Runs on the main loop before the store work; answers the request itself (and
 * returns FALSE) when there is nothing to hand to a worker. */
typedef gboolean (*MlPortalPrepareFunc) (MlPortalServer  *server,
                                         MlPortalRequest *request);
/* Runs in a worker thread: store calls, crypto, JSON. */
typedef void     (*MlPortalWorkFunc)    (MlPortalRequest *request,
                                         MlPortalStore   *store);
/* Runs on the main loop after the work, before the answer goes out. */
typedef void     (*MlPortalFinishFunc)  (MlPortalServer  *server,
                                         MlPortalRequest *request);

/* Each kind of work has threads of its own, so that neither two hundred uploads nor
 * a few password checks (a deliberately slow hash) keep a reseller's read waiting. */
typedef enum {
  ML_PORTAL_POOL_QUERY,
  ML_PORTAL_POOL_INGEST,
  ML_PORTAL_POOL_LOGIN,
  ML_PORTAL_N_POOLS
} MlPortalPool;

typedef struct
{
  const char *method;
  const char *pattern;        /* a "*" stands for one path segment */
  gsize body_limit;
  MlPortalPool pool;
  MlPortalPrepareFunc prepare;
  MlPortalWorkFunc work;
  MlPortalFinishFunc finish;
} MlPortalRoute;

#define ML_PORTAL_MAX_PARAMS 2

/* RFC 6585; libsoup 3.2 has no name for it. */
#define ML_PORTAL_STATUS_TOO_MANY_REQUESTS 429

struct _MlPortalRequest
{
  /* Main loop only. */
  MlPortalServer *server;
  SoupServerMessage *msg;
  gulong finished_id;
  gboolean finished;          /* the client went away: nothing to answer */

  /* Copied on the main loop; read-only for the worker. */
  const MlPortalRoute *route;
  const char *method;
  char *path;                 /* percent-encoded, as received, without the query */
  char *path_and_query;       /* what a collector signs */
  char *params[ML_PORTAL_MAX_PARAMS];  /* the pattern's stars, decoded */
  GHashTable *query;          /* decoded, never NULL */
  SoupMessageHeaders *headers;
  char *client_address;
  GBytes *body;
  gint64 now;                 /* Unix seconds at arrival */

  /* Shared by a route's prepare, work and finish steps. */
  char *login;
  char *password;             /* wiped when the request is freed */
  char *login_key;
  char *address_key;

  /* The answer, written by prepare or work. */
  guint status;
  JsonNode *reply;
  const char *error_code;
  char *error_message;
  guint retry_after;
  gboolean bearer_challenge;  /* a 401 of the reseller API says how to authenticate */

  /* For the log line. */
  gint64 reseller_id;
  char *site_id;
};

extern const MlPortalRoute _ml_portal_collector_routes[];
extern const guint _ml_portal_n_collector_routes;
extern const MlPortalRoute _ml_portal_reseller_routes[];
extern const guint _ml_portal_n_reseller_routes;

/* Answers: a JSON document (taken), or an error. */
void      _ml_portal_request_reply       (MlPortalRequest  *request,
                                          guint             status,
                                          JsonNode         *reply);
void      _ml_portal_request_fail        (MlPortalRequest  *request,
                                          guint             status,
                                          const char       *code,
                                          const char       *format,
                                          ...) G_GNUC_PRINTF (4, 5);
/* The status and code that a store or bundle error means for a client; the message
 * of an internal error is logged, never sent. */
void      _ml_portal_request_fail_error  (MlPortalRequest  *request,
                                          const GError     *error);

/* The body as a JSON object, or FALSE after failing the request with 400. */
JsonNode *_ml_portal_request_parse_body  (MlPortalRequest  *request);

/* Worker side: the bearer token's reseller and role, or FALSE after failing the
 * request with 401. */
gboolean  _ml_portal_request_authenticate (MlPortalRequest *request,
                                           MlPortalStore   *store,
                                           MlPortalRole    *out_role);

/* Main loop only: counts a sign-in whose password is being checked, under its
 * throttle keys ("login:NAME", "address:IP"); FALSE when too many are already, so
 * that guesses sent all at once cannot pass the store's failure count together. */
gboolean  _ml_portal_server_login_begin  (MlPortalServer  *self,
                                          const char      *login_key,
                                          const char      *address_key);
void      _ml_portal_server_login_end    (MlPortalServer  *self,
                                          const char      *login_key,
                                          const char      *address_key);

/* Worker side: ingests @bundle in one transaction with the bundles other workers
 * are waiting with (ml_portal_store_ingest_bundles()), and returns once it was
 * committed, or with @bundle's error set. */
void      _ml_portal_server_ingest       (MlPortalServer       *self,
                                          MlPortalStore        *store,
                                          MlPortalBundleIngest *bundle);

/* Tests: while held, bundle work waits before it starts (it is still counted as
 * pending), so that a test can show what the server does with every upload in
 * flight. */
void      _ml_portal_server_hold_ingest  (MlPortalServer  *self,
                                          gboolean         hold);

G_END_DECLS
