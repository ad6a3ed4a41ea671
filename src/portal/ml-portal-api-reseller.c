/* ml-portal-api-reseller.c: the reseller API: sign-in and what a reseller's users read
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   POST /api/v1/session             {"login", "password"} → {"token", "expires_at"};
 *                                    401 unauthorized, 429 throttled (Retry-After)
 * With "Authorization: Bearer TOKEN" (else 401 unauthorized):
 *   GET  /api/v1/customers           [{"id", "name", "sites", "printers"}]
 *   GET  /api/v1/sites               [{"id", "name", "customer_id", "customer", ...}]
 *   PUT  /api/v1/sites/ID/config     {"ranges", "polling_interval", "user_names"}, each
 *                                    nullable (the collector's own setting applies) →
 *                                    {"site_id", "config"}; admins only (403 forbidden)
 *   GET  /api/v1/printers            latest status and consumables of each printer
 *   GET  /api/v1/printers/SERIAL     one printer in full
 *   GET  /api/v1/jobs?printer=&since=&until=&limit=&cursor=
 *                                    {"jobs", "next_cursor"}; since and until are Unix
 *                                    seconds or ISO 8601; limit 1 to 1000 (100)
 *   GET  /api/v1/usage?printer=&since=&until=
 *   GET  /api/v1/events?printer=
 *   GET  /api/v1/sync?cursor=C       everything changed after C
 *
 * The answers are the store's JSON as it is. The store scopes every query by the
 * token's reseller: another reseller's customer, site or printer is a 404, exactly
 * like one that does not exist.
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "ml-portal-server-private.h"

#define DEFAULT_JOBS_LIMIT 100
#define MAX_JOBS_LIMIT 1000
#define MAX_PASSWORD_LENGTH 1024

/* ---- POST /api/v1/session ---- */

static gboolean
prepare_session (MlPortalServer  *server,
                 MlPortalRequest *request)
{
  g_autoptr(JsonNode) body = _ml_portal_request_parse_body (request);
  JsonObject *object;
  JsonNode *login;
  JsonNode *password;

  if (body == NULL)
    return FALSE;

  object = json_node_get_object (body);
  login = json_object_get_member (object, "login");
  password = json_object_get_member (object, "password");
  if (login == NULL || password == NULL
      || json_node_get_value_type (login) != G_TYPE_STRING
      || json_node_get_value_type (password) != G_TYPE_STRING
      || *json_node_get_string (login) == '\0')
    {
      _ml_portal_request_fail (request, SOUP_STATUS_BAD_REQUEST, "bad_request",
                               _("Signing in takes {\"login\": TEXT, \"password\": TEXT}."));
      return FALSE;
    }
  if (strlen (json_node_get_string (password)) > MAX_PASSWORD_LENGTH)
    {
      _ml_portal_request_fail (request, SOUP_STATUS_BAD_REQUEST, "bad_request",
                               _("The password is longer than %d bytes."), MAX_PASSWORD_LENGTH);
      return FALSE;
    }

  request->login = g_strdup (json_node_get_string (login));
  request->password = g_strdup (json_node_get_string (password));
  request->login_key = g_strconcat ("login:", request->login, NULL);
  request->address_key = g_strconcat ("address:", request->client_address, NULL);

  if (!_ml_portal_server_login_begin (server, request->login_key, request->address_key))
    {
      _ml_portal_request_fail (request, ML_PORTAL_STATUS_TOO_MANY_REQUESTS, "throttled",
                               _("Another sign-in for this login or from this address is "
                                 "being checked; try again in a moment."));
      request->retry_after = 1;
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_throttle (MlPortalRequest *request,
                MlPortalStore   *store,
                const char      *key,
                guint            max_failures)
{
  g_autoptr(GError) error = NULL;
  gint64 retry_after = 0;

  if (ml_portal_store_check_throttle (store, key, max_failures, request->now, &retry_after,
                                      &error))
    return TRUE;

  _ml_portal_request_fail_error (request, error);
  if (g_error_matches (error, ML_ERROR, ML_ERROR_THROTTLED))
    request->retry_after = (guint) CLAMP (retry_after, 1, G_MAXUINT);
  return FALSE;
}

static void
work_session (MlPortalRequest *request,
              MlPortalStore   *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) count_error = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  g_autofree char *token = NULL;
  g_autofree char *expires_at = NULL;

  if (!check_throttle (request, store, request->login_key, ML_PORTAL_THROTTLE_PER_LOGIN)
      || !check_throttle (request, store, request->address_key, ML_PORTAL_THROTTLE_PER_ADDRESS))
    return;

  if (!ml_portal_store_create_session (store, request->login, request->password, request->now,
                                       &token, &error))
    {
      if (g_error_matches (error, ML_ERROR, ML_ERROR_AUTHENTICATION)
          && (!ml_portal_store_record_login_failure (store, request->login_key, request->now,
                                                     &count_error)
              || !ml_portal_store_record_login_failure (store, request->address_key,
                                                        request->now, &count_error)))
        {
          /* A failure that cannot be counted must not be retried for free. */
          _ml_portal_request_fail_error (request, count_error);
          return;
        }
      _ml_portal_request_fail_error (request, error);
      return;
    }

  /* The login's bad streak ends; the address's count stays, or one known password
   * would let an address guess every other login's. */
  if (!ml_portal_store_clear_login_failures (store, request->login_key, &error))
    {
      _ml_portal_request_fail_error (request, error);
      return;
    }

  expires_at = ml_units_format_timestamp (request->now + ML_PORTAL_TOKEN_LIFETIME);
  builder = json_builder_new_immutable ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "token");
  json_builder_add_string_value (builder, token);
  json_builder_set_member_name (builder, "expires_at");
  json_builder_add_string_value (builder, expires_at);
  json_builder_end_object (builder);
  _ml_portal_request_reply (request, SOUP_STATUS_OK, json_builder_get_root (builder));
  memset (token, 0, strlen (token));
}

