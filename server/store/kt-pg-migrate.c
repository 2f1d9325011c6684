/* kt-pg-migrate.c: versioned schema migrations
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-pg-migrate"

#include "config.h"

#include <glib/gi18n.h>

#include "kt-pg-migrate.h"
#include "kt-pg-schema.h"
#include "kt-pg-search.h"

/* Any constant works as long as every instance uses the same one. */
#define MIGRATION_LOCK_KEY "4728191"

/* The account and team tables are written by the server, not synced as
 * generic records, so they are described here by hand. Tables that are
 * looked up by a global key (users by email, sessions by token hash,
 * login attempts) form the small account directory; everything else
 * carries org_id first in its primary key and indexes. */
static const char * const migration_1[] = {
  "CREATE EXTENSION IF NOT EXISTS pg_trgm",
  "CREATE EXTENSION IF NOT EXISTS btree_gin",

  "CREATE TABLE organizations ("
  " org_id uuid PRIMARY KEY,"
  " name text NOT NULL,"
  " vat_number text, address text, city text, country text,"
  " default_currency text NOT NULL DEFAULT 'EUR',"
  " logo text,"
  " created_at timestamptz NOT NULL DEFAULT now(),"
  " updated_at timestamptz NOT NULL DEFAULT now(),"
  " deleted boolean NOT NULL DEFAULT false)",

  "CREATE TABLE org_counters ("
  " org_id uuid PRIMARY KEY,"
  " seq bigint NOT NULL DEFAULT 0)",

  "CREATE TABLE users ("
  " id uuid PRIMARY KEY,"
  " org_id uuid NOT NULL,"            /* the organization it registered */
  " email text NOT NULL,"
  " full_name text NOT NULL,"
  " phone text, company_name text, company_vat text, company_address text,"
  " company_city text, company_country text,"
  " language text NOT NULL DEFAULT 'en',"
  " timezone text NOT NULL DEFAULT 'Europe/Sofia',"
  " password_hash text NOT NULL,"
  " last_seen_at timestamptz,"
  " created_at timestamptz NOT NULL DEFAULT now(),"
  " updated_at timestamptz NOT NULL DEFAULT now())",
  "CREATE UNIQUE INDEX users_email_idx ON users (lower(email))",

  "CREATE TABLE team_members ("
  " org_id uuid NOT NULL,"
  " id uuid NOT NULL,"
  " user_id uuid,"
  " role text NOT NULL CHECK (role IN ('owner', 'admin', 'manager', 'user')),"
  " status text NOT NULL CHECK (status IN ('active', 'invited', 'removed')),"
  " invited_email text,"
  " invite_token_hash bytea,"
  " invite_expires_at timestamptz,"
  " invited_by uuid,"
  " joined_at timestamptz,"
  " last_active_at timestamptz,"
  " created_at timestamptz NOT NULL DEFAULT now(),"
  " updated_at timestamptz NOT NULL DEFAULT now(),"
  " PRIMARY KEY (org_id, id))",
  "CREATE UNIQUE INDEX team_members_user_idx ON team_members (org_id, user_id) WHERE status = 'active'",
  "CREATE UNIQUE INDEX team_members_invite_idx ON team_members (invite_token_hash) WHERE invite_token_hash IS NOT NULL",
  "CREATE INDEX team_members_by_user_idx ON team_members (user_id) WHERE status = 'active'",

  "CREATE TABLE subscriptions ("
  " org_id uuid NOT NULL,"
  " id uuid NOT NULL,"
  " plan text NOT NULL CHECK (plan IN ('free', 'starter', 'professional', 'enterprise')),"
  " status text NOT NULL DEFAULT 'active',"
  " stripe_customer_id text, stripe_subscription_id text,"
  " current_period_start timestamptz, current_period_end timestamptz,"
  " cancel_at_period_end boolean NOT NULL DEFAULT false,"
  " contacts_limit bigint, users_limit bigint,"
  " ai_requests_limit bigint, ai_requests_used bigint NOT NULL DEFAULT 0,"
  " created_at timestamptz NOT NULL DEFAULT now(),"
  " updated_at timestamptz NOT NULL DEFAULT now(),"
  " PRIMARY KEY (org_id, id))",

  "CREATE TABLE subscription_histories ("
  " org_id uuid NOT NULL,"
  " id uuid NOT NULL,"
  " subscription_id uuid NOT NULL,"
  " event text NOT NULL,"
  " from_plan text, to_plan text, stripe_event_id text,"
  " occurred_at timestamptz NOT NULL DEFAULT now(),"
  " PRIMARY KEY (org_id, id))",

  "CREATE TABLE sessions ("
  " token_hash bytea PRIMARY KEY,"
  " user_id uuid NOT NULL,"
  " org_id uuid NOT NULL,"
  " address text,"
  " created_at timestamptz NOT NULL DEFAULT now(),"
  " expires_at timestamptz NOT NULL,"
  " revoked_at timestamptz)",
  "CREATE INDEX sessions_user_idx ON sessions (user_id)",

  "CREATE TABLE login_attempts ("
  " id bigserial PRIMARY KEY,"
  " email text NOT NULL,"
  " address text NOT NULL,"
  " success boolean NOT NULL,"
  " at timestamptz NOT NULL DEFAULT now())",
  "CREATE INDEX login_attempts_email_idx ON login_attempts (lower(email), at)",
  "CREATE INDEX login_attempts_address_idx ON login_attempts (address, at)",

  /* The per-organization change log that sync reads: seq comes from
   * org_counters inside the writing transaction, so it has no gaps. */
  "CREATE TABLE change_log ("
  " org_id uuid NOT NULL,"
  " seq bigint NOT NULL,"
  " entity text NOT NULL,"
  " record_id uuid NOT NULL,"
  " hlc text NOT NULL,"
  " deleted boolean NOT NULL DEFAULT false,"
  " fields jsonb NOT NULL DEFAULT '{}',"
  " clocks jsonb NOT NULL DEFAULT '{}',"
  " user_id uuid,"
  " created_at timestamptz NOT NULL DEFAULT now(),"
  " PRIMARY KEY (org_id, seq))",
  "CREATE INDEX change_log_record_idx ON change_log (org_id, entity, record_id)",
  NULL
};

