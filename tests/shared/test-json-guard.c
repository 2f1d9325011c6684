/* test-json-guard.c: the bounded JSON pre-scan
 *
 * Every case that passes the guard is also parsed by json-glib, so the
 * guard never lets through what the parser would refuse (or, for the
 * integers at the edges, read differently).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "kantora-shared.h"

/* TAP output is line-based: test text is shown escaped and cut short. */
static char *
show (const char *text,
      gsize       length)
{
  g_autofree char *head = g_strndup (text ? text : "", MIN (length, 80));

  return g_strescape (head, NULL);
}

static void
assert_accepted (const char *text,
                 gsize       length)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *shown = show (text, length);

  g_test_message ("accept: %s", shown);
  g_assert_true (kt_json_guard_check (text, length, KT_JSON_GUARD_MAX_DEPTH, &error));
  g_assert_no_error (error);
  g_assert_true (json_parser_load_from_data (parser, text, (gssize) length, &error));
  g_assert_no_error (error);
}

static void
assert_refused (const char *text,
                gsize       length,
                KtError     code,
                const char *field)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *shown = show (text, length);

  g_test_message ("refuse: %s", shown);
  g_assert_false (kt_json_guard_check (text, length, KT_JSON_GUARD_MAX_DEPTH, &error));
  g_assert_error (error, KT_ERROR, (int) code);
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
  g_assert_cmpstr (kt_error_get_field (error), ==, field);
}

#define ACCEPT(s) assert_accepted ((s), strlen (s))
#define REFUSE(s, code) assert_refused ((s), strlen (s), (code), NULL)
#define REFUSE_FIELD(s, code, field) assert_refused ((s), strlen (s), (code), (field))

static char *
nested (guint       levels,
        const char *open,
        const char *inner,
        const char *close)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < levels; i++)
    g_string_append (text, open);
  g_string_append (text, inner);
  for (guint i = 0; i < levels; i++)
    g_string_append (text, close);
  return g_string_free (text, FALSE);
}

static void
test_depth (void)
{
  g_autofree char *arrays64 = nested (64, "[", "1", "]");
  g_autofree char *arrays65 = nested (65, "[", "1", "]");
  g_autofree char *objects64 = nested (63, "{\"a\":", "{}", "}");
  g_autofree char *objects65 = nested (64, "{\"a\":", "{}", "}");
  g_autofree char *mixed65 = nested (33, "[{\"k\":", "[]", "}]");
  gsize huge = 200 * 1000;
  g_autofree char *deep = g_malloc (huge);

  ACCEPT (arrays64);
  REFUSE (arrays65, KT_ERROR_MALFORMED);
  ACCEPT (objects64);
  REFUSE (objects65, KT_ERROR_MALFORMED);
  REFUSE (mixed65, KT_ERROR_MALFORMED);

  /* The attack that crashed json-glib: 100,000 "[" then as many "]". It
   * must be refused without recursing (this test would overflow its own
   * stack otherwise) and the message must say why. */
  memset (deep, '[', huge / 2);
  memset (deep + huge / 2, ']', huge / 2);
  {
    g_autoptr(GError) error = NULL;

    g_assert_false (kt_json_guard_check (deep, huge, KT_JSON_GUARD_MAX_DEPTH, &error));
    g_assert_error (error, KT_ERROR, KT_ERROR_MALFORMED);
    g_assert_nonnull (strstr (error->message, "64"));
  }

  /* Siblings do not add up: many containers side by side are flat. */
  {
    GString *wide = g_string_new ("[");

    for (guint i = 0; i < 10000; i++)
      g_string_append (wide, i ? ",[[]]" : "[[]]");
    g_string_append_c (wide, ']');
    assert_accepted (wide->str, wide->len);
    g_string_free (wide, TRUE);
  }

  /* The limit is the caller's. */
  {
    g_autoptr(GError) error = NULL;

    g_assert_true (kt_json_guard_check ("[[1]]", 5, 2, NULL));
    g_assert_false (kt_json_guard_check ("[[[1]]]", 7, 2, &error));
    g_assert_error (error, KT_ERROR, KT_ERROR_MALFORMED);
    g_assert_true (kt_json_guard_check ("1", 1, 0, NULL));
    g_assert_false (kt_json_guard_check ("[]", 2, 0, NULL));
  }
}

