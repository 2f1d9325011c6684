/* test-import-guess.c: column targets from header names
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib.h>

#include "kt-custom-fields.h"
#include "kt-import-guess.h"

static void
test_guess_english (void)
{
  const struct { const char *header, *target; } cases[] = {
    { "First Name", "first_name" },
    { "first_name", "first_name" },
    { "Surname", "last_name" },
    { "E-mail Address", "email" },
    { "E-mail 1 - Value", "email" },
    { "Mobile Phone", "mobile" },
    { "Business Phone", "phone" },
    { "Company", KT_IMPORT_TARGET_COMPANY_NAME },
    { "Organization 1 - Name", KT_IMPORT_TARGET_COMPANY_NAME },
    { "Name", KT_IMPORT_TARGET_FULL_NAME },
    { "ZIP", "postal_code" },
    { "Job Title", "job_title" },
    { "Favourite colour", NULL },
    { "", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    g_assert_cmpstr (kt_import_guess_target ("contact", cases[i].header), ==, cases[i].target);
}

static void
test_guess_bulgarian (void)
{
  const struct { const char *entity, *header, *target; } cases[] = {
    { "contact", "Име", "first_name" },
    { "contact", "ФАМИЛИЯ", "last_name" },
    { "contact", "Имейл", "email" },
    { "contact", "Е-мейл", "email" },
    { "contact", "Телефон", "phone" },
    { "contact", "Мобилен телефон", "mobile" },
    { "contact", "Фирма", KT_IMPORT_TARGET_COMPANY_NAME },
    { "contact", "Длъжност", "job_title" },
    { "contact", "Град", "city" },
    { "contact", "Бележки", "notes" },
    { "company", "Фирма", "name" },
    { "company", "Име", "name" },
    { "company", "ЕИК", "registration_number" },
    { "company", "ИН по ДДС", "vat_number" },
    { "company", "Брой служители", "employee_count" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    g_assert_cmpstr (kt_import_guess_target (cases[i].entity, cases[i].header), ==, cases[i].target);
}

static void
test_normalize (void)
{
  g_autofree char *a = kt_import_normalize_header ("  E-Mail_Address ");
  g_autofree char *b = kt_import_normalize_header ("Имейл адрес");

  g_assert_cmpstr (a, ==, "emailaddress");
  g_assert_cmpstr (b, ==, "имейладрес");
}

static void
test_key_from_label (void)
{
  const struct { const char *label, *key; } cases[] = {
    { "Favourite Drink", "favourite_drink" },
    { "Любимо питие", "lyubimo_pitie" },
    { "VAT %", "vat" },
    { "2nd phone", "nd_phone" },
    { "???", "field" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *key = kt_custom_field_key_from_label (cases[i].label);

      g_assert_cmpstr (key, ==, cases[i].key);
    }
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/io/guess/english", test_guess_english);
  g_test_add_func ("/io/guess/bulgarian", test_guess_bulgarian);
  g_test_add_func ("/io/guess/normalize", test_normalize);
  g_test_add_func ("/io/guess/key-from-label", test_key_from_label);

  return g_test_run ();
}
