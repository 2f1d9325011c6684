/* kt-studio-editor.c: one document template being edited
 *
 * The template's three texts (header, body, footer) are three
 * GtkSourceBuffers shown in one GtkSourceView, each with its own undo
 * history, highlighted by kantora-template.lang and completed from the
 * variable catalogue. Beside them the palette and the properties (which
 * write into the editor's working copy of the record), and the preview,
 * which every change asks for a rendering. Errors of the template come
 * back from the rendering with their field, line and column: the editor
 * underlines them, puts a mark in the gutter and says the first in a line
 * above the text, while the preview keeps the last good page.
 *
 * Inside a "{{" a small list under the cursor offers the variables (after
 * a "|" the filters) that fit what is typed; Up and Down choose, Enter or
 * Tab takes one, Escape closes it, and the keyboard stays in the text.
 * It is a popover of our own: GtkSourceView 5.6's completion list came up
 * as a popup without a width here (a critical) whenever it showed again.
 *
 * Narrow, the three columns fold: the text first, the palette and the
 * preview one button away (AdwLeaflets inside each other).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-studio-editor"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "kt-studio-completion.h"
#include "kt-studio-editor.h"
#include "kt-studio-palette.h"
#include "kt-studio-preview.h"
#include "kt-studio-properties.h"
#include "kt-studio-proposal.h"
#include "kt-template-preview.h"

#define ERROR_CATEGORY "kt-template-error"
#define N_TEXTS 3

struct _KtStudioEditor
{
  GtkWidget           parent_instance;

  KtStore            *store;
  KtRecord           *working;    /* the record as edited, texts aside */
  gboolean            properties_modified;
  gboolean            loading;
  GtkSourceBuffer    *buffers[N_TEXTS];
  guint               shown;      /* index into kt_template_text_fields */
  char               *error_text;
  guint               fold_idle;
  GtkWidget          *complete_popover;
  GtkListBox         *complete_list;

  /* Template children */
  GtkWidget          *box;
  GtkWidget          *side_button;
  GtkWidget          *preview_button;
  GtkToggleButton    *header_toggle;
  GtkToggleButton    *body_toggle;
  GtkToggleButton    *footer_toggle;
  GtkRevealer        *error_revealer;
  GtkLabel           *error_label;
  AdwLeaflet         *outer_leaflet;
  AdwLeaflet         *inner_leaflet;
  GtkWidget          *side_box;
  GtkStack           *side_stack;
  GtkWidget          *inner_separator;
  GtkWidget          *outer_separator;
  GtkWidget          *code_scroller;
  GtkSourceView      *view;
  KtStudioPalette    *palette;
  KtStudioProperties *properties;
  KtStudioPreview    *preview;
};

G_DEFINE_FINAL_TYPE (KtStudioEditor, kt_studio_editor, GTK_TYPE_WIDGET)

