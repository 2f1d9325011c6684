/* kt-smtp-sink.h: a real SMTP server for tests, and a MIME reader
 *
 * The sink listens on a free loopback port, on a thread and main context
 * of its own (the code under test blocks in libcurl on the test's
 * thread), and speaks EHLO/HELO, optionally AUTH PLAIN, MAIL FROM, RCPT
 * TO, DATA (with dot-unstuffing), RSET, NOOP and QUIT, and optionally
 * STARTTLS or TLS from the first byte. Each accepted
 * message is written to a file in its directory and kept with its
 * envelope. It can refuse every RCPT, drop the connection in the
 * middle of the DATA, or be down (421 at once).
 *
 * The reader parses a message back without GMime (not on Debian 12's
 * list for us): headers unfolded, RFC 2047 words and RFC 2231
 * parameters decoded, multipart bodies split at their boundaries and
 * each leaf decoded from base64 or quoted-printable. It asserts the
 * shape on the way: CRLF line ends only, and line lengths.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef enum {
  KT_SMTP_SINK_ACCEPT,
  KT_SMTP_SINK_REFUSE_RCPT,     /* 550 to every RCPT TO */
  KT_SMTP_SINK_DROP_IN_DATA,    /* close after the first line of DATA */
  KT_SMTP_SINK_DOWN,            /* 421 instead of the greeting, then close */
} KtSmtpSinkMode;

typedef struct {
  char    *mail_from;
  GStrv    rcpt_to;
  GBytes  *data;                /* as received, after dot-unstuffing */
  char    *path;                /* the file it was written to */
  gboolean tls;                 /* it came over TLS */
} KtSmtpSinkMessage;

typedef struct _KtSmtpSink KtSmtpSink;

KtSmtpSink *kt_smtp_sink_new       (void);
void        kt_smtp_sink_free      (KtSmtpSink *sink);
guint16     kt_smtp_sink_get_port  (KtSmtpSink *sink);
/* From now on, AUTH PLAIN with these is required before MAIL FROM. */
void        kt_smtp_sink_set_auth  (KtSmtpSink *sink,
                                    const char *user,
                                    const char *password);
/* From now on, STARTTLS is offered with @certificate (NULL: no more);
 * with @implicit_tls, TLS starts with the connection (smtps). */
void        kt_smtp_sink_set_tls   (KtSmtpSink      *sink,
                                    GTlsCertificate *certificate,
                                    gboolean         implicit_tls);
void        kt_smtp_sink_set_mode  (KtSmtpSink     *sink,
                                    KtSmtpSinkMode  mode);
guint       kt_smtp_sink_count     (KtSmtpSink *sink);
/* The @index-th message accepted (owned by the sink). */
const KtSmtpSinkMessage *kt_smtp_sink_get (KtSmtpSink *sink,
                                           guint       index);

typedef struct _KtMailPart KtMailPart;
struct _KtMailPart {
  GHashTable *headers;          /* lower-case name -> unfolded value */
  GPtrArray  *parts;            /* of KtMailPart, for multipart */
  GBytes     *body;             /* decoded, for a leaf */
};

/* Parses @data (a whole message, CRLF line ends) and asserts its shape. */
KtMailPart *kt_mail_part_parse     (GBytes     *data);
void        kt_mail_part_free      (KtMailPart *part);
const char *kt_mail_part_header    (KtMailPart *part,
                                    const char *name);
/* The body as a NUL-terminated string. */
char       *kt_mail_part_text      (KtMailPart *part);
/* A header's value with its RFC 2047 words decoded. */
char       *kt_mail_decode_words   (const char *value);
/* Parameter @name of a header value ("type/sub; a=b; c*=UTF-8''…"),
 * decoded (quoted strings, RFC 2231 sections and charset). */
char       *kt_mail_header_param   (const char *value,
                                    const char *name);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KtSmtpSink, kt_smtp_sink_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KtMailPart, kt_mail_part_free)

G_END_DECLS
