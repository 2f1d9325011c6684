/* kt-organization-form.c: the organization's settings, for Owners and
 * Admins
 *
 * The organization is not a record of the store but the server's (the
 * sync caches its JSON for the documents' seller block); the form is a
 * KtRecordForm on a KtRecord of the organization entity all the same, so
 * its rows come from the entity description and every rule of
 * validate_organization() (EIK and IBAN checksums, the time zone, the
 * reminder steps) is checked as the person types, exactly as the server
 * checks it. Save sends the keys that changed in one PATCH; the form
 * stays open until the server answers, and a refusal (422) is shown under
 * the row of the field it names. Offline nothing is lost: the form stays
 * as it was, with a message that saving needs a connection.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-organization-form"

#include "config.h"

#include <glib/gi18n.h>

#include "kt-account.h"
#include "kt-jobs-window.h"
#include "kt-organization-client.h"
#include "kt-organization-form.h"
#include "kt-settings-util.h"
#include "kt-team-client.h"
#include "kt-timezone-picker.h"
#include "kt-toast.h"

static const char * const legal_fields[] = {
  "name", "address", "city", "country", "eik", "vat_number", "mol", NULL
};
static const char * const bank_fields[] = { "iban", "bic", "bank_name", NULL };
static const char * const invoice_fields[] = { "default_currency", "time_zone", NULL };
static const char * const mail_fields[] = {
  "mail_sender_name", "mail_reply_to", "reminder_steps", NULL
};

struct _KtOrganizationForm
{
  KtRecordForm  parent_instance;

  KtContext    *context;
  KtSyncEngine *engine;
  GCancellable *cancellable;
  KtRecord     *saving;         /* the record a PATCH is on its way for */
  char         *logo;           /* the data URI the preview shows, or NULL */
  gboolean      logo_changed;
  guint         n_requests;

  GtkWidget    *logo_row;
  GtkWidget    *logo_picture;
  GtkWidget    *logo_remove;
};

G_DEFINE_FINAL_TYPE (KtOrganizationForm, kt_organization_form, KT_TYPE_RECORD_FORM)

/* The organization entity's record of @organization's fields; the meta
 * keys (id, created_at) are the server's and not the form's business. */
static KtRecord *
record_from_json (JsonObject *organization)
{
  return kt_settings_record_from_json (KT_ENTITY_ORGANIZATION, organization, NULL);
}

/* The logo */

static GdkTexture *
texture_from_data_uri (const char *uri)
{
  const char *comma = uri != NULL ? strchr (uri, ',') : NULL;
  g_autofree guchar *data = NULL;
  g_autoptr(GBytes) bytes = NULL;
  gsize len = 0;

  if (comma == NULL || g_strstr_len (uri, comma - uri, ";base64") == NULL)
    return NULL;
  data = g_base64_decode (comma + 1, &len);
  bytes = g_bytes_new_take (g_steal_pointer (&data), len);
  return gdk_texture_new_from_bytes (bytes, NULL);
}

static void
show_logo (KtOrganizationForm *self)
{
  g_autoptr(GdkTexture) texture = texture_from_data_uri (self->logo);

  gtk_picture_set_paintable (GTK_PICTURE (self->logo_picture), GDK_PAINTABLE (texture));
  gtk_widget_set_visible (self->logo_picture, texture != NULL);
  gtk_widget_set_visible (self->logo_remove, self->logo != NULL);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->logo_row),
                               self->logo == NULL ? _("No logo: invoices show the name only")
                               : texture == NULL ? _("The logo cannot be shown")
                               : _("Shown at the top of invoices and offers"));
}

static void
set_logo (KtOrganizationForm *self,
          char               *logo)
{
  g_free (self->logo);
  self->logo = logo;
  self->logo_changed = TRUE;
  show_logo (self);
  kt_form_validate (KT_FORM (self));
}

static void
on_logo_chosen_cb (GtkNativeDialog    *chooser,
                   int                 response,
                   KtOrganizationForm *self)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  g_object_unref (chooser);
  if (file != NULL && !kt_organization_form_set_logo_file (self, file, &error))
    kt_widget_add_toast (GTK_WIDGET (self), adw_toast_new (error->message));
}

