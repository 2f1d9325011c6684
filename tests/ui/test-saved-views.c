/* test-saved-views.c: saved views in the sidebar, and "Export to CSV"
 * of what a pane shows
 *
 * A person searches the contacts, saves the view under a name, sees it in
 * the sidebar under Contacts, goes elsewhere, and opening the view brings
 * the search back. Renaming (F2) and deleting (Delete) work from the
 * keyboard. A view that names what the pane does not know opens anyway.
 * "Export to CSV" writes exactly the rows the list shows.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "kt-deal-board.h"
#include "kt-record-pane.h"
#include "kt-saved-views.h"
#include "kt-ui-test.h"
#include "kt-view-list.h"

static void
add_contact (KtStore    *store,
             const char *first,
             const char *last,
             const char *tag)
{
  g_autoptr(KtRecord) contact = kt_record_new (KT_ENTITY_CONTACT);
  g_autoptr(GError) error = NULL;
  const char *tags[] = { tag, NULL };

  kt_record_set_string (contact, "first_name", first);
  kt_record_set_string (contact, "last_name", last);
  if (tag != NULL)
    kt_record_set_tags (contact, "tags", tags);
  g_assert_true (kt_store_save (store, contact, &error));
  g_assert_no_error (error);
}

static void
fill_people (KtStore *store)
{
  add_contact (store, "Мария", "Георгиева", "vip");
  add_contact (store, "Мария", "Иванова", NULL);
  add_contact (store, "Иван", "Петров", "vip");
  add_contact (store, "Elena", "Dimitrova", NULL);
}

static KtRecordPane *
show_contacts (KtUiFixture *fixture)
{
  g_assert_true (kt_window_show_section (fixture->window, "contacts"));
  kt_ui_iterate (50);
  return KT_RECORD_PANE (kt_window_get_pane (fixture->window, "contacts"));
}

static guint
n_shown (KtRecordPane *pane)
{
  return g_list_model_get_n_items (G_LIST_MODEL (kt_record_pane_get_list (pane)));
}

static KtViewList *
view_list (KtUiFixture *fixture)
{
  return KT_VIEW_LIST (kt_ui_find_widget (GTK_WIDGET (fixture->window), KT_TYPE_VIEW_LIST));
}

static GtkWidget *
view_row (KtUiFixture *fixture,
          const char  *id)
{
  g_autofree char *name = g_strconcat ("view-", id, NULL);
  GtkListBox *list = kt_view_list_get_list (view_list (fixture));

  for (int i = 0; gtk_list_box_get_row_at_index (list, i) != NULL; i++)
    {
      GtkWidget *row = GTK_WIDGET (gtk_list_box_get_row_at_index (list, i));

      if (g_strcmp0 (gtk_widget_get_name (row), name) == 0)
        return row;
    }
  return NULL;
}

/* Saves the pane's view under @name through its menu's dialog; returns
 * the new view's id. */
static char *
save_view (KtUiFixture *fixture,
           GtkWidget   *pane,
           const char  *name)
{
  KtStore *store = kt_context_get_store (kt_window_get_context (fixture->window));
  g_autoptr(GPtrArray) before = kt_saved_views_load (store, NULL, NULL);
  g_autoptr(GPtrArray) after = NULL;
  GtkWindow *dialog;
  GtkEditable *entry;

  g_assert_true (gtk_widget_activate_action (pane, "pane.save-view", NULL));
  dialog = kt_ui_wait_for_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  entry = g_object_get_data (G_OBJECT (dialog), "kt-entry");
  /* A blank name cannot be saved. */
  g_assert_false (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "accept"));
  gtk_editable_set_text (entry, name);
  g_assert_true (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "accept"));
  kt_ui_click (kt_ui_find_button (GTK_WIDGET (dialog), _("_Save")));
  kt_ui_iterate (100);

  after = kt_saved_views_load (store, NULL, NULL);
  g_assert_cmpuint (after->len, ==, before->len + 1);
  for (guint i = 0; i < after->len; i++)
    if (g_strcmp0 (kt_record_get_string (after->pdata[i], "name"), name) == 0)
      return g_strdup (kt_record_get_id (after->pdata[i]));
  g_assert_not_reached ();
  return NULL;
}

