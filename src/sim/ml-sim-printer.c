/* ml-sim-printer.c: one simulated printer living in simulated time
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Lifetime counters are only ever changed together with the thing that consumed:
 * a completed job adds exactly its pages' planned consumption, servicing adds its ink
 * and records it apart. So at every instant the counters equal the sum over completed
 * jobs plus servicing, since installation or the last counter reset.
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "ml-sim-printer-private.h"

const char * const _ml_sim_category_names[ML_SIM_N_CATEGORIES] = {
  "LinesMonochrome",
  "LinesColor",
  "LowDensityImages",
  "HighDensityImages",
  "PremiumQuality",
};

typedef enum {
  EVENT_ARRIVAL,
  EVENT_CANCEL,
  EVENT_FINISH,
  EVENT_SCAN_FINISH,
  EVENT_SERVICING,
  EVENT_RELOAD,
  EVENT_MAINTENANCE_DONE,
} EventKind;

typedef struct
{
  gint64 time;
  guint64 sequence;
  EventKind kind;
  MlSimJob *job;
  int arg;
} Event;

/* A cartridge is low at 10 % and very low at 3 %; a printhead asks for replacement
 * at 15 % health and is replaced at 5 %. */
#define LOW_PERCENT 10
#define VERY_LOW_PERCENT 3
#define HEAD_WARN_PERCENT 15
#define HEAD_FLOOR_PERCENT 5
/* Margins and the cut: what a page takes along the roll beyond its own height. */
#define ROLL_MARGIN_MM 10
#define SLEEP_AFTER_S (30 * 60)
/* Preventive maintenance every 60 hours of printing at full speed. */
#define MAINTENANCE_HOURS 60

G_DEFINE_FINAL_TYPE (MlSimPrinter, ml_sim_printer, G_TYPE_OBJECT)

static void process_event (MlSimPrinter *self, Event *event);

/* Random draws ---------------------------------------------------------------- */

static double
draw (MlSimPrinter *self)
{
  return g_rand_double (self->rand);
}

/* lo..hi inclusive */
static gint64
draw_range (MlSimPrinter *self,
            gint64        lo,
            gint64        hi)
{
  if (hi <= lo)
    return lo;
  return lo + (gint64) floor (draw (self) * (double) (hi - lo + 1));
}

static gboolean
chance (MlSimPrinter *self,
        double        p)
{
  return draw (self) < p;
}

static const char *
pick (MlSimPrinter       *self,
      const char * const *words,
      guint               n)
{
  return words[draw_range (self, 0, n - 1)];
}

#define PICK(self, array) pick ((self), (array), G_N_ELEMENTS (array))

static void
draw_uuid (GRand *rand,
           char   out[37],
           gboolean upper)
{
  guint8 b[16];

  for (guint i = 0; i < 16; i++)
    b[i] = (guint8) g_rand_int_range (rand, 0, 256);
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  g_snprintf (out, 37,
              upper ? "%02X%02X%02X%02X-%02X%02X-%02X%02X-%02X%02X-%02X%02X%02X%02X%02X%02X"
                    : "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
              b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7],
              b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]);
}

static GRand *
rand_for (guint64 seed,
          guint   index,
          guint   stream)
{
  guint32 seeds[4] = {
    (guint32) (seed & 0xffffffff), (guint32) (seed >> 32), index, stream
  };

  return g_rand_new_with_seed_array (seeds, G_N_ELEMENTS (seeds));
}

char *
ml_sim_printer_make_serial (guint64 seed,
                            guint   index,
                            guint   attempt)
{
  static const char alphabet[] = "0123456789ABCDEFGHJKLMNPQRSTUVWXYZ";
  g_autofree char *input = g_strdup_printf ("meterlink-sim:%" G_GUINT64_FORMAT ":%u:%u",
                                            seed, index, attempt);
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  guint8 digest[32];
  gsize length = sizeof digest;
  char serial[11] = "CN";

  g_checksum_update (checksum, (const guchar *) input, -1);
  g_checksum_get_digest (checksum, digest, &length);
  for (guint i = 0; i < 8; i++)
    serial[2 + i] = alphabet[digest[i] % (sizeof alphabet - 1)];
  serial[10] = '\0';
  return g_strdup (serial);
}

/* Time ------------------------------------------------------------------------ */

/* Seconds since the epoch in the printer's local time zone. */
static gint64
local_time (MlSimPrinter *self,
            gint64        t)
{
  return t + (gint64) self->utc_offset_hours * 3600;
}

static void
local_clock (MlSimPrinter *self,
             gint64        t,
             int          *out_weekday,
             int          *out_hour)
{
  gint64 local = local_time (self, t);
  gint64 day = local >= 0 ? local / 86400 : (local - 86399) / 86400;

  /* 1970-01-01 was a Thursday; 0 is Monday. */
  *out_weekday = (int) (((day % 7) + 7 + 3) % 7);
  *out_hour = (int) ((local - day * 86400) / 3600);
}

/* How busy the office is, as a factor of the working-hours rate. */
static double
busy_factor (MlSimPrinter *self,
             gint64        t)
{
  int weekday;
  int hour;

  local_clock (self, t, &weekday, &hour);
  if (weekday < 5 && hour >= 7 && hour < 19)
    return 1.0;
  if (weekday == 5 && hour >= 8 && hour < 13)
    return 0.25;
  return self->model->use == ML_SIM_USE_PRODUCTION ? 0.05 : 0.02;
}

static gboolean
is_working_time (MlSimPrinter *self,
                 gint64        t)
{
  return busy_factor (self, t) >= 1.0;
}

/* The next arrival of a Poisson process whose rate changes every hour: an
 * exponential amount of "work" is spent through the hours at their rates. */
static gint64
next_arrival (MlSimPrinter *self,
              gint64        after)
{
  double work = -log (1.0 - draw (self));
  double per_second = self->model->jobs_per_hour / 3600.0;
  gint64 t = after;

  for (;;)
    {
      gint64 local = local_time (self, t);
      gint64 hour_end = t + (3600 - (((local % 3600) + 3600) % 3600));
      double rate = per_second * busy_factor (self, t);
      double capacity = rate * (double) (hour_end - t);

      if (capacity >= work)
        return MAX (after + 1, t + (gint64) ceil (work / rate));
      work -= capacity;
      t = hour_end;
    }
}

/* The next working-time moment at or after t, plus a little. */
static gint64
next_working_time (MlSimPrinter *self,
                   gint64        t)
{
  while (!is_working_time (self, t))
    {
      gint64 local = local_time (self, t);

      t += 3600 - (((local % 3600) + 3600) % 3600);
    }
  return t;
}

/* Events ---------------------------------------------------------------------- */

static void
schedule (MlSimPrinter *self,
          gint64        time,
          EventKind     kind,
          MlSimJob     *job,
          int           arg)
{
  Event *event = g_new0 (Event, 1);
  GList *l;

  event->time = time;
  event->sequence = self->event_sequence++;
  event->kind = kind;
  event->job = job;
  event->arg = arg;

  /* Equal times keep the order they were scheduled in. */
  for (l = self->events; l != NULL; l = l->next)
    if (((Event *) l->data)->time > time)
      break;
  self->events = g_list_insert_before (self->events, l, event);
}

static void
stamp_event (MlSimPrinter *self,
             const char   *category)
{
  guint free_slot = G_N_ELEMENTS (self->event_stamps);

  self->event_counter++;
  for (guint i = 0; i < G_N_ELEMENTS (self->event_stamps); i++)
    {
      if (self->event_stamps[i].category == NULL)
        {
          free_slot = MIN (free_slot, i);
          continue;
        }
      if (strcmp (self->event_stamps[i].category, category) == 0)
        {
          self->event_stamps[i].boot = self->boots;
          self->event_stamps[i].sequence = self->event_counter;
          return;
        }
    }
  if (free_slot < G_N_ELEMENTS (self->event_stamps))
    {
      self->event_stamps[free_slot].category = category;
      self->event_stamps[free_slot].boot = self->boots;
      self->event_stamps[free_slot].sequence = self->event_counter;
    }
}

/* Alerts ---------------------------------------------------------------------- */

static void
alert_free (gpointer data)
{
  MlSimAlert *alert = data;

  g_free (alert->code);
  g_free (alert->name);
  g_free (alert->area);
  g_free (alert->description);
  g_free (alert);
}

static int
find_alert (MlSimPrinter *self,
            const char   *code)
{
  for (guint i = 0; i < self->alerts->len; i++)
    if (strcmp (((MlSimAlert *) g_ptr_array_index (self->alerts, i))->code, code) == 0)
      return (int) i;
  return -1;
}

static void
raise_alert (MlSimPrinter *self,
             const char   *code,
             const char   *name,
             const char   *area,
             MlSeverity    severity,
             const char   *description)
{
  MlSimAlert *alert;

  if (find_alert (self, code) >= 0)
    return;

  alert = g_new0 (MlSimAlert, 1);
  alert->code = g_strdup (code);
  alert->name = g_strdup (name);
  alert->area = g_strdup (area);
  alert->description = g_strdup (description);
  alert->severity = severity;
  alert->raised_at = self->now;
  g_ptr_array_add (self->alerts, alert);
  stamp_event (self, "AlertTableChanged");
}

static void
clear_alert (MlSimPrinter *self,
             const char   *code)
{
  int index = find_alert (self, code);

  if (index < 0)
    return;
  g_ptr_array_remove_index (self->alerts, index);
  stamp_event (self, "AlertTableChanged");
}

/* Consumables ----------------------------------------------------------------- */

static void
draw_cartridge_serial (MlSimPrinter *self,
                       MlSimSlot    *slot)
{
  /* The shape of the Z9's serials: "711683-11-10". */
  g_snprintf (slot->serial, sizeof slot->serial, "%u-%u-%u",
              (guint) draw_range (self, 100000, 2999999), (guint) draw_range (self, 1, 60),
              (guint) draw_range (self, 1, 12));
}

