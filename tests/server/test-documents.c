/* test-documents.c: invoices, credit notes and offers on the server
 *
 * Totals recomputed and sent totals refused on REST and sync push (unless
 * a change the client had not pulled explains them), gap-free numbers
 * under concurrent issuing through two server instances and two sync
 * clients, the lifecycle, payments and credit notes, and converting an
 * offer (docs/money.md, "Documents on the server").
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

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
  kt_test_register (f->ts, "Documents", &f->owner);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  kt_test_account_clear (&f->owner);
  kt_test_server_free (f->ts);
}

static gint64
json_int (JsonNode   *node,
          const char *member)
{
  JsonNode *value;

  g_assert_true (node != NULL && JSON_NODE_HOLDS_OBJECT (node));
  value = json_object_get_member (json_node_get_object (node), member);
  if (value == NULL || JSON_NODE_HOLDS_NULL (value))
    return -1;
  return json_node_get_int (value);
}

static void
assert_invalid (JsonNode   *answer,
                guint       status,
                const char *field)
{
  g_assert_cmpuint (status, ==, 422);
  g_assert_cmpstr (kt_test_json_string (answer, "error.code"), ==, "validation");
  g_assert_cmpstr (kt_test_json_string (answer, "error.field"), ==, field);
}

static JsonNode *
get (Fixture    *f,
     const char *plural,
     const char *id)
{
  g_autofree char *path = g_strdup_printf ("/v1/%s/%s", plural, id);
  guint status;
  JsonNode *n = kt_test_request (f->ts, "GET", path, f->owner.token, NULL, &status);

  g_assert_cmpuint (status, ==, 200);
  return n;
}

static char *
create (Fixture    *f,
        const char *plural,
        const char *body)
{
  g_autofree char *path = g_strconcat ("/v1/", plural, NULL);
  g_autoptr(JsonNode) n = NULL;
  guint status;

  n = kt_test_request (f->ts, "POST", path, f->owner.token, body, &status);
  if (status != 201)
    g_test_message ("create %s %s: %u %s", plural, body, status, kt_test_json_string (n, "error.message"));
  g_assert_cmpuint (status, ==, 201);
  return g_strdup (kt_test_json_string (n, "id"));
}

static JsonNode *
patch (Fixture    *f,
       const char *plural,
       const char *id,
       const char *body,
       guint      *status)
{
  g_autofree char *path = g_strdup_printf ("/v1/%s/%s", plural, id);

  return kt_test_request (f->ts, "PATCH", path, f->owner.token, body, status);
}

static void
patch_ok (Fixture    *f,
          const char *plural,
          const char *id,
          const char *body)
{
  guint status;
  g_autoptr(JsonNode) n = patch (f, plural, id, body, &status);

  if (status != 200)
    g_test_message ("patch %s %s: %u %s", plural, body, status, kt_test_json_string (n, "error.message"));
  g_assert_cmpuint (status, ==, 200);
}

static char *
new_invoice (Fixture    *f,
             const char *extra)
{
  g_autofree char *body = g_strdup_printf ("{\"issue_date\":\"2026-12-01\",\"client_name\":\"Балкан ООД\"%s}",
                                           extra ? extra : "");

  return create (f, "invoices", body);
}

static char *
add_line (Fixture    *f,
          const char *invoice_id,
          gint64      quantity,
          gint64      price)
{
  g_autofree char *body = g_strdup_printf ("{\"invoice_id\":\"%s\",\"description\":\"Work\","
                                           "\"quantity\":%" G_GINT64_FORMAT ",\"unit_price\":%" G_GINT64_FORMAT
                                           ",\"vat_bps\":2000}", invoice_id, quantity, price);

  return create (f, "invoice_items", body);
}

static gint64
invoice_int (Fixture    *f,
             const char *id,
             const char *field)
{
  g_autoptr(JsonNode) n = get (f, "invoices", id);

  return json_int (n, field);
}

static char *
invoice_string (Fixture    *f,
                const char *id,
                const char *field)
{
  g_autoptr(JsonNode) n = get (f, "invoices", id);

  return g_strdup (kt_test_json_string (n, field));
}

/* Issue 13: REST stored whatever totals it was sent. */
static void
test_totals_rest (Fixture *f, gconstpointer data)
{
  g_autofree char *invoice = NULL;
  g_autofree char *line = NULL;
  g_autofree char *count = NULL;
  g_autofree char *sql = NULL;
  guint status;

  {
    g_autoptr(JsonNode) n = kt_test_request (f->ts, "POST", "/v1/invoices", f->owner.token,
                                             "{\"issue_date\":\"2026-12-01\",\"total\":12345}", &status);
    assert_invalid (n, status, "total");
  }
  sql = g_strdup_printf ("SELECT count(*) FROM invoices WHERE org_id = '%s'", f->owner.org_id);
  count = kt_test_pg_query (conninfo, sql);
  g_assert_cmpstr (count, ==, "0");

  /* Omitted totals are computed. */
  invoice = new_invoice (f, NULL);
  g_assert_cmpint (invoice_int (f, invoice, "total"), ==, 0);
  line = add_line (f, invoice, 1000, 10000);
  g_assert_cmpint (invoice_int (f, invoice, "subtotal"), ==, 10000);
  g_assert_cmpint (invoice_int (f, invoice, "net"), ==, 10000);
  g_assert_cmpint (invoice_int (f, invoice, "tax"), ==, 2000);
  g_assert_cmpint (invoice_int (f, invoice, "total"), ==, 12000);

  /* One 100.00 line at 20 % is not 123.45, nor a tax of 1.00. */
  {
    g_autoptr(JsonNode) n = patch (f, "invoices", invoice, "{\"total\":12345,\"notes\":\"x\"}", &status);
    assert_invalid (n, status, "total");
  }
  {
    g_autoptr(JsonNode) n = patch (f, "invoices", invoice, "{\"tax\":100}", &status);
    assert_invalid (n, status, "tax");
  }
  g_assert_cmpint (invoice_int (f, invoice, "total"), ==, 12000);
  {
    g_autofree char *notes = invoice_string (f, invoice, "notes");
    g_assert_null (notes);
  }
  /* Sending the right totals is fine. */
  patch_ok (f, "invoices", invoice, "{\"total\":12000,\"tax\":2000,\"notes\":\"ok\"}");

  /* Changing and deleting a line recomputes. */
  patch_ok (f, "invoice_items", line, "{\"quantity\":2500}");
  g_assert_cmpint (invoice_int (f, invoice, "total"), ==, 30000);
  {
    g_autofree char *path = g_strdup_printf ("/v1/invoice_items/%s", line);
    g_autoptr(JsonNode) n = kt_test_request (f->ts, "DELETE", path, f->owner.token, NULL, &status);
    g_assert_cmpuint (status, ==, 204);
  }
  g_assert_cmpint (invoice_int (f, invoice, "total"), ==, 0);
}