static void
test_save_and_open (KtUiFixture   *fixture,
                    gconstpointer  data)
{
  KtRecordPane *pane = show_contacts (fixture);
  g_autofree char *id = NULL;
  GtkWidget *row;
  GtkEditable *search;

  g_assert_cmpuint (n_shown (pane), ==, 4);
  g_assert_false (gtk_widget_get_visible (gtk_widget_get_first_child (GTK_WIDGET (view_list (fixture)))));

  kt_record_pane_search (pane, "Мария");
  g_assert_cmpuint (n_shown (pane), ==, 2);
  id = save_view (fixture, GTK_WIDGET (pane), "Марии");

  /* Listed in the sidebar, under Contacts. */
  row = view_row (fixture, id);
  g_assert_nonnull (row);
  g_assert_true (gtk_widget_get_mapped (row));
  g_assert_true (kt_ui_has_label (row, "Марии"));
  g_assert_true (kt_ui_has_label (GTK_WIDGET (view_list (fixture)), _("Contacts")));

  /* Elsewhere, and the search is gone. */
  kt_record_pane_search (pane, "");
  g_assert_cmpuint (n_shown (pane), ==, 4);
  g_assert_true (kt_window_show_section (fixture->window, "companies"));
  kt_ui_iterate (50);

  /* A click on the view: Contacts, searched again. */
  kt_ui_click (row);
  kt_ui_iterate (100);
  g_assert_cmpstr (kt_window_get_section (fixture->window), ==, "contacts");
  g_assert_cmpuint (n_shown (pane), ==, 2);
  search = GTK_EDITABLE (kt_ui_find_widget (GTK_WIDGET (pane), GTK_TYPE_SEARCH_ENTRY));
  g_assert_cmpstr (gtk_editable_get_text (search), ==, "Мария");
  g_assert_true (gtk_list_box_get_selected_row (kt_view_list_get_list (view_list (fixture))) ==
                 GTK_LIST_BOX_ROW (row));
}

