/* kt-form.c: the base of every editor window
 *
 * Every change rebuilds a scratch copy of the record from the rows (the
 * subclass's apply) and runs the model's own validation on it, so the
 * form and the store never disagree about what is valid. The first
 * problem is remembered, but shown only under a row the person has left
 * (or after Save): nobody is told "Title is required" before they had a
 * chance to type it. The message floats over the form right under the
 * field's row (one at a time: only the first problem is shown), so no row
 * moves when it appears or goes, neither the field's nor those under it;
 * a problem no row can show becomes a toast, which covers nothing the
 * person is typing in.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-form"

#include "config.h"

#include <glib/gi18n.h>

#include "kt-form.h"
#include "kt-form-state.h"

typedef struct
{
  char      *key;
  GtkWidget *row;        /* where the error goes, under it */
  GtkWidget *value;      /* what the person changes */
  gboolean   in_list;    /* a row of a list: the message can go under it */
  gboolean   left;       /* the person was in the row and left it */
} Field;

typedef struct
{
  KtStore            *store;
  KtRecord           *record;     /* as loaded; on Save, as stored then */
  gboolean            editing;
  gboolean            loaded;
  gboolean            show_all_errors;
  GPtrArray          *fields;     /* of Field */
  GHashTable         *aliases;    /* field → key */
  char               *error_field;
  char               *error_message;
  Field              *shown;      /* whose message the bubble shows */

  /* Template children */
  AdwToastOverlay    *toast_overlay;
  AdwWindowTitle     *window_title;
  GtkWidget          *save_button;
  AdwPreferencesPage *page;
  GtkOverlay         *overlay;
  GtkWidget          *error_bubble;
  GtkBox             *content_box;
  GtkWidget          *header_bar;
} KtFormPrivate;

static void kt_form_buildable_init (GtkBuildableIface *iface);

G_DEFINE_ABSTRACT_TYPE_WITH_CODE (KtForm, kt_form, ADW_TYPE_WINDOW,
                                  G_ADD_PRIVATE (KtForm)
                                  G_IMPLEMENT_INTERFACE (GTK_TYPE_BUILDABLE, kt_form_buildable_init))

enum {
  SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];
static GtkBuildableIface *parent_buildable_iface;

static void
field_free (Field *field)
{
  g_free (field->key);
  g_free (field);
}

static Field *
find_field (KtForm     *self,
            const char *key)
{
  KtFormPrivate *priv = kt_form_get_instance_private (self);
  const char *alias;

  if (key == NULL)
    return NULL;
  if ((alias = g_hash_table_lookup (priv->aliases, key)) != NULL)
    key = alias;

  for (guint i = 0; i < priv->fields->len; i++)
    {
      Field *field = g_ptr_array_index (priv->fields, i);

      if (g_str_equal (field->key, key))
        return field;
    }

  return NULL;
}

/* The record the rows describe; NULL with @field and @error on a problem. */
static KtRecord *
build_record (KtForm  *self,
              char   **field,
              GError **error)
{
  KtFormPrivate *priv = kt_form_get_instance_private (self);
  KtFormClass *klass = KT_FORM_GET_CLASS (self);
  g_autoptr(KtRecord) record = kt_record_copy (priv->record);

  if (!klass->apply (self, record, field, error))
    return NULL;
  if (!kt_record_validate (record, error))
    {
      *field = g_strdup (kt_record_error_get_field (*error));
      return NULL;
    }
  if (klass->check != NULL && !klass->check (self, record, field, error))
    return NULL;

  return g_steal_pointer (&record);
}

