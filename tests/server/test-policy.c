/* test-policy.c: who may do what, apart from the database
 *
 * server/auth/kt-policy.c holds every permission rule; the REST and sync
 * tests (test-roles, test-owner, test-team) show them through requests.
 * These pin the whole table, role by role, and the answer each refusal
 * gives, without a PostgreSQL, so that a rule changed by mistake shows
 * here even where no request test covers its row.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "kantora-shared.h"
#include "kt-policy.h"
#include "kt-server-error.h"

#define ME    "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a51"
#define OTHER "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a52"

static void
test_may_write (void)
{
  static const struct {
    KtRole      role;
    gboolean    exists;
    const char *owner;
    const char *assignee;
    gboolean    allowed;
  } cases[] = {
    { KT_ROLE_OWNER,   TRUE,  OTHER, NULL,  TRUE },
    { KT_ROLE_ADMIN,   TRUE,  OTHER, NULL,  TRUE },
    { KT_ROLE_MANAGER, TRUE,  OTHER, NULL,  TRUE },
    { KT_ROLE_USER,    FALSE, NULL,  NULL,  TRUE },   /* creating */
    { KT_ROLE_USER,    TRUE,  ME,    NULL,  TRUE },   /* its own */
    { KT_ROLE_USER,    TRUE,  OTHER, ME,    TRUE },   /* assigned to it */
    { KT_ROLE_USER,    TRUE,  OTHER, OTHER, FALSE },
    { KT_ROLE_USER,    TRUE,  OTHER, NULL,  FALSE },
    { KT_ROLE_USER,    TRUE,  NULL,  NULL,  FALSE },  /* nobody's */
    { KT_ROLE_NONE,    FALSE, NULL,  NULL,  FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      gboolean ok = kt_policy_may_write (cases[i].role, ME, cases[i].exists, cases[i].owner,
                                         cases[i].assignee, &error);

      g_test_message ("case %u", i);
      g_assert_cmpint (ok, ==, cases[i].allowed);
      if (ok)
        g_assert_no_error (error);
      else
        {
          g_assert_error (error, KT_SERVER_ERROR, KT_SERVER_ERROR_PERMISSION);
          g_assert_cmpuint (kt_server_error_status (error), ==, 403);
          g_assert_cmpstr (kt_server_error_code (error), ==, "permission");
        }
    }
}

static void
test_may_set_owner (void)
{
  g_autoptr(GError) error = NULL;

  for (KtRole role = KT_ROLE_MANAGER; role <= KT_ROLE_OWNER; role++)
    g_assert_true (kt_policy_may_set_owner (role, ME, OTHER, NULL));
  /* Naming the same owner again is no change. */
  g_assert_true (kt_policy_may_set_owner (KT_ROLE_USER, ME, ME, NULL));

  g_assert_false (kt_policy_may_set_owner (KT_ROLE_USER, ME, OTHER, &error));
  g_assert_error (error, KT_SERVER_ERROR, KT_SERVER_ERROR_PERMISSION);
  g_assert_cmpstr (kt_server_error_get_field (error), ==, KT_META_OWNER);
}

static void
test_team (void)
{
  g_autoptr(GError) error = NULL;

  /* Managing the team and the organization: Owners and Admins. */
  for (KtRole role = KT_ROLE_NONE; role <= KT_ROLE_OWNER; role++)
    {
      g_assert_cmpint (kt_policy_may_manage_team (role, NULL), ==, role >= KT_ROLE_ADMIN);
      g_assert_cmpint (kt_policy_may_change_organization (role, NULL), ==, role >= KT_ROLE_ADMIN);
    }
  g_assert_false (kt_policy_may_manage_team (KT_ROLE_MANAGER, &error));
  g_assert_error (error, KT_SERVER_ERROR, KT_SERVER_ERROR_FORBIDDEN);
  g_clear_error (&error);

  /* Only an Owner invites, changes, removes or makes an Owner. */
  g_assert_true (kt_policy_may_invite_as (KT_ROLE_ADMIN, KT_ROLE_ADMIN, NULL));
  g_assert_true (kt_policy_may_invite_as (KT_ROLE_OWNER, KT_ROLE_OWNER, NULL));
  g_assert_false (kt_policy_may_invite_as (KT_ROLE_ADMIN, KT_ROLE_OWNER, &error));
  g_assert_error (error, KT_SERVER_ERROR, KT_SERVER_ERROR_FORBIDDEN);
  g_clear_error (&error);

  g_assert_true (kt_policy_may_change_member (KT_ROLE_ADMIN, KT_ROLE_USER, KT_ROLE_MANAGER, NULL));
  g_assert_true (kt_policy_may_change_member (KT_ROLE_ADMIN, KT_ROLE_USER, KT_ROLE_NONE, NULL));
  g_assert_true (kt_policy_may_change_member (KT_ROLE_OWNER, KT_ROLE_OWNER, KT_ROLE_NONE, NULL));
  g_assert_true (kt_policy_may_change_member (KT_ROLE_OWNER, KT_ROLE_ADMIN, KT_ROLE_OWNER, NULL));
  g_assert_false (kt_policy_may_change_member (KT_ROLE_ADMIN, KT_ROLE_OWNER, KT_ROLE_USER, &error));
  g_assert_error (error, KT_SERVER_ERROR, KT_SERVER_ERROR_FORBIDDEN);
  g_clear_error (&error);
  g_assert_false (kt_policy_may_change_member (KT_ROLE_ADMIN, KT_ROLE_ADMIN, KT_ROLE_OWNER, &error));
  g_assert_error (error, KT_SERVER_ERROR, KT_SERVER_ERROR_FORBIDDEN);
}

/* The store's write path calls exactly these rules. */
static void
test_changes (void)
{
  const KtChangePolicy *policy = kt_policy_changes ();

  g_assert_true (policy->may_write == kt_policy_may_write);
  g_assert_true (policy->may_set_owner == kt_policy_may_set_owner);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/policy/may-write", test_may_write);
  g_test_add_func ("/policy/may-set-owner", test_may_set_owner);
  g_test_add_func ("/policy/team", test_team);
  g_test_add_func ("/policy/changes", test_changes);

  return g_test_run ();
}
