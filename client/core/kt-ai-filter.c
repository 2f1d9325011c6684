/* kt-ai-filter.c: a smart search's filter, and the context of an AI action
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-ai-filter"

#include "config.h"

#include <glib/gi18n.h>

#include "kt-ai-filter.h"

static const char * const entities[] = { "contact", "company", "deal", "task", "invoice", NULL };
static const char * const ops[] = { "eq", "ne", "lt", "le", "gt", "ge", "contains", NULL };

const char * const *
kt_ai_filter_entities (void)
{
  return entities;
}

const char * const *
kt_ai_filter_ops (void)
{
  return ops;
}

const char *
kt_ai_filter_op_label (const char *op)
{
  if (g_strcmp0 (op, "eq") == 0)
    return C_("filter", "is");
  if (g_strcmp0 (op, "ne") == 0)
    return C_("filter", "is not");
  if (g_strcmp0 (op, "lt") == 0)
    return C_("filter", "is less than");
  if (g_strcmp0 (op, "le") == 0)
    return C_("filter", "is at most");
  if (g_strcmp0 (op, "gt") == 0)
    return C_("filter", "is more than");
  if (g_strcmp0 (op, "ge") == 0)
    return C_("filter", "is at least");
  if (g_strcmp0 (op, "contains") == 0)
    return C_("filter", "contains");
  return op;
}

const char *
kt_ai_filter_entity_label (const KtEntity *entity)
{
  static const char * const names[][2] = {
    { "contact", N_("Contacts") }, { "company", N_("Companies") }, { "deal", N_("Deals") },
    { "task", N_("Tasks") }, { "invoice", N_("Invoices") },
  };

  g_return_val_if_fail (entity != NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (g_str_equal (entity->name, names[i][0]))
      return _(names[i][1]);
  return _(entity->label);
}

KtAiCondition *
kt_ai_condition_new (const char *field,
                     const char *op,
                     const char *value)
{
  KtAiCondition *condition = g_new0 (KtAiCondition, 1);

  condition->field = g_strdup (field);
  condition->op = g_strdup (op);
  condition->value = g_strdup (value != NULL ? value : "");
  return condition;
}

void
kt_ai_condition_free (KtAiCondition *condition)
{
  if (condition == NULL)
    return;
  g_free (condition->field);
  g_free (condition->op);
  g_free (condition->value);
  g_free (condition);
}

KtAiFilter *
kt_ai_filter_new (const KtEntity *entity)
{
  KtAiFilter *filter = g_new0 (KtAiFilter, 1);

  filter->entity = entity;
  filter->conditions = g_ptr_array_new_with_free_func ((GDestroyNotify) kt_ai_condition_free);
  return filter;
}

void
kt_ai_filter_free (KtAiFilter *filter)
{
  if (filter == NULL)
    return;
  g_ptr_array_unref (filter->conditions);
  g_free (filter->sort);
  g_free (filter);
}

/* Minor units ("1000000") as major units ("10000", "10000.5"): a person
 * edits the amount they would type in a form. */
static char *
minor_to_major (const char *value)
{
  char *end = NULL;
  gint64 minor = g_ascii_strtoll (value, &end, 10);
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (*value == '\0' || end == NULL || *end != '\0')
    return g_strdup (value);
  if (minor % 100 == 0)
    return g_strdup_printf ("%" G_GINT64_FORMAT, minor / 100);
  return g_strdup (g_ascii_formatd (buf, sizeof buf, "%.2f", (double) minor / 100.0));
}

