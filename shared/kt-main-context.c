/* kt-main-context.c: hand work from a worker thread to a main context
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "kt-main-context.h"

/**
 * kt_main_context_post:
 * @context: (nullable): where @function runs; %NULL for the global
 *   default context
 * @function: called once in @context's thread, at %G_PRIORITY_DEFAULT
 * @data: for @function
 * @notify: (nullable): frees @data after @function ran, or when @context
 *   goes away first
 *
 * Queues @function on @context, never running it in the calling thread.
 * Functions posted from one thread run in the order they were posted.
 */
void
kt_main_context_post (GMainContext   *context,
                      GSourceFunc     function,
                      gpointer        data,
                      GDestroyNotify  notify)
{
  g_autoptr(GSource) source = g_idle_source_new ();

  g_return_if_fail (function != NULL);

  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, function, data, notify);
  g_source_set_static_name (source, "[kantora] kt_main_context_post");
  g_source_attach (source, context);
}
