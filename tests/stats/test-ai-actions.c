/* test-ai-actions.c: the client's side of the AI actions without a
 * window: the answer checked again against its schema (an answer that
 * does not fit is refused whole), the server's errors in plain words, a
 * smart search's filter run on a real store, and the mailto: URI
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "kt-ai-client.h"
#include "kt-ai-filter.h"
#include "stats-fixture.h"

static JsonNode *
parse (const char *json)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = json_from_string (json, &error);

  g_assert_no_error (error);
  return node;
}

static void
test_check_answer (void)
{
  static const struct {
    const char *json;
    gboolean    ok;
  } cases[] = {
    { "{\"action\": \"suggest_tasks\", \"attempts\": 1, \"result\": {\"tasks\": ["
      "{\"title\": \"Call Ivan\", \"priority\": \"high\", \"due_in_days\": 2, \"reason\": \"Quote sent\"}]}}", TRUE },
    /* A priority the schema does not have. */
    { "{\"action\": \"suggest_tasks\", \"result\": {\"tasks\": ["
      "{\"title\": \"Call Ivan\", \"priority\": \"asap\", \"due_in_days\": 2, \"reason\": \"\"}]}}", FALSE },
    /* The second task is wrong: the first must not be used either. */
    { "{\"action\": \"suggest_tasks\", \"result\": {\"tasks\": ["
      "{\"title\": \"Call Ivan\", \"priority\": \"low\", \"due_in_days\": 2, \"reason\": \"\"},"
      "{\"title\": \"Mail Ana\", \"priority\": \"low\", \"due_in_days\": 400, \"reason\": \"\"}]}}", FALSE },
    /* Something more than the schema lets through. */
    { "{\"action\": \"suggest_tasks\", \"result\": {\"tasks\": [], \"sql\": \"DELETE FROM tasks\"}}", FALSE },
    /* Another action's answer, or none. */
    { "{\"action\": \"draft_email\", \"result\": {\"subject\": \"Hi\", \"body\": \"Hello\"}}", FALSE },
    { "{\"action\": \"suggest_tasks\"}", FALSE },
    { "[]", FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonNode) answer = parse (cases[i].json);
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonObject) result = kt_ai_check_answer (KT_AI_ACTION_SUGGEST_TASKS, answer, &error);

      if (cases[i].ok)
        {
          g_assert_no_error (error);
          g_assert_nonnull (result);
          g_assert_cmpuint (json_array_get_length (json_object_get_array_member (result, "tasks")), ==, 1);
        }
      else
        {
          g_assert_null (result);
          g_assert_error (error, KT_AI_ERROR, KT_AI_ERROR_INVALID_OUTPUT);
        }
    }
}

static GError *
server_error (guint       code,
              const char *server_code,
              gint64      retry_after)
{
  GError *error = g_error_new_literal (KT_SYNC_ERROR, code, "the server's words");

  kt_sync_error_set_answer (error, server_code, retry_after);
  return error;
}

static void
test_errors (void)
{
  g_autoptr(GError) limit = kt_ai_error_from_sync (server_error (KT_SYNC_ERROR_REFUSED, "plan_limit", -1));
  g_autoptr(GError) busy = kt_ai_error_from_sync (server_error (KT_SYNC_ERROR_REFUSED, "ai_rate_limited", 37));
  g_autoptr(GError) invalid = kt_ai_error_from_sync (server_error (KT_SYNC_ERROR_SERVER, "ai_invalid_output", -1));
  g_autoptr(GError) none = kt_ai_error_from_sync (server_error (KT_SYNC_ERROR_SERVER, "ai_not_configured", -1));
  g_autoptr(GError) offline = kt_ai_error_from_sync (server_error (KT_SYNC_ERROR_NETWORK, NULL, -1));
  g_autoptr(GError) other = kt_ai_error_from_sync (server_error (KT_SYNC_ERROR_REFUSED, "validation", -1));
  g_autoptr(GError) cancelled = kt_ai_error_from_sync (g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, "x"));

  g_assert_error (limit, KT_AI_ERROR, KT_AI_ERROR_PLAN_LIMIT);
  g_assert_error (busy, KT_AI_ERROR, KT_AI_ERROR_RATE_LIMITED);
  /* The wait the server asked for is in the words. */
  g_assert_nonnull (strstr (busy->message, "37"));
  g_assert_error (invalid, KT_AI_ERROR, KT_AI_ERROR_INVALID_OUTPUT);
  g_assert_error (none, KT_AI_ERROR, KT_AI_ERROR_NOT_CONFIGURED);
  g_assert_error (offline, KT_AI_ERROR, KT_AI_ERROR_OFFLINE);
  g_assert_error (other, KT_AI_ERROR, KT_AI_ERROR_FAILED);
  g_assert_cmpstr (other->message, ==, "the server's words");
  g_assert_error (cancelled, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  /* Without the server's code, the sync error stays readable. */
  g_assert_null (kt_sync_error_get_code (cancelled));
}

