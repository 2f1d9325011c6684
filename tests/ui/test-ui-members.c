/* test-ui-members.c: the owner and assignee pickers offer the teammates
 * sync brought, without anyone inserting a user by hand, and a removed
 * member stays visible on the records it owns
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "kt-change-history-dialog.h"
#include "kt-owners.h"
#include "kt-pipelines.h"
#include "kt-record-detail.h"
#include "kt-store-members.h"
#include "kt-store-sync.h"
#include "kt-task-editor.h"
#include "kt-ui-sync-test.h"

static char *
ui_token (KtSyncUiFixture *f)
{
  KtStore *store = kt_context_get_store (kt_window_get_context (f->window));
  g_autofree char *client_id = kt_store_sync_dup_client_id (store);
  g_autoptr (GError) error = NULL;
  char *token = kt_secrets_lookup_sync (f->secrets, kt_sync_ui_server->url, client_id, &error);

  g_assert_no_error (error);
  g_assert_nonnull (token);
  return token;
}

/* The names the assignee row offers, in order. */
static GPtrArray *
offered (KtTaskEditor *editor)
{
  GListModel *model = adw_combo_row_get_model (ADW_COMBO_ROW (kt_form_get_row (KT_FORM (editor), "assignee_id")));
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    g_ptr_array_add (names, g_strdup (gtk_string_list_get_string (GTK_STRING_LIST (model), i)));
  return names;
}

static gboolean
contains (GPtrArray  *names,
          const char *name)
{
  return g_ptr_array_find_with_equal_func (names, name, g_str_equal, NULL);
}

static KtTaskEditor *
open_editor (KtStore  *store,
             KtRecord *task)
{
  KtTaskEditor *editor = kt_task_editor_new (store, task);

  gtk_window_present (GTK_WINDOW (editor));
  kt_ui_wait_for_frame (GTK_WIDGET (editor));
  return editor;
}

