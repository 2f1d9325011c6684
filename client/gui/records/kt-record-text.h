/* kt-record-text.h: a record's values as the UI shows them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kt-store.h"

G_BEGIN_DECLS

/* The value of @field ("@title", a meta field or an entity field) as text
 * for people, formatted for the UI language; NULL when it is unset.
 * References show the referenced record's title, looked up in @store and
 * remembered in @title_cache (id → title, may be NULL). */
char       *kt_record_text_field  (KtStore    *store,
                                   KtRecord   *record,
                                   const char *field,
                                   GHashTable *title_cache);
/* The record's title as people see it: kt_record_dup_title(), except
 * that a document not numbered yet is "Draft". */
char       *kt_record_text_title  (KtRecord   *record);
/* The translated label of an enum choice ("referral" → "Referral"). */
const char *kt_record_text_choice (const char *choice);
/* The translated label of a field. */
const char *kt_record_text_label  (const KtEntity *entity,
                                   const char     *field);

G_END_DECLS

G_BEGIN_DECLS

/* The custom_field definitions for @entity, by position (of KtRecord). */
GPtrArray  *kt_record_text_load_custom_fields (KtStore        *store,
                                               const KtEntity *entity);
/* A custom value of @record for the definition @definition, as text, or
 * NULL when unset. */
char       *kt_record_text_custom_value       (KtRecord       *record,
                                               KtRecord       *definition);

G_END_DECLS
