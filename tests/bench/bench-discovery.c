/* bench-discovery.c: discovery of a /22 with 50 printers, beside nmap in the same run
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Starts meterlink-printer-sim (ML_PRINTER_SIM) with 50 printers from 127.0.4.1 and
 * scans 127.0.4.0/22 (1,024 addresses) with MlScanner: every address probed, every
 * printer identified over HTTPS. The reference, in the same run on the same range
 * and port: `nmap -sT -Pn -p PORT --open`, which only finds open ports. nmap's
 * default includes a reverse DNS lookup of every address, which costs whatever the
 * resolver makes it cost; it is timed once as the issue names it and, to compare
 * the port scans alone, with -n. Also timed: the scanner on a port where nothing
 * listens (probing alone, no identification). Each fast figure is the median of
 * RUNS runs. Without nmap the reference is skipped with a note.
 *
 * Run: meson test -C build --benchmark discovery, or bench-discovery directly.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "ml-scanner.h"
#include "ml-test-fleet.h"

#define N_PRINTERS 50
#define FIRST_ADDRESS "127.0.4.1"
#define RANGE "127.0.4.0/22"
#define N_ADDRESSES 1024
#define RUNS 5
#define DEADLINE_S 600

typedef struct
{
  double wall_s;
  double cpu_s;
  guint found;
} Figure;

typedef struct
{
  gboolean done;
  GPtrArray *results;
  GError *error;
  char *out;
} Wait;

static double
cpu_seconds (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_utime.tv_sec + usage.ru_stime.tv_sec +
         (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

static double
children_cpu_seconds (void)
{
  struct rusage usage;

  getrusage (RUSAGE_CHILDREN, &usage);
  return usage.ru_utime.tv_sec + usage.ru_stime.tv_sec +
         (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

static void
on_scanned (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  Wait *wait = user_data;

  wait->results = ml_scanner_scan_finish (ML_SCANNER (object), result, &wait->error);
  wait->done = TRUE;
}

static Figure
run_scanner (MlIpRange *ranges,
             guint      port)
{
  g_autoptr(MlScanner) scanner = ml_scanner_new ();
  Wait wait = { 0 };
  Figure figure;
  gint64 started;
  double cpu;

  ml_scanner_set_port (scanner, port);
  cpu = cpu_seconds ();
  started = g_get_monotonic_time ();
  ml_scanner_scan_async (scanner, ranges, NULL, on_scanned, &wait);
  ml_test_wait (&wait.done, DEADLINE_S);
  figure.wall_s = (g_get_monotonic_time () - started) / 1e6;
  figure.cpu_s = cpu_seconds () - cpu;
  g_assert_no_error (wait.error);
  figure.found = wait.results->len;
  g_ptr_array_unref (wait.results);
  return figure;
}

static void
on_communicated (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Wait *wait = user_data;

  g_subprocess_communicate_utf8_finish (G_SUBPROCESS (source), result, &wait->out, NULL,
                                        &wait->error);
  wait->done = TRUE;
}

static Figure
run_nmap (const char *nmap,
          guint       port,
          gboolean    dns)
{
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *port_text = g_strdup_printf ("%u", port);
  g_auto(GStrv) lines = NULL;
  Wait wait = { 0 };
  Figure figure = { 0 };
  gint64 started;
  double cpu;

  cpu = children_cpu_seconds ();
  started = g_get_monotonic_time ();
  /* -oG -: one "Host: … Ports: PORT/open/tcp…" line per host with the port open. */
  if (dns)
    process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_SILENCE,
                                &error, nmap, "-sT", "-Pn", "-p", port_text, "--open", "-oG", "-",
                                RANGE, NULL);
  else
    process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_SILENCE,
                                &error, nmap, "-n", "-sT", "-Pn", "-p", port_text, "--open",
                                "-oG", "-", RANGE, NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8_async (process, NULL, NULL, on_communicated, &wait);
  ml_test_wait (&wait.done, DEADLINE_S);
  g_assert_no_error (wait.error);
  figure.wall_s = (g_get_monotonic_time () - started) / 1e6;
  figure.cpu_s = children_cpu_seconds () - cpu;
  g_assert_true (g_subprocess_get_successful (process));

  lines = g_strsplit (wait.out, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_has_prefix (lines[i], "Host: ") && strstr (lines[i], "/open/tcp") != NULL)
      figure.found++;
  g_free (wait.out);
  return figure;
}

