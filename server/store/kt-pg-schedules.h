/* kt-pg-schedules.h: what the scheduled jobs of invoices read and write
 *
 * The daily payment reminders (server/jobs/kt-job-reminders.c), the
 * daily recurring invoices (kt-job-recurring.c) and the monthly reset of
 * the plan's usage counters (kt-job-usage.c). Times are Unix ms from the
 * runner's clock; "today" is the organization's (kt-pg-zone.h).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kt-pg.h"

G_BEGIN_DECLS

typedef struct {
  char  *invoice_id;
  char  *email;       /* the contact's, else the company's */
  gint   days;        /* days past the due date, today */
  guint  last_step;   /* the highest step reminded so far, 0: none */
} KtPgReminderDue;

void       kt_pg_reminder_due_free      (KtPgReminderDue *due);

/* @org_id's invoices that a reminder may be due for at @now_ms: live,
 * issued (a number; not paid, cancelled or a credit note), money open,
 * due at least @min_days days ago, with a client address and neither
 * the contact nor the company opted out. Oldest due first. */
GPtrArray *kt_pg_reminders_due          (KtPg        *pg,
                                         const char  *org_id,
                                         gint64       now_ms,
                                         guint        min_days,
                                         GError     **error);
/* Records that @invoice_id's reminder at @step goes out: *@claimed is
 * FALSE when it was recorded before (by a rerun or another instance).
 * The record outlives the mail job (done jobs are forgotten), so a step
 * is reminded once for the invoice's life. */
gboolean   kt_pg_reminders_claim        (KtPg        *pg,
                                         const char  *org_id,
                                         const char  *invoice_id,
                                         guint        step,
                                         gboolean    *claimed,
                                         GError     **error);
/* Links the claim to the mail job that sends it. */
gboolean   kt_pg_reminders_set_job      (KtPg        *pg,
                                         const char  *org_id,
                                         const char  *invoice_id,
                                         guint        step,
                                         gint64       job_id,
                                         GError     **error);

typedef struct {
  char *invoice_id;
  char *issue_date;
  char *repeat_every;   /* month, quarter, year */
  char *repeat_until;   /* NULL: no end */
  char *last_copy;      /* the latest copy's issue date, NULL: none */
} KtPgRecurringSource;

void       kt_pg_recurring_source_free  (KtPgRecurringSource *source);

/* @org_id's issued invoices with repeat_every, and its local date at
 * @now_ms in *@today (YYYY-MM-DD). */
GPtrArray *kt_pg_recurring_sources      (KtPg        *pg,
                                         const char  *org_id,
                                         gint64       now_ms,
                                         char       **today,
                                         GError     **error);
/* Whether a copy of @source_id dated @issue_date exists (deleted ones
 * count: their number is taken). */
gboolean   kt_pg_recurring_copy_exists  (KtPg        *pg,
                                         const char  *org_id,
                                         const char  *source_id,
                                         const char  *issue_date,
                                         gboolean    *exists,
                                         GError     **error);

/* The plan usage counters the monthly job resets, one place for all:
 * subscription columns, NULL-terminated. */
const char * const *kt_pg_usage_counters (void);
/* Sets each of @org_id's usage counters back to 0. */
gboolean   kt_pg_usage_reset            (KtPg        *pg,
                                         const char  *org_id,
                                         GError     **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KtPgReminderDue, kt_pg_reminder_due_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KtPgRecurringSource, kt_pg_recurring_source_free)

G_END_DECLS