static void
test_utf8 (void)
{
  ACCEPT ("\"Стройинвест ООД\"");
  ACCEPT ("{\"name\":\"𝄞 and é\"}");
  ACCEPT ("\"\\ud834\\udd1e\"");            /* a surrogate pair, escaped */
  ACCEPT ("\"\\u00e9\\u0416\"");

  REFUSE ("\"\xff\"", KT_ERROR_MALFORMED);
  REFUSE ("{\"a\xff\":1}", KT_ERROR_MALFORMED);
  REFUSE ("\"\xc0\xaf\"", KT_ERROR_MALFORMED);          /* overlong "/" */
  REFUSE ("\"\xe0\x80\xaf\"", KT_ERROR_MALFORMED);      /* overlong, 3 bytes */
  REFUSE ("\"\xf0\x80\x80\xaf\"", KT_ERROR_MALFORMED);  /* overlong, 4 bytes */
  REFUSE ("\"\xed\xa0\x80\"", KT_ERROR_MALFORMED);      /* U+D800 encoded */
  REFUSE ("\"\xed\xbf\xbf\"", KT_ERROR_MALFORMED);      /* U+DFFF encoded */
  REFUSE ("\"\xf4\x90\x80\x80\"", KT_ERROR_MALFORMED);  /* above U+10FFFF */
  REFUSE ("\"\xd0\"", KT_ERROR_MALFORMED);              /* cut short */
  REFUSE ("\xef\xbb\xbf{}", KT_ERROR_MALFORMED);        /* a BOM is not JSON */

  /* Escaped surrogates must pair up. */
  REFUSE ("\"\\ud800\"", KT_ERROR_MALFORMED);
  REFUSE ("\"\\ud800x\"", KT_ERROR_MALFORMED);
  REFUSE ("\"\\ud800\\u0041\"", KT_ERROR_MALFORMED);
  REFUSE ("\"\\udc00\"", KT_ERROR_MALFORMED);
  REFUSE ("\"\\udc00\\ud800\"", KT_ERROR_MALFORMED);
  REFUSE ("\"\\u12\"", KT_ERROR_MALFORMED);
  REFUSE ("\"\\x41\"", KT_ERROR_MALFORMED);

  /* Raw control characters and NUL bytes are not JSON text. */
  REFUSE ("\"a\tb\"", KT_ERROR_MALFORMED);
  REFUSE ("\"a\nb\"", KT_ERROR_MALFORMED);
  assert_refused ("\"a\0b\"", 5, KT_ERROR_MALFORMED, NULL);
  assert_refused ("{}\0", 3, KT_ERROR_MALFORMED, NULL);
}

static void
test_nul_escape (void)
{
  /* json-glib would store "a" for "a\u0000b": refused, naming the key. */
  REFUSE_FIELD ("{\"first_name\":\"a\\u0000b\"}", KT_ERROR_INVALID, "first_name");
  REFUSE_FIELD ("{\"m\":[{\"fields\":{\"notes\":\"x\\u0000\"}}]}", KT_ERROR_INVALID, "notes");
  REFUSE_FIELD ("{\"tags\":[\"ok\",\"\\u0000\"]}", KT_ERROR_INVALID, "tags");
  REFUSE ("\"\\u0000\"", KT_ERROR_INVALID);
  REFUSE ("{\"a\\u0000\":1}", KT_ERROR_INVALID);
  ACCEPT ("\"\\u0001\"");
  ACCEPT ("\"\\\\u0000\"");   /* an escaped backslash, then text */
}

