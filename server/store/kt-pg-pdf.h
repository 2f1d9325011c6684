/* kt-pg-pdf.h: what the PDF routes read
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kantora-shared.h"
#include "kt-pg.h"

G_BEGIN_DECLS

/* The change stamps a document's PDF depends on, in one round trip and
 * without loading the records: the document's, every line's (deleted ones
 * too: a deletion changes the page), a credit note's original invoice's
 * and the organization's (the seller block). NULL with a 404 error naming
 * @document's entity when @id is no live document of @org_id. */
char *kt_pg_pdf_stamp (KtPg           *pg,
                       const KtEntity *document,
                       const KtEntity *item,
                       const char     *org_id,
                       const char     *id,
                       GError        **error);

G_END_DECLS
