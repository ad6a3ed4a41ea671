/* ml-piws-supplies.c: the PIWS documents InkSystem and PrintheadsStatus
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "ml-piws-reader-private.h"

static MlSupplyState
piws_supply_state (const char *text)
{
  static const char *const ok[] = { "Ready", "Ok", NULL };
  static const char *const low[] = { "LowLevel", "Low", NULL };
  static const char *const very_low[] = { "VeryLow", NULL };
  static const char *const empty[] = { "Empty", "OutOfInk", NULL };
  static const char *const expired[] = { "Expired", NULL };
  static const char *const missing[] = { "Missing", NULL };
  static const char *const error[] = { "Error", NULL };

  if (_ml_piws_word_is (text, ok))
    return ML_SUPPLY_STATE_OK;
  if (_ml_piws_word_is (text, low))
    return ML_SUPPLY_STATE_LOW;
  if (_ml_piws_word_is (text, very_low))
    return ML_SUPPLY_STATE_VERY_LOW;
  if (_ml_piws_word_is (text, empty))
    return ML_SUPPLY_STATE_EMPTY;
  if (_ml_piws_word_is (text, expired))
    return ML_SUPPLY_STATE_EXPIRED;
  if (_ml_piws_word_is (text, missing))
    return ML_SUPPLY_STATE_MISSING;
  if (_ml_piws_word_is (text, error))
    return ML_SUPPLY_STATE_ERROR;
  return ML_SUPPLY_STATE_UNKNOWN;
}

static MlCartridge *
piws_read_ink_slot (MlPiws     *p,
                    MlPiwsItem *slot,
                    const char *group_color,
                    int         ordinal,
                    MlUsage    *ink_totals)
{
  g_autoptr(MlCartridge) cartridge = ml_cartridge_new ();
  g_autofree char *info_path = _ml_piws_path (slot->path, "SlotInfo.InkSupplyInfo");
  g_autofree char *cumulative_path = _ml_piws_path (slot->path, "SlotInfo.InkSlotCumulativeInfo");
  g_autofree char *color = NULL;
  g_autofree char *reported = NULL;
  g_autofree char *state_text = NULL;
  g_autofree char *part_number = NULL;
  g_autofree char *order_number = NULL;
  g_autofree char *serial = NULL;
  g_autofree char *brand = NULL;
  JsonObject *info;
  JsonObject *cumulative;
  gboolean present = TRUE;
  gint64 slot_id = ordinal;
  gint64 capacity = ML_UNKNOWN;
  gint64 level = ML_UNKNOWN;
  gint64 level_percent = ML_UNKNOWN;
  gint64 installed_at = 0;
  gint64 expires_at = 0;
  gint64 ink_used = ML_UNKNOWN;
  gint64 hp_ink_used = ML_UNKNOWN;
  gint64 insertions = ML_UNKNOWN;
  MlSupplyState state;

  _ml_piws_int (p, slot->object, slot->path, "SlotId", 0, G_MAXINT, &slot_id);
  color = _ml_piws_text (p, slot->object, slot->path, "Color");
  _ml_piws_bool (p, slot->object, slot->path, "isPresent", &present);
  info = _ml_piws_object (p, slot->object, slot->path, "SlotInfo.InkSupplyInfo");
  cumulative = _ml_piws_object (p, slot->object, slot->path, "SlotInfo.InkSlotCumulativeInfo");

  reported = _ml_piws_text (p, info, info_path, "UserReportedStatus");
  state_text = _ml_piws_text (p, info, info_path, "State");
  part_number = _ml_piws_text (p, info, info_path, "PartNumber");
  order_number = _ml_piws_text (p, info, info_path, "OrderNumber");
  serial = _ml_piws_text (p, info, info_path, "SerialNumber");
  brand = _ml_piws_text (p, info, info_path, "Brand");
  _ml_piws_quantity (p, info, info_path, "Capacity", ML_UNIT_MICROLITRE, NULL, &capacity);
  _ml_piws_quantity (p, info, info_path, "Level", ML_UNIT_MICROLITRE, NULL, &level);
  _ml_piws_rounded (p, info, info_path, "LevelPercentage", 0, 100, &level_percent);
  _ml_piws_timestamp (p, info, info_path, "InstallDate", &installed_at);
  _ml_piws_timestamp (p, info, info_path, "ExpirationDate", &expires_at);

  _ml_piws_quantity (p, cumulative, cumulative_path, "InkUsed", ML_UNIT_MICROLITRE, NULL,
                     &ink_used);
  _ml_piws_quantity (p, cumulative, cumulative_path, "HPInkUsed", ML_UNIT_MICROLITRE, NULL,
                     &hp_ink_used);
  _ml_piws_int (p, cumulative, cumulative_path, "NumberOfInsertions", 0, G_MAXINT64, &insertions);

  if (p->error != NULL)
    return NULL;

  if (color == NULL && group_color != NULL)
    color = g_strdup (group_color);

  /* The state the printer shows its user comes first: the Z9 reports a low and
   * expired cartridge as "LowLevel", and the low level is what needs acting on. */
  if (!present)
    state = ML_SUPPLY_STATE_MISSING;
  else if ((state = piws_supply_state (reported)) == ML_SUPPLY_STATE_UNKNOWN)
    state = piws_supply_state (state_text);

  ml_cartridge_set_slot (cartridge, (int) slot_id);
  ml_cartridge_set_color (cartridge, color);
  ml_cartridge_set_state (cartridge, state);
  ml_cartridge_set_status_text (cartridge, reported != NULL ? reported : state_text);
  ml_cartridge_set_product_number (cartridge, part_number);
  ml_cartridge_set_product_name (cartridge, order_number);
  ml_cartridge_set_serial_number (cartridge, serial);
  ml_cartridge_set_manufacturer (cartridge, brand);
  ml_cartridge_set_capacity_ul (cartridge, capacity);
  ml_cartridge_set_level_ul (cartridge, level);
  ml_cartridge_set_level_percent (cartridge, (int) level_percent);
  ml_cartridge_set_installed_at (cartridge, installed_at);
  ml_cartridge_set_expires_at (cartridge, expires_at);
  ml_cartridge_set_ink_used_ul (cartridge, ink_used);
  if (ink_used >= 0 && hp_ink_used >= 0)
    ml_cartridge_set_non_hp_ink_used_ul (cartridge, MAX (ink_used - hp_ink_used, 0));

  if (color != NULL)
    {
      MlInkUsage *total = _ml_piws_add_ink (ink_totals, color, ink_used);

      if (ml_ink_usage_get_product_number (total) == NULL)
        ml_ink_usage_set_product_number (total, part_number);
      ml_ink_usage_set_hp_ink_used_ul (total,
                                       _ml_piws_sum (ml_ink_usage_get_hp_ink_used_ul (total),
                                                     hp_ink_used));
      ml_ink_usage_set_insertions (total,
                                   _ml_piws_sum (ml_ink_usage_get_insertions (total),
                                                 insertions));
    }

  return g_steal_pointer (&cartridge);
}

