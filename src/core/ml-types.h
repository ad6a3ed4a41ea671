/* ml-types.h: forward declarations and the enumerations of the printer model
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef struct _MlAlert MlAlert;
typedef struct _MlCartridge MlCartridge;
typedef struct _MlCategoryUsage MlCategoryUsage;
typedef struct _MlDeviceEvent MlDeviceEvent;
typedef struct _MlEngineStatus MlEngineStatus;
typedef struct _MlIdentity MlIdentity;
typedef struct _MlInkUsage MlInkUsage;
typedef struct _MlJob MlJob;
typedef struct _MlMediaSource MlMediaSource;
typedef struct _MlMediaType MlMediaType;
typedef struct _MlMediaUsage MlMediaUsage;
typedef struct _MlPrinterReading MlPrinterReading;
typedef struct _MlPrinthead MlPrinthead;
typedef struct _MlUsage MlUsage;

/* Units of the model. Every quantity is an integer in one of these units; the
 * readers convert from the printers' units exactly once (see ml-units.h). */
typedef enum {
  ML_UNIT_MICROLITRE,   /* ink */
  ML_UNIT_MM,           /* length */
  ML_UNIT_MM2,          /* area */
  ML_UNIT_MS,           /* duration */
} MlUnit;

typedef enum {
  ML_SEVERITY_INFO,
  ML_SEVERITY_WARNING,
  ML_SEVERITY_ERROR,
} MlSeverity;

/* What the print engine is doing, normalised across protocols. The raw text the
 * printer sent is kept beside it (MlEngineStatus:status-text). */
typedef enum {
  ML_ENGINE_STATE_UNKNOWN,
  ML_ENGINE_STATE_IDLE,
  ML_ENGINE_STATE_PRINTING,
  ML_ENGINE_STATE_PROCESSING,
  ML_ENGINE_STATE_SLEEPING,
  ML_ENGINE_STATE_WARNING,
  ML_ENGINE_STATE_ERROR,
} MlEngineState;

/* State of a consumable (cartridge or printhead), normalised. */
typedef enum {
  ML_SUPPLY_STATE_UNKNOWN,
  ML_SUPPLY_STATE_OK,
  ML_SUPPLY_STATE_LOW,
  ML_SUPPLY_STATE_VERY_LOW,
  ML_SUPPLY_STATE_EMPTY,
  ML_SUPPLY_STATE_EXPIRED,
  ML_SUPPLY_STATE_MISSING,
  ML_SUPPLY_STATE_ERROR,
} MlSupplyState;

typedef enum {
  ML_MEDIA_SOURCE_KIND_UNKNOWN,
  ML_MEDIA_SOURCE_KIND_ROLL,
  ML_MEDIA_SOURCE_KIND_SHEET,
  ML_MEDIA_SOURCE_KIND_TRAY,
} MlMediaSourceKind;

typedef enum {
  ML_MEDIA_STATE_UNKNOWN,
  ML_MEDIA_STATE_LOADED,
  ML_MEDIA_STATE_EMPTY,
  ML_MEDIA_STATE_MISSING,
} MlMediaState;

typedef enum {
  ML_JOB_KIND_PRINT,
  ML_JOB_KIND_SCAN,
  ML_JOB_KIND_COPY,
} MlJobKind;

/* A job's state, normalised; the printer's own word is MlJob:status-text.
 * Only COMPLETED jobs are billable. */
typedef enum {
  ML_JOB_STATUS_UNKNOWN,
  ML_JOB_STATUS_PENDING,     /* queued, held, waiting to print */
  ML_JOB_STATUS_ACTIVE,      /* processing, printing, scanning */
  ML_JOB_STATUS_COMPLETED,
  ML_JOB_STATUS_CANCELLED,
  ML_JOB_STATUS_FAILED,
  ML_JOB_STATUS_DELETED,     /* removed from the queue before it completed */
} MlJobStatus;

const char *ml_severity_to_string      (MlSeverity         severity);
const char *ml_engine_state_to_string  (MlEngineState      state);
const char *ml_supply_state_to_string  (MlSupplyState      state);
const char *ml_media_source_kind_to_string (MlMediaSourceKind kind);
const char *ml_media_state_to_string   (MlMediaState       state);
const char *ml_job_kind_to_string      (MlJobKind          kind);
const char *ml_job_status_to_string    (MlJobStatus        status);

G_END_DECLS
