/* kt-record.h: one record of any entity
 *
 * A record holds its meta data (id, org, owner, timestamps, hybrid logical
 * clock, tombstone) and its field values as JSON nodes, keyed by field name.
 * A field that is absent is unset (SQL NULL), which differs from an empty
 * string only where the entity says so. Per-field clocks make last-writer-
 * wins merging per field possible (see docs/sync.md).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

#include "kt-entity.h"

G_BEGIN_DECLS

/* A record is a small final GObject so list models can hold it. */
#define KT_TYPE_RECORD (kt_record_get_type ())
G_DECLARE_FINAL_TYPE (KtRecord, kt_record, KT, RECORD, GObject)

/* A new record with a fresh UUIDv7 id, created/updated set to now, and
 * the fields that have a KtField.default_value set to it. */
KtRecord       *kt_record_new          (const KtEntity *entity);
/* Sets every unset field that has a default value to it. */
void            kt_record_apply_defaults (KtRecord *record);
/* An empty record with the given id (for loading from a store). */
KtRecord       *kt_record_new_with_id  (const KtEntity *entity,
                                        const char     *id);
/* A deep copy: same id, same values and clocks. */
KtRecord       *kt_record_copy         (KtRecord *record);

const KtEntity *kt_record_get_entity   (KtRecord *record);
const char     *kt_record_get_id       (KtRecord *record);
const char     *kt_record_get_org_id   (KtRecord *record);
void            kt_record_set_org_id   (KtRecord *record, const char *org_id);
const char     *kt_record_get_owner_id (KtRecord *record);
void            kt_record_set_owner_id (KtRecord *record, const char *owner_id);
const char     *kt_record_get_created_at (KtRecord *record);
void            kt_record_set_created_at (KtRecord *record, const char *iso);
const char     *kt_record_get_updated_at (KtRecord *record);
void            kt_record_set_updated_at (KtRecord *record, const char *iso);
const char     *kt_record_get_hlc      (KtRecord *record);
void            kt_record_set_hlc      (KtRecord *record, const char *hlc);
gboolean        kt_record_get_deleted  (KtRecord *record);
void            kt_record_set_deleted  (KtRecord *record, gboolean deleted);

/* Per-field clocks. kt_record_get_field_hlc() falls back to the record's
 * HLC when the field has no clock of its own. Besides the entity's fields,
 * "deleted" (the tombstone), "owner_id" (set when a record is reassigned)
 * and "created_at" (set by the create) have clocks;
 * kt_record_stamp (record, NULL, hlc) stamps neither the owner, the
 * creation time nor an unset tombstone. */
const char     *kt_record_get_field_hlc (KtRecord *record, const char *field);
void            kt_record_set_field_hlc (KtRecord *record,
                                         const char *field,
                                         const char *hlc);
/* Stamp every field in @fields (NULL: every set field) with @hlc and make
 * @hlc the record's HLC if it is newer. */
void            kt_record_stamp        (KtRecord           *record,
                                        const char * const *fields,
                                        const char         *hlc);
/* The owner's own clock, without the fallback to the record's HLC: NULL
 * until the record is reassigned. The stores keep and send exactly this,
 * because whether the owner has a clock at all matters to the merge (a
 * reassignment beats an owner nobody reassigned). */
const char     *kt_record_peek_owner_clock (KtRecord *record);
/* created_at's own clock, likewise without fallback: NULL for a record
 * whose creation time never synced (made before it did). */
const char     *kt_record_peek_created_clock (KtRecord *record);

/* Values. Setters take the field's type; setting NULL/unset removes it.
 * Getters return NULL / 0 / FALSE for unset fields. Using a name the
 * entity does not have, or the wrong type, is a programmer error
 * (g_critical), not a runtime one: input from outside goes through
 * kt_record_set_from_json(). */
gboolean        kt_record_has          (KtRecord *record, const char *field);
void            kt_record_unset        (KtRecord *record, const char *field);
const char     *kt_record_get_string   (KtRecord *record, const char *field);
void            kt_record_set_string   (KtRecord *record, const char *field, const char *value);
gint64          kt_record_get_int      (KtRecord *record, const char *field);
void            kt_record_set_int      (KtRecord *record, const char *field, gint64 value);
gboolean        kt_record_get_bool     (KtRecord *record, const char *field);
void            kt_record_set_bool     (KtRecord *record, const char *field, gboolean value);
/* KT_FIELD_TAGS: a NULL-terminated array, owned by the record. */
const char * const *kt_record_get_tags (KtRecord *record, const char *field);
void            kt_record_set_tags     (KtRecord *record, const char *field,
                                        const char * const *tags);