static void
draw_head_serial (MlSimPrinter *self,
                  MlSimHead    *head)
{
  static const char alphabet[] = "0123456789ABCDEFGHJKLMNPQRSTUVWXYZ";

  head->serial[0] = 'M';
  head->serial[1] = 'Y';
  for (guint i = 2; i < 12; i++)
    head->serial[i] = alphabet[draw_range (self, 0, sizeof alphabet - 2)];
  head->serial[12] = '\0';
}

static void
slot_alert_codes (guint  slot,
                  char  *low,
                  char  *very_low,
                  gsize  size)
{
  g_snprintf (low, size, "InkSystem.Slot%u.LowLevel", slot);
  g_snprintf (very_low, size, "InkSystem.Slot%u.VeryLowLevel", slot);
}

int
_ml_sim_printer_slot_percent (MlSimPrinter *self,
                              guint         slot)
{
  gint64 capacity = self->model->inks[slot].capacity_ul;

  /* Rounded half up, as a printer shows it. */
  return (int) ((self->slots[slot].level_ul * 100 + capacity / 2) / capacity);
}

const char *
_ml_sim_printer_slot_status (MlSimPrinter  *self,
                             guint          slot,
                             MlSupplyState *out_state)
{
  gint64 capacity = self->model->inks[slot].capacity_ul;
  gint64 level = self->slots[slot].level_ul;
  MlSupplyState state = ML_SUPPLY_STATE_OK;
  const char *text = "Ready";

  if (level * 100 <= capacity * VERY_LOW_PERCENT)
    {
      state = ML_SUPPLY_STATE_VERY_LOW;
      text = "VeryLow";
    }
  else if (level * 100 <= capacity * LOW_PERCENT)
    {
      state = ML_SUPPLY_STATE_LOW;
      text = "LowLevel";
    }

  if (out_state != NULL)
    *out_state = state;
  return text;
}

static void
update_slot_alerts (MlSimPrinter *self,
                    guint         slot)
{
  const MlSimInk *ink = &self->model->inks[slot];
  char low[64];
  char very_low[64];
  MlSupplyState state;

  slot_alert_codes (slot, low, very_low, sizeof low);
  _ml_sim_printer_slot_status (self, slot, &state);

  if (state == ML_SUPPLY_STATE_OK)
    {
      clear_alert (self, low);
      clear_alert (self, very_low);
    }
  else if (state == ML_SUPPLY_STATE_LOW)
    {
      g_autofree char *description = g_strdup_printf ("%s cartridge (%s) is low", ink->color,
                                                      ink->order_name);

      clear_alert (self, very_low);
      raise_alert (self, low, "LowLevel", "InkSystem", ML_SEVERITY_WARNING, description);
    }
  else
    {
      g_autofree char *description = g_strdup_printf ("%s cartridge (%s) is very low",
                                                      ink->color, ink->order_name);

      clear_alert (self, low);
      raise_alert (self, very_low, "VeryLowLevel", "InkSystem", ML_SEVERITY_WARNING,
                   description);
    }
}

static void
replace_cartridge (MlSimPrinter *self,
                   guint         slot)
{
  MlSimSlot *s = &self->slots[slot];

  draw_cartridge_serial (self, s);
  s->level_ul = self->model->inks[slot].capacity_ul;
  s->installed_at = self->now;
  s->manufactured_at = self->now - draw_range (self, 30, 400) * 86400;
  s->insertions++;
  stamp_event (self, "ConsumableEvent");
}

int
_ml_sim_printer_head_health (MlSimPrinter *self,
                             guint         head)
{
  gint64 life = self->model->heads[head].life_ul;
  gint64 used = MIN (self->heads[head].through_ul, life);

  return (int) (100 - (used * 100) / life);
}

const char *
_ml_sim_printer_head_status (MlSimPrinter  *self,
                             guint          head,
                             MlSupplyState *out_state)
{
  gboolean low = _ml_sim_printer_head_health (self, head) < HEAD_WARN_PERCENT;

  if (out_state != NULL)
    *out_state = low ? ML_SUPPLY_STATE_LOW : ML_SUPPLY_STATE_OK;
  return low ? "Low" : "Ok";
}

static gboolean
head_serves (const MlSimPrinthead *def,
             const char           *color)
{
  for (guint c = 0; def->colors[c] != NULL; c++)
    if (strcmp (def->colors[c], color) == 0)
      return TRUE;
  return FALSE;
}

/* The ink of a colour goes through the heads that print it, shared among them when
 * several do (a PageWide XL's heads each span part of the page width). */
static void
wear_heads (MlSimPrinter *self,
            const char   *color,
            gint64        amount)
{
  guint n_serving = 0;
  guint nth = 0;

  for (guint h = 0; h < self->model->n_heads; h++)
    if (head_serves (&self->model->heads[h], color))
      n_serving++;

  for (guint h = 0; h < self->model->n_heads; h++)
    {
      MlSimHead *head = &self->heads[h];
      char code[64];

      if (!head_serves (&self->model->heads[h], color))
        continue;

      head->through_ul += amount / n_serving + (nth++ < (guint) (amount % n_serving) ? 1 : 0);
      g_snprintf (code, sizeof code, "Printheads.Slot%u.ReplaceSoon", h);

      if (_ml_sim_printer_head_health (self, h) <= HEAD_FLOOR_PERCENT)
        {
          draw_head_serial (self, head);
          head->through_ul = 0;
          head->installed_at = self->now;
          clear_alert (self, code);
          stamp_event (self, "ConsumableEvent");
        }
      else if (_ml_sim_printer_head_health (self, h) < HEAD_WARN_PERCENT)
        raise_alert (self, code, "ReplaceSoon", "Printheads", ML_SEVERITY_WARNING,
                     "Printhead is near the end of its life; replace it soon");
    }
}

/* Draws ink from a slot: the lifetime counter, the cartridge (replaced when it
 * runs dry, at once), the printheads the colour goes through. */
static void
consume_ink (MlSimPrinter *self,
             guint         slot,
             gint64        amount)
{
  MlSimSlot *s = &self->slots[slot];
  gint64 left = amount;

  if (amount <= 0)
    return;

  self->counters.ink_ul[slot] += amount;
  while (left > 0)
    {
      gint64 take = MIN (left, s->level_ul);

      s->level_ul -= take;
      left -= take;
      if (s->level_ul == 0)
        replace_cartridge (self, slot);
    }
  update_slot_alerts (self, slot);
  wear_heads (self, self->model->inks[slot].color, amount);
}

/* Jobs: planning ---------------------------------------------------------------- */

typedef struct
{
  const char *name;
  gint32 w;
  gint32 h;
  int cad_weight;
  int photo_weight;
} SheetSize;

static const SheetSize sizes[] = {
  { "A4", 210, 297, 5, 4 },
  { "A3", 297, 420, 12, 15 },
  { "A2", 420, 594, 10, 25 },
  { "A1", 594, 841, 30, 20 },
  { "A0", 841, 1189, 15, 5 },
  { "ARCH D", 610, 914, 10, 12 },
  { "ARCH E", 914, 1219, 5, 2 },
  { "ANSI D", 559, 864, 5, 2 },
  { "ANSI E", 864, 1118, 3, 0 },
  { "40x50", 400, 500, 0, 10 },
};

static const SheetSize *
draw_size (MlSimPrinter *self)
{
  gboolean photo = self->model->use == ML_SIM_USE_PHOTO;
  int total = 0;
  int x;

  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    total += photo ? sizes[i].photo_weight : sizes[i].cad_weight;
  x = (int) draw_range (self, 0, total - 1);
  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      x -= photo ? sizes[i].photo_weight : sizes[i].cad_weight;
      if (x < 0)
        return &sizes[i];
    }
  return &sizes[0];
}

static MlSimCategory
draw_category (MlSimPrinter *self,
               const char   *quality,
               const MlSimMedia *media)
{
  double x = draw (self);
  gboolean photo_paper = media != NULL
                         && (media->media_class == ML_SIM_MEDIA_PHOTO_GLOSS
                             || media->media_class == ML_SIM_MEDIA_PHOTO_MATTE
                             || media->media_class == ML_SIM_MEDIA_FINE_ART);

  if (photo_paper && strcmp (quality, "Best") == 0 && x < 0.5)
    return ML_SIM_CATEGORY_PREMIUM_QUALITY;

  switch (self->model->use)
    {
    case ML_SIM_USE_PHOTO:
      if (x < 0.60)
        return ML_SIM_CATEGORY_HIGH_DENSITY_IMAGES;
      if (x < 0.85)
        return ML_SIM_CATEGORY_LOW_DENSITY_IMAGES;
      return ML_SIM_CATEGORY_LINES_COLOR;
    case ML_SIM_USE_PRODUCTION:
      if (x < 0.60)
        return ML_SIM_CATEGORY_LINES_MONOCHROME;
      if (x < 0.90)
        return ML_SIM_CATEGORY_LINES_COLOR;
      if (x < 0.98)
        return ML_SIM_CATEGORY_LOW_DENSITY_IMAGES;
      return ML_SIM_CATEGORY_HIGH_DENSITY_IMAGES;
    case ML_SIM_USE_CAD:
    default:
      if (x < 0.45)
        return ML_SIM_CATEGORY_LINES_MONOCHROME;
      if (x < 0.75)
        return ML_SIM_CATEGORY_LINES_COLOR;
      if (x < 0.90)
        return ML_SIM_CATEGORY_LOW_DENSITY_IMAGES;
      return ML_SIM_CATEGORY_HIGH_DENSITY_IMAGES;
    }
}

static const char *
draw_quality (MlSimPrinter *self)
{
  double x = draw (self);

  switch (self->model->use)
    {
    case ML_SIM_USE_PHOTO:
      return x < 0.30 ? "Normal" : "Best";
    case ML_SIM_USE_PRODUCTION:
      return x < 0.20 ? "Draft" : x < 0.95 ? "Normal" : "Best";
    case ML_SIM_USE_CAD:
    default:
      return x < 0.25 ? "Draft" : x < 0.85 ? "Normal" : "Best";
    }
}

static double
quality_ink_factor (const char *quality)
{
  return strcmp (quality, "Draft") == 0 ? 0.7 : strcmp (quality, "Best") == 0 ? 1.4 : 1.0;
}

