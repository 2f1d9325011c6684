/* kt-org-archive.c: every list as CSV, the organization as a ZIP
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-org-archive"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "kt-csv.h"
#include "kt-custom-fields.h"
#include "kt-io-value.h"
#include "kt-org-archive.h"
#include "kt-zip.h"

/* One page of records in memory at a time besides the output text. */
#define PAGE_SIZE 500
#define NAME_SUFFIX "_name"

/* The meta columns, first in every file: what an import must keep so
 * that references and the record's history survive. */
static const char * const meta_columns[] = { KT_META_ID, KT_META_OWNER, KT_META_CREATED, NULL };

static gboolean
field_exported (const KtField *field)
{
  return !(field->flags & KT_FIELD_SECRET);
}

/* "<field>_name" beside a reference, unless the entity has a field of
 * that name itself. */
static gboolean
has_name_column (const KtEntity *entity,
                 const KtField  *field)
{
  g_autofree char *name = NULL;

  if (field->type != KT_FIELD_REF)
    return FALSE;
  name = g_strconcat (field->name, NAME_SUFFIX, NULL);
  return kt_entity_get_field (entity, name) == NULL;
}

typedef struct {
  KtStore    *store;
  GHashTable *titles;   /* "entity/id" -> title, or NULL when missing */
  gboolean    remember; /* keep the title of every record written */
} Titles;

static const char *
ref_title (Titles        *titles,
           const KtField *field,
           const char    *id)
{
  g_autofree char *key = NULL;
  const KtEntity *entity = kt_entity_lookup (field->ref_entity);

  if (id == NULL || entity == NULL)
    return NULL;
  key = g_strconcat (entity->name, "/", id, NULL);
  if (!g_hash_table_contains (titles->titles, key))
    {
      g_autoptr(KtRecord) record = kt_store_get (titles->store, entity, id, NULL);

      g_hash_table_insert (titles->titles, g_strdup (key),
                           record != NULL ? kt_record_dup_title (record) : NULL);
    }
  return g_hash_table_lookup (titles->titles, key);
}

/* The archive passes one @titles for all its files, remembering every
 * record's title as it is written: the entities come in dependency order,
 * so a reference almost always finds its title there instead of costing
 * a read of the record (which made the 100,000-contact export take a
 * minute instead of seconds). */
