/* test-ui-team.c: the Team pane for admins, for members, and offline
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "kt-store-sync.h"
#include "kt-team-client.h"
#include "kt-team-pane.h"
#include "kt-ui-sync-test.h"

static gboolean
pane_idle (gpointer data)
{
  return !kt_team_pane_get_busy (KT_TEAM_PANE (data));
}

static KtTeamPane *
show_team (KtSyncUiFixture *f)
{
  GtkWidget *pane;

  g_assert_true (kt_window_show_section (f->window, "team"));
  pane = kt_window_get_pane (f->window, "team");
  g_assert_true (KT_IS_TEAM_PANE (pane));
  kt_ui_iterate (50);
  g_assert_true (kt_sync_ui_wait_for (pane_idle, pane, 30000));
  kt_ui_iterate (50);
  return KT_TEAM_PANE (pane);
}

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

static void
register_ui (KtSyncUiFixture *f,
             const char      *email)
{
  g_autoptr (GError) error = NULL;

  g_assert_true (kt_test_register (kt_sync_ui_engine (f), kt_sync_ui_server->url, email,
                                   KT_SYNC_UI_PASSWORD, &error));
  g_assert_no_error (error);
}

/* The member signs in on a computer of their own and syncs a change, so
 * the server knows when they were last active. */
static void
member_syncs (const char *email)
{
  g_autofree char *name = kt_sync_ui_new_email ();
  g_autofree char *path = kt_test_server_store_path (kt_sync_ui_server, name);
  g_autoptr (GError) error = NULL;
  g_autoptr (KtStore) store = kt_store_open (path, &error);
  g_autoptr (KtSecrets) secrets = kt_secrets_memory_new ();
  g_autoptr (KtSyncEngine) engine = NULL;
  g_autoptr (KtRecord) contact = kt_record_new (KT_ENTITY_CONTACT);

  g_assert_no_error (error);
  engine = kt_sync_engine_new (store, secrets);
  kt_sync_engine_set_auto_sync (engine, FALSE);
  g_assert_true (kt_test_login (engine, kt_sync_ui_server->url, email, KT_SYNC_UI_PASSWORD, &error));
  g_assert_no_error (error);
  kt_record_set_string (contact, "first_name", "Member's");
  kt_record_set_string (contact, "last_name", "Contact");
  g_assert_true (kt_store_save (store, contact, &error));
  g_assert_true (kt_test_sync (engine, &error));
  g_assert_no_error (error);
}

static const char *
server_role_of (const char *token,
                const char *email)
{
  static char role[32];
  g_autofree char *url = g_strconcat (kt_sync_ui_server->url, "/v1/team/members", NULL);
  g_autoptr (JsonNode) list = NULL;
  JsonArray *members;
  guint status = 0;

  list = kt_test_http ("GET", url, token, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  members = json_object_get_array_member (json_node_get_object (list), "members");
  for (guint i = 0; i < json_array_get_length (members); i++)
    {
      JsonObject *m = json_array_get_object_element (members, i);

      if (g_strcmp0 (json_object_get_string_member (m, "email"), email) == 0)
        {
          g_strlcpy (role, json_object_get_string_member (m, "role"), sizeof role);
          return role;
        }
    }
  return NULL;
}

/* The mapped row of @type titled @title under @root. */
static GtkWidget *
find_row (GtkWidget  *root,
          GType       type,
          const char *title)
{
  if (g_type_is_a (G_OBJECT_TYPE (root), type) && gtk_widget_get_mapped (root) &&
      g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (root)), title) == 0)
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_row (child, type, title);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* Chooses the item labelled @label in a combo row. */
static void
select_item (GtkWidget  *combo,
             const char *label)
{
  GListModel *model;

  g_assert_nonnull (combo);
  model = adw_combo_row_get_model (ADW_COMBO_ROW (combo));
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GtkStringObject) item = g_list_model_get_item (model, i);

      if (g_strcmp0 (gtk_string_object_get_string (item), label) == 0)
        {
          adw_combo_row_set_selected (ADW_COMBO_ROW (combo), i);
          return;
        }
    }
  g_assert_not_reached ();
}

/* An owner sees everyone with their roles and last activity, invites with
 * a link, and changes a role through the server. */
