/* kt-request.c: one HTTP request as the worker threads see it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-request"

#include "config.h"

#include <glib/gi18n.h>
#include <libsoup/soup.h>
#include <string.h>

#include "kantora-shared.h"
#include "kt-request.h"
#include "kt-server-error.h"

KtRequest *
kt_request_new (void)
{
  KtRequest *req = g_new0 (KtRequest, 1);

  req->language = g_strdup ("en");
  return req;
}

void
kt_request_free (KtRequest *req)
{
  if (req == NULL)
    return;
  g_free (req->method);
  g_free (req->path);
  g_strfreev (req->segments);
  g_clear_pointer (&req->query, g_hash_table_unref);
  g_clear_pointer (&req->body, g_bytes_unref);
  g_free (req->content_type);
  g_free (req->authorization);
  g_free (req->remote_address);
  g_free (req->language);
  g_free (req->if_none_match);
  g_free (req->stripe_signature);
  g_free (req->auth.user_id);
  g_free (req->auth.org_id);
  g_free (req->response);
  g_clear_pointer (&req->response_bytes, g_bytes_unref);
  g_clear_pointer (&req->response_gzip, g_bytes_unref);
  g_free (req->response_type);
  g_clear_pointer (&req->response_headers, g_hash_table_unref);
  g_clear_pointer (&req->issued, g_ptr_array_unref);
  if (req->deferred_free != NULL)
    req->deferred_free (req->deferred_data);
  if (req->stream_free != NULL)
    req->stream_free (req->stream_data);
  g_free (req);
}

void
kt_request_set_path (KtRequest  *req,
                     const char *path)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new ();
  g_auto(GStrv) split = NULL;

  g_return_if_fail (req != NULL);
  g_return_if_fail (path != NULL);

  g_free (req->path);
  req->path = g_strdup (path);
  g_clear_pointer (&req->segments, g_strfreev);

  split = g_strsplit (path, "/", -1);
  for (guint i = 0; split[i] != NULL; i++)
    {
      if (*split[i] == '\0')
        continue;
      /* The API version is part of the route, not a segment. */
      if (parts->len == 0 && g_str_equal (split[i], "v1"))
        continue;
      g_ptr_array_add (parts, g_strdup (split[i]));
    }
  req->n_segments = parts->len;
  g_ptr_array_add (parts, NULL);
  req->segments = (char **) g_ptr_array_steal (parts, NULL);
}

char *
kt_request_pick_language (const char *accept_language)
{
  /* Only two languages exist; the first one named wins. */
  if (accept_language != NULL)
    {
      g_auto(GStrv) parts = g_strsplit (accept_language, ",", -1);

      for (guint i = 0; parts[i] != NULL; i++)
        {
          const char *tag = g_strstrip (parts[i]);

          if (g_ascii_strncasecmp (tag, "bg", 2) == 0)
            return g_strdup ("bg");
          if (g_ascii_strncasecmp (tag, "en", 2) == 0)
            return g_strdup ("en");
        }
    }
  return g_strdup ("en");
}

gboolean
kt_request_check_text (KtRequest  *req,
                       GError    **error)
{
  GHashTableIter iter;
  gpointer key, value;

  g_return_val_if_fail (req != NULL, FALSE);

  /* libsoup hands over the path and the query percent-decoded, whatever
   * bytes the escapes made; everything after this assumes UTF-8 (SQL
   * parameters, JSON answers that echo a value). */
  if (req->path != NULL && !g_utf8_validate (req->path, -1, NULL))
    {
      g_set_error (error, KT_SERVER_ERROR, KT_SERVER_ERROR_BAD_REQUEST,
                   _("The path of the request is not valid UTF-8"));
      return FALSE;
    }
  if (req->query == NULL)
    return TRUE;

  g_hash_table_iter_init (&iter, req->query);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      if (!g_utf8_validate (key, -1, NULL))
        {
          g_set_error (error, KT_SERVER_ERROR, KT_SERVER_ERROR_BAD_REQUEST,
                       _("The name of a query parameter is not valid UTF-8"));
          return FALSE;
        }
      if (value != NULL && !g_utf8_validate (value, -1, NULL))
        {
          kt_server_set_field_error (error, KT_SERVER_ERROR_BAD_REQUEST, key,
                                     _("The value of the query parameter “%s” is not valid UTF-8"),
                                     (const char *) key);
          return FALSE;
        }
    }
  return TRUE;
}

const char *
kt_request_get_query (KtRequest  *req,
                      const char *key)
{
  g_return_val_if_fail (req != NULL, NULL);
  return req->query ? g_hash_table_lookup (req->query, key) : NULL;
}

/* The exact media type application/json (any case), with parameters;
 * a charset, when named, must be UTF-8, the only encoding of JSON. */
