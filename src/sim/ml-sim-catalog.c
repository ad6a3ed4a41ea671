/* ml-sim-catalog.c: the printer models, inks, printheads and papers the simulator plays
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The families are the ones the seeds name. The Z9's inks are the real capture's;
 * most other part and product numbers are from memory of HP's catalogue and are
 * listed as unverified in docs/simulator.md. Paper ids other than "2001" and the
 * custom paper of the freeglaz capture are assumed too: only their shape (short
 * numbers for HP papers, 32 hex digits for custom ones) is known.
 */

#include "config.h"

#include <string.h>

#include "ml-sim-catalog.h"

#define ML(x) ((gint64) (x) * 1000)

#define INK(color, code, marker, part, order, ml, role) \
  { color, code, marker, part, order, ML (ml), ML_SIM_INK_ROLE_##role }

/* Papers. "2001" and the Canson custom paper (donor 2090) are from captures. */
static const MlSimMedia media_catalog[] = {
  { "1000", "HP Bright White Inkjet Bond Paper", "HP Hochweißes Inkjet-Papier",
    "BOND", NULL, "HP", TRUE, ML_SIM_MEDIA_BOND, 91440 },
  { "1001", "HP Universal Bond Paper", "HP Universal-Papier",
    "BOND", NULL, "HP", TRUE, ML_SIM_MEDIA_BOND, 91440 },
  { "1002", "HP Recycled Bond Paper", "HP Recycling-Papier",
    "BOND", NULL, "HP", TRUE, ML_SIM_MEDIA_BOND, 45720 },
  { "1100", "HP Coated Paper", "HP Gestrichenes Papier",
    "COATED", NULL, "HP", TRUE, ML_SIM_MEDIA_COATED, 45720 },
  { "1101", "HP Heavyweight Coated Paper", "HP Schweres gestrichenes Papier",
    "COATED", NULL, "HP", TRUE, ML_SIM_MEDIA_COATED, 30480 },
  { "1200", "HP Natural Tracing Paper", "HP Natur-Transparentpapier",
    "TECHNICAL", NULL, "HP", TRUE, ML_SIM_MEDIA_TECHNICAL, 45720 },
  { "1300", "HP Clear Film", "HP Klarsichtfolie",
    "FILM", NULL, "HP", TRUE, ML_SIM_MEDIA_TECHNICAL, 22860 },
  { "2001", "HP Premium Instant-dry Gloss Photo Paper",
    "HP Premium Sofort trocknendes Fotopapier, glänzend",
    "PHOTO", NULL, "HP", TRUE, ML_SIM_MEDIA_PHOTO_GLOSS, 30480 },
  { "2002", "HP Premium Instant-dry Satin Photo Paper",
    "HP Premium Sofort trocknendes Fotopapier, seidenmatt",
    "PHOTO", NULL, "HP", TRUE, ML_SIM_MEDIA_PHOTO_GLOSS, 30480 },
  { "2010", "HP Universal Instant-dry Gloss Photo Paper",
    "HP Universal Sofort trocknendes Fotopapier, glänzend",
    "PHOTO", NULL, "HP", TRUE, ML_SIM_MEDIA_PHOTO_GLOSS, 30480 },
  { "2060", "HP Premium Matte Photo Paper", "HP Premium Fotopapier, matt",
    "PHOTO", NULL, "HP", TRUE, ML_SIM_MEDIA_PHOTO_MATTE, 30480 },
  { "2090", "HP Super Heavyweight Plus Matte Paper", "HP Extraschweres mattes Papier Plus",
    "COATED", NULL, "HP", TRUE, ML_SIM_MEDIA_COATED, 30480 },
  { "3000", "HP Everyday Adhesive Matte Polypropylene",
    "HP Everyday Polypropylen, matt, selbstklebend",
    "SYNTHETIC", NULL, "HP", TRUE, ML_SIM_MEDIA_SYNTHETIC, 22860 },
  { "9E489F02AE027F9DD93191D872728C1D", "CansonPhotolustreRC0526", "CansonPhotolustreRC0526",
    "CUSTOM", "2090", "", FALSE, ML_SIM_MEDIA_PHOTO_GLOSS, 30480 },
  { "3F1C2B7A90D44E0E8A61C5B2D7E49A10", "Hahnemühle Photo Rag 308",
    "Hahnemühle Photo Rag 308", "CUSTOM", "2060", "", FALSE, ML_SIM_MEDIA_FINE_ART, 12000 },
  { "A7D03E55C19B4F2B9E0D6C48F1B3A2E7", "Site Bond 80g", "Baustellen-Papier 80g",
    "CUSTOM", "1001", "", FALSE, ML_SIM_MEDIA_BOND, 91440 },
};

#define HP727_HEAD { "B3P06A", "HP 727", \
  { "photo-black", "gray", "matte-black", "yellow", "magenta", "cyan", NULL }, ML (4000) }

