/* kt-smtp-sink.c: a real SMTP server for tests, and a MIME reader
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "kt-smtp-sink.h"

struct _KtSmtpSink {
  GThread        *thread;
  GMainContext   *context;
  GMainLoop      *loop;
  GSocketService *service;
  guint16         port;
  char           *dir;

  GMutex          lock;
  GCond           ready;
  char           *user;
  char           *password;
  KtSmtpSinkMode  mode;
  GTlsCertificate *certificate;  /* STARTTLS offered, or TLS from the start */
  gboolean        implicit_tls;
  GPtrArray      *messages;   /* of KtSmtpSinkMessage */
};

static void
sink_message_free (gpointer data)
{
  KtSmtpSinkMessage *m = data;

  g_unlink (m->path);
  g_free (m->mail_from);
  g_strfreev (m->rcpt_to);
  g_bytes_unref (m->data);
  g_free (m->path);
  g_free (m);
}

static gboolean
reply (GOutputStream *out,
       const char    *text)
{
  g_autofree char *line = g_strconcat (text, "\r\n", NULL);

  return g_output_stream_write_all (out, line, strlen (line), NULL, NULL, NULL);
}

/* The address between the angle brackets of "MAIL FROM:<a@b>". */
static char *
angle_address (const char *line)
{
  const char *open = strchr (line, '<');
  const char *close = open != NULL ? strchr (open, '>') : NULL;

  return close != NULL ? g_strndup (open + 1, close - open - 1) : g_strdup ("");
}

static gboolean
check_plain (KtSmtpSink *sink,
             const char *b64)
{
  gsize n = 0;
  g_autofree guchar *raw = g_base64_decode (b64, &n);
  g_autofree char *expected = NULL;
  gsize expected_n;
  gboolean ok;

  /* authzid NUL user NUL password, with an empty authzid. */
  g_mutex_lock (&sink->lock);
  expected = g_strdup_printf ("%c%s%c%s", 0, sink->user, 0, sink->password);
  expected_n = 2 + strlen (sink->user) + strlen (sink->password);
  g_mutex_unlock (&sink->lock);
  ok = n == expected_n && memcmp (raw, expected, n) == 0;
  return ok;
}

static void
store_message (KtSmtpSink *sink,
               char       *mail_from,
               GPtrArray  *rcpt,
               GString    *data,
               gboolean    tls)
{
  KtSmtpSinkMessage *m = g_new0 (KtSmtpSinkMessage, 1);

  m->tls = tls;
  g_ptr_array_add (rcpt, NULL);
  m->mail_from = mail_from;
  m->rcpt_to = (GStrv) g_ptr_array_steal (rcpt, NULL);
  m->data = g_bytes_new (data->str, data->len);
  g_mutex_lock (&sink->lock);
  m->path = g_strdup_printf ("%s/message-%03u.eml", sink->dir, sink->messages->len);
  g_assert_true (g_file_set_contents (m->path, data->str, data->len, NULL));
  g_ptr_array_add (sink->messages, m);
  g_mutex_unlock (&sink->lock);
}

/* A connection's streams: the socket's, or TLS over it after STARTTLS. */
typedef struct {
  GIOStream        *stream;
  GDataInputStream *in;
  GOutputStream    *out;
  gboolean          tls;
} Session;

static void
session_use (Session   *s,
             GIOStream *stream)
{
  g_clear_object (&s->in);
  g_set_object (&s->stream, stream);
  s->in = g_data_input_stream_new (g_io_stream_get_input_stream (stream));
  /* The socket outlives this reader when TLS takes over. */
  g_filter_input_stream_set_close_base_stream (G_FILTER_INPUT_STREAM (s->in), FALSE);
  g_data_input_stream_set_newline_type (s->in, G_DATA_STREAM_NEWLINE_TYPE_CR_LF);
  s->out = g_io_stream_get_output_stream (stream);
}

static gboolean
session_start_tls (Session         *s,
                   GTlsCertificate *certificate)
{
  g_autoptr(GIOStream) tls = g_tls_server_connection_new (s->stream, certificate, NULL);

  if (tls == NULL || !g_tls_connection_handshake (G_TLS_CONNECTION (tls), NULL, NULL))
    return FALSE;
  session_use (s, tls);
  s->tls = TRUE;
  return TRUE;
}

