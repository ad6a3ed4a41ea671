/* ml-command-support.h: what the collector's commands share: --config, --db, output
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "ml-collector-config.h"
#include "ml-collector-store.h"

G_BEGIN_DECLS

/* The files a command works on, as --config and --db name them (NULL: the
 * defaults under the XDG directories). */
typedef struct
{
  char *config_path;
  char *db_path;
} MlCommandPaths;

void               ml_command_paths_add_options  (MlCommandPaths  *paths,
                                                  GOptionContext  *context);
void               ml_command_paths_clear        (MlCommandPaths  *paths);

/* The store's file: --db, else $XDG_DATA_HOME/meterlink/collector.db. */
char              *ml_command_paths_dup_db_path  (MlCommandPaths  *paths);
MlCollectorConfig *ml_command_paths_load_config  (MlCommandPaths  *paths,
                                                  GError         **error);
MlCollectorStore  *ml_command_paths_open_store   (MlCommandPaths  *paths,
                                                  GError         **error);

/* Parses a command line that takes options only. FALSE, with the message printed,
 * when it has a wrong option or any argument: the command then exits with 2. */
gboolean           ml_command_parse_options      (GOptionContext  *context,
                                                  int             *argc,
                                                  char          ***argv);

/* Pretty JSON on standard output, with a final new line. */
void               ml_command_print_json         (JsonNode        *node);

/* A time for a person: local, to the second; "never" for 0. */
char              *ml_command_format_time        (gint64           unix_seconds);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (MlCommandPaths, ml_command_paths_clear)

G_END_DECLS
