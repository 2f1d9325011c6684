/* kt-ai-provider.c: the AI providers' wire formats
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-ai-provider"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "kantora-shared.h"
#include "kt-ai-provider.h"
#include "kt-server-error.h"

/* An answer deeper than this is not one of the formats. */
#define MAX_DEPTH 64

gboolean
kt_ai_provider_parse (const char       *name,
                      KtAiProviderKind *out)
{
  if (g_strcmp0 (name, "gemini") == 0)
    *out = KT_AI_PROVIDER_GEMINI;
  else if (g_strcmp0 (name, "openai") == 0)
    *out = KT_AI_PROVIDER_OPENAI;
  else
    return FALSE;
  return TRUE;
}

const char *
kt_ai_provider_name (KtAiProviderKind kind)
{
  return kind == KT_AI_PROVIDER_GEMINI ? "gemini" : "openai";
}

const char *
kt_ai_default_base_url (KtAiProviderKind kind)
{
  return kind == KT_AI_PROVIDER_GEMINI ? "https://generativelanguage.googleapis.com"
                                       : "http://127.0.0.1:8080";
}

const char *
kt_ai_default_model (KtAiProviderKind kind)
{
  return kind == KT_AI_PROVIDER_GEMINI ? "gemini-2.5-flash" : "default";
}

KtAiSettings *
kt_ai_settings_new (KtAiProviderKind kind,
                    const char      *base_url,
                    const char      *model,
                    const char      *api_key)
{
  KtAiSettings *settings = g_new0 (KtAiSettings, 1);
  const char *base = base_url != NULL && *base_url ? base_url : kt_ai_default_base_url (kind);
  gsize len = strlen (base);

  /* "http://host/" and "http://host" are the same base. */
  while (len > 0 && base[len - 1] == '/')
    len--;
  settings->kind = kind;
  settings->base_url = g_strndup (base, len);
  settings->model = g_strdup (model != NULL && *model ? model : kt_ai_default_model (kind));
  settings->api_key = api_key != NULL && *api_key ? g_strdup (api_key) : NULL;
  return settings;
}

void
kt_ai_settings_free (KtAiSettings *settings)
{
  if (settings == NULL)
    return;
  g_free (settings->base_url);
  g_free (settings->model);
  if (settings->api_key != NULL)
    explicit_bzero (settings->api_key, strlen (settings->api_key));
  g_free (settings->api_key);
  g_free (settings);
}

void
kt_ai_chunk_clear (KtAiChunk *chunk)
{
  g_clear_pointer (&chunk->text, g_free);
  g_clear_pointer (&chunk->finish_reason, g_free);
  chunk->done = FALSE;
  chunk->prompt_tokens = chunk->output_tokens = -1;
}

/* Requests */

char *
kt_ai_request_url (const KtAiSettings *settings,
                   gboolean            stream)
{
  g_return_val_if_fail (settings != NULL, NULL);

  if (settings->kind == KT_AI_PROVIDER_GEMINI)
    {
      g_autofree char *model = g_uri_escape_string (settings->model, "-._~", FALSE);

      return g_strdup_printf ("%s/v1beta/models/%s:%s", settings->base_url, model,
                              stream ? "streamGenerateContent?alt=sse" : "generateContent");
    }
  return g_strdup_printf ("%s/v1/chat/completions", settings->base_url);
}

void
kt_ai_request_auth (const KtAiSettings *settings,
                    const char        **name,
                    char              **value)
{
  if (settings->kind == KT_AI_PROVIDER_GEMINI)
    {
      *name = "x-goog-api-key";
      *value = g_strdup (settings->api_key);
    }
  else
    {
      *name = "Authorization";
      *value = settings->api_key ? g_strconcat ("Bearer ", settings->api_key, NULL) : NULL;
    }
}

static const char *
message_string (JsonObject *message,
                const char *key)
{
  JsonNode *node = json_object_get_member (message, key);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return "";
  return json_node_get_string (node);
}

