/* ml-portal-client.c: the collector's HTTPS client of its portal: uploads, site config, proxy
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Proxies: libsoup tunnels https through an http proxy with CONNECT and asks for
 * the proxy's credentials through the message's "authenticate" signal, so the
 * password never becomes part of a URL that could be logged. A CONNECT that the
 * proxy refuses comes back as the message's status with no TLS certificate: no
 * answer of the portal itself (always over TLS) looks like that, which is how a
 * refusal of the proxy is told from one of the portal.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>
#include <string.h>

#include "ml-portal-client.h"
#include "ml-tls-pin.h"

#define DEFAULT_TIMEOUT_S 60
/* A receipt or a site configuration is a few hundred bytes. */
#define MAX_ANSWER_SIZE (1024 * 1024)
#define NONCE_BYTES 16

struct _MlPortalClient
{
  GObject parent_instance;

  char *url;                 /* ends with "/" */
  char *pin;                 /* NULL: system trust */
  char *site_id;
  MlSiteKey *key;
  SoupSession *session;

  MlProxyMode proxy_mode;
  char *proxy_host;
  guint proxy_port;
  char *proxy_user;
  char *proxy_password;
};

G_DEFINE_FINAL_TYPE (MlPortalClient, ml_portal_client, G_TYPE_OBJECT)

/* One request in flight. */
typedef struct
{
  SoupMessage *msg;
  char *presented_pin;       /* the certificate refused, if one was */
  GTlsCertificateFlags tls_errors;
  gboolean gave_credentials;
  char *bundle_uuid;
  guint64 sequence;
  GBytes *body;
} Request;

static void
request_free (Request *request)
{
  g_clear_object (&request->msg);
  g_free (request->presented_pin);
  g_free (request->bundle_uuid);
  g_clear_pointer (&request->body, g_bytes_unref);
  g_free (request);
}

void
ml_receipt_free (MlReceipt *receipt)
{
  if (receipt == NULL)
    return;

  g_free (receipt->bundle_uuid);
  g_free (receipt);
}

static void
forget_password (MlPortalClient *self)
{
  if (self->proxy_password != NULL)
    memset (self->proxy_password, 0, strlen (self->proxy_password));
  g_clear_pointer (&self->proxy_password, g_free);
}

static void
ml_portal_client_finalize (GObject *object)
{
  MlPortalClient *self = (MlPortalClient *)object;

  forget_password (self);
  g_clear_pointer (&self->url, g_free);
  g_clear_pointer (&self->pin, g_free);
  g_clear_pointer (&self->site_id, g_free);
  g_clear_pointer (&self->key, ml_site_key_unref);
  g_clear_object (&self->session);
  g_clear_pointer (&self->proxy_host, g_free);
  g_clear_pointer (&self->proxy_user, g_free);

  G_OBJECT_CLASS (ml_portal_client_parent_class)->finalize (object);
}

static void
ml_portal_client_class_init (MlPortalClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ml_portal_client_finalize;
}

static void
ml_portal_client_init (MlPortalClient *self)
{
  self->proxy_mode = ML_PROXY_MODE_SYSTEM;
}

static gboolean
is_loopback_host (const char *host)
{
  g_autoptr(GInetAddress) address = NULL;

  if (host == NULL)
    return FALSE;
  if (g_ascii_strcasecmp (host, "localhost") == 0)
    return TRUE;
  address = g_inet_address_new_from_string (host);
  return address != NULL && g_inet_address_get_is_loopback (address);
}

