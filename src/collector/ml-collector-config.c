/* ml-collector-config.c: the collector's settings, kept in a file under XDG config
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The key file is the truth on disk; the object holds the parsed values beside it.
 * Only keys that were set are written, so a key never touched follows the defaults
 * of whichever Meterlink reads the file. Other groups and comments a technician
 * wrote are kept as they are.
 *
 * The [portal] group names the keys the portal manages (the site's configuration,
 * applied on each sync): `set` refuses them, so a technician's change cannot be
 * silently undone by the next sync.
 *
 * Secrets (the site's secret from the enrolment code, the proxy password) are not
 * in the settings file, which people copy and paste into support requests: they
 * live in "secrets" beside it, readable by its owner only and written atomically.
 * The desktop app will keep them in the keyring (libsecret) instead; until then
 * this file is the one place they are on disk.
 */

#include "config.h"

#include <errno.h>
#include <string.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "ml-collector-config.h"

#define GROUP "collector"
#define PORTAL_GROUP "portal"
#define MANAGED_KEY "managed"
#define SECRETS_FILE "secrets"

typedef enum {
  KEY_RANGES,
  KEY_PORT,
  KEY_POLLING_INTERVAL,
  KEY_SCAN_CONCURRENCY,
  KEY_CONCURRENCY,
  KEY_PROBE_TIMEOUT,
  KEY_TIMEOUT,
  KEY_USER_NAMES,
  KEY_PROXY_MODE,
  KEY_PROXY_HOST,
  KEY_PROXY_PORT,
  KEY_PROXY_USER,
  N_KEYS
} Key;

typedef enum {
  KIND_RANGES,
  KIND_NUMBER,
  KIND_MINUTES,
  KIND_MILLISECONDS,
  KIND_BOOLEAN,
  KIND_PROXY_MODE,
  KIND_TEXT,
} Kind;

/* In the order `config list` shows them and the unknown-key message names them. */
static const char * const key_names[N_KEYS + 1] = {
  "ranges",
  "port",
  "polling-interval",
  "scan-concurrency",
  "concurrency",
  "probe-timeout",
  "timeout",
  "user-names",
  "proxy-mode",
  "proxy-host",
  "proxy-port",
  "proxy-user",
  NULL
};

/* In the order of MlProxyMode. */
static const char * const proxy_mode_names[] = { "system", "manual", "none", NULL };

typedef struct
{
  Kind kind;
  guint min;
  guint max;
  guint default_value;
  const char *blurb;
} KeyInfo;

static const KeyInfo keys[N_KEYS] = {
  [KEY_RANGES] = { KIND_RANGES, 0, 0, 0,
                   "Address ranges to scan" },
  [KEY_PORT] = { KIND_NUMBER, 1, 65535, 443,
                 "The printers' HTTPS port" },
  [KEY_POLLING_INTERVAL] = { KIND_MINUTES, ML_POLLING_INTERVAL_MIN,
                             ML_POLLING_INTERVAL_MAX, ML_POLLING_INTERVAL_DEFAULT,
                             "Minutes between collections" },
  [KEY_SCAN_CONCURRENCY] = { KIND_NUMBER, 1, 4096, 256,
                             "Addresses probed at once" },
  [KEY_CONCURRENCY] = { KIND_NUMBER, 1, 256, 16,
                        "Printers read at once" },
  [KEY_PROBE_TIMEOUT] = { KIND_MILLISECONDS, 100, 60000, 1500,
                          "Milliseconds a probed address may stay silent" },
  [KEY_TIMEOUT] = { KIND_MILLISECONDS, 1000, 300000, 20000,
                    "Milliseconds a printer may stay silent during a read" },
  [KEY_USER_NAMES] = { KIND_BOOLEAN, 0, 1, TRUE,
                       "Whether job user names are kept" },
  [KEY_PROXY_MODE] = { KIND_PROXY_MODE, 0, 2, ML_PROXY_MODE_SYSTEM,
                       "How the portal is reached: system, manual or none" },
  [KEY_PROXY_HOST] = { KIND_TEXT, 0, 0, 0,
                       "The manual proxy's host name or address" },
  [KEY_PROXY_PORT] = { KIND_NUMBER, 1, 65535, 8080,
                       "The manual proxy's port" },
  [KEY_PROXY_USER] = { KIND_TEXT, 0, 0, 0,
                       "The user name the manual proxy asks for, if any" },
};

