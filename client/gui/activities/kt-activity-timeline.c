/* kt-activity-timeline.c: the activities of one record, newest first
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-activity-timeline"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <string.h>

#include "kt-activity-dialog.h"
#include "kt-activity-timeline.h"
#include "kt-date.h"
#include "kt-format.h"
#include "kt-record-list.h"

#define PAGE_SIZE 20

struct _KtActivityTimeline
{
  GtkWidget          parent_instance;

  KtStore           *store;
  char              *entity_name;
  char              *record_id;
  KtRecordList      *activities;
  GtkSliceListModel *shown;

  /* An invoice's timeline is its mail log: the server writes it, so
   * there is nothing to log by hand, and each row says when it went. */
  gboolean           mail_log;

  GtkWidget         *heading;
  GtkWidget         *log_button;
  GtkWidget         *empty_label;
  GtkWidget         *list;
  GtkWidget         *more_button;
};

G_DEFINE_FINAL_TYPE (KtActivityTimeline, kt_activity_timeline, GTK_TYPE_WIDGET)

const char *
kt_activity_type_icon (const char *type)
{
  if (g_strcmp0 (type, "call") == 0)
    return "call-start-symbolic";
  if (g_strcmp0 (type, "meeting") == 0)
    return "x-office-calendar-symbolic";
  if (g_strcmp0 (type, "email") == 0)
    return "mail-unread-symbolic";
  return "document-edit-symbolic";
}

const char *
kt_activity_type_label (const char *type)
{
  if (g_strcmp0 (type, "call") == 0)
    return C_("activity type", "Call");
  if (g_strcmp0 (type, "meeting") == 0)
    return C_("activity type", "Meeting");
  if (g_strcmp0 (type, "email") == 0)
    return C_("activity type", "Email");
  return C_("activity type", "Note");
}

char *
kt_activity_format_relative (gint64 then_unix_ms,
                             gint64 now_unix_ms)
{
  gint64 seconds = (now_unix_ms - then_unix_ms) / 1000;
  g_autoptr(GDateTime) then = kt_format_from_unix (then_unix_ms / 1000);
  g_autoptr(GDateTime) now = kt_format_from_unix (now_unix_ms / 1000);
  gint64 days;

  if (seconds < 0)
    {
      /* Planned for later (a meeting logged ahead): say when. */
      g_autofree char *day = kt_format_relative_day (then, now);
      g_autofree char *time = g_date_time_format (then, "%H:%M");

      return g_strdup_printf ("%s %s", day, time);
    }
  if (seconds < 60)
    return g_strdup (_("just now"));
  if (seconds < 60 * 60)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d minute ago", "%d minutes ago",
                                         seconds / 60), (int) (seconds / 60));

  /* Beyond an hour, count calendar days rather than 24-hour spans:
   * yesterday at 23:00 is "yesterday" at 01:00 today. */
  days = (g_date_time_get_year (now) - g_date_time_get_year (then)) * 366 +
         g_date_time_get_day_of_year (now) - g_date_time_get_day_of_year (then);
  if (g_date_time_get_year (now) != g_date_time_get_year (then))
    days = seconds / (24 * 60 * 60) + 1;

  if (days == 0)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d hour ago", "%d hours ago",
                                         seconds / 3600), (int) (seconds / 3600));
  if (days == 1)
    return g_strdup (_("yesterday"));
  if (days < 7)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d day ago", "%d days ago", days),
                            (int) days);
  return kt_format_date (then);
}

static char *
dup_author (KtActivityTimeline *self,
            KtRecord           *activity)
{
  const char *owner = kt_record_get_owner_id (activity);
  g_autoptr(KtRecord) user = NULL;

  if (owner == NULL || g_strcmp0 (owner, kt_store_get_user_id (self->store)) == 0)
    return g_strdup (_("You"));
  user = kt_store_get (self->store, kt_entity_lookup ("user"), owner, NULL);
  if (user != NULL)
    return kt_record_dup_title (user);
  return g_strdup (_("A teammate"));
}

static void
present_dialog (KtActivityTimeline *self,
                KtActivityDialog   *dialog)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (GTK_IS_WINDOW (root))
    gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (root));
  gtk_window_present (GTK_WINDOW (dialog));
}

