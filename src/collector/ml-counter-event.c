/* ml-counter-event.c: a lifetime counter that went down, as the collector store recorded it
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "ml-counter-event.h"

struct _MlCounterEvent
{
  GObject parent_instance;

  char *serial;
  gint64 at;
  char *kind;
  char *counter;
  gint64 before;
  gint64 after;
};

G_DEFINE_FINAL_TYPE (MlCounterEvent, ml_counter_event, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_SERIAL,
  PROP_AT,
  PROP_KIND,
  PROP_COUNTER,
  PROP_BEFORE,
  PROP_AFTER,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
ml_counter_event_finalize (GObject *object)
{
  MlCounterEvent *self = (MlCounterEvent *)object;

  g_clear_pointer (&self->serial, g_free);
  g_clear_pointer (&self->kind, g_free);
  g_clear_pointer (&self->counter, g_free);

  G_OBJECT_CLASS (ml_counter_event_parent_class)->finalize (object);
}

static void
ml_counter_event_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  MlCounterEvent *self = ML_COUNTER_EVENT (object);

  switch (prop_id)
    {
    case PROP_SERIAL:
      g_value_set_string (value, self->serial);
      break;

    case PROP_AT:
      g_value_set_int64 (value, self->at);
      break;

    case PROP_KIND:
      g_value_set_string (value, self->kind);
      break;

    case PROP_COUNTER:
      g_value_set_string (value, self->counter);
      break;

    case PROP_BEFORE:
      g_value_set_int64 (value, self->before);
      break;

    case PROP_AFTER:
      g_value_set_int64 (value, self->after);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ml_counter_event_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  MlCounterEvent *self = ML_COUNTER_EVENT (object);

  switch (prop_id)
    {
    case PROP_SERIAL:
      g_free (self->serial);
      self->serial = g_value_dup_string (value);
      break;

    case PROP_AT:
      self->at = g_value_get_int64 (value);
      break;

    case PROP_KIND:
      g_free (self->kind);
      self->kind = g_value_dup_string (value);
      break;

    case PROP_COUNTER:
      g_free (self->counter);
      self->counter = g_value_dup_string (value);
      break;

    case PROP_BEFORE:
      self->before = g_value_get_int64 (value);
      break;

    case PROP_AFTER:
      self->after = g_value_get_int64 (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ml_counter_event_class_init (MlCounterEventClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ml_counter_event_finalize;
  object_class->get_property = ml_counter_event_get_property;
  object_class->set_property = ml_counter_event_set_property;

  properties[PROP_SERIAL] =
    g_param_spec_string ("serial", NULL, "The printer's serial number",
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  properties[PROP_AT] =
    g_param_spec_int64 ("at", NULL, "When the reading that saw the drop was taken",
                        G_MININT64, G_MAXINT64, 0,
                        (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  properties[PROP_KIND] =
    g_param_spec_string ("kind", NULL, "What happened: reset",
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  properties[PROP_COUNTER] =
    g_param_spec_string ("counter", NULL, "The counter's name, such as page_count or ink/C/ink_used_ul",
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  properties[PROP_BEFORE] =
    g_param_spec_int64 ("before", NULL, "The last value stored before the drop",
                        G_MININT64, G_MAXINT64, 0,
                        (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  properties[PROP_AFTER] =
    g_param_spec_int64 ("after", NULL, "The value after the drop",
                        G_MININT64, G_MAXINT64, 0,
                        (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ml_counter_event_init (MlCounterEvent *self)
{
}

const char *
ml_counter_event_get_serial (MlCounterEvent *self)
{
  g_return_val_if_fail (ML_IS_COUNTER_EVENT (self), NULL);

  return self->serial;
}

gint64
ml_counter_event_get_at (MlCounterEvent *self)
{
  g_return_val_if_fail (ML_IS_COUNTER_EVENT (self), 0);

  return self->at;
}

const char *
ml_counter_event_get_kind (MlCounterEvent *self)
{
  g_return_val_if_fail (ML_IS_COUNTER_EVENT (self), NULL);

  return self->kind;
}

const char *
ml_counter_event_get_counter (MlCounterEvent *self)
{
  g_return_val_if_fail (ML_IS_COUNTER_EVENT (self), NULL);

  return self->counter;
}

gint64
ml_counter_event_get_before (MlCounterEvent *self)
{
  g_return_val_if_fail (ML_IS_COUNTER_EVENT (self), 0);

  return self->before;
}

gint64
ml_counter_event_get_after (MlCounterEvent *self)
{
  g_return_val_if_fail (ML_IS_COUNTER_EVENT (self), 0);

  return self->after;
}
