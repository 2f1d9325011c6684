/* kt-sync-push.c: POST /v1/sync/push, a batch of client mutations
 *
 * The batch is one transaction. For each (organization, client id) the
 * server keeps the last mutation id it processed in sync_clients, updated
 * in the same transaction, so a retried batch has no second effect. Each
 * mutation runs inside a savepoint through kt_pg_apply_change(), the REST
 * write path; a mutation it refuses is rolled back alone and answered as
 * rejected with the server's state of the record, and the counter still
 * moves past it (a mutation that can never succeed must not block the
 * client's queue forever). A mutation written with fields that lost to
 * newer stored values is answered superseded, with the record as stored,
 * so the client takes the winning values and tells the person: answering
 * "applied" let a client whose clock was slow keep its losing value for
 * ever, since no change-log entry would ever bring the winner back.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-sync"

#include "config.h"

#include <glib/gi18n.h>

#include "kt-pg-change.h"
#include "kt-pg-schema.h"
#include "kt-pg-sync.h"
#include "kt-route-sync.h"
#include "kt-routes.h"
#include "kt-server-error.h"

/* Errors that are about the database or the server, not the mutation:
 * the whole batch fails (and the client retries it later). */
static gboolean
is_batch_failure (const GError *error)
{
  if (error->domain == KT_PG_ERROR)
    return TRUE;
  return g_error_matches (error, KT_SERVER_ERROR, KT_SERVER_ERROR_INTERNAL) ||
         g_error_matches (error, KT_SERVER_ERROR, KT_SERVER_ERROR_UNAVAILABLE);
}

static void
add_rejection (JsonBuilder    *results,
               gint64          id,
               const char     *code,
               const char     *message,
               const char     *field,
               KtRecord       *server_state)
{
  json_builder_begin_object (results);
  json_builder_set_member_name (results, "id");
  json_builder_add_int_value (results, id);
  json_builder_set_member_name (results, "status");
  json_builder_add_string_value (results, "rejected");
  json_builder_set_member_name (results, "code");
  json_builder_add_string_value (results, code);
  json_builder_set_member_name (results, "message");
  json_builder_add_string_value (results, message);
  if (field != NULL)
    {
      json_builder_set_member_name (results, "field");
      json_builder_add_string_value (results, field);
    }
  json_builder_set_member_name (results, "record");
  if (server_state != NULL)
    json_builder_add_value (results, kt_record_to_json (server_state, KT_JSON_CLOCKS));
  else
    json_builder_add_null_value (results);
  json_builder_end_object (results);
}

/* Kept in sync_clients until the next push, for a retry after a lost
 * answer. */
static void
remember_rejection (JsonObject  *rejections,
                    gint64       id,
                    const char  *code,
                    const char  *message,
                    const char  *field)
{
  JsonObject *r = json_object_new ();
  g_autofree char *key = g_strdup_printf ("%" G_GINT64_FORMAT, id);

  json_object_set_string_member (r, "code", code);
  json_object_set_string_member (r, "message", message);
  if (field != NULL)
    json_object_set_string_member (r, "field", field);
  json_object_set_object_member (rejections, key, r);
}

/* @lost is borrowed. */
static void
add_superseded (JsonBuilder *results,
                gint64       id,
                JsonArray   *lost,
                KtRecord    *state)
{
  json_builder_begin_object (results);
  json_builder_set_member_name (results, "id");
  json_builder_add_int_value (results, id);
  json_builder_set_member_name (results, "status");
  json_builder_add_string_value (results, "superseded");
  json_builder_set_member_name (results, "fields");
  json_builder_add_value (results, json_node_init_array (json_node_alloc (), lost));
  json_builder_set_member_name (results, "record");
  if (state != NULL)
    json_builder_add_value (results, kt_record_to_json (state, KT_JSON_CLOCKS));
  else
    json_builder_add_null_value (results);
  json_builder_end_object (results);
}

/* The pushed fields whose stamps lost to newer stored ones (on equal
 * stamps, to the other value): the stored clock of a field the push won
 * is the pushed one. */