static KtAiFilter *
filter_from (const char *json)
{
  g_autoptr(JsonNode) node = parse (json);
  g_autoptr(GError) error = NULL;
  KtAiFilter *filter = kt_ai_filter_new_from_json (json_node_get_object (node), &error);

  g_assert_no_error (error);
  return filter;
}

/* "Open deals over 10,000 closing before December", as the model
 * answers it, against the brute-force count of the generated deals. */
static void
test_filter_deals (StatsFixture  *fixture,
                   gconstpointer  data)
{
  g_autoptr(KtAiFilter) filter = filter_from (
    "{\"entity\": \"deal\", \"sort\": \"-value\", \"filters\": ["
    " {\"field\": \"value\", \"op\": \"gt\", \"value\": \"1000000\"},"
    " {\"field\": \"status\", \"op\": \"eq\", \"value\": \"open\"}]}");
  g_autoptr(KtQuery) query = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  guint expected = 0;
  KtAiCondition *value;

  /* Cents as the person reads them. */
  value = g_ptr_array_index (filter->conditions, 0);
  g_assert_cmpstr (value->value, ==, "10000");

  for (guint i = 0; i < fixture->deals->len; i++)
    {
      KtRecord *deal = g_ptr_array_index (fixture->deals, i);

      if (!kt_record_get_deleted (deal) && kt_record_has (deal, "value") &&
          kt_record_get_int (deal, "value") > 1000000 &&
          g_strcmp0 (kt_record_get_string (deal, "status"), "open") == 0)
        expected++;
    }
  g_assert_cmpuint (expected, >, 0);

  query = kt_ai_filter_to_query (filter, &error);
  g_assert_no_error (error);
  rows = kt_store_query (fixture->store, query, 0, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, expected);
  for (guint i = 1; i < rows->len; i++)
    g_assert_cmpint (kt_record_get_int (g_ptr_array_index (rows, i - 1), "value"), >=,
                     kt_record_get_int (g_ptr_array_index (rows, i), "value"));

  /* The person edits the amount: 10000.5 is 1000050 cents, and "le"
   * takes the other side. */
  g_free (value->value);
  value->value = g_strdup ("10000.5");
  g_free (value->op);
  value->op = g_strdup ("le");
  g_clear_pointer (&query, kt_query_free);
  query = kt_ai_filter_to_query (filter, &error);
  g_assert_no_error (error);
  g_assert_cmpint (kt_store_count (fixture->store, query, NULL), >, 0);
  g_clear_pointer (&rows, g_ptr_array_unref);
  rows = kt_store_query (fixture->store, query, 0, 0, &error);
  for (guint i = 0; i < rows->len; i++)
    g_assert_cmpint (kt_record_get_int (g_ptr_array_index (rows, i), "value"), <=, 1000050);
}

/* A day against due times: "at most the 25th" takes all of the 25th,
 * "on the 25th" only it. */