static double
quality_speed_factor (const char *quality)
{
  return strcmp (quality, "Draft") == 0 ? 1.6 : strcmp (quality, "Best") == 0 ? 0.45 : 1.0;
}

/* Shares of the ink by role, per category: mostly black for line drawings, all
 * colours for images. */
static double
role_weight (MlSimCategory category,
             MlSimInkRole  role)
{
  static const double weights[ML_SIM_N_CATEGORIES][5] = {
    /* black, primary, light, gray, chromatic */
    { 0.85, 0.00, 0.00, 0.15, 0.00 },
    { 0.45, 0.45, 0.00, 0.05, 0.05 },
    { 0.20, 0.50, 0.10, 0.10, 0.10 },
    { 0.15, 0.45, 0.15, 0.10, 0.15 },
    { 0.15, 0.40, 0.15, 0.15, 0.15 },
  };

  switch (role)
    {
    case ML_SIM_INK_ROLE_MATTE_BLACK:
    case ML_SIM_INK_ROLE_PHOTO_BLACK:
    case ML_SIM_INK_ROLE_BLACK:
      return weights[category][0];
    case ML_SIM_INK_ROLE_PRIMARY:
      return weights[category][1];
    case ML_SIM_INK_ROLE_LIGHT:
      return weights[category][2];
    case ML_SIM_INK_ROLE_GRAY:
      return weights[category][3];
    case ML_SIM_INK_ROLE_CHROMATIC:
      return weights[category][4];
    case ML_SIM_INK_ROLE_POST_TREATMENT:
    default:
      return 0.0;
    }
}

static gboolean
is_photo_media (const MlSimMedia *media)
{
  return media->media_class == ML_SIM_MEDIA_PHOTO_GLOSS
         || media->media_class == ML_SIM_MEDIA_PHOTO_MATTE
         || media->media_class == ML_SIM_MEDIA_FINE_ART;
}

/* Which black ink a picture uses on this media: photo black on photo papers, matte
 * black elsewhere, the only black of a four-colour printer. */
static MlSimInkRole
black_role (const MlSimModel *model,
            const MlSimMedia *media)
{
  gboolean has_photo = FALSE;
  gboolean has_matte = FALSE;

  for (guint i = 0; i < model->n_inks; i++)
    {
      if (model->inks[i].role == ML_SIM_INK_ROLE_BLACK)
        return ML_SIM_INK_ROLE_BLACK;
      has_photo |= model->inks[i].role == ML_SIM_INK_ROLE_PHOTO_BLACK;
      has_matte |= model->inks[i].role == ML_SIM_INK_ROLE_MATTE_BLACK;
    }
  if (is_photo_media (media) && has_photo)
    return ML_SIM_INK_ROLE_PHOTO_BLACK;
  return has_matte ? ML_SIM_INK_ROLE_MATTE_BLACK : ML_SIM_INK_ROLE_PHOTO_BLACK;
}

static void
plan_page_ink (MlSimPrinter     *self,
               MlSimPage        *page,
               const MlSimMedia *media,
               const char       *quality,
               gint64            printed_area_mm2)
{
  const MlSimModel *model = self->model;
  MlSimInkRole black = black_role (model, media);
  double weights[ML_SIM_MAX_INKS] = { 0 };
  double sum = 0;
  double total_ul;

  total_ul = (double) printed_area_mm2 / 1e6 * model->ul_per_m2
             * ((double) page->nonwhite_ppm / 1e6) * quality_ink_factor (quality)
             * (0.85 + 0.3 * draw (self));

  for (guint i = 0; i < model->n_inks; i++)
    {
      MlSimInkRole role = model->inks[i].role;
      guint same_role = 0;

      if (role == ML_SIM_INK_ROLE_MATTE_BLACK || role == ML_SIM_INK_ROLE_PHOTO_BLACK
          || role == ML_SIM_INK_ROLE_BLACK)
        {
          if (role != black)
            continue;
        }
      for (guint j = 0; j < model->n_inks; j++)
        if (model->inks[j].role == role)
          same_role++;
      weights[i] = role_weight (page->category, role) / MAX (same_role, 1);
      sum += weights[i];
    }

  for (guint i = 0; i < model->n_inks; i++)
    {
      if (model->inks[i].role == ML_SIM_INK_ROLE_POST_TREATMENT)
        {
          /* The gloss enhancer goes on glossy papers only, over the whole image. */
          if (media->media_class == ML_SIM_MEDIA_PHOTO_GLOSS)
            page->ink_ul[i] = (gint32) llround (total_ul * 0.08);
          continue;
        }
      if (sum > 0 && weights[i] > 0)
        page->ink_ul[i] = (gint32) llround (total_ul * weights[i] / sum);
    }
}

static void
draw_coverage (MlSimPrinter *self,
               MlSimPage    *page)
{
  static const gint32 ranges[ML_SIM_N_CATEGORIES][2] = {
    { 20000, 120000 },
    { 30000, 150000 },
    { 150000, 450000 },
    { 500000, 950000 },
    { 600000, 1000000 },
  };
  double color_share;

  page->nonwhite_ppm = (gint32) draw_range (self, ranges[page->category][0],
                                            ranges[page->category][1]);
  switch (page->category)
    {
    case ML_SIM_CATEGORY_LINES_MONOCHROME:
      color_share = 0.0;
      break;
    case ML_SIM_CATEGORY_LINES_COLOR:
      color_share = 0.2 + 0.4 * draw (self);
      break;
    default:
      color_share = 0.6 + 0.35 * draw (self);
      break;
    }
  page->color_ppm = (gint32) llround (page->nonwhite_ppm * color_share);
}

/* Places a page on the source: across the roll (landscape when that saves paper) or
 * on a sheet of its own size. */
static void
place_page (MlSimPrinter      *self,
            MlSimPage         *page,
            const MlSimSource *source,
            gint32             w,
            gint32             h,
            guint              copies)
{
  gint32 longer = MAX (w, h);
  gint32 shorter = MIN (w, h);

  if (source->kind != ML_MEDIA_SOURCE_KIND_ROLL)
    {
      page->width_mm = shorter;
      page->height_mm = longer;
      page->media_area_mm2 = (gint64) shorter * longer * copies;
      page->length_mm = (gint64) longer * copies;
      return;
    }
  else
    {
      gint32 usable = (gint32) source->width_mm - ROLL_MARGIN_MM;

      if (longer <= usable)
        {
          page->width_mm = longer;
          page->height_mm = shorter;
        }
      else if (shorter <= usable)
        {
          page->width_mm = shorter;
          page->height_mm = longer;
        }
      else
        {
          /* Scaled to fit the roll. */
          page->width_mm = usable;
          page->height_mm = (gint32) ((gint64) longer * usable / shorter);
        }
      page->length_mm = (gint64) (page->height_mm + ROLL_MARGIN_MM) * copies;
      page->media_area_mm2 = page->length_mm * source->width_mm;
    }
}

static const char * const users[] = {
  "mmueller", "aschmidt", "jsmith", "lrossi", "kwagner", "pmartin", "sfischer",
  "tnguyen", "cgarcia", "eweber", "hbauer", "odubois", "rjohnson", "yamamoto",
};

typedef struct
{
  const char *name;
  const char *uuid;
} Application;

static const Application cad_apps[] = {
  { "AutoCAD", "5f0b1a4e-3c2d-4e8f-9a6b-7c1d2e3f4a5b" },
  { "Revit", "a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d" },
  { "HP Click", "0d9e8f7a-6b5c-4d3e-9f2a-1b0c9d8e7f6a" },
  { "HP SmartStream", "3c4d5e6f-7a8b-4c9d-8e0f-1a2b3c4d5e6f" },
  { "ArcGIS Pro", "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d" },
};

static const Application photo_apps[] = {
  { "Adobe Photoshop", "7e6d5c4b-3a29-4180-9f7e-6d5c4b3a2918" },
  { "Adobe Lightroom", "1f2e3d4c-5b6a-4798-8a7b-6c5d4e3f2a1b" },
  { "HP Click", "0d9e8f7a-6b5c-4d3e-9f2a-1b0c9d8e7f6a" },
  { "Onyx RIP", "6a5b4c3d-2e1f-4a0b-9c8d-7e6f5a4b3c2d" },
};

static char *
draw_job_name (MlSimPrinter *self,
               MlJobKind     kind,
               guint         n_pages)
{
  static const char * const cad[] = {
    "A-%03d_FloorPlan_Level%d.dwg", "S-%03d_Structure_Rev%d.pdf", "Site_Plan_%03d_Rev%d.pdf",
    "M-%03d_HVAC_Zone%d.dwf", "E-%03d_Lighting_Level%d.pdf", "Elevation_%03d_Side%d.dwg",
    "GIS_Parcel_%03d_Sheet%d.pdf", "Rendering_%03d_View%d.jpg",
  };
  static const char * const photo[] = {
    "IMG_%04d_%d.tif", "Gallery_Print_%03d_v%d.tif", "Poster_%03d_Final%d.pdf",
    "Portrait_%03d_Edit%d.psd", "Landscape_%04d_%d.jpg",
  };
  const char *pattern;
  g_autofree char *base = NULL;

  if (kind == ML_JOB_KIND_SCAN)
    return g_strdup_printf ("Scan_%04d.pdf", (int) draw_range (self, 1, 9999));
  if (kind == ML_JOB_KIND_COPY)
    return g_strdup_printf ("Copy %u page%s", n_pages, n_pages == 1 ? "" : "s");

  pattern = self->model->use == ML_SIM_USE_PHOTO ? PICK (self, photo) : PICK (self, cad);
  base = g_strdup_printf (pattern, (int) draw_range (self, 1, 999), (int) draw_range (self, 1, 9));
  /* Some drivers add the page count to the name, as in the Z9 capture. */
  if (chance (self, 0.3))
    return g_strdup_printf ("%s (%u page%s)", base, n_pages, n_pages == 1 ? "" : "s");
  return g_steal_pointer (&base);
}

