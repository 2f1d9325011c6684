/* test-pull-page.c: the client's reading of a pulled page, without a server
 *
 * kt_sync_pull_read_envelope() and kt_sync_pull_read_changes() are what a
 * pull runs on each page before the store sees it (and what
 * fuzz/fuzz-sync-pull.c runs); these tests pin what they accept and that a
 * broken page is a protocol error, not a crash or a partial page.
 *
 * The page reader (kt-sync-page.c) reads pages straight from their text;
 * it must store exactly what the json-glib path stores, leave to that
 * path every page it does not take, and never read past a page cut
 * short or broken anywhere.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "kantora-shared.h"
#include "kt-http-client.h"
#include "kt-json-guard.h"
#include "kt-store-private.h"
#include "kt-store-sync.h"
#include "kt-sync-engine-private.h"
#include "kt-sync-page.h"

#define RECORD "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5c"

static void
test_envelope (void)
{
  g_autoptr(JsonNode) root = json_from_string ("{\"cursor\":2000,\"head\":104211,\"has_more\":true,"
                                               "\"reset\":false,\"changes\":[]}", NULL);
  g_autoptr(JsonNode) minimal = json_from_string ("{\"cursor\":7,\"changes\":[]}", NULL);
  static const char * const bad[] = {
    "[]", "null", "{\"changes\":[]}", "{\"cursor\":-1,\"changes\":[]}", "{\"cursor\":1}",
    "{\"cursor\":1,\"changes\":{}}",
    /* Found while writing fuzz/fuzz-sync-pull.c: members of the wrong type
     * read as 0 or FALSE (a pull from 0 again, or one that stops early). */
    "{\"cursor\":\"1\",\"changes\":[]}", "{\"cursor\":1.5,\"changes\":[]}",
    "{\"cursor\":null,\"changes\":[]}", "{\"cursor\":1,\"head\":\"9\",\"changes\":[]}",
    "{\"cursor\":1,\"has_more\":\"true\",\"changes\":[]}", "{\"cursor\":1,\"reset\":1,\"changes\":[]}",
  };
  g_autoptr(GError) error = NULL;
  KtSyncPageHeader page;
  JsonArray *changes = NULL;

  g_assert_true (kt_sync_pull_read_envelope (root, &page, &changes, &error));
  g_assert_no_error (error);
  g_assert_cmpint (page.cursor, ==, 2000);
  g_assert_cmpint (page.head, ==, 104211);
  g_assert_true (page.has_more);
  g_assert_false (page.reset);
  g_assert_cmpuint (json_array_get_length (changes), ==, 0);

  /* Without head, the page is the head; without flags, the last page;
   * without members, no change of the team. */
  g_assert_true (kt_sync_pull_read_envelope (minimal, &page, &changes, &error));
  g_assert_cmpint (page.head, ==, 7);
  g_assert_false (page.has_more);
  g_assert_null (page.members);

  {
    g_autoptr(JsonNode) with = json_from_string ("{\"cursor\":7,\"changes\":[],\"members\":[{}]}", NULL);
    g_autoptr(JsonNode) wrong = json_from_string ("{\"cursor\":7,\"changes\":[],\"members\":{}}", NULL);

    g_assert_true (kt_sync_pull_read_envelope (with, &page, &changes, &error));
    g_assert_nonnull (page.members);
    g_assert_cmpuint (json_array_get_length (page.members), ==, 1);
    g_assert_false (kt_sync_pull_read_envelope (wrong, &page, &changes, &error));
    g_assert_error (error, KT_SYNC_ERROR, KT_SYNC_ERROR_PROTOCOL);
    g_clear_error (&error);
  }

  /* Found by fuzz/fuzz-sync-pull.c: a body of white space parses to no
   * root, which was a critical warning. */
  {
    g_autoptr(JsonParser) parser = json_parser_new_immutable ();

    g_assert_true (json_parser_load_from_data (parser, "\t", 1, NULL));
    g_assert_false (kt_sync_pull_read_envelope (json_parser_get_root (parser), &page, &changes, &error));
    g_assert_error (error, KT_SYNC_ERROR, KT_SYNC_ERROR_PROTOCOL);
    g_clear_error (&error);
  }

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(JsonNode) node = json_from_string (bad[i], NULL);

      g_test_message ("%s", bad[i]);
      g_assert_false (kt_sync_pull_read_envelope (node, &page, &changes, &error));
      g_assert_error (error, KT_SYNC_ERROR, KT_SYNC_ERROR_PROTOCOL);
      g_clear_error (&error);
    }
}

