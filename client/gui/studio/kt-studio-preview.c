/* kt-studio-preview.c: the template studio's live PDF preview
 *
 * Every change of the template asks for a rendering: at once after a
 * pause, else (keys typed less than KT_STUDIO_PREVIEW_DELAY_MS apart)
 * once the typing pauses for that long; then one worker thread (GTask)
 * renders the real PDF (client/core/kt-template-preview)
 * and has poppler draw the shown page of it. Only one rendering runs at
 * a time: a newer request cancels the running one and starts when it
 * has stopped, so the newest text always wins and the workers never
 * share a document. A template with errors leaves the last good page in
 * place; the editor marks the errors.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-studio-preview"

#include "config.h"

#include <glib/gi18n.h>
#include <poppler.h>

#include "kt-documents.h"
#include "kt-entities.h"
#include "kt-studio-preview.h"
#include "kt-template-preview.h"
#include "kt-texture.h"

/* poppler-glib 22.12 declares no autoptr for its types. */
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PopplerPage, g_object_unref)

/* Zoom steps, in percent of the page's size at 96 dpi. */
static const int zoom_steps[] = { 50, 67, 80, 100, 125, 150, 200 };
#define DEFAULT_ZOOM 2   /* 80 %: an A4 page in a half screen */
/* Real documents offered in the list, newest first. */
#define MAX_DOCUMENTS 20

/* A document to render on, shared by the preview and its worker. */
typedef struct {
  KtDocumentSample sample;
} PreviewDocument;

struct _KtStudioPreview
{
  GtkWidget         parent_instance;

  KtStore          *store;
  GPtrArray        *documents;   /* of KtRecord, the dropdown's after its samples */
  PreviewDocument  *document;    /* rc box */
  KtRecord         *pending;     /* the newest template not rendered yet */
  KtRecord         *current;     /* the newest template asked for */
  guint             delay_id;
  GCancellable     *cancellable; /* of the running rendering, or NULL */
  PopplerDocument  *pdf;         /* the last good rendering */
  GPtrArray        *issues;
  guint             page;
  guint             n_pages;
  guint             zoom;        /* index into zoom_steps */
  guint             serial;
  KtDocumentKind    sample_kind; /* the template's */
  gint64            last_request_us;

  /* Template children */
  GtkWidget        *box;
  GtkDropDown      *document_dropdown;
  GtkLabel         *page_label;
  GtkLabel         *zoom_label;
  GtkRevealer      *stale_revealer;
  GtkPicture       *picture;
};

G_DEFINE_FINAL_TYPE (KtStudioPreview, kt_studio_preview, GTK_TYPE_WIDGET)

enum {
  RENDERED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef struct {
  KtRecord         *template_record;
  PreviewDocument  *document;
  guint             page;
  double            scale;
  KtTemplatePreview *result;
  PopplerDocument  *pdf;
  GdkTexture       *texture;
} RenderJob;

static void start_rendering (KtStudioPreview *self);

static void
preview_document_clear (gpointer data)
{
  kt_document_sample_clear (&((PreviewDocument *) data)->sample);
}

static void
render_job_free (gpointer data)
{
  RenderJob *job = data;

  g_clear_object (&job->template_record);
  if (job->document != NULL)
    g_atomic_rc_box_release_full (job->document, preview_document_clear);
  g_clear_pointer (&job->result, kt_template_preview_free);
  g_clear_object (&job->pdf);
  g_clear_object (&job->texture);
  g_free (job);
}

static double
zoom_scale (KtStudioPreview *self)
{
  /* PDF points to pixels at 96 dpi, then the zoom. */
  return zoom_steps[self->zoom] / 100.0 * 96.0 / 72.0;
}

/* Draws @page of @pdf at @scale on white; NULL if there is no such page. */
static GdkTexture *
draw_page (PopplerDocument *pdf,
           guint            page,
           double           scale)
{
  g_autoptr(PopplerPage) p = poppler_document_get_page (pdf, (int) page);
  cairo_surface_t *surface;
  cairo_t *cr;
  double width, height;
  GdkTexture *texture;

  if (p == NULL)
    return NULL;

  poppler_page_get_size (p, &width, &height);
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32,
                                        (int) (width * scale + 0.5), (int) (height * scale + 0.5));
  cr = cairo_create (surface);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_scale (cr, scale, scale);
  poppler_page_render (p, cr);
  cairo_destroy (cr);
  texture = kt_texture_new_for_surface (surface);
  cairo_surface_destroy (surface);
  return texture;
}

