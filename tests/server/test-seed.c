/* test-seed.c: the demo seed (kantora-server --seed-demo) leaves what
 * the write path leaves: its rows, stored JSON, search text, clocks and
 * change-log entries equal those of the same records written through
 * REST; its invoices' totals, payments and numbers are the server's; and
 * sync pulls all of it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "kantora-shared.h"
#include "kt-auth.h"
#include "kt-pg-seed.h"
#include "kt-seed.h"
#include "kt-test-server.h"

static char *conninfo;

typedef struct {
  KtTestServer *ts;
  char         *token;
  char         *org_id;
} Fixture;

/* 40 contacts: 4 companies, 8 deals, 8 invoices (2 drafts, 2 issued,
 * 2 paid, 2 half paid) with 17 lines (invoice i has 1 + i % 3) and 4
 * payments, a pipeline with 4 stages: 86 records. */
#define CONTACTS 40
#define RECORDS 86

static char *
query (const char *format,
       ...) G_GNUC_PRINTF (1, 2);

static char *
query (const char *format,
       ...)
{
  g_autofree char *sql = NULL;
  va_list args;

  va_start (args, format);
  sql = g_strdup_vprintf (format, args);
  va_end (args);
  return kt_test_pg_query (conninfo, sql);
}

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  g_autoptr(KtPg) pg = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *token_hash = NULL;
  g_autofree char *email = g_strdup_printf ("seed-%u@example.com", g_random_int ());

  /* The server migrates the database; the seed writes into it. */
  f->ts = kt_test_server_new (conninfo);
  g_assert_true (kt_auth_init (&error));
  hash = kt_auth_hash_password (f->ts->config, KT_SEED_PASSWORD, &error);
  g_assert_no_error (error);
  f->token = kt_auth_new_token (&token_hash);
  pg = kt_pg_new (conninfo);
  kt_pg_seed_demo (pg, email, hash, token_hash, CONTACTS, &error);
  g_assert_no_error (error);
  f->org_id = query ("SELECT org_id FROM users WHERE email = '%s'", email);
  g_assert_nonnull (f->org_id);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  kt_test_server_free (f->ts);
  g_free (f->token);
  g_free (f->org_id);
}

/* What differs between the rows of @plural @a and @b and their
 * change-log entries, leaving out what must differ (id, times, clock
 * stamps): "" when nothing. */
static char *
compare_records (const char *plural,
                 const char *a,
                 const char *b)
{
  return query ("WITH r AS (SELECT t.id, to_jsonb (t) - ARRAY['id','created_at','updated_at','hlc','clocks',"
                "'kt_json'] AS j, t.kt_json::jsonb - ARRAY['id','created_at','updated_at','hlc'] AS kj,"
                " t.clocks, t.hlc, t.created_at,"
                " (SELECT array_agg (k ORDER BY k) FROM jsonb_object_keys (t.clocks) k) AS keys,"
                " (SELECT count (*) FROM change_log l WHERE l.record_id = t.id) AS entries,"
                " EXISTS (SELECT 1 FROM jsonb_each_text (t.clocks) c WHERE c.value <> t.hlc) AS mixed"
                " FROM \"%s\" t WHERE t.id IN ('%s', '%s')), "
                "l AS (SELECT * FROM change_log WHERE record_id IN ('%s', '%s')) "
                "SELECT concat_ws (' ',"
                " CASE WHEN ra.j <> rb.j THEN 'row: ' || ra.j::text || ' against ' || rb.j::text END,"
                " CASE WHEN ra.kj <> rb.kj THEN 'json' END,"
                " CASE WHEN ra.keys <> rb.keys THEN 'clocks: ' || ra.keys::text || ' against ' || rb.keys::text END,"
                " CASE WHEN ra.mixed OR rb.mixed THEN 'clock values' END,"
                " CASE WHEN ra.entries <> 1 OR rb.entries <> 1 THEN 'entries' END,"
                " CASE WHEN la.fields - 'created_at' <> lb.fields - 'created_at'"
                "  THEN 'log fields: ' || la.fields::text || ' against ' || lb.fields::text END,"
                " CASE WHEN la.fields ->> 'created_at' <> ra.created_at THEN 'log created_at' END,"
                " CASE WHEN la.clocks <> ra.clocks OR lb.clocks <> rb.clocks THEN 'log clocks' END,"
                " CASE WHEN la.hlc <> ra.hlc THEN 'log hlc' END,"
                " CASE WHEN la.entity <> lb.entity OR la.user_id <> lb.user_id OR la.deleted OR"
                "  la.visible_to IS DISTINCT FROM lb.visible_to THEN 'log meta' END) "
                "FROM r ra, r rb, l la, l lb "
                "WHERE ra.id = '%s' AND rb.id = '%s' AND la.record_id = ra.id AND lb.record_id = rb.id",
                plural, a, b, a, b, a, b);
}

