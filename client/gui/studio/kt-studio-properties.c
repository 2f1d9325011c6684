/* kt-studio-properties.c: a template's look, bound to its fields
 *
 * The rows show the editor's working copy of the document_template and
 * write each change straight into it (name, kind, primary_color,
 * font_family, logo, and the page size, margins and table columns in
 * the JSON of "layout", through shared/kt-template-layout), then emit
 * ::changed, so the preview follows a colour as it follows a keystroke
 * and Save stores what is shown.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-studio-properties"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <string.h>

#include "kt-error.h"
#include "kt-studio-properties.h"
#include "kt-template-layout.h"
#include "kt-toast.h"

struct _KtStudioProperties
{
  GtkWidget        parent_instance;

  KtRecord        *record;
  KtTemplateLayout *layout;       /* the record's, parsed */
  gboolean         loading;
  GtkSpinButton   *margins[4];    /* top, right, bottom, left */
  GtkSwitch       *columns[KT_TEMPLATE_N_COLUMNS];
  GtkNativeDialog *chooser;

  /* Template children */
  GtkWidget       *scroller;
  AdwEntryRow     *name_row;
  AdwComboRow     *kind_row;
  GtkColorButton  *color_button;
  AdwComboRow     *font_row;
  AdwActionRow    *logo_row;
  AdwPreferencesGroup *page_group;
  AdwComboRow     *page_size_row;
  AdwPreferencesGroup *columns_group;
};

G_DEFINE_FINAL_TYPE (KtStudioProperties, kt_studio_properties, GTK_TYPE_WIDGET)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char * const kinds[] = { "invoice", "credit_note", "offer", NULL };
static const char * const kind_labels[] = { N_("Invoices"), N_("Credit notes"), N_("Offers"), NULL };
/* Families installed with Kantora's dependencies that have Cyrillic
 * letters (the renderer's text must be Bulgarian too); DejaVu Sans first,
 * the default. */
static const char * const fonts[] = { "DejaVu Sans", "DejaVu Serif", "DejaVu Sans Mono", NULL };

static const char * const page_sizes[] = { "A4", "Letter", "A5", NULL };
static const char * const margin_titles[] = {
  N_("Top margin, mm"), N_("Right margin, mm"), N_("Bottom margin, mm"), N_("Left margin, mm"),
};
/* In the order of KtTemplateColumnKind. */
static const char * const column_titles[] = {
  N_("Line number"), N_("Description"), N_("Quantity"), N_("Unit"),
  N_("Unit price"), N_("Discount"), N_("VAT rate"), N_("Amount"),
};
G_STATIC_ASSERT (G_N_ELEMENTS (column_titles) == KT_TEMPLATE_N_COLUMNS);

static guint
index_of (const char * const *list,
          const char         *value)
{
  for (guint i = 0; value != NULL && list[i] != NULL; i++)
    if (g_str_equal (list[i], value))
      return i;
  return 0;
}

static void
notify_changed (KtStudioProperties *self)
{
  if (!self->loading)
    g_signal_emit (self, signals[CHANGED], 0);
}

/* The layout back into the record, as its JSON. */
static void
write_layout (KtStudioProperties *self)
{
  g_autofree char *json = NULL;

  if (self->record == NULL || self->layout == NULL || self->loading)
    return;
  json = kt_template_layout_to_json (self->layout);
  kt_record_set_string (self->record, "layout", json);
  notify_changed (self);
}

static void
on_page_size_selected_cb (KtStudioProperties *self)
{
  guint i = adw_combo_row_get_selected (self->page_size_row);

  if (self->layout == NULL || i > KT_TEMPLATE_PAGE_A5)
    return;
  self->layout->page_size = (KtTemplatePageSize) i;
  write_layout (self);
}