MlPortalClient *
ml_portal_client_new (const char  *portal_url,
                      const char  *pin,
                      const char  *site_id,
                      MlSiteKey   *key,
                      GError     **error)
{
  g_autoptr(MlPortalClient) self = NULL;
  g_autoptr(GUri) uri = NULL;
  const char *scheme;

  g_return_val_if_fail (portal_url != NULL, NULL);
  g_return_val_if_fail (site_id != NULL, NULL);
  g_return_val_if_fail (key != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  uri = g_uri_parse (portal_url, G_URI_FLAGS_NONE, NULL);
  scheme = uri != NULL ? g_uri_get_scheme (uri) : NULL;
  if (uri == NULL || g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0' ||
      (g_strcmp0 (scheme, "https") != 0 && g_strcmp0 (scheme, "http") != 0))
    {
      g_set_error (error, ML_ERROR, ML_ERROR_INVALID_VALUE,
                   _("“%s” is not the URL of a portal (https://HOST:PORT/)"), portal_url);
      return NULL;
    }
  if (g_strcmp0 (scheme, "http") == 0 && !is_loopback_host (g_uri_get_host (uri)))
    {
      g_set_error (error, ML_ERROR, ML_ERROR_INVALID_VALUE,
                   _("The portal URL %s is not https: plain http is only for a portal on "
                     "this computer"), portal_url);
      return NULL;
    }

  self = g_object_new (ML_TYPE_PORTAL_CLIENT, NULL);
  self->url = g_str_has_suffix (portal_url, "/") ? g_strdup (portal_url)
                                                 : g_strconcat (portal_url, "/", NULL);
  self->pin = ml_tls_pin_normalize (pin);
  self->site_id = g_strdup (site_id);
  self->key = ml_site_key_ref (key);
  self->session = soup_session_new_with_options ("timeout", DEFAULT_TIMEOUT_S,
                                                 "user-agent", "meterlink-collector/"
                                                               PACKAGE_VERSION,
                                                 NULL);
  /* With a pin, no authority may vouch for another certificate: every one goes to
   * accept-certificate, where only the pinned one passes. Without, the system's
   * trusted authorities decide, hostname included. */
  if (self->pin != NULL)
    ml_tls_pin_prepare_session (self->session);
  soup_session_set_proxy_resolver (self->session, g_proxy_resolver_get_default ());

  return g_steal_pointer (&self);
}

void
ml_portal_client_set_proxy (MlPortalClient *self,
                            MlProxyMode     mode,
                            const char     *host,
                            guint           port,
                            const char     *user,
                            const char     *password)
{
  g_autoptr(GProxyResolver) resolver = NULL;

  g_return_if_fail (ML_IS_PORTAL_CLIENT (self));

  self->proxy_mode = mode;
  g_clear_pointer (&self->proxy_host, g_free);
  g_clear_pointer (&self->proxy_user, g_free);
  forget_password (self);
  self->proxy_host = g_strdup (host);
  self->proxy_port = port;
  self->proxy_user = g_strdup (user != NULL && *user != '\0' ? user : NULL);
  self->proxy_password = g_strdup (password);

  switch (mode)
    {
    case ML_PROXY_MODE_MANUAL:
      {
        g_autofree char *proxy_uri = NULL;
        g_autoptr(GInetAddress) address = g_inet_address_new_from_string (host);

        /* Host and port only: credentials go through SoupAuth. An IPv6 address
         * needs its brackets in a URI. */
        if (address != NULL && g_inet_address_get_family (address) == G_SOCKET_FAMILY_IPV6)
          proxy_uri = g_strdup_printf ("http://[%s]:%u", host, port);
        else
          proxy_uri = g_strdup_printf ("http://%s:%u", host != NULL ? host : "", port);
        resolver = g_simple_proxy_resolver_new (proxy_uri, NULL);
        soup_session_set_proxy_resolver (self->session, resolver);
      }
      break;
    case ML_PROXY_MODE_NONE:
      soup_session_set_proxy_resolver (self->session, NULL);
      break;
    case ML_PROXY_MODE_SYSTEM:
    default:
      soup_session_set_proxy_resolver (self->session, g_proxy_resolver_get_default ());
      break;
    }
}

void
ml_portal_client_set_timeout (MlPortalClient *self,
                              guint           seconds)
{
  g_return_if_fail (ML_IS_PORTAL_CLIENT (self));

  soup_session_set_timeout (self->session, seconds);
}

const char *
ml_portal_client_get_url (MlPortalClient *self)
{
  g_return_val_if_fail (ML_IS_PORTAL_CLIENT (self), NULL);

  return self->url;
}

/* Signals ---------------------------------------------------------------------------- */

static gboolean
on_accept_certificate (SoupMessage          *msg,
                       GTlsCertificate      *certificate,
                       GTlsCertificateFlags  errors,
                       gpointer              user_data)
{
  GTask *task = user_data;
  MlPortalClient *self = g_task_get_source_object (task);
  Request *request = g_task_get_task_data (task);
  g_autofree char *presented = ml_tls_pin_sha256 (certificate);

  if (self->pin != NULL && ml_tls_pin_matches (self->pin, presented))
    return TRUE;

  /* Kept for the message: the technician compares it with what the portal printed. */
  g_free (request->presented_pin);
  request->presented_pin = g_steal_pointer (&presented);
  request->tls_errors = errors;
  return FALSE;
}

static gboolean
on_authenticate (SoupMessage *msg,
                 SoupAuth    *auth,
                 gboolean     retrying,
                 gpointer     user_data)
{
  GTask *task = user_data;
  MlPortalClient *self = g_task_get_source_object (task);
  Request *request = g_task_get_task_data (task);

  /* Only the proxy may ask, and it gets one try: a wrong password is reported,
   * not sent again and again. The portal itself never asks. */
  if (!soup_auth_is_for_proxy (auth) || retrying || self->proxy_mode != ML_PROXY_MODE_MANUAL ||
      self->proxy_user == NULL || self->proxy_password == NULL)
    return FALSE;

  request->gave_credentials = TRUE;
  soup_auth_authenticate (auth, self->proxy_user, self->proxy_password);
  return TRUE;
}

/* A message sent again (after the proxy asked for credentials) would otherwise go
 * with the body stream already read to its end: an empty bundle. */
static void
on_restarted (SoupMessage *msg,
              gpointer     user_data)
{
  GTask *task = user_data;
  Request *request = g_task_get_task_data (task);

  if (request->body != NULL)
    soup_message_set_request_body_from_bytes (msg, "application/octet-stream", request->body);
}

/* Errors ----------------------------------------------------------------------------- */

static char *
proxy_name (MlPortalClient *self,
            SoupMessage    *msg)
{
  GSocketAddress *remote;

  if (self->proxy_mode == ML_PROXY_MODE_MANUAL && self->proxy_host != NULL)
    {
      if (strchr (self->proxy_host, ':') != NULL)
        return g_strdup_printf ("[%s]:%u", self->proxy_host, self->proxy_port);
      return g_strdup_printf ("%s:%u", self->proxy_host, self->proxy_port);
    }

  /* The system's proxy: the connection that answered is the proxy's. */
  remote = soup_message_get_remote_address (msg);
  if (G_IS_INET_SOCKET_ADDRESS (remote))
    {
      GInetSocketAddress *inet = G_INET_SOCKET_ADDRESS (remote);
      g_autofree char *address = g_inet_address_to_string (
                                   g_inet_socket_address_get_address (inet));

      return g_strdup_printf ("%s:%u", address, g_inet_socket_address_get_port (inet));
    }
  return g_strdup (_("(the system's proxy)"));
}

/* A status that only a proxy can have given: https, and no TLS session ever began. */
static gboolean
answered_by_proxy (MlPortalClient *self,
                   SoupMessage    *msg)
{
  return self->proxy_mode != ML_PROXY_MODE_NONE &&
         g_str_has_prefix (self->url, "https:") &&
         soup_message_get_tls_peer_certificate (msg) == NULL;
}

static GError *
proxy_error (MlPortalClient *self,
             Request        *request)
{
  guint status = soup_message_get_status (request->msg);
  g_autofree char *proxy = proxy_name (self, request->msg);

  /* tinyproxy answers a CONNECT with wrong credentials 401, not 407. */
  if ((status == SOUP_STATUS_PROXY_AUTHENTICATION_REQUIRED || status == SOUP_STATUS_UNAUTHORIZED)
      && request->gave_credentials)
    return g_error_new (ML_ERROR, ML_ERROR_PROXY,
                        _("The proxy at %s refused the user name and password"), proxy);
  if (status == SOUP_STATUS_PROXY_AUTHENTICATION_REQUIRED)
    return g_error_new (ML_ERROR, ML_ERROR_PROXY,
                        _("The proxy at %s asks for a user name and password"), proxy);

  return g_error_new (ML_ERROR, ML_ERROR_PROXY,
                      _("The proxy at %s refused the connection to the portal (HTTP %u %s)"),
                      proxy, status,
                      soup_message_get_reason_phrase (request->msg) != NULL
                      ? soup_message_get_reason_phrase (request->msg) : "");
}

static GError *
transport_error (MlPortalClient *self,
                 Request        *request,
                 GError         *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return g_error_copy (error);

  if (self->pin != NULL && request->presented_pin != NULL)
    return g_error_new (ML_ERROR, ML_ERROR_CERTIFICATE_CHANGED,
                        _("The portal's certificate is not the one the enrolment code names: "
                          "expected %s, got %s"),
                        self->pin, request->presented_pin);
  if (request->presented_pin != NULL || error->domain == G_TLS_ERROR)
    return g_error_new (ML_ERROR, ML_ERROR_CERTIFICATE_CHANGED,
                        _("The portal at %s presents a certificate that this computer does "
                          "not trust (SHA-256 %s): %s"),
                        self->url,
                        request->presented_pin != NULL ? request->presented_pin : "?",
                        error->message);

  if (error->domain == G_IO_ERROR &&
      (error->code == G_IO_ERROR_PROXY_FAILED || error->code == G_IO_ERROR_PROXY_AUTH_FAILED ||
       error->code == G_IO_ERROR_PROXY_NEED_AUTH || error->code == G_IO_ERROR_PROXY_NOT_ALLOWED))
    {
      g_autofree char *proxy = proxy_name (self, request->msg);

      return g_error_new (ML_ERROR, ML_ERROR_PROXY, _("The proxy at %s refused: %s"),
                          proxy, error->message);
    }

  return g_error_new (ML_ERROR, ML_ERROR_UNREACHABLE,
                      _("The portal at %s cannot be reached: %s"), self->url, error->message);
}

/* The portal's own refusal: {"error": CODE, "message": TEXT}. */
static GError *
portal_error (MlPortalClient *self,
              SoupMessage    *msg,
              GBytes         *body)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  guint status = soup_message_get_status (msg);
  const char *message = NULL;
  const char *code = NULL;
  const char *data;
  gsize size = 0;

  data = body != NULL ? g_bytes_get_data (body, &size) : NULL;
  if (data != NULL && size > 0 && size <= MAX_ANSWER_SIZE &&
      json_parser_load_from_data (parser, data, (gssize) size, NULL) &&
      JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      JsonObject *object = json_node_get_object (json_parser_get_root (parser));

      message = json_object_get_string_member_with_default (object, "message", NULL);
      code = json_object_get_string_member_with_default (object, "error", NULL);
    }

  /* A portal in trouble, busy or behind a failing gateway will answer the next
   * request alike: that is not about one bundle, and worth no more tries now. */
  if (SOUP_STATUS_IS_SERVER_ERROR (status) || status == SOUP_STATUS_REQUEST_TIMEOUT ||
      status == 429 /* Too Many Requests */)
    return g_error_new (ML_ERROR, ML_ERROR_UNREACHABLE,
                        _("The portal at %s cannot take requests now (HTTP %u %s)%s%s"),
                        self->url, status,
                        soup_message_get_reason_phrase (msg) != NULL
                        ? soup_message_get_reason_phrase (msg) : "",
                        message != NULL ? ": " : "", message != NULL ? message : "");

  if (message != NULL)
    return g_error_new (ML_ERROR, ML_ERROR_HTTP, _("The portal refused (HTTP %u, %s): %s"),
                        status, code != NULL ? code : "?", message);
  return g_error_new (ML_ERROR, ML_ERROR_HTTP, _("The portal at %s answered HTTP %u %s"),
                      self->url, status,
                      soup_message_get_reason_phrase (msg) != NULL
                      ? soup_message_get_reason_phrase (msg) : "");
}

