/* kt-json-scan.h: a cursor over small, flat JSON texts
 *
 * json-glib builds a parser object, a tree of nodes and a hash table for
 * every text it reads. The store reads two small JSON texts a row (the
 * clocks object, a tags array), the server one (the clocks), and the
 * pull's page reader millions of scalars: they read them with this
 * scanner instead. It decodes strings (every escape, \u surrogate pairs
 * included), integers that fit in a gint64 and the three literals, and
 * says KT_JSON_SCAN_OTHER for whatever it does not decode exactly as
 * json-glib 1.6 reads it, for the caller to hand that text to json-glib
 * as before. fuzz/fuzz-json-scan.c holds it to that.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  KT_JSON_SCAN_BAD,       /* not JSON: broken, cut short, invalid UTF-8 */
  KT_JSON_SCAN_OTHER,     /* JSON this scanner leaves to json-glib: an object
                           * or array in a value, a number that is not a
                           * gint64, a string holding \u0000 or an unpaired
                           * surrogate escape */
  KT_JSON_SCAN_STRING,
  KT_JSON_SCAN_INT,
  KT_JSON_SCAN_TRUE,
  KT_JSON_SCAN_FALSE,
  KT_JSON_SCAN_NULL,
} KtJsonScanKind;

#define KT_JSON_SCAN_MASK(kind) (1u << (kind))
#define KT_JSON_SCAN_ANY_SCALAR (KT_JSON_SCAN_MASK (KT_JSON_SCAN_STRING) | \
                                 KT_JSON_SCAN_MASK (KT_JSON_SCAN_INT) |    \
                                 KT_JSON_SCAN_MASK (KT_JSON_SCAN_TRUE) |   \
                                 KT_JSON_SCAN_MASK (KT_JSON_SCAN_FALSE) |  \
                                 KT_JSON_SCAN_MASK (KT_JSON_SCAN_NULL))

typedef struct {
  KtJsonScanKind  kind;
  const char     *string;   /* KT_JSON_SCAN_STRING: decoded, NUL-terminated */
  gsize           len;      /* its length in bytes */
  gint64          number;   /* KT_JSON_SCAN_INT */
} KtJsonScalar;

KtJsonScanKind kt_json_scan_string (const char **p,
                                    const char  *end,
                                    char       **out);
KtJsonScanKind kt_json_scan_number (const char **p,
                                    const char  *end,
                                    gint64      *out);
KtJsonScanKind kt_json_scan_scalar (const char   **p,
                                    const char    *end,
                                    char         **out,
                                    KtJsonScalar  *value);

/* @name is NULL for an array's items. */
typedef gboolean (*KtJsonScanFunc) (const char         *name,
                                    const KtJsonScalar *value,
                                    gpointer            data);

gboolean kt_json_scan_object (const char     *text,
                              gsize           len,
                              guint           kinds,
                              KtJsonScanFunc  func,
                              gpointer        data);
gboolean kt_json_scan_array  (const char     *text,
                              gsize           len,
                              guint           kinds,
                              KtJsonScanFunc  func,
                              gpointer        data);

G_END_DECLS
