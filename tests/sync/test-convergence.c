/* test-convergence.c: many clients, a bad network and a crashing server
 *
 * Each scenario is seeded: several simulated clients (the real engine and
 * store, each with its own SQLite file) make random creates, edits,
 * deletes and undeletes while randomly offline, and sync in random orders
 * through a proxy that drops, loses, duplicates and delays requests, while
 * the server is killed with SIGKILL and restarted at random moments. At
 * the end, with the network healthy, every client syncs until quiet, and:
 *
 *  - every client holds exactly the same records (values and tombstones),
 *  - a fresh client pulling everything from the server holds them too,
 *  - every local write is on the server: its field carries the written
 *    value with the written clock, or a newer clock (a later write won),
 *    unless the server rejected that mutation (and the client was told).
 *
 * Each client's clock is wrong by its own offset, which changes while the
 * scenario runs: an hour or 4 minutes slow, 4 minutes fast, sometimes an
 * hour fast (whose pushes the server refuses as clock drift), or right.
 * `--no-skew` keeps every clock right.
 *
 * `test-convergence --seed S --scenarios N --steps M [--no-skew]` replays
 * or extends the run (tools/soak); a failure prints the seed that replays
 * it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kt-fault-proxy.h"
#include "kt-merge.h"
#include "kt-store-private.h"
#include "kt-store-sync.h"
#include "kt-test-harness.h"

#define PASSWORD    "convergence password"
#define N_CLIENTS   3

static KtTestServer *server;
static guint64 first_seed = 1;
static guint n_scenarios = 4;
static guint n_steps = 70;
static gboolean skew = TRUE;

#define MINUTE (G_GINT64_CONSTANT (60) * 1000)
#define HOUR   (60 * MINUTE)

typedef struct {
  char     *entity;
  char     *record_id;
  char     *field;        /* "deleted" for tombstones */
  char     *clock;
  JsonNode *value;        /* NULL: unset; for "deleted", a boolean */
} Write;

typedef struct {
  guint         index;
  KtStore      *store;
  KtSecrets    *secrets;
  KtSyncEngine *engine;
  gboolean      offline;
  GHashTable   *rejected;   /* record ids the server refused a change of */
  guint         superseded; /* pushes told that fields lost */
  gint64        offset_ms;  /* this client's clock minus the real time */
} Client;

typedef struct {
  guint64        seed;
  GRand         *rand;
  GRand         *skew_rand; /* apart, so --no-skew replays the same steps */
  KtFaultProxy  *proxy;
  char          *email;
  Client         clients[N_CLIENTS];
  GPtrArray     *writes;    /* of Write */
  guint          kills;
  guint          kill_id;
  guint          syncs;
  guint          syncs_failed;
  guint          rejections;
} Scenario;

static void
write_free (Write *w)
{
  g_free (w->entity);
  g_free (w->record_id);
  g_free (w->field);
  g_free (w->clock);
  g_clear_pointer (&w->value, json_node_unref);
  g_free (w);
}

static void
on_rejected_cb (KtSyncEngine *engine,
                const char   *entity,
                const char   *record_id,
                const char   *title,
                const char   *code,
                const char   *message,
                Client       *client)
{
  g_hash_table_add (client->rejected, g_strdup (record_id));
}

static void
on_superseded_cb (KtSyncEngine       *engine,
                  const char         *entity,
                  const char         *record_id,
                  const char         *title,
                  const char * const *fields,
                  Client             *client)
{
  client->superseded++;
}

static gint64
skewed_now (gpointer data)
{
  Client *client = data;

  return g_get_real_time () / 1000 + client->offset_ms;
}

/* Mostly slow or slightly fast; rarely an hour fast, which the server
 * refuses as drift: such a client's stamps stay an hour ahead (it never
 * runs its clock back), so its later changes are refused too, and their
 * records count as rejected. */
static gint64
random_offset (GRand *rand)
{
  int dice = g_rand_int_range (rand, 0, 40);

  if (dice < 8)
    return 0;
  if (dice < 16)
    return -HOUR;
  if (dice < 24)
    return -4 * MINUTE;
  if (dice < 32)
    return 4 * MINUTE;
  if (dice < 39)
    return -(gint64) g_rand_int_range (rand, 1, 300) * 1000;
  return HOUR;
}

