/* ml-syncer.c: the collector's sync with its portal: outbox, uploads, backoff, site config
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A sync is a chain of steps on the caller's main context. Whatever touches the
 * store, the settings or the secrets file runs in a GTask worker thread; uploads are
 * libsoup's asynchronous requests. Bundles go oldest first, one at a time: a
 * portal that refuses one bundle (its answer is about that bundle) does not hold
 * back the others, but one that cannot be reached ends the attempt at once.
 *
 * A bundle is removed only after its receipt verified, by UUID and sequence
 * number. Killed between the portal storing it and the removal, the collector sends
 * it again next time; the portal stores nothing twice and answers with the first
 * receipt, and the bundle leaves then.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "ml-bundle-builder.h"
#include "ml-portal-client.h"
#include "ml-syncer.h"

#define FAILURES_KEY "sync_failures"
#define NEXT_ATTEMPT_KEY "sync_next_attempt"
#define LAST_SYNC_KEY "sync_last"
#define MAX_BACKOFF_MINUTES 60

struct _MlSyncer
{
  GObject parent_instance;

  MlCollectorConfig *config;
  MlCollectorStore *store;
  guint timeout_s;
  guint max_jobs;
};

G_DEFINE_FINAL_TYPE (MlSyncer, ml_syncer, G_TYPE_OBJECT)

/* The portal's names for the collector's keys. */
static const struct {
  const char *member;
  const char *key;
} managed_keys[] = {
  { "ranges", "ranges" },
  { "polling_interval", "polling-interval" },
  { "user_names", "user-names" },
};

typedef struct
{
  MlSyncer *syncer;             /* the source of the sync's task, which outlives this */
  MlSyncFlags flags;
  char *config_path;
  MlProxyMode proxy_mode;
  char *proxy_host;
  guint proxy_port;
  char *proxy_user;
  gboolean user_names;

  /* Found by the first step. */
  char *site_id;
  char *portal_url;
  char *pin;
  MlSiteKey *key;
  char *proxy_password;
  MlPortalClient *client;

  MlOutboxEntry *entry;         /* the bundle on its way */
  guint64 after_sequence;
  JsonNode *site_config;

  MlSyncSummary *summary;
} Sync;

static void
sync_free (Sync *sync)
{
  g_free (sync->config_path);
  g_free (sync->proxy_host);
  g_free (sync->proxy_user);
  g_free (sync->site_id);
  g_free (sync->portal_url);
  g_free (sync->pin);
  g_clear_pointer (&sync->key, ml_site_key_unref);
  if (sync->proxy_password != NULL)
    memset (sync->proxy_password, 0, strlen (sync->proxy_password));
  g_free (sync->proxy_password);
  g_clear_object (&sync->client);
  g_clear_pointer (&sync->entry, ml_outbox_entry_free);
  g_clear_pointer (&sync->site_config, json_node_unref);
  g_clear_pointer (&sync->summary, ml_sync_summary_free);
  g_free (sync);
}

void
ml_sync_summary_free (MlSyncSummary *summary)
{
  if (summary == NULL)
    return;

  g_free (summary->site);
  g_free (summary->customer);
  g_clear_error (&summary->error);
  g_free (summary);
}

