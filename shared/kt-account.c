/* kt-account.c: users, organizations and team members (server-owned)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-account"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "kt-account.h"
#include "kt-company-id.h"
#include "kt-iban.h"
#include "kt-error.h"
#include "kt-timezone.h"

#define S KT_FIELD_SEARCHABLE
#define I KT_FIELD_INDEXED
#define O KT_FIELD_SORTABLE
#define R KT_FIELD_REQUIRED

/* A logo is a data: URI of a small image, kept inline so it syncs and
 * prints offline. */
#define LOGO_MAX_LENGTH (512 * 1024)

static const char * const languages[] = { "bg", "en", NULL };

static const KtField user_fields[] = {
  { "email", KT_FIELD_EMAIL, R | S | O | I, N_("Email"), .max_length = 254 },
  { "full_name", KT_FIELD_TEXT, R | S | O, N_("Full name"), .max_length = 200 },
  { "phone", KT_FIELD_PHONE, S, N_("Phone"), .max_length = 40 },
  { "company_name", KT_FIELD_TEXT, 0, N_("Company name"), .max_length = 200 },
  { "company_vat", KT_FIELD_TEXT, 0, N_("Company VAT number"), .max_length = 32 },
  { "company_address", KT_FIELD_TEXT, 0, N_("Company address"), .max_length = 500 },
  { "company_city", KT_FIELD_TEXT, 0, N_("Company city"), .max_length = 100 },
  { "company_country", KT_FIELD_TEXT, 0, N_("Company country"), .max_length = 100 },
  { "language", KT_FIELD_ENUM, 0, N_("Language"), .choices = languages, .default_value = "\"bg\"" },
  { "timezone", KT_FIELD_TEXT, 0, N_("Time zone"), .max_length = 64,
    .default_value = "\"Europe/Sofia\"" },
  { "password_hash", KT_FIELD_TEXT, KT_FIELD_SECRET | KT_FIELD_SERVER, N_("Password"),
    .max_length = 512 },
  { "last_seen_at", KT_FIELD_DATETIME, KT_FIELD_SERVER | O, N_("Last seen") },
  { NULL }
};

static gboolean
validate_user (const KtEntity *entity,
               KtRecord       *record,
               GError        **error)
{
  const char *zone = kt_record_get_string (record, "timezone");

  /* Only a name from the fixed list: a zone is never looked up as a file. */
  if (zone != NULL && *zone != '\0' && !kt_timezone_is_valid (zone))
    {
      kt_record_set_field_error (error, "timezone",
                                 _("“%s” is not a time zone name such as Europe/Sofia"), zone);
      return FALSE;
    }

  return TRUE;
}

const KtEntity kt_user_entity = {
  .name = "user",
  .plural = "users",
  .label = N_("User"),
  .flags = KT_ENTITY_SERVER,
  .fields = user_fields,
  .title_fields = "full_name",
  .default_sort = "full_name",
  .validate = validate_user,
};

static const KtField organization_fields[] = {
  { "name", KT_FIELD_TEXT, R | S | O, N_("Name"), .max_length = 200 },
  { "vat_number", KT_FIELD_TEXT, I, N_("VAT number"), .max_length = 32 },
  { "eik", KT_FIELD_TEXT, 0, N_("EIK"), .max_length = 13 },
  { "mol", KT_FIELD_TEXT, 0, N_("Responsible person"), .max_length = 200 },
  { "iban", KT_FIELD_TEXT, 0, N_("IBAN"), .max_length = 34 },
  { "bic", KT_FIELD_TEXT, 0, N_("BIC"), .max_length = 11 },
  { "bank_name", KT_FIELD_TEXT, 0, N_("Bank"), .max_length = 200 },
  { "address", KT_FIELD_TEXT, 0, N_("Address"), .max_length = 500 },
  { "city", KT_FIELD_TEXT, 0, N_("City"), .max_length = 100 },
  { "country", KT_FIELD_TEXT, 0, N_("Country"), .max_length = 100 },
  { "default_currency", KT_FIELD_CURRENCY, 0, N_("Default currency"),
    .default_value = "\"EUR\"" },
  { "logo", KT_FIELD_TEXT, 0, N_("Logo"), .max_length = LOGO_MAX_LENGTH },
  { "time_zone", KT_FIELD_TEXT, 0, N_("Time zone"), .max_length = 64 },
  { "mail_sender_name", KT_FIELD_TEXT, 0, N_("Sender name"), .max_length = 200 },
  { "mail_reply_to", KT_FIELD_EMAIL, 0, N_("Reply-to address"), .max_length = 254 },
  { "reminder_steps", KT_FIELD_TEXT, 0, N_("Reminder steps"), .max_length = 64 },
  { NULL }
};

/**
 * kt_organization_parse_reminder_steps:
 * @text: (nullable): the organization's reminder_steps, "3,10,30"
 * @n_steps: (out): how many steps
 * @error: the field error when @text is not a list of days
 *
 * The days after the due date at which an overdue invoice's reminders
 * go out: ascending, distinct, from 1 to 365, at most
 * %KT_REMINDER_STEPS_MAX of them. An empty or missing text means no
 * reminders at all.
 *
 * Returns: (transfer full) (nullable): the steps, or %NULL with @error set
 */
