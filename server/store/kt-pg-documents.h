/* kt-pg-documents.h: the rules of invoices, credit notes and offers
 *
 * Every write of a synced record (REST and sync push alike) goes through
 * kt_pg_apply_change(); when its context carries a KtDocuments, the write
 * path asks kt_pg_documents_check() about each change before it is
 * written (the lifecycle, the locked lines of an issued invoice, the
 * number, credit notes) and tells kt_pg_documents_note() which documents
 * it touched. Once the request's or the batch's records are applied, the
 * caller runs kt_pg_documents_settle() in the same transaction: it
 * recomputes each touched document's totals, paid and credited amounts and
 * paid status, gives a newly issued document its number, checks the totals
 * the writer sent, and writes what the server computed as server changes
 * that clients pull. See docs/money.md, "Documents on the server".
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "kantora-shared.h"
#include "kt-pg.h"

G_BEGIN_DECLS

typedef struct _KtDocuments KtDocuments;
/* Declared in kt-pg-change.h, which includes this header. */
typedef struct _KtChangeContext KtChangeContext;

/* A document: an invoice (credit notes too) or an offer. */
typedef struct {
  const KtEntity *entity;    /* KT_ENTITY_INVOICE or KT_ENTITY_OFFER */
  char           *id;
} KtDocumentRef;

KtDocumentRef *kt_document_ref_new  (const KtEntity *entity,
                                     const char     *id);
void           kt_document_ref_free (KtDocumentRef  *ref);

/* A refused claim of a sync push: the mutation that sent totals which
 * its document's lines do not give. */
typedef struct {
  gint64  mutation_id;
  char   *field;
  char   *message;
} KtDocumentRefusal;

/* @sync: a push, whose claims may be explained by changes it had not
 * pulled (@cursor: the client's pull cursor, 0 when it did not say). */
KtDocuments *kt_documents_new          (gboolean     sync,
                                        gint64       cursor);
void         kt_documents_free         (KtDocuments *docs);
/* Forgets what was noted (a push that runs its batch again). */
void         kt_documents_reset        (KtDocuments *docs);
/* The push mutation that the following changes belong to. */
void         kt_documents_set_mutation (KtDocuments *docs,
                                        gint64       mutation_id);
/* After kt_pg_documents_settle() of a push: the claims it refused
 * (KtDocumentRefusal), in mutation order; empty when none. */
GPtrArray   *kt_documents_get_refusals (KtDocuments *docs);

/* After kt_pg_documents_settle(): the documents it left issued (not
 * draft, not cancelled), KtDocumentRef, whether this write issued them
 * or changed them (a line, a payment, the status): their pages are new.
 * Empty when none. */
GPtrArray   *kt_documents_get_issued   (KtDocuments *docs);

/* Whether a write noted here changed a default template of the
 * organization's, and so every document's page. */
gboolean     kt_documents_get_pages_changed (KtDocuments *docs);

/* The rules about one change (@stored: NULL for a new record; @merged:
 * what would be written; @fields: what the writer sent). Fails with the
 * error to answer. */
gboolean     kt_pg_documents_check     (KtPg                  *pg,
                                        const KtChangeContext *ctx,
                                        KtRecord              *stored,
                                        KtRecord              *merged,
                                        JsonObject            *fields,
                                        GError               **error);
/* A change was written: remembers the documents it touches and the
 * totals it claimed. */
void         kt_pg_documents_note      (KtDocuments           *docs,
                                        KtRecord              *stored,
                                        KtRecord              *merged,
                                        JsonObject            *fields,
                                        JsonObject            *clocks);
/* Recomputes and writes every touched document (see above). For REST, a
 * claim that disagrees fails with `validation` naming the field; for a
 * push, unexplained ones are listed by kt_documents_get_refusals(). */
gboolean     kt_pg_documents_settle    (KtPg                  *pg,
                                        const KtChangeContext *ctx,
                                        KtDocuments           *docs,
                                        GError               **error);

/* Runs the matcher (kt-pg-match.h) on @payment_ids of ctx->org_id and
 * writes what it applies or proposes through the write path with @docs,
 * so that kt_pg_documents_settle() afterwards recomputes the invoices it
 * paid. Settling does this itself for the payments a write created. */
gboolean     kt_pg_documents_match     (KtPg                  *pg,
                                        const KtChangeContext *ctx,
                                        KtDocuments           *docs,
                                        GPtrArray             *payment_ids,
                                        GError               **error);
/* Numbering (docs/money.md, "Numbering"): the kinds are "invoice",
 * "credit_note" and "offer". The next number of @kind, taken under the
 * counter row's lock until commit, formatted with its prefix and digits. */
char        *kt_pg_numbering_take      (KtPg        *pg,
                                        const char  *org_id,
                                        const char  *kind,
                                        GError     **error);
/* {"invoice": {"prefix": "", "next_number": 1, "digits": 10}, ...} */
JsonNode    *kt_pg_numbering_get       (KtPg        *pg,
                                        const char  *org_id,
                                        GError     **error);
/* Applies {"<kind>": {"prefix"?, "next_number"?, "digits"?}, ...} (the
 * caller refuses other keys): a next number at or below one already used
 * is `validation`. */
gboolean     kt_pg_numbering_update    (KtPg        *pg,
                                        const char  *org_id,
                                        JsonObject  *body,
                                        GError     **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KtDocuments, kt_documents_free)

G_END_DECLS
