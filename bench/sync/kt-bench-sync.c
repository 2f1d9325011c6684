/* kt-bench-sync.c: the sync benchmark behind tools/bench-sync
 *
 *   kt-bench-sync pull-raw  URL TOKEN         the change feed from scratch over HTTP
 *   kt-bench-sync push      URL TOKEN N [CLIENT_ID]
 *                                             N mutations in batches of 200 (from a new
 *                                             client id unless given); fails unless the
 *                                             server applied every one
 *   kt-bench-sync head      URL TOKEN         the organization's latest seq
 *   kt-bench-sync full      URL EMAIL PASSWORD DIR   a fresh client's login and initial sync
 *                                                    into SQLite
 *   kt-bench-sync roundtrip URL DIR           edit on A, push, pull on B (median of 21)
 *   kt-bench-sync page      N                 the page reader (kt-sync-page.c) on a page of
 *                                             5,000 contacts, N times: median CPU and wall
 *   kt-bench-sync defer     DIR               DIR/full.db (a `full` run's store) made as the
 *                                             last page of an initial sync leaves it: its
 *                                             secondary indexes dropped, its FTS empty, vacuumed
 *   kt-bench-sync end       DIR               the end of that initial sync alone: the indexes
 *                                             built and the FTS filled (copy the deferred file
 *                                             first to run it again)
 *
 * Prints "sync.<name>: value unit" lines.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-bench-sync"

#include "config.h"

#include <libsoup/soup.h>
#include <stdlib.h>
#include <glib/gstdio.h>
#include <sys/resource.h>
#include <time.h>

#include "kt-store-private.h"
#include "kt-store-sync.h"
#include "kt-sync-engine.h"
#include "kt-sync-page.h"

static SoupSession *session;

static JsonNode *
request (const char *method,
         const char *url,
         const char *token,
         const char *body,
         gsize      *out_bytes)
{
  g_autoptr (SoupMessage) msg = soup_message_new (method, url);
  g_autoptr (GBytes) bytes = NULL;
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) error = NULL;
  g_autofree char *auth = g_strconcat ("Bearer ", token, NULL);

  soup_message_headers_append (soup_message_get_request_headers (msg), "Authorization", auth);
  if (body != NULL)
    {
      g_autoptr (GBytes) req = g_bytes_new (body, strlen (body));

      soup_message_set_request_body_from_bytes (msg, "application/json", req);
    }
  bytes = soup_session_send_and_read (session, msg, NULL, &error);
  if (bytes == NULL)
    g_error ("%s %s: %s", method, url, error->message);
  if (soup_message_get_status (msg) != 200)
    g_error ("%s %s: HTTP %u %.*s", method, url, soup_message_get_status (msg),
             (int) g_bytes_get_size (bytes), (const char *) g_bytes_get_data (bytes, NULL));
  if (out_bytes != NULL)
    *out_bytes += g_bytes_get_size (bytes);
  if (!json_parser_load_from_data (parser, g_bytes_get_data (bytes, NULL), (gssize) g_bytes_get_size (bytes), &error))
    g_error ("%s", error->message);
  return json_node_copy (json_parser_get_root (parser));
}

static int
pull_raw (const char *url,
          const char *token)
{
  gint64 cursor = 0, start = g_get_monotonic_time ();
  gsize bytes = 0;
  guint records = 0;
  gboolean more = TRUE;

  while (more)
    {
      g_autofree char *path = g_strdup_printf ("%s/v1/sync/pull?protocol=%d&cursor=%" G_GINT64_FORMAT "&limit=5000",
                                               url, KT_SYNC_PROTOCOL_VERSION, cursor);
      g_autoptr (JsonNode) root = request ("GET", path, token, NULL, &bytes);
      JsonObject *obj = json_node_get_object (root);

      records += json_array_get_length (json_object_get_array_member (obj, "changes"));
      cursor = json_object_get_int_member (obj, "cursor");
      more = json_object_get_boolean_member (obj, "has_more");
    }

  g_print ("sync.pull_raw.time: %.2f s\n", (g_get_monotonic_time () - start) / 1e6);
  g_print ("sync.pull_raw.size: %.1f MB\n", bytes / 1e6);
  g_print ("sync.pull_raw.records: %u records\n", records);
  return 0;
}

static int
head (const char *url,
      const char *token)
{
  g_autofree char *path = g_strdup_printf ("%s/v1/sync/pull?protocol=%d&cursor=0&limit=1",
                                           url, KT_SYNC_PROTOCOL_VERSION);
  g_autoptr (JsonNode) root = request ("GET", path, token, NULL, NULL);

  g_print ("%" G_GINT64_FORMAT "\n", json_object_get_int_member (json_node_get_object (root), "head"));
  return 0;
}

/* Counts the results of one push answer (docs/sync.md): every mutation
 * @first..@last must come back exactly once, "applied". Anything else
 * (rejected, duplicate, a missing or unknown id) counts in @other, and
 * the first such result is kept in @first_other for the message. */
