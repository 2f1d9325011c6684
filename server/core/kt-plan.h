/* kt-plan.h: the billing plans and their limits
 *
 * Four plans, Free, Starter, Professional and Enterprise, each with a
 * name, the Stripe price a Checkout Session charges for it, and six
 * limits. Defaults are built in; the config file's [plan <id>] groups
 * override any of them (kt-server-config.c). They live here, below the
 * store, because the store's write path and the billing code both read
 * them and the configuration owns them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef enum {
  KT_PLAN_FREE,
  KT_PLAN_STARTER,
  KT_PLAN_PROFESSIONAL,
  KT_PLAN_ENTERPRISE,
  KT_PLAN_COUNT,
} KtPlanId;

typedef enum {
  KT_LIMIT_MEMBERS,
  KT_LIMIT_CONTACTS,
  KT_LIMIT_DEALS,
  KT_LIMIT_INVOICES_PER_MONTH,
  KT_LIMIT_AI_MESSAGES_PER_MONTH,
  KT_LIMIT_TEMPLATES,
  KT_LIMIT_COUNT,
} KtLimit;

/* A limit of KT_PLAN_UNLIMITED has no bound. */
#define KT_PLAN_UNLIMITED (-1)

typedef struct {
  char   *name;                     /* shown to people */
  char   *stripe_price_id;          /* NULL: cannot be bought (Free) */
  gint64  limits[KT_LIMIT_COUNT];
} KtPlan;

/* "free", "starter", "professional", "enterprise" (the subscription
 * entity's choices). */
const char *kt_plan_key            (KtPlanId     plan);
gboolean    kt_plan_from_key       (const char  *key,
                                    KtPlanId    *out);
/* "members", "contacts", "deals", "invoices_per_month",
 * "ai_messages_per_month", "templates": the name a plan_limit error
 * and the API use. */
const char *kt_limit_key           (KtLimit      limit);
/* What the limit counts, for people ("contacts", "invoices a month"),
 * translated. */
const char *kt_limit_label         (KtLimit      limit);
/* The defaults of every plan into @plans[KT_PLAN_COUNT]. */
void        kt_plans_init_defaults (KtPlan      *plans);
void        kt_plans_clear         (KtPlan      *plans);
/* The plan whose price is @price_id, or FALSE. */
gboolean    kt_plans_find_price    (const KtPlan *plans,
                                    const char   *price_id,
                                    KtPlanId     *out);
/* Reads the [plan <key>] groups of @file over @plans; an error names
 * @path, the group and the key. */
gboolean    kt_plans_load_key_file (KtPlan       *plans,
                                    GKeyFile     *file,
                                    const char   *path,
                                    GError      **error);
/* [{"id", "name", "purchasable", "limits": {key: n or null}}], in plan
 * order: what GET /v1/plans answers. */
JsonNode   *kt_plans_to_json       (const KtPlan *plans);
/* One plan's limits as {key: n or null}. */
JsonNode   *kt_plan_limits_to_json (const KtPlan *plan);

G_END_DECLS
