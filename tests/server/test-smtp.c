/* test-smtp.c: kt-smtp sending to a real SMTP sink (kt-smtp-sink.c):
 * what arrives (envelope, headers, a Bulgarian and an English body, an
 * invoice PDF that poppler opens), AUTH, and each failure named
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <poppler.h>
#include <string.h>

#include "kt-document-sample.h"
#include "kt-smtp.h"
#include "kt-smtp-sink.h"

static const char password[] = "s3cret-Пароль";

typedef struct {
  KtSmtpSink     *sink;
  KtServerConfig *config;
} Fixture;

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  f->sink = kt_smtp_sink_new ();
  f->config = kt_server_config_new ();
  f->config->smtp_host = g_strdup ("127.0.0.1");
  f->config->smtp_port = kt_smtp_sink_get_port (f->sink);
  kt_set_str (&f->config->smtp_security, "none");
  f->config->smtp_timeout_seconds = 10;
  f->config->mail_from = g_strdup ("noreply@kantora.example.bg");
  f->config->mail_reply_to = g_strdup ("support@kantora.example.bg");
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  kt_smtp_sink_free (f->sink);
  kt_server_config_free (f->config);
}

static GBytes *
invoice_pdf (const char *lang)
{
  KtDocumentSample sample;
  KtDocumentSource source;
  g_autoptr(KtDocumentRender) render = NULL;
  g_autoptr(GError) error = NULL;
  GBytes *pdf;

  kt_document_sample_init (&sample, KT_DOCUMENT_KIND_INVOICE, lang, 3);
  kt_document_sample_source (&sample, &source);
  render = kt_document_render_new (&source, NULL, &error);
  g_assert_no_error (error);
  pdf = kt_document_render_to_pdf_bytes (render, &error);
  g_assert_no_error (error);
  kt_document_sample_clear (&sample);
  return pdf;
}

static KtMailMessage *
new_message (KtSmtp     *smtp,
             const char *sender_name,
             const char *to,
             const char *subject,
             const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KtMailMessage) msg = kt_smtp_new_message (smtp, sender_name, &error);

  g_assert_no_error (error);
  g_assert_true (kt_mail_message_add_to (msg, to, NULL, &error));
  g_assert_true (kt_mail_message_set_subject (msg, subject, &error));
  kt_mail_message_set_text (msg, text);
  return g_steal_pointer (&msg);
}

static void
check_pdf (GBytes *pdf)
{
  g_autoptr(GError) error = NULL;
  PopplerDocument *doc;

  g_assert_cmpuint (g_bytes_get_size (pdf), >, 1000);
  g_assert_cmpmem (g_bytes_get_data (pdf, NULL), 5, "%PDF-", 5);
  doc = poppler_document_new_from_bytes (pdf, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (poppler_document_get_n_pages (doc), >=, 1);
  g_object_unref (doc);
}

static void
send_invoice (Fixture    *f,
              const char *lang,
              const char *org_name,
              const char *subject,
              const char *text,
              const char *filename)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KtSmtp) smtp = kt_smtp_new (f->config, &error);
  g_autoptr(KtMailMessage) msg = NULL;
  g_autoptr(GBytes) pdf = invoice_pdf (lang);
  g_autoptr(KtMailPart) top = NULL;
  g_autoptr(GBytes) file = NULL;
  g_autofree char *file_text = NULL;
  g_autofree char *from = NULL;
  g_autofree char *got_subject = NULL;
  g_autofree char *got_text = NULL;
  g_autofree char *got_filename = NULL;
  g_autofree char *expected = NULL;
  g_auto(GStrv) lines = NULL;
  const KtSmtpSinkMessage *arrived;
  KtMailPart *body, *attachment;
  gsize file_length = 0;
  guint before = kt_smtp_sink_count (f->sink);

  g_assert_no_error (error);
  msg = new_message (smtp, org_name, "client@example.com", subject, text);
  g_assert_true (kt_mail_message_add_attachment (msg, filename, "application/pdf", pdf, &error));
  g_assert_true (kt_smtp_send (smtp, msg, &error));
  g_assert_no_error (error);

  g_assert_cmpuint (kt_smtp_sink_count (f->sink), ==, before + 1);
  arrived = kt_smtp_sink_get (f->sink, before);
  g_assert_cmpstr (arrived->mail_from, ==, "noreply@kantora.example.bg");
  g_assert_cmpuint (g_strv_length (arrived->rcpt_to), ==, 1);
  g_assert_cmpstr (arrived->rcpt_to[0], ==, "client@example.com");
  /* The file the sink wrote holds the same message. */
  g_assert_true (g_file_get_contents (arrived->path, &file_text, &file_length, NULL));
  file = g_bytes_new_take (g_steal_pointer (&file_text), file_length);
  g_assert_true (g_bytes_equal (file, arrived->data));

  top = kt_mail_part_parse (arrived->data);
  from = kt_mail_decode_words (kt_mail_part_header (top, "From"));
  expected = g_strdup_printf ("%s <noreply@kantora.example.bg>", org_name);
  g_assert_cmpstr (from, ==, expected);
  g_assert_cmpstr (kt_mail_part_header (top, "To"), ==, "<client@example.com>");
  g_assert_cmpstr (kt_mail_part_header (top, "Reply-To"), ==, "<support@kantora.example.bg>");
  got_subject = kt_mail_decode_words (kt_mail_part_header (top, "Subject"));
  g_assert_cmpstr (got_subject, ==, subject);
  g_assert_true (g_str_has_suffix (kt_mail_part_header (top, "Message-ID"), "@kantora.example.bg>"));

  g_assert_cmpuint (top->parts->len, ==, 2);
  body = g_ptr_array_index (top->parts, 0);
  got_text = kt_mail_part_text (body);
  lines = g_strsplit (text, "\n", -1);
  g_free (expected);
  expected = g_strjoinv ("\r\n", lines);
  g_assert_cmpstr (got_text, ==, expected);

  attachment = g_ptr_array_index (top->parts, 1);
  got_filename = kt_mail_header_param (kt_mail_part_header (attachment, "Content-Disposition"), "filename");
  g_assert_cmpstr (got_filename, ==, filename);
  g_assert_true (g_bytes_equal (attachment->body, pdf));
  check_pdf (attachment->body);
}

