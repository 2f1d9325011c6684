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

/* @n generated contacts (and 40 companies), always the same ones. */
void      test_fill_contacts      (StoreFixture *fixture, guint n);
/* A contact query with @text (may be NULL) and @sort (NULL: the default). */
KtQuery  *test_search_query       (const char *text, const char *sort, gboolean descending);
/* The ids of the query's page, in order. */
GStrv     test_page_ids           (KtStore *store, KtQuery *query, guint offset, guint limit);
/* The same page from SQL: the store's cached orders are never used
 * inside a transaction. */
GStrv     test_page_ids_sql       (StoreFixture *fixture, KtQuery *query, guint offset, guint limit);
void      test_assert_same_ids    (GStrv a, GStrv b);
gint64    test_count              (KtStore *store, KtQuery *query);

G_END_DECLS
