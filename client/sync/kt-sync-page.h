/* kt-sync-page.h: a pulled page read straight from its text
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kt-store-sync.h"
#include "kt-sync-engine-private.h"

G_BEGIN_DECLS

typedef struct {
  KtSyncPageHeader header;    /* members and subscription: trees owned by the page */
  GArray          *changes;   /* (element-type KtSyncChange): record NULL, members set */
  /* private */
  char            *arena;
  gsize            arena_size;
  GArray          *members;
  GArray          *nested;
  JsonNode        *members_node;
  JsonNode        *subscription_node;
} KtSyncPage;

KtSyncPage *kt_sync_page_read (KtSyncPage *reuse,
                               const char *data,
                               gsize       len);
void        kt_sync_page_free (KtSyncPage *page);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KtSyncPage, kt_sync_page_free)

G_END_DECLS
