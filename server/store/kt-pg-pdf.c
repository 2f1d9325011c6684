/* kt-pg-pdf.c: what the PDF routes and the mail jobs read
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-pg-pdf"

#include "config.h"

#include <glib/gi18n.h>

#include "kt-pg-accounts.h"
#include "kt-pg-change.h"
#include "kt-pg-pdf.h"
#include "kt-pg-schema.h"
#include "kt-server-error.h"

static void
set_not_found (const char  *what,
               GError     **error)
{
  g_set_error (error, KT_SERVER_ERROR, KT_SERVER_ERROR_NOT_FOUND, _("There is no %s with this id"), what);
}

/* The stamp's statement and its name; its parameters are the
 * organization and the document's id. */
static char *
stamp_sql (const KtEntity  *document,
           const KtEntity  *item,
           char           **name)
{
  const KtPgTable *doc_table = kt_pg_schema_lookup_entity (document);
  const KtPgTable *item_table = kt_pg_schema_lookup_entity (item);
  const KtPgTable *templates_table = kt_pg_schema_lookup_entity (KT_ENTITY_DOCUMENT_TEMPLATE);
  gboolean credits = kt_entity_get_field (document, "credited_invoice_id") != NULL;
  g_autofree char *credited = NULL;

  g_return_val_if_fail (doc_table != NULL && item_table != NULL, NULL);
  g_return_val_if_fail (item->parent_field != NULL, NULL);

  /* The names come from the static model, never from a request. */
  credited = credits
    ? g_strdup_printf ("(SELECT c.hlc FROM %s c WHERE c.org_id = d.org_id AND c.id = d.credited_invoice_id)",
                       doc_table->name)
    : g_strdup ("''");

  /* The organization's default templates too (any kind: there are a
   * few), so that editing, marking or deleting one changes the stamp. */
  *name = g_strdup_printf ("pdf_stamp_%s", document->name);
  return g_strdup_printf ("SELECT concat_ws('|', d.hlc,"
                          " (SELECT string_agg(i.id::text || '@' || i.hlc, ',' ORDER BY i.id)"
                          "  FROM %s i WHERE i.org_id = d.org_id AND i.\"%s\" = d.id),"
                          " %s, o.updated_at::text,"
                          " (SELECT string_agg(t.id::text || '@' || t.hlc, ',' ORDER BY t.id)"
                          "  FROM %s t WHERE t.org_id = d.org_id AND t.is_default AND NOT t.deleted)) "
                          "FROM %s d JOIN organizations o ON o.org_id = d.org_id "
                          "WHERE d.org_id = $1::uuid AND d.id = $2::uuid AND NOT d.deleted",
                          item_table->name, item->parent_field, credited, templates_table->name,
                           doc_table->name);
}

/* The session's statement, as kt_pg_sessions_find() prepares it. */
static const char session_sql[] = KT_PG_SESSION_SQL ("$1");

/* The session of @session_hash alone, for a request whose id is not even
 * a uuid (no document, a 404, not a database error): the caller still
 * answers 401 before 404. */
static gboolean
read_session (KtPg         *pg,
              const char   *session_hash,
              KtPgSession  *session,
              GError      **error)
{
  if (session_hash == NULL)
    return TRUE;
  return kt_pg_sessions_find (pg, session_hash, session, error);
}

char *
kt_pg_pdf_stamp (KtPg           *pg,
                 const KtEntity *document,
                 const KtEntity *item,
                 const char     *org_id,
                 const char     *id,
                 const char     *session_hash,
                 KtPgSession    *session,
                 GError        **error)
{
  g_autofree char *name = NULL;
  g_autofree char *sql = NULL;
  const char *params[] = { org_id, id };
  const char *session_params[] = { session_hash };
  KtPgStatement statements[2];
  PGresult *results[2];
  char *stamp = NULL;

  if (!kt_uuid_is_valid (id))
    {
      if (read_session (pg, session_hash, session, error))
        set_not_found (document->name, error);
      return NULL;
    }
  sql = stamp_sql (document, item, &name);
  if (session_hash == NULL)
    return kt_pg_query_one (pg, name, sql, G_N_ELEMENTS (params), params, document->name, error);

  statements[0] = (KtPgStatement) { "authenticate", session_sql, 1, session_params };
  statements[1] = (KtPgStatement) { name, sql, 2, params };
  if (!kt_pg_exec_pipeline (pg, statements, G_N_ELEMENTS (statements), results, error))
    return NULL;
  kt_pg_session_from_result (session, results[0]);
  if (PQntuples (results[1]) == 0 || kt_pg_value (results[1], 0, 0) == NULL)
    set_not_found (document->name, error);
  else
    stamp = g_strdup (kt_pg_value (results[1], 0, 0));
  PQclear (results[0]);
  PQclear (results[1]);
  return stamp;
}

