/* test-auth.c: register, login, expiry, revocation, rate limits, profile
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "kt-test-server.h"
#include <glib/gi18n.h>
#include <locale.h>

typedef struct {
  KtTestServer *ts;
  char         *conninfo;
} Fixture;

static char *conninfo;

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  f->conninfo = g_strdup (conninfo);
  f->ts = kt_test_server_new (conninfo);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  kt_test_server_free (f->ts);
  g_free (f->conninfo);
}

static void
test_register_and_login (Fixture *f, gconstpointer data)
{
  KtTestAccount a = { 0, };
  g_autoptr(JsonNode) me = NULL;
  g_autoptr(JsonNode) login = NULL;
  g_autoptr(JsonNode) dup = NULL;
  g_autofree char *members = NULL;
  g_autofree char *plan = NULL;
  g_autofree char *sql = NULL;
  guint status;

  kt_test_register (f->ts, "Ivan", &a);

  me = kt_test_request (f->ts, "GET", "/v1/me", a.token, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpstr (kt_test_json_string (me, "role"), ==, "owner");
  g_assert_cmpstr (kt_test_json_string (me, "user.email"), ==, a.email);
  g_assert_cmpstr (kt_test_json_string (me, "organization.id"), ==, a.org_id);

  /* Registration made the Owner membership and the Free subscription. */
  sql = g_strdup_printf ("SELECT count(*) FROM team_members WHERE org_id = '%s' AND role = 'owner' "
                         "AND status = 'active'", a.org_id);
  members = kt_test_pg_query (f->conninfo, sql);
  g_assert_cmpstr (members, ==, "1");
  g_free (sql);
  sql = g_strdup_printf ("SELECT plan || '/' || status FROM subscriptions WHERE org_id = '%s'", a.org_id);
  plan = kt_test_pg_query (f->conninfo, sql);
  g_assert_cmpstr (plan, ==, "free/active");

  /* The password is stored as an Argon2id hash, never as given. */
  g_free (sql);
  sql = g_strdup_printf ("SELECT password_hash FROM users WHERE id = '%s'", a.user_id);
  {
    g_autofree char *hash = kt_test_pg_query (f->conninfo, sql);
    g_assert_true (g_str_has_prefix (hash, "$argon2id$"));
  }

  login = kt_test_requestf (f->ts, "POST", "/v1/auth/login", NULL, &status,
                            "{\"email\":\"%s\",\"password\":\"correct horse\"}", a.email);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpstr (kt_test_json_string (login, "organization.id"), ==, a.org_id);
  g_assert_cmpstr (kt_test_json_string (login, "token"), !=, a.token);

  /* The same email cannot register twice (case-insensitively). */
  {
    g_autofree char *upper = g_ascii_strup (a.email, -1);
    dup = kt_test_requestf (f->ts, "POST", "/v1/auth/register", NULL, &status,
                            "{\"email\":\"%s\",\"password\":\"correct horse\",\"full_name\":\"X\"}", upper);
  }
  g_assert_cmpuint (status, ==, 409);
  g_assert_cmpstr (kt_test_json_string (dup, "error.field"), ==, "email");

  kt_test_account_clear (&a);
}

static void
test_register_bad_input (Fixture *f, gconstpointer data)
{
  struct { const char *body; guint status; const char *field; } cases[] = {
    { "{\"email\":\"x@example.com\",\"password\":\"short\",\"full_name\":\"X\"}", 422, "password" },
    { "{\"email\":\"not-an-email\",\"password\":\"long enough\",\"full_name\":\"X\"}", 422, "email" },
    { "{\"email\":\"y@example.com\",\"password\":\"long enough\"}", 422, "full_name" },
    /* A number where a string belongs is a type error (400 wrong_type). */
    { "{\"email\":\"y@example.com\",\"password\":12345678,\"full_name\":\"X\"}", 400, "password" },
    { "{\"email\":\"y@example.com\",\"password\":\"long enough\",\"full_name\":\"X\",\"language\":\"de\"}", 422, "language" },
    { "{\"email\":\"y@example.com\",\"password\":\"long enough\",\"full_name\":\"X\",\"timezone\":\"Mars/Olympus\"}", 422, "timezone" },
    { "{\"email\":\"y@example.com\",\"password\":\"long enough\",\"full_name\":\"X\",\"admin\":true}", 400, "admin" },
    { "{\"email\":\"y@example.com\",\"password\":\"long enough\",\"full_name\":\"X\",\"organization_name\":\"  \"}", 422, "organization_name" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonNode) node = NULL;
      guint status;

      node = kt_test_request (f->ts, "POST", "/v1/auth/register", NULL, cases[i].body, &status);
      g_assert_cmpuint (status, ==, cases[i].status);
      g_assert_cmpstr (kt_test_json_string (node, "error.field"), ==, cases[i].field);
      g_assert_nonnull (kt_test_json_string (node, "error.message"));
    }

  /* Nothing of the refused registrations was written. */
  {
    g_autofree char *n = kt_test_pg_query (f->conninfo,
                                           "SELECT count(*) FROM users WHERE email IN ('x@example.com', 'y@example.com')");
    g_assert_cmpstr (n, ==, "0");
  }
}