static void
finish_session (MlPortalServer  *server,
                MlPortalRequest *request)
{
  _ml_portal_server_login_end (server, request->login_key, request->address_key);
}

/* ---- Query parameters ---- */

static const char *
query_string (MlPortalRequest *request,
              const char      *name)
{
  const char *value = g_hash_table_lookup (request->query, name);

  return value != NULL && *value != '\0' ? value : NULL;
}

static gboolean
query_time (MlPortalRequest *request,
            const char      *name,
            gint64          *out_value)
{
  const char *text = query_string (request, name);
  g_autoptr(GError) error = NULL;
  gboolean digits = TRUE;

  *out_value = 0;
  if (text == NULL)
    return TRUE;

  for (const char *p = text; *p != '\0'; p++)
    digits &= g_ascii_isdigit (*p);

  if (digits && strlen (text) <= 12)
    {
      *out_value = g_ascii_strtoll (text, NULL, 10);
      return TRUE;
    }
  if (!digits && ml_units_parse_timestamp (text, out_value, &error))
    return TRUE;

  _ml_portal_request_fail (request, SOUP_STATUS_BAD_REQUEST, "bad_request",
                           _("“%s” must be Unix seconds or an ISO 8601 time such as "
                             "2026-11-21T03:00:00Z."),
                           name);
  return FALSE;
}

static gboolean
query_limit (MlPortalRequest *request,
             guint           *out_limit)
{
  const char *text = query_string (request, "limit");
  guint64 value = 0;

  *out_limit = DEFAULT_JOBS_LIMIT;
  if (text == NULL)
    return TRUE;

  if (!g_ascii_string_to_unsigned (text, 10, 1, MAX_JOBS_LIMIT, &value, NULL))
    {
      _ml_portal_request_fail (request, SOUP_STATUS_BAD_REQUEST, "bad_request",
                               _("“limit” must be a number from 1 to %d."), MAX_JOBS_LIMIT);
      return FALSE;
    }
  *out_limit = (guint) value;
  return TRUE;
}

/* Answers a store result, or its error. */
static void
reply_result (MlPortalRequest *request,
              JsonNode        *result,
              GError          *error)
{
  if (result == NULL)
    _ml_portal_request_fail_error (request, error);
  else
    _ml_portal_request_reply (request, SOUP_STATUS_OK, result);
}

/* ---- The reads ---- */

static void
work_customers (MlPortalRequest *request,
                MlPortalStore   *store)
{
  g_autoptr(GError) error = NULL;
  JsonNode *result;

  if (!_ml_portal_request_authenticate (request, store, NULL))
    return;

  result = ml_portal_store_list_customers (store, request->reseller_id, &error);
  reply_result (request, result, error);
}

static void
work_sites (MlPortalRequest *request,
            MlPortalStore   *store)
{
  g_autoptr(GError) error = NULL;
  JsonNode *result;

  if (!_ml_portal_request_authenticate (request, store, NULL))
    return;

  result = ml_portal_store_list_sites (store, request->reseller_id, &error);
  reply_result (request, result, error);
}

static void
work_printers (MlPortalRequest *request,
               MlPortalStore   *store)
{
  g_autoptr(GError) error = NULL;
  JsonNode *result;

  if (!_ml_portal_request_authenticate (request, store, NULL))
    return;

  result = ml_portal_store_list_printers (store, request->reseller_id, &error);
  reply_result (request, result, error);
}

