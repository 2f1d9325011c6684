/* fuzz-typed-text.c: what people type or paste into the client's fields
 *
 * The first byte picks the parser and its options, the rest is the text:
 *
 *   bits 0-2   (modulo 6) 0: a quantity or percentage,
 *              kt_format_parse_decimal(); 1: a date, kt_format_parse_date();
 *              2: a date, a newline and a time, kt_when_parse(); 3: an
 *              invitation link, kt_team_parse_invitation_link(); 4: a CSV
 *              cell for a custom field, kt_custom_field_value_from_text();
 *              5: an organization's reminder steps,
 *              kt_organization_parse_reminder_steps()
 *   bit 3      the UI language: English (0) or Bulgarian (1)
 *   bits 4-7   the parser's option: the decimals (modulo 7), the time zone
 *              of a date or a date and time (bits 4-5: UTC, Europe/Sofia,
 *              America/Los_Angeles, Pacific/Kiritimati; the other parsers
 *              run in UTC) or the custom field's type (modulo 5: text,
 *              number, date, choice, bool)
 *
 * Text from a GtkEditable and from the CSV reader (which refuses the rest)
 * is UTF-8 without NUL: other input is skipped.
 *
 * Beyond not crashing: a refusal has a UTF-8 message (the field's label
 * first, where the parser promises it); what was accepted is written back
 * the way the client shows it for editing and reads back to the same
 * value (a quantity in the UI language's decimal mark; a date as
 * 25.11.2026 in Bulgarian and 2026-11-25 in English; a date and time as
 * kt_when_format() writes them; a link as the Team pane makes it; reminder
 * steps joined with commas), and it keeps the parser's promises (reminder
 * steps ascending, from 1 to 365, at most 10; a custom value passes the
 * custom field check and writes JSON that reads back).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "kt-fuzz.h"

#include "kantora-shared.h"
#include "kt-custom-fields.h"
#include "kt-format.h"
#include "kt-team-join.h"
#include "kt-when.h"

#define RECORD_ID "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b"

enum {
  PARSE_DECIMAL,
  PARSE_DATE,
  PARSE_WHEN,
  PARSE_INVITATION,
  PARSE_CUSTOM_FIELD,
  PARSE_REMINDER_STEPS,
  N_PARSERS
};

static const char * const zones[] = {
  "UTC", "Europe/Sofia", "America/Los_Angeles", "Pacific/Kiritimati"
};
static const char * const field_types[] = { "text", "number", "date", "choice", "bool" };
static const char * const choices[] = { "Web", "Fair", "Препоръка", NULL };

static KtRecord *definitions[G_N_ELEMENTS (field_types)];
static int current_zone = -1;

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  kt_fuzz_init ();
  for (guint i = 0; i < G_N_ELEMENTS (field_types); i++)
    {
      definitions[i] = kt_record_new_with_id (KT_ENTITY_CUSTOM_FIELD, RECORD_ID);
      kt_record_set_string (definitions[i], "target_entity", "contact");
      kt_record_set_string (definitions[i], "key", "f");
      kt_record_set_string (definitions[i], "label", "Поле");
      kt_record_set_string (definitions[i], "field_type", field_types[i]);
      kt_record_set_tags (definitions[i], "choices", choices);
      kt_record_set_int (definitions[i], "position", 0);
    }
  return 0;
}

static void
check_message (const GError *error)
{
  if (error == NULL)
    g_error ("refused without an error");
  if (error->message[0] == '\0' || !g_utf8_validate (error->message, -1, NULL))
    g_error ("refused without a message, or one that is not UTF-8");
}

static void
check_decimal (const char *text,
               guint       decimals)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *written = NULL;
  gint64 value = 0, again = 0;

  if (!kt_format_parse_decimal (text, decimals, &value, &error))
    {
      check_message (error);
      return;
    }
  written = kt_format_decimal (value, decimals);
  if (!kt_format_parse_decimal (written, decimals, &again, &error))
    g_error ("%" G_GINT64_FORMAT " (%u decimals, %s) written as “%s” does not read back: %s",
             value, decimals, kt_format_get_language (), written, error->message);
  if (again != value)
    g_error ("“%s” read as %" G_GINT64_FORMAT ", written as “%s”, read back as %" G_GINT64_FORMAT,
             text, value, written, again);
}

static void
check_date (const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *iso = NULL;
  g_autofree char *again = NULL;
  g_autofree char *shown = NULL;

  if (!kt_format_parse_date (text, &iso, &error))
    {
      check_message (error);
      return;
    }
  if (!kt_date_is_valid (iso))
    g_error ("“%s” read as “%s”, which is not a date", text, iso);
  shown = kt_format_date_string (iso);
  if (shown == NULL)
    g_error ("“%s” cannot be shown", iso);

  /* As the forms write a date for editing (kt-form-pickers.c,
   * kt-document-editor.c): the shown date in Bulgarian, ISO in English. */
  if (g_str_equal (kt_format_get_language (), "bg"))
    {
      if (!kt_format_parse_date (shown, &again, &error))
        g_error ("“%s” written as “%s” does not read back: %s", iso, shown, error->message);
    }
  else if (!kt_format_parse_date (iso, &again, &error))
    g_error ("“%s” does not read back: %s", iso, error->message);
  if (!g_str_equal (again, iso))
    g_error ("“%s” read as “%s”, written and read back as “%s”", text, iso, again);
}

