/* kt-qr.h: QR codes drawn with cairo as 1-bit masks (libqrencode)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <cairo.h>
#include <glib.h>
#include <json-glib/json-glib.h>

#include "kt-record.h"

G_BEGIN_DECLS

/* The quiet zone around the code, in modules (ISO/IEC 18004 asks for 4). */
#define KT_QR_QUIET_ZONE 4

/* An encoded QR code: @width x @width modules, without the quiet zone. */
typedef struct _KtQr KtQr;

/* Encodes @payload (UTF-8, 8-bit mode, error correction level M), or NULL
 * with KT_ERROR_TOO_LARGE when it does not fit in a version 40 code. */
KtQr     *kt_qr_new        (const char  *payload,
                            GError     **error);
void      kt_qr_free       (KtQr        *qr);
/* Modules on a side, without the quiet zone. */
guint     kt_qr_get_width  (const KtQr  *qr);
gboolean  kt_qr_is_dark    (const KtQr  *qr,
                            guint        x,
                            guint        y);

/* Draws the dark modules in the current source colour through a 1-bit
 * mask of one pixel a module, scaled without smoothing: the code and its
 * quiet zone make a square of @size at (@x, @y) in user units. */
void      kt_qr_draw       (const KtQr  *qr,
                            cairo_t     *cr,
                            double       x,
                            double       y,
                            double       size);

/* What an invoice's QR code carries: its "payment_url" when set, else its
 * EPC069-12 payload (kt_epc_payload_for_invoice()). NULL with the reason
 * when it gets no code. */
char     *kt_qr_payload_for_invoice (KtRecord    *invoice,
                                     JsonObject  *organization,
                                     GError     **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KtQr, kt_qr_free)

G_END_DECLS
