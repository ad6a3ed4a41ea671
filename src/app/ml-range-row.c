/* ml-range-row.c: one address range or exclusion of the Collector page, checked as typed
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The check is ml_ip_range_validate_item(), the one the collector's parser makes,
 * so the row says exactly what saving would say. Its message starts with the item
 * itself ("192.0.2.300: 300 is not an octet (0-255)"); above the typed text the
 * item would be said twice, so the title drops it and the tooltip keeps it whole.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "meterlink-core.h"
#include "ml-range-row.h"

struct _MlRangeRow
{
  AdwEntryRow parent_instance;

  /* Template widgets */
  GtkLabel *count_label;

  gboolean exclusion;
  gboolean valid;
  char *message;
  guint64 count;
};

G_DEFINE_FINAL_TYPE (MlRangeRow, ml_range_row, ADW_TYPE_ENTRY_ROW)

enum {
  PROP_0,
  PROP_COUNT,
  PROP_EXCLUSION,
  PROP_MESSAGE,
  PROP_VALID,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  REMOVE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char *
plain_title (MlRangeRow *self)
{
  return self->exclusion ? _("Excluded Address, Network or Range")
                         : _("Address, Network or Range");
}

static char *
item_for_text (MlRangeRow *self,
               const char *text)
{
  g_autofree char *stripped = g_strstrip (g_strdup (text));

  if (*stripped == '\0')
    return NULL;
  /* An exclusion typed with its '!' is the same exclusion. */
  if (self->exclusion && stripped[0] != '!')
    return g_strconcat ("!", stripped, NULL);
  return g_steal_pointer (&stripped);
}

static void
set_state (MlRangeRow *self,
           gboolean    valid,
           const char *message,
           guint64     count)
{
  GObject *object = G_OBJECT (self);

  g_object_freeze_notify (object);
  if (self->valid != valid)
    {
      self->valid = valid;
      g_object_notify_by_pspec (object, properties[PROP_VALID]);
    }
  if (g_strcmp0 (self->message, message) != 0)
    {
      g_free (self->message);
      self->message = g_strdup (message);
      g_object_notify_by_pspec (object, properties[PROP_MESSAGE]);
    }
  if (self->count != count)
    {
      self->count = count;
      g_object_notify_by_pspec (object, properties[PROP_COUNT]);
    }
  g_object_thaw_notify (object);
}

static void
update_display (MlRangeRow *self,
                const char *item)
{
  GtkWidget *widget = GTK_WIDGET (self);

  if (!self->valid)
    {
      g_autofree char *prefix = g_strconcat (item, ": ", NULL);
      const char *title = self->message;

      if (g_str_has_prefix (title, prefix))
        title += strlen (prefix);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self), title);
      gtk_widget_set_tooltip_text (widget, self->message);
      gtk_widget_add_css_class (widget, "error");
      gtk_label_set_label (self->count_label, "");
      gtk_widget_set_visible (GTK_WIDGET (self->count_label), FALSE);
      return;
    }

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self), plain_title (self));
  gtk_widget_set_tooltip_text (widget, NULL);
  gtk_widget_remove_css_class (widget, "error");
  if (item == NULL)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->count_label), FALSE);
    }
  else
    {
      g_autofree char *text = NULL;
      guint count = (guint) self->count;   /* one item names at most 65,536 */

      text = g_strdup_printf (ngettext ("%u address", "%u addresses", count), count);
      gtk_label_set_label (self->count_label, text);
      gtk_widget_set_visible (GTK_WIDGET (self->count_label), TRUE);
    }
}

static void
validate (MlRangeRow *self)
{
  g_autofree char *item = item_for_text (self, gtk_editable_get_text (GTK_EDITABLE (self)));
  g_autoptr(GError) error = NULL;
  guint64 count = 0;

  if (item == NULL)
    set_state (self, TRUE, NULL, 0);
  else if (ml_ip_range_validate_item (item, &count, &error))
    set_state (self, TRUE, NULL, count);
  else
    set_state (self, FALSE, error->message, 0);

  update_display (self, item);
}

