/* kt-route-ai.c: the AI proxy: /v1/ai/chat, /v1/ai/structured and the
 * organization's provider (/v1/ai/settings)
 *
 * Keys stay on the server: a client asks here, and the server asks the
 * provider (server/ai) with the organization's own provider or the
 * server's, and counts the request against the plan first
 * (kt_pg_ai_usage_take()). docs/ai.md has the design, docs/api.md the
 * routes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-route-ai"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "kantora-shared.h"
#include "kt-ai-client.h"
#include "kt-ai-schema.h"
#include "kt-ai-secret.h"
#include "kt-pg-ai.h"
#include "kt-policy.h"
#include "kt-response-stream.h"
#include "kt-routes.h"
#include "kt-secret-box.h"
#include "kt-server-error.h"

/* What a client may send: a long conversation, not a book. */
#define MAX_MESSAGES        100
#define MAX_MESSAGE_CHARS   32000
#define MAX_CONTEXT_ITEMS   20
#define MAX_CONTEXT_CHARS   20000
#define MAX_LABEL_CHARS     200
#define MAX_URL_CHARS       2000
#define MAX_MODEL_CHARS     200
#define MAX_KEY_CHARS       1000

#define SYSTEM_CHAT \
  "You are the assistant inside Kantora, a CRM for small businesses. Answer briefly and " \
  "concretely, in the language of the question, in Markdown. Use only the records the person " \
  "shared below and what they tell you; say so when you do not know."

/* Settings */

static char *
read_server_key (const KtServerConfig *config)
{
  char *text;

  if (config->ai_api_key != NULL)
    return g_strdup (config->ai_api_key);
  if (config->ai_api_key_file != NULL && (text = kt_secret_file_read (config->ai_api_key_file, NULL)) != NULL)
    return g_strstrip (text);
  return NULL;
}

/* The organization's own provider when it chose one, else the server's. */
static KtAiSettings *
resolve_settings (KtRequest *req,
                  GError   **error)
{
  g_autoptr(KtPgAiSettings) own = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *key = NULL;
  KtAiProviderKind kind;
  KtAiSettings *settings;

  own = kt_pg_ai_settings_get (req->pg, req->auth.org_id, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  if (own != NULL)
    {
      if (!kt_ai_provider_parse (own->provider, &kind))
        g_assert_not_reached ();   /* the table's CHECK */
      if (own->api_key_sealed != NULL &&
          (key = kt_ai_secret_open (req->config, own->api_key_sealed, error)) == NULL)
        return NULL;
      settings = kt_ai_settings_new (kind, own->base_url, own->model, key);
    }
  else if (req->config->ai_provider != NULL && kt_ai_provider_parse (req->config->ai_provider, &kind))
    {
      key = read_server_key (req->config);
      settings = kt_ai_settings_new (kind, req->config->ai_base_url, req->config->ai_model, key);
    }
  else
    {
      g_set_error_literal (error, KT_SERVER_ERROR, KT_SERVER_ERROR_AI_NOT_CONFIGURED,
                           _("No AI provider is set up on this server"));
      return NULL;
    }

  if (key != NULL)
    explicit_bzero (key, strlen (key));
  return settings;
}

/* Counts the request; 403 plan_limit (rolled back) over the plan's
 * limit when the server enforces limits. */
static gboolean
take_usage (KtRequest *req,
            gpointer   data,
            GError   **error)
{
  const KtPlan *plans = kt_server_config_enforces_limits (req->config) ? req->config->plans : NULL;

  return kt_pg_ai_usage_take (req->pg, req->auth.org_id, plans, g_get_real_time () / G_USEC_PER_SEC,
                              NULL, error);
}

/* The body's conversation and shared context, checked */

static gboolean
check_text (JsonNode   *node,
            const char *field,
            gsize       max_chars,
            gboolean    allow_empty,
            GError    **error)
{
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      kt_server_set_field_error (error, KT_SERVER_ERROR_VALIDATION, field,
                                 _("“%s” must be text"), field);
      return FALSE;
    }
  if ((!allow_empty && *json_node_get_string (node) == '\0') ||
      g_utf8_strlen (json_node_get_string (node), -1) > (glong) max_chars)
    {
      kt_server_set_field_error (error, KT_SERVER_ERROR_VALIDATION, field,
                                 _("“%s” is empty or too long"), field);
      return FALSE;
    }
  return TRUE;
}

