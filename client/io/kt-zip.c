/* kt-zip.c: a small ZIP writer and a guarded ZIP reader
 *
 * The format is PKWARE's APPNOTE: local headers, then the central
 * directory, then the end-of-central-directory record, all little-endian.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-zip"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>
#include <zlib.h>

#include "kantora-shared.h"
#include "kt-zip.h"

#define SIG_LOCAL   0x04034b50u
#define SIG_CENTRAL 0x02014b50u
#define SIG_END     0x06054b50u
#define LOCAL_SIZE   30
#define CENTRAL_SIZE 46
#define END_SIZE     22
#define MAX_NAME     255
/* Bit 11: the names are UTF-8. */
#define FLAG_UTF8    0x0800
#define FLAG_ENCRYPTED 0x0001
#define METHOD_STORED  0
#define METHOD_DEFLATE 8

typedef struct {
  char    *name;
  guint32  crc;
  guint32  compressed;
  guint32  size;
  guint32  offset;
  guint16  method;
} Entry;

static void
entry_clear (gpointer data)
{
  Entry *entry = data;

  g_free (entry->name);
}

struct _KtZipWriter {
  GByteArray *out;
  GArray     *entries;   /* of Entry */
  guint16     dos_time, dos_date;
};

static void
put16 (GByteArray *out,
       guint16     value)
{
  guint8 b[2] = { value & 0xff, value >> 8 };

  g_byte_array_append (out, b, 2);
}

static void
put32 (GByteArray *out,
       guint32     value)
{
  guint8 b[4] = { value & 0xff, (value >> 8) & 0xff, (value >> 16) & 0xff, value >> 24 };

  g_byte_array_append (out, b, 4);
}

KtZipWriter *
kt_zip_writer_new (void)
{
  KtZipWriter *writer = g_new0 (KtZipWriter, 1);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  writer->out = g_byte_array_new ();
  writer->entries = g_array_new (FALSE, TRUE, sizeof (Entry));
  g_array_set_clear_func (writer->entries, entry_clear);
  /* MS-DOS time has 2-second steps and starts in 1980. */
  writer->dos_time = (g_date_time_get_hour (now) << 11) | (g_date_time_get_minute (now) << 5) |
                     (g_date_time_get_second (now) / 2);
  writer->dos_date = ((MAX (g_date_time_get_year (now), 1980) - 1980) << 9) |
                     (g_date_time_get_month (now) << 5) | g_date_time_get_day_of_month (now);
  return writer;
}

void
kt_zip_writer_free (KtZipWriter *writer)
{
  if (writer == NULL)
    return;
  if (writer->out != NULL)
    g_byte_array_unref (writer->out);
  g_array_unref (writer->entries);
  g_free (writer);
}

static GByteArray *
deflate_bytes (const void *data,
               gsize       length)
{
  z_stream z = { 0 };
  GByteArray *out = g_byte_array_new ();
  int status;

  /* Raw deflate (negative window bits): ZIP keeps its own headers. */
  if (deflateInit2 (&z, Z_DEFAULT_COMPRESSION, Z_DEFLATED, -MAX_WBITS, 8,
                    Z_DEFAULT_STRATEGY) != Z_OK)
    g_error ("zlib: deflateInit2 failed");

  g_byte_array_set_size (out, deflateBound (&z, length));
  z.next_in = (Bytef *) data;
  z.avail_in = length;
  z.next_out = out->data;
  z.avail_out = out->len;
  status = deflate (&z, Z_FINISH);
  g_assert (status == Z_STREAM_END);
  g_byte_array_set_size (out, z.total_out);
  deflateEnd (&z);
  return out;
}

