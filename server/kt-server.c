/* kt-server.c: the HTTP front of kantora-server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-server"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <string.h>

#include "kantora-shared.h"
#include "kt-auth.h"
#include "kt-gzip.h"
#include "kt-http-guard.h"
#include "kt-pdf-cache.h"
#include "kt-pg-migrate.h"
#include "kt-pg-schema.h"
#include "kt-response-stream.h"
#include "kt-routes.h"
#include "kt-server.h"
#include "kt-server-error.h"

struct _KtServer
{
  GObject               parent_instance;

  const KtServerConfig *config;
  SoupServer           *soup;
  GThreadPool          *pool;
  GThreadPool          *render_pool;  /* CPU work, one thread a core */
  GMainContext         *context;
  GMutex                hlc_lock;
  KtHlc                *hlc;
  KtPdfCache           *pdf_cache;
  KtPdfPrerender       *pdf_prerender;
  KtSessionOrgs        *session_orgs;
  guint                 port;
  KtSmtp               *smtp;       /* NULL: no [mail] smtp-host */
  KtBilling            *billing;    /* always; without keys it refuses */
};

G_DEFINE_FINAL_TYPE (KtServer, kt_server, G_TYPE_OBJECT)

/* A database outage lasts seconds (a restart) to minutes: clients come
 * back soon, but not in a tight loop. */
#define KT_SERVER_RETRY_AFTER_SECONDS "5"

/* Some 1,500 ten-line invoices (about 45 KiB each with the logo's and the
 * fonts' subsets): a working day's documents of a large organization. */
#define KT_SERVER_PDF_CACHE_BYTES (64 * 1024 * 1024)

/* One job per request, handed from the main loop to a worker and back. */
typedef struct {
  KtServer          *server;
  SoupServerMessage *msg;
  KtRequest         *req;
  gulong             finished_id;
  gboolean           finished;     /* the client went away meanwhile */
} Job;

/* Each worker thread keeps its own connection, tagged with the server it
 * belongs to so a thread never talks to another server's database. */
typedef struct {
  KtServer *server;
  KtPg     *pg;
  locale_t  bg_locale;
} WorkerState;

static void
worker_state_free (gpointer data)
{
  WorkerState *state = data;

  kt_pg_free (state->pg);
  if (state->bg_locale != (locale_t) 0)
    freelocale (state->bg_locale);
  g_free (state);
}

static GPrivate worker_key = G_PRIVATE_INIT (worker_state_free);

static WorkerState *
get_worker_state (KtServer *server)
{
  WorkerState *state = g_private_get (&worker_key);

  if (state == NULL || state->server != server)
    {
      state = g_new0 (WorkerState, 1);
      state->server = server;
      state->pg = kt_pg_new (server->config->database_url);
      /* Bulgarian messages need the bg_BG.UTF-8 locale on the server;
       * without it answers stay in English (the code is the contract). */
      state->bg_locale = newlocale (LC_MESSAGES_MASK, "bg_BG.UTF-8", (locale_t) 0);
      g_private_replace (&worker_key, state);
    }
  return state;
}

static void
job_free (Job *job)
{
  g_clear_object (&job->msg);
  g_clear_pointer (&job->req, kt_request_free);
  g_object_unref (job->server);
  g_free (job);
}