static void
test_numbers (void)
{
  g_autofree char *long_digits = NULL;

  ACCEPT ("9223372036854775807");
  ACCEPT ("-9223372036854775808");
  ACCEPT ("[0,-0,1,-1,10,1.5,-0.25,1e3,1E+3,2e-3,1.7976931348623157e308,4.9e-324,1e-400]");
  ACCEPT ("{\"amount\":922337203685477580}");
  ACCEPT ("0.00000000000000000000000000000000000000001");

  REFUSE ("9223372036854775808", KT_ERROR_WRONG_TYPE);
  REFUSE ("-9223372036854775809", KT_ERROR_WRONG_TYPE);
  REFUSE ("18446744073709551616", KT_ERROR_WRONG_TYPE);
  REFUSE ("-18446744073709551617", KT_ERROR_WRONG_TYPE);
  REFUSE ("99999999999999999999", KT_ERROR_WRONG_TYPE);
  REFUSE_FIELD ("{\"amount\":9223372036854775808}", KT_ERROR_WRONG_TYPE, "amount");
  REFUSE_FIELD ("{\"a\":{\"b\":[1,-9223372036854775809]}}", KT_ERROR_WRONG_TYPE, "b");
  REFUSE_FIELD ("{\"x\":1e309}", KT_ERROR_WRONG_TYPE, "x");
  REFUSE ("-1e400", KT_ERROR_WRONG_TYPE);

  /* A megabyte of digits is refused with a short message. */
  long_digits = g_strnfill (100000, '7');
  {
    g_autoptr(GError) error = NULL;

    g_assert_false (kt_json_guard_check (long_digits, strlen (long_digits), KT_JSON_GUARD_MAX_DEPTH, &error));
    g_assert_error (error, KT_ERROR, KT_ERROR_WRONG_TYPE);
    g_assert_cmpuint (strlen (error->message), <, 200);
  }

  REFUSE ("01", KT_ERROR_MALFORMED);
  REFUSE ("-", KT_ERROR_MALFORMED);
  REFUSE ("+1", KT_ERROR_MALFORMED);
  REFUSE (".5", KT_ERROR_MALFORMED);
  REFUSE ("1.", KT_ERROR_MALFORMED);
  REFUSE ("1e", KT_ERROR_MALFORMED);
  REFUSE ("1e+", KT_ERROR_MALFORMED);
  REFUSE ("0x10", KT_ERROR_MALFORMED);
  REFUSE ("NaN", KT_ERROR_MALFORMED);
  REFUSE ("Infinity", KT_ERROR_MALFORMED);
  REFUSE ("--1", KT_ERROR_MALFORMED);
}

static void
test_one_value (void)
{
  ACCEPT ("{}");
  ACCEPT (" \t\r\n{ \"a\" : [ 1 , true , false , null , \"s\" ] } \n");
  ACCEPT ("\"just a string\"");
  ACCEPT ("null");

  /* Empty input, whitespace only. */
  assert_refused ("", 0, KT_ERROR_MALFORMED, NULL);
  assert_refused (NULL, 0, KT_ERROR_MALFORMED, NULL);
  REFUSE ("  \n ", KT_ERROR_MALFORMED);

  /* Trailing data of every kind. */
  REFUSE ("{} {\"x\":1}", KT_ERROR_MALFORMED);
  REFUSE ("{}{}", KT_ERROR_MALFORMED);
  REFUSE ("{}x", KT_ERROR_MALFORMED);
  REFUSE ("1 2", KT_ERROR_MALFORMED);
  REFUSE ("[] ]", KT_ERROR_MALFORMED);
  REFUSE ("null,", KT_ERROR_MALFORMED);

  /* Cut short, at every kind of place. */
  REFUSE ("{", KT_ERROR_MALFORMED);
  REFUSE ("{\"a\"", KT_ERROR_MALFORMED);
  REFUSE ("{\"a\":", KT_ERROR_MALFORMED);
  REFUSE ("{\"a\":1", KT_ERROR_MALFORMED);
  REFUSE ("[1,", KT_ERROR_MALFORMED);
  REFUSE ("\"abc", KT_ERROR_MALFORMED);
  REFUSE ("\"abc\\", KT_ERROR_MALFORMED);
  REFUSE ("tru", KT_ERROR_MALFORMED);

  /* What lenient parsers take and RFC 8259 does not. */
  REFUSE ("[1,]", KT_ERROR_MALFORMED);
  REFUSE ("{\"a\":1,}", KT_ERROR_MALFORMED);
  REFUSE ("{,}", KT_ERROR_MALFORMED);
  REFUSE ("{a:1}", KT_ERROR_MALFORMED);
  REFUSE ("{'a':1}", KT_ERROR_MALFORMED);
  REFUSE ("{\"a\" 1}", KT_ERROR_MALFORMED);
  REFUSE ("[1 2]", KT_ERROR_MALFORMED);
  REFUSE ("{\"a\":1]", KT_ERROR_MALFORMED);
  REFUSE ("[1}", KT_ERROR_MALFORMED);
  REFUSE ("/* c */ {}", KT_ERROR_MALFORMED);
  REFUSE ("True", KT_ERROR_MALFORMED);
  REFUSE ("\f{}", KT_ERROR_MALFORMED);

  /* The length is the caller's: text after it is not read. */
  g_assert_true (kt_json_guard_check ("{} garbage", 2, KT_JSON_GUARD_MAX_DEPTH, NULL));
}

