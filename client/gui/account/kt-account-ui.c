/* kt-account-ui.c: the person's choice of account, logging out, and what
 * joining a team does to this computer's data
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-account"

#include "config.h"

#include <glib/gi18n.h>

#include "kt-account-ui.h"
#include "kt-format.h"
#include "kt-toast.h"

gboolean
kt_account_should_ask (KtContext *context)
{
  g_autofree char *choice = NULL;

  g_return_val_if_fail (KT_IS_CONTEXT (context), FALSE);

  if (kt_sync_engine_is_connected (kt_context_get_sync_engine (context)))
    return FALSE;

  choice = kt_store_get_meta (kt_context_get_store (context), KT_ACCOUNT_META_CHOICE);
  return choice == NULL;
}

void
kt_account_set_choice (KtContext  *context,
                       const char *choice)
{
  g_autoptr (GError) error = NULL;

  g_return_if_fail (KT_IS_CONTEXT (context));

  if (!kt_store_set_meta (kt_context_get_store (context), KT_ACCOUNT_META_CHOICE, choice, &error))
    g_warning ("Could not remember the account choice: %s", error->message);
}

typedef struct {
  GtkWindow *parent;
  KtContext *context;
} LogOut;

static void
log_out_free (LogOut *log_out)
{
  g_clear_object (&log_out->parent);
  g_clear_object (&log_out->context);
  g_free (log_out);
}

static void
toast (GtkWindow  *parent,
       const char *text)
{
  if (parent != NULL)
    kt_widget_add_toast (GTK_WIDGET (parent), adw_toast_new (text));
}

static void
on_logged_out_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  LogOut *log_out = user_data;
  g_autoptr (GError) error = NULL;

  if (!kt_sync_engine_logout_finish (KT_SYNC_ENGINE (source), result, &error))
    {
      g_autofree char *text = g_strdup_printf (_("Could not log out: %s"), error->message);

      toast (log_out->parent, text);
    }
  else
    {
      /* Logging out is a choice to work here alone until signing in again. */
      kt_account_set_choice (log_out->context, "offline");
      toast (log_out->parent, _("Logged out"));
    }

  log_out_free (log_out);
}

static void
on_response_cb (AdwMessageDialog *dialog,
                const char       *response,
                LogOut           *log_out)
{
  if (g_strcmp0 (response, "log-out") != 0)
    {
      log_out_free (log_out);
      return;
    }

  /* The person was told how many changes would be lost: force. */
  kt_sync_engine_logout_async (kt_context_get_sync_engine (log_out->context), TRUE, NULL,
                               on_logged_out_cb, log_out);
}

void
kt_account_confirm_log_out (GtkWindow *parent,
                            KtContext *context)
{
  KtSyncEngine *engine;
  GtkWidget *dialog;
  LogOut *log_out;
  g_autofree char *body = NULL;
  g_autofree char *count = NULL;
  const char *email;
  gint64 pending;

  g_return_if_fail (GTK_IS_WINDOW (parent));
  g_return_if_fail (KT_IS_CONTEXT (context));

  engine = kt_context_get_sync_engine (context);
  email = kt_sync_engine_get_email (engine);
  pending = kt_store_outbox_count (kt_context_get_store (context));
  count = kt_format_number (pending);

  if (pending > 0)
    body = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "%s change has not been synced yet and will be lost. "
                                         "The organization’s data is removed from this computer; "
                                         "it stays on the server.",
                                         "%s changes have not been synced yet and will be lost. "
                                         "The organization’s data is removed from this computer; "
                                         "it stays on the server.",
                                         (gulong) pending),
                            count);
  else
    body = g_strdup (_("The organization’s data is removed from this computer; it stays on the "
                       "server, and signing in again brings it back."));

  dialog = adw_message_dialog_new (parent, _("Log Out?"), body);
  if (email != NULL)
    {
      /* Translators: %s is the email address of the account */
      g_autofree char *heading = g_strdup_printf (_("Log Out of %s?"), email);

      adw_message_dialog_set_heading (ADW_MESSAGE_DIALOG (dialog), heading);
    }
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "log-out", pending > 0 ? _("_Discard and Log Out") : _("_Log Out"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "log-out",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");

  log_out = g_new0 (LogOut, 1);
  log_out->parent = g_object_ref (parent);
  log_out->context = g_object_ref (context);
  g_signal_connect (dialog, "response", G_CALLBACK (on_response_cb), log_out);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Joining a team */

/* A connected store leaves its organization to join: say what that
 * means, and how many of its changes wait to be uploaded first. */
static GtkWidget *
confirm_leave (GtkWindow *parent,
               KtContext *context)
{
  KtSyncEngine *engine = kt_context_get_sync_engine (context);
  gint64 pending = kt_store_outbox_count (kt_context_get_store (context));
  const char *email = kt_sync_engine_get_email (engine);
  const char *server = kt_sync_engine_get_server_url (engine);
  g_autofree char *body = NULL;
  GtkWidget *dialog;

  /* Translators: the first %s is a server address, the second an email address */
  body = g_strdup_printf (_("This computer syncs with %s as %s. To join the team it leaves that "
                            "organization: its data is removed from this computer and stays on the "
                            "server, where logging in brings it back."),
                          server ? server : "", email ? email : "");
  if (pending > 0)
    {
      g_autofree char *count = g_strdup_printf ("%" G_GINT64_FORMAT, pending);
      g_autofree char *more = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                            "%s change that has not been synced yet is uploaded first; if it cannot be, nothing changes.",
                                                            "%s changes that have not been synced yet are uploaded first; if they cannot be, nothing changes.",
                                                            (gulong) pending),
                                               count);
      g_autofree char *both = g_strconcat (body, "\n\n", more, NULL);

      g_free (body);
      body = g_steal_pointer (&both);
    }

  dialog = adw_message_dialog_new (parent, _("Leave Your Organization?"), body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "leave", _("_Leave and Join"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "leave",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  return dialog;
}

/* An offline store brings its records along (as signing in does) or
 * leaves them: the demo data Kantora starts with is no team's business. */
static GtkWidget *
confirm_local_data (GtkWindow *parent)
{
  GtkWidget *dialog;

  dialog = adw_message_dialog_new (parent, _("Bring This Computer’s Data Along?"),
                                   _("This computer holds contacts, companies or deals from "
                                     "working offline. Add them to the team’s data, or remove them "
                                     "from this computer so that only the team’s data is here "
                                     "(the right choice for the demo data)."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "remove", _("_Remove Them"),
                                    "add", _("_Add to Team"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "remove",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "add",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "add");
  return dialog;
}

/**
 * kt_account_join_question:
 * @parent: the sign-in dialog
 * @context: the context that joins
 *
 * Returns: (transfer none) (nullable): the question, not yet presented
 */
GtkWidget *
kt_account_join_question (GtkWindow *parent,
                          KtContext *context)
{
  GtkWidget *dialog;

  g_return_val_if_fail (GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (KT_IS_CONTEXT (context), NULL);

  if (kt_sync_engine_is_connected (kt_context_get_sync_engine (context)))
    dialog = confirm_leave (parent, context);
  else if (!kt_context_store_is_empty (context))
    dialog = confirm_local_data (parent);
  else
    return NULL;

  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  return dialog;
}
