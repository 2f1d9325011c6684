/* test-documents.c: invoices and offers made offline, end to end
 *
 * A correct client's offline invoice with 30 lines, issued offline,
 * pushed in batches smaller than it, is accepted and gets its number at
 * the first sync; two devices adding lines to one draft at once converge
 * to the totals of all the lines; two devices converting one offer
 * offline end with one invoice (docs/money.md, "Documents on the
 * server"); document templates sync, and two devices marking different
 * defaults offline agree on the one that prints.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "kt-record.h"
#include "kt-store-private.h"
#include "kt-store-sync.h"
#include "kt-test-harness.h"

static KtTestServer *server;

/* Two devices of one person: the same account, two stores. */
typedef struct {
  KtTestClient a;
  KtTestClient b;
  guint        rejections;
} Fixture;

static void
on_rejected_cb (KtSyncEngine *engine,
                const char   *entity,
                const char   *record_id,
                const char   *title,
                const char   *code,
                const char   *message,
                Fixture      *f)
{
  g_test_message ("rejected %s %s: %s %s", entity, record_id, code, message);
  f->rejections++;
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr (GError) error = NULL;

  kt_test_client_open (server, &f->a, "documents", "a");
  kt_test_client_open (server, &f->b, "documents", "b");
  f->a.email = kt_test_new_email ("documents");
  kt_test_register (f->a.engine, server->url, f->a.email, KT_TEST_PASSWORD, &error);
  g_assert_no_error (error);
  kt_test_login (f->b.engine, server->url, f->a.email, KT_TEST_PASSWORD, &error);
  g_assert_no_error (error);
  f->b.email = g_strdup (f->a.email);
  g_signal_connect (f->a.engine, "mutation-rejected", G_CALLBACK (on_rejected_cb), f);
  g_signal_connect (f->b.engine, "mutation-rejected", G_CALLBACK (on_rejected_cb), f);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  kt_test_client_close (&f->a);
  kt_test_client_close (&f->b);
}

static KtRecord *
get (KtStore        *store,
     const KtEntity *entity,
     const char     *id)
{
  g_autoptr (GError) error = NULL;
  KtRecord *record = kt_store_get (store, entity, id, &error);

  g_assert_no_error (error);
  return record;
}

static KtRecord *
new_line (const KtEntity *entity,
          const char     *parent,
          guint           position,
          gint64          price)
{
  KtRecord *line = kt_record_new (entity);

  kt_record_set_string (line, entity->parent_field, parent);
  kt_record_set_int (line, "position", position);
  kt_record_set_string (line, "description", "Work");
  kt_record_set_int (line, "unit_price", price);
  return line;
}

/* The lines of @invoice in @store, live ones only. */
static GPtrArray *
lines_of (KtStore    *store,
          const char *invoice)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (KtQuery) query = kt_query_new (KT_ENTITY_INVOICE_ITEM);
  GPtrArray *lines;

  kt_query_add_filter (query, "invoice_id", invoice);
  lines = kt_store_query (store, query, 0, 1000, &error);
  g_assert_no_error (error);
  return lines;
}

/* What a document editor does: recompute the totals from the lines and
 * save the document with them, in one save. */
static void
save_document (KtStore   *store,
               KtRecord  *invoice,
               GPtrArray *new_lines)
{
  g_autoptr (GPtrArray) all = lines_of (store, kt_record_get_id (invoice));
  g_autoptr (GPtrArray) save = g_ptr_array_new ();
  g_autoptr (GError) error = NULL;

  for (guint i = 0; i < new_lines->len; i++)
    g_ptr_array_add (all, g_object_ref (g_ptr_array_index (new_lines, i)));
  g_assert_true (kt_invoice_apply_totals (invoice, all, &error));
  g_ptr_array_add (save, invoice);
  for (guint i = 0; i < new_lines->len; i++)
    g_ptr_array_add (save, g_ptr_array_index (new_lines, i));
  kt_store_save_all (store, save, &error);
  g_assert_no_error (error);
}