/* InkSystem › InkSlotGroupCollection › InkSlotGroup[] › InkSlotCollection › InkSlot[] */
void
_ml_piws_read_ink_system (MlPiws           *p,
                          MlPrinterReading *reading,
                          JsonObject       *root)
{
  static const char *const reservoir[] = { "Reservoir", NULL };
  g_autoptr(GPtrArray) groups = _ml_piws_items (p, root, "", "InkSlotGroupCollection.InkSlotGroup");
  g_autoptr(GPtrArray) cartridges = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(MlUsage) ink_totals = ml_usage_new ();
  MlUsage *usage = ml_printer_reading_get_usage (reading);
  GListModel *inks;

  for (guint i = 0; i < groups->len && p->error == NULL; i++)
    {
      MlPiwsItem *group = g_ptr_array_index (groups, i);
      g_autofree char *group_color = _ml_piws_text (p, group->object, group->path, "Color");
      g_autoptr(GPtrArray) slots = _ml_piws_items (p, group->object, group->path,
                                                   "InkSlotCollection.InkSlot");

      for (guint j = 0; j < slots->len && p->error == NULL; j++)
        {
          MlPiwsItem *slot = g_ptr_array_index (slots, j);
          g_autofree char *supply_type = _ml_piws_text (p, slot->object, slot->path, "SupplyType");
          MlCartridge *cartridge;

          if (supply_type == NULL)
            supply_type = _ml_piws_text (p, slot->object, slot->path,
                                         "SlotInfo.InkSupplyInfo.SupplyType");

          /* A reservoir is fed from a supply: counting it would count its ink twice. */
          if (_ml_piws_word_is (supply_type, reservoir))
            continue;

          cartridge = piws_read_ink_slot (p, slot, group_color, (int) cartridges->len,
                                          ink_totals);
          if (cartridge != NULL)
            g_ptr_array_add (cartridges, cartridge);
        }
    }

  if (p->error != NULL)
    return;

  for (guint i = 0; i < cartridges->len; i++)
    ml_printer_reading_add_cartridge (reading, g_ptr_array_index (cartridges, i));

  /* Set, not added to: reading InkSystem twice must not count the ink twice. */
  inks = ml_usage_get_inks (ink_totals);
  for (guint i = 0; i < g_list_model_get_n_items (inks); i++)
    {
      g_autoptr(MlInkUsage) total = g_list_model_get_item (inks, i);
      MlInkUsage *ink = ml_usage_lookup_ink (usage, ml_ink_usage_get_color (total));

      if (ink == NULL)
        {
          ml_usage_add_ink (usage, total);
          continue;
        }
      ml_ink_usage_set_product_number (ink, ml_ink_usage_get_product_number (total));
      ml_ink_usage_set_ink_used_ul (ink, ml_ink_usage_get_ink_used_ul (total));
      ml_ink_usage_set_hp_ink_used_ul (ink, ml_ink_usage_get_hp_ink_used_ul (total));
      ml_ink_usage_set_insertions (ink, ml_ink_usage_get_insertions (total));
    }
}

