/* ml-device-event.h: one entry of a printer's event table (a change detector)
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ml-types.h"

G_BEGIN_DECLS

#define ML_TYPE_DEVICE_EVENT (ml_device_event_get_type ())

G_DECLARE_FINAL_TYPE (MlDeviceEvent, ml_device_event, ML, DEVICE_EVENT, GObject)

MlDeviceEvent *ml_device_event_new (void);

const char *ml_device_event_get_category (MlDeviceEvent *self);
void ml_device_event_set_category (MlDeviceEvent *self, const char *category);
const char *ml_device_event_get_aging_stamp (MlDeviceEvent *self);
void ml_device_event_set_aging_stamp (MlDeviceEvent *self, const char *aging_stamp);
const char *ml_device_event_get_resource_uri (MlDeviceEvent *self);
void ml_device_event_set_resource_uri (MlDeviceEvent *self, const char *resource_uri);

G_END_DECLS
