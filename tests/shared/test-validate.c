/* test-validate.c: generic and entity-specific validation, custom field
 * values, cross-record rules, the default pipeline and document totals
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "kantora-shared.h"

#define U1 "01935c5e-7b3a-7cde-8f01-000000000001"
#define U2 "01935c5e-7b3a-7cde-8f01-000000000002"

/* A valid record of each entity the cases below change. */
static const struct {
  const char *entity;
  const char *json;
} bases[] = {
  { "contact", "{\"first_name\":\"Ivan\",\"last_name\":\"Petrov\"}" },
  { "company", "{\"name\":\"Acme\"}" },
  { "deal", "{\"title\":\"Website\",\"pipeline_id\":\"" U1 "\",\"stage_id\":\"" U2 "\","
            "\"status\":\"open\",\"currency\":\"EUR\",\"value\":100}" },
  { "stage", "{\"pipeline_id\":\"" U1 "\",\"name\":\"Lead\",\"probability_bps\":1000}" },
  { "task", "{\"title\":\"Call Ivan\"}" },
  { "activity", "{\"type\":\"call\",\"occurred_at\":\"2026-11-25T10:00:00Z\",\"contact_id\":\"" U1 "\"}" },
  { "custom_field", "{\"target_entity\":\"contact\",\"key\":\"vat\",\"label\":\"VAT\",\"field_type\":\"text\"}" },
  { "invoice", "{\"number\":\"0000000001\",\"status\":\"draft\",\"issue_date\":\"2026-11-01\",\"currency\":\"BGN\"}" },
  { "invoice_item", "{\"invoice_id\":\"" U1 "\",\"description\":\"Design\",\"quantity\":1000,\"unit_price\":100}" },
  { "offer", "{\"number\":\"O-1\",\"status\":\"draft\",\"issue_date\":\"2026-11-01\",\"currency\":\"EUR\"}" },
  { "payment", "{\"amount\":100,\"currency\":\"EUR\",\"received_at\":\"2026-11-25T10:00:00.000Z\"}" },
  { "user", "{\"email\":\"ivan@example.bg\",\"full_name\":\"Ivan Petrov\"}" },
  { "team_member", "{\"user_id\":\"" U1 "\",\"role\":\"user\",\"status\":\"active\"}" },
  { "subscription", "{\"plan\":\"free\"}" },
  { "document_template", "{\"name\":\"Classic\",\"kind\":\"invoice\"}" },
  { "template_variable", "{\"key\":\"client.name\",\"label\":\"Client name\"}" },
  { "ai_suggestion", "{\"kind\":\"task\",\"title\":\"Call back\"}" },
  { "organization", "{\"name\":\"Рила ООД\"}" },
};

typedef struct {
  const char *entity;
  const char *patch;     /* JSON object set onto the base with kt_record_set_node() */
  const char *field;     /* the field the error names; NULL: the record is valid */
  const char *message;   /* a part of the (English) message */
} Case;

