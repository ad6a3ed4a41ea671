/* ml-site-page.c: the Site page: enrolment, the portal connection and sync
 *
 * Copyright 2026 The Meterlink authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Not enrolled, the page asks for the enrolment code. The code is decoded as it is
 * typed (ml_enrolment_code_decode(): a typo is caught by its checksum before any
 * traffic); "Enrol" then runs the collector's enrolment (ml_syncer_enroll_async(),
 * the one `meterlink-collector enroll` runs): the portal the code names is asked
 * for the site's configuration, over the pinned certificate and signed with the
 * site's key, which proves both ends; only then is the site's secret kept (keyring,
 * else the collector's secrets file: MlSecretStore, the enrolment's MlSecretKeeper),
 * the enrolment recorded in the store and the portal's settings applied, and the
 * customer's and the site's names shown.
 *
 * Enrolled, it shows the site, whether the portal answers, the last sync and what
 * waits in the outbox, and the last error in the words of MlPortalClient with a
 * hint of what to do. A collection the window ran is sealed into the outbox at once
 * (MlBundleBuilder), so the page shows what waits; "Sync now" runs MlSyncer (the
 * engine of `meterlink-collector sync` and of the daemon) in-process, which sends it.
 * The secrets the page keeps go to the syncer with each run (ml_syncer_set_secrets()).
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ml-bundle-builder.h"
#include "ml-portal-client.h"
#include "ml-secret-store.h"
#include "ml-site-page.h"
#include "ml-syncer.h"
#include "ml-window.h"

/* Seconds an error stays on screen. */
#define ERROR_TOAST_TIMEOUT 10

typedef enum {
  CONNECTION_UNKNOWN,
  CONNECTION_CHECKING,
  CONNECTION_OK,
  CONNECTION_FAILED,
} Connection;

struct _MlSitePage
{
  AdwBin parent_instance;

  /* Template widgets */
  GtkButton *cancel_enrol_button;
  GtkLabel *code_label;
  AdwEntryRow *code_row;
  GtkImage *connection_icon;
  GtkLabel *connection_label;
  AdwActionRow *customer_row;
  AdwStatusPage *empty_page;
  GtkButton *enrol_button;
  GtkSpinner *enrol_spinner;
  AdwActionRow *error_row;
  AdwActionRow *last_sync_row;
  AdwActionRow *outbox_row;
  AdwActionRow *portal_row;
  GtkImage *secret_icon;
  AdwActionRow *secret_row;
  AdwActionRow *site_row;
  GtkStack *stack;
  GtkSpinner *sync_spinner;

  MlWindow *window;              /* weak: the page's ancestor */
  MlCollectorConfig *config;
  MlCollectorStore *store;
  MlSecretStore *secrets;
  MlSyncer *syncer;

  MlEnrolmentCode *code;         /* what the code row holds, decoded; NULL when not a code */

  char *site_id;                 /* the enrolment; NULL when not enrolled */
  char *portal_url;
  char *pin;
  char *site_name;               /* as the portal names them; NULL until it said */
  char *customer_name;

  Connection connection;
  char *last_error;              /* the last error in words, with its hint; NULL: none */
  gint64 last_sync;              /* Unix seconds of the last sync that reached the portal */

  GCancellable *cancellable;     /* what runs: enrolment, check or sync */
  gboolean enrolling;
  gboolean syncing;
};