enum {
  MODIFIED_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static GtkSourceLanguage *
template_language (void)
{
  static gsize once;
  GtkSourceLanguageManager *manager = gtk_source_language_manager_get_default ();

  /* GtkSourceView 5 reads languages from resources too. */
  if (g_once_init_enter (&once))
    {
      gtk_source_language_manager_append_search_path (manager, "resource:///org/kantora/Kantora/studio/language-specs");
      g_once_init_leave (&once, 1);
    }
  return gtk_source_language_manager_get_language (manager, "kantora-template");
}

static void
update_style_scheme (KtStudioEditor *self)
{
  AdwStyleManager *style = adw_style_manager_get_default ();
  GtkSourceStyleSchemeManager *schemes = gtk_source_style_scheme_manager_get_default ();
  GtkSourceStyleScheme *scheme =
    gtk_source_style_scheme_manager_get_scheme (schemes, adw_style_manager_get_dark (style) ? "Adwaita-dark" : "Adwaita");

  for (guint i = 0; i < N_TEXTS; i++)
    gtk_source_buffer_set_style_scheme (self->buffers[i], scheme);
}

static char *
dup_text (GtkSourceBuffer *buffer)
{
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (GTK_TEXT_BUFFER (buffer), &start, &end);
  return gtk_text_buffer_get_text (GTK_TEXT_BUFFER (buffer), &start, &end, FALSE);
}

/* The working copy with the texts as typed: what the preview renders and
 * Save stores. */
static KtRecord *
snapshot (KtStudioEditor *self)
{
  KtRecord *record = kt_record_copy (self->working);

  for (guint i = 0; i < N_TEXTS; i++)
    {
      g_autofree char *text = dup_text (self->buffers[i]);

      if (*text == '\0')
        kt_record_unset (record, kt_template_text_fields[i]);
      else
        kt_record_set_string (record, kt_template_text_fields[i], text);
    }
  return record;
}

static void
request_preview (KtStudioEditor *self)
{
  g_autoptr(KtRecord) record = NULL;

  if (self->working == NULL)
    return;
  record = snapshot (self);
  kt_studio_preview_render (self->preview, record);
}

static void
clear_marks (KtStudioEditor *self)
{
  for (guint i = 0; i < N_TEXTS; i++)
    {
      GtkTextBuffer *buffer = GTK_TEXT_BUFFER (self->buffers[i]);
      GtkTextIter start, end;

      gtk_text_buffer_get_bounds (buffer, &start, &end);
      gtk_text_buffer_remove_tag_by_name (buffer, "kt-error", &start, &end);
      gtk_source_buffer_remove_source_marks (self->buffers[i], &start, &end, ERROR_CATEGORY);
    }
}

static int
field_index (const char *field)
{
  for (guint i = 0; field != NULL && i < N_TEXTS; i++)
    if (g_str_equal (kt_template_text_fields[i], field))
      return (int) i;
  return -1;
}

static const char *
field_label (const char *field)
{
  if (g_strcmp0 (field, "header") == 0)
    return _("Header");
  if (g_strcmp0 (field, "body") == 0)
    return _("Body");
  if (g_strcmp0 (field, "footer") == 0)
    return _("Footer");
  if (g_strcmp0 (field, "layout") == 0)
    return _("Layout");
  return _("Properties");
}

/* Underlines the tag at @error's place: from there to the end of the
 * tag ("}}") or of the line. */
static void
mark_error (KtStudioEditor          *self,
            KtDocumentTemplateError *error)
{
  int index = field_index (error->field);
  GtkTextBuffer *buffer;
  GtkTextIter start, end, close;
  GtkSourceMark *mark;

  if (index < 0 || error->line == 0 || error->path != NULL)
    return;

  buffer = GTK_TEXT_BUFFER (self->buffers[index]);
  if (!gtk_text_buffer_get_iter_at_line_offset (buffer, &start, (int) error->line - 1,
                                                (int) MAX (error->column, 1) - 1))
    return;
  end = start;
  if (!gtk_text_iter_ends_line (&end))
    gtk_text_iter_forward_to_line_end (&end);
  if (gtk_text_iter_forward_search (&start, "}}", 0, NULL, &close, &end))
    end = close;
  if (gtk_text_iter_equal (&start, &end))
    gtk_text_iter_forward_char (&end);
  gtk_text_buffer_apply_tag_by_name (buffer, "kt-error", &start, &end);
  mark = gtk_source_buffer_create_source_mark (self->buffers[index], NULL, ERROR_CATEGORY, &start);
  g_object_set_data_full (G_OBJECT (mark), "kt-message", g_strdup (error->message), g_free);
}

static void
show_issues (KtStudioEditor *self,
             GPtrArray      *issues)
{
  g_autoptr(GString) text = g_string_new (NULL);

  clear_marks (self);
  for (guint i = 0; issues != NULL && i < issues->len; i++)
    {
      KtDocumentTemplateError *error = g_ptr_array_index (issues, i);

      mark_error (self, error);
      if (i == 0)
        {
          if (error->line > 0)
            /* Translators: an error of the template: "Body, line 3, column 5: Unknown variable …" */
            g_string_printf (text, _("%s, line %u, column %u: %s"), field_label (error->field),
                             error->line, error->column, error->message);
          else
            /* Translators: an error of the template's field: "Properties: The font …" */
            g_string_printf (text, _("%s: %s"), field_label (error->field), error->message);
        }
    }
  if (issues != NULL && issues->len > 1)
    {
      g_autofree char *more = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "(and %u more error)",
                                                            "(and %u more errors)", issues->len - 1),
                                               issues->len - 1);
      g_string_append_printf (text, " %s", more);
    }

  g_free (self->error_text);
  self->error_text = g_strdup (text->str);
  gtk_label_set_label (self->error_label, text->str);
  gtk_revealer_set_reveal_child (self->error_revealer, text->len > 0);
}

