/* kt-record-pane-filters.c: the record pane's Filters popover
 *
 * Tag (typed), company (contacts only: a KtRecordPicker over the store's
 * full-text search, so 10,000 companies are found by typing rather than
 * listed) and owner ("Anyone", "Me", then the members of the team the
 * Team pane cached, by name).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-record-pane"

#include "config.h"

#include <glib/gi18n.h>

#include "kt-owners.h"
#include "kt-record-pane-private.h"
#include "kt-record-picker.h"

/* The owner rows before the team's members. */
enum {
  OWNER_ANYONE,
  OWNER_ME,
  OWNER_FIRST_MEMBER,
};

static const char *
selected_owner (KtRecordPane *self)
{
  KtRecordPanePrivate *priv = PRIV (self);
  guint selected = adw_combo_row_get_selected (priv->owner_row);

  if (priv->owner_ids == NULL || selected >= priv->owner_ids->len)
    return NULL;
  return g_ptr_array_index (priv->owner_ids, selected);
}

static gboolean
same_owners (GPtrArray *a,
             GPtrArray *b)
{
  if (a == NULL || b == NULL || a->len != b->len)
    return FALSE;

  for (guint i = 0; i < a->len; i++)
    if (g_strcmp0 (g_ptr_array_index (a, i), g_ptr_array_index (b, i)) != 0)
      return FALSE;

  return TRUE;
}

/* Fills the owner row from the team (former members last: they still
 * own records), keeping the chosen owner chosen. Returns TRUE if the
 * list changed. */
gboolean
kt_record_pane_reload_owners (KtRecordPane *self)
{
  KtRecordPanePrivate *priv = PRIV (self);
  KtStore *store = kt_context_get_store (priv->context);
  g_autoptr(GPtrArray) owners = kt_owners_load_for_filter (store);
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *chosen = g_strdup (selected_owner (self));
  guint select = OWNER_ANYONE;

  gtk_string_list_append (names, C_("owner filter", "Anyone"));
  g_ptr_array_add (ids, NULL);
  gtk_string_list_append (names, C_("owner filter", "Me"));
  g_ptr_array_add (ids, g_strdup (kt_store_get_user_id (store)));

  for (guint i = 0; i < owners->len; i++)
    {
      KtOwner *owner = g_ptr_array_index (owners, i);

      gtk_string_list_append (names, owner->name);
      g_ptr_array_add (ids, g_strdup (owner->user_id));
    }

  if (same_owners (priv->owner_ids, ids))
    return FALSE;

  for (guint i = 1; chosen != NULL && i < ids->len; i++)
    if (g_strcmp0 (g_ptr_array_index (ids, i), chosen) == 0)
      select = i;

  /* A member who left takes the filter back to "Anyone", once. */
  g_clear_pointer (&priv->owner_ids, g_ptr_array_unref);
  priv->owner_ids = g_steal_pointer (&ids);
  g_signal_handlers_block_matched (priv->owner_row, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, self);
  adw_combo_row_set_model (priv->owner_row, G_LIST_MODEL (names));
  adw_combo_row_set_selected (priv->owner_row, select);
  g_signal_handlers_unblock_matched (priv->owner_row, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, self);

  return TRUE;
}

void
kt_record_pane_setup_filters (KtRecordPane *self)
{
  KtRecordPanePrivate *priv = PRIV (self);
  const KtEntity *company = kt_entity_lookup ("company");

  if (kt_record_pane_spec (self)->filter_by_company && company != NULL)
    {
      priv->company_picker = kt_record_picker_new (kt_context_get_store (priv->context),
                                                   company, _("Company"));
      kt_record_picker_set_empty_text (KT_RECORD_PICKER (priv->company_picker), _("Any company"));
      gtk_list_box_insert (priv->filter_list, priv->company_picker, 1);
      g_signal_connect_object (priv->company_picker, "notify::record-id",
                               G_CALLBACK (kt_record_pane_filters_changed), self,
                               G_CONNECT_SWAPPED);
    }

  /* Entities without tags (invoices, offers) have no tag row. */
  gtk_widget_set_visible (priv->tag_entry, FALSE);
  for (const KtField *f = kt_record_pane_spec (self)->entity->fields; f->name != NULL; f++)
    if (f->type == KT_FIELD_TAGS)
      gtk_widget_set_visible (priv->tag_entry, TRUE);

  if (KT_RECORD_PANE_GET_CLASS (self)->setup_filters != NULL)
    KT_RECORD_PANE_GET_CLASS (self)->setup_filters (self, priv->filter_list);

  kt_record_pane_reload_owners (self);
}

gboolean
kt_record_pane_filters_active (KtRecordPane *self)
{
  KtRecordPanePrivate *priv = PRIV (self);

  return *gtk_editable_get_text (GTK_EDITABLE (priv->tag_entry)) != '\0' ||
         (priv->company_picker != NULL &&
          kt_record_picker_get_record_id (KT_RECORD_PICKER (priv->company_picker)) != NULL) ||
         selected_owner (self) != NULL ||
         (KT_RECORD_PANE_GET_CLASS (self)->filters_active != NULL &&
          KT_RECORD_PANE_GET_CLASS (self)->filters_active (self));
}

