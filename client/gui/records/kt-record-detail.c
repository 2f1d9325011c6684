/* kt-record-detail.c: every field of one record, its custom fields, the
 * records linked to it and its activity timeline
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-record-detail"

#include "config.h"

#include <glib/gi18n.h>

#include "kt-activity-timeline.h"
#include "kt-change-history-dialog.h"
#include "kt-record-detail.h"
#include "kt-record-rows.h"
#include "kt-record-text.h"

struct _KtRecordDetail
{
  GtkWidget               parent_instance;

  KtContext              *context;
  const KtRecordPaneSpec *spec;
  KtRecord               *record;

  /* Template children */
  GtkWidget              *scroller;
  AdwAvatar              *avatar;
  GtkWidget              *delete_button;
  GtkWidget              *delete_button_narrow;
  GtkWidget              *delete_button_icon;
  GtkLabel               *title_label;
  GtkLabel               *subtitle_label;
  GtkBox                 *groups_box;
};

G_DEFINE_FINAL_TYPE (KtRecordDetail, kt_record_detail, GTK_TYPE_WIDGET)

static void
add_field_groups (KtRecordDetail *self)
{
  KtStore *store = kt_context_get_store (self->context);

  for (guint g = 0; self->spec->groups[g].title != NULL; g++)
    kt_record_rows_add_fields (self->groups_box, store, self->record, &self->spec->groups[g]);
}

static void
add_links (KtRecordDetail *self)
{
  KtStore *store = kt_context_get_store (self->context);

  for (guint l = 0; self->spec->links[l].entity != NULL; l++)
    kt_record_rows_add_link (self->groups_box, store, &self->spec->links[l],
                             self->spec->link_field, kt_record_get_id (self->record));
}

static void
add_timeline (KtRecordDetail *self)
{
  const KtEntity *activity = kt_entity_lookup ("activity");
  GtkWidget *timeline;

  /* Only what activities can refer to has a timeline: not offers; an
   * invoice's is its mail log. */
  if (activity == NULL || kt_entity_get_field (activity, self->spec->link_field) == NULL)
    return;

  timeline = kt_activity_timeline_new (kt_context_get_store (self->context),
                                       self->spec->entity->name,
                                       kt_record_get_id (self->record));

  /* The activities pane's timeline, with its own "Activity" heading:
   * newest first, with the author, and a button to log a call, meeting,
   * email or note. */
  gtk_box_append (self->groups_box, timeline);
}

static void
rebuild (KtRecordDetail *self)
{
  GtkWidget *child;
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->groups_box))) != NULL)
    gtk_box_remove (self->groups_box, child);

  if (self->record == NULL || self->context == NULL)
    {
      gtk_label_set_label (self->title_label, "");
      gtk_label_set_label (self->subtitle_label, "");
      return;
    }

  title = kt_record_text_title (self->record);
  gtk_label_set_label (self->title_label, title);
  adw_avatar_set_text (self->avatar, title);
  gtk_widget_set_visible (GTK_WIDGET (self->avatar), !self->spec->hide_avatar);
  {
    g_autofree char *why = NULL;
    /* A record its pane will not delete (an issued invoice) offers no
     * Delete; the action still refuses with the reason. */
    gboolean deletable = self->spec->can_delete == NULL || self->spec->can_delete (self->record, &why);

    gtk_widget_set_visible (self->delete_button, deletable);
    gtk_widget_set_visible (self->delete_button_narrow, deletable);
    gtk_widget_set_visible (self->delete_button_icon, deletable);
  }

  subtitle = kt_record_rows_join_fields (kt_context_get_store (self->context), self->record,
                                         self->spec->subtitle_fields);
  gtk_label_set_label (self->subtitle_label, subtitle);
  gtk_widget_set_visible (GTK_WIDGET (self->subtitle_label), *subtitle != '\0');

  if (self->spec->detail_extra != NULL)
    {
      GtkWidget *extra = self->spec->detail_extra (self->context, self->record);

      if (extra != NULL)
        gtk_box_append (self->groups_box, extra);
    }
  add_field_groups (self);
  kt_record_rows_add_custom_fields (self->groups_box, kt_context_get_store (self->context), self->record);
  add_links (self);
  add_timeline (self);
}