static void
test_invoice_bg (Fixture *f, gconstpointer data)
{
  send_invoice (f, "bg", "Примерна фирма ЕООД", "Фактура № 0000000042 от Примерна фирма ЕООД",
                "Здравейте,\n\nИзпращаме Ви фактура № 0000000042 за 1 234,56 лв.\n"
                ".Този ред започва с точка.\n\nПоздрави,\nПримерна фирма\n",
                "Фактура-0000000042.pdf");
}

static void
test_invoice_en (Fixture *f, gconstpointer data)
{
  send_invoice (f, "en", "Example Ltd", "Invoice 0000000042 from Example Ltd",
                "Hello,\n\nPlease find attached invoice 0000000042 for BGN 1,234.56.\n"
                ".\n..A line of dots, which SMTP must not take for the end.\n\nRegards,\nExample Ltd\n",
                "invoice-0000000042.pdf");
}

static void
test_default_sender_name (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KtSmtp) smtp = kt_smtp_new (f->config, &error);
  g_autoptr(KtMailMessage) msg = new_message (smtp, NULL, "a@example.com", "Hi", "Hi\n");
  g_autoptr(KtMailPart) top = NULL;

  g_assert_true (kt_smtp_send (smtp, msg, &error));
  top = kt_mail_part_parse (kt_smtp_sink_get (f->sink, 0)->data);
  g_assert_cmpstr (kt_mail_part_header (top, "From"), ==, "Kantora <noreply@kantora.example.bg>");
}

