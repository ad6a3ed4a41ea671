/* ml-collector.c: the collection engine: discover, read, store, one cycle at a time
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A cycle is a chain of steps on the caller's main context: scan, record what the
 * scan found, read the printers a few at a time, store each reading, move the
 * schedule on. Network work is asynchronous; every store call runs in a GTask
 * worker thread, because a store call may wait for the store's mutex or the disk.
 * A cancelled cycle starts nothing new and finishes only when nothing it started is
 * still running, so that its caller may close the store right after.
 *
 * A worker thread lets go of its GTask a moment after the task's callback ran on
 * the main context. So the worker tasks have no source object and hold no
 * reference of their own to the collector or the store: what they need they borrow
 * from the cycle, which the cycle's task keeps alive until their callbacks ran (as
 * in ml-syncer.c). Otherwise the collector, or the store, could be finalized late,
 * in a worker thread, after its owner dropped its last reference.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "ml-collector.h"
#include "ml-piws-driver.h"
#include "ml-scanner.h"
#include "ml-store-lock.h"

struct _MlCollector
{
  GObject parent_instance;

  MlCollectorConfig *config;
  MlCollectorStore *store;
};

G_DEFINE_FINAL_TYPE (MlCollector, ml_collector, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CONFIG,
  PROP_STORE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  PROGRESS,
  PRINTER_READ,
  PRINTER_FAILED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* One printer to read this cycle. */
typedef struct
{
  char *serial;
  char *address;
  guint port;
  char *pin;
  char *queue_uuid;
  gint64 queue_modification;
  gboolean unconfirmed;        /* the scan did not identify it there */
  MlPiwsDriver *driver;
} Target;

/* A printer that failed, before or after its read. */
typedef struct
{
  char *serial;
  GError *error;
} Failure;

typedef struct
{
  MlStoreLock *lock;
  MlCollectorStore *store;
  MlIpRange *ranges;
  guint port;
  guint scan_concurrency;
  guint probe_timeout_ms;
  guint concurrency;
  guint timeout_ms;
  guint polling_interval_min;
  gboolean user_names;

  gint64 started_us;
  gint64 read_started_us;

  MlScanner *scanner;
  gulong scan_progress_id;

  GPtrArray *targets;
  guint next_target;
  guint in_flight;
  guint done;
  gboolean finishing;

  guint found;
  guint read;
  guint new_jobs;
  GHashTable *failures;
} Cycle;

static void pump (GTask *task);

static void
target_free (Target *target)
{
  g_free (target->serial);
  g_free (target->address);
  g_free (target->pin);
  g_free (target->queue_uuid);
  g_clear_object (&target->driver);
  g_free (target);
}

static void
failure_free (Failure *failure)
{
  g_free (failure->serial);
  g_clear_error (&failure->error);
  g_free (failure);
}

static void
cycle_free (Cycle *cycle)
{
  if (cycle->scanner != NULL && cycle->scan_progress_id != 0)
    g_signal_handler_disconnect (cycle->scanner, cycle->scan_progress_id);
  g_clear_object (&cycle->scanner);
  g_clear_object (&cycle->lock);
  g_clear_object (&cycle->store);
  g_clear_pointer (&cycle->ranges, ml_ip_range_unref);
  g_clear_pointer (&cycle->targets, g_ptr_array_unref);
  g_clear_pointer (&cycle->failures, g_hash_table_unref);
  g_free (cycle);
}

