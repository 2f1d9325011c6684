/* kt-seed.h: a large demo organization, for benchmarks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kt-pg.h"
#include "kt-server-config.h"

G_BEGIN_DECLS

#define KT_SEED_PASSWORD "benchmark-password"

/* Registers @email (password KT_SEED_PASSWORD) with an organization of
 * @n_contacts contacts, a tenth as many companies and a fifth as many
 * deals, written with set-based SQL (seconds, not minutes), then prints a
 * bearer token for it on stdout. */
gboolean kt_seed_demo (KtPg                 *pg,
                       const KtServerConfig *config,
                       const char           *email,
                       guint                 n_contacts,
                       GError              **error);

G_END_DECLS