static int
compare_wall (gconstpointer a,
              gconstpointer b)
{
  const Figure *fa = a;
  const Figure *fb = b;

  return (fa->wall_s > fb->wall_s) - (fa->wall_s < fb->wall_s);
}

static Figure
median (Figure *figures,
        guint   n)
{
  qsort (figures, n, sizeof (Figure), compare_wall);
  return figures[n / 2];
}

static void
print_figure (const char *what,
              Figure      figure,
              const char *found_what)
{
  g_print ("  %-52s %7.3f s wall %7.3f s cpu   %3u %s\n", what, figure.wall_s, figure.cpu_s,
           figure.found, found_what);
}

/* Each probe and each identification holds a socket. */
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

int
main (int   argc,
      char *argv[])
{
  g_autoptr(MlIpRange) ranges = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *nmap = g_find_program_in_path ("nmap");
  Figure scans[RUNS];
  Figure probes[RUNS];
  Figure nmaps[RUNS];
  Figure scan;
  Figure probe;
  Figure nmap_fast = { 0 };
  Figure nmap_dns = { 0 };
  MlTestFleet *fleet;
  guint port;

  if (g_getenv ("ML_PRINTER_SIM") == NULL)
    {
      g_printerr ("bench-discovery: set ML_PRINTER_SIM to the built meterlink-printer-sim\n");
      return 77;
    }
  raise_file_limit ();

  ranges = ml_ip_range_parse (RANGE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ml_ip_range_get_count (ranges), ==, N_ADDRESSES);

  fleet = ml_test_fleet_start (N_PRINTERS, FIRST_ADDRESS, 3, NULL);
  g_assert_nonnull (fleet);
  port = ml_test_fleet_get_port (fleet);

  /* One scan first: the simulator renders each document once and TLS warms up. */
  run_scanner (ranges, port);

  for (guint i = 0; i < RUNS; i++)
    {
      scans[i] = run_scanner (ranges, port);
      g_assert_cmpuint (scans[i].found, ==, N_PRINTERS);
      /* Port 1 is closed on every loopback address: probes alone, nothing to identify. */
      probes[i] = run_scanner (ranges, 1);
      g_assert_cmpuint (probes[i].found, ==, 0);
      if (nmap != NULL)
        nmaps[i] = run_nmap (nmap, port, FALSE);
    }
  scan = median (scans, RUNS);
  probe = median (probes, RUNS);
  if (nmap != NULL)
    {
      nmap_fast = median (nmaps, RUNS);
      nmap_dns = run_nmap (nmap, port, TRUE);
    }

  g_assert_cmpint (ml_test_fleet_stat (fleet, "non_read_requests"), ==, 0);
  ml_test_fleet_stop (fleet);

  g_print ("Discovery of %s (%u addresses, %u simulated printers on port %u), median of %u "
           "runs; cpu is this process's (nmap: its own)\n",
           RANGE, N_ADDRESSES, N_PRINTERS, port, RUNS);
  print_figure ("MlScanner: probe + identify over HTTPS", scan, "printers identified");
  print_figure ("MlScanner on a closed port: probes alone", probe, "found");
  if (nmap == NULL)
    {
      g_print ("  nmap is not installed (apt-get install nmap): no reference this run\n");
      return 0;
    }
  print_figure ("nmap -n -sT -Pn -p PORT --open (no reverse DNS)", nmap_fast, "open ports");
  print_figure ("nmap -sT -Pn -p PORT --open (as the issue names it, once)", nmap_dns,
                "open ports");
  g_print ("Ratios (MlScanner wall / nmap wall; below 1 means MlScanner is faster):\n");
  g_print ("  identify all    / nmap -n        %8.2f\n", scan.wall_s / nmap_fast.wall_s);
  g_print ("  identify all    / nmap with DNS  %8.3f\n", scan.wall_s / nmap_dns.wall_s);
  g_print ("  probes alone    / nmap -n        %8.2f\n", probe.wall_s / nmap_fast.wall_s);
  g_print ("  identification per printer: %.1f ms wall, %.1f ms cpu\n",
           (scan.wall_s - probe.wall_s) * 1000 / N_PRINTERS,
           (scan.cpu_s - probe.cpu_s) * 1000 / N_PRINTERS);
  return 0;
}
