/* kt-store-dupes.c: contacts and companies that may be one
 *
 * The New Contact form asks on every keystroke whether what is typed so
 * far looks like a stored record, and a store holds 100,000 contacts. The
 * keys (kt-dedupe.h) are not what is stored: "0888 123 456" is stored as
 * typed, so SQL cannot find it by "+359888123456" without a scan, and
 * trigram similarity needs an index SQLite's FTS5 table (unicode61) does
 * not have. So the first lookup reads the entity's live rows once and
 * keeps, per entity, a hash of every key to its rows and a trigram
 * inverted index of the names; a lookup is then a few hash lookups and a
 * walk over the postings of the typed name's trigrams.
 *
 * The index is stamped like the search cache (kt-store-search.c): this
 * connection's change count and PRAGMA data_version, which moves when
 * another connection commits. A lookup after any change reads the rows
 * again. Typing does not write, so a form's lookups share one index.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-store"

#include "config.h"

#include <glib/gi18n.h>

#include "kt-store-dupes.h"
#include "kt-store-private.h"

/* A key shared by more records than this is a switchboard or a shared
 * mailbox: it makes no pair in the Duplicates view. */
#define MAX_PAIR_BUCKET 20

/* Merges of merges are followed this far; a longer chain is a loop. */
#define MAX_REDIRECTS 16

typedef struct {
  gint64 changes;
  gint64 data_version;
} Stamp;

typedef struct {
  const KtEntity *entity;
  Stamp           stamp;
  GPtrArray      *ids;         /* of char *, by row number */
  GPtrArray      *titles;      /* of char * */
  GArray         *n_trigrams;  /* of guint16: the size of each row's trigram set */
  GHashTable     *keys;        /* "e:…", "p:…", "c:…", "n:…" → GArray of guint32 rows */
  GHashTable     *trigrams;    /* code → GArray of guint32 rows */
} DupeIndex;

typedef struct {
  DupeIndex *contacts;
  DupeIndex *companies;
} DupeCache;

static G_DEFINE_QUARK (kt-store-dupes-cache, dupes_cache)

void
kt_duplicate_free (KtDuplicate *duplicate)
{
  if (duplicate == NULL)
    return;

  g_free (duplicate->id);
  g_free (duplicate->title);
  g_free (duplicate);
}

void
kt_duplicate_pair_free (KtDuplicatePair *pair)
{
  if (pair == NULL)
    return;

  g_free (pair->id_a);
  g_free (pair->id_b);
  g_free (pair->title_a);
  g_free (pair->title_b);
  g_free (pair);
}

static void
dupe_index_free (DupeIndex *index)
{
  if (index == NULL)
    return;

  g_ptr_array_unref (index->ids);
  g_ptr_array_unref (index->titles);
  g_array_unref (index->n_trigrams);
  g_hash_table_unref (index->keys);
  g_hash_table_unref (index->trigrams);
  g_free (index);
}

static void
dupe_cache_free (gpointer data)
{
  DupeCache *cache = data;

  dupe_index_free (cache->contacts);
  dupe_index_free (cache->companies);
  g_free (cache);
}

static gboolean
read_stamp (KtStore  *self,
            Stamp    *out,
            GError  **error)
{
  return kt_store_read_stamp (self, &out->changes, &out->data_version,
                              _("Could not look for duplicates"), error);
}

/* The fields whose keys make two records one, per entity. */
typedef struct {
  const char *emails[2];
  const char *phones[3];
  const char *company_ids[3];
  const char *names[3];      /* joined with a space into the name */
} KeyFields;

static const KeyFields contact_keys = {
  { "email", NULL },
  { "phone", "mobile", NULL },
  { NULL },
  { "first_name", "last_name", NULL },
};

static const KeyFields company_keys = {
  { "email", NULL },
  { "phone", NULL },
  { "vat_number", "registration_number", NULL },
  { "name", NULL },
};

static const KeyFields *
key_fields (const KtEntity *entity)
{
  if (entity == KT_ENTITY_CONTACT)
    return &contact_keys;
  if (entity == KT_ENTITY_COMPANY)
    return &company_keys;
  return NULL;
}

/* The prefixed keys of one record ("e:ivan@example.bg", "p:+359…"), each
 * once, into @out; and its name (joined) into @out_name. @get reads a
 * field from @source, so rows and records share this. */
