/* kt-pg-records.h: reading synced records as JSON for the REST API
 *
 * Every row keeps its JSON (kt_json), so a page costs one index scan.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kt-pg.h"
#include "kt-pg-schema.h"

G_BEGIN_DECLS

#define KT_LIST_DEFAULT_PER_PAGE 50
#define KT_LIST_MAX_PER_PAGE 500

typedef struct {
  guint        page;       /* from 1 */
  guint        per_page;
  const char  *sort;       /* field, "-field" for descending; NULL: default */
  const char  *search;     /* text; NULL: none */
  GHashTable  *filters;    /* field -> value; may be NULL */
} KtListQuery;

/* {"items": [...], "page": 1, "per_page": 50, "has_more": false}. Errors
 * name the bad parameter (sort or filter field, value type). */
char *kt_pg_records_list (KtPg              *pg,
                          const KtPgTable   *table,
                          const char        *org_id,
                          const KtListQuery *query,
                          GError           **error);
/* One live record as JSON, or NULL with a 404 error. */
char *kt_pg_records_get  (KtPg              *pg,
                          const KtPgTable   *table,
                          const char        *org_id,
                          const char        *id,
                          GError           **error);

G_END_DECLS