static void
count_applied (JsonNode *root,
               guint     first,
               guint     last,
               guint    *applied,
               guint    *other,
               GString  *first_other)
{
  JsonObject *obj = JSON_NODE_HOLDS_OBJECT (root) ? json_node_get_object (root) : NULL;
  JsonArray *results = obj != NULL && json_object_has_member (obj, "results") ?
                       json_object_get_array_member (obj, "results") : NULL;
  guint n = results != NULL ? json_array_get_length (results) : 0;
  guint batch_applied = 0;
  g_autoptr (GHashTable) seen = g_hash_table_new (NULL, NULL);

  for (guint i = 0; i < n; i++)
    {
      JsonNode *node = json_array_get_element (results, i);
      JsonObject *result = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      gint64 id = result != NULL ? json_object_get_int_member_with_default (result, "id", -1) : -1;
      const char *status = result != NULL ?
                           json_object_get_string_member_with_default (result, "status", "") : "";

      if (id >= first && id <= last && g_str_equal (status, "applied") &&
          g_hash_table_add (seen, GSIZE_TO_POINTER ((gsize) id)))
        {
          batch_applied++;
          continue;
        }
      if (first_other->len == 0)
        {
          g_autofree char *text = json_to_string (node, FALSE);

          g_string_append (first_other, text);
        }
    }

  *applied += batch_applied;
  /* Mutations the answer left out count as not applied too. */
  *other += (last - first + 1) - batch_applied;
  if (batch_applied != last - first + 1 && first_other->len == 0)
    g_string_printf (first_other, "no result for %u of the mutations %u..%u",
                     (last - first + 1) - batch_applied, first, last);
}

static int
push (const char *url,
      const char *token,
      guint       n,
      const char *given_client_id)
{
  g_autofree char *client_id = given_client_id != NULL ? g_strdup (given_client_id) : kt_uuid_new ();
  g_autofree char *push_url = g_strconcat (url, "/v1/sync/push", NULL);
  g_autoptr (KtHlc) clock = kt_hlc_new (NULL);
  gint64 start = g_get_monotonic_time ();
  guint id = 0, applied = 0, other = 0;
  g_autoptr (GString) first_other = g_string_new (NULL);
  g_autofree char *name = NULL;

  while (id < n)
    {
      g_autoptr (GString) body = g_string_new (NULL);
      g_autoptr (JsonNode) root = NULL;
      guint batch_first = id + 1;

      g_string_append_printf (body, "{\"protocol\":%d,\"client_id\":\"%s\",\"mutations\":[",
                              KT_SYNC_PROTOCOL_VERSION, client_id);
      for (guint i = 0; i < 200 && id < n; i++)
        {
          g_autofree char *record_id = kt_uuid_new ();
          g_autofree char *stamp = kt_hlc_tick (clock);

          id++;
          g_string_append_printf (body, "%s{\"id\":%u,\"entity\":\"contact\",\"record_id\":\"%s\","
                                  "\"fields\":{\"first_name\":\"Bench %u\",\"last_name\":\"Pushed\",\"city\":\"Sofia\"},"
                                  "\"clocks\":{\"first_name\":\"%s\",\"last_name\":\"%s\",\"city\":\"%s\"}}",
                                  i > 0 ? "," : "", id, record_id, id, stamp, stamp, stamp);
        }
      g_string_append (body, "]}");
      root = request ("POST", push_url, token, body->str, NULL);
      count_applied (root, batch_first, id, &applied, &other, first_other);
    }

  /* A push the server answered 200 but did not write is no push: a rate
   * of 10,000 rejections must never be printed as a figure. */
  if (applied != n)
    {
      g_printerr ("kt-bench-sync: %u of %u mutations were applied, %u answered otherwise%s%s\n",
                  applied, n, other, first_other->len > 0 ? "; the first: " : "", first_other->str);
      return 1;
    }
  /* Named after the mutations pushed: "10k" only for 10,000. */
  name = n % 1000 == 0 ? g_strdup_printf ("push_%uk", n / 1000) : g_strdup_printf ("push_%u", n);
  g_print ("sync.%s.time: %.2f s\n", name, (g_get_monotonic_time () - start) / 1e6);
  g_print ("sync.%s.rate: %.0f mutations/s\n", name, n / ((g_get_monotonic_time () - start) / 1e6));
  g_print ("sync.%s.applied: %u mutations\n", name, applied);
  return 0;
}

