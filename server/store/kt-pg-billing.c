/* kt-pg-billing.c: subscriptions, their history, and Stripe's events as
 * stored
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-pg-billing"

#include "config.h"

#include <glib/gi18n.h>

#include "kt-pg-billing.h"
#include "kt-server-error.h"

void
kt_pg_subscription_clear (KtPgSubscription *sub)
{
  g_clear_pointer (&sub->id, g_free);
  g_clear_pointer (&sub->plan, g_free);
  g_clear_pointer (&sub->status, g_free);
  g_clear_pointer (&sub->customer_id, g_free);
  g_clear_pointer (&sub->subscription_id, g_free);
  g_clear_pointer (&sub->price_id, g_free);
}

static char *
seconds_param (gint64 seconds)
{
  return seconds > 0 ? g_strdup_printf ("%" G_GINT64_FORMAT, seconds) : NULL;
}

gboolean
kt_pg_billing_record_event (KtPg        *pg,
                            const char  *event_id,
                            const char  *type,
                            const char  *org_id,
                            gint64       created,
                            gboolean    *out_new,
                            GError     **error)
{
  g_autoptr(PGresult) res = NULL;
  g_autofree char *created_text = g_strdup_printf ("%" G_GINT64_FORMAT, created);
  const char *params[] = { event_id, type, org_id, created_text };

  /* A second delivery running at the same time waits on the primary key
   * until the first commits, then inserts nothing. */
  res = kt_pg_exec (pg, "billing_record_event",
                    "INSERT INTO stripe_events (event_id, type, org_id, created)"
                    " VALUES ($1, $2, $3::uuid, to_timestamp($4::bigint))"
                    " ON CONFLICT (event_id) DO NOTHING RETURNING 1",
                    G_N_ELEMENTS (params), params, error);
  if (res == NULL)
    return FALSE;
  *out_new = PQntuples (res) == 1;
  return TRUE;
}

char *
kt_pg_billing_find_org (KtPg        *pg,
                        const char  *subscription_id,
                        const char  *customer_id,
                        GError     **error)
{
  g_autoptr(PGresult) res = NULL;
  const char *params[] = { subscription_id, customer_id };

  res = kt_pg_exec (pg, "billing_find_org",
                    "SELECT org_id::text FROM subscriptions"
                    " WHERE stripe_subscription_id = $1 OR stripe_customer_id = $2"
                    " ORDER BY stripe_subscription_id = $1 DESC NULLS LAST LIMIT 1",
                    G_N_ELEMENTS (params), params, error);
  if (res == NULL)
    return NULL;
  if (PQntuples (res) == 0)
    return NULL;
  return g_strdup (PQgetvalue (res, 0, 0));
}

static char *
take_text (PGresult *res,
           int       col)
{
  return PQgetisnull (res, 0, col) ? NULL : g_strdup (PQgetvalue (res, 0, col));
}

static gint64
take_seconds (PGresult *res,
              int       col)
{
  return PQgetisnull (res, 0, col) ? 0 : g_ascii_strtoll (PQgetvalue (res, 0, col), NULL, 10);
}

#define SUBSCRIPTION_SELECT \
  "SELECT id::text, plan, status, stripe_customer_id, stripe_subscription_id," \
  " stripe_price_id, extract(epoch FROM current_period_start)::bigint," \
  " extract(epoch FROM current_period_end)::bigint, cancel_at_period_end," \
  " stripe_event_at, extract(epoch FROM past_due_since)::bigint" \
  " FROM subscriptions WHERE org_id = $1::uuid"

gboolean
kt_pg_billing_load (KtPg             *pg,
                    const char       *org_id,
                    gboolean          for_update,
                    KtPgSubscription *out,
                    GError          **error)
{
  g_autoptr(PGresult) res = NULL;
  const char *params[] = { org_id };

  if (for_update)
    res = kt_pg_exec (pg, "billing_lock", SUBSCRIPTION_SELECT " FOR UPDATE", G_N_ELEMENTS (params), params, error);
  else
    res = kt_pg_exec (pg, "billing_load", SUBSCRIPTION_SELECT, G_N_ELEMENTS (params), params, error);
  if (res == NULL)
    return FALSE;
  if (PQntuples (res) == 0)
    {
      g_set_error (error, KT_SERVER_ERROR, KT_SERVER_ERROR_NOT_FOUND,
                   _("The organization has no subscription"));
      return FALSE;
    }

  out->id = take_text (res, 0);
  out->plan = take_text (res, 1);
  out->status = take_text (res, 2);
  out->customer_id = take_text (res, 3);
  out->subscription_id = take_text (res, 4);
  out->price_id = take_text (res, 5);
  out->period_start = take_seconds (res, 6);
  out->period_end = take_seconds (res, 7);
  out->cancel_at_period_end = PQgetvalue (res, 0, 8)[0] == 't';
  out->event_at = take_seconds (res, 9);
  out->past_due_since = take_seconds (res, 10);
  return TRUE;
}

