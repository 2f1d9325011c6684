/* kt-store-fixture-schema.c: prints the SQL of a fresh store's schema
 *
 * The start of a tests/store/fixtures/vN.sql file (see README.md).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "kt-store-private.h"

int
main (void)
{
  g_autofree char *schema = kt_store_generate_schema ();

  g_print ("-- A Kantora store at schema version %d, as the code of that version\n"
           "-- made it (kt_store_generate_schema), with a few rows. Frozen: never\n"
           "-- edit; add vN.sql for each new version (see tests/store/README.md).\n"
           "PRAGMA application_id = %d;\n%s",
           KT_STORE_SCHEMA_VERSION, KT_STORE_APPLICATION_ID, schema);
  return 0;
}
