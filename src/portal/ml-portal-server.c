/* ml-portal-server.c: the portal's HTTPS service: collectors' uploads and the reseller API
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * In the manner of libsoup's examples/simple-httpd.c: one SoupServer, one handler
 * for every path, and paused messages for answers that take time. The main loop
 * parses, limits and answers; the store's work runs in thread pools, one for
 * bundle uploads, one for sign-ins (a deliberately slow password hash) and one for
 * everything else, so that two hundred collectors uploading at once never keep a
 * reseller's read waiting behind them.
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>
#include <string.h>

#include "ml-portal-server-private.h"

struct _MlPortalServer
{
  GObject parent_instance;

  MlPortalStore *store;
  GTlsCertificate *certificate;
  SoupServer *server;
  GMainContext *context;
  GThreadPool *pools[ML_PORTAL_N_POOLS];

  char *address;
  guint port;
  gboolean listening;

  guint n_pending;            /* requests whose work runs in a pool */
  guint n_open;               /* requests handled and not yet finished */
  gboolean draining;
  GTask *drain_task;

  GHashTable *pending_logins; /* throttle key → sign-ins being checked */

  GMutex batch_mutex;         /* guards the three below, across the ingest pool */
  GCond batch_cond;
  GPtrArray *batch_waiting;   /* BatchWaiter, in arrival order */
  gboolean batch_running;     /* a worker is ingesting a batch */

  GMutex hold_mutex;          /* tests only: _ml_portal_server_hold_ingest() */
  GCond hold_cond;
  gboolean hold_ingest;
};

