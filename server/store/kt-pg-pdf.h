/* kt-pg-pdf.h: what the PDF routes and the mail jobs read
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kantora-shared.h"
#include "kt-pg.h"
#include "kt-pg-sessions.h"

G_BEGIN_DECLS

/* The change stamps a document's PDF depends on, in one round trip and
 * without loading the records: the document's, every line's (deleted ones
 * too: a deletion changes the page), a credit note's original invoice's
 * the organization's (the seller block) and its default templates'. NULL with a 404 error naming
 * @document's entity when @id is no live document of @org_id.
 *
 * With @session_hash (a bearer token's hash), @session is filled from
 * that token's session (KT_PG_SESSION_SQL) in the same round trip
 * whenever the round trip succeeds, also when the answer is a 404: the
 * caller checks the session first (an unknown token is a 401, not a
 * 404) and uses the rest only when it is valid for @org_id. */
char *kt_pg_pdf_stamp (KtPg           *pg,
                       const KtEntity *document,
                       const KtEntity *item,
                       const char     *org_id,
                       const char     *id,
                       const char     *session_hash,
                       KtPgSession    *session,
                       GError        **error);

/* What a document's page shows: the document, its live lines, a credit
 * note's original invoice and the organization (the seller block). */
typedef struct {
  KtRecord   *document;
  GPtrArray  *items;      /* of KtRecord */
  KtRecord   *credited;   /* NULL unless a credit note names one */
  JsonObject *seller;
  /* The organization's templates marked default, of every kind: the
   * page is drawn with kt_document_template_pick_default()'s. */
  GPtrArray  *templates;  /* of KtRecord */
} KtPgPdfRecords;

void      kt_pg_pdf_records_clear (KtPgPdfRecords *records);

/* Reads what @id's page shows into @records (cleared by the caller),
 * in the caller's transaction; a 404 error naming @document's entity
 * when @id is no document of @org_id. The PDF route reads it in a
 * snapshot, the mail job inside its own transaction, so both draw the
 * same page from the same rows. */
gboolean  kt_pg_pdf_load          (KtPg            *pg,
                                   const KtEntity  *document,
                                   const KtEntity  *item,
                                   const char      *org_id,
                                   const char      *id,
                                   KtPgPdfRecords  *records,
                                   GError         **error);

/* The stamp and what the page shows, read together in one snapshot
 * (a read-only REPEATABLE READ transaction) and one round trip, so that
 * the stamp names exactly these records. Outside any transaction of the
 * caller's; errors and @session_hash as the two above. */
gboolean  kt_pg_pdf_read_snapshot (KtPg            *pg,
                                   const KtEntity  *document,
                                   const KtEntity  *item,
                                   const char      *org_id,
                                   const char      *id,
                                   const char      *session_hash,
                                   KtPgSession     *session,
                                   char           **stamp,
                                   KtPgPdfRecords  *records,
                                   GError         **error);

/* The ids of @org_id's issued documents of @document's kind (not draft,
 * not cancelled, not deleted), the most recently changed first, at most
 * @limit: the pages most likely opened next. */
GPtrArray *kt_pg_pdf_recent_issued (KtPg            *pg,
                                    const KtEntity  *document,
                                    const char      *org_id,
                                    guint            limit,
                                    GError         **error);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (KtPgPdfRecords, kt_pg_pdf_records_clear)

G_END_DECLS
