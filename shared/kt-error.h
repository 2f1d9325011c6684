/* kt-error.h: the error domain of the shared library
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define KT_ERROR (kt_error_quark ())

/**
 * KtError:
 * @KT_ERROR_INVALID: a value failed validation; the message names the field
 * @KT_ERROR_UNKNOWN_ENTITY: an entity name that the model does not know
 * @KT_ERROR_UNKNOWN_FIELD: a field name that the entity does not have
 * @KT_ERROR_WRONG_TYPE: a JSON value of the wrong type for its field
 * @KT_ERROR_MALFORMED: input that cannot be parsed at all (JSON, HLC, UUID...)
 * @KT_ERROR_OVERFLOW: an amount that does not fit in 64 bits
 * @KT_ERROR_NOT_FOUND: a record that does not exist
 * @KT_ERROR_CLOCK_DRIFT: a hybrid logical clock too far ahead of the wall clock
 * @KT_ERROR_TOO_LARGE: input within the byte limit that holds more than its
 *   parser accepts (e.g. more JSON values than a request may have)
 *
 * Every error carries a translated message meant for a person; the code is
 * meant for programs.
 */
typedef enum {
  KT_ERROR_INVALID,
  KT_ERROR_UNKNOWN_ENTITY,
  KT_ERROR_UNKNOWN_FIELD,
  KT_ERROR_WRONG_TYPE,
  KT_ERROR_MALFORMED,
  KT_ERROR_OVERFLOW,
  KT_ERROR_NOT_FOUND,
  KT_ERROR_CLOCK_DRIFT,
  KT_ERROR_TOO_LARGE,
} KtError;

GQuark kt_error_quark (void);

/* KT_ERROR is an extended error domain: an error about one field remembers
 * the field's key, so a form can point at it. Errors of other domains
 * answer NULL. */
const char *kt_error_get_field (const GError *error);
void        kt_error_set_field (GError       *error,
                                const char   *field);

G_END_DECLS
