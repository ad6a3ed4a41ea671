/* ml-serve-command.c: `meterlink-portal serve`, the HTTPS service
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Opens the store, finds or makes the portal's certificate, listens, and prints one
 * line "listening: URL" once it does, for scripts and tests to wait for. Without
 * --tls-cert the certificate is self-signed, made on the first start next to the
 * database (portal-cert.pem, and portal-key.pem readable by its owner only) and
 * reused afterwards; collectors pin its fingerprint, which the enrolment code
 * carries. SIGINT and SIGTERM stop taking requests, let the running ones finish,
 * and exit 0.
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <glib-unix.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "ml-certificate.h"
#include "ml-portal-server.h"
#include "ml-portal-store.h"
#include "ml-serve-command.h"

#define DEFAULT_LISTEN "0.0.0.0:8443"
#define CERT_FILE_NAME "portal-cert.pem"
#define KEY_FILE_NAME "portal-key.pem"
/* Requests still running when a stop is asked get this long to finish. */
#define DRAIN_TIMEOUT_S 10

typedef struct
{
  GMainLoop *loop;
  MlPortalServer *server;
  gboolean stopping;
  guint timeout_id;
} Service;

/* "192.0.2.7:8443", "[2001:db8::7]:8443" */
static gboolean
parse_listen (const char  *text,
              char       **out_address,
              guint       *out_port,
              GError     **error)
{
  g_autofree char *address = NULL;
  g_autoptr(GInetAddress) inet = NULL;
  const char *colon;
  guint64 port = 0;

  if (text[0] == '[')
    {
      const char *end = strchr (text, ']');

      if (end == NULL || end[1] != ':')
        goto bad;
      address = g_strndup (text + 1, end - text - 1);
      colon = end + 1;
    }
  else
    {
      colon = strrchr (text, ':');
      if (colon == NULL)
        goto bad;
      address = g_strndup (text, colon - text);
    }

  if (!g_ascii_string_to_unsigned (colon + 1, 10, 0, 65535, &port, NULL))
    goto bad;
  inet = g_inet_address_new_from_string (address);
  if (inet == NULL)
    goto bad;

  *out_address = g_steal_pointer (&address);
  *out_port = (guint) port;
  return TRUE;

bad:
  g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
               _("--listen: “%s” is not ADDRESS:PORT with an IP address, such as "
                 "0.0.0.0:8443 or [::]:8443"),
               text);
  return FALSE;
}

static gboolean
is_unspecified (const char *address)
{
  g_autoptr(GInetAddress) inet = g_inet_address_new_from_string (address);

  return inet != NULL && g_inet_address_get_is_any (inet);
}

static gboolean
write_new_certificate (const char  *cert_path,
                       const char  *key_path,
                       const char  *address,
                       GError     **error)
{
  g_autofree char *crt_pem = NULL;
  g_autofree char *key_pem = NULL;
  gboolean written;

  if (!ml_certificate_generate_pem (g_get_host_name (), "Meterlink",
                                    is_unspecified (address) ? NULL : address,
                                    &crt_pem, &key_pem, error))
    return FALSE;

  /* The key first, readable by its owner only from its first byte on; the
   * certificate last, so that a start that failed half-way is seen as such. */
  written = g_file_set_contents_full (key_path, key_pem, -1, G_FILE_SET_CONTENTS_CONSISTENT,
                                      0600, error);
  memset (key_pem, 0, strlen (key_pem));
  if (!written)
    return FALSE;

  if (!g_file_set_contents_full (cert_path, crt_pem, -1, G_FILE_SET_CONTENTS_CONSISTENT,
                                 0644, error))
    {
      g_unlink (key_path);
      return FALSE;
    }
  return TRUE;
}

/* The given certificate, or the self-signed one next to the database, made on the
 * first start. */
