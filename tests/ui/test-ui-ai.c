/* test-ui-ai.c: the AI actions against a real server and an AI stand-in
 *
 * A real kantora-server (tests/sync's harness) configured, through
 * KANTORA_SERVER_CONFIG, with an OpenAI-compatible provider: the
 * stand-in of tests/server (kt-ai-standin.c), running on this test's
 * main loop and answering what each test queues. Suggested tasks are
 * applied and undone, dismissed; an answer that does not fit its schema
 * changes nothing; a smart search becomes a filter that finds the right
 * deals in the local store, and its value can be edited; the AI
 * settings are saved with a write-only key. Keyboard where a person
 * would type; screenshots in English and Bulgarian (ai-bg); every dialog
 * fits 360 px.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "kt-ai-actions.h"
#include "kt-ai-analysis-dialog.h"
#include "kt-ai-draft-dialog.h"
#include "kt-ai-filter.h"
#include "kt-ai-search-dialog.h"
#include "kt-ai-settings-window.h"
#include "kt-ai-standin.h"
#include "kt-ai-tasks-dialog.h"
#include "kt-pipelines.h"
#include "kt-record-detail.h"
#include "kt-ui-sync-test.h"

static KtAiStandin *standin;
static char *config_path;
static char *secret_path;

static void
screenshot (GtkWidget  *widget,
            const char *name)
{
  g_autofree char *full = g_strconcat (name, g_getenv ("KT_SCREENSHOT_SUFFIX") ?: "", NULL);

  g_free (kt_ui_screenshot (widget, full));
}

static KtStore *
app_store (KtSyncUiFixture *f)
{
  return kt_context_get_store (kt_window_get_context (f->window));
}

static void
start_signed_in (KtSyncUiFixture *f)
{
  g_autofree char *email = kt_sync_ui_new_email ();
  g_autoptr(GError) error = NULL;

  kt_sync_ui_start_app (f, FALSE);
  g_assert_true (kt_test_register (kt_sync_ui_engine (f), kt_sync_ui_server->url, email,
                                   KT_SYNC_UI_PASSWORD, &error));
  g_assert_no_error (error);
  kt_sync_ui_sync_now (f);
}

/* The stand-in answers a structured request with @json as the model's
 * text (whole, not streamed). */
static void
answer_with (const char *json)
{
  kt_ai_standin_push_text (standin, json);
}

static guint
count_of (KtStore        *store,
          const KtEntity *entity,
          const char     *field,
          const char     *value)
{
  g_autoptr(KtQuery) query = kt_query_new (entity);
  gint64 n;

  if (field != NULL)
    kt_query_add_filter (query, field, value);
  n = kt_store_count (store, query, NULL);
  g_assert_cmpint (n, >=, 0);
  return (guint) n;
}

static gboolean
stack_shows_result (gpointer data)
{
  GtkStack *stack = GTK_STACK (kt_ui_find_widget (GTK_WIDGET (data), GTK_TYPE_STACK));

  return g_strcmp0 (gtk_stack_get_visible_child_name (stack), "busy") != 0;
}

static const char *
stack_page (GtkWidget *dialog)
{
  return gtk_stack_get_visible_child_name (GTK_STACK (kt_ui_find_widget (dialog, GTK_TYPE_STACK)));
}

static char *
save_contact (KtStore    *store,
              const char *first,
              const char *last)
{
  g_autoptr(KtRecord) contact = kt_record_new (KT_ENTITY_CONTACT);
  g_autoptr(GError) error = NULL;

  kt_record_set_string (contact, "first_name", first);
  kt_record_set_string (contact, "last_name", last);
  kt_record_set_string (contact, "email", "ivan@example.bg");
  g_assert_true (kt_store_save (store, contact, &error));
  g_assert_no_error (error);
  return g_strdup (kt_record_get_id (contact));
}

/* Opens the contact's AI menu item "Suggest Tasks" and waits for the
 * answer. */