static char *
export_csv (KtStore  *store,
            KtQuery  *query,
            Titles   *titles,
            guint    *n_records,
            GError  **error)
{
  const KtEntity *entity;
  g_autoptr(GPtrArray) header = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) custom = NULL;
  g_autoptr(GString) out = NULL;
  guint offset = 0;
  guint n = 0;

  entity = kt_query_get_entity (query);
  for (guint i = 0; meta_columns[i] != NULL; i++)
    g_ptr_array_add (header, g_strdup (meta_columns[i]));
  for (guint i = 0; entity->fields[i].name != NULL; i++)
    {
      const KtField *field = &entity->fields[i];

      if (!field_exported (field))
        continue;
      g_ptr_array_add (header, g_strdup (field->name));
      if (has_name_column (entity, field))
        g_ptr_array_add (header, g_strconcat (field->name, NAME_SUFFIX, NULL));
    }
  custom = (entity->flags & KT_ENTITY_CUSTOMIZE)
    ? kt_custom_fields_for_entity (store, entity->name)
    : g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < custom->len; i++)
    g_ptr_array_add (header, g_strdup (kt_record_get_string (custom->pdata[i], "label")));

  /* A BOM, as the contact export writes, so that spreadsheets read the
   * Cyrillic right; the CSV reader drops it. */
  out = g_string_new ("\xEF\xBB\xBF");
  kt_csv_append_row (out, (const char * const *) header->pdata, header->len, ',');

  for (;;)
    {
      g_autoptr(GPtrArray) page = kt_store_query (store, query, offset, PAGE_SIZE, error);

      if (page == NULL)
        return NULL;
      for (guint r = 0; r < page->len; r++)
        {
          KtRecord *record = page->pdata[r];
          g_autoptr(GPtrArray) cells = g_ptr_array_new_with_free_func (g_free);
          JsonNode *values = (entity->flags & KT_ENTITY_CUSTOMIZE)
            ? kt_record_get_node (record, "custom") : NULL;

          g_ptr_array_add (cells, g_strdup (kt_record_get_id (record)));
          g_ptr_array_add (cells, g_strdup (kt_record_get_owner_id (record)));
          g_ptr_array_add (cells, g_strdup (kt_record_get_created_at (record)));
          for (guint i = 0; entity->fields[i].name != NULL; i++)
            {
              const KtField *field = &entity->fields[i];
              const char *currency = field->currency_field != NULL
                ? kt_record_get_string (record, field->currency_field) : NULL;

              if (!field_exported (field))
                continue;
              g_ptr_array_add (cells, kt_io_value_to_text (field->type,
                                                           kt_record_get_node (record, field->name),
                                                           currency));
              if (has_name_column (entity, field))
                g_ptr_array_add (cells, g_strdup (ref_title (titles, field,
                                                             kt_record_get_string (record, field->name))));
            }
          for (guint i = 0; i < custom->len; i++)
            {
              const char *key = kt_record_get_string (custom->pdata[i], "key");
              JsonNode *value = NULL;

              if (values != NULL && JSON_NODE_HOLDS_OBJECT (values))
                value = json_object_get_member (json_node_get_object (values), key);
              g_ptr_array_add (cells, kt_custom_field_value_to_text (custom->pdata[i], value));
            }
          kt_csv_append_row (out, (const char * const *) cells->pdata, cells->len, ',');
          if (titles->remember)
            g_hash_table_insert (titles->titles,
                                 g_strconcat (entity->name, "/", kt_record_get_id (record), NULL),
                                 kt_record_dup_title (record));
        }
      n += page->len;
      if (page->len < PAGE_SIZE)
        break;
      offset += page->len;
    }

  if (n_records != NULL)
    *n_records = n;
  return g_string_free (g_steal_pointer (&out), FALSE);
}

char *
kt_export_query_csv_text (KtStore  *store,
                          KtQuery  *query,
                          guint    *n_records,
                          GError  **error)
{
  g_autoptr(GHashTable) cache = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  Titles titles = { store, cache, FALSE };

  g_return_val_if_fail (KT_IS_STORE (store), NULL);
  g_return_val_if_fail (query != NULL, NULL);

  return export_csv (store, query, &titles, n_records, error);
}

KtQuery *
kt_org_archive_new_query (const KtEntity *entity)
{
  KtQuery *query = kt_query_new (entity);

  /* The entity's own order, which the store keeps an index for (the id
   * breaks ties): sorting by the id alone has no index in the store's
   * collation and made every page sort the whole table, a minute for the
   * 100,000-contact store. */
  if (entity->default_sort != NULL)
    {
      gboolean descending = entity->default_sort[0] == '-';

      kt_query_set_sort (query, entity->default_sort + (descending ? 1 : 0), descending);
    }
  return query;
}

gboolean
kt_org_archive_includes (const KtEntity *entity)
{
  /* Accounts, teams and billing belong to the server, not to the data an
   * organization takes along; a private record (a saved view) is one
   * person's, not the organization's. */
  return (entity->flags & KT_ENTITY_SYNCED) && !(entity->flags & (KT_ENTITY_SERVER | KT_ENTITY_PRIVATE));
}

static char *
file_name_for (const KtEntity *entity)
{
  return g_strconcat (entity->plural, ".csv", NULL);
}

