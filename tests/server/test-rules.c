/* test-rules.c: the model's rules (docs/model.md) hold on the server too
 *
 * Time zones come from a fixed list and are never opened as files; the
 * organization's fields, the logo included, follow the shared validator;
 * custom field values follow the organization's definitions on REST and
 * on sync push alike; a pull limit outside 1..5000 is refused; nobody is
 * invited as an Owner.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <sys/stat.h>

#include "kantora-shared.h"
#include "kt-test-server.h"

static char *conninfo;

typedef struct {
  KtTestServer  *ts;
  KtTestAccount  owner;
  KtHlc         *clock;
  gint64         mutation;
} Fixture;

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  f->ts = kt_test_server_new (conninfo);
  kt_test_register (f->ts, "Rules", &f->owner);
  f->clock = kt_hlc_new ("00000000000c0de5");
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  kt_hlc_free (f->clock);
  kt_test_account_clear (&f->owner);
  kt_test_server_free (f->ts);
}

/* Asserts a 422 validation answer naming @field. */
static void
assert_invalid (JsonNode   *answer,
                guint       status,
                const char *field)
{
  g_assert_cmpuint (status, ==, 422);
  g_assert_cmpstr (kt_test_json_string (answer, "error.code"), ==, "validation");
  g_assert_cmpstr (kt_test_json_string (answer, "error.field"), ==, field);
}

static char *
stored_timezone (Fixture *f)
{
  g_autofree char *sql = g_strdup_printf ("SELECT timezone FROM users WHERE id = '%s'", f->owner.user_id);

  return kt_test_pg_query (conninfo, sql);
}

/* Issue 3: a time zone is a name from a fixed list, never a path. */
static void
test_timezone (Fixture *f, gconstpointer data)
{
  g_autofree char *dir = g_dir_make_tmp ("kantora-tz-XXXXXX", NULL);
  g_autofree char *fifo = g_build_filename (dir, "fifo", NULL);
  g_autofree char *fifo_relative = g_strconcat ("../../../..", fifo, NULL);
  const char *refused[] = {
    "/etc/passwd", "../../../../etc/passwd", "/etc/localtime", "/usr/share/zoneinfo/Europe/Sofia",
    "Europe/../Europe/Sofia", "europe/sofia", "Europe/Sofia ", "Mars/Olympus", "Factory", "",
    fifo, fifo_relative,
  };
  const char *accepted[] = { "Europe/Sofia", "UTC", "America/Argentina/Buenos_Aires", "Etc/GMT+2", "Europe/Kiev" };
  guint status;

  /* A FIFO would block the worker that opened it for ever. */
  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autoptr(JsonNode) patched = NULL;
      g_autoptr(JsonNode) registered = NULL;
      g_autofree char *stored = NULL;

      g_test_message ("refused: “%s”", refused[i]);
      patched = kt_test_requestf (f->ts, "PATCH", "/v1/me", f->owner.token, &status,
                                  "{\"timezone\":\"%s\"}", refused[i]);
      assert_invalid (patched, status, "timezone");
      stored = stored_timezone (f);
      g_assert_cmpstr (stored, ==, "Europe/Sofia");

      registered = kt_test_requestf (f->ts, "POST", "/v1/auth/register", NULL, &status,
                                     "{\"email\":\"tz%u@example.com\",\"password\":\"correct horse\","
                                     "\"full_name\":\"T\",\"timezone\":\"%s\"}", i, refused[i]);
      assert_invalid (registered, status, "timezone");
    }

  for (guint i = 0; i < G_N_ELEMENTS (accepted); i++)
    {
      g_autoptr(JsonNode) patched = NULL;
      g_autofree char *stored = NULL;

      patched = kt_test_requestf (f->ts, "PATCH", "/v1/me", f->owner.token, &status,
                                  "{\"timezone\":\"%s\"}", accepted[i]);
      g_assert_cmpuint (status, ==, 200);
      g_assert_cmpstr (kt_test_json_string (patched, "user.timezone"), ==, accepted[i]);
      stored = stored_timezone (f);
      g_assert_cmpstr (stored, ==, accepted[i]);
    }

  {
    g_autoptr(JsonNode) registered = NULL;

    registered = kt_test_request (f->ts, "POST", "/v1/auth/register", NULL,
                                  "{\"email\":\"tz-ok@example.com\",\"password\":\"correct horse\","
                                  "\"full_name\":\"T\",\"timezone\":\"Asia/Tokyo\"}", &status);
    g_assert_cmpuint (status, ==, 201);
    g_assert_cmpstr (kt_test_json_string (registered, "user.timezone"), ==, "Asia/Tokyo");
  }

  g_unlink (fifo);
  g_rmdir (dir);
}

