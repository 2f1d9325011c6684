/* kt-export.h: contacts and companies to CSV and vCard files
 *
 * The text is built in memory from the store in pages, then written with
 * g_file_replace_contents(), which writes a temporary file and renames it
 * over the target: a full disk or a crash leaves the old file (or none),
 * never half of the new one.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "kt-store.h"
#include "kt-vcard.h"

G_BEGIN_DECLS

/* A header row of field names (what kt_import guesses back exactly), the
 * contact's company as a "company_name" column, custom fields by label;
 * RFC 4180 quoting, CRLF line ends, ',' separator, UTF-8 with a BOM so that
 * spreadsheet programs read Cyrillic right. */
char     *kt_export_csv_text   (KtStore         *store,
                                const KtEntity  *entity,
                                guint           *n_records,
                                GError         **error);
char     *kt_export_vcard_text (KtStore         *store,
                                KtVCardVersion   version,
                                guint           *n_records,
                                GError         **error);

/* Replaces @file with @text atomically. */
gboolean  kt_export_write_file (GFile           *file,
                                const char      *text,
                                GCancellable    *cancellable,
                                GError         **error);

/* Both of the above. @n_records receives how many were written. */
gboolean  kt_export_csv        (KtStore         *store,
                                const KtEntity  *entity,
                                GFile           *file,
                                guint           *n_records,
                                GError         **error);
gboolean  kt_export_vcard      (KtStore         *store,
                                KtVCardVersion   version,
                                GFile           *file,
                                guint           *n_records,
                                GError         **error);

G_END_DECLS