static gint64
now_s (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

/* GObject -------------------------------------------------------------------------- */

static void
ml_collector_finalize (GObject *object)
{
  MlCollector *self = (MlCollector *)object;

  g_clear_object (&self->config);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (ml_collector_parent_class)->finalize (object);
}

static void
ml_collector_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  MlCollector *self = ML_COLLECTOR (object);

  switch (prop_id)
    {
    case PROP_CONFIG:
      g_value_set_object (value, self->config);
      break;
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ml_collector_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  MlCollector *self = ML_COLLECTOR (object);

  switch (prop_id)
    {
    case PROP_CONFIG:
      self->config = g_value_dup_object (value);
      break;
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ml_collector_class_init (MlCollectorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ml_collector_finalize;
  object_class->get_property = ml_collector_get_property;
  object_class->set_property = ml_collector_set_property;

  properties[PROP_CONFIG] =
    g_param_spec_object ("config", NULL, NULL, ML_TYPE_COLLECTOR_CONFIG,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS |
                         G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, ML_TYPE_COLLECTOR_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS |
                         G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[PROGRESS] =
    g_signal_new ("progress", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 5, G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE,
                  G_TYPE_UINT, G_TYPE_UINT, G_TYPE_UINT, G_TYPE_INT64);
  signals[PRINTER_READ] =
    g_signal_new ("printer-read", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 2, G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE,
                  ML_TYPE_PRINTER_READING);
  signals[PRINTER_FAILED] =
    g_signal_new ("printer-failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 2, G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE,
                  G_TYPE_ERROR | G_SIGNAL_TYPE_STATIC_SCOPE);
}

static void
ml_collector_init (MlCollector *self)
{
}

MlCollector *
ml_collector_new (MlCollectorConfig *config,
                  MlCollectorStore  *store)
{
  g_return_val_if_fail (ML_IS_COLLECTOR_CONFIG (config), NULL);
  g_return_val_if_fail (ML_IS_COLLECTOR_STORE (store), NULL);

  return g_object_new (ML_TYPE_COLLECTOR, "config", config, "store", store, NULL);
}

MlCollectorConfig *
ml_collector_get_config (MlCollector *self)
{
  g_return_val_if_fail (ML_IS_COLLECTOR (self), NULL);
  return self->config;
}

MlCollectorStore *
ml_collector_get_store (MlCollector *self)
{
  g_return_val_if_fail (ML_IS_COLLECTOR (self), NULL);
  return self->store;
}

gint64
ml_collector_get_next_due (MlCollector *self)
{
  gint64 next_due = 0;

  g_return_val_if_fail (ML_IS_COLLECTOR (self), 0);

  /* A store that cannot say means "now": collecting too early is harmless,
   * never collecting is not. */
  if (!ml_collector_store_get_schedule (self->store, "next_due", &next_due, NULL) ||
      next_due <= 0)
    return now_s ();
  return next_due;
}

/* The end of a cycle ------------------------------------------------------------------ */

static void
return_error (GTask  *task,
              GError *error)
{
  Cycle *cycle = g_task_get_task_data (task);

  /* Before the caller hears of it: it may start the next cycle at once. */
  g_clear_object (&cycle->lock);
  g_task_return_error (task, error);
}

static void
schedule_thread (GTask        *thread_task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  Cycle *cycle = task_data;
  gint64 now = now_s ();
  GError *error = NULL;

  if (!ml_collector_store_set_schedule (cycle->store, "last_cycle", now, &error) ||
      !ml_collector_store_set_schedule (cycle->store, "next_due",
                                        now + (gint64) cycle->polling_interval_min * 60, &error))
    g_task_return_error (thread_task, error);
  else
    g_task_return_boolean (thread_task, TRUE);
}

static void
on_scheduled (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Cycle *cycle = g_task_get_task_data (task);
  GError *error = NULL;
  gint64 duration_ms;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      return_error (task, error);
      return;
    }

  duration_ms = (g_get_monotonic_time () - cycle->started_us) / 1000;
  g_clear_object (&cycle->lock);
  g_task_return_pointer (task,
                         _ml_cycle_summary_new (cycle->found, cycle->read, cycle->new_jobs,
                                                duration_ms, cycle->failures),
                         g_object_unref);
}

static void
finish_cycle (GTask *task)
{
  Cycle *cycle = g_task_get_task_data (task);
  g_autoptr(GTask) thread_task = NULL;
  GError *error = NULL;

  g_assert (!cycle->finishing);
  cycle->finishing = TRUE;

  /* A cancelled cycle leaves the schedule alone: it was not done. */
  if (g_cancellable_set_error_if_cancelled (g_task_get_cancellable (task), &error))
    {
      return_error (task, error);
      return;
    }

  thread_task = g_task_new (NULL, NULL, on_scheduled, g_object_ref (task));
  g_task_set_source_tag (thread_task, schedule_thread);
  g_task_set_task_data (thread_task, cycle, NULL);
  g_task_run_in_thread (thread_task, schedule_thread);
}

/* Failures -------------------------------------------------------------------------- */

static void
note_failure (GTask        *task,
              const char   *serial,
              const GError *error)
{
  MlCollector *self = g_task_get_source_object (task);
  Cycle *cycle = g_task_get_task_data (task);

  g_hash_table_replace (cycle->failures, g_strdup (serial), g_strdup (error->message));
  g_signal_emit (self, signals[PRINTER_FAILED], 0, serial, error);
}

typedef struct
{
  MlCollectorStore *store;     /* the cycle's */
  GPtrArray *failures;         /* Failure */
} FailureRecord;

static void
failure_record_free (FailureRecord *record)
{
  g_clear_pointer (&record->failures, g_ptr_array_unref);
  g_free (record);
}

/* Records every failure of the record in the store. A store that cannot take the
 * record changes nothing for the cycle: the failure is reported all the same. */
static void
record_failures_thread (GTask        *thread_task,
                        gpointer      source_object,
                        gpointer      task_data,
                        GCancellable *cancellable)
{
  FailureRecord *record = task_data;
  gint64 now = now_s ();

  for (guint i = 0; i < record->failures->len; i++)
    {
      Failure *failure = g_ptr_array_index (record->failures, i);

      ml_collector_store_record_failure (record->store, failure->serial,
                                         failure->error->message, now, NULL);
    }
  g_task_return_boolean (thread_task, TRUE);
}

/* @callback gets the task back as its user data, and @failures as the worker
 * task's task data (a FailureRecord). */
static void
record_failures_async (GTask               *task,
                       GPtrArray           *failures,
                       GAsyncReadyCallback  callback)
{
  Cycle *cycle = g_task_get_task_data (task);
  g_autoptr(GTask) thread_task = NULL;
  FailureRecord *record = g_new0 (FailureRecord, 1);

  record->store = cycle->store;
  record->failures = g_ptr_array_ref (failures);
  thread_task = g_task_new (NULL, NULL, callback, g_object_ref (task));
  g_task_set_source_tag (thread_task, record_failures_thread);
  g_task_set_task_data (thread_task, record, (GDestroyNotify) failure_record_free);
  g_task_run_in_thread (thread_task, record_failures_thread);
}

/* Reading ---------------------------------------------------------------------------- */

static void
emit_read_progress (GTask *task)
{
  MlCollector *self = g_task_get_source_object (task);
  Cycle *cycle = g_task_get_task_data (task);
  guint total = cycle->targets->len;
  gint64 eta_ms = -1;

  if (cycle->done > 0)
    eta_ms = (g_get_monotonic_time () - cycle->read_started_us) / 1000
             * (total - cycle->done) / cycle->done;
  g_signal_emit (self, signals[PROGRESS], 0, "read", cycle->done, total, cycle->found, eta_ms);
}

static void
printer_done (GTask *task)
{
  Cycle *cycle = g_task_get_task_data (task);

  cycle->done++;
  cycle->in_flight--;
  emit_read_progress (task);
  pump (task);
}

static void
on_read_failure_recorded (GObject      *object,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  FailureRecord *record = g_task_get_task_data (G_TASK (result));
  Failure *failure = g_ptr_array_index (record->failures, 0);

  note_failure (task, failure->serial, failure->error);
  printer_done (task);
}

static void
read_failed (GTask      *task,
             const char *serial,
             GError     *error)
{
  g_autoptr(GPtrArray) failures = g_ptr_array_new_with_free_func ((GDestroyNotify) failure_free);
  Failure *failure = g_new0 (Failure, 1);

  failure->serial = g_strdup (serial);
  failure->error = error;
  g_ptr_array_add (failures, failure);
  record_failures_async (task, failures, on_read_failure_recorded);
}

typedef struct
{
  MlCollectorStore *store;     /* the cycle's */
  Target *target;
  MlPrinterReading *reading;
  guint new_jobs;
} Save;

static void
save_free (Save *save)
{
  g_clear_object (&save->reading);
  g_free (save);
}

static void
save_thread (GTask        *thread_task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  Save *save = task_data;
  GError *error = NULL;

  if (!ml_collector_store_save_reading (save->store, save->target->serial,
                                        save->target->address, save->target->port,
                                        save->reading, now_s (), &save->new_jobs, &error))
    g_task_return_error (thread_task, error);
  else
    g_task_return_boolean (thread_task, TRUE);
}

static void
on_saved (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  MlCollector *self = g_task_get_source_object (task);
  Cycle *cycle = g_task_get_task_data (task);
  Save *save = g_task_get_task_data (G_TASK (result));
  GError *error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      read_failed (task, save->target->serial, error);
      return;
    }

  cycle->read++;
  cycle->new_jobs += save->new_jobs;
  g_signal_emit (self, signals[PRINTER_READ], 0, save->target->serial, save->reading);
  printer_done (task);
}

/* A site that keeps no user names never lets one reach the store. */
static void
forget_user_names (MlPrinterReading *reading)
{
  GListModel *jobs = ml_printer_reading_get_jobs (reading);
  guint n = g_list_model_get_n_items (jobs);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(MlJob) job = g_list_model_get_item (jobs, i);

      ml_job_set_user_name (job, NULL);
    }
}

typedef struct
{
  GTask *task;
  Target *target;
} ReadOp;

static void
on_read (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  ReadOp *op = user_data;
  g_autoptr(GTask) task = op->task;
  Target *target = op->target;
  Cycle *cycle = g_task_get_task_data (task);
  g_autoptr(MlPrinterReading) reading = NULL;
  g_autoptr(GTask) thread_task = NULL;
  GError *error = NULL;
  Save *save;

  g_free (op);

  reading = ml_piws_driver_read_finish (ML_PIWS_DRIVER (object), result, &error);
  g_clear_object (&target->driver);
  if (reading == NULL)
    {
      /* Cancelled: the printer did nothing wrong, so nothing is recorded. */
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_error_free (error);
          cycle->in_flight--;
          pump (task);
          return;
        }
      if (target->unconfirmed && g_error_matches (error, ML_ERROR, ML_ERROR_UNREACHABLE))
        {
          GError *not_found = g_error_new (ML_ERROR, ML_ERROR_UNREACHABLE,
                                           _("Not found at its address %s: %s"),
                                           target->address, error->message);

          g_error_free (error);
          error = not_found;
        }
      read_failed (task, target->serial, error);
      return;
    }

  if (!cycle->user_names)
    forget_user_names (reading);

  save = g_new0 (Save, 1);
  save->store = cycle->store;
  save->target = target;
  save->reading = g_steal_pointer (&reading);

  /* Not cancellable: a reading in hand is stored even when the cycle stops. */
  thread_task = g_task_new (NULL, NULL, on_saved, g_object_ref (task));
  g_task_set_source_tag (thread_task, save_thread);
  g_task_set_task_data (thread_task, save, (GDestroyNotify) save_free);
  g_task_run_in_thread (thread_task, save_thread);
}

