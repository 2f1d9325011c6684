/* test-pdf.c: GET and HEAD /v1/invoices/{id}/pdf and /v1/offers/{id}/pdf
 *
 * Issue 13: the route was 404. The PDF of the stored document, its
 * headers (type, file name, strong ETag), 304 for the version the client
 * has, HEAD, the ETag following every record on the page, the cache, and
 * who may read it: any member of the organization, nobody else (404, as
 * for a missing id).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "kantora-shared.h"
#include "kt-test-server.h"

static char *conninfo;

typedef struct {
  KtTestServer  *ts;
  KtTestAccount  owner;
} Fixture;

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  f->ts = kt_test_server_new (conninfo);
  kt_test_register (f->ts, "Pdf", &f->owner);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  kt_test_account_clear (&f->owner);
  kt_test_server_free (f->ts);
}

typedef struct {
  guint   status;
  GBytes *body;
  char   *content_type;
  char   *disposition;
  char   *etag;
  char   *cache_control;
  gint64  content_length;
} Answer;

static void
answer_clear (Answer *a)
{
  g_clear_pointer (&a->body, g_bytes_unref);
  g_clear_pointer (&a->content_type, g_free);
  g_clear_pointer (&a->disposition, g_free);
  g_clear_pointer (&a->etag, g_free);
  g_clear_pointer (&a->cache_control, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Answer, answer_clear)

/* The raw answer with its headers (kt_test_request() parses JSON). */
static void
fetch (Fixture    *f,
       const char *method,
       const char *path,
       const char *token,
       const char *if_none_match,
       Answer     *out)
{
  g_autoptr(SoupMessage) msg = NULL;
  SoupMessageHeaders *headers;

  out->body = kt_test_request_raw (f->ts, method, path, token,
                                   if_none_match ? "If-None-Match" : NULL, if_none_match, &msg);
  headers = soup_message_get_response_headers (msg);
  out->status = soup_message_get_status (msg);
  out->content_type = g_strdup (soup_message_headers_get_content_type (headers, NULL));
  out->disposition = g_strdup (soup_message_headers_get_one (headers, "Content-Disposition"));
  out->etag = g_strdup (soup_message_headers_get_one (headers, "ETag"));
  out->cache_control = g_strdup (soup_message_headers_get_one (headers, "Cache-Control"));
  out->content_length = soup_message_headers_get_content_length (headers);
}

static char *
create (Fixture    *f,
        const char *token,
        const char *plural,
        const char *body)
{
  g_autofree char *path = g_strconcat ("/v1/", plural, NULL);
  g_autoptr(JsonNode) n = NULL;
  guint status;

  n = kt_test_request (f->ts, "POST", path, token, body, &status);
  if (status != 201)
    g_test_message ("create %s %s: %u %s", plural, body, status, kt_test_json_string (n, "error.message"));
  g_assert_cmpuint (status, ==, 201);
  return g_strdup (kt_test_json_string (n, "id"));
}

static void
patch_ok (Fixture    *f,
          const char *path,
          const char *body)
{
  guint status;
  g_autoptr(JsonNode) n = kt_test_request (f->ts, "PATCH", path, f->owner.token, body, &status);

  if (status != 200)
    g_test_message ("patch %s %s: %u %s", path, body, status, kt_test_json_string (n, "error.message"));
  g_assert_cmpuint (status, ==, 200);
}

/* An invoice of @n_lines lines, in Bulgarian. */
static char *
new_invoice (Fixture *f,
             guint    n_lines)
{
  g_autofree char *invoice = create (f, f->owner.token, "invoices",
                                     "{\"issue_date\":\"2026-12-01\",\"client_name\":\"Балкан ООД\","
                                     "\"language\":\"bg\"}");

  for (guint i = 0; i < n_lines; i++)
    {
      g_autofree char *body = g_strdup_printf ("{\"invoice_id\":\"%s\",\"description\":\"Услуга %u\","
                                               "\"position\":%u,\"quantity\":1000,\"unit_price\":10000,"
                                               "\"vat_bps\":2000}", invoice, i + 1, i);
      g_autofree char *line = create (f, f->owner.token, "invoice_items", body);
    }
  return g_steal_pointer (&invoice);
}