G_DEFINE_FINAL_TYPE (MlSitePage, ml_site_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_BUSY,
  PROP_ENROLLED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void update_view (MlSitePage *self);
static void check_connection (MlSitePage *self);

static gboolean
is_busy (MlSitePage *self)
{
  return self->cancellable != NULL;
}

/* Disposed, its template children gone: what finishes now has nothing to show. */
static gboolean
is_gone (MlSitePage *self)
{
  return self->stack == NULL;
}

static void
toast (MlSitePage *self,
       const char *text,
       guint       timeout)
{
  g_autofree char *markup = NULL;
  AdwToast *toast;

  if (self->window == NULL)
    return;

  markup = g_markup_escape_text (text, -1);
  toast = adw_toast_new (markup);
  adw_toast_set_timeout (toast, timeout);
  ml_window_add_toast (self->window, toast);
}

/* What a technician can do about an error, beside the error's own words. */
static const char *
error_hint (const GError *error)
{
  if (error->domain != ML_ERROR)
    return NULL;

  switch (error->code)
    {
    case ML_ERROR_UNREACHABLE:
      return _("Check this computer’s network connection, and the proxy on the Collector page.");
    case ML_ERROR_PROXY:
      return _("Check the proxy, its user and its password on the Collector page.");
    case ML_ERROR_CERTIFICATE_CHANGED:
      return _("Someone may stand between this computer and the portal. If the portal really "
               "got a new certificate, enrol again with a new code from the portal.");
    case ML_ERROR_AUTHENTICATION:
      return _("The portal does not accept this site’s key any more: ask the reseller for a new "
               "enrolment code and enrol again.");
    case ML_ERROR_HTTP:
      return _("The portal refused. If it keeps refusing, tell the reseller what it said.");
    case ML_ERROR_NOT_FOUND:
      return _("Enrol again with the code from the portal.");
    default:
      return NULL;
    }
}

static char *
error_text (const GError *error)
{
  const char *hint = error_hint (error);

  if (hint == NULL)
    return g_strdup (error->message);
  return g_strconcat (error->message, "\n", hint, NULL);
}

static void
set_last_error (MlSitePage   *self,
                const GError *error)
{
  g_clear_pointer (&self->last_error, g_free);
  if (error != NULL)
    self->last_error = error_text (error);
}

static void
set_cancellable (MlSitePage   *self,
                 GCancellable *cancellable)
{
  gboolean was_busy = is_busy (self);

  g_set_object (&self->cancellable, cancellable);
  if (was_busy != is_busy (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static void
set_enrolment (MlSitePage *self,
               const char *site_id,
               const char *portal_url,
               const char *pin)
{
  gboolean was_enrolled = self->site_id != NULL;

  g_free (self->site_id);
  self->site_id = g_strdup (site_id);
  g_free (self->portal_url);
  self->portal_url = g_strdup (portal_url);
  g_free (self->pin);
  self->pin = g_strdup (pin);

  if (was_enrolled != (site_id != NULL))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENROLLED]);
}

static void
set_names (MlSitePage *self,
           const char *site,
           const char *customer)
{
  if (site != NULL && *site != '\0')
    {
      g_free (self->site_name);
      self->site_name = g_strdup (site);
    }
  if (customer != NULL && *customer != '\0')
    {
      g_free (self->customer_name);
      self->customer_name = g_strdup (customer);
    }
}

/* "21/11/2026 03:42:10", in the user's time zone and the locale's spelling. */
static char *
format_time (gint64 unix_seconds)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (unix_seconds);
  g_autoptr(GDateTime) local = NULL;

  if (utc == NULL)
    return g_strdup ("?");
  local = g_date_time_to_local (utc);
  return g_date_time_format (local, "%x %X");
}

/* ---- What the page shows ---- */

static void
update_actions (MlSitePage *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  gboolean enrolled = self->site_id != NULL;

  gtk_widget_action_set_enabled (widget, "page.enrol", self->code != NULL && !is_busy (self));
  gtk_widget_action_set_enabled (widget, "page.sync-now", enrolled && !is_busy (self));
  gtk_widget_action_set_enabled (widget, "page.show-enrol", enrolled && !is_busy (self));
  gtk_widget_action_set_enabled (widget, "page.cancel-enrol", enrolled && !self->enrolling);
}

static void
update_outbox (MlSitePage *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  guint64 bytes = 0;
  guint count = 0;

  if (self->store == NULL)
    return;

  if (!ml_collector_store_get_outbox_size (self->store, &count, &bytes, &error))
    text = g_strdup (error->message);
  else if (count == 0)
    text = g_strdup (_("Nothing"));
  else
    {
      g_autofree char *size = g_format_size (bytes);

      /* Translators: "3 bundles (12.4 kB)": bundles of collected data not yet sent */
      text = g_strdup_printf (ngettext ("%u bundle (%s)", "%u bundles (%s)", count), count, size);
    }
  adw_action_row_set_subtitle (self->outbox_row, text);
}

static void
update_last_sync (MlSitePage *self)
{
  g_autofree char *text = NULL;
  gint64 stored = 0;

  if (self->syncer != NULL && ml_syncer_get_last_sync (self->syncer, &stored, NULL))
    self->last_sync = MAX (self->last_sync, stored);

  if (self->last_sync > 0)
    text = format_time (self->last_sync);
  adw_action_row_set_subtitle (self->last_sync_row, text != NULL ? text : _("Never"));
}

static void
update_connection (MlSitePage *self)
{
  const char *icon = "content-loading-symbolic";
  const char *label = "";

  switch (self->connection)
    {
    case CONNECTION_CHECKING:
      icon = "content-loading-symbolic";
      label = _("Checking…");
      break;
    case CONNECTION_OK:
      icon = "emblem-ok-symbolic";
      label = _("Connected");
      break;
    case CONNECTION_FAILED:
      icon = "network-error-symbolic";
      label = _("Not reached");
      break;
    case CONNECTION_UNKNOWN:
    default:
      icon = "network-offline-symbolic";
      label = _("Not checked yet");
      break;
    }
  gtk_image_set_from_icon_name (self->connection_icon, icon);
  gtk_label_set_label (self->connection_label, label);
  if (self->connection == CONNECTION_FAILED)
    gtk_widget_add_css_class (GTK_WIDGET (self->connection_label), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->connection_label), "error");
  if (self->connection == CONNECTION_OK)
    gtk_widget_add_css_class (GTK_WIDGET (self->connection_icon), "success");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->connection_icon), "success");
}

