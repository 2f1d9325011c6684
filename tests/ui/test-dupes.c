/* test-dupes.c: duplicate contacts, found while typing, listed and merged
 *
 * Issue 18's UI, driven as a person does, with real keys and clicks:
 * typing the email of a stored contact into New Contact shows "This
 * looks like …" (the lookup runs in a worker thread), whose Open shows
 * the stored contact; Ctrl+Shift+D lists a seeded pair, Not a Duplicate
 * is remembered; Merge… opens the side-by-side dialog, picked by
 * keyboard, which moves the loser's deal to the survivor, and the
 * toast's Undo puts it back. Screenshots at 1280 and 360 px (again in
 * Bulgarian as ui-dupes-bg).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "kt-duplicate-banner.h"
#include "kt-duplicate-pair-item.h"
#include "kt-duplicates-window.h"
#include "kt-merge-dialog.h"
#include "kt-pipelines.h"
#include "kt-record-form.h"
#include "kt-record-pane.h"
#include "kt-ui-test.h"

#define IVAN_ID "01900000-0000-7000-8000-00000000c001"
#define IVAN_BG_ID "01900000-0000-7000-8000-00000000c002"
#define MARIA_ID "01900000-0000-7000-8000-00000000c003"
#define DEAL_ID "01900000-0000-7000-8000-00000000d001"

static void
save_contact (KtStore    *store,
              const char *id,
              const char *first,
              const char *last,
              const char *email,
              const char *job_title)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KtRecord) contact = kt_record_new_with_id (KT_ENTITY_CONTACT, id);

  kt_record_set_string (contact, "first_name", first);
  kt_record_set_string (contact, "last_name", last);
  if (email != NULL)
    kt_record_set_string (contact, "email", email);
  if (job_title != NULL)
    kt_record_set_string (contact, "job_title", job_title);
  g_assert_true (kt_store_save (store, contact, &error));
  g_assert_no_error (error);
}

/* Ivan Petrov, and later the same person typed in Cyrillic with his
 * email in capitals and a deal; Maria is no one's duplicate. */
static void
fill_pair (KtStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) pipelines = NULL;
  g_autoptr(GPtrArray) stages = NULL;
  g_autoptr(KtRecord) deal = kt_record_new_with_id (KT_ENTITY_DEAL, DEAL_ID);
  KtRecord *stage;

  save_contact (store, IVAN_ID, "Ivan", "Petrov", "ivan.petrov@example.bg", NULL);
  save_contact (store, IVAN_BG_ID, "Иван", "Петров", "Ivan.Petrov@Example.bg", "Управител");
  save_contact (store, MARIA_ID, "Maria", "Georgieva", "maria@example.bg", NULL);

  g_assert_true (kt_pipelines_ensure_default (store, &error));
  pipelines = kt_pipelines_load (store, &error);
  stages = kt_pipelines_load_stages (store, kt_record_get_id (kt_pipelines_pick_default (pipelines)), &error);
  g_assert_no_error (error);
  stage = g_ptr_array_index (stages, 0);
  kt_record_set_string (deal, "title", "Support contract");
  kt_record_set_string (deal, "pipeline_id", kt_record_get_string (stage, "pipeline_id"));
  kt_record_set_string (deal, "stage_id", kt_record_get_id (stage));
  kt_record_set_string (deal, "status", "open");
  kt_record_set_int (deal, "value", 100000);
  kt_record_set_string (deal, "currency", "EUR");
  kt_record_set_int (deal, "position", 1024);
  kt_record_set_string (deal, "contact_id", IVAN_BG_ID);
  g_assert_true (kt_store_save (store, deal, &error));
  g_assert_no_error (error);
}

static void
fill_one (KtStore *store)
{
  save_contact (store, IVAN_ID, "Ivan", "Petrov", "ivan.petrov@example.bg", NULL);
  save_contact (store, MARIA_ID, "Maria", "Georgieva", "maria@example.bg", NULL);
}