void
kt_zip_writer_add (KtZipWriter *writer,
                   const char  *name,
                   const void  *data,
                   gsize        length)
{
  g_autoptr(GByteArray) packed = NULL;
  Entry entry = { 0 };
  gsize name_length;

  g_return_if_fail (writer != NULL && writer->out != NULL);
  g_return_if_fail (name != NULL && g_utf8_validate (name, -1, NULL));
  name_length = strlen (name);
  g_return_if_fail (name_length > 0 && name_length <= MAX_NAME);
  g_return_if_fail (length < G_MAXUINT32);

  packed = deflate_bytes (data, length);
  entry.name = g_strdup (name);
  entry.crc = crc32 (crc32 (0, NULL, 0), data, length);
  entry.size = length;
  /* Stored when deflate does not pay, as for tiny or random data. */
  entry.method = packed->len < length ? METHOD_DEFLATE : METHOD_STORED;
  entry.compressed = entry.method == METHOD_DEFLATE ? packed->len : length;
  g_return_if_fail ((guint64) writer->out->len + LOCAL_SIZE + name_length + entry.compressed < G_MAXUINT32);
  entry.offset = writer->out->len;

  put32 (writer->out, SIG_LOCAL);
  put16 (writer->out, 20);              /* version needed: 2.0 */
  put16 (writer->out, FLAG_UTF8);
  put16 (writer->out, entry.method);
  put16 (writer->out, writer->dos_time);
  put16 (writer->out, writer->dos_date);
  put32 (writer->out, entry.crc);
  put32 (writer->out, entry.compressed);
  put32 (writer->out, entry.size);
  put16 (writer->out, name_length);
  put16 (writer->out, 0);               /* extra field */
  g_byte_array_append (writer->out, (const guint8 *) name, name_length);
  if (entry.method == METHOD_DEFLATE)
    g_byte_array_append (writer->out, packed->data, packed->len);
  else
    g_byte_array_append (writer->out, data, length);

  g_array_append_val (writer->entries, entry);
}

GBytes *
kt_zip_writer_finish (KtZipWriter *writer)
{
  guint32 directory_offset;

  g_return_val_if_fail (writer != NULL && writer->out != NULL, NULL);

  directory_offset = writer->out->len;
  for (guint i = 0; i < writer->entries->len; i++)
    {
      const Entry *entry = &g_array_index (writer->entries, Entry, i);
      gsize name_length = strlen (entry->name);

      put32 (writer->out, SIG_CENTRAL);
      put16 (writer->out, (3 << 8) | 20); /* made by: Unix, 2.0 */
      put16 (writer->out, 20);
      put16 (writer->out, FLAG_UTF8);
      put16 (writer->out, entry->method);
      put16 (writer->out, writer->dos_time);
      put16 (writer->out, writer->dos_date);
      put32 (writer->out, entry->crc);
      put32 (writer->out, entry->compressed);
      put32 (writer->out, entry->size);
      put16 (writer->out, name_length);
      put16 (writer->out, 0);             /* extra */
      put16 (writer->out, 0);             /* comment */
      put16 (writer->out, 0);             /* disk */
      put16 (writer->out, 0);             /* internal attributes */
      put32 (writer->out, 0100644u << 16); /* external: a regular file, rw-r--r-- */
      put32 (writer->out, entry->offset);
      g_byte_array_append (writer->out, (const guint8 *) entry->name, name_length);
    }

  put32 (writer->out, SIG_END);
  put16 (writer->out, 0);
  put16 (writer->out, 0);
  put16 (writer->out, writer->entries->len);
  put16 (writer->out, writer->entries->len);
  put32 (writer->out, writer->out->len - directory_offset - 12);
  put32 (writer->out, directory_offset);
  put16 (writer->out, 0);

  return g_byte_array_free_to_bytes (g_steal_pointer (&writer->out));
}

/* Reader */

struct _KtZipReader {
  GBytes       *data;
  const guint8 *bytes;
  gsize         length;
  GArray       *entries;   /* of Entry */
};

static guint16
get16 (const guint8 *p)
{
  return p[0] | (p[1] << 8);
}

static guint32
get32 (const guint8 *p)
{
  return (guint32) p[0] | ((guint32) p[1] << 8) | ((guint32) p[2] << 16) | ((guint32) p[3] << 24);
}

static gboolean
malformed (GError    **error,
           const char *what)
{
  g_set_error (error, KT_ERROR, KT_ERROR_MALFORMED,
               _("The file is not a ZIP archive Kantora can read: %s"), what);
  return FALSE;
}