static void
test_assignee_picker (KtSyncUiFixture *f,
                      gconstpointer    data)
{
  g_autofree char *owner_email = kt_sync_ui_new_email ();
  g_autofree char *member_email = kt_sync_ui_new_email ();
  g_autofree char *token = NULL;
  g_autofree char *member_id = NULL;
  g_autofree char *member_url = NULL;
  g_autofree char *member_user = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) names = NULL;
  g_autoptr (GPtrArray) members = NULL;
  g_autoptr (KtRecord) saved = NULL;
  g_autoptr (KtRecord) deal = NULL;
  KtTaskEditor *editor;
  KtStore *store;
  guint status = 0;
  guint boris;

  kt_sync_ui_start_app (f, FALSE);
  store = kt_context_get_store (kt_window_get_context (f->window));
  g_assert_true (kt_test_register (kt_sync_ui_engine (f), kt_sync_ui_server->url, owner_email,
                                   KT_SYNC_UI_PASSWORD, &error));
  g_assert_no_error (error);
  token = ui_token (f);
  member_id = kt_sync_ui_add_member (token, member_email, "user");
  /* Nobody opened the Team pane: only sync can tell this store about
   * the teammate. */
  kt_sync_ui_sync_now (f);

  members = kt_store_members_list (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (members->len, ==, 2);
  for (guint i = 0; i < members->len; i++)
    if (g_strcmp0 (((KtMember *) members->pdata[i])->name, "Boris Member") == 0)
      member_user = g_strdup (((KtMember *) members->pdata[i])->user_id);
  g_assert_nonnull (member_user);

  /* A new task offers Nobody, Me and the teammate. */
  editor = open_editor (store, NULL);
  names = offered (editor);
  g_assert_cmpuint (names->len, ==, 3);
  g_assert_cmpstr (names->pdata[0], ==, _("Nobody"));
  g_assert_cmpstr (names->pdata[1], ==, _("Me"));
  g_assert_cmpstr (names->pdata[2], ==, "Boris Member");
  boris = 2;

  gtk_editable_set_text (GTK_EDITABLE (kt_form_get_row (KT_FORM (editor), "title")), "Call the supplier");
  adw_combo_row_set_selected (ADW_COMBO_ROW (kt_form_get_row (KT_FORM (editor), "assignee_id")), boris);
  {
    g_autoptr (GPtrArray) tasks = NULL;
    g_autoptr (KtQuery) query = kt_query_new (KT_ENTITY_TASK);

    g_assert_true (kt_form_save (KT_FORM (editor), &error));
    g_assert_no_error (error);
    kt_ui_iterate (20);
    tasks = kt_store_query (store, query, 0, 10, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (tasks->len, ==, 1);
    saved = g_object_ref (tasks->pdata[0]);
  }
  g_assert_cmpstr (kt_record_get_string (saved, "assignee_id"), ==, member_user);
  /* And a deal given to them, which the board shows with its owner. */
  {
    g_autoptr (GPtrArray) pipelines = NULL;
    g_autoptr (GPtrArray) stages = NULL;
    KtRecord *stage;

    g_assert_true (kt_pipelines_ensure_default (store, &error));
    pipelines = kt_pipelines_load (store, &error);
    g_assert_no_error (error);
    stages = kt_pipelines_load_stages (store, kt_record_get_id (kt_pipelines_pick_default (pipelines)), &error);
    g_assert_no_error (error);
    stage = g_ptr_array_index (stages, 0);
    deal = kt_record_new (KT_ENTITY_DEAL);
    kt_record_set_string (deal, "title", "Supply contract");
    kt_record_set_string (deal, "pipeline_id", kt_record_get_string (stage, "pipeline_id"));
    kt_record_set_string (deal, "stage_id", kt_record_get_id (stage));
    kt_record_set_string (deal, "status", "open");
    kt_record_set_int (deal, "value", 500000);
    kt_record_set_string (deal, "currency", "EUR");
    kt_record_set_int (deal, "position", 1024);
    kt_record_set_owner_id (deal, member_user);
    g_assert_true (kt_store_save (store, deal, &error));
    g_assert_no_error (error);
  }

  /* Pushed while the teammate is a member (afterwards the server would
   * refuse the assignee and the owner). */
  kt_sync_ui_sync_now (f);
  g_assert_cmpint (kt_store_outbox_count (store), ==, 0);
  g_assert_true (kt_window_show_section (f->window, "deals"));
  kt_ui_iterate (200);
  g_assert_true (kt_sync_ui_has_label_containing (kt_window_get_pane (f->window, "deals"), "Boris Member"));

  /* The owner removes the teammate; the next sync says so. */
  member_url = g_strconcat (kt_sync_ui_server->url, "/v1/team/members/", member_id, NULL);
  g_clear_pointer (&names, g_ptr_array_unref);
  {
    g_autoptr (JsonNode) n = kt_test_http ("DELETE", member_url, token, NULL, &status);
    g_assert_cmpuint (status, ==, 204);
  }
  kt_sync_ui_sync_now (f);

  /* Not offered for a new task... */
  editor = open_editor (store, NULL);
  names = offered (editor);
  g_assert_cmpuint (names->len, ==, 2);
  g_assert_false (contains (names, "Boris Member"));
  gtk_window_destroy (GTK_WINDOW (editor));
  g_clear_pointer (&names, g_ptr_array_unref);

  /* ...but still named, and selected, on the task assigned before. */
  editor = open_editor (store, saved);
  names = offered (editor);
  g_assert_cmpuint (names->len, ==, 3);
  g_assert_cmpstr (names->pdata[2], ==, "Boris Member (former member)");
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (kt_form_get_row (KT_FORM (editor), "assignee_id"))),
                    ==, 2);
  gtk_window_destroy (GTK_WINDOW (editor));

  /* The board's card names the former owner as such. */
  g_assert_true (kt_window_show_section (f->window, "deals"));
  kt_ui_iterate (200);
  g_assert_true (kt_sync_ui_has_label_containing (kt_window_get_pane (f->window, "deals"),
                                                  "Boris Member (former member)"));

  /* Owners are named the same way everywhere (lists, filters, details). */
  {
    g_autofree char *name = kt_owners_dup_name (store, member_user, NULL);
    g_autoptr (GPtrArray) owners = kt_owners_load (store);

    g_autoptr (GPtrArray) filter = kt_owners_load_for_filter (store);

    g_assert_cmpstr (name, ==, "Boris Member (former member)");
    g_assert_cmpuint (owners->len, ==, 0);
    /* The owner filter still finds their records. */
    g_assert_cmpuint (filter->len, ==, 1);
    g_assert_cmpstr (((KtOwner *) filter->pdata[0])->name, ==, "Boris Member (former member)");
    g_assert_cmpstr (((KtOwner *) filter->pdata[0])->user_id, ==, member_user);
  }
}

