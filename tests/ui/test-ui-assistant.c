/* test-ui-assistant.c: the Assistant pane against the real server
 *
 * A real kantora-server (tests/sync's harness) whose AI provider is
 * tests/server's stand-in speaking the OpenAI-compatible wire format
 * (configured through KANTORA_SERVER_CONFIG). The person opens a
 * contact, asks the Assistant about it with the contact as a chip, types
 * and sends with real keys; the answer's text appears while it streams,
 * is drawn as markdown and stored; Escape stops an endless answer, which
 * is stored as stopped, and the stand-in sees its connection close; a
 * 429 is said in words with the time to try again; offline (no session,
 * then a server that is gone) the pane says it needs a connection and
 * the question stays. Runs in English and Bulgarian, with screenshots,
 * and at 360 px.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "kt-ai-standin.h"
#include "kt-assistant-pane.h"
#include "kt-context-chip.h"
#include "kt-entities.h"
#include "kt-ui-sync-test.h"

static KtAiStandin *standin;
static char *config_path;

static KtAssistantPane *
show_assistant (KtSyncUiFixture *f)
{
  GtkWidget *pane;

  g_assert_true (kt_window_show_section (f->window, "assistant"));
  pane = kt_window_get_pane (f->window, "assistant");
  g_assert_true (KT_IS_ASSISTANT_PANE (pane));
  kt_ui_iterate (50);
  return KT_ASSISTANT_PANE (pane);
}

/* The question box: the pane's one editable text view. */
static GtkWidget *
find_editable_view (GtkWidget *root)
{
  if (GTK_IS_TEXT_VIEW (root) && gtk_text_view_get_editable (GTK_TEXT_VIEW (root)))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_editable_view (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static GtkWidget *
draft_view (KtAssistantPane *pane)
{
  GtkWidget *view = find_editable_view (GTK_WIDGET (pane));

  g_assert_nonnull (view);
  return view;
}

/* Types @text with real key presses into the question box. */
static void
type_text (GtkWidget  *view,
           const char *text)
{
  gtk_widget_grab_focus (view);
  for (const char *p = text; *p != '\0'; p++)
    {
      char key[16];

      /* Lower-case letters and spaces: no Shift needed. */
      if (*p == ' ')
        g_strlcpy (key, "space", sizeof key);
      else
        g_snprintf (key, sizeof key, "%c", *p);
      kt_ui_send_keys (view, key);
    }
  kt_ui_iterate (20);
}

static gboolean
not_busy (gpointer data)
{
  return !kt_assistant_pane_get_busy (KT_ASSISTANT_PANE (data));
}

static gboolean
has_status (gpointer data)
{
  return kt_assistant_pane_get_status (KT_ASSISTANT_PANE (data)) != NULL;
}

/* The answer streams: some of its text shows while more is coming. */
static gboolean
answer_partly_shown (gpointer data)
{
  KtAssistantPane *pane = data;
  KtAssistantMessage *last = kt_assistant_pane_get_last_message (pane);
  GtkTextBuffer *buffer;

  if (last == NULL || g_strcmp0 (kt_assistant_message_get_role (last), "assistant") != 0)
    return FALSE;
  buffer = gtk_text_view_get_buffer (kt_assistant_message_get_view (last));
  return gtk_text_buffer_get_char_count (buffer) > 0 && kt_assistant_pane_get_busy (pane);
}

static gboolean
standin_aborted (gpointer data)
{
  return kt_ai_standin_get_n_aborted (standin) >= GPOINTER_TO_UINT (data);
}

static char *
view_text (KtAssistantMessage *message)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (kt_assistant_message_get_view (message));
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static GPtrArray *
stored_messages (KtSyncUiFixture *f,
                 const char      *conversation_id)
{
  g_autoptr (KtQuery) query = kt_query_new (&kt_ai_message_entity);
  GPtrArray *rows;

  if (conversation_id != NULL)
    kt_query_add_filter (query, "conversation_id", conversation_id);
  kt_query_set_sort (query, "created_at", FALSE);
  rows = kt_store_query (kt_context_get_store (kt_window_get_context (f->window)), query, 0, 100, NULL);
  g_assert_nonnull (rows);
  return rows;
}

/* Whether any message the provider got holds @text. */
static gboolean
provider_got (const char *text)
{
  JsonObject *body = kt_ai_standin_get_last_body (standin);
  JsonArray *messages = json_object_get_array_member (body, "messages");

  for (guint i = 0; i < json_array_get_length (messages); i++)
    if (strstr (json_object_get_string_member (json_array_get_object_element (messages, i), "content"), text))
      return TRUE;
  return FALSE;
}

static void
test_stream (KtSyncUiFixture *f,
             gconstpointer    data)
{
  static const char * const pieces[] = {
    "## Иван ", "Петров\n\n", "He is a **client** ", "since 2024.\n\n",
    "- call him\n", "- send the `offer`\n", NULL
  };
  g_autoptr (KtRecord) contact = kt_record_new (&kt_contact_entity);
  g_autoptr (GPtrArray) stored = NULL;
  g_autofree char *shown = NULL;
  g_autofree char *draft = NULL;
  KtAssistantPane *pane;
  KtAssistantMessage *answer;
  KtContextChip *chip;
  GtkWidget *ask;
  GtkWidget *view;
  JsonNode *context;
  JsonArray *records;

  kt_sync_ui_start_app (f, FALSE);
  kt_sync_ui_register (f);

  kt_record_set_string (contact, "first_name", "Иван");
  kt_record_set_string (contact, "last_name", "Петров");
  kt_record_set_string (contact, "email", "ivan@example.bg");
  g_assert_true (kt_store_save (kt_context_get_store (kt_window_get_context (f->window)), contact, NULL));

  /* From the contact's page: Ask Assistant, by keyboard. */
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-record", "(ss)", "contact",
                              kt_record_get_id (contact));
  kt_ui_iterate (200);
  ask = kt_ui_find_actionable (kt_window_get_pane (f->window, "contacts"), "detail.ask-assistant");
  g_assert_nonnull (ask);
  gtk_widget_grab_focus (ask);
  kt_ui_send_keys (ask, "Return");
  kt_ui_iterate (100);

  pane = KT_ASSISTANT_PANE (kt_window_get_pane (f->window, "assistant"));
  g_assert_nonnull (pane);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (pane)));
  g_assert_cmpuint (kt_assistant_pane_get_chips (pane)->len, ==, 1);
  chip = g_ptr_array_index (kt_assistant_pane_get_chips (pane), 0);
  g_assert_nonnull (strstr (kt_context_chip_get_label (chip), "Иван Петров"));
  g_assert_nonnull (strstr (kt_context_chip_get_text (chip), "ivan@example.bg"));
  /* The popover shows exactly the text that will be sent. */
  g_assert_nonnull (kt_ui_find_label (GTK_WIDGET (chip), kt_context_chip_get_label (chip)));

  /* The keyboard is in the question box: type and send with Ctrl+Enter. */
  view = draft_view (pane);
  g_assert_true (gtk_widget_has_focus (view));
  kt_ai_standin_set_pieces (standin, 4, 40);
  kt_ai_standin_push_stream (standin, pieces, TRUE);
  type_text (view, "who is he");
  draft = kt_assistant_pane_dup_draft (pane);
  g_assert_cmpstr (draft, ==, "who is he");
  kt_sync_ui_screenshot (f, "assistant-chip");
  kt_ui_send_keys (view, "<Control>Return");

  g_assert_true (kt_sync_ui_wait_for (answer_partly_shown, pane, 30000));
  kt_sync_ui_screenshot (f, "assistant-streaming");
  g_assert_true (kt_sync_ui_wait_for (not_busy, pane, 30000));
  kt_ui_iterate (50);
  g_assert_null (kt_assistant_pane_get_status (pane));

  /* Markdown drawn: the heading's marks gone, the list's bullets there. */
  answer = kt_assistant_pane_get_last_message (pane);
  g_assert_cmpstr (kt_assistant_message_get_role (answer), ==, "assistant");
  g_assert_cmpstr (kt_assistant_message_get_text (answer), ==,
                   "## Иван Петров\n\nHe is a **client** since 2024.\n\n- call him\n- send the `offer`\n");
  shown = view_text (answer);
  g_assert_cmpstr (shown, ==, "Иван Петров\nHe is a client since 2024.\n• call him\n• send the offer");

  /* The provider got the question and the chip's text, nothing else. */
  g_assert_true (provider_got ("who is he"));
  g_assert_true (provider_got (kt_context_chip_get_text (chip)));

  /* Stored: the question with what it carried, then the answer. */
  stored = stored_messages (f, kt_assistant_pane_get_conversation_id (pane));
  g_assert_cmpuint (stored->len, ==, 2);
  g_assert_cmpstr (kt_record_get_string (g_ptr_array_index (stored, 0), "role"), ==, "user");
  g_assert_cmpstr (kt_record_get_string (g_ptr_array_index (stored, 0), "content"), ==, "who is he");
  context = kt_record_get_node (g_ptr_array_index (stored, 0), "context");
  g_assert_true (JSON_NODE_HOLDS_OBJECT (context));
  records = json_object_get_array_member (json_node_get_object (context), "records");
  g_assert_cmpuint (json_array_get_length (records), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (records, 0), "text"),
                   ==, kt_context_chip_get_text (chip));
  g_assert_cmpstr (kt_record_get_string (g_ptr_array_index (stored, 1), "content"), ==,
                   kt_assistant_message_get_text (answer));
  kt_sync_ui_screenshot (f, "assistant-answer");

  /* The chip can be removed before the next question. */
  gtk_widget_activate_action (GTK_WIDGET (pane), "assistant.remove-context", "s", kt_context_chip_get_key (chip));
  g_assert_cmpuint (kt_assistant_pane_get_chips (pane)->len, ==, 0);

  /* 360 px: everything still fits. */
  kt_ui_resize (GTK_WINDOW (f->window), 360, 720);
  kt_ui_assert_narrow (GTK_WINDOW (f->window));
  kt_sync_ui_screenshot (f, "assistant-narrow");
  kt_sync_ui_stop_app (f);
}

