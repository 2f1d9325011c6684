/* test-migrate.c: migrations on an empty database, reruns, two instances
 * migrating at once, and entity tables following the registry
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "kt-pg-migrate.h"
#include "kt-pg-schema.h"
#include "kt-test-server.h"

static void
migrate (const char *conninfo,
         guint      *applied)
{
  g_autoptr(KtPg) pg = kt_pg_new (conninfo);
  g_autoptr(GError) error = NULL;

  kt_pg_migrate (pg, applied, &error);
  g_assert_no_error (error);
}

static void
test_empty_and_rerun (void)
{
  g_autofree char *conninfo = kt_test_pg_new_database ("mig_empty");
  g_autofree char *versions = NULL;
  g_autofree char *tables = NULL;
  g_autofree char *stray = NULL;
  g_autofree char *no_org = NULL;
  guint applied = 0;

  migrate (conninfo, &applied);
  g_assert_cmpuint (applied, ==, kt_pg_migrate_latest ());

  tables = kt_test_pg_query (conninfo,
                             "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public' "
                             "AND table_name IN ('contacts', 'companies', 'deals', 'tasks', 'activities', "
                             "'pipelines', 'stages', 'invoices', 'change_log', 'org_counters', 'users', 'sessions')");
  g_assert_cmpstr (tables, ==, "12");

  /* Every table of org data has org_id, and every index of the synced
   * tables leads with it (search_fold, like schema_migrations, is a
   * server-wide marker). */
  no_org = kt_test_pg_query (conninfo,
                             "SELECT string_agg(t.table_name, ',') FROM information_schema.tables t "
                             "WHERE t.table_schema = 'public' AND t.table_name NOT IN "
                             "('schema_migrations', 'search_fold', 'sessions', 'login_attempts') "
                             "AND NOT EXISTS (SELECT 1 FROM information_schema.columns c "
                             " WHERE c.table_name = t.table_name AND c.column_name = 'org_id')");
  g_assert_null (no_org);
  stray = kt_test_pg_query (conninfo,
                            "SELECT string_agg(indexname, ',') FROM pg_indexes WHERE schemaname = 'public' "
                            "AND tablename IN ('contacts', 'companies', 'deals', 'tasks', 'activities', 'pipelines', "
                            "'stages', 'invoices', 'change_log', 'team_members', 'subscriptions') "
                            "AND indexdef NOT LIKE '%(org_id%' AND indexname NOT LIKE 'team_members_invite%' "
                            "AND indexname NOT LIKE 'team_members_by_user%' "
                            /* Stripe's webhook finds the organization by
                             * Stripe's ids, as an invitation by its token. */
                            "AND indexname NOT LIKE 'subscriptions_stripe_%'");
  g_assert_null (stray);

  /* A second run has nothing to do. */
  migrate (conninfo, &applied);
  g_assert_cmpuint (applied, ==, 0);
  versions = kt_test_pg_query (conninfo, "SELECT count(*) || '/' || max(version) FROM schema_migrations");
  {
    g_autofree char *expected = g_strdup_printf ("%u/%u", kt_pg_migrate_latest (), kt_pg_migrate_latest ());
    g_assert_cmpstr (versions, ==, expected);
  }
}

static void
test_registry_columns (void)
{
  g_autofree char *conninfo = kt_test_pg_new_database ("mig_registry");
  g_autofree char *column = NULL;
  guint applied = 0;

  migrate (conninfo, &applied);
  /* A field missing from the table (as after adding it to the registry)
   * comes back at the next start. */
  g_free (kt_test_pg_query (conninfo, "ALTER TABLE contacts DROP COLUMN job_title"));
  migrate (conninfo, &applied);
  g_assert_cmpuint (applied, ==, 0);
  column = kt_test_pg_query (conninfo, "SELECT data_type FROM information_schema.columns "
                                       "WHERE table_name = 'contacts' AND column_name = 'job_title'");
  g_assert_cmpstr (column, ==, "text");
}

static void
test_newer_schema_refused (void)
{
  g_autofree char *conninfo = kt_test_pg_new_database ("mig_newer");
  g_autofree char *sql = NULL;
  g_autoptr(KtPg) pg = kt_pg_new (conninfo);
  g_autoptr(GError) error = NULL;
  guint applied = 0;

  migrate (conninfo, &applied);
  sql = g_strdup_printf ("INSERT INTO schema_migrations (version) VALUES (%u)", kt_pg_migrate_latest () + 1);
  g_free (kt_test_pg_query (conninfo, sql));
  g_assert_false (kt_pg_migrate (pg, &applied, &error));
  g_assert_error (error, KT_PG_ERROR, KT_PG_ERROR_QUERY);
}

