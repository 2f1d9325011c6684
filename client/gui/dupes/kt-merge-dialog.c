/* kt-merge-dialog.c: two contacts or companies side by side, merged
 *
 * The survivor (left) keeps its id, so every link to it stays; the
 * other record (right) is merged into it: its deals, tasks, activities
 * and invoices move over and it becomes a tombstone that redirects
 * (client/core/kt-merge.h). Each field where the two differ is a pair
 * of radio buttons with the newer value picked; a value both share is
 * shown once, across both columns. Custom field values are joined
 * without a question (the survivor's win where both have one).
 *
 * Two columns of a homogeneous grid whose labels wrap keep it usable at
 * 360 px; the page scrolls. By keyboard: Tab goes from choice to
 * choice, Space picks, Ctrl+Enter merges, Escape cancels.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-merge-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "kt-merge-dialog.h"
#include "kt-merge.h"
#include "kt-record-text.h"
#include "kt-toast.h"

struct _KtMergeDialog
{
  AdwWindow       parent_instance;

  AdwWindowTitle *window_title;
  GtkLabel       *intro_label;
  GtkGrid        *grid;

  KtStore        *store;
  const KtEntity *entity;
  KtRecord       *survivor;
  KtRecord       *loser;
  GHashTable     *choices;   /* field → the loser's GtkCheckButton */
  GHashTable     *survivor_choices;
  GtkWidget      *first_choice;
};

G_DEFINE_FINAL_TYPE (KtMergeDialog, kt_merge_dialog, ADW_TYPE_WINDOW)

/* What Undo needs after the dialog is gone. */
typedef struct {
  KtStore *store;
  KtMerge *merge;
  GWeakRef parent;
} UndoData;

static void
undo_data_free (UndoData *data)
{
  g_clear_object (&data->store);
  g_clear_pointer (&data->merge, kt_merge_free);
  g_weak_ref_clear (&data->parent);
  g_free (data);
}

static void
on_undo_clicked_cb (AdwToast *toast,
                    UndoData *data)
{
  g_autoptr (GtkWidget) parent = g_weak_ref_get (&data->parent);
  g_autoptr (GError) error = NULL;
  AdwToast *done;

  if (data->merge == NULL)
    return;

  if (!kt_merge_undo (data->merge, data->store, &error))
    done = adw_toast_new (error->message);
  else
    done = adw_toast_new (_("Merge undone"));
  g_clear_pointer (&data->merge, kt_merge_free);
  if (parent != NULL)
    kt_widget_add_toast (parent, done);
  else
    g_object_unref (done);
}

/* Fields a person picks: not the merge's bookkeeping, nor the custom
 * values, which kt_merge_records() joins. */
static gboolean
offers_field (const KtField *field)
{
  return field->type != KT_FIELD_JSON && !g_str_equal (field->name, "merged_into_id") &&
         (field->flags & (KT_FIELD_SERVER | KT_FIELD_SECRET)) == 0;
}

static GtkWidget *
value_label (const char *text)
{
  GtkWidget *label = gtk_label_new (text != NULL ? text : _("Empty"));

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_width_chars (GTK_LABEL (label), 4);
  gtk_label_set_selectable (GTK_LABEL (label), FALSE);
  if (text == NULL)
    gtk_widget_add_css_class (label, "dim-label");
  return label;
}

static GtkWidget *
choice (const char *text,
        GtkWidget  *group)
{
  GtkWidget *check = gtk_check_button_new ();

  gtk_check_button_set_child (GTK_CHECK_BUTTON (check), value_label (text));
  if (group != NULL)
    gtk_check_button_set_group (GTK_CHECK_BUTTON (check), GTK_CHECK_BUTTON (group));
  gtk_widget_set_valign (check, GTK_ALIGN_START);
  return check;
}

static GtkWidget *
heading (const char *text,
         const char *style)
{
  GtkWidget *label = value_label (text);

  gtk_widget_add_css_class (label, style);
  return label;
}

