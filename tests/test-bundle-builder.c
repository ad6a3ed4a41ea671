/* test-bundle-builder.c: what goes from the collector's store into the outbox
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A simulated fleet is collected into a store in a temporary folder; bundles are
 * built into its outbox and opened again with the site's key, so each case reads
 * exactly what the portal would. Only what changed goes in; nothing changed, no
 * bundle; the watermarks move only with the bundle that carries the changes; user
 * names stay home when the site says so; a large backlog becomes several bundles in
 * sequence, every job in exactly one of them, none larger than the target size,
 * split between printers and within one printer's jobs.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "ml-bundle-builder.h"
#include "ml-collector.h"
#include "ml-test-collector.h"
#include "ml-test-fleet.h"
#include "ml-test-support.h"

#define CYCLE_DEADLINE_S 120
#define FIRST_ADDRESS "127.0.9.1"
#define RANGES "127.0.9.1-127.0.9.8"
#define SITE_ID "3a9e1f0c-7b2d-4c5e-8f10-2a3b4c5d6e7f"

typedef struct
{
  MlTestFleet *fleet;
  char *dir;
  MlCollectorConfig *config;
  MlCollectorStore *store;
  MlCollector *collector;
  MlSiteKey *key;
  guint64 opened_up_to;       /* the outbox's sequence numbers already opened */
  gsize target_size;          /* the builder's; 0: its default */
  gsize largest;              /* the largest sealed bundle opened */
} Fixture;

static const char * const sim_args[] = { "--queue-depth", "2000", "--history", "24", NULL };
/* Four days of jobs in each queue: a backlog of several target sizes. */
static const char * const backlog_sim_args[] = { "--queue-depth", "5000", "--history", "96",
                                                 NULL };

static void
setup_with (Fixture            *fixture,
            guint               n_printers,
            const char * const *args)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) secret = NULL;
  g_autofree char *config_path = NULL;
  g_autofree char *store_path = NULL;
  g_autofree char *port = NULL;

  fixture->fleet = ml_test_fleet_start (n_printers, FIRST_ADDRESS, 23, args);
  if (fixture->fleet == NULL)
    return;

  fixture->dir = g_dir_make_tmp ("test-bundle-builder-XXXXXX", &error);
  g_assert_no_error (error);
  config_path = g_build_filename (fixture->dir, "collector.conf", NULL);
  store_path = g_build_filename (fixture->dir, "collector.db", NULL);

  fixture->config = ml_collector_config_load (config_path, &error);
  g_assert_no_error (error);
  port = g_strdup_printf ("%u", ml_test_fleet_get_port (fixture->fleet));
  ml_test_collector_set_config (fixture->config, "ranges", RANGES);
  ml_test_collector_set_config (fixture->config, "port", port);
  ml_test_collector_set_config (fixture->config, "probe-timeout", "1000");

  fixture->store = ml_collector_store_open (store_path, &error);
  g_assert_no_error (error);
  fixture->collector = ml_collector_new (fixture->config, fixture->store);

  secret = ml_site_key_generate_secret ();
  fixture->key = ml_site_key_new (secret, &error);
  g_assert_no_error (error);
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  setup_with (fixture, GPOINTER_TO_UINT (data), sim_args);
}

static void
fixture_setup_backlog (Fixture       *fixture,
                       gconstpointer  data)
{
  setup_with (fixture, GPOINTER_TO_UINT (data), backlog_sim_args);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  if (fixture->collector != NULL)
    g_assert_finalize_object (g_steal_pointer (&fixture->collector));
  if (fixture->store != NULL)
    g_assert_finalize_object (g_steal_pointer (&fixture->store));
  g_clear_object (&fixture->config);
  g_clear_pointer (&fixture->key, ml_site_key_unref);
  ml_test_fleet_stop (g_steal_pointer (&fixture->fleet));
  if (fixture->dir != NULL)
    ml_test_remove_tree (fixture->dir);
  g_clear_pointer (&fixture->dir, g_free);
}

/* Helpers ------------------------------------------------------------------------------ */

