/* kt-ai-secret.c: an organization's provider key, sealed at rest
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-ai-secret"

#include "config.h"

#include <glib/gi18n.h>
#include <sodium.h>
#include <string.h>

#include "kt-ai-secret.h"
#include "kt-server-error.h"

gboolean
kt_ai_secret_load_key (const KtServerConfig *config,
                       guint8                key[KT_AI_SECRET_KEY_BYTES],
                       GError              **error)
{
  g_autofree char *text = NULL;
  gsize length = 0;
  size_t bin_len = 0;

  g_return_val_if_fail (config != NULL, FALSE);

  if (config->ai_secret_key_file == NULL)
    {
      g_set_error_literal (error, KT_SERVER_ERROR, KT_SERVER_ERROR_AI_NOT_CONFIGURED,
                           _("The server has no [ai] secret-key-file to seal provider keys with"));
      return FALSE;
    }
  if (g_file_get_contents (config->ai_secret_key_file, &text, &length, NULL))
    g_strstrip (text);
  if (text == NULL ||
      sodium_hex2bin (key, KT_AI_SECRET_KEY_BYTES, text, strlen (text), NULL, &bin_len, NULL) != 0 ||
      bin_len != KT_AI_SECRET_KEY_BYTES)
    {
      if (text != NULL)
        sodium_memzero (text, length);
      g_set_error_literal (error, KT_SERVER_ERROR, KT_SERVER_ERROR_AI_NOT_CONFIGURED,
                           _("The [ai] secret-key-file does not hold 64 hex digits"));
      return FALSE;
    }
  sodium_memzero (text, length);
  return TRUE;
}

char *
kt_ai_secret_seal (const guint8  key[KT_AI_SECRET_KEY_BYTES],
                   const char   *plain)
{
  gsize plain_len = strlen (plain);
  gsize len = crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + plain_len;
  g_autofree guint8 *sealed = g_malloc (len);

  randombytes_buf (sealed, crypto_secretbox_NONCEBYTES);
  crypto_secretbox_easy (sealed + crypto_secretbox_NONCEBYTES, (const guint8 *) plain, plain_len,
                         sealed, key);
  return g_base64_encode (sealed, len);
}

char *
kt_ai_secret_open (const guint8  key[KT_AI_SECRET_KEY_BYTES],
                   const char   *sealed,
                   GError      **error)
{
  g_autofree guint8 *bytes = NULL;
  char *plain;
  gsize len = 0;

  bytes = g_base64_decode (sealed, &len);
  if (len < crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES)
    goto fail;
  plain = g_malloc (len - crypto_secretbox_NONCEBYTES - crypto_secretbox_MACBYTES + 1);
  if (crypto_secretbox_open_easy ((guint8 *) plain, bytes + crypto_secretbox_NONCEBYTES,
                                  len - crypto_secretbox_NONCEBYTES, bytes, key) != 0)
    {
      g_free (plain);
      goto fail;
    }
  plain[len - crypto_secretbox_NONCEBYTES - crypto_secretbox_MACBYTES] = '\0';
  return plain;

fail:
  g_set_error_literal (error, KT_SERVER_ERROR, KT_SERVER_ERROR_AI_NOT_CONFIGURED,
                       _("The organization’s AI key cannot be opened with the server’s secret key"));
  return NULL;
}
