/* ml-ink-usage.c: lifetime ink used through one cartridge type
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "ml-enums.h"
#include "ml-units.h"
#include "ml-ink-usage.h"

struct _MlInkUsage
{
  GObject parent_instance;

  char *color;
  char *product_number;
  gint64 ink_used_ul;
  gint64 hp_ink_used_ul;
  gint64 insertions;
};

G_DEFINE_FINAL_TYPE (MlInkUsage, ml_ink_usage, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_COLOR,
  PROP_PRODUCT_NUMBER,
  PROP_INK_USED_UL,
  PROP_HP_INK_USED_UL,
  PROP_INSERTIONS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
ml_ink_usage_finalize (GObject *object)
{
  MlInkUsage *self = (MlInkUsage *)object;

  g_clear_pointer (&self->color, g_free);
  g_clear_pointer (&self->product_number, g_free);

  G_OBJECT_CLASS (ml_ink_usage_parent_class)->finalize (object);
}

static void
ml_ink_usage_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  MlInkUsage *self = ML_INK_USAGE (object);

  switch (prop_id)
    {
    case PROP_COLOR:
      g_value_set_string (value, self->color);
      break;

    case PROP_PRODUCT_NUMBER:
      g_value_set_string (value, self->product_number);
      break;

    case PROP_INK_USED_UL:
      g_value_set_int64 (value, self->ink_used_ul);
      break;

    case PROP_HP_INK_USED_UL:
      g_value_set_int64 (value, self->hp_ink_used_ul);
      break;

    case PROP_INSERTIONS:
      g_value_set_int64 (value, self->insertions);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ml_ink_usage_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  MlInkUsage *self = ML_INK_USAGE (object);

  switch (prop_id)
    {
    case PROP_COLOR:
      ml_ink_usage_set_color (self, g_value_get_string (value));
      break;

    case PROP_PRODUCT_NUMBER:
      ml_ink_usage_set_product_number (self, g_value_get_string (value));
      break;

    case PROP_INK_USED_UL:
      ml_ink_usage_set_ink_used_ul (self, g_value_get_int64 (value));
      break;

    case PROP_HP_INK_USED_UL:
      ml_ink_usage_set_hp_ink_used_ul (self, g_value_get_int64 (value));
      break;

    case PROP_INSERTIONS:
      ml_ink_usage_set_insertions (self, g_value_get_int64 (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ml_ink_usage_class_init (MlInkUsageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ml_ink_usage_finalize;
  object_class->get_property = ml_ink_usage_get_property;
  object_class->set_property = ml_ink_usage_set_property;

  properties[PROP_COLOR] =
    g_param_spec_string ("color", NULL, "The ink colour",
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_PRODUCT_NUMBER] =
    g_param_spec_string ("product-number", NULL, "The cartridge part number",
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_INK_USED_UL] =
    g_param_spec_int64 ("ink-used-ul", NULL, "Ink used in microlitres",
                        -1, G_MAXINT64, ML_UNKNOWN,
                        (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_HP_INK_USED_UL] =
    g_param_spec_int64 ("hp-ink-used-ul", NULL, "HP ink used in microlitres",
                        -1, G_MAXINT64, ML_UNKNOWN,
                        (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_INSERTIONS] =
    g_param_spec_int64 ("insertions", NULL, "Number of cartridge insertions",
                        -1, G_MAXINT64, ML_UNKNOWN,
                        (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ml_ink_usage_init (MlInkUsage *self)
{
  self->ink_used_ul = ML_UNKNOWN;
  self->hp_ink_used_ul = ML_UNKNOWN;
  self->insertions = ML_UNKNOWN;
}

MlInkUsage *
ml_ink_usage_new (void)
{
  return g_object_new (ML_TYPE_INK_USAGE, NULL);
}

const char *
ml_ink_usage_get_color (MlInkUsage *self)
{
  g_return_val_if_fail (ML_IS_INK_USAGE (self), NULL);

  return self->color;
}

void
ml_ink_usage_set_color (MlInkUsage *self,
                         const char *color)
{
  g_return_if_fail (ML_IS_INK_USAGE (self));

  if (g_strcmp0 (self->color, color) == 0)
    return;

  g_free (self->color);
  self->color = g_strdup (color);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COLOR]);
}

const char *
ml_ink_usage_get_product_number (MlInkUsage *self)
{
  g_return_val_if_fail (ML_IS_INK_USAGE (self), NULL);

  return self->product_number;
}

void
ml_ink_usage_set_product_number (MlInkUsage *self,
                                  const char *product_number)
{
  g_return_if_fail (ML_IS_INK_USAGE (self));

  if (g_strcmp0 (self->product_number, product_number) == 0)
    return;

  g_free (self->product_number);
  self->product_number = g_strdup (product_number);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PRODUCT_NUMBER]);
}

gint64
ml_ink_usage_get_ink_used_ul (MlInkUsage *self)
{
  g_return_val_if_fail (ML_IS_INK_USAGE (self), 0);

  return self->ink_used_ul;
}

void
ml_ink_usage_set_ink_used_ul (MlInkUsage *self,
                               gint64 ink_used_ul)
{
  g_return_if_fail (ML_IS_INK_USAGE (self));

  g_return_if_fail (ink_used_ul >= -1);

  if (self->ink_used_ul == ink_used_ul)
    return;

  self->ink_used_ul = ink_used_ul;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INK_USED_UL]);
}

gint64
ml_ink_usage_get_hp_ink_used_ul (MlInkUsage *self)
{
  g_return_val_if_fail (ML_IS_INK_USAGE (self), 0);

  return self->hp_ink_used_ul;
}

void
ml_ink_usage_set_hp_ink_used_ul (MlInkUsage *self,
                                  gint64 hp_ink_used_ul)
{
  g_return_if_fail (ML_IS_INK_USAGE (self));

  g_return_if_fail (hp_ink_used_ul >= -1);

  if (self->hp_ink_used_ul == hp_ink_used_ul)
    return;

  self->hp_ink_used_ul = hp_ink_used_ul;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HP_INK_USED_UL]);
}

gint64
ml_ink_usage_get_insertions (MlInkUsage *self)
{
  g_return_val_if_fail (ML_IS_INK_USAGE (self), 0);

  return self->insertions;
}

void
ml_ink_usage_set_insertions (MlInkUsage *self,
                              gint64 insertions)
{
  g_return_if_fail (ML_IS_INK_USAGE (self));

  g_return_if_fail (insertions >= -1);

  if (self->insertions == insertions)
    return;

  self->insertions = insertions;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INSERTIONS]);
}

gint64
ml_ink_usage_get_non_hp_ink_used_ul (MlInkUsage *self)
{
  g_return_val_if_fail (ML_IS_INK_USAGE (self), ML_UNKNOWN);

  if (self->ink_used_ul < 0 || self->hp_ink_used_ul < 0)
    return ML_UNKNOWN;
  return MAX (self->ink_used_ul - self->hp_ink_used_ul, 0);
}
