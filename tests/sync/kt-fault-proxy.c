/* kt-fault-proxy.c: an HTTP proxy that loses, duplicates and delays
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-test"

#include "config.h"

#include <libsoup/soup.h>

#include "kt-fault-proxy.h"

struct _KtFaultProxy
{
  SoupServer  *soup;
  SoupSession *session;
  char        *target;
  char        *url;
  GRand       *rand;
  gboolean     faults;
  guint        in_flight;
  guint        dropped, lost, duplicated;
};

typedef enum {
  FATE_DELIVER,
  FATE_DROP,        /* the server never sees it */
  FATE_LOSE,        /* the server handles it; the answer is lost */
  FATE_DUPLICATE,   /* the server sees it twice */
} Fate;

typedef struct {
  KtFaultProxy      *proxy;
  SoupServerMessage *msg;
  SoupMessage       *forward;
  GBytes            *body;
  Fate               fate;
} Exchange;

static void
exchange_free (Exchange *ex)
{
  g_clear_object (&ex->msg);
  g_clear_object (&ex->forward);
  g_clear_pointer (&ex->body, g_bytes_unref);
  g_free (ex);
}

static void
answer_bad_gateway (SoupServerMessage *msg)
{
  static const char body[] = "{\"error\": {\"code\": \"unavailable\", \"message\": \"proxy: upstream lost\"}}";

  soup_server_message_set_status (msg, 502, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC, body, strlen (body));
}

static SoupMessage *
build_forward (Exchange *ex)
{
  GUri *uri = soup_server_message_get_uri (ex->msg);
  g_autofree char *url = NULL;
  SoupMessageHeaders *in = soup_server_message_get_request_headers (ex->msg);
  const char *auth = soup_message_headers_get_one (in, "Authorization");
  const char *type = soup_message_headers_get_content_type (in, NULL);
  SoupMessage *fwd;

  url = g_strdup_printf ("%s%s%s%s", ex->proxy->target, g_uri_get_path (uri),
                         g_uri_get_query (uri) ? "?" : "",
                         g_uri_get_query (uri) ? g_uri_get_query (uri) : "");
  fwd = soup_message_new (soup_server_message_get_method (ex->msg), url);
  if (auth != NULL)
    soup_message_headers_append (soup_message_get_request_headers (fwd), "Authorization", auth);
  if (ex->body != NULL && g_bytes_get_size (ex->body) > 0)
    soup_message_set_request_body_from_bytes (fwd, type ? type : "application/json", ex->body);
  return fwd;
}

static void
finish_exchange (Exchange *ex)
{
  ex->proxy->in_flight--;
  soup_server_message_unpause (ex->msg);
  exchange_free (ex);
}

static void
on_duplicate_done_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  KtFaultProxy *proxy = user_data;
  g_autoptr (GBytes) bytes = soup_session_send_and_read_finish (SOUP_SESSION (source), result, NULL);

  proxy->in_flight--;
}

static void
send_duplicate (Exchange *ex)
{
  g_autoptr (SoupMessage) copy = build_forward (ex);

  ex->proxy->in_flight++;
  soup_session_send_and_read_async (ex->proxy->session, copy, G_PRIORITY_DEFAULT, NULL,
                                    on_duplicate_done_cb, ex->proxy);
}

static void
on_forward_done_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  Exchange *ex = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) bytes = NULL;
  const char *type;

  bytes = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  if (bytes == NULL)
    {
      answer_bad_gateway (ex->msg);
      finish_exchange (ex);
      return;
    }

  if (ex->fate == FATE_LOSE)
    {
      /* The server did the work; the client never hears of it. */
      answer_bad_gateway (ex->msg);
      finish_exchange (ex);
      return;
    }

  if (ex->fate == FATE_DUPLICATE && g_rand_boolean (ex->proxy->rand))
    send_duplicate (ex);   /* one after the other */

  type = soup_message_headers_get_content_type (soup_message_get_response_headers (ex->forward), NULL);
  soup_server_message_set_status (ex->msg, soup_message_get_status (ex->forward), NULL);
  soup_server_message_set_response (ex->msg, type ? type : "application/json", SOUP_MEMORY_COPY,
                                    g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  finish_exchange (ex);
}

