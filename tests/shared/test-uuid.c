/* test-uuid.c: UUIDv7 ids
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "kantora-shared.h"

static void
test_uuid_format (void)
{
  for (guint i = 0; i < 100; i++)
    {
      g_autofree char *id = kt_uuid_new ();

      g_assert_cmpuint (strlen (id), ==, KT_UUID_STRLEN);
      g_assert_true (kt_uuid_is_valid (id));
      g_assert_cmpint (id[14], ==, '7');                  /* version */
      g_assert_nonnull (strchr ("89ab", id[19]));         /* variant 10 */
    }
}

static void
test_uuid_timestamp (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);
  /* 2026-11-25T18:04:30.123Z = 1795629870123 ms = 0x01a213e16c2b */
  g_autofree char *id = kt_uuid_new_at (G_GINT64_CONSTANT (1795629870123), rand);
  gint64 before = g_get_real_time () / 1000;
  g_autofree char *now_id = kt_uuid_new ();
  gint64 after = g_get_real_time () / 1000;
  char hex[13];
  gint64 ms;

  g_assert_true (g_str_has_prefix (id, "01a213e1-6c2b-7"));

  memcpy (hex, now_id, 8);
  memcpy (hex + 8, now_id + 9, 4);
  hex[12] = '\0';
  ms = g_ascii_strtoll (hex, NULL, 16);
  /* Monotonic state may run a little ahead of the wall clock, never behind. */
  g_assert_cmpint (ms, >=, before);
  g_assert_cmpint (ms, <=, after + 1000);
}

static void
test_uuid_deterministic (void)
{
  g_autoptr(GRand) r1 = g_rand_new_with_seed (7);
  g_autoptr(GRand) r2 = g_rand_new_with_seed (7);
  g_autofree char *a = kt_uuid_new_at (1000, r1);
  g_autofree char *b = kt_uuid_new_at (1000, r2);
  g_autofree char *c = kt_uuid_new_at (1000, r2);

  g_assert_cmpstr (a, ==, b);
  g_assert_cmpstr (b, !=, c);
  g_assert_true (kt_uuid_is_valid (a));
}

static void
test_uuid_monotonic (void)
{
  g_autofree char *prev = kt_uuid_new ();

  /* Far more ids than milliseconds pass: many share a millisecond. */
  for (guint i = 0; i < 100000; i++)
    {
      char *next = kt_uuid_new ();

      g_assert_cmpint (strcmp (prev, next), <, 0);
      g_free (prev);
      prev = next;
    }
}

#define N_THREADS 4
#define PER_THREAD 5000

static gpointer
make_ids (gpointer data)
{
  GPtrArray *ids = data;

  for (guint i = 0; i < PER_THREAD; i++)
    g_ptr_array_add (ids, kt_uuid_new ());

  return NULL;
}

static void
test_uuid_threads (void)
{
  GThread *threads[N_THREADS];
  GPtrArray *ids[N_THREADS];
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint t = 0; t < N_THREADS; t++)
    {
      ids[t] = g_ptr_array_new_with_free_func (g_free);
      threads[t] = g_thread_new ("uuid", make_ids, ids[t]);
    }

  for (guint t = 0; t < N_THREADS; t++)
    {
      g_thread_join (threads[t]);
      /* Each thread sees its own ids increase... */
      for (guint i = 1; i < ids[t]->len; i++)
        g_assert_cmpint (strcmp (g_ptr_array_index (ids[t], i - 1),
                                 g_ptr_array_index (ids[t], i)), <, 0);
      /* ...and no id is ever handed out twice. */
      for (guint i = 0; i < ids[t]->len; i++)
        g_assert_true (g_hash_table_add (seen, g_ptr_array_index (ids[t], i)));
    }

  g_assert_cmpuint (g_hash_table_size (seen), ==, N_THREADS * PER_THREAD);

  for (guint t = 0; t < N_THREADS; t++)
    g_ptr_array_unref (ids[t]);
}

static void
test_uuid_is_valid (void)
{
  g_assert_true (kt_uuid_is_valid ("01935c5e-7b3a-7cde-8f01-23456789abcd"));
  g_assert_true (kt_uuid_is_valid ("00000000-0000-4000-8000-000000000000"));
  g_assert_false (kt_uuid_is_valid (NULL));
  g_assert_false (kt_uuid_is_valid (""));
  g_assert_false (kt_uuid_is_valid ("01935C5E-7B3A-7CDE-8F01-23456789ABCD"));  /* upper case */
  g_assert_false (kt_uuid_is_valid ("01935c5e7b3a7cde8f0123456789abcd"));      /* no dashes */
  g_assert_false (kt_uuid_is_valid ("01935c5e-7b3a-7cde-8f01-23456789abc"));   /* short */
  g_assert_false (kt_uuid_is_valid ("01935c5e-7b3a-7cde-8f01-23456789abcde"));  /* long */
  g_assert_false (kt_uuid_is_valid ("01935c5e-7b3a-7cde-8f01-23456789abcg"));  /* not hex */
  g_assert_false (kt_uuid_is_valid ("01935c5e-7b3a-7cde-8f0123456789-abcd"));  /* dash moved */
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/uuid/format", test_uuid_format);
  g_test_add_func ("/uuid/timestamp", test_uuid_timestamp);
  g_test_add_func ("/uuid/deterministic", test_uuid_deterministic);
  g_test_add_func ("/uuid/monotonic", test_uuid_monotonic);
  g_test_add_func ("/uuid/threads", test_uuid_threads);
  g_test_add_func ("/uuid/is-valid", test_uuid_is_valid);

  return g_test_run ();
}
