/* test-ui-narrow.c: every pane, editor and dialog at 360 px wide
 *
 * The metainfo promises a window that works from 360 px. Each window is
 * asked for 360 px (gtk_window_set_default_size(), as a person resizing
 * it) and the test waits for the allocation, then checks that the window
 * really is no wider and that its child asks for no more (its horizontal
 * minimum), naming the widest widget inside when it does. The main window
 * is checked on every pane, with a contact's detail open (list and detail
 * fold into one column, with a Back button) and on the deals board.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "kt-board-column.h"
#include "kt-deal-board.h"
#include "kt-deal-card.h"
#include "kt-deal-form.h"
#include "kt-document-editor.h"
#include "kt-import-dialog.h"
#include "kt-preferences-window.h"
#include "kt-record-detail.h"
#include "kt-record-form.h"
#include "kt-record-pane.h"
#include "kt-sign-in-dialog.h"
#include "kt-task-editor.h"
#include "kt-ui-test.h"

#define NARROW 360

static int
min_width (GtkWidget *widget)
{
  int min = 0;

  gtk_widget_measure (widget, GTK_ORIENTATION_HORIZONTAL, -1, &min, NULL, NULL, NULL);
  return min;
}

/* The chain of widgets, from @root down, that asks for more than NARROW:
 * at each level the widest visible child, so a failure names
 * the widget to fix rather than only the window. */
static void
describe_widest (GtkWidget *root,
                 GString   *path)
{
  GtkWidget *widget = root;

  while (widget != NULL)
    {
      GtkWidget *wide = NULL;

      g_string_append_printf (path, " > %s(%d)", G_OBJECT_TYPE_NAME (widget), min_width (widget));
      for (GtkWidget *child = gtk_widget_get_first_child (widget);
           child != NULL;
           child = gtk_widget_get_next_sibling (child))
        if (gtk_widget_get_visible (child) && min_width (child) > NARROW &&
            (wide == NULL || min_width (child) > min_width (wide)))
          wide = child;
      if (wide == NULL)
        {
          /* Where no child alone is too wide: what each one asks for. */
          g_string_append (path, " = ");
          for (GtkWidget *child = gtk_widget_get_first_child (widget);
               child != NULL;
               child = gtk_widget_get_next_sibling (child))
            if (gtk_widget_get_visible (child))
              {
                g_string_append_printf (path, " %s(%d)", G_OBJECT_TYPE_NAME (child), min_width (child));
                if (gtk_widget_get_first_child (child) != NULL)
                  {
                    g_string_append (path, " [");
                    for (GtkWidget *grandchild = gtk_widget_get_first_child (child);
                         grandchild != NULL;
                         grandchild = gtk_widget_get_next_sibling (grandchild))
                      if (gtk_widget_get_visible (grandchild))
                        g_string_append_printf (path, " %s(%d)", G_OBJECT_TYPE_NAME (grandchild),
                                                min_width (grandchild));
                    g_string_append (path, " ]");
                  }
              }
        }
      widget = wide;
    }
}

/* Asks @window for NARROW px and checks the window and what its child
 * asks for. */
static void
assert_fits (GtkWindow  *window,
             const char *what)
{
  GtkWidget *child = gtk_window_get_child (window);
  int child_min;

  g_assert_nonnull (child);
  kt_ui_resize (window, NARROW, 640);

  child_min = min_width (child);
  if (child_min > NARROW || gtk_widget_get_width (GTK_WIDGET (window)) > NARROW)
    {
      g_autoptr(GString) path = g_string_new (NULL);

      describe_widest (child, path);
      g_test_message ("%s: the window is %d px wide, its child needs %d px:%s",
                      what, gtk_widget_get_width (GTK_WIDGET (window)), child_min, path->str);
      g_test_fail_printf ("%s: the window is %d px wide, its child needs %d px:%s",
                          what, gtk_widget_get_width (GTK_WIDGET (window)), child_min, path->str);
    }
}

static void
test_panes (KtUiFixture   *fixture,
            gconstpointer  data)
{
  static const char * const panes[] = {
    "dashboard", "contacts", "companies", "deals", "tasks", "invoices", "offers", "payments", "team",
    "billing", "templates", "assistant",
  };
  GtkWindow *window = GTK_WINDOW (fixture->window);

  for (guint i = 0; i < G_N_ELEMENTS (panes); i++)
    {
      g_assert_true (kt_window_show_section (fixture->window, panes[i]));
      kt_ui_iterate (300);
      assert_fits (window, panes[i]);
    }
}

