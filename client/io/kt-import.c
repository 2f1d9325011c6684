/* kt-import.c: importing contacts and companies from CSV or vCard
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-import"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "kt-custom-fields.h"
#include "kt-import.h"
#include "kt-import-mapping.h"
#include "kt-io-value.h"
#include "kt-store-dupes.h"
#include "kt-vcard-contact.h"

struct _KtImport
{
  GObject         parent_instance;

  KtStore        *store;
  const KtEntity *entity;
  GStrv           headers;
  GPtrArray      *rows;        /* of GStrv */
  GArray         *lines;       /* of guint */
  GPtrArray      *targets;     /* of char*, NULL = skip, one per column */
  GPtrArray      *custom;      /* custom_field definitions of the entity */

  /* Filled by prepare. */
  GPtrArray      *records;
  GPtrArray      *issues;
  guint           n_valid;
  guint           n_new_companies;
  guint           n_duplicates;
  gboolean        update_duplicates;
};

static void kt_import_mapping_iface_init (KtImportMappingInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (KtImport, kt_import, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (KT_TYPE_IMPORT_MAPPING,
                                                      kt_import_mapping_iface_init))

static void
issue_free (KtImportIssue *issue)
{
  g_free (issue->target);
  g_free (issue->column);
  g_free (issue->message);
  g_free (issue);
}

static void
add_issue (KtImport   *self,
           guint       line,
           const char *target,
           const char *column,
           const char *message)
{
  KtImportIssue *issue = g_new0 (KtImportIssue, 1);

  issue->line = line;
  issue->target = g_strdup (target);
  issue->column = g_strdup (column);
  issue->message = g_strdup (message);
  g_ptr_array_add (self->issues, issue);
}

static KtRecord *
find_custom (KtImport   *self,
             const char *key)
{
  for (guint i = 0; i < self->custom->len; i++)
    if (g_strcmp0 (kt_record_get_string (self->custom->pdata[i], "key"), key) == 0)
      return self->custom->pdata[i];
  return NULL;
}

static gboolean
is_importable_field (const KtEntity *entity,
                     const KtField  *field)
{
  if (field->type == KT_FIELD_JSON || field->type == KT_FIELD_REF)
    return FALSE;
  if (field->flags & (KT_FIELD_SERVER | KT_FIELD_SECRET))
    return FALSE;
  return TRUE;
}

static const char *
guess (KtImport   *self,
       const char *header)
{
  g_autofree char *normalized = kt_import_normalize_header (header);
  const char *target;

  /* Our own export writes the field names; custom fields go by their key
   * or label. Both beat the synonym table, which is a guess. */
  for (guint i = 0; self->entity->fields[i].name != NULL; i++)
    {
      const KtField *field = &self->entity->fields[i];
      g_autofree char *name = kt_import_normalize_header (field->name);

      if (is_importable_field (self->entity, field) && g_str_equal (name, normalized))
        return field->name;
    }

  for (guint i = 0; i < self->custom->len; i++)
    {
      KtRecord *def = self->custom->pdata[i];
      g_autofree char *key = kt_import_normalize_header (kt_record_get_string (def, "key"));
      g_autofree char *label = kt_import_normalize_header (kt_record_get_string (def, "label"));

      if (g_str_equal (key, normalized) || g_str_equal (label, normalized))
        {
          g_autofree char *custom_target = g_strconcat (KT_IMPORT_TARGET_CUSTOM,
                                                        kt_record_get_string (def, "key"), NULL);

          return g_intern_string (custom_target);
        }
    }

  target = kt_import_guess_target (self->entity->name, header);
  return target;
}

/* The mapping page's view of the import: the functions below, as they
 * are. */
static void
kt_import_mapping_iface_init (KtImportMappingInterface *iface)
{
  iface->get_n_columns = (guint (*)(KtImportMapping *))kt_import_get_n_columns;
  iface->get_column_header = (const char *(*)(KtImportMapping *, guint))kt_import_get_column_header;
  iface->get_column_target = (const char *(*)(KtImportMapping *, guint))kt_import_get_column_target;
  iface->set_column_target = (void (*)(KtImportMapping *, guint, const char *))kt_import_set_column_target;
  iface->list_targets = (GStrv (*)(KtImportMapping *))kt_import_list_targets;
  iface->dup_target_label = (char *(*)(KtImportMapping *, const char *))kt_import_dup_target_label;
  iface->get_n_rows = (guint (*)(KtImportMapping *))kt_import_get_n_rows;
  iface->get_cell = (const char *(*)(KtImportMapping *, guint, guint))kt_import_get_cell;
}

static void
kt_import_finalize (GObject *object)
{
  KtImport *self = (KtImport *) object;

  g_clear_object (&self->store);
  g_strfreev (self->headers);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_pointer (&self->lines, g_array_unref);
  g_clear_pointer (&self->targets, g_ptr_array_unref);
  g_clear_pointer (&self->custom, g_ptr_array_unref);
  g_clear_pointer (&self->records, g_ptr_array_unref);
  g_clear_pointer (&self->issues, g_ptr_array_unref);

  G_OBJECT_CLASS (kt_import_parent_class)->finalize (object);
}

static void
kt_import_class_init (KtImportClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = kt_import_finalize;
}

static void
kt_import_init (KtImport *self)
{
  self->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  self->lines = g_array_new (FALSE, FALSE, sizeof (guint));
  self->targets = g_ptr_array_new_with_free_func (g_free);
  self->records = g_ptr_array_new_with_free_func (g_object_unref);
  self->issues = g_ptr_array_new_with_free_func ((GDestroyNotify) issue_free);
}

static KtImport *
import_new (KtStore        *store,
            const KtEntity *entity)
{
  KtImport *self = g_object_new (KT_TYPE_IMPORT, NULL);

  self->store = g_object_ref (store);
  self->entity = entity;
  self->custom = kt_custom_fields_for_entity (store, entity->name);
  return self;
}

KtImport *
kt_import_new_csv (KtStore        *store,
                   const KtEntity *entity,
                   KtCsvTable     *table)
{
  KtImport *self;
  guint n_rows;

  g_return_val_if_fail (KT_IS_STORE (store), NULL);
  g_return_val_if_fail (entity != NULL, NULL);
  g_return_val_if_fail (table != NULL, NULL);

  self = import_new (store, entity);
  n_rows = kt_csv_table_get_n_rows (table);

  if (n_rows == 0)
    self->headers = g_new0 (char *, 1);
  else
    self->headers = g_strdupv ((char **) kt_csv_table_get_row (table, 0));

  for (guint i = 1; i < n_rows; i++)
    {
      guint line = kt_csv_table_get_line (table, i);

      g_ptr_array_add (self->rows, g_strdupv ((char **) kt_csv_table_get_row (table, i)));
      g_array_append_val (self->lines, line);
    }

  for (guint i = 0; self->headers[i] != NULL; i++)
    {
      const char *target = guess (self, self->headers[i]);

      /* Two columns feeding one field would silently drop one of them. */
      for (guint j = 0; target != NULL && j < self->targets->len; j++)
        if (g_strcmp0 (self->targets->pdata[j], target) == 0)
          target = NULL;
      g_ptr_array_add (self->targets, g_strdup (target));
    }

  return self;
}

KtImport *
kt_import_new_vcard (KtStore   *store,
                     GPtrArray *cards)
{
  const char * const *order = kt_vcard_contact_targets ();
  g_autoptr(GPtrArray) maps = g_ptr_array_new_with_free_func ((GDestroyNotify) g_hash_table_unref);
  g_autoptr(GStrvBuilder) headers = g_strv_builder_new ();
  KtImport *self;

  g_return_val_if_fail (KT_IS_STORE (store), NULL);
  g_return_val_if_fail (cards != NULL, NULL);

  self = import_new (store, kt_entity_lookup ("contact"));

  for (guint i = 0; i < cards->len; i++)
    g_ptr_array_add (maps, kt_vcard_contact_to_targets (cards->pdata[i]));

  /* One column per target that any card uses, in form order. */
  for (guint t = 0; order[t] != NULL; t++)
    {
      gboolean used = FALSE;

      for (guint i = 0; i < maps->len && !used; i++)
        used = g_hash_table_contains (maps->pdata[i], order[t]);
      if (used)
        {
          g_strv_builder_add (headers, order[t]);
          g_ptr_array_add (self->targets, g_strdup (order[t]));
        }
    }
  self->headers = g_strv_builder_end (headers);

  for (guint i = 0; i < maps->len; i++)
    {
      guint n = g_strv_length (self->headers);
      char **row = g_new0 (char *, n + 1);
      guint line = kt_vcard_get_line (cards->pdata[i]);

      for (guint c = 0; c < n; c++)
        row[c] = g_strdup (g_hash_table_lookup (maps->pdata[i], self->headers[c]));
      /* Absent values are empty cells, as in a CSV file. */
      for (guint c = 0; c < n; c++)
        if (row[c] == NULL)
          row[c] = g_strdup ("");
      g_ptr_array_add (self->rows, row);
      g_array_append_val (self->lines, line);
    }

  return self;
}

static gboolean
looks_like_vcard (const char *file_name,
                  const char *data,
                  gsize       length)
{
  g_autofree char *lower = file_name ? g_ascii_strdown (file_name, -1) : NULL;
  gsize skip = 0;

  if (lower != NULL && (g_str_has_suffix (lower, ".vcf") || g_str_has_suffix (lower, ".vcard")))
    return TRUE;
  if (length >= 3 && memcmp (data, "\xEF\xBB\xBF", 3) == 0)
    skip = 3;
  while (skip < length && g_ascii_isspace (data[skip]))
    skip++;
  return length - skip >= 11 && g_ascii_strncasecmp (data + skip, "BEGIN:VCARD", 11) == 0;
}

KtImport *
kt_import_new_from_data (KtStore         *store,
                         const KtEntity  *entity,
                         const char      *file_name,
                         const char      *data,
                         gsize            length,
                         GError         **error)
{
  g_return_val_if_fail (KT_IS_STORE (store), NULL);
  g_return_val_if_fail (entity != NULL, NULL);
  g_return_val_if_fail (data != NULL || length == 0, NULL);

  if (looks_like_vcard (file_name, data, length))
    {
      g_autoptr(GPtrArray) cards = NULL;

      if (!g_str_equal (entity->name, "contact"))
        {
          g_set_error (error, KT_ERROR, KT_ERROR_INVALID,
                       _("A vCard file holds contacts; import it into Contacts"));
          return NULL;
        }
      cards = kt_vcard_parse (data, length, error);
      if (cards == NULL)
        return NULL;
      if (cards->len == 0)
        {
          g_set_error (error, KT_ERROR, KT_ERROR_INVALID, _("The file holds no vCards"));
          return NULL;
        }
      return kt_import_new_vcard (store, cards);
    }
  else
    {
      g_autoptr(KtCsvTable) table = kt_csv_parse (data, length, 0, error);

      if (table == NULL)
        return NULL;
      if (kt_csv_table_get_n_rows (table) < 2)
        {
          g_set_error (error, KT_ERROR, KT_ERROR_INVALID,
                       _("The file has no rows to import below its header line"));
          return NULL;
        }
      return kt_import_new_csv (store, entity, table);
    }
}

const KtEntity *
kt_import_get_entity (KtImport *self)
{
  g_return_val_if_fail (KT_IS_IMPORT (self), NULL);
  return self->entity;
}

guint
kt_import_get_n_columns (KtImport *self)
{
  g_return_val_if_fail (KT_IS_IMPORT (self), 0);
  return self->targets->len;
}

const char *
kt_import_get_column_header (KtImport *self,
                             guint     column)
{
  g_return_val_if_fail (KT_IS_IMPORT (self), NULL);
  g_return_val_if_fail (column < self->targets->len, NULL);
  return self->headers[column];
}

const char *
kt_import_get_column_target (KtImport *self,
                             guint     column)
{
  g_return_val_if_fail (KT_IS_IMPORT (self), NULL);
  g_return_val_if_fail (column < self->targets->len, NULL);
  return self->targets->pdata[column];
}

void
kt_import_set_column_target (KtImport   *self,
                             guint       column,
                             const char *target)
{
  g_return_if_fail (KT_IS_IMPORT (self));
  g_return_if_fail (column < self->targets->len);

  g_free (self->targets->pdata[column]);
  self->targets->pdata[column] = g_strdup (target);
}

GStrv
kt_import_list_targets (KtImport *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  gboolean contact;

  g_return_val_if_fail (KT_IS_IMPORT (self), NULL);

  contact = g_str_equal (self->entity->name, "contact");
  if (contact)
    g_strv_builder_add (builder, KT_IMPORT_TARGET_FULL_NAME);
  for (guint i = 0; self->entity->fields[i].name != NULL; i++)
    if (is_importable_field (self->entity, &self->entity->fields[i]))
      g_strv_builder_add (builder, self->entity->fields[i].name);
  if (contact)
    g_strv_builder_add (builder, KT_IMPORT_TARGET_COMPANY_NAME);
  for (guint i = 0; i < self->custom->len; i++)
    {
      g_autofree char *target = g_strconcat (KT_IMPORT_TARGET_CUSTOM,
                                             kt_record_get_string (self->custom->pdata[i], "key"),
                                             NULL);
      g_strv_builder_add (builder, target);
    }
  return g_strv_builder_end (builder);
}

char *
kt_import_dup_target_label (KtImport   *self,
                            const char *target)
{
  const KtField *field;

  g_return_val_if_fail (KT_IS_IMPORT (self), NULL);
  g_return_val_if_fail (target != NULL, NULL);

  if (g_str_equal (target, KT_IMPORT_TARGET_FULL_NAME))
    return g_strdup (_("Full name (first and last)"));
  if (g_str_equal (target, KT_IMPORT_TARGET_COMPANY_NAME))
    return g_strdup (_("Company name"));
  if (g_str_has_prefix (target, KT_IMPORT_TARGET_CUSTOM))
    {
      KtRecord *def = find_custom (self, target + strlen (KT_IMPORT_TARGET_CUSTOM));

      return g_strdup (def ? kt_record_get_string (def, "label") : target);
    }
  field = kt_entity_get_field (self->entity, target);
  if (field != NULL && field->label != NULL)
    return g_strdup (g_dgettext (GETTEXT_PACKAGE, field->label));
  return g_strdup (target);
}

guint
kt_import_get_n_rows (KtImport *self)
{
  g_return_val_if_fail (KT_IS_IMPORT (self), 0);
  return self->rows->len;
}

const char *
kt_import_get_cell (KtImport *self,
                    guint     row,
                    guint     column)
{
  char **cells;

  g_return_val_if_fail (KT_IS_IMPORT (self), NULL);
  g_return_val_if_fail (row < self->rows->len, NULL);

  cells = self->rows->pdata[row];
  if (column >= g_strv_length (cells))
    return "";
  return cells[column];
}

guint
kt_import_get_row_line (KtImport *self,
                        guint     row)
{
  g_return_val_if_fail (KT_IS_IMPORT (self), 0);
  g_return_val_if_fail (row < self->lines->len, 0);
  return g_array_index (self->lines, guint, row);
}

static const char *
column_for_target (KtImport   *self,
                   const char *target)
{
  for (guint c = 0; c < self->targets->len; c++)
    if (g_strcmp0 (self->targets->pdata[c], target) == 0)
      return self->headers[c];
  return NULL;
}

/* The id of the company called @name: one already in the store, one this
 * import creates already, or a new one added to @companies. */
static const char *
company_for_name (KtImport    *self,
                  const char  *name,
                  GHashTable  *cache,
                  GPtrArray   *companies,
                  GError     **error)
{
  const KtEntity *company_entity = kt_entity_lookup ("company");
  g_autofree char *folded = g_utf8_casefold (name, -1);
  g_autoptr(KtQuery) query = NULL;
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(KtRecord) company = NULL;
  const char *id;

  id = g_hash_table_lookup (cache, folded);
  if (id != NULL)
    return id;

  query = kt_query_new (company_entity);
  kt_query_add_filter (query, "name", name);
  found = kt_store_query (self->store, query, 0, 1, error);
  if (found == NULL)
    return NULL;

  if (found->len > 0)
    id = kt_record_get_id (found->pdata[0]);
  else
    {
      company = kt_record_new (company_entity);
      kt_record_set_string (company, "name", name);
      if (!kt_record_validate (company, error))
        return NULL;
      id = kt_record_get_id (company);
      g_ptr_array_add (companies, g_steal_pointer (&company));
    }

  {
    char *stored = g_strdup (id);

    /* The cache owns the id; it lives as long as the prepare run. */
    g_hash_table_insert (cache, g_steal_pointer (&folded), stored);
    return stored;
  }
}

static void
split_full_name (KtRecord   *record,
                 const char *full_name)
{
  const char *space = strrchr (full_name, ' ');

  /* "Ivan Petrov Ivanov": the last word is the family name, the rest the
   * first name; a single word is a first name. */
  if (space == NULL)
    {
      kt_record_set_string (record, "first_name", full_name);
      return;
    }
  {
    g_autofree char *first = g_strndup (full_name, space - full_name);

    kt_record_set_string (record, "first_name", g_strstrip (first));
    if (!kt_record_has (record, "last_name"))
      kt_record_set_string (record, "last_name", space + 1);
  }
}

/* Builds the record of row @r; returns NULL after adding its issues. */
static KtRecord *
build_row (KtImport    *self,
           guint        r,
           GHashTable  *company_cache,
           GPtrArray   *companies)
{
  /* Trimmed copies: the preview keeps showing the file as it was. */
  g_auto(GStrv) cells = g_strdupv (self->rows->pdata[r]);
  guint line = g_array_index (self->lines, guint, r);
  guint n_cells = g_strv_length (cells);
  guint n_columns = self->targets->len;
  g_autoptr(KtRecord) record = kt_record_new (self->entity);
  g_autoptr(JsonObject) custom = json_object_new ();
  g_autoptr(GError) error = NULL;
  const char *full_name = NULL;
  const char *company_name = NULL;
  const char *currency = NULL;
  gboolean source_given = FALSE;
  guint issues_before = self->issues->len;

  for (guint c = n_columns; c < n_cells; c++)
    if (*g_strstrip (cells[c]) != '\0')
      {
        g_autofree char *message =
          g_strdup_printf (_("The row has %u fields but the header names only %u columns"),
                           n_cells, n_columns);

        add_issue (self, line, NULL, NULL, message);
        return NULL;
      }

  for (guint c = 0; c < n_columns && c < n_cells; c++)
    if (g_strcmp0 (self->targets->pdata[c], "currency") == 0 && *g_strstrip (cells[c]) != '\0')
      currency = cells[c];

  for (guint c = 0; c < n_columns && c < n_cells; c++)
    {
      const char *target = self->targets->pdata[c];
      const char *value;

      if (target == NULL)
        continue;
      value = g_strstrip (cells[c]);
      if (*value == '\0')
        continue;

      if (g_str_equal (target, KT_IMPORT_TARGET_FULL_NAME))
        full_name = value;
      else if (g_str_equal (target, KT_IMPORT_TARGET_COMPANY_NAME))
        company_name = value;
      else if (g_str_has_prefix (target, KT_IMPORT_TARGET_CUSTOM))
        {
          const char *key = target + strlen (KT_IMPORT_TARGET_CUSTOM);
          KtRecord *def = find_custom (self, key);
          JsonNode *node;

          if (def == NULL)
            continue;
          node = kt_custom_field_value_from_text (def, value, &error);
          if (node == NULL)
            {
              add_issue (self, line, target, self->headers[c], error->message);
              g_clear_error (&error);
              continue;
            }
          json_object_set_member (custom, key, node);
        }
      else
        {
          const KtField *field = kt_entity_get_field (self->entity, target);
          g_autoptr(JsonNode) node = NULL;
          g_autofree char *label = kt_import_dup_target_label (self, target);

          if (field == NULL)
            continue;
          if (g_str_equal (target, "source"))
            source_given = TRUE;
          node = kt_io_value_from_text (field, label, value, currency, &error);
          if (node == NULL || !kt_record_set_node (record, target, node, &error))
            {
              add_issue (self, line, target, self->headers[c], error->message);
              g_clear_error (&error);
            }
        }
    }

  if (self->issues->len > issues_before)
    return NULL;

  if (full_name != NULL && !kt_record_has (record, "first_name"))
    split_full_name (record, full_name);

  if (json_object_get_size (custom) > 0)
    {
      g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), custom);

      if (!kt_record_set_node (record, "custom", node, &error))
        {
          add_issue (self, line, "custom", NULL, error->message);
          return NULL;
        }
    }
  /* The same rule as the forms and the server (required, blank, types,
   * lengths): a row the server would refuse on sync is an issue now. The
   * error's field, "custom.<key>", is the column's target. */
  if ((self->entity->flags & KT_ENTITY_CUSTOMIZE) && self->custom->len > 0 &&
      !kt_custom_field_validate_values (self->custom, record, &error))
    {
      const char *field = kt_record_error_get_field (error);

      add_issue (self, line, field, field ? column_for_target (self, field) : NULL, error->message);
      return NULL;
    }

  /* The record starts with the default source ("manual"); rows that do
   * not say otherwise came from an import. */
  if (kt_entity_get_field (self->entity, "source") != NULL && !source_given)
    kt_record_set_string (record, "source", "import");

  if (!kt_record_validate (record, &error))
    {
      const char *field = kt_record_error_get_field (error);
      const char *column = field ? column_for_target (self, field) : NULL;

      /* A missing first name came from the full-name column if any. */
      if (column == NULL && g_strcmp0 (field, "first_name") == 0)
        column = column_for_target (self, KT_IMPORT_TARGET_FULL_NAME);
      add_issue (self, line, field, column, error->message);
      return NULL;
    }

  if (company_name != NULL)
    {
      const char *company_id = company_for_name (self, company_name, company_cache,
                                                 companies, &error);

      if (company_id == NULL)
        {
          add_issue (self, line, KT_IMPORT_TARGET_COMPANY_NAME,
                     column_for_target (self, KT_IMPORT_TARGET_COMPANY_NAME),
                     error->message);
          return NULL;
        }
      kt_record_set_string (record, "company_id", company_id);
    }

  return g_steal_pointer (&record);
}

