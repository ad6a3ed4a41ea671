/* ml-locale.h: translations set up the one way, for every program
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* setlocale() and the gettext domain, bound to the installed catalogues, or to the
 * build tree's when run uninstalled: `meson devenv` sets MESON_DEVENV, and
 * ML_LOCALEDIR names any folder of compiled catalogues (the tests use it). */
void ml_locale_init (void);

G_END_DECLS
