/* kt-offers-pane.h: the Offers section
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kt-document-pane.h"

G_BEGIN_DECLS

#define KT_TYPE_OFFERS_PANE (kt_offers_pane_get_type ())
G_DECLARE_FINAL_TYPE (KtOffersPane, kt_offers_pane, KT, OFFERS_PANE, KtDocumentPane)

G_END_DECLS
