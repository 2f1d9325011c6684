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
#include "kt-record-text.h"

/* How many linked records each group lists before saying "and N more". */
#define MAX_LINKED 10

struct _KtRecordDetail
{
  GtkWidget               parent_instance;

  KtContext              *context;
  const KtRecordPaneSpec *spec;
  KtRecord               *record;

  /* Template children */
  GtkWidget              *scroller;
  AdwAvatar              *avatar;
  GtkLabel               *title_label;
  GtkLabel               *subtitle_label;
  GtkBox                 *groups_box;
};

G_DEFINE_FINAL_TYPE (KtRecordDetail, kt_record_detail, GTK_TYPE_WIDGET)

static GtkWidget *
add_group (KtRecordDetail *self,
           const char     *title)
{
  GtkWidget *group = adw_preferences_group_new ();

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), title);
  gtk_box_append (self->groups_box, group);

  return group;
}

/* The kinds of record the window can open (win.show-record): the others
 * (an invoice's lines) have no view of their own and their rows stay plain. */
static gboolean
can_open (const char *entity)
{
  static const char * const openable[] = { "contact", "company", "deal", "invoice", "offer", NULL };

  return entity != NULL && g_strv_contains (openable, entity);
}

/* A click, Enter or Space on @row opens the record. */
static void
make_row_open (GtkWidget  *row,
               const char *entity,
               const char *id)
{
  if (!can_open (entity) || id == NULL)
    return;

  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  /* The target first: a name without it warns of a type mismatch. */
  gtk_actionable_set_action_target (GTK_ACTIONABLE (row), "(ss)", entity, id);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (row), "win.show-record");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
}

/* Mail and call buttons on an email or a phone row. GTK 4.8 has no
 * GtkUriLauncher: detail.open-uri goes through gtk_show_uri(). */
static void
add_uri_button (GtkWidget  *row,
                const char *scheme,
                const char *value)
{
  const char *icon;
  const char *tooltip;
  g_autofree char *uri = NULL;
  g_autofree char *escaped = NULL;
  GtkWidget *button;

  if (g_str_equal (scheme, "mailto"))
    {
      icon = "mail-send-symbolic";
      tooltip = _("Write an Email");
    }
  else
    {
      icon = "call-start-symbolic";
      tooltip = _("Call This Number");
    }

  if (g_str_equal (scheme, "tel"))
    {
      /* A tel: URI is the number alone: "+359 (2) 123-45" dials +359212345. */
      g_autoptr(GString) number = g_string_new (NULL);

      for (const char *c = value; *c != '\0'; c++)
        if (g_ascii_isdigit (*c) || *c == '+')
          g_string_append_c (number, *c);
      escaped = g_string_free (g_steal_pointer (&number), FALSE);
    }
  else
    escaped = g_uri_escape_string (value, "@+", FALSE);
  uri = g_strconcat (scheme, ":", escaped, NULL);
  button = gtk_button_new_from_icon_name (icon);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip,
                                  -1);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", uri);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "detail.open-uri");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
}

static GtkWidget *
add_value_row (GtkWidget  *group,
               const char *label,
               const char *value)
{
  GtkWidget *row = adw_action_row_new ();

  /* The value is what people scan for; the label says what it is. */
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), value);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), label);
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 0);
  gtk_widget_add_css_class (row, "property");
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
  return row;
}

/* What a field's row does besides showing it: open the linked record,
 * write to the address, call the number. */
static void
add_field_actions (GtkWidget      *row,
                   const KtEntity *entity,
                   KtRecord       *record,
                   const char     *name,
                   const char     *value)
{
  const KtField *field = kt_entity_get_field (entity, name);

  if (field == NULL)
    return;

  if (field->type == KT_FIELD_REF)
    make_row_open (row, field->ref_entity, kt_record_get_string (record, name));
  else if (field->type == KT_FIELD_EMAIL)
    add_uri_button (row, "mailto", value);
  else if (field->type == KT_FIELD_PHONE)
    add_uri_button (row, "tel", value);
}

static void
add_placeholder_row (GtkWidget  *group,
                     const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_widget_add_css_class (label, "dim-label");
  gtk_widget_set_margin_top (label, 12);
  gtk_widget_set_margin_bottom (label, 12);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), label);
}

static char *
join_fields (KtStore    *store,
             KtRecord   *record,
             const char *fields)
{
  g_auto(GStrv) names = g_strsplit (fields, ",", -1);
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; names[i] != NULL; i++)
    {
      char *text = NULL;

      if (g_str_equal (names[i], KT_META_OWNER) ||
          kt_entity_get_field (kt_record_get_entity (record), names[i]) != NULL)
        text = kt_record_text_field (store, record, names[i], NULL);
      if (text != NULL && *text != '\0')
        g_ptr_array_add (parts, text);
      else
        g_free (text);
    }
  g_ptr_array_add (parts, NULL);

  return g_strjoinv (" · ", (char **) parts->pdata);
}