static gboolean
read_directory (KtZipReader  *reader,
                GError      **error)
{
  const guint8 *p = reader->bytes;
  gsize length = reader->length;
  gsize end = G_MAXSIZE;
  guint32 n_entries, directory_size, directory_offset;
  gsize at;
  g_autoptr(GHashTable) names = g_hash_table_new (g_str_hash, g_str_equal);

  if (length < END_SIZE)
    return malformed (error, _("it is too short"));

  /* The end record is the last 22 bytes, unless a comment (at most
   * 65535 bytes) follows it. */
  for (gsize i = length - END_SIZE + 1; i-- > 0 && length - i <= END_SIZE + 0xffff;)
    if (get32 (p + i) == SIG_END && i + END_SIZE + get16 (p + i + 20) == length)
      {
        end = i;
        break;
      }
  if (end == G_MAXSIZE)
    return malformed (error, _("its directory is missing"));

  n_entries = get16 (p + end + 10);
  directory_size = get32 (p + end + 12);
  directory_offset = get32 (p + end + 16);
  if (get16 (p + end + 4) != 0 || get16 (p + end + 6) != 0 || get16 (p + end + 8) != n_entries)
    return malformed (error, _("it spans several disks"));
  if (n_entries == 0xffff || directory_offset == 0xffffffffu)
    return malformed (error, _("ZIP64 archives are not supported"));
  if (n_entries > KT_ZIP_MAX_ENTRIES)
    return malformed (error, _("it has too many entries"));
  if ((guint64) directory_offset + directory_size > end)
    return malformed (error, _("its directory lies outside the file"));

  at = directory_offset;
  for (guint i = 0; i < n_entries; i++)
    {
      Entry entry = { 0 };
      guint16 flags, name_length, extra_length, comment_length;

      if (at + CENTRAL_SIZE > (gsize) directory_offset + directory_size ||
          get32 (p + at) != SIG_CENTRAL)
        return malformed (error, _("its directory is damaged"));
      flags = get16 (p + at + 8);
      entry.method = get16 (p + at + 10);
      entry.crc = get32 (p + at + 16);
      entry.compressed = get32 (p + at + 20);
      entry.size = get32 (p + at + 24);
      name_length = get16 (p + at + 28);
      extra_length = get16 (p + at + 30);
      comment_length = get16 (p + at + 32);
      entry.offset = get32 (p + at + 42);

      if (at + CENTRAL_SIZE + name_length + extra_length + comment_length >
          (gsize) directory_offset + directory_size)
        return malformed (error, _("its directory is damaged"));
      if (flags & FLAG_ENCRYPTED)
        return malformed (error, _("it is encrypted"));
      if (entry.compressed == 0xffffffffu || entry.size == 0xffffffffu || entry.offset == 0xffffffffu)
        return malformed (error, _("ZIP64 archives are not supported"));
      if (name_length == 0 || name_length > MAX_NAME ||
          memchr (p + at + CENTRAL_SIZE, '\0', name_length) != NULL ||
          !g_utf8_validate_len ((const char *) p + at + CENTRAL_SIZE, name_length, NULL))
        return malformed (error, _("an entry's name is not valid"));

      entry.name = g_strndup ((const char *) p + at + CENTRAL_SIZE, name_length);
      g_array_append_val (reader->entries, entry);
      if (!g_hash_table_add (names, entry.name))
        return malformed (error, _("an entry's name is repeated"));
      at += CENTRAL_SIZE + name_length + extra_length + comment_length;
    }

  return TRUE;
}

KtZipReader *
kt_zip_reader_new (GBytes  *data,
                   GError **error)
{
  g_autoptr(KtZipReader) reader = g_new0 (KtZipReader, 1);

  g_return_val_if_fail (data != NULL, NULL);

  reader->data = g_bytes_ref (data);
  reader->bytes = g_bytes_get_data (data, &reader->length);
  reader->entries = g_array_new (FALSE, TRUE, sizeof (Entry));
  g_array_set_clear_func (reader->entries, entry_clear);
  if (!read_directory (reader, error))
    return NULL;
  return g_steal_pointer (&reader);
}

