/* kt-store-positions.c: where a deal sits in its stage column
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-store-positions"

#include "config.h"

#include <glib/gi18n.h>
#include <sqlite3.h>

#include "kt-store-positions.h"
#include "kt-store-private.h"

/* Runs @sql, "SELECT MAX|MIN(position), COUNT(*)" over the column of
 * @stage_id and @status (":a", ":b"), with @exclude_id and @position
 * bound where it names ":c" and ":p". */
static gboolean
column_position (KtStore     *store,
                 const char  *sql,
                 const char  *stage_id,
                 const char  *status,
                 const char  *exclude_id,
                 gint64       position,
                 gint64      *out_position,
                 gboolean    *out_found,
                 GError     **error)
{
  sqlite3 *db = kt_store_get_db (store);
  sqlite3_stmt *stmt;
  int idx, rc;

  if (!(stmt = kt_store_prepare_once (db, sql, _("Could not read the records"), error)))
    return FALSE;
  kt_store_bind_text_named (stmt, ":a", stage_id);
  kt_store_bind_text_named (stmt, ":b", status);
  kt_store_bind_text_named (stmt, ":c", exclude_id);
  if ((idx = sqlite3_bind_parameter_index (stmt, ":p")) > 0)
    sqlite3_bind_int64 (stmt, idx, position);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *out_found = sqlite3_column_int64 (stmt, 1) > 0;
      *out_position = sqlite3_column_int64 (stmt, 0);
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_ROW)
    {
      /* A sentence for the person; SQLite's words go to the debug log. */
      kt_store_set_sqlite_error (error, db, rc, _("Could not read the records"));
      return FALSE;
    }
  return TRUE;
}

gboolean
kt_store_positions_last (KtStore    *store,
                         const char *stage_id,
                         const char *status,
                         gint64     *out_position,
                         gboolean   *out_found,
                         GError    **error)
{
  g_return_val_if_fail (KT_IS_STORE (store), FALSE);
  g_return_val_if_fail (stage_id != NULL && status != NULL, FALSE);
  g_return_val_if_fail (out_position != NULL && out_found != NULL, FALSE);

  return column_position (store,
                          "SELECT MAX(position), COUNT(*) FROM deals WHERE +deleted = 0 "
                          "AND stage_id = :a AND status = :b",
                          stage_id, status, NULL, 0, out_position, out_found, error);
}

gboolean
kt_store_positions_adjacent (KtStore    *store,
                             const char *stage_id,
                             const char *status,
                             const char *exclude_id,
                             gint64      position,
                             gboolean    above,
                             gint64     *out_position,
                             gboolean   *out_found,
                             GError    **error)
{
  g_return_val_if_fail (KT_IS_STORE (store), FALSE);
  g_return_val_if_fail (stage_id != NULL && status != NULL, FALSE);
  g_return_val_if_fail (out_position != NULL && out_found != NULL, FALSE);

  return column_position (store, above
                          ? "SELECT MAX(position), COUNT(*) FROM deals WHERE +deleted = 0 "
                            "AND stage_id = :a AND status = :b AND id IS NOT :c AND position < :p"
                          : "SELECT MIN(position), COUNT(*) FROM deals WHERE +deleted = 0 "
                            "AND stage_id = :a AND status = :b AND id IS NOT :c AND position > :p",
                          stage_id, status, exclude_id, position, out_position, out_found, error);
}

static char *
neighbour (sqlite3     *db,
           const char  *sql,
           const char  *deal_id,
           GError     **error)
{
  sqlite3_stmt *stmt = kt_store_prepare_once (db, sql, _("Could not read the records"), error);
  char *id = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;
  kt_store_bind_text_named (stmt, ":a", deal_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    id = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  else if (rc != SQLITE_DONE)
    kt_store_set_sqlite_error (error, db, rc, _("Could not read the records"));
  sqlite3_finalize (stmt);
  return id;
}

gboolean
kt_store_positions_neighbours (KtStore    *store,
                               const char *deal_id,
                               char      **out_prev_id,
                               char      **out_next_id,
                               GError    **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *prev = NULL;
  g_autofree char *next = NULL;
  sqlite3 *db;

  g_return_val_if_fail (KT_IS_STORE (store), FALSE);
  g_return_val_if_fail (deal_id != NULL, FALSE);

  db = kt_store_get_db (store);
  /* Row values compare (position, id) as the board orders them, so deals
   * sharing a position still have one well-defined neighbour each side. */
  prev = neighbour (db,
                    "SELECT o.id FROM deals o JOIN deals d ON d.id = :a "
                    "WHERE +o.deleted = 0 AND o.stage_id = d.stage_id AND o.status = d.status "
                    "AND (COALESCE(o.position, 0), o.id) < (COALESCE(d.position, 0), d.id) "
                    "ORDER BY COALESCE(o.position, 0) DESC, o.id DESC LIMIT 1",
                    deal_id, &local_error);
  if (local_error == NULL)
    next = neighbour (db,
                      "SELECT o.id FROM deals o JOIN deals d ON d.id = :a "
                      "WHERE +o.deleted = 0 AND o.stage_id = d.stage_id AND o.status = d.status "
                      "AND (COALESCE(o.position, 0), o.id) > (COALESCE(d.position, 0), d.id) "
                      "ORDER BY COALESCE(o.position, 0), o.id LIMIT 1",
                      deal_id, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (out_prev_id != NULL)
    *out_prev_id = g_steal_pointer (&prev);
  if (out_next_id != NULL)
    *out_next_id = g_steal_pointer (&next);
  return TRUE;
}
