/* main.c: meterlink, the desktop app of technicians
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "ml-application.h"
#include "ml-locale.h"

int
main (int    argc,
      char **argv)
{
  g_autoptr(MlApplication) app = NULL;

  ml_locale_init ();

  g_set_application_name ("Meterlink");

  app = ml_application_new (APP_ID, G_APPLICATION_DEFAULT_FLAGS);
  return g_application_run (G_APPLICATION (app), argc, argv);
}
