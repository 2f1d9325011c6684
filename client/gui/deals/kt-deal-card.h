/* kt-deal-card.h: one deal on the board, a recycled list row
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "kt-store.h"

G_BEGIN_DECLS

/* What a card shows besides the deal's own fields, resolved by the board
 * (names of the contact, company and owner; the stage's rotting period). */
typedef struct {
  const char *party;        /* "Ivan Petrov · Acme Ltd", or NULL */
  const char *owner;        /* "You", a colleague's name, or NULL */
  guint       rotting_days; /* 0: never stale */
} KtDealCardInfo;

#define KT_TYPE_DEAL_CARD (kt_deal_card_get_type ())
G_DECLARE_FINAL_TYPE (KtDealCard, kt_deal_card, KT, DEAL_CARD, GtkWidget)

GtkWidget  *kt_deal_card_new        (void);
/* Shows @deal (or clears the card when NULL, as the factory unbinds). */
void        kt_deal_card_set_deal   (KtDealCard           *self,
                                     KtRecord             *deal,
                                     const KtDealCardInfo *info);
KtRecord   *kt_deal_card_get_deal   (KtDealCard           *self);
gboolean    kt_deal_card_get_stale  (KtDealCard           *self);
gboolean    kt_deal_card_get_overdue (KtDealCard          *self);

/* TRUE when an open deal (@status NULL or "open") was expected to close
 * (@expected_close_date, YYYY-MM-DD) before @today (YYYY-MM-DD). */
gboolean    kt_deal_is_overdue      (const char *expected_close_date,
                                     const char *status,
                                     const char *today);

/* TRUE when a deal that entered its stage at @stage_changed_at (ISO 8601)
 * has been there longer than @rotting_days at @now. */
gboolean    kt_deal_is_stale        (const char *stage_changed_at,
                                     guint       rotting_days,
                                     GDateTime  *now);

G_END_DECLS