static GtkWidget *
suggest_tasks_for (KtSyncUiFixture *f,
                   const char      *contact_id)
{
  GtkWidget *pane;
  GtkWindow *dialog;

  g_assert_true (kt_window_show_section (f->window, "contacts"));
  pane = kt_window_get_pane (f->window, "contacts");
  kt_record_pane_show_record (KT_RECORD_PANE (pane), contact_id);
  kt_ui_iterate (100);
  /* The detail's AI menu, whose items are the pane's contacts.ai. */
  {
    GtkWidget *detail = kt_ui_find_widget (pane, KT_TYPE_RECORD_DETAIL);
    GtkWidget *menu = kt_ui_find_widget (detail, GTK_TYPE_MENU_BUTTON);

    g_assert_nonnull (menu);
    g_assert_cmpstr (gtk_menu_button_get_label (GTK_MENU_BUTTON (menu)), ==, _("_AI"));
    screenshot (GTK_WIDGET (f->window), "ai-contact-menu");
    g_assert_true (gtk_widget_activate_action (menu, "contacts.ai", "s", "suggest_tasks"));
  }
  dialog = kt_ui_wait_for_toplevel (KT_TYPE_AI_TASKS_DIALOG);
  g_assert_true (kt_sync_ui_wait_for (stack_shows_result, dialog, 30000));
  kt_ui_iterate (100);
  return GTK_WIDGET (dialog);
}

static GtkWidget *
row_titled (GtkWidget  *root,
            const char *title)
{
  GtkWidget *label = kt_ui_find_label (root, title);

  g_assert_nonnull (label);
  return gtk_widget_get_ancestor (label, ADW_TYPE_ACTION_ROW);
}

static KtRecord *
suggestion_titled (KtStore    *store,
                   const char *title)
{
  g_autoptr(KtQuery) query = kt_query_new (KT_ENTITY_AI_SUGGESTION);
  g_autoptr(GPtrArray) rows = NULL;

  kt_query_add_filter (query, "title", title);
  rows = kt_store_query (store, query, 0, 0, NULL);
  g_assert_nonnull (rows);
  g_assert_cmpuint (rows->len, ==, 1);
  return g_object_ref (g_ptr_array_index (rows, 0));
}

static void
assert_suggestion_status (KtStore    *store,
                          const char *title,
                          const char *status)
{
  g_autoptr(KtRecord) suggestion = suggestion_titled (store, title);

  g_assert_cmpstr (kt_record_get_string (suggestion, "status"), ==, status);
}