static void
test_bad_credentials (Fixture *f, gconstpointer data)
{
  KtTestAccount a = { 0, };
  g_autoptr(JsonNode) wrong = NULL;
  g_autoptr(JsonNode) unknown = NULL;
  guint status;

  kt_test_register (f->ts, "Maria", &a);
  wrong = kt_test_requestf (f->ts, "POST", "/v1/auth/login", NULL, &status,
                            "{\"email\":\"%s\",\"password\":\"wrong password\"}", a.email);
  g_assert_cmpuint (status, ==, 401);
  g_assert_cmpstr (kt_test_json_string (wrong, "error.code"), ==, "bad_credentials");
  g_assert_null (kt_test_json_string (wrong, "token"));

  unknown = kt_test_request (f->ts, "POST", "/v1/auth/login", NULL,
                             "{\"email\":\"nobody@example.com\",\"password\":\"whatever1\"}", &status);
  g_assert_cmpuint (status, ==, 401);
  g_assert_cmpstr (kt_test_json_string (unknown, "error.code"), ==, "bad_credentials");
  kt_test_account_clear (&a);
}

static void
test_tokens (Fixture *f, gconstpointer data)
{
  KtTestAccount a = { 0, };
  g_autofree char *sql = NULL;
  g_autofree char *stored = NULL;
  guint status;

  kt_test_register (f->ts, "Georgi", &a);

  /* Missing, malformed and made-up tokens. */
  {
    g_autoptr(JsonNode) n = kt_test_request (f->ts, "GET", "/v1/me", NULL, NULL, &status);
    g_assert_cmpuint (status, ==, 401);
  }
  {
    g_autoptr(JsonNode) n = kt_test_request (f->ts, "GET", "/v1/me", "not-a-token", NULL, &status);
    g_assert_cmpuint (status, ==, 401);
    g_assert_cmpstr (kt_test_json_string (n, "error.code"), ==, "unauthorized");
  }
  {
    g_autoptr(JsonNode) n = kt_test_request (f->ts, "GET", "/v1/me",
                                             "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", NULL, &status);
    g_assert_cmpuint (status, ==, 401);
  }

  /* The server keeps only the token's hash. */
  sql = g_strdup_printf ("SELECT count(*) FROM sessions WHERE user_id = '%s' "
                         "AND position(convert_to('%s', 'UTF8') in token_hash) = 0 AND length(token_hash) = 32",
                         a.user_id, a.token);
  stored = kt_test_pg_query (f->conninfo, sql);
  g_assert_cmpstr (stored, ==, "1");

  /* Expiry: a session past its time stops working. */
  g_free (sql);
  sql = g_strdup_printf ("UPDATE sessions SET expires_at = now() - interval '1 second' WHERE user_id = '%s'", a.user_id);
  g_free (kt_test_pg_query (f->conninfo, sql));
  {
    g_autoptr(JsonNode) n = kt_test_request (f->ts, "GET", "/v1/me", a.token, NULL, &status);
    g_assert_cmpuint (status, ==, 401);
  }

  /* Revocation: logout ends this token only. */
  {
    g_autoptr(JsonNode) l1 = NULL;
    g_autoptr(JsonNode) l2 = NULL;
    g_autoptr(JsonNode) out = NULL;
    g_autoptr(JsonNode) check = NULL;
    const char *t1, *t2;

    l1 = kt_test_requestf (f->ts, "POST", "/v1/auth/login", NULL, &status,
                           "{\"email\":\"%s\",\"password\":\"correct horse\"}", a.email);
    l2 = kt_test_requestf (f->ts, "POST", "/v1/auth/login", NULL, &status,
                           "{\"email\":\"%s\",\"password\":\"correct horse\"}", a.email);
    t1 = kt_test_json_string (l1, "token");
    t2 = kt_test_json_string (l2, "token");
    out = kt_test_request (f->ts, "POST", "/v1/auth/logout", t1, NULL, &status);
    g_assert_cmpuint (status, ==, 204);
    g_assert_null (out);
    check = kt_test_request (f->ts, "GET", "/v1/me", t1, NULL, &status);
    g_assert_cmpuint (status, ==, 401);
    g_clear_pointer (&check, json_node_unref);
    check = kt_test_request (f->ts, "GET", "/v1/me", t2, NULL, &status);
    g_assert_cmpuint (status, ==, 200);
  }
  kt_test_account_clear (&a);
}

