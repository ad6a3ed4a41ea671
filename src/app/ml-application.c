/* ml-application.c: the Meterlink desktop app: app actions, accelerators, windows
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The application only opens windows and answers the primary menu; everything a
 * window shows, and the collection engine behind it, belongs to MlWindow.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "ml-application.h"
#include "ml-preferences-window.h"
#include "ml-window.h"

#define ML_WEBSITE "https://github.com/meterlink/meterlink"

struct _MlApplication
{
  AdwApplication parent_instance;
};

G_DEFINE_FINAL_TYPE (MlApplication, ml_application, ADW_TYPE_APPLICATION)

static GtkWindow *
active_window (MlApplication *self)
{
  return gtk_application_get_active_window (GTK_APPLICATION (self));
}

static void
preferences_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  MlApplication *self = user_data;
  MlPreferencesWindow *preferences = ml_preferences_window_new ();

  gtk_window_set_transient_for (GTK_WINDOW (preferences), active_window (self));
  gtk_window_present (GTK_WINDOW (preferences));
}

static void
shortcuts_action (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer       user_data)
{
  MlApplication *self = user_data;
  GtkWindow *window = active_window (self);

  /* GTK gives every application window the help overlay of the
   * gtk/help-overlay.ui resource and the action that shows it. */
  if (window != NULL)
    gtk_widget_activate_action (GTK_WIDGET (window), "win.show-help-overlay", NULL);
}

static void
about_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  MlApplication *self = user_data;
  const char *developers[] = { "The Meterlink authors", NULL };
  GtkWindow *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", active_window (self),
                        "modal", TRUE,
                        "application-icon", APP_ID,
                        "application-name", "Meterlink",
                        "comments", _("Meter large-format printers for pay-per-use billing"),
                        "developer-name", "The Meterlink authors",
                        "developers", developers,
                        "version", PACKAGE_VERSION,
                        "website", ML_WEBSITE,
                        "issue-url", ML_WEBSITE "/issues",
                        "copyright", "© 2026 The Meterlink authors",
                        "license-type", GTK_LICENSE_GPL_3_0,
                        /* Translators: your names, one per line, to be credited in the
                         * About window */
                        "translator-credits", _("translator-credits"),
                        NULL);
  gtk_window_present (about);
}

static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  MlApplication *self = user_data;
  g_autoptr(GList) windows = NULL;

  /* Closing rather than quitting outright lets each window save its state and
   * stop its collection; the application ends with its last window. */
  windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (self)));
  for (const GList *l = windows; l != NULL; l = l->next)
    gtk_window_close (l->data);
}

static const GActionEntry app_actions[] = {
  { "about", about_action },
  { "preferences", preferences_action },
  { "quit", quit_action },
  { "shortcuts", shortcuts_action },
};

static void
ml_application_activate (GApplication *application)
{
  MlApplication *self = ML_APPLICATION (application);
  GtkWindow *window = active_window (self);

  if (window == NULL)
    window = GTK_WINDOW (ml_window_new (self));

  gtk_window_present (window);
}

static void
ml_application_startup (GApplication *application)
{
  MlApplication *self = ML_APPLICATION (application);
  static const struct {
    const char *action;
    const char *accels[3];
  } accels[] = {
    { "app.preferences", { "<primary>comma", NULL } },
    { "app.quit", { "<primary>q", NULL } },
    { "app.shortcuts", { "<primary>question", NULL } },
    { "win.collect-now", { "<primary>r", NULL } },
    { "win.scan", { "<primary><shift>r", NULL } },
    { "win.search", { "<primary>f", NULL } },
    { "win.show-page::site", { "<alt>1", NULL } },
    { "win.show-page::settings", { "<alt>2", NULL } },
    { "win.show-page::printers", { "<alt>3", NULL } },
    { "win.show-page::jobs", { "<alt>4", NULL } },
  };
  const char *no_accels[] = { NULL };

  G_APPLICATION_CLASS (ml_application_parent_class)->startup (application);

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions,
                                   G_N_ELEMENTS (app_actions), self);

  /* One action per shortcut: GTK's own win.show-help-overlay keeps working, but its
   * accelerators move to app.shortcuts, which the primary menu names. */
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.show-help-overlay",
                                         no_accels);
  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (self), accels[i].action,
                                           accels[i].accels);
}

static void
ml_application_class_init (MlApplicationClass *klass)
{
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  app_class->activate = ml_application_activate;
  app_class->startup = ml_application_startup;
}

static void
ml_application_init (MlApplication *self)
{
}

MlApplication *
ml_application_new (const char        *application_id,
                    GApplicationFlags  flags)
{
  g_return_val_if_fail (g_application_id_is_valid (application_id), NULL);

  /* The resources sit under the release ID's path for the .Devel variant too. */
  return g_object_new (ML_TYPE_APPLICATION,
                       "application-id", application_id,
                       "flags", flags,
                       "resource-base-path", "/org/meterlink/Meterlink",
                       NULL);
}
