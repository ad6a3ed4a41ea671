/* ml-sim-catalog.h: the printer models, inks, printheads and papers the simulator plays
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Plain constant data. Quantities are in the model's units (µl, mm). Which product
 * and part numbers are verified and which are assumed is listed in docs/simulator.md.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define ML_SIM_MAX_INKS 12
#define ML_SIM_MAX_HEADS 8
#define ML_SIM_MAX_HEAD_COLORS 6
#define ML_SIM_MAX_MEDIA 16

/* What an ink does in a picture, which decides how much of it a job draws. */
typedef enum {
  ML_SIM_INK_ROLE_MATTE_BLACK,
  ML_SIM_INK_ROLE_PHOTO_BLACK,
  ML_SIM_INK_ROLE_BLACK,          /* the one black of a four-colour printer */
  ML_SIM_INK_ROLE_PRIMARY,        /* cyan, magenta, yellow */
  ML_SIM_INK_ROLE_LIGHT,          /* light cyan, light magenta */
  ML_SIM_INK_ROLE_GRAY,           /* gray, light gray, dark gray */
  ML_SIM_INK_ROLE_CHROMATIC,      /* chromatic red, green, blue */
  ML_SIM_INK_ROLE_POST_TREATMENT, /* gloss enhancer, only on glossy papers */
} MlSimInkRole;

typedef struct
{
  const char *color;          /* the model's name: "matte-black" */
  const char *label_code;     /* LEDM ConsumableLabelCode: "MK" */
  const char *marker_color;   /* LEDM MarkerColor: "MatteBlack" */
  const char *part_number;    /* "P2V83A" */
  const char *order_name;     /* "HP 746" */
  gint64 capacity_ul;
  MlSimInkRole role;
} MlSimInk;

typedef struct
{
  const char *part_number;
  const char *order_name;
  const char *colors[ML_SIM_MAX_HEAD_COLORS + 1];  /* NULL-terminated */
  gint64 life_ul;             /* ink through the head until it is worn out */
} MlSimPrinthead;

typedef enum {
  ML_SIM_MEDIA_BOND,
  ML_SIM_MEDIA_COATED,
  ML_SIM_MEDIA_TECHNICAL,     /* tracing, film */
  ML_SIM_MEDIA_PHOTO_GLOSS,
  ML_SIM_MEDIA_PHOTO_MATTE,
  ML_SIM_MEDIA_FINE_ART,
  ML_SIM_MEDIA_SYNTHETIC,     /* polypropylene, banner */
} MlSimMediaClass;

typedef struct
{
  const char *id;             /* "2001", or 32 hex digits for a custom paper */
  const char *name;           /* en_US */
  const char *name_de;        /* de_DE */
  const char *category;       /* Paper/List CategoryId */
  const char *donor_id;       /* the factory paper a custom one derives from, or NULL */
  const char *vendor;         /* PaperVendor in job accounting */
  gboolean factory;
  MlSimMediaClass media_class;
  gint64 roll_length_mm;      /* a new roll */
} MlSimMedia;

typedef enum {
  ML_SIM_USE_CAD,             /* technical drawings, GIS, some renderings */
  ML_SIM_USE_PHOTO,           /* photo, fine art, posters */
  ML_SIM_USE_PRODUCTION,      /* high-volume CAD/GIS sets (PageWide XL) */
} MlSimUse;

typedef struct
{
  const char *product_number; /* Identification PartNumber */
  const char *model_name;     /* "HP DesignJet Z9+ 24-in" */
  const char *model_number;   /* "Z9 24in" */
  const char *family;         /* "DesignJet Z" */
  const char *firmware;       /* FwReleaseName */
  const char *firmware_date;  /* FwReleaseDate, ISO 8601 */
  gboolean product_verified;  /* product number seen in a capture or the seeds */
  gint64 width_mm;            /* widest roll */
  guint n_rolls;
  gboolean sheet_feed;
  gboolean scanner;           /* MFP: scan and copy jobs */
  MlSimUse use;
  double jobs_per_hour;       /* mean arrivals in working hours */
  double m2_per_hour;         /* print speed at normal quality */
  double ul_per_m2;           /* ink at full coverage, normal quality */
  gint64 servicing_ul_per_day;/* mean per colour */
  guint n_inks;
  MlSimInk inks[ML_SIM_MAX_INKS];
  guint n_heads;
  MlSimPrinthead heads[ML_SIM_MAX_HEADS];
  const char *media[ML_SIM_MAX_MEDIA + 1];        /* NULL-terminated paper ids */
} MlSimModel;

guint              ml_sim_catalog_get_n_models   (void);
const MlSimModel  *ml_sim_catalog_get_model      (guint       index);
const MlSimModel  *ml_sim_catalog_lookup_model   (const char *product_number);
/* The model of the index-th printer of a fleet made with seed. */
const MlSimModel  *ml_sim_catalog_pick_model     (guint64     seed,
                                                  guint       index);
const MlSimMedia  *ml_sim_catalog_lookup_media   (const char *id);
int                ml_sim_model_find_ink         (const MlSimModel *model,
                                                  const char       *color);

G_END_DECLS
