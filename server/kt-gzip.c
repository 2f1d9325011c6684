/* kt-gzip.c: gzip for JSON answers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <zlib.h>

#include "kt-gzip.h"

static gboolean
coding_accepted (const char *item)
{
  g_auto(GStrv) parts = g_strsplit (item, ";", -1);
  const char *name = g_strstrip (parts[0]);

  if (g_ascii_strcasecmp (name, "gzip") != 0 && g_ascii_strcasecmp (name, "x-gzip") != 0 &&
      !g_str_equal (name, "*"))
    return FALSE;
  for (guint i = 1; parts[i] != NULL; i++)
    {
      const char *param = g_strstrip (parts[i]);

      if (g_ascii_strncasecmp (param, "q=", 2) == 0)
        return g_ascii_strtod (param + 2, NULL) > 0;
    }
  return TRUE;
}

gboolean
kt_gzip_accepted (const char *accept_encoding)
{
  g_auto(GStrv) items = NULL;

  if (accept_encoding == NULL)
    return FALSE;
  items = g_strsplit (accept_encoding, ",", -1);
  for (guint i = 0; items[i] != NULL; i++)
    {
      if (coding_accepted (items[i]))
        return TRUE;
    }
  return FALSE;
}

GBytes *
kt_gzip_compress (const char *data,
                  gsize       length)
{
  z_stream stream = { 0, };
  uLong bound;
  guchar *out;
  int rc;

  g_return_val_if_fail (data != NULL || length == 0, NULL);

  /* windowBits 15 + 16: a gzip header and trailer, not zlib's. */
  if (deflateInit2 (&stream, Z_BEST_SPEED, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
    return NULL;
  bound = deflateBound (&stream, length);
  out = g_malloc (bound);
  stream.next_in = (Bytef *) data;
  stream.avail_in = length;
  stream.next_out = out;
  stream.avail_out = bound;
  /* deflateBound() leaves room for the whole stream in one call. */
  rc = deflate (&stream, Z_FINISH);
  if (rc != Z_STREAM_END)
    {
      deflateEnd (&stream);
      g_free (out);
      return NULL;
    }
  deflateEnd (&stream);
  return g_bytes_new_take (out, stream.total_out);
}
