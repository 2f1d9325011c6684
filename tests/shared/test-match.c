/* test-match.c: matching payments to open invoices (shared/kt-match)
 *
 * Each case is a row of the table in docs/money.md, "Payment matching".
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "kantora-shared.h"

#define ALFA "0190aaaa-0000-7000-8000-00000000000a"
#define BETA "0190aaaa-0000-7000-8000-00000000000b"

/* A payment with only the fields a case sets. */
static KtMatchPayment
payment (const char *reference,
         const char *client_key,
         const char *currency,
         gint64      amount)
{
  KtMatchPayment p = {
    .id = "payment", .reference = reference, .client_key = client_key,
    .currency = currency, .amount = amount,
  };

  return p;
}

static void
assert_result (const KtMatchResult *r,
               KtMatchAction        action,
               KtMatchReason        reason,
               int                  invoice,
               gint64               applied,
               gint64               credit)
{
  g_assert_cmpint (r->action, ==, action);
  g_assert_cmpint (r->invoice, ==, invoice);
  if (action != KT_MATCH_NONE)
    g_assert_cmpint (r->reason, ==, reason);
  g_assert_cmpint (r->applied, ==, applied);
  g_assert_cmpint (r->credit, ==, credit);
}

static KtMatchResult
match_one (const KtMatchInvoice *invoices,
           guint                 n,
           KtMatchPayment        p)
{
  g_autoptr(KtMatcher) m = kt_matcher_new (invoices, n);
  KtMatchResult r;

  kt_matcher_match (m, &p, &r);
  return r;
}

static void
test_match_reference (void)
{
  const KtMatchInvoice invoices[] = {
    { "i0", "0000000041", ALFA, NULL, "EUR", "2026-10-01", 50000 },
    { "i1", "0000000042", ALFA, NULL, "EUR", "2026-10-02", 12000 },
  };
  KtMatchResult r;

  /* The number alone, of another client's payer, for the whole amount. */
  r = match_one (invoices, 2, payment ("0000000042", BETA, "EUR", 12000));
  assert_result (&r, KT_MATCH_APPLY, KT_MATCH_BY_NUMBER, 1, 12000, 0);

  /* In the description, with no reference at all. */
  {
    KtMatchPayment p = payment (NULL, NULL, "EUR", 12000);

    p.description = "Invoice 0000000042, thank you";
    r = match_one (invoices, 2, p);
    assert_result (&r, KT_MATCH_APPLY, KT_MATCH_BY_NUMBER, 1, 12000, 0);
  }

  /* Upper or lower case makes no difference to a number with letters. */
  {
    const KtMatchInvoice lettered[] = {
      { "i0", "INV-2026-0007", ALFA, NULL, "EUR", "2026-10-01", 900 },
    };

    r = match_one (lettered, 1, payment ("payment inv-2026-0007", NULL, "EUR", 900));
    assert_result (&r, KT_MATCH_APPLY, KT_MATCH_BY_NUMBER, 0, 900, 0);
  }
}

static void
test_match_amount (void)
{
  const KtMatchInvoice invoices[] = {
    { "i0", "0000000041", ALFA, NULL, "EUR", "2026-10-01", 50000 },
    { "i1", "0000000042", BETA, NULL, "EUR", "2026-10-02", 12000 },
    { "i2", "0000000043", ALFA, NULL, "EUR", "2026-10-03", 12000 },
    { "i3", "0000000044", NULL, "„Алфа“ ООД", "BGN", "2026-10-03", 7000 },
  };
  KtMatchResult r;

  /* No number: the one open invoice of the payer with the amount. */
  r = match_one (invoices, 4, payment ("Services October", ALFA, "EUR", 12000));
  assert_result (&r, KT_MATCH_APPLY, KT_MATCH_BY_AMOUNT, 2, 12000, 0);

  /* The amount in another currency, or of no client's invoice: nothing. */
  r = match_one (invoices, 4, payment ("Services October", ALFA, "BGN", 12000));
  assert_result (&r, KT_MATCH_NONE, 0, -1, 0, 0);
  r = match_one (invoices, 4, payment ("Services October", ALFA, "EUR", 12001));
  assert_result (&r, KT_MATCH_NONE, 0, -1, 0, 0);

  /* No client key on the payment: no amount match at all... */
  r = match_one (invoices, 4, payment ("Services October", NULL, "EUR", 12000));
  assert_result (&r, KT_MATCH_NONE, 0, -1, 0, 0);

  /* ...unless the payer's name is the client's name, spelled as banks do. */
  {
    KtMatchPayment p = payment (NULL, NULL, "BGN", 7000);

    p.payer_name = "АЛФА  ООД";
    r = match_one (invoices, 4, p);
    assert_result (&r, KT_MATCH_APPLY, KT_MATCH_BY_AMOUNT, 3, 7000, 0);
    p.payer_name = "Алфа Трейд ООД";
    r = match_one (invoices, 4, p);
    assert_result (&r, KT_MATCH_NONE, 0, -1, 0, 0);
  }
}

