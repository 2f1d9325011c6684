/* kt-studio-palette.c: the variables a template can print, to insert
 *
 * The catalogue (shared/kt-tmpl-vars.h) as template_variable records,
 * searched by key, label and description as you type. Activating a row
 * (a click, or Enter) inserts its tag at the editor's cursor through the
 * action studio.insert-text, which the editor installs; a row can also be
 * dragged into the text, where GtkTextView takes the dropped string.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-studio-palette"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "kt-studio-palette.h"
#include "kt-tmpl-vars.h"

struct _KtStudioPalette
{
  GtkWidget           parent_instance;

  GListStore         *variables;
  GtkFilterListModel *filtered;
  GtkCustomFilter    *filter;
  char               *search;   /* casefolded */

  /* Template children */
  GtkWidget          *box;
  GtkSearchEntry     *search_entry;
  GtkListView        *list_view;
};

G_DEFINE_FINAL_TYPE (KtStudioPalette, kt_studio_palette, GTK_TYPE_WIDGET)

/* The lists of the context (docs/templates.md): their fields are printed
 * inside a loop over them, by the field's own name. */
static const char * const loops[] = { "items", "totals.vat", NULL };

char *
kt_studio_palette_tag_for (const char *key)
{
  g_return_val_if_fail (key != NULL, NULL);

  for (guint i = 0; loops[i] != NULL; i++)
    {
      gsize len = strlen (loops[i]);

      if (g_str_equal (key, loops[i]))
        return g_strdup_printf ("{{#%s}}\n{{/%s}}", key, key);
      if (g_str_has_prefix (key, loops[i]) && key[len] == '.' && strchr (key + len + 1, '.') == NULL)
        return g_strdup_printf ("{{%s}}", key + len + 1);
    }

  return g_strdup_printf ("{{%s}}", key);
}

static gboolean
contains_folded (const char *text,
                 const char *needle)
{
  g_autofree char *folded = NULL;

  if (text == NULL)
    return FALSE;
  folded = g_utf8_casefold (text, -1);
  return strstr (folded, needle) != NULL;
}

static gboolean
filter_variable (gpointer item,
                 gpointer user_data)
{
  KtStudioPalette *self = user_data;
  KtRecord *variable = item;

  if (self->search == NULL || *self->search == '\0')
    return TRUE;

  return contains_folded (kt_record_get_string (variable, "key"), self->search) ||
         contains_folded (kt_record_get_string (variable, "label"), self->search) ||
         contains_folded (kt_record_get_string (variable, "description"), self->search);
}

static void
on_search_changed_cb (KtStudioPalette *self)
{
  g_clear_pointer (&self->search, g_free);
  self->search = g_utf8_casefold (gtk_editable_get_text (GTK_EDITABLE (self->search_entry)), -1);
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
}

static void
on_stop_search_cb (KtStudioPalette *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
}

static void
on_activate_cb (GtkListView     *list_view,
                guint            position,
                KtStudioPalette *self)
{
  g_autoptr(KtRecord) variable = g_list_model_get_item (G_LIST_MODEL (self->filtered), position);
  g_autofree char *tag = NULL;

  if (variable == NULL)
    return;
  tag = kt_studio_palette_tag_for (kt_record_get_string (variable, "key"));
  gtk_widget_activate_action (GTK_WIDGET (self), "studio.insert-text", "s", tag);
}

static GdkContentProvider *
on_drag_prepare_cb (GtkDragSource *source,
                    double         x,
                    double         y,
                    GtkListItem   *item)
{
  KtRecord *variable = gtk_list_item_get_item (item);
  g_autofree char *tag = NULL;

  if (variable == NULL)
    return NULL;
  tag = kt_studio_palette_tag_for (kt_record_get_string (variable, "key"));
  return gdk_content_provider_new_typed (G_TYPE_STRING, tag);
}

