/* fuzz-template-layout.c: a document template's "layout" field
 * (shared/kt-template-layout.c), as the studio, REST and sync hand it in
 *
 * The input is the field's text with its length (so NULs and bad UTF-8
 * reach the parser). Beyond not crashing: a refusal is a field error on
 * "layout" with a message; an accepted layout stays within its limits,
 * and written back as JSON it parses again to the very same JSON (what
 * the studio saves is what it loaded).
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

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KtTemplateLayout) layout = NULL;
  g_autoptr(KtTemplateLayout) again = NULL;
  g_autofree char *json = NULL;
  g_autofree char *json_again = NULL;

  layout = kt_template_layout_parse ((const char *) data, (gssize) size, &error);
  if (layout == NULL)
    {
      if (error == NULL || error->message[0] == '\0' ||
          g_strcmp0 (kt_record_error_get_field (error), "layout") != 0)
        g_error ("refused without a field error on \"layout\"");
      if (!g_utf8_validate (error->message, -1, NULL))
        g_error ("the message is not UTF-8");
      return 0;
    }
  if (error != NULL)
    g_error ("accepted with an error: %s", error->message);
  if (layout->n_blocks > KT_TEMPLATE_LAYOUT_MAX_BLOCKS ||
      layout->n_columns == 0 || layout->n_columns > KT_TEMPLATE_LAYOUT_MAX_COLUMNS)
    g_error ("%u blocks, %u columns", layout->n_blocks, layout->n_columns);
  for (guint i = 0; i < layout->n_blocks; i++)
    if ((layout->blocks[i].kind == KT_TEMPLATE_BLOCK_TEXT) != (layout->blocks[i].text != NULL))
      g_error ("block %u: a text where there should be none, or none", i);

  json = kt_template_layout_to_json (layout);
  again = kt_template_layout_parse (json, -1, &error);
  if (again == NULL)
    g_error ("its own JSON is refused: %s\n%s", error->message, json);
  json_again = kt_template_layout_to_json (again);
  if (g_strcmp0 (json, json_again) != 0)
    g_error ("written and read back, the layout changed:\n%s\n%s", json, json_again);
  return 0;
}
