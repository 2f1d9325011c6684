/* kt-store-search-saved.c: lists' orders saved in the store file
 *
 * A plain list pages from its order (kt-store-search.c), the live rows'
 * rowids in the list's ORDER BY, and reading that order walks the whole
 * sort index: about 140 ms at a million contacts, which a far page of a
 * list just opened (End, the scroll bar dragged down) waited for. So the
 * order of a long list is also saved in the file, in chunks of
 * CHUNK_ROWS rowids: a far page read cold is the read of one or two
 * chunks, and the worker that reads a list's order ahead reads the
 * chunks (4 bytes a row) instead of the index.
 *
 * A saved order is valid for one state of its table: it carries the
 * value of live_counts.changes it was saved at, and the triggers of the
 * table move that value in the same transaction as every write that can
 * change the live rows' order (INSERT or DELETE of a live row, any
 * UPDATE of a live row, a row in or out of the live ones; schema version
 * 14). Any connection's or process's write, even one of sqlite3 or of
 * a Kantora without this code, makes it stale; a rolled back write
 * rolls the counter back with it. Nothing is ever read from a stale
 * order: it is written again by the process that reads the order next
 * (kt-store-search.c, save_orders()).
 *
 * The list's ORDER BY text is part of the key, and FORMAT is bumped when
 * the same text would sort differently (the collation changed).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-store"

#include "config.h"

#include <string.h>

#include "kt-store-search-saved.h"

/* 1,000 rowids of 4 bytes: a chunk and its row header fit in one 4 KiB
 * page, and a page of 200 rows is in one or two chunks. */
#define CHUNK_ROWS 1000
#define FORMAT 1

static gint64
chunk_id (gint64 list_id,
          guint  chunk)
{
  return (list_id << 32) | chunk;
}

static int
prepare (sqlite3       *db,
         const char    *sql,
         sqlite3_stmt **out_stmt)
{
  return sqlite3_prepare_v2 (db, sql, -1, out_stmt, NULL);
}

/* The id and length of the saved order, when it is valid: 0 when not. */
static int
find_valid (sqlite3        *db,
            const KtEntity *entity,
            const char     *order_sql,
            gint64         *out_id,
            guint          *out_n_rows)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  *out_id = 0;
  *out_n_rows = 0;
  rc = prepare (db,
                "SELECT o.id, o.n_rows FROM list_orders o, live_counts c "
                "WHERE o.entity = ?1 AND o.order_sql = ?2 AND o.format = ?3 "
                "AND c.entity = o.entity AND c.changes = o.changes",
                &stmt);
  if (rc != SQLITE_OK)
    return rc;
  sqlite3_bind_text (stmt, 1, entity->plural, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, order_sql, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 3, FORMAT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      gint64 n_rows = sqlite3_column_int64 (stmt, 1);

      if (n_rows >= 0 && n_rows < G_MAXUINT32)
        {
          *out_id = sqlite3_column_int64 (stmt, 0);
          *out_n_rows = (guint)n_rows;
        }
      rc = SQLITE_OK;
    }
  else if (rc == SQLITE_DONE)
    rc = SQLITE_OK;
  sqlite3_finalize (stmt);

  return rc;
}

int
kt_saved_order_read (sqlite3        *db,
                     const KtEntity *entity,
                     const char     *order_sql,
                     guint           first,
                     guint           end,
                     GArray        **out_rowids,
                     guint          *out_n_rows)
{
  g_autoptr(GArray) rowids = NULL;
  sqlite3_stmt *stmt = NULL;
  guint first_chunk, last_chunk, next;
  gboolean whole = TRUE;
  gint64 id;
  int rc;

  *out_rowids = NULL;
  rc = find_valid (db, entity, order_sql, &id, out_n_rows);
  if (rc != SQLITE_OK || id == 0)
    return rc;

  end = MIN (end, *out_n_rows);
  first = MIN (first, end);
  rowids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), end - first);
  if (first == end)
    {
      *out_rowids = g_steal_pointer (&rowids);
      return SQLITE_OK;
    }

  first_chunk = first / CHUNK_ROWS;
  last_chunk = (end - 1) / CHUNK_ROWS;
  rc = prepare (db, "SELECT id, rowids FROM list_order_chunks WHERE id BETWEEN ?1 AND ?2 ORDER BY id",
                &stmt);
  if (rc != SQLITE_OK)
    return rc;
  sqlite3_bind_int64 (stmt, 1, chunk_id (id, first_chunk));
  sqlite3_bind_int64 (stmt, 2, chunk_id (id, last_chunk));

  /* Each chunk must be there and as long as the length says: one that
   * is not (the file damaged by hand) leaves the order to the index. */
  next = first_chunk;
  while (whole && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const guint8 *bytes = sqlite3_column_blob (stmt, 1);
      guint chunk_first = next * CHUNK_ROWS;
      guint chunk_len = MIN (CHUNK_ROWS, *out_n_rows - chunk_first);
      guint from = MAX (first, chunk_first) - chunk_first;
      guint to = MIN (end, chunk_first + chunk_len) - chunk_first;

      if (sqlite3_column_int64 (stmt, 0) != chunk_id (id, next) ||
          sqlite3_column_bytes (stmt, 1) != (int)(chunk_len * 4))
        {
          whole = FALSE;
          break;
        }
      for (guint i = from; i < to; i++)
        {
          guint32 le;
          gint64 rowid;

          /* SQLite's blob need not be aligned for a guint32. */
          memcpy (&le, bytes + i * 4, sizeof le);
          rowid = (gint64)GUINT32_FROM_LE (le);
          g_array_append_val (rowids, rowid);
        }
      next++;
    }
  if (rc == SQLITE_ROW || rc == SQLITE_DONE)
    rc = SQLITE_OK;
  sqlite3_finalize (stmt);
  if (rc != SQLITE_OK)
    return rc;

  if (whole && next == last_chunk + 1 && rowids->len == end - first)
    *out_rowids = g_steal_pointer (&rowids);
  else
    g_debug ("The saved order of %s is damaged; reading it from the index", entity->plural);
  return SQLITE_OK;
}

