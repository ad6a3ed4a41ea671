/* ml-sim-server.c: one simulated printer's HTTPS server, with the faults it can show
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * In the manner of libsoup's examples/simple-httpd.c: one SoupServer with its own
 * certificate, one handler for every path. Every fault is made with libsoup itself:
 * a slow answer is a paused message, a truncated one is a Content-Length that
 * promises more than the body holds followed by "Connection: close", an offline
 * printer is a server that stopped listening.
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>
#include <string.h>

#include "ml-certificate.h"
#include "ml-error.h"
#include "ml-sim-ledm.h"
#include "ml-sim-piws.h"
#include "ml-sim-server.h"

struct _MlSimServer
{
  GObject parent_instance;

  MlSimPrinter *printer;
  MlSimClock *clock;
  char *address;
  guint port;
  SoupServer *server;
  GTlsCertificate *certificate;
  char *cert_sha256;
  gboolean listening;

  gboolean faults[ML_SIM_N_FAULTS];
  guint slow_ms;
  double fault_rate;
  GRand *fault_rand;
  GList *delayed;              /* of Delayed: slow answers waiting */

  guint64 requests;
  guint64 non_read_requests;
};

G_DEFINE_FINAL_TYPE (MlSimServer, ml_sim_server, G_TYPE_OBJECT)

typedef struct
{
  MlSimServer *server;
  SoupServerMessage *msg;
  guint source_id;
  gulong finished_id;
} Delayed;

static const char * const fault_names[ML_SIM_N_FAULTS] = {
  "slow", "truncated", "malformed", "http500", "offline", "cert-change", "counter-reset",
  "reboot",
};

gboolean
ml_sim_fault_from_string (const char *text,
                          MlSimFault *out_fault)
{
  g_return_val_if_fail (text != NULL, FALSE);

  for (guint i = 0; i < ML_SIM_N_FAULTS; i++)
    {
      if (strcmp (fault_names[i], text) == 0)
        {
          *out_fault = (MlSimFault) i;
          return TRUE;
        }
    }
  return FALSE;
}

const char *
ml_sim_fault_to_string (MlSimFault fault)
{
  g_return_val_if_fail (fault < ML_SIM_N_FAULTS, NULL);
  return fault_names[fault];
}

static gboolean
is_persistent (MlSimFault fault)
{
  return fault <= ML_SIM_FAULT_OFFLINE;
}

static void
delayed_free (Delayed *delayed)
{
  if (delayed->source_id != 0)
    g_source_remove (delayed->source_id);
  g_signal_handler_disconnect (delayed->msg, delayed->finished_id);
  g_object_unref (delayed->msg);
  g_free (delayed);
}

static void
ml_sim_server_dispose (GObject *object)
{
  MlSimServer *self = (MlSimServer *)object;

  g_list_free_full (g_steal_pointer (&self->delayed), (GDestroyNotify) delayed_free);
  if (self->server != NULL)
    soup_server_disconnect (self->server);
  g_clear_object (&self->server);

  G_OBJECT_CLASS (ml_sim_server_parent_class)->dispose (object);
}

static void
ml_sim_server_finalize (GObject *object)
{
  MlSimServer *self = (MlSimServer *)object;

  g_clear_object (&self->printer);
  g_clear_object (&self->clock);
  g_clear_object (&self->certificate);
  g_clear_pointer (&self->fault_rand, g_rand_free);
  g_clear_pointer (&self->address, g_free);
  g_clear_pointer (&self->cert_sha256, g_free);

  G_OBJECT_CLASS (ml_sim_server_parent_class)->finalize (object);
}

static void
ml_sim_server_class_init (MlSimServerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ml_sim_server_dispose;
  object_class->finalize = ml_sim_server_finalize;
}

static void
ml_sim_server_init (MlSimServer *self)
{
  self->slow_ms = 5000;
}

static void
on_delayed_finished (SoupServerMessage *msg,
                     gpointer           user_data)
{
  Delayed *delayed = user_data;

  /* The client went away while it waited: nothing is left to unpause. */
  delayed->server->delayed = g_list_remove (delayed->server->delayed, delayed);
  delayed_free (delayed);
}

static gboolean
on_delay_over (gpointer user_data)
{
  Delayed *delayed = user_data;

  delayed->source_id = 0;
  delayed->server->delayed = g_list_remove (delayed->server->delayed, delayed);
  soup_server_message_unpause (delayed->msg);
  delayed_free (delayed);
  return G_SOURCE_REMOVE;
}

static void
delay (MlSimServer       *self,
       SoupServerMessage *msg)
{
  Delayed *delayed = g_new0 (Delayed, 1);

  delayed->server = self;
  delayed->msg = g_object_ref (msg);
  delayed->finished_id = g_signal_connect (msg, "finished", G_CALLBACK (on_delayed_finished),
                                           delayed);
  delayed->source_id = g_timeout_add (self->slow_ms, on_delay_over, delayed);
  self->delayed = g_list_prepend (self->delayed, delayed);
  soup_server_message_pause (msg);
}

