/* kt-sync-account.c: register, log in and log out
 *
 * Signing in binds the store to the account's organization. A store that
 * was used offline only gets its records moved into that organization and
 * queued in full, so the first sync uploads everything it holds. The token
 * goes to the keyring (KtSecrets), keyed by the server address and the
 * store's client id; it is never written to a file or the log.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-sync"

#include "config.h"

#include <glib/gi18n.h>

#include "kt-store-sync.h"
#include "kt-sync-engine-private.h"

typedef struct {
  char *server_url;
  char *email;
  char *token;
  char *client_id;
} SignIn;

static void
sign_in_free (SignIn *sign_in)
{
  g_free (sign_in->server_url);
  g_free (sign_in->email);
  if (sign_in->token != NULL)
    memset (sign_in->token, 0, strlen (sign_in->token));
  g_free (sign_in->token);
  g_free (sign_in->client_id);
  g_free (sign_in);
}

static void
fail (GTask  *task,
      GError *error)
{
  g_task_return_error (task, error);
  g_object_unref (task);
}

/* The server's answer to register and login: {"token", "user": {"id"},
 * "organization": {"id"}} (flat "user_id"/"org_id" are read too). */
static gboolean
read_session (JsonNode    *root,
              const char **out_token,
              const char **out_user_id,
              const char **out_org_id)
{
  JsonObject *obj;
  JsonObject *user = NULL;
  JsonObject *org = NULL;

  if (!JSON_NODE_HOLDS_OBJECT (root))
    return FALSE;
  obj = json_node_get_object (root);

  if (json_object_has_member (obj, "user") &&
      JSON_NODE_HOLDS_OBJECT (json_object_get_member (obj, "user")))
    user = json_object_get_object_member (obj, "user");
  if (json_object_has_member (obj, "organization") &&
      JSON_NODE_HOLDS_OBJECT (json_object_get_member (obj, "organization")))
    org = json_object_get_object_member (obj, "organization");

  *out_token = json_object_get_string_member_with_default (obj, "token", NULL);
  *out_user_id = json_object_get_string_member_with_default (obj, "user_id", NULL);
  if (*out_user_id == NULL && user != NULL)
    *out_user_id = json_object_get_string_member_with_default (user, "id", NULL);
  *out_org_id = json_object_get_string_member_with_default (obj, "org_id", NULL);
  if (*out_org_id == NULL && org != NULL)
    *out_org_id = json_object_get_string_member_with_default (org, "id", NULL);
  if (*out_org_id == NULL && user != NULL)
    *out_org_id = json_object_get_string_member_with_default (user, "org_id", NULL);

  return *out_token != NULL && *out_user_id != NULL && *out_org_id != NULL;
}

static void
on_token_stored_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  GTask *task = user_data;
  KtSyncEngine *self = g_task_get_source_object (task);
  SignIn *sign_in = g_task_get_task_data (task);
  GError *error = NULL;

  if (!kt_secrets_store_finish (KT_SECRETS (source), result, &error))
    {
      fail (task, error);
      return;
    }

  g_free (self->token);
  self->token = g_steal_pointer (&sign_in->token);
  kt_sync_engine_set_last_error (self, NULL);
  kt_sync_engine_set_state (self, KT_SYNC_STATE_IDLE);
  g_task_return_boolean (task, TRUE);
  g_object_unref (task);

  if (kt_sync_engine_get_auto_sync (self))
    kt_sync_engine_sync_now_async (self, NULL, NULL, NULL);
}

/* Binds the store to the session's organization (adopting an offline
 * store), remembers the account and keeps the token in the keyring. */
static void
bind_session (GTask      *task,
              const char *token,
              const char *user_id,
              const char *org_id)
{
  KtSyncEngine *self = g_task_get_source_object (task);
  SignIn *sign_in = g_task_get_task_data (task);
  g_autofree char *bound_org = NULL;
  g_autofree char *bound_user = NULL;
  GError *error = NULL;

  bound_org = kt_store_get_meta (self->store, KT_SYNC_META_ORG_ID);
  bound_user = kt_store_get_meta (self->store, KT_SYNC_META_USER_ID);
  if (bound_org != NULL && g_strcmp0 (bound_org, org_id) != 0)
    {
      fail (task, g_error_new_literal (KT_SYNC_ERROR, KT_SYNC_ERROR_OTHER_ORGANIZATION,
                                       _("This store holds another organization’s data. Log out first, or use another store.")));
      return;
    }

  if (bound_org == NULL)
    {
      /* An offline-only store joins the account: upload what it holds. */
      if (!kt_store_sync_adopt_org (self->store, org_id, user_id, &error) ||
          !kt_store_set_meta (self->store, KT_SYNC_META_ORG_ID, org_id, &error))
        {
          fail (task, error);
          return;
        }
    }
  else if (g_strcmp0 (bound_user, user_id) != 0)
    {
      /* Another member of the same organization on this store: the server
       * binds a client id to one user, so start a new mutation sequence. */
      if (!kt_store_sync_reset_client (self->store, &error))
        {
          fail (task, error);
          return;
        }
    }

  if (!kt_store_set_meta (self->store, KT_SYNC_META_USER_ID, user_id, &error) ||
      !kt_store_set_meta (self->store, KT_SYNC_META_EMAIL, sign_in->email, &error))
    {
      fail (task, error);
      return;
    }

  kt_sync_engine_set_email (self, sign_in->email);
  sign_in->token = g_strdup (token);
  sign_in->client_id = kt_store_sync_dup_client_id (self->store);
  kt_secrets_store_async (self->secrets, self->server_url, sign_in->client_id,
                          sign_in->token, g_task_get_cancellable (task),
                          on_token_stored_cb, task);
}

