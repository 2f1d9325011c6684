/* kt-pg-documents.c: the rules of invoices, credit notes and offers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-pg-documents"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "kt-pg-change.h"
#include "kt-pg-documents.h"
#include "kt-pg-payment-links.h"
#include "kt-pg-match.h"
#include "kt-pg-schema.h"
#include "kt-server-error.h"

/* The money fields a writer may send and the server recomputes. */
static const char * const claim_fields[] = {
  "subtotal", "discount", "net", "tax", "total", "paid_amount", "credited_amount", NULL
};

/* What the server writes back after computing it. */
static const char * const computed_fields[] = {
  "subtotal", "discount", "net", "tax", "total", "paid_amount", "credited_amount",
  "status", "number", NULL
};

/* The fields of an issued invoice that only a credit note may correct
 * (the totals are checked against the lines anyway). */
static const char * const locked_invoice_fields[] = {
  "kind", "currency", "rounding", "credited_invoice_id", NULL
};

typedef struct {
  const KtEntity *entity;
  char           *doc_id;
  char           *field;
  gint64          value;
  gint64          mutation_id;
  char           *clock;      /* the claim's stamp (a push), NULL for REST */
} Claim;

struct _KtDocuments {
  gboolean    sync;
  gint64      cursor;
  gint64      mutation_id;
  GPtrArray  *docs;          /* of KtDocumentRef, in the order first touched */
  /* Of those, the ones settling left issued (kt_documents_get_issued()). */
  GPtrArray  *issued;        /* of KtDocumentRef */
  GHashTable *issued_keys;   /* "<entity>/<id>" of those */
  /* A default template was written: every page is new. */
  gboolean    pages_changed;
  GPtrArray  *claims;        /* of Claim */
  GPtrArray  *refusals;      /* of KtDocumentRefusal */
  /* Invoices this request or batch issued: their lines may come after
   * the issuing in the same save (one push batch keeps a save together). */
  GHashTable *issued_here;
  /* Payments created unmatched here, for the matcher (kt-pg-match.h). */
  GPtrArray  *new_payments;
};

KtDocumentRef *
kt_document_ref_new (const KtEntity *entity,
                     const char     *id)
{
  KtDocumentRef *ref = g_new0 (KtDocumentRef, 1);

  ref->entity = entity;
  ref->id = g_strdup (id);
  return ref;
}

void
kt_document_ref_free (KtDocumentRef *ref)
{
  if (ref == NULL)
    return;
  g_free (ref->id);
  g_free (ref);
}

static void
claim_free (Claim *claim)
{
  g_free (claim->doc_id);
  g_free (claim->field);
  g_free (claim->clock);
  g_free (claim);
}

static void
refusal_free (KtDocumentRefusal *refusal)
{
  g_free (refusal->field);
  g_free (refusal->message);
  g_free (refusal);
}

KtDocuments *
kt_documents_new (gboolean sync,
                  gint64   cursor)
{
  KtDocuments *docs = g_new0 (KtDocuments, 1);

  docs->sync = sync;
  docs->cursor = MAX (cursor, 0);
  docs->docs = g_ptr_array_new_with_free_func ((GDestroyNotify) kt_document_ref_free);
  docs->issued = g_ptr_array_new_with_free_func ((GDestroyNotify) kt_document_ref_free);
  docs->issued_keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  docs->claims = g_ptr_array_new_with_free_func ((GDestroyNotify) claim_free);
  docs->refusals = g_ptr_array_new_with_free_func ((GDestroyNotify) refusal_free);
  docs->issued_here = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  docs->new_payments = g_ptr_array_new_with_free_func (g_free);
  return docs;
}

void
kt_documents_free (KtDocuments *docs)
{
  if (docs == NULL)
    return;
  g_ptr_array_unref (docs->docs);
  g_ptr_array_unref (docs->issued);
  g_hash_table_unref (docs->issued_keys);
  g_ptr_array_unref (docs->claims);
  g_ptr_array_unref (docs->refusals);
  g_hash_table_unref (docs->issued_here);
  g_ptr_array_unref (docs->new_payments);
  g_free (docs);
}

void
kt_documents_reset (KtDocuments *docs)
{
  g_return_if_fail (docs != NULL);

  g_ptr_array_set_size (docs->docs, 0);
  g_ptr_array_set_size (docs->issued, 0);
  g_hash_table_remove_all (docs->issued_keys);
  docs->pages_changed = FALSE;
  g_ptr_array_set_size (docs->claims, 0);
  g_ptr_array_set_size (docs->refusals, 0);
  g_hash_table_remove_all (docs->issued_here);
  g_ptr_array_set_size (docs->new_payments, 0);
  docs->mutation_id = 0;
}

void
kt_documents_set_mutation (KtDocuments *docs,
                           gint64       mutation_id)
{
  g_return_if_fail (docs != NULL);
  docs->mutation_id = mutation_id;
}

GPtrArray *
kt_documents_get_issued (KtDocuments *docs)
{
  g_return_val_if_fail (docs != NULL, NULL);
  return docs->issued;
}

gboolean
kt_documents_get_pages_changed (KtDocuments *docs)
{
  g_return_val_if_fail (docs != NULL, FALSE);
  return docs->pages_changed;
}

GPtrArray *
kt_documents_get_refusals (KtDocuments *docs)
{
  g_return_val_if_fail (docs != NULL, NULL);
  return docs->refusals;
}

