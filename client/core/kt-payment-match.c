/* kt-payment-match.c: payment matching on the local store
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-payment-match"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "kt-payment-match.h"

/* The statuses of an invoice that may still be owed (docs/money.md), and
 * paid: a payment that names a paid invoice is proposed to a person (paid
 * twice? a credit?), so the matcher must know the number. Only invoices
 * with something open take payments by themselves. */
static const char * const issued_statuses[] = { "issued", "sent", "partially_paid", "overdue", "paid" };

/* A credit note is never paid; a document from before kinds existed is
 * an invoice. */
static gboolean
is_invoice_kind (KtRecord *invoice)
{
  const char *kind = kt_record_get_string (invoice, "kind");

  return kind == NULL || g_str_equal (kind, "invoice");
}

static GPtrArray *
query_all (KtStore     *store,
           KtQuery     *query,
           GError     **error)
{
  gint64 count = kt_store_count (store, query, error);

  if (count < 0)
    return NULL;
  return kt_store_query (store, query, 0, (guint) MIN (count, G_MAXUINT), error);
}

/* Appends the records of @entity whose @field is @value (NULL: unset),
 * live ones only, to @out. */
static gboolean
append_where (KtStore         *store,
              const KtEntity  *entity,
              const char      *field,
              const char      *value,
              GPtrArray       *out,
              GError         **error)
{
  g_autoptr(KtQuery) query = kt_query_new (entity);
  g_autoptr(GPtrArray) rows = NULL;

  kt_query_add_filter (query, field, value);
  if (!(rows = query_all (store, query, error)))
    return FALSE;
  for (guint i = 0; i < rows->len; i++)
    g_ptr_array_add (out, g_object_ref (g_ptr_array_index (rows, i)));
  return TRUE;
}

/* The issued invoices (not credit notes), open or paid. */
static GPtrArray *
load_invoices (KtStore  *store,
               GError  **error)
{
  g_autoptr(GPtrArray) all = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < G_N_ELEMENTS (issued_statuses); i++)
    if (!append_where (store, KT_ENTITY_INVOICE, "status", issued_statuses[i], all, error))
      return NULL;
  for (guint i = all->len; i > 0; i--)
    if (!is_invoice_kind (g_ptr_array_index (all, i - 1)))
      g_ptr_array_remove_index (all, i - 1);
  return g_steal_pointer (&all);
}

static int
compare_received (gconstpointer a,
                  gconstpointer b)
{
  KtRecord *x = *(KtRecord * const *) a;
  KtRecord *y = *(KtRecord * const *) b;
  int cmp = g_strcmp0 (kt_record_get_string (x, "received_at"),
                       kt_record_get_string (y, "received_at"));

  return cmp != 0 ? cmp : g_strcmp0 (kt_record_get_id (x), kt_record_get_id (y));
}

/* The unmatched payments among @ids (every one when NULL), oldest first,
 * so an earlier payment settles an invoice before a later one. */
static GPtrArray *
load_payments (KtStore    *store,
               GPtrArray  *ids,
               GError    **error)
{
  g_autoptr(GPtrArray) payments = g_ptr_array_new_with_free_func (g_object_unref);

  if (ids == NULL)
    {
      if (!append_where (store, KT_ENTITY_PAYMENT, "matched", "false", payments, error) ||
          !append_where (store, KT_ENTITY_PAYMENT, "matched", NULL, payments, error))
        return NULL;
    }
  else
    {
      /* An id given twice is one payment: matched twice, it would pay
       * its invoice twice. */
      g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

      for (guint i = 0; i < ids->len; i++)
        {
          const char *id = g_ptr_array_index (ids, i);
          KtRecord *payment;

          if (!g_hash_table_add (seen, (gpointer) id))
            continue;
          if (!(payment = kt_store_get (store, KT_ENTITY_PAYMENT, id, error)))
            return NULL;
          if (kt_record_get_bool (payment, "matched"))
            g_object_unref (payment);
          else
            g_ptr_array_add (payments, payment);
        }
    }
  g_ptr_array_sort (payments, compare_received);
  return g_steal_pointer (&payments);
}

static const char *
client_key (KtRecord *record)
{
  const char *company = kt_record_get_string (record, "company_id");

  return company != NULL ? company : kt_record_get_string (record, "contact_id");
}