static gboolean
dialog_loaded (gpointer data)
{
  return !kt_change_history_dialog_get_loading (KT_CHANGE_HISTORY_DIALOG (data));
}

/* Opens the record's history the way a person does: the detail's
 * History button. */
static KtChangeHistoryDialog *
open_history (KtSyncUiFixture *f,
              KtRecord        *record)
{
  GtkWidget *pane;
  GtkWidget *detail;
  KtChangeHistoryDialog *dialog;

  g_assert_true (kt_window_show_section (f->window, "contacts"));
  pane = kt_window_get_pane (f->window, "contacts");
  kt_ui_iterate (100);
  detail = kt_ui_find_widget (pane, KT_TYPE_RECORD_DETAIL);
  g_assert_nonnull (detail);
  kt_record_detail_set_record (KT_RECORD_DETAIL (detail), record);
  g_assert_true (gtk_widget_activate_action (detail, "detail.history", NULL));
  kt_ui_iterate (20);
  dialog = KT_CHANGE_HISTORY_DIALOG (kt_ui_find_toplevel (KT_TYPE_CHANGE_HISTORY_DIALOG));
  g_assert_nonnull (dialog);
  g_assert_true (kt_sync_ui_wait_for (dialog_loaded, dialog, 30000));
  kt_ui_wait_for_frame (GTK_WIDGET (dialog));
  return dialog;
}

/* A teammate's edit on the server, with their name, merged with this
 * computer's change that is not pushed yet; offline, only the latter. */