static void
test_auth (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("kt-smtp-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "password", NULL);
  g_autofree char *file_text = g_strdup_printf ("%s\n", password);

  kt_smtp_sink_set_auth (f->sink, "mailer", password);

  /* No credentials: the server wants AUTH at MAIL FROM. */
  {
    g_autoptr(KtSmtp) smtp = kt_smtp_new (f->config, &error);
    g_autoptr(KtMailMessage) msg = new_message (smtp, NULL, "a@example.com", "Hi", "Hi\n");

    g_assert_false (kt_smtp_send (smtp, msg, &error));
    g_assert_error (error, KT_MAIL_ERROR, KT_MAIL_ERROR_AUTH);
    g_assert_nonnull (strstr (error->message, "530"));
    g_clear_error (&error);
  }

  /* A wrong password: refused, and the error shows neither password. */
  f->config->smtp_user = g_strdup ("mailer");
  f->config->smtp_password = g_strdup ("wrong-password");
  {
    g_autoptr(KtSmtp) smtp = kt_smtp_new (f->config, &error);
    g_autoptr(KtMailMessage) msg = new_message (smtp, NULL, "a@example.com", "Hi", "Hi\n");

    g_assert_false (kt_smtp_send (smtp, msg, &error));
    g_assert_error (error, KT_MAIL_ERROR, KT_MAIL_ERROR_AUTH);
    g_assert_nonnull (strstr (error->message, "535"));
    g_assert_null (strstr (error->message, "wrong-password"));
    g_assert_null (strstr (error->message, password));
    g_clear_error (&error);
  }

  /* The right one, from a password file (its newline is not part of it). */
  g_clear_pointer (&f->config->smtp_password, g_free);
  g_assert_true (g_file_set_contents (path, file_text, -1, NULL));
  f->config->smtp_password_file = g_strdup (path);
  {
    g_autoptr(KtSmtp) smtp = kt_smtp_new (f->config, &error);
    g_autoptr(KtMailMessage) msg = new_message (smtp, NULL, "a@example.com", "Hi", "Hi\n");

    g_assert_no_error (error);
    g_assert_true (kt_smtp_send (smtp, msg, &error));
    g_assert_no_error (error);
  }
  g_assert_cmpuint (kt_smtp_sink_count (f->sink), ==, 1);
  g_unlink (path);
  g_rmdir (dir);
}

static void
test_recipient_refused (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KtSmtp) smtp = kt_smtp_new (f->config, &error);
  g_autoptr(KtMailMessage) msg = new_message (smtp, NULL, "nobody@example.com", "Hi", "Hi\n");

  kt_smtp_sink_set_mode (f->sink, KT_SMTP_SINK_REFUSE_RCPT);
  g_assert_false (kt_smtp_send (smtp, msg, &error));
  g_assert_error (error, KT_MAIL_ERROR, KT_MAIL_ERROR_RECIPIENT);
  g_assert_cmpstr (error->message, ==, "The mail server refused the recipient nobody@example.com: "
                   "550 5.1.1 <nobody@example.com>: Recipient address rejected: User unknown");
  g_assert_cmpuint (kt_smtp_sink_count (f->sink), ==, 0);
}

static void
test_dropped_in_data (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KtSmtp) smtp = kt_smtp_new (f->config, &error);
  g_autoptr(KtMailMessage) msg = new_message (smtp, NULL, "a@example.com", "Hi", "Hi\n");
  g_autoptr(GBytes) pdf = invoice_pdf ("en");

  /* Big enough that the drop comes while libcurl is still writing. */
  g_assert_true (kt_mail_message_add_attachment (msg, "a.pdf", "application/pdf", pdf, &error));
  kt_smtp_sink_set_mode (f->sink, KT_SMTP_SINK_DROP_IN_DATA);
  g_assert_false (kt_smtp_send (smtp, msg, &error));
  g_assert_error (error, KT_MAIL_ERROR, KT_MAIL_ERROR_FAILED);
  g_assert_true (g_str_has_prefix (error->message, "Sending the mail through 127.0.0.1:"));
  g_assert_cmpuint (kt_smtp_sink_count (f->sink), ==, 0);
}

static void
test_connection_refused (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                            G_SOCKET_PROTOCOL_TCP, &error);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(KtSmtp) smtp = NULL;
  g_autoptr(KtMailMessage) msg = NULL;
  g_autofree char *expected = NULL;
  guint16 port;

  /* A port that is bound but not listening: held, so nobody else takes
   * it, and every connection to it is refused. */
  g_assert_true (g_socket_bind (socket, any, FALSE, &error));
  bound = g_socket_get_local_address (socket, &error);
  port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  f->config->smtp_port = port;
  smtp = kt_smtp_new (f->config, &error);
  msg = new_message (smtp, NULL, "a@example.com", "Hi", "Hi\n");
  g_assert_false (kt_smtp_send (smtp, msg, &error));
  g_assert_error (error, KT_MAIL_ERROR, KT_MAIL_ERROR_CONNECT);
  expected = g_strdup_printf ("The mail server 127.0.0.1:%u refused the connection or cannot be reached", port);
  g_assert_cmpstr (error->message, ==, expected);
}

