/* ml-enroll-command.c: `meterlink-collector enroll`, joining this collector to its site on a portal
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The code is checked before anything goes on the network: a typo is the
 * technician's to fix at once. The enrolment itself is the one the desktop app
 * runs too (ml_syncer_enroll_async()): the portal is reached as the code says (its
 * certificate pinned), the site's configuration is fetched with a request signed by
 * the site's key, which proves code and portal belong together, and only then is
 * anything stored: the enrolment in the store, the secret in the secrets file.
 *
 * The code holds the site's secret: it is never printed, not even in part.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib-unix.h>
#include <signal.h>
#include <string.h>

#include "ml-command-support.h"
#include "ml-enroll-command.h"
#include "ml-syncer.h"

typedef struct
{
  GMainLoop *loop;
  MlEnrolSummary *summary;
  GError *error;
} Enrol;

static void
on_enrolled (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  Enrol *enrol = user_data;

  enrol->summary = ml_syncer_enroll_finish (ML_SYNCER (object), result, &enrol->error);
  g_main_loop_quit (enrol->loop);
}

static gboolean
on_signal (gpointer user_data)
{
  g_cancellable_cancel (user_data);
  return G_SOURCE_CONTINUE;
}

int
ml_enroll_command_run (int    argc,
                       char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(MlEnrolmentCode) code = NULL;
  g_autoptr(MlCollectorConfig) config = NULL;
  g_autoptr(MlCollectorStore) store = NULL;
  g_autoptr(MlSyncer) syncer = NULL;
  g_autoptr(MlEnrolSummary) summary = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(GCancellable) cancellable = NULL;
  g_autoptr(GString) text = NULL;
  g_auto(MlCommandPaths) paths = { NULL, NULL };
  Enrol enrol = { NULL, NULL, NULL };
  guint sigint_id;
  guint sigterm_id;

  context = g_option_context_new (_("CODE — join this collector to its site on a portal"));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_description (context,
                                    _("CODE is the enrolment code the portal printed when "
                                      "the site was created (“MLE1-…”). It holds the site's "
                                      "secret: it is checked, never shown."));
  ml_command_paths_add_options (&paths, context);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s: %s\n", g_get_prgname (), error->message);
      return 2;
    }
  if (argc < 2)
    {
      g_printerr (_("%s: give the enrolment code\n"), g_get_prgname ());
      return 2;
    }

  /* A code pasted with spaces arrives in pieces. */
  text = g_string_new (NULL);
  for (int i = 1; i < argc; i++)
    g_string_append (text, argv[i]);
  code = ml_enrolment_code_decode (text->str, &error);
  memset (text->str, 0, text->len);
  if (code == NULL)
    {
      g_printerr ("%s: %s\n", g_get_prgname (), error->message);
      return 2;
    }

  if (!(config = ml_command_paths_load_config (&paths, &error)) ||
      !(store = ml_command_paths_open_store (&paths, &error)))
    {
      g_printerr ("%s: %s\n", g_get_prgname (), error->message);
      return 1;
    }

  /* The secret goes to the secrets file beside the settings (no keeper). */
  syncer = ml_syncer_new (config, store);
  loop = g_main_loop_new (NULL, FALSE);
  cancellable = g_cancellable_new ();
  enrol.loop = loop;
  sigint_id = g_unix_signal_add (SIGINT, on_signal, cancellable);
  sigterm_id = g_unix_signal_add (SIGTERM, on_signal, cancellable);
  ml_syncer_enroll_async (syncer, code, NULL, cancellable, on_enrolled, &enrol);
  g_main_loop_run (loop);
  g_source_remove (sigint_id);
  g_source_remove (sigterm_id);

  summary = g_steal_pointer (&enrol.summary);
  if (summary == NULL)
    {
      g_printerr (_("%s: not enrolled: %s\n"), g_get_prgname (), enrol.error->message);
      g_clear_error (&enrol.error);
      return 1;
    }

  g_print (_("Enrolled in site “%s” of customer “%s” at %s\n"),
           summary->site != NULL ? summary->site : "?",
           summary->customer != NULL ? summary->customer : "?", summary->portal_url);
  if (summary->config_error != NULL)
    {
      g_printerr ("%s: %s\n", g_get_prgname (), summary->config_error->message);
      return 1;
    }
  return 0;
}