static const Case cases[] = {
  /* required, and names */
  { "contact", "{\"first_name\":\"  \",\"last_name\":null}", "first_name", "first name or a last name" },
  { "contact", "{\"first_name\":null}", NULL, NULL },
  { "contact", "{\"last_name\":null}", NULL, NULL },
  { "company", "{\"name\":\" \"}", "name", "“Name” is required" },
  { "user", "{\"full_name\":null}", "full_name", "“Full name” is required" },
  { "deal", "{\"pipeline_id\":null}", "pipeline_id", "“Pipeline” is required" },
  { "invoice_item", "{\"description\":\"\"}", "description", "“Description” is required" },
  /* lengths count characters, not bytes */
  { "contact", "{\"first_name\":\"ИИИИИИИИИИИИИИИИИИИИИИИИИИИИИИИИИИИИИИИИИИИИИИИИИИИИИИИИИИИИИИИИИИИИИИИИИИИИИИИИИИИИИИИИИИИИИИИИИИИИ\"}", NULL, NULL },
  { "contact", "{\"first_name\":\"ИИИИИИИИИИИИИИИИИИИИИИИИИИИИИИИИИИИИИИИИИИИИИИИИИИИИИИИИИИИИИИИИИИИИИИИИИИИИИИИИИИИИИИИИИИИИИИИИИИИИИ\"}", "first_name", "longer than 100 characters" },
  /* email */
  { "contact", "{\"email\":\"ivan@\"}", "email", "“Email” is not a valid email address" },
  { "contact", "{\"email\":\"ivan\"}", "email", "email address" },
  { "contact", "{\"email\":\"@example.bg\"}", "email", "email address" },
  { "contact", "{\"email\":\"ivan@example\"}", "email", "email address" },
  { "contact", "{\"email\":\"iv an@example.bg\"}", "email", "email address" },
  { "contact", "{\"email\":\"ivan@@example.bg\"}", "email", "email address" },
  { "contact", "{\"email\":\"ivan@example..bg\"}", "email", "email address" },
  { "contact", "{\"email\":\"ivan@-example.bg\"}", "email", "email address" },
  { "contact", "{\"email\":\"ivan.petrov+crm@mail.example.bg\"}", NULL, NULL },
  { "contact", "{\"email\":\"\"}", NULL, NULL },
  /* phone */
  { "contact", "{\"phone\":\"call me\"}", "phone", "“Phone” is not a valid phone number" },
  { "contact", "{\"mobile\":\"12\"}", "mobile", "“Mobile” is not a valid phone number" },
  { "contact", "{\"phone\":\"359+88\"}", "phone", "phone number" },
  { "contact", "{\"phone\":\"+359 (88) 123-45-67\"}", NULL, NULL },
  /* URL */
  { "contact", "{\"website\":\"example.bg\"}", "website", "“Website” is not a web address" },
  { "contact", "{\"linkedin\":\"ftp://example.bg\"}", "linkedin", "web address" },
  { "company", "{\"website\":\"https://\"}", "website", "web address" },
  { "company", "{\"website\":\"https://exa mple.bg\"}", "website", "web address" },
  { "company", "{\"website\":\"https://example.bg/about?x=1\"}", NULL, NULL },
  { "invoice", "{\"payment_url\":\"javascript:alert(1)\"}", "payment_url", "web address" },
  /* numbers */
  { "deal", "{\"value\":-1}", "value", "“Value” cannot be negative" },
  { "deal", "{\"value\":0}", NULL, NULL },
  { "invoice_item", "{\"quantity\":-1}", "quantity", "“Quantity” cannot be negative" },
  { "invoice_item", "{\"discount_bps\":10001}", "discount_bps", "between 0 % and 100 %" },
  { "stage", "{\"probability_bps\":10001}", "probability_bps", "“Win probability” must be between 0 % and 100 %" },
  { "stage", "{\"probability_bps\":-1}", "probability_bps", "between 0 % and 100 %" },
  { "stage", "{\"probability_bps\":10000}", NULL, NULL },
  { "stage", "{\"rotting_days\":4000}", "rotting_days", "between 0 and 3650" },
  { "activity", "{\"duration_minutes\":-5}", "duration_minutes", "between 0 and 100000" },
  /* currency and enums */
  { "deal", "{\"currency\":\"XYZ\"}", "currency", "“Currency” is not a known currency" },
  { "deal", "{\"currency\":\"eur\"}", "currency", "known currency" },
  { "deal", "{\"currency\":null}", "currency", "needs a currency" },
  { "deal", "{\"status\":\"maybe\"}", "status", "“Status” cannot be “maybe”" },
  { "company", "{\"size\":\"10-20\"}", "size", "“Size” cannot be “10-20”" },
  { "company", "{\"size\":\"1000+\"}", NULL, NULL },
  /* dates and times */
  { "contact", "{\"birthday\":\"2026-02-30\"}", "birthday", "“Birthday” is not a valid date" },
  { "contact", "{\"birthday\":\"2026-02-29\"}", "birthday", "valid date" },
  { "contact", "{\"birthday\":\"2028-02-29\"}", NULL, NULL },
  { "contact", "{\"birthday\":\"2026-13-01\"}", "birthday", "valid date" },
  { "contact", "{\"birthday\":\"26-01-01\"}", "birthday", "valid date" },
  { "contact", "{\"birthday\":\"2026-1-1\"}", "birthday", "valid date" },
  { "task", "{\"due_at\":\"2026-11-25 10:00\"}", "due_at", "“Due” is not a valid date and time" },
  { "task", "{\"due_at\":\"2026-11-25T10:00:00\"}", "due_at", "valid date and time" },
  { "task", "{\"due_at\":\"2026-11-31T10:00:00Z\"}", "due_at", "valid date and time" },
  { "task", "{\"due_at\":\"2026-11-25T10:00:00+02:00\"}", NULL, NULL },
  { "task", "{\"due_at\":\"2026-11-25T10:00:00.5Z\"}", NULL, NULL },
  /* references and tags */
  { "contact", "{\"company_id\":\"acme\"}", "company_id", "“Company” does not refer to a record" },
  { "contact", "{\"tags\":[\"vip\",\"\"]}", "tags", "“Tags” cannot contain an empty tag" },
  { "contact", "{\"tags\":[\"  \"]}", "tags", "empty tag" },
  { "contact", "{\"tags\":[\"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\"]}", "tags", "longer than 100" },
  { "contact", "{\"tags\":[]}", NULL, NULL },
  { "contact", "{\"tags\":[\"vip\",\"клиент\"]}", NULL, NULL },
  /* entity rules */
  { "activity", "{\"contact_id\":null}", "contact_id", "needs a contact, a company or a deal" },
  { "activity", "{\"contact_id\":null,\"deal_id\":\"" U2 "\"}", NULL, NULL },
  { "custom_field", "{\"key\":\"VAT\"}", "key", "lower-case letter" },
  { "custom_field", "{\"key\":\"1vat\"}", "key", "lower-case letter" },
  { "custom_field", "{\"key\":\"vat-id\"}", "key", "lower-case letter" },
  { "custom_field", "{\"key\":\"vat_id_2\"}", NULL, NULL },
  { "custom_field", "{\"field_type\":\"choice\"}", "choices", "at least one choice" },
  { "custom_field", "{\"field_type\":\"choice\",\"choices\":[]}", "choices", "at least one choice" },
  { "custom_field", "{\"field_type\":\"choice\",\"choices\":[\"gold\"]}", NULL, NULL },
  { "invoice", "{\"due_date\":\"2026-10-31\"}", "due_date", "before the issue date" },
  { "invoice", "{\"due_date\":\"2026-11-01\"}", NULL, NULL },
  { "offer", "{\"valid_until\":\"2026-10-01\"}", "valid_until", "before its issue date" },
  { "offer", "{\"valid_until\":\"2026-12-01\"}", NULL, NULL },
  { "payment", "{\"amount\":0}", "amount", "more than zero" },
  { "payment", "{\"amount\":-500}", "amount", "more than zero" },
  { "payment", "{\"matched\":true}", "invoice_id", "needs its invoice" },
  { "team_member", "{\"status\":\"invited\"}", "invited_email", "needs an email address" },
  { "team_member", "{\"status\":\"invited\",\"invited_email\":\"m@example.bg\",\"role\":\"owner\"}", "role", "invited as the owner" },
  { "team_member", "{\"status\":\"invited\",\"invited_email\":\"m@example.bg\",\"role\":\"admin\"}", NULL, NULL },
  { "team_member", "{\"role\":\"boss\"}", "role", "“Role” cannot be “boss”" },
  { "user", "{\"timezone\":\"Europe Sofia\"}", "timezone", "time zone" },
  { "user", "{\"language\":\"de\"}", "language", "cannot be “de”" },
  { "task", "{\"done_at\":\"2026-11-25T10:00:00Z\"}", "done_at", "open task" },
  { "task", "{\"done\":true,\"done_at\":\"2026-11-25T10:00:00Z\"}", NULL, NULL },
  { "subscription", "{\"current_period_start\":\"2026-11-25T00:00:00Z\",\"current_period_end\":\"2026-11-24T00:00:00Z\"}",
    "current_period_end", "cannot end before" },
  { "subscription", "{\"ai_requests_used\":-1}", "ai_requests_used", "cannot be negative" },
  { "document_template", "{\"primary_color\":\"blue\"}", "primary_color", "not a color" },
  { "document_template", "{\"primary_color\":\"#1C71d8\"}", NULL, NULL },
  { "document_template", "{\"logo\":\"https://example.bg/logo.png\"}", "logo", "must be an image" },
  { "document_template", "{\"layout\":\"{\\\"page\\\": {\\\"size\\\": \\\"A3\\\"}}\"}", "layout",
    "page.size" },
  { "document_template", "{\"layout\":\"{\\\"blocks\\\": [{\\\"kind\\\": \\\"items\\\"}]}\"}", NULL, NULL },
  { "template_variable", "{\"key\":\"Client\"}", "key", "lower-case words" },
  { "template_variable", "{\"key\":\"client.\"}", "key", "lower-case words" },
  { "template_variable", "{\"key\":\"client.vat_number\"}", NULL, NULL },
  { "ai_suggestion", "{\"related_entity\":\"planet\",\"related_id\":\"" U1 "\"}", "related_entity", "not a kind of record" },
  { "ai_suggestion", "{\"related_id\":\"" U1 "\"}", "related_entity", "both its kind and its id" },
  { "ai_suggestion", "{\"related_entity\":\"deal\",\"related_id\":\"" U1 "\"}", NULL, NULL },
  /* EIK and VAT numbers (kt-company-id.c); empty ones stay allowed */
  { "company", "{\"vat_number\":\"BG123456789\"}", "vat_number", "The check digit of the EIK in the VAT number is wrong" },
  { "company", "{\"vat_number\":\"BG 121 100 421\"}", NULL, NULL },
  { "company", "{\"vat_number\":\"  \"}", NULL, NULL },
  { "company", "{\"vat_number\":\"GB123456789\"}", NULL, NULL },
  { "company", "{\"vat_number\":\"CHE-123.456.789 MWST\"}", NULL, NULL },
  { "company", "{\"vat_number\":\"GR123456789\"}", "vat_number", "start with EL" },
  { "company", "{\"vat_number\":\"ВG121100421\"}", "vat_number", "Cyrillic letters" },
  { "company", "{\"vat_number\":\"DE12345678\"}", "vat_number", "such as DE123456789" },
  /* A Bulgarian company's registration number is its EIK; elsewhere it is free */
  { "company", "{\"country\":\"България\",\"registration_number\":\"121100421\"}", NULL, NULL },
  { "company", "{\"country\":\"Bulgaria\",\"registration_number\":\"121100422\"}", "registration_number", "check digit" },
  { "company", "{\"vat_number\":\"BG121100421\",\"registration_number\":\"12110042\"}", "registration_number", "9 or 13" },
  { "company", "{\"country\":\"Germany\",\"registration_number\":\"HRB 12345\"}", NULL, NULL },
  { "invoice", "{\"client_eik\":\"121100422\"}", "client_eik", "The EIK’s check digit is wrong" },
  { "invoice", "{\"client_eik\":\"1211004210\"}", "client_eik", "10 digits; it needs 9 or 13" },
  { "invoice", "{\"client_eik\":\"1211004210017\",\"client_vat\":\"BG121100421\"}", NULL, NULL },
  { "invoice", "{\"client_eik\":\"\",\"client_vat\":\"\"}", NULL, NULL },
  { "invoice", "{\"client_vat\":\"ATU1234567\"}", "client_vat", "such as ATU12345678" },
  { "offer", "{\"client_eik\":\"83190208\"}", "client_eik", "8 digits" },
  { "offer", "{\"client_vat\":\"BG1000000002\"}", "client_vat", "not a valid EGN" },
  { "offer", "{\"client_eik\":\"831902088\",\"client_vat\":\"BG831902088\"}", NULL, NULL },
  { "organization", "{\"eik\":\"175074753\"}", "eik", "check digit is wrong" },
  { "organization", "{\"vat_number\":\"BG175074753\"}", "vat_number", "check digit" },
  { "organization", "{\"eik\":\"175074752\",\"vat_number\":\"BG175074752\"}", NULL, NULL },
  /* the organization's account (kt-iban.c) */
  { "organization", "{\"iban\":\"BG80 BNBG 9661 1020 3456 78\",\"bic\":\"BNBGBGSD\"}", NULL, NULL },
  { "organization", "{\"iban\":\"BG80BNBG96611020345687\"}", "iban", "check digits are wrong" },
  { "organization", "{\"iban\":\"BG80BNBG9661102034567\"}", "iban", "has 22 characters; this one has 21" },
  { "organization", "{\"bic\":\"BNBGBGS\"}", "bic", "8 or 11 characters" },
  { "organization", "{\"iban\":\"\",\"bic\":\" \"}", NULL, NULL },
};

