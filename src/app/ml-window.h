/* ml-window.h: the main window: its pages, the collection engine they share, its actions
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The window owns one collection engine (MlCollectorConfig from the default file,
 * MlCollectorStore from the default store, an MlCollector over both) for its whole
 * life. Pages find their window with
 *
 *   MlWindow *window = ML_WINDOW (gtk_widget_get_ancestor (GTK_WIDGET (page), ML_TYPE_WINDOW));
 *
 * from their GtkWidget::root on (the engine exists before the pages are created)
 * and take the engine from the getters below. A getter returns NULL only when the
 * settings or the store could not be opened; the window then says why.
 *
 * Window actions: win.collect-now, win.scan, win.cancel (the running collection or
 * scan), win.show-page (string: site, settings, printers, jobs) and win.search,
 * which activates page.search on the visible page when its class installs that
 * action (gtk_widget_class_install_action) and is disabled otherwise.
 *
 * Signals, for the pages that show progress and results:
 *   "progress"  (const char *phase, guint done, guint total, guint found, gint64 eta_ms):
 *               the running collection's or scan's progress; phase is "scan" or "read".
 *   "collected" (MlCycleSummary *summary): a collection finished.
 *   "scanned"   (GPtrArray *results): a scan finished, an array of MlScanResult.
 * The "busy" property is TRUE while a collection or scan runs.
 */
#pragma once

#include <adwaita.h>

#include "ml-application.h"
#include "ml-collector.h"

G_BEGIN_DECLS

#define ML_TYPE_WINDOW (ml_window_get_type ())

G_DECLARE_FINAL_TYPE (MlWindow, ml_window, ML, WINDOW, AdwApplicationWindow)

MlWindow          *ml_window_new           (MlApplication *application);

MlCollector       *ml_window_get_collector (MlWindow      *self);
MlCollectorConfig *ml_window_get_config    (MlWindow      *self);
MlCollectorStore  *ml_window_get_store     (MlWindow      *self);
gboolean           ml_window_get_busy      (MlWindow      *self);

/* Shows @toast over the visible page (takes the floating reference, as
 * adw_toast_overlay_add_toast() does). */
void               ml_window_add_toast     (MlWindow      *self,
                                            AdwToast      *toast);

G_END_DECLS
