/* ml-json.h: safe reading of untrusted JSON (printers, bundles)
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

/* Whether data nests arrays and objects more than max_depth deep (brackets inside
 * strings do not count). json-glib recurses once per level with no limit of its
 * own: anything untrusted is checked with this before json-glib sees it. */
gboolean  ml_json_nesting_exceeds (const char *data,
                                   gsize       length,
                                   int         max_depth);

G_END_DECLS
