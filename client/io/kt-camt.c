/* kt-camt.c: ISO 20022 bank-to-customer statements (CAMT.053) read
 *
 * GMarkupParser (GLib) reads the XML: it expands no entity but XML's five
 * and character references, so a DOCTYPE is the only way in for entity
 * tricks, and it is refused. The reader keeps the stack of element names
 * (namespace prefixes dropped) and, inside an entry, the path below the
 * Ntry element, which says what a text is ("NtryDtls/TxDtls/RmtInf/Ustrd").
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-camt"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "kantora-shared.h"
#include "kt-camt.h"

#define CAMT_NAMESPACE "urn:iso:std:iso:20022:tech:xsd:camt.053.001."

/* The payment fields' limits (shared/kt-invoice.c). */
#define MAX_REFERENCE   200
#define MAX_DESCRIPTION 1000
#define MAX_PAYER_NAME  200
#define MAX_IBAN        34

typedef struct {
  char    *amount;      /* text of Amt, or NULL */
  char    *currency;
  guint    amount_line;
  GString *unstructured;
  char    *reference;
  char    *payer_name;
  char    *payer_iban;
  char    *bank_reference;
} Transaction;

typedef struct {
  const char *data;        /* the whole file, for positions */
  gsize      length;
  GPtrArray *stack;        /* of char*, local names */
  GString   *text;         /* text of the element being read */
  gboolean   root_seen;
  KtBankStatement *statement;

  /* The entry being read (Document/BkToCstmrStmt/Stmt/Ntry), if any. */
  gboolean   in_entry;
  guint      entry_line;
  char      *amount;
  char      *currency;
  guint      amount_line;
  char      *direction;
  char      *booking_date;
  char      *value_date;
  char      *bank_reference;
  GPtrArray *transactions; /* of Transaction */
  char      *pending_currency; /* the Ccy of the Amt being read */
} Reader;

static void
transaction_free (Transaction *tx)
{
  g_free (tx->amount);
  g_free (tx->currency);
  g_string_free (tx->unstructured, TRUE);
  g_free (tx->reference);
  g_free (tx->payer_name);
  g_free (tx->payer_iban);
  g_free (tx->bank_reference);
  g_free (tx);
}

static void
reset_entry (Reader *reader)
{
  reader->in_entry = FALSE;
  g_clear_pointer (&reader->amount, g_free);
  g_clear_pointer (&reader->currency, g_free);
  g_clear_pointer (&reader->direction, g_free);
  g_clear_pointer (&reader->booking_date, g_free);
  g_clear_pointer (&reader->value_date, g_free);
  g_clear_pointer (&reader->bank_reference, g_free);
  g_clear_pointer (&reader->pending_currency, g_free);
  g_ptr_array_set_size (reader->transactions, 0);
}

static guint
current_line (GMarkupParseContext *context)
{
  int line = 0;

  g_markup_parse_context_get_position (context, &line, NULL);
  return (guint) line;
}

static const char *
local_name (const char *name)
{
  const char *colon = strchr (name, ':');

  return colon ? colon + 1 : name;
}

/* The path below the Ntry element, "" for Ntry itself; NULL outside an
 * entry. */
static char *
entry_path (Reader *reader)
{
  GString *path;

  if (!reader->in_entry)
    return NULL;
  path = g_string_new (NULL);
  for (guint i = 4; i < reader->stack->len; i++)
    {
      if (path->len > 0)
        g_string_append_c (path, '/');
      g_string_append (path, reader->stack->pdata[i]);
    }
  return g_string_free (path, FALSE);
}

static gboolean
is_stack (Reader     *reader,
          guint       depth,
          const char *name)
{
  return reader->stack->len > depth && g_str_equal (reader->stack->pdata[depth], name);
}

