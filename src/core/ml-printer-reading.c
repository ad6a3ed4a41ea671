/* ml-printer-reading.c: everything read from one printer at one moment
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "ml-alert.h"
#include "ml-cartridge.h"
#include "ml-device-event.h"
#include "ml-engine-status.h"
#include "ml-identity.h"
#include "ml-job.h"
#include "ml-media-source.h"
#include "ml-media-type.h"
#include "ml-printer-reading.h"
#include "ml-printhead.h"
#include "ml-units.h"
#include "ml-usage.h"

struct _MlPrinterReading
{
  GObject parent_instance;

  MlIdentity *identity;
  MlEngineStatus *status;
  MlUsage *usage;
  gint64 read_at;
  char *queue_uuid;
  gint64 queue_modification;
  GStrv resources;
  GStrv accessories;

  GListStore *alerts;
  GListStore *printheads;
  GListStore *cartridges;
  GListStore *media_sources;
  GListStore *media_types;
  GListStore *jobs;
  GListStore *events;
};

G_DEFINE_FINAL_TYPE (MlPrinterReading, ml_printer_reading, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_IDENTITY,
  PROP_STATUS,
  PROP_USAGE,
  PROP_READ_AT,
  PROP_QUEUE_UUID,
  PROP_QUEUE_MODIFICATION,
  PROP_RESOURCES,
  PROP_ACCESSORIES,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
ml_printer_reading_dispose (GObject *object)
{
  MlPrinterReading *self = (MlPrinterReading *)object;

  g_clear_object (&self->identity);
  g_clear_object (&self->status);
  g_clear_object (&self->usage);
  g_clear_object (&self->alerts);
  g_clear_object (&self->printheads);
  g_clear_object (&self->cartridges);
  g_clear_object (&self->media_sources);
  g_clear_object (&self->media_types);
  g_clear_object (&self->jobs);
  g_clear_object (&self->events);

  G_OBJECT_CLASS (ml_printer_reading_parent_class)->dispose (object);
}

static void
ml_printer_reading_finalize (GObject *object)
{
  MlPrinterReading *self = (MlPrinterReading *)object;

  g_clear_pointer (&self->queue_uuid, g_free);
  g_clear_pointer (&self->resources, g_strfreev);
  g_clear_pointer (&self->accessories, g_strfreev);

  G_OBJECT_CLASS (ml_printer_reading_parent_class)->finalize (object);
}

static void
ml_printer_reading_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  MlPrinterReading *self = ML_PRINTER_READING (object);

  switch (prop_id)
    {
    case PROP_IDENTITY:
      g_value_set_object (value, self->identity);
      break;

    case PROP_STATUS:
      g_value_set_object (value, self->status);
      break;

    case PROP_USAGE:
      g_value_set_object (value, self->usage);
      break;

    case PROP_READ_AT:
      g_value_set_int64 (value, self->read_at);
      break;

    case PROP_QUEUE_UUID:
      g_value_set_string (value, self->queue_uuid);
      break;

    case PROP_QUEUE_MODIFICATION:
      g_value_set_int64 (value, self->queue_modification);
      break;

    case PROP_RESOURCES:
      g_value_set_boxed (value, self->resources);
      break;

    case PROP_ACCESSORIES:
      g_value_set_boxed (value, self->accessories);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ml_printer_reading_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  MlPrinterReading *self = ML_PRINTER_READING (object);

  switch (prop_id)
    {
    case PROP_READ_AT:
      ml_printer_reading_set_read_at (self, g_value_get_int64 (value));
      break;

    case PROP_QUEUE_UUID:
      ml_printer_reading_set_queue_uuid (self, g_value_get_string (value));
      break;

    case PROP_QUEUE_MODIFICATION:
      ml_printer_reading_set_queue_modification (self, g_value_get_int64 (value));
      break;

    case PROP_RESOURCES:
      ml_printer_reading_set_resources (self, g_value_get_boxed (value));
      break;

    case PROP_ACCESSORIES:
      ml_printer_reading_set_accessories (self, g_value_get_boxed (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ml_printer_reading_class_init (MlPrinterReadingClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ml_printer_reading_dispose;
  object_class->finalize = ml_printer_reading_finalize;
  object_class->get_property = ml_printer_reading_get_property;
  object_class->set_property = ml_printer_reading_set_property;

  properties[PROP_IDENTITY] =
    g_param_spec_object ("identity", NULL, "Product, model, serial number and firmware",
                         ML_TYPE_IDENTITY,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  properties[PROP_STATUS] =
    g_param_spec_object ("status", NULL, "The print engine's status",
                         ML_TYPE_ENGINE_STATUS,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  properties[PROP_USAGE] =
    g_param_spec_object ("usage", NULL, "The lifetime usage counters",
                         ML_TYPE_USAGE,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  properties[PROP_READ_AT] =
    g_param_spec_int64 ("read-at", NULL, "When the printer was read (Unix seconds, 0 if unknown)",
                        0, G_MAXINT64, 0,
                        (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_QUEUE_UUID] =
    g_param_spec_string ("queue-uuid", NULL, "The UUID of the PIWS job queue the jobs came from",
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_QUEUE_MODIFICATION] =
    g_param_spec_int64 ("queue-modification", NULL, "The job queue's modification number, -1 if unknown",
                        -1, G_MAXINT64, ML_UNKNOWN,
                        (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_RESOURCES] =
    g_param_spec_boxed ("resources", NULL, "Resource URIs the printer announces",
                        G_TYPE_STRV,
                        (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_ACCESSORIES] =
    g_param_spec_boxed ("accessories", NULL, "Installed accessories",
                        G_TYPE_STRV,
                        (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ml_printer_reading_init (MlPrinterReading *self)
{
  self->identity = ml_identity_new ();
  self->status = ml_engine_status_new ();
  self->usage = ml_usage_new ();
  self->queue_modification = ML_UNKNOWN;
  self->alerts = g_list_store_new (ML_TYPE_ALERT);
  self->printheads = g_list_store_new (ML_TYPE_PRINTHEAD);
  self->cartridges = g_list_store_new (ML_TYPE_CARTRIDGE);
  self->media_sources = g_list_store_new (ML_TYPE_MEDIA_SOURCE);
  self->media_types = g_list_store_new (ML_TYPE_MEDIA_TYPE);
  self->jobs = g_list_store_new (ML_TYPE_JOB);
  self->events = g_list_store_new (ML_TYPE_DEVICE_EVENT);
}

MlPrinterReading *
ml_printer_reading_new (void)
{
  return g_object_new (ML_TYPE_PRINTER_READING, NULL);
}

MlIdentity *
ml_printer_reading_get_identity (MlPrinterReading *self)
{
  g_return_val_if_fail (ML_IS_PRINTER_READING (self), NULL);

  return self->identity;
}

MlEngineStatus *
ml_printer_reading_get_status (MlPrinterReading *self)
{
  g_return_val_if_fail (ML_IS_PRINTER_READING (self), NULL);

  return self->status;
}

MlUsage *
ml_printer_reading_get_usage (MlPrinterReading *self)
{
  g_return_val_if_fail (ML_IS_PRINTER_READING (self), NULL);

  return self->usage;
}

gint64
ml_printer_reading_get_read_at (MlPrinterReading *self)
{
  g_return_val_if_fail (ML_IS_PRINTER_READING (self), 0);

  return self->read_at;
}

void
ml_printer_reading_set_read_at (MlPrinterReading *self,
                                gint64 read_at)
{
  g_return_if_fail (ML_IS_PRINTER_READING (self));
  g_return_if_fail (read_at >= 0);

  if (self->read_at == read_at)
    return;

  self->read_at = read_at;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_READ_AT]);
}

const char *
ml_printer_reading_get_queue_uuid (MlPrinterReading *self)
{
  g_return_val_if_fail (ML_IS_PRINTER_READING (self), NULL);

  return self->queue_uuid;
}

void
ml_printer_reading_set_queue_uuid (MlPrinterReading *self,
                                   const char *queue_uuid)
{
  g_return_if_fail (ML_IS_PRINTER_READING (self));

  if (g_strcmp0 (self->queue_uuid, queue_uuid) == 0)
    return;

  g_free (self->queue_uuid);
  self->queue_uuid = g_strdup (queue_uuid);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_QUEUE_UUID]);
}

gint64
ml_printer_reading_get_queue_modification (MlPrinterReading *self)
{
  g_return_val_if_fail (ML_IS_PRINTER_READING (self), ML_UNKNOWN);

  return self->queue_modification;
}

void
ml_printer_reading_set_queue_modification (MlPrinterReading *self,
                                           gint64 queue_modification)
{
  g_return_if_fail (ML_IS_PRINTER_READING (self));
  g_return_if_fail (queue_modification >= ML_UNKNOWN);

  if (self->queue_modification == queue_modification)
    return;

  self->queue_modification = queue_modification;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_QUEUE_MODIFICATION]);
}

static gboolean
strv_equal (const char * const *a,
            const char * const *b)
{
  if (a == NULL || b == NULL)
    return a == b;

  return g_strv_equal (a, b);
}

const char * const *
ml_printer_reading_get_resources (MlPrinterReading *self)
{
  g_return_val_if_fail (ML_IS_PRINTER_READING (self), NULL);

  return (const char * const *) self->resources;
}

void
ml_printer_reading_set_resources (MlPrinterReading   *self,
                                  const char * const *resources)
{
  g_return_if_fail (ML_IS_PRINTER_READING (self));

  if (strv_equal ((const char * const *) self->resources, resources))
    return;

  g_strfreev (self->resources);
  self->resources = g_strdupv ((char **) resources);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RESOURCES]);
}

const char * const *
ml_printer_reading_get_accessories (MlPrinterReading *self)
{
  g_return_val_if_fail (ML_IS_PRINTER_READING (self), NULL);

  return (const char * const *) self->accessories;
}

void
ml_printer_reading_set_accessories (MlPrinterReading   *self,
                                    const char * const *accessories)
{
  g_return_if_fail (ML_IS_PRINTER_READING (self));

  if (strv_equal ((const char * const *) self->accessories, accessories))
    return;

  g_strfreev (self->accessories);
  self->accessories = g_strdupv ((char **) accessories);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACCESSORIES]);
}

GListModel *
ml_printer_reading_get_alerts (MlPrinterReading *self)
{
  g_return_val_if_fail (ML_IS_PRINTER_READING (self), NULL);

  return G_LIST_MODEL (self->alerts);
}

void
ml_printer_reading_add_alert (MlPrinterReading *self,
                              MlAlert *alert)
{
  g_return_if_fail (ML_IS_PRINTER_READING (self));
  g_return_if_fail (ML_IS_ALERT (alert));

  g_list_store_append (self->alerts, alert);
}

GListModel *
ml_printer_reading_get_printheads (MlPrinterReading *self)
{
  g_return_val_if_fail (ML_IS_PRINTER_READING (self), NULL);

  return G_LIST_MODEL (self->printheads);
}

void
ml_printer_reading_add_printhead (MlPrinterReading *self,
                                  MlPrinthead *printhead)
{
  g_return_if_fail (ML_IS_PRINTER_READING (self));
  g_return_if_fail (ML_IS_PRINTHEAD (printhead));

  g_list_store_append (self->printheads, printhead);
}

GListModel *
ml_printer_reading_get_cartridges (MlPrinterReading *self)
{
  g_return_val_if_fail (ML_IS_PRINTER_READING (self), NULL);

  return G_LIST_MODEL (self->cartridges);
}

void
ml_printer_reading_add_cartridge (MlPrinterReading *self,
                                  MlCartridge *cartridge)
{
  g_return_if_fail (ML_IS_PRINTER_READING (self));
  g_return_if_fail (ML_IS_CARTRIDGE (cartridge));

  g_list_store_append (self->cartridges, cartridge);
}

GListModel *
ml_printer_reading_get_media_sources (MlPrinterReading *self)
{
  g_return_val_if_fail (ML_IS_PRINTER_READING (self), NULL);

  return G_LIST_MODEL (self->media_sources);
}

void
ml_printer_reading_add_media_source (MlPrinterReading *self,
                                     MlMediaSource *source)
{
  g_return_if_fail (ML_IS_PRINTER_READING (self));
  g_return_if_fail (ML_IS_MEDIA_SOURCE (source));

  g_list_store_append (self->media_sources, source);
}

GListModel *
ml_printer_reading_get_media_types (MlPrinterReading *self)
{
  g_return_val_if_fail (ML_IS_PRINTER_READING (self), NULL);

  return G_LIST_MODEL (self->media_types);
}

void
ml_printer_reading_add_media_type (MlPrinterReading *self,
                                   MlMediaType *type)
{
  g_return_if_fail (ML_IS_PRINTER_READING (self));
  g_return_if_fail (ML_IS_MEDIA_TYPE (type));

  g_list_store_append (self->media_types, type);
}

GListModel *
ml_printer_reading_get_jobs (MlPrinterReading *self)
{
  g_return_val_if_fail (ML_IS_PRINTER_READING (self), NULL);

  return G_LIST_MODEL (self->jobs);
}

void
ml_printer_reading_add_job (MlPrinterReading *self,
                            MlJob *job)
{
  g_return_if_fail (ML_IS_PRINTER_READING (self));
  g_return_if_fail (ML_IS_JOB (job));

  g_list_store_append (self->jobs, job);
}

GListModel *
ml_printer_reading_get_events (MlPrinterReading *self)
{
  g_return_val_if_fail (ML_IS_PRINTER_READING (self), NULL);

  return G_LIST_MODEL (self->events);
}

void
ml_printer_reading_add_event (MlPrinterReading *self,
                              MlDeviceEvent *event)
{
  g_return_if_fail (ML_IS_PRINTER_READING (self));
  g_return_if_fail (ML_IS_DEVICE_EVENT (event));

  g_list_store_append (self->events, event);
}

/* The lookups hand out borrowed pointers: the list keeps its reference. */