static void
remove_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  g_signal_emit (widget, signals[REMOVE], 0);
}

static void
ml_range_row_finalize (GObject *object)
{
  MlRangeRow *self = ML_RANGE_ROW (object);

  g_clear_pointer (&self->message, g_free);

  G_OBJECT_CLASS (ml_range_row_parent_class)->finalize (object);
}

static void
ml_range_row_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), ML_TYPE_RANGE_ROW);

  G_OBJECT_CLASS (ml_range_row_parent_class)->dispose (object);
}

static void
ml_range_row_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  MlRangeRow *self = ML_RANGE_ROW (object);

  switch (prop_id)
    {
    case PROP_COUNT:
      g_value_set_uint64 (value, self->count);
      break;
    case PROP_EXCLUSION:
      g_value_set_boolean (value, self->exclusion);
      break;
    case PROP_MESSAGE:
      g_value_set_string (value, self->message);
      break;
    case PROP_VALID:
      g_value_set_boolean (value, self->valid);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ml_range_row_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  MlRangeRow *self = ML_RANGE_ROW (object);

  switch (prop_id)
    {
    case PROP_EXCLUSION:
      self->exclusion = g_value_get_boolean (value);
      validate (self);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ml_range_row_class_init (MlRangeRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ml_range_row_dispose;
  object_class->finalize = ml_range_row_finalize;
  object_class->get_property = ml_range_row_get_property;
  object_class->set_property = ml_range_row_set_property;

  properties[PROP_COUNT] =
    g_param_spec_uint64 ("count", NULL, NULL, 0, G_MAXUINT64, 0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_EXCLUSION] =
    g_param_spec_boolean ("exclusion", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MESSAGE] =
    g_param_spec_string ("message", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_VALID] =
    g_param_spec_boolean ("valid", NULL, NULL, TRUE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * MlRangeRow::remove:
   *
   * The row's remove button was pressed.
   */
  signals[REMOVE] = g_signal_new ("remove", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                  NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/meterlink/Meterlink/ui/ml-range-row.ui");
  gtk_widget_class_bind_template_child (widget_class, MlRangeRow, count_label);

  gtk_widget_class_install_action (widget_class, "range.remove", NULL, remove_action);
}

static void
ml_range_row_init (MlRangeRow *self)
{
  self->valid = TRUE;

  gtk_widget_init_template (GTK_WIDGET (self));

  g_signal_connect (self, "changed", G_CALLBACK (validate), NULL);
}

MlRangeRow *
ml_range_row_new (const char *text,
                  gboolean    exclusion)
{
  MlRangeRow *self = g_object_new (ML_TYPE_RANGE_ROW,
                                   "exclusion", exclusion,
                                   NULL);

  if (text != NULL)
    {
      /* Shown as typed, without the '!' its group already says. */
      if (exclusion && text[0] == '!')
        text++;
      gtk_editable_set_text (GTK_EDITABLE (self), text);
    }
  return self;
}

gboolean
ml_range_row_get_exclusion (MlRangeRow *self)
{
  g_return_val_if_fail (ML_IS_RANGE_ROW (self), FALSE);

  return self->exclusion;
}

gboolean
ml_range_row_get_valid (MlRangeRow *self)
{
  g_return_val_if_fail (ML_IS_RANGE_ROW (self), FALSE);

  return self->valid;
}

const char *
ml_range_row_get_message (MlRangeRow *self)
{
  g_return_val_if_fail (ML_IS_RANGE_ROW (self), NULL);

  return self->message;
}

guint64
ml_range_row_get_count (MlRangeRow *self)
{
  g_return_val_if_fail (ML_IS_RANGE_ROW (self), 0);

  return self->count;
}

char *
ml_range_row_dup_item (MlRangeRow *self)
{
  g_return_val_if_fail (ML_IS_RANGE_ROW (self), NULL);

  return item_for_text (self, gtk_editable_get_text (GTK_EDITABLE (self)));
}
