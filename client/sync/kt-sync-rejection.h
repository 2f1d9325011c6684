/* kt-sync-rejection.h: a local change the server refused
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/**
 * KtSyncRejection:
 * @entity: the entity name, e.g. "contact"
 * @record_id: the record's id
 * @title: (nullable): the record's title as the person knew it
 * @code: why: "permission", "validation", "plan_limit", "deleted"...
 * @field: (nullable): the field the server named, if any
 * @message: the server's explanation, for a person
 *
 * A change the server rejected in a sync cycle. The engine has already
 * reverted the record to the server's state when a person reads this.
 */
typedef struct {
  char *entity;
  char *record_id;
  char *title;
  char *code;
  char *field;
  char *message;
} KtSyncRejection;

#define KT_TYPE_SYNC_REJECTION (kt_sync_rejection_get_type ())

GType            kt_sync_rejection_get_type (void) G_GNUC_CONST;
KtSyncRejection *kt_sync_rejection_new      (const char *entity,
                                             const char *record_id,
                                             const char *title,
                                             const char *code,
                                             const char *field,
                                             const char *message);
KtSyncRejection *kt_sync_rejection_copy     (const KtSyncRejection *rejection);
void             kt_sync_rejection_free     (KtSyncRejection *rejection);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KtSyncRejection, kt_sync_rejection_free)

G_END_DECLS
