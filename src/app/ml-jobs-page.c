/* ml-jobs-page.c: the Jobs page: every job the site’s printers printed
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * For now the page shows its empty state only.
 */
#include "config.h"

#include "ml-jobs-page.h"

struct _MlJobsPage
{
  AdwBin parent_instance;
};

G_DEFINE_FINAL_TYPE (MlJobsPage, ml_jobs_page, ADW_TYPE_BIN)

static void
ml_jobs_page_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), ML_TYPE_JOBS_PAGE);

  G_OBJECT_CLASS (ml_jobs_page_parent_class)->dispose (object);
}

static void
ml_jobs_page_class_init (MlJobsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ml_jobs_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/meterlink/Meterlink/ui/ml-jobs-page.ui");
}

static void
ml_jobs_page_init (MlJobsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
