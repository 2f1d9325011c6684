/* test-mail-jobs.c: mail through the job queue (server/jobs/kt-job-mail.c)
 *
 * Invoices sent by POST /v1/invoices/{id}/send and payment reminders
 * (kt-job-reminders.c) arrive in a real SMTP sink (kt-smtp-sink.c) with
 * the invoice's PDF, which poppler opens, in the invoice's language; an
 * SMTP outage only delays them; each sent mail leaves a mail log entry
 * on the invoice that clients pull; reminders respect the opt-out, go
 * once per step, and not for an invoice paid after they were queued.
 * The runner's clock is injected: "run what is due at T", never a sleep.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <poppler.h>
#include <string.h>

#include "kantora-shared.h"
#include "kt-mail-texts.h"
#include "kt-test-mail.h"

static char *conninfo;

typedef struct {
  KtTestMail     mail;
  KtSmtpSink    *sink;   /* the mail's */
  KtTestServer  *ts;
  KtTestAccount  owner;
} Fixture;

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  g_autoptr(JsonNode) org = NULL;
  guint status = 0;

  kt_test_mail_init (&f->mail, conninfo, "billing@crm.example.bg");
  f->sink = f->mail.sink;
  f->ts = f->mail.ts;
  kt_test_register (f->ts, "Owner", &f->owner);
  org = kt_test_request (f->ts, "PATCH", "/v1/organization", f->owner.token,
                         "{\"name\":\"Примерна фирма ЕООД\",\"mail_sender_name\":\"Фирма – фактури\","
                         "\"mail_reply_to\":\"accounts@example.bg\",\"reminder_steps\":\"3,10\","
                         "\"time_zone\":\"Europe/Sofia\"}", &status);
  g_assert_cmpuint (status, ==, 200);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  kt_test_account_clear (&f->owner);
  kt_test_mail_clear (&f->mail);
}

static gint64
at (const char *iso)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_iso8601 (iso, NULL);

  g_assert_nonnull (dt);
  return g_date_time_to_unix (dt) * 1000;
}

static gint64 queryf_int (const char *format, ...) G_GNUC_PRINTF (1, 2);
static char *queryf (const char *format, ...) G_GNUC_PRINTF (1, 2);

static char *
queryf (const char *format,
        ...)
{
  va_list args;
  g_autofree char *sql = NULL;

  va_start (args, format);
  sql = g_strdup_vprintf (format, args);
  va_end (args);
  return kt_test_pg_query (conninfo, sql);
}

static gint64
queryf_int (const char *format,
            ...)
{
  va_list args;
  g_autofree char *sql = NULL;
  g_autofree char *value = NULL;

  va_start (args, format);
  sql = g_strdup_vprintf (format, args);
  va_end (args);
  value = kt_test_pg_query (conninfo, sql);
  g_assert_nonnull (value);
  return g_ascii_strtoll (value, NULL, 10);
}

static guint
run_due (Fixture *f,
         gint64   now)
{
  return kt_test_mail_run_due (&f->mail, now);
}

/* An issued invoice for @client_field (contact_id or company_id) @client
 * in @language, due on @due; returns its id. */
static char *
issued_invoice (Fixture    *f,
                const char *client_field,
                const char *client,
                const char *language,
                const char *due)
{
  g_autofree char *body = g_strdup_printf ("{\"issue_date\":\"2026-03-01\",\"due_date\":\"%s\","
                                           "\"client_name\":\"Балкан ООД\",\"language\":\"%s\",\"%s\":\"%s\"}",
                                           due, language, client_field, client);
  g_autofree char *id = kt_test_create (f->ts, f->owner.token, "invoices", body);
  g_autofree char *line = g_strdup_printf ("{\"invoice_id\":\"%s\",\"description\":\"Поддръжка\","
                                           "\"quantity\":1000,\"unit_price\":10000,\"vat_bps\":2000}", id);
  g_autofree char *line_id = kt_test_create (f->ts, f->owner.token, "invoice_items", line);

  kt_test_patch_ok (f->ts, f->owner.token, "invoices", id, "{\"status\":\"issued\"}");
  return g_steal_pointer (&id);
}

