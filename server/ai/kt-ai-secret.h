/* kt-ai-secret.h: an organization's provider key, sealed at rest
 *
 * An Owner or Admin may give the organization its own provider and key
 * (docs/ai.md). The key is stored sealed under the server's secret key
 * (server/core/kt-secret-box.h, [server] secret-key-file), which is never
 * stored in the database: a copy of the database alone does not give the
 * keys away. These two say it in the AI proxy's terms (its error code).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "kt-server-config.h"

G_BEGIN_DECLS

/* @plain sealed, or NULL with `ai_not_configured` when the server has no
 * usable secret key. */
char    *kt_ai_secret_seal     (const KtServerConfig *config,
                                const char           *plain,
                                GError              **error);
/* The plain text again (kt_secret_free() it), or NULL with an error when
 * @sealed was not sealed under a key of this server or was changed. */
char    *kt_ai_secret_open     (const KtServerConfig *config,
                                const char           *sealed,
                                GError              **error);

G_END_DECLS