#define HP727_300_INKS \
  INK ("photo-black", "PK", "PhotoBlack", "F9J79A", "HP 727", 300, PHOTO_BLACK), \
  INK ("gray", "G", "Gray", "F9J80A", "HP 727", 300, GRAY), \
  INK ("matte-black", "MK", "MatteBlack", "C1Q12A", "HP 727", 300, MATTE_BLACK), \
  INK ("yellow", "Y", "Yellow", "F9J78A", "HP 727", 300, PRIMARY), \
  INK ("magenta", "M", "Magenta", "F9J77A", "HP 727", 300, PRIMARY), \
  INK ("cyan", "C", "Cyan", "F9J76A", "HP 727", 300, PRIMARY)

#define HP727_130_INKS \
  INK ("photo-black", "PK", "PhotoBlack", "B3P23A", "HP 727", 130, PHOTO_BLACK), \
  INK ("gray", "G", "Gray", "B3P24A", "HP 727", 130, GRAY), \
  INK ("matte-black", "MK", "MatteBlack", "C1Q12A", "HP 727", 300, MATTE_BLACK), \
  INK ("yellow", "Y", "Yellow", "B3P21A", "HP 727", 130, PRIMARY), \
  INK ("magenta", "M", "Magenta", "B3P20A", "HP 727", 130, PRIMARY), \
  INK ("cyan", "C", "Cyan", "B3P19A", "HP 727", 130, PRIMARY)

#define HP764_INKS \
  INK ("cyan", "C", "Cyan", "C1Q13A", "HP 764", 300, PRIMARY), \
  INK ("magenta", "M", "Magenta", "C1Q14A", "HP 764", 300, PRIMARY), \
  INK ("yellow", "Y", "Yellow", "C1Q15A", "HP 764", 300, PRIMARY), \
  INK ("gray", "G", "Gray", "C1Q18A", "HP 764", 300, GRAY), \
  INK ("photo-black", "PK", "PhotoBlack", "C1Q17A", "HP 764", 300, PHOTO_BLACK), \
  INK ("matte-black", "MK", "MatteBlack", "C1Q16A", "HP 764", 300, MATTE_BLACK)

#define HP764_HEAD { "C1Q19A", "HP 764", \
  { "cyan", "magenta", "yellow", "gray", "photo-black", "matte-black" }, ML (4000) }

#define HP761_INKS \
  INK ("matte-black", "MK", "MatteBlack", "CM997A", "HP 761", 775, MATTE_BLACK), \
  INK ("cyan", "C", "Cyan", "CM994A", "HP 761", 400, PRIMARY), \
  INK ("magenta", "M", "Magenta", "CM993A", "HP 761", 400, PRIMARY), \
  INK ("yellow", "Y", "Yellow", "CM992A", "HP 761", 400, PRIMARY), \
  INK ("gray", "G", "Gray", "CM995A", "HP 761", 400, GRAY), \
  INK ("dark-gray", "DG", "DarkGray", "CM996A", "HP 761", 400, GRAY)