static gboolean
complete_job_cb (gpointer data)
{
  Job *job = data;
  KtRequest *req = job->req;

  if (!job->finished)
    {
      SoupMessageHeaders *headers = soup_server_message_get_response_headers (job->msg);

      g_signal_handler_disconnect (job->msg, job->finished_id);
      soup_server_message_set_status (job->msg, req->status ? req->status : 500, NULL);
      soup_message_headers_replace (headers, "Cache-Control", "no-store");
      /* 503 is "try again": say when (docs/api.md, Availability). */
      if (req->status == 503)
        soup_message_headers_replace (headers, "Retry-After", KT_SERVER_RETRY_AFTER_SECONDS);
      if (req->response_headers != NULL)
        {
          GHashTableIter iter;
          gpointer name, value;

          g_hash_table_iter_init (&iter, req->response_headers);
          while (g_hash_table_iter_next (&iter, &name, &value))
            soup_message_headers_replace (headers, name, value);
        }
      if (req->response_bytes != NULL)
        {
          SoupMessageBody *body = soup_server_message_get_response_body (job->msg);

          soup_message_headers_set_content_type (headers, req->response_type, NULL);
          soup_message_body_append_bytes (body, req->response_bytes);
        }
      else if (req->response != NULL)
        {
          gsize len = req->response_len;
          g_autoptr(GBytes) gz = g_steal_pointer (&req->response_gzip);

          /* A JSON answer's size depends on the encoding asked for, so
           * caches must key on it whether or not this one is gzipped. */
          soup_message_headers_append (headers, "Vary", "Accept-Encoding");
          if (gz != NULL)
            {
              SoupMessageBody *body = soup_server_message_get_response_body (job->msg);

              soup_message_headers_set_content_type (headers, "application/json; charset=utf-8", NULL);
              soup_message_headers_replace (headers, "Content-Encoding", "gzip");
              soup_message_body_append_bytes (body, gz);
            }
          else
            soup_server_message_set_response (job->msg, "application/json; charset=utf-8",
                                              SOUP_MEMORY_TAKE, g_steal_pointer (&req->response), len);
        }
      soup_server_message_unpause (job->msg);
    }

  job_free (job);
  return G_SOURCE_REMOVE;
}

/* A streamed answer starts on the main loop, which writes it (the
 * worker and its connection are already free). */
static gboolean
start_stream_cb (gpointer data)
{
  Job *job = data;
  KtRequest *req = job->req;

  if (!job->finished && req->stream_start != NULL && req->status == 0)
    {
      KtResponseStream *out;
      gpointer stream_data = req->stream_data;

      g_signal_handler_disconnect (job->msg, job->finished_id);
      out = kt_response_stream_new (job->msg);
      req->stream_free = NULL;
      req->stream_data = NULL;
      req->stream_start (req, out, stream_data);
      job_free (job);
      return G_SOURCE_REMOVE;
    }
  /* The handler failed after asking for a stream, or nobody listens. */
  return complete_job_cb (job);
}

static void
run_request (KtServer  *server,
             KtRequest *req)
{
  g_autoptr(GError) error = NULL;
  const KtRoute *route;
  gboolean wrong_method = FALSE;

  if (!kt_request_check_text (req, &error))
    {
      kt_request_respond_error (req, error);
      return;
    }

  route = kt_routes_match (req, &wrong_method);
  if (route == NULL)
    {
      if (wrong_method)
        g_set_error (&error, KT_SERVER_ERROR, KT_SERVER_ERROR_METHOD,
                     _("%s is not allowed on %s"), req->method, req->path);
      else
        g_set_error (&error, KT_SERVER_ERROR, KT_SERVER_ERROR_NOT_FOUND,
                     _("There is no resource at %s"), req->path);
      kt_request_respond_error (req, error);
      return;
    }

  if (route->auth && !kt_auth_authenticate (req->pg, req->authorization, &req->auth, &error))
    {
      kt_request_respond_error (req, error);
      return;
    }

  if (!route->func (req, &error))
    {
      g_assert (error != NULL);
      kt_request_respond_error (req, error);
    }
}

/* On the thread that made the answer: gzip (level 1) of a 3 MB pull
 * page costs 10-20 ms, which on the main loop held up every other
 * client's requests that long. */
static void
compress_response (KtRequest *req)
{
  gsize len;

  if (req->response == NULL || !req->accepts_gzip || req->response_gzip != NULL)
    return;
  len = req->response_len;
  if (len >= KT_GZIP_MIN_BYTES)
    req->response_gzip = kt_gzip_compress (req->response, len);
}

