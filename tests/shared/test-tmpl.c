/* test-tmpl.c: the template language (shared/kt-tmpl.c, kt-tmpl-render.c)
 *
 * Every expected text is written by hand from docs/templates.md; the
 * amounts and words that other units produce (kt-money, kt-words) are
 * written out too, except the long words, which test-words checks.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "kantora-shared.h"

static JsonObject *
context_from (const char *json)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = json_from_string (json, &error);

  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
  return json_object_ref (json_node_get_object (node));
}

/* Renders @template over @json (NULL: no context) and expects no
 * error at all. */
static char *
render_with (const char                *template,
             const char                *json,
             const KtTmplRenderOptions *options)
{
  g_autoptr(GPtrArray) errors = NULL;
  g_autoptr(KtTmpl) tmpl = kt_tmpl_parse (template, -1, NULL, &errors);
  g_autoptr(JsonObject) context = json != NULL ? context_from (json) : NULL;
  char *text;

  if (errors != NULL)
    g_error ("“%s”: %s", template, ((KtTmplError *) errors->pdata[0])->message);
  g_assert_nonnull (tmpl);
  text = kt_tmpl_render (tmpl, context, options, &errors);
  if (errors != NULL)
    g_error ("“%s”: %s", template, ((KtTmplError *) errors->pdata[0])->message);
  g_assert_nonnull (text);
  return text;
}

static void
assert_renders (const char *template,
                const char *json,
                const char *expected)
{
  g_autofree char *text = render_with (template, json, NULL);

  g_assert_cmpstr (text, ==, expected);
}

/* Parses @template expecting it to fail, and returns its errors. */
static GPtrArray *
parse_errors (const char           *template,
              gssize                length,
              const KtTmplVariable *catalogue)
{
  GPtrArray *errors = NULL;
  g_autoptr(KtTmpl) tmpl = kt_tmpl_parse (template, length, catalogue, &errors);

  g_assert_null (tmpl);
  g_assert_nonnull (errors);
  g_assert_cmpuint (errors->len, >, 0);
  return errors;
}

static void
assert_error (GPtrArray       *errors,
              guint            i,
              KtTmplErrorKind  kind,
              guint            line,
              guint            column,
              const char      *message)
{
  KtTmplError *error;

  g_assert_cmpuint (i, <, errors->len);
  error = g_ptr_array_index (errors, i);
  if (error->line != line || error->column != column)
    g_test_message ("“%s” at %u:%u", error->message, error->line, error->column);
  g_assert_cmpstr (error->message, ==, message);
  g_assert_cmpint (error->kind, ==, kind);
  g_assert_cmpuint (error->line, ==, line);
  g_assert_cmpuint (error->column, ==, column);
}

static void
test_values (void)
{
  const char *ctx = "{\"invoice\": {\"number\": \"0000000123\", \"paid\": true, \"n\": 42, \"x\": 1.5},"
                    " \"list\": [\"a\", \"b\"], \"empty\": \"\"}";

  assert_renders ("", ctx, "");
  assert_renders ("No tags at all", ctx, "No tags at all");
  assert_renders ("№ {{invoice.number}}.", ctx, "№ 0000000123.");
  assert_renders ("{{ invoice.number }}", ctx, "0000000123");
  assert_renders ("{{\ninvoice.number\t}}", ctx, "0000000123");
  assert_renders ("{{invoice.n}} {{invoice.paid}} {{invoice.x}}", ctx, "42 true 1.5");
  assert_renders ("{{list.1}}{{list.0}}", ctx, "ba");
  assert_renders ("[{{list}}][{{invoice}}]", ctx, "[][]");
  assert_renders ("{{! a comment }}x{{!}}", ctx, "x");
  assert_renders ("{{\"{{\"}} and {{\"}}\"}} and {{\"say \\\"hi\\\"\"}}", ctx,
                  "{{ and }} and say &quot;hi&quot;");
}

