/* kt-vcard.h: vCard 2.1, 3.0 (RFC 2426) and 4.0 (RFC 6350), read and written
 *
 * The reader unfolds lines, splits properties into name, parameters and
 * value, decodes quoted-printable and non-UTF-8 charsets in 2.1-style input
 * and keeps the value escaped: structured values (N, ADR) must be split on
 * unescaped ';' before they are unescaped, so the caller asks for the
 * components it wants. The writer escapes and folds lines at 75 octets
 * without cutting a UTF-8 character in two.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  KT_VCARD_VERSION_3_0,
  KT_VCARD_VERSION_4_0,
} KtVCardVersion;

typedef struct {
  char  *name;    /* upper case, without its group: "TEL" */
  char **types;   /* TYPE parameter values, lower case, NULL-terminated */
  char  *value;   /* decoded to UTF-8 but still vCard-escaped */
} KtVCardProperty;

typedef struct _KtVCard KtVCard;

/* Parses every BEGIN:VCARD ... END:VCARD in @text into a GPtrArray of
 * KtVCard. Fails with KT_ERROR_MALFORMED naming the line for a card that
 * never ends, a property line without ':' or an unknown charset. */
GPtrArray  *kt_vcard_parse          (const char  *text,
                                     gssize       length,
                                     GError     **error);
void        kt_vcard_free           (KtVCard     *card);

/* "2.1", "3.0" or "4.0" as the card said. */
const char *kt_vcard_get_version    (KtVCard     *card);
/* The line of the input where the card begins. */
guint       kt_vcard_get_line       (KtVCard     *card);
GPtrArray  *kt_vcard_get_properties (KtVCard     *card);  /* of KtVCardProperty */
/* The first property called @name, or NULL. */
const KtVCardProperty *kt_vcard_get_property (KtVCard    *card,
                                              const char *name);
gboolean    kt_vcard_property_has_type (const KtVCardProperty *property,
                                        const char            *type);

/* Splits an escaped structured value on unescaped @sep (';' for the
 * components of N and ADR, ',' for CATEGORIES) and unescapes every part. */
char      **kt_vcard_split_value    (const char  *escaped,
                                     char         sep);
/* Unescapes \\, \n, \N, \, and \; */
char       *kt_vcard_unescape       (const char  *escaped);
/* Escapes '\\', ',', ';' and line breaks for a property value. */
char       *kt_vcard_escape         (const char  *text);

/* Appends "@line\r\n" to @out, folded so that no physical line is longer
 * than 75 octets; continuation lines start with one space. */
void        kt_vcard_append_folded  (GString     *out,
                                     const char  *line);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KtVCard, kt_vcard_free)

G_END_DECLS
