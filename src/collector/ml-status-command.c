/* ml-status-command.c: `meterlink-collector status`, every known printer as the store last saw it
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Reads only the store, never a printer: what the last collection saw, when each
 * printer was last seen and read, and what went wrong when it was not.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "ml-collector-store.h"
#include "ml-command-support.h"
#include "ml-status-command.h"

static void
put_time (JsonObject *object,
          const char *key,
          gint64      unix_seconds)
{
  g_autofree char *text = NULL;

  if (unix_seconds <= 0)
    return;
  text = ml_units_format_timestamp (unix_seconds);
  json_object_set_string_member (object, key, text);
}

static void
put_string (JsonObject *object,
            const char *key,
            const char *value)
{
  if (value != NULL)
    json_object_set_string_member (object, key, value);
}

static JsonArray *
list_to_json (GListModel *list,
              JsonNode *(*to_json) (gpointer item))
{
  JsonArray *array = json_array_new ();
  guint n = g_list_model_get_n_items (list);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (list, i);

      json_array_add_element (array, to_json (item));
    }
  return array;
}

static JsonNode *
printer_to_json (MlStoredPrinter  *printer,
                 MlPrinterReading *reading)
{
  JsonObject *object = json_object_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  put_string (object, "serial", ml_stored_printer_get_serial (printer));
  put_string (object, "product_number", ml_stored_printer_get_product_number (printer));
  put_string (object, "model", ml_stored_printer_get_model (printer));
  put_string (object, "firmware", ml_stored_printer_get_firmware (printer));
  put_string (object, "address", ml_stored_printer_get_address (printer));
  if (ml_stored_printer_get_port (printer) > 0)
    json_object_set_int_member (object, "port", ml_stored_printer_get_port (printer));
  json_object_set_boolean_member (object, "supported", ml_stored_printer_get_supported (printer));
  put_string (object, "unsupported_reason", ml_stored_printer_get_unsupported_reason (printer));
  if (reading != NULL)
    {
      json_object_set_member (object, "status",
                              ml_engine_status_to_json (ml_printer_reading_get_status (reading)));
      json_object_set_array_member (object, "consumables",
                                    list_to_json (ml_printer_reading_get_cartridges (reading),
                                                  (JsonNode *(*) (gpointer)) ml_cartridge_to_json));
      json_object_set_array_member (object, "media",
                                    list_to_json (ml_printer_reading_get_media_sources (reading),
                                                  (JsonNode *(*) (gpointer)) ml_media_source_to_json));
    }
  put_time (object, "first_seen", ml_stored_printer_get_first_seen (printer));
  put_time (object, "last_seen", ml_stored_printer_get_last_seen (printer));
  put_time (object, "last_success", ml_stored_printer_get_last_success (printer));
  put_string (object, "last_error", ml_stored_printer_get_last_error (printer));
  put_time (object, "last_error_at", ml_stored_printer_get_last_error_at (printer));
  put_string (object, "cert_sha256", ml_stored_printer_get_cert_sha256 (printer));
  put_string (object, "pending_cert_sha256", ml_stored_printer_get_pending_cert_sha256 (printer));

  json_node_take_object (node, object);
  return node;
}

static void
format_consumables (GString          *out,
                    MlPrinterReading *reading)
{
  GListModel *cartridges = ml_printer_reading_get_cartridges (reading);
  guint n = g_list_model_get_n_items (cartridges);

  if (n == 0)
    return;
  g_string_append (out, _("  Ink:          "));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(MlCartridge) cartridge = g_list_model_get_item (cartridges, i);
      int percent = ml_cartridge_get_level_percent (cartridge);

      if (i > 0)
        g_string_append (out, ", ");
      g_string_append (out, ml_cartridge_get_color (cartridge) ? ml_cartridge_get_color (cartridge)
                                                               : "?");
      if (percent >= 0)
        g_string_append_printf (out, " %d %%", percent);
      if (ml_cartridge_get_state (cartridge) != ML_SUPPLY_STATE_OK &&
          ml_cartridge_get_state (cartridge) != ML_SUPPLY_STATE_UNKNOWN)
        g_string_append_printf (out, " (%s)",
                                ml_supply_state_to_label (ml_cartridge_get_state (cartridge)));
    }
  g_string_append_c (out, '\n');
}

static void
format_media (GString          *out,
              MlPrinterReading *reading)
{
  GListModel *sources = ml_printer_reading_get_media_sources (reading);
  guint n = g_list_model_get_n_items (sources);

  if (n == 0)
    return;
  g_string_append (out, _("  Media:        "));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(MlMediaSource) source = g_list_model_get_item (sources, i);
      const char *name = ml_media_source_get_media_type_name (source);
      gint64 width = ml_media_source_get_width_mm (source);

      if (i > 0)
        g_string_append (out, "; ");
      g_string_append_printf (out, "%s: ", ml_media_source_get_id (source));
      if (ml_media_source_get_state (source) != ML_MEDIA_STATE_LOADED)
        g_string_append (out, ml_media_state_to_label (ml_media_source_get_state (source)));
      else
        {
          g_string_append (out, name != NULL ? name : ml_media_source_get_media_type_id (source));
          if (width > 0)
            {
              g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, width);

              g_string_append_printf (out, _(", %s mm wide"), number);
            }
        }
    }
  g_string_append_c (out, '\n');
}

static void
format_printer (GString          *out,
                MlStoredPrinter  *printer,
                MlPrinterReading *reading)
{
  const char *model = ml_stored_printer_get_model (printer);
  const char *product = ml_stored_printer_get_product_number (printer);
  const char *address = ml_stored_printer_get_address (printer);
  const char *error = ml_stored_printer_get_last_error (printer);
  const char *pending = ml_stored_printer_get_pending_cert_sha256 (printer);
  g_autofree char *seen = ml_command_format_time (ml_stored_printer_get_last_seen (printer));
  g_autofree char *success = ml_command_format_time (ml_stored_printer_get_last_success (printer));

  g_string_append_printf (out, "%s  %s", ml_stored_printer_get_serial (printer),
                          model != NULL ? model : "?");
  if (product != NULL && *product != '\0')
    g_string_append_printf (out, " (%s)", product);
  if (address != NULL)
    g_string_append_printf (out, _("  at %s:%u"), address, ml_stored_printer_get_port (printer));
  g_string_append_c (out, '\n');

  if (!ml_stored_printer_get_supported (printer))
    {
      const char *reason = ml_stored_printer_get_unsupported_reason (printer);

      g_string_append_printf (out, _("  Not collected: %s\n"),
                              reason != NULL ? reason : _("not a supported model"));
    }

  if (reading != NULL)
    {
      MlEngineStatus *status = ml_printer_reading_get_status (reading);
      const char *text = ml_engine_status_get_status_text (status);

      g_string_append_printf (out, _("  Status:       %s"),
                              ml_engine_state_to_label (ml_engine_status_get_state (status)));
      if (text != NULL)
        g_string_append_printf (out, " (%s)", text);
      g_string_append_c (out, '\n');
      format_consumables (out, reading);
      format_media (out, reading);
    }

  g_string_append_printf (out, _("  Last seen:    %s\n"), seen);
  g_string_append_printf (out, _("  Last read:    %s\n"), success);
  if (error != NULL)
    {
      g_autofree char *when = ml_command_format_time (ml_stored_printer_get_last_error_at (printer));

      g_string_append_printf (out, _("  Last error:   %s (%s)\n"), error, when);
    }
  if (pending != NULL)
    g_string_append_printf (out, _("  Certificate:  changed to SHA-256 %s, waiting for a "
                                   "technician to accept it\n"),
                            pending);
}

int
ml_status_command_run (int    argc,
                       char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(MlCollectorStore) store = NULL;
  g_autoptr(GPtrArray) printers = NULL;
  g_autoptr(JsonArray) array = NULL;
  g_autofree char *db_path = NULL;
  g_auto(MlCommandPaths) paths = { NULL, NULL };
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { NULL }
  };

  context = g_option_context_new (_("— show every known printer as last collected"));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  ml_command_paths_add_options (&paths, context);
  if (!ml_command_parse_options (context, &argc, &argv))
    return 2;

  /* Asking is no reason to create a store. */
  db_path = ml_command_paths_dup_db_path (&paths);
  if (!g_file_test (db_path, G_FILE_TEST_EXISTS))
    {
      if (json)
        g_print ("[]\n");
      else
        g_print (_("No printers known yet: nothing was collected into %s\n"), db_path);
      return 0;
    }

  if (!(store = ml_collector_store_open (db_path, &error)) ||
      !(printers = ml_collector_store_list_printers (store, &error)))
    {
      g_printerr ("%s: %s\n", g_get_prgname (), error->message);
      return 1;
    }

  array = json_array_new ();
  for (guint i = 0; i < printers->len; i++)
    {
      MlStoredPrinter *printer = g_ptr_array_index (printers, i);
      g_autoptr(MlPrinterReading) reading = NULL;
      g_autoptr(GError) local_error = NULL;

      reading = ml_collector_store_load_status (store, ml_stored_printer_get_serial (printer),
                                                &local_error);
      if (reading == NULL && !g_error_matches (local_error, ML_ERROR, ML_ERROR_NOT_FOUND))
        {
          g_printerr ("%s: %s\n", g_get_prgname (), local_error->message);
          return 1;
        }

      if (json)
        json_array_add_element (array, printer_to_json (printer, reading));
      else
        {
          g_autoptr(GString) out = g_string_new (NULL);

          if (i > 0)
            g_string_append_c (out, '\n');
          format_printer (out, printer, reading);
          g_print ("%s", out->str);
        }
    }

  if (json)
    {
      g_autoptr(JsonNode) root = json_node_new (JSON_NODE_ARRAY);

      json_node_set_array (root, array);
      ml_command_print_json (root);
    }
  else if (printers->len == 0)
    g_print (_("No printers known yet\n"));

  return 0;
}
