/* kt-task-editor.c: the form that creates or edits a task
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-task-editor"

#include "config.h"

#include <glib/gi18n.h>

#include "kt-date.h"
#include "kt-format.h"
#include "kt-owners.h"
#include "kt-record-picker.h"
#include "kt-task-editor.h"
#include "kt-task-row.h"
#include "kt-when.h"

struct _KtTaskEditor
{
  KtForm     parent_instance;

  GPtrArray *assignees;   /* of char* user ids; [0] NULL = nobody */

  GtkWidget *title_row;
  GtkWidget *priority_row;
  GtkWidget *type_row;
  GtkWidget *date_row;
  GtkWidget *time_row;
  GtkWidget *links_group;
  GtkWidget *assignee_row;
  GtkWidget *description_view;
  GtkWidget *contact_picker;
  GtkWidget *company_picker;
  GtkWidget *deal_picker;
};

G_DEFINE_FINAL_TYPE (KtTaskEditor, kt_task_editor, KT_TYPE_FORM)

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
write_picker (KtTaskEditor *self,
              KtRecord     *task,
              const char   *field,
              GtkWidget    *picker)
{
  if (kt_form_writes (KT_FORM (self), picker))
    kt_record_set_string (task, field, kt_record_picker_get_record_id (KT_RECORD_PICKER (picker)));
}

/* Writes the rows into @task; a stored task gets only the rows the
 * person changed, so what they cannot show exactly (a choice they do not
 * offer, a time with seconds, an assignee this computer does not know)
 * is never rewritten. */
static gboolean
kt_task_editor_apply (KtForm    *form,
                      KtRecord  *task,
                      char     **out_field,
                      GError   **error)
{
  KtTaskEditor *self = KT_TASK_EDITOR (form);
  const char *title = gtk_editable_get_text (GTK_EDITABLE (self->title_row));
  const char *date = gtk_editable_get_text (GTK_EDITABLE (self->date_row));
  const char *time = gtk_editable_get_text (GTK_EDITABLE (self->time_row));
  guint assignee = adw_combo_row_get_selected (ADW_COMBO_ROW (self->assignee_row));
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->description_view));
  GtkTextIter start, end;
  g_autofree char *description = NULL;
  g_autofree char *title_copy = g_strstrip (g_strdup (title));

  if (kt_form_writes (form, self->title_row))
    kt_record_set_string (task, "title", *title_copy ? title_copy : NULL);
  if (kt_form_writes (form, self->priority_row))
    kt_record_set_string (task, "priority",
                          priorities[MIN (adw_combo_row_get_selected (ADW_COMBO_ROW (self->priority_row)), 3)]);
  if (kt_form_writes (form, self->type_row))
    kt_record_set_string (task, "type",
                          types[MIN (adw_combo_row_get_selected (ADW_COMBO_ROW (self->type_row)), 5)]);

  if (kt_form_writes (form, self->description_view))
    {
      gtk_text_buffer_get_bounds (buffer, &start, &end);
      description = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
      kt_record_set_string (task, "description", *description ? description : NULL);
    }

  if (kt_form_writes (form, self->assignee_row))
    kt_record_set_string (task, "assignee_id",
                          assignee < self->assignees->len ? self->assignees->pdata[assignee] : NULL);
  write_picker (self, task, "contact_id", self->contact_picker);
  write_picker (self, task, "company_id", self->company_picker);
  write_picker (self, task, "deal_id", self->deal_picker);

  /* Neither row touched: the due date and time stay as loaded. */
  if (!kt_form_writes (form, self->date_row) && !kt_form_writes (form, self->time_row))
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

  return TRUE;
}

static void
fill_form (KtTaskEditor *self)
{
  KtRecord *task = kt_form_get_record (KT_FORM (self));
  const char *due = kt_record_get_string (task, "due_at");
  const char *description = kt_record_get_string (task, "description");
  const char *assignee = kt_record_get_string (task, "assignee_id");
  g_autofree char *date = NULL;
  g_autofree char *time = NULL;
  gboolean known;

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
      g_autofree char *name = kt_owners_dup_name (kt_form_get_store (KT_FORM (self)), assignee, NULL);

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
}