static void
test_admin (KtSyncUiFixture *f,
            gconstpointer    data)
{
  g_autofree char *owner_email = kt_sync_ui_new_email ();
  g_autofree char *member_email = kt_sync_ui_new_email ();
  g_autofree char *invited_email = kt_sync_ui_new_email ();
  g_autofree char *token = NULL;
  g_autofree char *member_id = NULL;
  g_autofree char *path = NULL;
  KtTeamPane *pane;
  GtkWidget *row;
  GtkWidget *dropdown;

  kt_sync_ui_start_app (f, FALSE);
  register_ui (f, owner_email);
  token = ui_token (f);
  member_id = kt_sync_ui_add_member (token, member_email, "user");
  member_syncs (member_email);

  pane = show_team (f);
  g_assert_cmpuint (kt_team_pane_get_n_members (pane), ==, 2);
  g_assert_true (kt_team_pane_get_can_manage (pane));
  /* Nobody is invited as an owner, not even by one (the server refuses
   * it): the invitation offers admin, manager and user. */
  {
    GtkWidget *combo = kt_ui_find_widget (GTK_WIDGET (pane), ADW_TYPE_COMBO_ROW);

    g_assert_nonnull (combo);
    g_assert_cmpuint (g_list_model_get_n_items (adw_combo_row_get_model (ADW_COMBO_ROW (combo))), ==, 3);
  }
  g_assert_null (kt_team_pane_get_notice (pane));
  g_assert_true (kt_sync_ui_has_label_containing (GTK_WIDGET (pane), "Last active just now"));
  g_assert_true (kt_sync_ui_has_label_containing (GTK_WIDGET (pane), "(you)"));

  /* The invite form, filled and sent with its button. */
  gtk_editable_set_text (GTK_EDITABLE (find_row (GTK_WIDGET (pane), ADW_TYPE_ENTRY_ROW, _("Email"))),
                         invited_email);
  select_item (find_row (GTK_WIDGET (pane), ADW_TYPE_COMBO_ROW, _("Role")),
               C_("team role", "Manager"));
  kt_ui_click (kt_ui_find_button (GTK_WIDGET (pane), _("Create _Invitation")));
  g_assert_true (kt_sync_ui_wait_for (pane_idle, pane, 30000));
  g_assert_nonnull (kt_team_pane_get_invitation_link (pane));
  g_assert_true (g_str_has_prefix (kt_team_pane_get_invitation_link (pane), "kantora://invite?server="));
  g_assert_nonnull (strstr (kt_team_pane_get_invitation_link (pane), "&token="));
  kt_ui_iterate (50);
  g_assert_true (kt_sync_ui_wait_for (pane_idle, pane, 30000));
  kt_ui_iterate (50);
  g_assert_cmpuint (kt_team_pane_get_n_members (pane), ==, 3);
  g_assert_true (kt_sync_ui_has_label_containing (GTK_WIDGET (pane), "Invited, not joined yet"));
  g_assert_cmpstr (server_role_of (token, invited_email), ==, "manager");
  path = kt_ui_screenshot (GTK_WIDGET (f->window), "team-admin");

  /* The pending invitation's drop-down does not offer Owner either. */
  row = NULL;
  for (GtkWidget *w = kt_ui_find_widget (GTK_WIDGET (pane), ADW_TYPE_ACTION_ROW);
       w != NULL; w = gtk_widget_get_next_sibling (w))
    if (g_strcmp0 (gtk_widget_get_name (w), invited_email) == 0)
      row = w;
  g_assert_nonnull (row);
  dropdown = kt_ui_find_widget (row, GTK_TYPE_DROP_DOWN);
  g_assert_nonnull (dropdown);
  g_assert_cmpuint (g_list_model_get_n_items (gtk_drop_down_get_model (GTK_DROP_DOWN (dropdown))), ==, 3);
  g_assert_cmpstr (gtk_string_object_get_string (gtk_drop_down_get_selected_item (GTK_DROP_DOWN (dropdown))),
                   ==, C_("team role", "Manager"));

  /* The member's role, changed in their row's drop-down. */
  row = NULL;
  for (GtkWidget *w = kt_ui_find_widget (GTK_WIDGET (pane), ADW_TYPE_ACTION_ROW);
       w != NULL; w = gtk_widget_get_next_sibling (w))
    if (g_strcmp0 (gtk_widget_get_name (w), member_email) == 0)
      row = w;
  g_assert_nonnull (row);
  dropdown = kt_ui_find_widget (row, GTK_TYPE_DROP_DOWN);
  g_assert_nonnull (dropdown);
  /* An owner may give every role: owner, admin, manager, user. */
  g_assert_cmpuint (g_list_model_get_n_items (gtk_drop_down_get_model (GTK_DROP_DOWN (dropdown))), ==, 4);
  g_assert_cmpuint (gtk_drop_down_get_selected (GTK_DROP_DOWN (dropdown)), ==, 3);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (dropdown), 1);
  kt_ui_iterate (20);
  g_assert_true (kt_sync_ui_wait_for (pane_idle, pane, 30000));
  kt_ui_iterate (50);
  g_assert_true (kt_sync_ui_wait_for (pane_idle, pane, 30000));
  g_assert_cmpstr (server_role_of (token, member_email), ==, "admin");
}

