/* ml-model-json.h: the printer model as JSON, one spelling for every program
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Keys are the property names in snake_case ("serial_number", "level_ul"); enums
 * are their ml_*_to_string() names; unknown quantities (-1) and unset strings are
 * left out. `meterlink-collector inspect --json`, the simulator's /truth and the
 * tests all use these functions, so a value compared in one place is spelled the
 * same in all.
 */
#pragma once

#include <json-glib/json-glib.h>

#include "ml-types.h"

G_BEGIN_DECLS

JsonNode *ml_printer_reading_to_json (MlPrinterReading *reading);
JsonNode *ml_identity_to_json        (MlIdentity       *identity);
JsonNode *ml_engine_status_to_json   (MlEngineStatus   *status);
JsonNode *ml_alert_to_json           (MlAlert          *alert);
JsonNode *ml_printhead_to_json       (MlPrinthead      *printhead);
JsonNode *ml_cartridge_to_json       (MlCartridge      *cartridge);
JsonNode *ml_media_source_to_json    (MlMediaSource    *source);
JsonNode *ml_media_type_to_json      (MlMediaType      *type);
JsonNode *ml_usage_to_json           (MlUsage          *usage);
JsonNode *ml_job_to_json             (MlJob            *job);
JsonNode *ml_device_event_to_json    (MlDeviceEvent    *event);

G_END_DECLS
