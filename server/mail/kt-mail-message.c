/* kt-mail-message.c: one mail message, built as MIME text
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-mail-message"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "kt-mail-message.h"

/* RFC 5322 asks for header lines of at most 78 characters and RFC 2045
 * for encoded body lines of at most 76. */
#define HEADER_WIDTH 78
#define BODY_WIDTH 76
/* UTF-8 bytes per RFC 2047 encoded word: 36 bytes are 48 base64
 * characters, 60 with "=?UTF-8?B?" and "?=", so that "Reply-To: " and
 * one word stay within HEADER_WIDTH. */
#define WORD_BYTES 36

typedef struct {
  char *address;
  char *display_name;
} Mailbox;

typedef struct {
  char   *filename;
  char   *content_type;
  GBytes *data;
} Attachment;

struct _KtMailMessage {
  Mailbox    from;
  GPtrArray *to;              /* of Mailbox */
  GPtrArray *recipients;      /* the To addresses, NULL-terminated */
  Mailbox    reply_to;
  char      *subject;
  GDateTime *date;
  char      *message_id;
  char      *text;
  char      *html;
  GPtrArray *attachments;     /* of Attachment */
};

G_DEFINE_QUARK (kt-mail-error-quark, kt_mail_error)

static void
mailbox_clear (Mailbox *box)
{
  g_clear_pointer (&box->address, g_free);
  g_clear_pointer (&box->display_name, g_free);
}

static void
mailbox_free (gpointer data)
{
  mailbox_clear (data);
  g_free (data);
}

static void
attachment_free (gpointer data)
{
  Attachment *att = data;

  g_free (att->filename);
  g_free (att->content_type);
  g_bytes_unref (att->data);
  g_free (att);
}

KtMailMessage *
kt_mail_message_new (void)
{
  KtMailMessage *msg = g_new0 (KtMailMessage, 1);

  msg->to = g_ptr_array_new_with_free_func (mailbox_free);
  msg->recipients = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (msg->recipients, NULL);
  msg->attachments = g_ptr_array_new_with_free_func (attachment_free);
  return msg;
}

void
kt_mail_message_free (KtMailMessage *msg)
{
  if (msg == NULL)
    return;
  mailbox_clear (&msg->from);
  mailbox_clear (&msg->reply_to);
  g_ptr_array_unref (msg->to);
  g_ptr_array_unref (msg->recipients);
  g_ptr_array_unref (msg->attachments);
  g_free (msg->subject);
  g_clear_pointer (&msg->date, g_date_time_unref);
  g_free (msg->message_id);
  g_free (msg->text);
  g_free (msg->html);
  g_free (msg);
}

/* Every header value passes here: a CR or LF would end the header and
 * start one the caller never meant (header injection). */
static gboolean
check_header_value (const char  *header,
                    const char  *value,
                    GError     **error)
{
  if (!g_utf8_validate (value, -1, NULL))
    {
      g_set_error (error, KT_MAIL_ERROR, KT_MAIL_ERROR_INVALID,
                   _("The %s header is not valid UTF-8"), header);
      return FALSE;
    }
  if (strpbrk (value, "\r\n") != NULL)
    {
      g_set_error (error, KT_MAIL_ERROR, KT_MAIL_ERROR_INVALID,
                   _("The %s header contains a line break"), header);
      return FALSE;
    }
  return TRUE;
}

/* An addr-spec as SMTP carries it without SMTPUTF8: printable ASCII,
 * one "@" between a local part and a domain, nothing that would end the
 * address inside a header or an SMTP command. */