static void
forward (Exchange *ex)
{
  if (ex->fate == FATE_DROP)
    {
      answer_bad_gateway (ex->msg);
      finish_exchange (ex);
      return;
    }

  if (ex->fate == FATE_DUPLICATE && g_rand_boolean (ex->proxy->rand))
    send_duplicate (ex);   /* at the same time */

  ex->forward = build_forward (ex);
  soup_session_send_and_read_async (ex->proxy->session, ex->forward, G_PRIORITY_DEFAULT, NULL,
                                    on_forward_done_cb, ex);
}

static gboolean
on_delay_done_cb (gpointer user_data)
{
  forward (user_data);
  return G_SOURCE_REMOVE;
}

static void
on_request_cb (SoupServer        *soup,
               SoupServerMessage *msg,
               const char        *path,
               GHashTable        *query,
               gpointer           user_data)
{
  KtFaultProxy *proxy = user_data;
  Exchange *ex = g_new0 (Exchange, 1);
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  guint delay = 0;

  ex->proxy = proxy;
  ex->msg = g_object_ref (msg);
  ex->body = soup_message_body_flatten (body);
  ex->fate = FATE_DELIVER;

  if (proxy->faults)
    {
      double dice = g_rand_double (proxy->rand);

      if (dice < 0.07)
        ex->fate = FATE_DROP, proxy->dropped++;
      else if (dice < 0.15)
        ex->fate = FATE_LOSE, proxy->lost++;
      else if (dice < 0.23)
        ex->fate = FATE_DUPLICATE, proxy->duplicated++;
      delay = (guint) g_rand_int_range (proxy->rand, 0, 15);
    }

  proxy->in_flight++;
  soup_server_message_pause (msg);
  if (delay > 0)
    g_timeout_add (delay, on_delay_done_cb, ex);
  else
    forward (ex);
}

KtFaultProxy *
kt_fault_proxy_new (const char *target_url,
                    guint32     seed)
{
  KtFaultProxy *proxy = g_new0 (KtFaultProxy, 1);
  g_autoptr (GError) error = NULL;
  GSList *uris;

  proxy->target = g_strdup (target_url);
  proxy->rand = g_rand_new_with_seed (seed);
  proxy->session = soup_session_new_with_options ("max-conns-per-host", 16, "timeout", 30, NULL);
  proxy->soup = soup_server_new (NULL, NULL);
  soup_server_add_handler (proxy->soup, NULL, on_request_cb, proxy, NULL);
  soup_server_listen_local (proxy->soup, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);

  uris = soup_server_get_uris (proxy->soup);
  proxy->url = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  return proxy;
}

void
kt_fault_proxy_free (KtFaultProxy *proxy)
{
  /* Let forwarded requests land before the sockets go. */
  for (guint i = 0; i < 2000 && proxy->in_flight > 0; i++)
    g_main_context_iteration (NULL, TRUE);

  soup_server_disconnect (proxy->soup);
  g_clear_object (&proxy->soup);
  soup_session_abort (proxy->session);
  g_clear_object (&proxy->session);
  g_rand_free (proxy->rand);
  g_free (proxy->target);
  g_free (proxy->url);
  g_free (proxy);
}

const char *
kt_fault_proxy_get_url (KtFaultProxy *proxy)
{
  return proxy->url;
}

void
kt_fault_proxy_set_faults (KtFaultProxy *proxy,
                           gboolean      faults)
{
  proxy->faults = faults;
}

guint
kt_fault_proxy_in_flight (KtFaultProxy *proxy)
{
  return proxy->in_flight;
}

void
kt_fault_proxy_get_stats (KtFaultProxy *proxy,
                          guint        *dropped,
                          guint        *lost,
                          guint        *duplicated)
{
  *dropped = proxy->dropped;
  *lost = proxy->lost;
  *duplicated = proxy->duplicated;
}