static gboolean
check_namespace (const char  *element_name,
                 const char **names,
                 const char **values,
                 guint        line,
                 GError     **error)
{
  const char *colon = strchr (element_name, ':');
  g_autofree char *attribute = colon ? g_strdup_printf ("xmlns:%.*s", (int) (colon - element_name),
                                                        element_name)
                                     : g_strdup ("xmlns");

  for (guint i = 0; names[i] != NULL; i++)
    if (g_str_equal (names[i], attribute))
      {
        const char *version = values[i] + strlen (CAMT_NAMESPACE);

        if (g_str_has_prefix (values[i], CAMT_NAMESPACE) && strlen (version) == 2 &&
            version[0] == '0' && version[1] >= '2' && version[1] <= '8')
          return TRUE;
        g_set_error (error, KT_ERROR, KT_ERROR_INVALID,
                     _("Line %u: the file is not a CAMT.053 bank statement (versions 02 to 08): "
                       "its namespace is “%s”"), line, values[i]);
        return FALSE;
      }
  g_set_error (error, KT_ERROR, KT_ERROR_INVALID,
               _("Line %u: the file is not a CAMT.053 bank statement: it names no "
                 "ISO 20022 namespace"), line);
  return FALSE;
}

static void
on_start (GMarkupParseContext  *context,
          const char           *element_name,
          const char          **attribute_names,
          const char          **attribute_values,
          gpointer              user_data,
          GError              **error)
{
  Reader *reader = user_data;
  const char *name = local_name (element_name);
  g_autofree char *path = NULL;

  if (reader->stack->len >= KT_CAMT_MAX_DEPTH)
    {
      g_set_error (error, KT_ERROR, KT_ERROR_MALFORMED,
                   _("Line %u: the XML is nested deeper than %u elements, which no bank "
                     "statement is"), current_line (context), KT_CAMT_MAX_DEPTH);
      return;
    }

  if (!reader->root_seen)
    {
      reader->root_seen = TRUE;
      if (!g_str_equal (name, "Document"))
        {
          g_set_error (error, KT_ERROR, KT_ERROR_INVALID,
                       _("Line %u: the file is not a CAMT.053 bank statement: it starts with "
                         "<%s>, not <Document>"), current_line (context), name);
          return;
        }
      if (!check_namespace (element_name, attribute_names, attribute_values,
                            current_line (context), error))
        return;
    }
  else if (reader->stack->len == 1 && !g_str_equal (name, "BkToCstmrStmt"))
    {
      g_set_error (error, KT_ERROR, KT_ERROR_INVALID,
                   _("Line %u: the file is not a CAMT.053 bank statement: <%s> is not "
                     "<BkToCstmrStmt>"), current_line (context), name);
      return;
    }

  g_ptr_array_add (reader->stack, g_strdup (name));
  g_string_truncate (reader->text, 0);

  if (reader->stack->len == 4 && is_stack (reader, 2, "Stmt") && g_str_equal (name, "Ntry"))
    {
      reset_entry (reader);
      reader->in_entry = TRUE;
      reader->entry_line = current_line (context);
      return;
    }

  path = entry_path (reader);
  if (path == NULL)
    return;
  if (g_str_equal (path, "NtryDtls/TxDtls"))
    {
      Transaction *tx = g_new0 (Transaction, 1);

      tx->unstructured = g_string_new (NULL);
      g_ptr_array_add (reader->transactions, tx);
    }
  if (g_str_equal (name, "Amt"))
    {
      g_clear_pointer (&reader->pending_currency, g_free);
      for (guint i = 0; attribute_names[i] != NULL; i++)
        {
          if (!g_str_equal (local_name (attribute_names[i]), "Ccy"))
            continue;
          /* GMarkup lets an attribute repeat, which XML does not. */
          if (reader->pending_currency != NULL)
            {
              g_set_error (error, KT_ERROR, KT_ERROR_MALFORMED,
                           _("Line %u: an amount names its currency twice"), current_line (context));
              return;
            }
          reader->pending_currency = g_strstrip (g_strdup (attribute_values[i]));
        }
    }
}

static Transaction *
current_transaction (Reader *reader)
{
  if (reader->transactions->len == 0)
    return NULL;
  return reader->transactions->pdata[reader->transactions->len - 1];
}

static void
keep_first (char       **slot,
            const char  *text)
{
  if (*slot == NULL && *text != '\0')
    *slot = g_strdup (text);
}

