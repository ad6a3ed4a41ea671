/* ml-printers-page.c: the Printers page: the site’s printers, live
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * For now the page shows its empty state only.
 */
#include "config.h"

#include "ml-printers-page.h"

struct _MlPrintersPage
{
  AdwBin parent_instance;
};

G_DEFINE_FINAL_TYPE (MlPrintersPage, ml_printers_page, ADW_TYPE_BIN)

static void
ml_printers_page_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), ML_TYPE_PRINTERS_PAGE);

  G_OBJECT_CLASS (ml_printers_page_parent_class)->dispose (object);
}

static void
ml_printers_page_class_init (MlPrintersPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ml_printers_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/meterlink/Meterlink/ui/ml-printers-page.ui");
}

static void
ml_printers_page_init (MlPrintersPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
