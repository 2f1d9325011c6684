/* kt-secrets-libsecret.c: secrets in the system keyring through libsecret
 *
 * The token is stored as a password item of our own schema with the
 * server's address and the account as attributes, in the default
 * collection (the login keyring), so it survives restarts but never
 * touches a plain file.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-secrets"

#include "config.h"

#include <glib/gi18n.h>
#include <libsecret/secret.h>

#include "kt-secrets.h"

struct _KtSecretsLibsecret
{
  GObject parent_instance;
};

static void kt_secrets_libsecret_iface_init (KtSecretsInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (KtSecretsLibsecret, kt_secrets_libsecret, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (KT_TYPE_SECRETS,
                                                      kt_secrets_libsecret_iface_init))

static const SecretSchema *
get_schema (void)
{
  static const SecretSchema schema = {
    "org.kantora.Kantora.SyncToken", SECRET_SCHEMA_NONE,
    {
      { "server", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "account", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    },
    0, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
  };

  return &schema;
}

static void
on_password_store_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  GError *error = NULL;

  if (!secret_password_store_finish (result, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
libsecret_store_async (KtSecrets           *secrets,
                       const char          *server,
                       const char          *account,
                       const char          *secret,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  GTask *task = g_task_new (secrets, cancellable, callback, user_data);
  g_autofree char *label = NULL;

  g_task_set_source_tag (task, libsecret_store_async);
  /* TRANSLATORS: the label of the keyring item; %s is the server address */
  label = g_strdup_printf (_("Kantora sync token for %s"), server);
  secret_password_store (get_schema (), SECRET_COLLECTION_DEFAULT, label,
                         secret, cancellable, on_password_store_cb, task,
                         "server", server, "account", account, NULL);
}

static gboolean
libsecret_boolean_finish (KtSecrets     *secrets,
                          GAsyncResult  *result,
                          GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
on_password_lookup_cb (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  GError *error = NULL;
  char *secret;

  secret = secret_password_lookup_finish (result, &error);
  if (error != NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  /* Copy into ordinary memory: callers free with g_free(). */
  g_task_return_pointer (task, g_strdup (secret), g_free);
  secret_password_free (secret);
}

static void
libsecret_lookup_async (KtSecrets           *secrets,
                        const char          *server,
                        const char          *account,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  GTask *task = g_task_new (secrets, cancellable, callback, user_data);

  g_task_set_source_tag (task, libsecret_lookup_async);
  secret_password_lookup (get_schema (), cancellable, on_password_lookup_cb,
                          task, "server", server, "account", account, NULL);
}

static char *
libsecret_lookup_finish (KtSecrets     *secrets,
                         GAsyncResult  *result,
                         GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
on_password_clear_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  GError *error = NULL;

  /* FALSE without an error only means there was nothing to remove. */
  secret_password_clear_finish (result, &error);
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
libsecret_clear_async (KtSecrets           *secrets,
                       const char          *server,
                       const char          *account,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  GTask *task = g_task_new (secrets, cancellable, callback, user_data);

  g_task_set_source_tag (task, libsecret_clear_async);
  secret_password_clear (get_schema (), cancellable, on_password_clear_cb,
                         task, "server", server, "account", account, NULL);
}

static void
on_unlock_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  GError *error = NULL;
  int n;

  n = secret_service_unlock_finish (SECRET_SERVICE (source), result, NULL, &error);
  if (error != NULL)
    g_task_return_error (task, error);
  else if (n == 0)
    /* The person dismissed the keyring's password prompt. */
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                             _("The keyring stayed locked."));
  else
    g_task_return_boolean (task, TRUE);
}

static void
on_default_collection_cb (GObject      *source,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  GTask *task = user_data;
  GError *error = NULL;
  g_autoptr (SecretCollection) collection = secret_collection_for_alias_finish (result, &error);
  g_autoptr (GList) objects = NULL;

  if (error != NULL)
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  /* No default collection: storing creates one, nothing is locked. */
  if (collection == NULL || !secret_collection_get_locked (collection))
    {
      g_task_return_boolean (task, TRUE);
      g_object_unref (task);
      return;
    }
  objects = g_list_prepend (NULL, collection);
  secret_service_unlock (secret_collection_get_service (collection), objects,
                         g_task_get_cancellable (task), on_unlock_cb, task);
}

/* The token lives in the default collection (the login keyring), so
 * that is the one to unlock; the service shows its own prompt. */
static void
libsecret_unlock_async (KtSecrets           *secrets,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  GTask *task = g_task_new (secrets, cancellable, callback, user_data);

  g_task_set_source_tag (task, libsecret_unlock_async);
  secret_collection_for_alias (NULL, SECRET_COLLECTION_DEFAULT, SECRET_COLLECTION_NONE,
                               cancellable, on_default_collection_cb, task);
}

static void
kt_secrets_libsecret_iface_init (KtSecretsInterface *iface)
{
  iface->unlock_async = libsecret_unlock_async;
  iface->unlock_finish = libsecret_boolean_finish;
  iface->store_async = libsecret_store_async;
  iface->store_finish = libsecret_boolean_finish;
  iface->lookup_async = libsecret_lookup_async;
  iface->lookup_finish = libsecret_lookup_finish;
  iface->clear_async = libsecret_clear_async;
  iface->clear_finish = libsecret_boolean_finish;
}

static void
kt_secrets_libsecret_class_init (KtSecretsLibsecretClass *klass)
{
}

static void
kt_secrets_libsecret_init (KtSecretsLibsecret *self)
{
}

/**
 * kt_secrets_libsecret_new:
 *
 * Returns: (transfer full): secrets kept in the system keyring
 */
KtSecrets *
kt_secrets_libsecret_new (void)
{
  return g_object_new (KT_TYPE_SECRETS_LIBSECRET, NULL);
}

/**
 * kt_secrets_new_default:
 *
 * Returns: (transfer full): the platform's keyring
 */
KtSecrets *
kt_secrets_new_default (void)
{
  return kt_secrets_libsecret_new ();
}

/**
 * kt_secrets_shutdown:
 *
 * Disconnects libsecret's cached SecretService, so its D-Bus proxies and
 * pending messages are freed before the process exits rather than left
 * for the operating system (and reported by leak checkers).
 */
void
kt_secrets_shutdown (void)
{
  secret_service_disconnect ();
}