static void
test_password_change (Fixture *f, gconstpointer data)
{
  KtTestAccount a = { 0, };
  g_autoptr(JsonNode) other = NULL;
  const char *other_token;
  guint status;

  kt_test_register (f->ts, "Elena", &a);
  other = kt_test_requestf (f->ts, "POST", "/v1/auth/login", NULL, &status,
                            "{\"email\":\"%s\",\"password\":\"correct horse\"}", a.email);
  other_token = kt_test_json_string (other, "token");

  {
    g_autoptr(JsonNode) n = kt_test_request (f->ts, "POST", "/v1/me/password", a.token,
                                             "{\"current_password\":\"wrong one!\",\"new_password\":\"battery staple\"}",
                                             &status);
    g_assert_cmpuint (status, ==, 401);
    g_assert_cmpstr (kt_test_json_string (n, "error.field"), ==, "current_password");
  }
  {
    g_autoptr(JsonNode) n = kt_test_request (f->ts, "POST", "/v1/me/password", a.token,
                                             "{\"current_password\":\"correct horse\",\"new_password\":\"battery staple\"}",
                                             &status);
    g_assert_cmpuint (status, ==, 204);
  }
  /* This session stays; the others are revoked; only the new password works. */
  {
    g_autoptr(JsonNode) n = kt_test_request (f->ts, "GET", "/v1/me", a.token, NULL, &status);
    g_assert_cmpuint (status, ==, 200);
  }
  {
    g_autoptr(JsonNode) n = kt_test_request (f->ts, "GET", "/v1/me", other_token, NULL, &status);
    g_assert_cmpuint (status, ==, 401);
  }
  {
    g_autoptr(JsonNode) n = kt_test_requestf (f->ts, "POST", "/v1/auth/login", NULL, &status,
                                              "{\"email\":\"%s\",\"password\":\"correct horse\"}", a.email);
    g_assert_cmpuint (status, ==, 401);
  }
  {
    g_autoptr(JsonNode) n = kt_test_requestf (f->ts, "POST", "/v1/auth/login", NULL, &status,
                                              "{\"email\":\"%s\",\"password\":\"battery staple\"}", a.email);
    g_assert_cmpuint (status, ==, 200);
  }
  kt_test_account_clear (&a);
}

static void
test_rate_limit (Fixture *f, gconstpointer data)
{
  KtTestAccount a = { 0, };
  guint status;

  f->ts->config->login_max_failures_account = 3;
  f->ts->config->login_max_failures_address = 1000;
  kt_test_register (f->ts, "Petar", &a);

  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(JsonNode) n = kt_test_requestf (f->ts, "POST", "/v1/auth/login", NULL, &status,
                                                "{\"email\":\"%s\",\"password\":\"guess %u\"}", a.email, i);
      g_assert_cmpuint (status, ==, 401);
    }
  /* Now even the right password is refused for this account... */
  {
    g_autoptr(JsonNode) n = kt_test_requestf (f->ts, "POST", "/v1/auth/login", NULL, &status,
                                              "{\"email\":\"%s\",\"password\":\"correct horse\"}", a.email);
    g_assert_cmpuint (status, ==, 429);
    g_assert_cmpstr (kt_test_json_string (n, "error.code"), ==, "rate_limited");
  }

  /* ...and per address: a low address limit blocks other accounts too. */
  {
    KtTestAccount b = { 0, };
    g_autoptr(JsonNode) n = NULL;
    g_autofree char *failures = kt_test_pg_query (f->conninfo,
                                                  "SELECT count(*) FROM login_attempts WHERE address = '127.0.0.1' "
                                                  "AND NOT success AND at > now() - interval '15 minutes'");

    kt_test_register (f->ts, "Ana", &b);
    f->ts->config->login_max_failures_address = (guint) g_ascii_strtoull (failures, NULL, 10);
    n = kt_test_requestf (f->ts, "POST", "/v1/auth/login", NULL, &status,
                          "{\"email\":\"%s\",\"password\":\"correct horse\"}", b.email);
    g_assert_cmpuint (status, ==, 429);
    f->ts->config->login_max_failures_address = (guint) g_ascii_strtoull (failures, NULL, 10) + 1;
    g_clear_pointer (&n, json_node_unref);
    n = kt_test_requestf (f->ts, "POST", "/v1/auth/login", NULL, &status,
                          "{\"email\":\"%s\",\"password\":\"correct horse\"}", b.email);
    g_assert_cmpuint (status, ==, 200);
    kt_test_account_clear (&b);
  }
  kt_test_account_clear (&a);
}