static void
render_thread (GTask        *task,
               gpointer      source,
               gpointer      data,
               GCancellable *cancellable)
{
  RenderJob *job = data;
  GError *error = NULL;

  job->result = kt_template_preview_render (job->template_record, &job->document->sample,
                                            cancellable, &error);
  if (job->result == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  if (job->result->pdf != NULL)
    {
      job->pdf = poppler_document_new_from_bytes (job->result->pdf, NULL, &error);
      if (job->pdf == NULL)
        {
          g_task_return_error (task, error);
          return;
        }
      job->page = MIN (job->page, (guint) MAX (poppler_document_get_n_pages (job->pdf) - 1, 0));
      job->texture = draw_page (job->pdf, job->page, job->scale);
    }

  g_task_return_boolean (task, TRUE);
}

static void
update_labels (KtStudioPreview *self)
{
  /* Translators: the page shown in the preview and their number, "1 / 2" */
  g_autofree char *page = g_strdup_printf (_("%u / %u"), self->n_pages > 0 ? self->page + 1 : 0, self->n_pages);
  /* Translators: the preview's zoom, "80 %" */
  g_autofree char *zoom = g_strdup_printf (_("%d %%"), zoom_steps[self->zoom]);

  gtk_label_set_label (self->page_label, page);
  gtk_label_set_label (self->zoom_label, zoom);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "preview.previous-page", self->page > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "preview.next-page", self->page + 1 < self->n_pages);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "preview.zoom-out", self->zoom > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "preview.zoom-in", self->zoom + 1 < G_N_ELEMENTS (zoom_steps));
}

static void
redraw_page (KtStudioPreview *self)
{
  g_autoptr(GdkTexture) texture = NULL;

  if (self->pdf == NULL)
    return;
  texture = draw_page (self->pdf, self->page, zoom_scale (self));
  gtk_picture_set_paintable (self->picture, GDK_PAINTABLE (texture));
  update_labels (self);
}

static void
on_rendered_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  KtStudioPreview *self = KT_STUDIO_PREVIEW (source);
  RenderJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  gboolean cancelled;

  g_clear_object (&self->cancellable);
  /* The worker finished after the widget was disposed (its window
   * closed): nothing to show, nobody to tell. */
  if (self->document == NULL)
    return;
  cancelled = !g_task_propagate_boolean (G_TASK (result), &error) &&
              g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);

  if (error != NULL && !cancelled)
    g_warning ("The preview could not be rendered: %s", error->message);

  if (error == NULL)
    {
      g_clear_pointer (&self->issues, g_ptr_array_unref);
      self->issues = g_ptr_array_ref (job->result->issues);
      if (job->pdf != NULL)
        {
          g_set_object (&self->pdf, job->pdf);
          self->n_pages = (guint) poppler_document_get_n_pages (job->pdf);
          self->page = job->page;
          gtk_picture_set_paintable (self->picture, GDK_PAINTABLE (job->texture));
          gtk_accessible_update_property (GTK_ACCESSIBLE (self->picture),
                                          GTK_ACCESSIBLE_PROPERTY_LABEL, _("Preview of the document"), -1);
        }
      gtk_revealer_set_reveal_child (self->stale_revealer, job->pdf == NULL && self->pdf != NULL);
      update_labels (self);
      self->serial++;
      g_signal_emit (self, signals[RENDERED], 0, job->pdf != NULL);
    }

  /* A newer template arrived while this one rendered. */
  if (self->pending != NULL && self->delay_id == 0)
    start_rendering (self);
}

