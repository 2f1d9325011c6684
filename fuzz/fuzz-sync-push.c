/* fuzz-sync-push.c: the server's reading of a sync push
 * (server/sync/kt-sync-push.c)
 *
 * The bytes are the body of POST /v1/sync/push. They take the route's
 * path up to the database: kt_request_read_object(), the protocol version,
 * the batch's envelope and every mutation, whose fields are then applied
 * to a record of its entity as kt_pg_apply_change() applies them, and
 * validated.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "kt-fuzz.h"

#include "kantora-shared.h"
#include "kt-request.h"
#include "kt-route-sync.h"

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  kt_fuzz_init ();
  return 0;
}

static void
apply (const char *entity_name,
       const char *record_id,
       JsonObject *fields,
       JsonObject *clocks)
{
  const KtEntity *entity = kt_entity_lookup (entity_name);
  g_autoptr(KtRecord) record = NULL;
  g_autoptr(GPtrArray) changed = NULL;
  g_autoptr(GError) error = NULL;
  JsonObjectIter iter;
  const char *name;
  JsonNode *value;

  if (entity == NULL || !(entity->flags & KT_ENTITY_SYNCED) || !kt_uuid_is_valid (record_id))
    return;

  /* The clocks' values are stamps; the write path observes them. */
  json_object_iter_init (&iter, clocks);
  while (json_object_iter_next (&iter, &name, &value))
    if (JSON_NODE_HOLDS_VALUE (value) && json_node_get_value_type (value) == G_TYPE_STRING)
      {
        KtHlcStamp stamp;

        if (!kt_hlc_parse (json_node_get_string (value), &stamp, &error))
          g_clear_error (&error);
      }

  record = kt_record_new_with_id (entity, record_id);
  if (!kt_record_set_from_json (record, fields, &changed, &error))
    {
      if (error == NULL)
        g_error ("kt_record_set_from_json failed without an error");
      return;
    }
  kt_record_apply_defaults (record);
  if (!kt_record_validate (record, &error) && error == NULL)
    g_error ("kt_record_validate failed without an error");
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autoptr(KtRequest) req = kt_request_new ();
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(GError) error = NULL;
  const char *client_id;
  JsonArray *mutations;

  req->method = g_strdup ("POST");
  kt_request_set_path (req, "/v1/sync/push");
  req->content_type = g_strdup ("application/json");
  req->body = g_bytes_new (data, size);

  body = kt_request_read_object (req, &error);
  if (body == NULL)
    return 0;

  if (!kt_sync_push_read_batch (body, &client_id, &mutations, &error))
    {
      if (error == NULL)
        g_error ("kt_sync_push_read_batch failed without an error");
      kt_request_respond_error (req, error);
      return 0;
    }

  for (guint i = 0; i < json_array_get_length (mutations); i++)
    {
      g_autoptr(JsonObject) fields = NULL;
      g_autoptr(JsonObject) clocks = NULL;
      const char *entity_name, *record_id;
      gint64 id;

      if (!kt_sync_push_read_mutation (json_array_get_element (mutations, i), i, &id,
                                       &entity_name, &record_id, &fields, &clocks, &error))
        {
          if (error == NULL)
            g_error ("kt_sync_push_read_mutation failed without an error");
          kt_request_respond_error (req, error);
          return 0;
        }
      apply (entity_name, record_id, fields, clocks);
    }
  return 0;
}
