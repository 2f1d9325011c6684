/* kt-record-validate.c: generic validation of a record's fields
 *
 * Each field type has one check; the entity's own rules (kt-contact.c,
 * kt-invoice.c, ...) run after all of them pass. Every message names the
 * field by its translated label, and the error remembers the field key.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-record"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "kt-date.h"
#include "kt-error.h"
#include "kt-money.h"
#include "kt-record-private.h"
#include "kt-uuid.h"

/* The longest tag, in characters: tags are chips, not notes. */
#define KT_TAG_MAX_LENGTH 100
/* A label set, not a list of data: the choices of a custom field are
 * kept as tags too, so there is room, but not for 150,000 of them. */
#define KT_TAGS_MAX_COUNT 500

void
kt_record_set_field_error (GError     **error,
                           const char  *field,
                           const char  *format,
                           ...)
{
  GError *local;
  va_list args;

  if (error == NULL)
    return;

  va_start (args, format);
  local = g_error_new_valist (KT_ERROR, KT_ERROR_INVALID, format, args);
  va_end (args);

  kt_error_set_field (local, field);
  g_propagate_error (error, local);
}

/**
 * kt_record_error_get_field:
 * @error: an error from kt_record_validate() or the JSON codec
 *
 * Returns: (nullable): the key of the field the error is about.
 */
const char *
kt_record_error_get_field (const GError *error)
{
  return kt_error_get_field (error);
}

static gboolean
is_blank (const char *text)
{
  for (const char *p = text; *p; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)))
      return FALSE;
  return TRUE;
}

/* A pragmatic address check: one "@", a local part of printable ASCII or
 * UTF-8 without spaces, and a domain of at least two dot-separated labels
 * of letters, digits and hyphens. It catches typing mistakes; only a sent
 * message proves an address. */
static gboolean
is_valid_email (const char *text)
{
  const char *at = strchr (text, '@');
  g_auto(GStrv) labels = NULL;
  guint n;

  if (at == NULL || at == text || strchr (at + 1, '@') != NULL || strlen (text) > 254)
    return FALSE;

  for (const char *p = text; p < at; p++)
    if ((guchar) *p <= ' ' || strchr ("()<>[]\\,;:\"", *p) != NULL)
      return FALSE;
  if (text[0] == '.' || at[-1] == '.' || strstr (text, "..") != NULL)
    return FALSE;

  labels = g_strsplit (at + 1, ".", -1);
  n = g_strv_length (labels);
  if (n < 2)
    return FALSE;

  for (guint i = 0; i < n; i++)
    {
      const char *label = labels[i];
      gsize len = strlen (label);

      if (len == 0 || len > 63 || label[0] == '-' || label[len - 1] == '-')
        return FALSE;
      for (const char *p = label; *p; p++)
        if (!g_ascii_isalnum (*p) && *p != '-' && (guchar) *p < 0x80)
          return FALSE;
    }

  return TRUE;
}

/* Digits, spaces and + - ( ) . /, with a leading "+" only, and 3 to 20
 * digits: enough for every national and international format. */
static gboolean
is_valid_phone (const char *text)
{
  guint digits = 0;

  for (const char *p = text; *p; p++)
    {
      if (g_ascii_isdigit (*p))
        digits++;
      else if (*p == '+')
        {
          if (p != text)
            return FALSE;
        }
      else if (strchr (" -().//", *p) == NULL)
        return FALSE;
    }

  return digits >= 3 && digits <= 20;
}

static gboolean
is_valid_url (const char *text)
{
  g_autoptr(GUri) uri = NULL;
  const char *scheme;
  const char *host;

  for (const char *p = text; *p; p++)
    if ((guchar) *p <= ' ')
      return FALSE;

  uri = g_uri_parse (text, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL)
    return FALSE;

  scheme = g_uri_get_scheme (uri);
  host = g_uri_get_host (uri);

  return (g_ascii_strcasecmp (scheme, "http") == 0 || g_ascii_strcasecmp (scheme, "https") == 0) &&
         host != NULL && *host != '\0' && strchr (host, '.') != NULL;
}

