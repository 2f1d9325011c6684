/* test-mail-message.c: the MIME text of server/mail/kt-mail-message,
 * parsed back by hand (tests/server/kt-smtp-sink.c's reader)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "kt-mail-message.h"
#include "kt-smtp-sink.h"

static const char subject_bg[] =
  "Фактура № 0000000042 от „Примерна фирма“ ЕООД за месец ноември — моля, платете до 15-ти";
static const char text_bg[] =
  "Здравейте,\n\nИзпращаме Ви фактура № 42.\n.Ред, който започва с точка.\nПоздрави\n";

static GBytes *
all_bytes (void)
{
  guint8 data[1000];

  for (guint i = 0; i < sizeof data; i++)
    data[i] = (guint8) (i * 7 + i / 256);
  return g_bytes_new (data, sizeof data);
}

static char *
crlf (const char *text)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  return g_strjoinv ("\r\n", lines);
}

static void
test_full_structure (void)
{
  g_autoptr(KtMailMessage) msg = kt_mail_message_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) pdf = all_bytes ();
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(KtMailPart) top = NULL;
  g_autofree char *from = NULL;
  g_autofree char *subject = NULL;
  g_autofree char *text = NULL;
  g_autofree char *html = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *filename = NULL;
  g_autofree char *name = NULL;
  KtMailPart *alternative, *attachment;

  g_assert_true (kt_mail_message_set_from (msg, "billing@firma.example.bg", "Примерна фирма ЕООД", &error));
  g_assert_true (kt_mail_message_add_to (msg, "client@example.com", "Jane Doe", &error));
  g_assert_true (kt_mail_message_add_to (msg, "second@example.com", NULL, &error));
  g_assert_true (kt_mail_message_set_reply_to (msg, "office@firma.example.bg", NULL, &error));
  g_assert_true (kt_mail_message_set_subject (msg, subject_bg, &error));
  kt_mail_message_set_text (msg, text_bg);
  kt_mail_message_set_html (msg, "<p>Здравейте,</p><p>Изпращаме Ви фактура № 42.</p>");
  g_assert_true (kt_mail_message_add_attachment (msg, "Фактура 0000000042 — ноември 2026 г. (копие за клиента).pdf",
                                                 "application/pdf", pdf, &error));
  g_assert_no_error (error);
  bytes = kt_mail_message_to_bytes (msg, &error);
  g_assert_no_error (error);

  top = kt_mail_part_parse (bytes);
  from = kt_mail_decode_words (kt_mail_part_header (top, "From"));
  g_assert_cmpstr (from, ==, "Примерна фирма ЕООД <billing@firma.example.bg>");
  g_assert_cmpstr (kt_mail_part_header (top, "To"), ==, "Jane Doe <client@example.com>, <second@example.com>");
  g_assert_cmpstr (kt_mail_part_header (top, "Reply-To"), ==, "<office@firma.example.bg>");
  subject = kt_mail_decode_words (kt_mail_part_header (top, "Subject"));
  g_assert_cmpstr (subject, ==, subject_bg);
  g_assert_cmpstr (kt_mail_part_header (top, "MIME-Version"), ==, "1.0");
  g_assert_true (g_str_has_suffix (kt_mail_part_header (top, "Message-ID"), "@firma.example.bg>"));
  g_assert_true (g_str_has_prefix (kt_mail_part_header (top, "Content-Type"), "multipart/mixed;"));
  g_assert_nonnull (kt_mail_part_header (top, "Date"));

  g_assert_cmpuint (top->parts->len, ==, 2);
  alternative = g_ptr_array_index (top->parts, 0);
  g_assert_true (g_str_has_prefix (kt_mail_part_header (alternative, "Content-Type"), "multipart/alternative;"));
  g_assert_cmpuint (alternative->parts->len, ==, 2);
  g_assert_cmpstr (kt_mail_part_header (g_ptr_array_index (alternative->parts, 0), "Content-Type"), ==,
                   "text/plain; charset=UTF-8");
  text = kt_mail_part_text (g_ptr_array_index (alternative->parts, 0));
  expected = crlf (text_bg);
  g_assert_cmpstr (text, ==, expected);
  html = kt_mail_part_text (g_ptr_array_index (alternative->parts, 1));
  g_assert_cmpstr (html, ==, "<p>Здравейте,</p><p>Изпращаме Ви фактура № 42.</p>");

  attachment = g_ptr_array_index (top->parts, 1);
  g_assert_true (g_str_has_prefix (kt_mail_part_header (attachment, "Content-Type"), "application/pdf;"));
  g_assert_cmpstr (kt_mail_part_header (attachment, "Content-Transfer-Encoding"), ==, "base64");
  filename = kt_mail_header_param (kt_mail_part_header (attachment, "Content-Disposition"), "filename");
  g_assert_cmpstr (filename, ==, "Фактура 0000000042 — ноември 2026 г. (копие за клиента).pdf");
  name = kt_mail_header_param (kt_mail_part_header (attachment, "Content-Type"), "name");
  g_assert_cmpstr (name, ==, filename);
  g_assert_true (g_bytes_equal (attachment->body, pdf));
}

static void
test_plain_english (void)
{
  g_autoptr(KtMailMessage) msg = kt_mail_message_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(KtMailPart) top = NULL;
  g_autofree char *text = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *subject = NULL;
  /* A long line, "=", a trailing space and a tab, 8-bit characters. */
  const char *body = "Hello Jane,\n"
                     "This line is deliberately much longer than seventy-six characters so that it needs "
                     "soft line breaks = and an equals sign, then café au lait. \n"
                     "Tab at the end\t\n"
                     "\n"
                     "Regards\n";
  const char *long_subject = "Invoice 42 from Example Ltd: please pay by the fifteenth of the month, "
                             "thank you  (two spaces)";

  g_assert_true (kt_mail_message_set_from (msg, "billing@example.com", "Example Ltd", &error));
  g_assert_true (kt_mail_message_add_to (msg, "jane@example.org", NULL, &error));
  g_assert_true (kt_mail_message_set_subject (msg, long_subject, &error));
  kt_mail_message_set_text (msg, body);
  bytes = kt_mail_message_to_bytes (msg, &error);
  g_assert_no_error (error);

  top = kt_mail_part_parse (bytes);
  g_assert_null (top->parts);
  g_assert_cmpstr (kt_mail_part_header (top, "From"), ==, "Example Ltd <billing@example.com>");
  g_assert_cmpstr (kt_mail_part_header (top, "Content-Transfer-Encoding"), ==, "quoted-printable");
  /* Folded at spaces, plain ASCII: unfolding gives the subject back. */
  g_assert_nonnull (strstr (g_bytes_get_data (bytes, NULL), "Subject: Invoice 42"));
  subject = kt_mail_decode_words (kt_mail_part_header (top, "Subject"));
  g_assert_cmpstr (subject, ==, long_subject);
  text = kt_mail_part_text (top);
  expected = crlf (body);
  g_assert_cmpstr (text, ==, expected);
}

