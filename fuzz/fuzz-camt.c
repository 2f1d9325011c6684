/* fuzz-camt.c: the CAMT.053 bank statement reader (client/io/kt-camt.c)
 *
 * The bytes are a whole file, as a person picks it for Import Statement.
 * Whatever it holds, the reader either fails with an error or returns
 * lines that each make a valid payment (kt-fuzz-bank.h).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "kt-fuzz.h"
#include "kt-fuzz-bank.h"

#include "kt-camt.h"

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  kt_fuzz_init ();
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autoptr(KtBankStatement) statement = NULL;
  g_autoptr(GError) error = NULL;

  (void) kt_camt_sniff ((const char *) data, size);
  statement = kt_camt_parse ((const char *) data, size, &error);
  if (statement == NULL)
    {
      if (error == NULL)
        g_error ("kt_camt_parse failed without an error");
      return 0;
    }
  kt_fuzz_check_statement (statement);
  return 0;
}
