/* test-parsers.c: the server's request parsing apart from the database
 *
 * The sync push envelope and mutations and the list route's query string
 * and statement are pure functions (the fuzz targets in fuzz/ call them,
 * as the routes do); these tests pin what they accept and how they refuse,
 * without a PostgreSQL.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <libsoup/soup.h>
#include <string.h>

#include "kantora-shared.h"
#include "kt-pg-schema.h"
#include "kt-route-sync.h"
#include "kt-routes.h"
#include "kt-server-error.h"

#define CLIENT "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b"
#define RECORD "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5c"
#define STAMP  "2026-11-25T18:04:30.123Z-0001-3f9a0c2e7d514b88"

static JsonObject *
object_from (const char *json)
{
  g_autoptr(JsonNode) node = json_from_string (json, NULL);

  g_assert_nonnull (node);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
  return json_object_ref (json_node_get_object (node));
}

static void
test_push_batch (void)
{
  /* The answer's status and field: the error's domain depends on the
   * helper that refuses it (kt_json_get_string() for client_id). */
  static const struct {
    const char *json;
    guint       status;
    const char *field;
  } bad[] = {
    { "{\"mutations\":[]}", 422, "client_id" },
    { "{\"client_id\":7,\"mutations\":[]}", 400, "client_id" },
    { "{\"client_id\":\"c-1\",\"mutations\":[]}", 400, "client_id" },
    { "{\"client_id\":\"" CLIENT "\"}", 400, "mutations" },
    { "{\"client_id\":\"" CLIENT "\",\"mutations\":{}}", 400, "mutations" },
  };
  g_autoptr(JsonObject) good = object_from ("{\"protocol\":1,\"client_id\":\"" CLIENT "\","
                                            "\"mutations\":[{},{}]}");
  g_autoptr(JsonObject) big = object_from ("{\"client_id\":\"" CLIENT "\",\"mutations\":[]}");
  g_autoptr(GError) error = NULL;
  const char *client_id = NULL;
  JsonArray *mutations = NULL;

  g_assert_true (kt_sync_push_read_batch (good, &client_id, &mutations, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (client_id, ==, CLIENT);
  g_assert_cmpuint (json_array_get_length (mutations), ==, 2);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(JsonObject) body = object_from (bad[i].json);

      g_test_message ("%s", bad[i].json);
      g_assert_false (kt_sync_push_read_batch (body, &client_id, &mutations, &error));
      g_assert_nonnull (error);
      g_assert_cmpuint (kt_server_error_status (error), ==, bad[i].status);
      g_assert_cmpstr (kt_server_error_get_field (error), ==, bad[i].field);
      g_clear_error (&error);
    }

  /* One more than a batch may carry. */
  {
    JsonArray *array = json_array_new ();

    for (guint i = 0; i < KT_SYNC_MAX_BATCH + 1; i++)
      json_array_add_object_element (array, json_object_new ());
    json_object_set_array_member (big, "mutations", array);
  }
  g_assert_false (kt_sync_push_read_batch (big, &client_id, &mutations, &error));
  g_assert_error (error, KT_SERVER_ERROR, KT_SERVER_ERROR_TOO_LARGE);
  g_assert_cmpuint (kt_server_error_status (error), ==, 413);
}

