/* ml-ink-bar.c: an ink level as a bar in the ink's own colour, with its percentage
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GtkLevelBar colours its block by offsets (low, high, full); those would paint a
 * nearly empty cyan cartridge orange. The bar drops them, and style.css paints the
 * filled block by the ink-<colour> class instead.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "ml-ink-bar.h"

struct _MlInkBar
{
  GtkWidget parent_instance;

  /* Template widgets */
  GtkLabel *label;
  GtkLevelBar *level_bar;

  char *color;
  char *css_class;
  int level;
};

G_DEFINE_FINAL_TYPE (MlInkBar, ml_ink_bar, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_COLOR,
  PROP_LEVEL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The model's colour names (see ml-ledm-reader.c's label codes and the PIWS
 * readers), each with a class in style.css. */
static const struct {
  const char *color;
  const char *label;
} colors[] = {
  { "black", N_("Black") },
  { "chromatic-blue", N_("Chromatic Blue") },
  { "chromatic-green", N_("Chromatic Green") },
  { "chromatic-red", N_("Chromatic Red") },
  { "cyan", N_("Cyan") },
  { "dark-gray", N_("Dark Gray") },
  { "gray", N_("Gray") },
  { "light-cyan", N_("Light Cyan") },
  { "light-gray", N_("Light Gray") },
  { "light-magenta", N_("Light Magenta") },
  { "magenta", N_("Magenta") },
  { "matte-black", N_("Matte Black") },
  { "photo-black", N_("Photo Black") },
  { "post-treatment", N_("Post-Treatment") },
  { "yellow", N_("Yellow") },
};

static int
lookup_color (const char *color)
{
  for (guint i = 0; color != NULL && i < G_N_ELEMENTS (colors); i++)
    if (g_str_equal (colors[i].color, color))
      return (int) i;

  return -1;
}

const char *
ml_ink_bar_color_label (const char *color)
{
  int i = lookup_color (color);

  if (i < 0)
    return color;
  return _(colors[i].label);
}

static void
update_level (MlInkBar *self)
{
  g_autofree char *text = NULL;

  gtk_level_bar_set_value (self->level_bar, MAX (self->level, 0));
  if (self->level >= 0)
    /* Translators: an ink level in percent */
    text = g_strdup_printf (_("%d %%"), self->level);
  gtk_label_set_label (self->label, text != NULL ? text : "—");
}

static void
ml_ink_bar_dispose (GObject *object)
{
  MlInkBar *self = ML_INK_BAR (object);
  GtkWidget *child;

  gtk_widget_dispose_template (GTK_WIDGET (self), ML_TYPE_INK_BAR);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (ml_ink_bar_parent_class)->dispose (object);
}

static void
ml_ink_bar_finalize (GObject *object)
{
  MlInkBar *self = ML_INK_BAR (object);

  g_clear_pointer (&self->color, g_free);
  g_clear_pointer (&self->css_class, g_free);

  G_OBJECT_CLASS (ml_ink_bar_parent_class)->finalize (object);
}

static void
ml_ink_bar_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  MlInkBar *self = ML_INK_BAR (object);

  switch (prop_id)
    {
    case PROP_COLOR:
      g_value_set_string (value, self->color);
      break;

    case PROP_LEVEL:
      g_value_set_int (value, self->level);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ml_ink_bar_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  MlInkBar *self = ML_INK_BAR (object);

  switch (prop_id)
    {
    case PROP_COLOR:
      ml_ink_bar_set_color (self, g_value_get_string (value));
      break;

    case PROP_LEVEL:
      ml_ink_bar_set_level (self, g_value_get_int (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ml_ink_bar_class_init (MlInkBarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ml_ink_bar_dispose;
  object_class->finalize = ml_ink_bar_finalize;
  object_class->get_property = ml_ink_bar_get_property;
  object_class->set_property = ml_ink_bar_set_property;

  properties[PROP_COLOR] =
    g_param_spec_string ("color", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LEVEL] =
    g_param_spec_int ("level", NULL, NULL, -1, 100, -1,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/meterlink/Meterlink/ui/ml-ink-bar.ui");
  gtk_widget_class_bind_template_child (widget_class, MlInkBar, label);
  gtk_widget_class_bind_template_child (widget_class, MlInkBar, level_bar);
  gtk_widget_class_set_css_name (widget_class, "inkbar");
}

static void
ml_ink_bar_init (MlInkBar *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->level = -1;
  gtk_level_bar_remove_offset_value (self->level_bar, GTK_LEVEL_BAR_OFFSET_LOW);
  gtk_level_bar_remove_offset_value (self->level_bar, GTK_LEVEL_BAR_OFFSET_HIGH);
  gtk_level_bar_remove_offset_value (self->level_bar, GTK_LEVEL_BAR_OFFSET_FULL);
  ml_ink_bar_set_color (self, NULL);
  update_level (self);
}

GtkWidget *
ml_ink_bar_new (void)
{
  return g_object_new (ML_TYPE_INK_BAR, NULL);
}

const char *
ml_ink_bar_get_color (MlInkBar *self)
{
  g_return_val_if_fail (ML_IS_INK_BAR (self), NULL);

  return self->color;
}

void
ml_ink_bar_set_color (MlInkBar   *self,
                      const char *color)
{
  int i;

  g_return_if_fail (ML_IS_INK_BAR (self));

  if (self->css_class != NULL && g_strcmp0 (self->color, color) == 0)
    return;

  g_free (self->color);
  self->color = g_strdup (color);

  if (self->css_class != NULL)
    gtk_widget_remove_css_class (GTK_WIDGET (self->level_bar), self->css_class);
  g_free (self->css_class);
  i = lookup_color (color);
  self->css_class = g_strconcat ("ink-", i >= 0 ? colors[i].color : "unknown", NULL);
  gtk_widget_add_css_class (GTK_WIDGET (self->level_bar), self->css_class);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self), ml_ink_bar_color_label (color));

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COLOR]);
}

int
ml_ink_bar_get_level (MlInkBar *self)
{
  g_return_val_if_fail (ML_IS_INK_BAR (self), -1);

  return self->level;
}

void
ml_ink_bar_set_level (MlInkBar *self,
                      int       level)
{
  g_return_if_fail (ML_IS_INK_BAR (self));

  level = CLAMP (level, -1, 100);
  if (self->level == level)
    return;

  self->level = level;
  update_level (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LEVEL]);
}