int
kt_saved_order_write (sqlite3        *db,
                      const KtEntity *entity,
                      const char     *order_sql,
                      const gint64   *rowids,
                      guint           n_rows)
{
  g_autofree guint32 *chunk = g_new (guint32, CHUNK_ROWS);
  sqlite3_stmt *stmt = NULL;
  gint64 changes = 0;
  gint64 id = 0;
  int rc;

  /* Rowids are dense and count up from 1 (kt-store-search.c keeps no
   * order of sparser ones), so 32 bits hold them. */
  for (guint i = 0; i < n_rows; i++)
    if (rowids[i] < 0 || rowids[i] > G_MAXUINT32)
      return SQLITE_RANGE;

  rc = prepare (db, "SELECT changes FROM live_counts WHERE entity = ?1", &stmt);
  if (rc != SQLITE_OK)
    return rc;
  sqlite3_bind_text (stmt, 1, entity->plural, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    changes = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  if (rc != SQLITE_ROW)
    return rc == SQLITE_DONE ? SQLITE_NOTFOUND : rc;

  rc = prepare (db,
                "INSERT INTO list_orders (entity, order_sql, format, changes, n_rows) "
                "VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (entity, order_sql) DO UPDATE SET "
                "format = excluded.format, changes = excluded.changes, n_rows = excluded.n_rows "
                "RETURNING id",
                &stmt);
  if (rc != SQLITE_OK)
    return rc;
  sqlite3_bind_text (stmt, 1, entity->plural, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, order_sql, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 3, FORMAT);
  sqlite3_bind_int64 (stmt, 4, changes);
  sqlite3_bind_int64 (stmt, 5, n_rows);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    id = sqlite3_column_int64 (stmt, 0);
  /* RETURNING's row is written when the statement finishes. */
  while (rc == SQLITE_ROW)
    rc = sqlite3_step (stmt);
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    return rc;
  if (id <= 0 || id > G_MAXINT32)
    return SQLITE_RANGE;

  rc = prepare (db, "DELETE FROM list_order_chunks WHERE id BETWEEN ?1 AND ?2", &stmt);
  if (rc != SQLITE_OK)
    return rc;
  sqlite3_bind_int64 (stmt, 1, chunk_id (id, 0));
  sqlite3_bind_int64 (stmt, 2, chunk_id (id, G_MAXUINT32));
  rc = sqlite3_step (stmt);
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    return rc;

  rc = prepare (db, "INSERT INTO list_order_chunks (id, rowids) VALUES (?1, ?2)", &stmt);
  if (rc != SQLITE_OK)
    return rc;
  for (guint c = 0; (guint64)c * CHUNK_ROWS < n_rows && rc == SQLITE_OK; c++)
    {
      guint len = MIN (CHUNK_ROWS, n_rows - c * CHUNK_ROWS);

      for (guint i = 0; i < len; i++)
        chunk[i] = GUINT32_TO_LE ((guint32)rowids[c * CHUNK_ROWS + i]);
      sqlite3_bind_int64 (stmt, 1, chunk_id (id, c));
      sqlite3_bind_blob (stmt, 2, chunk, (int)(len * 4), SQLITE_STATIC);
      rc = sqlite3_step (stmt);
      sqlite3_reset (stmt);
      rc = rc == SQLITE_DONE ? SQLITE_OK : rc;
    }
  sqlite3_finalize (stmt);

  return rc;
}