static void
read_entry_text (Reader     *reader,
                 const char *path,
                 const char *text,
                 guint       line)
{
  Transaction *tx = current_transaction (reader);

  if (g_str_equal (path, "Amt"))
    {
      keep_first (&reader->amount, text);
      g_free (reader->currency);
      reader->currency = g_strdup (reader->pending_currency);
      reader->amount_line = line;
    }
  else if (g_str_equal (path, "CdtDbtInd"))
    keep_first (&reader->direction, text);
  else if (g_str_equal (path, "BookgDt/Dt") || g_str_equal (path, "BookgDt/DtTm"))
    keep_first (&reader->booking_date, text);
  else if (g_str_equal (path, "ValDt/Dt") || g_str_equal (path, "ValDt/DtTm"))
    keep_first (&reader->value_date, text);
  else if (g_str_equal (path, "AcctSvcrRef"))
    keep_first (&reader->bank_reference, text);
  else if (tx == NULL || !g_str_has_prefix (path, "NtryDtls/TxDtls/"))
    return;
  else if (g_str_equal (path, "NtryDtls/TxDtls/Amt") ||
           g_str_equal (path, "NtryDtls/TxDtls/AmtDtls/TxAmt/Amt"))
    {
      if (tx->amount == NULL && *text != '\0')
        {
          tx->amount = g_strdup (text);
          tx->currency = g_strdup (reader->pending_currency);
          tx->amount_line = line;
        }
    }
  else if (g_str_equal (path, "NtryDtls/TxDtls/RmtInf/Ustrd"))
    {
      if (*text != '\0')
        {
          if (tx->unstructured->len > 0)
            g_string_append_c (tx->unstructured, ' ');
          g_string_append (tx->unstructured, text);
        }
    }
  else if (g_str_equal (path, "NtryDtls/TxDtls/RmtInf/Strd/CdtrRefInf/Ref"))
    keep_first (&tx->reference, text);
  else if (g_str_equal (path, "NtryDtls/TxDtls/RltdPties/Dbtr/Nm") ||
           g_str_equal (path, "NtryDtls/TxDtls/RltdPties/Dbtr/Pty/Nm"))
    keep_first (&tx->payer_name, text);
  else if (g_str_equal (path, "NtryDtls/TxDtls/RltdPties/DbtrAcct/Id/IBAN"))
    keep_first (&tx->payer_iban, text);
  else if (g_str_equal (path, "NtryDtls/TxDtls/Refs/AcctSvcrRef"))
    keep_first (&tx->bank_reference, text);
}

static gboolean
parse_amount (const char  *text,
              const char  *currency,
              guint        line,
              gint64      *out,
              GError     **error)
{
  g_autoptr(GError) local_error = NULL;

  if (currency == NULL || kt_currency_lookup (currency) == NULL)
    {
      g_set_error (error, KT_ERROR, KT_ERROR_INVALID,
                   _("Line %u: the amount has no known currency (Ccy “%s”)"),
                   line, currency ? currency : "");
      return FALSE;
    }
  /* XML Schema decimals: a point, no groups, an optional sign. */
  if (!kt_money_parse (text, currency, '.', out, &local_error) || *out <= 0 ||
      strpbrk (text, ", \xC2\xE2") != NULL)
    {
      g_set_error (error, KT_ERROR, KT_ERROR_INVALID,
                   _("Line %u: “%s” is not an amount in %s"), line, text, currency);
      return FALSE;
    }
  return TRUE;
}

static KtBankEntry *
new_entry (Reader      *reader,
           const char  *date,
           Transaction *tx,
           guint        index)
{
  KtBankEntry *entry = g_new0 (KtBankEntry, 1);

  entry->line = reader->entry_line;
  entry->date = g_strdup (date);
  if (tx != NULL)
    {
      entry->reference = kt_bank_clean_text (tx->reference, MAX_REFERENCE);
      entry->description = kt_bank_clean_text (tx->unstructured->str, MAX_DESCRIPTION);
      entry->payer_name = kt_bank_clean_text (tx->payer_name, MAX_PAYER_NAME);
      entry->payer_iban = kt_bank_clean_text (tx->payer_iban, MAX_IBAN);
      entry->bank_reference = kt_bank_clean_text (tx->bank_reference, MAX_REFERENCE);
    }
  /* The transactions of a batch entry share the entry's reference: number
   * them so that each one is a payment of its own, and a re-import finds
   * each one again. */
  if (entry->bank_reference == NULL && reader->bank_reference != NULL)
    {
      g_autofree char *reference = index > 0
                                   ? g_strdup_printf ("%s/%u", reader->bank_reference, index)
                                   : g_strdup (reader->bank_reference);

      entry->bank_reference = kt_bank_clean_text (reference, MAX_REFERENCE);
    }
  return entry;
}