static void
test_header_injection (void)
{
  g_autoptr(KtMailMessage) msg = kt_mail_message_new ();
  g_autoptr(GBytes) pdf = all_bytes ();
  g_autoptr(GBytes) bytes = NULL;
  static const char * const headers[] = { "From", "To", "Reply-To", "Subject", "Content-Disposition",
                                          "Content-Type" };
  GError *errors[G_N_ELEMENTS (headers)] = { NULL, };
  gboolean ok[G_N_ELEMENTS (headers)];
  guint n = G_N_ELEMENTS (headers);

  ok[0] = kt_mail_message_set_from (msg, "a@example.com", "Eve\r\nBcc: victim@example.com", &errors[0]);
  ok[1] = kt_mail_message_add_to (msg, "b@example.com\nBcc: victim@example.com", NULL, &errors[1]);
  ok[2] = kt_mail_message_set_reply_to (msg, "c@example.com", "Name\rX-Evil: 1", &errors[2]);
  ok[3] = kt_mail_message_set_subject (msg, "Hello\r\nBcc: victim@example.com", &errors[3]);
  ok[4] = kt_mail_message_add_attachment (msg, "a.pdf\r\nX-Evil: 1", "application/pdf", pdf, &errors[4]);
  ok[5] = kt_mail_message_add_attachment (msg, "a.pdf", "application/pdf\nX-Evil: 1", pdf, &errors[5]);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *expected = g_strdup_printf ("The %s header contains a line break", headers[i]);

      g_assert_false (ok[i]);
      g_assert_error (errors[i], KT_MAIL_ERROR, KT_MAIL_ERROR_INVALID);
      g_assert_cmpstr (errors[i]->message, ==, expected);
      g_clear_error (&errors[i]);
    }

  /* Nothing of the refused values got in. */
  g_assert_true (kt_mail_message_set_from (msg, "a@example.com", NULL, NULL));
  g_assert_true (kt_mail_message_add_to (msg, "b@example.com", NULL, NULL));
  kt_mail_message_set_text (msg, "x");
  bytes = kt_mail_message_to_bytes (msg, NULL);
  g_assert_null (strstr (g_bytes_get_data (bytes, NULL), "Evil"));
  g_assert_null (strstr (g_bytes_get_data (bytes, NULL), "victim"));
}