GBytes *
kt_org_archive_export (KtStore              *store,
                       KtOrgArchiveProgress  progress,
                       gpointer              user_data,
                       GCancellable         *cancellable,
                       GError              **error)
{
  const KtEntity * const *all = kt_entity_all ();
  g_autoptr(KtZipWriter) writer = kt_zip_writer_new ();
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) manifest = NULL;
  g_autofree char *manifest_text = NULL;
  g_autofree char *now = kt_now_iso ();
  g_autoptr(GHashTable) cache = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  Titles titles = { store, cache, TRUE };
  guint n_entities = 0, done = 0;

  g_return_val_if_fail (KT_IS_STORE (store), NULL);

  for (guint i = 0; all[i] != NULL; i++)
    n_entities += kt_org_archive_includes (all[i]);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "format");
  json_builder_add_string_value (builder, KT_ORG_ARCHIVE_FORMAT);
  json_builder_set_member_name (builder, "format_version");
  json_builder_add_int_value (builder, KT_ORG_ARCHIVE_FORMAT_VERSION);
  json_builder_set_member_name (builder, "schema_version");
  json_builder_add_int_value (builder, KT_STORE_SCHEMA_VERSION);
  json_builder_set_member_name (builder, "exported_at");
  json_builder_add_string_value (builder, now);
  json_builder_set_member_name (builder, "files");
  json_builder_begin_array (builder);

  for (guint i = 0; all[i] != NULL; i++)
    {
      g_autoptr(KtQuery) query = NULL;
      g_autofree char *text = NULL;
      g_autofree char *name = NULL;
      guint n = 0;

      if (!kt_org_archive_includes (all[i]))
        continue;
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return NULL;

      query = kt_org_archive_new_query (all[i]);
      text = export_csv (store, query, &titles, &n, error);
      if (text == NULL)
        return NULL;
      name = file_name_for (all[i]);
      kt_zip_writer_add (writer, name, text, strlen (text));

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, name);
      json_builder_set_member_name (builder, "entity");
      json_builder_add_string_value (builder, all[i]->name);
      json_builder_set_member_name (builder, "count");
      json_builder_add_int_value (builder, n);
      json_builder_end_object (builder);

      if (progress != NULL)
        progress ((double) ++done / n_entities, user_data);
    }

  json_builder_end_array (builder);
  json_builder_end_object (builder);
  manifest = json_builder_get_root (builder);
  manifest_text = json_to_string (manifest, TRUE);
  kt_zip_writer_add (writer, "manifest.json", manifest_text, strlen (manifest_text));
  return kt_zip_writer_finish (writer);
}

gboolean
kt_org_archive_export_file (KtStore              *store,
                            GFile                *file,
                            KtOrgArchiveProgress  progress,
                            gpointer              user_data,
                            GCancellable         *cancellable,
                            GError              **error)
{
  g_autoptr(GBytes) zip = NULL;
  gsize length;
  const char *data;

  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  zip = kt_org_archive_export (store, progress, user_data, cancellable, error);
  if (zip == NULL)
    return FALSE;
  data = g_bytes_get_data (zip, &length);
  /* Temp file and rename: a crash leaves the old file, never half a ZIP. */
  return g_file_replace_contents (file, data, length, NULL, FALSE,
                                  G_FILE_CREATE_REPLACE_DESTINATION, NULL,
                                  cancellable, error);
}

/* Import */

static gboolean
manifest_error (GError    **error,
                const char *what)
{
  g_set_error (error, KT_ERROR, KT_ERROR_INVALID,
               _("manifest.json: %s"), what);
  return FALSE;
}

/* The entity and the row count manifest.json gives for each file, by
 * entity name; FALSE with an error for anything unexpected. */
