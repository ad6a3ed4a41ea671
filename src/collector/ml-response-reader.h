/* ml-response-reader.h: any saved printer response, its kind told from its content
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "meterlink-core.h"

G_BEGIN_DECLS

/* Parses data once (XML or JSON), finds which reader knows the document, and reads
 * it into reading. out_kind receives a description such as "PIWS InkSystem (JSON)". */
gboolean ml_response_read (MlPrinterReading *reading,
                           const char       *data,
                           gsize             length,
                           char            **out_kind,
                           GError          **error);

G_END_DECLS
