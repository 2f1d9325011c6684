/* test-record.c: the entity registry, KtRecord, its JSON codec and merge
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "kantora-shared.h"

static const char *model_doc_path;

/* A valid value for @field, made from its type (and, for the few text
 * fields with a syntax of their own, from its name). */
static JsonNode *
make_valid_value (const KtField *field)
{
  JsonNode *node = json_node_alloc ();

  switch (field->type)
    {
    case KT_FIELD_TEXT:
      if (strcmp (field->name, "key") == 0)
        return json_node_init_string (node, "vat_rate");
      if (strcmp (field->name, "primary_color") == 0)
        return json_node_init_string (node, "#1c71d8");
      if (strcmp (field->name, "layout") == 0)
        return json_node_init_string (node, "{\"style\": \"modern\", \"page\": {\"size\": \"A5\"}}");
      if (strcmp (field->name, "logo") == 0)
        return json_node_init_string (node, "data:image/png;base64,iVBORw0KGgo=");
      if (strcmp (field->name, "timezone") == 0 || strcmp (field->name, "time_zone") == 0)
        return json_node_init_string (node, "Europe/Sofia");
      if (strcmp (field->name, "reminder_steps") == 0)
        return json_node_init_string (node, "3, 10,30");
      if (strcmp (field->name, "iban") == 0)
        return json_node_init_string (node, "BG80 BNBG 9661 1020 3456 78");
      if (strcmp (field->name, "bic") == 0)
        return json_node_init_string (node, "BNBGBGSD");
      if (g_str_has_suffix (field->name, "eik") || strcmp (field->name, "registration_number") == 0)
        return json_node_init_string (node, "121100421");
      if (strcmp (field->name, "vat_number") == 0 || strcmp (field->name, "client_vat") == 0)
        return json_node_init_string (node, "BG121100421");
      if (g_str_has_suffix (field->name, "_entity"))
        return json_node_init_string (node, "contact");
      if (strcmp (field->name, "context_id") == 0 || strcmp (field->name, "related_id") == 0)
        {
          g_autofree char *id = kt_uuid_new ();
          return json_node_init_string (node, id);
        }
      {
        g_autofree char *text = g_utf8_substring ("Текст „с кавички“ & <marks>", 0,
                                                  MIN (27, kt_field_get_max_length (field)));
        return json_node_init_string (node, text);
      }
    case KT_FIELD_EMAIL:
      return json_node_init_string (node, "ivan.petrov@example.bg");
    case KT_FIELD_PHONE:
      return json_node_init_string (node, "+359 (2) 123-4567");
    case KT_FIELD_URL:
      return json_node_init_string (node, "https://example.bg/a?b=c");
    case KT_FIELD_INT:
      if (field->min != 0 || field->max != 0)
        return json_node_init_int (node, CLAMP (7, field->min, field->max));
      return json_node_init_int (node, -42);
    case KT_FIELD_MONEY:
      return json_node_init_int (node, G_GINT64_CONSTANT (123456789012));
    case KT_FIELD_QUANTITY:
      return json_node_init_int (node, 1500);
    case KT_FIELD_BPS:
      return json_node_init_int (node, 2000);
    case KT_FIELD_CURRENCY:
      return json_node_init_string (node, "BGN");
    case KT_FIELD_BOOL:
      return json_node_init_boolean (node, TRUE);
    case KT_FIELD_DATE:
      return json_node_init_string (node, "2028-02-29");
    case KT_FIELD_DATETIME:
      return json_node_init_string (node, "2026-11-25T18:04:30.123Z");
    case KT_FIELD_ENUM:
      return json_node_init_string (node, field->choices[0]);
    case KT_FIELD_REF:
      {
        g_autofree char *id = kt_uuid_new ();
        return json_node_init_string (node, id);
      }
    case KT_FIELD_TAGS:
      {
        g_autoptr(JsonArray) array = json_array_new ();

        json_array_add_string_element (array, "vip");
        json_array_add_string_element (array, "Пловдив");
        return json_node_init_array (node, array);
      }
    case KT_FIELD_JSON:
      {
        g_autoptr(JsonObject) object = json_object_new ();

        json_object_set_int_member (object, "a", 1);
        json_object_set_string_member (object, "b", "две");
        return json_node_init_object (node, object);
      }
    default:
      g_assert_not_reached ();
    }
}

static KtRecord *
make_full_record (const KtEntity *entity)
{
  KtRecord *record = kt_record_new (entity);
  g_autofree char *org = kt_uuid_new ();
  g_autofree char *owner = kt_uuid_new ();

  kt_record_set_org_id (record, org);
  kt_record_set_owner_id (record, owner);

  for (const KtField *f = entity->fields; f->name != NULL; f++)
    {
      g_autoptr(JsonNode) value = make_valid_value (f);
      g_autoptr(GError) error = NULL;

      g_assert_true (kt_record_set_node (record, f->name, value, &error));
      g_assert_no_error (error);
    }

  kt_record_stamp (record, NULL, "2026-11-25T18:04:30.123Z-0001-00000000000000aa");
  kt_record_set_field_hlc (record, entity->fields[0].name,
                           "2026-11-25T18:04:31.000Z-0000-00000000000000bb");
  return record;
}

static void
test_record_round_trip_all (void)
{
  const KtEntity * const *all = kt_entity_all ();

  for (guint e = 0; all[e] != NULL; e++)
    {
      const KtEntity *entity = all[e];
      g_autoptr(KtRecord) record = make_full_record (entity);
      g_autoptr(KtRecord) back = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *json = NULL;
      g_autofree char *json_again = NULL;

      g_test_message ("entity %s", entity->name);

      /* Every generated value is valid, so the whole record is. */
      kt_record_validate (record, &error);
      g_assert_no_error (error);

      json = kt_record_to_json_string (record, KT_JSON_CLOCKS);
      back = kt_record_from_json_string (entity, json, &error);
      g_assert_no_error (error);
      g_assert_nonnull (back);

      g_assert_cmpstr (kt_record_get_id (back), ==, kt_record_get_id (record));
      g_assert_cmpstr (kt_record_get_org_id (back), ==, kt_record_get_org_id (record));
      g_assert_cmpstr (kt_record_get_owner_id (back), ==, kt_record_get_owner_id (record));
      g_assert_cmpstr (kt_record_get_created_at (back), ==, kt_record_get_created_at (record));
      g_assert_cmpstr (kt_record_get_hlc (back), ==, "2026-11-25T18:04:30.123Z-0001-00000000000000aa");

      for (const KtField *f = entity->fields; f->name != NULL; f++)
        {
          if (f->flags & KT_FIELD_SECRET)
            {
              g_assert_true (kt_record_has (record, f->name));
              g_assert_false (kt_record_has (back, f->name));
              g_assert_null (strstr (json, f->name));
              continue;
            }
          g_assert_true (json_node_equal (kt_record_get_node (back, f->name),
                                          kt_record_get_node (record, f->name)));
          g_assert_cmpstr (kt_record_get_field_hlc (back, f->name), ==,
                           kt_record_get_field_hlc (record, f->name));
        }

      json_again = kt_record_to_json_string (back, KT_JSON_CLOCKS);
      g_assert_cmpstr (json_again, ==, json);
    }
}