static void
build_rows (KtMergeDialog *self)
{
  g_autoptr (GHashTable) titles = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autofree char *survivor_title = kt_record_text_title (self->survivor);
  g_autofree char *loser_title = kt_record_text_title (self->loser);
  g_autofree char *intro = NULL;
  int row = 0;

  /* Translators: the merge dialog's explanation; the first %s is the
   * record that stays, the second the one merged into it */
  intro = g_strdup_printf (_("“%s” stays. “%s” is merged into it: its deals, tasks, activities and invoices "
                             "move over, and it is removed. Pick the value to keep where they differ."),
                           survivor_title, loser_title);
  gtk_label_set_text (self->intro_label, intro);

  gtk_grid_attach (self->grid, heading (survivor_title, "heading"), 0, row, 1, 1);
  gtk_grid_attach (self->grid, heading (loser_title, "heading"), 1, row, 1, 1);
  row++;

  for (const KtField *f = self->entity->fields; f->name != NULL; f++)
    {
      g_autofree char *ours = NULL;
      g_autofree char *theirs = NULL;
      GtkWidget *label;

      if (!offers_field (f))
        continue;
      ours = kt_record_text_field (self->store, self->survivor, f->name, titles);
      theirs = kt_record_text_field (self->store, self->loser, f->name, titles);
      if (ours == NULL && theirs == NULL)
        continue;

      label = heading (kt_record_text_label (self->entity, f->name), "caption-heading");
      gtk_widget_add_css_class (label, "dim-label");
      gtk_widget_add_css_class (label, "merge-field-label");
      gtk_grid_attach (self->grid, label, 0, row++, 2, 1);

      if (kt_record_has (self->survivor, f->name) == kt_record_has (self->loser, f->name) &&
          (!kt_record_has (self->survivor, f->name) ||
           json_node_equal (kt_record_get_node (self->survivor, f->name),
                            kt_record_get_node (self->loser, f->name))))
        {
          /* The same in both: nothing to choose, shown once. */
          gtk_grid_attach (self->grid, value_label (ours), 0, row++, 2, 1);
        }
      else
        {
          GtkWidget *left = choice (ours, NULL);
          GtkWidget *right = choice (theirs, left);
          gboolean newer = kt_merge_prefers_loser (self->survivor, self->loser, f->name);

          gtk_check_button_set_active (GTK_CHECK_BUTTON (newer ? right : left), TRUE);
          gtk_grid_attach (self->grid, left, 0, row, 1, 1);
          gtk_grid_attach (self->grid, right, 1, row++, 1, 1);
          g_hash_table_insert (self->survivor_choices, (gpointer) f->name, left);
          g_hash_table_insert (self->choices, (gpointer) f->name, right);
          if (self->first_choice == NULL)
            self->first_choice = left;
        }
    }
}

static void
merge_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  KtMergeDialog *self = KT_MERGE_DIALOG (widget);
  g_autoptr (GPtrArray) from_loser = g_ptr_array_new ();
  g_autoptr (GError) error = NULL;
  g_autofree char *survivor_title = kt_record_text_title (self->survivor);
  g_autofree char *loser_title = kt_record_text_title (self->loser);
  g_autofree char *text = NULL;
  GHashTableIter iter;
  gpointer field, check;
  KtMerge *merge;
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));
  AdwToast *toast;
  UndoData *data;

  g_hash_table_iter_init (&iter, self->choices);
  while (g_hash_table_iter_next (&iter, &field, &check))
    if (gtk_check_button_get_active (check))
      g_ptr_array_add (from_loser, field);
  g_ptr_array_add (from_loser, NULL);

  merge = kt_merge_records (self->store, self->entity, kt_record_get_id (self->survivor),
                            kt_record_get_id (self->loser), (const char * const *) from_loser->pdata,
                            &error);
  if (merge == NULL)
    {
      /* The dialog has no overlay: the toast shows in the window under
       * it, and the dialog stays for another try or Cancel. */
      kt_widget_add_toast (GTK_WIDGET (self), adw_toast_new (error->message));
      return;
    }

  data = g_new0 (UndoData, 1);
  data->store = g_object_ref (self->store);
  data->merge = merge;
  g_weak_ref_init (&data->parent, parent);

  /* Translators: a toast; the first %s is the record merged away */
  text = g_strdup_printf (_("Merged “%s” into “%s”"), loser_title, survivor_title);
  toast = adw_toast_new (text);
  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  adw_toast_set_timeout (toast, 10);
  g_object_set_data_full (G_OBJECT (toast), "kt-merge-undo", data, (GDestroyNotify) undo_data_free);
  g_signal_connect (toast, "button-clicked", G_CALLBACK (on_undo_clicked_cb), data);
  if (parent != NULL)
    kt_widget_add_toast (GTK_WIDGET (parent), toast);
  else
    g_object_unref (toast);

  gtk_window_close (GTK_WINDOW (self));
}