static void
test_values (void)
{
  g_autoptr(GError) error = NULL;

  /* Every value counts (containers, strings, numbers, literals), keys do
   * not: this one holds 6. */
  g_assert_true (kt_json_guard_check_full ("{\"a\": [1, \"s\", null], \"b\": {}}", 30,
                                           KT_JSON_GUARD_MAX_DEPTH, 6, NULL));
  g_assert_false (kt_json_guard_check_full ("{\"a\": [1, \"s\", null], \"b\": {}}", 30,
                                            KT_JSON_GUARD_MAX_DEPTH, 5, &error));
  g_assert_error (error, KT_ERROR, KT_ERROR_TOO_LARGE);
  g_clear_error (&error);
  g_assert_true (kt_json_guard_check_full ("{\"a\": [1, \"s\", null], \"b\": {}}", 30,
                                           KT_JSON_GUARD_MAX_DEPTH, 6, &error));
  g_assert_no_error (error);

  /* Without a limit, as for the client's pages: any number. */
  {
    GString *wide = g_string_new ("[");

    for (guint i = 0; i < KT_JSON_GUARD_MAX_VALUES + 10; i++)
      g_string_append (wide, i == 0 ? "0" : ",0");
    g_string_append_c (wide, ']');
    g_assert_true (kt_json_guard_check (wide->str, wide->len, KT_JSON_GUARD_MAX_DEPTH, NULL));
    g_assert_false (kt_json_guard_check_full (wide->str, wide->len, KT_JSON_GUARD_MAX_DEPTH,
                                              KT_JSON_GUARD_MAX_VALUES, &error));
    g_assert_error (error, KT_ERROR, KT_ERROR_TOO_LARGE);
    g_string_free (wide, TRUE);
  }
}

/* kt_json_guard_parse() never answers NULL without an error: json-glib
 * itself loads text of only white space "successfully", with no root,
 * which is how a blank manifest.json once reached a critical. */
static void
test_parse (void)
{
  static const char *blank[] = { "", " ", "\n\t\r " };

  for (guint i = 0; i < G_N_ELEMENTS (blank); i++)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(JsonNode) node = NULL;
      g_autoptr(GError) error = NULL;

      /* What makes the helper necessary, so this test notices if a later
       * json-glib changes its mind. */
      g_assert_true (json_parser_load_from_data (parser, blank[i], -1, NULL));
      g_assert_null (json_parser_get_root (parser));

      node = kt_json_guard_parse (blank[i], strlen (blank[i]), KT_JSON_GUARD_MAX_DEPTH, &error);
      g_assert_null (node);
      g_assert_error (error, KT_ERROR, KT_ERROR_MALFORMED);
      g_assert_cmpstr (error->message, ==, "The JSON text is empty");
    }

  {
    g_autoptr(JsonNode) node = kt_json_guard_parse ("{\"a\": [1, 2]} ", 14, KT_JSON_GUARD_MAX_DEPTH, NULL);

    g_assert_nonnull (node);
    g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
    g_assert_cmpint (json_array_get_length (json_object_get_array_member (json_node_get_object (node), "a")), ==, 2);
  }
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(JsonNode) node = kt_json_guard_parse ("[[[1]]]", 7, 2, &error);

    g_assert_null (node);
    g_assert_error (error, KT_ERROR, KT_ERROR_MALFORMED);
  }
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/shared/json-guard/depth", test_depth);
  g_test_add_func ("/shared/json-guard/utf8", test_utf8);
  g_test_add_func ("/shared/json-guard/nul-escape", test_nul_escape);
  g_test_add_func ("/shared/json-guard/numbers", test_numbers);
  g_test_add_func ("/shared/json-guard/one-value", test_one_value);
  g_test_add_func ("/shared/json-guard/values", test_values);
  g_test_add_func ("/shared/json-guard/parse", test_parse);

  return g_test_run ();
}
