/* kt-route-pdf.c: /v1/invoices/{id}/pdf and /v1/offers/{id}/pdf
 *
 * A document as PDF, drawn by libkt-render (render/) from the records as
 * stored, the organization as the seller. Reading a PDF is reading the
 * record: any member of the organization; another organization's id is
 * 404 like a missing one.
 *
 * The page is drawn with the organization's default template of the
 * document's kind (render/kt-document-template.h), the built-in classic
 * layout when there is none.
 *
 * The strong ETag hashes the change stamps of everything on the page (the
 * document, its lines, a credit note's original invoice, the
 * organization, its default templates: a template edited, marked default
 * or deleted is a new version of every page) and the renderer's version,
 * read in one query: a client
 * that has this version gets 304 without a render, and the server's
 * cache (kt-pdf-cache.h) answers a version it rendered before. Only a
 * miss renders: the worker reads the records (one snapshot, one round
 * trip: kt_pg_pdf_read_snapshot(), the stamp in it). A document this
 * server has no PDF of, asked without If-None-Match, is almost surely a
 * miss: its snapshot is read at once, without the stamp's round trip
 * before it. The worker renders a short document itself
 * (about a millisecond, less than handing it on and waking another
 * thread costs, docs/performance.md); a long one goes to the server's
 * render pool (kt_request_defer(), one thread a core, the message paused
 * meanwhile), so that the worker's database connection serves other
 * requests while it renders. The main loop never renders.
 *
 * An issued document is usually in the cache before its first GET: the
 * write that issued or changed it had it rendered in the background
 * after its commit (kt-pdf-prerender.h), under the same ETag, with the
 * same bytes (kt-pdf-page.h draws for both).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-route-pdf"

#include "config.h"

#include <glib/gi18n.h>

#include "kantora-shared.h"
#include "kt-pg-accounts.h"
#include "kt-pdf-page.h"
#include "kt-pg-change.h"
#include "kt-pg-pdf.h"
#include "kt-routes.h"
#include "kt-server.h"
#include "kt-server-error.h"

typedef struct {
  const KtEntity *document;
  const KtEntity *item;
} PdfKind;

static char *
make_etag (KtRequest      *req,
           const KtEntity *document,
           const char     *stamp)
{
  return kt_pdf_page_etag (req->auth.org_id, document, req->segments[1], stamp);
}

/* If-None-Match: "*" or a list of entity tags, compared weakly as RFC 9110
 * says for this header (W/"x" matches "x"). */
static gboolean
etag_matches (const char *header,
              const char *etag)
{
  g_auto(GStrv) tags = NULL;

  if (header == NULL)
    return FALSE;
  tags = g_strsplit (header, ",", -1);
  for (guint i = 0; tags[i] != NULL; i++)
    {
      const char *tag = g_strstrip (tags[i]);

      if (g_str_has_prefix (tag, "W/"))
        tag += 2;
      if (g_str_equal (tag, "*") || g_str_equal (tag, etag))
        return TRUE;
    }
  return FALSE;
}

static void
respond_not_modified (KtRequest  *req,
                      const char *etag)
{
  kt_request_respond_empty (req, 304);
  kt_request_set_header (req, "ETag", etag);
  kt_request_set_header (req, "Cache-Control", "private, no-cache");
}

/* The key of kt_pdf_cache_note_document(). */
static char *
document_key (KtRequest     *req,
              const PdfKind *kind)
{
  return kt_pdf_page_key (req->auth.org_id, kind->document, req->segments[1]);
}

static void
respond_pdf (KtRequest  *req,
             const char *etag,
             const char *filename,
             GBytes     *pdf)
{
  g_autofree char *disposition = g_strdup_printf ("inline; filename=\"%s\"", filename);

  kt_request_respond_bytes (req, 200, "application/pdf", pdf);
  kt_request_set_header (req, "ETag", etag);
  kt_request_set_header (req, "Content-Disposition", disposition);
  /* Kept by the client, asked again each time (a cheap 304). */
  kt_request_set_header (req, "Cache-Control", "private, no-cache");
}