G_DEFINE_FINAL_TYPE (MlPortalServer, ml_portal_server, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_STORE,
  PROP_CERTIFICATE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Connections the kernel may hold for us before we accept them: a few hundred
 * collectors may come at the same moment after a network outage. */
#define LISTEN_BACKLOG 1024

/* The most bundles one transaction takes. */
#define MAX_BATCH 64

/* Bundle workers decrypt side by side, then wait here for their bundle's commit;
 * more workers than cores lets a batch grow while one commits. */
#define INGEST_THREADS 32

/* The body limit of a request that is still arriving. */
typedef struct
{
  MlPortalServer *server;
  gsize limit;
  gsize received;
} BodyLimit;

static void run_work (gpointer data,
                      gpointer user_data);

static void
ml_portal_server_constructed (GObject *object)
{
  MlPortalServer *self = (MlPortalServer *)object;
  guint processors = g_get_num_processors ();

  G_OBJECT_CLASS (ml_portal_server_parent_class)->constructed (object);

  g_assert (self->store != NULL);
  g_assert (self->certificate != NULL);

  /* Answers go out from the main loop of whoever made the server. */
  self->context = g_main_context_ref_thread_default ();
  /* Bundles: decryption and parsing run side by side, the store serialises the
   * writes. Sign-ins: a password check takes a core for a good fraction of a second. */
  self->pools[ML_PORTAL_POOL_INGEST] = g_thread_pool_new (run_work, self->store,
                                                          INGEST_THREADS, FALSE, NULL);
  self->pools[ML_PORTAL_POOL_QUERY] = g_thread_pool_new (run_work, self->store, 4, FALSE, NULL);
  self->pools[ML_PORTAL_POOL_LOGIN] = g_thread_pool_new (run_work, self->store,
                                                         CLAMP (processors / 2, 1, 4), FALSE,
                                                         NULL);
}

static void
ml_portal_server_dispose (GObject *object)
{
  MlPortalServer *self = (MlPortalServer *)object;

  /* Pending work holds a reference on the server, so no worker runs by now. */
  for (guint i = 0; i < ML_PORTAL_N_POOLS; i++)
    if (self->pools[i] != NULL)
      g_thread_pool_free (g_steal_pointer (&self->pools[i]), FALSE, TRUE);
  if (self->server != NULL)
    soup_server_disconnect (self->server);
  g_clear_object (&self->server);

  G_OBJECT_CLASS (ml_portal_server_parent_class)->dispose (object);
}

static void
ml_portal_server_finalize (GObject *object)
{
  MlPortalServer *self = (MlPortalServer *)object;

  g_clear_object (&self->store);
  g_clear_object (&self->certificate);
  g_clear_object (&self->drain_task);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_clear_pointer (&self->pending_logins, g_hash_table_unref);
  g_clear_pointer (&self->address, g_free);
  g_clear_pointer (&self->batch_waiting, g_ptr_array_unref);
  g_mutex_clear (&self->batch_mutex);
  g_cond_clear (&self->batch_cond);
  g_mutex_clear (&self->hold_mutex);
  g_cond_clear (&self->hold_cond);

  G_OBJECT_CLASS (ml_portal_server_parent_class)->finalize (object);
}

static void
ml_portal_server_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  MlPortalServer *self = ML_PORTAL_SERVER (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;

    case PROP_CERTIFICATE:
      g_value_set_object (value, self->certificate);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ml_portal_server_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  MlPortalServer *self = ML_PORTAL_SERVER (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;

    case PROP_CERTIFICATE:
      self->certificate = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ml_portal_server_class_init (MlPortalServerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = ml_portal_server_constructed;
  object_class->dispose = ml_portal_server_dispose;
  object_class->finalize = ml_portal_server_finalize;
  object_class->get_property = ml_portal_server_get_property;
  object_class->set_property = ml_portal_server_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL,
                         ML_TYPE_PORTAL_STORE,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                          G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY));
  properties[PROP_CERTIFICATE] =
    g_param_spec_object ("certificate", NULL, NULL,
                         G_TYPE_TLS_CERTIFICATE,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                          G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY));
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ml_portal_server_init (MlPortalServer *self)
{
  self->pending_logins = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->batch_waiting = g_ptr_array_new ();
  g_mutex_init (&self->batch_mutex);
  g_cond_init (&self->batch_cond);
  g_mutex_init (&self->hold_mutex);
  g_cond_init (&self->hold_cond);
}

/* ---- Requests ---- */

static void
request_free (MlPortalRequest *request)
{
  g_assert (request->msg == NULL);

  for (guint i = 0; i < ML_PORTAL_MAX_PARAMS; i++)
    g_free (request->params[i]);
  g_free (request->path);
  g_free (request->path_and_query);
  g_clear_pointer (&request->query, g_hash_table_unref);
  g_clear_pointer (&request->headers, soup_message_headers_unref);
  g_free (request->client_address);
  g_clear_pointer (&request->body, g_bytes_unref);
  g_free (request->login);
  g_free (request->login_key);
  g_free (request->address_key);
  if (request->password != NULL)
    memset (request->password, 0, strlen (request->password));
  g_free (request->password);
  g_clear_pointer (&request->reply, json_node_unref);
  g_free (request->error_message);
  g_free (request->site_id);
  g_clear_object (&request->server);
  g_free (request);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MlPortalRequest, request_free)

static GHashTable *
copy_query (GHashTable *query)
{
  GHashTable *copy = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  GHashTableIter iter;
  gpointer key;
  gpointer value;

  if (query == NULL)
    return copy;

  g_hash_table_iter_init (&iter, query);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_hash_table_insert (copy, g_strdup (key), g_strdup (value));
  return copy;
}

static SoupMessageHeaders *
copy_headers (SoupMessageHeaders *headers)
{
  SoupMessageHeaders *copy = soup_message_headers_new (SOUP_MESSAGE_HEADERS_REQUEST);
  SoupMessageHeadersIter iter;
  const char *name;
  const char *value;

  soup_message_headers_iter_init (&iter, headers);
  while (soup_message_headers_iter_next (&iter, &name, &value))
    soup_message_headers_append (copy, name, value);
  return copy;
}

static MlPortalRequest *
request_new (MlPortalServer    *self,
             SoupServerMessage *msg,
             const char        *path,
             GHashTable        *query)
{
  MlPortalRequest *request = g_new0 (MlPortalRequest, 1);
  GUri *uri = soup_server_message_get_uri (msg);
  const char *raw_query = g_uri_get_query (uri);
  SoupMessageBody *body = soup_server_message_get_request_body (msg);

  request->server = g_object_ref (self);
  request->msg = g_object_ref (msg);
  request->method = soup_server_message_get_method (msg);
  request->path = g_strdup (path);
  request->path_and_query = raw_query != NULL ? g_strconcat (path, "?", raw_query, NULL)
                                              : g_strdup (path);
  request->query = copy_query (query);
  request->headers = copy_headers (soup_server_message_get_request_headers (msg));
  request->client_address = g_strdup (soup_server_message_get_remote_host (msg));
  request->body = soup_message_body_flatten (body);
  request->now = g_get_real_time () / G_USEC_PER_SEC;
  return request;
}

void
_ml_portal_request_reply (MlPortalRequest *request,
                          guint            status,
                          JsonNode        *reply)
{
  g_clear_pointer (&request->reply, json_node_unref);
  request->status = status;
  request->reply = reply;
  request->error_code = NULL;
  g_clear_pointer (&request->error_message, g_free);
}

void
_ml_portal_request_fail (MlPortalRequest *request,
                         guint            status,
                         const char      *code,
                         const char      *format,
                         ...)
{
  va_list args;

  g_clear_pointer (&request->reply, json_node_unref);
  g_clear_pointer (&request->error_message, g_free);
  request->status = status;
  request->error_code = code;
  va_start (args, format);
  request->error_message = g_strdup_vprintf (format, args);
  va_end (args);
}

void
_ml_portal_request_fail_error (MlPortalRequest *request,
                               const GError    *error)
{
  if (error->domain == ML_ERROR)
    {
      switch ((MlErrorCode) error->code)
        {
        case ML_ERROR_NOT_FOUND:
          _ml_portal_request_fail (request, SOUP_STATUS_NOT_FOUND, "not_found", "%s",
                                   error->message);
          return;

        case ML_ERROR_AUTHENTICATION:
          _ml_portal_request_fail (request, SOUP_STATUS_UNAUTHORIZED, "unauthorized", "%s",
                                   error->message);
          return;

        case ML_ERROR_REPLAYED:
          _ml_portal_request_fail (request, SOUP_STATUS_UNAUTHORIZED, "replayed", "%s",
                                   error->message);
          return;

        case ML_ERROR_THROTTLED:
          _ml_portal_request_fail (request, ML_PORTAL_STATUS_TOO_MANY_REQUESTS, "throttled", "%s",
                                   error->message);
          return;

        case ML_ERROR_TOO_LARGE:
          _ml_portal_request_fail (request, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, "too_large",
                                   "%s", error->message);
          return;

        case ML_ERROR_BUNDLE_TRUNCATED:
          _ml_portal_request_fail (request, SOUP_STATUS_UNPROCESSABLE_ENTITY,
                                   "bundle_truncated", "%s", error->message);
          return;

        case ML_ERROR_BUNDLE_VERSION:
          _ml_portal_request_fail (request, SOUP_STATUS_UNPROCESSABLE_ENTITY,
                                   "bundle_version", "%s", error->message);
          return;

        case ML_ERROR_BUNDLE_AUTHENTICATION:
          _ml_portal_request_fail (request, SOUP_STATUS_UNPROCESSABLE_ENTITY,
                                   "bundle_authentication", "%s", error->message);
          return;

        case ML_ERROR_MALFORMED:
        case ML_ERROR_EMPTY:
        case ML_ERROR_HOSTILE:
        case ML_ERROR_UNSUPPORTED:
        case ML_ERROR_WRONG_TYPE:
          _ml_portal_request_fail (request, SOUP_STATUS_UNPROCESSABLE_ENTITY, "malformed",
                                   "%s", error->message);
          return;

        case ML_ERROR_INVALID_VALUE:
          _ml_portal_request_fail (request, SOUP_STATUS_BAD_REQUEST, "bad_request", "%s",
                                   error->message);
          return;

        default:
          break;
        }
    }

  /* A store that cannot write, a disk that is full: the operator reads the reason
   * in the log; a client learns only that it is the portal's fault. */
  g_message ("%s %s: internal error: %s", request->method, request->path, error->message);
  _ml_portal_request_fail (request, SOUP_STATUS_INTERNAL_SERVER_ERROR, "internal",
                           _("The portal could not handle the request; its log says why."));
}

JsonNode *
_ml_portal_request_parse_body (MlPortalRequest *request)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) error = NULL;
  gsize size = 0;
  const char *data = g_bytes_get_data (request->body, &size);
  JsonNode *root;

  if (size == 0)
    {
      _ml_portal_request_fail (request, SOUP_STATUS_BAD_REQUEST, "bad_request",
                               _("The request needs a JSON object as its body."));
      return NULL;
    }
  if (!g_utf8_validate (data, (gssize) size, NULL)
      || !json_parser_load_from_data (parser, data, (gssize) size, &error))
    {
      _ml_portal_request_fail (request, SOUP_STATUS_BAD_REQUEST, "bad_request",
                               _("The body is not valid JSON."));
      return NULL;
    }

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      _ml_portal_request_fail (request, SOUP_STATUS_BAD_REQUEST, "bad_request",
                               _("The request needs a JSON object as its body."));
      return NULL;
    }
  return json_node_ref (root);
}