struct _MlCollectorConfig
{
  GObject parent_instance;

  char *path;
  GKeyFile *key_file;

  char *ranges_text;
  MlIpRange *ranges;
  guint values[N_KEYS];   /* numbers, booleans and the proxy mode */
  char *texts[N_KEYS];    /* KIND_TEXT keys; "" when unset */
};

G_DEFINE_FINAL_TYPE (MlCollectorConfig, ml_collector_config, G_TYPE_OBJECT)

/* One property per key, named as the key, so that the app can bind to them and
 * hear about changes; they change only through ml_collector_config_set(). */
enum {
  PROP_0,
  PROP_PATH,
  PROP_FIRST_KEY,
  N_PROPS = PROP_FIRST_KEY + N_KEYS
};

static GParamSpec *properties[N_PROPS];

static void
ml_collector_config_finalize (GObject *object)
{
  MlCollectorConfig *self = (MlCollectorConfig *)object;

  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->key_file, g_key_file_unref);
  g_clear_pointer (&self->ranges_text, g_free);
  g_clear_pointer (&self->ranges, ml_ip_range_unref);
  for (guint i = 0; i < N_KEYS; i++)
    g_clear_pointer (&self->texts[i], g_free);

  G_OBJECT_CLASS (ml_collector_config_parent_class)->finalize (object);
}

static void
ml_collector_config_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  MlCollectorConfig *self = ML_COLLECTOR_CONFIG (object);
  Key key;

  if (prop_id == PROP_PATH)
    {
      g_value_set_string (value, self->path);
      return;
    }
  if (prop_id < PROP_FIRST_KEY || prop_id >= N_PROPS)
    {
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      return;
    }

  key = prop_id - PROP_FIRST_KEY;
  switch (keys[key].kind)
    {
    case KIND_RANGES:
      g_value_set_string (value, self->ranges_text);
      break;
    case KIND_TEXT:
      g_value_set_string (value, self->texts[key]);
      break;
    case KIND_PROXY_MODE:
      g_value_set_string (value, proxy_mode_names[self->values[key]]);
      break;
    case KIND_BOOLEAN:
      g_value_set_boolean (value, self->values[key]);
      break;
    case KIND_NUMBER:
    case KIND_MINUTES:
    case KIND_MILLISECONDS:
    default:
      g_value_set_uint (value, self->values[key]);
      break;
    }
}

