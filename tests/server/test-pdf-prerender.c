/* test-pdf-prerender.c: issued documents' PDFs rendered ahead of the GET
 *
 * Issue 13: the PDF route answers an issued document from the cache. A
 * write that leaves an invoice or an offer issued renders its PDF in the
 * background after the commit (server/kt-pdf-prerender.c), so the first
 * GET is a hit; drafts are not rendered; a burst of writes renders once;
 * the queue has a cap; the bytes are those of an on-demand render, which
 * another instance on the same database still does.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "kantora-shared.h"
#include "kt-test-server.h"

static char *conninfo;

/* Waits on the pre-renderer's condition, never a sleep: long enough for
 * a loaded machine, short next to the suite's timeout. */
#define IDLE_TIMEOUT_MS 20000

typedef struct {
  KtTestServer  *ts;
  KtTestAccount  owner;
} Fixture;

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  f->ts = kt_test_server_new (conninfo);
  kt_test_register (f->ts, "Prerender", &f->owner);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  kt_test_account_clear (&f->owner);
  kt_test_server_free (f->ts);
}

static KtPdfPrerender *
prerender_of (KtTestServer *ts)
{
  return kt_server_get_pdf_prerender (ts->server);
}

static KtPdfPrerenderStats
wait_idle (KtTestServer *ts)
{
  KtPdfPrerenderStats stats;

  g_assert_true (kt_pdf_prerender_wait_idle (prerender_of (ts), IDLE_TIMEOUT_MS));
  kt_pdf_prerender_get_stats (prerender_of (ts), &stats);
  return stats;
}

/* A draft invoice of @n_lines lines. */
static char *
new_invoice (Fixture *f,
             guint    n_lines)
{
  g_autofree char *invoice = kt_test_create (f->ts, f->owner.token, "invoices",
                                     "{\"issue_date\":\"2026-12-01\",\"client_name\":\"Балкан ООД\","
                                     "\"language\":\"bg\"}");

  for (guint i = 0; i < n_lines; i++)
    {
      g_autofree char *body = g_strdup_printf ("{\"invoice_id\":\"%s\",\"description\":\"Услуга %u\","
                                               "\"position\":%u,\"quantity\":1000,\"unit_price\":10000,"
                                               "\"vat_bps\":2000}", invoice, i + 1, i);
      g_autofree char *line = kt_test_create (f->ts, f->owner.token, "invoice_items", body);
    }
  return g_steal_pointer (&invoice);
}

static void
issue (Fixture    *f,
       const char *plural,
       const char *id)
{
  kt_test_patch_ok (f->ts, f->owner.token, plural, id,
                    g_str_equal (plural, "offers") ? "{\"status\":\"sent\"}" : "{\"status\":\"issued\"}");
}

/* GET of the PDF through @ts: 200 and a PDF; its ETag in @out_etag. */
static GBytes *
get_pdf (KtTestServer *ts,
         const char   *token,
         const char   *plural,
         const char   *id,
         char        **out_etag)
{
  g_autofree char *path = g_strdup_printf ("/v1/%s/%s/pdf", plural, id);
  g_autoptr(SoupMessage) msg = NULL;
  GBytes *body = kt_test_request_raw (ts, "GET", path, token, NULL, NULL, &msg);
  gsize size;
  const char *data = g_bytes_get_data (body, &size);

  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
  g_assert_cmpuint (size, >, 1000);
  g_assert_true (memcmp (data, "%PDF-", 5) == 0);
  if (out_etag != NULL)
    *out_etag = g_strdup (soup_message_headers_get_one (soup_message_get_response_headers (msg), "ETag"));
  return body;
}

/* Issued through REST: in the cache before any GET, and the GET is a hit
 * with the bytes an on-demand render gives (another instance on the same
 * database, whose cache is its own, renders it). */
