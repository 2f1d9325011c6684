/* test-ui-studio.c: the template studio, typed into as a person does
 *
 * Every key is a real X key event (kt_ui_send_keys): a new template by
 * Ctrl+N, text typed into the code editor and seen in the preview's PDF
 * (poppler reads the rendered page's text), an error typed and shown
 * inline with the last good preview kept, the palette searched and
 * clicked, Ctrl+S, the question about unsaved changes, and the pane at
 * 360 px. Runs again in Bulgarian (ui-studio-bg) for its screenshots.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "kt-document-template.h"
#include "kt-studio-editor.h"
#include "kt-studio-palette.h"
#include "kt-studio-pane.h"
#include "kt-studio-preview.h"
#include "kt-ui-test.h"

static const char *
suffix (void)
{
  const char *s = g_getenv ("KT_SCREENSHOT_SUFFIX");

  return s != NULL ? s : "";
}

static KtStudioPane *
open_studio (KtUiFixture *fixture)
{
  GtkWidget *pane;

  g_assert_true (kt_window_show_section (fixture->window, "templates"));
  pane = kt_window_get_pane (fixture->window, "templates");
  g_assert_true (KT_IS_STUDIO_PANE (pane));
  kt_ui_wait_for_frame (GTK_WIDGET (fixture->window));
  return KT_STUDIO_PANE (pane);
}

static KtStudioEditor *
pane_editor (KtStudioPane *pane)
{
  return KT_STUDIO_EDITOR (kt_studio_pane_get_editor (pane));
}

static KtStudioPreview *
pane_preview (KtStudioPane *pane)
{
  return KT_STUDIO_PREVIEW (kt_studio_editor_get_preview (pane_editor (pane)));
}

/* Runs the main loop until the preview finished a rendering after
 * @serial (at most 20 s: a guard against hanging, not a timing). */
static void
wait_for_rendering (KtStudioPreview *preview,
                    guint            serial)
{
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  while (kt_studio_preview_get_serial (preview) <= serial && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (kt_studio_preview_get_serial (preview), >, serial);
}

/* Types @text with real key presses into the focused widget of @widget's
 * window: letters, digits, spaces and the template's punctuation. */
static void
type_text (GtkWidget  *widget,
           const char *text)
{
  for (const char *p = text; *p; p = g_utf8_next_char (p))
    {
      gunichar ch = g_utf8_get_char (p);
      guint keyval = gdk_unicode_to_keyval (ch);
      gboolean shift = g_unichar_isupper (ch) || strchr ("{}_|:\"!@#$%^&*()+~<>?", (int) ch) != NULL;
      g_autofree char *accel = NULL;

      if (ch == ' ')
        accel = g_strdup ("space");
      else
        accel = g_strdup_printf ("%s%s", shift ? "<Shift>" : "", gdk_keyval_name (gdk_keyval_to_lower (keyval)));
      if (shift && ch != '_' && !g_unichar_isalpha (ch))
        {
          g_free (accel);
          accel = g_strdup_printf ("<Shift>%s", gdk_keyval_name (keyval));
        }
      kt_ui_send_keys (widget, accel);
    }
  kt_ui_iterate (10);
}

static char *
buffer_text (KtStudioEditor *editor)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (kt_studio_editor_get_view (editor)));
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

/* A new template by Ctrl+N, rendered once, the keyboard in its text. */
static KtStudioPane *
new_template (KtUiFixture *fixture)
{
  KtStudioPane *pane = open_studio (fixture);
  KtStudioEditor *editor = pane_editor (pane);
  KtStudioPreview *preview = pane_preview (pane);
  guint serial = kt_studio_preview_get_serial (preview);
  g_autoptr(KtRecord) record = NULL;

  kt_ui_send_keys (GTK_WIDGET (fixture->window), "<Control>n");
  kt_ui_iterate (50);
  record = kt_studio_editor_get_template (editor);
  g_assert_nonnull (record);
  wait_for_rendering (preview, serial);
  g_assert_cmpuint (kt_studio_preview_get_n_pages (preview), >=, 1);

  /* The built-in body goes: the tests type their own. */
  kt_ui_click (GTK_WIDGET (kt_studio_editor_get_view (editor)));
  kt_ui_send_keys (GTK_WIDGET (fixture->window), "<Control>a");
  kt_ui_send_keys (GTK_WIDGET (fixture->window), "BackSpace");
  kt_ui_iterate (20);
  {
    g_autofree char *text = buffer_text (editor);
    g_assert_cmpstr (text, ==, "");
  }
  return pane;
}