static void
add_field_groups (KtRecordDetail *self)
{
  KtStore *store = kt_context_get_store (self->context);
  const KtEntity *entity = self->spec->entity;

  for (guint g = 0; self->spec->groups[g].title != NULL; g++)
    {
      g_auto(GStrv) fields = g_strsplit (self->spec->groups[g].fields, ",", -1);
      GtkWidget *group = NULL;

      for (guint i = 0; fields[i] != NULL; i++)
        {
          g_autofree char *value = kt_record_text_field (store, self->record, fields[i], NULL);

          if (value == NULL || *value == '\0')
            continue;
          if (group == NULL)
            group = add_group (self, _(self->spec->groups[g].title));
          add_field_actions (add_value_row (group, kt_record_text_label (entity, fields[i]), value),
                             entity, self->record, fields[i], value);
        }
    }
}

static void
add_custom_fields (KtRecordDetail *self)
{
  KtStore *store = kt_context_get_store (self->context);
  g_autoptr(GPtrArray) definitions = kt_record_text_load_custom_fields (store, self->spec->entity);
  GtkWidget *group = NULL;

  for (guint i = 0; i < definitions->len; i++)
    {
      KtRecord *definition = g_ptr_array_index (definitions, i);
      g_autofree char *value = kt_record_text_custom_value (self->record, definition);

      if (value == NULL || *value == '\0')
        continue;
      if (group == NULL)
        group = add_group (self, _("Custom Fields"));
      add_value_row (group, kt_record_get_string (definition, "label"), value);
    }
}

static void
add_links (KtRecordDetail *self)
{
  KtStore *store = kt_context_get_store (self->context);

  for (guint l = 0; self->spec->links[l].entity != NULL; l++)
    {
      const KtRecordLink *link = &self->spec->links[l];
      const KtEntity *entity = kt_entity_lookup (link->entity);
      g_autoptr(KtQuery) query = NULL;
      g_autoptr(GPtrArray) records = NULL;
      GtkWidget *group;
      gint64 total;

      if (entity == NULL || kt_entity_get_field (entity, self->spec->link_field) == NULL)
        continue;

      query = kt_query_new (entity);
      kt_query_add_filter (query, self->spec->link_field, kt_record_get_id (self->record));
      if (link->sort != NULL)
        kt_query_set_sort (query, link->sort[0] == '-' ? link->sort + 1 : link->sort,
                           link->sort[0] == '-');

      group = add_group (self, _(link->title));
      records = kt_store_query (store, query, 0, MAX_LINKED, NULL);
      if (records == NULL || records->len == 0)
        {
          add_placeholder_row (group, _(link->empty));
          continue;
        }

      for (guint i = 0; i < records->len; i++)
        {
          KtRecord *linked = g_ptr_array_index (records, i);
          g_autofree char *title = kt_record_text_title (linked);
          g_autofree char *subtitle = join_fields (store, linked, link->subtitle);
          GtkWidget *row = adw_action_row_new ();

          adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
          adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
          adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
          make_row_open (row, link->entity, kt_record_get_id (linked));
          adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
        }

      total = kt_store_count (store, query, NULL);
      if (total > records->len)
        {
          /* Translators: %d is how many more linked records there are */
          g_autofree char *more = g_strdup_printf (ngettext ("and %d more", "and %d more",
                                                             (gulong) (total - records->len)),
                                                   (int) (total - records->len));
          add_placeholder_row (group, more);
        }
    }
}

static void
add_timeline (KtRecordDetail *self)
{
  const KtEntity *activity = kt_entity_lookup ("activity");
  GtkWidget *timeline;

  /* Only what activities can refer to has a timeline (not documents). */
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

  subtitle = join_fields (kt_context_get_store (self->context), self->record,
                          self->spec->subtitle_fields);
  gtk_label_set_label (self->subtitle_label, subtitle);
  gtk_widget_set_visible (GTK_WIDGET (self->subtitle_label), *subtitle != '\0');

  if (self->spec->detail_extra != NULL)
    gtk_box_append (self->groups_box, self->spec->detail_extra (self->context, self->record));
  add_field_groups (self);
  add_custom_fields (self);
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
  gtk_widget_class_bind_template_child (widget_class, KtRecordDetail, title_label);
  gtk_widget_class_bind_template_child (widget_class, KtRecordDetail, subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, KtRecordDetail, groups_box);
  gtk_widget_class_install_action (widget_class, "detail.history", NULL, history_action);
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
