/* kt-ai-filter.h: a smart search's filter, and the context of an AI action
 *
 * The smart_search action answers a filter ({entity, filters[{field, op,
 * value}], sort}). It is shown to the person as rows they can edit, and
 * run on the local store as a KtQuery, never as SQL from the model: only
 * fields the entity has and that a filter can compare are accepted, each
 * value is checked like a typed one, and everything else is refused with
 * a message that names it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "kt-store.h"

G_BEGIN_DECLS

typedef struct {
  char *field;
  char *op;     /* eq, ne, lt, le, gt, ge, contains */
  char *value;  /* as a person reads it: money in major units ("10000") */
} KtAiCondition;

typedef struct {
  const KtEntity *entity;
  GPtrArray      *conditions;  /* of KtAiCondition */
  char           *sort;        /* "field" or "-field", or NULL */
} KtAiFilter;

/* The entities a smart search may look in. */
const char * const *kt_ai_filter_entities (void);
/* The ops, in the order a person picks them from. */
const char * const *kt_ai_filter_ops      (void);
/* "Deals", "Contacts"… (translated): where a search looks. */
const char         *kt_ai_filter_entity_label (const KtEntity *entity);
/* "is", "is not", "before"… for @op (translated). */
const char         *kt_ai_filter_op_label (const char *op);

KtAiCondition *kt_ai_condition_new  (const char    *field,
                                     const char    *op,
                                     const char    *value);
void           kt_ai_condition_free (KtAiCondition *condition);

/* From a checked smart_search result: refuses an entity that is not
 * searchable; keeps every condition (kt_ai_filter_to_query() judges
 * them, so the person sees a wrong one and can fix or remove it).
 * Money values arrive in minor units and become major units. */
KtAiFilter *kt_ai_filter_new_from_json (JsonObject     *result,
                                        GError        **error);
KtAiFilter *kt_ai_filter_new           (const KtEntity *entity);
void        kt_ai_filter_free          (KtAiFilter     *filter);

/* Checks one condition against the entity: the field exists and can be
 * compared with @op, the value is one it can hold. */
gboolean    kt_ai_condition_check      (const KtEntity *entity,
                                        KtAiCondition  *condition,
                                        GError        **error);
/* The query that runs @filter on the local store, or NULL with the first
 * condition that cannot run (KT_ERROR_UNKNOWN_FIELD, KT_ERROR_INVALID). */
KtQuery    *kt_ai_filter_to_query      (KtAiFilter     *filter,
                                        GError        **error);

/* The context item of @record for an AI action: its kind and title as
 * the label, its fields as "Label: value" lines (the values a person
 * sees in its detail; references by the title of what they point at;
 * custom and secret fields left out). */
char       *kt_ai_record_context_text  (KtStore        *store,
                                        KtRecord       *record);
char       *kt_ai_record_context_label (KtRecord       *record);

/* A mailto: URI with every part escaped (RFC 6068), line breaks as
 * CRLF: @to may be NULL. */
char       *kt_ai_mailto_uri           (const char     *to,
                                        const char     *subject,
                                        const char     *body);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KtAiFilter, kt_ai_filter_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KtAiCondition, kt_ai_condition_free)

G_END_DECLS