static void
kt_merge_dialog_finalize (GObject *object)
{
  KtMergeDialog *self = KT_MERGE_DIALOG (object);

  g_clear_object (&self->store);
  g_clear_object (&self->survivor);
  g_clear_object (&self->loser);
  g_clear_pointer (&self->choices, g_hash_table_unref);
  g_clear_pointer (&self->survivor_choices, g_hash_table_unref);

  G_OBJECT_CLASS (kt_merge_dialog_parent_class)->finalize (object);
}

static void
kt_merge_dialog_class_init (KtMergeDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = kt_merge_dialog_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/kantora/Kantora/dupes/kt-merge-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, KtMergeDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, KtMergeDialog, intro_label);
  gtk_widget_class_bind_template_child (widget_class, KtMergeDialog, grid);

  gtk_widget_class_install_action (widget_class, "merge.merge", NULL, merge_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK, "merge.merge", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, GDK_CONTROL_MASK, "merge.merge", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
kt_merge_dialog_init (KtMergeDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->choices = g_hash_table_new (g_str_hash, g_str_equal);
  self->survivor_choices = g_hash_table_new (g_str_hash, g_str_equal);
}

/**
 * kt_merge_dialog_new:
 *
 * Returns: (transfer full) (nullable): the dialog, not shown yet
 */
GtkWindow *
kt_merge_dialog_new (KtStore        *store,
                     const KtEntity *entity,
                     const char     *survivor_id,
                     const char     *loser_id,
                     GError        **error)
{
  g_autoptr (KtRecord) survivor = NULL;
  g_autoptr (KtRecord) loser = NULL;
  KtMergeDialog *self;

  g_return_val_if_fail (KT_IS_STORE (store), NULL);
  g_return_val_if_fail (entity == KT_ENTITY_CONTACT || entity == KT_ENTITY_COMPANY, NULL);

  survivor = kt_store_get (store, entity, survivor_id, error);
  if (survivor == NULL)
    return NULL;
  loser = kt_store_get (store, entity, loser_id, error);
  if (loser == NULL)
    return NULL;

  self = g_object_new (KT_TYPE_MERGE_DIALOG, NULL);
  self->store = g_object_ref (store);
  self->entity = entity;
  self->survivor = g_steal_pointer (&survivor);
  self->loser = g_steal_pointer (&loser);
  adw_window_title_set_title (self->window_title,
                              entity == KT_ENTITY_CONTACT ? _("Merge Contacts") : _("Merge Companies"));
  build_rows (self);

  /* The keyboard starts at the first choice, never on Merge. */
  if (self->first_choice != NULL)
    gtk_window_set_focus (GTK_WINDOW (self), self->first_choice);

  return GTK_WINDOW (self);
}

/**
 * kt_merge_dialog_get_choice:
 *
 * Returns: (transfer none) (nullable): the radio button
 */
GtkWidget *
kt_merge_dialog_get_choice (KtMergeDialog *self,
                            const char    *field,
                            gboolean       from_loser)
{
  g_return_val_if_fail (KT_IS_MERGE_DIALOG (self), NULL);

  return g_hash_table_lookup (from_loser ? self->choices : self->survivor_choices, field);
}