/* Adds @id unless it is waiting to be settled already; @again: also when
 * it was settled before (a credit note changed, so its original's
 * credited amount did). */
static void
touch (KtDocuments    *docs,
       const KtEntity *entity,
       const char     *id,
       guint           from,
       gboolean        again)
{
  if (id == NULL || !kt_uuid_is_valid (id))
    return;
  for (guint i = again ? from : 0; i < docs->docs->len; i++)
    {
      KtDocumentRef *other = g_ptr_array_index (docs->docs, i);

      if (other->entity == entity && g_str_equal (other->id, id))
        return;
    }
  g_ptr_array_add (docs->docs, kt_document_ref_new (entity, id));
}

static gboolean
is_document (const KtEntity *entity)
{
  return entity == KT_ENTITY_INVOICE || entity == KT_ENTITY_OFFER;
}

static const KtEntity *
item_entity_of (const KtEntity *doc_entity)
{
  return doc_entity == KT_ENTITY_INVOICE ? KT_ENTITY_INVOICE_ITEM : KT_ENTITY_OFFER_ITEM;
}

static gboolean
is_credit_note (KtRecord *record)
{
  return g_strcmp0 (kt_record_get_string (record, "kind"), "credit_note") == 0;
}

/* Issued, or later in the life of the document: it has (or is due) a
 * number. */
static gboolean
is_issued_status (const KtEntity *entity,
                  const char     *status)
{
  if (status == NULL || g_str_equal (status, "draft"))
    return FALSE;
  if (entity == KT_ENTITY_OFFER)
    return TRUE;
  return !g_str_equal (status, "cancelled");
}

void
kt_pg_documents_note (KtDocuments *docs,
                      KtRecord    *stored,
                      KtRecord    *merged,
                      JsonObject  *fields,
                      JsonObject  *clocks)
{
  const KtEntity *entity;

  g_return_if_fail (docs != NULL);
  g_return_if_fail (KT_IS_RECORD (merged));

  entity = kt_record_get_entity (merged);
  /* Marked default, unmarked, edited or deleted while default: the page
   * of every document of its kind is drawn anew (the PDF's stamp). */
  if (entity == KT_ENTITY_DOCUMENT_TEMPLATE &&
      (kt_record_get_bool (merged, "is_default") || (stored != NULL && kt_record_get_bool (stored, "is_default"))))
    docs->pages_changed = TRUE;
  if (is_document (entity))
    {
      touch (docs, entity, kt_record_get_id (merged), 0, FALSE);
      if (entity == KT_ENTITY_INVOICE)
        {
          if (is_issued_status (entity, kt_record_get_string (merged, "status")) &&
              (stored == NULL || !is_issued_status (entity, kt_record_get_string (stored, "status"))))
            g_hash_table_add (docs->issued_here, g_strdup (kt_record_get_id (merged)));
          touch (docs, entity, kt_record_get_string (merged, "credited_invoice_id"), 0, FALSE);
          if (stored != NULL)
            touch (docs, entity, kt_record_get_string (stored, "credited_invoice_id"), 0, FALSE);
        }

      for (guint i = 0; claim_fields[i] != NULL; i++)
        {
          JsonNode *node = json_object_get_member (fields, claim_fields[i]);
          const char *clock = NULL;
          Claim *claim;

          if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
              kt_entity_get_field (entity, claim_fields[i]) == NULL)
            continue;
          if (clocks != NULL)
            {
              clock = json_object_get_string_member_with_default (clocks, claim_fields[i], NULL);
              /* A stale claim lost to a newer value: nothing to check. */
              if (g_strcmp0 (clock, kt_record_get_field_hlc (merged, claim_fields[i])) != 0)
                continue;
            }

          claim = g_new0 (Claim, 1);
          claim->entity = entity;
          claim->doc_id = g_strdup (kt_record_get_id (merged));
          claim->field = g_strdup (claim_fields[i]);
          claim->value = json_node_get_int (node);
          claim->mutation_id = docs->mutation_id;
          claim->clock = g_strdup (clock);
          g_ptr_array_add (docs->claims, claim);
        }
    }
  else if (entity == KT_ENTITY_INVOICE_ITEM || entity == KT_ENTITY_OFFER_ITEM)
    {
      const KtEntity *doc_entity = entity == KT_ENTITY_INVOICE_ITEM ? KT_ENTITY_INVOICE : KT_ENTITY_OFFER;

      touch (docs, doc_entity, kt_record_get_string (merged, entity->parent_field), 0, FALSE);
      if (stored != NULL)
        touch (docs, doc_entity, kt_record_get_string (stored, entity->parent_field), 0, FALSE);
    }
  else if (entity == KT_ENTITY_PAYMENT)
    {
      /* A payment that arrives without a match or a proposal (the client
       * did not match it itself) goes to the matcher at settling. */
      if (stored == NULL && !kt_record_get_deleted (merged) && !kt_record_get_bool (merged, "matched") &&
          !kt_record_has (merged, "invoice_id") && !kt_record_has (merged, "proposed_invoice_id"))
        g_ptr_array_add (docs->new_payments, g_strdup (kt_record_get_id (merged)));
      touch (docs, KT_ENTITY_INVOICE, kt_record_get_string (merged, "invoice_id"), 0, FALSE);
      if (stored != NULL)
        touch (docs, KT_ENTITY_INVOICE, kt_record_get_string (stored, "invoice_id"), 0, FALSE);
    }
}

