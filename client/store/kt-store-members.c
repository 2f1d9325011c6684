/* kt-store-members.c: the organization's members, as sync brings them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-store"

#include "config.h"

#include <glib/gi18n.h>

#include "kt-store-members.h"
#include "kt-store-private.h"

#define META_MEMBERS "sync.members"

static const char * const roles[] = { "owner", "admin", "manager", "user", NULL };

void
kt_member_free (KtMember *member)
{
  if (member == NULL)
    return;

  g_free (member->user_id);
  g_free (member->name);
  g_free (member->email);
  g_free (member->role);
  g_free (member);
}

static const char *
string_member (JsonObject *object,
               const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

/* Checks one element of the pull's members array. */
static gboolean
check_member (JsonNode  *node,
              guint      index,
              GError   **error)
{
  JsonObject *object;
  JsonNode *active;
  const char *role;

  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      object = json_node_get_object (node);
      active = json_object_get_member (object, "active");
      role = string_member (object, "role");
      if (string_member (object, "id") != NULL && kt_uuid_is_valid (string_member (object, "id")) &&
          string_member (object, "name") != NULL &&
          role != NULL && g_strv_contains (roles, role) &&
          active != NULL && JSON_NODE_HOLDS_VALUE (active) &&
          json_node_get_value_type (active) == G_TYPE_BOOLEAN)
        return TRUE;
    }

  g_set_error (error, KT_STORE_ERROR, KT_STORE_ERROR_FAILED,
               _("Team member %u from the server lacks an id, a name, a role or whether it is active"),
               index + 1);
  return FALSE;
}

static gboolean
step_done (KtStore       *self,
           sqlite3_stmt  *stmt,
           GError       **error)
{
  int rc = sqlite3_step (stmt);

  if (rc != SQLITE_DONE)
    {
      kt_store_set_sqlite_error (error, kt_store_get_db (self), rc,
                                 _("Could not save the team’s members"));
      return FALSE;
    }
  return TRUE;
}

static gboolean
write_member (KtStore     *self,
              JsonObject  *object,
              const char  *now,
              GError     **error)
{
  const char *id = string_member (object, "id");
  const char *email = string_member (object, "email");
  gboolean active = json_object_get_boolean_member (object, "active");
  sqlite3_stmt *stmt;

  /* Only the columns the server sends: the row is a read-only copy. */
  stmt = kt_store_prepare (self,
                           "INSERT INTO users (id, org_id, created_at, updated_at, deleted, clocks, email, full_name) "
                           "VALUES (?1, ?2, ?3, ?3, 0, '{}', ?4, ?5) "
                           "ON CONFLICT (id) DO UPDATE SET email = excluded.email, "
                           "full_name = excluded.full_name, deleted = 0, updated_at = excluded.updated_at "
                           "WHERE users.email IS NOT excluded.email OR users.full_name IS NOT excluded.full_name "
                           "OR users.deleted <> 0", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, kt_store_get_org_id (self), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, now, -1, SQLITE_TRANSIENT);
  if (email != NULL)
    sqlite3_bind_text (stmt, 4, email, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 5, string_member (object, "name"), -1, SQLITE_TRANSIENT);
  if (!step_done (self, stmt, error))
    return FALSE;

  stmt = kt_store_prepare (self,
                           "INSERT INTO team_members (id, org_id, created_at, updated_at, deleted, clocks, "
                           "user_id, role, status) VALUES (?1, ?2, ?3, ?3, 0, '{}', ?1, ?4, ?5) "
                           "ON CONFLICT (id) DO UPDATE SET role = excluded.role, status = excluded.status, "
                           "deleted = 0, updated_at = excluded.updated_at "
                           "WHERE team_members.role IS NOT excluded.role "
                           "OR team_members.status IS NOT excluded.status OR team_members.deleted <> 0", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, kt_store_get_org_id (self), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, now, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, string_member (object, "role"), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 5, active ? "active" : "removed", -1, SQLITE_STATIC);
  return step_done (self, stmt, error);
}