static void
test_escaping (void)
{
  const char *ctx = "{\"name\": \"Tom & Jerry <b>\\\"quoted\\\" 'single'</b>\"}";
  KtTmplRenderOptions plain = { .plain_text = TRUE };
  g_autofree char *text = NULL;

  assert_renders ("{{name}}", ctx,
                  "Tom &amp; Jerry &lt;b&gt;&quot;quoted&quot; &#39;single&#39;&lt;/b&gt;");
  assert_renders ("{{{name}}}", ctx, "Tom & Jerry <b>\"quoted\" 'single'</b>");
  assert_renders ("{{name | raw}}", ctx, "Tom & Jerry <b>\"quoted\" 'single'</b>");
  assert_renders ("{{name | raw | upper}}", ctx, "TOM & JERRY <B>\"QUOTED\" 'SINGLE'</B>");
  /* The template's own text is markup its author wrote. */
  assert_renders ("<b>{{name}}</b> &amp; <i>x</i>", "{\"name\": \"a<b\"}",
                  "<b>a&lt;b</b> &amp; <i>x</i>");
  /* Plain text (a mail's subject) is not escaped at all. */
  text = render_with ("{{name}} & {{{name}}}", ctx, &plain);
  g_assert_cmpstr (text, ==, "Tom & Jerry <b>\"quoted\" 'single'</b> & Tom & Jerry <b>\"quoted\" 'single'</b>");
  /* A value that looks like a tag is printed, not expanded. */
  assert_renders ("{{v}}", "{\"v\": \"{{name}}\", \"name\": \"no\"}", "{{name}}");
}

static void
test_sections (void)
{
  const char *ctx = "{\"yes\": true, \"no\": false, \"zero\": 0, \"zero_text\": \"0\","
                    " \"empty\": \"\", \"none\": [], \"null\": null,"
                    " \"client\": {\"name\": \"Мария\", \"eik\": \"131468980\"}, \"name\": \"outer\"}";

  assert_renders ("{{#yes}}Y{{/yes}}{{#no}}N{{/no}}", ctx, "Y");
  assert_renders ("{{^yes}}Y{{/yes}}{{^no}}N{{/no}}", ctx, "N");
  assert_renders ("{{#zero}}a{{/zero}}{{#zero_text}}b{{/zero_text}}", ctx, "b");
  assert_renders ("{{^empty}}1{{/empty}}{{^none}}2{{/none}}{{^null}}3{{/null}}{{^missing}}4{{/missing}}",
                  ctx, "1234");
  /* A group becomes the scope; outer names stay visible through it. */
  assert_renders ("{{#client}}{{name}}, {{eik}}{{/client}} {{name}}", ctx,
                  "Мария, 131468980 outer");
  assert_renders ("{{#client.eik}}ЕИК {{.}}{{/client.eik}}{{#client.vat}}ДДС{{/client.vat}}", ctx,
                  "ЕИК 131468980");
}

static void
test_loops (void)
{
  const char *ctx = "{\"items\": [{\"d\": \"a\", \"tags\": [\"x\", \"y\"]}, {\"d\": \"b\", \"tags\": []},"
                    " {\"d\": \"c\", \"tags\": [\"z\"]}], \"sep\": \"; \", \"words\": [\"one\", \"two\"]}";

  assert_renders ("{{#items}}{{@number}}.{{d}}{{^@last}}{{sep}}{{/@last}}{{/items}}", ctx,
                  "1.a; 2.b; 3.c");
  assert_renders ("{{#items}}{{@index}}{{#@first}}F{{/@first}}{{#@last}}L{{/@last}}{{/items}}", ctx,
                  "0F12L");
  /* Nested: the counters are the innermost loop's. */
  assert_renders ("{{#items}}{{d}}({{#tags}}{{@number}}{{.}}{{/tags}}{{^tags}}-{{/tags}}){{/items}}", ctx,
                  "a(1x2y)b(-)c(1z)");
  assert_renders ("{{#words}}<{{this}}>{{/words}}", ctx, "<one><two>");
  assert_renders ("{{@index}}{{#@first}}x{{/@first}}", ctx, "");
  assert_renders ("{{#items}}{{/items}}", "{\"items\": []}", "");
}