static void
on_margin_changed_cb (GtkSpinButton      *spin,
                      KtStudioProperties *self)
{
  double value = gtk_spin_button_get_value (spin);

  if (self->layout == NULL)
    return;
  if (spin == self->margins[0])
    self->layout->margin_top = value;
  else if (spin == self->margins[1])
    self->layout->margin_right = value;
  else if (spin == self->margins[2])
    self->layout->margin_bottom = value;
  else
    self->layout->margin_left = value;
  write_layout (self);
}

/* A column switched on takes its place in the order of the kinds, with
 * the width the classic look gives it; switched off, it goes. */
static void
on_column_switched_cb (GtkSwitch          *toggle,
                       GParamSpec         *pspec,
                       KtStudioProperties *self)
{
  KtTemplateColumnKind kind = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (toggle), "kt-kind"));
  g_autoptr(KtTemplateLayout) classic = kt_template_layout_new_default (KT_TEMPLATE_STYLE_CLASSIC);
  KtTemplateColumn kept[KT_TEMPLATE_LAYOUT_MAX_COLUMNS];
  guint n = 0;

  if (self->layout == NULL || self->loading)
    return;
  for (guint k = 0; k < KT_TEMPLATE_N_COLUMNS; k++)
    {
      const KtTemplateColumn *from = NULL;

      if (!gtk_switch_get_active (self->columns[k]))
        continue;
      for (guint i = 0; i < self->layout->n_columns && from == NULL; i++)
        if (self->layout->columns[i].kind == k)
          from = &self->layout->columns[i];
      for (guint i = 0; i < classic->n_columns && from == NULL; i++)
        if (classic->columns[i].kind == k)
          from = &classic->columns[i];
      if (from != NULL && n < G_N_ELEMENTS (kept))
        kept[n++] = *from;
    }
  /* The description takes what the others leave: a table without it
   * would have no column to stretch, so it stays. */
  if (n == 0 || (kind == KT_TEMPLATE_COLUMN_DESCRIPTION && !gtk_switch_get_active (toggle)))
    {
      gtk_switch_set_active (toggle, TRUE);
      return;
    }
  memcpy (self->layout->columns, kept, n * sizeof kept[0]);
  self->layout->n_columns = n;
  write_layout (self);
}

static void
show_layout (KtStudioProperties *self)
{
  double margins[4];

  g_clear_pointer (&self->layout, kt_template_layout_free);
  if (self->record != NULL)
    self->layout = kt_template_layout_parse (kt_record_get_string (self->record, "layout"), -1, NULL);
  /* A layout that does not parse is the editor's error to show; its
   * rows stay off until the text is mended. */
  gtk_widget_set_sensitive (GTK_WIDGET (self->page_group), self->layout != NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->columns_group), self->layout != NULL);
  if (self->layout == NULL)
    return;

  adw_combo_row_set_selected (self->page_size_row, self->layout->page_size);
  margins[0] = self->layout->margin_top;
  margins[1] = self->layout->margin_right;
  margins[2] = self->layout->margin_bottom;
  margins[3] = self->layout->margin_left;
  for (guint i = 0; i < 4; i++)
    gtk_spin_button_set_value (self->margins[i], margins[i]);
  for (guint k = 0; k < KT_TEMPLATE_N_COLUMNS; k++)
    {
      gboolean on = FALSE;

      for (guint i = 0; i < self->layout->n_columns; i++)
        on = on || self->layout->columns[i].kind == k;
      gtk_switch_set_active (self->columns[k], on);
    }
}

static void
show_logo (KtStudioProperties *self)
{
  const char *logo = kt_record_get_string (self->record, "logo");
  g_autofree char *subtitle = NULL;

  if (logo != NULL && *logo != '\0')
    {
      /* Translators: the logo's type and size: "image/png, 24 KiB" */
      const char *comma = strchr (logo, ';');
      g_autofree char *type = g_strndup (logo + 5, comma != NULL ? (gsize) (comma - logo - 5) : 0);
      subtitle = g_strdup_printf (_("%s, %zu KiB"), type, strlen (logo) * 3 / 4 / 1024 + 1);
    }
  adw_action_row_set_subtitle (self->logo_row, subtitle != NULL ? subtitle : _("No logo"));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "properties.remove-logo", subtitle != NULL);
}

