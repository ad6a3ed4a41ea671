/* ml-admin-commands.c: the operator's commands: reseller, user, customer and site
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * They run on the server, beside (or while) `serve` runs, on the same database: the
 * store's transactions keep them apart. Each says in one sentence what it did or
 * why it did not. `site add` and `site rotate-secret` end with the enrolment code
 * alone on the last line, so that a script can take it with `tail -n 1`; that code
 * holds the site's secret and is printed nowhere else.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <gnutls/gnutls.h>

#include "ml-admin-commands.h"
#include "ml-certificate.h"
#include "ml-password.h"
#include "ml-portal-store.h"

#define EXIT_FAILED 1
#define EXIT_USAGE 2

/* Where `serve` listens unless told otherwise, and what it names its self-signed
 * certificate beside the database. */
#define DEFAULT_PORT 8443
#define CERTIFICATE_FILE "portal-cert.pem"

#define MAX_PASSWORD_BYTES 4096
#define MAX_URL_LENGTH 255

/* Text that holds a secret is wiped before it is freed. */
typedef char SecretText;

static void
secret_text_free (SecretText *text)
{
  if (text == NULL)
    return;
  gnutls_memset (text, 0, strlen (text));
  g_free (text);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SecretText, secret_text_free)

/* Everything any of the commands takes. */
typedef struct
{
  char *db_path;
  char *reseller;
  char *customer;
  char *login;
  char *role;
  gboolean password_stdin;
  char *portal_url;
  char *cert_sha256;
} Options;

static void
options_clear (Options *options)
{
  g_clear_pointer (&options->db_path, g_free);
  g_clear_pointer (&options->reseller, g_free);
  g_clear_pointer (&options->customer, g_free);
  g_clear_pointer (&options->login, g_free);
  g_clear_pointer (&options->role, g_free);
  g_clear_pointer (&options->portal_url, g_free);
  g_clear_pointer (&options->cert_sha256, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Options, options_clear)

static void
add_db_option (GOptionContext *context,
               Options        *options)
{
  /* The option group copies the entries, not the variables they point to. */
  const GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &options->db_path,
      N_("The portal's database (default $XDG_DATA_HOME/meterlink/portal.db)"), N_("FILE") },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
}