static GHashTable *
read_manifest (KtZipReader  *reader,
               GError      **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(JsonNode) tree = NULL;
  g_autoptr(GHashTable) counts = g_hash_table_new (g_str_hash, g_str_equal);
  JsonObject *root;
  JsonArray *files;
  const char *text;
  gsize length;

  bytes = kt_zip_reader_extract (reader, "manifest.json", KT_ORG_ARCHIVE_MAX_MANIFEST, error);
  if (bytes == NULL)
    {
      g_prefix_error (error, "%s", _("This is not a Kantora organization archive: "));
      return NULL;
    }
  text = g_bytes_get_data (bytes, &length);
  /* The guard also refuses text of only white space, which json-glib
   * reads as a document without a root. */
  tree = kt_json_guard_parse (text, length, KT_JSON_GUARD_MAX_DEPTH, error);
  if (tree == NULL)
    {
      g_prefix_error (error, "manifest.json: ");
      return NULL;
    }
  if (!JSON_NODE_HOLDS_OBJECT (tree))
    return manifest_error (error, _("not a JSON object")), NULL;
  root = json_node_get_object (tree);
  if (g_strcmp0 (json_object_get_string_member_with_default (root, "format", ""),
                 KT_ORG_ARCHIVE_FORMAT) != 0)
    return manifest_error (error, _("this is not a Kantora organization archive")), NULL;
  if (json_object_get_int_member_with_default (root, "format_version", 0) != KT_ORG_ARCHIVE_FORMAT_VERSION)
    return manifest_error (error, _("the archive's format version is not one this Kantora reads")), NULL;
  if (json_object_get_int_member_with_default (root, "schema_version", G_MAXINT) > KT_STORE_SCHEMA_VERSION)
    return manifest_error (error, _("the archive comes from a newer Kantora: update Kantora to import it")), NULL;
  if (!json_object_has_member (root, "files") ||
      !JSON_NODE_HOLDS_ARRAY (json_object_get_member (root, "files")))
    return manifest_error (error, _("the list of files is missing")), NULL;

  files = json_object_get_array_member (root, "files");
  for (guint i = 0; i < json_array_get_length (files); i++)
    {
      JsonNode *node = json_array_get_element (files, i);
      JsonObject *file;
      const KtEntity *entity;
      g_autofree char *expected = NULL;
      gint64 count;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        return manifest_error (error, _("a file entry is not an object")), NULL;
      file = json_node_get_object (node);
      entity = kt_entity_lookup (json_object_get_string_member_with_default (file, "entity", ""));
      if (entity == NULL || !kt_org_archive_includes (entity))
        return manifest_error (error, _("a file names an unknown entity")), NULL;
      /* The name is checked, never used: the file read is always the
       * entity's own "<plural>.csv". */
      expected = file_name_for (entity);
      if (g_strcmp0 (json_object_get_string_member_with_default (file, "name", ""), expected) != 0)
        return manifest_error (error, _("a file's name does not match its entity")), NULL;
      count = json_object_get_int_member_with_default (file, "count", -1);
      if (count < 0 || count > G_MAXINT || g_hash_table_contains (counts, entity->name))
        return manifest_error (error, _("a file's row count is missing or repeated")), NULL;
      g_hash_table_insert (counts, (gpointer) entity->name, GINT_TO_POINTER ((int) count + 1));
    }
  return g_steal_pointer (&counts);
}

typedef enum {
  COLUMN_IGNORED,
  COLUMN_META,
  COLUMN_FIELD,
} ColumnKind;

typedef struct {
  ColumnKind     kind;
  const char    *meta;
  const KtField *field;
} Column;

static gboolean
row_error (GError    **error,
           const char *file,
           guint       line,
           const char *message)
{
  g_set_error (error, KT_ERROR, KT_ERROR_INVALID,
               /* Translators: file name, line number, the problem */
               _("%s, line %u: %s"), file, line, message);
  return FALSE;
}

static KtRecord *
read_row (const KtEntity     *entity,
          const char         *file,
          guint               line,
          const Column       *columns,
          guint               n_columns,
          const char * const *cells,
          guint               n_cells,
          GError            **error)
{
  g_autoptr(JsonObject) object = json_object_new ();
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(KtRecord) record = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *currency_by_field[64] = { NULL };

  if (n_cells != n_columns)
    {
      g_autofree char *message = g_strdup_printf (_("the row has %u fields, the header %u"),
                                                  n_cells, n_columns);

      row_error (error, file, line, message);
      return NULL;
    }

  /* Currencies first: money columns are read in their row's currency. */
  for (guint c = 0; c < n_columns; c++)
    if (columns[c].kind == COLUMN_FIELD && columns[c].field->type == KT_FIELD_CURRENCY &&
        *cells[c] != '\0')
      {
        int index = kt_entity_get_field_index (entity, columns[c].field->name);

        if (index >= 0 && index < (int) G_N_ELEMENTS (currency_by_field))
          currency_by_field[index] = cells[c];
      }

  for (guint c = 0; c < n_columns; c++)
    {
      const KtField *field = columns[c].field;
      JsonNode *value;

      if (*cells[c] == '\0' || columns[c].kind == COLUMN_IGNORED)
        continue;
      if (columns[c].kind == COLUMN_META)
        {
          json_object_set_string_member (object, columns[c].meta, cells[c]);
          continue;
        }

      if (field->type == KT_FIELD_JSON)
        {
          value = kt_json_guard_parse (cells[c], strlen (cells[c]), KT_JSON_GUARD_MAX_DEPTH, &local_error);
          if (value == NULL)
            {
              g_autofree char *message = g_strdup_printf ("%s: %s", field->name, local_error->message);

              row_error (error, file, line, message);
              return NULL;
            }
        }
      else
        {
          const char *currency = NULL;

          if (field->currency_field != NULL)
            {
              int index = kt_entity_get_field_index (entity, field->currency_field);

              if (index >= 0 && index < (int) G_N_ELEMENTS (currency_by_field))
                currency = currency_by_field[index];
            }
          value = kt_io_value_from_text (field, field->name, cells[c], currency, &local_error);
          if (value == NULL)
            {
              row_error (error, file, line, local_error->message);
              return NULL;
            }
        }
      json_object_set_member (object, field->name, value);
    }

  if (!json_object_has_member (object, KT_META_ID))
    {
      row_error (error, file, line, _("the id is missing"));
      return NULL;
    }
  node = json_node_init_object (json_node_alloc (), object);
  record = kt_record_from_json (entity, node, &local_error);
  if (record == NULL || !kt_record_validate (record, &local_error))
    {
      row_error (error, file, line, local_error->message);
      return NULL;
    }
  return g_steal_pointer (&record);
}