static void
on_rendered_cb (KtStudioEditor *self,
                gboolean        ok)
{
  if (self->preview == NULL)
    return;
  show_issues (self, kt_studio_preview_get_issues (self->preview));
}

static void
hide_completion (KtStudioEditor *self)
{
  if (gtk_widget_get_visible (self->complete_popover))
    gtk_popover_popdown (GTK_POPOVER (self->complete_popover));
}

/* Shows the variables (or filters) that fit the path typed at the
 * cursor, or hides the list when none do or the cursor is not in a tag. */
static void
update_completion (KtStudioEditor *self)
{
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (self->buffers[self->shown]);
  GtkTextIter cursor;
  gboolean in_filters = FALSE;
  g_autofree char *prefix = NULL;
  g_autoptr(GListModel) matches = NULL;
  GtkWidget *child;
  GdkRectangle rect;
  guint n;

  gtk_text_buffer_get_iter_at_mark (buffer, &cursor, gtk_text_buffer_get_insert (buffer));
  prefix = kt_studio_completion_prefix_at (&cursor, NULL, &in_filters);
  if (prefix == NULL || !gtk_widget_has_focus (GTK_WIDGET (self->view)))
    {
      hide_completion (self);
      return;
    }
  matches = kt_studio_completion_match (prefix, in_filters);
  n = g_list_model_get_n_items (matches);
  if (n == 1)
    {
      g_autoptr(KtStudioProposal) only = g_list_model_get_item (matches, 0);

      /* Typed whole already: nothing to offer. */
      if (g_str_equal (kt_studio_proposal_get_text (only), prefix))
        n = 0;
    }
  if (n == 0)
    {
      hide_completion (self);
      return;
    }

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->complete_list))) != NULL)
    gtk_list_box_remove (self->complete_list, child);
  for (guint i = 0; i < MIN (n, 40); i++)
    {
      g_autoptr(KtStudioProposal) proposal = g_list_model_get_item (matches, i);
      GtkWidget *label = gtk_label_new (kt_studio_proposal_get_text (proposal));
      GtkWidget *row = gtk_list_box_row_new ();

      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
      gtk_widget_add_css_class (label, "monospace");
      gtk_widget_set_tooltip_text (row, kt_studio_proposal_get_comment (proposal));
      gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), label);
      gtk_widget_set_focusable (row, FALSE);
      g_object_set_data_full (G_OBJECT (row), "kt-text", g_strdup (kt_studio_proposal_get_text (proposal)), g_free);
      gtk_list_box_append (self->complete_list, row);
    }
  gtk_list_box_select_row (self->complete_list, gtk_list_box_get_row_at_index (self->complete_list, 0));

  gtk_text_view_get_iter_location (GTK_TEXT_VIEW (self->view), &cursor, &rect);
  gtk_text_view_buffer_to_window_coords (GTK_TEXT_VIEW (self->view), GTK_TEXT_WINDOW_WIDGET,
                                         rect.x, rect.y, &rect.x, &rect.y);
  rect.width = MAX (rect.width, 1);
  gtk_popover_set_pointing_to (GTK_POPOVER (self->complete_popover), &rect);
  gtk_popover_popup (GTK_POPOVER (self->complete_popover));
}

