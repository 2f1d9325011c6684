/* kt-pg-seed.c: the rows of a large demo organization, for benchmarks
 *
 * Every record is what a REST create of its fields leaves (the write
 * path, kt-pg-change.c): the registry's defaults filled in, one clock
 * stamp of its own for every set field and created_at, the stored JSON,
 * the search text folded in C, and one change-log entry with its fields
 * and clocks, in the order of the stamps, so that sync pulls the
 * organization like any other. tests/server/test-seed.c compares seeded
 * rows with rows written through REST.
 *
 * The rows are made by set-based SQL into unindexed staging tables, get
 * their derived columns there, and move over in one INSERT each; the
 * folded search texts come back through COPY. Ids are UUIDv7 of the
 * record's stamp (as kt_uuid_new() makes them), with the rest of the bits
 * from an MD5 of the stamp and the organization, so that a record's
 * references are computed instead of looked up.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-pg-seed"

#include "config.h"

#include <glib/gi18n.h>

#include "kantora-shared.h"
#include "kt-pg-schema.h"
#include "kt-pg-search.h"
#include "kt-pg-seed.h"

/* Bulgarian and English names, so searches like "ivan" hit a realistic
 * share of rows (Ivan, Ivanov, Ivanova). */
#define FIRST_NAMES "ARRAY['Ivan','Maria','Georgi','Elena','Petar','Ana','Dimitar','Nikolay'," \
  "'Stoyan','Viktoria','Yordan','Desislava','John','Emma','Oliver','Sofia','Martin','Kalina','Todor','Radka']"
#define LAST_NAMES "ARRAY['Ivanov','Petrova','Georgiev','Dimitrova','Nikolov','Stoyanova','Todorov'," \
  "'Koleva','Angelov','Hristova','Smith','Brown','Popov','Marinova','Vasilev','Yankova','Kirov','Zheleva']"
#define COMPANY_WORDS "ARRAY['Balkan','Sofia','Rila','Pirin','Danube','Vitosha','Black Sea','Thracia'," \
  "'Nova','Alpha','Orbit','Vector','Horizon','Summit','Atlas','Zenith']"
#define COMPANY_KINDS "ARRAY['Trade','Logistics','Software','Foods','Energy','Consulting','Textiles','Motors']"
#define CITIES "ARRAY['Sofia','Plovdiv','Varna','Burgas','Ruse','Stara Zagora','Pleven','London']"
#define ITEMS "ARRAY['Consulting','Installation','Licence','Support','Training','Hosting','Design']"

/* Company number C's name (the contacts' and invoices' statements name
 * their company's too). */
#define COMPANY_NAME(c) \
  "(" COMPANY_WORDS ")[1 + (" c ") % 16] || ' ' || (" COMPANY_KINDS ")[1 + ((" c ") / 16) % 8] || ' ' || (" c ")"

/* The meta columns of a staged row whose stamp is $4 + g milliseconds:
 * $1 organization, $2 owner, $3 the clock's node. */
#define META_COLUMNS "org_id, id, owner_id, created_at, updated_at, hlc"
#define META_VALUES \
  "$1::uuid, pg_temp.kt_seed_id ($4::bigint + g, $1::text), $2::uuid, pg_temp.kt_seed_iso ($4::bigint + g)," \
  " pg_temp.kt_seed_iso ($4::bigint + g), pg_temp.kt_seed_iso ($4::bigint + g) || '-0000-' || $3"
/* The id of the record stamped at @ms (a parameter's or column's text). */
#define REF(ms) "pg_temp.kt_seed_id (" ms ", $1::text)"

/* An invoice's net amount: its lines (1 to 3) are whole quantities of
 * prices in whole tens of cents, so that VAT at 20 % is exact under either
 * rounding rule and the server's totals (kt_invoice_compute_totals()) are
 * the seed's. */
#define NET_FUNCTION \
  "CREATE FUNCTION pg_temp.kt_seed_net (bigint) RETURNS bigint LANGUAGE sql IMMUTABLE AS " \
  "$$ SELECT sum ((1 + ($1 + j) % 5) * 100 * (50 + ($1 * 7 + j * 13) % 1950))::bigint " \
  "FROM generate_series (0, $1 % 3) j $$"

