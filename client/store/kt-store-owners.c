/* kt-store-owners.c: who owns deals
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-store-owners"

#include "config.h"

#include <glib/gi18n.h>
#include <sqlite3.h>

#include "kt-store-owners.h"
#include "kt-store-private.h"

GStrv
kt_store_owners_of_deals (KtStore    *store,
                          const char *pipeline_id,
                          guint       limit,
                          GError    **error)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  sqlite3 *db;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (KT_IS_STORE (store), NULL);

  db = kt_store_get_db (store);
  /* One seek in deals_owners per owner, to the first live deal past the
   * last owner found: a team has a few owners and 100,000 deals, which a
   * DISTINCT read one by one (150 ms at 100,000, 500 ms at 200,000 on a
   * loaded machine, on the main loop as the board opens). */
  if (!(stmt = kt_store_prepare_once (db,
                                      "WITH RECURSIVE o (id) AS ("
                                      " SELECT (SELECT min (owner_id) FROM deals WHERE deleted = 0"
                                      "  AND owner_id IS NOT NULL AND (:a IS NULL OR pipeline_id = :a))"
                                      " UNION ALL"
                                      " SELECT (SELECT min (owner_id) FROM deals WHERE deleted = 0"
                                      "  AND owner_id > o.id AND (:a IS NULL OR pipeline_id = :a))"
                                      " FROM o WHERE o.id IS NOT NULL)"
                                      " SELECT id FROM o WHERE id IS NOT NULL LIMIT :limit",
                                      _("Could not read the records"), error)))
    return NULL;
  kt_store_bind_text_named (stmt, ":a", pipeline_id);
  sqlite3_bind_int64 (stmt, sqlite3_bind_parameter_index (stmt, ":limit"), limit);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_strv_builder_add (builder, (const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      kt_store_set_sqlite_error (error, db, rc, _("Could not read the records"));
      return NULL;
    }
  return g_strv_builder_end (builder);
}
