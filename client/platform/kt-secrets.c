/* kt-secrets.c: the secrets interface and its in-memory implementation
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kt-secrets"

#include "config.h"

#include <glib/gi18n.h>

#include "kt-secrets.h"

G_DEFINE_INTERFACE (KtSecrets, kt_secrets, G_TYPE_OBJECT)

static void
kt_secrets_default_init (KtSecretsInterface *iface)
{
}

void
kt_secrets_store_async (KtSecrets           *self,
                        const char          *server,
                        const char          *account,
                        const char          *secret,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_return_if_fail (KT_IS_SECRETS (self));
  g_return_if_fail (server != NULL && account != NULL && secret != NULL);

  KT_SECRETS_GET_IFACE (self)->store_async (self, server, account, secret,
                                            cancellable, callback, user_data);
}

gboolean
kt_secrets_store_finish (KtSecrets     *self,
                         GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (KT_IS_SECRETS (self), FALSE);

  return KT_SECRETS_GET_IFACE (self)->store_finish (self, result, error);
}

void
kt_secrets_lookup_async (KtSecrets           *self,
                         const char          *server,
                         const char          *account,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_return_if_fail (KT_IS_SECRETS (self));
  g_return_if_fail (server != NULL && account != NULL);

  KT_SECRETS_GET_IFACE (self)->lookup_async (self, server, account,
                                             cancellable, callback, user_data);
}

char *
kt_secrets_lookup_finish (KtSecrets     *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (KT_IS_SECRETS (self), NULL);

  return KT_SECRETS_GET_IFACE (self)->lookup_finish (self, result, error);
}

void
kt_secrets_clear_async (KtSecrets           *self,
                        const char          *server,
                        const char          *account,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_return_if_fail (KT_IS_SECRETS (self));
  g_return_if_fail (server != NULL && account != NULL);

  KT_SECRETS_GET_IFACE (self)->clear_async (self, server, account,
                                            cancellable, callback, user_data);
}

gboolean
kt_secrets_clear_finish (KtSecrets     *self,
                         GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (KT_IS_SECRETS (self), FALSE);

  return KT_SECRETS_GET_IFACE (self)->clear_finish (self, result, error);
}

void
kt_secrets_unlock_async (KtSecrets           *self,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  KtSecretsInterface *iface;
  g_autoptr (GTask) task = NULL;

  g_return_if_fail (KT_IS_SECRETS (self));

  iface = KT_SECRETS_GET_IFACE (self);
  if (iface->unlock_async != NULL)
    {
      iface->unlock_async (self, cancellable, callback, user_data);
      return;
    }
  /* Nothing that locks: it is unlocked. */
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, kt_secrets_unlock_async);
  g_task_return_boolean (task, TRUE);
}

