/* kt-import-export.h: the file choosers around import and export
 *
 * For the Contacts and Companies panes (menu items or actions):
 *
 *   kt_import_export_run_import (parent, store, KT_ENTITY_CONTACT);
 *   kt_import_export_run_export (parent, store, KT_ENTITY_CONTACT, KT_EXPORT_FORMAT_VCARD_4);
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "kt-store.h"

G_BEGIN_DECLS

typedef enum {
  KT_EXPORT_FORMAT_CSV,
  KT_EXPORT_FORMAT_VCARD_3,
  KT_EXPORT_FORMAT_VCARD_4,
} KtExportFormat;

/* Asks for a CSV or vCard file, reads it and opens the import dialog;
 * problems reading or parsing the file are shown in a message dialog.
 * For KT_ENTITY_PAYMENT: a bank statement (CAMT.053 or CSV) and the
 * statement dialog (kt-statement-dialog.h). */
void kt_import_export_run_import (GtkWindow      *parent,
                                  KtStore        *store,
                                  const KtEntity *entity);
/* Asks where to save and writes the file atomically; vCard formats are
 * for contacts only. */
void kt_import_export_run_export (GtkWindow      *parent,
                                  KtStore        *store,
                                  const KtEntity *entity,
                                  KtExportFormat  format);

/* Adds "app.import" (target "contact", "company", "payment" or
 * "organization") and "app.export" (target "contact-csv",
 * "contact-vcard", "company-csv" or "organization", the ZIP of
 * kt-org-archive-job.h) to @app; they work on the store of the active
 * KtWindow. */
void kt_import_export_add_actions (GtkApplication *app);

G_END_DECLS
