/* kt-cli-team.c: team and profile, for scripted member management
 *
 * Both talk to the account's server with the store's sign-in, through the
 * same team client as the window's Team pane. The server applies its role
 * rules; its refusals are printed in its own words.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kantora-cli"

#include "config.h"

#include <glib/gi18n.h>

#include "kt-cli.h"
#include "kt-team-client.h"

typedef struct {
  gboolean    done;
  GError     *error;
  JsonObject *team;      /* refresh */
  JsonNode   *answer;    /* account requests */
  char       *link;      /* invite */
} Wait;

static void
wait_clear (Wait *wait)
{
  g_clear_error (&wait->error);
  g_clear_pointer (&wait->team, json_object_unref);
  g_clear_pointer (&wait->answer, json_node_unref);
  g_clear_pointer (&wait->link, g_free);
}

static void
on_done_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Wait *wait = user_data;
  KtSyncEngine *engine = KT_SYNC_ENGINE (source);
  gpointer tag = g_task_get_source_tag (G_TASK (result));

  if (tag == kt_team_refresh_async)
    wait->team = kt_team_refresh_finish (engine, result, &wait->error);
  else if (tag == kt_team_invite_async)
    wait->link = kt_team_invite_finish (engine, result, &wait->error);
  else if (tag == kt_team_set_role_async)
    kt_team_set_role_finish (engine, result, &wait->error);
  else if (tag == kt_team_remove_async)
    kt_team_remove_finish (engine, result, &wait->error);
  else
    wait->answer = kt_team_account_request_finish (engine, result, &wait->error);
  wait->done = TRUE;
}

/* Waits; on failure prints the error and returns its exit code. */
static int
finish (Wait *wait)
{
  kt_cli_wait (&wait->done);
  if (wait->error != NULL)
    return kt_cli_fail (wait->error);
  return KT_CLI_OK;
}

static void
print_json (JsonNode *node)
{
  g_autofree char *json = json_to_string (node, FALSE);

  g_print ("%s\n", json);
}

/* The member id for @who: a member id as `team list` prints it, or the
 * email of a member or invitation (case-insensitive). */
static const char *
find_member (JsonObject  *team,
             const char  *who,
             GError     **error)
{
  JsonArray *members = json_object_get_array_member (team, "members");
  g_autofree char *wanted = g_utf8_casefold (who, -1);

  for (guint i = 0; members != NULL && i < json_array_get_length (members); i++)
    {
      JsonObject *member = json_array_get_object_element (members, i);
      const char *id = json_object_get_string_member_with_default (member, "id", NULL);
      const char *email = json_object_get_string_member_with_default (member, "email", NULL);
      g_autofree char *folded = email != NULL ? g_utf8_casefold (email, -1) : NULL;

      if (id != NULL && (g_str_equal (id, who) || g_strcmp0 (folded, wanted) == 0))
        return id;
    }

  g_set_error (error, KT_ERROR, KT_ERROR_NOT_FOUND,
               _("“%s” is not a member of the team or an invitation (see “kantora-cli team list”)"),
               who);
  return NULL;
}

