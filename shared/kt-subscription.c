/* kt-subscription.c: billing subscriptions and their history (server-owned)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-subscription"

#include "config.h"

#include <glib/gi18n.h>

#include "kt-date.h"
#include "kt-error.h"
#include "kt-subscription.h"

#define I KT_FIELD_INDEXED
#define O KT_FIELD_SORTABLE
#define R KT_FIELD_REQUIRED
#define SV KT_FIELD_SERVER

static const char * const plans[] = { "free", "starter", "professional", "enterprise", NULL };
static const char * const subscription_statuses[] = {
  "active", "trialing", "past_due", "canceled", "incomplete", NULL
};

static const KtField subscription_fields[] = {
  { "plan", KT_FIELD_ENUM, R | I | O, N_("Plan"), .choices = plans, .default_value = "\"free\"" },
  { "status", KT_FIELD_ENUM, I, N_("Status"), .choices = subscription_statuses,
    .default_value = "\"active\"" },
  { "stripe_customer_id", KT_FIELD_TEXT, I | SV, N_("Stripe customer"), .max_length = 255 },
  { "stripe_subscription_id", KT_FIELD_TEXT, I | SV, N_("Stripe subscription"), .max_length = 255 },
  { "current_period_start", KT_FIELD_DATETIME, 0, N_("Period start") },
  { "current_period_end", KT_FIELD_DATETIME, O, N_("Period end") },
  { "cancel_at_period_end", KT_FIELD_BOOL, 0, N_("Cancel at period end"), .default_value = "false" },
  { "contacts_limit", KT_FIELD_INT, 0, N_("Contacts limit"), .min = 0, .max = G_MAXINT64 },
  { "users_limit", KT_FIELD_INT, 0, N_("Users limit"), .min = 0, .max = G_MAXINT64 },
  { "ai_requests_limit", KT_FIELD_INT, 0, N_("AI requests limit"), .min = 0, .max = G_MAXINT64 },
  { "ai_requests_used", KT_FIELD_INT, SV, N_("AI requests used"), .min = 0, .max = G_MAXINT64 },
  { NULL }
};

static gboolean
validate_subscription (const KtEntity *entity,
                       KtRecord       *record,
                       GError        **error)
{
  const char *start = kt_record_get_string (record, "current_period_start");
  const char *end = kt_record_get_string (record, "current_period_end");
  gint64 start_ms, end_ms;

  if (kt_datetime_parse (start, &start_ms) && kt_datetime_parse (end, &end_ms) &&
      end_ms < start_ms)
    {
      kt_record_set_field_error (error, "current_period_end",
                                 _("The period cannot end before it starts"));
      return FALSE;
    }

  return TRUE;
}

const KtEntity kt_subscription_entity = {
  .name = "subscription",
  .plural = "subscriptions",
  .label = N_("Subscription"),
  .flags = KT_ENTITY_SERVER,
  .fields = subscription_fields,
  .title_fields = "plan",
  .default_sort = "plan",
  .validate = validate_subscription,
};

static const char * const history_events[] = {
  "created", "upgraded", "downgraded", "renewed", "canceled", "payment_failed", NULL
};

static const KtField subscription_history_fields[] = {
  { "subscription_id", KT_FIELD_REF, R | I, N_("Subscription"), .ref_entity = "subscription" },
  { "event", KT_FIELD_ENUM, R | I, N_("Event"), .choices = history_events },
  { "from_plan", KT_FIELD_ENUM, 0, N_("From plan"), .choices = plans },
  { "to_plan", KT_FIELD_ENUM, 0, N_("To plan"), .choices = plans },
  { "stripe_event_id", KT_FIELD_TEXT, I, N_("Stripe event"), .max_length = 255 },
  { "occurred_at", KT_FIELD_DATETIME, I | O, N_("When") },
  { NULL }
};

const KtEntity kt_subscription_history_entity = {
  .name = "subscription_history",
  .plural = "subscription_histories",
  .label = N_("Subscription event"),
  .flags = KT_ENTITY_SERVER,
  .fields = subscription_history_fields,
  .title_fields = "event",
  .default_sort = "-occurred_at",
};