static void
collect (Fixture *fixture)
{
  g_autoptr(MlCycleSummary) cycle = ml_test_collector_collect (fixture->collector,
                                                               CYCLE_DEADLINE_S);

  g_assert_cmpuint (ml_cycle_summary_get_read (cycle), ==,
                    ml_test_fleet_get_size (fixture->fleet));
}

/* Builds what changed; the number of bundles made. */
static guint
build (Fixture  *fixture,
       gboolean  user_names,
       guint     max_jobs)
{
  g_autoptr(MlBundleBuilder) builder = NULL;
  g_autoptr(GError) error = NULL;
  guint bundles = 0;

  builder = ml_bundle_builder_new (fixture->store, SITE_ID, fixture->key);
  ml_bundle_builder_set_user_names (builder, user_names);
  if (max_jobs > 0)
    ml_bundle_builder_set_max_jobs (builder, max_jobs);
  if (fixture->target_size > 0)
    ml_bundle_builder_set_target_size (builder, fixture->target_size);
  ml_bundle_builder_build (builder, g_get_real_time () / G_USEC_PER_SEC, &bundles, NULL, &error);
  g_assert_no_error (error);
  g_assert_finalize_object (g_steal_pointer (&builder));
  return bundles;
}

/* The payloads of the bundles built since the last call, in sequence, each checked
 * against its outbox entry and header. */
static GPtrArray *
open_new_bundles (Fixture *fixture)
{
  GPtrArray *payloads = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);

  for (;;)
    {
      g_autoptr(MlOutboxEntry) entry = NULL;
      g_autoptr(MlBundleHeader) header = NULL;
      g_autoptr(GError) error = NULL;
      JsonNode *payload;
      JsonArray *printers;
      guint jobs = 0;

      entry = ml_collector_store_next_outbox_entry (fixture->store, fixture->opened_up_to,
                                                    &error);
      g_assert_no_error (error);
      if (entry == NULL)
        return payloads;

      /* Numbered without gaps. */
      g_assert_cmpuint (entry->sequence, ==, fixture->opened_up_to + 1);
      g_assert_cmpuint (g_bytes_get_size (entry->bytes), <=,
                        fixture->target_size > 0 ? fixture->target_size
                                                 : ML_BUNDLE_TARGET_SIZE);
      fixture->largest = MAX (fixture->largest, g_bytes_get_size (entry->bytes));
      payload = ml_bundle_open (fixture->key, entry->bytes, &header, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (header->bundle_uuid, ==, entry->bundle_uuid);
      g_assert_cmpuint (header->sequence, ==, entry->sequence);
      g_assert_cmpstr (header->site_id, ==, SITE_ID);
      g_assert_cmpstr (json_object_get_string_member (json_node_get_object (payload), "site_id"),
                       ==, SITE_ID);

      printers = json_object_get_array_member (json_node_get_object (payload), "printers");
      g_assert_cmpuint (json_array_get_length (printers), ==, entry->printers);
      for (guint i = 0; i < json_array_get_length (printers); i++)
        {
          JsonObject *printer = json_array_get_object_element (printers, i);

          if (json_object_has_member (printer, "jobs"))
            jobs += json_array_get_length (json_object_get_array_member (printer, "jobs"));
        }
      g_assert_cmpuint (jobs, ==, entry->jobs);

      fixture->opened_up_to = entry->sequence;
      g_ptr_array_add (payloads, payload);
    }
}

static JsonObject *
find_printer (JsonNode   *payload,
              const char *serial)
{
  JsonArray *printers = json_object_get_array_member (json_node_get_object (payload), "printers");

  for (guint i = 0; i < json_array_get_length (printers); i++)
    {
      JsonObject *printer = json_array_get_object_element (printers, i);

      if (g_strcmp0 (json_object_get_string_member (printer, "serial"), serial) == 0)
        return printer;
    }
  return NULL;
}

