/* ml-bundle-builder.c: what changed in the collector's store, sealed into the outbox
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The store decides what changed and moves its watermarks in the transaction that
 * inserts the bundle; this file only says how a change is spelled and seals it, from
 * inside that transaction. The store seals again with fewer changes until the
 * bundle fits the target size; the builder only learns from each bundle how many
 * jobs the next may hold, so that a large backlog is not gathered and compressed
 * whole for every bundle.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "ml-bundle-builder.h"
#include "ml-counter-event.h"

struct _MlBundleBuilder
{
  GObject parent_instance;

  MlCollectorStore *store;
  char *site_id;
  MlSiteKey *key;
  gboolean user_names;
  guint max_jobs;
  gsize target_size;
};

G_DEFINE_FINAL_TYPE (MlBundleBuilder, ml_bundle_builder, G_TYPE_OBJECT)

static void
ml_bundle_builder_finalize (GObject *object)
{
  MlBundleBuilder *self = (MlBundleBuilder *)object;

  g_clear_object (&self->store);
  g_clear_pointer (&self->site_id, g_free);
  g_clear_pointer (&self->key, ml_site_key_unref);

  G_OBJECT_CLASS (ml_bundle_builder_parent_class)->finalize (object);
}

static void
ml_bundle_builder_class_init (MlBundleBuilderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ml_bundle_builder_finalize;
}

static void
ml_bundle_builder_init (MlBundleBuilder *self)
{
  self->user_names = TRUE;
  self->max_jobs = ML_BUNDLE_BUILDER_MAX_JOBS;
  self->target_size = ML_BUNDLE_TARGET_SIZE;
}

MlBundleBuilder *
ml_bundle_builder_new (MlCollectorStore *store,
                       const char       *site_id,
                       MlSiteKey        *key)
{
  MlBundleBuilder *self;

  g_return_val_if_fail (ML_IS_COLLECTOR_STORE (store), NULL);
  g_return_val_if_fail (site_id != NULL && *site_id != '\0', NULL);
  g_return_val_if_fail (key != NULL, NULL);

  self = g_object_new (ML_TYPE_BUNDLE_BUILDER, NULL);
  self->store = g_object_ref (store);
  self->site_id = g_strdup (site_id);
  self->key = ml_site_key_ref (key);
  return self;
}

void
ml_bundle_builder_set_user_names (MlBundleBuilder *self,
                                  gboolean         user_names)
{
  g_return_if_fail (ML_IS_BUNDLE_BUILDER (self));

  self->user_names = !!user_names;
}

void
ml_bundle_builder_set_max_jobs (MlBundleBuilder *self,
                                guint            max_jobs)
{
  g_return_if_fail (ML_IS_BUNDLE_BUILDER (self));
  g_return_if_fail (max_jobs > 0);

  self->max_jobs = max_jobs;
}

void
ml_bundle_builder_set_target_size (MlBundleBuilder *self,
                                   gsize            target_size)
{
  g_return_if_fail (ML_IS_BUNDLE_BUILDER (self));
  g_return_if_fail (target_size > 0);

  self->target_size = target_size;
}

/* The payload ----------------------------------------------------------------------- */

static void
set_time_or_null (JsonObject *object,
                  const char *key,
                  gint64      unix_seconds)
{
  g_autofree char *text = unix_seconds > 0 ? ml_units_format_timestamp (unix_seconds) : NULL;

  if (text != NULL)
    json_object_set_string_member (object, key, text);
  else
    json_object_set_null_member (object, key);
}

static JsonNode *
event_to_json (MlCounterEvent *event)
{
  JsonObject *object = json_object_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);
  g_autofree char *at = ml_units_format_timestamp (ml_counter_event_get_at (event));

  /* The store's kind "reset" is the bundle's "counter-reset": a bundle's events may
   * one day be of other kinds. */
  json_object_set_string_member (object, "kind",
                                 g_strcmp0 (ml_counter_event_get_kind (event), "reset") == 0
                                 ? "counter-reset" : ml_counter_event_get_kind (event));
  json_object_set_string_member (object, "counter", ml_counter_event_get_counter (event));
  if (at != NULL)
    json_object_set_string_member (object, "at", at);
  json_object_set_int_member (object, "before", ml_counter_event_get_before (event));
  json_object_set_int_member (object, "after", ml_counter_event_get_after (event));
  json_node_take_object (node, object);
  return node;
}

