/* kt-epc.c: the EPC069-12 SEPA credit transfer QR payload ("BCD")
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-epc"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "kt-epc.h"
#include "kt-error.h"

/* The IBAN with spaces dropped and letters upper-cased, or NULL when it
 * holds anything but ASCII letters, digits and spaces. */
static char *
iban_normalize (const char *iban)
{
  GString *out = g_string_new (NULL);

  for (const char *p = iban; *p != '\0'; p++)
    {
      if (*p == ' ')
        continue;
      if (!g_ascii_isalnum (*p))
        {
          g_string_free (out, TRUE);
          return NULL;
        }
      g_string_append_c (out, g_ascii_toupper (*p));
    }

  return g_string_free (out, FALSE);
}

/* A static mod-97 check (ISO 7064 MOD 97-10): no shared IBAN helper
 * exists yet; when one lands, this gives way to it. */
static gboolean
iban_check_normalized (const char *iban)
{
  gsize len = strlen (iban);
  guint remainder = 0;

  if (len < 15 || len > 34)
    return FALSE;
  if (!g_ascii_isupper (iban[0]) || !g_ascii_isupper (iban[1]) ||
      !g_ascii_isdigit (iban[2]) || !g_ascii_isdigit (iban[3]))
    return FALSE;

  /* The country and check digits move to the end; letters count as
   * 10..35. The remainder is carried digit by digit, so it never
   * overflows. */
  for (gsize i = 0; i < len; i++)
    {
      char c = iban[(i + 4) % len];

      if (g_ascii_isdigit (c))
        remainder = (remainder * 10 + (guint) (c - '0')) % 97;
      else if (g_ascii_isupper (c))
        remainder = (remainder * 100 + (guint) (c - 'A' + 10)) % 97;
      else
        return FALSE;
    }

  return remainder == 1;
}

gboolean
kt_epc_iban_is_valid (const char *iban)
{
  g_autofree char *norm = NULL;

  if (iban == NULL)
    return FALSE;
  norm = iban_normalize (iban);
  return norm != NULL && iban_check_normalized (norm);
}

gboolean
kt_epc_bic_is_valid (const char *bic)
{
  gsize len;

  if (bic == NULL)
    return FALSE;
  len = strlen (bic);
  if (len != 8 && len != 11)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    {
      if (i < 6 ? !g_ascii_isupper (bic[i])
                : !(g_ascii_isupper (bic[i]) || g_ascii_isdigit (bic[i])))
        return FALSE;
    }

  return TRUE;
}

/* Text for one line of the payload: valid UTF-8 without control
 * characters (a line break would shift every later line). The caller
 * checks the length, with a message of its own. */
static gboolean
check_line (const char  *value,
            const char  *field,
            GError     **error)
{
  if (!g_utf8_validate (value, -1, NULL))
    {
      kt_record_set_field_error (error, field,
                                 _("The payment QR code can hold only valid UTF-8 text"));
      return FALSE;
    }
  for (const char *p = value; *p != '\0'; p = g_utf8_next_char (p))
    {
      if (g_unichar_iscntrl (g_utf8_get_char (p)))
        {
          kt_record_set_field_error (error, field,
                                     _("The payment QR code cannot hold line breaks or control characters"));
          return FALSE;
        }
    }
  return TRUE;
}

static gboolean
is_empty (const char *s)
{
  return s == NULL || *s == '\0';
}

/**
 * kt_epc_payload:
 * @transfer: the credit transfer
 * @error: a translated KT_ERROR_INVALID naming the part that is wrong
 *
 * Returns: (transfer full) (nullable): the EPC069-12 version 002 payload,
 * lines joined by LF, without a trailing LF
 */
