/* kt-duplicates-window.c: the pairs of contacts or companies that may
 * be one, each to merge or to rule out
 *
 * The pairs come from kt_store_list_duplicates() in KtDuplicateFinder's
 * worker thread (a spinner shows meanwhile), without the pairs ruled out
 * before, and the list view makes rows only for what is on screen. Each
 * row says why the two look like one and offers Merge… (the merge
 * dialog, the older record on the left staying) and Not a Duplicate
 * (remembered on this computer, in the store's meta rows, and never
 * listed again). The list follows the store: a merge, its Undo or a sync
 * runs the lookup again.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-duplicates"

#include "config.h"

#include <glib/gi18n.h>

#include "kt-duplicate-banner.h"
#include "kt-duplicate-finder.h"
#include "kt-duplicate-pair-item.h"
#include "kt-duplicates-window.h"
#include "kt-merge-dialog.h"
#include "kt-toast.h"

/* A sync writes in bursts: look again once it is quiet. */
#define RELOAD_DELAY_MS 200

struct _KtDuplicatesWindow
{
  AdwWindow       parent_instance;

  AdwWindowTitle *window_title;
  GtkStack       *stack;
  GtkSpinner     *spinner;
  AdwStatusPage  *error_page;
  GtkListView    *list_view;

  KtStore        *store;
  const KtEntity *entity;
  GListStore     *pairs;
  GCancellable   *cancellable;
  guint           reload_id;
};

G_DEFINE_FINAL_TYPE (KtDuplicatesWindow, kt_duplicates_window, ADW_TYPE_WINDOW)

static void
on_listed_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr (KtDuplicatesWindow) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) pairs = NULL;
  g_autoptr (GPtrArray) items = NULL;

  pairs = kt_duplicate_finder_list_finish (KT_DUPLICATE_FINDER (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->cancellable);
  gtk_spinner_stop (self->spinner);

  if (pairs == NULL)
    {
      adw_status_page_set_description (self->error_page, error->message);
      gtk_stack_set_visible_child_name (self->stack, "error");
      return;
    }

  /* One splice: the view hears of one change, not one per pair. */
  items = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < pairs->len; i++)
    g_ptr_array_add (items, kt_duplicate_pair_item_new (g_steal_pointer (&pairs->pdata[i])));
  g_list_store_splice (self->pairs, 0, g_list_model_get_n_items (G_LIST_MODEL (self->pairs)),
                       items->pdata, items->len);
  gtk_stack_set_visible_child_name (self->stack, items->len > 0 ? "list" : "empty");
}

static void
reload (KtDuplicatesWindow *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  /* A list already shown stays while the new one is looked for. */
  if (g_list_model_get_n_items (G_LIST_MODEL (self->pairs)) == 0)
    {
      gtk_spinner_start (self->spinner);
      gtk_stack_set_visible_child_name (self->stack, "loading");
    }
  kt_duplicate_finder_list_async (kt_duplicate_finder_get_for_store (self->store), self->entity,
                                  self->cancellable, on_listed_cb, g_object_ref (self));
}

static gboolean
on_reload_timeout_cb (gpointer user_data)
{
  KtDuplicatesWindow *self = user_data;

  self->reload_id = 0;
  reload (self);
  return G_SOURCE_REMOVE;
}

static void
on_store_changed_cb (KtDuplicatesWindow *self,
                     const char         *entity,
                     const char         *id)
{
  if (entity != NULL && !g_str_equal (entity, self->entity->name))
    return;
  g_clear_handle_id (&self->reload_id, g_source_remove);
  self->reload_id = g_timeout_add (RELOAD_DELAY_MS, on_reload_timeout_cb, self);
}

static void
remove_pair (KtDuplicatesWindow *self,
             const char         *id_a,
             const char         *id_b)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->pairs));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr (KtDuplicatePairItem) item = g_list_model_get_item (G_LIST_MODEL (self->pairs), i);
      const KtDuplicatePair *pair = kt_duplicate_pair_item_get_pair (item);

      if (g_str_equal (pair->id_a, id_a) && g_str_equal (pair->id_b, id_b))
        {
          g_list_store_remove (self->pairs, i);
          break;
        }
    }

  if (g_list_model_get_n_items (G_LIST_MODEL (self->pairs)) == 0)
    gtk_stack_set_visible_child_name (self->stack, "empty");
}

