/* ml-printer-monitor.c: reads the printers' status and consumables live, never their jobs
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One SoupSession for all printers, one connection per printer (what a printer's
 * web server expects) and only GET, as the collector's driver does. A printer's
 * live reading starts as a copy of its row's reading without the parts read now, so
 * what a live read does not fetch (identity, counters, media names) stays as the
 * last collection left it.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <libsoup/soup.h>
#include <string.h>

#include "ml-http-get.h"
#include "ml-json.h"
#include "ml-piws-reader.h"
#include "ml-printer-monitor.h"
#include "ml-tls-pin.h"
#include "ml-xml.h"

#define PIWS_PREFIX "/LFPWebServices/PI"
#define MAX_BODY MAX (ML_XML_MAX_SIZE, ML_JSON_MAX_SIZE)
#define DEFAULT_CONCURRENCY 8
#define DEFAULT_TIMEOUT_MS 20000

struct _MlPrinterMonitor
{
  GObject parent_instance;

  SoupSession *session;
  guint concurrency;
};

G_DEFINE_FINAL_TYPE (MlPrinterMonitor, ml_printer_monitor, G_TYPE_OBJECT)

enum {
  PRINTER_READ,
  PRINTER_FAILED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* The documents of a live read; the members of the row's reading they replace. */
static const struct {
  const char *path;
  MlPiwsDocument document;
  gboolean optional;
} steps[] = {
  { PIWS_PREFIX "/DeviceStatus.json", ML_PIWS_DOCUMENT_DEVICE_STATUS, FALSE },
  { PIWS_PREFIX "/Alerts.json/ActiveAlerts", ML_PIWS_DOCUMENT_ALERTS, TRUE },
  { PIWS_PREFIX "/InkSystem.json", ML_PIWS_DOCUMENT_INK_SYSTEM, FALSE },
  { PIWS_PREFIX "/PrintheadsStatus.json", ML_PIWS_DOCUMENT_PRINTHEADS_STATUS, TRUE },
  { PIWS_PREFIX "/MediaSystem.json", ML_PIWS_DOCUMENT_MEDIA_SYSTEM, TRUE },
};

static const char * const live_members[] = {
  "status", "alerts", "cartridges", "printheads", "media_sources", "jobs", "events",
};

typedef struct
{
  GPtrArray *rows;
  guint next;
  guint in_flight;
} Refresh;

typedef struct
{
  GTask *refresh;               /* the refresh this read belongs to */
  MlPrinterRow *row;
  char *host;
  MlPrinterReading *reading;
  guint step;
  SoupMessage *message;
  gboolean certificate_refused;
  char *peer_sha256;
} Read;

static void
refresh_free (Refresh *refresh)
{
  g_ptr_array_unref (refresh->rows);
  g_free (refresh);
}

static void
read_free (Read *read)
{
  g_clear_object (&read->refresh);
  g_clear_object (&read->row);
  g_clear_pointer (&read->host, g_free);
  g_clear_object (&read->reading);
  g_clear_object (&read->message);
  g_clear_pointer (&read->peer_sha256, g_free);
  g_free (read);
}

static void pump (GTask *task);
static void fetch_next (Read *read);

/* The row's reading without what a live read replaces: identity, counters and the
 * media names of Paper/List stay as collected. */
static MlPrinterReading *
base_reading (MlPrinterRow *row)
{
  MlPrinterReading *stored = ml_printer_row_get_reading (row);
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;
  MlPrinterReading *reading = NULL;

  if (stored != NULL)
    {
      JsonObject *object;

      node = ml_printer_reading_to_json (stored);
      object = json_node_get_object (node);
      for (guint i = 0; i < G_N_ELEMENTS (live_members); i++)
        json_object_remove_member (object, live_members[i]);
      reading = ml_printer_reading_new_from_json (node, &error);
      if (reading == NULL)
        g_debug ("Reading of %s not copied: %s", ml_printer_row_get_serial (row), error->message);
    }

  if (reading == NULL)
    {
      reading = ml_printer_reading_new ();
      ml_identity_set_serial_number (ml_printer_reading_get_identity (reading),
                                     ml_printer_row_get_serial (row));
    }

  return reading;
}

static void
read_done (Read   *read,
           GError *error)
{
  GTask *task = read->refresh;
  MlPrinterMonitor *self = g_task_get_source_object (task);
  Refresh *refresh = g_task_get_task_data (task);

  refresh->in_flight--;

  if (error == NULL)
    {
      ml_printer_reading_set_read_at (read->reading, g_get_real_time () / G_USEC_PER_SEC);
      g_signal_emit (self, signals[PRINTER_READ], 0, read->row, read->reading);
    }
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_signal_emit (self, signals[PRINTER_FAILED], 0, read->row, error);

  g_clear_error (&error);
  g_object_ref (task);
  read_free (read);
  pump (task);
  g_object_unref (task);
}

