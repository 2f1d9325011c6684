/* kt-error.c: the error domain of the shared library
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-error"

#include "config.h"

#include <glib/gi18n.h>

#include "kt-error.h"

/* The private data every KT_ERROR carries: the key of the field the error
 * is about, so the UI can highlight it without parsing the message. */
typedef struct {
  char *field;
} KtErrorPrivate;

/* G_DEFINE_EXTENDED_ERROR's accessor may return NULL (after a critical),
 * so each hook checks, which also keeps -Wnull-dereference quiet. */
static void
kt_error_private_init (KtErrorPrivate *priv)
{
  if (priv != NULL)
    priv->field = NULL;
}

static void
kt_error_private_copy (const KtErrorPrivate *src,
                       KtErrorPrivate       *dest)
{
  if (src != NULL && dest != NULL)
    dest->field = g_strdup (src->field);
}

static void
kt_error_private_clear (KtErrorPrivate *priv)
{
  if (priv != NULL)
    g_clear_pointer (&priv->field, g_free);
}

G_DEFINE_EXTENDED_ERROR (KtError, kt_error)

/**
 * kt_error_get_field:
 * @error: a #GError
 *
 * Returns: (nullable) (transfer none): the field key the error is about, or
 *   %NULL if it is not a KT_ERROR or names no field.
 */
const char *
kt_error_get_field (const GError *error)
{
  KtErrorPrivate *priv;

  if (error == NULL || error->domain != KT_ERROR)
    return NULL;

  priv = kt_error_get_private (error);
  return priv != NULL ? priv->field : NULL;
}

/**
 * kt_error_set_field:
 * @error: a KT_ERROR #GError
 * @field: (nullable): the field key
 *
 * Remembers the field @error is about.
 */
void
kt_error_set_field (GError     *error,
                    const char *field)
{
  KtErrorPrivate *priv;

  g_return_if_fail (error != NULL);
  g_return_if_fail (error->domain == KT_ERROR);

  priv = kt_error_get_private (error);
  if (priv != NULL && priv->field != field)
    {
      g_free (priv->field);
      priv->field = g_strdup (field);
    }
}
