/* kt-pg-billing.c: subscriptions, their history, and Stripe's events as
 * stored
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-pg-billing"

#include "config.h"

#include <glib/gi18n.h>

#include "kt-pg-billing.h"
#include "kt-pg-schema.h"
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

/* The columns of SUBSCRIPTION_SELECT, in its order, from row 0. */
static void
read_subscription (PGresult         *res,
                   KtPgSubscription *out)
{
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

  read_subscription (res, out);
  return TRUE;
}

gboolean
kt_pg_billing_record_and_lock (KtPg             *pg,
                               const char       *event_id,
                               const char       *type,
                               const char       *org_id,
                               gint64            created,
                               gboolean         *out_new,
                               KtPgSubscription *out,
                               gboolean         *out_found,
                               GError          **error)
{
  g_autoptr(PGresult) res = NULL;
  g_autofree char *created_text = g_strdup_printf ("%" G_GINT64_FORMAT, created);
  const char *params[] = { event_id, type, org_id, created_text };

  g_return_val_if_fail (org_id != NULL, FALSE);

  /* One round trip for the two first steps of every event: the id
   * recorded (a redelivery finds it and locks nothing) and the
   * subscription locked. */
  res = kt_pg_exec (pg, "billing_record_and_lock",
                    "WITH ev AS (INSERT INTO stripe_events (event_id, type, org_id, created)"
                    "  VALUES ($1, $2, $3::uuid, to_timestamp($4::bigint))"
                    "  ON CONFLICT (event_id) DO NOTHING RETURNING 1),"
                    " s AS (SELECT id::text, plan, status, stripe_customer_id, stripe_subscription_id,"
                    "  stripe_price_id, extract(epoch FROM current_period_start)::bigint AS ps,"
                    "  extract(epoch FROM current_period_end)::bigint AS pe, cancel_at_period_end,"
                    "  stripe_event_at, extract(epoch FROM past_due_since)::bigint AS pd"
                    "  FROM subscriptions WHERE org_id = $3::uuid AND EXISTS (SELECT 1 FROM ev) FOR UPDATE) "
                    "SELECT s.*, (SELECT count(*) FROM ev) FROM (VALUES (1)) v LEFT JOIN s ON true",
                    G_N_ELEMENTS (params), params, error);
  if (res == NULL)
    return FALSE;
  *out_new = g_str_equal (PQgetvalue (res, 0, 11), "1");
  *out_found = !PQgetisnull (res, 0, 0);
  if (!*out_found)
    return TRUE;
  read_subscription (res, out);
  return TRUE;
}

static char *
limit_param (const KtPlan *plan,
             KtLimit       limit)
{
  return plan->limits[limit] == KT_PLAN_UNLIMITED
         ? NULL : g_strdup_printf ("%" G_GINT64_FORMAT, plan->limits[limit]);
}

#define SUBSCRIPTION_UPDATE \
  "UPDATE subscriptions SET plan = $2, status = $3, stripe_customer_id = $4," \
  " stripe_subscription_id = $5, stripe_price_id = $6," \
  " current_period_start = to_timestamp($7::bigint)," \
  " current_period_end = to_timestamp($8::bigint), cancel_at_period_end = $9::boolean," \
  " stripe_event_at = $10::bigint, past_due_since = to_timestamp($11::bigint)," \
  " contacts_limit = $12::bigint, users_limit = $13::bigint," \
  " ai_requests_limit = $14::bigint, updated_at = now()" \
  " WHERE org_id = $1::uuid"

/* The change-log entry of kt_pg_log_change() (kt-pg-change.c), appended
 * to a statement whose CTE "w" returns the record's id: the write and
 * its entry in one round trip. The counter row orders the writers of one
 * organization as there. */
#define LOG_AFTER(entity, hlc, fields, clocks) \
  ", c AS (INSERT INTO org_counters (org_id, seq) SELECT $1::uuid, 1 FROM w" \
  "  ON CONFLICT (org_id) DO UPDATE SET seq = org_counters.seq + 1 RETURNING seq) " \
  "INSERT INTO change_log (org_id, seq, entity, record_id, hlc, deleted, fields, clocks, user_id) " \
  "SELECT $1::uuid, c.seq, '" entity "', w.id, " hlc ", false, " fields "::jsonb, " clocks "::jsonb, NULL" \
  " FROM c, w RETURNING seq"

