/* ml-scanner.c: finds and identifies the printers in a set of address ranges
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A scan walks the ranges by index (ml_ip_range_get_nth), so 65,536 addresses
 * cost no list; at most `concurrency` probes run at once, each on the caller's main
 * context. A probe is a bare TCP connection first: most addresses of a LAN are
 * empty or refuse, and that answer is cheap. Only an address that accepts is asked
 * who it is over HTTPS, which costs a TLS handshake.
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <string.h>

#include "meterlink-collector-resources.h"
#include "ml-ledm-reader.h"
#include "ml-piws-reader.h"
#include "ml-http-get.h"
#include "ml-scanner.h"
#include "ml-tls-pin.h"

#define PIWS_IDENTIFICATION "/LFPWebServices/PI/Identification.xml"
#define LEDM_PRODUCT_CONFIG "/DevMgmt/ProductConfigDyn.xml"
#define SUPPORTED_PRINTERS "/org/meterlink/Meterlink/collector/supported-printers.json"

/* Identification documents are a few kilobytes; anything much larger is not one. */
#define MAX_BODY (1024 * 1024)

/* An embedded web server can take seconds for a TLS handshake. Waiting longer for
 * an address that did accept costs only its own slot, so identification gets at
 * least this long whatever the probe timeout. */
#define IDENTIFY_TIMEOUT_MIN_MS 5000

#define DEFAULT_PORT 443
#define DEFAULT_CONCURRENCY 256
#define DEFAULT_TIMEOUT_MS 1500
#define MAX_CONCURRENCY 4096

struct _MlScanner
{
  GObject parent_instance;

  guint port;
  guint concurrency;
  guint timeout_ms;
};

