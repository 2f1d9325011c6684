/* kt-sign-in-dialog.c: sign in, create an account, join a team, or work
 * offline
 *
 * The server address comes prefilled (the store's server, else the
 * "server-url" setting: the dev server of tools/run by default). Whatever
 * goes wrong (a wrong password, an unreachable server, too many attempts,
 * a server that needs a newer Kantora) is said inline, in the server's
 * words where it gave some. The token goes to the keyring through the
 * engine; the password is never kept.
 *
 * Joining a team takes the invitation link (pasted, or from the
 * application's "open" of a kantora:// link), prefills the server from it
 * and either creates the invited account or logs in to an existing one
 * (kt_team_join_async()). A store that is connected, or holds offline
 * data, asks first what becomes of it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-sign-in"

#include "config.h"

#include <glib/gi18n.h>

#include "kt-account-ui.h"
#include "kt-sign-in-dialog.h"
#include "kt-team-join.h"
#include "kt-toast.h"

struct _KtSignInDialog
{
  AdwWindow     parent_instance;

  KtContext    *context;
  GCancellable *cancellable;
  gboolean      busy;

  /* Template children */
  AdwEntryRow  *invitation_row;
  AdwActionRow *have_account_row;
  GtkSwitch    *have_account_switch;
  AdwEntryRow  *server_row;
  AdwEntryRow  *email_row;
  AdwEntryRow  *password_row;
  AdwEntryRow  *full_name_row;
  AdwEntryRow  *organization_row;
  AdwViewStack *mode_stack;
  GtkLabel     *error_label;
  GtkButton    *submit_button;
  GtkSpinner   *spinner;
  GtkWidget    *offline_button;
};

G_DEFINE_FINAL_TYPE (KtSignInDialog, kt_sign_in_dialog, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static gboolean
is_mode (KtSignInDialog *self,
         const char     *mode)
{
  return g_strcmp0 (adw_view_stack_get_visible_child_name (self->mode_stack), mode) == 0;
}

static gboolean
is_register (KtSignInDialog *self)
{
  return is_mode (self, "register");
}

static gboolean
is_join (KtSignInDialog *self)
{
  return is_mode (self, "join");
}

/* Joining with a new account: the server knows the email already. */
static gboolean
is_join_new (KtSignInDialog *self)
{
  return is_join (self) && !gtk_switch_get_active (self->have_account_switch);
}

static void
show_error (KtSignInDialog *self,
            const char     *message,
            GtkWidget      *focus)
{
  gtk_label_set_label (self->error_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
  if (focus != NULL)
    gtk_widget_grab_focus (focus);
}

static void
set_busy (KtSignInDialog *self,
          gboolean        busy)
{
  KtSyncEngine *engine = kt_context_get_sync_engine (self->context);

  self->busy = busy;
  /* An entry that loses sensitivity while focused never hears its focus
   * go: move the focus away first. */
  if (busy)
    gtk_window_set_focus (GTK_WINDOW (self), NULL);
  /* A store bound to a server signs in again to that server only;
   * joining a team may switch servers (it asks first). */
  gtk_widget_set_sensitive (GTK_WIDGET (self->server_row),
                            !busy && (is_join (self) || !kt_sync_engine_is_connected (engine)));
  gtk_widget_set_sensitive (GTK_WIDGET (self->invitation_row), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->have_account_row), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->email_row), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->password_row), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->full_name_row), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->organization_row), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->submit_button), !busy);
  gtk_widget_set_sensitive (self->offline_button, !busy);
  gtk_spinner_set_spinning (self->spinner, busy);
}

static char *
row_text (AdwEntryRow *row)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
}

static void
finish_signed_in (KtSignInDialog *self,
                  const char     *message)
{
  kt_account_set_choice (self->context, "server");
  /* The dialog closes: the toast shows in the window it was opened from. */
  kt_widget_add_toast (GTK_WIDGET (self), adw_toast_new (message));
  gtk_window_close (GTK_WINDOW (self));
}

