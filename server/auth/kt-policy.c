/* kt-policy.c: who may do what in an organization
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-policy"

#include "config.h"

#include <glib/gi18n.h>

#include "kantora-shared.h"
#include "kt-policy.h"
#include "kt-server-error.h"

gboolean
kt_policy_may_write (KtRole       role,
                     const char  *user_id,
                     gboolean     exists,
                     const char  *owner_id,
                     const char  *assignee_id,
                     GError     **error)
{
  if (role >= KT_ROLE_MANAGER)
    return TRUE;
  if (role == KT_ROLE_USER)
    {
      /* Users create freely, and change what they own or are assigned. */
      if (!exists)
        return TRUE;
      if (g_strcmp0 (owner_id, user_id) == 0)
        return TRUE;
      if (assignee_id != NULL && g_strcmp0 (assignee_id, user_id) == 0)
        return TRUE;
    }
  g_set_error (error, KT_SERVER_ERROR, KT_SERVER_ERROR_PERMISSION,
               _("You may only change records you own or are assigned to"));
  return FALSE;
}

/* Reassigning is for the roles that manage the team's work; a User may
 * only name itself, which is what a new record of its own has anyway. */
gboolean
kt_policy_may_set_owner (KtRole       role,
                         const char  *previous,
                         const char  *owner,
                         GError     **error)
{
  if (role >= KT_ROLE_MANAGER || g_strcmp0 (owner, previous) == 0)
    return TRUE;

  kt_server_set_field_error (error, KT_SERVER_ERROR_PERMISSION, KT_META_OWNER,
                             _("You may not change “%s”: only an Owner, Admin or Manager "
                               "may give a record to someone else"), KT_META_OWNER);
  return FALSE;
}

gboolean
kt_policy_may_manage_team (KtRole    role,
                           GError  **error)
{
  if (role >= KT_ROLE_ADMIN)
    return TRUE;
  g_set_error (error, KT_SERVER_ERROR, KT_SERVER_ERROR_FORBIDDEN,
               _("Only owners and admins may manage the team"));
  return FALSE;
}

gboolean
kt_policy_may_manage_billing (KtRole    role,
                              GError  **error)
{
  if (role >= KT_ROLE_ADMIN)
    return TRUE;
  g_set_error (error, KT_SERVER_ERROR, KT_SERVER_ERROR_FORBIDDEN,
               _("Only owners and admins may see and change the organization’s plan"));
  return FALSE;
}

gboolean
kt_policy_may_manage_org_stripe (KtRole    role,
                                 GError  **error)
{
  if (role >= KT_ROLE_OWNER)
    return TRUE;
  g_set_error (error, KT_SERVER_ERROR, KT_SERVER_ERROR_FORBIDDEN,
               _("Only owners may manage the organization’s own Stripe account"));
  return FALSE;
}

gboolean
kt_policy_may_manage_jobs (KtRole    role,
                           GError  **error)
{
  if (role >= KT_ROLE_ADMIN)
    return TRUE;
  g_set_error (error, KT_SERVER_ERROR, KT_SERVER_ERROR_FORBIDDEN,
               _("Only owners and admins may see and retry the organization’s jobs"));
  return FALSE;
}

/* Nobody is invited as an owner in the end (the team_member entity's rule
 * refuses it), but an Admin trying is told that it is not theirs to do. */
gboolean
kt_policy_may_invite_as (KtRole    role,
                         KtRole    invited,
                         GError  **error)
{
  if (invited != KT_ROLE_OWNER || role == KT_ROLE_OWNER)
    return TRUE;
  g_set_error (error, KT_SERVER_ERROR, KT_SERVER_ERROR_FORBIDDEN,
               _("Only owners may invite owners"));
  return FALSE;
}

gboolean
kt_policy_may_change_member (KtRole    role,
                             KtRole    current,
                             KtRole    new_role,
                             GError  **error)
{
  if (current == KT_ROLE_OWNER && role != KT_ROLE_OWNER)
    {
      g_set_error (error, KT_SERVER_ERROR, KT_SERVER_ERROR_FORBIDDEN,
                   _("Only owners may change or remove owners"));
      return FALSE;
    }
  if (new_role == KT_ROLE_OWNER && role != KT_ROLE_OWNER)
    {
      g_set_error (error, KT_SERVER_ERROR, KT_SERVER_ERROR_FORBIDDEN,
                   _("Only owners may make someone an owner"));
      return FALSE;
    }
  return TRUE;
}

gboolean
kt_policy_may_change_organization (KtRole    role,
                                   GError  **error)
{
  if (role >= KT_ROLE_ADMIN)
    return TRUE;
  g_set_error (error, KT_SERVER_ERROR, KT_SERVER_ERROR_FORBIDDEN,
               _("Only owners and admins may change the organization"));
  return FALSE;
}

gboolean
kt_policy_may_manage_ai (KtRole    role,
                         GError  **error)
{
  if (role >= KT_ROLE_ADMIN)
    return TRUE;
  g_set_error (error, KT_SERVER_ERROR, KT_SERVER_ERROR_FORBIDDEN,
               _("Only owners and admins may choose the organization’s AI provider"));
  return FALSE;
}

gboolean
kt_policy_may_change_numbering (KtRole    role,
                                GError  **error)
{
  if (role >= KT_ROLE_ADMIN)
    return TRUE;
  g_set_error (error, KT_SERVER_ERROR, KT_SERVER_ERROR_FORBIDDEN,
               _("Only owners and admins may change the document numbering"));
  return FALSE;
}

const KtChangePolicy *
kt_policy_changes (void)
{
  static const KtChangePolicy policy = {
    .may_write = kt_policy_may_write,
    .may_set_owner = kt_policy_may_set_owner,
  };

  return &policy;
}