static void
test_filters_sort_columns (KtUiFixture   *fixture,
                           gconstpointer  data)
{
  KtRecordPane *pane = show_contacts (fixture);
  g_autoptr(JsonObject) saved = NULL;
  g_autoptr(JsonObject) reopened = NULL;
  g_autoptr(JsonNode) state = json_from_string ("{\"filters\":{\"tag\":\"vip\"},\"sort\":\"-first_name,last_name\","
                                                "\"columns\":[\"@title\",\"tags\"]}", NULL);
  g_autoptr(JsonNode) reset = json_from_string ("{}", NULL);
  GListModel *columns;
  g_autoptr(KtRecord) first = NULL;

  kt_record_pane_apply_view_state (pane, json_node_get_object (state));
  kt_ui_iterate (50);
  g_assert_cmpuint (n_shown (pane), ==, 2);
  /* Newest letter first: Мария before Иван. */
  first = g_list_model_get_item (G_LIST_MODEL (kt_record_pane_get_list (pane)), 0);
  g_assert_cmpstr (kt_record_get_string (first, "first_name"), ==, "Мария");
  columns = gtk_column_view_get_columns (GTK_COLUMN_VIEW (kt_ui_find_widget (GTK_WIDGET (pane),
                                                                             GTK_TYPE_COLUMN_VIEW)));
  for (guint i = 0; i < g_list_model_get_n_items (columns); i++)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, i);
      const char *title = gtk_column_view_column_get_title (column);

      g_assert_cmpint (gtk_column_view_column_get_visible (column), ==,
                       g_strcmp0 (title, _("Name")) == 0 || g_strcmp0 (title, _("Tags")) == 0);
    }

  /* The menu's Columns follow the view, and change what it saves: Email
   * (the second column) shown again; the Name and Tags hidden, the last
   * visible one stays. */
  {
    g_autoptr(GtkColumnViewColumn) email_column = g_list_model_get_item (columns, 1);
    guint n_visible = 0;

    g_assert_false (gtk_column_view_column_get_visible (email_column));
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (pane), "columns.c1", NULL));
    g_assert_true (gtk_column_view_column_get_visible (email_column));
    for (guint i = 0; i < g_list_model_get_n_items (columns); i++)
      {
        g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, i);

        if (gtk_column_view_column_get_visible (column))
          {
            g_autofree char *name = g_strdup_printf ("columns.c%u", i);

            gtk_widget_activate_action (GTK_WIDGET (pane), name, NULL);
          }
      }
    for (guint i = 0; i < g_list_model_get_n_items (columns); i++)
      {
        g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, i);

        n_visible += gtk_column_view_column_get_visible (column);
      }
    g_assert_cmpuint (n_visible, ==, 1);
    kt_record_pane_apply_view_state (pane, json_node_get_object (state));
  }

  /* What the pane shows now is what a view saves. */
  saved = kt_record_pane_dup_view_state (pane);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (saved, "filters"), "tag"),
                   ==, "vip");
  g_assert_cmpstr (json_object_get_string_member (saved, "sort"), ==, "-first_name,last_name");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (saved, "columns")), ==, 2);
  g_assert_false (json_object_has_member (saved, "search"));

  /* An empty state is the pane's defaults. */
  kt_record_pane_apply_view_state (pane, json_node_get_object (reset));
  kt_ui_iterate (50);
  g_assert_cmpuint (n_shown (pane), ==, 4);
  reopened = kt_record_pane_dup_view_state (pane);
  g_assert_false (json_object_has_member (reopened, "sort"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (reopened, "columns")), ==,
                    g_list_model_get_n_items (columns));
}

/* A newer client's keys, a member who left, a filter of the wrong type
 * and a column that does not exist: the view opens with what it can. */
static void
test_unknown_state_ignored (KtUiFixture   *fixture,
                            gconstpointer  data)
{
  KtRecordPane *pane = show_contacts (fixture);
  KtStore *store = kt_context_get_store (kt_window_get_context (fixture->window));
  g_autoptr(JsonNode) state = json_from_string ("{\"search\":\"Иван\",\"group_by\":{\"field\":\"city\"},"
                                                "\"filters\":{\"owner_id\":\"0190aaaa-0000-7000-8000-000000000009\","
                                                "\"tag\":5,\"stage\":\"won\"},\"sort\":\"shoe_size\","
                                                "\"columns\":[\"shoe_size\"]}", NULL);
  g_autoptr(KtRecord) view = NULL;
  g_autoptr(GError) error = NULL;

  view = kt_saved_views_create (store, "contacts", "Newer", json_node_get_object (state), &error);
  g_assert_no_error (error);
  kt_ui_iterate (50);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.open-view", "(ss)",
                                             "contacts", kt_record_get_id (view)));
  kt_ui_iterate (100);
  /* "Иван" finds Иван Петров and Мария Иванова. */
  g_assert_cmpuint (n_shown (pane), ==, 2);
  /* The member who left is not chosen: the owner filter says "Anyone". */
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (kt_record_pane_get_owner_filter (pane))), ==, 0);
}