static gboolean
check_address (const char  *header,
               const char  *address,
               GError     **error)
{
  const char *at;

  if (!check_header_value (header, address, error))
    return FALSE;
  at = strchr (address, '@');
  for (const char *p = address; *p != '\0'; p++)
    {
      if (*p <= ' ' || *p >= 127 || strchr ("<>()[]\\,;:\"", *p) != NULL)
        at = NULL;
    }
  if (at == NULL || at == address || at[1] == '\0' || strchr (at + 1, '@') != NULL ||
      strlen (address) > 254)
    {
      g_set_error (error, KT_MAIL_ERROR, KT_MAIL_ERROR_INVALID,
                   _("The %s header has an address that is not valid: “%s”"), header, address);
      return FALSE;
    }
  return TRUE;
}

static gboolean
set_mailbox (Mailbox     *box,
             const char  *header,
             const char  *address,
             const char  *display_name,
             GError     **error)
{
  if (!check_address (header, address, error) ||
      (display_name != NULL && !check_header_value (header, display_name, error)))
    return FALSE;
  mailbox_clear (box);
  box->address = g_strdup (address);
  box->display_name = display_name != NULL && *display_name != '\0' ? g_strdup (display_name) : NULL;
  return TRUE;
}

gboolean
kt_mail_message_set_from (KtMailMessage *msg,
                          const char    *address,
                          const char    *display_name,
                          GError       **error)
{
  g_return_val_if_fail (msg != NULL, FALSE);
  g_return_val_if_fail (address != NULL, FALSE);

  return set_mailbox (&msg->from, "From", address, display_name, error);
}

gboolean
kt_mail_message_add_to (KtMailMessage *msg,
                        const char    *address,
                        const char    *display_name,
                        GError       **error)
{
  Mailbox box = { NULL, };

  g_return_val_if_fail (msg != NULL, FALSE);
  g_return_val_if_fail (address != NULL, FALSE);

  if (!set_mailbox (&box, "To", address, display_name, error))
    return FALSE;
  g_ptr_array_add (msg->to, g_memdup2 (&box, sizeof box));
  g_ptr_array_insert (msg->recipients, msg->recipients->len - 1, g_strdup (address));
  return TRUE;
}

gboolean
kt_mail_message_set_reply_to (KtMailMessage *msg,
                              const char    *address,
                              const char    *display_name,
                              GError       **error)
{
  g_return_val_if_fail (msg != NULL, FALSE);
  g_return_val_if_fail (address != NULL, FALSE);

  return set_mailbox (&msg->reply_to, "Reply-To", address, display_name, error);
}

gboolean
kt_mail_message_set_subject (KtMailMessage *msg,
                             const char    *subject,
                             GError       **error)
{
  g_return_val_if_fail (msg != NULL, FALSE);
  g_return_val_if_fail (subject != NULL, FALSE);

  if (!check_header_value ("Subject", subject, error))
    return FALSE;
  g_free (msg->subject);
  msg->subject = g_strdup (subject);
  return TRUE;
}

void
kt_mail_message_set_date (KtMailMessage *msg,
                          GDateTime     *date)
{
  g_return_if_fail (msg != NULL);
  g_return_if_fail (date != NULL);

  g_clear_pointer (&msg->date, g_date_time_unref);
  msg->date = g_date_time_ref (date);
}

void
kt_mail_message_set_text (KtMailMessage *msg,
                          const char    *text)
{
  g_return_if_fail (msg != NULL);
  g_return_if_fail (text != NULL && g_utf8_validate (text, -1, NULL));

  g_free (msg->text);
  msg->text = g_strdup (text);
}

void
kt_mail_message_set_html (KtMailMessage *msg,
                          const char    *html)
{
  g_return_if_fail (msg != NULL);
  g_return_if_fail (html == NULL || g_utf8_validate (html, -1, NULL));

  g_free (msg->html);
  msg->html = g_strdup (html);
}

static gboolean
is_token_char (char c)
{
  return c > ' ' && c < 127 && strchr ("()<>@,;:\\\"/[]?=", c) == NULL;
}

