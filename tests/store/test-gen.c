/* test-gen.c: the demo data is deterministic and valid
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>

#include "kt-gen.h"
#include "store-test-util.h"

static const char *entities[] = {
  "company", "contact", "pipeline", "stage", "deal", "task", "activity",
  "invoice", "invoice_item", "payment",
};

/* A hash over every record's id and field values (not the stamps the
 * store adds when it writes). */
static char *
data_hash (KtStore *store)
{
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);

  for (guint i = 0; i < G_N_ELEMENTS (entities); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(KtQuery) query = kt_query_new (kt_entity_lookup (entities[i]));
      g_autoptr(GPtrArray) rows = NULL;

      kt_query_set_sort (query, "id", FALSE);
      rows = kt_store_query (store, query, 0, 0, &error);
      g_assert_no_error (error);
      for (guint j = 0; j < rows->len; j++)
        {
          KtRecord *r = g_ptr_array_index (rows, j);
          g_autofree char *json = kt_record_to_json_string (r, KT_JSON_NO_META);

          g_checksum_update (sum, (const guchar *)kt_record_get_id (r), -1);
          g_checksum_update (sum, (const guchar *)json, -1);
        }
    }

  return g_strdup (g_checksum_get_string (sum));
}

static char *
generate (const char *dir,
          const char *name,
          guint64     seed,
          KtStore   **out_store)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (dir, name, NULL);
  KtGenParams params;
  KtStore *store;
  char *hash;

  kt_gen_params_init_demo (&params);
  params.seed = seed;
  params.now_ms = G_GINT64_CONSTANT (1764072000000);  /* 2025-11-25T12:00:00Z */

  store = kt_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_true (kt_gen_fill (store, &params, &error));
  g_assert_no_error (error);
  hash = data_hash (store);

  if (out_store != NULL)
    *out_store = store;
  else
    g_assert_finalize_object (store);
  return hash;
}

static void
test_deterministic (void)
{
  g_autofree char *dir = test_make_tmp_dir ();
  g_autofree char *a = generate (dir, "a.db", 42, NULL);
  g_autofree char *b = generate (dir, "b.db", 42, NULL);
  g_autofree char *c = generate (dir, "c.db", 43, NULL);

  g_assert_cmpstr (a, ==, b);
  g_assert_cmpstr (a, !=, c);
  test_remove_tree (dir);
}

static void
test_demo_contents (void)
{
  g_autofree char *dir = test_make_tmp_dir ();
  KtStore *store = NULL;
  g_autofree char *hash = generate (dir, "demo.db", 1, &store);
  g_autoptr(GError) error = NULL;
  g_autoptr(KtQuery) invoices = kt_query_new (KT_ENTITY_INVOICE);
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(KtQuery) sofia = kt_query_new (KT_ENTITY_CONTACT);

  g_assert_cmpint (test_count_rows (store, "SELECT count(*) FROM contacts"), ==, 300);
  g_assert_cmpint (test_count_rows (store, "SELECT count(*) FROM companies"), ==, 60);
  g_assert_cmpint (test_count_rows (store, "SELECT count(*) FROM deals"), ==, 120);
  g_assert_cmpint (test_count_rows (store, "SELECT count(*) FROM tasks"), ==, 200);
  g_assert_cmpint (test_count_rows (store, "SELECT count(*) FROM invoices"), ==, 80);
  g_assert_cmpint (test_count_rows (store, "SELECT count(*) FROM pipelines"), ==, 1);
  g_assert_cmpint (test_count_rows (store, "SELECT count(*) FROM stages"), >=, 3);
  g_assert_cmpint (test_count_rows (store, "SELECT count(*) FROM activities"), >, 300);
  g_assert_cmpint (test_count_rows (store, "SELECT count(DISTINCT stage_id) FROM deals"), >=, 3);
  g_assert_cmpint (test_count_rows (store, "SELECT count(*) FROM payments"), >, 0);
  /* Demo data is local: nothing waits to be pushed. */
  g_assert_cmpint (kt_store_outbox_count (store), ==, 0);
  /* Both languages. */
  g_assert_cmpint (test_count_rows (store, "SELECT count(*) FROM companies WHERE name LIKE '% ООД'"), >, 0);
  g_assert_cmpint (test_count_rows (store, "SELECT count(*) FROM companies WHERE name LIKE '% Ltd'"), >, 0);

  /* Every invoice's total is its items' (net + 20 % VAT, per document). */
  rows = kt_store_query (store, invoices, 0, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, 80);
  for (guint i = 0; i < rows->len; i++)
    {
      KtRecord *inv = g_ptr_array_index (rows, i);
      g_autoptr(KtQuery) items = kt_query_new (KT_ENTITY_INVOICE_ITEM);
      g_autoptr(GPtrArray) lines = NULL;
      KtDocumentTotals totals = { 0 };

      kt_query_add_filter (items, "invoice_id", kt_record_get_id (inv));
      lines = kt_store_query (store, items, 0, 0, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (lines->len, >=, 1);
      g_assert_true (kt_invoice_compute_totals (inv, lines, &totals, &error));
      g_assert_cmpint (kt_record_get_int (inv, "total"), ==, totals.total);
      g_assert_cmpint (kt_record_get_int (inv, "total"), >, 0);
      /* Every stored record passes validation. */
      g_assert_true (kt_record_validate (inv, &error));
      g_assert_no_error (error);
      kt_document_totals_clear (&totals);
    }

  kt_query_set_search (sofia, "ив");
  g_assert_cmpint (kt_store_count (store, sofia, &error), >, 0);

  g_assert_finalize_object (store);
  test_remove_tree (dir);
}

static GPtrArray *
all_of (KtStore    *store,
        const char *entity)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KtQuery) query = kt_query_new (kt_entity_lookup (entity));
  GPtrArray *rows = kt_store_query (store, query, 0, 0, &error);

  g_assert_no_error (error);
  return rows;
}