static void
test_rename_delete_by_keyboard (KtUiFixture   *fixture,
                                gconstpointer  data)
{
  KtRecordPane *pane = show_contacts (fixture);
  KtStore *store = kt_context_get_store (kt_window_get_context (fixture->window));
  g_autofree char *id = NULL;
  g_autoptr(KtRecord) renamed = NULL;
  g_autoptr(GError) error = NULL;
  GtkWindow *dialog;
  GtkWidget *row;

  kt_record_pane_search (pane, "vip");
  id = save_view (fixture, GTK_WIDGET (pane), "VIP");
  row = view_row (fixture, id);

  gtk_widget_grab_focus (row);
  kt_ui_send_keys (row, "F2");
  dialog = kt_ui_wait_for_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_cmpstr (gtk_editable_get_text (g_object_get_data (G_OBJECT (dialog), "kt-entry")), ==, "VIP");
  gtk_editable_set_text (g_object_get_data (G_OBJECT (dialog), "kt-entry"), "Важни");
  kt_ui_click (kt_ui_find_button (GTK_WIDGET (dialog), _("_Rename")));
  kt_ui_iterate (100);
  renamed = kt_store_get (store, KT_ENTITY_SAVED_VIEW, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (kt_record_get_string (renamed, "name"), ==, "Важни");
  row = view_row (fixture, id);
  g_assert_true (kt_ui_has_label (row, "Важни"));

  /* Delete on the row deletes the view, not a contact. */
  gtk_widget_grab_focus (row);
  kt_ui_send_keys (row, "Delete");
  kt_ui_iterate (100);
  g_assert_null (view_row (fixture, id));
  g_assert_null (kt_saved_views_dup_state (store, id, NULL));
  g_assert_cmpuint (n_shown (pane), ==, 2);
  kt_record_pane_search (pane, "");
  g_assert_cmpuint (n_shown (pane), ==, 4);
}

static void
test_export_what_i_see (KtUiFixture   *fixture,
                        gconstpointer  data)
{
  KtRecordPane *pane = show_contacts (fixture);
  g_autofree char *path = g_build_filename (fixture->tmpdir, "seen.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GError) error = NULL;
  guint n = 0;

  kt_record_pane_search (pane, "Мария");
  g_assert_true (kt_record_pane_export_csv (pane, file, &n, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 2);
  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  lines = g_strsplit (text, "\n", -1);
  /* The header, two rows, the final newline. */
  g_assert_cmpuint (g_strv_length (lines), ==, 4);
  g_assert_nonnull (strstr (text, "Георгиева"));
  g_assert_nonnull (strstr (text, "Иванова"));
  g_assert_null (strstr (text, "Петров"));
  g_assert_null (strstr (text, "Dimitrova"));

  /* The order is the list's too: newest letter first. */
  {
    g_autoptr(JsonNode) state = json_from_string ("{\"filters\":{\"tag\":\"vip\"},"
                                                  "\"sort\":\"-first_name,last_name\"}", NULL);
    g_autofree char *sorted = NULL;

    kt_record_pane_apply_view_state (pane, json_node_get_object (state));
    g_assert_true (kt_record_pane_export_csv (pane, file, &n, &error));
    g_assert_cmpuint (n, ==, 2);
    g_assert_true (g_file_get_contents (path, &sorted, NULL, NULL));
    g_assert_true (strstr (sorted, "Мария") < strstr (sorted, "Иван,"));
  }
  g_remove (path);

  /* Through the menu's action and its file chooser, as a person does: the
   * toast says how many were written. */
  {
    GtkWindow *chooser;
    g_autoptr(JsonNode) none = json_from_string ("{}", NULL);

    kt_record_pane_apply_view_state (pane, json_node_get_object (none));
    kt_record_pane_search (pane, "Мария");
    g_assert_cmpuint (n_shown (pane), ==, 2);
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (pane), "pane.export-csv", NULL));
    chooser = kt_ui_wait_for_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG);
    {
      g_autoptr(GFile) folder = g_file_new_for_path (fixture->tmpdir);

      g_assert_true (gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (chooser), folder, &error));
      g_assert_no_error (error);
      gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), "seen.csv");
      kt_ui_iterate (100);
    }
    kt_ui_click (kt_ui_find_button (GTK_WIDGET (chooser), _("_Export")));
    kt_ui_iterate (500);
    g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));
    g_assert_true (kt_ui_has_label (GTK_WIDGET (fixture->window), "Exported 2 contacts") ||
                   kt_ui_has_label (GTK_WIDGET (fixture->window), "Изнесени: 2 контакта"));
    g_remove (path);
  }
}