static void
test_issued (Fixture *f, gconstpointer data)
{
  KtPdfCache *cache = kt_server_get_pdf_cache (f->ts->server);
  g_autofree char *invoice = new_invoice (f, 3);
  g_autofree char *etag = NULL;
  g_autofree char *other_etag = NULL;
  g_autoptr(GBytes) ahead = NULL;
  g_autoptr(GBytes) on_demand = NULL;
  g_autoptr(KtTestServer) other = NULL;
  KtPdfPrerenderStats stats;
  guint64 hits;

  issue (f, "invoices", invoice);
  stats = wait_idle (f->ts);
  g_assert_cmpuint (stats.rendered, ==, 1);
  g_assert_cmpuint (stats.failed, ==, 0);
  /* Kept without a GET: nothing else renders in this server. */
  g_assert_cmpuint (kt_pdf_cache_get_size (cache), >, 1000);

  hits = kt_pdf_cache_get_hits (cache);
  ahead = get_pdf (f->ts, f->owner.token, "invoices", invoice, &etag);
  g_assert_cmpuint (kt_pdf_cache_get_hits (cache), ==, hits + 1);
  kt_pdf_prerender_get_stats (prerender_of (f->ts), &stats);
  g_assert_cmpuint (stats.rendered, ==, 1);

  other = kt_test_server_new (conninfo);
  on_demand = get_pdf (other, f->owner.token, "invoices", invoice, &other_etag);
  g_assert_cmpuint (kt_pdf_cache_get_hits (kt_server_get_pdf_cache (other->server)), ==, 0);
  g_assert_cmpstr (other_etag, ==, etag);
  g_assert_true (g_bytes_equal (ahead, on_demand));
}

/* Drafts are not rendered ahead, whatever is written to them; an offer
 * sent is. */
static void
test_draft (Fixture *f, gconstpointer data)
{
  KtPdfCache *cache = kt_server_get_pdf_cache (f->ts->server);
  g_autofree char *invoice = new_invoice (f, 2);
  g_autofree char *offer = kt_test_create (f->ts, f->owner.token, "offers", "{\"issue_date\":\"2026-12-01\",\"client_name\":\"Client Ltd\","
                                                "\"language\":\"en\"}");
  g_autofree char *line_body = g_strdup_printf ("{\"offer_id\":\"%s\",\"description\":\"Design\",\"quantity\":1500,"
                                                "\"unit_price\":20000,\"vat_bps\":2000}", offer);
  g_autofree char *line = kt_test_create (f->ts, f->owner.token, "offer_items", line_body);
  g_autoptr(GBytes) pdf = NULL;
  KtPdfPrerenderStats stats;
  guint64 hits;

  kt_test_patch_ok (f->ts, f->owner.token, "invoices", invoice, "{\"notes\":\"Благодарим!\"}");
  stats = wait_idle (f->ts);
  g_assert_cmpuint (stats.queued, ==, 0);
  g_assert_cmpuint (stats.rendered, ==, 0);
  g_assert_cmpuint (kt_pdf_cache_get_size (cache), ==, 0);

  issue (f, "offers", offer);
  stats = wait_idle (f->ts);
  g_assert_cmpuint (stats.queued, ==, 1);
  g_assert_cmpuint (stats.rendered, ==, 1);
  hits = kt_pdf_cache_get_hits (cache);
  pdf = get_pdf (f->ts, f->owner.token, "offers", offer, NULL);
  g_assert_cmpuint (kt_pdf_cache_get_hits (cache), ==, hits + 1);
}

/* Ten writes in a row to an issued invoice: one render, two at most
 * (a pause longer than the delay between two of them on a loaded
 * machine); the PDF kept is the last version's. */
static void
test_coalesce (Fixture *f, gconstpointer data)
{
  KtPdfCache *cache = kt_server_get_pdf_cache (f->ts->server);
  g_autofree char *invoice = new_invoice (f, 2);
  g_autoptr(GBytes) pdf = NULL;
  KtPdfPrerenderStats stats;
  guint64 hits;

  /* A delay that a burst of ten requests fits in on any machine. */
  kt_pdf_prerender_set_limits (prerender_of (f->ts), 2000, 10000, KT_PDF_PRERENDER_MAX_PENDING);
  issue (f, "invoices", invoice);
  for (guint i = 0; i < 9; i++)
    {
      g_autofree char *body = g_strdup_printf ("{\"notes\":\"Бележка %u\"}", i);

      kt_test_patch_ok (f->ts, f->owner.token, "invoices", invoice, body);
    }
  stats = wait_idle (f->ts);
  g_test_message ("queued %" G_GUINT64_FORMAT ", coalesced %" G_GUINT64_FORMAT ", rendered %" G_GUINT64_FORMAT,
                  stats.queued, stats.coalesced, stats.rendered);
  g_assert_cmpuint (stats.queued + stats.coalesced, ==, 10);
  g_assert_cmpuint (stats.rendered, >=, 1);
  g_assert_cmpuint (stats.rendered, <=, 2);
  g_assert_cmpuint (stats.failed, ==, 0);

  hits = kt_pdf_cache_get_hits (cache);
  pdf = get_pdf (f->ts, f->owner.token, "invoices", invoice, NULL);
  g_assert_cmpuint (kt_pdf_cache_get_hits (cache), ==, hits + 1);
}

