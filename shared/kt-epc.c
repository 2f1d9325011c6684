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
#include "kt-iban.h"

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
  g_autoptr(GError) local = NULL;
  g_autofree char *bic = NULL;

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

  if (is_empty (transfer->iban))
    {
      kt_record_set_field_error (error, "iban", _("The payment QR code needs an IBAN"));
      return NULL;
    }
  if (!kt_iban_validate (transfer->iban, &local))
    {
      kt_error_set_field (local, "iban");
      g_propagate_error (error, g_steal_pointer (&local));
      return NULL;
    }
  iban = kt_iban_compact (transfer->iban);

  if (!is_empty (transfer->bic) && !kt_bic_validate (transfer->bic, &local))
    {
      kt_error_set_field (local, "bic");
      g_propagate_error (error, g_steal_pointer (&local));
      return NULL;
    }
  if (!is_empty (transfer->bic))
    bic = g_ascii_strup (transfer->bic, -1);

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
  g_string_append_printf (out, "%s\n", bic != NULL ? bic : "");
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