/* A click on an activity opens it for changing. */
static void
on_row_activated_cb (KtActivityTimeline *self,
                     AdwActionRow       *row)
{
  KtRecord *activity = g_object_get_data (G_OBJECT (row), "kt-activity");
  g_autoptr(KtRecord) stored = kt_store_get (self->store, KT_ENTITY_ACTIVITY,
                                             kt_record_get_id (activity), NULL);

  if (stored != NULL)
    present_dialog (self, kt_activity_dialog_new_for_activity (self->store, stored));
}

static GtkWidget *
create_row_cb (gpointer item,
               gpointer user_data)
{
  KtActivityTimeline *self = user_data;
  KtRecord *activity = item;
  const char *type = kt_record_get_string (activity, "type");
  const char *subject = kt_record_get_string (activity, "subject");
  const char *body = kt_record_get_string (activity, "body");
  const char *occurred = kt_record_get_string (activity, "occurred_at");
  gint64 minutes = kt_record_get_int (activity, "duration_minutes");
  g_autofree char *author = dup_author (self, activity);
  g_autofree char *when = NULL;
  g_autoptr(GString) subtitle = g_string_new (NULL);
  g_autofree char *title = NULL;
  g_autofree char *escaped = NULL;
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *icon = gtk_image_new_from_icon_name (kt_activity_type_icon (type));
  gint64 occurred_ms;

  if (occurred != NULL && self->mail_log)
    when = kt_format_datetime_string (occurred);
  else if (occurred != NULL && kt_datetime_parse (occurred, &occurred_ms))
    when = kt_activity_format_relative (occurred_ms, g_get_real_time () / 1000);

  gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  kt_activity_type_label (type), -1);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);

  title = g_markup_escape_text (subject != NULL && *subject ? subject : kt_activity_type_label (type), -1);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);

  /* Who sent a mail matters less than when: the server did. */
  if (self->mail_log)
    g_string_append (subtitle, when != NULL ? when : "");
  else
    {
      g_string_append (subtitle, author);
      if (when != NULL)
        g_string_append_printf (subtitle, " · %s", when);
    }
  if (minutes > 0)
    {
      g_string_append (subtitle, " · ");
      g_string_append_printf (subtitle, g_dngettext (GETTEXT_PACKAGE, "%d minute", "%d minutes", minutes),
                              (int) minutes);
    }
  if (body != NULL && *body != '\0')
    {
      g_autofree char *first_line = g_strndup (body, strcspn (body, "\n"));

      g_string_append_printf (subtitle, "\n%s", first_line);
    }
  escaped = g_markup_escape_text (subtitle->str, -1);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), escaped);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 3);

  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), !self->mail_log);
  g_object_set_data_full (G_OBJECT (row), "kt-activity", g_object_ref (activity), g_object_unref);
  g_signal_connect_object (row, "activated", G_CALLBACK (on_row_activated_cb), self, G_CONNECT_SWAPPED);
  return row;
}

static void
update_visibility (KtActivityTimeline *self)
{
  guint n = self->activities ? g_list_model_get_n_items (G_LIST_MODEL (self->activities)) : 0;
  guint shown = gtk_slice_list_model_get_size (self->shown);

  gtk_widget_set_visible (self->empty_label, n == 0);
  gtk_widget_set_visible (self->list, n > 0);
  gtk_widget_set_visible (self->more_button, n > shown);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "timeline.log",
                                 self->record_id != NULL && !self->mail_log);
  gtk_widget_set_visible (self->log_button, !self->mail_log);
}

static void
on_items_changed_cb (KtActivityTimeline *self)
{
  update_visibility (self);
}

static void
on_more_clicked_cb (KtActivityTimeline *self)
{
  gtk_slice_list_model_set_size (self->shown,
                                 gtk_slice_list_model_get_size (self->shown) + PAGE_SIZE);
  update_visibility (self);
}

static void
log_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  KtActivityTimeline *self = KT_ACTIVITY_TIMELINE (widget);

  if (self->record_id == NULL || self->mail_log)
    return;
  present_dialog (self, kt_activity_dialog_new (self->store, self->entity_name, self->record_id));
}

