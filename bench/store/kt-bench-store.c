/* kt-bench-store.c: the local store's figures for tools/bench
 *
 *   kt-bench-store search STORE [N]   N random 2-4 letter prefix searches
 *   kt-bench-store open STORE         open + first 100 contacts by name
 *   kt-bench-store pages STORE        pages of 200: start, middle, end, random,
 *                                     after a save (changes STORE), saving
 *                                     the order, far and last pages from a
 *                                     store just opened
 *   kt-bench-store listpages STORE    the contact list's screens: first,
 *                                     middle and end a second later, random
 *   kt-bench-store dupes STORE [N]    N New Contact forms typed key by key
 *
 * Prints "name: value unit" lines. The searches: the store's API (COUNT
 * the matches, then read the first 50 in the default order), then what
 * the contact list does on a keystroke (a KtRecordList given the new
 * query, asked for a screenful of rows), for the same prefixes and for
 * their first letters, and the first search after a save.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-bench-store"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <time.h>

#include "kt-record-list.h"
#include "kt-store.h"
#include "kt-store-dupes.h"
#include "kt-store-private.h"

/* Rows a list view shows at once (and asks its model for). */
#define SCREENFUL 30
/* Saves, each followed by a timed search. */
#define AFTER_WRITE_RUNS 9

static double
ms_since (gint64 start_us)
{
  return (g_get_monotonic_time () - start_us) / 1000.0;
}

/* CPU time of this thread: unlike wall time it does not grow when other
 * processes share the cores. */
static double
cpu_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *)a, y = *(const double *)b;

  return x < y ? -1 : (x > y ? 1 : 0);
}

static double
percentile (GArray *sorted,
            double  p)
{
  guint index = (guint)(p * (sorted->len - 1) + 0.5);

  return g_array_index (sorted, double, index);
}

static void
print_peak_rss (const char *name)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  g_print ("%s: %.1f MiB\n", name, usage.ru_maxrss / 1024.0);
}

/* Prefixes drawn from the stored names: a random contact's first or last
 * name, cut to 2-4 characters. */
static GPtrArray *
draw_prefixes (KtStore  *store,
               guint     n,
               GError  **error)
{
  g_autoptr(KtQuery) query = kt_query_new (KT_ENTITY_CONTACT);
  g_autoptr(GPtrArray) prefixes = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);
  gint64 total = kt_store_count (store, query, error);

  if (total <= 0)
    {
      if (total == 0)
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "the store has no contacts");
      return NULL;
    }

  while (prefixes->len < n)
    {
      g_autoptr(GPtrArray) one = kt_store_query (store, query,
                                                 g_rand_int_range (rand, 0, (gint32)total),
                                                 1, error);
      const char *name;
      glong len;

      if (one == NULL)
        return NULL;
      name = kt_record_get_string (g_ptr_array_index (one, 0),
                                   g_rand_boolean (rand) ? "first_name" : "last_name");
      if (name == NULL || (len = g_utf8_strlen (name, -1)) < 2)
        continue;

      g_ptr_array_add (prefixes,
                       g_utf8_substring (name, 0, MIN (len, g_rand_int_range (rand, 2, 5))));
    }

  return g_steal_pointer (&prefixes);
}

/* Times for one kind of search, wall and this thread's CPU. */
typedef struct {
  GArray *wall;
  GArray *cpu;
} Times;

static void
times_init (Times *times)
{
  times->wall = g_array_new (FALSE, FALSE, sizeof (double));
  times->cpu = g_array_new (FALSE, FALSE, sizeof (double));
}

static void
times_clear (Times *times)
{
  g_clear_pointer (&times->wall, g_array_unref);
  g_clear_pointer (&times->cpu, g_array_unref);
}

static void
times_add (Times  *times,
           gint64  start_us,
           double  cpu_start_ms)
{
  double wall = ms_since (start_us);
  double cpu = cpu_ms () - cpu_start_ms;

  g_array_append_val (times->wall, wall);
  g_array_append_val (times->cpu, cpu);
}