KtAiFilter *
kt_ai_filter_new_from_json (JsonObject  *result,
                            GError     **error)
{
  const char *name = json_object_get_string_member_with_default (result, "entity", NULL);
  const KtEntity *entity = kt_entity_lookup (name != NULL ? name : "");
  g_autoptr(KtAiFilter) filter = NULL;
  JsonArray *filters;

  if (entity == NULL || !g_strv_contains (entities, name))
    {
      g_set_error (error, KT_ERROR, KT_ERROR_UNKNOWN_ENTITY,
                   _("The AI asked to search “%s”, which smart search cannot look in."),
                   name != NULL ? name : "");
      return NULL;
    }

  filter = kt_ai_filter_new (entity);
  filters = json_object_get_array_member (result, "filters");
  for (guint i = 0; filters != NULL && i < json_array_get_length (filters); i++)
    {
      JsonObject *item = json_array_get_object_element (filters, i);
      const char *field = json_object_get_string_member_with_default (item, "field", "");
      const char *value = json_object_get_string_member_with_default (item, "value", "");
      const KtField *f = kt_entity_get_field (entity, field);
      g_autofree char *shown = f != NULL && f->type == KT_FIELD_MONEY ? minor_to_major (value) : g_strdup (value);

      g_ptr_array_add (filter->conditions,
                       kt_ai_condition_new (field, json_object_get_string_member_with_default (item, "op", "eq"),
                                            shown));
    }
  if (json_object_has_member (result, "sort"))
    filter->sort = g_strdup (json_object_get_string_member_with_default (result, "sort", NULL));
  return g_steal_pointer (&filter);
}

static gboolean
refuse_field (const KtEntity *entity,
              const char     *field,
              GError        **error)
{
  g_set_error (error, KT_ERROR, KT_ERROR_UNKNOWN_FIELD,
               _("“%s” is not something a search of %s can look at; remove that condition."),
               field, kt_ai_filter_entity_label (entity));
  return FALSE;
}

/* The value as the store compares it: money in minor units, a yes/no as
 * true/false, an enum one of its choices; NULL with @error otherwise. */
static char *
store_value (const KtField *field,
             const char    *op,
             const char    *value,
             GError       **error)
{
  g_autofree char *text = g_strstrip (g_strdup (value));

  if (g_str_equal (op, "contains"))
    {
      if (field->type == KT_FIELD_TEXT || field->type == KT_FIELD_EMAIL ||
          field->type == KT_FIELD_PHONE || field->type == KT_FIELD_URL)
        return g_steal_pointer (&text);
      goto bad;
    }

  switch (field->type)
    {
    case KT_FIELD_MONEY:
      {
        gint64 minor;

        /* As a person types an amount: "10000", "10 000,50" or
         * "10,000.50"; in cents, as the store keeps it (two decimals:
         * the filter does not know each row's currency). */
        if (!kt_money_parse (text, "EUR", '.', &minor, NULL) &&
            !kt_money_parse (text, "EUR", ',', &minor, NULL))
          goto bad;
        return g_strdup_printf ("%" G_GINT64_FORMAT, minor);
      }
    case KT_FIELD_INT:
    case KT_FIELD_BPS:
    case KT_FIELD_QUANTITY:
      {
        char *end = NULL;

        g_ascii_strtoll (text, &end, 10);
        if (*text == '\0' || end == NULL || *end != '\0')
          goto bad;
        return g_steal_pointer (&text);
      }
    case KT_FIELD_BOOL:
      if (g_str_equal (text, "true") || g_str_equal (text, "false"))
        return g_steal_pointer (&text);
      goto bad;
    case KT_FIELD_ENUM:
      if (field->choices != NULL && g_strv_contains (field->choices, text))
        return g_steal_pointer (&text);
      goto bad;
    case KT_FIELD_DATE:
    case KT_FIELD_DATETIME:
      {
        g_autoptr(GDateTime) when = NULL;
        g_autofree char *iso = NULL;

        /* A date compares with a date, and a time with its ISO text; a
         * date alone against a time means its midnight, UTC. */
        if (strlen (text) < 10)
          goto bad;
        iso = strlen (text) == 10 ? g_strconcat (text, "T00:00:00Z", NULL) : g_strdup (text);
        when = g_date_time_new_from_iso8601 (iso, NULL);
        if (when == NULL)
          goto bad;
        return g_steal_pointer (&text);
      }
    case KT_FIELD_TEXT:
    case KT_FIELD_EMAIL:
    case KT_FIELD_PHONE:
    case KT_FIELD_URL:
    case KT_FIELD_CURRENCY:
      return g_steal_pointer (&text);
    case KT_FIELD_REF:
    case KT_FIELD_TAGS:
    case KT_FIELD_JSON:
    default:
      goto bad;
    }

bad:
  g_set_error (error, KT_ERROR, KT_ERROR_INVALID,
               _("“%s” %s “%s” cannot be searched for; change or remove that condition."),
               _(field->label), kt_ai_filter_op_label (op), value);
  return NULL;
}

