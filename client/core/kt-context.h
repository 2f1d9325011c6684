/* kt-context.h: what every window and pane works with
 *
 * One context per open store: the store, the settings and, with later
 * issues, the sync engine and the AI client. Windows and panes take it as a
 * construct-only "context" property instead of reaching for globals
 * (the pattern of GNOME Calendar's GcalContext).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "kt-store.h"
#include "kt-sync-engine.h"

G_BEGIN_DECLS

/* The schema id does not change with the .Devel profile: both profiles
 * read the same settings. */
#define KT_SETTINGS_SCHEMA_ID "org.kantora.Kantora"

#define KT_TYPE_CONTEXT (kt_context_get_type ())
G_DECLARE_FINAL_TYPE (KtContext, kt_context, KT, CONTEXT, GObject)

KtContext *kt_context_new              (GSettings *settings,
                                        KtStore   *store);
KtStore   *kt_context_get_store        (KtContext *self);
GSettings *kt_context_get_settings     (KtContext *self);
/* Where the sync token is kept: the keyring unless set (tests give an
 * in-memory one). Only before the first kt_context_get_sync_engine(). */
void       kt_context_set_secrets      (KtContext *self,
                                        KtSecrets *secrets);
/* The sync engine of the store, made on first use with the store's
 * server address or else the "server-url" setting. */
KtSyncEngine *kt_context_get_sync_engine (KtContext *self);

/* The store path to open: @override if given, else the "store-path"
 * setting, else kt_store_default_path(). */
char      *kt_context_dup_store_path   (GSettings  *settings,
                                        const char *override);

/* The application is quitting: saves what the store learnt this session
 * that makes the next start faster (the long lists' orders,
 * kt_store_save_orders()). The store itself may outlive the context:
 * windows and lists hold it. */
void       kt_context_shutdown         (KtContext *self);

/* TRUE when the store holds no contacts, companies or deals yet: a
 * newcomer, who gets demo data. */
gboolean   kt_context_store_is_empty   (KtContext *self);

/* Fills the store with the first-start demo data (kt_gen_fill()) in a
 * worker thread; the "demo-progress" property (from 0 to 1, notified on
 * the calling thread) says how far it is. */
void       kt_context_fill_demo_async  (KtContext           *self,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data);
gboolean   kt_context_fill_demo_finish (KtContext     *self,
                                        GAsyncResult  *result,
                                        GError       **error);
double     kt_context_get_demo_progress (KtContext    *self);

G_END_DECLS