static guint
draw_pages (MlSimPrinter *self)
{
  double x = draw (self);

  switch (self->model->use)
    {
    case ML_SIM_USE_PHOTO:
      return x < 0.75 ? 1 : (guint) draw_range (self, 2, 5);
    case ML_SIM_USE_PRODUCTION:
      return x < 0.30 ? 1 : x < 0.75 ? (guint) draw_range (self, 2, 12)
                                    : (guint) draw_range (self, 13, 40);
    case ML_SIM_USE_CAD:
    default:
      return x < 0.50 ? 1 : x < 0.85 ? (guint) draw_range (self, 2, 6)
                                    : x < 0.97 ? (guint) draw_range (self, 7, 20)
                                               : (guint) draw_range (self, 21, 40);
    }
}

static guint
draw_copies (MlSimPrinter *self)
{
  double x = draw (self);

  if (x < 0.80)
    return 1;
  if (x < 0.92)
    return 2;
  return (guint) draw_range (self, 3, self->model->use == ML_SIM_USE_PHOTO ? 4 : 10);
}

static int
draw_source (MlSimPrinter *self)
{
  int rolls[ML_SIM_MAX_SOURCES];
  int n_loaded = 0;

  for (guint i = 0; i < self->n_sources; i++)
    {
      if (self->sources[i].kind == ML_MEDIA_SOURCE_KIND_SHEET)
        {
          /* Now and then someone feeds a single sheet by hand. */
          if (chance (self, 0.06))
            return (int) i;
          continue;
        }
      if (!self->sources[i].empty)
        rolls[n_loaded++] = (int) i;
    }

  if (n_loaded == 0)
    return 0;
  return rolls[draw_range (self, 0, n_loaded - 1)];
}

static const MlSimMedia *
draw_sheet_media (MlSimPrinter *self)
{
  const MlSimModel *model = self->model;
  const MlSimMedia *candidates[ML_SIM_MAX_MEDIA];
  guint n = 0;

  for (guint i = 0; model->media[i] != NULL; i++)
    {
      const MlSimMedia *media = ml_sim_catalog_lookup_media (model->media[i]);

      if (media != NULL && (is_photo_media (media) || media->media_class == ML_SIM_MEDIA_COATED))
        candidates[n++] = media;
    }
  if (n == 0)
    return ml_sim_catalog_lookup_media (model->media[0]);
  return candidates[draw_range (self, 0, n - 1)];
}

static MlSimJob *
create_job (MlSimPrinter *self)
{
  const MlSimModel *model = self->model;
  MlSimJob *job = g_new0 (MlSimJob, 1);
  const SheetSize *originals[128];
  double x = draw (self);
  MlSimCategory primary = ML_SIM_CATEGORY_LINES_MONOCHROME;
  gint64 area_total = 0;

  job->kind = ML_JOB_KIND_PRINT;
  if (model->scanner)
    job->kind = x < 0.20 ? ML_JOB_KIND_SCAN : x < 0.32 ? ML_JOB_KIND_COPY : ML_JOB_KIND_PRINT;

  draw_uuid (self->rand, job->uuid, TRUE);
  draw_uuid (self->rand, job->submit_uuid, TRUE);
  job->state = ML_SIM_JOB_PENDING;
  job->submitted_at = self->now;
  job->copies = 1;
  job->source_index = -1;

  if (job->kind == ML_JOB_KIND_SCAN || job->kind == ML_JOB_KIND_COPY)
    {
      job->n_pages = job->kind == ML_JOB_KIND_SCAN ? (guint) draw_range (self, 1, 15)
                                                   : (guint) draw_range (self, 1, 6);
      for (guint i = 0; i < job->n_pages; i++)
        {
          originals[i] = draw_size (self);
          job->scan_area_mm2 += (gint64) originals[i]->w * originals[i]->h;
        }
      job->source = "FrontPanel";
      job->user_name = chance (self, 0.5) ? PICK (self, users) : NULL;
    }
  else
    {
      const Application *app;

      job->n_pages = draw_pages (self);
      job->source = chance (self, 0.85) ? "Application" : chance (self, 0.6) ? "EWS" : "USB";
      if (chance (self, 0.7))
        job->user_name = PICK (self, users);
      if (chance (self, 0.3))
        job->account = g_strdup_printf ("ACC-%04d", (int) draw_range (self, 1001, 1060));
      if (chance (self, 0.2))
        job->project_id = g_strdup_printf ("PRJ-2026-%03d", (int) draw_range (self, 1, 240));
      if (chance (self, 0.05))
        job->user_defined = g_strdup_printf ("CostCenter %d", (int) draw_range (self, 100, 999));
      if (strcmp (job->source, "Application") == 0 && chance (self, 0.5))
        {
          app = model->use == ML_SIM_USE_PHOTO
                ? &photo_apps[draw_range (self, 0, G_N_ELEMENTS (photo_apps) - 1)]
                : &cad_apps[draw_range (self, 0, G_N_ELEMENTS (cad_apps) - 1)];
          job->application_name = app->name;
          job->application_uuid = app->uuid;
        }
    }

  job->name = draw_job_name (self, job->kind, job->n_pages);
  job->pages = g_new0 (MlSimPage, job->n_pages);

  if (job->kind == ML_JOB_KIND_SCAN)
    {
      for (guint i = 0; i < job->n_pages; i++)
        {
          job->pages[i].width_mm = MIN (originals[i]->w, originals[i]->h);
          job->pages[i].height_mm = MAX (originals[i]->w, originals[i]->h);
        }
      job->quality = "Normal";
      job->duration_s = 10 + 8 * (gint64) job->n_pages;
      return job;
    }

  job->source_index = draw_source (self);
  if (self->sources[job->source_index].kind == ML_MEDIA_SOURCE_KIND_SHEET)
    job->media = draw_sheet_media (self);
  else
    job->media = self->sources[job->source_index].media;
  job->quality = draw_quality (self);
  job->copies = job->kind == ML_JOB_KIND_COPY ? (guint) draw_range (self, 1, 3)
                                             : draw_copies (self);
  primary = job->kind == ML_JOB_KIND_COPY
            ? (chance (self, 0.7) ? ML_SIM_CATEGORY_LINES_MONOCHROME : ML_SIM_CATEGORY_LINES_COLOR)
            : draw_category (self, job->quality, job->media);

  for (guint i = 0; i < job->n_pages; i++)
    {
      MlSimPage *page = &job->pages[i];
      MlSimSource *source = &self->sources[job->source_index];
      gint32 w;
      gint32 h;

      page->category = chance (self, 0.8) ? primary
                                          : draw_category (self, job->quality, job->media);
      if (job->kind == ML_JOB_KIND_COPY)
        {
          w = originals[i]->w;
          h = originals[i]->h;
        }
      else if (source->kind == ML_MEDIA_SOURCE_KIND_ROLL && chance (self, 0.05))
        {
          /* A banner: as wide as the roll allows, metres long. */
          w = (gint32) (source->width_mm - ROLL_MARGIN_MM - draw_range (self, 0, 300));
          h = (gint32) draw_range (self, 1000, 6000);
        }
      else if (source->kind != ML_MEDIA_SOURCE_KIND_ROLL)
        {
          const SheetSize *size = &sizes[draw_range (self, 0, 2)];

          w = size->w;
          h = size->h;
        }
      else
        {
          const SheetSize *size = draw_size (self);

          w = size->w;
          h = size->h;
        }

      place_page (self, page, source, w, h, job->copies);
      draw_coverage (self, page);
      plan_page_ink (self, page, job->media, job->quality,
                     (gint64) page->width_mm * page->height_mm * job->copies);
      area_total += page->media_area_mm2;
    }

  job->duration_s = 20 + 3 * (gint64) job->n_pages * job->copies
                    + (gint64) llround ((double) area_total / 1e6
                                        / (model->m2_per_hour
                                           * quality_speed_factor (job->quality))
                                        * 3600.0);
  if (job->kind == ML_JOB_KIND_COPY)
    job->duration_s += 10 + 8 * (gint64) job->n_pages;
  return job;
}

static void
job_free (gpointer data)
{
  MlSimJob *job = data;

  g_free (job->name);
  g_free (job->account);
  g_free (job->project_id);
  g_free (job->user_defined);
  g_free (job->pages);
  g_free (job);
}

/* Jobs: the engine --------------------------------------------------------------- */

static void
touch_job (MlSimPrinter *self,
           MlSimJob     *job)
{
  job->modification = ++self->modification;
  stamp_event (self, "JobEvent");
}

static gint64
job_length_needed (MlSimJob *job)
{
  gint64 length = 0;

  for (guint i = 0; i < job->n_pages; i++)
    length += job->pages[i].length_mm;
  return length;
}

static void
roll_alert_code (guint  source,
                 const char *what,
                 char  *code,
                 gsize  size)
{
  g_snprintf (code, size, "MediaSystem.Roll%u.%s", source + 1, what);
}

static gint64
reload_time (MlSimPrinter *self)
{
  gint64 t = self->now + draw_range (self, 5, 90) * 60;

  /* Nobody loads paper at night: the roll waits for the morning. */
  if (!is_working_time (self, t))
    t = next_working_time (self, t) + draw_range (self, 10, 60) * 60;
  return t;
}

static void
request_reload (MlSimPrinter *self,
                guint         index)
{
  MlSimSource *source = &self->sources[index];

  if (source->reload_scheduled)
    return;
  source->reload_scheduled = TRUE;
  schedule (self, reload_time (self), EVENT_RELOAD, NULL, (int) index);
}

/* The engine prints the oldest waiting job whose paper is there; jobs for an empty
 * roll wait for it to be reloaded. */
