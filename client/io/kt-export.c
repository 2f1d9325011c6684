/* kt-export.c: contacts and companies to CSV and vCard files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-export"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "kt-csv.h"
#include "kt-custom-fields.h"
#include "kt-export.h"
#include "kt-import-guess.h"
#include "kt-io-value.h"
#include "kt-vcard-contact.h"

/* Records are read in pages so that exporting 100,000 contacts never holds
 * more than one page of records besides the output text. */
#define PAGE_SIZE 500

typedef gboolean (*RecordFunc) (KtRecord *record, gpointer data, GError **error);

static gboolean
foreach_record (KtStore         *store,
                const KtEntity  *entity,
                RecordFunc       func,
                gpointer         data,
                guint           *n_records,
                GError         **error)
{
  g_autoptr(KtQuery) query = kt_query_new (entity);
  guint offset = 0;
  guint n = 0;

  if (entity->default_sort != NULL)
    {
      gboolean descending = entity->default_sort[0] == '-';

      kt_query_set_sort (query, entity->default_sort + (descending ? 1 : 0), descending);
    }

  for (;;)
    {
      g_autoptr(GPtrArray) page = kt_store_query (store, query, offset, PAGE_SIZE, error);

      if (page == NULL)
        return FALSE;
      for (guint i = 0; i < page->len; i++)
        if (!func (page->pdata[i], data, error))
          return FALSE;
      n += page->len;
      if (page->len < PAGE_SIZE)
        break;
      offset += page->len;
    }

  if (n_records != NULL)
    *n_records = n;
  return TRUE;
}

/* Company names by id, looked up once each. */
static const char *
company_name (KtStore    *store,
              GHashTable *names,
              const char *company_id)
{
  g_autoptr(KtRecord) company = NULL;

  if (company_id == NULL)
    return NULL;
  if (g_hash_table_contains (names, company_id))
    return g_hash_table_lookup (names, company_id);

  company = kt_store_get (store, kt_entity_lookup ("company"), company_id, NULL);
  g_hash_table_insert (names, g_strdup (company_id),
                       company ? g_strdup (kt_record_get_string (company, "name")) : NULL);
  return g_hash_table_lookup (names, company_id);
}

typedef struct {
  KtStore        *store;
  const KtEntity *entity;
  GPtrArray      *fields;   /* of const KtField*, the exported columns */
  GPtrArray      *custom;   /* of KtRecord definitions */
  GHashTable     *companies;
  gboolean        contact;
  GString        *out;
} CsvExport;

static gboolean
append_csv_record (KtRecord  *record,
                   gpointer   data,
                   GError   **error)
{
  CsvExport *ex = data;
  g_autoptr(GPtrArray) cells = g_ptr_array_new_with_free_func (g_free);
  const char *currency = kt_entity_get_field (ex->entity, "currency") != NULL ?
                         kt_record_get_string (record, "currency") : NULL;
  JsonNode *custom = kt_record_get_node (record, "custom");

  for (guint i = 0; i < ex->fields->len; i++)
    {
      const KtField *field = ex->fields->pdata[i];

      g_ptr_array_add (cells, kt_io_value_to_text (field->type,
                                                   kt_record_get_node (record, field->name),
                                                   currency));
    }
  if (ex->contact)
    g_ptr_array_add (cells, g_strdup (company_name (ex->store, ex->companies,
                                                    kt_record_get_string (record, "company_id"))));
  for (guint i = 0; i < ex->custom->len; i++)
    {
      const char *key = kt_record_get_string (ex->custom->pdata[i], "key");
      JsonNode *value = NULL;

      if (custom != NULL && JSON_NODE_HOLDS_OBJECT (custom))
        value = json_object_get_member (json_node_get_object (custom), key);
      g_ptr_array_add (cells, kt_custom_field_value_to_text (ex->custom->pdata[i], value));
    }

  kt_csv_append_row (ex->out, (const char * const *) cells->pdata, cells->len, ',');
  return TRUE;
}