static void
test_starttls (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  /* The sink offers no STARTTLS: required, the message is not sent in
   * the clear; optional, it is. */
  kt_set_str (&f->config->smtp_security, "starttls");
  {
    g_autoptr(KtSmtp) smtp = kt_smtp_new (f->config, &error);
    g_autoptr(KtMailMessage) msg = new_message (smtp, NULL, "a@example.com", "Hi", "Hi\n");

    g_assert_cmpint (kt_smtp_get_security (smtp), ==, KT_SMTP_SECURITY_STARTTLS);
    g_assert_false (kt_smtp_send (smtp, msg, &error));
    g_assert_error (error, KT_MAIL_ERROR, KT_MAIL_ERROR_TLS);
    g_assert_nonnull (strstr (error->message, "STARTTLS"));
    g_clear_error (&error);
  }
  g_assert_cmpuint (kt_smtp_sink_count (f->sink), ==, 0);

  kt_set_str (&f->config->smtp_security, "starttls-optional");
  {
    g_autoptr(KtSmtp) smtp = kt_smtp_new (f->config, &error);
    g_autoptr(KtMailMessage) msg = new_message (smtp, NULL, "a@example.com", "Hi", "Hi\n");

    g_assert_true (kt_smtp_send (smtp, msg, &error));
    g_assert_no_error (error);
  }
  g_assert_cmpuint (kt_smtp_sink_count (f->sink), ==, 1);
}

/* A self-signed certificate for 127.0.0.1 in a new directory: its own
 * CA file. NULL (and the test skipped) without openssl. */
static GTlsCertificate *
make_certificate (char **out_dir,
                  char **out_cert)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("kt-smtp-tls-XXXXXX", NULL);
  g_autofree char *cert = g_build_filename (dir, "cert.pem", NULL);
  g_autofree char *key = g_build_filename (dir, "key.pem", NULL);
  const char *openssl[] = { "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=127.0.0.1",
                            "-addext", "subjectAltName=IP:127.0.0.1", "-days", "1",
                            "-keyout", key, "-out", cert, NULL };
  g_autofree char *openssl_path = g_find_program_in_path ("openssl");
  GTlsCertificate *certificate;
  int status = 0;

  if (openssl_path == NULL)
    {
      g_test_skip ("openssl is needed to make a certificate");
      g_rmdir (dir);
      return NULL;
    }
  g_spawn_sync (NULL, (char **) openssl, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL |
                G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, NULL, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  certificate = g_tls_certificate_new_from_files (cert, key, &error);
  g_assert_no_error (error);
  g_unlink (key);
  *out_dir = g_steal_pointer (&dir);
  *out_cert = g_steal_pointer (&cert);
  return certificate;
}