static void
check_when (const char *text)
{
  const char *newline = strchr (text, '\n');
  g_autofree char *date = g_strndup (text, newline != NULL ? (gsize) (newline - text) : strlen (text));
  const char *time = newline != NULL ? newline + 1 : "";
  g_autoptr(GError) error = NULL;
  g_autofree char *iso = NULL;
  g_autofree char *again = NULL;
  g_autofree char *shown_date = NULL;
  g_autofree char *shown_time = NULL;
  const char *field = NULL;

  if (!kt_when_parse (date, time, 23, 59, "Due date", "Due time", &iso, &field, &error))
    {
      check_message (error);
      if (g_strcmp0 (field, "date") != 0 && g_strcmp0 (field, "time") != 0)
        g_error ("refused without naming the field");
      if (!g_str_has_prefix (error->message, g_str_equal (field, "date") ? "Due date: " : "Due time: "))
        g_error ("a refusal that does not start with the field's label: %s", error->message);
      return;
    }
  if (iso == NULL || !kt_datetime_is_valid (iso))
    g_error ("“%s” “%s” read as “%s”, which is not a time stamp", date, time, iso);
  if (!kt_when_format (iso, &shown_date, &shown_time))
    g_error ("“%s” cannot be shown", iso);
  if (!kt_when_parse (shown_date, shown_time, 23, 59, "Due date", "Due time", &again, &field, &error))
    g_error ("“%s” written as “%s” “%s” does not read back: %s", iso, shown_date, shown_time, error->message);
  if (!g_str_equal (again, iso))
    g_error ("“%s” “%s” read as %s, written as “%s” “%s”, read back as %s",
             date, time, iso, shown_date, shown_time, again);
}

static void
check_invitation (const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *server = NULL;
  g_autofree char *token = NULL;
  g_autofree char *escaped_server = NULL;
  g_autofree char *escaped_token = NULL;
  g_autofree char *link = NULL;
  g_autofree char *server_again = NULL;
  g_autofree char *token_again = NULL;

  if (!kt_team_parse_invitation_link (text, &server, &token, &error))
    {
      check_message (error);
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT))
        g_error ("refused with another error: %s", error->message);
      return;
    }
  /* Schemes are case-insensitive: "HTTPS://" is https. */
  if (g_ascii_strncasecmp (server, "http://", 7) != 0 && g_ascii_strncasecmp (server, "https://", 8) != 0)
    g_error ("a server that is not http(s): %s", server);
  if (g_str_has_suffix (server, "/") || !g_utf8_validate (server, -1, NULL))
    g_error ("a server with a trailing slash, or not UTF-8: %s", server);
  if (token[0] == '\0')
    g_error ("an empty token");

  /* As the Team pane makes a link (kt-team-client.c, kt-route-team.c). */
  escaped_server = g_uri_escape_string (server, NULL, FALSE);
  escaped_token = g_uri_escape_string (token, NULL, FALSE);
  link = g_strdup_printf ("kantora://invite?server=%s&token=%s", escaped_server, escaped_token);
  if (!kt_team_parse_invitation_link (link, &server_again, &token_again, &error))
    g_error ("the link made from “%s” does not read back: %s", text, error->message);
  if (!g_str_equal (server, server_again) || !g_str_equal (token, token_again))
    g_error ("“%s” read as %s, made into %s, read back as %s", text, server, link, server_again);
}

