/* kt-smtp.c: sending mail through an SMTP server (libcurl)
 *
 * One easy handle per message: a message is sent from a request's worker
 * thread or a job, rarely enough that a connection kept open would
 * mostly time out on the server's side anyway.
 *
 * libcurl reports SMTP failures as general codes (a refused RCPT is
 * CURLE_SEND_ERROR, as is a refused MAIL FROM); which command failed and
 * what the server said come from its debug callback, which sees every
 * command and reply. It keeps only the command's verb and the replies:
 * the AUTH exchange carries the password, and none of it is kept.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-smtp"

#include "config.h"

#include <curl/curl.h>
#include <glib/gi18n.h>
#include <string.h>

#include "kt-secret-box.h"
#include "kt-smtp.h"

struct _KtSmtp {
  char           *url;
  char           *host_label;   /* host:port, for messages */
  KtSmtpSecurity  security;
  char           *user;
  char           *password;
  char           *ca_file;
  guint           timeout_seconds;
  char           *from;
  char           *from_name;
  char           *reply_to;
};

/* What one send saw of the conversation: the first refusal (a 4xx or
 * 5xx reply) and the command it answered. What follows it (QUIT and
 * its "221") is not the problem. */
typedef struct {
  char     verb[9];         /* the last command sent: "MAIL", "RCPT", "DATA"... */
  guint    n_rcpt;          /* RCPT commands sent so far */
  GString *partial;         /* a reply line still arriving */
  char     failed_verb[9];
  guint    failed_rcpt;     /* the refused RCPT's number, from 1 */
  GString *reply;           /* the refusal, or empty */
} Conversation;

typedef struct {
  const guchar *data;
  gsize         length;
  gsize         offset;
} Upload;

/* curl_global_init() is not thread-safe in every libcurl of Debian 12's
 * age; the server calls this before its worker threads send anything. */
static void
ensure_curl (void)
{
  static gsize done = 0;

  if (g_once_init_enter (&done))
    {
      curl_global_init (CURL_GLOBAL_DEFAULT);
      g_once_init_leave (&done, 1);
    }
}

gboolean
kt_smtp_is_configured (const KtServerConfig *config)
{
  g_return_val_if_fail (config != NULL, FALSE);

  return config->smtp_host != NULL && *config->smtp_host != '\0';
}

