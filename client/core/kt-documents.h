/* kt-documents.h: invoices, credit notes and offers as the client edits them
 *
 * What the document panes do that needs no widget: the number a person
 * sees, the open amount and overdue test, the items of a document and
 * their one-transaction save with the totals computed by shared/kt-totals,
 * status changes, credit notes and the client's details copied from a
 * company or a contact. The seller's details are the organization the
 * sync engine caches (kt_meta "organization").
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "kt-document-render.h"
#include "kt-store.h"

G_BEGIN_DECLS

#include "kt-sync-engine.h"

/* The kt_meta key of the organization's JSON (GET /v1/organization),
 * which the sync engine refreshes at each sync. */
#define KT_DOCUMENT_ORGANIZATION_KEY KT_SYNC_META_ORGANIZATION

/* invoice → invoice_item, offer → offer_item. */
const KtEntity *kt_document_item_entity   (const KtEntity *doc_entity);
/* "invoice_id" or "offer_id": the item's reference to its document. */
const char     *kt_document_parent_field  (const KtEntity *doc_entity);
/* The number, or "Draft" (translated) while the server has not given one. */
char           *kt_document_dup_number    (KtRecord       *doc);
/* Whether @doc is an invoice of the kind "credit_note" (offers never are). */
gboolean        kt_document_is_credit_note (KtRecord      *doc);
/* Today in local time, "YYYY-MM-DD". */
char           *kt_document_today         (void);
/* A due date @days after @iso_date ("YYYY-MM-DD"), or NULL. */
char           *kt_document_add_days      (const char     *iso_date,
                                           int             days);
/* Whether an invoice still waits for money: issued or later, not paid or
 * cancelled, and an open amount above zero. */
/* Whether an open amount means anything: an invoice that was issued and
 * not cancelled, not a credit note. */
gboolean        kt_document_owes          (KtRecord       *invoice);
gboolean        kt_document_is_open       (KtRecord       *invoice);
/* Open, and its due date before @today ("YYYY-MM-DD"). */
gboolean        kt_document_is_overdue    (KtRecord       *invoice,
                                           const char     *today);
/* Whether the document may still be edited: drafts only. An issued
 * invoice is changed by a credit note. */
gboolean        kt_document_is_editable   (KtRecord       *doc);

/* The items of @doc by position (transfer full, of KtRecord). */
GPtrArray      *kt_document_load_items    (KtStore        *store,
                                           KtRecord       *doc,
                                           GError        **error);
/* Numbers @items 0, 1, 2… in their order, links them to @doc, computes the
 * document's totals from them and writes the document, the items and the
 * tombstones of @removed (items the person took out; may be NULL) in one
 * transaction. What did not change is not written (no outbox row). */
gboolean        kt_document_save          (KtStore        *store,
                                           KtRecord       *doc,
                                           GPtrArray      *items,
                                           GPtrArray      *removed,
                                           GError        **error);
/* Sets the stored document's status; @old_status receives the one it had
 * (for an undo). */
gboolean        kt_document_set_status    (KtStore        *store,
                                           const KtEntity *entity,
                                           const char     *id,
                                           const char     *status,
                                           char          **old_status,
                                           GError        **error);

/* A line of a credit note: the original line and how much of it to reverse. */
typedef struct {
  const char *item_id;
  gint64      quantity;   /* thousandths, 0 < quantity <= the line's */
} KtCreditLine;

/* Makes and saves (one transaction) a draft credit note of @invoice that
 * reverses @lines: positive copies of the original lines with
 * credited_item_id, the client, currency and language of the invoice.
 * Returns the credit note. */
KtRecord       *kt_document_create_credit_note (KtStore            *store,
                                                KtRecord           *invoice,
                                                const KtCreditLine *lines,
                                                guint               n_lines,
                                                GError            **error);

/* Converts the accepted @offer (as stored) into a draft invoice with the
 * same lines (shared/kt-offer-convert: the same ids on every device, so
 * two offline conversions end as one invoice), issued today and due in 14
 * days, and marks the offer converted with converted_invoice_id: the
 * invoice, its lines and the offer in one transaction. Returns the
 * invoice; @items receives its lines (transfer full, may be NULL). */
KtRecord       *kt_document_convert_offer (KtStore        *store,
                                           KtRecord       *offer,
                                           GPtrArray     **items,
                                           GError        **error);

/* Copies the client's details from @party (a company or a contact) into
 * @doc: company_id or contact_id, client_name, client_address, client_vat,
 * client_eik and client_mol (a contact's company gives what the contact
 * lacks). */
void            kt_document_fill_client   (KtStore        *store,
                                           KtRecord       *doc,
                                           KtRecord       *party);

/* @doc laid out for printing (render/): its items, the cached seller and
 * a credit note's invoice read from @store. */
KtDocumentRender *kt_document_layout_for  (KtStore        *store,
                                           KtRecord       *doc,
                                           PangoFontMap   *font_map,
                                           GError        **error);

/* The cached organization (seller) or NULL when none was fetched yet. */
JsonObject     *kt_document_load_organization (KtStore    *store);

G_END_DECLS