guint *
kt_organization_parse_reminder_steps (const char *text,
                                      guint      *n_steps,
                                      GError    **error)
{
  g_auto(GStrv) parts = NULL;
  g_autofree guint *steps = g_new0 (guint, KT_REMINDER_STEPS_MAX + 1);
  guint n = 0;

  *n_steps = 0;
  if (text == NULL || *text == '\0')
    return g_steal_pointer (&steps);

  parts = g_strsplit (text, ",", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      g_autofree char *part = g_strstrip (g_strdup (parts[i]));
      guint64 days = 0;

      if (n == KT_REMINDER_STEPS_MAX)
        {
          kt_record_set_field_error (error, "reminder_steps",
                                     _("At most 10 reminder steps are allowed"));
          return NULL;
        }
      if (!g_ascii_string_to_unsigned (part, 10, 1, 365, &days, NULL))
        {
          kt_record_set_field_error (error, "reminder_steps",
                                     _("Reminder steps are days after the due date, "
                                       "from 1 to 365, separated by commas"));
          return NULL;
        }
      if (n > 0 && days <= steps[n - 1])
        {
          kt_record_set_field_error (error, "reminder_steps",
                                     _("Reminder steps must grow from one to the next"));
          return NULL;
        }
      steps[n++] = (guint) days;
    }

  *n_steps = n;
  return g_steal_pointer (&steps);
}

static gboolean
validate_organization (const KtEntity *entity,
                       KtRecord       *record,
                       GError        **error)
{
  const char *logo = kt_record_get_string (record, "logo");
  const char *zone = kt_record_get_string (record, "time_zone");
  g_autofree guint *steps = NULL;
  guint n_steps = 0;

  if (!kt_company_id_check_field (record, "eik", kt_eik_validate, error) ||
      !kt_company_id_check_field (record, "vat_number", kt_vat_number_validate_lenient, error) ||
      !kt_company_id_check_field (record, "iban", kt_iban_validate, error) ||
      !kt_company_id_check_field (record, "bic", kt_bic_validate, error))
    return FALSE;
  if (zone != NULL && *zone != '\0' && !kt_timezone_is_valid (zone))
    {
      kt_record_set_field_error (error, "time_zone", _("This is not a known time zone"));
      return FALSE;
    }
  steps = kt_organization_parse_reminder_steps (kt_record_get_string (record, "reminder_steps"),
                                                &n_steps, error);
  if (steps == NULL)
    return FALSE;
  if (logo != NULL && *logo != '\0' && !g_str_has_prefix (logo, "data:image/"))
    {
      kt_record_set_field_error (error, "logo", _("The logo must be an image"));
      return FALSE;
    }
  /* The field's length counts characters; the documented limit is of
   * bytes, which a non-ASCII URI has more of. */
  if (logo != NULL && strlen (logo) > LOGO_MAX_LENGTH)
    {
      kt_record_set_field_error (error, "logo", _("The logo is larger than 512 KiB"));
      return FALSE;
    }

  return TRUE;
}

const KtEntity kt_organization_entity = {
  .name = "organization",
  .plural = "organizations",
  .label = N_("Organization"),
  .flags = KT_ENTITY_SERVER,
  .fields = organization_fields,
  .title_fields = "name",
  .default_sort = "name",
  .validate = validate_organization,
};

static const char * const team_roles[] = { "owner", "admin", "manager", "user", NULL };
static const char * const member_statuses[] = { "active", "invited", "removed", NULL };

static const KtField team_member_fields[] = {
  { "user_id", KT_FIELD_REF, R | I, N_("User"), .ref_entity = "user" },
  { "role", KT_FIELD_ENUM, R | I | O, N_("Role"), .choices = team_roles,
    .default_value = "\"user\"" },
  { "status", KT_FIELD_ENUM, I, N_("Status"), .choices = member_statuses,
    .default_value = "\"active\"" },
  { "invited_email", KT_FIELD_EMAIL, S | I, N_("Invited email"), .max_length = 254 },
  { "joined_at", KT_FIELD_DATETIME, O, N_("Joined") },
  { "last_active_at", KT_FIELD_DATETIME, O, N_("Last active") },
  { NULL }
};

/* An invitation goes to an address; and the owner is the one who pays, so
 * the role cannot be handed out by invitation. */
static gboolean
validate_team_member (const KtEntity *entity,
                      KtRecord       *record,
                      GError        **error)
{
  if (g_strcmp0 (kt_record_get_string (record, "status"), "invited") == 0)
    {
      if (!kt_record_has (record, "invited_email"))
        {
          kt_record_set_field_error (error, "invited_email",
                                     _("An invitation needs an email address"));
          return FALSE;
        }
      if (g_strcmp0 (kt_record_get_string (record, "role"), "owner") == 0)
        {
          kt_record_set_field_error (error, "role",
                                     _("Nobody can be invited as the owner"));
          return FALSE;
        }
    }

  return TRUE;
}

const KtEntity kt_team_member_entity = {
  .name = "team_member",
  .plural = "team_members",
  .label = N_("Team member"),
  .flags = KT_ENTITY_SERVER,
  .fields = team_member_fields,
  .title_fields = "invited_email",
  .default_sort = "role",
  .validate = validate_team_member,
};