/* What the page shows, read in one snapshot, so that the stamp names
 * exactly these records; handed to the render pool with its ETag. */
typedef struct {
  char           *key;     /* document_key() */
  char           *stamp;
  char           *etag;
  KtPgPdfRecords  records;
} Snapshot;

static void
snapshot_free (gpointer data)
{
  Snapshot *snap = data;

  g_free (snap->key);
  g_free (snap->stamp);
  g_free (snap->etag);
  kt_pg_pdf_records_clear (&snap->records);
  g_free (snap);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Snapshot, snapshot_free)

/* Up to this many lines (one page) a document renders on the worker that
 * read it: a ten-line invoice takes some 0.6 ms, a hundred-line one 10. */
#define KT_PDF_WORKER_MAX_ITEMS 30

/* On the worker (short documents) or the render pool; neither uses the
 * database connection. */
static gboolean
render_work (KtRequest  *req,
             gpointer    data,
             GError    **error)
{
  Snapshot *snap = data;
  g_autoptr(GBytes) pdf = NULL;
  g_autofree char *filename = NULL;

  pdf = kt_pdf_page_render (&snap->records, &filename, error);
  if (pdf == NULL)
    return FALSE;
  kt_pdf_cache_insert (kt_server_get_pdf_cache (req->server), snap->etag, filename, pdf);
  kt_pdf_cache_note_document (kt_server_get_pdf_cache (req->server), snap->key);
  respond_pdf (req, snap->etag, filename, pdf);
  return TRUE;
}

/* The token's session: its organization from the tokens seen, the rest
 * checked with the first read (*pending); or, for a token not seen here,
 * read now, as kt-server.c does for the other routes. */
static gboolean
start_auth (KtRequest  *req,
            const char *token_hash,
            gboolean   *pending,
            GError    **error)
{
  KtSessionOrgs *orgs = kt_server_get_session_orgs (req->server);
  g_autofree char *org_id = kt_session_orgs_lookup (orgs, token_hash);

  *pending = org_id != NULL;
  if (org_id != NULL)
    {
      g_free (req->auth.org_id);
      req->auth.org_id = g_steal_pointer (&org_id);
      return TRUE;
    }
  if (!kt_auth_authenticate (req->pg, req->authorization, &req->auth, error))
    return FALSE;
  kt_session_orgs_insert (orgs, token_hash, req->auth.org_id);
  return TRUE;
}

/* After the first read of a request whose session was read with it
 * (@token_hash; NULL: checked before): the session's answer comes
 * before the read's own (a 401 before a 404), a database error is one
 * either way. Takes @read_error. */
static gboolean
finish_first_read (KtRequest   *req,
                   const char  *token_hash,
                   KtPgSession *session,
                   gboolean     read_ok,
                   GError      *read_error,
                   GError     **error)
{
  g_autoptr(GError) read = read_error;
  g_autofree char *org_id = NULL;

  if (!read_ok && !g_error_matches (read, KT_SERVER_ERROR, KT_SERVER_ERROR_NOT_FOUND))
    {
      g_propagate_error (error, g_steal_pointer (&read));
      return FALSE;
    }
  if (token_hash != NULL)
    {
      org_id = g_strdup (req->auth.org_id);
      if (!kt_auth_set_context (&req->auth, session->found ? session->user_id : NULL, session->org_id,
                                session->role, error))
        return FALSE;
      /* A session's organization is fixed: this cannot be, but the rows
       * read belong to the one asked for. */
      if (g_strcmp0 (org_id, req->auth.org_id) != 0)
        {
          g_set_error (error, KT_SERVER_ERROR, KT_SERVER_ERROR_UNAUTHORIZED, _("The token is not valid"));
          return FALSE;
        }
    }
  if (!read_ok)
    {
      g_propagate_error (error, g_steal_pointer (&read));
      return FALSE;
    }
  return TRUE;
}

