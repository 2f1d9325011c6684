/* kt-vcard-contact.c: contacts as vCards and back
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-vcard-contact"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "kt-import-guess.h"
#include "kt-vcard-contact.h"

static const char * const targets[] = {
  "first_name", "last_name", KT_IMPORT_TARGET_FULL_NAME, "email", "phone", "mobile",
  "job_title", KT_IMPORT_TARGET_COMPANY_NAME, "address", "city", "postal_code",
  "country", "website", "linkedin", "twitter", "facebook", "birthday", "tags",
  "notes", NULL
};

const char * const *
kt_vcard_contact_targets (void)
{
  return targets;
}

static void
put (GHashTable *map,
     const char *target,
     const char *value)
{
  g_autofree char *copy = NULL;

  if (value == NULL || g_hash_table_contains (map, target))
    return;
  copy = g_strstrip (g_strdup (value));
  if (*copy != '\0')
    g_hash_table_insert (map, (gpointer) target, g_steal_pointer (&copy));
}

static const char *
component (char **parts,
           guint  index)
{
  return index < g_strv_length (parts) ? parts[index] : NULL;
}

/* "19800115" and "1980-01-15" (with an optional time) to "1980-01-15";
 * dates without a year ("--0115") cannot be stored and are dropped. */
static char *
normalize_bday (const char *value)
{
  if (strlen (value) >= 8 && g_ascii_isdigit (value[0]) && g_ascii_isdigit (value[4]))
    return g_strdup_printf ("%.4s-%.2s-%.2s", value, value + 4, value + 6);
  if (strlen (value) >= 10 && value[4] == '-')
    return g_strndup (value, 10);
  return NULL;
}

GHashTable *
kt_vcard_contact_to_targets (KtVCard *card)
{
  GHashTable *map = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  GPtrArray *properties;
  g_autoptr(GString) tags = g_string_new (NULL);

  g_return_val_if_fail (card != NULL, NULL);

  properties = kt_vcard_get_properties (card);
  for (guint i = 0; i < properties->len; i++)
    {
      const KtVCardProperty *p = properties->pdata[i];
      const char *name = p->name;

      if (g_str_equal (name, "N"))
        {
          g_auto(GStrv) n = kt_vcard_split_value (p->value, ';');
          const char *given = component (n, 1);
          const char *middle = component (n, 2);
          g_autofree char *first = NULL;

          if (given != NULL && middle != NULL && *middle != '\0')
            first = g_strconcat (given, " ", middle, NULL);
          else
            first = g_strdup (given);
          put (map, "first_name", first);
          put (map, "last_name", component (n, 0));
        }
      else if (g_str_equal (name, "FN"))
        {
          g_autofree char *fn = kt_vcard_unescape (p->value);

          put (map, KT_IMPORT_TARGET_FULL_NAME, fn);
        }
      else if (g_str_equal (name, "EMAIL"))
        {
          g_autofree char *email = kt_vcard_unescape (p->value);

          put (map, "email", email);
        }
      else if (g_str_equal (name, "TEL"))
        {
          g_autofree char *tel = kt_vcard_unescape (p->value);
          const char *number = g_str_has_prefix (tel, "tel:") ? tel + 4 : tel;

          if (kt_vcard_property_has_type (p, "fax"))
            continue;
          if (kt_vcard_property_has_type (p, "cell"))
            put (map, "mobile", number);
          else
            put (map, "phone", number);
        }
      else if (g_str_equal (name, "ORG"))
        {
          g_auto(GStrv) org = kt_vcard_split_value (p->value, ';');

          put (map, KT_IMPORT_TARGET_COMPANY_NAME, component (org, 0));
        }
      else if (g_str_equal (name, "TITLE"))
        {
          g_autofree char *title = kt_vcard_unescape (p->value);

          put (map, "job_title", title);
        }
      else if (g_str_equal (name, "ADR"))
        {
          g_auto(GStrv) adr = kt_vcard_split_value (p->value, ';');
          const char *extended = component (adr, 1);
          const char *street = component (adr, 2);
          g_autofree char *line = NULL;

          if (street != NULL && extended != NULL && *extended != '\0')
            line = g_strconcat (street, ", ", extended, NULL);
          else
            line = g_strdup (street);
          put (map, "address", line);
          put (map, "city", component (adr, 3));
          put (map, "postal_code", component (adr, 5));
          put (map, "country", component (adr, 6));
        }
      else if (g_str_equal (name, "URL"))
        {
          g_autofree char *url = kt_vcard_unescape (p->value);

          put (map, "website", url);
        }
      else if (g_str_equal (name, "X-SOCIALPROFILE"))
        {
          g_autofree char *url = kt_vcard_unescape (p->value);

          if (kt_vcard_property_has_type (p, "linkedin"))
            put (map, "linkedin", url);
          else if (kt_vcard_property_has_type (p, "twitter"))
            put (map, "twitter", url);
          else if (kt_vcard_property_has_type (p, "facebook"))
            put (map, "facebook", url);
        }
      else if (g_str_equal (name, "BDAY"))
        {
          g_autofree char *bday = normalize_bday (p->value);

          put (map, "birthday", bday);
        }
      else if (g_str_equal (name, "NOTE"))
        {
          g_autofree char *note = kt_vcard_unescape (p->value);

          put (map, "notes", note);
        }
      else if (g_str_equal (name, "CATEGORIES"))
        {
          g_auto(GStrv) categories = kt_vcard_split_value (p->value, ',');

          for (guint c = 0; categories[c] != NULL; c++)
            {
              if (*g_strstrip (categories[c]) == '\0')
                continue;
              if (tags->len > 0)
                g_string_append (tags, ", ");
              g_string_append (tags, categories[c]);
            }
        }
    }

  put (map, "tags", tags->str);

  /* The full name only matters when N did not give the parts. */
  if (g_hash_table_contains (map, "first_name"))
    g_hash_table_remove (map, KT_IMPORT_TARGET_FULL_NAME);

  return map;
}