static void
assert_pdf (Answer *a)
{
  gsize size;
  const char *data = g_bytes_get_data (a->body, &size);

  g_assert_cmpuint (a->status, ==, 200);
  g_assert_cmpstr (a->content_type, ==, "application/pdf");
  g_assert_cmpuint (size, >, 1000);
  g_assert_true (memcmp (data, "%PDF-", 5) == 0);
  g_assert_cmpint (a->content_length, ==, (gint64) size);
  /* Strong: quoted, no W/. */
  g_assert_nonnull (a->etag);
  g_assert_true (a->etag[0] == '"');
  g_assert_cmpstr (a->cache_control, ==, "private, no-cache");
}

static void
test_invoice (Fixture *f, gconstpointer data)
{
  g_autofree char *invoice = new_invoice (f, 3);
  g_autofree char *path = g_strdup_printf ("/v1/invoices/%s/pdf", invoice);
  g_autofree char *first_etag = NULL;
  g_autofree char *weak = NULL;
  g_auto(Answer) a = { 0, };
  g_auto(Answer) again = { 0, };
  g_auto(Answer) head = { 0, };
  g_auto(Answer) not_modified = { 0, };
  g_auto(Answer) listed = { 0, };
  KtPdfCache *cache = kt_server_get_pdf_cache (f->ts->server);
  guint64 hits = kt_pdf_cache_get_hits (cache);

  fetch (f, "GET", path, f->owner.token, NULL, &a);
  assert_pdf (&a);
  g_assert_cmpstr (a.disposition, ==, "inline; filename=\"invoice-draft.pdf\"");
  first_etag = g_strdup (a.etag);
  /* Rendered, then kept. */
  g_assert_cmpuint (kt_pdf_cache_get_hits (cache), ==, hits);
  g_assert_cmpuint (kt_pdf_cache_get_size (cache), >=, g_bytes_get_size (a.body));

  /* The same version again: the same bytes, from the cache. */
  fetch (f, "GET", path, f->owner.token, NULL, &again);
  assert_pdf (&again);
  g_assert_cmpstr (again.etag, ==, first_etag);
  g_assert_true (g_bytes_equal (a.body, again.body));
  g_assert_cmpuint (kt_pdf_cache_get_hits (cache), ==, hits + 1);

  /* HEAD: the headers of GET, no body. */
  fetch (f, "HEAD", path, f->owner.token, NULL, &head);
  g_assert_cmpuint (head.status, ==, 200);
  g_assert_cmpstr (head.content_type, ==, "application/pdf");
  g_assert_cmpstr (head.etag, ==, first_etag);
  g_assert_cmpuint (g_bytes_get_size (head.body), ==, 0);

  /* The version the client has: 304, no body. */
  fetch (f, "GET", path, f->owner.token, first_etag, &not_modified);
  g_assert_cmpuint (not_modified.status, ==, 304);
  g_assert_cmpstr (not_modified.etag, ==, first_etag);
  g_assert_cmpuint (g_bytes_get_size (not_modified.body), ==, 0);
  /* Neither rendered nor looked up (HEAD was the one more hit). */
  g_assert_cmpuint (kt_pdf_cache_get_hits (cache), ==, hits + 2);

  /* In a list, and weakly compared as If-None-Match wants. */
  weak = g_strdup_printf ("\"0000\", W/%s", first_etag);
  fetch (f, "GET", path, f->owner.token, weak, &listed);
  g_assert_cmpuint (listed.status, ==, 304);
}

/* Every record on the page changes the ETag: a client never keeps a
 * stale PDF. */