static void
times_print (Times      *times,
             const char *name)
{
  g_array_sort (times->wall, compare_doubles);
  g_array_sort (times->cpu, compare_doubles);
  g_print ("%s.p50: %.3f ms\n", name, percentile (times->wall, 0.50));
  g_print ("%s.p99: %.3f ms\n", name, percentile (times->wall, 0.99));
  g_print ("%s.cpu_p50: %.3f ms\n", name, percentile (times->cpu, 0.50));
  g_print ("%s.cpu_p99: %.3f ms\n", name, percentile (times->cpu, 0.99));
}

/* The contact list's query for @text, as the records pane builds it: the
 * search and the default sort, set explicitly. */
static KtQuery *
list_query (const char *text)
{
  KtQuery *query = kt_query_new (KT_ENTITY_CONTACT);

  kt_query_set_search (query, text);
  kt_query_set_sort (query, KT_ENTITY_CONTACT->default_sort, FALSE);
  return query;
}

/* What the contact list does on a keystroke: the new query (the list
 * counts its matches) and a screenful of rows for the view (the list
 * reads its first page). Returns the number of matches, -1 on error. */
static gint64
search_list (KtRecordList *list,
             const char   *text)
{
  g_autoptr(KtQuery) query = list_query (text);
  guint n;

  kt_record_list_set_query (list, query);
  n = g_list_model_get_n_items (G_LIST_MODEL (list));
  for (guint i = 0; i < MIN (n, SCREENFUL); i++)
    {
      g_autoptr(KtRecord) record = g_list_model_get_item (G_LIST_MODEL (list), i);

      if (record == NULL)
        return -1;
    }

  return n;
}

static int
bench_search (const char *path,
              guint       n)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KtStore) store = kt_store_open (path, &error);
  g_autoptr(GPtrArray) prefixes = NULL;
  g_autoptr(KtRecordList) list = NULL;
  g_autoptr(GPtrArray) contacts = NULL;
  g_autoptr(KtQuery) all = kt_query_new (KT_ENTITY_CONTACT);
  Times api, in_list, one_letter, after_write;
  guint64 matched = 0;

  if (store == NULL || (prefixes = draw_prefixes (store, n, &error)) == NULL)
    {
      g_printerr ("kt-bench-store: %s\n", error->message);
      return 1;
    }

  times_init (&api);
  times_init (&in_list);
  times_init (&one_letter);
  times_init (&after_write);

  /* The store's API: COUNT, then the first 50 rows in the default order. */
  for (guint i = 0; i < prefixes->len; i++)
    {
      g_autoptr(KtQuery) query = list_query (g_ptr_array_index (prefixes, i));
      g_autoptr(GPtrArray) page = NULL;
      gint64 start = g_get_monotonic_time ();
      double cpu_start = cpu_ms ();
      gint64 count;

      count = kt_store_count (store, query, &error);
      page = count >= 0 ? kt_store_query (store, query, 0, 50, &error) : NULL;
      if (page == NULL)
        {
          g_printerr ("kt-bench-store: %s\n", error->message);
          return 1;
        }
      times_add (&api, start, cpu_start);

      /* Every prefix was taken from a stored name, so it must match. */
      if (count == 0 || page->len == 0)
        {
          g_printerr ("kt-bench-store: “%s” found nothing\n",
                      (const char *)g_ptr_array_index (prefixes, i));
          return 1;
        }
      matched += count;
    }

  /* The list view's path, as typed: the same prefixes, then their first
   * letters (the first keystroke, which no prefix index serves). */
  list = kt_record_list_new (store, all);
  for (guint pass = 0; pass < 2; pass++)
    for (guint i = 0; i < prefixes->len; i++)
      {
        const char *prefix = g_ptr_array_index (prefixes, i);
        g_autofree char *text = pass == 0 ? g_strdup (prefix) : g_utf8_substring (prefix, 0, 1);
        gint64 start = g_get_monotonic_time ();
        double cpu_start = cpu_ms ();

        if (search_list (list, text) <= 0)
          {
            g_printerr ("kt-bench-store: the list found nothing for “%s”\n", text);
            return 1;
          }
        times_add (pass == 0 ? &in_list : &one_letter, start, cpu_start);
      }

  /* A search right after a save (an edit, or a sync pull by another
   * connection): whatever the store keeps about the old state is stale. */
  contacts = kt_store_query (store, all, 0, AFTER_WRITE_RUNS, &error);
  if (contacts == NULL)
    {
      g_printerr ("kt-bench-store: %s\n", error->message);
      return 1;
    }
  for (guint i = 0; i < contacts->len; i++)
    {
      KtRecord *contact = g_ptr_array_index (contacts, i);
      g_autofree char *title = g_strdup_printf ("Benchmark %" G_GINT64_FORMAT, g_get_real_time ());
      gint64 start;
      double cpu_start;

      /* A new value each run: saving an unchanged record writes nothing. */
      kt_record_set_string (contact, "job_title", title);
      if (!kt_store_save (store, contact, &error))
        {
          g_printerr ("kt-bench-store: %s\n", error->message);
          return 1;
        }

      start = g_get_monotonic_time ();
      cpu_start = cpu_ms ();
      if (search_list (list, g_ptr_array_index (prefixes, i)) <= 0)
        return 1;
      times_add (&after_write, start, cpu_start);
    }

  times_print (&api, "store.search");
  g_print ("store.search.mean_matches: %.0f rows\n", (double)matched / prefixes->len);
  times_print (&in_list, "store.search_list");
  times_print (&one_letter, "store.search_list_1");
  g_array_sort (after_write.wall, compare_doubles);
  g_array_sort (after_write.cpu, compare_doubles);
  g_print ("store.search_after_write: %.3f ms\n", percentile (after_write.wall, 0.50));
  g_print ("store.search_after_write.cpu: %.3f ms\n", percentile (after_write.cpu, 0.50));
  print_peak_rss ("store.peak_rss");

  times_clear (&api);
  times_clear (&in_list);
  times_clear (&one_letter);
  times_clear (&after_write);
  return 0;
}

