/* ml-store-lock.h: one collection at a time per store, across processes
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The desktop app and a daemon may share one store. Whoever collects holds an
 * exclusive lock on "<store>.lock" for as long as the MlStoreLock lives; the kernel
 * drops it when the object is finalized or the process dies, however it dies, so a
 * killed collector never leaves a stale lock behind. The holder's process ID is
 * written into the file for the message a second collector shows.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define ML_TYPE_STORE_LOCK (ml_store_lock_get_type ())

G_DECLARE_FINAL_TYPE (MlStoreLock, ml_store_lock, ML, STORE_LOCK, GObject)

/* Takes the lock of the store at @store_path at once, or fails at once with
 * ML_ERROR_LOCKED when another MlStoreLock (in this or another process) holds it. */
MlStoreLock *ml_store_lock_acquire  (const char   *store_path,
                                     GError      **error);

/* The lock file: the store's path with ".lock" appended. */
const char  *ml_store_lock_get_path (MlStoreLock  *self);

G_END_DECLS
