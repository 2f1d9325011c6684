/* kt-test-mail.h: a server whose mail goes to a real SMTP sink, and a job
 * runner that sends it
 *
 * The tests of mail (test-mail-jobs.c, test-invite-mail.c) start the
 * same three things: a sink (kt-smtp-sink.h) on a free port, an
 * in-process server configured to relay to it without TLS, and a
 * KtJobRunner with that server's SMTP, which they drive with "run what
 * is due at T".
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kt-job-runner.h"
#include "kt-smtp-sink.h"
#include "kt-test-server.h"

G_BEGIN_DECLS

typedef struct {
  KtSmtpSink   *sink;
  KtTestServer *ts;
  KtJobRunner  *runner;
} KtTestMail;

/* Mail From @from; invitation links name https://crm.example.bg. */
void   kt_test_mail_init    (KtTestMail *mail,
                             const char *conninfo,
                             const char *from);
void   kt_test_mail_clear   (KtTestMail *mail);
/* Runs every job due at @now_ms; asserts no error; returns how many. */
guint  kt_test_mail_run_due (KtTestMail *mail,
                             gint64      now_ms);

G_END_DECLS
