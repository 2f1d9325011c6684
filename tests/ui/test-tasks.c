/* test-tasks.c: the Tasks pane, the task editor and the due-time notifier
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "kt-date.h"
#include "kt-task-editor.h"
#include "kt-task-notifier.h"
#include "kt-task-row.h"
#include "kt-tasks-pane.h"
#include "kt-ui-test.h"

static KtStore *
fixture_store (KtUiFixture *fixture)
{
  return kt_context_get_store (kt_window_get_context (fixture->window));
}

static char *
iso_in (gint64 seconds)
{
  return kt_iso_from_unix_ms (g_get_real_time () / 1000 + seconds * 1000);
}

static void
save_task (KtStore    *store,
           const char *title,
           const char *due_at,
           gboolean    done)
{
  g_autoptr(KtRecord) task = kt_record_new (KT_ENTITY_TASK);
  g_autoptr(GError) error = NULL;

  kt_record_set_string (task, "title", title);
  if (due_at != NULL)
    kt_record_set_string (task, "due_at", due_at);
  if (done)
    {
      g_autofree char *now = kt_now_iso ();

      kt_record_set_bool (task, "done", TRUE);
      kt_record_set_string (task, "done_at", now);
    }
  kt_store_save (store, task, &error);
  g_assert_no_error (error);
}

/* A moment later today, however late the test runs: halfway between now
 * and midnight. */
static char *
later_today (void)
{
  g_autofree char *start = NULL;
  g_autofree char *end = NULL;
  gint64 now = g_get_real_time () / 1000;
  gint64 end_ms;

  kt_task_groups_day_bounds (now, &start, &end);
  g_assert_true (kt_datetime_parse (end, &end_ms));
  return kt_iso_from_unix_ms (now + (end_ms - now) / 2);
}

static void
fill_tasks (KtStore *store)
{
  g_autofree char *yesterday = iso_in (-26 * 60 * 60);
  g_autofree char *today = later_today ();
  g_autofree char *next_week = iso_in (7 * 24 * 60 * 60);
  g_autofree char *in_three_days = iso_in (3 * 24 * 60 * 60);

  save_task (store, "Call Ivan back", yesterday, FALSE);
  save_task (store, "Send the offer to Acme", today, FALSE);
  save_task (store, "Prepare the fair", next_week, FALSE);
  save_task (store, "Book the meeting room", in_three_days, FALSE);
  save_task (store, "Someday: clean up tags", NULL, FALSE);
  save_task (store, "Sign the contract", yesterday, TRUE);
}

static KtTasksPane *
tasks_pane (KtUiFixture *fixture)
{
  g_assert_true (kt_window_show_section (fixture->window, "tasks"));
  kt_ui_iterate (50);
  return KT_TASKS_PANE (kt_window_get_pane (fixture->window, "tasks"));
}

static GPtrArray *
row_titles (KtTasksPane *pane,
            KtTaskGroup  group)
{
  GtkListBox *list = kt_tasks_pane_get_list (pane, group);
  GPtrArray *titles = g_ptr_array_new ();

  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (list));
       row != NULL; row = gtk_widget_get_next_sibling (row))
    if (KT_IS_TASK_ROW (row))
      g_ptr_array_add (titles, (gpointer) kt_record_get_string (kt_task_row_get_task (KT_TASK_ROW (row)), "title"));
  return titles;
}

