/* ml-portal-api-collector.c: what a site's collector asks of the portal
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   POST /api/v1/bundles       body: a sealed bundle (application/octet-stream)
 *       200 {"bundle_uuid", "sequence", "received_at", "jobs_stored", "duplicate",
 *            "signature"}: the receipt, signed with the site's receipt key. A bundle
 *       sent again gets its first receipt again (same received_at and jobs_stored)
 *       and stores nothing. Refusals store nothing: 413 too_large, 422
 *       bundle_truncated, bundle_version, bundle_authentication (a changed bit, a
 *       wrong key), malformed; 403 unknown_site.
 *
 *   GET /api/v1/site/config    signed: X-Meterlink-Site, X-Meterlink-Timestamp (Unix
 *       seconds), X-Meterlink-Nonce, X-Meterlink-Signature (ml_site_key_sign_request
 *       over method and path with query)
 *       200 {"site_id", "site", "customer", "config": {...}}; 401 unauthorized,
 *       bad_signature, stale (more than ML_PORTAL_MAX_CLOCK_SKEW seconds off),
 *       replayed (a nonce seen before).
 *
 * Nothing a bundle's header says is believed before ml_bundle_open() checked the
 * MAC with the key of the site the header names.
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdlib.h>
#include <string.h>

#include "ml-bundle.h"
#include "ml-portal-server-private.h"
#include "ml-site-key.h"

#define MAX_NONCE_LENGTH 128

/* ---- POST /api/v1/bundles ---- */

static JsonNode *
receipt_node (const MlBundleHeader *header,
              gint64                received_at,
              guint                 jobs_stored,
              gboolean              duplicate,
              const char           *signature)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "bundle_uuid");
  json_builder_add_string_value (builder, header->bundle_uuid);
  json_builder_set_member_name (builder, "sequence");
  json_builder_add_int_value (builder, (gint64) header->sequence);
  json_builder_set_member_name (builder, "received_at");
  json_builder_add_int_value (builder, received_at);
  json_builder_set_member_name (builder, "jobs_stored");
  json_builder_add_int_value (builder, jobs_stored);
  json_builder_set_member_name (builder, "duplicate");
  json_builder_add_boolean_value (builder, duplicate);
  json_builder_set_member_name (builder, "signature");
  json_builder_add_string_value (builder, signature);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static void
work_upload_bundle (MlPortalRequest *request,
                    MlPortalStore   *store)
{
  g_autoptr(MlBundleHeader) peeked = NULL;
  g_autoptr(MlBundleHeader) header = NULL;
  g_autoptr(GBytes) secret = NULL;
  g_autoptr(MlSiteKey) key = NULL;
  g_autoptr(JsonNode) payload = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *signature = NULL;
  MlPortalBundleIngest ingest = { 0 };
  gint64 received_at = request->now;

  /* The header only says which key to try. */
  if (!(peeked = ml_bundle_peek_header (request->body, &error)))
    {
      _ml_portal_request_fail_error (request, error);
      return;
    }
  request->site_id = g_strdup (peeked->site_id);

  if (!(secret = ml_portal_store_lookup_site_secret (store, peeked->site_id, &error)))
    {
      if (g_error_matches (error, ML_ERROR, ML_ERROR_NOT_FOUND))
        _ml_portal_request_fail (request, SOUP_STATUS_FORBIDDEN, "unknown_site",
                                 _("This portal has no site “%s”: the site was deleted, or "
                                   "the collector was enrolled with another portal."),
                                 peeked->site_id);
      else
        _ml_portal_request_fail_error (request, error);
      return;
    }

  if (!(key = ml_site_key_new (secret, &error))
      || !(payload = ml_bundle_open (key, request->body, &header, &error)))
    {
      _ml_portal_request_fail_error (request, error);
      return;
    }

  /* The receipt goes out only after the transaction holding the bundle committed. */
  ingest.header = header;
  ingest.payload = payload;
  ingest.received_at = received_at;
  _ml_portal_server_ingest (request->server, store, &ingest);
  if (ingest.error != NULL)
    {
      g_autoptr(GError) ingest_error = g_steal_pointer (&ingest.error);

      /* Authentic, but not what docs/bundle-format.md says: the collector's fault,
       * and sending it again will not help. */
      if (g_error_matches (ingest_error, ML_ERROR, ML_ERROR_INVALID_VALUE))
        _ml_portal_request_fail (request, SOUP_STATUS_UNPROCESSABLE_ENTITY, "malformed", "%s",
                                 ingest_error->message);
      else if (g_error_matches (ingest_error, ML_ERROR, ML_ERROR_NOT_FOUND))
        _ml_portal_request_fail (request, SOUP_STATUS_FORBIDDEN, "unknown_site", "%s",
                                 ingest_error->message);
      else
        _ml_portal_request_fail_error (request, ingest_error);
      return;
    }

  /* A bundle sent again (its receipt was lost on the way) gets the receipt it got
   * the first time, so the collector's outbox sees one story whatever happened. */
  received_at = ingest.original_received_at;
  signature = ml_site_key_sign_receipt (key, header->bundle_uuid, header->sequence,
                                        received_at, ingest.jobs_stored);
  _ml_portal_request_reply (request, SOUP_STATUS_OK,
                            receipt_node (header, received_at, ingest.jobs_stored,
                                          ingest.duplicate, signature));
}