static void
start_rendering (KtStudioPreview *self)
{
  g_autoptr(GTask) task = NULL;
  RenderJob *job;

  if (self->cancellable != NULL)
    {
      /* One worker at a time: it stops soon, then the newest starts. */
      g_cancellable_cancel (self->cancellable);
      return;
    }
  if (self->pending == NULL || self->document == NULL)
    return;

  job = g_new0 (RenderJob, 1);
  job->template_record = g_steal_pointer (&self->pending);
  job->document = g_atomic_rc_box_acquire (self->document);
  job->page = self->page;
  job->scale = zoom_scale (self);

  self->cancellable = g_cancellable_new ();
  task = g_task_new (self, self->cancellable, on_rendered_cb, NULL);
  g_task_set_source_tag (task, start_rendering);
  g_task_set_task_data (task, job, render_job_free);
  g_task_run_in_thread (task, render_thread);
}

static gboolean
on_delay_cb (gpointer user_data)
{
  KtStudioPreview *self = user_data;

  self->delay_id = 0;
  start_rendering (self);
  return G_SOURCE_REMOVE;
}

static PreviewDocument *
preview_document_new (void)
{
  return g_atomic_rc_box_new0 (PreviewDocument);
}

static void
on_document_selected_cb (KtStudioPreview *self)
{
  guint position = gtk_drop_down_get_selected (self->document_dropdown);
  PreviewDocument *document = preview_document_new ();
  g_autoptr(GError) error = NULL;

  /* The samples first: Bulgarian, English; then the real documents. */
  if (position < 2 || self->documents == NULL || position - 2 >= self->documents->len)
    {
      kt_document_sample_init (&document->sample, self->sample_kind,
                               position == 1 ? "en" : "bg", 10);
    }
  else if (!kt_template_preview_load_document (self->store,
                                               g_ptr_array_index (self->documents, position - 2),
                                               &document->sample, &error))
    {
      g_warning ("The document could not be loaded: %s", error->message);
      kt_document_sample_init (&document->sample, KT_DOCUMENT_KIND_INVOICE, "bg", 10);
    }

  g_atomic_rc_box_release_full (g_steal_pointer (&self->document), preview_document_clear);
  self->document = document;
  self->page = 0;
  /* The same template again, on the new document. */
  if (self->pending == NULL && self->current != NULL)
    self->pending = g_object_ref (self->current);
  start_rendering (self);
}

static KtDocumentKind
sample_kind_of (KtRecord *template_record)
{
  const char *kind = kt_record_get_string (template_record, "kind");

  if (g_strcmp0 (kind, "offer") == 0)
    return KT_DOCUMENT_KIND_OFFER;
  if (g_strcmp0 (kind, "credit_note") == 0)
    return KT_DOCUMENT_KIND_CREDIT_NOTE;
  return KT_DOCUMENT_KIND_INVOICE;
}

