/* kt-team-join.c: joining a team from an invitation link
 *
 * The steps, each only when needed:
 *
 *  1. a store connected to an organization syncs, so nothing waits in
 *     its outbox (else nothing more happens: no change is ever dropped);
 *  2. an existing account logs in for a moment (the server accepts
 *     invitations for a signed-in person with that person's token);
 *  3. POST /v1/team/invitations/accept gives a session for the team's
 *     organization; the temporary login is revoked;
 *  4. GET /v1/me tells the account's email and the organization's name;
 *  5. the store leaves its organization (log out) or drops its offline
 *     records, if the caller chose so;
 *  6. the engine binds the store to the session (an offline store that
 *     kept its records is uploaded into the team's organization).
 *
 * Steps 1 to 4 change nothing on this computer, so a refused invitation
 * leaves the store as it was. Passwords and tokens are zeroed when freed
 * and never logged.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-team-join"

#include "config.h"

#include <glib/gi18n.h>

#include "kt-store-sync.h"
#include "kt-sync-engine-private.h"
#include "kt-team-join.h"

typedef struct {
  char            *server_url;
  char            *invitation;
  char            *email;         /* NULL: a new account, until /v1/me */
  char            *password;
  char            *full_name;
  KtTeamJoinFlags  flags;
  gboolean         leave;         /* the store is connected and leaves */
  char            *login_token;   /* an existing account's temporary session */
  char            *session;
  char            *user_id;
  char            *org_id;
  char            *org_name;
} Join;

static void
clear_secret (char **secret)
{
  if (*secret != NULL)
    memset (*secret, 0, strlen (*secret));
  g_clear_pointer (secret, g_free);
}

static void
join_free (Join *join)
{
  g_free (join->server_url);
  clear_secret (&join->invitation);
  g_free (join->email);
  clear_secret (&join->password);
  g_free (join->full_name);
  clear_secret (&join->login_token);
  clear_secret (&join->session);
  g_free (join->user_id);
  g_free (join->org_id);
  g_free (join->org_name);
  g_free (join);
}

/* Link parsing */

static gboolean
is_token_char (char c)
{
  return g_ascii_isalnum (c) || c == '-' || c == '_' || c == '.' || c == '~';
}

static gboolean
check_server (const char  *server,
              GError     **error)
{
  g_autoptr (GUri) uri = g_uri_parse (server, G_URI_FLAGS_NONE, NULL);
  gboolean blank = FALSE;

  /* GLib takes "http://crm example.bg" with the space in its host name,
   * which no connection would reach. */
  for (const char *c = server; *c != '\0' && !blank; c++)
    blank = g_ascii_isspace (*c) || g_ascii_iscntrl (*c);
  if (blank || uri == NULL || g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0' ||
      (g_strcmp0 (g_uri_get_scheme (uri), "http") != 0 &&
       g_strcmp0 (g_uri_get_scheme (uri), "https") != 0))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("The server of the invitation link, “%s”, is not an http:// or https:// address"),
                   server);
      return FALSE;
    }
  return TRUE;
}

/**
 * kt_team_parse_invitation_link:
 * @link: the link, as pasted
 * @out_server_url: (out) (optional): the server's address
 * @out_token: (out) (optional): the invitation token
 * @error: return location for a #GError
 */