static void
test_type_and_preview (KtUiFixture   *fixture,
                       gconstpointer  data)
{
  KtStudioPane *pane = new_template (fixture);
  KtStudioEditor *editor = pane_editor (pane);
  KtStudioPreview *preview = pane_preview (pane);
  GtkSourceView *view = kt_studio_editor_get_view (editor);
  GtkSourceBuffer *buffer = GTK_SOURCE_BUFFER (gtk_text_view_get_buffer (GTK_TEXT_VIEW (view)));
  KtStore *store = kt_context_get_store (kt_window_get_context (fixture->window));
  g_autofree char *before = kt_studio_preview_dup_page_text (preview);
  g_autofree char *after = NULL;
  g_autofree char *kept = NULL;
  g_autofree char *fixed = NULL;
  g_autoptr(KtRecord) edited = NULL;
  g_autoptr(KtRecord) stored = NULL;
  g_autoptr(GSList) marks = NULL;
  guint serial;

  g_assert_nonnull (before);
  g_assert_null (strstr (before, "zebra42"));

  /* Typed text reaches the real PDF. */
  serial = kt_studio_preview_get_serial (preview);
  type_text (GTK_WIDGET (view), "zebra42 ");
  wait_for_rendering (preview, serial);
  /* Each key asked for a rendering; wait until the newest is shown. */
  while (strstr (after = kt_studio_preview_dup_page_text (preview), "zebra42") == NULL)
    {
      g_free (after);
      wait_for_rendering (preview, kt_studio_preview_get_serial (preview));
    }
  g_assert_true (kt_studio_editor_is_modified (editor));
  g_assert_cmpstr (kt_studio_editor_get_error_text (editor), ==, "");
  kt_ui_screenshot (GTK_WIDGET (fixture->window), "studio-typed");

  /* A misspelt variable: said inline with its place, marked in the
   * gutter, and the last good preview stays. */
  serial = kt_studio_preview_get_serial (preview);
  type_text (GTK_WIDGET (view), "{{invoice.numbr}}");
  wait_for_rendering (preview, serial);
  while (strstr (kt_studio_editor_get_error_text (editor), "invoice.numbr") == NULL)
    wait_for_rendering (preview, kt_studio_preview_get_serial (preview));
  g_assert_nonnull (strstr (kt_studio_editor_get_error_text (editor), "9"));   /* column 9 */
  marks = gtk_source_buffer_get_source_marks_at_line (buffer, 0, "kt-template-error");
  g_assert_cmpuint (g_slist_length (marks), ==, 1);
  kept = kt_studio_preview_dup_page_text (preview);
  g_assert_nonnull (strstr (kept, "zebra42"));
  kt_ui_screenshot (GTK_WIDGET (fixture->window), "studio-error");

  /* Mended by keys: the message and the mark go, the preview follows. */
  serial = kt_studio_preview_get_serial (preview);
  for (guint i = 0; i < strlen ("numbr}}"); i++)
    kt_ui_send_keys (GTK_WIDGET (view), "BackSpace");
  type_text (GTK_WIDGET (view), "issue_date}}");
  wait_for_rendering (preview, serial);
  while (*kt_studio_editor_get_error_text (editor) != '\0')
    wait_for_rendering (preview, kt_studio_preview_get_serial (preview));
  g_clear_pointer (&marks, g_slist_free);
  marks = gtk_source_buffer_get_source_marks_at_line (buffer, 0, "kt-template-error");
  g_assert_null (marks);
  fixed = kt_studio_preview_dup_page_text (preview);
  g_assert_nonnull (strstr (fixed, "zebra42 2026-"));

  /* Ctrl+S stores what is shown. */
  edited = kt_studio_editor_get_template (editor);
  kt_ui_send_keys (GTK_WIDGET (view), "<Control>s");
  kt_ui_iterate (50);
  g_assert_false (kt_studio_editor_is_modified (editor));
  stored = kt_store_get (store, KT_ENTITY_DOCUMENT_TEMPLATE, kt_record_get_id (edited), NULL);
  g_assert_nonnull (stored);
  g_assert_cmpstr (kt_record_get_string (stored, "body"), ==, "zebra42 {{invoice.issue_date}}");

  /* Undo is the buffer's: Ctrl+Z takes the last typing back. */
  kt_ui_send_keys (GTK_WIDGET (view), "<Control>z");
  kt_ui_iterate (20);
  {
    g_autofree char *text = buffer_text (editor);
    g_assert_cmpstr (text, !=, "zebra42 {{invoice.issue_date}}");
  }
  g_assert_true (kt_studio_editor_is_modified (editor));
  kt_ui_send_keys (GTK_WIDGET (view), "<Control><Shift>z");
  kt_ui_iterate (20);
  {
    g_autofree char *text = buffer_text (editor);
    g_assert_cmpstr (text, ==, "zebra42 {{invoice.issue_date}}");
  }

  /* Alt+1 goes to the header's text, which has its own undo. */
  kt_ui_send_keys (GTK_WIDGET (view), "<Alt>1");
  kt_ui_iterate (20);
  type_text (GTK_WIDGET (view), "hdr");
  {
    g_autoptr(KtRecord) record = kt_studio_editor_get_template (editor);

    g_assert_true (g_str_has_suffix (kt_record_get_string (record, "header"), "hdr"));
    g_assert_cmpstr (kt_record_get_string (record, "body"), ==, "zebra42 {{invoice.issue_date}}");
  }
}