static void
test_grouping (KtUiFixture   *fixture,
               gconstpointer  data)
{
  KtTasksPane *pane = tasks_pane (fixture);
  g_autoptr(GPtrArray) overdue = row_titles (pane, KT_TASK_GROUP_OVERDUE);
  g_autoptr(GPtrArray) today = row_titles (pane, KT_TASK_GROUP_TODAY);
  g_autoptr(GPtrArray) upcoming = row_titles (pane, KT_TASK_GROUP_UPCOMING);
  g_autoptr(GPtrArray) done = row_titles (pane, KT_TASK_GROUP_DONE);
  g_autofree char *shot = NULL;

  g_assert_cmpuint (overdue->len, ==, 1);
  g_assert_cmpstr (overdue->pdata[0], ==, "Call Ivan back");
  g_assert_cmpuint (today->len, ==, 1);
  g_assert_cmpstr (today->pdata[0], ==, "Send the offer to Acme");
  /* Dated tasks soonest first, then the ones without a due date. */
  g_assert_cmpuint (upcoming->len, ==, 3);
  g_assert_cmpstr (upcoming->pdata[0], ==, "Book the meeting room");
  g_assert_cmpstr (upcoming->pdata[1], ==, "Prepare the fair");
  g_assert_cmpstr (upcoming->pdata[2], ==, "Someday: clean up tags");
  g_assert_cmpuint (done->len, ==, 1);
  g_assert_cmpstr (done->pdata[0], ==, "Sign the contract");

  g_assert_true (kt_ui_has_label (GTK_WIDGET (pane), "Overdue · 1"));
  g_assert_true (kt_ui_has_label (GTK_WIDGET (pane), "Upcoming · 3"));

  kt_ui_wait_for_frame (GTK_WIDGET (fixture->window));
  shot = kt_ui_screenshot (GTK_WIDGET (fixture->window), "tasks");
  g_assert_true (g_file_test (shot, G_FILE_TEST_EXISTS));
}

static void
test_mark_done_from_list (KtUiFixture   *fixture,
                          gconstpointer  data)
{
  KtTasksPane *pane = tasks_pane (fixture);
  GtkListBox *today = kt_tasks_pane_get_list (pane, KT_TASK_GROUP_TODAY);
  GtkListBoxRow *row = gtk_list_box_get_row_at_index (today, 0);
  g_autoptr(KtRecord) task = NULL;
  g_autoptr(KtRecord) saved = NULL;
  g_autoptr(GPtrArray) done = NULL;

  g_assert_true (KT_IS_TASK_ROW (row));
  task = g_object_ref (kt_task_row_get_task (KT_TASK_ROW (row)));

  /* What a click on the row's check button does. */
  gtk_widget_activate (kt_task_row_get_check (KT_TASK_ROW (row)));
  kt_ui_iterate (50);

  g_assert_cmpuint (g_list_model_get_n_items (kt_task_groups_get_model (kt_tasks_pane_get_groups (pane),
                                                                        KT_TASK_GROUP_TODAY)), ==, 0);
  done = row_titles (pane, KT_TASK_GROUP_DONE);
  g_assert_cmpuint (done->len, ==, 2);
  /* Newest done first. */
  g_assert_cmpstr (done->pdata[0], ==, "Send the offer to Acme");

  saved = kt_store_get (fixture_store (fixture), KT_ENTITY_TASK, kt_record_get_id (task), NULL);
  g_assert_true (kt_record_get_bool (saved, "done"));
  g_assert_nonnull (kt_record_get_string (saved, "done_at"));
}

static void
type_into (GtkWidget  *row,
           const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (row), text);
  kt_ui_iterate (10);
}

