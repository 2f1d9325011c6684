/* fuzz-query.c: the list route's query string
 * (server/routes/kt-route-records.c, server/store/kt-pg-records.c)
 *
 * The first byte picks the resource; the rest is the query string of
 * GET /v1/<plural>?..., decoded by libsoup as the server does, then read
 * by the route (page, per_page, sort, search, filters) and turned into
 * the statement and parameters the database would get. The statement
 * names only columns of the table: no text of the query string may end
 * up in it, only in the parameters.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "kt-fuzz.h"

#include <libsoup/soup.h>

#include "kantora-shared.h"
#include "kt-pg-schema.h"
#include "kt-routes.h"

static GPtrArray *tables;

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  kt_fuzz_init ();
  kt_pg_schema_init ();
  tables = g_ptr_array_new ();
  for (const KtEntity * const *e = kt_entity_all (); *e != NULL; e++)
    if (kt_pg_schema_lookup_entity (*e) != NULL)
      g_ptr_array_add (tables, (gpointer) *e);
  if (tables->len == 0)
    g_error ("no entity has a table");
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autoptr(KtRequest) req = kt_request_new ();
  g_autofree char *text = NULL;
  g_autofree char *path = NULL;
  g_autofree char *sql = NULL;
  g_autoptr(GHashTable) filters = NULL;
  g_autoptr(GPtrArray) params = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  const KtEntity *entity;
  const KtPgTable *table;
  KtListQuery query = { 0, };

  if (size < 1)
    return 0;
  entity = tables->pdata[data[0] % tables->len];
  table = kt_pg_schema_lookup_entity (entity);
  text = kt_fuzz_strdup (data + 1, size - 1);

  req->method = g_strdup ("GET");
  path = g_strconcat ("/v1/", entity->plural, NULL);
  kt_request_set_path (req, path);
  req->query = soup_form_decode (text);

  if (!kt_route_records_parse_query (req, &query, &error))
    {
      if (error == NULL)
        g_error ("kt_route_records_parse_query failed without an error");
      kt_request_respond_error (req, error);
      return 0;
    }
  filters = query.filters;

  sql = kt_pg_records_list_sql (table, "token-hash", &query, params, &error);
  if (sql == NULL)
    {
      if (error == NULL)
        g_error ("kt_pg_records_list_sql failed without an error");
      kt_request_respond_error (req, error);
      return 0;
    }
  if (!g_utf8_validate (sql, -1, NULL) || strchr (sql, ';') != NULL || strstr (sql, "--") != NULL)
    g_error ("the statement holds text of the query string:\n%s", sql);
  for (guint i = 0; i < params->len; i++)
    if (params->pdata[i] == NULL)
      g_error ("parameter %u is NULL", i + 1);
  return 0;
}
