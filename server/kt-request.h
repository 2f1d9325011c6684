/* kt-request.h: one HTTP request as the worker threads see it
 *
 * The main loop copies what a handler needs out of the SoupServerMessage
 * (handlers run on worker threads and must not touch it), and copies the
 * response back when the handler is done.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

#include "kt-auth.h"
#include "kt-pg.h"
#include "kt-server-config.h"

G_BEGIN_DECLS

typedef struct _KtServer KtServer;
typedef struct _KtRequest KtRequest;

typedef struct _KtResponseStream KtResponseStream;

/* Work a handler hands on to the render pool (kt_request_defer()). */
typedef gboolean (*KtRequestWork) (KtRequest *req,
                                   gpointer   data,
                                   GError   **error);

struct _KtRequest {
  KtServer             *server;
  const KtServerConfig *config;
  KtPg                 *pg;

  /* The request. */
  char                 *method;
  char                 *path;
  char                **segments;       /* path split at "/", without "v1" */
  guint                 n_segments;
  GHashTable           *query;          /* may be NULL */
  GBytes               *body;           /* may be NULL */
  char                 *content_type;
  char                 *authorization;
  char                 *remote_address;
  char                 *language;       /* "bg" or "en" */
  char                 *if_none_match;  /* the header, may be NULL */
  char                 *stripe_signature; /* the webhook's header, may be NULL */
  gboolean              accepts_gzip;   /* Accept-Encoding allows gzip */

  KtAuthContext         auth;           /* set when the route needs a user */

  /* The response. */
  guint                 status;
  char                 *response;       /* JSON text, or NULL for no body */
  gsize                 response_len;   /* strlen (@response), 0 without one */
  /* @response gzipped, on the worker that made it (kt-server.c), when
   * the client accepts gzip and it is large enough; NULL otherwise. */
  GBytes               *response_gzip;
  /* Instead of JSON: a body of another media type (a PDF). */
  GBytes               *response_bytes;
  char                 *response_type;
  /* Headers of the answer beyond the usual ones (name -> value), or
   * NULL; they replace the defaults ("Cache-Control"). */
  GHashTable           *response_headers;

  /* The documents a write left issued (KtDocumentRef, kt-pg-documents.h),
   * set by kt_routes_keep_issued(): pre-rendered once its transaction
   * commits (kt-pdf-prerender.h); NULL when none. */
  GPtrArray            *issued;
  /* Every page of the organization is new (its seller block, a default
   * template): its recent issued documents are pre-rendered. */
  gboolean              pages_changed;

  /* Set by kt_request_defer(). */
  KtRequestWork         deferred;
  gpointer              deferred_data;
  GDestroyNotify        deferred_free;

  /* Set by kt_request_stream(). */
  void                (*stream_start) (KtRequest        *req,
                                       KtResponseStream *out,
                                       gpointer          data);
  gpointer              stream_data;
  GDestroyNotify        stream_free;
};

KtRequest   *kt_request_new          (void);
void         kt_request_free         (KtRequest *req);
void         kt_request_set_path     (KtRequest  *req,
                                      const char *path);

/* "bg" or "en" from an Accept-Language header (may be NULL). */
char        *kt_request_pick_language (const char *accept_language);
/* 400 bad_request unless the path and every query name and value are
 * valid UTF-8 (the value's error names its parameter). */
gboolean     kt_request_check_text   (KtRequest  *req,
                                      GError    **error);
const char  *kt_request_get_query    (KtRequest  *req,
                                      const char *key);
/* The body as a JSON object: 415 unless its media type is exactly
 * application/json (parameters allowed, a charset only UTF-8); then
 * kt_json_guard_check() (400 malformed for depth over 64, trailing data,
 * invalid UTF-8; 400 wrong_type for numbers out of range; 422 validation
 * for \u0000); 400 when it does not parse or is not an object. */
JsonObject  *kt_request_read_object  (KtRequest  *req,
                                      GError    **error);

void         kt_request_respond_json (KtRequest  *req,
                                      guint       status,
                                      JsonNode   *node);
/* Takes @json, already serialized. */
void         kt_request_respond_text (KtRequest  *req,
                                      guint       status,
                                      char       *json);
/* The same for @json of @len bytes, known to its maker: a list's page is
 * some 43 kB, which the main loop need not measure again. */
void         kt_request_respond_text_len (KtRequest  *req,
                                          guint       status,
                                          char       *json,
                                          gsize       len);
void         kt_request_respond_empty (KtRequest *req,
                                       guint      status);
void         kt_request_respond_error (KtRequest    *req,
                                       const GError *error);
/* A body that is not JSON: @content_type, taking a reference to @bytes.
 * Every kt_request_respond_*() forgets an earlier answer and its
 * headers, so that an error never carries a PDF's ETag. */
void         kt_request_respond_bytes (KtRequest  *req,
                                       guint       status,
                                       const char *content_type,
                                       GBytes     *bytes);
/* Adds a header to the answer set so far. */
void         kt_request_set_header    (KtRequest  *req,
                                       const char *name,
                                       const char *value);

/* CPU-bound work after the handler returns (rendering a PDF): the server
 * runs @work on its render pool, whose threads hold no database
 * connection, so that a long render never keeps a connection's worker
 * from other requests. @work answers through kt_request_respond_*() or
 * fails like a handler; req->pg is NULL meanwhile. @free_data frees
 * @data either way. */
void         kt_request_defer         (KtRequest      *req,
                                       KtRequestWork   work,
                                       gpointer        data,
                                       GDestroyNotify  free_data);

/* An answer that is a stream (kt-response-stream.h): once the handler
 * returns, the server calls @start on the main loop with the stream to
 * write to; @start then owns @data. @free_data frees it if the client
 * went away before (and the handler's own answer is not sent). */
void         kt_request_stream        (KtRequest      *req,
                                       void          (*start) (KtRequest        *req,
                                                               KtResponseStream *out,
                                                               gpointer          data),
                                       gpointer        data,
                                       GDestroyNotify  free_data);

/* Small helpers for handlers reading JSON objects. NULL when absent;
 * an error naming the key when present with the wrong type. */
gboolean     kt_json_get_string      (JsonObject  *object,
                                      const char  *key,
                                      gboolean     required,
                                      const char **out,
                                      GError     **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KtRequest, kt_request_free)

G_END_DECLS
