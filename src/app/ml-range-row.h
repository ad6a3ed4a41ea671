/* ml-range-row.h: one address range or exclusion of the Collector page, checked as typed
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The row holds one item of the collector's "ranges" setting: an address, a network
 * or a range, or (with "exclusion" set) the same to leave out, typed without the
 * leading '!'. Each change of its text is checked by the core parser at once: the
 * row then says how many addresses it names, or why it names none (the error style,
 * the message as its title and tooltip). An empty row names nothing and is no error.
 *
 * Its remove button emits "remove"; the row's owner takes it out.
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define ML_TYPE_RANGE_ROW (ml_range_row_get_type ())

G_DECLARE_FINAL_TYPE (MlRangeRow, ml_range_row, ML, RANGE_ROW, AdwEntryRow)

MlRangeRow *ml_range_row_new           (const char *text,
                                        gboolean    exclusion);

gboolean    ml_range_row_get_exclusion (MlRangeRow *self);
/* TRUE when the text is empty or names addresses. */
gboolean    ml_range_row_get_valid     (MlRangeRow *self);
/* The parser's message for the text, or NULL when it is valid. */
const char *ml_range_row_get_message   (MlRangeRow *self);
/* How many addresses the row includes or excludes; 0 when empty or invalid. */
guint64     ml_range_row_get_count     (MlRangeRow *self);
/* The item as the setting spells it ("192.0.2.0/24", "!192.0.2.13"), or NULL when
 * the row is empty. */
char       *ml_range_row_dup_item      (MlRangeRow *self);

G_END_DECLS