gboolean
_ml_portal_request_authenticate (MlPortalRequest *request,
                                 MlPortalStore   *store,
                                 MlPortalRole    *out_role)
{
  const char *authorization = soup_message_headers_get_one (request->headers, "Authorization");
  g_autoptr(GError) error = NULL;
  const char *token;
  gint64 reseller_id = 0;
  gint64 user_id = 0;
  MlPortalRole role = ML_PORTAL_ROLE_VIEWER;

  request->bearer_challenge = TRUE;

  if (authorization == NULL
      || g_ascii_strncasecmp (authorization, "Bearer ", strlen ("Bearer ")) != 0)
    {
      _ml_portal_request_fail (request, SOUP_STATUS_UNAUTHORIZED, "unauthorized",
                               _("Sign in first: this request needs “Authorization: Bearer” "
                                 "with a session token."));
      return FALSE;
    }

  token = authorization + strlen ("Bearer ");
  while (*token == ' ')
    token++;
  if (*token == '\0'
      || !ml_portal_store_check_token (store, token, request->now, &reseller_id, &user_id,
                                       &role, &error))
    {
      if (error != NULL && !g_error_matches (error, ML_ERROR, ML_ERROR_AUTHENTICATION))
        {
          _ml_portal_request_fail_error (request, error);
          return FALSE;
        }
      _ml_portal_request_fail (request, SOUP_STATUS_UNAUTHORIZED, "unauthorized",
                               _("The session token is unknown or has expired; sign in again."));
      return FALSE;
    }

  request->bearer_challenge = FALSE;
  request->reseller_id = reseller_id;
  if (out_role != NULL)
    *out_role = role;
  return TRUE;
}