gboolean
kt_secrets_unlock_finish (KtSecrets     *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  KtSecretsInterface *iface;

  g_return_val_if_fail (KT_IS_SECRETS (self), FALSE);

  iface = KT_SECRETS_GET_IFACE (self);
  if (iface->unlock_finish != NULL && !g_async_result_is_tagged (result, kt_secrets_unlock_async))
    return iface->unlock_finish (self, result, error);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* The blocking helpers: run the async call on a private context so that
 * nothing else on the caller's main loop is dispatched meanwhile. */
typedef struct {
  GMainContext *context;
  GAsyncResult *result;
} SyncWait;

static void
on_sync_wait_ready_cb (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  SyncWait *wait = user_data;

  wait->result = g_object_ref (result);
  g_main_context_wakeup (wait->context);
}

static void
sync_wait_run (SyncWait *wait)
{
  while (wait->result == NULL)
    g_main_context_iteration (wait->context, TRUE);
}

gboolean
kt_secrets_store_sync (KtSecrets   *self,
                       const char  *server,
                       const char  *account,
                       const char  *secret,
                       GError     **error)
{
  SyncWait wait = { g_main_context_new (), NULL };
  gboolean ret;

  g_main_context_push_thread_default (wait.context);
  kt_secrets_store_async (self, server, account, secret, NULL,
                          on_sync_wait_ready_cb, &wait);
  sync_wait_run (&wait);
  g_main_context_pop_thread_default (wait.context);
  ret = kt_secrets_store_finish (self, wait.result, error);
  g_object_unref (wait.result);
  g_main_context_unref (wait.context);
  return ret;
}

char *
kt_secrets_lookup_sync (KtSecrets   *self,
                        const char  *server,
                        const char  *account,
                        GError     **error)
{
  SyncWait wait = { g_main_context_new (), NULL };
  char *ret;

  g_main_context_push_thread_default (wait.context);
  kt_secrets_lookup_async (self, server, account, NULL,
                           on_sync_wait_ready_cb, &wait);
  sync_wait_run (&wait);
  g_main_context_pop_thread_default (wait.context);
  ret = kt_secrets_lookup_finish (self, wait.result, error);
  g_object_unref (wait.result);
  g_main_context_unref (wait.context);
  return ret;
}

gboolean
kt_secrets_clear_sync (KtSecrets   *self,
                       const char  *server,
                       const char  *account,
                       GError     **error)
{
  SyncWait wait = { g_main_context_new (), NULL };
  gboolean ret;

  g_main_context_push_thread_default (wait.context);
  kt_secrets_clear_async (self, server, account, NULL,
                          on_sync_wait_ready_cb, &wait);
  sync_wait_run (&wait);
  g_main_context_pop_thread_default (wait.context);
  ret = kt_secrets_clear_finish (self, wait.result, error);
  g_object_unref (wait.result);
  g_main_context_unref (wait.context);
  return ret;
}

/* The in-memory implementation. */

struct _KtSecretsMemory
{
  GObject     parent_instance;
  GHashTable *secrets;   /* "server\naccount" -> secret */
  gboolean    locked;
  gboolean    will_unlock;
  guint       unlock_count;
};

static void kt_secrets_memory_iface_init (KtSecretsInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (KtSecretsMemory, kt_secrets_memory, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (KT_TYPE_SECRETS,
                                                      kt_secrets_memory_iface_init))

static char *
memory_key (const char *server,
            const char *account)
{
  return g_strconcat (server, "\n", account, NULL);
}

static void
memory_store_async (KtSecrets           *secrets,
                    const char          *server,
                    const char          *account,
                    const char          *secret,
                    GCancellable        *cancellable,
                    GAsyncReadyCallback  callback,
                    gpointer             user_data)
{
  KtSecretsMemory *self = KT_SECRETS_MEMORY (secrets);
  g_autoptr (GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, memory_store_async);
  g_hash_table_replace (self->secrets, memory_key (server, account),
                        g_strdup (secret));
  g_task_return_boolean (task, TRUE);
}

static gboolean
memory_boolean_finish (KtSecrets     *secrets,
                       GAsyncResult  *result,
                       GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
memory_lookup_async (KtSecrets           *secrets,
                     const char          *server,
                     const char          *account,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  KtSecretsMemory *self = KT_SECRETS_MEMORY (secrets);
  g_autoptr (GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autofree char *key = memory_key (server, account);

  g_task_set_source_tag (task, memory_lookup_async);
  /* A locked keyring answers as libsecret does: no such secret. */
  g_task_return_pointer (task,
                         self->locked ? NULL : g_strdup (g_hash_table_lookup (self->secrets, key)),
                         g_free);
}

static char *
memory_lookup_finish (KtSecrets     *secrets,
                      GAsyncResult  *result,
                      GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
memory_clear_async (KtSecrets           *secrets,
                    const char          *server,
                    const char          *account,
                    GCancellable        *cancellable,
                    GAsyncReadyCallback  callback,
                    gpointer             user_data)
{
  KtSecretsMemory *self = KT_SECRETS_MEMORY (secrets);
  g_autoptr (GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autofree char *key = memory_key (server, account);

  g_task_set_source_tag (task, memory_clear_async);
  g_hash_table_remove (self->secrets, key);
  g_task_return_boolean (task, TRUE);
}

static void
memory_unlock_async (KtSecrets           *secrets,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  KtSecretsMemory *self = KT_SECRETS_MEMORY (secrets);
  g_autoptr (GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, memory_unlock_async);
  if (self->locked)
    self->unlock_count++;
  if (self->locked && !self->will_unlock)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                               _("The keyring stayed locked."));
      return;
    }
  self->locked = FALSE;
  g_task_return_boolean (task, TRUE);
}

static void
kt_secrets_memory_iface_init (KtSecretsInterface *iface)
{
  iface->unlock_async = memory_unlock_async;
  iface->unlock_finish = memory_boolean_finish;
  iface->store_async = memory_store_async;
  iface->store_finish = memory_boolean_finish;
  iface->lookup_async = memory_lookup_async;
  iface->lookup_finish = memory_lookup_finish;
  iface->clear_async = memory_clear_async;
  iface->clear_finish = memory_boolean_finish;
}

static void
kt_secrets_memory_finalize (GObject *object)
{
  KtSecretsMemory *self = KT_SECRETS_MEMORY (object);

  g_clear_pointer (&self->secrets, g_hash_table_unref);

  G_OBJECT_CLASS (kt_secrets_memory_parent_class)->finalize (object);
}

static void
kt_secrets_memory_class_init (KtSecretsMemoryClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = kt_secrets_memory_finalize;
}

static void
kt_secrets_memory_init (KtSecretsMemory *self)
{
  self->secrets = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

/**
 * kt_secrets_memory_new:
 *
 * Returns: (transfer full): secrets that live as long as the object
 */
KtSecrets *
kt_secrets_memory_new (void)
{
  return g_object_new (KT_TYPE_SECRETS_MEMORY, NULL);
}

void
kt_secrets_memory_lock (KtSecretsMemory *self,
                        gboolean         will_unlock)
{
  g_return_if_fail (KT_IS_SECRETS_MEMORY (self));

  self->locked = TRUE;
  self->will_unlock = will_unlock;
}

gboolean
kt_secrets_memory_get_locked (KtSecretsMemory *self)
{
  g_return_val_if_fail (KT_IS_SECRETS_MEMORY (self), FALSE);
  return self->locked;
}

guint
kt_secrets_memory_get_unlock_count (KtSecretsMemory *self)
{
  g_return_val_if_fail (KT_IS_SECRETS_MEMORY (self), 0);
  return self->unlock_count;
}
