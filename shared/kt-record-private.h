/* kt-record-private.h: what the parts of KtRecord share
 *
 * kt-record.c owns the object; kt-record-json.c (the codec) and
 * kt-record-validate.c (generic validation) reach the values by field
 * position through these. Nothing outside shared/ includes this header:
 * what the stores need is public in kt-record.h.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kt-record.h"

G_BEGIN_DECLS

/* The value at field position @index, or NULL when unset. */
JsonNode   *kt_record_peek_value     (KtRecord *record,
                                      guint     index);
/* Takes ownership of @node (NULL or a JSON null unsets). */
void        kt_record_take_value     (KtRecord *record,
                                      guint     index,
                                      JsonNode *node);
/* The field's own clock (no fallback), or NULL. */
const char *kt_record_peek_clock     (KtRecord *record,
                                      guint     index);
const char *kt_record_peek_deleted_clock (KtRecord *record);
void        kt_record_set_deleted_clock  (KtRecord *record,
                                          const char *hlc);

/* Iterates an object's members in document order (json-glib 1.6's
 * JsonObjectIter follows hash order), so the first bad key reported and
 * the order of changed fields are the sender's. Declare it with g_auto() so
 * an early return frees it. */
typedef struct {
  JsonObject *object;
  GList      *members;
  GList      *next;
} KtMemberIter;

static inline void
kt_member_iter_init (KtMemberIter *iter,
                     JsonObject   *object)
{
  iter->object = object;
  iter->members = json_object_get_members (object);
  iter->next = iter->members;
}

static inline gboolean
kt_member_iter_next (KtMemberIter  *iter,
                     const char   **name,
                     JsonNode     **value)
{
  if (iter->next == NULL)
    return FALSE;

  *name = iter->next->data;
  *value = json_object_get_member (iter->object, *name);
  iter->next = iter->next->next;
  return TRUE;
}

static inline void
kt_member_iter_clear (KtMemberIter *iter)
{
  g_clear_pointer (&iter->members, g_list_free);
  iter->next = NULL;
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (KtMemberIter, kt_member_iter_clear)

G_END_DECLS
