/* test-json-scan.c: the flat JSON scanner (shared/kt-json-scan.c)
 *
 * Every text the scanner takes is also read by json-glib, which must read
 * the same values (fuzz/kt-json-scan-check.h, which fuzz/fuzz-json-scan.c
 * runs on arbitrary bytes); every text it refuses is one its callers give
 * to json-glib as before.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "kantora-shared.h"
#include "kt-json-scan-check.h"

/* TAP output is line-based: test text is shown escaped and cut short. */
static char *
show (const char *text,
      gsize       len)
{
  g_autofree char *head = g_strndup (text, MIN (len, 80));

  return g_strescape (head, NULL);
}

/* @text in a buffer of its own length, without a NUL after it: a read
 * past the end is an error under AddressSanitizer (build-asan). */
static char *
exact_copy (const char *text,
            gsize       len)
{
  return g_memdup2 (text, MAX (len, 1));
}

static void
assert_flat (const char *text,
             gboolean    object,
             gboolean    taken)
{
  gsize len = strlen (text);
  g_autofree char *copy = exact_copy (text, len);
  g_autofree char *shown = show (text, len);
  const char *problem = NULL;

  g_test_message ("%s %s: %s", taken ? "take" : "refuse", object ? "object" : "array", shown);
  g_assert_cmpint (kt_json_scan_check_flat (copy, len, object, &problem), ==, taken);
  g_assert_null (problem);
}

#define TAKE_OBJECT(s) assert_flat ((s), TRUE, TRUE)
#define REFUSE_OBJECT(s) assert_flat ((s), TRUE, FALSE)
#define TAKE_ARRAY(s) assert_flat ((s), FALSE, TRUE)
#define REFUSE_ARRAY(s) assert_flat ((s), FALSE, FALSE)

/* The one scalar @text, which json-glib must read the same when it is
 * decoded; returns its kind. */
static KtJsonScanKind
scalar_kind (const char *text)
{
  gsize len = strlen (text);
  g_autofree char *copy = exact_copy (text, len);
  g_autofree char *shown = show (text, len);
  const char *problem = NULL;
  KtJsonScanKind kind;

  g_test_message ("scalar: %s", shown);
  kind = kt_json_scan_check_scalar (copy, len, &problem);
  g_assert_null (problem);
  return kind;
}

/* The string @json decodes to (or NULL when it is not a plain one). */
static char *
decoded (const char *json)
{
  gsize len = strlen (json);
  g_autofree char *copy = exact_copy (json, len);
  g_autofree char *buffer = g_malloc (len + 1);
  const char *p = copy;
  char *out = buffer;

  g_assert_cmpint (scalar_kind (json), ==, KT_JSON_SCAN_STRING);
  g_assert_cmpint (kt_json_scan_string (&p, copy + len, &out), ==, KT_JSON_SCAN_STRING);
  g_assert_true (p == copy + len);
  g_assert_cmpuint (out - buffer, <=, len);
  return g_strdup (buffer);
}

static void
test_escapes (void)
{
  g_autofree char *simple = decoded ("\"a\\\"b\\\\c\\/d\\be\\ff\\ng\\rh\\ti\"");
  g_autofree char *bmp = decoded ("\"caf\\u00e9 \\u00C9 \\u20ac \\u0416\"");
  g_autofree char *pair = decoded ("\"\\ud83d\\ude00!\"");
  g_autofree char *raw = decoded ("\"софия \xf0\x9f\x98\x80 \x7f\"");

  g_assert_cmpstr (simple, ==, "a\"b\\c/d\be\ff\ng\rh\ti");
  g_assert_cmpstr (bmp, ==, "café É € Ж");
  g_assert_cmpstr (pair, ==, "\xf0\x9f\x98\x80!");
  g_assert_cmpstr (raw, ==, "софия \xf0\x9f\x98\x80 \x7f");

  TAKE_OBJECT ("{\"k\\u00e9y\\n\":\"v\\ud834\\udd1e\"}");
  TAKE_ARRAY ("[\"\\\"\",\"\\\\\",\"\\u0001\",\"\\u007f\",\"\\uffff\",\"\\ud800\\udc00\",\"\\udbff\\udfff\"]");

  /* Not JSON. */
  g_assert_cmpint (scalar_kind ("\"\\x\""), ==, KT_JSON_SCAN_BAD);
  g_assert_cmpint (scalar_kind ("\"\\u12\""), ==, KT_JSON_SCAN_BAD);
  g_assert_cmpint (scalar_kind ("\"\\u12g4\""), ==, KT_JSON_SCAN_BAD);
  g_assert_cmpint (scalar_kind ("\"\\U0041\""), ==, KT_JSON_SCAN_BAD);
  g_assert_cmpint (scalar_kind ("\"\\"), ==, KT_JSON_SCAN_BAD);
  g_assert_cmpint (scalar_kind ("\"abc"), ==, KT_JSON_SCAN_BAD);
  g_assert_cmpint (scalar_kind ("'abc'"), ==, KT_JSON_SCAN_BAD);
}