static void
test_changes (void)
{
  g_autoptr(JsonNode) good = json_from_string ("[{\"seq\":1,\"entity\":\"contact\",\"record\":{\"id\":\"" RECORD "\"}},"
                                               " {\"seq\":2,\"entity\":\"deal\",\"record\":{}}]", NULL);
  static const char * const bad[] = {
    "[1]", "[{\"entity\":\"nosuch\",\"record\":{}}]", "[{\"entity\":\"contact\"}]",
    "[{\"entity\":\"contact\",\"record\":[]}]", "[{\"entity\":7,\"record\":{}}]",
    "[{\"entity\":\"contact\",\"record\":{}}, null]",
    /* Found by fuzz/fuzz-sync-pull.c: a critical warning in json-glib. */
    "[{\"entity\":{\"id\":1},\"record\":{}}]", "[{\"entity\":[],\"record\":{}}]",
  };
  g_autoptr(GArray) changes = g_array_new (FALSE, FALSE, sizeof (KtSyncChange));
  g_autoptr(GError) error = NULL;

  g_assert_true (kt_sync_pull_read_changes (json_node_get_array (good), changes, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (changes->len, ==, 2);
  g_assert_cmpstr (g_array_index (changes, KtSyncChange, 0).entity->name, ==, "contact");
  g_assert_cmpstr (g_array_index (changes, KtSyncChange, 1).entity->name, ==, "deal");
  g_assert_true (JSON_NODE_HOLDS_OBJECT (g_array_index (changes, KtSyncChange, 0).record));

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(JsonNode) node = json_from_string (bad[i], NULL);
      g_autoptr(GArray) some = g_array_new (FALSE, FALSE, sizeof (KtSyncChange));

      g_test_message ("%s", bad[i]);
      g_assert_false (kt_sync_pull_read_changes (json_node_get_array (node), some, &error));
      g_assert_error (error, KT_SYNC_ERROR, KT_SYNC_ERROR_PROTOCOL);
      g_clear_error (&error);
    }
}

#define CLOCK "2026-12-07T12:49:43.383Z-0000-e00e6dcaf457ebfa"
#define CLOCK2 "2026-12-07T12:50:00.000Z-0000-e00e6dcaf457ebfa"
#define COMPANY "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5d"
#define DEAL "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5e"
#define ORG "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a00"

/* One contact as the server sends it, with @extra members before the end. */
#define CONTACT(id, hlc, extra) \
  "{\"seq\":1,\"entity\":\"contact\",\"record\":{\"id\":\"" id "\",\"org_id\":\"" ORG "\"," \
  "\"created_at\":\"2026-12-07T12:49:43.383Z\",\"updated_at\":\"2026-12-07T12:49:43.383Z\"," \
  "\"hlc\":\"" hlc "\",\"deleted\":false,\"clocks\":{\"first_name\": \"" hlc "\", \"city\": \"" CLOCK "\"}" \
  extra "}}"

/* Pages the reader takes, each exercising a kind of value. */
static const char * const flat_pages[] = {
  "{\"cursor\":3,\"head\":9,\"has_more\":true,\"reset\":false,\"changes\":["
  CONTACT (RECORD, CLOCK, ",\"first_name\":\"Ivan\",\"last_name\":\"Петров\",\"city\":null,"
           "\"reminders_opt_out\":true,\"company_id\":\"" COMPANY "\"") ","
  "{\"seq\":2,\"entity\":\"company\",\"record\":{\"id\":\"" COMPANY "\",\"hlc\":\"" CLOCK "\","
  "\"name\":\"A \\\"quoted\\\" \\\\ name\\n\\t\\/\",\"employee_count\":-42,\"annual_revenue\":9223372036854775807}},"
  "{\"seq\":3,\"entity\":\"deal\",\"record\":{\"id\":\"" DEAL "\",\"hlc\":\"" CLOCK "\",\"title\":\"D\","
  "\"value\":123456,\"tags\":[\"a\",\"b\\u00e9\"],\"custom\":{\"x\":1,\"y\":{\"z\":[true,null]}},"
  "\"clocks\":null}}]}",
  /* \u escapes (json-glib decodes those), a fraction where a whole
   * number goes, a member twice, white space everywhere. */
  " { \"cursor\" : 1 , \"changes\" : [ "
  CONTACT (RECORD, CLOCK, " , \"first_name\" : \"Jos\\u00e9 \\ud83d\\ude00\" , \"last_name\":\"X\",\"last_name\":\"Y\"")
  " ] } ",
  /* A record the codec refuses (a string where a number goes). */
  "{\"cursor\":1,\"changes\":[{\"entity\":\"deal\",\"record\":{\"id\":\"" DEAL "\",\"value\":\"12\"}}]}",
  "{\"cursor\":1,\"changes\":[{\"entity\":\"deal\",\"record\":{\"id\":\"" DEAL "\",\"value\":1.5}}]}",
  /* A field this client does not know; clocks with an object inside. */
  "{\"cursor\":1,\"changes\":[" CONTACT (RECORD, CLOCK, ",\"no_such_field\":1") "]}",
  "{\"cursor\":1,\"changes\":[{\"entity\":\"contact\",\"record\":{\"id\":\"" RECORD "\","
  "\"clocks\":{\"first_name\":{\"a\":1}},\"first_name\":\"Z\"}}]}",
  /* A tombstone, the team, no plan. */
  "{\"cursor\":5,\"head\":5,\"members\":[{\"id\":\"" ORG "\",\"name\":\"N\",\"role\":\"owner\"}],"
  "\"subscription\":null,\"changes\":[{\"entity\":\"contact\",\"record\":{\"id\":\"" RECORD "\","
  "\"hlc\":\"" CLOCK2 "\",\"deleted\":true,\"clocks\":{\"deleted\":\"" CLOCK2 "\"}}}]}",
};

/* Every row of the tables a page writes, and the history, as text. */
static char *
dump (KtStore *store)
{
  static const char * const sql[] = {
    "SELECT * FROM contacts ORDER BY id", "SELECT * FROM companies ORDER BY id",
    "SELECT * FROM deals ORDER BY id",
    "SELECT entity, record_id, field, old_value, new_value, old_hlc, new_hlc FROM record_history ORDER BY id",
    "SELECT key, value FROM kt_meta WHERE key LIKE 'sync.%' OR key = 'hlc_last' ORDER BY key",
  };
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (sql); i++)
    {
      sqlite3_stmt *stmt = NULL;

      g_assert_cmpint (sqlite3_prepare_v2 (kt_store_get_db (store), sql[i], -1, &stmt, NULL), ==, SQLITE_OK);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          for (int c = 0; c < sqlite3_column_count (stmt); c++)
            g_string_append_printf (out, "%s=%s|", sqlite3_column_name (stmt, c),
                                    sqlite3_column_type (stmt, c) == SQLITE_NULL
                                    ? "NULL" : (const char *) sqlite3_column_text (stmt, c));
          g_string_append_c (out, '\n');
        }
      sqlite3_finalize (stmt);
    }
  return g_string_free (out, FALSE);
}

