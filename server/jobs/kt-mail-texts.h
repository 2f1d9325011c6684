/* kt-mail-texts.h: the words of the mails the server sends about invoices
 *
 * One place for every subject and body the jobs mail to a client (an
 * invoice, its payment reminders) and for the mail log's lines, in the
 * invoice's language (bg or en, not the server's or a request's: a
 * reminder has no request). They are the built-in defaults of what the
 * template studio will make editable, which is why they are templates in
 * the template language (docs/templates.md, "Mail templates") rather than
 * gettext messages.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* What the texts may name; NULL members read as "". */
typedef struct {
  const char *language;   /* "bg" or "en"; anything else is "en" */
  guint       reminder;   /* 0: the invoice itself; 1, 2, …: its reminders */
  const char *number;     /* the invoice's number */
  const char *seller;     /* the organization's name */
  const char *issue_date; /* YYYY-MM-DD */
  const char *due_date;
  const char *amount;     /* formatted, the open amount for a reminder */
  const char *to;         /* the recipient's address (the log line) */
  const char *organization; /* the organization's name (an invitation) */
  const char *role;       /* an invitation's role, as the invitee reads it */
  const char *link;       /* an invitation's kantora:// link */
} KtMailTextArgs;

/* The subject and the plain text body of the mail. */
void  kt_mail_texts_build (const KtMailTextArgs *args,
                           char                **subject,
                           char                **text);
/* An invitation to join the organization: its subject and body. */
void  kt_mail_texts_invitation (const KtMailTextArgs *args,
                                char                **subject,
                                char                **text);
/* The mail log's subject once it is sent: "Reminder 1 sent to …". */
char *kt_mail_texts_log   (const KtMailTextArgs *args);
/* "bg" or "en" for @language (NULL or unknown: "en"). */
const char *kt_mail_texts_language (const char *language);
/* Parses and strictly renders every built-in text over sample values, so
 * that a mistake in one fails a test rather than a customer's mail. */
gboolean    kt_mail_texts_check    (GError **error);

G_END_DECLS
