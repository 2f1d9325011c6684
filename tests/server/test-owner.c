/* test-owner.c: reassigning records (owner_id) through REST and sync push
 *
 * Owners, Admins and Managers give any record of the organization to an
 * active member; a User may not change owner_id (but may name itself when
 * it creates a record). A refused reassignment writes nothing; an applied
 * one lands in the change log with the owner's own clock, and merges last-
 * writer-wins against other reassignments.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <string.h>
#include <glib/gi18n.h>

#include "kt-test-server.h"

static char *conninfo;

/* An old but valid stamp: a write with it loses to anything written now. */
#define OLD_STAMP "2020-01-01T00:00:00.000Z-0000-00000000000000aa"

typedef struct {
  KtTestServer  *ts;
  KtTestAccount  owner, admin, manager, user, stranger;
  KtTestAccount *by_role[4];
  char          *pipeline;
  char          *stage;
  KtHlc         *clock;     /* a client's clock, for pushed stamps */
  gint64         mutation;  /* the last mutation id pushed */
} Fixture;

static const char * const roles[] = { "owner", "admin", "manager", "user" };

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  g_autoptr(JsonNode) pipeline = NULL;
  g_autoptr(JsonNode) stage = NULL;
  guint status;

  f->ts = kt_test_server_new (conninfo);
  kt_test_register (f->ts, "Owner", &f->owner);
  kt_test_add_member (f->ts, &f->owner, "admin", &f->admin);
  kt_test_add_member (f->ts, &f->owner, "manager", &f->manager);
  kt_test_add_member (f->ts, &f->owner, "user", &f->user);
  /* Someone with an organization of their own. */
  kt_test_register (f->ts, "Stranger", &f->stranger);
  f->by_role[0] = &f->owner;
  f->by_role[1] = &f->admin;
  f->by_role[2] = &f->manager;
  f->by_role[3] = &f->user;

  pipeline = kt_test_request (f->ts, "POST", "/v1/pipelines", f->owner.token, "{\"name\":\"Sales\"}", &status);
  g_assert_cmpuint (status, ==, 201);
  f->pipeline = g_strdup (kt_test_json_string (pipeline, "id"));
  stage = kt_test_requestf (f->ts, "POST", "/v1/stages", f->owner.token, &status,
                            "{\"pipeline_id\":\"%s\",\"name\":\"Lead\"}", f->pipeline);
  g_assert_cmpuint (status, ==, 201);
  f->stage = g_strdup (kt_test_json_string (stage, "id"));

  f->clock = kt_hlc_new ("0000000000000c1e");
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  for (guint i = 0; i < 4; i++)
    kt_test_account_clear (f->by_role[i]);
  kt_test_account_clear (&f->stranger);
  g_free (f->pipeline);
  g_free (f->stage);
  kt_hlc_free (f->clock);
  kt_test_server_free (f->ts);
}

static char *
create_deal (Fixture       *f,
             KtTestAccount *who,
             const char    *title)
{
  g_autoptr(JsonNode) node = NULL;
  guint status;

  node = kt_test_requestf (f->ts, "POST", "/v1/deals", who->token, &status,
                           "{\"title\":\"%s\",\"pipeline_id\":\"%s\",\"stage_id\":\"%s\"}",
                           title, f->pipeline, f->stage);
  g_assert_cmpuint (status, ==, 201);
  g_assert_cmpstr (kt_test_json_string (node, "owner_id"), ==, who->user_id);
  return g_strdup (kt_test_json_string (node, "id"));
}

static JsonNode *
get_deal (Fixture    *f,
          const char *id)
{
  g_autofree char *path = g_strconcat ("/v1/deals/", id, NULL);
  guint status;
  JsonNode *node = kt_test_request (f->ts, "GET", path, f->owner.token, NULL, &status);

  g_assert_cmpuint (status, ==, 200);
  return node;
}