static void
test_addresses (void)
{
  const char *bad[] = { "", "no-at", "@example.com", "a@", "a@b@c", "a b@example.com", "a<b>@example.com",
                        "ан@example.com", "a@example.com,b@example.com" };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(KtMailMessage) msg = kt_mail_message_new ();
      g_autoptr(GError) error = NULL;

      g_assert_false (kt_mail_message_add_to (msg, bad[i], NULL, &error));
      g_assert_error (error, KT_MAIL_ERROR, KT_MAIL_ERROR_INVALID);
      g_assert_nonnull (strstr (error->message, "To"));
    }
}

static void
test_date_and_id (void)
{
  g_autoptr(KtMailMessage) a = kt_mail_message_new ();
  g_autoptr(KtMailMessage) b = kt_mail_message_new ();
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("+02:00");
  g_autoptr(GTimeZone) west = g_time_zone_new_identifier ("-03:30");
  g_autoptr(GDateTime) date = g_date_time_new (tz, 2026, 3, 5, 14, 7, 9);
  g_autoptr(GDateTime) date_west = g_date_time_new (west, 2024, 12, 29, 0, 0, 0);
  g_autoptr(GBytes) bytes_a = NULL;
  g_autoptr(GBytes) bytes_b = NULL;
  g_autoptr(KtMailPart) part_a = NULL;
  g_autoptr(KtMailPart) part_b = NULL;

  g_assert_true (kt_mail_message_set_from (a, "x@mail.example.net", NULL, NULL));
  g_assert_true (kt_mail_message_add_to (a, "y@example.com", NULL, NULL));
  kt_mail_message_set_text (a, "a");
  kt_mail_message_set_date (a, date);
  g_assert_true (kt_mail_message_set_from (b, "x@mail.example.net", NULL, NULL));
  g_assert_true (kt_mail_message_add_to (b, "y@example.com", NULL, NULL));
  kt_mail_message_set_text (b, "b");
  kt_mail_message_set_date (b, date_west);
  bytes_a = kt_mail_message_to_bytes (a, NULL);
  bytes_b = kt_mail_message_to_bytes (b, NULL);
  part_a = kt_mail_part_parse (bytes_a);
  part_b = kt_mail_part_parse (bytes_b);

  /* RFC 5322 3.3, in English whatever the locale. */
  g_assert_cmpstr (kt_mail_part_header (part_a, "Date"), ==, "Thu, 5 Mar 2026 14:07:09 +0200");
  g_assert_cmpstr (kt_mail_part_header (part_b, "Date"), ==, "Sun, 29 Dec 2024 00:00:00 -0330");
  g_assert_true (g_str_has_suffix (kt_mail_part_header (part_a, "Message-ID"), "@mail.example.net>"));
  g_assert_cmpstr (kt_mail_part_header (part_a, "Message-ID"), !=, kt_mail_part_header (part_b, "Message-ID"));
  g_assert_cmpuint (strlen (kt_mail_message_get_message_id (a)), >, 32);
}

static void
test_incomplete (void)
{
  g_autoptr(KtMailMessage) msg = kt_mail_message_new ();
  g_autoptr(GError) error = NULL;

  g_assert_true (kt_mail_message_set_from (msg, "x@example.com", NULL, NULL));
  g_assert_null (kt_mail_message_to_bytes (msg, &error));
  g_assert_error (error, KT_MAIL_ERROR, KT_MAIL_ERROR_INVALID);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/mail-message/full-structure", test_full_structure);
  g_test_add_func ("/mail-message/plain-english", test_plain_english);
  g_test_add_func ("/mail-message/header-injection", test_header_injection);
  g_test_add_func ("/mail-message/addresses", test_addresses);
  g_test_add_func ("/mail-message/date-and-id", test_date_and_id);
  g_test_add_func ("/mail-message/incomplete", test_incomplete);

  return g_test_run ();
}
