/* ml-types.c: the stable names of the model's enumerations
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * These names are data, not prose: they are written to JSON, to the store and into
 * bundles, so they never change and are never translated.
 */
#include "config.h"

#include "ml-types.h"

const char *
ml_severity_to_string (MlSeverity severity)
{
  switch (severity)
    {
    case ML_SEVERITY_INFO: return "info";
    case ML_SEVERITY_WARNING: return "warning";
    case ML_SEVERITY_ERROR: return "error";
    default: g_return_val_if_reached ("info");
    }
}

const char *
ml_engine_state_to_string (MlEngineState state)
{
  switch (state)
    {
    case ML_ENGINE_STATE_UNKNOWN: return "unknown";
    case ML_ENGINE_STATE_IDLE: return "idle";
    case ML_ENGINE_STATE_PRINTING: return "printing";
    case ML_ENGINE_STATE_PROCESSING: return "processing";
    case ML_ENGINE_STATE_SLEEPING: return "sleeping";
    case ML_ENGINE_STATE_WARNING: return "warning";
    case ML_ENGINE_STATE_ERROR: return "error";
    default: g_return_val_if_reached ("unknown");
    }
}

const char *
ml_supply_state_to_string (MlSupplyState state)
{
  switch (state)
    {
    case ML_SUPPLY_STATE_UNKNOWN: return "unknown";
    case ML_SUPPLY_STATE_OK: return "ok";
    case ML_SUPPLY_STATE_LOW: return "low";
    case ML_SUPPLY_STATE_VERY_LOW: return "very-low";
    case ML_SUPPLY_STATE_EMPTY: return "empty";
    case ML_SUPPLY_STATE_EXPIRED: return "expired";
    case ML_SUPPLY_STATE_MISSING: return "missing";
    case ML_SUPPLY_STATE_ERROR: return "error";
    default: g_return_val_if_reached ("unknown");
    }
}

const char *
ml_media_source_kind_to_string (MlMediaSourceKind kind)
{
  switch (kind)
    {
    case ML_MEDIA_SOURCE_KIND_UNKNOWN: return "unknown";
    case ML_MEDIA_SOURCE_KIND_ROLL: return "roll";
    case ML_MEDIA_SOURCE_KIND_SHEET: return "sheet";
    case ML_MEDIA_SOURCE_KIND_TRAY: return "tray";
    default: g_return_val_if_reached ("unknown");
    }
}

const char *
ml_media_state_to_string (MlMediaState state)
{
  switch (state)
    {
    case ML_MEDIA_STATE_UNKNOWN: return "unknown";
    case ML_MEDIA_STATE_LOADED: return "loaded";
    case ML_MEDIA_STATE_EMPTY: return "empty";
    case ML_MEDIA_STATE_MISSING: return "missing";
    default: g_return_val_if_reached ("unknown");
    }
}

const char *
ml_job_kind_to_string (MlJobKind kind)
{
  switch (kind)
    {
    case ML_JOB_KIND_PRINT: return "print";
    case ML_JOB_KIND_SCAN: return "scan";
    case ML_JOB_KIND_COPY: return "copy";
    default: g_return_val_if_reached ("print");
    }
}

const char *
ml_job_status_to_string (MlJobStatus status)
{
  switch (status)
    {
    case ML_JOB_STATUS_UNKNOWN: return "unknown";
    case ML_JOB_STATUS_PENDING: return "pending";
    case ML_JOB_STATUS_ACTIVE: return "active";
    case ML_JOB_STATUS_COMPLETED: return "completed";
    case ML_JOB_STATUS_CANCELLED: return "cancelled";
    case ML_JOB_STATUS_FAILED: return "failed";
    case ML_JOB_STATUS_DELETED: return "deleted";
    default: g_return_val_if_reached ("unknown");
    }
}