static void
client_open (Scenario *sc,
             Client   *client,
             guint     index)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *name = g_strdup_printf ("conv-%" G_GUINT64_FORMAT "-%u-%u",
                                           sc->seed, index, g_random_int ());
  g_autofree char *path = kt_test_server_store_path (server, name);

  client->index = index;
  client->store = kt_store_open (path, &error);
  g_assert_no_error (error);
  client->secrets = kt_secrets_memory_new ();
  client->engine = kt_sync_engine_new (client->store, client->secrets);
  client->rejected = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  kt_sync_engine_set_auto_sync (client->engine, FALSE);
  kt_sync_engine_set_retry_limit (client->engine, 3);
  kt_sync_engine_set_retry_delay (client->engine, 5);
  /* Small pages and batches: more requests, more chances for faults. */
  kt_sync_engine_set_page_sizes (client->engine, 7, 5);
  g_signal_connect (client->engine, "mutation-rejected", G_CALLBACK (on_rejected_cb), client);
  g_signal_connect (client->engine, "mutation-superseded", G_CALLBACK (on_superseded_cb), client);
  client->offset_ms = 0;
  client->superseded = 0;
  kt_hlc_set_time_func (kt_store_get_clock (client->store), skewed_now, client);
}

static void
client_close (Client *client)
{
  g_clear_object (&client->engine);
  g_clear_object (&client->secrets);
  g_clear_object (&client->store);
  g_clear_pointer (&client->rejected, g_hash_table_unref);
}

/* Local writes */

static void
remember_writes (Scenario *sc,
                 KtRecord *record,
                 const char * const *fields)
{
  for (guint i = 0; fields[i] != NULL; i++)
    {
      Write *w = g_new0 (Write, 1);

      w->entity = g_strdup (kt_record_get_entity (record)->name);
      w->record_id = g_strdup (kt_record_get_id (record));
      w->field = g_strdup (fields[i]);
      w->clock = g_strdup (kt_record_get_field_hlc (record, fields[i]));
      if (g_str_equal (fields[i], KT_META_DELETED))
        w->value = json_node_init_boolean (json_node_alloc (), kt_record_get_deleted (record));
      else if (kt_record_get_node (record, fields[i]) != NULL)
        w->value = json_node_copy (kt_record_get_node (record, fields[i]));
      g_ptr_array_add (sc->writes, w);
    }
}

static const char * const contact_fields[] = { "last_name", "city", "job_title", "notes", NULL };
static const char * const company_fields[] = { "city", "industry", "notes", NULL };

static KtRecord *
pick_record (Scenario       *sc,
             Client         *client,
             const KtEntity *entity)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) all = kt_store_sync_dump (client->store, entity, &error);

  g_assert_no_error (error);
  if (all->len == 0)
    return NULL;
  return g_object_ref (g_ptr_array_index (all, g_rand_int_range (sc->rand, 0, (gint32) all->len)));
}