void
kt_zip_reader_free (KtZipReader *reader)
{
  if (reader == NULL)
    return;
  g_bytes_unref (reader->data);
  g_array_unref (reader->entries);
  g_free (reader);
}

guint
kt_zip_reader_get_n_entries (KtZipReader *reader)
{
  return reader->entries->len;
}

const char *
kt_zip_reader_get_name (KtZipReader *reader,
                        guint        index)
{
  g_return_val_if_fail (index < reader->entries->len, NULL);
  return g_array_index (reader->entries, Entry, index).name;
}

static const Entry *
find_entry (KtZipReader *reader,
            const char  *name)
{
  for (guint i = 0; i < reader->entries->len; i++)
    if (g_str_equal (g_array_index (reader->entries, Entry, i).name, name))
      return &g_array_index (reader->entries, Entry, i);
  return NULL;
}

gboolean
kt_zip_reader_has_entry (KtZipReader *reader,
                         const char  *name)
{
  return find_entry (reader, name) != NULL;
}

GBytes *
kt_zip_reader_extract (KtZipReader  *reader,
                       const char   *name,
                       gsize         max_size,
                       GError      **error)
{
  const Entry *entry = find_entry (reader, name);
  const guint8 *p = reader->bytes;
  g_autofree guint8 *out = NULL;
  gsize data_at;

  if (entry == NULL)
    {
      g_set_error (error, KT_ERROR, KT_ERROR_NOT_FOUND, _("The archive has no “%s”"), name);
      return NULL;
    }
  /* Told before anything is inflated; the inflater is capped at the told
   * size too, so a lying header cannot make it grow. */
  if (entry->size > max_size)
    {
      g_autofree char *limit = g_format_size (max_size);

      g_set_error (error, KT_ERROR, KT_ERROR_TOO_LARGE,
                   _("“%s” in the archive is larger than Kantora reads (%s)"), name, limit);
      return NULL;
    }
  if ((gsize) entry->offset + LOCAL_SIZE > reader->length || get32 (p + entry->offset) != SIG_LOCAL)
    {
      malformed (error, _("an entry's header is damaged"));
      return NULL;
    }
  data_at = (gsize) entry->offset + LOCAL_SIZE + get16 (p + entry->offset + 26) +
            get16 (p + entry->offset + 28);
  if (data_at + entry->compressed > reader->length)
    {
      malformed (error, _("an entry lies outside the file"));
      return NULL;
    }

  /* Deflate cannot expand more than about 1032 to 1: a larger told size
   * is a lie, refused before anything is allocated for it. */
  if (entry->method == METHOD_DEFLATE && entry->size > (guint64) entry->compressed * 1032 + 64)
    {
      malformed (error, _("an entry's sizes cannot be right"));
      return NULL;
    }

  out = g_malloc (MAX (entry->size, 1));
  if (entry->method == METHOD_STORED)
    {
      if (entry->compressed != entry->size)
        {
          malformed (error, _("an entry's sizes differ"));
          return NULL;
        }
      memcpy (out, p + data_at, entry->size);
    }
  else if (entry->method == METHOD_DEFLATE)
    {
      z_stream z = { 0 };
      int status;

      if (inflateInit2 (&z, -MAX_WBITS) != Z_OK)
        g_error ("zlib: inflateInit2 failed");
      z.next_in = (Bytef *) p + data_at;
      z.avail_in = entry->compressed;
      z.next_out = out;
      z.avail_out = entry->size;
      status = inflate (&z, Z_FINISH);
      inflateEnd (&z);
      if (status != Z_STREAM_END || z.total_out != entry->size)
        {
          malformed (error, _("an entry's data is damaged"));
          return NULL;
        }
    }
  else
    {
      malformed (error, _("an entry is compressed with an unknown method"));
      return NULL;
    }

  if (crc32 (crc32 (0, NULL, 0), out, entry->size) != entry->crc)
    {
      malformed (error, _("an entry's checksum does not match"));
      return NULL;
    }
  return g_bytes_new_take (g_steal_pointer (&out), entry->size);
}
