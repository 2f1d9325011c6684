/* fuzz-ai-answer.c: what a model answers to a structured action, as the
 * client takes it (shared/kt-ai-schema.c, client/core/kt-ai-filter.c)
 *
 * The first byte of the input picks the action, the rest is the answer's
 * "result" as JSON text. It is checked against the action's schema (the
 * server and the client run the same check); a smart_search result that
 * passes becomes a filter, the filter a query, and the query runs on a
 * real store: model output never reaches SQL but as a KtQuery's bound
 * values. Beyond not crashing: a refusal has a message; an accepted
 * filter's query either runs or is refused with a message, and a query
 * that was built runs without an SQL error.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gstdio.h>

#include "kt-fuzz.h"

#include "kantora-shared.h"
#include "kt-ai-filter.h"
#include "kt-ai-schema.h"

static KtStore *store;
static char *store_dir;

static void
remove_store (void)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  g_clear_object (&store);
  dir = g_dir_open (store_dir, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (store_dir, name, NULL);

      g_unlink (path);
    }
  g_rmdir (store_dir);
}

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  kt_fuzz_init ();
  store_dir = g_dir_make_tmp ("kt-fuzz-ai-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (store_dir, "store.db", NULL);
  store = kt_store_open (path, &error);
  g_assert_no_error (error);
  atexit (remove_store);
  return 0;
}

static void
check_message (GError *error)
{
  if (error == NULL || error->message[0] == '\0' || !g_utf8_validate (error->message, -1, NULL))
    g_error ("refused without a message, or one that is not UTF-8");
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  const char * const *names = kt_ai_action_names ();
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(JsonObject) schema = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(KtAiFilter) filter = NULL;
  g_autoptr(KtQuery) query = NULL;
  const KtAiAction *action;
  JsonNode *result;
  guint n_names;

  if (size < 1)
    return 0;
  n_names = g_strv_length ((char **) names);
  action = kt_ai_action_find (names[data[0] % n_names]);
  if (!json_parser_load_from_data (parser, (const char *) data + 1, (gssize) size - 1, NULL))
    return 0;
  result = json_parser_get_root (parser);
  /* An empty text parses to no node at all; the client refuses an answer
   * without a result before it reaches the check. */
  if (result == NULL)
    return 0;

  schema = kt_ai_action_schema (action);
  if (!kt_ai_schema_validate (schema, result, &error))
    {
      check_message (error);
      return 0;
    }
  if (error != NULL)
    g_error ("valid with an error: %s", error->message);
  if (!g_str_equal (action->name, "smart_search"))
    return 0;
  if (!JSON_NODE_HOLDS_OBJECT (result))
    g_error ("the schema let a non-object through");

  filter = kt_ai_filter_new_from_json (json_node_get_object (result), &error);
  if (filter == NULL)
    {
      check_message (error);
      return 0;
    }
  query = kt_ai_filter_to_query (filter, &error);
  if (query == NULL)
    {
      check_message (error);
      return 0;
    }
  if (kt_store_count (store, query, &error) < 0)
    g_error ("a query built from a checked filter failed: %s", error->message);
  return 0;
}