typedef const char *(*GetField) (gpointer source, const char *field, guint column);

static void
collect_keys (const KeyFields *fields,
              GetField         get,
              gpointer         source,
              GPtrArray       *out,
              char           **out_name)
{
  g_autoptr (GString) name = g_string_new (NULL);
  guint column = 0;
  guint i;

  for (i = 0; fields->emails[i] != NULL; i++, column++)
    {
      char *key = kt_dedupe_email (get (source, fields->emails[i], column));

      if (key != NULL)
        g_ptr_array_add (out, g_strconcat ("e:", key, NULL));
      g_free (key);
    }
  for (i = 0; fields->phones[i] != NULL; i++, column++)
    {
      char *key = kt_dedupe_phone (get (source, fields->phones[i], column));

      if (key != NULL)
        g_ptr_array_add (out, g_strconcat ("p:", key, NULL));
      g_free (key);
    }
  for (i = 0; fields->company_ids[i] != NULL; i++, column++)
    {
      char *key = kt_dedupe_company_id (get (source, fields->company_ids[i], column));

      if (key != NULL)
        g_ptr_array_add (out, g_strconcat ("c:", key, NULL));
      g_free (key);
    }
  for (i = 0; fields->names[i] != NULL; i++, column++)
    {
      const char *part = get (source, fields->names[i], column);

      if (part == NULL || part[0] == '\0')
        continue;
      if (name->len > 0)
        g_string_append_c (name, ' ');
      g_string_append (name, part);
    }

  /* A phone typed twice (phone and mobile) is one key. */
  for (i = 0; i < out->len; i++)
    {
      guint j;

      for (j = i + 1; j < out->len; j++)
        if (g_str_equal (out->pdata[i], out->pdata[j]))
          g_ptr_array_remove_index (out, j--);
    }

  *out_name = g_string_free (g_steal_pointer (&name), FALSE);
}

static const char *
get_row_field (gpointer    source,
               const char *field,
               guint       column)
{
  /* Column 0 is the id; the key fields follow in KeyFields order. */
  return (const char *) sqlite3_column_text (source, column + 1);
}

static const char *
get_record_field (gpointer    source,
                  const char *field,
                  guint       column)
{
  return kt_record_get_string (source, field);
}

static void
postings_add (GHashTable *table,
              gpointer    key,
              guint32     row)
{
  GArray *rows = g_hash_table_lookup (table, key);

  if (rows == NULL)
    {
      rows = g_array_sized_new (FALSE, FALSE, sizeof (guint32), 1);
      g_hash_table_insert (table, key, rows);
    }

  g_array_append_val (rows, row);
}

static char *
select_sql (const KtEntity  *entity,
            const KeyFields *fields)
{
  g_autoptr (GString) sql = g_string_new ("SELECT id");
  const char * const *groups[] = { fields->emails, fields->phones, fields->company_ids, fields->names };
  guint g, i;

  for (g = 0; g < G_N_ELEMENTS (groups); g++)
    for (i = 0; groups[g][i] != NULL; i++)
      g_string_append_printf (sql, ", \"%s\"", groups[g][i]);
  g_string_append_printf (sql, " FROM \"%s\" WHERE deleted = 0 ORDER BY rowid", entity->plural);

  return g_string_free (g_steal_pointer (&sql), FALSE);
}

