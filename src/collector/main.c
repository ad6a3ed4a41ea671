/* main.c: meterlink-collector, the collector's command line
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each command lives in its own ml-*-command.c with its own option parser; this file
 * only finds the command and hands it the rest of the command line.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "ml-collect-command.h"
#include "ml-command-line.h"
#include "ml-config-command.h"
#include "ml-enroll-command.h"
#include "ml-inspect-command.h"
#include "ml-jobs-command.h"
#include "ml-read-command.h"
#include "ml-run-command.h"
#include "ml-scan-command.h"
#include "ml-status-command.h"
#include "ml-sync-command.h"

static const MlCommand commands[] = {
  { "inspect", N_("Show what saved printer responses hold"), ml_inspect_command_run },
  { "read", N_("Read printers over the network now and show what they say"), ml_read_command_run },
  { "scan", N_("Find and identify the printers in address ranges"), ml_scan_command_run },
  { "collect", N_("Collect from every printer in the configured ranges now"),
    ml_collect_command_run },
  { "run", N_("Collect on schedule until stopped (the daemon)"), ml_run_command_run },
  { "status", N_("Show every known printer as last collected"), ml_status_command_run },
  { "jobs", N_("List the collected jobs"), ml_jobs_command_run },
  { "config", N_("Show or change the collector's settings"), ml_config_command_run },
  { "enroll", N_("Join this collector to its site on a portal, with the site's enrolment code"),
    ml_enroll_command_run },
  { "sync", N_("Send what was collected to the portal now"), ml_sync_command_run },
};

int
main (int    argc,
      char **argv)
{
  const MlCommand *command;
  int status;

  command = ml_command_line_find ("meterlink-collector", commands, G_N_ELEMENTS (commands), NULL,
                                  &argc, &argv, &status);
  if (command == NULL)
    return status;
  return command->run (argc - 1, argv + 1);
}