static void
build_gemini (JsonBuilder       *b,
              const KtAiRequest *request)
{
  guint n = json_array_get_length (request->messages);

  json_builder_set_member_name (b, "contents");
  json_builder_begin_array (b);
  for (guint i = 0; i < n; i++)
    {
      JsonObject *message = json_array_get_object_element (request->messages, i);
      const char *role = message_string (message, "role");

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "role");
      json_builder_add_string_value (b, g_str_equal (role, "assistant") ? "model" : "user");
      json_builder_set_member_name (b, "parts");
      json_builder_begin_array (b);
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "text");
      json_builder_add_string_value (b, message_string (message, "content"));
      json_builder_end_object (b);
      json_builder_end_array (b);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  if (request->system != NULL)
    {
      json_builder_set_member_name (b, "systemInstruction");
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "parts");
      json_builder_begin_array (b);
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "text");
      json_builder_add_string_value (b, request->system);
      json_builder_end_object (b);
      json_builder_end_array (b);
      json_builder_end_object (b);
    }

  if (request->schema != NULL)
    {
      json_builder_set_member_name (b, "generationConfig");
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "responseMimeType");
      json_builder_add_string_value (b, "application/json");
      json_builder_set_member_name (b, "responseSchema");
      json_builder_add_value (b, kt_ai_gemini_schema (request->schema));
      json_builder_end_object (b);
    }
}

static void
build_openai (JsonBuilder        *b,
              const KtAiSettings *settings,
              const KtAiRequest  *request)
{
  guint n = json_array_get_length (request->messages);

  json_builder_set_member_name (b, "model");
  json_builder_add_string_value (b, settings->model);
  json_builder_set_member_name (b, "stream");
  json_builder_add_boolean_value (b, request->stream);
  json_builder_set_member_name (b, "messages");
  json_builder_begin_array (b);
  if (request->system != NULL)
    {
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "role");
      json_builder_add_string_value (b, "system");
      json_builder_set_member_name (b, "content");
      json_builder_add_string_value (b, request->system);
      json_builder_end_object (b);
    }
  for (guint i = 0; i < n; i++)
    {
      JsonObject *message = json_array_get_object_element (request->messages, i);
      const char *role = message_string (message, "role");

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "role");
      json_builder_add_string_value (b, g_str_equal (role, "assistant") ? "assistant" : "user");
      json_builder_set_member_name (b, "content");
      json_builder_add_string_value (b, message_string (message, "content"));
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  if (request->schema != NULL)
    {
      json_builder_set_member_name (b, "response_format");
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "type");
      json_builder_add_string_value (b, "json_schema");
      json_builder_set_member_name (b, "json_schema");
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "name");
      json_builder_add_string_value (b, request->schema_name ? request->schema_name : "answer");
      json_builder_set_member_name (b, "strict");
      json_builder_add_boolean_value (b, TRUE);
      json_builder_set_member_name (b, "schema");
      json_builder_add_value (b, json_node_init_object (json_node_alloc (), request->schema));
      json_builder_end_object (b);
      json_builder_end_object (b);
    }
}

char *
kt_ai_request_body (const KtAiSettings *settings,
                    const KtAiRequest  *request)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  g_return_val_if_fail (settings != NULL, NULL);
  g_return_val_if_fail (request != NULL && request->messages != NULL, NULL);

  json_builder_begin_object (b);
  if (settings->kind == KT_AI_PROVIDER_GEMINI)
    build_gemini (b, request);
  else
    build_openai (b, settings, request);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  return json_to_string (root, FALSE);
}

/* Answers */

static JsonNode *
parse_json (const char *data,
            gsize       length,
            GError    **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) local_error = NULL;

  if (!kt_json_guard_check (data, length, MAX_DEPTH, &local_error) ||
      !json_parser_load_from_data (parser, data, (gssize) length, &local_error))
    {
      g_set_error (error, KT_SERVER_ERROR, KT_SERVER_ERROR_AI_UPSTREAM,
                   _("The AI provider answered something that is not JSON: %s"), local_error->message);
      return NULL;
    }
  return json_parser_steal_root (parser);
}