static void
serve (KtSmtpSink *sink,
       Session    *s)
{
  g_autoptr(GPtrArray) rcpt = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *mail_from = NULL;
  gboolean authed = FALSE;
  g_autoptr(GTlsCertificate) certificate = NULL;
  gboolean implicit_tls;
  KtSmtpSinkMode first_mode;

  g_mutex_lock (&sink->lock);
  g_set_object (&certificate, sink->certificate);
  implicit_tls = sink->implicit_tls;
  first_mode = sink->mode;
  g_mutex_unlock (&sink->lock);
  if (certificate != NULL && implicit_tls && !session_start_tls (s, certificate))
    return;

  /* RFC 5321 4.3.2: a server that is down says so and closes. */
  if (first_mode == KT_SMTP_SINK_DOWN)
    {
      reply (s->out, "421 kantora-sink Service not available, closing transmission channel");
      return;
    }
  reply (s->out, "220 kantora-sink ESMTP");
  for (;;)
    {
      g_autofree char *line = g_data_input_stream_read_line (s->in, NULL, NULL, NULL);
      gboolean need_auth;
      KtSmtpSinkMode mode;

      if (line == NULL)
        return;
      g_mutex_lock (&sink->lock);
      need_auth = sink->user != NULL;
      mode = sink->mode;
      g_mutex_unlock (&sink->lock);

      if (g_ascii_strncasecmp (line, "EHLO", 4) == 0)
        {
          reply (s->out, "250-kantora-sink");
          if (certificate != NULL && !s->tls)
            reply (s->out, "250-STARTTLS");
          if (need_auth)
            reply (s->out, "250-AUTH PLAIN");
          reply (s->out, "250 8BITMIME");
        }
      else if (g_ascii_strcasecmp (line, "STARTTLS") == 0 && certificate != NULL && !s->tls)
        {
          /* RFC 3207: everything learnt before is forgotten. */
          reply (s->out, "220 2.0.0 Ready to start TLS");
          if (!session_start_tls (s, certificate))
            return;
          authed = FALSE;
          g_clear_pointer (&mail_from, g_free);
          g_ptr_array_set_size (rcpt, 0);
        }
      else if (g_ascii_strncasecmp (line, "HELO", 4) == 0)
        reply (s->out, "250 kantora-sink");
      else if (g_ascii_strncasecmp (line, "AUTH PLAIN", 10) == 0 && need_auth)
        {
          g_autofree char *response = NULL;

          if (line[10] == ' ')
            response = g_strdup (line + 11);
          else
            {
              reply (s->out, "334 ");
              response = g_data_input_stream_read_line (s->in, NULL, NULL, NULL);
              if (response == NULL)
                return;
            }
          authed = check_plain (sink, response);
          reply (s->out, authed ? "235 2.7.0 Authentication successful"
                             : "535 5.7.8 Authentication credentials invalid");
        }
      else if (g_ascii_strncasecmp (line, "MAIL FROM:", 10) == 0)
        {
          if (need_auth && !authed)
            reply (s->out, "530 5.7.0 Authentication required");
          else
            {
              g_free (mail_from);
              mail_from = angle_address (line);
              g_ptr_array_set_size (rcpt, 0);
              reply (s->out, "250 2.1.0 Ok");
            }
        }
      else if (g_ascii_strncasecmp (line, "RCPT TO:", 8) == 0)
        {
          g_autofree char *address = angle_address (line);

          if (mail_from == NULL)
            reply (s->out, "503 5.5.1 MAIL first");
          else if (mode == KT_SMTP_SINK_REFUSE_RCPT)
            {
              g_autofree char *text = g_strdup_printf ("550 5.1.1 <%s>: Recipient address rejected: "
                                                       "User unknown", address);
              reply (s->out, text);
            }
          else
            {
              g_ptr_array_add (rcpt, g_steal_pointer (&address));
              reply (s->out, "250 2.1.5 Ok");
            }
        }
      else if (g_ascii_strcasecmp (line, "DATA") == 0)
        {
          g_autoptr(GString) data = g_string_new (NULL);

          if (rcpt->len == 0)
            {
              reply (s->out, "503 5.5.1 RCPT first");
              continue;
            }
          reply (s->out, "354 End data with <CR><LF>.<CR><LF>");
          for (;;)
            {
              g_autofree char *text = g_data_input_stream_read_line (s->in, NULL, NULL, NULL);

              if (text == NULL)
                return;
              if (mode == KT_SMTP_SINK_DROP_IN_DATA)
                {
                  g_io_stream_close (s->stream, NULL, NULL);
                  return;
                }
              if (strcmp (text, ".") == 0)
                break;
              /* RFC 5321 4.5.2: the sender doubled every leading dot. */
              g_string_append (data, text[0] == '.' ? text + 1 : text);
              g_string_append (data, "\r\n");
            }
          store_message (sink, g_steal_pointer (&mail_from), rcpt, data, s->tls);
          g_ptr_array_set_size (rcpt, 0);
          reply (s->out, "250 2.0.0 Ok: queued");
        }
      else if (g_ascii_strcasecmp (line, "RSET") == 0)
        {
          g_clear_pointer (&mail_from, g_free);
          g_ptr_array_set_size (rcpt, 0);
          reply (s->out, "250 2.0.0 Ok");
        }
      else if (g_ascii_strcasecmp (line, "NOOP") == 0)
        reply (s->out, "250 2.0.0 Ok");
      else if (g_ascii_strcasecmp (line, "QUIT") == 0)
        {
          reply (s->out, "221 2.0.0 Bye");
          return;
        }
      else
        reply (s->out, "502 5.5.2 Command not recognized");
    }
}