static JsonNode *
printer_to_json (MlBundleBuilder  *self,
                 MlPrinterChanges *changes)
{
  JsonObject *object = json_object_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  json_object_set_string_member (object, "serial", changes->serial);
  json_object_set_string_member (object, "product_number", changes->product_number);

  if (changes->info_changed)
    {
      if (changes->address != NULL)
        json_object_set_string_member (object, "address", changes->address);
      else
        json_object_set_null_member (object, "address");
      set_time_or_null (object, "last_success", changes->last_success);
      if (changes->last_error != NULL)
        json_object_set_string_member (object, "last_error", changes->last_error);
      else
        json_object_set_null_member (object, "last_error");
    }

  /* The snapshot's members travel together, lists even when empty. */
  if (changes->snapshot != NULL)
    {
      JsonObject *snapshot = json_node_get_object (changes->snapshot);
      g_autoptr(GList) members = json_object_get_members (snapshot);

      for (GList *l = members; l != NULL; l = l->next)
        json_object_set_member (object, l->data,
                                json_node_copy (json_object_get_member (snapshot, l->data)));
    }

  if (changes->counters != NULL)
    json_object_set_member (object, "counters", json_node_copy (changes->counters));

  if (changes->jobs->len > 0)
    {
      JsonArray *jobs = json_array_new ();

      for (guint i = 0; i < changes->jobs->len; i++)
        {
          JsonNode *job = ml_job_to_json (g_ptr_array_index (changes->jobs, i));

          /* Names kept from before the site turned them off do not leave either. */
          if (!self->user_names)
            json_object_remove_member (json_node_get_object (job), "user_name");
          json_array_add_element (jobs, job);
        }
      json_object_set_array_member (object, "jobs", jobs);
    }

  if (changes->events->len > 0)
    {
      JsonArray *events = json_array_new ();

      for (guint i = 0; i < changes->events->len; i++)
        json_array_add_element (events, event_to_json (g_ptr_array_index (changes->events, i)));
      json_object_set_array_member (object, "events", events);
    }

  json_node_take_object (node, object);
  return node;
}

/**
 * ml_bundle_builder_make_payload:
 * @changes: (element-type MlPrinterChanges): what changed
 *
 * Returns: (transfer full): the payload of docs/bundle-format.md
 */
JsonNode *
ml_bundle_builder_make_payload (MlBundleBuilder *self,
                                GPtrArray       *changes,
                                gint64           created_at)
{
  JsonObject *object;
  JsonNode *node;
  JsonArray *printers;
  g_autofree char *created = NULL;

  g_return_val_if_fail (ML_IS_BUNDLE_BUILDER (self), NULL);
  g_return_val_if_fail (changes != NULL, NULL);

  created = ml_units_format_timestamp (created_at);
  object = json_object_new ();
  json_object_set_int_member (object, "format", ML_BUNDLE_FORMAT_VERSION);
  json_object_set_string_member (object, "site_id", self->site_id);
  json_object_set_string_member (object, "collector_version", PACKAGE_VERSION);
  json_object_set_string_member (object, "created_at", created);
  json_object_set_boolean_member (object, "user_names", self->user_names);

  printers = json_array_new ();
  for (guint i = 0; i < changes->len; i++)
    json_array_add_element (printers, printer_to_json (self, g_ptr_array_index (changes, i)));
  json_object_set_array_member (object, "printers", printers);

  node = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (node, object);
  return node;
}

/* Building -------------------------------------------------------------------------- */

static GBytes *
seal_changes (GPtrArray   *changes,
              const char  *bundle_uuid,
              guint64      sequence,
              gint64       created_at,
              gpointer     user_data,
              GError     **error)
{
  MlBundleBuilder *self = user_data;
  g_autoptr(JsonNode) payload = ml_bundle_builder_make_payload (self, changes, created_at);
  MlBundleHeader header = { 0 };

  header.site_id = self->site_id;
  header.bundle_uuid = (char *) bundle_uuid;
  header.sequence = sequence;
  header.created_at = created_at;
  return ml_bundle_seal (self->key, &header, payload, error);
}

