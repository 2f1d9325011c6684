/* fuzz-org-archive.c: the organization archive's reader (client/io/kt-zip.c
 * and kt_org_archive_read() of client/io/kt-org-archive.c)
 *
 * The bytes are a whole file, as a person picks it for "Import
 * Organization…": the ZIP directory, manifest.json, and every CSV it
 * names, each row turned into a validated record. No store is touched (the
 * import only saves what this returns). Besides the archive reader, every
 * entry of any ZIP that opens is extracted with a small cap, so the
 * inflater meets lying sizes and damaged streams too.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "kt-fuzz.h"

#include "kantora-shared.h"
#include "kt-org-archive.h"
#include "kt-zip.h"

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  kt_fuzz_init ();
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autoptr(GBytes) bytes = g_bytes_new_static (data, size);
  g_autoptr(KtZipReader) reader = NULL;
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GError) error = NULL;

  reader = kt_zip_reader_new (bytes, &error);
  if (reader == NULL)
    {
      g_assert (error != NULL && error->domain == KT_ERROR);
      return 0;
    }
  for (guint i = 0; i < kt_zip_reader_get_n_entries (reader); i++)
    {
      g_autoptr(GError) entry_error = NULL;
      g_autoptr(GBytes) entry = kt_zip_reader_extract (reader, kt_zip_reader_get_name (reader, i),
                                                       64 * 1024, &entry_error);

      g_assert ((entry == NULL) == (entry_error != NULL));
      if (entry != NULL)
        g_assert_cmpuint (g_bytes_get_size (entry), <=, 64 * 1024);
    }

  records = kt_org_archive_read (bytes, NULL, &error);
  g_assert ((records == NULL) == (error != NULL));
  if (records != NULL)
    for (guint i = 0; i < records->len; i++)
      g_assert_true (kt_record_validate (records->pdata[i], NULL));
  return 0;
}