/* What json-glib 1.6 reads its own way (kt-json-guard.h): left to it. */
static void
test_surrogates (void)
{
  const char *others[] = {
    "\"\\u0000\"",                /* json-glib cuts the string there */
    "\"a\\u0000b\"",
    "\"\\ud800\"",                /* a high surrogate alone */
    "\"\\ud800x\"",
    "\"\\ud800\\u0041\"",         /* followed by no low one */
    "\"\\ud800\\ud800\\udc00\"",
    "\"\\udc00\"",                /* a low one first */
    "\"\\udfff\\ud800\"",
  };

  for (guint i = 0; i < G_N_ELEMENTS (others); i++)
    {
      g_autofree char *object = g_strdup_printf ("{\"a\":%s}", others[i]);
      g_autofree char *key = g_strdup_printf ("{%s:\"a\"}", others[i]);
      g_autofree char *array = g_strdup_printf ("[%s]", others[i]);

      g_assert_cmpint (scalar_kind (others[i]), ==, KT_JSON_SCAN_OTHER);
      REFUSE_OBJECT (object);
      REFUSE_OBJECT (key);
      REFUSE_ARRAY (array);
    }

  /* Well formed, so the string ends where it ends: the reader can keep
   * its text. */
  {
    const char *text = "\"\\ud800 x\" tail";
    g_autofree char *buffer = g_malloc (strlen (text) + 1);
    const char *p = text;
    char *out = buffer;

    g_assert_cmpint (kt_json_scan_string (&p, text + strlen (text), &out), ==, KT_JSON_SCAN_OTHER);
    g_assert_cmpstr (p, ==, " tail");
    g_assert_true (out == buffer);
  }
}

static void
test_invalid_utf8 (void)
{
  const char *bad[] = {
    "\"\xc3\"",                 /* cut */
    "\"\xc3(\"",
    "\"\x80\"",                 /* a continuation byte first */
    "\"\xc0\xaf\"",             /* overlong */
    "\"\xe0\x80\xaf\"",
    "\"\xf0\x80\x80\xaf\"",
    "\"\xed\xa0\x80\"",         /* a surrogate, encoded */
    "\"\xf4\x90\x80\x80\"",     /* above U+10FFFF */
    "\"\xf5\x80\x80\x80\"",
    "\"\xfe\"",
    "\"\xff\"",
    "\"a\tb\"",                 /* control characters, unescaped */
    "\"a\nb\"",
    "\"\x1f\"",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *object = g_strdup_printf ("{\"a\":%s}", bad[i]);
      g_autofree char *array = g_strdup_printf ("[%s]", bad[i]);

      g_assert_cmpint (scalar_kind (bad[i]), ==, KT_JSON_SCAN_BAD);
      REFUSE_OBJECT (object);
      REFUSE_ARRAY (array);
    }

  /* The edges that are valid. */
  TAKE_ARRAY ("[\"\xc2\x80\",\"\xdf\xbf\",\"\xe0\xa0\x80\",\"\xed\x9f\xbf\",\"\xee\x80\x80\","
              "\"\xef\xbf\xbf\",\"\xf0\x90\x80\x80\",\"\xf4\x8f\xbf\xbf\"]");

  /* A NUL in the text is a control character too. */
  {
    const char text[] = "{\"a\":\"b\0c\"}";
    const char *problem = NULL;

    g_assert_false (kt_json_scan_check_flat (text, sizeof text - 1, TRUE, &problem));
  }
}

