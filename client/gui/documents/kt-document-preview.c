/* kt-document-preview.c: a document's pages as they print, with Print and
 * Save as PDF
 *
 * The document is laid out once (KtDocumentRender); the preview's page
 * images, the printout (GtkPrintOperation, one cairo page each) and the
 * PDF all replay that layout, so what is shown is what prints.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-document-preview"

#include "config.h"

#include <glib/gi18n.h>

#include "kt-document-preview.h"
#include "kt-documents.h"
#include "kt-texture.h"

/* Screen resolution of the preview's pages. */
#define PREVIEW_DPI 96.0

struct _KtDocumentPreview
{
  AdwWindow         parent_instance;

  KtDocumentRender *render;     /* NULL while the worker draws with it */
  /* The fonts of this window's layout alone: the worker draws with them
   * while GTK draws its own text with the main thread's default map, and
   * pango's fonts are not safe to share between threads. */
  PangoFontMap     *font_map;
  guint             n_pages;
  guint             n_shown;
  char             *filename;
  GCancellable     *cancellable;

  AdwToastOverlay  *toasts;
  GtkWidget        *pages_box;
  GtkWidget        *spinner;
  GtkWidget        *print_button;
  GtkWidget        *save_button;
};

G_DEFINE_FINAL_TYPE (KtDocumentPreview, kt_document_preview, ADW_TYPE_WINDOW)

typedef struct {
  KtDocumentRender *render;
  GPtrArray        *textures;   /* of GdkTexture */
} DrawJob;

static void
draw_job_free (gpointer data)
{
  DrawJob *job = data;

  g_clear_pointer (&job->render, kt_document_render_free);
  g_clear_pointer (&job->textures, g_ptr_array_unref);
  g_free (job);
}

/* On the worker: every page into a texture. The render object is the
 * worker's alone until the job returns it. */
static void
draw_pages_thread (GTask        *task,
                   gpointer      source,
                   gpointer      data,
                   GCancellable *cancellable)
{
  DrawJob *job = data;
  guint n = kt_document_render_get_n_pages (job->render);

  job->textures = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < n && !g_cancellable_is_cancelled (cancellable); i++)
    {
      cairo_surface_t *image = kt_document_render_page_image (job->render, i, PREVIEW_DPI);

      g_ptr_array_add (job->textures, kt_texture_new_for_surface (image));
      cairo_surface_destroy (image);
    }

  g_task_return_boolean (task, TRUE);
}

static void
on_pages_drawn_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  KtDocumentPreview *self = KT_DOCUMENT_PREVIEW (source);
  DrawJob *job = g_task_get_task_data (G_TASK (result));

  if (!g_task_propagate_boolean (G_TASK (result), NULL))
    return;

  self->render = g_steal_pointer (&job->render);
  for (guint i = 0; i < job->textures->len; i++)
    {
      GtkWidget *picture = gtk_picture_new_for_paintable (g_ptr_array_index (job->textures, i));
      /* Translators: the accessible name of a preview page, "Page 2 of 3" */
      g_autofree char *name = g_strdup_printf (_("Page %u of %u"), i + 1, self->n_pages);

      gtk_picture_set_can_shrink (GTK_PICTURE (picture), TRUE);
      gtk_picture_set_content_fit (GTK_PICTURE (picture), GTK_CONTENT_FIT_CONTAIN);
      gtk_widget_add_css_class (picture, "card");
      gtk_accessible_update_property (GTK_ACCESSIBLE (picture), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
      gtk_box_append (GTK_BOX (self->pages_box), picture);
    }
  self->n_shown = job->textures->len;
  gtk_widget_set_visible (self->spinner, FALSE);
  gtk_widget_set_sensitive (self->print_button, TRUE);
  gtk_widget_set_sensitive (self->save_button, TRUE);
}

static void
on_draw_page_cb (GtkPrintOperation *operation,
                 GtkPrintContext   *context,
                 int                page,
                 KtDocumentPreview *self)
{
  cairo_t *cr = gtk_print_context_get_cairo_context (context);
  double scale = gtk_print_context_get_width (context) / kt_document_render_get_page_width (self->render);

  cairo_scale (cr, scale, scale);
  kt_document_render_draw_page (self->render, cr, (guint) page);
}

static void
print_clicked_cb (KtDocumentPreview *self)
{
  g_autoptr(GtkPrintOperation) operation = gtk_print_operation_new ();
  g_autoptr(GError) error = NULL;

  if (self->render == NULL)
    return;

  gtk_print_operation_set_n_pages (operation, (int) self->n_pages);
  gtk_print_operation_set_use_full_page (operation, TRUE);
  gtk_print_operation_set_unit (operation, GTK_UNIT_POINTS);
  gtk_print_operation_set_job_name (operation, self->filename);
  g_signal_connect (operation, "draw-page", G_CALLBACK (on_draw_page_cb), self);
  if (gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG,
                               GTK_WINDOW (self), &error) == GTK_PRINT_OPERATION_RESULT_ERROR)
    adw_toast_overlay_add_toast (self->toasts, adw_toast_new (error->message));
}

static void
on_save_response_cb (GtkNativeDialog   *dialog,
                     int                response,
                     KtDocumentPreview *self)
{
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      path = g_file_get_path (file);
      if (path == NULL || !kt_document_preview_save_pdf (self, path, &error))
        adw_toast_overlay_add_toast (self->toasts,
                                     adw_toast_new (error != NULL ? error->message
                                                                  : _("Could not save the PDF")));
      else
        adw_toast_overlay_add_toast (self->toasts, adw_toast_new (_("PDF saved")));
    }
  g_object_unref (dialog);
}

