/* test-roles.c: every role against every kind of write
 *
 * Owner and Admin and Manager write all org data; User reads everything,
 * creates, and changes only records it owns or is assigned to. Team and
 * organization changes are for Owners and Admins, and only Owners touch
 * Owners.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "kt-test-server.h"

static char *conninfo;

typedef struct {
  KtTestServer  *ts;
  KtTestAccount  owner, admin, manager, user;
  KtTestAccount *by_role[4];
} Fixture;

static const char * const roles[] = { "owner", "admin", "manager", "user" };

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  f->ts = kt_test_server_new (conninfo);
  kt_test_register (f->ts, "Owner", &f->owner);
  kt_test_add_member (f->ts, &f->owner, "admin", &f->admin);
  kt_test_add_member (f->ts, &f->owner, "manager", &f->manager);
  kt_test_add_member (f->ts, &f->owner, "user", &f->user);
  f->by_role[0] = &f->owner;
  f->by_role[1] = &f->admin;
  f->by_role[2] = &f->manager;
  f->by_role[3] = &f->user;
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  for (guint i = 0; i < 4; i++)
    kt_test_account_clear (f->by_role[i]);
  kt_test_server_free (f->ts);
}

static char *
create_contact (Fixture       *f,
                KtTestAccount *who,
                const char    *name)
{
  g_autoptr(JsonNode) node = NULL;
  guint status;

  node = kt_test_requestf (f->ts, "POST", "/v1/contacts", who->token, &status,
                           "{\"first_name\":\"%s\"}", name);
  g_assert_cmpuint (status, ==, 201);
  g_assert_cmpstr (kt_test_json_string (node, "owner_id"), ==, who->user_id);
  return g_strdup (kt_test_json_string (node, "id"));
}

static char *
log_size (Fixture *f)
{
  g_autofree char *sql = g_strdup_printf ("SELECT coalesce(max(seq), 0) FROM change_log WHERE org_id = '%s'",
                                          f->owner.org_id);
  return kt_test_pg_query (conninfo, sql);
}

static void
test_data_writes (Fixture *f, gconstpointer data)
{
  for (guint r = 0; r < 4; r++)
    {
      KtTestAccount *who = f->by_role[r];
      gboolean full = r < 3;   /* owner, admin, manager */
      g_autofree char *own = create_contact (f, who, "Mine");
      g_autofree char *others = create_contact (f, r == 0 ? &f->admin : &f->owner, "Theirs");
      g_autofree char *own_path = g_strconcat ("/v1/contacts/", own, NULL);
      g_autofree char *others_path = g_strconcat ("/v1/contacts/", others, NULL);
      g_autofree char *before = NULL;
      g_autofree char *after = NULL;
      guint status;

      g_test_message ("role %s", roles[r]);

      /* Everyone reads everything. */
      {
        g_autoptr(JsonNode) n = kt_test_request (f->ts, "GET", others_path, who->token, NULL, &status);
        g_assert_cmpuint (status, ==, 200);
      }

      /* Update their own. */
      {
        g_autoptr(JsonNode) n = kt_test_request (f->ts, "PATCH", own_path, who->token,
                                                 "{\"last_name\":\"Own\"}", &status);
        g_assert_cmpuint (status, ==, 200);
        g_assert_cmpstr (kt_test_json_string (n, "last_name"), ==, "Own");
      }

      /* Update someone else's: refused for User, and nothing is written. */
      before = log_size (f);
      {
        g_autoptr(JsonNode) n = kt_test_request (f->ts, "PATCH", others_path, who->token,
                                                 "{\"last_name\":\"Changed\"}", &status);
        g_assert_cmpuint (status, ==, full ? 200 : 403);
        if (!full)
          g_assert_cmpstr (kt_test_json_string (n, "error.code"), ==, "permission");
      }
      after = log_size (f);
      if (!full)
        {
          g_autoptr(JsonNode) n = kt_test_request (f->ts, "GET", others_path, who->token, NULL, &status);
          g_assert_null (kt_test_json_string (n, "last_name"));
          g_assert_cmpstr (before, ==, after);
        }
      else
        g_assert_cmpstr (before, !=, after);

      /* Delete someone else's. */
      {
        g_autoptr(JsonNode) n = kt_test_request (f->ts, "DELETE", others_path, who->token, NULL, &status);
        g_assert_cmpuint (status, ==, full ? 204 : 403);
      }
      {
        g_autoptr(JsonNode) n = kt_test_request (f->ts, "GET", others_path, who->token, NULL, &status);
        g_assert_cmpuint (status, ==, full ? 404 : 200);
      }

      /* Delete their own. */
      {
        g_autoptr(JsonNode) n = kt_test_request (f->ts, "DELETE", own_path, who->token, NULL, &status);
        g_assert_cmpuint (status, ==, 204);
      }
    }
}