/* Jobs to gather for the next bundle after @entry: as many as would fill the target
 * at @entry's bytes per job, and a quarter more, which the store leaves out again
 * when they do not fit. */
static guint
next_job_budget (MlBundleBuilder *self,
                 MlOutboxEntry   *entry)
{
  guint64 size = MAX (g_bytes_get_size (entry->bytes), 1);
  guint64 fill = (guint64) MAX (entry->jobs, 1) * self->target_size / size;

  return (guint) CLAMP (fill + fill / 4, MIN (64, self->max_jobs), self->max_jobs);
}

gboolean
ml_bundle_builder_build (MlBundleBuilder  *self,
                         gint64            now,
                         guint            *out_bundles,
                         guint            *out_jobs,
                         GError          **error)
{
  guint max_jobs;
  guint bundles = 0;
  guint jobs = 0;
  gboolean more = TRUE;

  g_return_val_if_fail (ML_IS_BUNDLE_BUILDER (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  max_jobs = self->max_jobs;
  while (more)
    {
      g_autoptr(MlOutboxEntry) entry = NULL;
      g_autoptr(GError) local_error = NULL;

      if (!ml_collector_store_enqueue_changes (self->store, max_jobs, self->target_size, now,
                                               seal_changes, self, &entry, &more, &local_error))
        {
          g_propagate_prefixed_error (error, g_steal_pointer (&local_error),
                                      _("Cannot put what was collected into the outbox: "));
          if (out_bundles != NULL)
            *out_bundles = bundles;
          if (out_jobs != NULL)
            *out_jobs = jobs;
          return FALSE;
        }
      if (entry == NULL)
        break;

      bundles++;
      jobs += entry->jobs;
      max_jobs = next_job_budget (self, entry);
    }

  if (out_bundles != NULL)
    *out_bundles = bundles;
  if (out_jobs != NULL)
    *out_jobs = jobs;
  return TRUE;
}

typedef struct
{
  MlBundleBuilder *builder;    /* the task's source object, which outlives the worker */
  guint bundles;
  guint jobs;
} BuildResult;

static void
build_thread (GTask        *thread_task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  BuildResult *result = task_data;
  GError *error = NULL;

  if (!ml_bundle_builder_build (result->builder, g_get_real_time () / G_USEC_PER_SEC,
                                &result->bundles, &result->jobs, &error))
    g_task_return_error (thread_task, error);
  else
    g_task_return_boolean (thread_task, TRUE);
}

static void
on_build_done (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

void
ml_bundle_builder_build_async (MlBundleBuilder     *self,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GTask) thread_task = NULL;
  BuildResult *result;

  g_return_if_fail (ML_IS_BUNDLE_BUILDER (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ml_bundle_builder_build_async);
  result = g_new0 (BuildResult, 1);
  result->builder = self;
  g_task_set_task_data (task, result, g_free);

  /* The worker's task has no source object: a worker thread lets go of its task a
   * moment after the callback ran, and must not keep the builder (and with it the
   * store) alive beyond the build. Not cancellable: what was collected is worth
   * sealing even when the caller stops waiting. */
  thread_task = g_task_new (NULL, NULL, on_build_done, g_object_ref (task));
  g_task_set_source_tag (thread_task, build_thread);
  g_task_set_task_data (thread_task, result, NULL);
  g_task_run_in_thread (thread_task, build_thread);
}

gboolean
ml_bundle_builder_build_finish (MlBundleBuilder  *self,
                                GAsyncResult     *result,
                                guint            *out_bundles,
                                guint            *out_jobs,
                                GError          **error)
{
  BuildResult *build;

  g_return_val_if_fail (ML_IS_BUNDLE_BUILDER (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ml_bundle_builder_build_async,
                        FALSE);

  build = g_task_get_task_data (G_TASK (result));
  if (out_bundles != NULL)
    *out_bundles = build->bundles;
  if (out_jobs != NULL)
    *out_jobs = build->jobs;
  return g_task_propagate_boolean (G_TASK (result), error);
}