static void
test_editor_validates_as_you_type (KtUiFixture   *fixture,
                                   gconstpointer  data)
{
  KtTasksPane *pane = tasks_pane (fixture);
  KtTaskEditor *editor;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) upcoming = NULL;
  g_autofree char *shot = NULL;
  guint before = g_list_model_get_n_items (kt_task_groups_get_model (kt_tasks_pane_get_groups (pane),
                                                                     KT_TASK_GROUP_UPCOMING));

  kt_ui_send_keys (GTK_WIDGET (pane), "<Control>n");
  kt_ui_iterate (50);
  editor = KT_TASK_EDITOR (kt_ui_find_toplevel (KT_TYPE_TASK_EDITOR));
  g_assert_nonnull (editor);

  /* An empty title is the first problem, but nobody is told before they
   * had a chance to type it (issue 12). */
  g_assert_cmpstr (kt_form_get_error_field (KT_FORM (editor)), ==, "title");
  g_assert_false (gtk_widget_has_css_class (kt_form_get_row (KT_FORM (editor), "title"), "error"));
  g_assert_false (kt_ui_has_label (GTK_WIDGET (editor), kt_form_get_error (KT_FORM (editor))));

  type_into (kt_form_get_row (KT_FORM (editor), "title"), "Renew the domain");
  g_assert_null (kt_form_get_error_field (KT_FORM (editor)));

  type_into (kt_form_get_row (KT_FORM (editor), "due_date"), "31.02.2030");
  g_assert_cmpstr (kt_form_get_error_field (KT_FORM (editor)), ==, "due_date");
  g_assert_true (g_str_has_prefix (kt_form_get_error (KT_FORM (editor)), "Due date"));

  type_into (kt_form_get_row (KT_FORM (editor), "due_date"), "25.11.2030");
  type_into (kt_form_get_row (KT_FORM (editor), "due_time"), "25:00");
  g_assert_cmpstr (kt_form_get_error_field (KT_FORM (editor)), ==, "due_time");
  kt_ui_leave_field (kt_form_get_row (KT_FORM (editor), "due_time"));
  g_assert_false (gtk_widget_has_css_class (kt_form_get_row (KT_FORM (editor), "due_date"), "error"));
  g_assert_true (gtk_widget_has_css_class (kt_form_get_row (KT_FORM (editor), "due_time"), "error"));

  type_into (kt_form_get_row (KT_FORM (editor), "due_time"), "14:30");
  g_assert_null (kt_form_get_error_field (KT_FORM (editor)));
  adw_combo_row_set_selected (ADW_COMBO_ROW (kt_form_get_row (KT_FORM (editor), "priority")), 3);

  kt_ui_wait_for_frame (GTK_WIDGET (editor));
  shot = kt_ui_screenshot (GTK_WIDGET (editor), "task-editor");

  kt_ui_click_to_close (GTK_WINDOW (editor), _("_Save"));
  kt_ui_iterate (50);

  upcoming = row_titles (pane, KT_TASK_GROUP_UPCOMING);
  g_assert_cmpuint (upcoming->len, ==, before + 1);
  {
    g_autoptr(GDateTime) local = g_date_time_new_local (2030, 11, 25, 14, 30, 0);
    g_autofree char *expected = kt_iso_from_unix_ms (g_date_time_to_unix (local) * 1000);
    gboolean found = FALSE;

    for (guint i = 0; i < g_list_model_get_n_items (kt_task_groups_get_model (kt_tasks_pane_get_groups (pane),
                                                                             KT_TASK_GROUP_UPCOMING)); i++)
      {
        g_autoptr(KtRecord) task = g_list_model_get_item (kt_task_groups_get_model (kt_tasks_pane_get_groups (pane),
                                                                                   KT_TASK_GROUP_UPCOMING), i);

        if (g_strcmp0 (kt_record_get_string (task, "title"), "Renew the domain") == 0)
          {
            found = TRUE;
            g_assert_cmpstr (kt_record_get_string (task, "due_at"), ==, expected);
            g_assert_cmpstr (kt_record_get_string (task, "priority"), ==, "urgent");
          }
      }
    g_assert_true (found);
  }
}

/* A stand-in for the desktop's notification server (GLib's "gtk" backend,
 * which GApplication picks when org.gtk.Notifications has an owner): it
 * records the titles of the notifications it is sent. */
static const char notifications_xml[] =
  "<node>"
  "  <interface name='org.gtk.Notifications'>"
  "    <method name='AddNotification'>"
  "      <arg type='s' direction='in'/>"
  "      <arg type='s' direction='in'/>"
  "      <arg type='a{sv}' direction='in'/>"
  "    </method>"
  "    <method name='RemoveNotification'>"
  "      <arg type='s' direction='in'/>"
  "      <arg type='s' direction='in'/>"
  "    </method>"
  "  </interface>"
  "</node>";

static void
on_notification_call_cb (GDBusConnection       *connection,
                         const char            *sender,
                         const char            *object_path,
                         const char            *interface_name,
                         const char            *method_name,
                         GVariant              *parameters,
                         GDBusMethodInvocation *invocation,
                         gpointer               user_data)
{
  GPtrArray *titles = user_data;

  if (g_str_equal (method_name, "AddNotification"))
    {
      g_autoptr(GVariant) notification = g_variant_get_child_value (parameters, 2);
      const char *title = NULL;

      g_variant_lookup (notification, "title", "&s", &title);
      g_ptr_array_add (titles, g_strdup (title));
    }
  g_dbus_method_invocation_return_value (invocation, NULL);
}