static GError *
transport_error (Read       *read,
                 const char *path,
                 GError     *error)
{
  const char *address = ml_printer_row_get_address (read->row);

  if (read->certificate_refused)
    return g_error_new (ML_ERROR, ML_ERROR_CERTIFICATE_CHANGED,
                        _("The certificate of the printer at %s changed: expected SHA-256 %s, "
                          "got %s. Collection from it stops until a technician accepts the "
                          "new certificate."),
                        address, ml_printer_row_get_pin (read->row),
                        read->peer_sha256 ? read->peer_sha256 : "?");
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return g_error_copy (error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    return g_error_new (ML_ERROR, ML_ERROR_UNREACHABLE,
                        _("The printer at %s did not answer %s in time"), address, path);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED))
    return g_error_new (ML_ERROR, ML_ERROR_UNREACHABLE,
                        _("The printer at %s refused the connection (is it switched off?)"),
                        address);
  return g_error_new (ML_ERROR, ML_ERROR_UNREACHABLE,
                      _("Could not read %s from the printer at %s: %s"),
                      path, address, error->message);
}

static void
on_fetched (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  Read *read = user_data;
  const char *path = steps[read->step].path;
  const char *address = ml_printer_row_get_address (read->row);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  MlPiwsDocument document;
  guint status;

  body = ml_http_get_finish (result, &error);
  if (body == NULL)
    {
      read_done (read, transport_error (read, path, error));
      return;
    }

  status = soup_message_get_status (read->message);
  if (status == SOUP_STATUS_NOT_FOUND && steps[read->step].optional)
    {
      read->step++;
      fetch_next (read);
      return;
    }
  if (!SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      read_done (read, g_error_new (ML_ERROR, ML_ERROR_HTTP,
                                    _("The printer at %s answered %s with HTTP %u %s"),
                                    address, path, status,
                                    soup_message_get_reason_phrase (read->message)));
      return;
    }
  if (!ml_piws_reader_read (read->reading, g_bytes_get_data (body, NULL),
                            g_bytes_get_size (body), &document, &error))
    {
      read_done (read, g_error_new (error->domain, error->code,
                                    _("The printer at %s sent an unreadable %s: %s"),
                                    address, path, error->message));
      return;
    }

  read->step++;
  fetch_next (read);
}

/* The pin decides: a printer without one is never read live. */
static gboolean
on_accept_certificate (SoupMessage          *message,
                       GTlsCertificate      *certificate,
                       GTlsCertificateFlags  errors,
                       gpointer              user_data)
{
  Read *read = user_data;
  g_autofree char *sha256 = ml_tls_pin_sha256 (certificate);

  if (sha256 == NULL)
    return FALSE;

  g_free (read->peer_sha256);
  read->peer_sha256 = g_strdup (sha256);
  if (!ml_tls_pin_matches (ml_printer_row_get_pin (read->row), sha256))
    {
      read->certificate_refused = TRUE;
      return FALSE;
    }
  return TRUE;
}

static void
fetch_next (Read *read)
{
  MlPrinterMonitor *self = g_task_get_source_object (read->refresh);
  g_autofree char *uri = NULL;

  if (read->step >= G_N_ELEMENTS (steps))
    {
      read_done (read, NULL);
      return;
    }

  if (read->message != NULL)
    g_signal_handlers_disconnect_by_data (read->message, read);
  g_clear_object (&read->message);

  uri = g_strdup_printf ("https://%s:%u%s", read->host, ml_printer_row_get_port (read->row),
                         steps[read->step].path);
  read->message = soup_message_new (SOUP_METHOD_GET, uri);
  if (read->message == NULL)
    {
      read_done (read, g_error_new (ML_ERROR, ML_ERROR_INVALID_VALUE,
                                    _("\"%s\" is not a printer address"),
                                    ml_printer_row_get_address (read->row)));
      return;
    }
  g_signal_connect (read->message, "accept-certificate", G_CALLBACK (on_accept_certificate),
                    read);

  ml_http_get_async (self->session, read->message, MAX_BODY,
                     g_task_get_cancellable (read->refresh), on_fetched, read);
}

