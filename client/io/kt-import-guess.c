/* kt-import-guess.c: which field an imported column is, from its header
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-import-guess"

#include "config.h"

#include <glib/gi18n.h>

#include "kt-import-guess.h"

typedef struct {
  const char *target;
  const char *names;  /* '|'-separated header names, compared normalized */
} Synonyms;

/* Order matters where names overlap: the first entry that matches wins. */
static const Synonyms contact_synonyms[] = {
  { "first_name", "first name|firstname|given name|given|first|forename|"
                  "име|собствено име|малко име" },
  { "last_name", "last name|lastname|surname|family name|family|"
                 "фамилия|фамилно име" },
  { KT_IMPORT_TARGET_FULL_NAME, "name|full name|display name|contact|contact name|"
                                "име и фамилия|пълно име|лице за контакт|контакт|имена" },
  { "email", "email|e-mail|email address|e-mail address|mail|e-mail 1 - value|"
             "email 1 - value|primary email|work email|"
             "имейл|имейл адрес|е-мейл|емейл|ел. поща|електронна поща|e-mail адрес" },
  { "mobile", "mobile|mobile phone|cell|cell phone|cellular|gsm|"
              "мобилен|мобилен телефон|джиесем" },
  { "phone", "phone|telephone|tel|phone number|work phone|business phone|"
             "primary phone|phone 1 - value|телефон|тел|телефонен номер|служебен телефон" },
  { "job_title", "job title|title|position|role|job|"
                 "длъжност|позиция|роля" },
  { KT_IMPORT_TARGET_COMPANY_NAME, "company|company name|organization|organisation|"
                                   "organization 1 - name|employer|account|account name|"
                                   "фирма|компания|организация|работодател|име на фирма" },
  { "address", "address|street|street address|address 1 - street|business street|"
               "адрес|улица" },
  { "city", "city|town|address 1 - city|business city|град|населено място" },
  { "postal_code", "postal code|postcode|zip|zip code|address 1 - postal code|"
                   "business postal code|пощенски код|пк" },
  { "country", "country|country/region|address 1 - country|business country|"
               "държава|страна" },
  { "website", "website|web site|web|url|homepage|home page|"
               "website 1 - value|уебсайт|уеб сайт|сайт|интернет страница" },
  { "linkedin", "linkedin|linkedin url|линкедин" },
  { "twitter", "twitter|twitter url|туитър" },
  { "facebook", "facebook|facebook url|фейсбук" },
  { "birthday", "birthday|birth date|date of birth|рожден ден|дата на раждане" },
  { "source", "source|lead source|източник" },
  { "tags", "tags|labels|categories|group membership|етикети|тагове|категории|групи" },
  { "notes", "notes|note|comments|comment|description|"
             "бележки|бележка|коментар|коментари|описание" },
  { NULL, NULL }
};

static const Synonyms company_synonyms[] = {
  { "name", "name|company|company name|organization|organisation|account|account name|"
            "име|фирма|компания|организация|наименование|име на фирма|име на компания" },
  { "industry", "industry|sector|branch|бранш|индустрия|сектор|отрасъл" },
  { "size", "size|company size|размер|големина" },
  { "website", "website|web site|web|url|homepage|уебсайт|уеб сайт|сайт" },
  { "email", "email|e-mail|email address|mail|имейл|е-мейл|ел. поща|електронна поща" },
  { "phone", "phone|telephone|tel|phone number|телефон|тел" },
  { "address", "address|street|street address|адрес|улица|адрес на управление" },
  { "city", "city|town|град|населено място" },
  { "postal_code", "postal code|postcode|zip|zip code|пощенски код|пк" },
  { "country", "country|държава|страна" },
  { "vat_number", "vat|vat number|vat id|vat no|tax id|ддс номер|ин по ддс|ддс|"
                  "идентификационен номер по ддс|ддс №" },
  { "registration_number", "registration number|company number|reg no|eik|"
                           "еик|булстат|еик/булстат|ЕИК по булстат" },
  { "annual_revenue", "annual revenue|revenue|turnover|приходи|оборот|годишен оборот" },
  { "currency", "currency|валута" },
  { "employee_count", "employees|employee count|number of employees|headcount|"
                      "служители|брой служители|персонал" },
  { "tags", "tags|labels|categories|етикети|тагове|категории" },
  { "notes", "notes|note|comments|description|бележки|бележка|коментар|описание" },
  { NULL, NULL }
};