static void
work_printer (MlPortalRequest *request,
              MlPortalStore   *store)
{
  g_autoptr(GError) error = NULL;
  JsonNode *result;

  if (!_ml_portal_request_authenticate (request, store, NULL))
    return;

  result = ml_portal_store_get_printer (store, request->reseller_id, request->params[0],
                                        &error);
  reply_result (request, result, error);
}

static void
work_jobs (MlPortalRequest *request,
           MlPortalStore   *store)
{
  g_autoptr(GError) error = NULL;
  JsonNode *result;
  gint64 since = 0;
  gint64 until = 0;
  guint limit = DEFAULT_JOBS_LIMIT;

  if (!_ml_portal_request_authenticate (request, store, NULL)
      || !query_time (request, "since", &since)
      || !query_time (request, "until", &until)
      || !query_limit (request, &limit))
    return;

  result = ml_portal_store_list_jobs (store, request->reseller_id,
                                      query_string (request, "printer"), since, until,
                                      query_string (request, "cursor"), limit, &error);
  reply_result (request, result, error);
}

static void
work_usage (MlPortalRequest *request,
            MlPortalStore   *store)
{
  g_autoptr(GError) error = NULL;
  JsonNode *result;
  gint64 since = 0;
  gint64 until = 0;

  if (!_ml_portal_request_authenticate (request, store, NULL)
      || !query_time (request, "since", &since)
      || !query_time (request, "until", &until))
    return;

  result = ml_portal_store_usage (store, request->reseller_id, query_string (request, "printer"),
                                  since, until, &error);
  reply_result (request, result, error);
}

static void
work_events (MlPortalRequest *request,
             MlPortalStore   *store)
{
  g_autoptr(GError) error = NULL;
  JsonNode *result;

  if (!_ml_portal_request_authenticate (request, store, NULL))
    return;

  result = ml_portal_store_list_events (store, request->reseller_id,
                                        query_string (request, "printer"), &error);
  reply_result (request, result, error);
}

static void
work_sync (MlPortalRequest *request,
           MlPortalStore   *store)
{
  g_autoptr(GError) error = NULL;
  JsonNode *result;

  if (!_ml_portal_request_authenticate (request, store, NULL))
    return;

  result = ml_portal_store_sync (store, request->reseller_id, query_string (request, "cursor"),
                                 &error);
  reply_result (request, result, error);
}

/* ---- PUT /api/v1/sites/ID/config ---- */