static void
start_read (GTask  *task,
            Target *target)
{
  Cycle *cycle = g_task_get_task_data (task);
  ReadOp *op = g_new0 (ReadOp, 1);

  target->driver = ml_piws_driver_new (target->address, target->port, target->pin);
  ml_piws_driver_set_timeout (target->driver, cycle->timeout_ms);
  op->task = g_object_ref (task);
  op->target = target;
  cycle->in_flight++;
  ml_piws_driver_read_async (target->driver, target->queue_uuid, target->queue_modification,
                             g_task_get_cancellable (task), on_read, op);
}

static void
pump (GTask *task)
{
  Cycle *cycle = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);
  gboolean cancelled = g_cancellable_is_cancelled (cancellable);

  while (!cancelled && cycle->in_flight < cycle->concurrency &&
         cycle->next_target < cycle->targets->len)
    start_read (task, g_ptr_array_index (cycle->targets, cycle->next_target++));

  if (cycle->in_flight == 0 && !cycle->finishing &&
      (cancelled || cycle->next_target == cycle->targets->len))
    finish_cycle (task);
}

static void
start_reading (GTask *task)
{
  Cycle *cycle = g_task_get_task_data (task);

  cycle->read_started_us = g_get_monotonic_time ();
  emit_read_progress (task);
  pump (task);
}

