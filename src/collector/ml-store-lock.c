/* ml-store-lock.c: one collection at a time per store, across processes
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An open-file-description lock (F_OFD_SETLK) rather than a classic POSIX record
 * lock: a POSIX lock belongs to the process, so a second lock in the same process
 * would silently succeed and closing any descriptor of the file would drop it. An
 * OFD lock belongs to this one open file, like flock(), which is the fallback where
 * OFD locks do not exist. The file is never unlinked: a process that unlinks it
 * while another waits to open it would let two collectors lock two different files.
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "ml-error.h"
#include "ml-store-lock.h"

struct _MlStoreLock
{
  GObject parent_instance;

  char *path;
  int fd;
};

G_DEFINE_FINAL_TYPE (MlStoreLock, ml_store_lock, G_TYPE_OBJECT)

static void
ml_store_lock_finalize (GObject *object)
{
  MlStoreLock *self = (MlStoreLock *)object;

  if (self->fd >= 0)
    {
      /* Empty the file first, so nobody reads our pid after we are gone; the lock
       * goes with close() whether or not that works. */
      if (ftruncate (self->fd, 0) != 0)
        g_debug ("Cannot empty %s: %s", self->path, g_strerror (errno));
      close (self->fd);
      self->fd = -1;
    }
  g_clear_pointer (&self->path, g_free);

  G_OBJECT_CLASS (ml_store_lock_parent_class)->finalize (object);
}

static void
ml_store_lock_class_init (MlStoreLockClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ml_store_lock_finalize;
}

static void
ml_store_lock_init (MlStoreLock *self)
{
  self->fd = -1;
}

/* Returns 0, or the errno of a failed attempt (EWOULDBLOCK when it is taken). */
static int
try_lock (int fd)
{
#ifdef F_OFD_SETLK
  struct flock lock = {
    .l_type = F_WRLCK,
    .l_whence = SEEK_SET,
    .l_start = 0,
    .l_len = 0,   /* the whole file */
  };

  if (fcntl (fd, F_OFD_SETLK, &lock) == 0)
    return 0;
  if (errno == EAGAIN || errno == EACCES)
    return EWOULDBLOCK;
  return errno;
#else
  if (flock (fd, LOCK_EX | LOCK_NB) == 0)
    return 0;
  return errno;
#endif
}

/* The pid the holder wrote, or 0 when there is none yet (it may be between taking
 * the lock and writing). */
static gint64
read_holder (int fd)
{
  char buffer[32] = { 0 };
  ssize_t n = pread (fd, buffer, sizeof buffer - 1, 0);
  gint64 pid;

  if (n <= 0)
    return 0;

  pid = g_ascii_strtoll (buffer, NULL, 10);
  return pid > 0 ? pid : 0;
}

static gboolean
write_holder (int fd)
{
  g_autofree char *text = g_strdup_printf ("%ld\n", (long) getpid ());
  size_t length = strlen (text);

  return ftruncate (fd, 0) == 0 && pwrite (fd, text, length, 0) == (ssize_t) length;
}

MlStoreLock *
ml_store_lock_acquire (const char  *store_path,
                       GError     **error)
{
  g_autoptr(MlStoreLock) self = NULL;
  g_autofree char *folder = NULL;
  int saved_errno;

  g_return_val_if_fail (store_path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (ML_TYPE_STORE_LOCK, NULL);
  self->path = g_strconcat (store_path, ".lock", NULL);

  folder = g_path_get_dirname (self->path);
  if (g_mkdir_with_parents (folder, 0700) != 0)
    {
      saved_errno = errno;
      g_set_error (error, ML_ERROR, ML_ERROR_STORE,
                   _("Cannot create the folder %s: %s"), folder, g_strerror (saved_errno));
      return NULL;
    }

  self->fd = g_open (self->path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (self->fd < 0)
    {
      saved_errno = errno;
      g_set_error (error, ML_ERROR, ML_ERROR_STORE,
                   _("Cannot open the lock file %s: %s"), self->path,
                   g_strerror (saved_errno));
      return NULL;
    }

  saved_errno = try_lock (self->fd);
  if (saved_errno == EWOULDBLOCK)
    {
      gint64 holder = read_holder (self->fd);

      if (holder > 0)
        g_set_error (error, ML_ERROR, ML_ERROR_LOCKED,
                     _("Another collection is running on this store (process %ld)"),
                     (long) holder);
      else
        g_set_error (error, ML_ERROR, ML_ERROR_LOCKED,
                     _("Another collection is running on this store"));
      return NULL;
    }
  else if (saved_errno != 0)
    {
      g_set_error (error, ML_ERROR, ML_ERROR_STORE,
                   _("Cannot lock %s: %s"), self->path, g_strerror (saved_errno));
      return NULL;
    }

  if (!write_holder (self->fd))
    {
      saved_errno = errno;
      g_set_error (error, ML_ERROR, ML_ERROR_STORE,
                   _("Cannot write to the lock file %s: %s"), self->path,
                   g_strerror (saved_errno));
      return NULL;
    }

  return g_steal_pointer (&self);
}

const char *
ml_store_lock_get_path (MlStoreLock *self)
{
  g_return_val_if_fail (ML_IS_STORE_LOCK (self), NULL);

  return self->path;
}