static void
test_two_instances (void)
{
  g_autofree char *conninfo = kt_test_pg_new_database ("mig_two");
  const char *bin = g_getenv ("KANTORA_SERVER_BIN");
  g_autoptr(GSubprocess) one = NULL;
  g_autoptr(GSubprocess) two = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out_one = NULL;
  g_autofree char *out_two = NULL;
  g_autofree char *versions = NULL;
  g_autofree char *expected_first = g_strdup_printf ("migrations applied: %u (schema version %u)\n",
                                                     kt_pg_migrate_latest (), kt_pg_migrate_latest ());
  const char *second = "migrations applied: 0";

  g_assert_nonnull (bin);
  /* Both start before either finishes; the advisory lock makes one wait. */
  one = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error,
                          bin, "--migrate-only", "--database-url", conninfo, NULL);
  g_assert_no_error (error);
  two = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error,
                          bin, "--migrate-only", "--database-url", conninfo, NULL);
  g_assert_no_error (error);

  g_subprocess_communicate_utf8 (one, NULL, NULL, &out_one, NULL, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (two, NULL, NULL, &out_two, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_successful (one));
  g_assert_true (g_subprocess_get_successful (two));

  /* Exactly one of them applied the migrations. */
  g_assert_true ((g_str_equal (out_one, expected_first) && g_str_has_prefix (out_two, second)) ||
                 (g_str_equal (out_two, expected_first) && g_str_has_prefix (out_one, second)));
  versions = kt_test_pg_query (conninfo, "SELECT count(*) FROM schema_migrations");
  {
    g_autofree char *expected = g_strdup_printf ("%u", kt_pg_migrate_latest ());
    g_assert_cmpstr (versions, ==, expected);
  }
}

/* A database from before the search walk (kt-pg-search.c): the next
 * start adds kt_search_short, filled for the rows already there, its
 * trigger and its index, then vacuums the rewritten table so the walk can
 * read the index alone. */
static void
test_search_walk_upgrade (void)
{
  g_autofree char *conninfo = kt_test_pg_new_database ("mig_walk");
  g_autofree char *vacuums_before = NULL;
  g_autofree char *vacuums_after = NULL;
  g_autofree char *stored = NULL;
  g_autofree char *index = NULL;
  guint applied = 0;

  migrate (conninfo, &applied);
  g_free (kt_test_pg_query (conninfo, "DROP TRIGGER kt_search_short ON contacts"));
  g_free (kt_test_pg_query (conninfo, "ALTER TABLE contacts DROP COLUMN kt_search_short"));
  index = kt_test_pg_query (conninfo, "SELECT count(*) FROM pg_indexes WHERE indexname = 'contacts_search_walk_idx'");
  g_assert_cmpstr (index, ==, "0");
  g_free (kt_test_pg_query (conninfo,
                            "INSERT INTO contacts (org_id, id, created_at, updated_at, hlc, first_name, kt_search) "
                            "SELECT gen_random_uuid (), gen_random_uuid (), 'x', 'x', 'x', 'a' || g, "
                            "CASE WHEN g = 1 THEN repeat ('x', 401) ELSE 'a' || g END "
                            "FROM generate_series (1, 100) g"));
  vacuums_before = kt_test_pg_query (conninfo, "SELECT vacuum_count FROM pg_stat_user_tables WHERE relname = 'contacts'");

  migrate (conninfo, &applied);
  g_assert_cmpuint (applied, ==, 0);
  stored = kt_test_pg_query (conninfo, "SELECT count(*) FILTER (WHERE kt_search_short = kt_search) || '/' || "
                                       "count(*) FILTER (WHERE kt_search_short IS NULL) FROM contacts");
  g_assert_cmpstr (stored, ==, "99/1");
  g_free (index);
  index = kt_test_pg_query (conninfo, "SELECT count(*) FROM pg_indexes WHERE indexname = 'contacts_search_walk_idx'");
  g_assert_cmpstr (index, ==, "1");
  /* And the trigger keeps it from now on. */
  g_free (kt_test_pg_query (conninfo, "UPDATE contacts SET kt_search = 'b' WHERE first_name = 'a1'"));
  g_free (stored);
  stored = kt_test_pg_query (conninfo, "SELECT kt_search_short FROM contacts WHERE first_name = 'a1'");
  g_assert_cmpstr (stored, ==, "b");
  vacuums_after = kt_test_pg_query (conninfo, "SELECT vacuum_count FROM pg_stat_user_tables WHERE relname = 'contacts'");
  g_assert_cmpint (atoi (vacuums_after), >, atoi (vacuums_before));
}

