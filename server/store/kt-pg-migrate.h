/* kt-pg-migrate.h: versioned schema migrations
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kt-pg.h"

G_BEGIN_DECLS

/* The newest migration version this build knows. */
guint    kt_pg_migrate_latest (void);

/* Brings the database up to date in one transaction under an advisory
 * lock: instances that start together wait for each other and the second
 * one finds nothing left to do. Then the synced entity tables are made to
 * match the registry (idempotent DDL, same transaction). @applied (may be
 * NULL) receives how many versioned migrations ran. */
gboolean kt_pg_migrate        (KtPg    *pg,
                               guint   *applied,
                               GError **error);

G_END_DECLS