static void
fill_invoice (KtStore *store)
{
  g_autoptr(KtRecord) invoice = kt_record_new (KT_ENTITY_INVOICE);
  g_autoptr(GError) error = NULL;

  kt_record_set_string (invoice, "number", "0000000042");
  kt_record_set_string (invoice, "status", "issued");
  kt_record_set_string (invoice, "currency", "EUR");
  kt_record_set_string (invoice, "issue_date", "2026-11-20");
  kt_record_set_string (invoice, "due_date", "2026-12-20");
  kt_record_set_string (invoice, "client_name", "Стройинвест ООД");
  g_assert_true (kt_store_save (store, invoice, &error));
  g_assert_no_error (error);
}

/* The preview on a real invoice, chosen by keyboard from its list. */
static void
test_real_invoice (KtUiFixture   *fixture,
                   gconstpointer  data)
{
  KtStudioPane *pane = new_template (fixture);
  KtStudioPreview *preview = pane_preview (pane);
  GtkWidget *dropdown = kt_ui_find_widget (GTK_WIDGET (preview), GTK_TYPE_DROP_DOWN);
  g_autofree char *text = NULL;
  guint serial = kt_studio_preview_get_serial (preview);

  g_assert_true (gtk_widget_grab_focus (dropdown));
  kt_ui_send_keys (dropdown, "space");
  kt_ui_iterate (300);
  {
    /* The keys go to the list in the dropdown's popover. */
    GtkWidget *list = kt_ui_find_widget (dropdown, GTK_TYPE_LIST_VIEW);

    g_assert_nonnull (list);
    kt_ui_send_keys (list, "Down");
    kt_ui_send_keys (list, "Down");
    kt_ui_send_keys (list, "Return");
  }
  kt_ui_iterate (100);
  g_assert_cmpuint (gtk_drop_down_get_selected (GTK_DROP_DOWN (dropdown)), ==, 2);
  wait_for_rendering (preview, serial);
  text = kt_studio_preview_dup_page_text (preview);
  g_assert_nonnull (strstr (text, "0000000042"));
  g_assert_nonnull (strstr (text, "Стройинвест ООД"));
}

static void
test_palette_and_completion (KtUiFixture   *fixture,
                             gconstpointer  data)
{
  KtStudioPane *pane = new_template (fixture);
  KtStudioEditor *editor = pane_editor (pane);
  KtStudioPalette *palette = KT_STUDIO_PALETTE (kt_studio_editor_get_palette (editor));
  GtkWidget *search = kt_studio_palette_get_search_entry (palette);
  GListModel *model = kt_studio_palette_get_model (palette);
  GtkWidget *row;
  g_autofree char *text = NULL;

  /* Ctrl+F goes to the palette's search, which narrows as typed. */
  kt_ui_send_keys (GTK_WIDGET (fixture->window), "<Control>f");
  kt_ui_iterate (20);
  g_assert_true (gtk_widget_get_mapped (search));
  g_assert_true (gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (fixture->window)), search));
  type_text (search, "vat_number");
  kt_ui_iterate (300);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 2);   /* client's and organization's */

  /* A click on the row inserts its tag at the cursor. */
  row = kt_ui_find_label (GTK_WIDGET (palette), "client.vat_number");
  g_assert_nonnull (row);
  kt_ui_click (row);
  kt_ui_iterate (20);
  text = buffer_text (editor);
  g_assert_cmpstr (text, ==, "{{client.vat_number}}");
  g_assert_true (gtk_widget_has_focus (GTK_WIDGET (kt_studio_editor_get_view (editor))));

}