static void
show_field_error (Field      *field,
                  const char *message)
{
  if (message != NULL)
    {
      gtk_widget_add_css_class (field->row, "error");
      gtk_accessible_update_property (GTK_ACCESSIBLE (field->row),
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, message, -1);
    }
  else
    {
      gtk_widget_remove_css_class (field->row, "error");
      gtk_accessible_reset_property (GTK_ACCESSIBLE (field->row),
                                     GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
    }
}

static void
show_errors (KtForm *self)
{
  KtFormPrivate *priv = kt_form_get_instance_private (self);
  Field *culprit = find_field (self, priv->error_field);

  for (guint i = 0; i < priv->fields->len; i++)
    {
      Field *field = g_ptr_array_index (priv->fields, i);

      /* A field the person has not reached yet is not scolded. */
      if (field == culprit && (priv->show_all_errors || field->left))
        show_field_error (field, priv->error_message);
      else
        show_field_error (field, NULL);
    }

  priv->shown = NULL;
  if (culprit != NULL && culprit->in_list && (priv->show_all_errors || culprit->left))
    {
      priv->shown = culprit;
      gtk_label_set_label (GTK_LABEL (priv->error_bubble), priv->error_message);
    }
  gtk_widget_set_visible (priv->error_bubble, priv->shown != NULL);
  gtk_widget_queue_allocate (GTK_WIDGET (priv->overlay));
}

/* The message goes under its row, indented as the row's text and
 * no wider than the row, wherever the page is scrolled to; the overlay
 * clips it to the page. */
static gboolean
on_overlay_get_child_position_cb (GtkOverlay    *overlay,
                                  GtkWidget     *child,
                                  GdkRectangle  *allocation,
                                  KtForm        *self)
{
  KtFormPrivate *priv = kt_form_get_instance_private (self);
  graphene_rect_t row;
  int width, height;

  if (child != priv->error_bubble || priv->shown == NULL ||
      !gtk_widget_compute_bounds (priv->shown->row, GTK_WIDGET (overlay), &row))
    return FALSE;

  gtk_widget_measure (child, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &width, NULL, NULL);
  width = MAX (1, MIN (width, (int) row.size.width - 24));
  gtk_widget_measure (child, GTK_ORIENTATION_VERTICAL, width, &height, NULL, NULL, NULL);
  allocation->x = (int) row.origin.x + 12;
  /* On the row's bottom edge: it belongs to the row above it, and
   * covers as little as it can of the row under it. */
  allocation->y = (int) (row.origin.y + row.size.height) - height / 2;
  allocation->width = width;
  allocation->height = height;
  return TRUE;
}

static void
on_page_scrolled_cb (KtForm *self)
{
  KtFormPrivate *priv = kt_form_get_instance_private (self);

  if (priv->shown != NULL)
    gtk_widget_queue_allocate (GTK_WIDGET (priv->overlay));
}

static void
on_save_clicked_cb (KtForm *self)
{
  /* The problem is on screen already: under its row, or as a toast. */
  kt_form_save (self, NULL);
}

static void
on_field_leave_cb (GtkEventControllerFocus *controller,
                   KtForm                  *self)
{
  KtFormPrivate *priv = kt_form_get_instance_private (self);
  GtkWidget *row = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (controller));

  if (!priv->loaded)
    return;
  for (guint i = 0; i < priv->fields->len; i++)
    {
      Field *field = g_ptr_array_index (priv->fields, i);

      if (field->row == row)
        field->left = TRUE;
    }
  show_errors (self);
}

/* A choice (a combo row, a switch, a picker) is made at once, not typed
 * letter by letter: its problem may be shown as soon as it is made. */
static void
on_choice_notify_cb (GObject    *value,
                     GParamSpec *pspec,
                     KtForm     *self)
{
  KtFormPrivate *priv = kt_form_get_instance_private (self);

  for (guint i = 0; priv->loaded && i < priv->fields->len; i++)
    {
      Field *field = g_ptr_array_index (priv->fields, i);

      if (field->value == GTK_WIDGET (value))
        field->left = TRUE;
    }
  kt_form_validate (self);
}

static void
connect_value (KtForm    *self,
               GtkWidget *value)
{
  const char *signal;
  gpointer source = value;

  if (ADW_IS_COMBO_ROW (value))
    signal = "notify::selected";
  else if (GTK_IS_SWITCH (value))
    signal = "notify::active";
  else if (GTK_IS_TEXT_VIEW (value))
    {
      source = gtk_text_view_get_buffer (GTK_TEXT_VIEW (value));
      signal = "changed";
    }
  else if (GTK_IS_EDITABLE (value))
    signal = "changed";
  else if (g_object_class_find_property (G_OBJECT_GET_CLASS (value), "record-id") != NULL)
    signal = "notify::record-id";
  else
    {
      g_critical ("%s: cannot watch a %s", G_STRFUNC, G_OBJECT_TYPE_NAME (value));
      return;
    }

  if (g_str_has_prefix (signal, "notify::"))
    g_signal_connect_object (source, signal, G_CALLBACK (on_choice_notify_cb), self, 0);
  else
    g_signal_connect_object (source, signal, G_CALLBACK (kt_form_validate), self, G_CONNECT_SWAPPED);
}