static void
set_credit (KtRecord *payment,
            gint64    credit)
{
  if (credit > 0)
    kt_record_set_int (payment, "credit_amount", credit);
  else
    kt_record_unset (payment, "credit_amount");
}


/* @sum + @amount into @sum, or an error when it does not fit. */
static gboolean
add_amount (gint64  *sum,
            gint64   amount,
            GError **error)
{
  if (__builtin_add_overflow (*sum, amount, sum))
    {
      g_set_error (error, KT_ERROR, KT_ERROR_OVERFLOW,
                   _("The amount paid on an invoice is too large."));
      return FALSE;
    }
  return TRUE;
}

static gboolean
add_paid (KtRecord  *invoice,
          gint64     applied,
          GError   **error)
{
  gint64 paid = kt_record_get_int (invoice, "paid_amount");

  if (!add_amount (&paid, applied, error))
    return FALSE;
  kt_record_set_int (invoice, "paid_amount", paid);
  return TRUE;
}

/**
 * kt_payment_match_run:
 * @store: the store
 * @payment_ids: (element-type utf8) (nullable): the payments to match, or
 *   %NULL for every unmatched one
 * @out: (out caller-allocates) (optional): what happened
 * @error: return location for a #GError
 *
 * Returns: %TRUE when the results are written, all in one transaction
 */
gboolean
kt_payment_match_run (KtStore                *store,
                      GPtrArray              *payment_ids,
                      KtPaymentMatchSummary  *out,
                      GError                **error)
{
  g_autoptr(GPtrArray) invoices = NULL;
  g_autoptr(GPtrArray) payments = NULL;
  g_autoptr(GPtrArray) changed = g_ptr_array_new ();
  g_autofree KtMatchInvoice *items = NULL;
  g_autofree gboolean *dirty = NULL;
  /* Declared last, so it goes first: it points into @items and the
   * invoices' strings. */
  g_autoptr(KtMatcher) matcher = NULL;
  KtPaymentMatchSummary summary = { 0 };

  g_return_val_if_fail (KT_IS_STORE (store), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!(invoices = load_invoices (store, error)) ||
      !(payments = load_payments (store, payment_ids, error)))
    return FALSE;

  items = g_new0 (KtMatchInvoice, MAX (invoices->len, 1));
  dirty = g_new0 (gboolean, MAX (invoices->len, 1));
  for (guint i = 0; i < invoices->len; i++)
    {
      KtRecord *invoice = g_ptr_array_index (invoices, i);

      items[i] = (KtMatchInvoice) {
        .id = kt_record_get_id (invoice),
        .number = kt_record_get_string (invoice, "number"),
        .client_key = client_key (invoice),
        .client_name = kt_record_get_string (invoice, "client_name"),
        .currency = kt_record_get_string (invoice, "currency"),
        .issue_date = kt_record_get_string (invoice, "issue_date"),
        .open = kt_invoice_open_amount (invoice),
      };
    }
  matcher = kt_matcher_new (items, invoices->len);

  for (guint i = 0; i < payments->len; i++)
    {
      KtRecord *payment = g_ptr_array_index (payments, i);
      const char *proposed = kt_record_get_string (payment, "proposed_invoice_id");
      KtMatchPayment p = {
        .id = kt_record_get_id (payment),
        .reference = kt_record_get_string (payment, "reference"),
        .description = kt_record_get_string (payment, "description"),
        .client_key = client_key (payment),
        .payer_name = kt_record_get_string (payment, "payer_name"),
        .currency = kt_record_get_string (payment, "currency"),
        .amount = kt_record_get_int (payment, "amount"),
      };
      KtMatchResult r;

      kt_matcher_match (matcher, &p, &r);
      switch (r.action)
        {
        case KT_MATCH_APPLY:
          if (!add_paid (g_ptr_array_index (invoices, r.invoice), r.applied, error))
            return FALSE;
          dirty[r.invoice] = TRUE;
          kt_record_set_bool (payment, "matched", TRUE);
          kt_record_set_string (payment, "invoice_id", items[r.invoice].id);
          set_credit (payment, r.credit);
          kt_record_unset (payment, "proposed_invoice_id");
          g_ptr_array_add (changed, payment);
          summary.applied++;
          break;

        case KT_MATCH_PROPOSE:
          summary.proposed++;
          if (g_strcmp0 (proposed, items[r.invoice].id) != 0)
            {
              kt_record_set_string (payment, "proposed_invoice_id", items[r.invoice].id);
              g_ptr_array_add (changed, payment);
            }
          break;

        case KT_MATCH_NONE:
        default:
          /* A proposal of an earlier run that no longer holds goes. */
          summary.unmatched++;
          if (proposed != NULL)
            {
              kt_record_unset (payment, "proposed_invoice_id");
              g_ptr_array_add (changed, payment);
            }
          break;
        }
    }

  for (guint i = 0; i < invoices->len; i++)
    if (dirty[i])
      {
        kt_invoice_settle_status (g_ptr_array_index (invoices, i));
        g_ptr_array_add (changed, g_ptr_array_index (invoices, i));
      }

  if (!kt_store_save_all (store, changed, error))
    return FALSE;
  if (out != NULL)
    *out = summary;
  return TRUE;
}

