/* kt-qr.c: QR codes drawn as cairo vector rectangles (libqrencode)
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
  double x0 = x + KT_QR_QUIET_ZONE * module;
  double y0 = y + KT_QR_QUIET_ZONE * module;

  cairo_save (cr);
  cairo_new_path (cr);
  /* Each run of dark modules in a row is one line, stroked a module wide
   * with butt caps, all in one path so that neighbouring runs show no
   * seams. A line is two points where a rectangle is four or five, and
   * cairo prints every coordinate into the PDF one by one: this halves
   * the time the code takes in a PDF (bench/render). */
  for (guint row = 0; row < w; row++)
    {
      guint col = 0;
      double cy = y0 + (row + 0.5) * module;

      while (col < w)
        {
          guint start;

          if (!kt_qr_is_dark (qr, col, row))
            {
              col++;
              continue;
            }
          start = col;
          while (col < w && kt_qr_is_dark (qr, col, row))
            col++;
          cairo_move_to (cr, x0 + start * module, cy);
          cairo_line_to (cr, x0 + col * module, cy);
        }
    }
  cairo_set_line_width (cr, module);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_BUTT);
  cairo_stroke (cr);
  cairo_restore (cr);
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
