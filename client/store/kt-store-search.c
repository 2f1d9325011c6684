/* kt-store-search.c: search pages from the FTS index and a cached order
 *
 * A search-as-you-type list wants the first page of a prefix's matches
 * in the list's order, and a two-letter prefix matches thousands of the
 * 100,000 contacts. Sorting the matches in SQL reads every matching row
 * for its sort key (about 0.7 µs a match, mostly B-tree descents into the
 * wide contacts table), and walking the sort index instead reads the
 * whole index when the matches sort late (docs/performance.md).
 *
 * So the store remembers, per entity and ORDER BY, the live rows' rowids
 * in that order and each rowid's rank, read once from the sort index
 * (about 6 ms for 100,000 contacts). A search then reads only the
 * matching rowids from the FTS index, marks their ranks in a bitmap,
 * takes the page's rowids from the bitmap in order and reads just those
 * rows. The match set is kept too, so the list's COUNT and its first
 * page share one pass over the index.
 *
 * Both are valid for one committed state of the file: they are stamped
 * with the connection's change count and PRAGMA data_version (which
 * moves when another connection commits), read in the same read
 * transaction as the data, and used only outside the caller's
 * transactions, whose changes could still be rolled back. The match set
 * is read again after any write. The order follows this connection's
 * writes instead: SQLite's update hook lists the rows written to its
 * table, and the next read moves each to where the order's own ORDER BY
 * puts it (update_order()), so a search after a save costs about what
 * one before it does, at any size. Another connection's commit, or more
 * written rows than are worth placing one by one, makes the next search
 * read the order again, unless it has so few matches that sorting them
 * in SQL is cheaper (SQL_SORT_RATIO).
 *
 * A plain list (no search, no filter) pages from the same order past
 * its first rows (kt_store_order_read()): its page at any offset is a
 * slice of the order, where OFFSET steps over every row before it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-store"

#include "config.h"

#include <glib/gi18n.h>

#include "kt-store-search.h"

/* Orders kept per store (entity and sort), least recently used first out. */
#define MAX_ORDERS 4

/* Sorting a match in SQL costs about 1 µs (a row lookup and the sorter),
 * ranking a row about 0.07 µs (a step along the sort index). So while the
 * order is not read, a search with fewer matches than 1/40 of the rows
 * sorts them in SQL (at most about a third of reading the order), and a
 * larger one reads the order, which then serves every search until the
 * next change. */
#define SQL_SORT_RATIO 40

/* Rowids are dense (an INTEGER PRIMARY KEY counts up from 1); a table with
 * far more rowid space than rows is left to SQL rather than given a huge
 * rank array. */
#define MAX_ROWID_SLACK 65536

typedef struct {
  gint64 changes;        /* sqlite3_total_changes64() of this connection */
  gint64 data_version;   /* PRAGMA data_version: other connections' commits */
} Stamp;

/* An order read on a worker thread, on a connection of its own. */
typedef struct {
  gint            ref_count;
  char           *path;
  const KtEntity *entity;
  char           *order_sql;
  GCancellable   *cancellable;
  GMutex          lock;
  GCond           cond;
  gboolean        done;
  GArray         *rowids;      /* the result; NULL when it failed */
} OrderJob;

typedef struct {
  const KtEntity *entity;
  char           *order_sql;
  Stamp           stamp;
  OrderJob       *job;         /* not NULL: still being read (no rows yet) */
  guint           n_rows;
  gint64         *rowids;      /* the live rows in order */
  gint64          max_rowid;
  guint32        *rank_of;     /* [rowid]: rank + 1; 0: not a live row */
  GArray         *written;     /* of gint64: rows of the table written since
                                * the stamp; NULL: too many to follow */
} SortOrder;

typedef struct {
  const KtEntity *entity;
  char           *match;
  Stamp           stamp;
  GArray         *rowids;      /* of gint64, the matches in rowid order */
} MatchSet;

typedef struct {
  GQueue    orders;            /* of SortOrder, most recently used first */
  MatchSet *matches;           /* the last search's */
} SearchCache;

static void add_order (KtStore   *self,
                       SortOrder *order);

static void
order_job_unref (OrderJob *job)
{
  if (!g_atomic_int_dec_and_test (&job->ref_count))
    return;

  g_free (job->path);
  g_free (job->order_sql);
  g_clear_object (&job->cancellable);
  g_clear_pointer (&job->rowids, g_array_unref);
  g_mutex_clear (&job->lock);
  g_cond_clear (&job->cond);
  g_free (job);
}

static void
sort_order_free (gpointer data)
{
  SortOrder *order = data;

  if (order->job != NULL)
    {
      /* The worker stops within a few thousand SQLite steps and drops
       * its own reference. */
      g_cancellable_cancel (order->job->cancellable);
      order_job_unref (order->job);
    }

  g_free (order->order_sql);
  g_free (order->rowids);
  g_free (order->rank_of);
  g_clear_pointer (&order->written, g_array_unref);
  g_free (order);
}

static void
match_set_free (MatchSet *set)
{
  if (set == NULL)
    return;

  g_free (set->match);
  g_array_unref (set->rowids);
  g_free (set);
}

static void
search_cache_free (gpointer data)
{
  SearchCache *cache = data;

  g_queue_clear_full (&cache->orders, sort_order_free);
  match_set_free (cache->matches);
  g_free (cache);
}

