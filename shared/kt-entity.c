/* kt-entity.c: the registry of entities
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-entity"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "kt-entities.h"
#include "kt-entity.h"

/* Dependency order: every entity comes after the entities it references
 * (but itself, and the invoice its offer: tests/shared/test-record.c),
 * so stores can create tables and replay changes in this order. */
static const KtEntity * const registry[] = {
  &kt_user_entity,
  &kt_organization_entity,
  &kt_team_member_entity,
  &kt_subscription_entity,
  &kt_subscription_history_entity,
  &kt_company_entity,
  &kt_contact_entity,
  &kt_pipeline_entity,
  &kt_stage_entity,
  &kt_deal_entity,
  &kt_task_entity,
  &kt_activity_entity,
  &kt_custom_field_entity,
  &kt_document_template_entity,
  &kt_template_variable_entity,
  &kt_invoice_entity,
  &kt_invoice_item_entity,
  &kt_offer_entity,
  &kt_offer_item_entity,
  &kt_payment_entity,
  &kt_ai_conversation_entity,
  &kt_ai_message_entity,
  &kt_ai_suggestion_entity,
  &kt_saved_view_entity,
  NULL
};

static const char * const meta_fields[] = {
  KT_META_ID, KT_META_ORG, KT_META_OWNER, KT_META_CREATED, KT_META_UPDATED,
  KT_META_HLC, KT_META_DELETED, KT_META_CLOCKS, NULL
};

/**
 * kt_entity_all:
 *
 * Returns: (transfer none) (array zero-terminated=1): every entity, in
 *   dependency order.
 */
const KtEntity * const *
kt_entity_all (void)
{
  return registry;
}

const KtEntity *
kt_entity_lookup (const char *name)
{
  if (name == NULL)
    return NULL;

  for (guint i = 0; registry[i] != NULL; i++)
    if (strcmp (registry[i]->name, name) == 0)
      return registry[i];

  return NULL;
}

const KtEntity *
kt_entity_lookup_plural (const char *plural)
{
  if (plural == NULL)
    return NULL;

  for (guint i = 0; registry[i] != NULL; i++)
    if (strcmp (registry[i]->plural, plural) == 0)
      return registry[i];

  return NULL;
}

const KtField *
kt_entity_get_field (const KtEntity *entity,
                     const char     *field)
{
  g_return_val_if_fail (entity != NULL, NULL);

  if (field == NULL)
    return NULL;

  for (const KtField *f = entity->fields; f->name != NULL; f++)
    if (strcmp (f->name, field) == 0)
      return f;

  return NULL;
}

/**
 * kt_entity_get_field_index:
 * @entity: an entity
 * @field: a field name
 *
 * Returns: the position of @field in @entity's fields, or -1.
 */
int
kt_entity_get_field_index (const KtEntity *entity,
                           const char     *field)
{
  const KtField *f = kt_entity_get_field (entity, field);

  return f != NULL ? (int) (f - entity->fields) : -1;
}

guint
kt_entity_n_fields (const KtEntity *entity)
{
  guint n = 0;

  g_return_val_if_fail (entity != NULL, 0);

  while (entity->fields[n].name != NULL)
    n++;

  return n;
}

gboolean
kt_field_is_meta (const char *name)
{
  return name != NULL && g_strv_contains (meta_fields, name);
}

const char *
kt_field_type_to_string (KtFieldType type)
{
  switch (type)
    {
    case KT_FIELD_TEXT: return "text";
    case KT_FIELD_EMAIL: return "email";
    case KT_FIELD_PHONE: return "phone";
    case KT_FIELD_URL: return "url";
    case KT_FIELD_INT: return "int";
    case KT_FIELD_MONEY: return "money";
    case KT_FIELD_QUANTITY: return "quantity";
    case KT_FIELD_BPS: return "bps";
    case KT_FIELD_CURRENCY: return "currency";
    case KT_FIELD_BOOL: return "bool";
    case KT_FIELD_DATE: return "date";
    case KT_FIELD_DATETIME: return "datetime";
    case KT_FIELD_ENUM: return "enum";
    case KT_FIELD_REF: return "ref";
    case KT_FIELD_TAGS: return "tags";
    case KT_FIELD_JSON: return "json";
    default: g_return_val_if_reached (NULL);
    }
}

/**
 * kt_field_get_max_length:
 * @field: a string field
 *
 * Returns: the field's maximum length in characters (the default 1000 when
 *   the field gives none).
 */
guint
kt_field_get_max_length (const KtField *field)
{
  g_return_val_if_fail (field != NULL, 0);

  return field->max_length != 0 ? field->max_length : 1000;
}