static gboolean
render_pdf (KtRequest      *req,
            const PdfKind  *kind,
            char           *key,
            const char     *token_hash,
            GError        **error)
{
  g_autoptr(Snapshot) snap = g_new0 (Snapshot, 1);
  g_autofree char *filename = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_auto(KtPgSession) session = { 0, };
  GError *read_error = NULL;
  gboolean ok;

  snap->key = key;
  /* One round trip: the stamp and the records in one snapshot (and the
   * session when it is still to be checked). */
  ok = kt_pg_pdf_read_snapshot (req->pg, kind->document, kind->item, req->auth.org_id, req->segments[1],
                                token_hash, &session, &snap->stamp, &snap->records, &read_error);
  if (!finish_first_read (req, token_hash, &session, ok, read_error, error))
    return FALSE;
  /* The stamp may be newer than one checked before, or none was: name
   * what is drawn, and answer a version the client or the cache has
   * without drawing it. */
  snap->etag = make_etag (req, kind->document, snap->stamp);
  if (etag_matches (req->if_none_match, snap->etag))
    {
      respond_not_modified (req, snap->etag);
      return TRUE;
    }
  pdf = kt_pdf_cache_lookup (kt_server_get_pdf_cache (req->server), snap->etag, &filename);
  if (pdf != NULL)
    {
      respond_pdf (req, snap->etag, filename, pdf);
      return TRUE;
    }
  if (snap->records.items->len <= KT_PDF_WORKER_MAX_ITEMS)
    return render_work (req, snap, error);
  kt_request_defer (req, render_work, g_steal_pointer (&snap), snapshot_free);
  return TRUE;
}

static gboolean
route_pdf (KtRequest      *req,
           const PdfKind  *kind,
           GError        **error)
{
  KtPdfCache *cache = kt_server_get_pdf_cache (req->server);
  g_autofree char *token_hash = NULL;
  g_autofree char *key = NULL;
  g_autofree char *stamp = NULL;
  g_autofree char *etag = NULL;
  g_autofree char *filename = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_auto(KtPgSession) session = { 0, };
  GError *read_error = NULL;
  gboolean pending;

  /* These routes authenticate with their first read (kt-routes.c): the
   * token first, as everywhere else. */
  token_hash = kt_auth_token_hash (req->authorization, error);
  if (token_hash == NULL || !start_auth (req, token_hash, &pending, error))
    return FALSE;
  if (!pending)
    g_clear_pointer (&token_hash, g_free);
  key = document_key (req, kind);

  /* Not rendered here and not held by the client: a render, most likely
   * (the first PDF of a new or edited document). */
  if (req->if_none_match == NULL && !kt_pdf_cache_knows_document (cache, key))
    return render_pdf (req, kind, g_steal_pointer (&key), token_hash, error);

  stamp = kt_pg_pdf_stamp (req->pg, kind->document, kind->item, req->auth.org_id, req->segments[1],
                           token_hash, &session, &read_error);
  if (!finish_first_read (req, token_hash, &session, stamp != NULL, read_error, error))
    return FALSE;
  etag = make_etag (req, kind->document, stamp);

  if (etag_matches (req->if_none_match, etag))
    {
      respond_not_modified (req, etag);
      return TRUE;
    }

  pdf = kt_pdf_cache_lookup (cache, etag, &filename);
  if (pdf != NULL)
    {
      respond_pdf (req, etag, filename, pdf);
      return TRUE;
    }
  /* The session is checked now. */
  return render_pdf (req, kind, g_steal_pointer (&key), NULL, error);
}

gboolean
kt_route_invoice_pdf (KtRequest *req,
                      GError   **error)
{
  static const PdfKind kind = { KT_ENTITY_INVOICE, KT_ENTITY_INVOICE_ITEM };

  return route_pdf (req, &kind, error);
}

gboolean
kt_route_offer_pdf (KtRequest *req,
                    GError   **error)
{
  static const PdfKind kind = { KT_ENTITY_OFFER, KT_ENTITY_OFFER_ITEM };

  return route_pdf (req, &kind, error);
}