static void
start_read (GTask        *task,
            MlPrinterRow *row)
{
  Refresh *refresh = g_task_get_task_data (task);
  const char *address = ml_printer_row_get_address (row);
  Read *read = g_new0 (Read, 1);

  read->refresh = g_object_ref (task);
  read->row = g_object_ref (row);
  read->host = strchr (address, ':') ? g_strdup_printf ("[%s]", address) : g_strdup (address);
  read->reading = base_reading (row);
  refresh->in_flight++;
  fetch_next (read);
}

static gboolean
readable (MlPrinterRow *row)
{
  return ml_printer_row_get_supported (row) &&
         ml_printer_row_get_address (row) != NULL &&
         ml_printer_row_get_port (row) > 0 &&
         ml_printer_row_get_pin (row) != NULL;
}

static void
pump (GTask *task)
{
  MlPrinterMonitor *self = g_task_get_source_object (task);
  Refresh *refresh = g_task_get_task_data (task);
  gboolean cancelled = g_cancellable_is_cancelled (g_task_get_cancellable (task));

  while (!cancelled && refresh->in_flight < self->concurrency &&
         refresh->next < refresh->rows->len)
    {
      MlPrinterRow *row = g_ptr_array_index (refresh->rows, refresh->next++);

      if (readable (row))
        start_read (task, row);
    }

  if (refresh->in_flight > 0 || g_task_get_completed (task) || g_task_had_error (task))
    return;

  if (cancelled || refresh->next >= refresh->rows->len)
    {
      if (!g_task_return_error_if_cancelled (task))
        g_task_return_boolean (task, TRUE);
    }
}

static void
ml_printer_monitor_dispose (GObject *object)
{
  MlPrinterMonitor *self = ML_PRINTER_MONITOR (object);

  g_clear_object (&self->session);

  G_OBJECT_CLASS (ml_printer_monitor_parent_class)->dispose (object);
}

static void
ml_printer_monitor_class_init (MlPrinterMonitorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ml_printer_monitor_dispose;

  signals[PRINTER_READ] =
    g_signal_new ("printer-read", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 2, ML_TYPE_PRINTER_ROW, ML_TYPE_PRINTER_READING);
  signals[PRINTER_FAILED] =
    g_signal_new ("printer-failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 2, ML_TYPE_PRINTER_ROW,
                  G_TYPE_ERROR | G_SIGNAL_TYPE_STATIC_SCOPE);
}

static void
ml_printer_monitor_init (MlPrinterMonitor *self)
{
  self->concurrency = DEFAULT_CONCURRENCY;
  self->session = g_object_new (SOUP_TYPE_SESSION,
                                "max-conns-per-host", 1,
                                "max-conns", 4 * DEFAULT_CONCURRENCY,
                                "timeout", DEFAULT_TIMEOUT_MS / 1000,
                                "user-agent", "Meterlink/" PACKAGE_VERSION,
                                NULL);
  ml_tls_pin_prepare_session (self->session);
}

MlPrinterMonitor *
ml_printer_monitor_new (void)
{
  return g_object_new (ML_TYPE_PRINTER_MONITOR, NULL);
}

void
ml_printer_monitor_set_concurrency (MlPrinterMonitor *self,
                                    guint             concurrency)
{
  g_return_if_fail (ML_IS_PRINTER_MONITOR (self));
  g_return_if_fail (concurrency > 0);

  self->concurrency = concurrency;
}

void
ml_printer_monitor_set_timeout (MlPrinterMonitor *self,
                                guint             timeout_ms)
{
  g_return_if_fail (ML_IS_PRINTER_MONITOR (self));

  /* libsoup counts its I/O timeout in whole seconds. */
  g_object_set (self->session, "timeout", MAX (1, (timeout_ms + 999) / 1000), NULL);
}

void
ml_printer_monitor_refresh_async (MlPrinterMonitor    *self,
                                  GPtrArray           *rows,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Refresh *refresh;

  g_return_if_fail (ML_IS_PRINTER_MONITOR (self));
  g_return_if_fail (rows != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ml_printer_monitor_refresh_async);

  refresh = g_new0 (Refresh, 1);
  refresh->rows = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < rows->len; i++)
    g_ptr_array_add (refresh->rows, g_object_ref (g_ptr_array_index (rows, i)));
  g_task_set_task_data (task, refresh, (GDestroyNotify) refresh_free);

  pump (task);
}

gboolean
ml_printer_monitor_refresh_finish (MlPrinterMonitor  *self,
                                   GAsyncResult      *result,
                                   GError           **error)
{
  g_return_val_if_fail (ML_IS_PRINTER_MONITOR (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