static void
test_profile (Fixture *f, gconstpointer data)
{
  KtTestAccount a = { 0, };
  g_autoptr(JsonNode) updated = NULL;
  g_autoptr(JsonNode) bad = NULL;
  g_autoptr(JsonNode) email = NULL;
  guint status;

  kt_test_register (f->ts, "Dimitar", &a);
  updated = kt_test_request (f->ts, "PATCH", "/v1/me", a.token,
                             "{\"full_name\":\"Dimitar Petrov\",\"language\":\"bg\",\"timezone\":\"Europe/London\","
                             "\"company_name\":\"Rila OOD\",\"company_vat\":\"BG123456789\"}", &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpstr (kt_test_json_string (updated, "user.full_name"), ==, "Dimitar Petrov");
  g_assert_cmpstr (kt_test_json_string (updated, "user.language"), ==, "bg");
  g_assert_cmpstr (kt_test_json_string (updated, "user.timezone"), ==, "Europe/London");
  g_assert_cmpstr (kt_test_json_string (updated, "user.company_vat"), ==, "BG123456789");

  bad = kt_test_request (f->ts, "PATCH", "/v1/me", a.token, "{\"language\":\"fr\"}", &status);
  g_assert_cmpuint (status, ==, 422);
  g_assert_cmpstr (kt_test_json_string (bad, "error.field"), ==, "language");

  /* The email is the login name: not changed through the profile. */
  email = kt_test_request (f->ts, "PATCH", "/v1/me", a.token, "{\"email\":\"new@example.com\"}", &status);
  g_assert_cmpuint (status, ==, 400);
  g_assert_cmpstr (kt_test_json_string (email, "error.field"), ==, "email");
  kt_test_account_clear (&a);
}

/* Error messages follow the request's Accept-Language; the codes do not.
 * Needs the bg_BG.UTF-8 locale, which tools/install-deps generates. */
static void
test_messages_in_bulgarian (Fixture *f, gconstpointer data)
{
  KtTestAccount a = { 0, };
  g_autoptr(JsonNode) english = NULL;
  g_autoptr(JsonNode) bulgarian = NULL;
  guint status;

  kt_test_register (f->ts, "Maria", &a);
  english = kt_test_requestf (f->ts, "POST", "/v1/auth/login", NULL, &status,
                              "{\"email\":\"%s\",\"password\":\"wrong password\"}", a.email);
  g_assert_cmpstr (kt_test_json_string (english, "error.message"), ==,
                   "The email address or the password is wrong");

  f->ts->language = "bg-BG,bg;q=0.9,en;q=0.5";
  bulgarian = kt_test_requestf (f->ts, "POST", "/v1/auth/login", NULL, &status,
                                "{\"email\":\"%s\",\"password\":\"wrong password\"}", a.email);
  f->ts->language = NULL;
  g_assert_cmpuint (status, ==, 401);
  g_assert_cmpstr (kt_test_json_string (bulgarian, "error.code"), ==, "bad_credentials");
  g_assert_cmpstr (kt_test_json_string (bulgarian, "error.message"), ==,
                   "Имейл адресът или паролата са грешни");
  kt_test_account_clear (&a);
}

int
main (int argc, char *argv[])
{
  /* The server's catalogues from the build tree (meson sets the variable). */
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, g_getenv ("KANTORA_LOCALEDIR") != NULL
                                   ? g_getenv ("KANTORA_LOCALEDIR") : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  g_test_init (&argc, &argv, NULL);
  conninfo = kt_test_pg_new_database ("auth");

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/server/auth/register-login", test_register_and_login);
  ADD ("/server/auth/register-bad-input", test_register_bad_input);
  ADD ("/server/auth/bad-credentials", test_bad_credentials);
  ADD ("/server/auth/tokens", test_tokens);
  ADD ("/server/auth/password-change", test_password_change);
  ADD ("/server/auth/rate-limit", test_rate_limit);
  ADD ("/server/auth/profile", test_profile);
  ADD ("/server/auth/messages-in-bulgarian", test_messages_in_bulgarian);
#undef ADD

  return g_test_run ();
}