static void
test_filters (void)
{
  const char *ctx = "{\"total\": 123456, \"text_total\": \"-5\", \"date\": \"2026-11-25\","
                    " \"stamp\": \"2026-01-02T23:30:00.000Z\", \"name\": \"Иван Петров\","
                    " \"empty\": \"\", \"currency\": \"EUR\", \"language\": \"bg\"}";
  KtTmplRenderOptions en = { .language = "en" };
  g_autofree char *words_bg = kt_money_in_words (123456, "EUR", "bg");
  g_autofree char *words_en = kt_money_in_words (123456, "EUR", "en");
  g_autofree char *words_tmpl = g_strdup_printf ("%s|%s|%s", words_bg, words_en, words_bg);
  g_autofree char *text = NULL;

  assert_renders ("{{total | money}}", ctx, "1\u202f234,56\u00a0€");
  assert_renders ("{{total | number}}", ctx, "1\u202f234,56");
  assert_renders ("{{total | money:\"BGN\"}}", ctx, "1\u202f234,56\u00a0лв.");
  assert_renders ("{{text_total | money}}", ctx, "-0,05\u00a0€");
  text = render_with ("{{total | money}} {{date | date}} {{total | number}}", ctx, &en);
  g_assert_cmpstr (text, ==, "€1,234.56 25 November 2026 1,234.56");
  assert_renders ("{{date | date}} {{stamp | date}}", ctx, "25.11.2026 г. 02.01.2026 г.");
  assert_renders ("{{name | upper}} {{name | lower}}", ctx, "ИВАН ПЕТРОВ иван петров");
  assert_renders ("{{total | words_bg}}|{{total | words_en}}|{{total | words}}", ctx, words_tmpl);
  assert_renders ("{{missing | default:\"—\"}}{{empty | default:\"-\"}}{{name | default:\"x\"}}", ctx,
                  "—-Иван Петров");
  /* Chained left to right; a value a filter cannot read is missing for
   * the rest of the chain. */
  assert_renders ("{{missing | default:\"n/a\" | upper}}", ctx, "N/A");
  assert_renders ("{{name | money | default:\"?\"}} {{name | date}}.", ctx, "? .");
  assert_renders ("{{total | default:\"-\" | money}}", ctx, "1\u202f234,56\u00a0€");
  assert_renders ("{{\"a<b\" | upper}} {{\"x\" | default:\"y\"}}", ctx, "A&lt;B x");
  /* A default's own text is escaped like any value. */
  assert_renders ("{{missing | default:\"<none>\"}}", ctx, "&lt;none&gt;");
}

static void
test_missing (void)
{
  g_autoptr(KtTmpl) tmpl = NULL;
  g_autoptr(GPtrArray) errors = NULL;
  g_autoptr(JsonObject) context = context_from ("{\"client\": {\"name\": \"A\"}, \"list\": [1]}");
  KtTmplRenderOptions strict = { .strict = TRUE };
  char *text;

  assert_renders ("[{{client.mol}}][{{nothing.at.all}}][{{client.name.first}}]",
                  "{\"client\": {\"name\": \"A\"}}", "[][][]");
  text = render_with ("[{{x}}]", NULL, NULL);
  g_assert_cmpstr (text, ==, "[]");
  g_free (text);

  tmpl = kt_tmpl_parse ("{{client.name}}\n  {{client.mol}} {{list}}{{client.mol | default:\"—\"}}",
                        -1, NULL, NULL);
  g_assert_nonnull (tmpl);
  text = kt_tmpl_render (tmpl, context, &strict, &errors);
  g_assert_null (text);
  g_assert_cmpuint (errors->len, ==, 2);
  assert_error (errors, 0, KT_TMPL_ERROR_MISSING, 2, 3, "“client.mol” has no value");
  assert_error (errors, 1, KT_TMPL_ERROR_MISSING, 2, 18,
                "“list” is a list or a group, not a value to print");
}