static void
test_etag_follows (Fixture *f, gconstpointer data)
{
  g_autofree char *invoice = new_invoice (f, 1);
  g_autofree char *path = g_strdup_printf ("/v1/invoices/%s/pdf", invoice);
  g_autoptr(GPtrArray) etags = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *line = NULL;
  g_autofree char *line_path = NULL;

  for (guint step = 0; step < 5; step++)
    {
      g_auto(Answer) a = { 0, };
      g_auto(Answer) old = { 0, };

      switch (step)
        {
        case 1: /* the document */
          {
            g_autofree char *invoice_path = g_strdup_printf ("/v1/invoices/%s", invoice);

            patch_ok (f, invoice_path, "{\"notes\":\"Благодарим!\"}");
          }
          break;
        case 2: /* a new line */
          {
            g_autofree char *body = g_strdup_printf ("{\"invoice_id\":\"%s\",\"description\":\"Още\","
                                                     "\"quantity\":2000,\"unit_price\":500,\"vat_bps\":900}",
                                                     invoice);

            line = create (f, f->owner.token, "invoice_items", body);
            line_path = g_strdup_printf ("/v1/invoice_items/%s", line);
          }
          break;
        case 3: /* a deleted line */
          {
            guint status;
            g_autoptr(JsonNode) n = kt_test_request (f->ts, "DELETE", line_path, f->owner.token, NULL, &status);

            g_assert_cmpuint (status, ==, 204);
          }
          break;
        case 4: /* the seller */
          patch_ok (f, "/v1/organization", "{\"name\":\"Нова фирма ЕООД\"}");
          break;
        default:
          break;
        }
      fetch (f, "GET", path, f->owner.token, NULL, &a);
      assert_pdf (&a);
      for (guint i = 0; i < etags->len; i++)
        g_assert_cmpstr (a.etag, !=, g_ptr_array_index (etags, i));
      /* The client's older copy is not "not modified". */
      if (etags->len > 0)
        {
          fetch (f, "GET", path, f->owner.token, g_ptr_array_index (etags, etags->len - 1), &old);
          g_assert_cmpuint (old.status, ==, 200);
        }
      g_ptr_array_add (etags, g_strdup (a.etag));
    }
}

/* A number is not a path: the file name keeps letters, digits, - and _. */
static void
test_issued_filename (Fixture *f, gconstpointer data)
{
  g_autofree char *invoice = new_invoice (f, 2);
  g_autofree char *path = g_strdup_printf ("/v1/invoices/%s/pdf", invoice);
  g_autofree char *invoice_path = g_strdup_printf ("/v1/invoices/%s", invoice);
  g_auto(Answer) a = { 0, };

  patch_ok (f, "/v1/numbering", "{\"invoice\":{\"prefix\":\"../\\\"a b\",\"next_number\":7,\"digits\":4}}");
  patch_ok (f, invoice_path, "{\"status\":\"issued\"}");
  fetch (f, "GET", path, f->owner.token, NULL, &a);
  assert_pdf (&a);
  g_assert_cmpstr (a.disposition, ==, "inline; filename=\"invoice-____a_b0007.pdf\"");
}

static void
test_offer (Fixture *f, gconstpointer data)
{
  g_autofree char *offer = create (f, f->owner.token, "offers",
                                   "{\"issue_date\":\"2026-12-01\",\"client_name\":\"Client Ltd\",\"language\":\"en\"}");
  g_autofree char *body = g_strdup_printf ("{\"offer_id\":\"%s\",\"description\":\"Design\",\"quantity\":1500,"
                                           "\"unit_price\":20000,\"vat_bps\":2000}", offer);
  g_autofree char *line = create (f, f->owner.token, "offer_items", body);
  g_autofree char *path = g_strdup_printf ("/v1/offers/%s/pdf", offer);
  g_auto(Answer) a = { 0, };
  g_auto(Answer) head = { 0, };
  g_auto(Answer) not_modified = { 0, };

  fetch (f, "GET", path, f->owner.token, NULL, &a);
  assert_pdf (&a);
  g_assert_cmpstr (a.disposition, ==, "inline; filename=\"offer-draft.pdf\"");
  fetch (f, "HEAD", path, f->owner.token, NULL, &head);
  g_assert_cmpuint (head.status, ==, 200);
  g_assert_cmpuint (g_bytes_get_size (head.body), ==, 0);
  fetch (f, "GET", path, f->owner.token, a.etag, &not_modified);
  g_assert_cmpuint (not_modified.status, ==, 304);
}

/* A draft credit note of @invoice, without lines. */
static char *
new_credit_note (Fixture    *f,
                 const char *invoice)
{
  g_autofree char *body = g_strdup_printf ("{\"issue_date\":\"2026-12-02\",\"client_name\":\"Балкан ООД\","
                                           "\"language\":\"bg\",\"kind\":\"credit_note\","
                                           "\"credited_invoice_id\":\"%s\"}", invoice);

  return create (f, f->owner.token, "invoices", body);
}

static GBytes *
fetch_invoice_pdf (Fixture    *f,
                   const char *invoice)
{
  g_autofree char *path = g_strdup_printf ("/v1/invoices/%s/pdf", invoice);
  g_auto(Answer) a = { 0, };

  fetch (f, "GET", path, f->owner.token, NULL, &a);
  assert_pdf (&a);
  return g_bytes_ref (a.body);
}