static void
test_match_partial (void)
{
  const KtMatchInvoice invoices[] = {
    { "i0", "0000000042", ALFA, NULL, "EUR", "2026-10-02", 12000 },
  };
  g_autoptr(KtMatcher) m = kt_matcher_new (invoices, 1);
  KtMatchPayment p = payment ("0000000042", NULL, "EUR", 5000);
  KtMatchResult r;

  kt_matcher_match (m, &p, &r);
  assert_result (&r, KT_MATCH_APPLY, KT_MATCH_BY_NUMBER, 0, 5000, 0);
  g_assert_cmpint (kt_matcher_get_open (m, 0), ==, 7000);

  /* The rest, without a reference: the amount now open matches. */
  p = payment (NULL, ALFA, "EUR", 7000);
  kt_matcher_match (m, &p, &r);
  assert_result (&r, KT_MATCH_APPLY, KT_MATCH_BY_AMOUNT, 0, 7000, 0);
  g_assert_cmpint (kt_matcher_get_open (m, 0), ==, 0);

  /* The original amount no longer matches anything. */
  p = payment (NULL, ALFA, "EUR", 12000);
  kt_matcher_match (m, &p, &r);
  assert_result (&r, KT_MATCH_NONE, 0, -1, 0, 0);
}

static void
test_match_several (void)
{
  const KtMatchInvoice invoices[] = {
    { "i0", "0000000050", ALFA, NULL, "EUR", "2026-10-05", 3000 },
    { "i1", "0000000051", ALFA, NULL, "EUR", "2026-09-30", 3000 },
    { "i2", "0000000052", ALFA, NULL, "EUR", "2026-10-01", 3000 },
  };
  g_autoptr(KtMatcher) m = kt_matcher_new (invoices, 3);
  KtMatchPayment p = payment ("October", ALFA, "EUR", 3000);
  KtMatchResult r;

  /* Three open invoices of the payer with the amount: propose the
   * oldest, apply nothing. */
  kt_matcher_match (m, &p, &r);
  assert_result (&r, KT_MATCH_PROPOSE, KT_MATCH_BY_AMOUNT, 1, 0, 0);
  for (guint i = 0; i < 3; i++)
    g_assert_cmpint (kt_matcher_get_open (m, i), ==, 3000);

  /* Two numbers named: propose the oldest, apply nothing. */
  p = payment ("ф-ри 0000000050 и 0000000052", ALFA, "EUR", 6000);
  kt_matcher_match (m, &p, &r);
  assert_result (&r, KT_MATCH_PROPOSE, KT_MATCH_BY_NUMBER, 2, 0, 0);
  g_assert_cmpint (kt_matcher_get_open (m, 2), ==, 3000);

  /* One number on two invoices (an import gone wrong): two invoices
   * named, whichever way it is written, so the oldest is proposed. */
  {
    const KtMatchInvoice twins[] = {
      { "i0", "0000000060", ALFA, NULL, "EUR", "2026-10-05", 3000 },
      { "i1", "0000000060", BETA, NULL, "EUR", "2026-10-04", 3000 },
    };

    r = match_one (twins, 2, payment ("0000000060, ф-ра 60", NULL, "EUR", 3000));
    assert_result (&r, KT_MATCH_PROPOSE, KT_MATCH_BY_NUMBER, 1, 0, 0);
  }
}

static void
test_match_overpayment (void)
{
  const KtMatchInvoice invoices[] = {
    { "i0", "0000000042", ALFA, NULL, "EUR", "2026-10-02", 12000 },
  };
  g_autoptr(KtMatcher) m = kt_matcher_new (invoices, 1);
  KtMatchPayment p = payment ("Фактура 0000000042", NULL, "EUR", 15000);
  KtMatchResult r;

  kt_matcher_match (m, &p, &r);
  assert_result (&r, KT_MATCH_APPLY, KT_MATCH_BY_NUMBER, 0, 12000, 3000);
  g_assert_cmpint (kt_matcher_get_open (m, 0), ==, 0);
}