gboolean
kt_ai_condition_check (const KtEntity *entity,
                       KtAiCondition  *condition,
                       GError        **error)
{
  const KtField *field;
  g_autofree char *value = NULL;

  g_return_val_if_fail (entity != NULL && condition != NULL, FALSE);

  field = kt_entity_get_field (entity, condition->field);
  /* References hold ids a person never sees, and custom and secret
   * fields are not columns: the model gets no way around the fields a
   * person filters by. */
  if (field == NULL || (field->flags & KT_FIELD_SECRET) != 0 ||
      field->type == KT_FIELD_REF || field->type == KT_FIELD_JSON)
    return refuse_field (entity, condition->field, error);
  if (field->type == KT_FIELD_TAGS)
    {
      if (g_str_equal (condition->op, "eq") || g_str_equal (condition->op, "contains"))
        return TRUE;
      return refuse_field (entity, condition->field, error);
    }
  if (!g_strv_contains (ops, condition->op))
    return refuse_field (entity, condition->field, error);
  value = store_value (field, condition->op, condition->value, error);
  return value != NULL;
}

/* "2026-12-31" -> "2027-01-01". */
static char *
next_day (const char *date)
{
  g_autofree char *iso = g_strconcat (date, "T00:00:00Z", NULL);
  g_autoptr(GDateTime) day = g_date_time_new_from_iso8601 (iso, NULL);
  g_autoptr(GDateTime) next = g_date_time_add_days (day, 1);

  return g_date_time_format (next, "%Y-%m-%d");
}

KtQuery *
kt_ai_filter_to_query (KtAiFilter  *filter,
                       GError     **error)
{
  g_autoptr(KtQuery) query = NULL;

  g_return_val_if_fail (filter != NULL && filter->entity != NULL, NULL);

  query = kt_query_new (filter->entity);
  for (guint i = 0; i < filter->conditions->len; i++)
    {
      KtAiCondition *c = g_ptr_array_index (filter->conditions, i);
      const KtField *field;
      g_autofree char *value = NULL;

      if (!kt_ai_condition_check (filter->entity, c, error))
        return NULL;
      field = kt_entity_get_field (filter->entity, c->field);
      if (field->type == KT_FIELD_TAGS)
        {
          g_autofree char *tag = g_strstrip (g_strdup (c->value));

          kt_query_set_tag (query, tag);
          continue;
        }
      value = store_value (field, c->op, c->value, error);
      /* A day against a time: "at most the 31st" means before the 1st,
       * not before the 31st's midnight. */
      if (field->type == KT_FIELD_DATETIME && strlen (value) == 10 &&
          (g_str_equal (c->op, "le") || g_str_equal (c->op, "gt") || g_str_equal (c->op, "eq")))
        {
          g_autofree char *next = next_day (value);

          if (g_str_equal (c->op, "le"))
            kt_query_add_filter_before (query, c->field, next);
          else if (g_str_equal (c->op, "gt"))
            kt_query_add_filter_from (query, c->field, next);
          else
            {
              kt_query_add_filter_from (query, c->field, value);
              kt_query_add_filter_before (query, c->field, next);
            }
          continue;
        }
      if (g_str_equal (c->op, "eq"))
        kt_query_add_filter (query, c->field, value);
      else if (g_str_equal (c->op, "ne"))
        kt_query_add_filter_not (query, c->field, value);
      else if (g_str_equal (c->op, "lt"))
        kt_query_add_filter_before (query, c->field, value);
      else if (g_str_equal (c->op, "le"))
        kt_query_add_filter_upto (query, c->field, value);
      else if (g_str_equal (c->op, "gt"))
        kt_query_add_filter_after (query, c->field, value);
      else if (g_str_equal (c->op, "ge"))
        kt_query_add_filter_from (query, c->field, value);
      else
        kt_query_add_filter_contains (query, c->field, value);
    }

  if (filter->sort != NULL && *filter->sort != '\0')
    {
      gboolean descending = filter->sort[0] == '-';
      const char *name = filter->sort + (descending ? 1 : 0);
      const KtField *field = kt_entity_get_field (filter->entity, name);

      /* An order the entity cannot sort by is only a preference: the
       * rows are still the right ones, in the usual order. */
      if (field != NULL && (field->flags & KT_FIELD_SORTABLE) != 0)
        kt_query_set_sort (query, name, descending);
    }
  return g_steal_pointer (&query);
}