gboolean
kt_pg_billing_save (KtPg                     *pg,
                    const char               *org_id,
                    const KtPgSubscription   *sub,
                    const KtPlan             *plan,
                    const KtPgBillingLog     *log,
                    const KtPgBillingHistory *history,
                    GError                  **error)
{
  g_autofree char *start = seconds_param (sub->period_start);
  g_autofree char *end = seconds_param (sub->period_end);
  g_autofree char *event_at = g_strdup_printf ("%" G_GINT64_FORMAT, sub->event_at);
  g_autofree char *past_due = seconds_param (sub->past_due_since);
  g_autofree char *contacts = limit_param (plan, KT_LIMIT_CONTACTS);
  g_autofree char *members = limit_param (plan, KT_LIMIT_MEMBERS);
  g_autofree char *ai = limit_param (plan, KT_LIMIT_AI_MESSAGES_PER_MONTH);
  g_autofree char *at = history != NULL ? g_strdup_printf ("%" G_GINT64_FORMAT, history->occurred_at) : NULL;
  const char *params[] = {
    org_id, sub->plan, sub->status, sub->customer_id, sub->subscription_id, sub->price_id,
    start, end, sub->cancel_at_period_end ? "t" : "f", event_at, past_due, contacts, members, ai,
    log != NULL ? log->hlc : NULL, log != NULL ? log->fields : NULL, log != NULL ? log->clocks : NULL,
    history != NULL ? history->id : NULL, history != NULL ? history->event : NULL,
    history != NULL ? history->from_plan : NULL, history != NULL ? history->to_plan : NULL,
    history != NULL ? history->stripe_event_id : NULL, at,
    history != NULL ? history->log.fields : NULL, history != NULL ? history->log.clocks : NULL,
  };
  g_autoptr(PGresult) res = NULL;

  g_return_val_if_fail (history == NULL || log != NULL, FALSE);

  if (log == NULL)
    res = kt_pg_exec (pg, "billing_save", SUBSCRIPTION_UPDATE, 14, params, error);
  else if (history == NULL)
    res = kt_pg_exec (pg, "billing_save_logged",
                      "WITH w AS (" SUBSCRIPTION_UPDATE " RETURNING id)"
                      LOG_AFTER ("subscription", "$15", "$16", "$17"),
                      17, params, error);
  else
    /* An upgrade, a downgrade, a cancellation: the row, its history and
     * both entries (two seqs taken at once, the subscription's first). */
    res = kt_pg_exec (pg, "billing_save_history_logged",
                      "WITH w AS (" SUBSCRIPTION_UPDATE " RETURNING id),"
                      " h AS (INSERT INTO subscription_histories (org_id, id, subscription_id, event, from_plan,"
                      "  to_plan, stripe_event_id, occurred_at)"
                      "  SELECT $1::uuid, $18::uuid, w.id, $19, $20, $21, $22, to_timestamp($23::bigint) FROM w"
                      "  RETURNING id),"
                      " c AS (INSERT INTO org_counters (org_id, seq) SELECT $1::uuid, 2 FROM w"
                      "  ON CONFLICT (org_id) DO UPDATE SET seq = org_counters.seq + 2 RETURNING seq) "
                      "INSERT INTO change_log (org_id, seq, entity, record_id, hlc, deleted, fields, clocks, user_id) "
                      "SELECT $1::uuid, c.seq - 1, 'subscription', w.id, $15, false, $16::jsonb, $17::jsonb, NULL::uuid"
                      " FROM c, w "
                      "UNION ALL SELECT $1::uuid, c.seq, 'subscription_history', h.id, $15, false, $24::jsonb,"
                      " $25::jsonb, NULL::uuid FROM c, h",
                      G_N_ELEMENTS (params), params, error);
  return res != NULL;
}

