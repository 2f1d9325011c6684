/* kt-sync-rejection.c: a local change the server refused
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-sync"

#include "config.h"

#include "kt-sync-rejection.h"

G_DEFINE_BOXED_TYPE (KtSyncRejection, kt_sync_rejection,
                     kt_sync_rejection_copy, kt_sync_rejection_free)

KtSyncRejection *
kt_sync_rejection_new (const char *entity,
                       const char *record_id,
                       const char *title,
                       const char *code,
                       const char *field,
                       const char *message)
{
  KtSyncRejection *self;

  g_return_val_if_fail (entity != NULL && record_id != NULL, NULL);

  self = g_new0 (KtSyncRejection, 1);
  self->entity = g_strdup (entity);
  self->record_id = g_strdup (record_id);
  self->title = g_strdup (title);
  self->code = g_strdup (code != NULL ? code : "rejected");
  /* The server sends null or "" when no single field is to blame. */
  self->field = field != NULL && *field != '\0' ? g_strdup (field) : NULL;
  self->message = g_strdup (message != NULL ? message : "");
  return self;
}

KtSyncRejection *
kt_sync_rejection_copy (const KtSyncRejection *rejection)
{
  g_return_val_if_fail (rejection != NULL, NULL);

  return kt_sync_rejection_new (rejection->entity, rejection->record_id,
                                rejection->title, rejection->code,
                                rejection->field, rejection->message);
}

void
kt_sync_rejection_free (KtSyncRejection *rejection)
{
  if (rejection == NULL)
    return;

  g_free (rejection->entity);
  g_free (rejection->record_id);
  g_free (rejection->title);
  g_free (rejection->code);
  g_free (rejection->field);
  g_free (rejection->message);
  g_free (rejection);
}
