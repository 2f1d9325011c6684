/* kt-view-list.c: the user's saved views in the sidebar
 *
 * Below the sections, one row per saved view, grouped under the title of
 * its section in sidebar order. Activating a row opens the view
 * (win.open-view: the section, then its pane's pane.open-view); a right
 * click, the Menu key or Shift+F10 offers Rename and Delete, which F2
 * and Delete also do. The list follows the store, so a view saved in a
 * pane or pulled from another device shows up at once.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-view-list"

#include "config.h"

#include <glib/gi18n.h>

#include "kt-name-dialog.h"
#include "kt-saved-views.h"
#include "kt-toast.h"
#include "kt-view-list.h"
#include "kt-window-sections.h"

struct _KtViewList
{
  GtkWidget   parent_instance;

  KtContext  *context;
  GtkWidget  *box;
  GtkListBox *list;
  GMenu      *menu;
  GtkWidget  *popover;
};

G_DEFINE_FINAL_TYPE (KtViewList, kt_view_list, GTK_TYPE_WIDGET)

static guint
section_position (const char *id)
{
  guint position = G_MAXUINT;

  if (id != NULL)
    kt_sections_lookup (id, &position);
  return position;
}

static int
compare_views (gconstpointer a,
               gconstpointer b)
{
  KtRecord *x = *(KtRecord **) a;
  KtRecord *y = *(KtRecord **) b;
  guint px = section_position (kt_record_get_string (x, "section"));
  guint py = section_position (kt_record_get_string (y, "section"));

  if (px != py)
    return px < py ? -1 : 1;
  return g_utf8_collate (kt_record_get_string (x, "name"), kt_record_get_string (y, "name"));
}

/* The title of the section above its first view. */
static void
header_func (GtkListBoxRow *row,
             GtkListBoxRow *before,
             gpointer       user_data)
{
  const char *section = g_object_get_data (G_OBJECT (row), "kt-section");
  const KtSection *known;
  GtkWidget *label;

  if (before != NULL && g_strcmp0 (section, g_object_get_data (G_OBJECT (before), "kt-section")) == 0)
    {
      gtk_list_box_row_set_header (row, NULL);
      return;
    }
  known = section != NULL ? kt_sections_lookup (section, NULL) : NULL;
  label = gtk_label_new (known != NULL ? _(known->title) : section);
  gtk_label_set_xalign (GTK_LABEL (label), 0.0f);
  gtk_widget_set_margin_start (label, 12);
  gtk_widget_set_margin_top (label, 6);
  gtk_widget_add_css_class (label, "dim-label");
  gtk_widget_add_css_class (label, "caption-heading");
  gtk_list_box_row_set_header (row, label);
}

static void
reload (KtViewList *self)
{
  g_autoptr(GPtrArray) views = NULL;
  g_autoptr(GError) error = NULL;
  GtkListBoxRow *selected = gtk_list_box_get_selected_row (self->list);
  g_autofree char *selected_id = selected != NULL ? g_strdup (g_object_get_data (G_OBJECT (selected), "kt-id")) : NULL;
  GtkWidget *child;

  /* By index: the list's first child may be a row's header. */
  while ((child = GTK_WIDGET (gtk_list_box_get_row_at_index (self->list, 0))) != NULL)
    gtk_list_box_remove (self->list, child);

  if (self->context != NULL)
    views = kt_saved_views_load (kt_context_get_store (self->context), NULL, &error);
  if (views == NULL)
    {
      if (error != NULL)
        g_warning ("Could not read the saved views: %s", error->message);
      gtk_widget_set_visible (self->box, FALSE);
      return;
    }

  /* The sidebar's order, which the store does not know. */
  g_ptr_array_sort (views, compare_views);
  for (guint i = 0; i < views->len; i++)
    {
      KtRecord *view = g_ptr_array_index (views, i);
      const char *section = kt_record_get_string (view, "section");
      GtkWidget *row = gtk_list_box_row_new ();
      GtkWidget *label = gtk_label_new (kt_record_get_string (view, "name"));
      g_autofree char *name = g_strconcat ("view-", kt_record_get_id (view), NULL);

      /* A view of a section this build has no pane for is kept, not
       * shown: a newer client's. */
      if (section_position (section) == G_MAXUINT)
        continue;
      gtk_label_set_xalign (GTK_LABEL (label), 0.0f);
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
      gtk_widget_set_margin_start (label, 30);
      gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), label);
      gtk_widget_set_name (row, name);
      g_object_set_data_full (G_OBJECT (row), "kt-id", g_strdup (kt_record_get_id (view)), g_free);
      g_object_set_data_full (G_OBJECT (row), "kt-section", g_strdup (section), g_free);
      g_object_set_data_full (G_OBJECT (row), "kt-name", g_strdup (kt_record_get_string (view, "name")), g_free);
      gtk_list_box_append (self->list, row);
    }
  gtk_widget_set_visible (self->box, gtk_list_box_get_row_at_index (self->list, 0) != NULL);
  if (selected_id != NULL)
    kt_view_list_select (self, selected_id);
}