/* ---- GET /api/v1/site/config ---- */

static gboolean
parse_timestamp_header (const char *text,
                        gint64     *out_timestamp)
{
  char *end = NULL;
  gint64 value;

  if (text == NULL || !g_ascii_isdigit (*text))
    return FALSE;

  value = g_ascii_strtoll (text, &end, 10);
  if (end == NULL || *end != '\0' || value <= 0 || value == G_MAXINT64)
    return FALSE;

  *out_timestamp = value;
  return TRUE;
}

static gboolean
is_printable_ascii (const char *text)
{
  for (const char *p = text; *p != '\0'; p++)
    if (*p < 0x21 || *p > 0x7e)
      return FALSE;
  return TRUE;
}

/* What can be refused without the store is refused on the main loop, before a
 * worker is bothered. */
static gboolean
prepare_site_config (MlPortalServer  *server,
                     MlPortalRequest *request)
{
  const char *site = soup_message_headers_get_one (request->headers, "X-Meterlink-Site");
  const char *timestamp = soup_message_headers_get_one (request->headers,
                                                        "X-Meterlink-Timestamp");
  const char *nonce = soup_message_headers_get_one (request->headers, "X-Meterlink-Nonce");
  const char *signature = soup_message_headers_get_one (request->headers,
                                                        "X-Meterlink-Signature");
  gint64 when = 0;

  if (site == NULL || timestamp == NULL || nonce == NULL || signature == NULL
      || *site == '\0' || *nonce == '\0' || *signature == '\0')
    {
      _ml_portal_request_fail (request, SOUP_STATUS_UNAUTHORIZED, "unauthorized",
                               _("A collector's request must be signed with its site key "
                                 "(X-Meterlink-Site, -Timestamp, -Nonce and -Signature)."));
      return FALSE;
    }
  if (strlen (site) > 255 || !is_printable_ascii (site))
    {
      _ml_portal_request_fail (request, SOUP_STATUS_BAD_REQUEST, "bad_request",
                               _("X-Meterlink-Site is not a site ID."));
      return FALSE;
    }
  request->site_id = g_strdup (site);

  if (strlen (nonce) > MAX_NONCE_LENGTH || !is_printable_ascii (nonce))
    {
      _ml_portal_request_fail (request, SOUP_STATUS_BAD_REQUEST, "bad_request",
                               _("X-Meterlink-Nonce must be at most %d printable characters."),
                               MAX_NONCE_LENGTH);
      return FALSE;
    }
  if (!parse_timestamp_header (timestamp, &when))
    {
      _ml_portal_request_fail (request, SOUP_STATUS_BAD_REQUEST, "bad_request",
                               _("X-Meterlink-Timestamp must be Unix seconds."));
      return FALSE;
    }
  if (when < request->now - ML_PORTAL_MAX_CLOCK_SKEW
      || when > request->now + ML_PORTAL_MAX_CLOCK_SKEW)
    {
      _ml_portal_request_fail (request, SOUP_STATUS_UNAUTHORIZED, "stale",
                               _("The request's time is more than %d seconds away from the "
                                 "portal's; check the clock of the collector's computer."),
                               ML_PORTAL_MAX_CLOCK_SKEW);
      return FALSE;
    }
  return TRUE;
}