/* Replaces the typed path with the chosen row's text. */
static void
accept_completion (KtStudioEditor *self,
                   GtkListBoxRow  *row)
{
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (self->buffers[self->shown]);
  const char *text = g_object_get_data (G_OBJECT (row), "kt-text");
  GtkTextIter cursor, start;
  g_autofree char *prefix = NULL;

  gtk_text_buffer_get_iter_at_mark (buffer, &cursor, gtk_text_buffer_get_insert (buffer));
  prefix = kt_studio_completion_prefix_at (&cursor, &start, NULL);
  hide_completion (self);
  if (prefix == NULL || text == NULL)
    return;
  gtk_text_buffer_begin_user_action (buffer);
  gtk_text_buffer_delete (buffer, &start, &cursor);
  gtk_text_buffer_insert (buffer, &start, text, -1);
  gtk_text_buffer_end_user_action (buffer);
}

static void
on_completion_row_activated_cb (KtStudioEditor *self,
                                GtkListBoxRow  *row)
{
  accept_completion (self, row);
  gtk_widget_grab_focus (GTK_WIDGET (self->view));
}

static gboolean
on_view_key_pressed_cb (GtkEventControllerKey *controller,
                        guint                  keyval,
                        guint                  keycode,
                        GdkModifierType        state,
                        KtStudioEditor        *self)
{
  GtkListBoxRow *row;
  int index;

  if (!gtk_widget_get_visible (self->complete_popover))
    return FALSE;

  row = gtk_list_box_get_selected_row (self->complete_list);
  index = row != NULL ? gtk_list_box_row_get_index (row) : 0;
  switch (keyval)
    {
    case GDK_KEY_Up:
    case GDK_KEY_Down:
      row = gtk_list_box_get_row_at_index (self->complete_list, index + (keyval == GDK_KEY_Up ? -1 : 1));
      if (row != NULL)
        {
          gtk_list_box_select_row (self->complete_list, row);
          gtk_widget_grab_focus (GTK_WIDGET (self->view));
        }
      return TRUE;
    case GDK_KEY_Return:
    case GDK_KEY_KP_Enter:
    case GDK_KEY_Tab:
      if (row != NULL)
        accept_completion (self, row);
      return TRUE;
    case GDK_KEY_Escape:
      hide_completion (self);
      return TRUE;
    default:
      return FALSE;
    }
}

static void
build_completion (KtStudioEditor *self)
{
  GtkWidget *scroller = gtk_scrolled_window_new ();
  GtkEventController *keys = gtk_event_controller_key_new ();

  self->complete_list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->complete_list, GTK_SELECTION_BROWSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->complete_list), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Variables"), -1);
  g_signal_connect_swapped (self->complete_list, "row-activated", G_CALLBACK (on_completion_row_activated_cb), self);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scroller), 220);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scroller), TRUE);
  gtk_widget_set_size_request (scroller, 260, -1);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), GTK_WIDGET (self->complete_list));

  /* Not autohide: the keyboard stays in the text while it is open. */
  self->complete_popover = gtk_popover_new ();
  gtk_popover_set_autohide (GTK_POPOVER (self->complete_popover), FALSE);
  gtk_popover_set_has_arrow (GTK_POPOVER (self->complete_popover), FALSE);
  gtk_popover_set_position (GTK_POPOVER (self->complete_popover), GTK_POS_BOTTOM);
  gtk_popover_set_child (GTK_POPOVER (self->complete_popover), scroller);
  gtk_widget_set_parent (self->complete_popover, GTK_WIDGET (self->view));

  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect (keys, "key-pressed", G_CALLBACK (on_view_key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->view), keys);
}

static void
on_buffer_changed_cb (KtStudioEditor *self)
{
  if (self->loading)
    return;
  request_preview (self);
  update_completion (self);
}

static void
on_modified_changed_cb (KtStudioEditor *self)
{
  g_signal_emit (self, signals[MODIFIED_CHANGED], 0);
}

static void
on_properties_changed_cb (KtStudioEditor *self)
{
  gboolean was = kt_studio_editor_is_modified (self);

  self->properties_modified = TRUE;
  if (!was)
    g_signal_emit (self, signals[MODIFIED_CHANGED], 0);
  request_preview (self);
}