#define BALKAN_ID "01900000-0000-7000-8000-00000000b001"

static void
fill_company (KtStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KtRecord) company = kt_record_new_with_id (KT_ENTITY_COMPANY, BALKAN_ID);

  kt_record_set_string (company, "name", "Балкан Софт ООД");
  kt_record_set_string (company, "vat_number", "BG121100421");
  g_assert_true (kt_store_save (store, company, &error));
  g_assert_no_error (error);
}

static void
screenshot (GtkWidget  *widget,
            const char *name)
{
  g_autofree char *full = g_strconcat (name, g_getenv ("KT_SCREENSHOT_SUFFIX") ?: "", NULL);
  g_autofree char *path = kt_ui_screenshot (widget, full);

  g_test_message ("screenshot: %s", path);
}

static KtRecordPane *
contacts_pane (KtUiFixture *fixture)
{
  g_assert_true (kt_window_show_section (fixture->window, "contacts"));
  kt_ui_iterate (50);
  return KT_RECORD_PANE (kt_window_get_pane (fixture->window, "contacts"));
}

/* Types @text into the focused widget of @widget's window, a key each. */
static void
type_text (GtkWidget  *widget,
           const char *text)
{
  for (const char *c = text; *c != '\0'; c++)
    {
      g_autofree char *accel = NULL;

      if (*c == '@')
        accel = g_strdup ("<Shift>2");
      else if (*c == '.')
        accel = g_strdup ("period");
      else if (g_ascii_isupper (*c))
        accel = g_strdup_printf ("<Shift>%c", g_ascii_tolower (*c));
      else
        accel = g_strndup (c, 1);
      kt_ui_send_keys (widget, accel);
    }
}

/* Waits for the banner's lookup (a worker thread) to end; the deadline
 * only guards against a hang. */