static DupeIndex *
build_index (KtStore         *self,
             const KtEntity  *entity,
             const Stamp     *stamp,
             GError         **error)
{
  const KeyFields *fields = key_fields (entity);
  g_autofree char *sql = select_sql (entity, fields);
  g_autoptr (GPtrArray) keys = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GArray) codes = g_array_new (FALSE, FALSE, sizeof (guint32));
  sqlite3 *db = kt_store_get_db (self);
  sqlite3_stmt *stmt;
  DupeIndex *index;
  int rc;

  stmt = kt_store_prepare (self, sql, error);
  if (stmt == NULL)
    return NULL;

  index = g_new0 (DupeIndex, 1);
  index->entity = entity;
  index->stamp = *stamp;
  index->ids = g_ptr_array_new_with_free_func (g_free);
  index->titles = g_ptr_array_new_with_free_func (g_free);
  index->n_trigrams = g_array_new (FALSE, FALSE, sizeof (guint16));
  index->keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                       (GDestroyNotify) g_array_unref);
  index->trigrams = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_array_unref);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      guint32 row = index->ids->len;
      g_autofree char *name = NULL;
      g_autofree char *name_key = NULL;
      guint16 n_codes;
      guint i;

      g_ptr_array_set_size (keys, 0);
      collect_keys (fields, get_row_field, stmt, keys, &name);
      g_ptr_array_add (index->ids, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));

      name_key = kt_dedupe_name_key (name);
      g_array_set_size (codes, 0);
      kt_dedupe_name_trigrams (name_key, codes);
      n_codes = MIN (codes->len, G_MAXUINT16);
      g_array_append_val (index->n_trigrams, n_codes);
      for (i = 0; i < codes->len; i++)
        postings_add (index->trigrams, GUINT_TO_POINTER (g_array_index (codes, guint32, i)), row);
      if (name_key != NULL)
        g_ptr_array_add (keys, g_strconcat ("n:", name_key, NULL));
      g_ptr_array_add (index->titles, g_steal_pointer (&name));

      /* A record's keys are distinct (collect_keys()), and its trigrams a
       * set, so no row is posted twice under one key. */
      for (i = 0; i < keys->len; i++)
        {
          if (!g_hash_table_contains (index->keys, keys->pdata[i]))
            g_hash_table_insert (index->keys, g_strdup (keys->pdata[i]),
                                 g_array_sized_new (FALSE, FALSE, sizeof (guint32), 1));
          postings_add (index->keys, keys->pdata[i], row);
        }
    }
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    {
      kt_store_set_sqlite_error (error, db, rc, _("Could not look for duplicates"));
      dupe_index_free (index);
      return NULL;
    }

  return index;
}

/* The index of @entity for the store's state now, built if missing or
 * stale. Owned by the store. */
static DupeIndex *
get_index (KtStore         *self,
           const KtEntity  *entity,
           GError         **error)
{
  GQuark quark = dupes_cache_quark ();
  DupeCache *cache = g_object_get_qdata (G_OBJECT (self), quark);
  DupeIndex **slot;
  Stamp stamp;

  if (cache == NULL)
    {
      cache = g_new0 (DupeCache, 1);
      g_object_set_qdata_full (G_OBJECT (self), quark, cache, dupe_cache_free);
    }
  slot = entity == KT_ENTITY_CONTACT ? &cache->contacts : &cache->companies;

  /* Read before the rows: a commit in between makes the stamp older than
   * the rows, so the next lookup reads again rather than trusting them. */
  if (!read_stamp (self, &stamp, error))
    return NULL;
  if (*slot != NULL && (*slot)->stamp.changes == stamp.changes &&
      (*slot)->stamp.data_version == stamp.data_version)
    return *slot;

  g_clear_pointer (slot, dupe_index_free);
  *slot = build_index (self, entity, &stamp, error);

  return *slot;
}

#define STRONG_REASONS (KT_DUPLICATE_EMAIL | KT_DUPLICATE_PHONE | KT_DUPLICATE_COMPANY_ID)

/* A shared email, phone or company number first (the name alone is a
 * guess), then more reasons, then the more similar name. */
static int
compare_duplicates (gconstpointer a,
                    gconstpointer b)
{
  const KtDuplicate *x = *(KtDuplicate * const *) a;
  const KtDuplicate *y = *(KtDuplicate * const *) b;
  int strong_x = (x->reasons & STRONG_REASONS) != 0;
  int strong_y = (y->reasons & STRONG_REASONS) != 0;
  int n_x = __builtin_popcount (x->reasons);
  int n_y = __builtin_popcount (y->reasons);

  if (strong_x != strong_y)
    return strong_y - strong_x;
  if (n_x != n_y)
    return n_y - n_x;
  if (x->similarity != y->similarity)
    return x->similarity > y->similarity ? -1 : 1;
  return g_strcmp0 (x->id, y->id);
}

static KtDuplicate *
found_row (GHashTable *found,
           DupeIndex  *index,
           guint32     row)
{
  KtDuplicate *duplicate = g_hash_table_lookup (found, GUINT_TO_POINTER (row + 1));

  if (duplicate == NULL)
    {
      duplicate = g_new0 (KtDuplicate, 1);
      duplicate->id = g_strdup (index->ids->pdata[row]);
      duplicate->title = g_strdup (index->titles->pdata[row]);
      g_hash_table_insert (found, GUINT_TO_POINTER (row + 1), duplicate);
    }

  return duplicate;
}

