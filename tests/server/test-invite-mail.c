/* test-invite-mail.c: invitations mailed through the job queue and SMTP
 * (to a real sink, kt-smtp-sink.c) in the inviter's language, from the
 * organization's name; an invitation that cannot be mailed still stands
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <string.h>

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

  kt_test_mail_init (&f->mail, conninfo, "noreply@crm.example.bg");
  f->sink = f->mail.sink;
  f->ts = f->mail.ts;
  kt_test_register (f->ts, "Owner", &f->owner);
  org = kt_test_request (f->ts, "PATCH", "/v1/organization", f->owner.token,
                         "{\"name\":\"Примерна фирма ЕООД\"}", &status);
  g_assert_cmpuint (status, ==, 200);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  kt_test_account_clear (&f->owner);
  kt_test_mail_clear (&f->mail);
}

/* Runs the mail jobs due now; returns how many ran. */
static guint
run_jobs (Fixture *f)
{
  return kt_test_mail_run_due (&f->mail, g_get_real_time () / 1000 + 1000);
}

static JsonNode *
invite (Fixture    *f,
        const char *email,
        const char *role)
{
  guint status = 0;
  JsonNode *node = kt_test_requestf (f->ts, "POST", "/v1/team/invitations", f->owner.token, &status,
                                     "{\"email\":\"%s\",\"role\":\"%s\"}", email, role);

  g_assert_cmpuint (status, ==, 201);
  return node;
}

/* Whether the answer says the mail was queued (with its job). */
static gboolean
mailed (JsonNode *node)
{
  gboolean queued = json_object_get_boolean_member (json_node_get_object (node), "mailed");

  g_assert_true (queued == json_object_has_member (json_node_get_object (node), "job_id"));
  return queued;
}

static void
check_invitation_mail (Fixture    *f,
                       guint       index,
                       JsonNode   *answer,
                       const char *email,
                       const char *subject,
                       const char *words)
{
  const KtSmtpSinkMessage *m = kt_smtp_sink_get (f->sink, index);
  g_autoptr(KtMailPart) top = kt_mail_part_parse (m->data);
  g_autofree char *from = kt_mail_decode_words (kt_mail_part_header (top, "From"));
  g_autofree char *got_subject = kt_mail_decode_words (kt_mail_part_header (top, "Subject"));
  g_autofree char *text = kt_mail_part_text (top);
  g_autofree char *token = g_uri_escape_string (kt_test_json_string (answer, "token"), NULL, FALSE);
  g_autofree char *link = g_strdup_printf ("kantora://invite?server=https%%3A%%2F%%2Fcrm.example.bg&token=%s",
                                           token);

  g_assert_cmpstr (m->mail_from, ==, "noreply@crm.example.bg");
  g_assert_cmpstr (m->rcpt_to[0], ==, email);
  g_assert_null (m->rcpt_to[1]);
  g_assert_cmpstr (from, ==, "Примерна фирма ЕООД <noreply@crm.example.bg>");
  g_assert_cmpstr (got_subject, ==, subject);
  g_assert_nonnull (strstr (text, words));
  /* The link the client's "Join a Team" takes, with this invitation's
   * token. */
  g_assert_nonnull (strstr (text, link));
}

static void
test_mailed_in_language (Fixture *f, gconstpointer data)
{
  g_autoptr(JsonNode) bg = NULL;
  g_autoptr(JsonNode) en = NULL;

  f->ts->language = "bg";
  bg = invite (f, "ivan@example.com", "manager");
  g_assert_true (mailed (bg));
  /* The queued mail's body holds the invitation's one-time link: an
   * Admin looking at the jobs sees who it goes to, never the token. */
  {
    guint status = 0;
    g_autoptr(JsonNode) jobs = kt_test_requestf (f->ts, "GET", "/v1/jobs", f->owner.token, &status, NULL);
    g_autofree char *text = json_to_string (jobs, FALSE);

    g_assert_cmpuint (status, ==, 200);
    g_assert_nonnull (strstr (text, "ivan@example.com"));
    g_assert_null (strstr (text, kt_test_json_string (bg, "token")));
    g_assert_null (strstr (text, "\"text\""));
  }
  /* Queued, then sent by the job runner. */
  g_assert_cmpuint (kt_smtp_sink_count (f->sink), ==, 0);
  g_assert_cmpuint (run_jobs (f), ==, 1);
  g_assert_cmpuint (kt_smtp_sink_count (f->sink), ==, 1);
  check_invitation_mail (f, 0, bg, "ivan@example.com", "Покана за Примерна фирма ЕООД в Kantora",
                         "като Мениджър");
  /* Sent: the body is gone from the job's row, kept 30 days. */
  {
    g_autofree char *texts = kt_test_pg_query (conninfo,
                                               "SELECT count(*) FROM jobs WHERE payload ? 'text'");

    g_assert_cmpstr (texts, ==, "0");
  }

  f->ts->language = "en";
  en = invite (f, "jane@example.com", "admin");
  g_assert_true (mailed (en));
  g_assert_cmpuint (run_jobs (f), ==, 1);
  g_assert_cmpuint (kt_smtp_sink_count (f->sink), ==, 2);
  check_invitation_mail (f, 1, en, "jane@example.com", "Invitation to join Примерна фирма ЕООД in Kantora",
                         "as Admin");
}

