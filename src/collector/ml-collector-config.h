/* ml-collector-config.h: the collector's settings, kept in a file under XDG config
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One key file (default $XDG_CONFIG_HOME/meterlink/collector.conf). Every value is
 * validated when set, with a message that names the key and the allowed values;
 * the file is written atomically. Keys (as `meterlink-collector config` names them):
 *
 *   ranges            address ranges to scan (ml-ip-range.h syntax)        ""
 *   port              the printers' HTTPS port                              443
 *   polling-interval  minutes between collections, 30 to 1440               180
 *   scan-concurrency  addresses probed at once, 1 to 4096                   256
 *   concurrency       printers read at once, 1 to 256                       16
 *   probe-timeout     ms a probed address may stay silent, 100 to 60000     1500
 *   timeout           ms a printer may stay silent during a read, 1000 to 300000   20000
 *   user-names        whether job user names are kept (false: never stored)  true
 */
#pragma once

#include <gio/gio.h>

#include "meterlink-core.h"

G_BEGIN_DECLS

#define ML_TYPE_COLLECTOR_CONFIG (ml_collector_config_get_type ())

G_DECLARE_FINAL_TYPE (MlCollectorConfig, ml_collector_config, ML, COLLECTOR_CONFIG, GObject)

#define ML_POLLING_INTERVAL_MIN 30
#define ML_POLLING_INTERVAL_MAX 1440
#define ML_POLLING_INTERVAL_DEFAULT 180

/* The default file, honouring XDG_CONFIG_HOME. */
char              *ml_collector_config_default_path (void);

/* Loads path (a missing file means all defaults). */
MlCollectorConfig *ml_collector_config_load        (const char         *path,
                                                    GError            **error);
gboolean           ml_collector_config_save        (MlCollectorConfig  *self,
                                                    GError            **error);
const char        *ml_collector_config_get_path    (MlCollectorConfig  *self);

/* By key name, as text: for the command line and the app alike. */
const char * const *ml_collector_config_list_keys  (void);
char              *ml_collector_config_get         (MlCollectorConfig  *self,
                                                    const char         *key,
                                                    GError            **error);
gboolean           ml_collector_config_set         (MlCollectorConfig  *self,
                                                    const char         *key,
                                                    const char         *value,
                                                    GError            **error);

/* Typed getters. The ranges come back parsed (an empty set when none are set). */
MlIpRange         *ml_collector_config_dup_ranges           (MlCollectorConfig *self);
guint              ml_collector_config_get_port             (MlCollectorConfig *self);
guint              ml_collector_config_get_polling_interval (MlCollectorConfig *self);
guint              ml_collector_config_get_scan_concurrency (MlCollectorConfig *self);
guint              ml_collector_config_get_concurrency      (MlCollectorConfig *self);
guint              ml_collector_config_get_probe_timeout    (MlCollectorConfig *self);
guint              ml_collector_config_get_timeout          (MlCollectorConfig *self);
gboolean           ml_collector_config_get_user_names       (MlCollectorConfig *self);

G_END_DECLS