static void
worker_func (gpointer data,
             gpointer user_data)
{
  Job *job = data;
  KtServer *server = user_data;
  WorkerState *state = get_worker_state (server);
  locale_t previous = (locale_t) 0;

  job->req->pg = state->pg;
  if (g_str_equal (job->req->language, "bg") && state->bg_locale != (locale_t) 0)
    previous = uselocale (state->bg_locale);

  run_request (server, job->req);

  if (previous != (locale_t) 0)
    uselocale (previous);
  job->req->pg = NULL;

  /* The connection is free for the next request while this one renders. */
  if (job->req->deferred != NULL)
    g_thread_pool_push (server->render_pool, job, NULL);
  else if (job->req->stream_start != NULL)
    kt_main_context_post (server->context, start_stream_cb, job, NULL);
  else
    {
      compress_response (job->req);
      kt_main_context_post (server->context, complete_job_cb, job, NULL);
    }
}

static void
render_func (gpointer data,
             gpointer user_data)
{
  Job *job = data;
  KtServer *server = user_data;
  KtRequest *req = job->req;
  KtRequestWork work = req->deferred;
  g_autoptr(GError) error = NULL;

  req->deferred = NULL;
  if (!work (req, req->deferred_data, &error))
    {
      g_assert (error != NULL);
      kt_request_respond_error (req, error);
    }
  compress_response (req);
  kt_main_context_post (server->context, complete_job_cb, job, NULL);
}

static void
on_message_finished_cb (SoupServerMessage *msg,
                        gpointer           data)
{
  Job *job = data;

  /* The job is still on a worker; it will see this and drop the answer. */
  job->finished = TRUE;
}

static void
server_callback (SoupServer        *soup,
                 SoupServerMessage *msg,
                 const char        *path,
                 GHashTable        *query,
                 gpointer           user_data)
{
  KtServer *self = user_data;
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  Job *job;
  KtRequest *req;

  /* libsoup already answered (kt-http-guard.c gave it the JSON body). */
  if (soup_server_message_get_status (msg) != 0)
    return;

  req = kt_request_new ();
  req->server = self;
  req->config = self->config;
  req->method = g_strdup (soup_server_message_get_method (msg));
  kt_request_set_path (req, path);
  if (query != NULL)
    req->query = g_hash_table_ref (query);
  if (body->length > 0)
    req->body = soup_message_body_flatten (body);
  req->content_type = g_strdup (soup_message_headers_get_one (headers, "Content-Type"));
  req->authorization = g_strdup (soup_message_headers_get_one (headers, "Authorization"));
  req->if_none_match = g_strdup (soup_message_headers_get_list (headers, "If-None-Match"));
  req->stripe_signature = g_strdup (soup_message_headers_get_one (headers, "Stripe-Signature"));
  req->accepts_gzip = kt_gzip_accepted (soup_message_headers_get_list (headers, "Accept-Encoding"));
  req->remote_address = g_strdup (soup_server_message_get_remote_host (msg));
  g_free (req->language);
  req->language = kt_request_pick_language (soup_message_headers_get_one (headers, "Accept-Language"));

  job = g_new0 (Job, 1);
  job->server = g_object_ref (self);
  job->msg = g_object_ref (msg);
  job->req = req;
  job->finished_id = g_signal_connect (msg, "finished", G_CALLBACK (on_message_finished_cb), job);

  soup_server_message_pause (msg);
  g_thread_pool_push (self->pool, job, NULL);
}

static void
kt_server_finalize (GObject *object)
{
  KtServer *self = KT_SERVER (object);

  kt_server_shutdown (self);
  g_clear_pointer (&self->hlc, kt_hlc_free);
  g_clear_pointer (&self->pdf_cache, kt_pdf_cache_free);
  g_clear_pointer (&self->session_orgs, kt_session_orgs_free);
  g_clear_pointer (&self->smtp, kt_smtp_free);
  g_clear_pointer (&self->billing, kt_billing_free);
  g_mutex_clear (&self->hlc_lock);
  g_clear_pointer (&self->context, g_main_context_unref);

  G_OBJECT_CLASS (kt_server_parent_class)->finalize (object);
}

