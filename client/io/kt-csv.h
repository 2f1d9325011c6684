/* kt-csv.h: RFC 4180 comma-separated values, read and written
 *
 * The reader takes a whole file's text (CSV files people import are a few
 * megabytes at most), drops a UTF-8 byte order mark, guesses the separator
 * (',' or ';' as spreadsheets in Bulgarian and German locales write, or a
 * tab) and keeps, for every row, the line of the file it starts on so that
 * errors can point a person at it. Quoted fields may hold separators,
 * doubled quotes and line breaks.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _KtCsvTable KtCsvTable;

/* Parses @text (@length bytes, or -1 for NUL-terminated). @separator is
 * ',', ';' or '\t', or 0 to guess it from the first line. Fails with
 * KT_ERROR_MALFORMED and a translated message naming the line for an
 * unterminated quote, text after a closing quote, a stray quote inside an
 * unquoted field, or bytes that are not UTF-8. Empty lines are skipped. */
KtCsvTable         *kt_csv_parse              (const char  *text,
                                               gssize       length,
                                               char         separator,
                                               GError     **error);
void                kt_csv_table_free         (KtCsvTable  *table);

char                kt_csv_table_get_separator (KtCsvTable *table);
guint               kt_csv_table_get_n_rows   (KtCsvTable  *table);
/* The fields of row @row (0 is the first row of the file, usually the
 * header), NULL-terminated. */
const char * const *kt_csv_table_get_row      (KtCsvTable  *table,
                                               guint        row);
guint               kt_csv_table_get_n_fields (KtCsvTable  *table,
                                               guint        row);
/* The 1-based line of the file where @row starts. */
guint               kt_csv_table_get_line     (KtCsvTable  *table,
                                               guint        row);

/* Guesses the separator of @text from its first line, outside quotes:
 * the most frequent of ',', ';' and '\t'; ',' when none occurs. */
char                kt_csv_sniff_separator    (const char  *text,
                                               gssize       length);

/* Appends one row to @out, quoting a field when it holds the separator, a
 * quote, a line break or leading/trailing spaces, and ending the row with
 * CRLF as RFC 4180 says. NULL fields are written empty. */
void                kt_csv_append_row         (GString            *out,
                                               const char * const *fields,
                                               guint               n_fields,
                                               char                separator);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KtCsvTable, kt_csv_table_free)

G_END_DECLS
