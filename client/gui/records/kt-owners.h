/* kt-owners.h: the people records belong to, by name
 *
 * A record's owner is a user id. The store knows only its own user; the
 * names of the others come from the team the Team pane last fetched and
 * cached in the store (KT_TEAM_META_CACHE), so a store that never synced
 * knows nobody but its user.
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

/* The members of the cached team who can own records (they have a user
 * id and are not only invited), without the store's own user, sorted by
 * name. Empty when there is no cache. (transfer full, of KtOwner) */
GPtrArray  *kt_owners_load       (KtStore    *store);

/* How the UI names the owner @user_id: "You" for the store's user, a
 * member's name from the cached team, else "A teammate". @cache (may be
 * NULL) remembers the team's names between calls under "owner:" keys;
 * clear it when the team may have changed. (transfer full) */
char       *kt_owners_dup_name   (KtStore    *store,
                                  const char *user_id,
                                  GHashTable *cache);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KtOwner, kt_owner_free)

G_END_DECLS
