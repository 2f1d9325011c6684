/* kt-policy.h: who may do what in an organization
 *
 * Every permission rule of the server, in one place: which records a role
 * may write, who may give a record to someone else, who manages the team
 * and the organization. Each check answers from the role and the ids it is
 * given, without the database, and fails with the error the API answers
 * (403 permission for data, 403 forbidden for the team).
 *
 * The store applies the data rules at the right moment of its one write
 * path through the KtChangePolicy the caller hands it (kt_policy_changes()),
 * so the store decides what is stored and never who may store it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kt-pg-change.h"
#include "kt-role.h"

G_BEGIN_DECLS

/* Owners, Admins and Managers write any record; a User creates freely
 * (@owner_id NULL: no record yet) and changes what it owns or is
 * assigned to (@assignee_id NULL when the entity has no assignee). */
gboolean kt_policy_may_write          (KtRole       role,
                                       const char  *user_id,
                                       gboolean     exists,
                                       const char  *owner_id,
                                       const char  *assignee_id,
                                       GError     **error);
/* Giving a record to someone else (@owner differs from @previous) is for
 * Owners, Admins and Managers. */
gboolean kt_policy_may_set_owner      (KtRole       role,
                                       const char  *previous,
                                       const char  *owner,
                                       GError     **error);
/* Inviting, changing and removing members: Owners and Admins. */
gboolean kt_policy_may_manage_team    (KtRole       role,
                                       GError     **error);
/* Only an Owner invites an Owner. */
gboolean kt_policy_may_invite_as      (KtRole       role,
                                       KtRole       invited,
                                       GError     **error);
/* Changing a member whose role is @current to @new_role (KT_ROLE_NONE:
 * removing): only an Owner touches an Owner or makes one. */
gboolean kt_policy_may_change_member  (KtRole       role,
                                       KtRole       current,
                                       KtRole       new_role,
                                       GError     **error);
/* The organization's name, address, currency and logo: Owners and
 * Admins. */
gboolean kt_policy_may_change_organization (KtRole    role,
                                            GError  **error);

/* The document numbering (prefix, next number): Owners and Admins. */
gboolean kt_policy_may_change_numbering (KtRole    role,
                                         GError  **error);

/* The organization's background jobs (seeing them, retrying a failed
 * one): Owners and Admins. */
/* Owners and Admins see and change the organization's plan. */
gboolean kt_policy_may_manage_billing (KtRole    role,
                                       GError  **error);
/* Only Owners store or remove the organization's own Stripe key: it
 * takes the organization's money. */
gboolean kt_policy_may_manage_org_stripe (KtRole    role,
                                          GError  **error);
gboolean kt_policy_may_manage_jobs (KtRole    role,
                                    GError  **error);

/* The organization's own AI provider (base URL, model, key): Owners
 * and Admins. Asking the assistant is any member's. */
gboolean kt_policy_may_manage_ai (KtRole    role,
                                  GError  **error);

/* The data rules above as the store's write path calls them. */
const KtChangePolicy *kt_policy_changes (void);

G_END_DECLS
