/* kt-job-mail.h: "mail", a message sent through the job queue
 *
 * Every mail of the server goes through this kind: an invitation, an
 * invoice sent by a person (POST /v1/invoices/{id}/send), a payment
 * reminder. The payload says what to send; an invoice named by it is
 * rendered to PDF when the job runs (the PDF routes' records and
 * renderer), so the attachment shows the invoice as it is then. An SMTP
 * outage fails the job, and the runner's backoff sends it later.
 *
 * Payload:
 *
 *   {"to": "ivan@example.bg", "subject": "…", "text": "…", "language": "bg",
 *    "sender_name": "…"?, "reply_to": "…"?,
 *    "invoice_id": "…"?,  the invoice the mail is about: attached as PDF,
 *                         logged on its timeline once sent
 *    "reminder": 1?,      a payment reminder: not sent once the invoice
 *                         is paid, cancelled or gone
 *    "mark_sent": true?,  an issued invoice becomes "sent"
 *    "log": "…"?}         the mail log's subject
 *
 * The writes (the log, the status) and the send are in the job's one
 * transaction, the send last: a refused send writes nothing, and a crash
 * between the send and the commit sends again (at least once).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kt-jobs.h"

G_BEGIN_DECLS

typedef struct {
  const char *to;
  const char *subject;
  const char *text;
  const char *language;     /* the texts' language, for the record */
  const char *sender_name;  /* NULL: the organization's */
  const char *reply_to;     /* NULL: the organization's */
  const char *invoice_id;   /* NULL: a mail about no invoice */
  guint       reminder;
  gboolean    mark_sent;
  const char *log;
} KtMailJob;

extern const KtJobKind kt_job_mail;

/* Enqueues @mail for @org_id (sender name and reply-to filled in from
 * the organization where @mail has none), in the caller's transaction;
 * with @dedupe_key, once per key (*@id 0 the second time). */
gboolean kt_job_mail_enqueue         (KtPg             *pg,
                                      const char       *org_id,
                                      const KtMailJob  *mail,
                                      const char       *dedupe_key,
                                      gint64            run_at_ms,
                                      gint64           *id,
                                      GError          **error);

/* Enqueues the mail of @invoice (issued: it has a number) to @to in
 * @language (NULL: the invoice's), its PDF attached: the invoice itself
 * (@reminder 0, marked sent once mailed) or its @reminder-th payment
 * reminder. The words come from kt-mail-texts.h. */
gboolean kt_job_mail_enqueue_invoice (KtPg             *pg,
                                      const char       *org_id,
                                      KtRecord         *invoice,
                                      const char       *to,
                                      const char       *language,
                                      guint             reminder,
                                      const char       *dedupe_key,
                                      gint64            run_at_ms,
                                      gint64           *id,
                                      GError          **error);

G_END_DECLS