static void
local_change (Scenario *sc,
              Client   *client,
              guint     step)
{
  const KtEntity *entity = g_rand_int_range (sc->rand, 0, 3) == 0 ? KT_ENTITY_COMPANY : KT_ENTITY_CONTACT;
  const char * const *fields = entity == KT_ENTITY_COMPANY ? company_fields : contact_fields;
  g_autoptr (KtRecord) record = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *value = g_strdup_printf ("s%u-c%u-%u", step, client->index,
                                            g_rand_int_range (sc->rand, 0, 1000));
  int dice = g_rand_int_range (sc->rand, 0, 100);

  record = dice < 30 ? NULL : pick_record (sc, client, entity);

  if (record == NULL)
    {
      /* Create. */
      const char *required = entity == KT_ENTITY_COMPANY ? "name" : "first_name";
      const char *created[] = { required, fields[0], NULL };

      record = kt_record_new (entity);
      kt_record_set_string (record, required, value);
      kt_record_set_string (record, fields[0], value);
      kt_store_save (client->store, record, &error);
      g_assert_no_error (error);
      remember_writes (sc, record, created);
      return;
    }

  if (dice < 42)
    {
      /* Delete, or undelete a tombstone. */
      const char *deleted[] = { KT_META_DELETED, NULL };
      gboolean was = kt_record_get_deleted (record);

      if (was)
        kt_store_undelete (client->store, entity, kt_record_get_id (record), &error);
      else
        kt_store_delete (client->store, entity, kt_record_get_id (record), &error);
      g_assert_no_error (error);
      {
        g_autoptr (KtRecord) saved = kt_store_load (client->store, entity, kt_record_get_id (record), &error);

        g_assert_no_error (error);
        g_assert_nonnull (saved);
        g_assert_true (kt_record_get_deleted (saved) != was);
        remember_writes (sc, saved, deleted);
      }
      return;
    }

  if (kt_record_get_deleted (record))
    return;

  /* Edit one or two fields; sometimes unset one. */
  {
    const char *changed[3] = { NULL, NULL, NULL };
    guint n_fields = g_strv_length ((char **) fields);
    guint n = (guint) g_rand_int_range (sc->rand, 1, 3);

    for (guint i = 0; i < n; i++)
      {
        const char *field = fields[g_rand_int_range (sc->rand, 0, (gint32) n_fields)];

        if (i == 1 && g_str_equal (field, changed[0]))
          break;
        /* Unsetting an unset field writes nothing: no write to expect. */
        if (g_rand_int_range (sc->rand, 0, 6) == 0)
          {
            if (!kt_record_has (record, field))
              break;
            kt_record_unset (record, field);
          }
        else
          kt_record_set_string (record, field, value);
        changed[i] = field;
      }
    if (changed[0] == NULL)
      return;

    kt_store_save (client->store, record, &error);
    g_assert_no_error (error);
    remember_writes (sc, record, changed);
  }
}

/* Sync */

typedef struct {
  gboolean done;
  gboolean ok;
} SyncWait;

static void
on_sync_done_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  SyncWait *wait = user_data;
  g_autoptr (GError) error = NULL;

  wait->ok = kt_sync_engine_sync_now_finish (KT_SYNC_ENGINE (source), result, &error);
  if (!wait->ok)
    g_assert_true (error->domain == KT_SYNC_ERROR &&
                   (error->code == KT_SYNC_ERROR_NETWORK || error->code == KT_SYNC_ERROR_SERVER));
  wait->done = TRUE;
}

static gboolean
on_kill_cb (gpointer user_data)
{
  Scenario *sc = user_data;

  sc->kill_id = 0;
  kt_test_server_kill (server);
  sc->kills++;
  return G_SOURCE_REMOVE;
}

/* Syncs @client; with @crash, kills the server (SIGKILL) at a random
 * moment of the sync, and starts it again afterwards. */
static gboolean
sync_client (Scenario *sc,
             Client   *client,
             gboolean  crash)
{
  SyncWait wait = { 0 };

  if (crash)
    sc->kill_id = g_timeout_add ((guint) g_rand_int_range (sc->rand, 0, 40), on_kill_cb, sc);
  kt_sync_engine_sync_now_async (client->engine, NULL, on_sync_done_cb, &wait);
  if (!kt_test_wait (&wait.done, 120 * 1000))
    g_error ("seed %" G_GUINT64_FORMAT ": a sync did not finish", sc->seed);

  if (crash)
    {
      /* The sync may have been quicker than the kill: kill now. */
      if (sc->kill_id != 0)
        {
          g_clear_handle_id (&sc->kill_id, g_source_remove);
          kt_test_server_kill (server);
          sc->kills++;
        }
      kt_test_server_start (server);
    }
  sc->syncs++;
  if (!wait.ok)
    sc->syncs_failed++;
  return wait.ok;
}

/* Comparison */

/* The values, the tombstone and the creation time: one created_at
 * everywhere, the creator's. */
static char *
describe (KtRecord *record)
{
  g_autoptr (JsonNode) node = kt_record_to_json (record, KT_JSON_NO_META);
  g_autofree char *fields = json_to_string (node, FALSE);

  return g_strdup_printf ("%s %s%s created %s", kt_record_get_id (record),
                          kt_record_get_deleted (record) ? "(deleted) " : "", fields,
                          kt_record_get_created_at (record));
}