static gboolean
read_table (const KtEntity  *entity,
            const char      *file,
            GBytes          *bytes,
            guint            expected,
            GHashTable      *ids,
            GPtrArray       *records,
            GError         **error)
{
  g_autoptr(KtCsvTable) table = NULL;
  g_autofree Column *columns = NULL;
  const char * const *header;
  gsize length;
  const char *text = g_bytes_get_data (bytes, &length);
  guint n_columns;
  gboolean has_id = FALSE;

  table = kt_csv_parse (text, length, ',', error);
  if (table == NULL)
    {
      g_prefix_error (error, "%s: ", file);
      return FALSE;
    }
  if (kt_csv_table_get_n_rows (table) == 0)
    return row_error (error, file, 1, _("the header row is missing"));

  header = kt_csv_table_get_row (table, 0);
  n_columns = kt_csv_table_get_n_fields (table, 0);
  columns = g_new0 (Column, n_columns);
  for (guint c = 0; c < n_columns; c++)
    {
      const KtField *field = kt_entity_get_field (entity, header[c]);

      for (guint m = 0; meta_columns[m] != NULL; m++)
        if (g_str_equal (header[c], meta_columns[m]))
          {
            columns[c].kind = COLUMN_META;
            columns[c].meta = meta_columns[m];
          }
      if (columns[c].kind == COLUMN_IGNORED && field != NULL && field_exported (field))
        {
          columns[c].kind = COLUMN_FIELD;
          columns[c].field = field;
        }
      has_id |= columns[c].kind == COLUMN_META && g_str_equal (columns[c].meta, KT_META_ID);
      /* A column twice would let the second silently win. */
      for (guint d = 0; d < c; d++)
        if (columns[c].kind != COLUMN_IGNORED && g_str_equal (header[c], header[d]))
          return row_error (error, file, 1, _("a column is repeated"));
    }
  if (!has_id)
    return row_error (error, file, 1, _("the id column is missing"));
  if (kt_csv_table_get_n_rows (table) - 1 != expected)
    {
      g_autofree char *message = g_strdup_printf (_("the file has %u rows, manifest.json says %u"),
                                                  kt_csv_table_get_n_rows (table) - 1, expected);

      return row_error (error, file, 1, message);
    }

  for (guint r = 1; r < kt_csv_table_get_n_rows (table); r++)
    {
      guint line = kt_csv_table_get_line (table, r);
      KtRecord *record = read_row (entity, file, line, columns, n_columns,
                                   kt_csv_table_get_row (table, r),
                                   kt_csv_table_get_n_fields (table, r), error);

      if (record == NULL)
        return FALSE;
      g_ptr_array_add (records, record);
      if (!g_hash_table_add (ids, g_strdup (kt_record_get_id (record))))
        return row_error (error, file, line, _("the id is used twice"));
    }
  return TRUE;
}