/* ---- Answers ---- */

static void
set_json_response (SoupServerMessage *msg,
                   guint              status,
                   JsonNode          *node)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  char *text = json_to_string (node, FALSE);

  /* Answers carry tokens and a reseller's data: no cache may keep them. */
  soup_message_headers_replace (headers, "Cache-Control", "no-store");
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_TAKE,
                                    text, strlen (text));
}

static JsonNode *
error_node (const char *code,
            const char *message)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "error");
  json_builder_add_string_value (builder, code);
  json_builder_set_member_name (builder, "message");
  json_builder_add_string_value (builder, message);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

/* One line per request: method, path (never the query, which may hold anything a
 * client typed), status, and whose request it was. No header, body or token. */
static void
log_request (const char *method,
             const char *path,
             guint       status,
             const char *error_code,
             gint64      reseller_id,
             const char *site_id)
{
  g_autofree char *who = NULL;

  if (reseller_id > 0)
    who = g_strdup_printf (" reseller=%" G_GINT64_FORMAT, reseller_id);
  else if (site_id != NULL)
    who = g_strdup_printf (" site=%s", site_id);

  if (status >= 400)
    g_message ("%s %s %u %s%s", method, path, status, error_code != NULL ? error_code : "",
               who != NULL ? who : "");
  else
    g_info ("%s %s %u%s", method, path, status, who != NULL ? who : "");
}

static void
answer (MlPortalRequest *request)
{
  SoupServerMessage *msg = request->msg;
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);

  if (request->status == 0)
    _ml_portal_request_fail (request, SOUP_STATUS_INTERNAL_SERVER_ERROR, "internal",
                             _("The portal could not handle the request; its log says why."));

  if (request->error_code != NULL)
    {
      g_autoptr(JsonNode) node = error_node (request->error_code, request->error_message);

      set_json_response (msg, request->status, node);
    }
  else if (request->reply != NULL)
    set_json_response (msg, request->status, request->reply);
  else
    soup_server_message_set_status (msg, request->status, NULL);

  if (request->retry_after > 0)
    {
      g_autofree char *seconds = g_strdup_printf ("%u", request->retry_after);

      soup_message_headers_replace (headers, "Retry-After", seconds);
    }
  if (request->status == SOUP_STATUS_UNAUTHORIZED && request->bearer_challenge)
    soup_message_headers_replace (headers, "WWW-Authenticate", "Bearer realm=\"meterlink\"");

  log_request (request->method, request->path, request->status, request->error_code,
               request->reseller_id, request->site_id);
}

static void
refuse_now (MlPortalServer    *self,
            SoupServerMessage *msg,
            guint              status,
            const char        *code,
            const char        *message)
{
  g_autoptr(JsonNode) node = error_node (code, message);
  const char *path = g_uri_get_path (soup_server_message_get_uri (msg));

  set_json_response (msg, status, node);
  log_request (soup_server_message_get_method (msg), path, status, code, 0, NULL);
}

/* ---- Routes ---- */