static void
test_error_positions (void)
{
  g_autoptr(GPtrArray) errors = NULL;

  /* Columns count characters: the Cyrillic letters before the tag take
   * two bytes each. */
  errors = parse_errors ("Фактура № {{invoice.number}}\nСума: {{x | mony}}", -1, NULL);
  g_assert_cmpuint (errors->len, ==, 1);
  assert_error (errors, 0, KT_TMPL_ERROR_UNKNOWN_FILTER, 2, 13, "Unknown filter “mony”");
  g_clear_pointer (&errors, g_ptr_array_unref);

  errors = parse_errors ("<b>Фактура</b>\n\n    {{#items}}\n{{description}}\n", -1, NULL);
  g_assert_cmpuint (errors->len, ==, 1);
  assert_error (errors, 0, KT_TMPL_ERROR_SECTION, 3, 5,
                "Unclosed section “items” opened at line 3, column 5");
  g_clear_pointer (&errors, g_ptr_array_unref);

  /* Every error is listed, in the order of the text. */
  errors = parse_errors ("ж }} {{a | lower:\"x\"}}\n{{#a}}{{/b}}{{/a}}{{/a}}\n{{}} {{a b}} {{ü}}\n"
                         "{{#a | upper}}{{/a | upper}}\nя{{x | default}} {{x | money:\"XYZ\"}}"
                         " {{x |}} {{{x}} {{x | default:\"a}}",
                         -1, NULL);
  assert_error (errors, 0, KT_TMPL_ERROR_SYNTAX, 1, 3, "“}}” without “{{”");
  assert_error (errors, 1, KT_TMPL_ERROR_SYNTAX, 1, 12, "The filter “lower” takes no value");
  assert_error (errors, 2, KT_TMPL_ERROR_SECTION, 2, 7,
                "“{{/b}}” does not close “a”, opened at line 2, column 1");
  assert_error (errors, 3, KT_TMPL_ERROR_SECTION, 2, 19, "“{{/a}}” closes no section");
  assert_error (errors, 4, KT_TMPL_ERROR_SYNTAX, 3, 1, "The tag is empty");
  assert_error (errors, 5, KT_TMPL_ERROR_SYNTAX, 3, 10,
                "Unexpected “b” in the tag: filters follow a “|”");
  assert_error (errors, 6, KT_TMPL_ERROR_SYNTAX, 3, 16, "“ü” is not a variable name");
  assert_error (errors, 7, KT_TMPL_ERROR_SYNTAX, 4, 4, "A section opens on one variable name, not “a | upper”");
  /* The closing tag written as the bad opening one pairs with it. */
  assert_error (errors, 8, KT_TMPL_ERROR_SYNTAX, 5, 8,
                "The filter “default” needs a value, as in default:\"—\"");
  assert_error (errors, 9, KT_TMPL_ERROR_SYNTAX, 5, 24, "“XYZ” is not a currency code such as EUR");
  assert_error (errors, 10, KT_TMPL_ERROR_SYNTAX, 5, 43, "A filter name is missing after “|”");
  assert_error (errors, 11, KT_TMPL_ERROR_SYNTAX, 5, 50, "“{{{” must be closed by “}}}”");
  assert_error (errors, 12, KT_TMPL_ERROR_SYNTAX, 5, 53, "“{{” is not closed by “}}”");
  g_assert_cmpuint (errors->len, ==, 13);
  g_clear_pointer (&errors, g_ptr_array_unref);

  /* An unclosed tag: the error is at its "{{", and the next tag is still
   * read. */
  errors = parse_errors ("Дата: {{invoice.issue_date\n{{x | bad}}", -1, NULL);
  g_assert_cmpuint (errors->len, ==, 2);
  assert_error (errors, 0, KT_TMPL_ERROR_SYNTAX, 1, 7, "“{{” is not closed by “}}”");
  assert_error (errors, 1, KT_TMPL_ERROR_UNKNOWN_FILTER, 2, 7, "Unknown filter “bad”");
}

