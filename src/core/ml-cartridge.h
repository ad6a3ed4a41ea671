/* ml-cartridge.h: one ink cartridge in its slot: level, capacity, ink used through the slot
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ml-types.h"

G_BEGIN_DECLS

#define ML_TYPE_CARTRIDGE (ml_cartridge_get_type ())

G_DECLARE_FINAL_TYPE (MlCartridge, ml_cartridge, ML, CARTRIDGE, GObject)

MlCartridge *ml_cartridge_new (void);

int ml_cartridge_get_slot (MlCartridge *self);
void ml_cartridge_set_slot (MlCartridge *self, int slot);
const char *ml_cartridge_get_color (MlCartridge *self);
void ml_cartridge_set_color (MlCartridge *self, const char *color);
MlSupplyState ml_cartridge_get_state (MlCartridge *self);
void ml_cartridge_set_state (MlCartridge *self, MlSupplyState state);
const char *ml_cartridge_get_status_text (MlCartridge *self);
void ml_cartridge_set_status_text (MlCartridge *self, const char *status_text);
const char *ml_cartridge_get_product_number (MlCartridge *self);
void ml_cartridge_set_product_number (MlCartridge *self, const char *product_number);
const char *ml_cartridge_get_product_name (MlCartridge *self);
void ml_cartridge_set_product_name (MlCartridge *self, const char *product_name);
const char *ml_cartridge_get_serial_number (MlCartridge *self);
void ml_cartridge_set_serial_number (MlCartridge *self, const char *serial_number);
const char *ml_cartridge_get_manufacturer (MlCartridge *self);
void ml_cartridge_set_manufacturer (MlCartridge *self, const char *manufacturer);
gint64 ml_cartridge_get_capacity_ul (MlCartridge *self);
void ml_cartridge_set_capacity_ul (MlCartridge *self, gint64 capacity_ul);
gint64 ml_cartridge_get_level_ul (MlCartridge *self);
void ml_cartridge_set_level_ul (MlCartridge *self, gint64 level_ul);
int ml_cartridge_get_level_percent (MlCartridge *self);
void ml_cartridge_set_level_percent (MlCartridge *self, int level_percent);
gint64 ml_cartridge_get_ink_used_ul (MlCartridge *self);
void ml_cartridge_set_ink_used_ul (MlCartridge *self, gint64 ink_used_ul);
gint64 ml_cartridge_get_non_hp_ink_used_ul (MlCartridge *self);
void ml_cartridge_set_non_hp_ink_used_ul (MlCartridge *self, gint64 non_hp_ink_used_ul);
gint64 ml_cartridge_get_installed_at (MlCartridge *self);
void ml_cartridge_set_installed_at (MlCartridge *self, gint64 installed_at);
gint64 ml_cartridge_get_expires_at (MlCartridge *self);
void ml_cartridge_set_expires_at (MlCartridge *self, gint64 expires_at);

G_END_DECLS
