/* kt-activity-dialog.c: log a call, meeting, email or note against a record
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-activity-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "kt-activity-dialog.h"
#include "kt-activity-timeline.h"
#include "kt-form-state.h"
#include "kt-when.h"

struct _KtActivityDialog
{
  AdwWindow   parent_instance;

  KtStore    *store;
  KtRecord   *base;       /* the activity as loaded, or the new one */
  KtRecord   *activity;   /* base plus the form, rebuilt on each change */
  char       *error_message;
  gboolean    editing;    /* base is a stored activity */

  GtkWidget  *save_button;
  GtkWidget  *about_label;
  GtkWidget  *error_label;
  GtkWidget  *type_row;
  GtkWidget  *subject_row;
  GtkWidget  *date_row;
  GtkWidget  *time_row;
  GtkWidget  *duration_row;
  GtkWidget  *body_view;
};

G_DEFINE_FINAL_TYPE (KtActivityDialog, kt_activity_dialog, ADW_TYPE_WINDOW)

static const char * const types[] = { "call", "meeting", "email", "note", NULL };

static void
show_error (KtActivityDialog *self,
            const char       *field,
            const char       *message)
{
  const char * const fields[] = { "type", "subject", "date", "time", "duration_minutes", NULL };

  for (guint i = 0; fields[i] != NULL; i++)
    gtk_widget_remove_css_class (kt_activity_dialog_get_row (self, fields[i]), "error");
  if (field != NULL && kt_activity_dialog_get_row (self, field) != NULL)
    gtk_widget_add_css_class (kt_activity_dialog_get_row (self, field), "error");

  g_free (self->error_message);
  self->error_message = g_strdup (message);
  gtk_label_set_label (GTK_LABEL (self->error_label), message ? message : "");
  gtk_widget_set_visible (self->error_label, message != NULL);
  gtk_widget_set_sensitive (self->save_button, message == NULL);
}

/* Whether the form writes @widget's value: always for a new activity;
 * for a stored one only when the person changed it, so what the rows
 * cannot show exactly (a time with seconds, say) is never rewritten. */
static gboolean
writes (KtActivityDialog *self,
        GtkWidget        *widget)
{
  return !self->editing || kt_form_state_changed (widget);
}

static gboolean
apply_form (KtActivityDialog  *self,
            const char       **out_field,
            GError           **error)
{
  KtRecord *activity;
  const char *subject = gtk_editable_get_text (GTK_EDITABLE (self->subject_row));
  const char *duration = gtk_editable_get_text (GTK_EDITABLE (self->duration_row));
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->body_view));
  GtkTextIter start, end;
  g_autofree char *body = NULL;
  g_autofree char *when = NULL;
  guint type = adw_combo_row_get_selected (ADW_COMBO_ROW (self->type_row));

  g_clear_object (&self->activity);
  self->activity = activity = kt_record_copy (self->base);

  if (writes (self, self->type_row))
    kt_record_set_string (activity, "type", types[MIN (type, 3)]);
  if (writes (self, self->subject_row))
    kt_record_set_string (activity, "subject", *subject ? subject : NULL);
  if (writes (self, self->body_view))
    {
      gtk_text_buffer_get_bounds (buffer, &start, &end);
      body = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
      kt_record_set_string (activity, "body", *body ? body : NULL);
    }

  if (writes (self, self->date_row) || writes (self, self->time_row))
    {
      if (!kt_when_parse (gtk_editable_get_text (GTK_EDITABLE (self->date_row)),
                          gtk_editable_get_text (GTK_EDITABLE (self->time_row)),
                          12, 0, _("Date"), _("Time"), &when, out_field, error))
        return FALSE;
      kt_record_set_string (activity, "occurred_at", when);
    }

  /* Untouched: the duration stays as loaded. */
  if (!writes (self, self->duration_row))
    {
    }
  else if (*duration == '\0')
    kt_record_unset (activity, "duration_minutes");
  else
    {
      guint64 minutes;

      if (!g_ascii_string_to_unsigned (duration, 10, 0, 100000, &minutes, NULL))
        {
          *out_field = "duration_minutes";
          g_set_error (error, KT_ERROR, KT_ERROR_INVALID,
                       _("Duration: “%s” is not a number of minutes"), duration);
          return FALSE;
        }
      kt_record_set_int (activity, "duration_minutes", (gint64) minutes);
    }

  if (!kt_record_validate (activity, error))
    {
      *out_field = kt_record_error_get_field (*error);
      return FALSE;
    }
  return TRUE;
}

static void
validate (KtActivityDialog *self)
{
  g_autoptr(GError) error = NULL;
  const char *field = NULL;

  if (apply_form (self, &field, &error))
    show_error (self, NULL, NULL);
  else
    show_error (self, field, error->message);
}

static void
on_changed_cb (KtActivityDialog *self)
{
  if (self->base != NULL)
    validate (self);
}

static void
on_save_clicked_cb (KtActivityDialog *self)
{
  g_autoptr(GError) error = NULL;

  if (!kt_activity_dialog_save (self, &error))
    show_error (self, NULL, error->message);
}

static void
kt_activity_dialog_dispose (GObject *object)
{
  KtActivityDialog *self = (KtActivityDialog *) object;

  g_clear_object (&self->activity);
  g_clear_object (&self->base);
  g_clear_object (&self->store);
  g_clear_pointer (&self->error_message, g_free);

  G_OBJECT_CLASS (kt_activity_dialog_parent_class)->dispose (object);
}

