/* kt-billing-client.h: the billing API of the sync server, for the
 * Billing pane
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "kt-sync-engine.h"

G_BEGIN_DECLS

/* The store meta key of the organization's subscription as the last pull
 * or GET /v1/billing brought it (docs/billing.md): read-only, replaced
 * whole, so it shows the plan offline and to every member. */
#define KT_BILLING_META_SUBSCRIPTION "billing.subscription"
/* The last answer of GET /v1/billing (usage and the plans' limits), for
 * the meters offline. Owners and admins only ever have one. */
#define KT_BILLING_META_CACHE "billing.cache"

/* The local changes the server refused with plan_limit and this store
 * kept (docs/billing.md, "Over the limit"): a JSON array of {"entity",
 * "record_id", "title", "field", "message"}. */
#define KT_BILLING_META_OVER_LIMIT "billing.over_limit"

/* How long a pending Checkout makes the engine sync quickly, and how
 * often: the webhook usually lands within seconds of the payment. */
#define KT_BILLING_CHECKOUT_WATCH_SECONDS 600
#define KT_BILLING_CHECKOUT_POLL_SECONDS  5

JsonObject *kt_billing_load_subscription (KtStore     *store);
JsonObject *kt_billing_load_cache        (KtStore     *store);
gboolean    kt_billing_save_subscription (KtStore     *store,
                                          JsonObject  *subscription,
                                          GError     **error);

JsonArray  *kt_billing_load_over_limit   (KtStore     *store);
gboolean    kt_billing_is_over_limit     (KtStore     *store,
                                          const char  *entity,
                                          const char  *record_id);
gboolean    kt_billing_keep_over_limit   (KtStore     *store,
                                          const char  *entity,
                                          const char  *record_id,
                                          const char  *title,
                                          const char  *field,
                                          const char  *message,
                                          GError     **error);
gboolean    kt_billing_requeue_over_limit (KtStore    *store,
                                           GError    **error);

/* GET /v1/billing; caches the answer. Finishes with it (transfer full). */
void        kt_billing_refresh_async     (KtSyncEngine        *engine,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data);
JsonObject *kt_billing_refresh_finish    (KtSyncEngine        *engine,
                                          GAsyncResult        *result,
                                          GError             **error);

/* POST /v1/billing/@action ("checkout", "portal", "cancel" or "resume");
 * @plan only for "checkout". Finishes with the answer (transfer full):
 * {"url"} for checkout and portal. A checkout makes the engine sync
 * quickly for a while, so the plan shows when the webhook lands. */
void        kt_billing_post_async        (KtSyncEngine        *engine,
                                          const char          *action,
                                          const char          *plan,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data);
JsonObject *kt_billing_post_finish       (KtSyncEngine        *engine,
                                          GAsyncResult        *result,
                                          GError             **error);

G_END_DECLS
