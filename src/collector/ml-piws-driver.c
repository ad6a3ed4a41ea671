/* ml-piws-driver.c: reads one printer over HTTPS through its PIWS web services
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>

#include "ml-http-get.h"
#include "ml-json.h"
#include "ml-piws-driver.h"
#include "ml-piws-reader.h"
#include "ml-tls-pin.h"
#include "ml-xml.h"

#define PIWS_PREFIX "/LFPWebServices/PI"
#define MAX_BODY MAX (ML_XML_MAX_SIZE, ML_JSON_MAX_SIZE)

struct _MlPiwsDriver
{
  GObject parent_instance;

  SoupSession *session;
  char *address;
  guint port;
  char *pinned_sha256;
  char *peer_sha256;
  gboolean certificate_refused;
};

G_DEFINE_FINAL_TYPE (MlPiwsDriver, ml_piws_driver, G_TYPE_OBJECT)

/* What a full read asks for, in order. Paper/List comes before MediaSystem so the
 * loaded media get their names. Documents a model may not serve are optional: a 404
 * means "this printer has none". */
typedef struct
{
  const char *path;
  MlPiwsDocument document;
  gboolean optional;
} Step;

static const Step steps[] = {
  { PIWS_PREFIX "/Identification.xml", ML_PIWS_DOCUMENT_IDENTIFICATION, FALSE },
  { PIWS_PREFIX "/DeviceStatus.json", ML_PIWS_DOCUMENT_DEVICE_STATUS, FALSE },
  { PIWS_PREFIX "/Alerts.json/ActiveAlerts", ML_PIWS_DOCUMENT_ALERTS, TRUE },
  { PIWS_PREFIX "/InkSystem.json", ML_PIWS_DOCUMENT_INK_SYSTEM, FALSE },
  { PIWS_PREFIX "/PrintheadsStatus.json", ML_PIWS_DOCUMENT_PRINTHEADS_STATUS, TRUE },
  { PIWS_PREFIX "/Paper/List", ML_PIWS_DOCUMENT_PAPER_LIST, TRUE },
  { PIWS_PREFIX "/MediaSystem.json", ML_PIWS_DOCUMENT_MEDIA_SYSTEM, TRUE },
  { PIWS_PREFIX "/DeviceCounters", ML_PIWS_DOCUMENT_DEVICE_COUNTERS, TRUE },
};

typedef enum {
  PHASE_STEPS,
  PHASE_QUEUE_COLLECTION,
  PHASE_JOBS,
} Phase;

typedef struct
{
  MlPrinterReading *reading;
  Phase phase;
  guint step;
  char *queue_uuid;
  gint64 from_modification;
  gboolean rediscovered;
  SoupMessage *message;
  GBytes *body;
} ReadData;

static void
read_data_free (ReadData *data)
{
  g_clear_object (&data->reading);
  g_clear_pointer (&data->queue_uuid, g_free);
  g_clear_object (&data->message);
  g_clear_pointer (&data->body, g_bytes_unref);
  g_free (data);
}

static void fetch_next (GTask *task);

static void
ml_piws_driver_finalize (GObject *object)
{
  MlPiwsDriver *self = (MlPiwsDriver *)object;

  g_clear_object (&self->session);
  g_clear_pointer (&self->address, g_free);
  g_clear_pointer (&self->pinned_sha256, g_free);
  g_clear_pointer (&self->peer_sha256, g_free);

  G_OBJECT_CLASS (ml_piws_driver_parent_class)->finalize (object);
}

static void
ml_piws_driver_class_init (MlPiwsDriverClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ml_piws_driver_finalize;
}

static void
ml_piws_driver_init (MlPiwsDriver *self)
{
  /* One connection per printer is what a printer's embedded web server expects;
   * keep-alive makes the dozen requests of a read cheap. */
  self->session = g_object_new (SOUP_TYPE_SESSION,
                                "max-conns-per-host", 1,
                                "timeout", 10,
                                "user-agent", "Meterlink/" PACKAGE_VERSION,
                                NULL);
  ml_tls_pin_prepare_session (self->session);
}

MlPiwsDriver *
ml_piws_driver_new (const char *address,
                    guint       port,
                    const char *pinned_sha256)
{
  MlPiwsDriver *self;

  g_return_val_if_fail (address != NULL, NULL);
  g_return_val_if_fail (port > 0 && port < 65536, NULL);

  self = g_object_new (ML_TYPE_PIWS_DRIVER, NULL);
  self->address = g_strdup (address);
  self->port = port;
  self->pinned_sha256 = ml_tls_pin_normalize (pinned_sha256);
  return self;
}

const char *
ml_piws_driver_get_address (MlPiwsDriver *self)
{
  g_return_val_if_fail (ML_IS_PIWS_DRIVER (self), NULL);
  return self->address;
}

guint
ml_piws_driver_get_port (MlPiwsDriver *self)
{
  g_return_val_if_fail (ML_IS_PIWS_DRIVER (self), 0);
  return self->port;
}

