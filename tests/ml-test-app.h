/* ml-test-app.h: the desktop app's tests: one process, one application, one temp home
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every app test runs its cases against one MlApplication, in English, with the
 * collector's files in XDG folders of its own (tests run in parallel), and waits on
 * the main loop with a deadline rather than sleeping.
 */
#pragma once

#include <adwaita.h>

#include "ml-application.h"
#include "ml-window.h"

G_BEGIN_DECLS

/* g_test_init(), English (C.UTF-8, translations from ML_LOCALEDIR), XDG data, config
 * and cache homes in a new folder named from @name, then a registered, held
 * application. Returns that application, or NULL (with the TAP plan that skips
 * everything printed) when there is no display: main() then returns 0. */
MlApplication *ml_test_app_init                 (int         *argc,
                                                 char      ***argv,
                                                 const char  *name);
/* g_test_run(), then releases the application and removes the folder. */
int            ml_test_app_run                  (void);

gboolean       ml_test_app_timed_out_cb         (gpointer     user_data);

/* Runs the main loop until COND holds, for at most SECONDS. */
#define ML_TEST_APP_WAIT_UNTIL(cond, seconds)                                             \
  G_STMT_START {                                                                          \
    gboolean timed_out_ = FALSE;                                                          \
    guint timeout_id_ = g_timeout_add_seconds ((seconds), ml_test_app_timed_out_cb,       \
                                               &timed_out_);                              \
    while (!(cond) && !timed_out_)                                                        \
      g_main_context_iteration (NULL, TRUE);                                              \
    if (timed_out_)                                                                       \
      g_error ("Timed out waiting for %s", #cond);                                        \
    g_source_remove (timeout_id_);                                                        \
  } G_STMT_END

void           ml_test_app_iterate_pending      (void);
/* @widget or its first descendant of @type, or NULL. */
GtkWidget     *ml_test_app_find_descendant      (GtkWidget   *widget,
                                                 GType        type);
/* What gtk_window_close() does, also for windows never shown, then destroys it. */
void           ml_test_app_close_window         (MlWindow    *window);
/* Destroys @window without closing it (no state saved) and lets it go. */
void           ml_test_app_destroy_window       (MlWindow    *window);

/* Removes the default collector store, for a test that starts from an empty one. */
void           ml_test_app_remove_store         (void);
/* Runs @test_path in a child with libsecret's file backend (the one the Secret
 * portal serves inside Flatpak), a keyring that needs no daemon. */
void           ml_test_app_trap_with_file_keyring (const char *test_path);

G_END_DECLS