/**
 * kt_store_find_duplicates:
 *
 * Returns: (transfer full) (element-type KtDuplicate): the candidates,
 * or %NULL with @error set
 */
GPtrArray *
kt_store_find_duplicates (KtStore   *self,
                          KtRecord  *record,
                          guint      limit,
                          GError   **error)
{
  const KtEntity *entity;
  const KeyFields *fields;
  g_autoptr (GPtrArray) keys = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GArray) codes = g_array_new (FALSE, FALSE, sizeof (guint32));
  g_autoptr (GHashTable) found = NULL;
  g_autofree guint16 *counts = NULL;
  g_autoptr (GArray) touched = NULL;
  g_autofree char *name = NULL;
  g_autofree char *name_key = NULL;
  g_autoptr (GPtrArray) result = NULL;
  GHashTableIter iter;
  gpointer key, value;
  DupeIndex *index;
  const char *own_id;
  guint i;

  g_return_val_if_fail (KT_IS_STORE (self), NULL);
  g_return_val_if_fail (record != NULL, NULL);

  entity = kt_record_get_entity (record);
  fields = key_fields (entity);
  g_return_val_if_fail (fields != NULL, NULL);

  index = get_index (self, entity, error);
  if (index == NULL)
    return NULL;

  found = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) kt_duplicate_free);
  collect_keys (fields, get_record_field, record, keys, &name);

  for (i = 0; i < keys->len; i++)
    {
      const char *k = keys->pdata[i];
      GArray *rows = g_hash_table_lookup (index->keys, k);
      KtDuplicateReason reason = k[0] == 'e' ? KT_DUPLICATE_EMAIL :
                                 k[0] == 'p' ? KT_DUPLICATE_PHONE : KT_DUPLICATE_COMPANY_ID;
      guint j;

      for (j = 0; rows != NULL && j < rows->len; j++)
        found_row (found, index, g_array_index (rows, guint32, j))->reasons |= reason;
    }

  /* Similar names: count, per row, the trigrams it shares with the typed
   * name, walking only the postings of those trigrams. */
  name_key = kt_dedupe_name_key (name);
  kt_dedupe_name_trigrams (name_key, codes);
  /* A count per row and the rows touched: a hash table of the touched
   * rows costs several times more on a short name, whose first trigram
   * ("  i") is in thousands of postings. */
  counts = g_new0 (guint16, index->ids->len);
  touched = g_array_new (FALSE, FALSE, sizeof (guint32));
  for (i = 0; i < codes->len; i++)
    {
      GArray *rows = g_hash_table_lookup (index->trigrams,
                                          GUINT_TO_POINTER (g_array_index (codes, guint32, i)));
      guint j;

      for (j = 0; rows != NULL && j < rows->len; j++)
        {
          guint32 row = g_array_index (rows, guint32, j);

          if (counts[row]++ == 0)
            g_array_append_val (touched, row);
        }
    }
  for (i = 0; i < touched->len; i++)
    {
      guint32 row = g_array_index (touched, guint32, i);
      guint n_shared = counts[row];
      guint n_row = g_array_index (index->n_trigrams, guint16, row);
      double similarity = (double) n_shared / (codes->len + n_row - n_shared);
      KtDuplicate *duplicate;

      if (similarity < KT_DEDUPE_NAME_THRESHOLD)
        continue;
      duplicate = found_row (found, index, row);
      duplicate->reasons |= KT_DUPLICATE_NAME;
      duplicate->similarity = similarity;
    }

  own_id = kt_record_get_id (record);
  result = g_ptr_array_new_with_free_func ((GDestroyNotify) kt_duplicate_free);
  g_hash_table_iter_init (&iter, found);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      KtDuplicate *duplicate = value;

      if (own_id != NULL && g_str_equal (duplicate->id, own_id))
        continue;
      g_hash_table_iter_steal (&iter);
      g_ptr_array_add (result, duplicate);
    }

  g_ptr_array_sort (result, compare_duplicates);
  if (limit > 0 && result->len > limit)
    g_ptr_array_set_size (result, limit);

  return g_steal_pointer (&result);
}