/* Rows a FETCH of the search texts brings: the texts of a batch are
 * folded and sent back by one COPY. */
#define FOLD_BATCH 20000

typedef struct {
  KtPg       *pg;
  const char *org_id;
  const char *user_id;
  const char *node;
  gint64      base_ms;    /* stamps are base_ms + an ordinal */
  gint64      seq;        /* the change-log entries written so far */
  GString    *tables;     /* the tables written, for VACUUM */
} Seed;

static gboolean
run (KtPg               *pg,
     const char         *sql,
     int                 n,
     const char * const *params,
     GError            **error)
{
  return kt_pg_run (pg, sql, n, params, error);
}

/* The registry's default of @field as an SQL literal of its column's
 * type, as the write path fills it in on a create. */
static char *
default_literal (const KtField *field)
{
  g_autoptr(JsonNode) node = json_from_string (field->default_value, NULL);
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return g_strdup_printf ("'%s'::jsonb", field->default_value);
  if (json_node_get_value_type (node) == G_TYPE_STRING)
    {
      g_autofree char *escaped = NULL;
      GString *quoted = g_string_new ("'");

      for (const char *p = json_node_get_string (node); *p != '\0'; p++)
        {
          if (*p == '\'')
            g_string_append_c (quoted, '\'');
          g_string_append_c (quoted, *p);
        }
      g_string_append_c (quoted, '\'');
      escaped = g_string_free (quoted, FALSE);
      return g_strdup_printf ("%s::%s", escaped, kt_pg_column_type (field->type));
    }
  return g_strdup_printf ("'%s'::%s", field->default_value, kt_pg_column_type (field->type));
}

/* An unindexed copy of @plural's table whose columns default to the
 * registry's defaults. */
static gboolean
stage (Seed        *seed,
       const char  *plural,
       GError     **error)
{
  const KtPgTable *table = kt_pg_schema_lookup (plural);
  g_autofree char *sql = g_strdup_printf ("CREATE TEMP TABLE \"seed_%s\" (LIKE %s INCLUDING DEFAULTS) "
                                          "ON COMMIT DROP", plural, table->name);

  if (!run (seed->pg, sql, 0, NULL, error))
    return FALSE;
  for (const KtField *f = table->entity->fields; f->name != NULL; f++)
    {
      g_autofree char *literal = NULL;
      g_autofree char *alter = NULL;

      if (f->default_value == NULL)
        continue;
      literal = default_literal (f);
      alter = g_strdup_printf ("ALTER TABLE \"seed_%s\" ALTER COLUMN \"%s\" SET DEFAULT %s",
                               plural, f->name, literal);
      if (!run (seed->pg, alter, 0, NULL, error))
        return FALSE;
    }
  return TRUE;
}

/* The set fields of row t as jsonb, like the write path's record (null
 * fields are unset); with @secrets FALSE without the secret ones, as in
 * the change log. jsonb_build_object() takes at most 100 arguments, so
 * the fields go in pieces. */
static char *
fields_expr (const KtEntity *entity,
             gboolean        secrets)
{
  GString *expr = g_string_new ("jsonb_strip_nulls (jsonb_build_object ('created_at', t.created_at)");
  guint in_piece = 0;

  for (const KtField *f = entity->fields; f->name != NULL; f++)
    {
      if (!secrets && (f->flags & KT_FIELD_SECRET))
        continue;
      if (in_piece == 0)
        g_string_append (expr, " || jsonb_build_object (");
      else
        g_string_append (expr, ", ");
      g_string_append_printf (expr, "'%s', t.\"%s\"", f->name, f->name);
      if (++in_piece == 40)
        {
          g_string_append (expr, ")");
          in_piece = 0;
        }
    }
  if (in_piece > 0)
    g_string_append (expr, ")");
  g_string_append (expr, ")");
  return g_string_free (expr, FALSE);
}