static int
bench_open (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KtStore) store = NULL;
  g_autoptr(KtQuery) query = kt_query_new (KT_ENTITY_CONTACT);
  g_autoptr(GPtrArray) page = NULL;
  gint64 start = g_get_monotonic_time ();

  store = kt_store_open (path, &error);
  if (store != NULL)
    page = kt_store_query (store, query, 0, 100, &error);
  if (page == NULL)
    {
      g_printerr ("kt-bench-store: %s\n", error->message);
      return 1;
    }
  if (page->len != 100)
    {
      g_printerr ("kt-bench-store: the first page has %u contacts\n", page->len);
      return 1;
    }

  g_print ("store.open_first_page: %.3f ms\n", ms_since (start));
  return 0;
}

/* One page of 200 at @offset into @times; FALSE on error. */
static gboolean
time_page (KtStore *store,
           KtQuery *query,
           guint    offset,
           Times   *times)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) page = NULL;
  gint64 start = g_get_monotonic_time ();
  double cpu_start = cpu_ms ();

  page = kt_store_query (store, query, offset, 200, &error);
  times_add (times, start, cpu_start);
  if (page == NULL)
    {
      g_printerr ("kt-bench-store: %s\n", error->message);
      return FALSE;
    }

  return TRUE;
}

/* The median of @times, wall and CPU, as @name and @name.cpu. */
static void
times_print_median (Times      *times,
                    const char *name)
{
  g_array_sort (times->wall, compare_doubles);
  g_array_sort (times->cpu, compare_doubles);
  g_print ("%s: %.3f ms\n", name, percentile (times->wall, 0.50));
  g_print ("%s.cpu: %.3f ms\n", name, percentile (times->cpu, 0.50));
}

/* A far page (2/3 down) and the last page of the contact list as a
 * person who opens the list and drags the scroll bar at once, or presses
 * End, asks for them: each from a store just opened, so nothing of the
 * order is in memory, 3 times (page_far_cold, page_last_cold). Then
 * after another connection's save, which makes the file's copy of the
 * order stale, once each: the last page, read backwards from the end
 * (page_last_stale), and the far page, which reads the order from the
 * index and saves it (page_far_stale). */
