/* kt-studio-pane.c: the Templates section, the template studio
 *
 * The organization's document templates on the left (new from a built-in
 * one, duplicate, rename, delete, use as the default for its kind of
 * document), the editor of the chosen one on the right. Edits stay in the
 * editor until Save (Ctrl+S); choosing another template, closing the
 * window or leaving the section with unsaved changes asks what to do.
 *
 * studio.insert-text ("s") inserts text at the editor's cursor: the
 * palette uses it, and the AI assistant's "write a text block" will.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-studio-pane"

#include "config.h"

#include <glib/gi18n.h>

#include "kt-entities.h"
#include "kt-format.h"
#include "kt-record-list.h"
#include "kt-studio-editor.h"
#include "kt-studio-pane.h"
#include "kt-templates.h"
#include "kt-toast.h"

struct _KtStudioPane
{
  GtkWidget       parent_instance;

  KtContext      *context;
  KtStore        *store;
  KtRecordList   *templates;
  char           *open_id;       /* the template in the editor */
  gboolean        selecting;     /* the list's selection follows open_id */
  gboolean        closing;       /* the window closes after the question */
  GtkWindow      *window;        /* whose close-request is watched */
  gulong          close_handler;
  guint           fold_idle;

  /* Template children */
  AdwLeaflet     *leaflet;
  GtkWidget      *list_box;
  GtkWidget      *separator;
  GtkListBox     *templates_list;
  GtkStack       *content_stack;
  GtkWidget      *back_button;
  KtStudioEditor *editor;
};

G_DEFINE_FINAL_TYPE (KtStudioPane, kt_studio_pane, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* What to do once the question about unsaved changes is answered with
 * Save or Discard. */
typedef void (*ThenFunc) (KtStudioPane *self,
                          const char   *id);

typedef struct {
  KtStudioPane *self;
  ThenFunc      then;
  char         *id;
} Pending;

static void
pending_free (Pending *pending)
{
  g_object_unref (pending->self);
  g_free (pending->id);
  g_free (pending);
}

static const char *
kind_label (const char *kind)
{
  if (g_strcmp0 (kind, "offer") == 0)
    return _("Offers");
  if (g_strcmp0 (kind, "credit_note") == 0)
    return _("Credit notes");
  return _("Invoices");
}

static GtkWidget *
create_row (gpointer item,
            gpointer user_data)
{
  KtRecord *record = item;
  GtkWidget *row = adw_action_row_new ();
  const char *kind = kind_label (kt_record_get_string (record, "kind"));
  g_autofree char *subtitle = NULL;

  if (kt_record_get_bool (record, "is_default"))
    /* Translators: a template's kind and that it is the default: "Offers · Default" */
    subtitle = g_strdup_printf (_("%s · Default"), kind);
  else
    subtitle = g_strdup (kind);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), kt_record_get_string (record, "name"));
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  g_object_set_data_full (G_OBJECT (row), "kt-id", g_strdup (kt_record_get_id (record)), g_free);
  return row;
}

static void
select_open_row (KtStudioPane *self)
{
  GtkListBoxRow *row;

  self->selecting = TRUE;
  gtk_list_box_unselect_all (self->templates_list);
  for (int i = 0; (row = gtk_list_box_get_row_at_index (self->templates_list, i)) != NULL; i++)
    if (g_strcmp0 (g_object_get_data (G_OBJECT (row), "kt-id"), self->open_id) == 0)
      {
        gtk_list_box_select_row (self->templates_list, row);
        break;
      }
  self->selecting = FALSE;
}

static void
open_now (KtStudioPane *self,
          const char   *id)
{
  g_autoptr(KtRecord) record = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *open_id = g_strdup (id);   /* @id may be self->open_id */

  if (id != NULL)
    {
      record = kt_store_get (self->store, KT_ENTITY_DOCUMENT_TEMPLATE, id, &error);
      if (record == NULL)
        kt_widget_add_toast (GTK_WIDGET (self), adw_toast_new (error->message));
    }

  g_free (self->open_id);
  self->open_id = record != NULL ? g_steal_pointer (&open_id) : NULL;
  kt_studio_editor_set_template (self->editor, record);
  gtk_stack_set_visible_child_name (self->content_stack, record != NULL ? "editor" : "empty");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "studio.duplicate", record != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "studio.rename", record != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "studio.delete", record != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "studio.set-default", record != NULL);
  select_open_row (self);
  if (record != NULL)
    adw_leaflet_set_visible_child (self->leaflet, GTK_WIDGET (self->content_stack));
}