static gboolean
parse_security (const char     *text,
                KtSmtpSecurity *out,
                GError        **error)
{
  static const struct {
    const char     *name;
    KtSmtpSecurity  security;
  } names[] = {
    { "starttls", KT_SMTP_SECURITY_STARTTLS },
    { "starttls-optional", KT_SMTP_SECURITY_STARTTLS_OPTIONAL },
    { "tls", KT_SMTP_SECURITY_TLS },
    { "none", KT_SMTP_SECURITY_NONE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      if (g_strcmp0 (text, names[i].name) == 0)
        {
          *out = names[i].security;
          return TRUE;
        }
    }
  g_set_error (error, KT_MAIL_ERROR, KT_MAIL_ERROR_NOT_CONFIGURED,
               _("[mail] smtp-security must be starttls, starttls-optional, tls or none, not “%s”"),
               text != NULL ? text : "");
  return FALSE;
}

static char *
read_password_file (const char  *path,
                    GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  char *text = kt_secret_file_read (path, &local_error);

  if (text == NULL)
    g_set_error (error, KT_MAIL_ERROR, KT_MAIL_ERROR_NOT_CONFIGURED,
                 _("Cannot read the SMTP password file %s: %s"), path, local_error->message);
  return text;
}

KtSmtp *
kt_smtp_new (const KtServerConfig *config,
             GError              **error)
{
  g_autoptr(KtSmtp) smtp = NULL;
  g_autoptr(KtMailMessage) probe = kt_mail_message_new ();
  g_autofree char *host = NULL;
  guint port;

  g_return_val_if_fail (config != NULL, NULL);

  if (!kt_smtp_is_configured (config))
    {
      g_set_error (error, KT_MAIL_ERROR, KT_MAIL_ERROR_NOT_CONFIGURED,
                   _("[mail] smtp-host is not set"));
      return NULL;
    }

  smtp = g_new0 (KtSmtp, 1);
  if (!parse_security (config->smtp_security, &smtp->security, error))
    return NULL;
  if (config->mail_from == NULL)
    {
      g_set_error (error, KT_MAIL_ERROR, KT_MAIL_ERROR_NOT_CONFIGURED,
                   _("[mail] from is not set: the address the server's mail comes from"));
      return NULL;
    }
  /* The addresses are checked now rather than at the first message. */
  if (!kt_mail_message_set_from (probe, config->mail_from, config->mail_from_name, error) ||
      (config->mail_reply_to != NULL &&
       !kt_mail_message_set_reply_to (probe, config->mail_reply_to, NULL, error)))
    return NULL;

  port = config->smtp_port != 0 ? config->smtp_port
                                : smtp->security == KT_SMTP_SECURITY_TLS ? 465 : 587;
  /* An IPv6 address needs its brackets in a URL. */
  host = strchr (config->smtp_host, ':') != NULL ? g_strdup_printf ("[%s]", config->smtp_host)
                                                 : g_strdup (config->smtp_host);
  smtp->host_label = g_strdup_printf ("%s:%u", host, port);
  /* The path is what libcurl says in EHLO: the sender's domain. */
  smtp->url = g_strdup_printf ("%s://%s/%s",
                               smtp->security == KT_SMTP_SECURITY_TLS ? "smtps" : "smtp",
                               smtp->host_label, strchr (config->mail_from, '@') + 1);
  smtp->user = g_strdup (config->smtp_user);
  if (config->smtp_password != NULL)
    smtp->password = g_strdup (config->smtp_password);
  else if (config->smtp_password_file != NULL &&
           (smtp->password = read_password_file (config->smtp_password_file, error)) == NULL)
    return NULL;
  smtp->ca_file = g_strdup (config->smtp_ca_file);
  smtp->timeout_seconds = config->smtp_timeout_seconds > 0 ? config->smtp_timeout_seconds : 30;
  smtp->from = g_strdup (config->mail_from);
  smtp->from_name = g_strdup (config->mail_from_name);
  smtp->reply_to = g_strdup (config->mail_reply_to);
  ensure_curl ();
  return g_steal_pointer (&smtp);
}

void
kt_smtp_free (KtSmtp *smtp)
{
  if (smtp == NULL)
    return;
  g_free (smtp->url);
  g_free (smtp->host_label);
  g_free (smtp->user);
  kt_secret_free (smtp->password);
  g_free (smtp->ca_file);
  g_free (smtp->from);
  g_free (smtp->from_name);
  g_free (smtp->reply_to);
  g_free (smtp);
}

KtSmtpSecurity
kt_smtp_get_security (KtSmtp *smtp)
{
  g_return_val_if_fail (smtp != NULL, KT_SMTP_SECURITY_STARTTLS);

  return smtp->security;
}

KtMailMessage *
kt_smtp_new_message (KtSmtp     *smtp,
                     const char *sender_name,
                     GError    **error)
{
  g_autoptr(KtMailMessage) msg = kt_mail_message_new ();

  g_return_val_if_fail (smtp != NULL, NULL);

  if (sender_name == NULL || *sender_name == '\0')
    sender_name = smtp->from_name;
  if (!kt_mail_message_set_from (msg, smtp->from, sender_name, error) ||
      (smtp->reply_to != NULL && !kt_mail_message_set_reply_to (msg, smtp->reply_to, NULL, error)))
    return NULL;
  return g_steal_pointer (&msg);
}

static size_t
read_cb (char   *buffer,
         size_t  size,
         size_t  n_items,
         void   *user_data)
{
  Upload *up = user_data;
  gsize n = MIN (size * n_items, up->length - up->offset);

  memcpy (buffer, up->data + up->offset, n);
  up->offset += n;
  return n;
}

static int
debug_cb (CURL          *handle,
          curl_infotype  type,
          char          *data,
          size_t         size,
          void          *user_data)
{
  Conversation *conv = user_data;

  if (type == CURLINFO_HEADER_OUT)
    {
      /* Only the verb: an AUTH line or its continuation holds secrets. */
      gsize n = 0;

      while (n < size && n < sizeof conv->verb - 1 && g_ascii_isalpha (data[n]))
        n++;
      if (n >= 4 && (n == size || data[n] == ' ' || data[n] == '\r'))
        {
          memcpy (conv->verb, data, n);
          conv->verb[n] = '\0';
          if (g_ascii_strcasecmp (conv->verb, "RCPT") == 0)
            conv->n_rcpt++;
        }
      else
        conv->verb[0] = '\0';
    }
  else if (type == CURLINFO_HEADER_IN)
    {
      for (size_t i = 0; i < size; i++)
        {
          if (data[i] == '\n')
            {
              g_strstrip (conv->partial->str);
              if (conv->reply->len == 0 && (conv->partial->str[0] == '4' || conv->partial->str[0] == '5'))
                {
                  g_string_assign (conv->reply, conv->partial->str);
                  memcpy (conv->failed_verb, conv->verb, sizeof conv->verb);
                  conv->failed_rcpt = conv->n_rcpt;
                }
              g_string_truncate (conv->partial, 0);
            }
          else if (conv->partial->len < 512)
            g_string_append_c (conv->partial, data[i]);
        }
    }
  return 0;
}

static gboolean
failed_at (Conversation *conv,
           const char   *verb)
{
  return conv->reply->len > 0 && g_ascii_strcasecmp (conv->failed_verb, verb) == 0;
}

/* One translated message per problem, with the server's words when it
 * said something. */
static void
set_send_error (GError             **error,
                KtSmtp              *smtp,
                KtMailMessage       *msg,
                Conversation        *conv,
                CURLcode             code,
                const char          *curl_message)
{
  g_autofree char *reply = g_utf8_make_valid (conv->reply->str, -1);
  const char * const *rcpt = kt_mail_message_get_recipients (msg);
  const char *said = *reply != '\0' ? reply : curl_message;

  switch (code)
    {
    case CURLE_COULDNT_RESOLVE_HOST:
      g_set_error (error, KT_MAIL_ERROR, KT_MAIL_ERROR_CONNECT,
                   _("The mail server %s cannot be found: its name does not resolve"),
                   smtp->host_label);
      return;
    case CURLE_COULDNT_CONNECT:
      g_set_error (error, KT_MAIL_ERROR, KT_MAIL_ERROR_CONNECT,
                   _("The mail server %s refused the connection or cannot be reached"),
                   smtp->host_label);
      return;
    case CURLE_OPERATION_TIMEDOUT:
      g_set_error (error, KT_MAIL_ERROR, KT_MAIL_ERROR_TIMEOUT,
                   _("The mail server %s did not answer within %u seconds"),
                   smtp->host_label, smtp->timeout_seconds);
      return;
    case CURLE_USE_SSL_FAILED:
      g_set_error (error, KT_MAIL_ERROR, KT_MAIL_ERROR_TLS,
                   _("The mail server %s does not offer STARTTLS, which [mail] smtp-security requires"),
                   smtp->host_label);
      return;
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_SSL_CACERT_BADFILE:
      g_set_error (error, KT_MAIL_ERROR, KT_MAIL_ERROR_TLS,
                   _("The TLS connection to the mail server %s failed: %s"),
                   smtp->host_label, curl_message);
      return;
    case CURLE_LOGIN_DENIED:
      g_set_error (error, KT_MAIL_ERROR, KT_MAIL_ERROR_AUTH,
                   _("The mail server %s refused the user name or password: %s"),
                   smtp->host_label, said);
      return;
    default:
      break;
    }

  if (failed_at (conv, "RCPT") && conv->failed_rcpt > 0)
    {
      guint index = MIN (conv->failed_rcpt, g_strv_length ((char **) rcpt)) - 1;

      g_set_error (error, KT_MAIL_ERROR, KT_MAIL_ERROR_RECIPIENT,
                   _("The mail server refused the recipient %s: %s"), rcpt[index], reply);
    }
  else if (failed_at (conv, "MAIL"))
    {
      /* A server that wants AUTH says so at MAIL FROM (530). */
      g_set_error (error, KT_MAIL_ERROR,
                   g_str_has_prefix (reply, "530") ? KT_MAIL_ERROR_AUTH : KT_MAIL_ERROR_SENDER,
                   _("The mail server refused the sender %s: %s"),
                   kt_mail_message_get_sender (msg), reply);
    }
  else
    g_set_error (error, KT_MAIL_ERROR, KT_MAIL_ERROR_FAILED,
                 _("Sending the mail through %s failed: %s"), smtp->host_label, said);
}

gboolean
kt_smtp_send (KtSmtp        *smtp,
              KtMailMessage *msg,
              GError       **error)
{
  g_autoptr(GBytes) text = NULL;
  g_autofree char *mail_from = NULL;
  struct curl_slist *rcpt = NULL;
  char curl_message[CURL_ERROR_SIZE] = "";
  Conversation conv = { "", 0, g_string_new (NULL), "", 0, g_string_new (NULL) };
  Upload up = { NULL, };
  CURL *curl;
  CURLcode code;

  g_return_val_if_fail (smtp != NULL, FALSE);
  g_return_val_if_fail (msg != NULL, FALSE);

  text = kt_mail_message_to_bytes (msg, error);
  if (text == NULL)
    {
      g_string_free (conv.reply, TRUE);
      g_string_free (conv.partial, TRUE);
      return FALSE;
    }
  up.data = g_bytes_get_data (text, &up.length);
  mail_from = g_strdup_printf ("<%s>", kt_mail_message_get_sender (msg));
  for (const char * const *to = kt_mail_message_get_recipients (msg); *to != NULL; to++)
    {
      g_autofree char *angle = g_strdup_printf ("<%s>", *to);

      rcpt = curl_slist_append (rcpt, angle);
    }

  curl = curl_easy_init ();
  curl_easy_setopt (curl, CURLOPT_URL, smtp->url);
  curl_easy_setopt (curl, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
  curl_easy_setopt (curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt (curl, CURLOPT_ERRORBUFFER, curl_message);
  switch (smtp->security)
    {
    case KT_SMTP_SECURITY_STARTTLS:
    case KT_SMTP_SECURITY_TLS:
      curl_easy_setopt (curl, CURLOPT_USE_SSL, (long) CURLUSESSL_ALL);
      break;
    case KT_SMTP_SECURITY_STARTTLS_OPTIONAL:
      curl_easy_setopt (curl, CURLOPT_USE_SSL, (long) CURLUSESSL_TRY);
      break;
    case KT_SMTP_SECURITY_NONE:
    default:
      curl_easy_setopt (curl, CURLOPT_USE_SSL, (long) CURLUSESSL_NONE);
      break;
    }
  if (smtp->ca_file != NULL)
    curl_easy_setopt (curl, CURLOPT_CAINFO, smtp->ca_file);
  if (smtp->user != NULL)
    {
      curl_easy_setopt (curl, CURLOPT_USERNAME, smtp->user);
      curl_easy_setopt (curl, CURLOPT_PASSWORD, smtp->password != NULL ? smtp->password : "");
    }
  curl_easy_setopt (curl, CURLOPT_CONNECTTIMEOUT, (long) smtp->timeout_seconds);
  curl_easy_setopt (curl, CURLOPT_SERVER_RESPONSE_TIMEOUT, (long) smtp->timeout_seconds);
  /* A server that stops reading in the middle of the DATA. */
  curl_easy_setopt (curl, CURLOPT_LOW_SPEED_LIMIT, 1L);
  curl_easy_setopt (curl, CURLOPT_LOW_SPEED_TIME, (long) smtp->timeout_seconds);
  curl_easy_setopt (curl, CURLOPT_MAIL_FROM, mail_from);
  curl_easy_setopt (curl, CURLOPT_MAIL_RCPT, rcpt);
  curl_easy_setopt (curl, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt (curl, CURLOPT_READFUNCTION, read_cb);
  curl_easy_setopt (curl, CURLOPT_READDATA, &up);
  curl_easy_setopt (curl, CURLOPT_INFILESIZE_LARGE, (curl_off_t) up.length);
  /* The debug callback replaces libcurl's own verbose output, which
   * would print the AUTH exchange. */
  curl_easy_setopt (curl, CURLOPT_DEBUGFUNCTION, debug_cb);
  curl_easy_setopt (curl, CURLOPT_DEBUGDATA, &conv);
  curl_easy_setopt (curl, CURLOPT_VERBOSE, 1L);

  code = curl_easy_perform (curl);
  if (code != CURLE_OK)
    set_send_error (error, smtp, msg, &conv, code,
                    *curl_message != '\0' ? curl_message : curl_easy_strerror (code));
  else
    g_debug ("sent message <%s> through %s", kt_mail_message_get_message_id (msg), smtp->host_label);

  curl_easy_cleanup (curl);
  curl_slist_free_all (rcpt);
  g_string_free (conv.reply, TRUE);
  g_string_free (conv.partial, TRUE);
  return code == CURLE_OK;
}
