/* ml-engine-status.c: what the print engine is doing
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "ml-enums.h"
#include "ml-units.h"
#include "ml-engine-status.h"

struct _MlEngineStatus
{
  GObject parent_instance;

  MlEngineState state;
  MlSeverity severity;
  char *status_text;
  char *activity;
};

G_DEFINE_FINAL_TYPE (MlEngineStatus, ml_engine_status, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_STATE,
  PROP_SEVERITY,
  PROP_STATUS_TEXT,
  PROP_ACTIVITY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
ml_engine_status_finalize (GObject *object)
{
  MlEngineStatus *self = (MlEngineStatus *)object;

  g_clear_pointer (&self->status_text, g_free);
  g_clear_pointer (&self->activity, g_free);

  G_OBJECT_CLASS (ml_engine_status_parent_class)->finalize (object);
}

static void
ml_engine_status_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  MlEngineStatus *self = ML_ENGINE_STATUS (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;

    case PROP_SEVERITY:
      g_value_set_enum (value, self->severity);
      break;

    case PROP_STATUS_TEXT:
      g_value_set_string (value, self->status_text);
      break;

    case PROP_ACTIVITY:
      g_value_set_string (value, self->activity);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ml_engine_status_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  MlEngineStatus *self = ML_ENGINE_STATUS (object);

  switch (prop_id)
    {
    case PROP_STATE:
      ml_engine_status_set_state (self, g_value_get_enum (value));
      break;

    case PROP_SEVERITY:
      ml_engine_status_set_severity (self, g_value_get_enum (value));
      break;

    case PROP_STATUS_TEXT:
      ml_engine_status_set_status_text (self, g_value_get_string (value));
      break;

    case PROP_ACTIVITY:
      ml_engine_status_set_activity (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ml_engine_status_class_init (MlEngineStatusClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ml_engine_status_finalize;
  object_class->get_property = ml_engine_status_get_property;
  object_class->set_property = ml_engine_status_set_property;

  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, "The normalised engine state",
                       ML_TYPE_ENGINE_STATE, ML_ENGINE_STATE_UNKNOWN,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_SEVERITY] =
    g_param_spec_enum ("severity", NULL, "How serious the printer rates its status",
                       ML_TYPE_SEVERITY, ML_SEVERITY_INFO,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_STATUS_TEXT] =
    g_param_spec_string ("status-text", NULL, "The printer's own word for its status",
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_ACTIVITY] =
    g_param_spec_string ("activity", NULL, "The printer's current activity",
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ml_engine_status_init (MlEngineStatus *self)
{
}

MlEngineStatus *
ml_engine_status_new (void)
{
  return g_object_new (ML_TYPE_ENGINE_STATUS, NULL);
}

MlEngineState
ml_engine_status_get_state (MlEngineStatus *self)
{
  g_return_val_if_fail (ML_IS_ENGINE_STATUS (self), 0);

  return self->state;
}

void
ml_engine_status_set_state (MlEngineStatus *self,
                             MlEngineState state)
{
  g_return_if_fail (ML_IS_ENGINE_STATUS (self));

  if (self->state == state)
    return;

  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

MlSeverity
ml_engine_status_get_severity (MlEngineStatus *self)
{
  g_return_val_if_fail (ML_IS_ENGINE_STATUS (self), 0);

  return self->severity;
}

void
ml_engine_status_set_severity (MlEngineStatus *self,
                                MlSeverity severity)
{
  g_return_if_fail (ML_IS_ENGINE_STATUS (self));

  if (self->severity == severity)
    return;

  self->severity = severity;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SEVERITY]);
}

const char *
ml_engine_status_get_status_text (MlEngineStatus *self)
{
  g_return_val_if_fail (ML_IS_ENGINE_STATUS (self), NULL);

  return self->status_text;
}

void
ml_engine_status_set_status_text (MlEngineStatus *self,
                                   const char *status_text)
{
  g_return_if_fail (ML_IS_ENGINE_STATUS (self));

  if (g_strcmp0 (self->status_text, status_text) == 0)
    return;

  g_free (self->status_text);
  self->status_text = g_strdup (status_text);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS_TEXT]);
}

const char *
ml_engine_status_get_activity (MlEngineStatus *self)
{
  g_return_val_if_fail (ML_IS_ENGINE_STATUS (self), NULL);

  return self->activity;
}

void
ml_engine_status_set_activity (MlEngineStatus *self,
                                const char *activity)
{
  g_return_if_fail (ML_IS_ENGINE_STATUS (self));

  if (g_strcmp0 (self->activity, activity) == 0)
    return;

  g_free (self->activity);
  self->activity = g_strdup (activity);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACTIVITY]);
}
