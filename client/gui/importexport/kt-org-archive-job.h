/* kt-org-archive-job.h: Export Organization… and Import Organization…
 *
 * The archive is written or read on a worker thread with a store
 * connection of its own (the window's connection belongs to the main
 * thread; SQLite in WAL mode lets both work at once), behind a dialog
 * with a progress bar and Cancel. After an import the window's store sees
 * the new rows as an external change (kt_store_check_external_changes()).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "kt-store.h"

G_BEGIN_DECLS

void kt_org_archive_job_run_export (GtkWindow *parent,
                                    KtStore   *store);
void kt_org_archive_job_run_import (GtkWindow *parent,
                                    KtStore   *store);

/* Without the file chooser: writes or reads @file at once (the tests use
 * it; the two functions above end here). */
void kt_org_archive_job_start      (GtkWindow *parent,
                                    KtStore   *store,
                                    GFile     *file,
                                    gboolean   import);

G_END_DECLS
