/* kt-secret-box.h: secrets sealed at rest under the server's key, and
 * secrets read from files
 *
 * What the server stores for an organization and must give back to a
 * third party (an AI provider's key, the organization's own Stripe key
 * and webhook secret) is kept as a libsodium secretbox (XSalsa20-Poly1305)
 * under the server's secret key: 32 random bytes, 64 hex digits in the
 * file [server] secret-key-file names, never in the database, so a copy
 * of the database alone gives nothing away.
 *
 * A sealed value is text: "ksb1:" and the base64 of a key id (the first 4
 * bytes of the key's BLAKE2b hash), a fresh random nonce, and the box.
 * The key id says which key opens it, so the key can be rotated: the new
 * key goes into secret-key-file and the old one into
 * previous-secret-key-files, values sealed before keep opening, new ones
 * are sealed under the new key. A value without the prefix is the format
 * before the key id (base64 of nonce and box, as kt-ai-secret.c and
 * kt-org-stripe.c wrote it); every key of the ring is tried on it.
 *
 * The key's settings (docs/deploy.md, "The secret key"): [server]
 * secret-key-file; the deprecated [ai] secret-key-file (a file) and
 * [stripe] org-secrets-key (the hex itself) are read when it is not set,
 * and also kept in the ring for what they sealed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "kt-server-config.h"

G_BEGIN_DECLS

#define KT_SECRET_BOX_ERROR (kt_secret_box_error_quark ())

/**
 * KtSecretBoxError:
 * @KT_SECRET_BOX_ERROR_NO_KEY: the server has no secret key configured
 * @KT_SECRET_BOX_ERROR_BAD_KEY: a key file cannot be read or does not hold 64 hex digits
 * @KT_SECRET_BOX_ERROR_CANNOT_OPEN: the value was sealed under a key the
 *   server does not have, or was changed
 */
typedef enum {
  KT_SECRET_BOX_ERROR_NO_KEY,
  KT_SECRET_BOX_ERROR_BAD_KEY,
  KT_SECRET_BOX_ERROR_CANNOT_OPEN,
} KtSecretBoxError;

GQuark   kt_secret_box_error_quark (void);

/* @plain sealed under @config's current key (see above), as text. */
char    *kt_secret_box_seal        (const KtServerConfig *config,
                                    const char           *plain,
                                    GError              **error);
/* The plain text of @sealed (either format), or NULL with an error. The
 * caller kt_secret_free()s it. */
char    *kt_secret_box_open        (const KtServerConfig *config,
                                    const char           *sealed,
                                    GError              **error);

/* The secret in the file @path (a key, a password), without the line end
 * the file ends with; the buffer is the only copy, and the caller
 * kt_secret_free()s it. Fails with the G_FILE_ERROR of the read; the
 * caller says what the file was for. */
char    *kt_secret_file_read       (const char           *path,
                                    GError              **error);

G_END_DECLS