/* A contact's detail at 360 px takes the whole pane; Back returns to the
 * list and closes the detail, so the same row opens it again. */
static void
test_contact_detail (KtUiFixture   *fixture,
                     gconstpointer  data)
{
  GtkWindow *window = GTK_WINDOW (fixture->window);
  KtRecordPane *contacts;
  GtkWidget *detail, *list, *back;
  GtkSelectionModel *selection;

  g_assert_true (kt_window_show_section (fixture->window, "contacts"));
  contacts = KT_RECORD_PANE (kt_window_get_pane (fixture->window, "contacts"));
  selection = kt_record_pane_get_selection (contacts);
  assert_fits (window, "contacts");

  gtk_selection_model_select_item (selection, 2, TRUE);
  kt_ui_iterate (500);
  assert_fits (window, "contact detail");

  detail = kt_ui_find_widget (GTK_WIDGET (contacts), KT_TYPE_RECORD_DETAIL);
  list = kt_ui_find_widget (GTK_WIDGET (contacts), GTK_TYPE_COLUMN_VIEW);
  g_assert_true (gtk_widget_get_mapped (detail));
  /* One column: the list is off screen, the detail as wide as the pane. */
  g_assert_false (gtk_widget_get_mapped (list));
  g_assert_cmpint (gtk_widget_get_width (detail), >=, gtk_widget_get_width (GTK_WIDGET (contacts)) - 2);
  g_free (kt_ui_screenshot (GTK_WIDGET (window), "narrow-contact-detail"));

  back = kt_ui_find_button (GTK_WIDGET (contacts), _("Back to the List"));
  g_assert_nonnull (back);
  g_assert_true (gtk_widget_get_mapped (back));
  kt_ui_click (back);
  kt_ui_iterate (500);
  g_assert_true (gtk_widget_get_mapped (list));
  g_assert_true (gtk_bitset_is_empty (gtk_selection_model_get_selection (selection)));

  /* The same row opens the detail again. */
  gtk_selection_model_select_item (selection, 2, TRUE);
  kt_ui_iterate (500);
  g_assert_true (gtk_widget_get_mapped (detail));
  g_assert_false (gtk_widget_get_mapped (list));

  /* Wide again, list and detail side by side, and no Back button. */
  kt_ui_resize (window, 1280, 800);
  g_assert_true (gtk_widget_get_mapped (list));
  g_assert_true (gtk_widget_get_mapped (detail));
  g_assert_false (gtk_widget_get_mapped (back));
}

/* A deal's detail at 360 px takes the whole pane, as a contact's does,
 * with its whole title; Back returns to the board and to the card. */
static void
test_deal_detail (KtUiFixture   *fixture,
                  gconstpointer  data)
{
  GtkWindow *window = GTK_WINDOW (fixture->window);
  GtkWidget *board, *card, *detail, *columns, *back, *title, *focus;

  g_assert_true (kt_window_show_section (fixture->window, "deals"));
  board = kt_window_get_pane (fixture->window, "deals");
  assert_fits (window, "deals");
  card = kt_ui_find_widget (board, KT_TYPE_DEAL_CARD);
  g_assert_nonnull (card);
  kt_ui_click (card);
  detail = kt_ui_wait_for_deal_detail (board);
  kt_ui_iterate (300);
  assert_fits (window, "deal detail");
  columns = kt_ui_find_widget (board, KT_TYPE_BOARD_COLUMN);
  g_assert_true (gtk_widget_get_mapped (detail));
  /* One column: the board is off screen, the detail as wide as the pane. */
  g_assert_false (gtk_widget_get_mapped (columns));
  g_assert_cmpint (gtk_widget_get_width (detail), >=, gtk_widget_get_width (board) - 2);
  title = kt_ui_find_label (detail, kt_deal_detail_get_title (KT_DEAL_DETAIL (detail)));
  g_assert_nonnull (title);
  g_assert_false (pango_layout_is_ellipsized (gtk_label_get_layout (GTK_LABEL (title))));
  g_assert_cmpint (gtk_widget_get_width (title), <=, gtk_widget_get_width (detail));
  g_free (kt_ui_screenshot (GTK_WIDGET (window), "narrow-deal-detail"));

  back = kt_ui_find_button (board, _("Back to the Board"));
  g_assert_nonnull (back);
  g_assert_true (gtk_widget_get_mapped (back));
  kt_ui_click (back);
  kt_ui_iterate (500);
  g_assert_false (kt_deal_board_get_detail_shown (KT_DEAL_BOARD (board)));
  g_assert_true (gtk_widget_get_mapped (columns));
  /* The keyboard is back on the card that was opened. */
  focus = gtk_root_get_focus (GTK_ROOT (window));
  g_assert_nonnull (focus);
  g_assert_true (gtk_widget_is_ancestor (focus, columns) || focus == columns);

  /* Wide again, board and detail side by side, and no Back button. */
  kt_ui_click (kt_ui_find_widget (board, KT_TYPE_DEAL_CARD));
  kt_ui_wait_for_deal_detail (board);
  kt_ui_resize (window, 1280, 800);
  g_assert_true (gtk_widget_get_mapped (columns));
  g_assert_true (gtk_widget_get_mapped (detail));
  g_assert_false (gtk_widget_get_mapped (back));
}

