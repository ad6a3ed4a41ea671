/* ml-test-support.c: what several tests share: fixtures, temporary files
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "ml-test-support.h"

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