/* Presses the button of @message whose action is @action, by keyboard. */
static void
press_in_message (KtAssistantMessage *message,
                  const char         *action)
{
  GtkWidget *button = kt_ui_find_actionable (GTK_WIDGET (message), action);

  g_assert_nonnull (button);
  gtk_widget_grab_focus (button);
  kt_ui_send_keys (button, "Return");
}

static gint64
count_conversations (KtSyncUiFixture *f)
{
  g_autoptr (KtQuery) query = kt_query_new (&kt_ai_conversation_entity);

  return kt_store_count (kt_context_get_store (kt_window_get_context (f->window)), query, NULL);
}

/* Retry replaces the last answer; Edit brings a question back, and
 * sending replaces it and what followed; Copy copies the markdown;
 * Delete takes the conversation away and Undo brings it back. */
static void
test_retry_edit (KtSyncUiFixture *f,
                 gconstpointer    data)
{
  static const char * const first[] = { "First ", "answer", NULL };
  static const char * const second[] = { "Second ", "**answer**", NULL };
  static const char * const third[] = { "Third ", "answer", NULL };
  g_autoptr (GPtrArray) stored = NULL;
  g_autoptr (GPtrArray) edited = NULL;
  g_autofree char *draft = NULL;
  g_autofree char *conversation_id = NULL;
  g_auto (GValue) copied = G_VALUE_INIT;
  KtAssistantPane *pane;
  KtAssistantMessage *answer;
  GtkWidget *view;
  GdkContentProvider *content;

  kt_sync_ui_start_app (f, FALSE);
  kt_sync_ui_register (f);
  pane = show_assistant (f);
  view = draft_view (pane);
  kt_ai_standin_set_pieces (standin, 0, 0);

  kt_ai_standin_push_stream (standin, first, TRUE);
  type_text (view, "one");
  kt_ui_send_keys (view, "<Control>Return");
  g_assert_true (kt_sync_ui_wait_for (not_busy, pane, 30000));
  kt_ui_iterate (50);
  conversation_id = g_strdup (kt_assistant_pane_get_conversation_id (pane));

  /* Retry: a new answer in place of the last. */
  kt_ai_standin_push_stream (standin, second, TRUE);
  press_in_message (kt_assistant_pane_get_last_message (pane), "assistant.retry");
  g_assert_true (kt_sync_ui_wait_for (not_busy, pane, 30000));
  kt_ui_iterate (50);
  answer = kt_assistant_pane_get_last_message (pane);
  g_assert_cmpstr (kt_assistant_message_get_text (answer), ==, "Second **answer**");
  stored = stored_messages (f, conversation_id);
  g_assert_cmpuint (stored->len, ==, 2);
  g_assert_cmpstr (kt_record_get_string (g_ptr_array_index (stored, 1), "content"), ==, "Second **answer**");

  /* Copy: the answer's markdown, as written. */
  press_in_message (answer, "assistant.copy");
  kt_ui_iterate (50);
  content = gdk_clipboard_get_content (gtk_widget_get_clipboard (GTK_WIDGET (pane)));
  g_assert_nonnull (content);
  g_value_init (&copied, G_TYPE_STRING);
  g_assert_true (gdk_content_provider_get_value (content, &copied, NULL));
  g_assert_cmpstr (g_value_get_string (&copied), ==, "Second **answer**");

  /* Edit the question: it comes back; sending replaces it and its answer. */
  {
    GtkWidget *question = gtk_widget_get_first_child (gtk_widget_get_parent (GTK_WIDGET (answer)));

    press_in_message (KT_ASSISTANT_MESSAGE (question), "assistant.edit");
  }
  kt_ui_iterate (50);
  draft = kt_assistant_pane_dup_draft (pane);
  g_assert_cmpstr (draft, ==, "one");
  g_assert_true (gtk_widget_has_focus (view));
  kt_ui_send_keys (view, "<Control>End");
  type_text (view, " two");
  kt_ai_standin_push_stream (standin, third, TRUE);
  kt_ui_send_keys (view, "<Control>Return");
  g_assert_true (kt_sync_ui_wait_for (not_busy, pane, 30000));
  kt_ui_iterate (50);
  edited = stored_messages (f, conversation_id);
  g_assert_cmpuint (edited->len, ==, 2);
  g_assert_cmpstr (kt_record_get_string (g_ptr_array_index (edited, 0), "content"), ==, "one two");
  g_assert_cmpstr (kt_record_get_string (g_ptr_array_index (edited, 1), "content"), ==, "Third answer");
  g_assert_cmpint (count_conversations (f), ==, 1);

  /* Delete, by keyboard on its button; Undo brings it back. */
  {
    GtkWidget *delete = kt_ui_find_actionable (GTK_WIDGET (pane), "assistant.delete");

    g_assert_nonnull (delete);
    gtk_widget_grab_focus (delete);
    kt_ui_send_keys (delete, "Return");
    kt_ui_iterate (50);
  }
  g_assert_cmpint (count_conversations (f), ==, 0);
  g_assert_null (kt_assistant_pane_get_conversation_id (pane));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.undo", NULL));
  kt_ui_iterate (50);
  g_assert_cmpint (count_conversations (f), ==, 1);
  g_assert_cmpstr (kt_assistant_pane_get_conversation_id (pane), ==, conversation_id);
  g_assert_cmpstr (kt_assistant_message_get_text (kt_assistant_pane_get_last_message (pane)), ==, "Third answer");
  kt_sync_ui_stop_app (f);
}