static void
check_custom_field (const char *text,
                    guint       type)
{
  KtRecord *definition = definitions[type];
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) value = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(KtRecord) contact = NULL;
  g_autoptr(KtRecord) again = NULL;
  g_autoptr(JsonObject) custom = NULL;
  g_autoptr(JsonNode) custom_node = NULL;
  g_autofree char *json = NULL;

  value = kt_custom_field_value_from_text (definition, text, &error);
  if (value == NULL)
    {
      check_message (error);
      if (!g_str_has_prefix (error->message, "Поле: "))
        g_error ("a refusal that does not start with the field's label: %s", error->message);
      return;
    }
  if (error != NULL)
    g_error ("accepted with an error: %s", error->message);

  /* What an import does with it: into the contact's custom object, checked
   * against the definitions, written as JSON. */
  custom = json_object_new ();
  json_object_set_member (custom, "f", json_node_copy (value));
  custom_node = json_node_init_object (json_node_alloc (), custom);
  contact = kt_record_new_with_id (KT_ENTITY_CONTACT, RECORD_ID);
  kt_record_set_string (contact, "first_name", "Иван");
  if (!kt_record_set_node (contact, "custom", custom_node, &error))
    g_error ("a custom value the record does not take: %s", error->message);
  all = g_ptr_array_new ();
  g_ptr_array_add (all, definition);
  if (!kt_custom_field_validate_values (all, contact, &error))
    {
      /* The one check the reader leaves to validation: a text's length. */
      if (type != 0 || g_utf8_strlen (text, -1) <= 1000)
        g_error ("“%s” read as a %s the check refuses: %s", text, field_types[type], error->message);
      return;
    }
  json = kt_record_to_json_string (contact, KT_JSON_CLOCKS);
  again = kt_record_from_json_string (KT_ENTITY_CONTACT, json, &error);
  if (again == NULL)
    g_error ("“%s” read as a %s written as JSON that does not read back: %s\n%s",
             text, field_types[type], error->message, json);
}

static void
check_reminder_steps (const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autofree guint *steps = NULL;
  g_autofree guint *again = NULL;
  g_autoptr(GString) joined = g_string_new (NULL);
  guint n = 0, n_again = 0;

  steps = kt_organization_parse_reminder_steps (text, &n, &error);
  if (steps == NULL)
    {
      check_message (error);
      if (g_strcmp0 (kt_record_error_get_field (error), "reminder_steps") != 0)
        g_error ("refused without naming reminder_steps: %s", error->message);
      return;
    }
  if (n > KT_REMINDER_STEPS_MAX || (n == 0) != (text[0] == '\0'))
    g_error ("“%s” read as %u steps", text, n);
  for (guint i = 0; i < n; i++)
    {
      if (steps[i] < 1 || steps[i] > 365 || (i > 0 && steps[i] <= steps[i - 1]))
        g_error ("“%s” read as a step %u after %u", text, steps[i], i > 0 ? steps[i - 1] : 0);
      g_string_append_printf (joined, "%s%u", i > 0 ? "," : "", steps[i]);
    }
  again = kt_organization_parse_reminder_steps (joined->str, &n_again, &error);
  if (again == NULL || n_again != n || memcmp (again, steps, n * sizeof (guint)) != 0)
    g_error ("“%s” written as “%s” does not read back the same", text, joined->str);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *text = NULL;
  guint parser, option;
  int zone;

  if (size < 1 || memchr (data + 1, '\0', size - 1) != NULL ||
      !g_utf8_validate ((const char *) data + 1, (gssize) size - 1, NULL))
    return 0;
  parser = (data[0] & 7) % N_PARSERS;
  option = data[0] >> 4;
  kt_format_set_language ((data[0] & 8) ? "bg" : "en");
  /* Every input sets the zone, so that it replays alone as it ran. Opening
   * a zone reads its file: only when it changes. */
  zone = parser == PARSE_DATE || parser == PARSE_WHEN ? (int) (option & 3) : 0;
  if (zone != current_zone)
    {
      current_zone = zone;
      kt_format_set_time_zone (zones[zone]);
    }
  text = kt_fuzz_strdup (data + 1, size - 1);

  switch (parser)
    {
    case PARSE_DECIMAL:
      check_decimal (text, option % 7);
      break;
    case PARSE_DATE:
      check_date (text);
      break;
    case PARSE_WHEN:
      check_when (text);
      break;
    case PARSE_INVITATION:
      check_invitation (text);
      break;
    case PARSE_CUSTOM_FIELD:
      check_custom_field (text, option % G_N_ELEMENTS (field_types));
      break;
    case PARSE_REMINDER_STEPS:
      check_reminder_steps (text);
      break;
    default:
      g_assert_not_reached ();
    }
  return 0;
}