static void
test_numbering (Fixture *f, gconstpointer data)
{
  g_autofree char *a = new_invoice (f, NULL);
  g_autofree char *b = new_invoice (f, NULL);
  g_autofree char *c = new_invoice (f, NULL);
  g_autofree char *draft = new_invoice (f, NULL);
  KtTestAccount user = { 0, };
  guint status;

  g_assert_null (invoice_string (f, a, "number"));

  /* A client never sets a number. */
  {
    g_autoptr(JsonNode) n = patch (f, "invoices", a, "{\"number\":\"0000000001\"}", &status);
    assert_invalid (n, status, "number");
  }
  {
    g_autoptr(JsonNode) n = kt_test_request (f->ts, "POST", "/v1/invoices", f->owner.token,
                                             "{\"issue_date\":\"2026-12-01\",\"number\":\"7\"}", &status);
    assert_invalid (n, status, "number");
  }

  patch_ok (f, "invoices", b, "{\"status\":\"issued\"}");
  patch_ok (f, "invoices", a, "{\"status\":\"sent\"}");
  {
    g_autofree char *nb = invoice_string (f, b, "number");
    g_autofree char *na = invoice_string (f, a, "number");

    g_assert_cmpstr (nb, ==, "0000000001");
    g_assert_cmpstr (na, ==, "0000000002");
  }
  {
    g_autoptr(JsonNode) n = patch (f, "invoices", b, "{\"number\":null}", &status);
    assert_invalid (n, status, "number");
  }
  /* Repeating the server's number is not setting one. */
  patch_ok (f, "invoices", b, "{\"number\":\"0000000001\",\"notes\":\"again\"}");

  /* Cancelled keeps its number; an issued document is never deleted. */
  patch_ok (f, "invoices", b, "{\"status\":\"cancelled\"}");
  {
    g_autofree char *nb = invoice_string (f, b, "number");
    g_assert_cmpstr (nb, ==, "0000000001");
  }
  {
    g_autofree char *path = g_strdup_printf ("/v1/invoices/%s", a);
    g_autoptr(JsonNode) n = kt_test_request (f->ts, "DELETE", path, f->owner.token, NULL, &status);
    assert_invalid (n, status, "deleted");
  }
  {
    g_autofree char *path = g_strdup_printf ("/v1/invoices/%s", draft);
    g_autoptr(JsonNode) n = kt_test_request (f->ts, "DELETE", path, f->owner.token, NULL, &status);
    g_assert_cmpuint (status, ==, 204);
  }

  /* Prefix and next number: Owners and Admins; never back to a used one. */
  kt_test_add_member (f->ts, &f->owner, "user", &user);
  {
    g_autoptr(JsonNode) n = kt_test_request (f->ts, "GET", "/v1/numbering", user.token, NULL, &status);
    g_assert_cmpuint (status, ==, 200);
    g_assert_cmpint (json_int (json_object_get_member (json_node_get_object (n), "invoice"), "next_number"), ==, 3);
    g_assert_cmpint (json_int (json_object_get_member (json_node_get_object (n), "offer"), "next_number"), ==, 1);
    g_assert_cmpint (json_int (json_object_get_member (json_node_get_object (n), "invoice"), "digits"), ==, 10);
  }
  {
    g_autoptr(JsonNode) n = kt_test_request (f->ts, "PATCH", "/v1/numbering", user.token,
                                             "{\"invoice\":{\"next_number\":100}}", &status);
    g_assert_cmpuint (status, ==, 403);
  }
  {
    g_autoptr(JsonNode) n = kt_test_request (f->ts, "PATCH", "/v1/numbering", f->owner.token,
                                             "{\"invoice\":{\"next_number\":2}}", &status);
    assert_invalid (n, status, "next_number");
  }
  {
    g_autoptr(JsonNode) n = kt_test_request (f->ts, "PATCH", "/v1/numbering", f->owner.token,
                                             "{\"invoice\":{\"colour\":\"red\"}}", &status);
    g_assert_cmpuint (status, ==, 400);
    g_assert_cmpstr (kt_test_json_string (n, "error.field"), ==, "colour");
  }
  {
    g_autoptr(JsonNode) n = kt_test_request (f->ts, "PATCH", "/v1/numbering", f->owner.token,
                                             "{\"invoice\":{\"prefix\":\"INV-\",\"next_number\":100,\"digits\":6}}",
                                             &status);
    g_assert_cmpuint (status, ==, 200);
    g_assert_cmpstr (kt_test_json_string (n, "invoice.prefix"), ==, "INV-");
  }
  patch_ok (f, "invoices", c, "{\"status\":\"issued\"}");
  {
    g_autofree char *nc = invoice_string (f, c, "number");
    g_assert_cmpstr (nc, ==, "INV-000100");
  }
  {
    g_autoptr(JsonNode) n = kt_test_request (f->ts, "PATCH", "/v1/numbering", f->owner.token,
                                             "{\"invoice\":{\"next_number\":100}}", &status);
    assert_invalid (n, status, "next_number");
  }
  /* Offers count on their own, from when they are sent. */
  {
    g_autofree char *offer = create (f, "offers", "{\"issue_date\":\"2026-12-01\"}");
    g_autoptr(JsonNode) sent = NULL;

    patch_ok (f, "offers", offer, "{\"status\":\"sent\"}");
    sent = get (f, "offers", offer);
    g_assert_cmpstr (kt_test_json_string (sent, "number"), ==, "0000000001");
  }
  kt_test_account_clear (&user);
}

