/* ml-stored-address.h: one address a printer was seen at, with when
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A printer is its serial number; when it moves, its old addresses stay in its
 * history with the time each was first and last seen.
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define ML_TYPE_STORED_ADDRESS (ml_stored_address_get_type ())

G_DECLARE_FINAL_TYPE (MlStoredAddress, ml_stored_address, ML, STORED_ADDRESS, GObject)

const char *ml_stored_address_get_address (MlStoredAddress *self);
guint       ml_stored_address_get_port (MlStoredAddress *self);
gint64      ml_stored_address_get_first_seen (MlStoredAddress *self);
gint64      ml_stored_address_get_last_seen (MlStoredAddress *self);

G_END_DECLS
