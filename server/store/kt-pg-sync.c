/* kt-pg-sync.c: what sync reads and writes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-pg-sync"

#include "config.h"

#include <glib/gi18n.h>

#include "kantora-shared.h"
#include "kt-pg-sync.h"

gint64
kt_pg_sync_head (KtPg        *pg,
                 const char  *org_id,
                 GError     **error)
{
  g_autoptr (PGresult) res = NULL;
  const char *params[] = { org_id };
  const char *value;

  res = kt_pg_exec (pg, "sync_head",
                    "SELECT seq FROM org_counters WHERE org_id = $1::uuid",
                    1, params, error);
  if (res == NULL)
    return -1;

  value = PQntuples (res) > 0 ? kt_pg_value (res, 0, 0) : NULL;
  return value != NULL ? g_ascii_strtoll (value, NULL, 10) : 0;
}

gboolean
kt_pg_sync_begin_snapshot (KtPg    *pg,
                           GError **error)
{
  return kt_pg_run (pg, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", 0, NULL, error);
}

static void
log_entry_free (gpointer data)
{
  KtPgLogEntry *entry = data;

  g_free (entry->entity);
  g_free (entry->record_id);
  g_free (entry);
}

GPtrArray *
kt_pg_sync_log_page (KtPg        *pg,
                     const char  *org_id,
                     const char  *user_id,
                     gint64       cursor,
                     gint64       limit,
                     GError     **error)
{
  g_autofree char *cursor_text = g_strdup_printf ("%" G_GINT64_FORMAT, cursor);
  g_autofree char *limit_text = g_strdup_printf ("%" G_GINT64_FORMAT, limit);
  const char *params[] = { org_id, cursor_text, limit_text, user_id };
  g_autoptr (PGresult) res = NULL;
  GPtrArray *page;

  /* Another member's private entries (visible_to, migration 12) are
   * left out; the caller moves the cursor past them (kt-sync-pull.c). */
  res = kt_pg_exec (pg, "sync_pull_log",
                    "SELECT seq, entity, record_id::text FROM change_log "
                    "WHERE org_id = $1::uuid AND seq > $2::bigint"
                    " AND (visible_to IS NULL OR visible_to = $4::uuid)"
                    " ORDER BY seq LIMIT $3::bigint",
                    4, params, error);
  if (res == NULL)
    return NULL;

  page = g_ptr_array_new_full ((guint) PQntuples (res), log_entry_free);
  for (int row = 0; row < PQntuples (res); row++)
    {
      KtPgLogEntry *entry = g_new0 (KtPgLogEntry, 1);

      entry->seq = g_ascii_strtoll (PQgetvalue (res, row, 0), NULL, 10);
      entry->entity = g_strdup (PQgetvalue (res, row, 1));
      entry->record_id = g_strdup (PQgetvalue (res, row, 2));
      g_ptr_array_add (page, entry);
    }
  return page;
}

/* A JSON string literal. Runs of plain bytes go in one copy: a page of
 * 5,000 records is a few million of them. */
static void
append_json_string (GString    *out,
                    const char *text)
{
  const char *run = text;
  const char *p;

  g_string_append_c (out, '"');
  for (p = text; *p != '\0'; p++)
    {
      unsigned char c = (unsigned char) *p;

      if (c != '"' && c != '\\' && c >= 0x20)
        continue;
      g_string_append_len (out, run, p - run);
      run = p + 1;
      if (c == '"' || c == '\\')
        {
          g_string_append_c (out, '\\');
          g_string_append_c (out, (char) c);
        }
      else
        g_string_append_printf (out, "\\u%04x", c);
    }
  g_string_append_len (out, run, p - run);
  g_string_append_c (out, '"');
}

/* ,"name": (or "name": first), without printf: the server writes it
 * about fifteen times a record. */
static void
append_key (GString    *out,
            gboolean    first,
            const char *name)
{
  if (!first)
    g_string_append_c (out, ',');
  g_string_append_c (out, '"');
  g_string_append (out, name);
  g_string_append_len (out, "\":", 2);
}