static void
test_lifecycle (Fixture *f, gconstpointer data)
{
  g_autofree char *invoice = new_invoice (f, NULL);
  g_autofree char *line = add_line (f, invoice, 1000, 10000);
  g_autofree char *offer = create (f, "offers", "{\"issue_date\":\"2026-12-01\"}");
  guint status;

  {
    g_autoptr(JsonNode) n = patch (f, "invoices", invoice, "{\"status\":\"overdue\"}", &status);
    assert_invalid (n, status, "status");
  }
  patch_ok (f, "invoices", invoice, "{\"status\":\"issued\"}");
  {
    g_autoptr(JsonNode) n = patch (f, "invoices", invoice, "{\"status\":\"draft\"}", &status);
    assert_invalid (n, status, "status");
  }
  /* The lines and money of an issued invoice are fixed. */
  {
    g_autoptr(JsonNode) n = patch (f, "invoice_items", line, "{\"unit_price\":1}", &status);
    assert_invalid (n, status, "invoice_id");
  }
  {
    g_autofree char *body = g_strdup_printf ("{\"invoice_id\":\"%s\",\"description\":\"More\","
                                             "\"unit_price\":500}", invoice);
    g_autoptr(JsonNode) n = kt_test_request (f->ts, "POST", "/v1/invoice_items", f->owner.token, body, &status);
    assert_invalid (n, status, "invoice_id");
  }
  {
    g_autoptr(JsonNode) n = patch (f, "invoices", invoice, "{\"currency\":\"BGN\"}", &status);
    assert_invalid (n, status, "currency");
  }
  g_assert_cmpint (invoice_int (f, invoice, "total"), ==, 12000);
  /* Text that is not money may still be corrected. */
  patch_ok (f, "invoices", invoice, "{\"notes\":\"Thank you\"}");
  patch_ok (f, "invoices", invoice, "{\"status\":\"overdue\"}");
  patch_ok (f, "invoices", invoice, "{\"status\":\"cancelled\"}");
  {
    g_autoptr(JsonNode) n = patch (f, "invoices", invoice, "{\"status\":\"sent\"}", &status);
    assert_invalid (n, status, "status");
  }

  {
    g_autoptr(JsonNode) n = patch (f, "offers", offer, "{\"status\":\"accepted\"}", &status);
    assert_invalid (n, status, "status");
  }
  patch_ok (f, "offers", offer, "{\"status\":\"sent\"}");
  patch_ok (f, "offers", offer, "{\"status\":\"rejected\"}");
  {
    g_autoptr(JsonNode) n = patch (f, "offers", offer, "{\"status\":\"converted\"}", &status);
    assert_invalid (n, status, "status");
  }
}

static char *
add_payment (Fixture    *f,
             const char *invoice,
             gint64      amount)
{
  g_autofree char *body = g_strdup_printf ("{\"amount\":%" G_GINT64_FORMAT ",\"received_at\":"
                                           "\"2026-12-02T10:00:00.000Z\",\"invoice_id\":\"%s\","
                                           "\"matched\":true}", amount, invoice);

  return create (f, "payments", body);
}

static void
test_payments_and_credit_notes (Fixture *f, gconstpointer data)
{
  g_autofree char *invoice = new_invoice (f, NULL);
  g_autofree char *line = add_line (f, invoice, 2000, 5000);   /* 2 x 50.00 + 20 % = 120.00 */
  g_autofree char *p1 = NULL;
  g_autofree char *p2 = NULL;
  g_autofree char *note = NULL;
  g_autofree char *note_line = NULL;
  g_autofree char *status_text = NULL;
  guint status;

  /* A credit note corrects an issued invoice only. */
  {
    g_autofree char *body = g_strdup_printf (",\"kind\":\"credit_note\",\"credited_invoice_id\":\"%s\"", invoice);
    g_autofree char *full = g_strdup_printf ("{\"issue_date\":\"2026-12-01\"%s}", body);
    g_autoptr(JsonNode) n = kt_test_request (f->ts, "POST", "/v1/invoices", f->owner.token, full, &status);
    assert_invalid (n, status, "credited_invoice_id");
  }

  patch_ok (f, "invoices", invoice, "{\"status\":\"sent\"}");
  g_assert_cmpint (invoice_int (f, invoice, "total"), ==, 12000);

  p1 = add_payment (f, invoice, 5000);
  g_assert_cmpint (invoice_int (f, invoice, "paid_amount"), ==, 5000);
  status_text = invoice_string (f, invoice, "status");
  g_assert_cmpstr (status_text, ==, "partially_paid");
  g_clear_pointer (&status_text, g_free);

  /* A hostile paid amount is refused like a total. */
  {
    g_autoptr(JsonNode) n = patch (f, "invoices", invoice, "{\"paid_amount\":12000}", &status);
    assert_invalid (n, status, "paid_amount");
  }

  p2 = add_payment (f, invoice, 8000);
  patch_ok (f, "payments", p2, "{\"credit_amount\":1000}");
  g_assert_cmpint (invoice_int (f, invoice, "paid_amount"), ==, 12000);
  status_text = invoice_string (f, invoice, "status");
  g_assert_cmpstr (status_text, ==, "paid");
  g_clear_pointer (&status_text, g_free);

  /* Unmatched again: partially paid again. */
  patch_ok (f, "payments", p2, "{\"matched\":false}");
  status_text = invoice_string (f, invoice, "status");
  g_assert_cmpstr (status_text, ==, "partially_paid");
  g_clear_pointer (&status_text, g_free);

  /* A credit note for one of the two units. */
  {
    g_autofree char *extra = g_strdup_printf (",\"kind\":\"credit_note\",\"credited_invoice_id\":\"%s\"", invoice);
    note = new_invoice (f, extra);
  }
  {
    g_autofree char *body = g_strdup_printf ("{\"invoice_id\":\"%s\",\"description\":\"Work\",\"quantity\":2500,"
                                             "\"unit_price\":5000,\"credited_item_id\":\"%s\"}", note, line);
    g_autoptr(JsonNode) n = kt_test_request (f->ts, "POST", "/v1/invoice_items", f->owner.token, body, &status);
    assert_invalid (n, status, "quantity");
  }
  {
    g_autofree char *body = g_strdup_printf ("{\"invoice_id\":\"%s\",\"description\":\"Work\",\"quantity\":1000,"
                                             "\"unit_price\":5000,\"credited_item_id\":\"%s\"}", note, line);
    note_line = create (f, "invoice_items", body);
  }
  /* A draft credit note does not count yet. */
  g_assert_cmpint (invoice_int (f, invoice, "credited_amount"), ==, 0);
  patch_ok (f, "invoices", note, "{\"status\":\"issued\"}");
  {
    g_autofree char *number = invoice_string (f, note, "number");
    g_assert_cmpstr (number, ==, "0000000001");     /* credit notes count on their own */
  }
  g_assert_cmpint (invoice_int (f, note, "total"), ==, 6000);
  g_assert_cmpint (invoice_int (f, invoice, "credited_amount"), ==, 6000);
  /* 120.00 - 50.00 paid - 60.00 credited: still 10.00 open. */
  status_text = invoice_string (f, invoice, "status");
  g_assert_cmpstr (status_text, ==, "partially_paid");
  g_clear_pointer (&status_text, g_free);

  /* A second credit note may credit what is left of the line, no more. */
  {
    g_autofree char *extra = g_strdup_printf (",\"kind\":\"credit_note\",\"credited_invoice_id\":\"%s\"", invoice);
    g_autofree char *second = new_invoice (f, extra);
    g_autofree char *body = g_strdup_printf ("{\"invoice_id\":\"%s\",\"description\":\"Work\",\"quantity\":1001,"
                                             "\"unit_price\":5000,\"credited_item_id\":\"%s\"}", second, line);
    g_autoptr(JsonNode) n = kt_test_request (f->ts, "POST", "/v1/invoice_items", f->owner.token, body, &status);

    assert_invalid (n, status, "quantity");
  }
}

