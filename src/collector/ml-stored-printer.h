/* ml-stored-printer.h: a printer as the collector store knows it
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A value object: a snapshot of one row of the store, never updated in place.
 * Timestamps are Unix seconds (UTC), 0 for never; the address is where the printer
 * was seen last; queue-modification is 0 before the first job read.
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define ML_TYPE_STORED_PRINTER (ml_stored_printer_get_type ())

G_DECLARE_FINAL_TYPE (MlStoredPrinter, ml_stored_printer, ML, STORED_PRINTER, GObject)

const char *ml_stored_printer_get_serial (MlStoredPrinter *self);
const char *ml_stored_printer_get_product_number (MlStoredPrinter *self);
const char *ml_stored_printer_get_model (MlStoredPrinter *self);
const char *ml_stored_printer_get_firmware (MlStoredPrinter *self);
const char *ml_stored_printer_get_address (MlStoredPrinter *self);
guint       ml_stored_printer_get_port (MlStoredPrinter *self);
gboolean    ml_stored_printer_get_supported (MlStoredPrinter *self);
const char *ml_stored_printer_get_unsupported_reason (MlStoredPrinter *self);
const char *ml_stored_printer_get_cert_sha256 (MlStoredPrinter *self);
const char *ml_stored_printer_get_pending_cert_sha256 (MlStoredPrinter *self);
const char *ml_stored_printer_get_queue_uuid (MlStoredPrinter *self);
gint64      ml_stored_printer_get_queue_modification (MlStoredPrinter *self);
gint64      ml_stored_printer_get_first_seen (MlStoredPrinter *self);
gint64      ml_stored_printer_get_last_seen (MlStoredPrinter *self);
gint64      ml_stored_printer_get_last_success (MlStoredPrinter *self);
const char *ml_stored_printer_get_last_error (MlStoredPrinter *self);
gint64      ml_stored_printer_get_last_error_at (MlStoredPrinter *self);

G_END_DECLS