static void
update_secret_place (MlSitePage *self)
{
  MlSecretPlace place = self->secrets != NULL ? ml_secret_store_get_place (self->secrets)
                                              : ML_SECRET_PLACE_UNKNOWN;

  if (is_gone (self))
    return;

  switch (place)
    {
    case ML_SECRET_PLACE_KEYRING:
      adw_action_row_set_subtitle (self->secret_row, _("Kept in your keyring"));
      gtk_image_set_from_icon_name (self->secret_icon, "channel-secure-symbolic");
      gtk_widget_remove_css_class (GTK_WIDGET (self->secret_icon), "warning");
      break;
    case ML_SECRET_PLACE_FILE:
      adw_action_row_set_subtitle (self->secret_row,
                                   _("No keyring is available: kept in the collector’s secrets "
                                     "file, which only you can read"));
      gtk_image_set_from_icon_name (self->secret_icon, "dialog-warning-symbolic");
      gtk_widget_add_css_class (GTK_WIDGET (self->secret_icon), "warning");
      break;
    case ML_SECRET_PLACE_UNKNOWN:
    default:
      adw_action_row_set_subtitle (self->secret_row, _("Not looked up yet"));
      break;
    }
}

static void
update_view (MlSitePage *self)
{
  gboolean enrolled = self->site_id != NULL;

  if (is_gone (self))
    return;

  update_actions (self);

  gtk_widget_set_visible (GTK_WIDGET (self->enrol_spinner), self->enrolling);
  gtk_spinner_set_spinning (self->enrol_spinner, self->enrolling);
  gtk_widget_set_visible (GTK_WIDGET (self->sync_spinner), self->syncing);
  gtk_spinner_set_spinning (self->sync_spinner, self->syncing);
  gtk_widget_set_visible (GTK_WIDGET (self->cancel_enrol_button), enrolled);
  gtk_widget_set_sensitive (GTK_WIDGET (self->code_row), !self->enrolling);

  if (!enrolled)
    return;

  adw_action_row_set_subtitle (self->customer_row,
                               self->customer_name != NULL ? self->customer_name : "…");
  adw_action_row_set_subtitle (self->site_row,
                               self->site_name != NULL ? self->site_name : self->site_id);
  adw_action_row_set_subtitle (self->portal_row, self->portal_url);

  update_connection (self);
  update_last_sync (self);
  update_outbox (self);
  update_secret_place (self);

  gtk_widget_set_visible (GTK_WIDGET (self->error_row), self->last_error != NULL);
  adw_action_row_set_subtitle (self->error_row, self->last_error != NULL ? self->last_error : "");
}

static void
show_view (MlSitePage *self,
           const char *name)
{
  gtk_stack_set_visible_child_name (self->stack, name);
}

/* ---- The code, as typed ---- */

static void
on_code_changed (MlSitePage *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->code_row));
  g_autofree char *stripped = g_strstrip (g_strdup (text));
  g_autoptr(GError) error = NULL;
  GtkWidget *row = GTK_WIDGET (self->code_row);
  GtkWidget *label = GTK_WIDGET (self->code_label);

  g_clear_pointer (&self->code, ml_enrolment_code_free);

  if (*stripped == '\0')
    {
      gtk_widget_remove_css_class (row, "error");
      gtk_widget_set_visible (label, FALSE);
      update_actions (self);
      return;
    }

  self->code = ml_enrolment_code_decode (text, &error);
  if (self->code == NULL)
    {
      gtk_widget_add_css_class (row, "error");
      gtk_widget_remove_css_class (label, "dim-label");
      gtk_widget_add_css_class (label, "error");
      gtk_label_set_label (GTK_LABEL (label), error->message);
    }
  else
    {
      g_autofree char *text_ok = NULL;

      gtk_widget_remove_css_class (row, "error");
      gtk_widget_remove_css_class (label, "error");
      gtk_widget_add_css_class (label, "dim-label");
      /* Translators: what a valid enrolment code names, before the portal is asked */
      text_ok = g_strdup_printf (_("A code for site %s of the portal at %s"),
                                 self->code->site_id, self->code->portal_url);
      gtk_label_set_label (GTK_LABEL (label), text_ok);
    }
  gtk_widget_set_visible (label, TRUE);
  update_actions (self);
}

