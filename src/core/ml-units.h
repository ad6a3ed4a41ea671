/* ml-units.h: exact conversion of the printers' units into the model's
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The model keeps quantities as integers: ink in microlitres, length in mm,
 * area in mm², durations in ms, timestamps as Unix seconds (UTC). Printers speak
 * cc, ml, tenths of ml, inches, square inches, m², ft², seconds. A reader hands the
 * printer's text and unit to ml_units_convert() once; the value is parsed as an
 * exact decimal (no binary floating point) and rounded half away from zero.
 */
#pragma once

#include "ml-types.h"

G_BEGIN_DECLS

/* -1 in any quantity of the model means "the printer did not say". */
#define ML_UNKNOWN (-1)

gboolean ml_units_parse_decimal  (const char  *text,
                                  gint64      *out_millionths,
                                  GError     **error);
gboolean ml_units_convert        (const char  *text,
                                  const char  *unit,
                                  MlUnit       target,
                                  gint64      *out_value,
                                  GError     **error);
gboolean ml_units_convert_double (double       value,
                                  const char  *unit,
                                  MlUnit       target,
                                  gint64      *out_value,
                                  GError     **error);
char    *ml_units_format         (gint64       value,
                                  MlUnit       from,
                                  const char  *unit);
gboolean ml_units_parse_timestamp (const char *text,
                                   gint64     *out_unix_seconds,
                                   GError    **error);
char    *ml_units_format_timestamp (gint64 unix_seconds);
gboolean ml_units_parse_duration (const char  *iso8601,
                                  gint64      *out_ms,
                                  GError     **error);

G_END_DECLS