MlCartridge *
ml_printer_reading_lookup_cartridge (MlPrinterReading *self,
                                     int               slot)
{
  GListModel *model;
  guint n_items;

  g_return_val_if_fail (ML_IS_PRINTER_READING (self), NULL);

  model = G_LIST_MODEL (self->cartridges);
  n_items = g_list_model_get_n_items (model);
  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr(MlCartridge) cartridge = g_list_model_get_item (model, i);

      if (ml_cartridge_get_slot (cartridge) == slot)
        return cartridge;
    }

  return NULL;
}

MlMediaType *
ml_printer_reading_lookup_media_type (MlPrinterReading *self,
                                      const char       *id)
{
  GListModel *model;
  guint n_items;

  g_return_val_if_fail (ML_IS_PRINTER_READING (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  model = G_LIST_MODEL (self->media_types);
  n_items = g_list_model_get_n_items (model);
  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr(MlMediaType) type = g_list_model_get_item (model, i);

      if (g_strcmp0 (ml_media_type_get_id (type), id) == 0)
        return type;
    }

  return NULL;
}

MlJob *
ml_printer_reading_lookup_job (MlPrinterReading *self,
                               const char       *uuid)
{
  GListModel *model;
  guint n_items;

  g_return_val_if_fail (ML_IS_PRINTER_READING (self), NULL);
  g_return_val_if_fail (uuid != NULL, NULL);

  model = G_LIST_MODEL (self->jobs);
  n_items = g_list_model_get_n_items (model);
  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr(MlJob) job = g_list_model_get_item (model, i);

      if (g_strcmp0 (ml_job_get_uuid (job), uuid) == 0)
        return job;
    }

  return NULL;
}