gboolean
kt_team_parse_invitation_link (const char  *link,
                               char       **out_server_url,
                               char       **out_token,
                               GError     **error)
{
  g_autofree char *text = NULL;
  g_autofree char *server_url = NULL;
  g_autoptr (GUri) uri = NULL;
  g_autoptr (GHashTable) params = NULL;
  const char *host, *path, *query, *server, *token;
  gsize length;

  g_return_val_if_fail (link != NULL, FALSE);

  text = g_strstrip (g_strdup (link));
  if (*text == '\0')
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("Paste the invitation link you were sent"));
      return FALSE;
    }

  /* The query stays encoded so that g_uri_parse_params() decodes each
   * value once: the server address is itself percent-encoded in it. A
   * damaged escape is left for that step to name. */
  uri = g_uri_parse (text, G_URI_FLAGS_ENCODED_QUERY | G_URI_FLAGS_PARSE_RELAXED, NULL);
  if (uri == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("This is not a link. An invitation link starts with kantora://invite"));
      return FALSE;
    }

  host = g_uri_get_host (uri);
  path = g_uri_get_path (uri);
  if (g_ascii_strcasecmp (g_uri_get_scheme (uri), KT_TEAM_LINK_SCHEME) != 0 ||
      g_strcmp0 (host, "invite") != 0 || (*path != '\0' && g_strcmp0 (path, "/") != 0))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   /* Translators: %s is the scheme of the pasted link, such as "https" */
                   _("This %s: link is not a Kantora invitation. An invitation link starts with kantora://invite"),
                   g_uri_get_scheme (uri));
      return FALSE;
    }

  query = g_uri_get_query (uri);
  if (query == NULL || *query == '\0')
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("The invitation link is incomplete: copy the whole link, with its server and token"));
      return FALSE;
    }
  params = g_uri_parse_params (query, -1, "&", G_URI_PARAMS_NONE, NULL);
  if (params == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("The invitation link is damaged: copy the whole link again"));
      return FALSE;
    }

  server = g_hash_table_lookup (params, "server");
  if (server == NULL || *server == '\0')
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("The invitation link names no server: copy the whole link"));
      return FALSE;
    }
  /* White space and slashes at the end go in any order: "https://a/ "
   * lost its slash but kept the space before. */
  server_url = g_strchug (g_strdup (server));
  length = strlen (server_url);
  while (length > 0 && (server_url[length - 1] == '/' || g_ascii_isspace (server_url[length - 1])))
    server_url[--length] = '\0';
  if (!check_server (server_url, error))
    return FALSE;

  token = g_hash_table_lookup (params, "token");
  if (token == NULL || *token == '\0')
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("The invitation link has no token: copy the whole link"));
      return FALSE;
    }
  for (const char *c = token; *c != '\0'; c++)
    if (!is_token_char (*c))
      {
        g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                             _("The token of the invitation link is damaged: copy the whole link again"));
        return FALSE;
      }

  if (out_server_url != NULL)
    *out_server_url = g_steal_pointer (&server_url);
  if (out_token != NULL)
    *out_token = g_strdup (token);
  return TRUE;
}

/* Joining */

static void
fail (GTask  *task,
      GError *error)
{
  g_task_return_error (task, error);
  g_object_unref (task);
}

/* After the invitation was accepted, a failure on this computer leaves a
 * membership the person should know about. */
static void
fail_after_accept (GTask  *task,
                   GError *error)
{
  Join *join = g_task_get_task_data (task);

  g_prefix_error (&error,
                  /* Translators: %s is the name of an organization */
                  _("You joined “%s” on the server, but this computer could not switch to it: "),
                  join->org_name);
  fail (task, error);
}

static void
on_bound_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  GTask *task = user_data;
  Join *join = g_task_get_task_data (task);
  GError *error = NULL;

  if (!kt_sync_engine_adopt_session_finish (KT_SYNC_ENGINE (source), result, &error))
    {
      fail_after_accept (task, error);
      return;
    }

  g_task_return_pointer (task, g_strdup (join->org_name), g_free);
  g_object_unref (task);
}

static void
bind (GTask *task)
{
  KtSyncEngine *engine = g_task_get_source_object (task);
  Join *join = g_task_get_task_data (task);

  kt_sync_engine_adopt_session_async (engine, join->server_url, join->email, join->session,
                                      join->user_id, join->org_id,
                                      g_task_get_cancellable (task), on_bound_cb, task);
}

static void
on_left_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  GTask *task = user_data;
  GError *error = NULL;

  if (!kt_sync_engine_logout_finish (KT_SYNC_ENGINE (source), result, &error))
    {
      fail_after_accept (task, error);
      return;
    }
  bind (task);
}

static void
leave_or_discard (GTask *task)
{
  KtSyncEngine *engine = g_task_get_source_object (task);
  Join *join = g_task_get_task_data (task);
  GError *error = NULL;

  if (join->leave)
    {
      /* Not forced: a change made since step 1 refuses the log out rather
       * than being dropped. */
      kt_sync_engine_logout_async (engine, FALSE, g_task_get_cancellable (task), on_left_cb, task);
      return;
    }

  if ((join->flags & KT_TEAM_JOIN_DISCARD_LOCAL) != 0 &&
      !kt_store_sync_forget_account (kt_sync_engine_get_store (engine), &error))
    {
      fail_after_accept (task, error);
      return;
    }

  bind (task);
}

