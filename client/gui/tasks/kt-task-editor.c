/* kt-task-editor.c: the form that creates or edits a task
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-task-editor"

#include "config.h"

#include <glib/gi18n.h>

#include "kt-date.h"
#include "kt-form-state.h"
#include "kt-format.h"
#include "kt-owners.h"
#include "kt-record-picker.h"
#include "kt-task-editor.h"
#include "kt-task-row.h"
#include "kt-when.h"

struct _KtTaskEditor
{
  AdwWindow       parent_instance;

  KtStore        *store;
  KtRecord       *base;        /* the task as loaded, or the new one */
  KtRecord       *task;        /* base plus the form, rebuilt on each change */
  gboolean        editing;     /* base is a stored task */
  gboolean        loading;
  GPtrArray      *assignees;   /* of char* user ids; [0] NULL = nobody */
  char           *error_field;
  char           *error_message;

  AdwWindowTitle *window_title;
  GtkWidget      *save_button;
  GtkWidget      *error_label;
  GtkWidget      *title_row;
  GtkWidget      *priority_row;
  GtkWidget      *type_row;
  GtkWidget      *date_row;
  GtkWidget      *time_row;
  GtkWidget      *links_group;
  GtkWidget      *assignee_row;
  GtkWidget      *description_view;
  GtkWidget      *contact_picker;
  GtkWidget      *company_picker;
  GtkWidget      *deal_picker;
};

G_DEFINE_FINAL_TYPE (KtTaskEditor, kt_task_editor, ADW_TYPE_WINDOW)

enum {
  SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char * const priorities[] = { "low", "medium", "high", "urgent", NULL };
static const char * const types[] = { "todo", "call", "email", "meeting", "follow_up", "deadline", NULL };

static guint
index_of (const char * const *values,
          const char         *value,
          guint               fallback)
{
  for (guint i = 0; values[i] != NULL; i++)
    if (g_strcmp0 (values[i], value) == 0)
      return i;
  return fallback;
}

static void
set_error (KtTaskEditor *self,
           const char   *field,
           const char   *message)
{
  GtkWidget *rows[] = {
    self->title_row, self->priority_row, self->type_row, self->date_row,
    self->time_row, self->assignee_row, self->contact_picker, self->company_picker,
    self->deal_picker,
  };
  GtkWidget *bad;

  g_free (self->error_field);
  self->error_field = g_strdup (field);
  g_free (self->error_message);
  self->error_message = g_strdup (message);

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    gtk_widget_remove_css_class (rows[i], "error");
  bad = field ? kt_task_editor_get_row (self, field) : NULL;
  if (bad != NULL)
    gtk_widget_add_css_class (bad, "error");

  gtk_label_set_label (GTK_LABEL (self->error_label), message ? message : "");
  gtk_widget_set_visible (self->error_label, message != NULL);
  gtk_widget_set_sensitive (self->save_button, message == NULL);
}

/* Whether the form writes @widget's value: always for a new task; for a
 * stored one only when the person changed it, so what the rows cannot
 * show exactly (a choice they do not offer, a time with seconds, an
 * assignee this computer does not know) is never rewritten. */
static gboolean
writes (KtTaskEditor *self,
        GtkWidget    *widget)
{
  return !self->editing || kt_form_state_changed (widget);
}

static void
write_picker (KtTaskEditor *self,
              KtRecord     *task,
              const char   *field,
              GtkWidget    *picker)
{
  if (writes (self, picker))
    kt_record_set_string (task, field, kt_record_picker_get_record_id (KT_RECORD_PICKER (picker)));
}

/* Rebuilds self->task from the loaded task and the form; FALSE with the
 * field and message of the first problem. */
static gboolean
apply_form (KtTaskEditor  *self,
            char         **out_field,
            GError       **error)
{
  KtRecord *task;
  const char *title = gtk_editable_get_text (GTK_EDITABLE (self->title_row));
  const char *date = gtk_editable_get_text (GTK_EDITABLE (self->date_row));
  const char *time = gtk_editable_get_text (GTK_EDITABLE (self->time_row));
  guint assignee = adw_combo_row_get_selected (ADW_COMBO_ROW (self->assignee_row));
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->description_view));
  GtkTextIter start, end;
  g_autofree char *description = NULL;
  g_autofree char *title_copy = g_strstrip (g_strdup (title));

  g_clear_object (&self->task);
  self->task = task = kt_record_copy (self->base);

  if (writes (self, self->title_row))
    kt_record_set_string (task, "title", *title_copy ? title_copy : NULL);
  if (writes (self, self->priority_row))
    kt_record_set_string (task, "priority",
                          priorities[MIN (adw_combo_row_get_selected (ADW_COMBO_ROW (self->priority_row)), 3)]);
  if (writes (self, self->type_row))
    kt_record_set_string (task, "type",
                          types[MIN (adw_combo_row_get_selected (ADW_COMBO_ROW (self->type_row)), 5)]);

  if (writes (self, self->description_view))
    {
      gtk_text_buffer_get_bounds (buffer, &start, &end);
      description = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
      kt_record_set_string (task, "description", *description ? description : NULL);
    }

  if (writes (self, self->assignee_row))
    kt_record_set_string (task, "assignee_id",
                          assignee < self->assignees->len ? self->assignees->pdata[assignee] : NULL);
  write_picker (self, task, "contact_id", self->contact_picker);
  write_picker (self, task, "company_id", self->company_picker);
  write_picker (self, task, "deal_id", self->deal_picker);

  /* Neither row touched: the due date and time stay as loaded. */
  if (!writes (self, self->date_row) && !writes (self, self->time_row))
    {
    }
  else if (*date == '\0' && *time != '\0')
    {
      *out_field = g_strdup ("due_date");
      g_set_error (error, KT_ERROR, KT_ERROR_INVALID, _("Due date: choose a date for the time"));
      return FALSE;
    }
  else if (*date == '\0')
    kt_record_set_string (task, "due_at", NULL);
  else
    {
      g_autofree char *iso = NULL;
      const char *which = NULL;

      /* Without a time the task is due at the end of its day. */
      /* Translators: the field names in errors about a task's due date and time */
      if (!kt_when_parse (date, time, 23, 59, C_("task", "Due date"), _("Due time"),
                          &iso, &which, error))
        {
          *out_field = g_strdup (g_str_equal (which, "date") ? "due_date" : "due_time");
          return FALSE;
        }
      kt_record_set_string (task, "due_at", iso);
    }

  if (!kt_record_validate (task, error))
    {
      const char *field = kt_record_error_get_field (*error);

      *out_field = g_strdup (g_strcmp0 (field, "due_at") == 0 ? "due_date" : field);
      return FALSE;
    }
  return TRUE;
}

