/* kt-mail-message.h: one mail message, built as MIME text
 *
 * Headers and parts are set one by one, then kt_mail_message_to_bytes()
 * writes RFC 5322 text with CRLF line ends: a text/plain UTF-8 body
 * (quoted-printable), an optional text/html alternative, and attachments
 * (base64). Non-ASCII display names, subjects and file names are encoded
 * (RFC 2047, RFC 2231); a CR or LF in any header value is refused, so no
 * value can add a header of its own.
 *
 *   g_autoptr(KtMailMessage) msg = kt_mail_message_new ();
 *   if (!kt_mail_message_set_from (msg, "billing@example.bg", "Фирма ООД", &error) ||
 *       !kt_mail_message_add_to (msg, "client@example.com", NULL, &error) ||
 *       !kt_mail_message_set_subject (msg, "Фактура 42", &error))
 *     return FALSE;
 *   kt_mail_message_set_text (msg, "Здравейте, ...");
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define KT_MAIL_ERROR (kt_mail_error_quark ())

typedef enum {
  KT_MAIL_ERROR_INVALID,          /* a header value or address is refused */
  KT_MAIL_ERROR_NOT_CONFIGURED,   /* no SMTP host, or a setting is wrong */
  KT_MAIL_ERROR_CONNECT,          /* refused, unreachable, unknown host */
  KT_MAIL_ERROR_TLS,              /* STARTTLS missing, certificate refused */
  KT_MAIL_ERROR_AUTH,             /* the user name or password */
  KT_MAIL_ERROR_SENDER,           /* MAIL FROM refused */
  KT_MAIL_ERROR_RECIPIENT,        /* RCPT TO refused */
  KT_MAIL_ERROR_TIMEOUT,
  KT_MAIL_ERROR_FAILED,           /* anything else, such as a dropped connection */
} KtMailError;

GQuark kt_mail_error_quark (void);

typedef struct _KtMailMessage KtMailMessage;

KtMailMessage *kt_mail_message_new            (void);
void           kt_mail_message_free           (KtMailMessage *msg);

/* @display_name may be NULL. The Message-ID takes the domain of @address. */
gboolean       kt_mail_message_set_from       (KtMailMessage *msg,
                                               const char    *address,
                                               const char    *display_name,
                                               GError       **error);
gboolean       kt_mail_message_add_to         (KtMailMessage *msg,
                                               const char    *address,
                                               const char    *display_name,
                                               GError       **error);
gboolean       kt_mail_message_set_reply_to   (KtMailMessage *msg,
                                               const char    *address,
                                               const char    *display_name,
                                               GError       **error);
gboolean       kt_mail_message_set_subject    (KtMailMessage *msg,
                                               const char    *subject,
                                               GError       **error);
/* The Date header; the current time when never set. */
void           kt_mail_message_set_date       (KtMailMessage *msg,
                                               GDateTime     *date);
/* UTF-8 text; line ends may be LF or CRLF. */
void           kt_mail_message_set_text       (KtMailMessage *msg,
                                               const char    *text);
void           kt_mail_message_set_html       (KtMailMessage *msg,
                                               const char    *html);
gboolean       kt_mail_message_add_attachment (KtMailMessage *msg,
                                               const char    *filename,
                                               const char    *content_type,
                                               GBytes        *data,
                                               GError       **error);

/* The envelope: the From address, and every To address in order. */
const char    *kt_mail_message_get_sender     (KtMailMessage *msg);
const char * const *kt_mail_message_get_recipients (KtMailMessage *msg);
/* The Message-ID without its angle brackets. */
const char    *kt_mail_message_get_message_id (KtMailMessage *msg);

/* The whole message, CRLF line ends; an error when From, To or the text
 * body is missing. */
GBytes        *kt_mail_message_to_bytes       (KtMailMessage *msg,
                                               GError       **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KtMailMessage, kt_mail_message_free)

G_END_DECLS