static void
test_not_flat (void)
{
  gsize huge = 200 * 1000;
  g_autofree char *deep = g_malloc (huge);

  REFUSE_OBJECT ("{\"a\":{}}");
  REFUSE_OBJECT ("{\"a\":[]}");
  REFUSE_OBJECT ("{\"a\":{\"b\":\"c\"}}");
  REFUSE_OBJECT ("{\"a\":\"b\",\"c\":[\"d\"]}");
  REFUSE_ARRAY ("[[]]");
  REFUSE_ARRAY ("[\"a\",{}]");
  REFUSE_ARRAY ("[1.5]");
  REFUSE_OBJECT ("[\"a\"]");
  REFUSE_ARRAY ("{\"a\":\"b\"}");

  /* Not JSON at all. */
  REFUSE_OBJECT ("");
  REFUSE_OBJECT ("{");
  REFUSE_OBJECT ("}");
  REFUSE_OBJECT ("  ");
  REFUSE_OBJECT ("{,}");
  REFUSE_OBJECT ("{\"a\"}");
  REFUSE_OBJECT ("{\"a\":}");
  REFUSE_OBJECT ("{\"a\" \"b\"}");
  REFUSE_OBJECT ("{\"a\":\"b\",}");
  REFUSE_OBJECT ("{\"a\":\"b\"");
  REFUSE_OBJECT ("{a:\"b\"}");
  REFUSE_OBJECT ("{1:\"b\"}");
  REFUSE_OBJECT ("{} {}");
  REFUSE_OBJECT ("{}x");
  REFUSE_OBJECT ("\xef\xbb\xbf{}");     /* a byte order mark */
  REFUSE_ARRAY ("[,]");
  REFUSE_ARRAY ("[\"a\",]");
  REFUSE_ARRAY ("[\"a\" \"b\"]");
  REFUSE_ARRAY ("[truex]");
  REFUSE_ARRAY ("[nul]");
  REFUSE_ARRAY ("[True]");
  REFUSE_ARRAY ("[\"a\"");

  /* Deep nesting is refused at its second level, without recursing. */
  memset (deep, '[', huge / 2);
  memset (deep + huge / 2, ']', huge / 2);
  g_assert_false (kt_json_scan_array (deep, huge, KT_JSON_SCAN_ANY_SCALAR, NULL, NULL));
  memset (deep, '{', huge);
  g_assert_false (kt_json_scan_object (deep, huge, KT_JSON_SCAN_ANY_SCALAR, NULL, NULL));

  /* Every prefix of a flat text is refused, read within its bytes. */
  {
    const char *text = " { \"a\\u00e9\" : \"b\\ud83d\\ude00\" , \"n\" : -12 , \"t\" : true } ";

    for (gsize len = 0; len < strlen (text) - 1; len++)
      {
        g_autofree char *copy = exact_copy (text, len);
        const char *problem = NULL;

        g_assert_false (kt_json_scan_check_flat (copy, len, TRUE, &problem));
      }
    TAKE_OBJECT (text);
  }

  /* White space as PostgreSQL's jsonb writes it, and all four kinds. */
  TAKE_OBJECT ("{\"a\": \"b\", \"c\": \"d\"}");
  TAKE_OBJECT ("\r\n\t{ }\n");
  TAKE_ARRAY (" [ ] ");
  TAKE_ARRAY ("[ \"a\" ,\t\"b\"\n]");
  TAKE_OBJECT ("{\"s\":\"x\",\"i\":42,\"t\":true,\"f\":false,\"n\":null}");
}