static gboolean
match_pattern (const char  *pattern,
               const char  *path,
               char       **params)
{
  g_auto(GStrv) want = g_strsplit (pattern, "/", -1);
  g_auto(GStrv) have = g_strsplit (path, "/", -1);
  guint n_params = 0;

  if (g_strv_length (want) != g_strv_length (have))
    return FALSE;

  for (guint i = 0; want[i] != NULL; i++)
    {
      if (strcmp (want[i], "*") == 0)
        {
          /* A decoded segment must still be one segment: no "/" and no NUL. */
          g_autofree char *decoded = g_uri_unescape_string (have[i], "/");

          if (decoded == NULL || *decoded == '\0' || n_params == ML_PORTAL_MAX_PARAMS)
            return FALSE;
          if (params != NULL)
            params[n_params] = g_steal_pointer (&decoded);
          n_params++;
        }
      else if (strcmp (want[i], have[i]) != 0)
        return FALSE;
    }
  return TRUE;
}

/* The route for method and path; NULL with the methods the path allows in
 * *out_allow (NULL when no route has that path). */
static const MlPortalRoute *
find_route (const char  *method,
            const char  *path,
            char       **params,
            char       **out_allow)
{
  const MlPortalRoute *tables[] = { _ml_portal_collector_routes, _ml_portal_reseller_routes };
  const guint sizes[] = { _ml_portal_n_collector_routes, _ml_portal_n_reseller_routes };
  g_autoptr(GString) allow = NULL;

  for (guint t = 0; t < G_N_ELEMENTS (tables); t++)
    for (guint i = 0; i < sizes[t]; i++)
      {
        const MlPortalRoute *route = &tables[t][i];

        if (!match_pattern (route->pattern, path, NULL))
          continue;

        if (strcmp (route->method, method) == 0)
          {
            match_pattern (route->pattern, path, params);
            return route;
          }

        if (allow == NULL)
          allow = g_string_new (route->method);
        else
          g_string_append_printf (allow, ", %s", route->method);
      }

  if (out_allow != NULL && allow != NULL)
    *out_allow = g_string_free (g_steal_pointer (&allow), FALSE);
  return NULL;
}

static gsize
body_limit_for_path (const char *path)
{
  const MlPortalRoute *tables[] = { _ml_portal_collector_routes, _ml_portal_reseller_routes };
  const guint sizes[] = { _ml_portal_n_collector_routes, _ml_portal_n_reseller_routes };
  gsize limit = 0;

  for (guint t = 0; t < G_N_ELEMENTS (tables); t++)
    for (guint i = 0; i < sizes[t]; i++)
      if (match_pattern (tables[t][i].pattern, path, NULL))
        limit = MAX (limit, tables[t][i].body_limit);

  return limit > 0 ? limit : ML_PORTAL_MAX_JSON_BODY;
}

/* ---- Body limits ---- */

static void
refuse_too_large (MlPortalServer    *self,
                  SoupServerMessage *msg,
                  gsize              limit)
{
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  g_autofree char *text = NULL;

  /* The rest of the body is read and dropped, then the connection closes: libsoup
   * answers only once a request is read whole. */
  soup_message_body_set_accumulate (body, FALSE);
  soup_message_body_truncate (body);
  soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                "Connection", "close");
  text = g_strdup_printf (_("The request body is larger than %zu bytes."), limit);
  refuse_now (self, msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, "too_large", text);
}

static void
on_got_chunk (SoupServerMessage *msg,
              GBytes            *chunk,
              gpointer           user_data)
{
  BodyLimit *limit = user_data;

  limit->received += g_bytes_get_size (chunk);
  if (limit->received > limit->limit && soup_server_message_get_status (msg) == 0)
    refuse_too_large (limit->server, msg, limit->limit);
}

/* Runs once the headers are in, before a byte of the body is read. */
static void
on_early_request (SoupServer        *server,
                  SoupServerMessage *msg,
                  const char        *path,
                  GHashTable        *query,
                  gpointer           user_data)
{
  MlPortalServer *self = user_data;
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  gsize limit = body_limit_for_path (path);
  BodyLimit *body_limit;

  switch (soup_message_headers_get_encoding (headers))
    {
    case SOUP_ENCODING_NONE:
      return;

    case SOUP_ENCODING_CONTENT_LENGTH:
      if (soup_message_headers_get_content_length (headers) > (goffset) limit)
        refuse_too_large (self, msg, limit);
      return;

    default:
      break;
    }

  /* Chunked: counted as it comes. */
  body_limit = g_new0 (BodyLimit, 1);
  body_limit->server = self;
  body_limit->limit = limit;
  g_object_set_data_full (G_OBJECT (msg), "ml-body-limit", body_limit, g_free);
  g_signal_connect (msg, "got-chunk", G_CALLBACK (on_got_chunk), body_limit);
}