gboolean
kt_store_members_replace (KtStore    *self,
                          JsonArray  *members,
                          GError    **error)
{
  g_autofree char *now = NULL;
  g_autoptr(GString) listed = g_string_new ("[");
  sqlite3_stmt *stmt;

  g_return_val_if_fail (KT_IS_STORE (self), FALSE);
  g_return_val_if_fail (members != NULL, FALSE);

  /* All checked before anything is written. */
  for (guint i = 0; i < json_array_get_length (members); i++)
    if (!check_member (json_array_get_element (members, i), i, error))
      return FALSE;

  now = kt_now_iso ();
  if (!kt_store_exec (self, "SAVEPOINT kt_members", error))
    return FALSE;

  for (guint i = 0; i < json_array_get_length (members); i++)
    {
      JsonObject *object = json_array_get_object_element (members, i);
      g_autoptr(JsonNode) id = json_node_init_string (json_node_alloc (), string_member (object, "id"));
      g_autofree char *id_json = json_to_string (id, FALSE);

      if (!write_member (self, object, now, error))
        goto fail;
      if (listed->len > 1)
        g_string_append_c (listed, ',');
      g_string_append (listed, id_json);
    }
  g_string_append_c (listed, ']');

  /* Whoever the server no longer lists has left. */
  stmt = kt_store_prepare (self,
                           "UPDATE team_members SET status = 'removed', updated_at = ?2 "
                           "WHERE status <> 'removed' AND id NOT IN (SELECT value FROM json_each (?1))",
                           error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_text (stmt, 1, listed->str, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, now, -1, SQLITE_TRANSIENT);
  if (!step_done (self, stmt, error) ||
      !kt_store_set_meta (self, META_MEMBERS, "1", error) ||
      !kt_store_exec (self, "RELEASE kt_members", error))
    goto fail;
  return TRUE;

fail:
  kt_store_exec (self, "ROLLBACK TO kt_members", NULL);
  kt_store_exec (self, "RELEASE kt_members", NULL);
  return FALSE;
}

void
kt_store_members_announce (KtStore *self)
{
  g_return_if_fail (KT_IS_STORE (self));

  kt_store_emit_changed (self, "user", NULL);
}

gboolean
kt_store_members_known (KtStore *self)
{
  g_autofree char *value = NULL;

  g_return_val_if_fail (KT_IS_STORE (self), FALSE);

  value = kt_store_get_meta (self, META_MEMBERS);
  return value != NULL;
}

static KtMember *
member_from_row (sqlite3_stmt *stmt)
{
  KtMember *member = g_new0 (KtMember, 1);
  const char *name = (const char *) sqlite3_column_text (stmt, 1);
  const char *email = (const char *) sqlite3_column_text (stmt, 2);

  member->user_id = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  member->email = g_strdup (email);
  member->name = g_strdup (name != NULL && *name != '\0' ? name : email != NULL ? email : member->user_id);
  member->role = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
  member->active = g_strcmp0 ((const char *) sqlite3_column_text (stmt, 4), "active") == 0;
  return member;
}

#define MEMBER_SELECT \
  "SELECT u.id, u.full_name, u.email, m.role, m.status FROM team_members m " \
  "JOIN users u ON u.id = m.user_id WHERE m.id = m.user_id AND m.deleted = 0"

GPtrArray *
kt_store_members_list (KtStore  *self,
                       GError  **error)
{
  g_autoptr(GPtrArray) members = g_ptr_array_new_with_free_func ((GDestroyNotify) kt_member_free);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (KT_IS_STORE (self), NULL);

  stmt = kt_store_prepare (self, MEMBER_SELECT " ORDER BY m.status = 'active' DESC, "
                           "coalesce (nullif (u.full_name, ''), u.email) COLLATE " KT_STORE_COLLATION ", u.id",
                           error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (members, member_from_row (stmt));
  if (rc != SQLITE_DONE)
    {
      kt_store_set_sqlite_error (error, kt_store_get_db (self), rc,
                                 _("Could not read the team’s members"));
      return NULL;
    }
  return g_steal_pointer (&members);
}

KtMember *
kt_store_members_lookup (KtStore     *self,
                         const char  *user_id,
                         GError     **error)
{
  sqlite3_stmt *stmt;
  KtMember *member = NULL;
  int rc;

  g_return_val_if_fail (KT_IS_STORE (self), NULL);
  g_return_val_if_fail (user_id != NULL, NULL);

  stmt = kt_store_prepare (self, MEMBER_SELECT " AND m.id = ?1", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, user_id, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    member = member_from_row (stmt);
  else if (rc != SQLITE_DONE)
    kt_store_set_sqlite_error (error, kt_store_get_db (self), rc,
                               _("Could not read the team’s members"));
  sqlite3_reset (stmt);
  return member;
}

gboolean
kt_store_members_clear (KtStore  *self,
                        GError  **error)
{
  g_return_val_if_fail (KT_IS_STORE (self), FALSE);

  return kt_store_exec (self, "DELETE FROM team_members", error) &&
         kt_store_exec (self, "DELETE FROM users", error) &&
         kt_store_set_meta (self, META_MEMBERS, NULL, error);
}
