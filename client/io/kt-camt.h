/* kt-camt.h: ISO 20022 bank-to-customer statements (CAMT.053) read
 *
 * A CAMT.053 file (versions camt.053.001.02 to .08) holds statements
 * (Stmt), each with entries (Ntry). An entry whose CdtDbtInd is CRDT is a
 * payment received: its amount and currency (Amt Ccy), its booking date
 * (BookgDt, else ValDt), the bank's reference (AcctSvcrRef), and from its
 * transaction details (NtryDtls/TxDtls) the remittance text (RmtInf/Ustrd),
 * the structured reference (RmtInf/Strd/CdtrRefInf/Ref) and the payer
 * (RltdPties/Dbtr name, DbtrAcct IBAN). An entry that books several
 * transactions with an amount each becomes one line per transaction.
 * DBIT entries are counted and skipped.
 *
 * The file comes from outside, so the reader refuses a DOCTYPE (no
 * entities beyond XML's five are ever expanded), nesting deeper than
 * KT_CAMT_MAX_DEPTH, more than KT_CAMT_MAX_SIZE bytes, and text that is not
 * UTF-8, each with a translated message naming the problem and the line.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kt-bank-statement.h"

G_BEGIN_DECLS

#define KT_CAMT_MAX_SIZE  (32 * 1024 * 1024)
#define KT_CAMT_MAX_DEPTH 32

/* Whether @data looks like a CAMT.053 document (an XML file that names a
 * camt.053 namespace near its start): the import picks the reader by it. */
gboolean         kt_camt_sniff (const char  *data,
                                gsize        length);

/* Fails with KT_ERROR_MALFORMED (not XML, not UTF-8, a DOCTYPE, too deep),
 * KT_ERROR_TOO_LARGE, or KT_ERROR_INVALID (not a CAMT.053 statement, an
 * amount or date that does not read), the message naming the line. */
KtBankStatement *kt_camt_parse (const char  *data,
                                gsize        length,
                                GError     **error);

G_END_DECLS
