/* kt-store-dupes.h: contacts and companies that may be one
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kt-store.h"

G_BEGIN_DECLS

/* Why a record is shown as a duplicate; several may hold at once. */
typedef enum {
  KT_DUPLICATE_EMAIL      = 1 << 0,   /* the same email (kt_dedupe_email()) */
  KT_DUPLICATE_PHONE      = 1 << 1,   /* the same phone in E.164 */
  KT_DUPLICATE_COMPANY_ID = 1 << 2,   /* the same EIK or VAT number */
  KT_DUPLICATE_NAME       = 1 << 3,   /* a similar name (trigrams) */
} KtDuplicateReason;

typedef struct {
  char              *id;           /* the other record's */
  char              *title;        /* its name, as a list shows it */
  KtDuplicateReason  reasons;
  double             similarity;   /* of the names, 0 to 1 */
} KtDuplicate;

void        kt_duplicate_free         (KtDuplicate *duplicate);

/* The live records of @record's entity (a contact or a company) that may
 * be @record: the same email, phone (or mobile), EIK or VAT number, or a
 * name at least KT_DEDUPE_NAME_THRESHOLD similar. @record itself (its id)
 * is left out, so a record being edited does not find itself. Most
 * reasons first, then the most similar name; at most @limit (0: all).
 * The keys are indexed in memory the first time and again after any
 * change to the store, so while a person types the lookups are hash
 * lookups (docs/performance.md, "Duplicates"). (transfer full) (element-type KtDuplicate) */
GPtrArray  *kt_store_find_duplicates  (KtStore   *self,
                                       KtRecord  *record,
                                       guint      limit,
                                       GError   **error);

typedef struct {
  char              *id_a;
  char              *id_b;
  char              *title_a;
  char              *title_b;
  KtDuplicateReason  reasons;
} KtDuplicatePair;

void        kt_duplicate_pair_free    (KtDuplicatePair *pair);

/* Every pair of live records of @entity with the same email, phone, EIK
 * or VAT number, or the same name key (kt_dedupe_name_key()): the
 * Duplicates view's list. A key that more than 20 records share (a
 * company's switchboard, "office@") says nothing and is skipped. Ordered
 * by the first record's title. (transfer full) (element-type KtDuplicatePair) */
GPtrArray  *kt_store_list_duplicates  (KtStore         *self,
                                       const KtEntity  *entity,
                                       GError         **error);

/* The id a link to @id should show: @id itself, or for a record merged
 * into another (a tombstone whose merged_into_id is set) the survivor,
 * following merges of merges. %NULL when @id is not stored. (transfer full) */
char       *kt_store_resolve_merged   (KtStore         *self,
                                       const KtEntity  *entity,
                                       const char      *id);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KtDuplicate, kt_duplicate_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KtDuplicatePair, kt_duplicate_pair_free)

G_END_DECLS