gboolean
kt_mail_message_add_attachment (KtMailMessage *msg,
                                const char    *filename,
                                const char    *content_type,
                                GBytes        *data,
                                GError       **error)
{
  Attachment *att;
  const char *slash;

  g_return_val_if_fail (msg != NULL, FALSE);
  g_return_val_if_fail (filename != NULL, FALSE);
  g_return_val_if_fail (content_type != NULL, FALSE);
  g_return_val_if_fail (data != NULL, FALSE);

  if (!check_header_value ("Content-Disposition", filename, error) ||
      !check_header_value ("Content-Type", content_type, error))
    return FALSE;
  /* type "/" subtype, both tokens: nothing of it needs quoting. */
  slash = strchr (content_type, '/');
  for (const char *p = content_type; *p != '\0'; p++)
    {
      if (p != slash && !is_token_char (*p))
        slash = NULL;
    }
  if (slash == NULL || slash == content_type || slash[1] == '\0' || *filename == '\0')
    {
      g_set_error (error, KT_MAIL_ERROR, KT_MAIL_ERROR_INVALID,
                   _("The Content-Type header of attachment “%s” is not valid: “%s”"),
                   filename, content_type);
      return FALSE;
    }

  att = g_new0 (Attachment, 1);
  att->filename = g_strdup (filename);
  att->content_type = g_ascii_strdown (content_type, -1);
  att->data = g_bytes_ref (data);
  g_ptr_array_add (msg->attachments, att);
  return TRUE;
}

const char *
kt_mail_message_get_sender (KtMailMessage *msg)
{
  g_return_val_if_fail (msg != NULL, NULL);

  return msg->from.address;
}

const char * const *
kt_mail_message_get_recipients (KtMailMessage *msg)
{
  g_return_val_if_fail (msg != NULL, NULL);

  return (const char * const *) msg->recipients->pdata;
}

const char *
kt_mail_message_get_message_id (KtMailMessage *msg)
{
  g_return_val_if_fail (msg != NULL, NULL);

  if (msg->message_id == NULL && msg->from.address != NULL)
    {
      g_autofree char *uuid = g_uuid_string_random ();
      GString *id = g_string_new (NULL);

      for (const char *p = uuid; *p != '\0'; p++)
        {
          if (*p != '-')
            g_string_append_c (id, *p);
        }
      g_string_append (id, strchr (msg->from.address, '@'));
      msg->message_id = g_string_free (id, FALSE);
    }
  return msg->message_id;
}

/* Folding: a header is a list of words, written with single spaces
 * between them, and a line break before a word that would pass the
 * width. */
typedef struct {
  GString *out;
  gsize    line_start;
} Header;

static void
header_begin (Header     *h,
              GString    *out,
              const char *name)
{
  h->out = out;
  h->line_start = out->len;
  g_string_append_printf (out, "%s:", name);
}

static void
header_word (Header     *h,
             const char *word,
             gsize       length)
{
  gsize line = h->out->len - h->line_start;

  if (line + 1 + length > HEADER_WIDTH && line > 0 &&
      h->out->str[h->out->len - 1] != ':')
    {
      g_string_append (h->out, "\r\n");
      h->line_start = h->out->len;
    }
  g_string_append_c (h->out, ' ');
  g_string_append_len (h->out, word, length);
}

static void
header_end (Header *h)
{
  g_string_append (h->out, "\r\n");
}

/* RFC 2047 "B" encoded words, each a whole number of UTF-8 characters
 * (a decoder may decode each word alone). */
static void
header_encoded_words (Header     *h,
                      const char *text)
{
  const char *p = text;

  while (*p != '\0')
    {
      const char *end = p;
      g_autofree char *b64 = NULL;
      g_autofree char *word = NULL;

      while (*end != '\0')
        {
          const char *next = g_utf8_next_char (end);

          if ((gsize) (next - p) > WORD_BYTES)
            break;
          end = next;
        }
      b64 = g_base64_encode ((const guchar *) p, end - p);
      word = g_strdup_printf ("=?UTF-8?B?%s?=", b64);
      header_word (h, word, strlen (word));
      p = end;
    }
}

