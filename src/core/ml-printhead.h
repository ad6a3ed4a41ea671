/* ml-printhead.h: one printhead: colours, health, warranty
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ml-types.h"

G_BEGIN_DECLS

#define ML_TYPE_PRINTHEAD (ml_printhead_get_type ())

G_DECLARE_FINAL_TYPE (MlPrinthead, ml_printhead, ML, PRINTHEAD, GObject)

MlPrinthead *ml_printhead_new (void);

int ml_printhead_get_slot (MlPrinthead *self);
void ml_printhead_set_slot (MlPrinthead *self, int slot);
const char * const *ml_printhead_get_colors (MlPrinthead *self);
void ml_printhead_set_colors (MlPrinthead *self, const char * const *colors);
MlSupplyState ml_printhead_get_state (MlPrinthead *self);
void ml_printhead_set_state (MlPrinthead *self, MlSupplyState state);
const char *ml_printhead_get_status_text (MlPrinthead *self);
void ml_printhead_set_status_text (MlPrinthead *self, const char *status_text);
int ml_printhead_get_health_percent (MlPrinthead *self);
void ml_printhead_set_health_percent (MlPrinthead *self, int health_percent);
const char *ml_printhead_get_product_number (MlPrinthead *self);
void ml_printhead_set_product_number (MlPrinthead *self, const char *product_number);
const char *ml_printhead_get_product_name (MlPrinthead *self);
void ml_printhead_set_product_name (MlPrinthead *self, const char *product_name);
const char *ml_printhead_get_serial_number (MlPrinthead *self);
void ml_printhead_set_serial_number (MlPrinthead *self, const char *serial_number);
const char *ml_printhead_get_manufacturer (MlPrinthead *self);
void ml_printhead_set_manufacturer (MlPrinthead *self, const char *manufacturer);
gboolean ml_printhead_get_non_hp_ink (MlPrinthead *self);
void ml_printhead_set_non_hp_ink (MlPrinthead *self, gboolean non_hp_ink);
gboolean ml_printhead_get_in_warranty (MlPrinthead *self);
void ml_printhead_set_in_warranty (MlPrinthead *self, gboolean in_warranty);
gint64 ml_printhead_get_warranty_end (MlPrinthead *self);
void ml_printhead_set_warranty_end (MlPrinthead *self, gint64 warranty_end);
gint64 ml_printhead_get_installed_at (MlPrinthead *self);
void ml_printhead_set_installed_at (MlPrinthead *self, gint64 installed_at);
gint64 ml_printhead_get_expires_at (MlPrinthead *self);
void ml_printhead_set_expires_at (MlPrinthead *self, gint64 expires_at);

G_END_DECLS
