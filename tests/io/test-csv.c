/* test-csv.c: the RFC 4180 reader and writer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib.h>
#include <string.h>

#include "kt-error.h"
#include "kt-csv.h"

static void
assert_row (KtCsvTable         *table,
            guint               row,
            const char * const *expected)
{
  const char * const *fields = kt_csv_table_get_row (table, row);

  g_assert_cmpuint (g_strv_length ((char **) fields), ==, g_strv_length ((char **) expected));
  for (guint i = 0; expected[i] != NULL; i++)
    g_assert_cmpstr (fields[i], ==, expected[i]);
}

static void
test_csv_plain (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KtCsvTable) table = NULL;

  table = kt_csv_parse ("a,b,c\r\n1,2,3\r\n4,,6", -1, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (kt_csv_table_get_separator (table), ==, ',');
  g_assert_cmpuint (kt_csv_table_get_n_rows (table), ==, 3);
  assert_row (table, 0, (const char *[]) { "a", "b", "c", NULL });
  assert_row (table, 2, (const char *[]) { "4", "", "6", NULL });
  g_assert_cmpuint (kt_csv_table_get_line (table, 2), ==, 3);
}

static void
test_csv_quotes_and_newlines (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KtCsvTable) table = NULL;
  const char *text =
    "name,notes,city\n"
    "\"Petrov, Ivan\",\"He said \"\"hi\"\"\nand left\",Sofia\n"
    "\"\",\"x\",\"\"\n"
    "last,one,row\n";

  table = kt_csv_parse (text, -1, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (kt_csv_table_get_n_rows (table), ==, 4);
  assert_row (table, 1, (const char *[]) { "Petrov, Ivan", "He said \"hi\"\nand left", "Sofia", NULL });
  assert_row (table, 2, (const char *[]) { "", "x", "", NULL });
  /* The embedded line break moves every later row down one line. */
  g_assert_cmpuint (kt_csv_table_get_line (table, 1), ==, 2);
  g_assert_cmpuint (kt_csv_table_get_line (table, 2), ==, 4);
  g_assert_cmpuint (kt_csv_table_get_line (table, 3), ==, 5);
}

static void
test_csv_bom_and_semicolon (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KtCsvTable) table = NULL;
  const char *text = "\xEF\xBB\xBFИме;Фамилия;Бележки\r\nИван;Петров;\"1,5 кг; много\"\r\n\r\n";

  table = kt_csv_parse (text, -1, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (kt_csv_table_get_separator (table), ==, ';');
  /* The trailing blank line is not a row. */
  g_assert_cmpuint (kt_csv_table_get_n_rows (table), ==, 2);
  /* The BOM must not stick to the first header. */
  assert_row (table, 0, (const char *[]) { "Име", "Фамилия", "Бележки", NULL });
  assert_row (table, 1, (const char *[]) { "Иван", "Петров", "1,5 кг; много", NULL });
}

static void
test_csv_sniff (void)
{
  g_assert_cmpint (kt_csv_sniff_separator ("a,b;c,d", -1), ==, ',');
  g_assert_cmpint (kt_csv_sniff_separator ("a;b;c,d", -1), ==, ';');
  g_assert_cmpint (kt_csv_sniff_separator ("a\tb\tc", -1), ==, '\t');
  /* Separators inside quotes do not count. */
  g_assert_cmpint (kt_csv_sniff_separator ("\"a;b;c\",d\n", -1), ==, ',');
  g_assert_cmpint (kt_csv_sniff_separator ("single", -1), ==, ',');
}

static void
assert_malformed (const char *text,
                  const char *line_text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KtCsvTable) table = kt_csv_parse (text, -1, ',', &error);

  g_assert_null (table);
  g_assert_error (error, KT_ERROR, KT_ERROR_MALFORMED);
  if (strstr (error->message, line_text) == NULL)
    g_error ("expected “%s” in “%s”", line_text, error->message);
}

static void
test_csv_malformed (void)
{
  assert_malformed ("a,b\n1,2\n\"open,3\n4,5\n", "Line 3");
  assert_malformed ("a,b\n\"x\"y,2\n", "Line 2");
  assert_malformed ("a,b\n1,2\n3,4\nab\"c,5\n", "Line 4");
  assert_malformed ("a,b\n1,2\n\xff\xfe,3\n", "Line 3");
}

static void
test_csv_write_round_trip (void)
{
  const char *rows[][3] = {
    { "name", "notes", "city" },
    { "Petrov, Ivan", "He said \"hi\"\r\nand left", " padded " },
    { "", "plain", "Пловдив" },
  };
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(KtCsvTable) table = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    kt_csv_append_row (out, rows[i], 3, ',');

  g_assert_true (g_str_has_prefix (out->str, "name,notes,city\r\n\"Petrov, Ivan\",\"He said \"\"hi\"\""));

  table = kt_csv_parse (out->str, out->len, ',', &error);
  g_assert_no_error (error);
  g_assert_cmpuint (kt_csv_table_get_n_rows (table), ==, 3);
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    for (guint j = 0; j < 3; j++)
      g_assert_cmpstr (kt_csv_table_get_row (table, i)[j], ==, rows[i][j]);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/io/csv/plain", test_csv_plain);
  g_test_add_func ("/io/csv/quotes-and-newlines", test_csv_quotes_and_newlines);
  g_test_add_func ("/io/csv/bom-and-semicolon", test_csv_bom_and_semicolon);
  g_test_add_func ("/io/csv/sniff", test_csv_sniff);
  g_test_add_func ("/io/csv/malformed", test_csv_malformed);
  g_test_add_func ("/io/csv/write-round-trip", test_csv_write_round_trip);

  return g_test_run ();
}