/* The other user fields follow the model too (email, phone, lengths). */
static void
test_profile_fields (Fixture *f, gconstpointer data)
{
  g_autofree char *long_vat = g_strnfill (33, '1');
  guint status;

  {
    g_autoptr(JsonNode) n = kt_test_request (f->ts, "PATCH", "/v1/me", f->owner.token,
                                             "{\"phone\":\"call me maybe\"}", &status);
    assert_invalid (n, status, "phone");
  }
  {
    g_autoptr(JsonNode) n = kt_test_requestf (f->ts, "PATCH", "/v1/me", f->owner.token, &status,
                                              "{\"company_vat\":\"%s\"}", long_vat);
    assert_invalid (n, status, "company_vat");
  }
  {
    g_autoptr(JsonNode) n = kt_test_request (f->ts, "POST", "/v1/auth/register", NULL,
                                             "{\"email\":\"p@example.com\",\"password\":\"correct horse\","
                                             "\"full_name\":\"P\",\"phone\":\"12\"}", &status);
    assert_invalid (n, status, "phone");
  }
  {
    g_autoptr(JsonNode) n = kt_test_request (f->ts, "PATCH", "/v1/me", f->owner.token,
                                             "{\"phone\":\"+359 88 123 4567\",\"company_vat\":\"BG123456789\"}", &status);
    g_assert_cmpuint (status, ==, 200);
    g_assert_cmpstr (kt_test_json_string (n, "user.phone"), ==, "+359 88 123 4567");
  }
  {
    /* A value stored under older rules does not block other changes. */
    g_autofree char *sql = g_strdup_printf ("UPDATE users SET company_vat = '%s' WHERE id = '%s'",
                                            long_vat, f->owner.user_id);
    g_autoptr(JsonNode) n = NULL;

    g_free (kt_test_pg_query (conninfo, sql));
    n = kt_test_request (f->ts, "PATCH", "/v1/me", f->owner.token, "{\"full_name\":\"Ivan\"}", &status);
    g_assert_cmpuint (status, ==, 200);
  }
}

static char *
logo_of_size (gsize bytes)
{
  const char *prefix = "data:image/png;base64,";
  GString *logo = g_string_new (prefix);

  while (logo->len < bytes)
    g_string_append_c (logo, 'A');
  return g_string_free (logo, FALSE);
}

/* Under 512 Ki characters, but over 512 KiB. */
static char *
wide_logo (void)
{
  GString *logo = g_string_new ("data:image/svg+xml,");

  for (guint i = 0; i < 300 * 1024; i++)
    g_string_append (logo, "я");
  return g_string_free (logo, FALSE);
}

static char *
stored_logo (Fixture *f)
{
  g_autofree char *sql = g_strdup_printf ("SELECT coalesce(left(logo, 30), '<null>') FROM organizations "
                                          "WHERE org_id = '%s'", f->owner.org_id);

  return kt_test_pg_query (conninfo, sql);
}

/* Issue 7: the logo is a data:image/ URI of at most 512 KiB, and the
 * other organization fields follow the model. */
