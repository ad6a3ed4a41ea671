/* ml-portal-store-admin.c: the operator's resellers, users, customers, sites and secrets
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ml-password.h"
#include "ml-portal-store-private.h"
#include "ml-site-key.h"

#define MAX_NAME_LENGTH 200
#define MAX_LOGIN_LENGTH 100
#define MAX_LIST_NAMES 20

static gint64
now_seconds (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

/* Names for messages ----------------------------------------------------------------- */

/* Checks a name an operator gives a reseller, customer or site. */
static gboolean
validate_name (const char  *name,
               GError     **error)
{
  g_autofree char *stripped = NULL;

  if (name == NULL || !g_utf8_validate (name, -1, NULL))
    {
      g_set_error (error, ML_ERROR, ML_ERROR_INVALID_VALUE,
                   _("The name is not valid UTF-8 text"));
      return FALSE;
    }

  stripped = g_strstrip (g_strdup (name));
  if (*stripped == '\0')
    {
      g_set_error (error, ML_ERROR, ML_ERROR_INVALID_VALUE, _("The name is empty"));
      return FALSE;
    }

  if (!g_str_equal (stripped, name))
    {
      g_set_error (error, ML_ERROR, ML_ERROR_INVALID_VALUE,
                   _("The name “%s” begins or ends with a space"), name);
      return FALSE;
    }

  if (g_utf8_strlen (name, -1) > MAX_NAME_LENGTH)
    {
      g_set_error (error, ML_ERROR, ML_ERROR_INVALID_VALUE,
                   _("The name “%s” is longer than %d characters"), name, MAX_NAME_LENGTH);
      return FALSE;
    }

  for (const char *p = name; *p != '\0'; p = g_utf8_next_char (p))
    if (g_unichar_iscntrl (g_utf8_get_char (p)))
      {
        g_set_error (error, ML_ERROR, ML_ERROR_INVALID_VALUE,
                     _("A name cannot contain control characters"));
        return FALSE;
      }

  return TRUE;
}

/* The first column of @statement's rows joined for a message ("A, B, C"), at most
 * MAX_LIST_NAMES of them; "" when there are none. */
