/* kt-billing-pane.h: the Billing section
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "kt-context.h"

G_BEGIN_DECLS

#define KT_TYPE_BILLING_PANE (kt_billing_pane_get_type ())

G_DECLARE_FINAL_TYPE (KtBillingPane, kt_billing_pane, KT, BILLING_PANE, GtkWidget)

/* Opens @uri for the person (Stripe's Checkout or portal page). */
typedef void (*KtUriLauncher) (GtkWidget  *widget,
                               const char *uri,
                               gpointer    user_data);

GtkWidget  *kt_billing_pane_new              (KtContext     *context);
void        kt_billing_pane_refresh          (KtBillingPane *self);
void        kt_billing_pane_set_uri_launcher (KtBillingPane *self,
                                              KtUriLauncher  launcher,
                                              gpointer       user_data);
const char *kt_billing_pane_get_plan         (KtBillingPane *self);
const char *kt_billing_pane_get_notice       (KtBillingPane *self);
gboolean    kt_billing_pane_get_busy         (KtBillingPane *self);
gboolean    kt_billing_pane_get_checkout_pending (KtBillingPane *self);
void        kt_billing_pane_upgrade          (KtBillingPane *self,
                                              const char    *plan);

G_END_DECLS