static gboolean
has_cyrillic (const char *text)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    if (g_unichar_get_script (g_utf8_get_char (p)) == G_UNICODE_SCRIPT_CYRILLIC)
      return TRUE;
  return FALSE;
}

static KtStore *
generate_in (const char *dir,
             KtGenLang   lang)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (dir, lang == KT_GEN_LANG_BG ? "bg.db" : "en.db", NULL);
  KtGenParams params;
  KtStore *store;

  kt_gen_params_init_demo (&params);
  params.lang = lang;
  params.now_ms = G_GINT64_CONSTANT (1764072000000);
  store = kt_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_true (kt_gen_fill (store, &params, &error));
  g_assert_no_error (error);
  return store;
}

/* The demo looks like one small business in the chosen language: an
 * English demo has no Cyrillic at all, a Bulgarian one Bulgarian tags;
 * a company's deals and invoices are in its currency, its industry is
 * an industry (not a deal's name), and a task's title says what its type
 * is. */
static void
test_demo_language (gconstpointer data)
{
  KtGenLang lang = GPOINTER_TO_INT (data);
  gboolean bg = lang == KT_GEN_LANG_BG;
  /* A word each title of a type has, in either language. */
  static const struct {
    const char *type;
    const char *en;
    const char *bg;
  } task_words[] = {
    { "todo", "Prepare", "Подготовка" },
    { "call", "Call", "Обаждане" },
    { "email", "Email", "Изпращане" },
    { "meeting", "Meet", "Среща" },
    { "follow_up", "Follow up", "Проследяване" },
    { "deadline", "due", "Краен срок" },
  };
  static const char * const tagged[] = { "company", "contact", "deal", NULL };
  g_autofree char *dir = test_make_tmp_dir ();
  KtStore *store = generate_in (dir, lang);
  g_autoptr(GHashTable) currencies = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) industries = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) companies = all_of (store, "company");
  g_autoptr(GPtrArray) deals = all_of (store, "deal");
  g_autoptr(GPtrArray) invoices = all_of (store, "invoice");
  g_autoptr(GPtrArray) tasks = all_of (store, "task");
  guint n_tagged = 0;
  guint n_with_contact = 0;

  /* Every text of every record. */
  for (guint i = 0; i < G_N_ELEMENTS (entities); i++)
    {
      g_autoptr(GPtrArray) rows = all_of (store, entities[i]);

      for (guint j = 0; j < rows->len; j++)
        {
          KtRecord *r = g_ptr_array_index (rows, j);
          g_autofree char *json = kt_record_to_json_string (r, KT_JSON_NO_META);

          if (!bg && has_cyrillic (json))
            g_error ("Cyrillic in the English demo: %s", json);
          if (!g_strv_contains (tagged, entities[i]))
            continue;
          for (const char * const *tag = kt_record_get_tags (r, "tags"); tag != NULL && *tag != NULL; tag++)
            {
              g_assert_true (has_cyrillic (*tag) == bg);
              n_tagged++;
            }
        }
    }
  g_assert_cmpuint (n_tagged, >, 50);

  for (guint i = 0; i < companies->len; i++)
    {
      KtRecord *c = g_ptr_array_index (companies, i);

      g_assert_cmpstr (kt_record_get_string (c, "currency"), ==, bg ? "EUR" : "GBP");
      g_hash_table_insert (currencies, (gpointer) kt_record_get_id (c),
                           (gpointer) kt_record_get_string (c, "currency"));
      g_hash_table_add (industries, (gpointer) kt_record_get_string (c, "industry"));
    }
  for (guint i = 0; i < deals->len; i++)
    {
      KtRecord *d = g_ptr_array_index (deals, i);
      const char *company = kt_record_get_string (d, "company_id");
      const char *title = kt_record_get_string (d, "title");
      const char *dash = strstr (title, " – ");
      g_autofree char *thing = g_strndup (title, dash != NULL ? (gsize) (dash - title) : strlen (title));

      if (company != NULL)
        g_assert_cmpstr (kt_record_get_string (d, "currency"), ==, g_hash_table_lookup (currencies, company));
      /* The deal's contact works at the deal's company. */
      if (company != NULL && kt_record_get_string (d, "contact_id") != NULL)
        {
          g_autoptr(KtRecord) contact = kt_store_get (store, KT_ENTITY_CONTACT,
                                                      kt_record_get_string (d, "contact_id"), NULL);

          g_assert_nonnull (contact);
          g_assert_cmpstr (kt_record_get_string (contact, "company_id"), ==, company);
          n_with_contact++;
        }
      /* "Website redesign – Northwind Ltd" is a deal, not an industry. */
      g_assert_false (g_hash_table_contains (industries, thing));
    }
  g_assert_cmpuint (n_with_contact, >, deals->len / 2);
  for (guint i = 0; i < invoices->len; i++)
    {
      KtRecord *inv = g_ptr_array_index (invoices, i);
      const char *company = kt_record_get_string (inv, "company_id");

      if (company != NULL)
        g_assert_cmpstr (kt_record_get_string (inv, "currency"), ==, g_hash_table_lookup (currencies, company));
      /* Only the server numbers a document, when it is issued. */
      if (g_strcmp0 (kt_record_get_string (inv, "status"), "draft") == 0)
        g_assert_false (kt_record_has (inv, "number"));
    }
  for (guint i = 0; i < tasks->len; i++)
    {
      KtRecord *t = g_ptr_array_index (tasks, i);
      const char *type = kt_record_get_string (t, "type");
      const char *title = kt_record_get_string (t, "title");
      gboolean matched = FALSE;

      for (guint w = 0; w < G_N_ELEMENTS (task_words); w++)
        if (g_str_equal (task_words[w].type, type))
          matched = strstr (title, bg ? task_words[w].bg : task_words[w].en) != NULL;
      if (!matched)
        g_error ("A task of type %s is titled “%s”", type, title);
    }

  g_assert_finalize_object (store);
  test_remove_tree (dir);
}