static void
append_property (GString    *out,
                 const char *head,
                 const char *value)
{
  g_autofree char *escaped = NULL;
  g_autofree char *line = NULL;

  if (value == NULL || *value == '\0')
    return;
  escaped = kt_vcard_escape (value);
  line = g_strconcat (head, ":", escaped, NULL);
  kt_vcard_append_folded (out, line);
}

static char *
escaped_or_empty (KtRecord   *record,
                  const char *field)
{
  const char *value = kt_record_get_string (record, field);

  return kt_vcard_escape (value ? value : "");
}

void
kt_vcard_append_contact (GString        *out,
                         KtRecord       *contact,
                         const char     *company_name,
                         KtVCardVersion  version)
{
  gboolean v4 = (version == KT_VCARD_VERSION_4_0);
  g_autofree char *title = NULL;
  g_autofree char *last = NULL;
  g_autofree char *first = NULL;
  g_autofree char *n = NULL;
  const char * const *tags;
  const char *birthday;

  g_return_if_fail (out != NULL);
  g_return_if_fail (KT_IS_RECORD (contact));

  g_string_append (out, "BEGIN:VCARD\r\n");
  g_string_append (out, v4 ? "VERSION:4.0\r\n" : "VERSION:3.0\r\n");

  title = kt_record_dup_title (contact);
  append_property (out, "FN", title);
  last = escaped_or_empty (contact, "last_name");
  first = escaped_or_empty (contact, "first_name");
  n = g_strdup_printf ("N:%s;%s;;;", last, first);
  kt_vcard_append_folded (out, n);

  append_property (out, "ORG", company_name);
  append_property (out, "TITLE", kt_record_get_string (contact, "job_title"));
  append_property (out, v4 ? "EMAIL;TYPE=work" : "EMAIL;TYPE=INTERNET,WORK",
                   kt_record_get_string (contact, "email"));
  append_property (out, v4 ? "TEL;VALUE=text;TYPE=work,voice" : "TEL;TYPE=WORK,VOICE",
                   kt_record_get_string (contact, "phone"));
  append_property (out, v4 ? "TEL;VALUE=text;TYPE=cell" : "TEL;TYPE=CELL",
                   kt_record_get_string (contact, "mobile"));

  if (kt_record_has (contact, "address") || kt_record_has (contact, "city") ||
      kt_record_has (contact, "postal_code") || kt_record_has (contact, "country"))
    {
      g_autofree char *street = escaped_or_empty (contact, "address");
      g_autofree char *city = escaped_or_empty (contact, "city");
      g_autofree char *postal = escaped_or_empty (contact, "postal_code");
      g_autofree char *country = escaped_or_empty (contact, "country");
      g_autofree char *adr = g_strdup_printf ("%s:;;%s;%s;;%s;%s",
                                              v4 ? "ADR;TYPE=work" : "ADR;TYPE=WORK",
                                              street, city, postal, country);

      kt_vcard_append_folded (out, adr);
    }

  append_property (out, "URL", kt_record_get_string (contact, "website"));
  append_property (out, "X-SOCIALPROFILE;TYPE=linkedin", kt_record_get_string (contact, "linkedin"));
  append_property (out, "X-SOCIALPROFILE;TYPE=twitter", kt_record_get_string (contact, "twitter"));
  append_property (out, "X-SOCIALPROFILE;TYPE=facebook", kt_record_get_string (contact, "facebook"));

  birthday = kt_record_get_string (contact, "birthday");
  if (birthday != NULL && strlen (birthday) == 10)
    {
      g_autofree char *bday = NULL;

      if (v4)
        bday = g_strdup_printf ("BDAY:%.4s%.2s%.2s", birthday, birthday + 5, birthday + 8);
      else
        bday = g_strdup_printf ("BDAY:%s", birthday);
      kt_vcard_append_folded (out, bday);
    }

  append_property (out, "NOTE", kt_record_get_string (contact, "notes"));

  tags = kt_record_get_tags (contact, "tags");
  if (tags != NULL && tags[0] != NULL)
    {
      g_autoptr(GString) line = g_string_new ("CATEGORIES:");

      for (guint i = 0; tags[i] != NULL; i++)
        {
          g_autofree char *escaped = kt_vcard_escape (tags[i]);

          if (i > 0)
            g_string_append_c (line, ',');
          g_string_append (line, escaped);
        }
      kt_vcard_append_folded (out, line->str);
    }

  {
    g_autofree char *uid = g_strdup_printf (v4 ? "UID:urn:uuid:%s" : "UID:%s",
                                            kt_record_get_id (contact));

    kt_vcard_append_folded (out, uid);
  }
  if (kt_record_get_updated_at (contact) != NULL)
    {
      g_autofree char *rev = g_strconcat ("REV:", kt_record_get_updated_at (contact), NULL);

      kt_vcard_append_folded (out, rev);
    }

  g_string_append (out, "END:VCARD\r\n");
}
