/* kt-billing.c: the settings, and applying Stripe's webhook events
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-billing"

#include "config.h"

#include <glib/gi18n.h>

#include <string.h>

#include "kantora-shared.h"
#include "kt-billing-private.h"
#include "kt-pg-billing.h"
#include "kt-org-stripe-link.h"
#include "kt-pg-change.h"
#include "kt-secret-box.h"
#include "kt-server-error.h"

static char *
read_secret_file (const char  *path,
                  GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  char *text = kt_secret_file_read (path, &local_error);

  if (text == NULL)
    {
      g_set_error (error, KT_SERVER_ERROR, KT_SERVER_ERROR_BILLING_OFF,
                   _("Cannot read the Stripe secret file %s: %s"), path, local_error->message);
      return NULL;
    }
  /* Stripe's keys and secrets hold no whitespace. */
  return g_strstrip (text);
}

KtBilling *
kt_billing_new (const KtServerConfig *config,
                GError              **error)
{
  g_autoptr(KtBilling) billing = g_new0 (KtBilling, 1);
  g_autofree char *secrets = NULL;

  g_return_val_if_fail (config != NULL, NULL);

  billing->config = config;
  /* The invoices' payment links are made by a job this library owns. */
  kt_jobs_register (&kt_job_payment_link);
  if (config->enforce_limits != NULL && !g_str_equal (config->enforce_limits, "auto") &&
      !g_str_equal (config->enforce_limits, "true") && !g_str_equal (config->enforce_limits, "false"))
    {
      g_set_error (error, KT_SERVER_ERROR, KT_SERVER_ERROR_BILLING_OFF,
                   _("[billing] enforce-limits must be auto, true or false, not “%s”"), config->enforce_limits);
      return NULL;
    }
  if (config->stripe_secret_key != NULL)
    billing->secret_key = g_strdup (config->stripe_secret_key);
  else if (config->stripe_secret_key_file != NULL &&
           (billing->secret_key = read_secret_file (config->stripe_secret_key_file, error)) == NULL)
    return NULL;

  if (config->stripe_webhook_secrets != NULL)
    secrets = g_strdup (config->stripe_webhook_secrets);
  else if (config->stripe_webhook_secrets_file != NULL &&
           (secrets = read_secret_file (config->stripe_webhook_secrets_file, error)) == NULL)
    return NULL;
  if (secrets != NULL)
    {
      /* "whsec_a, whsec_b" or one per line: the old and the new secret
       * while Stripe rolls the endpoint's. */
      g_auto(GStrv) parts = g_strsplit_set (secrets, ",\n", -1);
      g_autoptr(GPtrArray) kept = g_ptr_array_new ();

      for (guint i = 0; parts[i] != NULL; i++)
        if (*g_strstrip (parts[i]) != '\0')
          g_ptr_array_add (kept, g_strdup (parts[i]));
      g_ptr_array_add (kept, NULL);
      billing->webhook_secrets = (char **) g_ptr_array_free (g_steal_pointer (&kept), FALSE);
      if (billing->webhook_secrets[0] == NULL)
        g_clear_pointer (&billing->webhook_secrets, g_strfreev);
      for (guint i = 0; parts[i] != NULL; i++)
        explicit_bzero (parts[i], strlen (parts[i]));
      explicit_bzero (secrets, strlen (secrets));
    }

  return g_steal_pointer (&billing);
}

void
kt_billing_free (KtBilling *billing)
{
  if (billing == NULL)
    return;
  kt_secret_free (billing->secret_key);
  for (guint i = 0; billing->webhook_secrets != NULL && billing->webhook_secrets[i] != NULL; i++)
    explicit_bzero (billing->webhook_secrets[i], strlen (billing->webhook_secrets[i]));
  g_strfreev (billing->webhook_secrets);
  g_free (billing);
}

const char * const *
kt_billing_webhook_secrets (KtBilling *billing)
{
  g_return_val_if_fail (billing != NULL, NULL);
  return (const char * const *) billing->webhook_secrets;
}