/* ---- Work in the pools ---- */

static gboolean
complete_drain (gpointer user_data)
{
  MlPortalServer *self = user_data;
  g_autoptr(GTask) task = NULL;

  if (self->drain_task == NULL || self->n_open > 0)
    return G_SOURCE_REMOVE;

  task = g_steal_pointer (&self->drain_task);
  ml_portal_server_stop (self);
  g_task_return_boolean (task, TRUE);
  return G_SOURCE_REMOVE;
}

static void
on_message_finished (SoupServerMessage *msg,
                     gpointer           user_data)
{
  MlPortalServer *self = user_data;

  g_assert (self->n_open > 0);
  self->n_open--;
  if (self->draining && self->n_open == 0)
    g_idle_add_full (G_PRIORITY_DEFAULT, complete_drain, g_object_ref (self), g_object_unref);
}

static void
on_request_finished (SoupServerMessage *msg,
                     gpointer           user_data)
{
  MlPortalRequest *request = user_data;

  /* The client went away while its work ran: nothing is left to unpause. */
  request->finished = TRUE;
}

/* Back on the main loop with the work's answer. */
static gboolean
on_work_done (gpointer user_data)
{
  g_autoptr(MlPortalRequest) request = user_data;
  MlPortalServer *self = request->server;

  g_assert (self->n_pending > 0);
  self->n_pending--;

  if (request->route->finish != NULL)
    request->route->finish (self, request);

  g_signal_handler_disconnect (request->msg, request->finished_id);
  if (!request->finished)
    {
      answer (request);
      soup_server_message_unpause (request->msg);
    }
  g_clear_object (&request->msg);
  return G_SOURCE_REMOVE;
}

/* A pool thread. The request goes back to the main loop by g_main_context_invoke,
 * so that the worker holds no reference it could drop last: the message, the
 * server and the request are only ever released on the main loop. */
static void
run_work (gpointer data,
          gpointer user_data)
{
  MlPortalRequest *request = data;
  MlPortalStore *store = user_data;
  MlPortalServer *self = request->server;

  if (request->route->pool == ML_PORTAL_POOL_INGEST)
    {
      g_mutex_lock (&self->hold_mutex);
      while (self->hold_ingest)
        g_cond_wait (&self->hold_cond, &self->hold_mutex);
      g_mutex_unlock (&self->hold_mutex);
    }

  request->route->work (request, store);
  g_main_context_invoke (request->server->context, on_work_done, request);
}

static void
on_request (SoupServer        *server,
            SoupServerMessage *msg,
            const char        *path,
            GHashTable        *query,
            gpointer           user_data)
{
  MlPortalServer *self = user_data;
  g_autoptr(MlPortalRequest) request = request_new (self, msg, path, query);
  g_autofree char *allow = NULL;
  GThreadPool *pool;

  self->n_open++;
  g_signal_connect_object (msg, "finished", G_CALLBACK (on_message_finished), self, 0);

  if (self->draining)
    {
      _ml_portal_request_fail (request, SOUP_STATUS_SERVICE_UNAVAILABLE, "unavailable",
                               _("The portal is shutting down; try again shortly."));
      request->retry_after = 30;
      goto answer_now;
    }

  request->route = find_route (request->method, path, request->params, &allow);
  if (request->route == NULL && allow != NULL)
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                    "Allow", allow);
      _ml_portal_request_fail (request, SOUP_STATUS_METHOD_NOT_ALLOWED, "method_not_allowed",
                               _("This path does not take %s; it takes %s."),
                               request->method, allow);
      goto answer_now;
    }
  if (request->route == NULL)
    {
      _ml_portal_request_fail (request, SOUP_STATUS_NOT_FOUND, "not_found",
                               _("There is nothing at this path."));
      goto answer_now;
    }

  if (request->route->prepare != NULL && !request->route->prepare (self, request))
    goto answer_now;

  request->finished_id = g_signal_connect (msg, "finished", G_CALLBACK (on_request_finished),
                                           request);
  soup_server_message_pause (msg);
  self->n_pending++;
  pool = self->pools[request->route->pool];
  g_thread_pool_push (pool, g_steal_pointer (&request), NULL);
  return;

answer_now:
  answer (request);
  g_clear_object (&request->msg);
}

/* ---- Sign-ins in flight ---- */