static void
test_filter_days (StatsFixture  *fixture,
                  gconstpointer  data)
{
  static const struct {
    const char *op;
    const char *from;   /* the brute force: from <= due_at < to */
    const char *to;
  } cases[] = {
    { "le", "", "2026-11-26" },
    { "eq", "2026-11-25", "2026-11-26" },
    { "gt", "2026-11-26", "9" },
    { "lt", "", "2026-11-25" },
    { "ge", "2026-11-25", "9" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *json = g_strdup_printf ("{\"entity\": \"task\", \"filters\": [{\"field\": \"due_at\","
                                               " \"op\": \"%s\", \"value\": \"2026-11-25\"}]}", cases[i].op);
      g_autoptr(KtAiFilter) filter = filter_from (json);
      g_autoptr(KtQuery) query = NULL;
      g_autoptr(GError) error = NULL;
      guint expected = 0;

      for (guint j = 0; j < fixture->tasks->len; j++)
        {
          KtRecord *task = g_ptr_array_index (fixture->tasks, j);
          const char *due = kt_record_get_string (task, "due_at");

          if (!kt_record_get_deleted (task) && due != NULL &&
              strcmp (due, cases[i].from) >= 0 && strcmp (due, cases[i].to) < 0)
            expected++;
        }
      query = kt_ai_filter_to_query (filter, &error);
      g_assert_no_error (error);
      g_assert_cmpint (kt_store_count (fixture->store, query, NULL), ==, expected);
    }
}

/* Amounts as a person types them find the deal of exactly that value. */
static void
test_filter_amounts (StatsFixture  *fixture,
                     gconstpointer  data)
{
  static const char * const typed[] = { "10 000,57", "10,000.57", "10000.57" };
  KtRecord *model = g_ptr_array_index (fixture->deals, 0);
  g_autoptr(KtRecord) deal = kt_record_new (KT_ENTITY_DEAL);
  g_autoptr(GError) error = NULL;

  kt_record_set_string (deal, "title", "Exactly");
  kt_record_set_string (deal, "pipeline_id", kt_record_get_string (model, "pipeline_id"));
  kt_record_set_string (deal, "stage_id", kt_record_get_string (model, "stage_id"));
  kt_record_set_string (deal, "status", "open");
  kt_record_set_string (deal, "currency", "EUR");
  kt_record_set_int (deal, "value", 1000057);
  g_assert_true (kt_store_save (fixture->store, deal, &error));
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (typed); i++)
    {
      g_autoptr(KtAiFilter) filter = kt_ai_filter_new (KT_ENTITY_DEAL);
      g_autoptr(KtQuery) query = NULL;
      g_autoptr(GPtrArray) rows = NULL;

      g_ptr_array_add (filter->conditions, kt_ai_condition_new ("value", "eq", typed[i]));
      query = kt_ai_filter_to_query (filter, &error);
      g_assert_no_error (error);
      rows = kt_store_query (fixture->store, query, 0, 0, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (rows->len, ==, 1);
      g_assert_cmpstr (kt_record_get_id (g_ptr_array_index (rows, 0)), ==, kt_record_get_id (deal));
    }
  {
    g_autoptr(JsonNode) node = parse ("{\"entity\": \"deal\", \"filters\": ["
                                      "{\"field\": \"value\", \"op\": \"ge\", \"value\": \"1000050\"}]}");
    g_autoptr(KtAiFilter) filter = kt_ai_filter_new_from_json (json_node_get_object (node), NULL);

    g_assert_cmpstr (((KtAiCondition *) g_ptr_array_index (filter->conditions, 0))->value, ==, "10000.50");
  }
}

static void
save_contact (KtStore    *store,
              const char *first,
              const char *city)
{
  g_autoptr(KtRecord) contact = kt_record_new (KT_ENTITY_CONTACT);
  g_autoptr(GError) error = NULL;

  kt_record_set_string (contact, "first_name", first);
  kt_record_set_string (contact, "city", city);
  g_assert_true (kt_store_save (store, contact, &error));
  g_assert_no_error (error);
}

static void
test_filter_contains (StatsFixture  *fixture,
                      gconstpointer  data)
{
  g_autoptr(KtAiFilter) filter = filter_from (
    "{\"entity\": \"contact\", \"filters\": [{\"field\": \"city\", \"op\": \"contains\", \"value\": \"50%\"}]}");
  g_autoptr(KtQuery) query = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;

  save_contact (fixture->store, "Ivan", "Sofia 50%");
  save_contact (fixture->store, "Maria", "Sofia 500");
  save_contact (fixture->store, "Petar", "Plovdiv");

  /* "%" is a character to find, not a pattern. */
  query = kt_ai_filter_to_query (filter, &error);
  g_assert_no_error (error);
  rows = kt_store_query (fixture->store, query, 0, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, 1);
  g_assert_cmpstr (kt_record_get_string (g_ptr_array_index (rows, 0), "first_name"), ==, "Ivan");
}

/* What the model may not do: fields the entity does not have, ids,
 * values a field cannot hold, entities smart search does not cover. */
static void
test_filter_refused (StatsFixture  *fixture,
                     gconstpointer  data)
{
  static const struct {
    const char *json;
    GQuark      domain;
    int         code;
  } cases[] = {
    { "{\"entity\": \"deal\", \"filters\": [{\"field\": \"city\", \"op\": \"eq\", \"value\": \"Sofia\"}]}",
      0, KT_ERROR_UNKNOWN_FIELD },
    { "{\"entity\": \"deal\", \"filters\": [{\"field\": \"title; DROP TABLE deals\", \"op\": \"eq\", \"value\": \"x\"}]}",
      0, KT_ERROR_UNKNOWN_FIELD },
    { "{\"entity\": \"deal\", \"filters\": [{\"field\": \"company_id\", \"op\": \"eq\", \"value\": \"x\"}]}",
      0, KT_ERROR_UNKNOWN_FIELD },
    { "{\"entity\": \"deal\", \"filters\": [{\"field\": \"custom\", \"op\": \"eq\", \"value\": \"x\"}]}",
      0, KT_ERROR_UNKNOWN_FIELD },
    { "{\"entity\": \"deal\", \"filters\": [{\"field\": \"status\", \"op\": \"eq\", \"value\": \"maybe\"}]}",
      0, KT_ERROR_INVALID },
    { "{\"entity\": \"deal\", \"filters\": [{\"field\": \"value\", \"op\": \"gt\", \"value\": \"lots\"}]}",
      0, KT_ERROR_INVALID },
    { "{\"entity\": \"deal\", \"filters\": [{\"field\": \"expected_close_date\", \"op\": \"lt\", \"value\": \"soon\"}]}",
      0, KT_ERROR_INVALID },
    { "{\"entity\": \"deal\", \"filters\": [{\"field\": \"value\", \"op\": \"contains\", \"value\": \"1\"}]}",
      0, KT_ERROR_INVALID },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(KtAiFilter) filter = filter_from (cases[i].json);
      g_autoptr(GError) error = NULL;
      g_autoptr(KtQuery) query = kt_ai_filter_to_query (filter, &error);

      g_assert_null (query);
      g_assert_error (error, KT_ERROR, cases[i].code);
    }

  {
    g_autoptr(JsonNode) node = parse ("{\"entity\": \"user\", \"filters\": []}");
    g_autoptr(GError) error = NULL;
    g_autoptr(KtAiFilter) filter = kt_ai_filter_new_from_json (json_node_get_object (node), &error);

    g_assert_null (filter);
    g_assert_error (error, KT_ERROR, KT_ERROR_UNKNOWN_ENTITY);
  }
}

static void
test_mailto (void)
{
  g_autofree char *uri = kt_ai_mailto_uri ("ivan@example.bg", "Оферта & цени?",
                                           "Здравейте,\nцена: 100% = 5 000 €#");
  g_autofree char *nobody = kt_ai_mailto_uri (NULL, "Hi", "");

  g_assert_cmpstr (uri, ==,
                   "mailto:ivan@example.bg?subject=%D0%9E%D1%84%D0%B5%D1%80%D1%82%D0%B0%20%26%20"
                   "%D1%86%D0%B5%D0%BD%D0%B8%3F&body=%D0%97%D0%B4%D1%80%D0%B0%D0%B2%D0%B5%D0%B9"
                   "%D1%82%D0%B5%2C%0D%0A%D1%86%D0%B5%D0%BD%D0%B0%3A%20100%25%20%3D%205%20000%20"
                   "%E2%82%AC%23");
  g_assert_cmpstr (nobody, ==, "mailto:?subject=Hi&body=");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ai-actions/check-answer", test_check_answer);
  g_test_add_func ("/ai-actions/errors", test_errors);
  g_test_add_func ("/ai-actions/mailto", test_mailto);
  g_test_add ("/ai-actions/filter-deals", StatsFixture, GUINT_TO_POINTER (300),
              stats_fixture_set_up, test_filter_deals, stats_fixture_tear_down);
  g_test_add ("/ai-actions/filter-amounts", StatsFixture, GUINT_TO_POINTER (300),
              stats_fixture_set_up, test_filter_amounts, stats_fixture_tear_down);
  g_test_add ("/ai-actions/filter-days", StatsFixture, GUINT_TO_POINTER (300),
              stats_fixture_set_up, test_filter_days, stats_fixture_tear_down);
  g_test_add ("/ai-actions/filter-contains", StatsFixture, NULL,
              stats_fixture_set_up, test_filter_contains, stats_fixture_tear_down);
  g_test_add ("/ai-actions/filter-refused", StatsFixture, NULL,
              stats_fixture_set_up, test_filter_refused, stats_fixture_tear_down);

  return g_test_run ();
}