static char *
join_names (MlPortalStore  *self,
            MlStatement    *statement,
            GError        **error)
{
  g_autoptr(GString) text = g_string_new (NULL);
  guint n = 0;
  gboolean row;

  for (;;)
    {
      if (!_ml_portal_store_next_row (self, statement, &row, error))
        return NULL;
      if (!row)
        break;

      if (n == MAX_LIST_NAMES)
        {
          g_string_append (text, ", …");
          break;
        }
      if (n > 0)
        g_string_append (text, ", ");
      g_string_append (text, ml_statement_get_string (statement, 0));
      n++;
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* The reseller called @name, or 0 with ML_ERROR_NOT_FOUND naming the ones there are. */
static gint64
find_reseller (MlPortalStore  *self,
               const char     *name,
               GError        **error)
{
  g_autoptr(MlStatement) statement = NULL;
  g_autoptr(MlStatement) names = NULL;
  g_autofree char *list = NULL;
  gboolean row;

  statement = ml_database_prepare (self->db, "SELECT id FROM resellers WHERE name = :name",
                                   error);
  if (statement == NULL)
    return 0;
  _ml_portal_store_bind_string (statement, ":name", name);
  if (!_ml_portal_store_next_row (self, statement, &row, error))
    return 0;
  if (row)
    return sqlite3_column_int64 (statement, 0);

  names = ml_database_prepare (self->db, "SELECT name FROM resellers ORDER BY name", error);
  if (names == NULL || (list = join_names (self, names, error)) == NULL)
    return 0;

  if (*list == '\0')
    g_set_error (error, ML_ERROR, ML_ERROR_NOT_FOUND,
                 _("There is no reseller “%s”; there are no resellers yet"), name);
  else
    g_set_error (error, ML_ERROR, ML_ERROR_NOT_FOUND,
                 _("There is no reseller “%s”; the resellers are: %s"), name, list);
  return 0;
}

/* The customer @name of the reseller @reseller (NULL: of whichever reseller has
 * one by that name, if only one has), or 0 with an error that says what there is. */
static gint64
find_customer (MlPortalStore  *self,
               const char     *reseller,
               const char     *name,
               GError        **error)
{
  g_autoptr(MlStatement) statement = NULL;
  g_autoptr(MlStatement) names = NULL;
  g_autofree char *list = NULL;
  gint64 reseller_id = 0;
  gint64 id = 0;
  guint n_found = 0;
  gboolean row;

  if (reseller != NULL && (reseller_id = find_reseller (self, reseller, error)) == 0)
    return 0;

  statement = ml_database_prepare (self->db,
                                   "SELECT c.id, r.name FROM customers c "
                                   "  JOIN resellers r ON r.id = c.reseller_id "
                                   "WHERE c.name = :name "
                                   "  AND (:reseller_id = 0 OR c.reseller_id = :reseller_id) "
                                   "ORDER BY r.name",
                                   error);
  if (statement == NULL)
    return 0;
  _ml_portal_store_bind_string (statement, ":name", name);
  _ml_portal_store_bind_int64 (statement, ":reseller_id", reseller_id);

  for (;;)
    {
      if (!_ml_portal_store_next_row (self, statement, &row, error))
        return 0;
      if (!row)
        break;
      id = sqlite3_column_int64 (statement, 0);
      n_found++;
    }

  if (n_found == 1)
    return id;

  g_clear_pointer (&statement, ml_statement_release);
  if (n_found > 1)
    {
      names = ml_database_prepare (self->db,
                                   "SELECT r.name FROM customers c "
                                   "  JOIN resellers r ON r.id = c.reseller_id "
                                   "WHERE c.name = :name ORDER BY r.name",
                                   error);
      if (names == NULL)
        return 0;
      _ml_portal_store_bind_string (names, ":name", name);
      if ((list = join_names (self, names, error)) == NULL)
        return 0;
      g_set_error (error, ML_ERROR, ML_ERROR_INVALID_VALUE,
                   _("Several resellers have a customer “%s” (%s): name the reseller "
                     "with --reseller"), name, list);
      return 0;
    }

  if (reseller != NULL)
    {
      names = ml_database_prepare (self->db,
                                   "SELECT name FROM customers WHERE reseller_id = :reseller_id "
                                   "ORDER BY name",
                                   error);
      if (names == NULL)
        return 0;
      _ml_portal_store_bind_int64 (names, ":reseller_id", reseller_id);
      if ((list = join_names (self, names, error)) == NULL)
        return 0;
      if (*list == '\0')
        g_set_error (error, ML_ERROR, ML_ERROR_NOT_FOUND,
                     _("Reseller “%s” has no customer “%s”; it has no customers yet"),
                     reseller, name);
      else
        g_set_error (error, ML_ERROR, ML_ERROR_NOT_FOUND,
                     _("Reseller “%s” has no customer “%s”; its customers are: %s"),
                     reseller, name, list);
      return 0;
    }

  names = ml_database_prepare (self->db,
                               "SELECT c.name || ' (' || r.name || ')' FROM customers c "
                               "  JOIN resellers r ON r.id = c.reseller_id "
                               "ORDER BY c.name, r.name",
                               error);
  if (names == NULL || (list = join_names (self, names, error)) == NULL)
    return 0;
  if (*list == '\0')
    g_set_error (error, ML_ERROR, ML_ERROR_NOT_FOUND,
                 _("There is no customer “%s”; there are no customers yet"), name);
  else
    g_set_error (error, ML_ERROR, ML_ERROR_NOT_FOUND,
                 _("There is no customer “%s”; the customers are: %s"), name, list);
  return 0;
}

/* Administration ---------------------------------------------------------------------- */

typedef struct
{
  const char *reseller;
  const char *login;
  const char *customer;
  const char *site;
  const char *role;
  const char *password_hash;
  gint64 id;
  char *site_id;
  GBytes *secret;
} AdminArgs;

static gboolean
add_reseller_locked (MlPortalStore  *self,
                     gpointer        data,
                     GError        **error)
{
  AdminArgs *args = data;
  g_autoptr(MlStatement) query = NULL;
  g_autoptr(MlStatement) insert = NULL;
  gboolean row;

  query = ml_database_prepare (self->db, "SELECT 1 FROM resellers WHERE name = :name", error);
  if (query == NULL)
    return FALSE;
  _ml_portal_store_bind_string (query, ":name", args->reseller);
  if (!_ml_portal_store_next_row (self, query, &row, error))
    return FALSE;
  if (row)
    {
      g_set_error (error, ML_ERROR, ML_ERROR_INVALID_VALUE,
                   _("There is already a reseller “%s”"), args->reseller);
      return FALSE;
    }

  insert = ml_database_prepare (self->db,
                                "INSERT INTO resellers (name, created_at) VALUES (:name, :now)",
                                error);
  if (insert == NULL)
    return FALSE;
  _ml_portal_store_bind_string (insert, ":name", args->reseller);
  _ml_portal_store_bind_int64 (insert, ":now", now_seconds ());
  if (!_ml_portal_store_step_done (self, insert, error))
    return FALSE;

  args->id = _ml_portal_store_last_insert_id (self);
  return TRUE;
}

gboolean
ml_portal_store_add_reseller (MlPortalStore  *self,
                              const char     *name,
                              gint64         *out_id,
                              GError        **error)
{
  AdminArgs args = { .reseller = name };

  g_return_val_if_fail (ML_IS_PORTAL_STORE (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!validate_name (name, error) ||
      !_ml_portal_store_write_locked (self, add_reseller_locked, &args, error))
    return FALSE;

  if (out_id != NULL)
    *out_id = args.id;
  return TRUE;
}

static gboolean
validate_login (const char  *login,
                GError     **error)
{
  if (login == NULL || *login == '\0')
    {
      g_set_error (error, ML_ERROR, ML_ERROR_INVALID_VALUE, _("The login is empty"));
      return FALSE;
    }

  if (!g_utf8_validate (login, -1, NULL) || g_utf8_strlen (login, -1) > MAX_LOGIN_LENGTH)
    {
      g_set_error (error, ML_ERROR, ML_ERROR_INVALID_VALUE,
                   _("A login is UTF-8 text of at most %d characters"), MAX_LOGIN_LENGTH);
      return FALSE;
    }

  for (const char *p = login; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isspace (c) || g_unichar_iscntrl (c))
        {
          g_set_error (error, ML_ERROR, ML_ERROR_INVALID_VALUE,
                       _("The login “%s” contains a space or a control character"), login);
          return FALSE;
        }
    }

  return TRUE;
}

static const char *
role_to_string (MlPortalRole role)
{
  return role == ML_PORTAL_ROLE_ADMIN ? "admin" : "viewer";
}

static gboolean
add_user_locked (MlPortalStore  *self,
                 gpointer        data,
                 GError        **error)
{
  AdminArgs *args = data;
  g_autoptr(MlStatement) query = NULL;
  g_autoptr(MlStatement) insert = NULL;
  gint64 reseller_id;
  gboolean row;

  if ((reseller_id = find_reseller (self, args->reseller, error)) == 0)
    return FALSE;

  /* Logins are unique across resellers: a login alone names a session's owner. */
  query = ml_database_prepare (self->db, "SELECT 1 FROM users WHERE login = :login", error);
  if (query == NULL)
    return FALSE;
  _ml_portal_store_bind_string (query, ":login", args->login);
  if (!_ml_portal_store_next_row (self, query, &row, error))
    return FALSE;
  if (row)
    {
      g_set_error (error, ML_ERROR, ML_ERROR_INVALID_VALUE,
                   _("There is already a user with the login “%s”"), args->login);
      return FALSE;
    }

  insert = ml_database_prepare (self->db,
                                "INSERT INTO users (reseller_id, login, role, password_hash, "
                                "  created_at) "
                                "VALUES (:reseller_id, :login, :role, :hash, :now)",
                                error);
  if (insert == NULL)
    return FALSE;
  _ml_portal_store_bind_int64 (insert, ":reseller_id", reseller_id);
  _ml_portal_store_bind_string (insert, ":login", args->login);
  _ml_portal_store_bind_string (insert, ":role", args->role);
  _ml_portal_store_bind_string (insert, ":hash", args->password_hash);
  _ml_portal_store_bind_int64 (insert, ":now", now_seconds ());
  return _ml_portal_store_step_done (self, insert, error);
}

gboolean
ml_portal_store_add_user (MlPortalStore  *self,
                          const char     *reseller,
                          const char     *login,
                          MlPortalRole    role,
                          const char     *password,
                          GError        **error)
{
  g_autofree char *hash = NULL;
  AdminArgs args = { .reseller = reseller, .login = login, .role = role_to_string (role) };

  g_return_val_if_fail (ML_IS_PORTAL_STORE (self), FALSE);
  g_return_val_if_fail (reseller != NULL, FALSE);
  g_return_val_if_fail (login != NULL, FALSE);
  g_return_val_if_fail (role == ML_PORTAL_ROLE_ADMIN || role == ML_PORTAL_ROLE_VIEWER, FALSE);
  g_return_val_if_fail (password != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!validate_login (login, error) || !ml_password_check_strength (password, error))
    return FALSE;

  /* The slow hash outside the mutex. */
  if ((hash = ml_password_hash (password, error)) == NULL)
    return FALSE;

  args.password_hash = hash;
  return _ml_portal_store_write_locked (self, add_user_locked, &args, error);
}

static gboolean
add_customer_locked (MlPortalStore  *self,
                     gpointer        data,
                     GError        **error)
{
  AdminArgs *args = data;
  g_autoptr(MlStatement) query = NULL;
  g_autoptr(MlStatement) insert = NULL;
  MlPortalChangeSeq seq;
  gint64 reseller_id;
  gboolean row;

  if ((reseller_id = find_reseller (self, args->reseller, error)) == 0)
    return FALSE;

  query = ml_database_prepare (self->db,
                               "SELECT 1 FROM customers "
                               "WHERE reseller_id = :reseller_id AND name = :name",
                               error);
  if (query == NULL)
    return FALSE;
  _ml_portal_store_bind_int64 (query, ":reseller_id", reseller_id);
  _ml_portal_store_bind_string (query, ":name", args->customer);
  if (!_ml_portal_store_next_row (self, query, &row, error))
    return FALSE;
  if (row)
    {
      g_set_error (error, ML_ERROR, ML_ERROR_INVALID_VALUE,
                   _("Reseller “%s” already has a customer “%s”"),
                   args->reseller, args->customer);
      return FALSE;
    }

  if (!_ml_portal_store_change_seq_read (self, &seq, error))
    return FALSE;

  insert = ml_database_prepare (self->db,
                                "INSERT INTO customers (reseller_id, name, created_at, change_seq) "
                                "VALUES (:reseller_id, :name, :now, :seq)",
                                error);
  if (insert == NULL)
    return FALSE;
  _ml_portal_store_bind_int64 (insert, ":reseller_id", reseller_id);
  _ml_portal_store_bind_string (insert, ":name", args->customer);
  _ml_portal_store_bind_int64 (insert, ":now", now_seconds ());
  _ml_portal_store_bind_int64 (insert, ":seq", _ml_portal_change_seq_next (&seq));
  if (!_ml_portal_store_step_done (self, insert, error))
    return FALSE;

  args->id = _ml_portal_store_last_insert_id (self);
  return _ml_portal_store_change_seq_write (self, &seq, error);
}

gboolean
ml_portal_store_add_customer (MlPortalStore  *self,
                              const char     *reseller,
                              const char     *customer,
                              gint64         *out_id,
                              GError        **error)
{
  AdminArgs args = { .reseller = reseller, .customer = customer };

  g_return_val_if_fail (ML_IS_PORTAL_STORE (self), FALSE);
  g_return_val_if_fail (reseller != NULL, FALSE);
  g_return_val_if_fail (customer != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!validate_name (customer, error) ||
      !_ml_portal_store_write_locked (self, add_customer_locked, &args, error))
    return FALSE;

  if (out_id != NULL)
    *out_id = args.id;
  return TRUE;
}

static gboolean
add_site_locked (MlPortalStore  *self,
                 gpointer        data,
                 GError        **error)
{
  AdminArgs *args = data;
  g_autoptr(MlStatement) query = NULL;
  g_autoptr(MlStatement) insert = NULL;
  g_autofree char *public_id = NULL;
  g_autoptr(GBytes) secret = NULL;
  MlPortalChangeSeq seq;
  gint64 customer_id;
  gboolean row;

  if ((customer_id = find_customer (self, args->reseller, args->customer, error)) == 0)
    return FALSE;

  query = ml_database_prepare (self->db,
                               "SELECT 1 FROM sites WHERE customer_id = :customer_id "
                               "  AND name = :name",
                               error);
  if (query == NULL)
    return FALSE;
  _ml_portal_store_bind_int64 (query, ":customer_id", customer_id);
  _ml_portal_store_bind_string (query, ":name", args->site);
  if (!_ml_portal_store_next_row (self, query, &row, error))
    return FALSE;
  if (row)
    {
      g_set_error (error, ML_ERROR, ML_ERROR_INVALID_VALUE,
                   _("Customer “%s” already has a site “%s”"), args->customer, args->site);
      return FALSE;
    }

  if (!_ml_portal_store_change_seq_read (self, &seq, error))
    return FALSE;

  public_id = g_uuid_string_random ();
  secret = ml_site_key_generate_secret ();

  insert = ml_database_prepare (self->db,
                                "INSERT INTO sites (public_id, customer_id, name, secret, "
                                "  created_at, change_seq) "
                                "VALUES (:public_id, :customer_id, :name, :secret, :now, :seq)",
                                error);
  if (insert == NULL)
    return FALSE;
  _ml_portal_store_bind_string (insert, ":public_id", public_id);
  _ml_portal_store_bind_int64 (insert, ":customer_id", customer_id);
  _ml_portal_store_bind_string (insert, ":name", args->site);
  _ml_portal_store_bind_bytes (insert, ":secret", secret);
  _ml_portal_store_bind_int64 (insert, ":now", now_seconds ());
  _ml_portal_store_bind_int64 (insert, ":seq", _ml_portal_change_seq_next (&seq));
  if (!_ml_portal_store_step_done (self, insert, error) ||
      !_ml_portal_store_touch_customer (self, customer_id, &seq, error) ||
      !_ml_portal_store_change_seq_write (self, &seq, error))
    return FALSE;

  args->site_id = g_steal_pointer (&public_id);
  args->secret = g_steal_pointer (&secret);
  return TRUE;
}

gboolean
ml_portal_store_add_site (MlPortalStore  *self,
                          const char     *reseller,
                          const char     *customer,
                          const char     *site,
                          char          **out_site_id,
                          GBytes        **out_secret,
                          GError        **error)
{
  AdminArgs args = { .reseller = reseller, .customer = customer, .site = site };

  g_return_val_if_fail (ML_IS_PORTAL_STORE (self), FALSE);
  g_return_val_if_fail (customer != NULL, FALSE);
  g_return_val_if_fail (site != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!validate_name (site, error) ||
      !_ml_portal_store_write_locked (self, add_site_locked, &args, error))
    {
      g_free (args.site_id);
      g_clear_pointer (&args.secret, g_bytes_unref);
      return FALSE;
    }

  if (out_site_id != NULL)
    *out_site_id = g_steal_pointer (&args.site_id);
  if (out_secret != NULL)
    *out_secret = g_steal_pointer (&args.secret);
  g_free (args.site_id);
  g_clear_pointer (&args.secret, g_bytes_unref);
  return TRUE;
}

/* The site named by its public ID or, when that is not a UUID, by its name, which
 * must then be unambiguous. */
static gint64
find_site_for_operator (MlPortalStore  *self,
                        const char     *site_id_or_name,
                        char          **out_public_id,
                        GError        **error)
{
  g_autoptr(MlStatement) statement = NULL;
  g_autoptr(MlStatement) names = NULL;
  g_autofree char *list = NULL;
  g_autofree char *public_id = NULL;
  g_autofree char *key = NULL;
  gint64 id = 0;
  guint n_found = 0;
  gboolean by_id = g_uuid_string_is_valid (site_id_or_name);
  gboolean row;

  /* UUIDs are stored as g_uuid_string_random() writes them: lowercase. */
  key = by_id ? g_ascii_strdown (site_id_or_name, -1) : g_strdup (site_id_or_name);

  if (by_id)
    statement = ml_database_prepare (self->db,
                                     "SELECT id, public_id FROM sites WHERE public_id = :key",
                                     error);
  else
    statement = ml_database_prepare (self->db,
                                     "SELECT id, public_id FROM sites WHERE name = :key", error);
  if (statement == NULL)
    return 0;
  _ml_portal_store_bind_string (statement, ":key", key);

  for (;;)
    {
      if (!_ml_portal_store_next_row (self, statement, &row, error))
        return 0;
      if (!row)
        break;
      id = sqlite3_column_int64 (statement, 0);
      g_free (public_id);
      public_id = g_strdup (ml_statement_get_string (statement, 1));
      n_found++;
    }
  g_clear_pointer (&statement, ml_statement_release);

  if (n_found == 1)
    {
      *out_public_id = g_steal_pointer (&public_id);
      return id;
    }

  /* Several: their IDs, to choose from. None: the names there are. */
  if (n_found > 1)
    names = ml_database_prepare (self->db,
                                 "SELECT s.public_id || ' (' || c.name || ', ' || r.name || ')' "
                                 "FROM sites s JOIN customers c ON c.id = s.customer_id "
                                 "  JOIN resellers r ON r.id = c.reseller_id "
                                 "WHERE s.name = :name ORDER BY r.name, c.name",
                                 error);
  else
    names = ml_database_prepare (self->db,
                                 "SELECT s.name || ' (' || c.name || ', ' || r.name || ')' "
                                 "FROM sites s JOIN customers c ON c.id = s.customer_id "
                                 "  JOIN resellers r ON r.id = c.reseller_id "
                                 "ORDER BY s.name, c.name, r.name",
                                 error);
  if (names == NULL)
    return 0;
  if (n_found > 1)
    _ml_portal_store_bind_string (names, ":name", site_id_or_name);
  if ((list = join_names (self, names, error)) == NULL)
    return 0;

  if (n_found > 1)
    g_set_error (error, ML_ERROR, ML_ERROR_INVALID_VALUE,
                 _("Several sites are called “%s”: %s; name the site by its ID"),
                 site_id_or_name, list);
  else if (*list == '\0')
    g_set_error (error, ML_ERROR, ML_ERROR_NOT_FOUND,
                 _("There is no site “%s”; there are no sites yet"), site_id_or_name);
  else
    g_set_error (error, ML_ERROR, ML_ERROR_NOT_FOUND,
                 _("There is no site “%s”; the sites are: %s"), site_id_or_name, list);
  return 0;
}

static gboolean
rotate_secret_locked (MlPortalStore  *self,
                      gpointer        data,
                      GError        **error)
{
  AdminArgs *args = data;
  g_autoptr(MlStatement) update = NULL;
  g_autoptr(GBytes) secret = NULL;
  g_autofree char *public_id = NULL;
  gint64 id;

  if ((id = find_site_for_operator (self, args->site, &public_id, error)) == 0)
    return FALSE;

  secret = ml_site_key_generate_secret ();
  update = ml_database_prepare (self->db, "UPDATE sites SET secret = :secret WHERE id = :id",
                                error);
  if (update == NULL)
    return FALSE;
  _ml_portal_store_bind_bytes (update, ":secret", secret);
  _ml_portal_store_bind_int64 (update, ":id", id);
  if (!_ml_portal_store_step_done (self, update, error))
    return FALSE;

  args->site_id = g_steal_pointer (&public_id);
  args->secret = g_steal_pointer (&secret);
  return TRUE;
}

gboolean
ml_portal_store_rotate_secret (MlPortalStore  *self,
                               const char     *site_id_or_name,
                               char          **out_site_id,
                               GBytes        **out_secret,
                               GError        **error)
{
  AdminArgs args = { .site = site_id_or_name };

  g_return_val_if_fail (ML_IS_PORTAL_STORE (self), FALSE);
  g_return_val_if_fail (site_id_or_name != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!_ml_portal_store_write_locked (self, rotate_secret_locked, &args, error))
    {
      g_free (args.site_id);
      g_clear_pointer (&args.secret, g_bytes_unref);
      return FALSE;
    }

  if (out_site_id != NULL)
    *out_site_id = g_steal_pointer (&args.site_id);
  if (out_secret != NULL)
    *out_secret = g_steal_pointer (&args.secret);
  g_free (args.site_id);
  g_clear_pointer (&args.secret, g_bytes_unref);
  return TRUE;
}