int
kt_cli_team (KtCli  *cli,
             int     argc,
             char  **argv)
{
  Wait wait = { 0 };
  const char *command = argc > 0 ? argv[0] : NULL;
  int code;

  if (command == NULL)
    return kt_cli_usage (_("team needs one of list, invite, role, remove"));

  if (g_str_equal (command, "list"))
    {
      JsonArray *members;

      if (argc != 1)
        return kt_cli_usage (_("team list takes no arguments"));
      kt_team_refresh_async (cli->engine, NULL, on_done_cb, &wait);
      if ((code = finish (&wait)) == KT_CLI_OK)
        {
          members = json_object_get_array_member (wait.team, "members");
          for (guint i = 0; members != NULL && i < json_array_get_length (members); i++)
            print_json (json_array_get_element (members, i));
        }
    }
  else if (g_str_equal (command, "invite"))
    {
      if (argc != 3)
        return kt_cli_usage (_("team invite needs an email and a role (owner, admin, manager or user)"));
      kt_team_invite_async (cli->engine, argv[1], argv[2], NULL, on_done_cb, &wait);
      if ((code = finish (&wait)) == KT_CLI_OK)
        {
          /* The link on stdout for the script to pass on. */
          g_print ("%s\n", wait.link);
          g_printerr (_("Invited %s as %s\n"), argv[1], argv[2]);
        }
    }
  else if (g_str_equal (command, "role") || g_str_equal (command, "remove"))
    {
      gboolean remove = g_str_equal (command, "remove");
      g_autoptr (GError) error = NULL;
      const char *member_id;

      if (!remove && argc != 3)
        return kt_cli_usage (_("team role needs a member (id or email) and a role"));
      if (remove && argc != 2)
        return kt_cli_usage (_("team remove needs a member (id or email)"));

      kt_team_refresh_async (cli->engine, NULL, on_done_cb, &wait);
      if ((code = finish (&wait)) != KT_CLI_OK)
        {
          wait_clear (&wait);
          return code;
        }
      if ((member_id = find_member (wait.team, argv[1], &error)) == NULL)
        {
          wait_clear (&wait);
          return kt_cli_fail (error);
        }

      wait.done = FALSE;
      if (remove)
        kt_team_remove_async (cli->engine, member_id, NULL, on_done_cb, &wait);
      else
        kt_team_set_role_async (cli->engine, member_id, argv[2], NULL, on_done_cb, &wait);
      code = finish (&wait);
    }
  else
    {
      g_autofree char *message = g_strdup_printf (_("Unknown team command “%s” (try list, invite, role, remove)"),
                                                  command);

      return kt_cli_usage (message);
    }

  wait_clear (&wait);
  return code;
}

/* PATCH /v1/me's body from FIELD=VALUE arguments; an empty VALUE clears
 * the field (null). */
static JsonNode *
profile_changes (int    argc,
                 char **argv,
                 char **out_message)
{
  g_autoptr (JsonObject) changes = json_object_new ();

  for (int i = 0; i < argc; i++)
    {
      const char *eq = strchr (argv[i], '=');
      g_autofree char *field = NULL;

      if (eq == NULL || eq == argv[i])
        {
          *out_message = g_strdup_printf (_("“%s” is not FIELD=VALUE"), argv[i]);
          return NULL;
        }
      field = g_strndup (argv[i], (gsize) (eq - argv[i]));
      if (eq[1] == '\0')
        json_object_set_null_member (changes, field);
      else
        json_object_set_string_member (changes, field, eq + 1);
    }

  return json_node_init_object (json_node_alloc (), changes);
}

int
kt_cli_profile (KtCli  *cli,
                int     argc,
                char  **argv)
{
  Wait wait = { 0 };
  g_autoptr (JsonNode) body = NULL;
  const char *command = argc > 0 ? argv[0] : "show";
  int code;

  if (g_str_equal (command, "show"))
    {
      if (argc > 1)
        return kt_cli_usage (_("profile show takes no arguments"));
      kt_team_account_request_async (cli->engine, "GET", "/v1/me", NULL, NULL, on_done_cb, &wait);
    }
  else if (g_str_equal (command, "set"))
    {
      g_autofree char *message = NULL;

      if (argc < 2)
        return kt_cli_usage (_("profile set needs at least one FIELD=VALUE (e.g. full_name=Ivan)"));
      if ((body = profile_changes (argc - 1, argv + 1, &message)) == NULL)
        return kt_cli_usage (message);
      kt_team_account_request_async (cli->engine, "PATCH", "/v1/me", body, NULL, on_done_cb, &wait);
    }
  else
    {
      g_autofree char *message = g_strdup_printf (_("Unknown profile command “%s” (try show, set)"),
                                                  command);

      return kt_cli_usage (message);
    }

  if ((code = finish (&wait)) == KT_CLI_OK && wait.answer != NULL)
    print_json (wait.answer);
  wait_clear (&wait);
  return code;
}