static gint64
now_s (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

gint64
ml_syncer_backoff_delay (guint failures)
{
  if (failures == 0)
    return 0;

  /* 2^(n-1) minutes; past 2^6 the cap holds anyway, and the shift never overflows. */
  if (failures > 7)
    return MAX_BACKOFF_MINUTES * 60;
  return MIN ((gint64) 1 << (failures - 1), MAX_BACKOFF_MINUTES) * 60;
}

/* GObject ---------------------------------------------------------------------------- */

static void
ml_syncer_finalize (GObject *object)
{
  MlSyncer *self = (MlSyncer *)object;

  g_clear_object (&self->config);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (ml_syncer_parent_class)->finalize (object);
}

static void
ml_syncer_class_init (MlSyncerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ml_syncer_finalize;
}

static void
ml_syncer_init (MlSyncer *self)
{
  self->timeout_s = 60;
  self->max_jobs = ML_BUNDLE_BUILDER_MAX_JOBS;
}

MlSyncer *
ml_syncer_new (MlCollectorConfig *config,
               MlCollectorStore  *store)
{
  MlSyncer *self;

  g_return_val_if_fail (ML_IS_COLLECTOR_CONFIG (config), NULL);
  g_return_val_if_fail (ML_IS_COLLECTOR_STORE (store), NULL);

  self = g_object_new (ML_TYPE_SYNCER, NULL);
  self->config = g_object_ref (config);
  self->store = g_object_ref (store);
  return self;
}

void
ml_syncer_set_timeout (MlSyncer *self,
                       guint     seconds)
{
  g_return_if_fail (ML_IS_SYNCER (self));

  self->timeout_s = seconds;
}

void
ml_syncer_set_max_jobs (MlSyncer *self,
                        guint     max_jobs)
{
  g_return_if_fail (ML_IS_SYNCER (self));
  g_return_if_fail (max_jobs > 0);

  self->max_jobs = max_jobs;
}

/* The site's configuration ------------------------------------------------------------ */

/* The managed keys and their values from a GET /api/v1/site/config answer. */
static gboolean
managed_settings (JsonNode    *site_config,
                  GStrv       *out_keys,
                  GStrv       *out_values,
                  GError     **error)
{
  g_autoptr(GStrvBuilder) keys = g_strv_builder_new ();
  g_autoptr(GStrvBuilder) values = g_strv_builder_new ();
  JsonObject *config;
  JsonNode *member;

  if (site_config == NULL || !JSON_NODE_HOLDS_OBJECT (site_config) ||
      !(member = json_object_get_member (json_node_get_object (site_config), "config")) ||
      !JSON_NODE_HOLDS_OBJECT (member))
    {
      g_set_error (error, ML_ERROR, ML_ERROR_MALFORMED,
                   _("The portal's site configuration is not an object"));
      return FALSE;
    }
  config = json_node_get_object (member);

  for (guint i = 0; i < G_N_ELEMENTS (managed_keys); i++)
    {
      JsonNode *value = json_object_get_member (config, managed_keys[i].member);
      g_autofree char *text = NULL;

      /* Absent or null: the reseller leaves it to the technician. */
      if (value == NULL || JSON_NODE_HOLDS_NULL (value))
        continue;

      if (JSON_NODE_HOLDS_VALUE (value) && json_node_get_value_type (value) == G_TYPE_STRING)
        text = g_strdup (json_node_get_string (value));
      else if (JSON_NODE_HOLDS_VALUE (value) && json_node_get_value_type (value) == G_TYPE_INT64)
        text = g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (value));
      else if (JSON_NODE_HOLDS_VALUE (value) &&
               json_node_get_value_type (value) == G_TYPE_BOOLEAN)
        text = g_strdup (json_node_get_boolean (value) ? "true" : "false");
      else
        {
          g_set_error (error, ML_ERROR, ML_ERROR_WRONG_TYPE,
                       _("The portal's setting “%s” has a value of the wrong type"),
                       managed_keys[i].member);
          return FALSE;
        }

      g_strv_builder_add (keys, managed_keys[i].key);
      g_strv_builder_add (values, text);
    }

  *out_keys = g_strv_builder_end (keys);
  *out_values = g_strv_builder_end (values);
  return TRUE;
}