static gboolean
save_editor (KtStudioPane *self)
{
  g_autoptr(GError) error = NULL;

  if (kt_studio_editor_save (self->editor, &error))
    return TRUE;
  kt_widget_add_toast (GTK_WIDGET (self), adw_toast_new (error->message));
  return FALSE;
}

static void
on_unsaved_response_cb (AdwMessageDialog *dialog,
                        const char       *response,
                        Pending          *pending)
{
  KtStudioPane *self = pending->self;

  if (g_str_equal (response, "save") && !save_editor (self))
    response = "cancel";

  if (g_str_equal (response, "cancel"))
    {
      self->closing = FALSE;
      select_open_row (self);
      /* Leaving the section is not undone by the dialog: go back. */
      gtk_widget_activate_action (GTK_WIDGET (self), "win.show-section", "s", "templates");
    }
  else
    {
      /* Discard: the stored template again, without the edits. */
      if (g_str_equal (response, "discard"))
        open_now (self, self->open_id);
      /* @then may close the window the dialog is transient for; the
       * dialog closes itself only after this handler, and GTK 4.8 then
       * detaches it from a parent already freed. */
      gtk_window_set_transient_for (GTK_WINDOW (dialog), NULL);
      if (pending->then != NULL)
        pending->then (self, pending->id);
    }
  pending_free (pending);
}

/* Runs @then at once when nothing is unsaved, else after asking. */
static void
ask_unsaved (KtStudioPane *self,
             ThenFunc      then,
             const char   *id)
{
  g_autoptr(KtRecord) record = NULL;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  AdwMessageDialog *dialog;
  Pending *pending;
  g_autofree char *heading = NULL;

  if (!kt_studio_editor_is_modified (self->editor))
    {
      if (then != NULL)
        then (self, id);
      return;
    }

  record = kt_studio_editor_get_template (self->editor);
  /* Translators: the question before unsaved changes are lost; %s is the template's name */
  heading = g_strdup_printf (_("Save Changes to “%s”?"), kt_record_get_string (record, "name"));
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, heading,
                                                       _("The template has changes that are not saved. Discarded changes are lost.")));
  adw_message_dialog_add_responses (dialog,
                                    "cancel", _("_Keep Editing"),
                                    "discard", _("_Discard"),
                                    "save", _("_Save"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "discard", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_response_appearance (dialog, "save", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "save");
  adw_message_dialog_set_close_response (dialog, "cancel");

  pending = g_new0 (Pending, 1);
  pending->self = g_object_ref (self);
  pending->then = then;
  pending->id = g_strdup (id);
  g_signal_connect (dialog, "response", G_CALLBACK (on_unsaved_response_cb), pending);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
close_window_now (KtStudioPane *self,
                  const char   *id)
{
  self->closing = TRUE;
  if (self->window != NULL)
    gtk_window_close (self->window);
}

static gboolean
on_close_request_cb (GtkWindow    *window,
                     KtStudioPane *self)
{
  if (self->closing || !kt_studio_editor_is_modified (self->editor))
    return FALSE;
  ask_unsaved (self, close_window_now, NULL);
  return TRUE;
}

static void
on_root_changed_cb (KtStudioPane *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (self->window != NULL)
    g_clear_signal_handler (&self->close_handler, self->window);
  g_clear_weak_pointer (&self->window);
  if (GTK_IS_WINDOW (root))
    {
      g_set_weak_pointer (&self->window, GTK_WINDOW (root));
      self->close_handler = g_signal_connect (root, "close-request", G_CALLBACK (on_close_request_cb), self);
    }
}

static void
on_row_selected_cb (KtStudioPane  *self,
                    GtkListBoxRow *row)
{
  const char *id;

  if (self->selecting || row == NULL)
    return;
  id = g_object_get_data (G_OBJECT (row), "kt-id");
  if (g_strcmp0 (id, self->open_id) == 0)
    {
      adw_leaflet_set_visible_child (self->leaflet, GTK_WIDGET (self->content_stack));
      return;
    }
  ask_unsaved (self, open_now, id);
}

static void
on_row_activated_cb (KtStudioPane  *self,
                     GtkListBoxRow *row)
{
  on_row_selected_cb (self, row);
}

static void
on_items_changed_cb (KtStudioPane *self)
{
  select_open_row (self);
}

static void
on_modified_changed_cb (KtStudioPane *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "studio.save",
                                 kt_studio_editor_is_modified (self->editor));
}

/* Leaving the section keeps the edits in the editor; say so at once
 * rather than when the window closes. */
static void
on_unmap_cb (KtStudioPane *self)
{
  if (self->window != NULL && gtk_widget_get_visible (GTK_WIDGET (self->window)) &&
      !gtk_widget_in_destruction (GTK_WIDGET (self->window)) && !self->closing &&
      kt_studio_editor_is_modified (self->editor))
    ask_unsaved (self, NULL, NULL);
}

/* Opens the template a kt_templates_*() call made, or says why it failed. */
static void
open_made (KtStudioPane *self,
           KtRecord     *record,
           GError       *error)
{
  if (record == NULL)
    kt_widget_add_toast (GTK_WIDGET (self), adw_toast_new (error->message));
  else
    open_now (self, kt_record_get_id (record));
}

static void
new_from_builtin (KtStudioPane *self,
                  const char   *builtin)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KtRecord) record = kt_templates_create_from_builtin (self->store, builtin, "invoice", &error);

  open_made (self, record, error);
}

