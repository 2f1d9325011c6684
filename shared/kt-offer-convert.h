/* kt-offer-convert.h: turning an accepted offer into an invoice
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kt-record.h"

G_BEGIN_DECLS

/* The id of the invoice made from the offer @offer_id, and of the invoice
 * line made from its line @offer_item_id: name-based, so every device that
 * converts the same offer makes the same records and sync merges them into
 * one invoice instead of two. */
char     *kt_offer_convert_invoice_id (const char *offer_id);
char     *kt_offer_convert_item_id    (const char *offer_id,
                                       const char *offer_item_id);

gboolean  kt_offer_convert            (KtRecord   *offer,
                                       GPtrArray  *offer_items,
                                       KtRecord  **out_invoice,
                                       GPtrArray **out_items,
                                       GError    **error);

G_END_DECLS