static void
test_history (KtSyncUiFixture *f,
              gconstpointer    data)
{
  g_autofree char *owner_email = kt_sync_ui_new_email ();
  g_autofree char *member_email = kt_sync_ui_new_email ();
  g_autofree char *token = NULL;
  g_autofree char *member_id = NULL;
  g_autofree char *name = kt_sync_ui_new_email ();
  g_autofree char *path = kt_test_server_store_path (kt_sync_ui_server, name);
  g_autofree char *shot = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (KtStore) member_store = NULL;
  g_autoptr (KtSecrets) member_secrets = kt_secrets_memory_new ();
  g_autoptr (KtSyncEngine) member = NULL;
  g_autoptr (KtRecord) contact = kt_record_new (KT_ENTITY_CONTACT);
  g_autoptr (KtRecord) theirs = NULL;
  g_autoptr (KtRecord) mine = NULL;
  KtChangeHistoryDialog *dialog;
  KtStore *store;

  kt_sync_ui_start_app (f, FALSE);
  store = kt_context_get_store (kt_window_get_context (f->window));
  g_assert_true (kt_test_register (kt_sync_ui_engine (f), kt_sync_ui_server->url, owner_email,
                                   KT_SYNC_UI_PASSWORD, &error));
  g_assert_no_error (error);
  token = ui_token (f);
  member_id = kt_sync_ui_add_member (token, member_email, "manager");

  kt_record_set_string (contact, "first_name", "Vera");
  kt_record_set_string (contact, "last_name", "Shared");
  kt_record_set_string (contact, "email", "vera@example.com");
  g_assert_true (kt_store_save (store, contact, &error));
  g_assert_no_error (error);
  kt_sync_ui_sync_now (f);

  /* Boris, a Manager, changes the email on his own computer. */
  member_store = kt_store_open (path, &error);
  g_assert_no_error (error);
  member = kt_sync_engine_new (member_store, member_secrets);
  kt_sync_engine_set_auto_sync (member, FALSE);
  g_assert_true (kt_test_login (member, kt_sync_ui_server->url, member_email, KT_SYNC_UI_PASSWORD, &error));
  g_assert_no_error (error);
  g_assert_true (kt_test_sync (member, &error));
  theirs = kt_store_get (member_store, KT_ENTITY_CONTACT, kt_record_get_id (contact), &error);
  g_assert_nonnull (theirs);
  kt_record_set_string (theirs, "email", "boris@example.com");
  g_assert_true (kt_store_save (member_store, theirs, &error));
  g_assert_true (kt_test_sync (member, &error));
  g_assert_no_error (error);

  /* Here, a change not pushed yet. */
  mine = kt_store_get (store, KT_ENTITY_CONTACT, kt_record_get_id (contact), &error);
  kt_record_set_string (mine, "job_title", "Buyer");
  g_assert_true (kt_store_save (store, mine, &error));
  g_assert_no_error (error);

  dialog = open_history (f, mine);
  g_assert_false (kt_change_history_dialog_get_offline (dialog));
  /* Not pushed yet, Boris's edit, the creation. */
  g_assert_cmpuint (kt_change_history_dialog_get_n_entries (dialog), ==, 3);
  g_assert_true (kt_sync_ui_has_label_containing (GTK_WIDGET (dialog), "Now “Buyer”"));
  g_assert_true (kt_sync_ui_has_label_containing (GTK_WIDGET (dialog), "You, not synced yet"));
  g_assert_true (kt_sync_ui_has_label_containing (GTK_WIDGET (dialog),
                                                  "Was “vera@example.com”, now “boris@example.com”"));
  g_assert_true (kt_sync_ui_has_label_containing (GTK_WIDGET (dialog), "Boris Member, "));
  g_assert_true (kt_sync_ui_has_label_containing (GTK_WIDGET (dialog), "Created"));
  g_assert_true (kt_sync_ui_has_label_containing (GTK_WIDGET (dialog), "You, "));
  shot = kt_ui_screenshot (GTK_WIDGET (dialog), "change-history-authors");
  gtk_window_destroy (GTK_WINDOW (dialog));

  /* Offline: what this computer knows, and a note that it is not all. */
  kt_sync_engine_set_retry_limit (kt_sync_ui_engine (f), 0);
  kt_test_server_kill (kt_sync_ui_server);
  dialog = open_history (f, mine);
  g_assert_true (kt_change_history_dialog_get_offline (dialog));
  g_assert_cmpuint (kt_change_history_dialog_get_n_entries (dialog), ==, 1);
  g_assert_true (kt_sync_ui_has_label_containing (GTK_WIDGET (dialog), "You, not synced yet"));
  g_assert_true (kt_sync_ui_has_label_containing (GTK_WIDGET (dialog), "The server cannot be reached"));
  gtk_window_destroy (GTK_WINDOW (dialog));
  kt_test_server_start (kt_sync_ui_server);
}

int
main (int    argc,
      char **argv)
{
  kt_sync_ui_test_init (&argc, &argv);

  g_test_add ("/ui/members/assignee-picker", KtSyncUiFixture, NULL,
              kt_sync_ui_setup, test_assignee_picker, kt_sync_ui_teardown);
  g_test_add ("/ui/members/history", KtSyncUiFixture, NULL,
              kt_sync_ui_setup, test_history, kt_sync_ui_teardown);

  return kt_sync_ui_test_finish (g_test_run ());
}