/* The lifecycle (docs/money.md): which status a writer may move a
 * document to. The server's own moves (paid, partially paid, back) do not
 * come through here. */
static gboolean
invoice_move_allowed (const char *from,
                      const char *to)
{
  static const char * const open_states[] = { "issued", "sent", "overdue", "partially_paid", "paid", NULL };

  if (g_str_equal (from, to))
    return TRUE;
  if (g_str_equal (to, "cancelled"))
    return !g_str_equal (from, "paid");
  if (g_str_equal (from, "cancelled") || g_str_equal (to, "draft"))
    return FALSE;
  if (g_str_equal (to, "issued"))
    return g_str_equal (from, "draft");
  /* Back to sent: every payment of a paid invoice unmatched again
   * (kt_invoice_settle_status()). */
  if (g_str_equal (to, "sent"))
    return g_str_equal (from, "draft") || g_str_equal (from, "issued") ||
           g_str_equal (from, "partially_paid") || g_str_equal (from, "paid");
  if (g_str_equal (to, "overdue"))
    return g_str_equal (from, "issued") || g_str_equal (from, "sent") ||
           g_str_equal (from, "partially_paid");
  /* partially_paid and paid: a payment on an issued invoice (the server
   * corrects the status from the amounts anyway). */
  return g_strv_contains (open_states, from);
}

static gboolean
offer_move_allowed (const char *from,
                    const char *to)
{
  if (g_str_equal (from, to))
    return TRUE;
  if (g_str_equal (to, "sent"))
    return g_str_equal (from, "draft");
  if (g_str_equal (to, "accepted") || g_str_equal (to, "rejected") || g_str_equal (to, "expired"))
    return g_str_equal (from, "sent");
  if (g_str_equal (to, "converted"))
    return g_str_equal (from, "accepted");
  return FALSE;
}

static const char *
status_label (const char *status)
{
  if (g_str_equal (status, "draft"))
    return C_("status in a sentence", "draft");
  if (g_str_equal (status, "issued"))
    return C_("status in a sentence", "issued");
  if (g_str_equal (status, "sent"))
    return C_("status in a sentence", "sent");
  if (g_str_equal (status, "partially_paid"))
    return C_("status in a sentence", "partially paid");
  if (g_str_equal (status, "paid"))
    return C_("status in a sentence", "paid");
  if (g_str_equal (status, "overdue"))
    return C_("status in a sentence", "overdue");
  if (g_str_equal (status, "cancelled"))
    return C_("status in a sentence", "cancelled");
  if (g_str_equal (status, "accepted"))
    return C_("status in a sentence", "accepted");
  if (g_str_equal (status, "rejected"))
    return C_("status in a sentence", "rejected");
  if (g_str_equal (status, "expired"))
    return C_("status in a sentence", "expired");
  if (g_str_equal (status, "converted"))
    return C_("status in a sentence", "converted");
  return status;
}

/* Whether a write stamped @stamp came after the document was issued (its
 * status clock): lines written before belong to what was issued, even
 * when they arrive later (an offline device pushing its draft). */
static gboolean
written_after_issue (KtRecord   *doc,
                     const char *stamp)
{
  const char *issued = kt_record_get_field_hlc (doc, "status");

  return stamp == NULL || issued == NULL || kt_hlc_compare (stamp, issued) > 0;
}

static gboolean
check_document (KtPg            *pg,
                const char      *org_id,
                const KtEntity  *entity,
                KtRecord        *stored,
                KtRecord        *merged,
                JsonObject      *fields,
                GError         **error)
{
  const char *from = stored != NULL ? kt_record_get_string (stored, "status") : "draft";
  const char *to = kt_record_get_string (merged, "status");
  JsonNode *number = json_object_get_member (fields, "number");

  /* The number is the server's: a writer may only repeat it (null for a
   * document that has none yet), never change or clear it. */
  if (number != NULL &&
      (JSON_NODE_HOLDS_NULL (number)
       ? stored != NULL && kt_record_has (stored, "number")
       : (!JSON_NODE_HOLDS_VALUE (number) || json_node_get_value_type (number) != G_TYPE_STRING ||
          stored == NULL || g_strcmp0 (json_node_get_string (number),
                                       kt_record_get_string (stored, "number")) != 0)))
    {
      kt_server_set_field_error (error, KT_SERVER_ERROR_VALIDATION, "number", "%s",
                                 _("The number is given by the server when the document is issued"));
      return FALSE;
    }

  if (kt_record_get_deleted (merged))
    {
      if (stored != NULL && !kt_record_get_deleted (stored) &&
          (kt_record_has (stored, "number") || is_issued_status (entity, from)))
        {
          kt_server_set_field_error (error, KT_SERVER_ERROR_VALIDATION, KT_META_DELETED, "%s",
                                     entity == KT_ENTITY_INVOICE
                                     ? _("An issued document cannot be deleted; cancel it or issue a credit note")
                                     : _("A sent offer cannot be deleted; mark it rejected or expired"));
          return FALSE;
        }
      return TRUE;
    }

  if (from == NULL)
    from = "draft";
  if (to != NULL && g_strcmp0 (from, to) != 0 &&
      !(entity == KT_ENTITY_INVOICE ? invoice_move_allowed (from, to) : offer_move_allowed (from, to)))
    {
      kt_server_set_field_error (error, KT_SERVER_ERROR_VALIDATION, "status",
                                 _("A document cannot go from %s to %s"),
                                 status_label (from), status_label (to));
      return FALSE;
    }

  if (entity != KT_ENTITY_INVOICE)
    return TRUE;

  if (stored != NULL && is_issued_status (entity, from))
    for (guint i = 0; locked_invoice_fields[i] != NULL; i++)
      {
        const char *name = locked_invoice_fields[i];
        JsonNode *before = kt_record_get_node (stored, name);
        JsonNode *after = kt_record_get_node (merged, name);

        if ((before == NULL) != (after == NULL) ||
            (before != NULL && !json_node_equal (before, after)))
          if (written_after_issue (stored, kt_record_get_field_hlc (merged, name)))
            {
              kt_server_set_field_error (error, KT_SERVER_ERROR_VALIDATION, name, "%s",
                                         _("An issued invoice cannot be changed; issue a credit note"));
              return FALSE;
            }
      }

  /* A credit note corrects an invoice that was issued. */
  if (is_credit_note (merged) && kt_record_has (merged, "credited_invoice_id") &&
      (stored == NULL || json_object_has_member (fields, "credited_invoice_id") ||
       json_object_has_member (fields, "status") || json_object_has_member (fields, "kind")))
    {
      g_autoptr(GError) local_error = NULL;
      g_autoptr(KtRecord) original = kt_pg_load_record (pg, KT_ENTITY_INVOICE, org_id,
                                                        kt_record_get_string (merged, "credited_invoice_id"),
                                                        FALSE, &local_error);

      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      if (original != NULL && !kt_record_get_deleted (original) &&
          (is_credit_note (original) ||
           !is_issued_status (KT_ENTITY_INVOICE, kt_record_get_string (original, "status"))))
        {
          kt_server_set_field_error (error, KT_SERVER_ERROR_VALIDATION, "credited_invoice_id", "%s",
                                     _("A credit note can only correct an issued invoice"));
          return FALSE;
        }
    }
  return TRUE;
}