typedef struct {
  char    *dir;
  KtStore *stores[2];   /* [0] through the reader, [1] through json-glib */
} Pair;

static void
pair_init (Pair *pair)
{
  g_autoptr(GError) error = NULL;

  pair->dir = g_dir_make_tmp ("kt-pull-page-XXXXXX", &error);
  g_assert_no_error (error);
  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *name = g_strdup_printf ("store%u.db", i);
      g_autofree char *path = g_build_filename (pair->dir, name, NULL);

      pair->stores[i] = kt_store_open (path, &error);
      g_assert_no_error (error);
    }
}

static void
pair_clear (Pair *pair)
{
  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *path = g_strdup (kt_store_get_path (pair->stores[i]));
      const char *suffixes[] = { "", "-wal", "-shm" };

      g_assert_finalize_object (pair->stores[i]);
      for (guint j = 0; j < G_N_ELEMENTS (suffixes); j++)
        {
          g_autofree char *file = g_strconcat (path, suffixes[j], NULL);

          g_remove (file);
        }
    }
  g_rmdir (pair->dir);
  g_free (pair->dir);
}

/* @text through both paths into the pair's stores: both must read the
 * same header and changes, and apply them with the same outcome. */
static void
apply_both (Pair       *pair,
            const char *text)
{
  gsize len = strlen (text);
  g_autoptr(KtSyncPage) page = NULL;
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GArray) changes = g_array_new (FALSE, FALSE, sizeof (KtSyncChange));
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) flat_error = NULL;
  KtSyncPageHeader header;
  JsonArray *array;
  gboolean flat_ok, tree_ok;

  g_test_message ("%s", text);
  g_assert_true (kt_json_guard_check (text, len, KT_JSON_GUARD_MAX_DEPTH, NULL));
  /* Into the buffers of another page's read, as the pull does. */
  page = kt_sync_page_read (kt_sync_page_read (NULL, flat_pages[0], strlen (flat_pages[0])), text, len);
  g_assert_nonnull (page);
  g_assert_true (json_parser_load_from_data (parser, text, (gssize) len, NULL));
  g_assert_true (kt_sync_pull_read_envelope (json_parser_get_root (parser), &header, &array, &error));
  g_assert_true (kt_sync_pull_read_changes (array, changes, &error));

  g_assert_cmpint (page->header.cursor, ==, header.cursor);
  g_assert_cmpint (page->header.head, ==, header.head);
  g_assert_cmpint (page->header.has_more, ==, header.has_more);
  g_assert_cmpint (page->header.reset, ==, header.reset);
  g_assert_cmpint (page->header.members != NULL, ==, header.members != NULL);
  g_assert_cmpint (page->header.subscription != NULL, ==, header.subscription != NULL);
  g_assert_cmpuint (page->changes->len, ==, changes->len);
  for (guint i = 0; i < changes->len; i++)
    {
      const KtSyncChange *flat = &g_array_index (page->changes, KtSyncChange, i);

      g_assert_true (flat->entity == g_array_index (changes, KtSyncChange, i).entity);
      g_assert_null (flat->record);
    }

  flat_ok = kt_store_sync_apply_changes (pair->stores[0], (KtSyncChange *) (gpointer) page->changes->data,
                                         page->changes->len, page->header.cursor, NULL, &flat_error);
  tree_ok = kt_store_sync_apply_changes (pair->stores[1], (KtSyncChange *) (gpointer) changes->data,
                                         changes->len, header.cursor, NULL, &error);
  g_assert_cmpint (flat_ok, ==, tree_ok);
  if (!tree_ok)
    {
      g_assert_cmpstr (flat_error->message, ==, error->message);
      g_assert_true (flat_error->domain == error->domain && flat_error->code == error->code);
    }
}