#define HP761_HEADS \
  { "CH648A", "HP 761", { "yellow", "matte-black" }, ML (3000) }, \
  { "CH646A", "HP 761", { "magenta", "cyan" }, ML (3000) }, \
  { "CH647A", "HP 761", { "gray", "dark-gray" }, ML (3000) }

#define HP771_INKS(order) \
  INK ("matte-black", "MK", "MatteBlack", "CE037A", order, 775, MATTE_BLACK), \
  INK ("chromatic-red", "R", "ChromaticRed", "CE038A", order, 775, CHROMATIC), \
  INK ("magenta", "M", "Magenta", "CE039A", order, 775, PRIMARY), \
  INK ("yellow", "Y", "Yellow", "CE040A", order, 775, PRIMARY), \
  INK ("light-magenta", "LM", "LightMagenta", "CE041A", order, 775, LIGHT), \
  INK ("light-cyan", "LC", "LightCyan", "CE042A", order, 775, LIGHT), \
  INK ("photo-black", "PK", "PhotoBlack", "CE043A", order, 775, PHOTO_BLACK), \
  INK ("light-gray", "LG", "LightGray", "CE044A", order, 775, GRAY)

#define HP771_HEADS \
  { "CE017A", "HP 771", { "matte-black", "chromatic-red" }, ML (3000) }, \
  { "CE018A", "HP 771", { "magenta", "yellow" }, ML (3000) }, \
  { "CE019A", "HP 771", { "light-magenta", "light-cyan" }, ML (3000) }, \
  { "CE020A", "HP 771", { "photo-black", "light-gray" }, ML (3000) }

#define PWXL_INKS(order, k, c, m, y, ml) \
  INK ("black", "K", "Black", k, order, ml, BLACK), \
  INK ("cyan", "C", "Cyan", c, order, ml, PRIMARY), \
  INK ("magenta", "M", "Magenta", m, order, ml, PRIMARY), \
  INK ("yellow", "Y", "Yellow", y, order, ml, PRIMARY)

#define PWXL_HEAD(part, order) \
  { part, order, { "black", "cyan", "magenta", "yellow" }, ML (6000) }

#define CAD_MEDIA { "1000", "1001", "1002", "1100", "1101", "1200", "1300", "2001", "2090", \
                    "A7D03E55C19B4F2B9E0D6C48F1B3A2E7", NULL }
#define PHOTO_MEDIA { "2001", "2002", "2010", "2060", "2090", "1100", "1101", "3000", \
                      "9E489F02AE027F9DD93191D872728C1D", "3F1C2B7A90D44E0E8A61C5B2D7E49A10", NULL }
#define PWXL_MEDIA { "1000", "1001", "1002", "1100", "1200", \
                     "A7D03E55C19B4F2B9E0D6C48F1B3A2E7", NULL }

/* The order interleaves families so that a small fleet already has a mix; the n-th
 * printer of a fleet is model (seed + n) modulo the catalogue (ml_sim_catalog_pick_model). */