static gboolean
has_target (KtImport   *self,
            const char *target)
{
  return column_for_target (self, target) != NULL;
}

/* The stored record @row repeats (same email, phone or EIK/VAT
 * number), or NULL. */
static KtRecord *
find_stored (KtImport  *self,
             KtRecord  *row,
             GError   **error)
{
  g_autoptr(GPtrArray) found = NULL;

  if (self->entity != KT_ENTITY_CONTACT && self->entity != KT_ENTITY_COMPANY)
    return NULL;

  found = kt_store_find_duplicates (self->store, row, 0, error);
  if (found == NULL)
    return NULL;

  for (guint i = 0; i < found->len; i++)
    {
      KtDuplicate *duplicate = g_ptr_array_index (found, i);

      if ((duplicate->reasons & ~KT_DUPLICATE_NAME) != 0)
        return kt_store_get (self->store, self->entity, duplicate->id, error);
    }

  return NULL;
}

/* @stored with the row's values: what the file says wins, an empty cell
 * keeps what is stored, and custom values are added to the stored ones.
 * A value the row has only as the entity's default (reminders_opt_out
 * false) does not replace a stored one, nor does the "import" source:
 * where a contact came from is its creation's. */
static void
update_stored (KtRecord *stored,
               KtRecord *row)
{
  g_autoptr(GPtrArray) fields = kt_record_list_fields (row);
  g_autoptr(KtRecord) defaults = kt_record_new (kt_record_get_entity (row));

  for (guint i = 0; i < fields->len; i++)
    {
      const char *field = g_ptr_array_index (fields, i);
      JsonNode *value = kt_record_get_node (row, field);
      JsonNode *old = kt_record_has (stored, field) ? kt_record_get_node (stored, field) : NULL;
      JsonNode *fallback = kt_record_has (defaults, field) ? kt_record_get_node (defaults, field) : NULL;

      if (old != NULL && ((fallback != NULL && json_node_equal (value, fallback)) ||
                          g_str_equal (field, "source")))
        continue;

      if (g_str_equal (field, "custom") && old != NULL && JSON_NODE_HOLDS_OBJECT (old) &&
          JSON_NODE_HOLDS_OBJECT (value))
        {
          g_autoptr(JsonNode) merged = json_node_init_object (json_node_alloc (), json_object_new ());
          JsonObject *object = json_node_get_object (merged);
          JsonNode *sources[] = { old, value };

          for (guint s = 0; s < G_N_ELEMENTS (sources); s++)
            {
              JsonObjectIter iter;
              const char *key;
              JsonNode *member;

              json_object_iter_init (&iter, json_node_get_object (sources[s]));
              while (json_object_iter_next (&iter, &key, &member))
                json_object_set_member (object, key, json_node_copy (member));
            }
          kt_record_set_node (stored, field, merged, NULL);
        }
      else
        {
          kt_record_set_node (stored, field, value, NULL);
        }
    }
}