static JsonArray *
lost_fields (JsonObject *clocks,
             KtRecord   *stored)
{
  JsonArray *lost = json_array_new ();
  JsonObjectIter iter;
  const char *name;
  JsonNode *clock;

  json_object_iter_init (&iter, clocks);
  while (json_object_iter_next (&iter, &name, &clock))
    {
      if (!JSON_NODE_HOLDS_VALUE (clock) || json_node_get_value_type (clock) != G_TYPE_STRING)
        continue;
      if (g_strcmp0 (kt_record_get_field_hlc (stored, name), json_node_get_string (clock)) != 0)
        json_array_add_string_element (lost, name);
    }
  return lost;
}

static void
add_status (JsonBuilder *results,
            gint64       id,
            const char  *status)
{
  json_builder_begin_object (results);
  json_builder_set_member_name (results, "id");
  json_builder_add_int_value (results, id);
  json_builder_set_member_name (results, "status");
  json_builder_add_string_value (results, status);
  json_builder_end_object (results);
}

gboolean
kt_sync_push_read_mutation (JsonNode        *node,
                            guint            index,
                            gint64          *out_id,
                            const char     **out_entity,
                            const char     **out_record_id,
                            JsonObject     **out_fields,
                            JsonObject     **out_clocks,
                            GError         **error)
{
  JsonObject *m;
  JsonNode *member;
  g_autoptr (JsonObject) fields = json_object_new ();

  if (!JSON_NODE_HOLDS_OBJECT (node))
    goto malformed;
  m = json_node_get_object (node);

  member = json_object_get_member (m, "id");
  if (member == NULL || !JSON_NODE_HOLDS_VALUE (member) ||
      json_node_get_value_type (member) != G_TYPE_INT64 || json_node_get_int (member) <= 0)
    goto malformed;
  *out_id = json_node_get_int (member);

  /* Not json_object_get_string_member_with_default(): an object or an
   * array there is a critical warning inside json-glib. */
  member = json_object_get_member (m, "entity");
  if (member == NULL || !JSON_NODE_HOLDS_VALUE (member) || json_node_get_value_type (member) != G_TYPE_STRING)
    goto malformed;
  *out_entity = json_node_get_string (member);
  member = json_object_get_member (m, "record_id");
  if (member == NULL || !JSON_NODE_HOLDS_VALUE (member) || json_node_get_value_type (member) != G_TYPE_STRING)
    goto malformed;
  *out_record_id = json_node_get_string (member);

  member = json_object_get_member (m, "clocks");
  if (member == NULL || !JSON_NODE_HOLDS_OBJECT (member))
    goto malformed;
  *out_clocks = json_object_ref (json_node_get_object (member));

  member = json_object_get_member (m, "fields");
  if (member != NULL && JSON_NODE_HOLDS_OBJECT (member))
    {
      JsonObjectIter iter;
      const char *name;
      JsonNode *value;

      json_object_iter_init (&iter, json_node_get_object (member));
      while (json_object_iter_next (&iter, &name, &value))
        json_object_set_member (fields, name, json_node_copy (value));
    }
  else if (member != NULL && !JSON_NODE_HOLDS_NULL (member))
    goto malformed;

  /* The tombstone is a field of the write path like any other. */
  member = json_object_get_member (m, "deleted");
  if (member != NULL)
    {
      if (!JSON_NODE_HOLDS_VALUE (member) || json_node_get_value_type (member) != G_TYPE_BOOLEAN)
        goto malformed;
      json_object_set_boolean_member (fields, KT_META_DELETED, json_node_get_boolean (member));
    }

  *out_fields = g_steal_pointer (&fields);
  return TRUE;

malformed:
  g_set_error (error, KT_SERVER_ERROR, KT_SERVER_ERROR_MALFORMED_JSON,
               _("Mutation %u of the batch needs an id, an entity, a record_id and clocks"),
               index + 1);
  return FALSE;
}