static void
kt_activity_dialog_class_init (KtActivityDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kt_activity_dialog_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/kantora/Kantora/activities/kt-activity-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, KtActivityDialog, save_button);
  gtk_widget_class_bind_template_child (widget_class, KtActivityDialog, about_label);
  gtk_widget_class_bind_template_child (widget_class, KtActivityDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, KtActivityDialog, type_row);
  gtk_widget_class_bind_template_child (widget_class, KtActivityDialog, subject_row);
  gtk_widget_class_bind_template_child (widget_class, KtActivityDialog, date_row);
  gtk_widget_class_bind_template_child (widget_class, KtActivityDialog, time_row);
  gtk_widget_class_bind_template_child (widget_class, KtActivityDialog, duration_row);
  gtk_widget_class_bind_template_child (widget_class, KtActivityDialog, body_view);
  gtk_widget_class_bind_template_callback (widget_class, on_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_save_clicked_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
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

/**
 * kt_activity_dialog_new:
 * @store: the store
 * @entity_name: "contact", "company" or "deal"
 * @record_id: the record the activity is about
 *
 * Returns: (transfer full): the dialog, not yet shown
 */
static void
show_about (KtActivityDialog *self,
            const char       *entity_name,
            const char       *record_id)
{
  g_autoptr(KtRecord) about = kt_store_get (self->store, kt_entity_lookup (entity_name), record_id, NULL);

  if (about != NULL)
    {
      g_autofree char *title = kt_record_dup_title (about);
      /* Translators: "About: Ivan Petrov" over the activity form */
      g_autofree char *text = g_strdup_printf (_("About: %s"), title);

      gtk_label_set_label (GTK_LABEL (self->about_label), text);
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

KtActivityDialog *
kt_activity_dialog_new (KtStore    *store,
                        const char *entity_name,
                        const char *record_id)
{
  KtActivityDialog *self;
  g_autofree char *field = NULL;
  g_autofree char *now = NULL;

  g_return_val_if_fail (KT_IS_STORE (store), NULL);
  g_return_val_if_fail (entity_name != NULL && record_id != NULL, NULL);

  self = g_object_new (KT_TYPE_ACTIVITY_DIALOG, NULL);
  self->store = g_object_ref (store);
  self->base = kt_record_new (KT_ENTITY_ACTIVITY);
  field = g_strconcat (entity_name, "_id", NULL);
  kt_record_set_string (self->base, field, record_id);
  show_about (self, entity_name, record_id);

  now = kt_now_iso ();
  fill_when (self, now);
  validate (self);
  gtk_widget_grab_focus (self->subject_row);
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
  GtkWidget *marked[6];

  g_return_val_if_fail (KT_IS_STORE (store), NULL);
  g_return_val_if_fail (KT_IS_RECORD (activity), NULL);

  self = g_object_new (KT_TYPE_ACTIVITY_DIALOG, NULL);
  self->store = g_object_ref (store);
  self->editing = TRUE;
  gtk_window_set_title (GTK_WINDOW (self), _("Edit Activity"));
  gtk_button_set_label (GTK_BUTTON (self->save_button), _("_Save"));

  for (guint i = 0; about[i] != NULL; i++)
    {
      g_autofree char *field = g_strconcat (about[i], "_id", NULL);

      if (kt_record_get_string (activity, field) != NULL)
        {
          show_about (self, about[i], kt_record_get_string (activity, field));
          break;
        }
    }

  /* Filled before self->base is set, so the handlers keep quiet. */
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

  marked[0] = self->type_row;
  marked[1] = self->subject_row;
  marked[2] = self->date_row;
  marked[3] = self->time_row;
  marked[4] = self->duration_row;
  marked[5] = self->body_view;
  for (guint i = 0; i < G_N_ELEMENTS (marked); i++)
    kt_form_state_mark_loaded (marked[i]);

  self->base = kt_record_copy (activity);
  validate (self);
  gtk_widget_grab_focus (self->subject_row);
  return self;
}

GtkWidget *
kt_activity_dialog_get_row (KtActivityDialog *self,
                            const char       *field)
{
  g_return_val_if_fail (KT_IS_ACTIVITY_DIALOG (self), NULL);
  g_return_val_if_fail (field != NULL, NULL);

  if (g_str_equal (field, "type"))
    return self->type_row;
  if (g_str_equal (field, "subject"))
    return self->subject_row;
  if (g_str_equal (field, "date") || g_str_equal (field, "occurred_at"))
    return self->date_row;
  if (g_str_equal (field, "time"))
    return self->time_row;
  if (g_str_equal (field, "duration_minutes"))
    return self->duration_row;
  if (g_str_equal (field, "body"))
    return self->body_view;
  return NULL;
}

const char *
kt_activity_dialog_get_error (KtActivityDialog *self)
{
  g_return_val_if_fail (KT_IS_ACTIVITY_DIALOG (self), NULL);
  return self->error_message;
}

/* Before Save: the record as the store holds it now, so a change that
 * arrived while the form was open (a sync) is kept and only the
 * person's own edits go on top. */
static void
refresh_base (KtActivityDialog *self)
{
  g_autoptr(KtRecord) current = NULL;

  if (self->editing &&
      (current = kt_store_get (self->store, KT_ENTITY_ACTIVITY, kt_record_get_id (self->base), NULL)) != NULL)
    g_set_object (&self->base, current);
}

gboolean
kt_activity_dialog_save (KtActivityDialog  *self,
                         GError           **error)
{
  g_autoptr(GError) local_error = NULL;
  const char *field = NULL;

  g_return_val_if_fail (KT_IS_ACTIVITY_DIALOG (self), FALSE);

  refresh_base (self);
  if (!apply_form (self, &field, &local_error) ||
      !kt_store_save (self->store, self->activity, &local_error))
    {
      show_error (self, field, local_error->message);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  gtk_window_close (GTK_WINDOW (self));
  return TRUE;
}
