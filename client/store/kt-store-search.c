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
 * matching rowids from the FTS index (in one step, kt_collect_rowids()),
 * marks their ranks in a bitmap, takes the page's rowids from the bitmap
 * in order and reads just those rows; a dense set's first pages come
 * from walking the order instead and testing each row in the set
 * (walk_order()), which stops after the page. The match set is kept
 * too, so the list's COUNT and its first page share one pass over the
 * index.
 *
 * Both are valid for one committed state of the file: they are stamped
 * with the connection's change count and PRAGMA data_version (which
 * moves when another connection commits), read in the same read
 * transaction as the data, and used only outside the caller's
 * transactions, whose changes could still be rolled back. The order
 * follows this connection's writes: SQLite's update hook lists the rows
 * written to its table, and the next read moves each to where the
 * order's own ORDER BY
 * puts it (update_order()), so a search after a save costs about what
 * one before it does, at any size. Another connection's commit, or more
 * written rows than are worth placing one by one, makes the next search
 * read the order again, unless it has so few matches that sorting them
 * in SQL is cheaper (SQL_SORT_RATIO).
 *
 * The match sets are kept the same way, several per store (MatchSet):
 * a written row leaves a set and comes back if the FTS index still
 * matches it, so the next keystroke after a save asks the index about
 * that row alone. A one-letter prefix matches up to a third of the rows,
 * and FTS5 hands every match over at about 35 ns each, so the worker
 * that reads a long list's order ahead then reads every one-letter set
 * of the Latin and Cyrillic alphabets and the digits. A dense set keeps
 * its ranks in the order once a search has ranked it: a first letter
 * typed is then a count and a scan of a bitmap over the ranks.
 *
 * A plain list (no search, no filter) pages from the same order past
 * its first rows (kt_store_order_read()): its page at any offset is a
 * slice of the order, where OFFSET steps over every row before it.
 *
 * A long list's order is also saved in the file (kt-store-search-saved.c),
 * valid until a row of its table is written by anyone: a far page asked
 * before the order is in memory (End pressed as the list opens) is a
 * slice of that copy, and the worker reads the copy rather than the
 * index. An order read from the index is saved once the read is over,
 * one this connection's writes moved as the store closes (save_orders()).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-store"

#include "config.h"

#include <glib/gi18n.h>

#include "kt-store-search.h"
#include "kt-store-search-saved.h"

/* Below this offset a page of a plain list comes from SQL: skipping rows
 * along the sort index costs about 0.1-0.5 µs a row, so a few thousand
 * cost less than reading the order, which takes one step per live row
 * (a first screen never pays for it). Orders of lists shorter than
 * this are not saved in the file either: reading them is as cheap. */
#define ORDER_MIN_OFFSET 4000

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

/* Bytes of match sets kept per store, least recently used first out,
 * besides the letters' (read_letter_sets()): at a million contacts a
 * one-letter prefix's set is a 125 KiB bitmap, and every letter of the
 * Latin and Cyrillic alphabets and the digits a few MiB in all
 * (docs/performance.md). */
#define MAX_SET_BYTES (4 * 1024 * 1024)

typedef struct {
  gint64 changes;        /* sqlite3_total_changes64() of this connection */
  gint64 data_version;   /* PRAGMA data_version: other connections' commits */
} Stamp;

/* An order read on a worker thread, on a connection of its own. */
typedef struct _OrderJob {
  gint            ref_count;
  char           *path;
  const KtEntity *entity;
  char           *order_sql;
  GCancellable   *cancellable;
  GMutex          lock;
  GCond           cond;
  gboolean        done;
  gboolean        letters;     /* read the one-letter match sets (no order) */
  struct _OrderJob *next;      /* run after this one on the same thread */
  GPtrArray      *sets;        /* of MatchSet (no stamp yet), or NULL */
  struct _SortOrder *ranked;   /* the order's result, ranked */
  gboolean        from_saved;  /* read from the order saved in the file */
} OrderJob;

typedef struct _SortOrder {
  const KtEntity *entity;
  char           *order_sql;
  Stamp           stamp;
  OrderJob       *job;         /* not NULL: still being read (no rows yet) */
  guint           n_rows;
  gint64         *rowids;      /* the live rows in order */
  gint64          max_rowid;
  guint32        *rank_of;     /* [rowid]: rank + 1; 0: not a live row */
  guint           serial;      /* new for every change of the ranks
                                * (MatchSet.ranks_serial) */
  GArray         *written;     /* of gint64: rows of the table written since
                                * the stamp; NULL: too many to follow */
  gboolean        saved;       /* the file holds this order, valid in the
                                * state of the stamp (list_orders) */
} SortOrder;

/* The rows an FTS expression matches, kept like the orders through this
 * connection's writes: a written row leaves the set and comes back if
 * the index still matches it (update_set()). Dense sets are a bitmap over
 * the rowids (125 KiB at a million contacts), sparse ones their rowids,
 * whichever is smaller. */
typedef struct {
  const KtEntity *entity;
  char           *match;
  Stamp           stamp;
  guint           count;
  GArray         *rowids;      /* sparse: of gint64, ascending; NULL: dense */
  gulong         *bits;        /* dense: bit r set when row r matches */
  gint64          max_rowid;   /* dense: bits cover [0, max_rowid] */
  gulong         *ranks;      /* dense: the matches' ranks in the order of
                                * serial ranks_serial (page_rowids()) */
  guint           ranks_serial;
  gsize           ranks_bytes;
  gboolean        letter;      /* a one-letter set read ahead: kept */
  GArray         *written;     /* as SortOrder's */
} MatchSet;

typedef struct {
  GQueue     orders;           /* of SortOrder, most recently used first */
  GQueue     sets;             /* of MatchSet, most recently used first */
  SortOrder *letters;          /* a worker reading only the letters' sets
                                * (no order_sql), or NULL */
  gboolean   save_pending;     /* an order was read from the index: save it
                                * once the read is over (save_orders()) */
} SearchCache;

static void add_order (KtStore   *self,
                       SortOrder *order);
static void match_set_free (gpointer data);
static void sort_order_free (gpointer data);
static gboolean finish_order_job (KtStore          *self,
                                  struct _SortOrder *order,
                                  gboolean          wait);
static void note_read (KtStore           *self,
                       struct _SortOrder *order,
                       gboolean           from_saved);