static void
validate (KtTaskEditor *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *field = NULL;

  if (apply_form (self, &field, &error))
    set_error (self, NULL, NULL);
  else
    set_error (self, field, error->message);
}

static void
on_changed_cb (KtTaskEditor *self)
{
  /* Builder signals arrive while the template is still being set up, and
   * filling the form is not an edit. */
  if (self->base != NULL && self->contact_picker != NULL && !self->loading)
    validate (self);
}

static void
on_save_clicked_cb (KtTaskEditor *self)
{
  g_autoptr(GError) error = NULL;

  if (!kt_task_editor_save (self, &error))
    set_error (self, self->error_field, error->message);
}

static void
fill_form (KtTaskEditor *self)
{
  KtRecord *task = self->base;
  const char *due = kt_record_get_string (task, "due_at");
  const char *description = kt_record_get_string (task, "description");
  const char *assignee = kt_record_get_string (task, "assignee_id");
  GtkWidget *marked[] = {
    self->title_row, self->priority_row, self->type_row, self->date_row, self->time_row,
    self->description_view, self->assignee_row, self->contact_picker, self->company_picker,
    self->deal_picker,
  };
  g_autofree char *date = NULL;
  g_autofree char *time = NULL;
  gboolean known;

  self->loading = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->title_row),
                         kt_record_has (task, "title") ? kt_record_get_string (task, "title") : "");
  adw_combo_row_set_selected (ADW_COMBO_ROW (self->priority_row),
                              index_of (priorities, kt_record_get_string (task, "priority"), 1));
  adw_combo_row_set_selected (ADW_COMBO_ROW (self->type_row),
                              index_of (types, kt_record_get_string (task, "type"), 0));
  if (kt_when_format (due, &date, &time))
    {
      gtk_editable_set_text (GTK_EDITABLE (self->date_row), date);
      gtk_editable_set_text (GTK_EDITABLE (self->time_row), time);
    }
  if (description != NULL)
    gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->description_view)),
                              description, -1);
  known = FALSE;
  for (guint i = 1; i < self->assignees->len; i++)
    known |= g_strcmp0 (self->assignees->pdata[i], assignee) == 0;
  if (assignee != NULL && !known)
    {
      GtkStringList *model = GTK_STRING_LIST (adw_combo_row_get_model (ADW_COMBO_ROW (self->assignee_row)));
      g_autofree char *name = kt_owners_dup_name (self->store, assignee, NULL);

      /* A former member (or someone this device has not synced yet) stays
       * the assignee until changed, but is not offered to other tasks. */
      gtk_string_list_append (model, name);
      g_ptr_array_add (self->assignees, g_strdup (assignee));
    }
  for (guint i = 1; assignee != NULL && i < self->assignees->len; i++)
    if (g_strcmp0 (self->assignees->pdata[i], assignee) == 0)
      adw_combo_row_set_selected (ADW_COMBO_ROW (self->assignee_row), i);
  kt_record_picker_set_record_id (KT_RECORD_PICKER (self->contact_picker),
                                  kt_record_get_string (task, "contact_id"));
  kt_record_picker_set_record_id (KT_RECORD_PICKER (self->company_picker),
                                  kt_record_get_string (task, "company_id"));
  kt_record_picker_set_record_id (KT_RECORD_PICKER (self->deal_picker),
                                  kt_record_get_string (task, "deal_id"));

  for (guint i = 0; i < G_N_ELEMENTS (marked); i++)
    kt_form_state_mark_loaded (marked[i]);
  self->loading = FALSE;
}