static void
new_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *param)
{
  KtStudioPane *self = KT_STUDIO_PANE (widget);
  g_autofree char *builtin = NULL;

  if (param != NULL)
    builtin = g_variant_dup_string (param, NULL);
  else
    builtin = g_strdup_printf ("classic-%s", kt_format_get_language ());
  ask_unsaved (self, new_from_builtin, builtin);
}

static void
duplicate_now (KtStudioPane *self,
               const char   *id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KtRecord) stored = kt_store_get (self->store, KT_ENTITY_DOCUMENT_TEMPLATE, self->open_id, &error);
  g_autoptr(KtRecord) copy = NULL;

  if (stored != NULL)
    copy = kt_templates_duplicate (self->store, stored, NULL, &error);
  open_made (self, copy, error);
}

static void
duplicate_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  KtStudioPane *self = KT_STUDIO_PANE (widget);

  /* The copy is of the stored template: save first to copy the edits. */
  ask_unsaved (self, duplicate_now, NULL);
}

static void
on_rename_response_cb (AdwMessageDialog *dialog,
                       const char       *response,
                       KtStudioPane     *self)
{
  GtkEditable *entry = GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog));
  g_autoptr(KtRecord) stored = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;

  if (!g_str_equal (response, "rename") || self->open_id == NULL)
    return;
  name = g_strstrip (g_strdup (gtk_editable_get_text (entry)));
  stored = kt_store_get (self->store, KT_ENTITY_DOCUMENT_TEMPLATE, self->open_id, &error);
  if (stored != NULL && kt_templates_rename (self->store, stored, name, &error))
    {
      kt_studio_editor_set_stored_field (self->editor, "name", name);
      return;
    }
  kt_widget_add_toast (GTK_WIDGET (self), adw_toast_new (error->message));
}

static void
rename_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  KtStudioPane *self = KT_STUDIO_PANE (widget);
  g_autoptr(KtRecord) record = kt_studio_editor_get_template (self->editor);
  GtkRoot *root = gtk_widget_get_root (widget);
  AdwMessageDialog *dialog;
  GtkWidget *entry;

  if (record == NULL)
    return;
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                       _("Rename Template"), NULL));
  entry = gtk_entry_new ();
  gtk_editable_set_text (GTK_EDITABLE (entry), kt_record_get_string (record, "name"));
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Name"), -1);
  adw_message_dialog_set_extra_child (dialog, entry);
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "rename", _("_Rename"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "rename", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "rename");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_rename_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (entry);
}

static void
set_default_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  KtStudioPane *self = KT_STUDIO_PANE (widget);
  g_autoptr(KtRecord) stored = NULL;
  g_autoptr(GError) error = NULL;

  if (self->open_id == NULL)
    return;
  stored = kt_store_get (self->store, KT_ENTITY_DOCUMENT_TEMPLATE, self->open_id, &error);
  if (stored == NULL || !kt_templates_set_default (self->store, stored, &error))
    {
      kt_widget_add_toast (widget, adw_toast_new (error->message));
      return;
    }
  kt_studio_editor_set_stored_field (self->editor, "is_default", "true");
  kt_widget_add_toast (widget, adw_toast_new (_("The template is now the default for its documents")));
}