/* A credit note's page names the invoice it credits (its number), read
 * in the same snapshot as the note: two notes alike but for the invoice
 * they credit are two pages, two alike in everything are one. */
static void
test_credit_note (Fixture *f, gconstpointer data)
{
  g_autofree char *first = new_invoice (f, 1);
  g_autofree char *second = new_invoice (f, 1);
  g_autofree char *first_path = g_strdup_printf ("/v1/invoices/%s", first);
  g_autofree char *second_path = g_strdup_printf ("/v1/invoices/%s", second);
  g_autofree char *note_a = NULL;
  g_autofree char *note_b = NULL;
  g_autofree char *note_c = NULL;
  g_autoptr(GBytes) pdf_a = NULL;
  g_autoptr(GBytes) pdf_b = NULL;
  g_autoptr(GBytes) pdf_c = NULL;

  patch_ok (f, first_path, "{\"status\":\"issued\"}");
  patch_ok (f, second_path, "{\"status\":\"issued\"}");
  note_a = new_credit_note (f, first);
  note_b = new_credit_note (f, first);
  note_c = new_credit_note (f, second);
  pdf_a = fetch_invoice_pdf (f, note_a);
  pdf_b = fetch_invoice_pdf (f, note_b);
  pdf_c = fetch_invoice_pdf (f, note_c);
  g_assert_true (g_bytes_equal (pdf_a, pdf_b));
  g_assert_false (g_bytes_equal (pdf_a, pdf_c));
}

static void
assert_error (Answer     *a,
              guint       status,
              const char *code)
{
  g_autoptr(JsonNode) n = NULL;
  gsize size;
  const char *data = g_bytes_get_data (a->body, &size);
  g_autofree char *text = g_strndup (data, size);

  g_assert_cmpuint (a->status, ==, status);
  g_assert_cmpstr (a->content_type, ==, "application/json");
  g_assert_null (a->etag);
  n = json_from_string (text, NULL);
  g_assert_cmpstr (kt_test_json_string (n, "error.code"), ==, code);
}

/* Reading a PDF is reading the record: every role of the organization;
 * another organization's document does not exist for its members. */
static void
test_access (Fixture *f, gconstpointer data)
{
  static const char * const roles[] = { "admin", "manager", "user" };
  g_autofree char *invoice = new_invoice (f, 1);
  g_autofree char *offer = create (f, f->owner.token, "offers",
                                   "{\"issue_date\":\"2026-12-01\",\"client_name\":\"X\"}");
  g_autofree char *path = g_strdup_printf ("/v1/invoices/%s/pdf", invoice);
  g_autofree char *offer_path = g_strdup_printf ("/v1/offers/%s/pdf", offer);
  g_autofree char *wrong_kind = g_strdup_printf ("/v1/offers/%s/pdf", invoice);
  KtTestAccount stranger = { 0, };

  for (guint i = 0; i < G_N_ELEMENTS (roles); i++)
    {
      KtTestAccount member = { 0, };
      g_auto(Answer) a = { 0, };
      g_auto(Answer) o = { 0, };

      kt_test_add_member (f->ts, &f->owner, roles[i], &member);
      fetch (f, "GET", path, member.token, NULL, &a);
      assert_pdf (&a);
      fetch (f, "GET", offer_path, member.token, NULL, &o);
      assert_pdf (&o);
      kt_test_account_clear (&member);
    }

  kt_test_register (f->ts, "Stranger", &stranger);
  {
    g_auto(Answer) a = { 0, };
    g_auto(Answer) o = { 0, };
    g_auto(Answer) h = { 0, };

    fetch (f, "GET", path, stranger.token, NULL, &a);
    assert_error (&a, 404, "not_found");
    fetch (f, "GET", offer_path, stranger.token, NULL, &o);
    assert_error (&o, 404, "not_found");
    /* Knowing the ETag does not help. */
    fetch (f, "HEAD", path, stranger.token, "*", &h);
    g_assert_cmpuint (h.status, ==, 404);
  }
  {
    g_auto(Answer) a = { 0, };
    g_auto(Answer) b = { 0, };
    g_auto(Answer) c = { 0, };
    g_auto(Answer) d = { 0, };

    fetch (f, "GET", path, NULL, NULL, &a);
    assert_error (&a, 401, "unauthorized");
    fetch (f, "GET", wrong_kind, f->owner.token, NULL, &b);
    assert_error (&b, 404, "not_found");
    fetch (f, "GET", "/v1/invoices/not-a-uuid/pdf", f->owner.token, NULL, &c);
    assert_error (&c, 404, "not_found");
    fetch (f, "POST", path, f->owner.token, NULL, &d);
    assert_error (&d, 405, "method_not_allowed");
  }
  /* A deleted document has no PDF. */
  {
    g_autofree char *record = g_strdup_printf ("/v1/offers/%s", offer);
    g_auto(Answer) a = { 0, };
    guint status;
    g_autoptr(JsonNode) n = kt_test_request (f->ts, "DELETE", record, f->owner.token, NULL, &status);

    g_assert_cmpuint (status, ==, 204);
    fetch (f, "GET", offer_path, f->owner.token, NULL, &a);
    assert_error (&a, 404, "not_found");
  }
  kt_test_account_clear (&stranger);
}

