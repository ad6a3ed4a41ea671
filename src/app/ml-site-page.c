/* ml-site-page.c: the Site page: enrolment, the portal connection and sync
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * For now the page shows its empty state only.
 */
#include "config.h"

#include "ml-site-page.h"

struct _MlSitePage
{
  AdwBin parent_instance;
};

G_DEFINE_FINAL_TYPE (MlSitePage, ml_site_page, ADW_TYPE_BIN)

static void
ml_site_page_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), ML_TYPE_SITE_PAGE);

  G_OBJECT_CLASS (ml_site_page_parent_class)->dispose (object);
}

static void
ml_site_page_class_init (MlSitePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ml_site_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/meterlink/Meterlink/ui/ml-site-page.ui");
}

static void
ml_site_page_init (MlSitePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