/* Every reference must name a record of the archive: the store is empty,
 * so nothing else could satisfy it. */
static gboolean
check_references (GPtrArray  *records,
                  GHashTable *ids,
                  GError    **error)
{
  for (guint i = 0; i < records->len; i++)
    {
      KtRecord *record = records->pdata[i];
      const KtEntity *entity = kt_record_get_entity (record);

      for (guint f = 0; entity->fields[f].name != NULL; f++)
        {
          const KtField *field = &entity->fields[f];
          const char *id;
          g_autofree char *file = NULL;

          if (field->type != KT_FIELD_REF ||
              (id = kt_record_get_string (record, field->name)) == NULL ||
              g_hash_table_contains (ids, id))
            continue;
          file = file_name_for (entity);
          g_set_error (error, KT_ERROR, KT_ERROR_INVALID,
                       _("%s, record %s: %s refers to %s, which is not in the archive"),
                       file, kt_record_get_id (record), field->name, id);
          return FALSE;
        }
    }
  return TRUE;
}

GPtrArray *
kt_org_archive_read (GBytes        *data,
                     GCancellable  *cancellable,
                     GError       **error)
{
  const KtEntity * const *all = kt_entity_all ();
  g_autoptr(KtZipReader) reader = NULL;
  g_autoptr(GHashTable) counts = NULL;
  g_autoptr(GHashTable) ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func (g_object_unref);
  gsize total = 0;

  g_return_val_if_fail (data != NULL, NULL);

  if ((reader = kt_zip_reader_new (data, error)) == NULL ||
      (counts = read_manifest (reader, error)) == NULL)
    return NULL;

  for (guint i = 0; all[i] != NULL; i++)
    {
      g_autofree char *file = NULL;
      g_autoptr(GBytes) bytes = NULL;
      gpointer count;

      if (!kt_org_archive_includes (all[i]) ||
          !g_hash_table_lookup_extended (counts, all[i]->name, NULL, &count))
        continue;
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return NULL;
      file = file_name_for (all[i]);
      bytes = kt_zip_reader_extract (reader, file, KT_ORG_ARCHIVE_MAX_FILE, error);
      if (bytes == NULL)
        return NULL;
      total += g_bytes_get_size (bytes);
      if (total > KT_ORG_ARCHIVE_MAX_TOTAL)
        {
          g_set_error (error, KT_ERROR, KT_ERROR_TOO_LARGE,
                       _("The archive holds more data than Kantora imports at once"));
          return NULL;
        }
      if (!read_table (all[i], file, bytes, GPOINTER_TO_INT (count) - 1, ids, records, error))
        return NULL;
    }

  if (!check_references (records, ids, error))
    return NULL;
  return g_steal_pointer (&records);
}

gboolean
kt_org_archive_import (KtStore       *store,
                       GBytes        *data,
                       guint         *n_records,
                       GCancellable  *cancellable,
                       GError       **error)
{
  const KtEntity * const *all = kt_entity_all ();
  g_autoptr(GPtrArray) records = NULL;

  g_return_val_if_fail (KT_IS_STORE (store), FALSE);

  for (guint i = 0; all[i] != NULL; i++)
    {
      g_autoptr(KtQuery) query = NULL;
      gint64 count;

      if (!kt_org_archive_includes (all[i]))
        continue;
      query = kt_query_new (all[i]);
      kt_query_set_include_deleted (query, TRUE);
      count = kt_store_count (store, query, error);
      if (count < 0)
        return FALSE;
      if (count > 0)
        {
          g_set_error (error, KT_ERROR, KT_ERROR_INVALID,
                       _("An organization archive can only be imported into an empty "
                         "organization; this one already has data (%s)"), all[i]->plural);
          return FALSE;
        }
    }

  records = kt_org_archive_read (data, cancellable, error);
  if (records == NULL)
    return FALSE;
  /* One transaction: all of the organization lands, or none of it. */
  if (!kt_store_save_all_full (store, records, KT_STORE_WRITE_NEW, error))
    return FALSE;
  if (n_records != NULL)
    *n_records = records->len;
  return TRUE;
}
