/* kt-owners.c: the people records belong to, by name
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-owners"

#include "config.h"

#include <glib/gi18n.h>

#include "kt-owners.h"
#include "kt-store-members.h"
#include "kt-team-client.h"

/* Marks a cache that holds the team's names already, so a store without
 * a team is read once, not once per row. */
#define CACHE_LOADED "owner:@loaded"

void
kt_owner_free (KtOwner *owner)
{
  if (owner == NULL)
    return;

  g_free (owner->user_id);
  g_free (owner->name);
  g_free (owner);
}

static const char *
member_name (JsonObject *member)
{
  const char *name = json_object_get_string_member_with_default (member, "full_name", NULL);

  if (name == NULL || *name == '\0')
    name = json_object_get_string_member_with_default (member, "email", NULL);
  return name != NULL && *name != '\0' ? name : NULL;
}

static int
compare_owners (gconstpointer a,
                gconstpointer b)
{
  const KtOwner *owner_a = *(const KtOwner * const *) a;
  const KtOwner *owner_b = *(const KtOwner * const *) b;

  return g_utf8_collate (owner_a->name, owner_b->name);
}

/* Calls @func for every member of the cached team with a user id and a
 * name. */
static void
foreach_member (KtStore *store,
                void   (*func) (JsonObject *member, const char *user_id, const char *name,
                                gpointer user_data),
                gpointer user_data)
{
  g_autoptr(JsonObject) team = kt_team_load_cache (store);
  JsonArray *members;

  if (team == NULL || !json_object_has_member (team, "members") ||
      !JSON_NODE_HOLDS_ARRAY (json_object_get_member (team, "members")))
    return;

  members = json_object_get_array_member (team, "members");
  for (guint i = 0; i < json_array_get_length (members); i++)
    {
      JsonNode *node = json_array_get_element (members, i);
      JsonObject *member;
      const char *user_id;
      const char *name;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      member = json_node_get_object (node);
      user_id = json_object_get_string_member_with_default (member, "user_id", NULL);
      name = member_name (member);
      if (user_id != NULL && *user_id != '\0' && name != NULL)
        func (member, user_id, name, user_data);
    }
}

typedef struct
{
  KtStore   *store;
  GPtrArray *owners;
} LoadData;

static void
add_owner (JsonObject *member,
           const char *user_id,
           const char *name,
           gpointer    user_data)
{
  LoadData *data = user_data;
  const char *status = json_object_get_string_member_with_default (member, "status", NULL);
  KtOwner *owner;

  /* An invitation owns nothing yet; the store's user is "Me". */
  if (g_strcmp0 (status, "invited") == 0 ||
      g_strcmp0 (user_id, kt_store_get_user_id (data->store)) == 0)
    return;

  owner = g_new0 (KtOwner, 1);
  owner->user_id = g_strdup (user_id);
  owner->name = g_strdup (name);
  g_ptr_array_add (data->owners, owner);
}

/**
 * kt_owners_load:
 * @store: the store
 *
 * Returns: (transfer full) (element-type KtOwner): the team's members
 * other than the store's user, by name
 */
GPtrArray *
kt_owners_load (KtStore *store)
{
  g_autoptr(GPtrArray) members = NULL;
  g_autoptr(GError) error = NULL;
  LoadData data;

  g_return_val_if_fail (KT_IS_STORE (store), NULL);

  data.store = store;
  data.owners = g_ptr_array_new_with_free_func ((GDestroyNotify) kt_owner_free);

  /* The members sync brought; a store that has none yet (it never
   * pulled since the server began to send them) falls back to the team
   * the Team pane cached. */
  if (kt_store_members_known (store))
    {
      members = kt_store_members_list (store, &error);
      if (members == NULL)
        g_warning ("Could not read the team’s members: %s", error->message);
      for (guint i = 0; members != NULL && i < members->len; i++)
        {
          KtMember *member = g_ptr_array_index (members, i);
          KtOwner *owner;

          /* A former member keeps its records but gets no new ones. */
          if (!member->active || g_strcmp0 (member->user_id, kt_store_get_user_id (store)) == 0)
            continue;
          owner = g_new0 (KtOwner, 1);
          owner->user_id = g_strdup (member->user_id);
          owner->name = g_strdup (member->name);
          g_ptr_array_add (data.owners, owner);
        }
    }
  else
    foreach_member (store, add_owner, &data);
  g_ptr_array_sort (data.owners, compare_owners);

  return data.owners;
}

