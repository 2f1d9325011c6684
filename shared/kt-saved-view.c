/* kt-saved-view.c: a person's saved views of a list pane
 *
 * A saved view is what a list pane showed (its search text, filters,
 * sort and visible columns) under a name, listed in the sidebar under
 * its section. It is its owner's alone: the server sends it to no other
 * member and lets no other member change it (KT_ENTITY_PRIVATE).
 *
 * The state is a JSON object that a pane reads as far as it knows it
 * (a newer client's keys are ignored, never refused), so only its size
 * and the types of the keys every pane knows are checked here:
 *
 *   { "search": "…", "sort": "-name", "columns": ["name", …],
 *     "filters": { "tag": "vip", "owner_id": "…", … } }
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-saved-view"

#include "config.h"

#include <glib/gi18n.h>

#include "kt-error.h"
#include "kt-saved-view.h"

/* The lengths of a search text, a sort key, a column or filter name and
 * a filter value, and how many columns and filters a view keeps: more
 * than any pane has, few enough that a bad client cannot fill a store. */
#define TEXT_MAX 200
#define KEY_MAX 64
#define ITEMS_MAX 32

static const char * const view_sections[] = {
  "contacts", "companies", "deals", "tasks", "invoices", "offers", "payments", "activities", NULL
};

static const KtField saved_view_fields[] = {
  { "section", KT_FIELD_ENUM, KT_FIELD_REQUIRED | KT_FIELD_INDEXED, N_("Section"),
    .choices = view_sections },
  { "name", KT_FIELD_TEXT, KT_FIELD_REQUIRED | KT_FIELD_SORTABLE, N_("Name"), .max_length = 80 },
  { "state", KT_FIELD_JSON, KT_FIELD_REQUIRED, N_("State") },
  { NULL }
};

const char * const *
kt_saved_view_sections (void)
{
  return view_sections;
}

static gboolean
is_short_string (JsonNode *node,
                 guint     max)
{
  const char *text;

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return FALSE;
  text = json_node_get_string (node);
  return g_utf8_validate (text, -1, NULL) && g_utf8_strlen (text, -1) <= (glong) max;
}

static gboolean
check_columns (JsonNode *node)
{
  JsonArray *array;

  if (!JSON_NODE_HOLDS_ARRAY (node))
    return FALSE;
  array = json_node_get_array (node);
  if (json_array_get_length (array) > ITEMS_MAX)
    return FALSE;
  for (guint i = 0; i < json_array_get_length (array); i++)
    if (!is_short_string (json_array_get_element (array, i), KEY_MAX))
      return FALSE;
  return TRUE;
}

/* A filter is a name and a short text, number or truth value. */
static gboolean
check_filters (JsonNode *node)
{
  JsonObject *object;
  g_autoptr(GList) members = NULL;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return FALSE;
  object = json_node_get_object (node);
  members = json_object_get_members (object);
  if (g_list_length (members) > ITEMS_MAX)
    return FALSE;
  for (GList *l = members; l != NULL; l = l->next)
    {
      JsonNode *value = json_object_get_member (object, l->data);

      if (g_utf8_strlen (l->data, -1) > KEY_MAX || !JSON_NODE_HOLDS_VALUE (value))
        return FALSE;
      if (json_node_get_value_type (value) == G_TYPE_STRING && !is_short_string (value, TEXT_MAX))
        return FALSE;
    }
  return TRUE;
}

/**
 * kt_saved_view_check_state:
 * @state: a view's "state"
 *
 * Whether @state is a view's state: an object of at most
 * %KT_SAVED_VIEW_STATE_MAX bytes whose "search", "sort", "columns" and
 * "filters", where present, have their shapes. Other keys pass.
 */
gboolean
kt_saved_view_check_state (JsonNode  *state,
                           GError   **error)
{
  g_autofree char *text = NULL;
  JsonObject *object;
  JsonNode *member;

  if (state == NULL || !JSON_NODE_HOLDS_OBJECT (state))
    {
      kt_record_set_field_error (error, "state", _("A view’s state must be a JSON object"));
      return FALSE;
    }
  text = json_to_string (state, FALSE);
  /* json-glib reads an octal escape ("\333", not JSON) as a lone byte:
   * a state holding one anywhere, in a member this check does not know
   * too, would be stored and sent on as text that no JSON reader takes. */
  if (!g_utf8_validate (text, -1, NULL))
    {
      kt_record_set_field_error (error, "state", _("A view’s state is not in the form views are saved in"));
      return FALSE;
    }
  if (strlen (text) > KT_SAVED_VIEW_STATE_MAX)
    {
      kt_record_set_field_error (error, "state", _("A view’s state may take at most %u bytes"),
                                 (guint) KT_SAVED_VIEW_STATE_MAX);
      return FALSE;
    }

  /* Nor may it hold a number json-glib read as infinite ("1e999") or not
   * a number: it writes those as "inf" and "nan", which no JSON reader
   * takes back. What it writes must read back (fuzz-saved-view found
   * it). */
  {
    g_autoptr(JsonParser) parser = json_parser_new_immutable ();

    if (!json_parser_load_from_data (parser, text, -1, NULL))
      {
        kt_record_set_field_error (error, "state", _("A view’s state is not in the form views are saved in"));
        return FALSE;
      }
  }

  object = json_node_get_object (state);
  if (((member = json_object_get_member (object, "search")) != NULL && !is_short_string (member, TEXT_MAX)) ||
      ((member = json_object_get_member (object, "sort")) != NULL && !is_short_string (member, KEY_MAX)) ||
      ((member = json_object_get_member (object, "columns")) != NULL && !check_columns (member)) ||
      ((member = json_object_get_member (object, "filters")) != NULL && !check_filters (member)))
    {
      kt_record_set_field_error (error, "state", _("A view’s state is not in the form views are saved in"));
      return FALSE;
    }
  return TRUE;
}

static gboolean
validate_saved_view (const KtEntity *entity,
                     KtRecord       *record,
                     GError        **error)
{
  return kt_saved_view_check_state (kt_record_get_node (record, "state"), error);
}

const KtEntity kt_saved_view_entity = {
  .name = "saved_view",
  .plural = "saved_views",
  .label = N_("Saved View"),
  .flags = KT_ENTITY_SYNCED | KT_ENTITY_PRIVATE,
  .fields = saved_view_fields,
  .title_fields = "name",
  .default_sort = "name",
  .validate = validate_saved_view,
};
