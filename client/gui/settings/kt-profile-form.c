/* kt-profile-form.c: my profile (name, phone, language, time zone) and
 * the way to my password
 *
 * Like the organization's settings (kt-organization-form.c) the profile
 * is the server's, not a record of the store: a KtRecordForm on a
 * KtRecord of the user entity, so the rows and validate_user() (the time
 * zone from the fixed list) are the model's, exactly as the server
 * checks them. Save sends the keys that changed in one PATCH /v1/me and
 * waits for the answer; a refusal (422) is shown under its row, and
 * offline the form stays as it was with a message that saving needs a
 * connection.
 *
 * The profile's language is the account's: the language the server
 * writes to me in. Kantora's own language is the "language" setting of
 * Preferences, read at start (client/main.c). When I change the profile's
 * language here the setting follows it, so the two agree, and a toast
 * says it applies on the next start; Preferences can still set the app's
 * language alone (docs/ui.md).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-profile-form"

#include "config.h"

#include <glib/gi18n.h>

#include "kt-account.h"
#include "kt-organization-client.h"
#include "kt-password-form.h"
#include "kt-profile-form.h"
#include "kt-settings-util.h"
#include "kt-timezone-picker.h"
#include "kt-toast.h"

/* The keys of PATCH /v1/me the form edits (the email is shown only). */
static const char * const edited_fields[] = { "full_name", "phone", "language", "timezone", NULL };
static const char * const person_fields[] = { "full_name", "email", "phone", NULL };
static const char * const region_fields[] = { "language", "timezone", NULL };
static const char * const loaded_fields[] = { "full_name", "email", "phone", "language", "timezone", NULL };

struct _KtProfileForm
{
  KtRecordForm  parent_instance;

  KtContext    *context;
  KtSyncEngine *engine;
  GCancellable *cancellable;
  JsonObject   *user;
  guint         n_requests;
};

G_DEFINE_FINAL_TYPE (KtProfileForm, kt_profile_form, KT_TYPE_RECORD_FORM)

static KtRecord *
record_from_json (JsonObject *user)
{
  return kt_settings_record_from_json (KT_ENTITY_USER, user, loaded_fields);
}

/* The app's language and time zone settings follow the profile's (see
 * above); the time zone applies at once (KtContext follows it). */
static void
follow_setting (const char *key,
                const char *value)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autoptr(GSettings) settings = NULL;

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, KT_SETTINGS_SCHEMA_ID, TRUE);
  if (schema == NULL || value == NULL || !g_settings_schema_has_key (schema, key))
    return;
  settings = g_settings_new (KT_SETTINGS_SCHEMA_ID);
  g_settings_set_string (settings, key, value);
}

static void
on_updated_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(KtProfileForm) self = user_data;
  g_autoptr(JsonObject) user = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(KtRecord) saved = NULL;

  user = kt_profile_update_finish (KT_SYNC_ENGINE (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (user == NULL)
    {
      if (kt_organization_error_is_offline (error))
        kt_form_fail_save (KT_FORM (self), NULL,
                           _("Saving the profile needs a connection to the server. "
                             "Nothing is lost: try again when it can be reached."));
      else
        kt_form_fail_save (KT_FORM (self), kt_sync_error_get_field (error), error->message);
      return;
    }

  if (g_strcmp0 (json_object_get_string_member_with_default (user, "language", NULL),
                 json_object_get_string_member_with_default (self->user, "language", NULL)) != 0)
    {
      follow_setting ("language", json_object_get_string_member_with_default (user, "language", NULL));
      /* The form closes: the toast goes to the window it came from. */
      if (gtk_window_get_transient_for (GTK_WINDOW (self)) != NULL)
        kt_widget_add_toast (GTK_WIDGET (gtk_window_get_transient_for (GTK_WINDOW (self))),
                             adw_toast_new (_("The new language applies the next time Kantora starts")));
    }
  follow_setting ("time-zone", json_object_get_string_member_with_default (user, "timezone", NULL));
  saved = record_from_json (user);
  kt_form_finish_save (KT_FORM (self), saved);
}

static gboolean
kt_profile_form_save (KtForm    *form,
                      KtRecord  *record,
                      GError   **error)
{
  KtProfileForm *self = KT_PROFILE_FORM (form);
  g_autoptr(JsonObject) changes = kt_settings_changed_keys (kt_form_get_record (form), record, edited_fields);

  /* Saved unchanged: nothing to tell the server. */
  if (json_object_get_size (changes) == 0)
    return TRUE;

  self->n_requests++;
  kt_profile_update_async (self->engine, changes, self->cancellable, on_updated_cb, g_object_ref (self));
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_PENDING, "");
  return FALSE;
}

static void
on_password_saved_cb (KtProfileForm *self)
{
  kt_widget_add_toast (GTK_WIDGET (self), adw_toast_new (_("Your password is changed")));
}

