/* ml-identity.h: who the printer is: product number and name, serial number, firmware
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ml-types.h"

G_BEGIN_DECLS

#define ML_TYPE_IDENTITY (ml_identity_get_type ())

G_DECLARE_FINAL_TYPE (MlIdentity, ml_identity, ML, IDENTITY, GObject)

MlIdentity *ml_identity_new (void);

const char *ml_identity_get_product_number (MlIdentity *self);
void ml_identity_set_product_number (MlIdentity *self, const char *product_number);
const char *ml_identity_get_model_name (MlIdentity *self);
void ml_identity_set_model_name (MlIdentity *self, const char *model_name);
const char *ml_identity_get_serial_number (MlIdentity *self);
void ml_identity_set_serial_number (MlIdentity *self, const char *serial_number);
const char *ml_identity_get_firmware_version (MlIdentity *self);
void ml_identity_set_firmware_version (MlIdentity *self, const char *firmware_version);
const char *ml_identity_get_manufacturer (MlIdentity *self);
void ml_identity_set_manufacturer (MlIdentity *self, const char *manufacturer);

/* What a printer said of itself: each field given sets it; a NULL one (the printer
 * did not say) keeps what the identity holds. */
void ml_identity_update (MlIdentity *self,
                         const char *model_name,
                         const char *product_number,
                         const char *serial_number,
                         const char *firmware_version,
                         const char *manufacturer);

G_END_DECLS