void
kt_record_pane_add_filters (KtRecordPane *self,
                            KtQuery      *query)
{
  KtRecordPanePrivate *priv = PRIV (self);
  g_autofree char *tag = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (priv->tag_entry))));
  const char *owner = selected_owner (self);

  if (*tag != '\0')
    kt_query_set_tag (query, tag);
  if (priv->company_picker != NULL &&
      kt_record_picker_get_record_id (KT_RECORD_PICKER (priv->company_picker)) != NULL)
    kt_query_add_filter (query, "company_id",
                         kt_record_picker_get_record_id (KT_RECORD_PICKER (priv->company_picker)));
  if (owner != NULL)
    kt_query_add_filter (query, KT_META_OWNER, owner);
  if (KT_RECORD_PANE_GET_CLASS (self)->add_filters != NULL)
    KT_RECORD_PANE_GET_CLASS (self)->add_filters (self, query);
}

void
kt_record_pane_clear_filters (KtRecordPane *self)
{
  KtRecordPanePrivate *priv = PRIV (self);

  gtk_editable_set_text (GTK_EDITABLE (priv->tag_entry), "");
  if (priv->company_picker != NULL)
    kt_record_picker_set_record_id (KT_RECORD_PICKER (priv->company_picker), NULL);
  adw_combo_row_set_selected (priv->owner_row, OWNER_ANYONE);
  if (KT_RECORD_PANE_GET_CLASS (self)->clear_filters != NULL)
    KT_RECORD_PANE_GET_CLASS (self)->clear_filters (self);
}

void
kt_record_pane_save_filters (KtRecordPane *self,
                             JsonObject   *filters)
{
  KtRecordPanePrivate *priv = PRIV (self);
  g_autofree char *tag = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (priv->tag_entry))));
  const char *owner = selected_owner (self);

  if (*tag != '\0')
    json_object_set_string_member (filters, "tag", tag);
  if (priv->company_picker != NULL &&
      kt_record_picker_get_record_id (KT_RECORD_PICKER (priv->company_picker)) != NULL)
    json_object_set_string_member (filters, "company_id",
                                   kt_record_picker_get_record_id (KT_RECORD_PICKER (priv->company_picker)));
  if (owner != NULL)
    json_object_set_string_member (filters, KT_META_OWNER, owner);
  if (KT_RECORD_PANE_GET_CLASS (self)->save_filters != NULL)
    KT_RECORD_PANE_GET_CLASS (self)->save_filters (self, filters);
}

static const char *
filter_string (JsonObject *filters,
               const char *name)
{
  JsonNode *node = json_object_get_member (filters, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

/* After kt_record_pane_clear_filters(): an owner who is no longer in the
 * team, or a filter this pane does not have, stays at "any". */
void
kt_record_pane_restore_filters (KtRecordPane *self,
                                JsonObject   *filters)
{
  KtRecordPanePrivate *priv = PRIV (self);
  const char *tag = filter_string (filters, "tag");
  const char *company = filter_string (filters, "company_id");
  const char *owner = filter_string (filters, KT_META_OWNER);

  if (tag != NULL)
    gtk_editable_set_text (GTK_EDITABLE (priv->tag_entry), tag);
  if (company != NULL && kt_uuid_is_valid (company) && priv->company_picker != NULL)
    kt_record_picker_set_record_id (KT_RECORD_PICKER (priv->company_picker), company);
  for (guint i = OWNER_ME; owner != NULL && priv->owner_ids != NULL && i < priv->owner_ids->len; i++)
    if (g_strcmp0 (g_ptr_array_index (priv->owner_ids, i), owner) == 0)
      {
        adw_combo_row_set_selected (priv->owner_row, i);
        break;
      }
  if (KT_RECORD_PANE_GET_CLASS (self)->restore_filters != NULL)
    KT_RECORD_PANE_GET_CLASS (self)->restore_filters (self, filters);
}

void
kt_record_pane_add_filter_row (KtRecordPane *self,
                               GtkWidget    *row)
{
  KtRecordPanePrivate *priv;

  g_return_if_fail (KT_IS_RECORD_PANE (self));
  g_return_if_fail (GTK_IS_WIDGET (row));

  priv = PRIV (self);
  gtk_list_box_insert (priv->filter_list, row,
                       gtk_list_box_row_get_index (GTK_LIST_BOX_ROW (priv->owner_row)));
}

/**
 * kt_record_pane_get_company_filter:
 *
 * Returns: (transfer none) (nullable): the Filters popover's company
 * picker, a KtRecordPicker; %NULL for an entity not filtered by company
 */
GtkWidget *
kt_record_pane_get_company_filter (KtRecordPane *self)
{
  g_return_val_if_fail (KT_IS_RECORD_PANE (self), NULL);

  return PRIV (self)->company_picker;
}

/**
 * kt_record_pane_get_owner_filter:
 *
 * Returns: (transfer none): the Filters popover's owner row, an
 * AdwComboRow: "Anyone", "Me", then the team's members by name
 */
GtkWidget *
kt_record_pane_get_owner_filter (KtRecordPane *self)
{
  g_return_val_if_fail (KT_IS_RECORD_PANE (self), NULL);

  return GTK_WIDGET (PRIV (self)->owner_row);
}

/**
 * kt_record_pane_get_filter_popover:
 *
 * Returns: (transfer none): the Filters button's popover
 */
GtkWidget *
kt_record_pane_get_filter_popover (KtRecordPane *self)
{
  g_return_val_if_fail (KT_IS_RECORD_PANE (self), NULL);

  return GTK_WIDGET (PRIV (self)->filter_popover);
}
