/* ml-password-private.h: what only the tests may change about password hashing
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The rounds of new hashes (and of the check of an unknown login), so that tests of
 * everything around passwords need not wait 600,000 rounds each time; 0 restores
 * ML_PASSWORD_ROUNDS. Deliberately not reachable from the environment or the
 * command line: a program never lowers it. */
void _ml_password_set_rounds_for_testing (guint rounds);
guint _ml_password_get_rounds (void);

G_END_DECLS