/* A broken document that still comes whole: the first part of the real one, then
 * bytes no parser accepts. */
static GBytes *
malform (GBytes *body)
{
  gsize length = g_bytes_get_size (body);
  const char *data = g_bytes_get_data (body, NULL);
  GByteArray *broken = g_byte_array_new ();

  g_byte_array_append (broken, (const guint8 *) data, length * 3 / 5);
  g_byte_array_append (broken, (const guint8 *) "<<\"\x01 {{", 8);
  return g_byte_array_free_to_bytes (broken);
}

/* After the short body is out, the connection goes down the way a printer that dies
 * mid-answer takes it down: the TCP connection closes under the TLS session, without
 * a TLS close_notify. */
static void
on_truncated_body_written (SoupServerMessage *msg,
                           gpointer           user_data)
{
  g_autoptr(GIOStream) stream = soup_server_message_steal_connection (msg);
  g_autoptr(GIOStream) base = NULL;

  if (stream == NULL)
    return;
  if (G_IS_TLS_CONNECTION (stream))
    g_object_get (stream, "base-io-stream", &base, NULL);
  g_io_stream_close (base != NULL ? base : stream, NULL, NULL);
}

static MlSimFault
draw_transient_fault (MlSimServer *self,
                      gboolean    *out_any)
{
  *out_any = FALSE;
  if (self->fault_rate <= 0 || g_rand_double (self->fault_rand) >= self->fault_rate)
    return ML_SIM_FAULT_SLOW;

  *out_any = TRUE;
  return (MlSimFault) g_rand_int_range (self->fault_rand, ML_SIM_FAULT_SLOW,
                                        ML_SIM_FAULT_HTTP500 + 1);
}

static void
on_request (SoupServer        *server,
            SoupServerMessage *msg,
            const char        *path,
            GHashTable        *query,
            gpointer           user_data)
{
  MlSimServer *self = user_data;
  const char *method = soup_server_message_get_method (msg);
  SoupMessageHeaders *request_headers = soup_server_message_get_request_headers (msg);
  SoupMessageHeaders *response_headers = soup_server_message_get_response_headers (msg);
  MlSimReply reply = { 0, NULL, NULL };
  gboolean faults[ML_SIM_N_FAULTS];
  gboolean transient;
  MlSimFault drawn;

  self->requests++;

  /* A collector only reads; anything else is counted so that a test can prove it. */
  if (method != SOUP_METHOD_GET && method != SOUP_METHOD_HEAD)
    {
      self->non_read_requests++;
      soup_message_headers_replace (response_headers, "Allow", "GET, HEAD");
      soup_server_message_set_status (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, NULL);
      soup_server_message_set_response (msg, "text/plain", SOUP_MEMORY_STATIC,
                                        "Method Not Allowed", strlen ("Method Not Allowed"));
      return;
    }

  memcpy (faults, self->faults, sizeof faults);
  drawn = draw_transient_fault (self, &transient);
  if (transient)
    faults[drawn] = TRUE;

  if (faults[ML_SIM_FAULT_SLOW])
    delay (self, msg);

  if (faults[ML_SIM_FAULT_HTTP500])
    {
      soup_server_message_set_status (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, NULL);
      soup_server_message_set_response (msg, "text/plain", SOUP_MEMORY_STATIC,
                                        "Internal Server Error",
                                        strlen ("Internal Server Error"));
      return;
    }

  ml_sim_printer_advance_to (self->printer, ml_sim_clock_now (self->clock));

  if (!ml_sim_piws_respond (self->printer, path, query,
                            soup_message_headers_get_one (request_headers, "Accept"), &reply)
      && !ml_sim_ledm_respond (self->printer, path, &reply))
    ml_sim_reply_set_text (&reply, SOUP_STATUS_NOT_FOUND, "Not Found");

  if (faults[ML_SIM_FAULT_MALFORMED] && reply.status == SOUP_STATUS_OK)
    {
      GBytes *broken = malform (reply.body);

      g_bytes_unref (reply.body);
      reply.body = broken;
    }

  soup_server_message_set_status (msg, reply.status, NULL);

  if (faults[ML_SIM_FAULT_TRUNCATED] && g_bytes_get_size (reply.body) > 1)
    {
      gsize full = g_bytes_get_size (reply.body);

      /* Half the body under a Content-Length for all of it, and the connection closes
       * after: what a client sees when a printer dies mid-answer. */
      soup_server_message_set_response (msg, reply.content_type, SOUP_MEMORY_COPY,
                                        g_bytes_get_data (reply.body, NULL), full / 2);
      soup_message_headers_set_content_length (response_headers, full);
      soup_message_headers_replace (response_headers, "Connection", "close");
      soup_message_body_complete (soup_server_message_get_response_body (msg));
      g_signal_connect (msg, "wrote-body", G_CALLBACK (on_truncated_body_written), NULL);
    }
  else
    {
      gsize size;
      gconstpointer data = g_bytes_get_data (reply.body, &size);

      soup_server_message_set_response (msg, reply.content_type, SOUP_MEMORY_COPY, data, size);
    }

  ml_sim_reply_clear (&reply);
}