static GPtrArray *
snapshot (KtStore *store)
{
  GPtrArray *lines = g_ptr_array_new_with_free_func (g_free);
  const KtEntity *entities[] = { KT_ENTITY_CONTACT, KT_ENTITY_COMPANY };

  for (guint e = 0; e < G_N_ELEMENTS (entities); e++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (GPtrArray) all = kt_store_sync_dump (store, entities[e], &error);

      g_assert_no_error (error);
      for (guint i = 0; i < all->len; i++)
        g_ptr_array_add (lines, describe (g_ptr_array_index (all, i)));
    }
  return lines;
}

static void
assert_same (Scenario   *sc,
             GPtrArray  *expected,
             GPtrArray  *actual,
             const char *who)
{
  for (guint i = 0; i < MAX (expected->len, actual->len); i++)
    {
      const char *e = i < expected->len ? g_ptr_array_index (expected, i) : "(nothing)";
      const char *a = i < actual->len ? g_ptr_array_index (actual, i) : "(nothing)";

      if (g_strcmp0 (e, a) != 0)
        {
          g_printerr ("CONVERGENCE FAILURE with seed %" G_GUINT64_FORMAT " (replay: test-convergence --seed %"
                      G_GUINT64_FORMAT " --scenarios 1 --steps %u%s)\n  %s has: %s\n  client 0 has: %s\n",
                      sc->seed, sc->seed, n_steps, skew ? "" : " --no-skew", who, a, e);
          if (g_getenv ("KT_TEST_KEEP") != NULL)
            {
              kt_test_server_free (server);
              exit (1);
            }
          g_assert_cmpstr (a, ==, e);
        }
    }
}

static void
check_writes (Scenario *sc,
              KtStore  *reference)
{
  guint checked = 0;

  for (guint i = 0; i < sc->writes->len; i++)
    {
      Write *w = g_ptr_array_index (sc->writes, i);
      const KtEntity *entity = kt_entity_lookup (w->entity);
      g_autoptr (GError) error = NULL;
      g_autoptr (KtRecord) final = NULL;
      gboolean rejected = FALSE;
      const char *clock;
      int cmp;

      for (guint c = 0; c < N_CLIENTS; c++)
        rejected |= g_hash_table_contains (sc->clients[c].rejected, w->record_id);
      if (rejected)
        continue;

      {
        g_autoptr (GPtrArray) all = kt_store_sync_dump (reference, entity, &error);

        g_assert_no_error (error);
        for (guint r = 0; r < all->len; r++)
          if (g_str_equal (kt_record_get_id (g_ptr_array_index (all, r)), w->record_id))
            final = g_object_ref (g_ptr_array_index (all, r));
      }
      if (final == NULL)
        {
          g_printerr ("seed %" G_GUINT64_FORMAT ": the server lost %s %s\n", sc->seed, w->entity, w->record_id);
          g_assert_nonnull (final);
        }

      clock = kt_record_get_field_hlc (final, w->field);
      cmp = kt_hlc_compare (clock, w->clock);
      if (cmp < 0)
        {
          g_autofree char *json = kt_record_to_json_string (final, KT_JSON_CLOCKS);

          g_printerr ("seed %" G_GUINT64_FORMAT ": a write of %s.%s at %s is missing (the server has %s)\n",
                      sc->seed, w->record_id, w->field, w->clock, clock);
          g_printerr ("  the server's record: %s\n  the writes of it:\n", json);
          for (guint j = 0; j < sc->writes->len; j++)
            {
              Write *o = g_ptr_array_index (sc->writes, j);
              g_autofree char *v = o->value ? json_to_string (o->value, FALSE) : g_strdup ("(unset)");

              if (g_str_equal (o->record_id, w->record_id))
                g_printerr ("    %s = %s at %s\n", o->field, v, o->clock);
            }
          if (g_getenv ("KT_TEST_KEEP") != NULL)
            {
              kt_test_server_free (server);
              exit (1);
            }
          g_assert_cmpint (cmp, >=, 0);
        }
      if (cmp == 0 && !g_str_equal (w->field, KT_META_DELETED))
        {
          JsonNode *now = kt_record_get_node (final, w->field);

          g_assert_true ((now == NULL && w->value == NULL) ||
                         (now != NULL && w->value != NULL && json_node_equal (now, w->value)));
        }
      checked++;
    }

  g_test_message ("seed %" G_GUINT64_FORMAT ": %u writes checked, %u skipped as rejected",
                  sc->seed, checked, sc->writes->len - checked);
}