/* The documents' own filters go into a view by name and come back; a
 * name this build does not know ("proforma") leaves its filter at "any". */
static void
test_invoice_filters (KtUiFixture   *fixture,
                      gconstpointer  data)
{
  KtRecordPane *pane;
  g_autoptr(JsonNode) state = json_from_string ("{\"filters\":{\"status\":\"sent\",\"issued\":\"this_year\","
                                                "\"kind\":\"credit_note\",\"overdue\":true}}", NULL);
  g_autoptr(JsonNode) newer = json_from_string ("{\"filters\":{\"kind\":\"proforma\",\"status\":\"sent\"}}", NULL);
  g_autoptr(JsonObject) saved = NULL;
  g_autoptr(JsonObject) partly = NULL;
  JsonObject *filters;

  g_assert_true (kt_window_show_section (fixture->window, "invoices"));
  kt_ui_iterate (50);
  pane = KT_RECORD_PANE (kt_window_get_pane (fixture->window, "invoices"));
  g_assert_cmpstr (kt_record_pane_get_view_section (pane), ==, "invoices");

  kt_record_pane_apply_view_state (pane, json_node_get_object (state));
  saved = kt_record_pane_dup_view_state (pane);
  filters = json_object_get_object_member (saved, "filters");
  g_assert_cmpstr (json_object_get_string_member (filters, "status"), ==, "sent");
  g_assert_cmpstr (json_object_get_string_member (filters, "issued"), ==, "this_year");
  g_assert_cmpstr (json_object_get_string_member (filters, "kind"), ==, "credit_note");
  g_assert_true (json_object_get_boolean_member (filters, "overdue"));

  kt_record_pane_apply_view_state (pane, json_node_get_object (newer));
  partly = kt_record_pane_dup_view_state (pane);
  filters = json_object_get_object_member (partly, "filters");
  g_assert_false (json_object_has_member (filters, "kind"));
  g_assert_false (json_object_has_member (filters, "overdue"));
  g_assert_cmpstr (json_object_get_string_member (filters, "status"), ==, "sent");
}

/* The Tasks pane keeps its search in a view, listed under Tasks. */
static void
test_tasks_view (KtUiFixture   *fixture,
                 gconstpointer  data)
{
  GtkWidget *tasks;
  GtkEditable *search;
  g_autofree char *id = NULL;
  GtkWidget *row;

  g_assert_true (kt_window_show_section (fixture->window, "tasks"));
  kt_ui_iterate (50);
  tasks = kt_window_get_pane (fixture->window, "tasks");
  search = GTK_EDITABLE (kt_ui_find_widget (tasks, GTK_TYPE_SEARCH_ENTRY));
  gtk_editable_set_text (search, "офис");
  kt_ui_iterate (300);
  id = save_view (fixture, tasks, "Офис");
  row = view_row (fixture, id);
  g_assert_nonnull (row);
  g_assert_true (kt_ui_has_label (GTK_WIDGET (view_list (fixture)), _("Tasks")));

  gtk_editable_set_text (search, "");
  g_assert_true (kt_window_show_section (fixture->window, "contacts"));
  kt_ui_iterate (300);
  kt_ui_click (row);
  kt_ui_iterate (100);
  g_assert_cmpstr (kt_window_get_section (fixture->window), ==, "tasks");
  g_assert_cmpstr (gtk_editable_get_text (search), ==, "офис");
}

/* The board's own search entry: its pipeline dropdown's popup has one
 * too, found first. */
