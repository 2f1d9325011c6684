/* kt-store-inspect.c: looking at an existing file before writing to it
 *
 * A file is checked through a read-only SQLite connection only: first its
 * header and the size the header promises (read through SQLite's own file
 * handle), then the application id, schema version, and for small files
 * PRAGMA quick_check. Nothing here can change the file: a refused file is
 * left exactly as it was. Nothing here opens the file outside SQLite
 * either (see check_header()).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-store"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>

#include "kt-store-private.h"

/* Files up to this size get a full PRAGMA quick_check on open (a few ms);
 * larger ones get the header and size checks and the reads of the
 * bookkeeping tables only, so opening stays fast. SQLite reports damage
 * it meets later as SQLITE_CORRUPT, which becomes KT_STORE_ERROR_CORRUPT. */
#define QUICK_CHECK_MAX_BYTES (8 * 1024 * 1024)

#define SQLITE_HEADER_MAGIC "SQLite format 3"   /* and a NUL: 16 bytes */
#define SQLITE_HEADER_SIZE 100

static guint32
read_be32 (const guchar *p)
{
  return ((guint32)p[0] << 24) | ((guint32)p[1] << 16) | ((guint32)p[2] << 8) | p[3];
}

/* Checks the first 100 bytes and the file size against what the header
 * promises: cheap, and catches text files, random bytes and truncated
 * copies before anything reads a page.
 *
 * The bytes are read through @db's own file handle (SQLite's VFS), never
 * with open()/fopen() of our own: POSIX locks belong to the process, and
 * closing any descriptor of the file drops every lock the process holds
 * on it. The client keeps a connection open while the dashboard opens a
 * second one; a plain fclose() here once let a kantora-cli run in
 * parallel believe it was the last user, checkpoint and delete the
 * client's -wal and -shm under it, and damage the store. */
static gboolean
check_header (sqlite3     *db,
              const char  *path,
              const char  *display,
              gboolean    *out_empty,
              GError     **error)
{
  guchar header[SQLITE_HEADER_SIZE] = { 0 };
  sqlite3_file *file = NULL;
  sqlite3_int64 size = 0;
  guint32 page_size;
  int rc;

  *out_empty = FALSE;

  rc = sqlite3_file_control (db, "main", SQLITE_FCNTL_FILE_POINTER, &file);
  if (rc == SQLITE_OK && (file == NULL || file->pMethods == NULL))
    rc = SQLITE_CANTOPEN;
  if (rc == SQLITE_OK)
    rc = file->pMethods->xFileSize (file, &size);
  if (rc != SQLITE_OK)
    {
      kt_store_set_sqlite_error (error, NULL, rc, _("Could not read it"));
      return FALSE;
    }

  /* An empty file holds nothing to lose: a store is created in it. */
  if (size == 0)
    {
      *out_empty = TRUE;
      return TRUE;
    }

  /* A short read fills the rest with zeros and says so; the checks below
   * look at the size instead. */
  rc = file->pMethods->xRead (file, header, (int) MIN (size, (sqlite3_int64) sizeof header), 0);
  if (rc != SQLITE_OK && rc != SQLITE_IOERR_SHORT_READ)
    {
      kt_store_set_sqlite_error (error, NULL, rc, _("Could not read it"));
      return FALSE;
    }

  if (size < (sqlite3_int64) sizeof SQLITE_HEADER_MAGIC ||
      memcmp (header, SQLITE_HEADER_MAGIC, sizeof SQLITE_HEADER_MAGIC) != 0)
    {
      g_set_error (error, KT_STORE_ERROR, KT_STORE_ERROR_NOT_A_STORE,
                   _("“%s” is not a Kantora store: it is not an SQLite database. "
                     "The file was left unchanged."), display);
      return FALSE;
    }

  if (size < SQLITE_HEADER_SIZE)
    {
      g_set_error (error, KT_STORE_ERROR, KT_STORE_ERROR_CORRUPT,
                   _("The store “%s” is damaged: the file ends inside its header. "
                     "The file was left unchanged."), display);
      return FALSE;
    }

  page_size = ((guint32)header[16] << 8) | header[17];
  if (page_size == 1)
    page_size = 65536;
  if (page_size < 512 || page_size > 65536 || (page_size & (page_size - 1)) != 0)
    {
      g_set_error (error, KT_STORE_ERROR, KT_STORE_ERROR_CORRUPT,
                   _("The store “%s” is damaged: its header is invalid. "
                     "The file was left unchanged."), display);
      return FALSE;
    }

  /* The page count at offset 28 is valid when the change counter (24)
   * matches the version-valid-for number (92). */
  if (read_be32 (header + 24) == read_be32 (header + 92))
    {
      guint64 expected = (guint64)read_be32 (header + 28) * page_size;

      g_autofree char *wal = g_strconcat (path, "-wal", NULL);

      /* While another process checkpoints, page 1 (with the new page
       * count) reaches the file before the pages that make it that long,
       * so a store in use can look truncated for a moment. Its WAL
       * exists then and holds the newer state; real damage in such a
       * file surfaces as SQLITE_CORRUPT when a page is read. */
      if ((guint64)size < expected && (guint64)size % page_size == 0 &&
          g_file_test (wal, G_FILE_TEST_EXISTS))
        return TRUE;

      if ((guint64)size < expected || (guint64)size % page_size != 0)
        {
          /* The sizes are formatted first: a printf macro inside a
           * translatable string would cut the message short for gettext. */
          g_autofree char *have = g_strdup_printf ("%" G_GUINT64_FORMAT, (guint64)size);
          g_autofree char *want = g_strdup_printf ("%" G_GUINT64_FORMAT, expected);

          g_set_error (error, KT_STORE_ERROR, KT_STORE_ERROR_CORRUPT,
                       _("The store “%s” is damaged: the file is truncated "
                         "(%s of %s bytes). The file was left unchanged."),
                       display, have, want);
          return FALSE;
        }
    }

  return TRUE;
}