static void
kt_record_detail_dispose (GObject *object)
{
  KtRecordDetail *self = (KtRecordDetail *)object;

  g_clear_pointer (&self->scroller, gtk_widget_unparent);
  gtk_widget_dispose_template (GTK_WIDGET (self), KT_TYPE_RECORD_DETAIL);
  g_clear_object (&self->record);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (kt_record_detail_parent_class)->dispose (object);
}

/* The window opens the Assistant with this record as a chip
 * (win.ask-assistant): the pane shows what would be sent. */
static void
ask_assistant_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  KtRecordDetail *self = KT_RECORD_DETAIL (widget);

  if (self->record == NULL)
    return;
  gtk_widget_activate_action (widget, "win.ask-assistant", "(ss)",
                              kt_record_get_entity (self->record)->name, kt_record_get_id (self->record));
}

static void
history_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  KtRecordDetail *self = KT_RECORD_DETAIL (widget);
  KtChangeHistoryDialog *dialog;
  GtkRoot *root = gtk_widget_get_root (widget);

  if (self->record == NULL || self->context == NULL)
    return;

  /* What this computer knows at once, the server's log with its
   * authors as soon as it comes (gui/sync/). */
  dialog = kt_change_history_dialog_new (kt_context_get_store (self->context), self->record);
  kt_change_history_dialog_load_server (dialog, kt_context_get_sync_engine (self->context));
  if (GTK_IS_WINDOW (root))
    gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (root));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
open_uri_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  GtkRoot *root = gtk_widget_get_root (widget);

  gtk_show_uri (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                g_variant_get_string (param, NULL), GDK_CURRENT_TIME);
}

static void
kt_record_detail_class_init (KtRecordDetailClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kt_record_detail_dispose;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/kantora/Kantora/records/kt-record-detail.ui");
  gtk_widget_class_bind_template_child (widget_class, KtRecordDetail, scroller);
  gtk_widget_class_bind_template_child (widget_class, KtRecordDetail, avatar);
  gtk_widget_class_bind_template_child (widget_class, KtRecordDetail, delete_button);
  gtk_widget_class_bind_template_child (widget_class, KtRecordDetail, delete_button_narrow);
  gtk_widget_class_bind_template_child (widget_class, KtRecordDetail, delete_button_icon);
  gtk_widget_class_bind_template_child (widget_class, KtRecordDetail, title_label);
  gtk_widget_class_bind_template_child (widget_class, KtRecordDetail, subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, KtRecordDetail, groups_box);
  gtk_widget_class_install_action (widget_class, "detail.history", NULL, history_action);
  gtk_widget_class_install_action (widget_class, "detail.ask-assistant", NULL, ask_assistant_action);
  gtk_widget_class_install_action (widget_class, "detail.open-uri", "s", open_uri_action);
}

static void
kt_record_detail_init (KtRecordDetail *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

void
kt_record_detail_setup (KtRecordDetail         *self,
                        KtContext              *context,
                        const KtRecordPaneSpec *spec)
{
  g_return_if_fail (KT_IS_RECORD_DETAIL (self));
  g_return_if_fail (KT_IS_CONTEXT (context));
  g_return_if_fail (spec != NULL);

  g_set_object (&self->context, context);
  self->spec = spec;
  rebuild (self);
}

void
kt_record_detail_set_record (KtRecordDetail *self,
                             KtRecord       *record)
{
  g_return_if_fail (KT_IS_RECORD_DETAIL (self));
  g_return_if_fail (record == NULL || KT_IS_RECORD (record));

  g_set_object (&self->record, record);
  rebuild (self);
}

/**
 * kt_record_detail_get_record:
 *
 * Returns: (transfer none) (nullable): the record shown
 */
KtRecord *
kt_record_detail_get_record (KtRecordDetail *self)
{
  g_return_val_if_fail (KT_IS_RECORD_DETAIL (self), NULL);

  return self->record;
}

const char *
kt_record_detail_get_title (KtRecordDetail *self)
{
  g_return_val_if_fail (KT_IS_RECORD_DETAIL (self), NULL);

  return gtk_label_get_label (self->title_label);
}
