/* kt-route-billing.c: plans, the organization's subscription, Checkout,
 * and Stripe's webhook (docs/billing.md)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-route-billing"

#include "config.h"

#include <glib/gi18n.h>

#include "kt-routes.h"
#include "kt-server-error.h"

/* GET /v1/plans: the plans with their limits, for anyone (a pricing
 * page needs no account); the Stripe prices stay on the server. */
gboolean
kt_route_plans (KtRequest *req,
                GError   **error)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "plans");
  json_builder_add_value (b, kt_plans_to_json (req->config->plans));
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  kt_request_respond_json (req, 200, root);
  return TRUE;
}
