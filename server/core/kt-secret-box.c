/* kt-secret-box.c: secrets sealed at rest under the server's key
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-secret-box"

#include "config.h"

#include <glib/gi18n.h>
#include <sodium.h>
#include <string.h>

#include "kt-secret-box.h"

#define PREFIX "ksb1:"
#define KEY_ID_BYTES 4
#define MAX_KEYS 8

G_DEFINE_QUARK (kt-secret-box-error-quark, kt_secret_box_error)

typedef struct {
  guint8 key[crypto_secretbox_KEYBYTES];
  guint8 id[KEY_ID_BYTES];
} Key;

/* The keys this server knows, the current one first. On the stack of
 * the caller and wiped after each use: the key files are read for each
 * seal or open (a few per request at most), so nothing of a key lingers
 * in the process between them. */
typedef struct {
  Key   keys[MAX_KEYS];
  guint n_keys;
} Ring;

static void
ring_clear (Ring *ring)
{
  sodium_memzero (ring, sizeof *ring);
}

static gboolean
add_hex (Ring        *ring,
         const char  *hex,
         const char  *where,
         GError     **error)
{
  Key *key;
  guint8 hash[crypto_generichash_BYTES_MIN];
  size_t length = 0;

  if (ring->n_keys == MAX_KEYS)
    {
      g_set_error (error, KT_SECRET_BOX_ERROR, KT_SECRET_BOX_ERROR_BAD_KEY,
                   _("More than %d secret keys are configured"), MAX_KEYS);
      return FALSE;
    }
  key = &ring->keys[ring->n_keys];
  if (strlen (hex) != 2 * crypto_secretbox_KEYBYTES ||
      sodium_hex2bin (key->key, sizeof key->key, hex, strlen (hex), NULL, &length, NULL) != 0 ||
      length != crypto_secretbox_KEYBYTES)
    {
      g_set_error (error, KT_SECRET_BOX_ERROR, KT_SECRET_BOX_ERROR_BAD_KEY,
                   _("%s does not hold 64 hex digits"), where);
      return FALSE;
    }
  /* The id names the key without giving it away: 32 bits of its hash,
   * enough to tell a handful of keys apart. */
  crypto_generichash (hash, sizeof hash, key->key, sizeof key->key, NULL, 0);
  memcpy (key->id, hash, KEY_ID_BYTES);
  for (guint i = 0; i < ring->n_keys; i++)
    {
      if (sodium_memcmp (ring->keys[i].key, key->key, sizeof key->key) == 0)
        {
          sodium_memzero (key, sizeof *key);   /* the same key named twice */
          return TRUE;
        }
    }
  ring->n_keys++;
  return TRUE;
}

static gboolean
add_file (Ring        *ring,
          const char  *path,
          const char  *setting,
          GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *where = NULL;
  char *text = kt_secret_file_read (path, &local_error);
  gboolean ok;

  if (text == NULL)
    {
      g_set_error (error, KT_SECRET_BOX_ERROR, KT_SECRET_BOX_ERROR_BAD_KEY,
                   _("Cannot read the %s %s: %s"), setting, path, local_error->message);
      return FALSE;
    }
  g_strstrip (text);
  where = g_strdup_printf ("The %s %s", setting, path);
  ok = add_hex (ring, text, where, error);
  kt_secret_free (text);
  return ok;
}

/* The current key first: [server] secret-key-file, else the deprecated
 * settings in the order the server used them; then every other key
 * configured, which only opens. */
static gboolean
ring_load (const KtServerConfig *config,
           Ring                 *ring,
           GError              **error)
{
  memset (ring, 0, sizeof *ring);
  if (sodium_init () < 0)
    {
      g_set_error (error, KT_SECRET_BOX_ERROR, KT_SECRET_BOX_ERROR_BAD_KEY, _("libsodium did not start"));
      return FALSE;
    }
  if (config->secret_key_file != NULL &&
      !add_file (ring, config->secret_key_file, "[server] secret-key-file", error))
    goto fail;
  if (config->ai_secret_key_file != NULL &&
      !add_file (ring, config->ai_secret_key_file, "[ai] secret-key-file", error))
    goto fail;
  if (config->stripe_org_secrets_key != NULL &&
      !add_hex (ring, config->stripe_org_secrets_key, "[stripe] org-secrets-key", error))
    goto fail;
  if (config->previous_secret_key_files != NULL)
    {
      g_auto(GStrv) paths = g_strsplit (config->previous_secret_key_files, ",", -1);

      for (guint i = 0; paths[i] != NULL; i++)
        {
          if (*g_strstrip (paths[i]) != '\0' &&
              !add_file (ring, paths[i], "[server] previous-secret-key-files", error))
            goto fail;
        }
    }
  if (ring->n_keys == 0)
    {
      g_set_error (error, KT_SECRET_BOX_ERROR, KT_SECRET_BOX_ERROR_NO_KEY,
                   _("The server has no [server] secret-key-file to seal secrets with"));
      return FALSE;
    }
  return TRUE;

fail:
  ring_clear (ring);
  return FALSE;
}