/* Full, the queue takes no more: those render on their first GET. */
static void
test_cap (Fixture *f, gconstpointer data)
{
  KtPdfCache *cache = kt_server_get_pdf_cache (f->ts->server);
  KtPdfPrerender *prerender = prerender_of (f->ts);
  g_autoptr(GPtrArray) invoices = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GBytes) first = NULL;
  g_autoptr(GBytes) last = NULL;
  KtPdfPrerenderStats stats;
  guint64 hits;

  /* Nothing comes due while the test fills the queue. */
  kt_pdf_prerender_set_limits (prerender, 600000, 600000, 2);
  for (guint i = 0; i < 4; i++)
    {
      g_ptr_array_add (invoices, new_invoice (f, 1));
      issue (f, "invoices", g_ptr_array_index (invoices, i));
    }
  kt_pdf_prerender_get_stats (prerender, &stats);
  g_assert_cmpuint (stats.pending, ==, 2);
  g_assert_cmpuint (stats.queued, ==, 2);
  g_assert_cmpuint (stats.dropped, ==, 2);
  g_assert_cmpuint (stats.rendered, ==, 0);

  /* Due now: the two queued render, the two dropped do not. */
  kt_pdf_prerender_set_limits (prerender, 0, 0, 2);
  stats = wait_idle (f->ts);
  g_assert_cmpuint (stats.rendered, ==, 2);
  g_assert_cmpuint (stats.pending, ==, 0);

  hits = kt_pdf_cache_get_hits (cache);
  first = get_pdf (f->ts, f->owner.token, "invoices", g_ptr_array_index (invoices, 0), NULL);
  g_assert_cmpuint (kt_pdf_cache_get_hits (cache), ==, hits + 1);
  last = get_pdf (f->ts, f->owner.token, "invoices", g_ptr_array_index (invoices, 3), NULL);
  g_assert_cmpuint (kt_pdf_cache_get_hits (cache), ==, hits + 1);
}

/* Issued by a sync push, as a client's save: rendered ahead too. */
static void
test_sync_push (Fixture *f, gconstpointer data)
{
  KtPdfCache *cache = kt_server_get_pdf_cache (f->ts->server);
  g_autofree char *invoice = new_invoice (f, 2);
  g_autoptr(KtHlc) clock = kt_hlc_new ("00000000000000cc");
  g_autofree char *stamp = kt_hlc_tick (clock);
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(GBytes) pdf = NULL;
  KtPdfPrerenderStats stats;
  guint64 hits;
  guint status;

  answer = kt_test_requestf (f->ts, "POST", "/v1/sync/push", f->owner.token, &status,
                             "{\"protocol\":%d,\"client_id\":\"0190a0a0-0000-7000-8000-0000000000cc\","
                             "\"mutations\":[{\"id\":1,\"entity\":\"invoice\",\"record_id\":\"%s\","
                             "\"fields\":{\"status\":\"issued\"},\"clocks\":{\"status\":\"%s\"}}]}",
                             KT_SYNC_PROTOCOL_VERSION, invoice, stamp);
  g_assert_cmpuint (status, ==, 200);
  stats = wait_idle (f->ts);
  g_assert_cmpuint (stats.rendered, ==, 1);

  hits = kt_pdf_cache_get_hits (cache);
  pdf = get_pdf (f->ts, f->owner.token, "invoices", invoice, NULL);
  g_assert_cmpuint (kt_pdf_cache_get_hits (cache), ==, hits + 1);
}