typedef struct {
  gboolean done;
  GError  *error;
} Wait;

static void
on_done_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Wait *wait = user_data;
  gpointer tag = g_task_get_source_tag (G_TASK (result));

  if (tag == kt_sync_engine_login_async)
    kt_sync_engine_login_finish (KT_SYNC_ENGINE (source), result, &wait->error);
  else if (tag == kt_sync_engine_register_async)
    kt_sync_engine_register_finish (KT_SYNC_ENGINE (source), result, &wait->error);
  else
    kt_sync_engine_sync_now_finish (KT_SYNC_ENGINE (source), result, &wait->error);
  wait->done = TRUE;
}

static void
wait_for (Wait *wait)
{
  while (!wait->done)
    g_main_context_iteration (NULL, TRUE);
  if (wait->error != NULL)
    g_error ("%s", wait->error->message);
}

static KtSyncEngine *
open_client (const char *dir,
             const char *name)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr (KtStore) store = kt_store_open (path, &error);
  g_autoptr (KtSecrets) secrets = kt_secrets_memory_new ();
  KtSyncEngine *engine;

  if (store == NULL)
    g_error ("%s", error->message);
  engine = kt_sync_engine_new (store, secrets);
  kt_sync_engine_set_auto_sync (engine, FALSE);
  return engine;
}

static void
sync_once (KtSyncEngine *engine)
{
  Wait wait = { 0 };

  kt_sync_engine_sync_now_async (engine, NULL, on_done_cb, &wait);
  wait_for (&wait);
}

/* The longest the main loop went without dispatching a 5 ms timer: what
 * a window would feel as a stall while the pull runs. On a shared
 * machine a gap is also the time the main thread waited for a core, so
 * the most CPU the main thread used between two ticks is kept too: that
 * part is work of ours on the main loop. */
typedef struct {
  gint64 last;
  gint64 max_gap;
  gint64 max_gap_at;       /* when it ended, monotonic */
  gint64 last_cpu;
  gint64 max_gap_cpu;
  gint64 max_gap_cpu_at;   /* when it ended, monotonic */
} Stall;

