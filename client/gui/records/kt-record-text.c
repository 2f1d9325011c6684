/* kt-record-text.c: a record's values as the UI shows them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-record-text"

#include "config.h"

#include <glib/gi18n.h>

#include "kt-documents.h"
#include "kt-format.h"
#include "kt-owners.h"
#include "kt-record-spec.h"
#include "kt-record-text.h"

/* Enum values are identifiers in the model; these are their names for
 * people. Values not listed (company sizes such as "11-50") read the same
 * in every language. */
static const struct {
  const char *choice;
  const char *label;
} choice_labels[] = {
  { "manual", N_("Entered by hand") },
  { "import", N_("Imported") },
  { "website", N_("Website") },
  { "referral", N_("Referral") },
  { "event", N_("Event") },
  { "other", N_("Other") },
  { "open", N_("Open") },
  { "won", N_("Won") },
  { "lost", N_("Lost") },
  { "low", N_("Low") },
  { "medium", N_("Medium") },
  { "high", N_("High") },
  { "urgent", N_("Urgent") },
  { "todo", N_("To do") },
  { "call", N_("Call") },
  { "email", N_("Email") },
  { "meeting", N_("Meeting") },
  { "follow_up", N_("Follow-up") },
  { "deadline", N_("Deadline") },
  { "note", N_("Note") },
  { "draft", N_("Draft") },
  { "sent", N_("Sent") },
  { "partially_paid", N_("Partially paid") },
  { "paid", N_("Paid") },
  { "overdue", N_("Overdue") },
  { "cancelled", N_("Cancelled") },
  /* An invoice's repeat_every. */
  { "month", N_("Every month") },
  { "quarter", N_("Every quarter") },
  { "year", N_("Every year") },
};

const char *
kt_record_text_choice (const char *choice)
{
  if (choice == NULL)
    return NULL;

  for (guint i = 0; i < G_N_ELEMENTS (choice_labels); i++)
    if (g_str_equal (choice_labels[i].choice, choice))
      return _(choice_labels[i].label);

  return choice;
}

char *
kt_record_text_title (KtRecord *record)
{
  const KtEntity *entity;

  g_return_val_if_fail (KT_IS_RECORD (record), NULL);

  entity = kt_record_get_entity (record);
  if (entity == KT_ENTITY_INVOICE || entity == KT_ENTITY_OFFER)
    return kt_document_dup_number (record);

  return kt_record_dup_title (record);
}

const char *
kt_record_text_label (const KtEntity *entity,
                      const char     *field)
{
  const KtField *desc;

  g_return_val_if_fail (entity != NULL, NULL);
  g_return_val_if_fail (field != NULL, NULL);

  if (g_str_equal (field, KT_COLUMN_TITLE))
    return _("Name");
  if (g_str_equal (field, KT_META_OWNER))
    return _("Owner");

  desc = kt_entity_get_field (entity, field);
  return desc != NULL ? _(desc->label) : field;
}

static char *
ref_title (KtStore        *store,
           const KtEntity *entity,
           const char     *id,
           GHashTable     *cache)
{
  g_autoptr(KtRecord) ref = NULL;
  char *title;

  if (cache != NULL && (title = g_hash_table_lookup (cache, id)) != NULL)
    return g_strdup (title);

  if (entity == NULL || (ref = kt_store_get (store, entity, id, NULL)) == NULL)
    return g_strdup (_("(deleted)"));

  title = kt_record_text_title (ref);
  if (cache != NULL)
    g_hash_table_insert (cache, g_strdup (id), g_strdup (title));

  return title;
}

