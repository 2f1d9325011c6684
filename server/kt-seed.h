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
 * @n_contacts contacts, a tenth as many companies, a fifth as many deals
 * and a fifth as many invoices (with their lines and payments), as the
 * write path would have stored them (kt-pg-seed.h), then prints a bearer
 * token for it on stdout. */
gboolean kt_seed_demo (KtPg                 *pg,
                       const KtServerConfig *config,
                       const char           *email,
                       guint                 n_contacts,
                       GError              **error);

/* "100000", "100k" or "1m" (--seed-contacts). */
gboolean kt_seed_parse_size (const char  *text,
                             guint       *out,
                             GError     **error);

G_END_DECLS
