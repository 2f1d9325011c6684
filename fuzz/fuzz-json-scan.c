/* fuzz-json-scan.c: the flat JSON scanner (shared/kt-json-scan.c)
 *
 * Differential: the bytes are read as a flat object, as a flat array and
 * as one scalar. Whatever the scanner takes, json-glib must read to the
 * same keys and values (fuzz/kt-json-scan-check.h); what it refuses the
 * callers give to json-glib, so refusing is always allowed. json-glib
 * only ever sees text the scanner took: valid UTF-8, no \u0000, no
 * unpaired surrogate, integers that fit, nothing nested.
 *
 * The input is copied into a buffer of its own length, so a read past
 * the end is an AddressSanitizer error.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "kt-fuzz.h"

#include "kt-json-scan-check.h"

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  kt_fuzz_init ();
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autofree char *text = g_memdup2 (data, size);
  const char *problem = NULL;

  /* No text at all is not JSON (and NULL + 0 is undefined behaviour). */
  if (size == 0)
    return 0;
  if (kt_json_scan_check_flat (text, size, TRUE, &problem) && problem != NULL)
    g_error ("object: %s", problem);
  if (kt_json_scan_check_flat (text, size, FALSE, &problem) && problem != NULL)
    g_error ("array: %s", problem);
  kt_json_scan_check_scalar (text, size, &problem);
  if (problem != NULL)
    g_error ("scalar: %s", problem);
  return 0;
}
