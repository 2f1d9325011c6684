/* kt-sse.c: an incremental reader of Server-Sent Events
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-sse"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "kt-sse.h"

struct _KtSseReader
{
  gsize           max_line;
  gsize           max_event;
  KtSseEventFunc  func;
  gpointer        user_data;

  GString        *line;         /* raw bytes of the line being read */
  GString        *data;         /* the event's data lines, each ending in \n */
  char           *type;         /* the event's type, NULL = "message" */
  char           *last_id;      /* kept across events, as the spec says */
  gint64          retry;
  guint64         n_events;
  gboolean        skip_lf;      /* the last byte was CR: an LF next is its pair */
  gboolean        started;      /* a first byte was seen (the BOM check) */
  gboolean        pending;      /* a field line since the last dispatch */
  gboolean        failed;
};

G_DEFINE_QUARK (kt-sse-error-quark, kt_sse_error)

/* The UTF-8 of U+FEFF, which the stream may start with. */
#define BOM "\xEF\xBB\xBF"

KtSseReader *
kt_sse_reader_new (gsize          max_line,
                   gsize          max_event,
                   KtSseEventFunc func,
                   gpointer       user_data)
{
  KtSseReader *reader = g_new0 (KtSseReader, 1);

  g_return_val_if_fail (func != NULL, NULL);

  reader->max_line = max_line ? max_line : KT_SSE_DEFAULT_MAX_LINE;
  reader->max_event = max_event ? max_event : KT_SSE_DEFAULT_MAX_EVENT;
  reader->func = func;
  reader->user_data = user_data;
  reader->line = g_string_sized_new (256);
  reader->data = g_string_sized_new (256);
  reader->retry = -1;
  return reader;
}

void
kt_sse_reader_free (KtSseReader *reader)
{
  if (reader == NULL)
    return;
  g_string_free (reader->line, TRUE);
  g_string_free (reader->data, TRUE);
  g_free (reader->type);
  g_free (reader->last_id);
  g_free (reader);
}

static void
reset_event (KtSseReader *reader)
{
  g_string_truncate (reader->data, 0);
  g_clear_pointer (&reader->type, g_free);
  reader->pending = FALSE;
}

static gboolean
dispatch (KtSseReader *reader,
          GError     **error)
{
  KtSseEvent event;
  gboolean go_on;

  /* No data line: no event, but the type is forgotten all the same. */
  if (reader->data->len == 0)
    {
      reset_event (reader);
      return TRUE;
    }

  g_string_truncate (reader->data, reader->data->len - 1);
  event.type = reader->type != NULL ? reader->type : "message";
  event.data = reader->data->str;
  event.data_length = reader->data->len;
  event.id = reader->last_id;
  reader->n_events++;
  go_on = reader->func (&event, reader->user_data);
  reset_event (reader);
  if (!go_on)
    {
      g_set_error_literal (error, KT_SSE_ERROR, KT_SSE_ERROR_STOPPED,
                           _("Reading the event stream was stopped"));
      return FALSE;
    }
  return TRUE;
}

/* The line as valid UTF-8 without NUL bytes: invalid sequences and NULs
 * become U+FFFD, so every string handed on is a proper C string. */
static char *
line_text (const GString *line)
{
  char *text;
  GString *clean;

  if (memchr (line->str, '\0', line->len) == NULL && g_utf8_validate_len (line->str, line->len, NULL))
    return g_strndup (line->str, line->len);

  text = g_utf8_make_valid (line->str, (gssize) line->len);
  clean = g_string_sized_new (strlen (text) + 3);
  for (gsize i = 0; i < line->len;)
    {
      const char *end = memchr (line->str + i, '\0', line->len - i);
      gsize n = end ? (gsize) (end - (line->str + i)) : line->len - i;
      g_autofree char *valid = g_utf8_make_valid (line->str + i, (gssize) n);

      g_string_append (clean, valid);
      i += n;
      if (end != NULL)
        {
          g_string_append (clean, "\xEF\xBF\xBD");
          i++;
        }
    }
  g_free (text);
  return g_string_free (clean, FALSE);
}

static gboolean
all_digits (const char *text)
{
  if (*text == '\0')
    return FALSE;
  for (; *text; text++)
    if (!g_ascii_isdigit (*text))
      return FALSE;
  return TRUE;
}

