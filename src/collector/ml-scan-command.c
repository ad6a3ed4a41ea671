/* ml-scan-command.c: `meterlink-collector scan`, find and identify the printers in ranges
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The technician's first look at a site: which printers answer in these ranges,
 * which of them Meterlink can collect from, and why not the others. It stores
 * nothing; `collect` does its own scan.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib-unix.h>
#include <signal.h>
#include <sys/resource.h>
#include <unistd.h>

#include "ml-command-support.h"
#include "ml-scan-command.h"
#include "ml-scanner.h"

#define MAX_CONCURRENCY 4096
#define MIN_TIMEOUT_MS 100
#define MAX_TIMEOUT_MS 60000
/* Sockets the program needs besides the probes: standard streams, the main loop,
 * TLS, libsoup's connections being closed. */
#define SPARE_FILES 64
#define PROGRESS_INTERVAL_US (G_USEC_PER_SEC / 10)

typedef struct
{
  GMainLoop *loop;
  GCancellable *cancellable;
  GPtrArray *results;
  GError *error;
  gint64 last_progress;
  gboolean progress_shown;
} Scan;

static void
on_scanned (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  Scan *scan = user_data;

  scan->results = ml_scanner_scan_finish (ML_SCANNER (object), result, &scan->error);
  g_main_loop_quit (scan->loop);
}

static gboolean
on_interrupt (gpointer user_data)
{
  Scan *scan = user_data;

  g_cancellable_cancel (scan->cancellable);
  return G_SOURCE_CONTINUE;
}

static char *
format_time_left (gint64 eta_ms)
{
  gint64 seconds;

  if (eta_ms < 0)
    return g_strdup ("?");
  seconds = (eta_ms + 999) / 1000;
  if (seconds < 60)
    /* TRANSLATORS: time left, in seconds */
    return g_strdup_printf (_("%u s"), (guint)seconds);
  /* TRANSLATORS: time left, in minutes and seconds */
  return g_strdup_printf (_("%u min %u s"), (guint)(seconds / 60), (guint)(seconds % 60));
}

static void
on_progress (MlScanner *scanner,
             guint      done,
             guint      total,
             guint      found,
             gint64     eta_ms,
             gpointer   user_data)
{
  Scan *scan = user_data;
  gint64 now = g_get_monotonic_time ();
  g_autofree char *left = NULL;

  /* A terminal redrawn for every address would cost more than the probes. */
  if (done < total && now - scan->last_progress < PROGRESS_INTERVAL_US)
    return;
  scan->last_progress = now;

  left = format_time_left (eta_ms);
  g_printerr ("\r\033[K");
  /* TRANSLATORS: the progress line of a scan: "300/1024 addresses, 12 printers found,
   * 4 s left" */
  g_printerr (_("%u/%u addresses, %u printers found, %s left"), done, total, found, left);
  scan->progress_shown = TRUE;
}

static const char *
or_dash (const char *text)
{
  return text != NULL && text[0] != '\0' ? text : "-";
}

static void
print_table (GPtrArray *results)
{
  enum { ADDRESS, SERIAL, PRODUCT, MODEL, FIRMWARE, SUPPORTED, REASON, N_COLUMNS };
  const char *headers[N_COLUMNS] = {
    _("Address"), _("Serial"), _("Product number"), _("Model"), _("Firmware"),
    _("Supported"), _("Reason"),
  };
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_free);
  glong widths[N_COLUMNS];

  for (guint c = 0; c < N_COLUMNS; c++)
    widths[c] = g_utf8_strlen (headers[c], -1);

  for (guint i = 0; i < results->len; i++)
    {
      MlScanResult *result = g_ptr_array_index (results, i);
      MlIdentity *identity = ml_scan_result_get_identity (result);
      const char **row = g_new0 (const char *, N_COLUMNS);

      row[ADDRESS] = ml_scan_result_get_address (result);
      row[SERIAL] = or_dash (ml_identity_get_serial_number (identity));
      row[PRODUCT] = or_dash (ml_identity_get_product_number (identity));
      row[MODEL] = or_dash (ml_identity_get_model_name (identity));
      row[FIRMWARE] = or_dash (ml_identity_get_firmware_version (identity));
      row[SUPPORTED] = ml_scan_result_get_supported (result) ? _("yes") : _("no");
      row[REASON] = ml_scan_result_get_reason (result) ? ml_scan_result_get_reason (result) : "";
      for (guint c = 0; c < N_COLUMNS; c++)
        widths[c] = MAX (widths[c], g_utf8_strlen (row[c], -1));
      g_ptr_array_add (rows, row);
    }

  for (guint r = 0; r <= rows->len; r++)
    {
      const char **row = r == 0 ? headers : g_ptr_array_index (rows, r - 1);
      g_autoptr(GString) line = g_string_new (NULL);

      for (guint c = 0; c < N_COLUMNS; c++)
        {
          g_string_append (line, row[c]);
          if (c + 1 < N_COLUMNS)
            for (glong pad = g_utf8_strlen (row[c], -1); pad < widths[c] + 2; pad++)
              g_string_append_c (line, ' ');
        }
      /* The last column is empty for supported printers: no trailing blanks. */
      while (line->len > 0 && line->str[line->len - 1] == ' ')
        g_string_truncate (line, line->len - 1);
      g_print ("%s\n", line->str);
    }
}