/* uuid → job text, of every job in @payloads; each job at most once per bundle. */
static GHashTable *
bundle_jobs (GPtrArray *payloads,
             guint      first)
{
  GHashTable *jobs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  for (guint b = first; b < payloads->len; b++)
    {
      JsonArray *printers = json_object_get_array_member (
                              json_node_get_object (g_ptr_array_index (payloads, b)), "printers");

      for (guint i = 0; i < json_array_get_length (printers); i++)
        {
          JsonObject *printer = json_array_get_object_element (printers, i);
          JsonArray *array;

          if (!json_object_has_member (printer, "jobs"))
            continue;
          array = json_object_get_array_member (printer, "jobs");
          for (guint j = 0; j < json_array_get_length (array); j++)
            {
              JsonNode *job = json_array_get_element (array, j);
              const char *uuid = json_object_get_string_member (json_node_get_object (job),
                                                                "uuid");

              g_assert_false (g_hash_table_contains (jobs, uuid));
              g_hash_table_insert (jobs, g_strdup (uuid), ml_test_json_text (job));
            }
        }
    }
  return jobs;
}

/* uuid → job text of every job in the store. */
static GHashTable *
store_jobs (Fixture *fixture)
{
  GHashTable *jobs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;

  list = ml_collector_store_list_jobs (fixture->store, NULL, 0, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < list->len; i++)
    {
      MlJob *job = g_ptr_array_index (list, i);
      g_autoptr(JsonNode) node = ml_job_to_json (job);

      g_hash_table_insert (jobs, g_strdup (ml_job_get_uuid (job)), ml_test_json_text (node));
    }
  return jobs;
}

static void
assert_same_jobs (GHashTable *a,
                  GHashTable *b)
{
  GHashTableIter iter;
  gpointer uuid, text;

  g_assert_cmpuint (g_hash_table_size (a), ==, g_hash_table_size (b));
  g_hash_table_iter_init (&iter, a);
  while (g_hash_table_iter_next (&iter, &uuid, &text))
    g_assert_cmpstr (text, ==, g_hash_table_lookup (b, uuid));
}

/* Tests -------------------------------------------------------------------------------- */

/* The first bundle carries everything; the next only what changed; nothing changed,
 * no bundle. */