static void
test_convert (Fixture *f, gconstpointer data)
{
  g_autofree char *offer = create (f, "offers", "{\"issue_date\":\"2026-11-20\",\"client_name\":\"Клиент\","
                                                "\"currency\":\"BGN\",\"language\":\"en\",\"notes\":\"N\"}");
  g_autofree char *path = g_strdup_printf ("/v1/offers/%s/convert", offer);
  g_autofree char *expected_id = kt_offer_convert_invoice_id (offer);
  g_autofree char *invoice = NULL;
  KtTestAccount user = { 0, };
  guint status;

  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *body = g_strdup_printf ("{\"offer_id\":\"%s\",\"description\":\"Line %u\",\"position\":%u,"
                                               "\"quantity\":1000,\"unit_price\":%u,\"vat_bps\":2000}",
                                               offer, i, i, 10000 * (i + 1));
      g_autofree char *id = create (f, "offer_items", body);
    }
  {
    g_autoptr(JsonNode) o = get (f, "offers", offer);
    g_assert_cmpint (json_int (o, "total"), ==, 36000);
  }

  /* Only an accepted offer converts. */
  {
    g_autoptr(JsonNode) n = kt_test_request (f->ts, "POST", path, f->owner.token, NULL, &status);
    assert_invalid (n, status, "status");
  }
  patch_ok (f, "offers", offer, "{\"status\":\"sent\"}");
  patch_ok (f, "offers", offer, "{\"status\":\"accepted\"}");

  /* A User who does not own the offer may not convert it. */
  kt_test_add_member (f->ts, &f->owner, "user", &user);
  {
    g_autoptr(JsonNode) n = kt_test_request (f->ts, "POST", path, user.token, NULL, &status);
    g_assert_cmpuint (status, ==, 403);
  }

  {
    g_autoptr(JsonNode) n = kt_test_request (f->ts, "POST", path, f->owner.token, NULL, &status);

    g_assert_cmpuint (status, ==, 201);
    invoice = g_strdup (kt_test_json_string (n, "id"));
    g_assert_cmpstr (invoice, ==, expected_id);
    g_assert_cmpstr (kt_test_json_string (n, "offer_id"), ==, offer);
    g_assert_cmpstr (kt_test_json_string (n, "status"), ==, "draft");
    g_assert_cmpstr (kt_test_json_string (n, "currency"), ==, "BGN");
    g_assert_cmpstr (kt_test_json_string (n, "client_name"), ==, "Клиент");
    g_assert_nonnull (kt_test_json_string (n, "issue_date"));
    g_assert_cmpint (json_int (n, "total"), ==, 36000);
  }
  {
    g_autoptr(JsonNode) o = get (f, "offers", offer);
    g_assert_cmpstr (kt_test_json_string (o, "status"), ==, "converted");
    g_assert_cmpstr (kt_test_json_string (o, "converted_invoice_id"), ==, invoice);
  }
  {
    g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM invoice_items WHERE invoice_id = '%s'", invoice);
    g_autofree char *count = kt_test_pg_query (conninfo, sql);
    g_assert_cmpstr (count, ==, "2");
  }
  /* Once only. */
  {
    g_autoptr(JsonNode) n = kt_test_request (f->ts, "POST", path, f->owner.token, NULL, &status);
    g_assert_cmpuint (status, ==, 200);
    g_assert_cmpstr (kt_test_json_string (n, "id"), ==, invoice);
  }
  {
    g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM invoices WHERE offer_id = '%s'", offer);
    g_autofree char *count = kt_test_pg_query (conninfo, sql);
    g_assert_cmpstr (count, ==, "1");
  }
  kt_test_account_clear (&user);
}

/* Sync push */

/* A client sends every field of a record it creates. */
#define DRAFT_FIELDS "{\"issue_date\":\"2026-12-01\",\"currency\":\"EUR\",\"status\":\"draft\""

#define CLIENT_A "0190a0a0-0000-7000-8000-00000000000a"
#define CLIENT_B "0190a0a0-0000-7000-8000-00000000000b"

/* One mutation with every field stamped @stamp. */
static char *
mutation (gint64      id,
          const char *entity,
          const char *record_id,
          const char *fields,
          const char *stamp)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonObject) clocks = json_object_new ();
  g_autoptr(JsonNode) clocks_node = NULL;
  g_autofree char *clocks_text = NULL;
  JsonObjectIter iter;
  const char *name;
  JsonNode *value;

  g_assert_true (json_parser_load_from_data (parser, fields, -1, NULL));
  json_object_iter_init (&iter, json_node_get_object (json_parser_get_root (parser)));
  while (json_object_iter_next (&iter, &name, &value))
    json_object_set_string_member (clocks, name, stamp);
  clocks_node = json_node_init_object (json_node_alloc (), clocks);
  clocks_text = json_to_string (clocks_node, FALSE);

  return g_strdup_printf ("{\"id\":%" G_GINT64_FORMAT ",\"entity\":\"%s\",\"record_id\":\"%s\","
                          "\"fields\":%s,\"clocks\":%s}", id, entity, record_id, fields, clocks_text);
}

static JsonArray *
push (Fixture    *f,
      const char *client_id,
      gint64      cursor,
      GPtrArray  *mutations)
{
  g_autofree char *list = NULL;
  g_autoptr(JsonNode) answer = NULL;
  guint status;

  g_ptr_array_add (mutations, NULL);
  list = g_strjoinv (",", (char **) mutations->pdata);
  answer = kt_test_requestf (f->ts, "POST", "/v1/sync/push", f->owner.token, &status,
                             "{\"protocol\":%d,\"client_id\":\"%s\",\"cursor\":%" G_GINT64_FORMAT ","
                             "\"mutations\":[%s]}", KT_SYNC_PROTOCOL_VERSION, client_id, cursor, list);
  g_assert_cmpuint (status, ==, 200);
  return json_array_ref (json_object_get_array_member (json_node_get_object (answer), "results"));
}

static const char *
result_status (JsonArray *results,
               guint      i)
{
  JsonObject *result = json_array_get_object_element (results, i);

  if (json_object_has_member (result, "message"))
    g_test_message ("mutation %u: %s (%s)", i, json_object_get_string_member (result, "message"),
                    json_object_get_string_member_with_default (result, "field", ""));
  return json_object_get_string_member (result, "status");
}