static char *
limit_param (const KtPlan *plan,
             KtLimit       limit)
{
  return plan->limits[limit] == KT_PLAN_UNLIMITED
         ? NULL : g_strdup_printf ("%" G_GINT64_FORMAT, plan->limits[limit]);
}

gboolean
kt_pg_billing_save (KtPg                   *pg,
                    const char             *org_id,
                    const KtPgSubscription *sub,
                    const KtPlan           *plan,
                    GError                **error)
{
  g_autofree char *start = seconds_param (sub->period_start);
  g_autofree char *end = seconds_param (sub->period_end);
  g_autofree char *event_at = g_strdup_printf ("%" G_GINT64_FORMAT, sub->event_at);
  g_autofree char *past_due = seconds_param (sub->past_due_since);
  g_autofree char *contacts = limit_param (plan, KT_LIMIT_CONTACTS);
  g_autofree char *members = limit_param (plan, KT_LIMIT_MEMBERS);
  g_autofree char *ai = limit_param (plan, KT_LIMIT_AI_MESSAGES_PER_MONTH);
  const char *params[] = {
    org_id, sub->plan, sub->status, sub->customer_id, sub->subscription_id, sub->price_id,
    start, end, sub->cancel_at_period_end ? "t" : "f", event_at, past_due, contacts, members, ai,
  };

  return kt_pg_run (pg,
                    "UPDATE subscriptions SET plan = $2, status = $3, stripe_customer_id = $4,"
                    " stripe_subscription_id = $5, stripe_price_id = $6,"
                    " current_period_start = to_timestamp($7::bigint),"
                    " current_period_end = to_timestamp($8::bigint), cancel_at_period_end = $9::boolean,"
                    " stripe_event_at = $10::bigint, past_due_since = to_timestamp($11::bigint),"
                    " contacts_limit = $12::bigint, users_limit = $13::bigint,"
                    " ai_requests_limit = $14::bigint, updated_at = now()"
                    " WHERE org_id = $1::uuid",
                    G_N_ELEMENTS (params), params, error);
}

gboolean
kt_pg_billing_add_history (KtPg        *pg,
                           const char  *org_id,
                           const char  *history_id,
                           const char  *subscription_id,
                           const char  *event,
                           const char  *from_plan,
                           const char  *to_plan,
                           const char  *stripe_event_id,
                           gint64       occurred_at,
                           GError     **error)
{
  g_autofree char *at = g_strdup_printf ("%" G_GINT64_FORMAT, occurred_at);
  const char *params[] = { org_id, history_id, subscription_id, event, from_plan, to_plan,
                           stripe_event_id, at };

  return kt_pg_run (pg,
                    "INSERT INTO subscription_histories (org_id, id, subscription_id, event, from_plan,"
                    " to_plan, stripe_event_id, occurred_at)"
                    " VALUES ($1::uuid, $2::uuid, $3::uuid, $4, $5, $6, $7, to_timestamp($8::bigint))",
                    G_N_ELEMENTS (params), params, error);
}

#define ISO(col) "to_char(" col " AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"

char *
kt_pg_billing_subscription_json (KtPg        *pg,
                                 const char  *org_id,
                                 GError     **error)
{
  const char *params[] = { org_id };

  return kt_pg_query_one (pg, "billing_subscription_json",
                          "SELECT json_build_object('id', s.id, 'plan', s.plan, 'status', s.status,"
                          " 'current_period_start', " ISO ("s.current_period_start") ","
                          " 'current_period_end', " ISO ("s.current_period_end") ","
                          " 'cancel_at_period_end', s.cancel_at_period_end,"
                          " 'past_due_since', " ISO ("s.past_due_since") ","
                          " 'history', coalesce((SELECT json_agg(json_build_object('id', h.id, 'event', h.event,"
                          "   'from_plan', h.from_plan, 'to_plan', h.to_plan,"
                          "   'occurred_at', " ISO ("h.occurred_at") ") ORDER BY h.occurred_at DESC, h.id)"
                          "   FROM (SELECT * FROM subscription_histories WHERE org_id = s.org_id"
                          "         ORDER BY occurred_at DESC, id LIMIT 50) h), '[]'))::text"
                          " FROM subscriptions s WHERE s.org_id = $1::uuid",
                          G_N_ELEMENTS (params), params, "subscription", error);
}

char *
kt_pg_billing_user_email (KtPg        *pg,
                          const char  *user_id,
                          GError     **error)
{
  const char *params[] = { user_id };

  return kt_pg_query_one (pg, "billing_user_email", "SELECT email FROM users WHERE id = $1::uuid",
                          G_N_ELEMENTS (params), params, "user", error);
}