static G_DEFINE_QUARK (kt-store-search-cache, search_cache)

/* How many written rows an order follows before it is read again. Putting
 * a written row in its place costs about 20 comparisons of two rows (a
 * binary search, about 0.1 ms), reading the order about 0.15 µs a row, so
 * past about n / 1,000 written rows reading it again is cheaper. */
static guint
max_written (const SortOrder *order)
{
  return 64 + order->n_rows / 1024;
}

/* SQLite's update hook: every row this connection inserts, updates or
 * deletes, in any statement, committed or not. The store's writes (saves,
 * deletes, sync, imports) change the entity tables row by row, and their
 * triggers keep SQLite from the truncate optimization, the one kind of
 * delete the hook does not see; upserts are reported as updates. A row
 * written in a transaction that is rolled back is followed too, which
 * costs a look at it and is never wrong: the order is brought up to date
 * from what the rows are when it is next used, not from what was written. */
static void
on_row_written_cb (void          *data,
                   int            op,
                   const char    *db_name,
                   const char    *table,
                   sqlite3_int64  rowid)
{
  SearchCache *cache = data;

  for (GList *l = cache->orders.head; l != NULL; l = l->next)
    {
      SortOrder *order = l->data;
      gint64 written = rowid;

      if (order->written == NULL || strcmp (table, order->entity->plural) != 0)
        continue;

      if (order->written->len >= max_written (order))
        g_clear_pointer (&order->written, g_array_unref);
      else
        g_array_append_val (order->written, written);
    }
}

/* The cache rides on the store object: it belongs to the connection and
 * goes with it, and only this file looks at it. The store closes the
 * connection before its qdata goes, so the hook never sees a freed cache. */
static SearchCache *
get_cache (KtStore *self)
{
  GQuark quark = search_cache_quark ();
  SearchCache *cache;

  cache = g_object_get_qdata (G_OBJECT (self), quark);
  if (cache == NULL)
    {
      cache = g_new0 (SearchCache, 1);
      g_queue_init (&cache->orders);
      g_object_set_qdata_full (G_OBJECT (self), quark, cache, search_cache_free);
      sqlite3_update_hook (kt_store_get_db (self), on_row_written_cb, cache);
    }

  return cache;
}

static gboolean
stamp_equal (const Stamp *a,
             const Stamp *b)
{
  return a->changes == b->changes && a->data_version == b->data_version;
}

static gboolean
read_stamp (KtStore  *self,
            Stamp    *out,
            GError  **error)
{
  return kt_store_read_stamp (self, &out->changes, &out->data_version,
                              _("Could not search the records"), error);
}

static gboolean
read_matches (KtStore         *self,
              const KtEntity  *entity,
              const char      *match,
              GArray         **out_rowids,
              GError         **error)
{
  g_autofree char *sql = NULL;
  g_autoptr(GArray) rowids = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3_stmt *stmt;
  int rc;

  sql = g_strdup_printf ("SELECT rowid FROM \"%s_fts\" WHERE \"%s_fts\" MATCH ?1",
                         entity->plural, entity->plural);
  stmt = kt_store_prepare (self, sql, error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, match, -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 rowid = sqlite3_column_int64 (stmt, 0);

      g_array_append_val (rowids, rowid);
    }
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    {
      kt_store_set_sqlite_error (error, kt_store_get_db (self), rc,
                                 _("Could not search the records"));
      return FALSE;
    }

  *out_rowids = g_steal_pointer (&rowids);
  return TRUE;
}

/* The match set of @match in the current state, from the cache or the
 * index. Transfer none: valid until the next search. */
static GArray *
get_matches (KtStore         *self,
             const KtEntity  *entity,
             const char      *match,
             const Stamp     *stamp,
             GError         **error)
{
  SearchCache *cache = get_cache (self);
  MatchSet *set = cache->matches;
  GArray *rowids = NULL;

  if (set != NULL && set->entity == entity && stamp_equal (&set->stamp, stamp) &&
      g_str_equal (set->match, match))
    return set->rowids;

  if (!read_matches (self, entity, match, &rowids, error))
    return NULL;

  match_set_free (cache->matches);
  set = cache->matches = g_new0 (MatchSet, 1);
  set->entity = entity;
  set->match = g_strdup (match);
  set->stamp = *stamp;
  set->rowids = rowids;

  return set->rowids;
}

/* Makes @rowids (the live rows in order, taken) the rows of @order and
 * ranks them. FALSE when the rowids are too sparse to rank. */
static gboolean
order_set_rows (SortOrder *order,
                GArray    *rowids)
{
  gint64 max_rowid = 0;

  for (guint i = 0; i < rowids->len; i++)
    max_rowid = MAX (max_rowid, g_array_index (rowids, gint64, i));
  if (max_rowid > (gint64)rowids->len * 4 + MAX_ROWID_SLACK || rowids->len >= G_MAXUINT32)
    {
      g_array_unref (rowids);
      return FALSE;
    }

  g_free (order->rowids);
  g_free (order->rank_of);
  order->max_rowid = max_rowid;
  order->n_rows = rowids->len;
  order->rank_of = g_new0 (guint32, max_rowid + 1);
  for (guint i = 0; i < rowids->len; i++)
    {
      gint64 rowid = g_array_index (rowids, gint64, i);

      if (rowid >= 0)
        order->rank_of[rowid] = i + 1;
    }
  order->rowids = (gint64 *)(gpointer)g_array_free (rowids, FALSE);

  return TRUE;
}