static void
test_numbers (void)
{
  struct {
    const char *text;
    KtJsonScanKind kind;
    gint64 value;
  } cases[] = {
    { "0", KT_JSON_SCAN_INT, 0 },
    { "-0", KT_JSON_SCAN_INT, 0 },
    { "7", KT_JSON_SCAN_INT, 7 },
    { "-7", KT_JSON_SCAN_INT, -7 },
    { "9223372036854775807", KT_JSON_SCAN_INT, G_MAXINT64 },
    { "-9223372036854775807", KT_JSON_SCAN_INT, -G_MAXINT64 },
    { "-9223372036854775808", KT_JSON_SCAN_INT, G_MININT64 },
    /* Outside 64 bits json-glib wraps or clamps: its to read. */
    { "9223372036854775808", KT_JSON_SCAN_OTHER, 0 },
    { "-9223372036854775809", KT_JSON_SCAN_OTHER, 0 },
    { "18446744073709551615", KT_JSON_SCAN_OTHER, 0 },
    { "18446744073709551616", KT_JSON_SCAN_OTHER, 0 },
    { "99999999999999999999999999", KT_JSON_SCAN_OTHER, 0 },
    /* Doubles, json-glib's to read. */
    { "1.0", KT_JSON_SCAN_OTHER, 0 },
    { "-0.5", KT_JSON_SCAN_OTHER, 0 },
    { "1e3", KT_JSON_SCAN_OTHER, 0 },
    { "1E+3", KT_JSON_SCAN_OTHER, 0 },
    { "2.5e-3", KT_JSON_SCAN_OTHER, 0 },
    /* Not JSON. */
    { "01", KT_JSON_SCAN_BAD, 0 },
    { "-01", KT_JSON_SCAN_BAD, 0 },
    { "-", KT_JSON_SCAN_BAD, 0 },
    { "+1", KT_JSON_SCAN_BAD, 0 },
    { "1.", KT_JSON_SCAN_BAD, 0 },
    { ".5", KT_JSON_SCAN_BAD, 0 },
    { "1e", KT_JSON_SCAN_BAD, 0 },
    { "1e+", KT_JSON_SCAN_BAD, 0 },
    { "0x10", KT_JSON_SCAN_BAD, 0 },
    { "1 2", KT_JSON_SCAN_BAD, 0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const char *text = cases[i].text;
      const char *p = text;
      gint64 value = 0;

      g_assert_cmpint (scalar_kind (text), ==, cases[i].kind);
      if (cases[i].kind == KT_JSON_SCAN_BAD)
        continue;
      g_assert_cmpint (kt_json_scan_number (&p, text + strlen (text), &value), ==, cases[i].kind);
      g_assert_true (p == text + strlen (text));
      if (cases[i].kind == KT_JSON_SCAN_INT)
        g_assert_cmpint (value, ==, cases[i].value);
    }

  TAKE_ARRAY ("[0,-0,9223372036854775807,-9223372036854775808]");
  REFUSE_ARRAY ("[9223372036854775808]");
  REFUSE_OBJECT ("{\"a\":1.5}");
}

static gboolean
set_member (const char         *name,
            const KtJsonScalar *value,
            gpointer            object)
{
  json_object_set_string_member (object, name, value->string);
  return TRUE;
}

static gboolean
count_calls (const char         *name,
             const KtJsonScalar *value,
             gpointer            calls)
{
  (*(guint *) calls)++;
  return TRUE;
}

static gboolean
refuse_b (const char         *name,
          const KtJsonScalar *value,
          gpointer            data)
{
  return strcmp (name, "b") != 0;
}

/* A name twice: the scanner gives both, in order; setting them as they
 * come keeps the last one, in the first one's place, which is what
 * json-glib keeps. */
static void
test_duplicates (void)
{
  const char *text = "{\"a\":\"1\",\"b\":\"2\",\"a\":\"3\"}";
  g_autoptr(JsonObject) object = json_object_new ();
  g_autoptr(JsonNode) parsed = kt_json_scan_check_parse (text, strlen (text));
  g_autoptr(GList) ours = NULL;
  g_autoptr(GList) theirs = NULL;
  guint calls = 0;

  g_assert_true (kt_json_scan_object (text, strlen (text), KT_JSON_SCAN_ANY_SCALAR, set_member, object));
  g_assert_cmpstr (json_object_get_string_member (object, "a"), ==, "3");
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (parsed), "a"), ==, "3");
  ours = json_object_get_members (object);
  theirs = json_object_get_members (json_node_get_object (parsed));
  g_assert_cmpuint (g_list_length (ours), ==, 2);
  g_assert_cmpuint (g_list_length (theirs), ==, 2);
  g_assert_cmpstr (ours->data, ==, theirs->data);
  g_assert_cmpstr (ours->next->data, ==, theirs->next->data);
  TAKE_OBJECT (text);
  TAKE_OBJECT ("{\"a\":1,\"a\":\"x\",\"a\":null}");

  /* A name twice with a value of a kind the caller does not take: the
   * caller gets nothing at all, so it has nothing to undo before it
   * asks json-glib (which keeps the last, here not a string). */
  g_assert_false (kt_json_scan_object ("{\"a\":\"x\",\"a\":1}", 15, KT_JSON_SCAN_MASK (KT_JSON_SCAN_STRING),
                                       count_calls, &calls));
  g_assert_cmpuint (calls, ==, 0);

  /* Nor when the text breaks after good members. */
  g_assert_false (kt_json_scan_object ("{\"a\":\"x\",\"b\":", 13, KT_JSON_SCAN_ANY_SCALAR,
                                       count_calls, &calls));
  g_assert_cmpuint (calls, ==, 0);

  /* The caller may stop it. */
  g_assert_false (kt_json_scan_object ("{\"a\":\"x\",\"b\":\"y\"}", 17, KT_JSON_SCAN_ANY_SCALAR,
                                       refuse_b, NULL));
}

/* More items and longer text than the scanner keeps on its stack. */
static void
test_long (void)
{
  g_autoptr(GString) object = g_string_new ("{");
  g_autoptr(GString) array = g_string_new ("[");

  for (guint i = 0; i < 200; i++)
    {
      g_string_append_printf (object, "%s\"field_%u\":\"2026-11-25T18:04:30.123Z-%04u-3f9a0c2e7d514b88\"",
                              i ? "," : "", i, i);
      g_string_append_printf (array, "%s\"tag \\u00e9 %u\"", i ? "," : "", i);
    }
  g_string_append_c (object, '}');
  g_string_append_c (array, ']');
  TAKE_OBJECT (object->str);
  TAKE_ARRAY (array->str);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/json-scan/escapes", test_escapes);
  g_test_add_func ("/json-scan/surrogates", test_surrogates);
  g_test_add_func ("/json-scan/invalid-utf8", test_invalid_utf8);
  g_test_add_func ("/json-scan/not-flat", test_not_flat);
  g_test_add_func ("/json-scan/numbers", test_numbers);
  g_test_add_func ("/json-scan/duplicates", test_duplicates);
  g_test_add_func ("/json-scan/long", test_long);

  return g_test_run ();
}