static void
test_changes (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(GPtrArray) payloads = NULL;
  g_autoptr(GHashTable) first_jobs = NULL;
  g_autoptr(GHashTable) stored = NULL;
  g_autoptr(GHashTable) later_jobs = NULL;
  GHashTableIter iter;
  gpointer uuid, text;
  guint n = 0;

  if (fixture->fleet == NULL)
    return;

  /* Nothing collected, nothing to send. */
  g_assert_cmpuint (build (fixture, TRUE, 0), ==, 0);

  collect (fixture);
  g_assert_cmpuint (build (fixture, TRUE, 0), ==, 1);
  payloads = open_new_bundles (fixture);
  g_assert_cmpuint (payloads->len, ==, 1);

  for (guint i = 0; i < ml_test_fleet_get_size (fixture->fleet); i++)
    {
      JsonObject *printer = find_printer (g_ptr_array_index (payloads, 0),
                                          ml_test_fleet_get_serial (fixture->fleet, i));

      g_assert_nonnull (printer);
      g_assert_nonnull (json_object_get_string_member (printer, "product_number"));
      g_assert_true (json_object_has_member (printer, "address"));
      g_assert_true (json_object_has_member (printer, "last_success"));
      g_assert_true (json_object_has_member (printer, "identity"));
      g_assert_true (json_object_has_member (printer, "status"));
      g_assert_true (json_object_has_member (printer, "cartridges"));
      g_assert_true (json_object_has_member (printer, "alerts"));
      g_assert_true (json_object_has_member (printer, "counters"));
      g_assert_true (json_object_has_member (printer, "jobs"));
    }
  first_jobs = bundle_jobs (payloads, 0);
  stored = store_jobs (fixture);
  g_assert_cmpuint (g_hash_table_size (first_jobs), >, 0);
  assert_same_jobs (first_jobs, stored);

  /* Nothing changed since: no bundle. */
  g_assert_cmpuint (build (fixture, TRUE, 0), ==, 0);
  g_clear_pointer (&payloads, g_ptr_array_unref);
  payloads = open_new_bundles (fixture);
  g_assert_cmpuint (payloads->len, ==, 0);

  /* Collected again with the printers' time standing still: at most the time of
   * the last success changed (not within the same second), and only it travels. */
  collect (fixture);
  g_assert_cmpuint (build (fixture, TRUE, 0), <=, 1);
  g_clear_pointer (&payloads, g_ptr_array_unref);
  payloads = open_new_bundles (fixture);
  for (guint i = 0; i < ml_test_fleet_get_size (fixture->fleet) && payloads->len > 0; i++)
    {
      JsonObject *printer = find_printer (g_ptr_array_index (payloads, 0),
                                          ml_test_fleet_get_serial (fixture->fleet, i));

      if (printer == NULL)
        continue;
      g_assert_true (json_object_has_member (printer, "last_success"));
      g_assert_false (json_object_has_member (printer, "identity"));
      g_assert_false (json_object_has_member (printer, "status"));
      g_assert_false (json_object_has_member (printer, "counters"));
      g_assert_false (json_object_has_member (printer, "jobs"));
      g_assert_false (json_object_has_member (printer, "events"));
    }

  /* Three hours of printing: the new jobs and the changed ones, each once, and
   * nothing that was sent before unchanged. */
  ml_test_fleet_advance (fixture->fleet, 3 * 3600);
  collect (fixture);
  g_assert_cmpuint (build (fixture, TRUE, 0), ==, 1);
  g_clear_pointer (&payloads, g_ptr_array_unref);
  payloads = open_new_bundles (fixture);
  later_jobs = bundle_jobs (payloads, 0);
  g_clear_pointer (&stored, g_hash_table_unref);
  stored = store_jobs (fixture);
  g_assert_cmpuint (g_hash_table_size (later_jobs), >, 0);

  g_hash_table_iter_init (&iter, later_jobs);
  while (g_hash_table_iter_next (&iter, &uuid, &text))
    {
      const char *before = g_hash_table_lookup (first_jobs, uuid);

      g_assert_cmpstr (text, ==, g_hash_table_lookup (stored, uuid));
      g_assert_cmpstr (text, !=, before);
    }
  g_hash_table_iter_init (&iter, stored);
  while (g_hash_table_iter_next (&iter, &uuid, &text))
    {
      /* Every job of the store is in one of the bundles as it is now. */
      if (g_hash_table_contains (later_jobs, uuid))
        continue;
      g_assert_cmpstr (text, ==, g_hash_table_lookup (first_jobs, uuid));
      n++;
    }
  g_assert_cmpuint (n + g_hash_table_size (later_jobs), ==, g_hash_table_size (stored));

  for (guint i = 0; i < ml_test_fleet_get_size (fixture->fleet); i++)
    {
      JsonObject *printer = find_printer (g_ptr_array_index (payloads, 0),
                                          ml_test_fleet_get_serial (fixture->fleet, i));

      /* The counters grew and the ink levels fell. */
      g_assert_nonnull (printer);
      g_assert_true (json_object_has_member (printer, "counters"));
    }
}

static GBytes *
refuse_to_seal (GPtrArray   *changes,
                const char  *bundle_uuid,
                guint64      sequence,
                gint64       created_at,
                gpointer     user_data,
                GError     **error)
{
  guint *calls = user_data;

  (*calls)++;
  g_assert_cmpuint (changes->len, >, 0);
  g_set_error_literal (error, ML_ERROR, ML_ERROR_FAILED, "sealing failed on purpose");
  return NULL;
}

/* A bundle that could not be sealed leaves no trace: no outbox entry, no moved
 * watermark, no sequence number spent; the next bundle carries it all. */