static void
on_store_changed_cb (KtViewList *self,
                     const char *entity,
                     const char *id,
                     KtStore    *store)
{
  if (entity == NULL || g_str_equal (entity, KT_ENTITY_SAVED_VIEW->name))
    reload (self);
}

static void
on_row_activated_cb (KtViewList    *self,
                     GtkListBoxRow *row,
                     GtkListBox    *list)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "win.open-view", "(ss)",
                              g_object_get_data (G_OBJECT (row), "kt-section"),
                              g_object_get_data (G_OBJECT (row), "kt-id"));
}

static GtkListBoxRow *
focused_row (KtViewList *self)
{
  GtkListBoxRow *row = gtk_list_box_get_selected_row (self->list);
  GtkWidget *focus = gtk_root_get_focus (gtk_widget_get_root (GTK_WIDGET (self)));

  /* The keyboard acts on the row it is on, the pointer's menu on the row
   * it was opened over (which it selects). */
  if (focus != NULL && GTK_IS_LIST_BOX_ROW (focus) &&
      gtk_widget_get_parent (focus) == GTK_WIDGET (self->list))
    row = GTK_LIST_BOX_ROW (focus);
  return row;
}

static void
on_renamed (GtkWidget  *widget,
            const char *name,
            gpointer    user_data)
{
  KtViewList *self = KT_VIEW_LIST (widget);
  const char *id = user_data;
  g_autoptr(GError) error = NULL;

  if (!kt_saved_views_rename (kt_context_get_store (self->context), id, name, &error))
    kt_widget_add_toast (widget, adw_toast_new (error->message));
}

static void
rename_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  KtViewList *self = KT_VIEW_LIST (widget);
  GtkListBoxRow *row = focused_row (self);

  if (row == NULL || self->context == NULL)
    return;
  kt_name_dialog_present (widget, _("Rename View"), NULL,
                          g_object_get_data (G_OBJECT (row), "kt-name"), _("_Rename"),
                          on_renamed, g_strdup (g_object_get_data (G_OBJECT (row), "kt-id")), g_free);
}

static void
on_undo_delete_cb (AdwToast   *toast,
                   KtViewList *self)
{
  const char *id = g_object_get_data (G_OBJECT (toast), "kt-id");
  g_autoptr(GError) error = NULL;

  if (self->context != NULL &&
      !kt_store_undelete (kt_context_get_store (self->context), KT_ENTITY_SAVED_VIEW, id, &error))
    kt_widget_add_toast (GTK_WIDGET (self), adw_toast_new (error->message));
}

static void
delete_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  KtViewList *self = KT_VIEW_LIST (widget);
  GtkListBoxRow *row = focused_row (self);
  g_autofree char *id = NULL;
  g_autofree char *message = NULL;
  g_autoptr(GError) error = NULL;
  AdwToast *toast;

  if (row == NULL || self->context == NULL)
    return;
  id = g_strdup (g_object_get_data (G_OBJECT (row), "kt-id"));
  /* Translators: %s is the name of a saved view */
  message = g_strdup_printf (_("View “%s” deleted"), (const char *) g_object_get_data (G_OBJECT (row), "kt-name"));
  if (!kt_store_delete (kt_context_get_store (self->context), KT_ENTITY_SAVED_VIEW, id, &error))
    {
      kt_widget_add_toast (widget, adw_toast_new (error->message));
      return;
    }
  toast = adw_toast_new (message);
  adw_toast_set_button_label (toast, _("_Undo"));
  g_object_set_data_full (G_OBJECT (toast), "kt-id", g_steal_pointer (&id), g_free);
  g_signal_connect_object (toast, "button-clicked", G_CALLBACK (on_undo_delete_cb), self, 0);
  kt_widget_add_toast (widget, toast);
}

static void
popup_menu_at (KtViewList    *self,
               GtkListBoxRow *row)
{
  graphene_rect_t bounds;
  GdkRectangle rect;

  if (row == NULL)
    return;
  gtk_list_box_select_row (self->list, row);
  gtk_widget_grab_focus (GTK_WIDGET (row));
  if (!gtk_widget_compute_bounds (GTK_WIDGET (row), GTK_WIDGET (self), &bounds))
    return;
  rect.x = (int) bounds.origin.x + 24;
  rect.y = (int) (bounds.origin.y + bounds.size.height);
  rect.width = rect.height = 1;
  gtk_popover_set_pointing_to (GTK_POPOVER (self->popover), &rect);
  gtk_popover_popup (GTK_POPOVER (self->popover));
}

static void
menu_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  KtViewList *self = KT_VIEW_LIST (widget);

  popup_menu_at (self, focused_row (self));
}

static void
on_secondary_click_cb (GtkGestureClick *gesture,
                       int              n_press,
                       double           x,
                       double           y,
                       KtViewList      *self)
{
  GtkListBoxRow *row = gtk_list_box_get_row_at_y (self->list, (int) y);

  popup_menu_at (self, row);
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
}