static void
save_clicked_cb (KtDocumentPreview *self)
{
  /* GtkFileDialog is GTK 4.10: Debian 12 has the native chooser. */
  GtkFileChooserNative *chooser = gtk_file_chooser_native_new (_("Save as PDF"), GTK_WINDOW (self),
                                                               GTK_FILE_CHOOSER_ACTION_SAVE,
                                                               _("_Save"), _("_Cancel"));

  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), self->filename);
  g_signal_connect (chooser, "response", G_CALLBACK (on_save_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static GtkWidget *
build_content (KtDocumentPreview *self,
               const char        *title)
{
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *scroller = gtk_scrolled_window_new ();
  GtkWidget *clamp = adw_clamp_new ();

  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header), adw_window_title_new (_("Preview"), title));
  self->print_button = gtk_button_new_with_mnemonic (_("_Print…"));
  self->save_button = gtk_button_new_with_mnemonic (_("Save as P_DF…"));
  gtk_widget_set_sensitive (self->print_button, FALSE);
  gtk_widget_set_sensitive (self->save_button, FALSE);
  g_signal_connect_swapped (self->print_button, "clicked", G_CALLBACK (print_clicked_cb), self);
  g_signal_connect_swapped (self->save_button, "clicked", G_CALLBACK (save_clicked_cb), self);
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), self->save_button);
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), self->print_button);
  gtk_box_append (GTK_BOX (box), header);

  self->pages_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 18);
  gtk_widget_set_margin_top (self->pages_box, 18);
  gtk_widget_set_margin_bottom (self->pages_box, 18);
  gtk_widget_set_margin_start (self->pages_box, 12);
  gtk_widget_set_margin_end (self->pages_box, 12);
  self->spinner = gtk_spinner_new ();
  gtk_spinner_start (GTK_SPINNER (self->spinner));
  gtk_widget_set_size_request (self->spinner, 32, 32);
  gtk_box_append (GTK_BOX (self->pages_box), self->spinner);
  /* A4 at the preview's resolution is 794 px wide. */
  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 800);
  adw_clamp_set_child (ADW_CLAMP (clamp), self->pages_box);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), clamp);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_widget_set_vexpand (scroller, TRUE);
  gtk_box_append (GTK_BOX (box), scroller);

  self->toasts = ADW_TOAST_OVERLAY (adw_toast_overlay_new ());
  adw_toast_overlay_set_child (self->toasts, box);
  return GTK_WIDGET (self->toasts);
}

static void
kt_document_preview_dispose (GObject *object)
{
  KtDocumentPreview *self = KT_DOCUMENT_PREVIEW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->render, kt_document_render_free);
  g_clear_object (&self->font_map);
  g_clear_pointer (&self->filename, g_free);

  G_OBJECT_CLASS (kt_document_preview_parent_class)->dispose (object);
}

static void
print_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  print_clicked_cb (KT_DOCUMENT_PREVIEW (widget));
}

static void
kt_document_preview_class_init (KtDocumentPreviewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kt_document_preview_dispose;
  gtk_widget_class_install_action (widget_class, "preview.print", NULL, print_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, GDK_CONTROL_MASK, "preview.print", NULL);
}

static void
kt_document_preview_init (KtDocumentPreview *self)
{
  self->cancellable = g_cancellable_new ();
  gtk_window_set_default_size (GTK_WINDOW (self), 720, 860);
}

/**
 * kt_document_preview_new:
 *
 * Returns: (transfer full) (nullable): the preview window, not yet shown
 */
KtDocumentPreview *
kt_document_preview_new (KtStore   *store,
                         KtRecord  *doc,
                         GError   **error)
{
  KtDocumentPreview *self;
  g_autoptr(GTask) task = NULL;
  g_autofree char *number = NULL;
  g_autoptr(PangoFontMap) font_map = NULL;
  KtDocumentRender *render;
  DrawJob *job;

  g_return_val_if_fail (KT_IS_STORE (store), NULL);
  g_return_val_if_fail (KT_IS_RECORD (doc), NULL);

  font_map = pango_cairo_font_map_new ();
  render = kt_document_layout_for (store, doc, font_map, error);
  if (render == NULL)
    return NULL;

  self = g_object_new (KT_TYPE_DOCUMENT_PREVIEW, NULL);
  self->font_map = g_steal_pointer (&font_map);
  self->n_pages = kt_document_render_get_n_pages (render);
  self->filename = kt_document_render_dup_filename (render);
  number = kt_document_dup_number (doc);
  adw_window_set_content (ADW_WINDOW (self), build_content (self, number));

  job = g_new0 (DrawJob, 1);
  job->render = render;
  task = g_task_new (self, self->cancellable, on_pages_drawn_cb, NULL);
  g_task_set_source_tag (task, kt_document_preview_new);
  g_task_set_task_data (task, job, draw_job_free);
  g_task_run_in_thread (task, draw_pages_thread);

  return self;
}

guint
kt_document_preview_get_n_shown (KtDocumentPreview *self)
{
  g_return_val_if_fail (KT_IS_DOCUMENT_PREVIEW (self), 0);

  return self->n_shown;
}

guint
kt_document_preview_get_n_pages (KtDocumentPreview *self)
{
  g_return_val_if_fail (KT_IS_DOCUMENT_PREVIEW (self), 0);

  return self->n_pages;
}

gboolean
kt_document_preview_save_pdf (KtDocumentPreview  *self,
                              const char         *path,
                              GError            **error)
{
  g_return_val_if_fail (KT_IS_DOCUMENT_PREVIEW (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (self->render == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_PENDING, _("The pages are still being drawn"));
      return FALSE;
    }
  return kt_document_render_to_pdf_file (self->render, path, error);
}