static gboolean
bench_cold_pages (const char *path,
                  gint64      total)
{
  g_autoptr(KtQuery) query = kt_query_new (KT_ENTITY_CONTACT);
  g_autoptr(GError) error = NULL;
  const char *names[] = { "store.page_far_cold", "store.page_last_cold",
                          "store.page_last_stale", "store.page_far_stale" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      guint offset = (guint)(i == 1 || i == 2 ? MAX (total - 200, 0) : total * 2 / 3);
      gboolean stale = i >= 2;
      Times times;

      times_init (&times);
      for (guint run = 0; run < (stale ? 1 : 3); run++)
        {
          g_autoptr(KtStore) store = NULL;

          if (stale)
            {
              g_autoptr(KtStore) other = kt_store_open (path, &error);
              g_autoptr(GPtrArray) one = NULL;

              /* A page near the top: from SQL, so this store learns no order. */
              one = other != NULL ? kt_store_query (other, query, 100 + run, 1, &error) : NULL;
              if (one == NULL || one->len == 0)
                return FALSE;
              kt_record_set_string (g_ptr_array_index (one, 0), "first_name", "Stale");
              if (!kt_store_save (other, g_ptr_array_index (one, 0), &error))
                {
                  g_printerr ("kt-bench-store: %s\n", error->message);
                  return FALSE;
                }
            }
          store = kt_store_open (path, &error);
          if (store == NULL)
            {
              g_printerr ("kt-bench-store: %s\n", error->message);
              return FALSE;
            }
          if (!time_page (store, query, offset, &times))
            return FALSE;
        }
      times_print_median (&times, names[i]);
      times_clear (&times);
    }

  return TRUE;
}

/* Pages of the contact list in its default order, in a new process: the
 * first page, the first page far from the start (which makes the store
 * read the order once: page_far_first), then the middle and last pages,
 * 100 pages at random positions, and a middle page after each of 9 saves
 * (the list reloads after an edit). */
static int
bench_pages (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KtStore) store = kt_store_open (path, &error);
  g_autoptr(KtQuery) query = kt_query_new (KT_ENTITY_CONTACT);
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);
  g_autoptr(GPtrArray) contacts = NULL;
  const char *names[] = { "store.page_first", "store.page_far_first", "store.page_middle", "store.page_last" };
  Times random, after_write;
  gint64 total, save_start;
  double save_cpu;

  if (store == NULL || (total = kt_store_count (store, query, &error)) < 0)
    {
      g_printerr ("kt-bench-store: %s\n", error->message);
      return 1;
    }

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      guint offset = (guint)(i == 0 ? 0 : i == 1 ? total * 2 / 3 : i == 2 ? total / 2 : MAX (total - 200, 0));
      Times one;

      times_init (&one);
      if (!time_page (store, query, offset, &one))
        return 1;
      times_print_median (&one, names[i]);
      times_clear (&one);
    }

  times_init (&random);
  for (guint i = 0; i < 100; i++)
    if (!time_page (store, query, (guint)g_rand_int_range (rand, 0, (gint32)MAX (total - 200, 1)), &random))
      return 1;
  times_print (&random, "store.page_random");
  times_clear (&random);

  /* The same middle and last pages from LIMIT/OFFSET in SQL, as every
   * page was read before the order served them: the store keeps to SQL
   * inside a caller's transaction. */
  for (guint i = 2; i < G_N_ELEMENTS (names); i++)
    {
      guint offset = (guint)(i == 2 ? total / 2 : MAX (total - 200, 0));
      g_autofree char *name = g_strconcat (names[i], "_offset", NULL);
      Times one;

      times_init (&one);
      if (!kt_store_exec (store, "BEGIN", &error) ||
          !time_page (store, query, offset, &one) ||
          !kt_store_exec (store, "COMMIT", &error))
        {
          g_printerr ("kt-bench-store: %s\n", error != NULL ? error->message : "no page");
          return 1;
        }
      times_print_median (&one, name);
      times_clear (&one);
    }

  contacts = kt_store_query (store, query, (guint)(total / 3), AFTER_WRITE_RUNS, &error);
  if (contacts == NULL)
    {
      g_printerr ("kt-bench-store: %s\n", error->message);
      return 1;
    }
  times_init (&after_write);
  for (guint i = 0; i < contacts->len; i++)
    {
      KtRecord *contact = g_ptr_array_index (contacts, i);
      g_autofree char *name = g_strdup_printf ("Bench%" G_GINT64_FORMAT, g_get_real_time () % 100000);

      /* A new first name each run: the row moves in the order. */
      kt_record_set_string (contact, "first_name", name);
      if (!kt_store_save (store, contact, &error))
        {
          g_printerr ("kt-bench-store: %s\n", error->message);
          return 1;
        }
      if (!time_page (store, query, (guint)(total / 2), &after_write))
        return 1;
    }
  times_print_median (&after_write, "store.page_after_write");
  times_clear (&after_write);

  /* The saves made the file's copy of the order stale: saving it again
   * (what the store does as it closes) costs this. */
  times_init (&random);
  save_start = g_get_monotonic_time ();
  save_cpu = cpu_ms ();
  kt_store_save_orders (store);
  times_add (&random, save_start, save_cpu);
  times_print_median (&random, "store.order_save");
  times_clear (&random);
  g_clear_object (&store);

  if (!bench_cold_pages (path, total))
    return 1;
  print_peak_rss ("store.pages_peak_rss");

  return 0;
}

