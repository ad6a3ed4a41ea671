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
  GBytes *site_secret;          /* the caller's, or NULL: the secrets file's */
  char *proxy_password;         /* the caller's, or NULL: the secrets file's */
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

/* How the portal is reached: the settings and the caller's secrets, copied on the
 * caller's main context, so that worker threads never touch the caller's objects;
 * the proxy's password is found in a worker thread (find_proxy_password()). */
typedef struct
{
  MlProxyMode proxy_mode;
  char *proxy_host;
  guint proxy_port;
  char *proxy_user;
  GBytes *given_secret;         /* ml_syncer_set_secrets()'s, or NULL: the secrets file's */
  char *given_password;
  char *proxy_password;
} Reach;

static void
wipe_string (char *text)
{
  if (text != NULL)
    memset (text, 0, strlen (text));
  g_free (text);
}

static void
reach_clear (Reach *reach)
{
  g_clear_pointer (&reach->proxy_host, g_free);
  g_clear_pointer (&reach->proxy_user, g_free);
  g_clear_pointer (&reach->given_secret, g_bytes_unref);
  g_clear_pointer (&reach->given_password, wipe_string);
  g_clear_pointer (&reach->proxy_password, wipe_string);
}

typedef struct
{
  MlSyncer *syncer;             /* the source of the sync's task, which outlives this */
  MlSyncFlags flags;
  char *config_path;
  gboolean user_names;
  Reach reach;

  /* Found by the first step. */
  char *site_id;
  char *portal_url;
  char *pin;
  MlSiteKey *key;
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
  reach_clear (&sync->reach);
  g_free (sync->site_id);
  g_free (sync->portal_url);
  g_free (sync->pin);
  g_clear_pointer (&sync->key, ml_site_key_unref);
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
  g_clear_pointer (&self->site_secret, g_bytes_unref);
  g_clear_pointer (&self->proxy_password, wipe_string);

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

void
ml_syncer_set_secrets (MlSyncer   *self,
                       GBytes     *site_secret,
                       const char *proxy_password)
{
  g_return_if_fail (ML_IS_SYNCER (self));

  g_clear_pointer (&self->site_secret, g_bytes_unref);
  if (site_secret != NULL)
    self->site_secret = g_bytes_ref (site_secret);
  g_clear_pointer (&self->proxy_password, wipe_string);
  self->proxy_password = g_strdup (proxy_password);
}

gboolean
ml_syncer_get_last_sync (MlSyncer  *self,
                         gint64    *out_time,
                         GError   **error)
{
  g_return_val_if_fail (ML_IS_SYNCER (self), FALSE);
  g_return_val_if_fail (out_time != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return ml_collector_store_get_schedule (self->store, LAST_SYNC_KEY, out_time, error);
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

/* Reaching the portal ------------------------------------------------------------------ */

static gboolean
reach_init (Reach     *reach,
            MlSyncer  *self,
            GError   **error)
{
  reach->proxy_mode = ml_collector_config_get_proxy_mode (self->config);
  reach->proxy_host = g_strdup (ml_collector_config_get_proxy_host (self->config));
  reach->proxy_port = ml_collector_config_get_proxy_port (self->config);
  reach->proxy_user = g_strdup (ml_collector_config_get_proxy_user (self->config));
  if (self->site_secret != NULL)
    reach->given_secret = g_bytes_ref (self->site_secret);
  reach->given_password = g_strdup (self->proxy_password);

  if (reach->proxy_mode == ML_PROXY_MODE_MANUAL && reach->proxy_host == NULL)
    {
      g_set_error_literal (error, ML_ERROR, ML_ERROR_INVALID_VALUE,
                           _("proxy-mode is manual, but proxy-host is not set"));
      return FALSE;
    }
  return TRUE;
}

/* The site's secret: the caller's, else the secrets file's. In a worker thread. */
static GBytes *
find_site_secret (Reach       *reach,
                  MlSyncer    *self,
                  const char  *site_id,
                  GError     **error)
{
  if (reach->given_secret != NULL)
    return g_bytes_ref (reach->given_secret);
  return ml_collector_config_load_site_secret (self->config, site_id, error);
}

/* The manual proxy's password, when it has a user: the caller's ("" for none),
 * else the secrets file's. In a worker thread. */
static gboolean
find_proxy_password (Reach     *reach,
                     MlSyncer  *self,
                     GError   **error)
{
  GError *local_error = NULL;

  if (reach->proxy_mode != ML_PROXY_MODE_MANUAL || reach->proxy_user == NULL)
    return TRUE;

  if (reach->given_password != NULL)
    {
      reach->proxy_password = *reach->given_password != '\0' ? g_strdup (reach->given_password)
                                                              : NULL;
      return TRUE;
    }

  reach->proxy_password = ml_collector_config_load_proxy_password (self->config, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  return TRUE;
}

static MlPortalClient *
reach_new_client (Reach       *reach,
                  MlSyncer    *self,
                  const char  *portal_url,
                  const char  *pin,
                  const char  *site_id,
                  MlSiteKey   *key,
                  GError     **error)
{
  MlPortalClient *client;

  client = ml_portal_client_new (portal_url, pin, site_id, key, error);
  if (client == NULL)
    return NULL;
  ml_portal_client_set_proxy (client, reach->proxy_mode, reach->proxy_host, reach->proxy_port,
                              reach->proxy_user, reach->proxy_password);
  ml_portal_client_set_timeout (client, self->timeout_s);
  return client;
}

/* Steps -------------------------------------------------------------------------------- */

static void next_bundle (GTask *task);
static void fetch_config (GTask *task);
static void finish (GTask *task);

/* Whether the step of @result went well; if not, @task ends with its error. */
static gboolean
step_succeeded (GTask        *task,
                GAsyncResult *result)
{
  GError *error = NULL;

  if (g_task_propagate_boolean (G_TASK (result), &error))
    return TRUE;
  g_task_return_error (task, error);
  return FALSE;
}

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

typedef void (*StepNextFunc) (GTask *task);

typedef struct
{
  GTask *task;
  StepNextFunc next;
} StepThen;

static void
on_step_then (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  StepThen *then = user_data;
  g_autoptr(GTask) task = then->task;
  StepNextFunc next = then->next;

  g_free (then);
  if (!step_succeeded (task, result))
    return;
  next (task);
}

/* Runs @func as run_step() does; its error ends @task, else @next goes on with it. */
static void
run_step_then (GTask           *task,
               GTaskThreadFunc  func,
               StepNextFunc     next)
{
  g_autoptr(GTask) step = NULL;
  StepThen *then = g_new0 (StepThen, 1);

  then->task = g_object_ref (task);
  then->next = next;
  step = g_task_new (NULL, NULL, on_step_then, then);
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

  if (!step_succeeded (task, result))
    return;

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
 * read again now, so that a technician's change since the sync began is kept. In a
 * worker thread. */
static gboolean
apply_config_file (const char  *config_path,
                   JsonNode    *site_config,
                   gboolean    *out_changed,
                   GError     **error)
{
  g_autoptr(MlCollectorConfig) config = NULL;

  return (config = ml_collector_config_load (config_path, error)) != NULL &&
         ml_syncer_apply_site_config (config, site_config, out_changed, error);
}

/* The caller's settings object follows the file, on its own main context, so that
 * whoever shows them hears of the change. */
static void
follow_config_file (MlSyncer *self,
                    JsonNode *site_config)
{
  g_auto(GStrv) keys = NULL;
  g_auto(GStrv) values = NULL;

  if (managed_settings (site_config, &keys, &values, NULL))
    ml_collector_config_set_managed (self->config, (const char * const *) keys,
                                     (const char * const *) values, NULL, NULL);
}

static void
apply_config_thread (GTask        *step,
                     gpointer      source_object,
                     gpointer      task_data,
                     GCancellable *cancellable)
{
  Sync *sync = task_data;
  GError *error = NULL;

  if (!apply_config_file (sync->config_path, sync->site_config, &sync->summary->config_changed,
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
  Sync *sync = g_task_get_task_data (task);
  GError *error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    note_error (sync, error);
  else
    follow_config_file (g_task_get_source_object (task), sync->site_config);
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

  if (!step_succeeded (task, result))
    return;

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

  if (!step_succeeded (task, result))
    return;

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

  if (!step_succeeded (task, result))
    return;

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
      !(secret = find_site_secret (&sync->reach, self, sync->site_id, &error)) ||
      !(sync->key = ml_site_key_new (secret, &error)) ||
      !find_proxy_password (&sync->reach, self, &error))
    {
      g_task_return_error (step, error);
      return;
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

  if (!step_succeeded (task, result))
    return;

  if (sync->summary->deferred)
    {
      finish (task);
      return;
    }

  sync->client = reach_new_client (&sync->reach, self, sync->portal_url, sync->pin,
                                   sync->site_id, sync->key, &error);
  if (sync->client == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
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
  GError *error = NULL;
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
  sync->user_names = ml_collector_config_get_user_names (self->config);
  sync->summary = g_new0 (MlSyncSummary, 1);
  g_task_set_task_data (task, sync, (GDestroyNotify) sync_free);

  if (!reach_init (&sync->reach, self, &error))
    {
      g_task_return_error (task, error);
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

/* Enrolment ---------------------------------------------------------------------------- */

typedef struct
{
  MlSyncer *syncer;             /* the source of the enrolment's task, which outlives this */
  MlEnrolmentCode *code;        /* a copy */
  MlSiteKey *key;               /* the code's */
  MlSecretKeeper *keeper;       /* NULL: the secrets file */
  char *config_path;
  Reach reach;

  MlPortalClient *client;
  GBytes *old_secret;           /* the enrolled site's, when the code is for it too */
  JsonNode *site_config;

  MlEnrolSummary *summary;
} Enrol;

static void
enrol_free (Enrol *enrol)
{
  g_clear_pointer (&enrol->code, ml_enrolment_code_free);
  g_clear_pointer (&enrol->key, ml_site_key_unref);
  g_clear_object (&enrol->keeper);
  g_free (enrol->config_path);
  reach_clear (&enrol->reach);
  g_clear_object (&enrol->client);
  g_clear_pointer (&enrol->old_secret, g_bytes_unref);
  g_clear_pointer (&enrol->site_config, json_node_unref);
  g_clear_pointer (&enrol->summary, ml_enrol_summary_free);
  g_free (enrol);
}

void
ml_enrol_summary_free (MlEnrolSummary *summary)
{
  if (summary == NULL)
    return;

  g_free (summary->site);
  g_free (summary->customer);
  g_free (summary->portal_url);
  g_clear_error (&summary->config_error);
  g_free (summary);
}

/* Applies the portal's site configuration to the settings file and then to the
 * caller's settings object; a failure does not undo the enrolment. */
static void
enrol_applied (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  MlSyncer *self = g_task_get_source_object (task);
  Enrol *enrol = g_task_get_task_data (task);

  if (g_task_propagate_boolean (G_TASK (result), &enrol->summary->config_error))
    follow_config_file (self, enrol->site_config);

  /* The caller keeps the secrets: the one it gave is not the site's any more. */
  if (self->site_secret != NULL)
    {
      g_bytes_unref (self->site_secret);
      self->site_secret = g_bytes_ref (enrol->code->secret);
    }

  g_task_return_pointer (task, g_steal_pointer (&enrol->summary),
                         (GDestroyNotify) ml_enrol_summary_free);
}

static void
enrol_apply_thread (GTask        *step,
                    gpointer      source_object,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  Enrol *enrol = task_data;
  GError *error = NULL;

  if (!apply_config_file (enrol->config_path, enrol->site_config,
                          &enrol->summary->config_changed, &error))
    g_task_return_error (step, error);
  else
    g_task_return_boolean (step, TRUE);
}

static void
enrol_apply_config (GTask *task)
{
  run_step (task, enrol_apply_thread, enrol_applied);
}

/* The secret is kept: now the store may say it is enrolled. */
static void
enrol_record_thread (GTask        *step,
                     gpointer      source_object,
                     gpointer      task_data,
                     GCancellable *cancellable)
{
  Enrol *enrol = task_data;
  MlCollectorStore *store = enrol->syncer->store;
  GError *error = NULL;

  if (!ml_collector_store_set_enrolment (store, enrol->code->site_id, enrol->code->portal_url,
                                         enrol->code->cert_sha256, &error))
    g_task_return_error (step, error);
  else
    g_task_return_boolean (step, TRUE);
}

static void
enrol_record (GTask *task)
{
  run_step_then (task, enrol_record_thread, enrol_apply_config);
}

static void
on_enrol_secret_kept (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!ml_secret_keeper_save_site_secret_finish (ML_SECRET_KEEPER (object), result, &error))
    g_task_return_error (task, error);
  else
    enrol_record (task);
}

static void
enrol_save_file_thread (GTask        *step,
                        gpointer      source_object,
                        gpointer      task_data,
                        GCancellable *cancellable)
{
  Enrol *enrol = task_data;
  GError *error = NULL;

  if (!ml_collector_config_save_site_secret (enrol->syncer->config, enrol->code->site_id,
                                             enrol->code->secret, &error))
    g_task_return_error (step, error);
  else
    g_task_return_boolean (step, TRUE);
}

static void
enrol_save_secret (GTask *task)
{
  Enrol *enrol = g_task_get_task_data (task);

  if (enrol->keeper != NULL)
    ml_secret_keeper_save_site_secret_async (enrol->keeper, enrol->code->site_id,
                                             enrol->code->secret, g_task_get_cancellable (task),
                                             on_enrol_secret_kept, g_object_ref (task));
  else
    run_step_then (task, enrol_save_file_thread, enrol_record);
}

/* Waiting bundles were sealed with the old secret; the portal knows only the new
 * one now. One sealed with the new key already (an enrolment cut short) stays. */
typedef struct
{
  MlSiteKey *old_key;
  MlSiteKey *new_key;
} Reseal;

static GBytes *
reseal_bundle (GBytes    *bundle,
               gpointer   user_data,
               GError   **error)
{
  Reseal *reseal = user_data;
  g_autoptr(MlBundleHeader) header = NULL;
  g_autoptr(JsonNode) payload = NULL;
  g_autoptr(GError) local_error = NULL;

  payload = ml_bundle_open (reseal->new_key, bundle, NULL, NULL);
  if (payload != NULL)
    return g_bytes_ref (bundle);

  payload = ml_bundle_open (reseal->old_key, bundle, &header, &local_error);
  if (payload == NULL)
    {
      g_set_error (error, local_error->domain, local_error->code,
                   _("A bundle in the outbox cannot be sealed with the new secret: %s"),
                   local_error->message);
      return NULL;
    }
  return ml_bundle_seal (reseal->new_key, header, payload, error);
}

/* Resealed before the secret is saved: should saving fail, the resealed bundles
 * still go once it is, and enrolling again mends the rest. */
static void
enrol_reseal_thread (GTask        *step,
                     gpointer      source_object,
                     gpointer      task_data,
                     GCancellable *cancellable)
{
  Enrol *enrol = task_data;
  g_autoptr(MlSiteKey) old_key = NULL;
  Reseal reseal;
  GError *error = NULL;

  if (!(old_key = ml_site_key_new (enrol->old_secret, &error)))
    {
      g_task_return_error (step, error);
      return;
    }
  reseal.old_key = old_key;
  reseal.new_key = enrol->key;
  if (!ml_collector_store_reseal_outbox (enrol->syncer->store, reseal_bundle, &reseal, &error))
    g_task_return_error (step, error);
  else
    g_task_return_boolean (step, TRUE);
}

static void
on_enrol_fetched (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Enrol *enrol = g_task_get_task_data (task);
  GError *error = NULL;
  JsonObject *site;

  /* Refused or not reached: nothing was stored. */
  enrol->site_config = ml_portal_client_fetch_config_finish (ML_PORTAL_CLIENT (object), result,
                                                            &error);
  if (enrol->site_config == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  site = json_node_get_object (enrol->site_config);
  enrol->summary->site = g_strdup (json_object_get_string_member_with_default (site, "site",
                                                                              NULL));
  enrol->summary->customer = g_strdup (json_object_get_string_member_with_default (site,
                                                                                  "customer",
                                                                                  NULL));
  enrol->summary->portal_url = g_strdup (ml_portal_client_get_url (enrol->client));

  if (enrol->summary->resealed)
    run_step_then (task, enrol_reseal_thread, enrol_save_secret);
  else
    enrol_save_secret (task);
}

static void
on_enrol_prepared (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  MlSyncer *self = g_task_get_source_object (task);
  Enrol *enrol = g_task_get_task_data (task);
  GError *error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error) ||
      !(enrol->client = reach_new_client (&enrol->reach, self, enrol->code->portal_url,
                                          enrol->code->cert_sha256, enrol->code->site_id,
                                          enrol->key, &error)))
    {
      g_task_return_error (task, error);
      return;
    }

  ml_portal_client_fetch_config_async (enrol->client, g_task_get_cancellable (task),
                                       on_enrol_fetched, g_object_ref (task));
}

/* The proxy's password, and what this collector was enrolled in before. */
static void
enrol_prepare_thread (GTask        *step,
                      gpointer      source_object,
                      gpointer      task_data,
                      GCancellable *cancellable)
{
  Enrol *enrol = task_data;
  MlSyncer *self = enrol->syncer;
  g_autofree char *current_site = NULL;
  g_autoptr(GError) local_error = NULL;
  GError *error = NULL;

  if (!find_proxy_password (&enrol->reach, self, &error))
    {
      g_task_return_error (step, error);
      return;
    }

  if (!ml_collector_store_get_enrolment (self->store, &current_site, NULL, NULL, &local_error))
    {
      if (!g_error_matches (local_error, ML_ERROR, ML_ERROR_NOT_FOUND))
        {
          g_task_return_error (step, g_steal_pointer (&local_error));
          return;
        }
      g_task_return_boolean (step, TRUE);
      return;
    }

  enrol->summary->site_changed = g_strcmp0 (current_site, enrol->code->site_id) != 0;
  /* No old secret to be found: nothing waits that it sealed, or nothing can be done. */
  if (!enrol->summary->site_changed)
    {
      enrol->old_secret = find_site_secret (&enrol->reach, self, current_site, NULL);
      enrol->summary->resealed = enrol->old_secret != NULL &&
                                 !g_bytes_equal (enrol->old_secret, enrol->code->secret);
    }
  g_task_return_boolean (step, TRUE);
}

void
ml_syncer_enroll_async (MlSyncer              *self,
                        const MlEnrolmentCode *code,
                        MlSecretKeeper        *keeper,
                        GCancellable          *cancellable,
                        GAsyncReadyCallback    callback,
                        gpointer               user_data)
{
  g_autoptr(GTask) task = NULL;
  GError *error = NULL;
  Enrol *enrol;

  g_return_if_fail (ML_IS_SYNCER (self));
  g_return_if_fail (code != NULL && code->site_id != NULL && code->portal_url != NULL &&
                    code->secret != NULL);
  g_return_if_fail (keeper == NULL || ML_IS_SECRET_KEEPER (keeper));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ml_syncer_enroll_async);

  enrol = g_new0 (Enrol, 1);
  enrol->syncer = self;
  enrol->code = g_new0 (MlEnrolmentCode, 1);
  enrol->code->portal_url = g_strdup (code->portal_url);
  enrol->code->site_id = g_strdup (code->site_id);
  enrol->code->secret = g_bytes_ref (code->secret);
  enrol->code->cert_sha256 = g_strdup (code->cert_sha256);
  enrol->keeper = keeper != NULL ? g_object_ref (keeper) : NULL;
  enrol->config_path = g_strdup (ml_collector_config_get_path (self->config));
  enrol->summary = g_new0 (MlEnrolSummary, 1);
  g_task_set_task_data (task, enrol, (GDestroyNotify) enrol_free);

  if (!(enrol->key = ml_site_key_new (code->secret, &error)) ||
      !reach_init (&enrol->reach, self, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  run_step (task, enrol_prepare_thread, on_enrol_prepared);
}

MlEnrolSummary *
ml_syncer_enroll_finish (MlSyncer      *self,
                         GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (ML_IS_SYNCER (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ml_syncer_enroll_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