static void
add_enrolment_options (GOptionContext *context,
                       Options        *options)
{
  const GOptionEntry entries[] = {
    { "portal-url", 0, 0, G_OPTION_ARG_STRING, &options->portal_url,
      N_("The URL collectors reach the portal by (default: what `serve` recorded, "
         "else https://HOSTNAME:8443)"), N_("URL") },
    { "cert-sha256", 0, 0, G_OPTION_ARG_STRING, &options->cert_sha256,
      N_("The SHA-256 fingerprint of the portal's certificate to pin, or “none” for a "
         "publicly trusted one (default: what `serve` recorded, else the certificate "
         "beside the database, if any)"),
      N_("HEX") },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
}

static int
usage_error (const char *message)
{
  g_printerr ("%s: %s\n", g_get_prgname (), message);
  g_printerr (_("Try “%s --help”.\n"), g_get_prgname ());
  return EXIT_USAGE;
}

static int
failed (const GError *error)
{
  g_printerr ("%s: %s\n", g_get_prgname (), error->message);
  return EXIT_FAILED;
}

/* Parses the command line; FALSE after a usage error was printed. */
static gboolean
parse_options (GOptionContext   *context,
               int              *argc,
               char           ***argv)
{
  g_autoptr(GError) error = NULL;

  if (!g_option_context_parse (context, argc, argv, &error))
    {
      usage_error (error->message);
      return FALSE;
    }

  return TRUE;
}

static MlPortalStore *
open_store (Options  *options,
            GError  **error)
{
  g_autofree char *path = NULL;

  path = options->db_path != NULL ? g_strdup (options->db_path)
                                  : ml_portal_store_default_path ();
  return ml_portal_store_open (path, error);
}

/* A group's subcommands ---------------------------------------------------------------- */

typedef int (*SubcommandFunc) (int    argc,
                               char **argv);

typedef struct
{
  const char *name;
  const char *summary;
  SubcommandFunc run;
} Subcommand;

static void
print_subcommands (FILE             *stream,
                   const Subcommand *subcommands,
                   guint             n_subcommands)
{
  fprintf (stream, "%s\n", _("Commands:"));
  for (guint i = 0; i < n_subcommands; i++)
    fprintf (stream, "  %s %-14s %s\n", g_get_prgname (), subcommands[i].name,
             _(subcommands[i].summary));
}

static int
run_subcommand (const Subcommand *subcommands,
                guint             n_subcommands,
                int               argc,
                char            **argv)
{
  if (argc >= 2 && (g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h")))
    {
      print_subcommands (stdout, subcommands, n_subcommands);
      return 0;
    }

  for (guint i = 0; argc >= 2 && i < n_subcommands; i++)
    {
      if (g_str_equal (argv[1], subcommands[i].name))
        {
          g_autofree char *prgname = g_strdup_printf ("%s %s", g_get_prgname (),
                                                      subcommands[i].name);

          g_set_prgname (prgname);
          return subcommands[i].run (argc - 1, argv + 1);
        }
    }

  if (argc < 2 || argv[1][0] == '-')
    g_printerr (_("%s: name what to do\n"), g_get_prgname ());
  else
    g_printerr (_("%s: unknown command “%s”\n"), g_get_prgname (), argv[1]);
  print_subcommands (stderr, subcommands, n_subcommands);
  return EXIT_USAGE;
}

/* reseller ------------------------------------------------------------------------------ */

static int
reseller_add (int    argc,
              char **argv)
{
  g_auto(Options) options = { NULL };
  g_autoptr(GOptionContext) context = g_option_context_new (_("NAME"));
  g_autoptr(MlPortalStore) store = NULL;
  g_autoptr(GError) error = NULL;

  g_option_context_set_summary (context, _("Add a reseller: a company that sells "
                                           "pay-per-use contracts to its customers."));
  add_db_option (context, &options);
  if (!parse_options (context, &argc, &argv))
    return EXIT_USAGE;
  if (argc != 2)
    return usage_error (_("Name the reseller, once (quote a name with spaces)"));

  if ((store = open_store (&options, &error)) == NULL ||
      !ml_portal_store_add_reseller (store, argv[1], NULL, &error))
    return failed (error);

  g_print (_("Added reseller “%s”.\n"), argv[1]);
  return 0;
}

static const Subcommand reseller_commands[] = {
  { "add", N_("Add a reseller"), reseller_add },
};

int
ml_reseller_command_run (int    argc,
                         char **argv)
{
  return run_subcommand (reseller_commands, G_N_ELEMENTS (reseller_commands), argc, argv);
}

/* user --------------------------------------------------------------------------------- */

/* One line of standard input, without echo on a terminal. */
static SecretText *
read_password (GError **error)
{
  struct termios saved, quiet;
  gboolean terminal = isatty (STDIN_FILENO) && tcgetattr (STDIN_FILENO, &saved) == 0;
  g_autoptr(SecretText) password = NULL;
  char *line = NULL;
  size_t size = 0;
  ssize_t length;
  int saved_errno;

  if (terminal)
    {
      g_printerr ("%s", _("Password: "));
      quiet = saved;
      quiet.c_lflag &= ~(tcflag_t) ECHO;
      tcsetattr (STDIN_FILENO, TCSAFLUSH, &quiet);
    }

  errno = 0;
  length = getline (&line, &size, stdin);
  saved_errno = errno;

  if (terminal)
    {
      tcsetattr (STDIN_FILENO, TCSAFLUSH, &saved);
      g_printerr ("\n");
    }

  if (length < 0)
    {
      free (line);
      if (saved_errno != 0)
        g_set_error (error, ML_ERROR, ML_ERROR_FAILED,
                     _("Cannot read the password from standard input: %s"),
                     g_strerror (saved_errno));
      else
        g_set_error (error, ML_ERROR, ML_ERROR_EMPTY, _("There is no password on standard input"));
      return NULL;
    }

  while (length > 0 && (line[length - 1] == '\n' || line[length - 1] == '\r'))
    line[--length] = '\0';

  if (length <= MAX_PASSWORD_BYTES)
    password = g_strdup (line);
  gnutls_memset (line, 0, size);
  free (line);

  if (password == NULL)
    {
      g_set_error (error, ML_ERROR, ML_ERROR_TOO_LARGE,
                   _("The password is longer than %d bytes"), MAX_PASSWORD_BYTES);
      return NULL;
    }

  return g_steal_pointer (&password);
}

static int
user_add (int    argc,
          char **argv)
{
  g_auto(Options) options = { NULL };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(MlPortalStore) store = NULL;
  g_autoptr(SecretText) password = NULL;
  g_autoptr(GError) error = NULL;
  MlPortalRole role;
  const GOptionEntry entries[] = {
    { "reseller", 0, 0, G_OPTION_ARG_STRING, &options.reseller,
      N_("The reseller the user works for"), N_("NAME") },
    { "login", 0, 0, G_OPTION_ARG_STRING, &options.login, N_("The user's login"), N_("LOGIN") },
    { "role", 0, 0, G_OPTION_ARG_STRING, &options.role,
      N_("admin (manages customers, sites and their settings) or viewer (reads)"),
      N_("ROLE") },
    { "password-stdin", 0, 0, G_OPTION_ARG_NONE, &options.password_stdin,
      N_("Read the password from the first line of standard input"), NULL },
    { NULL }
  };

  g_option_context_set_summary (context, _("Add a user who signs in to the reseller API."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  add_db_option (context, &options);
  if (!parse_options (context, &argc, &argv))
    return EXIT_USAGE;

  if (argc != 1)
    return usage_error (_("This command takes options only"));
  if (options.reseller == NULL)
    return usage_error (_("Name the user's reseller with --reseller"));
  if (options.login == NULL)
    return usage_error (_("Give the user's login with --login"));
  if (g_strcmp0 (options.role, "admin") == 0)
    role = ML_PORTAL_ROLE_ADMIN;
  else if (g_strcmp0 (options.role, "viewer") == 0)
    role = ML_PORTAL_ROLE_VIEWER;
  else
    return usage_error (_("Give the user's role with --role admin or --role viewer"));
  /* A password on the command line would show in every process list. */
  if (!options.password_stdin)
    return usage_error (_("Give the password on standard input with --password-stdin"));

  if ((password = read_password (&error)) == NULL ||
      !ml_password_check_strength (password, &error) ||
      (store = open_store (&options, &error)) == NULL ||
      !ml_portal_store_add_user (store, options.reseller, options.login, role, password, &error))
    return failed (error);

  g_print (role == ML_PORTAL_ROLE_ADMIN
             ? _("Added user “%s” to reseller “%s” as an administrator.\n")
             : _("Added user “%s” to reseller “%s” as a viewer.\n"),
           options.login, options.reseller);
  return 0;
}

static const Subcommand user_commands[] = {
  { "add", N_("Add a user of a reseller"), user_add },
};

int
ml_user_command_run (int    argc,
                     char **argv)
{
  return run_subcommand (user_commands, G_N_ELEMENTS (user_commands), argc, argv);
}

/* customer ----------------------------------------------------------------------------- */

static int
customer_add (int    argc,
              char **argv)
{
  g_auto(Options) options = { NULL };
  g_autoptr(GOptionContext) context = g_option_context_new (_("CUSTOMER"));
  g_autoptr(MlPortalStore) store = NULL;
  g_autoptr(GError) error = NULL;
  const GOptionEntry entries[] = {
    { "reseller", 0, 0, G_OPTION_ARG_STRING, &options.reseller,
      N_("The reseller the customer buys from"), N_("NAME") },
    { NULL }
  };

  g_option_context_set_summary (context, _("Add a customer of a reseller."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  add_db_option (context, &options);
  if (!parse_options (context, &argc, &argv))
    return EXIT_USAGE;

  if (options.reseller == NULL)
    return usage_error (_("Name the customer's reseller with --reseller"));
  if (argc != 2)
    return usage_error (_("Name the customer, once (quote a name with spaces)"));

  if ((store = open_store (&options, &error)) == NULL ||
      !ml_portal_store_add_customer (store, options.reseller, argv[1], NULL, &error))
    return failed (error);

  g_print (_("Added customer “%s” to reseller “%s”.\n"), argv[1], options.reseller);
  return 0;
}

static const Subcommand customer_commands[] = {
  { "add", N_("Add a customer of a reseller"), customer_add },
};

int
ml_customer_command_run (int    argc,
                         char **argv)
{
  return run_subcommand (customer_commands, G_N_ELEMENTS (customer_commands), argc, argv);
}

/* site --------------------------------------------------------------------------------- */

/* What goes into an enrolment code besides the site: how to reach the portal. */
typedef struct
{
  char *portal_url;
  char *cert_sha256;       /* NULL: no pin */
} Portal;

static void
portal_clear (Portal *portal)
{
  g_clear_pointer (&portal->portal_url, g_free);
  g_clear_pointer (&portal->cert_sha256, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Portal, portal_clear)

/* A fingerprint as openssl or a browser shows it (colons, upper case) in the one
 * spelling an enrolment code takes; NULL when it is not one. */
static char *
normalize_fingerprint (const char *text)
{
  g_autoptr(GString) hex = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == ':' || g_ascii_isspace (*p))
        continue;
      if (!g_ascii_isxdigit (*p))
        return NULL;
      g_string_append_c (hex, g_ascii_tolower (*p));
    }

  if (hex->len != 64)
    return NULL;
  return g_string_free (g_steal_pointer (&hex), FALSE);
}

/* The portal's URL and pin: from the options, else from what `serve` left. Fails
 * with ML_ERROR_INVALID_VALUE for an option that cannot go into a code. */
static gboolean
resolve_portal (MlPortalStore  *store,
                Options        *options,
                Portal         *portal,
                GError        **error)
{
  static const guint8 zero_secret[ML_SITE_SECRET_SIZE] = { 0 };
  g_autoptr(GBytes) trial_secret = g_bytes_new_static (zero_secret, sizeof zero_secret);
  g_autoptr(MlEnrolmentCode) decoded = NULL;
  g_autoptr(SecretText) trial_text = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *folder = NULL;
  g_autofree char *certificate = NULL;
  g_autofree char *recorded = NULL;
  MlEnrolmentCode trial;

  if (options->portal_url != NULL)
    portal->portal_url = g_strdup (options->portal_url);
  else
    {
      portal->portal_url = ml_portal_store_dup_setting (store, "portal_url", &local_error);
      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      if (portal->portal_url == NULL)
        portal->portal_url = g_strdup_printf ("https://%s:%d", g_get_host_name (), DEFAULT_PORT);
    }

  if (strlen (portal->portal_url) > MAX_URL_LENGTH)
    {
      g_set_error (error, ML_ERROR, ML_ERROR_INVALID_VALUE,
                   _("The portal URL is longer than %d characters"), MAX_URL_LENGTH);
      return FALSE;
    }

  if (options->cert_sha256 != NULL && g_ascii_strcasecmp (options->cert_sha256, "none") != 0)
    {
      portal->cert_sha256 = normalize_fingerprint (options->cert_sha256);
      if (portal->cert_sha256 == NULL)
        {
          g_set_error (error, ML_ERROR, ML_ERROR_INVALID_VALUE,
                       _("“%s” is not a SHA-256 fingerprint (64 hexadecimal digits)"),
                       options->cert_sha256);
          return FALSE;
        }
    }
  else if (options->cert_sha256 == NULL)
    {
      /* What `serve` recorded of the certificate it serves ("" for a publicly trusted
       * one), else the self-signed one it makes beside the database, if there is one. */
      recorded = ml_portal_store_dup_setting (store, "portal_cert_sha256", &local_error);
      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      folder = g_path_get_dirname (ml_portal_store_get_path (store));
      certificate = g_build_filename (folder, CERTIFICATE_FILE, NULL);
      if (recorded != NULL)
        portal->cert_sha256 = *recorded != '\0' ? normalize_fingerprint (recorded) : NULL;
      else if (g_file_test (certificate, G_FILE_TEST_EXISTS) &&
               (portal->cert_sha256 = ml_certificate_file_sha256 (certificate, error)) == NULL)
        return FALSE;
    }

  /* The enrolment code's own check of URL and pin, before a site is made for a code
   * that no collector could use. */
  trial.portal_url = portal->portal_url;
  trial.site_id = (char *) "00000000-0000-4000-8000-000000000000";
  trial.secret = trial_secret;
  trial.cert_sha256 = portal->cert_sha256;
  trial_text = ml_enrolment_code_encode (&trial);
  if ((decoded = ml_enrolment_code_decode (trial_text, &local_error)) == NULL)
    {
      /* A bad --portal-url is a usage error; a bad recorded one is not. */
      g_set_error (error, ML_ERROR,
                   options->portal_url != NULL ? ML_ERROR_INVALID_VALUE : ML_ERROR_ENROLMENT,
                   _("The portal URL %s cannot go into an enrolment code: %s"),
                   portal->portal_url, local_error->message);
      return FALSE;
    }

  return TRUE;
}

/* The lines every site command ends with; the code alone on the last one. */
static void
print_enrolment (const char *site_id,
                 GBytes     *secret,
                 Portal     *portal)
{
  g_autoptr(SecretText) text = NULL;
  MlEnrolmentCode code;

  code.portal_url = portal->portal_url;
  code.site_id = (char *) site_id;
  code.secret = secret;
  code.cert_sha256 = portal->cert_sha256;
  text = ml_enrolment_code_encode (&code);

  g_print (_("Site ID:         %s\n"), site_id);
  g_print (_("Portal URL:      %s\n"), portal->portal_url);
  if (portal->cert_sha256 != NULL)
    g_print (_("Certificate pin: %s\n"), portal->cert_sha256);
  else
    g_print ("%s\n",
             _("Certificate pin: none (the portal's certificate must be publicly trusted)"));
  g_print ("%s\n", _("Enrolment code for `meterlink-collector enroll` (it holds the site's "
                     "secret: hand it only to the site's technician):"));
  g_print ("%s\n", text);
}

/* The names of a site's customer and reseller, for what the commands print. */
static JsonObject *
describe (MlPortalStore *store,
          const char    *site_id,
          JsonNode     **out_node)
{
  *out_node = ml_portal_store_describe_site (store, site_id, NULL);
  return *out_node != NULL ? json_node_get_object (*out_node) : NULL;
}

static int
site_add (int    argc,
          char **argv)
{
  g_auto(Options) options = { NULL };
  g_auto(Portal) portal = { NULL };
  g_autoptr(GOptionContext) context = g_option_context_new (_("SITE"));
  g_autoptr(MlPortalStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) secret = NULL;
  g_autoptr(JsonNode) names = NULL;
  g_autofree char *site_id = NULL;
  JsonObject *object;
  const GOptionEntry entries[] = {
    { "customer", 0, 0, G_OPTION_ARG_STRING, &options.customer,
      N_("The customer whose site it is"), N_("CUSTOMER") },
    { "reseller", 0, 0, G_OPTION_ARG_STRING, &options.reseller,
      N_("The customer's reseller, when two resellers have customers of that name"),
      N_("NAME") },
    { NULL }
  };

  g_option_context_set_summary (context, _("Add a site of a customer (a place with a "
                                           "collector) and print its enrolment code."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  add_enrolment_options (context, &options);
  add_db_option (context, &options);
  if (!parse_options (context, &argc, &argv))
    return EXIT_USAGE;

  if (options.customer == NULL)
    return usage_error (_("Name the site's customer with --customer"));
  if (argc != 2)
    return usage_error (_("Name the site, once (quote a name with spaces)"));

  if ((store = open_store (&options, &error)) == NULL)
    return failed (error);
  if (!resolve_portal (store, &options, &portal, &error))
    return g_error_matches (error, ML_ERROR, ML_ERROR_INVALID_VALUE)
             ? usage_error (error->message) : failed (error);

  if (!ml_portal_store_add_site (store, options.reseller, options.customer, argv[1],
                                 &site_id, &secret, &error))
    return failed (error);

  if ((object = describe (store, site_id, &names)) != NULL)
    g_print (_("Added site “%s” of customer “%s” (reseller “%s”).\n"), argv[1],
             json_object_get_string_member (object, "customer"),
             json_object_get_string_member (object, "reseller"));
  else
    g_print (_("Added site “%s” of customer “%s”.\n"), argv[1], options.customer);
  print_enrolment (site_id, secret, &portal);
  return 0;
}

static int
site_rotate_secret (int    argc,
                    char **argv)
{
  g_auto(Options) options = { NULL };
  g_auto(Portal) portal = { NULL };
  g_autoptr(GOptionContext) context = g_option_context_new (_("SITE"));
  g_autoptr(MlPortalStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) secret = NULL;
  g_autoptr(JsonNode) names = NULL;
  g_autofree char *site_id = NULL;
  JsonObject *object;

  g_option_context_set_summary (context, _("Give a site a new secret (by its ID or its name) "
                                           "and print its new enrolment code. The site's "
                                           "collector must be enrolled again with it."));
  add_enrolment_options (context, &options);
  add_db_option (context, &options);
  if (!parse_options (context, &argc, &argv))
    return EXIT_USAGE;

  if (argc != 2)
    return usage_error (_("Name the site by its ID or its name, once"));

  if ((store = open_store (&options, &error)) == NULL)
    return failed (error);
  if (!resolve_portal (store, &options, &portal, &error))
    return g_error_matches (error, ML_ERROR, ML_ERROR_INVALID_VALUE)
             ? usage_error (error->message) : failed (error);

  if (!ml_portal_store_rotate_secret (store, argv[1], &site_id, &secret, &error))
    return failed (error);

  if ((object = describe (store, site_id, &names)) != NULL)
    g_print (_("Gave site “%s” of customer “%s” (reseller “%s”) a new secret; its "
               "collector must be enrolled again with the code below.\n"),
             json_object_get_string_member (object, "site"),
             json_object_get_string_member (object, "customer"),
             json_object_get_string_member (object, "reseller"));
  else
    g_print (_("Gave site %s a new secret; its collector must be enrolled again with the "
               "code below.\n"), site_id);
  print_enrolment (site_id, secret, &portal);
  return 0;
}

static const Subcommand site_commands[] = {
  { "add", N_("Add a site of a customer and print its enrolment code"), site_add },
  { "rotate-secret", N_("Give a site a new secret and print its new enrolment code"),
    site_rotate_secret },
};

int
ml_site_command_run (int    argc,
                     char **argv)
{
  return run_subcommand (site_commands, G_N_ELEMENTS (site_commands), argc, argv);
}