static gboolean
pending_full (GHashTable *pending,
              const char *key,
              guint       limit)
{
  return GPOINTER_TO_UINT (g_hash_table_lookup (pending, key)) >= limit;
}

static void
pending_add (GHashTable *pending,
             const char *key,
             int         delta)
{
  guint count = GPOINTER_TO_UINT (g_hash_table_lookup (pending, key));

  g_assert (delta > 0 || count > 0);
  count += delta;
  /* Keys leave the table with their last sign-in: it never grows with guesses. */
  if (count == 0)
    g_hash_table_remove (pending, key);
  else
    g_hash_table_insert (pending, g_strdup (key), GUINT_TO_POINTER (count));
}

gboolean
_ml_portal_server_login_begin (MlPortalServer *self,
                               const char     *login_key,
                               const char     *address_key)
{
  if (pending_full (self->pending_logins, login_key, ML_PORTAL_MAX_PENDING_PER_LOGIN)
      || pending_full (self->pending_logins, address_key, ML_PORTAL_MAX_PENDING_PER_ADDRESS))
    return FALSE;

  pending_add (self->pending_logins, login_key, 1);
  pending_add (self->pending_logins, address_key, 1);
  return TRUE;
}

void
_ml_portal_server_login_end (MlPortalServer *self,
                             const char     *login_key,
                             const char     *address_key)
{
  pending_add (self->pending_logins, login_key, -1);
  pending_add (self->pending_logins, address_key, -1);
}

/* ---- Group commit ---- */

typedef struct
{
  MlPortalBundleIngest *bundle;
  gboolean done;
} BatchWaiter;

/* Whichever waiting worker finds no batch running takes every bundle waiting (up to
 * MAX_BATCH) into one transaction; the others sleep until theirs was committed. So a
 * sync is shared by the bundles that arrived while the previous one ran, and no
 * worker answers before its bundle is durable. */
void
_ml_portal_server_ingest (MlPortalServer       *self,
                          MlPortalStore        *store,
                          MlPortalBundleIngest *bundle)
{
  BatchWaiter waiter = { bundle, FALSE };

  g_mutex_lock (&self->batch_mutex);
  g_ptr_array_add (self->batch_waiting, &waiter);

  while (!waiter.done)
    {
      g_autoptr(GPtrArray) batch = NULL;
      g_autoptr(GPtrArray) bundles = NULL;
      guint n;

      if (self->batch_running)
        {
          g_cond_wait (&self->batch_cond, &self->batch_mutex);
          continue;
        }

      n = MIN (self->batch_waiting->len, MAX_BATCH);
      batch = g_ptr_array_new_full (n, NULL);
      bundles = g_ptr_array_new_full (n, NULL);
      for (guint i = 0; i < n; i++)
        {
          BatchWaiter *taken = g_ptr_array_index (self->batch_waiting, i);

          g_ptr_array_add (batch, taken);
          g_ptr_array_add (bundles, taken->bundle);
        }
      g_ptr_array_remove_range (self->batch_waiting, 0, n);
      self->batch_running = TRUE;
      g_mutex_unlock (&self->batch_mutex);

      g_debug ("Ingesting %u bundles in one transaction", n);
      /* Each bundle carries its own answer, also when the transaction failed. */
      ml_portal_store_ingest_bundles (store, (MlPortalBundleIngest **) bundles->pdata, n, NULL);

      g_mutex_lock (&self->batch_mutex);
      for (guint i = 0; i < n; i++)
        ((BatchWaiter *) g_ptr_array_index (batch, i))->done = TRUE;
      self->batch_running = FALSE;
      g_cond_broadcast (&self->batch_cond);
    }

  g_mutex_unlock (&self->batch_mutex);
}

void
_ml_portal_server_hold_ingest (MlPortalServer *self,
                               gboolean        hold)
{
  g_mutex_lock (&self->hold_mutex);
  self->hold_ingest = hold;
  g_cond_broadcast (&self->hold_cond);
  g_mutex_unlock (&self->hold_mutex);
}

/* ---- The public API ---- */

MlPortalServer *
ml_portal_server_new (MlPortalStore   *store,
                      GTlsCertificate *certificate)
{
  g_return_val_if_fail (ML_IS_PORTAL_STORE (store), NULL);
  g_return_val_if_fail (G_IS_TLS_CERTIFICATE (certificate), NULL);

  return g_object_new (ML_TYPE_PORTAL_SERVER,
                       "store", store,
                       "certificate", certificate,
                       NULL);
}

MlPortalStore *
ml_portal_server_get_store (MlPortalServer *self)
{
  g_return_val_if_fail (ML_IS_PORTAL_SERVER (self), NULL);
  return self->store;
}