MlSimServer *
ml_sim_server_new (MlSimPrinter  *printer,
                   MlSimClock    *clock,
                   const char    *address,
                   GError       **error)
{
  g_autoptr(MlSimServer) self = NULL;

  g_return_val_if_fail (ML_IS_SIM_PRINTER (printer), NULL);
  g_return_val_if_fail (ML_IS_SIM_CLOCK (clock), NULL);
  g_return_val_if_fail (address != NULL, NULL);

  self = g_object_new (ML_TYPE_SIM_SERVER, NULL);
  self->printer = g_object_ref (printer);
  self->clock = g_object_ref (clock);
  self->address = g_strdup (address);

  self->certificate = ml_certificate_generate (ml_sim_printer_get_serial (printer), "HP",
                                               address, &self->cert_sha256, error);
  if (self->certificate == NULL)
    return NULL;

  /* Printers answer with their own product name, not libsoup's. */
  self->server = soup_server_new ("server-header", "HP HTTP Server; HP PageWide XL/DesignJet",
                                  "tls-certificate", self->certificate,
                                  NULL);
  soup_server_add_handler (self->server, NULL, on_request, self, NULL);

  return g_steal_pointer (&self);
}

MlSimPrinter *
ml_sim_server_get_printer (MlSimServer *self)
{
  g_return_val_if_fail (ML_IS_SIM_SERVER (self), NULL);
  return self->printer;
}

const char *
ml_sim_server_get_address (MlSimServer *self)
{
  g_return_val_if_fail (ML_IS_SIM_SERVER (self), NULL);
  return self->address;
}

guint
ml_sim_server_get_port (MlSimServer *self)
{
  g_return_val_if_fail (ML_IS_SIM_SERVER (self), 0);
  return self->port;
}

const char *
ml_sim_server_get_cert_sha256 (MlSimServer *self)
{
  g_return_val_if_fail (ML_IS_SIM_SERVER (self), NULL);
  return self->cert_sha256;
}

static gboolean
listen_now (MlSimServer  *self,
            guint         port,
            GError      **error)
{
  g_autoptr(GInetAddress) inet = g_inet_address_new_from_string (self->address);
  g_autoptr(GSocketAddress) address = NULL;
  g_autoptr(GError) local_error = NULL;
  GSList *listeners;

  if (inet == NULL)
    {
      g_set_error (error, ML_ERROR, ML_ERROR_INVALID_VALUE,
                   _("“%s” is not an IP address"), self->address);
      return FALSE;
    }

  address = g_inet_socket_address_new (inet, (guint16) port);
  if (!soup_server_listen (self->server, address, SOUP_SERVER_LISTEN_HTTPS, &local_error))
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_ADDRESS_IN_USE))
        g_set_error (error, ML_ERROR, ML_ERROR_FAILED, _("%s:%u: address already in use"),
                     self->address, port);
      else
        g_set_error (error, ML_ERROR, ML_ERROR_FAILED, "%s:%u: %s",
                     self->address, port, local_error->message);
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
  self->listening = TRUE;
  return TRUE;
}

gboolean
ml_sim_server_listen (MlSimServer  *self,
                      guint         port,
                      GError      **error)
{
  g_return_val_if_fail (ML_IS_SIM_SERVER (self), FALSE);
  g_return_val_if_fail (!self->listening, FALSE);

  return listen_now (self, port, error);
}

void
ml_sim_server_stop (MlSimServer *self)
{
  g_return_if_fail (ML_IS_SIM_SERVER (self));

  if (self->listening)
    soup_server_disconnect (self->server);
  self->listening = FALSE;
}

void
ml_sim_server_set_slow_ms (MlSimServer *self,
                           guint        slow_ms)
{
  g_return_if_fail (ML_IS_SIM_SERVER (self));
  self->slow_ms = slow_ms;
}

void
ml_sim_server_set_fault_rate (MlSimServer *self,
                              double       rate,
                              guint64      seed)
{
  guint32 seeds[3] = {
    (guint32) seed, (guint32) (seed >> 32),
    ml_sim_printer_get_index (self->printer) + 0x5eed0000u
  };

  g_return_if_fail (ML_IS_SIM_SERVER (self));

  self->fault_rate = CLAMP (rate, 0.0, 1.0);
  /* Its own generator: which requests fail must not change what the printer does. */
  g_clear_pointer (&self->fault_rand, g_rand_free);
  self->fault_rand = g_rand_new_with_seed_array (seeds, G_N_ELEMENTS (seeds));
}

