/* test-ui-deal-form.c: creating, editing and deleting deals as a person does
 *
 * A deal is made through the "+" of a column and the deal form, and shows
 * up in that column with the header's totals following; an existing one
 * gets a new value and owner through the detail's Edit; a value that does
 * not parse names the field; the detail's timeline lists the deal's
 * activities and Delete can be undone. Screenshots of the form and the
 * detail are saved for a person to look at.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "kt-activity-timeline.h"
#include "kt-board-column.h"
#include "kt-deal-board.h"
#include "kt-deal-detail.h"
#include "kt-deal-form.h"
#include "kt-format.h"
#include "kt-pipelines.h"
#include "kt-record-picker.h"
#include "kt-store-members.h"
#include "kt-ui-test.h"

#define COLLEAGUE_ID "0190aaaa-0000-7000-8000-0000000000bb"

static void
save (KtStore  *store,
      KtRecord *record)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (kt_store_save (store, record, &error));
  g_assert_no_error (error);
}

static void
fill (KtStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) pipelines = NULL;
  g_autoptr(GPtrArray) stages = NULL;
  g_autoptr(KtRecord) company = kt_record_new (KT_ENTITY_COMPANY);
  g_autoptr(KtRecord) contact = kt_record_new (KT_ENTITY_CONTACT);
  g_autoptr(JsonNode) team = NULL;
  g_autoptr(KtRecord) source = kt_record_new (kt_entity_lookup ("custom_field"));
  g_autoptr(KtRecord) deal = kt_record_new (KT_ENTITY_DEAL);
  KtRecord *qualified;

  g_assert_true (kt_pipelines_ensure_default (store, &error));
  pipelines = kt_pipelines_load (store, &error);
  stages = kt_pipelines_load_stages (store, kt_record_get_id (kt_pipelines_pick_default (pipelines)), &error);
  g_assert_no_error (error);
  qualified = g_ptr_array_index (stages, 1);

  kt_record_set_string (company, "name", "Acme Ltd");
  save (store, company);
  kt_record_set_string (contact, "first_name", "Ivan");
  kt_record_set_string (contact, "last_name", "Petrov");
  kt_record_set_string (contact, "company_id", kt_record_get_id (company));
  save (store, contact);
  /* The colleague arrives as sync brings the team (docs/sync.md). */
  team = json_from_string ("[{\"id\": \"" COLLEAGUE_ID "\", \"name\": \"Maria Georgieva\","
                           " \"email\": \"maria@example.com\", \"role\": \"user\", \"active\": true}]",
                           &error);
  g_assert_no_error (error);
  g_assert_true (kt_store_members_replace (store, json_node_get_array (team), &error));
  g_assert_no_error (error);

  kt_record_set_string (source, "target_entity", "deal");
  kt_record_set_string (source, "key", "source");
  kt_record_set_string (source, "label", "Lead source");
  kt_record_set_string (source, "field_type", "text");
  save (store, source);

  kt_record_set_string (deal, "title", "Support contract");
  kt_record_set_string (deal, "pipeline_id", kt_record_get_string (qualified, "pipeline_id"));
  kt_record_set_string (deal, "stage_id", kt_record_get_id (qualified));
  kt_record_set_string (deal, "status", "open");
  kt_record_set_int (deal, "value", 100000);
  kt_record_set_string (deal, "currency", "EUR");
  kt_record_set_int (deal, "position", 1024);
  kt_record_set_string (deal, "contact_id", kt_record_get_id (contact));
  save (store, deal);
}

static KtStore *
app_store (KtUiFixture *fixture)
{
  return kt_context_get_store (kt_application_get_context (fixture->app));
}

static KtDealBoard *
show_board (KtUiFixture *fixture)
{
  GtkWidget *pane;

  g_assert_true (kt_window_show_section (fixture->window, "deals"));
  kt_ui_iterate (50);
  pane = kt_window_get_pane (fixture->window, "deals");
  g_assert_true (KT_IS_DEAL_BOARD (pane));
  return KT_DEAL_BOARD (pane);
}

