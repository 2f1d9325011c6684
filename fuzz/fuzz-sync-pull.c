/* fuzz-sync-pull.c: the client's reading of a pulled page
 * (client/sync/kt-sync-puller.c)
 *
 * The bytes are the body of a /v1/sync/pull answer, as a hostile or
 * broken server could send it. They take the pull's path up to the
 * store (run_job() in kt-sync-puller.c): the JSON guard, json-glib, the
 * page's envelope, its changes, and each change's
 * record through the codec (kt_record_from_json, which
 * kt_store_sync_apply_changes() runs first), whose stamps the client's
 * clock then observes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "kt-fuzz.h"

#include "kantora-shared.h"
#include "kt-json-guard.h"
#include "kt-store-sync.h"
#include "kt-sync-engine-private.h"

static gint64
fixed_now (gpointer data)
{
  return G_GINT64_CONSTANT (1796000000000);
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
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GArray) changes = g_array_new (FALSE, FALSE, sizeof (KtSyncChange));
  g_autoptr(KtHlc) clock = kt_hlc_new ("0123456789abcdef");
  g_autoptr(GError) error = NULL;
  KtSyncPageHeader page;
  JsonArray *array;

  if (size == 0 || !kt_json_guard_check ((const char *) data, size, KT_JSON_GUARD_MAX_DEPTH, &error) ||
      !json_parser_load_from_data (parser, (const char *) data, (gssize) size, &error))
    return 0;
  if (!kt_sync_pull_read_envelope (json_parser_get_root (parser), &page, &array, &error) ||
      !kt_sync_pull_read_changes (array, changes, &error))
    {
      if (error == NULL)
        g_error ("a pull page failed without an error");
      return 0;
    }

  kt_hlc_set_time_func (clock, fixed_now, NULL);
  for (guint i = 0; i < changes->len; i++)
    {
      KtSyncChange *change = &g_array_index (changes, KtSyncChange, i);
      g_autoptr(KtRecord) record = kt_record_from_json (change->entity, change->record, &error);

      if (record == NULL)
        {
          if (error == NULL)
            g_error ("kt_record_from_json failed without an error");
          g_clear_error (&error);
          continue;
        }
      if (kt_record_get_hlc (record) != NULL &&
          !kt_hlc_observe (clock, kt_record_get_hlc (record), &error))
        g_clear_error (&error);
    }
  return 0;
}