static void
on_logo_choose_clicked_cb (KtOrganizationForm *self)
{
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("PNG or JPEG images"));
  gtk_file_filter_add_mime_type (filter, "image/png");
  gtk_file_filter_add_mime_type (filter, "image/jpeg");
  chooser = gtk_file_chooser_native_new (_("Choose a Logo"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Choose"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  g_signal_connect_object (chooser, "response", G_CALLBACK (on_logo_chosen_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
on_logo_remove_clicked_cb (KtOrganizationForm *self)
{
  set_logo (self, NULL);
}

static void
add_logo_group (KtOrganizationForm *self,
                AdwPreferencesGroup *group)
{
  GtkWidget *choose;

  self->logo_row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->logo_row), _("Logo"));
  gtk_widget_set_name (self->logo_row, "logo");

  self->logo_picture = gtk_picture_new ();
  gtk_picture_set_can_shrink (GTK_PICTURE (self->logo_picture), TRUE);
  gtk_widget_set_size_request (self->logo_picture, 64, 48);
  gtk_widget_set_valign (self->logo_picture, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->logo_picture),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Logo preview"), -1);
  adw_action_row_add_prefix (ADW_ACTION_ROW (self->logo_row), self->logo_picture);

  self->logo_remove = gtk_button_new_from_icon_name ("user-trash-symbolic");
  gtk_widget_set_valign (self->logo_remove, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (self->logo_remove, "flat");
  gtk_widget_set_tooltip_text (self->logo_remove, _("Remove the Logo"));
  g_signal_connect_object (self->logo_remove, "clicked", G_CALLBACK (on_logo_remove_clicked_cb),
                           self, G_CONNECT_SWAPPED);
  adw_action_row_add_suffix (ADW_ACTION_ROW (self->logo_row), self->logo_remove);

  choose = gtk_button_new_with_mnemonic (_("C_hoose…"));
  gtk_widget_set_valign (choose, GTK_ALIGN_CENTER);
  g_signal_connect_object (choose, "clicked", G_CALLBACK (on_logo_choose_clicked_cb), self,
                           G_CONNECT_SWAPPED);
  adw_action_row_add_suffix (ADW_ACTION_ROW (self->logo_row), choose);

  adw_preferences_group_add (group, self->logo_row);
  show_logo (self);
}

/* Saving */

static void
on_updated_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(KtOrganizationForm) self = user_data;
  g_autoptr(JsonObject) organization = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(KtRecord) saved = NULL;

  organization = kt_organization_update_finish (KT_SYNC_ENGINE (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_clear_object (&self->saving);
  if (organization == NULL)
    {
      if (kt_organization_error_is_offline (error))
        kt_form_fail_save (KT_FORM (self), NULL,
                           _("Saving the settings needs a connection to the server. "
                             "Nothing is lost: try again when it can be reached."));
      else
        kt_form_fail_save (KT_FORM (self), kt_sync_error_get_field (error), error->message);
      return;
    }

  saved = record_from_json (organization);
  kt_form_finish_save (KT_FORM (self), saved);
}

static gboolean
kt_organization_form_save (KtForm    *form,
                           KtRecord  *record,
                           GError   **error)
{
  KtOrganizationForm *self = KT_ORGANIZATION_FORM (form);
  g_autoptr(JsonObject) changes = kt_settings_changed_keys (kt_form_get_record (form), record, NULL);

  /* Saved unchanged: nothing to tell the server. */
  if (json_object_get_size (changes) == 0)
    return TRUE;

  g_set_object (&self->saving, record);
  self->n_requests++;
  kt_organization_update_async (self->engine, changes, self->cancellable, on_updated_cb,
                                g_object_ref (self));
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_PENDING, "");
  return FALSE;
}

static gboolean
kt_organization_form_apply (KtForm    *form,
                            KtRecord  *record,
                            char     **field,
                            GError   **error)
{
  KtOrganizationForm *self = KT_ORGANIZATION_FORM (form);

  if (!KT_FORM_CLASS (kt_organization_form_parent_class)->apply (form, record, field, error))
    return FALSE;

  if (self->logo_changed && self->logo != NULL)
    kt_record_set_string (record, "logo", self->logo);
  else if (self->logo_changed)
    kt_record_unset (record, "logo");
  return TRUE;
}

/* The jobs page */

static void
on_jobs_activated_cb (KtOrganizationForm *self)
{
  GtkWidget *jobs = kt_jobs_window_new (self->context);

  gtk_window_set_transient_for (GTK_WINDOW (jobs), GTK_WINDOW (self));
  gtk_window_present (GTK_WINDOW (jobs));
}

/* GObject */

static void
kt_organization_form_dispose (GObject *object)
{
  KtOrganizationForm *self = KT_ORGANIZATION_FORM (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (kt_organization_form_parent_class)->dispose (object);
}

static void
kt_organization_form_finalize (GObject *object)
{
  KtOrganizationForm *self = KT_ORGANIZATION_FORM (object);

  g_clear_object (&self->context);
  g_clear_object (&self->engine);
  g_clear_object (&self->saving);
  g_clear_pointer (&self->logo, g_free);

  G_OBJECT_CLASS (kt_organization_form_parent_class)->finalize (object);
}

static void
kt_organization_form_class_init (KtOrganizationFormClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  KtFormClass *form_class = KT_FORM_CLASS (klass);

  object_class->dispose = kt_organization_form_dispose;
  object_class->finalize = kt_organization_form_finalize;

  form_class->apply = kt_organization_form_apply;
  form_class->save = kt_organization_form_save;
}

static void
kt_organization_form_init (KtOrganizationForm *self)
{
  self->cancellable = g_cancellable_new ();
}

/* Public API */

/**
 * kt_organization_form_new:
 * @context: the context
 * @organization: the organization's JSON
 *
 * Returns: (transfer full): a new form window
 */
KtOrganizationForm *
kt_organization_form_new (KtContext  *context,
                          JsonObject *organization)
{
  KtOrganizationForm *self;
  KtRecordForm *form;
  g_autoptr(KtRecord) record = NULL;
  AdwPreferencesGroup *group;
  GtkWidget *jobs_row;

  g_return_val_if_fail (KT_IS_CONTEXT (context), NULL);
  g_return_val_if_fail (organization != NULL, NULL);

  self = g_object_new (KT_TYPE_ORGANIZATION_FORM, NULL);
  form = KT_RECORD_FORM (self);
  self->context = g_object_ref (context);
  self->engine = g_object_ref (kt_context_get_sync_engine (context));
  record = record_from_json (organization);
  self->logo = g_strdup (kt_record_get_string (record, "logo"));
  kt_record_form_setup (form, context, record, TRUE);
  kt_form_set_titles (KT_FORM (self), _("Organization Settings"), kt_record_get_string (record, "name"));

  group = kt_record_form_add_group (form, _("Legal Details"));
  adw_preferences_group_set_description (group, _("Printed on your invoices and offers as the seller."));
  kt_record_form_add_fields (form, group, legal_fields);
  group = kt_record_form_add_group (form, _("Bank Account"));
  kt_record_form_add_fields (form, group, bank_fields);
  add_logo_group (self, group);

  group = kt_record_form_add_group (form, _("Invoices"));
  kt_record_form_add_fields (form, group, invoice_fields);
  adw_preferences_group_set_description (group, _("Daily jobs such as overdue marking run in the organization’s time zone."));
  kt_timezone_picker_attach (ADW_ENTRY_ROW (kt_form_get_row (KT_FORM (self), "time_zone")));

  group = kt_record_form_add_group (form, _("Email and Reminders"));
  adw_preferences_group_set_description (group,
                                         _("Payment reminders are mailed to clients the given numbers of "
                                           "days after an invoice’s due date, for example “3, 10, 30”. "
                                           "Leave the steps empty to send no reminders."));
  kt_record_form_add_fields (form, group, mail_fields);

  group = kt_record_form_add_group (form, _("Background Jobs"));
  jobs_row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (jobs_row), _("_Jobs"));
  adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (jobs_row), TRUE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (jobs_row), _("Waiting and failed jobs of the server, and their retry"));
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (jobs_row), TRUE);
  adw_action_row_add_suffix (ADW_ACTION_ROW (jobs_row), gtk_image_new_from_icon_name ("go-next-symbolic"));
  g_signal_connect_object (jobs_row, "activated", G_CALLBACK (on_jobs_activated_cb), self, G_CONNECT_SWAPPED);
  adw_preferences_group_add (group, jobs_row);

  kt_form_loaded (KT_FORM (self));
  return self;
}