static KtBoardColumn *
column (KtDealBoard *board,
        guint        index)
{
  GPtrArray *columns = kt_deal_board_get_columns (board);

  g_assert_cmpuint (index, <, columns->len);
  return g_ptr_array_index (columns, index);
}

static void
type_into (GtkWidget  *row,
           const char *text)
{
  g_assert_nonnull (row);
  gtk_editable_set_text (GTK_EDITABLE (row), text);
  kt_ui_iterate (10);
}

static const char *
combo_text (GtkWidget *row)
{
  GObject *item = adw_combo_row_get_selected_item (ADW_COMBO_ROW (row));

  g_assert_true (GTK_IS_STRING_OBJECT (item));
  return gtk_string_object_get_string (GTK_STRING_OBJECT (item));
}

static void
select_text (GtkWidget  *row,
             const char *text)
{
  GListModel *model = adw_combo_row_get_model (ADW_COMBO_ROW (row));

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GtkStringObject) item = g_list_model_get_item (model, i);

      if (g_strcmp0 (gtk_string_object_get_string (item), text) == 0)
        {
          adw_combo_row_set_selected (ADW_COMBO_ROW (row), i);
          kt_ui_iterate (10);
          return;
        }
    }
  g_error ("No “%s” to choose", text);
}

static KtDealForm *
find_form (void)
{
  GtkWindow *form;

  kt_ui_iterate (50);
  form = kt_ui_find_toplevel (KT_TYPE_DEAL_FORM);
  g_assert_nonnull (form);
  return KT_DEAL_FORM (form);
}

static KtRecord *
last_outbox_fields (KtStore *store,
                    char   **out_fields)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) outbox = kt_store_outbox_peek (store, 10000, &error);
  KtOutboxEntry *last;

  g_assert_no_error (error);
  g_assert_cmpuint (outbox->len, >, 0);
  last = g_ptr_array_index (outbox, outbox->len - 1);
  g_assert_cmpstr (last->entity, ==, "deal");
  *out_fields = g_strdup (last->fields_json);
  return kt_store_get (store, KT_ENTITY_DEAL, last->record_id, NULL);
}