/* Writes one COPY … FROM STDIN of @data. */
static gboolean
copy_in (Seed        *seed,
         const char  *sql,
         GString     *data,
         GError     **error)
{
  PGconn *conn = kt_pg_get_conn (seed->pg);
  PGresult *res = PQexec (conn, sql);
  gboolean ok = PQresultStatus (res) == PGRES_COPY_IN;

  PQclear (res);
  if (!ok)
    {
      g_set_error (error, KT_SERVER_ERROR, KT_SERVER_ERROR_UNAVAILABLE,
                   "COPY failed: %s", PQerrorMessage (conn));
      return FALSE;
    }
  ok = PQputCopyData (conn, data->str, (int) data->len) == 1;
  if (PQputCopyEnd (conn, ok ? NULL : "seed failed") != 1)
    ok = FALSE;
  while ((res = PQgetResult (conn)) != NULL)
    {
      if (PQresultStatus (res) != PGRES_COMMAND_OK)
        ok = FALSE;
      PQclear (res);
    }
  if (!ok)
    g_set_error (error, KT_SERVER_ERROR, KT_SERVER_ERROR_UNAVAILABLE,
                 "COPY failed: %s", PQerrorMessage (conn));
  return ok;
}

/* A value in COPY's text format. */
static void
append_copy_text (GString    *out,
                  const char *text)
{
  for (const char *p = text; *p != '\0'; p++)
    {
      switch (*p)
        {
        case '\\': g_string_append (out, "\\\\"); break;
        case '\t': g_string_append (out, "\\t"); break;
        case '\n': g_string_append (out, "\\n"); break;
        case '\r': g_string_append (out, "\\r"); break;
        default: g_string_append_c (out, *p); break;
        }
    }
}

/* The search texts of the staged rows, folded in C as the write path
 * folds them (kt_pg_search_text()). */
static gboolean
fold_staged (Seed            *seed,
             const KtPgTable *table,
             GError         **error)
{
  const char *plural = table->entity->plural;
  g_autofree char *declare = NULL;
  g_autofree char *create = NULL;
  g_autofree char *copy = NULL;
  g_autofree char *update = NULL;
  g_autoptr(GString) data = g_string_new (NULL);

  if (table->search_expr == NULL)
    return TRUE;

  declare = g_strdup_printf ("DECLARE kt_seed_fold NO SCROLL CURSOR FOR SELECT t.id, %s FROM \"seed_%s\" t",
                             table->search_expr, plural);
  create = g_strdup_printf ("CREATE TEMP TABLE \"seed_fold_%s\" (id uuid, s text) ON COMMIT DROP", plural);
  if (!run (seed->pg, declare, 0, NULL, error) || !run (seed->pg, create, 0, NULL, error))
    return FALSE;

  copy = g_strdup_printf ("COPY \"seed_fold_%s\" (id, s) FROM STDIN", plural);
  for (;;)
    {
      g_autoptr(PGresult) res = kt_pg_exec (seed->pg, NULL, "FETCH " G_STRINGIFY (FOLD_BATCH) " FROM kt_seed_fold",
                                            0, NULL, error);
      int n;

      if (res == NULL)
        return FALSE;
      n = PQntuples (res);
      if (n == 0)
        break;
      g_string_truncate (data, 0);
      for (int row = 0; row < n; row++)
        {
          g_autofree char *folded = kt_pg_search_text (PQgetisnull (res, row, 1) ? "" : PQgetvalue (res, row, 1));

          g_string_append (data, PQgetvalue (res, row, 0));
          g_string_append_c (data, '\t');
          append_copy_text (data, folded);
          g_string_append_c (data, '\n');
        }
      if (!copy_in (seed, copy, data, error))
        return FALSE;
    }

  update = g_strdup_printf ("UPDATE \"seed_%s\" t SET kt_search = f.s FROM \"seed_fold_%s\" f WHERE t.id = f.id",
                            plural, plural);
  return run (seed->pg, "CLOSE kt_seed_fold", 0, NULL, error) &&
         run (seed->pg, update, 0, NULL, error);
}

/* The staged rows of @plural get their clocks, stored JSON and search
 * text, move to the live table, and are logged in the order of their
 * stamps. */