/* The SQL of the live rows of @entity in the order of @order_sql: the
 * same FROM, WHERE and ORDER BY as the SQL path of kt_store_query(), so
 * the ranks are exactly its order, ties included. */
static char *
order_rowids_sql (const KtEntity *entity,
                  const char     *order_sql)
{
  return g_strdup_printf ("SELECT t.kt_rowid FROM \"%s\" t WHERE 1 AND t.deleted = 0%s",
                          entity->plural, order_sql);
}

/* Steps @stmt (order_rowids_sql()) to the end. */
static GArray *
step_order_rowids (sqlite3_stmt  *stmt,
                   int           *out_rc)
{
  g_autoptr(GArray) rowids = g_array_new (FALSE, FALSE, sizeof (gint64));

  while ((*out_rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 rowid = sqlite3_column_int64 (stmt, 0);

      g_array_append_val (rowids, rowid);
    }
  sqlite3_reset (stmt);

  return *out_rc == SQLITE_DONE ? g_steal_pointer (&rowids) : NULL;
}

static GArray *
read_order_rowids (KtStore         *self,
                   const KtEntity  *entity,
                   const char      *order_sql,
                   GError         **error)
{
  g_autofree char *sql = order_rowids_sql (entity, order_sql);
  sqlite3_stmt *stmt = kt_store_prepare (self, sql, error);
  GArray *rowids;
  int rc;

  if (stmt == NULL)
    return NULL;

  rowids = step_order_rowids (stmt, &rc);
  if (rowids == NULL)
    kt_store_set_sqlite_error (error, kt_store_get_db (self), rc,
                               _("Could not search the records"));
  return rowids;
}

static SortOrder *
sort_order_new (const KtEntity *entity,
                const char     *order_sql,
                const Stamp    *stamp)
{
  SortOrder *order = g_new0 (SortOrder, 1);

  order->entity = entity;
  order->order_sql = g_strdup (order_sql);
  order->stamp = *stamp;
  order->written = g_array_new (FALSE, FALSE, sizeof (gint64));
  return order;
}

/* Reads the live rows of @entity in the order of @order_sql. Returns
 * NULL without setting @error when the rowids are too sparse to rank. */
static SortOrder *
read_order (KtStore         *self,
            const KtEntity  *entity,
            const char      *order_sql,
            const Stamp     *stamp,
            GError         **error)
{
  GArray *rowids = read_order_rowids (self, entity, order_sql, error);
  SortOrder *order;

  if (rowids == NULL)
    return NULL;

  order = sort_order_new (entity, order_sql, stamp);
  if (!order_set_rows (order, rowids))
    {
      sort_order_free (order);
      return NULL;
    }

  return order;
}

static int
on_job_progress_cb (void *data)
{
  /* Non-zero makes SQLite stop the statement with SQLITE_INTERRUPT. */
  return g_cancellable_is_cancelled (data);
}

/* The worker: a read-only connection of its own (never one that could
 * create the file again, should the store be gone), read, close. */
static gpointer
order_job_run (gpointer data)
{
  OrderJob *job = data;
  g_autofree char *sql = order_rowids_sql (job->entity, job->order_sql);
  sqlite3_stmt *stmt = NULL;
  sqlite3 *db = NULL;
  GArray *rowids = NULL;
  int rc;

  rc = sqlite3_open_v2 (job->path, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc == SQLITE_OK)
    {
      kt_store_register_functions (db);
      sqlite3_busy_timeout (db, 5000);
      sqlite3_progress_handler (db, 1000, on_job_progress_cb, job->cancellable);
      rc = sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL);
    }
  if (rc == SQLITE_OK)
    rowids = step_order_rowids (stmt, &rc);
  if (rowids == NULL)
    g_debug ("Could not read the order of %s ahead: %s", job->entity->plural,
             db != NULL ? sqlite3_errmsg (db) : sqlite3_errstr (rc));
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  g_mutex_lock (&job->lock);
  job->rowids = rowids;
  job->done = TRUE;
  g_cond_broadcast (&job->cond);
  g_mutex_unlock (&job->lock);

  order_job_unref (job);
  return NULL;
}

/* Starts reading the order on a worker thread, so that a list's far
 * pages find it ready (reading it takes one step per live row: about
 * 0.2 s for a million contacts). The order is stamped with the state it
 * starts from; the worker's read sees that state or a later one of this
 * connection's commits, which the update hook lists meanwhile and
 * update_order() places again, so the result is brought up to date like
 * any order. Another connection's commit in between changes
 * data_version, and the result is read again instead. */
static void
start_order_job (KtStore         *self,
                 const KtEntity  *entity,
                 const char      *order_sql,
                 const Stamp     *stamp)
{
  const char *path = kt_store_get_path (self);
  SortOrder *order;
  OrderJob *job;

  if (path == NULL || !g_file_test (path, G_FILE_TEST_IS_REGULAR))
    return;

  job = g_new0 (OrderJob, 1);
  job->ref_count = 2;   /* the order's and the worker's */
  job->path = g_strdup (path);
  job->entity = entity;
  job->order_sql = g_strdup (order_sql);
  job->cancellable = g_cancellable_new ();
  g_mutex_init (&job->lock);
  g_cond_init (&job->cond);

  order = sort_order_new (entity, order_sql, stamp);
  order->job = job;
  add_order (self, order);

  g_thread_unref (g_thread_new ("kt-store-order", order_job_run, job));
}

