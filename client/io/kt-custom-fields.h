/* kt-custom-fields.h: the custom field definitions of an entity
 *
 * A custom_field record defines one field (label, key, type, choices,
 * position) for contacts, companies or deals; values live in the target
 * record's "custom" JSON object under the key.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "kt-store.h"

G_BEGIN_DECLS

/**
 * kt_custom_fields_for_entity:
 * @store: the store
 * @entity_name: "contact", "company" or "deal"
 *
 * Returns: (transfer full) (element-type KtRecord): the custom_field
 * records for @entity_name, sorted by position. Empty on error (logged).
 */
GPtrArray *kt_custom_fields_for_entity   (KtStore    *store,
                                          const char *entity_name);

/* A record key derived from a label: lower-case ASCII letters, digits and
 * '_', starting with a letter ("Любимо питие" -> "lyubimo_pitie",
 * "VAT %" -> "vat"). Never empty: "field" when nothing is left. */
char      *kt_custom_field_key_from_label (const char *label);

/* Reads @text as a value of the custom field @definition (a custom_field
 * record): text, number (with '.' or ','), date, one of the choices, or
 * yes/no. Fails with KT_ERROR_INVALID naming the field's label. */
JsonNode  *kt_custom_field_value_from_text (KtRecord    *definition,
                                            const char  *text,
                                            GError     **error);
/* The value as text for a cell, a list or a search index. */
char      *kt_custom_field_value_to_text   (KtRecord    *definition,
                                            JsonNode    *value);

G_END_DECLS