static void
test_organization (Fixture *f, gconstpointer data)
{
  g_autofree char *too_big = logo_of_size (600 * 1024);
  g_autofree char *largest = logo_of_size (512 * 1024);
  g_autofree char *long_vat = g_strnfill (33, '1');
  g_autofree char *wide = wide_logo ();
  const char *refused[] = {
    "javascript:alert(1)", "https://example.com/logo.png", "data:text/html;base64,PHNjcmlwdD4=", too_big,
    wide,
  };
  guint status;

  /* Bodies here are bigger than the test server's usual limit. */
  f->ts->config->max_body_bytes = 2 * 1024 * 1024;

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autoptr(JsonNode) n = kt_test_requestf (f->ts, "PATCH", "/v1/organization", f->owner.token, &status,
                                                "{\"logo\":\"%s\",\"city\":\"Varna\"}", refused[i]);
      g_autofree char *logo = stored_logo (f);

      assert_invalid (n, status, "logo");
      g_assert_cmpstr (logo, ==, "<null>");
    }

  {
    g_autoptr(JsonNode) n = kt_test_requestf (f->ts, "PATCH", "/v1/organization", f->owner.token, &status,
                                              "{\"logo\":\"%s\"}", largest);
    g_autofree char *logo = stored_logo (f);

    g_assert_cmpuint (status, ==, 200);
    g_assert_cmpstr (logo, ==, "data:image/png;base64,AAAAAAAA");
  }
  {
    g_autoptr(JsonNode) n = kt_test_request (f->ts, "PATCH", "/v1/organization", f->owner.token,
                                             "{\"logo\":null}", &status);
    g_assert_cmpuint (status, ==, 200);
  }

  {
    g_autoptr(JsonNode) n = kt_test_request (f->ts, "PATCH", "/v1/organization", f->owner.token,
                                             "{\"name\":\"   \"}", &status);
    assert_invalid (n, status, "name");
  }
  {
    g_autoptr(JsonNode) n = kt_test_request (f->ts, "PATCH", "/v1/organization", f->owner.token,
                                             "{\"default_currency\":\"XYZ\"}", &status);
    assert_invalid (n, status, "default_currency");
  }
  {
    g_autoptr(JsonNode) n = kt_test_requestf (f->ts, "PATCH", "/v1/organization", f->owner.token, &status,
                                              "{\"vat_number\":\"%s\"}", long_vat);
    assert_invalid (n, status, "vat_number");
  }
  {
    /* A value stored under older rules does not block other changes. */
    g_autofree char *sql = g_strdup_printf ("UPDATE organizations SET vat_number = '%s' WHERE org_id = '%s'",
                                            long_vat, f->owner.org_id);
    g_autoptr(JsonNode) n = NULL;

    g_free (kt_test_pg_query (conninfo, sql));
    n = kt_test_request (f->ts, "PATCH", "/v1/organization", f->owner.token, "{\"city\":\"Ruse\"}", &status);
    g_assert_cmpuint (status, ==, 200);
    g_assert_cmpstr (kt_test_json_string (n, "city"), ==, "Ruse");
  }
}

static void
define_custom_fields (Fixture *f)
{
  guint status;

  {
    g_autoptr(JsonNode) n = kt_test_request (f->ts, "POST", "/v1/custom_fields", f->owner.token,
                                             "{\"target_entity\":\"contact\",\"key\":\"drink\",\"label\":\"Drink\","
                                             "\"field_type\":\"choice\",\"choices\":[\"tea\",\"coffee\"],\"required\":true}",
                                             &status);
    g_assert_cmpuint (status, ==, 201);
  }
  {
    g_autoptr(JsonNode) n = kt_test_request (f->ts, "POST", "/v1/custom_fields", f->owner.token,
                                             "{\"target_entity\":\"contact\",\"key\":\"age\",\"label\":\"Age\","
                                             "\"field_type\":\"number\"}", &status);
    g_assert_cmpuint (status, ==, 201);
  }
  {
    /* Deleted definitions do not count. */
    g_autoptr(JsonNode) n = kt_test_request (f->ts, "POST", "/v1/custom_fields", f->owner.token,
                                             "{\"target_entity\":\"contact\",\"key\":\"gone\",\"label\":\"Gone\","
                                             "\"field_type\":\"text\"}", &status);
    g_autofree char *path = g_strconcat ("/v1/custom_fields/", kt_test_json_string (n, "id"), NULL);
    g_autoptr(JsonNode) deleted = kt_test_request (f->ts, "DELETE", path, f->owner.token, NULL, &status);

    g_assert_cmpuint (status, ==, 204);
  }
}