static void
wait_for_banner (KtDuplicateBanner *banner)
{
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  while (kt_duplicate_banner_is_busy (banner) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (kt_duplicate_banner_is_busy (banner));
  /* The revealer slides down. */
  kt_ui_iterate (400);
}

static void
wait_for_pairs (KtDuplicatesWindow *window)
{
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  while (kt_duplicates_window_is_loading (window) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (kt_duplicates_window_is_loading (window));
  kt_ui_iterate (100);
}

static void
test_banner_on_typed_email (KtUiFixture   *fixture,
                            gconstpointer  data)
{
  KtRecordPane *pane = contacts_pane (fixture);
  g_autofree char *expected = NULL;
  g_autofree char *reasons = NULL;
  g_autoptr(KtRecord) shown = NULL;
  KtDuplicateBanner *banner;
  GtkWidget *email_row;
  KtRecordForm *form;

  kt_ui_send_keys (GTK_WIDGET (fixture->window), "<Control>n");
  form = KT_RECORD_FORM (kt_ui_wait_for_toplevel (KT_TYPE_RECORD_FORM));
  banner = KT_DUPLICATE_BANNER (kt_record_form_get_duplicate_banner (form));
  g_assert_nonnull (banner);

  /* Nothing typed: no banner (the first lookup builds the index). */
  wait_for_banner (banner);
  g_assert_null (kt_duplicate_banner_get_duplicate_id (banner));

  /* A first name alone that is no one's: still none. */
  type_text (GTK_WIDGET (form), "boris");
  wait_for_banner (banner);
  g_assert_null (kt_duplicate_banner_get_duplicate_id (banner));

  /* Ivan's email, in another case, typed key by key. */
  email_row = kt_form_get_row (KT_FORM (form), "email");
  kt_ui_click (email_row);
  type_text (GTK_WIDGET (form), "Ivan.Petrov@example.bg");
  wait_for_banner (banner);
  g_assert_cmpstr (kt_duplicate_banner_get_duplicate_id (banner), ==, IVAN_ID);
  reasons = kt_duplicate_reasons_text (KT_DUPLICATE_EMAIL);
  expected = g_strdup_printf (_("This looks like %s (%s)"), "Ivan Petrov", reasons);
  g_assert_true (kt_ui_has_label (GTK_WIDGET (form), expected));
  screenshot (GTK_WIDGET (form), "dupes-banner");

  /* At 360 px the banner wraps and nothing asks for more. */
  kt_ui_resize (GTK_WINDOW (form), 360, 640);
  kt_ui_assert_narrow (GTK_WINDOW (form));
  g_assert_true (kt_ui_has_label (GTK_WIDGET (form), expected));
  screenshot (GTK_WIDGET (form), "dupes-banner-360");

  /* Open shows the stored contact instead, and the form goes. */
  kt_ui_click (kt_ui_find_button (GTK_WIDGET (form), _("_Open")));
  kt_ui_iterate (500);
  g_assert_null (kt_ui_find_toplevel (KT_TYPE_RECORD_FORM));
  g_assert_true (kt_ui_record_detail_shown (GTK_WIDGET (pane)));
  shown = kt_record_pane_dup_single_selected (pane);
  g_assert_nonnull (shown);
  g_assert_cmpstr (kt_record_get_id (shown), ==, IVAN_ID);
}

/* A company is found by its EIK, typed without the VAT number's BG
 * prefix and under another name. */
static void
test_company_banner_on_eik (KtUiFixture   *fixture,
                            gconstpointer  data)
{
  g_autofree char *expected = NULL;
  g_autofree char *reasons = NULL;
  KtDuplicateBanner *banner;
  KtRecordForm *form;

  g_assert_true (kt_window_show_section (fixture->window, "companies"));
  kt_ui_iterate (50);
  kt_ui_send_keys (GTK_WIDGET (fixture->window), "<Control>n");
  form = KT_RECORD_FORM (kt_ui_wait_for_toplevel (KT_TYPE_RECORD_FORM));
  banner = KT_DUPLICATE_BANNER (kt_record_form_get_duplicate_banner (form));
  type_text (GTK_WIDGET (form), "Zagora");
  kt_ui_click (kt_form_get_row (KT_FORM (form), "registration_number"));
  type_text (GTK_WIDGET (form), "121100421");
  wait_for_banner (banner);
  g_assert_cmpstr (kt_duplicate_banner_get_duplicate_id (banner), ==, BALKAN_ID);
  reasons = kt_duplicate_reasons_text (KT_DUPLICATE_COMPANY_ID);
  expected = g_strdup_printf (_("This looks like %s (%s)"), "Балкан Софт ООД", reasons);
  g_assert_true (kt_ui_has_label (GTK_WIDGET (form), expected));
  gtk_window_destroy (GTK_WINDOW (form));
}

/* Merge… in the form saves what was typed and opens the merge dialog
 * with the stored record as the survivor. */
static void
test_banner_merge (KtUiFixture   *fixture,
                   gconstpointer  data)
{
  KtStore *store = kt_context_get_store (kt_application_get_context (fixture->app));
  KtDuplicateBanner *banner;
  KtMergeDialog *dialog;
  KtRecordForm *form;
  GtkWidget *ours;

  contacts_pane (fixture);
  kt_ui_send_keys (GTK_WIDGET (fixture->window), "<Control>n");
  form = KT_RECORD_FORM (kt_ui_wait_for_toplevel (KT_TYPE_RECORD_FORM));
  banner = KT_DUPLICATE_BANNER (kt_record_form_get_duplicate_banner (form));
  type_text (GTK_WIDGET (form), "Ivan");
  kt_ui_click (kt_form_get_row (KT_FORM (form), "email"));
  type_text (GTK_WIDGET (form), "ivan.petrov@example.bg");
  wait_for_banner (banner);
  g_assert_cmpstr (kt_duplicate_banner_get_duplicate_id (banner), ==, IVAN_ID);

  kt_ui_click (kt_ui_find_button (GTK_WIDGET (form), _("_Merge…")));
  dialog = KT_MERGE_DIALOG (kt_ui_wait_for_toplevel (KT_TYPE_MERGE_DIALOG));
  g_assert_null (kt_ui_find_toplevel (KT_TYPE_RECORD_FORM));
  /* Ivan has a last name, the new record none: his is kept. */
  ours = kt_merge_dialog_get_choice (dialog, "last_name", FALSE);
  g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (ours)));
  g_assert_null (kt_merge_dialog_get_choice (dialog, "first_name", FALSE));
  kt_ui_send_keys (GTK_WIDGET (dialog), "<Control>Return");
  kt_ui_iterate (300);
  g_assert_null (kt_ui_find_toplevel (KT_TYPE_MERGE_DIALOG));
  {
    g_autoptr(KtQuery) query = kt_query_new (KT_ENTITY_CONTACT);

    /* Ivan and Maria, and no second Ivan. */
    g_assert_cmpint (kt_store_count (store, query, NULL), ==, 2);
  }
}