static gboolean
check_string (const KtField  *field,
              const char     *label,
              const char     *text,
              GError        **error)
{
  glong length = g_utf8_strlen (text, -1);
  guint max_length = kt_field_get_max_length (field);

  if ((guint) length > max_length)
    {
      kt_record_set_field_error (error, field->name,
                                 ngettext ("“%s” is longer than %u character",
                                           "“%s” is longer than %u characters", max_length),
                                 label, max_length);
      return FALSE;
    }

  switch (field->type)
    {
    case KT_FIELD_EMAIL:
      if (!is_valid_email (text))
        {
          kt_record_set_field_error (error, field->name,
                                     _("“%s” is not a valid email address"), label);
          return FALSE;
        }
      break;

    case KT_FIELD_PHONE:
      if (!is_valid_phone (text))
        {
          kt_record_set_field_error (error, field->name,
                                     _("“%s” is not a valid phone number: use digits, spaces and + - ( )"),
                                     label);
          return FALSE;
        }
      break;

    case KT_FIELD_URL:
      if (!is_valid_url (text))
        {
          kt_record_set_field_error (error, field->name,
                                     _("“%s” is not a web address starting with http:// or https://"),
                                     label);
          return FALSE;
        }
      break;

    case KT_FIELD_CURRENCY:
      if (!kt_currency_is_valid (text))
        {
          kt_record_set_field_error (error, field->name,
                                     _("“%s” is not a known currency: “%s”"), label, text);
          return FALSE;
        }
      break;

    case KT_FIELD_DATE:
      if (!kt_date_is_valid (text))
        {
          kt_record_set_field_error (error, field->name,
                                     _("“%s” is not a valid date: “%s”"), label, text);
          return FALSE;
        }
      break;

    case KT_FIELD_DATETIME:
      if (!kt_datetime_is_valid (text))
        {
          kt_record_set_field_error (error, field->name,
                                     _("“%s” is not a valid date and time: “%s”"), label, text);
          return FALSE;
        }
      break;

    case KT_FIELD_ENUM:
      if (field->choices == NULL || !g_strv_contains (field->choices, text))
        {
          kt_record_set_field_error (error, field->name,
                                     _("“%s” cannot be “%s”"), label, text);
          return FALSE;
        }
      break;

    case KT_FIELD_REF:
      if (!kt_uuid_is_valid (text))
        {
          kt_record_set_field_error (error, field->name,
                                     _("“%s” does not refer to a record"), label);
          return FALSE;
        }
      break;

    default:
      break;
    }

  return TRUE;
}

static gboolean
check_number (const KtField  *field,
              const char     *label,
              gint64          value,
              GError        **error)
{
  gint64 min = field->min;
  gint64 max = field->max;

  if (field->type == KT_FIELD_BPS && min == 0 && max == 0)
    max = 10000;

  if (min == 0 && max == 0)
    return TRUE;

  if (value < min || value > max)
    {
      /* Numbers go in as text: a G_GINT64_FORMAT inside _() would cut the
       * message short for xgettext. */
      g_autofree char *low = g_strdup_printf ("%" G_GINT64_FORMAT, field->type == KT_FIELD_BPS ? min / 100 : min);
      g_autofree char *high = g_strdup_printf ("%" G_GINT64_FORMAT, field->type == KT_FIELD_BPS ? max / 100 : max);

      if (field->type == KT_FIELD_BPS)
        kt_record_set_field_error (error, field->name,
                                   _("“%s” must be between %s %% and %s %%"), label, low, high);
      else if (min == 0 && max == G_MAXINT64)
        kt_record_set_field_error (error, field->name,
                                   _("“%s” cannot be negative"), label);
      else
        kt_record_set_field_error (error, field->name,
                                   _("“%s” must be between %s and %s"), label, low, high);
      return FALSE;
    }

  return TRUE;
}