static GTlsCertificate *
load_certificate (const char  *db_path,
                  const char  *tls_cert,
                  const char  *tls_key,
                  const char  *address,
                  GError     **error)
{
  g_autofree char *absolute = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *cert_path = NULL;
  g_autofree char *key_path = NULL;
  gboolean have_cert;
  gboolean have_key;

  if ((tls_cert == NULL) != (tls_key == NULL))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("--tls-cert and --tls-key go together"));
      return NULL;
    }
  if (tls_cert != NULL)
    return ml_certificate_new_from_files (tls_cert, tls_key, error);

  absolute = g_canonicalize_filename (db_path, NULL);
  dir = g_path_get_dirname (absolute);
  cert_path = g_build_filename (dir, CERT_FILE_NAME, NULL);
  key_path = g_build_filename (dir, KEY_FILE_NAME, NULL);
  have_cert = g_file_test (cert_path, G_FILE_TEST_EXISTS);
  have_key = g_file_test (key_path, G_FILE_TEST_EXISTS);

  if (have_cert != have_key)
    {
      g_set_error (error, ML_ERROR, ML_ERROR_FAILED,
                   _("%s is there but %s is missing: restore it, or remove both to make a "
                     "new certificate (every collector must then be enrolled again)"),
                   have_cert ? cert_path : key_path, have_cert ? key_path : cert_path);
      return NULL;
    }

  if (!have_cert)
    {
      if (!write_new_certificate (cert_path, key_path, address, error))
        return NULL;
      g_print (_("Created a self-signed certificate for the portal: %s\n"), cert_path);
    }

  return ml_certificate_new_from_files (cert_path, key_path, error);
}

/* A certificate that the system's authorities vouch for needs no pin; pinning it
 * would break every collector at its next renewal. */
static gboolean
is_publicly_trusted (GTlsCertificate *certificate)
{
  GTlsBackend *backend = g_tls_backend_get_default ();
  g_autoptr(GTlsDatabase) database = g_tls_backend_get_default_database (backend);
  GTlsCertificateFlags flags;

  if (database == NULL)
    return FALSE;

  flags = g_tls_database_verify_chain (database, certificate,
                                       G_TLS_DATABASE_PURPOSE_AUTHENTICATE_SERVER, NULL, NULL,
                                       G_TLS_DATABASE_VERIFY_NONE, NULL, NULL);
  return flags == 0;
}

static void
on_drained (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  Service *service = user_data;

  ml_portal_server_drain_finish (ML_PORTAL_SERVER (object), result, NULL);
  g_main_loop_quit (service->loop);
}

static gboolean
on_drain_timeout (gpointer user_data)
{
  Service *service = user_data;
  guint pending = ml_portal_server_get_n_pending (service->server);

  service->timeout_id = 0;
  g_message (g_dngettext (GETTEXT_PACKAGE,
                          "%u request did not finish in time; stopping anyway",
                          "%u requests did not finish in time; stopping anyway", pending),
             pending);
  g_main_loop_quit (service->loop);
  return G_SOURCE_REMOVE;
}

static gboolean
on_signal (gpointer user_data)
{
  Service *service = user_data;

  /* A second signal stops at once. */
  if (service->stopping)
    {
      g_main_loop_quit (service->loop);
      return G_SOURCE_CONTINUE;
    }

  service->stopping = TRUE;
  g_message (_("Stopping"));
  ml_portal_server_drain_async (service->server, NULL, on_drained, service);
  service->timeout_id = g_timeout_add_seconds (DRAIN_TIMEOUT_S, on_drain_timeout, service);
  return G_SOURCE_CONTINUE;
}