static const struct {
  const char *custom;
  const char *field;
} bad_custom[] = {
  { "{\"drink\":\"tea\",\"nope\":1}", "custom.nope" },          /* an unknown key */
  { "{\"drink\":\"tea\",\"gone\":\"x\"}", "custom.gone" },       /* a deleted definition */
  { "{\"age\":3}", "custom.drink" },                            /* a required one missing */
  { "{\"drink\":\"  \"}", "custom.drink" },                     /* ...or blank */
  { "{\"drink\":\"beer\"}", "custom.drink" },                   /* not one of the choices */
  { "{\"drink\":\"tea\",\"age\":\"old\"}", "custom.age" },       /* the wrong type */
  { "{\"drink\":\"tea\",\"age\":true}", "custom.age" },
};

static char *
contact_count (Fixture *f)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM contacts WHERE org_id = '%s'", f->owner.org_id);

  return kt_test_pg_query (conninfo, sql);
}

/* Issue 6, REST: the organization's custom field definitions hold. */
static void
test_custom_fields_rest (Fixture *f, gconstpointer data)
{
  g_autoptr(JsonNode) created = NULL;
  g_autofree char *path = NULL;
  guint status;

  define_custom_fields (f);

  for (guint i = 0; i < G_N_ELEMENTS (bad_custom); i++)
    {
      g_autoptr(JsonNode) n = kt_test_requestf (f->ts, "POST", "/v1/contacts", f->owner.token, &status,
                                                "{\"first_name\":\"Ivan\",\"custom\":%s}", bad_custom[i].custom);
      g_autofree char *count = contact_count (f);

      g_test_message ("custom %s", bad_custom[i].custom);
      assert_invalid (n, status, bad_custom[i].field);
      g_assert_cmpstr (count, ==, "0");
    }
  {
    /* Without custom values the required one is missing too. */
    g_autoptr(JsonNode) n = kt_test_request (f->ts, "POST", "/v1/contacts", f->owner.token,
                                             "{\"first_name\":\"Ivan\"}", &status);
    assert_invalid (n, status, "custom.drink");
  }
  {
    /* Companies have no definitions: any custom key is unknown. */
    g_autoptr(JsonNode) n = kt_test_request (f->ts, "POST", "/v1/companies", f->owner.token,
                                             "{\"name\":\"Firm\",\"custom\":{\"drink\":\"tea\"}}", &status);
    assert_invalid (n, status, "custom.drink");
  }

  created = kt_test_request (f->ts, "POST", "/v1/contacts", f->owner.token,
                             "{\"first_name\":\"Ivan\",\"custom\":{\"drink\":\"tea\",\"age\":41.5}}", &status);
  g_assert_cmpuint (status, ==, 201);
  path = g_strconcat ("/v1/contacts/", kt_test_json_string (created, "id"), NULL);

  for (guint i = 0; i < G_N_ELEMENTS (bad_custom); i++)
    {
      g_autoptr(JsonNode) n = kt_test_requestf (f->ts, "PATCH", path, f->owner.token, &status,
                                                "{\"custom\":%s}", bad_custom[i].custom);
      assert_invalid (n, status, bad_custom[i].field);
    }
  {
    g_autoptr(JsonNode) n = kt_test_request (f->ts, "PATCH", path, f->owner.token,
                                             "{\"custom\":{\"drink\":\"coffee\",\"age\":null}}", &status);
    g_assert_cmpuint (status, ==, 200);
  }
  {
    /* A write of other fields leaves the custom values alone. */
    g_autoptr(JsonNode) n = kt_test_request (f->ts, "PATCH", path, f->owner.token,
                                             "{\"last_name\":\"Petrov\"}", &status);
    g_assert_cmpuint (status, ==, 200);
    g_assert_cmpstr (kt_test_json_string (n, "custom.drink"), ==, "coffee");
  }
}

