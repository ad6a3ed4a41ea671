/* test-app-site.c: the Site page: a code checked as typed, enrolment, outbox and sync
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs under xvfb-run, with the collector's files in a temporary folder of its own,
 * a portal of its own (the built meterlink-portal, ML_PORTAL: admin commands, then
 * `serve` on 127.0.0.1:0, tests/ml-test-portal.h) and a small simulated fleet
 * (tests/ml-test-fleet.h). Loads the template ml-site-page.ui. No keyring answers
 * here (the session bus is switched off), so the site's secret goes to the
 * collector's secrets file, and the page says so; /app/site/keyring enrols again in
 * a child with libsecret's file backend (the one the Secret portal serves inside
 * Flatpak), a keyring that needs no daemon.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "ml-site-page.h"
#include "ml-test-app.h"
#include "ml-test-fleet.h"
#include "ml-test-portal.h"
#include "ml-window.h"

#define DEADLINE_S 60

static MlApplication *app;

#define WAIT_UNTIL(cond) ML_TEST_APP_WAIT_UNTIL (cond, DEADLINE_S)

static gpointer
template_child (MlSitePage *page,
                const char *name)
{
  GObject *child = gtk_widget_get_template_child (GTK_WIDGET (page), ML_TYPE_SITE_PAGE, name);

  g_assert_nonnull (child);
  return child;
}

static const char *
subtitle (MlSitePage *page,
          const char *row)
{
  return adw_action_row_get_subtitle (template_child (page, row));
}

static const char *
visible_view (MlSitePage *page)
{
  return gtk_stack_get_visible_child_name (template_child (page, "stack"));
}

static gboolean
page_busy (MlSitePage *page)
{
  gboolean busy = FALSE;

  g_object_get (page, "busy", &busy, NULL);
  return busy;
}

static gboolean
page_enrolled (MlSitePage *page)
{
  gboolean enrolled = FALSE;

  g_object_get (page, "enrolled", &enrolled, NULL);
  return enrolled;
}

static guint
outbox_count (MlWindow *window)
{
  g_autoptr(GError) error = NULL;
  guint count = 0;

  g_assert_true (ml_collector_store_get_outbox_size (ml_window_get_store (window), &count, NULL,
                                                     &error));
  g_assert_no_error (error);
  return count;
}

static void
remove_collector_files (void)
{
  g_autofree char *dir = g_build_filename (g_get_user_config_dir (), "meterlink", NULL);
  const char *names[] = { "collector.conf", "secrets", NULL };

  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autofree char *path = g_build_filename (dir, names[i], NULL);

      g_unlink (path);
    }
  ml_test_app_remove_store ();
}

static MlWindow *
new_window (MlSitePage **out_page)
{
  MlWindow *window = ml_window_new (app);
  GtkWidget *page;

  g_assert_true (ML_IS_WINDOW (window));
  g_assert_nonnull (ml_window_get_store (window));
  page = ml_test_app_find_descendant (GTK_WIDGET (window), ML_TYPE_SITE_PAGE);
  g_assert_nonnull (page);
  *out_page = ML_SITE_PAGE (page);
  return window;
}

static void
set_code (MlSitePage *page,
          const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (template_child (page, "code_row")), text);
}

static const char *
code_message (MlSitePage *page)
{
  GtkLabel *label = template_child (page, "code_label");

  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (label)));
  return gtk_label_get_label (label);
}

static gboolean
code_flagged (MlSitePage *page)
{
  return gtk_widget_has_css_class (template_child (page, "code_row"), "error");
}

/* Whether page.enrol is enabled: its button says it. */
static gboolean
enrol_enabled (MlSitePage *page)
{
  return gtk_widget_get_sensitive (template_child (page, "enrol_button"));
}

static void
test_typo (void)
{
  g_autoptr(GBytes) secret = ml_site_key_generate_secret ();
  g_autofree char *text = NULL;
  g_autofree char *typo = NULL;
  MlEnrolmentCode code = { NULL };
  MlSitePage *page;
  MlWindow *window;
  gsize last;

  remove_collector_files ();
  window = new_window (&page);
  g_assert_cmpstr (visible_view (page), ==, "enrol");
  g_assert_false (page_enrolled (page));
  g_assert_false (enrol_enabled (page));

  /* A portal where nothing listens: whatever would be sent could not arrive. */
  code.portal_url = (char *) "https://127.0.0.1:9";
  code.site_id = (char *) "site-for-the-typo-test";
  code.secret = secret;
  text = ml_enrolment_code_encode (&code);

  set_code (page, text);
  g_assert_false (code_flagged (page));
  g_assert_nonnull (strstr (code_message (page), "site-for-the-typo-test"));
  g_assert_nonnull (strstr (code_message (page), "https://127.0.0.1:9"));
  g_assert_true (enrol_enabled (page));

  /* One character changed: caught by the checksum, on the row, at once. */
  typo = g_strdup (text);
  last = strlen (typo) - 1;
  typo[last] = typo[last] == 'A' ? 'B' : 'A';
  set_code (page, typo);
  g_assert_true (code_flagged (page));
  g_assert_nonnull (strstr (code_message (page), "typo"));
  g_assert_false (enrol_enabled (page));

  /* Enrol cannot start: nothing is asked of anybody. */
  gtk_widget_activate_action (GTK_WIDGET (page), "page.enrol", NULL);
  g_assert_false (page_busy (page));
  g_assert_false (page_enrolled (page));

  set_code (page, "hello");
  g_assert_true (code_flagged (page));
  g_assert_nonnull (strstr (code_message (page), "not a Meterlink enrolment code"));

  set_code (page, "");
  g_assert_false (code_flagged (page));
  g_assert_false (gtk_widget_get_visible (template_child (page, "code_label")));

  ml_test_app_close_window (window);
}

