/* kt-settings-util.h: what the server-owned settings forms share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kt-record.h"

G_BEGIN_DECLS

/* A record of @entity from the server's JSON @object: the members named
 * by @names (every field of @entity when NULL). A value stored under
 * older rules does not keep a form from opening: it is logged and the
 * form's validation says what to fix. */
KtRecord   *kt_settings_record_from_json (const KtEntity     *entity,
                                          JsonObject         *object,
                                          const char * const *names);

/* The keys named by @names (every field when NULL) whose values differ
 * between @before and @after, as a PATCH body: the new value, or null
 * for one that was cleared. */
JsonObject *kt_settings_changed_keys     (KtRecord           *before,
                                          KtRecord           *after,
                                          const char * const *names);

G_END_DECLS