/* @body's "messages": user and assistant turns, the last the person's. */
static JsonArray *
read_messages (JsonObject *body,
               GError    **error)
{
  JsonNode *node = json_object_get_member (body, "messages");
  JsonArray *messages;
  guint n;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node) ||
      (n = json_array_get_length (json_node_get_array (node))) == 0 || n > MAX_MESSAGES)
    {
      kt_server_set_field_error (error, KT_SERVER_ERROR_VALIDATION, "messages",
                                 _("“messages” must be a list of 1 to 100 messages"));
      return NULL;
    }
  messages = json_node_get_array (node);
  for (guint i = 0; i < n; i++)
    {
      JsonNode *item = json_array_get_element (messages, i);
      JsonObject *message = JSON_NODE_HOLDS_OBJECT (item) ? json_node_get_object (item) : NULL;
      JsonNode *role = message ? json_object_get_member (message, "role") : NULL;
      const char *role_text = role && JSON_NODE_HOLDS_VALUE (role) &&
                              json_node_get_value_type (role) == G_TYPE_STRING ? json_node_get_string (role) : NULL;

      if (message == NULL || (g_strcmp0 (role_text, "user") != 0 && g_strcmp0 (role_text, "assistant") != 0) ||
          (i == n - 1 && !g_str_equal (role_text, "user")))
        {
          kt_server_set_field_error (error, KT_SERVER_ERROR_VALIDATION, "messages",
                                     _("Each message needs the role “user” or “assistant”, and the last is the person’s"));
          return NULL;
        }
      if (!check_text (json_object_get_member (message, "content"), "content", MAX_MESSAGE_CHARS, FALSE, error))
        return NULL;
    }
  return json_array_ref (messages);
}

/* The system instruction: @base, then each record the person shared as
 * the client showed it ("context": [{label, text}]), nothing else. */
static char *
read_system (JsonObject *body,
             const char *base,
             GError    **error)
{
  JsonNode *node = json_object_get_member (body, "context");
  g_autoptr(GString) system = g_string_new (base);
  JsonArray *context;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return g_string_free (g_steal_pointer (&system), FALSE);
  if (!JSON_NODE_HOLDS_ARRAY (node) || json_array_get_length (json_node_get_array (node)) > MAX_CONTEXT_ITEMS)
    {
      kt_server_set_field_error (error, KT_SERVER_ERROR_VALIDATION, "context",
                                 _("“context” must be a list of at most 20 items"));
      return NULL;
    }
  context = json_node_get_array (node);
  if (json_array_get_length (context) > 0)
    g_string_append (system, "\n\nRecords the person shared:");
  for (guint i = 0; i < json_array_get_length (context); i++)
    {
      JsonNode *item = json_array_get_element (context, i);
      JsonObject *object = JSON_NODE_HOLDS_OBJECT (item) ? json_node_get_object (item) : NULL;

      if (object == NULL)
        {
          kt_server_set_field_error (error, KT_SERVER_ERROR_VALIDATION, "context",
                                     _("Each item of “context” must be an object"));
          return NULL;
        }
      if (!check_text (json_object_get_member (object, "label"), "label", MAX_LABEL_CHARS, FALSE, error) ||
          !check_text (json_object_get_member (object, "text"), "text", MAX_CONTEXT_CHARS, TRUE, error))
        return NULL;
      g_string_append_printf (system, "\n\n### %s\n%s", json_object_get_string_member (object, "label"),
                              json_object_get_string_member (object, "text"));
    }
  return g_string_free (g_steal_pointer (&system), FALSE);
}

/* POST /v1/ai/chat: the answer as a text/event-stream */

typedef struct {
  KtAiSettings         *settings;
  JsonArray            *messages;
  char                 *system;
  const KtServerConfig *config;
  KtResponseStream     *out;
  KtAiStream           *upstream;
  GString              *buffer;
} AiChat;