gboolean
ml_syncer_apply_site_config (MlCollectorConfig  *config,
                             JsonNode           *site_config,
                             gboolean           *out_changed,
                             GError            **error)
{
  g_auto(GStrv) keys = NULL;
  g_auto(GStrv) values = NULL;
  gboolean changed = FALSE;

  g_return_val_if_fail (ML_IS_COLLECTOR_CONFIG (config), FALSE);
  g_return_val_if_fail (site_config != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (out_changed != NULL)
    *out_changed = FALSE;

  if (!managed_settings (site_config, &keys, &values, error) ||
      !ml_collector_config_set_managed (config, (const char * const *) keys,
                                        (const char * const *) values, &changed, error))
    {
      g_prefix_error (error, _("The portal's site configuration cannot be applied: "));
      return FALSE;
    }

  if (changed && !ml_collector_config_save (config, error))
    return FALSE;

  if (out_changed != NULL)
    *out_changed = changed;
  return TRUE;
}

/* Steps -------------------------------------------------------------------------------- */

static void next_bundle (GTask *task);
static void fetch_config (GTask *task);
static void finish (GTask *task);

/* Runs @func in a worker thread with the sync's data; @callback gets the sync's task
 * back as its user data. The step has no source object: a worker thread lets go of
 * its task a moment after the callback ran, and must not keep the syncer (and with
 * it the store) alive beyond the sync. */
static void
run_step (GTask               *task,
          GTaskThreadFunc      func,
          GAsyncReadyCallback  callback)
{
  g_autoptr(GTask) step = NULL;

  step = g_task_new (NULL, NULL, callback, g_object_ref (task));
  g_task_set_source_tag (step, func);
  g_task_set_task_data (step, g_task_get_task_data (task), NULL);
  g_task_run_in_thread (step, func);
}

/* Notes @error as the sync's error, the first one winning. */
static void
note_error (Sync   *sync,
            GError *error)
{
  if (sync->summary->error == NULL)
    sync->summary->error = error;
  else
    g_error_free (error);
}

static void
finish_thread (GTask        *step,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  Sync *sync = task_data;
  MlSyncer *self = sync->syncer;
  MlSyncSummary *summary = sync->summary;
  gint64 failures = 0;
  GError *error = NULL;

  if (!ml_collector_store_get_outbox_size (self->store, &summary->waiting,
                                           &summary->waiting_bytes, &error) ||
      !ml_collector_store_get_schedule (self->store, FAILURES_KEY, &failures, &error))
    {
      g_task_return_error (step, error);
      return;
    }

  /* A deferred sync tried nothing: it neither failed nor succeeded. */
  if (summary->deferred)
    {
      summary->failures = (guint) CLAMP (failures, 0, G_MAXUINT);
      if (!ml_collector_store_get_schedule (self->store, NEXT_ATTEMPT_KEY,
                                            &summary->next_attempt, &error))
        {
          g_task_return_error (step, error);
          return;
        }
    }
  else if (summary->error != NULL)
    {
      summary->failures = (guint) CLAMP (failures + 1, 1, G_MAXUINT);
      summary->next_attempt = now_s () + ml_syncer_backoff_delay (summary->failures);
    }
  else
    {
      summary->failures = 0;
      summary->next_attempt = 0;
    }

  if (!summary->deferred &&
      (!ml_collector_store_set_schedule (self->store, FAILURES_KEY, summary->failures,
                                         &error) ||
       !ml_collector_store_set_schedule (self->store, NEXT_ATTEMPT_KEY, summary->next_attempt,
                                         &error) ||
       (summary->error == NULL &&
        !ml_collector_store_set_schedule (self->store, LAST_SYNC_KEY, now_s (), &error))))
    {
      g_task_return_error (step, error);
      return;
    }

  g_task_return_boolean (step, TRUE);
}

static void
on_finished (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Sync *sync = g_task_get_task_data (task);
  GError *error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_task_return_error (task, error);
      return;
    }

  g_task_return_pointer (task, g_steal_pointer (&sync->summary),
                         (GDestroyNotify) ml_sync_summary_free);
}