/* The first row the person can type in: where the keyboard starts. */
static GtkWidget *
first_text_field (KtForm *self)
{
  KtFormPrivate *priv = kt_form_get_instance_private (self);

  for (guint i = 0; i < priv->fields->len; i++)
    {
      Field *field = g_ptr_array_index (priv->fields, i);

      if (GTK_IS_EDITABLE (field->value) && gtk_widget_get_visible (field->row) &&
          gtk_widget_is_sensitive (field->row))
        return field->row;
    }

  return NULL;
}

static void
kt_form_buildable_add_child (GtkBuildable *buildable,
                             GtkBuilder   *builder,
                             GObject      *child,
                             const char   *type)
{
  KtForm *self = KT_FORM (buildable);
  KtFormPrivate *priv = kt_form_get_instance_private (self);

  /* A subclass's template lists its groups as the form's children. */
  if (priv->page != NULL && ADW_IS_PREFERENCES_GROUP (child))
    adw_preferences_page_add (priv->page, ADW_PREFERENCES_GROUP (child));
  else
    parent_buildable_iface->add_child (buildable, builder, child, type);
}

static void
kt_form_buildable_init (GtkBuildableIface *iface)
{
  parent_buildable_iface = g_type_interface_peek_parent (iface);
  iface->add_child = kt_form_buildable_add_child;
}

static gboolean
kt_form_real_save (KtForm    *self,
                   KtRecord  *record,
                   GError   **error)
{
  KtFormPrivate *priv = kt_form_get_instance_private (self);

  return kt_store_save (priv->store, record, error);
}

/* No dispose: the window destroys its content, and GTK 4.8's
 * gtk_widget_dispose_template() would look for the template on the
 * subclass, which may have none (KtRecordForm). */
static void
kt_form_finalize (GObject *object)
{
  KtForm *self = KT_FORM (object);
  KtFormPrivate *priv = kt_form_get_instance_private (self);

  g_clear_object (&priv->store);
  g_clear_object (&priv->record);
  g_clear_pointer (&priv->fields, g_ptr_array_unref);
  g_clear_pointer (&priv->aliases, g_hash_table_unref);
  g_clear_pointer (&priv->error_field, g_free);
  g_clear_pointer (&priv->error_message, g_free);

  G_OBJECT_CLASS (kt_form_parent_class)->finalize (object);
}

static void
kt_form_class_init (KtFormClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = kt_form_finalize;

  klass->save = kt_form_real_save;

  /**
   * KtForm::saved:
   * @record: the record as saved
   * @created: whether it is a new record
   */
  signals[SAVED] =
    g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, KT_TYPE_RECORD, G_TYPE_BOOLEAN);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/kantora/Kantora/util/kt-form.ui");
  gtk_widget_class_bind_template_child_private (widget_class, KtForm, toast_overlay);
  gtk_widget_class_bind_template_child_private (widget_class, KtForm, window_title);
  gtk_widget_class_bind_template_child_private (widget_class, KtForm, save_button);
  gtk_widget_class_bind_template_child_private (widget_class, KtForm, page);
  gtk_widget_class_bind_template_child_private (widget_class, KtForm, overlay);
  gtk_widget_class_bind_template_child_private (widget_class, KtForm, error_bubble);
  gtk_widget_class_bind_template_child_private (widget_class, KtForm, content_box);
  gtk_widget_class_bind_template_child_private (widget_class, KtForm, header_bar);
  gtk_widget_class_bind_template_callback (widget_class, on_save_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_overlay_get_child_position_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
kt_form_init (KtForm *self)
{
  KtFormPrivate *priv = kt_form_get_instance_private (self);

  priv->fields = g_ptr_array_new_with_free_func ((GDestroyNotify) field_free);
  priv->aliases = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_overlay_set_clip_overlay (priv->overlay, priv->error_bubble, TRUE);
  /* AdwPreferencesPage scrolls in its one child. */
  g_assert (GTK_IS_SCROLLED_WINDOW (gtk_widget_get_first_child (GTK_WIDGET (priv->page))));
  g_signal_connect_object (gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (gtk_widget_get_first_child (GTK_WIDGET (priv->page)))),
                           "value-changed", G_CALLBACK (on_page_scrolled_cb), self, G_CONNECT_SWAPPED);
}

