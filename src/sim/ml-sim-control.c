/* ml-sim-control.c: the simulator's control server (plain HTTP on loopback)
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>
#include <string.h>

#include "ml-error.h"
#include "ml-sim-control.h"

struct _MlSimControl
{
  GObject parent_instance;

  MlSimFleet *fleet;
  SoupServer *server;
  char *address;
  guint port;
};

G_DEFINE_FINAL_TYPE (MlSimControl, ml_sim_control, G_TYPE_OBJECT)

static void
ml_sim_control_dispose (GObject *object)
{
  MlSimControl *self = (MlSimControl *)object;

  if (self->server != NULL)
    soup_server_disconnect (self->server);
  g_clear_object (&self->server);
  g_clear_object (&self->fleet);

  G_OBJECT_CLASS (ml_sim_control_parent_class)->dispose (object);
}

static void
ml_sim_control_finalize (GObject *object)
{
  MlSimControl *self = (MlSimControl *)object;

  g_clear_pointer (&self->address, g_free);

  G_OBJECT_CLASS (ml_sim_control_parent_class)->finalize (object);
}

static void
ml_sim_control_class_init (MlSimControlClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ml_sim_control_dispose;
  object_class->finalize = ml_sim_control_finalize;
}

static void
ml_sim_control_init (MlSimControl *self)
{
}

static void
reply_json (SoupServerMessage *msg,
            guint              status,
            JsonNode          *node)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  gsize length;
  char *text;

  json_generator_set_root (generator, node);
  text = json_generator_to_data (generator, &length);
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_TAKE, text, length);
}

static void
reply_message (SoupServerMessage *msg,
               guint              status,
               const char        *message)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  JsonObject *object = json_object_new ();

  json_object_set_boolean_member (object, "ok", SOUP_STATUS_IS_SUCCESSFUL (status));
  if (message != NULL)
    json_object_set_string_member (object, SOUP_STATUS_IS_SUCCESSFUL (status) ? "message"
                                                                             : "error",
                                   message);
  json_node_take_object (node, object);
  reply_json (msg, status, node);
}

static const char *
query_get (GHashTable *query,
           const char *key)
{
  return query != NULL ? g_hash_table_lookup (query, key) : NULL;
}

static MlSimServer *
lookup_or_reply (MlSimControl      *self,
                 SoupServerMessage *msg,
                 GHashTable        *query)
{
  const char *serial = query_get (query, "serial");
  MlSimServer *server;

  if (serial == NULL)
    {
      reply_message (msg, SOUP_STATUS_BAD_REQUEST, _("the query needs serial=SERIAL (or #INDEX)"));
      return NULL;
    }
  if (!(server = ml_sim_fleet_lookup (self->fleet, serial)))
    {
      g_autofree char *message = g_strdup_printf (_("no printer of the fleet is “%s”"), serial);

      reply_message (msg, SOUP_STATUS_NOT_FOUND, message);
      return NULL;
    }
  return server;
}

static void
handle_fault (MlSimControl      *self,
              SoupServerMessage *msg,
              GHashTable        *query)
{
  const char *kind = query_get (query, "kind");
  g_autoptr(GError) error = NULL;
  MlSimServer *server;
  MlSimFault fault;

  if (!(server = lookup_or_reply (self, msg, query)))
    return;
  if (kind == NULL || !ml_sim_fault_from_string (kind, &fault))
    {
      reply_message (msg, SOUP_STATUS_BAD_REQUEST,
                     _("kind must be one of slow, truncated, malformed, http500, cert-change, "
                       "counter-reset, reboot, offline"));
      return;
    }
  if (!ml_sim_server_inject (server, fault, &error))
    {
      reply_message (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, error->message);
      return;
    }
  reply_message (msg, SOUP_STATUS_OK, NULL);
}

static void
handle_clear (MlSimControl      *self,
              SoupServerMessage *msg,
              GHashTable        *query)
{
  g_autoptr(GError) error = NULL;
  MlSimServer *server;

  if (!(server = lookup_or_reply (self, msg, query)))
    return;
  if (!ml_sim_server_clear_faults (server, &error))
    {
      reply_message (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, error->message);
      return;
    }
  reply_message (msg, SOUP_STATUS_OK, NULL);
}

static void
handle_move (MlSimControl      *self,
             SoupServerMessage *msg,
             GHashTable        *query)
{
  const char *address = query_get (query, "address");
  g_autoptr(GError) error = NULL;
  MlSimServer *server;

  if (!(server = lookup_or_reply (self, msg, query)))
    return;
  if (address == NULL || !ml_sim_address_is_loopback (address))
    {
      reply_message (msg, SOUP_STATUS_BAD_REQUEST,
                     _("the query needs address=ADDRESS, an address on loopback"));
      return;
    }
  for (guint i = 0; i < ml_sim_fleet_get_n_printers (self->fleet); i++)
    {
      MlSimServer *other = ml_sim_fleet_get_server (self->fleet, i);

      if (other != server && g_strcmp0 (ml_sim_server_get_address (other), address) == 0)
        {
          reply_message (msg, SOUP_STATUS_CONFLICT,
                         _("another printer of the fleet already has that address"));
          return;
        }
    }
  if (!ml_sim_server_move (server, address, &error))
    {
      reply_message (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, error->message);
      return;
    }
  reply_message (msg, SOUP_STATUS_OK, NULL);
}

static void
handle_advance (MlSimControl      *self,
                SoupServerMessage *msg,
                GHashTable        *query)
{
  const char *text = query_get (query, "seconds");
  g_autofree char *now = NULL;
  guint64 seconds;

  /* Up to ten years at once. */
  if (text == NULL || !g_ascii_string_to_unsigned (text, 10, 0, 10 * 366 * 86400, &seconds,
                                                   NULL))
    {
      reply_message (msg, SOUP_STATUS_BAD_REQUEST,
                     _("the query needs seconds=N, a whole number of seconds up to ten years"));
      return;
    }

  ml_sim_fleet_advance (self->fleet, (gint64) seconds);
  now = ml_units_format_timestamp (ml_sim_clock_now (ml_sim_fleet_get_clock (self->fleet)));
  reply_message (msg, SOUP_STATUS_OK, now);
}

