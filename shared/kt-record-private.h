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

G_END_DECLS
