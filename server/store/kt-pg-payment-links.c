/* kt-pg-payment-links.c: the Stripe payment links of invoices
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-pg-payment-links"

#include "config.h"

#include "kt-pg-jobs.h"
#include "kt-pg-payment-links.h"

/* A link job's attempts: Stripe's outages rarely last long, but the
 * backoff (kt_jobs_backoff_ms(): from 10 s, doubling, at most an hour)
 * over ten attempts covers about five hours of one. */
#define LINK_JOB_ATTEMPTS 10

void
kt_pg_payment_link_free (KtPgPaymentLink *link)
{
  if (link == NULL)
    return;
  g_free (link->stripe_link_id);
  g_free (link->url);
  g_free (link->currency);
  g_free (link);
}

gint64
kt_pg_payment_links_wanted (KtRecord *invoice)
{
  static const char * const open[] = { "issued", "sent", "partially_paid", "overdue", NULL };
  const char *status = kt_record_get_string (invoice, "status");

  if (kt_record_get_deleted (invoice) ||
      g_strcmp0 (kt_record_get_string (invoice, "kind"), "credit_note") == 0 ||
      status == NULL || !g_strv_contains (open, status) ||
      kt_record_get_string (invoice, "currency") == NULL)
    return 0;
  return MAX (kt_invoice_open_amount (invoice), 0);
}

gboolean
kt_pg_payment_links_follow (KtPg        *pg,
                            const char  *org_id,
                            KtRecord    *invoice,
                            GError     **error)
{
  gint64 wanted = kt_pg_payment_links_wanted (invoice);
  g_autofree char *amount = g_strdup_printf ("%" G_GINT64_FORMAT, wanted);
  const char *params[] = { org_id, kt_record_get_id (invoice), amount,
                           kt_record_get_string (invoice, "currency"),
                           kt_record_get_string (invoice, "payment_url") };
  g_autoptr(PGresult) res = NULL;
  g_autofree char *dedupe = NULL;
  g_autofree char *payload = NULL;
  gboolean has_stripe, fits, any_active, url_ours;
  gint64 id = 0;

  /* One round trip, only for the organizations with their own Stripe
   * (the first EXISTS fails fast for every other). The version counts
   * the links made and deactivated, so the dedupe key changes with
   * every change of the links and a later job for an amount asked
   * before is a new job. */
  res = kt_pg_exec (pg, "payment_links_follow",
                    "SELECT s.has, coalesce(l.fits, false), coalesce(l.active, false),"
                    " $5::text IS NULL OR coalesce(l.ours, false), coalesce(l.version, 0) "
                    "FROM (SELECT EXISTS (SELECT 1 FROM org_stripe WHERE org_id = $1::uuid) AS has) s "
                    "LEFT JOIN LATERAL (SELECT bool_or(active AND amount = $3::bigint AND currency = $4) AS fits,"
                    "  bool_or(active) AS active, bool_or(url = $5) AS ours,"
                    "  count(*) + count(*) FILTER (WHERE NOT active) AS version"
                    "  FROM invoice_payment_links WHERE s.has AND org_id = $1::uuid AND invoice_id = $2::uuid) l"
                    " ON true",
                    G_N_ELEMENTS (params), params, error);
  if (res == NULL)
    return FALSE;
  has_stripe = g_str_equal (PQgetvalue (res, 0, 0), "t");
  fits = g_str_equal (PQgetvalue (res, 0, 1), "t");
  any_active = g_str_equal (PQgetvalue (res, 0, 2), "t");
  url_ours = g_str_equal (PQgetvalue (res, 0, 3), "t");
  if (!has_stripe || !url_ours)
    return TRUE;
  if (wanted > 0 ? fits : !any_active)
    return TRUE;

  dedupe = g_strdup_printf ("%s:%s:%s", kt_record_get_id (invoice), PQgetvalue (res, 0, 4),
                            wanted > 0 ? amount : "none");
  payload = g_strdup_printf ("{\"invoice_id\":\"%s\"}", kt_record_get_id (invoice));
  return kt_pg_jobs_enqueue (pg, org_id, KT_PAYMENT_LINK_JOB, payload, 0, dedupe, LINK_JOB_ATTEMPTS, &id, error);
}

GPtrArray *
kt_pg_payment_links_list (KtPg        *pg,
                          const char  *org_id,
                          const char  *invoice_id,
                          GError     **error)
{
  const char *params[] = { org_id, invoice_id };
  g_autoptr(PGresult) res = kt_pg_exec (pg, "payment_links_list",
                                        "SELECT stripe_link_id, url, amount, currency, active"
                                        " FROM invoice_payment_links WHERE org_id = $1::uuid AND invoice_id = $2::uuid"
                                        " ORDER BY created_at DESC, stripe_link_id",
                                        G_N_ELEMENTS (params), params, error);
  GPtrArray *links;

  if (res == NULL)
    return NULL;
  links = g_ptr_array_new_with_free_func ((GDestroyNotify) kt_pg_payment_link_free);
  for (int i = 0; i < PQntuples (res); i++)
    {
      KtPgPaymentLink *link = g_new0 (KtPgPaymentLink, 1);

      link->stripe_link_id = g_strdup (PQgetvalue (res, i, 0));
      link->url = g_strdup (PQgetvalue (res, i, 1));
      link->amount = g_ascii_strtoll (PQgetvalue (res, i, 2), NULL, 10);
      link->currency = g_strdup (PQgetvalue (res, i, 3));
      link->active = g_str_equal (PQgetvalue (res, i, 4), "t");
      g_ptr_array_add (links, link);
    }
  return links;
}

gboolean
kt_pg_payment_links_add (KtPg                  *pg,
                         const char            *org_id,
                         const char            *invoice_id,
                         const KtPgPaymentLink *link,
                         GError               **error)
{
  g_autofree char *amount = g_strdup_printf ("%" G_GINT64_FORMAT, link->amount);
  const char *params[] = { org_id, invoice_id, link->stripe_link_id, link->url, amount, link->currency };

  /* Stripe answers a retried Idempotency-Key with the link it made
   * before: a second add of it changes nothing. */
  return kt_pg_run (pg, "INSERT INTO invoice_payment_links (org_id, invoice_id, stripe_link_id, url, amount, currency)"
                    " VALUES ($1::uuid, $2::uuid, $3, $4, $5::bigint, $6)"
                    " ON CONFLICT (org_id, invoice_id, stripe_link_id) DO UPDATE SET active = true,"
                    " deactivated_at = NULL",
                    G_N_ELEMENTS (params), params, error);
}

gboolean
kt_pg_payment_links_deactivate (KtPg        *pg,
                                const char  *org_id,
                                const char  *invoice_id,
                                const char  *stripe_link_id,
                                GError     **error)
{
  const char *params[] = { org_id, invoice_id, stripe_link_id };

  return kt_pg_run (pg, "UPDATE invoice_payment_links SET active = false, deactivated_at = now()"
                    " WHERE org_id = $1::uuid AND invoice_id = $2::uuid AND stripe_link_id = $3",
                    G_N_ELEMENTS (params), params, error);
}