/* What the matched payments of @invoice_id apply to it (amount less the
 * credit each leaves), leaving out @except_id. */
static gboolean
sum_applied (KtStore     *store,
             const char  *invoice_id,
             const char  *except_id,
             gint64      *out,
             GError     **error)
{
  g_autoptr(KtQuery) query = kt_query_new (KT_ENTITY_PAYMENT);
  g_autoptr(GPtrArray) rows = NULL;
  gint64 sum = 0;

  kt_query_add_filter (query, "invoice_id", invoice_id);
  kt_query_add_filter (query, "matched", "true");
  if (!(rows = query_all (store, query, error)))
    return FALSE;
  for (guint i = 0; i < rows->len; i++)
    {
      KtRecord *payment = g_ptr_array_index (rows, i);
      gint64 applied = kt_record_get_int (payment, "amount") -
                       kt_record_get_int (payment, "credit_amount");

      if (g_strcmp0 (kt_record_get_id (payment), except_id) == 0)
        continue;
      if (!add_amount (&sum, applied, error))
        return FALSE;
    }
  *out = sum;
  return TRUE;
}

/* Sets @invoice's paid amount to what its matched payments other than
 * @except_id apply, plus @applied, and its status to match. */
static gboolean
recompute_invoice (KtStore     *store,
                   KtRecord    *invoice,
                   const char  *except_id,
                   gint64       applied,
                   GError     **error)
{
  gint64 others = 0;

  if (!sum_applied (store, kt_record_get_id (invoice), except_id, &others, error))
    return FALSE;
  kt_record_set_int (invoice, "paid_amount", others);
  if (!add_paid (invoice, applied, error))
    return FALSE;
  kt_invoice_settle_status (invoice);
  return TRUE;
}

/* Takes @payment off the invoice it pays, in memory, and adds that
 * invoice, recomputed, to @changed. A payment whose invoice was deleted
 * just comes off. */
static gboolean
detach (KtStore    *store,
        KtRecord   *payment,
        GPtrArray  *changed,
        GError    **error)
{
  const char *invoice_id = kt_record_get_string (payment, "invoice_id");
  g_autoptr(KtRecord) invoice = NULL;
  g_autoptr(GError) local_error = NULL;

  if (invoice_id != NULL &&
      !(invoice = kt_store_get (store, KT_ENTITY_INVOICE, invoice_id, &local_error)) &&
      !g_error_matches (local_error, KT_ERROR, KT_ERROR_NOT_FOUND))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  kt_record_set_bool (payment, "matched", FALSE);
  kt_record_unset (payment, "invoice_id");
  set_credit (payment, 0);
  if (invoice != NULL)
    {
      if (!recompute_invoice (store, invoice, kt_record_get_id (payment), 0, error))
        return FALSE;
      g_ptr_array_add (changed, g_steal_pointer (&invoice));
    }
  return TRUE;
}

/**
 * kt_payment_match_apply:
 * @store: the store
 * @payment_id: a payment
 * @invoice_id: the invoice it pays
 * @error: return location for a #GError
 *
 * Matches the payment to the invoice as a person decided: what the
 * invoice still has open is applied, the rest is left as credit. A
 * payment matched elsewhere comes off that invoice first. Refuses an
 * invoice in another currency, a draft, a cancelled invoice and a credit
 * note.
 *
 * Returns: %TRUE when written, in one transaction
 */