void
kt_pg_pdf_records_clear (KtPgPdfRecords *records)
{
  g_clear_object (&records->document);
  g_clear_pointer (&records->items, g_ptr_array_unref);
  g_clear_object (&records->credited);
  g_clear_pointer (&records->seller, json_object_unref);
  g_clear_pointer (&records->templates, g_ptr_array_unref);
}

gboolean
kt_pg_pdf_load (KtPg            *pg,
                const KtEntity  *document,
                const KtEntity  *item,
                const char      *org_id,
                const char      *id,
                KtPgPdfRecords  *records,
                GError         **error)
{
  g_autofree char *org_json = NULL;
  g_autoptr(JsonNode) org = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *credited_id;

  records->document = kt_pg_load_record (pg, document, org_id, id, FALSE, &local_error);
  if (records->document == NULL || kt_record_get_deleted (records->document))
    {
      if (local_error != NULL)
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        set_not_found (document->name, error);
      return FALSE;
    }
  records->items = kt_pg_load_live (pg, item, org_id, item->parent_field, id, error);
  if (records->items == NULL)
    return FALSE;
  credited_id = kt_entity_get_field (document, "credited_invoice_id") != NULL
                ? kt_record_get_string (records->document, "credited_invoice_id") : NULL;
  if (credited_id != NULL && *credited_id != '\0')
    {
      records->credited = kt_pg_load_record (pg, document, org_id, credited_id, FALSE, &local_error);
      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
    }
  org_json = kt_pg_organizations_json (pg, org_id, error);
  if (org_json == NULL)
    return FALSE;
  org = json_from_string (org_json, error);
  if (org == NULL)
    return FALSE;
  records->seller = json_object_ref (json_node_get_object (org));
  records->templates = kt_pg_load_live (pg, KT_ENTITY_DOCUMENT_TEMPLATE, org_id, "is_default",
                                        "true", error);
  return records->templates != NULL;
}

/* The statements of kt_pg_pdf_read_snapshot(), in this order. */
enum {
  SNAP_BEGIN,
  SNAP_SESSION,
  SNAP_STAMP,
  SNAP_DOCUMENT,
  SNAP_ITEMS,
  SNAP_CREDITED,
  SNAP_ORGANIZATION,
  SNAP_TEMPLATES,
  SNAP_COMMIT,
  N_SNAP
};

/* The credited invoice by the document's own column, so that it is read
 * in the same round trip; no row when the document names none. */
static char *
credited_sql (const KtEntity  *document,
              char           **name)
{
  const KtPgTable *table = kt_pg_schema_lookup_entity (document);

  *name = g_strdup_printf ("pdf_credited_%s", document->name);
  return g_strdup_printf ("SELECT %s FROM %s t WHERE t.org_id = $1::uuid AND t.id = "
                          "(SELECT c.credited_invoice_id FROM %s c WHERE c.org_id = $1::uuid AND c.id = $2::uuid)",
                          table->record_columns, table->name, table->name);
}

static gboolean
snapshot_records (const KtEntity  *document,
                  const KtEntity  *item,
                  PGresult       **results,
                  char           **stamp,
                  KtPgPdfRecords  *records,
                  GError         **error)
{
  g_autoptr(JsonNode) org = NULL;
  PGresult *res = results[SNAP_STAMP];

  /* No stamp: no live document of this organization. */
  if (PQntuples (res) == 0 || kt_pg_value (res, 0, 0) == NULL)
    {
      set_not_found (document->name, error);
      return FALSE;
    }
  *stamp = g_strdup (kt_pg_value (res, 0, 0));

  records->document = kt_pg_record_from_result (document, results[SNAP_DOCUMENT], error);
  if (records->document == NULL)
    {
      if (error == NULL || *error == NULL)
        set_not_found (document->name, error);
      return FALSE;
    }
  records->items = kt_pg_records_from_result (item, results[SNAP_ITEMS], error);
  if (records->items == NULL)
    return FALSE;
  if (results[SNAP_CREDITED] != NULL && PQntuples (results[SNAP_CREDITED]) > 0)
    {
      records->credited = kt_pg_record_from_result (document, results[SNAP_CREDITED], error);
      if (records->credited == NULL)
        return FALSE;
    }
  res = results[SNAP_ORGANIZATION];
  if (PQntuples (res) == 0 || kt_pg_value (res, 0, 0) == NULL)
    {
      set_not_found ("organization", error);
      return FALSE;
    }
  org = json_from_string (kt_pg_value (res, 0, 0), error);
  if (org == NULL)
    return FALSE;
  records->seller = json_object_ref (json_node_get_object (org));
  records->templates = kt_pg_records_from_result (KT_ENTITY_DOCUMENT_TEMPLATE, results[SNAP_TEMPLATES], error);
  return records->templates != NULL;
}

