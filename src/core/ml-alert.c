/* ml-alert.c: one active alert with its severity
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "ml-enums.h"
#include "ml-units.h"
#include "ml-alert.h"

struct _MlAlert
{
  GObject parent_instance;

  char *code;
  char *category;
  MlSeverity severity;
  char *description;
  gint64 raised_at;
};

G_DEFINE_FINAL_TYPE (MlAlert, ml_alert, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CODE,
  PROP_CATEGORY,
  PROP_SEVERITY,
  PROP_DESCRIPTION,
  PROP_RAISED_AT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
ml_alert_finalize (GObject *object)
{
  MlAlert *self = (MlAlert *)object;

  g_clear_pointer (&self->code, g_free);
  g_clear_pointer (&self->category, g_free);
  g_clear_pointer (&self->description, g_free);

  G_OBJECT_CLASS (ml_alert_parent_class)->finalize (object);
}

static void
ml_alert_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  MlAlert *self = ML_ALERT (object);

  switch (prop_id)
    {
    case PROP_CODE:
      g_value_set_string (value, self->code);
      break;

    case PROP_CATEGORY:
      g_value_set_string (value, self->category);
      break;

    case PROP_SEVERITY:
      g_value_set_enum (value, self->severity);
      break;

    case PROP_DESCRIPTION:
      g_value_set_string (value, self->description);
      break;

    case PROP_RAISED_AT:
      g_value_set_int64 (value, self->raised_at);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ml_alert_set_property (GObject      *object,
                       guint         prop_id,
                       const GValue *value,
                       GParamSpec   *pspec)
{
  MlAlert *self = ML_ALERT (object);

  switch (prop_id)
    {
    case PROP_CODE:
      ml_alert_set_code (self, g_value_get_string (value));
      break;

    case PROP_CATEGORY:
      ml_alert_set_category (self, g_value_get_string (value));
      break;

    case PROP_SEVERITY:
      ml_alert_set_severity (self, g_value_get_enum (value));
      break;

    case PROP_DESCRIPTION:
      ml_alert_set_description (self, g_value_get_string (value));
      break;

    case PROP_RAISED_AT:
      ml_alert_set_raised_at (self, g_value_get_int64 (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ml_alert_class_init (MlAlertClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ml_alert_finalize;
  object_class->get_property = ml_alert_get_property;
  object_class->set_property = ml_alert_set_property;

  properties[PROP_CODE] =
    g_param_spec_string ("code", NULL, "The printer's identifier of the alert",
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_CATEGORY] =
    g_param_spec_string ("category", NULL, "The part of the printer the alert is about",
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_SEVERITY] =
    g_param_spec_enum ("severity", NULL, "How serious the alert is",
                       ML_TYPE_SEVERITY, ML_SEVERITY_INFO,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_DESCRIPTION] =
    g_param_spec_string ("description", NULL, "The printer's description",
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_RAISED_AT] =
    g_param_spec_int64 ("raised-at", NULL, "When the alert was raised (Unix seconds, 0 if unknown)",
                        0, G_MAXINT64, 0,
                        (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ml_alert_init (MlAlert *self)
{
}

MlAlert *
ml_alert_new (void)
{
  return g_object_new (ML_TYPE_ALERT, NULL);
}

const char *
ml_alert_get_code (MlAlert *self)
{
  g_return_val_if_fail (ML_IS_ALERT (self), NULL);

  return self->code;
}

void
ml_alert_set_code (MlAlert *self,
                    const char *code)
{
  g_return_if_fail (ML_IS_ALERT (self));

  if (g_strcmp0 (self->code, code) == 0)
    return;

  g_free (self->code);
  self->code = g_strdup (code);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CODE]);
}

const char *
ml_alert_get_category (MlAlert *self)
{
  g_return_val_if_fail (ML_IS_ALERT (self), NULL);

  return self->category;
}

void
ml_alert_set_category (MlAlert *self,
                        const char *category)
{
  g_return_if_fail (ML_IS_ALERT (self));

  if (g_strcmp0 (self->category, category) == 0)
    return;

  g_free (self->category);
  self->category = g_strdup (category);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CATEGORY]);
}

MlSeverity
ml_alert_get_severity (MlAlert *self)
{
  g_return_val_if_fail (ML_IS_ALERT (self), 0);

  return self->severity;
}

void
ml_alert_set_severity (MlAlert *self,
                        MlSeverity severity)
{
  g_return_if_fail (ML_IS_ALERT (self));

  if (self->severity == severity)
    return;

  self->severity = severity;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SEVERITY]);
}

const char *
ml_alert_get_description (MlAlert *self)
{
  g_return_val_if_fail (ML_IS_ALERT (self), NULL);

  return self->description;
}

void
ml_alert_set_description (MlAlert *self,
                           const char *description)
{
  g_return_if_fail (ML_IS_ALERT (self));

  if (g_strcmp0 (self->description, description) == 0)
    return;

  g_free (self->description);
  self->description = g_strdup (description);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DESCRIPTION]);
}

gint64
ml_alert_get_raised_at (MlAlert *self)
{
  g_return_val_if_fail (ML_IS_ALERT (self), 0);

  return self->raised_at;
}

void
ml_alert_set_raised_at (MlAlert *self,
                         gint64 raised_at)
{
  g_return_if_fail (ML_IS_ALERT (self));

  g_return_if_fail (raised_at >= 0);

  if (self->raised_at == raised_at)
    return;

  self->raised_at = raised_at;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RAISED_AT]);
}