char *
kt_epc_payload (const KtEpcTransfer  *transfer,
                GError              **error)
{
  g_autofree char *iban = NULL;
  g_autoptr(GString) out = NULL;

  g_return_val_if_fail (transfer != NULL, NULL);

  if (is_empty (transfer->name))
    {
      kt_record_set_field_error (error, "name",
                                 _("The payment QR code needs the beneficiary’s name"));
      return NULL;
    }
  if (!check_line (transfer->name, "name", error))
    return NULL;
  if (g_utf8_strlen (transfer->name, -1) > KT_EPC_NAME_MAX)
    {
      kt_record_set_field_error (error, "name",
                                 _("The beneficiary’s name in a payment QR code is at most %u characters long"),
                                 (guint) KT_EPC_NAME_MAX);
      return NULL;
    }

  iban = transfer->iban != NULL ? iban_normalize (transfer->iban) : NULL;
  if (is_empty (iban))
    {
      kt_record_set_field_error (error, "iban", _("The payment QR code needs an IBAN"));
      return NULL;
    }
  if (!iban_check_normalized (iban))
    {
      kt_record_set_field_error (error, "iban",
                                 _("“%s” is not a valid IBAN (check the digits)"),
                                 transfer->iban);
      return NULL;
    }

  if (!is_empty (transfer->bic) && !kt_epc_bic_is_valid (transfer->bic))
    {
      kt_record_set_field_error (error, "bic",
                                 _("“%s” is not a valid BIC: 8 or 11 letters and digits"),
                                 transfer->bic);
      return NULL;
    }

  if (transfer->amount < 1 || transfer->amount > KT_EPC_AMOUNT_MAX)
    {
      kt_record_set_field_error (error, "amount",
                                 _("The amount of a payment QR code must be between 0.01 and 999999999.99 EUR"));
      return NULL;
    }

  if (!is_empty (transfer->reference) && !is_empty (transfer->text))
    {
      kt_record_set_field_error (error, "reference",
                                 _("A payment QR code carries either a structured reference or a text, not both"));
      return NULL;
    }
  if (!is_empty (transfer->reference) && !check_line (transfer->reference, "reference", error))
    return NULL;
  if (!is_empty (transfer->reference) &&
      g_utf8_strlen (transfer->reference, -1) > KT_EPC_REFERENCE_MAX)
    {
      kt_record_set_field_error (error, "reference",
                                 _("The structured reference of a payment QR code is at most %u characters long"),
                                 (guint) KT_EPC_REFERENCE_MAX);
      return NULL;
    }
  if (!is_empty (transfer->text) && !check_line (transfer->text, "text", error))
    return NULL;
  if (!is_empty (transfer->text) && g_utf8_strlen (transfer->text, -1) > KT_EPC_TEXT_MAX)
    {
      kt_record_set_field_error (error, "text",
                                 _("The remittance text of a payment QR code is at most %u characters long"),
                                 (guint) KT_EPC_TEXT_MAX);
      return NULL;
    }

  out = g_string_new (NULL);
  g_string_append (out, "BCD\n002\n1\nSCT\n");
  g_string_append_printf (out, "%s\n", is_empty (transfer->bic) ? "" : transfer->bic);
  g_string_append_printf (out, "%s\n", transfer->name);
  g_string_append_printf (out, "%s\n", iban);
  g_string_append_printf (out, "EUR%" G_GINT64_FORMAT ".%02d\n",
                          transfer->amount / 100, (int) (transfer->amount % 100));
  /* The purpose code stays empty. */
  g_string_append (out, "\n");
  g_string_append_printf (out, "%s\n", is_empty (transfer->reference) ? "" : transfer->reference);
  g_string_append (out, is_empty (transfer->text) ? "" : transfer->text);
  /* Trailing empty lines may be left out (EPC069-12, 3.3). */
  while (out->len > 0 && out->str[out->len - 1] == '\n')
    g_string_truncate (out, out->len - 1);

  if (out->len > KT_EPC_PAYLOAD_MAX)
    {
      kt_record_set_field_error (error, "text",
                                 _("The payment QR code would be longer than %u bytes"),
                                 (guint) KT_EPC_PAYLOAD_MAX);
      return NULL;
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}

static const char *
org_string (JsonObject *org,
            const char *member)
{
  JsonNode *node = org != NULL ? json_object_get_member (org, member) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

/**
 * kt_epc_payload_for_invoice:
 * @invoice: an invoice record
 * @organization: (nullable): the seller, as GET /v1/organization answers
 * @error: why the invoice gets no EPC code (translated)
 *
 * Returns: (transfer full) (nullable): the invoice's EPC payload
 */
char *
kt_epc_payload_for_invoice (KtRecord    *invoice,
                            JsonObject  *organization,
                            GError     **error)
{
  const char *currency = kt_record_get_string (invoice, "currency");
  const char *number = kt_record_get_string (invoice, "number");
  KtEpcTransfer transfer = { 0 };

  if (g_strcmp0 (currency != NULL ? currency : "EUR", "EUR") != 0)
    {
      kt_record_set_field_error (error, "currency",
                                 _("Payment QR codes are for euro invoices only; this one is in %s"),
                                 currency);
      return NULL;
    }
  if (is_empty (org_string (organization, "iban")))
    {
      kt_record_set_field_error (error, "iban",
                                 _("The organization has no IBAN for the payment QR code"));
      return NULL;
    }
  if (kt_record_get_int (invoice, "total") <= 0)
    {
      kt_record_set_field_error (error, "total",
                                 _("A payment QR code needs a total above zero"));
      return NULL;
    }

  transfer.bic = org_string (organization, "bic");
  transfer.name = org_string (organization, "name");
  transfer.iban = org_string (organization, "iban");
  transfer.amount = kt_record_get_int (invoice, "total");
  transfer.text = number;
  return kt_epc_payload (&transfer, error);
}
