/* ml-test-support.c: what several tests share: fixtures, temporary files
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "ml-test-support.h"

#include <glib/gstdio.h>
#include <string.h>

char *
ml_test_fixture_path (const char *name)
{
  const char *dir = g_getenv ("ML_FIXTURES_DIR");
  g_autofree char *path = NULL;

  if (dir == NULL || !g_file_test (dir, G_FILE_TEST_IS_DIR))
    {
      g_test_skip ("the printer captures in ../shared/fixtures/printers are not here");
      return NULL;
    }

  path = g_build_filename (dir, name, NULL);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  return g_steal_pointer (&path);
}

GBytes *
ml_test_fixture_bytes (const char *name)
{
  g_autofree char *path = ml_test_fixture_path (name);
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize length = 0;

  if (path == NULL)
    return NULL;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  return g_bytes_new_take (contents, length);
}

void
ml_test_remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        ml_test_remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

/* Meson compiles this file by a path relative to the build directory and runs the
 * tests there, so that path leads back to the source tree; G_TEST_SRCDIR, when set,
 * wins. */
char *
ml_test_load_bundle_format (void)
{
  g_autofree char *tests_dir = g_getenv ("G_TEST_SRCDIR") != NULL
                               ? g_strdup (g_getenv ("G_TEST_SRCDIR"))
                               : g_path_get_dirname (__FILE__);
  g_autofree char *path = g_build_filename (tests_dir, "..", "docs", "bundle-format.md", NULL);
  g_autofree char *text = NULL;
  GString *stripped;

  if (!g_file_get_contents (path, &text, NULL, NULL))
    {
      g_test_skip ("docs/bundle-format.md is not at hand");
      return NULL;
    }

  stripped = g_string_new (NULL);
  for (const char *p = text; *p != '\0'; p++)
    if (!g_ascii_isspace (*p))
      g_string_append_c (stripped, *p);

  return g_string_free (stripped, FALSE);
}

void
ml_test_assert_in_bundle_format (const char *document,
                                 const char *vector)
{
  if (strstr (document, vector) == NULL)
    g_error ("docs/bundle-format.md does not show the vector %s", vector);
}