gboolean
kt_sync_push_read_batch (JsonObject  *body,
                         const char **out_client_id,
                         JsonArray  **out_mutations,
                         GError     **error)
{
  JsonNode *member;

  if (!kt_json_get_string (body, "client_id", TRUE, out_client_id, error))
    return FALSE;
  if (!kt_uuid_is_valid (*out_client_id))
    {
      kt_server_set_field_error (error, KT_SERVER_ERROR_MALFORMED_JSON, "client_id",
                                 _("“%s” must be a UUID"), "client_id");
      return FALSE;
    }

  member = json_object_get_member (body, "mutations");
  if (member == NULL || !JSON_NODE_HOLDS_ARRAY (member))
    {
      kt_server_set_field_error (error, KT_SERVER_ERROR_MALFORMED_JSON, "mutations",
                                 _("“%s” must be an array"), "mutations");
      return FALSE;
    }
  *out_mutations = json_node_get_array (member);
  if (json_array_get_length (*out_mutations) > KT_SYNC_MAX_BATCH)
    {
      g_set_error (error, KT_SERVER_ERROR, KT_SERVER_ERROR_TOO_LARGE,
                   _("A push may carry at most %d mutations"), KT_SYNC_MAX_BATCH);
      return FALSE;
    }
  return TRUE;
}

static void
refusal_free (KtDocumentRefusal *refusal)
{
  g_free (refusal->field);
  g_free (refusal->message);
  g_free (refusal);
}

/* One push as it runs: the answers so far, and the answers the client's
 * row keeps for a retry (the previous push's and this one's). */
typedef struct {
  KtRequest       *req;
  KtChangeContext  ctx;
  JsonBuilder     *results;
  JsonObject      *previous;
  JsonObject      *rejections;
  gint64           last_id;
  KtDocuments     *documents;
  /* Mutations whose sent totals the document rules refused in an earlier
   * run of the batch: gint64 id -> KtDocumentRefusal (borrowed from
   * @refusals). */
  GHashTable      *refused;
  GPtrArray       *refusals;
} Push;

static void
push_clear (Push *push)
{
  g_clear_object (&push->results);
  g_clear_pointer (&push->previous, json_object_unref);
  g_clear_pointer (&push->rejections, json_object_unref);
  g_clear_pointer (&push->documents, kt_documents_free);
  g_clear_pointer (&push->refused, g_hash_table_unref);
  g_clear_pointer (&push->refusals, g_ptr_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Push, push_clear)

/* The client's row, locked: a duplicated request waits here and then
 * finds every mutation already processed. A client id is its user's. */
static gboolean
lock_client (Push        *push,
             const char  *client_id,
             GError     **error)
{
  KtRequest *req = push->req;
  g_autofree char *owner = NULL;
  g_autofree char *kept = NULL;
  g_autoptr (JsonNode) stored = NULL;

  if (!kt_pg_sync_lock_client (req->pg, req->auth.org_id, client_id, req->auth.user_id,
                               &owner, &push->last_id, &kept, error))
    return FALSE;
  if (g_strcmp0 (owner, req->auth.user_id) != 0)
    {
      g_set_error (error, KT_SERVER_ERROR, KT_SERVER_ERROR_FORBIDDEN,
                   _("This client id belongs to another user; sign in again to get a new one"));
      return FALSE;
    }

  stored = json_from_string (kept, NULL);
  push->previous = stored != NULL && JSON_NODE_HOLDS_OBJECT (stored)
                   ? json_object_ref (json_node_get_object (stored)) : json_object_new ();
  return TRUE;
}

/* Mutation @id was processed by an earlier request: a retry. A rejection
 * (or a superseded write) is told again, since its answer may be what got
 * lost, with the record's current state; anything else is a duplicate. */
static gboolean
answer_again (Push        *push,
              gint64       id,
              const char  *entity_name,
              const char  *record_id,
              GError     **error)
{
  g_autofree char *key = g_strdup_printf ("%" G_GINT64_FORMAT, id);
  JsonNode *was = json_object_get_member (push->previous, key);
  const KtEntity *entity = kt_entity_lookup (entity_name);
  g_autoptr (KtRecord) state = NULL;
  g_autoptr (GError) load_error = NULL;
  JsonObject *r;
  JsonNode *lost;

  if (was == NULL || !JSON_NODE_HOLDS_OBJECT (was))
    {
      add_status (push->results, id, "duplicate");
      return TRUE;
    }

  r = json_node_get_object (was);
  lost = json_object_get_member (r, "fields");
  if (entity != NULL && kt_pg_schema_lookup_entity (entity) != NULL && kt_uuid_is_valid (record_id))
    state = kt_pg_load_record (push->req->pg, entity, push->req->auth.org_id, record_id, FALSE, &load_error);
  if (load_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&load_error));
      return FALSE;
    }
  if (g_strcmp0 (json_object_get_string_member_with_default (r, "status", NULL),
                 "superseded") == 0 && lost != NULL && JSON_NODE_HOLDS_ARRAY (lost))
    add_superseded (push->results, id, json_node_get_array (lost), state);
  else
    add_rejection (push->results, id,
                   json_object_get_string_member_with_default (r, "code", "rejected"),
                   json_object_get_string_member_with_default (r, "message", ""),
                   json_object_get_string_member_with_default (r, "field", NULL),
                   state);
  json_object_set_member (push->rejections, key, json_node_copy (was));
  return TRUE;
}