static gboolean
finish_entry (Reader  *reader,
              GError **error)
{
  const char *date_text = reader->booking_date ? reader->booking_date : reader->value_date;
  char date[11] = { 0 };
  gboolean batch;

  if (g_strcmp0 (reader->direction, "DBIT") == 0)
    {
      reader->statement->n_debits++;
      return TRUE;
    }
  if (g_strcmp0 (reader->direction, "CRDT") != 0)
    {
      g_set_error (error, KT_ERROR, KT_ERROR_INVALID,
                   _("Line %u: the entry says neither CRDT nor DBIT in CdtDbtInd"),
                   reader->entry_line);
      return FALSE;
    }
  if (date_text != NULL)
    g_strlcpy (date, date_text, sizeof date);
  if (!kt_date_is_valid (date))
    {
      g_set_error (error, KT_ERROR, KT_ERROR_INVALID,
                   _("Line %u: the entry has no booking or value date"), reader->entry_line);
      return FALSE;
    }
  if (reader->amount == NULL)
    {
      g_set_error (error, KT_ERROR, KT_ERROR_INVALID,
                   _("Line %u: the entry has no amount"), reader->entry_line);
      return FALSE;
    }

  /* A batch: several transactions, each with its amount. */
  batch = reader->transactions->len > 1;
  for (guint i = 0; batch && i < reader->transactions->len; i++)
    batch = ((Transaction *) reader->transactions->pdata[i])->amount != NULL;

  if (batch)
    {
      for (guint i = 0; i < reader->transactions->len; i++)
        {
          Transaction *tx = reader->transactions->pdata[i];
          gint64 amount;
          KtBankEntry *entry;

          if (!parse_amount (tx->amount, tx->currency ? tx->currency : reader->currency,
                             tx->amount_line, &amount, error))
            return FALSE;
          entry = new_entry (reader, date, tx, i + 1);
          entry->amount = amount;
          entry->currency = g_strdup (tx->currency ? tx->currency : reader->currency);
          g_ptr_array_add (reader->statement->entries, entry);
        }
    }
  else
    {
      gint64 amount;
      KtBankEntry *entry;

      if (!parse_amount (reader->amount, reader->currency, reader->amount_line, &amount, error))
        return FALSE;
      entry = new_entry (reader, date, current_transaction (reader) ?
                         reader->transactions->pdata[0] : NULL, 0);
      entry->amount = amount;
      entry->currency = g_strdup (reader->currency);
      g_ptr_array_add (reader->statement->entries, entry);
    }
  return TRUE;
}

static void
on_end (GMarkupParseContext  *context,
        const char           *element_name,
        gpointer              user_data,
        GError              **error)
{
  Reader *reader = user_data;
  g_autofree char *path = entry_path (reader);

  if (path != NULL && *path == '\0')
    {
      if (!finish_entry (reader, error))
        return;
      reset_entry (reader);
    }
  else if (path != NULL)
    {
      g_autofree char *text = g_strstrip (g_strdup (reader->text->str));

      read_entry_text (reader, path, text, current_line (context));
    }

  g_string_truncate (reader->text, 0);
  if (reader->stack->len > 0)
    g_ptr_array_set_size (reader->stack, reader->stack->len - 1);
}

static void
on_text (GMarkupParseContext  *context,
         const char           *text,
         gsize                 text_len,
         gpointer              user_data,
         GError              **error)
{
  Reader *reader = user_data;

  /* Only an entry's texts are kept; the rest of the statement (balances,
   * the account) is not needed. */
  if (reader->in_entry)
    g_string_append_len (reader->text, text, (gssize) text_len);
}

