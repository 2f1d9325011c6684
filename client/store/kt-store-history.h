/* kt-store-history.h: the values a pulled change overwrote
 *
 * When two people edit the same field while apart, the later edit wins on
 * every device (per-field last-writer-wins, docs/sync.md). The value it
 * replaced is not thrown away: the pull writes it into the record_history
 * table, in the same transaction as the merge, and the record's detail
 * shows it in its change history.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "kt-store.h"

G_BEGIN_DECLS

/**
 * KtHistoryEntry:
 * @id: the row id (entries of one record sort by it, oldest first)
 * @entity: the entity name, e.g. "contact"
 * @record_id: the record's id
 * @field: the field's key
 * @old_value: (nullable): the overwritten value as JSON text, %NULL if unset
 * @new_value: (nullable): the value that won, as JSON text, %NULL if unset
 * @old_hlc: (nullable): the clock of the overwritten value
 * @new_hlc: (nullable): the clock of the value that won (who-ever wrote it
 *   and when: the stamp's wall time is the time of the edit)
 * @recorded_at: when this store learned of the change (ISO 8601 UTC)
 */
typedef struct {
  gint64  id;
  char   *entity;
  char   *record_id;
  char   *field;
  char   *old_value;
  char   *new_value;
  char   *old_hlc;
  char   *new_hlc;
  char   *recorded_at;
} KtHistoryEntry;

void        kt_history_entry_free    (KtHistoryEntry *entry);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KtHistoryEntry, kt_history_entry_free)

/* Adds one entry. Runs inside the caller's transaction when one is open
 * (the pull's apply), so the entry and the merge commit together. */
gboolean    kt_store_history_add     (KtStore     *self,
                                      const char  *entity,
                                      const char  *record_id,
                                      const char  *field,
                                      const char  *old_value,
                                      const char  *new_value,
                                      const char  *old_hlc,
                                      const char  *new_hlc,
                                      GError     **error);

/* The entries of one record, newest first (element type: KtHistoryEntry). */
GPtrArray  *kt_store_history_list    (KtStore        *self,
                                      const KtEntity *entity,
                                      const char     *record_id,
                                      GError        **error);

/* Merges @remote into @local (kt_record_merge()) and adds an entry for
 * every field whose value the merge replaced. @out_changed receives what
 * kt_record_merge() returned. */
gboolean    kt_store_history_merge   (KtStore   *self,
                                      KtRecord  *local,
                                      KtRecord  *remote,
                                      gboolean  *out_changed,
                                      GError   **error);

/**
 * KtHistorySource:
 * @KT_HISTORY_SOURCE_SERVER: an entry of the server's change log
 *   (GET /v1/<plural>/{id}/history), with its author
 * @KT_HISTORY_SOURCE_PENDING: a change made on this computer and not
 *   pushed yet (the outbox)
 * @KT_HISTORY_SOURCE_REPLACED: a value of this computer that a pulled,
 *   later edit replaced (record_history)
 */
typedef enum {
  KT_HISTORY_SOURCE_SERVER,
  KT_HISTORY_SOURCE_PENDING,
  KT_HISTORY_SOURCE_REPLACED,
} KtHistorySource;

/**
 * KtHistoryItem:
 * @source: where the item comes from
 * @field: (nullable): the field's key; %NULL for a whole-record change
 * @change: (nullable): "created", "deleted" or "restored" for a
 *   whole-record change, else %NULL
 * @old_value: (nullable): the value before, as JSON text; %NULL when
 *   unknown (a pending change) or unset
 * @new_value: (nullable): the value after, as JSON text; %NULL if unset
 * @author_id: (nullable): who made it (the store's user for a pending
 *   change; for a replaced value, the author of the server entry that
 *   replaced it when the server's history is known)
 * @author_name: (nullable): the author's name as the server knows it
 * @time_ms: when the edit was made (Unix ms, from its clock), 0 unknown
 */
typedef struct {
  KtHistorySource  source;
  char            *field;
  char            *change;
  char            *old_value;
  char            *new_value;
  char            *author_id;
  char            *author_name;
  gint64           time_ms;
} KtHistoryItem;

void        kt_history_item_free     (KtHistoryItem *item);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KtHistoryItem, kt_history_item_free)

/* One record's history for people, newest first (element type:
 * KtHistoryItem): @server_items (the "items" of the server's history
 * answer; %NULL offline or never synced) merged with what only this
 * computer knows: its changes not pushed yet and its values that later
 * edits from elsewhere replaced. Malformed server items are skipped. */
GPtrArray  *kt_store_history_items   (KtStore        *self,
                                      const KtEntity *entity,
                                      const char     *record_id,
                                      JsonArray      *server_items,
                                      GError        **error);

/* Removes every entry (log out forgets the account's data). */
gboolean    kt_store_history_clear   (KtStore  *self,
                                      GError  **error);

G_END_DECLS