static gint64
head (Fixture *f)
{
  g_autofree char *sql = g_strdup_printf ("SELECT coalesce(max(seq), 0) FROM change_log WHERE org_id = '%s'",
                                          f->owner.org_id);
  g_autofree char *text = kt_test_pg_query (conninfo, sql);

  return g_ascii_strtoll (text, NULL, 10);
}

static char *
item_fields (const char *invoice,
             guint       position,
             gint64      price)
{
  return g_strdup_printf ("{\"invoice_id\":\"%s\",\"position\":%u,\"description\":\"L%u\","
                          "\"quantity\":1000,\"unit_price\":%" G_GINT64_FORMAT ",\"vat_bps\":2000}",
                          invoice, position, position, price);
}

static void
test_push_claims (Fixture *f, gconstpointer data)
{
  g_autoptr(KtHlc) clock_a = kt_hlc_new ("00000000000000aa");
  g_autoptr(KtHlc) clock_b = kt_hlc_new ("00000000000000bb");
  g_autofree char *invoice = kt_uuid_new ();
  g_autofree char *hostile = kt_uuid_new ();
  gint64 cursor_b;

  /* An invoice before its 30 lines, its totals those of all 30, in one
   * batch: the rules run once the batch is in. */
  {
    g_autoptr(GPtrArray) m = g_ptr_array_new_with_free_func (g_free);
    g_autoptr(JsonArray) results = NULL;
    g_autofree char *stamp = kt_hlc_tick (clock_a);
    GTimer *timer;
    const char *doc = "{\"issue_date\":\"2026-12-01\",\"currency\":\"EUR\",\"status\":\"issued\","
                      "\"subtotal\":46500,\"net\":46500,\"tax\":9300,\"total\":55800}";

    /* One save of the document, issued, and its lines after it (each
     * record of a save has its own, later stamp). */
    g_ptr_array_add (m, mutation (1, "invoice", invoice, doc, stamp));
    for (guint i = 0; i < 30; i++)
      {
        g_autofree char *item = kt_uuid_new ();
        g_autofree char *fields = item_fields (invoice, i, 100 * (i + 1));
        g_autofree char *item_stamp = kt_hlc_tick (clock_a);

        g_ptr_array_add (m, mutation (2 + i, "invoice_item", item, fields, item_stamp));
      }
    timer = g_timer_new ();
    results = push (f, CLIENT_A, 0, m);
    g_test_message ("a push of an invoice and 30 lines: %.1f ms", g_timer_elapsed (timer, NULL) * 1000);
    g_timer_destroy (timer);
    for (guint i = 0; i < 31; i++)
      g_assert_cmpstr (result_status (results, i), ==, "applied");
    g_assert_cmpint (invoice_int (f, invoice, "total"), ==, 55800);
    {
      /* Issued offline: numbered at its first sync. */
      g_autofree char *number = invoice_string (f, invoice, "number");
      g_assert_cmpstr (number, ==, "0000000001");
    }
    /* A line added in a later push is after the issuing. */
    {
      g_autoptr(GPtrArray) later = g_ptr_array_new_with_free_func (g_free);
      g_autoptr(JsonArray) refused = NULL;
      g_autofree char *item = kt_uuid_new ();
      g_autofree char *fields = item_fields (invoice, 99, 100);
      g_autofree char *item_stamp = kt_hlc_tick (clock_a);

      g_ptr_array_add (later, mutation (50, "invoice_item", item, fields, item_stamp));
      refused = push (f, CLIENT_A, 0, later);
      g_assert_cmpstr (result_status (refused, 0), ==, "rejected");
      g_assert_cmpint (invoice_int (f, invoice, "total"), ==, 55800);
    }
  }

  /* Hostile totals are refused, and nothing of that mutation stays; the
   * rest of the batch does. */
  {
    g_autoptr(GPtrArray) m = g_ptr_array_new_with_free_func (g_free);
    g_autoptr(JsonArray) results = NULL;
    g_autofree char *stamp = kt_hlc_tick (clock_a);
    g_autofree char *item = kt_uuid_new ();
    g_autofree char *fields = item_fields (hostile, 0, 10000);
    g_autofree char *item_stamp = NULL;

    g_ptr_array_add (m, mutation (100, "invoice", hostile, DRAFT_FIELDS "}", stamp));
    item_stamp = kt_hlc_tick (clock_a);
    g_ptr_array_add (m, mutation (101, "invoice_item", item, fields, item_stamp));
    g_clear_pointer (&stamp, g_free);
    stamp = kt_hlc_tick (clock_a);
    g_ptr_array_add (m, mutation (102, "invoice", hostile, "{\"total\":12345,\"notes\":\"hostile\"}", stamp));
    results = push (f, CLIENT_A, 0, m);
    g_assert_cmpstr (result_status (results, 0), ==, "applied");
    g_assert_cmpstr (result_status (results, 1), ==, "applied");
    g_assert_cmpstr (result_status (results, 2), ==, "rejected");
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (results, 2), "field"),
                     ==, "total");
    g_assert_cmpint (invoice_int (f, hostile, "total"), ==, 12000);
    {
      g_autofree char *notes = invoice_string (f, hostile, "notes");
      g_assert_null (notes);
    }
  }

  /* Two devices add lines to one draft at the same time: B had not pulled
   * A's line, so B's totals (its own line only) are explained, and the
   * server's totals of both lines win. */
  {
    g_autofree char *draft = kt_uuid_new ();
    g_autofree char *line_a = kt_uuid_new ();
    g_autofree char *line_b = kt_uuid_new ();
    g_autofree char *fa = item_fields (draft, 1, 10000);
    g_autofree char *fb = item_fields (draft, 2, 5000);
    g_autoptr(GPtrArray) m1 = g_ptr_array_new_with_free_func (g_free);
    g_autoptr(GPtrArray) m2 = g_ptr_array_new_with_free_func (g_free);
    g_autoptr(GPtrArray) m3 = g_ptr_array_new_with_free_func (g_free);
    g_autoptr(JsonArray) r1 = NULL;
    g_autoptr(JsonArray) r2 = NULL;
    g_autoptr(JsonArray) r3 = NULL;
    g_autofree char *s1 = kt_hlc_tick (clock_a);

    g_ptr_array_add (m1, mutation (200, "invoice", draft, DRAFT_FIELDS ",\"total\":0}", s1));
    r1 = push (f, CLIENT_A, 0, m1);
    g_assert_cmpstr (result_status (r1, 0), ==, "applied");
    cursor_b = head (f);   /* B pulls the empty draft */

    {
      g_autofree char *sa = kt_hlc_tick (clock_a);
      g_autofree char *sa2 = kt_hlc_tick (clock_a);

      g_ptr_array_add (m2, mutation (201, "invoice_item", line_a, fa, sa));
      g_ptr_array_add (m2, mutation (202, "invoice", draft, "{\"total\":12000}", sa2));
      r2 = push (f, CLIENT_A, cursor_b, m2);
      g_assert_cmpstr (result_status (r2, 0), ==, "applied");
      g_assert_cmpstr (result_status (r2, 1), ==, "applied");
    }
    {
      g_autofree char *sb = kt_hlc_tick (clock_b);
      g_autofree char *sb2 = kt_hlc_tick (clock_b);

      g_ptr_array_add (m3, mutation (1, "invoice_item", line_b, fb, sb));
      g_ptr_array_add (m3, mutation (2, "invoice", draft, "{\"total\":6000}", sb2));
      r3 = push (f, CLIENT_B, cursor_b, m3);
      g_assert_cmpstr (result_status (r3, 0), ==, "applied");
      g_assert_cmpstr (result_status (r3, 1), ==, "applied");
    }
    g_assert_cmpint (invoice_int (f, draft, "total"), ==, 18000);

    /* Once B has pulled A's line (its cursor past it), the same wrong
     * totals are B's own mistake. */
    {
      g_autoptr(GPtrArray) m4 = g_ptr_array_new_with_free_func (g_free);
      g_autoptr(JsonArray) r4 = NULL;
      g_autofree char *sb3 = kt_hlc_tick (clock_b);

      g_ptr_array_add (m4, mutation (3, "invoice", draft, "{\"total\":6000}", sb3));
      r4 = push (f, CLIENT_B, head (f), m4);
      g_assert_cmpstr (result_status (r4, 0), ==, "rejected");
      g_assert_cmpint (invoice_int (f, draft, "total"), ==, 18000);
    }
  }
}