/* A bank's CSV export (kt-bank-csv.h), in English and as Bulgarian banks
 * name their columns. */
static const Synonyms payment_synonyms[] = {
  { "date", "date|booking date|value date|transaction date|posting date|"
            "дата|дата на операция|дата на осчетоводяване|дата на плащане|вальор|дата вальор" },
  { "amount", "amount|sum|value|transaction amount|сума|стойност|сума на операцията" },
  { "credit", "credit|credit amount|paid in|in|кредит|кредитен оборот|постъпления|приход" },
  { "debit", "debit|debit amount|paid out|out|дебит|дебитен оборот|плащания|разход" },
  { "direction", "debit/credit|credit/debit|d/c|c/d|dr/cr|cr/dr|type|"
                 "дебит/кредит|д/к|дт/кт|вид|тип|вид операция" },
  { "currency", "currency|ccy|валута" },
  { "reference", "reference|payment reference|invoice|invoice number|"
                 "референция на плащане|фактура|номер на фактура" },
  { "description", "description|details|remittance|remittance information|narrative|"
                   "purpose|payment details|memo|основание|описание|"
                   "основание за плащане|пояснение|детайли|допълнителни пояснения" },
  { "payer_name", "payer|payer name|counterparty|counterparty name|name|from|"
                  "наредител|име на наредител|контрагент|платец|от" },
  { "payer_iban", "payer iban|iban|counterparty iban|counterparty account|account|"
                  "iban на наредител|сметка на наредител|сметка|iban контрагент" },
  { "bank_reference", "bank reference|transaction id|transaction reference|reference number|"
                      "ref|id|референция|референция на банката|номер на операция|"
                      "номер на трансакция|идентификатор" },
  { NULL, NULL }
};

char *
kt_import_normalize_header (const char *header)
{
  g_autofree char *folded = NULL;
  GString *out;

  g_return_val_if_fail (header != NULL, NULL);

  folded = g_utf8_casefold (header, -1);
  out = g_string_new (NULL);
  for (const char *p = folded; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isalnum (c))
        g_string_append_unichar (out, c);
    }
  return g_string_free (out, FALSE);
}

/* @table as normalized header name -> target, built once: the first entry
 * that names a header wins, as the table's order says. Normalizing the
 * whole table for every column cost an import of a wide file (and the CSV
 * fuzzer) most of its time in the allocator. */
static GHashTable *
build_lookup (const Synonyms *table)
{
  GHashTable *lookup = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; table[i].target != NULL; i++)
    {
      g_auto(GStrv) names = g_strsplit (table[i].names, "|", -1);

      /* The field name itself ("first_name") always counts: that is what
       * our own export writes. */
      char *own = kt_import_normalize_header (table[i].target);

      if (!g_hash_table_contains (lookup, own))
        g_hash_table_insert (lookup, own, (gpointer) table[i].target);
      else
        g_free (own);

      for (guint j = 0; names[j] != NULL; j++)
        {
          char *candidate = kt_import_normalize_header (names[j]);

          if (!g_hash_table_contains (lookup, candidate))
            g_hash_table_insert (lookup, candidate, (gpointer) table[i].target);
          else
            g_free (candidate);
        }
    }
  return lookup;
}

/* Built on first use, kept for the life of the process. */
static GHashTable *contact_lookup, *company_lookup, *payment_lookup;

static const char *
match_synonyms (const Synonyms  *table,
                GHashTable     **lookup,
                const char      *normalized)
{
  if (g_once_init_enter (lookup))
    g_once_init_leave (lookup, build_lookup (table));
  return g_hash_table_lookup (*lookup, normalized);
}

const char *
kt_import_guess_target (const char *entity_name,
                        const char *header)
{
  g_autofree char *normalized = NULL;

  g_return_val_if_fail (entity_name != NULL, NULL);
  g_return_val_if_fail (header != NULL, NULL);

  normalized = kt_import_normalize_header (header);
  if (*normalized == '\0')
    return NULL;

  if (g_str_equal (entity_name, "contact"))
    return match_synonyms (contact_synonyms, &contact_lookup, normalized);
  if (g_str_equal (entity_name, "company"))
    return match_synonyms (company_synonyms, &company_lookup, normalized);
  if (g_str_equal (entity_name, "payment"))
    return match_synonyms (payment_synonyms, &payment_lookup, normalized);
  return NULL;
}