/* One row of table->record_columns (the meta columns, the clocks, then
 * every field) as the record's JSON, appended to @out. Built here rather
 * than by PostgreSQL's jsonb functions, which cost about 50 µs a row;
 * unset fields are left out (a missing field means "unset"). */
static void
append_row_json (GString        *out,
                 const KtEntity *entity,
                 PGresult       *res,
                 int             row)
{
  static const char * const meta[] = { KT_META_ID, KT_META_ORG, KT_META_OWNER, KT_META_CREATED,
                                       KT_META_UPDATED, KT_META_HLC };
  gboolean first = TRUE;
  int col = 0;

  g_string_append_c (out, '{');
  for (guint i = 0; i < G_N_ELEMENTS (meta); i++, col++)
    {
      if (PQgetisnull (res, row, col))
        continue;
      append_key (out, first, meta[i]);
      first = FALSE;
      append_json_string (out, PQgetvalue (res, row, col));
    }
  append_key (out, FALSE, KT_META_DELETED);
  g_string_append (out, PQgetvalue (res, row, col++)[0] == 't' ? "true" : "false");
  append_key (out, FALSE, KT_META_CLOCKS);
  if (PQgetisnull (res, row, col))
    g_string_append_len (out, "{}", 2);
  else
    g_string_append_len (out, PQgetvalue (res, row, col), PQgetlength (res, row, col));
  col++;

  for (const KtField *f = entity->fields; f->name != NULL; f++, col++)
    {
      const char *text;

      if (PQgetisnull (res, row, col) || (f->flags & KT_FIELD_SECRET))
        continue;
      text = PQgetvalue (res, row, col);
      append_key (out, FALSE, f->name);
      switch (f->type)
        {
        case KT_FIELD_INT:
        case KT_FIELD_MONEY:
        case KT_FIELD_QUANTITY:
        case KT_FIELD_BPS:
        case KT_FIELD_TAGS:
        case KT_FIELD_JSON:
          /* bigint and jsonb text are JSON already. */
          g_string_append_len (out, text, PQgetlength (res, row, col));
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
}

gboolean
kt_pg_sync_records_json (KtPg            *pg,
                         const KtPgTable *table,
                         const char      *org_id,
                         GPtrArray       *ids,
                         GString         *text,
                         GHashTable      *offset_by_id,
                         GError         **error)
{
  const KtEntity *entity = table->entity;
  g_autoptr (GString) array = g_string_sized_new (2 + (gsize) ids->len * 37);
  g_autoptr (PGresult) res = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *name = NULL;
  const char *params[2];

  g_string_append_c (array, '{');
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
  params[0] = org_id;
  params[1] = array->str;
  res = kt_pg_exec (pg, name, sql, 2, params, error);
  if (res == NULL)
    return FALSE;

  for (int row = 0; row < PQntuples (res); row++)
    {
      gsize offset = text->len;

      append_row_json (text, entity, res, row);
      /* Each record ends in a NUL: a C string within @text. */
      g_string_append_c (text, '\0');
      g_hash_table_insert (offset_by_id, g_strdup (PQgetvalue (res, row, 0)), GSIZE_TO_POINTER (offset + 1));
    }
  return TRUE;
}

char *
kt_pg_sync_members_json (KtPg        *pg,
                         const char  *org_id,
                         GError     **error)
{
  g_autoptr(PGresult) res = NULL;
  const char *params[] = { org_id };

  res = kt_pg_exec (pg, "sync_pull_members",
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
kt_pg_sync_memberships (KtPg        *pg,
                        const char  *user_id,
                        GPtrArray  **out_org_ids,
                        GPtrArray  **out_member_ids,
                        GError     **error)
{
  g_autoptr(PGresult) res = NULL;
  const char *params[] = { user_id };

  res = kt_pg_exec (pg, "sync_member_orgs",
                    "SELECT org_id::text, id::text FROM team_members "
                    "WHERE user_id = $1::uuid AND status = 'active'", 1, params, error);
  if (res == NULL)
    return FALSE;

  *out_org_ids = g_ptr_array_new_with_free_func (g_free);
  *out_member_ids = g_ptr_array_new_with_free_func (g_free);
  for (int row = 0; row < PQntuples (res); row++)
    {
      g_ptr_array_add (*out_org_ids, g_strdup (PQgetvalue (res, row, 0)));
      g_ptr_array_add (*out_member_ids, g_strdup (PQgetvalue (res, row, 1)));
    }
  return TRUE;
}

gboolean
kt_pg_sync_lock_client (KtPg        *pg,
                        const char  *org_id,
                        const char  *client_id,
                        const char  *user_id,
                        char       **out_user_id,
                        gint64      *out_last_id,
                        char       **out_rejections,
                        GError     **error)
{
  g_autoptr (PGresult) client = NULL;

  {
    const char *params[] = { org_id, client_id, user_id };

    client = kt_pg_exec (pg, "sync_client",
                         "WITH ins AS ("
                         " INSERT INTO sync_clients (org_id, client_id, user_id, last_mutation_id)"
                         " VALUES ($1::uuid, $2::uuid, $3::uuid, 0)"
                         " ON CONFLICT (org_id, client_id) DO NOTHING) "
                         "SELECT user_id::text, last_mutation_id, last_rejections::text FROM sync_clients"
                         " WHERE org_id = $1::uuid AND client_id = $2::uuid FOR UPDATE",
                         3, params, error);
  }
  if (client == NULL)
    return FALSE;
  if (PQntuples (client) == 0)
    {
      /* Inserted just now by this statement: the CTE's row is not
       * visible to its own SELECT. Read it again. */
      const char *params[] = { org_id, client_id };

      g_clear_pointer (&client, PQclear);
      client = kt_pg_exec (pg, "sync_client_again",
                           "SELECT user_id::text, last_mutation_id, last_rejections::text FROM sync_clients"
                           " WHERE org_id = $1::uuid AND client_id = $2::uuid FOR UPDATE",
                           2, params, error);
      if (client == NULL)
        return FALSE;
      if (PQntuples (client) == 0)
        {
          g_set_error (error, KT_SERVER_ERROR, KT_SERVER_ERROR_INTERNAL,
                       "sync client %s vanished", client_id);
          return FALSE;
        }
    }

  *out_user_id = g_strdup (kt_pg_value (client, 0, 0));
  *out_last_id = g_ascii_strtoll (kt_pg_value (client, 0, 1), NULL, 10);
  *out_rejections = g_strdup (kt_pg_value (client, 0, 2));
  return TRUE;
}

gboolean
kt_pg_sync_save_client (KtPg        *pg,
                        const char  *org_id,
                        const char  *client_id,
                        gint64       last_id,
                        const char  *rejections,
                        GError     **error)
{
  g_autofree char *last_text = g_strdup_printf ("%" G_GINT64_FORMAT, last_id);
  const char *params[] = { org_id, client_id, last_text, rejections };

  return kt_pg_run (pg,
                    "UPDATE sync_clients SET last_mutation_id = $3::bigint, last_rejections = $4::jsonb,"
                    " last_seen_at = now() WHERE org_id = $1::uuid AND client_id = $2::uuid",
                    4, params, error);
}

gboolean
kt_pg_sync_mutation_begin (KtPg    *pg,
                           GError **error)
{
  return kt_pg_run (pg, "SAVEPOINT kt_mutation", 0, NULL, error);
}

gboolean
kt_pg_sync_mutation_keep (KtPg    *pg,
                          GError **error)
{
  return kt_pg_run (pg, "RELEASE SAVEPOINT kt_mutation", 0, NULL, error);
}

gboolean
kt_pg_sync_mutation_undo (KtPg    *pg,
                          GError **error)
{
  return kt_pg_run (pg, "ROLLBACK TO SAVEPOINT kt_mutation", 0, NULL, error);
}