/* Concurrent issuing */

#define N_INVOICES 24

typedef struct {
  SoupSession *session;
  const char  *base;
  const char  *token;
  char       **ids;      /* this worker's invoices */
  guint        n_ids;
  const char  *client_id;   /* NULL: REST */
  guint        failures;
} Issuer;

static gpointer
issue_worker (gpointer data)
{
  Issuer *w = data;
  g_autoptr(KtHlc) clock = kt_hlc_new (NULL);

  for (guint i = 0; i < w->n_ids; i++)
    {
      g_autoptr(JsonNode) n = NULL;
      guint status;

      if (w->client_id == NULL)
        {
          g_autofree char *path = g_strdup_printf ("/v1/invoices/%s", w->ids[i]);

          n = kt_test_http (w->session, w->base, "PATCH", path, w->token, "{\"status\":\"issued\"}", &status);
          if (status != 200)
            w->failures++;
        }
      else
        {
          g_autofree char *stamp = kt_hlc_tick (clock);
          g_autofree char *m = mutation (i + 1, "invoice", w->ids[i], "{\"status\":\"issued\"}", stamp);
          g_autofree char *body = g_strdup_printf ("{\"protocol\":%d,\"client_id\":\"%s\",\"mutations\":[%s]}",
                                                   KT_SYNC_PROTOCOL_VERSION, w->client_id, m);
          JsonArray *results;

          n = kt_test_http (w->session, w->base, "POST", "/v1/sync/push", w->token, body, &status);
          results = status == 200 ? json_object_get_array_member (json_node_get_object (n), "results") : NULL;
          if (results == NULL || g_strcmp0 (result_status (results, 0), "applied") != 0)
            w->failures++;
        }
    }
  return NULL;
}

static void
test_numbering_concurrent (void)
{
  g_autoptr(GSubprocess) one = NULL;
  g_autoptr(GSubprocess) two = NULL;
  g_autoptr(SoupSession) setup = soup_session_new ();
  g_autoptr(JsonNode) reg = NULL;
  g_autofree char *base1 = NULL;
  g_autofree char *base2 = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *numbers = NULL;
  g_autofree char *expected = NULL;
  g_autoptr(GString) want = g_string_new (NULL);
  char *ids[N_INVOICES];
  Issuer workers[4] = { 0, };
  GThread *threads[4];
  GTimer *timer;
  const char *token;
  const char *org;
  guint status;

  one = kt_test_spawn_server (conninfo, &base1);
  two = kt_test_spawn_server (conninfo, &base2);

  reg = kt_test_http (setup, base1, "POST", "/v1/auth/register", NULL,
                      "{\"email\":\"numbers@example.com\",\"password\":\"correct horse\",\"full_name\":\"N\"}",
                      &status);
  g_assert_cmpuint (status, ==, 201);
  token = kt_test_json_string (reg, "token");
  org = kt_test_json_string (reg, "organization.id");
  g_assert_nonnull (org);

  for (guint i = 0; i < N_INVOICES; i++)
    {
      g_autoptr(JsonNode) n = kt_test_http (setup, i % 2 ? base1 : base2, "POST", "/v1/invoices", token,
                                            "{\"issue_date\":\"2026-12-01\"}", &status);

      g_assert_cmpuint (status, ==, 201);
      ids[i] = g_strdup (kt_test_json_string (n, "id"));
    }

  /* Two REST writers and two sync clients, on both instances at once. */
  timer = g_timer_new ();
  for (guint w = 0; w < G_N_ELEMENTS (workers); w++)
    {
      workers[w].session = soup_session_new ();
      workers[w].base = w % 2 ? base1 : base2;
      workers[w].token = token;
      workers[w].ids = ids + w * (N_INVOICES / 4);
      workers[w].n_ids = N_INVOICES / 4;
      workers[w].client_id = w == 2 ? CLIENT_A : w == 3 ? CLIENT_B : NULL;
      threads[w] = g_thread_new ("issuer", issue_worker, &workers[w]);
    }
  for (guint w = 0; w < G_N_ELEMENTS (workers); w++)
    {
      g_thread_join (threads[w]);
      g_assert_cmpuint (workers[w].failures, ==, 0);
      g_object_unref (workers[w].session);
    }
  g_test_message ("%d invoices issued by 4 writers on 2 instances: %.1f ms", N_INVOICES,
                  g_timer_elapsed (timer, NULL) * 1000);
  g_timer_destroy (timer);

  sql = g_strdup_printf ("SELECT string_agg(number, ',' ORDER BY number) FROM invoices WHERE org_id = '%s'", org);
  numbers = kt_test_pg_query (conninfo, sql);
  for (guint i = 1; i <= N_INVOICES; i++)
    g_string_append_printf (want, "%s%010u", i > 1 ? "," : "", i);
  g_assert_cmpstr (numbers, ==, want->str);

  for (guint i = 0; i < N_INVOICES; i++)
    g_free (ids[i]);
  g_subprocess_send_signal (one, SIGTERM);
  g_subprocess_send_signal (two, SIGTERM);
  g_subprocess_wait (one, NULL, NULL);
  g_subprocess_wait (two, NULL, NULL);
}