static KtDuplicateReason
reason_of_key (const char *key)
{
  switch (key[0])
    {
    case 'e':
      return KT_DUPLICATE_EMAIL;
    case 'p':
      return KT_DUPLICATE_PHONE;
    case 'c':
      return KT_DUPLICATE_COMPANY_ID;
    default:
      return KT_DUPLICATE_NAME;
    }
}

static int
compare_pairs (gconstpointer a,
               gconstpointer b)
{
  const KtDuplicatePair *x = *(KtDuplicatePair * const *) a;
  const KtDuplicatePair *y = *(KtDuplicatePair * const *) b;
  int c = g_utf8_collate (x->title_a, y->title_a);

  if (c != 0)
    return c;
  c = g_strcmp0 (x->id_a, y->id_a);
  return c != 0 ? c : g_strcmp0 (x->id_b, y->id_b);
}

/**
 * kt_store_list_duplicates:
 *
 * Returns: (transfer full) (element-type KtDuplicatePair): the pairs, or
 * %NULL with @error set
 */
GPtrArray *
kt_store_list_duplicates (KtStore         *self,
                          const KtEntity  *entity,
                          GError         **error)
{
  g_autoptr (GHashTable) by_rows = NULL;
  g_autoptr (GPtrArray) pairs = NULL;
  GHashTableIter iter;
  gpointer key, value;
  DupeIndex *index;

  g_return_val_if_fail (KT_IS_STORE (self), NULL);
  g_return_val_if_fail (key_fields (entity) != NULL, NULL);

  index = get_index (self, entity, error);
  if (index == NULL)
    return NULL;

  /* One pair per two rows, with the reasons of every key they share. */
  by_rows = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  pairs = g_ptr_array_new_with_free_func ((GDestroyNotify) kt_duplicate_pair_free);
  g_hash_table_iter_init (&iter, index->keys);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      GArray *rows = value;
      guint i, j;

      if (rows->len < 2 || rows->len > MAX_PAIR_BUCKET)
        continue;

      for (i = 0; i < rows->len; i++)
        for (j = i + 1; j < rows->len; j++)
          {
            guint32 a = g_array_index (rows, guint32, i);
            guint32 b = g_array_index (rows, guint32, j);
            gint64 both = (gint64) MIN (a, b) << 32 | MAX (a, b);
            KtDuplicatePair *pair = g_hash_table_lookup (by_rows, &both);

            if (pair == NULL)
              {
                pair = g_new0 (KtDuplicatePair, 1);
                pair->id_a = g_strdup (index->ids->pdata[MIN (a, b)]);
                pair->id_b = g_strdup (index->ids->pdata[MAX (a, b)]);
                pair->title_a = g_strdup (index->titles->pdata[MIN (a, b)]);
                pair->title_b = g_strdup (index->titles->pdata[MAX (a, b)]);
                g_hash_table_insert (by_rows, g_memdup2 (&both, sizeof both), pair);
                g_ptr_array_add (pairs, pair);
              }
            pair->reasons |= reason_of_key (key);
          }
    }

  g_ptr_array_sort (pairs, compare_pairs);
  return g_steal_pointer (&pairs);
}

/**
 * kt_store_resolve_merged:
 *
 * Returns: (transfer full) (nullable): the id to link to
 */
char *
kt_store_resolve_merged (KtStore        *self,
                         const KtEntity *entity,
                         const char     *id)
{
  g_autofree char *current = NULL;

  g_return_val_if_fail (KT_IS_STORE (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);
  g_return_val_if_fail (kt_entity_get_field (entity, "merged_into_id") != NULL, NULL);

  current = g_strdup (id);
  for (guint hops = 0; hops < MAX_REDIRECTS; hops++)
    {
      g_autoptr (KtQuery) query = kt_query_new (entity);
      g_autoptr (GPtrArray) found = NULL;
      KtRecord *record;
      const char *next;

      kt_query_set_include_deleted (query, TRUE);
      kt_query_add_filter (query, "id", current);
      found = kt_store_query (self, query, 0, 1, NULL);
      if (found == NULL || found->len == 0)
        return NULL;

      record = g_ptr_array_index (found, 0);
      next = kt_record_get_deleted (record) ? kt_record_get_string (record, "merged_into_id") : NULL;
      if (next == NULL)
        return g_steal_pointer (&current);

      g_free (current);
      current = g_strdup (next);
    }

  return g_steal_pointer (&current);
}
