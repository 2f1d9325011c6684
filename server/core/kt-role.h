/* kt-role.h: a member's role in an organization
 *
 * Below every other server layer: the store writes it into a change's
 * context, the policy (server/auth/kt-policy.h) decides with it, and the
 * routes read it from the session.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Ordered: a role can do everything the ones below it can. */
typedef enum {
  KT_ROLE_NONE = 0,
  KT_ROLE_USER,
  KT_ROLE_MANAGER,
  KT_ROLE_ADMIN,
  KT_ROLE_OWNER,
} KtRole;

const char *kt_role_to_string   (KtRole role);
KtRole      kt_role_from_string (const char *text);

G_END_DECLS