static void
on_undo_delete_cb (AdwToast     *toast,
                   KtStudioPane *self)
{
  const char *id = g_object_get_data (G_OBJECT (toast), "kt-id");
  g_autoptr(GError) error = NULL;

  if (!kt_store_undelete (self->store, KT_ENTITY_DOCUMENT_TEMPLATE, id, &error))
    kt_widget_add_toast (GTK_WIDGET (self), adw_toast_new (error->message));
  else
    open_now (self, id);
}

static void
delete_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  KtStudioPane *self = KT_STUDIO_PANE (widget);
  g_autoptr(KtRecord) record = kt_studio_editor_get_template (self->editor);
  g_autofree char *id = NULL;
  g_autofree char *title = NULL;
  g_autoptr(GError) error = NULL;
  AdwToast *toast;

  if (record == NULL)
    return;
  id = g_strdup (kt_record_get_id (record));
  if (!kt_store_delete (self->store, KT_ENTITY_DOCUMENT_TEMPLATE, id, &error))
    {
      kt_widget_add_toast (widget, adw_toast_new (error->message));
      return;
    }
  open_now (self, NULL);
  /* Translators: a toast; %s is the template's name */
  title = g_strdup_printf (_("“%s” deleted"), kt_record_get_string (record, "name"));
  toast = adw_toast_new (title);
  adw_toast_set_button_label (toast, _("_Undo"));
  g_object_set_data_full (G_OBJECT (toast), "kt-id", g_steal_pointer (&id), g_free);
  g_signal_connect_object (toast, "button-clicked", G_CALLBACK (on_undo_delete_cb), self, 0);
  kt_widget_add_toast (widget, toast);
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  KtStudioPane *self = KT_STUDIO_PANE (widget);

  if (self->open_id != NULL && save_editor (self))
    kt_widget_add_toast (widget, adw_toast_new (_("Template saved")));
}

static void
insert_text_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  kt_studio_editor_insert_text (KT_STUDIO_PANE (widget)->editor, g_variant_get_string (param, NULL));
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  KtStudioPane *self = KT_STUDIO_PANE (widget);

  adw_leaflet_set_visible_child (self->leaflet, self->list_box);
  gtk_widget_grab_focus (GTK_WIDGET (self->templates_list));
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  KtStudioPane *self = KT_STUDIO_PANE (widget);

  if (self->open_id != NULL)
    kt_studio_editor_search_variables (self->editor);
}

static gboolean
update_back_button (gpointer user_data)
{
  KtStudioPane *self = user_data;

  self->fold_idle = 0;
  gtk_widget_set_visible (self->back_button, adw_leaflet_get_folded (self->leaflet));
  return G_SOURCE_REMOVE;
}

/* The leaflet folds while it is allocated: the button changes after. */
static void
on_folded_cb (KtStudioPane *self)
{
  if (self->fold_idle == 0)
    self->fold_idle = g_idle_add (update_back_button, self);
}

static void
kt_studio_pane_constructed (GObject *object)
{
  KtStudioPane *self = KT_STUDIO_PANE (object);
  g_autoptr(KtQuery) query = kt_query_new (KT_ENTITY_DOCUMENT_TEMPLATE);

  G_OBJECT_CLASS (kt_studio_pane_parent_class)->constructed (object);

  g_assert (self->context != NULL);
  self->store = g_object_ref (kt_context_get_store (self->context));
  kt_query_set_sort (query, "name", FALSE);
  self->templates = kt_record_list_new (self->store, query);
  gtk_list_box_bind_model (self->templates_list, G_LIST_MODEL (self->templates), create_row, self, NULL);
  g_signal_connect_object (self->templates, "items-changed", G_CALLBACK (on_items_changed_cb), self,
                           G_CONNECT_SWAPPED | G_CONNECT_AFTER);
  kt_studio_editor_set_store (self->editor, self->store);
  open_now (self, NULL);
}

static void
kt_studio_pane_dispose (GObject *object)
{
  KtStudioPane *self = KT_STUDIO_PANE (object);

  g_clear_handle_id (&self->fold_idle, g_source_remove);
  if (self->window != NULL)
    g_clear_signal_handler (&self->close_handler, self->window);
  g_clear_weak_pointer (&self->window);
  gtk_widget_dispose_template (GTK_WIDGET (self), KT_TYPE_STUDIO_PANE);
  g_clear_object (&self->templates);
  g_clear_object (&self->store);
  g_clear_object (&self->context);
  g_clear_pointer (&self->open_id, g_free);

  G_OBJECT_CLASS (kt_studio_pane_parent_class)->dispose (object);
}