static void
on_request (SoupServer        *server,
            SoupServerMessage *msg,
            const char        *path,
            GHashTable        *query,
            gpointer           user_data)
{
  MlSimControl *self = user_data;
  const char *method = soup_server_message_get_method (msg);
  gboolean get = method == SOUP_METHOD_GET || method == SOUP_METHOD_HEAD;
  gboolean post = method == SOUP_METHOD_POST;

  if (strcmp (path, "/truth") == 0 && get)
    {
      g_autoptr(JsonNode) truth = ml_sim_fleet_truth (self->fleet, query_get (query, "serial"));

      reply_json (msg, SOUP_STATUS_OK, truth);
    }
  else if (strcmp (path, "/stats") == 0 && get)
    {
      g_autoptr(JsonNode) stats = ml_sim_fleet_stats (self->fleet);

      reply_json (msg, SOUP_STATUS_OK, stats);
    }
  else if (strcmp (path, "/manifest") == 0 && get)
    {
      g_autoptr(JsonNode) manifest = ml_sim_fleet_manifest (self->fleet);

      reply_json (msg, SOUP_STATUS_OK, manifest);
    }
  else if (strcmp (path, "/fault") == 0 && post)
    handle_fault (self, msg, query);
  else if (strcmp (path, "/fault/clear") == 0 && post)
    handle_clear (self, msg, query);
  else if (strcmp (path, "/advance") == 0 && post)
    handle_advance (self, msg, query);
  else if (strcmp (path, "/move") == 0 && post)
    handle_move (self, msg, query);
  else if (strcmp (path, "/truth") == 0 || strcmp (path, "/stats") == 0
           || strcmp (path, "/manifest") == 0 || strcmp (path, "/fault") == 0
           || strcmp (path, "/fault/clear") == 0 || strcmp (path, "/advance") == 0
           || strcmp (path, "/move") == 0)
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Allow",
                                    g_str_has_prefix (path, "/fault")
                                    || strcmp (path, "/advance") == 0
                                    || strcmp (path, "/move") == 0 ? "POST" : "GET, HEAD");
      reply_message (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, _("method not allowed here"));
    }
  else
    reply_message (msg, SOUP_STATUS_NOT_FOUND, _("no such control resource"));
}

