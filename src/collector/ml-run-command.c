/* ml-run-command.c: `meterlink-collector run`, the scheduled collection daemon
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Waits until the store's next due time, collects, and waits again. The due time
 * lives in the store, so a restarted daemon neither collects early nor forgets a
 * collection it owed. The configuration is read again before every cycle: a
 * technician's `config set` takes effect without a restart. SIGTERM and SIGINT
 * cancel a running cycle; the daemon exits 0 once the store is closed.
 *
 * After each cycle the daemon syncs with its portal (when enrolled). A sync runs
 * beside the schedule, never in its way: a long upload does not delay the next
 * cycle. A failed sync is tried again at the backoff's time, which the store keeps.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib-unix.h>
#include <signal.h>

#include "ml-collector.h"
#include "ml-command-support.h"
#include "ml-run-command.h"
#include "ml-syncer.h"

/* The wall clock is looked at again at least this often, so that a suspended or
 * re-set clock does not make the daemon miss its time. */
#define CHECK_INTERVAL_S 60
/* A cycle that could not run (another collection held the store, the
 * configuration was broken) is tried again after this long. */
#define LOCKED_RETRY_S 60
#define ERROR_RETRY_S 300

typedef struct
{
  MlCommandPaths *paths;
  MlCollectorStore *store;
  MlCollector *collector;
  GCancellable *cancellable;   /* of the running cycle, else NULL */
  GMainLoop *loop;
  guint timer_id;
  gint64 retry_at;
  gboolean quitting;
  GCancellable *sync_cancellable;   /* of the running sync, else NULL */
  gboolean sync_again;              /* a cycle ended while a sync ran */
  guint sync_timer_id;
  gint64 sync_at;
} Daemon;

static void wake (Daemon *daemon);
static void start_sync (Daemon *daemon);

/* The loop ends once neither a cycle nor a sync is running. */
static void
quit_if_idle (Daemon *daemon)
{
  if (daemon->quitting && daemon->cancellable == NULL && daemon->sync_cancellable == NULL)
    g_main_loop_quit (daemon->loop);
}

