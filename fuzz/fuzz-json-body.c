/* fuzz-json-body.c: the server's request body reader and the JSON codec
 * of every entity (server/kt-request.c, shared/kt-record-json.c)
 *
 * The bytes are a request body. They go through kt_request_read_object(),
 * the one reader every route uses (and with it every check it makes before
 * json-glib sees the text), and the object through the codec of each
 * entity both ways a body reaches it: as the partial update of a REST
 * write (kt_record_set_from_json onto a new record, then the defaults and
 * the validation, as kt_pg_apply_change() does) and as a whole record
 * (kt_record_from_json, as a pulled change or a pushed one). A record the
 * codec accepted must write out as JSON that it reads back.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "kt-fuzz.h"

#include "kantora-shared.h"
#include "kt-request.h"

#define RECORD_ID "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b"

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  kt_fuzz_init ();
  return 0;
}

static void
check_written (KtRecord *record)
{
  g_autofree char *json = kt_record_to_json_string (record, KT_JSON_CLOCKS);
  g_autoptr(KtRecord) again = NULL;
  g_autoptr(GError) error = NULL;

  again = kt_record_from_json_string (kt_record_get_entity (record), json, &error);
  if (again == NULL)
    g_error ("%s wrote JSON it does not read back: %s\n%s",
             kt_record_get_entity (record)->name, error->message, json);
}

static void
decode (const KtEntity *entity,
        JsonObject     *object,
        JsonNode       *node)
{
  g_autoptr(GError) error = NULL;

  {
    g_autoptr(KtRecord) record = kt_record_new_with_id (entity, RECORD_ID);
    g_autoptr(GPtrArray) changed = NULL;

    kt_record_set_org_id (record, RECORD_ID);
    kt_record_set_owner_id (record, RECORD_ID);
    if (kt_record_set_from_json (record, object, &changed, &error))
      {
        kt_record_apply_defaults (record);
        if (kt_record_validate (record, &error))
          check_written (record);
        else if (error == NULL)
          g_error ("kt_record_validate failed without an error");
      }
    else if (error == NULL)
      g_error ("kt_record_set_from_json failed without an error");
    g_clear_error (&error);
  }

  {
    g_autoptr(KtRecord) record = kt_record_from_json (entity, node, &error);

    if (record != NULL)
      check_written (record);
    else if (error == NULL)
      g_error ("kt_record_from_json failed without an error");
  }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autoptr(KtRequest) req = kt_request_new ();
  g_autoptr(JsonObject) object = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;

  req->method = g_strdup ("POST");
  kt_request_set_path (req, "/v1/contacts");
  req->content_type = g_strdup ("application/json");
  req->body = g_bytes_new (data, size);

  object = kt_request_read_object (req, &error);
  if (object == NULL)
    {
      if (error == NULL)
        g_error ("kt_request_read_object failed without an error");
      /* The error becomes the answer: it must serialize. */
      kt_request_respond_error (req, error);
      return 0;
    }

  node = json_node_init_object (json_node_alloc (), object);
  for (const KtEntity * const *e = kt_entity_all (); *e != NULL; e++)
    decode (*e, object, node);
  return 0;
}