static void
merge_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  KtDuplicatesWindow *self = KT_DUPLICATES_WINDOW (widget);
  g_autoptr (GError) error = NULL;
  const char *id_a, *id_b;
  GtkWindow *dialog;

  g_variant_get (param, "(&s&s)", &id_a, &id_b);
  dialog = kt_merge_dialog_new (self->store, self->entity, id_a, id_b, &error);
  if (dialog == NULL)
    {
      kt_widget_add_toast (widget, adw_toast_new (error->message));
      return;
    }
  gtk_window_set_transient_for (dialog, GTK_WINDOW (self));
  gtk_window_present (dialog);
}

static void
dismiss_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  KtDuplicatesWindow *self = KT_DUPLICATES_WINDOW (widget);
  g_autoptr (GError) error = NULL;
  const char *id_a, *id_b;

  g_variant_get (param, "(&s&s)", &id_a, &id_b);
  if (!kt_duplicate_finder_dismiss (kt_duplicate_finder_get_for_store (self->store),
                                    self->entity, id_a, id_b, &error))
    {
      kt_widget_add_toast (widget, adw_toast_new (error->message));
      return;
    }
  remove_pair (self, id_a, id_b);
}

static void
on_setup_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *list_item,
             gpointer                  user_data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *title = gtk_label_new (NULL);
  GtkWidget *reasons = gtk_label_new (NULL);
  GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *merge = gtk_button_new_with_mnemonic (_("_Merge…"));
  GtkWidget *dismiss = gtk_button_new_with_mnemonic (_("_Not a Duplicate"));

  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_widget_set_margin_top (box, 10);
  gtk_widget_set_margin_bottom (box, 10);
  for (guint i = 0; i < 2; i++)
    {
      GtkLabel *label = GTK_LABEL (i == 0 ? title : reasons);

      gtk_label_set_xalign (label, 0);
      gtk_label_set_wrap (label, TRUE);
      gtk_label_set_wrap_mode (label, PANGO_WRAP_WORD_CHAR);
      gtk_label_set_width_chars (label, 10);
    }
  gtk_widget_add_css_class (title, "heading");
  gtk_widget_add_css_class (reasons, "dim-label");
  gtk_widget_set_margin_top (buttons, 4);
  /* The actions are named in bind, after their targets: a name without
   * its "(ss)" target is a warning. */
  g_object_set_data (G_OBJECT (merge), "kt-action", (gpointer) "dupes.merge");
  g_object_set_data (G_OBJECT (dismiss), "kt-action", (gpointer) "dupes.dismiss");
  gtk_box_append (GTK_BOX (buttons), merge);
  gtk_box_append (GTK_BOX (buttons), dismiss);
  gtk_box_append (GTK_BOX (box), title);
  gtk_box_append (GTK_BOX (box), reasons);
  gtk_box_append (GTK_BOX (box), buttons);
  gtk_list_item_set_child (list_item, box);
  /* The buttons take the keyboard, not the row. */
  gtk_list_item_set_activatable (list_item, FALSE);
  gtk_list_item_set_selectable (list_item, FALSE);
}

static void
on_bind_cb (GtkSignalListItemFactory *factory,
            GtkListItem              *list_item,
            gpointer                  user_data)
{
  KtDuplicatePairItem *item = gtk_list_item_get_item (list_item);
  const KtDuplicatePair *pair = kt_duplicate_pair_item_get_pair (item);
  GtkWidget *box = gtk_list_item_get_child (list_item);
  GtkWidget *title = gtk_widget_get_first_child (box);
  GtkWidget *reasons = gtk_widget_get_next_sibling (title);
  GtkWidget *buttons = gtk_widget_get_next_sibling (reasons);
  g_autofree char *both = NULL;
  g_autofree char *why = kt_duplicate_reasons_text (pair->reasons);
  g_autofree char *why_sentence = NULL;
  GVariant *target = g_variant_ref_sink (g_variant_new ("(ss)", pair->id_a, pair->id_b));

  /* Translators: a pair in the Duplicates window: "Ivan Petrov and Иван Петров" */
  both = g_strdup_printf (_("%s and %s"), pair->title_a, pair->title_b);
  gtk_label_set_text (GTK_LABEL (title), both);
  /* The reasons as a sentence of their own: "Same email, similar name". */
  if (why[0] != '\0')
    {
      g_autofree char *first = g_utf8_strup (why, g_utf8_next_char (why) - why);

      why_sentence = g_strconcat (first, g_utf8_next_char (why), NULL);
    }
  gtk_label_set_text (GTK_LABEL (reasons), why_sentence != NULL ? why_sentence : why);
  for (GtkWidget *b = gtk_widget_get_first_child (buttons); b != NULL; b = gtk_widget_get_next_sibling (b))
    {
      gtk_actionable_set_action_target_value (GTK_ACTIONABLE (b), target);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (b), g_object_get_data (G_OBJECT (b), "kt-action"));
    }
  g_variant_unref (target);
}

