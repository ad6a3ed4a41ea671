/* ml-json.h: safe reading of JSON from printers
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define ML_JSON_MAX_SIZE (16 * 1024 * 1024)

/* Parses a JSON document whose root must be an object. Empty input, input over
 * ML_JSON_MAX_SIZE, malformed JSON and a root that is not an object each end in
 * their own ML_ERROR. */
JsonNode *ml_json_parse (const char *data,
                         gsize       length,
                         GError    **error);

G_END_DECLS
