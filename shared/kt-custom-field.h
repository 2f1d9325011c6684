/* kt-custom-field.h: custom field definitions
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kt-entity.h"
#include "kt-record.h"

G_BEGIN_DECLS

extern const KtEntity kt_custom_field_entity;

#define KT_ENTITY_CUSTOM_FIELD (&kt_custom_field_entity)

/* TRUE if @key is a custom field key: [a-z][a-z0-9_]*, at most 64 bytes. */
gboolean kt_custom_field_key_is_valid     (const char *key);
/* Checks @record's "custom" object against the custom_field records in
 * @definitions that target its entity (others and deleted ones are
 * skipped): required keys, value types, choices, and no unknown keys. The
 * KT_ERROR_INVALID error's field (kt_record_error_get_field()) is
 * "custom.<key>". */
gboolean kt_custom_field_validate_values (GPtrArray  *definitions,
                                          KtRecord   *record,
                                          GError    **error);
/* The same for a write of @record over @previous (NULL for a new record):
 * values the record already held are not judged again (a definition
 * deleted or changed since must not make every later edit fail), and a
 * required value is checked only where the write empties it. */
gboolean kt_custom_field_validate_change (GPtrArray  *definitions,
                                          KtRecord   *record,
                                          KtRecord   *previous,
                                          GError    **error);
G_END_DECLS
