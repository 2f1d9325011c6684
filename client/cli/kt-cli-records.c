/* kt-cli-records.c: create, update, delete, get, list, import, export
 *
 * Records go in and out as the shared JSON codec writes them (one object
 * per record; JSON lines for lists, import and export). Every write goes
 * through the store, so it lands in the outbox and syncs.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kantora-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "kt-cli.h"
#include "kt-export.h"
#include "kt-import.h"
#include "kt-org-archive.h"

#define EXPORT_PAGE 1000

static const KtEntity *
lookup_entity (const char  *name,
               GError     **error)
{
  const KtEntity *entity = kt_entity_lookup (name);

  if (entity == NULL)
    entity = kt_entity_lookup_plural (name);
  if (entity == NULL || !(entity->flags & KT_ENTITY_SYNCED))
    {
      g_set_error (error, KT_ERROR, KT_ERROR_UNKNOWN_ENTITY,
                   _("“%s” is not an entity of the store (try contact, company, deal…)"), name);
      return NULL;
    }
  return entity;
}

static char *
read_input (const char  *arg,
            GError     **error)
{
  g_autoptr (GString) text = g_string_new (NULL);
  char buffer[8192];
  size_t n;

  if (arg != NULL && !g_str_equal (arg, "-"))
    return g_strdup (arg);

  while ((n = fread (buffer, 1, sizeof buffer, stdin)) > 0)
    g_string_append_len (text, buffer, (gssize) n);
  if (ferror (stdin))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("Could not read the standard input"));
      return NULL;
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static JsonObject *
parse_object (const char  *text,
              GError     **error)
{
  g_autoptr (JsonNode) root = NULL;

  /* The guard bounds the nesting of what a file piped in may hold, and
   * refuses blank text (which json-glib reads as no value at all). */
  root = kt_json_guard_parse (text, strlen (text), KT_JSON_GUARD_MAX_DEPTH, error);
  if (root == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error_literal (error, KT_ERROR, KT_ERROR_MALFORMED, _("The input must be a JSON object"));
      return NULL;
    }
  return json_object_ref (json_node_get_object (root));
}

/* A record from an object: a whole record when it names its id (import
 * of an export), otherwise a new record with the given fields. */
static KtRecord *
record_from_object (const KtEntity  *entity,
                    JsonObject      *object,
                    GError         **error)
{
  g_autoptr (KtRecord) record = NULL;

  if (json_object_has_member (object, KT_META_ID))
    {
      g_autoptr (JsonNode) node = json_node_init_object (json_node_alloc (), object);

      return kt_record_from_json (entity, node, error);
    }

  record = kt_record_new (entity);
  if (!kt_record_set_from_json (record, object, NULL, error))
    return NULL;
  return g_steal_pointer (&record);
}

static void
print_record (KtRecord *record)
{
  g_autofree char *json = kt_record_to_json_string (record, KT_JSON_DEFAULT);

  g_print ("%s\n", json);
}

int
kt_cli_create (KtCli  *cli,
               int     argc,
               char  **argv)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonObject) object = NULL;
  g_autoptr (KtRecord) record = NULL;
  g_autofree char *text = NULL;
  const KtEntity *entity;

  if (argc < 1 || argc > 2)
    return kt_cli_usage (_("create needs an entity and a JSON object (or - for the standard input)"));

  if ((entity = lookup_entity (argv[0], &error)) == NULL ||
      (text = read_input (argc > 1 ? argv[1] : NULL, &error)) == NULL ||
      (object = parse_object (text, &error)) == NULL ||
      (record = record_from_object (entity, object, &error)) == NULL ||
      !kt_store_save (cli->store, record, &error))
    return kt_cli_fail (error);

  print_record (record);
  return KT_CLI_OK;
}

int
kt_cli_update (KtCli  *cli,
               int     argc,
               char  **argv)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonObject) object = NULL;
  g_autoptr (KtRecord) record = NULL;
  g_autofree char *text = NULL;
  const KtEntity *entity;

  if (argc < 2 || argc > 3)
    return kt_cli_usage (_("update needs an entity, an id and a JSON object of fields"));

  if ((entity = lookup_entity (argv[0], &error)) == NULL ||
      (record = kt_store_get (cli->store, entity, argv[1], &error)) == NULL ||
      (text = read_input (argc > 2 ? argv[2] : NULL, &error)) == NULL ||
      (object = parse_object (text, &error)) == NULL ||
      !kt_record_set_from_json (record, object, NULL, &error) ||
      !kt_store_save (cli->store, record, &error))
    return kt_cli_fail (error);

  print_record (record);
  return KT_CLI_OK;
}

