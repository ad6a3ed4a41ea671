/* ml-model-json-parse.h: the printer model back from its JSON spelling
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The inverse of ml-model-json.h: what ml_printer_reading_to_json() wrote,
 * ml_printer_reading_new_from_json() reads back into equal objects (a round trip
 * gives the same JSON bytes). Members that are absent stay unknown; a member of the
 * wrong type or out of range is an error, never a guess.
 */
#pragma once

#include <json-glib/json-glib.h>

#include "ml-types.h"

G_BEGIN_DECLS

MlPrinterReading *ml_printer_reading_new_from_json (JsonNode  *node,
                                                    GError   **error);
MlJob            *ml_job_new_from_json             (JsonNode  *node,
                                                    GError   **error);
MlCategoryUsage  *ml_category_usage_new_from_json  (JsonNode  *node,
                                                    GError   **error);

G_END_DECLS
