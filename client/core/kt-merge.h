/* kt-merge.h: merging two contacts or two companies, and undoing it
 *
 * The survivor keeps its id and takes, field by field, the values the
 * person picked from the other record (the loser); every live record that
 * links to the loser (deals, tasks, activities, invoices, offers,
 * payments, a company's contacts) is moved to the survivor; custom field
 * values the survivor lacks are copied over; and the loser becomes a
 * tombstone whose merged_into_id names the survivor, so a link made
 * elsewhere before the merge synced can still be followed
 * (kt_store_resolve_merged(); docs/sync.md, "Merged records"). All of it is one
 * kt_store_save_all() transaction, and so is its undo.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kt-store.h"
#include "kt-store-dupes.h"

G_BEGIN_DECLS

typedef struct _KtMerge KtMerge;

/* The fields a merge dialog offers: those of @entity (a contact or a
 * company) that a person edits and where @survivor and @loser differ
 * (both records of @entity). (transfer container) (element-type utf8) */
GPtrArray  *kt_merge_differing_fields (KtRecord    *survivor,
                                       KtRecord    *loser);

/* TRUE when @loser's value of @field is the newer one (its field clock is
 * greater): the dialog preselects the newest value. */
gboolean    kt_merge_prefers_loser    (KtRecord    *survivor,
                                       KtRecord    *loser,
                                       const char  *field);

/* Merges @loser_id into @survivor_id (two live records of @entity): the
 * fields named in @from_loser (NULL-terminated, may be NULL) take the
 * loser's values. Returns what kt_merge_undo() needs, or NULL with
 * @error set. */
KtMerge    *kt_merge_records          (KtStore             *store,
                                       const KtEntity      *entity,
                                       const char          *survivor_id,
                                       const char          *loser_id,
                                       const char * const  *from_loser,
                                       GError             **error);

/* How many linked records the merge moved to the survivor. */
guint       kt_merge_get_n_moved      (KtMerge             *merge);

/* Puts everything back: the survivor's fields, the links it moved (those
 * that still point at the survivor) and the loser, live again. */
gboolean    kt_merge_undo             (KtMerge             *merge,
                                       KtStore             *store,
                                       GError             **error);

void        kt_merge_free             (KtMerge             *merge);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KtMerge, kt_merge_free)

G_END_DECLS