static void
kt_view_list_measure (GtkWidget      *widget,
                      GtkOrientation  orientation,
                      int             for_size,
                      int            *minimum,
                      int            *natural,
                      int            *minimum_baseline,
                      int            *natural_baseline)
{
  gtk_widget_measure (KT_VIEW_LIST (widget)->box, orientation, for_size, minimum, natural,
                      minimum_baseline, natural_baseline);
}

/* The popover is a child too, which a layout manager would size like
 * the box: it is presented instead. */
static void
kt_view_list_size_allocate (GtkWidget *widget,
                            int        width,
                            int        height,
                            int        baseline)
{
  KtViewList *self = KT_VIEW_LIST (widget);

  gtk_widget_allocate (self->box, width, height, baseline, NULL);
  gtk_popover_present (GTK_POPOVER (self->popover));
}

static void
kt_view_list_dispose (GObject *object)
{
  KtViewList *self = KT_VIEW_LIST (object);

  g_clear_pointer (&self->popover, gtk_widget_unparent);
  g_clear_pointer (&self->box, gtk_widget_unparent);
  g_clear_object (&self->menu);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (kt_view_list_parent_class)->dispose (object);
}

static void
kt_view_list_class_init (KtViewListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kt_view_list_dispose;

  gtk_widget_class_install_action (widget_class, "view.rename", NULL, rename_action);
  gtk_widget_class_install_action (widget_class, "view.delete", NULL, delete_action);
  gtk_widget_class_install_action (widget_class, "view.menu", NULL, menu_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F2, 0, "view.rename", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, 0, "view.delete", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Delete, 0, "view.delete", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Menu, 0, "view.menu", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F10, GDK_SHIFT_MASK, "view.menu", NULL);

  widget_class->measure = kt_view_list_measure;
  widget_class->size_allocate = kt_view_list_size_allocate;
}

static void
kt_view_list_init (KtViewList *self)
{
  GtkWidget *heading = gtk_label_new (_("Saved Views"));
  GtkGesture *click = gtk_gesture_click_new ();

  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));
  gtk_widget_set_visible (self->box, FALSE);

  gtk_label_set_xalign (GTK_LABEL (heading), 0.0f);
  gtk_widget_set_margin_start (heading, 12);
  gtk_widget_set_margin_top (heading, 12);
  gtk_widget_add_css_class (heading, "heading");
  gtk_box_append (GTK_BOX (self->box), heading);

  self->list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->list, GTK_SELECTION_SINGLE);
  gtk_widget_add_css_class (GTK_WIDGET (self->list), "navigation-sidebar");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->list), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Saved Views"), -1);
  gtk_list_box_set_header_func (self->list, header_func, NULL, NULL);
  g_signal_connect_object (self->list, "row-activated", G_CALLBACK (on_row_activated_cb), self, G_CONNECT_SWAPPED);
  gtk_box_append (GTK_BOX (self->box), GTK_WIDGET (self->list));

  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_SECONDARY);
  g_signal_connect_object (click, "pressed", G_CALLBACK (on_secondary_click_cb), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (self->list), GTK_EVENT_CONTROLLER (click));

  self->menu = g_menu_new ();
  g_menu_append (self->menu, _("_Rename…"), "view.rename");
  g_menu_append (self->menu, _("_Delete"), "view.delete");
  self->popover = gtk_popover_menu_new_from_model (G_MENU_MODEL (self->menu));
  gtk_popover_set_has_arrow (GTK_POPOVER (self->popover), FALSE);
  gtk_widget_set_halign (self->popover, GTK_ALIGN_START);
  gtk_widget_set_parent (self->popover, GTK_WIDGET (self));
}

GtkWidget *
kt_view_list_new (void)
{
  return g_object_new (KT_TYPE_VIEW_LIST, NULL);
}

void
kt_view_list_set_context (KtViewList *self,
                          KtContext  *context)
{
  g_return_if_fail (KT_IS_VIEW_LIST (self));

  if (self->context != NULL)
    g_signal_handlers_disconnect_by_data (kt_context_get_store (self->context), self);
  g_set_object (&self->context, context);
  if (context != NULL)
    g_signal_connect_object (kt_context_get_store (context), "changed",
                             G_CALLBACK (on_store_changed_cb), self, G_CONNECT_SWAPPED);
  reload (self);
}

GtkListBox *
kt_view_list_get_list (KtViewList *self)
{
  g_return_val_if_fail (KT_IS_VIEW_LIST (self), NULL);

  return self->list;
}

void
kt_view_list_select (KtViewList *self,
                     const char *id)
{
  g_return_if_fail (KT_IS_VIEW_LIST (self));

  for (int i = 0; id != NULL && gtk_list_box_get_row_at_index (self->list, i) != NULL; i++)
    {
      GtkListBoxRow *row = gtk_list_box_get_row_at_index (self->list, i);

      if (g_strcmp0 (g_object_get_data (G_OBJECT (row), "kt-id"), id) == 0)
        {
          gtk_list_box_select_row (self->list, row);
          return;
        }
    }
  gtk_list_box_unselect_all (self->list);
}