/* Recording what the scan found ------------------------------------------------------ */

typedef struct
{
  MlCollectorStore *store;     /* the cycle's */
  GPtrArray *results;
  GHashTable *errors;        /* serial → GError of recording it */
  GPtrArray *printers;       /* MlStoredPrinter, as the store knows them after */
} Recording;

static void
recording_free (Recording *recording)
{
  g_clear_pointer (&recording->results, g_ptr_array_unref);
  g_clear_pointer (&recording->errors, g_hash_table_unref);
  g_clear_pointer (&recording->printers, g_ptr_array_unref);
  g_free (recording);
}

static void
record_thread (GTask        *thread_task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  Recording *recording = task_data;
  gint64 now = now_s ();
  GError *error = NULL;

  for (guint i = 0; i < recording->results->len; i++)
    {
      MlScanResult *result = g_ptr_array_index (recording->results, i);
      MlIdentity *identity = ml_scan_result_get_identity (result);
      const char *serial;

      if (identity == NULL)
        continue;
      serial = ml_identity_get_serial_number (identity);
      if (serial == NULL || *serial == '\0')
        continue;

      /* A changed certificate is recorded as pending and comes back as an error. */
      if (!ml_collector_store_record_identity (recording->store,
                                               ml_scan_result_get_address (result),
                                               ml_scan_result_get_port (result), identity,
                                               ml_scan_result_get_cert_sha256 (result),
                                               ml_scan_result_get_supported (result),
                                               ml_scan_result_get_reason (result), now, &error))
        g_hash_table_replace (recording->errors, g_strdup (serial), g_steal_pointer (&error));
    }

  recording->printers = ml_collector_store_list_printers (recording->store, &error);
  if (recording->printers == NULL)
    g_task_return_error (thread_task, error);
  else
    g_task_return_boolean (thread_task, TRUE);
}