gboolean
kt_import_prepare (KtImport  *self,
                   GError   **error)
{
  g_autoptr(GHashTable) company_cache = NULL;
  g_autoptr(GPtrArray) companies = NULL;
  g_autoptr(GPtrArray) valid = NULL;
  const char *required;

  g_return_val_if_fail (KT_IS_IMPORT (self), FALSE);

  /* Without the name column every row would fail the same way: say it
   * once, about the mapping. */
  required = g_str_equal (self->entity->name, "contact") ? "first_name" : "name";
  if (!has_target (self, required) &&
      !(g_str_equal (required, "first_name") &&
        (has_target (self, KT_IMPORT_TARGET_FULL_NAME) || has_target (self, "last_name"))))
    {
      g_autofree char *label = kt_import_dup_target_label (self, required);

      g_set_error (error, KT_ERROR, KT_ERROR_INVALID,
                   _("No column is imported as %s; choose which column holds it"), label);
      return FALSE;
    }

  g_ptr_array_set_size (self->records, 0);
  g_ptr_array_set_size (self->issues, 0);
  self->n_valid = 0;
  self->n_new_companies = 0;
  self->n_duplicates = 0;

  company_cache = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  companies = g_ptr_array_new_with_free_func (g_object_unref);
  valid = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint r = 0; r < self->rows->len; r++)
    {
      KtRecord *record = build_row (self, r, company_cache, companies);
      g_autoptr(KtRecord) stored = NULL;
      g_autoptr(GError) local_error = NULL;

      if (record == NULL)
        continue;

      stored = find_stored (self, record, &local_error);
      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          g_object_unref (record);
          return FALSE;
        }
      if (stored != NULL)
        self->n_duplicates++;
      if (stored != NULL && self->update_duplicates)
        {
          update_stored (stored, record);
          g_object_unref (record);
          record = g_steal_pointer (&stored);
        }
      g_ptr_array_add (valid, record);
    }

  self->n_valid = valid->len;
  self->n_new_companies = companies->len;
  g_ptr_array_extend_and_steal (self->records, g_steal_pointer (&companies));
  g_ptr_array_extend_and_steal (self->records, g_steal_pointer (&valid));
  return TRUE;
}