static KtRecord *
make_base (const char *entity_name)
{
  const KtEntity *entity = kt_entity_lookup (entity_name);
  g_autoptr(GError) error = NULL;
  KtRecord *record = NULL;

  g_assert_nonnull (entity);
  for (guint i = 0; i < G_N_ELEMENTS (bases); i++)
    if (strcmp (bases[i].entity, entity_name) == 0)
      record = kt_record_from_json_string (entity, bases[i].json, &error);

  g_assert_no_error (error);
  g_assert_nonnull (record);
  return record;
}

static void
test_validate_bases (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (bases); i++)
    {
      g_autoptr(KtRecord) record = make_base (bases[i].entity);
      g_autoptr(GError) error = NULL;

      g_test_message ("base %s", bases[i].entity);
      g_assert_true (kt_record_validate (record, &error));
      g_assert_no_error (error);
    }
}

static void
test_validate_cases (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const Case *c = &cases[i];
      g_autoptr(KtRecord) record = make_base (c->entity);
      g_autoptr(JsonNode) patch = NULL;
      g_autoptr(GError) error = NULL;
      JsonObjectIter iter;
      const char *name;
      JsonNode *value;
      gboolean ok;

      g_test_message ("case %u: %s %s", i, c->entity, c->patch);

      patch = json_from_string (c->patch, &error);
      g_assert_no_error (error);
      json_object_iter_init (&iter, json_node_get_object (patch));
      while (json_object_iter_next (&iter, &name, &value))
        {
          g_assert_true (kt_record_set_node (record, name, value, &error));
          g_assert_no_error (error);
        }

      ok = kt_record_validate (record, &error);
      if (c->field == NULL)
        {
          g_assert_no_error (error);
          g_assert_true (ok);
          continue;
        }

      g_assert_false (ok);
      g_assert_error (error, KT_ERROR, KT_ERROR_INVALID);
      g_test_message ("  -> %s", error->message);
      g_assert_cmpstr (kt_record_error_get_field (error), ==, c->field);
      g_assert_nonnull (strstr (error->message, c->message));
    }
}