static void
on_signed_in_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr (KtSignInDialog) self = user_data;
  KtSyncEngine *engine = KT_SYNC_ENGINE (source);
  g_autoptr (GError) error = NULL;
  g_autofree char *message = NULL;
  gboolean ok;

  if (g_task_get_source_tag (G_TASK (result)) == kt_sync_engine_register_async)
    ok = kt_sync_engine_register_finish (engine, result, &error);
  else
    ok = kt_sync_engine_login_finish (engine, result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  set_busy (self, FALSE);
  if (!ok)
    {
      /* The engine's message is the server's reason, or says which
       * server could not be reached. A 401 here is no expired session
       * but a failed sign-in. */
      if (g_error_matches (error, KT_SYNC_ERROR, KT_SYNC_ERROR_UNAUTHORIZED))
        show_error (self, _("The email address or the password is wrong."),
                    GTK_WIDGET (self->password_row));
      else
        show_error (self, error->message, GTK_WIDGET (self->password_row));
      return;
    }

  /* Translators: %s is an email address */
  message = g_strdup_printf (_("Signed in as %s"), kt_sync_engine_get_email (engine));
  finish_signed_in (self, message);
}

static gboolean
check_server (const char  *server,
              GError     **error)
{
  g_autoptr (GUri) uri = NULL;

  if (*server == '\0')
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("Enter the server address, for example http://127.0.0.1:8470"));
      return FALSE;
    }

  uri = g_uri_parse (server, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL || g_uri_get_host (uri) == NULL ||
      (g_strcmp0 (g_uri_get_scheme (uri), "http") != 0 &&
       g_strcmp0 (g_uri_get_scheme (uri), "https") != 0))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("“%s” is not a server address; it starts with http:// or https://"), server);
      return FALSE;
    }

  return TRUE;
}

/* Joining a team */

static void
on_joined_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr (KtSignInDialog) self = user_data;
  KtSyncEngine *engine = KT_SYNC_ENGINE (source);
  g_autoptr (GError) error = NULL;
  g_autofree char *organization = NULL;
  g_autofree char *message = NULL;

  organization = kt_team_join_finish (engine, result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  set_busy (self, FALSE);
  if (organization == NULL)
    {
      /* Only the log in of an existing account answers 401. Everything
       * else (an unknown, used or expired invitation, an address that has
       * an account already, a password too short) is the server's reason,
       * or the engine's about this computer. */
      if (g_error_matches (error, KT_SYNC_ERROR, KT_SYNC_ERROR_UNAUTHORIZED))
        show_error (self, _("The email address or the password is wrong."),
                    GTK_WIDGET (self->password_row));
      else
        show_error (self, error->message, NULL);
      return;
    }

  /* Translators: the first %s is the name of an organization, the second an email address */
  message = g_strdup_printf (_("Joined %s as %s"), organization, kt_sync_engine_get_email (engine));
  finish_signed_in (self, message);
}

static void
start_join (KtSignInDialog  *self,
            KtTeamJoinFlags  flags)
{
  KtSyncEngine *engine = kt_context_get_sync_engine (self->context);
  g_autofree char *server = row_text (self->server_row);
  g_autofree char *email = row_text (self->email_row);
  g_autofree char *full_name = row_text (self->full_name_row);
  g_autofree char *token = NULL;
  const char *password = gtk_editable_get_text (GTK_EDITABLE (self->password_row));
  gboolean have_account = gtk_switch_get_active (self->have_account_switch);
  g_autoptr (GError) error = NULL;

  /* Read again: an opened link may have replaced the pasted one while
   * the question was asked. */
  if (!kt_team_parse_invitation_link (gtk_editable_get_text (GTK_EDITABLE (self->invitation_row)),
                                      NULL, &token, &error))
    {
      show_error (self, error->message, GTK_WIDGET (self->invitation_row));
      return;
    }

  show_error (self, NULL, NULL);
  set_busy (self, TRUE);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  kt_team_join_async (engine, server, token,
                      have_account ? email : NULL, password,
                      have_account ? NULL : full_name, flags,
                      self->cancellable, on_joined_cb, g_object_ref (self));
}

static void
on_join_confirmed_cb (AdwMessageDialog *dialog,
                      const char       *response,
                      KtSignInDialog   *self)
{
  if (g_strcmp0 (response, "leave") == 0)
    start_join (self, KT_TEAM_JOIN_LEAVE_CURRENT);
  else if (g_strcmp0 (response, "add") == 0)
    start_join (self, KT_TEAM_JOIN_DEFAULT);
  else if (g_strcmp0 (response, "remove") == 0)
    start_join (self, KT_TEAM_JOIN_DISCARD_LOCAL);
}

