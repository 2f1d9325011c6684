/* kt-pg-history.h: a record's change log, for people
 *
 * Every write of a synced record, REST or sync push, appends a change-log
 * entry with the writer's user id (kt_pg_log_change()). The history of
 * one record is those entries, newest first, each with its author's name
 * and, per field, the value before (the field's value in the record's
 * previous entry that wrote it) and after.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kt-pg.h"
#include "kt-pg-schema.h"

G_BEGIN_DECLS

/* The page of @id's history as the API's JSON text:
 * {"items": [...], "page", "per_page", "has_more"}. The record must
 * exist (not deleted) in @org_id, else KT_SERVER_ERROR_NOT_FOUND.
 * (transfer full) */
char *kt_pg_history_list (KtPg            *pg,
                          const KtPgTable *table,
                          const char      *org_id,
                          const char      *id,
                          guint            page,
                          guint            per_page,
                          GError         **error);

G_END_DECLS