static char *
log_head (Fixture *f)
{
  g_autofree char *sql = g_strdup_printf ("SELECT coalesce(max(seq), 0) FROM change_log WHERE org_id = '%s'",
                                          f->owner.org_id);
  return kt_test_pg_query (conninfo, sql);
}

/* The record's latest change-log entry as "<fields.owner_id>|<clocks.owner_id>|<user_id>". */
static char *
last_owner_entry (Fixture    *f,
                  const char *id)
{
  g_autofree char *sql = g_strdup_printf ("SELECT coalesce(fields->>'owner_id', '-') || '|' || "
                                          "coalesce(clocks->>'owner_id', '-') || '|' || user_id "
                                          "FROM change_log WHERE org_id = '%s' AND record_id = '%s' "
                                          "ORDER BY seq DESC LIMIT 1", f->owner.org_id, id);
  return kt_test_pg_query (conninfo, sql);
}

static void
assert_entry (Fixture       *f,
              const char    *id,
              const char    *owner,
              KtTestAccount *by)
{
  g_autofree char *entry = last_owner_entry (f, id);
  g_auto(GStrv) parts = g_strsplit (entry, "|", -1);

  g_assert_cmpuint (g_strv_length (parts), ==, 3);
  g_assert_cmpstr (parts[0], ==, owner);
  g_assert_true (kt_hlc_parse (parts[1], NULL, NULL));
  g_assert_cmpstr (parts[2], ==, by->user_id);
}

static void
test_rest_matrix (Fixture *f, gconstpointer data)
{
  for (guint r = 0; r < 4; r++)
    {
      KtTestAccount *who = f->by_role[r];
      gboolean may = r < 3;   /* owner, admin, manager */
      g_autofree char *theirs = create_deal (f, r == 0 ? &f->admin : &f->owner, "Theirs");
      g_autofree char *own = create_deal (f, who, "Own");
      g_autofree char *theirs_path = g_strconcat ("/v1/deals/", theirs, NULL);
      g_autofree char *own_path = g_strconcat ("/v1/deals/", own, NULL);
      KtTestAccount *target = r == 3 ? &f->manager : &f->user;
      guint status;

      g_test_message ("role %s", roles[r]);

      if (may)
        {
          g_autoptr(JsonNode) n = NULL;
          g_autoptr(JsonNode) stored = NULL;

          /* Someone else's deal, given to the User along with a rename. */
          n = kt_test_requestf (f->ts, "PATCH", theirs_path, who->token, &status,
                                "{\"owner_id\":\"%s\",\"title\":\"Given by %s\"}",
                                f->user.user_id, roles[r]);
          g_assert_cmpuint (status, ==, 200);
          g_assert_cmpstr (kt_test_json_string (n, "owner_id"), ==, f->user.user_id);
          stored = get_deal (f, theirs);
          g_assert_cmpstr (kt_test_json_string (stored, "owner_id"), ==, f->user.user_id);
          assert_entry (f, theirs, f->user.user_id, who);

          /* The new owner may now change it: it is theirs. */
          {
            g_autoptr(JsonNode) m = kt_test_request (f->ts, "PATCH", theirs_path, f->user.token,
                                                     "{\"notes\":\"Mine now\"}", &status);
            g_assert_cmpuint (status, ==, 200);
          }
        }
      else
        {
          g_autofree char *before = log_head (f);
          g_autofree char *after = NULL;
          g_autoptr(JsonNode) n = NULL;
          g_autoptr(JsonNode) stored = NULL;

          /* Its own deal: giving it away is refused, and the rename that
           * came with it is not written either. */
          n = kt_test_requestf (f->ts, "PATCH", own_path, who->token, &status,
                                "{\"title\":\"Given away\",\"owner_id\":\"%s\"}", target->user_id);
          g_assert_cmpuint (status, ==, 403);
          g_assert_cmpstr (kt_test_json_string (n, "error.code"), ==, "permission");
          g_assert_cmpstr (kt_test_json_string (n, "error.field"), ==, "owner_id");
          g_assert_nonnull (strstr (kt_test_json_string (n, "error.message"), "owner_id"));
          after = log_head (f);
          g_assert_cmpstr (before, ==, after);
          stored = get_deal (f, own);
          g_assert_cmpstr (kt_test_json_string (stored, "owner_id"), ==, who->user_id);
          g_assert_cmpstr (kt_test_json_string (stored, "title"), ==, "Own");

          /* Naming itself is not a change. */
          {
            g_autoptr(JsonNode) m = kt_test_requestf (f->ts, "PATCH", own_path, who->token, &status,
                                                      "{\"title\":\"Still mine\",\"owner_id\":\"%s\"}",
                                                      who->user_id);
            g_assert_cmpuint (status, ==, 200);
            g_assert_cmpstr (kt_test_json_string (m, "owner_id"), ==, who->user_id);
            g_assert_cmpstr (kt_test_json_string (m, "title"), ==, "Still mine");
          }

          /* Someone else's deal: refused as before. */
          {
            g_autoptr(JsonNode) m = kt_test_requestf (f->ts, "PATCH", theirs_path, who->token, &status,
                                                      "{\"owner_id\":\"%s\"}", who->user_id);
            g_assert_cmpuint (status, ==, 403);
            g_assert_cmpstr (kt_test_json_string (m, "error.code"), ==, "permission");
          }
          g_clear_pointer (&stored, json_node_unref);
          stored = get_deal (f, theirs);
          g_assert_cmpstr (kt_test_json_string (stored, "owner_id"), ==, f->owner.user_id);
        }
    }
}