static void
test_tls (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *cert = NULL;
  g_autoptr(GTlsCertificate) certificate = make_certificate (&dir, &cert);

  if (certificate == NULL)
    return;
  kt_smtp_sink_set_auth (f->sink, "mailer", password);
  f->config->smtp_user = g_strdup ("mailer");
  f->config->smtp_password = g_strdup (password);

  /* STARTTLS required and offered: AUTH and the message go over TLS. */
  kt_smtp_sink_set_tls (f->sink, certificate, FALSE);
  kt_set_str (&f->config->smtp_security, "starttls");
  kt_set_str (&f->config->smtp_ca_file, cert);
  {
    g_autoptr(KtSmtp) smtp = kt_smtp_new (f->config, &error);
    g_autoptr(KtMailMessage) msg = new_message (smtp, NULL, "a@example.com", "STARTTLS", "Hi\n");

    g_assert_true (kt_smtp_send (smtp, msg, &error));
    g_assert_no_error (error);
  }
  g_assert_cmpuint (kt_smtp_sink_count (f->sink), ==, 1);
  g_assert_true (kt_smtp_sink_get (f->sink, 0)->tls);

  /* The certificate is checked: without the CA file it is not trusted,
   * and nothing is sent. */
  kt_set_str (&f->config->smtp_ca_file, NULL);
  {
    g_autoptr(KtSmtp) smtp = kt_smtp_new (f->config, &error);
    g_autoptr(KtMailMessage) msg = new_message (smtp, NULL, "a@example.com", "Untrusted", "Hi\n");

    g_assert_false (kt_smtp_send (smtp, msg, &error));
    g_assert_error (error, KT_MAIL_ERROR, KT_MAIL_ERROR_TLS);
    g_assert_null (strstr (error->message, password));
    g_clear_error (&error);
  }
  g_assert_cmpuint (kt_smtp_sink_count (f->sink), ==, 1);

  /* smtps://: TLS from the first byte. */
  kt_smtp_sink_set_tls (f->sink, certificate, TRUE);
  kt_set_str (&f->config->smtp_security, "tls");
  kt_set_str (&f->config->smtp_ca_file, cert);
  {
    g_autoptr(KtSmtp) smtp = kt_smtp_new (f->config, &error);
    g_autoptr(KtMailMessage) msg = new_message (smtp, NULL, "a@example.com", "TLS", "Hi\n");

    g_assert_true (kt_smtp_send (smtp, msg, &error));
    g_assert_no_error (error);
  }
  g_assert_cmpuint (kt_smtp_sink_count (f->sink), ==, 2);
  g_assert_true (kt_smtp_sink_get (f->sink, 1)->tls);

  g_unlink (cert);
  g_rmdir (dir);
}

static void
test_settings (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KtServerConfig) config = kt_server_config_new ();
  g_autoptr(KtSmtp) smtp = NULL;
  char *env[] = { "KANTORA_SMTP_HOST=mail.example.com", "KANTORA_SMTP_SECURITY=tls",
                  "KANTORA_MAIL_FROM=noreply@example.com", "KANTORA_SMTP_PORT=2465", NULL };

  g_assert_false (kt_smtp_is_configured (config));
  g_assert_null (kt_smtp_new (config, &error));
  g_assert_error (error, KT_MAIL_ERROR, KT_MAIL_ERROR_NOT_CONFIGURED);
  g_clear_error (&error);

  g_assert_true (kt_server_config_load_env (config, env, &error));
  g_assert_true (kt_smtp_is_configured (config));
  g_assert_cmpuint (config->smtp_port, ==, 2465);
  smtp = kt_smtp_new (config, &error);
  g_assert_no_error (error);
  g_assert_cmpint (kt_smtp_get_security (smtp), ==, KT_SMTP_SECURITY_TLS);

  kt_set_str (&config->smtp_security, "ssl");
  g_assert_null (kt_smtp_new (config, &error));
  g_assert_error (error, KT_MAIL_ERROR, KT_MAIL_ERROR_NOT_CONFIGURED);
  g_assert_nonnull (strstr (error->message, "smtp-security"));
  g_clear_error (&error);

  kt_set_str (&config->smtp_security, "starttls");
  kt_set_str (&config->smtp_password_file, "/nonexistent/password");
  g_assert_null (kt_smtp_new (config, &error));
  g_assert_error (error, KT_MAIL_ERROR, KT_MAIL_ERROR_NOT_CONFIGURED);
  g_assert_nonnull (strstr (error->message, "/nonexistent/password"));
  g_clear_error (&error);

  kt_set_str (&config->smtp_password_file, NULL);
  kt_set_str (&config->mail_from, "not an address");
  g_assert_null (kt_smtp_new (config, &error));
  g_assert_error (error, KT_MAIL_ERROR, KT_MAIL_ERROR_INVALID);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) g_test_add ("/smtp/" path, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  ADD ("invoice-bg", test_invoice_bg);
  ADD ("invoice-en", test_invoice_en);
  ADD ("default-sender-name", test_default_sender_name);
  ADD ("auth", test_auth);
  ADD ("recipient-refused", test_recipient_refused);
  ADD ("dropped-in-data", test_dropped_in_data);
  ADD ("connection-refused", test_connection_refused);
  ADD ("starttls", test_starttls);
  ADD ("tls", test_tls);
  ADD ("settings", test_settings);
#undef ADD

  return g_test_run ();
}