static void
test_catalogue (void)
{
  const KtTmplVariable *vars = kt_tmpl_variables ();
  g_autoptr(GPtrArray) errors = NULL;
  g_autoptr(KtTmpl) tmpl = NULL;

  tmpl = kt_tmpl_parse ("{{invoice.number}} {{#client}}{{name}}{{/client}}"
                        "{{#items}}{{@number}}{{description}}{{unit_price | money}}{{items.0.unit}}"
                        "{{invoice.number}}{{/items}}"
                        "{{#totals.vat}}{{rate}}{{exemption}}{{/totals.vat}}{{#invoice}}{{due_date}}{{/invoice}}",
                        -1, vars, &errors);
  g_assert_null (errors);
  g_assert_nonnull (tmpl);

  errors = parse_errors ("№ {{invoice.numbr}}\n{{#items}}{{descripton}}{{/items}}{{description}}\n"
                         "{{#client}}{{nam}}{{/client}}{{invoice}}{{invoice.number.x}}",
                         -1, vars);
  g_assert_cmpuint (errors->len, ==, 5);
  assert_error (errors, 0, KT_TMPL_ERROR_UNKNOWN_VARIABLE, 1, 3, "Unknown variable “invoice.numbr”");
  assert_error (errors, 1, KT_TMPL_ERROR_UNKNOWN_VARIABLE, 2, 11, "Unknown variable “descripton”");
  assert_error (errors, 2, KT_TMPL_ERROR_UNKNOWN_VARIABLE, 2, 35, "Unknown variable “description”");
  assert_error (errors, 3, KT_TMPL_ERROR_UNKNOWN_VARIABLE, 3, 12, "Unknown variable “nam”");
  assert_error (errors, 4, KT_TMPL_ERROR_UNKNOWN_VARIABLE, 3, 41, "Unknown variable “invoice.number.x”");
}

static void
test_limits_depth (void)
{
  g_autoptr(GString) ok = g_string_new (NULL);
  g_autoptr(GString) deep = g_string_new (NULL);
  g_autoptr(GString) very_deep = g_string_new (NULL);
  g_autoptr(GPtrArray) errors = NULL;
  g_autoptr(KtTmpl) tmpl = NULL;

  for (guint i = 0; i < KT_TMPL_MAX_DEPTH; i++)
    g_string_append (ok, "{{#a}}");
  g_string_append (ok, "{{x}}");
  for (guint i = 0; i < KT_TMPL_MAX_DEPTH; i++)
    g_string_append (ok, "{{/a}}");
  tmpl = kt_tmpl_parse (ok->str, -1, NULL, &errors);
  g_assert_null (errors);
  g_assert_nonnull (tmpl);

  for (guint i = 0; i <= KT_TMPL_MAX_DEPTH; i++)
    g_string_append (deep, "{{#a}}");
  for (guint i = 0; i <= KT_TMPL_MAX_DEPTH; i++)
    g_string_append (deep, "{{/a}}");
  errors = parse_errors (deep->str, -1, NULL);
  g_assert_cmpuint (errors->len, ==, 1);
  assert_error (errors, 0, KT_TMPL_ERROR_LIMIT, 1, 6 * KT_TMPL_MAX_DEPTH + 1,
                "Sections are nested more than 32 deep");
  g_clear_pointer (&errors, g_ptr_array_unref);

  /* A hundred thousand open sections: one error, no deep recursion. */
  for (guint i = 0; i < 100000; i++)
    g_string_append (very_deep, "{{^a}}");
  errors = parse_errors (very_deep->str, -1, NULL);
  g_assert_cmpuint (errors->len, ==, KT_TMPL_MAX_DEPTH + 1);
  assert_error (errors, 0, KT_TMPL_ERROR_LIMIT, 1, 6 * KT_TMPL_MAX_DEPTH + 1,
                "Sections are nested more than 32 deep");
  assert_error (errors, 1, KT_TMPL_ERROR_SECTION, 1, 1,
                "Unclosed section “a” opened at line 1, column 1");
}

static void
test_limits_size (void)
{
  g_autofree char *big = g_strnfill (KT_TMPL_MAX_SIZE + 1, 'x');
  g_autoptr(GPtrArray) errors = NULL;
  g_autoptr(GString) many = g_string_new (NULL);
  g_autoptr(KtTmpl) tmpl = NULL;

  errors = parse_errors (big, -1, NULL);
  g_assert_cmpuint (errors->len, ==, 1);
  assert_error (errors, 0, KT_TMPL_ERROR_LIMIT, 1, 1, "The template is larger than 1024 KiB");
  g_clear_pointer (&errors, g_ptr_array_unref);

  big[KT_TMPL_MAX_SIZE] = '\0';
  tmpl = kt_tmpl_parse (big, -1, NULL, &errors);
  g_assert_nonnull (tmpl);

  /* Errors stop being listed after KT_TMPL_MAX_ERRORS. */
  for (guint i = 0; i < 1000; i++)
    g_string_append (many, "}}");
  errors = parse_errors (many->str, -1, NULL);
  g_assert_cmpuint (errors->len, ==, KT_TMPL_MAX_ERRORS);
}