int
ml_serve_command_run (int    argc,
                      char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(MlPortalStore) store = NULL;
  g_autoptr(GTlsCertificate) certificate = NULL;
  g_autoptr(MlPortalServer) server = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autofree char *db_path = NULL;
  g_autofree char *listen = NULL;
  g_autofree char *tls_cert = NULL;
  g_autofree char *tls_key = NULL;
  g_autofree char *public_url = NULL;
  g_autofree char *address = NULL;
  g_autofree char *url = NULL;
  g_autofree char *sha256 = NULL;
  g_autofree char *stored_url = NULL;
  guint port = 0;
  guint sigint_id;
  guint sigterm_id;
  Service service = { NULL, NULL, FALSE, 0 };
  GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db_path,
      N_("The portal's database (default: under the XDG data directory)"), N_("FILE") },
    { "listen", 0, 0, G_OPTION_ARG_STRING, &listen,
      N_("Address and port to serve HTTPS on; port 0 picks a free one (default "
         "0.0.0.0:8443)"),
      N_("ADDRESS:PORT") },
    { "tls-cert", 0, 0, G_OPTION_ARG_FILENAME, &tls_cert,
      N_("The portal's certificate, PEM (default: a self-signed one next to the database)"),
      N_("FILE") },
    { "tls-key", 0, 0, G_OPTION_ARG_FILENAME, &tls_key,
      N_("The private key of --tls-cert, PEM"), N_("FILE") },
    { "public-url", 0, 0, G_OPTION_ARG_STRING, &public_url,
      N_("The URL collectors reach the portal by, for enrolment codes (default: from "
         "--listen)"),
      N_("URL") },
    { NULL }
  };

  context = g_option_context_new (NULL);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context,
                                _("Serves the portal over HTTPS: collectors' bundles and the "
                                  "resellers' API."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    goto fail;
  if (argc > 1)
    {
      g_set_error (&error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("serve takes no arguments, only options"));
      goto fail;
    }

  if (!parse_listen (listen != NULL ? listen : DEFAULT_LISTEN, &address, &port, &error))
    goto fail;
  if (public_url != NULL && !g_str_has_prefix (public_url, "https://"))
    {
      g_set_error (&error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("--public-url: “%s” is not an https:// URL"), public_url);
      goto fail;
    }

  if (db_path == NULL)
    db_path = ml_portal_store_default_path ();
  if (!(store = ml_portal_store_open (db_path, &error)))
    goto fail;

  if (!(certificate = load_certificate (ml_portal_store_get_path (store), tls_cert, tls_key,
                                        address, &error)))
    goto fail;
  sha256 = ml_certificate_sha256 (certificate);
  g_print (_("Certificate SHA-256 fingerprint: %s\n"), sha256);

  server = ml_portal_server_new (store, certificate);
  if (!ml_portal_server_listen (server, address, port, &error))
    goto fail;
  url = ml_portal_server_dup_url (server);

  /* What `site add` puts into enrolment codes. An address that means "every
   * interface" is no address a collector can reach: the host's name is the better
   * guess, and --public-url the right answer. Written before any request is taken,
   * so no store call runs on a main loop that serves. */
  if (public_url != NULL)
    stored_url = g_strdup (public_url);
  else if (is_unspecified (address))
    stored_url = g_strdup_printf ("https://%s:%u", g_get_host_name (),
                                  ml_portal_server_get_port (server));
  else
    stored_url = g_strdup (url);
  /* Without the final slash, as enrolment codes carry it and clients append paths. */
  while (g_str_has_suffix (stored_url, "/"))
    stored_url[strlen (stored_url) - 1] = '\0';
  if (!ml_portal_store_set_setting (store, "portal_url", stored_url, &error)
      || !ml_portal_store_set_setting (store, "portal_cert_sha256",
                                       tls_cert != NULL && is_publicly_trusted (certificate)
                                       ? "" : sha256,
                                       &error))
    goto fail;

  loop = g_main_loop_new (NULL, FALSE);
  service.loop = loop;
  service.server = server;
  sigint_id = g_unix_signal_add (SIGINT, on_signal, &service);
  sigterm_id = g_unix_signal_add (SIGTERM, on_signal, &service);

  /* The one line a parent process waits for; from here on a signal stops cleanly. */
  g_print ("listening: %s\n", url);
  fflush (stdout);
  g_main_loop_run (loop);
  g_source_remove (sigint_id);
  g_source_remove (sigterm_id);
  g_clear_handle_id (&service.timeout_id, g_source_remove);

  ml_portal_server_stop (server);
  g_message (_("Stopped"));
  return 0;

fail:
  g_printerr ("%s: %s\n", g_get_prgname (), error->message);
  return 1;
}