/* The indexes of the synced tables (kt_pg_schema_ddl()): a reference or a
 * field lists only filter by gets a partial index of the rows where it is
 * set (a reference's with the default order's column), the search walk's
 * column no plain index, and a database with the indexes of an older
 * server loses them on its next start. */
static void
test_lean_indexes (void)
{
  g_autofree char *conninfo = kt_test_pg_new_database ("mig_indexes");
  g_autofree char *indexes = NULL;
  g_autofree char *upgraded = NULL;
  g_autofree char *columns = NULL;
  const char *query = "SELECT string_agg(indexname || coalesce(' ' || ("
                      " SELECT pg_get_expr(i.indpred, i.indrelid) FROM pg_index i"
                      " WHERE i.indexrelid = (quote_ident(indexname))::regclass), ''), ', ' ORDER BY indexname) "
                      "FROM pg_indexes WHERE tablename = 'invoices' AND indexname IN ("
                      " 'invoices_contact_id_idx', 'invoices_contact_id_set_idx', 'invoices_contact_id_set_sorted_idx',"
                      " 'invoices_issue_date_idx',"
                      " 'invoices_repeat_every_idx', 'invoices_repeat_every_set_idx', 'invoices_status_idx',"
                      " 'invoices_status_set_idx', 'invoices_due_date_idx', 'invoices_search_walk_idx')";
  /* No index of an enum lists only filter by (status, repeat_every):
   * the overdue job marks invoices by the thousand. */
  const char *expected = "invoices_contact_id_set_sorted_idx (contact_id IS NOT NULL), invoices_due_date_idx, "
                         "invoices_search_walk_idx (NOT deleted)";

  migrate (conninfo, NULL);
  indexes = kt_test_pg_query (conninfo, query);
  g_assert_cmpstr (indexes, ==, expected);
  /* A contact's invoices, newest first, are one range of it. */
  g_free (columns);
  columns = kt_test_pg_query (conninfo, "SELECT indexdef FROM pg_indexes "
                                        "WHERE indexname = 'invoices_contact_id_set_sorted_idx'");
  g_assert_nonnull (strstr (columns, "(org_id, contact_id, issue_date, id)"));

  /* What older servers made. */
  g_free (kt_test_pg_query (conninfo, "DROP INDEX invoices_contact_id_set_sorted_idx"));
  g_free (kt_test_pg_query (conninfo, "CREATE INDEX invoices_contact_id_set_idx ON invoices (org_id, contact_id, id) "
                                      "WHERE contact_id IS NOT NULL"));
  g_free (kt_test_pg_query (conninfo, "CREATE INDEX invoices_contact_id_idx ON invoices (org_id, contact_id, id)"));
  g_free (kt_test_pg_query (conninfo, "CREATE INDEX invoices_issue_date_idx ON invoices (org_id, issue_date, id)"));
  g_free (kt_test_pg_query (conninfo, "CREATE INDEX invoices_status_idx ON invoices (org_id, status, id)"));
  migrate (conninfo, NULL);
  upgraded = kt_test_pg_query (conninfo, query);
  g_assert_cmpstr (upgraded, ==, expected);
}

/* Migration 14 on a database that has invoices: their search texts move
 * to invoices_search under its trigram index, the trigram index of
 * invoices, the indexes of their status, kind and owner and
 * change_log_record_idx go, and the
 * triggers keep the copy from then on. The database is first put back
 * the way version 13 left it. */