static GtkEditable *
board_search (GtkWidget *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkEditable *found;
      g_autofree char *placeholder = NULL;

      if (GTK_IS_SEARCH_ENTRY (child))
        g_object_get (child, "placeholder-text", &placeholder, NULL);
      if (g_strcmp0 (placeholder, _("Search deals")) == 0)
        return GTK_EDITABLE (child);
      if ((found = board_search (child)) != NULL)
        return found;
    }
  return NULL;
}

/* The Deals board keeps its pipeline, search and filter bar in a view;
 * a view of a pipeline deleted since opens on the default one. */
static void
test_deals_view (KtUiFixture   *fixture,
                 gconstpointer  data)
{
  KtStore *store = kt_context_get_store (kt_window_get_context (fixture->window));
  const char *me = kt_store_get_user_id (store);
  KtDealBoard *board;
  GtkEditable *search;
  g_autofree char *id = NULL;
  g_autofree char *pipeline_id = NULL;
  g_autoptr(JsonNode) state = json_from_string ("{\"filters\":{\"pipeline_id\":"
                                                "\"0190aaaa-0000-7000-8000-000000000009\",\"view\":\"list\","
                                                "\"owner_id\":\"0190aaaa-0000-7000-8000-000000000008\","
                                                "\"attention\":\"someday\",\"stage\":5},\"sort\":\"x\"}",
                                                NULL);
  g_autoptr(KtRecord) gone = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *row;

  g_assert_nonnull (me);
  g_assert_true (kt_window_show_section (fixture->window, "deals"));
  kt_ui_iterate (50);
  board = KT_DEAL_BOARD (kt_window_get_pane (fixture->window, "deals"));
  pipeline_id = g_strdup (kt_deal_board_get_pipeline_id (board));
  g_assert_nonnull (pipeline_id);
  search = board_search (GTK_WIDGET (board));
  g_assert_nonnull (search);
  gtk_editable_set_text (search, "Акме");
  kt_ui_iterate (300);
  kt_deal_board_set_owner (board, me);
  kt_deal_board_set_attention (board, "overdue");
  id = save_view (fixture, GTK_WIDGET (board), "Просрочени");
  row = view_row (fixture, id);
  g_assert_nonnull (row);
  g_assert_true (kt_ui_has_label (GTK_WIDGET (view_list (fixture)), _("Deals")));

  gtk_editable_set_text (search, "");
  kt_ui_iterate (300);
  kt_deal_board_set_owner (board, NULL);
  kt_deal_board_set_attention (board, NULL);
  g_assert_true (kt_window_show_section (fixture->window, "contacts"));
  kt_ui_iterate (100);
  kt_ui_click (row);
  kt_ui_iterate (100);
  g_assert_cmpstr (kt_window_get_section (fixture->window), ==, "deals");
  g_assert_cmpstr (gtk_editable_get_text (search), ==, "Акме");
  g_assert_cmpstr (kt_deal_board_get_owner (board), ==, me);
  g_assert_cmpstr (kt_deal_board_get_attention (board), ==, "overdue");
  g_assert_cmpstr (kt_deal_board_get_pipeline_id (board), ==, pipeline_id);
  g_assert_cmpstr (kt_deal_board_get_view (board), ==, "board");

  /* A gone pipeline and member, an attention and a filter this build
   * does not know: the default pipeline, everyone's deals, as a list. */
  gone = kt_saved_views_create (store, "deals", "Gone", json_node_get_object (state), &error);
  g_assert_no_error (error);
  kt_ui_iterate (50);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.open-view", "(ss)",
                                             "deals", kt_record_get_id (gone)));
  kt_ui_iterate (100);
  g_assert_cmpstr (kt_deal_board_get_pipeline_id (board), ==, pipeline_id);
  g_assert_cmpstr (gtk_editable_get_text (search), ==, "");
  g_assert_null (kt_deal_board_get_owner (board));
  g_assert_null (kt_deal_board_get_attention (board));
  g_assert_cmpstr (kt_deal_board_get_view (board), ==, "list");
}

