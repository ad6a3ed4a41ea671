/* ml-preferences-window.c: the app's preferences (the collector's own settings are a page)
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What is here changes only how this app behaves on this computer, and lives in
 * GSettings; what the collector does is the Collector page's, in the collector's
 * file, shared with meterlink-collector.
 */
#include "config.h"

#include "ml-preferences-window.h"

struct _MlPreferencesWindow
{
  AdwPreferencesWindow parent_instance;

  /* Template widgets */
  GtkSpinButton *refresh_interval_button;

  GSettings *settings;
};

G_DEFINE_FINAL_TYPE (MlPreferencesWindow, ml_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

static void
ml_preferences_window_dispose (GObject *object)
{
  MlPreferencesWindow *self = ML_PREFERENCES_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), ML_TYPE_PREFERENCES_WINDOW);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (ml_preferences_window_parent_class)->dispose (object);
}

static void
ml_preferences_window_class_init (MlPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ml_preferences_window_dispose;

  gtk_widget_class_set_template_from_resource (
    widget_class, "/org/meterlink/Meterlink/ui/ml-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, MlPreferencesWindow, refresh_interval_button);
}

static void
ml_preferences_window_init (MlPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new (SETTINGS_SCHEMA_ID);
  g_settings_bind (self->settings, "live-refresh-interval",
                   self->refresh_interval_button, "value",
                   G_SETTINGS_BIND_DEFAULT);
}

MlPreferencesWindow *
ml_preferences_window_new (void)
{
  return g_object_new (ML_TYPE_PREFERENCES_WINDOW, NULL);
}