static void
assert_same_stores (Pair *pair)
{
  g_autofree char *flat = dump (pair->stores[0]);
  g_autofree char *tree = dump (pair->stores[1]);

  g_assert_cmpstr (flat, ==, tree);
}

static void
test_reader_stores_the_same (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (flat_pages); i++)
    {
      Pair pair;

      pair_init (&pair);
      apply_both (&pair, flat_pages[i]);
      assert_same_stores (&pair);
      if (i == 0)
        {
          g_autofree char *rows = dump (pair.stores[0]);

          /* Every kind of value arrived. */
          g_assert_nonnull (strstr (rows, "last_name=Петров|"));
          g_assert_nonnull (strstr (rows, "name=A \"quoted\" \\ name\n\t/|"));
          g_assert_nonnull (strstr (rows, "annual_revenue=9223372036854775807|"));
          g_assert_nonnull (strstr (rows, "tags=[\"a\",\"bé\"]|"));
          g_assert_nonnull (strstr (rows, "reminders_opt_out=1|"));
        }
      pair_clear (&pair);
    }
}

/* A record the store has takes the merge path from the page's text: the
 * same merge, history and stamps as from the tree. */
static void
test_reader_merges_the_same (void)
{
  Pair pair;

  pair_init (&pair);
  apply_both (&pair, flat_pages[0]);
  apply_both (&pair, "{\"cursor\":4,\"changes\":["
              CONTACT (RECORD, CLOCK2, ",\"first_name\":\"Ivan\",\"last_name\":\"Ivanov\",\"tags\":[\"x\"]")
              "]}");
  apply_both (&pair, flat_pages[1]);
  assert_same_stores (&pair);
  pair_clear (&pair);
}

