/* kt-match.h: matching payments to open invoices
 *
 * One algorithm for the client (offline) and the server: the rules are in
 * docs/money.md, "Payment matching". Pure GLib: the caller reads the open
 * invoices and the unmatched payments from its store, hands them over as
 * plain structs, and writes what the matcher decides.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct {
  const char *id;          /* invoice record id */
  const char *number;      /* "" or NULL for drafts: never matched by number */
  const char *client_key;  /* company_id, else contact_id, else NULL */
  const char *client_name; /* for payers without a client key: normalised comparison */
  const char *currency;
  const char *issue_date;  /* YYYY-MM-DD: "oldest" */
  gint64      open;        /* kt_invoice_open_amount() */
} KtMatchInvoice;

typedef struct {
  const char *id;
  const char *reference;
  const char *description;
  const char *client_key;  /* the payment's company_id/contact_id, if any */
  const char *payer_name;
  const char *currency;
  gint64      amount;
} KtMatchPayment;

typedef enum {
  KT_MATCH_NONE,
  KT_MATCH_APPLY,
  KT_MATCH_PROPOSE,
} KtMatchAction;

typedef enum {
  KT_MATCH_BY_NUMBER,
  KT_MATCH_BY_AMOUNT,
} KtMatchReason;

typedef struct {
  KtMatchAction action;
  KtMatchReason reason;
  int           invoice;   /* index into the invoices given, -1 for NONE */
  gint64        applied;   /* what reduces the invoice's open amount (APPLY) */
  gint64        credit;    /* what is left as credit (overpayment) */
} KtMatchResult;

typedef struct _KtMatcher KtMatcher;

/* Indexes @invoices (by number, and by client, currency and open amount).
 * The matcher points into @invoices and their strings: keep them alive
 * and unchanged until kt_matcher_free(). */
KtMatcher *kt_matcher_new      (const KtMatchInvoice *invoices,
                                guint                 n_invoices);
/* Matches one payment; an APPLY lowers that invoice's open amount inside
 * the matcher, so the next payment sees it. Give the payments oldest
 * first: an earlier payment then settles an invoice before a later one. */
void       kt_matcher_match    (KtMatcher            *m,
                                const KtMatchPayment *payment,
                                KtMatchResult        *out);
/* The open amount of invoice @invoice after the payments matched so far. */
gint64     kt_matcher_get_open (KtMatcher            *m,
                                guint                 invoice);
void       kt_matcher_free     (KtMatcher            *m);

/* TRUE when @text names @number by the rules of kt_matcher_match() (a
 * whole token, or the digits without leading zeros after a marker such as
 * "№" or "фактура"). For a person's search box and the tests; the
 * matcher itself looks every token up in its index instead. */
gboolean   kt_match_text_names (const char           *text,
                                const char           *number);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KtMatcher, kt_matcher_free)

G_END_DECLS
