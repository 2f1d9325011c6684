/* kt-record-list-private.h: what the tests look at inside KtRecordList
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kt-record-list.h"

G_BEGIN_DECLS

/* Rows per page and pages kept. A page is about a screenful: a list's
 * first paint (a new search on every keystroke) reads one page, and
 * making a row a KtRecord is most of a search's cost
 * (docs/performance.md); 16 pages keep 800 rows. */
#define KT_RECORD_LIST_PAGE_SIZE 50
#define KT_RECORD_LIST_MAX_PAGES 16

/* How many rows the list has read from the store since it was made. */
guint64 kt_record_list_get_rows_fetched (KtRecordList *self);

G_END_DECLS