static void
fill_documents (KtStudioPreview *self)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  const KtEntity *entities[] = { KT_ENTITY_INVOICE, KT_ENTITY_OFFER };

  gtk_string_list_append (names, _("Sample document in Bulgarian"));
  gtk_string_list_append (names, _("Sample document in English"));

  g_clear_pointer (&self->documents, g_ptr_array_unref);
  self->documents = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint e = 0; self->store != NULL && e < G_N_ELEMENTS (entities); e++)
    {
      g_autoptr(KtQuery) query = kt_query_new (entities[e]);
      g_autoptr(GPtrArray) rows = NULL;

      kt_query_set_sort (query, "issue_date", TRUE);
      rows = kt_store_query (self->store, query, 0, MAX_DOCUMENTS, NULL);
      for (guint i = 0; rows != NULL && i < rows->len; i++)
        {
          KtRecord *doc = g_ptr_array_index (rows, i);
          g_autofree char *number = kt_document_dup_number (doc);
          const char *client = kt_record_get_string (doc, "client_name");
          /* Translators: a document in the preview's list: "Invoice 0000000123 · Client Ltd" */
          g_autofree char *name = g_strdup_printf (entities[e] == KT_ENTITY_OFFER ? _("Offer %s · %s") : _("Invoice %s · %s"),
                                                   number, client != NULL ? client : "");

          gtk_string_list_append (names, name);
          g_ptr_array_add (self->documents, g_object_ref (doc));
        }
    }

  gtk_drop_down_set_model (self->document_dropdown, G_LIST_MODEL (names));
}

static void
previous_page_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  KtStudioPreview *self = KT_STUDIO_PREVIEW (widget);

  if (self->page == 0)
    return;
  self->page--;
  redraw_page (self);
}

static void
next_page_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  KtStudioPreview *self = KT_STUDIO_PREVIEW (widget);

  if (self->page + 1 >= self->n_pages)
    return;
  self->page++;
  redraw_page (self);
}

static void
zoom_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  KtStudioPreview *self = KT_STUDIO_PREVIEW (widget);

  if (g_str_equal (action_name, "preview.zoom-in") && self->zoom + 1 < G_N_ELEMENTS (zoom_steps))
    self->zoom++;
  else if (g_str_equal (action_name, "preview.zoom-out") && self->zoom > 0)
    self->zoom--;
  redraw_page (self);
  update_labels (self);
}

static void
kt_studio_preview_dispose (GObject *object)
{
  KtStudioPreview *self = KT_STUDIO_PREVIEW (object);

  g_clear_handle_id (&self->delay_id, g_source_remove);
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->pending);
  g_clear_object (&self->current);
  g_clear_object (&self->pdf);
  g_clear_object (&self->store);
  g_clear_pointer (&self->issues, g_ptr_array_unref);
  g_clear_pointer (&self->documents, g_ptr_array_unref);
  if (self->document != NULL)
    g_atomic_rc_box_release_full (g_steal_pointer (&self->document), preview_document_clear);
  gtk_widget_dispose_template (GTK_WIDGET (self), KT_TYPE_STUDIO_PREVIEW);

  G_OBJECT_CLASS (kt_studio_preview_parent_class)->dispose (object);
}

static void
kt_studio_preview_class_init (KtStudioPreviewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kt_studio_preview_dispose;

  /**
   * KtStudioPreview::rendered:
   * @ok: whether the template rendered (FALSE: it has errors and the
   *   last good page stays)
   */
  signals[RENDERED] = g_signal_new ("rendered", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                    0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_BOOLEAN);

  gtk_widget_class_install_action (widget_class, "preview.previous-page", NULL, previous_page_action);
  gtk_widget_class_install_action (widget_class, "preview.next-page", NULL, next_page_action);
  gtk_widget_class_install_action (widget_class, "preview.zoom-in", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "preview.zoom-out", NULL, zoom_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Down, GDK_CONTROL_MASK, "preview.next-page", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Up, GDK_CONTROL_MASK, "preview.previous-page", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_plus, GDK_CONTROL_MASK, "preview.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_equal, GDK_CONTROL_MASK, "preview.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_minus, GDK_CONTROL_MASK, "preview.zoom-out", NULL);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/kantora/Kantora/studio/kt-studio-preview.ui");
  gtk_widget_class_bind_template_child (widget_class, KtStudioPreview, box);
  gtk_widget_class_bind_template_child (widget_class, KtStudioPreview, document_dropdown);
  gtk_widget_class_bind_template_child (widget_class, KtStudioPreview, page_label);
  gtk_widget_class_bind_template_child (widget_class, KtStudioPreview, zoom_label);
  gtk_widget_class_bind_template_child (widget_class, KtStudioPreview, stale_revealer);
  gtk_widget_class_bind_template_child (widget_class, KtStudioPreview, picture);
}