/* A value stored while its definition lived is not judged again when the
 * definition goes: the desktop forms keep such values, and every later
 * edit of the record's custom values sends them back. */
static void
test_custom_fields_orphan (Fixture *f, gconstpointer data)
{
  g_autoptr(JsonNode) definition = NULL;
  g_autoptr(JsonNode) created = NULL;
  g_autofree char *path = NULL;
  g_autofree char *definition_path = NULL;
  guint status;

  define_custom_fields (f);
  definition = kt_test_request (f->ts, "POST", "/v1/custom_fields", f->owner.token,
                                "{\"target_entity\":\"contact\",\"key\":\"shoe\",\"label\":\"Shoe\","
                                "\"field_type\":\"number\"}", &status);
  g_assert_cmpuint (status, ==, 201);
  created = kt_test_request (f->ts, "POST", "/v1/contacts", f->owner.token,
                             "{\"first_name\":\"Ivan\",\"custom\":{\"drink\":\"tea\",\"shoe\":43}}", &status);
  g_assert_cmpuint (status, ==, 201);
  path = g_strconcat ("/v1/contacts/", kt_test_json_string (created, "id"), NULL);

  definition_path = g_strconcat ("/v1/custom_fields/", kt_test_json_string (definition, "id"), NULL);
  {
    g_autoptr(JsonNode) n = kt_test_request (f->ts, "DELETE", definition_path, f->owner.token, NULL, &status);
    g_assert_cmpuint (status, ==, 204);
  }
  {
    /* The orphan rides along with a change of another value. */
    g_autoptr(JsonNode) n = kt_test_request (f->ts, "PATCH", path, f->owner.token,
                                             "{\"custom\":{\"drink\":\"coffee\",\"shoe\":43}}", &status);
    g_assert_cmpuint (status, ==, 200);
    g_assert_cmpstr (kt_test_json_string (n, "custom.drink"), ==, "coffee");
  }
  {
    /* A new value for the deleted field is still refused. */
    g_autoptr(JsonNode) n = kt_test_request (f->ts, "PATCH", path, f->owner.token,
                                             "{\"custom\":{\"drink\":\"coffee\",\"shoe\":44}}", &status);
    assert_invalid (n, status, "custom.shoe");
  }
  {
    /* Emptying a required value is refused on an edit too. */
    g_autoptr(JsonNode) n = kt_test_request (f->ts, "PATCH", path, f->owner.token,
                                             "{\"custom\":{\"shoe\":43}}", &status);
    assert_invalid (n, status, "custom.drink");
  }
}

/* Pushes one contact mutation with @fields; returns its result. */
static JsonNode *
push_contact (Fixture    *f,
              const char *record_id,
              const char *fields)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonObject) clocks = json_object_new ();
  g_autoptr(JsonNode) clocks_node = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autofree char *clocks_text = NULL;
  g_autofree char *stamp = kt_hlc_tick (f->clock);
  JsonObjectIter iter;
  const char *name;
  JsonNode *value;
  JsonArray *results;
  guint status;

  g_assert_true (json_parser_load_from_data (parser, fields, -1, NULL));
  json_object_iter_init (&iter, json_node_get_object (json_parser_get_root (parser)));
  while (json_object_iter_next (&iter, &name, &value))
    json_object_set_string_member (clocks, name, stamp);
  clocks_node = json_node_init_object (json_node_alloc (), clocks);
  clocks_text = json_to_string (clocks_node, FALSE);

  answer = kt_test_requestf (f->ts, "POST", "/v1/sync/push", f->owner.token, &status,
                             "{\"protocol\":%d,\"client_id\":\"0190a0a0-0000-7000-8000-00000000c0de\","
                             "\"mutations\":[{\"id\":%" G_GINT64_FORMAT ",\"entity\":\"contact\","
                             "\"record_id\":\"%s\",\"fields\":%s,\"clocks\":%s}]}",
                             KT_SYNC_PROTOCOL_VERSION, ++f->mutation, record_id, fields, clocks_text);
  g_assert_cmpuint (status, ==, 200);
  results = json_object_get_array_member (json_node_get_object (answer), "results");
  g_assert_cmpuint (json_array_get_length (results), ==, 1);
  return json_node_copy (json_array_get_element (results, 0));
}