static gboolean
check_tags (const KtField  *field,
            const char     *label,
            JsonArray      *array,
            GError        **error)
{
  if (json_array_get_length (array) > KT_TAGS_MAX_COUNT)
    {
      kt_record_set_field_error (error, field->name,
                                 _("“%s” has more than %u entries"), label, KT_TAGS_MAX_COUNT);
      return FALSE;
    }
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      const char *tag = json_array_get_string_element (array, i);

      if (is_blank (tag))
        {
          kt_record_set_field_error (error, field->name,
                                     _("“%s” cannot contain an empty tag"), label);
          return FALSE;
        }
      if (g_utf8_strlen (tag, -1) > KT_TAG_MAX_LENGTH)
        {
          kt_record_set_field_error (error, field->name,
                                     _("“%s” has a tag longer than %u characters"),
                                     label, KT_TAG_MAX_LENGTH);
          return FALSE;
        }
    }

  return TRUE;
}

static gboolean
validate_field (KtRecord  *record,
                guint      index,
                GError   **error)
{
  const KtField *field = &kt_record_get_entity (record)->fields[index];
  JsonNode *node = kt_record_peek_value (record, index);
  const char *label = _(field->label);

  if (node == NULL)
    {
      if (field->flags & KT_FIELD_REQUIRED)
        {
          kt_record_set_field_error (error, field->name, _("“%s” is required"), label);
          return FALSE;
        }
      return TRUE;
    }

  /* Values set with kt_record_set_node() or loaded from a store have been
   * type-checked already; this keeps validation honest for any path. */
  if (!kt_field_check_node_type (field, node, NULL))
    {
      kt_record_set_field_error (error, field->name, _("“%s” has a value of the wrong type"), label);
      return FALSE;
    }

  switch (field->type)
    {
    case KT_FIELD_INT:
    case KT_FIELD_MONEY:
    case KT_FIELD_QUANTITY:
    case KT_FIELD_BPS:
      return check_number (field, label, json_node_get_int (node), error);

    case KT_FIELD_TAGS:
      if ((field->flags & KT_FIELD_REQUIRED) &&
          json_array_get_length (json_node_get_array (node)) == 0)
        {
          kt_record_set_field_error (error, field->name, _("“%s” is required"), label);
          return FALSE;
        }
      return check_tags (field, label, json_node_get_array (node), error);

    case KT_FIELD_BOOL:
    case KT_FIELD_JSON:
      return TRUE;

    default:
      {
        const char *text = json_node_get_string (node);

        if (is_blank (text))
          {
            /* An empty optional string is as good as unset. */
            if (field->flags & KT_FIELD_REQUIRED)
              {
                kt_record_set_field_error (error, field->name, _("“%s” is required"), label);
                return FALSE;
              }
            return TRUE;
          }

        return check_string (field, label, text, error);
      }
    }
}

/**
 * kt_record_validate_field:
 * @record: a record
 * @field: one of its fields
 * @error: return location for a #GError
 *
 * Returns: %TRUE if the field passes the generic checks.
 */
gboolean
kt_record_validate_field (KtRecord    *record,
                          const char  *field,
                          GError     **error)
{
  int index;

  g_return_val_if_fail (KT_IS_RECORD (record), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  index = kt_entity_get_field_index (kt_record_get_entity (record), field);
  g_return_val_if_fail (index >= 0, FALSE);

  return validate_field (record, index, error);
}

/**
 * kt_record_validate:
 * @record: a record
 * @error: return location for a #GError
 *
 * Returns: %TRUE if every field passes and the entity's rules hold; the
 *   first failure is reported.
 */
gboolean
kt_record_validate (KtRecord  *record,
                    GError   **error)
{
  const KtEntity *entity;
  guint n_fields;

  g_return_val_if_fail (KT_IS_RECORD (record), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  entity = kt_record_get_entity (record);
  n_fields = kt_entity_n_fields (entity);

  for (guint i = 0; i < n_fields; i++)
    if (!validate_field (record, i, error))
      return FALSE;

  if (entity->validate != NULL)
    return entity->validate (entity, record, error);

  return TRUE;
}