/* Enter in the code row enrols, when the code is one. */
static void
on_code_activated (MlSitePage *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "page.enrol", NULL);
}

/* ---- The secrets ---- */

typedef enum {
  SITE_SECRET_NONE,          /* not asked for */
  SITE_SECRET_IF_ANY,        /* the enrolled site's, when there is one to be found */
  SITE_SECRET_REQUIRED,
} SiteSecretNeed;

/* @secret and @password are NULL when there are none; @error says why what was
 * needed could not be found. @data is the caller's. */
typedef void (*SecretsReadyFunc) (MlSitePage   *self,
                                  GBytes       *secret,
                                  const char   *password,
                                  const GError *error,
                                  gpointer      data);

typedef struct
{
  MlSitePage *self;          /* a reference */
  SiteSecretNeed need;
  SecretsReadyFunc ready;
  gpointer data;
  GBytes *secret;
} SecretsRequest;

static void
secrets_request_free (SecretsRequest *request)
{
  g_clear_object (&request->self);
  g_clear_pointer (&request->secret, g_bytes_unref);
  g_free (request);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SecretsRequest, secrets_request_free)

static void
on_secrets_password (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(SecretsRequest) request = user_data;
  g_autoptr(GError) error = NULL;
  char *password;

  password = ml_secret_store_load_proxy_password_finish (ML_SECRET_STORE (source), result, &error);
  request->ready (request->self, request->secret, password, error, request->data);
  if (password != NULL)
    {
      memset (password, 0, strlen (password));
      g_free (password);
    }
}

static void
load_proxy_password (SecretsRequest *request)
{
  MlSitePage *self = request->self;
  const char *user = ml_collector_config_get_proxy_user (self->config);

  if (ml_collector_config_get_proxy_mode (self->config) != ML_PROXY_MODE_MANUAL ||
      user == NULL || *user == '\0')
    {
      request->ready (self, request->secret, NULL, NULL, request->data);
      secrets_request_free (request);
      return;
    }

  ml_secret_store_load_proxy_password_async (self->secrets, self->cancellable,
                                             on_secrets_password, request);
}

static void
on_secrets_site_secret (GObject      *source,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  SecretsRequest *request = user_data;
  g_autoptr(GError) error = NULL;

  request->secret = ml_secret_store_load_site_secret_finish (ML_SECRET_STORE (source), result,
                                                             &error);
  /* Wanted only if there is one (the secret before an enrolment): when none is to be
   * found, nothing waits that it sealed, or nothing can be done about it. */
  if (request->secret == NULL &&
      (request->need == SITE_SECRET_REQUIRED ||
       g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)))
    {
      if (g_error_matches (error, ML_ERROR, ML_ERROR_NOT_FOUND))
        {
          g_clear_error (&error);
          g_set_error_literal (&error, ML_ERROR, ML_ERROR_NOT_FOUND,
                               _("This site’s secret is neither in the keyring nor in the "
                                 "collector’s secrets file"));
        }
      request->ready (request->self, NULL, NULL, error, request->data);
      secrets_request_free (request);
      return;
    }
  load_proxy_password (request);
}

/* The site's secret (as @need says) and the manual proxy's password, from the
 * keyring or the secrets file (MlSecretStore); @ready gets them. */
static void
load_secrets (MlSitePage       *self,
              SiteSecretNeed    need,
              SecretsReadyFunc  ready,
              gpointer          data)
{
  SecretsRequest *request = g_new0 (SecretsRequest, 1);

  request->self = g_object_ref (self);
  request->need = need;
  request->ready = ready;
  request->data = data;

  if (need == SITE_SECRET_NONE || self->site_id == NULL)
    load_proxy_password (request);
  else
    ml_secret_store_load_site_secret_async (self->secrets, self->site_id, self->cancellable,
                                            on_secrets_site_secret, request);
}

static const char *
member_string (JsonNode   *node,
               const char *name)
{
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  return json_object_get_string_member_with_default (json_node_get_object (node), name, NULL);
}

/* ---- Enrolment ---- */