gboolean
kt_billing_has_api (KtBilling *billing)
{
  g_return_val_if_fail (billing != NULL, FALSE);
  return billing->secret_key != NULL && *billing->secret_key != '\0';
}

/* Free < Starter < Professional < Enterprise: whether a change is an
 * upgrade or a downgrade. */
static int
plan_rank (const char *plan)
{
  KtPlanId id = KT_PLAN_FREE;

  kt_plan_from_key (plan, &id);
  return (int) id;
}

static void
set_time_member (JsonObject *fields,
                 const char *name,
                 gint64      seconds)
{
  if (seconds > 0)
    {
      g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (seconds);
      g_autofree char *text = g_date_time_format (dt, "%Y-%m-%dT%H:%M:%SZ");

      json_object_set_string_member (fields, name, text);
    }
  else
    json_object_set_null_member (fields, name);
}

static void
set_limit_member (JsonObject   *fields,
                  const char   *name,
                  const KtPlan *plan,
                  KtLimit       limit)
{
  if (plan->limits[limit] == KT_PLAN_UNLIMITED)
    json_object_set_null_member (fields, name);
  else
    json_object_set_int_member (fields, name, plan->limits[limit]);
}

/* @fields as a change-log entry stamped @hlc (every field with that
 * clock), for the statement that writes them (KtPgBillingLog). */
static void
log_entry (JsonObject      *fields,
           const char      *hlc,
           char           **out_fields,
           char           **out_clocks)
{
  g_autoptr(JsonObject) clocks = json_object_new ();
  g_autoptr(GList) names = json_object_get_members (fields);
  g_autoptr(JsonNode) fields_node = json_node_init_object (json_node_alloc (), fields);
  g_autoptr(JsonNode) clocks_node = NULL;

  for (GList *l = names; l != NULL; l = l->next)
    json_object_set_string_member (clocks, l->data, hlc);
  clocks_node = json_node_init_object (json_node_alloc (), clocks);
  *out_fields = json_to_string (fields_node, FALSE);
  *out_clocks = json_to_string (clocks_node, FALSE);
}

static const KtPlan *
plan_of (KtBilling              *billing,
         const KtPgSubscription *sub)
{
  KtPlanId id = KT_PLAN_FREE;

  kt_plan_from_key (sub->plan, &id);
  return &billing->config->plans[id];
}

/* A history row to write, with its change-log entry. */
typedef struct {
  KtPgBillingHistory row;
  char              *id;
  char              *fields;
  char              *clocks;
} History;

static void
history_init (History                *history,
              const KtPgSubscription *sub,
              const char             *what,
              const char             *from_plan,
              const char             *to_plan,
              const KtStripeEvent    *event,
              const char             *hlc)
{
  g_autoptr(JsonObject) fields = json_object_new ();

  history->id = kt_uuid_new ();
  json_object_set_string_member (fields, "subscription_id", sub->id);
  json_object_set_string_member (fields, "event", what);
  if (from_plan != NULL)
    json_object_set_string_member (fields, "from_plan", from_plan);
  if (to_plan != NULL)
    json_object_set_string_member (fields, "to_plan", to_plan);
  json_object_set_string_member (fields, "stripe_event_id", event->id);
  set_time_member (fields, "occurred_at", event->created);
  log_entry (fields, hlc, &history->fields, &history->clocks);
  history->row = (KtPgBillingHistory) {
    history->id, sub->id, what, from_plan, to_plan, event->id, event->created,
    { hlc, history->fields, history->clocks },
  };
}

static void
history_clear (History *history)
{
  g_free (history->id);
  g_free (history->fields);
  g_free (history->clocks);
}

/* Writes @sub and its change-log entry, and @history (NULL: none) with
 * its own, in one statement. */
