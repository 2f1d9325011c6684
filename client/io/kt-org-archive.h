/* kt-org-archive.h: every list as CSV, the organization as a ZIP
 *
 * kt_export_query_csv_text() writes the records a query finds with every
 * column needed to read them back: the id, the owner and creation time,
 * every field (money in decimal with the currency column beside it,
 * dates ISO, references as ids with a readable "<field>_name" column,
 * JSON fields as JSON), then one column per custom field under its label.
 *
 * The organization archive is a ZIP with one such CSV per synced entity
 * ("<plural>.csv") and a manifest.json (format, format_version,
 * schema_version, exported_at, and per file its entity and row count).
 * Importing it is allowed into an empty store only, validates every row
 * with the shared rules, keeps ids (so references hold) and saves all
 * records in one transaction. docs/cli.md, "The organization archive",
 * has the format.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "kt-store.h"

G_BEGIN_DECLS

#define KT_ORG_ARCHIVE_FORMAT          "kantora-organization"
#define KT_ORG_ARCHIVE_FORMAT_VERSION  1
/* What the reader accepts, so that a hostile archive cannot make it
 * allocate without bound. */
#define KT_ORG_ARCHIVE_MAX_MANIFEST    (64 * 1024)
#define KT_ORG_ARCHIVE_MAX_FILE        ((gsize) 512 * 1024 * 1024)
#define KT_ORG_ARCHIVE_MAX_TOTAL       ((gsize) 2 * 1024 * 1024 * 1024)

/* Called between entities with the share done, 0 to 1. */
typedef void (*KtOrgArchiveProgress) (double   fraction,
                                      gpointer user_data);

char     *kt_export_query_csv_text (KtStore       *store,
                                    KtQuery       *query,
                                    guint         *n_records,
                                    GError       **error);

/* Every record of @entity in its default order (an index serves it):
 * what the archive writes, and the CLI's CSV of a whole list. */
KtQuery  *kt_org_archive_new_query (const KtEntity *entity);

/* Whether kt_org_archive_export() writes @entity. */
gboolean  kt_org_archive_includes  (const KtEntity *entity);

GBytes   *kt_org_archive_export    (KtStore              *store,
                                    KtOrgArchiveProgress  progress,
                                    gpointer              user_data,
                                    GCancellable         *cancellable,
                                    GError              **error);
/* The archive written to @file atomically. */
gboolean  kt_org_archive_export_file (KtStore              *store,
                                      GFile                *file,
                                      KtOrgArchiveProgress  progress,
                                      gpointer              user_data,
                                      GCancellable         *cancellable,
                                      GError              **error);

/* Reads and validates @data into records, in dependency order, without
 * touching a store. Errors name the file, the line and the field. */
GPtrArray *kt_org_archive_read     (GBytes        *data,
                                    GCancellable  *cancellable,
                                    GError       **error);
/* Refuses (KT_ERROR_INVALID) a store that holds any record; else reads
 * @data and saves every record in one transaction. @n_records receives
 * how many were imported. */
gboolean  kt_org_archive_import    (KtStore       *store,
                                    GBytes        *data,
                                    guint         *n_records,
                                    GCancellable  *cancellable,
                                    GError       **error);

G_END_DECLS