static void
enrol_done (MlSitePage   *self,
            const GError *error)
{
  self->enrolling = FALSE;
  set_cancellable (self, NULL);

  if (is_gone (self))
    return;

  if (error != NULL)
    {
      g_autofree char *text = error_text (error);

      gtk_widget_add_css_class (GTK_WIDGET (self->code_row), "error");
      gtk_widget_remove_css_class (GTK_WIDGET (self->code_label), "dim-label");
      gtk_widget_add_css_class (GTK_WIDGET (self->code_label), "error");
      gtk_label_set_label (self->code_label, text);
      gtk_widget_set_visible (GTK_WIDGET (self->code_label), TRUE);
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        toast (self, error->message, ERROR_TOAST_TIMEOUT);
      update_view (self);
      return;
    }

  update_view (self);
}

typedef struct
{
  MlSitePage *self;          /* a reference */
  MlEnrolmentCode *code;
} Enrolment;

static void
enrolment_free (Enrolment *enrolment)
{
  g_clear_object (&enrolment->self);
  g_clear_pointer (&enrolment->code, ml_enrolment_code_free);
  g_free (enrolment);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Enrolment, enrolment_free)

static void
on_enrolled (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(Enrolment) enrolment = user_data;
  g_autoptr(MlSitePage) self = g_object_ref (enrolment->self);
  MlEnrolmentCode *code = enrolment->code;
  g_autoptr(MlEnrolSummary) summary = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  summary = ml_syncer_enroll_finish (ML_SYNCER (source), result, &error);
  if (summary == NULL || is_gone (self))
    {
      enrol_done (self, error);
      return;
    }

  set_enrolment (self, code->site_id, code->portal_url, code->cert_sha256);
  set_names (self, summary->site, summary->customer);
  self->connection = CONNECTION_OK;
  set_last_error (self, NULL);

  /* Enrolled all the same: what the reseller set applies after the next sync. */
  if (summary->config_error != NULL)
    {
      g_autofree char *message = g_strdup_printf (_("The portal’s settings for the site could "
                                                     "not be applied: %s"),
                                                  summary->config_error->message);

      toast (self, message, ERROR_TOAST_TIMEOUT);
    }

  gtk_editable_set_text (GTK_EDITABLE (self->code_row), "");
  enrol_done (self, NULL);
  show_view (self, "site");

  /* Translators: "Enrolled: site “Main Workshop” of “Demo Print Shop”" */
  text = g_strdup_printf (_("Enrolled: site “%s” of “%s”"),
                          self->site_name != NULL ? self->site_name : self->site_id,
                          self->customer_name != NULL ? self->customer_name : "?");
  toast (self, text, 5);
}

/* The enrolment is the collector's (ml_syncer_enroll_async(), as `meterlink-collector
 * enroll` runs it); the page gives it the secrets it keeps, the old site's secret
 * for sealing waiting bundles anew, and itself to keep the new one. */
static void
on_enrol_secrets (MlSitePage   *self,
                  GBytes       *secret,
                  const char   *password,
                  const GError *error,
                  gpointer      data)
{
  Enrolment *enrolment = data;

  if (error != NULL)
    {
      enrolment_free (enrolment);
      enrol_done (self, error);
      return;
    }

  ml_syncer_set_secrets (self->syncer, secret, password != NULL ? password : "");
  ml_syncer_enroll_async (self->syncer, enrolment->code, ML_SECRET_KEEPER (self->secrets),
                          self->cancellable, on_enrolled, enrolment);
}

static void
enrol_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  MlSitePage *self = ML_SITE_PAGE (widget);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  Enrolment *enrolment;

  if (self->code == NULL || is_busy (self) || self->syncer == NULL)
    return;

  self->enrolling = TRUE;
  set_cancellable (self, cancellable);
  update_view (self);

  /* A copy of the code: the row may change while the portal is asked. */
  enrolment = g_new0 (Enrolment, 1);
  enrolment->self = g_object_ref (self);
  enrolment->code = g_new0 (MlEnrolmentCode, 1);
  enrolment->code->portal_url = g_strdup (self->code->portal_url);
  enrolment->code->site_id = g_strdup (self->code->site_id);
  enrolment->code->secret = g_bytes_ref (self->code->secret);
  enrolment->code->cert_sha256 = g_strdup (self->code->cert_sha256);
  load_secrets (self, SITE_SECRET_IF_ANY, on_enrol_secrets, enrolment);
}

static void
show_enrol_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  MlSitePage *self = ML_SITE_PAGE (widget);

  show_view (self, "enrol");
  update_view (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->code_row));
}

static void
cancel_enrol_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  MlSitePage *self = ML_SITE_PAGE (widget);

  gtk_editable_set_text (GTK_EDITABLE (self->code_row), "");
  if (self->site_id != NULL)
    show_view (self, "site");
}