static char *
contact (Fixture    *f,
         const char *email,
         gboolean    opt_out)
{
  g_autofree char *body = g_strdup_printf ("{\"first_name\":\"Иван\",\"last_name\":\"Петров\","
                                           "\"email\":\"%s\",\"reminders_opt_out\":%s}",
                                           email, opt_out ? "true" : "false");

  return kt_test_create (f->ts, f->owner.token, "contacts", body);
}

/* The @index-th mail: its recipient, decoded subject, body words and
 * attachment (a PDF that poppler opens). */
static void
check_mail (Fixture    *f,
            guint       index,
            const char *to,
            const char *subject,
            const char *words)
{
  const KtSmtpSinkMessage *m = kt_smtp_sink_get (f->sink, index);
  g_autoptr(KtMailPart) top = kt_mail_part_parse (m->data);
  g_autofree char *from = kt_mail_decode_words (kt_mail_part_header (top, "From"));
  g_autofree char *got_subject = kt_mail_decode_words (kt_mail_part_header (top, "Subject"));
  g_autofree char *text = NULL;
  g_autofree char *filename = NULL;
  PopplerDocument *doc;
  g_autoptr(GError) error = NULL;
  KtMailPart *body, *attachment;

  g_assert_cmpstr (m->rcpt_to[0], ==, to);
  g_assert_null (m->rcpt_to[1]);
  g_assert_cmpstr (from, ==, "Фирма – фактури <billing@crm.example.bg>");
  g_assert_cmpstr (kt_mail_part_header (top, "Reply-To"), ==, "<accounts@example.bg>");
  g_assert_cmpstr (got_subject, ==, subject);
  g_assert_nonnull (top->parts);
  g_assert_cmpuint (top->parts->len, ==, 2);
  body = g_ptr_array_index (top->parts, 0);
  attachment = g_ptr_array_index (top->parts, 1);
  text = kt_mail_part_text (body);
  g_assert_nonnull (strstr (text, words));
  g_assert_true (g_str_has_prefix (kt_mail_part_header (attachment, "Content-Type"), "application/pdf"));
  filename = kt_mail_header_param (kt_mail_part_header (attachment, "Content-Disposition"), "filename");
  g_assert_true (g_str_has_suffix (filename, ".pdf"));
  doc = poppler_document_new_from_bytes (attachment->body, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (poppler_document_get_n_pages (doc), >=, 1);
  g_object_unref (doc);
}

/* The index of the mail that went to @to. */
static guint
index_of (Fixture    *f,
          const char *to)
{
  for (guint i = 0; i < kt_smtp_sink_count (f->sink); i++)
    if (g_str_equal (kt_smtp_sink_get (f->sink, i)->rcpt_to[0], to))
      return i;
  g_assert_not_reached ();
}

/* The invoice's mail log: its activities' subjects, oldest first. */
static char *
mail_log (Fixture    *f,
          const char *invoice)
{
  return queryf ("SELECT string_agg(subject, ' | ' ORDER BY occurred_at, subject) FROM activities "
                 "WHERE org_id = '%s' AND invoice_id = '%s' AND type = 'email' AND NOT deleted",
                 f->owner.org_id, invoice);
}

/* Sent by the route: queued (202), not sent while the mail server is
 * down, sent once when it is back; the invoice is then "sent" and its
 * timeline has the mail, both in the change log clients pull. */
static void
test_send_through_outage (Fixture *f, gconstpointer data)
{
  g_autofree char *client = contact (f, "ivan@example.bg", FALSE);
  g_autofree char *invoice = issued_invoice (f, "contact_id", client, "bg", "2026-03-15");
  g_autofree char *path = g_strdup_printf ("/v1/invoices/%s/send", invoice);
  g_autofree char *log = NULL;
  g_autofree char *status_text = NULL;
  g_autoptr(JsonNode) answer = NULL;
  const gint64 now = g_get_real_time () / 1000;
  guint status = 0;
  gint64 job, seq_before;

  answer = kt_test_request (f->ts, "POST", path, f->owner.token, "{}", &status);
  g_assert_cmpuint (status, ==, 202);
  g_assert_cmpstr (kt_test_json_string (answer, "to"), ==, "ivan@example.bg");
  job = g_ascii_strtoll (kt_test_json_string (answer, "job_id"), NULL, 10);
  g_assert_cmpint (job, >, 0);
  seq_before = queryf_int ("SELECT max(seq) FROM change_log WHERE org_id = '%s'", f->owner.org_id);

  /* The counts of jobs run below are at least: other tests' daily jobs
   * may be due as well. */
  kt_smtp_sink_set_mode (f->sink, KT_SMTP_SINK_DOWN);
  g_assert_cmpuint (run_due (f, now + 1000), >=, 1);
  g_assert_cmpuint (kt_smtp_sink_count (f->sink), ==, 0);
  g_assert_cmpint (queryf_int ("SELECT count(*) FROM jobs WHERE id = %" G_GINT64_FORMAT
                               " AND state = 'pending' AND attempts = 1 AND last_error IS NOT NULL", job), ==, 1);
  /* Nothing of the mail was written while it could not go. */
  status_text = queryf ("SELECT status FROM invoices WHERE id = '%s'", invoice);
  g_assert_cmpstr (status_text, ==, "issued");
  g_assert_null (mail_log (f, invoice));
  g_assert_cmpint (queryf_int ("SELECT max(seq) FROM change_log WHERE org_id = '%s'", f->owner.org_id), ==,
                   seq_before);

  /* Not before its backoff; then once. */
  run_due (f, now + 2000);
  g_assert_cmpint (queryf_int ("SELECT attempts FROM jobs WHERE id = %" G_GINT64_FORMAT, job), ==, 1);
  kt_smtp_sink_set_mode (f->sink, KT_SMTP_SINK_ACCEPT);
  g_assert_cmpuint (run_due (f, now + 60 * 60 * 1000), >=, 1);
  run_due (f, now + 2 * 60 * 60 * 1000);
  g_assert_cmpint (queryf_int ("SELECT count(*) FROM jobs WHERE id = %" G_GINT64_FORMAT
                               " AND state = 'done' AND attempts = 2", job), ==, 1);
  g_assert_cmpuint (kt_smtp_sink_count (f->sink), ==, 1);
  check_mail (f, 0, "ivan@example.bg", "Фактура 0000000001 от Фирма – фактури", "с падеж 2026-03-15");

  g_free (status_text);
  status_text = queryf ("SELECT status FROM invoices WHERE id = '%s'", invoice);
  g_assert_cmpstr (status_text, ==, "sent");
  log = mail_log (f, invoice);
  g_assert_cmpstr (log, ==, "Фактура 0000000001 изпратена до ivan@example.bg");
  g_assert_cmpint (queryf_int ("SELECT count(*) FROM activities WHERE invoice_id = '%s' AND contact_id = '%s'",
                               invoice, client), ==, 1);
  /* Clients pull both. */
  g_assert_cmpint (queryf_int ("SELECT count(*) FROM change_log WHERE org_id = '%s' AND seq > %" G_GINT64_FORMAT
                               " AND ((entity = 'invoice' AND fields->>'status' = 'sent') OR entity = 'activity')",
                               f->owner.org_id, seq_before), ==, 2);
}

/* The route's answers: defaults, a chosen address and language, and each
 * error a client shows. */
static void
test_send_route (Fixture *f, gconstpointer data)
{
  g_autofree char *client = contact (f, "maria@example.com", FALSE);
  g_autofree char *no_mail = kt_test_create (f->ts, f->owner.token, "companies", "{\"name\":\"Без поща ООД\"}");
  g_autofree char *invoice = issued_invoice (f, "contact_id", client, "bg", "2026-03-15");
  g_autofree char *silent = issued_invoice (f, "company_id", no_mail, "bg", "2026-03-15");
  g_autofree char *draft = kt_test_create (f->ts, f->owner.token, "invoices",
                                           "{\"issue_date\":\"2026-03-01\",\"client_name\":\"Чернова\"}");
  g_autofree char *path = g_strdup_printf ("/v1/invoices/%s/send", invoice);
  g_autofree char *silent_path = g_strdup_printf ("/v1/invoices/%s/send", silent);
  g_autofree char *draft_path = g_strdup_printf ("/v1/invoices/%s/send", draft);
  g_autofree char *missing_path = g_strdup_printf ("/v1/invoices/%s/send", "01920000-0000-7000-8000-000000000000");
  KtTestAccount user = { NULL, };
  guint status = 0;

  {
    g_autoptr(JsonNode) answer = kt_test_request (f->ts, "POST", path, f->owner.token,
                                                  "{\"to\":\"accounts@client.example\",\"language\":\"en\"}", &status);

    g_assert_cmpuint (status, ==, 202);
    g_assert_cmpstr (kt_test_json_string (answer, "to"), ==, "accounts@client.example");
  }
  {
    g_autoptr(JsonNode) answer = kt_test_request (f->ts, "POST", silent_path, f->owner.token, NULL, &status);

    g_assert_cmpuint (status, ==, 422);
    g_assert_cmpstr (kt_test_json_string (answer, "error.field"), ==, "to");
  }
  {
    g_autoptr(JsonNode) answer = kt_test_request (f->ts, "POST", silent_path, f->owner.token,
                                                  "{\"to\":\"not an address\"}", &status);

    g_assert_cmpuint (status, ==, 422);
    g_assert_cmpstr (kt_test_json_string (answer, "error.field"), ==, "to");
  }
  {
    g_autoptr(JsonNode) answer = kt_test_request (f->ts, "POST", draft_path, f->owner.token,
                                                  "{\"to\":\"x@example.com\"}", &status);

    g_assert_cmpuint (status, ==, 422);
    g_assert_cmpstr (kt_test_json_string (answer, "error.field"), ==, "status");
  }
  {
    g_autoptr(JsonNode) answer = kt_test_request (f->ts, "POST", missing_path, f->owner.token, "{}", &status);

    g_assert_cmpuint (status, ==, 404);
    g_assert_cmpstr (kt_test_json_string (answer, "error.code"), ==, "not_found");
  }
  /* A User may send only what it may edit: not the Owner's invoice. */
  kt_test_add_member (f->ts, &f->owner, "user", &user);
  {
    g_autoptr(JsonNode) answer = kt_test_request (f->ts, "POST", path, user.token, "{}", &status);

    g_assert_cmpuint (status, ==, 403);
    g_assert_cmpstr (kt_test_json_string (answer, "error.code"), ==, "permission");
  }
  kt_test_account_clear (&user);

  /* The invoice's mail, and the User's invitation. */
  g_assert_cmpuint (run_due (f, g_get_real_time () / 1000 + 1000), >=, 2);
  g_assert_cmpuint (kt_smtp_sink_count (f->sink), ==, 2);
  check_mail (f, index_of (f, "accounts@client.example"), "accounts@client.example", "Invoice 0000000001 from Фирма – фактури", "due on 2026-03-15");
  {
    g_autofree char *log = mail_log (f, invoice);

    g_assert_cmpstr (log, ==, "Invoice 0000000001 sent to accounts@client.example");
  }
}

/* Without SMTP the route says so, and queues nothing. */
static void
test_send_without_smtp (void)
{
  g_autoptr(KtTestServer) ts = kt_test_server_new (conninfo);
  g_autoptr(JsonNode) answer = NULL;
  g_autofree char *invoice = NULL;
  g_autofree char *path = NULL;
  KtTestAccount owner = { NULL, };
  guint status = 0;

  kt_test_register (ts, "Owner", &owner);
  invoice = kt_test_create (ts, owner.token, "invoices", "{\"issue_date\":\"2026-03-01\",\"client_name\":\"X\"}");
  path = g_strdup_printf ("/v1/invoices/%s/send", invoice);
  answer = kt_test_request (ts, "POST", path, owner.token, "{\"to\":\"x@example.com\"}", &status);
  g_assert_cmpuint (status, ==, 409);
  g_assert_cmpstr (kt_test_json_string (answer, "error.code"), ==, "mail_not_configured");
  g_assert_cmpint (queryf_int ("SELECT count(*) FROM jobs WHERE org_id = '%s' AND kind = 'mail'", owner.org_id),
                   ==, 0);
  kt_test_account_clear (&owner);
}

static void
enqueue_reminders (Fixture *f,
                   gint64   now)
{
  g_autoptr(KtPg) pg = kt_pg_new (conninfo);
  g_autoptr(GError) error = NULL;

  g_assert_true (kt_pg_ensure (pg, 1000, &error));
  g_assert_true (kt_jobs_enqueue (pg, f->owner.org_id, "reminders", NULL, now, NULL, NULL, &error));
  g_assert_no_error (error);
}

/* Reminders at 3 and 10 days after the due date, in each invoice's
 * language, with the PDF; not to a client who opted out or has no
 * address; once per step however often the daily job runs; not for an
 * invoice paid after its reminder was queued. */
static void
test_reminders (Fixture *f, gconstpointer data)
{
  g_autofree char *ivan = contact (f, "ivan@example.bg", FALSE);
  g_autofree char *quiet = contact (f, "quiet@example.bg", TRUE);
  g_autofree char *company = kt_test_create (f->ts, f->owner.token, "companies",
                                             "{\"name\":\"Acme Ltd\",\"email\":\"ap@acme.example\"}");
  g_autofree char *opted_company = kt_test_create (f->ts, f->owner.token, "companies",
                                                   "{\"name\":\"Quiet Ltd\",\"email\":\"q@quiet.example\","
                                                   "\"reminders_opt_out\":true}");
  g_autofree char *bg = issued_invoice (f, "contact_id", ivan, "bg", "2026-03-10");
  g_autofree char *en = issued_invoice (f, "company_id", company, "en", "2026-03-10");
  g_autofree char *skipped = issued_invoice (f, "contact_id", quiet, "bg", "2026-03-10");
  g_autofree char *skipped2 = issued_invoice (f, "company_id", opted_company, "en", "2026-03-10");
  g_autofree char *log = NULL;

  /* Two days late (Sofia): no step reached. */
  enqueue_reminders (f, at ("2026-03-12T08:00:00Z"));
  g_assert_cmpuint (run_due (f, at ("2026-03-12T08:00:00Z")), >=, 1);
  g_assert_cmpuint (kt_smtp_sink_count (f->sink), ==, 0);

  /* Three days: the first reminder of the two that may have one. */
  enqueue_reminders (f, at ("2026-03-13T07:00:00Z"));
  /* With the other daily jobs of the day, which the first run
   * scheduled (the reminders' own daily run among them: it finds the
   * steps taken). */
  g_assert_cmpuint (run_due (f, at ("2026-03-13T07:00:00Z")), >=, 3);
  g_assert_cmpuint (kt_smtp_sink_count (f->sink), ==, 2);
  check_mail (f, index_of (f, "ivan@example.bg"), "ivan@example.bg",
              "Напомняне 1: фактура 0000000001 е просрочена", "остава неплатена сума 120,00");
  check_mail (f, index_of (f, "ap@acme.example"), "ap@acme.example", "Reminder 1: invoice 0000000002 is overdue",
              "still has €120.00 open");
  log = mail_log (f, bg);
  g_assert_cmpstr (log, ==, "Напомняне 1 изпратено до ivan@example.bg");
  g_free (log);
  log = mail_log (f, en);
  g_assert_cmpstr (log, ==, "Reminder 1 sent to ap@acme.example");
  g_free (log);
  g_assert_null (mail_log (f, skipped));
  g_assert_null (mail_log (f, skipped2));

  /* The same day again, and the next: nothing more. */
  enqueue_reminders (f, at ("2026-03-13T10:00:00Z"));
  run_due (f, at ("2026-03-13T10:00:00Z"));
  enqueue_reminders (f, at ("2026-03-14T07:00:00Z"));
  run_due (f, at ("2026-03-14T07:00:00Z"));
  g_assert_cmpuint (kt_smtp_sink_count (f->sink), ==, 2);

  /* Ten days: the second step is queued for both while the mail server
   * is down; the English one is paid before the retry: only the
   * Bulgarian one arrives. */
  kt_smtp_sink_set_mode (f->sink, KT_SMTP_SINK_DOWN);
  enqueue_reminders (f, at ("2026-03-20T07:00:00Z"));
  run_due (f, at ("2026-03-20T07:00:00Z"));
  g_assert_cmpint (queryf_int ("SELECT count(*) FROM jobs WHERE org_id = '%s' AND kind = 'mail' "
                               "AND payload->>'reminder' = '2' AND state = 'pending'", f->owner.org_id), ==, 2);
  {
    g_autofree char *payment = g_strdup_printf ("{\"amount\":12000,\"received_at\":\"2026-03-20T06:00:00.000Z\","
                                                "\"invoice_id\":\"%s\",\"matched\":true}", en);
    g_autofree char *id = kt_test_create (f->ts, f->owner.token, "payments", payment);
    g_autofree char *status = queryf ("SELECT status FROM invoices WHERE id = '%s'", en);

    g_assert_cmpstr (status, ==, "paid");
  }
  kt_smtp_sink_set_mode (f->sink, KT_SMTP_SINK_ACCEPT);
  run_due (f, at ("2026-03-20T09:00:00Z"));
  g_assert_cmpuint (kt_smtp_sink_count (f->sink), ==, 3);
  check_mail (f, 2, "ivan@example.bg", "Напомняне 2: фактура 0000000001 е просрочена", "0000000001");
  g_assert_cmpint (queryf_int ("SELECT count(*) FROM jobs WHERE org_id = '%s' AND kind = 'mail' "
                               "AND state <> 'done'", f->owner.org_id), ==, 0);
  log = mail_log (f, en);
  g_assert_cmpstr (log, ==, "Reminder 1 sent to ap@acme.example");

  /* Once per step for the invoice's life: even with the done jobs
   * forgotten, a later run sends nothing again. */
  g_free (queryf ("DELETE FROM jobs WHERE org_id = '%s' AND state = 'done' RETURNING 1", f->owner.org_id));
  enqueue_reminders (f, at ("2026-03-25T07:00:00Z"));
  run_due (f, at ("2026-03-25T07:00:00Z"));
  g_assert_cmpuint (kt_smtp_sink_count (f->sink), ==, 3);
}

typedef struct {
  KtJobRunner *runner;
  gint64       now;
  guint        ran;
} Instance;

static gpointer
instance_thread (gpointer data)
{
  Instance *instance = data;
  g_autoptr(GError) error = NULL;

  g_assert_true (kt_job_runner_run_due (instance->runner, instance->now, &instance->ran, &error));
  g_assert_no_error (error);
  return NULL;
}

/* Two instances run the day's reminders at the same moment, each from a
 * daily job of its own (as after a lost dedupe key): every client gets
 * one reminder. */
static void
test_reminders_two_instances (Fixture *f, gconstpointer data)
{
  const guint n = 12;
  const gint64 now = at ("2026-03-13T07:00:00Z");
  g_autoptr(KtJobRunner) other = NULL;
  g_autoptr(GPtrArray) invoices = g_ptr_array_new_with_free_func (g_free);
  KtJobRunnerOptions options = { 1, 100, 60 * 1000, 60 * 60 * 1000 };
  Instance instances[2];
  GThread *threads[2];
  KtHlc *clock;
  GMutex *lock;
  gint64 start;

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *email = g_strdup_printf ("client%u@example.bg", i);
      g_autofree char *client = contact (f, email, FALSE);

      g_ptr_array_add (invoices, issued_invoice (f, "contact_id", client, i % 2 ? "en" : "bg", "2026-03-10"));
    }
  enqueue_reminders (f, now);
  enqueue_reminders (f, now);

  kt_server_get_clock (f->ts->server, &clock, &lock);
  other = kt_job_runner_new (conninfo, "other", &options, clock, lock);
  kt_job_runner_set_smtp (other, kt_server_get_smtp (f->ts->server));
  instances[0] = (Instance) { f->mail.runner, now, 0 };
  instances[1] = (Instance) { other, now, 0 };
  start = g_get_monotonic_time ();
  for (guint i = 0; i < 2; i++)
    threads[i] = g_thread_new ("instance", instance_thread, &instances[i]);
  for (guint i = 0; i < 2; i++)
    g_thread_join (threads[i]);
  g_test_message ("%u reminders with their PDFs sent by two instances in %.0f ms (jobs run: %u + %u)", n,
                  (g_get_monotonic_time () - start) / 1000.0, instances[0].ran, instances[1].ran);

  g_assert_cmpuint (kt_smtp_sink_count (f->sink), ==, n);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *email = g_strdup_printf ("client%u@example.bg", i);

      index_of (f, email);
      g_assert_cmpint (queryf_int ("SELECT count(*) FROM activities WHERE invoice_id = '%s'",
                                   (char *) g_ptr_array_index (invoices, i)), ==, 1);
    }
}