static void
test_properties (KtUiFixture   *fixture,
                 gconstpointer  data)
{
  KtStudioPane *pane = new_template (fixture);
  KtStudioEditor *editor = pane_editor (pane);
  KtStudioPreview *preview = pane_preview (pane);
  GtkWidget *row;
  guint serial;

  /* The Properties page, by clicks: the side column is folded away in
   * the test's window, one button brings it. */
  {
    GtkWidget *side = kt_ui_find_button (GTK_WIDGET (editor), _("Variables and Properties"));

    if (side != NULL)
      kt_ui_click (side);
    kt_ui_iterate (300);
  }
  kt_ui_click (gtk_widget_get_ancestor (kt_ui_find_label (GTK_WIDGET (editor), _("Properties")),
                                        GTK_TYPE_BUTTON));
  kt_ui_iterate (200);

  /* The Discount column off: the layout loses it and the preview follows. */
  row = kt_ui_find_row (GTK_WIDGET (editor), _("Discount"));
  g_assert_nonnull (row);
  serial = kt_studio_preview_get_serial (preview);
  kt_ui_click (kt_ui_find_widget (row, GTK_TYPE_SWITCH));
  wait_for_rendering (preview, serial);
  {
    g_autoptr(KtRecord) record = kt_studio_editor_get_template (editor);
    const char *layout = kt_record_get_string (record, "layout");

    g_assert_nonnull (layout);
    g_assert_null (strstr (layout, "\"discount\""));
    g_assert_nonnull (strstr (layout, "\"description\""));
  }
  g_assert_true (kt_studio_editor_is_modified (editor));
  g_assert_cmpstr (kt_studio_editor_get_error_text (editor), ==, "");
}

static void
test_unsaved_question (KtUiFixture   *fixture,
                       gconstpointer  data)
{
  KtStudioPane *pane = new_template (fixture);
  KtStudioEditor *editor = pane_editor (pane);
  GtkWindow *dialog;
  GtkWidget *keep;

  type_text (GTK_WIDGET (kt_studio_editor_get_view (editor)), "draft");
  g_assert_true (kt_studio_editor_is_modified (editor));

  /* Leaving the section asks; Keep Editing comes back with the text. */
  kt_ui_send_keys (GTK_WIDGET (fixture->window), "<Control>2");
  dialog = kt_ui_wait_for_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  keep = kt_ui_find_button (GTK_WIDGET (dialog), _("_Keep Editing"));
  g_assert_nonnull (keep);
  kt_ui_screenshot (GTK_WIDGET (dialog), "studio-unsaved");
  kt_ui_click (keep);
  kt_ui_iterate (100);
  g_assert_cmpstr (kt_window_get_section (fixture->window), ==, "templates");
  g_assert_true (kt_studio_editor_is_modified (editor));

  /* Closing the window asks too, and Save (the default) stores the
   * text before the window goes. */
  {
    g_autoptr(KtStore) store = g_object_ref (kt_context_get_store (kt_window_get_context (fixture->window)));
    g_autoptr(KtRecord) edited = kt_studio_editor_get_template (editor);
    g_autoptr(KtRecord) stored = NULL;
    g_autoptr(GtkWindow) window = GTK_WINDOW (g_object_ref (fixture->window));

    gtk_window_close (window);
    kt_ui_iterate (50);
    g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window)));
    dialog = kt_ui_wait_for_toplevel (ADW_TYPE_MESSAGE_DIALOG);
    kt_ui_send_keys (GTK_WIDGET (dialog), "Return");
    kt_ui_iterate (200);
    stored = kt_store_get (store, KT_ENTITY_DOCUMENT_TEMPLATE, kt_record_get_id (edited), NULL);
    g_assert_nonnull (stored);
    g_assert_cmpstr (kt_record_get_string (stored, "body"), ==, "draft");
    g_assert_false (gtk_widget_get_visible (GTK_WIDGET (window)));
  }
}

typedef struct {
  KtUiFixture *fixture;
  gboolean     answered;
  gboolean     timed_out;
} QuitRun;

static gboolean
press_quit_cb (gpointer data)
{
  QuitRun *run = data;

  kt_ui_send_keys (GTK_WIDGET (run->fixture->window), "<Control>q");
  return G_SOURCE_REMOVE;
}