static gboolean
process_line (KtSseReader *reader,
              GError     **error)
{
  g_autofree char *text = NULL;
  const char *value;
  char *colon;
  gboolean has_nul;

  if (reader->line->len == 0)
    return dispatch (reader, error);

  has_nul = memchr (reader->line->str, '\0', reader->line->len) != NULL;
  text = line_text (reader->line);
  g_string_truncate (reader->line, 0);
  if (text[0] == ':')
    return TRUE;

  reader->pending = TRUE;
  colon = strchr (text, ':');
  if (colon != NULL)
    {
      *colon = '\0';
      value = colon + 1;
      if (*value == ' ')
        value++;
    }
  else
    value = "";

  if (strcmp (text, "data") == 0)
    {
      if (reader->data->len + strlen (value) + 1 > reader->max_event)
        {
          g_autofree char *limit = g_format_size_full (reader->max_event, G_FORMAT_SIZE_IEC_UNITS);

          g_set_error (error, KT_SSE_ERROR, KT_SSE_ERROR_EVENT_TOO_LARGE,
                       _("An event of the stream is larger than %s"), limit);
          return FALSE;
        }
      g_string_append (reader->data, value);
      g_string_append_c (reader->data, '\n');
    }
  else if (strcmp (text, "event") == 0)
    {
      g_free (reader->type);
      /* An empty type means the default, as the spec's dispatch says. */
      reader->type = *value ? g_strdup (value) : NULL;
    }
  else if (strcmp (text, "id") == 0)
    {
      /* The spec ignores an id that holds a NUL. */
      if (!has_nul)
        {
          g_free (reader->last_id);
          reader->last_id = g_strdup (value);
        }
    }
  else if (strcmp (text, "retry") == 0)
    {
      guint64 ms;

      if (all_digits (value) && g_ascii_string_to_unsigned (value, 10, 0, G_MAXINT64, &ms, NULL))
        reader->retry = (gint64) ms;
    }
  /* Any other field is ignored. */
  return TRUE;
}

static gboolean
fail (KtSseReader *reader)
{
  reader->failed = TRUE;
  return FALSE;
}

gboolean
kt_sse_reader_feed (KtSseReader *reader,
                    const char  *bytes,
                    gsize        length,
                    GError     **error)
{
  gsize i = 0;

  g_return_val_if_fail (reader != NULL, FALSE);
  g_return_val_if_fail (bytes != NULL || length == 0, FALSE);

  if (reader->failed)
    {
      g_set_error_literal (error, KT_SSE_ERROR, KT_SSE_ERROR_FAILED,
                           _("The event stream failed earlier"));
      return FALSE;
    }

  while (i < length)
    {
      const char *start = bytes + i;
      gsize rest = length - i;
      gsize n = 0;

      if (reader->skip_lf)
        {
          reader->skip_lf = FALSE;
          if (*start == '\n')
            {
              i++;
              continue;
            }
        }

      /* The run of bytes up to the next line end, appended at once. */
      while (n < rest && start[n] != '\n' && start[n] != '\r')
        n++;
      g_string_append_len (reader->line, start, (gssize) n);
      i += n;

      /* The BOM is stripped once, at the very start of the stream (it
       * may arrive split over several feeds). */
      if (!reader->started)
        {
          gsize have = MIN (reader->line->len, 3);

          if (memcmp (reader->line->str, BOM, have) != 0)
            reader->started = TRUE;
          else if (have == 3)
            {
              g_string_erase (reader->line, 0, 3);
              reader->started = TRUE;
            }
          else if (i < length)
            reader->started = TRUE;   /* a line end after part of a BOM */
        }

      /* Checked after the BOM is gone, so that the limit does not depend
       * on how the stream was cut. */
      if (reader->line->len > reader->max_line)
        {
          g_autofree char *limit = g_format_size_full (reader->max_line, G_FORMAT_SIZE_IEC_UNITS);

          g_set_error (error, KT_SSE_ERROR, KT_SSE_ERROR_LINE_TOO_LONG,
                       _("A line of the event stream is longer than %s"), limit);
          return fail (reader);
        }

      if (i < length)
        {
          reader->skip_lf = bytes[i] == '\r';
          i++;
          reader->started = TRUE;
          if (!process_line (reader, error))
            return fail (reader);
        }
    }

  return TRUE;
}

gboolean
kt_sse_reader_finish (KtSseReader *reader)
{
  gboolean clean;

  g_return_val_if_fail (reader != NULL, FALSE);

  clean = reader->line->len == 0 && !reader->pending;
  g_string_truncate (reader->line, 0);
  reset_event (reader);
  reader->skip_lf = FALSE;
  return clean;
}

gint64
kt_sse_reader_get_retry (KtSseReader *reader)
{
  g_return_val_if_fail (reader != NULL, -1);
  return reader->retry;
}

guint64
kt_sse_reader_get_n_events (KtSseReader *reader)
{
  g_return_val_if_fail (reader != NULL, 0);
  return reader->n_events;
}

void
kt_sse_append_event (GString    *out,
                     const char *type,
                     const char *data)
{
  const char *line = data;

  g_return_if_fail (out != NULL);
  g_return_if_fail (data != NULL);
  g_return_if_fail (strchr (data, '\r') == NULL);

  if (type != NULL)
    g_string_append_printf (out, "event: %s\n", type);
  for (;;)
    {
      const char *end = strchr (line, '\n');

      g_string_append (out, "data: ");
      if (end == NULL)
        {
          g_string_append (out, line);
          g_string_append_c (out, '\n');
          break;
        }
      g_string_append_len (out, line, end - line);
      g_string_append_c (out, '\n');
      line = end + 1;
    }
  g_string_append_c (out, '\n');
}