/* Sync (docs/sync.md): the last mutation id processed per client, so a
 * retried push has no second effect. A client id is bound to one user. */
static const char * const migration_2[] = {
  "CREATE TABLE sync_clients ("
  " org_id uuid NOT NULL,"
  " client_id uuid NOT NULL,"
  " user_id uuid NOT NULL,"
  " last_mutation_id bigint NOT NULL DEFAULT 0,"
  " created_at timestamptz NOT NULL DEFAULT now(),"
  " last_seen_at timestamptz NOT NULL DEFAULT now(),"
  " PRIMARY KEY (org_id, client_id))",
  NULL
};

/* Sync: the rejections of a client's last push, so that a retry after a
 * lost answer hears about them again instead of "duplicate". */
static const char * const migration_3[] = {
  "ALTER TABLE sync_clients ADD COLUMN last_rejections jsonb NOT NULL DEFAULT '{}'",
  NULL
};

/* Document numbers (docs/money.md, "Numbering"): one counter row per
 * organization and kind, updated under its row lock in the transaction
 * that issues the document, so numbers have no gaps and no repeats even
 * with several server instances. max_used is the highest number given,
 * which the next number may never go back to. */
static const char * const migration_4[] = {
  "CREATE TABLE doc_counters ("
  " org_id uuid NOT NULL,"
  " kind text NOT NULL,"
  " prefix text NOT NULL DEFAULT '',"
  " next_number bigint NOT NULL DEFAULT 1,"
  " max_used bigint NOT NULL DEFAULT 0,"
  " digits integer NOT NULL DEFAULT 10,"
  " PRIMARY KEY (org_id, kind))",
  NULL
};

/* The seller's details on documents (the organization entity of
 * shared/kt-account.c): the PDF routes print them, the EPC QR code needs
 * the IBAN. */
static const char * const migration_5[] = {
  "ALTER TABLE organizations ADD COLUMN IF NOT EXISTS eik text,"
  " ADD COLUMN IF NOT EXISTS mol text, ADD COLUMN IF NOT EXISTS iban text,"
  " ADD COLUMN IF NOT EXISTS bic text, ADD COLUMN IF NOT EXISTS bank_name text",
  NULL
};

