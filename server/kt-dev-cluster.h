/* kt-dev-cluster.h: the PostgreSQL cluster that `kantora-server --dev` runs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _KtDevCluster KtDevCluster;

/* The directory holding initdb, pg_ctl and postgres: $KANTORA_PG_BINDIR,
 * else the one on $PATH, else Debian's /usr/lib/postgresql/<newest>/bin. */
char         *kt_dev_cluster_find_bindir (GError **error);

/* Creates the cluster the first time, then starts it (or reuses it when it
 * already runs). Unix socket only, no TCP port. When run as root the
 * cluster lives under /var/tmp (see docs/deploy.md) and runs as the
 * postgres user. */
KtDevCluster *kt_dev_cluster_start   (const char    *data_dir,
                                      GError       **error);
/* libpq conninfo for the "kantora" database of the cluster. */
const char   *kt_dev_cluster_get_conninfo (KtDevCluster *cluster);
const char   *kt_dev_cluster_get_path     (KtDevCluster *cluster);
/* Stops the cluster if this process started it, and frees @cluster. */
void          kt_dev_cluster_stop    (KtDevCluster *cluster);

G_END_DECLS