static void
test_suggest_apply_undo (KtSyncUiFixture *f,
                         gconstpointer    data)
{
  g_autofree char *contact_id = NULL;
  GtkWidget *dialog;
  GtkWidget *row;
  GtkWidget *undo;
  KtStore *store;
  g_autoptr(KtQuery) tasks = NULL;
  g_autoptr(GPtrArray) made = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *body;

  start_signed_in (f);
  store = app_store (f);
  contact_id = save_contact (store, "Иван", "Петров");
  answer_with ("{\"tasks\": ["
               "{\"title\": \"Call about the quote\", \"priority\": \"high\", \"due_in_days\": 2,"
               " \"reason\": \"The quote was sent a week ago\"},"
               "{\"title\": \"Send the catalogue\", \"priority\": \"low\", \"due_in_days\": 7,"
               " \"reason\": \"Asked for it on the phone\"}]}");
  dialog = suggest_tasks_for (f, contact_id);
  g_assert_cmpstr (stack_page (dialog), ==, "result");

  /* What was sent: the contact as the person sees it, and the action. */
  body = kt_ai_standin_get_last_body (standin);
  g_assert_nonnull (body);
  {
    g_autofree char *sent = json_to_string (json_object_get_member (body, "messages"), FALSE);

    g_assert_nonnull (strstr (sent, "Иван Петров"));
    g_assert_nonnull (strstr (sent, "ivan@example.bg"));
  }

  /* Both kept as pending suggestions about the contact, no task yet. */
  g_assert_cmpuint (count_of (store, KT_ENTITY_AI_SUGGESTION, "status", "pending"), ==, 2);
  g_assert_cmpuint (count_of (store, KT_ENTITY_TASK, NULL, NULL), ==, 0);
  {
    g_autoptr(KtRecord) s = suggestion_titled (store, "Call about the quote");

    g_assert_cmpstr (kt_record_get_string (s, "related_entity"), ==, "contact");
    g_assert_cmpstr (kt_record_get_string (s, "related_id"), ==, contact_id);
  }
  screenshot (dialog, "ai-tasks");

  /* Apply, by keyboard: the task is made, for the contact, high. */
  row = row_titled (dialog, "Call about the quote");
  gtk_widget_grab_focus (kt_ui_find_button (row, _("_Apply")));
  kt_ui_send_keys (kt_ui_find_button (row, _("_Apply")), "Return");
  kt_ui_iterate (200);
  tasks = kt_query_new (KT_ENTITY_TASK);
  made = kt_store_query (store, tasks, 0, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (made->len, ==, 1);
  g_assert_cmpstr (kt_record_get_string (g_ptr_array_index (made, 0), "title"), ==, "Call about the quote");
  g_assert_cmpstr (kt_record_get_string (g_ptr_array_index (made, 0), "priority"), ==, "high");
  g_assert_cmpstr (kt_record_get_string (g_ptr_array_index (made, 0), "contact_id"), ==, contact_id);
  assert_suggestion_status (store, "Call about the quote", "applied");
  g_assert_true (kt_ui_has_label (row, C_("suggestion", "Task created")));

  /* Undo: the task is gone and the suggestion pending again. */
  undo = kt_ui_find_button (dialog, _("_Undo"));
  g_assert_nonnull (undo);
  kt_ui_click (undo);
  kt_ui_iterate (200);
  g_assert_cmpuint (count_of (store, KT_ENTITY_TASK, NULL, NULL), ==, 0);
  assert_suggestion_status (store, "Call about the quote", "pending");
  g_assert_nonnull (kt_ui_find_button (row, _("_Apply")));

  /* Dismiss the other, and undo that too. */
  row = row_titled (dialog, "Send the catalogue");
  kt_ui_click (kt_ui_find_button (row, _("_Dismiss")));
  kt_ui_iterate (200);
  assert_suggestion_status (store, "Send the catalogue", "dismissed");
  g_assert_cmpuint (count_of (store, KT_ENTITY_TASK, NULL, NULL), ==, 0);
  kt_ui_click (kt_ui_find_button (dialog, _("_Undo")));
  kt_ui_iterate (200);
  assert_suggestion_status (store, "Send the catalogue", "pending");

  /* The suggestions sync like any record. */
  kt_sync_ui_sync_now (f);
  g_assert_cmpint (kt_store_outbox_count (store), ==, 0);
  g_assert_cmpuint (kt_sync_engine_get_rejections (kt_sync_ui_engine (f))->len, ==, 0);

  kt_ui_resize (GTK_WINDOW (dialog), 360, 640);
  kt_ui_assert_narrow (GTK_WINDOW (dialog));
  screenshot (dialog, "ai-tasks-narrow");
  gtk_window_destroy (GTK_WINDOW (dialog));
}

/* A model that twice answers something the schema refuses: the server
 * gives up (ai_invalid_output), the dialog says so, nothing is kept. */
static void
test_invalid_output (KtSyncUiFixture *f,
                     gconstpointer    data)
{
  g_autofree char *contact_id = NULL;
  GtkWidget *dialog;
  KtStore *store;

  start_signed_in (f);
  store = app_store (f);
  contact_id = save_contact (store, "Мария", "Георгиева");
  answer_with ("{\"tasks\": [{\"title\": \"Call\", \"priority\": \"asap\", \"due_in_days\": 1, \"reason\": \"\"}]}");
  answer_with ("{\"tasks\": [{\"title\": \"Call\", \"priority\": \"now\", \"due_in_days\": 1, \"reason\": \"\"}]}");
  dialog = suggest_tasks_for (f, contact_id);
  g_assert_cmpstr (stack_page (dialog), ==, "error");
  g_assert_true (kt_sync_ui_has_label_containing (dialog, _("The AI answered twice with something Kantora "
                                                            "cannot use, so nothing was changed. Please "
                                                            "try again or rephrase.")));
  g_assert_cmpuint (count_of (store, KT_ENTITY_AI_SUGGESTION, NULL, NULL), ==, 0);
  g_assert_cmpuint (count_of (store, KT_ENTITY_TASK, NULL, NULL), ==, 0);
  g_assert_nonnull (kt_ui_find_actionable (dialog, "ai.retry"));
  screenshot (dialog, "ai-invalid");
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static gboolean
search_done (gpointer data)
{
  return !kt_ai_search_dialog_get_busy (KT_AI_SEARCH_DIALOG (data)) &&
         g_strcmp0 (stack_page (GTK_WIDGET (data)), "busy") != 0;
}

static char *
save_deal (KtStore    *store,
           const char *title,
           gint64      value)
{
  g_autoptr(GPtrArray) pipelines = NULL;
  g_autoptr(GPtrArray) stages = NULL;
  g_autoptr(KtRecord) deal = kt_record_new (KT_ENTITY_DEAL);
  g_autoptr(KtQuery) query = kt_query_new (kt_entity_lookup ("pipeline"));
  g_autoptr(KtQuery) stage_query = kt_query_new (kt_entity_lookup ("stage"));
  g_autoptr(GError) error = NULL;

  pipelines = kt_store_query (store, query, 0, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pipelines->len, ==, 1);
  kt_query_add_filter (stage_query, "pipeline_id", kt_record_get_id (g_ptr_array_index (pipelines, 0)));
  stages = kt_store_query (store, stage_query, 0, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (stages->len, ==, 1);
  kt_record_apply_defaults (deal);
  kt_record_set_string (deal, "title", title);
  kt_record_set_string (deal, "pipeline_id", kt_record_get_id (g_ptr_array_index (pipelines, 0)));
  kt_record_set_string (deal, "stage_id", kt_record_get_id (g_ptr_array_index (stages, 0)));
  kt_record_set_int (deal, "value", value);
  kt_record_set_string (deal, "currency", "EUR");
  g_assert_true (kt_store_save (store, deal, &error));
  g_assert_no_error (error);
  return g_strdup (kt_record_get_id (deal));
}

static void
test_smart_search (KtSyncUiFixture *f,
                   gconstpointer    data)
{
  g_autofree char *small = NULL;
  g_autofree char *big = NULL;
  g_autofree char *bigger = NULL;
  KtAiSearchDialog *dialog;
  GPtrArray *found;
  GtkWidget *question;
  GtkWidget *value_row;
  g_autofree char *value_title = NULL;
  g_autofree char *refused = NULL;
  KtStore *store;

  start_signed_in (f);
  store = app_store (f);
  g_assert_true (kt_pipelines_ensure_default (store, NULL));
  small = save_deal (store, "Офис консумативи", 250000);
  big = save_deal (store, "Годишна поддръжка", 1500000);
  bigger = save_deal (store, "Нова централа", 4200000);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.ai", "s", "smart_search"));
  dialog = KT_AI_SEARCH_DIALOG (kt_ui_wait_for_toplevel (KT_TYPE_AI_SEARCH_DIALOG));

  /* Typed and sent with Enter, as a person does. */
  answer_with ("{\"entity\": \"deal\", \"sort\": \"-value\","
               " \"filters\": [{\"field\": \"value\", \"op\": \"gt\", \"value\": \"1000000\"}]}");
  question = kt_ui_find_row (GTK_WIDGET (dialog), _("Ask in your own words"));
  g_assert_nonnull (question);
  gtk_editable_set_text (GTK_EDITABLE (question), "deals over 10,000 €");
  gtk_widget_grab_focus (question);
  kt_ui_send_keys (question, "Return");
  g_assert_true (kt_sync_ui_wait_for (stack_shows_result, dialog, 30000));
  g_assert_true (kt_sync_ui_wait_for (search_done, dialog, 30000));
  kt_ui_iterate (200);

  /* The question went as the prompt; the model's filter is shown. */
  {
    g_autofree char *sent = json_to_string (json_object_get_member (kt_ai_standin_get_last_body (standin),
                                                                    "messages"), FALSE);

    g_assert_nonnull (strstr (sent, "deals over 10,000"));
  }
  found = kt_ai_search_dialog_get_found (dialog);
  g_assert_cmpuint (found->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (found, 0), ==, bigger);
  g_assert_cmpstr (g_ptr_array_index (found, 1), ==, big);
  g_assert_true (kt_ui_has_label (GTK_WIDGET (dialog), "Нова централа"));
  g_assert_false (kt_ui_has_label (GTK_WIDGET (dialog), "Офис консумативи"));
  screenshot (GTK_WIDGET (dialog), "ai-search");

  /* The person lowers the amount: in euros, as they read it. */
  value_title = g_strdup_printf (C_("filter", "%s %s"), _("Value"), C_("filter", "is more than"));
  value_row = kt_ui_find_row (GTK_WIDGET (dialog), value_title);
  g_assert_nonnull (value_row);
  g_assert_true (value_row != question);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (value_row)), ==, "10000");
  gtk_editable_set_text (GTK_EDITABLE (value_row), "2000");
  gtk_widget_grab_focus (value_row);
  kt_ui_send_keys (value_row, "Return");
  kt_ui_iterate (50);
  g_assert_true (kt_sync_ui_wait_for (search_done, dialog, 30000));
  g_assert_cmpuint (kt_ai_search_dialog_get_found (dialog)->len, ==, 3);

  /* A field deals do not have: refused with its name, nothing found. */
  answer_with ("{\"entity\": \"deal\", \"filters\": [{\"field\": \"city\", \"op\": \"eq\", \"value\": \"Sofia\"}]}");
  kt_ai_search_dialog_ask (dialog, "deals in Sofia");
  g_assert_true (kt_sync_ui_wait_for (search_done, dialog, 30000));
  kt_ui_iterate (200);
  g_assert_cmpuint (kt_ai_search_dialog_get_found (dialog)->len, ==, 0);
  refused = g_strdup_printf (_("“%s” is not something a search of %s can look at; remove that condition."),
                             "city", kt_ai_filter_entity_label (KT_ENTITY_DEAL));
  g_assert_true (kt_ui_has_label (GTK_WIDGET (dialog), refused));

  kt_ui_resize (GTK_WINDOW (dialog), 360, 640);
  kt_ui_assert_narrow (GTK_WINDOW (dialog));
  screenshot (GTK_WIDGET (dialog), "ai-search-refused");
  gtk_window_destroy (GTK_WINDOW (dialog));
}

/* A deal's email draft and analysis, from what the deal and its contact
 * hold. */
static void
test_draft_and_analysis (KtSyncUiFixture *f,
                         gconstpointer    data)
{
  g_autofree char *contact_id = NULL;
  g_autofree char *deal_id = NULL;
  g_autofree char *mailto = NULL;
  g_autofree char *body = NULL;
  g_autoptr(KtRecord) deal = NULL;
  KtContext *context;
  KtStore *store;
  GtkWidget *dialog;
  GtkWidget *detail;

  start_signed_in (f);
  context = kt_window_get_context (f->window);
  store = app_store (f);
  g_assert_true (kt_pipelines_ensure_default (store, NULL));
  contact_id = save_contact (store, "Иван", "Петров");
  deal_id = save_deal (store, "Годишна поддръжка", 1500000);
  deal = kt_store_get (store, KT_ENTITY_DEAL, deal_id, NULL);
  kt_record_set_string (deal, "contact_id", contact_id);
  g_assert_true (kt_store_save (store, deal, NULL));

  answer_with ("{\"subject\": \"Поддръжка за 2027 г.\", \"body\": \"Здравейте, г-н Петров,\\nпредлагаме…\"}");
  dialog = GTK_WIDGET (kt_ai_actions_open (GTK_WIDGET (f->window), context, "draft_email", deal));
  g_assert_true (kt_sync_ui_wait_for (stack_shows_result, dialog, 30000));
  kt_ui_iterate (100);
  g_assert_cmpstr (stack_page (dialog), ==, "result");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (kt_ui_find_row (dialog, _("Subject")))), ==,
                   "Поддръжка за 2027 г.");
  body = kt_ai_draft_dialog_dup_body (KT_AI_DRAFT_DIALOG (dialog));
  g_assert_cmpstr (body, ==, "Здравейте, г-н Петров,\nпредлагаме…");
  /* To the deal's contact, every part escaped. */
  mailto = kt_ai_draft_dialog_dup_mailto (KT_AI_DRAFT_DIALOG (dialog));
  g_assert_true (g_str_has_prefix (mailto, "mailto:ivan@example.bg?subject=%D0%9F"));
  g_assert_nonnull (strstr (mailto, "%0D%0A"));
  g_assert_nonnull (kt_ui_find_actionable (dialog, "ai.open-mail"));
  screenshot (dialog, "ai-draft");
  kt_ui_resize (GTK_WINDOW (dialog), 360, 640);
  kt_ui_assert_narrow (GTK_WINDOW (dialog));
  gtk_window_destroy (GTK_WINDOW (dialog));

  /* A text block for a template: the request is the prompt, the body
   * the block; no subject, no mail. */
  answer_with ("{\"subject\": \"Условия\", \"body\": \"Плащане до 14 дни от датата на фактурата.\"}");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.ai", "s", "text_block"));
  dialog = GTK_WIDGET (kt_ui_wait_for_toplevel (KT_TYPE_AI_DRAFT_DIALOG));
  g_assert_null (kt_ui_find_actionable (dialog, "ai.open-mail"));
  {
    GtkWidget *request = kt_ui_find_row (dialog, _("What should it say?"));
    g_autofree char *block = NULL;
    g_autofree char *sent = NULL;

    g_assert_nonnull (request);
    gtk_editable_set_text (GTK_EDITABLE (request), "payment terms, 14 days");
    gtk_widget_grab_focus (request);
    kt_ui_send_keys (request, "Return");
    g_assert_true (kt_sync_ui_wait_for (stack_shows_result, dialog, 30000));
    kt_ui_iterate (100);
    block = kt_ai_draft_dialog_dup_body (KT_AI_DRAFT_DIALOG (dialog));
    g_assert_cmpstr (block, ==, "Плащане до 14 дни от датата на фактурата.");
    sent = json_to_string (json_object_get_member (kt_ai_standin_get_last_body (standin), "messages"), FALSE);
    g_assert_nonnull (strstr (sent, "payment terms, 14 days"));
  }
  screenshot (dialog, "ai-text-block");
  /* No studio in this window: Insert copies the block instead. */
  kt_ui_click (kt_ui_find_button (dialog, _("_Insert into Template")));
  kt_ui_iterate (100);
  g_assert_true (kt_sync_ui_has_label_containing (dialog, _("There is no template open to insert into: "
                                                            "the text is copied instead.")));
  kt_ui_resize (GTK_WINDOW (dialog), 360, 640);
  kt_ui_assert_narrow (GTK_WINDOW (dialog));
  gtk_window_destroy (GTK_WINDOW (dialog));

  answer_with ("{\"health\": \"at_risk\", \"win_probability_bps\": 4000,"
               " \"risks\": [{\"text\": \"No answer to the quote\", \"facts\": [\"Stage: Proposal\"]}],"
               " \"next_steps\": [\"Call Ivan Petrov\"], \"facts_used\": [\"Value: 15000.00\"]}");
  /* This one from the deal's own AI menu, as a person gets there. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-record", "(ss)", "deal", deal_id));
  detail = kt_ui_wait_for_deal_detail (kt_window_get_pane (f->window, "deals"));
  g_assert_cmpstr (gtk_menu_button_get_label (GTK_MENU_BUTTON (kt_ui_find_widget (detail, GTK_TYPE_MENU_BUTTON))),
                   ==, _("_AI"));
  g_assert_true (gtk_widget_activate_action (detail, "deal.ai", "s", "analyse_deal"));
  dialog = GTK_WIDGET (kt_ui_wait_for_toplevel (KT_TYPE_AI_ANALYSIS_DIALOG));
  g_assert_true (kt_sync_ui_wait_for (stack_shows_result, dialog, 30000));
  kt_ui_iterate (100);
  g_assert_true (kt_ui_has_label (dialog, C_("deal health", "At risk")));
  g_assert_true (kt_ui_has_label (dialog, "40 %"));
  g_assert_true (kt_ui_has_label (dialog, "No answer to the quote"));
  g_assert_true (kt_ui_has_label (dialog, "Stage: Proposal"));
  g_assert_true (kt_ui_has_label (dialog, "Call Ivan Petrov"));
  g_assert_true (kt_ui_has_label (dialog, "Value: 15000.00"));
  {
    g_autofree char *sent = json_to_string (json_object_get_member (kt_ai_standin_get_last_body (standin),
                                                                    "messages"), FALSE);

    /* The deal and the contact it points at. */
    g_assert_nonnull (strstr (sent, "Годишна поддръжка"));
    g_assert_nonnull (strstr (sent, "Иван Петров"));
  }
  screenshot (dialog, "ai-analysis");
  kt_ui_resize (GTK_WINDOW (dialog), 360, 640);
  kt_ui_assert_narrow (GTK_WINDOW (dialog));
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static gboolean
settings_loaded (gpointer data)
{
  return g_strcmp0 (kt_ai_settings_window_get_page (KT_AI_SETTINGS_WINDOW (data)), "busy") != 0;
}

