/* kt-bench-overdue.c: the daily overdue job on 20,000 invoices of one
 * organization (issue 14's target: under 1 s)
 *
 *   kt-bench-overdue CONNINFO [RUNS]
 *
 * Migrates the database, then RUNS times (3 by default): a new
 * organization with 20,000 invoices issued in March 2026 and due on the
 * 31st, written by one INSERT with what the write path stores (number,
 * company, a contact on a third, a deal on a fifth, the client's name,
 * VAT number and EIK, the totals, the folded search text and a stored
 * JSON of the same size), vacuumed and analyzed as autovacuum would
 * leave them; then kt_pg_jobs_mark_overdue() in its own transaction, the
 * job's statement, timed from BEGIN to COMMIT. Prints each run and
 * "server.overdue_20000_invoices: N ms (median of RUNS)", and the CPU
 * time of the PostgreSQL backend that ran it (from /proc, when the
 * database runs on this machine): on a machine shared with builds the
 * wall clock measures the others as well.
 * tools/bench-server runs it as its part "overdue" (docs/performance.md).
 * Not a test: it asserts nothing about speed; it fails only when the
 * statement does not mark the 20,000.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kantora-shared.h"
#include "kt-hlc.h"
#include "kt-pg.h"
#include "kt-pg-jobs.h"
#include "kt-pg-migrate.h"
#include "kt-pg-schema.h"

#define INVOICES 20000

/* 2026-04-02 08:00 UTC: every invoice is a day past due. */
#define NOW_MS G_GINT64_CONSTANT (1775116800000)

/* The rows go through a copy of the table so that their stored JSON is
 * the one the write path stores (the table's own expression). */
static const char insert_sql[] =
  "INSERT INTO kt_bench_invoices (org_id, id, owner_id, created_at, updated_at, hlc, clocks, number, kind, status, "
  " company_id, contact_id, deal_id, issue_date, due_date, currency, rounding, client_name, client_address, "
  " client_vat, client_eik, language, subtotal, discount, net, tax, total, paid_amount, credited_amount, kt_search) "
  "SELECT $1::uuid, i.id, $2::uuid, '2026-03-01T10:00:00.000Z', '2026-03-01T10:00:00.000Z', i.hlc, "
  " jsonb_build_object('status', i.hlc, 'number', i.hlc, 'total', i.hlc), i.number, 'invoice', i.status, "
  " i.company_id, i.contact_id, i.deal_id, '2026-03-01', '2026-03-31', 'EUR', 'per_document', i.client, "
  " 'ул. Витоша ' || g || ', София', i.vat, i.eik, 'bg', 10000 + g, 0, 10000 + g, 2000 + g / 5, 12000 + g + g / 5, "
  " i.paid, 0, lower(i.number || ' ' || i.client || ' ' || i.vat || ' ' || i.eik) "
  "FROM generate_series(1, $3::integer) g CROSS JOIN LATERAL (SELECT gen_random_uuid() AS id, "
  " '2026-03-01T10:00:00.000Z-0000-00000000000000b0' AS hlc, $4 || lpad(g::text, 10, '0') AS number, "
  " (ARRAY['issued', 'sent', 'partially_paid'])[1 + g % 3] AS status, "
  " CASE WHEN g % 3 = 2 THEN 2000 ELSE 0 END AS paid, "
  " gen_random_uuid() AS company_id, CASE WHEN g % 3 = 0 THEN gen_random_uuid() END AS contact_id, "
  " CASE WHEN g % 5 = 0 THEN gen_random_uuid() END AS deal_id, "
  " 'Клиент ' || g || ' ЕООД' AS client, 'BG' || (200000000 + g) AS vat, (200000000 + g)::text AS eik) i";

/* Writes the organization's invoices (above). */
static gboolean
insert_invoices (KtPg        *pg,
                 const char  *org,
                 const char  *owner,
                 guint        run,
                 GError     **error)
{
  const KtPgTable *table = kt_pg_schema_lookup_entity (KT_ENTITY_INVOICE);
  g_autofree char *count = g_strdup_printf ("%d", INVOICES);
  g_autofree char *prefix = g_strdup_printf ("%u", run);
  g_autofree char *json_sql = g_strdup_printf ("UPDATE kt_bench_invoices t SET kt_json = %s", table->json_expr);
  const char *params[] = { org, owner, count, prefix };

  return kt_pg_run (pg, "DROP TABLE IF EXISTS kt_bench_invoices", 0, NULL, error) &&
         kt_pg_run (pg, "CREATE TEMPORARY TABLE kt_bench_invoices (LIKE invoices INCLUDING DEFAULTS)", 0, NULL, error) &&
         kt_pg_run (pg, insert_sql, G_N_ELEMENTS (params), params, error) &&
         kt_pg_run (pg, json_sql, 0, NULL, error) &&
         kt_pg_run (pg, "INSERT INTO invoices SELECT * FROM kt_bench_invoices", 0, NULL, error);
}