/* ---- Whether the portal answers ---- */

static void
check_done (MlSitePage   *self,
            const GError *error)
{
  set_cancellable (self, NULL);
  if (error != NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      self->connection = CONNECTION_UNKNOWN;
    }
  else
    {
      self->connection = error == NULL ? CONNECTION_OK : CONNECTION_FAILED;
      set_last_error (self, error);
    }
  update_view (self);
}

static void
on_check_fetched (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(MlSitePage) self = user_data;
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(GError) error = NULL;

  answer = ml_portal_client_fetch_config_finish (ML_PORTAL_CLIENT (source), result, &error);
  if (answer != NULL)
    set_names (self, member_string (answer, "site"), member_string (answer, "customer"));
  check_done (self, error);
}

/* Asks the portal for the site's configuration: it answers only a collector that
 * holds the site's key, over the pinned certificate, and says the names. */
static void
on_check_secrets (MlSitePage   *self,
                  GBytes       *secret,
                  const char   *password,
                  const GError *error,
                  gpointer      data)
{
  g_autoptr(MlPortalClient) client = NULL;
  g_autoptr(MlSiteKey) key = NULL;
  g_autoptr(GError) local_error = NULL;

  if (error != NULL)
    {
      check_done (self, error);
      return;
    }

  if (!(key = ml_site_key_new (secret, &local_error)) ||
      !(client = ml_portal_client_new (self->portal_url, self->pin, self->site_id, key,
                                       &local_error)))
    {
      check_done (self, local_error);
      return;
    }
  ml_portal_client_set_proxy (client, ml_collector_config_get_proxy_mode (self->config),
                              ml_collector_config_get_proxy_host (self->config),
                              ml_collector_config_get_proxy_port (self->config),
                              ml_collector_config_get_proxy_user (self->config), password);
  ml_portal_client_fetch_config_async (client, self->cancellable, on_check_fetched,
                                       g_object_ref (self));
}

static void
check_connection (MlSitePage *self)
{
  g_autoptr(GCancellable) cancellable = NULL;

  if (self->site_id == NULL || is_busy (self))
    return;

  cancellable = g_cancellable_new ();
  set_cancellable (self, cancellable);
  self->connection = CONNECTION_CHECKING;
  update_view (self);
  load_secrets (self, SITE_SECRET_REQUIRED, on_check_secrets, NULL);
}

/* ---- Sync ---- */

static char *
summary_text (MlSyncSummary *summary)
{
  if (summary->bundles_sent == 0)
    return g_strdup (_("Sync done: the portal has everything"));

  /* Translators: the first %u counts bundles sent, the second jobs new to the portal */
  return g_strdup_printf (ngettext ("Sync done: %u bundle sent, %u new jobs stored",
                                    "Sync done: %u bundles sent, %u new jobs stored",
                                    summary->bundles_sent),
                          summary->bundles_sent, summary->jobs_stored);
}

static void
on_synced (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(MlSitePage) self = user_data;
  g_autoptr(MlSyncSummary) summary = NULL;
  g_autoptr(GError) error = NULL;

  summary = ml_syncer_sync_finish (ML_SYNCER (source), result, &error);
  self->syncing = FALSE;
  set_cancellable (self, NULL);

  if (summary == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          set_last_error (self, error);
          toast (self, error->message, ERROR_TOAST_TIMEOUT);
        }
      update_view (self);
      return;
    }

  set_names (self, summary->site, summary->customer);
  if (summary->error != NULL)
    {
      self->connection = CONNECTION_FAILED;
      set_last_error (self, summary->error);
      toast (self, summary->error->message, ERROR_TOAST_TIMEOUT);
    }
  else
    {
      g_autofree char *text = summary_text (summary);

      self->connection = CONNECTION_OK;
      self->last_sync = g_get_real_time () / G_USEC_PER_SEC;
      set_last_error (self, NULL);
      toast (self, text, 5);
    }
  update_view (self);
}

static void
sync_failed (MlSitePage   *self,
             const GError *error)
{
  self->syncing = FALSE;
  set_cancellable (self, NULL);
  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      set_last_error (self, error);
      toast (self, error->message, ERROR_TOAST_TIMEOUT);
    }
  update_view (self);
}

/* The syncer gets the secrets from the secret store: from the keyring, they are in
 * no file it could read. */