char *
kt_export_csv_text (KtStore         *store,
                    const KtEntity  *entity,
                    guint           *n_records,
                    GError         **error)
{
  g_autoptr(GPtrArray) header = g_ptr_array_new ();
  g_autoptr(GPtrArray) fields = g_ptr_array_new ();
  g_autoptr(GPtrArray) custom = NULL;
  g_autoptr(GHashTable) companies = NULL;
  g_autoptr(GString) out = NULL;
  CsvExport ex = { 0 };

  g_return_val_if_fail (KT_IS_STORE (store), NULL);
  g_return_val_if_fail (entity != NULL, NULL);

  for (guint i = 0; entity->fields[i].name != NULL; i++)
    {
      const KtField *field = &entity->fields[i];

      if (field->type == KT_FIELD_JSON || field->type == KT_FIELD_REF ||
          (field->flags & (KT_FIELD_SECRET | KT_FIELD_SERVER)))
        continue;
      g_ptr_array_add (fields, (gpointer) field);
      g_ptr_array_add (header, (gpointer) field->name);
    }

  ex.contact = g_str_equal (entity->name, "contact");
  if (ex.contact)
    g_ptr_array_add (header, (gpointer) KT_IMPORT_TARGET_COMPANY_NAME);

  custom = kt_custom_fields_for_entity (store, entity->name);
  for (guint i = 0; i < custom->len; i++)
    g_ptr_array_add (header, (gpointer) kt_record_get_string (custom->pdata[i], "label"));

  out = g_string_new ("\xEF\xBB\xBF");
  kt_csv_append_row (out, (const char * const *) header->pdata, header->len, ',');

  companies = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  ex.store = store;
  ex.entity = entity;
  ex.fields = fields;
  ex.custom = custom;
  ex.companies = companies;
  ex.out = out;

  if (!foreach_record (store, entity, append_csv_record, &ex, n_records, error))
    return NULL;
  return g_string_free (g_steal_pointer (&out), FALSE);
}

typedef struct {
  KtStore        *store;
  GHashTable     *companies;
  KtVCardVersion  version;
  GString        *out;
} VCardExport;

static gboolean
append_vcard_record (KtRecord  *record,
                     gpointer   data,
                     GError   **error)
{
  VCardExport *ex = data;

  kt_vcard_append_contact (ex->out, record,
                           company_name (ex->store, ex->companies,
                                         kt_record_get_string (record, "company_id")),
                           ex->version);
  return TRUE;
}

char *
kt_export_vcard_text (KtStore         *store,
                      KtVCardVersion   version,
                      guint           *n_records,
                      GError         **error)
{
  g_autoptr(GHashTable) companies = NULL;
  g_autoptr(GString) out = NULL;
  VCardExport ex;

  g_return_val_if_fail (KT_IS_STORE (store), NULL);

  companies = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  out = g_string_new (NULL);
  ex.store = store;
  ex.companies = companies;
  ex.version = version;
  ex.out = out;

  if (!foreach_record (store, kt_entity_lookup ("contact"), append_vcard_record, &ex,
                       n_records, error))
    return NULL;
  return g_string_free (g_steal_pointer (&out), FALSE);
}

gboolean
kt_export_write_file (GFile         *file,
                      const char    *text,
                      GCancellable  *cancellable,
                      GError       **error)
{
  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  g_return_val_if_fail (text != NULL, FALSE);

  /* No backup file, but G_FILE_CREATE_REPLACE_DESTINATION with the default
   * temp-and-rename strategy keeps the old content until the new one is
   * complete on disk. */
  return g_file_replace_contents (file, text, strlen (text), NULL, FALSE,
                                  G_FILE_CREATE_REPLACE_DESTINATION, NULL,
                                  cancellable, error);
}

gboolean
kt_export_csv (KtStore         *store,
               const KtEntity  *entity,
               GFile           *file,
               guint           *n_records,
               GError         **error)
{
  g_autofree char *text = NULL;

  g_return_val_if_fail (KT_IS_STORE (store), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  text = kt_export_csv_text (store, entity, n_records, error);
  return text != NULL && kt_export_write_file (file, text, NULL, error);
}

gboolean
kt_export_vcard (KtStore         *store,
                 KtVCardVersion   version,
                 GFile           *file,
                 guint           *n_records,
                 GError         **error)
{
  g_autofree char *text = NULL;

  g_return_val_if_fail (KT_IS_STORE (store), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  text = kt_export_vcard_text (store, version, n_records, error);
  return text != NULL && kt_export_write_file (file, text, NULL, error);
}