static gboolean
query_int (sqlite3     *db,
           const char  *sql,
           gint64      *out,
           GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        {
          *out = sqlite3_column_int64 (stmt, 0);
          rc = SQLITE_OK;
        }
    }
  sqlite3_finalize (stmt);

  if (rc != SQLITE_OK)
    {
      kt_store_set_sqlite_error (error, db, rc, _("Could not read the store"));
      return FALSE;
    }

  return TRUE;
}

/* Rewrites an error from reading the file as one that names the file and
 * says it was not touched. */
static void
refuse (GError     **error,
        GError      *cause,
        const char  *display)
{
  int code = cause->code;

  if (cause->domain != KT_STORE_ERROR || code == KT_STORE_ERROR_FAILED)
    code = KT_STORE_ERROR_NOT_A_STORE;

  switch (code)
    {
    case KT_STORE_ERROR_CORRUPT:
      g_set_error (error, KT_STORE_ERROR, code,
                   _("The store “%s” is damaged (%s). The file was left unchanged."),
                   display, cause->message);
      break;

    case KT_STORE_ERROR_IO:
    case KT_STORE_ERROR_BUSY:
      g_set_error (error, KT_STORE_ERROR, code,
                   _("Could not read the store “%s” (%s). The file was left unchanged."),
                   display, cause->message);
      break;

    default:
      g_set_error (error, KT_STORE_ERROR, code,
                   _("“%s” is not a Kantora store (%s). The file was left unchanged."),
                   display, cause->message);
      break;
    }
}

gboolean
kt_store_inspect_file (const char  *path,
                       int         *out_version,
                       GError     **error)
{
  g_autofree char *display = g_filename_display_name (path);
  g_autoptr(GError) local_error = NULL;
  GStatBuf st;
  sqlite3 *db = NULL;
  gint64 app_id = 0, n_objects = 0, version = 0;
  gboolean empty = FALSE;
  gboolean ok = FALSE;
  int rc;

  g_assert (out_version != NULL);
  *out_version = 0;

  /* Read-only: nothing we do while looking can change the file. */
  rc = sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc != SQLITE_OK)
    {
      kt_store_set_sqlite_error (&local_error, db, rc, _("Could not open it"));
      goto out;
    }
  sqlite3_extended_result_codes (db, TRUE);
  sqlite3_busy_timeout (db, kt_store_busy_timeout_ms ());

  if (!check_header (db, path, display, &empty, &local_error))
    {
      /* The header's own findings already name the file. */
      if (local_error->domain == KT_STORE_ERROR &&
          local_error->code != KT_STORE_ERROR_IO)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          sqlite3_close (db);
          return FALSE;
        }
      goto out;
    }
  if (empty)
    {
      ok = TRUE;
      goto out;
    }

  kt_store_register_functions (db);

  if (!query_int (db, "PRAGMA application_id", &app_id, &local_error) ||
      !query_int (db, "SELECT count(*) FROM sqlite_master", &n_objects, &local_error))
    goto out;

  if (app_id != KT_STORE_APPLICATION_ID)
    {
      /* An SQLite file with nothing in it is what an interrupted first
       * start leaves behind (the first migration rolled back): it holds
       * nothing to lose, so it becomes a store. */
      if (app_id == 0 && n_objects == 0)
        ok = TRUE;
      else
        g_set_error (&local_error, KT_STORE_ERROR, KT_STORE_ERROR_NOT_A_STORE,
                     _("it is an SQLite database of another program"));
      goto out;
    }

  if (!query_int (db, "SELECT max(version) FROM schema_version", &version, &local_error))
    goto out;

  if (version > KT_STORE_SCHEMA_VERSION)
    {
      g_autofree char *found = g_strdup_printf ("%" G_GINT64_FORMAT, version);

      g_set_error (error, KT_STORE_ERROR, KT_STORE_ERROR_TOO_NEW,
                   _("The store “%s” was made by a newer version of Kantora "
                     "(schema %s, this version knows up to %d). "
                     "Update Kantora to open it; the file was left unchanged."),
                   display, found, KT_STORE_SCHEMA_VERSION);
      sqlite3_close (db);
      return FALSE;
    }
  if (version < 1)
    {
      g_set_error (&local_error, KT_STORE_ERROR, KT_STORE_ERROR_CORRUPT,
                   _("it has no schema version"));
      goto out;
    }

  if (g_stat (path, &st) == 0 && st.st_size <= QUICK_CHECK_MAX_BYTES)
    {
      sqlite3_stmt *stmt = NULL;

      rc = sqlite3_prepare_v2 (db, "PRAGMA quick_check(1)", -1, &stmt, NULL);
      if (rc == SQLITE_OK)
        rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW &&
          g_strcmp0 ((const char *)sqlite3_column_text (stmt, 0), "ok") != 0)
        g_set_error (&local_error, KT_STORE_ERROR, KT_STORE_ERROR_CORRUPT,
                     "%s", (const char *)sqlite3_column_text (stmt, 0));
      else if (rc != SQLITE_ROW)
        kt_store_set_sqlite_error (&local_error, db, rc, _("Could not check it"));
      sqlite3_finalize (stmt);
      if (local_error != NULL)
        goto out;
    }

  *out_version = (int)version;
  ok = TRUE;

out:
  sqlite3_close (db);

  if (!ok)
    {
      refuse (error, local_error, display);
      return FALSE;
    }

  return TRUE;
}
