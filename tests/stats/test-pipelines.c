/* test-pipelines.c: the default pipeline, stage edits, deleting a stage
 * that holds deals
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "kt-pipelines.h"
#include "stats-fixture.h"

static GPtrArray *
load_stages (StatsFixture *fixture,
             const char   *pipeline_id)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *stages = kt_pipelines_load_stages (fixture->store, pipeline_id, &error);

  g_assert_no_error (error);
  return stages;
}

static char *
stage_names (GPtrArray *stages)
{
  g_autoptr(GString) names = g_string_new (NULL);

  for (guint i = 0; i < stages->len; i++)
    g_string_append_printf (names, "%s%s", i > 0 ? "," : "",
                            kt_record_get_string (g_ptr_array_index (stages, i), "name"));
  return g_string_free (g_steal_pointer (&names), FALSE);
}

static char *
ensure_default (StatsFixture *fixture)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) pipelines = NULL;

  kt_pipelines_ensure_default (fixture->store, &error);
  g_assert_no_error (error);
  pipelines = kt_pipelines_load (fixture->store, &error);
  g_assert_no_error (error);
  return g_strdup (kt_record_get_id (kt_pipelines_pick_default (pipelines)));
}

static void
test_default_pipeline (StatsFixture  *fixture,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) pipelines = NULL;
  g_autoptr(GPtrArray) stages = NULL;
  g_autofree char *names = NULL;
  g_autofree char *id = ensure_default (fixture);
  static const gint64 probabilities[] = { 1000, 2500, 5000, 7500, 10000, 0 };

  /* A second call finds it and adds nothing. */
  kt_pipelines_ensure_default (fixture->store, &error);
  g_assert_no_error (error);
  pipelines = kt_pipelines_load (fixture->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pipelines->len, ==, 1);
  g_assert_true (kt_record_get_bool (g_ptr_array_index (pipelines, 0), "is_default"));

  stages = load_stages (fixture, id);
  names = stage_names (stages);
  g_assert_cmpstr (names, ==, "Lead,Qualified,Proposal,Negotiation,Won,Lost");
  for (guint i = 0; i < stages->len; i++)
    g_assert_cmpint (kt_record_get_int (g_ptr_array_index (stages, i), "probability_bps"),
                     ==, probabilities[i]);
}

static void
test_add_and_reorder_stages (StatsFixture  *fixture,
                             gconstpointer  data)
{
  g_autofree char *id = ensure_default (fixture);
  g_autoptr(GError) error = NULL;
  g_autoptr(KtRecord) demo = NULL;
  g_autoptr(GPtrArray) stages = NULL;
  g_autoptr(GPtrArray) reordered = NULL;
  g_autofree char *names = NULL, *after = NULL;

  demo = kt_pipelines_add_stage (fixture->store, id, "Demo", &error);
  g_assert_no_error (error);
  stages = load_stages (fixture, id);
  names = stage_names (stages);
  /* Before Won and Lost, which stay last. */
  g_assert_cmpstr (names, ==, "Lead,Qualified,Proposal,Negotiation,Demo,Won,Lost");

  g_assert_true (kt_pipelines_move (fixture->store, stages, 0, 1, &error));
  g_assert_no_error (error);
  g_assert_false (kt_pipelines_move (fixture->store, stages, 0, -1, &error));
  g_assert_no_error (error);
  reordered = load_stages (fixture, id);
  after = stage_names (reordered);
  g_assert_cmpstr (after, ==, "Qualified,Lead,Proposal,Negotiation,Demo,Won,Lost");
}

static KtRecord *
add_deal (StatsFixture *fixture,
          const char   *pipeline_id,
          KtRecord     *stage)
{
  g_autoptr(GError) error = NULL;
  KtRecord *deal = kt_record_new (kt_entity_lookup ("deal"));

  kt_record_set_string (deal, "title", "A deal");
  kt_record_set_string (deal, "pipeline_id", pipeline_id);
  kt_record_set_string (deal, "stage_id", kt_record_get_id (stage));
  kt_record_set_string (deal, "status", "open");
  kt_store_save (fixture->store, deal, &error);
  g_assert_no_error (error);
  return deal;
}