/* How much of @credited_item_id the other live lines of credit notes that
 * are not cancelled already credit. */
static gboolean
credited_quantity (KtPg        *pg,
                   const char  *org_id,
                   const char  *credited_item_id,
                   const char  *line_id,
                   gint64      *out,
                   GError     **error)
{
  g_autoptr(PGresult) res = NULL;
  const char *params[] = { org_id, credited_item_id, line_id };

  res = kt_pg_exec (pg, "credited_quantity",
                    "SELECT coalesce(sum(i.quantity), 0) FROM invoice_items i "
                    "JOIN invoices n ON n.org_id = i.org_id AND n.id = i.invoice_id "
                    "WHERE i.org_id = $1::uuid AND i.credited_item_id = $2::uuid AND i.id <> $3::uuid "
                    "AND NOT i.deleted AND NOT n.deleted AND n.status <> 'cancelled'",
                    3, params, error);
  if (res == NULL)
    return FALSE;
  *out = g_ascii_strtoll (kt_pg_value (res, 0, 0), NULL, 10);
  return TRUE;
}

static gboolean
check_credit_line (KtPg        *pg,
                   const char  *org_id,
                   KtRecord    *note,
                   KtRecord    *line,
                   GError     **error)
{
  const char *credited_id = kt_record_get_string (line, "credited_item_id");
  g_autoptr(KtRecord) credited = NULL;
  g_autoptr(GError) local_error = NULL;
  gint64 already = 0;

  if (credited_id == NULL)
    return TRUE;

  credited = kt_pg_load_record (pg, KT_ENTITY_INVOICE_ITEM, org_id, credited_id, FALSE, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (credited == NULL || kt_record_get_deleted (credited) || !is_credit_note (note) ||
      g_strcmp0 (kt_record_get_string (credited, "invoice_id"),
                 kt_record_get_string (note, "credited_invoice_id")) != 0)
    {
      kt_server_set_field_error (error, KT_SERVER_ERROR_VALIDATION, "credited_item_id", "%s",
                                 _("A credit note’s line must reverse a line of the invoice it corrects"));
      return FALSE;
    }

  if (!credited_quantity (pg, org_id, credited_id, kt_record_get_id (line), &already, error))
    return FALSE;
  if (kt_record_get_int (line, "quantity") > kt_record_get_int (credited, "quantity") - already)
    {
      kt_server_set_field_error (error, KT_SERVER_ERROR_VALIDATION, "quantity", "%s",
                                 _("A credit note cannot credit more than what is left of the line"));
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_item (KtPg            *pg,
            const char      *org_id,
            KtDocuments     *docs,
            const KtEntity  *entity,
            KtRecord        *stored,
            KtRecord        *merged,
            GError         **error)
{
  const char *parents[2] = { kt_record_get_string (merged, entity->parent_field),
                             stored ? kt_record_get_string (stored, entity->parent_field) : NULL };
  const KtEntity *doc_entity = entity == KT_ENTITY_INVOICE_ITEM ? KT_ENTITY_INVOICE : KT_ENTITY_OFFER;

  /* Offers may be revised until they are converted; invoices are fixed
   * once issued. */
  if (doc_entity != KT_ENTITY_INVOICE)
    return TRUE;

  for (guint i = 0; i < G_N_ELEMENTS (parents); i++)
    {
      g_autoptr(KtRecord) doc = NULL;
      g_autoptr(GError) local_error = NULL;

      if (parents[i] == NULL || (i == 1 && g_strcmp0 (parents[0], parents[1]) == 0))
        continue;
      /* Locked: issuing the invoice waits for this line, or the other way
       * round. */
      doc = kt_pg_load_record (pg, doc_entity, org_id, parents[i], TRUE, &local_error);
      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      if (doc == NULL)
        continue;   /* the reference check answers */

      if (is_issued_status (doc_entity, kt_record_get_string (doc, "status")) &&
          written_after_issue (doc, kt_record_get_hlc (merged)) &&
          !g_hash_table_contains (docs->issued_here, parents[i]))
        {
          kt_server_set_field_error (error, KT_SERVER_ERROR_VALIDATION, entity->parent_field, "%s",
                                     _("The lines of an issued invoice cannot be changed; issue a credit note"));
          return FALSE;
        }
      if (i == 0 && !kt_record_get_deleted (merged) &&
          !check_credit_line (pg, org_id, doc, merged, error))
        return FALSE;
    }
  return TRUE;
}

gboolean
kt_pg_documents_check (KtPg                  *pg,
                       const KtChangeContext *ctx,
                       KtRecord              *stored,
                       KtRecord              *merged,
                       JsonObject            *fields,
                       GError               **error)
{
  const KtEntity *entity;

  g_return_val_if_fail (pg != NULL && ctx != NULL, FALSE);
  g_return_val_if_fail (KT_IS_RECORD (merged), FALSE);

  entity = kt_record_get_entity (merged);
  if (is_document (entity))
    return check_document (pg, ctx->org_id, entity, stored, merged, fields, error);
  if (entity == KT_ENTITY_INVOICE_ITEM || entity == KT_ENTITY_OFFER_ITEM)
    return check_item (pg, ctx->org_id, ctx->documents, entity, stored, merged, error);
  return TRUE;
}

/* Numbering */

static const char * const numbering_kinds[] = { "invoice", "credit_note", "offer", NULL };

char *
kt_pg_numbering_take (KtPg        *pg,
                      const char  *org_id,
                      const char  *kind,
                      GError     **error)
{
  g_autoptr(PGresult) res = NULL;
  const char *params[] = { org_id, kind };
  gint64 number;
  gint64 digits;

  g_return_val_if_fail (g_strv_contains (numbering_kinds, kind), NULL);

  /* The row stays locked until commit: another writer (another server
   * instance too) waits here, and a rollback gives the number back, so
   * numbers are neither repeated nor skipped. */
  res = kt_pg_exec (pg, "numbering_take",
                    "INSERT INTO doc_counters (org_id, kind, next_number, max_used) "
                    "VALUES ($1::uuid, $2, 2, 1) "
                    "ON CONFLICT (org_id, kind) DO UPDATE SET "
                    " next_number = doc_counters.next_number + 1, max_used = doc_counters.next_number "
                    "RETURNING prefix, max_used, digits",
                    2, params, error);
  if (res == NULL)
    return NULL;

  number = g_ascii_strtoll (kt_pg_value (res, 0, 1), NULL, 10);
  digits = g_ascii_strtoll (kt_pg_value (res, 0, 2), NULL, 10);
  return g_strdup_printf ("%s%0*" G_GINT64_FORMAT, kt_pg_value (res, 0, 0), (int) digits, number);
}

JsonNode *
kt_pg_numbering_get (KtPg        *pg,
                     const char  *org_id,
                     GError     **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(PGresult) res = NULL;
  const char *params[] = { org_id };

  res = kt_pg_exec (pg, "numbering_get",
                    "SELECT kind, prefix, next_number, digits FROM doc_counters WHERE org_id = $1::uuid",
                    1, params, error);
  if (res == NULL)
    return NULL;

  json_builder_begin_object (builder);
  for (guint k = 0; numbering_kinds[k] != NULL; k++)
    {
      const char *prefix = "";
      gint64 next = 1, digits = 10;

      for (int row = 0; row < PQntuples (res); row++)
        if (g_str_equal (kt_pg_value (res, row, 0), numbering_kinds[k]))
          {
            prefix = kt_pg_value (res, row, 1);
            next = g_ascii_strtoll (kt_pg_value (res, row, 2), NULL, 10);
            digits = g_ascii_strtoll (kt_pg_value (res, row, 3), NULL, 10);
          }
      json_builder_set_member_name (builder, numbering_kinds[k]);
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "prefix");
      json_builder_add_string_value (builder, prefix);
      json_builder_set_member_name (builder, "next_number");
      json_builder_add_int_value (builder, next);
      json_builder_set_member_name (builder, "digits");
      json_builder_add_int_value (builder, digits);
      json_builder_end_object (builder);
    }
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static gboolean
get_int_member (JsonObject  *object,
                const char  *name,
                gint64       min,
                gint64       max,
                gint64      *out,
                GError     **error)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64 ||
      json_node_get_int (node) < min || json_node_get_int (node) > max)
    {
      g_autofree char *low = g_strdup_printf ("%" G_GINT64_FORMAT, min);
      g_autofree char *high = g_strdup_printf ("%" G_GINT64_FORMAT, max);

      kt_server_set_field_error (error, KT_SERVER_ERROR_VALIDATION, name,
                                 _("“%s” must be a whole number from %s to %s"), name, low, high);
      return FALSE;
    }
  *out = json_node_get_int (node);
  return TRUE;
}

static gboolean
update_kind (KtPg        *pg,
             const char  *org_id,
             const char  *kind,
             JsonObject  *changes,
             GError     **error)
{
  g_autoptr(PGresult) res = NULL;
  const char *lock_params[] = { org_id, kind };
  g_autofree char *prefix = NULL;
  g_autofree char *next_text = NULL;
  g_autofree char *digits_text = NULL;
  gint64 next, digits, max_used;
  JsonNode *node;

  res = kt_pg_exec (pg, "numbering_lock",
                    "INSERT INTO doc_counters (org_id, kind) VALUES ($1::uuid, $2) "
                    "ON CONFLICT (org_id, kind) DO UPDATE SET kind = EXCLUDED.kind "
                    "RETURNING prefix, next_number, digits, max_used",
                    2, lock_params, error);
  if (res == NULL)
    return FALSE;
  prefix = g_strdup (kt_pg_value (res, 0, 0));
  next = g_ascii_strtoll (kt_pg_value (res, 0, 1), NULL, 10);
  digits = g_ascii_strtoll (kt_pg_value (res, 0, 2), NULL, 10);
  max_used = g_ascii_strtoll (kt_pg_value (res, 0, 3), NULL, 10);

  node = json_object_get_member (changes, "prefix");
  if (node != NULL)
    {
      const char *text;

      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING ||
          !g_utf8_validate (json_node_get_string (node), -1, NULL) ||
          g_utf8_strlen (json_node_get_string (node), -1) > 20)
        {
          kt_server_set_field_error (error, KT_SERVER_ERROR_VALIDATION, "prefix",
                                     _("“%s” must be text of at most %d characters"), "prefix", 20);
          return FALSE;
        }
      text = json_node_get_string (node);
      g_free (prefix);
      prefix = g_strdup (text);
    }
  if (!get_int_member (changes, "digits", 1, 18, &digits, error) ||
      !get_int_member (changes, "next_number", 1, G_GINT64_CONSTANT (999999999999999999), &next, error))
    return FALSE;
  if (next <= max_used)
    {
      g_autofree char *used = g_strdup_printf ("%" G_GINT64_FORMAT, max_used);

      kt_server_set_field_error (error, KT_SERVER_ERROR_VALIDATION, "next_number",
                                 _("Number %s is already used; the next number must be above it"), used);
      return FALSE;
    }

  next_text = g_strdup_printf ("%" G_GINT64_FORMAT, next);
  digits_text = g_strdup_printf ("%" G_GINT64_FORMAT, digits);
  {
    const char *params[] = { org_id, kind, prefix, next_text, digits_text };

    return kt_pg_run (pg, "UPDATE doc_counters SET prefix = $3, next_number = $4::bigint, "
                          "digits = $5::integer WHERE org_id = $1::uuid AND kind = $2",
                      G_N_ELEMENTS (params), params, error);
  }
}