static void
test_validate_field_error (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) copy = NULL;
  g_autoptr(GError) other = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED, "x");
  g_autoptr(GError) plain = g_error_new_literal (KT_ERROR, KT_ERROR_INVALID, "y");

  kt_record_set_field_error (&error, "email", "“%s” is odd", "Email");
  g_assert_error (error, KT_ERROR, KT_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, "“Email” is odd");
  g_assert_cmpstr (kt_record_error_get_field (error), ==, "email");

  /* The field key travels with copies of the error. */
  copy = g_error_copy (error);
  g_assert_cmpstr (kt_record_error_get_field (copy), ==, "email");

  g_assert_null (kt_record_error_get_field (other));
  g_assert_null (kt_record_error_get_field (plain));
  g_assert_null (kt_record_error_get_field (NULL));

  /* A NULL error location is allowed. */
  kt_record_set_field_error (NULL, "email", "%s", "ignored");
}

static void
test_validate_single_field (void)
{
  g_autoptr(KtRecord) contact = make_base ("contact");
  g_autoptr(GError) error = NULL;

  kt_record_set_string (contact, "email", "nope");
  kt_record_set_string (contact, "phone", "also nope");
  /* Only the field asked about is checked. */
  g_assert_true (kt_record_validate_field (contact, "first_name", NULL));
  g_assert_false (kt_record_validate_field (contact, "phone", &error));
  g_assert_cmpstr (kt_record_error_get_field (error), ==, "phone");
}