/* Pages the reader leaves to json-glib: a member of the envelope twice,
 * of another type, an entity it does not know. */
static void
test_reader_leaves (void)
{
  static const char * const pages[] = {
    "{\"cursor\":1,\"cursor\":2,\"changes\":[]}",
    "{\"cursor\":1,\"changes\":[],\"changes\":[]}",
    "{\"cursor\":\"1\",\"changes\":[]}", "{\"cursor\":1.0,\"changes\":[]}", "{\"cursor\":-1,\"changes\":[]}",
    "{\"cursor\":1}", "{\"changes\":[]}", "{\"cursor\":1,\"changes\":{}}", "[]", "null", "{}",
    "{\"cursor\":1,\"has_more\":1,\"changes\":[]}", "{\"cursor\":1,\"members\":{},\"changes\":[]}",
    "{\"cursor\":1,\"subscription\":[],\"changes\":[]}",
    "{\"cursor\":1,\"changes\":[{\"entity\":\"nosuch\",\"record\":{}}]}",
    "{\"cursor\":1,\"changes\":[{\"entity\":\"contact\"}]}",
    "{\"cursor\":1,\"changes\":[{\"entity\":\"contact\",\"entity\":\"deal\",\"record\":{}}]}",
    "{\"cursor\":1,\"changes\":[{\"entity\":\"contact\",\"record\":[]}]}",
    "{\"cursor\":1,\"changes\":[1]}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    {
      g_test_message ("%s", pages[i]);
      g_assert_true (kt_json_guard_check (pages[i], strlen (pages[i]), KT_JSON_GUARD_MAX_DEPTH, NULL));
      g_assert_null (kt_sync_page_read (NULL, pages[i], strlen (pages[i])));
    }
}

/* Keys and values with \u escapes, surrogate pairs included, are decoded
 * (shared/kt-json-scan.c) as json-glib decodes them, where the reader
 * once left such pages and values to json-glib. */
static void
test_reader_decodes_escapes (void)
{
  const char *text = "{\"\\u0063ursor\":7,\"changes\":[{\"entity\":\"contact\",\"record\":"
                     "{\"\\u0069d\":\"x\",\"first_name\":\"\\u0418\\u0432\\u0430\\u043d \\ud83d\\ude00\"}}]}";
  g_autoptr(KtSyncPage) page = NULL;
  const KtSyncChange *change;

  g_assert_true (kt_json_guard_check (text, strlen (text), KT_JSON_GUARD_MAX_DEPTH, NULL));
  page = kt_sync_page_read (NULL, text, strlen (text));
  g_assert_nonnull (page);
  g_assert_cmpint (page->header.cursor, ==, 7);
  g_assert_cmpuint (page->changes->len, ==, 1);
  change = &g_array_index (page->changes, KtSyncChange, 0);
  g_assert_cmpuint (change->n_members, ==, 2);
  g_assert_cmpstr (change->members[0].name, ==, "id");
  g_assert_cmpint (change->members[1].kind, ==, KT_SYNC_VALUE_STRING);
  g_assert_cmpstr (change->members[1].text, ==, "Иван \xf0\x9f\x98\x80");
}