/* Half a second after Ctrl+Q: the question is up, and Save answers it. */
static gboolean
answer_save_cb (gpointer data)
{
  QuitRun *run = data;
  GtkWindow *dialog = kt_ui_wait_for_toplevel (ADW_TYPE_MESSAGE_DIALOG);

  kt_ui_send_keys (GTK_WIDGET (dialog), "Return");
  run->answered = TRUE;
  return G_SOURCE_REMOVE;
}

static gboolean
give_up_cb (gpointer data)
{
  QuitRun *run = data;

  run->timed_out = TRUE;
  g_application_quit (G_APPLICATION (run->fixture->app));
  return G_SOURCE_REMOVE;
}

/* Ctrl+Q with an unsaved template: the application must not quit under
 * the studio's question (it used to close the windows, let the studio
 * ask, and quit anyway, losing the edit). The application runs its own
 * main loop here, as it does for a person, so that quitting ends it. */
static void
test_quit_asks (KtUiFixture   *fixture,
                gconstpointer  data)
{
  KtStudioPane *pane = new_template (fixture);
  KtStudioEditor *editor = pane_editor (pane);
  g_autoptr(KtStore) store = g_object_ref (kt_context_get_store (kt_window_get_context (fixture->window)));
  g_autoptr(KtRecord) edited = NULL;
  g_autoptr(KtRecord) stored = NULL;
  QuitRun run = { fixture, FALSE, FALSE };
  guint answer, give_up;

  type_text (GTK_WIDGET (kt_studio_editor_get_view (editor)), "kept");
  g_assert_true (kt_studio_editor_is_modified (editor));
  edited = kt_studio_editor_get_template (editor);

  g_idle_add (press_quit_cb, &run);
  answer = g_timeout_add (500, answer_save_cb, &run);
  give_up = g_timeout_add_seconds (20, give_up_cb, &run);
  g_application_run (G_APPLICATION (fixture->app), 0, NULL);
  if (!run.answered)
    g_source_remove (answer);
  if (!run.timed_out)
    g_source_remove (give_up);

  g_assert_true (run.answered);
  g_assert_false (run.timed_out);
  stored = kt_store_get (store, KT_ENTITY_DOCUMENT_TEMPLATE, kt_record_get_id (edited), NULL);
  g_assert_nonnull (stored);
  g_assert_cmpstr (kt_record_get_string (stored, "body"), ==, "kept");
}

/* The empty studio's own button, as a person finds it: the pointer opens
 * its menu and picks a built-in layout; then the keyboard alone does the
 * same from the header's menu after Back. Each makes a template named as
 * its built-in and opens it in the editor. */
static void
assert_opened_builtin (KtUiFixture *fixture,
                       KtStudioPane *pane,
                       const char   *builtin)
{
  KtStudioEditor *editor = pane_editor (pane);
  g_autoptr(JsonObject) fields = kt_document_template_dup_builtin_fields (builtin);
  g_autoptr(KtRecord) record = NULL;
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  g_assert_nonnull (fields);
  while ((record = kt_studio_editor_get_template (editor)) == NULL && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_nonnull (record);
  g_assert_cmpstr (kt_record_get_string (record, "name"), ==, json_object_get_string_member (fields, "name"));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (kt_studio_editor_get_view (editor))));
}

