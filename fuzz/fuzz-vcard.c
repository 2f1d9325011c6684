/* fuzz-vcard.c: the vCard importer's parsing (client/io/kt-vcard.c and
 * client/io/kt-vcard-contact.c)
 *
 * The bytes are a whole .vcf file. Every card is read, every property's
 * value split and unescaped as the importer does, the card mapped to
 * contact fields, and each of those converted to its field's value and
 * set on a contact, which is then validated and written back as a vCard
 * of both versions; that vCard must parse again.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "kt-fuzz.h"

#include "kantora-shared.h"
#include "kt-io-value.h"
#include "kt-vcard.h"
#include "kt-vcard-contact.h"

static const KtEntity *contact;

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  kt_fuzz_init ();
  contact = kt_entity_lookup ("contact");
  return 0;
}

static void
check_written (KtRecord *record)
{
  for (guint v = KT_VCARD_VERSION_3_0; v <= KT_VCARD_VERSION_4_0; v++)
    {
      g_autoptr(GString) out = g_string_new (NULL);
      g_autoptr(GPtrArray) cards = NULL;
      g_autoptr(GError) error = NULL;

      kt_vcard_append_contact (out, record, "Acme", v);
      cards = kt_vcard_parse (out->str, (gssize) out->len, &error);
      if (cards == NULL)
        g_error ("a written vCard does not parse: %s\n%s", error->message, out->str);
      if (cards->len != 1)
        g_error ("one vCard written, %u read\n%s", cards->len, out->str);
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autoptr(GPtrArray) cards = NULL;
  g_autoptr(GError) error = NULL;

  cards = kt_vcard_parse ((const char *) data, (gssize) size, &error);
  if (cards == NULL)
    {
      if (error == NULL)
        g_error ("kt_vcard_parse failed without an error");
      return 0;
    }

  for (guint i = 0; i < cards->len; i++)
    {
      KtVCard *card = cards->pdata[i];
      GPtrArray *props = kt_vcard_get_properties (card);
      g_autoptr(GHashTable) targets = NULL;
      g_autoptr(KtRecord) record = kt_record_new (contact);
      GHashTableIter iter;
      gpointer key, value;

      (void) kt_vcard_get_version (card);
      (void) kt_vcard_get_line (card);
      for (guint p = 0; p < props->len; p++)
        {
          const KtVCardProperty *prop = props->pdata[p];
          g_auto(GStrv) parts = kt_vcard_split_value (prop->value, ';');
          g_auto(GStrv) list = kt_vcard_split_value (prop->value, ',');
          g_autofree char *plain = kt_vcard_unescape (prop->value);
          g_autofree char *escaped = kt_vcard_escape (plain);

          (void) kt_vcard_property_has_type (prop, "work");
          (void) parts;
          (void) list;
          (void) escaped;
          if (!g_utf8_validate (plain, -1, NULL))
            g_error ("property %s unescapes to text that is not UTF-8", prop->name);
        }

      targets = kt_vcard_contact_to_targets (card);
      g_hash_table_iter_init (&iter, targets);
      while (g_hash_table_iter_next (&iter, &key, &value))
        {
          const KtField *field = kt_entity_get_field (contact, key);
          g_autoptr(JsonNode) node = NULL;

          if (field == NULL || value == NULL)
            continue;
          node = kt_io_value_from_text (field, key, value, NULL, &error);
          if (node == NULL || !kt_record_set_node (record, key, node, &error))
            {
              if (error == NULL)
                g_error ("field %s failed without an error", (const char *) key);
              g_clear_error (&error);
            }
        }
      if (!kt_record_validate (record, &error))
        {
          if (error == NULL)
            g_error ("kt_record_validate failed without an error");
          g_clear_error (&error);
          continue;
        }
      check_written (record);
    }
  return 0;
}
