/* ml-test-app.c: the desktop app's tests: one process, one application, one temp home
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "ml-test-app.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <locale.h>

#include "ml-test-support.h"

static MlApplication *app;
static char *app_name;
static char *home;

MlApplication *
ml_test_app_init (int         *argc,
                  char      ***argv,
                  const char  *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *template = NULL;
  const char *localedir;
  const struct {
    const char *variable;
    const char *dir;
  } xdg[] = {
    { "XDG_DATA_HOME", "data" },
    { "XDG_CONFIG_HOME", "config" },
    { "XDG_CACHE_HOME", "cache" },
  };

  g_test_init (argc, argv, NULL);

  /* English unless a test asks for German, whatever the caller's locale; C.UTF-8
   * because gettext ignores LANGUAGE in the plain C locale. */
  if (!g_test_subprocess ())
    g_unsetenv ("LANGUAGE");
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  setlocale (LC_ALL, "");
  localedir = g_getenv ("ML_LOCALEDIR");
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  /* The engine's files in a folder of this run's own: tests run in parallel. */
  app_name = g_strdup (name);
  template = g_strconcat (name, "-XXXXXX", NULL);
  home = g_dir_make_tmp (template, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (xdg); i++)
    {
      g_autofree char *dir = g_build_filename (home, xdg[i].dir, NULL);

      g_mkdir (dir, 0700);
      g_setenv (xdg[i].variable, dir, TRUE);
    }

  /* Inside a Flatpak build, say, there is no display and no xvfb-run. */
  if (!gtk_init_check ())
    {
      g_print ("1..0 # SKIP no display: run under xvfb-run\n");
      ml_test_remove_tree (home);
      g_clear_pointer (&home, g_free);
      return NULL;
    }

  app = ml_application_new (APP_ID, G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);
  /* Windows close in the tests; the application stays for the next one. */
  g_application_hold (G_APPLICATION (app));
  return app;
}

int
ml_test_app_run (void)
{
  int status = g_test_run ();

  g_application_release (G_APPLICATION (app));
  g_clear_object (&app);
  ml_test_remove_tree (home);
  g_clear_pointer (&home, g_free);
  g_clear_pointer (&app_name, g_free);
  return status;
}

gboolean
ml_test_app_timed_out_cb (gpointer user_data)
{
  gboolean *timed_out = user_data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

void
ml_test_app_iterate_pending (void)
{
  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);
}

GtkWidget *
ml_test_app_find_descendant (GtkWidget *widget,
                             GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = ml_test_app_find_descendant (child, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

void
ml_test_app_close_window (MlWindow *window)
{
  g_autoptr(GtkWindow) ref = g_object_ref (GTK_WINDOW (window));
  gboolean handled = FALSE;

  /* What gtk_window_close() does, also for windows never shown (which it leaves
   * alone): closing is what saves the window's state, and an unmapped window keeps
   * the size and maximized state it was given, with no window manager involved. */
  g_signal_emit_by_name (ref, "close-request", &handled);
  g_assert_false (handled);
  gtk_window_destroy (ref);
  ml_test_app_iterate_pending ();
}

void
ml_test_app_destroy_window (MlWindow *window)
{
  gtk_window_destroy (GTK_WINDOW (window));
  ml_test_app_iterate_pending ();
}

/* The window opens the default store, in this run's XDG data folder; a previous
 * test's window may still hold the old file open (it goes when its last reference
 * does). */
void
ml_test_app_remove_store (void)
{
  const char *suffixes[] = { "", "-wal", "-shm" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *name = g_strconcat ("collector.db", suffixes[i], NULL);
      g_autofree char *path = g_build_filename (g_get_user_data_dir (), "meterlink", name, NULL);

      g_unlink (path);
    }
}

void
ml_test_app_trap_with_file_keyring (const char *test_path)
{
  g_autofree char *template = g_strconcat (app_name, "-keyring-XXXXXX", NULL);
  g_autofree char *dir = NULL;
  g_autofree char *keyring = NULL;
  g_autoptr(GError) error = NULL;

  dir = g_dir_make_tmp (template, &error);
  g_assert_no_error (error);
  keyring = g_build_filename (dir, "keyring", NULL);
  g_setenv ("SECRET_BACKEND", "file", TRUE);
  g_setenv ("SECRET_FILE_TEST_PATH", keyring, TRUE);
  g_setenv ("SECRET_FILE_TEST_PASSWORD", "test keyring password", TRUE);
  g_test_trap_subprocess (test_path, 0,
                          G_TEST_SUBPROCESS_INHERIT_STDOUT | G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_unsetenv ("SECRET_BACKEND");
  g_unsetenv ("SECRET_FILE_TEST_PATH");
  g_unsetenv ("SECRET_FILE_TEST_PASSWORD");
  g_unlink (keyring);
  g_rmdir (dir);
  g_test_trap_assert_passed ();
}