G_DEFINE_FINAL_TYPE (MlScanner, ml_scanner, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_PORT,
  PROP_CONCURRENCY,
  PROP_TIMEOUT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  PROGRESS,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef struct
{
  guint index;
  MlScanResult *result;
} Found;

/* One scan. The settings are copied at the start: changing the scanner's properties
 * during a scan affects the next one. */
typedef struct
{
  MlIpRange *ranges;
  guint port;
  guint concurrency;
  guint timeout_ms;

  guint total;
  guint next;
  guint done;
  guint in_flight;
  GArray *found;
  gint64 started;
  GError *fatal;

  GSocketClient *client;
  SoupSession *session;
  GHashTable *probes;        /* the Probes under way */
  GSource *cancelled_source;
} Scan;

typedef enum {
  STAGE_CONNECT,
  STAGE_PIWS,
  STAGE_LEDM,
} Stage;

typedef struct
{
  GTask *task;
  guint index;
  char *address;
  Stage stage;
  GCancellable *cancellable;
  GSource *timer;
  SoupMessage *message;
  char *cert_sha256;
} Probe;

static void pump (GTask *task);

static void
found_clear (Found *found)
{
  g_clear_object (&found->result);
}

static void
scan_free (Scan *scan)
{
  if (scan->cancelled_source != NULL)
    g_source_destroy (scan->cancelled_source);
  g_clear_pointer (&scan->cancelled_source, g_source_unref);
  g_clear_pointer (&scan->probes, g_hash_table_unref);
  g_clear_pointer (&scan->ranges, ml_ip_range_unref);
  g_clear_pointer (&scan->found, g_array_unref);
  g_clear_error (&scan->fatal);
  g_clear_object (&scan->client);
  if (scan->session != NULL)
    soup_session_abort (scan->session);
  g_clear_object (&scan->session);
  g_free (scan);
}

static void
ml_scanner_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  MlScanner *self = ML_SCANNER (object);

  switch (prop_id)
    {
    case PROP_PORT:
      g_value_set_uint (value, self->port);
      break;
    case PROP_CONCURRENCY:
      g_value_set_uint (value, self->concurrency);
      break;
    case PROP_TIMEOUT:
      g_value_set_uint (value, self->timeout_ms);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ml_scanner_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  MlScanner *self = ML_SCANNER (object);

  switch (prop_id)
    {
    case PROP_PORT:
      ml_scanner_set_port (self, g_value_get_uint (value));
      break;
    case PROP_CONCURRENCY:
      ml_scanner_set_concurrency (self, g_value_get_uint (value));
      break;
    case PROP_TIMEOUT:
      ml_scanner_set_timeout (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ml_scanner_class_init (MlScannerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = ml_scanner_get_property;
  object_class->set_property = ml_scanner_set_property;

  properties[PROP_PORT] =
    g_param_spec_uint ("port", NULL, "The printers' HTTPS port", 1, 65535, DEFAULT_PORT,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CONCURRENCY] =
    g_param_spec_uint ("concurrency", NULL, "Addresses probed at once", 1, MAX_CONCURRENCY,
                       DEFAULT_CONCURRENCY,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TIMEOUT] =
    g_param_spec_uint ("timeout", NULL, "Milliseconds a probed address may stay silent",
                       1, G_MAXUINT, DEFAULT_TIMEOUT_MS,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * MlScanner::progress:
   * @done: addresses probed so far
   * @total: addresses in the ranges
   * @found: printers identified so far
   * @eta_ms: the time left, estimated from the pace so far; -1 before any address
   *   is done
   */
  signals[PROGRESS] =
    g_signal_new ("progress", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 4, G_TYPE_UINT, G_TYPE_UINT, G_TYPE_UINT, G_TYPE_INT64);
}

static void
ml_scanner_init (MlScanner *self)
{
  self->port = DEFAULT_PORT;
  self->concurrency = DEFAULT_CONCURRENCY;
  self->timeout_ms = DEFAULT_TIMEOUT_MS;
}

MlScanner *
ml_scanner_new (void)
{
  return g_object_new (ML_TYPE_SCANNER, NULL);
}

void
ml_scanner_set_port (MlScanner *self,
                     guint      port)
{
  g_return_if_fail (ML_IS_SCANNER (self));
  g_return_if_fail (port > 0 && port < 65536);

  if (self->port == port)
    return;
  self->port = port;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PORT]);
}

void
ml_scanner_set_concurrency (MlScanner *self,
                            guint      concurrency)
{
  g_return_if_fail (ML_IS_SCANNER (self));
  g_return_if_fail (concurrency > 0 && concurrency <= MAX_CONCURRENCY);

  if (self->concurrency == concurrency)
    return;
  self->concurrency = concurrency;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONCURRENCY]);
}

void
ml_scanner_set_timeout (MlScanner *self,
                        guint      timeout_ms)
{
  g_return_if_fail (ML_IS_SCANNER (self));
  g_return_if_fail (timeout_ms > 0);

  if (self->timeout_ms == timeout_ms)
    return;
  self->timeout_ms = timeout_ms;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TIMEOUT]);
}

/* The supported list ---------------------------------------------------------------- */

/* Upper case, without an option suffix ("CR354A#B19" → "CR354A"). */
static char *
normalize_product_number (const char *product_number)
{
  g_autofree char *text = g_strdup (product_number);
  char *hash = strchr (text, '#');

  if (hash != NULL)
    *hash = '\0';
  g_strstrip (text);
  return g_ascii_strup (text, -1);
}

/* Product number → model name, from the collector's resources, read once. */
static GHashTable *
supported_table (void)
{
  static GHashTable *table;

  if (g_once_init_enter (&table))
    {
      g_autoptr(GBytes) bytes = NULL;
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(GError) error = NULL;
      GHashTable *loaded = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      JsonObject *root;
      JsonArray *printers;

      bytes = g_resource_lookup_data (ml_collector_get_resource (), SUPPORTED_PRINTERS,
                                      G_RESOURCE_LOOKUP_FLAGS_NONE, &error);
      if (bytes == NULL ||
          !json_parser_load_from_data (parser, g_bytes_get_data (bytes, NULL),
                                       g_bytes_get_size (bytes), &error))
        g_error ("The supported-printers resource is broken: %s", error->message);

      /* The list is ours and built in; a malformed one is a bug, not a user's error. */
      root = json_node_get_object (json_parser_get_root (parser));
      printers = json_object_get_array_member (root, "printers");
      for (guint i = 0; i < json_array_get_length (printers); i++)
        {
          JsonObject *printer = json_array_get_object_element (printers, i);
          const char *product_number = json_object_get_string_member (printer, "product_number");
          const char *model = json_object_get_string_member (printer, "model");

          g_hash_table_insert (loaded, normalize_product_number (product_number),
                               g_strdup (model));
        }
      g_once_init_leave (&table, loaded);
    }
  return table;
}