static void
submit_join (KtSignInDialog *self)
{
  g_autofree char *server = row_text (self->server_row);
  g_autofree char *email = row_text (self->email_row);
  g_autofree char *full_name = row_text (self->full_name_row);
  const char *password = gtk_editable_get_text (GTK_EDITABLE (self->password_row));
  g_autoptr (GError) error = NULL;
  GtkWidget *confirm;

  if (!kt_team_parse_invitation_link (gtk_editable_get_text (GTK_EDITABLE (self->invitation_row)),
                                      NULL, NULL, &error))
    {
      show_error (self, error->message, GTK_WIDGET (self->invitation_row));
      return;
    }
  if (!check_server (server, &error))
    {
      show_error (self, error->message, GTK_WIDGET (self->server_row));
      return;
    }
  if (is_join_new (self) && *full_name == '\0')
    {
      show_error (self, _("Enter your name"), GTK_WIDGET (self->full_name_row));
      return;
    }
  if (!is_join_new (self) && strchr (email, '@') == NULL)
    {
      show_error (self, _("Enter your email address"), GTK_WIDGET (self->email_row));
      return;
    }
  if (*password == '\0')
    {
      show_error (self, _("Enter your password"), GTK_WIDGET (self->password_row));
      return;
    }

  /* The question is modal: the form cannot change while it is asked. */
  confirm = kt_account_join_question (GTK_WINDOW (self), self->context);
  if (confirm == NULL)
    {
      start_join (self, KT_TEAM_JOIN_DEFAULT);
      return;
    }

  g_signal_connect_object (confirm, "response", G_CALLBACK (on_join_confirmed_cb), self, 0);
  gtk_window_present (GTK_WINDOW (confirm));
}

static void
submit (KtSignInDialog *self)
{
  KtSyncEngine *engine = kt_context_get_sync_engine (self->context);
  g_autofree char *server = row_text (self->server_row);
  g_autofree char *email = row_text (self->email_row);
  g_autofree char *full_name = row_text (self->full_name_row);
  g_autofree char *organization = row_text (self->organization_row);
  const char *password = gtk_editable_get_text (GTK_EDITABLE (self->password_row));
  g_autoptr (GError) error = NULL;

  if (self->busy)
    return;

  if (is_join (self))
    {
      submit_join (self);
      return;
    }

  if (!check_server (server, &error))
    {
      show_error (self, error->message, GTK_WIDGET (self->server_row));
      return;
    }
  if (strchr (email, '@') == NULL)
    {
      show_error (self, _("Enter your email address"), GTK_WIDGET (self->email_row));
      return;
    }
  if (*password == '\0')
    {
      show_error (self, _("Enter your password"), GTK_WIDGET (self->password_row));
      return;
    }
  if (is_register (self) && *full_name == '\0')
    {
      show_error (self, _("Enter your name"), GTK_WIDGET (self->full_name_row));
      return;
    }
  if (is_register (self) && *organization == '\0')
    {
      show_error (self, _("Enter the name of your organization"), GTK_WIDGET (self->organization_row));
      return;
    }

  show_error (self, NULL, NULL);
  set_busy (self, TRUE);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  if (is_register (self))
    kt_sync_engine_register_async (engine, server, email, password, full_name, organization,
                                   self->cancellable, on_signed_in_cb, g_object_ref (self));
  else
    kt_sync_engine_login_async (engine, server, email, password,
                                self->cancellable, on_signed_in_cb, g_object_ref (self));
}

static void
on_submit_clicked_cb (KtSignInDialog *self)
{
  submit (self);
}

static void
on_entry_activated_cb (KtSignInDialog *self)
{
  submit (self);
}

static void
on_entry_changed_cb (KtSignInDialog *self)
{
  /* An error about what was typed is stale once it changes. */
  if (!self->busy)
    show_error (self, NULL, NULL);
}

static void
update_rows (KtSignInDialog *self)
{
  gboolean join = is_join (self);
  gboolean join_new = is_join_new (self);

  gtk_widget_set_visible (GTK_WIDGET (self->invitation_row), join);
  gtk_widget_set_visible (GTK_WIDGET (self->have_account_row), join);
  gtk_widget_set_visible (GTK_WIDGET (self->full_name_row), is_register (self) || join_new);
  gtk_widget_set_visible (GTK_WIDGET (self->email_row), !join_new);
  gtk_widget_set_visible (GTK_WIDGET (self->organization_row), is_register (self));
}