static const MlSimModel models[] = {
  { "CR354A", "HP DesignJet T920 36in", "T920 36in", "DesignJet T900",
    "AXP_02_07_23.4", "2025-11-14T09:12:00Z", FALSE,
    914, 1, TRUE, FALSE, ML_SIM_USE_CAD, 2.5, 35.0, 12000, 300,
    6, { HP727_130_INKS }, 1, { HP727_HEAD }, CAD_MEDIA },
  { "CZ308A", "HP PageWide XL 4000 40in", "XL 4000 40in", "PageWide XL",
    "LXM_03_28_11.1", "2025-09-30T14:05:00Z", FALSE,
    1016, 2, FALSE, FALSE, ML_SIM_USE_PRODUCTION, 8.0, 300.0, 9000, 800,
    4, { PWXL_INKS ("HP 841", "F9J51A", "F9J48A", "F9J49A", "F9J50A", 400) },
    6, { PWXL_HEAD ("F9J52A", "HP 841"), PWXL_HEAD ("F9J52A", "HP 841"),
         PWXL_HEAD ("F9J52A", "HP 841"), PWXL_HEAD ("F9J52A", "HP 841"),
         PWXL_HEAD ("F9J52A", "HP 841"), PWXL_HEAD ("F9J52A", "HP 841") },
    PWXL_MEDIA },
  { "CR356A", "HP DesignJet T1500 36in", "T1500 36in", "DesignJet T1500",
    "AXP_02_07_23.4", "2025-11-14T09:12:00Z", FALSE,
    914, 2, TRUE, FALSE, ML_SIM_USE_CAD, 3.5, 40.0, 12000, 300,
    6, { HP727_300_INKS }, 1, { HP727_HEAD }, CAD_MEDIA },
  { "CQ109A", "HP DesignJet Z6200 42in Photo", "Z6200 42in", "DesignJet Z6200",
    "SBP_05_61_03.2", "2024-06-18T11:40:00Z", FALSE,
    1067, 1, FALSE, FALSE, ML_SIM_USE_PHOTO, 2.0, 80.0, 14000, 500,
    8, { HP771_INKS ("HP 771") }, 4, { HP771_HEADS }, PHOTO_MEDIA },
  { "CR358A", "HP DesignJet T2500 36in MFP", "T2500 36in", "DesignJet T2500 MFP",
    "AXP_02_07_23.4", "2025-11-14T09:12:00Z", FALSE,
    914, 2, TRUE, TRUE, ML_SIM_USE_CAD, 4.0, 40.0, 12000, 300,
    6, { HP727_300_INKS }, 1, { HP727_HEAD }, CAD_MEDIA },
  { "CQ105A", "HP DesignJet T7100 42in", "T7100 42in", "DesignJet T7100",
    "HBP_04_22_09.1", "2024-03-07T08:30:00Z", FALSE,
    1067, 3, FALSE, FALSE, ML_SIM_USE_CAD, 6.0, 150.0, 11000, 400,
    6, { HP761_INKS }, 3, { HP761_HEADS }, CAD_MEDIA },
  { "CZ310A", "HP PageWide XL 8000 40in", "XL 8000 40in", "PageWide XL",
    "LXM_03_28_11.1", "2025-09-30T14:05:00Z", FALSE,
    1016, 4, FALSE, FALSE, ML_SIM_USE_PRODUCTION, 15.0, 600.0, 9000, 800,
    4, { PWXL_INKS ("HP 841", "F9J63A", "F9J60A", "F9J61A", "F9J62A", 775) },
    8, { PWXL_HEAD ("F9J52A", "HP 841"), PWXL_HEAD ("F9J52A", "HP 841"),
         PWXL_HEAD ("F9J52A", "HP 841"), PWXL_HEAD ("F9J52A", "HP 841"),
         PWXL_HEAD ("F9J52A", "HP 841"), PWXL_HEAD ("F9J52A", "HP 841"),
         PWXL_HEAD ("F9J52A", "HP 841"), PWXL_HEAD ("F9J52A", "HP 841") },
    PWXL_MEDIA },
  /* The one model with a real capture: inks, part and order numbers, 300 cc. */
  { "W3Z71A", "HP DesignJet Z9 24in", "Z9 24in", "DesignJet Z9",
    "JGR9_09_26_06.1", "2026-02-06T13:52:00Z", TRUE,
    610, 1, TRUE, FALSE, ML_SIM_USE_PHOTO, 1.5, 40.0, 14000, 400,
    10, { INK ("magenta", "M", "Magenta", "P2V78A", "HP 746", 300, PRIMARY),
          INK ("yellow", "Y", "Yellow", "P2V79A", "HP 746", 300, PRIMARY),
          INK ("cyan", "C", "Cyan", "P2V80A", "HP 746", 300, PRIMARY),
          INK ("chromatic-red", "R", "ChromaticRed", "P2V81A", "HP 746", 300, CHROMATIC),
          INK ("photo-black", "PK", "PhotoBlack", "P2V82A", "HP 746", 300, PHOTO_BLACK),
          INK ("matte-black", "MK", "MatteBlack", "P2V83A", "HP 746", 300, MATTE_BLACK),
          INK ("chromatic-blue", "B", "ChromaticBlue", "P2V85A", "HP 747", 300, CHROMATIC),
          INK ("chromatic-green", "GN", "ChromaticGreen", "P2V84A", "HP 747", 300, CHROMATIC),
          INK ("gray", "G", "Gray", "P2V86A", "HP 747", 300, GRAY),
          INK ("post-treatment", "PT", "PostTreatment", "P2V87A", "HP 747", 300,
               POST_TREATMENT) },
    5, { { "P2V25A", "HP 746", { "magenta", "yellow" }, ML (2500) },
         { "P2V25A", "HP 746", { "cyan", "chromatic-red" }, ML (2500) },
         { "P2V25A", "HP 746", { "photo-black", "matte-black" }, ML (2500) },
         { "P2V27A", "HP 747", { "chromatic-blue", "chromatic-green" }, ML (2500) },
         { "P2V27A", "HP 747", { "gray", "post-treatment" }, ML (2500) } },
    PHOTO_MEDIA },
  { "B9E24A", "HP DesignJet T3500 36in Production MFP", "T3500 36in", "DesignJet T3500 MFP",
    "ALP_03_11_05.7", "2025-05-21T10:00:00Z", FALSE,
    914, 2, FALSE, TRUE, ML_SIM_USE_CAD, 6.0, 80.0, 12000, 350,
    6, { HP764_INKS }, 1, { HP764_HEAD }, CAD_MEDIA },
  { "L2Y23A", "HP DesignJet T1530 36in", "T1530 36in", "DesignJet T1530",
    "AXP_02_07_23.4", "2025-11-14T09:12:00Z", FALSE,
    914, 2, TRUE, FALSE, ML_SIM_USE_CAD, 3.5, 40.0, 12000, 300,
    6, { HP727_300_INKS }, 1, { HP727_HEAD }, CAD_MEDIA },
  /* F2S71A: the product number the seed's data sheet is filed under. */
  { "F2S71A", "HP DesignJet Z6600 60in Production", "Z6600 60in", "DesignJet Z6600",
    "SBP_05_61_03.2", "2024-06-18T11:40:00Z", TRUE,
    1524, 1, FALSE, FALSE, ML_SIM_USE_PHOTO, 2.5, 100.0, 14000, 500,
    8, { HP771_INKS ("HP 771B") }, 4, { HP771_HEADS }, PHOTO_MEDIA },
  { "L2Y25A", "HP DesignJet T2530 36in MFP", "T2530 36in", "DesignJet T2530 MFP",
    "AXP_02_07_23.4", "2025-11-14T09:12:00Z", FALSE,
    914, 2, TRUE, TRUE, ML_SIM_USE_CAD, 4.0, 40.0, 12000, 300,
    6, { HP727_300_INKS }, 1, { HP727_HEAD }, CAD_MEDIA },
  { "L3M58A", "HP PageWide XL 4500 40in", "XL 4500 40in", "PageWide XL",
    "LXM_03_28_11.1", "2025-09-30T14:05:00Z", FALSE,
    1016, 4, FALSE, FALSE, ML_SIM_USE_PRODUCTION, 10.0, 330.0, 9000, 800,
    4, { PWXL_INKS ("HP 843", "C1Q65A", "C1Q66A", "C1Q67A", "C1Q68A", 400) },
    6, { PWXL_HEAD ("C1Q19A", "HP 843"), PWXL_HEAD ("C1Q19A", "HP 843"),
         PWXL_HEAD ("C1Q19A", "HP 843"), PWXL_HEAD ("C1Q19A", "HP 843"),
         PWXL_HEAD ("C1Q19A", "HP 843"), PWXL_HEAD ("C1Q19A", "HP 843") },
    PWXL_MEDIA },
  { "L2Y21A", "HP DesignJet T930 36in", "T930 36in", "DesignJet T930",
    "AXP_02_07_23.4", "2025-11-14T09:12:00Z", FALSE,
    914, 1, TRUE, FALSE, ML_SIM_USE_CAD, 2.5, 35.0, 12000, 300,
    6, { HP727_130_INKS }, 1, { HP727_HEAD }, CAD_MEDIA },
  { "F2S72A", "HP DesignJet Z6800 60in Photo Production", "Z6800 60in", "DesignJet Z6800",
    "SBP_05_61_03.2", "2024-06-18T11:40:00Z", FALSE,
    1524, 1, FALSE, FALSE, ML_SIM_USE_PHOTO, 2.0, 60.0, 15000, 500,
    8, { HP771_INKS ("HP 771C") }, 4, { HP771_HEADS }, PHOTO_MEDIA },
  { "F2L46A", "HP DesignJet T7200 42in Production", "T7200 42in", "DesignJet T7200",
    "HBP_04_22_09.1", "2024-03-07T08:30:00Z", FALSE,
    1067, 2, FALSE, FALSE, ML_SIM_USE_CAD, 6.0, 150.0, 11000, 400,
    6, { HP761_INKS }, 3, { HP761_HEADS }, CAD_MEDIA },
  { "L3M59A", "HP PageWide XL 5000 40in", "XL 5000 40in", "PageWide XL",
    "LXM_03_28_11.1", "2025-09-30T14:05:00Z", FALSE,
    1016, 2, FALSE, FALSE, ML_SIM_USE_PRODUCTION, 12.0, 450.0, 9000, 800,
    4, { PWXL_INKS ("HP 843", "C1Q65A", "C1Q66A", "C1Q67A", "C1Q68A", 400) },
    8, { PWXL_HEAD ("C1Q19A", "HP 843"), PWXL_HEAD ("C1Q19A", "HP 843"),
         PWXL_HEAD ("C1Q19A", "HP 843"), PWXL_HEAD ("C1Q19A", "HP 843"),
         PWXL_HEAD ("C1Q19A", "HP 843"), PWXL_HEAD ("C1Q19A", "HP 843"),
         PWXL_HEAD ("C1Q19A", "HP 843"), PWXL_HEAD ("C1Q19A", "HP 843") },
    PWXL_MEDIA },
};

guint
ml_sim_catalog_get_n_models (void)
{
  return G_N_ELEMENTS (models);
}

const MlSimModel *
ml_sim_catalog_get_model (guint index)
{
  g_return_val_if_fail (index < G_N_ELEMENTS (models), NULL);

  return &models[index];
}

const MlSimModel *
ml_sim_catalog_lookup_model (const char *product_number)
{
  g_return_val_if_fail (product_number != NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (models); i++)
    if (g_ascii_strcasecmp (models[i].product_number, product_number) == 0)
      return &models[i];
  return NULL;
}

const MlSimModel *
ml_sim_catalog_pick_model (guint64 seed,
                           guint   index)
{
  return &models[(seed + index) % G_N_ELEMENTS (models)];
}

const MlSimMedia *
ml_sim_catalog_lookup_media (const char *id)
{
  g_return_val_if_fail (id != NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (media_catalog); i++)
    if (strcmp (media_catalog[i].id, id) == 0)
      return &media_catalog[i];
  return NULL;
}

int
ml_sim_model_find_ink (const MlSimModel *model,
                       const char       *color)
{
  for (guint i = 0; i < model->n_inks; i++)
    if (strcmp (model->inks[i].color, color) == 0)
      return (int) i;
  return -1;
}
