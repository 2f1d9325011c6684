/* kt-sync-pull.c: GET /v1/sync/pull, the organization's change feed
 *
 * A page is the change-log entries after the cursor (gap-free per
 * organization, see kt_pg_log_change()), answered with the current full
 * state of each record they name, clocks included, so a client merges
 * with the same per-field rule as the server. The store renders the
 * records as JSON text (kt_pg_sync_records_json()), and the answer is
 * assembled as text: a 100,000-contact initial pull never builds a JSON
 * tree here.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-sync"

#include "config.h"

#include <glib/gi18n.h>

#include "kt-pg-billing.h"
#include "kt-pg-schema.h"
#include "kt-pg-sync.h"
#include "kt-route-sync.h"
#include "kt-routes.h"
#include "kt-server-error.h"

/* An absent parameter takes @fallback; a present one must be a whole
 * number in @min..@max (docs/api.md), never quietly replaced. */
static gboolean
parse_int_param (KtRequest   *req,
                 const char  *key,
                 gint64       fallback,
                 gint64       min,
                 gint64       max,
                 gint64      *out,
                 GError     **error)
{
  const char *text = kt_request_get_query (req, key);

  if (text == NULL)
    {
      *out = fallback;
      return TRUE;
    }

  if (!g_ascii_string_to_signed (text, 10, min, max, out, NULL))
    {
      g_autofree char *min_text = g_strdup_printf ("%" G_GINT64_FORMAT, min);
      g_autofree char *max_text = g_strdup_printf ("%" G_GINT64_FORMAT, max);

      kt_server_set_field_error (error, KT_SERVER_ERROR_MALFORMED_JSON, key,
                                 _("“%s” must be a whole number from %s to %s"),
                                 key, min_text, max_text);
      return FALSE;
    }

  return TRUE;
}

gboolean
kt_sync_log_profile_change (KtRequest   *req,
                            JsonObject  *changed,
                            GError     **error)
{
  g_autoptr(GPtrArray) org_ids = NULL;
  g_autoptr(GPtrArray) member_ids = NULL;

  if (!json_object_has_member (changed, "full_name"))
    return TRUE;

  if (!kt_pg_sync_memberships (req->pg, req->auth.user_id, &org_ids, &member_ids, error))
    return FALSE;
  for (guint i = 0; i < org_ids->len; i++)
    {
      g_autoptr(JsonObject) fields = json_object_new ();

      json_object_set_member (fields, "full_name",
                              json_node_copy (json_object_get_member (changed, "full_name")));
      if (!kt_routes_log_server_change (req, g_ptr_array_index (org_ids, i), "team_member",
                                        g_ptr_array_index (member_ids, i), fields, error))
        return FALSE;
    }
  return TRUE;
}

