/* ml-piws-driver.h: reads one printer over HTTPS through its PIWS web services
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The driver only ever sends GET requests. The printer's self-signed certificate
 * is accepted only when its SHA-256 equals the pin; without a pin (first contact)
 * it is accepted and its fingerprint is kept for the caller to pin.
 */
#pragma once

#include <gio/gio.h>

#include "meterlink-core.h"

G_BEGIN_DECLS

#define ML_TYPE_PIWS_DRIVER (ml_piws_driver_get_type ())

G_DECLARE_FINAL_TYPE (MlPiwsDriver, ml_piws_driver, ML, PIWS_DRIVER, GObject)

MlPiwsDriver     *ml_piws_driver_new             (const char           *address,
                                                  guint                 port,
                                                  const char           *pinned_sha256);
const char       *ml_piws_driver_get_address     (MlPiwsDriver         *self);
guint             ml_piws_driver_get_port        (MlPiwsDriver         *self);
void              ml_piws_driver_set_timeout     (MlPiwsDriver         *self,
                                                  guint                 timeout_ms);
/* The SHA-256 (lowercase hex) of the certificate the printer presented last. */
const char       *ml_piws_driver_get_peer_sha256 (MlPiwsDriver         *self);

/* Reads everything PIWS serves. Jobs are read incrementally: pass the queue UUID
 * and modification number of the previous reading (NULL and 0 the first time); a
 * queue that no longer exists (the printer rebooted) is found again and read from
 * the start. */
void              ml_piws_driver_read_async      (MlPiwsDriver         *self,
                                                  const char           *queue_uuid,
                                                  gint64                from_modification,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
MlPrinterReading *ml_piws_driver_read_finish     (MlPiwsDriver         *self,
                                                  GAsyncResult         *result,
                                                  GError              **error);

G_END_DECLS