static void
try_start (MlSimPrinter *self)
{
  GList *l;
  MlSimJob *job = NULL;
  MlSimSource *source = NULL;

  if (self->active != NULL)
    return;

  for (l = self->pending.head; l != NULL; l = l->next)
    {
      job = l->data;
      source = &self->sources[job->source_index];
      if (source->kind == ML_MEDIA_SOURCE_KIND_ROLL && source->empty)
        {
          request_reload (self, (guint) job->source_index);
          continue;
        }
      break;
    }
  if (l == NULL)
    return;

  g_queue_delete_link (&self->pending, l);
  if (source->kind == ML_MEDIA_SOURCE_KIND_ROLL)
    {
      gint64 needed = job_length_needed (job);
      gint64 roll = source->media->roll_length_mm;

      job->media = source->media;
      /* A job longer than what is left runs the roll out; someone loads the next
       * one of the same paper and the job goes on, later. */
      if (source->length_mm < needed)
        {
          job->extra_rolls = (guint) ((needed - source->length_mm + roll - 1) / roll);
          job->duration_s += job->extra_rolls * draw_range (self, 600, 1800);
        }
    }
  job->state = ML_SIM_JOB_ACTIVE;
  job->printed_at = self->now;
  self->active = job;
  self->last_activity = self->now;
  touch_job (self, job);
  schedule (self, self->now + job->duration_s, EVENT_FINISH, job, 0);
}

static int
media_index (MlSimPrinter     *self,
             const MlSimMedia *media)
{
  for (guint i = 0; self->model->media[i] != NULL; i++)
    if (strcmp (self->model->media[i], media->id) == 0)
      return (int) i;
  return -1;
}

static void
account_completed_job (MlSimPrinter *self,
                       MlSimJob     *job)
{
  MlSimCounters *c = &self->counters;
  int m = job->media != NULL ? media_index (self, job->media) : -1;

  if (job->kind == ML_JOB_KIND_SCAN || job->kind == ML_JOB_KIND_COPY)
    {
      c->scan_area_mm2 += job->scan_area_mm2;
      if (job->kind == ML_JOB_KIND_SCAN)
        c->scan_scans_mm2 += job->scan_area_mm2;
      else
        c->scan_copies_mm2 += job->scan_area_mm2;
    }
  if (job->kind == ML_JOB_KIND_SCAN)
    return;

  c->jobs++;
  c->pages += (gint64) job->n_pages * job->copies;
  for (guint i = 0; i < job->n_pages; i++)
    {
      MlSimPage *page = &job->pages[i];
      gint64 page_ink = 0;

      for (guint k = 0; k < self->model->n_inks; k++)
        {
          consume_ink (self, k, page->ink_ul[k]);
          page_ink += page->ink_ul[k];
        }
      c->media_area_mm2 += page->media_area_mm2;
      c->media_length_mm += page->length_mm;
      if (m >= 0)
        {
          c->media_type_area_mm2[m] += page->media_area_mm2;
          c->media_type_length_mm[m] += page->length_mm;
        }
      c->category_media_area_mm2[page->category] += page->media_area_mm2;
      c->category_printed_area_mm2[page->category] += (gint64) page->width_mm * page->height_mm
                                                      * job->copies;
      c->category_ink_ul[page->category] += page_ink;
      c->category_length_mm[page->category] += page->length_mm;
      self->maintenance_area_mm2 += page->media_area_mm2;
    }
}

static void
finish_print_job (MlSimPrinter *self,
                  MlSimJob     *job)
{
  MlSimSource *source = &self->sources[job->source_index];

  account_completed_job (self, job);

  if (source->kind == ML_MEDIA_SOURCE_KIND_ROLL)
    {
      char code[64];

      source->length_mm += (gint64) job->extra_rolls * job->media->roll_length_mm
                           - job_length_needed (job);
      if (source->length_mm < 1500)
        {
          /* Less than a sheet is left: the printer reports the roll out. What was
           * left goes to waste, not to any job. */
          source->empty = TRUE;
          source->length_mm = 0;
          roll_alert_code ((guint) job->source_index, "PaperLow", code, sizeof code);
          clear_alert (self, code);
          roll_alert_code ((guint) job->source_index, "OutOfPaper", code, sizeof code);
          raise_alert (self, code, "OutOfPaper", "MediaSystem", ML_SEVERITY_ERROR,
                       "The roll has run out; load paper");
          request_reload (self, (guint) job->source_index);
        }
      else if (source->length_mm * 10 < job->media->roll_length_mm)
        {
          roll_alert_code ((guint) job->source_index, "PaperLow", code, sizeof code);
          raise_alert (self, code, "PaperLow", "MediaSystem", ML_SEVERITY_INFO,
                       "Little paper is left on the roll");
        }
      stamp_event (self, "MediaSubunitStatusChanged");
    }

  if (!self->maintenance_due
      && self->maintenance_area_mm2
         >= (gint64) (self->model->m2_per_hour * MAINTENANCE_HOURS * 1e6))
    {
      self->maintenance_due = TRUE;
      raise_alert (self, "PrinterMaintenance.PreventiveMaintenance", "PreventiveMaintenance",
                   "PrinterMaintenance", ML_SEVERITY_WARNING,
                   "Preventive maintenance is due; call service");
      schedule (self, next_working_time (self, self->now + draw_range (self, 1, 4) * 86400),
                EVENT_MAINTENANCE_DONE, NULL, 0);
    }

  job->state = ML_SIM_JOB_COMPLETED;
  job->completed_at = self->now;
  self->active = NULL;
  self->last_activity = self->now;
  touch_job (self, job);
  try_start (self);
}

/* The queue keeps the newest jobs; a job still waiting or printing is never
 * dropped. */
static void
trim_queue (MlSimPrinter *self)
{
  GList *l = self->queue.head;

  while (self->queue.length > self->queue_depth && l != NULL)
    {
      MlSimJob *job = l->data;
      GList *next = l->next;

      if (job->state == ML_SIM_JOB_COMPLETED || job->state == ML_SIM_JOB_CANCELLED)
        {
          job->in_queue = FALSE;
          g_queue_delete_link (&self->queue, l);
        }
      l = next;
    }
}

static void
job_arrives (MlSimPrinter *self)
{
  MlSimJob *job = create_job (self);

  g_ptr_array_add (self->jobs, job);
  job->in_queue = TRUE;
  g_queue_push_tail (&self->queue, job);
  self->last_activity = self->now;
  touch_job (self, job);

  if (job->kind == ML_JOB_KIND_SCAN)
    {
      /* The scanner does not wait for the print engine. */
      job->state = ML_SIM_JOB_ACTIVE;
      job->printed_at = self->now;
      schedule (self, self->now + job->duration_s, EVENT_SCAN_FINISH, job, 0);
    }
  else
    {
      g_queue_push_tail (&self->pending, job);
      /* A few jobs are cancelled by their senders before they print. */
      if (chance (self, 0.03))
        schedule (self, self->now + draw_range (self, 20, 600), EVENT_CANCEL, job, 0);
      try_start (self);
    }

  trim_queue (self);
}

static void
servicing (MlSimPrinter *self)
{
  for (guint k = 0; k < self->model->n_inks; k++)
    {
      gint64 amount = (gint64) llround (self->model->servicing_ul_per_day
                                        * (0.6 + 0.8 * draw (self)));

      self->counters.servicing_ul[k] += amount;
      consume_ink (self, k, amount);
    }
}

static gint64
next_servicing (MlSimPrinter *self,
                gint64        after)
{
  /* Every night at 02:30 local time. */
  gint64 local = local_time (self, after);
  gint64 day_start = local - (((local % 86400) + 86400) % 86400);
  gint64 t = day_start + 2 * 3600 + 1800 - (gint64) self->utc_offset_hours * 3600;

  while (t <= after)
    t += 86400;
  return t;
}

static void
reload_roll (MlSimPrinter *self,
             guint         index)
{
  MlSimSource *source = &self->sources[index];
  const MlSimMedia *previous = source->media;
  char code[64];

  /* Mostly the same paper again, sometimes another one the printer knows. */
  if (chance (self, 0.2))
    {
      const MlSimMedia *media = NULL;
      guint n = 0;

      while (self->model->media[n] != NULL)
        n++;
      while (media == NULL || media->media_class == ML_SIM_MEDIA_TECHNICAL
             || media->media_class == ML_SIM_MEDIA_SYNTHETIC)
        media = ml_sim_catalog_lookup_media (self->model->media[draw_range (self, 0, n - 1)]);
      source->media = media;
    }
  /* Jobs waiting for this roll now print on its new paper: that is a change a
   * collector reading deltas must see. */
  if (source->media != previous)
    for (GList *l = self->pending.head; l != NULL; l = l->next)
      if (((MlSimJob *) l->data)->source_index == (int) index)
        touch_job (self, l->data);
  source->length_mm = source->media->roll_length_mm;
  source->empty = FALSE;
  roll_alert_code (index, "OutOfPaper", code, sizeof code);
  clear_alert (self, code);
  roll_alert_code (index, "PaperLow", code, sizeof code);
  clear_alert (self, code);
  stamp_event (self, "MediaSubunitStatusChanged");
  source->reload_scheduled = FALSE;
  try_start (self);
}

static void
process_event (MlSimPrinter *self,
               Event        *event)
{
  MlSimJob *job = event->job;

  switch (event->kind)
    {
    case EVENT_ARRIVAL:
      job_arrives (self);
      schedule (self, next_arrival (self, self->now), EVENT_ARRIVAL, NULL, 0);
      break;

    case EVENT_CANCEL:
      if (job->state == ML_SIM_JOB_PENDING)
        {
          g_queue_remove (&self->pending, job);
          job->state = ML_SIM_JOB_CANCELLED;
          job->completed_at = self->now;
          touch_job (self, job);
        }
      break;

    case EVENT_FINISH:
      finish_print_job (self, job);
      break;

    case EVENT_SCAN_FINISH:
      account_completed_job (self, job);
      job->state = ML_SIM_JOB_COMPLETED;
      job->completed_at = self->now;
      touch_job (self, job);
      break;

    case EVENT_SERVICING:
      servicing (self);
      schedule (self, next_servicing (self, self->now), EVENT_SERVICING, NULL, 0);
      break;

    case EVENT_RELOAD:
      reload_roll (self, (guint) event->arg);
      break;

    case EVENT_MAINTENANCE_DONE:
      self->maintenance_due = FALSE;
      self->maintenance_area_mm2 = 0;
      clear_alert (self, "PrinterMaintenance.PreventiveMaintenance");
      break;

    default:
      g_assert_not_reached ();
    }
}

