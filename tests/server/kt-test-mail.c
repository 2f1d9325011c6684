/* kt-test-mail.c: a server with a real SMTP sink, and its job runner
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "kt-test-mail.h"

void
kt_test_mail_init (KtTestMail *mail,
                   const char *conninfo,
                   const char *from)
{
  KtServerConfig *config = kt_test_server_config_new (conninfo);
  KtJobRunnerOptions options = { 1, 100, 60 * 1000, 60 * 60 * 1000 };
  KtHlc *clock;
  GMutex *lock;

  mail->sink = kt_smtp_sink_new ();
  config->smtp_host = g_strdup ("127.0.0.1");
  config->smtp_port = kt_smtp_sink_get_port (mail->sink);
  kt_set_str (&config->smtp_security, "none");
  config->mail_from = g_strdup (from);
  config->public_url = g_strdup ("https://crm.example.bg");
  mail->ts = kt_test_server_new_with_config (config);

  kt_server_get_clock (mail->ts->server, &clock, &lock);
  mail->runner = kt_job_runner_new (conninfo, "mail", &options, clock, lock);
  kt_job_runner_set_smtp (mail->runner, kt_server_get_smtp (mail->ts->server));
}

void
kt_test_mail_clear (KtTestMail *mail)
{
  g_clear_pointer (&mail->runner, kt_job_runner_free);
  g_clear_pointer (&mail->ts, kt_test_server_free);
  g_clear_pointer (&mail->sink, kt_smtp_sink_free);
}

guint
kt_test_mail_run_due (KtTestMail *mail,
                      gint64      now_ms)
{
  g_autoptr(GError) error = NULL;
  guint ran = 0;

  g_assert_true (kt_job_runner_run_due (mail->runner, now_ms, &ran, &error));
  g_assert_no_error (error);
  return ran;
}