void
ml_piws_driver_set_timeout (MlPiwsDriver *self,
                            guint         timeout_ms)
{
  g_return_if_fail (ML_IS_PIWS_DRIVER (self));

  /* libsoup counts its I/O timeout in whole seconds. */
  g_object_set (self->session, "timeout", MAX (1, (timeout_ms + 999) / 1000), NULL);
}

const char *
ml_piws_driver_get_peer_sha256 (MlPiwsDriver *self)
{
  g_return_val_if_fail (ML_IS_PIWS_DRIVER (self), NULL);
  return self->peer_sha256;
}

/* Printers carry self-signed certificates, so the usual chain check cannot pass;
 * what protects the collector is the pin. */
static gboolean
on_accept_certificate (SoupMessage          *message,
                       GTlsCertificate      *certificate,
                       GTlsCertificateFlags  errors,
                       gpointer              user_data)
{
  MlPiwsDriver *self = user_data;
  g_autofree char *sha256 = ml_tls_pin_sha256 (certificate);

  if (sha256 == NULL)
    return FALSE;

  g_free (self->peer_sha256);
  self->peer_sha256 = g_strdup (sha256);

  if (self->pinned_sha256 != NULL && !ml_tls_pin_matches (self->pinned_sha256, sha256))
    {
      self->certificate_refused = TRUE;
      return FALSE;
    }
  return TRUE;
}

static char *
step_path (ReadData *data)
{
  switch (data->phase)
    {
    case PHASE_STEPS:
      return g_strdup (steps[data->step].path);
    case PHASE_QUEUE_COLLECTION:
      return g_strdup (PIWS_PREFIX "/JQ/JobQueueCollection");
    case PHASE_JOBS:
      return g_strdup_printf (PIWS_PREFIX "/JQ/JobQueue/%s/jobs/all?fromModificationNumber=%"
                              G_GINT64_FORMAT,
                              data->queue_uuid, data->from_modification);
    default:
      g_assert_not_reached ();
    }
}

static MlPiwsDocument
step_document (ReadData *data)
{
  switch (data->phase)
    {
    case PHASE_STEPS:
      return steps[data->step].document;
    case PHASE_QUEUE_COLLECTION:
      return ML_PIWS_DOCUMENT_JOB_QUEUE_COLLECTION;
    case PHASE_JOBS:
      return ML_PIWS_DOCUMENT_JOB_QUEUE_SNAPSHOT;
    default:
      g_assert_not_reached ();
    }
}

static void
advance (ReadData *data)
{
  switch (data->phase)
    {
    case PHASE_STEPS:
      if (++data->step < G_N_ELEMENTS (steps))
        return;
      data->phase = data->queue_uuid ? PHASE_JOBS : PHASE_QUEUE_COLLECTION;
      return;
    case PHASE_QUEUE_COLLECTION:
      g_free (data->queue_uuid);
      data->queue_uuid = g_strdup (ml_printer_reading_get_queue_uuid (data->reading));
      data->from_modification = 0;
      data->phase = PHASE_JOBS;
      return;
    case PHASE_JOBS:
    default:
      g_assert_not_reached ();
    }
}

static GError *
translate_transport_error (MlPiwsDriver *self,
                           const char   *path,
                           GError       *error)
{
  if (self->certificate_refused)
    return g_error_new (ML_ERROR, ML_ERROR_CERTIFICATE_CHANGED,
                        _("The certificate of the printer at %s changed: expected SHA-256 %s, "
                          "got %s. Collection from it stops until a technician accepts the "
                          "new certificate."),
                        self->address, self->pinned_sha256,
                        self->peer_sha256 ? self->peer_sha256 : "?");
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return g_error_copy (error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    return g_error_new (ML_ERROR, ML_ERROR_UNREACHABLE,
                        _("The printer at %s did not answer %s in time"),
                        self->address, path);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED))
    return g_error_new (ML_ERROR, ML_ERROR_UNREACHABLE,
                        _("The printer at %s refused the connection (is it switched off?)"),
                        self->address);
  return g_error_new (ML_ERROR, ML_ERROR_UNREACHABLE,
                      _("Could not read %s from the printer at %s: %s"),
                      path, self->address, error->message);
}