static void
on_planned_failures_recorded (GObject      *object,
                              GAsyncResult *result,
                              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  FailureRecord *record = g_task_get_task_data (G_TASK (result));

  for (guint i = 0; i < record->failures->len; i++)
    {
      Failure *failure = g_ptr_array_index (record->failures, i);

      note_failure (task, failure->serial, failure->error);
    }
  start_reading (task);
}

static Target *
target_new (MlStoredPrinter *printer,
            const char      *address,
            guint            port)
{
  Target *target = g_new0 (Target, 1);

  target->serial = g_strdup (ml_stored_printer_get_serial (printer));
  target->address = g_strdup (address);
  target->port = port;
  target->pin = g_strdup (ml_stored_printer_get_cert_sha256 (printer));
  target->queue_uuid = g_strdup (ml_stored_printer_get_queue_uuid (printer));
  target->queue_modification = target->queue_uuid != NULL
                               ? MAX (0, ml_stored_printer_get_queue_modification (printer))
                               : 0;
  return target;
}

static gboolean
address_in_range (MlIpRange  *ranges,
                  const char *address)
{
  g_autoptr(GInetAddress) inet = NULL;

  if (address == NULL || (inet = g_inet_address_new_from_string (address)) == NULL)
    return FALSE;
  return ml_ip_range_contains (ranges, inet);
}

/* Decides, from what the scan found and what the store knows, which printers are
 * read and which have failed already. Every known supported printer whose last
 * address is in the ranges is one or the other. */
