/* kt-import-mapping-page.c: a file's columns, each with the field it goes
 * into, over a preview of the first rows
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-import-mapping-page"

#include "config.h"

#include <glib/gi18n.h>

#include "kt-import-mapping-page.h"

#define PREVIEW_ROWS 5
#define PREVIEW_CHARS 40

struct _KtImportMappingPage
{
  AdwBin           parent_instance;

  KtImportMapping *mapping;
  GStrv            targets;      /* what a combo row can choose, after "skip" */
  GPtrArray       *column_rows;  /* of AdwComboRow */

  GtkWidget       *error_label;
  GtkWidget       *columns_group;
  GtkWidget       *preview_grid;
};

G_DEFINE_FINAL_TYPE (KtImportMappingPage, kt_import_mapping_page, ADW_TYPE_BIN)

static char *
shorten (const char *text)
{
  g_autofree char *one_line = g_strdup (text ? text : "");

  g_strdelimit (one_line, "\r\n", ' ');
  if (g_utf8_strlen (one_line, -1) <= PREVIEW_CHARS)
    return g_steal_pointer (&one_line);
  {
    g_autofree char *cut = g_utf8_substring (one_line, 0, PREVIEW_CHARS - 1);

    return g_strconcat (cut, "…", NULL);
  }
}

static GtkWidget *
grid_label (const char *text,
            gboolean    header)
{
  g_autofree char *short_text = shorten (text);
  GtkWidget *label = gtk_label_new (short_text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_set_margin_start (label, 6);
  gtk_widget_set_margin_end (label, 6);
  if (header)
    gtk_widget_add_css_class (label, "heading");
  return label;
}

static void
fill_preview (KtImportMappingPage *self)
{
  guint n_columns = kt_import_mapping_get_n_columns (self->mapping);
  guint n_rows = MIN (kt_import_mapping_get_n_rows (self->mapping), PREVIEW_ROWS);

  for (guint c = 0; c < n_columns; c++)
    {
      gtk_grid_attach (GTK_GRID (self->preview_grid),
                       grid_label (kt_import_mapping_get_column_header (self->mapping, c), TRUE),
                       (int) c, 0, 1, 1);
      for (guint r = 0; r < n_rows; r++)
        gtk_grid_attach (GTK_GRID (self->preview_grid),
                         grid_label (kt_import_mapping_get_cell (self->mapping, r, c), FALSE),
                         (int) c, (int) r + 1, 1, 1);
    }
}

static void
on_column_selected_cb (AdwComboRow         *row,
                       GParamSpec          *pspec,
                       KtImportMappingPage *self)
{
  guint column = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (row), "column"));
  guint selected = adw_combo_row_get_selected (row);

  kt_import_mapping_set_column_target (self->mapping, column,
                                       selected == 0 || selected == GTK_INVALID_LIST_POSITION
                                       ? NULL : self->targets[selected - 1]);
  gtk_widget_set_visible (self->error_label, FALSE);
}

static void
fill_columns (KtImportMappingPage *self)
{
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  guint n_columns = kt_import_mapping_get_n_columns (self->mapping);

  self->targets = kt_import_mapping_list_targets (self->mapping);
  gtk_string_list_append (labels, _("Don’t import"));
  for (guint i = 0; self->targets[i] != NULL; i++)
    {
      g_autofree char *label = kt_import_mapping_dup_target_label (self->mapping, self->targets[i]);

      gtk_string_list_append (labels, label);
    }

  for (guint c = 0; c < n_columns; c++)
    {
      const char *target = kt_import_mapping_get_column_target (self->mapping, c);
      const char *sample = kt_import_mapping_get_n_rows (self->mapping) > 0
                           ? kt_import_mapping_get_cell (self->mapping, 0, c) : "";
      g_autofree char *title = g_markup_escape_text (kt_import_mapping_get_column_header (self->mapping, c), -1);
      g_autofree char *short_sample = shorten (sample);
      g_autofree char *subtitle = g_markup_escape_text (short_sample, -1);
      GtkWidget *row = adw_combo_row_new ();
      guint selected = 0;

      for (guint i = 0; target != NULL && self->targets[i] != NULL; i++)
        if (g_str_equal (self->targets[i], target))
          selected = i + 1;

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (labels));
      adw_combo_row_set_selected (ADW_COMBO_ROW (row), selected);
      g_object_set_data (G_OBJECT (row), "column", GUINT_TO_POINTER (c));
      g_signal_connect_object (row, "notify::selected", G_CALLBACK (on_column_selected_cb), self, 0);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (self->columns_group), row);
      g_ptr_array_add (self->column_rows, row);
    }
}

static void
kt_import_mapping_page_dispose (GObject *object)
{
  KtImportMappingPage *self = (KtImportMappingPage *) object;

  g_clear_object (&self->mapping);
  g_clear_pointer (&self->targets, g_strfreev);
  g_clear_pointer (&self->column_rows, g_ptr_array_unref);

  G_OBJECT_CLASS (kt_import_mapping_page_parent_class)->dispose (object);
}

static void
kt_import_mapping_page_class_init (KtImportMappingPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kt_import_mapping_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/kantora/Kantora/importexport/kt-import-mapping-page.ui");
  gtk_widget_class_bind_template_child (widget_class, KtImportMappingPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, KtImportMappingPage, columns_group);
  gtk_widget_class_bind_template_child (widget_class, KtImportMappingPage, preview_grid);
}

static void
kt_import_mapping_page_init (KtImportMappingPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->column_rows = g_ptr_array_new ();
}

void
kt_import_mapping_page_set_mapping (KtImportMappingPage *self,
                                    KtImportMapping     *mapping)
{
  g_return_if_fail (KT_IS_IMPORT_MAPPING_PAGE (self));
  g_return_if_fail (KT_IS_IMPORT_MAPPING (mapping));
  g_return_if_fail (self->mapping == NULL);

  self->mapping = g_object_ref (mapping);
  fill_columns (self);
  fill_preview (self);
}

AdwComboRow *
kt_import_mapping_page_get_column_row (KtImportMappingPage *self,
                                       guint                column)
{
  g_return_val_if_fail (KT_IS_IMPORT_MAPPING_PAGE (self), NULL);
  g_return_val_if_fail (column < self->column_rows->len, NULL);
  return self->column_rows->pdata[column];
}

void
kt_import_mapping_page_set_error (KtImportMappingPage *self,
                                  const char          *message)
{
  g_return_if_fail (KT_IS_IMPORT_MAPPING_PAGE (self));

  gtk_label_set_label (GTK_LABEL (self->error_label), message ? message : "");
  gtk_widget_set_visible (self->error_label, message != NULL);
}