static void
test_push_mutation (void)
{
  static const char * const bad[] = {
    "1",
    "{\"entity\":\"contact\",\"record_id\":\"" RECORD "\",\"clocks\":{}}",
    "{\"id\":0,\"entity\":\"contact\",\"record_id\":\"" RECORD "\",\"clocks\":{}}",
    "{\"id\":1.5,\"entity\":\"contact\",\"record_id\":\"" RECORD "\",\"clocks\":{}}",
    "{\"id\":1,\"record_id\":\"" RECORD "\",\"clocks\":{}}",
    "{\"id\":1,\"entity\":\"contact\",\"clocks\":{}}",
    "{\"id\":1,\"entity\":\"contact\",\"record_id\":\"" RECORD "\"}",
    "{\"id\":1,\"entity\":\"contact\",\"record_id\":\"" RECORD "\",\"clocks\":[]}",
    "{\"id\":1,\"entity\":\"contact\",\"record_id\":\"" RECORD "\",\"clocks\":{},\"fields\":[]}",
    "{\"id\":1,\"entity\":\"contact\",\"record_id\":\"" RECORD "\",\"clocks\":{},\"deleted\":\"yes\"}",
    /* Found by fuzz/fuzz-sync-push.c: a critical warning in json-glib. */
    "{\"id\":1,\"entity\":{\"a\":1},\"record_id\":\"" RECORD "\",\"clocks\":{}}",
    "{\"id\":1,\"entity\":\"contact\",\"record_id\":[1],\"clocks\":{}}",
  };
  g_autoptr(JsonNode) node = json_from_string ("{\"id\":41,\"entity\":\"contact\",\"record_id\":\"" RECORD "\","
                                               "\"fields\":{\"first_name\":\"Иван\"},\"deleted\":true,"
                                               "\"clocks\":{\"first_name\":\"" STAMP "\"}}", NULL);
  g_autoptr(JsonObject) fields = NULL;
  g_autoptr(JsonObject) clocks = NULL;
  g_autoptr(GError) error = NULL;
  const char *entity = NULL, *record_id = NULL;
  gint64 id = 0;

  g_assert_true (kt_sync_push_read_mutation (node, 0, &id, &entity, &record_id, &fields, &clocks, &error));
  g_assert_no_error (error);
  g_assert_cmpint (id, ==, 41);
  g_assert_cmpstr (entity, ==, "contact");
  g_assert_cmpstr (record_id, ==, RECORD);
  g_assert_cmpstr (json_object_get_string_member (fields, "first_name"), ==, "Иван");
  /* The tombstone travels as a field of the write path. */
  g_assert_true (json_object_get_boolean_member (fields, KT_META_DELETED));
  g_assert_cmpstr (json_object_get_string_member (clocks, "first_name"), ==, STAMP);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(JsonNode) m = json_from_string (bad[i], NULL);
      g_autoptr(JsonObject) f = NULL;
      g_autoptr(JsonObject) c = NULL;

      g_test_message ("%s", bad[i]);
      g_assert_nonnull (m);
      g_assert_false (kt_sync_push_read_mutation (m, 2, &id, &entity, &record_id, &f, &c, &error));
      g_assert_error (error, KT_SERVER_ERROR, KT_SERVER_ERROR_MALFORMED_JSON);
      /* The message counts from 1, as a person reads the batch. */
      g_assert_nonnull (strstr (error->message, "3"));
      g_assert_null (f);
      g_clear_error (&error);
    }
}

static KtRequest *
list_request (const char *plural,
              const char *query)
{
  KtRequest *req = kt_request_new ();
  g_autofree char *path = g_strconcat ("/v1/", plural, NULL);

  req->method = g_strdup ("GET");
  kt_request_set_path (req, path);
  if (query != NULL)
    req->query = soup_form_decode (query);
  return req;
}

static void
test_list_query (void)
{
  static const struct {
    const char *query;
    const char *field;
  } bad[] = {
    { "page=0", "page" },
    { "page=abc", "page" },
    { "page=18446744073709551617", "page" },
    { "per_page=501", "per_page" },
    { "per_page=-1", "per_page" },
    /* Found by fuzz/fuzz-query.c: %FF decodes to a byte that is not
     * UTF-8, which the search pattern's g_utf8_strdown() read past the end
     * of (ASan saw the heap corrupted). */
    { "search=%FF", "search" },
    { "city=Sof%C3", "city" },
    { "sort=%80", "sort" },
    { "%FF=1", NULL },
  };
  g_autoptr(GError) error = NULL;

  {
    g_autoptr(KtRequest) req = list_request ("contacts", "page=2&per_page=50&sort=-last_name&search=%D0%98&city=Sofia");
    g_autoptr(GHashTable) filters = NULL;
    KtListQuery query = { 0, };

    g_assert_true (kt_route_records_parse_query (req, &query, &error));
    g_assert_no_error (error);
    filters = query.filters;
    g_assert_cmpuint (query.page, ==, 2);
    g_assert_cmpuint (query.per_page, ==, 50);
    g_assert_cmpstr (query.sort, ==, "-last_name");
    g_assert_cmpstr (query.search, ==, "И");
    g_assert_cmpuint (g_hash_table_size (filters), ==, 1);
    g_assert_cmpstr (g_hash_table_lookup (filters, "city"), ==, "Sofia");
  }

  {
    g_autoptr(KtRequest) req = list_request ("contacts", NULL);
    KtListQuery query = { 0, };

    g_assert_true (kt_route_records_parse_query (req, &query, &error));
    g_assert_null (query.filters);
    g_assert_cmpuint (query.page, ==, 0);
    g_assert_null (query.sort);
  }

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(KtRequest) req = list_request ("contacts", bad[i].query);
      KtListQuery query = { 0, };

      g_test_message ("%s", bad[i].query);
      g_assert_false (kt_route_records_parse_query (req, &query, &error));
      g_assert_error (error, KT_SERVER_ERROR, KT_SERVER_ERROR_BAD_REQUEST);
      g_assert_cmpstr (kt_server_error_get_field (error), ==, bad[i].field);
      g_assert_null (query.filters);
      g_clear_error (&error);
    }
}