/* The sync button shows its state by its icon alone at 360 px, never a
 * label cut to "U…". */
static void
test_sync_button (KtUiFixture   *fixture,
                  gconstpointer  data)
{
  GtkWindow *window = GTK_WINDOW (fixture->window);
  GtkWidget *indicator;
  GtkWidget *label;

  g_assert_true (kt_window_show_section (fixture->window, "deals"));
  kt_ui_iterate (300);
  indicator = kt_ui_find_widget (GTK_WIDGET (window), g_type_from_name ("KtSyncIndicator"));
  g_assert_nonnull (indicator);
  assert_fits (window, "deals");

  /* A label that shows is shown whole. */
  label = kt_ui_find_widget (indicator, GTK_TYPE_LABEL);
  g_assert_nonnull (label);
  if (gtk_widget_get_mapped (label))
    g_assert_false (pango_layout_is_ellipsized (gtk_label_get_layout (GTK_LABEL (label))));
}

static void
check_dialog (GtkWindow  *dialog,
              const char *what)
{
  kt_ui_wait_for_frame (GTK_WIDGET (dialog));
  assert_fits (dialog, what);
  {
    g_autofree char *file = g_strdup_printf ("narrow-%s", what);

    g_free (kt_ui_screenshot (GTK_WIDGET (dialog), file));
  }
  gtk_window_destroy (dialog);
  kt_ui_iterate (100);
}

static GtkWindow *
open_new (KtUiFixture *fixture,
          const char  *section,
          GType        type)
{
  g_assert_true (kt_window_show_section (fixture->window, section));
  kt_ui_iterate (300);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.new", NULL));
  return kt_ui_wait_for_toplevel (type);
}

static void
test_dialogs (KtUiFixture   *fixture,
              gconstpointer  data)
{
  static const char csv[] = "First name,Last name,Email\nMaria,Ivanova,maria@example.com\n";
  static const char * const modes[] = { "login", "register", "join" };
  KtContext *context = kt_window_get_context (fixture->window);
  GtkWindow *window = GTK_WINDOW (fixture->window);

  for (guint i = 0; i < G_N_ELEMENTS (modes); i++)
    {
      KtSignInDialog *sign_in = kt_sign_in_dialog_present (window, context);
      g_autofree char *what = g_strdup_printf ("sign-in-%s", modes[i]);

      kt_sign_in_dialog_set_mode (sign_in, modes[i]);
      check_dialog (GTK_WINDOW (sign_in), what);
    }

  {
    KtPreferencesWindow *preferences = kt_preferences_window_new (kt_context_get_settings (context));

    gtk_window_set_transient_for (GTK_WINDOW (preferences), window);
    gtk_window_present (GTK_WINDOW (preferences));
    check_dialog (GTK_WINDOW (preferences), "preferences");
  }

  {
    g_autoptr(GError) error = NULL;
    g_autoptr(KtImport) import = kt_import_new_from_data (kt_context_get_store (context),
                                                          kt_entity_lookup ("contact"), "people.csv",
                                                          csv, strlen (csv), &error);
    KtImportDialog *dialog;

    g_assert_no_error (error);
    dialog = kt_import_dialog_new (import, "people.csv");
    gtk_window_set_transient_for (GTK_WINDOW (dialog), window);
    gtk_window_present (GTK_WINDOW (dialog));
    check_dialog (GTK_WINDOW (dialog), "import");
  }

  check_dialog (open_new (fixture, "contacts", KT_TYPE_RECORD_FORM), "contact-form");
  check_dialog (open_new (fixture, "companies", KT_TYPE_RECORD_FORM), "company-form");
  check_dialog (open_new (fixture, "deals", KT_TYPE_DEAL_FORM), "deal-form");
  check_dialog (open_new (fixture, "tasks", KT_TYPE_TASK_EDITOR), "task-editor");
  check_dialog (open_new (fixture, "invoices", KT_TYPE_DOCUMENT_EDITOR), "invoice-editor");
  check_dialog (open_new (fixture, "offers", KT_TYPE_DOCUMENT_EDITOR), "offer-editor");
}

