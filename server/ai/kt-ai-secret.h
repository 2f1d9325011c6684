/* kt-ai-secret.h: an organization's provider key, sealed at rest
 *
 * An Owner or Admin may give the organization its own provider and key
 * (docs/ai.md). The key is stored sealed with libsodium's secretbox
 * (XSalsa20-Poly1305) under the server's secret key, which is read from
 * the file [ai] secret-key-file names (64 hex digits) and never stored in
 * the database: a copy of the database alone does not give the keys away.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "kt-server-config.h"

G_BEGIN_DECLS

#define KT_AI_SECRET_KEY_BYTES 32

/* Reads the server's secret key; FALSE with an error when the setting
 * is missing or the file does not hold 64 hex digits. */
gboolean kt_ai_secret_load_key (const KtServerConfig *config,
                                guint8                key[KT_AI_SECRET_KEY_BYTES],
                                GError              **error);
/* @plain sealed (nonce and box) as base64 text. */
char    *kt_ai_secret_seal     (const guint8          key[KT_AI_SECRET_KEY_BYTES],
                                const char           *plain);
/* The plain text again, or NULL with an error when @sealed was not
 * sealed under @key or was changed. */
char    *kt_ai_secret_open     (const guint8          key[KT_AI_SECRET_KEY_BYTES],
                                const char           *sealed,
                                GError              **error);

G_END_DECLS
