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

G_END_DECLS