int
kt_cli_delete (KtCli  *cli,
               int     argc,
               char  **argv)
{
  g_autoptr (GError) error = NULL;
  const KtEntity *entity;

  if (argc != 2)
    return kt_cli_usage (_("delete needs an entity and an id"));

  if ((entity = lookup_entity (argv[0], &error)) == NULL ||
      !kt_store_delete (cli->store, entity, argv[1], &error))
    return kt_cli_fail (error);

  return KT_CLI_OK;
}

int
kt_cli_get (KtCli  *cli,
            int     argc,
            char  **argv)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KtRecord) record = NULL;
  const KtEntity *entity;

  if (argc != 2)
    return kt_cli_usage (_("get needs an entity and an id"));

  if ((entity = lookup_entity (argv[0], &error)) == NULL ||
      (record = kt_store_get (cli->store, entity, argv[1], &error)) == NULL)
    return kt_cli_fail (error);

  print_record (record);
  return KT_CLI_OK;
}

static gboolean
parse_count (const char *text,
             guint      *out)
{
  guint64 value;

  if (!g_ascii_string_to_unsigned (text, 10, 0, G_MAXUINT32, &value, NULL))
    return FALSE;
  *out = (guint) value;
  return TRUE;
}

/* The fields a list can sort and filter by: the meta fields, then the
 * entity's own. */
static char *
list_fields (const KtEntity *entity)
{
  g_autoptr (GString) text = g_string_new (KT_META_ID ", " KT_META_OWNER ", "
                                           KT_META_CREATED ", " KT_META_UPDATED);

  for (const KtField *field = entity->fields; field->name != NULL; field++)
    if (field->type != KT_FIELD_TAGS && field->type != KT_FIELD_JSON)
      g_string_append_printf (text, ", %s", field->name);
  return g_string_free (g_steal_pointer (&text), FALSE);
}

int
kt_cli_list (KtCli  *cli,
             int     argc,
             char  **argv)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KtQuery) query = NULL;
  g_autoptr (GPtrArray) records = NULL;
  const KtEntity *entity;
  guint limit = 100, offset = 0;

  if (argc < 1)
    return kt_cli_usage (_("list needs an entity"));
  if ((entity = lookup_entity (argv[0], &error)) == NULL)
    return kt_cli_fail (error);

  query = kt_query_new (entity);
  for (int i = 1; i < argc; i++)
    {
      const char *opt = argv[i];
      const char *value = i + 1 < argc ? argv[i + 1] : NULL;

      if (value == NULL)
        {
          g_autofree char *message = g_strdup_printf (_("The option “%s” needs a value"), opt);

          return kt_cli_usage (message);
        }
      i++;

      if (g_str_equal (opt, "--search"))
        kt_query_set_search (query, value);
      else if (g_str_equal (opt, "--tag"))
        kt_query_set_tag (query, value);
      else if (g_str_equal (opt, "--sort"))
        kt_query_set_sort (query, value[0] == '-' ? value + 1 : value, value[0] == '-');
      else if (g_str_equal (opt, "--filter"))
        {
          g_auto (GStrv) parts = g_strsplit (value, "=", 2);

          if (parts[0] == NULL || parts[1] == NULL)
            return kt_cli_usage (_("--filter takes FIELD=VALUE"));
          kt_query_add_filter (query, parts[0], parts[1]);
        }
      else if (g_str_equal (opt, "--limit"))
        {
          if (!parse_count (value, &limit))
            return kt_cli_usage (_("--limit takes a whole number"));
        }
      else if (g_str_equal (opt, "--offset"))
        {
          if (!parse_count (value, &offset))
            return kt_cli_usage (_("--offset takes a whole number"));
        }
      else
        {
          g_autofree char *message = g_strdup_printf (_("Unknown option “%s”"), opt);

          return kt_cli_usage (message);
        }
    }

  records = kt_store_query (cli->store, query, offset, limit, &error);
  if (records == NULL &&
      (g_error_matches (error, KT_ERROR, KT_ERROR_UNKNOWN_FIELD) ||
       g_error_matches (error, KT_ERROR, KT_ERROR_WRONG_TYPE)))
    {
      /* A --sort or --filter naming a field the entity does not have (or
       * a value of the wrong type): the command line is wrong, so say
       * which fields there are. */
      g_autofree char *fields = list_fields (entity);

      g_printerr ("kantora-cli: %s\n", error->message);
      g_printerr (_("The fields of %s: %s\n"), entity->name, fields);
      return KT_CLI_USAGE;
    }
  if (records == NULL)
    return kt_cli_fail (error);

  for (guint i = 0; i < records->len; i++)
    print_record (g_ptr_array_index (records, i));
  return KT_CLI_OK;
}

