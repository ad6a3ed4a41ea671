/* ml-sync-command.c: `meterlink-collector sync`, sending what was collected to the portal now
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The technician's "send now": what is new goes into the outbox, the outbox is sent
 * whatever the daemon's backoff says, and the portal's site configuration is
 * applied. The summary says what went, what still waits and why.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib-unix.h>
#include <signal.h>

#include "ml-command-support.h"
#include "ml-sync-command.h"
#include "ml-syncer.h"

typedef struct
{
  GMainLoop *loop;
  MlSyncSummary *summary;
  GError *error;
} Sync;

static void
on_synced (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  Sync *sync = user_data;

  sync->summary = ml_syncer_sync_finish (ML_SYNCER (object), result, &sync->error);
  g_main_loop_quit (sync->loop);
}

static gboolean
on_signal (gpointer user_data)
{
  /* A bundle on its way stays in the outbox until its receipt is in. */
  g_cancellable_cancel (user_data);
  return G_SOURCE_CONTINUE;
}

static void
add_string_or_null (JsonBuilder *builder,
                    const char  *name,
                    const char  *value)
{
  json_builder_set_member_name (builder, name);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static void
add_int (JsonBuilder *builder,
         const char  *name,
         gint64       value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_int_value (builder, value);
}

static void
print_json (MlSyncSummary *summary)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *next = NULL;

  json_builder_begin_object (builder);
  add_int (builder, "bundles_built", summary->bundles_built);
  add_int (builder, "jobs_built", summary->jobs_built);
  add_int (builder, "bundles_sent", summary->bundles_sent);
  add_int (builder, "bytes_sent", (gint64) summary->bytes_sent);
  add_int (builder, "jobs_sent", summary->jobs_sent);
  add_int (builder, "jobs_stored", summary->jobs_stored);
  add_int (builder, "waiting", summary->waiting);
  add_int (builder, "waiting_bytes", (gint64) summary->waiting_bytes);
  json_builder_set_member_name (builder, "config_changed");
  json_builder_add_boolean_value (builder, summary->config_changed);
  add_string_or_null (builder, "site", summary->site);
  add_string_or_null (builder, "customer", summary->customer);
  add_int (builder, "failures", summary->failures);
  next = summary->next_attempt > 0 ? ml_units_format_timestamp (summary->next_attempt) : NULL;
  add_string_or_null (builder, "next_attempt", next);
  add_string_or_null (builder, "error", summary->error != NULL ? summary->error->message : NULL);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  ml_command_print_json (root);
}

static void
print_text (MlSyncSummary *summary)
{
  g_autofree char *sent = g_format_size (summary->bytes_sent);
  g_autofree char *waiting = g_format_size (summary->waiting_bytes);

  if (summary->site != NULL)
    g_print (_("Site:              “%s” of customer “%s”\n"), summary->site,
             summary->customer != NULL ? summary->customer : "?");
  g_print (_("Bundles built:     %u (%u jobs)\n"), summary->bundles_built, summary->jobs_built);
  g_print (_("Bundles sent:      %u (%s, %u jobs, %u new to the portal)\n"),
           summary->bundles_sent, sent, summary->jobs_sent, summary->jobs_stored);
  g_print (_("Waiting in outbox: %u (%s)\n"), summary->waiting, waiting);
  if (summary->config_changed)
    g_print ("%s\n", _("Settings:          changed by the portal"));
  if (summary->error != NULL)
    {
      g_autofree char *next = ml_command_format_time (summary->next_attempt);

      g_print (_("Last error:        %s\n"), summary->error->message);
      g_print (_("The daemon tries again at %s.\n"), next);
    }
  else
    g_print ("%s\n", _("Last error:        none"));
}

int
ml_sync_command_run (int    argc,
                     char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(MlCollectorConfig) config = NULL;
  g_autoptr(MlCollectorStore) store = NULL;
  g_autoptr(MlSyncer) syncer = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(GCancellable) cancellable = NULL;
  g_auto(MlCommandPaths) paths = { NULL, NULL };
  gboolean json = FALSE;
  Sync sync = { NULL, NULL, NULL };
  guint sigint_id;
  guint sigterm_id;
  int status;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print the summary as JSON"), NULL },
    { NULL }
  };

  context = g_option_context_new (_("— send what was collected to the portal now"));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  ml_command_paths_add_options (&paths, context);
  if (!ml_command_parse_options (context, &argc, &argv))
    return 2;

  if (!(config = ml_command_paths_load_config (&paths, &error)) ||
      !(store = ml_command_paths_open_store (&paths, &error)))
    {
      g_printerr ("%s: %s\n", g_get_prgname (), error->message);
      return 1;
    }

  loop = g_main_loop_new (NULL, FALSE);
  cancellable = g_cancellable_new ();
  sync.loop = loop;
  syncer = ml_syncer_new (config, store);
  sigint_id = g_unix_signal_add (SIGINT, on_signal, cancellable);
  sigterm_id = g_unix_signal_add (SIGTERM, on_signal, cancellable);
  ml_syncer_sync_async (syncer, ML_SYNC_FLAGS_NOW, cancellable, on_synced, &sync);
  g_main_loop_run (loop);
  g_source_remove (sigint_id);
  g_source_remove (sigterm_id);

  if (sync.summary == NULL)
    {
      if (g_error_matches (sync.error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_printerr (_("%s: stopped; what was not delivered waits in the outbox\n"),
                    g_get_prgname ());
      else
        g_printerr ("%s: %s\n", g_get_prgname (), sync.error->message);
      g_clear_error (&sync.error);
      return 1;
    }

  if (json)
    print_json (sync.summary);
  else
    print_text (sync.summary);
  if (sync.summary->error != NULL && !json)
    g_printerr ("%s: %s\n", g_get_prgname (), sync.summary->error->message);

  status = sync.summary->error != NULL || sync.summary->waiting > 0 ? 1 : 0;
  ml_sync_summary_free (sync.summary);
  return status;
}