static char *
list_sql (const char  *plural,
          const char  *text,
          GPtrArray   *params,
          GError     **error)
{
  g_autoptr(KtRequest) req = list_request (plural, text);
  g_autoptr(GHashTable) filters = NULL;
  const KtEntity *entity = kt_entity_lookup_plural (plural);
  KtListQuery query = { 0, };

  g_assert_true (kt_route_records_parse_query (req, &query, NULL));
  filters = query.filters;
  return kt_pg_records_list_sql (kt_pg_schema_lookup_entity (entity), "hash", &query, params, error);
}

static void
test_list_sql (void)
{
  static const struct {
    const char *plural;
    const char *query;
    const char *field;
  } bad[] = {
    { "contacts", "sort=nickname", "sort" },
    { "contacts", "sort=tags", "sort" },
    { "contacts", "sort=custom", "sort" },
    { "contacts", "sort=%22%3B%20DROP%20TABLE%20x%3B--", "sort" },
    { "contacts", "nickname=1", "nickname" },
    { "contacts", "owner_id=me", "owner_id" },
    { "contacts", "company_id=acme", "company_id" },
    { "companies", "employee_count=12a", "employee_count" },
    { "pipelines", "is_default=maybe", "is_default" },
  };
  g_autoptr(GError) error = NULL;

  kt_pg_schema_init ();

  {
    g_autoptr(GPtrArray) params = g_ptr_array_new_with_free_func (g_free);
    g_autofree char *sql = list_sql ("contacts", "page=3&per_page=20&sort=-last_name&search=100%25_x&city=Sofia",
                                     params, &error);

    g_assert_no_error (error);
    g_assert_nonnull (sql);
    /* The token, the filter, the search, the limit and the offset: every
     * value of the query string is a parameter, none is in the text. */
    g_assert_cmpuint (params->len, ==, 5);
    g_assert_cmpstr (params->pdata[0], ==, "hash");
    g_assert_cmpstr (params->pdata[1], ==, "Sofia");
    g_assert_cmpstr (params->pdata[2], ==, "%100\\%\\_x%");
    g_assert_cmpstr (params->pdata[3], ==, "21");
    g_assert_cmpstr (params->pdata[4], ==, "40");
    g_assert_null (strstr (sql, "Sofia"));
    g_assert_nonnull (strstr (sql, "\"last_name\" DESC"));
  }

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GPtrArray) params = g_ptr_array_new_with_free_func (g_free);
      g_autofree char *sql = NULL;

      g_test_message ("%s?%s", bad[i].plural, bad[i].query);
      sql = list_sql (bad[i].plural, bad[i].query, params, &error);
      g_assert_null (sql);
      g_assert_error (error, KT_SERVER_ERROR, KT_SERVER_ERROR_BAD_REQUEST);
      g_assert_cmpstr (kt_server_error_get_field (error), ==, bad[i].field);
      g_clear_error (&error);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/parsers/push-batch", test_push_batch);
  g_test_add_func ("/parsers/push-mutation", test_push_mutation);
  g_test_add_func ("/parsers/list-query", test_list_query);
  g_test_add_func ("/parsers/list-sql", test_list_sql);

  return g_test_run ();
}