/* Takes the worker's rows into @order, waiting for them if @wait. FALSE
 * while they are not there, or when the worker failed (order->job is
 * then NULL and the order has no rows). */
static gboolean
finish_order_job (SortOrder *order,
                  gboolean   wait)
{
  OrderJob *job = order->job;
  GArray *rowids;

  g_mutex_lock (&job->lock);
  while (wait && !job->done)
    g_cond_wait (&job->cond, &job->lock);
  if (!job->done)
    {
      g_mutex_unlock (&job->lock);
      return FALSE;
    }
  rowids = g_steal_pointer (&job->rowids);
  g_mutex_unlock (&job->lock);

  order->job = NULL;
  order_job_unref (job);
  return rowids != NULL && order_set_rows (order, rowids);
}

/* Comparing two rows asks SQLite with the order's own ORDER BY, so a
 * written row lands exactly where reading the order again would put it
 * (the collation, NULLs first, the id last). */
typedef struct {
  KtStore         *store;
  const SortOrder *order;
  sqlite3_stmt    *stmt;
  int              rc;        /* the first failure, or SQLITE_OK */
} RowCompare;

static gboolean
row_compare_init (RowCompare      *cmp,
                  KtStore         *self,
                  const SortOrder *order,
                  GError         **error)
{
  g_autofree char *sql = NULL;

  sql = g_strdup_printf ("SELECT t.kt_rowid FROM \"%s\" t WHERE t.kt_rowid IN (?1, ?2)%s LIMIT 1",
                         order->entity->plural, order->order_sql);
  cmp->store = self;
  cmp->order = order;
  cmp->rc = SQLITE_OK;
  cmp->stmt = kt_store_prepare (self, sql, error);
  return cmp->stmt != NULL;
}

/* Whether row @a sorts before row @b (both live). */
static gboolean
row_before (RowCompare *cmp,
            gint64      a,
            gint64      b)
{
  gint64 first = 0;
  int rc;

  sqlite3_bind_int64 (cmp->stmt, 1, a);
  sqlite3_bind_int64 (cmp->stmt, 2, b);
  rc = sqlite3_step (cmp->stmt);
  if (rc == SQLITE_ROW)
    first = sqlite3_column_int64 (cmp->stmt, 0);
  else if (cmp->rc == SQLITE_OK)
    cmp->rc = rc == SQLITE_DONE ? SQLITE_CORRUPT : rc;
  sqlite3_reset (cmp->stmt);

  return first == a;
}

static gint
compare_rowids (gconstpointer a,
                gconstpointer b)
{
  gint64 x = *(const gint64 *)a, y = *(const gint64 *)b;

  return x < y ? -1 : (x > y ? 1 : 0);
}

typedef struct {
  guint  position;   /* in the order without the written rows */
  gint64 rowid;
} Insert;

static gint
compare_inserts (gconstpointer a,
                 gconstpointer b,
                 gpointer      data)
{
  const Insert *x = a, *y = b;

  if (x->position != y->position)
    return x->position < y->position ? -1 : 1;
  if (x->rowid == y->rowid)
    return 0;
  /* Written rows that land in the same gap sort among themselves. */
  return row_before (data, x->rowid, y->rowid) ? -1 : 1;
}

/* Whether the row @rowid is live now. */
static gboolean
row_is_live (KtStore         *self,
             const KtEntity  *entity,
             gint64           rowid,
             gboolean        *out_live,
             GError         **error)
{
  g_autofree char *sql = g_strdup_printf ("SELECT 1 FROM \"%s\" WHERE kt_rowid = ?1 AND deleted = 0",
                                          entity->plural);
  sqlite3_stmt *stmt = kt_store_prepare (self, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, rowid);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      kt_store_set_sqlite_error (error, kt_store_get_db (self), rc,
                                 _("Could not search the records"));
      return FALSE;
    }

  *out_live = rc == SQLITE_ROW;
  return TRUE;
}

/* update_order() for one written row, the common case (a save): the row
 * moves within the arrays, and only the ranks between its old and new
 * place change, so a save that does not touch the sort key costs a
 * binary search and nothing else. */
