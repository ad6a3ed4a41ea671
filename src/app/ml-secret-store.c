/* ml-secret-store.c: the site's secret and the proxy password, in the keyring when there is one
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The keyring is asked first, every time: it may have come up since. Only an error
 * that says nobody is there (no bus, no secret service) sends a secret to the file;
 * a keyring that is there but refuses (locked, the unlock prompt dismissed) is an
 * error the caller shows, or a secret would land in a plain file behind the user's
 * back. The file is tiny and read or written at once, on the calling thread.
 *
 * The site's secret is 32 bytes; the keyring holds text, so it is kept as base64.
 * Every copy of a secret this file makes is wiped before it is freed.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <libsecret/secret.h>
#include <string.h>

#include "ml-secret-store.h"

#define KIND_SITE_SECRET "site-secret"
#define KIND_PROXY_PASSWORD "proxy-password"

struct _MlSecretStore
{
  GObject parent_instance;

  MlCollectorConfig *config;
  MlSecretPlace place;
};

static void secret_keeper_iface_init (MlSecretKeeperInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (MlSecretStore, ml_secret_store, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (ML_TYPE_SECRET_KEEPER,
                                                      secret_keeper_iface_init))

enum {
  PROP_0,
  PROP_CONFIG,
  PROP_PLACE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

typedef struct
{
  char *site_id;
  char *text;          /* what goes to the keyring: base64 of the secret, or the password */
  GBytes *secret;
} Request;

static void
wipe_string (char *text)
{
  if (text != NULL)
    secret_password_wipe (text);
  g_free (text);
}

static void
request_free (Request *request)
{
  g_free (request->site_id);
  wipe_string (request->text);
  g_clear_pointer (&request->secret, g_bytes_unref);
  g_free (request);
}

static const SecretSchema *
secret_schema (void)
{
  static const SecretSchema schema = {
    "org.meterlink.Meterlink.Secret", SECRET_SCHEMA_NONE,
    {
      { "kind", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "config", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "site", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    }
  };

  return &schema;
}

/* The attributes of one secret; the strings belong to the caller. */
static GHashTable *
attributes (MlSecretStore *self,
            const char    *kind,
            const char    *site_id)
{
  GHashTable *table = g_hash_table_new (g_str_hash, g_str_equal);

  g_hash_table_insert (table, (char *) "kind", (char *) kind);
  g_hash_table_insert (table, (char *) "config",
                       (char *) ml_collector_config_get_path (self->config));
  if (site_id != NULL)
    g_hash_table_insert (table, (char *) "site", (char *) site_id);
  return table;
}

static void
set_place (MlSecretStore *self,
           MlSecretPlace  place)
{
  if (self->place == place)
    return;

  self->place = place;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PLACE]);
}

/* Nobody is there to keep secrets: no session bus, no secret service. A keyring
 * that answered and refused says so in SECRET_ERROR. */
static gboolean
keyring_missing (const GError *error)
{
  if (error->domain == SECRET_ERROR)
    return FALSE;
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return FALSE;
  return TRUE;
}

static void
ml_secret_store_finalize (GObject *object)
{
  MlSecretStore *self = ML_SECRET_STORE (object);

  g_clear_object (&self->config);

  G_OBJECT_CLASS (ml_secret_store_parent_class)->finalize (object);
}