static void
test_limits_render (void)
{
  g_autoptr(GString) json = g_string_new ("{\"list\": [");
  g_autoptr(JsonObject) context = NULL;
  g_autoptr(KtTmpl) loops = NULL;
  g_autoptr(KtTmpl) output = NULL;
  g_autoptr(KtTmpl) text_limit = NULL;
  g_autoptr(GPtrArray) errors = NULL;
  KtTmplRenderOptions small = { .max_output = 1000 };
  char *text;

  for (guint i = 0; i < 1000; i++)
    g_string_append_printf (json, "%s%u", i > 0 ? "," : "", i);
  g_string_append (json, "]}");
  context = context_from (json->str);

  /* A thousand times a thousand times a thousand turns. */
  loops = kt_tmpl_parse ("\n {{#list}}{{#list}}{{#list}}.{{/list}}{{/list}}{{/list}}", -1, NULL, NULL);
  text = kt_tmpl_render (loops, context, NULL, &errors);
  g_assert_null (text);
  g_assert_cmpuint (errors->len, ==, 1);
  assert_error (errors, 0, KT_TMPL_ERROR_LIMIT, 2, 20, "Lists repeat more than 100000 times in all");
  g_clear_pointer (&errors, g_ptr_array_unref);

  output = kt_tmpl_parse ("{{#list}}{{.}} and some text{{/list}}", -1, NULL, NULL);
  text = kt_tmpl_render (output, context, &small, &errors);
  g_assert_null (text);
  g_assert_cmpuint (errors->len, ==, 1);
  g_assert_cmpint (((KtTmplError *) errors->pdata[0])->kind, ==, KT_TMPL_ERROR_LIMIT);
  g_assert_cmpstr (((KtTmplError *) errors->pdata[0])->message, ==, "The text would be longer than 0 KiB");
  g_clear_pointer (&errors, g_ptr_array_unref);

  /* Template text crosses the limit too, and the error is at that text,
   * not at line 0 (fuzz/regressions/tmpl/output-limit-in-text). */
  text_limit = kt_tmpl_parse ("ред {{#list}}ж\n<br/>{{/list}}", -1, NULL, NULL);
  text = kt_tmpl_render (text_limit, context, &small, &errors);
  g_assert_null (text);
  g_assert_cmpuint (errors->len, ==, 1);
  assert_error (errors, 0, KT_TMPL_ERROR_LIMIT, 1, 14, "The text would be longer than 0 KiB");
}

static void
test_invalid_utf8 (void)
{
  g_autoptr(GPtrArray) errors = NULL;
  g_autoptr(KtTmpl) tmpl = NULL;
  g_autoptr(JsonObject) context = json_object_new ();
  g_autofree char *text = NULL;

  errors = parse_errors ("ред\nяя\xff{{x}}", -1, NULL);
  g_assert_cmpuint (errors->len, ==, 1);
  assert_error (errors, 0, KT_TMPL_ERROR_ENCODING, 2, 3, "The template is not valid UTF-8 here");
  g_clear_pointer (&errors, g_ptr_array_unref);

  /* A NUL inside the given length is refused too. */
  errors = parse_errors ("ab\0{{x}}", 8, NULL);
  assert_error (errors, 0, KT_TMPL_ERROR_ENCODING, 1, 3, "The template is not valid UTF-8 here");
  g_clear_pointer (&errors, g_ptr_array_unref);

  /* A value with bad bytes prints them as U+FFFD, escaped as usual,
   * and so do the filters that change case. */
  json_object_set_string_member (context, "bad", "a\xc3<\xff");
  tmpl = kt_tmpl_parse ("{{bad}}|{{bad | upper}}|{{{bad}}}", -1, NULL, NULL);
  text = kt_tmpl_render (tmpl, context, NULL, &errors);
  g_assert_null (errors);
  g_assert_cmpstr (text, ==, "a\ufffd&lt;\ufffd|A\ufffd&lt;\ufffd|a\ufffd<\ufffd");
}