/* Setting up ------------------------------------------------------------------- */

static void
install (MlSimPrinter *self)
{
  const MlSimModel *model = self->model;
  g_autoptr(GRand) setup = rand_for (self->seed, self->index, 1);
  GRand *events_rand = self->rand;
  double region = g_rand_double (setup);
  char uuid[37];

  /* The set-up draws come from their own generator, so that adding a set-up detail
   * never shifts the jobs. */
  self->rand = setup;

  if (region < 0.50)
    {
      self->region = "region-emea";
      self->utc_offset_hours = 1;
    }
  else if (region < 0.85)
    {
      self->region = "region-americas";
      self->utc_offset_hours = -5;
    }
  else
    {
      self->region = "region-apj";
      self->utc_offset_hours = 8;
    }

  draw_uuid (setup, uuid, FALSE);
  self->device_uuid = g_strdup (uuid);
  draw_uuid (setup, uuid, FALSE);
  self->queue_uuid = g_strdup (uuid);

  for (guint k = 0; k < model->n_inks; k++)
    {
      MlSimSlot *s = &self->slots[k];

      draw_cartridge_serial (self, s);
      /* Set-up cartridges are partly spent on priming, so levels start mixed. */
      s->level_ul = model->inks[k].capacity_ul * draw_range (self, 35, 100) / 100;
      s->installed_at = self->installed_at;
      s->manufactured_at = self->installed_at - draw_range (self, 30, 300) * 86400;
      s->insertions = 1;
    }

  for (guint h = 0; h < model->n_heads; h++)
    {
      draw_head_serial (self, &self->heads[h]);
      self->heads[h].installed_at = self->installed_at;
    }

  for (guint r = 0; r < model->n_rolls && self->n_sources < ML_SIM_MAX_SOURCES; r++)
    {
      MlSimSource *source = &self->sources[self->n_sources++];
      const MlSimMedia *media = ml_sim_catalog_lookup_media (model->media[r % 3]);

      g_snprintf (source->id, sizeof source->id, "Roll%u", r + 1);
      source->kind = ML_MEDIA_SOURCE_KIND_ROLL;
      source->media = media;
      source->width_mm = model->width_mm;
      source->length_mm = media->roll_length_mm * draw_range (self, 20, 100) / 100;
    }
  if (model->sheet_feed && self->n_sources < ML_SIM_MAX_SOURCES)
    {
      MlSimSource *source = &self->sources[self->n_sources++];

      g_strlcpy (source->id, "ManualSheet", sizeof source->id);
      source->kind = ML_MEDIA_SOURCE_KIND_SHEET;
      source->width_mm = model->width_mm;
      source->empty = TRUE;
    }

  self->rand = events_rand;
  self->now = self->installed_at;
  self->last_activity = self->installed_at;
  self->boots = 1;
  stamp_event (self, "PowerUpEvent");
  stamp_event (self, "DeviceCapabilitiesChanged");

  schedule (self, next_arrival (self, self->installed_at), EVENT_ARRIVAL, NULL, 0);
  schedule (self, next_servicing (self, self->installed_at), EVENT_SERVICING, NULL, 0);
}

static void
ml_sim_printer_finalize (GObject *object)
{
  MlSimPrinter *self = (MlSimPrinter *)object;

  g_list_free_full (self->events, g_free);
  g_queue_clear (&self->queue);
  g_queue_clear (&self->pending);
  g_clear_pointer (&self->jobs, g_ptr_array_unref);
  g_clear_pointer (&self->alerts, g_ptr_array_unref);
  g_clear_pointer (&self->rand, g_rand_free);
  g_clear_pointer (&self->serial, g_free);
  g_clear_pointer (&self->device_uuid, g_free);
  g_clear_pointer (&self->queue_uuid, g_free);

  G_OBJECT_CLASS (ml_sim_printer_parent_class)->finalize (object);
}

static void
ml_sim_printer_class_init (MlSimPrinterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ml_sim_printer_finalize;
}

static void
ml_sim_printer_init (MlSimPrinter *self)
{
  self->jobs = g_ptr_array_new_with_free_func (job_free);
  self->alerts = g_ptr_array_new_with_free_func (alert_free);
  g_queue_init (&self->queue);
  g_queue_init (&self->pending);
}

MlSimPrinter *
ml_sim_printer_new (const MlSimModel *model,
                    guint64           seed,
                    guint             index,
                    const char       *serial,
                    gint64            installed_at,
                    guint             queue_depth)
{
  MlSimPrinter *self;

  g_return_val_if_fail (model != NULL, NULL);
  g_return_val_if_fail (queue_depth > 0, NULL);

  self = g_object_new (ML_TYPE_SIM_PRINTER, NULL);
  self->model = model;
  self->seed = seed;
  self->index = index;
  self->serial = serial != NULL ? g_strdup (serial) : ml_sim_printer_make_serial (seed, index, 0);
  self->installed_at = installed_at;
  self->queue_depth = queue_depth;
  self->rand = rand_for (seed, index, 2);
  install (self);
  return self;
}

const MlSimModel *
ml_sim_printer_get_model (MlSimPrinter *self)
{
  g_return_val_if_fail (ML_IS_SIM_PRINTER (self), NULL);
  return self->model;
}

guint
ml_sim_printer_get_index (MlSimPrinter *self)
{
  g_return_val_if_fail (ML_IS_SIM_PRINTER (self), 0);
  return self->index;
}

const char *
ml_sim_printer_get_serial (MlSimPrinter *self)
{
  g_return_val_if_fail (ML_IS_SIM_PRINTER (self), NULL);
  return self->serial;
}

const char *
ml_sim_printer_get_queue_uuid (MlSimPrinter *self)
{
  g_return_val_if_fail (ML_IS_SIM_PRINTER (self), NULL);
  return self->queue_uuid;
}

gint64
ml_sim_printer_get_queue_modification (MlSimPrinter *self)
{
  g_return_val_if_fail (ML_IS_SIM_PRINTER (self), 0);
  return self->modification;
}

gint64
ml_sim_printer_get_now (MlSimPrinter *self)
{
  g_return_val_if_fail (ML_IS_SIM_PRINTER (self), 0);
  return self->now;
}

void
ml_sim_printer_advance_to (MlSimPrinter *self,
                           gint64        instant)
{
  g_return_if_fail (ML_IS_SIM_PRINTER (self));

  if (instant <= self->now)
    return;

  while (self->events != NULL && ((Event *) self->events->data)->time <= instant)
    {
      Event *event = self->events->data;

      self->events = g_list_delete_link (self->events, self->events);
      self->now = event->time;
      process_event (self, event);
      g_free (event);
    }

  self->now = instant;
}

void
ml_sim_printer_reboot (MlSimPrinter *self)
{
  g_autoptr(GRand) boot_rand = NULL;
  char uuid[37];

  g_return_if_fail (ML_IS_SIM_PRINTER (self));

  /* The new UUID comes from the boot count, not from the event generator, so that a
   * reboot does not change what happens next. */
  boot_rand = rand_for (self->seed, self->index, 100 + self->boots);
  draw_uuid (boot_rand, uuid, FALSE);
  g_free (self->queue_uuid);
  self->queue_uuid = g_strdup (uuid);
  self->boots++;

  /* Modification numbers start again; the jobs the queue kept are numbered anew in
   * the order of their last change. */
  self->modification = 0;
  for (GList *l = self->queue.head; l != NULL; l = l->next)
    ((MlSimJob *) l->data)->modification = ++self->modification;

  self->event_counter = 0;
  memset (self->event_stamps, 0, sizeof self->event_stamps);
  stamp_event (self, "PowerUpEvent");
  self->last_activity = self->now;
}

void
ml_sim_printer_reset_counters (MlSimPrinter *self)
{
  g_return_if_fail (ML_IS_SIM_PRINTER (self));

  memset (&self->counters, 0, sizeof self->counters);
  self->counters_reset_at = self->now;
}

/* Views for the renderers ----------------------------------------------------------- */

void
_ml_sim_printer_engine_view (MlSimPrinter    *self,
                             MlSimEngineView *view)
{
  MlSeverity worst = ML_SEVERITY_INFO;
  gboolean sleeping;

  for (guint i = 0; i < self->alerts->len; i++)
    worst = MAX (worst, ((MlSimAlert *) g_ptr_array_index (self->alerts, i))->severity);

  sleeping = self->active == NULL && self->now - self->last_activity >= SLEEP_AFTER_S;

  view->activity = self->active != NULL ? "Printing" : "NoActivity";
  view->model_severity = worst;
  view->severity = worst == ML_SEVERITY_ERROR ? "Error"
                   : worst == ML_SEVERITY_WARNING ? "Warning" : "Info";
  if (self->alerts->len > 0)
    view->status = "WithAlerts";
  else if (sleeping)
    view->status = "PowerSave";
  else
    view->status = "Ready";

  /* The same precedence as docs/printer-protocols.md gives the readers. */
  if (self->active != NULL)
    view->state = ML_ENGINE_STATE_PRINTING;
  else if (worst == ML_SEVERITY_ERROR)
    view->state = ML_ENGINE_STATE_ERROR;
  else if (worst == ML_SEVERITY_WARNING)
    view->state = ML_ENGINE_STATE_WARNING;
  else if (strcmp (view->status, "PowerSave") == 0)
    view->state = ML_ENGINE_STATE_SLEEPING;
  else
    view->state = ML_ENGINE_STATE_IDLE;
}

const char *
_ml_sim_printer_area_unit (MlSimPrinter *self)
{
  return strcmp (self->region, "region-americas") == 0 ? "ft2" : "m2";
}

const char *
_ml_sim_printer_length_unit (MlSimPrinter *self)
{
  return strcmp (self->region, "region-americas") == 0 ? "ft" : "m";
}