/* Words as they are when they are plain ASCII text that folds at its
 * spaces; otherwise encoded words. @specials are the characters that
 * must not appear unencoded (a display name's). */
static void
header_text (Header     *h,
             const char *text,
             const char *specials)
{
  g_auto(GStrv) words = NULL;
  gboolean plain = strstr (text, "=?") == NULL;

  for (const char *p = text; plain && *p != '\0'; p++)
    {
      if (*p < ' ' || *p >= 127 || (specials != NULL && strchr (specials, *p) != NULL))
        plain = FALSE;
    }
  words = g_strsplit (text, " ", -1);
  for (guint i = 0; plain && words[i] != NULL; i++)
    {
      if (strlen (words[i]) > HEADER_WIDTH - 12)
        plain = FALSE;
    }
  if (!plain)
    {
      header_encoded_words (h, text);
      return;
    }
  for (guint i = 0; words[i] != NULL; i++)
    {
      /* Several spaces in a row: the empty words between them keep them. */
      if (*words[i] == '\0' && i > 0)
        g_string_append_c (h->out, ' ');
      else if (*words[i] != '\0')
        header_word (h, words[i], strlen (words[i]));
    }
}

static void
header_mailbox (Header        *h,
                const Mailbox *box,
                gboolean       last)
{
  g_autofree char *angle = g_strdup_printf ("<%s>%s", box->address, last ? "" : ",");

  /* RFC 5322 "atext" and spaces need no quoting; anything else is
   * encoded rather than quoted, which is allowed in a phrase. */
  if (box->display_name != NULL)
    header_text (h, box->display_name, "()<>[]:;@\\,.\"");
  header_word (h, angle, strlen (angle));
}

static void
write_mailboxes (GString       *out,
                 const char    *name,
                 const Mailbox *boxes,
                 guint          n_boxes)
{
  Header h;

  header_begin (&h, out, name);
  for (guint i = 0; i < n_boxes; i++)
    header_mailbox (&h, &boxes[i], i + 1 == n_boxes);
  header_end (&h);
}

/* RFC 5322 dates are in English whatever the locale, so no strftime. */
static void
write_date (GString   *out,
            GDateTime *date)
{
  static const char * const days[] = { "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun" };
  static const char * const months[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                         "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
  gint64 offset = g_date_time_get_utc_offset (date) / G_TIME_SPAN_MINUTE;

  g_string_append_printf (out, "Date: %s, %d %s %04d %02d:%02d:%02d %c%02d%02d\r\n",
                          days[g_date_time_get_day_of_week (date) - 1],
                          g_date_time_get_day_of_month (date),
                          months[g_date_time_get_month (date) - 1],
                          g_date_time_get_year (date),
                          g_date_time_get_hour (date),
                          g_date_time_get_minute (date),
                          g_date_time_get_second (date),
                          offset < 0 ? '-' : '+',
                          (int) (ABS (offset) / 60), (int) (ABS (offset) % 60));
}

static void
append_base64 (GString      *out,
               const guchar *data,
               gsize         length)
{
  g_autofree char *b64 = g_base64_encode (data, length);
  gsize n = strlen (b64);

  for (gsize i = 0; i < n; i += BODY_WIDTH)
    {
      if (i > 0)
        g_string_append (out, "\r\n");
      g_string_append_len (out, b64 + i, MIN (BODY_WIDTH, n - i));
    }
}

/* Quoted-printable (RFC 2045 6.7): the text's line ends become CRLF
 * (hard breaks), longer lines get soft breaks ("=" at the end) so that
 * no line passes 76 characters, and a space or tab at a line's end is
 * encoded so that no mail server strips it. */
static void
append_quoted_printable (GString    *out,
                         const char *text)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *line = lines[i];
      gsize n = strlen (line);
      gsize column = 0;

      if (n > 0 && line[n - 1] == '\r')
        line[--n] = '\0';
      if (i > 0)
        g_string_append (out, "\r\n");
      for (gsize j = 0; j < n; j++)
        {
          guchar c = line[j];
          char token[4];
          gboolean last = j + 1 == n;

          if ((c >= 33 && c <= 126 && c != '=') || ((c == ' ' || c == '\t') && !last))
            {
              token[0] = c;
              token[1] = '\0';
            }
          else
            g_snprintf (token, sizeof token, "=%02X", c);
          /* The soft break's "=" counts: 75 characters and "=". The last
           * token of a line may reach 76 itself. */
          if (column + strlen (token) > (last ? BODY_WIDTH : BODY_WIDTH - 1))
            {
              g_string_append (out, "=\r\n");
              column = 0;
            }
          g_string_append (out, token);
          column += strlen (token);
        }
    }
}