static void
on_session_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  GTask *task = user_data;
  KtSyncEngine *self = KT_SYNC_ENGINE (source);
  g_autoptr (JsonNode) root = NULL;
  const char *token, *user_id, *org_id;
  GError *error = NULL;

  root = kt_http_request_finish (self, result, &error);
  if (root == NULL)
    {
      fail (task, error);
      return;
    }

  if (!read_session (root, &token, &user_id, &org_id))
    {
      fail (task, g_error_new_literal (KT_SYNC_ERROR, KT_SYNC_ERROR_PROTOCOL,
                                       _("The server's answer to signing in is incomplete")));
      return;
    }

  bind_session (task, token, user_id, org_id);
}

static GTask *
begin_sign_in (KtSyncEngine        *self,
               const char          *server_url,
               const char          *email,
               GCancellable        *cancellable,
               GAsyncReadyCallback  callback,
               gpointer             user_data,
               gpointer             source_tag)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  SignIn *sign_in = g_new0 (SignIn, 1);
  g_autofree char *bound_org = kt_store_get_meta (self->store, KT_SYNC_META_ORG_ID);

  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, sign_in, (GDestroyNotify) sign_in_free);
  sign_in->email = g_strdup (email);

  if (bound_org != NULL && self->server_url != NULL)
    {
      g_autofree char *trimmed = g_strstrip (g_strdup (server_url));

      while (g_str_has_suffix (trimmed, "/"))
        trimmed[strlen (trimmed) - 1] = '\0';
      if (g_strcmp0 (trimmed, self->server_url) != 0)
        {
          fail (task, g_error_new (KT_SYNC_ERROR, KT_SYNC_ERROR_OTHER_ORGANIZATION,
                                   _("This store syncs with %s. Log out first to use another server."),
                                   self->server_url));
          return NULL;
        }
    }

  kt_sync_engine_set_server_url (self, server_url);
  return task;
}

static JsonNode *
credentials_body (const char *email,
                  const char *password,
                  const char *full_name,
                  const char *organization)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "email");
  json_builder_add_string_value (builder, email);
  json_builder_set_member_name (builder, "password");
  json_builder_add_string_value (builder, password);
  if (full_name != NULL)
    {
      json_builder_set_member_name (builder, "full_name");
      json_builder_add_string_value (builder, full_name);
    }
  if (organization != NULL)
    {
      json_builder_set_member_name (builder, "organization_name");
      json_builder_add_string_value (builder, organization);
    }
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

/**
 * kt_sync_engine_register_async:
 * @self: a #KtSyncEngine
 * @server_url: the server's address, e.g. "http://127.0.0.1:8470"
 * @email: the new account's email
 * @password: its password (never stored)
 * @full_name: the person's name
 * @organization: the new organization's name
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 */
void
kt_sync_engine_register_async (KtSyncEngine        *self,
                               const char          *server_url,
                               const char          *email,
                               const char          *password,
                               const char          *full_name,
                               const char          *organization,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr (JsonNode) body = NULL;
  GTask *task;

  g_return_if_fail (KT_IS_SYNC_ENGINE (self));
  g_return_if_fail (server_url != NULL && email != NULL && password != NULL);
  g_return_if_fail (full_name != NULL && organization != NULL);

  task = begin_sign_in (self, server_url, email, cancellable, callback, user_data,
                        kt_sync_engine_register_async);
  if (task == NULL)
    return;

  body = credentials_body (email, password, full_name, organization);
  kt_http_request_async (self, "POST", "/v1/auth/register", body, KT_HTTP_SIGN_IN,
                         cancellable, on_session_cb, task);
}