gboolean
kt_pg_pdf_read_snapshot (KtPg            *pg,
                         const KtEntity  *document,
                         const KtEntity  *item,
                         const char      *org_id,
                         const char      *id,
                         const char      *session_hash,
                         KtPgSession     *session,
                         char           **stamp,
                         KtPgPdfRecords  *records,
                         GError         **error)
{
  g_autofree char *stamp_name = NULL;
  g_autofree char *doc_name = NULL;
  g_autofree char *items_name = NULL;
  g_autofree char *credited_name = NULL;
  g_autofree char *templates_name = NULL;
  g_autofree char *stamp_text = NULL;
  g_autofree char *doc_text = NULL;
  g_autofree char *items_text = NULL;
  g_autofree char *credited_text = NULL;
  g_autofree char *templates_text = NULL;
  const char *org_name;
  const char *org_text = kt_pg_organizations_json_sql (&org_name);
  const char *params[] = { org_id, id };
  const char *template_params[] = { org_id, "true" };
  const char *session_params[] = { session_hash };
  const KtPgStatement session_statement = { "authenticate", session_sql, 1, session_params };
  KtPgStatement statements[N_SNAP] = { { 0, }, };
  PGresult *results[N_SNAP];
  gboolean ok;

  if (!kt_uuid_is_valid (id))
    {
      if (read_session (pg, session_hash, session, error))
        set_not_found (document->name, error);
      return FALSE;
    }

  stamp_text = stamp_sql (document, item, &stamp_name);
  doc_text = kt_pg_load_record_sql (document, FALSE, &doc_name);
  items_text = kt_pg_load_live_sql (item, item->parent_field, &items_name);
  templates_text = kt_pg_load_live_sql (KT_ENTITY_DOCUMENT_TEMPLATE, "is_default", &templates_name);

  statements[SNAP_BEGIN] = (KtPgStatement) { NULL, "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY", 0, NULL };
  statements[SNAP_SESSION] = (KtPgStatement) { NULL, "SELECT 1 WHERE false", 0, NULL };
  if (session_hash != NULL)
    statements[SNAP_SESSION] = session_statement;
  statements[SNAP_STAMP] = (KtPgStatement) { stamp_name, stamp_text, 2, params };
  statements[SNAP_DOCUMENT] = (KtPgStatement) { doc_name, doc_text, 2, params };
  statements[SNAP_ITEMS] = (KtPgStatement) { items_name, items_text, 2, params };
  /* Only documents that credit another have the column: for the others
   * a statement without rows keeps the indexes fixed. */
  statements[SNAP_CREDITED] = (KtPgStatement) { NULL, "SELECT 1 WHERE false", 0, NULL };
  if (kt_entity_get_field (document, "credited_invoice_id") != NULL)
    {
      credited_text = credited_sql (document, &credited_name);
      statements[SNAP_CREDITED] = (KtPgStatement) { credited_name, credited_text, 2, params };
    }
  statements[SNAP_ORGANIZATION] = (KtPgStatement) { org_name, org_text, 1, params };
  statements[SNAP_TEMPLATES] = (KtPgStatement) { templates_name, templates_text, 2, template_params };
  statements[SNAP_COMMIT] = (KtPgStatement) { NULL, "COMMIT", 0, NULL };

  if (!kt_pg_exec_pipeline (pg, statements, N_SNAP, results, error))
    return FALSE;
  if (session_hash != NULL)
    kt_pg_session_from_result (session, results[SNAP_SESSION]);
  ok = snapshot_records (document, item, results, stamp, records, error);
  for (guint i = 0; i < N_SNAP; i++)
    PQclear (results[i]);
  return ok;
}

GPtrArray *
kt_pg_pdf_recent_issued (KtPg            *pg,
                         const KtEntity  *document,
                         const char      *org_id,
                         guint            limit,
                         GError         **error)
{
  const KtPgTable *table = kt_pg_schema_lookup_entity (document);
  g_autofree char *name = g_strdup_printf ("pdf_recent_issued_%s", document->name);
  g_autofree char *sql = NULL;
  g_autofree char *limit_text = g_strdup_printf ("%u", limit);
  const char *params[] = { org_id, limit_text };
  GPtrArray *ids;
  PGresult *res;

  g_return_val_if_fail (table != NULL, NULL);

  /* The names come from the static model; an offer has no "cancelled". */
  sql = g_strdup_printf ("SELECT id::text FROM %s WHERE org_id = $1::uuid AND NOT deleted"
                         " AND status IS NOT NULL AND status NOT IN ('draft', 'cancelled')"
                         " ORDER BY hlc DESC LIMIT $2::int", table->name);
  res = kt_pg_exec (pg, name, sql, G_N_ELEMENTS (params), params, error);
  if (res == NULL)
    return NULL;
  ids = g_ptr_array_new_full (PQntuples (res), g_free);
  for (int i = 0; i < PQntuples (res); i++)
    g_ptr_array_add (ids, g_strdup (PQgetvalue (res, i, 0)));
  PQclear (res);
  return ids;
}
