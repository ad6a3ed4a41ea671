/* ml-piws-media.c: the PIWS documents MediaSystem and PaperList
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "ml-piws-reader-private.h"

/* MediaSystem › DrawerCollection › Drawer[] › InputDeviceCollection › <Roll|Sheet|Tray>[] */
void
_ml_piws_read_media_system (MlPiws           *p,
                            MlPrinterReading *reading,
                            JsonObject       *root)
{
  static const struct {
    const char *keys;
    MlMediaSourceKind kind;
  } kinds[] = {
    { "InputDeviceCollection.Roll", ML_MEDIA_SOURCE_KIND_ROLL },
    { "InputDeviceCollection.Sheet", ML_MEDIA_SOURCE_KIND_SHEET },
    { "InputDeviceCollection.Tray", ML_MEDIA_SOURCE_KIND_TRAY },
  };
  g_autoptr(GPtrArray) drawers = _ml_piws_items (p, root, "", "DrawerCollection.Drawer");
  g_autoptr(GPtrArray) sources = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < drawers->len && p->error == NULL; i++)
    {
      MlPiwsItem *drawer = g_ptr_array_index (drawers, i);

      for (guint k = 0; k < G_N_ELEMENTS (kinds) && p->error == NULL; k++)
        {
          g_autoptr(GPtrArray) devices = _ml_piws_items (p, drawer->object, drawer->path,
                                                         kinds[k].keys);

          for (guint j = 0; j < devices->len && p->error == NULL; j++)
            {
              MlPiwsItem *device = g_ptr_array_index (devices, j);
              g_autoptr(MlMediaSource) source = ml_media_source_new ();
              g_autoptr(GPtrArray) loaded = NULL;
              g_autofree char *id = NULL;
              g_autofree char *media_type_id = NULL;
              gint64 width = ML_UNKNOWN;
              gint64 length = ML_UNKNOWN;
              MlMediaState state = ML_MEDIA_STATE_EMPTY;

              /* IdForPrinting is the name jobs use for the source (MediaSource). */
              id = _ml_piws_text (p, device->object, device->path, "IdForPrinting");
              if (id == NULL)
                id = _ml_piws_text (p, device->object, device->path, "IdForUI");
              loaded = _ml_piws_items (p, device->object, device->path,
                                       "LoadedMediaCollection.LoadedMedia");
              if (loaded->len > 0)
                {
                  MlPiwsItem *media = g_ptr_array_index (loaded, 0);

                  state = ML_MEDIA_STATE_LOADED;
                  media_type_id = _ml_piws_text (p, media->object, media->path, "MediaTypeID");
                  _ml_piws_quantity (p, media->object, media->path, "Width", ML_UNIT_MM, NULL,
                                     &width);
                  _ml_piws_quantity (p, media->object, media->path, "RemainingLength",
                                     ML_UNIT_MM, NULL, &length);
                }

              if (p->error != NULL)
                break;

              if (id == NULL)
                id = g_strdup_printf ("%s%u", ml_media_source_kind_to_string (kinds[k].kind),
                                      j + 1);

              ml_media_source_set_id (source, id);
              ml_media_source_set_kind (source, kinds[k].kind);
              ml_media_source_set_state (source, state);
              ml_media_source_set_media_type_id (source, media_type_id);
              if (media_type_id != NULL)
                {
                  MlMediaType *type = ml_printer_reading_lookup_media_type (reading,
                                                                            media_type_id);

                  if (type != NULL)
                    ml_media_source_set_media_type_name (source, ml_media_type_get_name (type));
                }
              ml_media_source_set_width_mm (source, width);
              ml_media_source_set_length_mm (source, length);
              g_ptr_array_add (sources, g_steal_pointer (&source));
            }
        }
    }

  if (p->error != NULL)
    return;

  for (guint i = 0; i < sources->len; i++)
    ml_printer_reading_add_media_source (reading, g_ptr_array_index (sources, i));
}

/* PaperList › List › Paper[] */
void
_ml_piws_read_paper_list (MlPiws           *p,
                          MlPrinterReading *reading,
                          JsonObject       *root)
{
  g_autoptr(GPtrArray) papers = _ml_piws_items (p, root, "", "List.Paper");
  g_autoptr(GPtrArray) types = g_ptr_array_new_with_free_func (g_object_unref);
  GListModel *sources;
  guint n_sources;

  for (guint i = 0; i < papers->len && p->error == NULL; i++)
    {
      MlPiwsItem *paper = g_ptr_array_index (papers, i);
      g_autoptr(GPtrArray) localizations = NULL;
      g_autoptr(MlMediaType) type = NULL;
      g_autofree char *id = _ml_piws_text (p, paper->object, paper->path, "Id");
      g_autofree char *category = _ml_piws_text (p, paper->object, paper->path, "CategoryId");
      g_autofree char *name = NULL;

      localizations = _ml_piws_items (p, paper->object, paper->path,
                                      "Localizations.Localization");
      for (guint j = 0; j < localizations->len && p->error == NULL; j++)
        {
          MlPiwsItem *localization = g_ptr_array_index (localizations, j);
          g_autofree char *iso_code = _ml_piws_text (p, localization->object, localization->path,
                                                     "ISOCode");
          g_autofree char *value = _ml_piws_text (p, localization->object, localization->path,
                                                  "Value");
          static const char *const english[] = { "en_US", "en-US", NULL };

          if (value == NULL)
            continue;

          /* The names are stored in English, as the printers' own reports show them;
           * without an English name, the first one is better than none. */
          if (_ml_piws_word_is (iso_code, english))
            {
              g_free (name);
              name = g_steal_pointer (&value);
              break;
            }
          if (name == NULL)
            name = g_steal_pointer (&value);
        }

      if (p->error != NULL || id == NULL)
        continue;

      type = ml_media_type_new ();
      ml_media_type_set_id (type, id);
      ml_media_type_set_name (type, name);
      ml_media_type_set_category (type, category);
      g_ptr_array_add (types, g_steal_pointer (&type));
    }

  if (p->error != NULL)
    return;

  for (guint i = 0; i < types->len; i++)
    {
      MlMediaType *type = g_ptr_array_index (types, i);
      MlMediaType *known = ml_printer_reading_lookup_media_type (reading,
                                                                 ml_media_type_get_id (type));

      if (known != NULL)
        {
          ml_media_type_set_name (known, ml_media_type_get_name (type));
          ml_media_type_set_category (known, ml_media_type_get_category (type));
        }
      else
        ml_printer_reading_add_media_type (reading, type);
    }

  /* MediaSystem may have been read first: name what is loaded now. */
  sources = ml_printer_reading_get_media_sources (reading);
  n_sources = g_list_model_get_n_items (sources);
  for (guint i = 0; i < n_sources; i++)
    {
      g_autoptr(MlMediaSource) source = g_list_model_get_item (sources, i);
      const char *media_type_id = ml_media_source_get_media_type_id (source);
      MlMediaType *type;

      if (media_type_id == NULL || ml_media_source_get_media_type_name (source) != NULL)
        continue;

      type = ml_printer_reading_lookup_media_type (reading, media_type_id);
      if (type != NULL)
        ml_media_source_set_media_type_name (source, ml_media_type_get_name (type));
    }
}