/* Mostly Cyrillic text is a third of the size in base64 than in
 * quoted-printable; mostly Latin text stays readable in the latter. */
static gboolean
prefers_base64 (const char *text)
{
  gsize high = 0;
  gsize n = strlen (text);

  for (gsize i = 0; i < n; i++)
    {
      if ((guchar) text[i] >= 128)
        high++;
    }
  return high * 3 > n;
}

/* Text's canonical form (RFC 2046 4.1.1) has CRLF line ends, in base64
 * as well. */
static char *
canonical_text (const char *text)
{
  GString *out = g_string_sized_new (strlen (text) + 64);

  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '\n' && (p == text || p[-1] != '\r'))
        g_string_append_c (out, '\r');
      g_string_append_c (out, *p);
    }
  return g_string_free (out, FALSE);
}

static void
write_text_part (GString    *out,
                 const char *subtype,
                 const char *text)
{
  gboolean b64 = prefers_base64 (text);

  g_string_append_printf (out, "Content-Type: text/%s; charset=UTF-8\r\n"
                          "Content-Transfer-Encoding: %s\r\n\r\n",
                          subtype, b64 ? "base64" : "quoted-printable");
  if (b64)
    {
      g_autofree char *canonical = canonical_text (text);

      append_base64 (out, (const guchar *) canonical, strlen (canonical));
    }
  else
    append_quoted_printable (out, text);
}

static gboolean
is_attr_char (guchar c)
{
  return g_ascii_isalnum (c) || strchr ("!#$&+-.^_`|~", c) != NULL;
}

/* The file name as a quoted string when it is plain ASCII; otherwise
 * RFC 2231's filename*=UTF-8''…, in numbered sections (filename*0*,
 * filename*1*…) when it is long, never splitting a %XX. */
static void
write_filename_param (GString    *out,
                      const char *param,
                      const char *filename)
{
  g_autoptr(GString) encoded = g_string_new ("UTF-8''");
  gboolean plain = TRUE;
  gsize section_width = HEADER_WIDTH - 20;
  guint section = 0;
  gsize start = 0;

  for (const char *p = filename; *p != '\0'; p++)
    {
      guchar c = *p;

      if (c < ' ' || c >= 127 || c == '"' || c == '\\')
        plain = FALSE;
      if (is_attr_char (c))
        g_string_append_c (encoded, c);
      else
        g_string_append_printf (encoded, "%%%02X", c);
    }
  if (plain && strlen (filename) + strlen (param) + 5 <= HEADER_WIDTH)
    {
      g_string_append_printf (out, ";\r\n %s=\"%s\"", param, filename);
      return;
    }
  if (encoded->len <= section_width)
    {
      g_string_append_printf (out, ";\r\n %s*=%s", param, encoded->str);
      return;
    }
  while (start < encoded->len)
    {
      gsize end = MIN (start + section_width, encoded->len);

      /* Back off so that a %XX stays whole. */
      if (end < encoded->len && end >= 1 && encoded->str[end - 1] == '%')
        end -= 1;
      else if (end < encoded->len && end >= 2 && encoded->str[end - 2] == '%')
        end -= 2;
      g_string_append_printf (out, ";\r\n %s*%u*=", param, section++);
      g_string_append_len (out, encoded->str + start, end - start);
      start = end;
    }
}