void
kt_form_set_record (KtForm   *self,
                    KtStore  *store,
                    KtRecord *record,
                    gboolean  editing)
{
  KtFormPrivate *priv = kt_form_get_instance_private (self);

  g_return_if_fail (KT_IS_FORM (self));
  g_return_if_fail (KT_IS_STORE (store));
  g_return_if_fail (KT_IS_RECORD (record));

  g_set_object (&priv->store, store);
  g_clear_object (&priv->record);
  priv->record = kt_record_copy (record);
  priv->editing = editing;
}

void
kt_form_set_titles (KtForm     *self,
                    const char *title,
                    const char *subtitle)
{
  KtFormPrivate *priv = kt_form_get_instance_private (self);

  g_return_if_fail (KT_IS_FORM (self));

  adw_window_title_set_title (priv->window_title, title);
  adw_window_title_set_subtitle (priv->window_title, subtitle != NULL ? subtitle : "");
  gtk_window_set_title (GTK_WINDOW (self), title);
}

void
kt_form_set_save_label (KtForm     *self,
                        const char *label)
{
  KtFormPrivate *priv = kt_form_get_instance_private (self);

  g_return_if_fail (KT_IS_FORM (self));

  gtk_button_set_label (GTK_BUTTON (priv->save_button), label);
}

void
kt_form_add_group (KtForm              *self,
                   AdwPreferencesGroup *group)
{
  KtFormPrivate *priv = kt_form_get_instance_private (self);

  g_return_if_fail (KT_IS_FORM (self));

  adw_preferences_page_add (priv->page, group);
}

void
kt_form_add_field (KtForm     *self,
                   const char *key,
                   GtkWidget  *row,
                   GtkWidget  *value)
{
  KtFormPrivate *priv = kt_form_get_instance_private (self);
  GtkEventController *focus;
  GtkWidget *list;
  Field *field;

  g_return_if_fail (KT_IS_FORM (self));
  g_return_if_fail (key != NULL);
  g_return_if_fail (GTK_IS_WIDGET (row));

  field = g_new0 (Field, 1);
  field->key = g_strdup (key);
  field->row = row;
  if (value == NULL)
    value = row;
  /* A switch row changes through its switch. */
  if (ADW_IS_ACTION_ROW (value) &&
      g_object_class_find_property (G_OBJECT_GET_CLASS (value), "record-id") == NULL &&
      GTK_IS_SWITCH (adw_action_row_get_activatable_widget (ADW_ACTION_ROW (value))))
    value = adw_action_row_get_activatable_widget (ADW_ACTION_ROW (value));
  field->value = value;
  list = gtk_widget_get_parent (row);
  field->in_list = GTK_IS_LIST_BOX_ROW (row) && GTK_IS_LIST_BOX (list);
  g_ptr_array_add (priv->fields, field);

  focus = gtk_event_controller_focus_new ();
  g_signal_connect_object (focus, "leave", G_CALLBACK (on_field_leave_cb), self, 0);
  gtk_widget_add_controller (row, focus);

  connect_value (self, field->value);
}

void
kt_form_add_banner (KtForm    *self,
                    GtkWidget *banner)
{
  KtFormPrivate *priv = kt_form_get_instance_private (self);

  g_return_if_fail (KT_IS_FORM (self));
  g_return_if_fail (GTK_IS_WIDGET (banner));

  gtk_box_insert_child_after (priv->content_box, banner, priv->header_bar);
}

void
kt_form_alias_field (KtForm     *self,
                     const char *field,
                     const char *key)
{
  KtFormPrivate *priv = kt_form_get_instance_private (self);

  g_return_if_fail (KT_IS_FORM (self));

  g_hash_table_replace (priv->aliases, g_strdup (field), g_strdup (key));
}