/* The CPU time of process @pid in ms (user and system), or -1. */
static double
cpu_ms (const char *pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%s/stat", pid);
  g_autofree char *text = NULL;
  g_auto(GStrv) fields = NULL;
  const char *end;

  if (pid == NULL || !g_file_get_contents (path, &text, NULL, NULL))
    return -1;
  /* The fields after the command name, which may hold spaces: state is
   * the first, utime the 12th, stime the 13th. */
  end = strrchr (text, ')');
  if (end == NULL)
    return -1;
  fields = g_strsplit (end + 2, " ", -1);
  if (g_strv_length (fields) < 13)
    return -1;
  return (g_ascii_strtod (fields[11], NULL) + g_ascii_strtod (fields[12], NULL)) * 1000.0 / sysconf (_SC_CLK_TCK);
}

static gboolean
run_once (KtPg     *pg,
          guint     run,
          double   *ms,
          double   *cpu,
          GError  **error)
{
  g_autofree char *org = g_uuid_string_random ();
  g_autofree char *owner = g_uuid_string_random ();
  g_autofree char *stamp = NULL;
  g_autoptr(KtHlc) clock = kt_hlc_new (NULL);
  const char *org_params[] = { org };
  g_autofree char *backend = NULL;
  gint64 invoices = 0, offers = 0, start;
  double cpu_before;

  if (!kt_pg_run (pg, "INSERT INTO organizations (org_id, name) VALUES ($1::uuid, 'Бенчмарк ООД')",
                  1, org_params, error) ||
      !insert_invoices (pg, org, owner, run, error) ||
      !kt_pg_run (pg, "VACUUM ANALYZE invoices", 0, NULL, error) ||
      !kt_pg_run (pg, "VACUUM ANALYZE change_log", 0, NULL, error))
    return FALSE;

  {
    g_autoptr(PGresult) res = kt_pg_exec (pg, NULL, "SELECT pg_backend_pid()", 0, NULL, error);

    if (res == NULL)
      return FALSE;
    backend = g_strdup (kt_pg_value (res, 0, 0));
  }
  stamp = kt_hlc_tick (clock);
  cpu_before = cpu_ms (backend);
  start = g_get_monotonic_time ();
  if (!kt_pg_begin (pg, error))
    return FALSE;
  if (!kt_pg_jobs_mark_overdue (pg, org, NOW_MS, stamp, &invoices, &offers, error))
    {
      kt_pg_rollback (pg);
      return FALSE;
    }
  if (!kt_pg_commit (pg, error))
    return FALSE;
  *ms = (g_get_monotonic_time () - start) / 1000.0;
  *cpu = cpu_before < 0 ? -1 : cpu_ms (backend) - cpu_before;

  if (invoices != INVOICES)
    {
      g_set_error (error, KT_PG_ERROR, KT_PG_ERROR_QUERY, "marked %" G_GINT64_FORMAT " invoices, not %d",
                   invoices, INVOICES);
      return FALSE;
    }
  return TRUE;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) cpus = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(KtPg) pg = NULL;
  guint runs;

  if (argc < 2)
    {
      fprintf (stderr, "usage: kt-bench-overdue CONNINFO [RUNS]\n");
      return 2;
    }
  runs = argc > 2 ? (guint) g_ascii_strtoull (argv[2], NULL, 10) : 3;
  if (runs == 0)
    runs = 1;

  pg = kt_pg_new (argv[1]);
  if (!kt_pg_ensure (pg, 5000, &error) || !kt_pg_migrate (pg, NULL, &error))
    g_error ("kt-bench-overdue: %s", error->message);

  for (guint i = 0; i < runs; i++)
    {
      double ms = 0, cpu = -1;

      if (!run_once (pg, i, &ms, &cpu, &error))
        g_error ("kt-bench-overdue: %s", error->message);
      printf ("run %u: %d invoices marked overdue in %.0f ms, %.0f ms CPU\n", i + 1, INVOICES, ms, cpu);
      fflush (stdout);
      g_array_append_val (times, ms);
      g_array_append_val (cpus, cpu);
    }
  g_array_sort (times, compare_doubles);
  printf ("server.overdue_20000_invoices: %.0f ms (median of %u)\n",
          g_array_index (times, double, runs / 2), runs);
  g_array_sort (cpus, compare_doubles);
  if (g_array_index (cpus, double, 0) >= 0)
    printf ("server.overdue_20000_invoices_cpu: %.0f ms (PostgreSQL's backend, median of %u)\n",
            g_array_index (cpus, double, runs / 2), runs);
  return 0;
}