static void
test_settings (KtSyncUiFixture *f,
               gconstpointer    data)
{
  g_autofree char *token = NULL;
  g_autofree char *url = g_strconcat (kt_sync_ui_server->url, "/v1/ai/settings", NULL);
  g_autoptr(JsonNode) answer = NULL;
  KtAiSettingsWindow *window;
  GtkWidget *row;
  guint status = 0;

  start_signed_in (f);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.ai", "s", "settings"));
  window = KT_AI_SETTINGS_WINDOW (kt_ui_wait_for_toplevel (KT_TYPE_AI_SETTINGS_WINDOW));
  g_assert_true (kt_sync_ui_wait_for (settings_loaded, window, 30000));
  g_assert_cmpstr (kt_ai_settings_window_get_page (window), ==, "settings");
  g_assert_true (kt_sync_ui_has_label_containing (GTK_WIDGET (window), _("The server’s provider")));
  screenshot (GTK_WIDGET (window), "ai-settings");

  /* The organization's own model, with a key. */
  row = kt_ui_find_widget (GTK_WIDGET (window), ADW_TYPE_COMBO_ROW);
  adw_combo_row_set_selected (ADW_COMBO_ROW (row), 1);
  gtk_editable_set_text (GTK_EDITABLE (kt_ui_find_row (GTK_WIDGET (window),
                                                       _("Server address (empty: the provider's own)"))),
                         kt_ai_standin_get_base (standin));
  gtk_editable_set_text (GTK_EDITABLE (kt_ui_find_row (GTK_WIDGET (window), _("Model (empty: the default)"))),
                         "llama-3.1-8b");
  kt_ui_click (kt_ui_find_button (GTK_WIDGET (window), _("_Replace")));
  kt_ui_iterate (100);
  gtk_editable_set_text (GTK_EDITABLE (kt_ui_find_row (GTK_WIDGET (window), _("New key"))), "sk-secret-1");
  kt_ui_send_keys (GTK_WIDGET (window), "<Control>s");
  kt_ui_iterate (50);
  g_assert_true (kt_sync_ui_wait_for (settings_loaded, window, 30000));
  g_assert_cmpstr (kt_ai_settings_window_get_page (window), ==, "settings");
  g_assert_true (kt_sync_ui_has_label_containing (GTK_WIDGET (window), _("A key is stored")));
  g_assert_true (kt_sync_ui_has_label_containing (GTK_WIDGET (window), _("Your organization’s own provider")));
  /* The key is never shown again, not even in the field. */
  g_assert_false (kt_sync_ui_has_label_containing (GTK_WIDGET (window), "sk-secret-1"));

  token = kt_sync_ui_token (f);
  answer = kt_test_http ("GET", url, token, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (answer), "provider"), ==, "openai");
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (answer), "model"), ==, "llama-3.1-8b");
  g_assert_true (json_object_get_boolean_member (json_node_get_object (answer), "has_key"));
  screenshot (GTK_WIDGET (window), "ai-settings-own");

  /* Remove the key. */
  kt_ui_click (kt_ui_find_button (GTK_WIDGET (window), _("Re_move")));
  kt_ui_send_keys (GTK_WIDGET (window), "<Control>s");
  kt_ui_iterate (50);
  g_assert_true (kt_sync_ui_wait_for (settings_loaded, window, 30000));
  g_assert_true (kt_sync_ui_has_label_containing (GTK_WIDGET (window), _("No key is stored")));

  kt_ui_resize (GTK_WINDOW (window), 360, 640);
  kt_ui_assert_narrow (GTK_WINDOW (window));
  gtk_window_destroy (GTK_WINDOW (window));
}