static gboolean
finish_staged (Seed        *seed,
               const char  *plural,
               GError     **error)
{
  const KtPgTable *table = kt_pg_schema_lookup (plural);
  const KtEntity *entity = table->entity;
  g_autofree char *all_fields = fields_expr (entity, TRUE);
  g_autofree char *log_fields = fields_expr (entity, FALSE);
  g_autofree char *derive = NULL;
  g_autofree char *move = NULL;
  g_autofree char *log = NULL;
  g_autofree char *seq_text = g_strdup_printf ("%" G_GINT64_FORMAT, seed->seq);
  const char *log_params[] = { seq_text, entity->name, seed->user_id };
  g_autoptr(PGresult) moved = NULL;

  g_assert (table != NULL);
  /* A create stamps every set field and created_at with its one tick. */
  derive = g_strdup_printf ("UPDATE \"seed_%s\" t SET clocks = (SELECT jsonb_object_agg (k, t.hlc) "
                            "FROM jsonb_object_keys (%s) k), kt_json = %s",
                            plural, all_fields, table->json_expr);
  if (!run (seed->pg, derive, 0, NULL, error) || !fold_staged (seed, table, error))
    return FALSE;

  move = g_strdup_printf ("INSERT INTO %s SELECT * FROM \"seed_%s\"", table->name, plural);
  moved = kt_pg_exec (seed->pg, NULL, move, 0, NULL, error);
  if (moved == NULL)
    return FALSE;

  log = g_strdup_printf ("INSERT INTO change_log (org_id, seq, entity, record_id, hlc, deleted, fields, clocks,"
                         " user_id, visible_to) "
                         "SELECT t.org_id, $1::bigint + row_number () OVER (ORDER BY t.hlc), $2::text, t.id, t.hlc,"
                         " false, %s, t.clocks, $3::uuid, %s FROM \"seed_%s\" t",
                         log_fields, (entity->flags & KT_ENTITY_PRIVATE) ? "t.owner_id" : "NULL", plural);
  if (!run (seed->pg, log, G_N_ELEMENTS (log_params), log_params, error))
    return FALSE;
  seed->seq += g_ascii_strtoll (PQcmdTuples (moved), NULL, 10);
  g_string_append_printf (seed->tables, "%s%s", seed->tables->len > 0 ? ", " : "", table->name);
  return TRUE;
}

/* Stages @plural, fills it by @sql (parameters: the organization, the
 * owner, the node, the first stamp less one, then @extra) and finishes it. */
static gboolean
seed_rows (Seed               *seed,
           const char         *plural,
           gint64              first_ordinal,
           const char         *sql,
           const char * const *extra,
           GError            **error)
{
  g_autofree char *base = g_strdup_printf ("%" G_GINT64_FORMAT, seed->base_ms + first_ordinal - 1);
  g_autoptr(GPtrArray) params = g_ptr_array_new ();

  g_ptr_array_add (params, (gpointer) seed->org_id);
  g_ptr_array_add (params, (gpointer) seed->user_id);
  g_ptr_array_add (params, (gpointer) seed->node);
  g_ptr_array_add (params, base);
  for (guint i = 0; extra != NULL && extra[i] != NULL; i++)
    g_ptr_array_add (params, (gpointer) extra[i]);

  return stage (seed, plural, error) &&
         run (seed->pg, sql, (int) params->len, (const char * const *) params->pdata, error) &&
         finish_staged (seed, plural, error);
}

/* The stamp of @ordinal; the statements get their kind's first stamp
 * less one, so that record k of a kind is that plus k. */
static char *
ms_text (Seed   *seed,
         gint64  ordinal)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT, seed->base_ms + ordinal);
}