/* One connection, on a thread of the service's pool: blocking I/O. */
static gboolean
on_service_run_cb (GThreadedSocketService *service,
                   GSocketConnection      *connection,
                   GObject                *source,
                   gpointer                user_data)
{
  Session s = { NULL, };

  session_use (&s, G_IO_STREAM (connection));
  serve (user_data, &s);
  g_clear_object (&s.in);
  g_clear_object (&s.stream);
  return FALSE;
}

static gpointer
sink_thread (gpointer data)
{
  KtSmtpSink *sink = data;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) effective = NULL;
  g_autoptr(GError) error = NULL;

  g_main_context_push_thread_default (sink->context);
  /* Created here so that it accepts on this thread's context. */
  sink->service = g_threaded_socket_service_new (4);
  g_socket_listener_add_address (G_SOCKET_LISTENER (sink->service), address,
                                 G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP,
                                 NULL, &effective, &error);
  g_assert_no_error (error);
  g_signal_connect (sink->service, "run", G_CALLBACK (on_service_run_cb), sink);
  g_socket_service_start (sink->service);

  g_mutex_lock (&sink->lock);
  sink->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (effective));
  g_cond_signal (&sink->ready);
  g_mutex_unlock (&sink->lock);

  g_main_loop_run (sink->loop);
  g_socket_service_stop (sink->service);
  g_socket_listener_close (G_SOCKET_LISTENER (sink->service));
  g_clear_object (&sink->service);
  g_main_context_pop_thread_default (sink->context);
  return NULL;
}

KtSmtpSink *
kt_smtp_sink_new (void)
{
  KtSmtpSink *sink = g_new0 (KtSmtpSink, 1);
  g_autoptr(GError) error = NULL;

  sink->dir = g_dir_make_tmp ("kt-smtp-sink-XXXXXX", &error);
  g_assert_no_error (error);
  g_mutex_init (&sink->lock);
  g_cond_init (&sink->ready);
  sink->messages = g_ptr_array_new_with_free_func (sink_message_free);
  sink->context = g_main_context_new ();
  sink->loop = g_main_loop_new (sink->context, FALSE);

  g_mutex_lock (&sink->lock);
  sink->thread = g_thread_new ("smtp-sink", sink_thread, sink);
  while (sink->port == 0)
    g_cond_wait (&sink->ready, &sink->lock);
  g_mutex_unlock (&sink->lock);
  return sink;
}