/* Writes the fields of seeded record @id again through REST and
 * compares the two. */
static void
assert_like_rest (Fixture    *f,
                  const char *plural,
                  const char *id)
{
  g_autofree char *body = query ("SELECT (fields - 'created_at')::text FROM change_log WHERE record_id = '%s'", id);
  g_autofree char *path = g_strdup_printf ("/v1/%s", plural);
  g_autoptr(JsonNode) created = NULL;
  g_autofree char *diff = NULL;
  guint status;

  g_assert_nonnull (body);
  created = kt_test_request (f->ts, "POST", path, f->token, body, &status);
  g_assert_cmpuint (status, ==, 201);
  diff = compare_records (plural, id, kt_test_json_string (created, "id"));
  g_assert_cmpstr (diff, ==, "");
}

static void
test_like_rest (Fixture *f, gconstpointer data)
{
  static const char * const plurals[] = { "companies", "contacts", "deals" };

  for (guint i = 0; i < G_N_ELEMENTS (plurals); i++)
    {
      g_autofree char *id = query ("SELECT id FROM \"%s\" WHERE org_id = '%s' ORDER BY hlc DESC LIMIT 1",
                                   plurals[i], f->org_id);

      assert_like_rest (f, plurals[i], id);
    }

  /* A line added to a draft (an issued invoice's lines are locked). */
  {
    g_autofree char *item = query ("SELECT l.id FROM invoice_items l JOIN invoices i ON i.id = l.invoice_id "
                                   "WHERE i.org_id = '%s' AND i.status = 'draft' ORDER BY l.hlc LIMIT 1",
                                   f->org_id);

    assert_like_rest (f, "invoice_items", item);
  }
}

/* What settling an invoice recomputes, but its paid amount and number. */
static char *
totals (const char *id)
{
  return query ("SELECT concat_ws (' ', subtotal, discount, net, tax, total, credited_amount) "
                "FROM invoices WHERE id = '%s'", id);
}

