/* test-payment-match.c: payment matching on a real store
 * (client/core/kt-payment-match)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "kt-payment-match.h"
#include "stats-fixture.h"

static KtRecord *
add_company (StatsFixture *fixture,
             const char   *name)
{
  g_autoptr(GError) error = NULL;
  KtRecord *company = kt_record_new (kt_entity_lookup ("company"));

  kt_record_set_string (company, "name", name);
  kt_store_save (fixture->store, company, &error);
  g_assert_no_error (error);
  return company;
}

static KtRecord *
add_invoice (StatsFixture *fixture,
             const char   *number,
             const char   *status,
             const char   *currency,
             gint64        total,
             KtRecord     *company,
             const char   *issue_date)
{
  g_autoptr(GError) error = NULL;
  KtRecord *invoice = kt_record_new (KT_ENTITY_INVOICE);

  if (number != NULL)
    kt_record_set_string (invoice, "number", number);
  kt_record_set_string (invoice, "status", status);
  kt_record_set_string (invoice, "currency", currency);
  kt_record_set_string (invoice, "issue_date", issue_date);
  kt_record_set_string (invoice, "due_date", "2099-12-31");
  kt_record_set_int (invoice, "total", total);
  if (company != NULL)
    {
      kt_record_set_string (invoice, "company_id", kt_record_get_id (company));
      kt_record_set_string (invoice, "client_name", kt_record_get_string (company, "name"));
    }
  kt_store_save (fixture->store, invoice, &error);
  g_assert_no_error (error);
  return invoice;
}

static KtRecord *
add_payment (StatsFixture *fixture,
             const char   *reference,
             const char   *currency,
             gint64        amount,
             KtRecord     *company,
             const char   *received_at)
{
  g_autoptr(GError) error = NULL;
  KtRecord *payment = kt_record_new (KT_ENTITY_PAYMENT);

  if (reference != NULL)
    kt_record_set_string (payment, "reference", reference);
  kt_record_set_string (payment, "currency", currency);
  kt_record_set_int (payment, "amount", amount);
  kt_record_set_string (payment, "received_at", received_at);
  if (company != NULL)
    kt_record_set_string (payment, "company_id", kt_record_get_id (company));
  kt_store_save (fixture->store, payment, &error);
  g_assert_no_error (error);
  return payment;
}

static KtRecord *
reload (StatsFixture *fixture,
        KtRecord     *record)
{
  g_autoptr(GError) error = NULL;
  KtRecord *fresh = kt_store_get (fixture->store, kt_record_get_entity (record),
                                  kt_record_get_id (record), &error);

  g_assert_no_error (error);
  return fresh;
}

static void
assert_invoice (StatsFixture *fixture,
                KtRecord     *invoice,
                gint64        paid,
                const char   *status)
{
  g_autoptr(KtRecord) fresh = reload (fixture, invoice);

  g_assert_cmpint (kt_record_get_int (fresh, "paid_amount"), ==, paid);
  g_assert_cmpstr (kt_record_get_string (fresh, "status"), ==, status);
}

/* @invoice NULL: not matched; @proposed NULL: no proposal. */
static void
assert_payment (StatsFixture *fixture,
                KtRecord     *payment,
                KtRecord     *invoice,
                gint64        credit,
                KtRecord     *proposed)
{
  g_autoptr(KtRecord) fresh = reload (fixture, payment);

  g_assert_cmpint (kt_record_get_bool (fresh, "matched"), ==, invoice != NULL);
  g_assert_cmpstr (kt_record_get_string (fresh, "invoice_id"), ==,
                   invoice != NULL ? kt_record_get_id (invoice) : NULL);
  g_assert_cmpint (kt_record_get_int (fresh, "credit_amount"), ==, credit);
  g_assert_cmpstr (kt_record_get_string (fresh, "proposed_invoice_id"), ==,
                   proposed != NULL ? kt_record_get_id (proposed) : NULL);
}

/* Whether the outbox holds a change of @record's @field. */
static gboolean
outbox_has (StatsFixture *fixture,
            KtRecord     *record,
            const char   *field)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = kt_store_outbox_peek (fixture->store, 10000, &error);
  g_autofree char *key = g_strdup_printf ("\"%s\"", field);

  g_assert_no_error (error);
  for (guint i = 0; i < entries->len; i++)
    {
      KtOutboxEntry *entry = g_ptr_array_index (entries, i);

      if (g_str_equal (entry->record_id, kt_record_get_id (record)) &&
          strstr (entry->fields_json, key) != NULL)
        return TRUE;
    }
  return FALSE;
}