gboolean
kt_route_sync_pull (KtRequest  *req,
                    GError    **error)
{
  g_autofree char *members = NULL;
  g_autofree char *subscription = NULL;
  gboolean want_members;
  g_autoptr (GPtrArray) log = NULL;
  g_autoptr (GHashTable) offset_by_id = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr (GString) records = g_string_new (NULL);
  g_autoptr (GHashTable) last_seq_by_id = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (GHashTable) ids_by_entity = NULL;
  g_autoptr (GString) out = NULL;
  gint64 protocol, cursor, limit, head, next;
  gboolean reset = FALSE;
  gboolean first = TRUE;
  GHashTableIter iter;
  gpointer key, value;

  if (!parse_int_param (req, "protocol", 0, 0, G_MAXINT32, &protocol, error))
    return FALSE;
  if (!kt_sync_check_protocol (req, protocol))
    return TRUE;
  if (!parse_int_param (req, "cursor", 0, 0, G_MAXINT64, &cursor, error) ||
      !parse_int_param (req, "limit", KT_SYNC_DEFAULT_LIMIT, 1, KT_SYNC_MAX_LIMIT, &limit, error))
    return FALSE;
  /* A client that has no members yet (older than the section, or fresh)
   * asks for them once. */
  want_members = g_strcmp0 (kt_request_get_query (req, "members"), "1") == 0;

  /* An up-to-date client (the common case, every minute per client) is
   * answered from the counter row alone, without a transaction. */
  head = kt_pg_sync_head (req->pg, req->auth.org_id, error);
  if (head < 0)
    return FALSE;
  if (cursor == head && !want_members)
    {
      kt_request_respond_text (req, 200,
                               g_strdup_printf ("{\"cursor\":%" G_GINT64_FORMAT ",\"head\":%" G_GINT64_FORMAT
                                                ",\"has_more\":false,\"reset\":false,\"changes\":[]}",
                                                cursor, head));
      return TRUE;
    }

  /* One snapshot for the log, the head and the records, so the page is
   * consistent with itself. */
  if (!kt_pg_sync_begin_snapshot (req->pg, error))
    return FALSE;

  head = kt_pg_sync_head (req->pg, req->auth.org_id, error);
  if (head < 0)
    goto fail;

  /* A cursor from the future (a restored server, another organization's
   * store): start over rather than miss changes. */
  if (cursor > head)
    {
      reset = TRUE;
      cursor = 0;
    }

  log = kt_pg_sync_log_page (req->pg, req->auth.org_id, req->auth.user_id, cursor, limit, error);
  if (log == NULL)
    goto fail;

  ids_by_entity = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                         (GDestroyNotify) g_ptr_array_unref);
  for (guint row = 0; row < log->len; row++)
    {
      const KtPgLogEntry *entry = g_ptr_array_index (log, row);
      GPtrArray *ids;

      /* A record changed several times in the page is sent once, at its
       * last change: its state is the current one anyway. */
      if (!g_hash_table_contains (last_seq_by_id, entry->record_id))
        {
          ids = g_hash_table_lookup (ids_by_entity, entry->entity);
          if (ids == NULL)
            {
              ids = g_ptr_array_new ();
              g_hash_table_insert (ids_by_entity, entry->entity, ids);
            }
          g_ptr_array_add (ids, entry->record_id);
        }
      g_hash_table_insert (last_seq_by_id, entry->record_id, GUINT_TO_POINTER (row));
    }

  /* Joins, role changes, removals and renames are logged as team_member
   * changes: a page with one carries the whole member list, as does a
   * first (or reset) pull. */
  if (cursor == 0 || g_hash_table_contains (ids_by_entity, "team_member"))
    want_members = TRUE;
  if (want_members)
    {
      members = kt_pg_sync_members_json (req->pg, req->auth.org_id, error);
      if (members == NULL)
        goto fail;
    }

  /* The plan is the server's (billing, docs/billing.md): a page where it
   * or its history changed, and a first pull, carry the subscription
   * whole, read-only, as they carry the members. */
  if (cursor == 0 || g_hash_table_contains (ids_by_entity, "subscription") ||
      g_hash_table_contains (ids_by_entity, "subscription_history"))
    {
      g_autoptr(GError) local_error = NULL;

      subscription = kt_pg_billing_subscription_json (req->pg, req->auth.org_id, &local_error);
      if (subscription == NULL && !g_error_matches (local_error, KT_SERVER_ERROR, KT_SERVER_ERROR_NOT_FOUND))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          goto fail;
        }
    }

  g_hash_table_iter_init (&iter, ids_by_entity);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      const KtEntity *entity = kt_entity_lookup (key);
      const KtPgTable *table = entity ? kt_pg_schema_lookup_entity (entity) : NULL;

      /* The log only holds synced entities, but an entity dropped from
       * the registry must not break every client's pull. */
      if (table != NULL &&
          !kt_pg_sync_records_json (req->pg, table, req->auth.org_id, value, records, offset_by_id, error))
        goto fail;
    }

  kt_pg_rollback (req->pg);

  /* A short page is the end of what this member sees up to the head of
   * the snapshot: the cursor goes to the head, past other members'
   * private entries after the last one sent, which would otherwise make
   * has_more true forever. */
  if ((gint64) log->len < limit)
    next = head;
  else
    next = ((const KtPgLogEntry *) g_ptr_array_index (log, log->len - 1))->seq;
  out = g_string_sized_new (256 + records->len + (gsize) log->len * 40);
  g_string_append_printf (out, "{\"cursor\":%" G_GINT64_FORMAT ",\"head\":%" G_GINT64_FORMAT
                          ",\"has_more\":%s,\"reset\":%s,",
                          next, MAX (head, next), next < head ? "true" : "false",
                          reset ? "true" : "false");
  if (members != NULL)
    g_string_append_printf (out, "\"members\":%s,", members);
  if (subscription != NULL)
    g_string_append_printf (out, "\"subscription\":%s,", subscription);
  g_string_append (out, "\"changes\":[");
  for (guint row = 0; row < log->len; row++)
    {
      const KtPgLogEntry *entry = g_ptr_array_index (log, row);
      char seq[24];
      gsize at;

      if (GPOINTER_TO_UINT (g_hash_table_lookup (last_seq_by_id, entry->record_id)) != row)
        continue;
      at = GPOINTER_TO_SIZE (g_hash_table_lookup (offset_by_id, entry->record_id));
      if (at == 0)
        continue;
      /* Appended piece by piece, not printf'ed: 5,000 times a page. */
      g_string_append (out, first ? "{\"seq\":" : ",{\"seq\":");
      first = FALSE;
      g_string_append_len (out, seq, g_snprintf (seq, sizeof seq, "%" G_GINT64_FORMAT, entry->seq));
      /* Entity names are registry identifiers ([a-z_]+): no escaping. */
      g_string_append (out, ",\"entity\":\"");
      g_string_append (out, entry->entity);
      g_string_append (out, "\",\"record\":");
      g_string_append (out, records->str + at - 1);
      g_string_append_c (out, '}');
    }
  g_string_append (out, "]}");

  kt_request_respond_text (req, 200, g_string_free (g_steal_pointer (&out), FALSE));
  return TRUE;

fail:
  kt_pg_rollback (req->pg);
  return FALSE;
}