const MlSimMedia *
_ml_sim_job_media (MlSimPrinter *self,
                   MlSimJob     *job)
{
  if (job->kind == ML_JOB_KIND_SCAN)
    return NULL;
  /* A waiting job prints on whatever its roll holds when it starts. */
  if (job->state == ML_SIM_JOB_PENDING
      && self->sources[job->source_index].kind == ML_MEDIA_SOURCE_KIND_ROLL
      && self->sources[job->source_index].media != NULL)
    return self->sources[job->source_index].media;
  return job->media;
}

gboolean
_ml_sim_job_has_accounting (MlSimJob *job)
{
  return job->state == ML_SIM_JOB_COMPLETED;
}

const char *
_ml_sim_job_status_text (MlSimJob *job)
{
  switch (job->state)
    {
    case ML_SIM_JOB_PENDING:
      return "WaitingToPrint";
    case ML_SIM_JOB_ACTIVE:
      return job->kind == ML_JOB_KIND_SCAN ? "Processing" : "Printing";
    case ML_SIM_JOB_COMPLETED:
      return "Completed";
    case ML_SIM_JOB_CANCELLED:
      return "Cancelled";
    default:
      g_return_val_if_reached ("Unknown");
    }
}

void
_ml_sim_job_totals (MlSimPrinter *self,
                    MlSimJob     *job,
                    gint64       *out_media_area_mm2,
                    gint64       *out_length_mm,
                    gint64       *out_ink_ul)
{
  *out_media_area_mm2 = 0;
  *out_length_mm = 0;
  for (guint k = 0; k < ML_SIM_MAX_INKS; k++)
    out_ink_ul[k] = 0;

  for (guint i = 0; i < job->n_pages; i++)
    {
      *out_media_area_mm2 += job->pages[i].media_area_mm2;
      *out_length_mm += job->pages[i].length_mm;
      for (guint k = 0; k < self->model->n_inks; k++)
        out_ink_ul[k] += job->pages[i].ink_ul[k];
    }
}

/* The truth -------------------------------------------------------------------------- */

static MlJob *
job_to_model (MlSimPrinter *self,
              MlSimJob     *job)
{
  g_autoptr(MlJob) model_job = ml_job_new (job->kind, job->uuid);
  const MlSimMedia *media = _ml_sim_job_media (self, job);
  gboolean accounted = _ml_sim_job_has_accounting (job);
  MlJobStatus status;

  switch (job->state)
    {
    case ML_SIM_JOB_PENDING: status = ML_JOB_STATUS_PENDING; break;
    case ML_SIM_JOB_ACTIVE: status = ML_JOB_STATUS_ACTIVE; break;
    case ML_SIM_JOB_COMPLETED: status = ML_JOB_STATUS_COMPLETED; break;
    case ML_SIM_JOB_CANCELLED: status = ML_JOB_STATUS_CANCELLED; break;
    default: g_assert_not_reached ();
    }

  ml_job_set_name (model_job, job->name);
  ml_job_set_user_name (model_job, job->user_name);
  ml_job_set_account_id (model_job, job->account);
  ml_job_set_application_id (model_job, job->application_uuid);
  ml_job_set_project_id (model_job, job->project_id);
  ml_job_set_user_defined (model_job, job->user_defined);
  ml_job_set_source (model_job, job->source);
  ml_job_set_status (model_job, status);
  ml_job_set_status_text (model_job, _ml_sim_job_status_text (job));
  ml_job_set_copies (model_job, job->copies);
  ml_job_set_pages (model_job, job->n_pages);
  ml_job_set_submitted_at (model_job, job->submitted_at);
  ml_job_set_printed_at (model_job, job->printed_at);
  if (job->state == ML_SIM_JOB_COMPLETED || job->state == ML_SIM_JOB_CANCELLED)
    ml_job_set_completed_at (model_job, job->completed_at);
  if (job->printed_at > 0 && job->state == ML_SIM_JOB_COMPLETED)
    ml_job_set_duration_ms (model_job, (job->completed_at - job->printed_at) * 1000);

  if (job->kind == ML_JOB_KIND_SCAN || job->kind == ML_JOB_KIND_COPY)
    ml_job_set_scan_area_mm2 (model_job, accounted ? job->scan_area_mm2 : 0);

  if (job->kind != ML_JOB_KIND_SCAN)
    {
      gint64 printed_area = 0;
      gint64 area;
      gint64 length;
      gint64 ink[ML_SIM_MAX_INKS];

      for (guint i = 0; i < job->n_pages; i++)
        printed_area += (gint64) job->pages[i].width_mm * job->pages[i].height_mm * job->copies;

      ml_job_set_quality (model_job, job->quality);
      ml_job_set_media_type_id (model_job, media->id);
      ml_job_set_printed_area_mm2 (model_job, printed_area);

      if (accounted)
        {
          gint64 category_media[ML_SIM_N_CATEGORIES] = { 0 };
          gint64 category_printed[ML_SIM_N_CATEGORIES] = { 0 };
          gint64 category_ink[ML_SIM_N_CATEGORIES] = { 0 };
          gint64 category_length[ML_SIM_N_CATEGORIES] = { 0 };
          gboolean category_seen[ML_SIM_N_CATEGORIES] = { FALSE };
          MlSimCategory order[ML_SIM_N_CATEGORIES];
          guint n_order = 0;

          _ml_sim_job_totals (self, job, &area, &length, ink);
          ml_job_set_media_area_mm2 (model_job, area);
          ml_job_set_media_length_mm (model_job, length);
          ml_job_set_nonwhite_coverage_ppm (model_job, job->pages[0].nonwhite_ppm);
          ml_job_set_color_coverage_ppm (model_job, job->pages[0].color_ppm);
          ml_job_set_coverage_category (model_job,
                                        _ml_sim_category_names[job->pages[0].category]);
          for (guint k = 0; k < self->model->n_inks; k++)
            if (ink[k] > 0)
              ml_job_set_ink (model_job, self->model->inks[k].color, ink[k]);

          /* Categories in the order the pages first name them, as a reader meets them. */
          for (guint i = 0; i < job->n_pages; i++)
            {
              MlSimPage *page = &job->pages[i];
              MlSimCategory c = page->category;

              if (!category_seen[c])
                {
                  category_seen[c] = TRUE;
                  order[n_order++] = c;
                }
              category_media[c] += page->media_area_mm2;
              category_length[c] += page->length_mm;
              category_printed[c] += (gint64) page->width_mm * page->height_mm * job->copies;
              for (guint k = 0; k < self->model->n_inks; k++)
                category_ink[c] += page->ink_ul[k];
            }
          for (guint i = 0; i < n_order; i++)
            {
              g_autoptr(MlCategoryUsage) usage = ml_category_usage_new ();
              MlSimCategory c = order[i];

              ml_category_usage_set_category (usage, _ml_sim_category_names[c]);
              ml_category_usage_set_media_area_mm2 (usage, category_media[c]);
              ml_category_usage_set_printed_area_mm2 (usage, category_printed[c]);
              ml_category_usage_set_ink_ul (usage, category_ink[c]);
              ml_category_usage_set_length_mm (usage, category_length[c]);
              ml_job_add_category (model_job, usage);
            }
        }
      else
        {
          /* Unprinted jobs report zero consumption, as in the Z9 capture. */
          ml_job_set_media_area_mm2 (model_job, 0);
          ml_job_set_media_length_mm (model_job, 0);
          ml_job_set_nonwhite_coverage_ppm (model_job, 0);
          ml_job_set_color_coverage_ppm (model_job, 0);
        }
    }

  return g_steal_pointer (&model_job);
}

static void
fill_usage (MlSimPrinter *self,
            MlUsage      *usage)
{
  const MlSimModel *model = self->model;
  const MlSimCounters *c = &self->counters;
  gint64 total_ink = 0;

  for (guint k = 0; k < model->n_inks; k++)
    total_ink += c->ink_ul[k];

  ml_usage_set_job_count (usage, c->jobs);
  ml_usage_set_page_count (usage, c->pages);
  ml_usage_set_total_ink_ul (usage, total_ink);
  ml_usage_set_total_media_area_mm2 (usage, c->media_area_mm2);
  ml_usage_set_total_media_length_mm (usage, c->media_length_mm);
  if (model->scanner)
    {
      ml_usage_set_scan_area_mm2 (usage, c->scan_area_mm2);
      ml_usage_set_scan_area_scans_mm2 (usage, c->scan_scans_mm2);
      ml_usage_set_scan_area_copies_mm2 (usage, c->scan_copies_mm2);
    }

  for (guint k = 0; k < model->n_inks; k++)
    {
      g_autoptr(MlInkUsage) ink = ml_ink_usage_new ();

      ml_ink_usage_set_color (ink, model->inks[k].color);
      ml_ink_usage_set_product_number (ink, model->inks[k].part_number);
      ml_ink_usage_set_ink_used_ul (ink, c->ink_ul[k]);
      ml_ink_usage_set_hp_ink_used_ul (ink, c->ink_ul[k]);
      ml_ink_usage_set_insertions (ink, self->slots[k].insertions);
      ml_usage_add_ink (usage, ink);
    }

  for (guint m = 0; model->media[m] != NULL; m++)
    {
      g_autoptr(MlMediaUsage) media = NULL;
      const MlSimMedia *info;

      if (c->media_type_area_mm2[m] == 0)
        continue;
      info = ml_sim_catalog_lookup_media (model->media[m]);
      media = ml_media_usage_new ();
      ml_media_usage_set_media_type_id (media, info->id);
      ml_media_usage_set_media_type_name (media, info->name);
      ml_media_usage_set_area_mm2 (media, c->media_type_area_mm2[m]);
      ml_media_usage_set_length_mm (media, c->media_type_length_mm[m]);
      ml_usage_add_media (usage, media);
    }

  for (guint i = 0; i < ML_SIM_N_CATEGORIES; i++)
    {
      g_autoptr(MlCategoryUsage) category = NULL;

      if (c->category_media_area_mm2[i] == 0)
        continue;
      category = ml_category_usage_new ();
      ml_category_usage_set_category (category, _ml_sim_category_names[i]);
      ml_category_usage_set_media_area_mm2 (category, c->category_media_area_mm2[i]);
      ml_category_usage_set_printed_area_mm2 (category, c->category_printed_area_mm2[i]);
      ml_category_usage_set_ink_ul (category, c->category_ink_ul[i]);
      ml_category_usage_set_length_mm (category, c->category_length_mm[i]);
      ml_usage_add_category (usage, category);
    }
}

