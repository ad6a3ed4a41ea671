/* ml-labels.c: the model's states in words a person reads, translated
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "ml-labels.h"

const char *
ml_engine_state_to_label (MlEngineState state)
{
  switch (state)
    {
    case ML_ENGINE_STATE_IDLE: return _("idle");
    case ML_ENGINE_STATE_PRINTING: return _("printing");
    case ML_ENGINE_STATE_PROCESSING: return _("processing");
    case ML_ENGINE_STATE_SLEEPING: return _("sleeping");
    case ML_ENGINE_STATE_WARNING: return _("warning");
    case ML_ENGINE_STATE_ERROR: return _("error");
    case ML_ENGINE_STATE_UNKNOWN:
    default: return _("unknown");
    }
}

const char *
ml_severity_to_label (MlSeverity severity)
{
  switch (severity)
    {
    case ML_SEVERITY_INFO: return _("info");
    case ML_SEVERITY_WARNING: return _("warning");
    case ML_SEVERITY_ERROR: return _("error");
    default: return _("unknown");
    }
}

const char *
ml_supply_state_to_label (MlSupplyState state)
{
  switch (state)
    {
    case ML_SUPPLY_STATE_OK: return _("ok");
    case ML_SUPPLY_STATE_LOW: return _("low");
    case ML_SUPPLY_STATE_VERY_LOW: return _("very low");
    case ML_SUPPLY_STATE_EMPTY: return _("empty");
    case ML_SUPPLY_STATE_EXPIRED: return _("expired");
    case ML_SUPPLY_STATE_MISSING: return _("missing");
    case ML_SUPPLY_STATE_ERROR: return _("error");
    case ML_SUPPLY_STATE_UNKNOWN:
    default: return _("unknown");
    }
}

const char *
ml_media_source_kind_to_label (MlMediaSourceKind kind)
{
  switch (kind)
    {
    case ML_MEDIA_SOURCE_KIND_ROLL: return _("roll");
    case ML_MEDIA_SOURCE_KIND_SHEET: return _("sheet");
    case ML_MEDIA_SOURCE_KIND_TRAY: return _("tray");
    case ML_MEDIA_SOURCE_KIND_UNKNOWN:
    default: return _("unknown kind");
    }
}

const char *
ml_media_state_to_label (MlMediaState state)
{
  switch (state)
    {
    case ML_MEDIA_STATE_LOADED: return _("loaded");
    case ML_MEDIA_STATE_EMPTY: return _("empty");
    case ML_MEDIA_STATE_MISSING: return _("missing");
    case ML_MEDIA_STATE_UNKNOWN:
    default: return _("unknown");
    }
}

const char *
ml_job_kind_to_label (MlJobKind kind)
{
  switch (kind)
    {
    case ML_JOB_KIND_PRINT: return _("print");
    case ML_JOB_KIND_SCAN: return _("scan");
    case ML_JOB_KIND_COPY: return _("copy");
    default: return _("unknown");
    }
}

const char *
ml_job_status_to_label (MlJobStatus status)
{
  switch (status)
    {
    case ML_JOB_STATUS_PENDING: return _("pending");
    case ML_JOB_STATUS_ACTIVE: return _("active");
    case ML_JOB_STATUS_COMPLETED: return _("completed");
    case ML_JOB_STATUS_CANCELLED: return _("cancelled");
    case ML_JOB_STATUS_FAILED: return _("failed");
    case ML_JOB_STATUS_DELETED: return _("deleted");
    case ML_JOB_STATUS_UNKNOWN:
    default: return _("unknown");
    }
}
