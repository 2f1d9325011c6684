/* kt-smtp.h: sending mail through an SMTP server (libcurl)
 *
 * A KtSmtp holds the [mail] settings of the server configuration (host,
 * port, security, user, password or password file, timeouts, the From
 * address and name). kt_smtp_send() sends one message now and blocks
 * until the server has accepted it or refused it: it is what a job of
 * the job queue calls, and what the routes call until the queue exists.
 * Errors are KT_MAIL_ERROR, translated, and name the problem and the
 * server's reply; the password never appears in them or in the log.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kt-mail-message.h"
#include "kt-server-config.h"

G_BEGIN_DECLS

typedef enum {
  KT_SMTP_SECURITY_STARTTLS,           /* smtp://, STARTTLS required */
  KT_SMTP_SECURITY_STARTTLS_OPTIONAL,  /* smtp://, STARTTLS when offered */
  KT_SMTP_SECURITY_TLS,                /* smtps:// */
  KT_SMTP_SECURITY_NONE,               /* smtp://, never TLS */
} KtSmtpSecurity;

typedef struct _KtSmtp KtSmtp;

/* Whether @config names an SMTP host: without one, the server logs what
 * it would have mailed. */
gboolean     kt_smtp_is_configured   (const KtServerConfig *config);
/* Reads the settings (and the password file) once; an error names the
 * setting that is wrong. */
KtSmtp      *kt_smtp_new             (const KtServerConfig *config,
                                      GError              **error);
void         kt_smtp_free            (KtSmtp *smtp);

KtSmtpSecurity kt_smtp_get_security  (KtSmtp *smtp);

/* A new message From the configured address, with @sender_name as its
 * display name (an organization's name; NULL: the configured default
 * name) and the configured Reply-To. */
KtMailMessage *kt_smtp_new_message   (KtSmtp     *smtp,
                                      const char *sender_name,
                                      GError    **error);

/* Sends @msg now: MAIL FROM its sender, RCPT TO each of its recipients,
 * DATA its text. Blocks for at most the configured timeout per step.
 * Safe from several threads at once (one connection per call). */
gboolean     kt_smtp_send            (KtSmtp        *smtp,
                                      KtMailMessage *msg,
                                      GError       **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KtSmtp, kt_smtp_free)

G_END_DECLS