void
kt_form_loaded (KtForm *self)
{
  KtFormPrivate *priv = kt_form_get_instance_private (self);
  GtkWidget *first;

  g_return_if_fail (KT_IS_FORM (self));
  g_return_if_fail (priv->record != NULL);

  for (guint i = 0; i < priv->fields->len; i++)
    kt_form_state_mark_loaded (((Field *) g_ptr_array_index (priv->fields, i))->value);
  priv->loaded = TRUE;
  kt_form_validate (self);

  /* The keyboard starts in the first field, not on Cancel, where Enter
   * would throw the edit away, and never on Save. */
  if ((first = first_text_field (self)) != NULL)
    gtk_widget_grab_focus (first);
}

gboolean
kt_form_is_loading (KtForm *self)
{
  KtFormPrivate *priv = kt_form_get_instance_private (self);

  g_return_val_if_fail (KT_IS_FORM (self), TRUE);

  return !priv->loaded;
}

/**
 * kt_form_validate:
 * @self: a form
 *
 * Rebuilds the record from the rows and shows what is wrong with it
 * where the person has been already.
 */
void
kt_form_validate (KtForm *self)
{
  KtFormPrivate *priv = kt_form_get_instance_private (self);
  g_autoptr(GError) error = NULL;
  g_autoptr(KtRecord) record = NULL;
  g_autofree char *field = NULL;

  g_return_if_fail (KT_IS_FORM (self));

  if (!priv->loaded)
    return;

  record = build_record (self, &field, &error);
  g_clear_pointer (&priv->error_field, g_free);
  g_clear_pointer (&priv->error_message, g_free);
  if (record == NULL)
    {
      priv->error_field = g_steal_pointer (&field);
      priv->error_message = g_strdup (error->message);
    }
  show_errors (self);
}

gboolean
kt_form_writes (KtForm    *self,
                GtkWidget *value)
{
  KtFormPrivate *priv = kt_form_get_instance_private (self);

  g_return_val_if_fail (KT_IS_FORM (self), TRUE);

  return !priv->editing || kt_form_state_changed (value);
}

/**
 * kt_form_get_store:
 *
 * Returns: (transfer none): the store
 */
KtStore *
kt_form_get_store (KtForm *self)
{
  KtFormPrivate *priv = kt_form_get_instance_private (self);

  g_return_val_if_fail (KT_IS_FORM (self), NULL);

  return priv->store;
}

/**
 * kt_form_get_record:
 *
 * Returns: (transfer none): the record the form started from
 */
KtRecord *
kt_form_get_record (KtForm *self)
{
  KtFormPrivate *priv = kt_form_get_instance_private (self);

  g_return_val_if_fail (KT_IS_FORM (self), NULL);

  return priv->record;
}

gboolean
kt_form_is_editing (KtForm *self)
{
  KtFormPrivate *priv = kt_form_get_instance_private (self);

  g_return_val_if_fail (KT_IS_FORM (self), FALSE);

  return priv->editing;
}

/**
 * kt_form_get_row:
 *
 * Returns: (transfer none) (nullable): the row of @key
 */
GtkWidget *
kt_form_get_row (KtForm     *self,
                 const char *key)
{
  Field *field;

  g_return_val_if_fail (KT_IS_FORM (self), NULL);
  g_return_val_if_fail (key != NULL, NULL);

  field = find_field (self, key);
  return field != NULL ? field->row : NULL;
}

const char *
kt_form_get_error_field (KtForm *self)
{
  KtFormPrivate *priv = kt_form_get_instance_private (self);

  g_return_val_if_fail (KT_IS_FORM (self), NULL);

  return priv->error_field;
}

const char *
kt_form_get_error (KtForm *self)
{
  KtFormPrivate *priv = kt_form_get_instance_private (self);

  g_return_val_if_fail (KT_IS_FORM (self), NULL);

  return priv->error_message;
}

gboolean
kt_form_is_valid (KtForm *self)
{
  KtFormPrivate *priv = kt_form_get_instance_private (self);

  g_return_val_if_fail (KT_IS_FORM (self), FALSE);

  return priv->error_message == NULL;
}