static void
test_assigned_task (Fixture *f, gconstpointer data)
{
  g_autoptr(JsonNode) assigned = NULL;
  g_autoptr(JsonNode) unassigned = NULL;
  g_autofree char *assigned_path = NULL;
  g_autofree char *unassigned_path = NULL;
  guint status;

  assigned = kt_test_requestf (f->ts, "POST", "/v1/tasks", f->owner.token, &status,
                               "{\"title\":\"Call Ivan\",\"assignee_id\":\"%s\"}", f->user.user_id);
  g_assert_cmpuint (status, ==, 201);
  unassigned = kt_test_request (f->ts, "POST", "/v1/tasks", f->owner.token, "{\"title\":\"Other\"}", &status);
  g_assert_cmpuint (status, ==, 201);
  assigned_path = g_strconcat ("/v1/tasks/", kt_test_json_string (assigned, "id"), NULL);
  unassigned_path = g_strconcat ("/v1/tasks/", kt_test_json_string (unassigned, "id"), NULL);

  {
    g_autoptr(JsonNode) n = kt_test_request (f->ts, "PATCH", assigned_path, f->user.token,
                                             "{\"done\":true}", &status);
    g_assert_cmpuint (status, ==, 200);
  }
  {
    g_autoptr(JsonNode) n = kt_test_request (f->ts, "PATCH", unassigned_path, f->user.token,
                                             "{\"done\":true}", &status);
    g_assert_cmpuint (status, ==, 403);
  }

  /* An assignee must be a member of the organization. */
  {
    KtTestAccount stranger = { 0, };
    g_autoptr(JsonNode) n = NULL;

    kt_test_register (f->ts, "Stranger", &stranger);
    n = kt_test_requestf (f->ts, "POST", "/v1/tasks", f->owner.token, &status,
                          "{\"title\":\"X\",\"assignee_id\":\"%s\"}", stranger.user_id);
    g_assert_cmpuint (status, ==, 422);
    g_assert_cmpstr (kt_test_json_string (n, "error.field"), ==, "assignee_id");
    kt_test_account_clear (&stranger);
  }
}

static void
test_team_writes (Fixture *f, gconstpointer data)
{
  for (guint r = 0; r < 4; r++)
    {
      KtTestAccount *who = f->by_role[r];
      gboolean manages = r < 2;
      KtTestAccount target = { 0, };
      g_autoptr(JsonNode) list = NULL;
      g_autoptr(JsonNode) invite = NULL;
      g_autofree char *email = g_strdup_printf ("invitee-%s@example.com", roles[r]);
      g_autofree char *member_path = NULL;
      g_autofree char *member_id = NULL;
      guint status;

      g_test_message ("role %s", roles[r]);

      list = kt_test_request (f->ts, "GET", "/v1/team/members", who->token, NULL, &status);
      g_assert_cmpuint (status, ==, 200);

      invite = kt_test_requestf (f->ts, "POST", "/v1/team/invitations", who->token, &status,
                                 "{\"email\":\"%s\",\"role\":\"user\"}", email);
      g_assert_cmpuint (status, ==, manages ? 201 : 403);

      /* A member to act on, made by the owner. */
      kt_test_add_member (f->ts, &f->owner, "user", &target);
      {
        g_autofree char *sql = g_strdup_printf ("SELECT id FROM team_members WHERE org_id = '%s' AND user_id = '%s'",
                                                f->owner.org_id, target.user_id);
        member_id = kt_test_pg_query (conninfo, sql);
      }
      member_path = g_strconcat ("/v1/team/members/", member_id, NULL);

      {
        g_autoptr(JsonNode) n = kt_test_request (f->ts, "PATCH", member_path, who->token,
                                                 "{\"role\":\"manager\"}", &status);
        g_assert_cmpuint (status, ==, manages ? 200 : 403);
        if (manages)
          g_assert_cmpstr (kt_test_json_string (n, "role"), ==, "manager");
      }
      {
        g_autoptr(JsonNode) n = kt_test_request (f->ts, "DELETE", member_path, who->token, NULL, &status);
        g_assert_cmpuint (status, ==, manages ? 204 : 403);
      }
      {
        g_autoptr(JsonNode) n = kt_test_request (f->ts, "PATCH", "/v1/organization", who->token,
                                                 "{\"city\":\"Plovdiv\"}", &status);
        g_assert_cmpuint (status, ==, manages ? 200 : 403);
      }
      /* The removed member's token stops working; the kept one still works. */
      {
        g_autoptr(JsonNode) n = kt_test_request (f->ts, "GET", "/v1/me", target.token, NULL, &status);
        g_assert_cmpuint (status, ==, manages ? 401 : 200);
      }
      kt_test_account_clear (&target);
    }
}

