/* ml-alert.h: one active alert with its severity
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ml-types.h"

G_BEGIN_DECLS

#define ML_TYPE_ALERT (ml_alert_get_type ())

G_DECLARE_FINAL_TYPE (MlAlert, ml_alert, ML, ALERT, GObject)

MlAlert *ml_alert_new (void);

const char *ml_alert_get_code (MlAlert *self);
void ml_alert_set_code (MlAlert *self, const char *code);
const char *ml_alert_get_category (MlAlert *self);
void ml_alert_set_category (MlAlert *self, const char *category);
MlSeverity ml_alert_get_severity (MlAlert *self);
void ml_alert_set_severity (MlAlert *self, MlSeverity severity);
const char *ml_alert_get_description (MlAlert *self);
void ml_alert_set_description (MlAlert *self, const char *description);
gint64 ml_alert_get_raised_at (MlAlert *self);
void ml_alert_set_raised_at (MlAlert *self, gint64 raised_at);

G_END_DECLS