static void
test_create_in_stage (KtUiFixture   *fixture,
                      gconstpointer  data)
{
  KtDealBoard *board = show_board (fixture);
  KtBoardColumn *proposal = column (board, 2);
  KtStore *store = app_store (fixture);
  g_autoptr(GError) error = NULL;
  g_autoptr(KtRecord) deal = NULL;
  g_autofree char *fields = NULL;
  g_autofree char *total = kt_format_money (1250050, "EUR");
  GtkWidget *contact;
  KtDealForm *form;

  g_assert_cmpuint (g_list_model_get_n_items (kt_board_column_get_model (proposal)), ==, 0);
  g_assert_cmpint (kt_board_column_get_count (proposal), ==, 0);

  /* The column's "+" opens the form in that stage. */
  kt_ui_click (kt_board_column_get_add_button (proposal));
  form = find_form ();
  g_assert_cmpstr (combo_text (kt_form_get_row (KT_FORM (form), "stage_id")), ==, "Proposal");
  g_assert_cmpstr (combo_text (kt_form_get_row (KT_FORM (form), "owner_id")), ==, _("You"));
  /* Only the pipeline's stages are offered. */
  g_assert_cmpuint (g_list_model_get_n_items (adw_combo_row_get_model (ADW_COMBO_ROW (kt_form_get_row (KT_FORM (form), "stage_id")))), ==, 6);
  /* The deal's custom field is there too. */
  g_assert_nonnull (kt_form_get_row (KT_FORM (form), "custom.source"));
  /* Nothing typed yet: the title is missing, but not scolded for. */
  g_assert_false (kt_form_is_valid (KT_FORM (form)));
  g_assert_cmpstr (kt_form_get_error_field (KT_FORM (form)), ==, "title");
  g_assert_false (gtk_widget_has_css_class (kt_form_get_row (KT_FORM (form), "title"), "error"));

  type_into (kt_form_get_row (KT_FORM (form), "title"), "Cloud migration");
  type_into (kt_form_get_row (KT_FORM (form), "value"), "12500.50");
  type_into (kt_form_get_row (KT_FORM (form), "custom.source"), "Trade fair");
  contact = kt_form_get_row (KT_FORM (form), "contact_id");
  g_assert_cmpuint (kt_record_picker_search (KT_RECORD_PICKER (contact), "iva"), ==, 1);
  {
    g_autoptr(KtQuery) query = kt_query_new (KT_ENTITY_CONTACT);
    g_autoptr(GPtrArray) found = NULL;

    kt_query_set_search (query, "iva");
    found = kt_store_query (store, query, 0, 1, &error);
    g_assert_no_error (error);
    kt_record_picker_set_record_id (KT_RECORD_PICKER (contact), kt_record_get_id (g_ptr_array_index (found, 0)));
  }
  kt_ui_iterate (10);
  /* The contact brings their company along. */
  g_assert_nonnull (kt_record_picker_get_record_id (KT_RECORD_PICKER (kt_form_get_row (KT_FORM (form), "company_id"))));
  g_assert_true (kt_form_is_valid (KT_FORM (form)));
  kt_ui_wait_for_frame (GTK_WIDGET (form));
  g_free (kt_ui_screenshot (GTK_WIDGET (form), "deal-form"));

  kt_ui_click_to_close (GTK_WINDOW (form), _("_Save"));
  kt_ui_iterate (100);

  /* In the store, in the outbox, in its column, in the header's totals. */
  deal = last_outbox_fields (store, &fields);
  g_assert_nonnull (deal);
  g_assert_cmpstr (kt_record_get_string (deal, "title"), ==, "Cloud migration");
  g_assert_cmpint (kt_record_get_int (deal, "value"), ==, 1250050);
  g_assert_cmpstr (kt_record_get_string (deal, "stage_id"), ==, kt_board_column_get_stage_id (proposal));
  g_assert_cmpstr (kt_record_get_string (deal, "status"), ==, "open");
  g_assert_cmpstr (kt_record_get_owner_id (deal), ==, kt_store_get_user_id (store));
  g_assert_nonnull (kt_record_get_string (deal, "company_id"));
  g_assert_nonnull (strstr (fields, "Trade fair"));
  g_assert_cmpuint (g_list_model_get_n_items (kt_board_column_get_model (proposal)), ==, 1);
  g_assert_cmpint (kt_board_column_get_count (proposal), ==, 1);
  g_assert_true (kt_ui_has_label (GTK_WIDGET (proposal), total));
  {
    g_autofree char *summary = kt_board_column_dup_summary (proposal);

    g_assert_cmpstr (summary, ==, "Stage Proposal, 1 deal");
  }

  /* A deal made in the Won column is a won deal. */
  kt_ui_click (kt_board_column_get_add_button (column (board, 4)));
  form = find_form ();
  type_into (kt_form_get_row (KT_FORM (form), "title"), "Signed at the fair");
  kt_ui_click_to_close (GTK_WINDOW (form), _("_Save"));
  kt_ui_iterate (100);
  g_clear_object (&deal);
  g_clear_pointer (&fields, g_free);
  deal = last_outbox_fields (store, &fields);
  g_assert_cmpstr (kt_record_get_string (deal, "status"), ==, "won");
  g_assert_nonnull (kt_record_get_string (deal, "closed_at"));
  g_assert_cmpint (kt_board_column_get_count (column (board, 4)), ==, 1);
}

static KtDealDetail *
open_detail (KtDealBoard *board,
             const char  *deal_id)
{
  KtDealDetail *detail;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (board), "board.open-deal", "s", deal_id));
  kt_ui_iterate (100);
  g_assert_true (kt_deal_board_get_detail_shown (board));
  detail = kt_deal_board_get_detail (board);
  g_assert_cmpstr (kt_deal_detail_get_deal_id (detail), ==, deal_id);
  return detail;
}

