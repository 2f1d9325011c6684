/* test-tmpl-vars.c: a document's template context and the variable
 * catalogue (shared/kt-tmpl-context.c, kt-tmpl-vars.c)
 *
 * The catalogue and the context must agree both ways: every value the
 * context holds is listed (so the palette offers it and the parser
 * accepts it), and every listed variable is in some document's context
 * (so the palette offers nothing that prints empty).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "kantora-shared.h"

static KtRecord *
new_document (const char *kind)
{
  gboolean offer = g_strcmp0 (kind, "offer") == 0;
  KtRecord *doc = kt_record_new (offer ? KT_ENTITY_OFFER : KT_ENTITY_INVOICE);

  kt_record_set_string (doc, "number", "0000000123");
  kt_record_set_string (doc, "issue_date", "2026-11-25");
  kt_record_set_string (doc, "client_name", "Примерна Търговия ЕООД");
  kt_record_set_string (doc, "client_address", "бул. „Витоша“ 100 <София>");
  kt_record_set_string (doc, "client_eik", "131468980");
  kt_record_set_string (doc, "client_vat", "BG131468980");
  kt_record_set_string (doc, "client_mol", "Мария Георгиева");
  kt_record_set_string (doc, "notes", "Благодарим!");
  if (offer)
    {
      kt_record_set_string (doc, "valid_until", "2026-12-09");
      return doc;
    }
  kt_record_set_string (doc, "kind", kind);
  kt_record_set_string (doc, "due_date", "2026-12-09");
  kt_record_set_string (doc, "supply_date", "2026-11-24");
  kt_record_set_string (doc, "supply_place", "София");
  kt_record_set_string (doc, "payment_url", "https://pay.example.com/i/123");
  kt_record_set_int (doc, "paid_amount", 1000);
  return doc;
}

static GPtrArray *
new_items (KtRecord *doc)
{
  gboolean offer = kt_record_get_entity (doc) == KT_ENTITY_OFFER;
  GPtrArray *items = g_ptr_array_new_with_free_func (g_object_unref);
  KtRecord *a = kt_record_new (offer ? KT_ENTITY_OFFER_ITEM : KT_ENTITY_INVOICE_ITEM);
  KtRecord *b = kt_record_new (offer ? KT_ENTITY_OFFER_ITEM : KT_ENTITY_INVOICE_ITEM);
  KtRecord *gone = kt_record_new (offer ? KT_ENTITY_OFFER_ITEM : KT_ENTITY_INVOICE_ITEM);

  /* Added out of order: the context sorts by position. */
  kt_record_set_int (b, "position", 7);
  kt_record_set_string (b, "description", "Консултация от разстояние");
  kt_record_set_int (b, "quantity", 1000);
  kt_record_set_int (b, "unit_price", 5000);
  kt_record_set_int (b, "vat_bps", 0);
  kt_record_set_string (b, "vat_exemption", "чл. 21, ал. 2 от ЗДДС");
  kt_record_set_int (a, "position", 3);
  kt_record_set_string (a, "description", "Обучение & <настройка>");
  kt_record_set_string (a, "unit", "ч");
  kt_record_set_int (a, "quantity", 1500);
  kt_record_set_int (a, "unit_price", 8000);
  kt_record_set_int (a, "discount_bps", 500);
  kt_record_set_int (a, "vat_bps", 2000);
  kt_record_set_int (gone, "position", 1);
  kt_record_set_string (gone, "description", "deleted");
  kt_record_set_int (gone, "quantity", 1000);
  kt_record_set_int (gone, "unit_price", 100);
  kt_record_set_deleted (gone, TRUE);
  g_ptr_array_add (items, b);
  g_ptr_array_add (items, gone);
  g_ptr_array_add (items, a);
  return items;
}

static JsonObject *
new_seller (void)
{
  JsonObject *org = json_object_new ();

  json_object_set_string_member (org, "name", "Кантора ООД");
  json_object_set_string_member (org, "address", "ул. „Граф Игнатиев“ 15");
  json_object_set_string_member (org, "city", "1000 София");
  json_object_set_string_member (org, "country", "България");
  json_object_set_string_member (org, "eik", "206123451");
  json_object_set_string_member (org, "vat_number", "BG206123451");
  json_object_set_string_member (org, "mol", "Иван Петров");
  json_object_set_string_member (org, "iban", "BG80BNBG96611020345678");
  json_object_set_string_member (org, "bic", "BNBGBGSF");
  json_object_set_string_member (org, "bank_name", "БНБ");
  json_object_set_string_member (org, "logo", "data:image/png;base64,AAAA");
  return org;
}