gboolean
kt_pg_numbering_update (KtPg        *pg,
                        const char  *org_id,
                        JsonObject  *body,
                        GError     **error)
{
  for (guint k = 0; numbering_kinds[k] != NULL; k++)
    {
      JsonNode *node = json_object_get_member (body, numbering_kinds[k]);

      if (node == NULL)
        continue;
      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          kt_server_set_field_error (error, KT_SERVER_ERROR_VALIDATION, numbering_kinds[k],
                                     _("“%s” must be an object"), numbering_kinds[k]);
          return FALSE;
        }
      if (!update_kind (pg, org_id, numbering_kinds[k], json_node_get_object (node), error))
        return FALSE;
    }
  return TRUE;
}

/* Settling */

static gboolean
sum_amounts (GPtrArray   *records,
             gboolean   (*counts) (KtRecord *record),
             const char  *field,
             const char  *minus_field,
             gint64      *out,
             GError     **error)
{
  gint64 sum = 0;

  for (guint i = 0; i < records->len; i++)
    {
      KtRecord *record = g_ptr_array_index (records, i);
      gint64 value = kt_record_get_int (record, field);

      if (!counts (record))
        continue;
      if ((minus_field != NULL &&
           __builtin_sub_overflow (value, kt_record_get_int (record, minus_field), &value)) ||
          !kt_money_add (sum, value, &sum))
        {
          g_set_error (error, KT_ERROR, KT_ERROR_OVERFLOW, _("An amount is too large"));
          return FALSE;
        }
    }
  *out = sum;
  return TRUE;
}

