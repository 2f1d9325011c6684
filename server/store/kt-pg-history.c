/* kt-pg-history.c: a record's change log, for people
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-pg-history"

#include "config.h"

#include <glib/gi18n.h>

#include "kt-pg-history.h"
#include "kt-pg-records.h"

/* One row per entry of the page (one more than asked: has_more). "kind"
 * comes from the tombstone before and after; "old" is the value the
 * field had in the record's latest earlier entry that wrote it (NULL when
 * none did: the field was unset). Secret fields never enter the log. */
#define HISTORY_SQL \
  "WITH h AS (" \
  " SELECT c.org_id, c.entity, c.record_id, c.seq, c.hlc, c.deleted, c.fields, c.user_id, c.created_at," \
  "  lag (c.deleted) OVER (ORDER BY c.seq) AS prev_deleted," \
  "  row_number () OVER (ORDER BY c.seq) AS n" \
  " FROM change_log c" \
  " WHERE c.org_id = $1::uuid AND c.entity = $2 AND c.record_id = $3::uuid) " \
  "SELECT json_build_object (" \
  " 'seq', h.seq," \
  " 'at', to_char (h.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')," \
  " 'hlc', h.hlc," \
  " 'kind', CASE WHEN h.n = 1 THEN 'created'" \
  "              WHEN h.deleted AND NOT h.prev_deleted THEN 'deleted'" \
  "              WHEN NOT h.deleted AND h.prev_deleted THEN 'restored'" \
  "              ELSE 'updated' END," \
  " 'author', CASE WHEN h.user_id IS NULL THEN NULL" \
  "                ELSE json_build_object ('id', h.user_id, 'name', u.full_name) END," \
  " 'changes', (SELECT coalesce (json_agg (json_build_object (" \
  "     'field', k," \
  "     'old', (SELECT p.fields -> k FROM change_log p" \
  "             WHERE p.org_id = h.org_id AND p.entity = h.entity AND p.record_id = h.record_id" \
  "             AND p.seq < h.seq AND p.fields ? k ORDER BY p.seq DESC LIMIT 1)," \
  "     'new', h.fields -> k) ORDER BY k), '[]')" \
  "   FROM jsonb_object_keys (h.fields) AS k))::text " \
  "FROM h LEFT JOIN users u ON u.id = h.user_id " \
  "ORDER BY h.seq DESC LIMIT $4::integer OFFSET $5::bigint"

char *
kt_pg_history_list (KtPg            *pg,
                    const KtPgTable *table,
                    const char      *org_id,
                    const char      *id,
                    guint            page,
                    guint            per_page,
                    GError         **error)
{
  g_autofree char *record = NULL;
  g_autofree char *limit = NULL;
  g_autofree char *offset = NULL;
  g_autoptr(PGresult) res = NULL;
  g_autoptr(GString) out = NULL;
  const char *params[5];
  guint rows;

  g_return_val_if_fail (pg != NULL && table != NULL, NULL);
  g_return_val_if_fail (page >= 1 && per_page >= 1, NULL);

  /* Who may read the record may read its history, and only then: the
   * same lookup as GET /v1/<plural>/{id} (another organization's id, a
   * deleted or unknown one: 404). */
  record = kt_pg_records_get (pg, table, org_id, id, error);
  if (record == NULL)
    return NULL;

  limit = g_strdup_printf ("%u", per_page + 1);
  offset = g_strdup_printf ("%" G_GUINT64_FORMAT, (guint64) (page - 1) * per_page);
  params[0] = org_id;
  params[1] = table->entity->name;
  params[2] = id;
  params[3] = limit;
  params[4] = offset;
  res = kt_pg_exec (pg, "history_list", HISTORY_SQL, 5, params, error);
  if (res == NULL)
    return NULL;

  rows = (guint) PQntuples (res);
  out = g_string_sized_new (256 + 256 * MIN (rows, per_page));
  g_string_append (out, "{\"items\":[");
  for (guint i = 0; i < MIN (rows, per_page); i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      g_string_append (out, PQgetvalue (res, (int) i, 0));
    }
  g_string_append_printf (out, "],\"page\":%u,\"per_page\":%u,\"has_more\":%s}",
                          page, per_page, rows > per_page ? "true" : "false");
  return g_string_free (g_steal_pointer (&out), FALSE);
}