/* An instance without SMTP queues no reminders and takes no step: they
 * go out once mail is set up. */
static void
test_reminders_without_smtp (Fixture *f, gconstpointer data)
{
  g_autofree char *ivan = contact (f, "ivan@example.bg", FALSE);
  g_autofree char *invoice = issued_invoice (f, "contact_id", ivan, "bg", "2026-03-10");
  const gint64 now = at ("2026-03-13T07:00:00Z");

  kt_job_runner_set_smtp (f->mail.runner, NULL);
  enqueue_reminders (f, now);
  run_due (f, now);
  g_assert_cmpint (queryf_int ("SELECT count(*) FROM jobs WHERE org_id = '%s' AND kind = 'mail'", f->owner.org_id),
                   ==, 0);
  g_assert_cmpint (queryf_int ("SELECT count(*) FROM invoice_reminders WHERE invoice_id = '%s'", invoice), ==, 0);

  kt_job_runner_set_smtp (f->mail.runner, kt_server_get_smtp (f->ts->server));
  enqueue_reminders (f, now + 1000);
  run_due (f, now + 1000);
  g_assert_cmpuint (kt_smtp_sink_count (f->sink), ==, 1);
}

/* The reminders job is one of the daily kinds: at 09:00 in the
 * organization's time zone. */