gboolean
kt_sync_engine_register_finish (KtSyncEngine  *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * kt_sync_engine_login_async:
 * @self: a #KtSyncEngine
 * @server_url: the server's address
 * @email: the account's email
 * @password: its password (never stored)
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 */
void
kt_sync_engine_login_async (KtSyncEngine        *self,
                            const char          *server_url,
                            const char          *email,
                            const char          *password,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr (JsonNode) body = NULL;
  GTask *task;

  g_return_if_fail (KT_IS_SYNC_ENGINE (self));
  g_return_if_fail (server_url != NULL && email != NULL && password != NULL);

  task = begin_sign_in (self, server_url, email, cancellable, callback, user_data,
                        kt_sync_engine_login_async);
  if (task == NULL)
    return;

  body = credentials_body (email, password, NULL, NULL);
  kt_http_request_async (self, "POST", "/v1/auth/login", body, KT_HTTP_SIGN_IN,
                         cancellable, on_session_cb, task);
}

gboolean
kt_sync_engine_login_finish (KtSyncEngine  *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * kt_sync_engine_adopt_session_async:
 * @self: a #KtSyncEngine
 * @server_url: the server that gave the session
 * @email: the account's email
 * @token: the session token (goes to the keyring, never logged)
 * @user_id: the account's user id
 * @org_id: the session's organization
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Binds the store to a session the server gave outside register and
 * login (accepting an invitation), with the same rules as those.
 */
void
kt_sync_engine_adopt_session_async (KtSyncEngine        *self,
                                    const char          *server_url,
                                    const char          *email,
                                    const char          *token,
                                    const char          *user_id,
                                    const char          *org_id,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (KT_IS_SYNC_ENGINE (self));
  g_return_if_fail (server_url != NULL && email != NULL && token != NULL);
  g_return_if_fail (user_id != NULL && org_id != NULL);

  task = begin_sign_in (self, server_url, email, cancellable, callback, user_data,
                        kt_sync_engine_adopt_session_async);
  if (task != NULL)
    bind_session (task, token, user_id, org_id);
}

gboolean
kt_sync_engine_adopt_session_finish (KtSyncEngine  *self,
                                     GAsyncResult  *result,
                                     GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Log out */

static void
finish_logout (GTask *task)
{
  KtSyncEngine *self = g_task_get_source_object (task);
  GError *error = NULL;

  if (!kt_store_sync_forget_account (self->store, &error))
    {
      fail (task, error);
      return;
    }

  if (self->token != NULL)
    memset (self->token, 0, strlen (self->token));
  g_clear_pointer (&self->token, g_free);
  kt_sync_engine_set_email (self, NULL);
  kt_sync_engine_set_last_error (self, NULL);
  kt_sync_engine_set_progress (self, 0, 0);
  kt_sync_engine_set_state (self, KT_SYNC_STATE_SIGNED_OUT);
  g_task_return_boolean (task, TRUE);
  g_object_unref (task);
}

static void
on_token_cleared_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  GTask *task = user_data;
  GError *error = NULL;

  if (!kt_secrets_clear_finish (KT_SECRETS (source), result, &error))
    {
      fail (task, error);
      return;
    }
  finish_logout (task);
}

static void
clear_token (GTask *task)
{
  KtSyncEngine *self = g_task_get_source_object (task);
  g_autofree char *client_id = kt_store_sync_dup_client_id (self->store);

  kt_secrets_clear_async (self->secrets, self->server_url, client_id,
                          g_task_get_cancellable (task), on_token_cleared_cb, task);
}

static void
on_server_logout_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  GTask *task = user_data;
  KtSyncEngine *self = KT_SYNC_ENGINE (source);
  g_autoptr (JsonNode) root = NULL;
  g_autoptr (GError) error = NULL;

  /* Best effort: an unreachable server still lets the person log out
   * here; the token then simply expires there. */
  root = kt_http_request_finish (self, result, &error);
  if (root == NULL)
    g_debug ("Could not revoke the token on the server: %s", error->message);

  clear_token (task);
}

/**
 * kt_sync_engine_logout_async:
 * @self: a #KtSyncEngine
 * @force: discard changes that were not pushed yet
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Signs out and forgets the account's data on this store (the server keeps
 * it). Refused with %KT_SYNC_ERROR_OUTBOX_NOT_EMPTY while local changes
 * wait to be pushed, unless @force.
 */
void
kt_sync_engine_logout_async (KtSyncEngine        *self,
                             gboolean             force,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  GTask *task;
  gint64 pending;

  g_return_if_fail (KT_IS_SYNC_ENGINE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, kt_sync_engine_logout_async);

  pending = kt_store_outbox_count (self->store);
  if (pending > 0 && !force)
    {
      g_autofree char *count = g_strdup_printf ("%" G_GINT64_FORMAT, pending);

      fail (task, g_error_new (KT_SYNC_ERROR, KT_SYNC_ERROR_OUTBOX_NOT_EMPTY,
                               g_dngettext (GETTEXT_PACKAGE,
                                            "%s change has not been synced yet; logging out would discard it",
                                            "%s changes have not been synced yet; logging out would discard them",
                                            (gulong) pending),
                               count));
      return;
    }

  if (self->server_url == NULL)
    {
      finish_logout (task);
      return;
    }

  if (self->token == NULL)
    {
      clear_token (task);
      return;
    }

  kt_http_request_async (self, "POST", "/v1/auth/logout", NULL, KT_HTTP_DEFAULT,
                         cancellable, on_server_logout_cb, task);
}

gboolean
kt_sync_engine_logout_finish (KtSyncEngine  *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
