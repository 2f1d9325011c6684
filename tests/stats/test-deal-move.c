/* test-deal-move.c: moving deals between and within stage columns
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "kt-deal-move.h"
#include "kt-pipelines.h"
#include "stats-fixture.h"

/* The stage of the default pipeline at @index (Lead, Qualified, Proposal,
 * Negotiation, Won, Lost). */
static const char *
stage_id (StatsFixture *fixture,
          guint         index)
{
  return kt_record_get_id (g_ptr_array_index (fixture->stages, index));
}

static void
set_up (StatsFixture  *fixture,
        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) pipelines = NULL;
  g_autoptr(GPtrArray) stages = NULL;

  stats_fixture_set_up (fixture, NULL);
  kt_pipelines_ensure_default (fixture->store, &error);
  g_assert_no_error (error);
  pipelines = kt_pipelines_load (fixture->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pipelines->len, ==, 1);
  fixture->pipeline_id = g_strdup (kt_record_get_id (g_ptr_array_index (pipelines, 0)));
  stages = kt_pipelines_load_stages (fixture->store, fixture->pipeline_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (stages->len, ==, 6);
  for (guint i = 0; i < stages->len; i++)
    g_ptr_array_add (fixture->stages, g_object_ref (g_ptr_array_index (stages, i)));
  g_assert_cmpstr (kt_record_get_string (g_ptr_array_index (stages, 4), "kind"), ==, "won");
  g_assert_cmpstr (kt_record_get_string (g_ptr_array_index (stages, 5), "kind"), ==, "lost");
}

static KtRecord *
add_deal (StatsFixture *fixture,
          const char   *title,
          guint         stage,
          gint64        position)
{
  g_autoptr(GError) error = NULL;
  KtRecord *deal = kt_record_new (kt_entity_lookup ("deal"));

  kt_record_set_string (deal, "title", title);
  kt_record_set_string (deal, "pipeline_id", fixture->pipeline_id);
  kt_record_set_string (deal, "stage_id", stage_id (fixture, stage));
  kt_record_set_string (deal, "status", "open");
  kt_record_set_string (deal, "currency", "EUR");
  kt_record_set_int (deal, "value", 100000);
  kt_record_set_int (deal, "position", position);
  kt_store_save (fixture->store, deal, &error);
  g_assert_no_error (error);
  return deal;
}

static KtRecord *
reload (StatsFixture *fixture,
        KtRecord     *deal)
{
  g_autoptr(GError) error = NULL;
  KtRecord *fresh = kt_store_get (fixture->store, kt_entity_lookup ("deal"),
                                  kt_record_get_id (deal), &error);

  g_assert_no_error (error);
  return fresh;
}

/* The titles of a stage column's open deals, by position. */
static char *
column_titles (StatsFixture *fixture,
               guint         stage,
               const char   *status)
{
  g_autoptr(KtQuery) query = kt_query_new (kt_entity_lookup ("deal"));
  g_autoptr(GPtrArray) deals = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) titles = g_string_new (NULL);

  kt_query_add_filter (query, "stage_id", stage_id (fixture, stage));
  kt_query_add_filter (query, "status", status);
  kt_query_set_sort (query, "position", FALSE);
  deals = kt_store_query (fixture->store, query, 0, 1000, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < deals->len; i++)
    g_string_append_printf (titles, "%s%s", i > 0 ? "," : "",
                            kt_record_get_string (g_ptr_array_index (deals, i), "title"));
  return g_string_free (g_steal_pointer (&titles), FALSE);
}