/* The JSON object of a successful answer, or NULL with the error that says why
 * there is none. */
static JsonNode *
answer_object (MlPortalClient  *self,
               Request         *request,
               GBytes          *body,
               GError          *transport,
               GError         **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *data;
  gsize size = 0;

  if (transport != NULL)
    {
      g_propagate_error (error, transport_error (self, request, transport));
      return NULL;
    }

  if (!SOUP_STATUS_IS_SUCCESSFUL (soup_message_get_status (request->msg)))
    {
      if (answered_by_proxy (self, request->msg))
        g_propagate_error (error, proxy_error (self, request));
      else
        g_propagate_error (error, portal_error (self, request->msg, body));
      return NULL;
    }

  data = g_bytes_get_data (body, &size);
  parser = json_parser_new ();
  if (size == 0 || size > MAX_ANSWER_SIZE ||
      !json_parser_load_from_data (parser, data, (gssize) size, &local_error) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      g_set_error (error, ML_ERROR, ML_ERROR_MALFORMED,
                   _("The portal at %s gave an answer that is not what a Meterlink portal "
                     "says: %s"),
                   self->url, local_error != NULL ? local_error->message : _("not an object"));
      return NULL;
    }

  return json_parser_steal_root (parser);
}

/* Sending ------------------------------------------------------------------------------ */