static void
kt_server_class_init (KtServerClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = kt_server_finalize;
}

static void
kt_server_init (KtServer *self)
{
  g_mutex_init (&self->hlc_lock);
  self->hlc = kt_hlc_new (NULL);
  self->pdf_cache = kt_pdf_cache_new (KT_SERVER_PDF_CACHE_BYTES);
  self->session_orgs = kt_session_orgs_new ();
  self->context = g_main_context_ref_thread_default ();
}

KtServer *
kt_server_new (const KtServerConfig *config,
               GError              **error)
{
  g_autoptr(KtServer) self = NULL;
  g_autoptr(KtPg) pg = NULL;

  g_return_val_if_fail (config != NULL, NULL);
  g_return_val_if_fail (config->database_url != NULL, NULL);

  if (!kt_auth_init (error))
    return NULL;
  kt_pg_schema_init ();

  pg = kt_pg_new (config->database_url);
  if (!kt_pg_ensure (pg, 10000, error) || !kt_pg_migrate (pg, NULL, error))
    return NULL;

  self = g_object_new (KT_TYPE_SERVER, NULL);
  self->config = config;
  /* A wrong [mail] setting stops the start, not the first invitation. */
  if (kt_smtp_is_configured (config) && (self->smtp = kt_smtp_new (config, error)) == NULL)
    return NULL;
  /* So does an unreadable Stripe key file. */
  if ((self->billing = kt_billing_new (config, error)) == NULL)
    return NULL;
  /* Exclusive threads: each keeps its connection for the server's life. */
  self->pool = g_thread_pool_new (worker_func, self, (int) config->workers, TRUE, error);
  if (self->pool == NULL)
    return NULL;
  /* Issued documents' PDFs, ahead of their first GET. */
  self->pdf_prerender = kt_pdf_prerender_new (config->database_url, self->pdf_cache);
  /* Rendering is CPU alone: more threads than cores only interleave. */
  self->render_pool = g_thread_pool_new (render_func, self, (int) g_get_num_processors (), FALSE, error);
  if (self->render_pool == NULL)
    return NULL;

  self->soup = soup_server_new ("server-header", "kantora-server/" PACKAGE_VERSION " ", NULL);
  kt_http_guard_attach (self->soup, config);
  soup_server_add_handler (self->soup, NULL, server_callback, self, NULL);

  return g_steal_pointer (&self);
}

/* The port the first listener got (port 0 picks one). Read from the
 * socket itself: soup_server_get_uris() leaks an address in libsoup 3.2. */
static guint
bound_port (SoupServer *soup,
            guint       fallback)
{
  GSList *listeners = soup_server_get_listeners (soup);
  g_autoptr(GSocketAddress) address = NULL;

  if (listeners == NULL)
    return fallback;
  address = g_socket_get_local_address (listeners->data, NULL);
  g_slist_free (listeners);
  if (address == NULL || !G_IS_INET_SOCKET_ADDRESS (address))
    return fallback;
  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (address));
}