/* Members of the right type or NULL: a provider's answer is input. */
static JsonObject *
get_object (JsonObject *object,
            const char *key)
{
  JsonNode *node = object ? json_object_get_member (object, key) : NULL;

  return node && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static JsonArray *
get_array (JsonObject *object,
           const char *key)
{
  JsonNode *node = object ? json_object_get_member (object, key) : NULL;

  return node && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

static const char *
get_string (JsonObject *object,
            const char *key)
{
  JsonNode *node = object ? json_object_get_member (object, key) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

/* A count: -1 when not said, and when what is said is no count. */
static gint64
get_count (JsonObject *object,
           const char *key)
{
  JsonNode *node = object ? json_object_get_member (object, key) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    return -1;
  return MAX (json_node_get_int (node), -1);
}

/* A finish reason in lower case ("length" is "max_tokens" everywhere), or
 * NULL: an empty one says nothing. */
static char *
finish_reason (const char *finish)
{
  if (finish == NULL || *finish == '\0')
    return NULL;
  if (g_ascii_strcasecmp (finish, "length") == 0)
    return g_strdup ("max_tokens");
  return g_ascii_strdown (finish, -1);
}

static JsonObject *
get_element_object (JsonArray *array,
                    guint      index)
{
  JsonNode *node;

  if (array == NULL || index >= json_array_get_length (array))
    return NULL;
  node = json_array_get_element (array, index);
  return JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

/* An error object inside a 200 answer or a stream (Gemini does that when
 * it fails mid-stream). */
static gboolean
check_error_member (JsonObject *root,
                    GError    **error)
{
  JsonObject *err = get_object (root, "error");
  const char *message;

  if (err == NULL)
    return TRUE;
  message = get_string (err, "message");
  g_set_error (error, KT_SERVER_ERROR, KT_SERVER_ERROR_AI_UPSTREAM,
               _("The AI provider failed: %s"), message ? message : _("no reason given"));
  return FALSE;
}

static gboolean
read_gemini (JsonObject *root,
             KtAiChunk  *chunk,
             GError    **error)
{
  JsonObject *feedback = get_object (root, "promptFeedback");
  JsonObject *candidate = get_element_object (get_array (root, "candidates"), 0);
  JsonObject *usage = get_object (root, "usageMetadata");
  JsonArray *parts;
  GString *text = g_string_new (NULL);
  const char *finish;

  if (usage != NULL)
    {
      chunk->prompt_tokens = get_count (usage, "promptTokenCount");
      chunk->output_tokens = get_count (usage, "candidatesTokenCount");
    }

  /* A blocked prompt: no candidate, and the reason in promptFeedback. */
  if (candidate == NULL && get_string (feedback, "blockReason") != NULL)
    {
      g_string_free (text, TRUE);
      g_set_error (error, KT_SERVER_ERROR, KT_SERVER_ERROR_AI_BLOCKED,
                   _("The AI provider refused the question (%s)"), get_string (feedback, "blockReason"));
      return FALSE;
    }

  parts = get_array (get_object (candidate, "content"), "parts");
  for (guint i = 0; parts != NULL && i < json_array_get_length (parts); i++)
    {
      const char *part = get_string (get_element_object (parts, i), "text");

      /* Thoughts of thinking models are not the answer. */
      if (part != NULL && get_element_object (parts, i) != NULL &&
          !json_object_has_member (get_element_object (parts, i), "thought"))
        g_string_append (text, part);
    }

  finish = get_string (candidate, "finishReason");
  if (g_strcmp0 (finish, "SAFETY") == 0 || g_strcmp0 (finish, "PROHIBITED_CONTENT") == 0 ||
      g_strcmp0 (finish, "BLOCKLIST") == 0 || g_strcmp0 (finish, "SPII") == 0)
    {
      g_string_free (text, TRUE);
      g_set_error (error, KT_SERVER_ERROR, KT_SERVER_ERROR_AI_BLOCKED,
                   _("The AI provider stopped the answer (%s)"), finish);
      return FALSE;
    }
  if (g_strcmp0 (finish, "FINISH_REASON_UNSPECIFIED") != 0)
    chunk->finish_reason = finish_reason (finish);
  chunk->text = g_string_free (text, FALSE);
  return TRUE;
}

static gboolean
read_openai (JsonObject *root,
             gboolean    streamed,
             KtAiChunk  *chunk,
             GError    **error)
{
  JsonObject *choice = get_element_object (get_array (root, "choices"), 0);
  JsonObject *usage = get_object (root, "usage");
  JsonObject *message = get_object (choice, streamed ? "delta" : "message");
  const char *content = get_string (message, "content");
  const char *finish = get_string (choice, "finish_reason");

  if (usage != NULL)
    {
      chunk->prompt_tokens = get_count (usage, "prompt_tokens");
      chunk->output_tokens = get_count (usage, "completion_tokens");
    }
  /* A chunk with usage only (stream_options) has no choice. */
  if (choice == NULL && usage == NULL)
    {
      g_set_error (error, KT_SERVER_ERROR, KT_SERVER_ERROR_AI_UPSTREAM,
                   _("The AI provider answered without a choice"));
      return FALSE;
    }
  if (finish != NULL && g_ascii_strcasecmp (finish, "content_filter") == 0)
    {
      g_set_error (error, KT_SERVER_ERROR, KT_SERVER_ERROR_AI_BLOCKED,
                   _("The AI provider stopped the answer (%s)"), finish);
      return FALSE;
    }
  chunk->text = g_strdup (content ? content : "");
  chunk->finish_reason = finish_reason (finish);
  return TRUE;
}

static gboolean
parse_answer (KtAiProviderKind kind,
              const char      *data,
              gsize            length,
              gboolean         streamed,
              KtAiChunk       *chunk,
              GError         **error)
{
  g_autoptr(JsonNode) root = NULL;

  chunk->text = NULL;
  chunk->finish_reason = NULL;
  chunk->done = FALSE;
  chunk->prompt_tokens = chunk->output_tokens = -1;

  if (streamed && kind == KT_AI_PROVIDER_OPENAI && length == 6 && memcmp (data, "[DONE]", 6) == 0)
    {
      chunk->text = g_strdup ("");
      chunk->done = TRUE;
      return TRUE;
    }

  root = parse_json (data, length, error);
  if (root == NULL)
    return FALSE;
  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, KT_SERVER_ERROR, KT_SERVER_ERROR_AI_UPSTREAM,
                   _("The AI provider answered something that is not an object"));
      return FALSE;
    }
  if (!check_error_member (json_node_get_object (root), error))
    return FALSE;
  if (kind == KT_AI_PROVIDER_GEMINI)
    return read_gemini (json_node_get_object (root), chunk, error);
  return read_openai (json_node_get_object (root), streamed, chunk, error);
}

gboolean
kt_ai_parse_chunk (KtAiProviderKind kind,
                   const char      *data,
                   gsize            length,
                   KtAiChunk       *chunk,
                   GError         **error)
{
  g_return_val_if_fail (data != NULL && chunk != NULL, FALSE);
  return parse_answer (kind, data, length, TRUE, chunk, error);
}

gboolean
kt_ai_parse_response (KtAiProviderKind kind,
                      const char      *data,
                      gsize            length,
                      KtAiChunk       *chunk,
                      GError         **error)
{
  g_return_val_if_fail (data != NULL && chunk != NULL, FALSE);
  return parse_answer (kind, data, length, FALSE, chunk, error);
}

/* "23s", "1.5s": Google's Duration in JSON. */
static gint64
parse_duration (const char *text)
{
  char *end = NULL;
  double seconds;

  if (text == NULL)
    return -1;
  seconds = g_ascii_strtod (text, &end);
  /* Written so that NaN ("nans" reads as one) fails too: casting it is
   * undefined. */
  if (end == text || g_strcmp0 (end, "s") != 0 || !(seconds >= 0 && seconds <= 86400))
    return -1;
  return (gint64) (seconds + 0.999);
}

void
kt_ai_parse_error (KtAiProviderKind kind,
                   guint            status,
                   const char      *body,
                   gsize            length,
                   const char      *retry_after_header,
                   gint64          *retry_after,
                   GError         **error)
{
  g_autoptr(JsonNode) root = NULL;
  JsonObject *err = NULL;
  JsonArray *details;
  const char *message = NULL;
  gboolean per_day = FALSE;
  guint64 header_seconds;

  *retry_after = -1;
  if (body != NULL && length > 0)
    root = parse_json (body, length, NULL);
  if (root != NULL && JSON_NODE_HOLDS_OBJECT (root))
    err = get_object (json_node_get_object (root), "error");
  message = get_string (err, "message");

  /* Gemini: details[] holds RetryInfo {retryDelay} and QuotaFailure
   * {violations[].quotaId}; a quota per day is spent for today. */
  details = get_array (err, "details");
  for (guint i = 0; details != NULL && i < json_array_get_length (details); i++)
    {
      JsonObject *detail = get_element_object (details, i);
      const char *type = get_string (detail, "@type");
      JsonArray *violations = get_array (detail, "violations");

      if (g_strcmp0 (type, "type.googleapis.com/google.rpc.RetryInfo") == 0)
        *retry_after = parse_duration (get_string (detail, "retryDelay"));
      for (guint j = 0; violations != NULL && j < json_array_get_length (violations); j++)
        {
          const char *quota = get_string (get_element_object (violations, j), "quotaId");

          if (quota != NULL && strstr (quota, "PerDay") != NULL)
            per_day = TRUE;
        }
    }
  if (*retry_after < 0 && retry_after_header != NULL &&
      g_ascii_string_to_unsigned (retry_after_header, 10, 0, 86400, &header_seconds, NULL))
    *retry_after = (gint64) header_seconds;

  if (status == 429 && per_day)
    g_set_error (error, KT_SERVER_ERROR, KT_SERVER_ERROR_AI_QUOTA,
                 _("The AI provider’s daily quota is used up: %s"), message ? message : "");
  else if (status == 429)
    g_set_error (error, KT_SERVER_ERROR, KT_SERVER_ERROR_AI_RATE_LIMITED,
                 _("The AI provider is busy; try again shortly: %s"), message ? message : "");
  else
    g_set_error (error, KT_SERVER_ERROR, KT_SERVER_ERROR_AI_UPSTREAM,
                 _("The AI provider answered %u: %s"), status,
                 message ? message : _("no reason given"));
}

/* Schemas */

static const char * const gemini_schema_keys[] = {
  "description", "nullable", "format", "minItems", "maxItems", "enum", NULL
};

JsonNode *
kt_ai_gemini_schema (JsonObject *schema)
{
  JsonObject *out = json_object_new ();
  const char *type = get_string (schema, "type");
  JsonObject *properties = get_object (schema, "properties");
  JsonObject *items = get_object (schema, "items");
  JsonNode *node;

  if (type != NULL)
    {
      g_autofree char *upper = g_ascii_strup (type, -1);

      json_object_set_string_member (out, "type", upper);
    }
  for (guint i = 0; gemini_schema_keys[i] != NULL; i++)
    {
      JsonNode *value = json_object_get_member (schema, gemini_schema_keys[i]);

      if (value != NULL)
        json_object_set_member (out, gemini_schema_keys[i], json_node_copy (value));
    }
  if (properties != NULL)
    {
      JsonObject *converted = json_object_new ();
      JsonObjectIter iter;
      const char *name;
      JsonNode *value;

      json_object_iter_init (&iter, properties);
      while (json_object_iter_next (&iter, &name, &value))
        if (JSON_NODE_HOLDS_OBJECT (value))
          json_object_set_member (converted, name, kt_ai_gemini_schema (json_node_get_object (value)));
      json_object_set_object_member (out, "properties", converted);
    }
  if (json_object_has_member (schema, "required"))
    json_object_set_member (out, "required", json_node_copy (json_object_get_member (schema, "required")));
  if (items != NULL)
    json_object_set_member (out, "items", kt_ai_gemini_schema (items));
  node = json_node_init_object (json_node_alloc (), out);
  json_object_unref (out);
  return node;
}
