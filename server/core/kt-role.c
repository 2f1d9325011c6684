/* kt-role.c: a member's role in an organization
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-role"

#include "config.h"

#include "kt-role.h"

static const char * const role_names[] = {
  [KT_ROLE_NONE]    = "none",
  [KT_ROLE_USER]    = "user",
  [KT_ROLE_MANAGER] = "manager",
  [KT_ROLE_ADMIN]   = "admin",
  [KT_ROLE_OWNER]   = "owner",
};

const char *
kt_role_to_string (KtRole role)
{
  g_return_val_if_fail (role <= KT_ROLE_OWNER, "none");
  return role_names[role];
}

KtRole
kt_role_from_string (const char *text)
{
  for (guint i = KT_ROLE_USER; i <= KT_ROLE_OWNER; i++)
    if (g_strcmp0 (text, role_names[i]) == 0)
      return (KtRole) i;
  return KT_ROLE_NONE;
}