static void
finish (GTask *task)
{
  GCancellable *cancellable = g_task_get_cancellable (task);
  GError *error = NULL;

  if (g_cancellable_set_error_if_cancelled (cancellable, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  run_step (task, finish_thread, on_finished);
}

/* The site's configuration, applied to the settings file: the file is the truth,
 * read again now, so that a technician's change since the sync began is kept. */
static void
apply_config_thread (GTask        *step,
                     gpointer      source_object,
                     gpointer      task_data,
                     GCancellable *cancellable)
{
  Sync *sync = task_data;
  g_autoptr(MlCollectorConfig) config = NULL;
  GError *error = NULL;

  if (!(config = ml_collector_config_load (sync->config_path, &error)) ||
      !ml_syncer_apply_site_config (config, sync->site_config, &sync->summary->config_changed,
                                    &error))
    g_task_return_error (step, error);
  else
    g_task_return_boolean (step, TRUE);
}

static void
on_config_applied (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  MlSyncer *self = g_task_get_source_object (task);
  Sync *sync = g_task_get_task_data (task);
  g_auto(GStrv) keys = NULL;
  g_auto(GStrv) values = NULL;
  GError *error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    note_error (sync, error);
  /* The caller's settings object follows the file, on its own main context, so
   * that whoever shows them hears of the change. */
  else if (managed_settings (sync->site_config, &keys, &values, NULL))
    ml_collector_config_set_managed (self->config, (const char * const *) keys,
                                     (const char * const *) values, NULL, NULL);
  finish (task);
}

static void
on_config_fetched (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Sync *sync = g_task_get_task_data (task);
  GError *error = NULL;
  JsonObject *site;

  sync->site_config = ml_portal_client_fetch_config_finish (ML_PORTAL_CLIENT (object), result,
                                                           &error);
  if (sync->site_config == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_task_return_error (task, error);
          return;
        }
      note_error (sync, error);
      finish (task);
      return;
    }

  site = json_node_get_object (sync->site_config);
  sync->summary->site = g_strdup (json_object_get_string_member_with_default (site, "site",
                                                                             NULL));
  sync->summary->customer = g_strdup (json_object_get_string_member_with_default (site,
                                                                                 "customer",
                                                                                 NULL));
  run_step (task, apply_config_thread, on_config_applied);
}

static void
fetch_config (GTask *task)
{
  Sync *sync = g_task_get_task_data (task);

  ml_portal_client_fetch_config_async (sync->client, g_task_get_cancellable (task),
                                       on_config_fetched, g_object_ref (task));
}

/* What the portal's answer about one bundle says of the others: a portal that
 * answered about this bundle will answer about the next; one that could not be
 * reached, or whose proxy or certificate is wrong, will not. */
static gboolean
concerns_only_this_bundle (const GError *error)
{
  return g_error_matches (error, ML_ERROR, ML_ERROR_HTTP);
}

static void
removed_thread (GTask        *step,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  Sync *sync = task_data;
  MlSyncer *self = sync->syncer;
  GError *error = NULL;

  if (!ml_collector_store_remove_outbox_entry (self->store, sync->entry->bundle_uuid,
                                               sync->entry->sequence, &error))
    g_task_return_error (step, error);
  else
    g_task_return_boolean (step, TRUE);
}

static void
on_removed (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Sync *sync = g_task_get_task_data (task);
  GError *error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_task_return_error (task, error);
      return;
    }

  sync->summary->bundles_sent++;
  sync->summary->bytes_sent += g_bytes_get_size (sync->entry->bytes);
  sync->summary->jobs_sent += sync->entry->jobs;
  g_clear_pointer (&sync->entry, ml_outbox_entry_free);
  next_bundle (task);
}

static void
attempt_thread (GTask        *step,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  Sync *sync = task_data;
  MlSyncer *self = sync->syncer;
  GError *error = NULL;

  if (!ml_collector_store_record_outbox_attempt (self->store, sync->entry->bundle_uuid, now_s (),
                                                 sync->summary->error != NULL
                                                 ? sync->summary->error->message : NULL,
                                                 &error))
    g_task_return_error (step, error);
  else
    g_task_return_boolean (step, TRUE);
}

static void
on_attempt_recorded (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Sync *sync = g_task_get_task_data (task);
  GError *error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_task_return_error (task, error);
      return;
    }

  g_clear_pointer (&sync->entry, ml_outbox_entry_free);
  if (concerns_only_this_bundle (sync->summary->error))
    next_bundle (task);
  else
    finish (task);
}

static void
on_uploaded (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Sync *sync = g_task_get_task_data (task);
  g_autoptr(MlReceipt) receipt = NULL;
  GError *error = NULL;

  receipt = ml_portal_client_upload_finish (ML_PORTAL_CLIENT (object), result, &error);
  if (receipt == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_task_return_error (task, error);
          return;
        }
      g_prefix_error (&error, _("Bundle %llu was not delivered: "),
                      (unsigned long long) sync->entry->sequence);
      /* The latest refusal is the one to tell, and the one this bundle keeps. */
      g_clear_error (&sync->summary->error);
      sync->summary->error = error;
      run_step (task, attempt_thread, on_attempt_recorded);
      return;
    }

  /* A bundle the portal had already (its first receipt was lost) stored nothing now. */
  if (!receipt->duplicate)
    sync->summary->jobs_stored += receipt->jobs_stored;
  run_step (task, removed_thread, on_removed);
}

static void
next_thread (GTask        *step,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  Sync *sync = task_data;
  MlSyncer *self = sync->syncer;
  GError *error = NULL;

  sync->entry = ml_collector_store_next_outbox_entry (self->store, sync->after_sequence, &error);
  if (error != NULL)
    g_task_return_error (step, error);
  else
    g_task_return_boolean (step, TRUE);
}

static void
on_next (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Sync *sync = g_task_get_task_data (task);
  GError *error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_task_return_error (task, error);
      return;
    }

  if (sync->entry == NULL)
    {
      fetch_config (task);
      return;
    }

  sync->after_sequence = sync->entry->sequence;
  ml_portal_client_upload_async (sync->client, sync->entry->bytes, sync->entry->bundle_uuid,
                                 sync->entry->sequence, g_task_get_cancellable (task),
                                 on_uploaded, g_object_ref (task));
}