static void
on_mode_changed_cb (KtSignInDialog *self)
{
  if (is_join (self))
    {
      gtk_button_set_label (self->submit_button, _("_Join Team"));
      gtk_window_set_title (GTK_WINDOW (self), _("Join a Team"));
    }
  else
    {
      gtk_button_set_label (self->submit_button,
                            is_register (self) ? _("_Create Account") : _("_Log In"));
      gtk_window_set_title (GTK_WINDOW (self),
                            is_register (self) ? _("Create Account") : _("Sign In"));
    }
  update_rows (self);
  /* The server row's sensitivity depends on the mode. */
  if (!self->busy && self->context != NULL)
    set_busy (self, FALSE);
  show_error (self, NULL, NULL);
}

static void
on_have_account_changed_cb (KtSignInDialog *self)
{
  update_rows (self);
  show_error (self, NULL, NULL);
}

static void
on_invitation_changed_cb (KtSignInDialog *self)
{
  const char *link = gtk_editable_get_text (GTK_EDITABLE (self->invitation_row));
  g_autofree char *server = NULL;
  g_autoptr (GError) error = NULL;

  if (self->busy)
    return;

  /* A pasted link is read at once: its server fills the address, and a
   * link that is not one says why right away. */
  if (*link == '\0')
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->invitation_row), "error");
      show_error (self, NULL, NULL);
    }
  else if (kt_team_parse_invitation_link (link, &server, NULL, &error))
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->invitation_row), "error");
      gtk_editable_set_text (GTK_EDITABLE (self->server_row), server);
      show_error (self, NULL, NULL);
    }
  else
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->invitation_row), "error");
      show_error (self, error->message, NULL);
    }
}

static void
on_offline_clicked_cb (KtSignInDialog *self)
{
  kt_account_set_choice (self->context, "offline");
  gtk_window_close (GTK_WINDOW (self));
}

static void
kt_sign_in_dialog_constructed (GObject *object)
{
  KtSignInDialog *self = KT_SIGN_IN_DIALOG (object);
  KtSyncEngine *engine;
  const char *server;
  g_autofree char *configured = NULL;

  G_OBJECT_CLASS (kt_sign_in_dialog_parent_class)->constructed (object);

  g_assert (KT_IS_CONTEXT (self->context));
  engine = kt_context_get_sync_engine (self->context);

  server = kt_sync_engine_get_server_url (engine);
  if (server == NULL)
    server = configured = g_settings_get_string (kt_context_get_settings (self->context), "server-url");
  gtk_editable_set_text (GTK_EDITABLE (self->server_row), server);

  if (kt_sync_engine_get_email (engine) != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->email_row), kt_sync_engine_get_email (engine));

  /* Signing in again (an expired sign-in) is a log in to the same server
   * and organization: there is nothing to choose. */
  if (kt_sync_engine_is_connected (engine))
    adw_view_stack_page_set_visible (adw_view_stack_get_page (self->mode_stack,
                                                              adw_view_stack_get_child_by_name (self->mode_stack,
                                                                                                "register")),
                                     FALSE);

  set_busy (self, FALSE);
  on_mode_changed_cb (self);
}

static void
kt_sign_in_dialog_dispose (GObject *object)
{
  KtSignInDialog *self = KT_SIGN_IN_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), KT_TYPE_SIGN_IN_DIALOG);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (kt_sign_in_dialog_parent_class)->dispose (object);
}