static void
test_atomic (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GPtrArray) payloads = NULL;
  g_autoptr(GHashTable) jobs = NULL;
  g_autoptr(GHashTable) stored = NULL;
  g_autoptr(MlOutboxEntry) entry = NULL;
  g_autoptr(GError) error = NULL;
  gboolean more = TRUE;
  guint calls = 0;
  guint count = 1;

  if (fixture->fleet == NULL)
    return;

  collect (fixture);
  g_assert_false (ml_collector_store_enqueue_changes (fixture->store, 100000, G_MAXSIZE,
                                                      g_get_real_time () / G_USEC_PER_SEC,
                                                      refuse_to_seal, &calls, &entry, &more,
                                                      &error));
  g_assert_error (error, ML_ERROR, ML_ERROR_FAILED);
  g_assert_cmpuint (calls, ==, 1);
  g_assert_null (entry);
  g_assert_false (more);
  g_clear_error (&error);
  ml_collector_store_get_outbox_size (fixture->store, &count, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (count, ==, 0);

  g_assert_cmpuint (build (fixture, TRUE, 0), ==, 1);
  payloads = open_new_bundles (fixture);
  g_assert_cmpuint (payloads->len, ==, 1);
  jobs = bundle_jobs (payloads, 0);
  stored = store_jobs (fixture);
  assert_same_jobs (jobs, stored);
  for (guint i = 0; i < ml_test_fleet_get_size (fixture->fleet); i++)
    {
      JsonObject *printer = find_printer (g_ptr_array_index (payloads, 0),
                                          ml_test_fleet_get_serial (fixture->fleet, i));

      g_assert_true (json_object_has_member (printer, "identity"));
      g_assert_true (json_object_has_member (printer, "counters"));
    }
}

/* With user names off, no job leaves with one, though the store holds them. */
static void
test_user_names (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GPtrArray) payloads = NULL;
  g_autoptr(GHashTable) stored = NULL;
  guint named = 0;
  GHashTableIter iter;
  gpointer text;

  if (fixture->fleet == NULL)
    return;

  collect (fixture);
  stored = store_jobs (fixture);
  g_hash_table_iter_init (&iter, stored);
  while (g_hash_table_iter_next (&iter, NULL, &text))
    if (strstr (text, "\"user_name\"") != NULL)
      named++;
  g_assert_cmpuint (named, >, 0);

  g_assert_cmpuint (build (fixture, FALSE, 0), ==, 1);
  payloads = open_new_bundles (fixture);
  g_assert_false (json_object_get_boolean_member (json_node_get_object (
                    g_ptr_array_index (payloads, 0)), "user_names"));
  {
    g_autoptr(GHashTable) jobs = bundle_jobs (payloads, 0);

    g_assert_cmpuint (g_hash_table_size (jobs), ==, g_hash_table_size (stored));
    g_hash_table_iter_init (&iter, jobs);
    while (g_hash_table_iter_next (&iter, NULL, &text))
      g_assert_null (strstr (text, "\"user_name\""));
  }
}

/* A backlog larger than a bundle may hold becomes several bundles, numbered in
 * sequence, each job in exactly one. */
static void
test_split (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(GPtrArray) payloads = NULL;
  g_autoptr(GHashTable) jobs = NULL;
  g_autoptr(GHashTable) stored = NULL;
  guint bundles;
  const guint max_jobs = 7;

  if (fixture->fleet == NULL)
    return;

  collect (fixture);
  ml_test_fleet_advance (fixture->fleet, 6 * 3600);
  collect (fixture);
  stored = store_jobs (fixture);
  g_assert_cmpuint (g_hash_table_size (stored), >, 3 * max_jobs);

  bundles = build (fixture, TRUE, max_jobs);
  payloads = open_new_bundles (fixture);
  g_assert_cmpuint (bundles, ==, payloads->len);
  g_assert_cmpuint (bundles, >=, (g_hash_table_size (stored) + max_jobs - 1) / max_jobs);
  g_assert_cmpuint (fixture->opened_up_to, ==, bundles);

  for (guint b = 0; b < payloads->len; b++)
    {
      g_autoptr(GHashTable) one = bundle_jobs (payloads, b);

      /* Each bundle alone, and all together: bundle_jobs refuses a job twice. */
      g_assert_cmpuint (g_hash_table_size (one), <=, max_jobs * (payloads->len - b));
    }
  for (guint b = 0; b + 1 < payloads->len; b++)
    {
      JsonArray *printers = json_object_get_array_member (
                              json_node_get_object (g_ptr_array_index (payloads, b)), "printers");
      guint n = 0;

      for (guint i = 0; i < json_array_get_length (printers); i++)
        {
          JsonObject *printer = json_array_get_object_element (printers, i);

          if (json_object_has_member (printer, "jobs"))
            n += json_array_get_length (json_object_get_array_member (printer, "jobs"));
        }
      g_assert_cmpuint (n, <=, max_jobs);
    }

  jobs = bundle_jobs (payloads, 0);
  assert_same_jobs (jobs, stored);
  g_assert_cmpuint (build (fixture, TRUE, max_jobs), ==, 0);
}

