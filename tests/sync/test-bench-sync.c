/* test-bench-sync.c: the push benchmark prints a figure only for pushes
 * the server applied
 *
 * Runs the built bench/sync/kt-bench-sync against a real kantora-server:
 * a push from a new client id is applied and gives its figures; the same
 * push again from the same client id is answered 200 with every mutation
 * "duplicate" (nothing written), and the benchmark must fail without a
 * figure instead of printing a rate for work the server did not do.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <sys/wait.h>

#include "kt-test-harness.h"

#define N_MUTATIONS 300

static KtTestServer *server;

static char *
register_owner (void)
{
  g_autofree char *url = g_strconcat (server->url, "/v1/auth/register", NULL);
  g_autofree char *body = g_strdup_printf ("{\"email\": \"bench%u@example.com\", "
                                           "\"password\": \"bench password\", "
                                           "\"full_name\": \"Bench Owner\"}",
                                           g_random_int ());
  g_autoptr (JsonNode) answer = NULL;
  guint status = 0;

  answer = kt_test_http ("POST", url, NULL, body, &status);
  g_assert_cmpuint (status, ==, 201);
  return g_strdup (json_object_get_string_member (json_node_get_object (answer), "token"));
}

/* Runs "kt-bench-sync push URL TOKEN N CLIENT_ID"; returns its exit
 * status and its standard output and error. */
static int
run_push (const char  *token,
          const char  *client_id,
          char       **out,
          char       **err)
{
  const char *bench = g_getenv ("KT_BENCH_SYNC");
  g_autofree char *n = g_strdup_printf ("%u", N_MUTATIONS);
  const char *argv[] = { bench, "push", server->url, token, n, client_id, NULL };
  g_autoptr (GError) error = NULL;
  int wait_status = 0;

  g_assert_nonnull (bench);
  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, out, err, &wait_status, &error);
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (wait_status));
  return WEXITSTATUS (wait_status);
}

static void
test_push_counts_applied (void)
{
  g_autofree char *token = register_owner ();
  g_autofree char *client_id = kt_uuid_new ();
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *out2 = NULL;
  g_autofree char *err2 = NULL;
  g_autofree char *expected = g_strdup_printf ("sync.push_%u.applied: %u mutations\n", N_MUTATIONS, N_MUTATIONS);
  g_autofree char *rate = g_strdup_printf ("sync.push_%u.rate: ", N_MUTATIONS);
  g_autofree char *refused = g_strdup_printf ("0 of %u mutations were applied", N_MUTATIONS);

  /* Every mutation applied: the figures, with the count behind them. */
  g_assert_cmpint (run_push (token, client_id, &out, &err), ==, 0);
  g_assert_nonnull (strstr (out, rate));
  g_assert_nonnull (strstr (out, expected));

  /* The same mutations again: HTTP 200, nothing applied, no figure. */
  g_assert_cmpint (run_push (token, client_id, &out2, &err2), ==, 1);
  g_assert_null (strstr (out2, "sync.push_"));
  g_assert_nonnull (strstr (err2, refused));
  g_assert_nonnull (strstr (err2, "\"duplicate\""));
}

int
main (int    argc,
      char **argv)
{
  int ret;

  g_test_init (&argc, &argv, NULL);

  server = kt_test_server_new ();

  g_test_add_func ("/sync/bench/push-counts-applied", test_push_counts_applied);

  ret = g_test_run ();
  kt_test_server_free (server);
  return ret;
}
