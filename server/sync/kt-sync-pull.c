/* kt-sync-pull.c: GET /v1/sync/pull, the organization's change feed
 *
 * A page is the change-log entries after the cursor (gap-free per
 * organization, see kt_pg_log_change()), answered with the current full
 * state of each record they name, clocks included, so a client merges
 * with the same per-field rule as the server. PostgreSQL renders the
 * records as JSON itself (to_jsonb), and the answer is assembled as text:
 * a 100,000-contact initial pull never builds a JSON tree here.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-sync"

#include "config.h"

#include <glib/gi18n.h>

#include "kt-pg-schema.h"
#include "kt-route-sync.h"
#include "kt-routes.h"
#include "kt-server-error.h"

typedef struct {
  gint64      seq;
  const char *entity;     /* owned by the change-log result */
  const char *record_id;
} Change;

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

/* A JSON string literal. */
static void
append_json_string (GString    *out,
                    const char *text)
{
  g_string_append_c (out, '"');
  for (const char *p = text; *p != '\0'; p++)
    {
      unsigned char c = (unsigned char) *p;

      if (c == '"' || c == '\\')
        {
          g_string_append_c (out, '\\');
          g_string_append_c (out, (char) c);
        }
      else if (c < 0x20)
        g_string_append_printf (out, "\\u%04x", c);
      else
        g_string_append_c (out, (char) c);
    }
  g_string_append_c (out, '"');
}

/* One row of table->record_columns (the meta columns, the clocks, then
 * every field) as the record's JSON. Built here rather than by
 * PostgreSQL's jsonb functions, which cost about 50 µs a row; unset
 * fields are left out (a missing field means "unset"). */
static char *
row_to_json (const KtEntity *entity,
             PGresult       *res,
             int             row)
{
  static const char * const meta[] = { KT_META_ID, KT_META_ORG, KT_META_OWNER, KT_META_CREATED,
                                       KT_META_UPDATED, KT_META_HLC };
  GString *out = g_string_sized_new (512);
  int col = 0;

  g_string_append_c (out, '{');
  for (guint i = 0; i < G_N_ELEMENTS (meta); i++, col++)
    {
      if (PQgetisnull (res, row, col))
        continue;
      if (out->len > 1)
        g_string_append_c (out, ',');
      g_string_append_printf (out, "\"%s\":", meta[i]);
      append_json_string (out, PQgetvalue (res, row, col));
    }
  g_string_append_printf (out, ",\"%s\":%s", KT_META_DELETED,
                          PQgetvalue (res, row, col++)[0] == 't' ? "true" : "false");
  g_string_append_printf (out, ",\"%s\":%s", KT_META_CLOCKS,
                          PQgetisnull (res, row, col) ? "{}" : PQgetvalue (res, row, col));
  col++;

  for (const KtField *f = entity->fields; f->name != NULL; f++, col++)
    {
      const char *text;

      if (PQgetisnull (res, row, col) || (f->flags & KT_FIELD_SECRET))
        continue;
      text = PQgetvalue (res, row, col);
      g_string_append_printf (out, ",\"%s\":", f->name);
      switch (f->type)
        {
        case KT_FIELD_INT:
        case KT_FIELD_MONEY:
        case KT_FIELD_QUANTITY:
        case KT_FIELD_BPS:
        case KT_FIELD_TAGS:
        case KT_FIELD_JSON:
          /* bigint and jsonb text are JSON already. */
          g_string_append (out, text);
          break;
        case KT_FIELD_BOOL:
          g_string_append (out, text[0] == 't' ? "true" : "false");
          break;
        case KT_FIELD_TEXT:
        case KT_FIELD_EMAIL:
        case KT_FIELD_PHONE:
        case KT_FIELD_URL:
        case KT_FIELD_CURRENCY:
        case KT_FIELD_DATE:
        case KT_FIELD_DATETIME:
        case KT_FIELD_ENUM:
        case KT_FIELD_REF:
        default:
          append_json_string (out, text);
          break;
        }
    }
  g_string_append_c (out, '}');
  return g_string_free (out, FALSE);
}

