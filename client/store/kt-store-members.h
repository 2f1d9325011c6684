/* kt-store-members.h: the organization's members, as sync brings them
 *
 * The server sends the members of the organization (id, name, email,
 * role, active) with the first pull and with every pull page that holds
 * a membership change (docs/sync.md, "members"). The store keeps them,
 * read-only, in its users table (id, full_name, email) and its
 * team_members table (one row per person, keyed by the user id: role,
 * status "active" or "removed"), so every owner and assignee picker reads
 * the whole team offline, and a removed member's records still show a
 * name.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "kt-store.h"

G_BEGIN_DECLS

/**
 * KtMember:
 * @user_id: the person's user id (what owner_id and assignee_id hold)
 * @name: the full name, or the email address when the name is empty
 * @email: (nullable): the email address
 * @role: "owner", "admin", "manager" or "user"
 * @active: %FALSE once the person was removed from the organization
 */
typedef struct {
  char     *user_id;
  char     *name;
  char     *email;
  char     *role;
  gboolean  active;
} KtMember;

void        kt_member_free              (KtMember *member);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KtMember, kt_member_free)

/* Replaces the store's members by @members (the pull's "members" array):
 * those missing from it become inactive. One transaction, or a savepoint
 * inside the caller's; nothing is written when an element is malformed
 * (KT_STORE_ERROR_FAILED naming it). Emits nothing: call
 * kt_store_members_announce() on the UI's store. */
gboolean    kt_store_members_replace    (KtStore    *self,
                                         JsonArray  *members,
                                         GError    **error);
/* Emits ::changed for the user entity, so pickers and lists reload. */
void        kt_store_members_announce   (KtStore    *self);
/* TRUE once a members list was stored (the engine asks the server for
 * one until then). */
gboolean    kt_store_members_known      (KtStore    *self);
/* Every member, active ones first, then by name (element type: KtMember). */
GPtrArray  *kt_store_members_list       (KtStore    *self,
                                         GError    **error);
/* One member by user id, or %NULL without error when unknown. */
KtMember   *kt_store_members_lookup     (KtStore    *self,
                                         const char *user_id,
                                         GError    **error);
/* Forgets every member (log out). Runs inside the caller's transaction
 * when one is open. */
gboolean    kt_store_members_clear      (KtStore    *self,
                                         GError    **error);

G_END_DECLS