/**
 * ml_scanner_is_supported:
 * @product_number: (nullable): as the printer reports it
 * @model_name: (nullable): as the printer reports it, for the reason
 * @out_reason: (out) (optional) (nullable): why not, %NULL when supported
 */
gboolean
ml_scanner_is_supported (const char  *product_number,
                         const char  *model_name,
                         char       **out_reason)
{
  g_autofree char *normalized = NULL;
  char *reason;

  if (out_reason != NULL)
    *out_reason = NULL;

  if (product_number != NULL)
    {
      normalized = normalize_product_number (product_number);
      if (g_hash_table_contains (supported_table (), normalized))
        return TRUE;
    }

  if (product_number == NULL || normalized[0] == '\0')
    reason = model_name != NULL
      /* TRANSLATORS: %s is a model name such as "HP DesignJet T920 36in" */
      ? g_strdup_printf (_("%s does not report its product number, so it cannot be "
                           "told to be a supported large-format printer"), model_name)
      : g_strdup (_("The printer does not report its product number, so it cannot be "
                    "told to be a supported large-format printer"));
  else if (model_name != NULL)
    /* TRANSLATORS: "HP OfficeJet Pro 9020 series (226Y0B) is not a supported large-format
     * printer" */
    reason = g_strdup_printf (_("%s (%s) is not a supported large-format printer"),
                              model_name, product_number);
  else
    reason = g_strdup_printf (_("Product %s is not a supported large-format printer"),
                              product_number);

  if (out_reason != NULL)
    *out_reason = reason;
  else
    g_free (reason);
  return FALSE;
}

/* Probes ---------------------------------------------------------------------------- */

static void
probe_free (Probe *probe)
{
  Scan *scan = g_task_get_task_data (probe->task);

  g_hash_table_remove (scan->probes, probe);
  if (probe->timer != NULL)
    g_source_destroy (probe->timer);
  g_clear_pointer (&probe->timer, g_source_unref);
  g_clear_object (&probe->message);
  g_clear_pointer (&probe->cert_sha256, g_free);
  g_clear_pointer (&probe->address, g_free);
  g_clear_object (&probe->cancellable);
  g_clear_object (&probe->task);
  g_free (probe);
}

static void
emit_progress (GTask *task)
{
  MlScanner *self = g_task_get_source_object (task);
  Scan *scan = g_task_get_task_data (task);
  gint64 eta_ms = -1;

  /* The pace so far, addresses per unit of time, holds for the rest: the empty
   * addresses that dominate a LAN cost about the same everywhere. */
  if (scan->done > 0)
    {
      gint64 elapsed_us = g_get_monotonic_time () - scan->started;

      eta_ms = elapsed_us / 1000 * (scan->total - scan->done) / scan->done;
    }

  g_signal_emit (self, signals[PROGRESS], 0, scan->done, scan->total, scan->found->len, eta_ms);
}

/* result: (transfer full) (nullable): the printer, or NULL when the address holds
 * none. */
static void
probe_finish (Probe        *probe,
              MlScanResult *result)
{
  g_autoptr(GTask) task = g_object_ref (probe->task);
  Scan *scan = g_task_get_task_data (task);

  if (result != NULL)
    {
      Found found = { probe->index, result };

      g_array_append_val (scan->found, found);
    }
  probe_free (probe);

  scan->in_flight--;
  scan->done++;
  emit_progress (task);
  pump (task);
}

/* The scan's cancellable may be cancelled from any thread; this runs on the scan's
 * own context and ends every probe under way. */