static void
test_not_mailed_still_invited (Fixture *f, gconstpointer data)
{
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(JsonNode) list = NULL;
  g_autoptr(JsonNode) accept = NULL;
  guint status = 0;

  g_autofree char *job_state = NULL;
  g_autofree char *sql = NULL;

  kt_smtp_sink_set_mode (f->sink, KT_SMTP_SINK_REFUSE_RCPT);
  answer = invite (f, "refused@example.com", "user");
  g_assert_true (mailed (answer));
  g_assert_cmpuint (run_jobs (f), ==, 1);
  g_assert_cmpuint (kt_smtp_sink_count (f->sink), ==, 0);
  /* The refusal is the job's, to retry later and show an Admin. */
  sql = g_strdup_printf ("SELECT state || ' ' || attempts || ' ' || (last_error IS NOT NULL) FROM jobs WHERE id = %s",
                         kt_test_json_string (answer, "job_id"));
  job_state = kt_test_pg_query (conninfo, sql);
  g_assert_cmpstr (job_state, ==, "pending 1 true");

  /* The invitation stands: its token still works. */
  accept = kt_test_requestf (f->ts, "POST", "/v1/team/invitations/accept", NULL, &status,
                             "{\"token\":\"%s\",\"full_name\":\"Refused Person\",\"password\":\"correct horse\"}",
                             kt_test_json_string (answer, "token"));
  g_assert_cmpuint (status, ==, 200);
}

static void
test_without_smtp (void)
{
  g_autoptr(KtTestServer) ts = kt_test_server_new (conninfo);
  g_autoptr(JsonNode) answer = NULL;
  KtTestAccount owner = { NULL, };
  guint status = 0;

  kt_test_register (ts, "Owner", &owner);
  answer = kt_test_requestf (ts, "POST", "/v1/team/invitations", owner.token, &status,
                             "{\"email\":\"logged@example.com\",\"role\":\"user\"}");
  g_assert_cmpuint (status, ==, 201);
  g_assert_false (mailed (answer));
  {
    g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM jobs WHERE org_id = '%s' AND kind = 'mail'",
                                            owner.org_id);
    g_autofree char *count = kt_test_pg_query (conninfo, sql);

    g_assert_cmpstr (count, ==, "0");
  }
  kt_test_account_clear (&owner);
}

/* A wrong mail setting stops the start, not the first invitation. */
static void
test_bad_setting_stops_start (void)
{
  g_autoptr(KtServerConfig) config = kt_test_server_config_new (conninfo);
  g_autoptr(GError) error = NULL;
  KtServer *server;

  config->smtp_host = g_strdup ("127.0.0.1");
  config->mail_from = g_strdup ("noreply@crm.example.bg");
  kt_set_str (&config->smtp_security, "ssl");
  server = kt_server_new (config, &error);
  g_assert_null (server);
  g_assert_error (error, KT_MAIL_ERROR, KT_MAIL_ERROR_NOT_CONFIGURED);
  g_assert_nonnull (strstr (error->message, "smtp-security"));
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  /* The server's catalogues from the build tree (meson sets the variable). */
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, g_getenv ("KANTORA_LOCALEDIR") != NULL
                                   ? g_getenv ("KANTORA_LOCALEDIR") : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  conninfo = kt_test_pg_new_database ("invite_mail");
  kt_jobs_init ();

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/server/invite-mail/in-language", test_mailed_in_language);
  ADD ("/server/invite-mail/not-mailed-still-invited", test_not_mailed_still_invited);
#undef ADD
  g_test_add_func ("/server/invite-mail/without-smtp", test_without_smtp);
  g_test_add_func ("/server/invite-mail/bad-setting-stops-start", test_bad_setting_stops_start);

  return g_test_run ();
}