static gboolean
is_applied_payment (KtRecord *payment)
{
  return kt_record_get_bool (payment, "matched");
}

static gboolean
is_issued_credit_note (KtRecord *note)
{
  return is_credit_note (note) &&
         is_issued_status (KT_ENTITY_INVOICE, kt_record_get_string (note, "status"));
}

/* The paid and credited amounts of an invoice, and the status they give
 * an issued one. */
static gboolean
compute_payments (KtPg        *pg,
                  const char  *org_id,
                  KtRecord    *invoice,
                  GError     **error)
{
  const char *id = kt_record_get_id (invoice);
  const char *status = kt_record_get_string (invoice, "status");
  g_autoptr(GPtrArray) payments = NULL;
  g_autoptr(GPtrArray) notes = NULL;
  gint64 paid, credited;

  payments = kt_pg_load_live (pg, KT_ENTITY_PAYMENT, org_id, "invoice_id", id, error);
  if (payments == NULL)
    return FALSE;
  notes = kt_pg_load_live (pg, KT_ENTITY_INVOICE, org_id, "credited_invoice_id", id, error);
  if (notes == NULL)
    return FALSE;
  if (!sum_amounts (payments, is_applied_payment, "amount", "credit_amount", &paid, error) ||
      !sum_amounts (notes, is_issued_credit_note, "total", NULL, &credited, error))
    return FALSE;

  kt_record_set_int (invoice, "paid_amount", paid);
  kt_record_set_int (invoice, "credited_amount", credited);

  if (status != NULL && is_issued_status (KT_ENTITY_INVOICE, status))
    kt_invoice_settle_status (invoice);
  return TRUE;
}

