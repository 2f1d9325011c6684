/* test-search.c: REST search ignores case and accents in Bulgarian and
 * English on a cluster made with --no-locale, through every write path
 * (REST create and update, sync push, a renamed company) and for rows
 * written before the search text was folded in C
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "kantora-shared.h"
#include "kt-pg-migrate.h"
#include "kt-pg-search.h"
#include "kt-test-server.h"

static char *conninfo;

typedef struct {
  KtTestServer  *ts;
  KtTestAccount  a;
  char          *company;
} Fixture;

static const char * const people[][2] = {
  { "Иван", "Петров" },
  { "Мария", "Иванова" },
  { "Йордан", "Стоянов" },
  { "José", "Núñez" },
  { "Ångström", "Smith" },
  { "Mario", "Петров-Smith" },
};

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  g_autoptr(JsonNode) company = NULL;
  guint status;

  f->ts = kt_test_server_new (conninfo);
  kt_test_register (f->ts, "Търсач", &f->a);
  company = kt_test_request (f->ts, "POST", "/v1/companies", f->a.token,
                             "{\"name\":\"Стройинвест ООД\"}", &status);
  g_assert_cmpuint (status, ==, 201);
  f->company = g_strdup (kt_test_json_string (company, "id"));

  for (guint i = 0; i < G_N_ELEMENTS (people); i++)
    {
      g_autoptr(JsonNode) n = NULL;

      /* The first two work at the company. */
      if (i < 2)
        n = kt_test_requestf (f->ts, "POST", "/v1/contacts", f->a.token, &status,
                              "{\"first_name\":\"%s\",\"last_name\":\"%s\",\"company_id\":\"%s\"}",
                              people[i][0], people[i][1], f->company);
      else
        n = kt_test_requestf (f->ts, "POST", "/v1/contacts", f->a.token, &status,
                              "{\"first_name\":\"%s\",\"last_name\":\"%s\"}",
                              people[i][0], people[i][1]);
      g_assert_cmpuint (status, ==, 201);
    }
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  kt_test_account_clear (&f->a);
  g_free (f->company);
  kt_test_server_free (f->ts);
}

/* How many contacts a REST search for @text finds, in the order of
 * @sort (NULL: the default, which the walk of kt-pg-search.c serves). */