/* The PDF routes authenticate with their first read, from the
 * organization of a token seen before: a session that ends is refused at
 * once, on a document rendered before (its stamp read first) and on one
 * never asked for (its snapshot read first), 401 before 404. */
static void
test_session_ends (Fixture *f, gconstpointer data)
{
  g_autofree char *invoice = new_invoice (f, 1);
  g_autofree char *path = g_strdup_printf ("/v1/invoices/%s/pdf", invoice);
  g_autofree char *fresh = new_invoice (f, 1);
  g_autofree char *fresh_path = g_strdup_printf ("/v1/invoices/%s/pdf", fresh);
  static const char * const gone[] = {
    "/v1/invoices/00000000-0000-4000-8000-000000000000/pdf", "/v1/invoices/not-a-uuid/pdf",
  };
  KtTestAccount member = { 0, };
  g_autoptr(JsonNode) out = NULL;
  guint status;

  kt_test_add_member (f->ts, &f->owner, "user", &member);
  for (guint i = 0; i < 2; i++)
    {
      g_auto(Answer) a = { 0, };

      /* A render, then the same version from the cache. */
      fetch (f, "GET", path, member.token, NULL, &a);
      assert_pdf (&a);
    }

  out = kt_test_request (f->ts, "POST", "/v1/auth/logout", member.token, NULL, &status);
  g_assert_cmpuint (status, ==, 204);
  {
    g_auto(Answer) a = { 0, };
    g_auto(Answer) b = { 0, };
    g_auto(Answer) c = { 0, };

    fetch (f, "GET", path, member.token, NULL, &a);
    assert_error (&a, 401, "unauthorized");
    fetch (f, "GET", fresh_path, member.token, NULL, &b);
    assert_error (&b, 401, "unauthorized");
    fetch (f, "HEAD", path, member.token, "*", &c);
    g_assert_cmpuint (c.status, ==, 401);
  }
  for (guint i = 0; i < G_N_ELEMENTS (gone); i++)
    {
      g_auto(Answer) a = { 0, };

      fetch (f, "GET", gone[i], member.token, NULL, &a);
      assert_error (&a, 401, "unauthorized");
    }
  /* The owner's session goes on. */
  {
    g_auto(Answer) a = { 0, };

    fetch (f, "GET", fresh_path, f->owner.token, NULL, &a);
    assert_pdf (&a);
  }
  kt_test_account_clear (&member);
}

/* The seller's details the PDF prints (and the QR code needs) are the
 * organization's: GET /v1/organization shows them, their checksums hold,
 * and a change is a new version of every PDF. */
