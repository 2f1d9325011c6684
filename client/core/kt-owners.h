/* kt-owners.h: the people records belong to, by name
 *
 * A record's owner is a user id. The names come from the organization's
 * members that sync keeps in the store (kt-store-members.h); a store that
 * has not pulled them yet falls back to the team the Team pane last
 * fetched (KT_TEAM_META_CACHE), and a store that never synced knows
 * nobody but its user.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kt-store.h"

G_BEGIN_DECLS

typedef struct
{
  char *user_id;
  char *name;      /* the full name, or the email address without one */
} KtOwner;

void        kt_owner_free        (KtOwner *owner);

/* The active members who can be given records (not former members, not
 * invitations), without the store's own user, sorted by name. Empty when
 * the store knows no team. (transfer full, of KtOwner) */
GPtrArray  *kt_owners_load       (KtStore    *store);
/* For filtering by owner: the same, then the former members, who still
 * own records, as "Name (former member)". (transfer full, of KtOwner) */
GPtrArray  *kt_owners_load_for_filter (KtStore *store);

/* How the UI names the owner @user_id: "You" for the store's user, a
 * member's name ("Name (former member)" once removed), else "A
 * teammate". @cache (may be
 * NULL) remembers the team's names between calls under "owner:" keys;
 * clear it when the team may have changed. (transfer full) */
char       *kt_owners_dup_name   (KtStore    *store,
                                  const char *user_id,
                                  GHashTable *cache);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KtOwner, kt_owner_free)

G_END_DECLS