static guint
own_notification_server (GPtrArray *titles,
                         guint     *registration)
{
  static const GDBusInterfaceVTable vtable = { on_notification_call_cb, NULL, NULL };
  g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  g_autoptr(GDBusNodeInfo) info = g_dbus_node_info_new_for_xml (notifications_xml, NULL);
  g_autoptr(GVariant) reply = NULL;
  guint owner;

  g_assert_nonnull (bus);
  *registration = g_dbus_connection_register_object (bus, "/org/gtk/Notifications",
                                                     info->interfaces[0], &vtable,
                                                     titles, NULL, NULL);
  g_assert_cmpuint (*registration, >, 0);
  owner = g_bus_own_name_on_connection (bus, "org.gtk.Notifications",
                                        G_BUS_NAME_OWNER_FLAGS_NONE, NULL, NULL, NULL, NULL);
  /* Wait until the bus says we own it: GLib asks before choosing. */
  for (guint i = 0; i < 200; i++)
    {
      g_clear_pointer (&reply, g_variant_unref);
      reply = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                           "org.freedesktop.DBus", "NameHasOwner",
                                           g_variant_new ("(s)", "org.gtk.Notifications"),
                                           G_VARIANT_TYPE ("(b)"), G_DBUS_CALL_FLAGS_NONE,
                                           -1, NULL, NULL);
      if (reply != NULL)
        {
          gboolean has_owner;

          g_variant_get (reply, "(b)", &has_owner);
          if (has_owner)
            break;
        }
      kt_ui_iterate (10);
    }
  return owner;
}

static void
on_task_due_cb (KtTaskNotifier *notifier,
                KtRecord       *task,
                GPtrArray      *seen)
{
  g_ptr_array_add (seen, g_strdup (kt_record_get_string (task, "title")));
}