static guint
found_sorted (Fixture    *f,
              const char *text,
              const char *sort)
{
  g_autofree char *escaped = g_uri_escape_string (text, NULL, FALSE);
  g_autofree char *path = g_strdup_printf ("/v1/contacts?per_page=100&search=%s%s%s", escaped,
                                           sort != NULL ? "&sort=" : "", sort != NULL ? sort : "");
  g_autoptr(JsonNode) n = NULL;
  guint status;

  n = kt_test_request (f->ts, "GET", path, f->a.token, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  return json_array_get_length (json_object_get_array_member (json_node_get_object (n), "items"));
}

static guint
found (Fixture    *f,
       const char *text)
{
  return found_sorted (f, text, NULL);
}

/* As found(), through the statement that is planned for each text (a
 * sort other than the walk's), to check the walk against. */
static guint
found_planned (Fixture    *f,
               const char *text)
{
  return found_sorted (f, text, "last_name");
}

/* found(), which takes the walk, checked against found_planned(). */
static guint
found_both (Fixture    *f,
            const char *text)
{
  guint walked = found (f, text);

  g_assert_cmpuint (walked, ==, found_planned (f, text));
  return walked;
}

static void
test_cluster_has_no_locale (Fixture *f, gconstpointer data)
{
  g_autofree char *lowered = kt_test_pg_query (conninfo, "SELECT lower('ПЕТРОВ')");

  /* The premise of the other tests: this database's lower() leaves
   * Cyrillic alone, so only the fold in C can make them pass. */
  g_assert_cmpstr (lowered, ==, "ПЕТРОВ");
}

static void
test_cyrillic (Fixture *f, gconstpointer data)
{
  g_assert_cmpuint (found (f, "Петров"), ==, 2);
  g_assert_cmpuint (found (f, "петров"), ==, 2);
  g_assert_cmpuint (found (f, "ПЕТРОВ"), ==, 2);
  g_assert_cmpuint (found (f, "пЕтРоВ"), ==, 2);
  /* Иван Петров and Мария Иванова. */
  g_assert_cmpuint (found (f, "ИВАН"), ==, 2);
  g_assert_cmpuint (found (f, "иванова"), ==, 1);
  /* й is not и: "Йордан" is found by itself only. */
  g_assert_cmpuint (found (f, "ЙОРДАН"), ==, 1);
  g_assert_cmpuint (found (f, "иордан"), ==, 0);
  /* The company's name finds its people, in any case. */
  g_assert_cmpuint (found (f, "СТРОЙИНВЕСТ"), ==, 2);
  g_assert_cmpuint (found (f, "стройинвест оод"), ==, 2);
  g_assert_cmpuint (found (f, "Сидеров"), ==, 0);
}

static void
test_latin_accents (Fixture *f, gconstpointer data)
{
  g_assert_cmpuint (found (f, "jose"), ==, 1);
  g_assert_cmpuint (found (f, "JOSÉ"), ==, 1);
  g_assert_cmpuint (found (f, "Nunez"), ==, 1);
  g_assert_cmpuint (found (f, "NÚÑEZ"), ==, 1);
  g_assert_cmpuint (found (f, "angstrom"), ==, 1);
  g_assert_cmpuint (found (f, "SMITH"), ==, 2);
}

static void
test_mixed (Fixture *f, gconstpointer data)
{
  /* One text in two scripts. */
  g_assert_cmpuint (found (f, "ПЕТРОВ-smith"), ==, 1);
  g_assert_cmpuint (found (f, "mario петров"), ==, 1);
  /* LIKE's wildcards stay literal after the fold. */
  g_assert_cmpuint (found (f, "%"), ==, 0);
  g_assert_cmpuint (found (f, "_"), ==, 0);
}

static void
test_latin_spelling_is_not_matched (Fixture *f, gconstpointer data)
{
  /* The stored Latin spelling of "Петров" is only there for the index:
   * a Latin query does not find the Cyrillic name through it. */
  g_assert_cmpuint (found (f, "petrov"), ==, 0);
  g_assert_cmpuint (found (f, "PETROV"), ==, 0);
  g_assert_cmpuint (found (f, "stroyinvest"), ==, 0);
  /* The separator before it is inert in a query. */
  g_assert_cmpuint (found (f, "в\x1f"), ==, found (f, "в"));
  g_assert_cmpuint (found (f, "в\x1f"), ==, 4);
}

/* Under --no-locale pg_trgm skips Cyrillic letters: a Cyrillic pattern
 * alone gives the trigram index nothing to look up, and every row of the
 * organization is checked with LIKE; the stored Latin spelling gives it
 * letters. Rows written before (here: behind the server's back) get it
 * from the refill. */
static void
test_cyrillic_indexable (Fixture *f, gconstpointer data)
{
  g_autoptr(KtPg) pg = kt_pg_new (conninfo);
  g_autoptr(GError) error = NULL;
  g_autofree char *insert = NULL;
  g_autofree char *cyrillic = kt_test_pg_query (conninfo, "SELECT coalesce (array_length (show_trgm ('петров'), 1), 0)");
  g_autofree char *latin = kt_test_pg_query (conninfo, "SELECT coalesce (array_length (show_trgm ('PETROV'), 1), 0)");
  g_autofree char *stored = NULL;

  g_assert_cmpstr (cyrillic, ==, "0");
  g_assert_cmpstr (latin, !=, "0");

  /* Their stored JSON is all a list needs of them here. */
  insert = g_strdup_printf ("INSERT INTO contacts (org_id, id, owner_id, created_at, updated_at, hlc, first_name, last_name,"
                            " kt_json) "
                            "SELECT '%s', gen_random_uuid (), '%s', 'x', 'x', 'x', 'Гергана' || g, 'Колева' || g, '{}' "
                            "FROM generate_series (1, 3000) g", f->a.org_id, f->a.user_id);
  g_free (kt_test_pg_query (conninfo, insert));
  g_assert_true (kt_pg_search_refill (pg, f->a.org_id, &error));
  g_assert_no_error (error);

  stored = kt_test_pg_query (conninfo, "SELECT kt_search FROM contacts WHERE last_name = 'Колева2999'");
  g_assert_cmpstr (stored, ==, "гергана2999 колева2999" KT_PG_SEARCH_LATIN_SEPARATOR "GERGANA2999 KOLEVA2999");
  g_assert_cmpuint (found (f, "КОЛЕВА2999"), ==, 1);
  g_assert_cmpuint (found (f, "ПЕТРОВ"), ==, 2);
  g_assert_cmpuint (found (f, "koleva2999"), ==, 0);
}

static void
test_updates (Fixture *f, gconstpointer data)
{
  g_autofree char *company_path = g_strconcat ("/v1/companies/", f->company, NULL);
  g_autoptr(KtHlc) clock = kt_hlc_new (NULL);
  g_autofree char *record_id = kt_uuid_new ();
  g_autofree char *client_id = kt_uuid_new ();
  g_autofree char *stamp = kt_hlc_tick (clock);
  guint status;

  /* A renamed company: its people are found by the new name. */
  {
    g_autoptr(JsonNode) n = kt_test_request (f->ts, "PATCH", company_path, f->a.token,
                                             "{\"name\":\"Рила Фуудс\"}", &status);
    g_assert_cmpuint (status, ==, 200);
  }
  g_assert_cmpuint (found (f, "СТРОЙИНВЕСТ"), ==, 0);
  g_assert_cmpuint (found (f, "РИЛА"), ==, 2);

  /* A sync push writes the folded text too. */
  {
    g_autoptr(JsonNode) n = NULL;

    n = kt_test_requestf (f->ts, "POST", "/v1/sync/push", f->a.token, &status,
                          "{\"protocol\":%d,\"client_id\":\"%s\",\"mutations\":[{\"id\":1,"
                          "\"entity\":\"contact\",\"record_id\":\"%s\","
                          "\"fields\":{\"first_name\":\"ЦВЕТАНА\",\"last_name\":\"Ñandú\"},"
                          "\"clocks\":{\"first_name\":\"%s\",\"last_name\":\"%s\"}}]}",
                          KT_SYNC_PROTOCOL_VERSION, client_id, record_id, stamp, stamp);
    g_assert_cmpuint (status, ==, 200);
    g_assert_cmpstr (kt_test_json_string (json_array_get_element (json_object_get_array_member (
                       json_node_get_object (n), "results"), 0), "status"), ==, "applied");
  }
  g_assert_cmpuint (found (f, "цветана"), ==, 1);
  g_assert_cmpuint (found (f, "nandu"), ==, 1);
}

/* Rows written by a server that folded with PostgreSQL's lower(): the
 * next start folds them again in C, once. */
static void
test_migration_refill (Fixture *f, gconstpointer data)
{
  g_autoptr(KtPg) pg = kt_pg_new (conninfo);
  g_autoptr(GError) error = NULL;
  g_autofree char *marker = NULL;

  g_free (kt_test_pg_query (conninfo, "UPDATE contacts SET kt_search = lower(concat_ws(' ', first_name, last_name))"));
  g_free (kt_test_pg_query (conninfo, "DELETE FROM search_fold"));
  g_assert_cmpuint (found (f, "петров"), ==, 0);

  g_assert_true (kt_pg_migrate (pg, NULL, &error));
  g_assert_no_error (error);
  marker = kt_test_pg_query (conninfo, "SELECT count(*) FROM search_fold");
  g_assert_cmpstr (marker, ==, "1");

  g_assert_cmpuint (found (f, "петров"), ==, 2);
  g_assert_cmpuint (found (f, "стройинвест"), ==, 2);
  g_assert_cmpuint (found (f, "jose"), ==, 1);
}

/* The ids a REST search for @text lists, page by page of @per_page,
 * joined by spaces, in the order given; checks has_more on each page. */
static char *
listed (Fixture    *f,
        const char *text,
        const char *sort,
        guint       per_page)
{
  g_autofree char *escaped = g_uri_escape_string (text, NULL, FALSE);
  GString *ids = g_string_new (NULL);

  for (guint page = 1;; page++)
    {
      g_autofree char *path = g_strdup_printf ("/v1/contacts?per_page=%u&page=%u&sort=%s&search=%s",
                                               per_page, page, sort, escaped);
      g_autoptr(JsonNode) n = NULL;
      JsonObject *o;
      JsonArray *items;
      guint status;

      n = kt_test_request (f->ts, "GET", path, f->a.token, NULL, &status);
      g_assert_cmpuint (status, ==, 200);
      o = json_node_get_object (n);
      items = json_object_get_array_member (o, "items");
      g_assert_cmpuint (json_array_get_length (items), <=, per_page);
      for (guint i = 0; i < json_array_get_length (items); i++)
        {
          if (ids->len > 0)
            g_string_append_c (ids, ' ');
          g_string_append (ids, json_object_get_string_member (json_array_get_object_element (items, i), "id"));
        }
      if (!json_object_get_boolean_member (o, "has_more"))
        {
          /* has_more promised this page a record. */
          if (page > 1)
            g_assert_cmpuint (json_array_get_length (items), >, 0);
          break;
        }
      g_assert_cmpuint (json_array_get_length (items), ==, per_page);
      g_assert_cmpuint (page, <, 100);
    }
  return g_string_free (ids, FALSE);
}

/* A search walks the sort order when the page's matches come soon
 * enough, and asks the trigram index otherwise (kt-pg-records.c): small
 * pages take the walk, a page of 100 over these six contacts the index.
 * Both must list the same records in the same order. */
static void
test_pages_agree (Fixture *f, gconstpointer data)
{
  const char *texts[] = { "петров", "иван", "smith", "a", "o", "jose" };
  const char *sorts[] = { "first_name", "-first_name", "last_name", "-created_at" };

  for (guint t = 0; t < G_N_ELEMENTS (texts); t++)
    for (guint s = 0; s < G_N_ELEMENTS (sorts); s++)
      {
        g_autofree char *all = listed (f, texts[t], sorts[s], 100);

        g_assert_cmpstr (all, !=, "");
        for (guint per_page = 1; per_page <= 3; per_page++)
          {
            g_autofree char *paged = listed (f, texts[t], sorts[s], per_page);

            g_assert_cmpstr (paged, ==, all);
          }
      }
}

/* The walk reads the search text from kt_search_short in its index
 * (kt-pg-search.c): it must follow every write, leave long texts to the
 * row itself, skip tombstones and stay inside the organization. */
static void
test_walk_in_step (Fixture *f, gconstpointer data)
{
  g_autoptr(GString) notes = g_string_new (NULL);
  g_autoptr(JsonNode) created = NULL;
  g_autofree char *ivan_id = NULL;
  g_autofree char *long_path = NULL;
  g_autofree char *ivan_path = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *short_text = NULL;
  g_autofree char *walk_index = NULL;
  KtTestAccount b = { 0 };
  guint status;

  walk_index = kt_test_pg_query (conninfo, "SELECT indexdef FROM pg_indexes WHERE indexname = 'contacts_search_walk_idx'");
  g_assert_nonnull (strstr (walk_index, "(org_id, first_name, id) INCLUDE (kt_search_short) WHERE (NOT deleted)"));

  /* Another organization with the same people: never listed here. */
  kt_test_register (f->ts, "Другите", &b);
  for (guint i = 0; i < G_N_ELEMENTS (people); i++)
    {
      g_autoptr(JsonNode) n = kt_test_requestf (f->ts, "POST", "/v1/contacts", b.token, &status,
                                                "{\"first_name\":\"%s\",\"last_name\":\"%s\"}",
                                                people[i][0], people[i][1]);
      g_assert_cmpuint (status, ==, 201);
    }
  g_assert_cmpuint (found_both (f, "петров"), ==, 2);
  g_assert_cmpuint (found_both (f, "smith"), ==, 2);

  /* A text too long for the index: the walk checks it on the row. */
  for (guint i = 0; i < 60; i++)
    g_string_append (notes, "бележка ");
  g_string_append (notes, "Ключовадума");
  created = kt_test_requestf (f->ts, "POST", "/v1/contacts", f->a.token, &status,
                              "{\"first_name\":\"Дълъг\",\"notes\":\"%s\"}", notes->str);
  g_assert_cmpuint (status, ==, 201);
  long_path = g_strconcat ("/v1/contacts/", kt_test_json_string (created, "id"), NULL);
  sql = g_strdup_printf ("SELECT kt_search_short IS NULL FROM contacts WHERE id = '%s'",
                         kt_test_json_string (created, "id"));
  short_text = kt_test_pg_query (conninfo, sql);
  g_assert_cmpstr (short_text, ==, "t");
  g_assert_cmpuint (found_both (f, "КЛЮЧОВАДУМА"), ==, 1);
  g_assert_cmpuint (found_both (f, "дълъг"), ==, 1);

  /* Shortened: now the index carries it. */
  {
    g_autoptr(JsonNode) n = kt_test_request (f->ts, "PATCH", long_path, f->a.token,
                                             "{\"notes\":\"Кратка бележка\"}", &status);
    g_assert_cmpuint (status, ==, 200);
  }
  g_free (short_text);
  short_text = kt_test_pg_query (conninfo, sql);
  g_assert_cmpstr (short_text, ==, "f");
  g_assert_cmpuint (found_both (f, "ключовадума"), ==, 0);
  g_assert_cmpuint (found_both (f, "КРАТКА"), ==, 1);

  /* Renamed: found by the new name only. */
  g_free (sql);
  sql = g_strdup_printf ("SELECT id FROM contacts WHERE org_id = '%s' AND first_name = 'Иван'", f->a.org_id);
  ivan_id = kt_test_pg_query (conninfo, sql);
  ivan_path = g_strconcat ("/v1/contacts/", ivan_id, NULL);
  {
    g_autoptr(JsonNode) n = kt_test_request (f->ts, "PATCH", ivan_path, f->a.token,
                                             "{\"first_name\":\"Стефан\"}", &status);
    g_assert_cmpuint (status, ==, 200);
  }
  g_assert_cmpuint (found_both (f, "СТЕФАН"), ==, 1);
  g_assert_cmpuint (found_both (f, "иван"), ==, 1);

  /* Deleted (a tombstone row stays): no longer found. */
  {
    g_autoptr(JsonNode) n = kt_test_request (f->ts, "DELETE", ivan_path, f->a.token, NULL, &status);
    g_assert_cmpuint (status, ==, 204);
  }
  g_assert_cmpuint (found_both (f, "стефан"), ==, 0);
  g_assert_cmpuint (found_both (f, "петров"), ==, 1);
  g_assert_cmpuint (found_both (f, "бележка"), ==, 1);

  kt_test_account_clear (&b);
}

/* 300 records of @plural whose @name_column is "Aaa1" to "Aaa300"
 * (@columns and @values: more of them, each value followed by a comma),
 * their search texts written by the fold, an UPDATE, as for rows of an
 * older server. */
static void
insert_aaa (Fixture    *f,
            const char *plural,
            const char *columns,
            const char *values)
{
  g_autoptr(KtPg) pg = kt_pg_new (conninfo);
  g_autoptr(GError) error = NULL;
  g_autofree char *insert = NULL;

  insert = g_strdup_printf ("INSERT INTO %s (org_id, id, owner_id, created_at, updated_at, hlc, %s, kt_json) "
                            "SELECT '%s', u, '%s', 'x', 'x', 'x', %s'Aaa' || g, json_build_object ('id', u)::text "
                            "FROM (SELECT gen_random_uuid () AS u, g FROM generate_series (1, 300) g) r",
                            plural, columns, f->a.org_id, f->a.user_id, values);
  g_free (kt_test_pg_query (conninfo, insert));
  g_assert_true (kt_pg_search_refill (pg, f->a.org_id, &error));
  g_assert_no_error (error);
}

/* A page whose matches lie further down the sort order than the walk
 * goes (SEARCH_WALK_FACTOR rows per row wanted: 80 for a page of 1) is
 * answered by the trigram branch; pages of 100 are walked to the end
 * here. Both must give the same records in the same order. */
static void
test_walk_runs_out (Fixture *f, gconstpointer data)
{
  const char *texts[] = { "петров", "smith", "aaa3", "aaa29", "zzz" };

  /* Sorted before every person of the fixture ("A" < Cyrillic). */
  insert_aaa (f, "contacts", "first_name", "");

  for (guint t = 0; t < G_N_ELEMENTS (texts); t++)
    {
      g_autofree char *all = listed (f, texts[t], "first_name", 100);

      for (guint per_page = 1; per_page <= 3; per_page++)
        {
          g_autofree char *paged = listed (f, texts[t], "first_name", per_page);

          g_assert_cmpstr (paged, ==, all);
        }
    }
  g_assert_cmpuint (found_both (f, "петров"), ==, 2);
  g_assert_cmpuint (found_both (f, "aaa29"), ==, 11);
}

/* The ids of the first page of @per_page invoices a REST search for
 * @text finds, in the order of @sort (NULL: the default, -issue_date,
 * which the walk serves). */
static char *
invoices_found (Fixture    *f,
                const char *text,
                const char *sort,
                guint       per_page)
{
  g_autofree char *escaped = g_uri_escape_string (text, NULL, FALSE);
  g_autofree char *path = g_strdup_printf ("/v1/invoices?per_page=%u&search=%s%s%s", per_page, escaped,
                                           sort != NULL ? "&sort=" : "", sort != NULL ? sort : "");
  g_autoptr(JsonNode) n = NULL;
  GString *ids = g_string_new (NULL);
  JsonArray *items;
  guint status;

  n = kt_test_request (f->ts, "GET", path, f->a.token, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  items = json_object_get_array_member (json_node_get_object (n), "items");
  for (guint i = 0; i < json_array_get_length (items); i++)
    g_string_append_printf (ids, "%s%s", ids->len > 0 ? " " : "",
                            json_object_get_string_member (json_array_get_object_element (items, i), "id"));
  return g_string_free (ids, FALSE);
}

static int
compare_strings (const void *a,
                 const void *b)
{
  return strcmp (*(char * const *) a, *(char * const *) b);
}

/* The ids of @found in byte order. */
static char *
sorted_ids (const char *found)
{
  g_auto(GStrv) ids = g_strsplit (found, " ", -1);

  qsort (ids, g_strv_length (ids), sizeof (char *), compare_strings);
  return g_strjoinv (" ", ids);
}

/* As invoices_found() through the walk and through the statement
 * planned per text, which must find the same invoices; in byte order of
 * their ids, since the two sort differently. */
static char *
invoices_found_both (Fixture    *f,
                     const char *text)
{
  g_autofree char *planned = invoices_found (f, text, "client_name", 100);
  g_autofree char *walked = invoices_found (f, text, NULL, 100);
  g_autofree char *planned_sorted = sorted_ids (planned);
  char *walked_sorted = sorted_ids (walked);

  g_assert_cmpstr (walked_sorted, ==, planned_sorted);
  return walked_sorted;
}

/* Invoices keep the trigram index of their search text in a side table
 * (invoices_search, kept by triggers: kt-pg-schema.c), which the overdue
 * job's status changes never touch. A search finds an invoice by its
 * client and by its company's name through the walk, the statement
 * planned per text and the trigram branch, and follows every write of
 * the text. */
static void
test_invoices_side_table (Fixture *f, gconstpointer data)
{
  g_autofree char *company_path = g_strconcat ("/v1/companies/", f->company, NULL);
  g_autofree char *invoice = NULL;
  g_autofree char *invoice_path = NULL;
  g_autofree char *xmin_sql = NULL;
  g_autofree char *xmin = NULL;
  guint status;

  {
    g_autoptr(JsonNode) n = NULL;

    n = kt_test_requestf (f->ts, "POST", "/v1/invoices", f->a.token, &status,
                          "{\"issue_date\":\"2026-03-01\",\"client_name\":\"Ведрина ЕООД\",\"company_id\":\"%s\"}",
                          f->company);
    g_assert_cmpuint (status, ==, 201);
    invoice = g_strdup (kt_test_json_string (n, "id"));
    invoice_path = g_strconcat ("/v1/invoices/", invoice, NULL);
  }
  {
    g_autofree char *by_client = invoices_found_both (f, "ВЕДРИНА");
    g_autofree char *by_company = invoices_found_both (f, "стройинвест");

    g_assert_cmpstr (by_client, ==, invoice);
    g_assert_cmpstr (by_company, ==, invoice);
  }

  /* A new client name, a renamed company. */
  {
    g_autoptr(JsonNode) n = kt_test_request (f->ts, "PATCH", invoice_path, f->a.token,
                                             "{\"client_name\":\"Зора АД\"}", &status);
    g_assert_cmpuint (status, ==, 200);
  }
  {
    g_autoptr(JsonNode) n = kt_test_request (f->ts, "PATCH", company_path, f->a.token,
                                             "{\"name\":\"Рила Фуудс\"}", &status);
    g_assert_cmpuint (status, ==, 200);
  }
  {
    g_autofree char *old_client = invoices_found_both (f, "ведрина");
    g_autofree char *new_client = invoices_found_both (f, "зора");
    g_autofree char *old_company = invoices_found_both (f, "стройинвест");
    g_autofree char *new_company = invoices_found_both (f, "рила");

    g_assert_cmpstr (old_client, ==, "");
    g_assert_cmpstr (new_client, ==, invoice);
    g_assert_cmpstr (old_company, ==, "");
    g_assert_cmpstr (new_company, ==, invoice);
  }

  /* 300 invoices issued later, first in the default order: a page of one
   * walks 80 of them and finds nothing, so the trigram branch answers,
   * from the side table. Their texts come from the fold (an UPDATE). */
  insert_aaa (f, "invoices", "issue_date, client_name", "'2026-04-01', ");
  {
    g_autofree char *rare = invoices_found (f, "зора", NULL, 1);
    g_autofree char *common = invoices_found_both (f, "aaa29");

    g_assert_cmpstr (rare, ==, invoice);
    g_assert_cmpuint (strlen (common), ==, 11 * 36 + 10);
  }

  /* Deleted: found no more. */
  {
    g_autoptr(JsonNode) n = kt_test_request (f->ts, "DELETE", invoice_path, f->a.token, NULL, &status);
    g_assert_cmpuint (status / 100, ==, 2);
  }
  {
    g_autofree char *gone = invoices_found (f, "зора", NULL, 1);

    g_assert_cmpstr (gone, ==, "");
  }

  /* A status change, as the overdue job makes it, writes no new version
   * of the copy. */
  xmin_sql = g_strdup_printf ("SELECT s.xmin::text FROM invoices_search s JOIN invoices i USING (org_id, id) "
                              "WHERE i.org_id = '%s' AND i.client_name = 'Aaa1'", f->a.org_id);
  xmin = kt_test_pg_query (conninfo, xmin_sql);
  g_assert_nonnull (xmin);
  {
    g_autofree char *mark = g_strdup_printf ("UPDATE invoices SET status = 'overdue' "
                                             "WHERE org_id = '%s' AND client_name = 'Aaa1'", f->a.org_id);
    g_autofree char *after = NULL;

    g_free (kt_test_pg_query (conninfo, mark));
    after = kt_test_pg_query (conninfo, xmin_sql);
    g_assert_cmpstr (after, ==, xmin);
  }
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  conninfo = kt_test_pg_new_database ("search");

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/server/search/cluster-has-no-locale", test_cluster_has_no_locale);
  ADD ("/server/search/cyrillic", test_cyrillic);
  ADD ("/server/search/latin-accents", test_latin_accents);
  ADD ("/server/search/mixed", test_mixed);
  ADD ("/server/search/latin-spelling-not-matched", test_latin_spelling_is_not_matched);
  ADD ("/server/search/cyrillic-indexable", test_cyrillic_indexable);
  ADD ("/server/search/updates", test_updates);
  ADD ("/server/search/migration-refill", test_migration_refill);
  ADD ("/server/search/pages-agree", test_pages_agree);
  ADD ("/server/search/walk-in-step", test_walk_in_step);
  ADD ("/server/search/walk-runs-out", test_walk_runs_out);
  ADD ("/server/search/invoices-side-table", test_invoices_side_table);
#undef ADD

  return g_test_run ();
}