/* A written mutation: applied, or superseded when some of its fields
 * lost to newer stored values. */
static void
answer_written (Push       *push,
                gint64      id,
                JsonObject *clocks,
                KtRecord   *stored)
{
  g_autoptr (JsonArray) lost = lost_fields (clocks, stored);
  g_autofree char *key = NULL;
  JsonObject *r;

  if (json_array_get_length (lost) == 0)
    {
      add_status (push->results, id, "applied");
      return;
    }

  /* Kept like a rejection: a retry after a lost answer is told again, or
   * the client would keep the losing value. */
  key = g_strdup_printf ("%" G_GINT64_FORMAT, id);
  r = json_object_new ();
  json_object_set_string_member (r, "status", "superseded");
  json_object_set_array_member (r, "fields", json_array_ref (lost));
  json_object_set_object_member (push->rejections, key, r);
  add_superseded (push->results, id, lost, stored);
}

/* A refused mutation's answer, with the server's state of the record,
 * kept for a retry. */
static gboolean
answer_rejected (Push            *push,
                 gint64           id,
                 const KtEntity  *entity,
                 const char      *record_id,
                 const char      *code,
                 const char      *message,
                 const char      *field,
                 GError         **error)
{
  g_autoptr (KtRecord) server_state = NULL;
  g_autoptr (GError) load_error = NULL;

  if (kt_uuid_is_valid (record_id))
    server_state = kt_pg_load_record (push->req->pg, entity, push->req->auth.org_id, record_id,
                                      FALSE, &load_error);
  if (load_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&load_error));
      return FALSE;
    }
  /* Another member's private record (a saved view) is not there for
   * this member: the rejection does not show it either. */
  if (server_state != NULL && (entity->flags & KT_ENTITY_PRIVATE) &&
      g_strcmp0 (kt_record_get_owner_id (server_state), push->req->auth.user_id) != 0)
    g_clear_object (&server_state);

  add_rejection (push->results, id, code, message, field, server_state);
  remember_rejection (push->rejections, id, code, message, field);
  return TRUE;
}

/* A mutation the write path refused (@refusal): nothing of it stays. */
static gboolean
answer_refused (Push            *push,
                gint64           id,
                const KtEntity  *entity,
                const char      *record_id,
                const GError    *refusal,
                GError         **error)
{
  if (!kt_pg_sync_mutation_undo (push->req->pg, error))
    return FALSE;
  return answer_rejected (push, id, entity, record_id, kt_server_error_code (refusal), refusal->message,
                          kt_server_error_get_field (refusal), error);
}

