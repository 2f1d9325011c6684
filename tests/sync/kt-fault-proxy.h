/* kt-fault-proxy.h: an HTTP proxy that loses, duplicates and delays
 *
 * Sits between the simulated clients and the real server. With faults on,
 * each request is, by the seeded dice: dropped before the server sees it,
 * forwarded but its answer lost (the client sees a 502 and retries),
 * forwarded twice (at once or one after the other), and delayed. When the
 * server is down the proxy answers 502, as a load balancer would.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _KtFaultProxy KtFaultProxy;

KtFaultProxy *kt_fault_proxy_new        (const char   *target_url,
                                         guint32       seed);
void          kt_fault_proxy_free       (KtFaultProxy *proxy);
const char   *kt_fault_proxy_get_url    (KtFaultProxy *proxy);
void          kt_fault_proxy_set_faults (KtFaultProxy *proxy,
                                         gboolean      faults);
/* How many requests are in flight (forwarded, not yet answered). */
guint         kt_fault_proxy_in_flight  (KtFaultProxy *proxy);
void          kt_fault_proxy_get_stats  (KtFaultProxy *proxy,
                                         guint        *dropped,
                                         guint        *lost,
                                         guint        *duplicated);

G_END_DECLS