gboolean
kt_organization_form_set_logo_file (KtOrganizationForm *self,
                                    GFile              *file,
                                    GError            **error)
{
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *base64 = NULL;
  const char *type;
  gsize len = 0;

  g_return_val_if_fail (KT_IS_ORGANIZATION_FORM (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_CONTENT_TYPE "," G_FILE_ATTRIBUTE_STANDARD_SIZE,
                            G_FILE_QUERY_INFO_NONE, NULL, error);
  if (info == NULL)
    return FALSE;
  type = g_file_info_get_content_type (info);
  if (g_strcmp0 (type, "image/png") != 0 && g_strcmp0 (type, "image/jpeg") != 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _("The logo must be a PNG or JPEG image"));
      return FALSE;
    }
  if (g_file_info_get_size (info) > KT_ORGANIZATION_LOGO_MAX_BYTES)
    {
      /* Translators: %u is a number of kilobytes */
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("The logo is too large: choose an image of at most %u KB"),
                   KT_ORGANIZATION_LOGO_MAX_BYTES / 1024);
      return FALSE;
    }

  bytes = g_file_load_bytes (file, NULL, NULL, error);
  if (bytes == NULL)
    return FALSE;
  /* An image GTK cannot read would print as nothing. */
  texture = gdk_texture_new_from_bytes (bytes, NULL);
  if (texture == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _("The file is not an image that can be read"));
      return FALSE;
    }

  base64 = g_base64_encode (g_bytes_get_data (bytes, &len), g_bytes_get_size (bytes));
  set_logo (self, g_strconcat ("data:", type, ";base64,", base64, NULL));
  return TRUE;
}