/* A new mutation through the write path, inside its own savepoint. */
static gboolean
apply_mutation (Push            *push,
                gint64           id,
                const KtEntity  *entity,
                const char      *record_id,
                JsonObject      *fields,
                JsonObject      *clocks,
                GError         **error)
{
  KtPg *pg = push->req->pg;
  KtChangeResult result = { 0 };
  g_autoptr (GError) local_error = NULL;
  gboolean ok;

  if (!kt_pg_sync_mutation_begin (pg, error))
    return FALSE;

  kt_documents_set_mutation (push->documents, id);
  if (kt_pg_apply_change (pg, &push->ctx, entity, KT_CHANGE_UPSERT, record_id,
                          fields, clocks, &result, &local_error))
    {
      ok = kt_pg_sync_mutation_keep (pg, error);
      if (ok)
        answer_written (push, id, clocks, result.record);
      kt_change_result_clear (&result);
      return ok;
    }

  kt_change_result_clear (&result);
  if (is_batch_failure (local_error))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  return answer_refused (push, id, entity, record_id, local_error, error);
}

/* Mutation @index of the batch: read, then answered again (a retry),
 * rejected (an entity that does not sync) or applied. */
static gboolean
push_mutation (Push      *push,
               JsonNode  *node,
               guint      index,
               GError   **error)
{
  g_autoptr (JsonObject) fields = NULL;
  g_autoptr (JsonObject) clocks = NULL;
  const KtEntity *entity;
  const char *entity_name, *record_id;
  KtDocumentRefusal *refusal;
  gint64 id;

  if (!kt_sync_push_read_mutation (node, index, &id, &entity_name, &record_id, &fields, &clocks, error))
    return FALSE;

  if (id <= push->last_id)
    return answer_again (push, id, entity_name, record_id, error);
  push->last_id = id;

  entity = kt_entity_lookup (entity_name);
  if (entity == NULL || !(entity->flags & KT_ENTITY_SYNCED) ||
      kt_pg_schema_lookup_entity (entity) == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("“%s” is not an entity that syncs"), entity_name);

      add_rejection (push->results, id, "unknown_entity", message, NULL, NULL);
      remember_rejection (push->rejections, id, "unknown_entity", message, NULL);
      return TRUE;
    }

  /* Sent totals its document's lines do not give, found when the batch
   * ran before: refused without running it. */
  refusal = g_hash_table_lookup (push->refused, &id);
  if (refusal != NULL)
    return answer_rejected (push, id, entity, record_id, "validation", refusal->message, refusal->field, error);

  return apply_mutation (push, id, entity, record_id, fields, clocks, error);
}

/* Keeps the client's progress and this push's answers for a retry, and
 * answers with the results and the organization's head. */
static gboolean
finish_push (Push        *push,
             const char  *client_id,
             GError     **error)
{
  KtRequest *req = push->req;
  g_autoptr (JsonNode) rejections_node = json_node_init_object (json_node_alloc (), push->rejections);
  g_autofree char *rejections_text = json_to_string (rejections_node, FALSE);
  g_autoptr (JsonNode) root = NULL;
  gint64 head;

  if (!kt_pg_sync_save_client (req->pg, req->auth.org_id, client_id, push->last_id,
                               rejections_text, error))
    return FALSE;

  head = kt_pg_sync_head (req->pg, req->auth.org_id, error);
  if (head < 0)
    return FALSE;

  json_builder_set_member_name (push->results, "last_mutation_id");
  json_builder_add_int_value (push->results, push->last_id);
  json_builder_set_member_name (push->results, "cursor");
  json_builder_add_int_value (push->results, head);
  json_builder_end_object (push->results);

  root = json_builder_get_root (push->results);
  kt_request_respond_json (req, 200, root);
  return TRUE;
}

/* Runs inside kt_routes_in_transaction(): may run again on a
 * serialization failure, so it keeps nothing between runs. */
