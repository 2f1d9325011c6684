/* kt-route-history.c: GET /v1/<plural>/{id}/history
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-route-history"

#include "config.h"

#include <glib/gi18n.h>

#include "kantora-shared.h"
#include "kt-pg-history.h"
#include "kt-pg-records.h"
#include "kt-routes.h"
#include "kt-server-error.h"

static gboolean
parse_count (KtRequest   *req,
             const char  *key,
             guint        fallback,
             guint        max,
             guint       *out,
             GError     **error)
{
  const char *text = kt_request_get_query (req, key);
  guint64 value;

  *out = fallback;
  if (text == NULL)
    return TRUE;
  if (!g_ascii_string_to_unsigned (text, 10, 1, max, &value, NULL))
    {
      kt_server_set_field_error (error, KT_SERVER_ERROR_BAD_REQUEST, key,
                                 _("“%s” must be a number from 1 to %u"), key, max);
      return FALSE;
    }
  *out = (guint) value;
  return TRUE;
}

gboolean
kt_route_records_history (KtRequest *req,
                          GError   **error)
{
  const KtEntity *entity = kt_entity_lookup_plural (req->segments[0]);
  const KtPgTable *table = entity ? kt_pg_schema_lookup_entity (entity) : NULL;
  guint page, per_page;
  char *json;

  if (table == NULL)
    {
      g_set_error (error, KT_ERROR, KT_ERROR_UNKNOWN_ENTITY,
                   _("There is no resource called “%s”"), req->segments[0]);
      return FALSE;
    }
  if (!kt_route_records_check_visible (req, entity, req->segments[1], error) ||
      !parse_count (req, "page", 1, 1000000, &page, error) ||
      !parse_count (req, "per_page", KT_LIST_DEFAULT_PER_PAGE, KT_LIST_MAX_PER_PAGE, &per_page, error))
    return FALSE;

  json = kt_pg_history_list (req->pg, table, req->auth.org_id, req->segments[1], page, per_page, error);
  if (json == NULL)
    return FALSE;
  kt_request_respond_text (req, 200, json);
  return TRUE;
}
