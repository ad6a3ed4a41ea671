/* ml-site-page.h: the Site page: enrolment, the portal connection and sync
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Actions: page.enrol (the code typed, once it decodes), page.sync-now,
 * page.show-enrol and page.cancel-enrol (enrolling again). Properties, read-only:
 * "enrolled", and "busy" while an enrolment, a check of the portal, a sealing of a
 * collection into the outbox or a sync runs.
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define ML_TYPE_SITE_PAGE (ml_site_page_get_type ())

G_DECLARE_FINAL_TYPE (MlSitePage, ml_site_page, ML, SITE_PAGE, AdwBin)

G_END_DECLS