/* Background jobs (docs/architecture.md, "Jobs"): one row per run,
 * claimed by one instance at a time with FOR UPDATE SKIP LOCKED and a
 * lease (locked_until) that another instance may take over once it has
 * expired. dedupe_key makes enqueueing idempotent per organization and
 * kind (a schedule's next run is "overdue:2026-12-08"); NULL org_id is a
 * job of no organization. */
static const char * const migration_6[] = {
  "CREATE TABLE jobs ("
  " id bigserial PRIMARY KEY,"
  " org_id uuid,"
  " kind text NOT NULL,"
  " payload jsonb NOT NULL DEFAULT '{}',"
  " run_at timestamptz NOT NULL,"
  " attempts integer NOT NULL DEFAULT 0,"
  " max_attempts integer NOT NULL DEFAULT 5,"
  " last_error text,"
  " locked_by text,"
  " locked_until timestamptz,"
  " state text NOT NULL DEFAULT 'pending'"
  "  CHECK (state IN ('pending', 'running', 'done', 'failed')),"
  " dedupe_key text,"
  " created_at timestamptz NOT NULL DEFAULT now(),"
  " finished_at timestamptz)",
  "CREATE UNIQUE INDEX jobs_dedupe_idx ON jobs "
  "((coalesce(org_id, '00000000-0000-0000-0000-000000000000'::uuid)), kind, dedupe_key) "
  "WHERE dedupe_key IS NOT NULL",
  "CREATE INDEX jobs_due_idx ON jobs (run_at, id) WHERE state = 'pending'",
  "CREATE INDEX jobs_lease_idx ON jobs (locked_until) WHERE state = 'running'",
  "CREATE INDEX jobs_org_idx ON jobs (org_id, state, run_at)",
  NULL
};

/* Scheduled mail (docs/deploy.md, "Mail"): the organization's time zone
 * for its daily jobs, the sender name and reply-to on its mail, and the
 * days after the due date at which reminders go out. */
static const char * const migration_7[] = {
  "ALTER TABLE organizations ADD COLUMN IF NOT EXISTS time_zone text,"
  " ADD COLUMN IF NOT EXISTS mail_sender_name text,"
  " ADD COLUMN IF NOT EXISTS mail_reply_to text,"
  " ADD COLUMN IF NOT EXISTS reminder_steps text",
  NULL
};

/* Payment reminders (server/jobs/kt-job-reminders.c): which step of
 * which invoice was reminded. Kept apart from the jobs table, whose done
 * jobs are forgotten after a month, so a step goes out once for the
 * invoice's life. */
static const char * const migration_8[] = {
  "CREATE TABLE invoice_reminders ("
  " org_id uuid NOT NULL REFERENCES organizations(org_id) ON DELETE CASCADE,"
  " invoice_id uuid NOT NULL, step integer NOT NULL CHECK (step > 0),"
  " job_id bigint, created_at timestamptz NOT NULL DEFAULT now(),"
  " PRIMARY KEY (org_id, invoice_id, step))",
  NULL
};

/* Billing (docs/billing.md): Stripe events already applied, recorded in
 * the transaction of their effects so that a redelivery does nothing;
 * on the subscription, the Stripe price and the time of the newest
 * Stripe event applied to its state (events arrive in any order), and
 * since when a payment is overdue (the grace period). One subscription
 * row per organization, found again by Stripe's ids. */