static gboolean
update_order_one (KtStore    *self,
                  SortOrder  *order,
                  gint64      rowid,
                  GError    **error)
{
  RowCompare cmp;
  gboolean live = FALSE;
  gboolean present = rowid >= 0 && rowid <= order->max_rowid && order->rank_of[rowid] != 0;
  guint old = present ? order->rank_of[rowid] - 1 : order->n_rows;
  guint n_others = present ? order->n_rows - 1 : order->n_rows;
  guint lo = 0, hi = n_others, to;

  if (!row_is_live (self, order->entity, rowid, &live, error))
    return FALSE;
  if (!present && !live)
    return TRUE;

  if (live)
    {
      if (!row_compare_init (&cmp, self, order, error))
        return FALSE;

      /* Over the other rows: index i of them is rowids[i], or
       * rowids[i + 1] from the row's old place on. */
      while (lo < hi)
        {
          guint mid = lo + (hi - lo) / 2;

          if (row_before (&cmp, rowid, order->rowids[mid < old ? mid : mid + 1]))
            hi = mid;
          else
            lo = mid + 1;
        }
      if (cmp.rc != SQLITE_OK)
        {
          kt_store_set_sqlite_error (error, kt_store_get_db (self), cmp.rc,
                                     _("Could not search the records"));
          return FALSE;
        }
      to = lo;
    }
  else
    to = order->n_rows - 1;   /* out: move it to the end, then drop it */

  if (!present)
    {
      /* A new row: room at the end, where it then moves from. */
      if (rowid > (gint64)(order->n_rows + 1) * 4 + MAX_ROWID_SLACK || order->n_rows + 1 >= G_MAXUINT32)
        return FALSE;
      if (rowid > order->max_rowid)
        {
          order->rank_of = g_renew (guint32, order->rank_of, rowid + 1);
          memset (order->rank_of + order->max_rowid + 1, 0,
                  (rowid - order->max_rowid) * sizeof (guint32));
          order->max_rowid = rowid;
        }
      order->rowids = g_renew (gint64, order->rowids, order->n_rows + 1);
      order->rowids[order->n_rows++] = rowid;
    }

  if (to < old)
    memmove (order->rowids + to + 1, order->rowids + to, (old - to) * sizeof (gint64));
  else if (to > old)
    memmove (order->rowids + old, order->rowids + old + 1, (to - old) * sizeof (gint64));
  order->rowids[to] = rowid;
  for (guint i = MIN (old, to); i <= MAX (old, to); i++)
    order->rank_of[order->rowids[i]] = i + 1;

  if (!live)
    {
      order->rank_of[rowid] = 0;
      order->n_rows--;
    }

  return TRUE;
}

/* Brings @order from its stamp to the current state, in which only this
 * connection wrote, and only the rows in order->written of its table:
 * they leave the order and those still live go back where a binary
 * search over the rest puts them. Costs O(n) for the copy plus a binary
 * search a written row, against O(n) steps along the sort index for
 * reading it again, which is what made the first search after a save
 * grow with the store (docs/performance.md). FALSE (and @error unset)
 * when the order should be read again. */
static gboolean
update_order (KtStore    *self,
              SortOrder  *order,
              GError    **error)
{
  g_autoptr(GArray) written = g_steal_pointer (&order->written);
  g_autoptr(GArray) kept = NULL;
  g_autoptr(GArray) inserts = g_array_new (FALSE, FALSE, sizeof (Insert));
  g_autoptr(GArray) rowids = NULL;
  RowCompare cmp;
  guint next = 0;

  order->written = g_array_new (FALSE, FALSE, sizeof (gint64));
  if (written->len == 0)
    return TRUE;

  /* Out of the order, each once. */
  g_array_sort (written, compare_rowids);
  if (g_array_index (written, gint64, 0) == g_array_index (written, gint64, written->len - 1))
    return update_order_one (self, order, g_array_index (written, gint64, 0), error);

  for (guint i = 0; i < written->len; i++)
    {
      gint64 rowid = g_array_index (written, gint64, i);

      if (rowid >= 0 && rowid <= order->max_rowid)
        order->rank_of[rowid] = 0;
    }
  kept = g_array_sized_new (FALSE, FALSE, sizeof (gint64), order->n_rows);
  for (guint i = 0; i < order->n_rows; i++)
    {
      gint64 rowid = order->rowids[i];

      if (order->rank_of[rowid] != 0)
        g_array_append_val (kept, rowid);
    }

  if (!row_compare_init (&cmp, self, order, error))
    return FALSE;

  /* The live ones back in, each where a binary search over the kept
   * rows puts it. */
  for (guint i = 0; i < written->len; i++)
    {
      gint64 rowid = g_array_index (written, gint64, i);
      gboolean live = FALSE;
      Insert insert = { 0, rowid };
      guint lo = 0, hi = kept->len;

      if (i > 0 && rowid == g_array_index (written, gint64, i - 1))
        continue;
      if (!row_is_live (self, order->entity, rowid, &live, error))
        return FALSE;
      if (!live)
        continue;

      while (lo < hi)
        {
          guint mid = lo + (hi - lo) / 2;

          if (row_before (&cmp, rowid, g_array_index (kept, gint64, mid)))
            hi = mid;
          else
            lo = mid + 1;
        }
      insert.position = lo;
      g_array_append_val (inserts, insert);
    }
  g_array_sort_with_data (inserts, compare_inserts, &cmp);
  if (cmp.rc != SQLITE_OK)
    {
      kt_store_set_sqlite_error (error, kt_store_get_db (self), cmp.rc,
                                 _("Could not search the records"));
      return FALSE;
    }

  /* Merge. */
  rowids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), kept->len + inserts->len);
  for (guint i = 0; i < inserts->len; i++)
    {
      const Insert *insert = &g_array_index (inserts, Insert, i);

      g_array_append_vals (rowids, &g_array_index (kept, gint64, next), insert->position - next);
      next = insert->position;
      g_array_append_val (rowids, insert->rowid);
    }
  g_array_append_vals (rowids, &g_array_index (kept, gint64, next), kept->len - next);

  return order_set_rows (order, g_steal_pointer (&rowids));
}

/* The order for @entity and @order_sql in the current state, or NULL
 * when it is not known: never read, still being read by a worker
 * (@out_pending, unless @wait: then it waits for the worker), or changed
 * in a way it cannot follow (another connection committed, too many
 * rows written). An order that only this connection's writes made stale
 * is brought up to date. Transfer none. */