static void
collect (MlWindow *window)
{
  g_action_group_activate_action (G_ACTION_GROUP (window), "collect-now", NULL);
  g_assert_true (ml_window_get_busy (window));
  WAIT_UNTIL (!ml_window_get_busy (window));
}

static void
sync_now (MlSitePage *page)
{
  gtk_widget_activate_action (GTK_WIDGET (page), "page.sync-now", NULL);
  g_assert_true (page_busy (page));
  WAIT_UNTIL (!page_busy (page));
}

static void
test_enrol_and_sync (void)
{
  MlTestPortal *portal = NULL;
  MlTestFleet *fleet = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) secret = NULL;
  g_autoptr(GHashTable) portal_jobs = NULL;
  g_autofree char *site_id = NULL;
  g_autofree char *port = NULL;
  MlCollectorConfig *config;
  MlCollectorStore *store;
  MlSitePage *page;
  MlWindow *window;
  gint64 stored_jobs;

  portal = ml_test_portal_start ();
  if (portal == NULL)
    return;
  fleet = ml_test_fleet_start (3, "127.0.5.1", 5, NULL);
  if (fleet == NULL)
    {
      ml_test_portal_free (portal);
      return;
    }

  remove_collector_files ();
  window = new_window (&page);
  config = ml_window_get_config (window);
  store = ml_window_get_store (window);

  /* Enrol: the portal answers the signed request, the names show. */
  set_code (page, ml_test_portal_get_code (portal));
  g_assert_false (code_flagged (page));
  gtk_widget_activate_action (GTK_WIDGET (page), "page.enrol", NULL);
  g_assert_true (page_busy (page));
  WAIT_UNTIL (!page_busy (page));
  g_assert_true (page_enrolled (page));
  g_assert_cmpstr (visible_view (page), ==, "site");
  g_assert_cmpstr (subtitle (page, "customer_row"), ==, ML_TEST_PORTAL_CUSTOMER);
  g_assert_cmpstr (subtitle (page, "site_row"), ==, ML_TEST_PORTAL_SITE);
  {
    g_autoptr(MlEnrolmentCode) code = ml_enrolment_code_decode (ml_test_portal_get_code (portal),
                                                                &error);

    g_assert_no_error (error);
    g_assert_cmpstr (subtitle (page, "portal_row"), ==, code->portal_url);
  }
  g_assert_cmpstr (gtk_label_get_label (template_child (page, "connection_label")), ==,
                   "Connected");
  g_assert_cmpstr (subtitle (page, "last_sync_row"), ==, "Never");
  g_assert_cmpstr (subtitle (page, "outbox_row"), ==, "Nothing");

  /* Recorded for the collector: the store has the site, the secrets file its secret. */
  g_assert_true (ml_collector_store_get_enrolment (store, &site_id, NULL, NULL, &error));
  g_assert_no_error (error);
  secret = ml_collector_config_load_site_secret (config, site_id, &error);
  g_assert_no_error (error);
  g_assert_nonnull (secret);
  g_assert_nonnull (strstr (subtitle (page, "secret_row"), "No keyring"));

  /* A collection goes into the outbox at once, and the page says what waits. */
  g_assert_true (ml_collector_config_set (config, "ranges", "127.0.5.1-127.0.5.3", &error));
  g_assert_no_error (error);
  port = g_strdup_printf ("%u", ml_test_fleet_get_port (fleet));
  g_assert_true (ml_collector_config_set (config, "port", port, &error));
  g_assert_no_error (error);
  collect (window);
  WAIT_UNTIL (!page_busy (page));
  g_assert_cmpuint (outbox_count (window), >, 0);
  g_assert_nonnull (strstr (subtitle (page, "outbox_row"), "bundle"));

  /* Sync now: the outbox empties, the time shows, the portal has every job. */
  sync_now (page);
  g_assert_cmpuint (outbox_count (window), ==, 0);
  g_assert_cmpstr (subtitle (page, "outbox_row"), ==, "Nothing");
  g_assert_cmpstr (subtitle (page, "last_sync_row"), !=, "Never");
  g_assert_false (gtk_widget_get_visible (template_child (page, "error_row")));
  stored_jobs = ml_collector_store_count_jobs (store, NULL, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpint (stored_jobs, >, 0);
  portal_jobs = ml_test_portal_jobs (portal);
  g_assert_cmpint (g_hash_table_size (portal_jobs), ==, stored_jobs);

  /* The portal down: the error in words, with what to do; nothing lost. */
  ml_test_portal_stop (portal);
  ml_test_fleet_advance (fleet, 3600);
  collect (window);
  WAIT_UNTIL (!page_busy (page));
  g_assert_cmpuint (outbox_count (window), >, 0);
  sync_now (page);
  g_assert_cmpuint (outbox_count (window), >, 0);
  g_assert_true (gtk_widget_get_visible (template_child (page, "error_row")));
  g_assert_nonnull (strstr (subtitle (page, "error_row"), "cannot be reached"));
  g_assert_nonnull (strstr (subtitle (page, "error_row"), "network connection"));
  g_assert_cmpstr (gtk_label_get_label (template_child (page, "connection_label")), ==,
                   "Not reached");

  /* Up again: the next sync sends what waited. */
  ml_test_portal_restart (portal);
  sync_now (page);
  g_assert_cmpuint (outbox_count (window), ==, 0);
  g_assert_false (gtk_widget_get_visible (template_child (page, "error_row")));
  g_assert_cmpstr (gtk_label_get_label (template_child (page, "connection_label")), ==,
                   "Connected");
  ml_test_app_close_window (window);

  /* A new window knows the site, and asks the portal for the names when shown. */
  window = new_window (&page);
  g_assert_true (page_enrolled (page));
  g_assert_cmpstr (visible_view (page), ==, "site");
  gtk_window_present (GTK_WINDOW (window));
  WAIT_UNTIL (g_strcmp0 (subtitle (page, "customer_row"), ML_TEST_PORTAL_CUSTOMER) == 0 &&
              !page_busy (page));
  g_assert_cmpstr (subtitle (page, "site_row"), ==, ML_TEST_PORTAL_SITE);
  g_assert_cmpstr (gtk_label_get_label (template_child (page, "connection_label")), ==,
                   "Connected");
  g_assert_cmpstr (subtitle (page, "last_sync_row"), !=, "Never");
  ml_test_app_close_window (window);

  ml_test_fleet_stop (fleet);
  ml_test_portal_free (portal);
}

