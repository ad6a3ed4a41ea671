/* main.c: meterlink, the desktop app of technicians
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "ml-application.h"

/* Translations: installed ones, unless run from the build tree (`meson devenv`
 * sets MESON_DEVENV; ML_LOCALEDIR names any folder of compiled catalogues). */
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

int
main (int    argc,
      char **argv)
{
  g_autoptr(MlApplication) app = NULL;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, locale_dir ());
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  g_set_application_name ("Meterlink");

  app = ml_application_new (APP_ID, G_APPLICATION_DEFAULT_FLAGS);
  return g_application_run (G_APPLICATION (app), argc, argv);
}
