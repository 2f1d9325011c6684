/* kt-billing-private.h: what kt-billing.c and kt-billing-stripe.c share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kt-billing.h"

G_BEGIN_DECLS

struct _KtBilling {
  const KtServerConfig *config;   /* the server's, outlives this */
  char                 *secret_key;
  char                **webhook_secrets;
};

G_END_DECLS