static void
ai_chat_free (AiChat *chat)
{
  g_clear_pointer (&chat->settings, kt_ai_settings_free);
  g_clear_pointer (&chat->messages, json_array_unref);
  g_free (chat->system);
  g_string_free (chat->buffer, TRUE);
  g_free (chat);
}

static void
send_event (AiChat     *chat,
            const char *type,
            JsonNode   *data)
{
  g_autofree char *json = json_to_string (data, FALSE);

  g_string_truncate (chat->buffer, 0);
  kt_sse_append_event (chat->buffer, type, json);
  kt_response_stream_write (chat->out, chat->buffer->str, chat->buffer->len);
}

static void
on_chat_started (gpointer data)
{
  AiChat *chat = data;

  kt_response_stream_begin (chat->out, 200, "text/event-stream; charset=utf-8");
}

static void
on_chat_delta (const char *text,
               gsize       length,
               gpointer    data)
{
  AiChat *chat = data;
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), json_object_new ());

  /* json_node_init_object() took its own reference. */
  json_object_unref (json_node_get_object (node));
  json_object_set_string_member (json_node_get_object (node), "text", text);
  send_event (chat, "delta", node);
}

static void
on_chat_finished (const char *finish_reason,
                  gint64      prompt_tokens,
                  gint64      output_tokens,
                  gpointer    data)
{
  AiChat *chat = data;
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) node = NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "finish_reason");
  json_builder_add_string_value (b, finish_reason);
  json_builder_set_member_name (b, "usage");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "prompt_tokens");
  if (prompt_tokens >= 0)
    json_builder_add_int_value (b, prompt_tokens);
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "output_tokens");
  if (output_tokens >= 0)
    json_builder_add_int_value (b, output_tokens);
  else
    json_builder_add_null_value (b);
  json_builder_end_object (b);
  json_builder_end_object (b);
  node = json_builder_get_root (b);
  send_event (chat, "done", node);
  kt_response_stream_finish (chat->out);
  ai_chat_free (chat);
}

static void
on_chat_failed (const GError *error,
                gint64        retry_after,
                gpointer      data)
{
  AiChat *chat = data;

  if (kt_response_stream_has_begun (chat->out))
    {
      g_autoptr(KtRequest) answer = kt_request_new ();
      g_autoptr(JsonParser) parser = json_parser_new ();

      /* The same {"error": {...}} shape as every JSON error. */
      kt_request_respond_error (answer, error);
      if (json_parser_load_from_data (parser, answer->response, -1, NULL))
        send_event (chat, "error", json_parser_get_root (parser));
      kt_response_stream_finish (chat->out);
    }
  else
    kt_response_stream_fail (chat->out, error, retry_after);
  ai_chat_free (chat);
}

static const KtAiStreamCallbacks chat_callbacks = {
  on_chat_started, on_chat_delta, on_chat_finished, on_chat_failed,
};

/* The client went away: the provider is told at once (the connection to
 * it closes), and nothing more is counted or written. */
static void
on_chat_closed (gpointer data)
{
  AiChat *chat = data;

  kt_ai_stream_cancel (chat->upstream);
  ai_chat_free (chat);
}

static void
chat_start (KtRequest        *req,
            KtResponseStream *out,
            gpointer          data)
{
  AiChat *chat = data;
  KtAiRequest request = { chat->messages, chat->system, NULL, NULL, TRUE };

  chat->out = out;
  chat->config = req->config;
  kt_response_stream_set_closed_func (out, on_chat_closed, chat);
  chat->upstream = kt_ai_stream_start (chat->settings, &request, chat->config, &chat_callbacks, chat);
}

static const char * const chat_keys[] = { "messages", "context", "conversation_id", NULL };

gboolean
kt_route_ai_chat (KtRequest *req,
                  GError   **error)
{
  g_autoptr(JsonObject) body = kt_request_read_object (req, error);
  g_autoptr(JsonArray) messages = NULL;
  g_autofree char *system = NULL;
  g_autoptr(KtAiSettings) settings = NULL;
  AiChat *chat;

  if (body == NULL || !kt_routes_check_keys (body, chat_keys, error))
    return FALSE;
  if ((messages = read_messages (body, error)) == NULL ||
      (system = read_system (body, SYSTEM_CHAT, error)) == NULL ||
      (settings = resolve_settings (req, error)) == NULL ||
      !kt_routes_in_transaction (req, take_usage, NULL, error))
    return FALSE;

  chat = g_new0 (AiChat, 1);
  chat->settings = g_steal_pointer (&settings);
  chat->messages = g_steal_pointer (&messages);
  chat->system = g_steal_pointer (&system);
  chat->buffer = g_string_sized_new (256);
  kt_request_stream (req, chat_start, chat, (GDestroyNotify) ai_chat_free);
  return TRUE;
}