static void
kt_sign_in_dialog_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  KtSignInDialog *self = KT_SIGN_IN_DIALOG (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kt_sign_in_dialog_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  KtSignInDialog *self = KT_SIGN_IN_DIALOG (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kt_sign_in_dialog_class_init (KtSignInDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = kt_sign_in_dialog_constructed;
  object_class->dispose = kt_sign_in_dialog_dispose;
  object_class->get_property = kt_sign_in_dialog_get_property;
  object_class->set_property = kt_sign_in_dialog_set_property;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, KT_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/kantora/Kantora/account/kt-sign-in-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, KtSignInDialog, invitation_row);
  gtk_widget_class_bind_template_child (widget_class, KtSignInDialog, have_account_row);
  gtk_widget_class_bind_template_child (widget_class, KtSignInDialog, have_account_switch);
  gtk_widget_class_bind_template_child (widget_class, KtSignInDialog, server_row);
  gtk_widget_class_bind_template_child (widget_class, KtSignInDialog, email_row);
  gtk_widget_class_bind_template_child (widget_class, KtSignInDialog, password_row);
  gtk_widget_class_bind_template_child (widget_class, KtSignInDialog, full_name_row);
  gtk_widget_class_bind_template_child (widget_class, KtSignInDialog, organization_row);
  gtk_widget_class_bind_template_child (widget_class, KtSignInDialog, mode_stack);
  gtk_widget_class_bind_template_child (widget_class, KtSignInDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, KtSignInDialog, submit_button);
  gtk_widget_class_bind_template_child (widget_class, KtSignInDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, KtSignInDialog, offline_button);
  gtk_widget_class_bind_template_callback (widget_class, on_submit_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_entry_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_entry_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_mode_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_have_account_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_invitation_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_offline_clicked_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
kt_sign_in_dialog_init (KtSignInDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * kt_sign_in_dialog_new:
 * @context: the context whose store signs in
 *
 * Returns: (transfer full): a new dialog
 */
KtSignInDialog *
kt_sign_in_dialog_new (KtContext *context)
{
  g_return_val_if_fail (KT_IS_CONTEXT (context), NULL);

  return g_object_new (KT_TYPE_SIGN_IN_DIALOG, "context", context, NULL);
}

void
kt_sign_in_dialog_set_mode (KtSignInDialog *self,
                            const char     *mode)
{
  g_return_if_fail (KT_IS_SIGN_IN_DIALOG (self));
  g_return_if_fail (g_strcmp0 (mode, "login") == 0 || g_strcmp0 (mode, "register") == 0 ||
                    g_strcmp0 (mode, "join") == 0);

  adw_view_stack_set_visible_child_name (self->mode_stack, mode);
}

void
kt_sign_in_dialog_set_invitation_link (KtSignInDialog *self,
                                       const char     *link)
{
  g_return_if_fail (KT_IS_SIGN_IN_DIALOG (self));
  g_return_if_fail (link != NULL);

  /* A request already under way keeps its link. */
  if (self->busy)
    return;

  adw_view_stack_set_visible_child_name (self->mode_stack, "join");
  gtk_editable_set_text (GTK_EDITABLE (self->invitation_row), link);
}

/**
 * kt_sign_in_dialog_present:
 * @parent: the main window
 * @context: its context
 *
 * Presents the sign-in dialog of @parent, making it if none is open: the
 * first start's question and an opened invitation link share one dialog.
 *
 * Returns: (transfer none): the dialog
 */
KtSignInDialog *
kt_sign_in_dialog_present (GtkWindow *parent,
                           KtContext *context)
{
  GtkApplication *app;
  KtSignInDialog *dialog = NULL;

  g_return_val_if_fail (GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (KT_IS_CONTEXT (context), NULL);

  app = gtk_window_get_application (parent);
  for (GList *l = app ? gtk_application_get_windows (app) : NULL; l != NULL; l = l->next)
    if (KT_IS_SIGN_IN_DIALOG (l->data) &&
        gtk_window_get_transient_for (GTK_WINDOW (l->data)) == parent)
      dialog = l->data;

  if (dialog == NULL)
    {
      dialog = kt_sign_in_dialog_new (context);
      gtk_window_set_transient_for (GTK_WINDOW (dialog), parent);
      gtk_window_set_application (GTK_WINDOW (dialog), app);
    }
  gtk_window_present (GTK_WINDOW (dialog));
  return dialog;
}

const char *
kt_sign_in_dialog_get_error (KtSignInDialog *self)
{
  g_return_val_if_fail (KT_IS_SIGN_IN_DIALOG (self), NULL);

  if (!gtk_widget_get_visible (GTK_WIDGET (self->error_label)))
    return NULL;
  return gtk_label_get_label (self->error_label);
}

gboolean
kt_sign_in_dialog_get_busy (KtSignInDialog *self)
{
  g_return_val_if_fail (KT_IS_SIGN_IN_DIALOG (self), FALSE);

  return self->busy;
}