/* Issue 6, sync push: a rejected mutation names the custom field. */
static void
test_custom_fields_push (Fixture *f, gconstpointer data)
{
  g_autofree char *id = kt_uuid_new ();

  define_custom_fields (f);

  for (guint i = 0; i < G_N_ELEMENTS (bad_custom); i++)
    {
      g_autofree char *fields = g_strdup_printf ("{\"first_name\":\"Ivan\",\"custom\":%s}", bad_custom[i].custom);
      g_autoptr(JsonNode) result = push_contact (f, id, fields);
      g_autofree char *count = contact_count (f);

      g_test_message ("custom %s", bad_custom[i].custom);
      g_assert_cmpstr (kt_test_json_string (result, "status"), ==, "rejected");
      g_assert_cmpstr (kt_test_json_string (result, "code"), ==, "validation");
      g_assert_cmpstr (kt_test_json_string (result, "field"), ==, bad_custom[i].field);
      g_assert_cmpstr (count, ==, "0");
    }

  {
    g_autoptr(JsonNode) result = push_contact (f, id, "{\"first_name\":\"Ivan\",\"custom\":{\"drink\":\"tea\"}}");
    g_assert_cmpstr (kt_test_json_string (result, "status"), ==, "applied");
  }
  for (guint i = 0; i < G_N_ELEMENTS (bad_custom); i++)
    {
      g_autofree char *fields = g_strdup_printf ("{\"custom\":%s}", bad_custom[i].custom);
      g_autoptr(JsonNode) result = push_contact (f, id, fields);

      g_assert_cmpstr (kt_test_json_string (result, "status"), ==, "rejected");
      g_assert_cmpstr (kt_test_json_string (result, "field"), ==, bad_custom[i].field);
    }
  {
    g_autoptr(JsonNode) result = push_contact (f, id, "{\"last_name\":\"Petrov\"}");
    g_assert_cmpstr (kt_test_json_string (result, "status"), ==, "applied");
  }
}

static char *
create (Fixture    *f,
        const char *plural,
        const char *body)
{
  g_autofree char *path = g_strconcat ("/v1/", plural, NULL);
  g_autoptr(JsonNode) n = NULL;
  guint status;

  n = kt_test_request (f->ts, "POST", path, f->owner.token, body, &status);
  g_assert_cmpuint (status, ==, 201);
  return g_strdup (kt_test_json_string (n, "id"));
}

/* docs/model.md: a deal's stage must belong to its pipeline (the deal
 * form's kt_deal_check_stage()), on REST and on sync push. */