static gboolean
push_in_transaction (KtRequest  *req,
                     gpointer    data,
                     GError    **error)
{
  JsonObject *body = data;
  g_auto (Push) push = { 0 };
  const char *client_id;
  JsonArray *mutations;
  JsonNode *member;
  gint64 first_id;
  gint64 cursor = 0;

  if (!kt_sync_push_read_batch (body, &client_id, &mutations, error))
    return FALSE;

  push.req = req;
  if (!lock_client (&push, client_id, error))
    return FALSE;
  first_id = push.last_id;
  kt_routes_change_context (req, &push.ctx);
  member = json_object_get_member (body, "cursor");
  if (member != NULL && JSON_NODE_HOLDS_VALUE (member) && json_node_get_value_type (member) == G_TYPE_INT64)
    cursor = json_node_get_int (member);
  push.documents = kt_documents_new (TRUE, cursor);
  push.ctx.documents = push.documents;
  push.refused = g_hash_table_new (g_int64_hash, g_int64_equal);
  push.refusals = g_ptr_array_new_with_free_func ((GDestroyNotify) refusal_free);

  /* The document rules run once the whole batch is applied (a client
   * sends an invoice before its lines). A mutation whose sent totals they
   * refuse must leave nothing behind, so the batch runs again from here
   * with that mutation refused up front. */
  if (!kt_pg_run (req->pg, "SAVEPOINT kt_push", 0, NULL, error))
    return FALSE;
  for (guint pass = 0; ; pass++)
    {
      GPtrArray *refusals;

      g_clear_object (&push.results);
      g_clear_pointer (&push.rejections, json_object_unref);
      push.results = json_builder_new_immutable ();
      push.rejections = json_object_new ();
      push.last_id = first_id;
      kt_documents_reset (push.documents);

      json_builder_begin_object (push.results);
      json_builder_set_member_name (push.results, "results");
      json_builder_begin_array (push.results);
      for (guint i = 0; i < json_array_get_length (mutations); i++)
        if (!push_mutation (&push, json_array_get_element (mutations, i), i, error))
          return FALSE;
      json_builder_end_array (push.results);

      if (!kt_pg_documents_settle (req->pg, &push.ctx, push.documents, error))
        return FALSE;
      refusals = kt_documents_get_refusals (push.documents);
      /* Each run refuses at least one more mutation; a few runs are
       * plenty, after them the server's totals simply win. */
      if (refusals->len == 0 || pass == 3)
        break;
      for (guint i = 0; i < refusals->len; i++)
        {
          KtDocumentRefusal *refusal = g_ptr_array_index (refusals, i);
          KtDocumentRefusal *kept = g_new0 (KtDocumentRefusal, 1);

          if (refusal->mutation_id <= 0 || g_hash_table_contains (push.refused, &refusal->mutation_id))
            continue;
          kept->mutation_id = refusal->mutation_id;
          kept->field = g_strdup (refusal->field);
          kept->message = g_strdup (refusal->message);
          g_ptr_array_add (push.refusals, kept);
          g_hash_table_insert (push.refused, &kept->mutation_id, kept);
        }
      if (!kt_pg_run (req->pg, "ROLLBACK TO SAVEPOINT kt_push", 0, NULL, error))
        return FALSE;
    }

  /* The last run's documents are the ones written. */
  kt_routes_keep_issued (req, push.documents);
  return finish_push (&push, client_id, error);
}

gboolean
kt_route_sync_push (KtRequest  *req,
                    GError    **error)
{
  g_autoptr (JsonObject) body = NULL;
  JsonNode *member;
  gint64 protocol;

  body = kt_request_read_object (req, error);
  if (body == NULL)
    return FALSE;

  /* The version first: an old client gets "please update", not a
   * complaint about a body it could not know. */
  member = json_object_get_member (body, "protocol");
  protocol = member != NULL && JSON_NODE_HOLDS_VALUE (member) &&
             json_node_get_value_type (member) == G_TYPE_INT64 ? json_node_get_int (member) : 0;
  if (!kt_sync_check_protocol (req, protocol))
    return TRUE;

  return kt_routes_in_transaction (req, push_in_transaction, body, error);
}
