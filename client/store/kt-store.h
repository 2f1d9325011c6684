/* kt-store.h: the client's local SQLite store
 *
 * One SQLite file in WAL mode holds every entity of the organization the
 * client works on, an FTS5 index for search, and the outbox of local
 * mutations that the sync engine drains. Every write goes through here and
 * appends its outbox rows in the same transaction.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "kantora-shared.h"

G_BEGIN_DECLS

#define KT_STORE_ERROR (kt_store_error_quark ())

typedef enum {
  KT_STORE_ERROR_NOT_A_STORE,    /* the file is not SQLite or not ours */
  KT_STORE_ERROR_CORRUPT,        /* truncated or damaged */
  KT_STORE_ERROR_TOO_NEW,        /* made by a newer Kantora: refused, untouched */
  KT_STORE_ERROR_IO,             /* disk full, read-only, cannot open... */
  KT_STORE_ERROR_FAILED,
  KT_STORE_ERROR_BUSY,           /* another connection kept writing too long */
} KtStoreError;

GQuark kt_store_error_quark (void);

/* The current schema version; kt_store_open() migrates older files. */
#define KT_STORE_SCHEMA_VERSION 14

#define KT_TYPE_STORE (kt_store_get_type ())
G_DECLARE_FINAL_TYPE (KtStore, kt_store, KT, STORE, GObject)

/* A KtStore is one SQLite connection with a statement cache: use it from
 * one thread. A worker thread opens a KtStore of its own on the same path
 * (WAL lets it write while the other reads); the other store's ::changed
 * does not see those writes, so reload after the worker is done. */

/* Opens (creating if missing) the store at @path, a file name. Refuses a
 * file that is not a Kantora store, is damaged, or comes from a newer
 * version, with a translated message, and never overwrites it. */
KtStore    *kt_store_open             (const char  *path,
                                       GError     **error);
/* The default path: $XDG_DATA_HOME/kantora/kantora.db (behind kt-paths). */
char       *kt_store_default_path     (void);
const char *kt_store_get_path         (KtStore *self);

/* The organization and user this store works as. A fresh store gets a
 * local organization and user id of its own ("work offline"), which sync
 * later maps to a server account. */
const char *kt_store_get_org_id       (KtStore *self);
const char *kt_store_get_user_id      (KtStore *self);
KtHlc      *kt_store_get_clock        (KtStore *self);

/* Emits ::changed (entity, NULL) for every synced entity when another
 * connection or process (kantora-cli, cron, a worker) committed since
 * the last call; returns whether it did. Cheap: call it on a timer. */
gboolean    kt_store_check_external_changes (KtStore *self);

/* Saves in the file the order of every long list the store has read,
 * where the file has no valid copy of it (one another connection made
 * stale is read again first), so that the next process to open the list
 * pages far down it at once (kt-store-search-saved.c). Skipped while
 * another connection is writing. The store calls it as it closes; an
 * application that quits calls it, as its store may outlive it. */
void        kt_store_save_orders      (KtStore *self);

/* Key/value settings kept in the store (sync cursor, last sync...). */
char       *kt_store_get_meta         (KtStore *self, const char *key);
gboolean    kt_store_set_meta         (KtStore *self, const char *key,
                                       const char *value, GError **error);

/* Reads. kt_store_get() fails with KT_ERROR_NOT_FOUND for a missing or
 * deleted record. */
KtRecord   *kt_store_get              (KtStore        *self,
                                       const KtEntity *entity,
                                       const char     *id,
                                       GError        **error);

typedef struct _KtQuery KtQuery;

/* A query over one entity: optional full-text prefix search, equality
 * filters, a tag filter, a sort and paging. */
KtQuery    *kt_query_new              (const KtEntity *entity);
KtQuery    *kt_query_copy             (const KtQuery *query);
void        kt_query_free             (KtQuery *query);
const KtEntity *kt_query_get_entity   (const KtQuery *query);
/* Search text: every word is a prefix ("iv pet" finds "Ivan Petrov"),
 * case-insensitive for Latin and Cyrillic. Search finds live records
 * only: tombstones are not in the full-text index. */
void        kt_query_set_search       (KtQuery *query, const char *text);
/* field = value; a NULL value means "field IS NULL". */
void        kt_query_add_filter       (KtQuery *query, const char *field,
                                       const char *value);