static void
fill_choices (KtTaskEditor *self)
{
  g_autoptr(GtkStringList) priority_model = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) type_model = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) assignee_model = gtk_string_list_new (NULL);
  g_autoptr(GPtrArray) team = kt_owners_load (self->store);
  const char *me = kt_store_get_user_id (self->store);

  for (guint i = 0; priorities[i] != NULL; i++)
    gtk_string_list_append (priority_model, kt_task_priority_label (priorities[i]));
  for (guint i = 0; types[i] != NULL; i++)
    gtk_string_list_append (type_model, kt_task_type_label (types[i]));

  /* Nobody, me, then the team members the store knows. */
  gtk_string_list_append (assignee_model, _("Nobody"));
  g_ptr_array_add (self->assignees, NULL);
  gtk_string_list_append (assignee_model, _("Me"));
  g_ptr_array_add (self->assignees, g_strdup (me));
  for (guint i = 0; i < team->len; i++)
    {
      KtOwner *member = g_ptr_array_index (team, i);

      gtk_string_list_append (assignee_model, member->name);
      g_ptr_array_add (self->assignees, g_strdup (member->user_id));
    }

  adw_combo_row_set_model (ADW_COMBO_ROW (self->priority_row), G_LIST_MODEL (priority_model));
  adw_combo_row_set_model (ADW_COMBO_ROW (self->type_row), G_LIST_MODEL (type_model));
  adw_combo_row_set_model (ADW_COMBO_ROW (self->assignee_row), G_LIST_MODEL (assignee_model));
}

static void
kt_task_editor_dispose (GObject *object)
{
  KtTaskEditor *self = (KtTaskEditor *) object;

  g_clear_object (&self->task);
  g_clear_object (&self->base);
  g_clear_object (&self->store);
  g_clear_pointer (&self->assignees, g_ptr_array_unref);
  g_clear_pointer (&self->error_field, g_free);
  g_clear_pointer (&self->error_message, g_free);

  G_OBJECT_CLASS (kt_task_editor_parent_class)->dispose (object);
}