/* A User reads the list; nothing offers a change the server would refuse. */
static void
test_read_only (KtSyncUiFixture *f,
                gconstpointer    data)
{
  g_autofree char *owner_email = kt_sync_ui_new_email ();
  g_autofree char *member_email = kt_sync_ui_new_email ();
  g_autofree char *token = kt_sync_ui_register_elsewhere (owner_email, NULL, NULL);
  g_autofree char *member_id = kt_sync_ui_add_member (token, member_email, "user");
  g_autofree char *path = NULL;
  g_autoptr (GError) error = NULL;
  KtTeamPane *pane;

  kt_sync_ui_start_app (f, FALSE);
  g_assert_true (kt_test_login (kt_sync_ui_engine (f), kt_sync_ui_server->url, member_email,
                                KT_SYNC_UI_PASSWORD, &error));
  g_assert_no_error (error);

  pane = show_team (f);
  g_assert_cmpuint (kt_team_pane_get_n_members (pane), ==, 2);
  g_assert_false (kt_team_pane_get_can_manage (pane));
  g_assert_cmpstr (kt_team_pane_get_notice (pane), ==,
                   "Only owners and admins can invite people and change the team.");
  g_assert_null (kt_ui_find_widget (GTK_WIDGET (pane), GTK_TYPE_DROP_DOWN));
  g_assert_false (kt_sync_ui_has_label_containing (GTK_WIDGET (pane), "Invite Someone"));
  g_assert_true (kt_sync_ui_has_label_containing (GTK_WIDGET (pane), "Owner"));
  path = kt_ui_screenshot (GTK_WIDGET (f->window), "team-read-only");
}

/* Offline, the last list the server gave is shown, read-only, and the
 * pane says why. */
static void
test_offline_cache (KtSyncUiFixture *f,
                    gconstpointer    data)
{
  g_autofree char *owner_email = kt_sync_ui_new_email ();
  g_autofree char *member_email = kt_sync_ui_new_email ();
  g_autofree char *token = NULL;
  g_autofree char *member_id = NULL;
  g_autofree char *path = NULL;
  g_autoptr (JsonObject) cache = NULL;
  KtTeamPane *pane;

  kt_sync_ui_start_app (f, FALSE);
  register_ui (f, owner_email);
  token = ui_token (f);
  member_id = kt_sync_ui_add_member (token, member_email, "manager");
  pane = show_team (f);
  g_assert_cmpuint (kt_team_pane_get_n_members (pane), ==, 2);

  cache = kt_team_load_cache (kt_context_get_store (kt_window_get_context (f->window)));
  g_assert_nonnull (cache);
  g_assert_cmpstr (json_object_get_string_member (cache, "role"), ==, "owner");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (cache, "members")), ==, 2);

  /* The next start finds no server. */
  kt_sync_ui_stop_app (f);
  kt_test_server_kill (kt_sync_ui_server);
  kt_sync_ui_start_app (f, FALSE);
  pane = show_team (f);

  g_assert_cmpuint (kt_team_pane_get_n_members (pane), ==, 2);
  g_assert_false (kt_team_pane_get_can_manage (pane));
  g_assert_nonnull (kt_team_pane_get_notice (pane));
  g_assert_true (g_str_has_prefix (kt_team_pane_get_notice (pane),
                                   "The server cannot be reached. This is the team as it was just now;"));
  g_assert_true (kt_sync_ui_has_label_containing (GTK_WIDGET (pane), member_email));
  g_assert_null (kt_ui_find_widget (GTK_WIDGET (pane), GTK_TYPE_DROP_DOWN));
  path = kt_ui_screenshot (GTK_WIDGET (f->window), "team-offline");

  kt_test_server_start (kt_sync_ui_server);
}

int
main (int    argc,
      char **argv)
{
  kt_sync_ui_test_init (&argc, &argv);

  g_test_add ("/ui/team/admin", KtSyncUiFixture, NULL,
              kt_sync_ui_setup, test_admin, kt_sync_ui_teardown);
  g_test_add ("/ui/team/read-only", KtSyncUiFixture, NULL,
              kt_sync_ui_setup, test_read_only, kt_sync_ui_teardown);
  g_test_add ("/ui/team/offline-cache", KtSyncUiFixture, NULL,
              kt_sync_ui_setup, test_offline_cache, kt_sync_ui_teardown);

  return kt_sync_ui_test_finish (g_test_run ());
}
