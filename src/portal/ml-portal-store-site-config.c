/* ml-portal-store-site-config.c: a site's collector configuration, read and set
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ml-portal-store-private.h"

JsonNode *
_ml_portal_store_config_node (const char *config_text,
                              gint64      revision)
{
  JsonNode *node = _ml_portal_store_node_from_text (config_text);

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      g_clear_pointer (&node, json_node_unref);
      node = _ml_portal_store_object_node (json_object_new ());
    }

  json_object_set_int_member (json_node_get_object (node), "revision", revision);
  return node;
}

JsonNode *
ml_portal_store_get_site_config (MlPortalStore  *self,
                                 const char     *site_id,
                                 GError        **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(MlStatement) statement = NULL;
  gboolean row;

  g_return_val_if_fail (ML_IS_PORTAL_STORE (self), NULL);
  g_return_val_if_fail (site_id != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  locker = g_mutex_locker_new (&self->mutex);
  statement = ml_database_prepare (self->db,
                                   "SELECT config, config_revision FROM sites "
                                   "WHERE public_id = :site_id",
                                   error);
  if (statement == NULL)
    return NULL;
  _ml_portal_store_bind_string (statement, ":site_id", site_id);
  if (!_ml_portal_store_next_row (self, statement, &row, error))
    return NULL;
  if (!row)
    {
      _ml_portal_store_no_such_site (site_id, error);
      return NULL;
    }

  return _ml_portal_store_config_node (ml_statement_get_string (statement, 0),
                                       sqlite3_column_int64 (statement, 1));
}

static gboolean
invalid_setting (const char  *key,
                 const char  *reason,
                 GError     **error)
{
  g_set_error (error, ML_ERROR, ML_ERROR_INVALID_VALUE, _("Setting “%s”: %s"), key, reason);
  return FALSE;
}

/* The ranges as ml-ip-range.h reads them: text, or a list of texts. */
static JsonNode *
validate_ranges (JsonNode  *node,
                 GError   **error)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(MlIpRange) range = NULL;
  g_autoptr(GError) local_error = NULL;

  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    g_string_append (text, json_node_get_string (node));
  else if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *item = json_array_get_element (array, i);

          if (!JSON_NODE_HOLDS_VALUE (item) || json_node_get_value_type (item) != G_TYPE_STRING)
            {
              invalid_setting ("ranges", _("a list of ranges holds only text"), error);
              return NULL;
            }
          if (text->len > 0)
            g_string_append (text, ", ");
          g_string_append (text, json_node_get_string (item));
        }
    }
  else
    {
      invalid_setting ("ranges", _("expected text such as “192.0.2.0/24”"), error);
      return NULL;
    }

  if ((range = ml_ip_range_parse (text->str, &local_error)) == NULL)
    {
      invalid_setting ("ranges", local_error->message, error);
      return NULL;
    }

  return json_node_init_string (json_node_alloc (), text->str);
}

/* What @config changes, as members to set (null: to remove). */
static JsonObject *
validate_config (JsonNode  *config,
                 GError   **error)
{
  g_autoptr(JsonObject) changes = json_object_new ();
  g_autoptr(GList) members = NULL;
  JsonObject *object;

  if (!JSON_NODE_HOLDS_OBJECT (config))
    {
      g_set_error (error, ML_ERROR, ML_ERROR_WRONG_TYPE,
                   _("A site's configuration is a JSON object"));
      return NULL;
    }

  object = json_node_get_object (config);
  members = json_object_get_members (object);
  for (GList *l = members; l != NULL; l = l->next)
    {
      const char *key = l->data;
      JsonNode *value = json_object_get_member (object, key);
      JsonNode *checked = NULL;

      if (g_str_equal (key, "revision"))
        continue;

      if (!g_str_equal (key, "ranges") && !g_str_equal (key, "polling_interval") &&
          !g_str_equal (key, "user_names"))
        {
          g_set_error (error, ML_ERROR, ML_ERROR_INVALID_VALUE,
                       _("A site's configuration has no setting “%s” (only “ranges”, "
                         "“polling_interval” and “user_names”)"), key);
          return NULL;
        }

      if (JSON_NODE_HOLDS_NULL (value))
        checked = json_node_new (JSON_NODE_NULL);
      else if (g_str_equal (key, "ranges"))
        {
          if ((checked = validate_ranges (value, error)) == NULL)
            return NULL;
        }
      else if (g_str_equal (key, "polling_interval"))
        {
          gint64 minutes;

          if (!JSON_NODE_HOLDS_VALUE (value) || json_node_get_value_type (value) != G_TYPE_INT64 ||
              (minutes = json_node_get_int (value)) < 30 || minutes > 1440)
            {
              invalid_setting (key, _("expected minutes from 30 to 1440"), error);
              return NULL;
            }
          checked = json_node_init_int (json_node_alloc (), minutes);
        }
      else
        {
          if (!JSON_NODE_HOLDS_VALUE (value) ||
              json_node_get_value_type (value) != G_TYPE_BOOLEAN)
            {
              invalid_setting (key, _("expected true or false"), error);
              return NULL;
            }
          checked = json_node_init_boolean (json_node_alloc (), json_node_get_boolean (value));
        }

      json_object_set_member (changes, key, checked);
    }

  return g_steal_pointer (&changes);
}