static void
test_edit_value_and_owner (KtUiFixture   *fixture,
                           gconstpointer  data)
{
  KtDealBoard *board = show_board (fixture);
  KtBoardColumn *qualified = column (board, 1);
  KtStore *store = app_store (fixture);
  g_autoptr(KtRecord) deal = g_list_model_get_item (kt_board_column_get_model (qualified), 0);
  g_autoptr(KtRecord) saved = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *fields = NULL;
  g_autofree char *total = kt_format_money (250000, "EUR");
  g_autofree char *deal_id = g_strdup (kt_record_get_id (deal));
  gint64 position = kt_record_get_int (deal, "position");
  KtDealDetail *detail;
  KtDealForm *form;

  detail = open_detail (board, deal_id);
  kt_ui_click (kt_ui_find_button (GTK_WIDGET (detail), _("_Edit")));
  form = find_form ();
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (kt_form_get_row (KT_FORM (form), "value"))), ==, "1000.00");
  g_assert_cmpstr (combo_text (kt_form_get_row (KT_FORM (form), "stage_id")), ==, "Qualified");

  type_into (kt_form_get_row (KT_FORM (form), "value"), "2500");
  select_text (kt_form_get_row (KT_FORM (form), "owner_id"), "Maria Georgieva");
  g_assert_true (kt_form_is_valid (KT_FORM (form)));
  kt_ui_click_to_close (GTK_WINDOW (form), _("_Save"));
  kt_ui_iterate (100);

  saved = last_outbox_fields (store, &fields);
  g_assert_cmpstr (kt_record_get_id (saved), ==, deal_id);
  g_assert_cmpint (kt_record_get_int (saved, "value"), ==, 250000);
  g_assert_cmpstr (kt_record_get_owner_id (saved), ==, COLLEAGUE_ID);
  /* The reassignment travels with the value; the place on the board
   * stays, since the stage did not change. */
  g_assert_nonnull (strstr (fields, COLLEAGUE_ID));
  g_assert_cmpint (kt_record_get_int (saved, "position"), ==, position);
  g_assert_true (kt_ui_has_label (GTK_WIDGET (qualified), total));
  /* The detail follows, naming the new owner. */
  g_assert_true (kt_ui_has_label (GTK_WIDGET (detail), "Maria Georgieva"));

  /* "My deals" no longer holds it. */
  kt_deal_board_set_owner (board, kt_store_get_user_id (store));
  kt_ui_iterate (20);
  g_assert_cmpint (kt_board_column_get_count (qualified), ==, 0);
  kt_deal_board_set_owner (board, NULL);
}

static void
test_invalid_value (KtUiFixture   *fixture,
                    gconstpointer  data)
{
  KtDealBoard *board = show_board (fixture);
  g_autoptr(GError) error = NULL;
  gint64 outbox = kt_store_outbox_count (app_store (fixture));
  GtkWidget *value;
  KtDealForm *form;

  /* Ctrl+N, typed: the window forwards it to the board. */
  kt_ui_send_keys (GTK_WIDGET (board), "<Control>n");
  form = find_form ();
  g_assert_cmpstr (combo_text (kt_form_get_row (KT_FORM (form), "stage_id")), ==, "Lead");
  type_into (kt_form_get_row (KT_FORM (form), "title"), "Typo deal");
  value = kt_form_get_row (KT_FORM (form), "value");
  type_into (value, "12,5O");
  g_assert_false (kt_form_is_valid (KT_FORM (form)));
  g_assert_cmpstr (kt_form_get_error_field (KT_FORM (form)), ==, "value");
  /* The message names the field, right under it. */
  g_assert_true (g_str_has_prefix (kt_form_get_error (KT_FORM (form)), _("Value")));
  kt_ui_leave_field (value);
  g_assert_true (gtk_widget_has_css_class (value, "error"));
  g_assert_true (kt_ui_has_label (GTK_WIDGET (form), kt_form_get_error (KT_FORM (form))));
  kt_ui_wait_for_frame (GTK_WIDGET (form));
  g_free (kt_ui_screenshot (GTK_WIDGET (form), "deal-form-error"));
  /* Save refuses, and the form stays. */
  g_assert_false (kt_form_save (KT_FORM (form), &error));
  g_assert_cmpint (kt_store_outbox_count (app_store (fixture)), ==, outbox);

  type_into (value, "12.50");
  g_assert_true (kt_form_is_valid (KT_FORM (form)));
  g_assert_false (gtk_widget_has_css_class (value, "error"));
  gtk_window_destroy (GTK_WINDOW (form));
}

