/* kt-store-owners.h: who owns deals
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kt-store.h"

G_BEGIN_DECLS

/* The distinct owners (user ids) of the deals of @pipeline_id (NULL: all),
 * for the board's owner filter; at most @limit, sorted. */
GStrv kt_store_owners_of_deals (KtStore    *store,
                                const char *pipeline_id,
                                guint       limit,
                                GError    **error);

G_END_DECLS