/* Whether each column of @pane's list is shown: '1' shown, '0' hidden. */
static char *
shown_columns (KtRecordPane *pane)
{
  GtkColumnView *view = GTK_COLUMN_VIEW (kt_ui_find_widget (GTK_WIDGET (pane), GTK_TYPE_COLUMN_VIEW));
  GListModel *columns = gtk_column_view_get_columns (view);
  GString *shown = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (columns); i++)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, i);

      g_string_append_c (shown, gtk_column_view_column_get_visible (column) ? '1' : '0');
    }
  return g_string_free (shown, FALSE);
}

/* What a pane's spec keeps narrow, with @unchosen (an index, or -1) not
 * chosen, as shown_columns() writes it. */
static char *
narrow_columns (KtRecordPane *pane,
                int           unchosen)
{
  const KtRecordPaneSpec *spec = kt_record_pane_get_spec (pane);
  GString *shown = g_string_new (NULL);

  for (guint i = 0; spec->columns[i].field != NULL; i++)
    g_string_append_c (shown, spec->columns[i].narrow && (int) i != unchosen ? '1' : '0');
  return g_string_free (shown, FALSE);
}

static guint
n_view_columns (KtRecordPane *pane)
{
  g_autoptr(JsonObject) state = kt_record_pane_dup_view_state (pane);

  return json_array_get_length (json_object_get_array_member (state, "columns"));
}

/* A list at 360 px shows its narrow columns only (a contact's name and
 * phone, an invoice's number, client and total) and all of them again
 * when wide; the person's choice of columns (the Columns menu, a saved
 * view) is not changed by the width. */
