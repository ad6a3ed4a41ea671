/* ml-piws-status.c: the PIWS documents Identification, DeviceStatus and ActiveAlerts
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "ml-piws-reader-private.h"

static MlSeverity
piws_severity (const char *text,
               MlSeverity  fallback)
{
  static const char *const info[] = { "Info", "Information", NULL };
  static const char *const warning[] = { "Warning", NULL };
  static const char *const error[] = { "Error", "Critical", NULL };

  if (_ml_piws_word_is (text, info))
    return ML_SEVERITY_INFO;
  if (_ml_piws_word_is (text, warning))
    return ML_SEVERITY_WARNING;
  if (_ml_piws_word_is (text, error))
    return ML_SEVERITY_ERROR;
  return fallback;
}

/* Identification › Fields › ... */
void
_ml_piws_read_identification (MlPiws           *p,
                              MlPrinterReading *reading,
                              JsonObject       *root)
{
  MlIdentity *identity = ml_printer_reading_get_identity (reading);
  g_autofree char *model_name = NULL;
  g_autofree char *product_number = NULL;
  g_autofree char *manufacturer = NULL;
  g_autofree char *serial_number = NULL;
  g_autofree char *firmware = NULL;
  JsonObject *fields;
  const char *path = "Fields";

  fields = _ml_piws_object (p, root, "", "Fields");
  if (fields == NULL)
    {
      /* Some replies put the fields right under the root. */
      fields = root;
      path = "";
    }

  model_name = _ml_piws_text (p, fields, path, "ModelName");
  product_number = _ml_piws_text (p, fields, path, "PartNumber");
  manufacturer = _ml_piws_text (p, fields, path, "Manufacturer");
  serial_number = _ml_piws_text (p, fields, path, "SerialNumber");
  firmware = _ml_piws_text (p, fields, path, "FwReleaseName");

  if (p->error != NULL)
    return;

  ml_identity_update (identity, model_name, product_number, serial_number, firmware,
                      manufacturer);
}

void
_ml_piws_read_device_status (MlPiws           *p,
                             MlPrinterReading *reading,
                             JsonObject       *root)
{
  static const char *const printing[] = { "Printing", NULL };
  static const char *const processing[] = {
    "Processing", "PreparingToPrint", "Drying", "TerminatingPrint", "CancellingPrint", NULL
  };
  static const char *const power_save[] = { "PowerSave", NULL };
  MlEngineStatus *status = ml_printer_reading_get_status (reading);
  g_autofree char *activity = NULL;
  g_autofree char *status_text = NULL;
  g_autofree char *severity_text = NULL;
  MlSeverity severity;
  MlEngineState state;

  activity = _ml_piws_text (p, root, "", "ActivitiesOverview.MostRelevantActivity.Name");
  status_text = _ml_piws_text (p, root, "", "StatusOverview.MostRelevantStatus");
  severity_text = _ml_piws_text (p, root, "", "StatusOverview.StatusSeverity");

  if (p->error != NULL)
    return;

  severity = piws_severity (severity_text, ML_SEVERITY_INFO);

  /* What the engine does beats how it feels; a printer in power save with a
   * warning is shown with the warning. */
  if (_ml_piws_word_is (activity, printing))
    state = ML_ENGINE_STATE_PRINTING;
  else if (_ml_piws_word_is (activity, processing))
    state = ML_ENGINE_STATE_PROCESSING;
  else if (severity == ML_SEVERITY_ERROR)
    state = ML_ENGINE_STATE_ERROR;
  else if (severity == ML_SEVERITY_WARNING)
    state = ML_ENGINE_STATE_WARNING;
  else if (_ml_piws_word_is (status_text, power_save))
    state = ML_ENGINE_STATE_SLEEPING;
  else if (activity != NULL || status_text != NULL || severity_text != NULL)
    state = ML_ENGINE_STATE_IDLE;
  else
    state = ML_ENGINE_STATE_UNKNOWN;

  ml_engine_status_set_state (status, state);
  ml_engine_status_set_severity (status, severity);
  if (status_text != NULL)
    ml_engine_status_set_status_text (status, status_text);
  if (activity != NULL)
    ml_engine_status_set_activity (status, activity);
}

/* ActiveAlerts › List › Alert[] */
void
_ml_piws_read_alerts (MlPiws           *p,
                      MlPrinterReading *reading,
                      JsonObject       *root)
{
  g_autoptr(GPtrArray) items = _ml_piws_items (p, root, "", "List.Alert");
  g_autoptr(GPtrArray) alerts = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < items->len && p->error == NULL; i++)
    {
      MlPiwsItem *item = g_ptr_array_index (items, i);
      g_autoptr(MlAlert) alert = ml_alert_new ();
      g_autofree char *code = _ml_piws_text (p, item->object, item->path, "FullName");
      g_autofree char *name = _ml_piws_text (p, item->object, item->path, "Name");
      g_autofree char *area = _ml_piws_text (p, item->object, item->path, "Area");
      g_autofree char *severity = _ml_piws_text (p, item->object, item->path, "Severity");
      g_autofree char *description = _ml_piws_text (p, item->object, item->path, "Description");
      gint64 raised_at = 0;

      _ml_piws_timestamp (p, item->object, item->path, "Timestamp", &raised_at);

      ml_alert_set_code (alert, code != NULL ? code : name);
      ml_alert_set_category (alert, area);
      /* As the Latex parser: an alert that does not say is a warning. */
      ml_alert_set_severity (alert, piws_severity (severity, ML_SEVERITY_WARNING));
      ml_alert_set_description (alert, description);
      ml_alert_set_raised_at (alert, raised_at);
      g_ptr_array_add (alerts, g_steal_pointer (&alert));
    }

  if (p->error != NULL)
    return;

  for (guint i = 0; i < alerts->len; i++)
    ml_printer_reading_add_alert (reading, g_ptr_array_index (alerts, i));
}
