/* test-team.c: invite, accept, role change, removal, leaving, last owner
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "kt-test-server.h"

static char *conninfo;

typedef struct {
  KtTestServer  *ts;
  KtTestAccount  owner;
} Fixture;

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  f->ts = kt_test_server_new (conninfo);
  kt_test_register (f->ts, "Owner", &f->owner);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  kt_test_account_clear (&f->owner);
  kt_test_server_free (f->ts);
}

static char *
member_id_of (Fixture *f, const char *user_id)
{
  g_autofree char *sql = g_strdup_printf ("SELECT id FROM team_members WHERE org_id = '%s' AND user_id = '%s' "
                                          "AND status = 'active'", f->owner.org_id, user_id);
  return kt_test_pg_query (conninfo, sql);
}

static JsonObject *
find_member (JsonNode *list, const char *email)
{
  JsonArray *members = json_object_get_array_member (json_node_get_object (list), "members");

  for (guint i = 0; i < json_array_get_length (members); i++)
    {
      JsonObject *m = json_array_get_object_element (members, i);
      if (g_strcmp0 (json_object_get_string_member (m, "email"), email) == 0)
        return m;
    }
  return NULL;
}

static void
test_invite_accept (Fixture *f, gconstpointer data)
{
  g_autoptr(JsonNode) invite = NULL;
  g_autoptr(JsonNode) list = NULL;
  g_autoptr(JsonNode) accept = NULL;
  g_autoptr(JsonNode) again = NULL;
  g_autoptr(JsonNode) dup = NULL;
  g_autoptr(JsonNode) me = NULL;
  g_autofree char *log = NULL;
  g_autofree char *sql = NULL;
  JsonObject *m;
  guint status;

  invite = kt_test_request (f->ts, "POST", "/v1/team/invitations", f->owner.token,
                            "{\"email\":\"new.person@example.com\",\"role\":\"manager\"}", &status);
  g_assert_cmpuint (status, ==, 201);
  g_assert_cmpstr (kt_test_json_string (invite, "status"), ==, "invited");

  /* A second invitation to the same pending address is refused. */
  dup = kt_test_request (f->ts, "POST", "/v1/team/invitations", f->owner.token,
                         "{\"email\":\"New.Person@example.com\",\"role\":\"user\"}", &status);
  g_assert_cmpuint (status, ==, 409);

  list = kt_test_request (f->ts, "GET", "/v1/team/members", f->owner.token, NULL, &status);
  m = find_member (list, "new.person@example.com");
  g_assert_nonnull (m);
  g_assert_cmpstr (json_object_get_string_member (m, "status"), ==, "invited");

  /* Accepting needs a name and a password for a new account. */
  {
    g_autoptr(JsonNode) n = kt_test_requestf (f->ts, "POST", "/v1/team/invitations/accept", NULL, &status,
                                              "{\"token\":\"%s\",\"full_name\":\"New Person\"}",
                                              kt_test_json_string (invite, "token"));
    g_assert_cmpuint (status, ==, 422);
    g_assert_cmpstr (kt_test_json_string (n, "error.field"), ==, "password");
  }
  accept = kt_test_requestf (f->ts, "POST", "/v1/team/invitations/accept", NULL, &status,
                             "{\"token\":\"%s\",\"full_name\":\"New Person\",\"password\":\"correct horse\"}",
                             kt_test_json_string (invite, "token"));
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpstr (kt_test_json_string (accept, "org_id"), ==, f->owner.org_id);

  me = kt_test_request (f->ts, "GET", "/v1/me", kt_test_json_string (accept, "token"), NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpstr (kt_test_json_string (me, "role"), ==, "manager");
  g_assert_cmpstr (kt_test_json_string (me, "user.email"), ==, "new.person@example.com");

  /* The token works once. */
  again = kt_test_requestf (f->ts, "POST", "/v1/team/invitations/accept", NULL, &status,
                            "{\"token\":\"%s\",\"full_name\":\"Someone\",\"password\":\"correct horse\"}",
                            kt_test_json_string (invite, "token"));
  g_assert_cmpuint (status, ==, 404);

  /* Team changes land in the change log, for clients' next pull. */
  sql = g_strdup_printf ("SELECT count(*) FROM change_log WHERE org_id = '%s' AND entity = 'team_member'",
                         f->owner.org_id);
  log = kt_test_pg_query (conninfo, sql);
  g_assert_cmpstr (log, ==, "3");  /* owner, invitation, acceptance */
}