gboolean
kt_pg_seed_demo (KtPg        *pg,
                 const char  *email,
                 const char  *password_hash,
                 const char  *token_hash,
                 guint        n_contacts,
                 GError     **error)
{
  g_autofree char *org_id = kt_uuid_new ();
  g_autofree char *user_id = kt_uuid_new ();
  g_autofree char *member_id = kt_uuid_new ();
  g_autoptr(KtHlc) clock = kt_hlc_new (NULL);
  g_autoptr(GString) tables = g_string_new (NULL);
  const gint64 n_companies = MAX (n_contacts / 10, 1);
  const gint64 n_deals = n_contacts / 5;
  const gint64 n_invoices = n_contacts / 5;
  /* Ordinals of the stamps: the pipeline, its 4 stages, then each kind
   * in turn; an invoice's lines take 3 each (whether used or not), its
   * payment 1. */
  const gint64 at_stages = 2;
  const gint64 at_companies = at_stages + 4;
  const gint64 at_contacts = at_companies + n_companies;
  const gint64 at_deals = at_contacts + n_contacts;
  const gint64 at_invoices = at_deals + n_deals;
  const gint64 at_items = at_invoices + n_invoices;
  const gint64 at_payments = at_items + 3 * n_invoices;
  const gint64 n_ordinals = at_payments + n_invoices;
  g_autofree char *companies = g_strdup_printf ("%" G_GINT64_FORMAT, n_companies);
  g_autofree char *contacts = g_strdup_printf ("%u", n_contacts);
  g_autofree char *deals = g_strdup_printf ("%" G_GINT64_FORMAT, n_deals);
  g_autofree char *invoices = g_strdup_printf ("%" G_GINT64_FORMAT, n_invoices);
  g_autofree char *issued = g_strdup_printf ("%" G_GINT64_FORMAT, n_invoices - n_invoices / 4);
  g_autofree char *next_number = g_strdup_printf ("%" G_GINT64_FORMAT, n_invoices - n_invoices / 4 + 1);
  g_autofree char *seq_text = NULL;
  g_autofree char *ms_pipeline = NULL;
  g_autofree char *ms_stages = NULL;
  g_autofree char *ms_companies = NULL;
  g_autofree char *ms_contacts = NULL;
  g_autofree char *ms_invoices = NULL;
  g_autofree char *vacuum = NULL;
  const char *org_params[] = { org_id, user_id, member_id };
  const char *user_params[] = { user_id, org_id, email, password_hash };
  gint64 started = g_get_monotonic_time ();
  Seed seed = { pg, org_id, user_id, kt_hlc_get_node (clock), 0, 0, tables };

  /* Every stamp a millisecond apart, the last one now: the server's
   * clock, started later, ticks past them all. */
  seed.base_ms = g_get_real_time () / 1000 - n_ordinals;
  ms_pipeline = ms_text (&seed, 1);
  ms_stages = ms_text (&seed, at_stages - 1);
  ms_companies = ms_text (&seed, at_companies - 1);
  ms_contacts = ms_text (&seed, at_contacts - 1);
  ms_invoices = ms_text (&seed, at_invoices - 1);

  if (!kt_pg_begin (pg, error))
    return FALSE;

  if (!run (pg, "INSERT INTO organizations (org_id, name) VALUES ($1::uuid, 'Benchmark Ltd')", 1, org_params, error) ||
      !run (pg, "INSERT INTO users (id, org_id, email, full_name, password_hash) "
                "VALUES ($1::uuid, $2::uuid, $3, 'Bench Owner', $4)", 4, user_params, error) ||
      !run (pg, "INSERT INTO team_members (org_id, id, user_id, role, status, joined_at) "
                "VALUES ($1::uuid, $3::uuid, $2::uuid, 'owner', 'active', now())", 3, org_params, error) ||
      !run (pg, "INSERT INTO subscriptions (org_id, id, plan) VALUES ($1::uuid, gen_random_uuid(), 'free')",
            1, org_params, error))
    goto fail;

  if (!run (pg, "CREATE FUNCTION pg_temp.kt_seed_iso (bigint) RETURNS text LANGUAGE sql IMMUTABLE AS "
                "$$ SELECT to_char (timestamp '1970-01-01' + $1 * interval '1 millisecond',"
                " 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"') $$", 0, NULL, error) ||
      !run (pg, "CREATE FUNCTION pg_temp.kt_seed_id (bigint, text) RETURNS uuid LANGUAGE sql IMMUTABLE AS "
                "$$ SELECT (lpad (to_hex ($1), 12, '0') || '7' || substr (m, 1, 3) || '8' || substr (m, 4, 15))::uuid"
                " FROM md5 ($2 || $1::text) m $$", 0, NULL, error) ||
      !run (pg, NET_FUNCTION, 0, NULL, error))
    goto fail;

  /* One pipeline with four stages. */
  {
    const char *stage_extra[] = { ms_pipeline, NULL };

    if (!seed_rows (&seed, "pipelines", 1,
                    "INSERT INTO seed_pipelines (" META_COLUMNS ", name, position, is_default) "
                    "SELECT " META_VALUES ", 'Sales', 0, true FROM generate_series (1, 1) g",
                    NULL, error) ||
        !seed_rows (&seed, "stages", at_stages,
                    "INSERT INTO seed_stages (" META_COLUMNS ", pipeline_id, name, position, kind) "
                    "SELECT " META_VALUES ", " REF ("$5::bigint") ", (ARRAY['Lead','Qualified','Proposal',"
                    "'Negotiation'])[g], g - 1, 'open' FROM generate_series (1, 4) g",
                    stage_extra, error))
      goto fail;
  }

  {
    const char *extra[] = { companies, NULL };

    if (!seed_rows (&seed, "companies", at_companies,
                    "INSERT INTO seed_companies (" META_COLUMNS ", name, city, country, currency, email,"
                    " employee_count) "
                    "SELECT " META_VALUES ", " COMPANY_NAME ("g") ", (" CITIES ")[1 + g % 8], 'Bulgaria', 'EUR',"
                    " 'office' || g || '@example.com', 5 + g % 500 "
                    "FROM generate_series (1, $5::integer) g", extra, error))
      goto fail;
  }

  /* Contact g works at company 1 + g % companies. */
  {
    const char *extra[] = { contacts, ms_companies, companies, NULL };

    if (!seed_rows (&seed, "contacts", at_contacts,
                    "INSERT INTO seed_contacts (" META_COLUMNS ", first_name, last_name, email, phone, job_title,"
                    " company_id, city, country, source) "
                    "SELECT " META_VALUES ", (" FIRST_NAMES ")[1 + g % 20], (" LAST_NAMES ")[1 + (g / 20) % 18],"
                    " 'person' || g || '@example.com', '+359 88 ' || lpad ((g % 1000000)::text, 6, '0'),"
                    " 'Manager', " REF ("$6::bigint + 1 + g % $7::bigint") ", (" CITIES ")[1 + g % 8],"
                    " 'Bulgaria', 'manual' "
                    "FROM generate_series (1, $5::integer) g", extra, error))
      goto fail;
  }

  /* Deal g: contact 1 + g % contacts and that contact's company. */
  {
    const char *extra[] = { deals, ms_contacts, contacts, ms_companies, companies, ms_pipeline, ms_stages, NULL };

    if (!seed_rows (&seed, "deals", at_deals,
                    "INSERT INTO seed_deals (" META_COLUMNS ", title, pipeline_id, stage_id, value, currency,"
                    " status, contact_id, company_id, position) "
                    "SELECT " META_VALUES ", 'Deal ' || g, " REF ("$10::bigint") ", " REF ("$11::bigint + 1 + g % 4") ","
                    " (1000 + g % 100000) * 100, 'EUR', 'open', " REF ("$6::bigint + 1 + g % $7::bigint") ","
                    " " REF ("$8::bigint + 1 + (1 + g % $7::bigint) % $9::bigint") ", g "
                    "FROM generate_series (1, $5::integer) g", extra, error))
      goto fail;
  }

  /* Invoice g: a draft when g % 4 = 0, else issued (numbered in order),
   * paid, or half paid; billed to contact 1 + g % contacts and its
   * company. */
  {
    const char *extra[] = { invoices, ms_contacts, contacts, ms_companies, companies, NULL };

    if (!seed_rows (&seed, "invoices", at_invoices,
                    "INSERT INTO seed_invoices (" META_COLUMNS ", number, status, contact_id, company_id,"
                    " client_name, issue_date, due_date, subtotal, discount, net, tax, total, paid_amount,"
                    " credited_amount) "
                    "SELECT " META_VALUES ","
                    " CASE WHEN g % 4 <> 0 THEN lpad ((g - g / 4)::text, 10, '0') END,"
                    " (ARRAY['draft','issued','paid','partially_paid'])[1 + g % 4],"
                    " " REF ("$6::bigint + 1 + g % $7::bigint") ", " REF ("$8::bigint + c") ", " COMPANY_NAME ("c") ","
                    " to_char (date '2026-01-01' + (g % 330)::integer, 'YYYY-MM-DD'),"
                    " to_char (date '2026-01-15' + (g % 330)::integer, 'YYYY-MM-DD'),"
                    " n.net, 0, n.net, n.net / 5, n.net + n.net / 5,"
                    " CASE g % 4 WHEN 2 THEN n.net + n.net / 5 WHEN 3 THEN (n.net + n.net / 5) / 2 ELSE 0 END, 0 "
                    "FROM generate_series (1, $5::integer) g,"
                    " LATERAL (SELECT 1 + (1 + g % $7::bigint) % $9::bigint AS c, pg_temp.kt_seed_net (g) AS net) n",
                    extra, error))
      goto fail;
  }

  {
    const char *extra[] = { invoices, ms_invoices, NULL };

    if (!seed_rows (&seed, "invoice_items", at_items,
                    "INSERT INTO seed_invoice_items (" META_COLUMNS ", invoice_id, position, description,"
                    " quantity, unit_price, unit) "
                    "SELECT $1::uuid, " REF ("$4::bigint + 3 * (i - 1) + j + 1") ", $2::uuid,"
                    " pg_temp.kt_seed_iso ($4::bigint + 3 * (i - 1) + j + 1),"
                    " pg_temp.kt_seed_iso ($4::bigint + 3 * (i - 1) + j + 1),"
                    " pg_temp.kt_seed_iso ($4::bigint + 3 * (i - 1) + j + 1) || '-0000-' || $3,"
                    " " REF ("$6::bigint + i") ", j, (" ITEMS ")[1 + (i + j) % 7],"
                    " 1000 * (1 + (i + j) % 5), 100 * (50 + (i * 7 + j * 13) % 1950), 'pcs' "
                    "FROM generate_series (1, $5::integer) i, generate_series (0, i % 3) j",
                    extra, error))
      goto fail;
  }

  {
    const char *extra[] = { invoices, ms_invoices, NULL };

    if (!seed_rows (&seed, "payments", at_payments,
                    "INSERT INTO seed_payments (" META_COLUMNS ", amount, currency, received_at, method,"
                    " reference, invoice_id, matched, payer_name) "
                    "SELECT " META_VALUES ", i.paid_amount, 'EUR', i.issue_date || 'T10:00:00.000Z',"
                    " 'bank_transfer', i.number, i.id, true, i.client_name "
                    "FROM generate_series (1, $5::integer) g"
                    " JOIN seed_invoices i ON i.id = " REF ("$6::bigint + g") " AND i.paid_amount > 0",
                    extra, error))
      goto fail;
  }

  {
    const char *session_params[] = { token_hash, user_id, org_id };

    if (!run (pg, "INSERT INTO sessions (token_hash, user_id, org_id, expires_at) "
                  "VALUES ($1::bytea, $2::uuid, $3::uuid, now() + interval '7 days')", 3, session_params, error))
      goto fail;
  }
  {
    const char *counter_params[] = { org_id, NULL };
    const char *numbering_params[] = { org_id, issued, next_number };

    seq_text = g_strdup_printf ("%" G_GINT64_FORMAT, seed.seq);
    counter_params[1] = seq_text;
    if (!run (pg, "INSERT INTO org_counters (org_id, seq) VALUES ($1::uuid, $2::bigint) "
                  "ON CONFLICT (org_id) DO UPDATE SET seq = EXCLUDED.seq", 2, counter_params, error) ||
        !run (pg, "INSERT INTO doc_counters (org_id, kind, next_number, max_used) "
                  "VALUES ($1::uuid, 'invoice', $3::bigint, $2::bigint)", 3, numbering_params, error))
      goto fail;
  }

  if (!kt_pg_commit (pg, error))
    return FALSE;

  /* What autovacuum would do a minute later: a list's index-only scans
   * need the visibility map, and the planner the statistics. */
  vacuum = g_strdup_printf ("VACUUM (ANALYZE) %s, change_log", tables->str);
  if (!run (pg, vacuum, 0, NULL, error))
    return FALSE;
  g_message ("seeded %" G_GINT64_FORMAT " records (%u contacts) in %.1f s", seed.seq, n_contacts,
             (g_get_monotonic_time () - started) / 1e6);
  return TRUE;

fail:
  kt_pg_rollback (pg);
  return FALSE;
}