static void
write_attachment (GString          *out,
                  const Attachment *att)
{
  gsize size = 0;
  const guchar *data = g_bytes_get_data (att->data, &size);

  g_string_append_printf (out, "Content-Type: %s", att->content_type);
  write_filename_param (out, "name", att->filename);
  g_string_append (out, "\r\nContent-Disposition: attachment");
  write_filename_param (out, "filename", att->filename);
  g_string_append (out, "\r\nContent-Transfer-Encoding: base64\r\n\r\n");
  append_base64 (out, data, size);
}

/* "=_" never occurs in quoted-printable (a literal "=" is "=3D") nor in
 * base64, so a boundary that starts with it cannot occur in any part. */
static char *
new_boundary (void)
{
  g_autofree char *uuid = g_uuid_string_random ();

  return g_strdup_printf ("=_kantora_%s", uuid);
}

static void
write_body (GString       *out,
            KtMailMessage *msg)
{
  g_autofree char *alternative = msg->html != NULL ? new_boundary () : NULL;

  if (alternative == NULL)
    {
      write_text_part (out, "plain", msg->text);
      return;
    }
  g_string_append_printf (out, "Content-Type: multipart/alternative;\r\n boundary=\"%s\"\r\n\r\n"
                          "--%s\r\n", alternative, alternative);
  write_text_part (out, "plain", msg->text);
  g_string_append_printf (out, "\r\n--%s\r\n", alternative);
  write_text_part (out, "html", msg->html);
  g_string_append_printf (out, "\r\n--%s--", alternative);
}

GBytes *
kt_mail_message_to_bytes (KtMailMessage *msg,
                          GError       **error)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *mixed = NULL;
  Header h;

  g_return_val_if_fail (msg != NULL, NULL);

  if (msg->from.address == NULL || msg->to->len == 0 || msg->text == NULL)
    {
      g_set_error (error, KT_MAIL_ERROR, KT_MAIL_ERROR_INVALID,
                   _("A message needs a sender, a recipient and a text"));
      return NULL;
    }

  write_mailboxes (out, "From", &msg->from, 1);
  header_begin (&h, out, "To");
  for (guint i = 0; i < msg->to->len; i++)
    header_mailbox (&h, g_ptr_array_index (msg->to, i), i + 1 == msg->to->len);
  header_end (&h);
  if (msg->reply_to.address != NULL)
    write_mailboxes (out, "Reply-To", &msg->reply_to, 1);
  if (msg->subject != NULL)
    {
      header_begin (&h, out, "Subject");
      header_text (&h, msg->subject, NULL);
      header_end (&h);
    }
  if (msg->date == NULL)
    now = g_date_time_new_now_local ();
  write_date (out, msg->date != NULL ? msg->date : now);
  g_string_append_printf (out, "Message-ID: <%s>\r\n", kt_mail_message_get_message_id (msg));
  g_string_append (out, "MIME-Version: 1.0\r\n");

  if (msg->attachments->len == 0)
    {
      write_body (out, msg);
      g_string_append (out, "\r\n");
      return g_string_free_to_bytes (g_steal_pointer (&out));
    }

  mixed = new_boundary ();
  g_string_append_printf (out, "Content-Type: multipart/mixed;\r\n boundary=\"%s\"\r\n\r\n"
                          "This is a message in MIME format.\r\n"
                          "--%s\r\n", mixed, mixed);
  write_body (out, msg);
  for (guint i = 0; i < msg->attachments->len; i++)
    {
      g_string_append_printf (out, "\r\n--%s\r\n", mixed);
      write_attachment (out, g_ptr_array_index (msg->attachments, i));
    }
  g_string_append_printf (out, "\r\n--%s--\r\n", mixed);
  return g_string_free_to_bytes (g_steal_pointer (&out));
}