static void
test_admin_and_owners (Fixture *f, gconstpointer data)
{
  g_autofree char *sql = g_strdup_printf ("SELECT id FROM team_members WHERE org_id = '%s' AND user_id = '%s'",
                                          f->owner.org_id, f->owner.user_id);
  g_autofree char *owner_member = kt_test_pg_query (conninfo, sql);
  g_autofree char *owner_path = g_strconcat ("/v1/team/members/", owner_member, NULL);
  g_autofree char *admin_member = NULL;
  g_autofree char *admin_path = NULL;
  guint status;

  /* Admins do not touch owners, and do not make owners. */
  {
    g_autoptr(JsonNode) n = kt_test_request (f->ts, "PATCH", owner_path, f->admin.token, "{\"role\":\"user\"}", &status);
    g_assert_cmpuint (status, ==, 403);
  }
  {
    g_autoptr(JsonNode) n = kt_test_request (f->ts, "DELETE", owner_path, f->admin.token, NULL, &status);
    g_assert_cmpuint (status, ==, 403);
  }
  {
    g_autoptr(JsonNode) n = kt_test_request (f->ts, "POST", "/v1/team/invitations", f->admin.token,
                                             "{\"email\":\"boss@example.com\",\"role\":\"owner\"}", &status);
    g_assert_cmpuint (status, ==, 403);
  }
  g_free (sql);
  sql = g_strdup_printf ("SELECT id FROM team_members WHERE org_id = '%s' AND user_id = '%s'",
                         f->owner.org_id, f->admin.user_id);
  admin_member = kt_test_pg_query (conninfo, sql);
  admin_path = g_strconcat ("/v1/team/members/", admin_member, NULL);
  {
    g_autoptr(JsonNode) n = kt_test_request (f->ts, "PATCH", admin_path, f->admin.token, "{\"role\":\"owner\"}", &status);
    g_assert_cmpuint (status, ==, 403);
  }
  /* The owner may make the admin an owner. */
  {
    g_autoptr(JsonNode) n = kt_test_request (f->ts, "PATCH", admin_path, f->owner.token, "{\"role\":\"owner\"}", &status);
    g_assert_cmpuint (status, ==, 200);
    g_assert_cmpstr (kt_test_json_string (n, "role"), ==, "owner");
  }
  /* A role change applies at the next request, with the same token. */
  {
    g_autoptr(JsonNode) n = kt_test_request (f->ts, "GET", "/v1/me", f->admin.token, NULL, &status);
    g_assert_cmpstr (kt_test_json_string (n, "role"), ==, "owner");
  }
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  conninfo = kt_test_pg_new_database ("roles");

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/server/roles/data-writes", test_data_writes);
  ADD ("/server/roles/assigned-task", test_assigned_task);
  ADD ("/server/roles/team-writes", test_team_writes);
  ADD ("/server/roles/admin-and-owners", test_admin_and_owners);
#undef ADD

  return g_test_run ();
}