/* Editing a record does not find the record itself; its duplicate shows
 * as soon as the form opens. */
static void
test_banner_when_editing (KtUiFixture   *fixture,
                          gconstpointer  data)
{
  KtRecordPane *pane = contacts_pane (fixture);
  KtStore *store = kt_context_get_store (kt_application_get_context (fixture->app));
  g_autoptr(KtRecord) maria = kt_store_get (store, KT_ENTITY_CONTACT, MARIA_ID, NULL);
  g_autoptr(KtRecord) ivan = kt_store_get (store, KT_ENTITY_CONTACT, IVAN_ID, NULL);
  KtDuplicateBanner *banner;
  GtkWindow *form;

  form = kt_record_pane_open_form (pane, maria);
  banner = KT_DUPLICATE_BANNER (kt_record_form_get_duplicate_banner (KT_RECORD_FORM (form)));
  wait_for_banner (banner);
  g_assert_null (kt_duplicate_banner_get_duplicate_id (banner));
  gtk_window_destroy (form);

  form = kt_record_pane_open_form (pane, ivan);
  banner = KT_DUPLICATE_BANNER (kt_record_form_get_duplicate_banner (KT_RECORD_FORM (form)));
  wait_for_banner (banner);
  g_assert_cmpstr (kt_duplicate_banner_get_duplicate_id (banner), ==, IVAN_BG_ID);
  gtk_window_destroy (form);
}

static KtDuplicatesWindow *
open_duplicates (KtUiFixture  *fixture,
                 KtRecordPane *pane)
{
  KtDuplicatesWindow *window;

  /* The shortcut, with the keyboard in the pane's search entry. */
  kt_ui_click (kt_ui_find_widget (GTK_WIDGET (pane), GTK_TYPE_SEARCH_ENTRY));
  kt_ui_send_keys (GTK_WIDGET (fixture->window), "<Control><Shift>d");
  window = KT_DUPLICATES_WINDOW (kt_ui_wait_for_toplevel (KT_TYPE_DUPLICATES_WINDOW));
  wait_for_pairs (window);
  return window;
}