static SortOrder *
find_order (KtStore         *self,
            const KtEntity  *entity,
            const char      *order_sql,
            const Stamp     *stamp,
            gboolean         wait,
            guint           *out_stale_rows,
            gboolean        *out_pending)
{
  SearchCache *cache = get_cache (self);

  *out_stale_rows = 0;
  if (out_pending != NULL)
    *out_pending = FALSE;
  for (GList *l = cache->orders.head; l != NULL; l = l->next)
    {
      SortOrder *order = l->data;
      g_autoptr(GError) error = NULL;

      if (order->entity != entity || !g_str_equal (order->order_sql, order_sql))
        continue;

      if (order->job != NULL && !finish_order_job (order, wait))
        {
          if (order->job != NULL)
            {
              if (out_pending != NULL)
                *out_pending = TRUE;
              return NULL;
            }
          /* The worker failed: read it here. */
          g_queue_unlink (&cache->orders, l);
          sort_order_free (order);
          g_list_free_1 (l);
          break;
        }

      g_queue_unlink (&cache->orders, l);
      if (stamp_equal (&order->stamp, stamp))
        {
          g_queue_push_head_link (&cache->orders, l);
          return order;
        }

      if (order->stamp.data_version == stamp->data_version && order->written != NULL)
        {
          if (update_order (self, order, &error))
            {
              order->stamp = *stamp;
              g_queue_push_head_link (&cache->orders, l);
              return order;
            }
          /* Reading the order again answers correctly, or fails with
           * the error itself. */
          if (error != NULL)
            g_debug ("Could not update the order of %s: %s", entity->plural, error->message);
        }

      /* Stale: the caller reads it again, and it is as long as it was. */
      *out_stale_rows = order->n_rows;
      sort_order_free (order);
      g_list_free_1 (l);
      break;
    }

  return NULL;
}

static void
add_order (KtStore   *self,
           SortOrder *order)
{
  SearchCache *cache = get_cache (self);

  g_queue_push_head (&cache->orders, order);
  while (cache->orders.length > MAX_ORDERS)
    sort_order_free (g_queue_pop_tail (&cache->orders));
}

/* The order a caller needs now that find_order() had none: the worker's
 * when one is reading it (waiting costs at most what reading it here
 * would), else read here. KT_SEARCH_NOT_SERVED when the rowids are too
 * sparse to rank. */
static KtSearchResult
need_order (KtStore         *self,
            const KtEntity  *entity,
            const char      *order_sql,
            const Stamp     *stamp,
            gboolean         pending,
            SortOrder      **out_order,
            GError         **error)
{
  g_autoptr(GError) order_error = NULL;
  SortOrder *order = NULL;
  guint n_rows;

  if (pending)
    order = find_order (self, entity, order_sql, stamp, TRUE, &n_rows, NULL);
  if (order == NULL)
    {
      order = read_order (self, entity, order_sql, stamp, &order_error);
      if (order_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&order_error));
          return KT_SEARCH_FAILED;
        }
      if (order == NULL)
        return KT_SEARCH_NOT_SERVED;
      add_order (self, order);
    }

  *out_order = order;
  return KT_SEARCH_SERVED;
}

/* About how many rows @entity has: its largest rowid (rowids count up). */
static gboolean
estimate_rows (KtStore         *self,
               const KtEntity  *entity,
               guint           *out_rows,
               GError         **error)
{
  g_autofree char *sql = g_strdup_printf ("SELECT max(kt_rowid) FROM \"%s\"", entity->plural);
  sqlite3_stmt *stmt = kt_store_prepare (self, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *out_rows = (guint)CLAMP (sqlite3_column_int64 (stmt, 0), 0, G_MAXUINT);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW)
    {
      kt_store_set_sqlite_error (error, kt_store_get_db (self), rc,
                                 _("Could not search the records"));
      return FALSE;
    }

  return TRUE;
}

/* The rowids of the matches at [offset, offset + limit) in @order, or
 * NULL when a match is not a live row of @order (the FTS index and the
 * table disagree: SQL answers instead). */
static GArray *
page_rowids (const SortOrder *order,
             GArray          *matches,
             guint            offset,
             guint            limit)
{
  g_autofree gulong *bits = NULL;
  g_autoptr(GArray) page = g_array_new (FALSE, FALSE, sizeof (gint64));
  const guint word_bits = sizeof (gulong) * 8;
  guint n_words = order->n_rows / word_bits + 1;
  guint skipped = 0;

  if (offset >= matches->len)
    return g_steal_pointer (&page);

  bits = g_new0 (gulong, n_words);
  for (guint i = 0; i < matches->len; i++)
    {
      gint64 rowid = g_array_index (matches, gint64, i);
      guint32 rank;

      if (rowid < 0 || rowid > order->max_rowid || (rank = order->rank_of[rowid]) == 0)
        return NULL;
      rank--;
      bits[rank / word_bits] |= 1UL << (rank % word_bits);
    }

  for (guint w = 0; w < n_words; w++)
    {
      gulong word = bits[w];

      while (word != 0)
        {
          guint bit = (guint)g_bit_nth_lsf (word, -1);
          gint64 rowid = order->rowids[w * word_bits + bit];

          word &= word - 1;
          if (skipped < offset)
            {
              skipped++;
              continue;
            }
          g_array_append_val (page, rowid);
          if (limit > 0 && page->len >= limit)
            return g_steal_pointer (&page);
        }
    }

  return g_steal_pointer (&page);
}