static void
run_scenario (guint64 seed)
{
  Scenario sc = { 0 };
  Client fresh = { 0 };
  g_autoptr (GPtrArray) reference = NULL;
  g_autoptr (GError) error = NULL;
  guint dropped, lost, duplicated;
  guint superseded = 0;

  sc.seed = seed;
  sc.rand = g_rand_new_with_seed ((guint32) seed);
  sc.skew_rand = g_rand_new_with_seed ((guint32) (seed * 104729 + 1));
  sc.proxy = kt_fault_proxy_new (server->url, (guint32) (seed * 7919));
  sc.writes = g_ptr_array_new_with_free_func ((GDestroyNotify) write_free);
  sc.email = g_strdup_printf ("conv-%" G_GUINT64_FORMAT "-%u@example.com", seed, g_random_int ());

  /* Setup with a healthy network: one account, N devices. */
  for (guint c = 0; c < N_CLIENTS; c++)
    client_open (&sc, &sc.clients[c], c);
  kt_test_register (sc.clients[0].engine, kt_fault_proxy_get_url (sc.proxy), sc.email, PASSWORD, &error);
  g_assert_no_error (error);
  for (guint c = 1; c < N_CLIENTS; c++)
    {
      kt_test_login (sc.clients[c].engine, kt_fault_proxy_get_url (sc.proxy), sc.email, PASSWORD, &error);
      g_assert_no_error (error);
    }

  if (skew)
    for (guint c = 0; c < N_CLIENTS; c++)
      sc.clients[c].offset_ms = random_offset (sc.skew_rand);

  kt_fault_proxy_set_faults (sc.proxy, TRUE);
  for (guint step = 0; step < n_steps; step++)
    {
      Client *client = &sc.clients[g_rand_int_range (sc.rand, 0, N_CLIENTS)];
      int dice = g_rand_int_range (sc.rand, 0, 100);

      /* Clocks change while the scenario runs (a device corrected, or
       * one going wrong). */
      if (skew && g_rand_int_range (sc.skew_rand, 0, 8) == 0)
        sc.clients[g_rand_int_range (sc.skew_rand, 0, N_CLIENTS)].offset_ms = random_offset (sc.skew_rand);

      if (dice < 48)
        local_change (&sc, client, step);
      else if (dice < 56)
        client->offline = !client->offline;
      else if (!client->offline)
        sync_client (&sc, client, dice >= 95);
    }

  /* The network heals; everybody syncs until nothing moves. */
  kt_fault_proxy_set_faults (sc.proxy, FALSE);
  for (guint round = 0; round < 3; round++)
    for (guint c = 0; c < N_CLIENTS; c++)
      {
        guint attempts = 0;

        sc.clients[c].offline = FALSE;
        while (!sync_client (&sc, &sc.clients[c], FALSE))
          g_assert_cmpuint (++attempts, <, 5);
        g_assert_cmpint (kt_store_outbox_count (sc.clients[c].store), ==, 0);
      }

  reference = snapshot (sc.clients[0].store);
  for (guint c = 1; c < N_CLIENTS; c++)
    {
      g_autoptr (GPtrArray) other = snapshot (sc.clients[c].store);
      g_autofree char *who = g_strdup_printf ("client %u", c);

      assert_same (&sc, reference, other, who);
    }

  /* The server's data, as a new device downloads it. */
  client_open (&sc, &fresh, N_CLIENTS);
  kt_test_login (fresh.engine, server->url, sc.email, PASSWORD, &error);
  g_assert_no_error (error);
  g_assert_true (kt_test_sync (fresh.engine, &error));
  {
    g_autoptr (GPtrArray) from_server = snapshot (fresh.store);

    assert_same (&sc, reference, from_server, "the server");
  }
  check_writes (&sc, fresh.store);

  kt_fault_proxy_get_stats (sc.proxy, &dropped, &lost, &duplicated);
  for (guint c = 0; c < N_CLIENTS; c++)
    {
      sc.rejections += g_hash_table_size (sc.clients[c].rejected);
      superseded += sc.clients[c].superseded;
    }
  g_test_message ("seed %" G_GUINT64_FORMAT ": %u records, %u writes, %u server kills, %u of %u syncs failed, "
                  "%u dropped, %u lost answers, %u duplicated, %u rejected records, %u superseded pushes%s",
                  seed, reference->len, sc.writes->len, sc.kills, sc.syncs_failed, sc.syncs,
                  dropped, lost, duplicated, sc.rejections, superseded, skew ? ", skewed clocks" : "");

  client_close (&fresh);
  for (guint c = 0; c < N_CLIENTS; c++)
    client_close (&sc.clients[c]);
  kt_fault_proxy_free (sc.proxy);
  g_ptr_array_unref (sc.writes);
  g_rand_free (sc.rand);
  g_rand_free (sc.skew_rand);
  g_free (sc.email);
}