static void
test_move_between_stages (StatsFixture  *fixture,
                          gconstpointer  data)
{
  g_autoptr(KtRecord) a = add_deal (fixture, "a", 0, 1024);
  g_autoptr(KtRecord) b = add_deal (fixture, "b", 1, 1024);
  g_autoptr(KtRecord) c = add_deal (fixture, "c", 1, 2048);
  g_autoptr(KtRecord) moved = NULL;
  g_autoptr(KtRecord) restored = NULL;
  g_autoptr(KtDealMove) move = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) outbox = NULL;
  g_autofree char *lead = NULL, *qualified = NULL;
  gint64 outbox_before = kt_store_outbox_count (fixture->store);
  KtOutboxEntry *last;

  /* Drop "a" between "b" and "c". */
  move = kt_deal_move (fixture->store, kt_record_get_id (a), stage_id (fixture, 1),
                       kt_record_get_id (b), kt_record_get_id (c), NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (move);

  moved = reload (fixture, a);
  g_assert_cmpstr (kt_record_get_string (moved, "stage_id"), ==, stage_id (fixture, 1));
  g_assert_cmpint (kt_record_get_int (moved, "position"), >, 1024);
  g_assert_cmpint (kt_record_get_int (moved, "position"), <, 2048);
  g_assert_nonnull (kt_record_get_string (moved, "stage_changed_at"));
  qualified = column_titles (fixture, 1, "open");
  g_assert_cmpstr (qualified, ==, "b,a,c");

  /* The move is in the outbox, for sync. */
  g_assert_cmpint (kt_store_outbox_count (fixture->store), ==, outbox_before + 1);
  outbox = kt_store_outbox_peek (fixture->store, 1000, &error);
  g_assert_no_error (error);
  last = g_ptr_array_index (outbox, outbox->len - 1);
  g_assert_cmpstr (last->entity, ==, "deal");
  g_assert_cmpstr (last->record_id, ==, kt_record_get_id (a));
  g_assert_nonnull (strstr (last->fields_json, stage_id (fixture, 1)));

  /* Undo puts it back in Lead. */
  kt_deal_move_undo (move, &error);
  g_assert_no_error (error);
  restored = reload (fixture, a);
  g_assert_cmpstr (kt_record_get_string (restored, "stage_id"), ==, stage_id (fixture, 0));
  g_assert_null (kt_record_get_string (restored, "stage_changed_at"));
  g_clear_pointer (&qualified, g_free);
  qualified = column_titles (fixture, 1, "open");
  g_assert_cmpstr (qualified, ==, "b,c");
  lead = column_titles (fixture, 0, "open");
  g_assert_cmpstr (lead, ==, "a");
}

static void
test_move_within_column (StatsFixture  *fixture,
                         gconstpointer  data)
{
  g_autoptr(KtRecord) a = add_deal (fixture, "a", 2, 1024);
  g_autoptr(KtRecord) b = add_deal (fixture, "b", 2, 2048);
  g_autoptr(KtRecord) c = add_deal (fixture, "c", 2, 3072);
  g_autoptr(KtDealMove) move = NULL;
  g_autoptr(KtDealMove) top = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *after_move = NULL, *after_undo = NULL, *after_top = NULL;

  /* "a" to the bottom: below "c", nothing after. */
  move = kt_deal_move (fixture->store, kt_record_get_id (a), stage_id (fixture, 2),
                       kt_record_get_id (c), NULL, NULL, &error);
  g_assert_no_error (error);
  after_move = column_titles (fixture, 2, "open");
  g_assert_cmpstr (after_move, ==, "b,c,a");

  kt_deal_move_undo (move, &error);
  g_assert_no_error (error);
  after_undo = column_titles (fixture, 2, "open");
  g_assert_cmpstr (after_undo, ==, "a,b,c");

  /* "c" to the top: nothing before, above "a". */
  top = kt_deal_move (fixture->store, kt_record_get_id (c), stage_id (fixture, 2),
                      NULL, kt_record_get_id (a), NULL, &error);
  g_assert_no_error (error);
  after_top = column_titles (fixture, 2, "open");
  g_assert_cmpstr (after_top, ==, "c,a,b");
}