static void
test_rest_create (Fixture *f, gconstpointer data)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM deals WHERE org_id = '%s'", f->owner.org_id);
  g_autofree char *count_before = kt_test_pg_query (conninfo, sql);
  g_autofree char *count_after = NULL;
  guint status;

  /* A User creating a deal for itself is fine... */
  {
    g_autoptr(JsonNode) n = kt_test_requestf (f->ts, "POST", "/v1/deals", f->user.token, &status,
                                              "{\"title\":\"Mine\",\"pipeline_id\":\"%s\",\"stage_id\":\"%s\","
                                              "\"owner_id\":\"%s\"}", f->pipeline, f->stage, f->user.user_id);
    g_assert_cmpuint (status, ==, 201);
    g_assert_cmpstr (kt_test_json_string (n, "owner_id"), ==, f->user.user_id);
  }
  /* ...for someone else is not, and creates nothing. */
  {
    g_autofree char *head = log_head (f);
    g_autofree char *head_after = NULL;
    g_autoptr(JsonNode) n = kt_test_requestf (f->ts, "POST", "/v1/deals", f->user.token, &status,
                                              "{\"title\":\"Theirs\",\"pipeline_id\":\"%s\",\"stage_id\":\"%s\","
                                              "\"owner_id\":\"%s\"}", f->pipeline, f->stage, f->manager.user_id);
    g_assert_cmpuint (status, ==, 403);
    g_assert_cmpstr (kt_test_json_string (n, "error.code"), ==, "permission");
    g_assert_cmpstr (kt_test_json_string (n, "error.field"), ==, "owner_id");
    head_after = log_head (f);
    g_assert_cmpstr (head, ==, head_after);
  }
  /* A Manager creates a deal straight into the User's hands. */
  {
    g_autoptr(JsonNode) n = kt_test_requestf (f->ts, "POST", "/v1/deals", f->manager.token, &status,
                                              "{\"title\":\"For you\",\"pipeline_id\":\"%s\",\"stage_id\":\"%s\","
                                              "\"owner_id\":\"%s\"}", f->pipeline, f->stage, f->user.user_id);
    g_assert_cmpuint (status, ==, 201);
    g_assert_cmpstr (kt_test_json_string (n, "owner_id"), ==, f->user.user_id);
    assert_entry (f, kt_test_json_string (n, "id"), f->user.user_id, &f->manager);
  }

  count_after = kt_test_pg_query (conninfo, sql);
  g_assert_cmpint (g_ascii_strtoll (count_after, NULL, 10), ==, g_ascii_strtoll (count_before, NULL, 10) + 2);
}