/* KT_FIELD_JSON and anything else: the raw node, owned by the record. */
JsonNode       *kt_record_get_node     (KtRecord *record, const char *field);
/* Takes a copy of @node; fails when it does not fit the field's type. */
gboolean        kt_record_set_node     (KtRecord  *record,
                                        const char *field,
                                        JsonNode  *node,
                                        GError   **error);
/* The names of the set fields, in the entity's field order (element
 * type: const char *, owned by the entity description). */
GPtrArray      *kt_record_list_fields  (KtRecord *record);

/* The record's title for lists and toasts, e.g. "Ivan Petrov". */
char           *kt_record_dup_title    (KtRecord *record);

/* Validation: the generic per-field checks (required, type, length, email,
 * URL, phone, currency, enum, ranges, dates), then the entity's own rules.
 * The error (KT_ERROR_INVALID) has a translated message naming the field,
 * and kt_record_error_get_field() tells which field for the UI. */
gboolean        kt_record_validate     (KtRecord *record, GError **error);
/* The generic checks of one field only, for forms that validate as the
 * person types. */
gboolean        kt_record_validate_field (KtRecord   *record,
                                          const char *field,
                                          GError    **error);
const char     *kt_record_error_get_field (const GError *error);
/* Used by entity validators to build such errors. */
void            kt_record_set_field_error (GError    **error,
                                           const char *field,
                                           const char *format,
                                           ...) G_GNUC_PRINTF (3, 4);

/* JSON codec. The object is flat: {"id":..., "org_id":..., "owner_id":...,
 * "created_at":..., "updated_at":..., "hlc":..., "deleted":false,
 * <fields>..., and with KT_JSON_CLOCKS "clocks": {field: hlc}}. Secret
 * fields are never written. */
typedef enum {
  KT_JSON_DEFAULT = 0,
  KT_JSON_CLOCKS  = 1 << 0,   /* include per-field clocks */
  KT_JSON_NO_META = 1 << 1,   /* fields only */
} KtJsonFlags;

JsonNode       *kt_record_to_json      (KtRecord *record, KtJsonFlags flags);
char           *kt_record_to_json_string (KtRecord *record, KtJsonFlags flags);
/* Parse a whole record. Unknown keys, wrong types and malformed values fail
 * with a translated error naming the key; nothing is returned half-built.
 * Malformed means the syntax of meta values (UUIDs, timestamps, clocks),
 * dates, date-times and reference ids; the domain rules are left to
 * kt_record_validate(). Secret fields are refused. Without "id" the record
 * gets a fresh UUIDv7 and created/updated set to now (no defaults). */
KtRecord       *kt_record_from_json    (const KtEntity *entity,
                                        JsonNode       *node,
                                        GError        **error);
KtRecord       *kt_record_from_json_string (const KtEntity *entity,
                                            const char     *json,
                                            GError        **error);
/* Apply a partial update ({field: value, ...}; null unsets) onto @record:
 * all or nothing. Meta keys other than "deleted" and "owner_id" (a
 * reassignment: a user id, never null) are refused. On success @changed
 * (if not NULL) receives the names of the fields it set. */
gboolean        kt_record_set_from_json (KtRecord   *record,
                                         JsonObject *fields,
                                         GPtrArray **changed,
                                         GError    **error);

/* Per-field last-writer-wins: copy into @into every field of @from whose
 * clock is newer than @into's clock for it (ties broken by the stamp text,
 * so every replica picks the same winner), and the tombstone and the owner
 * likewise (an owner that was never reassigned has no clock: then the
 * newer record clock brings its owner along). Returns TRUE if @into
 * changed. */
gboolean        kt_record_merge        (KtRecord *into, KtRecord *from);

/* Timestamps: now as ISO 8601 UTC with milliseconds. */
char           *kt_now_iso             (void);

/* The codec's checks of one field value, for the stores that read values
 * the codec did not (a pulled change applied straight into SQLite).
 * kt_field_check_node_type(): TRUE if @node (not NULL, maybe a JSON null)
 * has the JSON type @field takes, otherwise a KT_ERROR_WRONG_TYPE naming
 * the field. kt_field_check_node_syntax(): the type check, then the syntax
 * every stored value must have whatever the entity's rules: dates,
 * timestamps and reference ids. */
gboolean        kt_field_check_node_type   (const KtField *field,
                                            JsonNode      *node,
                                            GError       **error);
gboolean        kt_field_check_node_syntax (const KtField *field,
                                            JsonNode      *node,
                                            GError       **error);

/* Whether json-glib writes @value as JSON that reads back: not for NaN and
 * the infinities, and not for 1e20, which it writes as "1e+20.0" (see
 * kt-record-json.c). The codec refuses the others where they come in. */
gboolean        kt_json_double_is_writable (double value);

G_END_DECLS