/* POST /v1/ai/structured: a named action's JSON, checked */

typedef struct {
  KtAiSettings     *settings;
  const KtAiAction *action;
  JsonArray        *messages;
  char             *system;
} AiStructured;

static void
ai_structured_free (AiStructured *job)
{
  g_clear_pointer (&job->settings, kt_ai_settings_free);
  g_clear_pointer (&job->messages, json_array_unref);
  g_free (job->system);
  g_free (job);
}

static void
add_message (JsonArray  *messages,
             const char *role,
             const char *content)
{
  JsonObject *message = json_object_new ();

  json_object_set_string_member (message, "role", role);
  json_object_set_string_member (message, "content", content);
  json_array_add_object_element (messages, message);
}

/* The answer as JSON that fits the schema, or NULL with why not. */
static JsonNode *
check_output (JsonObject *schema,
              const char *text,
              GError    **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) local_error = NULL;

  if (!kt_json_guard_check (text, strlen (text), KT_JSON_GUARD_MAX_DEPTH, &local_error) ||
      !json_parser_load_from_data (parser, text, -1, &local_error))
    {
      g_set_error (error, KT_SERVER_ERROR, KT_SERVER_ERROR_AI_INVALID_OUTPUT,
                   _("The AI answer is not JSON: %s"), local_error->message);
      return NULL;
    }
  if (!kt_ai_schema_validate (schema, json_parser_get_root (parser), error))
    return NULL;
  return json_parser_steal_root (parser);
}

/* On the render pool: no database connection is held while the provider
 * thinks. */
static gboolean
structured_work (KtRequest *req,
                 gpointer   data,
                 GError   **error)
{
  AiStructured *job = data;
  g_autoptr(JsonObject) schema = kt_ai_action_schema (job->action);
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(JsonNode) result = NULL;
  guint attempt;

  for (attempt = 1; result == NULL; attempt++)
    {
      KtAiRequest request = { job->messages, job->system, schema, job->action->name, FALSE };
      g_autoptr(GError) invalid = NULL;
      g_autofree char *text = NULL;
      gint64 retry_after = -1;

      text = kt_ai_complete (job->settings, &request, req->config, NULL, &retry_after, &invalid);
      if (text == NULL)
        {
          /* Answered here rather than returned: Retry-After goes with it. */
          kt_request_respond_error (req, invalid);
          if (retry_after >= 0)
            {
              g_autofree char *seconds = g_strdup_printf ("%" G_GINT64_FORMAT, retry_after);

              kt_request_set_header (req, "Retry-After", seconds);
            }
          return TRUE;
        }
      result = check_output (schema, text, &invalid);
      if (result != NULL)
        break;
      /* Once more, saying what was wrong; then a clear error, never a
       * part of an answer. */
      if (attempt == 2)
        {
          g_propagate_error (error, g_steal_pointer (&invalid));
          return FALSE;
        }
      g_message ("AI output for %s did not fit its schema; asking again: %s",
                 job->action->name, invalid->message);
      add_message (job->messages, "assistant", text);
      {
        g_autofree char *again = g_strdup_printf ("That answer does not fit the JSON schema (%s). "
                                                  "Answer again with JSON that fits it, and nothing else.",
                                                  invalid->message);

        add_message (job->messages, "user", again);
      }
    }

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "action");
  json_builder_add_string_value (b, job->action->name);
  json_builder_set_member_name (b, "result");
  json_builder_add_value (b, g_steal_pointer (&result));
  json_builder_set_member_name (b, "attempts");
  json_builder_add_int_value (b, attempt);
  json_builder_end_object (b);
  answer = json_builder_get_root (b);
  kt_request_respond_json (req, 200, answer);
  return TRUE;
}