static const char * const migration_9[] = {
  "CREATE TABLE stripe_events ("
  " event_id text PRIMARY KEY,"
  " type text NOT NULL,"
  " org_id uuid,"
  " created timestamptz NOT NULL,"
  " received_at timestamptz NOT NULL DEFAULT now())",
  "ALTER TABLE subscriptions ADD COLUMN stripe_price_id text,"
  " ADD COLUMN stripe_event_at bigint NOT NULL DEFAULT 0,"
  " ADD COLUMN past_due_since timestamptz",
  "CREATE UNIQUE INDEX subscriptions_org_idx ON subscriptions (org_id)",
  "CREATE INDEX subscriptions_stripe_subscription_idx ON subscriptions (stripe_subscription_id)"
  " WHERE stripe_subscription_id IS NOT NULL",
  "CREATE INDEX subscriptions_stripe_customer_idx ON subscriptions (stripe_customer_id)"
  " WHERE stripe_customer_id IS NOT NULL",
  "CREATE INDEX subscription_histories_org_idx ON subscription_histories (org_id, occurred_at)",
  /* What the plan limits count (docs/billing.md, "Limits"): live
   * contacts, deals and templates, and invoices made in a month
   * ("invoices:2026-12"), kept by the write path in the transaction of
   * each write. A row is made by counting the first time it is needed. */
  "CREATE TABLE org_usage ("
  " org_id uuid NOT NULL,"
  " key text NOT NULL,"
  " n bigint NOT NULL,"
  " PRIMARY KEY (org_id, key))",
  NULL
};

/* The organization's own Stripe account, for its invoices
 * (docs/billing.md, "The organization's own Stripe"): its restricted key
 * and webhook secret, each a libsodium secretbox (nonce then ciphertext,
 * base64) under the server's [stripe] org-secrets-key, never plaintext;
 * the key's last four characters to show which one is stored; and the
 * events of its webhook already applied, with the payment each made. */
static const char * const migration_10[] = {
  "CREATE TABLE org_stripe ("
  " org_id uuid PRIMARY KEY REFERENCES organizations(org_id) ON DELETE CASCADE,"
  " key_box text NOT NULL,"
  " webhook_secret_box text NOT NULL,"
  " key_last4 text NOT NULL,"
  " updated_at timestamptz NOT NULL DEFAULT now())",
  "CREATE TABLE org_stripe_events ("
  " org_id uuid NOT NULL REFERENCES organizations(org_id) ON DELETE CASCADE,"
  " event_id text NOT NULL,"
  " type text NOT NULL,"
  " payment_id uuid,"
  " received_at timestamptz NOT NULL DEFAULT now(),"
  " PRIMARY KEY (org_id, event_id))",
  NULL
};

/* The AI proxy (docs/ai.md): an organization's own provider, chosen by
 * an Owner or Admin; the key sealed under the server's secret key
 * (server/ai/kt-ai-secret.c), never in clear. */
static const char * const migration_11[] = {
  "CREATE TABLE ai_settings ("
  " org_id uuid PRIMARY KEY,"
  " provider text NOT NULL CHECK (provider IN ('gemini', 'openai')),"
  " base_url text,"
  " model text,"
  " api_key_sealed text,"
  " updated_by uuid,"
  " updated_at timestamptz NOT NULL DEFAULT now())",
  NULL
};

/* Saved views (docs/model.md) are their owner's alone: a private
 * entity's change-log entry names the one member it is visible to, and
 * the pull leaves out the entries visible to someone else, so another
 * member's client never learns that the record exists. NULL: everyone
 * in the organization, as for every shared entity. */
static const char * const migration_12[] = {
  "ALTER TABLE change_log ADD COLUMN visible_to uuid",
  NULL
};

/* The payment links the "payment_link" job made for invoices of an
 * organization's own Stripe account (docs/billing.md, "The link follows
 * the open amount"): one row per link, the active one for the invoice's
 * open amount, the ones before it deactivated at Stripe. */
static const char * const migration_13[] = {
  "CREATE TABLE invoice_payment_links ("
  " org_id uuid NOT NULL REFERENCES organizations(org_id) ON DELETE CASCADE,"
  " invoice_id uuid NOT NULL,"
  " stripe_link_id text NOT NULL,"
  " url text NOT NULL,"
  " amount bigint NOT NULL,"
  " currency text NOT NULL,"
  " active boolean NOT NULL DEFAULT true,"
  " created_at timestamptz NOT NULL DEFAULT now(),"
  " deactivated_at timestamptz,"
  " PRIMARY KEY (org_id, invoice_id, stripe_link_id))",
  NULL
};