static char *member_display_name (const KtMember *member);

/**
 * kt_owners_load_for_filter:
 * @store: the store
 *
 * Returns: (transfer full) (element-type KtOwner): kt_owners_load(), then
 * the former members by name, as "Name (former member)"
 */
GPtrArray *
kt_owners_load_for_filter (KtStore *store)
{
  GPtrArray *owners;
  g_autoptr(GPtrArray) members = NULL;
  g_autoptr(GPtrArray) former = g_ptr_array_new_with_free_func ((GDestroyNotify) kt_owner_free);

  g_return_val_if_fail (KT_IS_STORE (store), NULL);

  owners = kt_owners_load (store);
  if (!kt_store_members_known (store))
    return owners;

  members = kt_store_members_list (store, NULL);
  for (guint i = 0; members != NULL && i < members->len; i++)
    {
      KtMember *member = g_ptr_array_index (members, i);
      KtOwner *owner;

      if (member->active || g_strcmp0 (member->user_id, kt_store_get_user_id (store)) == 0)
        continue;
      owner = g_new0 (KtOwner, 1);
      owner->user_id = g_strdup (member->user_id);
      owner->name = member_display_name (member);
      g_ptr_array_add (former, owner);
    }
  g_ptr_array_sort (former, compare_owners);
  for (guint i = 0; i < former->len; i++)
    g_ptr_array_add (owners, g_steal_pointer (&former->pdata[i]));
  return owners;
}

static char *
member_display_name (const KtMember *member)
{
  if (member->active)
    return g_strdup (member->name);
  /* Translators: the name of someone who has left the organization, on
   * the records they still own, e.g. "Maria Petrova (former member)" */
  return g_strdup_printf (_("%s (former member)"), member->name);
}

static void
cache_name (JsonObject *member,
            const char *user_id,
            const char *name,
            gpointer    user_data)
{
  GHashTable *cache = user_data;

  g_hash_table_insert (cache, g_strconcat ("owner:", user_id, NULL), g_strdup (name));
}

/**
 * kt_owners_dup_name:
 * @store: the store
 * @user_id: the owner's user id
 * @cache: (nullable): a string → string table to keep the names in
 *
 * Returns: (transfer full): the owner's name for people
 */
char *
kt_owners_dup_name (KtStore    *store,
                    const char *user_id,
                    GHashTable *cache)
{
  g_autoptr(GHashTable) local = NULL;
  g_autofree char *key = NULL;
  const char *name;

  g_return_val_if_fail (KT_IS_STORE (store), NULL);
  g_return_val_if_fail (user_id != NULL, NULL);

  if (g_strcmp0 (user_id, kt_store_get_user_id (store)) == 0)
    return g_strdup (C_("owner", "You"));

  if (cache == NULL)
    cache = local = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  if (!g_hash_table_contains (cache, CACHE_LOADED))
    {
      g_autoptr(GPtrArray) members = kt_store_members_list (store, NULL);

      foreach_member (store, cache_name, cache);
      /* The synced members win over the Team pane's older cache. */
      for (guint i = 0; members != NULL && i < members->len; i++)
        {
          KtMember *member = g_ptr_array_index (members, i);

          g_hash_table_insert (cache, g_strconcat ("owner:", member->user_id, NULL),
                               member_display_name (member));
        }
      g_hash_table_insert (cache, g_strdup (CACHE_LOADED), g_strdup (""));
    }

  key = g_strconcat ("owner:", user_id, NULL);
  name = g_hash_table_lookup (cache, key);
  if (name != NULL)
    return g_strdup (name);

  /* Someone who left the team, or a team not fetched on this computer. */
  return g_strdup (C_("owner", "A teammate"));
}