/* Payment matching on the server (issue 13: a payment whose reference was
 * an invoice's number stayed unmatched). */

/* An issued invoice of one 100.00 line at 20 % (total 120.00), of
 * @company_id when not NULL, issued on @date; returns its id, and its
 * number in @out_number. */
static char *
issued_invoice (Fixture     *f,
                const char  *company_id,
                const char  *date,
                char       **out_number)
{
  g_autofree char *extra = company_id ? g_strdup_printf (",\"company_id\":\"%s\"", company_id) : g_strdup ("");
  g_autofree char *body = g_strdup_printf ("{\"issue_date\":\"%s\",\"client_name\":\"Балкан ООД\"%s}", date, extra);
  g_autofree char *invoice = create (f, "invoices", body);
  g_autofree char *line = add_line (f, invoice, 1000, 10000);

  patch_ok (f, "invoices", invoice, "{\"status\":\"issued\"}");
  if (out_number != NULL)
    *out_number = invoice_string (f, invoice, "number");
  return g_steal_pointer (&invoice);
}

static JsonNode *
get_payment (Fixture    *f,
             const char *id)
{
  return get (f, "payments", id);
}

static void
assert_paid (Fixture    *f,
             const char *invoice,
             gint64      paid,
             const char *status)
{
  g_autofree char *text = invoice_string (f, invoice, "status");

  g_assert_cmpint (invoice_int (f, invoice, "paid_amount"), ==, paid);
  g_assert_cmpstr (text, ==, status);
}

static void
test_match_rest (Fixture *f, gconstpointer data)
{
  g_autofree char *number = NULL;
  g_autofree char *invoice = issued_invoice (f, NULL, "2026-12-01", &number);
  g_autofree char *body = NULL;
  g_autofree char *own = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(JsonNode) stored = NULL;
  guint status;

  g_assert_cmpstr (number, ==, "0000000001");
  body = g_strdup_printf ("{\"amount\":12000,\"currency\":\"EUR\",\"received_at\":\"2026-12-02T10:00:00.000Z\","
                          "\"reference\":\"%s\",\"description\":\"Плащане по фактура\"}", number);
  answer = kt_test_request (f->ts, "POST", "/v1/payments", f->owner.token, body, &status);
  g_assert_cmpuint (status, ==, 201);
  /* The answer shows the match already: the same transaction. */
  g_assert_true (json_object_get_boolean_member (json_node_get_object (answer), "matched"));
  g_assert_cmpstr (kt_test_json_string (answer, "invoice_id"), ==, invoice);

  stored = get_payment (f, kt_test_json_string (answer, "id"));
  g_assert_true (json_object_get_boolean_member (json_node_get_object (stored), "matched"));
  g_assert_cmpint (json_int (stored, "credit_amount"), ==, 0);
  assert_paid (f, invoice, 12000, "paid");

  /* A payment the client matched itself is left as it was sent. */
  {
    g_autofree char *other_number = NULL;
    g_autofree char *other = issued_invoice (f, NULL, "2026-12-01", &other_number);
    g_autofree char *mine = g_strdup_printf ("{\"amount\":5000,\"received_at\":\"2026-12-02T10:00:00.000Z\","
                                             "\"reference\":\"%s\",\"proposed_invoice_id\":\"%s\"}",
                                             other_number, other);
    g_autoptr(JsonNode) p = NULL;

    own = create (f, "payments", mine);
    p = get_payment (f, own);
    g_assert_false (json_object_get_boolean_member (json_node_get_object (p), "matched"));
    assert_paid (f, other, 0, "issued");
  }
}

static void
test_match_push (Fixture *f, gconstpointer data)
{
  g_autoptr(KtHlc) clock = kt_hlc_new ("00000000000000aa");
  g_autofree char *number = NULL;
  g_autofree char *invoice = issued_invoice (f, NULL, "2026-12-01", &number);
  g_autofree char *payment = kt_uuid_new ();
  g_autofree char *stamp = kt_hlc_tick (clock);
  g_autofree char *fields = g_strdup_printf ("{\"amount\":7000,\"currency\":\"EUR\","
                                             "\"received_at\":\"2026-12-02T10:00:00.000Z\","
                                             "\"reference\":\"Фактура № %s\"}", number);
  g_autoptr(GPtrArray) m = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(JsonArray) results = NULL;
  g_autoptr(JsonNode) p = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *logged = NULL;

  g_ptr_array_add (m, mutation (1, "payment", payment, fields, stamp));
  results = push (f, CLIENT_A, head (f), m);
  g_assert_cmpstr (result_status (results, 0), ==, "applied");

  p = get_payment (f, payment);
  g_assert_true (json_object_get_boolean_member (json_node_get_object (p), "matched"));
  g_assert_cmpstr (kt_test_json_string (p, "invoice_id"), ==, invoice);
  assert_paid (f, invoice, 7000, "partially_paid");

  /* The client pulls the match: a server change of the payment. */
  sql = g_strdup_printf ("SELECT count(*) FROM change_log WHERE org_id = '%s' AND record_id = '%s'"
                         " AND fields ? 'matched'", f->owner.org_id, payment);
  logged = kt_test_pg_query (conninfo, sql);
  g_assert_cmpstr (logged, ==, "1");
}

/* The same open amount on two invoices of one client: proposed (the
 * oldest), never applied. */
static void
test_match_ambiguous (Fixture *f, gconstpointer data)
{
  g_autofree char *company = create (f, "companies", "{\"name\":\"Балкан ООД\"}");
  g_autofree char *older = issued_invoice (f, company, "2026-11-20", NULL);
  g_autofree char *newer = issued_invoice (f, company, "2026-12-01", NULL);
  g_autofree char *body = g_strdup_printf ("{\"amount\":12000,\"received_at\":\"2026-12-02T10:00:00.000Z\","
                                           "\"company_id\":\"%s\",\"reference\":\"Благодарим\"}", company);
  g_autofree char *payment = create (f, "payments", body);
  g_autoptr(JsonNode) p = get_payment (f, payment);

  g_assert_false (json_object_get_boolean_member (json_node_get_object (p), "matched"));
  g_assert_cmpstr (kt_test_json_string (p, "proposed_invoice_id"), ==, older);
  g_assert_null (kt_test_json_string (p, "invoice_id"));
  assert_paid (f, older, 0, "issued");
  assert_paid (f, newer, 0, "issued");
}

