/* kt-pg-seed.c: the rows of a large demo organization, for benchmarks
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

static gboolean
run (KtPg               *pg,
     const char         *sql,
     int                 n,
     const char * const *params,
     GError            **error)
{
  return kt_pg_run (pg, sql, n, params, error);
}

static gboolean
stage (KtPg        *pg,
       const char  *plural,
       GError     **error)
{
  g_autofree char *sql = g_strdup_printf ("CREATE TEMP TABLE \"seed_%s\" (LIKE \"%s\" INCLUDING DEFAULTS) "
                                          "ON COMMIT DROP", plural, plural);
  return run (pg, sql, 0, NULL, error);
}

static gboolean
move_staged (KtPg        *pg,
             const char  *plural,
             const char  *org_id,
             GError     **error)
{
  const KtPgTable *table = kt_pg_schema_lookup (plural);
  const char *params[] = { org_id };
  g_autofree char *staged = g_strdup_printf ("\"seed_%s\"", plural);
  g_autofree char *search = NULL;
  g_autofree char *move = NULL;

  g_assert (table != NULL);
  /* The search text is folded in C (kt-pg-search.c), here too. */
  search = g_strdup_printf ("UPDATE \"seed_%s\" t SET kt_json = %s WHERE t.org_id = $1::uuid",
                            plural, table->json_expr);
  if (!run (pg, search, 1, params, error) ||
      !kt_pg_search_refill_table (pg, table, staged, org_id, error))
    return FALSE;
  move = g_strdup_printf ("INSERT INTO %s SELECT * FROM \"seed_%s\"", table->name, plural);
  return run (pg, move, 0, NULL, error);
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
  g_autofree char *pipeline_id = kt_uuid_new ();
  g_autofree char *now = kt_now_iso ();
  g_autofree char *contacts = g_strdup_printf ("%u", n_contacts);
  g_autofree char *companies = g_strdup_printf ("%u", MAX (n_contacts / 10, 1));
  g_autofree char *deals = g_strdup_printf ("%u", n_contacts / 5);
  g_autoptr(KtHlc) clock = kt_hlc_new (NULL);
  g_autofree char *hlc = kt_hlc_tick (clock);
  const char *org_params[] = { org_id, user_id, member_id };
  const char *user_params[] = { user_id, org_id, email, password_hash };
  const char *data_params[] = { org_id, user_id, hlc, now, NULL, pipeline_id };
  const char *pipeline_params[] = { org_id, user_id, hlc, now, pipeline_id };

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

  /* One pipeline with four stages. */
  if (!run (pg, "INSERT INTO pipelines (org_id, id, owner_id, created_at, updated_at, hlc, name, position, is_default) "
                "VALUES ($1::uuid, $5::uuid, $2::uuid, $4, $4, $3, 'Sales', 0, true)", 5, pipeline_params, error) ||
      !run (pg, "INSERT INTO stages (org_id, id, owner_id, created_at, updated_at, hlc, pipeline_id, name, position, kind) "
                "SELECT $1::uuid, gen_random_uuid(), $2::uuid, $4, $4, $3, $5::uuid, s.name, s.pos, 'open' "
                "FROM (VALUES ('Lead', 0), ('Qualified', 1), ('Proposal', 2), ('Negotiation', 3)) AS s(name, pos)",
            5, pipeline_params, error))
    goto fail;

  /* Rows go to unindexed staging tables first, get their search text
   * and stored JSON there (as live writes make them), and move over in one
   * INSERT: updating 100,000 indexed rows afterwards takes several times as
   * long. */
  if (!stage (pg, "companies", error) || !stage (pg, "contacts", error) || !stage (pg, "deals", error))
    goto fail;

  data_params[4] = companies;
  if (!run (pg, "INSERT INTO seed_companies (org_id, id, owner_id, created_at, updated_at, hlc, name, city, country,"
                " currency, email, employee_count) "
                "SELECT $1::uuid, gen_random_uuid(), $2::uuid, $4, $4, $3,"
                " (" COMPANY_WORDS ")[1 + g % 16] || ' ' || (" COMPANY_KINDS ")[1 + (g / 16) % 8] || ' ' || g,"
                " (" CITIES ")[1 + g % 8], 'Bulgaria', 'EUR', 'office' || g || '@example.com', 5 + g % 500 "
                "FROM generate_series(1, $5::integer) g", 5, data_params, error))
    goto fail;

  if (!move_staged (pg, "companies", org_id, error))
    goto fail;

  data_params[4] = contacts;
  if (!run (pg, "WITH c AS (SELECT array_agg(id ORDER BY id) AS ids, count(*) AS n FROM companies WHERE org_id = $1::uuid) "
                "INSERT INTO seed_contacts (org_id, id, owner_id, created_at, updated_at, hlc, first_name, last_name,"
                " email, phone, job_title, company_id, city, country, source) "
                "SELECT $1::uuid, gen_random_uuid(), $2::uuid, $4, $4, $3,"
                " (" FIRST_NAMES ")[1 + g % 20], (" LAST_NAMES ")[1 + (g / 20) % 18],"
                " 'person' || g || '@example.com', '+359 88 ' || lpad((g % 1000000)::text, 6, '0'),"
                " 'Manager', c.ids[1 + g % c.n], (" CITIES ")[1 + g % 8], 'Bulgaria', 'manual' "
                "FROM generate_series(1, $5::integer) g, c", 5, data_params, error))
    goto fail;

  if (!move_staged (pg, "contacts", org_id, error))
    goto fail;

  data_params[4] = deals;
  if (!run (pg, "WITH s AS (SELECT array_agg(id ORDER BY position) AS ids FROM stages WHERE org_id = $1::uuid),"
                " c AS (SELECT array_agg(id ORDER BY id) AS ids, count(*) AS n FROM companies WHERE org_id = $1::uuid),"
                " p AS (SELECT array_agg(id ORDER BY id) AS ids, count(*) AS n FROM contacts WHERE org_id = $1::uuid) "
                "INSERT INTO seed_deals (org_id, id, owner_id, created_at, updated_at, hlc, title, pipeline_id, stage_id,"
                " value, currency, status, contact_id, company_id, position) "
                "SELECT $1::uuid, gen_random_uuid(), $2::uuid, $4, $4, $3, 'Deal ' || g, $6::uuid, s.ids[1 + g % 4],"
                " (1000 + g % 100000) * 100, 'EUR', 'open', p.ids[1 + g % p.n], c.ids[1 + g % c.n], g "
                "FROM generate_series(1, $5::integer) g, s, c, p", 6, data_params, error))
    goto fail;

  if (!move_staged (pg, "deals", org_id, error))
    goto fail;

  {
    const char *session_params[] = { token_hash, user_id, org_id };

    if (!run (pg, "INSERT INTO sessions (token_hash, user_id, org_id, expires_at) "
                  "VALUES ($1::bytea, $2::uuid, $3::uuid, now() + interval '7 days')", 3, session_params, error))
      goto fail;
  }
  {
    const char *counter_params[] = { org_id };

    if (!run (pg, "INSERT INTO org_counters (org_id, seq) VALUES ($1::uuid, 0) ON CONFLICT DO NOTHING",
              1, counter_params, error))
      goto fail;
  }

  return kt_pg_commit (pg, error) &&
         kt_pg_run (pg, "ANALYZE", 0, NULL, error);

fail:
  kt_pg_rollback (pg);
  return FALSE;
}