static gboolean
quit_cb (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

void
kt_smtp_sink_free (KtSmtpSink *sink)
{
  if (sink == NULL)
    return;
  g_main_context_invoke (sink->context, quit_cb, sink->loop);
  g_thread_join (sink->thread);
  g_main_loop_unref (sink->loop);
  g_main_context_unref (sink->context);
  g_ptr_array_unref (sink->messages);
  g_rmdir (sink->dir);
  g_free (sink->dir);
  g_free (sink->user);
  g_free (sink->password);
  g_clear_object (&sink->certificate);
  g_mutex_clear (&sink->lock);
  g_cond_clear (&sink->ready);
  g_free (sink);
}

guint16
kt_smtp_sink_get_port (KtSmtpSink *sink)
{
  return sink->port;
}

void
kt_smtp_sink_set_auth (KtSmtpSink *sink,
                       const char *user,
                       const char *password)
{
  g_mutex_lock (&sink->lock);
  g_free (sink->user);
  g_free (sink->password);
  sink->user = g_strdup (user);
  sink->password = g_strdup (password);
  g_mutex_unlock (&sink->lock);
}

void
kt_smtp_sink_set_tls (KtSmtpSink      *sink,
                      GTlsCertificate *certificate,
                      gboolean         implicit_tls)
{
  g_mutex_lock (&sink->lock);
  g_set_object (&sink->certificate, certificate);
  sink->implicit_tls = implicit_tls;
  g_mutex_unlock (&sink->lock);
}

void
kt_smtp_sink_set_mode (KtSmtpSink     *sink,
                       KtSmtpSinkMode  mode)
{
  g_mutex_lock (&sink->lock);
  sink->mode = mode;
  g_mutex_unlock (&sink->lock);
}

guint
kt_smtp_sink_count (KtSmtpSink *sink)
{
  guint n;

  g_mutex_lock (&sink->lock);
  n = sink->messages->len;
  g_mutex_unlock (&sink->lock);
  return n;
}

const KtSmtpSinkMessage *
kt_smtp_sink_get (KtSmtpSink *sink,
                  guint       index)
{
  const KtSmtpSinkMessage *m;

  g_mutex_lock (&sink->lock);
  g_assert_cmpuint (index, <, sink->messages->len);
  m = g_ptr_array_index (sink->messages, index);
  g_mutex_unlock (&sink->lock);
  return m;
}

/* The reader. */

void
kt_mail_part_free (KtMailPart *part)
{
  if (part == NULL)
    return;
  g_hash_table_unref (part->headers);
  g_clear_pointer (&part->parts, g_ptr_array_unref);
  g_clear_pointer (&part->body, g_bytes_unref);
  g_free (part);
}

const char *
kt_mail_part_header (KtMailPart *part,
                     const char *name)
{
  g_autofree char *key = g_ascii_strdown (name, -1);

  return g_hash_table_lookup (part->headers, key);
}

char *
kt_mail_part_text (KtMailPart *part)
{
  gsize n = 0;
  const char *data;

  g_assert_nonnull (part->body);
  data = g_bytes_get_data (part->body, &n);
  return g_strndup (data, n);
}

static int
hex_value (char c)
{
  return g_ascii_xdigit_value (c);
}

static GBytes *
decode_quoted_printable (const char *text,
                         gsize       n)
{
  GByteArray *out = g_byte_array_new ();

  for (gsize i = 0; i < n; i++)
    {
      if (text[i] == '=' && i + 2 < n && text[i + 1] == '\r' && text[i + 2] == '\n')
        i += 2;   /* a soft break */
      else if (text[i] == '=')
        {
          guint8 byte;

          g_assert_cmpuint (i + 2, <, n);
          g_assert_cmpint (hex_value (text[i + 1]), >=, 0);
          g_assert_cmpint (hex_value (text[i + 2]), >=, 0);
          byte = hex_value (text[i + 1]) * 16 + hex_value (text[i + 2]);
          g_byte_array_append (out, &byte, 1);
          i += 2;
        }
      else
        g_byte_array_append (out, (const guint8 *) &text[i], 1);
    }
  return g_byte_array_free_to_bytes (out);
}

static GBytes *
decode_base64 (const char *text,
               gsize       n)
{
  g_autoptr(GString) clean = g_string_new (NULL);
  gsize length = 0;
  guchar *raw;

  for (gsize i = 0; i < n; i++)
    {
      if (text[i] != '\r' && text[i] != '\n')
        g_string_append_c (clean, text[i]);
    }
  raw = g_base64_decode (clean->str, &length);
  return g_bytes_new_take (raw, length);
}

char *
kt_mail_decode_words (const char *value)
{
  GString *out = g_string_new (NULL);
  const char *p = value;
  gboolean after_word = FALSE;

  while (*p != '\0')
    {
      const char *start = strstr (p, "=?");
      const char *gap_end;

      if (start == NULL)
        {
          g_string_append (out, p);
          break;
        }
      /* Whitespace between two encoded words is not part of the text. */
      gap_end = start;
      for (const char *q = p; q < start; q++)
        {
          if (*q != ' ' && *q != '\t')
            after_word = FALSE;
        }
      if (!after_word)
        g_string_append_len (out, p, gap_end - p);
      {
        g_auto(GStrv) fields = NULL;
        const char *end = strstr (start + 2, "?=");
        g_autofree char *inner = NULL;

        /* "=?charset?X?text?=": find the closing "?=" after the text. */
        if (end != NULL)
          {
            const char *q1 = strchr (start + 2, '?');
            const char *q2 = q1 != NULL ? strchr (q1 + 1, '?') : NULL;

            end = q2 != NULL ? strstr (q2 + 1, "?=") : NULL;
          }
        g_assert_nonnull (end);
        inner = g_strndup (start + 2, end - start - 2);
        fields = g_strsplit (inner, "?", 3);
        g_assert_cmpuint (g_strv_length (fields), ==, 3);
        g_assert_cmpint (g_ascii_strcasecmp (fields[0], "UTF-8"), ==, 0);
        if (g_ascii_toupper (fields[1][0]) == 'B')
          {
            gsize n = 0;
            g_autofree guchar *raw = g_base64_decode (fields[2], &n);

            g_string_append_len (out, (const char *) raw, n);
          }
        else
          {
            g_autofree char *q = g_strdup (fields[2]);
            g_autoptr(GBytes) raw = NULL;

            g_strdelimit (q, "_", ' ');
            raw = decode_quoted_printable (q, strlen (q));
            g_string_append_len (out, g_bytes_get_data (raw, NULL), g_bytes_get_size (raw));
          }
        /* Each word is ≤ 75 characters (RFC 2047 2). */
        g_assert_cmpint (end + 2 - start, <=, 75);
        p = end + 2;
        after_word = TRUE;
      }
    }
  g_assert_true (g_utf8_validate (out->str, -1, NULL));
  return g_string_free (out, FALSE);
}

static char *
percent_decode (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '%' && hex_value (p[1]) >= 0 && hex_value (p[2]) >= 0)
        {
          g_string_append_c (out, (char) (hex_value (p[1]) * 16 + hex_value (p[2])));
          p += 2;
        }
      else
        g_string_append_c (out, *p);
    }
  return g_string_free (out, FALSE);
}