static void
test_stop (KtSyncUiFixture *f,
           gconstpointer    data)
{
  g_autoptr (GPtrArray) stored = NULL;
  KtAssistantPane *pane;
  KtAssistantMessage *answer;
  JsonNode *context;
  GtkWidget *view;
  guint aborted = kt_ai_standin_get_n_aborted (standin);

  kt_sync_ui_start_app (f, FALSE);
  kt_sync_ui_register (f);
  pane = show_assistant (f);
  view = draft_view (pane);

  kt_ai_standin_set_pieces (standin, 0, 0);
  kt_ai_standin_push_endless (standin);
  type_text (view, "tell me more");
  kt_ui_send_keys (view, "<Control>Return");
  g_assert_true (kt_sync_ui_wait_for (answer_partly_shown, pane, 30000));

  /* Escape stops: the connection closes, and the server stops the
   * provider's request. */
  kt_ui_send_keys (view, "Escape");
  g_assert_true (kt_sync_ui_wait_for (not_busy, pane, 30000));
  g_assert_true (kt_sync_ui_wait_for (standin_aborted, GUINT_TO_POINTER (aborted + 1), 30000));
  g_assert_null (kt_assistant_pane_get_status (pane));

  answer = kt_assistant_pane_get_last_message (pane);
  g_assert_cmpstr (kt_assistant_message_get_role (answer), ==, "assistant");
  g_assert_cmpstr (kt_assistant_message_get_text (answer), !=, "");
  g_assert_nonnull (kt_ui_find_label (GTK_WIDGET (answer), _("Stopped")));

  stored = stored_messages (f, kt_assistant_pane_get_conversation_id (pane));
  g_assert_cmpuint (stored->len, ==, 2);
  context = kt_record_get_node (g_ptr_array_index (stored, 1), "context");
  g_assert_true (JSON_NODE_HOLDS_OBJECT (context));
  g_assert_true (json_object_get_boolean_member (json_node_get_object (context), "stopped"));
  g_assert_cmpstr (kt_record_get_string (g_ptr_array_index (stored, 1), "content"), ==,
                   kt_assistant_message_get_text (answer));
  kt_sync_ui_screenshot (f, "assistant-stopped");

  /* The window closes while an answer streams: the answer stops (the
   * request held the pane, so before the pane stopped it on leaving its
   * window the stream went on, with nobody to see it). */
  kt_ai_standin_push_endless (standin);
  type_text (view, "and more");
  kt_ui_send_keys (view, "<Control>Return");
  g_assert_true (kt_sync_ui_wait_for (answer_partly_shown, pane, 30000));
  kt_sync_ui_stop_app (f);
  g_assert_true (kt_sync_ui_wait_for (standin_aborted, GUINT_TO_POINTER (aborted + 2), 30000));
  kt_ui_iterate (100);
}