/* The overdue job under 1 s (docs/performance.md, "Overdue marking under
 * 1 s"): each invoice it marks is a new row version with an entry in
 * every index of invoices, the trigram index the dearest. That index
 * moves to a side table of the search texts, which triggers keep
 * (kt-pg-schema.c) and which only a write of the search text touches;
 * invoices lose the indexes of their status, kind and owner, which the
 * lists' generic plans never used (kt_pg_schema_ddl() drops those and
 * stops making them). The change
 * log loses change_log_record_idx, the leading columns of
 * change_log_history_idx, which answers whatever it answered: one entry
 * fewer for every change of every record.
 *
 * On a new database the entity tables come after the numbered steps
 * (kt_pg_schema_ddl()), so invoices may not exist yet; on an old one the
 * table is locked against writes until the triggers exist, later in the
 * same transaction, so that no text written meanwhile is missed. */
static const char * const migration_14[] = {
  "DROP INDEX IF EXISTS change_log_record_idx",
  "CREATE TABLE invoices_search ("
  " org_id uuid NOT NULL,"
  " id uuid NOT NULL,"
  " kt_search text NOT NULL DEFAULT '',"
  " PRIMARY KEY (org_id, id))",
  "DO $$ BEGIN IF to_regclass ('public.invoices') IS NOT NULL THEN"
  " LOCK TABLE invoices IN SHARE ROW EXCLUSIVE MODE;"
  " INSERT INTO invoices_search (org_id, id, kt_search) SELECT org_id, id, kt_search FROM invoices;"
  " DROP INDEX IF EXISTS invoices_search_idx;"
  " END IF; END $$",
  "CREATE INDEX invoices_search_trgm_idx ON invoices_search USING gin (org_id, kt_search gin_trgm_ops)",
  NULL
};

/* An organization's time zone without reading the zone files
 * (kt-pg-zone.h): pg_timezone_names opens every file of the time zone
 * database, about 45 ms a statement on this machine, and the scheduling
 * of each recurring job ran it once per kind. The name is the zone's
 * when it looks like an IANA name ("Europe/Sofia", "UTC",
 * "Etc/GMT+3", "GMT+0") and PostgreSQL accepts it, NULL otherwise: a
 * POSIX rule such as "abc+3" is no zone a person chose. */
static const char * const migration_15[] = {
  "CREATE OR REPLACE FUNCTION kt_known_zone (name text) RETURNS text"
  " LANGUAGE plpgsql STABLE PARALLEL SAFE AS $$"
  " BEGIN"
  "   IF name IS NULL OR name !~ '^([A-Za-z][A-Za-z0-9_-]*(/[A-Za-z0-9_+-]+)*|GMT[+-]0)$' THEN"
  "     RETURN NULL;"
  "   END IF;"
  "   PERFORM now () AT TIME ZONE name;"
  "   RETURN name;"
  " EXCEPTION WHEN invalid_parameter_value THEN"
  "   RETURN NULL;"
  " END $$",
  NULL
};

/* Lean answers (docs/api.md): the stored JSON of every record loses
 * org_id, hlc and deleted, which only ?include=clocks adds back
 * (kt-pg-records.c). They were written in the order id, org_id,
 * owner_id, created_at, updated_at, hlc, deleted, so two byte-wise
 * replaces of the row's own values take them out: no JSON work. The
 * table is rewritten (ALTER ... USING) rather than updated row by row,
 * which would leave it and its indexes twice their size (see
 * kt_pg_search_fill_walks()), and vacuumed after the transaction
 * (kt_pg_migrate()). A null text stays null for kt_pg_schema_ddl() to
 * fill. On a new database the entity tables do not exist yet and the
 * loop finds none. */
#define LEAN_JSON_MIGRATION 16
static const char * const migration_16[] = {
  "DO $$ DECLARE r record; BEGIN"
  " FOR r IN SELECT c.relname FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid"
  "  WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'r'"
  "  AND a.attname = 'kt_json' AND NOT a.attisdropped LOOP"
  "  EXECUTE format ('ALTER TABLE %I ALTER COLUMN kt_json TYPE text USING replace (replace (kt_json,"
  " '',\"org_id\":\"'' || org_id || ''\"'', ''''),"
  " '',\"hlc\":'' || to_json (hlc)::text || '',\"deleted\":'' || deleted, '''')', r.relname);"
  " END LOOP; END $$",
  NULL
};