static void
test_notifier_fires_when_due (KtUiFixture   *fixture,
                              gconstpointer  data)
{
  KtStore *store = fixture_store (fixture);
  g_autoptr(KtTaskNotifier) notifier = kt_task_notifier_new (store);
  g_autoptr(GPtrArray) seen = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) notified = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  guint registration = 0;
  guint owner = own_notification_server (notified, &registration);
  g_autofree char *soon = iso_in (2);
  KtTasksPane *pane = tasks_pane (fixture);
  guint overdue_before = g_list_model_get_n_items (kt_task_groups_get_model (kt_tasks_pane_get_groups (pane),
                                                                             KT_TASK_GROUP_OVERDUE));
  gint64 deadline;

  g_signal_connect (notifier, "task-due", G_CALLBACK (on_task_due_cb), seen);
  save_task (store, "Due in two seconds", soon, FALSE);
  kt_ui_iterate (10);

  /* The timer waits for exactly that task, not for the one next week. */
  g_assert_cmpstr (kt_task_notifier_get_next_due (notifier), ==, soon);
  g_assert_cmpuint (seen->len, ==, 0);

  deadline = g_get_monotonic_time () + 6 * G_USEC_PER_SEC;
  while (seen->len == 0 && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (seen->len, ==, 1);
  g_assert_cmpstr (seen->pdata[0], ==, "Due in two seconds");

  /* The pane's own notifier moved it to Overdue too. */
  kt_ui_iterate (100);
  g_assert_cmpuint (g_list_model_get_n_items (kt_task_groups_get_model (kt_tasks_pane_get_groups (pane),
                                                                        KT_TASK_GROUP_OVERDUE)), ==,
                    overdue_before + 1);
  /* Announced once, and the timer moved on to the next task. */
  g_assert_cmpstr (kt_task_notifier_get_next_due (notifier), !=, soon);
  kt_ui_iterate (200);
  g_assert_cmpuint (seen->len, ==, 1);

  /* The application's notifier sent a desktop notification for it. */
  deadline = g_get_monotonic_time () + 2 * G_USEC_PER_SEC;
  while (notified->len == 0 && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (notified->len, ==, 1);
  g_assert_cmpstr (notified->pdata[0], ==, "Due in two seconds");

  g_bus_unown_name (owner);
  g_dbus_connection_unregister_object (bus, registration);
}

/* Types @text into whatever has the keyboard focus, key by key. */
static void
type_text (GtkWidget  *window,
           const char *text)
{
  for (const char *p = text; *p != '\0'; p++)
    {
      char key[2] = { *p, '\0' };

      kt_ui_send_keys (window, key);
    }
  /* Past the search entry's delay. */
  kt_ui_iterate (400);
}

static guint
n_rows (KtTasksPane *pane,
        KtTaskGroup  group)
{
  g_autoptr(GPtrArray) titles = row_titles (pane, group);

  return titles->len;
}

/* Ctrl+F, the header's Search button and Escape work in Tasks as in the
 * other panes; the search finds titles and notes through the store. */
static void
test_search (KtUiFixture   *fixture,
             gconstpointer  data)
{
  KtTasksPane *pane = tasks_pane (fixture);
  GtkWidget *window = GTK_WIDGET (fixture->window);
  GtkWidget *entry = kt_ui_find_widget (GTK_WIDGET (pane), GTK_TYPE_SEARCH_ENTRY);
  g_autoptr(KtRecord) task = kt_record_new (KT_ENTITY_TASK);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) today = NULL;
  g_autoptr(GPtrArray) upcoming = NULL;
  GtkWidget *focus;

  kt_record_set_string (task, "title", "Order flowers");
  kt_record_set_string (task, "description", "Ask the florist about the projector stand");
  g_assert_true (kt_store_save (fixture_store (fixture), task, &error));
  g_assert_no_error (error);
  kt_ui_iterate (50);
  g_assert_nonnull (entry);
  g_assert_nonnull (kt_ui_find_button (window, _("Search (Ctrl+F)")));
  g_assert_nonnull (kt_ui_find_button (window, _("New (Ctrl+N)")));

  kt_ui_send_keys (window, "<Control>f");
  kt_ui_iterate (50);
  focus = gtk_root_get_focus (GTK_ROOT (window));
  g_assert_true (focus == entry || gtk_widget_is_ancestor (focus, entry));

  /* A title. */
  type_text (window, "offer");
  today = row_titles (pane, KT_TASK_GROUP_TODAY);
  g_assert_cmpuint (today->len, ==, 1);
  g_assert_cmpstr (today->pdata[0], ==, "Send the offer to Acme");
  g_assert_cmpuint (n_rows (pane, KT_TASK_GROUP_OVERDUE), ==, 0);
  g_assert_cmpuint (n_rows (pane, KT_TASK_GROUP_UPCOMING), ==, 0);
  g_assert_cmpuint (n_rows (pane, KT_TASK_GROUP_DONE), ==, 0);

  /* Escape empties the search and brings every task back. */
  kt_ui_send_keys (window, "Escape");
  kt_ui_iterate (400);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "");
  g_assert_cmpuint (n_rows (pane, KT_TASK_GROUP_OVERDUE), ==, 1);
  g_assert_cmpuint (n_rows (pane, KT_TASK_GROUP_UPCOMING), ==, 4);
  g_assert_cmpuint (n_rows (pane, KT_TASK_GROUP_DONE), ==, 1);

  /* The notes, by a word's beginning. */
  type_text (window, "proj");
  upcoming = row_titles (pane, KT_TASK_GROUP_UPCOMING);
  g_assert_cmpuint (upcoming->len, ==, 1);
  g_assert_cmpstr (upcoming->pdata[0], ==, "Order flowers");
  g_assert_cmpuint (n_rows (pane, KT_TASK_GROUP_TODAY), ==, 0);

  /* Nothing found says so, rather than "No Tasks". */
  type_text (window, "xyz");
  g_assert_true (kt_ui_has_label (GTK_WIDGET (pane), _("No Matching Tasks")));
  g_assert_false (kt_ui_has_label (GTK_WIDGET (pane), _("No Tasks")));
  g_free (kt_ui_screenshot (window, "tasks-search-none"));

  /* The search entry does not make the pane wider than a 360 px window. */
  {
    int min_w, nat_w;

    gtk_widget_measure (GTK_WIDGET (pane), GTK_ORIENTATION_HORIZONTAL, -1, &min_w, &nat_w, NULL, NULL);
    g_assert_cmpint (min_w, <=, 360);
  }
}