gboolean
kt_organization_form_get_busy (KtOrganizationForm *self)
{
  g_return_val_if_fail (KT_IS_ORGANIZATION_FORM (self), FALSE);

  return self->saving != NULL;
}

guint
kt_organization_form_get_n_requests (KtOrganizationForm *self)
{
  g_return_val_if_fail (KT_IS_ORGANIZATION_FORM (self), 0);

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
on_saved_cb (KtForm    *form,
             KtRecord  *record,
             gboolean   created,
             GtkWidget *parent)
{
  kt_widget_add_toast (parent, adw_toast_new (_("The organization’s settings are saved")));
}

static void
on_fetched_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(Opening) opening = user_data;
  g_autoptr(JsonObject) organization = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *role = NULL;
  KtOrganizationForm *form;
  GtkRoot *root;

  organization = kt_organization_fetch_finish (KT_SYNC_ENGINE (source), result, &role, &error);
  if (organization == NULL)
    {
      kt_widget_add_toast (opening->parent,
                           adw_toast_new (kt_organization_error_is_offline (error)
                                          ? _("The organization’s settings need a connection to the server")
                                          : error->message));
      return;
    }
  if (!kt_team_role_can_manage (role))
    {
      kt_widget_add_toast (opening->parent,
                           adw_toast_new (_("Only owners and admins can change the organization’s settings")));
      return;
    }

  form = kt_organization_form_new (opening->context, organization);
  g_signal_connect_object (form, "saved", G_CALLBACK (on_saved_cb), opening->parent, 0);
  root = gtk_widget_get_root (opening->parent);
  if (GTK_IS_WINDOW (root))
    gtk_window_set_transient_for (GTK_WINDOW (form), GTK_WINDOW (root));
  gtk_window_present (GTK_WINDOW (form));
}

void
kt_organization_settings_open (GtkWidget *parent,
                               KtContext *context)
{
  Opening *opening;

  g_return_if_fail (GTK_IS_WIDGET (parent));
  g_return_if_fail (KT_IS_CONTEXT (context));

  opening = g_new0 (Opening, 1);
  opening->parent = g_object_ref (parent);
  opening->context = g_object_ref (context);
  kt_organization_fetch_async (kt_context_get_sync_engine (context), NULL, on_fetched_cb, opening);
}
