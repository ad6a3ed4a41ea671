/* ml-engine-status.h: what the print engine is doing
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ml-types.h"

G_BEGIN_DECLS

#define ML_TYPE_ENGINE_STATUS (ml_engine_status_get_type ())

G_DECLARE_FINAL_TYPE (MlEngineStatus, ml_engine_status, ML, ENGINE_STATUS, GObject)

MlEngineStatus *ml_engine_status_new (void);

MlEngineState ml_engine_status_get_state (MlEngineStatus *self);
void ml_engine_status_set_state (MlEngineStatus *self, MlEngineState state);
MlSeverity ml_engine_status_get_severity (MlEngineStatus *self);
void ml_engine_status_set_severity (MlEngineStatus *self, MlSeverity severity);
const char *ml_engine_status_get_status_text (MlEngineStatus *self);
void ml_engine_status_set_status_text (MlEngineStatus *self, const char *status_text);
const char *ml_engine_status_get_activity (MlEngineStatus *self);
void ml_engine_status_set_activity (MlEngineStatus *self, const char *activity);

G_END_DECLS
