/* fuzz-hlc.c: hybrid logical clock stamps (shared/kt-hlc.c)
 *
 * Every stamp a replica receives goes through kt_hlc_parse() and
 * kt_hlc_observe(). A stamp that parses must format back to the same
 * text (the text is what the stores compare), and observing it must
 * leave the clock ahead of it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "kt-fuzz.h"

#include "kantora-shared.h"

/* A fixed wall clock: the run must not depend on the time of day. */
static gint64
fixed_now (gpointer data)
{
  return G_GINT64_CONSTANT (1796000000000);   /* 2026-11-29 */
}

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  kt_fuzz_init ();
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autofree char *text = kt_fuzz_strdup (data, size);
  g_autoptr(KtHlc) clock = kt_hlc_new ("0123456789abcdef");
  g_autoptr(GError) error = NULL;
  KtHlcStamp stamp;

  kt_hlc_set_time_func (clock, fixed_now, NULL);

  if (kt_hlc_parse (text, &stamp, &error))
    {
      g_autofree char *again = kt_hlc_format (&stamp);

      if (strcmp (again, text) != 0)
        g_error ("stamp %s formats back as %s", text, again);
    }
  else if (error == NULL)
    g_error ("kt_hlc_parse failed without an error");
  g_clear_error (&error);

  if (kt_hlc_observe (clock, text, &error))
    {
      g_autofree char *next = kt_hlc_tick (clock);

      if (kt_hlc_compare (next, text) <= 0)
        g_error ("tick %s after observing %s is not later", next, text);
    }
  else if (error == NULL)
    g_error ("kt_hlc_observe failed without an error");

  (void) kt_hlc_compare (text, NULL);
  return 0;
}