gboolean
kt_server_listen (KtServer  *self,
                  GError   **error)
{
  const KtServerConfig *config;
  g_autoptr(GSocketAddress) address = NULL;
  SoupServerListenOptions options = 0;

  g_return_val_if_fail (KT_IS_SERVER (self), FALSE);
  config = self->config;

  if (config->tls_certificate != NULL || config->tls_key != NULL)
    {
      g_autoptr(GTlsCertificate) cert = NULL;

      if (config->tls_certificate == NULL || config->tls_key == NULL)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                       _("TLS needs both [http] tls-certificate and tls-key"));
          return FALSE;
        }
      cert = g_tls_certificate_new_from_files (config->tls_certificate, config->tls_key, error);
      if (cert == NULL)
        return FALSE;
      soup_server_set_tls_certificate (self->soup, cert);
      options |= SOUP_SERVER_LISTEN_HTTPS;
    }

  if (config->address == NULL)
    {
      if (!soup_server_listen_all (self->soup, config->port, options, error))
        return FALSE;
    }
  else
    {
      address = g_inet_socket_address_new_from_string (config->address, config->port);
      if (address == NULL)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                       _("[http] address “%s” is not an IP address"), config->address);
          return FALSE;
        }
      if (!soup_server_listen (self->soup, address, options, error))
        return FALSE;
    }

  self->port = bound_port (self->soup, config->port);
  return TRUE;
}

gboolean
kt_server_listen_local (KtServer  *self,
                        guint      port,
                        GError   **error)
{
  g_return_val_if_fail (KT_IS_SERVER (self), FALSE);

  if (!soup_server_listen_local (self->soup, port, SOUP_SERVER_LISTEN_IPV4_ONLY, error))
    return FALSE;
  self->port = bound_port (self->soup, port);
  return TRUE;
}

guint
kt_server_get_port (KtServer *self)
{
  g_return_val_if_fail (KT_IS_SERVER (self), 0);
  return self->port;
}

SoupServer *
kt_server_get_soup_server (KtServer *self)
{
  g_return_val_if_fail (KT_IS_SERVER (self), NULL);
  return self->soup;
}

char *
kt_server_tick_hlc (KtServer *self)
{
  char *stamp;

  g_return_val_if_fail (KT_IS_SERVER (self), NULL);

  g_mutex_lock (&self->hlc_lock);
  stamp = kt_hlc_tick (self->hlc);
  g_mutex_unlock (&self->hlc_lock);
  return stamp;
}

void
kt_server_get_clock (KtServer *self,
                     KtHlc   **clock,
                     GMutex  **lock)
{
  g_return_if_fail (KT_IS_SERVER (self));
  *clock = self->hlc;
  *lock = &self->hlc_lock;
}

KtPdfCache *
kt_server_get_pdf_cache (KtServer *self)
{
  g_return_val_if_fail (KT_IS_SERVER (self), NULL);
  return self->pdf_cache;
}

KtPdfPrerender *
kt_server_get_pdf_prerender (KtServer *self)
{
  g_return_val_if_fail (KT_IS_SERVER (self), NULL);
  return self->pdf_prerender;
}

KtSessionOrgs *
kt_server_get_session_orgs (KtServer *self)
{
  g_return_val_if_fail (KT_IS_SERVER (self), NULL);
  return self->session_orgs;
}

void
kt_server_shutdown (KtServer *self)
{
  g_return_if_fail (KT_IS_SERVER (self));

  if (self->soup != NULL)
    soup_server_disconnect (self->soup);
  if (self->pool != NULL)
    {
      /* Let in-flight requests finish; their answers are dropped. */
      g_thread_pool_free (g_steal_pointer (&self->pool), FALSE, TRUE);
      /* After the workers: they may still hand renders on. */
      if (self->render_pool != NULL)
        g_thread_pool_free (g_steal_pointer (&self->render_pool), FALSE, TRUE);
      while (g_main_context_iteration (self->context, FALSE))
        ;
    }
  /* After the workers, which hand it documents; before the cache. */
  g_clear_pointer (&self->pdf_prerender, kt_pdf_prerender_free);
  g_clear_object (&self->soup);
}

KtBilling *
kt_server_get_billing (KtServer *self)
{
  g_return_val_if_fail (KT_IS_SERVER (self), NULL);

  return self->billing;
}

KtSmtp *
kt_server_get_smtp (KtServer *self)
{
  g_return_val_if_fail (KT_IS_SERVER (self), NULL);

  return self->smtp;
}