static GPtrArray *
read_rows (KtStore         *self,
           const KtEntity  *entity,
           GArray          *rowids,
           GError         **error)
{
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *sql = NULL;
  sqlite3_stmt *stmt;

  sql = g_strdup_printf ("SELECT %s FROM \"%s\" t WHERE t.kt_rowid = ?1",
                         kt_store_select_columns (entity), entity->plural);
  stmt = kt_store_prepare (self, sql, error);
  if (stmt == NULL)
    return NULL;

  for (guint i = 0; i < rowids->len; i++)
    {
      KtRecord *record;
      int rc;

      sqlite3_bind_int64 (stmt, 1, g_array_index (rowids, gint64, i));
      rc = sqlite3_step (stmt);
      if (rc != SQLITE_ROW)
        {
          sqlite3_reset (stmt);
          /* The row was ranked in this same transaction, so it exists. */
          if (rc == SQLITE_DONE)
            rc = SQLITE_CORRUPT;
          kt_store_set_sqlite_error (error, kt_store_get_db (self), rc,
                                     _("Could not read the records"));
          return NULL;
        }

      record = kt_store_record_from_row (entity, stmt, error);
      sqlite3_reset (stmt);
      if (record == NULL)
        return NULL;
      g_ptr_array_add (records, record);
    }

  return g_steal_pointer (&records);
}

/* Opens the read transaction the stamp and the reads share. The cache is
 * not used inside the caller's transaction: its changes could still be
 * rolled back under a stamp that would then look valid. */
static gboolean
begin_read (KtStore *self)
{
  sqlite3 *db = kt_store_get_db (self);

  if (!sqlite3_get_autocommit (db))
    return FALSE;

  return sqlite3_exec (db, "BEGIN", NULL, NULL, NULL) == SQLITE_OK;
}