static void
test_seller_details (Fixture *f, gconstpointer data)
{
  g_autofree char *invoice = new_invoice (f, 1);
  g_autofree char *path = g_strdup_printf ("/v1/invoices/%s/pdf", invoice);
  g_auto(Answer) before = { 0, };
  g_auto(Answer) after = { 0, };
  guint status;

  fetch (f, "GET", path, f->owner.token, NULL, &before);
  assert_pdf (&before);
  {
    g_autoptr(JsonNode) n = kt_test_request (f->ts, "PATCH", "/v1/organization", f->owner.token,
                                             "{\"eik\":\"175074752\",\"mol\":\"Иван Петров\","
                                             "\"iban\":\"BG80BNBG96611020345678\",\"bic\":\"BNBGBGSF\","
                                             "\"bank_name\":\"БНБ\"}", &status);

    g_assert_cmpuint (status, ==, 200);
    g_assert_cmpstr (kt_test_json_string (n, "iban"), ==, "BG80BNBG96611020345678");
    g_assert_cmpstr (kt_test_json_string (n, "mol"), ==, "Иван Петров");
  }
  {
    g_autoptr(JsonNode) n = kt_test_request (f->ts, "GET", "/v1/organization", f->owner.token, NULL, &status);

    g_assert_cmpuint (status, ==, 200);
    g_assert_cmpstr (kt_test_json_string (n, "eik"), ==, "175074752");
    g_assert_cmpstr (kt_test_json_string (n, "bic"), ==, "BNBGBGSF");
    g_assert_cmpstr (kt_test_json_string (n, "bank_name"), ==, "БНБ");
  }
  {
    g_autoptr(JsonNode) n = kt_test_request (f->ts, "PATCH", "/v1/organization", f->owner.token,
                                             "{\"iban\":\"BG80BNBG96611020345687\"}", &status);

    g_assert_cmpuint (status, ==, 422);
    g_assert_cmpstr (kt_test_json_string (n, "error.field"), ==, "iban");
  }
  fetch (f, "GET", path, f->owner.token, NULL, &after);
  assert_pdf (&after);
  g_assert_cmpstr (after.etag, !=, before.etag);
  /* The seller block and the EPC QR code make it larger. */
  g_assert_cmpuint (g_bytes_get_size (after.body), >, g_bytes_get_size (before.body));
}

/* Whether @needle is in the @size bytes at @data (a PDF's streams hold
 * NUL bytes, which end a strstr()). */
static gboolean
contains_bytes (const char *data,
                gsize       size,
                const char *needle)
{
  gsize n = strlen (needle);

  for (gsize i = 0; i + n <= size; i++)
    if (memcmp (data + i, needle, n) == 0)
      return TRUE;
  return FALSE;
}

/* The organization's default invoice template draws the page: made and
 * edited through REST, each a new ETag; unmarked, the built-in page and
 * its ETag again; an invalid layout is refused naming the field. */
static void
test_default_template (Fixture *f, gconstpointer data)
{
  g_autofree char *invoice = new_invoice (f, 2);
  g_autofree char *path = g_strdup_printf ("/v1/invoices/%s/pdf", invoice);
  g_autofree char *tmpl = NULL;
  g_autofree char *tmpl_path = NULL;
  g_autoptr(GPtrArray) etags = g_ptr_array_new_with_free_func (g_free);
  static const char a4[] = "/MediaBox [ 0 0 595.276 841.89 ]";
  static const char letter[] = "/MediaBox [ 0 0 612 792 ]";
  guint status;

  {
    g_autoptr(JsonNode) n = kt_test_request (f->ts, "POST", "/v1/document_templates", f->owner.token,
                                             "{\"name\":\"Bad\",\"kind\":\"invoice\","
                                             "\"layout\":\"{\\\"blocks\\\": [{\\\"kind\\\": \\\"x\\\"}]}\"}",
                                             &status);

    g_assert_cmpuint (status, ==, 422);
    g_assert_cmpstr (kt_test_json_string (n, "error.field"), ==, "layout");
  }

  for (guint step = 0; step < 4; step++)
    {
      g_auto(Answer) a = { 0, };
      gsize size;
      const char *pdf;
      const char *wanted;

      switch (step)
        {
        case 1: /* a Letter-sized default for invoices */
          tmpl = create (f, f->owner.token, "document_templates",
                         "{\"name\":\"Letter\",\"kind\":\"invoice\",\"is_default\":true,"
                         "\"layout\":\"{\\\"page\\\": {\\\"size\\\": \\\"Letter\\\"}}\"}");
          tmpl_path = g_strdup_printf ("/v1/document_templates/%s", tmpl);
          break;
        case 2: /* edited */
          patch_ok (f, tmpl_path, "{\"footer\":\"{{organization.name}}\"}");
          break;
        case 3: /* no longer the default */
          patch_ok (f, tmpl_path, "{\"is_default\":false}");
          break;
        default:
          break;
        }
      fetch (f, "GET", path, f->owner.token, NULL, &a);
      assert_pdf (&a);
      pdf = g_bytes_get_data (a.body, &size);
      wanted = step == 1 || step == 2 ? letter : a4;
      if (!contains_bytes (pdf, size, wanted))
        g_error ("step %u: the page is not the template's size", step);
      /* Unmarked, the page is the first one again, and so its ETag. */
      for (guint i = step == 3 ? 1 : 0; i < etags->len; i++)
        g_assert_cmpstr (a.etag, !=, g_ptr_array_index (etags, i));
      if (step == 3)
        g_assert_cmpstr (a.etag, ==, g_ptr_array_index (etags, 0));
      g_ptr_array_add (etags, g_strdup (a.etag));
    }
}