static void
next_bundle (GTask *task)
{
  GError *error = NULL;

  if (g_cancellable_set_error_if_cancelled (g_task_get_cancellable (task), &error))
    {
      g_task_return_error (task, error);
      return;
    }
  run_step (task, next_thread, on_next);
}

/* Enrolment, keys and secrets; then what is new goes into the outbox. */
static void
prepare_thread (GTask        *step,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  Sync *sync = task_data;
  MlSyncer *self = sync->syncer;
  g_autoptr(GBytes) secret = NULL;
  g_autoptr(MlBundleBuilder) builder = NULL;
  gint64 next_attempt = 0;
  GError *error = NULL;

  if (!ml_collector_store_get_enrolment (self->store, &sync->site_id, &sync->portal_url,
                                         &sync->pin, &error) ||
      !(secret = ml_collector_config_load_site_secret (self->config, sync->site_id, &error)) ||
      !(sync->key = ml_site_key_new (secret, &error)))
    {
      g_task_return_error (step, error);
      return;
    }

  if (sync->proxy_mode == ML_PROXY_MODE_MANUAL && sync->proxy_user != NULL)
    {
      sync->proxy_password = ml_collector_config_load_proxy_password (self->config, &error);
      if (error != NULL)
        {
          g_task_return_error (step, error);
          return;
        }
    }

  builder = ml_bundle_builder_new (self->store, sync->site_id, sync->key);
  ml_bundle_builder_set_user_names (builder, sync->user_names);
  ml_bundle_builder_set_max_jobs (builder, self->max_jobs);
  if (!ml_bundle_builder_build (builder, now_s (), &sync->summary->bundles_built,
                                &sync->summary->jobs_built, &error) ||
      !ml_collector_store_get_schedule (self->store, NEXT_ATTEMPT_KEY, &next_attempt, &error))
    {
      g_task_return_error (step, error);
      return;
    }

  sync->summary->deferred = !(sync->flags & ML_SYNC_FLAGS_NOW) && next_attempt > now_s ();
  g_task_return_boolean (step, TRUE);
}

static void
on_prepared (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  MlSyncer *self = g_task_get_source_object (task);
  Sync *sync = g_task_get_task_data (task);
  GError *error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_task_return_error (task, error);
      return;
    }

  if (sync->summary->deferred)
    {
      finish (task);
      return;
    }

  sync->client = ml_portal_client_new (sync->portal_url, sync->pin, sync->site_id, sync->key,
                                       &error);
  if (sync->client == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  ml_portal_client_set_proxy (sync->client, sync->proxy_mode, sync->proxy_host, sync->proxy_port,
                              sync->proxy_user, sync->proxy_password);
  ml_portal_client_set_timeout (sync->client, self->timeout_s);
  next_bundle (task);
}

void
ml_syncer_sync_async (MlSyncer            *self,
                      MlSyncFlags          flags,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Sync *sync;

  g_return_if_fail (ML_IS_SYNCER (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ml_syncer_sync_async);

  /* The settings as they are now, copied: the worker threads never touch the
   * caller's object. */
  sync = g_new0 (Sync, 1);
  sync->syncer = self;
  sync->flags = flags;
  sync->config_path = g_strdup (ml_collector_config_get_path (self->config));
  sync->proxy_mode = ml_collector_config_get_proxy_mode (self->config);
  sync->proxy_host = g_strdup (ml_collector_config_get_proxy_host (self->config));
  sync->proxy_port = ml_collector_config_get_proxy_port (self->config);
  sync->proxy_user = g_strdup (ml_collector_config_get_proxy_user (self->config));
  sync->user_names = ml_collector_config_get_user_names (self->config);
  sync->summary = g_new0 (MlSyncSummary, 1);
  g_task_set_task_data (task, sync, (GDestroyNotify) sync_free);

  if (sync->proxy_mode == ML_PROXY_MODE_MANUAL && sync->proxy_host == NULL)
    {
      g_task_return_new_error (task, ML_ERROR, ML_ERROR_INVALID_VALUE,
                               _("proxy-mode is manual, but proxy-host is not set"));
      return;
    }

  run_step (task, prepare_thread, on_prepared);
}

MlSyncSummary *
ml_syncer_sync_finish (MlSyncer      *self,
                       GAsyncResult  *result,
                       GError       **error)
{
  g_return_val_if_fail (ML_IS_SYNCER (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ml_syncer_sync_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