static void
on_passthrough (GMarkupParseContext  *context,
                const char           *text,
                gsize                 text_len,
                gpointer              user_data,
                GError              **error)
{
  if (text_len >= 2 && text[0] == '<' && text[1] == '!' &&
      !(text_len >= 4 && memcmp (text, "<!--", 4) == 0) &&
      !(text_len >= 9 && memcmp (text, "<![CDATA[", 9) == 0))
    {
      /* GMarkup reports where the next token starts, past the blanks
       * after the DOCTYPE: name the line where it starts in the file. */
      Reader *reader = user_data;
      g_autofree char *needle = g_strndup (text, MIN (text_len, 64));
      /* The file has no NUL: it passed the UTF-8 check. */
      const char *found = g_strstr_len (reader->data, (gssize) reader->length, needle);
      guint line = 1;

      for (const char *p = reader->data; found != NULL && p < found; p++)
        if (*p == '\n')
          line++;
      if (found == NULL)
        line = current_line (context);
      g_set_error (error, KT_ERROR, KT_ERROR_MALFORMED,
                   _("Line %u: the file declares a DOCTYPE, which bank statements never do; "
                     "it is refused for safety"), line);
    }
}

static const GMarkupParser parser = {
  .start_element = on_start,
  .end_element = on_end,
  .text = on_text,
  .passthrough = on_passthrough,
};

gboolean
kt_camt_sniff (const char *data,
               gsize       length)
{
  gsize head = MIN (length, 4096);
  gsize skip = 0;

  if (data == NULL)
    return FALSE;
  if (head >= 3 && memcmp (data, "\xEF\xBB\xBF", 3) == 0)
    skip = 3;
  while (skip < head && g_ascii_isspace (data[skip]))
    skip++;
  if (skip >= head || data[skip] != '<')
    return FALSE;
  return g_strstr_len (data, (gssize) head, "camt.053") != NULL;
}

KtBankStatement *
kt_camt_parse (const char  *data,
               gsize        length,
               GError     **error)
{
  g_autoptr(GMarkupParseContext) context = NULL;
  g_autoptr(GError) markup_error = NULL;
  const char *end = NULL;
  Reader reader = { 0 };
  KtBankStatement *result = NULL;

  g_return_val_if_fail (data != NULL || length == 0, NULL);

  if (length > KT_CAMT_MAX_SIZE)
    {
      g_set_error (error, KT_ERROR, KT_ERROR_TOO_LARGE,
                   _("The bank statement is larger than %u MB"), KT_CAMT_MAX_SIZE / 1024 / 1024);
      return NULL;
    }
  if (!g_utf8_validate_len (data, length, &end))
    {
      guint line = 1;

      for (const char *p = data; p < end; p++)
        if (*p == '\n')
          line++;
      g_set_error (error, KT_ERROR, KT_ERROR_MALFORMED,
                   _("Line %u: the file is not UTF-8 text (a byte that is not UTF-8, or a "
                     "NUL); a CAMT.053 statement is UTF-8"), line);
      return NULL;
    }
  if (length >= 3 && memcmp (data, "\xEF\xBB\xBF", 3) == 0)
    data += 3, length -= 3;

  reader.data = data;
  reader.length = length;
  reader.stack = g_ptr_array_new_with_free_func (g_free);
  reader.text = g_string_new (NULL);
  reader.transactions = g_ptr_array_new_with_free_func ((GDestroyNotify) transaction_free);
  reader.statement = kt_bank_statement_new ();

  context = g_markup_parse_context_new (&parser, 0, &reader, NULL);
  if (!g_markup_parse_context_parse (context, data, (gssize) length, &markup_error) ||
      !g_markup_parse_context_end_parse (context, &markup_error))
    {
      if (markup_error->domain == KT_ERROR)
        g_propagate_error (error, g_steal_pointer (&markup_error));
      else
        g_set_error (error, KT_ERROR, KT_ERROR_MALFORMED,
                     _("The file is not a readable XML bank statement: %s"),
                     markup_error->message);
    }
  else if (!reader.root_seen)
    g_set_error (error, KT_ERROR, KT_ERROR_INVALID,
                 _("The file is not a CAMT.053 bank statement: it holds no XML element"));
  else
    result = g_steal_pointer (&reader.statement);

  reset_entry (&reader);
  g_ptr_array_unref (reader.stack);
  g_string_free (reader.text, TRUE);
  g_ptr_array_unref (reader.transactions);
  kt_bank_statement_free (reader.statement);
  return result;
}