static void
on_password_activated_cb (KtProfileForm *self)
{
  KtPasswordForm *password = kt_password_form_new (self->context, self->user);

  gtk_window_set_transient_for (GTK_WINDOW (password), GTK_WINDOW (self));
  gtk_window_set_modal (GTK_WINDOW (password), TRUE);
  g_signal_connect_object (password, "saved", G_CALLBACK (on_password_saved_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (password));
}

static void
kt_profile_form_dispose (GObject *object)
{
  KtProfileForm *self = KT_PROFILE_FORM (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (kt_profile_form_parent_class)->dispose (object);
}

static void
kt_profile_form_finalize (GObject *object)
{
  KtProfileForm *self = KT_PROFILE_FORM (object);

  g_clear_object (&self->context);
  g_clear_object (&self->engine);
  g_clear_pointer (&self->user, json_object_unref);

  G_OBJECT_CLASS (kt_profile_form_parent_class)->finalize (object);
}

static void
kt_profile_form_class_init (KtProfileFormClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  KtFormClass *form_class = KT_FORM_CLASS (klass);

  object_class->dispose = kt_profile_form_dispose;
  object_class->finalize = kt_profile_form_finalize;

  form_class->save = kt_profile_form_save;
}

static void
kt_profile_form_init (KtProfileForm *self)
{
  self->cancellable = g_cancellable_new ();
}

/**
 * kt_profile_form_new:
 * @context: the context
 * @user: my profile, the "user" of GET /v1/me
 *
 * Returns: (transfer full): a new form window
 */
KtProfileForm *
kt_profile_form_new (KtContext  *context,
                     JsonObject *user)
{
  KtProfileForm *self;
  KtRecordForm *form;
  g_autoptr(KtRecord) record = NULL;
  AdwPreferencesGroup *group;
  GtkWidget *email;
  GtkWidget *password_row;

  g_return_val_if_fail (KT_IS_CONTEXT (context), NULL);
  g_return_val_if_fail (user != NULL, NULL);

  self = g_object_new (KT_TYPE_PROFILE_FORM, NULL);
  form = KT_RECORD_FORM (self);
  self->context = g_object_ref (context);
  self->engine = g_object_ref (kt_context_get_sync_engine (context));
  self->user = json_object_ref (user);
  /* A zone changed from another device reaches this one here. */
  follow_setting ("time-zone", json_object_get_string_member_with_default (user, "timezone", NULL));
  record = record_from_json (user);
  kt_record_form_setup (form, context, record, TRUE);
  kt_form_set_titles (KT_FORM (self), _("Profile"), kt_record_get_string (record, "email"));

  group = kt_record_form_add_group (form, _("Personal Details"));
  kt_record_form_add_fields (form, group, person_fields);
  /* The email is the login name: the server has no route to change it. */
  email = kt_form_get_row (KT_FORM (self), "email");
  gtk_editable_set_editable (GTK_EDITABLE (email), FALSE);
  gtk_widget_set_tooltip_text (email, _("The email is your sign-in name and cannot be changed here"));

  group = kt_record_form_add_group (form, _("Language and Region"));
  adw_preferences_group_set_description (group,
                                         _("The language the server writes to you in, and your "
                                           "time zone; Kantora follows the language from its "
                                           "next start."));
  kt_record_form_add_fields (form, group, region_fields);
  kt_timezone_picker_attach (ADW_ENTRY_ROW (kt_form_get_row (KT_FORM (self), "timezone")));

  group = kt_record_form_add_group (form, _("Security"));
  password_row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (password_row), _("Change _Password…"));
  adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (password_row), TRUE);
  gtk_widget_set_name (password_row, "change-password");
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (password_row), TRUE);
  adw_action_row_add_suffix (ADW_ACTION_ROW (password_row), gtk_image_new_from_icon_name ("go-next-symbolic"));
  g_signal_connect_object (password_row, "activated", G_CALLBACK (on_password_activated_cb), self,
                           G_CONNECT_SWAPPED);
  adw_preferences_group_add (group, password_row);

  kt_form_loaded (KT_FORM (self));
  return self;
}

guint
kt_profile_form_get_n_requests (KtProfileForm *self)
{
  g_return_val_if_fail (KT_IS_PROFILE_FORM (self), 0);

  return self->n_requests;
}

/* Opening */

typedef struct {
  GtkWidget *parent;
  KtContext *context;
} Opening;

static void
opening_free (Opening *opening)
{
  g_object_unref (opening->parent);
  g_object_unref (opening->context);
  g_free (opening);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Opening, opening_free)

static void
on_fetched_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(Opening) opening = user_data;
  g_autoptr(JsonObject) user = NULL;
  g_autoptr(GError) error = NULL;
  KtProfileForm *form;
  GtkRoot *root;

  user = kt_profile_fetch_finish (KT_SYNC_ENGINE (source), result, &error);
  if (user == NULL)
    {
      kt_widget_add_toast (opening->parent,
                           adw_toast_new (kt_organization_error_is_offline (error)
                                          ? _("Your profile needs a connection to the server")
                                          : error->message));
      return;
    }

  form = kt_profile_form_new (opening->context, user);
  root = gtk_widget_get_root (opening->parent);
  if (GTK_IS_WINDOW (root))
    gtk_window_set_transient_for (GTK_WINDOW (form), GTK_WINDOW (root));
  gtk_window_present (GTK_WINDOW (form));
}

void
kt_profile_open (GtkWidget *parent,
                 KtContext *context)
{
  Opening *opening;

  g_return_if_fail (GTK_IS_WIDGET (parent));
  g_return_if_fail (KT_IS_CONTEXT (context));

  opening = g_new0 (Opening, 1);
  opening->parent = g_object_ref (parent);
  opening->context = g_object_ref (context);
  kt_profile_fetch_async (kt_context_get_sync_engine (context), NULL, on_fetched_cb, opening);
}
