/* ml-scanner.h: finds and identifies the printers in a set of address ranges
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every address is probed with a TCP connection to the printers' port, a bounded
 * number at once; each that answers is asked who it is over HTTPS (PIWS
 * Identification, else LEDM ProductConfigDyn), with GET requests only. Whether a
 * product is supported is data: the supported-printers list in the collector's
 * resources. The scanner stores nothing; the collector records what it found.
 */
#pragma once

#include <gio/gio.h>

#include "meterlink-core.h"

G_BEGIN_DECLS

#define ML_TYPE_SCAN_RESULT (ml_scan_result_get_type ())
G_DECLARE_FINAL_TYPE (MlScanResult, ml_scan_result, ML, SCAN_RESULT, GObject)

const char *ml_scan_result_get_address      (MlScanResult *self);
guint       ml_scan_result_get_port         (MlScanResult *self);
/* NULL when the responder could not be identified (then see get_error). */
MlIdentity *ml_scan_result_get_identity     (MlScanResult *self);
const char *ml_scan_result_get_cert_sha256  (MlScanResult *self);
gboolean    ml_scan_result_get_supported    (MlScanResult *self);
/* Why it is not supported, in words ("HP OfficeJet Pro 9020 series is not a
 * large-format printer"), or NULL. */
const char *ml_scan_result_get_reason       (MlScanResult *self);
/* Which protocol identified it: "PIWS" or "LEDM". */
const char *ml_scan_result_get_protocol     (MlScanResult *self);

#define ML_TYPE_SCANNER (ml_scanner_get_type ())
G_DECLARE_FINAL_TYPE (MlScanner, ml_scanner, ML, SCANNER, GObject)

MlScanner  *ml_scanner_new            (void);
void        ml_scanner_set_port       (MlScanner           *self,
                                       guint                port);
void        ml_scanner_set_concurrency (MlScanner          *self,
                                       guint                concurrency);
void        ml_scanner_set_timeout    (MlScanner           *self,
                                       guint                timeout_ms);

/* Emits "progress" (guint done, guint total, guint found, gint64 eta_ms) on the
 * thread-default main context of the caller as addresses complete. The result is
 * a GPtrArray of MlScanResult, one per responding printer, in address order. */
void        ml_scanner_scan_async     (MlScanner           *self,
                                       MlIpRange           *ranges,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data);
GPtrArray  *ml_scanner_scan_finish    (MlScanner           *self,
                                       GAsyncResult        *result,
                                       GError             **error);

/* Whether a product number is in the supported list, and the reason when not. */
gboolean    ml_scanner_is_supported   (const char          *product_number,
                                       const char          *model_name,
                                       char               **out_reason);

G_END_DECLS