static void
test_match_currency (void)
{
  const KtMatchInvoice invoices[] = {
    { "i0", "0000000042", ALFA, NULL, "BGN", "2026-10-02", 12000 },
  };
  g_autoptr(KtMatcher) m = kt_matcher_new (invoices, 1);
  KtMatchPayment p = payment ("0000000042", ALFA, "EUR", 12000);
  KtMatchResult r;

  /* The number is there, the currency is not: a person decides. */
  kt_matcher_match (m, &p, &r);
  assert_result (&r, KT_MATCH_PROPOSE, KT_MATCH_BY_NUMBER, 0, 0, 0);
  g_assert_cmpint (kt_matcher_get_open (m, 0), ==, 12000);
}

static void
test_match_paid (void)
{
  const KtMatchInvoice invoices[] = {
    { "i0", "0000000042", ALFA, NULL, "EUR", "2026-10-02", 0 },
    { "i1", "0000000043", ALFA, NULL, "EUR", "2026-10-03", -500 },
  };
  KtMatchResult r;

  /* Paid already (or overpaid): proposed, never applied again. */
  r = match_one (invoices, 2, payment ("0000000042", ALFA, "EUR", 12000));
  assert_result (&r, KT_MATCH_PROPOSE, KT_MATCH_BY_NUMBER, 0, 0, 0);
  r = match_one (invoices, 2, payment ("0000000043", ALFA, "EUR", 500));
  assert_result (&r, KT_MATCH_PROPOSE, KT_MATCH_BY_NUMBER, 1, 0, 0);

  /* And a paid invoice has no open amount to match by. */
  r = match_one (invoices, 2, payment ("October", ALFA, "EUR", 0 + 1));
  assert_result (&r, KT_MATCH_NONE, 0, -1, 0, 0);
}

static void
test_match_draft (void)
{
  const KtMatchInvoice invoices[] = {
    { "i0", "", ALFA, NULL, "EUR", "2026-10-02", 12000 },
    { "i1", NULL, ALFA, NULL, "EUR", "2026-10-03", 13000 },
  };
  KtMatchResult r;

  /* Texts of separators only, or empty: a draft's empty number is never
   * found in them. */
  r = match_one (invoices, 2, payment ("", BETA, "EUR", 500));
  assert_result (&r, KT_MATCH_NONE, 0, -1, 0, 0);
  r = match_one (invoices, 2, payment ("№ -- / #", BETA, "EUR", 500));
  assert_result (&r, KT_MATCH_NONE, 0, -1, 0, 0);
  g_assert_false (kt_match_text_names ("Draft", ""));
  g_assert_false (kt_match_text_names ("", NULL));
}

static void
test_match_longer_number (void)
{
  const KtMatchInvoice invoices[] = {
    { "i0", "10", ALFA, NULL, "EUR", "2026-10-02", 12000 },
    { "i1", "0000000105", ALFA, NULL, "EUR", "2026-10-02", 500 },
  };
  KtMatchResult r;

  /* "10" is inside "2026-0000000105" and inside "0000000105", and
   * "0000000105" inside the first, but neither is a whole token there. */
  r = match_one (invoices, 2, payment ("2026-0000000105", BETA, "EUR", 700));
  assert_result (&r, KT_MATCH_NONE, 0, -1, 0, 0);
  r = match_one (invoices, 2, payment ("Ф-ра №00000001050", BETA, "EUR", 700));
  assert_result (&r, KT_MATCH_NONE, 0, -1, 0, 0);
  r = match_one (invoices, 2, payment ("1010 and 100", BETA, "EUR", 700));
  assert_result (&r, KT_MATCH_NONE, 0, -1, 0, 0);
  /* A letter glued on makes another word too. */
  r = match_one (invoices, 2, payment ("INV10", BETA, "EUR", 700));
  assert_result (&r, KT_MATCH_NONE, 0, -1, 0, 0);

  /* Separated, it is found. */
  r = match_one (invoices, 2, payment ("2026 / 10", BETA, "EUR", 700));
  assert_result (&r, KT_MATCH_APPLY, KT_MATCH_BY_NUMBER, 0, 700, 0);

  g_assert_false (kt_match_text_names ("2026-0000000105", "10"));
  g_assert_false (kt_match_text_names ("2026-0000000105", "0000000105"));
  g_assert_true (kt_match_text_names ("2026-0000000105", "2026-0000000105"));
}