static char *
query_tooltip_markup_cb (GtkSourceMarkAttributes *attributes,
                         GtkSourceMark           *mark,
                         gpointer                 user_data)
{
  return g_strdup (g_object_get_data (G_OBJECT (mark), "kt-message"));
}

static gboolean
update_fold_buttons (gpointer user_data)
{
  KtStudioEditor *self = user_data;

  self->fold_idle = 0;
  gtk_widget_set_visible (self->side_button, adw_leaflet_get_folded (self->inner_leaflet));
  gtk_widget_set_visible (self->preview_button, adw_leaflet_get_folded (self->outer_leaflet));
  return G_SOURCE_REMOVE;
}

/* The leaflets fold while they are allocated: showing a button then
 * would change the toolbar above them in the middle of the same layout. */
static void
on_folded_cb (KtStudioEditor *self)
{
  if (self->fold_idle == 0)
    self->fold_idle = g_idle_add (update_fold_buttons, self);
}

static void
field_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  kt_studio_editor_show_field (KT_STUDIO_EDITOR (widget), g_variant_get_string (param, NULL));
}

static void
toggle_side_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  KtStudioEditor *self = KT_STUDIO_EDITOR (widget);
  gboolean to_side = adw_leaflet_get_visible_child (self->inner_leaflet) != self->side_box;

  adw_leaflet_set_visible_child (self->outer_leaflet, GTK_WIDGET (self->inner_leaflet));
  adw_leaflet_set_visible_child (self->inner_leaflet, to_side ? self->side_box : self->code_scroller);
  if (!to_side)
    gtk_widget_grab_focus (GTK_WIDGET (self->view));
}

static void
toggle_preview_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *param)
{
  KtStudioEditor *self = KT_STUDIO_EDITOR (widget);
  gboolean to_preview = adw_leaflet_get_visible_child (self->outer_leaflet) != GTK_WIDGET (self->preview);

  adw_leaflet_set_visible_child (self->outer_leaflet,
                                 to_preview ? GTK_WIDGET (self->preview) : GTK_WIDGET (self->inner_leaflet));
  if (!to_preview)
    {
      adw_leaflet_set_visible_child (self->inner_leaflet, self->code_scroller);
      gtk_widget_grab_focus (GTK_WIDGET (self->view));
    }
}

static void
kt_studio_editor_dispose (GObject *object)
{
  KtStudioEditor *self = KT_STUDIO_EDITOR (object);

  g_clear_handle_id (&self->fold_idle, g_source_remove);
  g_clear_pointer (&self->complete_popover, gtk_widget_unparent);
  gtk_widget_dispose_template (GTK_WIDGET (self), KT_TYPE_STUDIO_EDITOR);
  for (guint i = 0; i < N_TEXTS; i++)
    g_clear_object (&self->buffers[i]);
  g_clear_object (&self->working);
  g_clear_object (&self->store);
  g_clear_pointer (&self->error_text, g_free);

  G_OBJECT_CLASS (kt_studio_editor_parent_class)->dispose (object);
}

