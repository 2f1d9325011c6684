/* test-sync-format.c: the words of the sync toasts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "kt-sync-format.h"

/* The toast of an edit that lost: the fields by their labels, the
 * record's own keys too. */
static void
test_superseded (void)
{
  const char *fields[] = { "city", "deleted", "owner_id", NULL };
  g_autofree char *text = kt_sync_format_superseded ("contact", "Ivan Petrov", fields);
  g_autofree char *untitled = kt_sync_format_superseded ("contact", "", fields + 2);

  g_assert_cmpstr (text, ==, "Your change of “Ivan Petrov” (City, Deleted, Owner) "
                             "was replaced by a newer one made elsewhere");
  g_assert_cmpstr (untitled, ==, "Your change of “A record” (Owner) "
                                 "was replaced by a newer one made elsewhere");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sync-format/superseded", test_superseded);

  return g_test_run ();
}
