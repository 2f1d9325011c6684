/* kt-contact.c: contacts and companies
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-contact"

#include "config.h"

#include <glib/gi18n.h>

#include "kt-company-id.h"
#include "kt-contact.h"
#include "kt-error.h"

#define S KT_FIELD_SEARCHABLE
#define I KT_FIELD_INDEXED
#define O KT_FIELD_SORTABLE
#define R KT_FIELD_REQUIRED

static const char * const company_sizes[] = {
  "1-10", "11-50", "51-200", "201-500", "501-1000", "1000+", NULL
};

static const char * const contact_sources[] = {
  "manual", "import", "website", "referral", "event", "other", NULL
};

static const KtField company_fields[] = {
  { "name", KT_FIELD_TEXT, R | S | O | I, N_("Name"), .max_length = 200 },
  { "industry", KT_FIELD_TEXT, I | O, N_("Industry"), .max_length = 100 },
  { "size", KT_FIELD_ENUM, I, N_("Size"), .choices = company_sizes },
  { "website", KT_FIELD_URL, 0, N_("Website") },
  { "email", KT_FIELD_EMAIL, S | O, N_("Email"), .max_length = 254 },
  { "phone", KT_FIELD_PHONE, S, N_("Phone"), .max_length = 40 },
  { "address", KT_FIELD_TEXT, 0, N_("Address"), .max_length = 500 },
  { "city", KT_FIELD_TEXT, I | O, N_("City"), .max_length = 100 },
  { "postal_code", KT_FIELD_TEXT, 0, N_("Postal code"), .max_length = 20 },
  { "country", KT_FIELD_TEXT, I | O, N_("Country"), .max_length = 100 },
  { "vat_number", KT_FIELD_TEXT, S | I, N_("VAT number"), .max_length = 32 },
  { "registration_number", KT_FIELD_TEXT, S, N_("Registration number"), .max_length = 32 },
  { "annual_revenue", KT_FIELD_MONEY, O, N_("Annual revenue"),
    .currency_field = "currency", .min = 0, .max = G_MAXINT64 },
  { "currency", KT_FIELD_CURRENCY, 0, N_("Currency"), .default_value = "\"EUR\"" },
  { "employee_count", KT_FIELD_INT, O, N_("Employees"), .min = 0, .max = 100000000 },
  { "tags", KT_FIELD_TAGS, S | I, N_("Tags") },
  { "notes", KT_FIELD_TEXT, S, N_("Notes"), .max_length = 20000 },
  { "reminders_opt_out", KT_FIELD_BOOL, 0, N_("No payment reminders"), .default_value = "false" },
  { "custom", KT_FIELD_JSON, KT_FIELD_SEARCHABLE, N_("Custom fields") },
  /* Set on the tombstone a merge leaves: the record it was merged into,
   * so a link or an edit made elsewhere can follow it (docs/sync.md,
   * "Merged records"). */
  { "merged_into_id", KT_FIELD_REF, 0, N_("Merged into"), .ref_entity = "company" },
  { NULL }
};

/* A Bulgarian company's registration number is its EIK/BULSTAT, which has
 * a check digit; elsewhere it is whatever the country's register uses. */
static gboolean
is_bulgarian (KtRecord *record)
{
  const char *country = kt_record_get_string (record, "country");
  const char *vat = kt_record_get_string (record, "vat_number");

  if (country != NULL &&
      (g_ascii_strcasecmp (country, "BG") == 0 || g_ascii_strcasecmp (country, "Bulgaria") == 0 ||
       g_str_equal (country, "България")))
    return TRUE;

  return vat != NULL && g_ascii_strncasecmp (vat, "BG", 2) == 0;
}

static gboolean
validate_company (const KtEntity *entity,
                  KtRecord       *record,
                  GError        **error)
{
  if (is_bulgarian (record) &&
      !kt_company_id_check_field (record, "registration_number", kt_eik_validate, error))
    return FALSE;

  return kt_company_id_check_field (record, "vat_number", kt_vat_number_validate_lenient, error);
}

const KtEntity kt_company_entity = {
  .name = "company",
  .plural = "companies",
  .label = N_("Company"),
  .flags = KT_ENTITY_SYNCED | KT_ENTITY_CUSTOMIZE,
  .fields = company_fields,
  .title_fields = "name",
  .default_sort = "name",
  .validate = validate_company,
};

static const KtField contact_fields[] = {
  { "first_name", KT_FIELD_TEXT, S | O, N_("First name"), .max_length = 100 },
  { "last_name", KT_FIELD_TEXT, S | O, N_("Last name"), .max_length = 100 },
  { "email", KT_FIELD_EMAIL, S | O | I, N_("Email"), .max_length = 254 },
  { "phone", KT_FIELD_PHONE, S, N_("Phone"), .max_length = 40 },
  { "mobile", KT_FIELD_PHONE, S, N_("Mobile"), .max_length = 40 },
  { "job_title", KT_FIELD_TEXT, S | O, N_("Job title"), .max_length = 200 },
  { "company_id", KT_FIELD_REF, I, N_("Company"), .ref_entity = "company" },
  { "address", KT_FIELD_TEXT, 0, N_("Address"), .max_length = 500 },
  { "city", KT_FIELD_TEXT, I | O, N_("City"), .max_length = 100 },
  { "postal_code", KT_FIELD_TEXT, 0, N_("Postal code"), .max_length = 20 },
  { "country", KT_FIELD_TEXT, I | O, N_("Country"), .max_length = 100 },
  { "website", KT_FIELD_URL, 0, N_("Website") },
  { "linkedin", KT_FIELD_URL, 0, N_("LinkedIn") },
  { "twitter", KT_FIELD_URL, 0, N_("X (Twitter)") },
  { "facebook", KT_FIELD_URL, 0, N_("Facebook") },
  { "birthday", KT_FIELD_DATE, 0, N_("Birthday") },
  { "source", KT_FIELD_ENUM, I, N_("Source"), .choices = contact_sources,
    .default_value = "\"manual\"" },
  { "tags", KT_FIELD_TAGS, S | I, N_("Tags") },
  { "notes", KT_FIELD_TEXT, S, N_("Notes"), .max_length = 20000 },
  { "reminders_opt_out", KT_FIELD_BOOL, 0, N_("No payment reminders"), .default_value = "false" },
  { "custom", KT_FIELD_JSON, KT_FIELD_SEARCHABLE, N_("Custom fields") },
  /* As a company's. */
  { "merged_into_id", KT_FIELD_REF, 0, N_("Merged into"), .ref_entity = "contact" },
  { NULL }
};

static gboolean
has_text (KtRecord   *record,
          const char *field)
{
  const char *value = kt_record_get_string (record, field);

  if (value == NULL)
    return FALSE;

  while (g_ascii_isspace (*value))
    value++;

  return *value != '\0';
}

/* A person needs some name to be found again; either half will do (many
 * contacts are known only as "Maria" or as "Dr. Petrov"). */
static gboolean
validate_contact (const KtEntity *entity,
                  KtRecord       *record,
                  GError        **error)
{
  if (!has_text (record, "first_name") && !has_text (record, "last_name"))
    {
      kt_record_set_field_error (error, "first_name",
                                 _("A contact needs a first name or a last name"));
      return FALSE;
    }

  return TRUE;
}

const KtEntity kt_contact_entity = {
  .name = "contact",
  .plural = "contacts",
  .label = N_("Contact"),
  .flags = KT_ENTITY_SYNCED | KT_ENTITY_CUSTOMIZE,
  .fields = contact_fields,
  .title_fields = "first_name,last_name",
  .default_sort = "first_name",
  .validate = validate_contact,
};