static void
on_name_changed_cb (KtStudioProperties *self)
{
  if (self->record == NULL || self->loading)
    return;
  kt_record_set_string (self->record, "name", gtk_editable_get_text (GTK_EDITABLE (self->name_row)));
  notify_changed (self);
}

static void
on_kind_selected_cb (KtStudioProperties *self)
{
  guint i = adw_combo_row_get_selected (self->kind_row);

  if (self->record == NULL || self->loading || i >= G_N_ELEMENTS (kinds) - 1)
    return;
  kt_record_set_string (self->record, "kind", kinds[i]);
  notify_changed (self);
}

static void
on_font_selected_cb (KtStudioProperties *self)
{
  guint i = adw_combo_row_get_selected (self->font_row);

  if (self->record == NULL || self->loading || i >= G_N_ELEMENTS (fonts) - 1)
    return;
  kt_record_set_string (self->record, "font_family", fonts[i]);
  notify_changed (self);
}

static void
on_color_set_cb (KtStudioProperties *self)
{
  GdkRGBA rgba;
  g_autofree char *hex = NULL;

  if (self->record == NULL || self->loading)
    return;
  gtk_color_chooser_get_rgba (GTK_COLOR_CHOOSER (self->color_button), &rgba);
  hex = g_strdup_printf ("#%02x%02x%02x", (int) (rgba.red * 255 + 0.5),
                         (int) (rgba.green * 255 + 0.5), (int) (rgba.blue * 255 + 0.5));
  kt_record_set_string (self->record, "primary_color", hex);
  notify_changed (self);
}

static void
on_logo_chosen_cb (GtkNativeDialog    *dialog,
                   int                 response,
                   KtStudioProperties *self)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = NULL;

  if (response == GTK_RESPONSE_ACCEPT && self->record != NULL)
    {
      file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      uri = kt_studio_logo_from_file (file, &error);
      if (uri == NULL)
        kt_widget_add_toast (GTK_WIDGET (self), adw_toast_new (error->message));
      else
        {
          kt_record_set_string (self->record, "logo", uri);
          show_logo (self);
          notify_changed (self);
        }
    }
  g_clear_object (&self->chooser);
}

static void
choose_logo_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  KtStudioProperties *self = KT_STUDIO_PROPERTIES (widget);
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  GtkRoot *root = gtk_widget_get_root (widget);

  gtk_file_filter_set_name (filter, _("Images (PNG, JPEG, SVG)"));
  gtk_file_filter_add_mime_type (filter, "image/png");
  gtk_file_filter_add_mime_type (filter, "image/jpeg");
  gtk_file_filter_add_mime_type (filter, "image/svg+xml");
  /* GtkFileDialog is GTK 4.10: Debian 12 has the native chooser. */
  g_clear_object (&self->chooser);
  self->chooser = GTK_NATIVE_DIALOG (gtk_file_chooser_native_new (_("Choose a Logo"),
                                                                  GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                                  GTK_FILE_CHOOSER_ACTION_OPEN,
                                                                  _("_Open"), _("_Cancel")));
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), filter);
  gtk_native_dialog_set_modal (self->chooser, TRUE);
  g_signal_connect (self->chooser, "response", G_CALLBACK (on_logo_chosen_cb), self);
  gtk_native_dialog_show (self->chooser);
}

static void
remove_logo_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  KtStudioProperties *self = KT_STUDIO_PROPERTIES (widget);

  if (self->record == NULL)
    return;
  kt_record_unset (self->record, "logo");
  show_logo (self);
  notify_changed (self);
}