static void
on_me_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  GTask *task = user_data;
  Join *join = g_task_get_task_data (task);
  g_autoptr (JsonNode) root = NULL;
  GError *error = NULL;
  JsonObject *obj, *user = NULL, *org = NULL;
  const char *email = NULL;

  root = kt_http_send_to_finish (KT_SYNC_ENGINE (source), result, &error);
  if (root == NULL)
    {
      fail (task, error);
      return;
    }

  obj = JSON_NODE_HOLDS_OBJECT (root) ? json_node_get_object (root) : NULL;
  if (obj != NULL && json_object_has_member (obj, "user") &&
      JSON_NODE_HOLDS_OBJECT (json_object_get_member (obj, "user")))
    user = json_object_get_object_member (obj, "user");
  if (obj != NULL && json_object_has_member (obj, "organization") &&
      JSON_NODE_HOLDS_OBJECT (json_object_get_member (obj, "organization")))
    org = json_object_get_object_member (obj, "organization");
  if (user != NULL)
    email = json_object_get_string_member_with_default (user, "email", NULL);
  if (email == NULL || org == NULL)
    {
      fail (task, g_error_new_literal (KT_SYNC_ERROR, KT_SYNC_ERROR_PROTOCOL,
                                       _("The server's answer about your account is incomplete")));
      return;
    }

  g_free (join->email);
  join->email = g_strdup (email);
  g_free (join->org_name);
  join->org_name = g_strdup (json_object_get_string_member_with_default (org, "name", ""));
  leave_or_discard (task);
}

static void
on_login_revoked_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr (JsonNode) root = NULL;
  g_autoptr (GError) error = NULL;

  /* Best effort: an unrevoked temporary token simply expires. */
  root = kt_http_send_to_finish (KT_SYNC_ENGINE (source), result, &error);
  if (root == NULL)
    g_debug ("Could not revoke the temporary sign-in: %s", error->message);
}

static void
on_accepted_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  GTask *task = user_data;
  KtSyncEngine *engine = KT_SYNC_ENGINE (source);
  Join *join = g_task_get_task_data (task);
  g_autoptr (JsonNode) root = NULL;
  GError *error = NULL;
  JsonObject *obj;
  const char *session, *user_id, *org_id;

  root = kt_http_send_to_finish (engine, result, &error);

  if (join->login_token != NULL)
    kt_http_send_to_async (engine, join->server_url, join->login_token, "POST", "/v1/auth/logout",
                           NULL, NULL, on_login_revoked_cb, NULL);

  if (root == NULL)
    {
      fail (task, error);
      return;
    }

  obj = JSON_NODE_HOLDS_OBJECT (root) ? json_node_get_object (root) : NULL;
  session = obj ? json_object_get_string_member_with_default (obj, "token", NULL) : NULL;
  user_id = obj ? json_object_get_string_member_with_default (obj, "user_id", NULL) : NULL;
  org_id = obj ? json_object_get_string_member_with_default (obj, "org_id", NULL) : NULL;
  if (session == NULL || user_id == NULL || org_id == NULL)
    {
      fail (task, g_error_new_literal (KT_SYNC_ERROR, KT_SYNC_ERROR_PROTOCOL,
                                       _("The server's answer to accepting the invitation is incomplete")));
      return;
    }

  join->session = g_strdup (session);
  join->user_id = g_strdup (user_id);
  join->org_id = g_strdup (org_id);
  kt_http_send_to_async (engine, join->server_url, join->session, "GET", "/v1/me", NULL,
                         g_task_get_cancellable (task), on_me_cb, task);
}

static void
accept (GTask *task)
{
  KtSyncEngine *engine = g_task_get_source_object (task);
  Join *join = g_task_get_task_data (task);
  g_autoptr (JsonObject) obj = json_object_new ();
  g_autoptr (JsonNode) body = NULL;

  json_object_set_string_member (obj, "token", join->invitation);
  if (join->login_token == NULL)
    {
      json_object_set_string_member (obj, "full_name", join->full_name);
      json_object_set_string_member (obj, "password", join->password);
    }
  body = json_node_init_object (json_node_alloc (), obj);
  kt_http_send_to_async (engine, join->server_url, join->login_token, "POST",
                         "/v1/team/invitations/accept", body,
                         g_task_get_cancellable (task), on_accepted_cb, task);
  /* The body held the password; it is not needed any more. */
  clear_secret (&join->password);
}

static void
on_logged_in_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GTask *task = user_data;
  Join *join = g_task_get_task_data (task);
  g_autoptr (JsonNode) root = NULL;
  GError *error = NULL;
  const char *token;

  root = kt_http_send_to_finish (KT_SYNC_ENGINE (source), result, &error);
  if (root == NULL)
    {
      fail (task, error);
      return;
    }

  token = JSON_NODE_HOLDS_OBJECT (root)
    ? json_object_get_string_member_with_default (json_node_get_object (root), "token", NULL)
    : NULL;
  if (token == NULL)
    {
      fail (task, g_error_new_literal (KT_SYNC_ERROR, KT_SYNC_ERROR_PROTOCOL,
                                       _("The server's answer to signing in is incomplete")));
      return;
    }

  join->login_token = g_strdup (token);
  accept (task);
}