static void
kt_activity_timeline_dispose (GObject *object)
{
  KtActivityTimeline *self = (KtActivityTimeline *) object;
  GtkWidget *child;

  /* The template's root box is not bound to a field, so
   * gtk_widget_dispose_template() would leave it behind. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->shown);
  g_clear_object (&self->activities);
  g_clear_object (&self->store);
  g_clear_pointer (&self->entity_name, g_free);
  g_clear_pointer (&self->record_id, g_free);

  G_OBJECT_CLASS (kt_activity_timeline_parent_class)->dispose (object);
}

static void
kt_activity_timeline_class_init (KtActivityTimelineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kt_activity_timeline_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/kantora/Kantora/activities/kt-activity-timeline.ui");
  gtk_widget_class_bind_template_child (widget_class, KtActivityTimeline, heading);
  gtk_widget_class_bind_template_child (widget_class, KtActivityTimeline, log_button);
  gtk_widget_class_bind_template_child (widget_class, KtActivityTimeline, empty_label);
  gtk_widget_class_bind_template_child (widget_class, KtActivityTimeline, list);
  gtk_widget_class_bind_template_child (widget_class, KtActivityTimeline, more_button);
  gtk_widget_class_bind_template_callback (widget_class, on_more_clicked_cb);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);

  gtk_widget_class_install_action (widget_class, "timeline.log", NULL, log_action);
}

static void
kt_activity_timeline_init (KtActivityTimeline *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->shown = gtk_slice_list_model_new (NULL, 0, PAGE_SIZE);
  gtk_list_box_bind_model (GTK_LIST_BOX (self->list), G_LIST_MODEL (self->shown),
                           create_row_cb, self, NULL);
  g_signal_connect_object (self->shown, "items-changed",
                           G_CALLBACK (on_items_changed_cb), self, G_CONNECT_SWAPPED);
}

/**
 * kt_activity_timeline_new:
 * @store: the store
 * @entity_name: "contact", "company", "deal", or "invoice" for its mail log
 * @record_id: (nullable): the record whose activities to show
 *
 * Returns: (transfer floating): a new timeline
 */
GtkWidget *
kt_activity_timeline_new (KtStore    *store,
                          const char *entity_name,
                          const char *record_id)
{
  KtActivityTimeline *self;

  g_return_val_if_fail (KT_IS_STORE (store), NULL);
  g_return_val_if_fail (entity_name != NULL, NULL);

  self = g_object_new (KT_TYPE_ACTIVITY_TIMELINE, NULL);
  self->store = g_object_ref (store);
  kt_activity_timeline_set_record (self, entity_name, record_id);
  return GTK_WIDGET (self);
}

void
kt_activity_timeline_set_record (KtActivityTimeline *self,
                                 const char         *entity_name,
                                 const char         *record_id)
{
  g_autoptr(KtQuery) query = NULL;
  g_autofree char *field = NULL;

  g_return_if_fail (KT_IS_ACTIVITY_TIMELINE (self));
  g_return_if_fail (g_strcmp0 (entity_name, "contact") == 0 ||
                    g_strcmp0 (entity_name, "company") == 0 ||
                    g_strcmp0 (entity_name, "deal") == 0 ||
                    g_strcmp0 (entity_name, "invoice") == 0);

  self->mail_log = g_str_equal (entity_name, "invoice");
  gtk_label_set_label (GTK_LABEL (self->heading), self->mail_log ? _("Emails") : _("Activity"));
  gtk_label_set_label (GTK_LABEL (self->empty_label),
                       self->mail_log ? _("No emails sent yet.")
                                      : _("No calls, meetings, emails or notes yet."));

  g_free (self->entity_name);
  self->entity_name = g_strdup (entity_name);
  g_free (self->record_id);
  self->record_id = g_strdup (record_id);

  g_clear_object (&self->activities);
  if (record_id != NULL)
    {
      query = kt_query_new (KT_ENTITY_ACTIVITY);
      field = g_strconcat (entity_name, "_id", NULL);
      kt_query_add_filter (query, field, record_id);
      kt_query_set_sort (query, "occurred_at", TRUE);
      self->activities = kt_record_list_new (self->store, query);
    }
  gtk_slice_list_model_set_size (self->shown, PAGE_SIZE);
  gtk_slice_list_model_set_model (self->shown, G_LIST_MODEL (self->activities));
  update_visibility (self);
}

const char *
kt_activity_timeline_get_record_id (KtActivityTimeline *self)
{
  g_return_val_if_fail (KT_IS_ACTIVITY_TIMELINE (self), NULL);
  return self->record_id;
}

GListModel *
kt_activity_timeline_get_model (KtActivityTimeline *self)
{
  g_return_val_if_fail (KT_IS_ACTIVITY_TIMELINE (self), NULL);
  return G_LIST_MODEL (self->shown);
}

GtkListBox *
kt_activity_timeline_get_list (KtActivityTimeline *self)
{
  g_return_val_if_fail (KT_IS_ACTIVITY_TIMELINE (self), NULL);
  return GTK_LIST_BOX (self->list);
}