static void
test_new_owner_must_be_member (Fixture *f, gconstpointer data)
{
  g_autofree char *deal = create_deal (f, &f->owner, "Fence");
  g_autofree char *path = g_strconcat ("/v1/deals/", deal, NULL);
  g_autofree char *nobody = kt_uuid_new ();
  KtTestAccount leaver = { 0, };
  g_autofree char *leaver_member = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(JsonNode) stored = NULL;
  guint status;

  /* A member who was removed is no longer someone to give work to. */
  kt_test_add_member (f->ts, &f->owner, "user", &leaver);
  {
    g_autofree char *sql = g_strdup_printf ("SELECT id FROM team_members WHERE org_id = '%s' AND user_id = '%s'",
                                            f->owner.org_id, leaver.user_id);
    g_autofree char *member_path = NULL;
    g_autoptr(JsonNode) n = NULL;

    leaver_member = kt_test_pg_query (conninfo, sql);
    member_path = g_strconcat ("/v1/team/members/", leaver_member, NULL);
    n = kt_test_request (f->ts, "DELETE", member_path, f->owner.token, NULL, &status);
    g_assert_cmpuint (status, ==, 204);
  }

  before = log_head (f);
  {
    const char *owners[] = { f->stranger.user_id, nobody, leaver.user_id };

    for (guint i = 0; i < G_N_ELEMENTS (owners); i++)
      {
        g_autoptr(JsonNode) n = kt_test_requestf (f->ts, "PATCH", path, f->manager.token, &status,
                                                  "{\"title\":\"Moved\",\"owner_id\":\"%s\"}", owners[i]);

        g_test_message ("owner %u", i);
        g_assert_cmpuint (status, ==, 422);
        g_assert_cmpstr (kt_test_json_string (n, "error.code"), ==, "validation");
        g_assert_cmpstr (kt_test_json_string (n, "error.field"), ==, "owner_id");
        g_assert_nonnull (strstr (kt_test_json_string (n, "error.message"), "owner_id"));
      }
  }
  /* Not an id at all, or nobody: refused as values, naming the key. */
  {
    const char *bodies[] = { "{\"owner_id\":null}", "{\"owner_id\":\"Ivan\"}" };

    for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
      {
        g_autoptr(JsonNode) n = kt_test_request (f->ts, "PATCH", path, f->manager.token, bodies[i], &status);

        g_assert_cmpuint (status, ==, 422);
        g_assert_cmpstr (kt_test_json_string (n, "error.field"), ==, "owner_id");
      }
  }
  after = log_head (f);
  g_assert_cmpstr (before, ==, after);
  stored = get_deal (f, deal);
  g_assert_cmpstr (kt_test_json_string (stored, "owner_id"), ==, f->owner.user_id);
  g_assert_cmpstr (kt_test_json_string (stored, "title"), ==, "Fence");

  /* A member of the organization is fine. */
  {
    g_autoptr(JsonNode) n = kt_test_requestf (f->ts, "PATCH", path, f->manager.token, &status,
                                              "{\"owner_id\":\"%s\"}", f->admin.user_id);
    g_assert_cmpuint (status, ==, 200);
    g_assert_cmpstr (kt_test_json_string (n, "owner_id"), ==, f->admin.user_id);
  }
  kt_test_account_clear (&leaver);
}