/* In a child with a keyring: see test_keyring(). */
static void
test_keyring_subprocess (void)
{
  MlTestPortal *portal = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) secret = NULL;
  g_autofree char *site_id = NULL;
  MlSitePage *page;
  MlWindow *window;

  if (!g_test_subprocess ())
    {
      g_test_skip ("run by /app/site/keyring");
      return;
    }

  portal = ml_test_portal_start ();
  if (portal == NULL)
    return;

  remove_collector_files ();
  window = new_window (&page);
  set_code (page, ml_test_portal_get_code (portal));
  gtk_widget_activate_action (GTK_WIDGET (page), "page.enrol", NULL);
  WAIT_UNTIL (!page_busy (page));
  g_assert_true (page_enrolled (page));
  g_assert_cmpstr (subtitle (page, "secret_row"), ==, "Kept in your keyring");

  /* The keyring has the secret; the collector's plain file does not. */
  g_assert_true (ml_collector_store_get_enrolment (ml_window_get_store (window), &site_id, NULL,
                                                   NULL, &error));
  g_assert_no_error (error);
  secret = ml_collector_config_load_site_secret (ml_window_get_config (window), site_id, &error);
  g_assert_error (error, ML_ERROR, ML_ERROR_NOT_FOUND);
  g_assert_null (secret);
  g_assert_true (g_file_test (g_getenv ("SECRET_FILE_TEST_PATH"), G_FILE_TEST_EXISTS));
  ml_test_app_close_window (window);

  /* A new window finds it there, and the portal answers the key it makes. */
  window = new_window (&page);
  gtk_window_present (GTK_WINDOW (window));
  WAIT_UNTIL (g_strcmp0 (subtitle (page, "customer_row"), ML_TEST_PORTAL_CUSTOMER) == 0 &&
              !page_busy (page));
  g_assert_cmpstr (gtk_label_get_label (template_child (page, "connection_label")), ==,
                   "Connected");

  /* The syncer gets the keyring's secret from the page: the sync goes through. */
  sync_now (page);
  g_assert_false (gtk_widget_get_visible (template_child (page, "error_row")));
  g_assert_cmpstr (subtitle (page, "last_sync_row"), !=, "Never");
  ml_test_app_close_window (window);

  ml_test_portal_free (portal);
}

static void
test_keyring (void)
{
  ml_test_app_trap_with_file_keyring ("/app/site/keyring/subprocess");
}

int
main (int    argc,
      char **argv)
{
  /* No keyring: the secrets file is the fallback these tests see. */
  g_setenv ("DBUS_SESSION_BUS_ADDRESS", "disabled:", TRUE);

  app = ml_test_app_init (&argc, &argv, "test-app-site");
  if (app == NULL)
    return 0;

  g_test_add_func ("/app/site/typo", test_typo);
  g_test_add_func ("/app/site/enrol-and-sync", test_enrol_and_sync);
  g_test_add_func ("/app/site/keyring", test_keyring);
  g_test_add_func ("/app/site/keyring/subprocess", test_keyring_subprocess);

  return ml_test_app_run ();
}
