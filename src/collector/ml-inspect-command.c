/* ml-inspect-command.c: `meterlink-collector inspect`: what saved printer responses hold
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Support staff get files from customers ("this is what the printer answered") and
 * need to see what Meterlink makes of them without a printer at hand. Each file is
 * read on its own: one bad file is reported and the others are still shown.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <gio/gio.h>
#include <stdio.h>

#include "meterlink-core.h"
#include "ml-inspect-command.h"
#include "ml-json.h"
#include "ml-reading-format.h"
#include "ml-response-reader.h"
#include "ml-xml.h"

/* No printer response is larger than what the parsers accept; reading stops there
 * instead of loading whatever file was named. */
#define MAX_FILE_SIZE MAX (ML_XML_MAX_SIZE, ML_JSON_MAX_SIZE)
#define READ_CHUNK (64 * 1024)

/* GIO's messages repeat the file name, which the caller already prints first. */
static void
describe_io_error (GError  *io_error,
                   GError **error)
{
  const char *message;

  if (g_error_matches (io_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
    message = _("no such file");
  else if (g_error_matches (io_error, G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY))
    message = _("is a directory, not a file");
  else if (g_error_matches (io_error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED))
    message = _("permission denied");
  else
    message = io_error->message;

  g_set_error (error, ML_ERROR, ML_ERROR_FAILED, _("cannot be read: %s"), message);
}

static GBytes *
read_file (const char  *path,
           GError     **error)
{
  g_autoptr(GFile) file = g_file_new_for_commandline_arg (path);
  g_autoptr(GFileInputStream) stream = NULL;
  g_autoptr(GByteArray) contents = g_byte_array_new ();
  g_autoptr(GError) io_error = NULL;

  if (!(stream = g_file_read (file, NULL, &io_error)))
    {
      describe_io_error (io_error, error);
      return NULL;
    }

  for (;;)
    {
      guint used = contents->len;
      gsize n_read = 0;

      g_byte_array_set_size (contents, used + READ_CHUNK);
      if (!g_input_stream_read_all (G_INPUT_STREAM (stream), contents->data + used,
                                    READ_CHUNK, &n_read, NULL, &io_error))
        {
          describe_io_error (io_error, error);
          return NULL;
        }
      g_byte_array_set_size (contents, used + (guint) n_read);

      if (contents->len > MAX_FILE_SIZE)
        {
          g_autofree char *limit = g_format_size_full (MAX_FILE_SIZE, G_FORMAT_SIZE_IEC_UNITS);

          g_set_error (error, ML_ERROR, ML_ERROR_TOO_LARGE,
                       _("is larger than %s, more than any printer response"), limit);
          return NULL;
        }
      if (n_read < READ_CHUNK)
        break;
    }

  return g_byte_array_free_to_bytes (g_steal_pointer (&contents));
}

static MlPrinterReading *
inspect_file (const char  *path,
              char       **out_kind,
              GError     **error)
{
  g_autoptr(MlPrinterReading) reading = ml_printer_reading_new ();
  g_autoptr(GBytes) bytes = NULL;
  gsize length;
  const char *data;

  if (!(bytes = read_file (path, error)))
    return NULL;

  data = g_bytes_get_data (bytes, &length);
  if (!ml_response_read (reading, data != NULL ? data : "", length, out_kind, error))
    return NULL;

  return g_steal_pointer (&reading);
}

static void
print_json (JsonNode *root)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *text = NULL;
  gsize length;

  json_generator_set_pretty (generator, TRUE);
  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, &length);

  /* JSON is UTF-8 whatever the terminal's charset: g_print would convert it. */
  fwrite (text, 1, length, stdout);
  fputc ('\n', stdout);
}

int
ml_inspect_command_run (int    argc,
                        char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  g_auto(GStrv) files = NULL;
  gboolean json = FALSE;
  int status = 0;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json,
      N_("Print the readings as JSON, in the model's own spelling"), NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &files, NULL, N_("FILE…") },
    { NULL }
  };

  context = g_option_context_new (NULL);
  g_option_context_set_summary (context,
                                _("Reads saved printer responses (PIWS, LEDM or CDM; XML or "
                                  "JSON) and shows what Meterlink makes of each."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);

  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s: %s\n", g_get_prgname (), error->message);
      g_printerr (_("Try “%s --help”.\n"), g_get_prgname ());
      return 2;
    }

  if (files == NULL || files[0] == NULL)
    {
      g_printerr (_("%s: name at least one file to inspect\n"), g_get_prgname ());
      g_printerr (_("Try “%s --help”.\n"), g_get_prgname ());
      return 2;
    }

  if (json)
    {
      builder = json_builder_new ();
      json_builder_begin_array (builder);
    }

  for (guint i = 0; files[i] != NULL; i++)
    {
      g_autoptr(MlPrinterReading) reading = NULL;
      g_autoptr(GError) file_error = NULL;
      g_autofree char *kind = NULL;
      g_autofree char *display_name = g_filename_display_name (files[i]);

      if (!(reading = inspect_file (files[i], &kind, &file_error)))
        {
          g_printerr ("meterlink-collector: %s: %s\n", display_name, file_error->message);
          status = 1;
          continue;
        }

      if (json)
        {
          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "file");
          json_builder_add_string_value (builder, display_name);
          json_builder_set_member_name (builder, "kind");
          json_builder_add_string_value (builder, kind);
          json_builder_set_member_name (builder, "reading");
          json_builder_add_value (builder, ml_printer_reading_to_json (reading));
          json_builder_end_object (builder);
        }
      else
        {
          g_autoptr(GString) text = g_string_new (NULL);

          g_string_append_printf (text, "== %s: %s ==\n", display_name, kind);
          ml_reading_format_text (reading, text);
          if (files[i + 1] != NULL)
            g_string_append_c (text, '\n');
          g_print ("%s", text->str);
        }
    }

  if (json)
    {
      g_autoptr(JsonNode) root = NULL;

      json_builder_end_array (builder);
      root = json_builder_get_root (builder);
      print_json (root);
    }

  return status;
}