static void
test_invoices_search_upgrade (void)
{
  g_autofree char *conninfo = kt_test_pg_new_database ("mig_side");
  g_autofree char *copied = NULL;
  g_autofree char *indexes = NULL;
  g_autofree char *triggers = NULL;
  g_autofree char *kept = NULL;
  guint applied = 0;

  migrate (conninfo, NULL);
  g_free (kt_test_pg_query (conninfo, "DROP TRIGGER kt_search_side_insert ON invoices;"
                                      "DROP TRIGGER kt_search_side_update ON invoices;"
                                      "DROP TRIGGER kt_search_side_delete ON invoices;"
                                      "DROP TABLE invoices_search;"
                                      "CREATE INDEX invoices_search_idx ON invoices USING gin (org_id, kt_search gin_trgm_ops);"
                                      "CREATE INDEX invoices_status_idx ON invoices (org_id, status, id);"
                                      "CREATE INDEX invoices_kind_set_idx ON invoices (org_id, kind, id) WHERE kind IS NOT NULL;"
                                      "CREATE INDEX invoices_owner_idx ON invoices (org_id, owner_id);"
                                      "CREATE INDEX change_log_record_idx ON change_log (org_id, entity, record_id);"
                                      "DELETE FROM schema_migrations WHERE version >= 14"));
  g_free (kt_test_pg_query (conninfo,
                            "INSERT INTO invoices (org_id, id, created_at, updated_at, hlc, status, kt_search) "
                            "SELECT '6f1c2a52-5d3e-4a8e-9a77-1d0c1e9f4b11', gen_random_uuid (), 'x', 'x', 'x', 'issued', "
                            "'клиент ' || g FROM generate_series (1, 100) g"));

  migrate (conninfo, &applied);
  /* 14 and every later one. */
  g_assert_cmpuint (applied, ==, kt_pg_migrate_latest () - 13);
  copied = kt_test_pg_query (conninfo, "SELECT count(*) FROM invoices i JOIN invoices_search s "
                                       "ON s.org_id = i.org_id AND s.id = i.id AND s.kt_search = i.kt_search");
  g_assert_cmpstr (copied, ==, "100");
  indexes = kt_test_pg_query (conninfo, "SELECT string_agg(indexname, ', ' ORDER BY indexname) FROM pg_indexes "
                                        "WHERE indexname IN ('invoices_search_idx', 'invoices_status_idx', 'invoices_kind_set_idx', "
                                        "'invoices_owner_idx', 'change_log_record_idx', 'change_log_history_idx', "
                                        "'invoices_search_trgm_idx')");
  g_assert_cmpstr (indexes, ==, "change_log_history_idx, invoices_search_trgm_idx");
  triggers = kt_test_pg_query (conninfo, "SELECT count(*) FROM pg_trigger WHERE tgrelid = 'invoices'::regclass "
                                         "AND tgname LIKE 'kt_search_side_%'");
  g_assert_cmpstr (triggers, ==, "3");

  /* From now on the triggers keep it: a new text, a status alone (no
   * new row version in the copy), a new invoice, a deleted one. */
  g_free (kt_test_pg_query (conninfo, "UPDATE invoices SET kt_search = 'друг' WHERE kt_search = 'клиент 1'"));
  g_free (kt_test_pg_query (conninfo, "CREATE TABLE kt_xmins AS SELECT id, xmin::text AS x FROM invoices_search"));
  g_free (kt_test_pg_query (conninfo, "UPDATE invoices SET status = 'overdue'"));
  g_free (kt_test_pg_query (conninfo,
                            "INSERT INTO invoices (org_id, id, created_at, updated_at, hlc, kt_search) "
                            "VALUES ('6f1c2a52-5d3e-4a8e-9a77-1d0c1e9f4b11', gen_random_uuid (), 'x', 'x', 'x', 'нова')"));
  g_free (kt_test_pg_query (conninfo, "DELETE FROM invoices WHERE kt_search = 'клиент 2'"));
  kept = kt_test_pg_query (conninfo,
                           "SELECT (SELECT count(*) FROM invoices_search) || '/' || "
                           "(SELECT count(*) FROM invoices i JOIN invoices_search s "
                           " ON s.org_id = i.org_id AND s.id = i.id AND s.kt_search = i.kt_search) || '/' || "
                           "(SELECT count(*) FROM invoices_search s JOIN kt_xmins k ON k.id = s.id AND k.x = s.xmin::text) "
                           "|| '/' || (SELECT count(*) FROM invoices_search WHERE kt_search IN ('друг', 'нова'))");
  g_assert_cmpstr (kept, ==, "100/100/99/2");
}

/* Migration 16: a database whose stored JSON still carries org_id, hlc
 * and deleted (every row written before lean answers) gets the text the
 * write path makes now, with and without an owner, and a null text is
 * filled. */