static const char * const structured_keys[] = { "action", "prompt", "context", NULL };

gboolean
kt_route_ai_structured (KtRequest *req,
                        GError   **error)
{
  g_autoptr(JsonObject) body = kt_request_read_object (req, error);
  g_autoptr(KtAiSettings) settings = NULL;
  g_autofree char *system = NULL;
  const KtAiAction *action;
  const char *name = NULL, *prompt = NULL;
  AiStructured *job;

  if (body == NULL || !kt_routes_check_keys (body, structured_keys, error) ||
      !kt_json_get_string (body, "action", TRUE, &name, error) ||
      !kt_json_get_string (body, "prompt", FALSE, &prompt, error))
    return FALSE;
  if ((action = kt_ai_action_find (name)) == NULL)
    {
      g_autofree char *names = g_strjoinv (", ", (char **) kt_ai_action_names ());

      kt_server_set_field_error (error, KT_SERVER_ERROR_VALIDATION, "action",
                                 _("“action” must be one of: %s"), names);
      return FALSE;
    }
  if (prompt != NULL && !check_text (json_object_get_member (body, "prompt"), "prompt",
                                     MAX_MESSAGE_CHARS, FALSE, error))
    return FALSE;
  if ((system = read_system (body, action->system, error)) == NULL ||
      (settings = resolve_settings (req, error)) == NULL ||
      !kt_routes_in_transaction (req, take_usage, NULL, error))
    return FALSE;

  job = g_new0 (AiStructured, 1);
  job->settings = g_steal_pointer (&settings);
  job->action = action;
  job->system = g_steal_pointer (&system);
  job->messages = json_array_new ();
  add_message (job->messages, "user", prompt ? prompt : "Do this for the records shared.");
  kt_request_defer (req, structured_work, job, (GDestroyNotify) ai_structured_free);
  return TRUE;
}

/* /v1/ai/settings: the organization's own provider (Owner, Admin) */

static gboolean
respond_settings (KtRequest *req,
                  GError   **error)
{
  g_autoptr(KtPgAiSettings) own = NULL;
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) local_error = NULL;
  gint64 used = 0, limit = 0;
  KtAiProviderKind kind;
  const char *source = "none", *provider = NULL, *base_url = NULL, *model = NULL;
  gboolean has_key = FALSE;

  own = kt_pg_ai_settings_get (req->pg, req->auth.org_id, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (!kt_pg_ai_usage_get (req->pg, req->auth.org_id,
                           kt_server_config_enforces_limits (req->config) ? req->config->plans : NULL,
                           &used, &limit, error))
    return FALSE;

  if (own != NULL)
    {
      source = "organization";
      provider = own->provider;
      base_url = own->base_url;
      model = own->model;
      has_key = own->api_key_sealed != NULL;
    }
  else if (req->config->ai_provider != NULL && kt_ai_provider_parse (req->config->ai_provider, &kind))
    {
      /* The server's provider: which one, not where or with what key. */
      source = "server";
      provider = kt_ai_provider_name (kind);
      model = req->config->ai_model ? req->config->ai_model : kt_ai_default_model (kind);
    }

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "source");
  json_builder_add_string_value (b, source);
  json_builder_set_member_name (b, "provider");
  json_builder_add_string_value (b, provider);
  json_builder_set_member_name (b, "base_url");
  json_builder_add_string_value (b, base_url);
  json_builder_set_member_name (b, "model");
  json_builder_add_string_value (b, model);
  json_builder_set_member_name (b, "has_key");
  json_builder_add_boolean_value (b, has_key);
  json_builder_set_member_name (b, "updated_at");
  json_builder_add_string_value (b, own ? own->updated_at : NULL);
  json_builder_set_member_name (b, "usage");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "used");
  json_builder_add_int_value (b, used);
  json_builder_set_member_name (b, "limit");
  if (limit >= 0)
    json_builder_add_int_value (b, limit);
  else
    json_builder_add_null_value (b);
  json_builder_end_object (b);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  kt_request_respond_json (req, 200, root);
  return TRUE;
}