/* @button's menu, once it is open and drawn. */
static GtkWidget *
menu_popover (GtkWidget *button)
{
  GtkWidget *popover = GTK_WIDGET (gtk_menu_button_get_popover (GTK_MENU_BUTTON (button)));
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  while (!gtk_widget_get_mapped (popover) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (gtk_widget_get_mapped (popover));
  kt_ui_wait_for_frame (popover);
  return popover;
}

static void
test_empty_new_button (KtUiFixture   *fixture,
                       gconstpointer  data)
{
  KtStudioPane *pane = open_studio (fixture);
  KtStore *store = kt_context_get_store (kt_window_get_context (fixture->window));
  GtkWidget *button_label;
  GtkWidget *item;
  GtkWidget *popover;
  g_autoptr(KtQuery) query = kt_query_new (KT_ENTITY_DOCUMENT_TEMPLATE);

  g_assert_null (kt_studio_editor_get_template (pane_editor (pane)));
  g_assert_true (kt_ui_has_label (GTK_WIDGET (pane), _("No Template Chosen")));
  button_label = kt_ui_find_label (GTK_WIDGET (pane), _("New Template"));
  g_assert_nonnull (button_label);
  kt_ui_screenshot (GTK_WIDGET (fixture->window), "studio-empty");

  /* The pointer: the button opens its menu, a click picks an item. */
  kt_ui_click (button_label);
  g_assert_nonnull (gtk_widget_get_ancestor (button_label, GTK_TYPE_MENU_BUTTON));
  popover = menu_popover (gtk_widget_get_ancestor (button_label, GTK_TYPE_MENU_BUTTON));
  item = kt_ui_find_label (popover, _("Modern (English)"));
  g_assert_nonnull (item);
  kt_ui_click (item);
  assert_opened_builtin (fixture, pane, "modern-en");
  kt_ui_iterate (100);

  /* The keyboard: Back to the list, the focus on its New Template
   * button, Space opens the menu with its first item focused, Down and
   * Return pick the second, Classic (English). */
  gtk_widget_activate_action (GTK_WIDGET (pane), "studio.back", NULL);
  kt_ui_iterate (100);
  {
    GtkWidget *header_new = kt_ui_find_button (GTK_WIDGET (pane), _("New Template (Ctrl+N)"));

    g_assert_true (GTK_IS_MENU_BUTTON (header_new));
    g_assert_true (gtk_widget_grab_focus (header_new));
    kt_ui_send_keys (header_new, "space");
    popover = menu_popover (header_new);
    kt_ui_send_keys (popover, "Down");
    kt_ui_send_keys (popover, "Return");
  }
  assert_opened_builtin (fixture, pane, "classic-en");

  g_assert_cmpint (kt_store_count (store, query, NULL), ==, 2);
}

static void
test_narrow_and_screenshots (KtUiFixture   *fixture,
                             gconstpointer  data)
{
  KtStudioPane *pane = new_template (fixture);
  KtStudioEditor *editor = pane_editor (pane);
  g_autofree char *wide = g_strdup_printf ("studio-light-1280%s", suffix ());
  g_autofree char *narrow = g_strdup_printf ("studio-light-360%s", suffix ());
  g_autofree char *narrow_preview = g_strdup_printf ("studio-preview-360%s", suffix ());
  KtStudioPreview *preview = pane_preview (pane);
  guint serial;

  type_text (GTK_WIDGET (kt_studio_editor_get_view (editor)), "{{client.name}} ");
  serial = kt_studio_preview_get_serial (preview);
  wait_for_rendering (preview, serial > 0 ? serial - 1 : 0);
  kt_ui_iterate (300);
  kt_ui_screenshot (GTK_WIDGET (fixture->window), wide);

  /* 360 px: the columns fold into one, the keyboard reaches the others. */
  kt_ui_resize (GTK_WINDOW (fixture->window), 360, 720);
  kt_ui_assert_narrow (GTK_WINDOW (fixture->window));
  kt_ui_iterate (200);
  kt_ui_screenshot (GTK_WIDGET (fixture->window), narrow);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (kt_studio_editor_get_view (editor))));
  g_assert_false (gtk_widget_get_mapped (GTK_WIDGET (preview)));
  gtk_widget_activate_action (GTK_WIDGET (editor), "editor.toggle-preview", NULL);
  kt_ui_iterate (500);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (preview)));
  kt_ui_screenshot (GTK_WIDGET (fixture->window), narrow_preview);
}

int
main (int   argc,
      char *argv[])
{
  kt_ui_test_init (&argc, &argv);

#define ADD(path, func) \
  g_test_add (path, KtUiFixture, NULL, kt_ui_fixture_setup, func, kt_ui_fixture_teardown)
  if (g_getenv ("KT_SCREENSHOT_SUFFIX") == NULL)
    {
      ADD ("/ui/studio/type-and-preview", test_type_and_preview);
      ADD ("/ui/studio/palette", test_palette_and_completion);
      ADD ("/ui/studio/properties", test_properties);
      g_test_add ("/ui/studio/real-invoice", KtUiFixture, fill_invoice, kt_ui_fixture_setup,
                  test_real_invoice, kt_ui_fixture_teardown);
      ADD ("/ui/studio/unsaved", test_unsaved_question);
      ADD ("/ui/studio/quit-asks", test_quit_asks);
      ADD ("/ui/studio/empty-new-button", test_empty_new_button);
    }
  ADD ("/ui/studio/narrow-and-screenshots", test_narrow_and_screenshots);

  return g_test_run ();
}