static void
work_site_config (MlPortalRequest *request,
                  MlPortalStore   *store)
{
  const char *nonce = soup_message_headers_get_one (request->headers, "X-Meterlink-Nonce");
  const char *signature = soup_message_headers_get_one (request->headers,
                                                        "X-Meterlink-Signature");
  const char *timestamp = soup_message_headers_get_one (request->headers,
                                                        "X-Meterlink-Timestamp");
  g_autoptr(GBytes) secret = NULL;
  g_autoptr(MlSiteKey) key = NULL;
  g_autoptr(JsonNode) site = NULL;
  g_autoptr(JsonNode) config = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *object;
  gint64 when = 0;

  parse_timestamp_header (timestamp, &when);

  if (!(secret = ml_portal_store_lookup_site_secret (store, request->site_id, &error)))
    {
      /* To a signed request, a site the portal does not know is a signature it
       * cannot check. */
      if (g_error_matches (error, ML_ERROR, ML_ERROR_NOT_FOUND))
        _ml_portal_request_fail (request, SOUP_STATUS_UNAUTHORIZED, "unauthorized",
                                 _("This portal has no site “%s”."), request->site_id);
      else
        _ml_portal_request_fail_error (request, error);
      return;
    }
  if (!(key = ml_site_key_new (secret, &error)))
    {
      _ml_portal_request_fail_error (request, error);
      return;
    }
  if (!ml_site_key_verify_request (key, request->method, request->path_and_query, when, nonce,
                                   signature))
    {
      _ml_portal_request_fail (request, SOUP_STATUS_UNAUTHORIZED, "bad_signature",
                               _("The request's signature does not match the site's key."));
      return;
    }

  /* Only a signed request may spend a nonce, or anyone could fill the table. */
  if (!ml_portal_store_use_nonce (store, request->site_id, nonce, request->now, &error)
      || !(site = ml_portal_store_describe_site (store, request->site_id, &error))
      || !(config = ml_portal_store_get_site_config (store, request->site_id, &error)))
    {
      _ml_portal_request_fail_error (request, error);
      return;
    }

  object = json_node_get_object (site);
  builder = json_builder_new_immutable ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "site_id");
  json_builder_add_string_value (builder, request->site_id);
  json_builder_set_member_name (builder, "site");
  json_builder_add_string_value (builder,
                                 json_object_get_string_member_with_default (object, "site", ""));
  json_builder_set_member_name (builder, "customer");
  json_builder_add_string_value (builder,
                                 json_object_get_string_member_with_default (object, "customer",
                                                                             ""));
  json_builder_set_member_name (builder, "config");
  json_builder_add_value (builder, g_steal_pointer (&config));
  json_builder_end_object (builder);
  _ml_portal_request_reply (request, SOUP_STATUS_OK, json_builder_get_root (builder));
}

const MlPortalRoute _ml_portal_collector_routes[] = {
  { "POST", "/api/v1/bundles", ML_BUNDLE_MAX_SIZE, ML_PORTAL_POOL_INGEST, NULL,
    work_upload_bundle, NULL },
  { "GET", "/api/v1/site/config", ML_PORTAL_MAX_JSON_BODY, ML_PORTAL_POOL_QUERY,
    prepare_site_config,
    work_site_config, NULL },
};

const guint _ml_portal_n_collector_routes = G_N_ELEMENTS (_ml_portal_collector_routes);