gboolean
kt_route_ai_settings_get (KtRequest *req,
                          GError   **error)
{
  if (!kt_policy_may_manage_ai (req->auth.role, error))
    return FALSE;
  return respond_settings (req, error);
}

/* A string member, NULL, or absent (@present FALSE). */
static gboolean
optional_text (JsonObject  *body,
               const char  *key,
               gsize        max_chars,
               gboolean    *present,
               const char **out,
               GError     **error)
{
  JsonNode *node = json_object_get_member (body, key);

  *present = node != NULL;
  *out = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!check_text (node, key, max_chars, TRUE, error))
    return FALSE;
  *out = *json_node_get_string (node) ? json_node_get_string (node) : NULL;
  return TRUE;
}

typedef struct {
  const char *provider;
  const char *base_url;
  const char *model;
  char       *sealed;
  gboolean    keep_key;
} SettingsPut;

static gboolean
put_settings (KtRequest *req,
              gpointer   data,
              GError   **error)
{
  SettingsPut *put = data;

  return kt_pg_ai_settings_put (req->pg, req->auth.org_id, req->auth.user_id, put->provider,
                                put->base_url, put->model, put->sealed, put->keep_key, error) &&
         respond_settings (req, error);
}

static const char * const settings_keys[] = { "provider", "base_url", "model", "api_key", NULL };

gboolean
kt_route_ai_settings_put (KtRequest *req,
                          GError   **error)
{
  g_autoptr(JsonObject) body = NULL;
  SettingsPut put = { NULL, NULL, NULL, NULL, FALSE };
  const char *api_key = NULL;
  gboolean present, key_present;
  KtAiProviderKind kind;
  gboolean ok;

  if (!kt_policy_may_manage_ai (req->auth.role, error))
    return FALSE;
  body = kt_request_read_object (req, error);
  if (body == NULL || !kt_routes_check_keys (body, settings_keys, error) ||
      !kt_json_get_string (body, "provider", TRUE, &put.provider, error) ||
      !optional_text (body, "base_url", MAX_URL_CHARS, &present, &put.base_url, error) ||
      !optional_text (body, "model", MAX_MODEL_CHARS, &present, &put.model, error) ||
      !optional_text (body, "api_key", MAX_KEY_CHARS, &key_present, &api_key, error))
    return FALSE;
  if (!kt_ai_provider_parse (put.provider, &kind))
    {
      kt_server_set_field_error (error, KT_SERVER_ERROR_VALIDATION, "provider",
                                 _("“provider” must be “gemini” or “openai”"));
      return FALSE;
    }
  if (put.base_url != NULL)
    {
      g_autoptr(GUri) uri = g_uri_parse (put.base_url, G_URI_FLAGS_NONE, NULL);

      if (uri == NULL || (g_strcmp0 (g_uri_get_scheme (uri), "http") != 0 &&
                          g_strcmp0 (g_uri_get_scheme (uri), "https") != 0) ||
          g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0' ||
          g_uri_get_userinfo (uri) != NULL || g_uri_get_query (uri) != NULL)
        {
          kt_server_set_field_error (error, KT_SERVER_ERROR_VALIDATION, "base_url",
                                     _("“base_url” must be an http or https URL without a query"));
          return FALSE;
        }
    }

  /* Absent: keep the stored key; null or "": none; text: sealed. */
  put.keep_key = !key_present;
  if (api_key != NULL)
    {
      put.sealed = kt_ai_secret_seal (req->config, api_key, error);
      if (put.sealed == NULL)
        return FALSE;
    }

  ok = kt_routes_in_transaction (req, put_settings, &put, error);
  g_free (put.sealed);
  return ok;
}

static gboolean
delete_settings (KtRequest *req,
                 gpointer   data,
                 GError   **error)
{
  if (!kt_pg_ai_settings_delete (req->pg, req->auth.org_id, error))
    return FALSE;
  kt_request_respond_empty (req, 204);
  return TRUE;
}

gboolean
kt_route_ai_settings_delete (KtRequest *req,
                             GError   **error)
{
  if (!kt_policy_may_manage_ai (req->auth.role, error))
    return FALSE;
  return kt_routes_in_transaction (req, delete_settings, NULL, error);
}