static gboolean
check_media_type (const char  *content_type,
                  GError     **error)
{
  static const char json[] = "application/json";
  const char *p = content_type;

  if (p != NULL)
    {
      while (*p == ' ' || *p == '\t')
        p++;
      if (g_ascii_strncasecmp (p, json, strlen (json)) == 0)
        {
          p += strlen (json);
          while (*p == ' ' || *p == '\t')
            p++;
          if (*p == '\0')
            return TRUE;
          if (*p == ';')
            {
              GHashTable *params = soup_header_parse_semi_param_list (p + 1);
              const char *charset = g_hash_table_lookup (params, "charset");
              gboolean utf8 = charset == NULL ||
                              g_ascii_strcasecmp (charset, "utf-8") == 0 ||
                              g_ascii_strcasecmp (charset, "utf8") == 0;

              if (!utf8)
                {
                  g_autofree char *valid = g_utf8_make_valid (charset, -1);

                  g_set_error (error, KT_SERVER_ERROR, KT_SERVER_ERROR_MEDIA_TYPE,
                               _("The request body must be UTF-8 JSON, not “%s”"), valid);
                }
              soup_header_free_param_list (params);
              return utf8;
            }
        }
    }

  g_set_error (error, KT_SERVER_ERROR, KT_SERVER_ERROR_MEDIA_TYPE,
               _("The request body must be JSON (Content-Type: application/json)"));
  return FALSE;
}

JsonObject *
kt_request_read_object (KtRequest  *req,
                        GError    **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *data;
  gsize size = 0;
  JsonNode *root;

  g_return_val_if_fail (req != NULL, NULL);

  if (!check_media_type (req->content_type, error))
    return NULL;

  data = req->body ? g_bytes_get_data (req->body, &size) : NULL;
  if (size == 0)
    {
      g_set_error (error, KT_SERVER_ERROR, KT_SERVER_ERROR_MALFORMED_JSON,
                   _("The request body is empty; a JSON object was expected"));
      return NULL;
    }

  /* json-glib recurses per nesting level on this worker's stack and
   * misreads some valid-looking text; the guard's KT_ERROR answers 400
   * malformed, 400 wrong_type or 422 validation as it is. */
  if (!kt_json_guard_check_full (data, size, KT_JSON_GUARD_MAX_DEPTH, KT_JSON_GUARD_MAX_VALUES, error))
    return NULL;

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, data, (gssize) size, &local_error))
    {
      g_set_error (error, KT_SERVER_ERROR, KT_SERVER_ERROR_MALFORMED_JSON,
                   _("The request body is not valid JSON: %s"), local_error->message);
      return NULL;
    }

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, KT_SERVER_ERROR, KT_SERVER_ERROR_MALFORMED_JSON,
                   _("The request body must be a JSON object"));
      return NULL;
    }

  return json_object_ref (json_node_get_object (root));
}

void
kt_request_respond_text (KtRequest *req,
                         guint      status,
                         char      *json)
{
  kt_request_respond_text_len (req, status, json, json != NULL ? strlen (json) : 0);
}

void
kt_request_respond_text_len (KtRequest *req,
                             guint      status,
                             char      *json,
                             gsize      len)
{
  g_return_if_fail (req != NULL);
  g_return_if_fail (json == NULL || json[len] == '\0');

  req->status = status;
  g_free (req->response);
  req->response = json;
  req->response_len = len;
  g_clear_pointer (&req->response_bytes, g_bytes_unref);
  g_clear_pointer (&req->response_gzip, g_bytes_unref);
  g_clear_pointer (&req->response_type, g_free);
  g_clear_pointer (&req->response_headers, g_hash_table_unref);
}

void
kt_request_respond_bytes (KtRequest  *req,
                          guint       status,
                          const char *content_type,
                          GBytes     *bytes)
{
  g_return_if_fail (req != NULL);
  g_return_if_fail (content_type != NULL);
  g_return_if_fail (bytes != NULL);

  kt_request_respond_text (req, status, NULL);
  req->response_bytes = g_bytes_ref (bytes);
  req->response_type = g_strdup (content_type);
}

void
kt_request_defer (KtRequest      *req,
                  KtRequestWork   work,
                  gpointer        data,
                  GDestroyNotify  free_data)
{
  g_return_if_fail (req != NULL && work != NULL);
  g_return_if_fail (req->deferred == NULL);

  req->deferred = work;
  req->deferred_data = data;
  req->deferred_free = free_data;
}

void
kt_request_stream (KtRequest      *req,
                   void          (*start) (KtRequest        *req,
                                           KtResponseStream *out,
                                           gpointer          data),
                   gpointer        data,
                   GDestroyNotify  free_data)
{
  g_return_if_fail (req != NULL && start != NULL);
  g_return_if_fail (req->stream_start == NULL && req->deferred == NULL);

  req->stream_start = start;
  req->stream_data = data;
  req->stream_free = free_data;
}