static void
test_existing_account (Fixture *f, gconstpointer data)
{
  KtTestAccount other = { 0, };
  g_autoptr(JsonNode) invite = NULL;
  g_autoptr(JsonNode) accept = NULL;
  g_autoptr(JsonNode) me = NULL;
  g_autoptr(JsonNode) login = NULL;
  guint status;

  kt_test_register (f->ts, "Other", &other);
  invite = kt_test_requestf (f->ts, "POST", "/v1/team/invitations", f->owner.token, &status,
                             "{\"email\":\"%s\",\"role\":\"user\"}", other.email);
  g_assert_cmpuint (status, ==, 201);

  /* Without logging in, an existing address cannot make a second account. */
  {
    g_autoptr(JsonNode) n = kt_test_requestf (f->ts, "POST", "/v1/team/invitations/accept", NULL, &status,
                                              "{\"token\":\"%s\",\"full_name\":\"X\",\"password\":\"correct horse\"}",
                                              kt_test_json_string (invite, "token"));
    g_assert_cmpuint (status, ==, 409);
  }
  accept = kt_test_requestf (f->ts, "POST", "/v1/team/invitations/accept", other.token, &status,
                             "{\"token\":\"%s\"}", kt_test_json_string (invite, "token"));
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpstr (kt_test_json_string (accept, "user_id"), ==, other.user_id);

  me = kt_test_request (f->ts, "GET", "/v1/me", kt_test_json_string (accept, "token"), NULL, &status);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (me), "memberships")), ==, 2);
  g_assert_cmpstr (kt_test_json_string (me, "organization.id"), ==, f->owner.org_id);

  login = kt_test_requestf (f->ts, "POST", "/v1/auth/login", NULL, &status,
                            "{\"email\":\"%s\",\"password\":\"correct horse\",\"org_id\":\"%s\"}",
                            other.email, f->owner.org_id);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpstr (kt_test_json_string (login, "role"), ==, "user");
  kt_test_account_clear (&other);
}

static void
test_role_change_and_removal (Fixture *f, gconstpointer data)
{
  KtTestAccount member = { 0, };
  g_autofree char *member_id = NULL;
  g_autofree char *path = NULL;
  guint status;

  kt_test_add_member (f->ts, &f->owner, "user", &member);
  member_id = member_id_of (f, member.user_id);
  path = g_strconcat ("/v1/team/members/", member_id, NULL);

  {
    g_autoptr(JsonNode) n = kt_test_request (f->ts, "PATCH", path, f->owner.token, "{\"role\":\"boss\"}", &status);
    g_assert_cmpuint (status, ==, 422);
    g_assert_cmpstr (kt_test_json_string (n, "error.field"), ==, "role");
  }
  {
    g_autoptr(JsonNode) n = kt_test_request (f->ts, "PATCH", path, f->owner.token, "{\"role\":\"admin\"}", &status);
    g_assert_cmpuint (status, ==, 200);
  }
  {
    g_autoptr(JsonNode) n = kt_test_request (f->ts, "GET", "/v1/me", member.token, NULL, &status);
    g_assert_cmpstr (kt_test_json_string (n, "role"), ==, "admin");
  }
  {
    g_autoptr(JsonNode) n = kt_test_request (f->ts, "DELETE", path, f->owner.token, NULL, &status);
    g_assert_cmpuint (status, ==, 204);
  }
  /* Removed: the token is revoked, and logging in finds no membership. */
  {
    g_autoptr(JsonNode) n = kt_test_request (f->ts, "GET", "/v1/contacts", member.token, NULL, &status);
    g_assert_cmpuint (status, ==, 401);
  }
  {
    g_autoptr(JsonNode) n = kt_test_requestf (f->ts, "POST", "/v1/auth/login", NULL, &status,
                                              "{\"email\":\"%s\",\"password\":\"correct horse\"}", member.email);
    g_assert_cmpuint (status, ==, 403);
    g_assert_cmpstr (kt_test_json_string (n, "error.code"), ==, "not_a_member");
  }
  {
    g_autoptr(JsonNode) n = kt_test_request (f->ts, "GET", "/v1/team/members", f->owner.token, NULL, &status);
    g_assert_null (find_member (n, member.email));
  }
  kt_test_account_clear (&member);
}

