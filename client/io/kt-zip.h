/* kt-zip.h: a small ZIP writer and a guarded ZIP reader
 *
 * Only what the organization archive needs (docs/cli.md, "The
 * organization archive"): the
 * writer deflates every entry with zlib into memory and writes no ZIP64
 * records (an entry or the archive must stay under 4 GiB); the reader
 * takes a whole archive's bytes, reads the central directory, and
 * extracts an entry by name with a size cap, so that a zip bomb fails
 * before it is inflated. An entry's name is only ever a key to look an
 * entry up: it is never joined to a path on disk.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _KtZipWriter KtZipWriter;

KtZipWriter *kt_zip_writer_new    (void);
void         kt_zip_writer_free   (KtZipWriter *writer);
/* Adds an entry named @name (UTF-8, at most 255 bytes), deflated. */
void         kt_zip_writer_add    (KtZipWriter *writer,
                                   const char  *name,
                                   const void  *data,
                                   gsize        length);
/* The archive: the entries, their central directory and its end. The
 * writer cannot be added to afterwards. */
GBytes      *kt_zip_writer_finish (KtZipWriter *writer);

typedef struct _KtZipReader KtZipReader;

/* At most this many entries, else the archive is refused. */
#define KT_ZIP_MAX_ENTRIES 256

/* Reads the central directory of @data, which must outlive the reader.
 * Fails with KT_ERROR_MALFORMED for anything but a plain ZIP file:
 * no end record, offsets outside the data, encrypted or ZIP64 entries,
 * names that are not UTF-8 or repeated, too many entries. */
KtZipReader *kt_zip_reader_new           (GBytes       *data,
                                          GError      **error);
void         kt_zip_reader_free          (KtZipReader  *reader);
guint        kt_zip_reader_get_n_entries (KtZipReader  *reader);
const char  *kt_zip_reader_get_name      (KtZipReader  *reader,
                                          guint         index);
gboolean     kt_zip_reader_has_entry     (KtZipReader  *reader,
                                          const char   *name);
/* The inflated bytes of @name. Fails with KT_ERROR_NOT_FOUND when there
 * is no such entry, KT_ERROR_TOO_LARGE when it is larger than @max_size
 * (told by its header and checked while inflating), KT_ERROR_MALFORMED
 * for a bad stream or checksum. */
GBytes      *kt_zip_reader_extract       (KtZipReader  *reader,
                                          const char   *name,
                                          gsize         max_size,
                                          GError      **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KtZipWriter, kt_zip_writer_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KtZipReader, kt_zip_reader_free)

G_END_DECLS