static void
test_run (StatsFixture  *fixture,
          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KtRecord) alfa = add_company (fixture, "Алфа ООД");
  g_autoptr(KtRecord) a = add_invoice (fixture, "0000000042", "sent", "EUR", 12000, alfa, "2026-10-01");
  g_autoptr(KtRecord) b = add_invoice (fixture, "0000000043", "issued", "EUR", 5000, alfa, "2026-10-02");
  g_autoptr(KtRecord) draft = add_invoice (fixture, NULL, "draft", "EUR", 7000, alfa, "2026-10-03");
  g_autoptr(KtRecord) cancelled = add_invoice (fixture, "0000000044", "cancelled", "EUR", 7000, alfa, "2026-10-03");
  g_autoptr(KtRecord) p1 = add_payment (fixture, "Плащане по ф-ра № 42", "EUR", 12000, NULL,
                                        "2026-11-01T10:00:00.000Z");
  g_autoptr(KtRecord) p2 = add_payment (fixture, "0000000043", "EUR", 2000, NULL,
                                        "2026-11-02T10:00:00.000Z");
  g_autoptr(KtRecord) p3 = add_payment (fixture, "October", "EUR", 3000, alfa,
                                        "2026-11-03T10:00:00.000Z");
  g_autoptr(KtRecord) p4 = add_payment (fixture, "0000000044", "EUR", 7000, NULL,
                                        "2026-11-04T10:00:00.000Z");
  g_autoptr(KtRecord) p5 = add_payment (fixture, "0000000042", "BGN", 12000, NULL,
                                        "2026-11-05T10:00:00.000Z");
  g_autoptr(KtRecord) p6 = add_payment (fixture, "Ф-ра 43", "EUR", 5000, NULL,
                                        "2026-11-06T10:00:00.000Z");
  KtPaymentMatchSummary summary = { 99, 99, 99 };
  gint64 outbox;

  /* p6 was matched by a person already: the run leaves it alone. */
  kt_record_set_bool (p6, "matched", TRUE);
  kt_record_set_string (p6, "invoice_id", kt_record_get_id (cancelled));
  kt_store_save (fixture->store, p6, &error);
  g_assert_no_error (error);
  /* A stale proposal on p4, which names a cancelled invoice only. */
  kt_record_set_string (p4, "proposed_invoice_id", kt_record_get_id (b));
  kt_store_save (fixture->store, p4, &error);
  g_assert_no_error (error);
  kt_store_outbox_remove (fixture->store, G_MAXINT64, &error);
  g_assert_no_error (error);

  g_assert_true (kt_payment_match_run (fixture->store, NULL, &summary, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (summary.applied, ==, 3);
  g_assert_cmpuint (summary.proposed, ==, 1);
  g_assert_cmpuint (summary.unmatched, ==, 1);

  /* By number, whole; by number, part; the rest by the amount now open. */
  assert_payment (fixture, p1, a, 0, NULL);
  assert_payment (fixture, p2, b, 0, NULL);
  assert_payment (fixture, p3, b, 0, NULL);
  assert_invoice (fixture, a, 12000, "paid");
  assert_invoice (fixture, b, 5000, "paid");
  /* The cancelled invoice is not open: the stale proposal goes. */
  assert_payment (fixture, p4, NULL, 0, NULL);
  assert_invoice (fixture, cancelled, 0, "cancelled");
  assert_invoice (fixture, draft, 0, "draft");
  /* A's number, another currency: proposed. */
  assert_payment (fixture, p5, NULL, 0, a);
  assert_payment (fixture, p6, cancelled, 0, NULL);

  /* Written like any edit: in the outbox, to sync. */
  g_assert_true (outbox_has (fixture, p1, "invoice_id"));
  g_assert_true (outbox_has (fixture, p1, "matched"));
  g_assert_true (outbox_has (fixture, a, "paid_amount"));
  g_assert_true (outbox_has (fixture, a, "status"));
  g_assert_true (outbox_has (fixture, p5, "proposed_invoice_id"));
  g_assert_false (outbox_has (fixture, p6, "matched"));

  /* Again: the same proposal, nothing new to write. */
  outbox = kt_store_outbox_count (fixture->store);
  g_assert_true (kt_payment_match_run (fixture->store, NULL, &summary, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (summary.applied, ==, 0);
  g_assert_cmpuint (summary.proposed, ==, 1);
  g_assert_cmpuint (summary.unmatched, ==, 1);
  g_assert_cmpint (kt_store_outbox_count (fixture->store), ==, outbox);
}

static void
test_run_given (StatsFixture  *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KtRecord) a = add_invoice (fixture, "0000000042", "overdue", "EUR", 10000, NULL, "2026-10-01");
  g_autoptr(KtRecord) p1 = add_payment (fixture, "0000000042", "EUR", 15000, NULL,
                                        "2026-11-01T10:00:00.000Z");
  g_autoptr(KtRecord) p2 = add_payment (fixture, "0000000042", "EUR", 1000, NULL,
                                        "2026-10-01T10:00:00.000Z");
  g_autoptr(GPtrArray) ids = g_ptr_array_new ();
  KtPaymentMatchSummary summary;

  /* Only p1, though p2 came first; an overpayment leaves a credit. Given
   * twice, it still pays once. */
  g_ptr_array_add (ids, (gpointer) kt_record_get_id (p1));
  g_ptr_array_add (ids, (gpointer) kt_record_get_id (p1));
  g_assert_true (kt_payment_match_run (fixture->store, ids, &summary, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (summary.applied, ==, 1);
  assert_payment (fixture, p1, a, 5000, NULL);
  assert_payment (fixture, p2, NULL, 0, NULL);
  assert_invoice (fixture, a, 10000, "paid");

  /* A matched payment given again is skipped; p2 finds A paid. */
  g_ptr_array_add (ids, (gpointer) kt_record_get_id (p2));
  g_assert_true (kt_payment_match_run (fixture->store, ids, &summary, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (summary.applied, ==, 0);
  g_assert_cmpuint (summary.proposed + summary.unmatched, ==, 1);
  assert_payment (fixture, p1, a, 5000, NULL);
  assert_invoice (fixture, a, 10000, "paid");
}

static void
test_partial_overdue (StatsFixture  *fixture,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KtRecord) a = add_invoice (fixture, "0000000042", "overdue", "EUR", 10000, NULL, "2026-10-01");
  g_autoptr(KtRecord) b = add_invoice (fixture, "0000000043", "sent", "EUR", 10000, NULL, "2026-10-05");
  g_autoptr(KtRecord) p1 = add_payment (fixture, "0000000042 0000000043", "EUR", 1000, NULL,
                                        "2026-11-01T10:00:00.000Z");
  g_autoptr(KtRecord) p2 = add_payment (fixture, "0000000042", "EUR", 1000, NULL,
                                        "2026-11-01T10:00:00.000Z");
  g_autoptr(KtRecord) p3 = add_payment (fixture, "#43", "EUR", 1000, NULL,
                                        "2026-11-01T10:00:00.000Z");

  g_assert_true (kt_payment_match_run (fixture->store, NULL, NULL, &error));
  g_assert_no_error (error);
  /* Two numbers: proposed, not applied. A late invoice paid in part is
   * still late. */
  assert_payment (fixture, p1, NULL, 0, a);
  assert_payment (fixture, p2, a, 0, NULL);
  assert_payment (fixture, p3, b, 0, NULL);
  assert_invoice (fixture, a, 1000, "overdue");
  assert_invoice (fixture, b, 1000, "partially_paid");
}

static void
test_apply_unmatch (StatsFixture  *fixture,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KtRecord) a = add_invoice (fixture, "0000000042", "sent", "EUR", 10000, NULL, "2026-10-01");
  g_autoptr(KtRecord) b = add_invoice (fixture, "0000000043", "issued", "EUR", 3000, NULL, "2026-10-02");
  g_autoptr(KtRecord) lev = add_invoice (fixture, "0000000044", "sent", "BGN", 6000, NULL, "2026-10-02");
  g_autoptr(KtRecord) draft = add_invoice (fixture, NULL, "draft", "EUR", 6000, NULL, "2026-10-02");
  g_autoptr(KtRecord) p1 = add_payment (fixture, NULL, "EUR", 6000, NULL, "2026-11-01T10:00:00.000Z");
  g_autoptr(KtRecord) p2 = add_payment (fixture, NULL, "EUR", 6000, NULL, "2026-11-02T10:00:00.000Z");
  g_autoptr(KtRecord) stored = NULL;

  /* Accepting a proposal clears it. */
  kt_record_set_string (p1, "proposed_invoice_id", kt_record_get_id (a));
  kt_store_save (fixture->store, p1, &error);
  g_assert_no_error (error);
  g_assert_true (kt_payment_match_apply (fixture->store, kt_record_get_id (p1), kt_record_get_id (a), &error));
  g_assert_no_error (error);
  assert_payment (fixture, p1, a, 0, NULL);
  assert_invoice (fixture, a, 6000, "partially_paid");

  /* The second sees 40.00 open: the rest is credit. */
  g_assert_true (kt_payment_match_apply (fixture->store, kt_record_get_id (p2), kt_record_get_id (a), &error));
  g_assert_no_error (error);
  assert_payment (fixture, p2, a, 2000, NULL);
  assert_invoice (fixture, a, 10000, "paid");

  /* Unmatching the first leaves what the second applied. */
  g_assert_true (kt_payment_match_unmatch (fixture->store, kt_record_get_id (p1), &error));
  g_assert_no_error (error);
  assert_payment (fixture, p1, NULL, 0, NULL);
  assert_invoice (fixture, a, 4000, "partially_paid");

  /* Undo: the opposite call. */
  g_assert_true (kt_payment_match_apply (fixture->store, kt_record_get_id (p1), kt_record_get_id (a), &error));
  g_assert_no_error (error);
  assert_payment (fixture, p1, a, 0, NULL);
  assert_invoice (fixture, a, 10000, "paid");

  /* Moving p1 to B takes it off A first. */
  g_assert_true (kt_payment_match_apply (fixture->store, kt_record_get_id (p1), kt_record_get_id (b), &error));
  g_assert_no_error (error);
  assert_payment (fixture, p1, b, 3000, NULL);
  assert_invoice (fixture, a, 4000, "partially_paid");
  assert_invoice (fixture, b, 3000, "paid");

  /* Both off A: back to sent. */
  g_assert_true (kt_payment_match_unmatch (fixture->store, kt_record_get_id (p2), &error));
  g_assert_no_error (error);
  assert_invoice (fixture, a, 0, "sent");
  /* Unmatching an unmatched payment changes nothing. */
  g_assert_true (kt_payment_match_unmatch (fixture->store, kt_record_get_id (p2), &error));
  g_assert_no_error (error);

  /* Refused: another currency, a draft. Nothing is written. */
  g_assert_false (kt_payment_match_apply (fixture->store, kt_record_get_id (p2), kt_record_get_id (lev), &error));
  g_assert_error (error, KT_ERROR, KT_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (kt_payment_match_apply (fixture->store, kt_record_get_id (p2), kt_record_get_id (draft), &error));
  g_assert_error (error, KT_ERROR, KT_ERROR_INVALID);
  g_clear_error (&error);
  assert_payment (fixture, p2, NULL, 0, NULL);
  assert_invoice (fixture, lev, 0, "sent");
  stored = reload (fixture, draft);
  g_assert_false (kt_record_has (stored, "paid_amount"));
}

static void
test_apply_paid_invoice (StatsFixture  *fixture,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KtRecord) a = add_invoice (fixture, "0000000042", "sent", "EUR", 10000, NULL, "2026-10-01");
  g_autoptr(KtRecord) p1 = add_payment (fixture, "0000000042", "EUR", 10000, NULL, "2026-11-01T10:00:00.000Z");
  g_autoptr(KtRecord) p2 = add_payment (fixture, "0000000042", "EUR", 500, NULL, "2026-11-02T10:00:00.000Z");

  g_assert_true (kt_payment_match_run (fixture->store, NULL, NULL, &error));
  g_assert_no_error (error);
  assert_invoice (fixture, a, 10000, "paid");
  /* The second payment names it once it is paid: proposed. */
  assert_payment (fixture, p2, NULL, 0, a);

  /* A person says it is for A anyway: all of it is credit. */
  g_assert_true (kt_payment_match_apply (fixture->store, kt_record_get_id (p2), kt_record_get_id (a), &error));
  g_assert_no_error (error);
  assert_payment (fixture, p2, a, 500, NULL);
  assert_invoice (fixture, a, 10000, "paid");
  assert_payment (fixture, p1, a, 0, NULL);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/payment-match/run", StatsFixture, NULL,
              stats_fixture_set_up, test_run, stats_fixture_tear_down);
  g_test_add ("/payment-match/run-given", StatsFixture, NULL,
              stats_fixture_set_up, test_run_given, stats_fixture_tear_down);
  g_test_add ("/payment-match/partial-overdue", StatsFixture, NULL,
              stats_fixture_set_up, test_partial_overdue, stats_fixture_tear_down);
  g_test_add ("/payment-match/apply-unmatch", StatsFixture, NULL,
              stats_fixture_set_up, test_apply_unmatch, stats_fixture_tear_down);
  g_test_add ("/payment-match/apply-paid-invoice", StatsFixture, NULL,
              stats_fixture_set_up, test_apply_paid_invoice, stats_fixture_tear_down);

  return g_test_run ();
}