static void
ml_collector_config_class_init (MlCollectorConfigClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ml_collector_config_finalize;
  object_class->get_property = ml_collector_config_get_property;

  properties[PROP_PATH] =
    g_param_spec_string ("path", NULL, "The file the settings are saved to", NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  for (guint i = 0; i < N_KEYS; i++)
    {
      const KeyInfo *info = &keys[i];
      const char *name = key_names[i];
      GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

      switch (info->kind)
        {
        case KIND_RANGES:
        case KIND_TEXT:
          properties[PROP_FIRST_KEY + i] =
            g_param_spec_string (name, NULL, info->blurb, "", flags);
          break;
        case KIND_PROXY_MODE:
          properties[PROP_FIRST_KEY + i] =
            g_param_spec_string (name, NULL, info->blurb, proxy_mode_names[info->default_value],
                                 flags);
          break;
        case KIND_BOOLEAN:
          properties[PROP_FIRST_KEY + i] =
            g_param_spec_boolean (name, NULL, info->blurb, info->default_value, flags);
          break;
        case KIND_NUMBER:
        case KIND_MINUTES:
        case KIND_MILLISECONDS:
        default:
          properties[PROP_FIRST_KEY + i] =
            g_param_spec_uint (name, NULL, info->blurb, info->min, info->max,
                               info->default_value, flags);
          break;
        }
    }

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ml_collector_config_init (MlCollectorConfig *self)
{
  self->key_file = g_key_file_new ();
  self->ranges_text = g_strdup ("");
  self->ranges = ml_ip_range_parse ("", NULL);
  for (guint i = 0; i < N_KEYS; i++)
    {
      self->values[i] = keys[i].default_value;
      if (keys[i].kind == KIND_TEXT)
        self->texts[i] = g_strdup ("");
    }
}

char *
ml_collector_config_default_path (void)
{
  return g_build_filename (g_get_user_config_dir (), "meterlink", "collector.conf", NULL);
}

static gboolean
find_key (const char  *name,
          Key         *out_key,
          GError     **error)
{
  g_autoptr(GString) names = NULL;

  for (guint i = 0; i < N_KEYS; i++)
    if (g_strcmp0 (key_names[i], name) == 0)
      {
        *out_key = i;
        return TRUE;
      }

  names = g_string_new (NULL);
  for (guint i = 0; i < N_KEYS; i++)
    g_string_append_printf (names, "%s%s", i > 0 ? ", " : "", key_names[i]);
  g_set_error (error, ML_ERROR, ML_ERROR_NOT_FOUND,
               /* TRANSLATORS: the second %s lists the key names, which stay English */
               _("unknown key \"%s\"; the keys are %s"), name, names->str);
  return FALSE;
}

static gboolean
parse_number (Key         key,
              const char *text,
              guint      *out_value,
              GError    **error)
{
  const KeyInfo *info = &keys[key];
  const char *name = key_names[key];
  g_autoptr(GError) number_error = NULL;
  gint64 value = 0;

  if (!g_ascii_string_to_signed (text, 10, G_MININT64, G_MAXINT64, &value, &number_error) &&
      !g_error_matches (number_error, G_NUMBER_PARSER_ERROR,
                        G_NUMBER_PARSER_ERROR_OUT_OF_BOUNDS))
    {
      g_set_error (error, ML_ERROR, ML_ERROR_INVALID_VALUE,
                   /* TRANSLATORS: "port: "abc" is not a whole number" */
                   _("%s: \"%s\" is not a whole number"), name, text);
      return FALSE;
    }

  /* A number too large for 64 bits is outside every range too. */
  if (number_error != NULL || value < info->min || value > info->max)
    {
      switch (info->kind)
        {
        case KIND_MINUTES:
          g_set_error (error, ML_ERROR, ML_ERROR_INVALID_VALUE,
                       /* TRANSLATORS: "polling-interval: 20 is outside 30 to 1440 minutes" */
                       _("%s: %s is outside %u to %u minutes"),
                       name, text, info->min, info->max);
          break;
        case KIND_MILLISECONDS:
          g_set_error (error, ML_ERROR, ML_ERROR_INVALID_VALUE,
                       /* TRANSLATORS: "probe-timeout: 50 is outside 100 to 60000 ms" */
                       _("%s: %s is outside %u to %u ms"),
                       name, text, info->min, info->max);
          break;
        case KIND_RANGES:
        case KIND_BOOLEAN:
        case KIND_NUMBER:
        case KIND_PROXY_MODE:
        case KIND_TEXT:
        default:
          g_set_error (error, ML_ERROR, ML_ERROR_INVALID_VALUE,
                       /* TRANSLATORS: "port: 0 is outside 1 to 65535" */
                       _("%s: %s is outside %u to %u"),
                       name, text, info->min, info->max);
          break;
        }
      return FALSE;
    }

  *out_value = (guint)value;
  return TRUE;
}

static gboolean
parse_boolean (Key         key,
               const char *text,
               guint      *out_value,
               GError    **error)
{
  const char *name = key_names[key];

  if (g_ascii_strcasecmp (text, "true") == 0)
    *out_value = TRUE;
  else if (g_ascii_strcasecmp (text, "false") == 0)
    *out_value = FALSE;
  else
    {
      g_set_error (error, ML_ERROR, ML_ERROR_INVALID_VALUE,
                   /* TRANSLATORS: "user-names: "maybe" is not true or false"; true and
                    * false are what the user types and stay English */
                   _("%s: \"%s\" is not true or false"), name, text);
      return FALSE;
    }
  return TRUE;
}

static gboolean
parse_proxy_mode (Key         key,
                  const char *text,
                  guint      *out_value,
                  GError    **error)
{
  for (guint i = 0; proxy_mode_names[i] != NULL; i++)
    if (g_ascii_strcasecmp (text, proxy_mode_names[i]) == 0)
      {
        *out_value = i;
        return TRUE;
      }

  g_set_error (error, ML_ERROR, ML_ERROR_INVALID_VALUE,
               /* TRANSLATORS: "proxy-mode: "auto" is not system, manual or none"; the
                * three words are what the user types and stay English */
               _("%s: \"%s\" is not system, manual or none"), key_names[key], text);
  return FALSE;
}

/* A proxy host is a name or an address, nothing more: a URL or "user:password@"
 * here would end up in messages and logs. */
static gboolean
check_text (Key         key,
            const char *text,
            GError    **error)
{
  const char *name = key_names[key];

  if (!g_utf8_validate (text, -1, NULL))
    {
      g_set_error (error, ML_ERROR, ML_ERROR_INVALID_VALUE,
                   _("%s: the value is not valid UTF-8"), name);
      return FALSE;
    }

  for (const char *p = text; *p != '\0'; p++)
    if (g_ascii_iscntrl (*p) ||
        (key == KEY_PROXY_HOST && (g_ascii_isspace (*p) || strchr ("/@?#", *p) != NULL)) ||
        (key == KEY_PROXY_USER && *p == ':'))
      {
        if (key == KEY_PROXY_HOST)
          g_set_error (error, ML_ERROR, ML_ERROR_INVALID_VALUE,
                       /* TRANSLATORS: proxy-host: "http://proxy:3128" is not a host name
                        * or address */
                       _("%s: \"%s\" is not a host name or address (give the port as "
                         "proxy-port, the user as proxy-user)"), name, text);
        else
          g_set_error (error, ML_ERROR, ML_ERROR_INVALID_VALUE,
                       _("%s: a user name cannot hold a colon or control characters"), name);
        return FALSE;
      }

  return TRUE;
}

/* Validates text for key and, when it is valid, makes it the key's value. The file
 * is only written by save. */
static gboolean
apply (MlCollectorConfig  *self,
       Key                 key,
       const char         *text,
       GError            **error)
{
  const KeyInfo *info = &keys[key];
  const char *name = key_names[key];
  g_autofree char *value = g_strstrip (g_strdup (text));
  g_autofree char *canonical = NULL;
  gboolean changed;

  if (info->kind == KIND_RANGES)
    {
      g_autoptr(GError) range_error = NULL;
      g_autoptr(MlIpRange) ranges = ml_ip_range_parse (value, &range_error);

      if (ranges == NULL)
        {
          g_set_error (error, range_error->domain, range_error->code, "%s: %s",
                       name, range_error->message);
          return FALSE;
        }

      /* The text is kept as typed: it is the technician's, with its own order and
       * exclusions, and it reads back to the same set. */
      changed = g_strcmp0 (self->ranges_text, value) != 0;
      g_free (self->ranges_text);
      self->ranges_text = g_strdup (value);
      g_clear_pointer (&self->ranges, ml_ip_range_unref);
      self->ranges = g_steal_pointer (&ranges);
      canonical = g_strdup (value);
    }
  else if (info->kind == KIND_TEXT)
    {
      if (!check_text (key, value, error))
        return FALSE;
      changed = g_strcmp0 (self->texts[key], value) != 0;
      g_free (self->texts[key]);
      self->texts[key] = g_strdup (value);
      canonical = g_strdup (value);
    }
  else
    {
      guint parsed;

      if (info->kind == KIND_BOOLEAN)
        {
          if (!parse_boolean (key, value, &parsed, error))
            return FALSE;
          canonical = g_strdup (parsed ? "true" : "false");
        }
      else if (info->kind == KIND_PROXY_MODE)
        {
          if (!parse_proxy_mode (key, value, &parsed, error))
            return FALSE;
          canonical = g_strdup (proxy_mode_names[parsed]);
        }
      else
        {
          if (!parse_number (key, value, &parsed, error))
            return FALSE;
          canonical = g_strdup_printf ("%u", parsed);
        }
      changed = self->values[key] != parsed;
      self->values[key] = parsed;
    }

  g_key_file_set_string (self->key_file, GROUP, name, canonical);
  if (changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FIRST_KEY + key]);
  return TRUE;
}

/* Other groups belong to whoever wrote them; the collector's own is checked
 * strictly, so that a mistyped key is found rather than silently ignored. */
static gboolean
apply_group (MlCollectorConfig  *self,
             GError            **error)
{
  g_auto(GStrv) names = g_key_file_get_keys (self->key_file, GROUP, NULL, NULL);

  for (guint i = 0; names != NULL && names[i] != NULL; i++)
    {
      g_autofree char *value = NULL;
      Key key;

      if (!find_key (names[i], &key, error))
        return FALSE;
      value = g_key_file_get_string (self->key_file, GROUP, names[i], error);
      if (value == NULL || !apply (self, key, value, error))
        return FALSE;
    }
  return TRUE;
}

/**
 * ml_collector_config_load:
 * @path: (nullable): the file, or %NULL for ml_collector_config_default_path()
 *
 * Returns: (transfer full): the settings; all defaults when the file does not exist
 */
MlCollectorConfig *
ml_collector_config_load (const char  *path,
                          GError     **error)
{
  g_autoptr(MlCollectorConfig) self = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (ML_TYPE_COLLECTOR_CONFIG, NULL);
  self->path = path != NULL ? g_strdup (path) : ml_collector_config_default_path ();

  if (!g_key_file_load_from_file (self->key_file, self->path,
                                  G_KEY_FILE_KEEP_COMMENTS | G_KEY_FILE_KEEP_TRANSLATIONS,
                                  &local_error))
    {
      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        return g_steal_pointer (&self);
      g_set_error (error, ML_ERROR,
                   local_error->domain == G_KEY_FILE_ERROR ? ML_ERROR_MALFORMED : ML_ERROR_FAILED,
                   "%s: %s", self->path, local_error->message);
      return NULL;
    }

  if (!apply_group (self, &local_error))
    {
      g_set_error (error, local_error->domain, local_error->code, "%s: %s", self->path,
                   local_error->message);
      return NULL;
    }
  return g_steal_pointer (&self);
}

gboolean
ml_collector_config_save (MlCollectorConfig  *self,
                          GError            **error)
{
  g_autofree char *dir = NULL;
  g_autofree char *data = NULL;
  gsize length;

  g_return_val_if_fail (ML_IS_COLLECTOR_CONFIG (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  dir = g_path_get_dirname (self->path);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, ML_ERROR, ML_ERROR_FAILED,
                   _("Cannot create the folder %s: %s"), dir, g_strerror (saved_errno));
      return FALSE;
    }

  data = g_key_file_to_data (self->key_file, &length, NULL);
  /* g_file_set_contents writes a temporary file and renames it over the old one: a
   * crash leaves the old settings or the new ones, never half of either. */
  if (!g_file_set_contents (self->path, data, length, error))
    {
      g_prefix_error (error, _("Cannot save the settings: "));
      return FALSE;
    }
  return TRUE;
}

const char *
ml_collector_config_get_path (MlCollectorConfig *self)
{
  g_return_val_if_fail (ML_IS_COLLECTOR_CONFIG (self), NULL);
  return self->path;
}

/**
 * ml_collector_config_list_keys:
 *
 * Returns: (transfer none): the key names, %NULL-terminated
 */
const char * const *
ml_collector_config_list_keys (void)
{
  return key_names;
}

char *
ml_collector_config_get (MlCollectorConfig  *self,
                         const char         *key_name,
                         GError            **error)
{
  Key key;

  g_return_val_if_fail (ML_IS_COLLECTOR_CONFIG (self), NULL);
  g_return_val_if_fail (key_name != NULL, NULL);

  if (!find_key (key_name, &key, error))
    return NULL;

  switch (keys[key].kind)
    {
    case KIND_RANGES:
      return g_strdup (self->ranges_text);
    case KIND_TEXT:
      return g_strdup (self->texts[key]);
    case KIND_PROXY_MODE:
      return g_strdup (proxy_mode_names[self->values[key]]);
    case KIND_BOOLEAN:
      return g_strdup (self->values[key] ? "true" : "false");
    case KIND_NUMBER:
    case KIND_MINUTES:
    case KIND_MILLISECONDS:
    default:
      return g_strdup_printf ("%u", self->values[key]);
    }
}

gboolean
ml_collector_config_set (MlCollectorConfig  *self,
                         const char         *key_name,
                         const char         *value,
                         GError            **error)
{
  Key key;

  g_return_val_if_fail (ML_IS_COLLECTOR_CONFIG (self), FALSE);
  g_return_val_if_fail (key_name != NULL, FALSE);
  g_return_val_if_fail (value != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!find_key (key_name, &key, error))
    return FALSE;
  if (ml_collector_config_is_managed (self, key_name))
    {
      g_set_error (error, ML_ERROR, ML_ERROR_FAILED,
                   /* TRANSLATORS: "ranges is managed by the portal: ..." */
                   _("%s is managed by the portal: the reseller changes it there, and the "
                     "collector takes it on its next sync"), key_name);
      return FALSE;
    }
  return apply (self, key, value, error);
}

/**
 * ml_collector_config_dup_ranges:
 *
 * Returns: (transfer full): the ranges, an empty set when none are set
 */
MlIpRange *
ml_collector_config_dup_ranges (MlCollectorConfig *self)
{
  g_return_val_if_fail (ML_IS_COLLECTOR_CONFIG (self), NULL);
  return ml_ip_range_ref (self->ranges);
}

guint
ml_collector_config_get_port (MlCollectorConfig *self)
{
  g_return_val_if_fail (ML_IS_COLLECTOR_CONFIG (self), keys[KEY_PORT].default_value);
  return self->values[KEY_PORT];
}

guint
ml_collector_config_get_polling_interval (MlCollectorConfig *self)
{
  g_return_val_if_fail (ML_IS_COLLECTOR_CONFIG (self), ML_POLLING_INTERVAL_DEFAULT);
  return self->values[KEY_POLLING_INTERVAL];
}

guint
ml_collector_config_get_scan_concurrency (MlCollectorConfig *self)
{
  g_return_val_if_fail (ML_IS_COLLECTOR_CONFIG (self), keys[KEY_SCAN_CONCURRENCY].default_value);
  return self->values[KEY_SCAN_CONCURRENCY];
}

guint
ml_collector_config_get_concurrency (MlCollectorConfig *self)
{
  g_return_val_if_fail (ML_IS_COLLECTOR_CONFIG (self), keys[KEY_CONCURRENCY].default_value);
  return self->values[KEY_CONCURRENCY];
}

guint
ml_collector_config_get_probe_timeout (MlCollectorConfig *self)
{
  g_return_val_if_fail (ML_IS_COLLECTOR_CONFIG (self), keys[KEY_PROBE_TIMEOUT].default_value);
  return self->values[KEY_PROBE_TIMEOUT];
}

guint
ml_collector_config_get_timeout (MlCollectorConfig *self)
{
  g_return_val_if_fail (ML_IS_COLLECTOR_CONFIG (self), keys[KEY_TIMEOUT].default_value);
  return self->values[KEY_TIMEOUT];
}

gboolean
ml_collector_config_get_user_names (MlCollectorConfig *self)
{
  g_return_val_if_fail (ML_IS_COLLECTOR_CONFIG (self), TRUE);
  return self->values[KEY_USER_NAMES];
}

MlProxyMode
ml_collector_config_get_proxy_mode (MlCollectorConfig *self)
{
  g_return_val_if_fail (ML_IS_COLLECTOR_CONFIG (self), ML_PROXY_MODE_SYSTEM);
  return (MlProxyMode) self->values[KEY_PROXY_MODE];
}

const char *
ml_collector_config_get_proxy_host (MlCollectorConfig *self)
{
  g_return_val_if_fail (ML_IS_COLLECTOR_CONFIG (self), NULL);
  return *self->texts[KEY_PROXY_HOST] != '\0' ? self->texts[KEY_PROXY_HOST] : NULL;
}

guint
ml_collector_config_get_proxy_port (MlCollectorConfig *self)
{
  g_return_val_if_fail (ML_IS_COLLECTOR_CONFIG (self), keys[KEY_PROXY_PORT].default_value);
  return self->values[KEY_PROXY_PORT];
}

const char *
ml_collector_config_get_proxy_user (MlCollectorConfig *self)
{
  g_return_val_if_fail (ML_IS_COLLECTOR_CONFIG (self), NULL);
  return *self->texts[KEY_PROXY_USER] != '\0' ? self->texts[KEY_PROXY_USER] : NULL;
}

/* Keys the portal manages ----------------------------------------------------------- */

gboolean
ml_collector_config_is_managed (MlCollectorConfig *self,
                                const char        *key)
{
  g_auto(GStrv) managed = NULL;

  g_return_val_if_fail (ML_IS_COLLECTOR_CONFIG (self), FALSE);
  g_return_val_if_fail (key != NULL, FALSE);

  managed = g_key_file_get_string_list (self->key_file, PORTAL_GROUP, MANAGED_KEY, NULL, NULL);
  return managed != NULL && g_strv_contains ((const char * const *) managed, key);
}

gboolean
ml_collector_config_set_managed (MlCollectorConfig   *self,
                                 const char * const  *managed_keys,
                                 const char * const  *values,
                                 gboolean            *out_changed,
                                 GError             **error)
{
  g_autoptr(MlCollectorConfig) trial = NULL;
  g_autofree char *old_text = NULL;
  g_autofree char *new_text = NULL;
  guint n;

  g_return_val_if_fail (ML_IS_COLLECTOR_CONFIG (self), FALSE);
  g_return_val_if_fail (managed_keys != NULL && values != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  n = g_strv_length ((char **) managed_keys);
  g_return_val_if_fail (g_strv_length ((char **) values) == n, FALSE);

  /* All or nothing: every value is checked on a scratch copy first, so that one bad
   * value from the portal leaves the settings as they were. */
  trial = g_object_new (ML_TYPE_COLLECTOR_CONFIG, NULL);
  for (guint i = 0; i < n; i++)
    {
      Key key;

      if (!find_key (managed_keys[i], &key, error) || !apply (trial, key, values[i], error))
        return FALSE;
    }

  old_text = g_key_file_to_data (self->key_file, NULL, NULL);
  for (guint i = 0; i < n; i++)
    {
      Key key;

      if (find_key (managed_keys[i], &key, NULL))
        apply (self, key, values[i], NULL);
    }
  if (n > 0)
    g_key_file_set_string_list (self->key_file, PORTAL_GROUP, MANAGED_KEY, managed_keys, n);
  else
    g_key_file_remove_group (self->key_file, PORTAL_GROUP, NULL);
  new_text = g_key_file_to_data (self->key_file, NULL, NULL);

  if (out_changed != NULL)
    *out_changed = g_strcmp0 (old_text, new_text) != 0;
  return TRUE;
}

/* Secrets ----------------------------------------------------------------------------- */

#define SITE_GROUP "site"
#define PROXY_GROUP "proxy"

char *
ml_collector_config_dup_secrets_path (MlCollectorConfig *self)
{
  g_autofree char *dir = NULL;

  g_return_val_if_fail (ML_IS_COLLECTOR_CONFIG (self), NULL);

  dir = g_path_get_dirname (self->path);
  return g_build_filename (dir, SECRETS_FILE, NULL);
}

static GKeyFile *
load_secrets (MlCollectorConfig  *self,
              GError            **error)
{
  g_autoptr(GKeyFile) key_file = g_key_file_new ();
  g_autoptr(GError) local_error = NULL;
  g_autofree char *path = ml_collector_config_dup_secrets_path (self);

  if (!g_key_file_load_from_file (key_file, path, G_KEY_FILE_NONE, &local_error) &&
      !g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
    {
      g_set_error (error, ML_ERROR, ML_ERROR_FAILED, _("Cannot read %s: %s"), path,
                   local_error->message);
      return NULL;
    }
  return g_steal_pointer (&key_file);
}

static gboolean
save_secrets (MlCollectorConfig  *self,
              GKeyFile           *key_file,
              GError            **error)
{
  g_autofree char *path = ml_collector_config_dup_secrets_path (self);
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *data = NULL;
  g_autoptr(GError) local_error = NULL;
  gsize length;

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, ML_ERROR, ML_ERROR_FAILED,
                   _("Cannot create the folder %s: %s"), dir, g_strerror (saved_errno));
      return FALSE;
    }

  data = g_key_file_to_data (key_file, &length, NULL);
  /* Created 0600 before anything is written into it, then renamed over the old
   * file: never readable by others, never half written. */
  if (!g_file_set_contents_full (path, data, (gssize) length,
                                 G_FILE_SET_CONTENTS_CONSISTENT, 0600, &local_error))
    {
      g_set_error (error, ML_ERROR, ML_ERROR_FAILED, _("Cannot save %s: %s"), path,
                   local_error->message);
      memset (data, 0, length);
      return FALSE;
    }
  memset (data, 0, length);
  return TRUE;
}

GBytes *
ml_collector_config_load_site_secret (MlCollectorConfig  *self,
                                      const char         *site_id,
                                      GError            **error)
{
  g_autoptr(GKeyFile) secrets = NULL;
  g_autofree char *stored_id = NULL;
  g_autofree char *text = NULL;
  g_autofree char *path = NULL;
  guchar *data;
  gsize length;

  g_return_val_if_fail (ML_IS_COLLECTOR_CONFIG (self), NULL);
  g_return_val_if_fail (site_id != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!(secrets = load_secrets (self, error)))
    return NULL;

  stored_id = g_key_file_get_string (secrets, SITE_GROUP, "id", NULL);
  text = g_key_file_get_string (secrets, SITE_GROUP, "secret", NULL);
  if (g_strcmp0 (stored_id, site_id) != 0 || text == NULL)
    {
      path = ml_collector_config_dup_secrets_path (self);
      g_set_error (error, ML_ERROR, ML_ERROR_NOT_FOUND,
                   _("%s holds no secret for the site %s: enrol the collector again with "
                     "the site's enrolment code"), path, site_id);
      return NULL;
    }

  data = g_base64_decode (text, &length);
  memset (text, 0, strlen (text));
  return g_bytes_new_take (data, length);
}

gboolean
ml_collector_config_save_site_secret (MlCollectorConfig  *self,
                                      const char         *site_id,
                                      GBytes             *secret,
                                      GError            **error)
{
  g_autoptr(GKeyFile) secrets = NULL;
  g_autofree char *text = NULL;
  gboolean saved;
  gsize size;
  const guchar *data;

  g_return_val_if_fail (ML_IS_COLLECTOR_CONFIG (self), FALSE);
  g_return_val_if_fail (site_id != NULL, FALSE);
  g_return_val_if_fail (secret != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!(secrets = load_secrets (self, error)))
    return FALSE;

  data = g_bytes_get_data (secret, &size);
  text = g_base64_encode (data, size);
  g_key_file_set_string (secrets, SITE_GROUP, "id", site_id);
  g_key_file_set_string (secrets, SITE_GROUP, "secret", text);
  memset (text, 0, strlen (text));
  saved = save_secrets (self, secrets, error);
  return saved;
}

char *
ml_collector_config_load_proxy_password (MlCollectorConfig  *self,
                                         GError            **error)
{
  g_autoptr(GKeyFile) secrets = NULL;

  g_return_val_if_fail (ML_IS_COLLECTOR_CONFIG (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!(secrets = load_secrets (self, error)))
    return NULL;
  return g_key_file_get_string (secrets, PROXY_GROUP, "password", NULL);
}

gboolean
ml_collector_config_save_proxy_password (MlCollectorConfig  *self,
                                         const char         *password,
                                         GError            **error)
{
  g_autoptr(GKeyFile) secrets = NULL;

  g_return_val_if_fail (ML_IS_COLLECTOR_CONFIG (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!(secrets = load_secrets (self, error)))
    return FALSE;

  if (password != NULL && *password != '\0')
    g_key_file_set_string (secrets, PROXY_GROUP, "password", password);
  else
    g_key_file_remove_group (secrets, PROXY_GROUP, NULL);
  return save_secrets (self, secrets, error);
}