/* The cache keeps its byte budget, the least recently used out first. */
static void
test_cache_lru (void)
{
  g_autoptr(KtPdfCache) cache = kt_pdf_cache_new (100);
  g_autoptr(GBytes) forty = g_bytes_new_static ("0123456789012345678901234567890123456789", 40);
  g_autoptr(GBytes) large = g_bytes_new_take (g_malloc0 (101), 101);
  g_autoptr(GBytes) a = NULL;
  g_autoptr(GBytes) b = NULL;
  g_autoptr(GBytes) c = NULL;
  g_autofree char *name = NULL;

  kt_pdf_cache_insert (cache, "\"a\"", "a.pdf", forty);
  kt_pdf_cache_insert (cache, "\"b\"", "b.pdf", forty);
  /* Used: "a" is now the most recent, "b" goes first. */
  a = kt_pdf_cache_lookup (cache, "\"a\"", &name);
  g_assert_nonnull (a);
  g_assert_cmpstr (name, ==, "a.pdf");
  kt_pdf_cache_insert (cache, "\"c\"", "c.pdf", forty);
  g_assert_cmpuint (kt_pdf_cache_get_size (cache), ==, 80);
  b = kt_pdf_cache_lookup (cache, "\"b\"", NULL);
  g_assert_null (b);
  c = kt_pdf_cache_lookup (cache, "\"c\"", NULL);
  g_assert_nonnull (c);
  /* Larger than the budget alone: not kept, nothing evicted for it. */
  kt_pdf_cache_insert (cache, "\"d\"", "d.pdf", large);
  g_assert_cmpuint (kt_pdf_cache_get_size (cache), ==, 80);
  g_assert_cmpuint (kt_pdf_cache_get_hits (cache), ==, 2);
}

/* The documents noted are known until the set starts over, full. */
static void
test_cache_documents (void)
{
  g_autoptr(KtPdfCache) cache = kt_pdf_cache_new (100);

  g_assert_false (kt_pdf_cache_knows_document (cache, "org/invoice/1"));
  kt_pdf_cache_note_document (cache, "org/invoice/1");
  g_assert_true (kt_pdf_cache_knows_document (cache, "org/invoice/1"));
  g_assert_false (kt_pdf_cache_knows_document (cache, "org/offer/1"));
  for (guint i = 1; i < KT_PDF_CACHE_MAX_DOCUMENTS; i++)
    {
      g_autofree char *key = g_strdup_printf ("org/offer/%u", i);

      kt_pdf_cache_note_document (cache, key);
    }
  g_assert_true (kt_pdf_cache_knows_document (cache, "org/invoice/1"));
  kt_pdf_cache_note_document (cache, "org/offer/0");
  g_assert_false (kt_pdf_cache_knows_document (cache, "org/invoice/1"));
  g_assert_true (kt_pdf_cache_knows_document (cache, "org/offer/0"));
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  conninfo = kt_test_pg_new_database ("pdf");

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/server/pdf/invoice", test_invoice);
  ADD ("/server/pdf/etag-follows", test_etag_follows);
  ADD ("/server/pdf/default-template", test_default_template);
  ADD ("/server/pdf/issued-filename", test_issued_filename);
  ADD ("/server/pdf/offer", test_offer);
  ADD ("/server/pdf/credit-note", test_credit_note);
  ADD ("/server/pdf/access", test_access);
  ADD ("/server/pdf/seller-details", test_seller_details);
  ADD ("/server/pdf/session-ends", test_session_ends);
#undef ADD
  g_test_add_func ("/server/pdf/cache-lru", test_cache_lru);
  g_test_add_func ("/server/pdf/cache-documents", test_cache_documents);

  return g_test_run ();
}