static gboolean
save_subscription (KtBilling              *billing,
                   KtPg                   *pg,
                   const char             *org_id,
                   const KtPgSubscription *sub,
                   const char             *hlc,
                   const History          *history,
                   GError                **error)
{
  const KtPlan *plan = plan_of (billing, sub);
  g_autoptr(JsonObject) fields = json_object_new ();
  g_autofree char *fields_text = NULL;
  g_autofree char *clocks_text = NULL;
  KtPgBillingLog log = { hlc, NULL, NULL };

  /* What the subscription entity shows a client (its server-only Stripe
   * ids stay here), logged by the statement that writes the row. */
  json_object_set_string_member (fields, "plan", sub->plan);
  json_object_set_string_member (fields, "status", sub->status);
  set_time_member (fields, "current_period_start", sub->period_start);
  set_time_member (fields, "current_period_end", sub->period_end);
  json_object_set_boolean_member (fields, "cancel_at_period_end", sub->cancel_at_period_end);
  set_limit_member (fields, "contacts_limit", plan, KT_LIMIT_CONTACTS);
  set_limit_member (fields, "users_limit", plan, KT_LIMIT_MEMBERS);
  set_limit_member (fields, "ai_requests_limit", plan, KT_LIMIT_AI_MESSAGES_PER_MONTH);
  log_entry (fields, hlc, &fields_text, &clocks_text);
  log.fields = fields_text;
  log.clocks = clocks_text;
  return kt_pg_billing_save (pg, org_id, sub, plan, &log, history != NULL ? &history->row : NULL, error);
}

static gboolean
add_history (KtPg                   *pg,
             const char             *org_id,
             const KtPgSubscription *sub,
             const char             *what,
             const char             *from_plan,
             const char             *to_plan,
             const KtStripeEvent    *event,
             const char             *hlc,
             GError                **error)
{
  History history;
  gboolean ok;

  history_init (&history, sub, what, from_plan, to_plan, event, hlc);
  ok = kt_pg_billing_add_history (pg, org_id, &history.row, error);
  history_clear (&history);
  return ok;
}

/* Whether @event may change the stored state: Stripe does not deliver in
 * order, so only an event made after the last one applied counts. At the
 * same second a cancellation stays: nothing comes after it. */
static gboolean
is_newer (const KtPgSubscription *sub,
          const KtStripeEvent    *event)
{
  if (event->created != sub->event_at)
    return event->created > sub->event_at;
  return g_strcmp0 (sub->status, "canceled") != 0 || event->kind == KT_STRIPE_EVENT_SUBSCRIPTION_DELETED;
}

static void
set_status (KtPgSubscription    *sub,
            const char          *status,
            const KtStripeEvent *event)
{
  if (g_str_equal (status, "past_due") && g_strcmp0 (sub->status, "past_due") != 0)
    sub->past_due_since = event->created;
  else if (!g_str_equal (status, "past_due"))
    sub->past_due_since = 0;
  g_free (sub->status);
  sub->status = g_strdup (status);
  sub->event_at = MAX (sub->event_at, event->created);
}