/* The contact list as the window has it, in a new process: a
 * KtRecordList (which reads its order ahead on a worker thread) shows its
 * first screen, a person looks at it for a second, then drags to the
 * middle and to the end: the time of each of those screens, and of 100
 * screens at random positions. */
static int
bench_list_pages (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KtStore) store = kt_store_open (path, &error);
  g_autoptr(KtQuery) query = list_query (NULL);
  g_autoptr(KtRecordList) list = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);
  const char *names[] = { "store.list_first_screen", "store.list_middle_screen", "store.list_last_screen" };
  Times random;
  guint n;

  if (store == NULL)
    {
      g_printerr ("kt-bench-store: %s\n", error->message);
      return 1;
    }

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      gint64 start = g_get_monotonic_time ();
      guint from;

      if (i == 0)
        list = kt_record_list_new (store, query);
      n = g_list_model_get_n_items (G_LIST_MODEL (list));
      from = i == 0 ? 0 : i == 1 ? n / 2 : n - SCREENFUL;
      for (guint p = from; p < MIN (n, from + SCREENFUL); p++)
        {
          g_autoptr(KtRecord) record = g_list_model_get_item (G_LIST_MODEL (list), p);

          if (record == NULL)
            return 1;
        }
      g_print ("%s: %.3f ms\n", names[i], ms_since (start));
      if (i == 0)
        g_usleep (G_USEC_PER_SEC);
    }

  times_init (&random);
  for (guint i = 0; i < 100; i++)
    {
      guint from = (guint)g_rand_int_range (rand, 0, (gint32)MAX (n - SCREENFUL, 1));
      gint64 start = g_get_monotonic_time ();
      double cpu_start = cpu_ms ();

      for (guint p = from; p < MIN (n, from + SCREENFUL); p++)
        {
          g_autoptr(KtRecord) record = g_list_model_get_item (G_LIST_MODEL (list), p);

          if (record == NULL)
            return 1;
        }
      times_add (&random, start, cpu_start);
    }
  times_print (&random, "store.list_random_screen");
  times_clear (&random);
  print_peak_rss ("store.list_peak_rss");

  return 0;
}

/* One keystroke in a New Contact form: @field gets @value, then the form
 * asks for duplicates. Returns how many were found, -1 on error. */
static gint
dupes_keystroke (KtStore    *store,
                 KtRecord   *form,
                 const char *field,
                 const char *value,
                 Times      *times)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) found = NULL;
  gint64 start = g_get_monotonic_time ();
  double cpu_start = cpu_ms ();

  kt_record_set_string (form, field, value);
  found = kt_store_find_duplicates (store, form, 5, &error);
  times_add (times, start, cpu_start);
  if (found == NULL)
    {
      g_printerr ("kt-bench-store: %s\n", error->message);
      return -1;
    }

  return (gint)found->len;
}

