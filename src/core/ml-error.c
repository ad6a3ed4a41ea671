/* ml-error.c: the error domain of everything a user can meet
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "ml-error.h"

G_DEFINE_QUARK (ml-error-quark, ml_error)