static GTask *
start_request (MlPortalClient      *self,
               const char          *method,
               const char          *path,
               GCancellable        *cancellable,
               GAsyncReadyCallback  callback,
               gpointer             user_data,
               gpointer             source_tag)
{
  g_autofree char *uri = g_strconcat (self->url, path, NULL);
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  Request *request = g_new0 (Request, 1);

  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, request, (GDestroyNotify) request_free);

  request->msg = soup_message_new (method, uri);
  g_assert (request->msg != NULL);
  g_signal_connect (request->msg, "accept-certificate", G_CALLBACK (on_accept_certificate),
                    task);
  g_signal_connect (request->msg, "authenticate", G_CALLBACK (on_authenticate), task);
  g_signal_connect (request->msg, "restarted", G_CALLBACK (on_restarted), task);
  return task;
}

static void
on_uploaded (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  MlPortalClient *self = g_task_get_source_object (task);
  Request *request = g_task_get_task_data (task);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) transport = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(MlReceipt) receipt = NULL;
  GError *error = NULL;
  JsonObject *object_;
  const char *uuid;
  const char *signature;
  gint64 sequence;
  gint64 jobs_stored;

  body = soup_session_send_and_read_finish (SOUP_SESSION (object), result, &transport);
  g_signal_handlers_disconnect_by_data (request->msg, task);
  answer = answer_object (self, request, body, g_steal_pointer (&transport), &error);
  if (answer == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  object_ = json_node_get_object (answer);
  uuid = json_object_get_string_member_with_default (object_, "bundle_uuid", NULL);
  signature = json_object_get_string_member_with_default (object_, "signature", NULL);
  sequence = json_object_get_int_member_with_default (object_, "sequence", -1);
  jobs_stored = json_object_get_int_member_with_default (object_, "jobs_stored", -1);

  receipt = g_new0 (MlReceipt, 1);
  receipt->bundle_uuid = g_strdup (request->bundle_uuid);
  receipt->sequence = request->sequence;
  receipt->received_at = json_object_get_int_member_with_default (object_, "received_at", 0);
  receipt->duplicate = json_object_get_boolean_member_with_default (object_, "duplicate",
                                                                    FALSE);
  receipt->jobs_stored = (guint) CLAMP (jobs_stored, 0, G_MAXUINT);

  /* Only a receipt for exactly this bundle, signed with the site's key, lets the
   * bundle leave the outbox. */
  if (g_strcmp0 (uuid, request->bundle_uuid) != 0 || sequence < 0 ||
      (guint64) sequence != request->sequence || jobs_stored < 0 || jobs_stored > G_MAXUINT ||
      signature == NULL ||
      !ml_site_key_verify_receipt (self->key, request->bundle_uuid, request->sequence,
                                   receipt->received_at, receipt->jobs_stored, signature))
    {
      g_task_return_new_error (task, ML_ERROR, ML_ERROR_AUTHENTICATION,
                               _("The portal's receipt for bundle %s does not verify: it is "
                                 "not signed with this site's key, or not for this bundle"),
                               request->bundle_uuid);
      return;
    }

  g_task_return_pointer (task, g_steal_pointer (&receipt), (GDestroyNotify) ml_receipt_free);
}