/* A few hundred tasks: a hundred each today, later on and done, so every
 * group shows its first page and the list scrolls. */
static void
fill_many_tasks (KtStore *store)
{
  g_autoptr(GPtrArray) tasks = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *today = later_today ();
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < 300; i++)
    {
      KtRecord *task = kt_record_new (KT_ENTITY_TASK);
      g_autofree char *title = g_strdup_printf ("Task %03u", i);

      kt_record_set_string (task, "title", title);
      if (i < 100)
        kt_record_set_string (task, "due_at", today);
      else if (i < 200)
        {
          g_autofree char *later = iso_in ((gint64) (i - 99) * 24 * 60 * 60);

          kt_record_set_string (task, "due_at", later);
        }
      else
        {
          g_autofree char *when = iso_in (-(gint64) i * 60);

          kt_record_set_bool (task, "done", TRUE);
          kt_record_set_string (task, "done_at", when);
        }
      g_ptr_array_add (tasks, task);
    }
  g_assert_true (kt_store_save_all (store, tasks, &error));
  g_assert_no_error (error);
}

static GtkAdjustment *
pane_vadjustment (KtTasksPane *pane)
{
  GtkWidget *scrolled = gtk_widget_get_ancestor (GTK_WIDGET (kt_tasks_pane_get_list (pane, KT_TASK_GROUP_TODAY)),
                                                 GTK_TYPE_SCROLLED_WINDOW);

  return gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
}

/* Every task row of the pane, each with a reference, so a row that was
 * destroyed and another made at the same address cannot pass for it. */
static GHashTable *
all_rows (KtTasksPane *pane)
{
  GHashTable *rows = g_hash_table_new_full (NULL, NULL, g_object_unref, NULL);

  for (guint g = 0; g < KT_TASK_N_GROUPS; g++)
    for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (kt_tasks_pane_get_list (pane, g)));
         row != NULL; row = gtk_widget_get_next_sibling (row))
      if (KT_IS_TASK_ROW (row))
        g_hash_table_add (rows, g_object_ref (row));
  return rows;
}

static KtTaskRow *
row_titled (KtTasksPane *pane,
            const char  *title)
{
  for (guint g = 0; g < KT_TASK_N_GROUPS; g++)
    for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (kt_tasks_pane_get_list (pane, g)));
         row != NULL; row = gtk_widget_get_next_sibling (row))
      if (KT_IS_TASK_ROW (row) &&
          g_strcmp0 (kt_record_get_string (kt_task_row_get_task (KT_TASK_ROW (row)), "title"), title) == 0)
        return KT_TASK_ROW (row);
  return NULL;
}

/* The toast's Undo, once the toast has come in. */
static GtkWidget *
wait_for_undo_button (GtkWidget *window)
{
  GtkWidget *button = NULL;

  for (guint i = 0; i < 100 && button == NULL; i++)
    {
      kt_ui_iterate (20);
      button = kt_ui_find_button (window, _("_Undo"));
    }
  g_assert_nonnull (button);
  return button;
}

static char *
stored_json (KtStore    *store,
             const char *id)
{
  g_autoptr(KtRecord) task = kt_store_get (store, KT_ENTITY_TASK, id, NULL);

  g_assert_nonnull (task);
  return kt_record_to_json_string (task, KT_JSON_NO_META);
}

/* Completing a task on a list of hundreds changes two rows, not all of
 * them, and the list stays where it was scrolled to (it was rebuilt whole
 * and jumped, issue 12); the toast's Undo brings the task back as it was. */
