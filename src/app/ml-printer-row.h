/* ml-printer-row.h: one printer of the Printers page, updated in place
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A row is a printer by its serial number for the life of the page: what the store
 * says of it (ml_printer_row_update_stored()) and its latest status
 * (ml_printer_row_update_reading(), from the store, a collection or a live read)
 * change its properties, and each change notifies, so the cells showing it and the
 * printer's own page follow without the list being rebuilt.
 */
#pragma once

#include <glib-object.h>

#include "ml-collector-store.h"

G_BEGIN_DECLS

#define ML_TYPE_PRINTER_ROW (ml_printer_row_get_type ())

G_DECLARE_FINAL_TYPE (MlPrinterRow, ml_printer_row, ML, PRINTER_ROW, GObject)

MlPrinterRow     *ml_printer_row_new                  (const char       *serial);

/* The store's row of the printer: model, address, port, pin, last seen, last error. */
void              ml_printer_row_update_stored        (MlPrinterRow     *self,
                                                       MlStoredPrinter  *stored);
/* Its latest status: status, alerts, printheads, cartridges, media. */
void              ml_printer_row_update_reading       (MlPrinterRow     *self,
                                                       MlPrinterReading *reading);
/* A read that failed now (NULL: the last read worked). */
void              ml_printer_row_set_last_error       (MlPrinterRow     *self,
                                                       const char       *message);
void              ml_printer_row_set_last_seen        (MlPrinterRow     *self,
                                                       gint64            last_seen);

const char       *ml_printer_row_get_serial           (MlPrinterRow     *self);
const char       *ml_printer_row_get_model            (MlPrinterRow     *self);
const char       *ml_printer_row_get_address          (MlPrinterRow     *self);
guint             ml_printer_row_get_port             (MlPrinterRow     *self);
/* The pinned certificate, NULL before the first contact. */
const char       *ml_printer_row_get_pin              (MlPrinterRow     *self);
gboolean          ml_printer_row_get_supported        (MlPrinterRow     *self);
const char       *ml_printer_row_get_status_label     (MlPrinterRow     *self);
const char       *ml_printer_row_get_status_icon_name (MlPrinterRow     *self);
/* 0 to 100, or -1 when no cartridge said. */
int               ml_printer_row_get_lowest_ink       (MlPrinterRow     *self);
const char       *ml_printer_row_get_lowest_ink_color (MlPrinterRow     *self);
gint64            ml_printer_row_get_last_seen        (MlPrinterRow     *self);
const char       *ml_printer_row_get_last_error       (MlPrinterRow     *self);
MlPrinterReading *ml_printer_row_get_reading          (MlPrinterRow     *self);

/* A cartridge's level in percent, from its percent or its microlitres; -1 when it
 * says neither. */
int               ml_printer_row_cartridge_level      (MlCartridge      *cartridge);

G_END_DECLS