static char *
server_invoice_number (Fixture    *f,
                       const char *id,
                       gint64     *out_total)
{
  g_autofree char *token = kt_test_client_token (server, &f->a);
  g_autofree char *url = g_strdup_printf ("%s/v1/invoices/%s", server->url, id);
  g_autoptr (JsonNode) answer = NULL;
  guint status = 0;
  JsonObject *object;

  answer = kt_test_http ("GET", url, token, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  object = json_node_get_object (answer);
  *out_total = json_object_get_int_member (object, "total");
  return g_strdup (json_object_get_string_member_with_default (object, "number", NULL));
}

static void
test_offline_invoice (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr (KtRecord) invoice = kt_record_new (KT_ENTITY_INVOICE);
  g_autoptr (GPtrArray) lines = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr (KtRecord) pulled = NULL;
  g_autoptr (KtRecord) on_b = NULL;
  g_autoptr (GPtrArray) b_lines = NULL;
  g_autofree char *number = NULL;
  const char *id = kt_record_get_id (invoice);
  gint64 total = 0;

  /* Batches of 7: the save of the invoice and its 30 lines must not be
   * cut in pieces. Other saves around it. */
  kt_sync_engine_set_page_sizes (f->a.engine, 1000, 7);
  for (guint i = 0; i < 5; i++)
    {
      g_autoptr (KtRecord) contact = kt_record_new (KT_ENTITY_CONTACT);
      g_autoptr (GError) error = NULL;

      kt_record_set_string (contact, "first_name", "Ivan");
      kt_store_save (f->a.store, contact, &error);
      g_assert_no_error (error);
    }

  kt_record_set_string (invoice, "issue_date", "2026-12-01");
  kt_record_set_string (invoice, "status", "issued");
  for (guint i = 0; i < 30; i++)
    g_ptr_array_add (lines, new_line (KT_ENTITY_INVOICE_ITEM, id, i, 1000 + i));
  save_document (f->a.store, invoice, lines);
  g_assert_cmpint (kt_record_get_int (invoice, "total"), ==, 36522);   /* (300.00 + 4.35) x 1.2 */

  kt_test_client_sync_ok (&f->a);
  g_assert_cmpuint (f->rejections, ==, 0);

  /* Numbered at the first sync; the store shows it after the pull. */
  number = server_invoice_number (f, id, &total);
  g_assert_cmpstr (number, ==, "0000000001");
  g_assert_cmpint (total, ==, 36522);
  pulled = get (f->a.store, KT_ENTITY_INVOICE, id);
  g_assert_cmpstr (kt_record_get_string (pulled, "number"), ==, "0000000001");
  g_assert_cmpint (kt_record_get_int (pulled, "total"), ==, 36522);

  kt_test_client_sync_ok (&f->b);
  on_b = get (f->b.store, KT_ENTITY_INVOICE, id);
  g_assert_cmpstr (kt_record_get_string (on_b, "number"), ==, "0000000001");
  b_lines = lines_of (f->b.store, id);
  g_assert_cmpuint (b_lines->len, ==, 30);
}

static void
test_concurrent_lines (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr (KtRecord) invoice = kt_record_new (KT_ENTITY_INVOICE);
  g_autoptr (KtRecord) on_a = NULL;
  g_autoptr (KtRecord) on_b = NULL;
  g_autoptr (GPtrArray) a_lines = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr (GPtrArray) b_lines = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr (GPtrArray) none = g_ptr_array_new ();
  const char *id = kt_record_get_id (invoice);
  gint64 total = 0;
  g_autofree char *number = NULL;

  kt_record_set_string (invoice, "issue_date", "2026-12-01");
  save_document (f->a.store, invoice, none);
  kt_test_client_sync_ok (&f->a);
  kt_test_client_sync_ok (&f->b);

  /* Both offline: a adds 100.00, b adds 50.00, each with its totals. */
  on_a = get (f->a.store, KT_ENTITY_INVOICE, id);
  g_ptr_array_add (a_lines, new_line (KT_ENTITY_INVOICE_ITEM, id, 1, 10000));
  save_document (f->a.store, on_a, a_lines);
  on_b = get (f->b.store, KT_ENTITY_INVOICE, id);
  g_ptr_array_add (b_lines, new_line (KT_ENTITY_INVOICE_ITEM, id, 2, 5000));
  save_document (f->b.store, on_b, b_lines);
  g_assert_cmpint (kt_record_get_int (on_b, "total"), ==, 6000);

  kt_test_client_sync_ok (&f->a);
  kt_test_client_sync_ok (&f->b);
  kt_test_client_sync_ok (&f->a);
  g_assert_cmpuint (f->rejections, ==, 0);

  number = server_invoice_number (f, id, &total);
  g_assert_null (number);     /* still a draft */
  g_assert_cmpint (total, ==, 18000);
  g_clear_object (&on_a);
  g_clear_object (&on_b);
  on_a = get (f->a.store, KT_ENTITY_INVOICE, id);
  on_b = get (f->b.store, KT_ENTITY_INVOICE, id);
  g_assert_cmpint (kt_record_get_int (on_a, "total"), ==, 18000);
  g_assert_cmpint (kt_record_get_int (on_b, "total"), ==, 18000);
}

/* Converting on one device as the converting code does it: the invoice
 * and its lines, and the offer marked, in one save. */
static char *
convert_offline (KtStore    *store,
                 const char *offer_id)
{
  g_autoptr (KtRecord) offer = get (store, KT_ENTITY_OFFER, offer_id);
  g_autoptr (KtQuery) query = kt_query_new (KT_ENTITY_OFFER_ITEM);
  g_autoptr (GPtrArray) offer_lines = NULL;
  g_autoptr (KtRecord) invoice = NULL;
  g_autoptr (GPtrArray) lines = NULL;
  g_autoptr (GPtrArray) save = g_ptr_array_new ();
  g_autoptr (GError) error = NULL;

  kt_query_add_filter (query, "offer_id", offer_id);
  offer_lines = kt_store_query (store, query, 0, 1000, &error);
  g_assert_no_error (error);
  g_assert_true (kt_offer_convert (offer, offer_lines, &invoice, &lines, &error));
  g_assert_no_error (error);
  kt_record_set_string (invoice, "issue_date", "2026-12-03");
  kt_record_set_string (offer, "status", "converted");
  kt_record_set_string (offer, "converted_invoice_id", kt_record_get_id (invoice));

  g_ptr_array_add (save, invoice);
  for (guint i = 0; i < lines->len; i++)
    g_ptr_array_add (save, g_ptr_array_index (lines, i));
  g_ptr_array_add (save, offer);
  kt_store_save_all (store, save, &error);
  g_assert_no_error (error);
  return g_strdup (kt_record_get_id (invoice));
}

static void
test_convert_twice (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr (KtRecord) offer = kt_record_new (KT_ENTITY_OFFER);
  g_autoptr (GPtrArray) lines = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr (GPtrArray) save = g_ptr_array_new ();
  g_autoptr (GError) error = NULL;
  g_autofree char *on_a = NULL;
  g_autofree char *on_b = NULL;
  g_autofree char *token = NULL;
  g_autofree char *url = NULL;
  g_autoptr (JsonNode) answer = NULL;
  g_autoptr (GPtrArray) a_lines = NULL;
  g_autoptr (GPtrArray) b_lines = NULL;
  const char *id = kt_record_get_id (offer);
  guint status = 0;

  kt_record_set_string (offer, "issue_date", "2026-12-01");
  kt_record_set_string (offer, "status", "draft");
  for (guint i = 0; i < 3; i++)
    g_ptr_array_add (lines, new_line (KT_ENTITY_OFFER_ITEM, id, i, 2000 * (i + 1)));
  g_assert_true (kt_invoice_apply_totals (offer, lines, &error));
  g_ptr_array_add (save, offer);
  for (guint i = 0; i < lines->len; i++)
    g_ptr_array_add (save, g_ptr_array_index (lines, i));
  kt_store_save_all (f->a.store, save, &error);
  g_assert_no_error (error);
  kt_record_set_string (offer, "status", "sent");
  kt_store_save (f->a.store, offer, &error);
  g_assert_no_error (error);
  kt_record_set_string (offer, "status", "accepted");
  kt_store_save (f->a.store, offer, &error);
  g_assert_no_error (error);
  kt_test_client_sync_ok (&f->a);
  kt_test_client_sync_ok (&f->b);

  /* Both devices convert it offline. */
  on_a = convert_offline (f->a.store, id);
  on_b = convert_offline (f->b.store, id);
  g_assert_cmpstr (on_a, ==, on_b);
  kt_test_client_sync_ok (&f->a);
  kt_test_client_sync_ok (&f->b);
  kt_test_client_sync_ok (&f->a);
  g_assert_cmpuint (f->rejections, ==, 0);

  /* One invoice with three lines, on the server and both devices. */
  token = kt_test_client_token (server, &f->a);
  url = g_strdup_printf ("%s/v1/invoices?offer_id=%s", server->url, id);
  answer = kt_test_http ("GET", url, token, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (answer), "items")),
                    ==, 1);
  a_lines = lines_of (f->a.store, on_a);
  b_lines = lines_of (f->b.store, on_a);
  g_assert_cmpuint (a_lines->len, ==, 3);
  g_assert_cmpuint (b_lines->len, ==, 3);
  {
    g_autoptr (KtRecord) invoice = get (f->b.store, KT_ENTITY_INVOICE, on_a);
    g_autoptr (KtRecord) converted = get (f->b.store, KT_ENTITY_OFFER, id);

    g_assert_cmpint (kt_record_get_int (invoice, "total"), ==, 14400);
    g_assert_cmpstr (kt_record_get_string (converted, "status"), ==, "converted");
    g_assert_cmpstr (kt_record_get_string (converted, "converted_invoice_id"), ==, on_a);
  }
}