/* Loads the JSON of every record of one entity named in the page. */
static gboolean
load_entity_records (KtRequest   *req,
                     const char  *entity_name,
                     GPtrArray   *ids,
                     GHashTable  *json_by_id,
                     GPtrArray   *results,
                     GError     **error)
{
  const KtEntity *entity = kt_entity_lookup (entity_name);
  const KtPgTable *table = entity ? kt_pg_schema_lookup_entity (entity) : NULL;
  g_autoptr (GString) array = g_string_new ("{");
  g_autofree char *sql = NULL;
  g_autofree char *name = NULL;
  const char *params[2];
  PGresult *res;

  /* The log only holds synced entities, but an entity dropped from the
   * registry must not break every client's pull. */
  if (table == NULL)
    return TRUE;

  for (guint i = 0; i < ids->len; i++)
    {
      if (i > 0)
        g_string_append_c (array, ',');
      g_string_append (array, g_ptr_array_index (ids, i));
    }
  g_string_append_c (array, '}');

  sql = g_strdup_printf ("SELECT %s FROM %s t WHERE t.org_id = $1::uuid AND t.id = ANY ($2::uuid[])",
                         table->record_columns, table->name);
  name = g_strdup_printf ("sync_pull_%s", entity->name);
  params[0] = req->auth.org_id;
  params[1] = array->str;
  res = kt_pg_exec (req->pg, name, sql, 2, params, error);
  if (res == NULL)
    return FALSE;

  for (int row = 0; row < PQntuples (res); row++)
    g_hash_table_insert (json_by_id, (gpointer) PQgetvalue (res, row, 0),
                         row_to_json (entity, res, row));
  g_ptr_array_add (results, res);
  return TRUE;
}

/* The organization's members as the pull's "members" section: everyone
 * who has joined (invitations own nothing), with "active": false once
 * removed, so records they own still show their name. A person removed
 * and invited again has two rows; the active one wins. */
static char *
load_members (KtRequest  *req,
              GError    **error)
{
  g_autoptr(PGresult) res = NULL;
  const char *params[] = { req->auth.org_id };

  res = kt_pg_exec (req->pg, "sync_pull_members",
                    "SELECT coalesce(json_agg(json_build_object('id', x.user_id, 'name', x.full_name,"
                    " 'email', x.email, 'role', x.role, 'active', x.active) ORDER BY x.user_id), '[]')::text "
                    "FROM (SELECT DISTINCT ON (m.user_id) m.user_id, u.full_name, u.email, m.role,"
                    " m.status = 'active' AS active "
                    " FROM team_members m JOIN users u ON u.id = m.user_id "
                    " WHERE m.org_id = $1::uuid AND m.status IN ('active', 'removed') "
                    " ORDER BY m.user_id, m.status = 'active' DESC, m.updated_at DESC) x",
                    1, params, error);
  if (res == NULL)
    return NULL;
  return g_strdup (kt_pg_value (res, 0, 0));
}

gboolean
kt_sync_log_profile_change (KtRequest   *req,
                            JsonObject  *changed,
                            GError     **error)
{
  g_autoptr(PGresult) res = NULL;
  const char *params[] = { req->auth.user_id };

  if (!json_object_has_member (changed, "full_name"))
    return TRUE;

  res = kt_pg_exec (req->pg, "sync_member_orgs",
                    "SELECT org_id::text, id::text FROM team_members "
                    "WHERE user_id = $1::uuid AND status = 'active'", 1, params, error);
  if (res == NULL)
    return FALSE;
  for (int row = 0; row < PQntuples (res); row++)
    {
      g_autoptr(JsonObject) fields = json_object_new ();

      json_object_set_member (fields, "full_name",
                              json_node_copy (json_object_get_member (changed, "full_name")));
      if (!kt_routes_log_server_change (req, PQgetvalue (res, row, 0), "team_member",
                                        PQgetvalue (res, row, 1), fields, error))
        return FALSE;
    }
  return TRUE;
}