char *
kt_secret_box_seal (const KtServerConfig *config,
                    const char           *plain,
                    GError              **error)
{
  Ring ring;
  gsize plain_len;
  gsize len;
  g_autofree guint8 *sealed = NULL;
  g_autofree char *encoded = NULL;

  g_return_val_if_fail (config != NULL && plain != NULL, NULL);

  if (!ring_load (config, &ring, error))
    return NULL;
  plain_len = strlen (plain);
  len = KEY_ID_BYTES + crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + plain_len;
  sealed = g_malloc (len);
  memcpy (sealed, ring.keys[0].id, KEY_ID_BYTES);
  /* A fresh random nonce each time: XSalsa20's 24 bytes make a repeat
   * out of the question, and the same secret sealed twice differs. */
  randombytes_buf (sealed + KEY_ID_BYTES, crypto_secretbox_NONCEBYTES);
  crypto_secretbox_easy (sealed + KEY_ID_BYTES + crypto_secretbox_NONCEBYTES,
                         (const guint8 *) plain, plain_len, sealed + KEY_ID_BYTES, ring.keys[0].key);
  ring_clear (&ring);
  encoded = g_base64_encode (sealed, len);
  return g_strconcat (PREFIX, encoded, NULL);
}

/* Opens nonce || box with @key into a new string, or NULL. */
static char *
open_with (const Key    *key,
           const guint8 *data,
           gsize         length)
{
  gsize plain_len = length - crypto_secretbox_NONCEBYTES - crypto_secretbox_MACBYTES;
  char *plain = g_malloc0 (plain_len + 1);

  if (crypto_secretbox_open_easy ((guint8 *) plain, data + crypto_secretbox_NONCEBYTES,
                                  length - crypto_secretbox_NONCEBYTES, data, key->key) != 0)
    {
      g_free (plain);
      return NULL;
    }
  return plain;
}

char *
kt_secret_box_open (const KtServerConfig *config,
                    const char           *sealed,
                    GError              **error)
{
  Ring ring;
  g_autofree guint8 *data = NULL;
  const guint8 *box;
  gsize length = 0;
  gboolean versioned;
  char *plain = NULL;

  g_return_val_if_fail (config != NULL && sealed != NULL, NULL);

  if (!ring_load (config, &ring, error))
    return NULL;
  versioned = g_str_has_prefix (sealed, PREFIX);
  data = g_base64_decode (versioned ? sealed + strlen (PREFIX) : sealed, &length);
  box = versioned ? data + KEY_ID_BYTES : data;
  if (versioned)
    length = length >= KEY_ID_BYTES ? length - KEY_ID_BYTES : 0;
  if (length >= crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES)
    {
      for (guint i = 0; plain == NULL && i < ring.n_keys; i++)
        {
          /* The old format says no key: each is tried; the MAC refuses
           * the wrong ones. */
          if (!versioned || memcmp (ring.keys[i].id, data, KEY_ID_BYTES) == 0)
            plain = open_with (&ring.keys[i], box, length);
        }
    }
  ring_clear (&ring);
  if (plain == NULL)
    g_set_error (error, KT_SECRET_BOX_ERROR, KT_SECRET_BOX_ERROR_CANNOT_OPEN,
                 _("A stored secret does not open with this server’s secret keys: it was sealed "
                   "under another key, or changed"));
  return plain;
}

char *
kt_secret_file_read (const char  *path,
                     GError     **error)
{
  char *text = NULL;
  gsize length = 0;

  g_return_val_if_fail (path != NULL, NULL);

  if (!g_file_get_contents (path, &text, &length, error))
    return NULL;
  /* Files end with a newline; secrets do not. Only the line end goes:
   * a password may well end in a space. */
  while (length > 0 && (text[length - 1] == '\n' || text[length - 1] == '\r'))
    text[--length] = '\0';
  return text;
}
