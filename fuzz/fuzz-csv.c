/* fuzz-csv.c: the CSV importer's parsing (client/io/kt-csv.c and the
 * per-cell conversion of client/io/kt-import.c)
 *
 * The bytes are a whole file, as a person picks it. The table is read with
 * the separator guessed, its header row mapped to fields as the import
 * dialog guesses them, and every cell converted to its field's value and
 * set on a record of the entity the first bytes pick, which is then
 * validated: what kt-import.c does for each row before anything is
 * written. Any row that parses must also write back as CSV that parses to
 * the same cells.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "kt-fuzz.h"

#include "kantora-shared.h"
#include "kt-csv.h"
#include "kt-import-guess.h"
#include "kt-io-value.h"

static const char * const entities[] = { "contact", "company", "deal", "task", "activity" };

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  kt_fuzz_init ();
  for (guint i = 0; i < G_N_ELEMENTS (entities); i++)
    if (kt_entity_lookup (entities[i]) == NULL)
      g_error ("no entity %s", entities[i]);
  return 0;
}

static void
check_round_trip (KtCsvTable *table)
{
  char separator = kt_csv_table_get_separator (table);
  /* As kt-export.c writes a file: a byte order mark first, so that a
   * first cell that starts with one keeps it. */
  g_autoptr(GString) out = g_string_new ("\xEF\xBB\xBF");
  g_autoptr(KtCsvTable) again = NULL;
  g_autoptr(GError) error = NULL;
  guint written = 0;

  for (guint r = 0; r < kt_csv_table_get_n_rows (table); r++)
    {
      guint n = kt_csv_table_get_n_fields (table, r);

      /* A row of one empty cell writes as an empty line, which the reader
       * skips: not a loss, so not compared. */
      if (n == 1 && *kt_csv_table_get_row (table, r)[0] == '\0')
        continue;
      kt_csv_append_row (out, kt_csv_table_get_row (table, r), n, separator);
      written++;
    }

  again = kt_csv_parse (out->str, (gssize) out->len, separator, &error);
  if (again == NULL)
    g_error ("written CSV does not parse back: %s\n%s", error->message, out->str);
  if (kt_csv_table_get_n_rows (again) != written)
    g_error ("%u rows written, %u read back", written, kt_csv_table_get_n_rows (again));

  for (guint r = 0, w = 0; r < kt_csv_table_get_n_rows (table); r++)
    {
      const char * const *cells = kt_csv_table_get_row (table, r);
      guint n = kt_csv_table_get_n_fields (table, r);

      if (n == 1 && *cells[0] == '\0')
        continue;
      if (kt_csv_table_get_n_fields (again, w) != n)
        g_error ("row %u: %u cells written, %u read back", r, n, kt_csv_table_get_n_fields (again, w));
      for (guint c = 0; c < n; c++)
        if (strcmp (cells[c], kt_csv_table_get_row (again, w)[c]) != 0)
          g_error ("row %u cell %u: \"%s\" reads back as \"%s\"", r, c, cells[c],
                   kt_csv_table_get_row (again, w)[c]);
      w++;
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autoptr(KtCsvTable) table = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) targets = g_ptr_array_new ();
  const KtEntity *entity;
  const char * const *header;
  guint n_columns;

  if (size < 1)
    return 0;
  entity = kt_entity_lookup (entities[data[0] % G_N_ELEMENTS (entities)]);
  data++, size--;

  (void) kt_csv_sniff_separator ((const char *) data, (gssize) size);
  table = kt_csv_parse ((const char *) data, (gssize) size, 0, &error);
  if (table == NULL)
    {
      if (error == NULL)
        g_error ("kt_csv_parse failed without an error");
      return 0;
    }
  check_round_trip (table);
  if (kt_csv_table_get_n_rows (table) == 0)
    return 0;

  header = kt_csv_table_get_row (table, 0);
  n_columns = kt_csv_table_get_n_fields (table, 0);
  for (guint c = 0; c < n_columns; c++)
    {
      g_autofree char *normalized = kt_import_normalize_header (header[c]);

      (void) normalized;
      g_ptr_array_add (targets, (gpointer) kt_import_guess_target (entity->name, header[c]));
    }

  for (guint r = 1; r < kt_csv_table_get_n_rows (table); r++)
    {
      const char * const *cells = kt_csv_table_get_row (table, r);
      guint n_cells = kt_csv_table_get_n_fields (table, r);
      g_autoptr(KtRecord) record = kt_record_new (entity);
      const char *currency = NULL;

      (void) kt_csv_table_get_line (table, r);
      for (guint c = 0; c < n_columns && c < n_cells; c++)
        if (g_strcmp0 (targets->pdata[c], "currency") == 0 && *cells[c] != '\0')
          currency = cells[c];

      for (guint c = 0; c < n_columns && c < n_cells; c++)
        {
          const char *target = targets->pdata[c];
          const KtField *field;
          g_autoptr(JsonNode) node = NULL;
          g_autofree char *value = NULL;

          if (target == NULL)
            continue;
          field = kt_entity_get_field (entity, target);
          if (field == NULL)
            continue;
          value = g_strstrip (g_strdup (cells[c]));
          if (*value == '\0')
            continue;
          node = kt_io_value_from_text (field, header[c], value, currency, &error);
          if (node == NULL || !kt_record_set_node (record, target, node, &error))
            {
              if (error == NULL)
                g_error ("a cell of field %s failed without an error", target);
              g_clear_error (&error);
            }
        }
      if (!kt_record_validate (record, &error))
        {
          if (error == NULL)
            g_error ("kt_record_validate failed without an error");
          g_clear_error (&error);
        }
    }
  return 0;
}