static void
test_renumber_without_gap (StatsFixture  *fixture,
                           gconstpointer  data)
{
  g_autoptr(KtRecord) a = add_deal (fixture, "a", 1, 10);
  g_autoptr(KtRecord) b = add_deal (fixture, "b", 1, 11);
  g_autoptr(KtRecord) c = add_deal (fixture, "c", 1, 12);
  g_autoptr(KtRecord) x = add_deal (fixture, "x", 0, 0);
  g_autoptr(KtDealMove) move = NULL;
  g_autoptr(KtDealMove) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *titles = NULL, *undone = NULL;
  g_autoptr(KtRecord) fresh_b = NULL;

  /* No integer lies between 10 and 11: the column is renumbered. */
  move = kt_deal_move (fixture->store, kt_record_get_id (x), stage_id (fixture, 1),
                       kt_record_get_id (a), kt_record_get_id (b), NULL, &error);
  g_assert_no_error (error);
  titles = column_titles (fixture, 1, "open");
  g_assert_cmpstr (titles, ==, "a,x,b,c");
  fresh_b = reload (fixture, b);
  g_assert_cmpint (kt_record_get_int (fresh_b, "position"), ==, 3 * KT_DEAL_POSITION_GAP);

  /* Moving within the renumbered column now finds room. */
  again = kt_deal_move (fixture->store, kt_record_get_id (c), stage_id (fixture, 1),
                        kt_record_get_id (a), kt_record_get_id (x), NULL, &error);
  g_assert_no_error (error);
  g_clear_pointer (&titles, g_free);
  titles = column_titles (fixture, 1, "open");
  g_assert_cmpstr (titles, ==, "a,c,x,b");

  kt_deal_move_undo (again, &error);
  g_assert_no_error (error);
  undone = column_titles (fixture, 1, "open");
  g_assert_cmpstr (undone, ==, "a,x,b,c");
}

static void
test_hidden_neighbour (StatsFixture  *fixture,
                       gconstpointer  data)
{
  g_autoptr(KtRecord) a = add_deal (fixture, "a", 3, 1024);
  g_autoptr(KtRecord) hidden = add_deal (fixture, "hidden", 3, 1030);
  g_autoptr(KtRecord) x = add_deal (fixture, "x", 0, 0);
  g_autoptr(KtDealMove) move = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *titles = NULL;

  /* A filtered board shows only "a": dropping below it must not land on
   * or after the hidden deal that follows it. */
  move = kt_deal_move (fixture->store, kt_record_get_id (x), stage_id (fixture, 3),
                       kt_record_get_id (a), NULL, NULL, &error);
  g_assert_no_error (error);
  titles = column_titles (fixture, 3, "open");
  g_assert_cmpstr (titles, ==, "a,x,hidden");
}

