/* bank-samples.h: bank statements the io and ui tests read
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

/* An export as Bulgarian banks write it: ';', "1 234,56", dd.mm.yyyy,
 * separate debit and credit columns. */
#define BANK_SAMPLE_CSV_BG \
  "Дата;Референция;Дебит;Кредит;Валута;Наредител;IBAN на наредител;Основание\r\n" \
  "25.11.2026;FT2632900001;;1 234,56;BGN;Стройинвест ООД;BG80BNBG96611020345678;Фактура № 0000000042\r\n" \
  "26.11.2026 10:15;FT2633000002;150,00;;BGN;Наем офис;;Наем ноември\r\n" \
  "27.11.2026;FT2633100003;;99,90;EUR;Ivan Petrov;DE89370400440532013000;INV 7\r\n"

/* A CAMT.053 statement (version 02): two credits, a debit, and the
 * second credit's bank reference repeated by a third credit. */
#define BANK_SAMPLE_CAMT_HEAD(version) \
  "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" \
  "<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.053.001." version "\">\n" \
  "<BkToCstmrStmt>\n" \
  "<GrpHdr><MsgId>MSG1</MsgId><CreDtTm>2026-11-28T08:00:00</CreDtTm></GrpHdr>\n" \
  "<Stmt><Id>STMT1</Id><Acct><Id><IBAN>BG18RZBB91550123456789</IBAN></Id><Ccy>BGN</Ccy></Acct>\n"

#define BANK_SAMPLE_CAMT_TAIL "</Stmt>\n</BkToCstmrStmt>\n</Document>\n"

#define BANK_SAMPLE_CAMT_ENTRY(ref, amount, ccy, ind, date, name, iban, ustrd, strd) \
  "<Ntry><Amt Ccy=\"" ccy "\">" amount "</Amt><CdtDbtInd>" ind "</CdtDbtInd><Sts>BOOK</Sts>" \
  "<BookgDt><Dt>" date "</Dt></BookgDt><ValDt><Dt>" date "</Dt></ValDt>" \
  "<AcctSvcrRef>" ref "</AcctSvcrRef>" \
  "<NtryDtls><TxDtls><RltdPties><Dbtr><Nm>" name "</Nm></Dbtr>" \
  "<DbtrAcct><Id><IBAN>" iban "</IBAN></Id></DbtrAcct></RltdPties>" \
  "<RmtInf><Ustrd>" ustrd "</Ustrd>" strd "</RmtInf></TxDtls></NtryDtls></Ntry>\n"

#define BANK_SAMPLE_CAMT \
  BANK_SAMPLE_CAMT_HEAD ("02") \
  BANK_SAMPLE_CAMT_ENTRY ("REF-001", "1234.56", "BGN", "CRDT", "2026-11-25", \
                          "Стройинвест ООД", "BG80BNBG96611020345678", \
                          "Плащане по фактура 0000000042", \
                          "<Strd><CdtrRefInf><Ref>0000000042</Ref></CdtrRefInf></Strd>") \
  BANK_SAMPLE_CAMT_ENTRY ("REF-002", "50.00", "BGN", "DBIT", "2026-11-26", \
                          "Наем", "BG80BNBG96611020345679", "Наем", "") \
  BANK_SAMPLE_CAMT_ENTRY ("REF-003", "99.90", "EUR", "CRDT", "2026-11-27", \
                          "Ivan Petrov &amp; Co", "DE89370400440532013000", "INV 7", "") \
  BANK_SAMPLE_CAMT_ENTRY ("REF-003", "99.90", "EUR", "CRDT", "2026-11-27", \
                          "Ivan Petrov &amp; Co", "DE89370400440532013000", "INV 7", "") \
  BANK_SAMPLE_CAMT_TAIL