typedef struct
{
  guint    calls;
  guint64  last_done;
  guint64  total;
  gboolean monotonic;
} Progress;

static void
on_progress (guint64  done,
             guint64  total,
             gpointer user_data)
{
  Progress *progress = user_data;

  if (done < progress->last_done || (progress->calls > 0 && total != progress->total))
    progress->monotonic = FALSE;
  progress->calls++;
  progress->last_done = done;
  progress->total = total;
}

static void
test_progress (void)
{
  g_autofree char *dir = test_make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "progress.db", NULL);
  g_autofree char *plain = generate (dir, "plain.db", 7, NULL);
  g_autofree char *reported = NULL;
  g_autoptr(GError) error = NULL;
  Progress progress = { .monotonic = TRUE };
  KtGenParams params;
  KtStore *store;

  kt_gen_params_init_demo (&params);
  params.seed = 7;
  params.now_ms = G_GINT64_CONSTANT (1764072000000);
  g_assert_cmpuint (kt_gen_params_count (&params), ==, 60 + 300 + 120 + 200 + 400 + 80);

  store = kt_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_true (kt_gen_fill_with_progress (store, &params, on_progress, &progress, &error));
  g_assert_no_error (error);

  /* Steps a progress bar can show, forward only, ending at all of them. */
  g_assert_cmpuint (progress.calls, >=, 10);
  g_assert_true (progress.monotonic);
  g_assert_cmpuint (progress.total, ==, kt_gen_params_count (&params));
  g_assert_cmpuint (progress.last_done, ==, progress.total);

  /* Smaller transactions, the same records. */
  reported = data_hash (store);
  g_assert_cmpstr (reported, ==, plain);

  g_assert_finalize_object (store);
  test_remove_tree (dir);
}

static void
test_progress_nothing (void)
{
  g_autofree char *dir = test_make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "empty.db", NULL);
  g_autoptr(GError) error = NULL;
  Progress progress = { .monotonic = TRUE };
  KtGenParams params = { .seed = 1 };
  KtStore *store = kt_store_open (path, &error);

  g_assert_no_error (error);
  g_assert_true (kt_gen_fill_with_progress (store, &params, on_progress, &progress, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (progress.calls, ==, 1);
  g_assert_cmpuint (progress.last_done, ==, 0);
  g_assert_cmpuint (progress.total, ==, 0);

  g_assert_finalize_object (store);
  test_remove_tree (dir);
}

static void
test_lang (void)
{
  KtGenLang lang;
  g_autoptr(GError) error = NULL;

  g_assert_true (kt_gen_lang_from_string ("bg", &lang, &error));
  g_assert_cmpint (lang, ==, KT_GEN_LANG_BG);
  g_assert_false (kt_gen_lang_from_string ("fr", &lang, &error));
  g_assert_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/gen/deterministic", test_deterministic);
  g_test_add_func ("/gen/demo-contents", test_demo_contents);
  g_test_add_func ("/gen/lang", test_lang);
  g_test_add_data_func ("/gen/demo-english", GINT_TO_POINTER (KT_GEN_LANG_EN), test_demo_language);
  g_test_add_data_func ("/gen/demo-bulgarian", GINT_TO_POINTER (KT_GEN_LANG_BG), test_demo_language);
  g_test_add_func ("/gen/progress", test_progress);
  g_test_add_func ("/gen/progress-nothing", test_progress_nothing);

  return g_test_run ();
}