MlSimControl *
ml_sim_control_new (MlSimFleet *fleet)
{
  MlSimControl *self;

  g_return_val_if_fail (ML_IS_SIM_FLEET (fleet), NULL);

  self = g_object_new (ML_TYPE_SIM_CONTROL, NULL);
  self->fleet = g_object_ref (fleet);
  self->server = soup_server_new ("server-header", "meterlink-printer-sim", NULL);
  soup_server_add_handler (self->server, NULL, on_request, self, NULL);
  return self;
}

gboolean
ml_sim_control_listen (MlSimControl  *self,
                       const char    *address,
                       guint          port,
                       GError       **error)
{
  g_autoptr(GInetAddress) inet = NULL;
  g_autoptr(GSocketAddress) socket_address = NULL;
  g_autoptr(GError) local_error = NULL;
  GSList *listeners;

  g_return_val_if_fail (ML_IS_SIM_CONTROL (self), FALSE);
  g_return_val_if_fail (address != NULL, FALSE);

  inet = g_inet_address_new_from_string (address);
  if (inet == NULL || !g_inet_address_get_is_loopback (inet))
    {
      g_set_error (error, ML_ERROR, ML_ERROR_INVALID_VALUE,
                   _("%s is not a loopback address: the control server listens on "
                     "127.0.0.0/8 or ::1 only"),
                   address);
      return FALSE;
    }

  socket_address = g_inet_socket_address_new (inet, (guint16) port);
  if (!soup_server_listen (self->server, socket_address, 0, &local_error))
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_ADDRESS_IN_USE))
        g_set_error (error, ML_ERROR, ML_ERROR_FAILED, _("%s:%u: address already in use"),
                     address, port);
      else
        g_set_error (error, ML_ERROR, ML_ERROR_FAILED, "%s:%u: %s", address, port,
                     local_error->message);
      return FALSE;
    }

  listeners = soup_server_get_listeners (self->server);
  if (listeners != NULL)
    {
      g_autoptr(GSocketAddress) local = g_socket_get_local_address (listeners->data, NULL);

      if (local != NULL)
        self->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (local));
    }
  g_slist_free (listeners);
  g_free (self->address);
  self->address = g_strdup (address);
  return TRUE;
}

guint
ml_sim_control_get_port (MlSimControl *self)
{
  g_return_val_if_fail (ML_IS_SIM_CONTROL (self), 0);
  return self->port;
}

char *
ml_sim_control_dup_url (MlSimControl *self)
{
  g_return_val_if_fail (ML_IS_SIM_CONTROL (self), NULL);

  if (strchr (self->address, ':') != NULL)
    return g_strdup_printf ("http://[%s]:%u/", self->address, self->port);
  return g_strdup_printf ("http://%s:%u/", self->address, self->port);
}

gboolean
ml_sim_parse_host_port (const char  *text,
                        char       **out_address,
                        guint       *out_port,
                        GError     **error)
{
  g_autofree char *address = NULL;
  const char *port_text;
  guint64 port;

  g_return_val_if_fail (text != NULL, FALSE);

  if (text[0] == '[')
    {
      const char *end = strchr (text, ']');

      if (end == NULL || end[1] != ':')
        goto invalid;
      address = g_strndup (text + 1, end - text - 1);
      port_text = end + 2;
    }
  else
    {
      const char *colon = strrchr (text, ':');

      if (colon == NULL)
        goto invalid;
      address = g_strndup (text, colon - text);
      port_text = colon + 1;
    }

  if (!g_ascii_string_to_unsigned (port_text, 10, 0, 65535, &port, NULL))
    goto invalid;
  if (!ml_sim_address_is_loopback (address))
    {
      g_set_error (error, ML_ERROR, ML_ERROR_INVALID_VALUE,
                   _("%s is not a loopback address: the control server listens on "
                     "127.0.0.0/8 or ::1 only"),
                   address);
      return FALSE;
    }

  *out_address = g_steal_pointer (&address);
  *out_port = (guint) port;
  return TRUE;

invalid:
  g_set_error (error, ML_ERROR, ML_ERROR_INVALID_VALUE,
               _("“%s” is not ADDRESS:PORT (such as 127.0.0.1:8000 or [::1]:8000)"), text);
  return FALSE;
}