gboolean
kt_pg_billing_add_history (KtPg                     *pg,
                           const char               *org_id,
                           const KtPgBillingHistory *history,
                           GError                  **error)
{
  g_autofree char *at = g_strdup_printf ("%" G_GINT64_FORMAT, history->occurred_at);
  const char *params[] = { org_id, history->id, history->subscription_id, history->event, history->from_plan,
                           history->to_plan, history->stripe_event_id, at, history->log.hlc,
                           history->log.fields, history->log.clocks };
  g_autoptr(PGresult) res = NULL;

  res = kt_pg_exec (pg, "billing_add_history_logged",
                    "WITH w AS (INSERT INTO subscription_histories (org_id, id, subscription_id, event, from_plan,"
                    " to_plan, stripe_event_id, occurred_at)"
                    " VALUES ($1::uuid, $2::uuid, $3::uuid, $4, $5, $6, $7, to_timestamp($8::bigint)) RETURNING id)"
                    LOG_AFTER ("subscription_history", "$9", "$10", "$11"),
                    G_N_ELEMENTS (params), params, error);
  return res != NULL;
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

void
kt_pg_usage_clear (KtPgUsage *usage)
{
  g_clear_pointer (&usage->plan, g_free);
  g_clear_pointer (&usage->status, g_free);
}

static void
read_usage (PGresult  *res,
            KtPgUsage *out)
{
  out->n = g_ascii_strtoll (PQgetvalue (res, 0, 0), NULL, 10);
  out->plan = PQgetisnull (res, 0, 1) ? g_strdup ("free") : g_strdup (PQgetvalue (res, 0, 1));
  out->status = PQgetisnull (res, 0, 2) ? g_strdup ("active") : g_strdup (PQgetvalue (res, 0, 2));
  out->past_due_since = PQgetisnull (res, 0, 3) ? 0 : g_ascii_strtoll (PQgetvalue (res, 0, 3), NULL, 10);
}

#define USAGE_PLAN \
  " (SELECT plan FROM subscriptions WHERE org_id = $1::uuid)," \
  " (SELECT status FROM subscriptions WHERE org_id = $1::uuid)," \
  " (SELECT extract(epoch FROM past_due_since)::bigint FROM subscriptions WHERE org_id = $1::uuid)"

gboolean
kt_pg_usage_add (KtPg           *pg,
                 const char     *org_id,
                 const KtEntity *entity,
                 const char     *month,
                 gint64          delta,
                 KtPgUsage      *out,
                 GError        **error)
{
  const KtPgTable *table = kt_pg_schema_lookup_entity (entity);
  g_autofree char *key = month != NULL ? g_strdup_printf ("%s:%s", entity->plural, month)
                                       : g_strdup (entity->plural);
  g_autofree char *delta_text = g_strdup_printf ("%" G_GINT64_FORMAT, delta);
  g_autofree char *count_sql = NULL;
  g_autofree char *count_name = NULL;
  g_autoptr(PGresult) res = NULL;

  g_return_val_if_fail (table != NULL, FALSE);

  {
    const char *params[] = { org_id, key, delta_text };

    /* The common case: one statement, the counter and the plan. */
    res = kt_pg_exec (pg, "usage_add",
                      "UPDATE org_usage u SET n = u.n + $3::bigint"
                      " FROM subscriptions s WHERE u.org_id = $1::uuid AND u.key = $2 AND s.org_id = $1::uuid"
                      " RETURNING u.n, s.plan, s.status, extract(epoch FROM s.past_due_since)::bigint",
                      G_N_ELEMENTS (params), params, error);
  }
  if (res == NULL)
    return FALSE;
  if (PQntuples (res) == 1)
    {
      read_usage (res, out);
      return TRUE;
    }
  g_clear_pointer (&res, PQclear);

  /* The first time (or an organization without a subscription row, whose
   * plan then reads as Free): count what there is, this change included
   * (it is written already). Two first writers of one organization wait on each
   * other's change-log counter row, so the second sees the row. */
  count_name = g_strdup_printf ("usage_count_%s%s", entity->name, month != NULL ? "_month" : "");
  if (month != NULL)
    count_sql = g_strdup_printf ("INSERT INTO org_usage (org_id, key, n)"
                                 " SELECT $1::uuid, $2, count(*) FROM %s"
                                 " WHERE org_id = $1::uuid AND left(created_at, 7) = $3"
                                 " ON CONFLICT (org_id, key) DO UPDATE SET n = org_usage.n + $4::bigint"
                                 " RETURNING n," USAGE_PLAN, table->name);
  else
    count_sql = g_strdup_printf ("INSERT INTO org_usage (org_id, key, n)"
                                 " SELECT $1::uuid, $2, count(*) FROM %s WHERE org_id = $1::uuid AND NOT deleted"
                                 " AND $3::text IS NULL"
                                 " ON CONFLICT (org_id, key) DO UPDATE SET n = org_usage.n + $4::bigint"
                                 " RETURNING n," USAGE_PLAN, table->name);
  {
    const char *params[] = { org_id, key, month, delta_text };

    res = kt_pg_exec (pg, count_name, count_sql, G_N_ELEMENTS (params), params, error);
  }
  if (res == NULL)
    return FALSE;
  read_usage (res, out);
  return TRUE;
}

gboolean
kt_pg_usage_members (KtPg        *pg,
                     const char  *org_id,
                     KtPgUsage   *out,
                     GError     **error)
{
  g_autoptr(PGresult) res = NULL;
  const char *params[] = { org_id };

  if (!kt_pg_run (pg, "SELECT 1 FROM subscriptions WHERE org_id = $1::uuid FOR UPDATE",
                  G_N_ELEMENTS (params), params, error))
    return FALSE;
  res = kt_pg_exec (pg, "usage_members",
                    "SELECT (SELECT count(*) FROM team_members WHERE org_id = $1::uuid AND (status = 'active'"
                    "  OR (status = 'invited' AND invite_expires_at > now())))," USAGE_PLAN,
                    G_N_ELEMENTS (params), params, error);
  if (res == NULL)
    return FALSE;
  read_usage (res, out);
  return TRUE;
}

/* How long a past_due organization may still grow: Stripe retries the
 * payment for about that long (docs/billing.md). */
#define PAST_DUE_GRACE_SECONDS (7 * 24 * 3600)

gboolean
kt_pg_usage_check (const KtPlan    *plans,
                   const KtPgUsage *usage,
                   KtLimit          limit,
                   gint64           now,
                   GError         **error)
{
  KtPlanId plan = KT_PLAN_FREE;
  gint64 most;

  kt_plan_from_key (usage->plan, &plan);
  most = plans[plan].limits[limit];
  if (g_strcmp0 (usage->status, "past_due") == 0 && usage->past_due_since > 0 &&
      now - usage->past_due_since > PAST_DUE_GRACE_SECONDS)
    {
      kt_server_set_field_error (error, KT_SERVER_ERROR_PLAN_LIMIT, kt_limit_key (limit),
                                 _("The organization’s payment is overdue: nothing can be added until it is paid"));
      return FALSE;
    }
  if (most != KT_PLAN_UNLIMITED && usage->n > most)
    {
      g_autofree char *most_text = g_strdup_printf ("%" G_GINT64_FORMAT, most);

      kt_server_set_field_error (error, KT_SERVER_ERROR_PLAN_LIMIT, kt_limit_key (limit),
                                 _("The %s plan allows at most %s %s"),
                                 plans[plan].name, most_text, kt_limit_label (limit));
      return FALSE;
    }
  return TRUE;
}

char *
kt_pg_usage_json (KtPg        *pg,
                  const char  *org_id,
                  const char  *month,
                  GError     **error)
{
  static gsize sql = 0;
  const char *params[] = { org_id, month };

  /* The tables' names come from the registry: built once. COALESCE
   * stops at the counter when there is one, so the counts only run for
   * an organization that never wrote that entity since the upgrade. */
  if (g_once_init_enter (&sql))
    {
      const KtPgTable *contacts = kt_pg_schema_lookup_entity (kt_entity_lookup ("contact"));
      const KtPgTable *deals = kt_pg_schema_lookup_entity (kt_entity_lookup ("deal"));
      const KtPgTable *templates = kt_pg_schema_lookup_entity (kt_entity_lookup ("document_template"));
      const KtPgTable *invoices = kt_pg_schema_lookup_entity (kt_entity_lookup ("invoice"));
      char *text;

#define LIVE(key, table) \
  "coalesce((SELECT n FROM org_usage WHERE org_id = $1::uuid AND key = '" key "')," \
  " (SELECT count(*) FROM %s WHERE org_id = $1::uuid AND NOT deleted))"
      text = g_strdup_printf ("SELECT json_build_object("
                              "'members', (SELECT count(*) FROM team_members WHERE org_id = $1::uuid"
                              "  AND status = 'active'),"
                              "'contacts', " LIVE ("contacts", contacts) ","
                              "'deals', " LIVE ("deals", deals) ","
                              "'templates', " LIVE ("document_templates", templates) ","
                              "'invoices_per_month', coalesce((SELECT n FROM org_usage WHERE org_id = $1::uuid"
                              "  AND key = 'invoices:' || $2),"
                              "  (SELECT count(*) FROM %s WHERE org_id = $1::uuid AND left(created_at, 7) = $2))"
                              ")::text",
                              contacts->name, deals->name, templates->name, invoices->name);
#undef LIVE
      g_once_init_leave (&sql, (gsize) text);
    }

  return kt_pg_query_one (pg, "usage_json", (const char *) sql, G_N_ELEMENTS (params), params, "usage", error);
}