static void
test_deal_stage (Fixture *f, gconstpointer data)
{
  g_autofree char *sales = create (f, "pipelines", "{\"name\":\"Sales\"}");
  g_autofree char *hiring = create (f, "pipelines", "{\"name\":\"Hiring\"}");
  g_autofree char *body = g_strdup_printf ("{\"pipeline_id\":\"%s\",\"name\":\"Lead\"}", sales);
  g_autofree char *lead = create (f, "stages", body);
  g_autofree char *body2 = g_strdup_printf ("{\"pipeline_id\":\"%s\",\"name\":\"Interview\"}", hiring);
  g_autofree char *interview = create (f, "stages", body2);
  g_autofree char *deal = NULL;
  g_autofree char *path = NULL;
  guint status;

  {
    g_autoptr(JsonNode) n = kt_test_requestf (f->ts, "POST", "/v1/deals", f->owner.token, &status,
                                              "{\"title\":\"Fence\",\"pipeline_id\":\"%s\",\"stage_id\":\"%s\"}",
                                              sales, interview);
    assert_invalid (n, status, "stage_id");
  }
  {
    g_autoptr(JsonNode) n = kt_test_requestf (f->ts, "POST", "/v1/deals", f->owner.token, &status,
                                              "{\"title\":\"Fence\",\"pipeline_id\":\"%s\",\"stage_id\":\"%s\"}",
                                              sales, lead);
    g_assert_cmpuint (status, ==, 201);
    deal = g_strdup (kt_test_json_string (n, "id"));
  }
  path = g_strconcat ("/v1/deals/", deal, NULL);
  {
    g_autoptr(JsonNode) n = kt_test_requestf (f->ts, "PATCH", path, f->owner.token, &status,
                                              "{\"pipeline_id\":\"%s\"}", hiring);
    assert_invalid (n, status, "stage_id");
  }
  {
    g_autoptr(JsonNode) n = kt_test_requestf (f->ts, "PATCH", path, f->owner.token, &status,
                                              "{\"pipeline_id\":\"%s\",\"stage_id\":\"%s\"}", hiring, interview);
    g_assert_cmpuint (status, ==, 200);
  }

  /* A deleted stage is no stage for a deal. */
  {
    g_autofree char *stage_path = g_strconcat ("/v1/stages/", lead, NULL);
    g_autoptr(JsonNode) gone = kt_test_request (f->ts, "DELETE", stage_path, f->owner.token, NULL, &status);
    g_autoptr(JsonNode) n = NULL;

    g_assert_cmpuint (status, ==, 204);
    n = kt_test_requestf (f->ts, "PATCH", path, f->owner.token, &status,
                         "{\"pipeline_id\":\"%s\",\"stage_id\":\"%s\"}", sales, lead);
    g_assert_cmpuint (status, ==, 422);
    g_assert_cmpstr (kt_test_json_string (n, "error.field"), ==, "stage_id");
  }
}

/* Issue 9: limit is 1..5000; anything else is refused, not replaced. */
static void
test_pull_limit (Fixture *f, gconstpointer data)
{
  const char *refused[] = { "0", "-1", "5001", "many", "" };
  const char *accepted[] = { "1", "5000" };
  guint status;

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autofree char *path = g_strdup_printf ("/v1/sync/pull?protocol=%d&cursor=0&limit=%s",
                                               KT_SYNC_PROTOCOL_VERSION, refused[i]);
      g_autoptr(JsonNode) n = kt_test_request (f->ts, "GET", path, f->owner.token, NULL, &status);

      g_test_message ("limit=%s", refused[i]);
      g_assert_cmpuint (status, ==, 400);
      g_assert_cmpstr (kt_test_json_string (n, "error.code"), ==, "malformed");
      g_assert_cmpstr (kt_test_json_string (n, "error.field"), ==, "limit");
    }
  for (guint i = 0; i < G_N_ELEMENTS (accepted); i++)
    {
      g_autofree char *path = g_strdup_printf ("/v1/sync/pull?protocol=%d&cursor=0&limit=%s",
                                               KT_SYNC_PROTOCOL_VERSION, accepted[i]);
      g_autoptr(JsonNode) n = kt_test_request (f->ts, "GET", path, f->owner.token, NULL, &status);
      JsonArray *changes = json_object_get_array_member (json_node_get_object (n), "changes");

      g_assert_cmpuint (status, ==, 200);
      g_assert_cmpuint (json_array_get_length (changes), <=, g_ascii_strtoull (accepted[i], NULL, 10));
    }
}

static char *
invitations_for (Fixture    *f,
                 const char *email)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM team_members WHERE org_id = '%s' "
                                          "AND invited_email = '%s'", f->owner.org_id, email);

  return kt_test_pg_query (conninfo, sql);
}

/* Issue 9: nobody, not even an Owner, invites an Owner; the other roles
 * of docs/api.md still hold. */