/* All the document templates of @store. */
static GPtrArray *
templates_of (KtStore *store)
{
  g_autoptr (KtQuery) query = kt_query_new (KT_ENTITY_DOCUMENT_TEMPLATE);
  g_autoptr (GError) error = NULL;
  GPtrArray *all = kt_store_query (store, query, 0, 100, &error);

  g_assert_no_error (error);
  return all;
}

static KtRecord *
new_template (const char *name,
              const char *layout)
{
  KtRecord *t = kt_record_new (KT_ENTITY_DOCUMENT_TEMPLATE);

  kt_record_set_string (t, "name", name);
  kt_record_set_string (t, "kind", "invoice");
  kt_record_set_string (t, "layout", layout);
  kt_record_set_string (t, "footer", "{{organization.name}} · {{page}}/{{pages}}");
  return t;
}

/* Templates sync like every record, their layout JSON included; two
 * devices that each mark a different default offline agree afterwards on
 * which one prints (kt_document_template_pick_default()). */
static void
test_templates (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr (KtRecord) one = new_template ("One", "{\"page\": {\"size\": \"A5\"}}");
  g_autoptr (KtRecord) two = new_template ("Two", "{\"style\": \"minimal\"}");
  g_autoptr (KtRecord) on_b = NULL;
  g_autoptr (KtRecord) two_on_b = NULL;
  g_autoptr (GPtrArray) all_a = NULL;
  g_autoptr (GPtrArray) all_b = NULL;
  g_autoptr (GError) error = NULL;
  KtRecord *default_a, *default_b;

  g_assert_true (kt_store_save (f->a.store, one, &error));
  g_assert_true (kt_store_save (f->a.store, two, &error));
  g_assert_no_error (error);
  kt_test_client_sync_ok (&f->a);
  kt_test_client_sync_ok (&f->b);
  on_b = get (f->b.store, KT_ENTITY_DOCUMENT_TEMPLATE, kt_record_get_id (one));
  g_assert_nonnull (on_b);
  g_assert_cmpstr (kt_record_get_string (on_b, "layout"), ==, "{\"page\": {\"size\": \"A5\"}}");
  g_assert_cmpstr (kt_record_get_string (on_b, "footer"), ==, kt_record_get_string (one, "footer"));

  /* Offline, A marks One, then B marks Two: B's mark is the newer. */
  kt_record_set_bool (one, "is_default", TRUE);
  g_assert_true (kt_store_save (f->a.store, one, &error));
  g_usleep (5000);
  two_on_b = get (f->b.store, KT_ENTITY_DOCUMENT_TEMPLATE, kt_record_get_id (two));
  kt_record_set_bool (two_on_b, "is_default", TRUE);
  g_assert_true (kt_store_save (f->b.store, two_on_b, &error));
  g_assert_no_error (error);
  kt_test_client_sync_ok (&f->a);
  kt_test_client_sync_ok (&f->b);
  kt_test_client_sync_ok (&f->a);
  g_assert_cmpuint (f->rejections, ==, 0);

  all_a = templates_of (f->a.store);
  all_b = templates_of (f->b.store);
  g_assert_cmpuint (all_a->len, ==, 2);
  g_assert_cmpuint (all_b->len, ==, 2);
  default_a = kt_document_template_pick_default (all_a, "invoice");
  default_b = kt_document_template_pick_default (all_b, "invoice");
  g_assert_nonnull (default_a);
  g_assert_nonnull (default_b);
  g_assert_cmpstr (kt_record_get_id (default_a), ==, kt_record_get_id (default_b));
  g_assert_cmpstr (kt_record_get_id (default_a), ==, kt_record_get_id (two));
}

int
main (int    argc,
      char **argv)
{
  int ret;

  g_test_init (&argc, &argv, NULL);

  server = kt_test_server_new ();

  g_test_add ("/sync/documents/offline-invoice", Fixture, NULL, fixture_setup, test_offline_invoice,
              fixture_teardown);
  g_test_add ("/sync/documents/concurrent-lines", Fixture, NULL, fixture_setup, test_concurrent_lines,
              fixture_teardown);
  g_test_add ("/sync/documents/convert-twice", Fixture, NULL, fixture_setup, test_convert_twice,
              fixture_teardown);
  g_test_add ("/sync/documents/templates", Fixture, NULL, fixture_setup, test_templates,
              fixture_teardown);

  ret = g_test_run ();
  kt_test_server_free (server);
  return ret;
}