static void
end_read (KtStore *self)
{
  sqlite3 *db = kt_store_get_db (self);

  /* Nothing was written, so COMMIT only ends the read; should it fail,
   * ROLLBACK ends it all the same. */
  if (sqlite3_exec (db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
    sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
}

KtSearchResult
kt_store_search_count (KtStore         *self,
                       const KtEntity  *entity,
                       const char      *match,
                       gint64          *out_count,
                       GError         **error)
{
  GArray *matches;
  Stamp stamp;

  g_assert (KT_IS_STORE (self));
  g_assert (entity != NULL && match != NULL && out_count != NULL);

  if (!begin_read (self))
    return KT_SEARCH_NOT_SERVED;

  if (!read_stamp (self, &stamp, error) ||
      (matches = get_matches (self, entity, match, &stamp, error)) == NULL)
    {
      end_read (self);
      return KT_SEARCH_FAILED;
    }

  *out_count = matches->len;
  end_read (self);
  return KT_SEARCH_SERVED;
}

KtSearchResult
kt_store_search_read (KtStore         *self,
                      const KtEntity  *entity,
                      const char      *match,
                      const char      *order_sql,
                      guint            offset,
                      guint            limit,
                      GPtrArray      **out_records,
                      GError         **error)
{
  g_autoptr(GArray) page = NULL;
  KtSearchResult result;
  GArray *matches;
  SortOrder *order;
  GPtrArray *records;
  guint n_rows;
  gboolean pending;
  Stamp stamp;

  g_assert (KT_IS_STORE (self));
  g_assert (entity != NULL && match != NULL && order_sql != NULL);
  g_assert (out_records != NULL);

  if (!begin_read (self))
    return KT_SEARCH_NOT_SERVED;

  if (!read_stamp (self, &stamp, error) ||
      (matches = get_matches (self, entity, match, &stamp, error)) == NULL)
    goto failed;

  /* Nothing matched: no order to read. */
  if (matches->len == 0)
    {
      end_read (self);
      *out_records = g_ptr_array_new_with_free_func (g_object_unref);
      return KT_SEARCH_SERVED;
    }

  order = find_order (self, entity, order_sql, &stamp, FALSE, &n_rows, &pending);
  if (order == NULL)
    {
      if (n_rows == 0 && !estimate_rows (self, entity, &n_rows, error))
        goto failed;
      if ((guint64)matches->len * SQL_SORT_RATIO < n_rows)
        {
          end_read (self);
          return KT_SEARCH_NOT_SERVED;
        }
      result = need_order (self, entity, order_sql, &stamp, pending, &order, error);
      if (result != KT_SEARCH_SERVED)
        {
          end_read (self);
          return result;
        }
    }

  page = page_rowids (order, matches, offset, limit);
  if (page == NULL)
    {
      g_debug ("The full-text index of %s has rows the table has not; searching with SQL",
               entity->plural);
      end_read (self);
      return KT_SEARCH_NOT_SERVED;
    }

  records = read_rows (self, entity, page, error);
  if (records == NULL)
    goto failed;

  end_read (self);
  *out_records = records;
  return KT_SEARCH_SERVED;

failed:
  end_read (self);
  return KT_SEARCH_FAILED;
}

/* Below this offset a page of a plain list comes from SQL: skipping rows
 * along the sort index costs about 0.1-0.5 µs a row, so a few thousand
 * cost less than reading the order, which takes one step per live row
 * (a first screen never pays for it). */
#define ORDER_MIN_OFFSET 4000

KtSearchResult
kt_store_order_read (KtStore         *self,
                     const KtEntity  *entity,
                     const char      *order_sql,
                     guint            offset,
                     guint            limit,
                     GPtrArray      **out_records,
                     GError         **error)
{
  g_autoptr(GArray) page = NULL;
  KtSearchResult result;
  SortOrder *order;
  GPtrArray *records;
  guint n_rows, end;
  gboolean pending;
  Stamp stamp;

  g_assert (KT_IS_STORE (self));
  g_assert (entity != NULL && order_sql != NULL && out_records != NULL);

  if (!begin_read (self))
    return KT_SEARCH_NOT_SERVED;

  if (!read_stamp (self, &stamp, error))
    goto failed;

  order = find_order (self, entity, order_sql, &stamp, FALSE, &n_rows, &pending);
  if (order == NULL)
    {
      if (offset < ORDER_MIN_OFFSET)
        {
          end_read (self);
          return KT_SEARCH_NOT_SERVED;
        }
      result = need_order (self, entity, order_sql, &stamp, pending, &order, error);
      if (result != KT_SEARCH_SERVED)
        {
          end_read (self);
          return result;
        }
    }

  /* The page is a slice of the order: the same cost at any position. */
  offset = MIN (offset, order->n_rows);
  end = limit > 0 ? (guint)MIN ((guint64)offset + limit, order->n_rows) : order->n_rows;
  page = g_array_sized_new (FALSE, FALSE, sizeof (gint64), end - offset);
  g_array_append_vals (page, order->rowids + offset, end - offset);

  records = read_rows (self, entity, page, error);
  if (records == NULL)
    goto failed;

  end_read (self);
  *out_records = records;
  return KT_SEARCH_SERVED;

failed:
  end_read (self);
  return KT_SEARCH_FAILED;
}

KtSearchResult
kt_store_order_count (KtStore         *self,
                      const KtEntity  *entity,
                      const char      *order_sql,
                      gint64          *out_count,
                      GError         **error)
{
  SortOrder *order;
  guint n_rows;
  Stamp stamp;

  g_assert (KT_IS_STORE (self));
  g_assert (entity != NULL && order_sql != NULL && out_count != NULL);

  if (!begin_read (self))
    return KT_SEARCH_NOT_SERVED;

  if (!read_stamp (self, &stamp, error))
    {
      end_read (self);
      return KT_SEARCH_FAILED;
    }

  order = find_order (self, entity, order_sql, &stamp, FALSE, &n_rows, NULL);
  if (order != NULL)
    *out_count = order->n_rows;
  end_read (self);

  return order != NULL ? KT_SEARCH_SERVED : KT_SEARCH_NOT_SERVED;
}

KtSearchResult
kt_store_order_position (KtStore         *self,
                         const KtEntity  *entity,
                         const char      *order_sql,
                         const char      *id,
                         gint64          *out_position,
                         GError         **error)
{
  g_autofree char *sql = NULL;
  sqlite3_stmt *stmt;
  SortOrder *order;
  gint64 rowid = -1;
  guint n_rows;
  Stamp stamp;
  int rc;

  g_assert (KT_IS_STORE (self));
  g_assert (entity != NULL && order_sql != NULL && id != NULL && out_position != NULL);

  if (!begin_read (self))
    return KT_SEARCH_NOT_SERVED;

  if (!read_stamp (self, &stamp, error))
    goto failed;
  order = find_order (self, entity, order_sql, &stamp, FALSE, &n_rows, NULL);
  if (order == NULL)
    {
      end_read (self);
      return KT_SEARCH_NOT_SERVED;
    }

  sql = g_strdup_printf ("SELECT kt_rowid FROM \"%s\" WHERE id = ?1", entity->plural);
  stmt = kt_store_prepare (self, sql, error);
  if (stmt == NULL)
    goto failed;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    rowid = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      kt_store_set_sqlite_error (error, kt_store_get_db (self), rc,
                                 _("Could not read the records"));
      goto failed;
    }

  /* A tombstone or an unknown id is in no plain list. */
  *out_position = rowid >= 0 && rowid <= order->max_rowid ? (gint64)order->rank_of[rowid] - 1 : -1;
  end_read (self);
  return KT_SEARCH_SERVED;

failed:
  end_read (self);
  return KT_SEARCH_FAILED;
}

void
kt_store_order_prefetch (KtStore         *self,
                         const KtEntity  *entity,
                         const char      *order_sql)
{
  g_autoptr(GError) error = NULL;
  SortOrder *order;
  gboolean pending;
  guint n_rows;
  Stamp stamp;

  g_assert (KT_IS_STORE (self));
  g_assert (entity != NULL && order_sql != NULL);

  if (!begin_read (self))
    return;

  /* Only for lists long enough that their far pages need the order. */
  if (read_stamp (self, &stamp, &error))
    {
      order = find_order (self, entity, order_sql, &stamp, FALSE, &n_rows, &pending);
      if (order == NULL && !pending &&
          (n_rows > 0 || estimate_rows (self, entity, &n_rows, &error)) &&
          n_rows >= ORDER_MIN_OFFSET)
        start_order_job (self, entity, order_sql, &stamp);
    }
  if (error != NULL)
    g_debug ("Could not read the order of %s ahead: %s", entity->plural, error->message);

  end_read (self);
}
