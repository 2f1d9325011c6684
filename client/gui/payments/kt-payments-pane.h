/* kt-payments-pane.h: the Payments section
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kt-record-pane.h"

G_BEGIN_DECLS

#define KT_TYPE_PAYMENTS_PANE (kt_payments_pane_get_type ())
G_DECLARE_FINAL_TYPE (KtPaymentsPane, kt_payments_pane, KT, PAYMENTS_PANE, KtRecordPane)

/* The Filters popover's rows (tests): state (Any, Matched, Proposed,
 * Unmatched) and period (Any time, This month, Last month, This year). */
AdwComboRow *kt_payments_pane_get_state_filter  (KtPaymentsPane *self);
AdwComboRow *kt_payments_pane_get_period_filter (KtPaymentsPane *self);

G_END_DECLS