static const char *
numbering_kind (KtRecord *doc)
{
  if (kt_record_get_entity (doc) == KT_ENTITY_OFFER)
    return "offer";
  return is_credit_note (doc) ? "credit_note" : "invoice";
}

/* A push's claim that disagrees is explained when a line, payment or
 * credit note of the document was written, after the client's pull
 * cursor, by another device (a stamp of another node): the client could
 * not have counted it. */
static gboolean
claim_explained (KtPg         *pg,
                 const char   *org_id,
                 KtDocuments  *docs,
                 const Claim  *claim,
                 gboolean     *out,
                 GError      **error)
{
  static const struct {
    const KtEntity *doc;
    const char     *entity;
    const char     *table;
    const char     *field;
  } children[] = {
    { &kt_invoice_entity, "invoice_item", "invoice_items", "invoice_id" },
    { &kt_invoice_entity, "payment", "payments", "invoice_id" },
    { &kt_invoice_entity, "invoice", "invoices", "credited_invoice_id" },
    { &kt_offer_entity, "offer_item", "offer_items", "offer_id" },
  };
  KtHlcStamp stamp;
  g_autofree char *cursor = g_strdup_printf ("%" G_GINT64_FORMAT, docs->cursor);

  *out = FALSE;
  if (claim->clock == NULL || !kt_hlc_parse (claim->clock, &stamp, NULL))
    return TRUE;

  for (guint i = 0; i < G_N_ELEMENTS (children); i++)
    {
      g_autofree char *sql = NULL;
      g_autofree char *name = NULL;
      g_autoptr(PGresult) res = NULL;
      const char *params[] = { org_id, children[i].entity, claim->doc_id, cursor, stamp.node };

      if (children[i].doc != claim->entity)
        continue;
      sql = g_strdup_printf ("SELECT 1 FROM change_log c JOIN %s r ON r.org_id = c.org_id AND r.id = c.record_id "
                             "WHERE c.org_id = $1::uuid AND c.entity = $2 AND r.\"%s\" = $3::uuid "
                             "AND c.seq > $4::bigint AND right(c.hlc, 16) <> $5 LIMIT 1",
                             children[i].table, children[i].field);
      name = g_strdup_printf ("claim_explained_%s", children[i].table);
      res = kt_pg_exec (pg, name, sql, G_N_ELEMENTS (params), params, error);
      if (res == NULL)
        return FALSE;
      if (PQntuples (res) > 0)
        {
          *out = TRUE;
          return TRUE;
        }
    }
  return TRUE;
}

static gboolean
check_claims (KtPg         *pg,
              const char   *org_id,
              KtDocuments  *docs,
              KtRecord     *computed,
              GError      **error)
{
  for (guint i = 0; i < docs->claims->len; i++)
    {
      Claim *claim = g_ptr_array_index (docs->claims, i);
      gint64 value;
      gboolean explained = FALSE;
      g_autofree char *sent = NULL;
      g_autofree char *expected = NULL;
      g_autofree char *message = NULL;
      KtDocumentRefusal *refusal;

      if (claim->entity != kt_record_get_entity (computed) ||
          !g_str_equal (claim->doc_id, kt_record_get_id (computed)))
        continue;
      /* A later write of the batch (the same client's next save) sent
       * newer totals: only the newest claim counts. */
      if (claim->clock != NULL &&
          g_strcmp0 (claim->clock, kt_record_get_field_hlc (computed, claim->field)) != 0)
        continue;
      value = kt_record_get_int (computed, claim->field);
      if (value == claim->value)
        continue;

      sent = kt_money_to_plain_string (claim->value, kt_record_get_string (computed, "currency"));
      expected = kt_money_to_plain_string (value, kt_record_get_string (computed, "currency"));
      message = g_strdup_printf (_("“%s” is %s by the document’s lines and payments, not %s"),
                                 claim->field, expected, sent);
      if (!docs->sync)
        {
          kt_server_set_field_error (error, KT_SERVER_ERROR_VALIDATION, claim->field, "%s", message);
          return FALSE;
        }

      if (!claim_explained (pg, org_id, docs, claim, &explained, error))
        return FALSE;
      if (explained)
        continue;   /* the server's totals win and flow back by pull */

      refusal = g_new0 (KtDocumentRefusal, 1);
      refusal->mutation_id = claim->mutation_id;
      refusal->field = g_strdup (claim->field);
      refusal->message = g_steal_pointer (&message);
      g_ptr_array_add (docs->refusals, refusal);
    }
  return TRUE;
}