static void
kt_duplicates_window_dispose (GObject *object)
{
  KtDuplicatesWindow *self = KT_DUPLICATES_WINDOW (object);

  g_clear_handle_id (&self->reload_id, g_source_remove);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);

  G_OBJECT_CLASS (kt_duplicates_window_parent_class)->dispose (object);
}

static void
kt_duplicates_window_finalize (GObject *object)
{
  KtDuplicatesWindow *self = KT_DUPLICATES_WINDOW (object);

  g_clear_object (&self->store);
  g_clear_object (&self->pairs);

  G_OBJECT_CLASS (kt_duplicates_window_parent_class)->finalize (object);
}

static void
kt_duplicates_window_class_init (KtDuplicatesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kt_duplicates_window_dispose;
  object_class->finalize = kt_duplicates_window_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/kantora/Kantora/dupes/kt-duplicates-window.ui");
  gtk_widget_class_bind_template_child (widget_class, KtDuplicatesWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, KtDuplicatesWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, KtDuplicatesWindow, spinner);
  gtk_widget_class_bind_template_child (widget_class, KtDuplicatesWindow, error_page);
  gtk_widget_class_bind_template_child (widget_class, KtDuplicatesWindow, list_view);

  gtk_widget_class_install_action (widget_class, "dupes.merge", "(ss)", merge_action);
  gtk_widget_class_install_action (widget_class, "dupes.dismiss", "(ss)", dismiss_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
kt_duplicates_window_init (KtDuplicatesWindow *self)
{
  g_autoptr (GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  g_autoptr (GtkNoSelection) selection = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->pairs = g_list_store_new (KT_TYPE_DUPLICATE_PAIR_ITEM);
  g_signal_connect (factory, "setup", G_CALLBACK (on_setup_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (on_bind_cb), NULL);
  gtk_list_view_set_factory (self->list_view, factory);
  selection = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->pairs)));
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (selection));
}

/**
 * kt_duplicates_window_present:
 *
 * Returns: (transfer none): the window
 */
GtkWindow *
kt_duplicates_window_present (GtkWidget      *widget,
                              KtStore        *store,
                              const KtEntity *entity)
{
  KtDuplicatesWindow *self;
  GtkRoot *root;

  g_return_val_if_fail (GTK_IS_WIDGET (widget), NULL);
  g_return_val_if_fail (KT_IS_STORE (store), NULL);
  g_return_val_if_fail (entity == KT_ENTITY_CONTACT || entity == KT_ENTITY_COMPANY, NULL);

  self = g_object_new (KT_TYPE_DUPLICATES_WINDOW, NULL);
  self->store = g_object_ref (store);
  self->entity = entity;
  adw_window_title_set_title (self->window_title,
                              entity == KT_ENTITY_CONTACT ? _("Duplicate Contacts") : _("Duplicate Companies"));
  g_signal_connect_swapped (store, "changed", G_CALLBACK (on_store_changed_cb), self);

  root = gtk_widget_get_root (widget);
  if (GTK_IS_WINDOW (root))
    {
      gtk_window_set_transient_for (GTK_WINDOW (self), GTK_WINDOW (root));
      gtk_window_set_modal (GTK_WINDOW (self), TRUE);
    }
  reload (self);
  gtk_window_present (GTK_WINDOW (self));
  return GTK_WINDOW (self);
}

GListModel *
kt_duplicates_window_get_pairs (KtDuplicatesWindow *self)
{
  g_return_val_if_fail (KT_IS_DUPLICATES_WINDOW (self), NULL);

  return G_LIST_MODEL (self->pairs);
}

gboolean
kt_duplicates_window_is_loading (KtDuplicatesWindow *self)
{
  g_return_val_if_fail (KT_IS_DUPLICATES_WINDOW (self), FALSE);

  return self->cancellable != NULL || self->reload_id != 0;
}

GtkWidget *
kt_duplicates_button_new (void)
{
  GtkWidget *button = gtk_button_new_from_icon_name ("edit-copy-symbolic");

  gtk_widget_set_tooltip_text (button, _("Find Duplicates (Ctrl+Shift+D)"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Find Duplicates"), -1);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "pane.duplicates");
  return button;
}