static void
test_record_json_shape (void)
{
  g_autoptr(KtRecord) contact = kt_record_new (KT_ENTITY_CONTACT);
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonNode) fields_only = NULL;
  JsonObject *object;

  kt_record_set_string (contact, "first_name", "Ivan");
  kt_record_set_field_hlc (contact, "first_name", "2026-11-25T18:04:30.123Z-0001-00000000000000aa");

  node = kt_record_to_json (contact, KT_JSON_DEFAULT);
  object = json_node_get_object (node);
  g_assert_cmpstr (json_object_get_string_member (object, "id"), ==, kt_record_get_id (contact));
  g_assert_true (json_object_has_member (object, "org_id"));
  g_assert_true (json_object_get_null_member (object, "org_id"));
  g_assert_false (json_object_get_boolean_member (object, "deleted"));
  g_assert_cmpstr (json_object_get_string_member (object, "first_name"), ==, "Ivan");
  g_assert_false (json_object_has_member (object, "last_name"));   /* unset: absent */
  g_assert_false (json_object_has_member (object, "clocks"));

  fields_only = kt_record_to_json (contact, KT_JSON_NO_META | KT_JSON_CLOCKS);
  object = json_node_get_object (fields_only);
  g_assert_false (json_object_has_member (object, "id"));
  g_assert_false (json_object_has_member (object, "deleted"));
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (object, "clocks"), "first_name"),
                   ==, "2026-11-25T18:04:30.123Z-0001-00000000000000aa");
}

typedef struct {
  const char *json;
  int         code;
  const char *field;   /* the key the error must name */
} BadJson;