void
kt_request_set_header (KtRequest  *req,
                       const char *name,
                       const char *value)
{
  g_return_if_fail (req != NULL);
  g_return_if_fail (name != NULL && value != NULL);

  if (req->response_headers == NULL)
    req->response_headers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_hash_table_replace (req->response_headers, g_strdup (name), g_strdup (value));
}

void
kt_request_respond_json (KtRequest *req,
                         guint      status,
                         JsonNode  *node)
{
  g_return_if_fail (req != NULL);
  g_return_if_fail (node != NULL);

  kt_request_respond_text (req, status, json_to_string (node, FALSE));
}

void
kt_request_respond_empty (KtRequest *req,
                          guint      status)
{
  kt_request_respond_text (req, status, NULL);
}

/* An outage turns every request into a 503; one line a few seconds
 * (with a count of the ones left out) keeps the log readable while it lasts,
 * where a line a request would bury everything else. Other 5xx are rare and
 * each one is worth its line. */
static void
log_server_error (KtRequest  *req,
                  guint       status,
                  const char *message)
{
  static gint64 last_logged_us;
  static guint suppressed;
  static GMutex lock;
  gint64 now = g_get_monotonic_time ();
  guint left_out = 0;
  gboolean log_it = TRUE;

  if (status == 503)
    {
      g_mutex_lock (&lock);
      if (last_logged_us != 0 && now - last_logged_us < 5 * G_USEC_PER_SEC)
        {
          suppressed++;
          log_it = FALSE;
        }
      else
        {
          left_out = suppressed;
          suppressed = 0;
          last_logged_us = now;
        }
      g_mutex_unlock (&lock);
    }
  if (!log_it)
    return;
  if (left_out > 0)
    g_warning ("%s %s: %s (and %u more 503 answers in the last seconds)",
               req->method, req->path, message, left_out);
  else
    g_warning ("%s %s: %s", req->method, req->path, message);
}

void
kt_request_respond_error (KtRequest    *req,
                          const GError *error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *message = NULL;
  const char *field;
  guint status;

  g_return_if_fail (req != NULL);
  g_return_if_fail (error != NULL);

  status = kt_server_error_status (error);
  field = kt_server_error_get_field (error);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "error");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "code");
  json_builder_add_string_value (builder, kt_server_error_code (error));
  json_builder_set_member_name (builder, "message");
  /* Messages may quote what the client sent; the answer stays UTF-8. */
  message = g_utf8_make_valid (error->message, -1);
  /* The AI provider's failures are no fault of ours, and what they say
   * (a timeout, a refused key) is the person's to read. */
  if (error->domain == KT_SERVER_ERROR && error->code >= KT_SERVER_ERROR_AI_NOT_CONFIGURED &&
      error->code <= KT_SERVER_ERROR_AI_TIMEOUT)
    {
      g_message ("%s %s: %u %s", req->method ? req->method : "-", req->path ? req->path : "-", status, message);
      json_builder_add_string_value (builder, message);
    }
  /* Database and internal details stay in the log, not in the answer. */
  /* What Stripe said, and that billing is not set up, are neither: the
   * person who tried to pay needs them. */
  else if (status >= 500 && !g_error_matches (error, KT_SERVER_ERROR, KT_SERVER_ERROR_PAYMENT_PROVIDER) &&
           !g_error_matches (error, KT_SERVER_ERROR, KT_SERVER_ERROR_BILLING_OFF))
    {
      log_server_error (req, status, message);
      json_builder_add_string_value (builder, status == 503
                                     ? _("The service is temporarily unavailable; try again")
                                     : _("Internal server error"));
    }
  else
    {
      if (status >= 500)
        log_server_error (req, status, message);
      json_builder_add_string_value (builder, message);
    }
  if (field != NULL)
    {
      g_autofree char *valid_field = g_utf8_make_valid (field, -1);

      json_builder_set_member_name (builder, "field");
      json_builder_add_string_value (builder, valid_field);
    }
  json_builder_end_object (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  kt_request_respond_json (req, status, root);
}

gboolean
kt_json_get_string (JsonObject  *object,
                    const char  *key,
                    gboolean     required,
                    const char **out,
                    GError     **error)
{
  JsonNode *node = json_object_get_member (object, key);

  *out = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      if (required)
        {
          kt_server_set_field_error (error, KT_SERVER_ERROR_VALIDATION, key,
                                     _("“%s” is required"), key);
          return FALSE;
        }
      return TRUE;
    }
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      /* A number where a string belongs is the client's type error
       * (400 wrong_type), not a value that failed a rule (422). */
      GError *local = g_error_new (KT_ERROR, KT_ERROR_WRONG_TYPE, _("“%s” must be a string"), key);

      kt_error_set_field (local, key);
      g_propagate_error (error, local);
      return FALSE;
    }
  *out = json_node_get_string (node);
  if (required && **out == '\0')
    {
      kt_server_set_field_error (error, KT_SERVER_ERROR_VALIDATION, key,
                                 _("“%s” is required"), key);
      return FALSE;
    }
  return TRUE;
}