static void
test_delete_stage_moves_deals (StatsFixture  *fixture,
                               gconstpointer  data)
{
  g_autofree char *id = ensure_default (fixture);
  g_autoptr(GPtrArray) stages = load_stages (fixture, id);
  g_autoptr(GPtrArray) left = NULL;
  g_autoptr(GError) error = NULL;
  KtRecord *proposal = g_ptr_array_index (stages, 2);
  KtRecord *lead = g_ptr_array_index (stages, 0);
  KtRecord *lost = g_ptr_array_index (stages, 5);
  g_autoptr(KtRecord) one = add_deal (fixture, id, proposal);
  g_autoptr(KtRecord) two = add_deal (fixture, id, proposal);
  g_autoptr(KtRecord) moved = NULL;
  g_autoptr(KtRecord) closed = NULL;
  g_autofree char *names = NULL;

  g_assert_cmpint (kt_pipelines_count_deals (fixture->store, kt_record_get_id (proposal)), ==, 2);

  /* Without a target the deals would be orphaned: refused, nothing changes. */
  g_assert_false (kt_pipelines_delete_stage (fixture->store, kt_record_get_id (proposal), NULL, &error));
  g_assert_error (error, KT_ERROR, KT_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (kt_pipelines_count_deals (fixture->store, kt_record_get_id (proposal)), ==, 2);

  g_assert_true (kt_pipelines_delete_stage (fixture->store, kt_record_get_id (proposal),
                                            kt_record_get_id (lead), &error));
  g_assert_no_error (error);
  g_assert_cmpint (kt_pipelines_count_deals (fixture->store, kt_record_get_id (lead)), ==, 2);
  moved = kt_store_get (fixture->store, kt_entity_lookup ("deal"), kt_record_get_id (one), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (kt_record_get_string (moved, "stage_id"), ==, kt_record_get_id (lead));
  left = load_stages (fixture, id);
  names = stage_names (left);
  g_assert_cmpstr (names, ==, "Lead,Qualified,Negotiation,Won,Lost");

  /* Into a lost stage, open deals close as lost. */
  g_assert_true (kt_pipelines_delete_stage (fixture->store, kt_record_get_id (lead),
                                            kt_record_get_id (lost), &error));
  g_assert_no_error (error);
  closed = kt_store_get (fixture->store, kt_entity_lookup ("deal"), kt_record_get_id (two), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (kt_record_get_string (closed, "status"), ==, "lost");
  g_assert_nonnull (kt_record_get_string (closed, "closed_at"));
}

static void
test_create_and_delete_pipeline (StatsFixture  *fixture,
                                 gconstpointer  data)
{
  g_autofree char *id = ensure_default (fixture);
  g_autoptr(GError) error = NULL;
  g_autoptr(KtRecord) renewals = NULL;
  g_autoptr(GPtrArray) stages = NULL;
  g_autoptr(GPtrArray) pipelines = NULL;
  g_autoptr(KtRecord) deal = NULL;
  g_autoptr(KtRecord) gone = NULL;
  g_autoptr(KtRecord) won = NULL;

  renewals = kt_pipelines_create (fixture->store, "Renewals", &error);
  g_assert_no_error (error);
  g_assert_cmpint (kt_record_get_int (renewals, "position"), ==, 1);
  g_assert_false (kt_record_get_bool (renewals, "is_default"));
  stages = load_stages (fixture, kt_record_get_id (renewals));
  g_assert_cmpuint (stages->len, ==, 6);

  /* A pipeline holding a deal is kept. */
  deal = add_deal (fixture, kt_record_get_id (renewals), g_ptr_array_index (stages, 0));
  g_assert_false (kt_pipelines_delete (fixture->store, kt_record_get_id (renewals), &error));
  g_assert_error (error, KT_ERROR, KT_ERROR_INVALID);
  g_clear_error (&error);

  kt_store_delete (fixture->store, kt_entity_lookup ("deal"), kt_record_get_id (deal), &error);
  g_assert_no_error (error);
  g_assert_true (kt_pipelines_delete (fixture->store, kt_record_get_id (renewals), &error));
  g_assert_no_error (error);
  pipelines = kt_pipelines_load (fixture->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pipelines->len, ==, 1);
  g_assert_cmpstr (kt_record_get_id (g_ptr_array_index (pipelines, 0)), ==, id);
  gone = kt_pipelines_find_stage (fixture->store, kt_record_get_id (renewals), "won");
  g_assert_null (gone);
  won = kt_pipelines_find_stage (fixture->store, id, "won");
  g_assert_nonnull (won);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/pipelines/default", StatsFixture, NULL,
              stats_fixture_set_up, test_default_pipeline, stats_fixture_tear_down);
  g_test_add ("/pipelines/add-and-reorder-stages", StatsFixture, NULL,
              stats_fixture_set_up, test_add_and_reorder_stages, stats_fixture_tear_down);
  g_test_add ("/pipelines/delete-stage-moves-deals", StatsFixture, NULL,
              stats_fixture_set_up, test_delete_stage_moves_deals, stats_fixture_tear_down);
  g_test_add ("/pipelines/create-and-delete", StatsFixture, NULL,
              stats_fixture_set_up, test_create_and_delete_pipeline, stats_fixture_tear_down);

  return g_test_run ();
}