static void
kt_studio_pane_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  KtStudioPane *self = KT_STUDIO_PANE (object);

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
kt_studio_pane_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  KtStudioPane *self = KT_STUDIO_PANE (object);

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
kt_studio_pane_class_init (KtStudioPaneClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = kt_studio_pane_constructed;
  object_class->dispose = kt_studio_pane_dispose;
  object_class->get_property = kt_studio_pane_get_property;
  object_class->set_property = kt_studio_pane_set_property;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, KT_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_install_action (widget_class, "studio.new", "s", new_action);
  gtk_widget_class_install_action (widget_class, "studio.duplicate", NULL, duplicate_action);
  gtk_widget_class_install_action (widget_class, "studio.rename", NULL, rename_action);
  gtk_widget_class_install_action (widget_class, "studio.set-default", NULL, set_default_action);
  gtk_widget_class_install_action (widget_class, "studio.delete", NULL, delete_action);
  gtk_widget_class_install_action (widget_class, "studio.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "studio.insert-text", "s", insert_text_action);
  gtk_widget_class_install_action (widget_class, "studio.back", NULL, back_action);
  /* What the window forwards: Ctrl+N, Ctrl+F. */
  gtk_widget_class_install_action (widget_class, "pane.new", NULL, new_action);
  gtk_widget_class_install_action (widget_class, "pane.search", NULL, search_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "studio.save", NULL);

  g_type_ensure (KT_TYPE_STUDIO_EDITOR);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/kantora/Kantora/studio/kt-studio-pane.ui");
  gtk_widget_class_bind_template_child (widget_class, KtStudioPane, leaflet);
  gtk_widget_class_bind_template_child (widget_class, KtStudioPane, list_box);
  gtk_widget_class_bind_template_child (widget_class, KtStudioPane, separator);
  gtk_widget_class_bind_template_child (widget_class, KtStudioPane, templates_list);
  gtk_widget_class_bind_template_child (widget_class, KtStudioPane, content_stack);
  gtk_widget_class_bind_template_child (widget_class, KtStudioPane, back_button);
  gtk_widget_class_bind_template_child (widget_class, KtStudioPane, editor);
}

static void
kt_studio_pane_init (KtStudioPane *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  adw_leaflet_page_set_navigatable (adw_leaflet_get_page (self->leaflet, self->separator), FALSE);
  g_signal_connect_swapped (self->templates_list, "row-selected", G_CALLBACK (on_row_selected_cb), self);
  g_signal_connect_swapped (self->templates_list, "row-activated", G_CALLBACK (on_row_activated_cb), self);
  g_signal_connect_swapped (self->editor, "modified-changed", G_CALLBACK (on_modified_changed_cb), self);
  g_signal_connect_swapped (self->leaflet, "notify::folded", G_CALLBACK (on_folded_cb), self);
  g_signal_connect (self, "notify::root", G_CALLBACK (on_root_changed_cb), NULL);
  g_signal_connect (self, "unmap", G_CALLBACK (on_unmap_cb), NULL);
  update_back_button (self);
  on_modified_changed_cb (self);
}

GtkWidget *
kt_studio_pane_new (KtContext *context)
{
  g_return_val_if_fail (KT_IS_CONTEXT (context), NULL);

  return g_object_new (KT_TYPE_STUDIO_PANE, "context", context, NULL);
}

GtkWidget *
kt_studio_pane_get_editor (KtStudioPane *self)
{
  g_return_val_if_fail (KT_IS_STUDIO_PANE (self), NULL);
  return GTK_WIDGET (self->editor);
}

GtkWidget *
kt_studio_pane_get_list (KtStudioPane *self)
{
  g_return_val_if_fail (KT_IS_STUDIO_PANE (self), NULL);
  return GTK_WIDGET (self->templates_list);
}

gboolean
kt_studio_pane_open (KtStudioPane *self,
                     const char   *id)
{
  g_return_val_if_fail (KT_IS_STUDIO_PANE (self), FALSE);

  ask_unsaved (self, open_now, id);
  return g_strcmp0 (self->open_id, id) == 0;
}