static void
ml_secret_store_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  MlSecretStore *self = ML_SECRET_STORE (object);

  switch (prop_id)
    {
    case PROP_CONFIG:
      g_value_set_object (value, self->config);
      break;
    case PROP_PLACE:
      g_value_set_int (value, self->place);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ml_secret_store_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  MlSecretStore *self = ML_SECRET_STORE (object);

  switch (prop_id)
    {
    case PROP_CONFIG:
      self->config = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ml_secret_store_class_init (MlSecretStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ml_secret_store_finalize;
  object_class->get_property = ml_secret_store_get_property;
  object_class->set_property = ml_secret_store_set_property;

  properties[PROP_CONFIG] =
    g_param_spec_object ("config", NULL, NULL, ML_TYPE_COLLECTOR_CONFIG,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* An MlSecretPlace; an int, as the type is not registered. */
  properties[PROP_PLACE] =
    g_param_spec_int ("place", NULL, NULL, ML_SECRET_PLACE_UNKNOWN, ML_SECRET_PLACE_FILE,
                      ML_SECRET_PLACE_UNKNOWN,
                      G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ml_secret_store_init (MlSecretStore *self)
{
}

MlSecretStore *
ml_secret_store_new (MlCollectorConfig *config)
{
  g_return_val_if_fail (ML_IS_COLLECTOR_CONFIG (config), NULL);

  return g_object_new (ML_TYPE_SECRET_STORE, "config", config, NULL);
}

MlSecretPlace
ml_secret_store_get_place (MlSecretStore *self)
{
  g_return_val_if_fail (ML_IS_SECRET_STORE (self), ML_SECRET_PLACE_UNKNOWN);

  return self->place;
}

/* ---- The site's secret ---- */

static void
load_site_secret_from_file (GTask *task)
{
  MlSecretStore *self = g_task_get_source_object (task);
  Request *request = g_task_get_task_data (task);
  GError *error = NULL;
  GBytes *secret;

  secret = ml_collector_config_load_site_secret (self->config, request->site_id, &error);
  if (secret == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, secret, (GDestroyNotify) g_bytes_unref);
}

static void
on_site_secret_looked_up (GObject      *source,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  MlSecretStore *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  char *text;
  guchar *data;
  gsize length = 0;

  text = secret_password_lookup_finish (result, &error);
  if (error != NULL)
    {
      if (!keyring_missing (error))
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
      g_debug ("No keyring, the secrets file instead: %s", error->message);
      set_place (self, ML_SECRET_PLACE_FILE);
      load_site_secret_from_file (task);
      return;
    }

  set_place (self, ML_SECRET_PLACE_KEYRING);
  if (text == NULL)
    {
      /* Enrolled by the command-line collector, perhaps. */
      load_site_secret_from_file (task);
      return;
    }

  data = g_base64_decode (text, &length);
  secret_password_free (text);
  if (length == 0)
    {
      g_free (data);
      g_task_return_new_error (task, ML_ERROR, ML_ERROR_FAILED,
                               _("The site’s secret in the keyring is damaged: enrol again"));
      return;
    }
  g_task_return_pointer (task, g_bytes_new_with_free_func (data, length, g_free, data),
                         (GDestroyNotify) g_bytes_unref);
}

void
ml_secret_store_load_site_secret_async (MlSecretStore       *self,
                                        const char          *site_id,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GHashTable) attrs = NULL;
  Request *request;

  g_return_if_fail (ML_IS_SECRET_STORE (self));
  g_return_if_fail (site_id != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ml_secret_store_load_site_secret_async);
  request = g_new0 (Request, 1);
  request->site_id = g_strdup (site_id);
  g_task_set_task_data (task, request, (GDestroyNotify) request_free);

  attrs = attributes (self, KIND_SITE_SECRET, site_id);
  secret_password_lookupv (secret_schema (), attrs, cancellable, on_site_secret_looked_up,
                           g_steal_pointer (&task));
}

GBytes *
ml_secret_store_load_site_secret_finish (MlSecretStore  *self,
                                         GAsyncResult   *result,
                                         GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
save_site_secret_to_file (GTask *task)
{
  MlSecretStore *self = g_task_get_source_object (task);
  Request *request = g_task_get_task_data (task);
  GError *error = NULL;

  if (ml_collector_config_save_site_secret (self->config, request->site_id, request->secret,
                                            &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
on_site_secret_stored (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  MlSecretStore *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;

  if (secret_password_store_finish (result, &error))
    {
      set_place (self, ML_SECRET_PLACE_KEYRING);
      g_task_return_boolean (task, TRUE);
      return;
    }
  if (!keyring_missing (error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_debug ("No keyring, the secrets file instead: %s", error->message);
  set_place (self, ML_SECRET_PLACE_FILE);
  save_site_secret_to_file (task);
}

void
ml_secret_store_save_site_secret_async (MlSecretStore       *self,
                                        const char          *site_id,
                                        GBytes              *secret,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GHashTable) attrs = NULL;
  g_autofree char *label = NULL;
  Request *request;
  gsize size = 0;
  const guchar *data;

  g_return_if_fail (ML_IS_SECRET_STORE (self));
  g_return_if_fail (site_id != NULL);
  g_return_if_fail (secret != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ml_secret_store_save_site_secret_async);
  request = g_new0 (Request, 1);
  request->site_id = g_strdup (site_id);
  request->secret = g_bytes_ref (secret);
  data = g_bytes_get_data (secret, &size);
  request->text = g_base64_encode (data, size);
  g_task_set_task_data (task, request, (GDestroyNotify) request_free);

  attrs = attributes (self, KIND_SITE_SECRET, site_id);
  /* Translators: the name of the site's secret in the keyring (Passwords and Keys) */
  label = g_strdup_printf (_("Meterlink site secret (%s)"), site_id);
  secret_password_storev (secret_schema (), attrs, SECRET_COLLECTION_DEFAULT, label,
                          request->text, cancellable, on_site_secret_stored,
                          g_steal_pointer (&task));
}

gboolean
ml_secret_store_save_site_secret_finish (MlSecretStore  *self,
                                         GAsyncResult   *result,
                                         GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* The collector's enrolment keeps the new secret here (MlSecretKeeper). */
static void
keeper_save_site_secret_async (MlSecretKeeper      *keeper,
                               const char          *site_id,
                               GBytes              *secret,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  ml_secret_store_save_site_secret_async (ML_SECRET_STORE (keeper), site_id, secret, cancellable,
                                          callback, user_data);
}

static gboolean
keeper_save_site_secret_finish (MlSecretKeeper  *keeper,
                                GAsyncResult    *result,
                                GError         **error)
{
  return ml_secret_store_save_site_secret_finish (ML_SECRET_STORE (keeper), result, error);
}

static void
secret_keeper_iface_init (MlSecretKeeperInterface *iface)
{
  iface->save_site_secret_async = keeper_save_site_secret_async;
  iface->save_site_secret_finish = keeper_save_site_secret_finish;
}

/* ---- The proxy password ---- */

static void
load_proxy_password_from_file (GTask *task)
{
  MlSecretStore *self = g_task_get_source_object (task);
  GError *error = NULL;
  char *password;

  password = ml_collector_config_load_proxy_password (self->config, &error);
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, password, (GDestroyNotify) wipe_string);
}

static void
on_proxy_password_looked_up (GObject      *source,
                             GAsyncResult *result,
                             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  MlSecretStore *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  char *text;

  text = secret_password_lookup_finish (result, &error);
  if (error != NULL)
    {
      if (!keyring_missing (error))
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
      set_place (self, ML_SECRET_PLACE_FILE);
      load_proxy_password_from_file (task);
      return;
    }

  set_place (self, ML_SECRET_PLACE_KEYRING);
  if (text == NULL)
    {
      load_proxy_password_from_file (task);
      return;
    }

  /* Copied into memory that wipe_string() can free with g_free(). */
  g_task_return_pointer (task, g_strdup (text), (GDestroyNotify) wipe_string);
  secret_password_free (text);
}

void
ml_secret_store_load_proxy_password_async (MlSecretStore       *self,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GHashTable) attrs = NULL;

  g_return_if_fail (ML_IS_SECRET_STORE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ml_secret_store_load_proxy_password_async);

  attrs = attributes (self, KIND_PROXY_PASSWORD, NULL);
  secret_password_lookupv (secret_schema (), attrs, cancellable, on_proxy_password_looked_up,
                           g_steal_pointer (&task));
}

char *
ml_secret_store_load_proxy_password_finish (MlSecretStore  *self,
                                            GAsyncResult   *result,
                                            GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
save_proxy_password_to_file (GTask *task)
{
  MlSecretStore *self = g_task_get_source_object (task);
  Request *request = g_task_get_task_data (task);
  GError *error = NULL;

  if (ml_collector_config_save_proxy_password (self->config, request->text, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
on_proxy_password_kept (GTask  *task,
                        GError *error)
{
  MlSecretStore *self = g_task_get_source_object (task);
  GError *file_error = NULL;

  if (error == NULL)
    {
      set_place (self, ML_SECRET_PLACE_KEYRING);
      /* The keyring has it now: no copy stays in the plain file. */
      if (!ml_collector_config_save_proxy_password (self->config, NULL, &file_error))
        g_task_return_error (task, file_error);
      else
        g_task_return_boolean (task, TRUE);
      return;
    }
  if (!keyring_missing (error))
    {
      g_task_return_error (task, g_error_copy (error));
      return;
    }
  set_place (self, ML_SECRET_PLACE_FILE);
  save_proxy_password_to_file (task);
}

static void
on_proxy_password_stored (GObject      *source,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  secret_password_store_finish (result, &error);
  on_proxy_password_kept (task, error);
}

static void
on_proxy_password_cleared (GObject      *source,
                           GAsyncResult *result,
                           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  /* FALSE without an error: there was none to clear. */
  secret_password_clear_finish (result, &error);
  on_proxy_password_kept (task, error);
}

void
ml_secret_store_save_proxy_password_async (MlSecretStore       *self,
                                           const char          *password,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GHashTable) attrs = NULL;
  Request *request;

  g_return_if_fail (ML_IS_SECRET_STORE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ml_secret_store_save_proxy_password_async);
  request = g_new0 (Request, 1);
  request->text = password != NULL && *password != '\0' ? g_strdup (password) : NULL;
  g_task_set_task_data (task, request, (GDestroyNotify) request_free);

  attrs = attributes (self, KIND_PROXY_PASSWORD, NULL);
  if (request->text == NULL)
    secret_password_clearv (secret_schema (), attrs, cancellable, on_proxy_password_cleared,
                            g_steal_pointer (&task));
  else
    /* Translators: the name of the proxy password in the keyring (Passwords and Keys) */
    secret_password_storev (secret_schema (), attrs, SECRET_COLLECTION_DEFAULT,
                            _("Meterlink proxy password"), request->text, cancellable,
                            on_proxy_password_stored, g_steal_pointer (&task));
}

gboolean
ml_secret_store_save_proxy_password_finish (MlSecretStore  *self,
                                            GAsyncResult   *result,
                                            GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