static void
test_detail_timeline_and_delete (KtUiFixture   *fixture,
                                 gconstpointer  data)
{
  KtDealBoard *board = show_board (fixture);
  KtBoardColumn *qualified = column (board, 1);
  KtStore *store = app_store (fixture);
  g_autoptr(KtRecord) deal = g_list_model_get_item (kt_board_column_get_model (qualified), 0);
  g_autoptr(KtRecord) call = kt_record_new (kt_entity_lookup ("activity"));
  g_autofree char *now = kt_now_iso ();
  g_autofree char *deal_id = g_strdup (kt_record_get_id (deal));
  KtActivityTimeline *timeline;
  KtDealDetail *detail;

  kt_record_set_string (call, "type", "call");
  kt_record_set_string (call, "occurred_at", now);
  kt_record_set_string (call, "subject", "Talked through the renewal");
  kt_record_set_string (call, "deal_id", deal_id);
  save (store, call);

  detail = open_detail (board, deal_id);
  timeline = KT_ACTIVITY_TIMELINE (kt_deal_detail_get_timeline (detail));
  g_assert_true (KT_IS_ACTIVITY_TIMELINE (timeline));
  g_assert_cmpstr (kt_activity_timeline_get_record_id (timeline), ==, deal_id);
  g_assert_cmpuint (g_list_model_get_n_items (kt_activity_timeline_get_model (timeline)), ==, 1);
  g_assert_true (kt_ui_has_label (GTK_WIDGET (detail), "Talked through the renewal"));
  g_assert_true (kt_ui_has_label (GTK_WIDGET (detail), "Ivan Petrov"));
  kt_ui_wait_for_frame (GTK_WIDGET (detail));
  {
    /* Scrolled down to the timeline, as a person would to see it. */
    GtkWidget *scroller = kt_ui_find_widget (GTK_WIDGET (detail), GTK_TYPE_SCROLLED_WINDOW);
    GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller));
    graphene_point_t point;

    g_assert_true (gtk_widget_compute_point (GTK_WIDGET (timeline), gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (scroller)),
                                             &GRAPHENE_POINT_INIT (0, 0), &point));
    gtk_adjustment_set_value (adjustment, point.y - 320);
    kt_ui_iterate (50);
    kt_ui_wait_for_frame (GTK_WIDGET (detail));
  }
  g_free (kt_ui_screenshot (GTK_WIDGET (board), "deal-detail-timeline"));

  /* Add Task opens the task editor linked to the deal. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (detail), "deal.add-task", NULL));
  kt_ui_iterate (50);
  g_assert_nonnull (kt_ui_find_toplevel (g_type_from_name ("KtTaskEditor")));
  gtk_window_destroy (kt_ui_find_toplevel (g_type_from_name ("KtTaskEditor")));

  /* Delete: gone from the board with its pane; the board's Undo brings
   * it back. */
  kt_ui_click (kt_ui_find_button (GTK_WIDGET (detail), _("_Delete Deal")));
  kt_ui_iterate (100);
  g_assert_false (kt_deal_board_get_detail_shown (board));
  g_assert_cmpint (kt_board_column_get_count (qualified), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (kt_board_column_get_model (qualified)), ==, 0);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (board), "board.undo", NULL));
  kt_ui_iterate (100);
  g_assert_cmpint (kt_board_column_get_count (qualified), ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (kt_board_column_get_model (qualified)), ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  kt_ui_test_init (&argc, &argv);

  g_test_add ("/ui/deal-form/create-in-stage", KtUiFixture, fill,
              kt_ui_fixture_setup, test_create_in_stage, kt_ui_fixture_teardown);
  g_test_add ("/ui/deal-form/edit-value-and-owner", KtUiFixture, fill,
              kt_ui_fixture_setup, test_edit_value_and_owner, kt_ui_fixture_teardown);
  g_test_add ("/ui/deal-form/invalid-value", KtUiFixture, fill,
              kt_ui_fixture_setup, test_invalid_value, kt_ui_fixture_teardown);
  g_test_add ("/ui/deal-form/detail-timeline-and-delete", KtUiFixture, fill,
              kt_ui_fixture_setup, test_detail_timeline_and_delete, kt_ui_fixture_teardown);

  return g_test_run ();
}