char *
kt_ai_record_context_label (KtRecord *record)
{
  g_autofree char *title = kt_record_dup_title (record);

  g_return_val_if_fail (KT_IS_RECORD (record), NULL);

  /* Translators: an AI context item, "Contact: Иван Петров". */
  return g_strdup_printf (_("%s: %s"), _(kt_record_get_entity (record)->label), title);
}

char *
kt_ai_record_context_text (KtStore  *store,
                           KtRecord *record)
{
  const KtEntity *entity;
  GString *text = g_string_new (NULL);

  g_return_val_if_fail (KT_IS_RECORD (record), NULL);

  entity = kt_record_get_entity (record);
  for (const KtField *f = entity->fields; f->name != NULL; f++)
    {
      g_autofree char *value = NULL;

      if (!kt_record_has (record, f->name) || (f->flags & KT_FIELD_SECRET) != 0)
        continue;
      switch (f->type)
        {
        case KT_FIELD_JSON:
          continue;
        case KT_FIELD_REF:
          {
            const KtEntity *target = kt_entity_lookup (f->ref_entity);
            g_autoptr(KtRecord) other = NULL;

            if (store != NULL && target != NULL)
              other = kt_store_get (store, target, kt_record_get_string (record, f->name), NULL);
            if (other == NULL)
              continue;
            value = kt_record_dup_title (other);
            break;
          }
        case KT_FIELD_MONEY:
          value = kt_money_to_plain_string (kt_record_get_int (record, f->name),
                                            f->currency_field != NULL
                                            ? kt_record_get_string (record, f->currency_field) : NULL);
          break;
        case KT_FIELD_INT:
        case KT_FIELD_QUANTITY:
          value = g_strdup_printf ("%" G_GINT64_FORMAT, kt_record_get_int (record, f->name));
          break;
        case KT_FIELD_BPS:
          value = g_strdup_printf ("%.2f %%", (double) kt_record_get_int (record, f->name) / 100.0);
          break;
        case KT_FIELD_BOOL:
          value = g_strdup (kt_record_get_bool (record, f->name) ? _("yes") : _("no"));
          break;
        case KT_FIELD_TAGS:
          {
            const char * const *tags = kt_record_get_tags (record, f->name);

            if (tags == NULL || tags[0] == NULL)
              continue;
            value = g_strjoinv (", ", (char **) tags);
            break;
          }
        case KT_FIELD_TEXT:
        case KT_FIELD_EMAIL:
        case KT_FIELD_PHONE:
        case KT_FIELD_URL:
        case KT_FIELD_CURRENCY:
        case KT_FIELD_DATE:
        case KT_FIELD_DATETIME:
        case KT_FIELD_ENUM:
        default:
          value = g_strdup (kt_record_get_string (record, f->name));
          break;
        }
      if (value != NULL && *value != '\0')
        g_string_append_printf (text, "%s: %s\n", _(f->label), value);
    }
  return g_string_free (text, FALSE);
}

char *
kt_ai_mailto_uri (const char *to,
                  const char *subject,
                  const char *body)
{
  g_autofree char *to_part = NULL;
  g_autofree char *subject_part = NULL;
  g_autofree char *body_part = NULL;
  g_autofree char *crlf_body = NULL;
  g_auto(GStrv) lines = NULL;

  /* RFC 6068: everything but the address's own "@" escaped, and line
   * breaks as %0D%0A. */
  lines = g_strsplit (body != NULL ? body : "", "\n", -1);
  crlf_body = g_strjoinv ("\r\n", lines);
  to_part = g_uri_escape_string (to != NULL ? to : "", "@", FALSE);
  subject_part = g_uri_escape_string (subject != NULL ? subject : "", NULL, FALSE);
  body_part = g_uri_escape_string (crlf_body, NULL, FALSE);
  return g_strdup_printf ("mailto:%s?subject=%s&body=%s", to_part, subject_part, body_part);
}
