/* kt-ai-standin.c: a stand-in AI provider for the tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "kt-ai-standin.h"

typedef enum {
  ANSWER_STREAM,
  ANSWER_TEXT,
  ANSWER_RAW,
  ANSWER_HANG,
  ANSWER_ENDLESS,
} AnswerKind;

typedef struct {
  AnswerKind kind;
  GStrv      pieces;
  gboolean   finish;
  char      *text;
  guint      status;
  char      *content_type;
  char      *body;
  char      *retry_after;
} Answer;

struct _KtAiStandin
{
  gboolean    gemini;
  SoupServer *soup;
  char       *base;
  GQueue      answers;
  Answer     *last;        /* repeated when the queue is empty */
  gsize       piece_size;
  guint       interval_ms;
  guint       n_requests;
  guint       n_aborted;
  char       *last_path;
  JsonObject *last_body;
  char       *last_key;
  GPtrArray  *writers;
  GArray     *sent_times;
};

/* One answer being written. */
typedef struct {
  KtAiStandin       *standin;
  SoupServerMessage *msg;
  char              *data;
  gsize              length;
  gsize              offset;
  guint              source;
  guint              ticks;
  gboolean           endless;
  gboolean           done;
} Writer;

static void
answer_free (Answer *answer)
{
  if (answer == NULL)
    return;
  g_strfreev (answer->pieces);
  g_free (answer->text);
  g_free (answer->content_type);
  g_free (answer->body);
  g_free (answer->retry_after);
  g_free (answer);
}

static void
writer_stop (Writer *writer)
{
  g_clear_handle_id (&writer->source, g_source_remove);
  writer->done = TRUE;
}

static void
writer_free (Writer *writer)
{
  writer_stop (writer);
  g_signal_handlers_disconnect_by_data (writer->msg, writer);
  g_object_unref (writer->msg);
  g_free (writer->data);
  g_free (writer);
}

static char *
json_text (const char *text)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_VALUE);

  json_node_set_string (node, text);
  return json_to_string (node, FALSE);
}

/* One chunk in the provider's exact format. Gemini ends its events with
 * CRLF pairs, as the real API does. */
static void
append_chunk (KtAiStandin *standin,
              GString     *out,
              const char  *text,
              gboolean     last)
{
  g_autofree char *quoted = json_text (text);

  if (standin->gemini)
    {
      g_string_append_printf (out,
                              "data: {\"candidates\": [{\"content\": {\"parts\": [{\"text\": %s}],"
                              "\"role\": \"model\"}%s,\"index\": 0}],"
                              "\"usageMetadata\": {\"promptTokenCount\": 12,\"candidatesTokenCount\": 3,"
                              "\"totalTokenCount\": 15},\"modelVersion\": \"gemini-2.5-flash\","
                              "\"responseId\": \"r1\"}\r\n\r\n",
                              quoted, last ? ",\"finishReason\": \"STOP\"" : "");
    }
  else
    {
      g_string_append_printf (out,
                              "data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\","
                              "\"created\":1796000000,\"model\":\"local\",\"choices\":[{\"index\":0,"
                              "\"delta\":{\"content\":%s},\"logprobs\":null,\"finish_reason\":null}]}\n\n",
                              quoted);
      if (last)
        g_string_append (out,
                         "data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\","
                         "\"created\":1796000000,\"model\":\"local\",\"choices\":[{\"index\":0,"
                         "\"delta\":{},\"logprobs\":null,\"finish_reason\":\"stop\"}],"
                         "\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":3,\"total_tokens\":15}}\n\n"
                         "data: [DONE]\n\n");
    }
}

static char *
whole_answer (KtAiStandin *standin,
              const char  *text)
{
  g_autofree char *quoted = json_text (text);

  if (standin->gemini)
    return g_strdup_printf ("{\"candidates\": [{\"content\": {\"parts\": [{\"text\": %s}],\"role\": \"model\"},"
                            "\"finishReason\": \"STOP\",\"index\": 0}],\"usageMetadata\": {"
                            "\"promptTokenCount\": 40,\"candidatesTokenCount\": 20,\"totalTokenCount\": 60},"
                            "\"modelVersion\": \"gemini-2.5-flash\"}", quoted);
  return g_strdup_printf ("{\"id\":\"chatcmpl-2\",\"object\":\"chat.completion\",\"created\":1796000000,"
                          "\"model\":\"local\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
                          "\"content\":%s},\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":40,"
                          "\"completion_tokens\":20,\"total_tokens\":60}}", quoted);
}

static gboolean write_next_cb (gpointer data);

static void
schedule (Writer *writer)
{
  if (writer->standin->interval_ms == 0)
    writer->source = g_idle_add (write_next_cb, writer);
  else
    writer->source = g_timeout_add (writer->standin->interval_ms, write_next_cb, writer);
}

