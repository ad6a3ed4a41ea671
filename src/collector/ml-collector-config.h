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
 *   proxy-mode        how the portal is reached: system, manual or none     system
 *   proxy-host        the manual proxy's host name or address               ""
 *   proxy-port        the manual proxy's port                               8080
 *   proxy-user        the user name the manual proxy asks for, if any       ""
 *
 * The portal may manage ranges, polling-interval and user-names (the site's
 * configuration, applied on each sync); `set` refuses a managed key. The proxy
 * password and the site's secret are kept in a separate file, "secrets", beside the
 * settings (mode 0600, written atomically), never in the settings file: the desktop
 * app will move them to the keyring (libsecret).
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

typedef enum {
  ML_PROXY_MODE_SYSTEM,  /* the system's proxy settings (GProxyResolver) */
  ML_PROXY_MODE_MANUAL,  /* proxy-host and proxy-port, optionally with a user */
  ML_PROXY_MODE_NONE,    /* straight to the portal */
} MlProxyMode;

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
MlProxyMode        ml_collector_config_get_proxy_mode       (MlCollectorConfig *self);
/* NULL when not set. */
const char        *ml_collector_config_get_proxy_host       (MlCollectorConfig *self);
guint              ml_collector_config_get_proxy_port       (MlCollectorConfig *self);
const char        *ml_collector_config_get_proxy_user       (MlCollectorConfig *self);

/* Keys the portal manages. set_managed() sets @managed_keys to @values (both
 * NULL-terminated, of equal length) all or nothing, and makes exactly these keys
 * the managed ones; *@out_changed (nullable) says whether the file's content
 * changed. Save afterwards. */
gboolean           ml_collector_config_is_managed   (MlCollectorConfig   *self,
                                                     const char          *key);
gboolean           ml_collector_config_set_managed  (MlCollectorConfig   *self,
                                                     const char * const  *managed_keys,
                                                     const char * const  *values,
                                                     gboolean            *out_changed,
                                                     GError             **error);

/* The secrets file beside the settings file. Each call reads or writes it at once. */
char              *ml_collector_config_dup_secrets_path     (MlCollectorConfig  *self);
/* ML_ERROR_NOT_FOUND when the file holds no secret for @site_id. */
GBytes            *ml_collector_config_load_site_secret     (MlCollectorConfig  *self,
                                                             const char         *site_id,
                                                             GError            **error);
gboolean           ml_collector_config_save_site_secret     (MlCollectorConfig  *self,
                                                             const char         *site_id,
                                                             GBytes             *secret,
                                                             GError            **error);
/* NULL without an error when none is kept. */
char              *ml_collector_config_load_proxy_password  (MlCollectorConfig  *self,
                                                             GError            **error);
/* NULL or "" forgets it. */
gboolean           ml_collector_config_save_proxy_password  (MlCollectorConfig  *self,
                                                             const char         *password,
                                                             GError            **error);

G_END_DECLS