static void
test_last_owner (Fixture *f, gconstpointer data)
{
  KtTestAccount second = { 0, };
  KtTestAccount user = { 0, };
  g_autofree char *owner_member = member_id_of (f, f->owner.user_id);
  g_autofree char *owner_path = g_strconcat ("/v1/team/members/", owner_member, NULL);
  g_autofree char *second_path = NULL;
  guint status;

  {
    g_autoptr(JsonNode) n = kt_test_request (f->ts, "POST", "/v1/team/leave", f->owner.token, NULL, &status);
    g_assert_cmpuint (status, ==, 409);
    g_assert_cmpstr (kt_test_json_string (n, "error.code"), ==, "last_owner");
  }
  {
    g_autoptr(JsonNode) n = kt_test_request (f->ts, "PATCH", owner_path, f->owner.token, "{\"role\":\"admin\"}", &status);
    g_assert_cmpuint (status, ==, 409);
  }
  {
    g_autoptr(JsonNode) n = kt_test_request (f->ts, "DELETE", owner_path, f->owner.token, NULL, &status);
    g_assert_cmpuint (status, ==, 409);
  }

  /* A user may leave. */
  kt_test_add_member (f->ts, &f->owner, "user", &user);
  {
    g_autoptr(JsonNode) n = kt_test_request (f->ts, "POST", "/v1/team/leave", user.token, NULL, &status);
    g_assert_cmpuint (status, ==, 204);
  }
  {
    g_autoptr(JsonNode) n = kt_test_request (f->ts, "GET", "/v1/me", user.token, NULL, &status);
    g_assert_cmpuint (status, ==, 401);
  }

  /* With a second owner the first may go; then the second is the last. */
  kt_test_add_member (f->ts, &f->owner, "owner", &second);
  {
    g_autofree char *second_member = member_id_of (f, second.user_id);
    second_path = g_strconcat ("/v1/team/members/", second_member, NULL);
  }
  {
    g_autoptr(JsonNode) n = kt_test_request (f->ts, "POST", "/v1/team/leave", f->owner.token, NULL, &status);
    g_assert_cmpuint (status, ==, 204);
  }
  {
    g_autoptr(JsonNode) n = kt_test_request (f->ts, "POST", "/v1/team/leave", second.token, NULL, &status);
    g_assert_cmpuint (status, ==, 409);
  }
  {
    g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM team_members WHERE org_id = '%s' "
                                            "AND role = 'owner' AND status = 'active'", f->owner.org_id);
    g_autofree char *owners = kt_test_pg_query (conninfo, sql);
    g_assert_cmpstr (owners, ==, "1");
  }
  kt_test_account_clear (&second);
  kt_test_account_clear (&user);
}

typedef struct {
  SoupMessage *msg;
  GBytes      *answer;
} Pending;

static void
on_done_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  Pending *p = data;
  p->answer = soup_session_send_and_read_finish (SOUP_SESSION (source), result, NULL);
}

static void
test_owners_leave_together (Fixture *f, gconstpointer data)
{
  KtTestAccount second = { 0, };
  Pending pending[2] = { { 0, } };
  const char *tokens[2];
  guint succeeded = 0, refused = 0;

  kt_test_add_member (f->ts, &f->owner, "owner", &second);
  tokens[0] = f->owner.token;
  tokens[1] = second.token;

  /* Both leave at once, on two workers: exactly one may succeed. */
  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *uri = g_strconcat (f->ts->base, "/v1/team/leave", NULL);
      g_autofree char *auth = g_strconcat ("Bearer ", tokens[i], NULL);

      pending[i].msg = soup_message_new ("POST", uri);
      soup_message_headers_replace (soup_message_get_request_headers (pending[i].msg), "Authorization", auth);
      soup_session_send_and_read_async (f->ts->session, pending[i].msg, G_PRIORITY_DEFAULT, NULL,
                                        on_done_cb, &pending[i]);
    }
  while (pending[0].answer == NULL || pending[1].answer == NULL)
    g_main_context_iteration (NULL, TRUE);

  for (guint i = 0; i < 2; i++)
    {
      guint status = soup_message_get_status (pending[i].msg);

      if (status == 204)
        succeeded++;
      else if (status == 409)
        refused++;
      g_bytes_unref (pending[i].answer);
      g_object_unref (pending[i].msg);
    }
  g_assert_cmpuint (succeeded, ==, 1);
  g_assert_cmpuint (refused, ==, 1);
  kt_test_account_clear (&second);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  conninfo = kt_test_pg_new_database ("team");

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/server/team/invite-accept", test_invite_accept);
  ADD ("/server/team/existing-account", test_existing_account);
  ADD ("/server/team/role-change-removal", test_role_change_and_removal);
  ADD ("/server/team/last-owner", test_last_owner);
  ADD ("/server/team/owners-leave-together", test_owners_leave_together);
#undef ADD

  return g_test_run ();
}