static GPtrArray *
plan (Cycle     *cycle,
      Recording *recording)
{
  g_autoptr(GHashTable) identified = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) responders = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) failures = g_ptr_array_new_with_free_func ((GDestroyNotify) failure_free);

  for (guint i = 0; i < recording->results->len; i++)
    {
      MlScanResult *result = g_ptr_array_index (recording->results, i);
      MlIdentity *identity = ml_scan_result_get_identity (result);
      const char *serial = identity != NULL ? ml_identity_get_serial_number (identity) : NULL;

      g_hash_table_insert (responders, (gpointer) ml_scan_result_get_address (result), result);
      /* A printer seen at two addresses (IPv4 and IPv6) is read once. */
      if (serial != NULL && *serial != '\0' && !g_hash_table_contains (identified, serial))
        g_hash_table_insert (identified, (gpointer) serial, result);
    }

  for (guint i = 0; i < recording->printers->len; i++)
    {
      MlStoredPrinter *printer = g_ptr_array_index (recording->printers, i);
      const char *serial = ml_stored_printer_get_serial (printer);
      const char *address = ml_stored_printer_get_address (printer);
      const GError *recorded = g_hash_table_lookup (recording->errors, serial);
      MlScanResult *result = g_hash_table_lookup (identified, serial);
      MlScanResult *responder;
      Failure *failure;
      Target *target;

      if (!ml_stored_printer_get_supported (printer))
        continue;

      if (result == NULL && !address_in_range (cycle->ranges, address))
        continue;

      if (recorded != NULL)
        {
          failure = g_new0 (Failure, 1);
          failure->serial = g_strdup (serial);
          if (g_error_matches (recorded, ML_ERROR, ML_ERROR_CERTIFICATE_CHANGED))
            failure->error =
              g_error_new (ML_ERROR, ML_ERROR_CERTIFICATE_CHANGED,
                           _("The printer's certificate changed; expected SHA-256 %s, found "
                             "%s. It is not collected until a technician accepts the new "
                             "certificate."),
                           ml_stored_printer_get_cert_sha256 (printer),
                           ml_stored_printer_get_pending_cert_sha256 (printer));
          else
            failure->error = g_error_copy (recorded);
          g_ptr_array_add (failures, failure);
          continue;
        }

      if (result != NULL)
        {
          g_ptr_array_add (cycle->targets,
                           target_new (printer, ml_scan_result_get_address (result),
                                       ml_scan_result_get_port (result)));
          continue;
        }

      /* Another printer answers at its address now: it moved, and was not found
       * anywhere in the ranges. */
      responder = g_hash_table_lookup (responders, address);
      if (responder != NULL && ml_scan_result_get_identity (responder) != NULL)
        {
          failure = g_new0 (Failure, 1);
          failure->serial = g_strdup (serial);
          failure->error =
            g_error_new (ML_ERROR, ML_ERROR_UNREACHABLE,
                         _("Not found at its address %s: printer %s answers there now"),
                         address,
                         ml_identity_get_serial_number (ml_scan_result_get_identity (responder)));
          g_ptr_array_add (failures, failure);
          continue;
        }

      /* Not identified by the scan: switched off, or answering too slowly or
       * wrongly (HTTP 500, a broken document). Reading it costs only its own
       * timeout and tells the technician which, and the store refuses a reading
       * of another printer. */
      target = target_new (printer, address, cycle->port);
      target->unconfirmed = TRUE;
      g_ptr_array_add (cycle->targets, target);
    }

  return g_steal_pointer (&failures);
}

static void
on_recorded (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Cycle *cycle = g_task_get_task_data (task);
  Recording *recording = g_task_get_task_data (G_TASK (result));
  g_autoptr(GPtrArray) failures = NULL;
  GError *error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      return_error (task, error);
      return;
    }
  if (g_cancellable_set_error_if_cancelled (g_task_get_cancellable (task), &error))
    {
      return_error (task, error);
      return;
    }

  failures = plan (cycle, recording);
  if (failures->len > 0)
    record_failures_async (task, failures, on_planned_failures_recorded);
  else
    start_reading (task);
}

/* Scanning ---------------------------------------------------------------------------- */