static void
test_invite_owner (Fixture *f, gconstpointer data)
{
  KtTestAccount admin = { 0, };
  KtTestAccount manager = { 0, };
  KtTestAccount second_owner = { 0, };
  guint status;

  {
    g_autoptr(JsonNode) n = kt_test_request (f->ts, "POST", "/v1/team/invitations", f->owner.token,
                                             "{\"email\":\"boss@example.com\",\"role\":\"owner\"}", &status);
    g_autofree char *count = invitations_for (f, "boss@example.com");

    assert_invalid (n, status, "role");
    g_assert_cmpstr (count, ==, "0");
  }

  kt_test_add_member (f->ts, &f->owner, "admin", &admin);
  kt_test_add_member (f->ts, &f->owner, "manager", &manager);
  {
    g_autoptr(JsonNode) n = kt_test_request (f->ts, "POST", "/v1/team/invitations", admin.token,
                                             "{\"email\":\"boss@example.com\",\"role\":\"owner\"}", &status);
    g_assert_cmpuint (status, ==, 403);
  }
  {
    g_autoptr(JsonNode) n = kt_test_request (f->ts, "POST", "/v1/team/invitations", manager.token,
                                             "{\"email\":\"boss@example.com\",\"role\":\"user\"}", &status);
    g_assert_cmpuint (status, ==, 403);
  }
  {
    g_autoptr(JsonNode) n = kt_test_request (f->ts, "POST", "/v1/team/invitations", admin.token,
                                             "{\"email\":\"boss@example.com\",\"role\":\"admin\"}", &status);
    g_autofree char *path = g_strconcat ("/v1/team/members/", kt_test_json_string (n, "id"), NULL);
    g_autoptr(JsonNode) promoted = NULL;
    g_autofree char *role = NULL;
    g_autofree char *sql = NULL;

    g_assert_cmpuint (status, ==, 201);
    /* Nor is a pending invitation turned into one for an Owner. */
    promoted = kt_test_request (f->ts, "PATCH", path, f->owner.token, "{\"role\":\"owner\"}", &status);
    assert_invalid (promoted, status, "role");
    sql = g_strdup_printf ("SELECT role FROM team_members WHERE org_id = '%s' AND invited_email = 'boss@example.com'",
                           f->owner.org_id);
    role = kt_test_pg_query (conninfo, sql);
    g_assert_cmpstr (role, ==, "admin");
  }

  {
    /* Accepting makes a user: the user's rules hold for the name. */
    g_autofree char *long_name = g_strnfill (201, 'x');
    g_autoptr(JsonNode) invite = kt_test_request (f->ts, "POST", "/v1/team/invitations", f->owner.token,
                                                  "{\"email\":\"named@example.com\",\"role\":\"user\"}", &status);
    g_autoptr(JsonNode) n = NULL;

    g_assert_cmpuint (status, ==, 201);
    n = kt_test_requestf (f->ts, "POST", "/v1/team/invitations/accept", NULL, &status,
                          "{\"token\":\"%s\",\"full_name\":\"%s\",\"password\":\"correct horse\"}",
                          kt_test_json_string (invite, "token"), long_name);
    assert_invalid (n, status, "full_name");
  }

  /* An Owner is made by promoting someone who joined. */
  kt_test_add_member (f->ts, &f->owner, "owner", &second_owner);
  kt_test_account_clear (&second_owner);
  kt_test_account_clear (&admin);
  kt_test_account_clear (&manager);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  conninfo = kt_test_pg_new_database ("rules");

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/server/rules/timezone", test_timezone);
  ADD ("/server/rules/profile-fields", test_profile_fields);
  ADD ("/server/rules/organization", test_organization);
  ADD ("/server/rules/custom-fields-rest", test_custom_fields_rest);
  ADD ("/server/rules/custom-fields-orphan", test_custom_fields_orphan);
  ADD ("/server/rules/custom-fields-push", test_custom_fields_push);
  ADD ("/server/rules/deal-stage", test_deal_stage);
  ADD ("/server/rules/pull-limit", test_pull_limit);
  ADD ("/server/rules/invite-owner", test_invite_owner);
#undef ADD

  return g_test_run ();
}
