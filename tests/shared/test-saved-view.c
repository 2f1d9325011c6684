/* test-saved-view.c: the shape and size of a saved view's state
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>

#include "kantora-shared.h"

static KtRecord *
view_with_state (const char *state_json)
{
  g_autofree char *json = g_strdup_printf ("{\"section\":\"contacts\",\"name\":\"VIP\",\"state\":%s}",
                                           state_json);
  g_autoptr(GError) error = NULL;
  KtRecord *record = kt_record_from_json_string (KT_ENTITY_SAVED_VIEW, json, &error);

  g_assert_no_error (error);
  return record;
}

static void
test_state_shapes (void)
{
  static const struct {
    const char *state;
    gboolean    valid;
  } cases[] = {
    { "{}", TRUE },
    { "{\"search\":\"Иван\",\"sort\":\"-name\",\"columns\":[\"name\",\"email\"],"
      "\"filters\":{\"tag\":\"vip\",\"kind\":\"credit_note\",\"overdue\":true,\"n\":3}}", TRUE },
    /* A newer client's key passes: an older pane ignores it. */
    { "{\"search\":\"a\",\"group_by\":{\"field\":\"stage\"}}", TRUE },
    { "{\"search\":3}", FALSE },
    { "{\"sort\":[\"name\"]}", FALSE },
    { "{\"columns\":\"name\"}", FALSE },
    { "{\"columns\":[1]}", FALSE },
    { "{\"filters\":[\"tag\"]}", FALSE },
    { "{\"filters\":{\"tag\":{\"x\":1}}}", FALSE },
    { "{\"filters\":{\"tag\":[\"a\"]}}", FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(KtRecord) view = view_with_state (cases[i].state);
      g_autoptr(GError) error = NULL;
      gboolean valid = kt_record_validate (view, &error);

      g_test_message ("%s", cases[i].state);
      g_assert_cmpint (valid, ==, cases[i].valid);
      if (!valid)
        {
          g_assert_error (error, KT_ERROR, KT_ERROR_INVALID);
          g_assert_cmpstr (kt_record_error_get_field (error), ==, "state");
        }
    }
}

/* json-glib reads the octal escape \333 (not JSON) as a lone byte. The
 * record codec refuses that; the check refuses it on its own too, in a
 * member it does not know (found by fuzz/fuzz-saved-view.c). */
static void
test_state_utf8 (void)
{
  g_autoptr(JsonNode) state = json_from_string ("{\"group_by\":\"a\\333b\"}", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (state);
  g_assert_false (kt_saved_view_check_state (state, &error));
  g_assert_error (error, KT_ERROR, KT_ERROR_INVALID);
  g_assert_cmpstr (kt_record_error_get_field (error), ==, "state");
}

/* json-glib reads "1e999" as infinity and writes it back as "inf", which
 * is not JSON: such a state is refused, in a filter or any other key
 * (fuzz-saved-view found it). 1e300 is finite and kept. */
static void
test_state_infinite_number (void)
{
  static const char * const refused[] = {
    "{\"filters\":{\"amount\":333333333e3333333333333}}",
    "{\"zoom\":-1e999}",
    "{\"nested\":{\"deeper\":[1e400]}}",
  };
  g_autoptr(JsonNode) finite = json_from_string ("{\"filters\":{\"amount\":1e300}}", NULL);

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autoptr(JsonNode) state = json_from_string (refused[i], NULL);
      g_autoptr(GError) error = NULL;

      g_assert_nonnull (state);
      g_assert_false (kt_saved_view_check_state (state, &error));
      g_assert_error (error, KT_ERROR, KT_ERROR_INVALID);
      g_assert_cmpstr (kt_record_error_get_field (error), ==, "state");
    }
  g_assert_true (kt_saved_view_check_state (finite, NULL));
}

static void
test_state_limits (void)
{
  g_autoptr(GString) big = g_string_new ("{\"note\":\"");
  g_autoptr(GString) long_search = g_string_new ("{\"search\":\"");
  g_autoptr(KtRecord) too_big = NULL;
  g_autoptr(KtRecord) too_long = NULL;
  g_autoptr(KtRecord) fits = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *fitting = NULL;

  /* An unknown key is still counted: the limit is on the whole state. */
  for (guint i = 0; i < KT_SAVED_VIEW_STATE_MAX; i++)
    g_string_append_c (big, 'x');
  g_string_append (big, "\"}");
  too_big = view_with_state (big->str);
  g_assert_false (kt_record_validate (too_big, &error));
  g_assert_cmpstr (kt_record_error_get_field (error), ==, "state");
  g_clear_error (&error);

  for (guint i = 0; i < 201; i++)
    g_string_append (long_search, "ж");
  g_string_append (long_search, "\"}");
  too_long = view_with_state (long_search->str);
  g_assert_false (kt_record_validate (too_long, &error));
  g_clear_error (&error);

  /* 200 letters of two bytes each are 200 characters: allowed. */
  fitting = g_strdup_printf ("{\"search\":\"%s", long_search->str + strlen ("{\"search\":\"") + 2);
  fits = view_with_state (fitting);
  g_assert_true (kt_record_validate (fits, &error));
  g_assert_no_error (error);
}

static void
test_private_and_synced (void)
{
  const KtEntity *entity = kt_entity_lookup ("saved_view");

  g_assert_nonnull (entity);
  g_assert_true (entity->flags & KT_ENTITY_SYNCED);
  g_assert_true (entity->flags & KT_ENTITY_PRIVATE);
  /* Only this entity is private: a flag on another would hide a team's
   * shared records from each other. */
  for (const KtEntity * const *e = kt_entity_all (); *e != NULL; e++)
    g_assert_true (((*e)->flags & KT_ENTITY_PRIVATE) == 0 || *e == entity);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/saved-view/state-shapes", test_state_shapes);
  g_test_add_func ("/saved-view/state-limits", test_state_limits);
  g_test_add_func ("/saved-view/state-utf8", test_state_utf8);
  g_test_add_func ("/saved-view/state-infinite-number", test_state_infinite_number);
  g_test_add_func ("/saved-view/private-and-synced", test_private_and_synced);

  return g_test_run ();
}