static gboolean
apply_subscription (KtBilling           *billing,
                    KtPg                *pg,
                    const char          *org_id,
                    KtPgSubscription    *sub,
                    const KtStripeEvent *event,
                    const char          *hlc,
                    GError             **error)
{
  g_autofree char *old_plan = g_strdup (sub->plan);
  g_autofree char *old_status = g_strdup (sub->status);
  const char *status = kt_stripe_status_to_local (event->status);
  const char *plan = sub->plan;
  const char *what = NULL;
  KtPlanId bought;

  /* Another subscription than the organization's: a new one replaces a
   * canceled one, or one that is newer; an old one's news is history. */
  if (sub->subscription_id != NULL && g_strcmp0 (sub->subscription_id, event->subscription_id) != 0 &&
      g_strcmp0 (sub->status, "canceled") != 0 && event->created <= sub->event_at)
    return TRUE;
  if (!is_newer (sub, event))
    return TRUE;

  if (event->kind == KT_STRIPE_EVENT_SUBSCRIPTION_DELETED)
    status = "canceled";
  if (g_str_equal (status, "canceled"))
    plan = kt_plan_key (KT_PLAN_FREE);
  else if (kt_plans_find_price (billing->config->plans, event->price_id, &bought))
    plan = kt_plan_key (bought);
  else if (event->price_id != NULL)
    g_warning ("Stripe subscription %s has price %s, which no [plan] has: the plan stays %s",
               event->subscription_id, event->price_id, sub->plan);

  kt_set_str (&sub->plan, plan);
  if (event->subscription_id != NULL)
    kt_set_str (&sub->subscription_id, event->subscription_id);
  if (event->customer_id != NULL)
    kt_set_str (&sub->customer_id, event->customer_id);
  kt_set_str (&sub->price_id, event->price_id);
  if (event->period_end > 0)
    {
      sub->period_start = event->period_start;
      sub->period_end = event->period_end;
    }
  sub->cancel_at_period_end = event->cancel_at_period_end;
  set_status (sub, status, event);

  if (g_str_equal (status, "canceled") && g_strcmp0 (old_status, "canceled") != 0)
    what = "canceled";
  else if (plan_rank (sub->plan) > plan_rank (old_plan))
    what = "upgraded";
  else if (plan_rank (sub->plan) < plan_rank (old_plan))
    what = "downgraded";
  if (what == NULL)
    return save_subscription (billing, pg, org_id, sub, hlc, NULL, error);
  /* The row and its history in one statement (one round trip). */
  {
    History history;
    gboolean ok;

    history_init (&history, sub, what, old_plan, sub->plan, event, hlc);
    ok = save_subscription (billing, pg, org_id, sub, hlc, &history, error);
    history_clear (&history);
    return ok;
  }
}

static gboolean
apply_invoice (KtBilling           *billing,
               KtPg                *pg,
               const char          *org_id,
               KtPgSubscription    *sub,
               const KtStripeEvent *event,
               const char          *hlc,
               GError             **error)
{
  gboolean paid = event->kind == KT_STRIPE_EVENT_INVOICE_PAID;

  if (event->subscription_id != NULL && sub->subscription_id != NULL &&
      g_strcmp0 (event->subscription_id, sub->subscription_id) != 0)
    return TRUE;

  /* The status follows the payment only when nothing newer has said
   * otherwise; the history records the payment in any case, at the time
   * Stripe made the event. */
  if (is_newer (sub, event))
    {
      if (paid && g_strcmp0 (sub->status, "past_due") == 0)
        set_status (sub, "active", event);
      else if (!paid && (g_strcmp0 (sub->status, "active") == 0 || g_strcmp0 (sub->status, "trialing") == 0))
        set_status (sub, "past_due", event);
      else
        sub->event_at = event->created;
      if (!save_subscription (billing, pg, org_id, sub, hlc, NULL, error))
        return FALSE;
    }

  if (!paid)
    return add_history (pg, org_id, sub, "payment_failed", sub->plan, sub->plan, event, hlc, error);
  if (g_strcmp0 (event->billing_reason, "subscription_cycle") == 0)
    return add_history (pg, org_id, sub, "renewed", sub->plan, sub->plan, event, hlc, error);
  return TRUE;
}

static gboolean
apply_checkout (KtBilling           *billing,
                KtPg                *pg,
                const char          *org_id,
                KtPgSubscription    *sub,
                const KtStripeEvent *event,
                const char          *hlc,
                GError             **error)
{
  gboolean changed = FALSE;

  /* The session only links the organization to its Stripe customer and
   * subscription; the plan comes with the subscription's own events,
   * which may have come first. */
  if (event->customer_id != NULL && sub->customer_id == NULL)
    {
      kt_set_str (&sub->customer_id, event->customer_id);
      changed = TRUE;
    }
  if (event->subscription_id != NULL &&
      (sub->subscription_id == NULL || g_strcmp0 (sub->status, "canceled") == 0) &&
      g_strcmp0 (sub->subscription_id, event->subscription_id) != 0 && event->created >= sub->event_at)
    {
      kt_set_str (&sub->subscription_id, event->subscription_id);
      changed = TRUE;
    }
  return !changed || kt_pg_billing_save (pg, org_id, sub, plan_of (billing, sub), NULL, NULL, error);
}

