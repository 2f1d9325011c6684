/* kt-record-private.h: what the parts of KtRecord share
 *
 * kt-record.c owns the object; kt-record-json.c (the codec) and
 * kt-record-validate.c (generic validation) reach the values by field
 * position through these.
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
/* The owner's own clock (no fallback): NULL until reassigned. */
const char *kt_record_peek_owner_clock   (KtRecord *record);
/* created_at's own clock (no fallback): NULL for a record whose creation
 * time never synced (made before it did). */
const char *kt_record_peek_created_clock (KtRecord *record);

/* TRUE if @node (not NULL, maybe a JSON null) has the JSON type @field
 * takes; otherwise a KT_ERROR_WRONG_TYPE naming the field. */
gboolean    kt_field_check_node_type (const KtField *field,
                                      JsonNode      *node,
                                      GError       **error);
/* The type check, then the syntax every stored value must have whatever
 * the entity's rules: dates, timestamps and reference ids. */
gboolean    kt_field_check_node_syntax (const KtField *field,
                                        JsonNode      *node,
                                        GError       **error);

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