static void
on_sync_secrets (MlSitePage   *self,
                 GBytes       *secret,
                 const char   *password,
                 const GError *error,
                 gpointer      data)
{
  if (error != NULL)
    {
      sync_failed (self, error);
      return;
    }

  ml_syncer_set_secrets (self->syncer, secret, password != NULL ? password : "");
  ml_syncer_sync_async (self->syncer, ML_SYNC_FLAGS_NOW, self->cancellable, on_synced,
                        g_object_ref (self));
}

static void
sync_now (MlSitePage *self)
{
  g_autoptr(GCancellable) cancellable = NULL;

  if (self->site_id == NULL || is_busy (self) || self->syncer == NULL)
    return;

  cancellable = g_cancellable_new ();
  self->syncing = TRUE;
  set_cancellable (self, cancellable);
  update_view (self);
  load_secrets (self, SITE_SECRET_REQUIRED, on_sync_secrets, NULL);
}

static void
sync_now_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  sync_now (ML_SITE_PAGE (widget));
}

/* ---- Sealing a collection into the outbox ---- */

static void
on_built (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(MlSitePage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!ml_bundle_builder_build_finish (ML_BUNDLE_BUILDER (source), result, NULL, NULL, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    set_last_error (self, error);
  set_cancellable (self, NULL);
  update_view (self);
}

static void
on_build_secret (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(MlSitePage) self = user_data;
  g_autoptr(MlBundleBuilder) builder = NULL;
  g_autoptr(MlSiteKey) key = NULL;
  g_autoptr(GBytes) secret = NULL;
  g_autoptr(GError) error = NULL;

  secret = ml_secret_store_load_site_secret_finish (ML_SECRET_STORE (source), result, &error);
  if (secret == NULL || (key = ml_site_key_new (secret, &error)) == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        set_last_error (self, error);
      set_cancellable (self, NULL);
      update_view (self);
      return;
    }

  builder = ml_bundle_builder_new (self->store, self->site_id, key);
  ml_bundle_builder_set_user_names (builder, ml_collector_config_get_user_names (self->config));
  ml_bundle_builder_build_async (builder, self->cancellable, on_built, g_object_ref (self));
}

/* What a collection found goes into the outbox now, as the next sync would put it:
 * the page then shows what waits, and "Sync now" sends it. */
static void
on_collected (MlSitePage *self)
{
  g_autoptr(GCancellable) cancellable = NULL;

  if (self->site_id == NULL || is_busy (self))
    return;

  cancellable = g_cancellable_new ();
  set_cancellable (self, cancellable);
  update_view (self);
  ml_secret_store_load_site_secret_async (self->secrets, self->site_id, cancellable,
                                          on_build_secret, g_object_ref (self));
}

/* ---- The page ---- */

static void
load_enrolment (MlSitePage *self)
{
  g_autofree char *site_id = NULL;
  g_autofree char *portal_url = NULL;
  g_autofree char *pin = NULL;
  g_autoptr(GError) error = NULL;

  if (!ml_collector_store_get_enrolment (self->store, &site_id, &portal_url, &pin, &error))
    {
      if (!g_error_matches (error, ML_ERROR, ML_ERROR_NOT_FOUND))
        set_last_error (self, error);
      set_enrolment (self, NULL, NULL, NULL);
      show_view (self, "enrol");
      update_view (self);
      return;
    }

  set_enrolment (self, site_id, portal_url, pin);
  show_view (self, "site");
  update_view (self);
}

static void
bind_window (MlSitePage *self)
{
  GtkWidget *window = gtk_widget_get_ancestor (GTK_WIDGET (self), ML_TYPE_WINDOW);

  if (window == NULL || self->window != NULL)
    return;

  g_set_weak_pointer (&self->window, ML_WINDOW (window));
  if (ml_window_get_config (self->window) == NULL || ml_window_get_store (self->window) == NULL)
    {
      adw_status_page_set_title (self->empty_page, _("Collector Unavailable"));
      adw_status_page_set_description (self->empty_page,
                                       _("The collector’s settings or store could not be "
                                         "opened"));
      gtk_widget_set_visible (adw_status_page_get_child (self->empty_page), FALSE);
      show_view (self, "enrol");
      return;
    }

  self->config = g_object_ref (ml_window_get_config (self->window));
  self->store = g_object_ref (ml_window_get_store (self->window));
  self->secrets = ml_secret_store_new (self->config);
  self->syncer = ml_syncer_new (self->config, self->store);
  g_signal_connect_object (self->secrets, "notify::place", G_CALLBACK (update_secret_place), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->window, "collected", G_CALLBACK (on_collected), self,
                           G_CONNECT_SWAPPED);

  load_enrolment (self);
}

static void
ml_site_page_root (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (ml_site_page_parent_class)->root (widget);

  bind_window (ML_SITE_PAGE (widget));
}

static void
ml_site_page_map (GtkWidget *widget)
{
  MlSitePage *self = ML_SITE_PAGE (widget);

  GTK_WIDGET_CLASS (ml_site_page_parent_class)->map (widget);

  /* Shown: the outbox and the connection as they are now. */
  if (self->site_id != NULL)
    {
      update_view (self);
      if (self->connection == CONNECTION_UNKNOWN)
        check_connection (self);
    }
}

static void
ml_site_page_dispose (GObject *object)
{
  MlSitePage *self = ML_SITE_PAGE (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->syncer);
  g_clear_object (&self->secrets);
  g_clear_object (&self->store);
  g_clear_object (&self->config);
  g_clear_weak_pointer (&self->window);

  /* AdwBin 1.2 unparents its child again in its own dispose: let it go first, or
   * it would unparent a child the template already destroyed. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (object), ML_TYPE_SITE_PAGE);

  G_OBJECT_CLASS (ml_site_page_parent_class)->dispose (object);
}

static void
ml_site_page_finalize (GObject *object)
{
  MlSitePage *self = ML_SITE_PAGE (object);

  g_clear_pointer (&self->code, ml_enrolment_code_free);
  g_clear_pointer (&self->site_id, g_free);
  g_clear_pointer (&self->portal_url, g_free);
  g_clear_pointer (&self->pin, g_free);
  g_clear_pointer (&self->site_name, g_free);
  g_clear_pointer (&self->customer_name, g_free);
  g_clear_pointer (&self->last_error, g_free);

  G_OBJECT_CLASS (ml_site_page_parent_class)->finalize (object);
}

static void
ml_site_page_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  MlSitePage *self = ML_SITE_PAGE (object);

  switch (prop_id)
    {
    case PROP_BUSY:
      g_value_set_boolean (value, is_busy (self));
      break;
    case PROP_ENROLLED:
      g_value_set_boolean (value, self->site_id != NULL);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ml_site_page_class_init (MlSitePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ml_site_page_dispose;
  object_class->finalize = ml_site_page_finalize;
  object_class->get_property = ml_site_page_get_property;

  widget_class->root = ml_site_page_root;
  widget_class->map = ml_site_page_map;

  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ENROLLED] =
    g_param_spec_boolean ("enrolled", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/meterlink/Meterlink/ui/ml-site-page.ui");
  gtk_widget_class_bind_template_child (widget_class, MlSitePage, cancel_enrol_button);
  gtk_widget_class_bind_template_child (widget_class, MlSitePage, code_label);
  gtk_widget_class_bind_template_child (widget_class, MlSitePage, code_row);
  gtk_widget_class_bind_template_child (widget_class, MlSitePage, connection_icon);
  gtk_widget_class_bind_template_child (widget_class, MlSitePage, connection_label);
  gtk_widget_class_bind_template_child (widget_class, MlSitePage, customer_row);
  gtk_widget_class_bind_template_child (widget_class, MlSitePage, empty_page);
  gtk_widget_class_bind_template_child (widget_class, MlSitePage, enrol_button);
  gtk_widget_class_bind_template_child (widget_class, MlSitePage, enrol_spinner);
  gtk_widget_class_bind_template_child (widget_class, MlSitePage, error_row);
  gtk_widget_class_bind_template_child (widget_class, MlSitePage, last_sync_row);
  gtk_widget_class_bind_template_child (widget_class, MlSitePage, outbox_row);
  gtk_widget_class_bind_template_child (widget_class, MlSitePage, portal_row);
  gtk_widget_class_bind_template_child (widget_class, MlSitePage, secret_icon);
  gtk_widget_class_bind_template_child (widget_class, MlSitePage, secret_row);
  gtk_widget_class_bind_template_child (widget_class, MlSitePage, site_row);
  gtk_widget_class_bind_template_child (widget_class, MlSitePage, stack);
  gtk_widget_class_bind_template_child (widget_class, MlSitePage, sync_spinner);
  gtk_widget_class_bind_template_callback (widget_class, on_code_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_code_changed);

  gtk_widget_class_install_action (widget_class, "page.cancel-enrol", NULL, cancel_enrol_action);
  gtk_widget_class_install_action (widget_class, "page.enrol", NULL, enrol_action);
  gtk_widget_class_install_action (widget_class, "page.show-enrol", NULL, show_enrol_action);
  gtk_widget_class_install_action (widget_class, "page.sync-now", NULL, sync_now_action);
}

static void
ml_site_page_init (MlSitePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  update_actions (self);
}
