/* test-ui-members.c: the owner and assignee pickers offer the teammates
 * sync brought, without anyone inserting a user by hand, and a removed
 * member stays visible on the records it owns
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "kt-owners.h"
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
  GListModel *model = adw_combo_row_get_model (ADW_COMBO_ROW (kt_task_editor_get_row (editor, "assignee_id")));
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

  gtk_editable_set_text (GTK_EDITABLE (kt_task_editor_get_row (editor, "title")), "Call the supplier");
  adw_combo_row_set_selected (ADW_COMBO_ROW (kt_task_editor_get_row (editor, "assignee_id")), boris);
  {
    g_autoptr (GPtrArray) tasks = NULL;
    g_autoptr (KtQuery) query = kt_query_new (KT_ENTITY_TASK);

    g_assert_true (kt_task_editor_save (editor, &error));
    g_assert_no_error (error);
    kt_ui_iterate (20);
    tasks = kt_store_query (store, query, 0, 10, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (tasks->len, ==, 1);
    saved = g_object_ref (tasks->pdata[0]);
  }
  g_assert_cmpstr (kt_record_get_string (saved, "assignee_id"), ==, member_user);
  /* Pushed while the teammate is a member (afterwards the server would
   * refuse the assignee). */
  kt_sync_ui_sync_now (f);
  g_assert_cmpint (kt_store_outbox_count (store), ==, 0);

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
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (kt_task_editor_get_row (editor, "assignee_id"))),
                    ==, 2);
  gtk_window_destroy (GTK_WINDOW (editor));

  /* Owners are named the same way everywhere (lists, filters, details). */
  {
    g_autofree char *name = kt_owners_dup_name (store, member_user, NULL);
    g_autoptr (GPtrArray) owners = kt_owners_load (store);

    g_assert_cmpstr (name, ==, "Boris Member (former member)");
    g_assert_cmpuint (owners->len, ==, 0);
  }
}

int
main (int    argc,
      char **argv)
{
  kt_sync_ui_test_init (&argc, &argv);

  g_test_add ("/ui/members/assignee-picker", KtSyncUiFixture, NULL,
              kt_sync_ui_setup, test_assignee_picker, kt_sync_ui_teardown);

  return kt_sync_ui_test_finish (g_test_run ());
}