/* How many of @payloads name @serial, and how many of those carry its identity. */
static void
count_printer (GPtrArray  *payloads,
               const char *serial,
               guint      *out_bundles,
               guint      *out_identities)
{
  *out_bundles = 0;
  *out_identities = 0;
  for (guint b = 0; b < payloads->len; b++)
    {
      JsonObject *printer = find_printer (g_ptr_array_index (payloads, b), serial);

      if (printer == NULL)
        continue;
      (*out_bundles)++;
      if (json_object_has_member (printer, "identity"))
        (*out_identities)++;
      /* A printer is in a bundle only with something to say. */
      g_assert_true (json_object_has_member (printer, "jobs") ||
                     json_object_has_member (printer, "identity") ||
                     json_object_has_member (printer, "last_success") ||
                     json_object_has_member (printer, "counters") ||
                     json_object_has_member (printer, "events"));
    }
}

/* Six days of backlog from a fleet: several bundles, none larger than
 * ML_BUNDLE_TARGET_SIZE (open_new_bundles() checks), split between printers, every
 * job in exactly one and every printer's status in exactly one; nothing left. */
static void
test_target_size (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GPtrArray) payloads = NULL;
  g_autoptr(GHashTable) jobs = NULL;
  g_autoptr(GHashTable) stored = NULL;
  guint bundles;

  if (fixture->fleet == NULL)
    return;

  collect (fixture);
  ml_test_fleet_advance (fixture->fleet, 48 * 3600);
  collect (fixture);
  stored = store_jobs (fixture);

  bundles = build (fixture, TRUE, 0);
  payloads = open_new_bundles (fixture);
  g_assert_cmpuint (bundles, ==, payloads->len);
  g_assert_cmpuint (bundles, >=, 3);
  g_test_message ("%u bundles, the largest %" G_GSIZE_FORMAT " bytes, for %u jobs", bundles,
                  fixture->largest, g_hash_table_size (stored));

  jobs = bundle_jobs (payloads, 0);
  assert_same_jobs (jobs, stored);
  for (guint i = 0; i < ml_test_fleet_get_size (fixture->fleet); i++)
    {
      guint in = 0;
      guint identities = 0;

      count_printer (payloads, ml_test_fleet_get_serial (fixture->fleet, i), &in, &identities);
      g_assert_cmpuint (in, >=, 1);
      g_assert_cmpuint (identities, ==, 1);
    }
  /* Split between printers: no bundle carries every one. */
  for (guint b = 0; b < payloads->len; b++)
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (
                        json_node_get_object (g_ptr_array_index (payloads, b)), "printers")),
                      <, ml_test_fleet_get_size (fixture->fleet));

  /* The watermarks moved exactly with the bundles: nothing is left, nothing again. */
  g_assert_cmpuint (build (fixture, TRUE, 0), ==, 0);

  /* Printed since: only the new jobs, again within the target. */
  ml_test_fleet_advance (fixture->fleet, 6 * 3600);
  collect (fixture);
  g_clear_pointer (&stored, g_hash_table_unref);
  stored = store_jobs (fixture);
  build (fixture, TRUE, 0);
  g_clear_pointer (&payloads, g_ptr_array_unref);
  payloads = open_new_bundles (fixture);
  g_clear_pointer (&jobs, g_hash_table_unref);
  jobs = bundle_jobs (payloads, 0);
  g_assert_cmpuint (g_hash_table_size (jobs), >, 0);
  g_assert_cmpuint (g_hash_table_size (jobs), <, g_hash_table_size (stored));
}

/* One printer with a backlog many times the target: its jobs are split over
 * consecutive bundles, oldest change first; its status travels in the first only. */
