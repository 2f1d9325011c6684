/* io-fixture.h: a temporary store for the io tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib/gstdio.h>

#include "kt-store.h"

typedef struct {
  char    *dir;
  KtStore *store;
} IoFixture;

static inline KtStore *
io_fixture_open_store (IoFixture  *fixture,
                       const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (fixture->dir, name, NULL);
  KtStore *store = kt_store_open (path, &error);

  g_assert_no_error (error);
  g_assert_nonnull (store);
  return store;
}

static inline void
io_fixture_set_up (IoFixture     *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("kantora-io-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->store = io_fixture_open_store (fixture, "kantora.db");
}

static inline void
io_fixture_remove_tree (const char *path)
{
  GDir *dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir == NULL)
    {
      g_remove (path);
      return;
    }
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      io_fixture_remove_tree (child);
    }
  g_dir_close (dir);
  g_rmdir (path);
}

static inline void
io_fixture_tear_down (IoFixture     *fixture,
                      gconstpointer  data)
{
  g_clear_object (&fixture->store);
  io_fixture_remove_tree (fixture->dir);
  g_free (fixture->dir);
}

static inline gint64
io_count (KtStore    *store,
          const char *entity_name)
{
  g_autoptr(KtQuery) query = kt_query_new (kt_entity_lookup (entity_name));
  g_autoptr(GError) error = NULL;
  gint64 n = kt_store_count (store, query, &error);

  g_assert_no_error (error);
  return n;
}

/* The first record of @entity_name whose @field equals @value. */
static inline KtRecord *
io_find (KtStore    *store,
         const char *entity_name,
         const char *field,
         const char *value)
{
  g_autoptr(KtQuery) query = kt_query_new (kt_entity_lookup (entity_name));
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) found = NULL;

  kt_query_add_filter (query, field, value);
  found = kt_store_query (store, query, 0, 2, &error);
  g_assert_no_error (error);
  if (found->len == 0)
    return NULL;
  return g_object_ref (found->pdata[0]);
}
