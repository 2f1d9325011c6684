/* test-cli.c: kantora-cli as a person uses it
 *
 * Every subtest runs the built binary (KT_TEST_CLI) with --store in a
 * fresh directory and looks at its exit code, stdout and stderr; the
 * sync, team and profile subtests talk to a real kantora-server on a
 * throwaway PostgreSQL (tests/sync's harness), with the token in the
 * session's keyring as in real use (run-with-keyring.sh).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "cli-test-util.h"
#include "kt-test-harness.h"

#define PASSWORD "correct horse battery"
#define PASSWORD_LINE PASSWORD "\n"

static KtTestServer *server;
static guint counter;

typedef struct {
  char *dir;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->dir = cli_make_tmp_dir ();
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  cli_remove_tree (f->dir);
  g_free (f->dir);
}

static JsonObject *
parse_object (const char *json)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) error = NULL;

  json_parser_load_from_data (parser, json, -1, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

/* The non-empty lines of @text. */
static GStrv
lines_of (const char *text)
{
  g_auto (GStrv) all = g_strsplit (text, "\n", -1);
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; all[i] != NULL; i++)
    if (*all[i] != '\0')
      g_strv_builder_add (builder, all[i]);
  return g_strv_builder_end (builder);
}

static char *
create (const char *dir,
        const char *entity,
        const char *json)
{
  g_autoptr (CliResult) r = cli_run (dir, NULL, "create", entity, json, NULL);
  g_autoptr (JsonObject) record = NULL;

  g_assert_cmpint (r->status, ==, 0);
  record = parse_object (r->out);
  return g_strdup (json_object_get_string_member (record, "id"));
}

static char *
new_email (const char *who)
{
  return g_strdup_printf ("%s%u-%u@example.com", who, ++counter, g_random_int ());
}

/* Help and command-line errors */

static void
test_help (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr (CliResult) help = cli_run (NULL, NULL, "--help", NULL);
  g_autoptr (CliResult) version = cli_run (NULL, NULL, "--version", NULL);

  g_assert_cmpint (help->status, ==, 0);
  for (const char *const *word = (const char *const[]) { "--tag", "--sort", "team", "profile",
                                                           "import", "export", "sync", "--store", NULL };
       *word != NULL; word++)
    g_assert_nonnull (strstr (help->out, *word));
  g_assert_cmpint (version->status, ==, 0);
  g_assert_true (g_str_has_prefix (version->out, "kantora-cli "));
}

