/* ml-read-command.c: `meterlink-collector read`, one live read of printers
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Reads printers given by address over PIWS, all at once, and prints what they
 * said. It stores nothing: it is the technician's "what does this printer tell
 * us right now", and the run command's demo of the simulated fleet.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "ml-piws-driver.h"
#include "ml-read-command.h"
#include "ml-reading-format.h"

#define DEFAULT_PORT 443

typedef struct
{
  char *target;
  MlPiwsDriver *driver;
  MlPrinterReading *reading;
  GError *error;
} Target;

typedef struct
{
  GPtrArray *targets;
  guint pending;
  GMainLoop *loop;
} Run;

static void
target_free (Target *target)
{
  g_free (target->target);
  g_clear_object (&target->driver);
  g_clear_object (&target->reading);
  g_clear_error (&target->error);
  g_free (target);
}

/* "192.0.2.7", "192.0.2.7:8443", "[2001:db8::7]:8443", "2001:db8::7". */
static gboolean
parse_target (const char  *text,
              guint        default_port,
              char       **out_address,
              guint       *out_port,
              GError     **error)
{
  g_autoptr(GNetworkAddress) address = NULL;
  g_autoptr(GInetAddress) inet = NULL;
  const char *host;

  address = (GNetworkAddress *)g_network_address_parse (text, default_port, error);
  if (address == NULL)
    return FALSE;

  host = g_network_address_get_hostname (address);
  inet = g_inet_address_new_from_string (host);
  if (inet == NULL)
    {
      g_set_error (error, ML_ERROR, ML_ERROR_INVALID_VALUE,
                   _("\"%s\" is not an IP address: printers are named by address"), text);
      return FALSE;
    }

  *out_address = g_strdup (host);
  *out_port = g_network_address_get_port (address);
  return TRUE;
}

static void
on_read (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Target *target = user_data;
  Run *run = g_object_get_data (object, "ml-run");

  target->reading = ml_piws_driver_read_finish (ML_PIWS_DRIVER (object), result, &target->error);
  if (--run->pending == 0)
    g_main_loop_quit (run->loop);
}

static void
print_results (Run      *run,
               gboolean  json)
{
  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonGenerator) generator = json_generator_new ();
      g_autoptr(JsonNode) root = NULL;
      g_autofree char *text = NULL;

      json_builder_begin_array (builder);
      for (guint i = 0; i < run->targets->len; i++)
        {
          Target *target = g_ptr_array_index (run->targets, i);
          const char *sha256 = ml_piws_driver_get_peer_sha256 (target->driver);

          if (target->reading == NULL)
            continue;
          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "address");
          json_builder_add_string_value (builder, target->target);
          json_builder_set_member_name (builder, "cert_sha256");
          json_builder_add_string_value (builder, sha256);
          json_builder_set_member_name (builder, "reading");
          json_builder_add_value (builder, ml_printer_reading_to_json (target->reading));
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);

      root = json_builder_get_root (builder);
      json_generator_set_root (generator, root);
      json_generator_set_pretty (generator, TRUE);
      text = json_generator_to_data (generator, NULL);
      g_print ("%s\n", text);
    }
  else
    {
      for (guint i = 0; i < run->targets->len; i++)
        {
          Target *target = g_ptr_array_index (run->targets, i);
          g_autoptr(GString) out = g_string_new (NULL);

          if (target->reading == NULL)
            continue;
          g_string_append_printf (out, "== %s ==\n", target->target);
          g_string_append_printf (out, _("Certificate SHA-256: %s\n"),
                                  ml_piws_driver_get_peer_sha256 (target->driver));
          ml_reading_format_text (target->reading, out);
          g_print ("%s\n", out->str);
        }
    }

  for (guint i = 0; i < run->targets->len; i++)
    {
      Target *target = g_ptr_array_index (run->targets, i);

      if (target->error != NULL)
        g_printerr ("meterlink-collector: %s: %s\n", target->target, target->error->message);
    }
}

int
ml_read_command_run (int    argc,
                     char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(GPtrArray) targets = NULL;
  g_autofree char *pin = NULL;
  gboolean json = FALSE;
  int timeout_ms = 10000;
  int port = DEFAULT_PORT;
  gboolean failed = FALSE;
  Run run = { 0 };
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { "pin", 0, 0, G_OPTION_ARG_STRING, &pin,
      N_("Accept only a certificate with this SHA-256 (hex)"), N_("SHA256") },
    { "port", 0, 0, G_OPTION_ARG_INT, &port, N_("Port when an address names none (443)"),
      N_("PORT") },
    { "timeout", 0, 0, G_OPTION_ARG_INT, &timeout_ms,
      N_("Give up on a printer that is silent this long (ms, default 10000)"), N_("MS") },
    { NULL }
  };

  context = g_option_context_new (_("ADDRESS[:PORT]… — read printers once over PIWS"));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("meterlink-collector read: %s\n", error->message);
      return 2;
    }
  if (argc < 2)
    {
      g_printerr (_("meterlink-collector read: name at least one printer address\n"));
      return 2;
    }
  if (port <= 0 || port > 65535 || timeout_ms <= 0)
    {
      g_printerr (_("meterlink-collector read: --port takes 1 to 65535 and --timeout a "
                    "positive number of milliseconds\n"));
      return 2;
    }

  loop = g_main_loop_new (NULL, FALSE);
  targets = g_ptr_array_new_with_free_func ((GDestroyNotify)target_free);
  run.targets = targets;
  run.loop = loop;

  for (int i = 1; i < argc; i++)
    {
      g_autofree char *address = NULL;
      guint target_port = 0;
      Target *target;

      if (!parse_target (argv[i], port, &address, &target_port, &error))
        {
          g_printerr ("meterlink-collector read: %s\n", error->message);
          return 2;
        }
      target = g_new0 (Target, 1);
      target->target = g_strdup (argv[i]);
      target->driver = ml_piws_driver_new (address, target_port, pin);
      ml_piws_driver_set_timeout (target->driver, timeout_ms);
      g_object_set_data (G_OBJECT (target->driver), "ml-run", &run);
      g_ptr_array_add (targets, target);
    }

  run.pending = targets->len;
  for (guint i = 0; i < targets->len; i++)
    {
      Target *target = g_ptr_array_index (targets, i);

      ml_piws_driver_read_async (target->driver, NULL, 0, NULL, on_read, target);
    }
  g_main_loop_run (loop);

  print_results (&run, json);

  for (guint i = 0; i < targets->len; i++)
    failed |= ((Target *)g_ptr_array_index (targets, i))->error != NULL;
  return failed ? 1 : 0;
}
