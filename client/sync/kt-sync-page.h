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

/* The cursor of a page that opens as kantora-server writes it,
 * {"cursor":N,"head":N,"has_more":true, read from its first
 * KT_SYNC_PAGE_PEEK_SIZE bytes (@len of them at @text, not
 * NUL-terminated), so that the next page can be asked for before this one
 * is read. Anything else (another member order, white space, no more
 * pages) is FALSE: the page's full reading then decides. The puller
 * checks that the two agree. */
#define KT_SYNC_PAGE_PEEK_SIZE 95
gboolean    kt_sync_page_peek_cursor (const char *text,
                                      gsize       len,
                                      gint64     *out_cursor);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KtSyncPage, kt_sync_page_free)

G_END_DECLS