static gboolean
settle_one (KtPg                  *pg,
            const KtChangeContext *ctx,
            KtDocuments           *docs,
            guint                  index,
            GError               **error)
{
  KtDocumentRef *ref = g_ptr_array_index (docs->docs, index);
  const KtEntity *entity = ref->entity;
  g_autofree char *id = g_strdup (ref->id);
  g_autoptr(KtRecord) doc = NULL;
  g_autoptr(KtRecord) computed = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(JsonObject) changes = json_object_new ();
  KtChangeContext server_ctx = *ctx;
  KtChangeResult result = { 0, };

  doc = kt_pg_load_record (pg, entity, ctx->org_id, id, TRUE, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (doc == NULL || kt_record_get_deleted (doc))
    return TRUE;

  items = kt_pg_load_live (pg, item_entity_of (entity), ctx->org_id,
                           item_entity_of (entity)->parent_field, id, error);
  if (items == NULL)
    return FALSE;

  computed = kt_record_copy (doc);
  if (!kt_invoice_apply_totals (computed, items, error))
    return FALSE;

  if (entity == KT_ENTITY_INVOICE && is_credit_note (computed))
    touch (docs, KT_ENTITY_INVOICE, kt_record_get_string (computed, "credited_invoice_id"),
           index + 1, TRUE);
  else if (entity == KT_ENTITY_INVOICE && !compute_payments (pg, ctx->org_id, computed, error))
    return FALSE;

  if (is_issued_status (entity, kt_record_get_string (computed, "status")) &&
      !kt_record_has (computed, "number"))
    {
      g_autofree char *number = kt_pg_numbering_take (pg, ctx->org_id, numbering_kind (computed), error);

      if (number == NULL)
        return FALSE;
      kt_record_set_string (computed, "number", number);
    }

  if (!check_claims (pg, ctx->org_id, docs, computed, error))
    return FALSE;

  /* Its page is new and about to be wanted: rendered after the commit
   * (kt-pdf-prerender.h). Once, though settled again; a set, not a scan,
   * for a push of thousands. */
  if (is_issued_status (entity, kt_record_get_string (computed, "status")))
    {
      char *key = g_strconcat (entity->name, "/", id, NULL);

      if (g_hash_table_add (docs->issued_keys, key))
        g_ptr_array_add (docs->issued, kt_document_ref_new (entity, id));
    }

  /* The invoice's Stripe payment link follows its open amount: issued,
   * paid in part, paid (kt-pg-payment-links.h). */
  if (entity == KT_ENTITY_INVOICE && !is_credit_note (computed) &&
      !kt_pg_payment_links_follow (pg, ctx->org_id, computed, error))
    return FALSE;

  for (guint i = 0; computed_fields[i] != NULL; i++)
    {
      const char *name = computed_fields[i];
      JsonNode *before = kt_entity_get_field (entity, name) ? kt_record_get_node (doc, name) : NULL;
      JsonNode *after = kt_entity_get_field (entity, name) ? kt_record_get_node (computed, name) : NULL;

      if (after != NULL && (before == NULL || !json_node_equal (before, after)))
        json_object_set_member (changes, name, json_node_copy (after));
    }
  if (json_object_get_size (changes) == 0)
    return TRUE;

  /* Stamped with a fresh tick of the server's clock, newer than every
   * stamp it has seen on the document: clients pull the computed values
   * and they win over what a client computed before. */
  server_ctx.documents = NULL;
  server_ctx.policy = kt_change_server_policy ();
  if (!kt_pg_apply_change (pg, &server_ctx, entity, KT_CHANGE_UPDATE, id, changes, NULL,
                           &result, error))
    return FALSE;
  kt_change_result_clear (&result);
  return TRUE;
}

/* The payments created unmatched go to the matcher first (settling, below;
 * the daily matching job calls it with the organization's unmatched
 * ones); what it applies or proposes is written as the server's change,
 * through the write path with these rules, so that each applied payment
 * touches its invoice and settling recomputes the invoice's paid amount
 * and status. */
gboolean
kt_pg_documents_match (KtPg                  *pg,
                       const KtChangeContext *ctx,
                       KtDocuments           *docs,
                       GPtrArray             *payment_ids,
                       GError               **error)
{
  g_autoptr(GPtrArray) matches = NULL;
  KtChangeContext server_ctx = *ctx;

  if (payment_ids->len == 0)
    return TRUE;
  matches = kt_pg_match_payments (pg, ctx->org_id, payment_ids, error);
  if (matches == NULL)
    return FALSE;

  server_ctx.documents = docs;
  server_ctx.policy = kt_change_server_policy ();
  for (guint i = 0; i < matches->len; i++)
    {
      KtPgMatch *match = g_ptr_array_index (matches, i);
      KtChangeResult result = { 0, };

      if (!kt_pg_apply_change (pg, &server_ctx, KT_ENTITY_PAYMENT, KT_CHANGE_UPDATE, match->payment_id,
                               match->changes, NULL, &result, error))
        return FALSE;
      kt_change_result_clear (&result);
    }
  return TRUE;
}

gboolean
kt_pg_documents_settle (KtPg                  *pg,
                        const KtChangeContext *ctx,
                        KtDocuments           *docs,
                        GError               **error)
{
  g_return_val_if_fail (pg != NULL && ctx != NULL && docs != NULL, FALSE);

  g_ptr_array_set_size (docs->refusals, 0);
  if (docs->new_payments->len > 0)
    {
      g_autoptr(GPtrArray) ids = g_steal_pointer (&docs->new_payments);

      docs->new_payments = g_ptr_array_new_with_free_func (g_free);
      if (!kt_pg_documents_match (pg, ctx, docs, ids, error))
        return FALSE;
    }
  /* The list may grow as it goes: a credit note adds its original. */
  for (guint i = 0; i < docs->docs->len; i++)
    if (!settle_one (pg, ctx, docs, i, error))
      return FALSE;
  return TRUE;
}
