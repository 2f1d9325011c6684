/* kt-pg-pdf.c: what the PDF routes read
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-pg-pdf"

#include "config.h"

#include <glib/gi18n.h>

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

  sql = g_strdup_printf ("SELECT concat_ws('|', d.hlc,"
                         " (SELECT string_agg(i.id::text || '@' || i.hlc, ',' ORDER BY i.id)"
                         "  FROM %s i WHERE i.org_id = d.org_id AND i.\"%s\" = d.id),"
                         " %s, o.updated_at::text) "
                         "FROM %s d JOIN organizations o ON o.org_id = d.org_id "
                         "WHERE d.org_id = $1::uuid AND d.id = $2::uuid AND NOT d.deleted",
                         item_table->name, item->parent_field, credited, doc_table->name);
  name = g_strdup_printf ("pdf_stamp_%s", document->name);
  return kt_pg_query_one (pg, name, sql, G_N_ELEMENTS (params), params, document->name, error);
}