/* A User: GET /v1/ai/settings is refused, so the window says who can
 * change them, and shows no settings. */
static void
test_settings_member (KtSyncUiFixture *f,
                      gconstpointer    data)
{
  g_autofree char *owner_email = kt_sync_ui_new_email ();
  g_autofree char *member_email = kt_sync_ui_new_email ();
  g_autoptr(KtStore) owner_store = NULL;
  g_autoptr(KtSyncEngine) owner_engine = NULL;
  g_autofree char *owner_token = kt_sync_ui_register_elsewhere (owner_email, &owner_store, &owner_engine);
  g_autofree char *member_id = kt_sync_ui_add_member (owner_token, member_email, "user");
  g_autoptr(GError) error = NULL;
  KtAiSettingsWindow *window;

  kt_sync_ui_start_app (f, FALSE);
  g_assert_true (kt_test_login (kt_sync_ui_engine (f), kt_sync_ui_server->url, member_email,
                                KT_SYNC_UI_PASSWORD, &error));
  g_assert_no_error (error);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.ai", "s", "settings"));
  window = KT_AI_SETTINGS_WINDOW (kt_ui_wait_for_toplevel (KT_TYPE_AI_SETTINGS_WINDOW));
  g_assert_true (kt_sync_ui_wait_for (settings_loaded, window, 30000));
  g_assert_cmpstr (kt_ai_settings_window_get_page (window), ==, "error");
  g_assert_true (kt_ui_has_label (GTK_WIDGET (window), _("Only Owners and Admins can change the AI settings.")));
  g_assert_null (kt_ui_find_button (GTK_WIDGET (window), _("_Save")));
  screenshot (GTK_WIDGET (window), "ai-settings-member");
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *config = NULL;
  int fd;
  int ret;

  /* The stand-in before the server, which reads its address at start. */
  standin = kt_ai_standin_new (FALSE);
  fd = g_file_open_tmp ("kantora-ai-secret-XXXXXX", &secret_path, &error);
  g_assert_no_error (error);
  close (fd);
  g_chmod (secret_path, 0600);
  g_assert_true (g_file_set_contents (secret_path,
                                      "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff\n",
                                      -1, &error));
  config = g_strdup_printf ("[ai]\nprovider=openai\nbase-url=%s\nmodel=local-model\nsecret-key-file=%s\n"
                            "connect-timeout-seconds=10\n",
                            kt_ai_standin_get_base (standin), secret_path);
  fd = g_file_open_tmp ("kantora-ai-XXXXXX.conf", &config_path, &error);
  g_assert_no_error (error);
  close (fd);
  g_chmod (config_path, 0600);
  g_assert_true (g_file_set_contents (config_path, config, -1, &error));
  g_setenv ("KANTORA_SERVER_CONFIG", config_path, TRUE);

  kt_sync_ui_test_init (&argc, &argv);
  g_test_add ("/ui/ai/suggest-apply-undo", KtSyncUiFixture, NULL, kt_sync_ui_setup, test_suggest_apply_undo,
              kt_sync_ui_teardown);
  g_test_add ("/ui/ai/invalid-output", KtSyncUiFixture, NULL, kt_sync_ui_setup, test_invalid_output,
              kt_sync_ui_teardown);
  g_test_add ("/ui/ai/smart-search", KtSyncUiFixture, NULL, kt_sync_ui_setup, test_smart_search,
              kt_sync_ui_teardown);
  g_test_add ("/ui/ai/draft-and-analysis", KtSyncUiFixture, NULL, kt_sync_ui_setup, test_draft_and_analysis,
              kt_sync_ui_teardown);
  g_test_add ("/ui/ai/settings", KtSyncUiFixture, NULL, kt_sync_ui_setup, test_settings, kt_sync_ui_teardown);
  g_test_add ("/ui/ai/settings-member", KtSyncUiFixture, NULL, kt_sync_ui_setup, test_settings_member,
              kt_sync_ui_teardown);
  ret = kt_sync_ui_test_finish (g_test_run ());
  g_unlink (config_path);
  g_unlink (secret_path);
  g_free (config_path);
  g_free (secret_path);
  kt_ai_standin_free (standin);
  return ret;
}
