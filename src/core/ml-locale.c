/* ml-locale.c: translations set up the one way, for every program
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <locale.h>

#include "ml-locale.h"

static const char *
locale_dir (void)
{
  const char *dir = g_getenv ("ML_LOCALEDIR");

  if (dir != NULL && *dir != '\0')
    return dir;
  if (g_getenv ("MESON_DEVENV") != NULL)
    return ML_BUILD_LOCALEDIR;
  return LOCALEDIR;
}

void
ml_locale_init (void)
{
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, locale_dir ());
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
}