static void
test_match_twice (void)
{
  const KtMatchInvoice invoices[] = {
    { "i0", "0000000042", ALFA, NULL, "EUR", "2026-10-02", 10000 },
  };
  g_autoptr(KtMatcher) m = kt_matcher_new (invoices, 1);
  KtMatchPayment p = payment ("0000000042", NULL, "EUR", 6000);
  KtMatchResult r;

  kt_matcher_match (m, &p, &r);
  assert_result (&r, KT_MATCH_APPLY, KT_MATCH_BY_NUMBER, 0, 6000, 0);

  /* The second payment sees the 40.00 still open: the rest is credit. */
  kt_matcher_match (m, &p, &r);
  assert_result (&r, KT_MATCH_APPLY, KT_MATCH_BY_NUMBER, 0, 4000, 2000);

  /* A third finds it paid: proposed only. */
  kt_matcher_match (m, &p, &r);
  assert_result (&r, KT_MATCH_PROPOSE, KT_MATCH_BY_NUMBER, 0, 0, 0);
  g_assert_cmpint (kt_matcher_get_open (m, 0), ==, 0);
}

static void
test_match_cyrillic (void)
{
  static const struct { const char *text; gboolean names; } cases[] = {
    { "Плащане по фактура №0000000042 от 15.11.2026г.", TRUE },
    { "ПЛАЩАНЕ ПО Ф-РА 0000000042/15.11.2026", TRUE },
    { "Ф-ра № 42", TRUE },
    { "ф-ра42", FALSE },             /* one word */
    { "фактура № 042", TRUE },
    { "No.42", TRUE },
    { "Invoice #42", TRUE },
    { "Плащане 42 лв.", FALSE },     /* no marker: 42 is not 0000000042 */
    { "фактура 42.00 лв.", TRUE },   /* the marker then 42, then 00 */
    { "плащане (0000000042)", TRUE },
    { "плащане за 0000000042а", FALSE },
    { "фактура 0", FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const KtMatchInvoice invoice = { "i0", "0000000042", ALFA, NULL, "EUR", "2026-10-02", 12000 };
      KtMatchResult r;

      g_test_message ("%s", cases[i].text);
      g_assert_cmpint (kt_match_text_names (cases[i].text, "0000000042"), ==, cases[i].names);
      r = match_one (&invoice, 1, payment (cases[i].text, BETA, "EUR", 500));
      if (cases[i].names)
        assert_result (&r, KT_MATCH_APPLY, KT_MATCH_BY_NUMBER, 0, 500, 0);
      else
        assert_result (&r, KT_MATCH_NONE, 0, -1, 0, 0);
    }

  /* A number of letters and digits needs the whole token: no marker
   * shortens it. */
  g_assert_false (kt_match_text_names ("фактура № 42", "ABC0000000042"));
  g_assert_true (kt_match_text_names ("фактура № АБВ-42", "абв-42"));
}

static void
test_match_invalid_utf8 (void)
{
  const KtMatchInvoice invoices[] = {
    { "i0", "0000000042", ALFA, "Алфа", "EUR", "2026-10-02", 12000 },
  };
  KtMatchPayment p = payment ("\xff\xfe 0000000042 \xc3", BETA, "EUR", 500);
  KtMatchResult r;

  r = match_one (invoices, 1, p);
  assert_result (&r, KT_MATCH_NONE, 0, -1, 0, 0);

  p.reference = NULL;
  p.description = "0000000042 \xd0";
  p.payer_name = "\xd0\xd0 Алфа";
  p.client_key = NULL;
  r = match_one (invoices, 1, p);
  assert_result (&r, KT_MATCH_NONE, 0, -1, 0, 0);
  g_assert_false (kt_match_text_names ("\xe2\x84 0000000042", "0000000042"));
}

static void
test_match_empty (void)
{
  g_autoptr(KtMatcher) m = kt_matcher_new (NULL, 0);
  KtMatchPayment p = payment ("0000000042", ALFA, "EUR", 500);
  KtMatchResult r;

  kt_matcher_match (m, &p, &r);
  assert_result (&r, KT_MATCH_NONE, 0, -1, 0, 0);
}

/* Many invoices and payments against a brute-force reading of the rules,
 * one payment at a time. */
static void
test_match_many (void)
{
  static const char * const clients[] = { ALFA, BETA, NULL };
  static const char * const currencies[] = { "EUR", "BGN" };
  g_autoptr(GRand) rand = g_rand_new_with_seed (13);
  g_autoptr(GPtrArray) strings = g_ptr_array_new_with_free_func (g_free);
  KtMatchInvoice invoices[300];
  gint64 open[G_N_ELEMENTS (invoices)];
  g_autoptr(KtMatcher) m = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (invoices); i++)
    {
      char *number = g_strdup_printf ("%010u", i + 1);
      char *date = g_strdup_printf ("2026-%02d-%02d", g_rand_int_range (rand, 1, 13),
                                    g_rand_int_range (rand, 1, 29));

      g_ptr_array_add (strings, number);
      g_ptr_array_add (strings, date);
      invoices[i] = (KtMatchInvoice) {
        .id = number, .number = number, .client_key = clients[g_rand_int_range (rand, 0, 2)],
        .currency = currencies[g_rand_int_range (rand, 0, 2)], .issue_date = date,
        .open = g_rand_int_range (rand, 1, 6) * 1000,
      };
      open[i] = invoices[i].open;
    }
  m = kt_matcher_new (invoices, G_N_ELEMENTS (invoices));

  for (guint k = 0; k < 600; k++)
    {
      guint target = g_rand_int_range (rand, 0, G_N_ELEMENTS (invoices));
      gboolean by_number = g_rand_boolean (rand);
      g_autofree char *ref = by_number ? g_strdup_printf ("ф-ра № %u", target + 1) : g_strdup ("x");
      KtMatchPayment p = payment (ref, clients[g_rand_int_range (rand, 0, 3)],
                                  currencies[g_rand_int_range (rand, 0, 2)],
                                  g_rand_int_range (rand, 1, 6) * 1000);
      KtMatchResult r;
      int expected = -1, oldest = -1, count = 0;
      KtMatchAction action = KT_MATCH_NONE;

      if (by_number)
        {
          expected = (int) target;
          action = open[target] > 0 && g_str_equal (invoices[target].currency, p.currency)
            ? KT_MATCH_APPLY : KT_MATCH_PROPOSE;
        }
      else if (p.client_key != NULL)
        {
          for (guint i = 0; i < G_N_ELEMENTS (invoices); i++)
            if (open[i] == p.amount && g_strcmp0 (invoices[i].client_key, p.client_key) == 0 &&
                g_str_equal (invoices[i].currency, p.currency))
              {
                count++;
                if (oldest < 0 || strcmp (invoices[i].issue_date, invoices[oldest].issue_date) < 0)
                  oldest = (int) i;
              }
          expected = oldest;
          action = count == 0 ? KT_MATCH_NONE : count == 1 ? KT_MATCH_APPLY : KT_MATCH_PROPOSE;
        }

      kt_matcher_match (m, &p, &r);
      g_assert_cmpint (r.action, ==, action);
      g_assert_cmpint (r.invoice, ==, expected);
      if (action == KT_MATCH_APPLY)
        {
          gint64 applied = MIN (p.amount, open[expected]);

          g_assert_cmpint (r.applied, ==, applied);
          g_assert_cmpint (r.credit, ==, p.amount - applied);
          open[expected] -= applied;
        }
      for (guint i = 0; i < G_N_ELEMENTS (invoices); i++)
        g_assert_cmpint (kt_matcher_get_open (m, i), ==, open[i]);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/match/reference", test_match_reference);
  g_test_add_func ("/match/amount", test_match_amount);
  g_test_add_func ("/match/partial", test_match_partial);
  g_test_add_func ("/match/several", test_match_several);
  g_test_add_func ("/match/overpayment", test_match_overpayment);
  g_test_add_func ("/match/currency", test_match_currency);
  g_test_add_func ("/match/paid", test_match_paid);
  g_test_add_func ("/match/draft", test_match_draft);
  g_test_add_func ("/match/longer-number", test_match_longer_number);
  g_test_add_func ("/match/twice", test_match_twice);
  g_test_add_func ("/match/cyrillic", test_match_cyrillic);
  g_test_add_func ("/match/invalid-utf8", test_match_invalid_utf8);
  g_test_add_func ("/match/empty", test_match_empty);
  g_test_add_func ("/match/many", test_match_many);

  return g_test_run ();
}
