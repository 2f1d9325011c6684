/* kt-route-documents.c: /v1/numbering and /v1/offers/{id}/convert
 *
 * The rest of the document rules run inside the one write path
 * (server/store/kt-pg-documents.c); these are the routes of their own.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-route-documents"

#include "config.h"

#include <glib/gi18n.h>

#include "kantora-shared.h"
#include "kt-pg-change.h"
#include "kt-pg-documents.h"
#include "kt-pg-records.h"
#include "kt-policy.h"
#include "kt-routes.h"
#include "kt-server-error.h"

gboolean
kt_route_numbering_get (KtRequest *req,
                        GError   **error)
{
  g_autoptr(JsonNode) json = kt_pg_numbering_get (req->pg, req->auth.org_id, error);

  if (json == NULL)
    return FALSE;
  kt_request_respond_json (req, 200, json);
  return TRUE;
}

static gboolean
numbering_in_transaction (KtRequest *req,
                          gpointer   data,
                          GError   **error)
{
  return kt_pg_numbering_update (req->pg, req->auth.org_id, data, error);
}

gboolean
kt_route_numbering_update (KtRequest *req,
                           GError   **error)
{
  static const char * const kinds[] = { "invoice", "credit_note", "offer", NULL };
  static const char * const keys[] = { "prefix", "next_number", "digits", NULL };
  g_autoptr(JsonObject) body = kt_request_read_object (req, error);

  if (body == NULL)
    return FALSE;
  if (!kt_policy_may_change_numbering (req->auth.role, error) ||
      !kt_routes_check_keys (body, kinds, error))
    return FALSE;
  for (guint i = 0; kinds[i] != NULL; i++)
    {
      JsonNode *node = json_object_get_member (body, kinds[i]);

      if (node != NULL && JSON_NODE_HOLDS_OBJECT (node) &&
          !kt_routes_check_keys (json_node_get_object (node), keys, error))
        return FALSE;
    }
  if (!kt_routes_in_transaction (req, numbering_in_transaction, body, error))
    return FALSE;
  return kt_route_numbering_get (req, error);
}

/* The writes of a conversion go through the write path like any other,
 * with the writer's role. */
static gboolean
create_record (KtRequest        *req,
               KtChangeContext  *ctx,
               KtRecord         *record,
               GError          **error)
{
  g_autoptr(JsonNode) json = kt_record_to_json (record, KT_JSON_NO_META);
  JsonObject *fields = json_node_get_object (json);
  KtChangeResult result = { 0, };
  static const char * const computed[] = { "subtotal", "discount", "net", "tax", "total", NULL };

  /* The server computes the totals itself once the lines are in. */
  for (guint i = 0; computed[i] != NULL; i++)
    json_object_remove_member (fields, computed[i]);

  if (!kt_pg_apply_change (req->pg, ctx, kt_record_get_entity (record), KT_CHANGE_CREATE,
                           kt_record_get_id (record), fields, NULL, &result, error))
    return FALSE;
  kt_change_result_clear (&result);
  return TRUE;
}

static gboolean
respond_invoice (KtRequest   *req,
                 const char  *invoice_id,
                 guint        status,
                 GError     **error)
{
  char *json = kt_pg_records_get (req->pg, kt_pg_schema_lookup_entity (KT_ENTITY_INVOICE),
                                  req->auth.org_id, invoice_id, error);

  if (json == NULL)
    return FALSE;
  kt_request_respond_text (req, status, json);
  return TRUE;
}

static gboolean
convert_in_transaction (KtRequest *req,
                        gpointer   data,
                        GError   **error)
{
  const char *offer_id = data;
  g_autoptr(KtDocuments) documents = kt_documents_new (FALSE, 0);
  g_autoptr(KtRecord) offer = NULL;
  g_autoptr(KtRecord) existing = NULL;
  g_autoptr(KtRecord) invoice = NULL;
  g_autoptr(GPtrArray) offer_items = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(JsonObject) mark = json_object_new ();
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
  g_autofree char *invoice_id = NULL;
  KtChangeContext ctx;
  KtChangeResult result = { 0, };

  kt_routes_change_context (req, &ctx);
  ctx.documents = documents;

  /* Locked: a second conversion at the same moment waits, then finds the
   * offer converted. */
  offer = kt_pg_load_record (req->pg, KT_ENTITY_OFFER, req->auth.org_id, offer_id, TRUE, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (offer == NULL || kt_record_get_deleted (offer))
    {
      g_set_error (error, KT_SERVER_ERROR, KT_SERVER_ERROR_NOT_FOUND, _("There is no %s with this id"), "offer");
      return FALSE;
    }
  if (!kt_policy_may_write (req->auth.role, req->auth.user_id, TRUE, kt_record_get_owner_id (offer),
                            NULL, error))
    return FALSE;

  /* Once only: the same invoice again. */
  if (g_strcmp0 (kt_record_get_string (offer, "status"), "converted") == 0 &&
      kt_record_has (offer, "converted_invoice_id"))
    return respond_invoice (req, kt_record_get_string (offer, "converted_invoice_id"), 200, error);

  offer_items = kt_pg_load_live (req->pg, KT_ENTITY_OFFER_ITEM, req->auth.org_id, "offer_id", offer_id, error);
  if (offer_items == NULL ||
      !kt_offer_convert (offer, offer_items, &invoice, &items, error))
    return FALSE;
  invoice_id = g_strdup (kt_record_get_id (invoice));

  /* A device that converted the offer offline made the same records (the
   * ids are derived from the offer's): they are not made twice. */
  existing = kt_pg_load_record (req->pg, KT_ENTITY_INVOICE, req->auth.org_id, invoice_id, FALSE, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (existing == NULL)
    {
      kt_record_set_string (invoice, "issue_date", today);
      if (!create_record (req, &ctx, invoice, error))
        return FALSE;
      for (guint i = 0; i < items->len; i++)
        if (!create_record (req, &ctx, g_ptr_array_index (items, i), error))
          return FALSE;
    }

  json_object_set_string_member (mark, "status", "converted");
  json_object_set_string_member (mark, "converted_invoice_id", invoice_id);
  if (!kt_pg_apply_change (req->pg, &ctx, KT_ENTITY_OFFER, KT_CHANGE_UPDATE, offer_id, mark, NULL,
                           &result, error))
    return FALSE;
  kt_change_result_clear (&result);

  if (!kt_pg_documents_settle (req->pg, &ctx, documents, error))
    return FALSE;
  kt_routes_keep_issued (req, documents);
  return respond_invoice (req, invoice_id, existing == NULL ? 201 : 200, error);
}

gboolean
kt_route_offer_convert (KtRequest *req,
                        GError   **error)
{
  if (!kt_uuid_is_valid (req->segments[1]))
    {
      g_set_error (error, KT_SERVER_ERROR, KT_SERVER_ERROR_NOT_FOUND, _("There is no %s with this id"), "offer");
      return FALSE;
    }
  return kt_routes_in_transaction (req, convert_in_transaction, (gpointer) req->segments[1], error);
}
