/* kt-pg-match.c: payment matching on the server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-pg-match"

#include "config.h"

#include "kt-match.h"
#include "kt-pg-match.h"
#include "kt-pg-schema.h"

void
kt_pg_match_free (KtPgMatch *match)
{
  if (match == NULL)
    return;
  g_free (match->payment_id);
  g_clear_pointer (&match->changes, json_object_unref);
  g_free (match);
}

/* A PostgreSQL array literal of uuids; the ids come from the write path
 * (valid UUIDs), never from a request's text. */
static char *
uuid_array (GPtrArray *ids)
{
  GString *out = g_string_new ("{");

  for (guint i = 0; i < ids->len; i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      g_string_append (out, g_ptr_array_index (ids, i));
    }
  g_string_append_c (out, '}');
  return g_string_free (out, FALSE);
}

static const char *
value_or_null (PGresult *res,
               int       row,
               int       col)
{
  return PQgetisnull (res, row, col) ? NULL : PQgetvalue (res, row, col);
}

static gint64
int_value (PGresult *res,
           int       row,
           int       col)
{
  return PQgetisnull (res, row, col) ? 0 : g_ascii_strtoll (PQgetvalue (res, row, col), NULL, 10);
}

static KtPgMatch *
match_new (const char *payment_id)
{
  KtPgMatch *match = g_new0 (KtPgMatch, 1);

  match->payment_id = g_strdup (payment_id);
  match->changes = json_object_new ();
  return match;
}

GPtrArray *
kt_pg_match_payments (KtPg        *pg,
                      const char  *org_id,
                      GPtrArray   *payment_ids,
                      GError     **error)
{
  const KtPgTable *invoices = kt_pg_schema_lookup_entity (KT_ENTITY_INVOICE);
  const KtPgTable *payments = kt_pg_schema_lookup_entity (KT_ENTITY_PAYMENT);
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify) kt_pg_match_free);
  g_autofree char *ids = NULL;
  g_autofree char *payment_sql = NULL;
  g_autofree char *invoice_sql = NULL;
  g_autoptr(PGresult) pay = NULL;
  g_autoptr(PGresult) inv = NULL;
  g_autofree KtMatchInvoice *open = NULL;
  KtMatcher *matcher;
  const char *lock_params[] = { org_id };
  int n_invoices;

  g_return_val_if_fail (pg != NULL && org_id != NULL && payment_ids != NULL, NULL);

  if (payment_ids->len == 0)
    return g_steal_pointer (&out);

  /* One matcher at a time per organization, across server instances:
   * the second waits here until the first commits, then reads the open
   * amounts the first left (READ COMMITTED: each statement sees what was
   * committed before it began). The change log's counter row orders an
   * organization's writes already (tests/server "match-concurrent" passes
   * without this lock); the lock says so here instead of relying on it. */
  if (!kt_pg_run (pg, "SELECT pg_advisory_xact_lock(hashtextextended('kt-match:' || $1, 0))",
                  1, lock_params, error))
    return NULL;

  ids = uuid_array (payment_ids);
  {
    const char *params[] = { org_id, ids };

    payment_sql = g_strdup_printf ("SELECT p.id, p.reference, p.description,"
                                   " coalesce(p.company_id, p.contact_id)::text, p.payer_name,"
                                   " p.currency, p.amount "
                                   "FROM %s p JOIN unnest($2::uuid[]) WITH ORDINALITY AS w(id, n) ON w.id = p.id "
                                   "WHERE p.org_id = $1::uuid AND NOT p.deleted AND NOT coalesce(p.matched, false)"
                                   " AND p.invoice_id IS NULL AND p.proposed_invoice_id IS NULL "
                                   "ORDER BY w.n", payments->name);
    pay = kt_pg_exec (pg, "match_payments", payment_sql, G_N_ELEMENTS (params), params, error);
    if (pay == NULL)
      return NULL;
  }
  if (PQntuples (pay) == 0)
    return g_steal_pointer (&out);

  /* Only what the matcher needs, only open invoices: the open amount is
   * computed here as kt_invoice_open_amount() does. */
  invoice_sql = g_strdup_printf ("SELECT i.id, coalesce(i.number, ''),"
                                 " coalesce(i.company_id, i.contact_id)::text, i.client_name, i.currency,"
                                 " i.issue_date,"
                                 " coalesce(i.total, 0) - coalesce(i.paid_amount, 0) - coalesce(i.credited_amount, 0) "
                                 "FROM %s i "
                                 "WHERE i.org_id = $1::uuid AND NOT i.deleted"
                                 " AND coalesce(i.kind, 'invoice') = 'invoice'"
                                 " AND i.status IN ('issued', 'sent', 'partially_paid', 'overdue')"
                                 " AND coalesce(i.total, 0) - coalesce(i.paid_amount, 0)"
                                 " - coalesce(i.credited_amount, 0) > 0 "
                                 "ORDER BY i.issue_date, i.id", invoices->name);
  inv = kt_pg_exec (pg, "match_open_invoices", invoice_sql, 1, lock_params, error);
  if (inv == NULL)
    return NULL;

  n_invoices = PQntuples (inv);
  open = g_new0 (KtMatchInvoice, MAX (n_invoices, 1));
  for (int row = 0; row < n_invoices; row++)
    {
      open[row].id = PQgetvalue (inv, row, 0);
      open[row].number = PQgetvalue (inv, row, 1);
      open[row].client_key = value_or_null (inv, row, 2);
      open[row].client_name = value_or_null (inv, row, 3);
      open[row].currency = PQgetvalue (inv, row, 4);
      open[row].issue_date = value_or_null (inv, row, 5);
      open[row].open = int_value (inv, row, 6);
    }

  matcher = kt_matcher_new (open, (guint) n_invoices);
  for (int row = 0; row < PQntuples (pay); row++)
    {
      KtMatchPayment payment = {
        .id = PQgetvalue (pay, row, 0),
        .reference = value_or_null (pay, row, 1),
        .description = value_or_null (pay, row, 2),
        .client_key = value_or_null (pay, row, 3),
        .payer_name = value_or_null (pay, row, 4),
        .currency = PQgetvalue (pay, row, 5),
        .amount = int_value (pay, row, 6),
      };
      KtMatchResult result = { 0, };
      KtPgMatch *match;

      kt_matcher_match (matcher, &payment, &result);
      if (result.action == KT_MATCH_NONE || result.invoice < 0)
        continue;
      match = match_new (payment.id);
      if (result.action == KT_MATCH_APPLY)
        {
          json_object_set_boolean_member (match->changes, "matched", TRUE);
          json_object_set_string_member (match->changes, "invoice_id", open[result.invoice].id);
          json_object_set_int_member (match->changes, "credit_amount", result.credit);
        }
      else
        json_object_set_string_member (match->changes, "proposed_invoice_id", open[result.invoice].id);
      g_ptr_array_add (out, match);
    }
  kt_matcher_free (matcher);
  return g_steal_pointer (&out);
}