gboolean
kt_payment_match_apply (KtStore     *store,
                        const char  *payment_id,
                        const char  *invoice_id,
                        GError     **error)
{
  g_autoptr(KtRecord) payment = NULL;
  g_autoptr(KtRecord) invoice = NULL;
  g_autoptr(GPtrArray) changed = g_ptr_array_new_with_free_func (g_object_unref);
  const char *status;
  gint64 amount, others = 0, open, applied;

  g_return_val_if_fail (KT_IS_STORE (store), FALSE);
  g_return_val_if_fail (payment_id != NULL, FALSE);
  g_return_val_if_fail (invoice_id != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!(payment = kt_store_get (store, KT_ENTITY_PAYMENT, payment_id, error)) ||
      !(invoice = kt_store_get (store, KT_ENTITY_INVOICE, invoice_id, error)))
    return FALSE;

  status = kt_record_get_string (invoice, "status");
  if (!is_invoice_kind (invoice) || g_strcmp0 (status, "draft") == 0 ||
      g_strcmp0 (status, "cancelled") == 0)
    {
      g_set_error (error, KT_ERROR, KT_ERROR_INVALID,
                   _("Only an issued invoice can be paid, not a draft, a cancelled invoice or a credit note."));
      return FALSE;
    }
  if (g_strcmp0 (kt_record_get_string (payment, "currency"),
                 kt_record_get_string (invoice, "currency")) != 0)
    {
      g_set_error (error, KT_ERROR, KT_ERROR_INVALID,
                   _("The payment is in %s and the invoice in %s: a payment can only pay an invoice in its own currency."),
                   kt_record_get_string (payment, "currency"),
                   kt_record_get_string (invoice, "currency"));
      return FALSE;
    }

  if (kt_record_get_bool (payment, "matched"))
    {
      if (g_strcmp0 (kt_record_get_string (payment, "invoice_id"), invoice_id) == 0)
        return TRUE;
      if (!detach (store, payment, changed, error))
        return FALSE;
    }

  /* What the other payments left open is what this one can settle. */
  if (!sum_applied (store, invoice_id, payment_id, &others, error))
    return FALSE;
  amount = kt_record_get_int (payment, "amount");
  if (__builtin_sub_overflow (kt_record_get_int (invoice, "total"),
                              kt_record_get_int (invoice, "credited_amount"), &open) ||
      __builtin_sub_overflow (open, others, &open))
    open = 0;
  applied = CLAMP (open, 0, amount);

  kt_record_set_bool (payment, "matched", TRUE);
  kt_record_set_string (payment, "invoice_id", invoice_id);
  set_credit (payment, amount - applied);
  kt_record_unset (payment, "proposed_invoice_id");
  if (!recompute_invoice (store, invoice, payment_id, applied, error))
    return FALSE;

  g_ptr_array_add (changed, g_steal_pointer (&payment));
  g_ptr_array_add (changed, g_steal_pointer (&invoice));
  return kt_store_save_all (store, changed, error);
}

/**
 * kt_payment_match_unmatch:
 * @store: the store
 * @payment_id: a payment
 * @error: return location for a #GError
 *
 * Takes the payment off its invoice: the invoice's paid amount and status
 * are recomputed without it. Nothing to do for an unmatched payment.
 *
 * Returns: %TRUE when written, in one transaction
 */
gboolean
kt_payment_match_unmatch (KtStore     *store,
                          const char  *payment_id,
                          GError     **error)
{
  g_autoptr(KtRecord) payment = NULL;
  g_autoptr(GPtrArray) changed = g_ptr_array_new_with_free_func (g_object_unref);

  g_return_val_if_fail (KT_IS_STORE (store), FALSE);
  g_return_val_if_fail (payment_id != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!(payment = kt_store_get (store, KT_ENTITY_PAYMENT, payment_id, error)))
    return FALSE;
  if (!kt_record_get_bool (payment, "matched"))
    return TRUE;
  if (!detach (store, payment, changed, error))
    return FALSE;

  g_ptr_array_add (changed, g_steal_pointer (&payment));
  return kt_store_save_all (store, changed, error);
}