static gboolean
on_scan_cancelled (GCancellable *cancellable,
                   gpointer      user_data)
{
  Scan *scan = user_data;
  g_autoptr(GPtrArray) cancellables = g_ptr_array_new_with_free_func (g_object_unref);
  GHashTableIter iter;
  Probe *probe;

  /* A probe may end while its operation is being cancelled: cancel from a copy. */
  g_hash_table_iter_init (&iter, scan->probes);
  while (g_hash_table_iter_next (&iter, (gpointer *)&probe, NULL))
    g_ptr_array_add (cancellables, g_object_ref (probe->cancellable));
  for (guint i = 0; i < cancellables->len; i++)
    g_cancellable_cancel (g_ptr_array_index (cancellables, i));
  return G_SOURCE_REMOVE;
}

static gboolean
on_probe_timeout (gpointer user_data)
{
  Probe *probe = user_data;

  g_cancellable_cancel (probe->cancellable);
  return G_SOURCE_REMOVE;
}

static void
arm_timer (Probe *probe,
           guint  timeout_ms)
{
  if (probe->timer != NULL)
    g_source_destroy (probe->timer);
  g_clear_pointer (&probe->timer, g_source_unref);

  probe->timer = g_timeout_source_new (timeout_ms);
  g_source_set_callback (probe->timer, on_probe_timeout, probe, NULL);
  g_source_attach (probe->timer, g_task_get_context (probe->task));
}

static MlIdentity *
identify (Stage   stage,
          GBytes *body)
{
  g_autoptr(MlPrinterReading) reading = ml_printer_reading_new ();
  MlIdentity *identity;
  gboolean read;

  if (stage == STAGE_PIWS)
    {
      MlPiwsDocument document;

      read = ml_piws_reader_read (reading, g_bytes_get_data (body, NULL), g_bytes_get_size (body),
                                  &document, NULL)
             && document == ML_PIWS_DOCUMENT_IDENTIFICATION;
    }
  else
    {
      MlLedmDocument document;

      read = ml_ledm_reader_read (reading, g_bytes_get_data (body, NULL), g_bytes_get_size (body),
                                  &document, NULL)
             && document == ML_LEDM_DOCUMENT_PRODUCT_CONFIG;
    }
  if (!read)
    return NULL;

  /* A document that names neither is an empty shell, not a printer's identity. */
  identity = ml_printer_reading_get_identity (reading);
  if (identity == NULL ||
      (ml_identity_get_serial_number (identity) == NULL &&
       ml_identity_get_product_number (identity) == NULL))
    return NULL;
  return g_object_ref (identity);
}

static void probe_fetch (Probe *probe,
                         Stage  stage);

static void
on_body_complete (Probe  *probe,
                  GBytes *body)
{
  Scan *scan = g_task_get_task_data (probe->task);
  g_autoptr(MlIdentity) identity = NULL;
  g_autofree char *reason = NULL;
  gboolean supported;

  if (probe->cert_sha256 == NULL)
    {
      GTlsCertificate *certificate = soup_message_get_tls_peer_certificate (probe->message);

      if (certificate != NULL)
        probe->cert_sha256 = ml_tls_pin_sha256 (certificate);
    }

  if (SOUP_STATUS_IS_SUCCESSFUL (soup_message_get_status (probe->message)))
    identity = identify (probe->stage, body);

  if (identity == NULL)
    {
      /* Printers without PIWS (smaller DesignJets, office printers) answer 404 or
       * something else there, and may still speak LEDM. */
      if (probe->stage == STAGE_PIWS)
        probe_fetch (probe, STAGE_LEDM);
      else
        probe_finish (probe, NULL);
      return;
    }

  supported = ml_scanner_is_supported (ml_identity_get_product_number (identity),
                                       ml_identity_get_model_name (identity), &reason);
  probe_finish (probe, g_object_new (ML_TYPE_SCAN_RESULT,
                                     "address", probe->address,
                                     "port", scan->port,
                                     "identity", identity,
                                     "cert-sha256", probe->cert_sha256,
                                     "supported", supported,
                                     "reason", reason,
                                     "protocol", probe->stage == STAGE_PIWS ? "PIWS" : "LEDM",
                                     NULL));
}