static void
fill_choices (KtTaskEditor *self)
{
  g_autoptr(GtkStringList) priority_model = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) type_model = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) assignee_model = gtk_string_list_new (NULL);
  g_autoptr(GPtrArray) team = kt_owners_load (kt_form_get_store (KT_FORM (self)));
  const char *me = kt_store_get_user_id (kt_form_get_store (KT_FORM (self)));

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

static GtkWidget *
add_picker (KtTaskEditor *self,
            const char   *entity,
            const char   *title)
{
  GtkWidget *picker = kt_record_picker_new (kt_form_get_store (KT_FORM (self)),
                                            kt_entity_lookup (entity), title);

  adw_preferences_group_add (ADW_PREFERENCES_GROUP (self->links_group), picker);
  return picker;
}

static void
kt_task_editor_finalize (GObject *object)
{
  KtTaskEditor *self = (KtTaskEditor *) object;

  g_clear_pointer (&self->assignees, g_ptr_array_unref);

  G_OBJECT_CLASS (kt_task_editor_parent_class)->finalize (object);
}

static void
kt_task_editor_class_init (KtTaskEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  KtFormClass *form_class = KT_FORM_CLASS (klass);

  object_class->finalize = kt_task_editor_finalize;
  form_class->apply = kt_task_editor_apply;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/kantora/Kantora/tasks/kt-task-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, KtTaskEditor, title_row);
  gtk_widget_class_bind_template_child (widget_class, KtTaskEditor, priority_row);
  gtk_widget_class_bind_template_child (widget_class, KtTaskEditor, type_row);
  gtk_widget_class_bind_template_child (widget_class, KtTaskEditor, date_row);
  gtk_widget_class_bind_template_child (widget_class, KtTaskEditor, time_row);
  gtk_widget_class_bind_template_child (widget_class, KtTaskEditor, links_group);
  gtk_widget_class_bind_template_child (widget_class, KtTaskEditor, assignee_row);
  gtk_widget_class_bind_template_child (widget_class, KtTaskEditor, description_view);
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
  KtForm *form;
  g_autoptr(KtRecord) fresh = NULL;

  g_return_val_if_fail (KT_IS_STORE (store), NULL);
  g_return_val_if_fail (task == NULL || KT_IS_RECORD (task), NULL);

  self = g_object_new (KT_TYPE_TASK_EDITOR, NULL);
  form = KT_FORM (self);
  if (task == NULL)
    fresh = kt_record_new (KT_ENTITY_TASK);
  kt_form_set_record (form, store, task != NULL ? task : fresh, task != NULL);
  kt_form_set_titles (form, task != NULL ? _("Edit Task") : _("New Task"), NULL);

  fill_choices (self);
  self->contact_picker = add_picker (self, "contact", _("Contact"));
  self->company_picker = add_picker (self, "company", _("Company"));
  self->deal_picker = add_picker (self, "deal", _("Deal"));
  fill_form (self);

  kt_form_add_field (form, "title", self->title_row, NULL);
  kt_form_add_field (form, "priority", self->priority_row, NULL);
  kt_form_add_field (form, "type", self->type_row, NULL);
  kt_form_add_field (form, "due_date", self->date_row, NULL);
  kt_form_add_field (form, "due_time", self->time_row, NULL);
  kt_form_add_field (form, "assignee_id", self->assignee_row, NULL);
  kt_form_add_field (form, "contact_id", self->contact_picker, NULL);
  kt_form_add_field (form, "company_id", self->company_picker, NULL);
  kt_form_add_field (form, "deal_id", self->deal_picker, NULL);
  kt_form_add_field (form, "description", self->description_view, NULL);
  kt_form_alias_field (form, "due_at", "due_date");
  kt_form_add_date_button (form, self->date_row);
  kt_form_add_time_button (form, self->time_row);
  kt_form_loaded (form);
  return self;
}

void
kt_task_editor_set_link (KtTaskEditor *self,
                         const char   *field,
                         const char   *record_id)
{
  GtkWidget *picker;

  g_return_if_fail (KT_IS_TASK_EDITOR (self));

  picker = kt_form_get_row (KT_FORM (self), field);
  g_return_if_fail (KT_IS_RECORD_PICKER (picker));
  kt_record_picker_set_record_id (KT_RECORD_PICKER (picker), record_id);
}