static const char * const * const migrations[] = {
  migration_1,
  migration_2,
  migration_3,
  migration_4,
  migration_5,
  migration_6,
  migration_7,
  migration_8,
  migration_9,
  migration_10,
  migration_11,
  migration_12,
  migration_13,
  migration_14,
  migration_15,
  migration_16,
};

guint
kt_pg_migrate_latest (void)
{
  return G_N_ELEMENTS (migrations);
}

static gboolean
migrate_locked (KtPg       *pg,
                guint      *applied,
                GPtrArray **rewritten,
                gboolean   *lean_rewrite,
                GError    **error)
{
  g_autoptr(PGresult) res = NULL;
  g_autoptr(GPtrArray) ddl = NULL;
  guint current;

  if (!kt_pg_run (pg, "SELECT pg_advisory_xact_lock(" MIGRATION_LOCK_KEY ")", 0, NULL, error) ||
      !kt_pg_run (pg, "CREATE TABLE IF NOT EXISTS schema_migrations ("
                      " version integer PRIMARY KEY,"
                      " applied_at timestamptz NOT NULL DEFAULT now())", 0, NULL, error))
    return FALSE;

  res = kt_pg_exec (pg, NULL, "SELECT coalesce(max(version), 0) FROM schema_migrations", 0, NULL, error);
  if (res == NULL)
    return FALSE;
  current = (guint) g_ascii_strtoull (kt_pg_value (res, 0, 0), NULL, 10);

  if (current > kt_pg_migrate_latest ())
    {
      g_set_error (error, KT_PG_ERROR, KT_PG_ERROR_QUERY,
                   _("The database schema (version %u) is newer than this server (version %u)"),
                   current, kt_pg_migrate_latest ());
      return FALSE;
    }

  for (guint v = current + 1; v <= kt_pg_migrate_latest (); v++)
    {
      g_autofree char *version = g_strdup_printf ("%u", v);
      const char *params[] = { version };

      for (guint i = 0; migrations[v - 1][i] != NULL; i++)
        if (!kt_pg_run (pg, migrations[v - 1][i], 0, NULL, error))
          {
            g_prefix_error (error, _("Migration %u failed: "), v);
            return FALSE;
          }
      if (!kt_pg_run (pg, "INSERT INTO schema_migrations (version) VALUES ($1::integer)", 1, params, error))
        return FALSE;
      g_message ("applied schema migration %u", v);
      if (applied)
        (*applied)++;
    }

  *rewritten = kt_pg_search_walks_missing (pg, error);
  if (*rewritten == NULL)
    return FALSE;
  *lean_rewrite = current > 0 && current < LEAN_JSON_MIGRATION;
  ddl = kt_pg_schema_ddl ();
  for (guint i = 0; i < ddl->len; i++)
    if (!kt_pg_run (pg, g_ptr_array_index (ddl, i), 0, NULL, error))
      {
        g_prefix_error (error, _("Updating the entity tables failed: "));
        return FALSE;
      }
  if (!kt_pg_search_fill_walks (pg, *rewritten, error))
    return FALSE;

  return kt_pg_search_migrate (pg, error);
}

gboolean
kt_pg_migrate (KtPg    *pg,
               guint   *applied,
               GError **error)
{
  g_autoptr(GPtrArray) rewritten = NULL;
  gboolean lean_rewrite = FALSE;

  g_return_val_if_fail (pg != NULL, FALSE);

  if (applied)
    *applied = 0;

  if (!kt_pg_begin (pg, error))
    return FALSE;
  if (!migrate_locked (pg, applied, &rewritten, &lean_rewrite, error))
    {
      kt_pg_rollback (pg);
      return FALSE;
    }
  if (!kt_pg_commit (pg, error))
    return FALSE;
  /* Migration 16 rewrote every record table of an older database, which
   * empties the visibility maps the search walks read, as filling the
   * walks does. */
  kt_pg_search_vacuum (pg, lean_rewrite ? kt_pg_schema_tables () : rewritten);
  return TRUE;
}