static void
order_job_unref (OrderJob *job)
{
  if (!g_atomic_int_dec_and_test (&job->ref_count))
    return;

  g_free (job->path);
  g_free (job->order_sql);
  g_clear_object (&job->cancellable);
  g_clear_pointer (&job->sets, g_ptr_array_unref);
  g_clear_pointer (&job->ranked, sort_order_free);
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
match_set_free (gpointer data)
{
  MatchSet *set = data;

  g_free (set->match);
  g_clear_pointer (&set->rowids, g_array_unref);
  g_free (set->bits);
  g_free (set->ranks);
  g_clear_pointer (&set->written, g_array_unref);
  g_free (set);
}

static void
search_cache_free (gpointer data)
{
  SearchCache *cache = data;

  g_queue_clear_full (&cache->orders, sort_order_free);
  g_queue_clear_full (&cache->sets, match_set_free);
  g_clear_pointer (&cache->letters, sort_order_free);
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

/* The same for a match set: checking a written row is one lookup in the
 * FTS index (0.1-2 ms at a million contacts), reading the set again one
 * step a match. */
static guint
max_set_written (const MatchSet *set)
{
  return 64 + set->count / 1024;
}

/* SQLite's update hook: every row this connection inserts, updates or
 * deletes, in any statement, committed or not. The store's writes (saves,
 * deletes, sync, imports) change the entity tables row by row, and their
 * triggers keep SQLite from the truncate optimization, the one kind of
 * delete the hook does not see; upserts are reported as updates. A row
 * written in a transaction that is rolled back is followed too, which
 * costs a look at it and is never wrong: the order is brought up to date
 * from what the rows are when it is next used, not from what was written. */
/* Lists @rowid among the rows written since @written's order or set was
 * read, when it is of @entity; past @max they are read again instead. */
static void
note_written (GArray         **written,
              const KtEntity  *entity,
              const char      *table,
              gint64           rowid,
              guint            max)
{
  if (*written == NULL || strcmp (table, entity->plural) != 0)
    return;
  if ((*written)->len >= max)
    g_clear_pointer (written, g_array_unref);
  else
    g_array_append_val (*written, rowid);
}

static void
on_row_written_cb (void          *data,
                   int            op,
                   const char    *db_name,
                   const char    *table,
                   sqlite3_int64  rowid)
{
  SearchCache *cache = data;
  GList letters = { cache->letters, NULL, NULL };

  for (GList *l = cache->letters != NULL ? &letters : cache->orders.head; l != NULL;
       l = l == &letters ? cache->orders.head : l->next)
    {
      SortOrder *order = l->data;

      note_written (&order->written, order->entity, table, rowid, max_written (order));
    }
  for (GList *l = cache->sets.head; l != NULL; l = l->next)
    {
      MatchSet *set = l->data;

      note_written (&set->written, set->entity, table, rowid, max_set_written (set));
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
      g_queue_init (&cache->sets);
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

static gint
compare_rowids (gconstpointer a,
                gconstpointer b)
{
  gint64 x = *(const gint64 *)a, y = *(const gint64 *)b;

  return x < y ? -1 : (x > y ? 1 : 0);
}

/* The FTS query of @entity's matches of ?1, in rowid order, collected
 * into the array bound to ?2 (step_matches()). */
static char *
matches_sql (const KtEntity *entity)
{
  return g_strdup_printf ("SELECT kt_collect_rowids(rowid, ?2) FROM \"%s_fts\""
                          " WHERE \"%s_fts\" MATCH ?1",
                          entity->plural, entity->plural);
}

/* Runs @stmt (matches_sql(), ?1 bound): SQLite collects the rowids in
 * one step rather than handing them over a row at a time. */
static GArray *
step_matches (sqlite3_stmt *stmt,
              int          *out_rc)
{
  g_autoptr(GArray) rowids = g_array_new (FALSE, FALSE, sizeof (gint64));

  sqlite3_bind_pointer (stmt, 2, rowids, KT_STORE_ROWIDS_POINTER, NULL);
  *out_rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  sqlite3_bind_null (stmt, 2);
  if (*out_rc == SQLITE_ROW)
    *out_rc = SQLITE_DONE;

  return *out_rc == SQLITE_DONE ? g_steal_pointer (&rowids) : NULL;
}

/* Steps @stmt (order_rowids_sql()), whose first column is a rowid, to
 * the end. */
static GArray *
step_rowids (sqlite3_stmt *stmt,
             int          *out_rc)
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

static gboolean
read_matches (KtStore         *self,
              const KtEntity  *entity,
              const char      *match,
              GArray         **out_rowids,
              GError         **error)
{
  g_autofree char *sql = matches_sql (entity);
  sqlite3_stmt *stmt;
  GArray *rowids;
  int rc;

  stmt = kt_store_prepare (self, sql, error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, match, -1, SQLITE_TRANSIENT);
  rowids = step_matches (stmt, &rc);
  if (rowids == NULL)
    {
      kt_store_set_sqlite_error (error, kt_store_get_db (self), rc,
                                 _("Could not search the records"));
      return FALSE;
    }

  *out_rowids = rowids;
  return TRUE;
}

#define WORD_BITS (sizeof (gulong) * 8)

/* The number of the lowest set bit of @word (not 0). g_bit_nth_lsf()
 * looks at the bits one by one, which made ranking a large match set
 * cost several times what reading it did. */
static inline guint
lowest_bit (gulong word)
{
  return (guint)__builtin_ctzl (word);
}

static gboolean
bit_is_set (const gulong *bits,
            guint64       bit)
{
  return (bits[bit / WORD_BITS] >> (bit % WORD_BITS)) & 1;
}

/* A set of the matches @rowids (taken; as FTS5 gives them, in rowid
 * order), with no stamp yet. */
static MatchSet *
match_set_new (const KtEntity *entity,
               const char     *match,
               GArray         *rowids)
{
  MatchSet *set = g_new0 (MatchSet, 1);
  gint64 last = rowids->len > 0 ? g_array_index (rowids, gint64, rowids->len - 1) : 0;
  gboolean sorted = TRUE;

  set->entity = entity;
  set->match = g_strdup (match);
  set->count = rowids->len;
  for (guint i = 1; i < rowids->len && sorted; i++)
    sorted = g_array_index (rowids, gint64, i - 1) < g_array_index (rowids, gint64, i);

  /* A bitmap when it is smaller than the rowids: a match in every 64 rows. */
  if (sorted && rowids->len > 0 && g_array_index (rowids, gint64, 0) >= 0 &&
      (guint64)rowids->len * WORD_BITS > (guint64)last)
    {
      set->max_rowid = last;
      set->bits = g_new0 (gulong, last / WORD_BITS + 1);
      for (guint i = 0; i < rowids->len; i++)
        {
          gint64 rowid = g_array_index (rowids, gint64, i);

          set->bits[rowid / WORD_BITS] |= 1UL << (rowid % WORD_BITS);
        }
      g_array_unref (rowids);
    }
  else
    {
      if (!sorted)
        g_array_sort (rowids, compare_rowids);
      set->rowids = rowids;
    }

  return set;
}

static gsize
match_set_bytes (const MatchSet *set)
{
  gsize ranks = set->ranks != NULL ? set->ranks_bytes : 0;

  if (set->bits != NULL)
    return (set->max_rowid / WORD_BITS + 1) * sizeof (gulong) + ranks;
  return set->rowids->len * sizeof (gint64) + ranks;
}

/* Where @rowid is in a sparse set, or where it would go. */
static guint
set_find (const MatchSet *set,
          gint64          rowid,
          gboolean       *out_found)
{
  guint lo = 0, hi = set->rowids->len;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      gint64 at = g_array_index (set->rowids, gint64, mid);

      if (at == rowid)
        {
          *out_found = TRUE;
          return mid;
        }
      if (at < rowid)
        lo = mid + 1;
      else
        hi = mid;
    }

  *out_found = FALSE;
  return lo;
}

static gboolean
set_has (const MatchSet *set,
         gint64          rowid)
{
  gboolean found;

  if (set->bits != NULL)
    return rowid >= 0 && rowid <= set->max_rowid && bit_is_set (set->bits, rowid);

  set_find (set, rowid, &found);
  return found;
}

/* Puts @rowid into @set or takes it out; its ranks go with any change. */
static void
set_put (MatchSet *set,
         gint64    rowid,
         gboolean  member)
{
  if (set_has (set, rowid) == member || rowid < 0)
    return;

  g_clear_pointer (&set->ranks, g_free);

  if (set->bits != NULL)
    {
      if (rowid > set->max_rowid)
        {
          gsize old_words = set->max_rowid / WORD_BITS + 1;
          gsize words = rowid / WORD_BITS + 1;

          set->bits = g_renew (gulong, set->bits, words);
          memset (set->bits + old_words, 0, (words - old_words) * sizeof (gulong));
          set->max_rowid = rowid;
        }
      set->bits[rowid / WORD_BITS] ^= 1UL << (rowid % WORD_BITS);
      set->count = member ? set->count + 1 : set->count - 1;
    }
  else
    {
      gboolean found;
      guint at = set_find (set, rowid, &found);

      if (member)
        g_array_insert_val (set->rowids, at, rowid);
      else
        g_array_remove_index (set->rowids, at);
      set->count = set->rowids->len;
    }
}

/* Brings @set from its stamp to the current state, in which only this
 * connection wrote, and only the rows in set->written of its table: each
 * is asked of the FTS index again, so the set is what reading it again
 * would give, rolled-back writes included. */
static gboolean
update_set (KtStore   *self,
            MatchSet  *set,
            GError   **error)
{
  g_autoptr(GArray) written = g_steal_pointer (&set->written);
  g_autofree char *sql = NULL;
  sqlite3_stmt *stmt;

  set->written = g_array_new (FALSE, FALSE, sizeof (gint64));
  if (written->len == 0)
    return TRUE;

  sql = g_strdup_printf ("SELECT 1 FROM \"%s_fts\" WHERE \"%s_fts\" MATCH ?1 AND rowid = ?2",
                         set->entity->plural, set->entity->plural);
  stmt = kt_store_prepare (self, sql, error);
  if (stmt == NULL)
    return FALSE;

  g_array_sort (written, compare_rowids);
  for (guint i = 0; i < written->len; i++)
    {
      gint64 rowid = g_array_index (written, gint64, i);
      int rc;

      if (i > 0 && rowid == g_array_index (written, gint64, i - 1))
        continue;

      sqlite3_bind_text (stmt, 1, set->match, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (stmt, 2, rowid);
      rc = sqlite3_step (stmt);
      sqlite3_reset (stmt);
      if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        {
          kt_store_set_sqlite_error (error, kt_store_get_db (self), rc,
                                     _("Could not search the records"));
          return FALSE;
        }
      set_put (set, rowid, rc == SQLITE_ROW);
    }

  return TRUE;
}

/* Keeps the sets other than the letters' within MAX_SET_BYTES, the most
 * recently used always. */
static void
trim_sets (SearchCache *cache)
{
  gsize bytes = 0;

  for (GList *l = cache->sets.head; l != NULL;)
    {
      MatchSet *set = l->data;
      GList *next = l->next;

      if (!set->letter)
        {
          bytes += match_set_bytes (set);
          if (bytes > MAX_SET_BYTES && l != cache->sets.head)
            {
              match_set_free (set);
              g_queue_delete_link (&cache->sets, l);
            }
        }
      l = next;
    }
}

/* The key of @match: ASCII and Cyrillic capitals in lower case, which the
 * index's tokenizer (unicode61) folds the same way, so "M" and "m" share
 * one set, and the one-letter sets read ahead (read_letter_sets()) serve
 * either. */
static char *
match_key (const char *match)
{
  GString *key = g_string_sized_new (strlen (match));

  for (const char *p = match; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c >= 'A' && c <= 'Z')
        c += 'a' - 'A';
      else if (c >= 0x0410 && c <= 0x042F)   /* А-Я */
        c += 0x20;
      else if (c >= 0x0400 && c <= 0x040F)   /* Ѐ-Џ */
        c += 0x50;
      g_string_append_unichar (key, c);
    }

  return g_string_free (key, FALSE);
}

/* The match set of @match in the current state: kept, brought up to
 * date, or read from the index. Transfer none: valid until the next
 * search. */
static MatchSet *
get_matches (KtStore         *self,
             const KtEntity  *entity,
             const char      *match,
             const Stamp     *stamp,
             GError         **error)
{
  SearchCache *cache = get_cache (self);
  g_autofree char *key = match_key (match);
  MatchSet *set;
  GArray *rowids = NULL;

  /* A letters-only worker done: its sets join the others. */
  if (cache->letters != NULL)
    {
      finish_order_job (self, cache->letters, FALSE);
      if (cache->letters->job == NULL)
        g_clear_pointer (&cache->letters, sort_order_free);
    }

  for (GList *l = cache->sets.head; l != NULL; l = l->next)
    {
      g_autoptr(GError) update_error = NULL;

      set = l->data;
      if (set->entity != entity || !g_str_equal (set->match, key))
        continue;

      g_queue_unlink (&cache->sets, l);
      if (stamp_equal (&set->stamp, stamp) ||
          (set->stamp.data_version == stamp->data_version && set->written != NULL &&
           update_set (self, set, &update_error)))
        {
          set->stamp = *stamp;
          g_queue_push_head_link (&cache->sets, l);
          return set;
        }
      if (update_error != NULL)
        g_debug ("Could not update the matches of %s: %s", entity->plural, update_error->message);

      match_set_free (set);
      g_list_free_1 (l);
      break;
    }

  if (!read_matches (self, entity, key, &rowids, error))
    return NULL;

  set = match_set_new (entity, key, rowids);
  set->stamp = *stamp;
  set->written = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_queue_push_head (&cache->sets, set);
  trim_sets (cache);

  return set;
}

/* Orders' serials (SortOrder.serial): 0 is never one. */
static gint next_serial;

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
  order->serial = (guint)g_atomic_int_add (&next_serial, 1) + 1;
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

  rowids = step_rowids (stmt, &rc);
  if (rowids == NULL)
    kt_store_set_sqlite_error (error, kt_store_get_db (self), rc,
                               _("Could not search the records"));
  return rowids;
}

/* @order_sql (" ORDER BY t.a COLLATE ..., t.id DESC", as kt-store-query.c
 * writes it) with each key's direction turned: SQLite puts NULLs first
 * going up and last going down, and the id makes the order total, so
 * the rows come out in exactly the reverse order. NULL for another
 * shape. */
static char *
reverse_order_sql (const char *order_sql)
{
  g_auto(GStrv) keys = NULL;
  GString *sql;

  if (!g_str_has_prefix (order_sql, " ORDER BY ") || strchr (order_sql, '(') != NULL)
    return NULL;

  keys = g_strsplit (order_sql + strlen (" ORDER BY "), ",", -1);
  sql = g_string_new (" ORDER BY");
  for (guint i = 0; keys[i] != NULL; i++)
    {
      const char *key = g_strstrip (keys[i]);

      if (g_str_has_suffix (key, " DESC"))
        g_string_append_printf (sql, "%s %.*s", i > 0 ? "," : "", (int)strlen (key) - 5, key);
      else
        g_string_append_printf (sql, "%s %s DESC", i > 0 ? "," : "", key);
    }

  return g_string_free (sql, FALSE);
}

/* The rows at [@offset, @offset + @limit) of a list when @offset is near
 * its end (at most ORDER_MIN_OFFSET rows, and a 16th of the list, before
 * it): read backwards along
 * the sort index from the end, for when neither the order nor a valid
 * copy of it is known (End pressed as a list opens after another process
 * wrote). NULL (and @error unset) when the page is not that near. */
static GArray *
read_tail_rowids (KtStore         *self,
                  const KtEntity  *entity,
                  const char      *order_sql,
                  guint            offset,
                  guint            limit,
                  GError         **error)
{
  g_autofree char *reversed = reverse_order_sql (order_sql);
  g_autofree char *rows_sql = NULL;
  g_autofree char *sql = NULL;
  g_autoptr(GArray) rowids = NULL;
  sqlite3_stmt *stmt;
  gint64 n_rows = -1;
  guint n_tail;
  int rc;

  if (reversed == NULL)
    return NULL;

  stmt = kt_store_prepare (self, "SELECT live FROM live_counts WHERE entity = ?1", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, entity->plural, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n_rows = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  /* Each page read so costs the rows below it, and the order serves every
   * page once read: only the last pages of a long list (End, and a few
   * screens up from it while the worker reads the order). */
  if (n_rows < 0 || (gint64)offset + MIN (ORDER_MIN_OFFSET, n_rows / 16) < n_rows)
    return NULL;
  n_tail = offset < n_rows ? (guint)(n_rows - offset) : 0;

  rows_sql = order_rowids_sql (entity, reversed);
  sql = g_strconcat (rows_sql, " LIMIT ?1", NULL);
  stmt = kt_store_prepare (self, sql, error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, n_tail);
  rowids = step_rowids (stmt, &rc);
  if (rowids == NULL)
    {
      kt_store_set_sqlite_error (error, kt_store_get_db (self), rc,
                                 _("Could not read the records"));
      return NULL;
    }
  /* The count is kept by the same transactions as the rows; should it
   * disagree, the page is left to the order. */
  if (rowids->len != n_tail)
    return NULL;

  for (guint i = 0; i < n_tail / 2; i++)
    {
      gint64 swap = g_array_index (rowids, gint64, i);

      g_array_index (rowids, gint64, i) = g_array_index (rowids, gint64, n_tail - 1 - i);
      g_array_index (rowids, gint64, n_tail - 1 - i) = swap;
    }
  if (limit > 0 && limit < rowids->len)
    g_array_set_size (rowids, limit);

  return g_steal_pointer (&rowids);
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
  GArray *rowids = NULL;
  SortOrder *order;
  gboolean from_saved;
  guint n_saved;
  int rc;

  /* The saved order, 4 bytes a row, when it is valid; else the index. */
  rc = kt_saved_order_read (kt_store_get_db (self), entity, order_sql, 0, G_MAXUINT,
                            &rowids, &n_saved);
  if (rc != SQLITE_OK)
    g_debug ("Could not read the saved order of %s: %s", entity->plural,
             sqlite3_errmsg (kt_store_get_db (self)));
  from_saved = rowids != NULL;
  if (rowids == NULL)
    rowids = read_order_rowids (self, entity, order_sql, error);
  if (rowids == NULL)
    return NULL;

  order = sort_order_new (entity, order_sql, stamp);
  if (!order_set_rows (order, rowids))
    {
      sort_order_free (order);
      return NULL;
    }

  note_read (self, order, from_saved);
  return order;
}

static int
on_job_progress_cb (void *data)
{
  /* Non-zero makes SQLite stop the statement with SQLITE_INTERRUPT. */
  return g_cancellable_is_cancelled (data);
}

/* Sets the bit of @rowid's rank in @ranks; FALSE when it is not a live
 * row of @order. */
static inline gboolean
mark_rank (const SortOrder *order,
           gulong          *ranks,
           gint64           rowid)
{
  guint32 rank;

  if (rowid < 0 || rowid > order->max_rowid || (rank = order->rank_of[rowid]) == 0)
    return FALSE;
  rank--;
  ranks[rank / WORD_BITS] |= 1UL << (rank % WORD_BITS);
  return TRUE;
}

/* Matches whose ranks are asked of memory at once (rank_chunk()). */
#define RANK_CHUNK 256

/* Marks the ranks of @n matches. Their ranks are spread over a 4 MiB
 * array at a million rows, a cache miss each; prefetching the chunk's
 * ranks before reading any lets the misses overlap instead of waiting
 * for each in turn. FALSE when a match is not a live row of @order. */
static gboolean
rank_chunk (const SortOrder *order,
            gulong          *ranks,
            const gint64    *rowids,
            guint            n)
{
  for (guint i = 0; i < n; i++)
    if (rowids[i] >= 0 && rowids[i] <= order->max_rowid)
      __builtin_prefetch (&order->rank_of[rowids[i]]);
  for (guint i = 0; i < n; i++)
    if (!mark_rank (order, ranks, rowids[i]))
      return FALSE;

  return TRUE;
}

/* The ranks of @set's matches in @order, as a bitmap of n_rows bits, or
 * NULL when a match is not a live row of @order (the FTS index and the
 * table disagree). One step a match: the part of a search that grows
 * with its matches, once FTS5 has handed them over. */
static gulong *
rank_matches (const SortOrder *order,
              const MatchSet  *set)
{
  g_autofree gulong *ranks = g_new0 (gulong, order->n_rows / WORD_BITS + 1);

  if (set->bits != NULL)
    {
      gint64 chunk[RANK_CHUNK];
      guint n = 0;

      for (gint64 w = 0; w <= set->max_rowid / (gint64)WORD_BITS; w++)
        for (gulong word = set->bits[w]; word != 0; word &= word - 1)
          {
            chunk[n++] = w * WORD_BITS + lowest_bit (word);
            if (n == RANK_CHUNK)
              {
                if (!rank_chunk (order, ranks, chunk, n))
                  return NULL;
                n = 0;
              }
          }
      if (!rank_chunk (order, ranks, chunk, n))
        return NULL;
    }
  else
    {
      for (guint i = 0; i < set->rowids->len; i += RANK_CHUNK)
        if (!rank_chunk (order, ranks, &g_array_index (set->rowids, gint64, i),
                         MIN (RANK_CHUNK, set->rowids->len - i)))
          return NULL;
    }

  return g_steal_pointer (&ranks);
}

/* Keeps @ranks (taken) as @set's ranks in @order, when @set is dense
 * enough that ranking it again costs more than a pass over the bitmap
 * (a match in every 64 rows): a one-letter prefix's next pages and its
 * next keystroke are then a scan of 125 KiB at a million rows. */
static gboolean
keep_ranks (MatchSet        *set,
            const SortOrder *order,
            gulong          *ranks)
{
  if ((guint64)set->count * WORD_BITS < order->n_rows)
    return FALSE;

  g_free (set->ranks);
  set->ranks = ranks;
  set->ranks_serial = order->serial;
  set->ranks_bytes = (order->n_rows / WORD_BITS + 1) * sizeof (gulong);
  return TRUE;
}

/* The match sets of every one-letter prefix a person is likely to type
 * first (the Latin and Cyrillic letters and the digits, in lower case:
 * match_key()), read on @db in its read transaction. A one-letter prefix
 * matches up to a third of the rows, and reading its matches from FTS5
 * costs about 35 ns each: 13 ms for the largest letters at a million
 * contacts, every time the search box gets its first letter. Kept and
 * brought up to date like any match set, each is then a count and a
 * scan of its ranks. NULL when the read failed or was cancelled. */
static GPtrArray *
read_letter_sets (sqlite3        *db,
                  const KtEntity *entity)
{
  g_autoptr(GPtrArray) sets = g_ptr_array_new_with_free_func (match_set_free);
  g_autofree char *sql = matches_sql (entity);
  g_autoptr(GString) letters = g_string_new ("abcdefghijklmnopqrstuvwxyz0123456789");
  sqlite3_stmt *stmt = NULL;
  int rc;

  for (gunichar c = 0x0430; c <= 0x044F; c++)   /* а-я */
    g_string_append_unichar (letters, c);

  rc = sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL);
  for (const char *p = letters->str; rc == SQLITE_OK && *p != '\0'; p = g_utf8_next_char (p))
    {
      g_autofree char *match = g_strdup_printf ("\"%.*s\"*", (int)(g_utf8_next_char (p) - p), p);
      GArray *rowids;

      sqlite3_bind_text (stmt, 1, match, -1, SQLITE_TRANSIENT);
      rowids = step_matches (stmt, &rc);
      if (rowids != NULL)
        {
          rc = SQLITE_OK;
          g_ptr_array_add (sets, match_set_new (entity, match, rowids));
        }
    }
  sqlite3_finalize (stmt);

  return rc == SQLITE_OK ? g_steal_pointer (&sets) : NULL;
}

/* A worker's job: a read-only connection of its own (never one that
 * could create the file again, should the store be gone), read the order
 * or the letters' sets in one read transaction, close. */
static void
order_job_run (OrderJob *job)
{
  g_autofree char *sql = NULL;
  sqlite3_stmt *stmt = NULL;
  sqlite3 *db = NULL;
  GArray *rowids = NULL;
  SortOrder *ranked = NULL;
  GPtrArray *sets = NULL;
  int rc;

  rc = sqlite3_open_v2 (job->path, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc == SQLITE_OK)
    {
      kt_store_register_functions (db);
      sqlite3_busy_timeout (db, 5000);
      sqlite3_progress_handler (db, 1000, on_job_progress_cb, job->cancellable);
      rc = sqlite3_exec (db, "BEGIN", NULL, NULL, NULL);
    }
  if (rc == SQLITE_OK && job->order_sql == NULL && job->letters)
    sets = read_letter_sets (db, job->entity);
  if (rc == SQLITE_OK && job->order_sql != NULL)
    {
      guint n_saved;

      rc = kt_saved_order_read (db, job->entity, job->order_sql, 0, G_MAXUINT, &rowids, &n_saved);
      job->from_saved = rowids != NULL;
    }
  if (rc == SQLITE_OK && job->order_sql != NULL && rowids == NULL)
    {
      sql = order_rowids_sql (job->entity, job->order_sql);
      rc = sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL);
    }
  if (rc == SQLITE_OK && job->order_sql != NULL && rowids == NULL)
    rowids = step_rowids (stmt, &rc);
  if (rowids == NULL && job->order_sql != NULL)
    g_debug ("Could not read the order of %s ahead: %s", job->entity->plural,
             db != NULL ? sqlite3_errmsg (db) : sqlite3_errstr (rc));
  sqlite3_finalize (stmt);

  /* Ranked here rather than on the main thread. */
  if (rowids != NULL)
    {
      ranked = g_new0 (SortOrder, 1);
      if (!order_set_rows (ranked, g_steal_pointer (&rowids)))
        g_clear_pointer (&ranked, sort_order_free);
    }
  sqlite3_exec (db, "COMMIT", NULL, NULL, NULL);
  sqlite3_close (db);

  g_mutex_lock (&job->lock);
  job->ranked = ranked;
  job->sets = sets;
  job->done = TRUE;
  g_cond_broadcast (&job->cond);
  g_mutex_unlock (&job->lock);

  order_job_unref (job);
}

/* A worker's jobs, one after the other: the order first, which a far
 * page may be waiting for, then the letters' sets. */
static gpointer
order_jobs_run (gpointer data)
{
  for (OrderJob *job = data, *next; job != NULL; job = next)
    {
      next = g_steal_pointer (&job->next);
      order_job_run (job);
    }

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
static OrderJob *
order_job_new (KtStore        *self,
               const KtEntity *entity,
               const char     *order_sql,
               const Stamp    *stamp)
{
  SortOrder *order = sort_order_new (entity, order_sql, stamp);
  OrderJob *job = g_new0 (OrderJob, 1);

  job->ref_count = 2;   /* the placeholder's and the worker's */
  job->path = g_strdup (kt_store_get_path (self));
  job->entity = entity;
  job->order_sql = g_strdup (order_sql);
  job->letters = order_sql == NULL;
  job->cancellable = g_cancellable_new ();
  g_mutex_init (&job->lock);
  g_cond_init (&job->cond);

  order->job = job;
  if (order_sql != NULL)
    add_order (self, order);
  else
    get_cache (self)->letters = order;

  return job;
}

/* Starts a worker reading the order of @order_sql (unless NULL), then,
 * when @letters, the one-letter match sets of @entity: each waits in a
 * placeholder (an order without rows, or the cache's letters) that the
 * update hook lists this connection's writes into meanwhile. */
static void
start_order_job (KtStore         *self,
                 const KtEntity  *entity,
                 const char      *order_sql,
                 gboolean         letters,
                 const Stamp     *stamp)
{
  const char *path = kt_store_get_path (self);
  OrderJob *first = NULL;
  OrderJob *last = NULL;

  if (path == NULL || !g_file_test (path, G_FILE_TEST_IS_REGULAR))
    return;

  if (order_sql != NULL)
    first = order_job_new (self, entity, order_sql, stamp);
  if (letters)
    {
      last = order_job_new (self, entity, NULL, stamp);
      if (first != NULL)
        first->next = last;
      else
        first = last;
    }

  if (first != NULL)
    g_thread_unref (g_thread_new ("kt-store-order", order_jobs_run, first));
}

/* Keeps the worker's letter sets, stamped like the order they were read
 * with (or the placeholder of a letters-only worker) and following the
 * same written rows, and never trimmed: the alphabet bounds them. One
 * the cache has already (read by a search meanwhile) is kept instead, as
 * a search may hold it. */
static void
add_letter_sets (SearchCache     *cache,
                 const SortOrder *order,
                 GPtrArray       *sets)
{
  for (guint i = 0; i < sets->len && order->written != NULL; i++)
    {
      MatchSet *set = g_ptr_array_index (sets, i);
      MatchSet *known = NULL;

      for (GList *l = cache->sets.head; l != NULL && known == NULL; l = l->next)
        if (((MatchSet *)l->data)->entity == set->entity &&
            g_str_equal (((MatchSet *)l->data)->match, set->match))
          known = l->data;
      if (known != NULL)
        {
          known->letter = TRUE;
          continue;
        }

      set->letter = TRUE;
      set->stamp = order->stamp;
      set->written = g_array_copy (order->written);
      g_queue_push_tail (&cache->sets, g_ptr_array_steal_index_fast (sets, i--));
    }
}

/* @order was just read, from the file's saved copy (@from_saved) or
 * from the index: a long one read from the index is saved once the read
 * is over, so that the next process that opens the list finds it. */
static void
note_read (KtStore   *self,
           SortOrder *order,
           gboolean   from_saved)
{
  order->saved = from_saved;
  if (!from_saved && order->n_rows >= ORDER_MIN_OFFSET)
    get_cache (self)->save_pending = TRUE;
}

/* Takes the worker's rows into @order, waiting for them if @wait. FALSE
 * while they are not there, or when the worker failed (order->job is
 * then NULL and the order has no rows). */
static gboolean
finish_order_job (KtStore   *self,
                  SortOrder *order,
                  gboolean   wait)
{
  OrderJob *job = order->job;
  g_autoptr(GPtrArray) sets = NULL;
  SortOrder *ranked;
  gboolean from_saved;

  g_mutex_lock (&job->lock);
  while (wait && !job->done)
    g_cond_wait (&job->cond, &job->lock);
  if (!job->done)
    {
      g_mutex_unlock (&job->lock);
      return FALSE;
    }
  ranked = g_steal_pointer (&job->ranked);
  sets = g_steal_pointer (&job->sets);
  from_saved = job->from_saved;
  g_mutex_unlock (&job->lock);

  order->job = NULL;
  order_job_unref (job);
  if (sets != NULL)
    add_letter_sets (get_cache (self), order, sets);
  if (ranked == NULL)
    return FALSE;

  /* The worker's ranks, serial and all: the sets' ranks are of them. */
  order->rowids = g_steal_pointer (&ranked->rowids);
  order->rank_of = g_steal_pointer (&ranked->rank_of);
  order->n_rows = ranked->n_rows;
  order->max_rowid = ranked->max_rowid;
  order->serial = ranked->serial;
  sort_order_free (ranked);
  note_read (self, order, from_saved);
  return TRUE;
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
  /* Ranks moved: the match sets' ranks are of the old order. */
  if (to != old || present != live)
    order->serial = (guint)g_atomic_int_add (&next_serial, 1) + 1;

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

      if (order->job != NULL && !finish_order_job (self, order, wait))
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
          /* A row of the table was written: the file's copy is stale
           * (its triggers moved live_counts.changes). */
          if (order->written->len > 0)
            order->saved = FALSE;
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

/* Walking the order costs less than ranking a match (a read of the
 * order's next rowid and a test of one bit, against a lookup of the
 * match's rank, a cache miss in a 4 MiB array at a million rows, and a
 * write of its bit, plus clearing and scanning the rank bitmap). A page
 * of a dense set walks the order from the top when, were the matches
 * spread evenly, its end would come within 1/WALK_RATIO of the set's
 * size in rows, and gives up for ranking after WALK_SLACK times that
 * (matches that sort late, like a Cyrillic prefix in a list sorted by
 * name), which wastes at most about half what ranking costs. */
#define WALK_RATIO 8
#define WALK_SLACK 4

/* The page [offset, offset + limit) of @set's matches, read by walking
 * @order from its first row and testing each in @set's bitmap, into
 * @page; FALSE when more than @budget rows went by first. A page of a
 * two-letter prefix at a million contacts (30,000 matches) is about
 * 1,700 rows down the order, where ranking every match takes 30,000
 * lookups. Rows of the order only: a match that is not a live row is
 * never on a page, as in SQL. */
static gboolean
walk_order (const SortOrder *order,
            const MatchSet  *set,
            guint            offset,
            guint            limit,
            guint64          budget,
            GArray          *page)
{
  guint64 end = MIN ((guint64)order->n_rows, budget);
  guint found = 0;

  for (guint64 i = 0; i < end; i++)
    {
      gint64 rowid = order->rowids[i];

      if (rowid < 0 || rowid > set->max_rowid || !bit_is_set (set->bits, rowid))
        continue;
      if (found++ < offset)
        continue;
      g_array_append_val (page, rowid);
      if (page->len >= limit)
        return TRUE;
    }

  return end == order->n_rows;
}

/* The rowids of the matches at [offset, offset + limit) in @order, or
 * NULL when a match is not a live row of @order (the FTS index and the
 * table disagree: SQL answers instead). */
static GArray *
page_rowids (const SortOrder *order,
             MatchSet        *set,
             guint            offset,
             guint            limit)
{
  g_autofree gulong *scratch = NULL;
  g_autoptr(GArray) page = g_array_new (FALSE, FALSE, sizeof (gint64));
  guint n_words = order->n_rows / WORD_BITS + 1;
  const gulong *ranks = set->ranks;
  guint skipped = 0;

  if (offset >= set->count)
    return g_steal_pointer (&page);

  /* A dense set's first pages: a walk down the order, when it is
   * expected to be much shorter than ranking. */
  if ((ranks == NULL || set->ranks_serial != order->serial) && set->bits != NULL && limit > 0)
    {
      guint64 even = ((guint64)offset + limit) * order->n_rows / set->count;

      if (even * WALK_RATIO <= set->count &&
          walk_order (order, set, offset, limit, even * WALK_SLACK + 1024, page))
        return g_steal_pointer (&page);
      g_array_set_size (page, 0);
    }

  if (ranks == NULL || set->ranks_serial != order->serial)
    {
      scratch = rank_matches (order, set);
      if (scratch == NULL)
        return NULL;
      ranks = scratch;
      if (keep_ranks (set, order, scratch))
        scratch = NULL;
    }

  for (guint w = 0; w < n_words; w++)
    {
      gulong word = ranks[w];
      guint in_word = (guint)__builtin_popcountl (word);

      /* Whole words before the page cost a popcount each. */
      if (skipped + in_word <= offset)
        {
          skipped += in_word;
          continue;
        }
      while (word != 0)
        {
          gint64 rowid = order->rowids[w * WORD_BITS + lowest_bit (word)];

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

/* Saves in the file the long orders it has no valid copy of, each in the
 * state the cache knows it in (brought up to date from this connection's
 * writes), in one write transaction of this connection. One another
 * connection made stale (a sync's worker) is left, unless @refresh: then
 * it is read again, from the file's copy if that is valid, else from the
 * index and saved (as the store closes, when nobody waits for it).
 * Outside the caller's transactions only, and only when the file is
 * free: a save is never worth waiting for another writer. About 4 MiB
 * and 15 ms CPU at a million rows. */
static void
save_orders (KtStore  *self,
             gboolean  refresh)
{
  SearchCache *cache = g_object_get_qdata (G_OBJECT (self), search_cache_quark ());
  sqlite3 *db = kt_store_get_db (self);
  g_autoptr(GPtrArray) todo = NULL;
  g_autoptr(GPtrArray) saved = NULL;
  g_autoptr(GError) error = NULL;
  Stamp before, after;
  int rc;

  if (cache == NULL || db == NULL || !sqlite3_get_autocommit (db) ||
      sqlite3_db_readonly (db, "main") == 1)
    return;
  cache->save_pending = FALSE;

  /* By name: find_order() may free a stale order or move it in the queue. */
  todo = g_ptr_array_new ();
  for (GList *l = cache->orders.head; l != NULL; l = l->next)
    {
      SortOrder *order = l->data;

      /* Rows written since it was used make the file's copy stale;
       * another connection's commit may have. */
      if (order->job == NULL && order->n_rows >= ORDER_MIN_OFFSET &&
          (refresh || !order->saved || order->written == NULL || order->written->len > 0))
        g_ptr_array_add (todo, order);
    }
  if (todo->len == 0)
    return;
  for (guint i = 0; i < todo->len; i++)
    {
      SortOrder *order = g_ptr_array_index (todo, i);

      g_ptr_array_index (todo, i) = g_strdup_printf ("%s\n%s", order->entity->name, order->order_sql);
    }
  g_ptr_array_set_free_func (todo, g_free);

  sqlite3_busy_timeout (db, 0);
  rc = sqlite3_exec (db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
  sqlite3_busy_timeout (db, kt_store_busy_timeout_ms ());
  if (rc != SQLITE_OK)
    {
      g_debug ("Not saving the lists' orders now: %s", sqlite3_errmsg (db));
      return;
    }

  /* Nobody else can commit until this transaction ends. */
  saved = g_ptr_array_new ();
  rc = read_stamp (self, &before, &error) ? SQLITE_OK : SQLITE_ERROR;
  for (guint i = 0; i < todo->len && rc == SQLITE_OK; i++)
    {
      g_auto(GStrv) key = g_strsplit (g_ptr_array_index (todo, i), "\n", 2);
      const KtEntity *entity = kt_entity_lookup (key[0]);
      SortOrder *order;
      guint n_rows;

      /* Written even when the copy looks valid (this connection's write
       * rolled back): one cut short by hand is mended so. */
      order = find_order (self, entity, key[1], &before, FALSE, &n_rows, NULL);
      if (order != NULL && order->saved && refresh)
        continue;
      if (order == NULL && refresh)
        {
          g_autoptr(GError) read_error = NULL;

          /* In place of the stale one find_order() dropped: the cache
           * keeps as many orders as before. */
          order = read_order (self, entity, key[1], &before, &read_error);
          if (order != NULL)
            add_order (self, order);
          if (order != NULL && order->saved)
            continue;
        }
      if (order == NULL)
        continue;
      rc = kt_saved_order_write (db, entity, key[1], order->rowids, order->n_rows);
      g_ptr_array_add (saved, order);
    }
  if (rc == SQLITE_OK && !read_stamp (self, &after, &error))
    rc = SQLITE_ERROR;
  if (rc == SQLITE_OK)
    rc = sqlite3_exec (db, "COMMIT", NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    {
      g_debug ("Could not save the lists' orders: %s",
               error != NULL ? error->message : sqlite3_errmsg (db));
      sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
      return;
    }

  /* The orders read again here are saved now. */
  cache->save_pending = FALSE;

  /* The save wrote no row of any list: what was current before it is
   * current after it. */
  for (guint i = 0; i < saved->len; i++)
    ((SortOrder *)g_ptr_array_index (saved, i))->saved = TRUE;
  for (GList *l = cache->orders.head; l != NULL; l = l->next)
    if (stamp_equal (&((SortOrder *)l->data)->stamp, &before))
      ((SortOrder *)l->data)->stamp = after;
  for (GList *l = cache->sets.head; l != NULL; l = l->next)
    if (stamp_equal (&((MatchSet *)l->data)->stamp, &before))
      ((MatchSet *)l->data)->stamp = after;
  if (cache->letters != NULL && stamp_equal (&cache->letters->stamp, &before))
    cache->letters->stamp = after;
}

static void
end_read (KtStore *self)
{
  sqlite3 *db = kt_store_get_db (self);
  SearchCache *cache = g_object_get_qdata (G_OBJECT (self), search_cache_quark ());

  /* Nothing was written, so COMMIT only ends the read; should it fail,
   * ROLLBACK ends it all the same. */
  if (sqlite3_exec (db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
    sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
  if (cache != NULL && cache->save_pending)
    save_orders (self, FALSE);
}

KtSearchResult
kt_store_search_count (KtStore         *self,
                       const KtEntity  *entity,
                       const char      *match,
                       gint64          *out_count,
                       GError         **error)
{
  MatchSet *matches;
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

  *out_count = matches->count;
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
  MatchSet *matches;
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
  if (matches->count == 0)
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
      if ((guint64)matches->count * SQL_SORT_RATIO < n_rows)
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
      g_autoptr(GArray) slice = NULL;
      guint n_saved;
      int rc;

      if (offset < ORDER_MIN_OFFSET)
        {
          end_read (self);
          return KT_SEARCH_NOT_SERVED;
        }

      /* A far page of a list opened cold (or while the worker reads its
       * order): a slice of the order saved in the file, when it is valid
       * in the state this transaction sees, else near the end a read
       * backwards from it. */
      rc = kt_saved_order_read (kt_store_get_db (self), entity, order_sql, offset,
                                limit > 0 ? (guint)MIN ((guint64)offset + limit, G_MAXUINT) : G_MAXUINT,
                                &slice, &n_saved);
      if (rc != SQLITE_OK)
        g_debug ("Could not read the saved order of %s: %s", entity->plural,
                 sqlite3_errmsg (kt_store_get_db (self)));
      if (slice == NULL)
        {
          g_autoptr(GError) tail_error = NULL;

          slice = read_tail_rowids (self, entity, order_sql, offset, limit, &tail_error);
          if (tail_error != NULL)
            {
              g_propagate_error (error, g_steal_pointer (&tail_error));
              goto failed;
            }
        }
      if (slice != NULL)
        {
          records = read_rows (self, entity, slice, error);
          if (records == NULL)
            goto failed;
          end_read (self);
          *out_records = records;
          return KT_SEARCH_SERVED;
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

  /* Only for lists long enough that their far pages need the order;
   * the worker reads the one-letter sets too, or alone when the order
   * is known. */
  if (read_stamp (self, &stamp, &error))
    {
      SearchCache *cache = get_cache (self);
      gboolean letters = kt_store_entity_has_fts (entity) && cache->letters == NULL;

      order = find_order (self, entity, order_sql, &stamp, FALSE, &n_rows, &pending);

      /* Letters another connection's commit made stale (a sync) go, so
       * that they are read ahead again. */
      for (GList *l = cache->sets.head, *next; l != NULL; l = next)
        {
          MatchSet *set = l->data;

          next = l->next;
          if (!set->letter || set->entity != entity)
            continue;
          if (set->stamp.data_version == stamp.data_version && set->written != NULL)
            letters = FALSE;
          else
            {
              match_set_free (set);
              g_queue_delete_link (&cache->sets, l);
            }
        }
      if (order == NULL && !pending &&
          (n_rows > 0 || estimate_rows (self, entity, &n_rows, &error)) &&
          n_rows >= ORDER_MIN_OFFSET)
        start_order_job (self, entity, order_sql, letters, &stamp);
      else if (order != NULL && letters && order->n_rows >= ORDER_MIN_OFFSET)
        start_order_job (self, entity, NULL, TRUE, &stamp);
    }
  if (error != NULL)
    g_debug ("Could not read the order of %s ahead: %s", entity->plural, error->message);

  end_read (self);
}

void
kt_store_search_wait (KtStore *self)
{
  SearchCache *cache;
  GList *l;

  g_assert (KT_IS_STORE (self));

  cache = get_cache (self);
  if (cache->letters != NULL)
    {
      finish_order_job (self, cache->letters, TRUE);
      g_clear_pointer (&cache->letters, sort_order_free);
    }

  l = cache->orders.head;
  while (l != NULL)
    {
      SortOrder *order = l->data;
      GList *next = l->next;

      /* A worker that failed leaves an order without rows: gone. */
      if (order->job != NULL && !finish_order_job (self, order, TRUE))
        {
          g_queue_delete_link (&cache->orders, l);
          sort_order_free (order);
        }
      l = next;
    }

  if (cache->save_pending)
    save_orders (self, FALSE);
}

void
kt_store_save_orders (KtStore *self)
{
  g_return_if_fail (KT_IS_STORE (self));

  save_orders (self, TRUE);
}