static gint64
thread_cpu_us (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return (gint64) ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

static gboolean
on_stall_tick_cb (gpointer user_data)
{
  Stall *stall = user_data;
  gint64 now = g_get_monotonic_time ();
  gint64 cpu = thread_cpu_us ();

  if (stall->last != 0)
    {
      if (now - stall->last > stall->max_gap)
        {
          stall->max_gap = now - stall->last;
          stall->max_gap_at = now;
        }
      if (cpu - stall->last_cpu > stall->max_gap_cpu)
        {
          stall->max_gap_cpu = cpu - stall->last_cpu;
          stall->max_gap_cpu_at = now;
        }
    }
  stall->last = now;
  stall->last_cpu = cpu;
  return G_SOURCE_CONTINUE;
}

static double
cpu_seconds (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_utime.tv_sec + usage.ru_stime.tv_sec +
         (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

/* What the initial sync leaves behind: the store's file (and its WAL,
 * which a reader of the disk pays for too until the next checkpoint)
 * and the client's peak resident memory, the pull's worker included. */
static void
print_footprint (KtStore *store)
{
  const char *path = kt_store_get_path (store);
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  struct rusage usage;
  GStatBuf st;
  gint64 db_bytes = 0, wal_bytes = 0;

  if (g_stat (path, &st) == 0)
    db_bytes = st.st_size;
  if (g_stat (wal, &st) == 0)
    wal_bytes = st.st_size;
  getrusage (RUSAGE_SELF, &usage);
  g_print ("sync.initial_sync.store_size: %.1f MiB\n", db_bytes / 1048576.0);
  g_print ("sync.initial_sync.store_wal: %.1f MiB\n", wal_bytes / 1048576.0);
  /* ru_maxrss is in KiB on Linux. */
  g_print ("sync.initial_sync.peak_rss: %.1f MiB\n", usage.ru_maxrss / 1024.0);
}

static int
full (const char *url,
      const char *email,
      const char *password,
      const char *dir)
{
  g_autoptr (KtSyncEngine) engine = open_client (dir, "full.db");
  KtStore *store = kt_sync_engine_get_store (engine);
  const KtEntity *entities[] = { KT_ENTITY_CONTACT, KT_ENTITY_COMPANY, KT_ENTITY_DEAL,
                                 kt_entity_lookup ("invoice") };
  Wait wait = { 0 };
  Stall stall = { 0 };
  gint64 start, logged_in;
  gint64 total = 0;
  double cpu;
  guint tick_id;

  /* A fresh client's initial sync is what a person waits for after
   * typing the password: the login (the server's Argon2 check and the
   * session) is part of it. */
  start = g_get_monotonic_time ();
  cpu = cpu_seconds ();
  tick_id = g_timeout_add (5, on_stall_tick_cb, &stall);
  kt_sync_engine_login_async (engine, url, email, password, NULL, on_done_cb, &wait);
  wait_for (&wait);
  logged_in = g_get_monotonic_time ();
  sync_once (engine);
  g_source_remove (tick_id);
  g_print ("sync.initial_sync.time: %.2f s\n", (g_get_monotonic_time () - start) / 1e6);
  g_print ("sync.initial_sync.login: %.0f ms\n", (logged_in - start) / 1000.0);
  g_print ("sync.initial_sync.cpu: %.2f s\n", cpu_seconds () - cpu);
  g_print ("sync.initial_sync.main_loop_max_stall: %.0f ms (%.2f s after the start)\n",
           stall.max_gap / 1000.0, (stall.max_gap_at - start) / 1e6);
  g_print ("sync.initial_sync.main_loop_max_stall_cpu: %.1f ms (%.2f s after the start)\n",
           stall.max_gap_cpu / 1000.0, (stall.max_gap_cpu_at - start) / 1e6);

  for (guint i = 0; i < G_N_ELEMENTS (entities); i++)
    {
      g_autoptr (KtQuery) query = kt_query_new (entities[i]);
      gint64 n = kt_store_count (store, query, NULL);

      g_print ("sync.initial_sync.%s: %" G_GINT64_FORMAT " records\n", entities[i]->plural, n);
      total += n;
    }
  g_print ("sync.initial_sync.records: %" G_GINT64_FORMAT " records\n", total);
  print_footprint (store);
  return 0;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static int
roundtrip (const char *url,
           const char *dir)
{
  g_autoptr (KtSyncEngine) a = open_client (dir, "a.db");
  g_autoptr (KtSyncEngine) b = open_client (dir, "b.db");
  g_autofree char *email = g_strdup_printf ("roundtrip-%u@example.com", g_random_int ());
  g_autoptr (KtRecord) record = kt_record_new (KT_ENTITY_CONTACT);
  g_autoptr (GError) error = NULL;
  double times[21];
  Wait wait = { 0 };

  kt_sync_engine_register_async (a, url, email, "roundtrip password", "Bench", "Bench Org",
                                 NULL, on_done_cb, &wait);
  wait_for (&wait);
  wait = (Wait) { 0 };
  kt_sync_engine_login_async (b, url, email, "roundtrip password", NULL, on_done_cb, &wait);
  wait_for (&wait);

  kt_record_set_string (record, "first_name", "Round");
  if (!kt_store_save (kt_sync_engine_get_store (a), record, &error))
    g_error ("%s", error->message);
  sync_once (a);
  sync_once (b);

  for (guint i = 0; i < G_N_ELEMENTS (times); i++)
    {
      g_autofree char *value = g_strdup_printf ("Trip %u", i);
      g_autoptr (KtRecord) seen = NULL;
      gint64 start = g_get_monotonic_time ();

      kt_record_set_string (record, "last_name", value);
      if (!kt_store_save (kt_sync_engine_get_store (a), record, &error))
        g_error ("%s", error->message);
      sync_once (a);
      sync_once (b);
      seen = kt_store_get (kt_sync_engine_get_store (b), KT_ENTITY_CONTACT, kt_record_get_id (record), &error);
      if (seen == NULL || g_strcmp0 (kt_record_get_string (seen, "last_name"), value) != 0)
        g_error ("the edit did not arrive on B");
      times[i] = (g_get_monotonic_time () - start) / 1000.0;
    }

  qsort (times, G_N_ELEMENTS (times), sizeof (double), compare_doubles);
  g_print ("sync.roundtrip.median: %.1f ms\n", times[G_N_ELEMENTS (times) / 2]);
  g_print ("sync.roundtrip.max: %.1f ms\n", times[G_N_ELEMENTS (times) - 1]);
  return 0;
}

/* A pulled page of 5,000 contacts as the server writes one: Latin and
 * Cyrillic names, a tags array, a custom object, the clocks, a note with
 * escapes (with @u_escapes, a tenth of them \u escapes); then
 * kt_sync_page_read() over it @runs times, reusing its buffers as the
 * puller does. No server: the reader alone. */
static int
page_read_one (const char *name,
               guint       runs,
               gboolean    u_escapes)
{
  const char *H = "2026-11-25T18:04:30.123Z-0001-3f9a0c2e7d514b88";
  g_autoptr(GString) text = g_string_new ("{\"cursor\":5000,\"head\":9000,\"has_more\":true,\"changes\":[");
  g_autoptr(GArray) cpu = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) wall = g_array_new (FALSE, FALSE, sizeof (double));
  KtSyncPage *page = NULL;

  for (guint i = 0; i < 5000; i++)
    g_string_append_printf (text,
                            "%s{\"seq\":%u,\"entity\":\"contact\",\"record\":{"
                            "\"id\":\"0190a1b2-c3d4-7e5f-8a9b-%012u\",\"org_id\":\"0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b\","
                            "\"owner_id\":null,\"created_at\":\"2026-11-25T18:04:30.123Z\","
                            "\"updated_at\":\"2026-11-25T18:04:30.123Z\",\"hlc\":\"%s\",\"deleted\":false,"
                            "\"clocks\":{\"email\":\"%s\",\"_owner\":\"%s\"},"
                            "\"first_name\":\"%s\",\"last_name\":\"%s %u\",\"email\":\"person%u@example.bg\","
                            "\"phone\":\"+359 88 %07u\",\"city\":\"%s\",\"tags\":[\"vip\",\"софия\"],"
                            "\"custom\":{\"shoe\":42},\"notes\":\"%s\"}}",
                            i ? "," : "", i + 1, i, H, H, H,
                            i % 2 ? "Иван" : "Maria", i % 2 ? "Петров" : "Schmidt", i, i, i,
                            i % 3 ? "София" : "Plovdiv",
                            i % 10 || !u_escapes ? "Called on Monday, \\\"asap\\\"\\nthen mailed"
                            : "caf\\u00e9 \\ud83d\\ude00");
  g_string_append (text, "]}");

  for (guint run = 0; run < runs; run++)
    {
      gint64 cpu_start = thread_cpu_us ();
      gint64 start = g_get_monotonic_time ();
      double ms;

      page = kt_sync_page_read (page, text->str, text->len);
      if (page == NULL || page->changes->len != 5000)
        {
          g_printerr ("kt-bench-sync: the page reader did not take the page\n");
          return 1;
        }
      ms = (thread_cpu_us () - cpu_start) / 1000.0;
      g_array_append_val (cpu, ms);
      ms = (g_get_monotonic_time () - start) / 1000.0;
      g_array_append_val (wall, ms);
    }
  kt_sync_page_free (page);

  g_array_sort (cpu, compare_doubles);
  g_array_sort (wall, compare_doubles);
  g_print ("sync.%s.bytes: %" G_GSIZE_FORMAT " bytes\n", name, text->len);
  g_print ("sync.%s.cpu: %.3f ms\n", name, g_array_index (cpu, double, runs / 2));
  g_print ("sync.%s: %.3f ms\n", name, g_array_index (wall, double, runs / 2));
  return 0;
}

static int
page_read (guint runs)
{
  return page_read_one ("page_read", runs, TRUE) || page_read_one ("page_read_plain", runs, FALSE);
}

/* The end of an initial sync, which builds every index a fresh store
 * left behind and fills the FTS, is most of an initial sync at 1.5M
 * records: measured alone, a variant of it costs a minute to try, not a
 * whole sync. "defer" leaves the file as the last page does: the indexes
 * dropped by the sync's own start, the FTS emptied, and the file
 * vacuumed so the build gets new pages at its end, as it would (the
 * dropped indexes' pages would otherwise be reused from the free list). */
static int
end_only (const char *dir,
          gboolean    defer)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = g_build_filename (dir, "full.db", NULL);
  g_autoptr (KtStore) store = kt_store_open (path, &error);
  const KtEntity * const *entities = kt_entity_all ();
  gint64 start;
  double cpu;

  if (store == NULL)
    g_error ("%s", error->message);
  if (defer)
    {
      if (!kt_store_sync_begin_deferred_pull (store, &error))
        g_error ("%s", error->message);
      for (guint i = 0; entities[i] != NULL; i++)
        {
          g_autofree char *sql = NULL;

          if (!kt_store_entity_has_fts (entities[i]))
            continue;
          sql = g_strdup_printf ("INSERT INTO \"%s_fts\" (\"%s_fts\") VALUES ('delete-all')",
                                 entities[i]->plural, entities[i]->plural);
          if (!kt_store_exec (store, sql, &error))
            g_error ("%s", error->message);
        }
      if (!kt_store_exec (store, "VACUUM", &error))
        g_error ("%s", error->message);
      return 0;
    }

  if (!kt_store_sync_is_deferred (store))
    {
      g_printerr ("kt-bench-sync: %s has no deferred indexes (kt-bench-sync defer first)\n", path);
      return 1;
    }
  start = g_get_monotonic_time ();
  cpu = cpu_seconds ();
  if (!kt_store_sync_end_pull (store, &error))
    g_error ("%s", error->message);
  g_print ("sync.initial_sync_end.time: %.2f s\n", (g_get_monotonic_time () - start) / 1e6);
  g_print ("sync.initial_sync_end.cpu: %.2f s\n", cpu_seconds () - cpu);
  return 0;
}

int
main (int    argc,
      char **argv)
{
  session = soup_session_new_with_options ("timeout", 300, NULL);

  if (argc == 4 && g_str_equal (argv[1], "pull-raw"))
    return pull_raw (argv[2], argv[3]);
  if (argc == 4 && g_str_equal (argv[1], "head"))
    return head (argv[2], argv[3]);
  if ((argc == 5 || argc == 6) && g_str_equal (argv[1], "push"))
    return push (argv[2], argv[3], (guint) atoi (argv[4]), argc == 6 ? argv[5] : NULL);
  if (argc == 6 && g_str_equal (argv[1], "full"))
    return full (argv[2], argv[3], argv[4], argv[5]);
  if (argc == 4 && g_str_equal (argv[1], "roundtrip"))
    return roundtrip (argv[2], argv[3]);
  if (argc == 3 && g_str_equal (argv[1], "page"))
    return page_read ((guint) MAX (atoi (argv[2]), 1));
  if (argc == 3 && (g_str_equal (argv[1], "defer") || g_str_equal (argv[1], "end")))
    return end_only (argv[2], g_str_equal (argv[1], "defer"));

  g_printerr ("usage: kt-bench-sync pull-raw|head URL TOKEN | "
              "push URL TOKEN N [CLIENT_ID] | full URL EMAIL PASSWORD DIR | roundtrip URL DIR | page N | "
              "defer|end DIR\n");
  return 2;
}