char *
kt_record_text_field (KtStore    *store,
                      KtRecord   *record,
                      const char *field,
                      GHashTable *title_cache)
{
  const KtEntity *entity;
  const KtField *desc;

  g_return_val_if_fail (KT_IS_STORE (store), NULL);
  g_return_val_if_fail (KT_IS_RECORD (record), NULL);
  g_return_val_if_fail (field != NULL, NULL);

  entity = kt_record_get_entity (record);

  if (g_str_equal (field, KT_COLUMN_TITLE))
    return kt_record_text_title (record);

  if (g_str_equal (field, KT_META_OWNER))
    {
      const char *owner = kt_record_get_owner_id (record);

      /* Other people's names come from the team the Team pane cached. */
      return owner != NULL ? kt_owners_dup_name (store, owner, title_cache) : NULL;
    }

  desc = kt_entity_get_field (entity, field);
  if (desc == NULL || !kt_record_has (record, field))
    return NULL;

  switch (desc->type)
    {
    case KT_FIELD_TEXT:
    case KT_FIELD_EMAIL:
    case KT_FIELD_PHONE:
    case KT_FIELD_URL:
    case KT_FIELD_CURRENCY:
      return g_strdup (kt_record_get_string (record, field));

    case KT_FIELD_INT:
      return kt_format_number (kt_record_get_int (record, field));

    case KT_FIELD_MONEY:
      {
        const char *currency = NULL;

        if (desc->currency_field != NULL)
          currency = kt_record_get_string (record, desc->currency_field);
        return kt_format_money (kt_record_get_int (record, field),
                                currency != NULL ? currency : KT_DEFAULT_CURRENCY);
      }

    case KT_FIELD_QUANTITY:
      {
        gint64 value = kt_record_get_int (record, field);
        g_autofree char *whole = kt_format_number (value / 1000);
        gint64 frac = ABS (value % 1000);

        if (frac == 0)
          return g_steal_pointer (&whole);
        return g_strdup_printf ("%s%c%03" G_GINT64_FORMAT, whole,
                                kt_format_get_decimal_mark (), frac);
      }

    case KT_FIELD_BPS:
      {
        gint64 bps = kt_record_get_int (record, field);

        if (bps % 100 == 0)
          return g_strdup_printf ("%" G_GINT64_FORMAT " %%", bps / 100);
        return g_strdup_printf ("%" G_GINT64_FORMAT "%c%02" G_GINT64_FORMAT " %%",
                                bps / 100, kt_format_get_decimal_mark (), bps % 100);
      }

    case KT_FIELD_BOOL:
      return g_strdup (kt_record_get_bool (record, field) ? _("Yes") : _("No"));

    case KT_FIELD_DATE:
      return kt_format_date_string (kt_record_get_string (record, field));

    case KT_FIELD_DATETIME:
      return kt_format_datetime_string (kt_record_get_string (record, field));

    case KT_FIELD_ENUM:
      return g_strdup (kt_record_text_choice (kt_record_get_string (record, field)));

    case KT_FIELD_REF:
      return ref_title (store, kt_entity_lookup (desc->ref_entity),
                        kt_record_get_string (record, field), title_cache);

    case KT_FIELD_TAGS:
      {
        const char * const *tags = kt_record_get_tags (record, field);

        if (tags == NULL || tags[0] == NULL)
          return NULL;
        return g_strjoinv (", ", (char **) tags);
      }

    case KT_FIELD_JSON:
    default:
      return NULL;
    }
}

GPtrArray *
kt_record_text_load_custom_fields (KtStore        *store,
                                   const KtEntity *entity)
{
  const KtEntity *custom_field = kt_entity_lookup ("custom_field");
  g_autoptr(KtQuery) query = NULL;
  GPtrArray *definitions;

  g_return_val_if_fail (KT_IS_STORE (store), NULL);
  g_return_val_if_fail (entity != NULL, NULL);

  if (custom_field == NULL)
    return g_ptr_array_new_with_free_func (g_object_unref);

  query = kt_query_new (custom_field);
  kt_query_add_filter (query, "target_entity", entity->name);
  kt_query_set_sort (query, "position", FALSE);
  definitions = kt_store_query (store, query, 0, 200, NULL);

  return definitions != NULL ? definitions : g_ptr_array_new_with_free_func (g_object_unref);
}

char *
kt_record_text_custom_value (KtRecord *record,
                             KtRecord *definition)
{
  JsonNode *custom = kt_record_get_node (record, "custom");
  const char *key = kt_record_get_string (definition, "key");
  const char *type = kt_record_get_string (definition, "field_type");
  JsonObject *object;
  JsonNode *value;

  if (custom == NULL || key == NULL || !JSON_NODE_HOLDS_OBJECT (custom))
    return NULL;

  object = json_node_get_object (custom);
  value = json_object_get_member (object, key);
  if (value == NULL || JSON_NODE_HOLDS_NULL (value) || !JSON_NODE_HOLDS_VALUE (value))
    return NULL;

  if (g_strcmp0 (type, "bool") == 0)
    return g_strdup (json_node_get_boolean (value) ? _("Yes") : _("No"));

  if (g_strcmp0 (type, "number") == 0)
    {
      if (json_node_get_value_type (value) == G_TYPE_INT64)
        return kt_format_number (json_node_get_int (value));
      return g_strdup_printf ("%g", json_node_get_double (value));
    }

  if (json_node_get_value_type (value) != G_TYPE_STRING)
    return NULL;

  if (g_strcmp0 (type, "date") == 0)
    return kt_format_date_string (json_node_get_string (value));

  return g_strdup (json_node_get_string (value));
}