gboolean
kt_route_sync_pull (KtRequest  *req,
                    GError    **error)
{
  g_autofree char *members = NULL;
  gboolean want_members;
  g_autoptr (PGresult) log = NULL;
  g_autoptr (GPtrArray) results = g_ptr_array_new_with_free_func ((GDestroyNotify) PQclear);
  g_autoptr (GHashTable) json_by_id = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  g_autoptr (GHashTable) last_seq_by_id = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (GHashTable) ids_by_entity = NULL;
  g_autoptr (GString) out = NULL;
  g_autofree char *cursor_text = NULL;
  g_autofree char *limit_text = NULL;
  gint64 protocol, cursor, limit, head, next;
  gboolean reset = FALSE;
  gboolean first = TRUE;
  GHashTableIter iter;
  gpointer key, value;
  int n_rows;

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
  head = kt_sync_org_head (req, error);
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
  if (!kt_pg_run (req->pg, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", 0, NULL, error))
    return FALSE;

  head = kt_sync_org_head (req, error);
  if (head < 0)
    goto fail;

  /* A cursor from the future (a restored server, another organization's
   * store): start over rather than miss changes. */
  if (cursor > head)
    {
      reset = TRUE;
      cursor = 0;
    }

  cursor_text = g_strdup_printf ("%" G_GINT64_FORMAT, cursor);
  limit_text = g_strdup_printf ("%" G_GINT64_FORMAT, limit);
  {
    const char *params[] = { req->auth.org_id, cursor_text, limit_text };

    log = kt_pg_exec (req->pg, "sync_pull_log",
                      "SELECT seq, entity, record_id::text FROM change_log "
                      "WHERE org_id = $1::uuid AND seq > $2::bigint ORDER BY seq LIMIT $3::bigint",
                      3, params, error);
  }
  if (log == NULL)
    goto fail;

  n_rows = PQntuples (log);
  ids_by_entity = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                         (GDestroyNotify) g_ptr_array_unref);
  for (int row = 0; row < n_rows; row++)
    {
      const char *entity = PQgetvalue (log, row, 1);
      const char *id = PQgetvalue (log, row, 2);
      GPtrArray *ids;

      /* A record changed several times in the page is sent once, at its
       * last change: its state is the current one anyway. */
      if (!g_hash_table_contains (last_seq_by_id, id))
        {
          ids = g_hash_table_lookup (ids_by_entity, entity);
          if (ids == NULL)
            {
              ids = g_ptr_array_new ();
              g_hash_table_insert (ids_by_entity, (gpointer) entity, ids);
            }
          g_ptr_array_add (ids, (gpointer) id);
        }
      g_hash_table_insert (last_seq_by_id, (gpointer) id, GINT_TO_POINTER (row));
    }

  /* Joins, role changes, removals and renames are logged as team_member
   * changes: a page with one carries the whole member list, as does a
   * first (or reset) pull. */
  if (cursor == 0 || g_hash_table_contains (ids_by_entity, "team_member"))
    want_members = TRUE;
  if (want_members)
    {
      members = load_members (req, error);
      if (members == NULL)
        goto fail;
    }

  g_hash_table_iter_init (&iter, ids_by_entity);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (!load_entity_records (req, key, value, json_by_id, results, error))
      goto fail;

  kt_pg_rollback (req->pg);

  next = n_rows > 0 ? g_ascii_strtoll (PQgetvalue (log, n_rows - 1, 0), NULL, 10) : cursor;
  out = g_string_sized_new (256 + (gsize) n_rows * 600);
  g_string_append_printf (out, "{\"cursor\":%" G_GINT64_FORMAT ",\"head\":%" G_GINT64_FORMAT
                          ",\"has_more\":%s,\"reset\":%s,",
                          next, MAX (head, next), next < head ? "true" : "false",
                          reset ? "true" : "false");
  if (members != NULL)
    g_string_append_printf (out, "\"members\":%s,", members);
  g_string_append (out, "\"changes\":[");
  for (int row = 0; row < n_rows; row++)
    {
      const char *id = PQgetvalue (log, row, 2);
      const char *json;

      if (GPOINTER_TO_INT (g_hash_table_lookup (last_seq_by_id, id)) != row)
        continue;
      json = g_hash_table_lookup (json_by_id, id);
      if (json == NULL)
        continue;
      if (!first)
        g_string_append_c (out, ',');
      first = FALSE;
      /* Entity names are registry identifiers ([a-z_]+): no escaping. */
      g_string_append_printf (out, "{\"seq\":%s,\"entity\":\"%s\",\"record\":%s}",
                              PQgetvalue (log, row, 0), PQgetvalue (log, row, 1), json);
    }
  g_string_append (out, "]}");

  kt_request_respond_text (req, 200, g_string_free (g_steal_pointer (&out), FALSE));
  return TRUE;

fail:
  kt_pg_rollback (req->pg);
  return FALSE;
}