static void
test_record_from_json_errors (void)
{
  static const BadJson cases[] = {
    { "{\"first_name\":\"A\",\"nickname\":\"x\"}", KT_ERROR_UNKNOWN_FIELD, "nickname" },
    { "{\"first_name\":5}", KT_ERROR_WRONG_TYPE, "first_name" },
    { "{\"first_name\":\"A\",\"tags\":[\"a\",1]}", KT_ERROR_WRONG_TYPE, "tags" },
    { "{\"first_name\":\"A\",\"tags\":\"a\"}", KT_ERROR_WRONG_TYPE, "tags" },
    { "{\"first_name\":\"A\",\"custom\":[1]}", KT_ERROR_WRONG_TYPE, "custom" },
    { "{\"first_name\":\"A\",\"deleted\":\"yes\"}", KT_ERROR_WRONG_TYPE, "deleted" },
    { "{\"first_name\":\"A\",\"birthday\":\"2026-02-30\"}", KT_ERROR_INVALID, "birthday" },
    { "{\"first_name\":\"A\",\"company_id\":\"acme\"}", KT_ERROR_INVALID, "company_id" },
    { "{\"id\":\"not-a-uuid\"}", KT_ERROR_MALFORMED, "id" },
    { "{\"id\":null}", KT_ERROR_MALFORMED, "id" },
    { "{\"hlc\":\"yesterday\"}", KT_ERROR_MALFORMED, "hlc" },
    { "{\"created_at\":\"2026-11-25\"}", KT_ERROR_MALFORMED, "created_at" },
    { "{\"org_id\":7}", KT_ERROR_WRONG_TYPE, "org_id" },
    { "{\"clocks\":{\"nickname\":\"2026-11-25T18:04:30.123Z-0001-00000000000000aa\"}}", KT_ERROR_UNKNOWN_FIELD, "nickname" },
    { "{\"clocks\":{\"first_name\":\"soon\"}}", KT_ERROR_MALFORMED, "first_name" },
    { "[1,2]", KT_ERROR_MALFORMED, NULL },
    { "{\"first_name\":", KT_ERROR_MALFORMED, NULL },
    { " \n", KT_ERROR_MALFORMED, NULL },
    { "", KT_ERROR_MALFORMED, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(KtRecord) record = NULL;

      g_test_message ("%s", cases[i].json);
      record = kt_record_from_json_string (KT_ENTITY_CONTACT, cases[i].json, &error);
      g_assert_null (record);
      g_assert_error (error, KT_ERROR, cases[i].code);
      g_assert_cmpstr (kt_record_error_get_field (error), ==, cases[i].field);
      if (cases[i].field != NULL)
        g_assert_nonnull (strstr (error->message, cases[i].field));
    }

  /* Money is whole minor units: 1.5 is refused, not truncated. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(KtRecord) item = kt_record_from_json_string (KT_ENTITY_INVOICE_ITEM,
                                                          "{\"unit_price\":12.5}", &error);

    g_assert_null (item);
    g_assert_error (error, KT_ERROR, KT_ERROR_WRONG_TYPE);
    g_assert_cmpstr (kt_record_error_get_field (error), ==, "unit_price");
  }
}

/* Found by fuzz/fuzz-json-body.c: json-glib turns an escaped lone
 * surrogate into bytes that are not UTF-8, which the codec took as text and
 * then wrote out as JSON that nothing (itself included) reads back. Both
 * ways in refuse it and name the field. */
static void
test_record_json_not_utf8 (void)
{
  static const char * const cases[][2] = {
    { "{\"first_name\":\"A\\ud800B\"}", "first_name" },
    { "{\"first_name\":\"A\",\"tags\":[\"ok\",\"\\udbffx\"]}", "tags" },
    { "{\"first_name\":\"A\",\"custom\":{\"k\":[{\"n\":\"\\ud83dx\"}]}}", "custom" },
    { "{\"first_name\":\"A\",\"custom\":{\"\\ud800k\":1}}", "custom" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(KtRecord) record = NULL;
      g_autoptr(KtRecord) target = kt_record_new (KT_ENTITY_CONTACT);
      g_autoptr(JsonNode) node = json_from_string (cases[i][0], NULL);

      g_test_message ("%s", cases[i][0]);
      g_assert_nonnull (node);
      record = kt_record_from_json (KT_ENTITY_CONTACT, node, &error);
      g_assert_null (record);
      g_assert_error (error, KT_ERROR, KT_ERROR_MALFORMED);
      g_assert_cmpstr (kt_record_error_get_field (error), ==, cases[i][1]);
      g_assert_nonnull (strstr (error->message, cases[i][1]));
      g_clear_error (&error);

      g_assert_false (kt_record_set_from_json (target, json_node_get_object (node), NULL, &error));
      g_assert_error (error, KT_ERROR, KT_ERROR_MALFORMED);
      g_assert_cmpstr (kt_record_error_get_field (error), ==, cases[i][1]);
      g_assert_false (kt_record_has (target, "first_name"));
    }
}

/* Found by fuzz/fuzz-json-body.c: json-glib reads 1e400 as an infinite
 * double, which the codec kept in a JSON field and then wrote as "inf":
 * JSON that nothing reads back. */
static void
test_record_json_not_finite (void)
{
  static const char * const cases[] = {
    "{\"first_name\":\"A\",\"custom\":{\"shoe\":1e400}}",
    "{\"first_name\":\"A\",\"custom\":{\"k\":[1,{\"n\":-1e999}]}}",
    /* Finite, but json-glib writes it as "1e+20.0" (found by
     * fuzz/fuzz-typed-text.c through a custom field's "200e39"). */
    "{\"first_name\":\"A\",\"custom\":{\"shoe\":1e20}}",
    "{\"first_name\":\"A\",\"custom\":{\"k\":[-2e41]}}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(KtRecord) record = NULL;
      g_autoptr(KtRecord) target = kt_record_new (KT_ENTITY_CONTACT);
      g_autoptr(JsonNode) node = json_from_string (cases[i], NULL);

      g_test_message ("%s", cases[i]);
      g_assert_nonnull (node);
      record = kt_record_from_json (KT_ENTITY_CONTACT, node, &error);
      g_assert_null (record);
      g_assert_error (error, KT_ERROR, KT_ERROR_MALFORMED);
      g_assert_cmpstr (kt_record_error_get_field (error), ==, "custom");
      g_clear_error (&error);

      g_assert_false (kt_record_set_from_json (target, json_node_get_object (node), NULL, &error));
      g_assert_error (error, KT_ERROR, KT_ERROR_MALFORMED);
      g_assert_false (kt_record_has (target, "custom"));
    }

  /* What json-glib writes as JSON and what it does not. */
  g_assert_true (kt_json_double_is_writable (0.5));
  g_assert_true (kt_json_double_is_writable (1e16));
  g_assert_true (kt_json_double_is_writable (1.5e17));
  g_assert_true (kt_json_double_is_writable (1e-7));
  g_assert_true (kt_json_double_is_writable (1e300));
  g_assert_false (kt_json_double_is_writable (1e17));
  g_assert_false (kt_json_double_is_writable (-2e41));
  g_assert_false (kt_json_double_is_writable (INFINITY));
  g_assert_false (kt_json_double_is_writable (NAN));
  for (guint i = 0; i < 2; i++)
    {
      double value = i == 0 ? 1e300 : 1.5e17;
      g_autoptr(JsonNode) node = json_node_init_double (json_node_alloc (), value);
      g_autofree char *text = json_to_string (node, FALSE);
      g_autoptr(JsonNode) back = json_from_string (text, NULL);

      g_assert_nonnull (back);
      g_assert_cmpfloat (json_node_get_double (back), ==, value);
    }

  /* Large but finite numbers stay what they were. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(KtRecord) record = kt_record_from_json_string (KT_ENTITY_CONTACT,
                                                            "{\"first_name\":\"A\",\"custom\":{\"n\":1e300}}",
                                                            &error);

    g_assert_no_error (error);
    g_assert_nonnull (record);
  }
}

static void
test_record_secret (void)
{
  g_autoptr(KtRecord) user = kt_record_new (KT_ENTITY_USER);
  g_autoptr(KtRecord) pushed = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;

  kt_record_set_string (user, "email", "ivan@example.bg");
  kt_record_set_string (user, "password_hash", "$argon2id$v=19$secret");
  kt_record_stamp (user, NULL, "2026-11-25T18:04:30.123Z-0001-00000000000000aa");

  json = kt_record_to_json_string (user, KT_JSON_CLOCKS);
  g_assert_null (strstr (json, "password_hash"));
  g_assert_null (strstr (json, "argon2"));
  g_assert_nonnull (strstr (json, "ivan@example.bg"));
  g_assert_cmpstr (kt_record_get_string (user, "password_hash"), ==, "$argon2id$v=19$secret");

  /* Nobody can set a secret through JSON. */
  pushed = kt_record_from_json_string (KT_ENTITY_USER, "{\"password_hash\":\"x\"}", &error);
  g_assert_null (pushed);
  g_assert_error (error, KT_ERROR, KT_ERROR_UNKNOWN_FIELD);
}

static void
test_record_partial_update (void)
{
  g_autoptr(KtRecord) contact = kt_record_new (KT_ENTITY_CONTACT);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) bad = json_from_string ("{\"first_name\":\"Petar\",\"email\":5}", NULL);
  g_autoptr(JsonNode) bad_meta = json_from_string ("{\"first_name\":\"Petar\",\"id\":\"x\"}", NULL);
  g_autoptr(JsonNode) bad_key = json_from_string ("{\"last_name\":\"Petrov\",\"nick\":\"x\"}", NULL);
  g_autoptr(JsonNode) good = json_from_string ("{\"first_name\":\"Petar\",\"email\":null,\"deleted\":true,\"tags\":[\"a\"]}", NULL);
  g_autoptr(GPtrArray) changed = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after_bad = NULL;

  kt_record_set_string (contact, "first_name", "Ivan");
  kt_record_set_string (contact, "email", "ivan@example.bg");
  before = kt_record_to_json_string (contact, KT_JSON_CLOCKS);

  g_assert_false (kt_record_set_from_json (contact, json_node_get_object (bad), &changed, &error));
  g_assert_error (error, KT_ERROR, KT_ERROR_WRONG_TYPE);
  g_assert_cmpstr (kt_record_error_get_field (error), ==, "email");
  g_assert_null (changed);
  g_clear_error (&error);

  g_assert_false (kt_record_set_from_json (contact, json_node_get_object (bad_meta), NULL, &error));
  g_assert_error (error, KT_ERROR, KT_ERROR_INVALID);
  g_assert_cmpstr (kt_record_error_get_field (error), ==, "id");
  g_clear_error (&error);

  g_assert_false (kt_record_set_from_json (contact, json_node_get_object (bad_key), NULL, &error));
  g_assert_error (error, KT_ERROR, KT_ERROR_UNKNOWN_FIELD);
  g_clear_error (&error);

  /* Nothing of the failed updates stuck, not even their valid keys. */
  after_bad = kt_record_to_json_string (contact, KT_JSON_CLOCKS);
  g_assert_cmpstr (after_bad, ==, before);
  g_assert_false (kt_record_has (contact, "last_name"));

  g_assert_true (kt_record_set_from_json (contact, json_node_get_object (good), &changed, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (kt_record_get_string (contact, "first_name"), ==, "Petar");
  g_assert_false (kt_record_has (contact, "email"));
  g_assert_true (kt_record_get_deleted (contact));
  g_assert_cmpuint (changed->len, ==, 4);
  g_assert_cmpstr (g_ptr_array_index (changed, 0), ==, "first_name");
  g_assert_cmpstr (g_ptr_array_index (changed, 1), ==, "email");
  g_assert_cmpstr (g_ptr_array_index (changed, 2), ==, "deleted");
  g_assert_cmpstr (g_ptr_array_index (changed, 3), ==, "tags");
}

#define H(s, c, n) "2026-11-25T18:04:" s "Z-" c "-" n

static void
assert_same_record (KtRecord *a,
                    KtRecord *b)
{
  g_autofree char *ja = kt_record_to_json_string (a, KT_JSON_CLOCKS);
  g_autofree char *jb = kt_record_to_json_string (b, KT_JSON_CLOCKS);

  g_assert_cmpstr (ja, ==, jb);
}

static void
test_record_merge (void)
{
  g_autoptr(KtRecord) base = kt_record_new (KT_ENTITY_CONTACT);
  g_autoptr(KtRecord) a = NULL;
  g_autoptr(KtRecord) b = NULL;
  g_autoptr(KtRecord) ab = NULL;
  g_autoptr(KtRecord) ba = NULL;
  const char *fa[] = { "first_name", "city", NULL };
  const char *fb[] = { "first_name", "email", NULL };
  const char *fb_phone[] = { "phone", NULL };

  kt_record_set_string (base, "first_name", "Ivan");
  kt_record_set_string (base, "city", "Sofia");
  kt_record_stamp (base, NULL, H ("30.000", "0000", "00000000000000aa"));

  a = kt_record_copy (base);
  b = kt_record_copy (base);

  /* Replica A renames at :31 and moves the contact; B renames later (:32)
   * and adds an email, and adds a phone at :29 (a slow clock). */
  kt_record_set_string (a, "first_name", "Ivo");
  kt_record_set_string (a, "city", "Plovdiv");
  kt_record_stamp (a, fa, H ("31.000", "0000", "00000000000000aa"));
  kt_record_set_string (b, "first_name", "Vanyo");
  kt_record_set_string (b, "email", "vanyo@example.bg");
  kt_record_stamp (b, fb, H ("32.000", "0000", "00000000000000bb"));
  kt_record_set_string (b, "phone", "+359 88 123 4567");
  kt_record_stamp (b, fb_phone, H ("29.000", "0000", "00000000000000bb"));

  ab = kt_record_copy (a);
  ba = kt_record_copy (b);
  g_assert_true (kt_record_merge (ab, b));
  g_assert_true (kt_record_merge (ba, a));

  assert_same_record (ab, ba);
  g_assert_cmpstr (kt_record_get_string (ab, "first_name"), ==, "Vanyo");   /* newest */
  g_assert_cmpstr (kt_record_get_string (ab, "city"), ==, "Plovdiv");       /* only A */
  g_assert_cmpstr (kt_record_get_string (ab, "email"), ==, "vanyo@example.bg");
  /* Nobody but B ever wrote the phone: a field never written has no clock,
   * so B's write stands even though its clock (:29) is older than the
   * record clock of A (a later edit of other fields must not erase it). */
  g_assert_cmpstr (kt_record_get_string (ab, "phone"), ==, "+359 88 123 4567");
  g_assert_cmpstr (kt_record_get_hlc (ab), ==, H ("32.000", "0000", "00000000000000bb"));

  /* Merging again changes nothing. */
  g_assert_false (kt_record_merge (ab, b));
  g_assert_false (kt_record_merge (ab, ba));
}

static void
test_record_merge_ties (void)
{
  const char *stamp = H ("40.000", "0003", "00000000000000cc");
  g_autoptr(KtRecord) a = kt_record_new_with_id (KT_ENTITY_DEAL, "01935c5e-7b3a-7cde-8f01-23456789abcd");
  g_autoptr(KtRecord) b = kt_record_new_with_id (KT_ENTITY_DEAL, "01935c5e-7b3a-7cde-8f01-23456789abcd");
  g_autoptr(KtRecord) ab = NULL;
  g_autoptr(KtRecord) ba = NULL;

  /* The same stamp on different values (only a bug or a replayed clock can
   * do this, but replicas must still agree): the greater JSON text wins. */
  kt_record_set_string (a, "title", "Alpha");
  kt_record_set_int (a, "value", 900);
  kt_record_stamp (a, NULL, stamp);
  kt_record_set_string (b, "title", "Beta");
  kt_record_set_int (b, "value", 10000);
  kt_record_set_deleted (b, TRUE);
  kt_record_stamp (b, NULL, stamp);

  ab = kt_record_copy (a);
  ba = kt_record_copy (b);
  kt_record_merge (ab, b);
  kt_record_merge (ba, a);

  assert_same_record (ab, ba);
  g_assert_cmpstr (kt_record_get_string (ab, "title"), ==, "Beta");   /* "Beta" > "Alpha" */
  g_assert_cmpint (kt_record_get_int (ab, "value"), ==, 900);         /* "900" > "10000" as text */
  g_assert_true (kt_record_get_deleted (ab));                         /* the tombstone wins a tie */
}

/* Reassigning: "owner_id" is accepted by a partial update, has a clock of
 * its own that the codec keeps, and merges per field: a reassignment beats
 * an owner nobody reassigned even when a later edit of another field moved
 * the record clock on, and of two reassignments the later one wins on
 * every replica. */
/* created_at with a clock: sent with the create, kept through JSON,
 * merged by clock the same in either order; without one it is only
 * filled in where missing. */
static void
test_record_created_at (void)
{
  const char *id = "01935c5e-7b3a-7cde-8f01-23456789abce";
  const char *created_only[] = { KT_META_CREATED, "title", NULL };
  g_autoptr(KtRecord) creator = kt_record_new_with_id (KT_ENTITY_DEAL, id);
  g_autoptr(KtRecord) server = kt_record_new_with_id (KT_ENTITY_DEAL, id);
  g_autoptr(KtRecord) back = NULL;
  g_autoptr(KtRecord) ab = NULL;
  g_autoptr(KtRecord) ba = NULL;
  g_autoptr(GPtrArray) changed = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;

  kt_record_set_string (creator, "title", "Fence");
  kt_record_set_created_at (creator, "2026-11-18T09:00:00.000Z");
  kt_record_stamp (creator, created_only, H ("30.000", "0000", "00000000000000aa"));
  g_assert_cmpstr (kt_record_get_field_hlc (creator, KT_META_CREATED), ==,
                   H ("30.000", "0000", "00000000000000aa"));

  json = kt_record_to_json_string (creator, KT_JSON_CLOCKS);
  back = kt_record_from_json_string (KT_ENTITY_DEAL, json, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (kt_record_get_field_hlc (back, KT_META_CREATED), ==,
                   H ("30.000", "0000", "00000000000000aa"));

  /* The server's copy from a create that did not carry it: the push
   * time, no clock. The creator's clocked value wins in either order. */
  kt_record_set_string (server, "title", "Fence");
  kt_record_set_created_at (server, "2026-11-25T18:04:30.000Z");
  kt_record_stamp (server, NULL, H ("30.000", "0000", "00000000000000aa"));
  ab = kt_record_copy (server);
  g_assert_true (kt_record_merge (ab, creator));
  ba = kt_record_copy (creator);
  kt_record_merge (ba, server);
  g_assert_cmpstr (kt_record_get_created_at (ab), ==, "2026-11-18T09:00:00.000Z");
  g_assert_cmpstr (kt_record_get_created_at (ba), ==, "2026-11-18T09:00:00.000Z");

  /* A write may carry it; null and a bad time are refused, naming it. */
  {
    g_autoptr(JsonNode) good = json_from_string ("{\"created_at\":\"2026-11-01T00:00:00.000Z\"}", NULL);
    g_autoptr(JsonNode) null = json_from_string ("{\"created_at\":null}", NULL);
    g_autoptr(JsonNode) bad = json_from_string ("{\"created_at\":\"yesterday\"}", NULL);

    g_assert_false (kt_record_set_from_json (server, json_node_get_object (null), NULL, &error));
    g_assert_cmpstr (kt_record_error_get_field (error), ==, KT_META_CREATED);
    g_clear_error (&error);
    g_assert_false (kt_record_set_from_json (server, json_node_get_object (bad), NULL, &error));
    g_assert_cmpstr (kt_record_error_get_field (error), ==, KT_META_CREATED);
    g_clear_error (&error);
    g_assert_true (kt_record_set_from_json (server, json_node_get_object (good), &changed, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (changed->len, ==, 1);
    g_assert_cmpstr (g_ptr_array_index (changed, 0), ==, KT_META_CREATED);
    g_assert_cmpstr (kt_record_get_created_at (server), ==, "2026-11-01T00:00:00.000Z");
  }
}

static void
test_record_owner (void)
{
  const char *creator = "01935c5e-7b3a-7cde-8f01-0000000000a1";
  const char *bob = "01935c5e-7b3a-7cde-8f01-0000000000b2";
  const char *carol = "01935c5e-7b3a-7cde-8f01-0000000000c3";
  const char *owner_only[] = { KT_META_OWNER, NULL };
  const char *title_only[] = { "title", NULL };
  g_autoptr(KtRecord) base = kt_record_new_with_id (KT_ENTITY_DEAL, "01935c5e-7b3a-7cde-8f01-23456789abcd");
  g_autoptr(KtRecord) a = NULL;
  g_autoptr(KtRecord) b = NULL;
  g_autoptr(KtRecord) ab = NULL;
  g_autoptr(KtRecord) ba = NULL;
  g_autoptr(KtRecord) back = NULL;
  g_autoptr(GPtrArray) changed = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *json = NULL;
  g_autofree char *reassign = g_strdup_printf ("{\"owner_id\":\"%s\",\"title\":\"Roof\"}", bob);

  kt_record_set_owner_id (base, creator);
  kt_record_set_string (base, "title", "Fence");
  kt_record_stamp (base, NULL, H ("30.000", "0000", "00000000000000aa"));
  /* A full stamp leaves the owner without a clock of its own. */
  before = kt_record_to_json_string (base, KT_JSON_CLOCKS);
  {
    g_autoptr(JsonNode) node = json_from_string (before, NULL);
    JsonObject *clocks = json_object_get_object_member (json_node_get_object (node), KT_META_CLOCKS);

    g_assert_true (json_object_has_member (clocks, "title"));
    g_assert_false (json_object_has_member (clocks, KT_META_OWNER));
  }

  /* Null, not an id, or the wrong type: refused, naming the key, and the
   * record is left as it was. */
  {
    const char *bad[] = { "{\"title\":\"X\",\"owner_id\":null}",
                          "{\"title\":\"X\",\"owner_id\":\"bob\"}",
                          "{\"title\":\"X\",\"owner_id\":5}" };

    for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
      {
        g_autoptr(JsonNode) node = json_from_string (bad[i], NULL);

        g_assert_false (kt_record_set_from_json (base, json_node_get_object (node), NULL, &error));
        g_assert_cmpstr (kt_record_error_get_field (error), ==, KT_META_OWNER);
        g_assert_true (error->code == KT_ERROR_INVALID || error->code == KT_ERROR_WRONG_TYPE);
        g_clear_error (&error);
      }
    after = kt_record_to_json_string (base, KT_JSON_CLOCKS);
    g_assert_cmpstr (after, ==, before);
  }

  /* Replica A gives the deal to Bob at :31 (a partial update, as a push
   * or a REST body brings it). */
  a = kt_record_copy (base);
  {
    g_autoptr(JsonNode) node = json_from_string (reassign, NULL);

    g_assert_true (kt_record_set_from_json (a, json_node_get_object (node), &changed, &error));
    g_assert_no_error (error);
  }
  g_assert_cmpuint (changed->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (changed, 0), ==, KT_META_OWNER);
  g_assert_cmpstr (kt_record_get_owner_id (a), ==, bob);
  kt_record_stamp (a, owner_only, H ("31.000", "0000", "00000000000000aa"));
  g_assert_cmpstr (kt_record_get_field_hlc (a, KT_META_OWNER), ==, H ("31.000", "0000", "00000000000000aa"));

  /* The clock survives the codec. */
  json = kt_record_to_json_string (a, KT_JSON_CLOCKS);
  back = kt_record_from_json_string (KT_ENTITY_DEAL, json, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (kt_record_get_owner_id (back), ==, bob);
  g_assert_cmpstr (kt_record_get_field_hlc (back, KT_META_OWNER), ==, H ("31.000", "0000", "00000000000000aa"));
  assert_same_record (a, back);

  /* Replica B only renames, later (:35): its record clock is newer, but
   * its owner was never reassigned. */
  b = kt_record_copy (base);
  kt_record_set_string (b, "title", "Gate");
  kt_record_stamp (b, title_only, H ("35.000", "0000", "00000000000000bb"));

  ab = kt_record_copy (a);
  ba = kt_record_copy (b);
  g_assert_true (kt_record_merge (ab, b));
  g_assert_true (kt_record_merge (ba, a));
  assert_same_record (ab, ba);
  g_assert_cmpstr (kt_record_get_owner_id (ab), ==, bob);
  g_assert_cmpstr (kt_record_get_string (ab, "title"), ==, "Gate");
  g_assert_false (kt_record_merge (ab, a));
  g_assert_false (kt_record_merge (ab, b));

  /* B then gives it to Carol at :33, not knowing of A's reassignment at
   * :31: the later reassignment wins in both orders. */
  kt_record_set_owner_id (b, carol);
  kt_record_stamp (b, owner_only, H ("33.000", "0000", "00000000000000bb"));
  g_clear_object (&ab);
  g_clear_object (&ba);
  ab = kt_record_copy (a);
  ba = kt_record_copy (b);
  g_assert_true (kt_record_merge (ab, b));
  kt_record_merge (ba, a);
  assert_same_record (ab, ba);
  g_assert_cmpstr (kt_record_get_owner_id (ab), ==, carol);
  g_assert_cmpstr (kt_record_get_field_hlc (ab, KT_META_OWNER), ==, H ("33.000", "0000", "00000000000000bb"));
}

static void
test_record_accessors (void)
{
  g_autoptr(KtRecord) deal = kt_record_new (KT_ENTITY_DEAL);
  g_autoptr(KtRecord) copy = NULL;
  g_autoptr(GPtrArray) names = NULL;
  const char *tags[] = { "hot", "Q4", NULL };
  const char * const *got;

  /* Defaults from the model. */
  g_assert_cmpstr (kt_record_get_string (deal, "status"), ==, "open");
  g_assert_cmpstr (kt_record_get_string (deal, "currency"), ==, "EUR");
  g_assert_true (kt_uuid_is_valid (kt_record_get_id (deal)));
  g_assert_true (kt_datetime_is_valid (kt_record_get_created_at (deal)));

  /* Unset fields read as nothing. */
  g_assert_null (kt_record_get_string (deal, "title"));
  g_assert_cmpint (kt_record_get_int (deal, "value"), ==, 0);
  g_assert_false (kt_record_has (deal, "value"));
  g_assert_null (kt_record_get_tags (deal, "tags"));

  kt_record_set_string (deal, "title", "Website");
  kt_record_set_int (deal, "value", 250000);
  kt_record_set_tags (deal, "tags", tags);
  got = kt_record_get_tags (deal, "tags");
  g_assert_cmpstrv (got, tags);

  names = kt_record_list_fields (deal);
  g_assert_cmpuint (names->len, ==, 5);
  g_assert_cmpstr (g_ptr_array_index (names, 0), ==, "title");
  g_assert_cmpstr (g_ptr_array_index (names, 1), ==, "value");
  g_assert_cmpstr (g_ptr_array_index (names, 2), ==, "currency");
  g_assert_cmpstr (g_ptr_array_index (names, 3), ==, "status");
  g_assert_cmpstr (g_ptr_array_index (names, 4), ==, "tags");

  /* A copy is deep. */
  copy = kt_record_copy (deal);
  kt_record_set_string (copy, "title", "Shop");
  kt_record_unset (copy, "tags");
  g_assert_cmpstr (kt_record_get_string (deal, "title"), ==, "Website");
  g_assert_nonnull (kt_record_get_tags (deal, "tags"));
  g_assert_cmpstr (kt_record_get_id (copy), ==, kt_record_get_id (deal));

  kt_record_set_string (deal, "title", NULL);
  g_assert_false (kt_record_has (deal, "title"));
}

static void
test_record_stamp (void)
{
  g_autoptr(KtRecord) task = kt_record_new (KT_ENTITY_TASK);
  const char *only_title[] = { "title", NULL };
  const char *old = H ("10.000", "0000", "00000000000000aa");
  const char *newer = H ("20.000", "0000", "00000000000000aa");

  kt_record_set_string (task, "title", "Call Ivan");
  kt_record_stamp (task, NULL, newer);
  g_assert_cmpstr (kt_record_get_hlc (task), ==, newer);
  g_assert_cmpstr (kt_record_get_field_hlc (task, "priority"), ==, newer);   /* a default is set */

  /* An older stamp marks the field but never moves the record clock back. */
  kt_record_stamp (task, only_title, old);
  g_assert_cmpstr (kt_record_get_field_hlc (task, "title"), ==, old);
  g_assert_cmpstr (kt_record_get_hlc (task), ==, newer);
  /* A field without a clock of its own falls back to the record's. */
  g_assert_cmpstr (kt_record_get_field_hlc (task, "description"), ==, newer);
}

static void
test_record_title (void)
{
  g_autoptr(KtRecord) contact = kt_record_new (KT_ENTITY_CONTACT);
  g_autoptr(KtRecord) payment = kt_record_new (KT_ENTITY_PAYMENT);
  g_autofree char *t1 = NULL;
  g_autofree char *t2 = NULL;
  g_autofree char *t3 = NULL;
  g_autofree char *t4 = NULL;

  kt_record_set_string (contact, "first_name", "Ivan");
  kt_record_set_string (contact, "last_name", "Petrov");
  t1 = kt_record_dup_title (contact);
  g_assert_cmpstr (t1, ==, "Ivan Petrov");

  kt_record_set_string (contact, "first_name", "  ");
  t2 = kt_record_dup_title (contact);
  g_assert_cmpstr (t2, ==, "Petrov");

  kt_record_unset (contact, "last_name");
  t3 = kt_record_dup_title (contact);
  g_assert_cmpstr (t3, ==, "Contact");

  kt_record_set_string (payment, "reference", "INV-0042");
  t4 = kt_record_dup_title (payment);
  g_assert_cmpstr (t4, ==, "INV-0042");
}

static void
test_entity_registry (void)
{
  const KtEntity * const *all = kt_entity_all ();
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  guint n = 0;

  for (; all[n] != NULL; n++)
    {
      const KtEntity *entity = all[n];
      g_autoptr(GHashTable) names = g_hash_table_new (g_str_hash, g_str_equal);

      g_assert_true (kt_entity_lookup (entity->name) == entity);
      g_assert_true (kt_entity_lookup_plural (entity->plural) == entity);
      g_assert_nonnull (entity->label);
      g_assert_true ((entity->flags & (KT_ENTITY_SYNCED | KT_ENTITY_SERVER)) != 0);
      g_assert_true (entity->title_fields != NULL && entity->default_sort != NULL);

      for (const KtField *f = entity->fields; f->name != NULL; f++)
        {
          g_test_message ("%s.%s", entity->name, f->name);
          g_assert_true (g_hash_table_add (names, (gpointer) f->name));
          g_assert_false (kt_field_is_meta (f->name));
          g_assert_nonnull (f->label);
          g_assert_true (kt_entity_get_field (entity, f->name) == f);

          if (f->type == KT_FIELD_ENUM)
            g_assert_true (f->choices != NULL && f->choices[0] != NULL);
          if (f->type == KT_FIELD_REF)
            {
              /* Dependency order: the referenced entity came before.
               * Two kinds of reference cannot: to the entity itself (a
               * credit note's invoice, its lines' lines) and the link
               * back from an invoice to the offer it was converted from
               * (the offer links to the invoice too), and an activity's
               * invoice, which only the server's mail log writes, after
               * the invoice exists. */
              g_assert_nonnull (f->ref_entity);
              if (!g_str_equal (f->ref_entity, entity->name) &&
                  !(entity == KT_ENTITY_INVOICE && g_str_equal (f->name, "offer_id")) &&
                  !(entity == KT_ENTITY_ACTIVITY && g_str_equal (f->name, "invoice_id")))
                g_assert_true (g_hash_table_contains (seen, f->ref_entity));
            }
          if (f->currency_field != NULL)
            g_assert_cmpint (kt_entity_get_field (entity, f->currency_field)->type, ==, KT_FIELD_CURRENCY);
          if (f->default_value != NULL)
            {
              g_autoptr(KtRecord) record = kt_record_new (entity);

              g_assert_true (kt_record_has (record, f->name));
              g_assert_true (kt_record_validate_field (record, f->name, NULL));
            }
        }

      if (entity->flags & KT_ENTITY_CHILD)
        g_assert_cmpint (kt_entity_get_field (entity, entity->parent_field)->type, ==, KT_FIELD_REF);
      else
        g_assert_null (entity->parent_field);

      {
        g_auto(GStrv) title = g_strsplit (entity->title_fields, ",", -1);
        const char *sort = entity->default_sort + (entity->default_sort[0] == '-');

        for (guint i = 0; title[i] != NULL; i++)
          g_assert_nonnull (kt_entity_get_field (entity, title[i]));
        g_assert_true (kt_entity_get_field (entity, sort) != NULL || kt_field_is_meta (sort));
      }

      g_assert_cmpuint (kt_entity_n_fields (entity), ==, g_hash_table_size (names));
      g_hash_table_add (seen, (gpointer) entity->name);
    }

  g_assert_cmpuint (n, ==, 24);
  g_assert_null (kt_entity_lookup ("contacts"));
  g_assert_null (kt_entity_lookup_plural ("contact"));
  g_assert_null (kt_entity_get_field (KT_ENTITY_CONTACT, "nickname"));
  g_assert_true (kt_field_is_meta ("clocks"));
  g_assert_cmpstr (kt_field_type_to_string (KT_FIELD_BPS), ==, "bps");
}

/* docs/model.md lists "- **name / plural** ...: field, field (note), ..."
 * per entity. Every entity and field there must be in the code, and every
 * one in the code must be there, so the document cannot drift. */
static void
test_entity_model_doc (void)
{
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GRegex) entry = NULL;
  g_autoptr(GRegex) parens = NULL;
  g_autoptr(GMatchInfo) match = NULL;
  g_autoptr(GHashTable) documented = g_hash_table_new (g_str_hash, g_str_equal);
  const KtEntity * const *all = kt_entity_all ();

  if (model_doc_path == NULL)
    {
      g_test_skip ("no docs/model.md path given");
      return;
    }

  g_assert_true (g_file_get_contents (model_doc_path, &text, NULL, &error));
  g_assert_no_error (error);

  /* An entry runs from its bullet to the next bullet or heading. */
  entry = g_regex_new ("^- \\*\\*([a-z_]+) / ([a-z_]+)\\*\\*([^:]*):(.*?)(?=^- |^#|\\z)",
                       G_REGEX_MULTILINE | G_REGEX_DOTALL, 0, &error);
  g_assert_no_error (error);
  parens = g_regex_new ("\\([^)]*\\)", 0, 0, NULL);

  g_regex_match (entry, text, 0, &match);
  while (g_match_info_matches (match))
    {
      g_autofree char *name = g_match_info_fetch (match, 1);
      g_autofree char *plural = g_match_info_fetch (match, 2);
      g_autofree char *body = g_match_info_fetch (match, 4);
      g_autofree char *flat = g_regex_replace_literal (parens, body, -1, 0, "", 0, NULL);
      g_auto(GStrv) items = NULL;
      char *end;
      const KtEntity *entity;
      guint n_doc_fields = 0;

      /* The list ends with its sentence; prose may follow. */
      if ((end = strstr (flat, ".\n")) != NULL || (end = strstr (flat, ". ")) != NULL)
        *end = '\0';
      items = g_strsplit (flat, ",", -1);

      entity = kt_entity_lookup (name);
      g_test_message ("model.md: %s", name);
      g_assert_nonnull (entity);
      g_assert_cmpstr (entity->plural, ==, plural);
      g_hash_table_add (documented, (gpointer) entity->name);

      for (guint i = 0; items[i] != NULL; i++)
        {
          g_autofree char *field = g_strstrip (g_strdup (items[i]));
          gsize len = strlen (field);

          /* "email*" is required; the last item ends the sentence. */
          while (len > 0 && strchr ("*. \n", field[len - 1]) != NULL)
            field[--len] = '\0';
          /* Prose after the list ("Values live in ...") is not a field. */
          if (len == 0 || strspn (field, "abcdefghijklmnopqrstuvwxyz_") != len)
            continue;

          g_test_message ("  field %s", field);
          g_assert_nonnull (kt_entity_get_field (entity, field));
          n_doc_fields++;
        }

      g_assert_cmpuint (n_doc_fields, ==, kt_entity_n_fields (entity));
      g_match_info_next (match, NULL);
    }

  for (guint i = 0; all[i] != NULL; i++)
    g_assert_true (g_hash_table_contains (documented, all[i]->name));
}

static void
test_organization_reminder_steps (void)
{
  static const struct {
    const char *text;
    const char *steps;  /* NULL: refused */
  } cases[] = {
    { NULL, "" },
    { "", "" },
    { "3,10,30", "3 10 30" },
    { " 1 , 365 ", "1 365" },
    { "1,2,3,4,5,6,7,8,9,10", "1 2 3 4 5 6 7 8 9 10" },
    { "1,2,3,4,5,6,7,8,9,10,11", NULL },
    { "10,3", NULL },
    { "3,3", NULL },
    { "0", NULL },
    { "366", NULL },
    { "-1", NULL },
    { "3,,10", NULL },
    { "3 days", NULL },
    { "4294967299", NULL },
    { "99999999999999999999", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(KtRecord) org = kt_record_new (KT_ENTITY_ORGANIZATION);
      g_autofree guint *steps = NULL;
      g_autoptr(GString) joined = g_string_new (NULL);
      guint n = 99;

      g_test_message ("%s", cases[i].text ? cases[i].text : "(null)");
      steps = kt_organization_parse_reminder_steps (cases[i].text, &n, &error);
      kt_record_set_string (org, "name", "Кантора ООД");
      if (cases[i].text != NULL)
        kt_record_set_string (org, "reminder_steps", cases[i].text);
      if (cases[i].steps == NULL)
        {
          g_assert_null (steps);
          g_assert_error (error, KT_ERROR, KT_ERROR_INVALID);
          g_assert_cmpstr (kt_error_get_field (error), ==, "reminder_steps");
          g_assert_cmpuint (n, ==, 0);
          g_clear_error (&error);
          g_assert_false (kt_record_validate (org, &error));
          g_assert_cmpstr (kt_error_get_field (error), ==, "reminder_steps");
          continue;
        }
      g_assert_no_error (error);
      for (guint j = 0; j < n; j++)
        g_string_append_printf (joined, "%s%u", j > 0 ? " " : "", steps[j]);
      g_assert_cmpstr (joined->str, ==, cases[i].steps);
      g_assert_true (kt_record_validate (org, &error));
      g_assert_no_error (error);
    }
}

static void
test_organization_time_zone (void)
{
  g_autoptr(KtRecord) org = kt_record_new (KT_ENTITY_ORGANIZATION);
  g_autoptr(GError) error = NULL;

  kt_record_set_string (org, "name", "Кантора ООД");
  kt_record_set_string (org, "time_zone", "Europe/Sofia");
  g_assert_true (kt_record_validate (org, &error));
  kt_record_set_string (org, "time_zone", "../../etc/passwd");
  g_assert_false (kt_record_validate (org, &error));
  g_assert_cmpstr (kt_error_get_field (error), ==, "time_zone");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  if (argc > 1)
    model_doc_path = argv[1];

  g_test_add_func ("/entity/registry", test_entity_registry);
  g_test_add_func ("/entity/model-doc", test_entity_model_doc);
  g_test_add_func ("/record/round-trip-all", test_record_round_trip_all);
  g_test_add_func ("/record/json-shape", test_record_json_shape);
  g_test_add_func ("/record/from-json-errors", test_record_from_json_errors);
  g_test_add_func ("/record/secret", test_record_secret);
  g_test_add_func ("/record/json-not-utf8", test_record_json_not_utf8);
  g_test_add_func ("/record/json-not-finite", test_record_json_not_finite);
  g_test_add_func ("/record/partial-update", test_record_partial_update);
  g_test_add_func ("/record/merge", test_record_merge);
  g_test_add_func ("/record/merge-ties", test_record_merge_ties);
  g_test_add_func ("/record/owner", test_record_owner);
  g_test_add_func ("/record/created-at", test_record_created_at);
  g_test_add_func ("/record/accessors", test_record_accessors);
  g_test_add_func ("/record/stamp", test_record_stamp);
  g_test_add_func ("/record/title", test_record_title);
  g_test_add_func ("/record/organization-reminder-steps", test_organization_reminder_steps);
  g_test_add_func ("/record/organization-time-zone", test_organization_time_zone);

  return g_test_run ();
}