typedef struct {
  SoupSession *session;
  const char  *base;
  const char  *token;
  GPtrArray   *bodies;
  guint        failures;
} Payer;

static gpointer
pay_worker (gpointer data)
{
  Payer *w = data;

  for (guint i = 0; i < w->bodies->len; i++)
    {
      guint status;
      g_autoptr(JsonNode) n = kt_test_http (w->session, w->base, "POST", "/v1/payments", w->token,
                                            g_ptr_array_index (w->bodies, i), &status);

      if (status != 201)
        w->failures++;
    }
  return NULL;
}

/* Two instances receive payments for the same invoices at once: each
 * invoice's paid amount is the sum of the payments applied to it, and no
 * more than its total is ever applied. */
static void
test_match_concurrent (void)
{
  g_autoptr(GSubprocess) one = NULL;
  g_autoptr(GSubprocess) two = NULL;
  g_autoptr(SoupSession) setup = soup_session_new ();
  g_autoptr(JsonNode) reg = NULL;
  g_autofree char *base1 = NULL;
  g_autofree char *base2 = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *mismatch = NULL;
  g_autofree char *applied = NULL;
  char *numbers[8];
  Payer workers[4] = { 0, };
  GThread *threads[4];
  const char *token;
  const char *org;
  guint status;

  one = kt_test_spawn_server (conninfo, &base1);
  two = kt_test_spawn_server (conninfo, &base2);
  reg = kt_test_http (setup, base1, "POST", "/v1/auth/register", NULL,
                      "{\"email\":\"payments@example.com\",\"password\":\"correct horse\",\"full_name\":\"P\"}",
                      &status);
  g_assert_cmpuint (status, ==, 201);
  token = kt_test_json_string (reg, "token");
  org = kt_test_json_string (reg, "organization.id");

  for (guint i = 0; i < G_N_ELEMENTS (numbers); i++)
    {
      g_autoptr(JsonNode) inv = kt_test_http (setup, base1, "POST", "/v1/invoices", token,
                                              "{\"issue_date\":\"2026-12-01\"}", &status);
      g_autofree char *line = NULL;
      g_autofree char *path = NULL;
      g_autoptr(JsonNode) l = NULL;
      g_autoptr(JsonNode) issued = NULL;

      g_assert_cmpuint (status, ==, 201);
      line = g_strdup_printf ("{\"invoice_id\":\"%s\",\"description\":\"W\",\"quantity\":1000,"
                              "\"unit_price\":10000,\"vat_bps\":2000}", kt_test_json_string (inv, "id"));
      l = kt_test_http (setup, base1, "POST", "/v1/invoice_items", token, line, &status);
      g_assert_cmpuint (status, ==, 201);
      path = g_strdup_printf ("/v1/invoices/%s", kt_test_json_string (inv, "id"));
      issued = kt_test_http (setup, base2, "PATCH", path, token, "{\"status\":\"issued\"}", &status);
      g_assert_cmpuint (status, ==, 200);
      numbers[i] = g_strdup (kt_test_json_string (issued, "number"));
    }

  /* Four payers, two on each instance, each paying every invoice in full
   * by its number, in the same order, so that they meet on each invoice:
   * exactly one payment may apply to each, the others find nothing open. */
  for (guint w = 0; w < G_N_ELEMENTS (workers); w++)
    {
      workers[w].session = soup_session_new ();
      workers[w].base = w % 2 ? base1 : base2;
      workers[w].token = token;
      workers[w].bodies = g_ptr_array_new_with_free_func (g_free);
      for (guint i = 0; i < G_N_ELEMENTS (numbers); i++)
        g_ptr_array_add (workers[w].bodies,
                         g_strdup_printf ("{\"amount\":12000,\"received_at\":\"2026-12-02T10:00:00.000Z\","
                                          "\"reference\":\"%s\"}", numbers[i]));
    }
  for (guint w = 0; w < G_N_ELEMENTS (workers); w++)
    threads[w] = g_thread_new ("payer", pay_worker, &workers[w]);
  for (guint w = 0; w < G_N_ELEMENTS (workers); w++)
    {
      g_thread_join (threads[w]);
      g_assert_cmpuint (workers[w].failures, ==, 0);
      g_ptr_array_unref (workers[w].bodies);
      g_object_unref (workers[w].session);
    }

  /* Every invoice: paid_amount = the sum of its applied payments, all of
   * its 120.00, status paid. */
  sql = g_strdup_printf ("SELECT count(*) FROM invoices i WHERE i.org_id = '%s' AND (i.paid_amount <>"
                         " (SELECT coalesce(sum(p.amount - coalesce(p.credit_amount, 0)), 0) FROM payments p"
                         "  WHERE p.org_id = i.org_id AND p.invoice_id = i.id AND p.matched AND NOT p.deleted)"
                         " OR i.paid_amount <> 12000 OR i.status <> 'paid')", org);
  mismatch = kt_test_pg_query (conninfo, sql);
  g_assert_cmpstr (mismatch, ==, "0");
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("SELECT sum(amount - coalesce(credit_amount, 0)) FROM payments WHERE org_id = '%s' AND matched",
                         org);
  applied = kt_test_pg_query (conninfo, sql);
  g_assert_cmpstr (applied, ==, "96000");

  for (guint i = 0; i < G_N_ELEMENTS (numbers); i++)
    g_free (numbers[i]);
  g_subprocess_send_signal (one, SIGTERM);
  g_subprocess_send_signal (two, SIGTERM);
  g_subprocess_wait (one, NULL, NULL);
  g_subprocess_wait (two, NULL, NULL);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  conninfo = kt_test_pg_new_database ("documents");
  {
    /* Migrate once up front so the subprocesses need not race for it. */
    g_autoptr(KtTestServer) ts = kt_test_server_new (conninfo);
  }

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/server/documents/totals-rest", test_totals_rest);
  ADD ("/server/documents/numbering", test_numbering);
  ADD ("/server/documents/lifecycle", test_lifecycle);
  ADD ("/server/documents/payments-credit-notes", test_payments_and_credit_notes);
  ADD ("/server/documents/convert", test_convert);
  ADD ("/server/documents/push-claims", test_push_claims);
  ADD ("/server/documents/match-rest", test_match_rest);
  ADD ("/server/documents/match-push", test_match_push);
  ADD ("/server/documents/match-ambiguous", test_match_ambiguous);
#undef ADD
  g_test_add_func ("/server/documents/numbering-concurrent", test_numbering_concurrent);
  g_test_add_func ("/server/documents/match-concurrent", test_match_concurrent);

  return g_test_run ();
}