static void
kt_studio_preview_init (KtStudioPreview *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->zoom = DEFAULT_ZOOM;
  self->document = preview_document_new ();
  kt_document_sample_init (&self->document->sample, KT_DOCUMENT_KIND_INVOICE, "bg", 10);
  fill_documents (self);
  g_signal_connect_swapped (self->document_dropdown, "notify::selected",
                            G_CALLBACK (on_document_selected_cb), self);
  update_labels (self);
}

GtkWidget *
kt_studio_preview_new (void)
{
  return g_object_new (KT_TYPE_STUDIO_PREVIEW, NULL);
}

void
kt_studio_preview_set_store (KtStudioPreview *self,
                             KtStore         *store)
{
  g_return_if_fail (KT_IS_STUDIO_PREVIEW (self));

  if (!g_set_object (&self->store, store))
    return;
  g_signal_handlers_block_by_func (self->document_dropdown, on_document_selected_cb, self);
  fill_documents (self);
  g_signal_handlers_unblock_by_func (self->document_dropdown, on_document_selected_cb, self);
}

void
kt_studio_preview_render (KtStudioPreview *self,
                          KtRecord        *template_record)
{
  KtDocumentKind kind;
  gint64 now;
  gboolean quiet;

  g_return_if_fail (KT_IS_STUDIO_PREVIEW (self));
  g_return_if_fail (KT_IS_RECORD (template_record));

  g_set_object (&self->pending, template_record);
  g_set_object (&self->current, template_record);

  /* An offer's template is seen on a sample offer. */
  kind = sample_kind_of (template_record);
  if (kind != self->sample_kind)
    {
      self->sample_kind = kind;
      if (gtk_drop_down_get_selected (self->document_dropdown) < 2)
        on_document_selected_cb (self);
    }
  /* A keystroke after a pause renders at once; one that follows another
   * within the delay waits for the typing to pause, so a burst renders
   * once, at its end. */
  now = g_get_monotonic_time ();
  quiet = now - self->last_request_us >= KT_STUDIO_PREVIEW_DELAY_MS * 1000;
  self->last_request_us = now;
  g_clear_handle_id (&self->delay_id, g_source_remove);
  if (quiet)
    start_rendering (self);
  else
    {
      self->delay_id = g_timeout_add (KT_STUDIO_PREVIEW_DELAY_MS, on_delay_cb, self);
      /* A rendering of older text is already useless. */
      if (self->cancellable != NULL)
        g_cancellable_cancel (self->cancellable);
    }
}

GPtrArray *
kt_studio_preview_get_issues (KtStudioPreview *self)
{
  g_return_val_if_fail (KT_IS_STUDIO_PREVIEW (self), NULL);
  return self->issues;
}

guint
kt_studio_preview_get_n_pages (KtStudioPreview *self)
{
  g_return_val_if_fail (KT_IS_STUDIO_PREVIEW (self), 0);
  return self->n_pages;
}

guint
kt_studio_preview_get_page (KtStudioPreview *self)
{
  g_return_val_if_fail (KT_IS_STUDIO_PREVIEW (self), 0);
  return self->page;
}

char *
kt_studio_preview_dup_page_text (KtStudioPreview *self)
{
  g_autoptr(PopplerPage) page = NULL;

  g_return_val_if_fail (KT_IS_STUDIO_PREVIEW (self), NULL);

  if (self->pdf == NULL || (page = poppler_document_get_page (self->pdf, (int) self->page)) == NULL)
    return NULL;
  return poppler_page_get_text (page);
}

guint
kt_studio_preview_get_serial (KtStudioPreview *self)
{
  g_return_val_if_fail (KT_IS_STUDIO_PREVIEW (self), 0);
  return self->serial;
}