static void
on_scan_progress (MlScanner *scanner,
                  guint      done,
                  guint      total,
                  guint      found,
                  gint64     eta_ms,
                  gpointer   user_data)
{
  GTask *task = user_data;

  g_signal_emit (g_task_get_source_object (task), signals[PROGRESS], 0, "scan", done, total,
                 found, eta_ms);
}

static void
on_scanned (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Cycle *cycle = g_task_get_task_data (task);
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GTask) thread_task = NULL;
  Recording *recording;
  GError *error = NULL;

  g_clear_signal_handler (&cycle->scan_progress_id, cycle->scanner);
  results = ml_scanner_scan_finish (ML_SCANNER (object), result, &error);
  if (results == NULL)
    {
      return_error (task, error);
      return;
    }

  for (guint i = 0; i < results->len; i++)
    if (ml_scan_result_get_identity (g_ptr_array_index (results, i)) != NULL)
      cycle->found++;

  recording = g_new0 (Recording, 1);
  recording->store = cycle->store;
  recording->results = g_ptr_array_ref (results);
  recording->errors = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                             (GDestroyNotify) g_error_free);

  /* Not cancellable: what was found is worth recording. */
  thread_task = g_task_new (NULL, NULL, on_recorded, g_object_ref (task));
  g_task_set_source_tag (thread_task, record_thread);
  g_task_set_task_data (thread_task, recording, (GDestroyNotify) recording_free);
  g_task_run_in_thread (thread_task, record_thread);
}

void
ml_collector_collect_async (MlCollector         *self,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(MlStoreLock) lock = NULL;
  g_autoptr(MlIpRange) ranges = NULL;
  GError *error = NULL;
  Cycle *cycle;

  g_return_if_fail (ML_IS_COLLECTOR (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ml_collector_collect_async);

  /* At once, not after the scan: the other collection may be this same app. */
  lock = ml_store_lock_acquire (ml_collector_store_get_path (self->store), &error);
  if (lock == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  ranges = ml_collector_config_dup_ranges (self->config);
  if (ranges == NULL || ml_ip_range_get_count (ranges) == 0)
    {
      g_task_return_new_error (task, ML_ERROR, ML_ERROR_INVALID_VALUE,
                               _("No address ranges are configured: the collector does not "
                                 "know where to look for printers"));
      return;
    }

  cycle = g_new0 (Cycle, 1);
  cycle->lock = g_steal_pointer (&lock);
  cycle->store = g_object_ref (self->store);
  cycle->ranges = g_steal_pointer (&ranges);
  cycle->port = ml_collector_config_get_port (self->config);
  cycle->scan_concurrency = ml_collector_config_get_scan_concurrency (self->config);
  cycle->probe_timeout_ms = ml_collector_config_get_probe_timeout (self->config);
  cycle->concurrency = MAX (1, ml_collector_config_get_concurrency (self->config));
  cycle->timeout_ms = ml_collector_config_get_timeout (self->config);
  cycle->polling_interval_min = ml_collector_config_get_polling_interval (self->config);
  cycle->user_names = ml_collector_config_get_user_names (self->config);
  cycle->started_us = g_get_monotonic_time ();
  cycle->targets = g_ptr_array_new_with_free_func ((GDestroyNotify) target_free);
  cycle->failures = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_task_set_task_data (task, cycle, (GDestroyNotify) cycle_free);

  cycle->scanner = ml_scanner_new ();
  ml_scanner_set_port (cycle->scanner, cycle->port);
  ml_scanner_set_concurrency (cycle->scanner, cycle->scan_concurrency);
  ml_scanner_set_timeout (cycle->scanner, cycle->probe_timeout_ms);
  cycle->scan_progress_id = g_signal_connect (cycle->scanner, "progress",
                                              G_CALLBACK (on_scan_progress), task);
  ml_scanner_scan_async (cycle->scanner, cycle->ranges, cancellable, on_scanned,
                         g_object_ref (task));
}

MlCycleSummary *
ml_collector_collect_finish (MlCollector   *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (ML_IS_COLLECTOR (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ml_collector_collect_async,
                        NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