static void
test_lean_json_upgrade (void)
{
  g_autofree char *conninfo = kt_test_pg_new_database ("mig_json");
  const KtPgTable *table = NULL;
  g_autofree char *old_expr = NULL;
  g_autofree char *old_sql = NULL;
  g_autofree char *check = NULL;
  g_autofree char *old_text = NULL;
  g_autofree char *same = NULL;
  g_autofree char *text = NULL;
  guint applied = 0;

  migrate (conninfo, NULL);
  table = kt_pg_schema_lookup ("contacts");
  /* The expression before lean answers: the meta columns in their old
   * order, then the same fields. */
  g_assert_true (g_str_has_prefix (table->output_columns, "t.id, t.owner_id, t.created_at, t.updated_at,"));
  old_expr = g_strdup_printf ("(SELECT json_strip_nulls(row_to_json(x))::text FROM (SELECT "
                              "t.id, t.org_id, t.owner_id, t.created_at, t.updated_at, t.hlc, t.deleted%s) x)",
                              table->output_columns + strlen ("t.id, t.owner_id, t.created_at, t.updated_at"));
  g_free (kt_test_pg_query (conninfo,
                            "INSERT INTO contacts (org_id, id, owner_id, created_at, updated_at, hlc, first_name) VALUES "
                            "('6f1c2a52-5d3e-4a8e-9a77-1d0c1e9f4b11', '01a213f5-984e-77d1-8bc4-f0c1476eb0e1', "
                            " '01a213f5-984e-77d1-8bc4-f0c1476eb0e9', 'c1', 'u1', 'h1', 'Ана'), "
                            "('6f1c2a52-5d3e-4a8e-9a77-1d0c1e9f4b11', '01a213f5-984e-77d1-8bc4-f0c1476eb0e2', "
                            " NULL, 'c2', 'u2', 'h2', 'Иван \"\"')"));
  old_sql = g_strdup_printf ("UPDATE contacts t SET kt_json = %s", old_expr);
  g_free (kt_test_pg_query (conninfo, old_sql));
  old_text = kt_test_pg_query (conninfo, "SELECT kt_json FROM contacts WHERE first_name = 'Ана'");
  g_assert_nonnull (strstr (old_text, "\"hlc\":\"h1\",\"deleted\":false"));
  /* A third row without stored JSON. */
  g_free (kt_test_pg_query (conninfo,
                            "INSERT INTO contacts (org_id, id, created_at, updated_at, hlc, first_name) VALUES "
                            "('6f1c2a52-5d3e-4a8e-9a77-1d0c1e9f4b11', '01a213f5-984e-77d1-8bc4-f0c1476eb0e3', "
                            " 'c3', 'u3', 'h3', 'Петър')"));
  g_free (kt_test_pg_query (conninfo, "DELETE FROM schema_migrations WHERE version >= 16"));

  migrate (conninfo, &applied);
  g_assert_cmpuint (applied, ==, kt_pg_migrate_latest () - 15);
  check = g_strdup_printf ("SELECT count(*) FILTER (WHERE kt_json = %s) || '/' || count(*) FROM contacts t",
                           table->json_expr);
  same = kt_test_pg_query (conninfo, check);
  g_assert_cmpstr (same, ==, "3/3");
  text = kt_test_pg_query (conninfo, "SELECT kt_json FROM contacts WHERE first_name = 'Ана'");
  g_assert_cmpstr (text, ==, "{\"id\":\"01a213f5-984e-77d1-8bc4-f0c1476eb0e1\","
                             "\"owner_id\":\"01a213f5-984e-77d1-8bc4-f0c1476eb0e9\","
                             "\"created_at\":\"c1\",\"updated_at\":\"u1\",\"first_name\":\"Ана\"}");
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/server/migrate/empty-and-rerun", test_empty_and_rerun);
  g_test_add_func ("/server/migrate/registry-columns", test_registry_columns);
  g_test_add_func ("/server/migrate/newer-schema-refused", test_newer_schema_refused);
  g_test_add_func ("/server/migrate/two-instances", test_two_instances);
  g_test_add_func ("/server/migrate/search-walk-upgrade", test_search_walk_upgrade);
  g_test_add_func ("/server/migrate/lean-indexes", test_lean_indexes);
  g_test_add_func ("/server/migrate/invoices-search-upgrade", test_invoices_search_upgrade);
  g_test_add_func ("/server/migrate/lean-json-upgrade", test_lean_json_upgrade);

  return g_test_run ();
}