static void
kt_studio_properties_dispose (GObject *object)
{
  KtStudioProperties *self = KT_STUDIO_PROPERTIES (object);

  if (self->chooser != NULL)
    gtk_native_dialog_destroy (self->chooser);
  g_clear_object (&self->chooser);
  g_clear_object (&self->record);
  g_clear_pointer (&self->layout, kt_template_layout_free);
  gtk_widget_dispose_template (GTK_WIDGET (self), KT_TYPE_STUDIO_PROPERTIES);

  G_OBJECT_CLASS (kt_studio_properties_parent_class)->dispose (object);
}

static void
kt_studio_properties_class_init (KtStudioPropertiesClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kt_studio_properties_dispose;

  /**
   * KtStudioProperties::changed:
   *
   * A row wrote a new value into the record.
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_install_action (widget_class, "properties.choose-logo", NULL, choose_logo_action);
  gtk_widget_class_install_action (widget_class, "properties.remove-logo", NULL, remove_logo_action);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/kantora/Kantora/studio/kt-studio-properties.ui");
  gtk_widget_class_bind_template_child (widget_class, KtStudioProperties, scroller);
  gtk_widget_class_bind_template_child (widget_class, KtStudioProperties, name_row);
  gtk_widget_class_bind_template_child (widget_class, KtStudioProperties, kind_row);
  gtk_widget_class_bind_template_child (widget_class, KtStudioProperties, color_button);
  gtk_widget_class_bind_template_child (widget_class, KtStudioProperties, font_row);
  gtk_widget_class_bind_template_child (widget_class, KtStudioProperties, logo_row);
  gtk_widget_class_bind_template_child (widget_class, KtStudioProperties, page_group);
  gtk_widget_class_bind_template_child (widget_class, KtStudioProperties, page_size_row);
  gtk_widget_class_bind_template_child (widget_class, KtStudioProperties, columns_group);
}

static void
kt_studio_properties_init (KtStudioProperties *self)
{
  g_autoptr(GtkStringList) kind_names = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) font_names = gtk_string_list_new ((const char * const *) fonts);
  g_autoptr(GtkStringList) page_names = gtk_string_list_new ((const char * const *) page_sizes);

  gtk_widget_init_template (GTK_WIDGET (self));

  adw_combo_row_set_model (self->page_size_row, G_LIST_MODEL (page_names));
  g_signal_connect_swapped (self->page_size_row, "notify::selected", G_CALLBACK (on_page_size_selected_cb), self);
  for (guint i = 0; i < 4; i++)
    {
      GtkWidget *row = adw_action_row_new ();

      self->margins[i] = GTK_SPIN_BUTTON (gtk_spin_button_new_with_range (0, 50, 1));
      gtk_spin_button_set_digits (self->margins[i], 0);
      gtk_widget_set_valign (GTK_WIDGET (self->margins[i]), GTK_ALIGN_CENTER);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _(margin_titles[i]));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), GTK_WIDGET (self->margins[i]));
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), GTK_WIDGET (self->margins[i]));
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->margins[i]), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _(margin_titles[i]), -1);
      g_signal_connect (self->margins[i], "value-changed", G_CALLBACK (on_margin_changed_cb), self);
      adw_preferences_group_add (self->page_group, row);
    }
  for (guint k = 0; k < KT_TEMPLATE_N_COLUMNS; k++)
    {
      GtkWidget *row = adw_action_row_new ();

      self->columns[k] = GTK_SWITCH (gtk_switch_new ());
      gtk_widget_set_valign (GTK_WIDGET (self->columns[k]), GTK_ALIGN_CENTER);
      g_object_set_data (G_OBJECT (self->columns[k]), "kt-kind", GUINT_TO_POINTER (k));
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _(column_titles[k]));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), GTK_WIDGET (self->columns[k]));
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), GTK_WIDGET (self->columns[k]));
      g_signal_connect (self->columns[k], "notify::active", G_CALLBACK (on_column_switched_cb), self);
      adw_preferences_group_add (self->columns_group, row);
    }

  for (guint i = 0; kind_labels[i] != NULL; i++)
    gtk_string_list_append (kind_names, _(kind_labels[i]));
  adw_combo_row_set_model (self->kind_row, G_LIST_MODEL (kind_names));
  adw_combo_row_set_model (self->font_row, G_LIST_MODEL (font_names));

  g_signal_connect_swapped (self->name_row, "changed", G_CALLBACK (on_name_changed_cb), self);
  g_signal_connect_swapped (self->kind_row, "notify::selected", G_CALLBACK (on_kind_selected_cb), self);
  g_signal_connect_swapped (self->font_row, "notify::selected", G_CALLBACK (on_font_selected_cb), self);
  g_signal_connect_swapped (self->color_button, "color-set", G_CALLBACK (on_color_set_cb), self);
  gtk_widget_set_sensitive (GTK_WIDGET (self), FALSE);
}

GtkWidget *
kt_studio_properties_new (void)
{
  return g_object_new (KT_TYPE_STUDIO_PROPERTIES, NULL);
}

void
kt_studio_properties_set_record (KtStudioProperties *self,
                                 KtRecord           *record)
{
  const char *color;
  GdkRGBA rgba = { 0x1f / 255.0, 0x4e / 255.0, 0x79 / 255.0, 1 };  /* the classic accent */
  const char *name;

  g_return_if_fail (KT_IS_STUDIO_PROPERTIES (self));

  g_set_object (&self->record, record);
  gtk_widget_set_sensitive (GTK_WIDGET (self), record != NULL);
  if (record == NULL)
    return;

  self->loading = TRUE;
  name = kt_record_get_string (record, "name");
  gtk_editable_set_text (GTK_EDITABLE (self->name_row), name != NULL ? name : "");
  adw_combo_row_set_selected (self->kind_row, index_of (kinds, kt_record_get_string (record, "kind")));
  adw_combo_row_set_selected (self->font_row, index_of (fonts, kt_record_get_string (record, "font_family")));
  color = kt_record_get_string (record, "primary_color");
  if (color != NULL && *color != '\0')
    gdk_rgba_parse (&rgba, color);
  gtk_color_chooser_set_rgba (GTK_COLOR_CHOOSER (self->color_button), &rgba);
  show_logo (self);
  show_layout (self);
  self->loading = FALSE;
}

