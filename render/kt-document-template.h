/* kt-document-template.h: a document_template record as a layout
 *
 * A document_template record (shared/kt-template.c) says how a document
 * looks: its "layout" field (shared/kt-template-layout.h: page, margins,
 * sizes, colours, columns, the body's blocks in order), its accent colour,
 * font and logo, and the texts of its header, body, footer and text
 * blocks, written in the template language (shared/kt-tmpl.h). This
 * compiles all of it once into a KtDocumentTemplate, which renders any
 * number of documents:
 *
 *   g_autoptr(GPtrArray) errors = NULL;
 *   g_autoptr(KtDocumentTemplate) t = kt_document_template_new (record, &errors);
 *   if (t == NULL) … show each KtDocumentTemplateError where it belongs
 *   g_autoptr(KtDocumentRender) r = kt_document_template_render (t, &source, &error);
 *
 * The client's preview, print and save, the server's PDF routes and mail
 * attachments, and the template studio's live preview all go through it.
 * A KtDocumentTemplate is immutable once made: several threads may render
 * through one at once.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "kt-document-layout.h"
#include "kt-document-render.h"
#include "kt-record.h"
#include "kt-template-layout.h"

G_BEGIN_DECLS

/* The largest logo accepted, decoded (the field holds its data: URL, at
 * most 512 KiB of text). */
#define KT_DOCUMENT_TEMPLATE_MAX_LOGO_BYTES (384 * 1024)
/* The largest logo in pixels a side, before it is scaled to its box. */
#define KT_DOCUMENT_TEMPLATE_MAX_LOGO_PIXELS 4096

/**
 * KtDocumentTemplateError:
 * @field: the record's field at fault: "layout", "header", "body",
 *   "footer", "font_family", "primary_color" or "logo"
 * @path: (nullable): inside "layout", the member: "blocks[3].text"
 * @line: 1-based line in the text at fault (a text field, or the text of
 *   the block @path names); 0 when the error has no place in a text
 * @column: 1-based column in characters, 0 likewise
 * @message: a translated sentence for a person
 */
typedef struct {
  char  *field;
  char  *path;
  guint  line;
  guint  column;
  char  *message;
} KtDocumentTemplateError;

void kt_document_template_error_free (KtDocumentTemplateError *error);

typedef struct _KtDocumentTemplate KtDocumentTemplate;

/**
 * kt_document_template_new:
 * @record: a document_template record
 * @errors: (out) (optional) (element-type KtDocumentTemplateError): every
 *   problem found, each with its field (and place in a text)
 *
 * Compiles @record. Every text is parsed against the variable catalogue
 * (kt-tmpl-vars.h), the font must cover Cyrillic, the logo must be a PNG,
 * JPEG or SVG data: URL within the limits above.
 *
 * Returns: (transfer full) (nullable): the template, or %NULL when there
 *   is any error
 */
KtDocumentTemplate     *kt_document_template_new       (KtRecord   *record,
                                                        GPtrArray **errors);
/* The same from a parsed layout and the texts, without a record (the
 * built-in defaults, the studio while it edits). @header, @body, @footer,
 * @accent_color ("#rrggbb"), @font_family and @logo may be NULL. */
KtDocumentTemplate     *kt_document_template_new_full  (const KtTemplateLayout *layout,
                                                        const char             *header,
                                                        const char             *body,
                                                        const char             *footer,
                                                        const char             *accent_color,
                                                        const char             *font_family,
                                                        const char             *logo,
                                                        GPtrArray             **errors);
KtDocumentTemplate     *kt_document_template_ref       (KtDocumentTemplate *tmpl);
void                    kt_document_template_unref     (KtDocumentTemplate *tmpl);

/* The layout the renderer reads. */
const KtDocumentLayout *kt_document_template_get_layout (KtDocumentTemplate *tmpl);

/* A short hex digest of everything that changes the rendering (the
 * layout, the texts, the font, the logo, KT_DOCUMENT_RENDER_VERSION): the
 * PDF caches and ETags include it. */
const char             *kt_document_template_get_version (KtDocumentTemplate *tmpl);

/* Lays @source out through @tmpl (NULL: the built-in classic layout, as
 * kt_document_render_new() with a NULL layout does). */
KtDocumentRender       *kt_document_template_render    (KtDocumentTemplate     *tmpl,
                                                        const KtDocumentSource *source,
                                                        GError                **error);

/* The template @document prints with, given the organization's
 * templates (any, or only those marked default): its kind's default
 * (kt_document_template_pick_default()), or NULL for the built-in classic
 * layout, also when the default does not compile (a document still
 * prints; the studio shows why). The client's preview, the server's PDF
 * route and its mail attachments all choose with this. */
KtDocumentTemplate     *kt_document_template_for       (KtRecord  *document,
                                                        GPtrArray *templates);

/* The three built-in looks in the two languages, as records are made from
 * (resource:///org/kantora/render/templates/<style>-<lang>.json, compiled
 * into the library, so they work offline and on the server). */
typedef struct {
  const char *id;           /* "classic-bg" */
  const char *style;        /* "classic", "modern", "minimal" */
  const char *language;     /* "bg", "en" */
} KtDocumentTemplateBuiltin;

const KtDocumentTemplateBuiltin *kt_document_template_list_builtins (guint *n_builtins);

/* The built-in @id ("classic-en") as the JSON of a document_template
 * record's fields ("name", "kind", "layout", "header", "body", "footer",
 * "primary_color", "font_family"): what a new organization's templates
 * are made from. NULL for an unknown @id. */
JsonObject             *kt_document_template_dup_builtin_fields (const char *id);
/* The built-in @id compiled; NULL for an unknown @id. */
KtDocumentTemplate     *kt_document_template_new_builtin (const char *id);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KtDocumentTemplate, kt_document_template_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KtDocumentTemplateError, kt_document_template_error_free)

G_END_DECLS