typedef struct
{
  gint64 reseller_id;
  const char *site_id;
  JsonObject *changes;
} ConfigArgs;

static gboolean
set_site_config_locked (MlPortalStore  *self,
                        gpointer        data,
                        GError        **error)
{
  ConfigArgs *args = data;
  g_autoptr(MlStatement) query = NULL;
  g_autoptr(MlStatement) update = NULL;
  g_autoptr(JsonNode) config = NULL;
  g_autoptr(GList) members = NULL;
  g_autofree char *text = NULL;
  JsonObject *object;
  MlPortalChangeSeq seq;
  gint64 id;
  gboolean row;

  query = ml_database_prepare (self->db,
                               "SELECT s.id, s.config FROM sites s "
                               "  JOIN customers c ON c.id = s.customer_id "
                               "WHERE s.public_id = :site_id AND c.reseller_id = :reseller_id",
                               error);
  if (query == NULL)
    return FALSE;
  _ml_portal_store_bind_string (query, ":site_id", args->site_id);
  _ml_portal_store_bind_int64 (query, ":reseller_id", args->reseller_id);
  if (!_ml_portal_store_next_row (self, query, &row, error))
    return FALSE;
  if (!row)
    return _ml_portal_store_no_such_site (args->site_id, error);

  id = sqlite3_column_int64 (query, 0);
  config = _ml_portal_store_node_from_text (ml_statement_get_string (query, 1));
  if (config == NULL || !JSON_NODE_HOLDS_OBJECT (config))
    {
      g_clear_pointer (&config, json_node_unref);
      config = _ml_portal_store_object_node (json_object_new ());
    }
  g_clear_pointer (&query, ml_statement_release);

  object = json_node_get_object (config);
  members = json_object_get_members (args->changes);
  for (GList *l = members; l != NULL; l = l->next)
    {
      JsonNode *value = json_object_get_member (args->changes, l->data);

      if (JSON_NODE_HOLDS_NULL (value))
        json_object_remove_member (object, l->data);
      else
        json_object_set_member (object, l->data, json_node_copy (value));
    }
  text = _ml_portal_store_node_to_text (config);

  if (!_ml_portal_store_change_seq_read (self, &seq, error))
    return FALSE;

  update = ml_database_prepare (self->db,
                                "UPDATE sites SET config = :config, "
                                "  config_revision = config_revision + 1, change_seq = :seq "
                                "WHERE id = :id",
                                error);
  if (update == NULL)
    return FALSE;
  _ml_portal_store_bind_string (update, ":config", text);
  _ml_portal_store_bind_int64 (update, ":seq", _ml_portal_change_seq_next (&seq));
  _ml_portal_store_bind_int64 (update, ":id", id);
  if (!_ml_portal_store_step_done (self, update, error))
    return FALSE;

  return _ml_portal_store_change_seq_write (self, &seq, error);
}

gboolean
ml_portal_store_set_site_config (MlPortalStore  *self,
                                 gint64          reseller_id,
                                 const char     *site_id,
                                 JsonNode       *config,
                                 GError        **error)
{
  g_autoptr(JsonObject) changes = NULL;
  ConfigArgs args = { reseller_id, site_id, NULL };

  g_return_val_if_fail (ML_IS_PORTAL_STORE (self), FALSE);
  g_return_val_if_fail (site_id != NULL, FALSE);
  g_return_val_if_fail (config != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if ((changes = validate_config (config, error)) == NULL)
    return FALSE;

  args.changes = changes;
  return _ml_portal_store_write_locked (self, set_site_config_locked, &args, error);
}
