/* ml-sim-printer-private.h: a simulated printer's state, shared with the document renderers
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * ml-sim-piws.c and ml-sim-ledm.c render documents straight from this state;
 * ml-sim-printer.c alone changes it.
 */
#pragma once

#include "ml-sim-printer.h"

G_BEGIN_DECLS

typedef enum {
  ML_SIM_CATEGORY_LINES_MONOCHROME,
  ML_SIM_CATEGORY_LINES_COLOR,
  ML_SIM_CATEGORY_LOW_DENSITY_IMAGES,
  ML_SIM_CATEGORY_HIGH_DENSITY_IMAGES,
  ML_SIM_CATEGORY_PREMIUM_QUALITY,
  ML_SIM_N_CATEGORIES,
} MlSimCategory;

typedef enum {
  ML_SIM_JOB_PENDING,
  ML_SIM_JOB_ACTIVE,
  ML_SIM_JOB_COMPLETED,
  ML_SIM_JOB_CANCELLED,
} MlSimJobState;

/* One page of a job with what it consumed over all its copies. Consumption is
 * planned when the job arrives and reported once the job completes. */
typedef struct
{
  gint32 width_mm;            /* across the media */
  gint32 height_mm;           /* along the media */
  MlSimCategory category;
  gint32 nonwhite_ppm;
  gint32 color_ppm;
  gint64 media_area_mm2;
  gint64 length_mm;
  gint32 ink_ul[ML_SIM_MAX_INKS];
} MlSimPage;

typedef struct
{
  char uuid[37];              /* the queue's UUID of the job */
  char submit_uuid[37];       /* Settings.JobUUID, from the submitter */
  MlJobKind kind;
  MlSimJobState state;
  char *name;
  const char *user_name;      /* the names below come from static tables */
  char *account;
  const char *application_name;
  const char *application_uuid;
  char *project_id;
  char *user_defined;
  const char *source;
  const char *quality;
  guint copies;
  int source_index;           /* media source; -1 for a scan */
  const MlSimMedia *media;
  guint n_pages;
  MlSimPage *pages;
  gint64 scan_area_mm2;       /* originals scanned (scan and copy jobs) */
  guint extra_rolls;          /* rolls loaded while the job printed */
  gint64 duration_s;
  gint64 submitted_at;
  gint64 printed_at;
  gint64 completed_at;
  gint64 modification;
  gboolean in_queue;
} MlSimJob;

typedef struct
{
  char serial[24];
  gint64 level_ul;
  gint64 installed_at;
  gint64 manufactured_at;
  gint64 insertions;
} MlSimSlot;

typedef struct
{
  char serial[16];
  gint64 installed_at;
  gint64 through_ul;
} MlSimHead;

typedef struct
{
  char id[16];                /* "Roll1", "ManualSheet" */
  MlMediaSourceKind kind;
  const MlSimMedia *media;
  gint64 width_mm;
  gint64 length_mm;           /* what is left on a roll */
  gboolean empty;
  gboolean reload_scheduled;
} MlSimSource;

typedef struct
{
  char *code;                 /* FullName */
  char *name;
  char *area;
  char *description;
  MlSeverity severity;
  gint64 raised_at;
} MlSimAlert;

/* Lifetime counters since installation or the last counter reset. */
typedef struct
{
  gint64 jobs;
  gint64 pages;
  gint64 media_area_mm2;
  gint64 media_length_mm;
  gint64 scan_area_mm2;
  gint64 scan_scans_mm2;
  gint64 scan_copies_mm2;
  gint64 ink_ul[ML_SIM_MAX_INKS];         /* jobs and servicing */
  gint64 servicing_ul[ML_SIM_MAX_INKS];
  gint64 media_type_area_mm2[ML_SIM_MAX_MEDIA];
  gint64 media_type_length_mm[ML_SIM_MAX_MEDIA];
  gint64 category_media_area_mm2[ML_SIM_N_CATEGORIES];
  gint64 category_printed_area_mm2[ML_SIM_N_CATEGORIES];
  gint64 category_ink_ul[ML_SIM_N_CATEGORIES];
  gint64 category_length_mm[ML_SIM_N_CATEGORIES];
} MlSimCounters;