static gint64
now_s (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

static gboolean
on_timer (gpointer user_data)
{
  Daemon *daemon = user_data;

  daemon->timer_id = 0;
  wake (daemon);
  return G_SOURCE_REMOVE;
}

static void
sleep_until (Daemon *daemon,
             gint64  when)
{
  gint64 delay = CLAMP (when - now_s (), 1, CHECK_INTERVAL_S);

  g_assert (daemon->timer_id == 0);
  daemon->timer_id = g_timeout_add_seconds ((guint) delay, on_timer, daemon);
}

static void
log_next (Daemon *daemon)
{
  g_autofree char *next = NULL;

  next = ml_command_format_time (MAX (ml_collector_get_next_due (daemon->collector),
                                     daemon->retry_at));
  g_message (_("Next collection at %s"), next);
}

static void
on_collected (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  Daemon *daemon = user_data;
  g_autoptr(MlCycleSummary) summary = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *next = NULL;

  summary = ml_collector_collect_finish (ML_COLLECTOR (object), result, &error);
  g_clear_object (&daemon->cancellable);

  if (summary == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_message (_("Collection stopped"));
  else if (summary == NULL)
    {
      daemon->retry_at = now_s () + (g_error_matches (error, ML_ERROR, ML_ERROR_LOCKED)
                                     ? LOCKED_RETRY_S : ERROR_RETRY_S);
      next = ml_command_format_time (daemon->retry_at);
      g_message (_("Collection failed: %s; trying again at %s"), error->message, next);
    }
  else
    {
      GHashTableIter iter;
      gpointer serial, message;

      daemon->retry_at = 0;
      next = ml_command_format_time (ml_collector_get_next_due (daemon->collector));
      g_message (_("Collection done: printers found %u, read %u, failed %u; new jobs %u; "
                   "%.1f s; next collection at %s"),
                 ml_cycle_summary_get_found (summary), ml_cycle_summary_get_read (summary),
                 ml_cycle_summary_get_failed (summary), ml_cycle_summary_get_new_jobs (summary),
                 ml_cycle_summary_get_duration_ms (summary) / 1000.0, next);

      /* Details only for whoever asked for them (G_MESSAGES_DEBUG). */
      g_hash_table_iter_init (&iter, ml_cycle_summary_get_failures (summary));
      while (g_hash_table_iter_next (&iter, &serial, &message))
        g_info ("%s: %s", (const char *) serial, (const char *) message);
    }

  if (daemon->quitting)
    {
      quit_if_idle (daemon);
      return;
    }

  start_sync (daemon);
  wake (daemon);
}

static void
start_cycle (Daemon *daemon)
{
  g_autoptr(MlCollectorConfig) config = NULL;
  g_autoptr(GError) error = NULL;

  config = ml_command_paths_load_config (daemon->paths, &error);
  if (config == NULL)
    {
      g_autofree char *next = NULL;

      daemon->retry_at = now_s () + ERROR_RETRY_S;
      next = ml_command_format_time (daemon->retry_at);
      g_message (_("Cannot collect: %s; trying again at %s"), error->message, next);
      sleep_until (daemon, daemon->retry_at);
      return;
    }

  g_clear_object (&daemon->collector);
  daemon->collector = ml_collector_new (config, daemon->store);
  daemon->cancellable = g_cancellable_new ();
  ml_collector_collect_async (daemon->collector, daemon->cancellable, on_collected, daemon);
}

static void
wake (Daemon *daemon)
{
  gint64 due = MAX (ml_collector_get_next_due (daemon->collector), daemon->retry_at);

  if (daemon->quitting)
    return;
  if (now_s () >= due)
    start_cycle (daemon);
  else
    sleep_until (daemon, due);
}

/* Sync ---------------------------------------------------------------------------------- */

static gboolean
on_sync_timer (gpointer user_data)
{
  Daemon *daemon = user_data;

  daemon->sync_timer_id = 0;
  if (now_s () >= daemon->sync_at)
    start_sync (daemon);
  else
    daemon->sync_timer_id = g_timeout_add_seconds ((guint) CLAMP (daemon->sync_at - now_s (), 1,
                                                                  CHECK_INTERVAL_S),
                                                   on_sync_timer, daemon);
  return G_SOURCE_REMOVE;
}

static void
on_synced (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  Daemon *daemon = user_data;
  g_autoptr(MlSyncSummary) summary = NULL;
  g_autoptr(GError) error = NULL;

  summary = ml_syncer_sync_finish (ML_SYNCER (object), result, &error);
  g_clear_object (&daemon->sync_cancellable);

  if (summary == NULL)
    {
      /* Not enrolled is no fault of a daemon that only collects. */
      if (g_error_matches (error, ML_ERROR, ML_ERROR_NOT_FOUND))
        g_debug ("No sync: %s", error->message);
      else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_message (_("Sync failed: %s"), error->message);
    }
  else if (summary->error != NULL || summary->deferred)
    {
      g_autofree char *next = ml_command_format_time (summary->next_attempt);

      if (summary->error != NULL)
        g_message (_("Sync failed: %s; %u bundles wait in the outbox; trying again at %s"),
                   summary->error->message, summary->waiting, next);
      else
        g_debug ("Sync deferred to %s; %u bundles wait", next, summary->waiting);

      if (summary->next_attempt > 0 && !daemon->quitting)
        {
          daemon->sync_at = summary->next_attempt;
          g_clear_handle_id (&daemon->sync_timer_id, g_source_remove);
          daemon->sync_timer_id = g_timeout_add_seconds (
            (guint) CLAMP (daemon->sync_at - now_s (), 1, CHECK_INTERVAL_S), on_sync_timer,
            daemon);
        }
    }
  else
    g_message (_("Sync done: bundles sent %u (%llu bytes, %u jobs); %u waiting"),
               summary->bundles_sent, (unsigned long long) summary->bytes_sent,
               summary->jobs_sent, summary->waiting);

  if (daemon->sync_again && !daemon->quitting)
    {
      daemon->sync_again = FALSE;
      start_sync (daemon);
      return;
    }
  quit_if_idle (daemon);
}

static void
start_sync (Daemon *daemon)
{
  g_autoptr(MlSyncer) syncer = NULL;

  /* One sync at a time; what a cycle stored while one ran goes with the next, right
   * after. */
  if (daemon->quitting)
    return;
  if (daemon->sync_cancellable != NULL)
    {
      daemon->sync_again = TRUE;
      return;
    }

  g_clear_handle_id (&daemon->sync_timer_id, g_source_remove);
  syncer = ml_syncer_new (ml_collector_get_config (daemon->collector), daemon->store);
  daemon->sync_cancellable = g_cancellable_new ();
  ml_syncer_sync_async (syncer, ML_SYNC_FLAGS_NONE, daemon->sync_cancellable, on_synced, daemon);
}

static gboolean
on_signal (gpointer user_data)
{
  Daemon *daemon = user_data;

  if (!daemon->quitting)
    g_message (_("Stopping"));
  daemon->quitting = TRUE;
  g_clear_handle_id (&daemon->timer_id, g_source_remove);

  g_clear_handle_id (&daemon->sync_timer_id, g_source_remove);

  /* A running cycle finishes what it started (at most a few saves) and a running
   * sync leaves its bundle in the outbox; then the loop ends. */
  if (daemon->cancellable != NULL)
    g_cancellable_cancel (daemon->cancellable);
  if (daemon->sync_cancellable != NULL)
    g_cancellable_cancel (daemon->sync_cancellable);
  quit_if_idle (daemon);
  return G_SOURCE_CONTINUE;
}

int
ml_run_command_run (int    argc,
                    char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(MlCollectorConfig) config = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_auto(MlCommandPaths) paths = { NULL, NULL };
  Daemon daemon = { 0 };
  guint sigint_id;
  guint sigterm_id;

  context = g_option_context_new (_("— collect on schedule until stopped"));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  ml_command_paths_add_options (&paths, context);
  if (!ml_command_parse_options (context, &argc, &argv))
    return 2;

  /* A broken configuration at start-up is the technician's to fix now; later ones
   * are retried, since the daemon may run unattended. */
  if (!(config = ml_command_paths_load_config (&paths, &error)) ||
      !(daemon.store = ml_command_paths_open_store (&paths, &error)))
    {
      g_printerr ("%s: %s\n", g_get_prgname (), error->message);
      return 1;
    }

  loop = g_main_loop_new (NULL, FALSE);
  daemon.paths = &paths;
  daemon.loop = loop;
  daemon.collector = ml_collector_new (config, daemon.store);
  sigint_id = g_unix_signal_add (SIGINT, on_signal, &daemon);
  sigterm_id = g_unix_signal_add (SIGTERM, on_signal, &daemon);

  g_message (_("Collector started on the store %s"),
             ml_collector_store_get_path (daemon.store));
  log_next (&daemon);
  /* Bundles a stopped daemon left in the outbox go now, or at their backoff's time;
   * when a cycle is due anyway, the sync after it sends them. */
  if (ml_collector_get_next_due (daemon.collector) > now_s ())
    start_sync (&daemon);
  wake (&daemon);
  g_main_loop_run (loop);

  g_source_remove (sigint_id);
  g_source_remove (sigterm_id);
  g_clear_handle_id (&daemon.timer_id, g_source_remove);
  g_clear_handle_id (&daemon.sync_timer_id, g_source_remove);
  g_clear_object (&daemon.collector);
  g_clear_object (&daemon.store);
  g_message (_("Collector stopped"));
  return 0;
}