/* The seller's details or a default template changed: every page is
 * new, and the organization's issued documents render ahead again (its
 * drafts do not). */
static void
test_organization (Fixture *f, gconstpointer data)
{
  KtPdfCache *cache = kt_server_get_pdf_cache (f->ts->server);
  g_autofree char *first = new_invoice (f, 1);
  g_autofree char *second = new_invoice (f, 1);
  g_autofree char *draft = new_invoice (f, 1);
  g_autofree char *tmpl = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(GBytes) again = NULL;
  KtPdfPrerenderStats stats;
  guint64 hits;
  guint status;

  issue (f, "invoices", first);
  issue (f, "invoices", second);
  stats = wait_idle (f->ts);
  g_assert_cmpuint (stats.rendered, ==, 2);

  {
    g_autoptr(JsonNode) n = kt_test_request (f->ts, "PATCH", "/v1/organization", f->owner.token,
                                             "{\"name\":\"Нова фирма ЕООД\"}", &status);

    g_assert_cmpuint (status, ==, 200);
  }
  stats = wait_idle (f->ts);
  g_assert_cmpuint (stats.organizations, ==, 1);
  g_assert_cmpuint (stats.rendered, ==, 4);
  hits = kt_pdf_cache_get_hits (cache);
  pdf = get_pdf (f->ts, f->owner.token, "invoices", first, NULL);
  g_assert_cmpuint (kt_pdf_cache_get_hits (cache), ==, hits + 1);

  tmpl = kt_test_create (f->ts, f->owner.token, "document_templates",
                         "{\"name\":\"Letter\",\"kind\":\"invoice\",\"is_default\":true,"
                         "\"layout\":\"{\\\"page\\\": {\\\"size\\\": \\\"Letter\\\"}}\"}");
  stats = wait_idle (f->ts);
  g_assert_cmpuint (stats.organizations, ==, 2);
  g_assert_cmpuint (stats.rendered, ==, 6);
  hits = kt_pdf_cache_get_hits (cache);
  again = get_pdf (f->ts, f->owner.token, "invoices", second, NULL);
  g_assert_cmpuint (kt_pdf_cache_get_hits (cache), ==, hits + 1);
}

/* The pre-renderer alone: a note of a document that waits moves it,
 * a full queue refuses, stopping drops what waits. */
static void
test_queue (void)
{
  g_autoptr(KtPdfCache) cache = kt_pdf_cache_new (1024);
  /* No database behind it: nothing comes due in this test. */
  g_autoptr(KtPdfPrerender) prerender = kt_pdf_prerender_new ("host=/nonexistent dbname=none", cache);
  const char *org = "0190a0a0-0000-7000-8000-000000000001";
  const char *id = "0190a0a0-0000-7000-8000-000000000002";
  KtPdfPrerenderStats stats;

  kt_pdf_prerender_set_limits (prerender, 600000, 600000, 1);
  kt_pdf_prerender_add (prerender, org, KT_ENTITY_INVOICE, id);
  kt_pdf_prerender_add (prerender, org, KT_ENTITY_INVOICE, id);
  /* The same id as an offer is another document. */
  kt_pdf_prerender_add (prerender, org, KT_ENTITY_OFFER, id);
  kt_pdf_prerender_get_stats (prerender, &stats);
  g_assert_cmpuint (stats.pending, ==, 1);
  g_assert_cmpuint (stats.queued, ==, 1);
  g_assert_cmpuint (stats.coalesced, ==, 1);
  g_assert_cmpuint (stats.dropped, ==, 1);
  g_assert_false (kt_pdf_prerender_wait_idle (prerender, 50));
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  conninfo = kt_test_pg_new_database ("pdf_prerender");

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/server/pdf-prerender/issued", test_issued);
  ADD ("/server/pdf-prerender/draft", test_draft);
  ADD ("/server/pdf-prerender/coalesce", test_coalesce);
  ADD ("/server/pdf-prerender/cap", test_cap);
  ADD ("/server/pdf-prerender/sync-push", test_sync_push);
  ADD ("/server/pdf-prerender/organization", test_organization);
#undef ADD
  g_test_add_func ("/server/pdf-prerender/queue", test_queue);

  return g_test_run ();
}
