/* fuzz-sync-page.c: the pull's page reader (client/sync/kt-sync-page.c)
 *
 * The bytes are the body of a /v1/sync/pull answer. They take the
 * puller's path (run_job() in kt-sync-puller.c): the JSON guard, then the
 * reader that reads the page straight from its text. The reader must
 * never read past the bytes, and a page it takes must be the page
 * json-glib reads: the same envelope, the same changes, and every scalar
 * member of a record the value json-glib holds for it. Records are then
 * read whole from their text as the store does for those it merges.
 *
 * The input is copied into a buffer of its own length, so a read past
 * the end is an AddressSanitizer error. The puller's peek at a page's
 * opening bytes (kt_sync_page_peek_cursor(), after kt_http_peek()) gets
 * every input too.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "kt-fuzz.h"

#include <string.h>

#include "kantora-shared.h"
#include "kt-http-client.h"
#include "kt-json-guard.h"
#include "kt-store-sync.h"
#include "kt-sync-engine-private.h"
#include "kt-sync-page.h"

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  kt_fuzz_init ();
  return 0;
}

/* Whether @member (read by the reader) holds what @node holds. */
static gboolean
same_value (const KtSyncMember *member,
            JsonNode           *node)
{
  switch (member->kind)
    {
    case KT_SYNC_VALUE_NULL:
      return JSON_NODE_HOLDS_NULL (node);
    case KT_SYNC_VALUE_TRUE:
    case KT_SYNC_VALUE_FALSE:
      return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_BOOLEAN &&
             json_node_get_boolean (node) == (member->kind == KT_SYNC_VALUE_TRUE);
    case KT_SYNC_VALUE_INT:
      return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_INT64 &&
             json_node_get_int (node) == member->number;
    case KT_SYNC_VALUE_STRING:
      return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING &&
             strcmp (json_node_get_string (node), member->text) == 0;
    case KT_SYNC_VALUE_OBJECT:
      return JSON_NODE_HOLDS_OBJECT (node);
    case KT_SYNC_VALUE_JSON:
    default:
      {
        g_autoptr(JsonNode) own = kt_store_sync_parse_json (member->text, member->len);

        return own != NULL && json_node_equal (own, node);
      }
    }
}

/* Only the last of a name counts, as in json-glib's objects. */
static gboolean
is_last_of_name (const KtSyncMember *members,
                 guint               n,
                 guint               i)
{
  for (guint j = i + 1; j < n; j++)
    if (strcmp (members[j].name, members[i].name) == 0)
      return FALSE;
  return TRUE;
}

static void
check_members (const KtSyncMember *members,
               guint               n,
               JsonObject         *object)
{
  if (json_object_get_size (object) > n)
    g_error ("the reader lost members of a record");
  for (guint i = 0; i < n; i++)
    {
      JsonNode *node;

      if (!is_last_of_name (members, n, i))
        continue;
      node = json_object_get_member (object, members[i].name);
      if (node == NULL || !same_value (&members[i], node))
        g_error ("the reader read member \"%s\" differently", members[i].name);
      if (members[i].kind == KT_SYNC_VALUE_OBJECT)
        check_members (members[i].members, members[i].n_members, json_node_get_object (node));
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autofree char *text = g_memdup2 (data, size);
  g_autoptr(KtSyncPage) page = NULL;
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GArray) changes = NULL;
  g_autoptr(GError) error = NULL;
  KtSyncPageHeader header;
  JsonArray *array;
  gint64 peeked = -1;
  gboolean did_peek;

  /* The puller's peek at the opening bytes, raw and through
   * kt_http_peek() (which inflates a gzipped page alone): never past the
   * end, never a negative cursor. */
  did_peek = kt_sync_page_peek_cursor (text, size, &peeked);
  if (did_peek && peeked < 0)
    g_error ("the peek read a negative cursor");
  {
    g_autoptr(GBytes) bytes = g_bytes_new_static (data, size);
    char opening[KT_SYNC_PAGE_PEEK_SIZE];
    gsize len = kt_http_peek (bytes, opening, sizeof opening);
    gint64 inflated = -1;

    if (len > sizeof opening)
      g_error ("kt_http_peek() wrote past its buffer");
    if (kt_sync_page_peek_cursor (opening, len, &inflated) && inflated < 0)
      g_error ("the peek read a negative cursor");
  }

  /* Unguarded too: whatever it returns, it must not read past the end. */
  page = kt_sync_page_read (NULL, text, size);

  if (size == 0 || !kt_json_guard_check (text, size, KT_JSON_GUARD_MAX_DEPTH, NULL))
    return 0;
  /* Into the buffers of that read, as the pull reads page after page. */
  page = kt_sync_page_read (g_steal_pointer (&page), text, size);
  if (page == NULL)
    return 0;

  parser = json_parser_new_immutable ();
  changes = g_array_new (FALSE, FALSE, sizeof (KtSyncChange));
  if (!json_parser_load_from_data (parser, text, (gssize) size, &error) ||
      !kt_sync_pull_read_envelope (json_parser_get_root (parser), &header, &array, &error) ||
      !kt_sync_pull_read_changes (array, changes, &error))
    g_error ("the reader took a page json-glib refuses: %s", error->message);

  if (page->header.cursor != header.cursor || page->header.head != header.head ||
      page->header.has_more != header.has_more || page->header.reset != header.reset ||
      (page->header.members == NULL) != (header.members == NULL) ||
      (page->header.subscription == NULL) != (header.subscription == NULL) ||
      page->changes->len != changes->len)
    g_error ("the reader read another envelope than json-glib");

  for (guint i = 0; i < changes->len; i++)
    {
      const KtSyncChange *flat = &g_array_index (page->changes, KtSyncChange, i);
      const KtSyncChange *tree = &g_array_index (changes, KtSyncChange, i);
      g_autoptr(JsonNode) whole = kt_store_sync_parse_json (flat->text, flat->len);

      if (flat->entity != tree->entity || flat->record != NULL)
        g_error ("the reader read another change than json-glib");
      if (whole == NULL || !json_node_equal (whole, tree->record))
        g_error ("a record's text is not the record");
      check_members (flat->members, flat->n_members, json_node_get_object (tree->record));
    }
  return 0;
}