/* The last event of each LEDM EventTable category. */
typedef struct
{
  const char *category;
  guint boot;
  guint sequence;
} MlSimEventStamp;

#define ML_SIM_MAX_SOURCES 5
#define ML_SIM_N_EVENT_CATEGORIES 6

struct _MlSimPrinter
{
  GObject parent_instance;

  const MlSimModel *model;
  guint64 seed;
  guint index;
  char *serial;
  char *device_uuid;
  const char *region;
  int utc_offset_hours;
  gint64 installed_at;
  gint64 now;

  GRand *rand;
  GList *events;              /* of Event, by time then scheduling order */
  guint64 event_sequence;

  MlSimSlot slots[ML_SIM_MAX_INKS];
  MlSimHead heads[ML_SIM_MAX_HEADS];
  MlSimSource sources[ML_SIM_MAX_SOURCES];
  guint n_sources;

  GPtrArray *jobs;            /* every job ever, oldest first; owns them */
  GQueue queue;               /* the jobs PIWS still lists, oldest first */
  guint queue_depth;
  GQueue pending;             /* print and copy jobs waiting for the engine */
  MlSimJob *active;
  char *queue_uuid;
  gint64 modification;
  guint boots;

  MlSimCounters counters;
  gint64 counters_reset_at;
  gint64 maintenance_area_mm2;
  gboolean maintenance_due;
  gint64 last_activity;

  GPtrArray *alerts;          /* of MlSimAlert */
  MlSimEventStamp event_stamps[ML_SIM_N_EVENT_CATEGORIES];
  guint event_counter;
};

extern const char * const _ml_sim_category_names[ML_SIM_N_CATEGORIES];

/* What the engine shows at the current instant. */
typedef struct
{
  const char *activity;       /* MostRelevantActivity: "Printing", "NoActivity" */
  const char *status;         /* MostRelevantStatus: "Ready", "WithAlerts", "PowerSave" */
  const char *severity;       /* StatusSeverity: "Info", "Warning", "Error" */
  MlEngineState state;
  MlSeverity model_severity;
} MlSimEngineView;

void        _ml_sim_printer_engine_view (MlSimPrinter    *self,
                                         MlSimEngineView *view);
/* A cartridge's UserReportedStatus ("Ready", "LowLevel", "VeryLow") and its state. */
const char *_ml_sim_printer_slot_status (MlSimPrinter    *self,
                                         guint            slot,
                                         MlSupplyState   *out_state);
int         _ml_sim_printer_slot_percent (MlSimPrinter   *self,
                                          guint           slot);
int         _ml_sim_printer_head_health (MlSimPrinter    *self,
                                         guint            head);
const char *_ml_sim_printer_head_status (MlSimPrinter    *self,
                                         guint            head,
                                         MlSupplyState   *out_state);
/* Units the printer's region speaks in DeviceCounters: "m2"/"m" or "ft2"/"ft". */
const char *_ml_sim_printer_area_unit   (MlSimPrinter    *self);
const char *_ml_sim_printer_length_unit (MlSimPrinter    *self);
/* The media a job printed or will print on. */
const MlSimMedia *_ml_sim_job_media     (MlSimPrinter    *self,
                                         MlSimJob        *job);
/* Only completed jobs report consumption; others report zeros. */
gboolean    _ml_sim_job_has_accounting  (MlSimJob        *job);
const char *_ml_sim_job_status_text     (MlSimJob        *job);
void        _ml_sim_job_totals          (MlSimPrinter    *self,
                                         MlSimJob        *job,
                                         gint64          *out_media_area_mm2,
                                         gint64          *out_length_mm,
                                         gint64          *out_ink_ul);

G_END_DECLS