/* The event's effect on @sub, which is locked. */
static gboolean
apply_locked (KtBilling           *billing,
              KtPg                *pg,
              const char          *org_id,
              KtPgSubscription    *sub,
              const KtStripeEvent *event,
              const char          *hlc,
              GError             **error)
{
  switch (event->kind)
    {
    case KT_STRIPE_EVENT_CHECKOUT_COMPLETED:
      return apply_checkout (billing, pg, org_id, sub, event, hlc, error);
    case KT_STRIPE_EVENT_SUBSCRIPTION_CREATED:
    case KT_STRIPE_EVENT_SUBSCRIPTION_UPDATED:
    case KT_STRIPE_EVENT_SUBSCRIPTION_DELETED:
      return apply_subscription (billing, pg, org_id, sub, event, hlc, error);
    case KT_STRIPE_EVENT_INVOICE_PAID:
    case KT_STRIPE_EVENT_INVOICE_FAILED:
      return apply_invoice (billing, pg, org_id, sub, event, hlc, error);
    case KT_STRIPE_EVENT_OTHER:
    default:
      return TRUE;
    }
}

gboolean
kt_billing_apply_event (KtBilling           *billing,
                        KtPg                *pg,
                        const KtStripeEvent *event,
                        const char          *hlc,
                        gboolean            *out_duplicate,
                        GError             **error)
{
  g_autofree char *org_id = NULL;
  g_auto(KtPgSubscription) sub = { 0 };
  g_autoptr(GError) local_error = NULL;
  gboolean is_new = FALSE;

  g_return_val_if_fail (billing != NULL, FALSE);
  g_return_val_if_fail (event != NULL && event->id != NULL, FALSE);

  *out_duplicate = FALSE;
  org_id = g_strdup (event->org_id);
  if (org_id == NULL && event->kind != KT_STRIPE_EVENT_OTHER &&
      (event->subscription_id != NULL || event->customer_id != NULL))
    {
      org_id = kt_pg_billing_find_org (pg, event->subscription_id, event->customer_id, &local_error);
      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
    }

  /* The common case, an event of a known organization that changes
   * something: recorded and the subscription locked in one round trip. */
  if (org_id != NULL && event->kind != KT_STRIPE_EVENT_OTHER)
    {
      gboolean found = FALSE;

      if (!kt_pg_billing_record_and_lock (pg, event->id, event->type, org_id, event->created, &is_new, &sub,
                                          &found, error))
        return FALSE;
      *out_duplicate = !is_new;
      if (!is_new)
        return TRUE;
      if (!found)
        {
          g_message ("Stripe event %s names organization %s, which has no subscription here", event->id,
                     org_id);
          return TRUE;
        }
      return apply_locked (billing, pg, org_id, &sub, event, hlc, error);
    }

  if (!kt_pg_billing_record_event (pg, event->id, event->type, org_id, event->created, &is_new, error))
    return FALSE;
  if (!is_new)
    {
      *out_duplicate = TRUE;
      return TRUE;
    }
  if (event->kind == KT_STRIPE_EVENT_OTHER)
    return TRUE;
  if (org_id == NULL)
    {
      /* Not ours (another product on the same Stripe account), or made
       * before this server put the organization into the metadata. */
      g_message ("Stripe event %s (%s) names no organization here; recorded and ignored",
                 event->id, event->type);
      return TRUE;
    }

  if (!kt_pg_billing_load (pg, org_id, TRUE, &sub, &local_error))
    {
      if (g_error_matches (local_error, KT_SERVER_ERROR, KT_SERVER_ERROR_NOT_FOUND))
        {
          g_message ("Stripe event %s names organization %s, which has no subscription here", event->id,
                     org_id);
          return TRUE;
        }
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  return apply_locked (billing, pg, org_id, &sub, event, hlc, error);
}
