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

char *
kt_pg_pdf_stamp (KtPg           *pg,
                 const KtEntity *document,
                 const KtEntity *item,
                 const char     *org_id,
                 const char     *id,
                 GError        **error)
{
  const KtPgTable *doc_table = kt_pg_schema_lookup_entity (document);
  const KtPgTable *item_table = kt_pg_schema_lookup_entity (item);
  const KtPgTable *templates_table = kt_pg_schema_lookup_entity (KT_ENTITY_DOCUMENT_TEMPLATE);
  gboolean credits = kt_entity_get_field (document, "credited_invoice_id") != NULL;
  g_autofree char *sql = NULL;
  g_autofree char *name = NULL;
  g_autofree char *credited = NULL;
  const char *params[] = { org_id, id };

  g_return_val_if_fail (doc_table != NULL && item_table != NULL, NULL);
  g_return_val_if_fail (item->parent_field != NULL, NULL);

  /* A text that is not a uuid is no document (404), not a database
   * error. */
  if (!kt_uuid_is_valid (id))
    {
      g_set_error (error, KT_SERVER_ERROR, KT_SERVER_ERROR_NOT_FOUND,
                   _("There is no %s with this id"), document->name);
      return NULL;
    }

  /* The names come from the static model, never from a request. */
  credited = credits
    ? g_strdup_printf ("(SELECT c.hlc FROM %s c WHERE c.org_id = d.org_id AND c.id = d.credited_invoice_id)",
                       doc_table->name)
    : g_strdup ("''");

  /* The organization's default templates too (any kind: there are a
   * few), so that editing, marking or deleting one changes the stamp. */
  sql = g_strdup_printf ("SELECT concat_ws('|', d.hlc,"
                         " (SELECT string_agg(i.id::text || '@' || i.hlc, ',' ORDER BY i.id)"
                         "  FROM %s i WHERE i.org_id = d.org_id AND i.\"%s\" = d.id),"
                         " %s, o.updated_at::text,"
                         " (SELECT string_agg(t.id::text || '@' || t.hlc, ',' ORDER BY t.id)"
                         "  FROM %s t WHERE t.org_id = d.org_id AND t.is_default AND NOT t.deleted)) "
                         "FROM %s d JOIN organizations o ON o.org_id = d.org_id "
                         "WHERE d.org_id = $1::uuid AND d.id = $2::uuid AND NOT d.deleted",
                         item_table->name, item->parent_field, credited, templates_table->name,
                         doc_table->name);
  name = g_strdup_printf ("pdf_stamp_%s", document->name);
  return kt_pg_query_one (pg, name, sql, G_N_ELEMENTS (params), params, document->name, error);
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
        g_set_error (error, KT_SERVER_ERROR, KT_SERVER_ERROR_NOT_FOUND,
                     _("There is no %s with this id"), document->name);
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