static void
test_huge_numbers (void)
{
  g_autofree char *max_words = kt_money_in_words (G_MAXINT64, "EUR", "en");
  g_autofree char *expected = g_strdup_printf ("€92,233,720,368,547,758.07|-€92,233,720,368,547,758.08|%s",
                                               max_words);
  g_autoptr(GPtrArray) errors = NULL;
  KtTmplRenderOptions en = { .language = "en" };
  g_autofree char *text = NULL;

  text = render_with ("{{max | money}}|{{min | money}}|{{max | words}}",
                      "{\"max\": 9223372036854775807, \"min\": -9223372036854775808}", &en);
  g_assert_cmpstr (text, ==, expected);
  /* Past int64, as text: not a number of minor units. */
  assert_renders ("{{big | money | default:\"?\"}}{{list.999999999 | default:\"!\"}}",
                  "{\"big\": \"9223372036854775808\", \"list\": [1]}", "?!");
  assert_renders ("{{d | date | default:\"bad\"}}", "{\"d\": \"2026-02-30\"}", "bad");
  assert_renders ("{{n}}", "{\"n\": 1e308}", "1e+308");
  /* A number that is not whole minor units is not an amount. */
  assert_renders ("{{n | money | default:\"-\"}}{{h | number | default:\"-\"}}",
                  "{\"n\": 1e308, \"h\": 0.5}", "--");
  g_clear_pointer (&text, g_free);
  text = render_with ("{{min | words}}|{{min | number}}",
                      "{\"min\": -9223372036854775808}", &en);
  g_assert_true (g_str_has_prefix (text, "minus "));
  g_assert_true (g_str_has_suffix (text, "|-92,233,720,368,547,758.08"));
  errors = parse_errors ("{{list.99999999999}}", -1, NULL);
  assert_error (errors, 0, KT_TMPL_ERROR_SYNTAX, 1, 3, "“list.99999999999” is not a variable name");
}

static void
test_threads_share (void)
{
  /* One compiled template, rendered twice over different contexts, is
   * unchanged by rendering. */
  g_autoptr(KtTmpl) tmpl = kt_tmpl_parse ("{{#items}}{{d}}{{/items}}", -1, NULL, NULL);
  g_autoptr(JsonObject) a = context_from ("{\"items\": [{\"d\": \"1\"}]}");
  g_autoptr(JsonObject) b = context_from ("{\"items\": [{\"d\": \"2\"}, {\"d\": \"3\"}]}");
  g_autofree char *ta = kt_tmpl_render (tmpl, a, NULL, NULL);
  g_autofree char *tb = kt_tmpl_render (tmpl, b, NULL, NULL);
  g_autofree char *ta2 = kt_tmpl_render (tmpl, a, NULL, NULL);

  g_assert_cmpstr (ta, ==, "1");
  g_assert_cmpstr (tb, ==, "23");
  g_assert_cmpstr (ta2, ==, "1");
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/tmpl/values", test_values);
  g_test_add_func ("/tmpl/escaping", test_escaping);
  g_test_add_func ("/tmpl/sections", test_sections);
  g_test_add_func ("/tmpl/loops", test_loops);
  g_test_add_func ("/tmpl/filters", test_filters);
  g_test_add_func ("/tmpl/missing", test_missing);
  g_test_add_func ("/tmpl/error-positions", test_error_positions);
  g_test_add_func ("/tmpl/catalogue", test_catalogue);
  g_test_add_func ("/tmpl/limits/depth", test_limits_depth);
  g_test_add_func ("/tmpl/limits/size", test_limits_size);
  g_test_add_func ("/tmpl/limits/render", test_limits_render);
  g_test_add_func ("/tmpl/invalid-utf8", test_invalid_utf8);
  g_test_add_func ("/tmpl/huge-numbers", test_huge_numbers);
  g_test_add_func ("/tmpl/reuse", test_threads_share);

  return g_test_run ();
}
