/* ml-labels.h: the model's states in words a person reads, translated
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * ml_*_to_string() in ml-types.h are the stable names for JSON and stores; these
 * are for people, and change with the language.
 */
#pragma once

#include "ml-types.h"

G_BEGIN_DECLS

const char *ml_engine_state_to_label       (MlEngineState      state);
const char *ml_severity_to_label           (MlSeverity         severity);
const char *ml_supply_state_to_label       (MlSupplyState      state);
const char *ml_media_source_kind_to_label  (MlMediaSourceKind  kind);
const char *ml_media_state_to_label        (MlMediaState       state);
const char *ml_job_kind_to_label           (MlJobKind          kind);
const char *ml_job_status_to_label         (MlJobStatus        status);

G_END_DECLS
