/* kt-import.h: importing contacts and companies from CSV or vCard
 *
 * An import is a table (a header and rows, each row with the line of the
 * file it came from) plus a target for every column. kt_import_prepare()
 * turns every row into a record and validates it, collecting one issue per
 * bad row (line, field, translated message) without touching the store;
 * kt_import_commit() then saves the valid rows, and the companies they
 * name, in ONE store transaction: either all of them land or none do.
 * A bad row is skipped only after the person confirmed "import N, skip M";
 * nothing is ever half-imported.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "kt-csv.h"
#include "kt-store.h"
#include "kt-import-guess.h"

G_BEGIN_DECLS

typedef struct {
  guint  line;     /* 1-based line of the file where the row starts */
  char  *target;   /* the field (or import target) at fault, or NULL */
  char  *column;   /* the column header or field label at fault, or NULL */
  char  *message;  /* translated, names the field */
} KtImportIssue;

#define KT_TYPE_IMPORT (kt_import_get_type ())
G_DECLARE_FINAL_TYPE (KtImport, kt_import, KT, IMPORT, GObject)

/* Row 0 of @table is the header; targets are guessed from it.
 * @entity is the contact or company entity. */
KtImport   *kt_import_new_csv           (KtStore        *store,
                                         const KtEntity *entity,
                                         KtCsvTable     *table);
/* Contacts from vCards (a GPtrArray of KtVCard); the columns are the
 * targets the cards use, already mapped. */
KtImport   *kt_import_new_vcard         (KtStore        *store,
                                         GPtrArray      *cards);

/* Reads a file's contents: vCard when the name ends in .vcf/.vcard or the
 * text starts with BEGIN:VCARD (contacts only), CSV otherwise. Fails with
 * the parser's error (KT_ERROR_MALFORMED naming the line), or
 * KT_ERROR_INVALID for vCards into anything but contacts or an empty file. */
KtImport   *kt_import_new_from_data     (KtStore        *store,
                                         const KtEntity *entity,
                                         const char     *file_name,
                                         const char     *data,
                                         gsize           length,
                                         GError        **error);

const KtEntity *kt_import_get_entity    (KtImport *self);
guint       kt_import_get_n_columns     (KtImport *self);
const char *kt_import_get_column_header (KtImport *self, guint column);
/* NULL: the column is not imported. */
const char *kt_import_get_column_target (KtImport *self, guint column);
void        kt_import_set_column_target (KtImport *self, guint column,
                                         const char *target);
/* The targets a column may take, in form order (fields, full name,
 * company name, "custom.<key>"), and a translated label for each. */
GStrv       kt_import_list_targets      (KtImport *self);
char       *kt_import_dup_target_label  (KtImport *self, const char *target);

/* Data rows (without the header), for the preview. */
guint       kt_import_get_n_rows        (KtImport *self);
const char *kt_import_get_cell          (KtImport *self, guint row, guint column);
guint       kt_import_get_row_line      (KtImport *self, guint row);

/* Builds and validates every row. Fails (KT_ERROR_INVALID) only when the
 * mapping itself cannot work: no column gives the entity's required
 * name. Row problems are issues, not errors. */
gboolean    kt_import_prepare           (KtImport  *self,
                                         GError   **error);
guint       kt_import_get_n_valid       (KtImport *self);
/* Of KtImportIssue, in line order. */
GPtrArray  *kt_import_get_issues        (KtImport *self);
/* The records prepare built: new companies first, then the valid rows. */
GPtrArray  *kt_import_get_records       (KtImport *self);
/* Companies that will be created for contacts' company names. */
guint       kt_import_get_n_new_companies (KtImport *self);

/* Rows that are already in the store: a live record of the entity with
 * the same email, phone or EIK/VAT number (kt_store_find_duplicates(); a
 * similar name alone is not enough). Counted by kt_import_prepare(). */
guint       kt_import_get_n_duplicates  (KtImport *self);
/* With @update TRUE, kt_import_prepare() makes each such row update the
 * stored record (the row's non-empty cells replace its values, custom
 * values are added) instead of creating a second one. Off by default. */
void        kt_import_set_update_duplicates (KtImport *self,
                                             gboolean  update);

/* Saves kt_import_get_records() in one transaction. */
gboolean    kt_import_commit            (KtImport  *self,
                                         GError   **error);

/* "Line 4, Email: ..." for reports and logs. */
char       *kt_import_issue_to_string   (const KtImportIssue *issue);

G_END_DECLS