static void
test_complete_keeps_rows_and_scroll (KtUiFixture   *fixture,
                                     gconstpointer  data)
{
  KtTasksPane *pane = tasks_pane (fixture);
  GtkWidget *window = GTK_WIDGET (fixture->window);
  GtkAdjustment *vadj = pane_vadjustment (pane);
  g_autoptr(GHashTable) before = NULL;
  g_autoptr(GHashTable) after = NULL;
  g_autoptr(KtRecord) task = NULL;
  g_autoptr(KtRecord) stored = NULL;
  g_autofree char *json_before = NULL;
  g_autofree char *json_undone = NULL;
  KtTaskRow *row;
  GtkWidget *undo;
  GHashTableIter iter;
  gpointer key;
  guint kept = 0;
  double value;
  gint64 start, elapsed;

  gtk_window_set_default_size (GTK_WINDOW (window), 900, 600);
  kt_ui_wait_for_frame (window);
  kt_ui_iterate (50);
  /* Scrolled into Upcoming, where the task to complete is on screen. */
  row = row_titled (pane, "Task 110");
  g_assert_nonnull (row);
  {
    GtkWidget *scrolled = gtk_widget_get_ancestor (GTK_WIDGET (row), GTK_TYPE_SCROLLED_WINDOW);
    graphene_point_t top = GRAPHENE_POINT_INIT (0, 0);
    graphene_point_t at;

    g_assert_true (gtk_widget_compute_point (GTK_WIDGET (row), scrolled, &top, &at));
    gtk_adjustment_set_value (vadj, gtk_adjustment_get_value (vadj) + at.y -
                                    gtk_widget_get_height (scrolled) / 2.0);
    kt_ui_wait_for_frame (window);
    kt_ui_iterate (50);
  }
  value = gtk_adjustment_get_value (vadj);
  g_assert_cmpfloat (value, >, 0);
  task = g_object_ref (kt_task_row_get_task (row));
  json_before = stored_json (fixture_store (fixture), kt_record_get_id (task));
  before = all_rows (pane);
  g_assert_cmpuint (g_hash_table_size (before), ==, 150);

  start = g_get_monotonic_time ();
  kt_ui_click (kt_task_row_get_check (row));
  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);
  elapsed = g_get_monotonic_time () - start;
  /* A figure for docs/performance.md, not an assertion: the machines that
   * run the tests are shared (HACKING.md, "No timed assertions"). */
  g_test_message ("completing a task among 300, click to settled rows: %.1f ms",
                  elapsed / 1000.0);
  kt_ui_iterate (50);

  stored = kt_store_get (fixture_store (fixture), KT_ENTITY_TASK, kt_record_get_id (task), NULL);
  g_assert_true (kt_record_get_bool (stored, "done"));
  after = all_rows (pane);
  g_hash_table_iter_init (&iter, after);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (g_hash_table_contains (before, key))
      kept++;
  /* One row left Upcoming, one came into Done and pushed Done's 50th out. */
  g_assert_cmpuint (g_hash_table_size (after), ==, 150);
  g_assert_cmpuint (kept, ==, 148);
  g_assert_cmpfloat (gtk_adjustment_get_value (vadj), ==, value);
  g_assert_true (kt_ui_has_label (window, "“Task 110” done"));

  undo = wait_for_undo_button (window);
  g_free (kt_ui_screenshot (window, "tasks-done-toast"));
  kt_ui_click (undo);
  kt_ui_iterate (50);
  json_undone = stored_json (fixture_store (fixture), kt_record_get_id (task));
  g_assert_cmpstr (json_undone, ==, json_before);
  g_assert_nonnull (row_titled (pane, "Task 110"));
  g_assert_cmpfloat (gtk_adjustment_get_value (vadj), ==, value);
}

/* A new task gets a toast with Undo, and is selected and scrolled to,
 * here at the end of a long Upcoming group, past its first page. */
