/* store-test-util.h: helpers shared by the store tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kt-store-private.h"

G_BEGIN_DECLS

typedef struct {
  char    *dir;
  char    *path;
  KtStore *store;
} StoreFixture;

/* A fresh store in a new temporary directory. */
void      store_fixture_setup     (StoreFixture *fixture, gconstpointer data);
void      store_fixture_teardown  (StoreFixture *fixture, gconstpointer data);

/* A temporary directory and a file name in it (nothing created). */
char     *test_make_tmp_dir       (void);
void      test_remove_tree        (const char *dir);

KtRecord *test_new_contact        (const char *first, const char *last);
gint64    test_count_rows         (KtStore *store, const char *sql);
/* Runs raw SQL on a file with the store's collation registered. */
void      test_exec_on_file       (const char *path, const char *sql);

G_END_DECLS