static void
kt_task_editor_class_init (KtTaskEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kt_task_editor_dispose;

  /**
   * KtTaskEditor::saved:
   * @task: the saved task
   */
  signals[SAVED] =
    g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, KT_TYPE_RECORD);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/kantora/Kantora/tasks/kt-task-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, KtTaskEditor, window_title);
  gtk_widget_class_bind_template_child (widget_class, KtTaskEditor, save_button);
  gtk_widget_class_bind_template_child (widget_class, KtTaskEditor, error_label);
  gtk_widget_class_bind_template_child (widget_class, KtTaskEditor, title_row);
  gtk_widget_class_bind_template_child (widget_class, KtTaskEditor, priority_row);
  gtk_widget_class_bind_template_child (widget_class, KtTaskEditor, type_row);
  gtk_widget_class_bind_template_child (widget_class, KtTaskEditor, date_row);
  gtk_widget_class_bind_template_child (widget_class, KtTaskEditor, time_row);
  gtk_widget_class_bind_template_child (widget_class, KtTaskEditor, links_group);
  gtk_widget_class_bind_template_child (widget_class, KtTaskEditor, assignee_row);
  gtk_widget_class_bind_template_child (widget_class, KtTaskEditor, description_view);
  gtk_widget_class_bind_template_callback (widget_class, on_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_save_clicked_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
kt_task_editor_init (KtTaskEditor *self)
{
  self->assignees = g_ptr_array_new_with_free_func (g_free);
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * kt_task_editor_new:
 * @store: the store
 * @task: (nullable): the task to edit, or %NULL for a new one
 *
 * Returns: (transfer full): the editor window, not yet shown
 */
KtTaskEditor *
kt_task_editor_new (KtStore  *store,
                    KtRecord *task)
{
  KtTaskEditor *self;

  g_return_val_if_fail (KT_IS_STORE (store), NULL);
  g_return_val_if_fail (task == NULL || KT_IS_RECORD (task), NULL);

  self = g_object_new (KT_TYPE_TASK_EDITOR, NULL);
  self->store = g_object_ref (store);
  self->base = task ? kt_record_copy (task) : kt_record_new (KT_ENTITY_TASK);
  self->editing = task != NULL;
  if (task != NULL)
    adw_window_title_set_title (self->window_title, _("Edit Task"));

  fill_choices (self);
  self->contact_picker = kt_record_picker_new (store, kt_entity_lookup ("contact"), _("Contact"));
  self->company_picker = kt_record_picker_new (store, kt_entity_lookup ("company"), _("Company"));
  self->deal_picker = kt_record_picker_new (store, kt_entity_lookup ("deal"), _("Deal"));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (self->links_group), self->contact_picker);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (self->links_group), self->company_picker);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (self->links_group), self->deal_picker);
  g_signal_connect_object (self->contact_picker, "notify::record-id",
                           G_CALLBACK (on_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->company_picker, "notify::record-id",
                           G_CALLBACK (on_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->deal_picker, "notify::record-id",
                           G_CALLBACK (on_changed_cb), self, G_CONNECT_SWAPPED);

  fill_form (self);
  validate (self);
  gtk_widget_grab_focus (self->title_row);
  return self;
}

void
kt_task_editor_set_link (KtTaskEditor *self,
                         const char   *field,
                         const char   *record_id)
{
  GtkWidget *picker;

  g_return_if_fail (KT_IS_TASK_EDITOR (self));

  picker = kt_task_editor_get_row (self, field);
  g_return_if_fail (KT_IS_RECORD_PICKER (picker));
  kt_record_picker_set_record_id (KT_RECORD_PICKER (picker), record_id);
}

GtkWidget *
kt_task_editor_get_row (KtTaskEditor *self,
                        const char   *field)
{
  g_return_val_if_fail (KT_IS_TASK_EDITOR (self), NULL);
  g_return_val_if_fail (field != NULL, NULL);

  if (g_str_equal (field, "title"))
    return self->title_row;
  if (g_str_equal (field, "priority"))
    return self->priority_row;
  if (g_str_equal (field, "type"))
    return self->type_row;
  if (g_str_equal (field, "due_date") || g_str_equal (field, "due_at"))
    return self->date_row;
  if (g_str_equal (field, "due_time"))
    return self->time_row;
  if (g_str_equal (field, "assignee_id"))
    return self->assignee_row;
  if (g_str_equal (field, "contact_id"))
    return self->contact_picker;
  if (g_str_equal (field, "company_id"))
    return self->company_picker;
  if (g_str_equal (field, "deal_id"))
    return self->deal_picker;
  return NULL;
}

const char *
kt_task_editor_get_error_field (KtTaskEditor *self)
{
  g_return_val_if_fail (KT_IS_TASK_EDITOR (self), NULL);
  return self->error_field;
}

const char *
kt_task_editor_get_error (KtTaskEditor *self)
{
  g_return_val_if_fail (KT_IS_TASK_EDITOR (self), NULL);
  return self->error_message;
}

/* Before Save: the record as the store holds it now, so a change that
 * arrived while the form was open (a sync) is kept and only the
 * person's own edits go on top. */
static void
refresh_base (KtTaskEditor *self)
{
  g_autoptr(KtRecord) current = NULL;

  if (self->editing &&
      (current = kt_store_get (self->store, KT_ENTITY_TASK, kt_record_get_id (self->base), NULL)) != NULL)
    g_set_object (&self->base, current);
}

gboolean
kt_task_editor_save (KtTaskEditor  *self,
                     GError       **error)
{
  g_autofree char *field = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (KT_IS_TASK_EDITOR (self), FALSE);

  refresh_base (self);
  if (!apply_form (self, &field, &local_error))
    {
      set_error (self, field, local_error->message);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (!kt_store_save (self->store, self->task, error))
    return FALSE;

  g_signal_emit (self, signals[SAVED], 0, self->task);
  gtk_window_close (GTK_WINDOW (self));
  return TRUE;
}
