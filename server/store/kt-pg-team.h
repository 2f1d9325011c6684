/* kt-pg-team.h: team members and invitations as stored
 *
 * The rows of team_members: the list and one member as the API shows
 * them, invitations, joining, role changes and removals. Who may do which
 * is server/auth/kt-policy.h's; the rules of the team (one owner remains,
 * nobody is invited as an owner) are the routes' and the entity's.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kt-pg.h"

G_BEGIN_DECLS

/* How long an invitation can be accepted (SQL interval text). */
#define KT_PG_INVITATION_DAYS "7"

/* One member row, locked by kt_pg_team_lock_member(). */
typedef struct {
  char *id;
  char *role;
  char *user_id;         /* NULL: an invitation nobody accepted yet */
  char *status;          /* NULL when locked by user (always "active") */
  char *invited_email;   /* likewise */
} KtPgMember;

void      kt_pg_member_clear               (KtPgMember *member);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (KtPgMember, kt_pg_member_clear)

/* {"members": [...]}: everyone not removed, in joining order. */
char     *kt_pg_team_members_json          (KtPg        *pg,
                                            const char  *org_id,
                                            GError     **error);
/* One member as in the list, or NULL with a 404 error. */
char     *kt_pg_team_member_json           (KtPg        *pg,
                                            const char  *org_id,
                                            const char  *member_id,
                                            GError     **error);
/* Locks the active owners and returns how many there are, or -1. */
gint      kt_pg_team_lock_owners           (KtPg        *pg,
                                            const char  *org_id,
                                            GError     **error);
/* Locks member @member_id (not removed) of @org_id, or, with
 * @member_id NULL, @user_id's active membership. @out->id stays NULL
 * when there is no such member. */
gboolean  kt_pg_team_lock_member           (KtPg        *pg,
                                            const char  *org_id,
                                            const char  *member_id,
                                            const char  *user_id,
                                            KtPgMember  *out,
                                            GError     **error);
gboolean  kt_pg_team_set_role              (KtPg        *pg,
                                            const char  *org_id,
                                            const char  *member_id,
                                            const char  *role,
                                            GError     **error);
gboolean  kt_pg_team_remove                (KtPg        *pg,
                                            const char  *org_id,
                                            const char  *member_id,
                                            GError     **error);
/* The registering person, owner of the new organization. */
gboolean  kt_pg_team_add_owner             (KtPg        *pg,
                                            const char  *org_id,
                                            const char  *member_id,
                                            const char  *user_id,
                                            GError     **error);
/* Whether @email (any case) is an active member of @org_id or holds an
 * invitation to it that has not expired. */
gboolean  kt_pg_team_has_member_or_invitation (KtPg        *pg,
                                               const char  *org_id,
                                               const char  *email,
                                               gboolean    *out_found,
                                               GError     **error);
gboolean  kt_pg_team_invite                (KtPg        *pg,
                                            const char  *org_id,
                                            const char  *member_id,
                                            const char  *role,
                                            const char  *email,
                                            const char  *token_hash,
                                            const char  *invited_by,
                                            GError     **error);
/* The open invitation of @token_hash, locked: its organization, member
 * row and address; all NULL when there is none (unknown, expired or
 * accepted). */
gboolean  kt_pg_team_lock_invitation       (KtPg        *pg,
                                            const char  *token_hash,
                                            char       **out_org_id,
                                            char       **out_member_id,
                                            char       **out_email,
                                            GError     **error);
/* Whether @user_id is already active in @org_id under another member
 * row than @member_id. */
gboolean  kt_pg_team_is_member_elsewhere   (KtPg        *pg,
                                            const char  *org_id,
                                            const char  *member_id,
                                            const char  *user_id,
                                            gboolean    *out_found,
                                            GError     **error);
/* The invitation @member_id becomes @user_id's active membership. */
gboolean  kt_pg_team_accept                (KtPg        *pg,
                                            const char  *org_id,
                                            const char  *member_id,
                                            const char  *user_id,
                                            GError     **error);
/* The organization @user_id logs into: @org_id when it is an active
 * member there (any when @org_id is NULL: the oldest membership); NULL
 * without error when there is none. */
char     *kt_pg_team_login_organization    (KtPg        *pg,
                                            const char  *user_id,
                                            const char  *org_id,
                                            GError     **error);

G_END_DECLS