gboolean
kt_form_is_error_shown (KtForm     *self,
                        const char *key)
{
  Field *field;

  g_return_val_if_fail (KT_IS_FORM (self), FALSE);

  field = find_field (self, key);
  return field != NULL && gtk_widget_has_css_class (field->row, "error");
}

/* Saving asked for it: now every problem may be shown, and the keyboard
 * goes to the row of this one. */
static void
show_problem (KtForm     *self,
              const char *field,
              const char *message)
{
  KtFormPrivate *priv = kt_form_get_instance_private (self);
  Field *culprit;

  priv->show_all_errors = TRUE;
  g_free (priv->error_field);
  priv->error_field = g_strdup (field);
  g_free (priv->error_message);
  priv->error_message = g_strdup (message);
  show_errors (self);
  culprit = find_field (self, priv->error_field);
  if (culprit != NULL)
    gtk_widget_grab_focus (culprit->row);
  /* A row outside a list (a text view in a frame) has no line for
   * its message under it. */
  if (culprit == NULL || !culprit->in_list)
    adw_toast_overlay_add_toast (priv->toast_overlay, adw_toast_new (message));
}

gboolean
kt_form_save (KtForm  *self,
              GError **error)
{
  KtFormPrivate *priv = kt_form_get_instance_private (self);
  g_autoptr(GError) local_error = NULL;
  g_autoptr(KtRecord) record = NULL;
  g_autofree char *field = NULL;

  g_return_val_if_fail (KT_IS_FORM (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* The record as the store holds it now, so a change that arrived while
   * the form was open (a sync, a move on the board) is kept and only the
   * person's own edits go on top. A record the server keeps (the
   * organization) is not in the store. */
  if (priv->editing && (kt_record_get_entity (priv->record)->flags & KT_ENTITY_SERVER) == 0)
    {
      g_autoptr(KtRecord) current = kt_store_get (priv->store, kt_record_get_entity (priv->record),
                                                  kt_record_get_id (priv->record), NULL);

      if (current != NULL)
        g_set_object (&priv->record, current);
    }

  record = build_record (self, &field, &local_error);
  if (record == NULL)
    {
      show_problem (self, field, local_error->message);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  if (!KT_FORM_GET_CLASS (self)->save (self, record, &local_error))
    {
      /* The subclass finishes later (a server's answer), with
       * kt_form_finish_save() or kt_form_fail_save(). */
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_PENDING))
        gtk_widget_set_sensitive (priv->save_button, FALSE);
      else
        adw_toast_overlay_add_toast (priv->toast_overlay, adw_toast_new (local_error->message));
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  kt_form_finish_save (self, record);
  return TRUE;
}

/**
 * kt_form_finish_save:
 * @self: a form whose save answered %G_IO_ERROR_PENDING
 * @record: the record as saved
 *
 * Emits ::saved and closes the form.
 */
void
kt_form_finish_save (KtForm   *self,
                     KtRecord *record)
{
  KtFormPrivate *priv = kt_form_get_instance_private (self);

  g_return_if_fail (KT_IS_FORM (self));
  g_return_if_fail (KT_IS_RECORD (record));

  gtk_widget_set_sensitive (priv->save_button, TRUE);
  g_signal_emit (self, signals[SAVED], 0, record, !priv->editing);
  gtk_window_close (GTK_WINDOW (self));
}

/**
 * kt_form_fail_save:
 * @self: a form whose save answered %G_IO_ERROR_PENDING
 * @field: (nullable): the key of the row the problem is about
 * @message: what went wrong
 *
 * Keeps the form open with what the person typed and shows @message
 * under @field's row, or as a toast when no row can show it.
 */
void
kt_form_fail_save (KtForm     *self,
                   const char *field,
                   const char *message)
{
  KtFormPrivate *priv = kt_form_get_instance_private (self);

  g_return_if_fail (KT_IS_FORM (self));
  g_return_if_fail (message != NULL);

  gtk_widget_set_sensitive (priv->save_button, TRUE);
  show_problem (self, find_field (self, field) != NULL ? field : NULL, message);
}
