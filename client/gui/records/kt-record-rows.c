/* kt-record-rows.c: the rows of a detail pane, label under value
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-record-rows"

#include "config.h"

#include <glib/gi18n.h>

#include "kt-record-rows.h"
#include "kt-record-text.h"

/* How many linked records a group lists before saying "and N more". */
#define MAX_LINKED 10

/* The kinds of record the window can open (win.show-record): the others
 * (an invoice's lines) have no view of their own and their rows stay plain. */
static gboolean
can_open (const char *entity)
{
  static const char * const openable[] = { "contact", "company", "deal", "invoice", "offer", NULL };

  return entity != NULL && g_strv_contains (openable, entity);
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
    kt_record_rows_make_openable (row, field->ref_entity, kt_record_get_string (record, name));
  else if (field->type == KT_FIELD_EMAIL)
    add_uri_button (row, "mailto", value);
  else if (field->type == KT_FIELD_PHONE)
    add_uri_button (row, "tel", value);
}

GtkWidget *
kt_record_rows_add_group (GtkBox     *box,
                          const char *title)
{
  GtkWidget *group;

  g_return_val_if_fail (GTK_IS_BOX (box), NULL);

  group = adw_preferences_group_new ();
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), title);
  gtk_box_append (box, group);

  return group;
}

GtkWidget *
kt_record_rows_add_value (GtkWidget  *group,
                          const char *label,
                          const char *value)
{
  GtkWidget *row;

  g_return_val_if_fail (ADW_IS_PREFERENCES_GROUP (group), NULL);

  row = adw_action_row_new ();
  /* The value is what people scan for; the label says what it is. */
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), value);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), label);
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 0);
  gtk_widget_add_css_class (row, "property");
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
  return row;
}

void
kt_record_rows_add_placeholder (GtkWidget  *group,
                                const char *text)
{
  GtkWidget *label;

  g_return_if_fail (ADW_IS_PREFERENCES_GROUP (group));

  label = gtk_label_new (text);
  gtk_widget_add_css_class (label, "dim-label");
  gtk_widget_set_margin_top (label, 12);
  gtk_widget_set_margin_bottom (label, 12);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), label);
}

/* A click, Enter or Space on @row opens the record. */
void
kt_record_rows_make_openable (GtkWidget  *row,
                              const char *entity,
                              const char *id)
{
  g_return_if_fail (ADW_IS_ACTION_ROW (row));

  if (!can_open (entity) || id == NULL)
    return;

  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  /* The target first: a name without it warns of a type mismatch. */
  gtk_actionable_set_action_target (GTK_ACTIONABLE (row), "(ss)", entity, id);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (row), "win.show-record");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
}

char *
kt_record_rows_join_fields (KtStore    *store,
                            KtRecord   *record,
                            const char *fields)
{
  g_auto(GStrv) names = NULL;
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);

  g_return_val_if_fail (KT_IS_STORE (store), NULL);
  g_return_val_if_fail (KT_IS_RECORD (record), NULL);

  names = g_strsplit (fields != NULL ? fields : "", ",", -1);
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

GtkWidget *
kt_record_rows_add_fields (GtkBox              *box,
                           KtStore             *store,
                           KtRecord            *record,
                           const KtRecordGroup *group)
{
  const KtEntity *entity;
  g_auto(GStrv) fields = NULL;
  GtkWidget *widget = NULL;

  g_return_val_if_fail (GTK_IS_BOX (box), NULL);
  g_return_val_if_fail (KT_IS_RECORD (record), NULL);
  g_return_val_if_fail (group != NULL, NULL);

  entity = kt_record_get_entity (record);
  fields = g_strsplit (group->fields, ",", -1);
  for (guint i = 0; fields[i] != NULL; i++)
    {
      g_autofree char *value = kt_record_text_field (store, record, fields[i], NULL);
      const KtField *desc = kt_entity_get_field (entity, fields[i]);

      /* An unset field says nothing: no "Closed —" on an open deal, and
       * a switch that is off ("No payment reminders") says nothing
       * either. */
      if (value == NULL || *value == '\0' ||
          (desc != NULL && desc->type == KT_FIELD_BOOL && !kt_record_get_bool (record, fields[i])))
        continue;
      if (widget == NULL)
        widget = kt_record_rows_add_group (box, _(group->title));
      /* A switch that is on is said by its title alone. */
      if (desc != NULL && desc->type == KT_FIELD_BOOL)
        {
          kt_record_rows_add_value (widget, "", kt_record_text_label (entity, fields[i]));
          continue;
        }
      add_field_actions (kt_record_rows_add_value (widget, kt_record_text_label (entity, fields[i]), value),
                         entity, record, fields[i], value);
    }
  return widget;
}

GtkWidget *
kt_record_rows_add_custom_fields (GtkBox   *box,
                                  KtStore  *store,
                                  KtRecord *record)
{
  g_autoptr(GPtrArray) definitions = NULL;
  GtkWidget *group = NULL;

  g_return_val_if_fail (GTK_IS_BOX (box), NULL);
  g_return_val_if_fail (KT_IS_RECORD (record), NULL);

  definitions = kt_record_text_load_custom_fields (store, kt_record_get_entity (record));
  for (guint i = 0; i < definitions->len; i++)
    {
      KtRecord *definition = g_ptr_array_index (definitions, i);
      g_autofree char *value = kt_record_text_custom_value (record, definition);

      if (value == NULL || *value == '\0')
        continue;
      if (group == NULL)
        group = kt_record_rows_add_group (box, _("Custom Fields"));
      kt_record_rows_add_value (group, kt_record_get_string (definition, "label"), value);
    }
  return group;
}

GtkWidget *
kt_record_rows_add_link (GtkBox             *box,
                         KtStore            *store,
                         const KtRecordLink *link,
                         const char         *link_field,
                         const char         *id)
{
  const KtEntity *entity;
  g_autoptr(KtQuery) query = NULL;
  g_autoptr(GPtrArray) records = NULL;
  GtkWidget *group;
  gint64 total;

  g_return_val_if_fail (GTK_IS_BOX (box), NULL);
  g_return_val_if_fail (link != NULL, NULL);

  entity = kt_entity_lookup (link->entity);
  if (entity == NULL || kt_entity_get_field (entity, link_field) == NULL)
    return NULL;

  query = kt_query_new (entity);
  kt_query_add_filter (query, link_field, id);
  if (link->sort != NULL)
    kt_query_set_sort (query, link->sort[0] == '-' ? link->sort + 1 : link->sort,
                       link->sort[0] == '-');

  group = kt_record_rows_add_group (box, _(link->title));
  records = kt_store_query (store, query, 0, MAX_LINKED, NULL);
  if (records == NULL || records->len == 0)
    {
      kt_record_rows_add_placeholder (group, _(link->empty));
      return group;
    }

  for (guint i = 0; i < records->len; i++)
    {
      KtRecord *linked = g_ptr_array_index (records, i);
      g_autofree char *title = kt_record_text_title (linked);
      g_autofree char *subtitle = kt_record_rows_join_fields (store, linked, link->subtitle);
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      kt_record_rows_make_openable (row, link->entity, kt_record_get_id (linked));
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
    }

  total = kt_store_count (store, query, NULL);
  if (total > records->len)
    {
      /* Translators: %d is how many more linked records there are */
      g_autofree char *more = g_strdup_printf (ngettext ("and %d more", "and %d more",
                                                         (gulong) (total - records->len)),
                                               (int) (total - records->len));
      kt_record_rows_add_placeholder (group, more);
    }
  return group;
}