char *
kt_studio_logo_from_file (GFile   *file,
                          GError **error)
{
  g_autofree char *contents = NULL;
  g_autofree char *base64 = NULL;
  gsize length = 0;
  const char *type = NULL;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  if (!g_file_load_contents (file, NULL, &contents, &length, NULL, error))
    return NULL;

  if (length > KT_STUDIO_LOGO_MAX_BYTES)
    {
      g_set_error (error, KT_ERROR, KT_ERROR_INVALID,
                   _("The logo is %zu KiB; it may be at most %d KiB"),
                   length / 1024, KT_STUDIO_LOGO_MAX_BYTES / 1024);
      return NULL;
    }

  /* By the bytes, not the name: a renamed file is what it is. */
  if (length > 8 && memcmp (contents, "\x89PNG\r\n\x1a\n", 8) == 0)
    type = "image/png";
  else if (length > 3 && memcmp (contents, "\xff\xd8\xff", 3) == 0)
    type = "image/jpeg";
  else if (g_utf8_validate (contents, (gssize) MIN (length, 4096), NULL) &&
           g_strstr_len (contents, (gssize) MIN (length, 4096), "<svg") != NULL)
    type = "image/svg+xml";

  if (type == NULL)
    {
      g_set_error (error, KT_ERROR, KT_ERROR_INVALID, _("The logo must be a PNG, JPEG or SVG image"));
      return NULL;
    }

  base64 = g_base64_encode ((const guchar *) contents, length);
  return g_strdup_printf ("data:%s;base64,%s", type, base64);
}
