/* kt-activity-dialog.c: log a call, meeting, email or note against a record
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-activity-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "kt-activity-dialog.h"
#include "kt-activity-timeline.h"
#include "kt-when.h"

struct _KtActivityDialog
{
  KtForm               parent_instance;

  AdwPreferencesGroup *main_group;
  GtkWidget           *type_row;
  GtkWidget           *subject_row;
  GtkWidget           *date_row;
  GtkWidget           *time_row;
  GtkWidget           *duration_row;
  GtkWidget           *body_view;
};

G_DEFINE_FINAL_TYPE (KtActivityDialog, kt_activity_dialog, KT_TYPE_FORM)

static const char * const types[] = { "call", "meeting", "email", "note", NULL };

/* Writes the rows into @activity; a stored one gets only the rows the
 * person changed, so what they cannot show exactly (a time with seconds,
 * say) is never rewritten. */
static gboolean
kt_activity_dialog_apply (KtForm    *form,
                          KtRecord  *activity,
                          char     **out_field,
                          GError   **error)
{
  KtActivityDialog *self = KT_ACTIVITY_DIALOG (form);
  const char *which = NULL;
  const char *subject = gtk_editable_get_text (GTK_EDITABLE (self->subject_row));
  const char *duration = gtk_editable_get_text (GTK_EDITABLE (self->duration_row));
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->body_view));
  GtkTextIter start, end;
  g_autofree char *body = NULL;
  g_autofree char *when = NULL;
  guint type = adw_combo_row_get_selected (ADW_COMBO_ROW (self->type_row));

  if (kt_form_writes (form, self->type_row))
    kt_record_set_string (activity, "type", types[MIN (type, 3)]);
  if (kt_form_writes (form, self->subject_row))
    kt_record_set_string (activity, "subject", *subject ? subject : NULL);
  if (kt_form_writes (form, self->body_view))
    {
      gtk_text_buffer_get_bounds (buffer, &start, &end);
      body = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
      kt_record_set_string (activity, "body", *body ? body : NULL);
    }

  if (kt_form_writes (form, self->date_row) || kt_form_writes (form, self->time_row))
    {
      if (!kt_when_parse (gtk_editable_get_text (GTK_EDITABLE (self->date_row)),
                          gtk_editable_get_text (GTK_EDITABLE (self->time_row)),
                          12, 0, _("Date"), _("Time"), &when, &which, error))
        {
          *out_field = g_strdup (which);
          return FALSE;
        }
      kt_record_set_string (activity, "occurred_at", when);
    }

  /* Untouched: the duration stays as loaded. */
  if (!kt_form_writes (form, self->duration_row))
    {
    }
  else if (*duration == '\0')
    kt_record_unset (activity, "duration_minutes");
  else
    {
      guint64 minutes;

      if (!g_ascii_string_to_unsigned (duration, 10, 0, 100000, &minutes, NULL))
        {
          *out_field = g_strdup ("duration_minutes");
          g_set_error (error, KT_ERROR, KT_ERROR_INVALID,
                       _("Duration: “%s” is not a number of minutes"), duration);
          return FALSE;
        }
      kt_record_set_int (activity, "duration_minutes", (gint64) minutes);
    }

  return TRUE;
}

static void
show_about (KtActivityDialog *self,
            const char       *entity_name,
            const char       *record_id)
{
  g_autoptr(KtRecord) about = kt_store_get (kt_form_get_store (KT_FORM (self)), kt_entity_lookup (entity_name), record_id, NULL);

  if (about != NULL)
    {
      g_autofree char *title = kt_record_dup_title (about);
      /* Translators: "About: Ivan Petrov" over the activity form */
      g_autofree char *text = g_strdup_printf (_("About: %s"), title);

      adw_preferences_group_set_description (self->main_group, text);
    }
}

static void
fill_when (KtActivityDialog *self,
           const char       *iso)
{
  g_autofree char *date = NULL;
  g_autofree char *time = NULL;

  if (kt_when_format (iso, &date, &time))
    {
      gtk_editable_set_text (GTK_EDITABLE (self->date_row), date);
      gtk_editable_set_text (GTK_EDITABLE (self->time_row), time);
    }
}

static void
kt_activity_dialog_class_init (KtActivityDialogClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  KtFormClass *form_class = KT_FORM_CLASS (klass);

  form_class->apply = kt_activity_dialog_apply;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/kantora/Kantora/activities/kt-activity-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, KtActivityDialog, main_group);
  gtk_widget_class_bind_template_child (widget_class, KtActivityDialog, type_row);
  gtk_widget_class_bind_template_child (widget_class, KtActivityDialog, subject_row);
  gtk_widget_class_bind_template_child (widget_class, KtActivityDialog, date_row);
  gtk_widget_class_bind_template_child (widget_class, KtActivityDialog, time_row);
  gtk_widget_class_bind_template_child (widget_class, KtActivityDialog, duration_row);
  gtk_widget_class_bind_template_child (widget_class, KtActivityDialog, body_view);
}