static JsonObject *
new_context (const char *kind,
             const char *lang)
{
  g_autoptr(KtRecord) doc = new_document (kind);
  g_autoptr(GPtrArray) items = new_items (doc);
  g_autoptr(JsonObject) seller = new_seller ();
  g_autoptr(KtRecord) credited = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *context;

  if (g_strcmp0 (kind, "credit_note") == 0)
    {
      credited = new_document ("invoice");
      kt_record_set_string (credited, "number", "0000000117");
      kt_record_set_string (credited, "issue_date", "2026-11-02");
    }
  context = kt_tmpl_context_new (doc, items, seller, credited, lang, &error);
  g_assert_no_error (error);
  g_assert_nonnull (context);
  return context;
}

/* Every key of @node under @prefix: groups and lists too, and the
 * members of a list's elements under the list's key. */
static void
collect_keys (JsonNode   *node,
              const char *prefix,
              GHashTable *keys)
{
  if (*prefix != '\0')
    g_hash_table_add (keys, g_strdup (prefix));

  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        collect_keys (json_array_get_element (array, i), prefix, keys);
    }
  else if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObjectIter iter;
      const char *member;
      JsonNode *child;

      json_object_iter_init (&iter, json_node_get_object (node));
      while (json_object_iter_next (&iter, &member, &child))
        {
          g_autofree char *key = *prefix != '\0' ? g_strconcat (prefix, ".", member, NULL)
                                                 : g_strdup (member);

          collect_keys (child, key, keys);
        }
    }
}

static void
test_catalogue_matches_context (void)
{
  const char *kinds[] = { "invoice", "credit_note", "offer" };
  g_autoptr(GHashTable) all = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      g_autoptr(JsonObject) context = new_context (kinds[i], NULL);
      g_autoptr(JsonNode) root = json_node_init_object (json_node_alloc (), context);
      g_autoptr(GHashTable) keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      GHashTableIter iter;
      gpointer key;

      collect_keys (root, "", keys);
      g_hash_table_iter_init (&iter, keys);
      while (g_hash_table_iter_next (&iter, &key, NULL))
        {
          if (kt_tmpl_variables_lookup (key) == NULL)
            g_error ("the %s context has “%s”, which the catalogue does not list", kinds[i],
                     (char *) key);
          g_hash_table_add (all, g_strdup (key));
        }
    }

  for (const KtTmplVariable *v = kt_tmpl_variables (); v->key != NULL; v++)
    if (!g_hash_table_contains (all, v->key))
      g_error ("the catalogue lists “%s”, which no document's context has", v->key);
}

static void
test_catalogue_records (void)
{
  guint n = 0;

  for (const KtTmplVariable *v = kt_tmpl_variables (); v->key != NULL; v++, n++)
    {
      g_autoptr(KtRecord) record = kt_tmpl_variable_to_record (v);
      g_autoptr(GError) error = NULL;

      g_assert_nonnull (v->description);
      g_assert_true (kt_tmpl_variables_lookup (v->key) == v);
      /* A leaf has an example; a group or a list has none. */
      if (v[1].key == NULL || !g_str_has_prefix (v[1].key, v->key) || v[1].key[strlen (v->key)] != '.')
        g_assert_nonnull (v->example);
      if (!kt_record_validate (record, &error))
        g_error ("“%s”: %s", v->key, error->message);
      g_assert_cmpstr (kt_record_get_string (record, "key"), ==, v->key);
      g_assert_cmpstr (kt_record_get_string (record, "description"), ==, v->description);
    }
  g_assert_cmpuint (n, >, 100);
  g_assert_null (kt_tmpl_variables_lookup ("invoice.numbr"));
}

