/* kt-main-context.h: hand work from a worker thread to a main context
 *
 * g_main_context_invoke() runs its function at once, in the calling
 * thread, when the calling thread can acquire the context: a worker of
 * GLib's thread pools has no thread-default context, so the global
 * default one counts as its own, and whenever the main thread is between
 * two iterations (a test's loop, a modal wait) the worker took it and ran
 * the main thread's callback itself, ahead of the ones still queued. A
 * progress bar went backwards that way (0.67, then 0.5) and GTK was
 * touched from a worker. kt_main_context_post() always queues.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

void kt_main_context_post (GMainContext   *context,
                           GSourceFunc     function,
                           gpointer        data,
                           GDestroyNotify  notify);

G_END_DECLS