static void
add_string_member (JsonBuilder *builder,
                   const char  *name,
                   const char  *value)
{
  json_builder_set_member_name (builder, name);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static void
print_json (GPtrArray *results)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_array (builder);
  for (guint i = 0; i < results->len; i++)
    {
      MlScanResult *result = g_ptr_array_index (results, i);
      MlIdentity *identity = ml_scan_result_get_identity (result);

      json_builder_begin_object (builder);
      add_string_member (builder, "address", ml_scan_result_get_address (result));
      add_string_member (builder, "serial", ml_identity_get_serial_number (identity));
      add_string_member (builder, "product_number", ml_identity_get_product_number (identity));
      add_string_member (builder, "model", ml_identity_get_model_name (identity));
      add_string_member (builder, "firmware", ml_identity_get_firmware_version (identity));
      json_builder_set_member_name (builder, "supported");
      json_builder_add_boolean_value (builder, ml_scan_result_get_supported (result));
      add_string_member (builder, "reason", ml_scan_result_get_reason (result));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  root = json_builder_get_root (builder);
  ml_command_print_json (root);
}

/* Each probe holds a socket: take what the hard limit allows, and probe fewer at once
 * when even that is not enough, rather than failing half-way. */
static guint
fit_concurrency (guint concurrency)
{
  struct rlimit limit;

  if (getrlimit (RLIMIT_NOFILE, &limit) != 0)
    return concurrency;
  if (limit.rlim_cur < limit.rlim_max)
    {
      limit.rlim_cur = limit.rlim_max;
      if (setrlimit (RLIMIT_NOFILE, &limit) != 0)
        getrlimit (RLIMIT_NOFILE, &limit);
    }
  if (limit.rlim_cur != RLIM_INFINITY && limit.rlim_cur < (rlim_t)concurrency + SPARE_FILES)
    {
      guint fitted = limit.rlim_cur > 2 * SPARE_FILES ? (guint)(limit.rlim_cur - SPARE_FILES) : 1;

      g_printerr (_("%s: probing %u addresses at once, not %u: the open file limit is %u\n"),
                  g_get_prgname (), fitted, concurrency, (guint)limit.rlim_cur);
      return fitted;
    }
  return concurrency;
}

int
ml_scan_command_run (int    argc,
                     char **argv)
{
  g_auto(MlCommandPaths) paths = { NULL, NULL };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(MlCollectorConfig) config = NULL;
  g_autoptr(MlIpRange) ranges = NULL;
  g_autoptr(MlScanner) scanner = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(GCancellable) cancellable = NULL;
  g_autoptr(GPtrArray) results = NULL;
  gboolean json = FALSE;
  /* -1: not given, the configuration's value applies. */
  int concurrency = -1;
  int timeout_ms = -1;
  int port = -1;
  guint interrupt_id;
  gint64 started;
  guint supported = 0;
  Scan scan = { 0 };
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { "concurrency", 0, 0, G_OPTION_ARG_INT, &concurrency,
      N_("Addresses probed at once, 1 to 4096 (default: the setting scan-concurrency)"),
      N_("N") },
    { "timeout", 0, 0, G_OPTION_ARG_INT, &timeout_ms,
      N_("Give up on an address that is silent this long, 100 to 60000 ms (default: the "
         "setting probe-timeout)"), N_("MS") },
    { "port", 0, 0, G_OPTION_ARG_INT, &port,
      N_("The printers' HTTPS port (default: the setting port)"), N_("PORT") },
    { "config", 0, 0, G_OPTION_ARG_FILENAME, &paths.config_path,
      N_("Configuration file (default $XDG_CONFIG_HOME/meterlink/collector.conf)"), N_("FILE") },
    { NULL }
  };

  context = g_option_context_new (_("[RANGE…] — find and identify the printers in address "
                                    "ranges"));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_description (context,
                                    _("A RANGE is an address (192.0.2.7), a network "
                                      "(192.0.2.0/24), a range (192.0.2.10-50) or an "
                                      "exclusion (!192.0.2.13). Without one, the ranges of "
                                      "the configuration are scanned."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s: %s\n", g_get_prgname (), error->message);
      return 2;
    }

  if ((concurrency != -1 && (concurrency < 1 || concurrency > MAX_CONCURRENCY)) ||
      (timeout_ms != -1 && (timeout_ms < MIN_TIMEOUT_MS || timeout_ms > MAX_TIMEOUT_MS)) ||
      (port != -1 && (port < 1 || port > 65535)))
    {
      g_printerr (_("%s: --concurrency takes 1 to 4096, --timeout 100 to 60000 ms and --port "
                    "1 to 65535\n"), g_get_prgname ());
      return 2;
    }

  config = ml_command_paths_load_config (&paths, &error);
  if (config == NULL)
    {
      g_printerr ("%s: %s\n", g_get_prgname (), error->message);
      return 1;
    }

  if (argc > 1)
    {
      /* Several arguments are one list: the shell has split it already. */
      g_autofree char *text = g_strjoinv (" ", argv + 1);

      ranges = ml_ip_range_parse (text, &error);
      if (ranges == NULL)
        {
          g_printerr ("%s: %s\n", g_get_prgname (), error->message);
          return 2;
        }
    }
  else
    ranges = ml_collector_config_dup_ranges (config);

  if (ml_ip_range_get_count (ranges) == 0)
    {
      g_printerr (_("%s: name the addresses to scan, or set them with “meterlink-collector "
                    "config set ranges RANGE…”\n"), g_get_prgname ());
      return 2;
    }

  scanner = ml_scanner_new ();
  if (port == -1)
    port = ml_collector_config_get_port (config);
  if (timeout_ms == -1)
    timeout_ms = ml_collector_config_get_probe_timeout (config);
  if (concurrency == -1)
    concurrency = ml_collector_config_get_scan_concurrency (config);
  ml_scanner_set_port (scanner, port);
  ml_scanner_set_timeout (scanner, timeout_ms);
  ml_scanner_set_concurrency (scanner, fit_concurrency (concurrency));

  loop = g_main_loop_new (NULL, FALSE);
  cancellable = g_cancellable_new ();
  scan.loop = loop;
  scan.cancellable = cancellable;

  /* The progress line is for a person watching; a pipe or a log gets none. */
  if (isatty (STDERR_FILENO))
    g_signal_connect (scanner, "progress", G_CALLBACK (on_progress), &scan);
  interrupt_id = g_unix_signal_add (SIGINT, on_interrupt, &scan);

  started = g_get_monotonic_time ();
  ml_scanner_scan_async (scanner, ranges, cancellable, on_scanned, &scan);
  g_main_loop_run (loop);
  g_source_remove (interrupt_id);
  g_signal_handlers_disconnect_by_data (scanner, &scan);

  if (scan.progress_shown)
    g_printerr ("\r\033[K");

  results = g_steal_pointer (&scan.results);
  if (results == NULL)
    {
      g_printerr ("%s: %s\n", g_get_prgname (), scan.error->message);
      g_clear_error (&scan.error);
      return 1;
    }

  if (json)
    {
      print_json (results);
      return 0;
    }

  if (results->len > 0)
    print_table (results);
  else
    g_print (_("No printers found.\n"));

  for (guint i = 0; i < results->len; i++)
    supported += ml_scan_result_get_supported (g_ptr_array_index (results, i));
  g_print (_("%u addresses probed in %.1f s: %u printers found, %u of them supported.\n"),
           (guint)ml_ip_range_get_count (ranges),
           (g_get_monotonic_time () - started) / (double)G_USEC_PER_SEC, results->len, supported);
  return 0;
}
