/* kt-templates.h: the organization's document templates on the store
 *
 * What the template studio and the document panes do with
 * document_template records, without a widget: make one from a built-in
 * look (render/kt-document-template.h), duplicate, rename, mark the
 * default of a kind (one per kind: the others of that kind are unmarked
 * in the same transaction), and find the template a document prints
 * with. Every write is an ordinary kt_store_save(), so templates sync
 * like every record.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kt-document-template.h"
#include "kt-store.h"

G_BEGIN_DECLS

/* A new template record from the built-in @builtin_id ("classic-bg") of
 * @kind ("invoice", "credit_note", "offer"), saved. */
KtRecord           *kt_templates_create_from_builtin (KtStore    *store,
                                                      const char *builtin_id,
                                                      const char *kind,
                                                      GError    **error);
/* A copy of @tmpl named @name (NULL: "<name> (copy)", translated), not
 * the default, saved. */
KtRecord           *kt_templates_duplicate    (KtStore    *store,
                                               KtRecord   *tmpl,
                                               const char *name,
                                               GError    **error);
gboolean            kt_templates_rename       (KtStore    *store,
                                               KtRecord   *tmpl,
                                               const char *name,
                                               GError    **error);
/* Marks @tmpl the default of its kind and unmarks the others of that
 * kind, in one transaction. */
gboolean            kt_templates_set_default  (KtStore    *store,
                                               KtRecord   *tmpl,
                                               GError    **error);
/* The default template record of @kind, or NULL
 * (kt_document_template_pick_default()'s rule). */
KtRecord           *kt_templates_get_default  (KtStore    *store,
                                               const char *kind,
                                               GError    **error);
/* The compiled template @doc prints with: its kind's default, or NULL for
 * the built-in classic layout (also when the default does not compile:
 * a document still prints, and the studio shows why). */
KtDocumentTemplate *kt_templates_for_document (KtStore    *store,
                                               KtRecord   *doc);

G_END_DECLS
