/* kt-plan.c: the billing plans and their limits
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-plan"

#include "config.h"

#include <glib/gi18n.h>
#include <gio/gio.h>

#include "kt-plan.h"

static const char * const plan_keys[KT_PLAN_COUNT] = {
  "free", "starter", "professional", "enterprise",
};

/* The names in the config file use dashes, as its other keys do; the
 * API's use underscores, as its JSON members do. */
static const char * const limit_keys[KT_LIMIT_COUNT] = {
  "members", "contacts", "deals", "invoices_per_month", "ai_messages_per_month", "templates",
};
static const char * const limit_file_keys[KT_LIMIT_COUNT] = {
  "members", "contacts", "deals", "invoices-per-month", "ai-messages-per-month", "templates",
};

/* Free keeps what registration has always written (3 members, 1000
 * contacts, 50 AI messages); the paid plans grow by about ten times a
 * step, and Enterprise has no bounds. The names are product names, the
 * same in every language, and the config file may change them. */
static const struct {
  const char *name;
  gint64      limits[KT_LIMIT_COUNT];
} defaults[KT_PLAN_COUNT] = {
  { "Free", { 3, 1000, 100, 20, 50, 1 } },
  { "Starter", { 5, 10000, 1000, 200, 500, 5 } },
  { "Professional", { 25, 100000, 10000, 2000, 5000, 50 } },
  { "Enterprise", { KT_PLAN_UNLIMITED, KT_PLAN_UNLIMITED, KT_PLAN_UNLIMITED,
                        KT_PLAN_UNLIMITED, KT_PLAN_UNLIMITED, KT_PLAN_UNLIMITED } },
};

const char *
kt_plan_key (KtPlanId plan)
{
  g_return_val_if_fail (plan < KT_PLAN_COUNT, NULL);
  return plan_keys[plan];
}

gboolean
kt_plan_from_key (const char *key,
                  KtPlanId   *out)
{
  for (guint i = 0; key != NULL && i < KT_PLAN_COUNT; i++)
    if (g_str_equal (key, plan_keys[i]))
      {
        *out = (KtPlanId) i;
        return TRUE;
      }
  return FALSE;
}

static const char * const limit_labels[KT_LIMIT_COUNT] = {
  N_("members"), N_("contacts"), N_("deals"), N_("invoices a month"), N_("AI messages a month"),
  N_("templates"),
};

const char *
kt_limit_label (KtLimit limit)
{
  g_return_val_if_fail (limit < KT_LIMIT_COUNT, NULL);
  return _(limit_labels[limit]);
}

const char *
kt_limit_key (KtLimit limit)
{
  g_return_val_if_fail (limit < KT_LIMIT_COUNT, NULL);
  return limit_keys[limit];
}

void
kt_plans_init_defaults (KtPlan *plans)
{
  for (guint i = 0; i < KT_PLAN_COUNT; i++)
    {
      plans[i].name = g_strdup (defaults[i].name);
      plans[i].stripe_price_id = NULL;
      for (guint l = 0; l < KT_LIMIT_COUNT; l++)
        plans[i].limits[l] = defaults[i].limits[l];
    }
}

void
kt_plans_clear (KtPlan *plans)
{
  for (guint i = 0; i < KT_PLAN_COUNT; i++)
    {
      g_clear_pointer (&plans[i].name, g_free);
      g_clear_pointer (&plans[i].stripe_price_id, g_free);
    }
}

gboolean
kt_plans_find_price (const KtPlan *plans,
                     const char   *price_id,
                     KtPlanId     *out)
{
  for (guint i = 0; price_id != NULL && i < KT_PLAN_COUNT; i++)
    if (g_strcmp0 (plans[i].stripe_price_id, price_id) == 0)
      {
        *out = (KtPlanId) i;
        return TRUE;
      }
  return FALSE;
}

static gboolean
parse_limit (const char  *text,
             const char  *where,
             gint64      *out,
             GError     **error)
{
  guint64 number;

  if (g_ascii_strcasecmp (text, "unlimited") == 0)
    {
      *out = KT_PLAN_UNLIMITED;
      return TRUE;
    }
  if (!g_ascii_string_to_unsigned (text, 10, 0, G_MAXINT64, &number, NULL))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("%s: “%s” is neither a whole number nor “unlimited”"), where, text);
      return FALSE;
    }
  *out = (gint64) number;
  return TRUE;
}

gboolean
kt_plans_load_key_file (KtPlan      *plans,
                        GKeyFile    *file,
                        const char  *path,
                        GError     **error)
{
  for (guint i = 0; i < KT_PLAN_COUNT; i++)
    {
      g_autofree char *group = g_strdup_printf ("plan %s", plan_keys[i]);
      g_autofree char *name = NULL;
      g_autofree char *price = NULL;

      if (!g_key_file_has_group (file, group))
        continue;

      name = g_key_file_get_string (file, group, "name", NULL);
      if (name != NULL && *g_strstrip (name) != '\0')
        {
          g_free (plans[i].name);
          plans[i].name = g_steal_pointer (&name);
        }
      price = g_key_file_get_string (file, group, "stripe-price-id", NULL);
      if (price != NULL)
        {
          g_free (plans[i].stripe_price_id);
          plans[i].stripe_price_id = *g_strstrip (price) ? g_steal_pointer (&price) : NULL;
        }

      for (guint l = 0; l < KT_LIMIT_COUNT; l++)
        {
          g_autofree char *value = g_key_file_get_string (file, group, limit_file_keys[l], NULL);
          g_autofree char *where = NULL;

          if (value == NULL)
            continue;
          where = g_strdup_printf ("%s [%s] %s", path, group, limit_file_keys[l]);
          if (!parse_limit (g_strstrip (value), where, &plans[i].limits[l], error))
            return FALSE;
        }
    }

  for (guint i = 0; i < KT_PLAN_COUNT; i++)
    for (guint j = i + 1; j < KT_PLAN_COUNT; j++)
      if (plans[i].stripe_price_id != NULL &&
          g_strcmp0 (plans[i].stripe_price_id, plans[j].stripe_price_id) == 0)
        {
          /* A webhook names the price, not the plan: one price for two
           * plans could not tell which one was bought. */
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       _("%s [plan %s] stripe-price-id: the same price as [plan %s]"),
                       path, plan_keys[j], plan_keys[i]);
          return FALSE;
        }

  return TRUE;
}

JsonNode *
kt_plan_limits_to_json (const KtPlan *plan)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  for (guint l = 0; l < KT_LIMIT_COUNT; l++)
    {
      json_builder_set_member_name (b, limit_keys[l]);
      if (plan->limits[l] == KT_PLAN_UNLIMITED)
        json_builder_add_null_value (b);
      else
        json_builder_add_int_value (b, plan->limits[l]);
    }
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

JsonNode *
kt_plans_to_json (const KtPlan *plans)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_array (b);
  for (guint i = 0; i < KT_PLAN_COUNT; i++)
    {
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "id");
      json_builder_add_string_value (b, plan_keys[i]);
      json_builder_set_member_name (b, "name");
      json_builder_add_string_value (b, plans[i].name);
      /* The price id itself stays on the server: a client buys a plan by
       * its id (POST /v1/billing/checkout). */
      json_builder_set_member_name (b, "purchasable");
      json_builder_add_boolean_value (b, plans[i].stripe_price_id != NULL);
      json_builder_set_member_name (b, "limits");
      json_builder_add_value (b, kt_plan_limits_to_json (&plans[i]));
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  return json_builder_get_root (b);
}