static void
on_fetched (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  Probe *probe = user_data;
  g_autoptr(GBytes) body = NULL;

  /* A transport error (no TLS, reset, silence), a body cut short or too large: no
   * printer's web services. An HTTPS printer would have answered properly. */
  body = ml_http_get_finish (result, NULL);
  if (body == NULL)
    {
      probe_finish (probe, NULL);
      return;
    }
  on_body_complete (probe, body);
}

/* Printers' certificates are self-signed: they are taken on first use here and the
 * fingerprint goes with the result; whether it is the pinned one is the store's
 * decision, not the scanner's. */
static gboolean
on_accept_certificate (SoupMessage          *message,
                       GTlsCertificate      *certificate,
                       GTlsCertificateFlags  errors,
                       gpointer              user_data)
{
  Probe *probe = user_data;

  g_free (probe->cert_sha256);
  probe->cert_sha256 = ml_tls_pin_sha256 (certificate);
  return probe->cert_sha256 != NULL;
}

static void
probe_fetch (Probe *probe,
             Stage  stage)
{
  Scan *scan = g_task_get_task_data (probe->task);
  g_autofree char *uri = NULL;

  probe->stage = stage;
  uri = g_strdup_printf (strchr (probe->address, ':') ? "https://[%s]:%u%s" : "https://%s:%u%s",
                         probe->address, scan->port,
                         stage == STAGE_PIWS ? PIWS_IDENTIFICATION : LEDM_PRODUCT_CONFIG);

  g_clear_object (&probe->message);

  /* GET only: discovery never changes anything on a device. */
  probe->message = soup_message_new (SOUP_METHOD_GET, uri);
  g_assert (probe->message != NULL);
  g_signal_connect (probe->message, "accept-certificate",
                    G_CALLBACK (on_accept_certificate), probe);

  arm_timer (probe, MAX (scan->timeout_ms, IDENTIFY_TIMEOUT_MIN_MS));
  ml_http_get_async (scan->session, probe->message, MAX_BODY, probe->cancellable, on_fetched,
                     probe);
}

static void
on_connected (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  Probe *probe = user_data;
  Scan *scan = g_task_get_task_data (probe->task);
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GError) error = NULL;

  connection = g_socket_client_connect_finish (G_SOCKET_CLIENT (object), result, &error);
  if (connection == NULL)
    {
      /* Running out of sockets would silently hide printers: stop the scan instead. */
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TOO_MANY_OPEN_FILES) &&
          scan->fatal == NULL)
        scan->fatal = g_error_new (ML_ERROR, ML_ERROR_FAILED,
                                   _("Too many open files to probe %u addresses at once; "
                                     "lower the scan concurrency"),
                                   scan->concurrency);
      probe_finish (probe, NULL);
      return;
    }

  /* Something listens. The probe's connection has done its job; libsoup opens its
   * own for TLS. */
  g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
  probe_fetch (probe, STAGE_PIWS);
}

static void
probe_start (GTask *task,
             guint  index)
{
  Scan *scan = g_task_get_task_data (task);
  g_autoptr(GInetAddress) inet = ml_ip_range_get_nth (scan->ranges, index);
  g_autoptr(GSocketAddress) address = NULL;
  Probe *probe;

  g_assert (inet != NULL);

  probe = g_new0 (Probe, 1);
  probe->task = g_object_ref (task);
  probe->index = index;
  probe->address = g_inet_address_to_string (inet);
  probe->stage = STAGE_CONNECT;
  /* Each probe has its own cancellable so that its timer ends it alone; the scan's
   * cancellable reaches all of them through on_scan_cancelled(). */
  probe->cancellable = g_cancellable_new ();
  g_hash_table_add (scan->probes, probe);
  scan->in_flight++;

  address = g_inet_socket_address_new (inet, scan->port);
  arm_timer (probe, scan->timeout_ms);
  g_socket_client_connect_async (scan->client, G_SOCKET_CONNECTABLE (address),
                                 probe->cancellable, on_connected, probe);
}