static void
test_documents (Fixture *f, gconstpointer data)
{
  g_autofree char *half = query ("SELECT id FROM invoices WHERE org_id = '%s' AND status = 'partially_paid' "
                                 "LIMIT 1", f->org_id);
  g_autofree char *draft = query ("SELECT id FROM invoices WHERE org_id = '%s' AND status = 'draft' "
                                  "ORDER BY hlc LIMIT 1", f->org_id);
  g_autofree char *half_before = totals (half);
  g_autofree char *draft_before = totals (draft);
  g_autofree char *paid_before = query ("SELECT paid_amount FROM invoices WHERE id = '%s'", half);
  g_autofree char *half_after = NULL;
  g_autofree char *draft_after = NULL;
  g_autofree char *paid_after = NULL;
  g_autofree char *status_after = NULL;
  g_autoptr(JsonNode) payment = NULL;
  g_autoptr(JsonNode) issued = NULL;
  g_autofree char *path = g_strdup_printf ("/v1/invoices/%s", draft);
  guint status;

  g_assert_nonnull (half);
  g_assert_nonnull (draft);

  /* A payment of one cent makes the server settle the invoice: it
   * counts the seeded payment too, and finds the seeded totals. */
  payment = kt_test_requestf (f->ts, "POST", "/v1/payments", f->token, &status,
                              "{\"amount\":1,\"currency\":\"EUR\",\"received_at\":\"2026-11-10T10:00:00.000Z\","
                              "\"invoice_id\":\"%s\",\"matched\":true}", half);
  g_assert_cmpuint (status, ==, 201);
  half_after = totals (half);
  g_assert_cmpstr (half_after, ==, half_before);
  paid_after = query ("SELECT paid_amount FROM invoices WHERE id = '%s'", half);
  g_assert_cmpint (g_ascii_strtoll (paid_after, NULL, 10), ==, g_ascii_strtoll (paid_before, NULL, 10) + 1);
  status_after = query ("SELECT status FROM invoices WHERE id = '%s'", half);
  g_assert_cmpstr (status_after, ==, "partially_paid");

  /* Issuing a seeded draft: its totals stay, and its number follows
   * the seeded ones (invoices 1-3 and 5-7 are numbered, 4 and 8 drafts). */
  issued = kt_test_request (f->ts, "PATCH", path, f->token, "{\"status\":\"issued\"}", &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpstr (kt_test_json_string (issued, "number"), ==, "0000000007");
  draft_after = totals (draft);
  g_assert_cmpstr (draft_after, ==, draft_before);
}

static void
test_pull (Fixture *f, gconstpointer data)
{
  gint64 cursor = 0;
  guint changes = 0;
  gboolean more = TRUE;
  g_autofree char *head = query ("SELECT seq FROM org_counters WHERE org_id = '%s'", f->org_id);

  g_assert_cmpstr (head, ==, G_STRINGIFY (RECORDS));
  while (more)
    {
      g_autofree char *path = g_strdup_printf ("/v1/sync/pull?protocol=%d&cursor=%" G_GINT64_FORMAT "&limit=25",
                                               KT_SYNC_PROTOCOL_VERSION, cursor);
      g_autoptr(JsonNode) page = NULL;
      JsonObject *root;
      JsonArray *list;
      guint status;

      page = kt_test_request (f->ts, "GET", path, f->token, NULL, &status);
      g_assert_cmpuint (status, ==, 200);
      root = json_node_get_object (page);
      list = json_object_get_array_member (root, "changes");
      for (guint i = 0; i < json_array_get_length (list); i++)
        {
          JsonObject *change = json_array_get_object_element (list, i);
          JsonObject *record = json_object_get_object_member (change, "record");

          /* Every record comes with a clock for each of its fields. */
          g_assert_nonnull (record);
          g_assert_true (json_object_has_member (json_object_get_object_member (record, "clocks"), "created_at"));
          changes++;
        }
      cursor = json_object_get_int_member (root, "cursor");
      more = json_object_get_boolean_member (root, "has_more");
    }
  g_assert_cmpuint (changes, ==, RECORDS);
  g_assert_cmpint (cursor, ==, RECORDS);
}

static void
test_sizes (void)
{
  g_autoptr(GError) error = NULL;
  guint n = 0;

  g_assert_true (kt_seed_parse_size ("1m", &n, &error));
  g_assert_cmpuint (n, ==, 1000000);
  g_assert_true (kt_seed_parse_size ("100K", &n, &error));
  g_assert_cmpuint (n, ==, 100000);
  g_assert_true (kt_seed_parse_size ("2500", &n, &error));
  g_assert_cmpuint (n, ==, 2500);
  g_assert_false (kt_seed_parse_size ("1g", &n, &error));
  g_assert_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE);
  g_clear_error (&error);
  g_assert_false (kt_seed_parse_size ("", &n, &error));
  g_clear_error (&error);
  g_assert_false (kt_seed_parse_size ("9999999m", &n, &error));
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  conninfo = kt_test_pg_new_database ("seed");

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/seed/like-rest", test_like_rest);
  ADD ("/seed/documents", test_documents);
  ADD ("/seed/pull", test_pull);
  g_test_add_func ("/seed/sizes", test_sizes);
  return g_test_run ();
}