/* PrintheadsStatus › PrintheadSlotCollection › PrintheadSlot[] */
void
_ml_piws_read_printheads (MlPiws           *p,
                          MlPrinterReading *reading,
                          JsonObject       *root)
{
  g_autoptr(GPtrArray) items = _ml_piws_items (p, root, "",
                                               "PrintheadSlotCollection.PrintheadSlot");
  g_autoptr(GPtrArray) printheads = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < items->len && p->error == NULL; i++)
    {
      MlPiwsItem *item = g_ptr_array_index (items, i);
      g_autoptr(MlPrinthead) printhead = ml_printhead_new ();
      g_autofree char *info_path = _ml_piws_path (item->path, "PrintheadInfo");
      g_auto(GStrv) colors = NULL;
      g_autofree char *health_status = NULL;
      g_autofree char *state_text = NULL;
      g_autofree char *part_number = NULL;
      g_autofree char *order_number = NULL;
      g_autofree char *serial = NULL;
      g_autofree char *manufacturer = NULL;
      JsonObject *info;
      gint64 slot_id = i;
      gint64 health = ML_UNKNOWN;
      gint64 installed_at = 0;
      gint64 expires_at = 0;
      gint64 warranty_end = 0;
      gboolean in_warranty = FALSE;
      gboolean non_hp_ink = FALSE;
      gboolean present = TRUE;
      MlSupplyState state;

      _ml_piws_int (p, item->object, item->path, "SlotId", 0, G_MAXINT, &slot_id);
      colors = _ml_piws_text_list (p, item->object, item->path, "ColorCollection.Color");
      _ml_piws_bool (p, item->object, item->path, "isPresent", &present);
      info = _ml_piws_object (p, item->object, item->path, "PrintheadInfo");

      _ml_piws_rounded (p, info, info_path, "HealthGaugeLevel", 0, 100, &health);
      health_status = _ml_piws_text (p, info, info_path, "HealthGaugeStatus");
      state_text = _ml_piws_text (p, info, info_path, "State");
      part_number = _ml_piws_text (p, info, info_path, "PartNumber");
      order_number = _ml_piws_text (p, info, info_path, "OrderNumber");
      serial = _ml_piws_text (p, info, info_path, "SerialNumber");
      manufacturer = _ml_piws_text (p, info, info_path, "Manufacturer");
      _ml_piws_timestamp (p, info, info_path, "InstallDate", &installed_at);
      _ml_piws_timestamp (p, info, info_path, "ExpirationDate", &expires_at);
      _ml_piws_bool (p, info, info_path, "InWarranty", &in_warranty);
      _ml_piws_timestamp (p, info, info_path, "WarrantyExpirationDate", &warranty_end);
      _ml_piws_bool (p, info, info_path, "NonHPInkUsed", &non_hp_ink);

      if (p->error != NULL)
        break;

      /* An empty slot has no PrintheadInfo. */
      if (!present || info == NULL)
        state = ML_SUPPLY_STATE_MISSING;
      else if ((state = piws_supply_state (state_text)) == ML_SUPPLY_STATE_UNKNOWN)
        state = piws_supply_state (health_status);

      ml_printhead_set_slot (printhead, (int) slot_id);
      ml_printhead_set_colors (printhead, (const char * const *) colors);
      ml_printhead_set_state (printhead, state);
      ml_printhead_set_status_text (printhead, state_text != NULL ? state_text : health_status);
      ml_printhead_set_health_percent (printhead, (int) health);
      ml_printhead_set_product_number (printhead, part_number);
      ml_printhead_set_product_name (printhead, order_number);
      ml_printhead_set_serial_number (printhead, serial);
      ml_printhead_set_manufacturer (printhead, manufacturer);
      ml_printhead_set_installed_at (printhead, installed_at);
      ml_printhead_set_expires_at (printhead, expires_at);
      ml_printhead_set_in_warranty (printhead, in_warranty);
      ml_printhead_set_warranty_end (printhead, warranty_end);
      ml_printhead_set_non_hp_ink (printhead, non_hp_ink);
      g_ptr_array_add (printheads, g_steal_pointer (&printhead));
    }

  if (p->error != NULL)
    return;

  for (guint i = 0; i < printheads->len; i++)
    ml_printer_reading_add_printhead (reading, g_ptr_array_index (printheads, i));
}