/* Cut anywhere, a page is refused without a read past the cut (the ASan
 * run checks that: each cut is a copy of its own length); broken bytes
 * anywhere are refused or, where the guard takes them, read as json-glib
 * reads them. */
static void
test_reader_split_and_broken (void)
{
  static const char replacements[] = { '"', '\\', '{', '}', '[', ']', ',', ':', '1', 'x', '\0', ' ' };

  for (guint p = 0; p < G_N_ELEMENTS (flat_pages); p++)
    {
      const char *text = flat_pages[p];
      gsize len = strlen (text);

      for (gsize cut = 0; cut < len; cut++)
        {
          g_autofree char *part = g_memdup2 (text, cut);
          g_autoptr(KtSyncPage) page = kt_sync_page_read (NULL, part, cut);

          /* Only white space may go. */
          if (page != NULL)
            g_assert_cmpuint (strspn (text + cut, " \t\r\n"), ==, len - cut);
        }

      for (gsize at = 0; at < len; at++)
        for (guint r = 0; r < G_N_ELEMENTS (replacements); r++)
          {
            g_autofree char *broken = g_memdup2 (text, len);
            g_autoptr(KtSyncPage) page = NULL;

            broken[at] = replacements[r];
            page = kt_sync_page_read (NULL, broken, len);
            if (page != NULL && kt_json_guard_check (broken, len, KT_JSON_GUARD_MAX_DEPTH, NULL))
              {
                g_autoptr(JsonParser) parser = json_parser_new_immutable ();
                g_autoptr(GArray) changes = g_array_new (FALSE, FALSE, sizeof (KtSyncChange));
                KtSyncPageHeader header;
                JsonArray *array;

                g_assert_true (json_parser_load_from_data (parser, broken, (gssize) len, NULL));
                g_assert_true (kt_sync_pull_read_envelope (json_parser_get_root (parser), &header,
                                                           &array, NULL));
                g_assert_true (kt_sync_pull_read_changes (array, changes, NULL));
                g_assert_cmpint (page->header.cursor, ==, header.cursor);
                g_assert_cmpuint (page->changes->len, ==, changes->len);
              }
          }
    }
}

static GBytes *
gzip_bytes (const char *text,
            gsize       len)
{
  g_autoptr(GConverter) compressor = G_CONVERTER (g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP, 6));
  gsize size = len + 1024;
  g_autofree guchar *out = g_malloc (size);
  gsize read = 0, written = 0;

  g_assert_cmpint (g_converter_convert (compressor, text, len, out, size, G_CONVERTER_INPUT_AT_END,
                                        &read, &written, NULL), ==, G_CONVERTER_FINISHED);
  return g_bytes_new (out, written);
}

/* A pulled page comes gzip and is inflated on the worker: as it was
 * sent, up to a limit, and a broken gzip is a protocol error. */