static void
test_convergence (gconstpointer data)
{
  guint64 seed = GPOINTER_TO_SIZE (data);

  run_scenario (seed);
}

static KtRecord *
merge_get (KtTestClient *client,
           const char   *entity,
           const char   *id)
{
  g_autoptr (GError) error = NULL;
  KtRecord *record = kt_store_get (client->store, kt_entity_lookup (entity), id, &error);

  g_assert_no_error (error);
  return record;
}

/* A merge made offline on one device, and on another device, offline
 * too, an edit of the record that was merged away, a concurrent edit of
 * the survivor and a new link to the merged record. The edit of the loser
 * lands on the survivor (the server refuses it as an edit of a
 * tombstone, and the engine writes it to the survivor the tombstone
 * names); the new link stays on the tombstone, which redirects to the
 * survivor. Both devices end with the same records (docs/sync.md,
 * "Merged records"). */
static void
test_merge_offline (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *email = kt_test_new_email ("merge");
  KtTestClient a = { 0 }, b = { 0 };
  g_autoptr (KtRecord) ivan = kt_record_new (KT_ENTITY_CONTACT);
  g_autoptr (KtRecord) dupe = kt_record_new (KT_ENTITY_CONTACT);
  g_autoptr (KtRecord) task = kt_record_new (kt_entity_lookup ("task"));
  g_autoptr (KtRecord) late_task = kt_record_new (kt_entity_lookup ("task"));
  g_autoptr (KtMerge) merge = NULL;
  const char * const from_loser[] = { "phone", NULL };
  const char *ivan_id = kt_record_get_id (ivan);
  const char *dupe_id = kt_record_get_id (dupe);
  KtTestClient *clients[] = { &a, &b };

  kt_test_client_open (server, &a, "merge", "a");
  kt_test_client_open (server, &b, "merge", "b");
  kt_test_register (a.engine, server->url, email, PASSWORD, &error);
  g_assert_no_error (error);
  kt_test_login (b.engine, server->url, email, PASSWORD, &error);
  g_assert_no_error (error);

  kt_record_set_string (ivan, "first_name", "Ivan");
  kt_record_set_string (ivan, "last_name", "Petrov");
  kt_record_set_string (ivan, "email", "ivan@example.bg");
  kt_record_set_string (dupe, "first_name", "Иван");
  kt_record_set_string (dupe, "last_name", "Петров");
  kt_record_set_string (dupe, "phone", "0888 123 456");
  kt_record_set_string (task, "title", "Call Ivan");
  kt_record_set_string (task, "contact_id", dupe_id);
  g_assert_true (kt_store_save (a.store, ivan, &error));
  g_assert_true (kt_store_save (a.store, dupe, &error));
  g_assert_true (kt_store_save (a.store, task, &error));
  g_assert_no_error (error);
  kt_test_client_sync_ok (&a);
  kt_test_client_sync_ok (&b);

  /* Offline, both. */
  merge = kt_merge_records (a.store, KT_ENTITY_CONTACT, ivan_id, dupe_id, from_loser, &error);
  g_assert_no_error (error);
  {
    g_autoptr (KtRecord) loser = merge_get (&b, "contact", dupe_id);
    g_autoptr (KtRecord) survivor = merge_get (&b, "contact", ivan_id);

    kt_record_set_string (loser, "job_title", "CEO");
    g_assert_true (kt_store_save (b.store, loser, &error));
    kt_record_set_string (survivor, "city", "Varna");
    g_assert_true (kt_store_save (b.store, survivor, &error));
    kt_record_set_string (late_task, "title", "Send the offer");
    kt_record_set_string (late_task, "contact_id", dupe_id);
    g_assert_true (kt_store_save (b.store, late_task, &error));
    g_assert_no_error (error);
  }

  kt_test_client_sync_ok (&a);
  kt_test_client_sync_ok (&b);
  kt_test_client_sync_ok (&a);

  /* The edit of the loser was not rejected: it moved. */
  for (guint i = 0; i < kt_sync_engine_get_rejections (b.engine)->len; i++)
    {
      KtSyncRejection *rejection = g_ptr_array_index (kt_sync_engine_get_rejections (b.engine), i);

      g_error ("%s %s rejected: %s %s", rejection->entity, rejection->record_id,
               rejection->code, rejection->message);
    }
  for (guint c = 0; c < G_N_ELEMENTS (clients); c++)
    {
      g_autoptr (KtRecord) survivor = merge_get (clients[c], "contact", ivan_id);
      g_autoptr (KtRecord) moved = merge_get (clients[c], "task", kt_record_get_id (task));
      g_autoptr (KtRecord) late = merge_get (clients[c], "task", kt_record_get_id (late_task));
      g_autofree char *resolved = NULL;

      g_assert_cmpstr (kt_record_get_string (survivor, "job_title"), ==, "CEO");
      g_assert_cmpstr (kt_record_get_string (survivor, "city"), ==, "Varna");
      g_assert_cmpstr (kt_record_get_string (survivor, "phone"), ==, "0888 123 456");
      g_assert_cmpstr (kt_record_get_string (survivor, "email"), ==, "ivan@example.bg");
      g_assert_null (kt_store_get (clients[c]->store, KT_ENTITY_CONTACT, dupe_id, NULL));
      g_assert_cmpstr (kt_record_get_string (moved, "contact_id"), ==, ivan_id);
      g_assert_cmpstr (kt_record_get_string (late, "contact_id"), ==, dupe_id);
      resolved = kt_store_resolve_merged (clients[c]->store, KT_ENTITY_CONTACT, dupe_id);
      g_assert_cmpstr (resolved, ==, ivan_id);
    }

  kt_test_client_close (&a);
  kt_test_client_close (&b);
}

