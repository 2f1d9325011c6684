/* test-vcard.c: the vCard reader and writer primitives
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib.h>
#include <string.h>

#include "kt-error.h"
#include "kt-vcard.h"

static void
test_vcard_parse_3 (void)
{
  const char *text =
    "BEGIN:VCARD\r\n"
    "VERSION:3.0\r\n"
    "FN:Ivan Petrov\r\n"
    "N:Petrov;Ivan;;;\r\n"
    "item1.EMAIL;TYPE=INTERNET,work:ivan@example.com\r\n"
    "TEL;TYPE=cell:+359 88 123 4567\r\n"
    "NOTE:A long note that was folded by the wri\r\n"
    " ter\\, with a comma\\nand a new line\r\n"
    "ADR;TYPE=work:;;ul. Vitosha 1\\, et. 2;Sofia;;1000;Bulgaria\r\n"
    "END:VCARD\r\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) cards = kt_vcard_parse (text, -1, &error);
  const KtVCardProperty *p;
  g_auto(GStrv) adr = NULL;
  g_autofree char *note = NULL;
  KtVCard *card;

  g_assert_no_error (error);
  g_assert_cmpuint (cards->len, ==, 1);
  card = cards->pdata[0];
  g_assert_cmpstr (kt_vcard_get_version (card), ==, "3.0");

  p = kt_vcard_get_property (card, "EMAIL");
  g_assert_nonnull (p);
  g_assert_cmpstr (p->value, ==, "ivan@example.com");
  g_assert_true (kt_vcard_property_has_type (p, "work"));
  g_assert_true (kt_vcard_property_has_type (p, "INTERNET"));

  p = kt_vcard_get_property (card, "TEL");
  g_assert_true (kt_vcard_property_has_type (p, "cell"));
  g_assert_false (kt_vcard_property_has_type (p, "work"));

  note = kt_vcard_unescape (kt_vcard_get_property (card, "NOTE")->value);
  g_assert_cmpstr (note, ==, "A long note that was folded by the writer, with a comma\nand a new line");

  adr = kt_vcard_split_value (kt_vcard_get_property (card, "ADR")->value, ';');
  g_assert_cmpuint (g_strv_length (adr), ==, 7);
  g_assert_cmpstr (adr[2], ==, "ul. Vitosha 1, et. 2");
  g_assert_cmpstr (adr[3], ==, "Sofia");
  g_assert_cmpstr (adr[5], ==, "1000");
  g_assert_cmpstr (adr[6], ==, "Bulgaria");
}

static void
test_vcard_parse_21_quoted_printable (void)
{
  /* "Иван" in windows-1251 is C8 E2 E0 ED; the note uses a soft break. */
  const char *text =
    "BEGIN:VCARD\n"
    "VERSION:2.1\n"
    "N;CHARSET=WINDOWS-1251;ENCODING=QUOTED-PRINTABLE:=CF=E5=F2=F0=EE=E2;=C8=E2=E0=ED\n"
    "TEL;WORK;VOICE:02 123 456\n"
    "NOTE;CHARSET=UTF-8;QUOTED-PRINTABLE:=D0=91=D0=B5=\n"
    "=D0=BB=D0=B5=D0=B6=D0=BA=D0=B0\n"
    "END:VCARD\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) cards = kt_vcard_parse (text, -1, &error);
  g_auto(GStrv) n = NULL;
  const KtVCardProperty *tel;
  KtVCard *card;

  g_assert_no_error (error);
  g_assert_cmpuint (cards->len, ==, 1);
  card = cards->pdata[0];
  g_assert_cmpstr (kt_vcard_get_version (card), ==, "2.1");

  n = kt_vcard_split_value (kt_vcard_get_property (card, "N")->value, ';');
  g_assert_cmpstr (n[0], ==, "Петров");
  g_assert_cmpstr (n[1], ==, "Иван");

  tel = kt_vcard_get_property (card, "TEL");
  g_assert_true (kt_vcard_property_has_type (tel, "work"));
  g_assert_true (kt_vcard_property_has_type (tel, "voice"));

  g_assert_cmpstr (kt_vcard_get_property (card, "NOTE")->value, ==, "Бележка");
}

static void
test_vcard_malformed (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) cards = NULL;

  cards = kt_vcard_parse ("BEGIN:VCARD\nVERSION:4.0\nFN:A\nEND:VCARD\n"
                          "BEGIN:VCARD\nVERSION:4.0\nFN:B\n", -1, &error);
  g_assert_null (cards);
  g_assert_error (error, KT_ERROR, KT_ERROR_MALFORMED);
  g_assert_nonnull (strstr (error->message, "Line 5"));
  g_clear_error (&error);

  cards = kt_vcard_parse ("BEGIN:VCARD\nVERSION:4.0\nFN:A\nthis is junk\nEND:VCARD\n", -1, &error);
  g_assert_null (cards);
  g_assert_error (error, KT_ERROR, KT_ERROR_MALFORMED);
  g_assert_nonnull (strstr (error->message, "Line 4"));
}

static void
test_vcard_escape_round_trip (void)
{
  const char *text = "a\\b, c; d\ne";
  g_autofree char *escaped = kt_vcard_escape (text);
  g_autofree char *back = kt_vcard_unescape (escaped);
  g_auto(GStrv) parts = NULL;

  g_assert_cmpstr (escaped, ==, "a\\\\b\\, c\\; d\\ne");
  g_assert_cmpstr (back, ==, text);

  /* An escaped separator does not split. */
  parts = kt_vcard_split_value ("x\\;y;z", ';');
  g_assert_cmpuint (g_strv_length (parts), ==, 2);
  g_assert_cmpstr (parts[0], ==, "x;y");
  g_assert_cmpstr (parts[1], ==, "z");
}

static void
test_vcard_folding (void)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GString) line = g_string_new ("NOTE:");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) cards = NULL;
  g_auto(GStrv) physical = NULL;
  g_autoptr(GString) doc = g_string_new ("BEGIN:VCARD\r\nVERSION:4.0\r\n");

  /* Two-byte Cyrillic letters make a cut at byte 75 land mid-character
   * unless the folder is careful. */
  for (guint i = 0; i < 100; i++)
    g_string_append (line, i % 2 ? "я" : "a");

  kt_vcard_append_folded (out, line->str);
  physical = g_strsplit (out->str, "\r\n", -1);
  g_assert_cmpuint (g_strv_length (physical), >, 2);
  for (guint i = 0; physical[i] != NULL; i++)
    {
      g_assert_cmpuint (strlen (physical[i]), <=, 75);
      g_assert_true (g_utf8_validate (physical[i], -1, NULL));
      if (i > 0 && physical[i][0] != '\0')
        g_assert_cmpint (physical[i][0], ==, ' ');
    }

  g_string_append (doc, out->str);
  g_string_append (doc, "END:VCARD\r\n");
  cards = kt_vcard_parse (doc->str, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (kt_vcard_get_property (cards->pdata[0], "NOTE")->value, ==, line->str + 5);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/io/vcard/parse-3.0", test_vcard_parse_3);
  g_test_add_func ("/io/vcard/parse-2.1-quoted-printable", test_vcard_parse_21_quoted_printable);
  g_test_add_func ("/io/vcard/malformed", test_vcard_malformed);
  g_test_add_func ("/io/vcard/escape-round-trip", test_vcard_escape_round_trip);
  g_test_add_func ("/io/vcard/folding", test_vcard_folding);

  return g_test_run ();
}