/* "ranges" as one text in ml-ip-range.h syntax; a list of items is joined. */
static char *
ranges_text (JsonNode *node)
{
  g_autoptr(GString) text = NULL;
  JsonArray *array;

  if (json_node_get_value_type (node) == G_TYPE_STRING)
    return g_strdup (json_node_get_string (node));
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return NULL;

  array = json_node_get_array (node);
  text = g_string_new (NULL);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *item = json_array_get_element (array, i);

      if (json_node_get_value_type (item) != G_TYPE_STRING)
        return NULL;
      if (text->len > 0)
        g_string_append (text, ", ");
      g_string_append (text, json_node_get_string (item));
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* The body as the store takes it: every member there, null for "not managed". */
static JsonNode *
validate_config (MlPortalRequest *request,
                 JsonNode        *body)
{
  g_autoptr(JsonObject) config = json_object_new ();
  JsonObject *object = json_node_get_object (body);
  g_autoptr(GList) members = json_object_get_members (object);
  JsonNode *node;

  for (GList *l = members; l != NULL; l = l->next)
    if (strcmp (l->data, "ranges") != 0 && strcmp (l->data, "polling_interval") != 0
        && strcmp (l->data, "user_names") != 0 && strcmp (l->data, "revision") != 0)
      {
        _ml_portal_request_fail (request, SOUP_STATUS_BAD_REQUEST, "bad_request",
                                 _("A site's configuration has no “%s”; it has “ranges”, "
                                   "“polling_interval” and “user_names”."),
                                 (const char *) l->data);
        return NULL;
      }

  node = json_object_get_member (object, "ranges");
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    json_object_set_null_member (config, "ranges");
  else
    {
      g_autofree char *text = ranges_text (node);
      g_autoptr(MlIpRange) range = NULL;
      g_autoptr(GError) error = NULL;

      if (text == NULL)
        {
          _ml_portal_request_fail (request, SOUP_STATUS_BAD_REQUEST, "bad_request",
                                   _("“ranges” must be a text or a list of texts."));
          return NULL;
        }
      if (*g_strstrip (text) != '\0' && !(range = ml_ip_range_parse (text, &error)))
        {
          _ml_portal_request_fail (request, SOUP_STATUS_BAD_REQUEST, "bad_request",
                                   _("“ranges”: %s"), error->message);
          return NULL;
        }
      json_object_set_string_member (config, "ranges", text);
    }

  node = json_object_get_member (object, "polling_interval");
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    json_object_set_null_member (config, "polling_interval");
  else if (json_node_get_value_type (node) != G_TYPE_INT64
           || json_node_get_int (node) < 30 || json_node_get_int (node) > 1440)
    {
      _ml_portal_request_fail (request, SOUP_STATUS_BAD_REQUEST, "bad_request",
                               _("“polling_interval” must be a whole number of minutes from "
                                 "30 to 1440."));
      return NULL;
    }
  else
    json_object_set_int_member (config, "polling_interval", json_node_get_int (node));

  node = json_object_get_member (object, "user_names");
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    json_object_set_null_member (config, "user_names");
  else if (json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    {
      _ml_portal_request_fail (request, SOUP_STATUS_BAD_REQUEST, "bad_request",
                               _("“user_names” must be true or false."));
      return NULL;
    }
  else
    json_object_set_boolean_member (config, "user_names", json_node_get_boolean (node));

  return json_node_init_object (json_node_alloc (), config);
}

static void
work_put_config (MlPortalRequest *request,
                 MlPortalStore   *store)
{
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(JsonNode) config = NULL;
  g_autoptr(JsonNode) stored = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(GError) error = NULL;
  MlPortalRole role = ML_PORTAL_ROLE_VIEWER;
  const char *site_id = request->params[0];

  if (!_ml_portal_request_authenticate (request, store, &role))
    return;

  /* Before anything is looked up, so that a viewer learns nothing of which sites
   * exist. */
  if (role != ML_PORTAL_ROLE_ADMIN)
    {
      _ml_portal_request_fail (request, SOUP_STATUS_FORBIDDEN, "forbidden",
                               _("Only a reseller's administrators may change a site's "
                                 "configuration."));
      return;
    }

  if (!(body = _ml_portal_request_parse_body (request))
      || !(config = validate_config (request, body)))
    return;

  if (!ml_portal_store_set_site_config (store, request->reseller_id, site_id, config, &error)
      || !(stored = ml_portal_store_get_site_config (store, site_id, &error)))
    {
      _ml_portal_request_fail_error (request, error);
      return;
    }

  builder = json_builder_new_immutable ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "site_id");
  json_builder_add_string_value (builder, site_id);
  json_builder_set_member_name (builder, "config");
  json_builder_add_value (builder, g_steal_pointer (&stored));
  json_builder_end_object (builder);
  _ml_portal_request_reply (request, SOUP_STATUS_OK, json_builder_get_root (builder));
}

const MlPortalRoute _ml_portal_reseller_routes[] = {
  { "POST", "/api/v1/session", ML_PORTAL_MAX_JSON_BODY, ML_PORTAL_POOL_LOGIN,
    prepare_session, work_session, finish_session },
  { "GET", "/api/v1/customers", ML_PORTAL_MAX_JSON_BODY, ML_PORTAL_POOL_QUERY,
    NULL, work_customers, NULL },
  { "GET", "/api/v1/sites", ML_PORTAL_MAX_JSON_BODY, ML_PORTAL_POOL_QUERY,
    NULL, work_sites, NULL },
  { "PUT", "/api/v1/sites/*/config", ML_PORTAL_MAX_JSON_BODY, ML_PORTAL_POOL_QUERY,
    NULL, work_put_config, NULL },
  { "GET", "/api/v1/printers", ML_PORTAL_MAX_JSON_BODY, ML_PORTAL_POOL_QUERY,
    NULL, work_printers, NULL },
  { "GET", "/api/v1/printers/*", ML_PORTAL_MAX_JSON_BODY, ML_PORTAL_POOL_QUERY,
    NULL, work_printer, NULL },
  { "GET", "/api/v1/jobs", ML_PORTAL_MAX_JSON_BODY, ML_PORTAL_POOL_QUERY,
    NULL, work_jobs, NULL },
  { "GET", "/api/v1/usage", ML_PORTAL_MAX_JSON_BODY, ML_PORTAL_POOL_QUERY,
    NULL, work_usage, NULL },
  { "GET", "/api/v1/events", ML_PORTAL_MAX_JSON_BODY, ML_PORTAL_POOL_QUERY,
    NULL, work_events, NULL },
  { "GET", "/api/v1/sync", ML_PORTAL_MAX_JSON_BODY, ML_PORTAL_POOL_QUERY,
    NULL, work_sync, NULL },
};

const guint _ml_portal_n_reseller_routes = G_N_ELEMENTS (_ml_portal_reseller_routes);
