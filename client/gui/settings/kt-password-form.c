/* kt-password-form.c: changing my password (current, new twice)
 *
 * A KtForm so that every problem is shown under the row it concerns, as
 * in the other forms: the new password typed twice differently under
 * the second row, and a wrong current password (the server's 401
 * bad_credentials, docs/api.md) under the current one. The record the
 * form holds is my profile, which apply leaves alone: passwords are never
 * kept anywhere in the client. The server revokes my other sessions and
 * keeps this one, so nothing else changes here.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-password-form"

#include "config.h"

#include <glib/gi18n.h>

#include "kt-account.h"
#include "kt-organization-client.h"
#include "kt-password-form.h"

struct _KtPasswordForm
{
  KtForm        parent_instance;

  KtSyncEngine *engine;
  GCancellable *cancellable;
  GtkWidget    *current;
  GtkWidget    *new_password;
  GtkWidget    *again;
};

G_DEFINE_FINAL_TYPE (KtPasswordForm, kt_password_form, KT_TYPE_FORM)

static const char *
text_of (GtkWidget *row)
{
  return gtk_editable_get_text (GTK_EDITABLE (row));
}

static gboolean
kt_password_form_apply (KtForm    *form,
                        KtRecord  *record,
                        char     **field,
                        GError   **error)
{
  return TRUE;
}

static gboolean
kt_password_form_check (KtForm    *form,
                        KtRecord  *record,
                        char     **field,
                        GError   **error)
{
  KtPasswordForm *self = KT_PASSWORD_FORM (form);

  if (*text_of (self->current) == '\0')
    {
      *field = g_strdup ("current_password");
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _("Enter your current password"));
      return FALSE;
    }
  if (*text_of (self->new_password) == '\0')
    {
      *field = g_strdup ("new_password");
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _("Enter a new password"));
      return FALSE;
    }
  if (g_strcmp0 (text_of (self->new_password), text_of (self->again)) != 0)
    {
      *field = g_strdup ("new_password_again");
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _("The two new passwords differ"));
      return FALSE;
    }
  return TRUE;
}

static void
on_changed_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(KtPasswordForm) self = user_data;
  g_autoptr(GError) error = NULL;
  const char *field;

  if (kt_profile_change_password_finish (KT_SYNC_ENGINE (source), result, &error))
    {
      kt_form_finish_save (KT_FORM (self), kt_form_get_record (KT_FORM (self)));
      return;
    }
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  field = kt_sync_error_get_field (error);
  if (kt_organization_error_is_offline (error))
    kt_form_fail_save (KT_FORM (self), NULL,
                       _("Changing the password needs a connection to the server. "
                         "Nothing is lost: try again when it can be reached."));
  else if (g_strcmp0 (field, "current_password") == 0)
    kt_form_fail_save (KT_FORM (self), field, _("The current password is wrong"));
  else
    kt_form_fail_save (KT_FORM (self), field != NULL ? field : "new_password", error->message);
}

static gboolean
kt_password_form_save (KtForm    *form,
                       KtRecord  *record,
                       GError   **error)
{
  KtPasswordForm *self = KT_PASSWORD_FORM (form);

  kt_profile_change_password_async (self->engine, text_of (self->current),
                                    text_of (self->new_password), self->cancellable,
                                    on_changed_cb, g_object_ref (self));
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_PENDING, "");
  return FALSE;
}

static void
kt_password_form_dispose (GObject *object)
{
  KtPasswordForm *self = KT_PASSWORD_FORM (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (kt_password_form_parent_class)->dispose (object);
}

static void
kt_password_form_finalize (GObject *object)
{
  KtPasswordForm *self = KT_PASSWORD_FORM (object);

  g_clear_object (&self->engine);

  G_OBJECT_CLASS (kt_password_form_parent_class)->finalize (object);
}

static void
kt_password_form_class_init (KtPasswordFormClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  KtFormClass *form_class = KT_FORM_CLASS (klass);

  object_class->dispose = kt_password_form_dispose;
  object_class->finalize = kt_password_form_finalize;

  form_class->apply = kt_password_form_apply;
  form_class->check = kt_password_form_check;
  form_class->save = kt_password_form_save;
}

static void
kt_password_form_init (KtPasswordForm *self)
{
  self->cancellable = g_cancellable_new ();
}

static GtkWidget *
add_row (KtPasswordForm      *self,
         AdwPreferencesGroup *group,
         const char          *key,
         const char          *title)
{
  GtkWidget *row = adw_password_entry_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (row), TRUE);
  gtk_widget_set_name (row, key);
  adw_preferences_group_add (group, row);
  kt_form_add_field (KT_FORM (self), key, row, NULL);
  return row;
}

/**
 * kt_password_form_new:
 * @context: the context
 * @user: my profile, the "user" of GET /v1/me
 *
 * Returns: (transfer full): a new form window
 */
KtPasswordForm *
kt_password_form_new (KtContext  *context,
                      JsonObject *user)
{
  KtPasswordForm *self;
  g_autoptr(KtRecord) record = kt_record_new (KT_ENTITY_USER);
  GtkWidget *group;

  g_return_val_if_fail (KT_IS_CONTEXT (context), NULL);
  g_return_val_if_fail (user != NULL, NULL);

  self = g_object_new (KT_TYPE_PASSWORD_FORM, NULL);
  self->engine = g_object_ref (kt_context_get_sync_engine (context));
  /* Only the keys the model checks: the rows are not the record's. */
  kt_record_set_string (record, "email", json_object_get_string_member_with_default (user, "email", ""));
  kt_record_set_string (record, "full_name",
                        json_object_get_string_member_with_default (user, "full_name", ""));
  kt_form_set_record (KT_FORM (self), kt_context_get_store (context), record, TRUE);
  kt_form_set_titles (KT_FORM (self), _("Change Password"),
                      json_object_get_string_member_with_default (user, "email", NULL));
  kt_form_set_save_label (KT_FORM (self), _("_Change"));

  group = adw_preferences_group_new ();
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group),
                                         _("Your other devices will have to sign in again "
                                           "with the new password."));
  kt_form_add_group (KT_FORM (self), ADW_PREFERENCES_GROUP (group));
  self->current = add_row (self, ADW_PREFERENCES_GROUP (group), "current_password", _("C_urrent password"));
  self->new_password = add_row (self, ADW_PREFERENCES_GROUP (group), "new_password", _("_New password"));
  self->again = add_row (self, ADW_PREFERENCES_GROUP (group), "new_password_again",
                         _("New password _again"));

  kt_form_loaded (KT_FORM (self));
  return self;
}