static void
test_rate_limited (KtSyncUiFixture *f,
                   gconstpointer    data)
{
  g_autoptr (GPtrArray) stored = NULL;
  g_auto (GStrv) parts = g_strsplit (_("The AI service is busy. Try again after %s."), "%s", 2);
  g_autofree char *draft = NULL;
  KtAssistantPane *pane;
  GtkWidget *view;

  kt_sync_ui_start_app (f, FALSE);
  kt_sync_ui_register (f);
  pane = show_assistant (f);
  view = draft_view (pane);

  kt_ai_standin_push_raw (standin, 429, "application/json",
                          "{\"error\": {\"message\": \"Too many requests\"}}", "120");
  type_text (view, "hello");
  kt_ui_send_keys (view, "<Control>Return");
  g_assert_true (kt_sync_ui_wait_for (has_status, pane, 30000));
  g_assert_true (kt_sync_ui_wait_for (not_busy, pane, 30000));

  /* In words, with the time; the question is back in its box. */
  g_assert_true (g_str_has_prefix (kt_assistant_pane_get_status (pane), parts[0]));
  g_assert_true (g_str_has_suffix (kt_assistant_pane_get_status (pane), parts[1]));
  draft = kt_assistant_pane_dup_draft (pane);
  g_assert_cmpstr (draft, ==, "hello");
  stored = stored_messages (f, NULL);
  g_assert_cmpuint (stored->len, ==, 0);
  kt_sync_ui_screenshot (f, "assistant-rate-limited");
  kt_sync_ui_stop_app (f);
}