/* The size of the next piece: a fixed size, or up to the end of the
 * next event. */
static gsize
next_piece (Writer *writer)
{
  gsize rest = writer->length - writer->offset;
  const char *start = writer->data + writer->offset;
  const char *end;

  if (writer->standin->piece_size > 0)
    return MIN (writer->standin->piece_size, rest);
  /* Gemini ends its events with CRLF pairs, OpenAI with LF pairs. */
  end = g_strstr_len (start, (gssize) rest, writer->standin->gemini ? "\r\n\r\n" : "\n\n");
  if (end == NULL)
    return rest;
  return (gsize) (end - start) + (writer->standin->gemini ? 4 : 2);
}

static gboolean
write_next_cb (gpointer data)
{
  Writer *writer = data;
  SoupMessageBody *body = soup_server_message_get_response_body (writer->msg);

  writer->source = 0;
  if (writer->endless)
    {
      g_autoptr(GString) chunk = g_string_new (NULL);

      append_chunk (writer->standin, chunk, "more ", FALSE);
      soup_message_body_append (body, SOUP_MEMORY_COPY, chunk->str, chunk->len);
      soup_server_message_unpause (writer->msg);
      writer->source = g_timeout_add (20, write_next_cb, writer);
      return G_SOURCE_REMOVE;
    }

  if (writer->offset < writer->length)
    {
      gsize n = next_piece (writer);

      soup_message_body_append (body, SOUP_MEMORY_COPY, writer->data + writer->offset, n);
      writer->offset += n;
      {
        gint64 now = g_get_monotonic_time ();

        g_array_append_val (writer->standin->sent_times, now);
      }
      soup_server_message_unpause (writer->msg);
    }
  if (writer->offset < writer->length)
    schedule (writer);
  else
    {
      writer->done = TRUE;
      soup_message_body_complete (body);
      soup_server_message_unpause (writer->msg);
    }
  return G_SOURCE_REMOVE;
}

static void
on_writer_finished_cb (SoupServerMessage *msg,
                       gpointer           data)
{
  Writer *writer = data;

  if (!writer->done)
    writer->standin->n_aborted++;
  writer_stop (writer);
}

static void
start_writer (KtAiStandin       *standin,
              SoupServerMessage *msg,
              char              *data,
              gboolean           endless)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  Writer *writer = g_new0 (Writer, 1);

  writer->standin = standin;
  writer->msg = g_object_ref (msg);
  writer->data = data;
  writer->length = data ? strlen (data) : 0;
  writer->endless = endless;
  g_ptr_array_add (standin->writers, writer);
  g_array_set_size (standin->sent_times, 0);
  g_signal_connect (msg, "finished", G_CALLBACK (on_writer_finished_cb), writer);

  soup_server_message_set_status (msg, 200, NULL);
  soup_message_headers_set_content_type (headers, "text/event-stream", NULL);
  soup_message_headers_set_encoding (headers, SOUP_ENCODING_CHUNKED);
  soup_message_body_set_accumulate (soup_server_message_get_response_body (msg), FALSE);
  /* The headers go out now; libsoup waits for the first chunk. */
  schedule (writer);
}

static void
record_request (KtAiStandin       *standin,
                SoupServerMessage *msg,
                const char        *path)
{
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  GUri *uri = soup_server_message_get_uri (msg);
  g_autoptr(JsonParser) parser = json_parser_new ();
  const char *key;

  standin->n_requests++;
  g_free (standin->last_path);
  standin->last_path = g_uri_get_query (uri) ? g_strconcat (path, "?", g_uri_get_query (uri), NULL)
                                              : g_strdup (path);
  g_clear_pointer (&standin->last_body, json_object_unref);
  if (body->data != NULL && json_parser_load_from_data (parser, body->data, (gssize) body->length, NULL) &&
      JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    standin->last_body = json_object_ref (json_node_get_object (json_parser_get_root (parser)));
  key = soup_message_headers_get_one (headers, standin->gemini ? "x-goog-api-key" : "Authorization");
  g_free (standin->last_key);
  standin->last_key = g_strdup (key);
}

static void
server_cb (SoupServer        *soup,
           SoupServerMessage *msg,
           const char        *path,
           GHashTable        *query,
           gpointer           data)
{
  KtAiStandin *standin = data;
  Answer *answer;
  GString *body;

  record_request (standin, msg, path);
  if (!g_queue_is_empty (&standin->answers))
    {
      answer_free (standin->last);
      standin->last = g_queue_pop_head (&standin->answers);
    }
  answer = standin->last;
  g_assert_nonnull (answer);

  switch (answer->kind)
    {
    case ANSWER_STREAM:
      body = g_string_new (NULL);
      for (guint i = 0; answer->pieces[i] != NULL; i++)
        append_chunk (standin, body, answer->pieces[i], answer->finish && answer->pieces[i + 1] == NULL);
      start_writer (standin, msg, g_string_free (body, FALSE), FALSE);
      break;
    case ANSWER_TEXT:
      {
        char *text = whole_answer (standin, answer->text);

        soup_server_message_set_status (msg, 200, NULL);
        soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_TAKE, text, strlen (text));
      }
      break;
    case ANSWER_RAW:
      if (answer->retry_after != NULL)
        soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                      "Retry-After", answer->retry_after);
      if (answer->status == 200 && g_str_equal (answer->content_type, "text/event-stream"))
        start_writer (standin, msg, g_strdup (answer->body), FALSE);
      else
        {
          soup_server_message_set_status (msg, answer->status, NULL);
          soup_server_message_set_response (msg, answer->content_type, SOUP_MEMORY_COPY,
                                            answer->body, strlen (answer->body));
        }
      break;
    case ANSWER_HANG:
      soup_server_message_pause (msg);
      break;
    case ANSWER_ENDLESS:
      start_writer (standin, msg, NULL, TRUE);
      break;
    default:
      g_assert_not_reached ();
    }
}