static void
finish_document (GTask *task)
{
  MlPiwsDriver *self = g_task_get_source_object (task);
  ReadData *data = g_task_get_task_data (task);
  g_autofree char *path = step_path (data);
  guint status = soup_message_get_status (data->message);
  MlPiwsDocument expected = step_document (data);
  MlPiwsDocument document;
  g_autoptr(GError) error = NULL;

  if (status == SOUP_STATUS_SERVICE_UNAVAILABLE)
    {
      g_task_return_new_error (task, ML_ERROR, ML_ERROR_ASLEEP,
                               _("The printer at %s is asleep (it answered 503); it is read "
                                 "again at the next collection and never woken"),
                               self->address);
      return;
    }

  if (status == SOUP_STATUS_NOT_FOUND && data->phase == PHASE_JOBS && !data->rediscovered)
    {
      /* The queue's UUID changes when the printer reboots: find the new queue and
       * read it from the start; the collector deduplicates by job UUID. */
      data->rediscovered = TRUE;
      data->phase = PHASE_QUEUE_COLLECTION;
      fetch_next (task);
      return;
    }

  if (status == SOUP_STATUS_NOT_FOUND && data->phase == PHASE_STEPS && steps[data->step].optional)
    {
      advance (data);
      fetch_next (task);
      return;
    }

  if (!SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      g_task_return_new_error (task, ML_ERROR, ML_ERROR_HTTP,
                               _("The printer at %s answered %s with HTTP %u %s"),
                               self->address, path, status,
                               soup_message_get_reason_phrase (data->message));
      return;
    }

  if (!ml_piws_reader_read (data->reading, g_bytes_get_data (data->body, NULL),
                            g_bytes_get_size (data->body),
                            &document, &error))
    {
      g_task_return_new_error (task, error->domain, error->code,
                               _("The printer at %s sent an unreadable %s: %s"),
                               self->address, path, error->message);
      return;
    }

  if (document != expected)
    {
      g_task_return_new_error (task, ML_ERROR, ML_ERROR_UNSUPPORTED,
                               _("The printer at %s answered %s with a %s document"),
                               self->address, path, ml_piws_document_to_string (document));
      return;
    }

  if (data->phase == PHASE_QUEUE_COLLECTION &&
      ml_printer_reading_get_queue_uuid (data->reading) == NULL)
    {
      g_task_return_new_error (task, ML_ERROR, ML_ERROR_UNSUPPORTED,
                               _("The printer at %s has no print job queue"), self->address);
      return;
    }

  if (data->phase == PHASE_JOBS)
    {
      ml_printer_reading_set_queue_uuid (data->reading, data->queue_uuid);
      ml_printer_reading_set_read_at (data->reading, g_get_real_time () / G_USEC_PER_SEC);
      g_task_return_pointer (task, g_steal_pointer (&data->reading), g_object_unref);
      return;
    }

  advance (data);
  fetch_next (task);
}

static void
on_fetched (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  MlPiwsDriver *self = g_task_get_source_object (task);
  ReadData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  g_clear_pointer (&data->body, g_bytes_unref);
  data->body = ml_http_get_finish (result, &error);
  if (data->body == NULL)
    {
      g_autofree char *path = step_path (data);

      if (error->domain == ML_ERROR)
        g_task_return_new_error (task, error->domain, error->code,
                                 _("The printer at %s sent a bad answer for %s: %s"),
                                 self->address, path, error->message);
      else
        g_task_return_error (task, translate_transport_error (self, path, error));
      return;
    }

  finish_document (task);
}

static void
fetch_next (GTask *task)
{
  MlPiwsDriver *self = g_task_get_source_object (task);
  ReadData *data = g_task_get_task_data (task);
  g_autofree char *path = step_path (data);
  g_autofree char *uri = NULL;
  g_autofree char *host = NULL;

  host = strchr (self->address, ':') ? g_strdup_printf ("[%s]", self->address)
                                     : g_strdup (self->address);
  uri = g_strdup_printf ("https://%s:%u%s", host, self->port, path);

  g_clear_object (&data->message);
  g_clear_pointer (&data->body, g_bytes_unref);

  /* GET only: the collector never changes anything on a printer. */
  data->message = soup_message_new (SOUP_METHOD_GET, uri);
  if (data->message == NULL)
    {
      g_task_return_new_error (task, ML_ERROR, ML_ERROR_INVALID_VALUE,
                               _("\"%s\" is not a printer address"), self->address);
      return;
    }
  if (step_document (data) == ML_PIWS_DOCUMENT_JOB_QUEUE_SNAPSHOT ||
      step_document (data) == ML_PIWS_DOCUMENT_JOB_QUEUE_COLLECTION ||
      step_document (data) == ML_PIWS_DOCUMENT_DEVICE_COUNTERS ||
      step_document (data) == ML_PIWS_DOCUMENT_PAPER_LIST)
    soup_message_headers_append (soup_message_get_request_headers (data->message),
                                 "Accept", "application/xml");
  g_signal_connect_object (data->message, "accept-certificate",
                           G_CALLBACK (on_accept_certificate), self, 0);

  ml_http_get_async (self->session, data->message, MAX_BODY, g_task_get_cancellable (task),
                     on_fetched, g_object_ref (task));
}

void
ml_piws_driver_read_async (MlPiwsDriver        *self,
                           const char          *queue_uuid,
                           gint64               from_modification,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  ReadData *data;

  g_return_if_fail (ML_IS_PIWS_DRIVER (self));
  g_return_if_fail (from_modification >= 0);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ml_piws_driver_read_async);

  data = g_new0 (ReadData, 1);
  data->reading = ml_printer_reading_new ();
  data->queue_uuid = g_strdup (queue_uuid);
  data->from_modification = queue_uuid ? from_modification : 0;
  g_task_set_task_data (task, data, (GDestroyNotify)read_data_free);

  self->certificate_refused = FALSE;
  fetch_next (task);
}

MlPrinterReading *
ml_piws_driver_read_finish (MlPiwsDriver  *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (ML_IS_PIWS_DRIVER (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
