/* ml-enroll-command.c: `meterlink-collector enroll`, joining this collector to its site on a portal
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The code is checked before anything goes on the network: a typo is the
 * technician's to fix at once. Then the portal is reached as the code says (its
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
#include "ml-portal-client.h"
#include "ml-syncer.h"

typedef struct
{
  GMainLoop *loop;
  JsonNode *site_config;
  GError *error;
} Enrol;

static void
on_fetched (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  Enrol *enrol = user_data;

  enrol->site_config = ml_portal_client_fetch_config_finish (ML_PORTAL_CLIENT (object), result,
                                                            &enrol->error);
  g_main_loop_quit (enrol->loop);
}

static gboolean
on_signal (gpointer user_data)
{
  g_cancellable_cancel (user_data);
  return G_SOURCE_CONTINUE;
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

/* Stores the enrolment. The same site with a new secret (rotated on the portal)
 * keeps its outbox, resealed first: should the secret not be saved after, the
 * resealed bundles still go through, and enrolling again mends the rest. */
static gboolean
store_enrolment (MlCollectorConfig  *config,
                 MlCollectorStore   *store,
                 MlEnrolmentCode    *code,
                 MlSiteKey          *key,
                 GError            **error)
{
  g_autofree char *current_site = NULL;
  g_autoptr(GBytes) current_secret = NULL;

  if (ml_collector_store_get_enrolment (store, &current_site, NULL, NULL, NULL) &&
      g_strcmp0 (current_site, code->site_id) == 0 &&
      (current_secret = ml_collector_config_load_site_secret (config, current_site, NULL)) &&
      !g_bytes_equal (current_secret, code->secret))
    {
      g_autoptr(MlSiteKey) old_key = NULL;
      Reseal reseal;

      if (!(old_key = ml_site_key_new (current_secret, error)))
        return FALSE;
      reseal.old_key = old_key;
      reseal.new_key = key;
      if (!ml_collector_store_reseal_outbox (store, reseal_bundle, &reseal, error))
        return FALSE;
    }

  return ml_collector_config_save_site_secret (config, code->site_id, code->secret, error) &&
         ml_collector_store_set_enrolment (store, code->site_id, code->portal_url,
                                           code->cert_sha256, error);
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
  g_autoptr(MlSiteKey) key = NULL;
  g_autoptr(MlPortalClient) client = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(GCancellable) cancellable = NULL;
  g_autoptr(GString) text = NULL;
  g_autofree char *password = NULL;
  g_auto(MlCommandPaths) paths = { NULL, NULL };
  Enrol enrol = { NULL, NULL, NULL };
  JsonObject *site;
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
      !(store = ml_command_paths_open_store (&paths, &error)) ||
      !(key = ml_site_key_new (code->secret, &error)) ||
      !(client = ml_portal_client_new (code->portal_url, code->cert_sha256, code->site_id, key,
                                       &error)))
    {
      g_printerr ("%s: %s\n", g_get_prgname (), error->message);
      return 1;
    }

  if (ml_collector_config_get_proxy_mode (config) == ML_PROXY_MODE_MANUAL &&
      ml_collector_config_get_proxy_user (config) != NULL &&
      !(password = ml_collector_config_load_proxy_password (config, &error)) && error != NULL)
    {
      g_printerr ("%s: %s\n", g_get_prgname (), error->message);
      return 1;
    }
  ml_portal_client_set_proxy (client, ml_collector_config_get_proxy_mode (config),
                              ml_collector_config_get_proxy_host (config),
                              ml_collector_config_get_proxy_port (config),
                              ml_collector_config_get_proxy_user (config), password);

  loop = g_main_loop_new (NULL, FALSE);
  cancellable = g_cancellable_new ();
  enrol.loop = loop;
  sigint_id = g_unix_signal_add (SIGINT, on_signal, cancellable);
  sigterm_id = g_unix_signal_add (SIGTERM, on_signal, cancellable);
  ml_portal_client_fetch_config_async (client, cancellable, on_fetched, &enrol);
  g_main_loop_run (loop);
  g_source_remove (sigint_id);
  g_source_remove (sigterm_id);

  if (enrol.site_config == NULL)
    {
      g_printerr (_("%s: not enrolled: %s\n"), g_get_prgname (), enrol.error->message);
      g_clear_error (&enrol.error);
      return 1;
    }

  if (!store_enrolment (config, store, code, key, &error) ||
      !ml_syncer_apply_site_config (config, enrol.site_config, NULL, &error))
    {
      g_printerr ("%s: %s\n", g_get_prgname (), error->message);
      json_node_unref (enrol.site_config);
      return 1;
    }

  site = json_node_get_object (enrol.site_config);
  g_print (_("Enrolled in site “%s” of customer “%s” at %s\n"),
           json_object_get_string_member_with_default (site, "site", "?"),
           json_object_get_string_member_with_default (site, "customer", "?"),
           ml_portal_client_get_url (client));
  json_node_unref (enrol.site_config);
  return 0;
}