static void
test_view_lists_pair (KtUiFixture   *fixture,
                      gconstpointer  data)
{
  KtRecordPane *pane = contacts_pane (fixture);
  KtDuplicatesWindow *window = open_duplicates (fixture, pane);
  GListModel *pairs = kt_duplicates_window_get_pairs (window);
  g_autoptr(KtDuplicatePairItem) item = NULL;
  g_autofree char *both = NULL;
  const KtDuplicatePair *pair;

  g_assert_cmpuint (g_list_model_get_n_items (pairs), ==, 1);
  item = g_list_model_get_item (pairs, 0);
  pair = kt_duplicate_pair_item_get_pair (item);
  g_assert_cmpstr (pair->id_a, ==, IVAN_ID);
  g_assert_cmpstr (pair->id_b, ==, IVAN_BG_ID);
  /* The email in capitals and the Cyrillic spelling both count. */
  g_assert_cmpint (pair->reasons, ==, KT_DUPLICATE_EMAIL | KT_DUPLICATE_NAME);
  both = g_strdup_printf (_("%s and %s"), "Ivan Petrov", "Иван Петров");
  g_assert_true (kt_ui_has_label (GTK_WIDGET (window), both));
  screenshot (GTK_WIDGET (window), "dupes-window");
  kt_ui_resize (GTK_WINDOW (window), 360, 600);
  kt_ui_assert_narrow (GTK_WINDOW (window));
  screenshot (GTK_WIDGET (window), "dupes-window-360");

  /* The keyboard reaches a row's buttons: Tab from the header. */
  {
    GtkWidget *focus = NULL;

    for (guint i = 0; i < 8; i++)
      {
        kt_ui_send_keys (GTK_WIDGET (window), "Tab");
        kt_ui_iterate (20);
        focus = gtk_root_get_focus (GTK_ROOT (window));
        if (GTK_IS_BUTTON (focus) &&
            g_strcmp0 (gtk_button_get_label (GTK_BUTTON (focus)), _("_Merge…")) == 0)
          break;
      }
    g_assert_true (GTK_IS_BUTTON (focus));
    g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (focus)), ==, _("_Merge…"));
  }

  /* Not a Duplicate: gone, and still gone the next time. */
  kt_ui_click (kt_ui_find_button (GTK_WIDGET (window), _("_Not a Duplicate")));
  kt_ui_iterate (100);
  g_assert_cmpuint (g_list_model_get_n_items (pairs), ==, 0);
  g_assert_true (kt_ui_has_label (GTK_WIDGET (window), _("No Duplicates Found")));
  kt_ui_send_keys (GTK_WIDGET (window), "Escape");
  kt_ui_iterate (100);
  g_assert_null (kt_ui_find_toplevel (KT_TYPE_DUPLICATES_WINDOW));

  window = open_duplicates (fixture, pane);
  g_assert_cmpuint (g_list_model_get_n_items (kt_duplicates_window_get_pairs (window)), ==, 0);
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_merge_moves_deal_and_undo (KtUiFixture   *fixture,
                                gconstpointer  data)
{
  KtRecordPane *pane = contacts_pane (fixture);
  KtStore *store = kt_context_get_store (kt_application_get_context (fixture->app));
  KtDuplicatesWindow *window;
  KtMergeDialog *dialog;
  GtkWidget *ours, *theirs;
  g_autoptr(KtRecord) survivor = NULL;
  g_autoptr(KtRecord) deal = NULL;
  g_autoptr(KtRecord) loser = NULL;
  g_autoptr(GError) error = NULL;

  /* The toolbar's button this time. */
  kt_ui_click (kt_ui_find_button (GTK_WIDGET (pane), _("Find Duplicates (Ctrl+Shift+D)")));
  window = KT_DUPLICATES_WINDOW (kt_ui_wait_for_toplevel (KT_TYPE_DUPLICATES_WINDOW));
  wait_for_pairs (window);
  g_assert_cmpuint (g_list_model_get_n_items (kt_duplicates_window_get_pairs (window)), ==, 1);

  kt_ui_click (kt_ui_find_button (GTK_WIDGET (window), _("_Merge…")));
  dialog = KT_MERGE_DIALOG (kt_ui_wait_for_toplevel (KT_TYPE_MERGE_DIALOG));

  /* The newer spelling is picked; equal values are no choice. */
  ours = kt_merge_dialog_get_choice (dialog, "first_name", FALSE);
  theirs = kt_merge_dialog_get_choice (dialog, "first_name", TRUE);
  g_assert_nonnull (ours);
  g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (theirs)));
  g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (
    kt_merge_dialog_get_choice (dialog, "job_title", TRUE))));
  screenshot (GTK_WIDGET (dialog), "dupes-merge");
  kt_ui_resize (GTK_WINDOW (dialog), 360, 640);
  kt_ui_assert_narrow (GTK_WINDOW (dialog));
  screenshot (GTK_WIDGET (dialog), "dupes-merge-360");

  /* By keyboard: it starts on the survivor's first name; Space keeps
   * "Ivan", Ctrl+Enter merges. */
  g_assert_true (gtk_root_get_focus (GTK_ROOT (dialog)) == ours);
  kt_ui_send_keys (GTK_WIDGET (dialog), "space");
  kt_ui_iterate (50);
  g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (ours)));
  kt_ui_send_keys (GTK_WIDGET (dialog), "<Control>Return");
  kt_ui_iterate (300);
  g_assert_null (kt_ui_find_toplevel (KT_TYPE_MERGE_DIALOG));

  survivor = kt_store_get (store, KT_ENTITY_CONTACT, IVAN_ID, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (kt_record_get_string (survivor, "first_name"), ==, "Ivan");
  g_assert_cmpstr (kt_record_get_string (survivor, "job_title"), ==, "Управител");
  deal = kt_store_get (store, KT_ENTITY_DEAL, DEAL_ID, &error);
  g_assert_cmpstr (kt_record_get_string (deal, "contact_id"), ==, IVAN_ID);
  loser = kt_store_get (store, KT_ENTITY_CONTACT, IVAN_BG_ID, NULL);
  g_assert_null (loser);
  g_clear_object (&deal);

  /* The list follows: the pair is gone. */
  wait_for_pairs (window);
  kt_ui_iterate (300);
  wait_for_pairs (window);
  g_assert_cmpuint (g_list_model_get_n_items (kt_duplicates_window_get_pairs (window)), ==, 0);
  screenshot (GTK_WIDGET (window), "dupes-merged-toast");

  /* Undo in the toast puts the deal and the loser back. */
  kt_ui_click (kt_ui_find_button (GTK_WIDGET (window), _("_Undo")));
  kt_ui_iterate (100);
  deal = kt_store_get (store, KT_ENTITY_DEAL, DEAL_ID, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (kt_record_get_string (deal, "contact_id"), ==, IVAN_BG_ID);
  loser = kt_store_get (store, KT_ENTITY_CONTACT, IVAN_BG_ID, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (kt_record_get_string (loser, "first_name"), ==, "Иван");
  g_clear_object (&survivor);
  survivor = kt_store_get (store, KT_ENTITY_CONTACT, IVAN_ID, &error);
  g_assert_null (kt_record_get_string (survivor, "job_title"));

  /* And the pair is listed again. */
  kt_ui_iterate (300);
  wait_for_pairs (window);
  g_assert_cmpuint (g_list_model_get_n_items (kt_duplicates_window_get_pairs (window)), ==, 1);
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  kt_ui_test_init (&argc, &argv);

  g_test_add ("/ui/dupes/banner-on-typed-email", KtUiFixture, fill_one,
              kt_ui_fixture_setup, test_banner_on_typed_email, kt_ui_fixture_teardown);
  g_test_add ("/ui/dupes/company-banner-on-eik", KtUiFixture, fill_company,
              kt_ui_fixture_setup, test_company_banner_on_eik, kt_ui_fixture_teardown);
  g_test_add ("/ui/dupes/banner-merge", KtUiFixture, fill_one,
              kt_ui_fixture_setup, test_banner_merge, kt_ui_fixture_teardown);
  g_test_add ("/ui/dupes/banner-when-editing", KtUiFixture, fill_pair,
              kt_ui_fixture_setup, test_banner_when_editing, kt_ui_fixture_teardown);
  g_test_add ("/ui/dupes/view-lists-pair", KtUiFixture, fill_pair,
              kt_ui_fixture_setup, test_view_lists_pair, kt_ui_fixture_teardown);
  g_test_add ("/ui/dupes/merge-moves-deal-and-undo", KtUiFixture, fill_pair,
              kt_ui_fixture_setup, test_merge_moves_deal_and_undo, kt_ui_fixture_teardown);

  return g_test_run ();
}