static void
kt_activity_dialog_init (KtActivityDialog *self)
{
  g_autoptr(GtkStringList) model = gtk_string_list_new (NULL);

  gtk_widget_init_template (GTK_WIDGET (self));
  for (guint i = 0; types[i] != NULL; i++)
    gtk_string_list_append (model, kt_activity_type_label (types[i]));
  adw_combo_row_set_model (ADW_COMBO_ROW (self->type_row), G_LIST_MODEL (model));
}

/* The rows are filled: register them and start. */
static void
finish (KtActivityDialog *self)
{
  KtForm *form = KT_FORM (self);

  kt_form_add_field (form, "type", self->type_row, NULL);
  kt_form_add_field (form, "subject", self->subject_row, NULL);
  kt_form_add_field (form, "date", self->date_row, NULL);
  kt_form_add_field (form, "time", self->time_row, NULL);
  kt_form_add_field (form, "duration_minutes", self->duration_row, NULL);
  kt_form_add_field (form, "body", self->body_view, NULL);
  kt_form_alias_field (form, "occurred_at", "date");
  kt_form_add_date_button (form, self->date_row);
  kt_form_add_time_button (form, self->time_row);
  kt_form_loaded (form);
}

/**
 * kt_activity_dialog_new:
 * @store: the store
 * @entity_name: "contact", "company" or "deal"
 * @record_id: the record the activity is about
 *
 * Returns: (transfer full): the dialog, not yet shown
 */
KtActivityDialog *
kt_activity_dialog_new (KtStore    *store,
                        const char *entity_name,
                        const char *record_id)
{
  KtActivityDialog *self;
  g_autoptr(KtRecord) activity = NULL;
  g_autofree char *field = NULL;
  g_autofree char *now = NULL;

  g_return_val_if_fail (KT_IS_STORE (store), NULL);
  g_return_val_if_fail (entity_name != NULL && record_id != NULL, NULL);

  self = g_object_new (KT_TYPE_ACTIVITY_DIALOG, NULL);
  activity = kt_record_new (KT_ENTITY_ACTIVITY);
  field = g_strconcat (entity_name, "_id", NULL);
  kt_record_set_string (activity, field, record_id);
  kt_form_set_record (KT_FORM (self), store, activity, FALSE);
  kt_form_set_titles (KT_FORM (self), _("Log Activity"), NULL);
  kt_form_set_save_label (KT_FORM (self), _("_Log"));
  show_about (self, entity_name, record_id);

  now = kt_now_iso ();
  fill_when (self, now);
  finish (self);
  return self;
}

/**
 * kt_activity_dialog_new_for_activity:
 * @store: the store
 * @activity: the stored activity to change
 *
 * Returns: (transfer full): the dialog, not yet shown
 */
KtActivityDialog *
kt_activity_dialog_new_for_activity (KtStore  *store,
                                     KtRecord *activity)
{
  static const char * const about[] = { "contact", "company", "deal", NULL };
  KtActivityDialog *self;
  const char *body;

  g_return_val_if_fail (KT_IS_STORE (store), NULL);
  g_return_val_if_fail (KT_IS_RECORD (activity), NULL);

  self = g_object_new (KT_TYPE_ACTIVITY_DIALOG, NULL);
  kt_form_set_record (KT_FORM (self), store, activity, TRUE);
  kt_form_set_titles (KT_FORM (self), _("Edit Activity"), NULL);

  for (guint i = 0; about[i] != NULL; i++)
    {
      g_autofree char *field = g_strconcat (about[i], "_id", NULL);

      if (kt_record_get_string (activity, field) != NULL)
        {
          show_about (self, about[i], kt_record_get_string (activity, field));
          break;
        }
    }

  for (guint i = 0; types[i] != NULL; i++)
    if (g_strcmp0 (types[i], kt_record_get_string (activity, "type")) == 0)
      adw_combo_row_set_selected (ADW_COMBO_ROW (self->type_row), i);
  if (kt_record_get_string (activity, "subject") != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->subject_row), kt_record_get_string (activity, "subject"));
  fill_when (self, kt_record_get_string (activity, "occurred_at"));
  if (kt_record_has (activity, "duration_minutes"))
    {
      g_autofree char *minutes = g_strdup_printf ("%" G_GINT64_FORMAT,
                                                  kt_record_get_int (activity, "duration_minutes"));

      gtk_editable_set_text (GTK_EDITABLE (self->duration_row), minutes);
    }
  body = kt_record_get_string (activity, "body");
  if (body != NULL)
    gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->body_view)), body, -1);

  finish (self);
  return self;
}
