/* kt-pg-seed.h: the rows of a large demo organization, for benchmarks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kt-pg.h"

G_BEGIN_DECLS

/* Writes, in one transaction, an organization owned by @email (with
 * @password_hash, and a session for @token_hash: bytea text) with
 * @n_contacts contacts, a tenth as many companies, a fifth as many deals
 * and a fifth as many invoices (1 to 3 lines each; the paid and half-paid
 * quarter each with a payment), in set-based SQL, each record with the
 * clocks, stored JSON, search text and change-log entry that a REST
 * create of it leaves; then VACUUM ANALYZEs the tables. */
gboolean kt_pg_seed_demo (KtPg        *pg,
                          const char  *email,
                          const char  *password_hash,
                          const char  *token_hash,
                          guint        n_contacts,
                          GError     **error);

G_END_DECLS