static void
test_invoice_template (void)
{
  g_autoptr(JsonObject) bg = new_context ("invoice", NULL);
  g_autoptr(JsonObject) en = new_context ("invoice", "en");
  g_autoptr(GPtrArray) errors = NULL;
  g_autoptr(KtTmpl) tmpl =
    kt_tmpl_parse ("<b>{{#document.is_invoice}}ФАКТУРА{{/document.is_invoice}} № {{invoice.number}}</b>"
                   " от {{invoice.issue_date | date}}\n"
                   "{{client.name}}, {{client.address}}\n"
                   "{{#items}}{{@number}}. {{description}} {{quantity}} {{unit | default:\"бр.\"}}"
                   " × {{unit_price | number}}{{#discount_rate}} −{{.}}{{/discount_rate}}"
                   " ДДС {{vat_rate}} = {{net | money}}\n{{/items}}"
                   "{{#totals.vat}}{{rate}}: {{net | number}} / {{tax | number}}"
                   "{{#exemption}} ({{.}}){{/exemption}}\n{{/totals.vat}}"
                   "Общо: {{totals.total | money}}, платени {{totals.paid | money}},"
                   " дължими {{totals.due | money}}\n"
                   "{{organization.iban}}",
                   -1, kt_tmpl_variables (), &errors);
  g_autofree char *text = NULL;
  g_autofree char *text_en = NULL;

  g_assert_null (errors);
  text = kt_tmpl_render (tmpl, bg, NULL, &errors);
  g_assert_null (errors);
  g_assert_cmpstr (text, ==,
                   "<b>ФАКТУРА № 0000000123</b> от 25.11.2026 г.\n"
                   "Примерна Търговия ЕООД, бул. „Витоша“ 100 &lt;София&gt;\n"
                   "1. Обучение &amp; &lt;настройка&gt; 1,5 ч × 80,00 −5\u00a0% ДДС 20\u00a0% = 114,00\u00a0€\n"
                   "2. Консултация от разстояние 1 бр. × 50,00 ДДС 0\u00a0% = 50,00\u00a0€\n"
                   "0\u00a0%: 50,00 / 0,00 (чл. 21, ал. 2 от ЗДДС)\n"
                   "20\u00a0%: 114,00 / 22,80\n"
                   "Общо: 186,80\u00a0€, платени 10,00\u00a0€, дължими 176,80\u00a0€\n"
                   "BG80BNBG96611020345678");

  text_en = kt_tmpl_render (tmpl, en, NULL, &errors);
  g_assert_null (errors);
  g_assert_true (g_str_has_prefix (text_en, "<b>ФАКТУРА № 0000000123</b> от 25 November 2026\n"));
  g_assert_nonnull (strstr (text_en, "1. Обучение &amp; &lt;настройка&gt; 1.5 ч × 80.00 −5% ДДС 20% = €114.00\n"));
}

static void
test_context_kinds (void)
{
  g_autoptr(JsonObject) note = new_context ("credit_note", "bg");
  g_autoptr(JsonObject) offer = new_context ("offer", "en");
  g_autoptr(KtTmpl) tmpl =
    kt_tmpl_parse ("{{document.kind}}|{{#invoice}}I{{/invoice}}{{#credit_note}}C{{/credit_note}}"
                   "{{#offer}}O {{valid_until | date}}{{/offer}}|{{credited_invoice.number}}"
                   "|{{language}} {{currency}} {{totals.total | words}}",
                   -1, kt_tmpl_variables (), NULL);
  g_autofree char *note_text = kt_tmpl_render (tmpl, note, NULL, NULL);
  g_autofree char *offer_text = kt_tmpl_render (tmpl, offer, NULL, NULL);
  g_autofree char *words_bg = kt_money_in_words (18680, "EUR", "bg");
  g_autofree char *words_en = kt_money_in_words (18680, "EUR", "en");
  g_autofree char *expected_note = g_strdup_printf ("credit_note|IC|0000000117|bg EUR %s", words_bg);
  g_autofree char *expected_offer = g_strdup_printf ("offer|O 9 December 2026||en EUR %s", words_en);

  g_assert_cmpstr (note_text, ==, expected_note);
  g_assert_cmpstr (offer_text, ==, expected_offer);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/tmpl-vars/catalogue-matches-context", test_catalogue_matches_context);
  g_test_add_func ("/tmpl-vars/catalogue-records", test_catalogue_records);
  g_test_add_func ("/tmpl-vars/invoice-template", test_invoice_template);
  g_test_add_func ("/tmpl-vars/context-kinds", test_context_kinds);

  return g_test_run ();
}
