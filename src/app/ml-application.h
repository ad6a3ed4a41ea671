/* ml-application.h: the Meterlink desktop app: app actions, accelerators, windows
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define ML_TYPE_APPLICATION (ml_application_get_type ())

G_DECLARE_FINAL_TYPE (MlApplication, ml_application, ML, APPLICATION, AdwApplication)

/* @application_id is APP_ID for the real app; tests pass G_APPLICATION_NON_UNIQUE. */
MlApplication *ml_application_new (const char        *application_id,
                                   GApplicationFlags  flags);

G_END_DECLS