static void
test_screenshots (KtUiFixture   *fixture,
                  gconstpointer  data)
{
  KtRecordPane *pane = show_contacts (fixture);
  const char *suffix = g_getenv ("KT_SCREENSHOT_SUFFIX");
  g_autofree char *wide = g_strconcat ("saved-views", suffix != NULL ? suffix : "", NULL);
  g_autofree char *narrow = g_strconcat ("saved-views-narrow", suffix != NULL ? suffix : "", NULL);
  g_autofree char *shot = NULL;
  g_autofree char *id = NULL;

  kt_record_pane_search (pane, "vip");
  g_free (save_view (fixture, GTK_WIDGET (pane), "VIP"));
  kt_record_pane_search (pane, "Мария");
  id = save_view (fixture, GTK_WIDGET (pane), "Марии");
  kt_ui_click (view_row (fixture, id));
  kt_ui_iterate (100);
  shot = kt_ui_screenshot (GTK_WIDGET (fixture->window), wide);
  g_test_message ("%s", shot);
  g_clear_pointer (&shot, g_free);

  /* The pane's menu: Save View, Export, Columns. */
  {
    g_autofree char *menu_name = g_strconcat ("saved-views-menu", suffix != NULL ? suffix : "", NULL);
    GtkWidget *filters = kt_ui_find_widget (GTK_WIDGET (pane), GTK_TYPE_MENU_BUTTON);
    /* Filters comes first in the toolbar; the views menu is last. */
    GtkWidget *button = gtk_widget_get_last_child (gtk_widget_get_parent (filters));

    g_assert_true (GTK_IS_MENU_BUTTON (button));
    g_assert_cmpstr (gtk_widget_get_tooltip_text (button), ==, _("Views and Export"));
    gtk_menu_button_popup (GTK_MENU_BUTTON (button));
    kt_ui_iterate (300);
    shot = kt_ui_screenshot (GTK_WIDGET (gtk_menu_button_get_popover (GTK_MENU_BUTTON (button))), menu_name);
    g_test_message ("%s", shot);
    g_clear_pointer (&shot, g_free);
    gtk_menu_button_popdown (GTK_MENU_BUTTON (button));
    kt_ui_iterate (100);
  }

  /* 360 px: the sidebar is a page of its own. */
  kt_ui_resize (GTK_WINDOW (fixture->window), 360, 720);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.go-back", NULL));
  kt_ui_iterate (300);
  kt_ui_assert_narrow (GTK_WINDOW (fixture->window));
  g_assert_true (gtk_widget_get_mapped (view_row (fixture, id)));
  shot = kt_ui_screenshot (GTK_WIDGET (fixture->window), narrow);
  g_test_message ("%s", shot);
}

int
main (int   argc,
      char *argv[])
{
  kt_ui_test_init (&argc, &argv);

#define ADD(path, func) g_test_add (path, KtUiFixture, fill_people, kt_ui_fixture_setup, func, kt_ui_fixture_teardown)
  ADD ("/ui/saved-views/save-and-open", test_save_and_open);
  ADD ("/ui/saved-views/filters-sort-columns", test_filters_sort_columns);
  ADD ("/ui/saved-views/unknown-state-ignored", test_unknown_state_ignored);
  ADD ("/ui/saved-views/rename-delete-by-keyboard", test_rename_delete_by_keyboard);
  ADD ("/ui/saved-views/export-what-i-see", test_export_what_i_see);
  ADD ("/ui/saved-views/invoice-filters", test_invoice_filters);
  ADD ("/ui/saved-views/tasks-view", test_tasks_view);
  ADD ("/ui/saved-views/deals-view", test_deals_view);
  ADD ("/ui/saved-views/screenshots", test_screenshots);
#undef ADD

  return g_test_run ();
}