/* field < value (NULL never matches); dates and datetimes compare as
 * their ISO 8601 text, which orders them in time. */
void        kt_query_add_filter_before (KtQuery *query, const char *field,
                                        const char *value);
/* field >= value (NULL never matches): a period's start, or, with "",
 * "field is set" for a text or reference. */
void        kt_query_add_filter_from  (KtQuery *query, const char *field,
                                       const char *value);
/* field > value and field <= value (NULL never matches), as above. */
void        kt_query_add_filter_after (KtQuery *query, const char *field,
                                       const char *value);
void        kt_query_add_filter_upto  (KtQuery *query, const char *field,
                                       const char *value);
/* The text field holds @value (SQLite's LIKE: case-insensitive for
 * ASCII letters only, so Cyrillic matches its case exactly). */
void        kt_query_add_filter_contains (KtQuery *query, const char *field,
                                          const char *value);
/* field differs from value; an unset field differs from every value. */
void        kt_query_add_filter_not   (KtQuery *query, const char *field,
                                       const char *value);
void        kt_query_set_tag          (KtQuery *query, const char *tag);
/* @field may be a comma list, "first_name,last_name": the later fields
 * order what the earlier ones tie, the id comes last. */
void        kt_query_set_sort         (KtQuery *query, const char *field,
                                       gboolean descending);
void        kt_query_set_include_deleted (KtQuery *query, gboolean include);

GPtrArray  *kt_store_query            (KtStore   *self,
                                       KtQuery   *query,
                                       guint      offset,
                                       guint      limit,
                                       GError   **error);  /* of KtRecord */
gint64      kt_store_count            (KtStore   *self,
                                       KtQuery   *query,
                                       GError   **error);  /* -1 on error */
/* The index of the record @id in @query's rows: -1 if it is not among
 * them, -2 on error. */
gint64      kt_store_position         (KtStore    *self,
                                       KtQuery    *query,
                                       const char *id,
                                       GError    **error);

/* Writes. Each call is one transaction: the record rows and their outbox
 * rows are written together or not at all. kt_store_save() validates,
 * stamps the fields that differ from the stored version with a new HLC,
 * sets updated_at (and org/owner/created_at when missing), and emits
 * ::changed. */
gboolean    kt_store_save             (KtStore   *self,
                                       KtRecord  *record,
                                       GError   **error);
/* All of @records in one transaction (import, bulk tag): all or nothing. */
gboolean    kt_store_save_all         (KtStore   *self,
                                       GPtrArray *records,
                                       GError   **error);
/* How kt_store_save_all_full() writes. */
typedef enum {
  KT_STORE_WRITE_DEFAULT   = 0,
  /* Local-only data (the demo set): no outbox rows, so it never syncs. */
  KT_STORE_WRITE_NO_OUTBOX = 1 << 0,
  /* The caller promises the records are new: no read of a stored row to
   * compare with, every set field counts as changed. */
  KT_STORE_WRITE_NEW       = 1 << 1,
} KtStoreWriteFlags;

gboolean    kt_store_save_all_full    (KtStore           *self,
                                       GPtrArray         *records,
                                       KtStoreWriteFlags  flags,
                                       GError           **error);
/* Tombstones the record (undo: kt_store_undelete()). */
gboolean    kt_store_delete           (KtStore        *self,
                                       const KtEntity *entity,
                                       const char     *id,
                                       GError        **error);
gboolean    kt_store_undelete         (KtStore        *self,
                                       const KtEntity *entity,
                                       const char     *id,
                                       GError        **error);

/* The outbox: pending local mutations, oldest first. */
typedef struct {
  gint64    seq;           /* local order */
  char     *entity;
  char     *record_id;
  gboolean  deleted;
  char     *fields_json;   /* {"field": value, ...} of the changed fields */
  char     *clocks_json;   /* {"field": "hlc", ...} */
  char     *created_at;
} KtOutboxEntry;

void        kt_outbox_entry_free      (KtOutboxEntry *entry);
gint64      kt_store_outbox_count     (KtStore *self);
GPtrArray  *kt_store_outbox_peek      (KtStore *self, guint limit,
                                       GError **error);   /* of KtOutboxEntry */
gboolean    kt_store_outbox_remove    (KtStore *self, gint64 up_to_seq,
                                       GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KtQuery, kt_query_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KtOutboxEntry, kt_outbox_entry_free)

G_END_DECLS