MlPrinterReading *
ml_sim_printer_build_reading (MlSimPrinter *self)
{
  const MlSimModel *model;
  g_autoptr(MlPrinterReading) reading = NULL;
  MlIdentity *identity;
  MlEngineStatus *status;
  MlSimEngineView view;

  g_return_val_if_fail (ML_IS_SIM_PRINTER (self), NULL);

  model = self->model;
  reading = ml_printer_reading_new ();
  identity = ml_printer_reading_get_identity (reading);
  ml_identity_set_product_number (identity, model->product_number);
  ml_identity_set_model_name (identity, model->model_name);
  ml_identity_set_serial_number (identity, self->serial);
  ml_identity_set_firmware_version (identity, model->firmware);
  ml_identity_set_manufacturer (identity, "HP");

  _ml_sim_printer_engine_view (self, &view);
  status = ml_printer_reading_get_status (reading);
  ml_engine_status_set_state (status, view.state);
  ml_engine_status_set_severity (status, view.model_severity);
  ml_engine_status_set_status_text (status, view.status);
  ml_engine_status_set_activity (status, view.activity);

  for (guint i = 0; i < self->alerts->len; i++)
    {
      MlSimAlert *a = g_ptr_array_index (self->alerts, i);
      g_autoptr(MlAlert) alert = ml_alert_new ();

      ml_alert_set_code (alert, a->code);
      ml_alert_set_category (alert, a->area);
      ml_alert_set_severity (alert, a->severity);
      ml_alert_set_description (alert, a->description);
      ml_alert_set_raised_at (alert, a->raised_at);
      ml_printer_reading_add_alert (reading, alert);
    }

  for (guint h = 0; h < model->n_heads; h++)
    {
      g_autoptr(MlPrinthead) head = ml_printhead_new ();
      MlSupplyState state;
      const char *text = _ml_sim_printer_head_status (self, h, &state);

      ml_printhead_set_slot (head, (int) h);
      ml_printhead_set_colors (head, model->heads[h].colors);
      ml_printhead_set_state (head, state);
      ml_printhead_set_status_text (head, text);
      ml_printhead_set_health_percent (head, _ml_sim_printer_head_health (self, h));
      ml_printhead_set_product_number (head, model->heads[h].part_number);
      ml_printhead_set_product_name (head, model->heads[h].order_name);
      ml_printhead_set_serial_number (head, self->heads[h].serial);
      ml_printhead_set_manufacturer (head, "HP");
      ml_printhead_set_installed_at (head, self->heads[h].installed_at);
      ml_printhead_set_in_warranty (head, self->now < self->heads[h].installed_at + 365 * 86400);
      ml_printhead_set_warranty_end (head, self->heads[h].installed_at + 365 * 86400);
      ml_printer_reading_add_printhead (reading, head);
    }

  for (guint k = 0; k < model->n_inks; k++)
    {
      g_autoptr(MlCartridge) cartridge = ml_cartridge_new ();
      MlSupplyState state;
      const char *text = _ml_sim_printer_slot_status (self, k, &state);

      ml_cartridge_set_slot (cartridge, (int) k);
      ml_cartridge_set_color (cartridge, model->inks[k].color);
      ml_cartridge_set_state (cartridge, state);
      ml_cartridge_set_status_text (cartridge, text);
      ml_cartridge_set_product_number (cartridge, model->inks[k].part_number);
      ml_cartridge_set_product_name (cartridge, model->inks[k].order_name);
      ml_cartridge_set_serial_number (cartridge, self->slots[k].serial);
      ml_cartridge_set_manufacturer (cartridge, "HP");
      ml_cartridge_set_capacity_ul (cartridge, model->inks[k].capacity_ul);
      ml_cartridge_set_level_ul (cartridge, self->slots[k].level_ul);
      ml_cartridge_set_level_percent (cartridge, _ml_sim_printer_slot_percent (self, k));
      ml_cartridge_set_ink_used_ul (cartridge, self->counters.ink_ul[k]);
      ml_cartridge_set_non_hp_ink_used_ul (cartridge, 0);
      ml_cartridge_set_installed_at (cartridge, self->slots[k].installed_at);
      ml_printer_reading_add_cartridge (reading, cartridge);
    }

  for (guint m = 0; model->media[m] != NULL; m++)
    {
      const MlSimMedia *info = ml_sim_catalog_lookup_media (model->media[m]);
      g_autoptr(MlMediaType) type = ml_media_type_new ();

      ml_media_type_set_id (type, info->id);
      ml_media_type_set_name (type, info->name);
      ml_media_type_set_category (type, info->category);
      ml_printer_reading_add_media_type (reading, type);
    }

  for (guint i = 0; i < self->n_sources; i++)
    {
      MlSimSource *s = &self->sources[i];
      g_autoptr(MlMediaSource) source = ml_media_source_new ();

      ml_media_source_set_id (source, s->id);
      ml_media_source_set_kind (source, s->kind);
      ml_media_source_set_state (source, s->empty ? ML_MEDIA_STATE_EMPTY : ML_MEDIA_STATE_LOADED);
      if (!s->empty)
        {
          ml_media_source_set_media_type_id (source, s->media->id);
          ml_media_source_set_media_type_name (source, s->media->name);
          ml_media_source_set_width_mm (source, s->width_mm);
          ml_media_source_set_length_mm (source, s->length_mm);
        }
      ml_printer_reading_add_media_source (reading, source);
    }

  fill_usage (self, ml_printer_reading_get_usage (reading));

  for (guint i = 0; i < self->jobs->len; i++)
    {
      g_autoptr(MlJob) job = job_to_model (self, g_ptr_array_index (self->jobs, i));

      ml_printer_reading_add_job (reading, job);
    }

  ml_printer_reading_set_queue_uuid (reading, self->queue_uuid);
  ml_printer_reading_set_queue_modification (reading, self->modification);
  ml_printer_reading_set_read_at (reading, self->now);

  return g_steal_pointer (&reading);
}

static JsonNode *
list_to_json (GListModel *model,
              JsonNode *(*to_json) (gpointer))
{
  JsonArray *array = json_array_new ();
  JsonNode *node = json_node_new (JSON_NODE_ARRAY);
  guint n = g_list_model_get_n_items (model);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (model, i);

      json_array_add_element (array, to_json (item));
    }
  json_node_take_array (node, array);
  return node;
}

JsonNode *
ml_sim_printer_to_truth (MlSimPrinter *self,
                         const char   *address)
{
  g_autoptr(MlPrinterReading) reading = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  g_autofree char *now = NULL;
  g_autofree char *installed = NULL;
  JsonObject *object;
  JsonObject *servicing;
  JsonArray *queue;
  JsonNode *node;

  g_return_val_if_fail (ML_IS_SIM_PRINTER (self), NULL);

  reading = ml_sim_printer_build_reading (self);
  now = ml_units_format_timestamp (self->now);
  installed = ml_units_format_timestamp (self->installed_at);

  object = json_object_new ();
  json_object_set_string_member (object, "serial", self->serial);
  json_object_set_string_member (object, "product_number", self->model->product_number);
  json_object_set_string_member (object, "model", self->model->model_name);
  if (address != NULL)
    json_object_set_string_member (object, "address", address);
  json_object_set_int_member (object, "index", self->index);
  json_object_set_string_member (object, "region", self->region);
  json_object_set_string_member (object, "now", now);
  json_object_set_string_member (object, "installed_at", installed);
  json_object_set_string_member (object, "queue_uuid", self->queue_uuid);
  json_object_set_int_member (object, "queue_modification", self->modification);
  queue = json_array_new ();
  for (GList *l = self->queue.head; l != NULL; l = l->next)
    json_array_add_string_element (queue, ((MlSimJob *) l->data)->uuid);
  json_object_set_array_member (object, "queue_jobs", queue);
  if (self->counters_reset_at > 0)
    {
      g_autofree char *reset = ml_units_format_timestamp (self->counters_reset_at);

      json_object_set_string_member (object, "counters_reset_at", reset);
    }

  servicing = json_object_new ();
  for (guint k = 0; k < self->model->n_inks; k++)
    json_object_set_int_member (servicing, self->model->inks[k].color,
                                self->counters.servicing_ul[k]);
  json_object_set_object_member (object, "servicing_ink", servicing);

  json_object_set_member (object, "identity",
                          ml_identity_to_json (ml_printer_reading_get_identity (reading)));
  json_object_set_member (object, "status",
                          ml_engine_status_to_json (ml_printer_reading_get_status (reading)));
  json_object_set_member (object, "alerts",
                          list_to_json (ml_printer_reading_get_alerts (reading),
                                        (JsonNode *(*) (gpointer)) ml_alert_to_json));
  json_object_set_member (object, "consumables",
                          list_to_json (ml_printer_reading_get_cartridges (reading),
                                        (JsonNode *(*) (gpointer)) ml_cartridge_to_json));
  json_object_set_member (object, "printheads",
                          list_to_json (ml_printer_reading_get_printheads (reading),
                                        (JsonNode *(*) (gpointer)) ml_printhead_to_json));
  json_object_set_member (object, "media_sources",
                          list_to_json (ml_printer_reading_get_media_sources (reading),
                                        (JsonNode *(*) (gpointer)) ml_media_source_to_json));
  json_object_set_member (object, "media_types",
                          list_to_json (ml_printer_reading_get_media_types (reading),
                                        (JsonNode *(*) (gpointer)) ml_media_type_to_json));
  json_object_set_member (object, "counters",
                          ml_usage_to_json (ml_printer_reading_get_usage (reading)));
  json_object_set_member (object, "jobs",
                          list_to_json (ml_printer_reading_get_jobs (reading),
                                        (JsonNode *(*) (gpointer)) ml_job_to_json));

  node = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (node, object);
  return node;
}