static void
kt_studio_editor_class_init (KtStudioEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kt_studio_editor_dispose;

  /**
   * KtStudioEditor::modified-changed:
   *
   * kt_studio_editor_is_modified() may have changed.
   */
  signals[MODIFIED_CHANGED] = g_signal_new ("modified-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                            0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_install_action (widget_class, "editor.field", "s", field_action);
  gtk_widget_class_install_action (widget_class, "editor.toggle-side", NULL, toggle_side_action);
  gtk_widget_class_install_action (widget_class, "editor.toggle-preview", NULL, toggle_preview_action);
  /* Alt+1/2/3: the three texts without the mouse. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1, GDK_ALT_MASK, "editor.field", "s", "header");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_2, GDK_ALT_MASK, "editor.field", "s", "body");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_3, GDK_ALT_MASK, "editor.field", "s", "footer");

  g_type_ensure (KT_TYPE_STUDIO_PALETTE);
  g_type_ensure (KT_TYPE_STUDIO_PROPERTIES);
  g_type_ensure (KT_TYPE_STUDIO_PREVIEW);
  g_type_ensure (GTK_SOURCE_TYPE_VIEW);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/kantora/Kantora/studio/kt-studio-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, KtStudioEditor, box);
  gtk_widget_class_bind_template_child (widget_class, KtStudioEditor, side_button);
  gtk_widget_class_bind_template_child (widget_class, KtStudioEditor, preview_button);
  gtk_widget_class_bind_template_child (widget_class, KtStudioEditor, header_toggle);
  gtk_widget_class_bind_template_child (widget_class, KtStudioEditor, body_toggle);
  gtk_widget_class_bind_template_child (widget_class, KtStudioEditor, footer_toggle);
  gtk_widget_class_bind_template_child (widget_class, KtStudioEditor, error_revealer);
  gtk_widget_class_bind_template_child (widget_class, KtStudioEditor, error_label);
  gtk_widget_class_bind_template_child (widget_class, KtStudioEditor, outer_leaflet);
  gtk_widget_class_bind_template_child (widget_class, KtStudioEditor, inner_leaflet);
  gtk_widget_class_bind_template_child (widget_class, KtStudioEditor, side_box);
  gtk_widget_class_bind_template_child (widget_class, KtStudioEditor, side_stack);
  gtk_widget_class_bind_template_child (widget_class, KtStudioEditor, inner_separator);
  gtk_widget_class_bind_template_child (widget_class, KtStudioEditor, outer_separator);
  gtk_widget_class_bind_template_child (widget_class, KtStudioEditor, code_scroller);
  gtk_widget_class_bind_template_child (widget_class, KtStudioEditor, view);
  gtk_widget_class_bind_template_child (widget_class, KtStudioEditor, palette);
  gtk_widget_class_bind_template_child (widget_class, KtStudioEditor, properties);
  gtk_widget_class_bind_template_child (widget_class, KtStudioEditor, preview);
}

static void
kt_studio_editor_init (KtStudioEditor *self)
{
  GtkSourceLanguage *language;
  g_autoptr(GtkSourceMarkAttributes) attributes = gtk_source_mark_attributes_new ();

  gtk_widget_init_template (GTK_WIDGET (self));

  adw_leaflet_page_set_navigatable (adw_leaflet_get_page (self->inner_leaflet, self->inner_separator), FALSE);
  adw_leaflet_page_set_navigatable (adw_leaflet_get_page (self->outer_leaflet, self->outer_separator), FALSE);
  adw_leaflet_set_visible_child (self->inner_leaflet, self->code_scroller);

  language = template_language ();
  for (guint i = 0; i < N_TEXTS; i++)
    {
      self->buffers[i] = gtk_source_buffer_new_with_language (language);
      gtk_text_buffer_create_tag (GTK_TEXT_BUFFER (self->buffers[i]), "kt-error",
                                  "underline", PANGO_UNDERLINE_ERROR, NULL);
      g_signal_connect_swapped (self->buffers[i], "changed", G_CALLBACK (on_buffer_changed_cb), self);
      g_signal_connect_swapped (self->buffers[i], "modified-changed", G_CALLBACK (on_modified_changed_cb), self);
    }
  update_style_scheme (self);
  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (update_style_scheme), self, G_CONNECT_SWAPPED);

  gtk_source_mark_attributes_set_icon_name (attributes, "dialog-error-symbolic");
  g_signal_connect (attributes, "query-tooltip-markup", G_CALLBACK (query_tooltip_markup_cb), NULL);
  gtk_source_view_set_mark_attributes (self->view, ERROR_CATEGORY, attributes, 10);

  build_completion (self);

  self->shown = 1;
  gtk_text_view_set_buffer (GTK_TEXT_VIEW (self->view), GTK_TEXT_BUFFER (self->buffers[self->shown]));
  gtk_toggle_button_set_active (self->body_toggle, TRUE);

  /* The preview outlives the editor while a worker holds it. */
  g_signal_connect_object (self->preview, "rendered", G_CALLBACK (on_rendered_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->properties, "changed", G_CALLBACK (on_properties_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_swapped (self->inner_leaflet, "notify::folded", G_CALLBACK (on_folded_cb), self);
  g_signal_connect_swapped (self->outer_leaflet, "notify::folded", G_CALLBACK (on_folded_cb), self);
  update_fold_buttons (self);
  gtk_widget_set_sensitive (self->box, FALSE);
}

GtkWidget *
kt_studio_editor_new (void)
{
  return g_object_new (KT_TYPE_STUDIO_EDITOR, NULL);
}

void
kt_studio_editor_set_store (KtStudioEditor *self,
                            KtStore        *store)
{
  g_return_if_fail (KT_IS_STUDIO_EDITOR (self));

  if (g_set_object (&self->store, store))
    kt_studio_preview_set_store (self->preview, store);
}

void
kt_studio_editor_set_template (KtStudioEditor *self,
                               KtRecord       *record)
{
  g_return_if_fail (KT_IS_STUDIO_EDITOR (self));
  g_return_if_fail (record == NULL || KT_IS_RECORD (record));

  g_clear_object (&self->working);
  self->working = record != NULL ? kt_record_copy (record) : NULL;
  self->properties_modified = FALSE;

  self->loading = TRUE;
  for (guint i = 0; i < N_TEXTS; i++)
    {
      const char *text = record != NULL ? kt_record_get_string (record, kt_template_text_fields[i]) : NULL;
      GtkTextIter start;

      /* Loading is not a step to undo. */
      gtk_text_buffer_begin_irreversible_action (GTK_TEXT_BUFFER (self->buffers[i]));
      gtk_text_buffer_set_text (GTK_TEXT_BUFFER (self->buffers[i]), text != NULL ? text : "", -1);
      gtk_text_buffer_end_irreversible_action (GTK_TEXT_BUFFER (self->buffers[i]));
      gtk_text_buffer_get_start_iter (GTK_TEXT_BUFFER (self->buffers[i]), &start);
      gtk_text_buffer_place_cursor (GTK_TEXT_BUFFER (self->buffers[i]), &start);
      gtk_text_buffer_set_modified (GTK_TEXT_BUFFER (self->buffers[i]), FALSE);
    }
  self->loading = FALSE;

  kt_studio_properties_set_record (self->properties, self->working);
  show_issues (self, NULL);
  gtk_widget_set_sensitive (self->box, record != NULL);
  request_preview (self);
  g_signal_emit (self, signals[MODIFIED_CHANGED], 0);
}

KtRecord *
kt_studio_editor_get_template (KtStudioEditor *self)
{
  g_return_val_if_fail (KT_IS_STUDIO_EDITOR (self), NULL);

  return self->working != NULL ? snapshot (self) : NULL;
}

void
kt_studio_editor_set_stored_field (KtStudioEditor *self,
                                   const char     *field,
                                   const char     *value)
{
  g_return_if_fail (KT_IS_STUDIO_EDITOR (self));
  g_return_if_fail (field != NULL);

  if (self->working == NULL)
    return;
  if (g_str_equal (field, "is_default"))
    kt_record_set_bool (self->working, field, g_strcmp0 (value, "true") == 0);
  else
    kt_record_set_string (self->working, field, value);
  kt_studio_properties_set_record (self->properties, self->working);
}

gboolean
kt_studio_editor_is_modified (KtStudioEditor *self)
{
  g_return_val_if_fail (KT_IS_STUDIO_EDITOR (self), FALSE);

  if (self->working == NULL)
    return FALSE;
  if (self->properties_modified)
    return TRUE;
  for (guint i = 0; i < N_TEXTS; i++)
    if (gtk_text_buffer_get_modified (GTK_TEXT_BUFFER (self->buffers[i])))
      return TRUE;
  return FALSE;
}

gboolean
kt_studio_editor_save (KtStudioEditor *self,
                       GError        **error)
{
  g_autoptr(KtRecord) record = NULL;

  g_return_val_if_fail (KT_IS_STUDIO_EDITOR (self), FALSE);
  g_return_val_if_fail (self->store != NULL && self->working != NULL, FALSE);

  record = snapshot (self);
  if (!kt_store_save (self->store, record, error))
    return FALSE;

  /* The stored record's clocks, for the next save's comparison. */
  g_set_object (&self->working, record);
  kt_studio_properties_set_record (self->properties, self->working);
  self->properties_modified = FALSE;
  for (guint i = 0; i < N_TEXTS; i++)
    gtk_text_buffer_set_modified (GTK_TEXT_BUFFER (self->buffers[i]), FALSE);
  g_signal_emit (self, signals[MODIFIED_CHANGED], 0);
  return TRUE;
}

void
kt_studio_editor_insert_text (KtStudioEditor *self,
                              const char     *text)
{
  GtkTextBuffer *buffer;

  g_return_if_fail (KT_IS_STUDIO_EDITOR (self));
  g_return_if_fail (text != NULL);

  if (self->working == NULL)
    return;
  buffer = GTK_TEXT_BUFFER (self->buffers[self->shown]);
  gtk_text_buffer_begin_user_action (buffer);
  gtk_text_buffer_delete_selection (buffer, TRUE, TRUE);
  gtk_text_buffer_insert_at_cursor (buffer, text, -1);
  gtk_text_buffer_end_user_action (buffer);
  gtk_text_view_scroll_mark_onscreen (GTK_TEXT_VIEW (self->view), gtk_text_buffer_get_insert (buffer));
  if (adw_leaflet_get_folded (self->inner_leaflet))
    adw_leaflet_set_visible_child (self->inner_leaflet, self->code_scroller);
  if (adw_leaflet_get_folded (self->outer_leaflet))
    adw_leaflet_set_visible_child (self->outer_leaflet, GTK_WIDGET (self->inner_leaflet));
  gtk_widget_grab_focus (GTK_WIDGET (self->view));
}

void
kt_studio_editor_show_field (KtStudioEditor *self,
                             const char     *field)
{
  int index;
  GtkToggleButton *toggles[N_TEXTS];

  g_return_if_fail (KT_IS_STUDIO_EDITOR (self));

  index = field_index (field);
  if (index < 0)
    return;
  toggles[0] = self->header_toggle;
  toggles[1] = self->body_toggle;
  toggles[2] = self->footer_toggle;
  self->shown = (guint) index;
  gtk_text_view_set_buffer (GTK_TEXT_VIEW (self->view), GTK_TEXT_BUFFER (self->buffers[index]));
  for (guint i = 0; i < N_TEXTS; i++)
    gtk_toggle_button_set_active (toggles[i], i == (guint) index);
  gtk_widget_grab_focus (GTK_WIDGET (self->view));
}

void
kt_studio_editor_search_variables (KtStudioEditor *self)
{
  g_return_if_fail (KT_IS_STUDIO_EDITOR (self));

  adw_leaflet_set_visible_child (self->outer_leaflet, GTK_WIDGET (self->inner_leaflet));
  adw_leaflet_set_visible_child (self->inner_leaflet, self->side_box);
  gtk_stack_set_visible_child_name (self->side_stack, "variables");
  gtk_widget_grab_focus (kt_studio_palette_get_search_entry (self->palette));
}

GtkSourceView *
kt_studio_editor_get_view (KtStudioEditor *self)
{
  g_return_val_if_fail (KT_IS_STUDIO_EDITOR (self), NULL);
  return self->view;
}

GtkWidget *
kt_studio_editor_get_preview (KtStudioEditor *self)
{
  g_return_val_if_fail (KT_IS_STUDIO_EDITOR (self), NULL);
  return GTK_WIDGET (self->preview);
}

GtkWidget *
kt_studio_editor_get_palette (KtStudioEditor *self)
{
  g_return_val_if_fail (KT_IS_STUDIO_EDITOR (self), NULL);
  return GTK_WIDGET (self->palette);
}

const char *
kt_studio_editor_get_error_text (KtStudioEditor *self)
{
  g_return_val_if_fail (KT_IS_STUDIO_EDITOR (self), NULL);
  return self->error_text != NULL ? self->error_text : "";
}