/* Pushes one mutation as @who; returns its result object. */
static JsonNode *
push (Fixture       *f,
      KtTestAccount *who,
      const char    *client_id,
      const char    *record_id,
      const char    *fields,
      const char    *clocks)
{
  g_autoptr(JsonNode) answer = NULL;
  JsonArray *results;
  guint status;

  answer = kt_test_requestf (f->ts, "POST", "/v1/sync/push", who->token, &status,
                             "{\"protocol\":%d,\"client_id\":\"%s\",\"mutations\":[{\"id\":%" G_GINT64_FORMAT ","
                             "\"entity\":\"deal\",\"record_id\":\"%s\",\"fields\":%s,\"clocks\":%s}]}",
                             KT_SYNC_PROTOCOL_VERSION, client_id, ++f->mutation, record_id, fields, clocks);
  g_assert_cmpuint (status, ==, 200);
  results = json_object_get_array_member (json_node_get_object (answer), "results");
  g_assert_cmpuint (json_array_get_length (results), ==, 1);
  return json_node_copy (json_array_get_element (results, 0));
}

/* The record as a pull from the start sends it. */
static JsonNode *
pulled_record (Fixture    *f,
               const char *id)
{
  g_autofree char *path = g_strdup_printf ("/v1/sync/pull?protocol=%d&cursor=0&limit=5000",
                                           KT_SYNC_PROTOCOL_VERSION);
  g_autoptr(JsonNode) answer = NULL;
  JsonArray *changes;
  guint status;

  answer = kt_test_request (f->ts, "GET", path, f->user.token, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  changes = json_object_get_array_member (json_node_get_object (answer), "changes");
  for (guint i = 0; i < json_array_get_length (changes); i++)
    {
      JsonObject *change = json_array_get_object_element (changes, i);
      JsonObject *record = json_object_get_object_member (change, "record");

      if (g_strcmp0 (json_object_get_string_member (record, "id"), id) == 0)
        return json_node_copy (json_object_get_member (change, "record"));
    }
  g_assert_not_reached ();
  return NULL;
}

static void
test_sync_push (Fixture *f, gconstpointer data)
{
  g_autofree char *deal = create_deal (f, &f->owner, "Roof");
  g_autofree char *user_deal = create_deal (f, &f->user, "Porch");
  g_autofree char *manager_client = kt_uuid_new ();
  g_autofree char *user_client = kt_uuid_new ();
  g_autofree char *stamp = kt_hlc_tick (f->clock);
  g_autofree char *fields = g_strdup_printf ("{\"owner_id\":\"%s\"}", f->user.user_id);
  g_autofree char *clocks = g_strdup_printf ("{\"owner_id\":\"%s\"}", stamp);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  guint status;

  /* A Manager's client gives the deal to the User. */
  {
    g_autoptr(JsonNode) result = push (f, &f->manager, manager_client, deal, fields, clocks);
    g_autoptr(JsonNode) stored = get_deal (f, deal);
    g_autoptr(JsonNode) pulled = pulled_record (f, deal);

    g_assert_cmpstr (kt_test_json_string (result, "status"), ==, "applied");
    g_assert_cmpstr (kt_test_json_string (stored, "owner_id"), ==, f->user.user_id);
    assert_entry (f, deal, f->user.user_id, &f->manager);
    /* Every replica learns the owner with its clock. */
    g_assert_cmpstr (kt_test_json_string (pulled, "owner_id"), ==, f->user.user_id);
    g_assert_cmpstr (kt_test_json_string (pulled, "clocks.owner_id"), ==, stamp);
  }

  /* An older reassignment loses, field by field like any write: nothing
   * changes, nothing is logged, and the client is told it was superseded
   * (with the owner that won), so it takes the winner. */
  before = log_head (f);
  {
    g_autofree char *old_fields = g_strdup_printf ("{\"owner_id\":\"%s\"}", f->admin.user_id);
    g_autoptr(JsonNode) result = push (f, &f->manager, manager_client, deal, old_fields,
                                       "{\"owner_id\":\"" OLD_STAMP "\"}");
    g_autoptr(JsonNode) stored = get_deal (f, deal);

    g_assert_cmpstr (kt_test_json_string (result, "status"), ==, "superseded");
    g_assert_cmpstr (kt_test_json_string (result, "record.owner_id"), ==, f->user.user_id);
    g_assert_cmpstr (kt_test_json_string (stored, "owner_id"), ==, f->user.user_id);
  }
  after = log_head (f);
  g_assert_cmpstr (before, ==, after);

  /* A clock is required, as for any field. */
  {
    g_autoptr(JsonNode) result = push (f, &f->manager, manager_client, deal, fields, "{}");

    g_assert_cmpstr (kt_test_json_string (result, "status"), ==, "rejected");
    g_assert_cmpstr (kt_test_json_string (result, "code"), ==, "malformed");
    g_assert_cmpstr (kt_test_json_string (result, "field"), ==, "owner_id");
  }

  /* A User's client may not give its own deal away: rejected with the
   * server's record (the old owner) to revert to, and nothing written. */
  g_free (before);
  before = log_head (f);
  {
    g_autofree char *away = g_strdup_printf ("{\"owner_id\":\"%s\",\"title\":\"Gone\"}", f->manager.user_id);
    g_autofree char *tick1 = kt_hlc_tick (f->clock);
    g_autofree char *away_clocks = g_strdup_printf ("{\"owner_id\":\"%s\",\"title\":\"%s\"}", tick1, tick1);
    g_autoptr(JsonNode) result = push (f, &f->user, user_client, user_deal, away, away_clocks);
    g_autoptr(JsonNode) stored = get_deal (f, user_deal);

    g_assert_cmpstr (kt_test_json_string (result, "status"), ==, "rejected");
    g_assert_cmpstr (kt_test_json_string (result, "code"), ==, "permission");
    g_assert_cmpstr (kt_test_json_string (result, "field"), ==, "owner_id");
    g_assert_nonnull (strstr (kt_test_json_string (result, "message"), "owner_id"));
    g_assert_cmpstr (kt_test_json_string (result, "record.owner_id"), ==, f->user.user_id);
    g_assert_cmpstr (kt_test_json_string (stored, "owner_id"), ==, f->user.user_id);
    g_assert_cmpstr (kt_test_json_string (stored, "title"), ==, "Porch");
  }
  g_free (after);
  after = log_head (f);
  g_assert_cmpstr (before, ==, after);

  /* A User's client creating a deal of its own is fine; for the Manager
   * it is refused and nothing is created. */
  {
    g_autofree char *id = kt_uuid_new ();
    g_autofree char *tick1 = kt_hlc_tick (f->clock);
    g_autofree char *mine = g_strdup_printf ("{\"title\":\"New\",\"pipeline_id\":\"%s\",\"stage_id\":\"%s\","
                                             "\"status\":\"open\",\"owner_id\":\"%s\"}",
                                             f->pipeline, f->stage, f->user.user_id);
    g_autofree char *mine_clocks = g_strdup_printf ("{\"title\":\"%s\",\"pipeline_id\":\"%s\",\"stage_id\":\"%s\","
                                                    "\"status\":\"%s\",\"owner_id\":\"%s\"}",
                                                    tick1, tick1, tick1, tick1, tick1);
    g_autoptr(JsonNode) result = push (f, &f->user, user_client, id, mine, mine_clocks);
    g_autoptr(JsonNode) stored = get_deal (f, id);

    g_assert_cmpstr (kt_test_json_string (result, "status"), ==, "applied");
    g_assert_cmpstr (kt_test_json_string (stored, "owner_id"), ==, f->user.user_id);
  }
  {
    g_autofree char *id = kt_uuid_new ();
    g_autofree char *path = g_strconcat ("/v1/deals/", id, NULL);
    g_autofree char *tick1 = kt_hlc_tick (f->clock);
    g_autofree char *theirs = g_strdup_printf ("{\"title\":\"New\",\"pipeline_id\":\"%s\",\"stage_id\":\"%s\","
                                               "\"status\":\"open\",\"owner_id\":\"%s\"}",
                                               f->pipeline, f->stage, f->manager.user_id);
    g_autofree char *theirs_clocks = g_strdup_printf ("{\"title\":\"%s\",\"pipeline_id\":\"%s\",\"stage_id\":\"%s\","
                                                      "\"status\":\"%s\",\"owner_id\":\"%s\"}",
                                                      tick1, tick1, tick1, tick1, tick1);
    g_autoptr(JsonNode) result = push (f, &f->user, user_client, id, theirs, theirs_clocks);
    g_autoptr(JsonNode) n = NULL;

    g_assert_cmpstr (kt_test_json_string (result, "status"), ==, "rejected");
    g_assert_cmpstr (kt_test_json_string (result, "code"), ==, "permission");
    n = kt_test_request (f->ts, "GET", path, f->owner.token, NULL, &status);
    g_assert_cmpuint (status, ==, 404);
  }

  /* Giving a deal to someone outside the organization: rejected, naming
   * owner_id; the deal stays with the User. */
  {
    g_autofree char *out = g_strdup_printf ("{\"owner_id\":\"%s\"}", f->stranger.user_id);
    g_autofree char *tick1 = kt_hlc_tick (f->clock);
    g_autofree char *out_clocks = g_strdup_printf ("{\"owner_id\":\"%s\"}", tick1);
    g_autoptr(JsonNode) result = push (f, &f->manager, manager_client, deal, out, out_clocks);
    g_autoptr(JsonNode) stored = get_deal (f, deal);

    g_assert_cmpstr (kt_test_json_string (result, "status"), ==, "rejected");
    g_assert_cmpstr (kt_test_json_string (result, "code"), ==, "validation");
    g_assert_cmpstr (kt_test_json_string (result, "field"), ==, "owner_id");
    g_assert_cmpstr (kt_test_json_string (stored, "owner_id"), ==, f->user.user_id);
  }
}

/* The refusal in the person's language (needs the bg_BG.UTF-8 locale,
 * which tools/install-deps generates, and the build tree's catalogue). */
static void
test_message_in_bulgarian (Fixture *f, gconstpointer data)
{
  g_autofree char *own = create_deal (f, &f->user, "Own");
  g_autofree char *path = g_strconcat ("/v1/deals/", own, NULL);
  g_autoptr(JsonNode) n = NULL;
  guint status;

  f->ts->language = "bg-BG,bg;q=0.9,en;q=0.5";
  n = kt_test_requestf (f->ts, "PATCH", path, f->user.token, &status,
                        "{\"owner_id\":\"%s\"}", f->manager.user_id);
  f->ts->language = NULL;
  g_assert_cmpuint (status, ==, 403);
  g_assert_cmpstr (kt_test_json_string (n, "error.code"), ==, "permission");
  g_assert_cmpstr (kt_test_json_string (n, "error.message"), ==,
                   "Не можете да променяте „owner_id“: само собственик, администратор "
                   "или мениджър може да предаде запис на друг отговорник");
}

int
main (int argc, char *argv[])
{
  /* The server's catalogues from the build tree (meson sets the variable). */
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, g_getenv ("KANTORA_LOCALEDIR") != NULL
                                   ? g_getenv ("KANTORA_LOCALEDIR") : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  g_test_init (&argc, &argv, NULL);
  conninfo = kt_test_pg_new_database ("owner");

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/server/owner/rest-matrix", test_rest_matrix);
  ADD ("/server/owner/rest-create", test_rest_create);
  ADD ("/server/owner/new-owner-must-be-member", test_new_owner_must_be_member);
  ADD ("/server/owner/sync-push", test_sync_push);
  ADD ("/server/owner/message-in-bulgarian", test_message_in_bulgarian);
#undef ADD

  return g_test_run ();
}