static void
test_create_selects_and_undoes (KtUiFixture   *fixture,
                                gconstpointer  data)
{
  KtTasksPane *pane = tasks_pane (fixture);
  GtkWidget *window = GTK_WIDGET (fixture->window);
  KtTaskEditor *editor;
  KtTaskRow *row;
  GtkWidget *scrolled;
  graphene_rect_t bounds;
  g_autofree char *id = NULL;
  GtkListBoxRow *selected;

  gtk_window_set_default_size (GTK_WINDOW (window), 900, 600);
  kt_ui_wait_for_frame (window);
  kt_ui_send_keys (window, "<Control>n");
  editor = KT_TASK_EDITOR (kt_ui_wait_for_toplevel (KT_TYPE_TASK_EDITOR));
  type_into (kt_form_get_row (KT_FORM (editor), "title"), "Water the plants");
  kt_ui_click_to_close (GTK_WINDOW (editor), _("_Save"));
  kt_ui_iterate (100);
  kt_ui_wait_for_frame (window);
  kt_ui_iterate (50);

  row = row_titled (pane, "Water the plants");
  g_assert_nonnull (row);
  id = g_strdup (kt_record_get_id (kt_task_row_get_task (row)));
  selected = gtk_list_box_get_selected_row (kt_tasks_pane_get_list (pane, KT_TASK_GROUP_UPCOMING));
  g_assert_true (selected == GTK_LIST_BOX_ROW (row));
  g_assert_true (gtk_widget_has_focus (GTK_WIDGET (row)));
  scrolled = gtk_widget_get_ancestor (GTK_WIDGET (row), GTK_TYPE_SCROLLED_WINDOW);
  g_assert_true (gtk_widget_compute_bounds (GTK_WIDGET (row), scrolled, &bounds));
  g_assert_cmpfloat (bounds.origin.y, >=, 0);
  g_assert_cmpfloat (bounds.origin.y + bounds.size.height, <=, gtk_widget_get_height (scrolled));
  g_assert_true (kt_ui_has_label (window, "Task “Water the plants” created"));

  kt_ui_click (wait_for_undo_button (window));
  kt_ui_iterate (50);
  g_assert_null (kt_store_get (fixture_store (fixture), KT_ENTITY_TASK, id, NULL));
  g_assert_null (row_titled (pane, "Water the plants"));
}

/* Delete removes the focused task with a toast; Ctrl+Z brings it back
 * and takes the toast away, since its Undo is done. */
static void
test_delete_and_undo (KtUiFixture   *fixture,
                      gconstpointer  data)
{
  KtTasksPane *pane = tasks_pane (fixture);
  GtkWidget *window = GTK_WIDGET (fixture->window);
  KtTaskRow *row = row_titled (pane, "Prepare the fair");
  g_autofree char *id = NULL;
  g_autofree char *json_before = NULL;
  g_autofree char *json_undone = NULL;

  g_assert_nonnull (row);
  id = g_strdup (kt_record_get_id (kt_task_row_get_task (row)));
  json_before = stored_json (fixture_store (fixture), id);
  gtk_widget_grab_focus (GTK_WIDGET (row));
  kt_ui_send_keys (window, "Delete");
  kt_ui_iterate (50);
  g_assert_null (row_titled (pane, "Prepare the fair"));
  g_assert_null (kt_store_get (fixture_store (fixture), KT_ENTITY_TASK, id, NULL));
  wait_for_undo_button (window);
  g_assert_true (kt_ui_has_label (window, "Task “Prepare the fair” deleted"));

  kt_ui_send_keys (window, "<Control>z");
  kt_ui_iterate (50);
  g_assert_nonnull (row_titled (pane, "Prepare the fair"));
  json_undone = stored_json (fixture_store (fixture), id);
  g_assert_cmpstr (json_undone, ==, json_before);
  /* The toast went with its undo. */
  kt_ui_iterate (600);
  g_assert_false (kt_ui_has_label (window, "Task “Prepare the fair” deleted"));
}

int
main (int   argc,
      char *argv[])
{
  kt_ui_test_init (&argc, &argv);

#define ADD(path, func) \
  g_test_add (path, KtUiFixture, fill_tasks, kt_ui_fixture_setup, func, kt_ui_fixture_teardown)

  ADD ("/ui/tasks/grouping", test_grouping);
  ADD ("/ui/tasks/mark-done-from-list", test_mark_done_from_list);
  ADD ("/ui/tasks/editor-validates-as-you-type", test_editor_validates_as_you_type);
  ADD ("/ui/tasks/notifier-fires-when-due", test_notifier_fires_when_due);
  ADD ("/ui/tasks/search", test_search);
  ADD ("/ui/tasks/delete-and-undo", test_delete_and_undo);
  g_test_add ("/ui/tasks/complete-keeps-rows-and-scroll", KtUiFixture, fill_many_tasks,
              kt_ui_fixture_setup, test_complete_keeps_rows_and_scroll, kt_ui_fixture_teardown);
  g_test_add ("/ui/tasks/create-selects-and-undoes", KtUiFixture, fill_many_tasks,
              kt_ui_fixture_setup, test_create_selects_and_undoes, kt_ui_fixture_teardown);

#undef ADD

  return g_test_run ();
}