char *
kt_mail_header_param (const char *value,
                      const char *name)
{
  g_auto(GStrv) params = g_strsplit (value, ";", -1);
  g_autoptr(GString) extended = g_string_new (NULL);
  g_autofree char *plain = NULL;
  g_autofree char *star = g_strdup_printf ("%s*=", name);
  g_autofree char *eq = g_strdup_printf ("%s=", name);
  g_autofree char *section_prefix = g_strdup_printf ("%s*", name);

  for (guint i = 1; params[i] != NULL; i++)
    {
      char *param = g_strstrip (params[i]);

      if (g_ascii_strncasecmp (param, eq, strlen (eq)) == 0)
        {
          const char *v = param + strlen (eq);
          gsize n = strlen (v);

          plain = n >= 2 && v[0] == '"' ? g_strndup (v + 1, n - 2) : g_strdup (v);
        }
      else if (g_ascii_strncasecmp (param, star, strlen (star)) == 0)
        g_string_append (extended, param + strlen (star));
      else if (g_ascii_strncasecmp (param, section_prefix, strlen (section_prefix)) == 0)
        {
          /* name*N*=…: the sections come in order here. */
          const char *v = strchr (param, '=');

          g_assert_nonnull (v);
          g_string_append (extended, v + 1);
        }
    }
  if (extended->len > 0)
    {
      g_assert_true (g_str_has_prefix (extended->str, "UTF-8''"));
      return percent_decode (extended->str + strlen ("UTF-8''"));
    }
  return g_steal_pointer (&plain);
}

