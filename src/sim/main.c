/* main.c: meterlink-printer-sim, a fleet of simulated large-format printers on loopback
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib-unix.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <sys/resource.h>

#include "ml-locale.h"
#include "ml-sim-control.h"
#include "ml-sim-fleet.h"

static gboolean
on_signal (gpointer user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_REMOVE;
}

/* A thousand printers need a thousand listening sockets and their connections: take
 * every file descriptor the hard limit allows. */
static void
raise_file_limit (void)
{
  struct rlimit limit;

  if (getrlimit (RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max)
    {
      limit.rlim_cur = limit.rlim_max;
      setrlimit (RLIMIT_NOFILE, &limit);
    }
}

static gboolean
parse_start (const char  *text,
             gint64      *out_start,
             GError     **error)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(GDateTime) date_time = g_date_time_new_from_iso8601 (text, utc);

  if (date_time == NULL)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("--start: “%s” is not an ISO 8601 date and time such as "
                     "2026-03-02T08:00:00Z"),
                   text);
      return FALSE;
    }
  *out_start = g_date_time_to_unix (date_time);
  return TRUE;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(MlSimFleet) fleet = NULL;
  g_autoptr(MlSimControl) control = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autofree char *listen = NULL;
  g_autofree char *control_spec = NULL;
  g_autofree char *manifest = NULL;
  g_autofree char *start = NULL;
  g_auto(GStrv) faults = NULL;
  int fleet_size = 1;
  int port = 8443;
  int queue_depth = ML_SIM_DEFAULT_QUEUE_DEPTH;
  int slow_ms = 5000;
  double speed = 1.0;
  double fault_rate = 0.0;
  double history_hours = 48.0;
  gint64 seed = 1;
  MlSimFleetOptions options;
  GOptionEntry entries[] = {
    { "fleet", 0, 0, G_OPTION_ARG_INT, &fleet_size,
      N_("Number of printers, 1 to 1000 (default 1)"), N_("N") },
    { "listen", 0, 0, G_OPTION_ARG_STRING, &listen,
      N_("Address of the first printer; the others follow it (default 127.0.1.1)"),
      N_("ADDRESS") },
    { "port", 0, 0, G_OPTION_ARG_INT, &port,
      N_("HTTPS port of every printer; 0 picks a free one (default 8443)"), N_("PORT") },
    { "seed", 0, 0, G_OPTION_ARG_INT64, &seed,
      N_("Seed of the simulation (default 1)"), N_("S") },
    { "speed", 0, 0, G_OPTION_ARG_DOUBLE, &speed,
      N_("Simulated seconds per real second; 0 freezes time (default 1)"), N_("X") },
    { "start", 0, 0, G_OPTION_ARG_STRING, &start,
      N_("Simulated time at start-up, ISO 8601 (default now)"), N_("TIME") },
    { "history", 0, 0, G_OPTION_ARG_DOUBLE, &history_hours,
      N_("Hours the printers ran before the start (default 48)"), N_("HOURS") },
    { "queue-depth", 0, 0, G_OPTION_ARG_INT, &queue_depth,
      N_("Jobs a printer's PIWS queue keeps (default 100)"), N_("N") },
    { "fault", 0, 0, G_OPTION_ARG_STRING_ARRAY, &faults,
      N_("Inject a fault: slow, truncated, malformed, http500, cert-change, counter-reset, "
         "reboot or offline (repeatable)"),
      N_("SERIAL:KIND") },
    { "fault-rate", 0, 0, G_OPTION_ARG_DOUBLE, &fault_rate,
      N_("Probability that a request meets a transient fault (default 0)"), N_("R") },
    { "slow-ms", 0, 0, G_OPTION_ARG_INT, &slow_ms,
      N_("Delay of a slow answer in milliseconds (default 5000)"), N_("MS") },
    { "manifest", 0, 0, G_OPTION_ARG_FILENAME, &manifest,
      N_("Write the printers, ports and certificate fingerprints as JSON to FILE"),
      N_("FILE") },
    { "control", 0, 0, G_OPTION_ARG_STRING, &control_spec,
      N_("Serve the control API over HTTP on ADDRESS:PORT (loopback; port 0 picks one)"),
      N_("ADDRESS:PORT") },
    { NULL }
  };

  ml_locale_init ();

  context = g_option_context_new (NULL);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context,
                                _("Plays a fleet of HP large-format printers on loopback "
                                  "addresses, over HTTPS, speaking PIWS and LEDM."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    goto fail;

  ml_sim_fleet_options_init (&options);
  if (fleet_size < 1 || fleet_size > ML_SIM_MAX_FLEET)
    {
      g_set_error (&error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("--fleet: a fleet has from 1 to %d printers, not %d"),
                   ML_SIM_MAX_FLEET, fleet_size);
      goto fail;
    }
  if (port < 0 || port > 65535)
    {
      g_set_error (&error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("--port: %d is not a port number (0 to 65535)"), port);
      goto fail;
    }
  if (!(speed >= 0))
    {
      g_set_error (&error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("--speed cannot be negative"));
      goto fail;
    }
  if (!(fault_rate >= 0 && fault_rate <= 1))
    {
      g_set_error (&error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("--fault-rate is a probability from 0 to 1"));
      goto fail;
    }
  if (queue_depth < 1 || slow_ms < 0 || !(history_hours >= 0))
    {
      g_set_error (&error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("--queue-depth must be at least 1, --slow-ms and --history at least 0"));
      goto fail;
    }
  if (start != NULL && !parse_start (start, &options.start, &error))
    goto fail;

  options.n_printers = (guint) fleet_size;
  if (listen != NULL)
    options.listen = listen;
  options.port = (guint) port;
  options.seed = (guint64) seed;
  options.speed = speed;
  options.history_s = (gint64) (history_hours * 3600);
  options.queue_depth = (guint) queue_depth;
  options.slow_ms = (guint) slow_ms;
  options.fault_rate = fault_rate;

  /* Refused before anything is built: the control address too must be loopback. */
  if (control_spec != NULL)
    {
      g_autofree char *address = NULL;
      guint control_port;

      if (!ml_sim_parse_host_port (control_spec, &address, &control_port, &error))
        {
          g_prefix_error (&error, "--control: ");
          goto fail;
        }
    }

  raise_file_limit ();

  if (!(fleet = ml_sim_fleet_new (&options, &error)) || !ml_sim_fleet_start (fleet, &error))
    goto fail;

  for (guint i = 0; faults != NULL && faults[i] != NULL; i++)
    if (!ml_sim_fleet_inject_spec (fleet, faults[i], &error))
      {
        g_prefix_error (&error, "--fault: ");
        goto fail;
      }

  if (manifest != NULL && !ml_sim_fleet_write_manifest (fleet, manifest, &error))
    goto fail;

  g_printerr (g_dngettext (GETTEXT_PACKAGE, "%u printer listening from %s, port %u\n",
                           "%u printers listening from %s, port %u\n",
                           ml_sim_fleet_get_n_printers (fleet)),
              ml_sim_fleet_get_n_printers (fleet), options.listen, ml_sim_fleet_get_port (fleet));

  if (control_spec != NULL)
    {
      g_autofree char *address = NULL;
      g_autofree char *url = NULL;
      guint control_port;

      ml_sim_parse_host_port (control_spec, &address, &control_port, NULL);
      control = ml_sim_control_new (fleet);
      if (!ml_sim_control_listen (control, address, control_port, &error))
        goto fail;

      /* The one line a parent process waits for. */
      url = ml_sim_control_dup_url (control);
      g_print ("control: %s\n", url);
      fflush (stdout);
    }

  loop = g_main_loop_new (NULL, FALSE);
  g_unix_signal_add (SIGINT, on_signal, loop);
  g_unix_signal_add (SIGTERM, on_signal, loop);
  g_main_loop_run (loop);

  ml_sim_fleet_stop (fleet);
  return 0;

fail:
  g_printerr ("meterlink-printer-sim: %s\n", error->message);
  return 1;
}