KtAiStandin *
kt_ai_standin_new (gboolean gemini)
{
  KtAiStandin *standin = g_new0 (KtAiStandin, 1);
  g_autoptr(GError) error = NULL;
  GSList *uris;

  standin->gemini = gemini;
  standin->piece_size = 5;
  standin->interval_ms = 1;
  standin->writers = g_ptr_array_new_with_free_func ((GDestroyNotify) writer_free);
  standin->sent_times = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_queue_init (&standin->answers);
  standin->soup = soup_server_new (NULL, NULL);
  soup_server_add_handler (standin->soup, NULL, server_cb, standin, NULL);
  soup_server_listen_local (standin->soup, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (standin->soup);
  standin->base = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  return standin;
}

void
kt_ai_standin_free (KtAiStandin *standin)
{
  soup_server_disconnect (standin->soup);
  g_ptr_array_unref (standin->writers);
  g_array_unref (standin->sent_times);
  g_object_unref (standin->soup);
  g_queue_clear_full (&standin->answers, (GDestroyNotify) answer_free);
  answer_free (standin->last);
  g_free (standin->base);
  g_free (standin->last_path);
  g_clear_pointer (&standin->last_body, json_object_unref);
  g_free (standin->last_key);
  g_free (standin);
}

const char *
kt_ai_standin_get_base (KtAiStandin *standin)
{
  return standin->base;
}

static Answer *
push (KtAiStandin *standin,
      AnswerKind   kind)
{
  Answer *answer = g_new0 (Answer, 1);

  answer->kind = kind;
  g_queue_push_tail (&standin->answers, answer);
  return answer;
}

void
kt_ai_standin_push_stream (KtAiStandin        *standin,
                           const char * const *pieces,
                           gboolean            finish)
{
  Answer *answer = push (standin, ANSWER_STREAM);

  answer->pieces = g_strdupv ((char **) pieces);
  answer->finish = finish;
}

void
kt_ai_standin_push_text (KtAiStandin *standin,
                         const char  *text)
{
  push (standin, ANSWER_TEXT)->text = g_strdup (text);
}

void
kt_ai_standin_push_raw (KtAiStandin *standin,
                        guint        status,
                        const char  *content_type,
                        const char  *body,
                        const char  *retry_after)
{
  Answer *answer = push (standin, ANSWER_RAW);

  answer->status = status;
  answer->content_type = g_strdup (content_type);
  answer->body = g_strdup (body);
  answer->retry_after = g_strdup (retry_after);
}

void
kt_ai_standin_push_hang (KtAiStandin *standin)
{
  push (standin, ANSWER_HANG);
}

void
kt_ai_standin_push_endless (KtAiStandin *standin)
{
  push (standin, ANSWER_ENDLESS);
}

void
kt_ai_standin_set_pieces (KtAiStandin *standin,
                          gsize        size,
                          guint        interval_ms)
{
  standin->piece_size = size;
  standin->interval_ms = interval_ms;
}

guint
kt_ai_standin_get_n_requests (KtAiStandin *standin)
{
  return standin->n_requests;
}

const char *
kt_ai_standin_get_last_path (KtAiStandin *standin)
{
  return standin->last_path;
}

JsonObject *
kt_ai_standin_get_last_body (KtAiStandin *standin)
{
  return standin->last_body;
}

const char *
kt_ai_standin_get_last_key (KtAiStandin *standin)
{
  return standin->last_key;
}

GArray *
kt_ai_standin_get_sent_times (KtAiStandin *standin)
{
  return standin->sent_times;
}

guint
kt_ai_standin_get_n_aborted (KtAiStandin *standin)
{
  return standin->n_aborted;
}