static KtMailPart *
parse_part (const char *text,
            gsize       n,
            guint       depth)
{
  KtMailPart *part = g_new0 (KtMailPart, 1);
  const char *end = g_strstr_len (text, n, "\r\n\r\n");
  const char *body;
  gsize body_n;
  g_auto(GStrv) lines = NULL;
  g_autofree char *head = NULL;
  const char *type;
  const char *encoding;

  g_assert_cmpuint (depth, <, 4);
  part->headers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_assert_nonnull (end);
  head = g_strndup (text, end - text);
  body = end + 4;
  body_n = n - (body - text);

  /* Unfold: a line that starts with a space continues the last one. */
  lines = g_strsplit (head, "\r\n", -1);
  {
    g_autoptr(GString) current = NULL;

    for (guint i = 0; lines[i] != NULL; i++)
      {
        if ((lines[i][0] == ' ' || lines[i][0] == '\t') && current != NULL)
          {
            g_string_append (current, lines[i]);
            continue;
          }
        if (current != NULL)
          {
            char *colon = strchr (current->str, ':');

            g_assert_nonnull (colon);
            *colon = '\0';
            g_hash_table_replace (part->headers, g_ascii_strdown (current->str, -1),
                                  g_strdup (g_strstrip (colon + 1)));
            g_string_free (current, TRUE);
          }
        current = g_string_new (lines[i]);
      }
    if (current != NULL)
      {
        char *colon = strchr (current->str, ':');

        g_assert_nonnull (colon);
        *colon = '\0';
        g_hash_table_replace (part->headers, g_ascii_strdown (current->str, -1),
                              g_strdup (g_strstrip (colon + 1)));
      }
  }

  type = kt_mail_part_header (part, "Content-Type");
  g_assert_nonnull (type);
  if (g_str_has_prefix (type, "multipart/"))
    {
      g_autofree char *boundary = kt_mail_header_param (type, "boundary");
      g_autofree char *first = g_strdup_printf ("--%s\r\n", boundary);
      g_autofree char *delimiter = g_strdup_printf ("\r\n--%s", boundary);
      const char *p = g_strstr_len (body, body_n, first);
      const char *limit = body + body_n;

      g_assert_nonnull (p);
      part->parts = g_ptr_array_new_with_free_func ((GDestroyNotify) kt_mail_part_free);
      p += strlen (first);
      for (;;)
        {
          const char *next = g_strstr_len (p, limit - p, delimiter);

          g_assert_nonnull (next);
          g_ptr_array_add (part->parts, parse_part (p, next - p, depth + 1));
          p = next + strlen (delimiter);
          if (g_str_has_prefix (p, "--"))
            break;
          g_assert_true (g_str_has_prefix (p, "\r\n"));
          p += 2;
        }
      return part;
    }

  /* A leaf: every line of its encoded body fits in 76 characters. */
  {
    const char *line = body;

    while (line < body + body_n)
      {
        const char *eol = g_strstr_len (line, body + body_n - line, "\r\n");
        gsize len = (eol != NULL ? eol : body + body_n) - line;

        g_assert_cmpuint (len, <=, 76);
        line += len + 2;
      }
  }
  encoding = kt_mail_part_header (part, "Content-Transfer-Encoding");
  g_assert_nonnull (encoding);
  if (g_ascii_strcasecmp (encoding, "base64") == 0)
    part->body = decode_base64 (body, body_n);
  else if (g_ascii_strcasecmp (encoding, "quoted-printable") == 0)
    part->body = decode_quoted_printable (body, body_n);
  else
    g_assert_not_reached ();
  return part;
}

KtMailPart *
kt_mail_part_parse (GBytes *data)
{
  gsize n = 0;
  const char *text = g_bytes_get_data (data, &n);

  /* CRLF only: no bare CR or LF anywhere. */
  for (gsize i = 0; i < n; i++)
    {
      if (text[i] == '\n')
        g_assert_true (i > 0 && text[i - 1] == '\r');
      if (text[i] == '\r')
        g_assert_true (i + 1 < n && text[i + 1] == '\n');
    }
  g_assert_true (n >= 2 && text[n - 2] == '\r' && text[n - 1] == '\n');
  /* The top level's body ends with the message's last CRLF. */
  return parse_part (text, n - 2, 0);
}