static void
test_offline (KtSyncUiFixture *f,
              gconstpointer    data)
{
  g_autoptr (GPtrArray) stored = NULL;
  g_autofree char *draft = NULL;
  g_autofree char *draft2 = NULL;
  KtAssistantPane *pane;
  GtkWidget *view;
  guint requests = kt_ai_standin_get_n_requests (standin);

  /* Never signed in: nothing can leave this computer. */
  kt_sync_ui_start_app (f, FALSE);
  pane = show_assistant (f);
  view = draft_view (pane);
  type_text (view, "offline question");
  kt_ui_send_keys (view, "<Control>Return");
  kt_ui_iterate (100);
  g_assert_cmpstr (kt_assistant_pane_get_status (pane), ==,
                   _("The Assistant needs a connection to your Kantora server. Your question is kept: send it when you are online."));
  draft = kt_assistant_pane_dup_draft (pane);
  g_assert_cmpstr (draft, ==, "offline question");
  g_assert_false (kt_assistant_pane_get_busy (pane));
  kt_sync_ui_screenshot (f, "assistant-offline");

  /* Signed in, but the server is out of reach: the same words, and the
   * question comes back into its box. */
  kt_sync_ui_register (f);
  kt_sync_engine_set_server_url (kt_sync_ui_engine (f), "http://127.0.0.1:9");
  kt_assistant_pane_set_draft (pane, NULL);
  type_text (view, "still here");
  kt_ui_send_keys (view, "<Control>Return");
  g_assert_true (kt_sync_ui_wait_for (has_status, pane, 30000));
  g_assert_true (kt_sync_ui_wait_for (not_busy, pane, 30000));
  g_assert_cmpstr (kt_assistant_pane_get_status (pane), ==,
                   _("The Assistant needs a connection to your Kantora server. Your question is kept: send it when you are online."));
  draft2 = kt_assistant_pane_dup_draft (pane);
  g_assert_cmpstr (draft2, ==, "still here");
  g_assert_null (kt_assistant_pane_get_last_message (pane));

  stored = stored_messages (f, NULL);
  g_assert_cmpuint (stored->len, ==, 0);
  g_assert_cmpuint (kt_ai_standin_get_n_requests (standin), ==, requests);
  kt_sync_ui_stop_app (f);
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *config = NULL;
  int ret;

  /* The stand-in before the server, which reads its address at start. */
  standin = kt_ai_standin_new (FALSE);
  config = g_strdup_printf ("[ai]\nprovider=openai\nbase-url=%s\nmodel=local-model\n",
                            kt_ai_standin_get_base (standin));
  config_path = kt_sync_ui_write_server_config (config);
  kt_sync_ui_test_init (&argc, &argv);
  g_test_add ("/ui/assistant/stream", KtSyncUiFixture, NULL, kt_sync_ui_setup, test_stream, kt_sync_ui_teardown);
  g_test_add ("/ui/assistant/retry-edit", KtSyncUiFixture, NULL, kt_sync_ui_setup, test_retry_edit,
              kt_sync_ui_teardown);
  g_test_add ("/ui/assistant/stop", KtSyncUiFixture, NULL, kt_sync_ui_setup, test_stop, kt_sync_ui_teardown);
  g_test_add ("/ui/assistant/rate-limited", KtSyncUiFixture, NULL, kt_sync_ui_setup, test_rate_limited,
              kt_sync_ui_teardown);
  g_test_add ("/ui/assistant/offline", KtSyncUiFixture, NULL, kt_sync_ui_setup, test_offline, kt_sync_ui_teardown);
  ret = kt_sync_ui_test_finish (g_test_run ());
  g_unlink (config_path);
  g_free (config_path);
  kt_ai_standin_free (standin);
  return ret;
}
