/* kt-pg-billing.h: subscriptions, their history, and Stripe's events as
 * stored (docs/billing.md)
 *
 * The queries of server/billing: it decides what an event changes, these
 * read and write it, inside the caller's transaction.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kantora-shared.h"
#include "kt-pg.h"
#include "kt-plan.h"

G_BEGIN_DECLS

/* An organization's subscription row. Times are Unix seconds, 0 = unset. */
typedef struct {
  char     *id;
  char     *plan;
  char     *status;
  char     *customer_id;
  char     *subscription_id;
  char     *price_id;
  gint64    period_start;
  gint64    period_end;
  gboolean  cancel_at_period_end;
  gint64    event_at;         /* the Stripe `created` of the newest event applied */
  gint64    past_due_since;
} KtPgSubscription;

void      kt_pg_subscription_clear     (KtPgSubscription *sub);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (KtPgSubscription, kt_pg_subscription_clear)

/* Records Stripe event @event_id; *@out_new is FALSE when it was
 * recorded before (a redelivery: the caller does nothing more). The row
 * commits or rolls back with the event's effects. */
gboolean  kt_pg_billing_record_event   (KtPg        *pg,
                                        const char  *event_id,
                                        const char  *type,
                                        const char  *org_id,
                                        gint64       created,
                                        gboolean    *out_new,
                                        GError     **error);
/* The organization whose subscription has Stripe subscription
 * @subscription_id or, failing that, customer @customer_id (either may be
 * NULL); NULL without error when none has. */
char     *kt_pg_billing_find_org       (KtPg        *pg,
                                        const char  *subscription_id,
                                        const char  *customer_id,
                                        GError     **error);
/* Loads @org_id's subscription, locked FOR UPDATE when @for_update;
 * FALSE with a 404 error when the organization has none. */
gboolean  kt_pg_billing_load           (KtPg             *pg,
                                        const char       *org_id,
                                        gboolean          for_update,
                                        KtPgSubscription *out,
                                        GError          **error);
/* The webhook's path in fewer round trips (docs/performance.md, "The
 * webhook's round trips"): kt_pg_billing_record_event() and
 * kt_pg_billing_load() FOR UPDATE in one statement. The subscription is
 * locked and read only when the event is new (*@out_new); *@out_found
 * says whether @org_id has one. */
gboolean  kt_pg_billing_record_and_lock (KtPg             *pg,
                                         const char       *event_id,
                                         const char       *type,
                                         const char       *org_id,
                                         gint64            created,
                                         gboolean         *out_new,
                                         KtPgSubscription *out,
                                         gboolean         *out_found,
                                         GError          **error);

/* The change-log entry a billing write makes in its own statement (the
 * entity's fields and clocks as JSON text, stamped @hlc), as
 * kt_pg_log_change() would, without a user. */
typedef struct {
  const char *hlc;
  const char *fields;
  const char *clocks;
} KtPgBillingLog;

/* A history row, and its change-log entry. */
typedef struct {
  const char     *id;
  const char     *subscription_id;
  const char     *event;
  const char     *from_plan;
  const char     *to_plan;
  const char     *stripe_event_id;
  gint64          occurred_at;
  KtPgBillingLog  log;
} KtPgBillingHistory;

/* Writes @sub back, with @plan's limits in the limit columns, and with
 * @log (NULL: none) its change-log entry, and @history (NULL: none; needs
 * @log) after it, in one statement. */
gboolean  kt_pg_billing_save           (KtPg                     *pg,
                                        const char               *org_id,
                                        const KtPgSubscription   *sub,
                                        const KtPlan             *plan,
                                        const KtPgBillingLog     *log,
                                        const KtPgBillingHistory *history,
                                        GError                  **error);
/* Adds a history row and its change-log entry, in one statement. */
gboolean  kt_pg_billing_add_history    (KtPg                     *pg,
                                        const char               *org_id,
                                        const KtPgBillingHistory *history,
                                        GError                  **error);
/* {"id", "plan", "status", "current_period_start", "current_period_end",
 * "cancel_at_period_end", "past_due_since", "history": [the newest 50:
 * {"id", "event", "from_plan", "to_plan", "occurred_at"}]} as JSON text:
 * what GET /v1/billing and a sync pull show. */
char     *kt_pg_billing_subscription_json (KtPg        *pg,
                                           const char  *org_id,
                                           GError     **error);

/* What a limit check needs: the counter after the change, and the plan. */
typedef struct {
  gint64  n;
  char   *plan;
  char   *status;
  gint64  past_due_since;   /* Unix seconds, 0 = not past due */
} KtPgUsage;

void      kt_pg_usage_clear            (KtPgUsage *usage);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (KtPgUsage, kt_pg_usage_clear)

/* Adds @delta to @org_id's usage counter of @entity: its live records,
 * or with @month ("2026-12") the records made that month. A counter seen
 * the first time is counted from the table (then it already holds this
 * change). Must run after the change's log entry, whose counter row lock
 * orders the writers of one organization (no deadlock between two). */
gboolean  kt_pg_usage_add              (KtPg           *pg,
                                        const char     *org_id,
                                        const KtEntity *entity,
                                        const char     *month,
                                        gint64          delta,
                                        KtPgUsage      *out,
                                        GError        **error);
/* Refuses (403 plan_limit naming @limit) a counter @usage->n over the
 * limit of its plan in @plans, and any growth of an organization whose
 * payment has been overdue for more than the grace period (7 days, while
 * Stripe retries). @now: Unix seconds. */
gboolean  kt_pg_usage_check            (const KtPlan    *plans,
                                        const KtPgUsage *usage,
                                        KtLimit          limit,
                                        gint64           now,
                                        GError         **error);
/* Active members and pending, unexpired invitations of @org_id, and its
 * plan; locks the subscription row, so two invitations at once count
 * each other. */
gboolean  kt_pg_usage_members          (KtPg        *pg,
                                        const char  *org_id,
                                        KtPgUsage   *out,
                                        GError     **error);

/* {"members", "contacts", "deals", "templates", "invoices_per_month"}:
 * what the limits count now, as JSON text (@month: "2026-12"). Counters
 * not made yet are counted from their tables. */
char     *kt_pg_usage_json             (KtPg        *pg,
                                        const char  *org_id,
                                        const char  *month,
                                        GError     **error);

/* The email address of user @user_id (a new Stripe customer's). */
char     *kt_pg_billing_user_email     (KtPg        *pg,
                                        const char  *user_id,
                                        GError     **error);

G_END_DECLS