/* Our own options go before GLib's test options are parsed. */
static void
parse_own_options (int    *argc,
                   char ***argv)
{
  int out = 1;

  for (int i = 1; i < *argc; i++)
    {
      const char *arg = (*argv)[i];

      if (i + 1 < *argc && g_str_equal (arg, "--seed"))
        first_seed = g_ascii_strtoull ((*argv)[++i], NULL, 10);
      else if (i + 1 < *argc && g_str_equal (arg, "--scenarios"))
        n_scenarios = (guint) g_ascii_strtoull ((*argv)[++i], NULL, 10);
      else if (i + 1 < *argc && g_str_equal (arg, "--steps"))
        n_steps = (guint) g_ascii_strtoull ((*argv)[++i], NULL, 10);
      else if (g_str_equal (arg, "--no-skew"))
        skew = FALSE;
      else
        (*argv)[out++] = (*argv)[i];
    }
  *argc = out;
  (*argv)[out] = NULL;
}

int
main (int    argc,
      char **argv)
{
  int ret;

  parse_own_options (&argc, &argv);
  g_test_init (&argc, &argv, NULL);

  server = kt_test_server_new ();
  g_test_add_func ("/sync/convergence/merge-offline", test_merge_offline);
  for (guint i = 0; i < n_scenarios; i++)
    {
      guint64 seed = first_seed + i;
      g_autofree char *path = g_strdup_printf ("/sync/convergence/seed-%" G_GUINT64_FORMAT, seed);

      g_test_add_data_func (path, GSIZE_TO_POINTER (seed), test_convergence);
    }

  ret = g_test_run ();
  kt_test_server_free (server);
  return ret;
}