static KtRecord *
make_definition (const char *target,
                 const char *key,
                 const char *type,
                 gboolean    required)
{
  KtRecord *def = kt_record_new (KT_ENTITY_CUSTOM_FIELD);
  g_autoptr(GError) error = NULL;
  const char *choices[] = { "gold", "silver", NULL };

  kt_record_set_string (def, "target_entity", target);
  kt_record_set_string (def, "key", key);
  kt_record_set_string (def, "label", key);
  kt_record_set_string (def, "field_type", type);
  kt_record_set_bool (def, "required", required);
  if (strcmp (type, "choice") == 0)
    kt_record_set_tags (def, "choices", choices);

  g_assert_true (kt_record_validate (def, &error));
  g_assert_no_error (error);
  return def;
}

static void
test_validate_custom_values (void)
{
  g_autoptr(GPtrArray) defs = g_ptr_array_new_with_free_func (g_object_unref);
  static const struct { const char *custom; const char *field; const char *message; } custom_cases[] = {
    { "{\"vat\":\"BG123\",\"score\":4.5,\"since\":\"2026-01-31\",\"tier\":\"gold\",\"vip\":true}", NULL, NULL },
    { "{\"vat\":\"BG123\",\"score\":7,\"tier\":null}", NULL, NULL },
    { "{\"score\":1}", "custom.vat", "“vat” is required" },
    { "{\"vat\":\"  \"}", "custom.vat", "“vat” is required" },
    { "{\"vat\":7}", "custom.vat", "must be text" },
    { "{\"vat\":\"BG\",\"score\":\"many\"}", "custom.score", "must be a number" },
    { "{\"vat\":\"BG\",\"since\":\"2026-02-30\"}", "custom.since", "must be a date" },
    { "{\"vat\":\"BG\",\"tier\":\"bronze\"}", "custom.tier", "one of its choices" },
    { "{\"vat\":\"BG\",\"vip\":\"yes\"}", "custom.vip", "yes or no" },
    { "{\"vat\":\"BG\",\"nickname\":\"x\"}", "custom.nickname", "no custom field “nickname”" },
    { "{\"vat\":\"BG\",\"industry_code\":\"x\"}", "custom.industry_code", "no custom field" },
    { "{\"vat\":\"BG\",\"old\":\"x\"}", "custom.old", "no custom field" },
  };

  g_ptr_array_add (defs, make_definition ("contact", "vat", "text", TRUE));
  g_ptr_array_add (defs, make_definition ("contact", "score", "number", FALSE));
  g_ptr_array_add (defs, make_definition ("contact", "since", "date", FALSE));
  g_ptr_array_add (defs, make_definition ("contact", "tier", "choice", FALSE));
  g_ptr_array_add (defs, make_definition ("contact", "vip", "bool", FALSE));
  /* For companies only, and deleted: neither applies to a contact. */
  g_ptr_array_add (defs, make_definition ("company", "industry_code", "text", TRUE));
  g_ptr_array_add (defs, make_definition ("contact", "old", "text", TRUE));
  kt_record_set_deleted (g_ptr_array_index (defs, defs->len - 1), TRUE);

  for (guint i = 0; i < G_N_ELEMENTS (custom_cases); i++)
    {
      g_autoptr(KtRecord) contact = make_base ("contact");
      g_autoptr(JsonNode) custom = json_from_string (custom_cases[i].custom, NULL);
      g_autoptr(GError) error = NULL;
      gboolean ok;

      g_test_message ("custom %s", custom_cases[i].custom);
      g_assert_true (kt_record_set_node (contact, "custom", custom, NULL));
      ok = kt_custom_field_validate_values (defs, contact, &error);
      if (custom_cases[i].field == NULL)
        {
          g_assert_no_error (error);
          g_assert_true (ok);
          continue;
        }
      g_assert_false (ok);
      g_assert_error (error, KT_ERROR, KT_ERROR_INVALID);
      g_assert_cmpstr (kt_record_error_get_field (error), ==, custom_cases[i].field);
      g_assert_nonnull (strstr (error->message, custom_cases[i].message));
    }

  /* No "custom" at all: only the required definition complains. */
  {
    g_autoptr(KtRecord) contact = make_base ("contact");
    g_autoptr(GError) error = NULL;

    g_assert_false (kt_custom_field_validate_values (defs, contact, &error));
    g_assert_cmpstr (kt_record_error_get_field (error), ==, "custom.vat");
  }

  g_assert_true (kt_custom_field_key_is_valid ("a"));
  g_assert_false (kt_custom_field_key_is_valid (""));
  g_assert_false (kt_custom_field_key_is_valid ("_a"));
  g_assert_false (kt_custom_field_key_is_valid ("aé"));
}

