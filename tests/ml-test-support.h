/* ml-test-support.h: what several tests share: fixtures, temporary files
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The path of a capture in ../shared/fixtures/printers, or NULL (and the test is
 * marked skipped) when the fixtures are not there, as in a user's clone. */
char *ml_test_fixture_path (const char *name);

/* The contents of a capture, or NULL and skipped as above. */
GBytes *ml_test_fixture_bytes (const char *name);

/* docs/bundle-format.md without any white space, or NULL (and the test skipped)
 * when the source tree is not at hand. */
char *ml_test_load_bundle_format (void);

/* Fails the test unless @document (as above) shows the test vector @vector. */
void ml_test_assert_in_bundle_format (const char *document,
                                      const char *vector);

/* Removes @path and everything below it (links, not what they point to). */
void ml_test_remove_tree (const char *path);

G_END_DECLS