/* A new certificate takes effect for new connections; the server listens again so
 * that its TLS layer picks the certificate up, which also drops the open ones. */
static gboolean
change_certificate (MlSimServer  *self,
                    GError      **error)
{
  g_autoptr(GTlsCertificate) certificate = NULL;
  g_autofree char *sha256 = NULL;

  certificate = ml_certificate_generate (ml_sim_printer_get_serial (self->printer), "HP",
                                         self->address, &sha256, error);
  if (certificate == NULL)
    return FALSE;

  g_set_object (&self->certificate, certificate);
  g_free (self->cert_sha256);
  self->cert_sha256 = g_steal_pointer (&sha256);
  soup_server_set_tls_certificate (self->server, self->certificate);

  if (self->listening)
    {
      soup_server_disconnect (self->server);
      self->listening = FALSE;
      return listen_now (self, self->port, error);
    }
  return TRUE;
}

gboolean
ml_sim_server_move (MlSimServer  *self,
                    const char   *address,
                    GError      **error)
{
  g_autofree char *old_address = NULL;
  gboolean was_listening;

  g_return_val_if_fail (ML_IS_SIM_SERVER (self), FALSE);
  g_return_val_if_fail (address != NULL, FALSE);

  /* A printer that moves keeps its serial, its state and its certificate: only
   * where it listens changes, as when a DHCP lease runs out. */
  was_listening = self->listening;
  if (was_listening)
    {
      soup_server_disconnect (self->server);
      self->listening = FALSE;
    }

  old_address = g_steal_pointer (&self->address);
  self->address = g_strdup (address);
  if (was_listening && !listen_now (self, self->port, error))
    {
      g_free (self->address);
      self->address = g_steal_pointer (&old_address);
      listen_now (self, self->port, NULL);
      return FALSE;
    }
  return TRUE;
}

gboolean
ml_sim_server_inject (MlSimServer  *self,
                      MlSimFault    fault,
                      GError      **error)
{
  g_return_val_if_fail (ML_IS_SIM_SERVER (self), FALSE);
  g_return_val_if_fail (fault < ML_SIM_N_FAULTS, FALSE);

  /* One-shot faults happen at a definite simulated instant. */
  ml_sim_printer_advance_to (self->printer, ml_sim_clock_now (self->clock));

  switch (fault)
    {
    case ML_SIM_FAULT_CERT_CHANGE:
      return change_certificate (self, error);

    case ML_SIM_FAULT_COUNTER_RESET:
      ml_sim_printer_reset_counters (self->printer);
      return TRUE;

    case ML_SIM_FAULT_REBOOT:
      ml_sim_printer_reboot (self->printer);
      return TRUE;

    case ML_SIM_FAULT_OFFLINE:
      self->faults[fault] = TRUE;
      ml_sim_server_stop (self);
      return TRUE;

    case ML_SIM_FAULT_SLOW:
    case ML_SIM_FAULT_TRUNCATED:
    case ML_SIM_FAULT_MALFORMED:
    case ML_SIM_FAULT_HTTP500:
      g_assert (is_persistent (fault));
      self->faults[fault] = TRUE;
      return TRUE;

    case ML_SIM_N_FAULTS:
    default:
      g_return_val_if_reached (FALSE);
    }
}

gboolean
ml_sim_server_clear_faults (MlSimServer  *self,
                            GError      **error)
{
  gboolean was_offline;

  g_return_val_if_fail (ML_IS_SIM_SERVER (self), FALSE);

  was_offline = self->faults[ML_SIM_FAULT_OFFLINE];
  memset (self->faults, 0, sizeof self->faults);
  if (was_offline && !self->listening)
    return listen_now (self, self->port, error);
  return TRUE;
}

GStrv
ml_sim_server_dup_faults (MlSimServer *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  g_return_val_if_fail (ML_IS_SIM_SERVER (self), NULL);

  for (guint i = 0; i < ML_SIM_N_FAULTS; i++)
    if (self->faults[i])
      g_strv_builder_add (builder, fault_names[i]);
  return g_strv_builder_end (builder);
}

guint64
ml_sim_server_get_requests (MlSimServer *self)
{
  g_return_val_if_fail (ML_IS_SIM_SERVER (self), 0);
  return self->requests;
}

guint64
ml_sim_server_get_non_read_requests (MlSimServer *self)
{
  g_return_val_if_fail (ML_IS_SIM_SERVER (self), 0);
  return self->non_read_requests;
}