static void
log_in_or_accept (GTask *task)
{
  KtSyncEngine *engine = g_task_get_source_object (task);
  Join *join = g_task_get_task_data (task);
  g_autoptr (JsonObject) obj = NULL;
  g_autoptr (JsonNode) body = NULL;

  if (join->email == NULL)
    {
      accept (task);
      return;
    }

  obj = json_object_new ();
  json_object_set_string_member (obj, "email", join->email);
  json_object_set_string_member (obj, "password", join->password);
  body = json_node_init_object (json_node_alloc (), obj);
  kt_http_send_to_async (engine, join->server_url, NULL, "POST", "/v1/auth/login", body,
                         g_task_get_cancellable (task), on_logged_in_cb, task);
}

static void
on_synced_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  GTask *task = user_data;
  KtSyncEngine *engine = KT_SYNC_ENGINE (source);
  g_autoptr (GError) error = NULL;
  gint64 pending;

  kt_sync_engine_sync_now_finish (engine, result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      fail (task, g_steal_pointer (&error));
      return;
    }

  pending = kt_store_outbox_count (kt_sync_engine_get_store (engine));
  if (pending > 0)
    {
      g_autofree char *count = g_strdup_printf ("%" G_GINT64_FORMAT, pending);
      g_autofree char *reason = NULL;

      if (error != NULL)
        reason = g_strdup_printf (" (%s)", error->message);
      fail (task, g_error_new (KT_SYNC_ERROR, KT_SYNC_ERROR_OUTBOX_NOT_EMPTY,
                               /* Translators: the first %s is a number; the second the reason in parentheses, or nothing */
                               g_dngettext (GETTEXT_PACKAGE,
                                            "%s change could not be uploaded to your current organization%s. Nothing was changed: join once it is synced.",
                                            "%s changes could not be uploaded to your current organization%s. Nothing was changed: join once they are synced.",
                                            (gulong) pending),
                               count, reason ? reason : ""));
      return;
    }

  log_in_or_accept (task);
}

/**
 * kt_team_join_async:
 * @engine: a #KtSyncEngine
 * @server_url: the server of the invitation
 * @invitation_token: the invitation's token
 * @email: (nullable): an existing account's email, or %NULL for a new account
 * @password: the existing account's password, or the new one's
 * @full_name: (nullable): the new account's name (required without @email)
 * @flags: what happens to what the store holds now
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 */
void
kt_team_join_async (KtSyncEngine        *engine,
                    const char          *server_url,
                    const char          *invitation_token,
                    const char          *email,
                    const char          *password,
                    const char          *full_name,
                    KtTeamJoinFlags      flags,
                    GCancellable        *cancellable,
                    GAsyncReadyCallback  callback,
                    gpointer             user_data)
{
  GTask *task;
  Join *join;

  g_return_if_fail (KT_IS_SYNC_ENGINE (engine));
  g_return_if_fail (server_url != NULL && invitation_token != NULL && password != NULL);
  g_return_if_fail (email != NULL || full_name != NULL);

  task = g_task_new (engine, cancellable, callback, user_data);
  g_task_set_source_tag (task, kt_team_join_async);
  join = g_new0 (Join, 1);
  join->server_url = g_strdup (server_url);
  join->invitation = g_strdup (invitation_token);
  join->email = g_strdup (email);
  join->password = g_strdup (password);
  join->full_name = g_strdup (full_name);
  join->flags = flags;
  join->leave = kt_sync_engine_is_connected (engine);
  g_task_set_task_data (task, join, (GDestroyNotify) join_free);

  if (join->leave && (flags & KT_TEAM_JOIN_LEAVE_CURRENT) == 0)
    {
      fail (task, g_error_new_literal (KT_SYNC_ERROR, KT_SYNC_ERROR_OTHER_ORGANIZATION,
                                       _("This computer syncs with another organization. Leave it to join the team.")));
      return;
    }

  if (join->leave)
    kt_sync_engine_sync_now_async (engine, cancellable, on_synced_cb, task);
  else
    log_in_or_accept (task);
}

/**
 * kt_team_join_finish:
 *
 * Returns: (transfer full): the name of the organization joined
 */
char *
kt_team_join_finish (KtSyncEngine  *engine,
                     GAsyncResult  *result,
                     GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, engine), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
