/* ml-jobs-page.h: the Jobs page: every job the site’s printers printed
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "ml-job-list-model.h"

G_BEGIN_DECLS

#define ML_TYPE_JOBS_PAGE (ml_jobs_page_get_type ())

G_DECLARE_FINAL_TYPE (MlJobsPage, ml_jobs_page, ML, JOBS_PAGE, AdwBin)

/* The jobs shown, created on first use; NULL while the page is in no window or the
 * window has no store. */
MlJobListModel *ml_jobs_page_get_model (MlJobsPage *self);

G_END_DECLS
