/* test-main-context.c: work handed from a worker to a main context
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "kantora-shared.h"

#define N_POSTS 200

typedef struct
{
  GThread *main_thread;
  GArray  *order;       /* the numbers, in the order they ran */
  guint    wrong_thread;
  guint    freed;
} Seen;

typedef struct
{
  Seen *seen;
  guint number;
} Post;

static gboolean
on_post_cb (gpointer data)
{
  Post *post = data;

  if (g_thread_self () != post->seen->main_thread)
    post->seen->wrong_thread++;
  g_array_append_val (post->seen->order, post->number);
  return G_SOURCE_REMOVE;
}

static void
post_free (gpointer data)
{
  Post *post = data;

  post->seen->freed++;
  g_free (post);
}

static gpointer
worker_func (gpointer data)
{
  Seen *seen = data;

  for (guint i = 0; i < N_POSTS; i++)
    {
      Post *post = g_new0 (Post, 1);

      post->seen = seen;
      post->number = i;
      kt_main_context_post (NULL, on_post_cb, post, post_free);
    }
  return NULL;
}

/* The global default context, not iterated by anyone while the worker
 * posts: g_main_context_invoke() acquired it from the worker then and ran
 * every function there, on the wrong thread. */
static void
test_post_from_worker (void)
{
  Seen seen = { 0 };
  GThread *worker;

  seen.main_thread = g_thread_self ();
  seen.order = g_array_new (FALSE, FALSE, sizeof (guint));

  worker = g_thread_new ("post-worker", worker_func, &seen);
  g_thread_join (worker);
  g_assert_cmpuint (seen.order->len, ==, 0);

  while (seen.order->len < N_POSTS)
    g_main_context_iteration (NULL, TRUE);

  g_assert_cmpuint (seen.wrong_thread, ==, 0);
  g_assert_cmpuint (seen.freed, ==, N_POSTS);
  for (guint i = 0; i < N_POSTS; i++)
    g_assert_cmpuint (g_array_index (seen.order, guint, i), ==, i);
  g_array_unref (seen.order);
}

/* A context of its own, as the server's: the posts run where it is
 * iterated, and a context dropped before it ran them still frees them. */
static void
test_post_to_context (void)
{
  Seen seen = { 0 };
  GMainContext *context = g_main_context_new ();
  Post *post = g_new0 (Post, 1);

  seen.main_thread = g_thread_self ();
  seen.order = g_array_new (FALSE, FALSE, sizeof (guint));
  post->seen = &seen;
  kt_main_context_post (context, on_post_cb, post, post_free);

  /* Nothing runs in the default context. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_cmpuint (seen.order->len, ==, 0);

  while (g_main_context_iteration (context, FALSE))
    ;
  g_assert_cmpuint (seen.order->len, ==, 1);
  g_assert_cmpuint (seen.freed, ==, 1);

  post = g_new0 (Post, 1);
  post->seen = &seen;
  kt_main_context_post (context, on_post_cb, post, post_free);
  g_main_context_unref (context);
  g_assert_cmpuint (seen.order->len, ==, 1);
  g_assert_cmpuint (seen.freed, ==, 2);
  g_array_unref (seen.order);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/main-context/post-from-worker", test_post_from_worker);
  g_test_add_func ("/main-context/post-to-context", test_post_to_context);

  return g_test_run ();
}