static void
test_list_columns (KtUiFixture   *fixture,
                   gconstpointer  data)
{
  GtkWindow *window = GTK_WINDOW (fixture->window);
  KtRecordPane *contacts, *invoices;
  g_autofree char *all = NULL;
  GtkColumnView *view;
  const int phone = 2;

  g_assert_true (kt_window_show_section (fixture->window, "contacts"));
  contacts = KT_RECORD_PANE (kt_window_get_pane (fixture->window, "contacts"));
  g_assert_cmpstr (kt_record_pane_get_spec (contacts)->columns[phone].field, ==, "phone|mobile");
  kt_ui_resize (window, 1280, 800);
  all = shown_columns (contacts);
  g_assert_cmpstr (all, ==, "1111111");

  assert_fits (window, "contacts");
  {
    g_autofree char *shown = shown_columns (contacts);
    g_autofree char *want = narrow_columns (contacts, -1);
    GtkWidget *header;

    g_assert_cmpstr (shown, ==, want);
    g_assert_cmpuint (n_view_columns (contacts), ==, 7);
    /* The name has the room the hidden columns had (its title in the
     * header is as wide as the column). */
    view = GTK_COLUMN_VIEW (kt_ui_find_widget (GTK_WIDGET (contacts), GTK_TYPE_COLUMN_VIEW));
    header = gtk_widget_get_first_child (GTK_WIDGET (view));
    while (header != NULL && g_strcmp0 (gtk_widget_get_css_name (header), "header") != 0)
      header = gtk_widget_get_next_sibling (header);
    g_assert_nonnull (header);
    g_assert_cmpint (gtk_widget_get_width (gtk_widget_get_first_child (header)), >=, 180);
    /* The search entry has the count's room. */
    g_assert_cmpint (gtk_widget_get_width (kt_ui_find_widget (GTK_WIDGET (contacts), GTK_TYPE_SEARCH_ENTRY)),
                     >=, 120);
    g_free (kt_ui_screenshot (GTK_WIDGET (window), "narrow-contacts"));
  }

  /* Unchosen while narrow: gone there, and still gone when wide. */
  gtk_widget_activate_action (GTK_WIDGET (contacts), "columns.c2", NULL);
  kt_ui_iterate (100);
  {
    g_autofree char *shown = shown_columns (contacts);
    g_autofree char *want = narrow_columns (contacts, phone);

    g_assert_cmpstr (shown, ==, want);
    g_assert_cmpuint (n_view_columns (contacts), ==, 6);
  }
  kt_ui_resize (window, 1280, 800);
  {
    g_autofree char *shown = shown_columns (contacts);

    g_assert_cmpstr (shown, ==, "1101111");
  }
  gtk_widget_activate_action (GTK_WIDGET (contacts), "columns.c2", NULL);
  kt_ui_iterate (100);
  {
    g_autofree char *shown = shown_columns (contacts);

    g_assert_cmpstr (shown, ==, all);
  }

  g_assert_true (kt_window_show_section (fixture->window, "invoices"));
  invoices = KT_RECORD_PANE (kt_window_get_pane (fixture->window, "invoices"));
  kt_ui_iterate (300);
  assert_fits (window, "invoices");
  {
    g_autofree char *shown = shown_columns (invoices);
    g_autofree char *want = narrow_columns (invoices, -1);

    g_assert_cmpstr (shown, ==, want);
    g_assert_cmpstr (want, ==, "1100100");
    g_free (kt_ui_screenshot (GTK_WIDGET (window), "narrow-invoices"));
  }

  /* Tasks: New Task is its icon and the summary waits for a wider
   * window, so that the search entry has room. */
  g_assert_true (kt_window_show_section (fixture->window, "tasks"));
  kt_ui_iterate (300);
  assert_fits (window, "tasks");
  {
    GtkWidget *tasks = kt_window_get_pane (fixture->window, "tasks");
    GtkWidget *search = kt_ui_find_widget (tasks, GTK_TYPE_SEARCH_ENTRY);

    GtkWidget *button = kt_ui_find_button (tasks, _("New Task (Ctrl+N)"));

    g_assert_cmpint (gtk_widget_get_width (search), >=, 150);
    g_assert_nonnull (button);
    g_assert_cmpstr (gtk_button_get_icon_name (GTK_BUTTON (button)), ==, "list-add-symbolic");
    g_free (kt_ui_screenshot (GTK_WIDGET (window), "narrow-tasks"));
    /* The icon is New Task: a click opens the editor. */
    kt_ui_click (button);
    gtk_window_destroy (kt_ui_wait_for_toplevel (KT_TYPE_TASK_EDITOR));
    kt_ui_iterate (50);
    kt_ui_resize (window, 1280, 800);
    button = kt_ui_find_button (tasks, _("New Task (Ctrl+N)"));
    g_assert_nonnull (button);
    g_assert_null (gtk_button_get_icon_name (GTK_BUTTON (button)));
  }
}

int
main (int   argc,
      char *argv[])
{
  kt_ui_test_init (&argc, &argv);

  g_test_add ("/ui/narrow/panes", KtUiFixture, kt_ui_fill_demo,
              kt_ui_fixture_setup, test_panes, kt_ui_fixture_teardown);
  g_test_add ("/ui/narrow/contact-detail", KtUiFixture, kt_ui_fill_demo,
              kt_ui_fixture_setup, test_contact_detail, kt_ui_fixture_teardown);
  g_test_add ("/ui/narrow/deal-detail", KtUiFixture, kt_ui_fill_demo,
              kt_ui_fixture_setup, test_deal_detail, kt_ui_fixture_teardown);
  g_test_add ("/ui/narrow/sync-button", KtUiFixture, kt_ui_fill_demo,
              kt_ui_fixture_setup, test_sync_button, kt_ui_fixture_teardown);
  g_test_add ("/ui/narrow/list-columns", KtUiFixture, kt_ui_fill_demo,
              kt_ui_fixture_setup, test_list_columns, kt_ui_fixture_teardown);
  g_test_add ("/ui/narrow/dialogs", KtUiFixture, kt_ui_fill_demo,
              kt_ui_fixture_setup, test_dialogs, kt_ui_fixture_teardown);

  return g_test_run ();
}
