/* kt-jobs-window.h: the server's waiting and failed background jobs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "kt-context.h"

G_BEGIN_DECLS

#define KT_TYPE_JOBS_WINDOW (kt_jobs_window_get_type ())
G_DECLARE_FINAL_TYPE (KtJobsWindow, kt_jobs_window, KT, JOBS_WINDOW, AdwWindow)

GtkWidget  *kt_jobs_window_new          (KtContext    *context);
/* Fetches the list again (F5, the refresh button). */
void        kt_jobs_window_refresh      (KtJobsWindow *self);
/* Asks the server to run the failed job @job_id again (its row's Retry). */
void        kt_jobs_window_retry        (KtJobsWindow *self,
                                         const char   *job_id);

/* For tests. */
gboolean    kt_jobs_window_get_busy     (KtJobsWindow *self);
guint       kt_jobs_window_get_n_jobs   (KtJobsWindow *self);
/* "list", "empty", "offline" or "error": what the window shows. */
const char *kt_jobs_window_get_page     (KtJobsWindow *self);
/* The state of the job @job_id as last shown ("failed", "pending"…). */
const char *kt_jobs_window_get_job_state (KtJobsWindow *self,
                                          const char   *job_id);
/* The translated name of a job kind; an unknown kind is its code. */
const char *kt_jobs_kind_label          (const char   *kind);

G_END_DECLS
