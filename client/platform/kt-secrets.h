/* kt-secrets.h: where the client keeps its secrets (the sync bearer token)
 *
 * A small interface so the sync engine never touches a plain file for a
 * token. The Linux implementation (kt-secrets-libsecret.c) uses the system
 * keyring through libsecret; an in-memory implementation serves tests and
 * simulations. Other platforms provide their own implementation behind the
 * same interface. Secrets are never logged by any implementation.
 *
 * A secret is addressed by the server's address and an account name (the
 * engine uses the store's client id, so two stores never share a token).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define KT_TYPE_SECRETS (kt_secrets_get_type ())
G_DECLARE_INTERFACE (KtSecrets, kt_secrets, KT, SECRETS, GObject)

struct _KtSecretsInterface
{
  GTypeInterface parent_iface;

  void      (*store_async)   (KtSecrets           *self,
                              const char          *server,
                              const char          *account,
                              const char          *secret,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data);
  gboolean  (*store_finish)  (KtSecrets           *self,
                              GAsyncResult        *result,
                              GError             **error);
  void      (*lookup_async)  (KtSecrets           *self,
                              const char          *server,
                              const char          *account,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data);
  char     *(*lookup_finish) (KtSecrets           *self,
                              GAsyncResult        *result,
                              GError             **error);
  void      (*clear_async)   (KtSecrets           *self,
                              const char          *server,
                              const char          *account,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data);
  gboolean  (*clear_finish)  (KtSecrets           *self,
                              GAsyncResult        *result,
                              GError             **error);
  /* Optional: a keyring that is never locked leaves them NULL. */
  void      (*unlock_async)  (KtSecrets           *self,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data);
  gboolean  (*unlock_finish) (KtSecrets           *self,
                              GAsyncResult        *result,
                              GError             **error);
};

/* Stores (replacing) the secret for @server and @account. */
void      kt_secrets_store_async   (KtSecrets           *self,
                                    const char          *server,
                                    const char          *account,
                                    const char          *secret,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data);
gboolean  kt_secrets_store_finish  (KtSecrets           *self,
                                    GAsyncResult        *result,
                                    GError             **error);
/* Finishes with the secret, or NULL and no error when there is none. */
void      kt_secrets_lookup_async  (KtSecrets           *self,
                                    const char          *server,
                                    const char          *account,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data);
char     *kt_secrets_lookup_finish (KtSecrets           *self,
                                    GAsyncResult        *result,
                                    GError             **error);
/* Removes the secret; removing a missing one is not an error. */
void      kt_secrets_clear_async   (KtSecrets           *self,
                                    const char          *server,
                                    const char          *account,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data);
gboolean  kt_secrets_clear_finish  (KtSecrets           *self,
                                    GAsyncResult        *result,
                                    GError             **error);

/* Asks for the keyring to be unlocked (the desktop asks the person for
 * its password) if it is locked. A locked keyring hides its secrets:
 * lookup finds nothing, as if the secret were gone. Finishes with TRUE
 * when the keyring is unlocked now (or was), FALSE and an error when it
 * stays locked (the person declined, or nobody can be asked). */
void      kt_secrets_unlock_async  (KtSecrets           *self,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data);
gboolean  kt_secrets_unlock_finish (KtSecrets           *self,
                                    GAsyncResult        *result,
                                    GError             **error);

/* Blocking helpers for command-line tools: they run the async call on a
 * private main context. Never call them from the GUI's main loop. */
gboolean  kt_secrets_store_sync    (KtSecrets   *self,
                                    const char  *server,
                                    const char  *account,
                                    const char  *secret,
                                    GError     **error);
char     *kt_secrets_lookup_sync   (KtSecrets   *self,
                                    const char  *server,
                                    const char  *account,
                                    GError     **error);
gboolean  kt_secrets_clear_sync    (KtSecrets   *self,
                                    const char  *server,
                                    const char  *account,
                                    GError     **error);

/* An implementation that keeps secrets in memory only (tests, simulations). */
#define KT_TYPE_SECRETS_MEMORY (kt_secrets_memory_get_type ())
G_DECLARE_FINAL_TYPE (KtSecretsMemory, kt_secrets_memory, KT, SECRETS_MEMORY, GObject)

KtSecrets *kt_secrets_memory_new (void);
/* Locks the in-memory keyring as a new login session's keyring can be:
 * lookups find nothing until kt_secrets_unlock_async() unlocks it, which
 * succeeds when @will_unlock (the person typed the password) and fails
 * otherwise (they declined). */
void       kt_secrets_memory_lock             (KtSecretsMemory *self,
                                               gboolean         will_unlock);
gboolean   kt_secrets_memory_get_locked       (KtSecretsMemory *self);
/* How many times an unlock was asked for. */
guint      kt_secrets_memory_get_unlock_count (KtSecretsMemory *self);

/* The system keyring through libsecret (Linux). */
#define KT_TYPE_SECRETS_LIBSECRET (kt_secrets_libsecret_get_type ())
G_DECLARE_FINAL_TYPE (KtSecretsLibsecret, kt_secrets_libsecret, KT, SECRETS_LIBSECRET, GObject)

KtSecrets *kt_secrets_libsecret_new (void);

/* The platform's default implementation (the keyring on Linux). */
KtSecrets *kt_secrets_new_default (void);

/* Drops the process-wide connection to the platform's secret service
 * (libsecret caches one for the life of the process). Call it once at
 * shutdown, after the last KtSecrets call has finished. */
void       kt_secrets_shutdown    (void);

G_END_DECLS