static void
test_reminders_scheduled (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (kt_job_runner_schedule (f->mail.runner, at ("2026-03-13T05:00:00Z"), &error));
  g_assert_no_error (error);
  g_assert_cmpint (queryf_int ("SELECT count(*) FROM jobs WHERE org_id = '%s' AND kind = 'reminders' "
                               "AND dedupe_key = 'reminders:2026-03-13' AND run_at = '2026-03-13T07:00:00Z'",
                               f->owner.org_id), ==, 1);
}

/* Every built-in text parses and renders with no variable missing: a
 * typo in one ({{invoice.nubmer}}, an unclosed section) fails here, where
 * the mail tests above would only see an empty word. */
static void
test_builtin_templates (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *subject = NULL;
  g_autofree char *text = NULL;
  KtMailTextArgs args = { .language = "en", .reminder = 2, .number = "0000000007", .seller = "A & B <Ltd>",
                          .due_date = "2026-02-01", .amount = "12.00 EUR" };

  g_assert_true (kt_mail_texts_check (&error));
  g_assert_no_error (error);
  /* Plain text: the sender's name is not escaped for markup. */
  kt_mail_texts_build (&args, &subject, &text);
  g_assert_cmpstr (subject, ==, "Reminder 2: invoice 0000000007 is overdue");
  g_assert_nonnull (strstr (text, "Kind regards,\nA & B <Ltd>\n"));
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  conninfo = kt_test_pg_new_database ("mail_jobs");
  kt_jobs_init ();

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/mail-jobs/send-through-outage", test_send_through_outage);
  ADD ("/mail-jobs/send-route", test_send_route);
  ADD ("/mail-jobs/reminders", test_reminders);
  ADD ("/mail-jobs/reminders-scheduled", test_reminders_scheduled);
  ADD ("/mail-jobs/reminders-two-instances", test_reminders_two_instances);
  ADD ("/mail-jobs/reminders-without-smtp", test_reminders_without_smtp);
#undef ADD
  g_test_add_func ("/mail-jobs/send-without-smtp", test_send_without_smtp);
  g_test_add_func ("/mail-jobs/builtin-templates", test_builtin_templates);

  return g_test_run ();
}