static void
test_usage_errors (Fixture       *f,
                   gconstpointer  data)
{
  static const struct {
    const char *args[6];
    int         status;
    const char *says;
  } cases[] = {
    { { NULL }, 2, "A command is missing" },
    { { "frobnicate", NULL }, 2, "Unknown command “frobnicate”" },
    { { "--colour", "list", NULL }, 2, "Unknown option “--colour”" },
    { { "list", NULL }, 2, "list needs an entity" },
    { { "list", "contact", "--search", NULL }, 2, "The option “--search” needs a value" },
    { { "list", "contact", "--sort", "shoe_size", NULL }, 2, "“shoe_size”" },
    { { "list", "contact", "--limit", "many", NULL }, 2, "--limit takes a whole number" },
    { { "list", "contact", "--bogus", "1", NULL }, 2, "Unknown option “--bogus”" },
    { { "list", "unicorns", NULL }, 3, "“unicorns” is not an entity" },
    { { "get", "contact", NULL }, 2, "get needs an entity and an id" },
    { { "get", "contact", "no-such-id", NULL }, 3, "no-such-id" },
    { { "create", "contact", "{not json", NULL }, 4, "" },
    { { "create", "contact", "[1, 2]", NULL }, 4, "must be a JSON object" },
    { { "create", "contact", " ", NULL }, 4, "The JSON text is empty" },
    { { "create", "contact", "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]", NULL }, 4, "nests deeper than 64 levels" },
    { { "create", "contact", "{\"shoe_size\": 44}", NULL }, 4, "shoe_size" },
    { { "create", "contact", "{\"first_name\": \"A\", \"email\": \"not-an-email\"}", NULL }, 4, "Email" },
    { { "sync", "now", NULL }, 2, "sync takes no arguments" },
    { { "sync", NULL }, 6, "Sign in" },
    { { "team", NULL }, 2, "team needs one of list, invite, role, remove" },
    { { "team", "promote", NULL }, 2, "Unknown team command “promote”" },
    { { "team", "list", NULL }, 6, "offline only" },
    { { "profile", "set", "full_name", NULL }, 2, "“full_name” is not FIELD=VALUE" },
    { { "login", "--email", NULL }, 2, "The option “--email” needs a value" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (CliResult) r = cli_runv (f->dir, NULL, cases[i].args);

      g_test_message ("case %u: %s", i, r->err);
      g_assert_cmpint (r->status, ==, cases[i].status);
      g_assert_true (g_str_has_prefix (r->err, "kantora-cli: "));
      g_assert_nonnull (strstr (r->err, cases[i].says));
      g_assert_cmpstr (r->out, ==, "");
      /* A wrong command line says where to look: the help, or for a
       * field the entity does not have, the fields it has. */
      if (cases[i].status == 2)
        g_assert_true (strstr (r->err, "kantora-cli --help") != NULL ||
                       strstr (r->err, "The fields of contact: id, ") != NULL);
    }

  /* Nothing was written by any of them. */
  {
    g_autoptr (CliResult) r = cli_run (f->dir, NULL, "list", "contact", NULL);

    g_assert_cmpint (r->status, ==, 0);
    g_assert_cmpstr (r->out, ==, "");
  }
}

/* Records */

static void
test_records (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *ivan = create (f->dir, "contact", "{\"first_name\": \"Ivan\", \"last_name\": \"Petrov\", \"tags\": [\"vip\"]}");
  g_autofree char *anna = create (f->dir, "contacts", "{\"first_name\": \"Anna\", \"last_name\": \"Zlateva\", \"tags\": [\"vip\", \"sofia\"]}");
  g_autofree char *boris = create (f->dir, "contact", "{\"first_name\": \"Boris\", \"last_name\": \"Angelov\"}");
  g_autoptr (CliResult) updated = NULL;
  g_autoptr (CliResult) got = NULL;
  g_autoptr (CliResult) tagged = NULL;
  g_autoptr (CliResult) sorted = NULL;
  g_autoptr (CliResult) descending = NULL;
  g_autoptr (CliResult) searched = NULL;
  g_autoptr (CliResult) paged = NULL;
  g_autoptr (CliResult) deleted = NULL;
  g_autoptr (CliResult) gone = NULL;
  g_autoptr (CliResult) piped = NULL;
  g_autoptr (JsonObject) record = NULL;
  g_auto (GStrv) lines = NULL;

  updated = cli_run (f->dir, NULL, "update", "contact", ivan, "{\"city\": \"Plovdiv\", \"last_name\": null}", NULL);
  g_assert_cmpint (updated->status, ==, 0);
  got = cli_run (f->dir, NULL, "get", "contact", ivan, NULL);
  g_assert_cmpint (got->status, ==, 0);
  record = parse_object (got->out);
  g_assert_cmpstr (json_object_get_string_member (record, "city"), ==, "Plovdiv");
  g_assert_true (!json_object_has_member (record, "last_name") ||
                 json_object_get_null_member (record, "last_name"));
  g_assert_cmpstr (json_object_get_string_member (record, "first_name"), ==, "Ivan");

  tagged = cli_run (f->dir, NULL, "list", "contact", "--tag", "vip", "--sort", "first_name", NULL);
  g_assert_cmpint (tagged->status, ==, 0);
  lines = lines_of (tagged->out);
  g_assert_cmpuint (g_strv_length (lines), ==, 2);
  g_assert_nonnull (strstr (lines[0], anna));
  g_assert_nonnull (strstr (lines[1], ivan));
  g_clear_pointer (&lines, g_strfreev);

  sorted = cli_run (f->dir, NULL, "list", "contact", "--sort", "last_name", NULL);
  g_assert_cmpint (sorted->status, ==, 0);
  lines = lines_of (sorted->out);
  g_assert_cmpuint (g_strv_length (lines), ==, 3);
  /* Ivan has no last name now: unset sorts first. */
  g_assert_nonnull (strstr (lines[0], ivan));
  g_assert_nonnull (strstr (lines[1], boris));
  g_assert_nonnull (strstr (lines[2], anna));
  g_clear_pointer (&lines, g_strfreev);

  descending = cli_run (f->dir, NULL, "list", "contact", "--sort", "-first_name", "--limit", "2", NULL);
  g_assert_cmpint (descending->status, ==, 0);
  lines = lines_of (descending->out);
  g_assert_cmpuint (g_strv_length (lines), ==, 2);
  g_assert_nonnull (strstr (lines[0], ivan));
  g_assert_nonnull (strstr (lines[1], boris));
  g_clear_pointer (&lines, g_strfreev);

  paged = cli_run (f->dir, NULL, "list", "contact", "--sort", "-first_name", "--offset", "2", NULL);
  g_assert_cmpint (paged->status, ==, 0);
  lines = lines_of (paged->out);
  g_assert_cmpuint (g_strv_length (lines), ==, 1);
  g_assert_nonnull (strstr (lines[0], anna));
  g_clear_pointer (&lines, g_strfreev);

  searched = cli_run (f->dir, NULL, "list", "contact", "--search", "zlat", NULL);
  g_assert_cmpint (searched->status, ==, 0);
  lines = lines_of (searched->out);
  g_assert_cmpuint (g_strv_length (lines), ==, 1);
  g_assert_nonnull (strstr (lines[0], anna));
  g_clear_pointer (&lines, g_strfreev);

  /* JSON from the standard input. */
  piped = cli_run (f->dir, "{\"first_name\": \"Piped\"}", "create", "contact", "-", NULL);
  g_assert_cmpint (piped->status, ==, 0);
  g_assert_nonnull (strstr (piped->out, "\"Piped\""));

  deleted = cli_run (f->dir, NULL, "delete", "contact", boris, NULL);
  g_assert_cmpint (deleted->status, ==, 0);
  gone = cli_run (f->dir, NULL, "get", "contact", boris, NULL);
  g_assert_cmpint (gone->status, ==, 3);
  g_assert_nonnull (strstr (gone->err, boris));

  {
    g_autoptr (CliResult) again = cli_run (f->dir, NULL, "delete", "contact", boris, NULL);
    g_autoptr (CliResult) status = cli_run (f->dir, NULL, "status", "--json", NULL);
    g_autoptr (JsonObject) state = NULL;

    /* Deleting a deleted record changes nothing and is no error (a
     * script may run twice). */
    g_assert_cmpint (again->status, ==, 0);
    g_assert_cmpint (status->status, ==, 0);
    state = parse_object (status->out);
    /* Four creates, one update, one delete: all waiting to be pushed. */
    g_assert_cmpint (json_object_get_int_member (state, "pending"), ==, 6);
    g_assert_cmpstr (json_object_get_string_member (state, "state"), ==, "signed-out");
  }
}

/* The same records with the same values; the import is a new local
 * write, so only its updated_at and clock stamp are new. */
static void
assert_same_records (const char *got,
                     const char *expected)
{
  g_auto (GStrv) a = lines_of (got);
  g_auto (GStrv) b = lines_of (expected);

  g_assert_cmpuint (g_strv_length (a), ==, g_strv_length (b));
  for (guint i = 0; a[i] != NULL; i++)
    {
      g_autoptr (JsonObject) x = parse_object (a[i]);
      g_autoptr (JsonObject) y = parse_object (b[i]);
      g_autoptr (JsonNode) xn = NULL;
      g_autoptr (JsonNode) yn = NULL;
      g_autofree char *xs = NULL;
      g_autofree char *ys = NULL;

      for (const char *const *key = (const char *const[]) { "updated_at", "hlc", NULL }; *key; key++)
        {
          g_assert_true (json_object_has_member (x, *key));
          json_object_remove_member (x, *key);
          json_object_remove_member (y, *key);
        }
      xn = json_node_init_object (json_node_alloc (), x);
      yn = json_node_init_object (json_node_alloc (), y);
      xs = json_to_string (xn, FALSE);
      ys = json_to_string (yn, FALSE);
      g_assert_cmpstr (xs, ==, ys);
    }
}

static void
test_import_export (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *other = g_build_filename (f->dir, "other", NULL);
  g_autofree char *file = g_build_filename (f->dir, "contacts.jsonl", NULL);
  g_autofree char *bad = g_build_filename (f->dir, "bad.jsonl", NULL);
  g_autofree char *exported = NULL;
  g_autoptr (CliResult) out = NULL;
  g_autoptr (CliResult) in = NULL;
  g_autoptr (CliResult) back = NULL;
  g_autoptr (CliResult) refused = NULL;
  g_autoptr (CliResult) after = NULL;
  g_autoptr (CliResult) fields = NULL;
  g_autoptr (GError) error = NULL;

  for (guint i = 0; i < 5; i++)
    {
      g_autofree char *json = g_strdup_printf ("{\"first_name\": \"Ива%u\", \"city\": \"София\", \"tags\": [\"t%u\"]}", i, i);
      g_autofree char *id = create (f->dir, "contact", json);
    }

  out = cli_run (f->dir, NULL, "export", "contact", file, NULL);
  g_assert_cmpint (out->status, ==, 0);
  g_assert_true (g_file_get_contents (file, &exported, NULL, &error));
  g_assert_no_error (error);

  /* Into another store, and out again: the same records, byte for byte. */
  in = cli_run (other, NULL, "import", "contact", file, NULL);
  g_assert_cmpint (in->status, ==, 0);
  g_assert_nonnull (strstr (in->err, "Imported 5 records"));
  back = cli_run (other, NULL, "export", "contact", "-", NULL);
  g_assert_cmpint (back->status, ==, 0);
  assert_same_records (back->out, exported);

  /* Objects of fields import too, all or nothing: a bad third line names
   * itself and nothing of the file is saved. */
  g_assert_true (g_file_set_contents (bad,
                                      "{\"first_name\": \"One\"}\n"
                                      "{\"first_name\": \"Two\"}\n"
                                      "{\"first_name\": \"Three\", \"email\": \"nope\"}\n", -1, &error));
  refused = cli_run (other, NULL, "import", "contact", bad, NULL);
  g_assert_cmpint (refused->status, ==, 4);
  g_assert_nonnull (strstr (refused->err, "Line 3"));
  after = cli_run (other, NULL, "list", "contact", "--limit", "100", NULL);
  {
    g_auto (GStrv) lines = lines_of (after->out);

    g_assert_cmpuint (g_strv_length (lines), ==, 5);
  }

  fields = cli_run (other, "{\"first_name\": \"Stdin\"}\n", "import", "contact", "-", NULL);
  g_assert_cmpint (fields->status, ==, 0);
  g_assert_nonnull (strstr (fields->err, "Imported 1 record"));

  {
    g_autoptr (CliResult) missing = cli_run (other, NULL, "import", "contact", "/nonexistent/x.jsonl", NULL);

    g_assert_cmpint (missing->status, ==, 1);
    g_assert_nonnull (strstr (missing->err, "x.jsonl"));
  }
}

/* The lines of a vCard file but the ones that differ between stores
 * (UID: the record's id, REV: when it was saved). */
static char *
vcard_without_ids (const char *text)
{
  g_auto (GStrv) lines = g_strsplit (text, "\n", -1);
  g_autoptr (GString) out = g_string_new (NULL);

  for (guint i = 0; lines[i] != NULL; i++)
    if (!g_str_has_prefix (lines[i], "UID:") && !g_str_has_prefix (lines[i], "REV:"))
      g_string_append_printf (out, "%s\n", lines[i]);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* CSV and vCard go through the window's exporters and importer: what the
 * CLI exports, it (and the window) imports back to the same records. */
static void
test_csv_vcard (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *other = g_build_filename (f->dir, "other", NULL);
  g_autofree char *third = g_build_filename (f->dir, "third", NULL);
  g_autofree char *csv = g_build_filename (f->dir, "contacts.csv", NULL);
  g_autofree char *vcf = g_build_filename (f->dir, "contacts.vcf", NULL);
  g_autofree char *bad = g_build_filename (f->dir, "bad.csv", NULL);
  g_autofree char *csv_text = NULL;
  g_autofree char *vcf_text = NULL;
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  g_autoptr (GError) error = NULL;

  g_free (create (f->dir, "contact", "{\"first_name\": \"Иван\", \"last_name\": \"Петров\", "
                  "\"email\": \"ivan@example.com\", \"city\": \"Пловдив\", \"tags\": [\"vip\", \"b2b\"], "
                  "\"notes\": \"a \\\"quoted\\\", two-line\\nnote\"}"));
  g_free (create (f->dir, "contact", "{\"first_name\": \"Anna\", \"last_name\": \"Zlateva\", \"phone\": \"+359 2 123\"}"));

  {
    g_autoptr (CliResult) out = cli_run (f->dir, NULL, "export", "contact", csv, NULL);
    g_autoptr (CliResult) in = NULL;
    g_autoptr (CliResult) back = NULL;

    g_assert_cmpint (out->status, ==, 0);
    g_assert_true (g_file_get_contents (csv, &csv_text, NULL, &error));
    g_assert_nonnull (strstr (csv_text, "Петров"));
    in = cli_run (other, NULL, "import", "contacts", csv, NULL);
    g_assert_cmpint (in->status, ==, 0);
    g_assert_nonnull (strstr (in->err, "Imported 2 records"));
    back = cli_run (other, NULL, "export", "contact", "-", "--format", "csv", NULL);
    g_assert_cmpint (back->status, ==, 0);
    g_assert_cmpstr (back->out, ==, csv_text);
  }

  {
    g_autoptr (CliResult) out = cli_run (f->dir, NULL, "export", "contact", vcf, NULL);
    g_autoptr (CliResult) in = NULL;
    g_autoptr (CliResult) back = NULL;

    g_assert_cmpint (out->status, ==, 0);
    g_assert_true (g_file_get_contents (vcf, &vcf_text, NULL, &error));
    g_assert_true (g_str_has_prefix (vcf_text, "BEGIN:VCARD"));
    /* From the standard input, the format given. */
    in = cli_run (third, vcf_text, "import", "contact", "-", "--format", "vcard", NULL);
    g_assert_cmpint (in->status, ==, 0);
    back = cli_run (third, NULL, "export", "contact", "--format", "vcard", NULL);
    g_assert_cmpint (back->status, ==, 0);
    a = vcard_without_ids (back->out);
    b = vcard_without_ids (vcf_text);
    g_assert_cmpstr (a, ==, b);
  }

  /* A bad row: named by its line, nothing imported, exit 4. */
  g_assert_true (g_file_set_contents (bad, "first_name,email\nGood,good@example.com\nBad,not-an-email\n", -1, &error));
  {
    g_autoptr (CliResult) refused = cli_run (third, NULL, "import", "contact", bad, NULL);
    g_autoptr (CliResult) listed = cli_run (third, NULL, "list", "contact", "--search", "Good", NULL);
    g_autoptr (CliResult) format = cli_run (third, NULL, "export", "contact", "--format", "pdf", NULL);
    g_autoptr (CliResult) deals = cli_run (third, NULL, "export", "deal", "--format", "vcard", NULL);

    g_assert_cmpint (refused->status, ==, 4);
    g_assert_nonnull (strstr (refused->err, "Line 3"));
    g_assert_nonnull (strstr (refused->err, "nothing was imported"));
    g_assert_cmpstr (listed->out, ==, "");
    g_assert_cmpint (format->status, ==, 2);
    g_assert_nonnull (strstr (format->err, "Unknown format “pdf”"));
    g_assert_cmpint (deals->status, ==, 4);
  }
}

/* Sync */

static char *
cli_register (const char *dir)
{
  char *email = new_email ("owner");
  g_autofree char *org = g_strdup_printf ("Org %u", counter);
  g_autoptr (CliResult) r = cli_run (dir, PASSWORD_LINE, "register", "--server", server->url,
                                     "--email", email, "--name", "Olga Owner",
                                     "--organization", org, "--password-stdin", NULL);

  g_assert_cmpint (r->status, ==, 0);
  g_assert_nonnull (strstr (r->err, "Signed in"));
  return email;
}

static int
cli_sync (const char  *dir,
          char       **out_err)
{
  g_autoptr (CliResult) r = cli_run (dir, NULL, "sync", NULL);

  if (out_err != NULL)
    *out_err = g_strdup (r->err);
  return r->status;
}

/* Invites @email as @role from @owner_dir, accepts through REST as a new
 * account, and signs @dir in to it with the CLI. */
static void
add_member (const char *owner_dir,
            const char *dir,
            const char *email,
            const char *role)
{
  g_autoptr (CliResult) invited = cli_run (owner_dir, NULL, "team", "invite", email, role, NULL);
  g_autofree char *url = g_strconcat (server->url, "/v1/team/invitations/accept", NULL);
  g_autofree char *body = NULL;
  g_autoptr (JsonNode) session = NULL;
  g_autoptr (CliResult) login = NULL;
  const char *token;
  guint status = 0;

  g_assert_cmpint (invited->status, ==, 0);
  g_assert_true (g_str_has_prefix (invited->out, "kantora://invite?"));
  token = strstr (invited->out, "token=");
  g_assert_nonnull (token);
  body = g_strdup_printf ("{\"token\": \"%.*s\", \"full_name\": \"Mila Member\", \"password\": \"%s\"}",
                          (int) strcspn (token + 6, "&\n"), token + 6, PASSWORD);
  session = kt_test_http ("POST", url, NULL, body, &status);
  g_assert_cmpuint (status, ==, 200);

  login = cli_run (dir, PASSWORD_LINE, "login", "--server", server->url, "--email", email,
                   "--password-stdin", NULL);
  g_assert_cmpint (login->status, ==, 0);
}

static void
test_sync (Fixture       *f,
           gconstpointer  data)
{
  g_autofree char *a = g_build_filename (f->dir, "a", NULL);
  g_autofree char *b = g_build_filename (f->dir, "b", NULL);
  g_autofree char *email = cli_register (a);
  g_autofree char *id = create (a, "contact", "{\"first_name\": \"Synced\", \"last_name\": \"Once\"}");
  g_autofree char *err = NULL;
  g_autoptr (CliResult) status = NULL;
  g_autoptr (CliResult) wrong = NULL;
  g_autoptr (CliResult) login = NULL;
  g_autoptr (CliResult) got = NULL;
  g_autoptr (JsonObject) state = NULL;

  g_assert_cmpint (cli_sync (a, &err), ==, 0);
  g_assert_nonnull (strstr (err, "Up to date"));
  status = cli_run (a, NULL, "status", "--json", NULL);
  g_assert_cmpint (status->status, ==, 0);
  state = parse_object (status->out);
  g_assert_cmpint (json_object_get_int_member (state, "pending"), ==, 0);
  g_assert_cmpstr (json_object_get_string_member (state, "state"), ==, "idle");
  g_assert_cmpstr (json_object_get_string_member (state, "account"), ==, email);

  /* A wrong password: told so, with the sign-in exit code. */
  wrong = cli_run (b, "not the password\n", "login", "--server", server->url, "--email", email,
                   "--password-stdin", NULL);
  g_assert_cmpint (wrong->status, ==, 6);
  g_assert_nonnull (strstr (wrong->err, "password is wrong"));
  g_assert_null (strstr (wrong->err, "expired"));

  /* A second store of the same account gets the contact. */
  login = cli_run (b, PASSWORD_LINE, "login", "--server", server->url, "--email", email,
                   "--password-stdin", NULL);
  g_assert_cmpint (login->status, ==, 0);
  g_assert_cmpint (cli_sync (b, NULL), ==, 0);
  got = cli_run (b, NULL, "get", "contact", id, NULL);
  g_assert_cmpint (got->status, ==, 0);
  g_assert_nonnull (strstr (got->out, "\"Synced\""));

  /* An unreachable server: exit 5, nothing lost. */
  {
    g_autofree char *c = g_build_filename (f->dir, "c", NULL);
    g_autoptr (CliResult) away = cli_run (c, PASSWORD_LINE, "login", "--server", "http://127.0.0.1:9",
                                          "--email", email, "--password-stdin", NULL);

    g_assert_cmpint (away->status, ==, 5);
  }

  /* Log out refuses while changes wait, unless forced. */
  {
    g_autofree char *more = create (b, "contact", "{\"first_name\": \"Unpushed\"}");
    g_autoptr (CliResult) refused = cli_run (b, NULL, "logout", NULL);
    g_autoptr (CliResult) forced = cli_run (b, NULL, "logout", "--force", NULL);
    g_autoptr (CliResult) after = cli_run (b, NULL, "sync", NULL);

    g_assert_cmpint (refused->status, ==, 7);
    g_assert_cmpint (forced->status, ==, 0);
    g_assert_cmpint (after->status, ==, 6);
  }
}

/* Defect 5: every rejected change is printed with its entity, id, field
 * and the server's message, and the exit code says so. */
static void
test_rejected (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *owner = g_build_filename (f->dir, "owner", NULL);
  g_autofree char *member = g_build_filename (f->dir, "member", NULL);
  g_autofree char *owner_email = cli_register (owner);
  g_autofree char *member_email = new_email ("member");
  g_autofree char *theirs = create (owner, "contact", "{\"first_name\": \"Owned\", \"last_name\": \"ByOlga\"}");
  g_autofree char *err = NULL;
  g_autofree char *expected = NULL;
  g_autoptr (CliResult) edit = NULL;
  g_autoptr (CliResult) got = NULL;
  g_autoptr (CliResult) status = NULL;
  g_autoptr (JsonObject) record = NULL;

  g_assert_cmpint (cli_sync (owner, NULL), ==, 0);
  add_member (owner, member, member_email, "user");
  g_assert_cmpint (cli_sync (member, NULL), ==, 0);

  /* A User may not change a record it neither owns nor is assigned. */
  edit = cli_run (member, NULL, "update", "contact", theirs, "{\"last_name\": \"Changed\"}", NULL);
  g_assert_cmpint (edit->status, ==, 0);

  g_assert_cmpint (cli_sync (member, &err), ==, 9);
  expected = g_strdup_printf ("kantora-cli: contact %s: ", theirs);
  g_assert_true (g_str_has_prefix (err, expected));
  g_assert_null (strstr (err, "kt-sync-Message"));
  g_assert_null (strstr (err, "Up to date"));
  g_assert_nonnull (strstr (err, "The server rejected 1 change; it was undone in this store."));

  /* Undone here: the server's value is back, and nothing waits. */
  got = cli_run (member, NULL, "get", "contact", theirs, NULL);
  record = parse_object (got->out);
  g_assert_cmpstr (json_object_get_string_member (record, "last_name"), ==, "ByOlga");
  status = cli_run (member, NULL, "status", "--json", NULL);
  g_clear_pointer (&record, json_object_unref);
  record = parse_object (status->out);
  g_assert_cmpint (json_object_get_int_member (record, "pending"), ==, 0);

  /* The next sync has nothing to report. */
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (cli_sync (member, &err), ==, 0);
  g_assert_nonnull (strstr (err, "Up to date"));

  /* A rejection that names a field: a User giving its own record away. */
  {
    g_autofree char *mine = create (member, "contact", "{\"first_name\": \"Mine\"}");
    g_autoptr (CliResult) me = NULL;
    g_autoptr (CliResult) give = NULL;
    g_autoptr (JsonObject) profile = NULL;
    g_autofree char *with_field = NULL;
    g_autofree char *body = NULL;
    JsonObject *user;

    g_assert_cmpint (cli_sync (member, NULL), ==, 0);
    me = cli_run (owner, NULL, "profile", "show", NULL);
    g_assert_cmpint (me->status, ==, 0);
    profile = parse_object (me->out);
    user = json_object_get_object_member (profile, "user");
    body = g_strdup_printf ("{\"owner_id\": \"%s\"}", json_object_get_string_member (user, "id"));
    give = cli_run (member, NULL, "update", "contact", mine, body, NULL);
    g_assert_cmpint (give->status, ==, 0);

    g_clear_pointer (&err, g_free);
    g_assert_cmpint (cli_sync (member, &err), ==, 9);
    with_field = g_strdup_printf ("kantora-cli: contact %s: owner_id: ", mine);
    g_assert_true (g_str_has_prefix (err, with_field));
  }
}

/* A local edit that lost to a newer one made elsewhere: printed per field,
 * its own exit code, and the store holds the winner. */
static void
test_superseded (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *a = g_build_filename (f->dir, "a", NULL);
  g_autofree char *b = g_build_filename (f->dir, "b", NULL);
  g_autofree char *email = cli_register (a);
  g_autofree char *id = create (a, "contact", "{\"first_name\": \"Pavel\", \"city\": \"Sofia\"}");
  g_autofree char *err = NULL;
  g_autofree char *expected = NULL;
  g_autoptr (CliResult) login = NULL;
  g_autoptr (CliResult) older = NULL;
  g_autoptr (CliResult) newer = NULL;
  g_autoptr (CliResult) got = NULL;
  g_autoptr (JsonObject) record = NULL;

  g_assert_cmpint (cli_sync (a, NULL), ==, 0);
  login = cli_run (b, PASSWORD_LINE, "login", "--server", server->url, "--email", email,
                   "--password-stdin", NULL);
  g_assert_cmpint (login->status, ==, 0);
  g_assert_cmpint (cli_sync (b, NULL), ==, 0);

  /* Both edit the city while apart; b's edit is the later one and
   * reaches the server first. */
  older = cli_run (a, NULL, "update", "contact", id, "{\"city\": \"Ruse\"}", NULL);
  g_assert_cmpint (older->status, ==, 0);
  g_usleep (20 * 1000);
  newer = cli_run (b, NULL, "update", "contact", id, "{\"city\": \"Varna\"}", NULL);
  g_assert_cmpint (newer->status, ==, 0);
  g_assert_cmpint (cli_sync (b, NULL), ==, 0);

  g_assert_cmpint (cli_sync (a, &err), ==, 11);
  expected = g_strdup_printf ("kantora-cli: contact %s: city: replaced by a newer change made elsewhere", id);
  g_assert_nonnull (strstr (err, expected));
  g_assert_nonnull (strstr (err, "1 change lost to a newer one made elsewhere"));
  g_assert_null (strstr (err, "Up to date"));

  got = cli_run (a, NULL, "get", "contact", id, NULL);
  g_assert_cmpint (got->status, ==, 0);
  record = parse_object (got->out);
  g_assert_cmpstr (json_object_get_string_member (record, "city"), ==, "Varna");

  /* Told once: the next sync is clean. */
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (cli_sync (a, &err), ==, 0);
  g_assert_nonnull (strstr (err, "Up to date"));
}

/* Team and profile */

static void
test_team (Fixture       *f,
           gconstpointer  data)
{
  g_autofree char *owner = g_build_filename (f->dir, "owner", NULL);
  g_autofree char *member = g_build_filename (f->dir, "member", NULL);
  g_autofree char *owner_email = cli_register (owner);
  g_autofree char *member_email = new_email ("member");
  g_autofree char *pending_email = new_email ("pending");
  g_autoptr (CliResult) listed = NULL;
  g_autoptr (CliResult) promoted = NULL;
  g_autoptr (CliResult) relisted = NULL;
  g_autoptr (CliResult) refused = NULL;
  g_autoptr (CliResult) bad_role = NULL;
  g_autoptr (CliResult) removed = NULL;
  g_autoptr (CliResult) unknown = NULL;
  g_autoptr (CliResult) last = NULL;
  g_autoptr (CliResult) after = NULL;
  g_autoptr (CliResult) invited = NULL;
  g_auto (GStrv) lines = NULL;

  add_member (owner, member, member_email, "user");
  invited = cli_run (owner, NULL, "team", "invite", pending_email, "manager", NULL);
  g_assert_cmpint (invited->status, ==, 0);

  listed = cli_run (member, NULL, "team", "list", NULL);
  g_assert_cmpint (listed->status, ==, 0);
  lines = lines_of (listed->out);
  g_assert_cmpuint (g_strv_length (lines), ==, 3);
  g_assert_nonnull (strstr (listed->out, owner_email));
  g_assert_nonnull (strstr (listed->out, "\"invited\""));
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autoptr (JsonObject) m = parse_object (lines[i]);

      if (g_strcmp0 (json_object_get_string_member (m, "email"), member_email) == 0)
        g_assert_cmpstr (json_object_get_string_member (m, "role"), ==, "user");
    }

  /* A User may not invite: the server's refusal, exit 7. */
  refused = cli_run (member, NULL, "team", "invite", "someone@example.com", "user", NULL);
  g_assert_cmpint (refused->status, ==, 7);
  g_assert_true (g_str_has_prefix (refused->err, "kantora-cli: "));
  g_assert_cmpstr (refused->out, ==, "");

  /* The Owner makes the member a Manager, by email. */
  promoted = cli_run (owner, NULL, "team", "role", member_email, "manager", NULL);
  g_assert_cmpint (promoted->status, ==, 0);
  relisted = cli_run (owner, NULL, "team", "list", NULL);
  g_assert_nonnull (strstr (relisted->out, "\"manager\""));
  {
    g_auto (GStrv) now = lines_of (relisted->out);

    for (guint i = 0; now[i] != NULL; i++)
      {
        g_autoptr (JsonObject) m = parse_object (now[i]);

        if (g_strcmp0 (json_object_get_string_member (m, "email"), member_email) == 0)
          g_assert_cmpstr (json_object_get_string_member (m, "role"), ==, "manager");
      }
  }

  bad_role = cli_run (owner, NULL, "team", "role", member_email, "emperor", NULL);
  g_assert_cmpint (bad_role->status, ==, 7);

  /* The only Owner cannot demote itself. */
  last = cli_run (owner, NULL, "team", "role", owner_email, "user", NULL);
  g_assert_cmpint (last->status, ==, 7);

  unknown = cli_run (owner, NULL, "team", "remove", "nobody@example.com", NULL);
  g_assert_cmpint (unknown->status, ==, 3);
  g_assert_nonnull (strstr (unknown->err, "nobody@example.com"));

  removed = cli_run (owner, NULL, "team", "remove", member_email, NULL);
  g_assert_cmpint (removed->status, ==, 0);
  after = cli_run (owner, NULL, "team", "list", NULL);
  g_assert_null (strstr (after->out, member_email));

  /* The removed member's next sync: not a member any more. */
  g_assert_cmpint (cli_sync (member, NULL), ==, 6);
}

static void
test_profile (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *dir = g_build_filename (f->dir, "me", NULL);
  g_autofree char *email = cli_register (dir);
  g_autoptr (CliResult) shown = NULL;
  g_autoptr (CliResult) set = NULL;
  g_autoptr (CliResult) again = NULL;
  g_autoptr (CliResult) refused = NULL;
  g_autoptr (CliResult) invalid = NULL;
  g_autoptr (JsonObject) me = NULL;
  JsonObject *user;

  shown = cli_run (dir, NULL, "profile", NULL);
  g_assert_cmpint (shown->status, ==, 0);
  me = parse_object (shown->out);
  user = json_object_get_object_member (me, "user");
  g_assert_cmpstr (json_object_get_string_member (user, "email"), ==, email);
  g_assert_cmpstr (json_object_get_string_member (me, "role"), ==, "owner");

  set = cli_run (dir, NULL, "profile", "set", "full_name=Олга Собственикова", "company_city=Пловдив", NULL);
  g_assert_cmpint (set->status, ==, 0);
  again = cli_run (dir, NULL, "profile", "show", NULL);
  g_clear_pointer (&me, json_object_unref);
  me = parse_object (again->out);
  user = json_object_get_object_member (me, "user");
  g_assert_cmpstr (json_object_get_string_member (user, "full_name"), ==, "Олга Собственикова");
  g_assert_cmpstr (json_object_get_string_member (user, "company_city"), ==, "Пловдив");

  /* The email is the login name: the server refuses, in its words. */
  refused = cli_run (dir, NULL, "profile", "set", "email=new@example.com", NULL);
  g_assert_cmpint (refused->status, ==, 7);
  g_assert_true (g_str_has_prefix (refused->err, "kantora-cli: "));

  invalid = cli_run (dir, NULL, "profile", "set", "full_name=", NULL);
  g_assert_cmpint (invalid->status, !=, 0);
}

/* The organization as a ZIP: out of one store and into an empty one, the
 * same records; refused into a store that has any; every list as CSV. */
static void
test_zip (Fixture       *f,
          gconstpointer  data)
{
  g_autofree char *other = g_build_filename (f->dir, "other", NULL);
  g_autofree char *zip = g_build_filename (f->dir, "org.zip", NULL);
  g_autofree char *company = NULL;
  g_autofree char *json = NULL;
  g_autoptr (CliResult) out = NULL;
  g_autoptr (CliResult) in = NULL;
  g_autoptr (CliResult) again = NULL;
  g_autoptr (CliResult) a = NULL;
  g_autoptr (CliResult) b = NULL;
  g_autoptr (CliResult) usage = NULL;
  g_autoptr (CliResult) tasks = NULL;

  company = create (f->dir, "company", "{\"name\": \"Акме, ООД\", \"city\": \"Варна\"}");
  json = g_strdup_printf ("{\"first_name\": \"Мария\", \"company_id\": \"%s\"}", company);
  g_free (create (f->dir, "contact", json));
  g_free (create (f->dir, "task", "{\"title\": \"Обаждане \\\"спешно\\\"\"}"));

  out = cli_run (f->dir, NULL, "export", "--zip", zip, NULL);
  g_assert_cmpint (out->status, ==, 0);
  in = cli_run (other, NULL, "import", "--zip", zip, NULL);
  g_assert_cmpint (in->status, ==, 0);
  g_assert_nonnull (strstr (in->err, "Imported 3 records"));

  for (const char * const *e = (const char * const[]) { "company", "contact", "task", NULL }; *e; e++)
    {
      g_autoptr (CliResult) x = cli_run (f->dir, NULL, "export", *e, "-", NULL);
      g_autoptr (CliResult) y = cli_run (other, NULL, "export", *e, "-", NULL);

      g_assert_cmpint (x->status, ==, 0);
      g_assert_cmpint (y->status, ==, 0);
      /* Byte for byte but updated_at and the clock, which the import sets. */
      g_assert_cmpuint (strlen (x->out), >, 0);
      {
        g_auto (GStrv) lx = lines_of (x->out);
        g_auto (GStrv) ly = lines_of (y->out);

        g_assert_cmpuint (g_strv_length (lx), ==, g_strv_length (ly));
        for (guint i = 0; lx[i] != NULL; i++)
          {
            g_autoptr (JsonNode) nx = json_from_string (lx[i], NULL);
            g_autoptr (JsonNode) ny = json_from_string (ly[i], NULL);
            JsonObject *ox = json_node_get_object (nx);
            JsonObject *oy = json_node_get_object (ny);

            json_object_remove_member (ox, "updated_at");
            json_object_remove_member (oy, "updated_at");
            json_object_remove_member (ox, "hlc");
            json_object_remove_member (oy, "hlc");
            json_object_remove_member (ox, "org_id");
            json_object_remove_member (oy, "org_id");
            g_assert_true (json_node_equal (nx, ny));
          }
      }
    }

  again = cli_run (other, NULL, "import", "--zip", zip, NULL);
  g_assert_cmpint (again->status, ==, 4);
  g_assert_nonnull (strstr (again->err, "empty organization"));

  usage = cli_run (f->dir, NULL, "export", "--zip", NULL);
  g_assert_cmpint (usage->status, ==, 2);

  tasks = cli_run (f->dir, NULL, "export", "task", "-", "--format", "csv", NULL);
  g_assert_cmpint (tasks->status, ==, 0);
  g_assert_true (g_str_has_prefix (tasks->out, "\xEF\xBB\xBF" "id,owner_id,created_at,"));
  g_assert_nonnull (strstr (tasks->out, "\"Обаждане \"\"спешно\"\"\""));
  a = cli_run (f->dir, NULL, "export", "contact", "-", "--format", "csv", NULL);
  b = cli_run (f->dir, NULL, "export", "deal", "-", "--format", "csv", NULL);
  g_assert_cmpint (a->status, ==, 0);
  g_assert_cmpint (b->status, ==, 0);
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);

  g_test_add ("/cli/help", Fixture, NULL, fixture_setup, test_help, fixture_teardown);
  g_test_add ("/cli/usage-errors", Fixture, NULL, fixture_setup, test_usage_errors, fixture_teardown);
  g_test_add ("/cli/records", Fixture, NULL, fixture_setup, test_records, fixture_teardown);
  g_test_add ("/cli/import-export", Fixture, NULL, fixture_setup, test_import_export, fixture_teardown);
  g_test_add ("/cli/csv-vcard", Fixture, NULL, fixture_setup, test_csv_vcard, fixture_teardown);
  g_test_add ("/cli/zip", Fixture, NULL, fixture_setup, test_zip, fixture_teardown);
  g_test_add ("/cli/sync", Fixture, NULL, fixture_setup, test_sync, fixture_teardown);
  g_test_add ("/cli/sync/rejected", Fixture, NULL, fixture_setup, test_rejected, fixture_teardown);
  g_test_add ("/cli/sync/superseded", Fixture, NULL, fixture_setup, test_superseded, fixture_teardown);
  g_test_add ("/cli/team", Fixture, NULL, fixture_setup, test_team, fixture_teardown);
  g_test_add ("/cli/profile", Fixture, NULL, fixture_setup, test_profile, fixture_teardown);

  server = kt_test_server_new ();
  status = g_test_run ();
  g_clear_pointer (&server, kt_test_server_free);
  return status;
}
