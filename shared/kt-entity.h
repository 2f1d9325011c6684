/* kt-entity.h: the descriptions of the domain's entities
 *
 * Each entity family (kt-contact.c, kt-deal.c, kt-invoice.c, ...) describes
 * its entities once: fields, types, references, indexes, search columns and
 * its own validation rules. The JSON codec, the SQLite store, the server's
 * PostgreSQL schema and REST routes, and sync are all driven by these
 * descriptions, so a field is added in one place.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

typedef struct _KtRecord KtRecord;

G_BEGIN_DECLS

typedef struct _KtEntity KtEntity;

typedef enum {
  KT_FIELD_TEXT,      /* UTF-8 string */
  KT_FIELD_EMAIL,     /* string, validated as an address */
  KT_FIELD_PHONE,     /* string of digits, spaces, + - ( ) */
  KT_FIELD_URL,       /* string, http(s):// */
  KT_FIELD_INT,       /* int64 */
  KT_FIELD_MONEY,     /* int64 minor units; currency in KtField.currency_field */
  KT_FIELD_QUANTITY,  /* int64 thousandths */
  KT_FIELD_BPS,       /* int64 basis points, 0..10000 */
  KT_FIELD_CURRENCY,  /* ISO 4217 code */
  KT_FIELD_BOOL,
  KT_FIELD_DATE,      /* "YYYY-MM-DD" */
  KT_FIELD_DATETIME,  /* ISO 8601 UTC, "2026-11-25T18:04:30.123Z" */
  KT_FIELD_ENUM,      /* one of KtField.choices */
  KT_FIELD_REF,       /* UUID of a record of KtField.ref_entity */
  KT_FIELD_TAGS,      /* JSON array of strings */
  KT_FIELD_JSON,      /* any JSON object (custom field values, links, ...) */
} KtFieldType;

typedef enum {
  KT_FIELD_REQUIRED   = 1 << 0,  /* must be present and non-empty */
  KT_FIELD_INDEXED    = 1 << 1,  /* the stores keep an index on it */
  KT_FIELD_SEARCHABLE = 1 << 2,  /* part of the full-text search */
  KT_FIELD_SORTABLE   = 1 << 3,  /* lists may sort by it */
  KT_FIELD_SERVER     = 1 << 4,  /* written only by the server, never by sync pushes */
  KT_FIELD_SECRET     = 1 << 5,  /* never in JSON output, never logged */
  KT_FIELD_GUARDED    = 1 << 6,  /* concurrent edits are surfaced as conflicts */
} KtFieldFlags;

typedef struct {
  const char         *name;            /* JSON key and SQL column */
  KtFieldType         type;
  KtFieldFlags        flags;
  const char         *label;           /* N_() marked, translated with _() */
  const char * const *choices;         /* KT_FIELD_ENUM: NULL-terminated */
  const char         *ref_entity;      /* KT_FIELD_REF: entity name */
  const char         *currency_field;  /* KT_FIELD_MONEY: sibling field */
  gint64              min, max;        /* numbers; both 0 means unbounded */
  guint               max_length;      /* strings; 0 means the default 1000 */
  const char         *default_value;   /* as JSON text, or NULL */
} KtField;

typedef enum {
  KT_ENTITY_SYNCED     = 1 << 0,  /* lives in the org change log; clients push it */
  KT_ENTITY_SERVER     = 1 << 1,  /* accounts, teams, billing: server-owned */
  KT_ENTITY_CHILD      = 1 << 2,  /* belongs to a parent (invoice item) */
  KT_ENTITY_CUSTOMIZE  = 1 << 3,  /* takes custom fields in its "custom" field */
  /* Its owner's alone (saved views): the server sends it to no other
   * member, answers 404 to their reads and writes, and keeps its owner. */
  KT_ENTITY_PRIVATE    = 1 << 4,
} KtEntityFlags;

typedef gboolean (*KtValidateFunc) (const KtEntity *entity,
                                    KtRecord       *record,
                                    GError        **error);

struct _KtEntity {
  const char     *name;          /* "contact": JSON "entity" and sync */
  const char     *plural;        /* "contacts": table and REST path */
  const char     *label;         /* N_("Contact") */
  KtEntityFlags   flags;
  const KtField  *fields;        /* terminated by { NULL } */
  const char     *parent_field;  /* KT_ENTITY_CHILD: the ref to the parent */
  const char     *title_fields;  /* comma list making a record's title:
                                    "first_name,last_name" */
  const char     *default_sort;  /* a field name, or a meta field such as
                                    "created_at"; "-" prefix for descending */
  KtValidateFunc  validate;      /* entity-specific rules, after the
                                    generic per-field checks; may be NULL */
};

/* The registry of every entity, in dependency order (a referenced entity
 * comes before the entities that reference it). */
const KtEntity * const *kt_entity_all          (void);
const KtEntity         *kt_entity_lookup       (const char *name);
const KtEntity         *kt_entity_lookup_plural (const char *plural);
const KtField          *kt_entity_get_field    (const KtEntity *entity,
                                                const char     *field);
guint                   kt_entity_n_fields     (const KtEntity *entity);
/* The position of @field in entity->fields, or -1. */
int                     kt_entity_get_field_index (const KtEntity *entity,
                                                   const char     *field);
/* max_length, or the default 1000 when the field gives none. */
guint                   kt_field_get_max_length (const KtField *field);

/* The meta fields every record carries, described for the stores. They are
 * not in KtEntity.fields. */
#define KT_META_ID          "id"
#define KT_META_ORG         "org_id"
#define KT_META_OWNER       "owner_id"
#define KT_META_CREATED     "created_at"
#define KT_META_UPDATED     "updated_at"
#define KT_META_HLC         "hlc"
#define KT_META_DELETED     "deleted"
#define KT_META_CLOCKS      "clocks"   /* field name -> HLC stamp (JSON object) */

gboolean kt_field_is_meta (const char *name);
const char *kt_field_type_to_string (KtFieldType type);

G_END_DECLS