void
ml_portal_client_upload_async (MlPortalClient      *self,
                               GBytes              *bundle,
                               const char          *bundle_uuid,
                               guint64              sequence,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  GTask *task;
  Request *request;

  g_return_if_fail (ML_IS_PORTAL_CLIENT (self));
  g_return_if_fail (bundle != NULL);
  g_return_if_fail (bundle_uuid != NULL);

  task = start_request (self, SOUP_METHOD_POST, "api/v1/bundles", cancellable, callback,
                        user_data, ml_portal_client_upload_async);
  request = g_task_get_task_data (task);
  request->bundle_uuid = g_strdup (bundle_uuid);
  request->sequence = sequence;
  request->body = g_bytes_ref (bundle);
  soup_message_set_request_body_from_bytes (request->msg, "application/octet-stream", bundle);
  soup_session_send_and_read_async (self->session, request->msg, G_PRIORITY_DEFAULT,
                                    cancellable, on_uploaded, task);
}

MlReceipt *
ml_portal_client_upload_finish (MlPortalClient  *self,
                                GAsyncResult    *result,
                                GError         **error)
{
  g_return_val_if_fail (ML_IS_PORTAL_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ml_portal_client_upload_async,
                        NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
on_config_fetched (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  MlPortalClient *self = g_task_get_source_object (task);
  Request *request = g_task_get_task_data (task);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) transport = NULL;
  JsonNode *answer;
  GError *error = NULL;

  body = soup_session_send_and_read_finish (SOUP_SESSION (object), result, &transport);
  g_signal_handlers_disconnect_by_data (request->msg, task);
  answer = answer_object (self, request, body, g_steal_pointer (&transport), &error);
  if (answer == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, answer, (GDestroyNotify) json_node_unref);
}

static char *
random_nonce (void)
{
  g_autoptr(GBytes) random = ml_site_key_generate_secret ();
  const guint8 *data = g_bytes_get_data (random, NULL);
  GString *nonce = g_string_new (NULL);

  g_assert (g_bytes_get_size (random) >= NONCE_BYTES);
  for (guint i = 0; i < NONCE_BYTES; i++)
    g_string_append_printf (nonce, "%02x", data[i]);
  return g_string_free (nonce, FALSE);
}

void
ml_portal_client_fetch_config_async (MlPortalClient      *self,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_autofree char *nonce = random_nonce ();
  g_autofree char *signature = NULL;
  g_autofree char *timestamp = NULL;
  g_autofree char *path_and_query = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  GUri *uri;
  GTask *task;
  Request *request;
  SoupMessageHeaders *headers;

  g_return_if_fail (ML_IS_PORTAL_CLIENT (self));

  task = start_request (self, SOUP_METHOD_GET, "api/v1/site/config", cancellable, callback,
                        user_data, ml_portal_client_fetch_config_async);
  request = g_task_get_task_data (task);

  /* The path as it goes on the wire: a portal under a path prefix signs that too. */
  uri = soup_message_get_uri (request->msg);
  path_and_query = g_uri_get_query (uri) != NULL
                   ? g_strdup_printf ("%s?%s", g_uri_get_path (uri), g_uri_get_query (uri))
                   : g_strdup (g_uri_get_path (uri));
  signature = ml_site_key_sign_request (self->key, SOUP_METHOD_GET, path_and_query, now, nonce);
  timestamp = g_strdup_printf ("%" G_GINT64_FORMAT, now);

  headers = soup_message_get_request_headers (request->msg);
  soup_message_headers_replace (headers, "X-Meterlink-Site", self->site_id);
  soup_message_headers_replace (headers, "X-Meterlink-Timestamp", timestamp);
  soup_message_headers_replace (headers, "X-Meterlink-Nonce", nonce);
  soup_message_headers_replace (headers, "X-Meterlink-Signature", signature);

  soup_session_send_and_read_async (self->session, request->msg, G_PRIORITY_DEFAULT,
                                    cancellable, on_config_fetched, task);
}

JsonNode *
ml_portal_client_fetch_config_finish (MlPortalClient  *self,
                                      GAsyncResult    *result,
                                      GError         **error)
{
  g_return_val_if_fail (ML_IS_PORTAL_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        ml_portal_client_fetch_config_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