static void
test_gunzip (void)
{
  const char *page = flat_pages[0];
  g_autoptr(GBytes) plain = g_bytes_new_static (page, strlen (page));
  g_autoptr(GBytes) packed = gzip_bytes (page, strlen (page));
  g_autoptr(GBytes) same = NULL;
  g_autoptr(GBytes) inflated = NULL;
  g_autoptr(GBytes) cut = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *zeros = g_malloc0 (1024 * 1024);
  g_autoptr(GBytes) bomb = gzip_bytes (zeros, 1024 * 1024);

  same = kt_http_gunzip (plain, 16, &error);
  g_assert_no_error (error);
  g_assert_true (same == plain);
  g_assert_cmpuint (kt_http_body_size (plain), ==, strlen (page));

  g_assert_cmpuint (kt_http_body_size (packed), ==, strlen (page));
  inflated = kt_http_gunzip (packed, strlen (page), &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (inflated, plain));

  g_assert_null (kt_http_gunzip (packed, strlen (page) - 1, &error));
  g_assert_error (error, KT_SYNC_ERROR, KT_SYNC_ERROR_PROTOCOL);
  g_clear_error (&error);
  g_assert_null (kt_http_gunzip (bomb, 1024 * 1024 - 1, &error));
  g_assert_error (error, KT_SYNC_ERROR, KT_SYNC_ERROR_PROTOCOL);
  g_clear_error (&error);

  cut = g_bytes_new_from_bytes (packed, 0, g_bytes_get_size (packed) / 2);
  g_assert_null (kt_http_gunzip (cut, G_MAXSIZE, &error));
  g_assert_error (error, KT_SYNC_ERROR, KT_SYNC_ERROR_PROTOCOL);
}

/* The puller's peek at a page's opening bytes: only the server's own
 * order, a cursor that fits, more pages to come. */
static void
test_peek_cursor (void)
{
  static const struct {
    const char *text;
    gint64      cursor;   /* -1: not peeked */
  } cases[] = {
    { "{\"cursor\":1003,\"head\":104211,\"has_more\":true,\"changes\":[]}", 1003 },
    { "{\"cursor\":0,\"head\":0,\"has_more\":true,", 0 },
    { "{\"cursor\":9223372036854775807,\"head\":1,\"has_more\":true,", G_MAXINT64 },
    { "{\"cursor\":9223372036854775808,\"head\":1,\"has_more\":true,", -1 },
    { "{\"cursor\":18446744073709551616,\"head\":1,\"has_more\":true,", -1 },
    { "{\"cursor\":-1,\"head\":1,\"has_more\":true,", -1 },
    { "{\"cursor\": 5,\"head\":1,\"has_more\":true,", -1 },
    { "{\"cursor\":5,\"head\":1,\"has_more\":false,", -1 },
    { "{\"head\":1,\"cursor\":5,\"has_more\":true,", -1 },
    { "{\"cursor\":5,\"head\":1,\"has_more\":tru", -1 },
    { "{\"cursor\":5,\"head\":,\"has_more\":true,", -1 },
    { "", -1 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      gint64 cursor = -1;
      gboolean peeked = kt_sync_page_peek_cursor (cases[i].text, strlen (cases[i].text), &cursor);

      g_assert_cmpint (peeked, ==, cases[i].cursor >= 0);
      if (peeked)
        g_assert_cmpint (cursor, ==, cases[i].cursor);
    }

  /* Cut anywhere before "true," it is not peeked; a NUL inside ends it. */
  {
    const char *text = cases[0].text;

    for (gsize len = 0; len < strlen ("{\"cursor\":1003,\"head\":104211,\"has_more\":true,"); len++)
      {
        gint64 cursor = -1;

        g_assert_false (kt_sync_page_peek_cursor (text, len, &cursor));
      }
    g_assert_false (kt_sync_page_peek_cursor ("{\"cursor\":5\0,\"head\":1,\"has_more\":true,", 38, &(gint64) { 0 }));
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/pull-page/envelope", test_envelope);
  g_test_add_func ("/pull-page/peek-cursor", test_peek_cursor);
  g_test_add_func ("/pull-page/changes", test_changes);
  g_test_add_func ("/pull-page/reader-stores-the-same", test_reader_stores_the_same);
  g_test_add_func ("/pull-page/reader-merges-the-same", test_reader_merges_the_same);
  g_test_add_func ("/pull-page/reader-leaves", test_reader_leaves);
  g_test_add_func ("/pull-page/reader-decodes-escapes", test_reader_decodes_escapes);
  g_test_add_func ("/pull-page/reader-split-and-broken", test_reader_split_and_broken);
  g_test_add_func ("/pull-page/gunzip", test_gunzip);

  return g_test_run ();
}