static int
compare_found (gconstpointer a,
               gconstpointer b)
{
  const Found *fa = a;
  const Found *fb = b;

  return (fa->index > fb->index) - (fa->index < fb->index);
}

static void
scan_complete (GTask *task)
{
  Scan *scan = g_task_get_task_data (task);
  GPtrArray *results;

  /* Close the identification connections now rather than when the task goes. */
  soup_session_abort (scan->session);

  if (scan->fatal != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&scan->fatal));
      return;
    }
  if (g_task_return_error_if_cancelled (task))
    return;

  /* Probes end in any order; the results come in address order. */
  g_array_sort (scan->found, compare_found);
  results = g_ptr_array_new_full (scan->found->len, g_object_unref);
  for (guint i = 0; i < scan->found->len; i++)
    g_ptr_array_add (results, g_steal_pointer (&g_array_index (scan->found, Found, i).result));
  g_task_return_pointer (task, results, (GDestroyNotify)g_ptr_array_unref);
}

/* Starts probes while there is room and addresses left; completes the scan when the
 * last probe is done. */
static void
pump (GTask *task)
{
  Scan *scan = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);
  gboolean stopping;

  stopping = scan->fatal != NULL || g_cancellable_is_cancelled (cancellable);
  while (!stopping && scan->in_flight < scan->concurrency && scan->next < scan->total)
    probe_start (task, scan->next++);

  if (scan->in_flight == 0 && (stopping || scan->next == scan->total))
    scan_complete (task);
}

/**
 * ml_scanner_scan_async:
 * @ranges: the addresses to probe
 *
 * Probes every address of @ranges on the scanner's port. See ml-scanner.h.
 */
void
ml_scanner_scan_async (MlScanner           *self,
                       MlIpRange           *ranges,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Scan *scan;

  g_return_if_fail (ML_IS_SCANNER (self));
  g_return_if_fail (ranges != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ml_scanner_scan_async);

  scan = g_new0 (Scan, 1);
  scan->ranges = ml_ip_range_ref (ranges);
  scan->port = self->port;
  scan->concurrency = self->concurrency;
  scan->timeout_ms = self->timeout_ms;
  /* ML_IP_RANGE_MAX_ADDRESSES keeps this far from overflowing. */
  scan->total = (guint)ml_ip_range_get_count (ranges);
  scan->found = g_array_new (FALSE, FALSE, sizeof (Found));
  g_array_set_clear_func (scan->found, (GDestroyNotify)found_clear);
  scan->started = g_get_monotonic_time ();
  scan->probes = g_hash_table_new (NULL, NULL);
  if (cancellable != NULL)
    {
      scan->cancelled_source = g_cancellable_source_new (cancellable);
      g_source_set_callback (scan->cancelled_source, G_SOURCE_FUNC (on_scan_cancelled), scan,
                             NULL);
      g_source_attach (scan->cancelled_source, g_task_get_context (task));
    }

  scan->client = g_socket_client_new ();
  /* Printers are on the local network: never through a proxy. */
  g_socket_client_set_enable_proxy (scan->client, FALSE);

  scan->session = g_object_new (SOUP_TYPE_SESSION,
                                "max-conns", MAX (scan->concurrency, 2),
                                "max-conns-per-host", 1,
                                "user-agent", "Meterlink/" PACKAGE_VERSION,
                                NULL);
  soup_session_set_proxy_resolver (scan->session, NULL);
  ml_tls_pin_prepare_session (scan->session);
  g_task_set_task_data (task, scan, (GDestroyNotify)scan_free);

  emit_progress (task);
  pump (task);
}

/**
 * ml_scanner_scan_finish:
 *
 * Returns: (transfer container) (element-type MlScanResult): the printers found,
 *   in address order
 */
GPtrArray *
ml_scanner_scan_finish (MlScanner     *self,
                        GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (ML_IS_SCANNER (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
