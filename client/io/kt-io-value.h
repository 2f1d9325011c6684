/* kt-io-value.h: field values to and from the text of a CSV cell
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "kantora-shared.h"

G_BEGIN_DECLS

/* Reads @text (already trimmed, not empty) as a value of @field: numbers,
 * money with '.' or ',' decimals in @currency, yes/no in English and
 * Bulgarian, dates as YYYY-MM-DD or DD.MM.YYYY, tags split on ',' or ';',
 * enum choices case-insensitively, web addresses without "https://".
 * Fails with KT_ERROR_INVALID and a translated message naming @label. */
JsonNode *kt_io_value_from_text (const KtField *field,
                                 const char    *label,
                                 const char    *text,
                                 const char    *currency,
                                 GError       **error);

/* The text of a stored value for a CSV cell, in a form
 * kt_io_value_from_text() reads back; NULL for an unset value. */
char     *kt_io_value_to_text   (KtFieldType    type,
                                 JsonNode      *node,
                                 const char    *currency);

/* "YYYY-MM-DD" for a date written as 2026-11-25 or 25.11.2026 (what
 * spreadsheets and Bulgarian banks write), NULL for anything else or an
 * impossible date. */
char     *kt_io_parse_date      (const char    *text);

G_END_DECLS