static void
test_won_and_lost (StatsFixture  *fixture,
                   gconstpointer  data)
{
  g_autoptr(KtRecord) a = add_deal (fixture, "a", 3, 1024);
  g_autoptr(KtRecord) won = NULL;
  g_autoptr(KtRecord) lost = NULL;
  g_autoptr(KtRecord) reopened = NULL;
  g_autoptr(KtDealMove) win = NULL;
  g_autoptr(KtDealMove) lose = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *won_column = NULL;

  win = kt_deal_move (fixture->store, kt_record_get_id (a), stage_id (fixture, 4),
                      NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  won = reload (fixture, a);
  g_assert_cmpstr (kt_record_get_string (won, "status"), ==, "won");
  g_assert_nonnull (kt_record_get_string (won, "closed_at"));
  won_column = column_titles (fixture, 4, "won");
  g_assert_cmpstr (won_column, ==, "a");

  lose = kt_deal_move (fixture->store, kt_record_get_id (a), stage_id (fixture, 5),
                       NULL, NULL, "Price too high", &error);
  g_assert_no_error (error);
  lost = reload (fixture, a);
  g_assert_cmpstr (kt_record_get_string (lost, "status"), ==, "lost");
  g_assert_cmpstr (kt_record_get_string (lost, "lost_reason"), ==, "Price too high");

  /* Undo both: back to open in Negotiation, no closing date or reason. */
  kt_deal_move_undo (lose, &error);
  g_assert_no_error (error);
  kt_deal_move_undo (win, &error);
  g_assert_no_error (error);
  reopened = reload (fixture, a);
  g_assert_cmpstr (kt_record_get_string (reopened, "status"), ==, "open");
  g_assert_cmpstr (kt_record_get_string (reopened, "stage_id"), ==, stage_id (fixture, 3));
  g_assert_null (kt_record_get_string (reopened, "closed_at"));
  g_assert_null (kt_record_get_string (reopened, "lost_reason"));
}

/* What the deal form does with a new deal, or one whose stage it
 * changed: the same as a move on the board, at the end of the column. */
static void
test_place (StatsFixture  *fixture,
            gconstpointer  data)
{
  g_autoptr(KtRecord) open_in_won = add_deal (fixture, "open in Won", 4, 5000);
  g_autoptr(KtRecord) first = add_deal (fixture, "first", 2, 7000);
  g_autoptr(KtRecord) fresh = kt_record_new (kt_entity_lookup ("deal"));
  g_autoptr(KtRecord) reopened = NULL;
  g_autoptr(GError) error = NULL;

  /* A new deal put into Won is won and closed; its column is that of the
   * won deals there, which an open one in the same stage is not part
   * of. */
  kt_record_set_string (fresh, "title", "fresh");
  g_assert_true (kt_deal_move_place (fixture->store, fresh, g_ptr_array_index (fixture->stages, 4),
                                     NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (kt_record_get_string (fresh, "status"), ==, "won");
  g_assert_nonnull (kt_record_get_string (fresh, "closed_at"));
  g_assert_nonnull (kt_record_get_string (fresh, "stage_changed_at"));
  g_assert_cmpint (kt_record_get_int (fresh, "position"), ==, KT_DEAL_POSITION_GAP);

  /* Into an open stage: reopened, no closing date or reason, below the
   * deals already there. */
  reopened = add_deal (fixture, "reopened", 1, 0);
  kt_record_set_string (reopened, "status", "lost");
  kt_record_set_string (reopened, "closed_at", "2026-11-20T10:00:00.000Z");
  kt_record_set_string (reopened, "lost_reason", "Price too high");
  g_assert_true (kt_deal_move_place (fixture->store, reopened, g_ptr_array_index (fixture->stages, 2),
                                     "lost", &error));
  g_assert_no_error (error);
  g_assert_cmpstr (kt_record_get_string (reopened, "status"), ==, "open");
  g_assert_null (kt_record_get_string (reopened, "closed_at"));
  g_assert_null (kt_record_get_string (reopened, "lost_reason"));
  g_assert_cmpint (kt_record_get_int (reopened, "position"), ==, 7000 + KT_DEAL_POSITION_GAP);
}

static void
test_missing_deal (StatsFixture  *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KtDealMove) move = NULL;

  move = kt_deal_move (fixture->store, "0190aaaa-0000-7000-8000-0000000000ff",
                       stage_id (fixture, 1), NULL, NULL, NULL, &error);
  g_assert_null (move);
  g_assert_error (error, KT_ERROR, KT_ERROR_NOT_FOUND);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/deal-move/between-stages", StatsFixture, NULL,
              set_up, test_move_between_stages, stats_fixture_tear_down);
  g_test_add ("/deal-move/within-column", StatsFixture, NULL,
              set_up, test_move_within_column, stats_fixture_tear_down);
  g_test_add ("/deal-move/renumber", StatsFixture, NULL,
              set_up, test_renumber_without_gap, stats_fixture_tear_down);
  g_test_add ("/deal-move/hidden-neighbour", StatsFixture, NULL,
              set_up, test_hidden_neighbour, stats_fixture_tear_down);
  g_test_add ("/deal-move/won-and-lost", StatsFixture, NULL,
              set_up, test_won_and_lost, stats_fixture_tear_down);
  g_test_add ("/deal-move/place", StatsFixture, NULL,
              set_up, test_place, stats_fixture_tear_down);
  g_test_add ("/deal-move/missing-deal", StatsFixture, NULL,
              set_up, test_missing_deal, stats_fixture_tear_down);

  return g_test_run ();
}