typedef enum {
  FORMAT_GUESS,
  FORMAT_JSONL,
  FORMAT_CSV,
  FORMAT_VCARD,
} Format;

/* Splits "ENTITY [FILE|-] [--format F]" (the option anywhere after the
 * entity). Returns FALSE with a message for the person. */
static gboolean
parse_file_args (int          argc,
                 char       **argv,
                 const char **out_entity,
                 const char **out_file,
                 Format      *out_format,
                 char       **out_message)
{
  *out_entity = NULL;
  *out_file = NULL;
  *out_format = FORMAT_GUESS;

  for (int i = 0; i < argc; i++)
    {
      if (g_str_equal (argv[i], "--format"))
        {
          const char *value = i + 1 < argc ? argv[++i] : NULL;

          if (value == NULL)
            {
              *out_message = g_strdup_printf (_("The option “%s” needs a value"), "--format");
              return FALSE;
            }
          if (g_str_equal (value, "jsonl") || g_str_equal (value, "json"))
            *out_format = FORMAT_JSONL;
          else if (g_str_equal (value, "csv"))
            *out_format = FORMAT_CSV;
          else if (g_str_equal (value, "vcard") || g_str_equal (value, "vcf"))
            *out_format = FORMAT_VCARD;
          else
            {
              *out_message = g_strdup_printf (_("Unknown format “%s” (try jsonl, csv, vcard)"), value);
              return FALSE;
            }
        }
      else if (g_str_has_prefix (argv[i], "--"))
        {
          *out_message = g_strdup_printf (_("Unknown option “%s”"), argv[i]);
          return FALSE;
        }
      else if (*out_entity == NULL)
        *out_entity = argv[i];
      else if (*out_file == NULL)
        *out_file = argv[i];
      else
        {
          *out_message = g_strdup_printf (_("Unexpected argument “%s”"), argv[i]);
          return FALSE;
        }
    }

  if (*out_entity == NULL)
    {
      *out_message = g_strdup (_("An entity is missing (contact, company, deal…)"));
      return FALSE;
    }
  if (g_strcmp0 (*out_file, "-") == 0)
    *out_file = NULL;

  /* The file's name tells the format unless the person said it. */
  if (*out_format == FORMAT_GUESS)
    {
      g_autofree char *lower = *out_file != NULL ? g_ascii_strdown (*out_file, -1) : NULL;

      if (lower != NULL && g_str_has_suffix (lower, ".csv"))
        *out_format = FORMAT_CSV;
      else if (lower != NULL && (g_str_has_suffix (lower, ".vcf") || g_str_has_suffix (lower, ".vcard")))
        *out_format = FORMAT_VCARD;
      else
        *out_format = FORMAT_JSONL;
    }
  return TRUE;
}

/* CSV or vCard through the same import as the window's: every row is
 * checked first; any bad row is reported by its line and nothing is
 * saved, so a script can fix the file and run again. */
static int
import_table (KtCli           *cli,
              const KtEntity  *entity,
              const char      *file_name,
              Format           format,
              const char      *text,
              gsize            length)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KtImport) import = NULL;
  GPtrArray *issues;
  guint n;

  /* The importer goes by the name for vCards; a name that says so makes
   * --format vcard work for standard input and odd names too. */
  import = kt_import_new_from_data (cli->store, entity,
                                    format == FORMAT_VCARD ? "import.vcf" : (file_name ?: "import.csv"),
                                    text, length, &error);
  if (import == NULL || !kt_import_prepare (import, &error))
    return kt_cli_fail (error);

  issues = kt_import_get_issues (import);
  if (issues->len > 0)
    {
      for (guint i = 0; i < issues->len; i++)
        {
          g_autofree char *line = kt_import_issue_to_string (g_ptr_array_index (issues, i));

          g_printerr ("kantora-cli: %s\n", line);
        }
      g_printerr ("kantora-cli: ");
      g_printerr (g_dngettext (GETTEXT_PACKAGE,
                               "%u row is not valid; nothing was imported.",
                               "%u rows are not valid; nothing was imported.",
                               issues->len),
                  issues->len);
      g_printerr ("\n");
      return KT_CLI_INVALID;
    }

  n = kt_import_get_n_valid (import);
  if (!kt_import_commit (import, &error))
    return kt_cli_fail (error);

  g_printerr (g_dngettext (GETTEXT_PACKAGE, "Imported %u record\n", "Imported %u records\n", n), n);
  return KT_CLI_OK;
}

