/* kt-record-list.h: a GListModel of records that pages from the store
 *
 * The list knows its length from one COUNT query and fetches records in
 * pages as they are asked for, keeping a bounded cache, so a view over
 * 100,000 contacts never loads them all. It reloads when the store says
 * the entity changed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "kt-store.h"

G_BEGIN_DECLS

#define KT_TYPE_RECORD_LIST (kt_record_list_get_type ())
G_DECLARE_FINAL_TYPE (KtRecordList, kt_record_list, KT, RECORD_LIST, GObject)

/* Items are KtRecord. Takes a copy of @query. */
KtRecordList *kt_record_list_new        (KtStore *store, const KtQuery *query);
/* Replace the query (search text as you type, a new sort...). */
void          kt_record_list_set_query  (KtRecordList *self, const KtQuery *query);
const KtQuery *kt_record_list_get_query (KtRecordList *self);
KtStore      *kt_record_list_get_store  (KtRecordList *self);

G_END_DECLS