guint
kt_import_get_n_valid (KtImport *self)
{
  g_return_val_if_fail (KT_IS_IMPORT (self), 0);
  return self->n_valid;
}

GPtrArray *
kt_import_get_issues (KtImport *self)
{
  g_return_val_if_fail (KT_IS_IMPORT (self), NULL);
  return self->issues;
}

GPtrArray *
kt_import_get_records (KtImport *self)
{
  g_return_val_if_fail (KT_IS_IMPORT (self), NULL);
  return self->records;
}

guint
kt_import_get_n_new_companies (KtImport *self)
{
  g_return_val_if_fail (KT_IS_IMPORT (self), 0);
  return self->n_new_companies;
}

guint
kt_import_get_n_duplicates (KtImport *self)
{
  g_return_val_if_fail (KT_IS_IMPORT (self), 0);
  return self->n_duplicates;
}

void
kt_import_set_update_duplicates (KtImport *self,
                                 gboolean  update)
{
  g_return_if_fail (KT_IS_IMPORT (self));
  self->update_duplicates = !!update;
}

gboolean
kt_import_commit (KtImport  *self,
                  GError   **error)
{
  g_return_val_if_fail (KT_IS_IMPORT (self), FALSE);

  if (self->records->len == 0)
    return TRUE;
  return kt_store_save_all (self->store, self->records, error);
}

char *
kt_import_issue_to_string (const KtImportIssue *issue)
{
  g_return_val_if_fail (issue != NULL, NULL);

  if (issue->column != NULL)
    /* Translators: "Line 4, Email: “x” is not an email address" */
    return g_strdup_printf (_("Line %u, %s: %s"), issue->line, issue->column, issue->message);
  return g_strdup_printf (_("Line %u: %s"), issue->line, issue->message);
}