int
kt_cli_import (KtCli  *cli,
               int     argc,
               char  **argv)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) records = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *text = NULL;
  g_autofree char *message = NULL;
  g_auto (GStrv) lines = NULL;
  const KtEntity *entity;
  const char *entity_name, *file;
  Format format;
  gsize length = 0;

  if (argc < 1)
    return kt_cli_usage (_("import needs an entity and a file of JSON lines, CSV or vCards (or -)"));
  if (g_str_equal (argv[0], "--zip"))
    return kt_cli_import_zip (cli, argc, argv);
  if (!parse_file_args (argc, argv, &entity_name, &file, &format, &message))
    return kt_cli_usage (message);
  if ((entity = lookup_entity (entity_name, &error)) == NULL)
    return kt_cli_fail (error);

  if (file != NULL)
    {
      if (!g_file_get_contents (file, &text, &length, &error))
        return kt_cli_fail (error);
    }
  else if ((text = read_input (NULL, &error)) == NULL)
    return kt_cli_fail (error);
  else
    length = strlen (text);

  if (format == FORMAT_CSV || format == FORMAT_VCARD)
    return import_table (cli, entity, file, format, text, length);

  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autoptr (JsonObject) object = NULL;
      g_autoptr (KtRecord) record = NULL;

      if (*g_strstrip (lines[i]) == '\0')
        continue;

      if ((object = parse_object (lines[i], &error)) == NULL ||
          (record = record_from_object (entity, object, &error)) == NULL ||
          !kt_record_validate (record, &error))
        {
          g_prefix_error (&error, _("Line %u: "), i + 1);
          return kt_cli_fail (error);
        }
      g_ptr_array_add (records, g_steal_pointer (&record));
    }

  /* All or nothing: a script can rerun a fixed file. */
  if (!kt_store_save_all (cli->store, records, &error))
    return kt_cli_fail (error);

  g_printerr (g_dngettext (GETTEXT_PACKAGE, "Imported %u record\n", "Imported %u records\n",
                           records->len), records->len);
  return KT_CLI_OK;
}

int
kt_cli_export (KtCli  *cli,
               int     argc,
               char  **argv)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KtQuery) query = NULL;
  g_autoptr (GString) out = g_string_new (NULL);
  g_autofree char *message = NULL;
  const KtEntity *entity;
  const char *entity_name, *file;
  Format format;
  guint offset = 0;

  if (argc < 1)
    return kt_cli_usage (_("export needs an entity and optionally a file"));
  if (g_str_equal (argv[0], "--zip"))
    return kt_cli_export_zip (cli, argc, argv);
  if (!parse_file_args (argc, argv, &entity_name, &file, &format, &message))
    return kt_cli_usage (message);
  if ((entity = lookup_entity (entity_name, &error)) == NULL)
    return kt_cli_fail (error);

  if (format == FORMAT_CSV || format == FORMAT_VCARD)
    {
      g_autofree char *text = NULL;

      /* The window's exporters: what they write, the import reads back. */
      if (format == FORMAT_VCARD && !g_str_equal (entity->name, "contact"))
        {
          g_set_error (&error, KT_ERROR, KT_ERROR_INVALID,
                       _("Only contacts can be exported as vCards; use csv or jsonl for %s"),
                       entity->plural);
          return kt_cli_fail (error);
        }
      if (format == FORMAT_VCARD)
        text = kt_export_vcard_text (cli->store, KT_VCARD_VERSION_4_0, NULL, &error);
      else if (g_str_equal (entity->name, "contact") || g_str_equal (entity->name, "company"))
        text = kt_export_csv_text (cli->store, entity, NULL, &error);
      else
        {
          /* Every other list with ids, references and their names: what
           * the organization archive holds for it (docs/cli.md). */
          query = kt_org_archive_new_query (entity);
          text = kt_export_query_csv_text (cli->store, query, NULL, &error);
        }
      if (text == NULL)
        return kt_cli_fail (error);
      g_string_assign (out, text);
    }
  else
    {
      query = kt_query_new (entity);
      kt_query_set_sort (query, KT_META_ID, FALSE);
      for (;;)
        {
          g_autoptr (GPtrArray) page = kt_store_query (cli->store, query, offset, EXPORT_PAGE, &error);

          if (page == NULL)
            return kt_cli_fail (error);
          for (guint i = 0; i < page->len; i++)
            {
              g_autofree char *json = kt_record_to_json_string (g_ptr_array_index (page, i), KT_JSON_DEFAULT);

              g_string_append (out, json);
              g_string_append_c (out, '\n');
            }
          if (page->len < EXPORT_PAGE)
            break;
          offset += page->len;
        }
    }

  if (file != NULL)
    {
      /* Atomic: a reader never sees half an export. */
      if (!g_file_set_contents (file, out->str, (gssize) out->len, &error))
        return kt_cli_fail (error);
    }
  else
    fwrite (out->str, 1, out->len, stdout);

  return KT_CLI_OK;
}