static void
test_validate_deal_stage (void)
{
  g_autoptr(GPtrArray) sales = kt_pipeline_new_default (U1);
  g_autoptr(GPtrArray) other = kt_pipeline_new_default (U1);
  KtRecord *pipeline = g_ptr_array_index (sales, 0);
  KtRecord *lead = g_ptr_array_index (sales, 1);
  KtRecord *foreign = g_ptr_array_index (other, 2);
  g_autoptr(KtRecord) deal = kt_record_new (KT_ENTITY_DEAL);
  g_autoptr(GError) error = NULL;

  kt_record_set_string (deal, "title", "Website");
  kt_record_set_string (deal, "pipeline_id", kt_record_get_id (pipeline));
  kt_record_set_string (deal, "stage_id", kt_record_get_id (lead));
  g_assert_true (kt_record_validate (deal, &error));
  g_assert_true (kt_deal_check_stage (deal, lead, &error));
  g_assert_no_error (error);

  /* A stage of another pipeline. */
  kt_record_set_string (deal, "stage_id", kt_record_get_id (foreign));
  g_assert_false (kt_deal_check_stage (deal, foreign, &error));
  g_assert_error (error, KT_ERROR, KT_ERROR_INVALID);
  g_assert_cmpstr (kt_record_error_get_field (error), ==, "stage_id");
  g_assert_nonnull (strstr (error->message, "another pipeline"));
  g_clear_error (&error);

  /* The stage given is not the deal's stage at all. */
  g_assert_false (kt_deal_check_stage (deal, lead, &error));
  g_assert_cmpstr (kt_record_error_get_field (error), ==, "stage_id");
  g_clear_error (&error);

  /* A deleted stage. */
  kt_record_set_string (deal, "stage_id", kt_record_get_id (lead));
  kt_record_set_deleted (lead, TRUE);
  g_assert_false (kt_deal_check_stage (deal, lead, &error));
  g_assert_nonnull (strstr (error->message, "deleted"));
}

static void
test_validate_default_pipeline (void)
{
  g_autoptr(GPtrArray) records = kt_pipeline_new_default (U2);
  static const struct { const char *name; gint64 bps; const char *kind; } expected[] = {
    { "Lead", 1000, "open" }, { "Qualified", 2500, "open" }, { "Proposal", 5000, "open" },
    { "Negotiation", 7500, "open" }, { "Won", 10000, "won" }, { "Lost", 0, "lost" },
  };
  KtRecord *pipeline;

  g_assert_cmpuint (records->len, ==, 1 + G_N_ELEMENTS (expected));
  pipeline = g_ptr_array_index (records, 0);
  g_assert_true (kt_record_get_entity (pipeline) == KT_ENTITY_PIPELINE);
  g_assert_cmpstr (kt_record_get_string (pipeline, "name"), ==, "Sales");
  g_assert_true (kt_record_get_bool (pipeline, "is_default"));
  g_assert_cmpstr (kt_record_get_org_id (pipeline), ==, U2);
  g_assert_true (kt_record_validate (pipeline, NULL));

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      KtRecord *stage = g_ptr_array_index (records, i + 1);
      g_autoptr(GError) error = NULL;

      g_assert_true (kt_record_get_entity (stage) == KT_ENTITY_STAGE);
      g_assert_cmpstr (kt_record_get_string (stage, "name"), ==, expected[i].name);
      g_assert_cmpint (kt_record_get_int (stage, "probability_bps"), ==, expected[i].bps);
      g_assert_cmpstr (kt_record_get_string (stage, "kind"), ==, expected[i].kind);
      g_assert_cmpint (kt_record_get_int (stage, "position"), ==, i);
      g_assert_cmpstr (kt_record_get_string (stage, "pipeline_id"), ==, kt_record_get_id (pipeline));
      g_assert_cmpstr (kt_record_get_org_id (stage), ==, U2);
      g_assert_true (kt_record_validate (stage, &error));
      g_assert_no_error (error);
    }
}