static void
setup_row_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              KtStudioPalette          *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *key = gtk_label_new (NULL);
  GtkWidget *description = gtk_label_new (NULL);
  GtkDragSource *drag = gtk_drag_source_new ();

  gtk_label_set_xalign (GTK_LABEL (key), 0);
  gtk_label_set_ellipsize (GTK_LABEL (key), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (key, "monospace");
  gtk_label_set_xalign (GTK_LABEL (description), 0);
  gtk_label_set_wrap (GTK_LABEL (description), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (description), 30);
  gtk_widget_add_css_class (description, "dim-label");
  gtk_widget_add_css_class (description, "caption");
  gtk_box_append (GTK_BOX (box), key);
  gtk_box_append (GTK_BOX (box), description);

  gtk_drag_source_set_actions (drag, GDK_ACTION_COPY);
  g_signal_connect (drag, "prepare", G_CALLBACK (on_drag_prepare_cb), item);
  gtk_widget_add_controller (box, GTK_EVENT_CONTROLLER (drag));
  gtk_list_item_set_child (item, box);
}

static void
bind_row_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *item,
             KtStudioPalette          *self)
{
  KtRecord *variable = gtk_list_item_get_item (item);
  GtkWidget *box = gtk_list_item_get_child (item);
  GtkWidget *key = gtk_widget_get_first_child (box);
  GtkWidget *description = gtk_widget_get_next_sibling (key);
  const char *example = kt_record_get_string (variable, "example");
  g_autofree char *tooltip = NULL;

  gtk_label_set_label (GTK_LABEL (key), kt_record_get_string (variable, "key"));
  gtk_label_set_label (GTK_LABEL (description), kt_record_get_string (variable, "description"));
  if (example != NULL && *example != '\0')
    /* Translators: a variable's example value in the palette's tooltip */
    tooltip = g_strdup_printf (_("For example: %s"), example);
  gtk_widget_set_tooltip_text (box, tooltip);
}

static void
kt_studio_palette_dispose (GObject *object)
{
  KtStudioPalette *self = KT_STUDIO_PALETTE (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), KT_TYPE_STUDIO_PALETTE);
  g_clear_object (&self->filtered);
  g_clear_object (&self->variables);
  g_clear_pointer (&self->search, g_free);

  G_OBJECT_CLASS (kt_studio_palette_parent_class)->dispose (object);
}

static void
kt_studio_palette_class_init (KtStudioPaletteClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kt_studio_palette_dispose;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/kantora/Kantora/studio/kt-studio-palette.ui");
  gtk_widget_class_bind_template_child (widget_class, KtStudioPalette, box);
  gtk_widget_class_bind_template_child (widget_class, KtStudioPalette, search_entry);
  gtk_widget_class_bind_template_child (widget_class, KtStudioPalette, list_view);
}

static void
kt_studio_palette_init (KtStudioPalette *self)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkNoSelection *selection;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->variables = g_list_store_new (KT_TYPE_RECORD);
  for (const KtTmplVariable *v = kt_tmpl_variables (); v->key != NULL; v++)
    {
      g_autoptr(KtRecord) record = kt_tmpl_variable_to_record (v);
      g_list_store_append (self->variables, record);
    }

  self->filter = gtk_custom_filter_new (filter_variable, self, NULL);
  self->filtered = gtk_filter_list_model_new (G_LIST_MODEL (g_object_ref (self->variables)),
                                              GTK_FILTER (self->filter));
  selection = gtk_no_selection_new (G_LIST_MODEL (g_object_ref (self->filtered)));
  g_signal_connect (factory, "setup", G_CALLBACK (setup_row_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row_cb), self);
  gtk_list_view_set_factory (self->list_view, factory);
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (selection));
  g_object_unref (factory);
  g_object_unref (selection);

  g_signal_connect (self->list_view, "activate", G_CALLBACK (on_activate_cb), self);
  g_signal_connect_swapped (self->search_entry, "search-changed", G_CALLBACK (on_search_changed_cb), self);
  g_signal_connect_swapped (self->search_entry, "stop-search", G_CALLBACK (on_stop_search_cb), self);
}

GtkWidget *
kt_studio_palette_new (void)
{
  return g_object_new (KT_TYPE_STUDIO_PALETTE, NULL);
}

GListModel *
kt_studio_palette_get_model (KtStudioPalette *self)
{
  g_return_val_if_fail (KT_IS_STUDIO_PALETTE (self), NULL);
  return G_LIST_MODEL (self->filtered);
}

GtkWidget *
kt_studio_palette_get_search_entry (KtStudioPalette *self)
{
  g_return_val_if_fail (KT_IS_STUDIO_PALETTE (self), NULL);
  return GTK_WIDGET (self->search_entry);
}
