/* kt-qr.c: QR codes drawn with cairo as 1-bit masks (libqrencode)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-qr"

#include "config.h"

#include <errno.h>
#include <qrencode.h>
#include <glib/gi18n.h>

#include "kt-epc.h"
#include "kt-error.h"
#include "kt-qr.h"

struct _KtQr {
  QRcode *code;
};

/**
 * kt_qr_new:
 * @payload: the text to encode
 * @error: KT_ERROR_TOO_LARGE when it does not fit
 *
 * Returns: (transfer full) (nullable): the encoded code
 */
KtQr *
kt_qr_new (const char  *payload,
           GError     **error)
{
  QRcode *code;
  KtQr *qr;

  g_return_val_if_fail (payload != NULL, NULL);

  /* 8-bit mode keeps the UTF-8 bytes as they are (the EPC payload declares
   * character set 1, UTF-8); version 0 picks the smallest that fits. */
  code = QRcode_encodeString8bit (payload, 0, QR_ECLEVEL_M);
  if (code == NULL)
    {
      g_set_error (error, KT_ERROR, KT_ERROR_TOO_LARGE,
                   _("The text is too long for a QR code (%s)"), g_strerror (errno));
      return NULL;
    }

  qr = g_new0 (KtQr, 1);
  qr->code = code;
  return qr;
}

void
kt_qr_free (KtQr *qr)
{
  if (qr == NULL)
    return;
  QRcode_free (qr->code);
  g_free (qr);
}

guint
kt_qr_get_width (const KtQr *qr)
{
  return (guint) qr->code->width;
}

gboolean
kt_qr_is_dark (const KtQr *qr,
               guint       x,
               guint       y)
{
  guint w = kt_qr_get_width (qr);

  g_return_val_if_fail (x < w && y < w, FALSE);
  /* The low bit of each byte is the module's colour (qrencode.h). */
  return (qr->code->data[y * w + x] & 1) != 0;
}

void
kt_qr_draw (const KtQr *qr,
            cairo_t    *cr,
            double      x,
            double      y,
            double      size)
{
  guint w = kt_qr_get_width (qr);
  double module = size / (w + 2 * KT_QR_QUIET_ZONE);
  cairo_surface_t *mask = cairo_image_surface_create (CAIRO_FORMAT_A1, w, w);
  unsigned char *data = cairo_image_surface_get_data (mask);
  int stride = cairo_image_surface_get_stride (mask);
  cairo_pattern_t *pattern;
  cairo_matrix_t matrix;

  /* One module a pixel of a 1-bit mask, scaled up without smoothing: in a
   * PDF that is a 41 × 41 stencil image (/ImageMask, /Interpolate false)
   * painted in the current colour, where a path of the 439 runs of dark
   * modules cost cairo a fifth of the whole PDF, analysing the stroke and
   * printing every coordinate (docs/performance.md). */
  cairo_surface_flush (mask);
  for (guint row = 0; row < w; row++)
    for (guint col = 0; col < w; col++)
      if (kt_qr_is_dark (qr, col, row))
        {
          /* A1 packs pixels into 32-bit words in the machine's byte order:
           * the first pixel is the lowest bit on little-endian machines. */
          guint bit = G_BYTE_ORDER == G_LITTLE_ENDIAN ? col % 8 : 7 - col % 8;

          data[row * stride + col / 8] |= 1u << bit;
        }
  cairo_surface_mark_dirty (mask);

  pattern = cairo_pattern_create_for_surface (mask);
  cairo_pattern_set_filter (pattern, CAIRO_FILTER_NEAREST);
  cairo_matrix_init_scale (&matrix, 1 / module, 1 / module);
  cairo_matrix_translate (&matrix, -(x + KT_QR_QUIET_ZONE * module),
                          -(y + KT_QR_QUIET_ZONE * module));
  cairo_pattern_set_matrix (pattern, &matrix);
  cairo_mask (cr, pattern);
  cairo_pattern_destroy (pattern);
  cairo_surface_destroy (mask);
}

/**
 * kt_qr_payload_for_invoice:
 * @invoice: an invoice record
 * @organization: (nullable): the seller, as GET /v1/organization answers
 * @error: why the invoice gets no code (translated)
 *
 * Returns: (transfer full) (nullable): the payment URL or the EPC payload
 */
char *
kt_qr_payload_for_invoice (KtRecord    *invoice,
                           JsonObject  *organization,
                           GError     **error)
{
  const char *url = kt_record_get_string (invoice, "payment_url");

  if (url != NULL && *url != '\0')
    return g_strdup (url);
  return kt_epc_payload_for_invoice (invoice, organization, error);
}
