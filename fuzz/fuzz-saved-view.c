/* fuzz-saved-view.c: a saved view's state (shared/kt-saved-view.c), as
 * sync and REST hand it in from another device
 *
 * The input is JSON text; what json-glib parses reaches the check. Beyond
 * not crashing: a refusal is a field error on "state" with a message; an
 * accepted state is an object of at most KT_SAVED_VIEW_STATE_MAX bytes
 * whose known members have the shapes the panes read (search and sort a
 * string, columns an array of strings, filters an object of plain values),
 * and written out and parsed again it is accepted again.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "kt-fuzz.h"

#include "kantora-shared.h"

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  kt_fuzz_init ();
  return 0;
}

static gboolean
is_string (JsonNode *node)
{
  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING;
}

static void
check_shapes (JsonObject *state)
{
  JsonNode *member;

  if ((member = json_object_get_member (state, "search")) != NULL && !is_string (member))
    g_error ("search is not a string");
  if ((member = json_object_get_member (state, "sort")) != NULL && !is_string (member))
    g_error ("sort is not a string");
  if ((member = json_object_get_member (state, "columns")) != NULL)
    {
      if (!JSON_NODE_HOLDS_ARRAY (member))
        g_error ("columns is not an array");
      for (guint i = 0; i < json_array_get_length (json_node_get_array (member)); i++)
        if (!is_string (json_array_get_element (json_node_get_array (member), i)))
          g_error ("column %u is not a string", i);
    }
  if ((member = json_object_get_member (state, "filters")) != NULL)
    {
      g_autoptr(GList) values = NULL;

      if (!JSON_NODE_HOLDS_OBJECT (member))
        g_error ("filters is not an object");
      values = json_object_get_values (json_node_get_object (member));
      for (GList *l = values; l != NULL; l = l->next)
        if (!JSON_NODE_HOLDS_VALUE ((JsonNode *) l->data))
          g_error ("a filter is not a plain value");
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) again = NULL;
  g_autofree char *text = NULL;
  JsonNode *state;

  if (!json_parser_load_from_data (parser, (const char *) data, (gssize) size, NULL))
    return 0;
  state = json_parser_get_root (parser);

  if (!kt_saved_view_check_state (state, &error))
    {
      if (error == NULL || error->message[0] == '\0' ||
          g_strcmp0 (kt_record_error_get_field (error), "state") != 0)
        g_error ("refused without a field error on \"state\"");
      if (!g_utf8_validate (error->message, -1, NULL))
        g_error ("the message is not UTF-8");
      return 0;
    }
  if (error != NULL)
    g_error ("accepted with an error: %s", error->message);

  text = json_to_string (state, FALSE);
  if (strlen (text) > KT_SAVED_VIEW_STATE_MAX)
    g_error ("accepted a state of %zu bytes", strlen (text));
  check_shapes (json_node_get_object (state));

  again = json_from_string (text, &error);
  if (again == NULL)
    g_error ("its own JSON does not parse: %s\n%s", error->message, text);
  if (!kt_saved_view_check_state (again, &error))
    g_error ("written and read back, it is refused: %s\n%s", error->message, text);
  return 0;
}