static void
test_split_printer (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GPtrArray) payloads = NULL;
  g_autoptr(GHashTable) jobs = NULL;
  g_autoptr(GHashTable) stored = NULL;
  const char *serial;
  guint bundles;
  guint in = 0;
  guint identities = 0;

  if (fixture->fleet == NULL)
    return;

  fixture->target_size = 6 * 1024;
  collect (fixture);
  stored = store_jobs (fixture);

  bundles = build (fixture, TRUE, 0);
  payloads = open_new_bundles (fixture);
  g_assert_cmpuint (bundles, ==, payloads->len);
  g_assert_cmpuint (bundles, >=, 3);
  g_assert_cmpuint (fixture->largest, <=, fixture->target_size);

  serial = ml_test_fleet_get_serial (fixture->fleet, 0);
  count_printer (payloads, serial, &in, &identities);
  g_assert_cmpuint (in, ==, bundles);
  g_assert_cmpuint (identities, ==, 1);
  g_assert_true (json_object_has_member (find_printer (g_ptr_array_index (payloads, 0), serial),
                                         "identity"));

  jobs = bundle_jobs (payloads, 0);
  assert_same_jobs (jobs, stored);
  g_assert_cmpuint (build (fixture, TRUE, 0), ==, 0);
}

/* Another site gets everything; the same site again keeps its watermarks. */
static void
test_enrolment (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GPtrArray) payloads = NULL;
  g_autoptr(GHashTable) jobs = NULL;
  g_autoptr(GHashTable) stored = NULL;
  g_autoptr(GError) error = NULL;
  guint count = 0;

  if (fixture->fleet == NULL)
    return;

  ml_collector_store_set_enrolment (fixture->store, "site-a", "https://127.0.0.1:1/", NULL,
                                    &error);
  g_assert_no_error (error);
  collect (fixture);
  g_assert_cmpuint (build (fixture, TRUE, 0), ==, 1);

  ml_collector_store_set_enrolment (fixture->store, "site-a", "https://127.0.0.1:2/", NULL,
                                    &error);
  g_assert_no_error (error);
  ml_collector_store_get_outbox_size (fixture->store, &count, NULL, &error);
  g_assert_cmpuint (count, ==, 1);
  g_assert_cmpuint (build (fixture, TRUE, 0), ==, 0);

  ml_collector_store_set_enrolment (fixture->store, "site-b", "https://127.0.0.1:2/", "ab",
                                    &error);
  g_assert_no_error (error);
  ml_collector_store_get_outbox_size (fixture->store, &count, NULL, &error);
  g_assert_cmpuint (count, ==, 0);

  g_assert_cmpuint (build (fixture, TRUE, 0), ==, 1);
  fixture->opened_up_to = 1;
  payloads = open_new_bundles (fixture);
  g_assert_cmpuint (payloads->len, ==, 1);
  jobs = bundle_jobs (payloads, 0);
  stored = store_jobs (fixture);
  assert_same_jobs (jobs, stored);

  {
    g_autofree char *site_id = NULL;
    g_autofree char *url = NULL;
    g_autofree char *pin = NULL;

    ml_collector_store_get_enrolment (fixture->store, &site_id, &url, &pin, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (site_id, ==, "site-b");
    g_assert_cmpstr (url, ==, "https://127.0.0.1:2/");
    g_assert_cmpstr (pin, ==, "ab");
  }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/collector/bundle-builder/changes", Fixture, GUINT_TO_POINTER (3), fixture_setup,
              test_changes, fixture_teardown);
  g_test_add ("/collector/bundle-builder/atomic", Fixture, GUINT_TO_POINTER (2), fixture_setup,
              test_atomic, fixture_teardown);
  g_test_add ("/collector/bundle-builder/user-names", Fixture, GUINT_TO_POINTER (2),
              fixture_setup, test_user_names, fixture_teardown);
  g_test_add ("/collector/bundle-builder/split", Fixture, GUINT_TO_POINTER (3), fixture_setup,
              test_split, fixture_teardown);
  g_test_add ("/collector/bundle-builder/enrolment", Fixture, GUINT_TO_POINTER (2),
              fixture_setup, test_enrolment, fixture_teardown);
  g_test_add ("/collector/bundle-builder/target-size", Fixture, GUINT_TO_POINTER (8),
              fixture_setup_backlog, test_target_size, fixture_teardown);
  g_test_add ("/collector/bundle-builder/split-printer", Fixture, GUINT_TO_POINTER (1),
              fixture_setup_backlog, test_split_printer, fixture_teardown);

  return g_test_run ();
}