static KtRecord *
make_item (const KtEntity *entity,
           gint64          position,
           gint64          quantity,
           gint64          unit_price,
           gint64          discount_bps,
           gint64          vat_bps)
{
  KtRecord *item = kt_record_new (entity);

  kt_record_set_string (item, entity == KT_ENTITY_INVOICE_ITEM ? "invoice_id" : "offer_id", U1);
  kt_record_set_string (item, "description", "Work");
  kt_record_set_int (item, "position", position);
  kt_record_set_int (item, "quantity", quantity);
  kt_record_set_int (item, "unit_price", unit_price);
  kt_record_set_int (item, "discount_bps", discount_bps);
  kt_record_set_int (item, "vat_bps", vat_bps);
  return item;
}

/* One status rule for the client and the server (docs/money.md). */
static void
test_invoice_settle_status (void)
{
  static const struct {
    const char *status;
    gint64      paid;
    gint64      credited;
    const char *expected;
  } settle[] = {
    { "issued", 0, 0, "issued" },
    { "sent", 0, 0, "sent" },
    { "overdue", 0, 0, "overdue" },
    { "partially_paid", 0, 0, "sent" },
    { "paid", 0, 0, "sent" },
    { "sent", 4000, 0, "partially_paid" },
    { "issued", 0, 2000, "partially_paid" },
    { "overdue", 4000, 0, "overdue" },
    { "paid", 4000, 0, "partially_paid" },
    { "sent", 12000, 0, "paid" },
    { "overdue", 10000, 2000, "paid" },
    { "partially_paid", 15000, 0, "paid" },
    { "draft", 12000, 0, "draft" },
    { "cancelled", 12000, 0, "cancelled" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (settle); i++)
    {
      g_autoptr(KtRecord) invoice = kt_record_new (KT_ENTITY_INVOICE);

      kt_record_set_string (invoice, "status", settle[i].status);
      kt_record_set_int (invoice, "total", 12000);
      kt_record_set_int (invoice, "paid_amount", settle[i].paid);
      kt_record_set_int (invoice, "credited_amount", settle[i].credited);
      g_assert_cmpint (kt_invoice_settle_status (invoice), ==,
                       g_strcmp0 (settle[i].status, settle[i].expected) != 0);
      g_assert_cmpstr (kt_record_get_string (invoice, "status"), ==, settle[i].expected);
    }
}

static void
test_validate_invoice_totals (void)
{
  g_autoptr(KtRecord) invoice = make_base ("invoice");
  g_autoptr(KtRecord) offer = make_base ("offer");
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) offer_items = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  KtDocumentTotals totals;
  KtRecord *deleted;

  /* Three 0.05 lines at 10 %: 0.02 VAT per document, 0.03 per line. */
  for (guint i = 0; i < 3; i++)
    g_ptr_array_add (items, make_item (KT_ENTITY_INVOICE_ITEM, 3 - i, 1000, 5, 0, 1000));
  /* A deleted line does not count. */
  deleted = make_item (KT_ENTITY_INVOICE_ITEM, 9, 1000, 100000, 0, 2000);
  kt_record_set_deleted (deleted, TRUE);
  g_ptr_array_add (items, deleted);

  g_assert_true (kt_invoice_apply_totals (invoice, items, &error));
  g_assert_no_error (error);
  g_assert_cmpint (kt_record_get_int (invoice, "subtotal"), ==, 15);
  g_assert_cmpint (kt_record_get_int (invoice, "net"), ==, 15);
  g_assert_cmpint (kt_record_get_int (invoice, "tax"), ==, 2);
  g_assert_cmpint (kt_record_get_int (invoice, "total"), ==, 17);

  kt_record_set_string (invoice, "rounding", "per_line");
  g_assert_true (kt_invoice_apply_totals (invoice, items, &error));
  g_assert_cmpint (kt_record_get_int (invoice, "tax"), ==, 3);
  g_assert_cmpint (kt_record_get_int (invoice, "total"), ==, 18);
  g_assert_true (kt_record_validate (invoice, NULL));

  /* Line numbers follow the positions: the bad item is second on paper. */
  g_ptr_array_add (items, make_item (KT_ENTITY_INVOICE_ITEM, 2, 1000, 5, 0, 10001));
  kt_record_set_int (g_ptr_array_index (items, 0), "position", 5);
  g_assert_false (kt_invoice_apply_totals (invoice, items, &error));
  g_assert_error (error, KT_ERROR, KT_ERROR_INVALID);
  g_assert_true (g_str_has_prefix (error->message, "Line 3:"));
  g_clear_error (&error);
  /* ...and the failed call left the old totals alone. */
  g_assert_cmpint (kt_record_get_int (invoice, "total"), ==, 18);

  /* Offers work the same way, with a VAT breakdown. */
  g_ptr_array_add (offer_items, make_item (KT_ENTITY_OFFER_ITEM, 0, 2500, 8000, 1500, 2000));
  g_ptr_array_add (offer_items, make_item (KT_ENTITY_OFFER_ITEM, 1, 1000, 1000, 0, 900));
  g_assert_true (kt_invoice_compute_totals (offer, offer_items, &totals, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (totals.n_vat_groups, ==, 2);
  g_assert_cmpint (totals.vat_groups[0].vat_bps, ==, 900);
  g_assert_cmpint (totals.vat_groups[0].tax, ==, 90);
  g_assert_cmpint (totals.vat_groups[1].vat_bps, ==, 2000);
  g_assert_cmpint (totals.vat_groups[1].net, ==, 17000);
  g_assert_cmpint (totals.vat_groups[1].tax, ==, 3400);
  g_assert_cmpint (totals.total, ==, 17000 + 1000 + 3400 + 90);
  kt_document_totals_clear (&totals);

  g_assert_true (kt_invoice_apply_totals (offer, offer_items, NULL));
  g_assert_cmpint (kt_record_get_int (offer, "discount"), ==, 3000);
  g_assert_cmpint (kt_record_get_int (offer, "total"), ==, 21490);
}

/* The time zone list is the only source of truth for a zone name: it is
 * sorted for the binary search, has no duplicates, and holds what people
 * pick, while paths and look-alikes are not in it. */
static void
test_validate_timezone (void)
{
  const char * const valid[] = { "Europe/Sofia", "UTC", "Etc/UTC", "America/Argentina/Buenos_Aires",
                                 "Europe/Kiev", "Europe/Kyiv", "Etc/GMT-14", "Asia/Tokyo" };
  const char * const invalid[] = { "/etc/passwd", "../../etc/passwd", "Europe/../Europe/Sofia",
                                   "europe/sofia", "Europe/Sofia/", " UTC", "Factory", "", "posixrules",
                                   "/usr/share/zoneinfo/UTC" };
  const char * const *names;
  guint n = 0;

  names = kt_timezone_get_names (&n);
  g_assert_cmpuint (n, >, 400);
  for (guint i = 1; i < n; i++)
    g_assert_cmpint (strcmp (names[i - 1], names[i]), <, 0);
  for (guint i = 0; i < n; i++)
    g_assert_true (kt_timezone_is_valid (names[i]));

  for (guint i = 0; i < G_N_ELEMENTS (valid); i++)
    g_assert_true (kt_timezone_is_valid (valid[i]));
  for (guint i = 0; i < G_N_ELEMENTS (invalid); i++)
    g_assert_false (kt_timezone_is_valid (invalid[i]));
  g_assert_false (kt_timezone_is_valid (NULL));

  {
    g_autoptr(KtRecord) user = kt_record_new (KT_ENTITY_USER);
    g_autoptr(GError) error = NULL;

    kt_record_set_string (user, "email", "ivan@example.bg");
    kt_record_set_string (user, "full_name", "Ivan");
    kt_record_set_string (user, "timezone", "/etc/localtime");
    g_assert_false (kt_record_validate (user, &error));
    g_assert_cmpstr (kt_record_error_get_field (error), ==, "timezone");
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/validate/bases", test_validate_bases);
  g_test_add_func ("/validate/cases", test_validate_cases);
  g_test_add_func ("/validate/field-error", test_validate_field_error);
  g_test_add_func ("/validate/single-field", test_validate_single_field);
  g_test_add_func ("/validate/custom-values", test_validate_custom_values);
  g_test_add_func ("/validate/deal-stage", test_validate_deal_stage);
  g_test_add_func ("/validate/default-pipeline", test_validate_default_pipeline);
  g_test_add_func ("/validate/invoice-totals", test_validate_invoice_totals);
  g_test_add_func ("/validate/invoice-settle-status", test_invoice_settle_status);
  g_test_add_func ("/validate/timezone", test_validate_timezone);

  return g_test_run ();
}