/* N stored contacts typed again into a New Contact form, a character at a
 * time, first name, last name, email, then phone: the lookup the form
 * makes after each keystroke. The first lookup builds the index (a cold
 * form; again after every change to the store) and is reported apart. */
static int
bench_dupes (const char *path,
             guint       n)
{
  static const char * const fields[] = { "first_name", "last_name", "email", "phone" };
  g_autoptr(GError) error = NULL;
  g_autoptr(KtStore) store = kt_store_open (path, &error);
  g_autoptr(KtQuery) query = kt_query_new (KT_ENTITY_CONTACT);
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);
  g_autoptr(KtRecord) first = kt_record_new (KT_ENTITY_CONTACT);
  Times cold, times;
  gint64 total, start;
  guint found_again = 0;

  if (store == NULL || (total = kt_store_count (store, query, &error)) <= 0)
    {
      g_printerr ("kt-bench-store: %s\n", error != NULL ? error->message : "no contacts");
      return 1;
    }

  times_init (&cold);
  start = g_get_monotonic_time ();
  if (dupes_keystroke (store, first, "first_name", "I", &cold) < 0)
    return 1;
  g_print ("store.dupes_index_build: %.3f ms\n", ms_since (start));
  g_print ("store.dupes_index_build.cpu: %.3f ms\n", g_array_index (cold.cpu, double, 0));
  times_clear (&cold);
  print_peak_rss ("store.dupes_peak_rss");

  times_init (&times);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GPtrArray) one = kt_store_query (store, query,
                                                 g_rand_int_range (rand, 0, (gint32)total),
                                                 1, &error);
      g_autoptr(KtRecord) form = kt_record_new (KT_ENTITY_CONTACT);
      KtRecord *stored;
      gint hits = 0;

      if (one == NULL)
        {
          g_printerr ("kt-bench-store: %s\n", error->message);
          return 1;
        }
      stored = g_ptr_array_index (one, 0);
      for (guint f = 0; f < G_N_ELEMENTS (fields); f++)
        {
          const char *value = kt_record_get_string (stored, fields[f]);
          glong len = value != NULL ? g_utf8_strlen (value, -1) : 0;

          for (glong c = 1; c <= len; c++)
            {
              g_autofree char *typed = g_utf8_substring (value, 0, c);

              hits = dupes_keystroke (store, form, fields[f], typed, &times);
              if (hits < 0)
                return 1;
            }
        }
      found_again += hits > 0;
    }

  g_print ("store.dupes_forms: %u\n", n);
  g_print ("store.dupes_keystrokes: %u\n", times.wall->len);
  g_print ("store.dupes_found_again: %u\n", found_again);
  g_array_sort (times.wall, compare_doubles);
  g_array_sort (times.cpu, compare_doubles);
  g_print ("store.dupes_keystroke.p50: %.3f ms\n", percentile (times.wall, 0.50));
  g_print ("store.dupes_keystroke.p95: %.3f ms\n", percentile (times.wall, 0.95));
  g_print ("store.dupes_keystroke.p99: %.3f ms\n", percentile (times.wall, 0.99));
  g_print ("store.dupes_keystroke.cpu_p50: %.3f ms\n", percentile (times.cpu, 0.50));
  g_print ("store.dupes_keystroke.cpu_p95: %.3f ms\n", percentile (times.cpu, 0.95));
  times_clear (&times);

  return 0;
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");

  if (argc >= 3 && g_str_equal (argv[1], "search"))
    return bench_search (argv[2], argc >= 4 ? (guint)atoi (argv[3]) : 1000);
  if (argc >= 3 && g_str_equal (argv[1], "open"))
    return bench_open (argv[2]);
  if (argc >= 3 && g_str_equal (argv[1], "pages"))
    return bench_pages (argv[2]);
  if (argc >= 3 && g_str_equal (argv[1], "listpages"))
    return bench_list_pages (argv[2]);
  if (argc >= 3 && g_str_equal (argv[1], "dupes"))
    return bench_dupes (argv[2], argc >= 4 ? (guint)atoi (argv[3]) : 200);

  g_printerr ("usage: kt-bench-store search|open|pages|listpages|dupes STORE [N]\n");
  return 2;
}