GTlsCertificate *
ml_portal_server_get_certificate (MlPortalServer *self)
{
  g_return_val_if_fail (ML_IS_PORTAL_SERVER (self), NULL);
  return self->certificate;
}

gboolean
ml_portal_server_listen (MlPortalServer  *self,
                         const char      *address,
                         guint            port,
                         GError         **error)
{
  g_autoptr(GInetAddress) inet = NULL;
  g_autoptr(GSocketAddress) socket_address = NULL;
  g_autoptr(GSocketAddress) local = NULL;
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (ML_IS_PORTAL_SERVER (self), FALSE);
  g_return_val_if_fail (address != NULL, FALSE);
  g_return_val_if_fail (port <= 65535, FALSE);
  g_return_val_if_fail (!self->listening, FALSE);

  inet = g_inet_address_new_from_string (address);
  if (inet == NULL)
    {
      g_set_error (error, ML_ERROR, ML_ERROR_INVALID_VALUE,
                   _("“%s” is not an IP address"), address);
      return FALSE;
    }

  if (self->server == NULL)
    {
      self->server = soup_server_new ("server-header", "meterlink-portal",
                                      "tls-certificate", self->certificate,
                                      NULL);
      soup_server_add_early_handler (self->server, NULL, on_early_request, self, NULL);
      soup_server_add_handler (self->server, NULL, on_request, self, NULL);
    }

  /* Our own socket for its backlog: GLib's default of 10 makes the kernel drop the
   * connections of the eleventh collector on, which then retry a second later. */
  socket_address = g_inet_socket_address_new (inet, (guint16) port);
  socket = g_socket_new (g_inet_address_get_family (inet), G_SOCKET_TYPE_STREAM,
                         G_SOCKET_PROTOCOL_TCP, &local_error);
  if (socket != NULL)
    g_socket_set_listen_backlog (socket, LISTEN_BACKLOG);
  if (socket == NULL
      || !g_socket_bind (socket, socket_address, TRUE, &local_error)
      || !g_socket_listen (socket, &local_error)
      || !soup_server_listen_socket (self->server, socket, SOUP_SERVER_LISTEN_HTTPS,
                                     &local_error))
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_ADDRESS_IN_USE))
        g_set_error (error, ML_ERROR, ML_ERROR_FAILED, _("%s port %u: address already in use"),
                     address, port);
      else
        g_set_error (error, ML_ERROR, ML_ERROR_FAILED, _("%s port %u: %s"),
                     address, port, local_error->message);
      return FALSE;
    }

  local = g_socket_get_local_address (socket, NULL);
  if (local != NULL)
    self->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (local));

  g_free (self->address);
  self->address = g_inet_address_to_string (inet);
  self->listening = TRUE;
  return TRUE;
}

guint
ml_portal_server_get_port (MlPortalServer *self)
{
  g_return_val_if_fail (ML_IS_PORTAL_SERVER (self), 0);
  return self->port;
}

char *
ml_portal_server_dup_url (MlPortalServer *self)
{
  g_return_val_if_fail (ML_IS_PORTAL_SERVER (self), NULL);
  g_return_val_if_fail (self->address != NULL, NULL);

  if (strchr (self->address, ':') != NULL)
    return g_strdup_printf ("https://[%s]:%u/", self->address, self->port);
  return g_strdup_printf ("https://%s:%u/", self->address, self->port);
}

guint
ml_portal_server_get_n_pending (MlPortalServer *self)
{
  g_return_val_if_fail (ML_IS_PORTAL_SERVER (self), 0);
  return self->n_pending;
}

void
ml_portal_server_drain_async (MlPortalServer      *self,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (ML_IS_PORTAL_SERVER (self));
  g_return_if_fail (self->drain_task == NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ml_portal_server_drain_async);

  self->draining = TRUE;
  self->drain_task = g_steal_pointer (&task);
  g_idle_add_full (G_PRIORITY_DEFAULT, complete_drain, g_object_ref (self), g_object_unref);
}

gboolean
ml_portal_server_drain_finish (MlPortalServer  *self,
                               GAsyncResult    *result,
                               GError         **error)
{
  g_return_val_if_fail (ML_IS_PORTAL_SERVER (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

void
ml_portal_server_stop (MlPortalServer *self)
{
  g_return_if_fail (ML_IS_PORTAL_SERVER (self));

  if (self->server != NULL && self->listening)
    soup_server_disconnect (self->server);
  self->listening = FALSE;
}
